// io/json.hpp — reading and writing the govgraph JSON file format (docs/format.md,
// docs/govgraph.schema.json).
//
// Reading is all-or-nothing: a document either loads whole or throws a FormatError/ModelError
// naming the JSON pointer (and line and column for what is found while parsing: malformed JSON,
// nesting deeper than kMaxNesting, a key given twice in one object, a number out of range).
// Writing is deterministic, so that save(load(save(m))) is byte-for-byte save(m).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "govgraph/model.hpp"

namespace govgraph {

/// The format version written in the top-level "govgraph" field.
inline constexpr int kFormatVersion = 1;
/// The deepest nesting of arrays and objects the reader accepts (a document needs 7); deeper
/// text is refused while it is parsed ([govgraph.too_deep]), so no input can exhaust the stack.
inline constexpr std::size_t kMaxNesting = 64;

/// Parses a model from JSON text; `source` names it in error messages.
[[nodiscard]] Model loads(std::string_view text, std::string_view source = "<string>");
/// Reads a model from a JSON file; errors name the file.
[[nodiscard]] Model load(const std::filesystem::path& path);
/// The model as JSON text, indented by `indent` spaces (negative: one line).
[[nodiscard]] std::string dumps(const Model& model, int indent = 2);
/// Writes the model to `path` as JSON (with a final newline).
void save(const Model& model, const std::filesystem::path& path, int indent = 2);
/// One node as the JSON text the file format gives it (contracts with parties and obligations,
/// boards with seats).
[[nodiscard]] std::string node_json(const Model& model, std::string_view id);

}  // namespace govgraph
