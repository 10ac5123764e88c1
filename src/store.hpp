// store.hpp — PRIVATE: the storage behind govgraph::Model.
//
// Never installed, never included by public headers. Nodes and relations live in vectors whose
// indices are the topology's node indices and the edges' `rel`; nothing is ever
// removed, so indices never move. Copying a Store copies everything; it holds no pointers into
// itself.
//
// The topology is held in two parts (see Topology below): the bulk of the relations in a
// compressed-sparse-row snapshot (one per direction, 12 bytes per relation and direction, built
// by Boost.Graph's compressed_sparse_row_graph in store.cpp, the one file of the storage that
// includes Boost.Graph), and the relations added since in a small adjacency list over just the
// nodes they touch. When that list grows past a fraction of the snapshot, both are folded into a
// new snapshot (amortised O(1) per relation). Either way a node's relations come out in the order
// they were added.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "govgraph/model.hpp"

namespace govgraph::detail {

/// The bundled property of a graph edge: the relation it stands for and its kind (kept here so
/// that traversals filter by kind without touching the relation records).
struct EdgeProp {
  RelIndex rel = 0;
  RelKind kind{};
};

/// Asks the kernel to back the pages of [p, p + bytes) with huge pages where it can (Linux,
/// transparent huge pages in "madvise" mode; elsewhere a no-op). For the large arrays that bulk
/// loads and lookups touch at random (the id index, the nodes): with 4 KiB pages nearly every
/// random access there also misses the TLB, which under virtualisation costs a nested page walk.
void advise_huge_pages(const void* p, std::size_t bytes);

/// Returns the C heap's free pages to the system (glibc's malloc_trim; elsewhere a no-op). Bulk
/// loads free large scratch buffers (id columns, per-row values) that glibc would otherwise
/// keep: once a large block has been freed, its dynamic mmap threshold rises and later scratch
/// buffers come from the heap, where freeing them leaves holes the process keeps.
void release_free_memory();

/// RFC 6901 escaping of one JSON pointer token ("~" -> "~0", "/" -> "~1").
inline std::string pointer_token(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

/// Ids to node indices: an open-addressing table (linear probing, power-of-two size, at most
/// half full) of 8-byte slots holding a node index + 1 (0: empty) and the high 32 bits of its
/// id's hash, which also give the slot's home (so growing never re-hashes an id). The ids
/// themselves stay in the nodes (interned there once); a lookup compares the stored hash bits
/// first and reads a node's id only on a match. Boost 1.74 has no flat hash table and a
/// node-based std::unordered_map costs ~70 bytes per id; this costs 8-16.
class IdIndex {
 public:
  /// The index of the node whose id (as returned by `id_of(index)`) equals `key`, or nullopt.
  template <class IdOf>
  [[nodiscard]] std::optional<NodeIndex> find(std::string_view key, std::size_t hash, IdOf&& id_of) const {
    if (slots_.empty()) return std::nullopt;
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t i = tag & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t s = slots_[i];
      if (s == 0) return std::nullopt;
      if (static_cast<std::uint32_t>(s >> 32) == tag) {
        const auto n = static_cast<NodeIndex>((s & 0xffffffffu) - 1);
        if (id_of(n) == key) return n;
      }
    }
  }
  /// find() for many keys at once: out[i] is the index of key(i), or kNoNode. The lookups are
  /// interleaved in blocks, with the slots and then the candidate nodes (`touch(n)`) prefetched,
  /// so that their cache misses overlap instead of following one another.
  template <class Key, class IdOf, class Touch>
  void find_many(std::size_t count, Key&& key, IdOf&& id_of, Touch&& touch, NodeIndex* out) const {
    constexpr std::size_t kBlock = 32;
    std::size_t hashes[kBlock];
    for (std::size_t b = 0; b < count; b += kBlock) {
      const std::size_t m = std::min(kBlock, count - b);
      if (slots_.empty()) {
        std::fill(out + b, out + b + m, kNoNode);
        continue;
      }
      for (std::size_t i = 0; i < m; ++i) {
        hashes[i] = hash(key(b + i));
        __builtin_prefetch(&slots_[(hashes[i] >> 32) & mask_]);
      }
      for (std::size_t i = 0; i < m; ++i) {  // the first slot with the right hash bits
        const auto tag = static_cast<std::uint32_t>(hashes[i] >> 32);
        out[b + i] = kNoNode;
        for (std::size_t j = tag & mask_; slots_[j] != 0; j = (j + 1) & mask_)
          if (static_cast<std::uint32_t>(slots_[j] >> 32) == tag) {
            out[b + i] = static_cast<NodeIndex>((slots_[j] & 0xffffffffu) - 1);
            touch(out[b + i]);
            break;
          }
      }
      for (std::size_t i = 0; i < m; ++i) {  // confirm; on a false match, the full search
        if (out[b + i] == kNoNode || id_of(out[b + i]) == key(b + i)) continue;
        out[b + i] = find(key(b + i), hashes[i], id_of).value_or(kNoNode);
      }
    }
  }
  /// Adds `n` under `hash` (the caller has checked that its id is not present).
  void insert(NodeIndex n, std::size_t hash) {
    if (2 * (size_ + 1) > slots_.size()) grow(2 * (size_ + 1));
    place(slots_, mask_, (hash & ~std::uint64_t{0xffffffff}) | (std::uint64_t{n} + 1));
    ++size_;
  }
  /// Removes the ids of nodes `first` and later (a batch that failed its checks), in place and
  /// without allocating: the slots are cleared, then every remaining slot is placed again (only
  /// needed if the table grew after those ids came in, which mixes them into older chains),
  /// visiting the table in probe order from a slot that was empty before the clearing (so no
  /// probe path crosses the starting point, and each entry lands between its home and its old
  /// place). O(table size).
  void erase_from(NodeIndex first) {
    if (slots_.empty()) return;
    std::size_t start = 0;
    while (slots_[start] != 0) ++start;  // exists: the table is at most half full
    std::size_t removed = 0;
    for (auto& s : slots_)
      if (s != 0 && (s & 0xffffffffu) - 1 >= first) s = 0, ++removed;
    if (removed == 0) return;
    size_ -= removed;
    for (std::size_t k = 1; k <= slots_.size(); ++k) {
      const std::size_t i = (start + k) & mask_;
      if (slots_[i] == 0) continue;
      const std::uint64_t s = slots_[i];
      slots_[i] = 0;
      place(slots_, mask_, s);
    }
  }
  /// Makes room for `n` ids in all without growing again.
  void reserve(std::size_t n) {
    if (2 * n > slots_.size()) grow(2 * n);
  }
  static std::size_t hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

 private:
  /// Puts a slot at the first free place from its home: the stored hash bits modulo the size.
  static void place(std::vector<std::uint64_t>& slots, std::size_t mask, std::uint64_t slot) {
    std::size_t i = static_cast<std::size_t>(slot >> 32) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  void grow(std::size_t at_least) {
    std::size_t cap = 16;
    while (cap < at_least) cap *= 2;
    std::vector<std::uint64_t> next;
    next.reserve(cap);
    advise_huge_pages(next.data(), cap * sizeof(std::uint64_t));
    next.resize(cap, 0);
    const std::size_t mask = cap - 1;
    for (std::uint64_t s : slots_)
      if (s != 0) place(next, mask, s);
    slots_ = std::move(next);
    mask_ = mask;
  }
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

/// One direction of the topology's snapshot in compressed sparse rows: the relations leaving
/// node n (entering it, for the reversed direction) are entries [start[n], start[n + 1]) of
/// `other` (the node at the other end) and `edge`, in the order they were added. The arrays are
/// those Boost.Graph's compressed_sparse_row_graph builds (store.cpp), taken over from it, so
/// that this header, which ten files include, needs no Boost.
struct Rows {
  std::vector<std::uint32_t> start;  ///< nodes in the snapshot + 1 entries (empty: no snapshot)
  std::vector<NodeIndex> other;
  std::vector<EdgeProp> edge;
  [[nodiscard]] std::size_t nodes() const { return start.empty() ? 0 : start.size() - 1; }
  template <class F>
  void each(NodeIndex n, F&& f) const {
    if (n >= nodes()) return;  // nodes added after the snapshot have no row in it
    for (std::uint32_t i = start[n], end = start[n + 1]; i < end; ++i) f(edge[i], other[i]);
  }
  /// Cache hints for a traversal that will read node n's row soon: `bounds` asks for its entry
  /// in `start`; the row asks for the first entries of `other` and `edge` (call it once the
  /// bounds have had time to arrive). No effect on results.
  void prefetch_bounds(NodeIndex n) const {
    if (n < nodes()) __builtin_prefetch(&start[n]);
  }
  void prefetch_row(NodeIndex n) const {
    if (n >= nodes()) return;
    __builtin_prefetch(other.data() + start[n]);  // data() + i: the row may be empty and last
    __builtin_prefetch(edge.data() + start[n]);
  }
};

/// The relations' topology, in a CSR snapshot plus the relations added since.
class Topology {
 public:
  /// Records relations [relations.size() - added, relations.size()) of `relations` (already
  /// appended; endpoints below `nodes`), folding everything into a new snapshot when the later
  /// additions grow past a quarter of it (and past kMinTail).
  void added(const std::vector<Relation>& relations, std::size_t added, std::size_t nodes);
  static constexpr std::size_t kMinTail = 1024;
  /// Snapshots of at least this many relations are built on two threads (one per direction).
  static constexpr std::size_t kParallelFold = 100000;

  /// Calls f(edge, other end) for each relation leaving n, in the order they were added.
  template <class F>
  void each_out(NodeIndex n, F&& f) const {
    fwd_.each(n, f);
    if (auto v = local(n))
      for (const auto& [e, other] : tail_out_[*v]) f(e, other);
  }
  /// Calls f(edge, other end) for each relation entering n, in the order they were added.
  template <class F>
  void each_in(NodeIndex n, F&& f) const {
    bwd_.each(n, f);
    if (auto v = local(n))
      for (const auto& [e, other] : tail_in_[*v]) f(e, other);
  }
  /// Relations added since the snapshot.
  [[nodiscard]] std::size_t tail_size() const { return tail_size_; }
  /// The snapshot's rows: out-edges (`out`) or in-edges, for cache hints (Rows::prefetch_*).
  [[nodiscard]] const Rows& snapshot_rows(bool out) const { return out ? fwd_ : bwd_; }

 private:
  [[nodiscard]] std::optional<std::uint32_t> local(NodeIndex n) const {
    if (local_.empty()) return std::nullopt;
    auto it = local_.find(n);
    if (it == local_.end()) return std::nullopt;
    return it->second;
  }
  void fold(const std::vector<Relation>& relations, std::size_t nodes);

  using TailEdges = std::vector<std::pair<EdgeProp, NodeIndex>>;  ///< (edge, other end), in order
  Rows fwd_, bwd_;  ///< relations [0, snapshot_): out-edges, and reversed (in-edges)
  std::size_t snapshot_ = 0;
  /// Relations [snapshot_, end), by the nodes they touch: local_ gives a touched node's slot
  /// in tail_out_ and tail_in_ (a small adjacency list, rebuilt from nothing at each fold).
  std::unordered_map<NodeIndex, std::uint32_t> local_;
  std::vector<TailEdges> tail_out_, tail_in_;
  std::size_t tail_size_ = 0;
};

/// One earlier value of a node's field (Model::set).
using Earlier = EarlierValue;
/// A field's earlier values, oldest first (strictly increasing `until`); the value in force
/// after the last of them is the node's own (Node::props).
struct FieldHistory {
  std::string key;
  std::vector<Earlier> earlier;
  bool operator==(const FieldHistory&) const = default;
};
/// A node's fields that have changed, by field name.
using NodeHistory = std::vector<FieldHistory>;

struct Store {
  std::string name;
  std::vector<std::string> sources;
  std::vector<Node> nodes;
  std::vector<Relation> relations;
  IdIndex index;
  std::array<std::size_t, kNodeTypeCount> counts{};
  Topology topology;
  /// The value history of the nodes whose fields were set from a date (Model::set); most
  /// nodes have none, so it lives beside them rather than in every node.
  std::unordered_map<NodeIndex, NodeHistory> history;
  /// The relations given an id (optional; in the nodes' id space), by id.
  std::unordered_map<std::string, RelIndex> relation_ids;

  /// The value of field `key` of node `n` in force on `day` (with no day: its latest value, the
  /// node's own), or null when it has none then. O(1) for a node without history.
  [[nodiscard]] const Value* value_in_force(NodeIndex n, std::string_view key, Date day) const {
    if (!day || history.empty()) return nodes[n].get(key);
    auto h = history.find(n);
    if (h == history.end()) return nodes[n].get(key);
    for (const FieldHistory& f : h->second) {
      if (f.key != key) continue;
      for (const Earlier& e : f.earlier)
        if (day < e.until) return e.value ? &*e.value : nullptr;
      break;
    }
    return nodes[n].get(key);
  }
  /// The relation with id `id`, or nullopt.
  [[nodiscard]] std::optional<RelIndex> find_relation(std::string_view id) const {
    auto it = relation_ids.find(std::string(id));
    if (it == relation_ids.end()) return std::nullopt;
    return it->second;
  }

  [[nodiscard]] std::optional<NodeIndex> find(std::string_view id) const {
    return find(id, IdIndex::hash(id));
  }
  [[nodiscard]] std::optional<NodeIndex> find(std::string_view id, std::size_t hash) const {
    return index.find(id, hash, [&](NodeIndex n) -> std::string_view { return nodes[n].id; });
  }
  /// The indices of many ids (kNoNode for those not in the index), looked up together.
  template <class Key>
  void find_many(std::size_t count, Key&& key, NodeIndex* out) const {
    index.find_many(
        count, key, [&](NodeIndex n) -> std::string_view { return nodes[n].id; },
        [&](NodeIndex n) {
      const char* p = reinterpret_cast<const char*>(&nodes[n].id);
      __builtin_prefetch(p);
      __builtin_prefetch(p + sizeof(std::string) - 1);
        },
        out);
  }
  /// Makes room for `more_nodes` and `more_relations`, growing geometrically (an exact reserve
  /// would move the whole model on every small batch: quadratic over many single additions).
  /// No reallocation happens until that many have been appended.
  void reserve_more(std::size_t more_nodes, std::size_t more_relations);
  /// Removes the nodes (and their ids from the index, and their histories) and relations
  /// appended after the first `nodes` and `relations`.
  void truncate(std::size_t nodes, std::size_t relations);
  /// Counts the nodes and adds to the topology the relations appended after the first `nodes`
  /// and `relations` (which must already be valid, and the nodes' ids in the index).
  void commit(std::size_t nodes, std::size_t relations);
  /// Appends and commits nodes and relations already validated.
  void append(std::vector<Node>&& fresh_nodes, std::vector<Relation>&& fresh_relations);

  /// The relations of kind k leaving node n, in order.
  template <class F>
  void for_out(NodeIndex n, RelKind k, F&& f) const {
    topology.each_out(n, [&](const EdgeProp& e, NodeIndex) {
      if (e.kind == k) f(e.rel);
    });
  }
  /// The relations of kind k entering node n, in order.
  template <class F>
  void for_in(NodeIndex n, RelKind k, F&& f) const {
    topology.each_in(n, [&](const EdgeProp& e, NodeIndex) {
      if (e.kind == k) f(e.rel);
    });
  }
};

}  // namespace govgraph::detail
