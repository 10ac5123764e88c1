// error.hpp — the one exception hierarchy of govgraph.
//
// Every message starts with a stable id in brackets (e.g. "[govgraph.unknown_id]") followed by
// where it happened (an id, a JSON pointer, a row) and what is wrong. Callers may match on the id;
// the prose after it may improve between releases. Nothing here may depend on Boost or Python.
#pragma once

#include <stdexcept>
#include <string>

namespace govgraph {

/// Base of every error govgraph throws; `id()` is the stable identifier in the message.
class Error : public std::runtime_error {
 public:
  Error(std::string id, const std::string& what)
      : std::runtime_error("[govgraph." + id + "] " + what), id_(std::move(id)) {}
  /// The stable identifier, e.g. "unknown_id", "duplicate_id", "endpoint_kind".
  [[nodiscard]] const std::string& id() const noexcept { return id_; }

 private:
  std::string id_;
};

/// An id that names nothing in the model (Python: gg.UnknownIdError, also a KeyError).
class UnknownIdError : public Error {
 public:
  using Error::Error;
};

/// Input the model refuses: duplicate id, wrong endpoint kind, bad date, wrong type, bad value
/// (Python: gg.ModelError, also a ValueError).
class ModelError : public Error {
 public:
  using Error::Error;
};

/// A file or text that is not a valid govgraph document: malformed JSON, unknown field, wrong
/// version (Python: gg.FormatError, a gg.ModelError).
class FormatError : public ModelError {
 public:
  using ModelError::ModelError;
};

}  // namespace govgraph
