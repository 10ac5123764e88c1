// rules.cpp — the accountability rules, applied once to a dated view (see rules.hpp for the
// table of rules and their bases; docs/accountability.md for the statutes and cases).
#include "rules.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace govgraph::detail {
namespace {

template <class V, class T>
bool has(const V& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

Rules::Rules(const Q& q, Need need) : q_(q), parties_(q) {
  contract_rules();                           // 1, 2, 8, 4 (and sole traders), 6 (employment)
  if (need == Need::all) negligence_rules();  // 6 (vicarious), personal, non-delegable, ss.10, 12
  guarantee_rules();                          // 5
  if (need == Need::all) indemnity_rules();   // 7 (reads the edges above)
  index();
}

void Rules::index() {
  // Counting sort of the edge indices by obligation: one array, offsets per node.
  const std::size_t n = q_.s.nodes.size();
  offsets_.assign(n + 1, 0);
  for (const auto& e : edges_) ++offsets_[e.obligation + 1];
  for (std::size_t i = 0; i < n; ++i) offsets_[i + 1] += offsets_[i];
  index_.resize(edges_.size());
  std::vector<std::uint32_t> at(offsets_.begin(), offsets_.end() - 1);
  for (std::uint32_t i = 0; i < edges_.size(); ++i) index_[at[edges_[i].obligation]++] = i;
}

LiabilityRegime Parties::regime(NodeIndex n) const {
  if (q_.type(n) != NodeType::organisation) return LiabilityRegime::own;
  const LegalForm* f = find_legal_form(q_.text(n, "legal_form"));
  return f ? f->regime : LiabilityRegime::own;
}

const std::vector<PartnerOf>& Parties::partners(NodeIndex firm) const {
  if (auto it = partners_.find(firm); it != partners_.end()) return it->second;
  std::vector<PartnerOf>& out = partners_[firm];
  // Every partner the firm ever had, whatever the view's day, with the dates they were partners
  // (relation and node dates intersected, through nested firms): s.17(2) keeps a retired partner
  // liable under contracts made while a partner, so the day alone cannot decide who is listed.
  // Depth-first through partners that are themselves firms. A partner may have several
  // periods (one who left and rejoined): one entry per period. A firm already on the way down
  // is not entered again (circular partnerships), and nesting stops at kMaxNesting.
  constexpr std::size_t kMaxNesting = 64;
  const Q all{q_.s, Date{}};
  struct Frame {
    NodeIndex firm;
    Date start, end;
    std::vector<NodeIndex> path;
  };
  std::vector<Frame> stack{{firm, {}, {}, {firm}}};
  while (!stack.empty()) {
    const Frame f = std::move(stack.back());
    stack.pop_back();
    const LiabilityRegime r = regime(f.firm);
    if (r != LiabilityRegime::partners && r != LiabilityRegime::one_person) continue;
    const RelKind k = r == LiabilityRegime::one_person ? RelKind::owns : RelKind::partner_in;
    const Basis b = r == LiabilityRegime::one_person ? Basis::one_person : Basis::joint_and_several;
    all.in(f.firm, k, [&](NodeIndex p, RelIndex rel) {
      if (has(f.path, p)) return;
      const auto& x = q_.s.relations[rel];
      const auto& node = q_.s.nodes[p];
      const Value* rv = x.get("released");
      const Date s = later(later(f.start, x.start), node.start);
      const Date e = sooner(sooner(f.end, x.end), node.end);
      if (!s.is_none() && !e.is_none() && e <= s) return;  // never a partner (nested dates)
      // The same partner for the same period by another route (two firms both partners in a
      // third) is one entry, and is not walked twice.
      if (std::any_of(out.begin(), out.end(),
                      [&](const PartnerOf& o) { return o.who == p && o.start == s && o.end == e; }))
        return;
      out.push_back({p, s, e, rv && std::get<bool>(*rv), b});
      if (f.path.size() < kMaxNesting) {
        std::vector<NodeIndex> path = f.path;
        path.push_back(p);
        stack.push_back({p, s, e, std::move(path)});
      }
    });
  }
  return out;
}

bool Parties::partner_on(const PartnerOf& p, Date day) { return in_force(p.start, p.end, day); }

const std::vector<NodeIndex>& Parties::shielded(NodeIndex n) const {
  if (auto it = shielded_.find(n); it != shielded_.end()) return it->second;
  std::vector<NodeIndex>& v = shielded_[n];
  if (regime(n) != LiabilityRegime::shielded) return v;
  for (RelKind k : {RelKind::member_of, RelKind::owns, RelKind::partner_in})
    for (NodeIndex m : q_.ins(n, k))
      if (!has(v, m)) v.push_back(m);
  return v;
}

NodeIndex Rules::delegate_of(NodeIndex creditor) const {
  if (creditor == kNoNode) return kNoNode;
  // Asked once per edge, of a few creditors with thousands of relations each: kept per creditor.
  if (delegates_.empty()) delegates_.assign(q_.s.nodes.size(), kUnasked);
  NodeIndex& d = delegates_[creditor];
  if (d == kUnasked) d = q_.first_out(creditor, RelKind::delegates);
  return d;
}

bool Rules::scope_covers(const IndemnityScope& scope, NodeIndex o, ClaimKind claim) const {
  if (!(scope.claims & static_cast<std::uint8_t>(claim))) return false;
  if (scope.category.empty()) return true;
  for (NodeIndex ob = o; ob != kNoNode; ob = q_.parent(ob))
    if (q_.text(ob, "category") == scope.category) return true;
  return false;
}

void Rules::add(Accountability a) { edges_.push_back(a); }

void Rules::add_with_owners(Accountability a, NodeIndex except) {
  add(a);
  // Rule 4: a firm's partners answer with it: jointly for its debts and obligations (PA 1890 s.9;
  // each can be sued for the whole, Civil Liability (Contribution) Act 1978 s.3), jointly and
  // severally for its wrongs (ss.10, 12); each for the time they were partners (s.17). A sole
  // trader's owner is the same legal person.
  const NodeIndex debtor = a.party;
  const ContractRoles* kind = a.claim == ClaimKind::contract ? q_.roles(a.contract) : nullptr;
  const bool incurred_when_made = kind && !kind->varied_on_partner_change && !a.start.is_none();
  for (const PartnerOf& p : partners(debtor)) {
    if (p.who == except) continue;
    Accountability j = a;
    j.party = p.who;
    j.basis = p.basis;
    j.via = debtor;
    if (incurred_when_made && p.basis == Basis::joint_and_several && !p.released) {
      // s.17(1): one who joined after the contract was made is not liable under it; s.17(2): one
      // who was a partner when it was made stays liable under it after retiring, for as long as
      // the contract runs (unless released by novation, s.17(3): then as any partner of the day).
      if (!Parties::partner_on(p, a.start)) continue;
    } else {
      // The partners of the day answer (GMS, PMS, APMS are varied on a change of partners; a
      // tort binds those who were partners when it was done, s.10): each for the time they were.
      if (!Parties::partner_on(p, q_.day)) continue;
      if (incurred_when_made && !Parties::partner_on(p, a.start)) continue;  // released, s.17(1)
      j.start = later(a.start, p.start);
      j.end = sooner(a.end, p.end);
    }
    add(j);
  }
}

namespace {
/// An obligor or obligee of an obligation with the days its link holds: its own obligor/obligee
/// link, or its contract's party link in the role the kind gives (a party novated on a day has
/// two such links, each dated).
struct DatedParty {
  NodeIndex n;
  Date start, end;
};
std::vector<DatedParty> dated_side(const Q& q, NodeIndex o, bool obligor) {
  std::vector<DatedParty> v;
  q.out(o, obligor ? RelKind::obligor : RelKind::obligee, [&](NodeIndex t, RelIndex r) {
    v.push_back({t, q.s.relations[r].start, q.s.relations[r].end});
  });
  if (!v.empty()) return v;
  const NodeIndex c = q.contract_of(o);
  const ContractRoles* roles = c == kNoNode ? nullptr : q.roles(c);
  const std::string_view role = roles ? (obligor ? roles->obligor_role : roles->obligee_role) : "";
  if (role.empty()) return v;
  q.in(c, RelKind::party, [&](NodeIndex p, RelIndex r) {
    const Value* x = q.s.relations[r].get("role");
    if (x && std::get<std::string>(*x) == role)
      v.push_back({p, q.s.relations[r].start, q.s.relations[r].end});
  });
  return v;
}
}  // namespace

void Rules::contract_rules() {
  const auto& s = q_.s;
  for (NodeIndex c = 0; c < s.nodes.size(); ++c) {
    if (s.nodes[c].type != NodeType::contract || !q_.live(c)) continue;
    const Basis basis = q_.basis(c);
    const bool enforceable = q_.binding(c);
    for (NodeIndex o : q_.obligations(c)) {
      const auto creditors = dated_side(q_, o, false);
      const auto dated_debtors = dated_side(q_, o, true);
      std::vector<NodeIndex> debtors;
      for (const auto& d : dated_debtors) debtors.push_back(d.n);
      const Date os = later(s.nodes[c].start, s.nodes[o].start), oe = sooner(s.nodes[c].end, s.nodes[o].end);
      // Rule 1 (privity): the obligor answers to the obligee under the contract, for the days
      // the contract, the obligation and both their links to it hold (a commissioner novated on
      // a day answers before it, its successor from it).
      for (const auto& d : dated_debtors)
        for (const auto& cr : creditors) {
          const Date start = later(os, later(d.start, cr.start)), end = sooner(oe, sooner(d.end, cr.end));
          if (start && end && !(start < end)) continue;  // the two links never overlap
          Accountability a{
              d.n,   cr.n, o, c, basis, enforceable, ClaimKind::contract, kNoNode, delegate_of(cr.n),
              start, end};
          add_with_owners(a);  // rules 1, 2, 8; 4
        }
      // Rule 6, in contract: an employee who performs the obligation answers to its employer
      // when the employer owes the work (the employment contract's duty of care and skill).
      q_.in(o, RelKind::performs, [&](NodeIndex p, RelIndex pr) {
        if (q_.type(p) != NodeType::person) return;
        q_.in(p, RelKind::employs, [&](NodeIndex employer, RelIndex er) {
          if (employer == p || !has(debtors, employer)) return;
          add({p, employer, o, c, Basis::employment, true, ClaimKind::contract, kNoNode, kNoNode,
               later(os, later(s.relations[pr].start, s.relations[er].start)),
               sooner(oe, sooner(s.relations[pr].end, s.relations[er].end))});
        });
      });
    }
  }
}

void Rules::negligence_rules() {
  const auto& s = q_.s;
  auto on_chain = [&](NodeIndex firm, NodeIndex o) {  // firm owes o or an obligation above it
    for (NodeIndex ob = o; ob != kNoNode; ob = q_.parent(ob))
      if (has(q_.obligors(ob), firm)) return true;
    return false;
  };
  for (NodeIndex o = 0; o < s.nodes.size(); ++o) {
    if (s.nodes[o].type != NodeType::obligation || !q_.live(o)) continue;
    const NodeIndex c = q_.contract_of(o);
    if (c == kNoNode) continue;
    const Date os = later(s.nodes[c].start, s.nodes[o].start), oe = sooner(s.nodes[c].end, s.nodes[o].end);
    const auto obligors = q_.obligors(o);
    q_.in(o, RelKind::performs, [&](NodeIndex p, RelIndex pr) {
      const auto& rel = s.relations[pr];
      const Date ps = later(os, rel.start), pe = sooner(oe, rel.end);
      Accountability base{p, kNoNode, o, c, Basis::personal, true, ClaimKind::negligence, p, kNoNode, ps, pe};
      add(base);                      // the performer's own duty of care
      std::vector<NodeIndex> answer;  // who answers vicariously for p
      // A partner doing the work of a firm that owes it acts in the firm's business, not in the
      // course of any employment elsewhere (Mohamud v WM Morrison [2016] UKSC 11): an employer
      // that owes nothing on the chain does not answer for it.
      bool own_firms_work = false;
      q_.out(p, RelKind::partner_in, [&](NodeIndex firm, RelIndex) { own_firms_work |= on_chain(firm, o); });
      // `who` answers vicariously for p, with its partners (s.12; p is liable in person anyway).
      auto vicarious = [&](NodeIndex who, Date from, Date to) {
        answer.push_back(who);
        Accountability v = base;
        v.party = who;
        v.basis = Basis::vicarious;
        v.start = later(ps, from);
        v.end = sooner(pe, to);
        add_with_owners(v, p);
      };
      q_.in(p, RelKind::employs, [&](NodeIndex employer, RelIndex er) {
        if (employer == p || has(answer, employer)) return;
        if (own_firms_work && !on_chain(employer, o)) return;
        vicarious(employer, s.relations[er].start, s.relations[er].end);
      });
      if (const Value* ak = rel.get("akin_to_employment"); ak && std::get<bool>(*ak))
        for (NodeIndex d : obligors)
          if (d != p && !has(answer, d)) vicarious(d, {}, {});
      // PA 1890 s.10: the firm answers for a partner's wrongful act in the ordinary course of its
      // business (here: work on an obligation the firm owes), and s.12 its partners with it.
      // ... and where its employer owes the work itself, the partner does it as that employee.
      bool employer_owes = false;
      q_.in(p, RelKind::employs, [&](NodeIndex e, RelIndex) { employer_owes |= has(obligors, e); });
      q_.out(p, RelKind::partner_in, [&](NodeIndex firm, RelIndex fr) {
        if (has(answer, firm) || !on_chain(firm, o)) return;
        if (employer_owes && !has(obligors, firm)) return;
        vicarious(firm, s.relations[fr].start, s.relations[fr].end);
      });
    });
    // A non-delegable duty (Woodland v Swimming Teachers Association [2013] UKSC 66): the
    // obligor answers in negligence for the service whoever performs it.
    if (const Value* nd = q_.field(o, "non_delegable"); nd && std::get<bool>(*nd))
      for (NodeIndex d : obligors)
        add_with_owners(
            {d, kNoNode, o, c, Basis::non_delegable, true, ClaimKind::negligence, d, kNoNode, os, oe});
  }
}

void Rules::guarantee_rules() {
  // Rule 5: a guarantor answers to the creditor its guarantee names, its liability co-extensive
  // with the debtor's (Moschi v Lep Air Services [1973] AC 331), for the debtor's obligations (to that creditor, or under the contract it
  // names), the guaranteed contract's or the guaranteed obligation's. A guarantee of an
  // organisation that names no creditor and no contract creates no edge (lint reports it).
  const auto& s = q_.s;
  const std::size_t n = edges_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Accountability a = edges_[i];
    if (!is_chain(a.basis)) continue;
    for (NodeIndex target : {a.party, a.contract, a.obligation})
      q_.in(target, RelKind::guarantees, [&](NodeIndex g, RelIndex gr) {
        if (g == a.to || g == a.party) return;
        const auto& rel = s.relations[gr];
        const Value* b = rel.get("beneficiary");
        const Value* k = rel.get("contract");
        if (b && std::get<std::string>(*b) != q_.id(a.to)) return;
        if (k && std::get<std::string>(*k) != q_.id(a.contract)) return;
        if (target == a.party && !b && !k) return;
        Accountability e = a;
        e.party = g;
        e.basis = Basis::guarantee;
        e.via = a.party;
        e.start = later(a.start, rel.start);
        e.end = sooner(a.end, rel.end);
        add(e);
      });
  }
}

bool Rules::nhs_primary_care(NodeIndex c) const {
  // CNSGP covers NHS primary medical services: work under a GMS, PMS or APMS contract or a
  // sub-contract under one (SI 2019/334 reg 3), not private work.
  const ContractRoles* r = c == kNoNode ? nullptr : q_.roles(q_.root_contract(c));
  return r && r->primary_medical_services;
}

void Rules::indemnity_rules() {
  // Rule 7: an indemnity moves the financial exposure of the indemnified, for the claim kinds
  // and obligations its scope covers (kinds table), not the accountability.
  const auto& s = q_.s;
  const std::size_t n = edges_.size();
  std::set<std::tuple<NodeIndex, NodeIndex, NodeIndex, int>> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const Accountability a = edges_[i];
    if (a.basis == Basis::indemnity) continue;
    q_.in(a.party, RelKind::indemnifies, [&](NodeIndex x, RelIndex r) {
      if (x == a.party) return;
      const auto& rel = s.relations[r];
      const Value* sc = rel.get("scope");
      const IndemnityScope* scope = find_indemnity_scope(sc ? std::get<std::string>(*sc) : "all");
      if (!scope || !scope_covers(*scope, a.obligation, a.claim)) return;
      if (scope->name == "cnsgp" && !nhs_primary_care(a.contract)) return;
      Date from = scope->from.empty() ? Date{} : Date::parse(scope->from);
      if (!q_.day.is_none() && !from.is_none() && q_.day < from) return;
      // once per obligation, indemnifier, indemnified and claim kind
      if (!seen.emplace(a.obligation, x, a.party, static_cast<int>(a.claim)).second) return;
      Accountability e = a;
      e.party = x;
      e.to = a.party;
      e.basis = Basis::indemnity;
      e.enforceable = true;
      e.via = a.party;
      e.managed_by = kNoNode;
      e.start = later(later(a.start, rel.start), from);
      e.end = sooner(a.end, rel.end);
      add(e);
    });
  }
}

}  // namespace govgraph::detail
