// accountability.cpp — the eight accountability rules of DESIGN.md over the graph storage.
//
// Everything reads through Q, which sees only nodes and relations in force on the chosen day,
// and walks the graph's in/out edges by kind (O(degree) per step). No query mutates the model.
#include "govgraph/accountability.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>

#include "govgraph/error.hpp"
#include "query.hpp"
#include "store.hpp"

namespace govgraph {

std::string_view to_string(Basis b) {
  static constexpr std::string_view names[] = {"contract",  "subcontract", "joint_and_several",
                                               "vicarious", "guarantee",   "indemnity",
                                               "non_binding"};
  return names[static_cast<int>(b)];
}

std::string_view to_string(GapKind k) {
  static constexpr std::string_view names[] = {"not_flowed_down", "no_performer",
                                               "cap_below_exposure", "onward_subcontracting"};
  return names[static_cast<int>(k)];
}

namespace {

/// An amount of money in a note: plain digits, never exponent notation ("100000", "1234.5"),
/// "unlimited" for no cap.
std::string money_text(double x) {
  if (std::isnan(x)) return "unlimited";
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

using detail::kNaN;
using detail::Q;
using detail::require;


Hop make_hop(const Q& q, NodeIndex debtor, NodeIndex creditor, NodeIndex o) {
  Hop h;
  h.debtor = debtor;
  h.creditor = creditor;
  h.obligation = o;
  h.contract = q.contract_of(o);
  h.basis = q.basis(h.contract);
  h.enforceable = q.binding(h.contract);
  const auto& lists = q.party_lists(debtor);
  h.jointly_liable = lists.partners;
  for (NodeIndex g : q.guarantors(debtor, h.contract, o))
    if (g != creditor && g != debtor) h.guarantors.push_back(g);
  h.shielded = lists.shielded;  // empty unless the debtor is limited
  return h;
}

/// Paths for one leaf obligation: performers of `leaf`, then the chain `chain` (leaf first, up to
/// the root).
void paths_for_chain(const Q& q, const std::vector<NodeIndex>& chain, std::vector<LiabilityPath>& out) {
  const NodeIndex leaf = chain.front();
  for (NodeIndex first : q.obligors(leaf)) {
    // Build the hops up the chain: at each level the debtor is the creditor below it when that
    // party owes the obligation, else each obligor in turn (branching).
    std::function<void(std::size_t, NodeIndex, LiabilityPath)> climb =
        [&](std::size_t level, NodeIndex debtor, LiabilityPath p) {
          if (level == chain.size()) {
            out.push_back(std::move(p));
            return;
          }
          const NodeIndex o = chain[level];
          auto creditors = q.obligees(o);
          if (creditors.empty()) {  // nobody to answer to: the path ends here
            out.push_back(std::move(p));
            return;
          }
          for (NodeIndex c : creditors) {
            LiabilityPath next = p;
            next.hops.push_back(make_hop(q, debtor, c, o));
            next.nodes.push_back(c);
            climb(level + 1, c, std::move(next));
          }
        };
    std::vector<LiabilityPath> starts;
    bool any_performer = false;
    q.in(leaf, RelKind::performs, [&](NodeIndex p, RelIndex) {
      if (p == first || !q.employs(first, p)) return;  // see docs: employees of the obligor
      any_performer = true;
      LiabilityPath lp;
      lp.nodes = {p, first};
      Hop h;
      h.debtor = p;
      h.creditor = first;
      h.basis = Basis::vicarious;
      h.obligation = leaf;
      lp.hops.push_back(std::move(h));
      starts.push_back(std::move(lp));
    });
    if (!any_performer) starts.push_back(LiabilityPath{{first}, {}});
    for (auto& st : starts) climb(0, first, std::move(st));
  }
}

void collect_paths(const Q& q, NodeIndex o, std::vector<NodeIndex>& up, std::vector<LiabilityPath>& out) {
  // `up`: o's ancestors, o first. Descend to every leaf of o's flow-down tree.
  std::vector<std::vector<NodeIndex>> stack{{o}};
  while (!stack.empty()) {
    auto chain_down = std::move(stack.back());
    stack.pop_back();
    const NodeIndex x = chain_down.back();
    auto kids = q.children(x);
    if (chain_down.size() > 256) throw ModelError("cycle", "flow-down deeper than 256 levels at '" + q.id(x) + "'");
    if (kids.empty()) {
      std::vector<NodeIndex> chain(chain_down.rbegin(), chain_down.rend());  // leaf ... o
      chain.insert(chain.end(), up.begin() + 1, up.end());                  // ... root
      paths_for_chain(q, chain, out);
    } else {
      for (NodeIndex k : kids) {
        auto next = chain_down;
        next.push_back(k);
        stack.push_back(std::move(next));
      }
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::vector<Accountability> accountability_edges(const Model& model, Date as_of) {
  const Q q{model.store(), as_of};
  const auto& s = model.store();
  std::vector<Accountability> out;
  for (NodeIndex c = 0; c < s.nodes.size(); ++c) {
    if (s.nodes[c].type != NodeType::contract || !q.live(c)) continue;
    const Basis basis = q.basis(c);
    const bool enforceable = q.binding(c);
    for (NodeIndex o : q.obligations(c)) {
      const auto creditors = q.obligees(o);
      for (NodeIndex d : q.obligors(o))
        for (NodeIndex cr : creditors) {
          out.push_back({d, cr, o, c, basis, enforceable});                          // rules 1, 2, 8
          for (NodeIndex p : q.partners(d))                                          // rule 4
            out.push_back({p, cr, o, c, Basis::joint_and_several, enforceable});
          for (NodeIndex g : q.guarantors(d, c, o))                                  // rule 5
            if (g != cr && g != d) out.push_back({g, cr, o, c, Basis::guarantee, enforceable});
          for (const auto& cover : q.covers(d, o))                                   // rule 7
            out.push_back({cover.indemnifier, d, o, c, Basis::indemnity, true});
        }
    }
  }
  // Rule 6: an employer answers for its employees' work on an obligation, to its obligee.
  for (const auto& r : s.relations) {
    if (r.kind != RelKind::performs || !in_force(r.start, r.end, as_of)) continue;
    if (!q.live(r.source) || !q.live(r.target) || s.nodes[r.source].type != NodeType::person) continue;
    const NodeIndex o = r.target, c = q.contract_of(o);
    if (c == kNoNode) continue;
    for (NodeIndex employer : q.ins(r.source, RelKind::employs))
      for (NodeIndex cr : q.obligees(o))
        if (cr != employer) out.push_back({employer, cr, o, c, Basis::vicarious, q.binding(c)});
  }
  return out;
}

std::vector<Accountability> accountability(const Model& model, std::string_view party, Date as_of) {
  auto p = model.find(party);
  if (!p) throw UnknownIdError("unknown_id", "accountability: '" + std::string(party) + "' is not in the model");
  std::vector<Accountability> out;
  for (const auto& a : accountability_edges(model, as_of))
    if (a.party == *p) out.push_back(a);
  return out;
}

std::vector<LiabilityPath> liability_paths(const Model& model, std::string_view obligation, Date as_of) {
  const NodeIndex o = require(model, obligation, NodeType::obligation, "liability_paths");
  const Q q{model.store(), as_of};
  std::vector<LiabilityPath> out;
  if (!q.live(o) || q.contract_of(o) == kNoNode) return out;
  std::vector<NodeIndex> up{o};
  for (NodeIndex p = q.parent(o); p != kNoNode; p = q.parent(p)) {
    if (up.size() > 256) throw ModelError("cycle", "flow-down of '" + std::string(obligation) + "' does not end");
    if (q.contract_of(p) == kNoNode) break;
    up.push_back(p);
  }
  collect_paths(q, o, up, out);
  return out;
}

std::vector<LiabilityPath> all_liability_paths(const Model& model, Date as_of) {
  const Q q{model.store(), as_of};
  const auto& s = model.store();
  std::vector<LiabilityPath> out;
  for (NodeIndex o = 0; o < s.nodes.size(); ++o) {
    if (s.nodes[o].type != NodeType::obligation || !q.live(o) || q.contract_of(o) == kNoNode) continue;
    const NodeIndex p = q.parent(o);
    if (p != kNoNode && q.contract_of(p) != kNoNode) continue;  // reached from its root
    std::vector<NodeIndex> up{o};
    collect_paths(q, o, up, out);
  }
  return out;
}

BreachReport breach(const Model& model, std::string_view obligation, std::string_view by, double loss,
                    Date as_of) {
  const NodeIndex o = require(model, obligation, NodeType::obligation, "breach");
  auto b = model.find(by);
  if (!b) throw UnknownIdError("unknown_id", "breach: party '" + std::string(by) + "' is not in the model");
  if (!std::isnan(loss) && !(loss >= 0 && std::isfinite(loss)))
    throw ModelError("bad_value", "breach: loss must be a finite amount >= 0");
  const Q q{model.store(), as_of};
  BreachReport rep;
  rep.obligation = o;
  rep.by = *b;
  rep.loss = loss;
  // The first path on which `by` owes something (or performs it).
  const LiabilityPath* path = nullptr;
  std::size_t at = 0;
  const auto paths = liability_paths(model, obligation, as_of);
  for (const auto& p : paths) {
    for (std::size_t i = 0; i < p.hops.size() && !path; ++i)
      if (p.hops[i].debtor == *b) {
        path = &p;
        at = i;
      }
    if (path) break;
  }
  if (!path)
    throw ModelError("bad_value", "breach: '" + std::string(by) + "' neither owes nor performs '" +
                                      std::string(obligation) + "' or any obligation flowed down from it");
  const bool with_loss = !std::isnan(loss);
  std::map<NodeIndex, double> borne, exposure;
  std::vector<NodeIndex> order;  // parties in the order they appear
  auto note_party = [&](NodeIndex n) {
    if (std::find(order.begin(), order.end(), n) == order.end()) order.push_back(n);
  };
  double amount = with_loss ? loss : kNaN;
  NodeIndex last_payer = kNoNode;
  for (std::size_t k = path->hops.size(); k-- > at;) {
    const Hop& h = path->hops[k];
    note_party(h.creditor);
    if (h.basis == Basis::vicarious) {
      rep.notes.push_back("'" + q.id(h.creditor) + "' answers vicariously for the work of its employee '" +
                          q.id(h.debtor) + "'; no claim is made against the employee");
      break;
    }
    note_party(h.debtor);
    Claim c;
    c.claimant = h.creditor;
    c.respondent = h.debtor;
    c.basis = h.basis;
    c.contract = h.contract;
    c.obligation = h.obligation;
    c.enforceable = h.enforceable;
    c.cap = h.contract == kNoNode ? kNaN : q.number(h.contract, "liability_cap");
    if (!h.enforceable)
      rep.notes.push_back("'" + q.id(h.contract) + "' is not legally binding (" +
                          std::string(q.text(h.contract, "kind")) + "): '" + q.id(h.creditor) +
                          "' has no enforceable claim against '" + q.id(h.debtor) + "'");
    double rec = kNaN;
    if (with_loss) {
      rec = h.enforceable ? (std::isnan(c.cap) ? amount : std::min(amount, c.cap)) : 0.0;
      borne[h.creditor] += amount - rec;
      if (!std::isnan(c.cap) && rec < amount)
        rep.notes.push_back("the cap of " + money_text(c.cap) + " in '" + q.id(h.contract) +
                            "' leaves '" + q.id(h.creditor) + "' bearing " + money_text(amount - rec));
    }
    c.recoverable = rec;
    rep.claims.push_back(c);
    if (with_loss) exposure[h.debtor] = std::max(exposure[h.debtor], rec);
    // Partners (rule 4) and guarantors (rule 5) can each be pursued for the whole claim.
    for (auto [who, basis] : {std::pair{&h.jointly_liable, Basis::joint_and_several},
                              std::pair{&h.guarantors, Basis::guarantee}})
      for (NodeIndex p : *who) {
        Claim j = c;
        j.respondent = p;
        j.basis = basis;
        rep.claims.push_back(j);
        note_party(p);
        if (with_loss) exposure[p] = std::max(exposure[p], rec);
      }
    for (NodeIndex m : h.shielded)
      if (std::find(rep.shielded.begin(), rep.shielded.end(), m) == rep.shielded.end())
        rep.shielded.push_back(m);
    amount = rec;
    last_payer = h.debtor;
  }
  if (with_loss) {
    // Whoever stands at the bottom of the claims keeps what it pays.
    NodeIndex bottom = last_payer;
    if (path->hops[at].basis == Basis::vicarious) bottom = path->hops[at].creditor;
    if (bottom != kNoNode) borne[bottom] += amount;
    // Rule 7: indemnities take over what their indemnified party bears, within scope and cap.
    for (NodeIndex p : std::vector<NodeIndex>(order)) {
      for (const auto& cover : q.covers(p, o)) {
        const double has = borne[p];
        if (has <= 0) break;
        const double moved = std::isnan(cover.cap) ? has : std::min(has, cover.cap);
        borne[p] -= moved;
        borne[cover.indemnifier] += moved;
        note_party(cover.indemnifier);
        Claim c;
        c.claimant = p;
        c.respondent = cover.indemnifier;
        c.basis = Basis::indemnity;
        c.obligation = o;
        c.recoverable = moved;
        c.cap = cover.cap;
        rep.claims.push_back(c);
        rep.notes.push_back("'" + q.id(cover.indemnifier) + "' indemnifies '" + q.id(p) + "' for " +
                            cover.scope + ": " + money_text(moved) + " moves to it");
      }
    }
    for (NodeIndex p : order) rep.borne.emplace_back(p, borne[p]);
    for (NodeIndex p : order)
      if (exposure.count(p)) rep.exposure.emplace_back(p, exposure[p]);
  }
  return rep;
}

std::vector<Gap> flow_down_gaps(const Model& model, Date as_of) {
  const Q q{model.store(), as_of};
  const auto& s = model.store();
  std::vector<Gap> out;
  for (NodeIndex h = 0; h < s.nodes.size(); ++h) {
    if (s.nodes[h].type != NodeType::contract || !q.live(h)) continue;
    const auto subs = q.ins(h, RelKind::head);
    if (subs.empty()) continue;
    const NodeIndex holder = q.holder(h);
    // not_flowed_down: a head obligation no live sub-contract obligation flows from.
    for (NodeIndex o : q.obligations(h))
      if (q.children(o).empty()) {
        std::string names;
        for (NodeIndex sc : subs) names += (names.empty() ? "" : ", ") + q.id(sc);
        out.push_back({h, o, holder, subs.front(), GapKind::not_flowed_down,
                       "'" + q.id(o) + "' is not passed down to " + names});
      }
    const double head_cap = q.number(h, "liability_cap");
    for (NodeIndex sc : subs) {
      // cap_below_exposure: the holder can recover less than it can be made to pay.
      const double cap = q.number(sc, "liability_cap");
      if (!std::isnan(cap) && (std::isnan(head_cap) || cap < head_cap))
        out.push_back({h, kNoNode, holder, sc, GapKind::cap_below_exposure,
                       "cap " + money_text(cap) + " below the head exposure (" + money_text(head_cap) + ")"});
    }
    // onward_subcontracting: h is itself a sub-contract that forbids what happened.
    if (const Value* v = s.nodes[h].get("onward_subcontracting"); v && !std::get<bool>(*v))
      for (NodeIndex sc : subs)
        out.push_back({h, kNoNode, holder, sc, GapKind::onward_subcontracting,
                       "'" + q.id(h) + "' forbids onward sub-contracting, but '" + q.id(sc) +
                           "' sub-contracts it"});
  }
  // no_performer: a service obligation kept (not flowed down) by an organisation that has nobody
  // to do it: no `performs`, no employee, no partner who is not employed elsewhere.
  static const std::vector<std::string_view> service = {"gms", "pms", "apms", "nhs_standard",
                                                        "subcontract", "service_agreement"};
  for (NodeIndex o = 0; o < s.nodes.size(); ++o) {
    if (s.nodes[o].type != NodeType::obligation || !q.live(o)) continue;
    const NodeIndex c = q.contract_of(o);
    if (c == kNoNode || !q.binding(c) ||
        std::find(service.begin(), service.end(), q.text(c, "kind")) == service.end())
      continue;
    if (!q.children(o).empty()) continue;
    bool performed = false;
    q.in(o, RelKind::performs, [&](NodeIndex, RelIndex) { performed = true; });
    if (performed) continue;
    for (NodeIndex r : q.obligors(o)) {
      if (q.type(r) != NodeType::organisation) continue;
      bool someone = !q.outs(r, RelKind::employs).empty();
      if (!someone)
        for (NodeIndex p : q.partners(r))  // partners, or a sole trader's owner
          if (q.type(p) == NodeType::person && q.ins(p, RelKind::employs).empty()) someone = true;
      if (!someone)
        out.push_back({c, o, r, kNoNode, GapKind::no_performer,
                       "'" + q.id(r) + "' keeps '" + q.id(o) +
                           "' but employs nobody, and no partner or owner is free to do it"});
    }
  }
  return out;
}

}  // namespace govgraph
