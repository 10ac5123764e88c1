// batch.cpp — batch lowering: a Batch holds what was stated, lowered as it is added. A
// contract, board or seat becomes its nodes (the contract and its obligations, the board, the
// seat) and the relations it implies (party, head, obligation_of, flows_from, obligor, obligee;
// governs; seat_on, appointed_by, represents, held_by), each marked implied and given the `where`
// its errors will name. A Batch refuses only what it cannot lower (a node type that comes with
// its contract, board or seat; a seat without a board; an empty party role; a kind add_link does
// not take; columns of different lengths); whether the lowered batch is accepted is decided when
// it is applied (validate.cpp). Model::apply is not here although it takes a Batch: it lowers
// nothing, it checks and commits (model.cpp).
#include "govgraph/model.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "govgraph/error.hpp"
#include "store.hpp"
#include "validate.hpp"

namespace govgraph {

using detail::describe;
using detail::node_label;

namespace {

std::string sub(std::string_view where, std::string_view tail) {
  return where.empty() ? std::string() : std::string(where) + std::string(tail);
}

void require(bool ok, std::string_view where, std::string_view what, const std::string& msg) {
  if (!ok) throw ModelError("missing_field", describe(where, what) + ": " + msg);
}

}  // namespace

void Batch::add_implied(RelKind kind, std::string source, std::string target, std::string where,
                        Props props) {
  relations_.push_back(
      {RelationSpec{kind, std::move(source), std::move(target), std::move(props), std::move(where)}, true});
}

Batch& Batch::add(NodeSpec node) {
  if (node.type != NodeType::organisation && node.type != NodeType::person && node.type != NodeType::asset)
    throw ModelError("bad_value", node_label(node.type, node.id) + ": " + std::string(plural(node.type)) +
                                      " are added with their contract, board or seat "
                                      "(add_contract, add_board, add_seat)");
  nodes_.push_back(std::move(node));
  return *this;
}

Batch& Batch::add(RelationSpec relation) {
  relations_.push_back({std::move(relation), false});
  return *this;
}

Batch& Batch::add(ContractSpec c) {
  const std::string what = node_label(NodeType::contract, c.id);
  const std::string& w = c.where;
  // Every refusal first: a contract refused here adds nothing to the batch (found by fuzz_batch:
  // a head link left behind by a refused contract reached the model on its own).
  for (const auto& [role, ids] : c.parties) require(!role.empty(), w, what, "a party role must not be empty");
  if (!c.head.empty()) add_implied(RelKind::head, c.id, c.head, sub(w, "/head"));
  for (auto& [role, ids] : c.parties) {
    for (std::size_t i = 0; i < ids.size(); ++i)
      add_implied(RelKind::party, ids[i], c.id,
                  sub(w, "/parties/" + detail::pointer_token(role) + "/" + std::to_string(i)),
                  Props{{"role", role}});
  }
  nodes_.push_back(NodeSpec{NodeType::contract, c.id, std::move(c.props), w, std::move(c.attributes)});
  for (std::size_t i = 0; i < c.obligations.size(); ++i) {
    auto& o = c.obligations[i];
    std::string ow = o.where.empty() ? sub(w, "/obligations/" + std::to_string(i)) : o.where;
    add_implied(RelKind::obligation_of, o.id, c.id, ow);
    if (!o.flows_from.empty()) add_implied(RelKind::flows_from, o.id, o.flows_from, sub(ow, "/flows_from"));
    if (!o.obligor.empty()) add_implied(RelKind::obligor, o.id, o.obligor, sub(ow, "/obligor"));
    if (!o.obligee.empty()) add_implied(RelKind::obligee, o.id, o.obligee, sub(ow, "/obligee"));
    nodes_.push_back(
        NodeSpec{NodeType::obligation, std::move(o.id), std::move(o.props), ow, std::move(o.attributes)});
  }
  return *this;
}

Batch& Batch::add_link(RelKind kind, std::string source, std::string target, Props props, std::string where) {
  static const RelKind allowed[] = {RelKind::party,      RelKind::governs, RelKind::appointed_by,
                                    RelKind::represents, RelKind::held_by, RelKind::obligor,
                                    RelKind::obligee};
  if (std::find(std::begin(allowed), std::end(allowed), kind) == std::end(allowed))
    throw ModelError("implied_kind", "add_link: '" + std::string(to_string(kind)) +
                                         "' is not a link of a contract, board or seat");
  add_implied(kind, std::move(source), std::move(target), std::move(where), std::move(props));
  return *this;
}

Batch& Batch::add(BoardSpec b) {  // a board without `of` needs a governs link (checked in apply)
  if (!b.of.empty()) add_implied(RelKind::governs, b.id, b.of, sub(b.where, "/of"));
  nodes_.push_back(
      NodeSpec{NodeType::board, std::move(b.id), std::move(b.props), b.where, std::move(b.attributes)});
  return *this;
}

Batch& Batch::add(SeatSpec s) {
  require(!s.board.empty(), s.where, node_label(NodeType::seat, s.id),
          "a seat needs 'board', the board it is on");
  add_implied(RelKind::seat_on, s.id, s.board, sub(s.where, "/board"));
  if (!s.appointed_by.empty())
    add_implied(RelKind::appointed_by, s.id, s.appointed_by, sub(s.where, "/appointed_by"));
  for (std::size_t i = 0; i < s.represents.size(); ++i)
    add_implied(RelKind::represents, s.id, s.represents[i], sub(s.where, "/represents/" + std::to_string(i)));
  if (!s.held_by.empty()) add_implied(RelKind::held_by, s.id, s.held_by, sub(s.where, "/held_by"));
  nodes_.push_back(
      NodeSpec{NodeType::seat, std::move(s.id), std::move(s.props), s.where, std::move(s.attributes)});
  return *this;
}

Batch& Batch::add(NodeColumns c) {
  const std::size_t n = c.ids.size();
  if ((!c.types.empty() && c.types.size() != n) || (!c.props.empty() && c.props.size() != n) ||
      (!c.attributes.empty() && c.attributes.size() != n))
    throw ModelError("bad_value", "node columns differ in length: " + std::to_string(n) + " ids, " +
                                      std::to_string(c.types.size()) + " types, " +
                                      std::to_string(c.props.size()) + " rows of values, " +
                                      std::to_string(c.attributes.size()) + " rows of attributes");
  auto refuse = [&](NodeType t, const std::string& where) {
    if (t == NodeType::organisation || t == NodeType::person || t == NodeType::asset) return;
    throw ModelError("bad_value", where + "node type '" + std::string(to_string(t)) +
                                      "' cannot be added in bulk (organisation, person and asset "
                                      "can); " +
                                      std::string(plural(t)) +
                                      " are added with add_contract, add_board or add_seat");
  };
  for (std::size_t i = 0; i < c.types.size(); ++i) refuse(c.types[i], c.where + std::to_string(i) + ": ");
  if (c.types.empty() && n > 0) refuse(c.type, "");
  node_columns_.push_back(std::move(c));
  return *this;
}

Batch& Batch::add(RelationColumns c) {
  const std::size_t n = c.kinds.size();
  if (c.sources.size() != n || c.targets.size() != n || (!c.shares.empty() && c.shares.size() != n) ||
      (!c.props.empty() && c.props.size() != n) || (!c.attributes.empty() && c.attributes.size() != n))
    throw ModelError("bad_value", "relation columns differ in length: " + std::to_string(n) + " kinds, " +
                                      std::to_string(c.sources.size()) + " sources, " +
                                      std::to_string(c.targets.size()) + " targets, " +
                                      std::to_string(c.shares.size()) + " shares, " +
                                      std::to_string(c.props.size()) + " rows of values, " +
                                      std::to_string(c.attributes.size()) + " rows of attributes");
  relation_columns_.push_back(std::move(c));
  return *this;
}

Batch& Batch::add_history(std::string id, std::string key, std::vector<EarlierValue> earlier,
                          std::string where) {
  histories_.push_back({std::move(id), std::move(key), std::move(earlier), std::move(where)});
  return *this;
}

std::size_t Batch::node_count() const {
  std::size_t n = nodes_.size();
  for (const auto& c : node_columns_) n += c.size();
  return n;
}

std::size_t Batch::relation_count() const {
  std::size_t n = relations_.size();
  for (const auto& c : relation_columns_) n += c.size();
  return n;
}

void Batch::reserve(std::size_t nodes, std::size_t relations) {
  nodes_.reserve(nodes);
  relations_.reserve(relations);
}

}  // namespace govgraph
