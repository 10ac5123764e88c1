// impact.cpp — what a change does to a model (impact) and what differs between two models (diff)
// (DESIGN.md, "Time and scenarios"; docs/scenarios.md, "Impact" and "Diff"). Both read the
// models through the dated view (query.hpp) and the scenario functions (scenario.cpp); the rules
// of who delivers an obligation and of how a board decides stay where they live (the flow-down
// tree of sub-contracted obligations; representation()).
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "govgraph/accountability.hpp"
#include "govgraph/error.hpp"
#include "govgraph/representation.hpp"
#include "govgraph/scenario.hpp"
#include "query.hpp"
#include "store.hpp"
#include "validate.hpp"

namespace govgraph {
namespace {

using detail::Q;

/// Strict input: the weight must be a field of organisations or an attribute some organisation
/// has (as representation checks its weight: a typo such as "listsize" would count nobody).
void check_weight(const detail::Store& s, std::string_view weight) {
  if (weight.empty())
    throw ModelError("bad_value", "impact: weight must name a field (list_size by default)");
  if (find_field(NodeType::organisation, weight)) return;
  std::vector<std::string_view> names;
  for (const auto& f : node_fields(NodeType::organisation)) names.push_back(f.name);
  for (const auto& n : s.nodes) {
    if (n.type != NodeType::organisation) continue;
    for (const auto& [k, v] : n.props) {
      if (k == weight) return;
      if (std::find(names.begin(), names.end(), std::string_view(k)) == names.end()) names.push_back(k);
    }
  }
  throw ModelError("unknown_field", "impact: weight '" + detail::shown(weight) +
                                        "' is neither a field nor an attribute of any organisation" +
                                        did_you_mean(weight, names));
}

std::vector<std::string> ids_of(const Q& q, const std::vector<NodeIndex>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (NodeIndex n : v) out.push_back(q.id(n));
  return out;
}

/// The in-force flow-down tree below a root obligation: the obligations sub-contracted from it
/// (over every tier), and its performers: the obligors of the obligations at the ends of the
/// chains (those passed down no further). Empty when the root was not passed down: its holder
/// performs it. `stamp` marks the obligations visited (a cycle of flows_from, which flow-down
/// gaps report, is walked once).
struct Tree {
  std::vector<NodeIndex> obligations;
  std::vector<NodeIndex> performers;
};
Tree flow_down_tree(const Q& q, NodeIndex root, std::vector<std::uint32_t>& stamp, std::uint32_t mark) {
  Tree t;
  std::vector<NodeIndex> stack{root};
  stamp[root] = mark;
  while (!stack.empty()) {
    const NodeIndex o = stack.back();
    stack.pop_back();
    bool passed_on = false;
    q.each_child(o, [&](NodeIndex c) {
      passed_on = true;
      if (stamp[c] == mark) return;
      stamp[c] = mark;
      t.obligations.push_back(c);
      stack.push_back(c);
    });
    if (!passed_on && o != root)
      for (NodeIndex p : q.obligors(o))
        if (std::find(t.performers.begin(), t.performers.end(), p) == t.performers.end())
          t.performers.push_back(p);
  }
  std::sort(t.performers.begin(), t.performers.end());  // model order
  return t;
}

std::vector<std::string> path_nodes(const Model& m, const std::string& obligation, Date day) {
  std::vector<std::string> out;
  for (const auto& p : liability_paths(m, obligation, day)) {
    for (NodeIndex n : p.nodes) out.push_back(m.nodes()[n].id);
    out.emplace_back();  // separates the paths
  }
  return out;
}

bool flag(const Node& n, std::string_view key) {
  const Value* v = n.get(key);
  return v && std::holds_alternative<bool>(*v) && std::get<bool>(*v);
}

}  // namespace

Impact impact(const Model& model, const std::vector<std::string>& ids, const ImpactOptions& options) {
  const auto lock = model.read_lock();
  std::vector<std::string> unknown;
  for (const auto& id : ids)
    if (!model.contains(id)) unknown.push_back(detail::shown(id));
  if (!unknown.empty())
    throw UnknownIdError("unknown_id", "impact: " + detail::join(unknown) +
                                           (unknown.size() == 1 ? " is" : " are") + " not in the model");
  check_weight(model.store(), options.weight);
  const Date day = options.as_of;
  // The model read before the change: with as_of, the model itself on that day (a view); with
  // none, the current facts (docs/scenarios.md: "current: a relation with no end", the reading
  // without() uses for the seats it vacates), as a copy of them.
  Model current_facts;
  const Model* base = &model;
  if (day.is_none()) {
    current_facts = current(model);
    base = &current_facts;
  }
  const auto base_lock = base->read_lock();
  std::vector<std::string> present;  // an id no longer current has nothing left to remove
  for (const auto& id : ids)
    if (base->contains(id)) present.push_back(id);
  const auto& bs = base->store();
  const Q qb{bs, day};
  std::vector<char> gone(bs.nodes.size(), 0);
  for (const auto& id : removed_by(*base, present)) gone[*base->find(id)] = 1;

  Impact out;
  out.after = without(*base, present, day);
  const auto after_lock = out.after.read_lock();
  const auto& as = out.after.store();
  const Q qa{as, day};
  for (NodeIndex n = 0; n < bs.nodes.size(); ++n)
    if (gone[n] && qb.live(n)) out.removed.push_back(qb.id(n));

  // Obligations left without a performer (docs/scenarios.md, "Impact"): a root obligation whose
  // delivery was passed down (in-force sub-contracted obligations flow from it, over any number
  // of tiers, to the parties that perform it), whose chain a removed node broke (one of its
  // obligations, or a performer, went), and which after the change no chain delivers to any of
  // those performers: its holder is left answering for what it had sub-contracted away. A
  // practice performing its own contract (nothing flows from it) is not listed; nor is an
  // obligation that went itself (its holder or contract removed: see `removed`).
  std::vector<std::uint32_t> stamp_b(bs.nodes.size(), 0), stamp_a(as.nodes.size(), 0);
  std::uint32_t mark = 0;
  std::vector<NodeIndex> holders;  // the holders of those obligations, in row order, once
  for (NodeIndex o = 0; o < bs.nodes.size(); ++o) {
    if (bs.nodes[o].type != NodeType::obligation || gone[o] || !qb.live(o)) continue;
    if (qb.contract_of(o) == kNoNode || qb.parent(o) != kNoNode) continue;  // roots only
    ++mark;
    const Tree before = flow_down_tree(qb, o, stamp_b, mark);
    bool broken = false;  // stays false when nothing flows from it: its holder performs it
    for (NodeIndex x : before.obligations) broken |= gone[x] != 0;
    for (NodeIndex p : before.performers) broken |= gone[p] != 0;
    const auto oa = out.after.find(qb.id(o));
    if (oa && broken) {
      const Tree after = flow_down_tree(qa, *oa, stamp_a, mark);
      bool delivered = false;
      for (NodeIndex p : after.performers)
        for (NodeIndex q : before.performers) delivered |= qa.id(p) == qb.id(q);
      if (!delivered) {
        UndeliveredObligation row;
        row.obligation = qb.id(o);
        row.contract = qb.id(qb.contract_of(o));
        const auto obligors = qb.obligors(o);
        row.holder = detail::join(ids_of(qb, obligors));
        row.received_by = ids_of(qb, qb.obligees(o));
        row.delivered_by = ids_of(qb, before.performers);
        row.patients = obligors.empty() ? detail::kNaN : qb.number(obligors.front(), options.weight);
        for (NodeIndex h : obligors)
          if (std::find(holders.begin(), holders.end(), h) == holders.end()) holders.push_back(h);
        out.without_performer.push_back(std::move(row));
      }
    }
    // Liability paths changed: compared only where the change touches the tree (a node of it,
    // or a node linked to one of its obligations or contracts, went); elsewhere they cannot.
    if (!oa) continue;
    bool touched = broken;
    std::vector<NodeIndex> tree = before.obligations;
    tree.push_back(o);
    for (std::size_t i = 0, n = tree.size(); i < n && !touched; ++i)
      if (NodeIndex c = qb.contract_of(tree[i]); c != kNoNode) tree.push_back(c);
    for (std::size_t i = 0; i < tree.size() && !touched; ++i) {
      bs.topology.each_out(tree[i], [&](const detail::EdgeProp&, NodeIndex t) { touched |= gone[t] != 0; });
      bs.topology.each_in(tree[i], [&](const detail::EdgeProp&, NodeIndex t) { touched |= gone[t] != 0; });
    }
    if (!touched) continue;
    bool changed = broken;
    try {
      changed = path_nodes(*base, qb.id(o), day) != path_nodes(out.after, qb.id(o), day);
    } catch (const Error&) {
      // Paths liability_paths will not enumerate (more than its limit, or a chain deeper than
      // the 4,096 tiers it follows): changed when the flow-down tree lost a node.
    }
    if (changed) out.paths_changed.push_back(qb.id(o));
  }

  // Obligations left without their beneficiary: an obligee went, no obligor did. (men-d
  // removed, an MoU obligation that men-a owed men-d is not left without a performer.) An
  // obligation whose contract went (removed, or as a dependant: 01H removed, its GMS contracts
  // and their obligations go with it) is in `removed` only, not listed here: nothing is left of
  // it to lack a beneficiary. One that names its own obligees and falls because all of them went
  // (the MoU's nurse share, owed to men-d alone) is both: its contract and its obligor remain,
  // and losing whom it served is exactly what this list reports.
  for (NodeIndex o = 0; o < bs.nodes.size(); ++o) {
    if (bs.nodes[o].type != NodeType::obligation || !qb.live(o)) continue;
    if (const NodeIndex c = qb.contract_of(o); c == kNoNode || gone[c]) continue;
    const auto obligors = qb.obligors(o);
    if (std::any_of(obligors.begin(), obligors.end(), [&](NodeIndex p) { return gone[p] != 0; })) continue;
    std::vector<NodeIndex> lost;
    for (NodeIndex p : qb.obligees(o))
      if (gone[p]) lost.push_back(p);
    if (lost.empty()) continue;
    out.without_beneficiary.push_back(
        {qb.id(o), qb.id(qb.contract_of(o)), ids_of(qb, obligors), ids_of(qb, lost)});
  }

  // Patients affected (docs/scenarios.md, "Impact"): the practices actually affected, each once,
  // in this order —
  //  1. the holders of the obligations left without a performer (their own services lost their
  //     performer);
  //  2. the practices whose own primary medical services contract goes (removed itself, or as a
  //     dependant: its commissioner removed). A practice, for this rule, is an organisation that
  //     holds (is the obligor party of) a contract whose kind the kinds table marks as a service
  //     contract of primary medical services (ContractRoles::service and
  //     ::primary_medical_services: GMS, PMS, APMS; NHS Act 2006 ss.83, 84, 92): its registered
  //     list is the patients that contract serves (GMS Contracts Regulations 2015 Part 10), so
  //     ending the contract affects all of them, whoever then takes them on;
  //  3. the removed organisations whose kind is practice (their own lists).
  // Each is counted by its own weight field in force on as_of (not its members': a
  // collaborative's list is its practices').
  std::vector<NodeIndex> affected = holders;
  auto affect = [&](NodeIndex n) {
    if (std::find(affected.begin(), affected.end(), n) == affected.end()) affected.push_back(n);
  };
  for (NodeIndex c = 0; c < bs.nodes.size(); ++c) {
    if (!gone[c] || bs.nodes[c].type != NodeType::contract || !qb.live(c)) continue;
    const ContractRoles* r = qb.roles(c);
    if (!r || !r->service || !r->primary_medical_services) continue;
    for (NodeIndex h : qb.parties(c, r->obligor_role))
      if (bs.nodes[h].type == NodeType::organisation) affect(h);
  }
  for (NodeIndex n = 0; n < bs.nodes.size(); ++n)
    if (gone[n] && qb.live(n) && bs.nodes[n].type == NodeType::organisation &&
        qb.text(n, "kind") == "practice" && std::find(affected.begin(), affected.end(), n) == affected.end())
      affected.push_back(n);
  for (NodeIndex n : affected) {
    out.practices_affected.push_back(qb.id(n));
    const double w = qb.number(n, options.weight);
    if (std::isnan(w)) out.weight_unknown.push_back(qb.id(n));
    else out.patients_affected += w;
  }

  // Seats: removed with their board, or vacated. The vacancies are the ones without() flagged
  // (scenario.cpp: a seat whose current appointer, or only current holder, was removed), so the
  // rule has one home; a seat flagged vacant before the change was not vacated by it.
  std::vector<NodeIndex> boards;
  for (NodeIndex seat = 0; seat < bs.nodes.size(); ++seat) {
    if (bs.nodes[seat].type != NodeType::seat || !qb.live(seat)) continue;
    const NodeIndex b = qb.first_out(seat, RelKind::seat_on);
    if (gone[seat]) {
      out.seats_removed.push_back(qb.id(seat));
    } else {
      const auto sa = out.after.find(qb.id(seat));
      if (!sa || !flag(as.nodes[*sa], "vacant") || flag(bs.nodes[seat], "vacant")) continue;
      out.seats_vacated.push_back(qb.id(seat));
    }
    if (b != kNoNode && !gone[b] && std::find(boards.begin(), boards.end(), b) == boards.end())
      boards.push_back(b);
  }
  // Boards that lost a seat (vacated or removed) and can no longer act: representation() decides,
  // with is_vacant and the quorum over the seats that vote (representation.cpp, board_game).
  std::sort(boards.begin(), boards.end());
  RepresentationOptions ro;
  ro.as_of = day;
  ro.with_shapley_shubik = false;
  for (NodeIndex b : boards) {
    if (!qb.live(b)) continue;
    BoardImpact bi;
    bi.board = qb.id(b);
    const Representation before = representation(*base, bi.board, ro);
    bi.quorate_before = before.quorate;
    bi.can_decide_before = before.can_decide;
    try {
      const Representation after = representation(out.after, bi.board, ro);
      bi.quorate_after = after.quorate;
      bi.can_decide_after = after.can_decide;
    } catch (const Error& e) {               // e.g. a whole-number quota above the votes left
      bi.quorate_after = bi.quorate_before;  // not known: the game could not be formed
      bi.can_decide_after = false;
      bi.reason = e.what();
    }
    if ((bi.quorate_before && !bi.quorate_after) || (bi.can_decide_before && !bi.can_decide_after))
      out.boards.push_back(std::move(bi));
  }
  return out;
}

// -- diff ------------------------------------------------------------------------------------

namespace {

/// A value as a diff shows it: text quoted, numbers and booleans as the file writes them.
std::string shown_value(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return "'" + *s + "'";
  return to_string(v);
}

/// A value as a hash key: tagged by type, so that 1, 1.0, true and "1" differ.
void key_value(std::string& k, const Value& v) {
  k += static_cast<char>('0' + v.index());
  k += to_string(v);
  k += '\x1f';
}

/// Which node a link implied by a contract, board or seat belongs to in the file: a party link
/// to its contract (the target), every other implied link to its source.
std::string link_key(const Relation& r) {
  if (r.kind == RelKind::party) {
    const Value* role = r.get("role");
    return "parties." + (role ? to_string(*role) : std::string());
  }
  return std::string(to_string(r.kind));
}

/// One link as a diff shows it: the other end, its dates and its own values.
std::string shown_link(const detail::Store& s, const Relation& r, NodeIndex other) {
  std::string out = s.nodes[other].id;
  std::string extra;
  auto add = [&](const std::string& x) { extra += (extra.empty() ? "" : ", ") + x; };
  if (!r.start.is_none()) add("start " + r.start.iso());
  if (!r.end.is_none()) add("end " + r.end.iso());
  if (!std::isnan(r.share)) add("share " + to_string(Value{r.share}));
  if (r.props)
    for (const auto& [k, v] : *r.props)
      if (!(r.kind == RelKind::party && k == "role")) add(k + " " + shown_value(v));
  return extra.empty() ? out : out + " (" + extra + ")";
}

/// A node's content, field by field (sorted by name): name, dates, fields and attributes, and
/// the links it owns in the file (parties by role, board, appointer, holder, ...).
std::vector<std::pair<std::string, std::string>> content(const detail::Store& s, NodeIndex n) {
  const Node& node = s.nodes[n];
  std::vector<std::pair<std::string, std::string>> f;
  if (!node.name.empty()) f.emplace_back("name", "'" + node.name + "'");
  if (!node.start.is_none()) f.emplace_back("start", node.start.iso());
  if (!node.end.is_none()) f.emplace_back("end", node.end.iso());
  for (const auto& [k, v] : node.props) f.emplace_back(k, shown_value(v));
  std::vector<std::pair<std::string, std::string>> links;
  s.topology.each_out(n, [&](const detail::EdgeProp& e, NodeIndex t) {
    if (is_implied(e.kind) && e.kind != RelKind::party)
      links.emplace_back(link_key(s.relations[e.rel]), shown_link(s, s.relations[e.rel], t));
  });
  s.topology.each_in(n, [&](const detail::EdgeProp& e, NodeIndex src) {
    if (e.kind == RelKind::party)
      links.emplace_back(link_key(s.relations[e.rel]), shown_link(s, s.relations[e.rel], src));
  });
  std::sort(links.begin(), links.end());
  for (std::size_t i = 0; i < links.size();) {  // one field per key, its links in order
    std::string v = links[i].second;
    std::size_t j = i + 1;
    for (; j < links.size() && links[j].first == links[i].first; ++j) v += ", " + links[j].second;
    f.emplace_back(links[i].first, std::move(v));
    i = j;
  }
  // The value history (Model::set with on=; Store::history): the node's own fields hold only
  // the latest value, so two models that differ only in a field's earlier values would read as
  // the same. Each field's history is compared as a field of its own, "<field> history", its
  // earlier values oldest first, each with the day it lasted until ("[12400 until 2021-01-01]";
  // an earlier absence shows as (none)). A field with no history has no such row.
  if (auto h = s.history.find(n); h != s.history.end())
    for (const detail::FieldHistory& fh : h->second) {
      std::string v = "[";
      for (const detail::Earlier& e : fh.earlier)
        v += (v.size() > 1 ? ", " : "") + (e.value ? shown_value(*e.value) : std::string("(none)")) +
             " until " + e.until.iso();
      f.emplace_back(fh.key + " history", v + "]");
    }
  std::sort(f.begin(), f.end());
  return f;
}

/// A stated relation's whole content as a hash key: kind, endpoint ids, dates, share, and its
/// fields and attributes (a relation's `id` among them).
std::string relation_key(const detail::Store& s, const Relation& r) {
  std::string k(to_string(r.kind));
  k += '\x1f';
  k += s.nodes[r.source].id;
  k += '\x1f';
  k += s.nodes[r.target].id;
  k += '\x1f';
  k += r.start.is_none() ? "" : r.start.iso();
  k += '\x1f';
  k += r.end.is_none() ? "" : r.end.iso();
  k += '\x1f';
  if (!std::isnan(r.share)) k += to_string(Value{r.share});
  k += '\x1f';
  if (r.props)
    for (const auto& [name, v] : *r.props) {
      k += name;
      k += '=';
      key_value(k, v);
    }
  return k;
}

}  // namespace

std::vector<DiffRow> diff(const Model& a, const Model& b) {
  const auto la = a.read_lock();
  const auto lb = b.read_lock();
  const auto& sa = a.store();
  const auto& sb = b.store();
  std::vector<DiffRow> rows;
  for (NodeIndex n = 0; n < sb.nodes.size(); ++n) {
    const Node& nb = sb.nodes[n];
    const auto m = sa.find(nb.id);
    if (!m) {
      rows.push_back({"added", "node", nb.id, std::string(to_string(nb.type)), ""});
      continue;
    }
    const Node& na = sa.nodes[*m];
    std::string detail;
    auto add = [&](const std::string& key, const std::string& old, const std::string& now) {
      detail += (detail.empty() ? "" : "; ") + key + ": " + old + " -> " + now;
    };
    if (na.type != nb.type) add("type", std::string(to_string(na.type)), std::string(to_string(nb.type)));
    const auto fa = content(sa, *m), fb = content(sb, n);
    for (std::size_t i = 0, j = 0; i < fa.size() || j < fb.size();) {  // merge of two sorted lists
      if (j == fb.size() || (i < fa.size() && fa[i].first < fb[j].first)) {
        add(fa[i].first, fa[i].second, "(none)");
        ++i;
      } else if (i == fa.size() || fb[j].first < fa[i].first) {
        add(fb[j].first, "(none)", fb[j].second);
        ++j;
      } else {
        if (fa[i].second != fb[j].second) add(fa[i].first, fa[i].second, fb[j].second);
        ++i, ++j;
      }
    }
    if (!detail.empty()) rows.push_back({"changed", "node", nb.id, std::string(to_string(nb.type)), detail});
  }
  for (const Node& na : sa.nodes)
    if (!sb.find(na.id)) rows.push_back({"removed", "node", na.id, std::string(to_string(na.type)), ""});

  // Stated relations, a multiset by content: each of b's matches one of a's with the same
  // content, first come first matched; the rest of b's were added, the rest of a's removed.
  auto row = [&](const char* change, const detail::Store& s, const Relation& r) {
    std::string dates;
    if (!r.start.is_none()) dates += "start " + r.start.iso();
    if (!r.end.is_none()) dates += (dates.empty() ? "" : " ") + std::string("end ") + r.end.iso();
    const std::string kind(to_string(r.kind));
    rows.push_back(
        {change, "relation", s.nodes[r.source].id + " -" + kind + "-> " + s.nodes[r.target].id, kind, dates});
  };
  std::unordered_map<std::string, std::size_t> in_a;  // content -> how many of a's are unmatched
  in_a.reserve(sa.relations.size());
  for (const auto& r : sa.relations)
    if (!is_implied(r.kind)) ++in_a[relation_key(sa, r)];
  std::unordered_map<std::string, std::size_t> matched;  // content -> how many of a's b matched
  for (const auto& r : sb.relations) {
    if (is_implied(r.kind)) continue;
    std::string k = relation_key(sb, r);
    auto it = in_a.find(k);
    if (it != in_a.end() && it->second > 0) {
      --it->second;
      ++matched[std::move(k)];
    } else {
      row("added", sb, r);
    }
  }
  for (const auto& r : sa.relations) {
    if (is_implied(r.kind)) continue;
    auto it = matched.find(relation_key(sa, r));
    if (it != matched.end() && it->second > 0) --it->second;
    else row("removed", sa, r);
  }
  return rows;
}

}  // namespace govgraph
