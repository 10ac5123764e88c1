// store.hpp — PRIVATE: the Boost.Graph storage behind govgraph::Model.
//
// Never installed, never included by public headers. Nodes and relations live in vectors whose
// indices are the graph's vertex indices and the edges' bundled `rel` property; the
// adjacency_list holds topology only (vecS everywhere: nothing is ever removed, so indices never
// move). Copying a Store copies everything; it holds no pointers into itself.
#pragma once

#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "govgraph/model.hpp"

namespace govgraph::detail {

/// The bundled property of a graph edge: the relation it stands for and its kind (kept here so
/// that traversals filter by kind without touching the relation records).
struct EdgeProp {
  RelIndex rel;
  RelKind kind;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                    boost::no_property, EdgeProp, boost::no_property,
                                    boost::vecS>;

/// RFC 6901 escaping of one JSON pointer token ("~" -> "~0", "/" -> "~1").
inline std::string pointer_token(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

/// Transparent string hashing. Deliberately not noexcept: libstdc++ then caches each key's hash
/// in its node, so a lookup compares cached hashes instead of re-hashing neighbours' keys.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};

struct Store {
  std::string name;
  std::vector<std::string> sources;
  std::vector<Node> nodes;
  std::vector<Relation> relations;
  std::unordered_map<std::string, NodeIndex, StringHash, std::equal_to<>> index;
  std::array<std::size_t, kNodeTypeCount> counts{};
  Graph graph;

  [[nodiscard]] std::optional<NodeIndex> find(std::string_view id) const {
    auto it = index.find(id);
    if (it == index.end()) return std::nullopt;
    return it->second;
  }
  /// The targets of node n's out-relations of kind k, in order.
  template <class F>
  void for_out(NodeIndex n, RelKind k, F&& f) const {
    for (auto [it, end] = boost::out_edges(n, graph); it != end; ++it)
      if (graph[*it].kind == k) f(graph[*it].rel);
  }
  /// The relations of kind k entering node n, in order.
  template <class F>
  void for_in(NodeIndex n, RelKind k, F&& f) const {
    for (auto [it, end] = boost::in_edges(n, graph); it != end; ++it)
      if (graph[*it].kind == k) f(graph[*it].rel);
  }
};

}  // namespace govgraph::detail
