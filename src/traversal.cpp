// traversal.cpp — breadth-first typed reachability over the Boost.Graph topology.
#include "govgraph/traversal.hpp"

#include <array>
#include <cstdint>

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

  // `seen` as 64-bit words: the answer is read off it in index order, a word at a time.
  std::vector<std::uint64_t> seen((s.nodes.size() + 63) / 64, 0);
  std::vector<NodeIndex> queue;
  queue.reserve(sources.size());
  auto visit = [&](NodeIndex m) {
    std::uint64_t& word = seen[m >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (m & 63);
    if (!(word & bit) && node_ok(m)) {
      word |= bit;
      queue.push_back(m);
    }
  };
  for (NodeIndex n : sources) visit(n);
  // The queue is known ahead of the node being expanded: its row bounds are asked for kBounds
  // nodes ahead and its row kRow nodes ahead, so that the cache misses of a large graph (each
  // node's row is somewhere else in memory) overlap instead of following one another.
  constexpr std::size_t kBounds = 32, kRow = 16;
  const bool out_dir = opt.direction != Direction::in, in_dir = opt.direction != Direction::out;
  const detail::Rows& fwd = s.topology.snapshot_rows(true);
  const detail::Rows& bwd = s.topology.snapshot_rows(false);
  auto step = [&](const detail::EdgeProp& e, NodeIndex other) {
    if (edge_ok(e)) visit(other);
  };
  for (std::size_t head = 0; head < queue.size(); ++head) {
    if (head + kBounds < queue.size()) {
      if (out_dir) fwd.prefetch_bounds(queue[head + kBounds]);
      if (in_dir) bwd.prefetch_bounds(queue[head + kBounds]);
    }
    if (head + kRow < queue.size()) {
      if (out_dir) fwd.prefetch_row(queue[head + kRow]);
      if (in_dir) bwd.prefetch_row(queue[head + kRow]);
    }
    const NodeIndex n = queue[head];
    if (out_dir) s.topology.each_out(n, step);
    if (in_dir) s.topology.each_in(n, step);
  }
  if (!opt.include_sources)
    for (NodeIndex n : sources) seen[n >> 6] &= ~(std::uint64_t{1} << (n & 63));
  std::vector<NodeIndex> out;
  out.reserve(queue.size());
  for (std::size_t w = 0; w < seen.size(); ++w)
    for (std::uint64_t bits = seen[w]; bits != 0; bits &= bits - 1)
      out.push_back(static_cast<NodeIndex>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))));
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
