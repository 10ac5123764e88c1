// store.cpp — appending to the storage, and folding the topology's later additions into a new
// compressed-sparse-row snapshot (see store.hpp).
#include "store.hpp"

#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace govgraph::detail {

void advise_huge_pages(const void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (end > begin)  // advice only: if the kernel declines, nothing changes
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p, (void)bytes;
#endif
}

void Topology::fold(const std::vector<Relation>& relations, std::size_t nodes) {
  const auto n = static_cast<std::uint32_t>(relations.size());
  using It = boost::counting_iterator<std::uint32_t>;
  auto csr = [&](bool reversed) {
    auto ends = [&relations, reversed](std::uint32_t i) {
      const Relation& r = relations[i];
      return reversed ? std::pair<std::uint32_t, std::uint32_t>{r.target, r.source}
                      : std::pair<std::uint32_t, std::uint32_t>{r.source, r.target};
    };
    auto prop = [&relations](std::uint32_t i) { return EdgeProp{i, relations[i].kind}; };
    // The unsorted multi-pass constructor counts then places each edge in input order, so each
    // row keeps the relations in the order they were added.
    return Csr(boost::edges_are_unsorted_multi_pass,
               boost::make_transform_iterator(It(0), ends),
               boost::make_transform_iterator(It(n), ends),
               boost::make_transform_iterator(It(0), prop), nodes);
  };
  Csr fwd = csr(false), bwd = csr(true);
  fwd_ = std::move(fwd);
  bwd_ = std::move(bwd);
  fwd_rows_ = bwd_rows_ = nodes + 1;
  snapshot_ = relations.size();
  tail_ = Tail();
  local_ = {};
  global_ = {};
}

void Topology::added(const std::vector<Relation>& relations, std::size_t added,
                     std::size_t nodes) {
  if (added == 0) return;
  const std::size_t tail = tail_size() + added;
  if (tail > kMinTail && tail > snapshot_ / 4) {
    fold(relations, nodes);
    return;
  }
  auto vertex = [&](NodeIndex g) {
    auto [it, fresh] = local_.try_emplace(g, static_cast<std::uint32_t>(global_.size()));
    if (fresh) {
      global_.push_back(g);
      boost::add_vertex(tail_);
    }
    return it->second;
  };
  for (std::size_t i = relations.size() - added; i < relations.size(); ++i) {
    const Relation& r = relations[i];
    boost::add_edge(vertex(r.source), vertex(r.target),
                    EdgeProp{static_cast<RelIndex>(i), r.kind}, tail_);
  }
}

void Store::append(std::vector<Node>&& fresh_nodes, std::vector<Relation>&& fresh_relations) {
  // Room for the additions, growing geometrically (an exact reserve would make every small
  // batch move the whole model: quadratic over many single additions).
  auto grow = [](auto& v, std::size_t need) {
    if (need <= v.capacity()) return;
    std::remove_reference_t<decltype(v)> next;
    next.reserve(std::max(need, v.empty() ? need : 2 * v.capacity()));
    advise_huge_pages(next.data(), next.capacity() * sizeof(next[0]));  // before first touch
    for (auto& x : v) next.push_back(std::move(x));
    v = std::move(next);
  };
  grow(nodes, nodes.size() + fresh_nodes.size());
  grow(relations, relations.size() + fresh_relations.size());
  index.reserve(nodes.size() + fresh_nodes.size());
  for (auto& n : fresh_nodes) {
    index.insert(static_cast<NodeIndex>(nodes.size()), IdIndex::hash(n.id));
    counts[static_cast<std::size_t>(n.type)]++;
    nodes.push_back(std::move(n));
  }
  for (auto& r : fresh_relations) relations.push_back(std::move(r));
  topology.added(relations, fresh_relations.size(), nodes.size());
}

}  // namespace govgraph::detail
