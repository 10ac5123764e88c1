// model.cpp — the Model: its storage's lifetime (copy, move, adopt), the accessors (a node's and
// a relation's values too), the single additions (each a batch of one), and `apply`, the one way
// anything enters a model. apply is a transaction, not a lowering (contracts, boards and seats
// were lowered into nodes and implied relations when added to the Batch, batch.cpp): it appends
// the batch while checking it in place (Model::check_in_place, validate.cpp), then commits the
// counts and the topology, or at the first error truncates what was appended. So a batch that
// throws leaves the model exactly as it was.
#include "govgraph/model.hpp"

#include <memory>
#include <string>
#include <utility>

#include "govgraph/error.hpp"
#include "govgraph/log.hpp"
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
// Model

Model::Model(std::string name) : store_(std::make_unique<detail::Store>()) {
  store_->name = std::move(name);
}
Model::Model(const Model& other) : store_(std::make_unique<detail::Store>(*other.store_)) {}
Model& Model::operator=(const Model& other) {
  if (this != &other) store_ = std::make_unique<detail::Store>(*other.store_);
  return *this;
}
// A moved-from model is a valid empty model (so the move may allocate).
Model::Model(Model&& other) : store_(std::exchange(other.store_, std::make_unique<detail::Store>())) {}
Model& Model::operator=(Model&& other) noexcept {  // swaps: `other` keeps this model's old content
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
void Model::set_name(std::string name) { store_->name = std::move(name); }
const std::vector<std::string>& Model::sources() const { return store_->sources; }
void Model::set_sources(std::vector<std::string> sources) { store_->sources = std::move(sources); }

std::size_t Model::size() const { return store_->nodes.size(); }
std::size_t Model::count(NodeType t) const { return store_->counts[static_cast<std::size_t>(t)]; }
std::size_t Model::relation_count() const { return store_->relations.size(); }
bool Model::contains(std::string_view id) const { return store_->find(id).has_value(); }
std::optional<NodeIndex> Model::find(std::string_view id) const { return store_->find(id); }
std::span<const Node> Model::nodes() const { return store_->nodes; }
std::span<const Relation> Model::relations() const { return store_->relations; }

const Node& Model::node(std::string_view id) const {
  auto i = store_->find(id);
  if (!i) throw UnknownIdError("unknown_id", "no node with id '" + std::string(id) + "' in the model");
  return store_->nodes[*i];
}

std::vector<RelIndex> Model::out_relations(NodeIndex n) const {
  std::vector<RelIndex> out;
  store_->topology.each_out(n, [&](const detail::EdgeProp& e, NodeIndex) { out.push_back(e.rel); });
  return out;
}
std::vector<RelIndex> Model::in_relations(NodeIndex n) const {
  std::vector<RelIndex> out;
  store_->topology.each_in(n, [&](const detail::EdgeProp& e, NodeIndex) { out.push_back(e.rel); });
  return out;
}

std::string Model::summary() const {
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
  s += ", " + std::to_string(relation_count()) +
       (relation_count() == 1 ? " relation>" : " relations>");
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
  b.add(RelationSpec{kind, std::move(source), std::move(target), std::move(props), {},
                     std::move(attributes)});
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
// apply: check in place (validate.cpp), then commit or truncate.

namespace {
/// A batch this large gives its freed scratch memory back to the system after the commit.
constexpr std::size_t kLargeBatch = 100000;
}  // namespace

void Model::apply(Batch batch) {
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
  // Commit: the counts and the topology.
  s.commit(base, rel_base);
  const bool large = s.nodes.size() - base + s.relations.size() - rel_base >= kLargeBatch;
  batch = Batch();  // its columns and strings are freed now, not at return
  if (large) detail::release_free_memory();
  if (s.nodes.size() > base || s.relations.size() > rel_base)
    logger()->debug("model '{}': added {} nodes and {} relations (now {} and {})", s.name,
                    s.nodes.size() - base, s.relations.size() - rel_base, s.nodes.size(),
                    s.relations.size());
}

}  // namespace govgraph
