// traversal.hpp — generic typed traversal that later queries build on.
//
// reachable() walks relations of chosen kinds, in a chosen direction, optionally only those in
// force on a date, from many sources at once. It knows nothing of the domain's rules.
#pragma once

#include <string>
#include <vector>

#include "govgraph/model.hpp"

namespace govgraph {

/// Which way to follow relations: source→target, target→source, or either.
enum class Direction : std::uint8_t { out, in, both };

/// Options of reachable(): the relation kinds to follow (empty: every kind), the direction, a day
/// on which nodes and relations must be in force (none: any time), and whether the sources
/// themselves are part of the answer (false: sources are left out even when reached from
/// another source, as networkx's descendants() does).
struct ReachOptions {
  std::vector<RelKind> kinds;
  Direction direction = Direction::out;
  Date as_of;
  bool include_sources = true;
};

/// Nodes reachable from `sources` along the chosen relations, in ascending index order.
/// Breadth-first; O(V + E) over the part of the graph reached.
[[nodiscard]] std::vector<NodeIndex> reachable_indices(const Model& model,
                                                       const std::vector<NodeIndex>& sources,
                                                       const ReachOptions& options = {});
/// The same by id; throws UnknownIdError for an unknown source id.
[[nodiscard]] std::vector<std::string> reachable(const Model& model, const std::vector<std::string>& sources,
                                                 const ReachOptions& options = {});

/// Parses "out", "in", "both"; throws ModelError otherwise.
[[nodiscard]] Direction direction_from(std::string_view s);

}  // namespace govgraph
