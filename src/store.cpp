// store.cpp — appending to the storage, and folding the topology's later additions into a new
// compressed-sparse-row snapshot (see store.hpp).
#include "store.hpp"

#include <exception>
#include <thread>

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
    return Csr(boost::edges_are_unsorted_multi_pass, boost::make_transform_iterator(It(0), ends),
               boost::make_transform_iterator(It(n), ends), boost::make_transform_iterator(It(0), prop),
               nodes);
  };
  // The two directions are independent: large ones are built on two threads.
  Csr fwd, bwd;
  if (relations.size() >= kParallelFold) {
    std::exception_ptr failed;
    std::thread other([&] {
      try {
        bwd = csr(true);
      } catch (...) {
        failed = std::current_exception();
      }
    });
    try {
      fwd = csr(false);
    } catch (...) {
      other.join();
      throw;
    }
    other.join();
    if (failed) std::rethrow_exception(failed);
  } else {
    fwd = csr(false);
    bwd = csr(true);
  }
  fwd_ = std::move(fwd);
  bwd_ = std::move(bwd);
  snapshot_ = relations.size();
  tail_ = Tail();
  local_ = {};
  global_ = {};
}

void Topology::added(const std::vector<Relation>& relations, std::size_t added, std::size_t nodes) {
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
    boost::add_edge(vertex(r.source), vertex(r.target), EdgeProp{static_cast<RelIndex>(i), r.kind}, tail_);
  }
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
