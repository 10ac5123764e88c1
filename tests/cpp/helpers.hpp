// helpers.hpp — small helpers shared by the Catch2 tests: catching an expected exception and
// returning its message, snapshots of a model to prove it is unchanged, and finding relations.
#pragma once

#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <typeinfo>
#include <vector>

namespace govgraph_test {

/// Runs `f`, requires it to throw an `E` (or a subclass), and returns the message. Any other
/// exception escapes and fails the test with its own message.
template <class E, class F>
std::string thrown(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  FAIL("expected an exception of type " << typeid(E).name() << ", none was thrown");
  return {};
}

/// Everything observable about a model, to compare before and after a refused change.
struct Snapshot {
  std::size_t size = 0, relations = 0;
  std::array<std::size_t, govgraph::kNodeTypeCount> counts{};
  std::string json;
  bool operator==(const Snapshot&) const = default;
};

inline Snapshot snapshot(const govgraph::Model& m) {
  Snapshot s;
  s.size = m.size();
  s.relations = m.relation_count();
  for (std::size_t t = 0; t < govgraph::kNodeTypeCount; ++t)
    s.counts[t] = m.count(static_cast<govgraph::NodeType>(t));
  s.json = govgraph::dumps(m);
  return s;
}

/// The index of the first relation of `kind` from `source` to `target`, if any.
inline std::optional<govgraph::RelIndex> find_relation(const govgraph::Model& m, govgraph::RelKind kind,
                                                       std::string_view source, std::string_view target) {
  auto s = m.find(source);
  auto t = m.find(target);
  if (!s || !t) return std::nullopt;
  for (auto r : m.out_relations(*s)) {
    const auto& rel = m.relations()[r];
    if (rel.kind == kind && rel.target == *t) return r;
  }
  return std::nullopt;
}

/// Number of relations of `kind` in the model.
inline std::size_t count_kind(const govgraph::Model& m, govgraph::RelKind kind) {
  std::size_t n = 0;
  for (const auto& r : m.relations()) n += r.kind == kind;
  return n;
}

inline std::string text_of(const govgraph::Value* v) {
  REQUIRE(v != nullptr);
  REQUIRE(std::holds_alternative<std::string>(*v));
  return std::get<std::string>(*v);
}

}  // namespace govgraph_test

namespace Catch {
template <>
struct StringMaker<govgraph_test::Snapshot> {
  static std::string convert(const govgraph_test::Snapshot& s) {
    return "{" + std::to_string(s.size) + " nodes, " + std::to_string(s.relations) + " relations}\n" + s.json;
  }
};
}  // namespace Catch
