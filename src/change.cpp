// change.cpp — change over time (DESIGN.md, "Time and scenarios"). A model records facts and
// never forgets them: ending a node or a relation sets its end date (the first day it no longer
// holds, as every date in the model), and a field given a new value from a date keeps its earlier
// values beside the node (Store::history), so that a query as of an earlier day sees the model as
// it was then. Each function checks all it will do before it changes anything.
#include "change.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "govgraph/error.hpp"
#include "query.hpp"
#include "validate.hpp"

namespace govgraph::detail {
namespace {

std::string dated(Date start, Date end) {
  if (!start && !end) return "undated";
  return (start ? "from " + start.iso() : std::string("since always")) +
         (end ? " to " + end.iso() : std::string(", open"));
}

std::string relation_name(const Store& s, const Relation& r) {
  if (const Value* id = r.get("id")) return std::get<std::string>(*id);
  return std::string(to_string(r.kind)) + ": " + s.nodes[r.source].id + " -> " + s.nodes[r.target].id;
}

/// A relation's description in an error: its name and dates.
std::string described(const Store& s, RelIndex i) {
  const Relation& r = s.relations[i];
  return "'" + shown(relation_name(s, r)) + "' (" + dated(r.start, r.end) + ")";
}

/// Ending `start`..`end` on `on`: an end before the start is refused (as in any input), and so is
/// ending what had already ended before `on` (a fact cannot be un-ended, and moving its end
/// later would assert what the model was told had stopped). An earlier end than a planned one
/// is allowed: a contract terminated before its expiry.
void check_end(Date start, Date end, Date on, const std::string& what) {
  if (!on) throw ModelError("bad_date", "end: " + what + ": give the day it ends (on=)");
  if (end && end < on) throw ModelError("bad_date", "end: " + what + " already ended on " + end.iso());
  check_interval(start, on, "end: " + what);
  if (start && on == start)
    throw ModelError("bad_date", "end: " + what + " starts on " + start.iso() +
                                     ": ending it that day means it was never in force");
}

/// Kinds that are a node's structure, not a fact of their own: they end with their node.
bool structural(RelKind k) {
  switch (k) {
    case RelKind::obligation_of:
    case RelKind::flows_from:
    case RelKind::head:
    case RelKind::governs:
    case RelKind::seat_on: return true;
    default: return false;
  }
}
/// Who owes and who is owed under a contract: ending one such link alone would leave the
/// contract in force with no holder or no commissioner (rule 1 needs both). A party changes by
/// novation (replace), which ends the old link and starts the new one on the same day.
bool obliges(RelKind k) { return k == RelKind::party || k == RelKind::obligor || k == RelKind::obligee; }

/// The contract behind an obliging link from or to n: the contract itself for a party link,
/// the obligation's contract for an obligor/obligee link.
NodeIndex contract_behind(const Store& s, const Relation& r) {
  if (r.kind == RelKind::party) return r.target;
  NodeIndex c = kNoNode;
  s.for_out(r.source, RelKind::obligation_of, [&](RelIndex x) { c = s.relations[x].target; });
  return c;
}

/// Runs past `on`: not ended by then.
bool runs_past(Date end, Date on) { return !end || on < end; }

/// The node's fields as in force from `day` (none: before every change), from `timelines`.
Props fields_on(const Props& now, const std::vector<std::pair<std::string, Timeline>>& timelines, Date day) {
  Props out = now;
  for (const auto& [key, t] : timelines) {
    const std::optional<Value>* v = &t.front().second;
    for (const auto& [from, value] : t)
      if (from <= day) v = &value;  // none sorts first: the value since always
    if (*v) out.insert_or_assign(key, **v);
    else out.erase(key);
  }
  return out;
}

}  // namespace

bool holds_throughout(const Timeline& t, Date start, Date end, std::string_view want) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Date from = t[i].first, until = i + 1 < t.size() ? t[i + 1].first : Date{};
    const bool overlaps = (!end || !from || from < end) && (!until || !start || start < until);
    const auto* text = t[i].second ? std::get_if<std::string>(&*t[i].second) : nullptr;
    if (overlaps && (!text || *text != want)) return false;
  }
  return true;
}

Timeline timeline(const Store& s, NodeIndex n, std::string_view key) {
  Timeline t;
  Date from;  // none: since always
  if (auto h = s.history.find(n); h != s.history.end())
    for (const FieldHistory& f : h->second)
      if (f.key == key)
        for (const Earlier& e : f.earlier) {
          t.emplace_back(from, e.value);
          from = e.until;
        }
  const Value* now = s.nodes[n].get(key);
  t.emplace_back(from, now ? std::optional<Value>(*now) : std::nullopt);
  return t;
}

void end_node(Store& s, NodeIndex n, Date on) {
  Node& node = s.nodes[n];
  const std::string what = node_label(node.type, node.id);
  check_end(node.start, node.end, on, what);
  // A link cannot outlive a node it joins. The node's own structure (a contract's parties and
  // obligations, a board's seats, a seat's appointer) ends with it, as queries read it. The
  // links of others that point at it end on the day too, recorded: its stated relations (either
  // way), the seats it appoints or holds (which fall vacant from the day, as on a withdrawal)
  // and those that represent it. It may not be a party that owes or is owed under a contract
  // still in force after the day: end or novate that contract first (rule 1 needs both sides).
  std::vector<RelIndex> ending;
  std::vector<NodeIndex> vacated;
  auto consider = [&](RelIndex ri, bool out) {
    const Relation& r = s.relations[ri];
    if (!runs_past(r.end, on)) return;
    const bool stated = !is_implied(r.kind);
    const bool points_here = !out && (r.kind == RelKind::appointed_by || r.kind == RelKind::held_by ||
                                      r.kind == RelKind::represents);
    const bool party_here = (out && r.kind == RelKind::party) ||
                            (!out && (r.kind == RelKind::obligor || r.kind == RelKind::obligee));
    if (party_here) {
      const NodeIndex c = contract_behind(s, r);
      if (c != kNoNode && runs_past(s.nodes[c].end, on))
        throw ModelError("not_in_force",
                         "end: " + what + " is a party to '" + s.nodes[c].id + "' (" +
                             std::string(to_string(r.kind)) +
                             (r.get("role") ? " " + std::get<std::string>(*r.get("role")) : "") + ", " +
                             dated(r.start, r.end) + ") after " + on.iso() +
                             ": end that contract, or novate it to a successor first "
                             "(replace(old, new, on=))");
      return;
    }
    if (!stated && !points_here) return;
    if (r.start && !(r.start < on))
      throw ModelError("bad_date", "end: " + what + " on " + on.iso() + ", but " + described(s, ri) +
                                       " only starts then or later: end or change that first");
    ending.push_back(ri);
    if (r.kind == RelKind::appointed_by) vacated.push_back(r.source);
    if (r.kind == RelKind::held_by) {  // vacant unless another holder sits on after the day
      bool other = false;
      s.for_out(r.source, RelKind::held_by, [&](RelIndex h) {
        other |= h != ri && s.relations[h].target != n && runs_past(s.relations[h].end, on);
      });
      if (!other) vacated.push_back(r.source);
    }
  };
  s.topology.each_out(n, [&](const EdgeProp& e, NodeIndex) { consider(e.rel, true); });
  s.topology.each_in(n, [&](const EdgeProp& e, NodeIndex) { consider(e.rel, false); });
  node.end = on;
  for (RelIndex r : ending) s.relations[r].end = on;
  for (NodeIndex seat : vacated) vacate(s, seat, on);
}

std::vector<RelIndex> relations_named(const Store& s, const RelationRef& ref) {
  std::vector<RelIndex> out;
  if (!ref.id.empty()) {
    if (auto r = s.find_relation(ref.id)) out.push_back(*r);
    return out;
  }
  auto a = s.find(ref.source), b = s.find(ref.target);
  if (!a || !b) return out;
  s.for_out(*a, ref.kind, [&](RelIndex r) {
    if (s.relations[r].target == *b) out.push_back(r);
  });
  return out;
}

RelIndex relation_to_end(const Store& s, const RelationRef& ref, Date on) {
  const std::string named = ref.id.empty() ? "relation '" + std::string(to_string(ref.kind)) + "' from '" +
                                                 shown(ref.source) + "' to '" + shown(ref.target) + "'"
                                           : "relation '" + shown(ref.id) + "'";
  if (ref.id.empty()) {
    if (structural(ref.kind))
      throw ModelError("bad_value", "end: a '" + std::string(to_string(ref.kind)) +
                                        "' link is part of its node: end the contract, obligation, board "
                                        "or seat itself");
    if (obliges(ref.kind))
      throw ModelError("bad_value", "end: a '" + std::string(to_string(ref.kind)) +
                                        "' link says who owes or is owed under a contract; ending it alone "
                                        "would leave the contract with no holder or no commissioner: end "
                                        "the contract, or novate the party (replace(old, new, on=))");
    for (const auto* id : {&ref.source, &ref.target})
      if (!s.find(*id)) throw UnknownIdError("unknown_id", "end: '" + shown(*id) + "' is not in the model");
  }
  const auto all = relations_named(s, ref);
  if (all.empty()) {
    if (!ref.id.empty())
      throw UnknownIdError("unknown_id",
                           "end: '" + shown(ref.id) + "' is neither a node's nor a relation's id");
    throw UnknownIdError("unknown_id", "end: there is no " + named);
  }
  if (!ref.id.empty()) return all.front();
  std::vector<RelIndex> live;
  for (RelIndex r : all)
    if (in_force(s.relations[r].start, s.relations[r].end, on)) live.push_back(r);
  auto listed = [&](const std::vector<RelIndex>& rs) {
    std::string out;
    for (RelIndex r : rs) out += (out.empty() ? "" : "; ") + described(s, r);
    return out;
  };
  if (live.empty())
    throw ModelError("not_in_force", "end: no " + named + " is in force on " + (on ? on.iso() : "no day") +
                                         "; there " + (all.size() == 1 ? "is " : "are ") + listed(all));
  if (live.size() > 1)
    throw ModelError("ambiguous", "end: " + std::to_string(live.size()) + " " + named + "s are in force on " +
                                      on.iso() + ": " + listed(live) +
                                      "; give each an id when adding it and end it by its id");
  return live.front();
}

void end_relation(Store& s, RelIndex r, Date on) {
  Relation& rel = s.relations[r];
  check_end(rel.start, rel.end, on, "relation " + described(s, r));
  rel.end = on;
}

std::vector<Ended> withdraw(Store& s, NodeIndex org, NodeIndex arrangement, Date on, bool vacate_seats) {
  const std::string what = "withdraw('" + shown(s.nodes[org].id) + "' from '" +
                           shown(s.nodes[arrangement].id) + "')";
  if (!on) throw ModelError("bad_date", what + ": give the day it takes effect (on=)");
  if (org == arrangement)
    throw ModelError("bad_value", what + ": an organisation cannot withdraw from itself");
  for (NodeIndex n : {org, arrangement})
    if (s.nodes[n].type != NodeType::organisation)
      throw ModelError("endpoint_kind", what + ": '" + s.nodes[n].id + "' is " +
                                            std::string(to_string(s.nodes[n].type)) +
                                            ", not an organisation");
  const Q q{s, on};  // only what is in force on the day
  std::vector<Ended> plan;
  auto relation = [&](const char* kind, RelIndex r) {
    plan.push_back({kind, relation_name(s, s.relations[r]), r, on});
  };
  // Its membership of the arrangement.
  q.out(org, RelKind::member_of, [&](NodeIndex t, RelIndex r) {
    if (t == arrangement) relation("membership", r);
  });
  // The sub-contracts between the two, either way round: a contract of a sub-contract kind in
  // which one is in the obligor role and the other in the obligee role (rules 2-3: privity runs
  // between them only, so with the membership they end together).
  std::vector<NodeIndex> contracts;
  q.out(org, RelKind::party, [&](NodeIndex c, RelIndex) {
    const ContractRoles* r = q.roles(c);
    if (!r || !r->subcontract || std::find(contracts.begin(), contracts.end(), c) != contracts.end()) return;
    const auto obligors = q.parties(c, r->obligor_role), obligees = q.parties(c, r->obligee_role);
    auto has = [](const std::vector<NodeIndex>& v, NodeIndex x) {
      return std::find(v.begin(), v.end(), x) != v.end();
    };
    if ((has(obligors, org) && has(obligees, arrangement)) ||
        (has(obligors, arrangement) && has(obligees, org)))
      contracts.push_back(c);
  });
  for (NodeIndex c : contracts) plan.push_back({"subcontract", s.nodes[c].id, std::nullopt, on});
  // Its appointments to the arrangement's boards: the seats fall vacant from the day (an
  // assumption, vacate_seats: in law a director stays in office until removed, CA 2006 s.168,
  // or until the articles end the appointment; collaboratives' articles commonly end a member's
  // nominee's office when the member leaves, the model articles do not).
  std::vector<NodeIndex> seats;
  if (vacate_seats)
    q.in(arrangement, RelKind::governs, [&](NodeIndex board, RelIndex) {
      q.in(board, RelKind::seat_on, [&](NodeIndex seat, RelIndex) {
        bool appointed = false;
        q.out(seat, RelKind::appointed_by, [&](NodeIndex a, RelIndex r) {
          if (a != org) return;
          appointed = true;
          relation("appointment", r);
        });
        if (!appointed) return;
        q.out(seat, RelKind::held_by, [&](NodeIndex, RelIndex r) { relation("holder", r); });
        seats.push_back(seat);
      });
    });
  if (plan.empty())
    throw ModelError("not_in_force", what + ": on " + on.iso() +
                                         " there is no membership, sub-contract between them or seat it "
                                         "appoints on the arrangement's boards to end");
  // Check all, then change: a refusal leaves everything as it was.
  for (const Ended& e : plan) {
    if (e.relation) check_end(s.relations[*e.relation].start, s.relations[*e.relation].end, on, e.id);
    else {
      const Node& c = s.nodes[*s.find(e.id)];
      check_end(c.start, c.end, on, node_label(c.type, c.id));
    }
  }
  for (const Ended& e : plan) {
    if (e.relation) s.relations[*e.relation].end = on;
    else s.nodes[*s.find(e.id)].end = on;
  }
  for (NodeIndex seat : seats) {
    vacate(s, seat, on);
    plan.push_back({"seat", s.nodes[seat].id, std::nullopt, on});
  }
  return plan;
}

void put_timelines(Store& s, NodeIndex n, std::vector<std::pair<std::string, Timeline>> timelines,
                   const std::vector<RelIndex>& in_rels, const std::string& ctx) {
  Node& node = s.nodes[n];
  // Every combination of fields the node will have, on every day one changes, must be valid
  // (a board's quota with its rules, a seat's votes with its kind).
  std::vector<Date> days = {Date{}};
  for (const auto& [key, t] : timelines)
    for (const auto& p : t) days.push_back(p.first);
  if (auto h = s.history.find(n); h != s.history.end())
    for (const FieldHistory& f : h->second)
      for (const Earlier& e : f.earlier) days.push_back(e.until);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  // The other fields' own histories, for the days between.
  std::vector<std::pair<std::string, Timeline>> all = timelines;
  if (auto h = s.history.find(n); h != s.history.end())
    for (const FieldHistory& f : h->second)
      if (std::none_of(timelines.begin(), timelines.end(), [&](const auto& t) { return t.first == f.key; }))
        all.emplace_back(f.key, timeline(s, n, f.key));
  for (Date d : days)
    check_node_fields(node.type, fields_on(node.props, all, d), ctx + (d ? " as of " + d.iso() : ""));
  // A relation whose endpoint rule needs a field of this node (partner_in: legal_form
  // partnership) must find it on every day both are in force.
  for (RelIndex ri : in_rels) {
    const Relation& r = s.relations[ri];
    const auto cond = endpoint_rule(r.kind).target_condition;
    if (cond.empty()) continue;
    const auto eq = cond.find('=');
    const std::string field(cond.substr(0, eq)), want(cond.substr(eq + 1));
    for (const auto& [key, t] : timelines)
      if (key == field && !holds_throughout(t, r.start, r.end, want))
        throw ModelError("endpoint_kind", ctx + ": '" + std::string(to_string(r.kind)) + "' from '" +
                                              s.nodes[r.source].id + "' needs " + field + " " + want +
                                              " while it is in force (" + dated(r.start, r.end) + ")");
  }
  // Commit.
  NodeHistory& h = s.history[n];
  for (auto& entry : timelines) {  // (not a structured binding: clang 14 cannot capture one)
    const std::string& key = entry.first;
    Timeline& t = entry.second;
    if (t.back().second) node.props.insert_or_assign(key, *t.back().second);
    else node.props.erase(key);
    std::vector<Earlier> earlier;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) earlier.push_back({t[i + 1].first, t[i].second});
    auto f = std::find_if(h.begin(), h.end(), [&](const FieldHistory& x) { return x.key == key; });
    if (earlier.empty()) {
      if (f != h.end()) h.erase(f);
    } else if (f != h.end()) {
      f->earlier = std::move(earlier);
    } else {
      h.push_back({key, std::move(earlier)});
    }
  }
  std::sort(h.begin(), h.end(), [](const FieldHistory& a, const FieldHistory& b) { return a.key < b.key; });
  if (h.empty()) s.history.erase(n);
}

void vacate(Store& s, NodeIndex seat, Date on) {
  const Node& node = s.nodes[seat];
  if (node.end && !(on < node.end)) return;  // it has gone by then
  set_fields(s, seat, node.start && on < node.start ? node.start : on, Props{{"vacant", true}}, true);
}

void set_fields(Store& s, NodeIndex n, Date on, Props fields, bool for_good) {
  Node& node = s.nodes[n];
  const std::string ctx = "set(" + node_label(node.type, node.id) +
                          (on ? ", on " + on.iso() : std::string()) + ")";
  if (fields.empty()) throw ModelError("missing_field", ctx + ": give at least one field and its new value");
  // A value from a day the node does not exist on would be read on none of its days, or (before
  // its start) on all of them: that is a correction, given without a day.
  if (on && node.start && on < node.start)
    throw ModelError("bad_date", ctx + ": " + node.id + " starts on " + node.start.iso() +
                                     "; a value for its whole life is a correction: give it without on=");
  if (on && node.end && !(on < node.end))
    throw ModelError("bad_date", ctx + ": " + node.id + " ended on " + node.end.iso());
  std::optional<std::string> new_name;
  for (auto& [key, value] : fields) {
    if (key == "start" || key == "end")
      throw ModelError("bad_value",
                       ctx + ": '" + key + "' is a date of the node, not a field: " +
                           (key == "end" ? "end it with end(id, on=)" : "a start is not changed"));
    if (key == "name") {
      if (on)
        throw ModelError("bad_value", ctx +
                                          ": a name has no history; correct it without on=, or add the "
                                          "renamed body as a new node and novate to it (replace)");
      if (!std::holds_alternative<std::string>(value))
        throw ModelError("wrong_type", ctx + ": 'name' must be text");
      new_name = std::get<std::string>(value);
      check_text_value(*new_name, ctx, "name");
      continue;
    }
    // A contract's kind decides its parties' roles and whether it has a head (the kinds table):
    // another kind is another contract, not a new value of this one.
    if (node.type == NodeType::contract && key == "kind")
      throw ModelError("bad_value", ctx +
                                        ": a contract's kind decides its parties' roles and its head; "
                                        "end it and add a contract of the new kind from the day");
    check_node_field(node.type, key, value, ctx);
  }
  // The fields' timelines with the new values: with a day, the value from that day until the
  // next change (replacing one given from the same day); without, the value for all time.
  std::vector<std::pair<std::string, Timeline>> timelines;
  for (auto& [key, value] : fields) {
    if (key == "name") continue;
    Timeline t = timeline(s, n, key);
    if (!on) {
      t = {{Date{}, value}};
    } else {
      auto at = std::find_if(t.begin(), t.end(), [&](const auto& p) { return p.first >= on; });
      if (at != t.end() && at->first == on) at->second = value;
      else at = t.insert(at, {on, value});
      if (for_good) t.erase(at + 1, t.end());  // from the day on, whatever was planned after it
    }
    // The same value twice in a row is one value: histories stay canonical, so a model written
    // and read back compares equal.
    Timeline merged;
    for (auto& p : t)
      if (merged.empty() || merged.back().second != p.second) merged.push_back(std::move(p));
    timelines.emplace_back(key, std::move(merged));
  }
  std::vector<RelIndex> in_rels;
  s.topology.each_in(n, [&](const EdgeProp& e, NodeIndex) { in_rels.push_back(e.rel); });
  put_timelines(s, n, std::move(timelines), in_rels, ctx);
  if (new_name) node.name = std::move(*new_name);  // nothing after this can throw
}

}  // namespace govgraph::detail
