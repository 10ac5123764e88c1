// traversal.cpp — breadth-first typed reachability over the Boost.Graph topology.
#include "govgraph/traversal.hpp"

#include <array>
#include <deque>

#include "govgraph/error.hpp"
#include "store.hpp"

namespace govgraph {

Direction direction_from(std::string_view s) {
  if (s == "out") return Direction::out;
  if (s == "in") return Direction::in;
  if (s == "both") return Direction::both;
  throw ModelError("bad_value", "direction '" + std::string(s) + "' is not one of: out, in, both");
}

std::vector<NodeIndex> reachable_indices(const Model& model, const std::vector<NodeIndex>& sources,
                                         const ReachOptions& opt) {
  const auto lock = model.read_lock();
  const detail::Store& s = model.store();
  std::array<bool, kRelKindCount> follow{};
  if (opt.kinds.empty()) follow.fill(true);
  for (RelKind k : opt.kinds) follow[static_cast<std::size_t>(k)] = true;
  const bool dated = !opt.as_of.is_none();
  auto node_ok = [&](NodeIndex n) { return !dated || in_force(s.nodes[n].start, s.nodes[n].end, opt.as_of); };
  auto edge_ok = [&](const detail::EdgeProp& e) {
    if (!follow[static_cast<std::size_t>(e.kind)]) return false;
    if (!dated) return true;
    const Relation& r = s.relations[e.rel];
    return in_force(r.start, r.end, opt.as_of);
  };

  std::vector<bool> seen(s.nodes.size(), false);
  std::vector<NodeIndex> queue;
  queue.reserve(sources.size());
  for (NodeIndex n : sources)
    if (!seen[n] && node_ok(n)) {
      seen[n] = true;
      queue.push_back(n);
    }
  auto visit = [&](NodeIndex m) {
    if (!seen[m] && node_ok(m)) {
      seen[m] = true;
      queue.push_back(m);
    }
  };
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const NodeIndex n = queue[head];
    auto step = [&](const detail::EdgeProp& e, NodeIndex other) {
      if (edge_ok(e)) visit(other);
    };
    if (opt.direction != Direction::in) s.topology.each_out(n, step);
    if (opt.direction != Direction::out) s.topology.each_in(n, step);
  }
  if (!opt.include_sources)
    for (NodeIndex n : sources) seen[n] = false;
  std::vector<NodeIndex> out;
  for (NodeIndex n = 0; n < seen.size(); ++n)
    if (seen[n]) out.push_back(n);
  return out;
}

std::vector<std::string> reachable(const Model& model, const std::vector<std::string>& sources,
                                   const ReachOptions& opt) {
  const auto lock = model.read_lock();
  std::vector<NodeIndex> idx;
  idx.reserve(sources.size());
  for (const auto& id : sources) {
    auto i = model.find(id);
    if (!i) throw UnknownIdError("unknown_id", "reachable: source '" + id + "' is not in the model");
    idx.push_back(*i);
  }
  std::vector<std::string> out;
  for (NodeIndex n : reachable_indices(model, idx, opt)) out.push_back(model.nodes()[n].id);
  return out;
}

}  // namespace govgraph
