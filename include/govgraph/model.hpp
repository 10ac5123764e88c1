// model.hpp — govgraph::Model, the typed, dated multigraph every query reads.
//
// A Model owns its nodes (organisations, people, contracts, obligations, boards, seats, assets)
// and relations, each with string ids stable for the life of the model, dates and named values.
// Additions go through a Batch that is validated as a whole and then committed: either all of it
// lands or none of it does. The graph storage (Boost.Graph) lives behind a pointer in
// detail::Store and never appears in this header; users speak ids and the small value types
// below. Nothing is ever removed from a Model: what-if variants are new models.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <shared_mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "govgraph/date.hpp"
#include "govgraph/kinds.hpp"

namespace govgraph {

namespace detail {
struct Store;
}

/// Index of a node in Model::nodes(); stable for the life of the model.
using NodeIndex = std::uint32_t;
/// "No node": an index no model holds.
inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();
/// Index of a relation in Model::relations(); stable for the life of the model.
using RelIndex = std::uint32_t;

/// A node as stored: its type, id, name, validity dates, and fields plus free attributes.
struct Node {
  NodeType type{};
  std::string id;
  std::string name;
  Date start, end;
  Props props;  ///< known fields of the type (see node_fields) and free attributes
  /// The value named `key`, or null.
  [[nodiscard]] const Value* get(std::string_view key) const;
};

/// A relation as stored: kind, endpoints (node indices), dates, `share` (owns) and named values.
struct Relation {
  RelKind kind{};
  NodeIndex source = 0, target = 0;
  Date start, end;
  double share = std::numeric_limits<double>::quiet_NaN();  ///< NaN when not given
  std::shared_ptr<const Props> props;                       ///< null when empty (immutable once added)
  /// The value named `key` (e.g. "role", "interest", "scope"), or null.
  [[nodiscard]] const Value* get(std::string_view key) const;
};

/// A node to add. `props` may hold "name", "start", "end" (ISO dates) and the known fields of
/// its type (node_fields): any other name is an error (`unknown_field`, naming the nearest
/// field), so that a typo never becomes an attribute. Free attributes go in `attributes`, whose
/// names may not be fields. `where` names the origin in error messages (a JSON pointer, a row).
struct NodeSpec {
  NodeType type{};
  std::string id;
  Props props;
  std::string where;
  Props attributes;
};

/// A stated relation to add (not one of the implied kinds). `props` may hold "start", "end"
/// and the kind's fields (relation_fields: "share" for owns, "scope" for indemnifies...); free
/// attributes go in `attributes`.
struct RelationSpec {
  RelKind kind{};
  std::string source, target;
  Props props;
  std::string where;
  Props attributes;
};

/// An obligation of a contract: `flows_from` names the head contract's obligation it passes
/// down; `obligor`/`obligee` override the parties the contract kind implies.
struct ObligationSpec {
  std::string id;
  Props props;
  std::string flows_from, obligor, obligee;
  std::string where;
  Props attributes;
};

/// A contract with its parties by role (a role may name several ids), its obligations and, for a
/// sub-contract, its head contract. `props` holds kind, binding, liability_cap, value, dates.
struct ContractSpec {
  std::string id;
  Props props;
  std::vector<std::pair<std::string, std::vector<std::string>>> parties;
  std::vector<ObligationSpec> obligations;
  std::string head;
  std::string where;
  Props attributes;
};

/// A board governing organisation `of`; props hold quota, quorum, name, dates.
struct BoardSpec {
  std::string id;
  std::string of;
  Props props;
  std::string where;
  Props attributes;
};

/// A seat on `board`; props hold votes and kind. `held_by` empty means vacant.
struct SeatSpec {
  std::string id;
  std::string board;
  std::string appointed_by;
  std::vector<std::string> represents;
  std::string held_by;
  Props props;
  std::string where;
  Props attributes;
};

/// An earlier value of a node's field (see Model::set): the value it had until `until`, the
/// first day of the next value; no value when the field was not given then.
struct EarlierValue {
  Date until;
  std::optional<Value> value;
  bool operator==(const EarlierValue&) const = default;
};

/// Texts held in one buffer, one per row: the id columns of bulk loads (a million ids cost one
/// allocation, not a million).
class TextColumn {
 public:
  void reserve(std::size_t rows, std::size_t chars) {
    ends_.reserve(rows);
    chars_.reserve(chars);
  }
  void push_back(std::string_view s) {
    chars_.append(s);
    ends_.push_back(chars_.size());
  }
  [[nodiscard]] std::string_view operator[](std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(chars_).substr(begin, ends_[i] - begin);
  }
  [[nodiscard]] std::size_t size() const { return ends_.size(); }

 private:
  std::string chars_;
  std::vector<std::size_t> ends_;
};

/// Nodes as columns, for bulk loads: row i is a node of type `types[i]` (or `type` when `types`
/// is empty) with id `ids[i]` and, when `props` is not empty, the fields `props[i]` (as
/// NodeSpec::props) and, when `attributes` is not empty, the free attributes `attributes[i]`.
/// Only organisations, people and assets. Errors name the row as `where` followed by its number.
struct NodeColumns {
  NodeType type{};
  std::vector<NodeType> types;
  TextColumn ids;
  std::vector<Props> props;
  std::vector<Props> attributes;
  std::string where = "row ";
  [[nodiscard]] std::size_t size() const { return ids.size(); }
};

/// Stated relations as columns, for bulk loads: row i is `kinds[i]` from `sources[i]` to
/// `targets[i]`, with `shares[i]` (owns; NaN when not given) when `shares` is not empty, and the
/// other fields `props[i]` when `props` is not empty (as RelationSpec::props), and the free
/// attributes `attributes[i]` when `attributes` is not empty. Errors name the row as `where`
/// followed by its number.
struct RelationColumns {
  std::vector<RelKind> kinds;
  TextColumn sources, targets;
  std::vector<double> shares;
  std::vector<Props> props;
  std::vector<Props> attributes;
  std::string where = "row ";
  [[nodiscard]] std::size_t size() const { return kinds.size(); }
};

/// A set of additions applied all-or-nothing by Model::apply. Ids may refer to each other in
/// any order within a batch. Nodes are added in the order given, those of NodeColumns after the
/// others; so are relations, those of RelationColumns last.
class Batch {
 public:
  Batch& add(NodeSpec node);
  Batch& add(RelationSpec relation);
  /// Throws ModelError when the columns differ in length or name a type other than
  /// organisation, person or asset.
  Batch& add(NodeColumns nodes);
  /// Throws ModelError when the columns differ in length.
  Batch& add(RelationColumns relations);
  Batch& add(ContractSpec contract);
  Batch& add(BoardSpec board);
  Batch& add(SeatSpec seat);
  /// A link implied by a contract, board or seat (party with props {"role"}, governs,
  /// appointed_by, represents, held_by, obligor, obligee) given on its own, with its own dates:
  /// how readers restore the dated links a novation leaves. Throws for a stated kind.
  Batch& add_link(RelKind kind, std::string source, std::string target, Props props = {},
                  std::string where = {});
  /// The earlier values of field `key` of node `id` (a node of this batch), oldest first, the
  /// node's own value being the one in force after the last (how readers restore a history that
  /// Model::set made). Checked as set checks values; `where` names it in errors.
  Batch& add_history(std::string id, std::string key, std::vector<EarlierValue> earlier,
                     std::string where = {});
  /// Reserves room for `nodes` nodes and `relations` relations.
  void reserve(std::size_t nodes, std::size_t relations);
  [[nodiscard]] std::size_t node_count() const;
  [[nodiscard]] std::size_t relation_count() const;

 private:
  friend class Model;
  struct Pending {
    RelationSpec spec;
    bool implied;
  };
  void add_implied(RelKind kind, std::string source, std::string target, std::string where, Props props = {});
  std::vector<NodeSpec> nodes_;
  std::vector<Pending> relations_;
  std::vector<NodeColumns> node_columns_;
  std::vector<RelationColumns> relation_columns_;
  struct History {
    std::string id, key;
    std::vector<EarlierValue> earlier;
    std::string where;
  };
  std::vector<History> histories_;
};

/// A relation named by its `id`, or (when `id` is empty) by kind, source and target ids.
struct RelationRef {
  std::string id;
  RelKind kind{};
  std::string source, target;
};

/// One fact that Model::withdraw ended: a relation (`relation` is its index) or a node (a
/// contract, or a seat that fell vacant), with a description for people.
struct Ended {
  std::string what;  ///< "membership", "subcontract", "appointment", "holder", "seat"
  std::string id;    ///< the node's id, or the relation's: its id or "kind: source -> target"
  std::optional<RelIndex> relation;
  Date on;
};

/// The typed, dated graph of organisations, people, contracts, boards and assets.
class Model {
 public:
  explicit Model(std::string name = {});
  Model(const Model& other);
  Model& operator=(const Model& other);
  /// Leaves `other` a valid empty model.
  Model(Model&& other);
  Model& operator=(Model&& other);
  ~Model();

  [[nodiscard]] const std::string& name() const;
  void set_name(std::string name);
  /// Where the model's facts come from (free text, one entry per source).
  [[nodiscard]] const std::vector<std::string>& sources() const;
  void set_sources(std::vector<std::string> sources);

  /// Validates `batch` against the model and commits it whole; on any error throws and leaves
  /// the model exactly as it was. O(b) expected for a batch of b additions.
  void apply(Batch batch);

  /// Adds one node of type `type` (a batch of one) with fields `props` and free `attributes`.
  void add_node(NodeType type, std::string id, Props props = {}, Props attributes = {});
  void add_organisation(std::string id, Props props = {}, Props attributes = {});
  void add_person(std::string id, Props props = {}, Props attributes = {});
  void add_asset(std::string id, Props props = {}, Props attributes = {});
  /// Adds one stated relation `source` -kind-> `target` (a batch of one).
  void add_relation(RelKind kind, std::string source, std::string target, Props props = {},
                    Props attributes = {});
  /// Adds a contract with its obligations and parties (a batch of one contract).
  void add_contract(ContractSpec contract);
  void add_board(BoardSpec board);
  void add_seat(SeatSpec seat);

  // -- change over time (DESIGN.md, "Time and scenarios"; src/change.cpp). Each records a fact
  // and removes nothing: a query as of an earlier day sees the model as it was. Each is checked
  // whole and either happens or throws, leaving the model as it was.

  /// Ends node `id` on `on` (the first day it is no longer in force), or, if `id` is no node's,
  /// the relation with that id. Refused when `on` is not after its start or it ended before
  /// `on`. A node's links that run past the day end with it: its stated relations, the seats it
  /// appoints or holds (vacant from the day) or that represent it; refused while it owes or is
  /// owed under a contract in force after the day (end or novate the contract first).
  void end(std::string_view id, Date on);
  /// Ends the relation `ref` names on `on`: by id, or the one of that kind, source and target in
  /// force on `on` (none or several is an error listing the candidates). Returns its index.
  RelIndex end(const RelationRef& ref, Date on);
  /// The relations `ref` names, whatever their dates, in the order added.
  [[nodiscard]] std::vector<RelIndex> find_relations(const RelationRef& ref) const;
  /// `org` leaves `arrangement` on `on`: ends its membership, the sub-contracts between the two
  /// (either way round) and, with `vacate_seats`, its appointments to the arrangement's boards:
  /// the seats it appointed fall vacant from `on` for good (their holders' links end, `vacant`
  /// is set from `on`). Returns what it ended; refused when nothing between the two is in force
  /// on `on`.
  std::vector<Ended> withdraw(std::string_view org, std::string_view arrangement, Date on,
                              bool vacate_seats = true);
  /// Gives fields of node `id` new values from `on` (kept beside the earlier values, which
  /// queries as of earlier days still see), or, with no `on`, corrects them for all time (their
  /// history goes). Only the node's fields (node_fields), not its structure or dates.
  void set(std::string_view id, Date on, Props fields);
  /// set() for many nodes at once, all or nothing: row i gives node `ids[i]` the fields
  /// `fields[i]` from `on` (an empty row changes nothing). Errors name the row as `where`
  /// followed by its number.
  void set_many(const std::vector<std::string>& ids, Date on, std::vector<Props> fields,
                const std::string& where = "row ");
  /// The value of field `key` of node `id` in force on `day` (none: its latest), or null.
  [[nodiscard]] const Value* value(std::string_view id, std::string_view key, Date day = {}) const;
  [[nodiscard]] const Value* value(NodeIndex n, std::string_view key, Date day = {}) const;

  /// Number of nodes of every type.
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t count(NodeType type) const;
  /// Number of relations, implied ones included.
  [[nodiscard]] std::size_t relation_count() const;
  [[nodiscard]] bool contains(std::string_view id) const;
  /// The index of the node `id`, or nullopt.
  [[nodiscard]] std::optional<NodeIndex> find(std::string_view id) const;
  /// The node `id`; throws UnknownIdError if there is none.
  [[nodiscard]] const Node& node(std::string_view id) const;
  [[nodiscard]] std::span<const Node> nodes() const;
  [[nodiscard]] std::span<const Relation> relations() const;
  /// Relations leaving / entering node `n`, in the order they were added.
  [[nodiscard]] std::vector<RelIndex> out_relations(NodeIndex n) const;
  [[nodiscard]] std::vector<RelIndex> in_relations(NodeIndex n) const;

  /// A one-line human-readable summary: "<Model 'x': 12 nodes (...), 20 relations>".
  [[nodiscard]] std::string summary() const;

  /// Shared access to the model for the life of the guard. Every query holds one, and `apply`
  /// holds the model exclusively, so a query run on one thread while another applies a batch
  /// sees the model before the batch or after it, never during. Re-entrant on one thread (a
  /// query calling another takes no second lock). References into the model (node(), nodes(),
  /// relations()) stay valid only while a guard is held and no batch is applied.
  class ReadLock {
   public:
    explicit ReadLock(const Model& m);
    ReadLock(ReadLock&& other) noexcept : m_(std::exchange(other.m_, nullptr)) {}
    ReadLock(const ReadLock&) = delete;
    ReadLock& operator=(const ReadLock&) = delete;
    ReadLock& operator=(ReadLock&&) = delete;
    ~ReadLock();

   private:
    const Model* m_ = nullptr;  ///< null: the thread held the model already
  };
  [[nodiscard]] ReadLock read_lock() const { return ReadLock(*this); }

  /// For govgraph's own query code: the private graph storage.
  [[nodiscard]] const detail::Store& store() const { return *store_; }
  /// For govgraph's own scenario code: a model over storage it has assembled from a valid model.
  [[nodiscard]] static Model adopt(std::unique_ptr<detail::Store> store);

 private:
  /// apply's checks: appends the batch to the vectors, throwing at the first error.
  void check_in_place(Batch& batch);
  class WriteLock;
  std::unique_ptr<detail::Store> store_;
  mutable std::shared_mutex mutex_;  ///< shared by queries, exclusive for apply and assignment
};

}  // namespace govgraph
