// store.cpp — appending to the storage, and folding the topology's later additions into a new
// compressed-sparse-row snapshot (see store.hpp).
#include "store.hpp"

#include <exception>
#include <thread>
#include <type_traits>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace govgraph::detail {

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

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

namespace {

using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProp,
                                               boost::no_property, std::uint32_t, std::uint32_t>;
static_assert(std::is_same_v<decltype(Csr{}.m_forward.m_rowstart), std::vector<std::uint32_t>> &&
              std::is_same_v<decltype(Csr{}.m_forward.m_column), std::vector<NodeIndex>> &&
              std::is_same_v<decltype(Csr{}.m_forward.m_edge_properties), std::vector<EdgeProp>>);

/// One direction of the snapshot of `relations` over `nodes` nodes (reversed: by target).
/// Boost.Graph's unsorted multi-pass constructor counts then places each edge in input order, so
/// each row keeps the relations in the order they were added. Its three arrays are then taken
/// over, not copied (a copy would add 12 bytes per relation to the fold's peak): Boost 1.74's
/// compressed_sparse_row_graph keeps them in public members, m_forward's m_rowstart, m_column
/// and m_edge_properties (public, its comments say, only because friend templates are not
/// portable). The static_assert above stops the build if a Boost release renames or retypes them.
Rows rows(const std::vector<Relation>& relations, std::size_t nodes, bool reversed) {
  using It = boost::counting_iterator<std::uint32_t>;
  const auto n = static_cast<std::uint32_t>(relations.size());
  auto ends = [&relations, reversed](std::uint32_t i) {
    const Relation& r = relations[i];
    return reversed ? std::pair<std::uint32_t, std::uint32_t>{r.target, r.source}
                    : std::pair<std::uint32_t, std::uint32_t>{r.source, r.target};
  };
  auto prop = [&relations](std::uint32_t i) { return EdgeProp{i, relations[i].kind}; };
  Csr g(boost::edges_are_unsorted_multi_pass, boost::make_transform_iterator(It(0), ends),
        boost::make_transform_iterator(It(n), ends), boost::make_transform_iterator(It(0), prop), nodes);
  Rows out;
  out.start.swap(g.m_forward.m_rowstart);
  out.other.swap(g.m_forward.m_column);
  out.edge.swap(g.m_forward.m_edge_properties);
  return out;
}

}  // namespace

void Topology::fold(const std::vector<Relation>& relations, std::size_t nodes) {
  // The two directions are independent: large ones are built on two threads.
  Rows fwd, bwd;
  if (relations.size() >= kParallelFold) {
    std::exception_ptr failed;
    std::thread other([&] {
      try {
        bwd = rows(relations, nodes, true);
      } catch (...) {
        failed = std::current_exception();
      }
    });
    try {
      fwd = rows(relations, nodes, false);
    } catch (...) {
      other.join();
      throw;
    }
    other.join();
    if (failed) std::rethrow_exception(failed);
  } else {
    fwd = rows(relations, nodes, false);
    bwd = rows(relations, nodes, true);
  }
  fwd_ = std::move(fwd);
  bwd_ = std::move(bwd);
  snapshot_ = relations.size();
  local_ = {};
  tail_out_ = {};
  tail_in_ = {};
  tail_size_ = 0;
}

void Topology::added(const std::vector<Relation>& relations, std::size_t added, std::size_t nodes) {
  if (added == 0) return;
  const std::size_t tail = tail_size() + added;
  if (tail > kMinTail && tail > snapshot_ / 4) {
    fold(relations, nodes);
    return;
  }
  auto vertex = [&](NodeIndex g) {
    auto [it, fresh] = local_.try_emplace(g, static_cast<std::uint32_t>(tail_out_.size()));
    if (fresh) {
      tail_out_.emplace_back();
      tail_in_.emplace_back();
    }
    return it->second;
  };
  for (std::size_t i = relations.size() - added; i < relations.size(); ++i) {
    const Relation& r = relations[i];
    const EdgeProp e{static_cast<RelIndex>(i), r.kind};
    const std::uint32_t s = vertex(r.source), t = vertex(r.target);
    tail_out_[s].emplace_back(e, r.target);
    tail_in_[t].emplace_back(e, r.source);
  }
  tail_size_ = tail;
}

void Store::reserve_more(std::size_t more_nodes, std::size_t more_relations) {
  auto grow = [](auto& v, std::size_t need) {
    if (need <= v.capacity()) return;
    std::remove_reference_t<decltype(v)> next;
    next.reserve(std::max(need, v.empty() ? need : 2 * v.capacity()));
    advise_huge_pages(next.data(), next.capacity() * sizeof(next[0]));  // before first touch
    for (auto& x : v) next.push_back(std::move(x));
    v = std::move(next);
  };
  grow(nodes, nodes.size() + more_nodes);
  grow(relations, relations.size() + more_relations);
  index.reserve(nodes.size() + more_nodes);
}

void Store::truncate(std::size_t n, std::size_t r) {
  index.erase_from(static_cast<NodeIndex>(n));
  for (auto it = history.begin(); it != history.end();)
    it = it->first >= n ? history.erase(it) : std::next(it);
  nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(n), nodes.end());
  relations.erase(relations.begin() + static_cast<std::ptrdiff_t>(r), relations.end());
}

void Store::commit(std::size_t n, std::size_t r) {
  for (std::size_t i = n; i < nodes.size(); ++i) counts[static_cast<std::size_t>(nodes[i].type)]++;
  for (std::size_t i = r; i < relations.size(); ++i)
    if (const Value* id = relations[i].get("id")) relation_ids.emplace(std::get<std::string>(*id), i);
  topology.added(relations, relations.size() - r, nodes.size());
}

void Store::append(std::vector<Node>&& fresh_nodes, std::vector<Relation>&& fresh_relations) {
  const std::size_t n = nodes.size(), r = relations.size();
  reserve_more(fresh_nodes.size(), fresh_relations.size());
  for (auto& x : fresh_nodes) {
    index.insert(static_cast<NodeIndex>(nodes.size()), IdIndex::hash(x.id));
    nodes.push_back(std::move(x));
  }
  for (auto& x : fresh_relations) relations.push_back(std::move(x));
  commit(n, r);
}

}  // namespace govgraph::detail
