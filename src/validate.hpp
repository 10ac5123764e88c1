// validate.hpp — PRIVATE: validation, which decides which input a Model accepts (docs/model.md,
// "Validation rules"). Never installed, never included by public headers. The checks live in
// validate.cpp, behind Model::check_in_place (declared in model.hpp, called only by apply), so
// that what is accepted has one home; this header holds what the few refusals of batch lowering
// (batch.cpp) share with them: how an error names the input it refuses ("where (what)",
// "type 'id'"), so that every refusal reads alike.
#pragma once

#include <string>
#include <string_view>

#include "govgraph/kinds.hpp"

namespace govgraph::detail {

/// `what` with the place it came from: "where (what)", or just `what` when `where` is empty.
inline std::string describe(std::string_view where, std::string_view what) {
  if (where.empty()) return std::string(what);
  return std::string(where) + " (" + std::string(what) + ")";
}

/// A node named in an error: "type 'id'".
inline std::string node_label(NodeType t, std::string_view id) {
  return std::string(to_string(t)) + " '" + std::string(id) + "'";
}

}  // namespace govgraph::detail
