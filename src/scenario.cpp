// scenario.cpp — new models assembled from a valid one: filtered (as_of, without) or rewired
// (replace). They are copied record by record into fresh storage, then checked by the one
// checking path every addition takes (the file reader's, which is apply's): a rewiring can
// break a rule (a partner_in moved onto a company; a dropped party leaving a contract without
// its holder), and what the library makes it must be able to save and read back.
#include "govgraph/scenario.hpp"

#include <algorithm>

#include "govgraph/error.hpp"
#include "govgraph/io/json.hpp"
#include "query.hpp"
#include "store.hpp"

namespace govgraph {
namespace {

using detail::Q;

/// A model holding the kept nodes of `s` and `rels` (endpoints as indices into s.nodes; those
/// touching a dropped node are skipped), checked whole by apply's rules: `what` names the
/// operation in the error if the result breaks one.
Model assemble(const detail::Store& s, const std::vector<char>& keep, const std::vector<Relation>& rels,
               const std::string& what, const std::vector<char>* vacated = nullptr, Date day = {}) {
  auto st = std::make_unique<detail::Store>();
  st->name = s.name;
  st->sources = s.sources;
  std::vector<NodeIndex> remap(s.nodes.size(), kNoNode);
  std::vector<Node> nodes;
  for (NodeIndex i = 0; i < s.nodes.size(); ++i) {
    if (!keep[i]) continue;
    remap[i] = static_cast<NodeIndex>(nodes.size());
    nodes.push_back(s.nodes[i]);
    if (auto h = s.history.find(i); h != s.history.end()) {
      if (day) {  // the model of one day: each field as in force then, with no history
        for (const auto& f : h->second) {
          const Value* v = s.value_in_force(i, f.key, day);
          if (v) nodes.back().props.insert_or_assign(f.key, *v);
          else nodes.back().props.erase(f.key);
        }
      } else {
        st->history.emplace(remap[i], h->second);
      }
    }
    if (vacated && (*vacated)[i]) {  // vacant from now on: whatever it was before stays
      Node& seat = nodes.back();
      seat.props.insert_or_assign("vacant", true);
      if (auto h = st->history.find(remap[i]); h != st->history.end()) {
        auto& fields = h->second;
        fields.erase(std::remove_if(fields.begin(), fields.end(),
                                    [](const detail::FieldHistory& f) { return f.key == "vacant"; }),
                     fields.end());
        if (fields.empty()) st->history.erase(h);
      }
    }
  }
  std::vector<Relation> kept;
  kept.reserve(rels.size());
  for (Relation r : rels) {
    if (remap[r.source] == kNoNode || remap[r.target] == kNoNode) continue;
    r.source = remap[r.source];
    r.target = remap[r.target];
    kept.push_back(std::move(r));
  }
  st->append(std::move(nodes), std::move(kept));
  const Model unchecked = Model::adopt(std::move(st));
  try {
    return loads(dumps(unchecked, -1), what);
  } catch (const Error& e) {
    const std::string text = e.what();
    const auto after_id = text.find("] ");
    throw ModelError(e.id(), what + " would make a model that breaks a rule: " +
                                 (after_id == std::string::npos ? text : text.substr(after_id + 2)));
  }
}

/// Closes `gone` over dependants (see without()); with `parts_only`, only over what cannot
/// exist without its whole: obligations without their contract, seats without their board.
void close_over_dependants(const Model& model, std::vector<char>& gone, bool parts_only = false);

std::vector<char> removal(const Model& model, const std::vector<std::string>& ids) {
  std::vector<char> gone(model.size(), 0);
  for (const auto& id : ids) {
    auto i = model.find(id);
    if (!i) throw UnknownIdError("unknown_id", "without: '" + id + "' is not in the model");
    gone[*i] = 1;
  }
  close_over_dependants(model, gone);
  return gone;
}

void close_over_dependants(const Model& model, std::vector<char>& gone, bool parts_only) {
  // A worklist over dependants, O(N + R): one pass decides what falls with the nodes already
  // gone, then each node that falls is visited once and only the nodes that depend on it are
  // checked again (contracts through `head` and their parties, obligations through
  // obligation_of and the obligors and obligees they name, boards through governs, seats
  // through seat_on). The fixpoint over every node
  // that this replaces took a pass per tier: quadratic when sub-contracts came before their
  // heads (8,000 tiers added in reverse order took 11 s; bench/bench_scenario.py).
  const auto& s = model.store();
  const std::size_t n_nodes = s.nodes.size();
  std::vector<NodeIndex> work;
  for (NodeIndex n = 0; n < n_nodes; ++n)
    if (gone[n]) work.push_back(n);
  // Agreements (contracts whose kind has no obligor role: an MoU of `party` roles): how many of
  // their party links there are and how many lead to a node still there.
  std::vector<std::uint32_t> links(parts_only ? 0 : n_nodes, 0), left(parts_only ? 0 : n_nodes, 0);
  auto obliged_roles = [&](NodeIndex c) -> const ContractRoles* {
    const Value* k = s.nodes[c].get("kind");
    const ContractRoles* r = k && std::holds_alternative<std::string>(*k)
                                 ? find_contract_roles(std::get<std::string>(*k))
                                 : nullptr;
    return r && !r->obligor_role.empty() ? r : nullptr;
  };
  auto drop = [&](NodeIndex n) {
    if (gone[n]) return;
    gone[n] = 1;
    work.push_back(n);
  };
  auto first_out = [&](NodeIndex n, RelKind k) {
    NodeIndex x = kNoNode;
    s.for_out(n, k, [&](RelIndex r) {
      if (x == kNoNode) x = s.relations[r].target;
    });
    return x;
  };
  if (!parts_only)
    for (NodeIndex n = 0; n < n_nodes; ++n)
      if (s.nodes[n].type == NodeType::contract && !obliged_roles(n))
        s.for_in(n, RelKind::party, [&](RelIndex e) {
          ++links[n];
          left[n] += !gone[s.relations[e].source];
        });
  // Obligations that name their own obligors or obligees (an MoU's, which has no roles): how
  // many they name and how many are still there; an obligation goes when all of either go.
  std::vector<std::uint32_t> named(2 * n_nodes, 0), named_left(2 * n_nodes, 0);
  for (NodeIndex n = 0; n < n_nodes; ++n)
    if (s.nodes[n].type == NodeType::obligation)
      for (int side = 0; side < 2; ++side)
        s.for_out(n, side ? RelKind::obligee : RelKind::obligor, [&](RelIndex e) {
          ++named[2 * n + side];
          named_left[2 * n + side] += !gone[s.relations[e].target];
        });
  // Nodes that fall from here on are counted out of `left` when the worklist reaches them.
  const std::size_t initially = work.size();
  // The one pass: every node against the nodes gone so far.
  for (NodeIndex n = 0; n < n_nodes; ++n) {
    switch (s.nodes[n].type) {
      case NodeType::contract: {
        if (parts_only || gone[n]) break;
        const NodeIndex head = first_out(n, RelKind::head);
        if (head != kNoNode && gone[head]) drop(n);
        if (const ContractRoles* r = obliged_roles(n)) {
          s.for_in(n, RelKind::party, [&](RelIndex e) {
            const Value* role = s.relations[e].get("role");
            const auto& rn = role ? std::get<std::string>(*role) : std::string();
            if (gone[s.relations[e].source] && (rn == r->obligor_role || rn == r->obligee_role)) drop(n);
          });
        } else if (links[n] >= 2 && left[n] < 2) {
          drop(n);
        }
        break;
      }
      case NodeType::obligation: {
        const NodeIndex c = first_out(n, RelKind::obligation_of);
        if (!gone[n] && c != kNoNode && gone[c]) drop(n);
        for (int side = 0; side < 2; ++side)
          if (named[2 * n + side] > 0 && named_left[2 * n + side] == 0) drop(n);
        break;
      }
      case NodeType::board: {
        if (parts_only) break;
        const NodeIndex o = first_out(n, RelKind::governs);
        if (!gone[n] && o != kNoNode && gone[o]) drop(n);
        break;
      }
      case NodeType::seat: {
        const NodeIndex b = first_out(n, RelKind::seat_on);
        if (!gone[n] && b != kNoNode && gone[b]) drop(n);
        break;
      }
      default: break;
    }
  }
  // Then each node that falls: only what depends on it. The nodes gone at the start were
  // counted out of `left` above; each later one is counted out here, once (it is on the
  // worklist once: drop() pushes a node only when it falls).
  for (std::size_t i = 0; i < work.size(); ++i) {
    const NodeIndex n = work[i];
    const bool late = i >= initially;
    s.for_in(n, RelKind::obligation_of, [&](RelIndex e) { drop(s.relations[e].source); });
    s.for_in(n, RelKind::seat_on, [&](RelIndex e) { drop(s.relations[e].source); });
    if (late)
      for (int side = 0; side < 2; ++side)
        s.for_in(n, side ? RelKind::obligee : RelKind::obligor, [&](RelIndex e) {
          const NodeIndex o = s.relations[e].source;
          if (--named_left[2 * o + side] == 0) drop(o);
        });
    if (parts_only) continue;
    s.for_in(n, RelKind::head, [&](RelIndex e) { drop(s.relations[e].source); });
    s.for_in(n, RelKind::governs, [&](RelIndex e) { drop(s.relations[e].source); });
    if (!late) continue;
    s.for_out(n, RelKind::party, [&](RelIndex e) {
      const NodeIndex c = s.relations[e].target;
      if (gone[c]) return;
      if (const ContractRoles* r = obliged_roles(c)) {
        const Value* role = s.relations[e].get("role");
        const auto& rn = role ? std::get<std::string>(*role) : std::string();
        if (rn == r->obligor_role || rn == r->obligee_role) drop(c);
      } else {
        --left[c];
        if (links[c] >= 2 && left[c] < 2) drop(c);
      }
    });
  }
}

}  // namespace

Model as_of(const Model& model, Date day) {
  const auto lock = model.read_lock();
  const auto& s = model.store();
  std::vector<char> gone(s.nodes.size());
  for (NodeIndex i = 0; i < s.nodes.size(); ++i) gone[i] = !in_force(s.nodes[i].start, s.nodes[i].end, day);
  close_over_dependants(model, gone, true);  // seats of a board not yet in force, obligations...
  std::vector<char> keep(s.nodes.size());
  for (NodeIndex i = 0; i < s.nodes.size(); ++i) keep[i] = !gone[i];
  std::vector<Relation> rels;
  for (const auto& r : s.relations)
    if (in_force(r.start, r.end, day)) rels.push_back(r);
  return assemble(s, keep, rels, "as_of(" + day.iso() + ")", nullptr, day);
}

std::vector<std::string> removed_by(const Model& model, const std::vector<std::string>& ids) {
  const auto lock = model.read_lock();
  const auto gone = removal(model, ids);
  std::vector<std::string> out;
  for (NodeIndex i = 0; i < gone.size(); ++i)
    if (gone[i]) out.push_back(model.nodes()[i].id);
  return out;
}

Model without(const Model& model, const std::vector<std::string>& ids) { return without(model, ids, Date{}); }

Model without(const Model& model, const std::vector<std::string>& ids, Date as_of) {
  const auto lock = model.read_lock();
  const auto gone = removal(model, ids);
  std::vector<char> keep(gone.size());
  for (std::size_t i = 0; i < gone.size(); ++i) keep[i] = !gone[i];
  // What-if assumption (docs/scenarios.md): a seat whose current appointer, or whose only current
  // holder, is removed falls vacant; it stays on its board, and a vacancy does not vote
  // (representation.cpp, is_vacant). Current: a relation with no end, or, given `as_of`, one in
  // force that day. Removing a past holder vacates nothing. (In law a director stays until
  // removed, CA 2006 s.168: this reads the removal of the appointer as the end of its nominee's
  // mandate.) impact() reads the seats vacated from the flags set here: one home for the rule.
  const auto& s = model.store();
  auto current = [&](const Relation& r) {
    return as_of.is_none() ? r.end.is_none() : in_force(r.start, r.end, as_of);
  };
  std::vector<char> vacated(gone.size(), 0), kept_holder(gone.size(), 0);
  for (const auto& r : s.relations) {
    if (gone[r.source] || !current(r)) continue;
    if (r.kind == RelKind::appointed_by && gone[r.target]) vacated[r.source] = 1;
    if (r.kind == RelKind::held_by) (gone[r.target] ? vacated[r.source] : kept_holder[r.source]) |= 2;
  }
  for (std::size_t i = 0; i < vacated.size(); ++i)
    vacated[i] = (vacated[i] & 1) || ((vacated[i] & 2) && !kept_holder[i]);
  return assemble(s, keep, s.relations, "without", &vacated);
}

Model current(const Model& model) {
  const auto lock = model.read_lock();
  const auto& s = model.store();
  std::vector<char> gone(s.nodes.size());
  for (NodeIndex i = 0; i < s.nodes.size(); ++i) gone[i] = !s.nodes[i].end.is_none();
  close_over_dependants(model, gone, true);  // the obligations of an ended contract, ...
  std::vector<char> keep(s.nodes.size());
  for (NodeIndex i = 0; i < s.nodes.size(); ++i) keep[i] = !gone[i];
  std::vector<Relation> rels;
  for (const auto& r : s.relations)
    if (r.end.is_none()) rels.push_back(r);
  return assemble(s, keep, rels, "current facts (no as_of)");
}

Model replace(const Model& model, std::string_view old, std::string_view replacement, Date on) {
  const auto lock = model.read_lock();
  auto a = model.find(old);
  auto b = model.find(replacement);
  if (!a) throw UnknownIdError("unknown_id", "replace: '" + std::string(old) + "' is not in the model");
  if (!b)
    throw UnknownIdError("unknown_id", "replace: '" + std::string(replacement) +
                                           "' is not in the model (add it before novating to it)");
  if (on.is_none()) throw ModelError("bad_date", "replace: a novation needs the date it takes effect");
  const auto& s = model.store();
  if (s.nodes[*a].type != s.nodes[*b].type)
    throw ModelError("endpoint_kind", "replace: '" + std::string(old) + "' is " +
                                          std::string(to_string(s.nodes[*a].type)) + " but '" +
                                          std::string(replacement) + "' is " +
                                          std::string(to_string(s.nodes[*b].type)));
  if (*a == *b) throw ModelError("bad_value", "replace: a node cannot replace itself");
  if (s.nodes[*a].type != NodeType::organisation && s.nodes[*a].type != NodeType::person)
    throw ModelError("bad_value", "replace: novation is of organisations and people, not of a " +
                                      std::string(to_string(s.nodes[*a].type)));
  std::vector<Relation> rels;
  rels.reserve(s.relations.size() + 16);
  for (const auto& r : s.relations) {
    const bool touches = r.source == *a || r.target == *a;
    if (!touches || (r.end && r.end <= on)) {
      rels.push_back(r);
      continue;
    }
    Relation moved = r;
    if (moved.source == *a) moved.source = *b;
    if (moved.target == *a) moved.target = *b;
    if (r.start && r.start >= on) {  // starts after the novation: only the replacement
      if (moved.source != moved.target) rels.push_back(moved);
      continue;
    }
    Relation before = r;
    before.end = on;
    rels.push_back(before);
    moved.start = on;
    if (moved.source != moved.target) rels.push_back(moved);
  }
  std::vector<char> keep(s.nodes.size(), 1);
  return assemble(s, keep, rels, "replace('" + std::string(old) + "' by '" + std::string(replacement) + "')");
}

}  // namespace govgraph
