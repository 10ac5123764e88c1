// model.cpp — the Model: its storage's lifetime (copy, move, adopt), the accessors (a node's and
// a relation's values too), the single additions (each a batch of one), and `apply`, the one way
// anything enters a model. apply is a transaction, not a lowering (contracts, boards and seats
// were lowered into nodes and implied relations when added to the Batch, batch.cpp): it appends
// the batch while checking it in place (Model::check_in_place, validate.cpp), then commits the
// counts and the topology, or at the first error truncates what was appended. So a batch that
// throws leaves the model exactly as it was.
#include "govgraph/model.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "govgraph/error.hpp"
#include "govgraph/log.hpp"
#include "change.hpp"
#include "validate.hpp"
#include "store.hpp"
#include <spdlog/spdlog.h>

namespace govgraph {

const Value* Node::get(std::string_view key) const {
  auto it = props.find(key);
  return it == props.end() ? nullptr : &it->second;
}

const Value* Relation::get(std::string_view key) const {
  if (!props) return nullptr;
  auto it = props->find(key);
  return it == props->end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------------------------
// Locks: queries share a model, apply and assignment hold it alone (a reader–writer lock per
// model). Each thread remembers the models it holds, so that a query calling another, or
// apply's checks calling an accessor, take no second lock (a std::shared_mutex is not
// re-entrant).

namespace {
struct Held {
  const Model* model;
  bool exclusive;
};
thread_local std::vector<Held> held_by_thread;
const Held* held(const Model* m) {
  for (const Held& h : held_by_thread)
    if (h.model == m) return &h;
  return nullptr;
}
void forget(const Model* m) {
  for (auto it = held_by_thread.end(); it != held_by_thread.begin();)
    if ((--it)->model == m) {
      held_by_thread.erase(it);
      return;
    }
}
}  // namespace

Model::ReadLock::ReadLock(const Model& m) {
  if (held(&m)) return;
  m.mutex_.lock_shared();
  held_by_thread.push_back({&m, false});
  m_ = &m;
}
Model::ReadLock::~ReadLock() {
  if (!m_) return;
  forget(m_);
  m_->mutex_.unlock_shared();
}

/// Exclusive access to one or two models (assignment locks both, in a deadlock-free order).
class Model::WriteLock {
 public:
  explicit WriteLock(const Model& a, const Model* b = nullptr) {
    refuse_if_reading(a);
    if (b) refuse_if_reading(*b);
    if (b == &a || (b && held(b))) b = nullptr;
    if (held(&a)) {  // already held alone by this thread
      if (b) lock(b);
      return;
    }
    if (b) {
      std::lock(a.mutex_, b->mutex_);
      own(&a);
      own(b);
    } else {
      lock(&a);
    }
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;
  ~WriteLock() {
    for (const Model* m : mine_) {
      forget(m);
      m->mutex_.unlock();
    }
  }

 private:
  static void refuse_if_reading(const Model& m) {
    if (const Held* h = held(&m); h && !h->exclusive)
      throw ModelError("busy", "a model cannot be changed by a thread that is reading it");
  }
  void lock(const Model* m) {
    m->mutex_.lock();
    own(m);
  }
  void own(const Model* m) {
    held_by_thread.push_back({m, true});
    mine_.push_back(m);
  }
  std::vector<const Model*> mine_;
};

// ---------------------------------------------------------------------------------------------
// Model

Model::Model(std::string name) : store_(std::make_unique<detail::Store>()) { store_->name = std::move(name); }
Model::Model(const Model& other) {
  const ReadLock lock(other);
  store_ = std::make_unique<detail::Store>(*other.store_);
}
Model& Model::operator=(const Model& other) {
  if (this == &other) return *this;
  auto copy = [&] {
    const ReadLock lock(other);
    return std::make_unique<detail::Store>(*other.store_);
  }();
  const WriteLock lock(*this);
  store_ = std::move(copy);
  return *this;
}
// A moved-from model is a valid empty model (so the move may allocate).
Model::Model(Model&& other) : store_(std::make_unique<detail::Store>()) {
  const WriteLock lock(other);
  std::swap(store_, other.store_);
}
Model& Model::operator=(Model&& other) {  // swaps: `other` keeps this model's old content
  const WriteLock lock(*this, &other);
  std::swap(store_, other.store_);
  return *this;
}
Model::~Model() = default;

Model Model::adopt(std::unique_ptr<detail::Store> store) {
  Model m;
  m.store_ = std::move(store);
  return m;
}

const std::string& Model::name() const { return store_->name; }
void Model::set_name(std::string name) {
  const WriteLock lock(*this);
  store_->name = std::move(name);
}
const std::vector<std::string>& Model::sources() const { return store_->sources; }
void Model::set_sources(std::vector<std::string> sources) {
  const WriteLock lock(*this);
  store_->sources = std::move(sources);
}

std::size_t Model::size() const {
  const ReadLock lock(*this);
  return store_->nodes.size();
}
std::size_t Model::count(NodeType t) const {
  const ReadLock lock(*this);
  return store_->counts[static_cast<std::size_t>(t)];
}
std::size_t Model::relation_count() const {
  const ReadLock lock(*this);
  return store_->relations.size();
}
bool Model::contains(std::string_view id) const {
  const ReadLock lock(*this);
  return store_->find(id).has_value();
}
std::optional<NodeIndex> Model::find(std::string_view id) const {
  const ReadLock lock(*this);
  return store_->find(id);
}
std::span<const Node> Model::nodes() const { return store_->nodes; }
std::span<const Relation> Model::relations() const { return store_->relations; }

const Node& Model::node(std::string_view id) const {
  const ReadLock lock(*this);
  auto i = store_->find(id);
  if (!i) throw UnknownIdError("unknown_id", "no node with id '" + std::string(id) + "' in the model");
  return store_->nodes[*i];
}

std::vector<RelIndex> Model::out_relations(NodeIndex n) const {
  const ReadLock lock(*this);
  std::vector<RelIndex> out;
  store_->topology.each_out(n, [&](const detail::EdgeProp& e, NodeIndex) { out.push_back(e.rel); });
  return out;
}
std::vector<RelIndex> Model::in_relations(NodeIndex n) const {
  const ReadLock lock(*this);
  std::vector<RelIndex> out;
  store_->topology.each_in(n, [&](const detail::EdgeProp& e, NodeIndex) { out.push_back(e.rel); });
  return out;
}

std::string Model::summary() const {
  const ReadLock lock(*this);
  std::string parts;
  for (std::size_t t = 0; t < kNodeTypeCount; ++t) {
    const auto c = store_->counts[t];
    if (c == 0) continue;
    if (!parts.empty()) parts += ", ";
    const auto type = static_cast<NodeType>(t);
    parts += std::to_string(c) + " " + std::string(c == 1 ? to_string(type) : plural(type));
  }
  std::string s = "<govgraph.Model";
  if (!store_->name.empty()) s += " '" + store_->name + "'";
  s += ": " + std::to_string(size()) + (size() == 1 ? " node" : " nodes");
  if (!parts.empty()) s += " (" + parts + ")";
  s += ", " + std::to_string(relation_count()) + (relation_count() == 1 ? " relation>" : " relations>");
  return s;
}

void Model::add_node(NodeType type, std::string id, Props props, Props attributes) {
  Batch b;
  b.add(NodeSpec{type, std::move(id), std::move(props), {}, std::move(attributes)});
  apply(std::move(b));
}
void Model::add_organisation(std::string id, Props props, Props attributes) {
  add_node(NodeType::organisation, std::move(id), std::move(props), std::move(attributes));
}
void Model::add_person(std::string id, Props props, Props attributes) {
  add_node(NodeType::person, std::move(id), std::move(props), std::move(attributes));
}
void Model::add_asset(std::string id, Props props, Props attributes) {
  add_node(NodeType::asset, std::move(id), std::move(props), std::move(attributes));
}
void Model::add_relation(RelKind kind, std::string source, std::string target, Props props,
                         Props attributes) {
  Batch b;
  b.add(
      RelationSpec{kind, std::move(source), std::move(target), std::move(props), {}, std::move(attributes)});
  apply(std::move(b));
}
void Model::add_contract(ContractSpec contract) {
  Batch b;
  b.add(std::move(contract));
  apply(std::move(b));
}
void Model::add_board(BoardSpec board) {
  Batch b;
  b.add(std::move(board));
  apply(std::move(b));
}
void Model::add_seat(SeatSpec seat) {
  Batch b;
  b.add(std::move(seat));
  apply(std::move(b));
}

// ---------------------------------------------------------------------------------------------
// Change over time (change.cpp): under the write lock, like apply.

namespace {
NodeIndex known(const detail::Store& s, std::string_view id, std::string_view what) {
  auto i = s.find(id);
  if (!i)
    throw UnknownIdError("unknown_id",
                         std::string(what) + ": '" + detail::shown(id) + "' is not in the model");
  return *i;
}
}  // namespace

void Model::end(std::string_view id, Date on) {
  const WriteLock lock(*this);
  detail::Store& s = *store_;
  if (auto n = s.find(id)) return detail::end_node(s, *n, on);
  detail::end_relation(s, detail::relation_to_end(s, RelationRef{std::string(id), {}, {}, {}}, on), on);
}
RelIndex Model::end(const RelationRef& ref, Date on) {
  const WriteLock lock(*this);
  detail::Store& s = *store_;
  if (!on) throw ModelError("bad_date", "end: give the day it ends (on=)");
  const RelIndex r = detail::relation_to_end(s, ref, on);
  detail::end_relation(s, r, on);
  return r;
}
std::vector<RelIndex> Model::find_relations(const RelationRef& ref) const {
  const ReadLock lock(*this);
  return detail::relations_named(*store_, ref);
}
std::vector<Ended> Model::withdraw(std::string_view org, std::string_view arrangement, Date on,
                                   bool vacate_seats) {
  const WriteLock lock(*this);
  detail::Store& s = *store_;
  const NodeIndex a = known(s, org, "withdraw"), b = known(s, arrangement, "withdraw");
  return detail::withdraw(s, a, b, on, vacate_seats);
}
void Model::set(std::string_view id, Date on, Props fields) {
  const WriteLock lock(*this);
  detail::Store& s = *store_;
  detail::set_fields(s, known(s, id, "set"), on, std::move(fields));
}
void Model::set_many(const std::vector<std::string>& ids, Date on, std::vector<Props> fields,
                     const std::string& where) {
  const WriteLock lock(*this);
  detail::Store& s = *store_;
  if (ids.size() != fields.size())
    throw ModelError("bad_value", "set: " + std::to_string(ids.size()) + " ids but " +
                                      std::to_string(fields.size()) + " rows of fields");
  // Each row is checked as set() checks it and applied; at the first error every row applied
  // so far is undone from what it replaced (a node's name, fields and history).
  struct Undo {
    NodeIndex n;
    std::string name;
    Props props;
    std::optional<detail::NodeHistory> history;
  };
  // One row per node: two rows for one id would leave the answer to the order of the rows.
  std::unordered_map<std::string_view, std::size_t> first_row;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (!fields[i].empty())
      if (auto [it, fresh] = first_row.emplace(ids[i], i); !fresh)
        throw ModelError("duplicate_id", where + std::to_string(i) + ": '" + detail::shown(ids[i]) +
                                             "' is also in " + where + std::to_string(it->second) +
                                             "; give each node once");
  std::vector<Undo> undo;
  try {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (fields[i].empty()) continue;
      auto n = s.find(ids[i]);
      if (!n)
        throw UnknownIdError("unknown_id", where + std::to_string(i) + ": '" + detail::shown(ids[i]) +
                                               "' is not in the model");
      Undo u{*n, s.nodes[*n].name, s.nodes[*n].props, std::nullopt};
      if (auto h = s.history.find(*n); h != s.history.end()) u.history = h->second;
      try {
        detail::set_fields(s, *n, on, std::move(fields[i]));
      } catch (const Error& e) {
        const std::string text = e.what();
        const auto after_id = text.find("] ");
        const std::string msg = where + std::to_string(i) + ": " +
                                (after_id == std::string::npos ? text : text.substr(after_id + 2));
        if (dynamic_cast<const UnknownIdError*>(&e)) throw UnknownIdError(e.id(), msg);
        throw ModelError(e.id(), msg);
      }
      undo.push_back(std::move(u));
    }
  } catch (...) {
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
      Node& node = s.nodes[it->n];
      node.name = std::move(it->name);
      node.props = std::move(it->props);
      if (it->history) s.history[it->n] = std::move(*it->history);
      else s.history.erase(it->n);
    }
    throw;
  }
}

const Value* Model::value(std::string_view id, std::string_view key, Date day) const {
  const ReadLock lock(*this);
  return store_->value_in_force(known(*store_, id, "value"), key, day);
}
const Value* Model::value(NodeIndex n, std::string_view key, Date day) const {
  const ReadLock lock(*this);
  return store_->value_in_force(n, key, day);
}

// ---------------------------------------------------------------------------------------------
// apply: check in place (validate.cpp), then commit or truncate.

namespace {
/// A batch this large gives its freed scratch memory back to the system after the commit.
constexpr std::size_t kLargeBatch = 100000;
}  // namespace

void Model::apply(Batch batch) {
  const WriteLock lock(*this);
  detail::Store& s = *store_;
  const auto base = static_cast<NodeIndex>(s.nodes.size());
  const std::size_t rel_base = s.relations.size();
  s.reserve_more(batch.node_count(), batch.relation_count());
  try {
    check_in_place(batch);
  } catch (...) {
    s.truncate(base, rel_base);
    throw;
  }
  // The batch's columns and strings (the id text of every row: about 40 bytes a relation) are
  // freed before the commit, not at return: the commit may build a new snapshot of the topology
  // (24 bytes a relation), and the two need not be held at once. This keeps the peak of a large
  // bulk load down by the size of its id columns.
  batch = Batch();
  // Commit: the counts and the topology.
  s.commit(base, rel_base);
  const bool large = s.nodes.size() - base + s.relations.size() - rel_base >= kLargeBatch;
  if (large) detail::release_free_memory();
  if (s.nodes.size() > base || s.relations.size() > rel_base)
    logger()->debug("model '{}': added {} nodes and {} relations (now {} and {})", s.name,
                    s.nodes.size() - base, s.relations.size() - rel_base, s.nodes.size(), s.relations.size());
}

}  // namespace govgraph
