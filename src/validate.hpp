// validate.hpp — PRIVATE: validation, which decides which input a Model accepts (docs/model.md,
// "Validation rules"). Never installed, never included by public headers. The checks live in
// validate.cpp, behind Model::check_in_place (declared in model.hpp, called only by apply), so
// that what is accepted has one home; this header holds what the few refusals of batch lowering
// (batch.cpp) share with them: how an error names the input it refuses ("where (what)",
// "type 'id'"), so that every refusal reads alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "govgraph/date.hpp"
#include "govgraph/kinds.hpp"

namespace govgraph::detail {

/// `what` with the place it came from: "where (what)", or just `what` when `where` is empty.
inline std::string describe(std::string_view where, std::string_view what) {
  if (where.empty()) return std::string(what);
  return std::string(where) + " (" + std::string(what) + ")";
}

/// An id or name as an error message shows it: whole up to 60 bytes, else its first 60 bytes
/// (cut between characters) and its length in characters ("abc…(10000000 characters)"), so that a message never repeats a huge input.
inline std::string shown(std::string_view id) {
  constexpr std::size_t kMax = 60;
  if (id.size() <= kMax) return std::string(id);
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8
  std::size_t chars = 0;  // code points: every byte that does not continue a UTF-8 sequence
  for (unsigned char c : id) chars += (c & 0xC0) != 0x80;
  return std::string(id.substr(0, cut)) + "…(" + std::to_string(chars) + " characters)";
}

/// Names separated by commas, as errors list them.
template <class S>
std::string join(const std::vector<S>& xs) {
  std::string out;
  for (const auto& x : xs) {
    if (!out.empty()) out += ", ";
    out += std::string_view(x);
  }
  return out;
}

/// A node named in an error: "type 'id'".
inline std::string node_label(NodeType t, std::string_view id) {
  return std::string(to_string(t)) + " '" + shown(id) + "'";
}

/// Checks (and normalises, as a batch would) `value` for the field `key` of a node of `type`:
/// an unknown name is refused with the nearest field; `ctx` names the node in the error.
void check_node_field(NodeType type, std::string_view key, Value& value, const std::string& ctx);
/// The checks across a node's fields (a contract's kind, a board's quota or rules, a seat's
/// votes and kind) on `props`.
void check_node_fields(NodeType type, const Props& props, const std::string& ctx);
/// Refuses text that is not valid UTF-8 (RFC 3629), as every text of a node is checked.
void check_text_value(std::string_view text, const std::string& ctx, std::string_view key);
/// Refuses an end before a start, as every node and relation is checked.
void check_interval(Date start, Date end, const std::string& ctx);

}  // namespace govgraph::detail
