// accountability.cpp — the accountability queries: rows, liability paths (counted, enumerated or
// compact), breach by claim kind, flow-down gaps and lint. Every answer reads the edges that the
// rules layer (rules.{hpp,cpp}) gives for a dated view; no rule is decided here.

#include "govgraph/accountability.hpp"
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

#include "govgraph/error.hpp"
#include "query.hpp"
#include "rules.hpp"
#include "store.hpp"

namespace govgraph {

std::string_view to_string(Basis b) {
  static constexpr std::string_view names[] = {"contract",      "subcontract", "joint_and_several",
                                               "vicarious",     "guarantee",   "indemnity",
                                               "non_binding",   "employment",  "personal",
                                               "non_delegable", "one_person"};
  return names[static_cast<int>(b)];
}

std::string_view to_string(GapKind k) {
  static constexpr std::string_view names[] = {"not_flowed_down", "no_performer", "cap_below_exposure",
                                               "onward_subcontracting", "circular_subcontracting"};
  return names[static_cast<int>(k)];
}

namespace {

using detail::is_chain;
using detail::kNaN;
using detail::later;
using detail::Q;
using detail::require;
using detail::Rules;
using detail::sooner;

/// An amount of money in a note: plain digits, never exponent notation ("100000", "1234.5"),
/// "unlimited" for no cap.
std::string money_text(double x) {
  if (std::isnan(x)) return "unlimited";
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

template <class V, class T>
bool has(const V& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

constexpr std::uint64_t kSat = std::numeric_limits<std::uint64_t>::max();
std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) { return a > kSat - b ? kSat : a + b; }
std::uint64_t sat_mul(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kSat / b ? kSat : a * b;
}

/// Liability paths of one flow-down tree, read from the rules' edges. A path starts at each
/// debtor of a chain edge who is not the creditor of a chain edge below it (a leaf's obligors, a
/// joint holder who kept the work), preceded by the employees who perform the work for it, and
/// climbs each chain edge to the obligation its obligation flows from.
class PathGraph {
 public:
  using Memo = std::unordered_map<std::uint64_t, std::uint64_t>;
  /// `memo` (routes up from a debtor of an obligation) may be shared by the graphs of one Rules.
  PathGraph(const Rules& r, NodeIndex o, Memo* memo = nullptr)
      : r_(r), q_(r.view()), up_(memo ? *memo : own_) {
    // The subtree of o (o first), breadth first. Each obligation flows from at most one other
    // and the Model refuses cycles, so every node is reached once.
    tree_.push_back(o);
    for (std::size_t i = 0; i < tree_.size(); ++i)
      for (NodeIndex k : q_.children(tree_[i])) tree_.push_back(k);
  }
  const std::vector<NodeIndex>& tree() const { return tree_; }

  /// Chain edges of obligation x owed by d.
  template <class F>
  void chain(NodeIndex x, NodeIndex d, F&& f) const {
    for (std::uint32_t i : r_.of(x)) {
      const auto& e = r_.edges()[i];
      if (is_chain(e.basis) && e.party == d) f(e);
    }
  }
  NodeIndex up_of(NodeIndex x) const {
    const NodeIndex p = q_.parent(x);
    return p != kNoNode && q_.contract_of(p) != kNoNode ? p : kNoNode;
  }
  bool owes(NodeIndex x, NodeIndex d) const {
    bool yes = false;
    chain(x, d, [&](const Accountability&) { yes = true; });
    return yes;
  }
  /// Routes up from debtor d of x to the top (each chain edge, then on from its creditor).
  std::uint64_t up(NodeIndex x, NodeIndex d, int depth = 0) {
    if (depth > 4096) throw ModelError("cycle", "flow-down of '" + q_.id(x) + "' does not end");
    const std::uint64_t key = (static_cast<std::uint64_t>(x) << 32) | d;
    if (auto it = up_.find(key); it != up_.end()) return it->second;
    std::uint64_t n = 0;
    const NodeIndex px = up_of(x);
    chain(x, d, [&](const Accountability& e) {
      n = sat_add(n, px != kNoNode && owes(px, e.to) ? up(px, e.to, depth + 1) : 1);
    });
    up_[key] = n;
    return n;
  }

  struct Start {
    NodeIndex x, debtor;
    const Accountability* employment;  // null: the debtor itself starts the path
  };
  std::vector<Start> starts() const {
    std::vector<Start> out;
    std::vector<NodeIndex> debtors, fed;  // fed: creditors of chain edges of x's children
    for (NodeIndex x : tree_) {
      debtors.clear();
      fed.clear();
      q_.each_child(x, [&](NodeIndex k) {
        for (std::uint32_t i : r_.of(k))
          if (is_chain(r_.edges()[i].basis)) fed.push_back(r_.edges()[i].to);
      });
      for (std::uint32_t i : r_.of(x)) {
        const auto& e = r_.edges()[i];
        if (is_chain(e.basis) && !has(debtors, e.party)) debtors.push_back(e.party);
      }
      for (NodeIndex d : debtors) {
        bool any = false;
        for (std::uint32_t i : r_.of(x)) {
          const auto& e = r_.edges()[i];
          if (e.basis == Basis::employment && e.to == d) {
            out.push_back({x, d, &e});
            any = true;
          }
        }
        if (!any && !has(fed, d)) out.push_back({x, d, nullptr});
      }
    }
    return out;
  }

  std::uint64_t count() {
    std::uint64_t n = 0;
    for (const Start& s : starts()) n = sat_add(n, up(s.x, s.debtor));
    return n;
  }

  Hop hop(const Accountability& e) {
    Hop h;
    h.debtor = e.party;
    h.creditor = e.to;
    h.basis = e.basis;
    h.contract = e.contract;
    h.obligation = e.obligation;
    h.enforceable = e.enforceable;
    h.managed_by = e.managed_by;
    h.start = e.start;
    h.end = e.end;
    if (!is_chain(e.basis)) return h;
    for (std::uint32_t i : r_.of(e.obligation)) {
      const auto& j = r_.edges()[i];
      if (j.via != e.party || j.to != e.to || j.claim != ClaimKind::contract) continue;
      if (j.basis == Basis::joint_and_several || j.basis == Basis::one_person) {
        if (!has(h.jointly_liable, j.party)) h.jointly_liable.push_back(j.party);
      } else if (j.basis == Basis::guarantee && !has(h.guarantors, j.party)) {
        h.guarantors.push_back(j.party);
      }
    }
    h.shielded = r_.shielded(e.party);
    return h;
  }

  void enumerate(std::vector<LiabilityPath>& out) {
    LiabilityPath p;  // the path so far, extended and cut back as the climb goes (one copy per path)
    for (const Start& s : starts()) {
      p.nodes.clear();
      p.hops.clear();
      if (s.employment) {
        p.nodes = {s.employment->party, s.debtor};
        p.hops.push_back(hop(*s.employment));
      } else {
        p.nodes = {s.debtor};
      }
      climb(s.x, s.debtor, p, out);
    }
  }

  /// Each chain edge (and employment edge) of the tree once, with the paths through it.
  std::vector<WeightedHop> weighted() {
    // down(x, d): partial paths arriving at debtor d of x (from starts at x or from below).
    std::unordered_map<std::uint64_t, std::uint64_t> down;
    auto key = [](NodeIndex x, NodeIndex d) { return (static_cast<std::uint64_t>(x) << 32) | d; };
    std::vector<WeightedHop> out;
    for (const Start& s : starts()) {
      down[key(s.x, s.debtor)] = sat_add(down[key(s.x, s.debtor)], 1);
      if (s.employment) out.push_back({hop(*s.employment), up(s.x, s.debtor)});
    }
    // Each chain edge of x carries the paths arriving at its debtor on up to x's parent.
    auto carry = [&](NodeIndex x) {
      const NodeIndex px = up_of(x);
      for (std::uint32_t k : r_.of(x)) {
        const auto& e = r_.edges()[k];
        if (!is_chain(e.basis)) continue;
        const std::uint64_t in = down[key(x, e.party)];
        if (in == 0) continue;
        const bool on = px != kNoNode && owes(px, e.to);
        out.push_back({hop(e), sat_mul(in, on ? up(px, e.to) : 1)});
        if (on) down[key(px, e.to)] = sat_add(down[key(px, e.to)], in);
      }
    };
    // Deepest first, so that every child is done before its parent; then o's ancestors.
    for (std::size_t i = tree_.size(); i-- > 0;) carry(tree_[i]);
    for (NodeIndex px = up_of(tree_.front()); px != kNoNode; px = up_of(px)) carry(px);
    return out;
  }

 private:
  void climb(NodeIndex x, NodeIndex d, LiabilityPath& p, std::vector<LiabilityPath>& out) {
    const NodeIndex px = up_of(x);
    chain(x, d, [&](const Accountability& e) {
      p.hops.push_back(hop(e));
      p.nodes.push_back(e.to);
      if (px != kNoNode && owes(px, e.to)) climb(px, e.to, p, out);
      else out.push_back(p);
      p.hops.pop_back();
      p.nodes.pop_back();
    });
  }

  const Rules& r_;
  const Q& q_;
  std::vector<NodeIndex> tree_;
  Memo own_;
  Memo& up_;
};

void check_count(std::uint64_t n, std::uint64_t max_paths, const std::string& what) {
  if (n > max_paths)
    throw ModelError("too_many_paths",
                     what + " has " +
                         (n == kSat ? std::string("more than 18446744073709551615") : std::to_string(n)) +
                         " liability paths, more than max_paths=" + std::to_string(max_paths) +
                         "; liability_graph() gives each hop once with its number of paths");
}

NodeIndex live_obligation(const Q& q, const Model& model, std::string_view id, std::string_view what) {
  const NodeIndex o = require(model, id, NodeType::obligation, what);
  return q.live(o) && q.contract_of(o) != kNoNode ? o : kNoNode;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::vector<Accountability> accountability_edges(const Model& model, Date as_of) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  return Rules(q).edges();
}

std::vector<Accountability> accountability(const Model& model, std::string_view party, Date as_of) {
  const auto lock = model.read_lock();
  auto p = model.find(party);
  if (!p)
    throw UnknownIdError("unknown_id", "accountability: '" + std::string(party) + "' is not in the model");
  std::vector<Accountability> out;
  for (const auto& a : accountability_edges(model, as_of))
    if (a.party == *p) out.push_back(a);
  return out;
}

std::uint64_t count_liability_paths(const Model& model, std::string_view obligation, Date as_of) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  const NodeIndex o = live_obligation(q, model, obligation, "count_liability_paths");
  if (o == kNoNode) return 0;
  const Rules rules(q, detail::Need::paths);
  PathGraph g(rules, o);
  return g.count();
}

std::vector<LiabilityPath> liability_paths(const Model& model, std::string_view obligation, Date as_of,
                                           std::uint64_t max_paths) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  const NodeIndex o = live_obligation(q, model, obligation, "liability_paths");
  std::vector<LiabilityPath> out;
  if (o == kNoNode) return out;
  const Rules rules(q, detail::Need::paths);
  PathGraph g(rules, o);
  check_count(g.count(), max_paths, "liability_paths: '" + std::string(obligation) + "'");
  g.enumerate(out);
  return out;
}

std::vector<LiabilityPath> all_liability_paths(const Model& model, Date as_of, std::uint64_t max_paths) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  const auto& s = model.store();
  const Rules rules(q, detail::Need::paths);
  std::vector<NodeIndex> roots;
  for (NodeIndex o = 0; o < s.nodes.size(); ++o) {
    if (s.nodes[o].type != NodeType::obligation || !q.live(o) || q.contract_of(o) == kNoNode) continue;
    const NodeIndex p = q.parent(o);
    if (p != kNoNode && q.contract_of(p) != kNoNode) continue;  // reached from its root
    roots.push_back(o);
  }
  std::uint64_t total = 0;
  PathGraph::Memo memo;
  memo.reserve(rules.edges().size());
  std::vector<PathGraph> graphs;
  graphs.reserve(roots.size());
  for (NodeIndex o : roots) {
    graphs.emplace_back(rules, o, &memo);
    total = sat_add(total, graphs.back().count());
  }
  check_count(total, max_paths, "the model");
  std::vector<LiabilityPath> out;
  out.reserve(total);
  for (auto& g : graphs) g.enumerate(out);
  return out;
}

std::vector<WeightedHop> liability_graph(const Model& model, std::string_view obligation, Date as_of) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  const NodeIndex o = live_obligation(q, model, obligation, "liability_graph");
  if (o == kNoNode) return {};
  const Rules rules(q, detail::Need::paths);
  PathGraph g(rules, o);
  return g.weighted();
}

// -- breach ------------------------------------------------------------------------------------

namespace {

std::string on_text(Date d) { return d.is_none() ? "at any date" : "on " + d.iso(); }

struct BreachState {
  const Rules& rules;
  const Q& q;
  BreachReport& rep;
  std::map<NodeIndex, double> borne, exposure, passed;
  std::map<NodeIndex, std::vector<NodeIndex>> liable;  // firm -> partners claimed against with it
  std::vector<NodeIndex> order;
  std::map<NodeIndex, double> aggregate_used;  // contract -> recovered under its aggregate cap
  void party(NodeIndex n) {
    if (n != kNoNode && !has(order, n)) order.push_back(n);
  }
  void note(std::string s) {
    if (!has(rep.notes, s)) rep.notes.push_back(std::move(s));
  }
  const std::string& id(NodeIndex n) const { return q.id(n); }
  /// Whether `partner` left `firm` released by novation (s.17(3)), which discharges liabilities
  /// incurred before as well, and is not a partner again on the day of the breach (one who
  /// rejoined answers as a partner of the day).
  bool released(NodeIndex firm, NodeIndex partner) const {
    bool released = false, again = false;
    for (const auto& p : rules.partners(firm)) {
      if (p.who != partner) continue;
      if (p.released && !p.end.is_none()) released = true;  // discharges what came before too
      else if (detail::Parties::partner_on(p, rep.on) && !p.released) again = true;
    }
    return released && !again;
  }
  /// Indemnities (rule 7) that take over what `p` bears for obligation o, by claim kind.
  void indemnify(std::map<NodeIndex, double>& item_borne, NodeIndex o, ClaimKind claim) {
    for (NodeIndex p : std::vector<NodeIndex>(order)) {
      for (std::uint32_t i : rules.of(o)) {
        const auto& e = rules.edges()[i];
        if (e.basis != Basis::indemnity || e.to != p || e.claim != claim) continue;
        const auto found = item_borne.find(p);
        const double has_now = found == item_borne.end() ? 0.0 : found->second;
        if (has_now <= 0) break;
        double cap = kNaN;
        q.in(p, RelKind::indemnifies, [&](NodeIndex x, RelIndex r) {
          if (x != e.party) return;
          if (const Value* c = q.s.relations[r].get("cap"))
            cap = std::holds_alternative<double>(*c) ? std::get<double>(*c)
                                                     : static_cast<double>(std::get<std::int64_t>(*c));
        });
        const double moved = std::isnan(cap) ? has_now : std::min(has_now, cap);
        item_borne[p] -= moved;
        item_borne[e.party] += moved;
        party(e.party);
        Claim c;
        c.claimant = p;
        c.respondent = e.party;
        c.basis = Basis::indemnity;
        c.obligation = o;
        c.recoverable = moved;
        c.cap = cap;
        rep.claims.push_back(c);
        note("'" + id(e.party) + "' indemnifies '" + id(p) + "' for " + std::string(to_string(claim)) +
             " claims about '" + id(o) + "': " + money_text(moved) + " moves to it");
      }
    }
  }
};

/// Where `by` stands in the tree of `o` for a contract claim: the obligation and the debtor in
/// breach (by itself, its employer, the obligor of what it performs, or its firm).
std::pair<NodeIndex, NodeIndex> party_in_breach(BreachState& st, const PathGraph& g, NodeIndex by) {
  const auto& tree = g.tree();
  const auto& edges = st.rules.edges();
  for (std::size_t i = tree.size(); i-- > 0;)
    for (std::uint32_t k : st.rules.of(tree[i]))
      if (is_chain(edges[k].basis) && edges[k].party == by) return {tree[i], by};
  for (std::size_t i = tree.size(); i-- > 0;)
    for (std::uint32_t k : st.rules.of(tree[i]))
      if (edges[k].basis == Basis::employment && edges[k].party == by) {
        st.note("'" + st.id(by) + "' performs '" + st.id(tree[i]) + "' as an employee of '" +
                st.id(edges[k].to) +
                "', which is in breach of contract; no claim is made against the employee");
        return {tree[i], edges[k].to};
      }
  for (std::size_t i = tree.size(); i-- > 0;) {
    bool performs = false;
    st.q.in(tree[i], RelKind::performs, [&](NodeIndex p, RelIndex) { performs |= p == by; });
    if (!performs) continue;
    const auto obligors = st.q.obligors(tree[i]);
    if (obligors.empty()) continue;
    st.note("'" + st.id(by) + "' performs '" + st.id(tree[i]) + "' for '" + st.id(obligors.front()) +
            "', which owes it and answers in contract for whoever it has perform it");
    return {tree[i], obligors.front()};
  }
  for (std::size_t i = tree.size(); i-- > 0;)
    for (NodeIndex d : st.q.obligors(tree[i]))
      for (const auto& p : st.rules.partners(d))
        if (p.who == by && detail::Parties::partner_on(p, st.q.day)) {
          st.note("'" + st.id(by) + "' is a partner of '" + st.id(d) +
                  "': a partner acting in the ordinary course of the firm's business binds the firm "
                  "(PA 1890 ss.5, 6), so the contract claim is against the firm and its partners (s.9)");
          return {tree[i], d};
        }
  return {kNoNode, kNoNode};
}

void contract_breach(BreachState& st, NodeIndex o, NodeIndex by, double loss) {
  const Rules& rules = st.rules;
  const Q& q = st.q;
  PathGraph g(rules, o);
  auto [x, debtor] = party_in_breach(st, g, by);
  if (x == kNoNode)
    throw ModelError("bad_value", "breach: '" + q.id(by) + "' neither owes nor performs '" + q.id(o) +
                                      "' or any obligation flowed down from it, and is no partner of "
                                      "whoever does (" +
                                      on_text(st.rep.on) + ")");
  // The chain of contract claims, from the party in breach up (privity: each obligee claims
  // against its own obligor only).
  std::vector<const Accountability*> chain;
  for (NodeIndex cx = x, d = debtor; cx != kNoNode;) {
    const Accountability* pick = nullptr;
    int n = 0;
    g.chain(cx, d, [&](const Accountability& e) {
      if (!pick) pick = &e;
      ++n;
    });
    if (!pick) break;
    if (n > 1 && st.rep.on.is_none()) {
      // Undated, and the obligees hold it at different times (a novation: the CCG until
      // 2022-07-01, the ICB from then): who claims depends on the date of the breach.
      // The dates an obligee is party to the contract (the party relation's, which a novation
      // splits), within the edge's own.
      auto held = [&](const Accountability& e) {
        Date from = e.start, to = e.end;
        q.s.for_in(e.contract, RelKind::party, [&](RelIndex r) {
          const auto& rel = q.s.relations[r];
          if (rel.source != e.to) return;
          from = later(from, rel.start);
          to = sooner(to, rel.end);
        });
        return std::pair{from, to};
      };
      const auto first = held(*pick);
      std::string who;
      bool dated_apart = false;
      g.chain(cx, d, [&](const Accountability& e) {
        const auto [from, to] = held(e);
        dated_apart |= from != first.first || to != first.second;
        who += (who.empty() ? "'" : ", '") + q.id(e.to) + "'" +
               (from.is_none() ? "" : " from " + from.iso()) + (to.is_none() ? "" : " to " + to.iso());
      });
      if (dated_apart)
        throw ModelError("needs_date", "breach: whom '" + q.id(d) + "' owes '" + q.id(cx) +
                                           "' depends on the date of the breach (" + who +
                                           "): give on= the date of the breach");
    }
    if (n > 1)
      st.note("'" + q.id(d) + "' owes '" + q.id(cx) + "' to " + std::to_string(n) +
              " obligees; the claims follow the first, '" + q.id(pick->to) + "'");
    chain.push_back(pick);
    const NodeIndex px = g.up_of(cx);
    if (px == kNoNode || !g.owes(px, pick->to)) break;
    cx = px;
    d = pick->to;
  }
  const bool with_loss = !std::isnan(loss);
  std::map<NodeIndex, double> item;
  double amount = loss;
  for (std::size_t k = chain.size(); k-- > 0;) {
    const Accountability& e = *chain[k];
    st.party(e.to);
    st.party(e.party);
    Claim c;
    c.claimant = e.to;
    c.respondent = e.party;
    c.basis = e.basis;
    c.contract = e.contract;
    c.obligation = e.obligation;
    c.enforceable = e.enforceable;
    c.start = e.start;
    c.end = e.end;
    c.cap = q.number(e.contract, "liability_cap");
    const bool aggregate = q.text(e.contract, "cap_basis") == "aggregate";
    if (!e.enforceable)
      st.note("'" + q.id(e.contract) + "' is not legally binding (" +
              std::string(q.text(e.contract, "kind")) + "): '" + q.id(e.to) +
              "' has no enforceable claim against '" + q.id(e.party) + "'");
    double rec = kNaN;
    if (with_loss) {
      double cap = c.cap;
      if (aggregate && !std::isnan(cap)) cap = std::max(0.0, cap - st.aggregate_used[e.contract]);
      rec = e.enforceable ? (std::isnan(cap) ? amount : std::min(amount, cap)) : 0.0;
      if (aggregate && !std::isnan(c.cap)) st.aggregate_used[e.contract] += rec;
      item[e.to] += amount - rec;
      if (!std::isnan(c.cap) && rec < amount && e.enforceable)
        st.note("the " + std::string(aggregate ? "aggregate " : "") + "cap of " + money_text(c.cap) +
                " in '" + q.id(e.contract) + "' leaves '" + q.id(e.to) + "' bearing " +
                money_text(amount - rec) + " of the claim about '" + q.id(e.obligation) + "'");
    }
    c.recoverable = rec;
    st.rep.claims.push_back(c);
    if (with_loss) st.exposure[e.party] += rec;
    // Partners (rule 4, dated: PA 1890 s.17) and the guarantor this creditor holds (rule 5).
    for (std::uint32_t i : rules.of(e.obligation)) {
      const auto& j = rules.edges()[i];
      if (j.via != e.party || j.to != e.to || j.claim != ClaimKind::contract) continue;
      if (j.basis != Basis::joint_and_several && j.basis != Basis::guarantee) continue;
      // A release by novation discharges existing liabilities too (s.17(3)), whatever the date.
      if (j.basis == Basis::joint_and_several && st.released(e.party, j.party)) {
        st.note("'" + q.id(j.party) + "' retired from '" + q.id(e.party) +
                "' and was released by novation (PA 1890 s.17(3))");
        continue;
      }
      // Rule (PA 1890 s.17(1), (2)): a partner answers under a contract made while a partner.
      // With no start, when it was made is not known, which matters only if the partner was not a
      // partner for the whole of the contract's life. j's dates are the partner's clipped to the
      // contract edge e's (rules.cpp), so the partner is dated relative to the contract only when
      // they differ from e's: a contract ended on a day gives j.end == e.end, and an undated
      // partner of it is a partner throughout.
      const bool partner_dated = j.start != e.start || j.end != e.end;
      if (const ContractRoles* kind = q.roles(e.contract); j.basis == Basis::joint_and_several && kind &&
                                                           !kind->varied_on_partner_change &&
                                                           e.start.is_none() && partner_dated)
        throw ModelError("needs_date", "breach: '" + q.id(e.contract) +
                                           "' has no start date, and which partners of '" + q.id(e.party) +
                                           "' are liable under it depends on when it was made (PA 1890 "
                                           "s.17(1), (2): '" +
                                           q.id(j.party) + "' was a partner from " +
                                           (j.start.is_none() ? std::string("the start") : j.start.iso()) +
                                           " to " + (j.end.is_none() ? std::string("now") : j.end.iso()) +
                                           "): give the contract its start");
      // The same test with no date of breach: j's dates within e's (clipped already, so this is
      // partner_dated) mean the answer depends on the day.
      if (j.basis == Basis::joint_and_several && st.rep.on.is_none() && partner_dated)
        throw ModelError("needs_date", "breach: whether '" + q.id(j.party) + "' answers as a partner of '" +
                                           q.id(e.party) +
                                           "' depends on the date of the breach (a partner from " +
                                           (j.start.is_none() ? std::string("the start") : j.start.iso()) +
                                           " to " + (j.end.is_none() ? std::string("now") : j.end.iso()) +
                                           "; PA 1890 s.17): give on= the date of the breach");
      Claim jc = c;
      jc.respondent = j.party;
      jc.basis = j.basis;
      jc.start = later(c.start, j.start);
      jc.end = sooner(c.end, j.end);
      st.rep.claims.push_back(jc);
      if (j.basis == Basis::joint_and_several && !has(st.liable[e.party], j.party))
        st.liable[e.party].push_back(j.party);
      st.party(j.party);
      if (with_loss) st.exposure[j.party] += rec;
    }
    for (NodeIndex m : rules.shielded(e.party))
      if (!has(st.rep.shielded, m)) st.rep.shielded.push_back(m);
    amount = rec;
  }
  if (!with_loss) return;
  if (!chain.empty()) item[chain.front()->party] += amount;  // the party in breach keeps the rest
  // Rule 7: each party's indemnity for the obligation it owes on the chain.
  std::vector<NodeIndex> done;
  for (const Accountability* e : chain)
    if (!has(done, e->obligation)) {
      done.push_back(e->obligation);
      st.indemnify(item, e->obligation, ClaimKind::contract);
    }
  for (auto& [p, v] : item) st.borne[p] += v;
}

void negligence_breach(BreachState& st, NodeIndex o, NodeIndex by, double loss) {
  const Rules& rules = st.rules;
  const Q& q = st.q;
  PathGraph g(rules, o);
  const auto& edges = rules.edges();
  // The obligation `by` performed (or owes under a non-delegable duty), deepest first.
  NodeIndex x = kNoNode;
  for (std::size_t i = g.tree().size(); i-- > 0 && x == kNoNode;)
    for (std::uint32_t k : rules.of(g.tree()[i]))
      if (edges[k].claim == ClaimKind::negligence && edges[k].via == by &&
          (edges[k].basis == Basis::personal || edges[k].basis == Basis::non_delegable))
        x = g.tree()[i];
  if (x == kNoNode)
    throw ModelError("bad_value", "breach: a negligence claim is about whoever performed the service, and '" +
                                      q.id(by) + "' performs neither '" + q.id(o) +
                                      "' nor any obligation flowed down from it (no `performs` " +
                                      on_text(st.rep.on) + ")");
  const bool with_loss = !std::isnan(loss);
  std::vector<NodeIndex> answerers;  // vicarious or non-delegable: those who answer for by
  std::vector<const Accountability*> picked;
  for (std::uint32_t k : rules.of(x)) {
    const auto& e = edges[k];
    if (e.claim != ClaimKind::negligence) continue;
    if (e.via == by && (e.basis == Basis::personal || e.basis == Basis::vicarious)) {
      picked.push_back(&e);
      if (e.basis == Basis::vicarious) answerers.push_back(e.party);
    } else if (e.basis == Basis::non_delegable) {
      picked.push_back(&e);
      if (!has(answerers, e.party)) answerers.push_back(e.party);
    }
  }
  for (std::uint32_t k : rules.of(x)) {  // partners of those who answer (PA 1890 s.12)
    const auto& e = edges[k];
    if (e.claim == ClaimKind::negligence && e.basis == Basis::joint_and_several && has(answerers, e.via))
      picked.push_back(&e);
  }
  std::map<NodeIndex, double> item;
  for (const Accountability* e : picked) {
    Claim c;
    c.claimant = kNoNode;
    c.respondent = e->party;
    c.basis = e->basis;
    c.contract = e->contract;
    c.obligation = e->obligation;
    c.start = e->start;
    c.end = e->end;
    c.recoverable = with_loss ? loss : kNaN;
    st.rep.claims.push_back(c);
    st.party(e->party);
    if (with_loss) st.exposure[e->party] = std::max(st.exposure[e->party], loss);
  }
  st.note("a negligence claim is brought by the person harmed, in tort: contract caps do not limit it");
  // Who bears it: the first who answers vicariously (no contribution is sought from an employee),
  // else the performer itself; a non-delegable obligor may seek contribution from the performer
  // (Civil Liability (Contribution) Act 1978).
  std::vector<NodeIndex> bearers;  // those who answer vicariously; else the performer
  for (const Accountability* e : picked)
    if (e->basis == Basis::vicarious && !has(bearers, e->party)) bearers.push_back(e->party);
  if (bearers.empty()) bearers.push_back(by);
  if (bearers.size() > 1)
    st.note("more than one body answers vicariously for '" + q.id(by) +
            "' (dual vicarious liability, Viasystems v Thermal Transfer [2005] EWCA Civ 1151): the loss "
            "is shown shared equally between them, as contribution between them may decide "
            "(Civil Liability (Contribution) Act 1978)");
  for (const Accountability* e : picked)
    if (e->basis == Basis::non_delegable)
      st.note("'" + q.id(e->party) + "' owes a non-delegable duty for '" + q.id(x) +
              "': it answers to the person harmed and may seek contribution from '" + q.id(bearers.front()) +
              "'");
  if (with_loss)
    for (NodeIndex b : bearers) item[b] += loss / static_cast<double>(bearers.size());
  st.indemnify(item, x, ClaimKind::negligence);
  if (x != o) st.indemnify(item, o, ClaimKind::negligence);
  for (auto& [p, v] : item) st.borne[p] += v;
}

/// A firm's share falls on its partners (equally, PA 1890 s.24(1), absent other agreement); a
/// sole trader's is its owner's own (one legal person).
void pass_to_owners(BreachState& st) {
  for (int round = 0; round < 16; ++round) {
    bool moved = false;
    for (NodeIndex p : std::vector<NodeIndex>(st.order)) {
      const auto f = st.borne.find(p);
      if (f == st.borne.end()) continue;
      const double v = f->second;
      const LiabilityRegime r = st.rules.regime(p);
      if (r != LiabilityRegime::partners && r != LiabilityRegime::one_person) continue;
      if (v <= 0) {  // a firm bearing nothing is not listed as if it were a person apart
        st.borne.erase(f);
        continue;
      }
      // The partners liable for the claims the firm bore (dated, s.17), else all of the day's.
      // A partner who retired since the contract was made may be among the liable (s.17(2)), so
      // the firm's partners are read whatever their dates, then kept if liable or of the day.
      // A firm that is itself a partner passes its part on to those of its partners claimed
      // against in this claim (through whichever firm: the claims list them all).
      std::vector<NodeIndex> who;
      const auto known = st.liable.find(p);
      std::vector<NodeIndex> claimed;
      for (const auto& [firm, ps] : st.liable)
        for (NodeIndex x : ps)
          if (!has(claimed, x)) claimed.push_back(x);
      const Q all{st.q.s, Date{}};
      all.in(p, r == LiabilityRegime::one_person ? RelKind::owns : RelKind::partner_in,
             [&](NodeIndex x, RelIndex rel) {
        if (has(who, x)) return;
        // A release by novation binds the creditors who agreed to it, never a person harmed.
        if (st.rep.claim == ClaimKind::contract && st.released(p, x)) return;
        if (known != st.liable.end() ? !has(known->second, x)
            : !claimed.empty()       ? !has(claimed, x)
                                     : !(st.q.live_rel(rel) && st.q.live(x)))
          return;
        who.push_back(x);
      });
      if (who.empty()) {
        st.note("'" + st.id(p) + "' is a " + std::string(st.q.text(p, "legal_form")) + " with no " +
                (r == LiabilityRegime::one_person ? "owner" : "partner") + " in the model " +
                on_text(st.rep.on) + ": its share stays with it");
        continue;
      }
      std::string names;
      for (NodeIndex x : who) {
        st.borne[x] += v / static_cast<double>(who.size());
        st.party(x);
        names += (names.empty() ? "'" : ", '") + st.id(x) + "'";
      }
      st.borne.erase(p);
      st.passed[p] += v;
      st.note(r == LiabilityRegime::one_person
                  ? "'" + st.id(p) + "' is a sole trader: it and " + names +
                        " are one legal person, so its share " + money_text(v) + " is " + names + "'s"
                  : "'" + st.id(p) + "' is a partnership, not a legal person: its share " + money_text(v) +
                        " falls on its partners " + names +
                        " in equal parts (PA 1890 s.24(1): the default, subject to the partnership "
                        "agreement, which usually sets shares); towards the claimant each is liable "
                        "for all of it (jointly for the firm's debts, s.9, with the Civil Liability "
                        "(Contribution) Act 1978 s.3; jointly and severally for its wrongs, s.12)");
      moved = true;
    }
    if (!moved) break;
  }
}

}  // namespace

namespace {

/// A note for each claimant that ended before `as_of` (a breach dated before the day asked).
/// Who the claimant is does not change: a right accrued on the day of the breach was the
/// claimant's then, and whether it passed on depends on the terms of the transfer. But the claim
/// may now lie with a successor, and the report says so: for a CCG, the Health and Care Act 2022
/// (s.19 and Sch 4; the CCG-to-ICB transfer schemes of 1 July 2022) passed its property, rights
/// and liabilities to the ICB. The successor is named when the model shows one: a node that took
/// the claimant's place in the same contract through replace() — a party link in the same role
/// that starts on the day the claimant's ended.
void successor_notes(const detail::Store& s, Date as_of, BreachReport& rep) {
  if (as_of.is_none()) return;
  std::vector<std::pair<NodeIndex, NodeIndex>> seen;  // (claimant, contract), each noted once
  for (const Claim& c : rep.claims) {
    if (c.claimant == kNoNode || c.contract == kNoNode) continue;
    const Node& who = s.nodes[c.claimant];
    if (who.end.is_none() || as_of < who.end) continue;  // in being on as_of
    if (std::find(seen.begin(), seen.end(), std::pair{c.claimant, c.contract}) != seen.end()) continue;
    seen.emplace_back(c.claimant, c.contract);
    std::vector<std::string> successors;
    s.for_in(c.contract, RelKind::party, [&](RelIndex r) {
      const Relation& old = s.relations[r];
      if (old.source != c.claimant) return;
      const Value* role = old.get("role");
      const Date ended = old.end.is_none() ? who.end : sooner(old.end, who.end);
      s.for_in(c.contract, RelKind::party, [&](RelIndex x) {
        const Relation& now = s.relations[x];
        const Value* rx = now.get("role");
        if (now.source == c.claimant || now.start != ended || !role || !rx || !(*role == *rx)) return;
        const std::string& id = s.nodes[now.source].id;
        if (std::find(successors.begin(), successors.end(), id) == successors.end()) successors.push_back(id);
      });
    });
    std::string n = "'" + who.id + "' ended on " + who.end.iso() + ", before " + as_of.iso() +
                    ": the rights it accrued under '" + s.nodes[c.contract].id +
                    "' may have passed to its successor";
    if (!successors.empty()) {
      std::string names;
      for (const auto& x : successors) names += (names.empty() ? "'" : ", '") + x + "'";
      n += " (" + names + ", which took its place in '" + s.nodes[c.contract].id + "' on " + who.end.iso() +
           ")";
    }
    n += ", by the terms of the transfer (for a CCG, to the ICB under the Health and Care Act 2022 "
         "transfer schemes); the claim is shown as of the breach";
    if (std::find(rep.notes.begin(), rep.notes.end(), n) == rep.notes.end())
      rep.notes.push_back(std::move(n));
  }
}

}  // namespace

BreachReport breach(const Model& model, const std::vector<BreachItem>& items, std::string_view by, Date as_of,
                    ClaimKind claim, Date on, bool to_owners) {
  const auto lock = model.read_lock();
  if (items.empty()) throw ModelError("bad_value", "breach: no obligation given");
  auto b = model.find(by);
  if (!b) throw UnknownIdError("unknown_id", "breach: party '" + std::string(by) + "' is not in the model");
  for (const auto& it : items)
    if (!std::isnan(it.loss) && !(it.loss >= 0 && std::isfinite(it.loss)))
      throw ModelError("bad_value", "breach: loss for '" + it.obligation + "' must be a finite amount >= 0");
  BreachReport rep;
  rep.by = *b;
  rep.claim = claim;
  rep.on = !on.is_none() ? on : as_of;
  const Q q{model.store(), rep.on};
  const Rules rules(q);
  BreachState st{rules, q, rep, {}, {}, {}, {}, {}, {}};

  double total = 0;
  bool any_loss = false;
  // Each claim is borne on its own: a firm's share of it falls on the partners liable for that
  // claim (s.17), then the claims are added up.
  std::map<NodeIndex, double> borne;
  for (const auto& it : items) {
    const NodeIndex o = require(model, it.obligation, NodeType::obligation, "breach");
    if (!q.live(o) || q.contract_of(o) == kNoNode)
      throw ModelError("not_in_force", "breach: '" + it.obligation + "' is not in force " + on_text(rep.on) +
                                           "; give on= the date of the breach");
    if (rep.obligation == kNoNode) rep.obligation = o;
    st.borne.clear();
    st.liable.clear();
    if (claim == ClaimKind::contract) contract_breach(st, o, *b, it.loss);
    else negligence_breach(st, o, *b, it.loss);
    if (!std::isnan(it.loss)) {
      total += it.loss;
      any_loss = true;
    }
    if (to_owners) pass_to_owners(st);
    for (const auto& [p, v] : st.borne) borne[p] += v;
  }
  st.borne = std::move(borne);
  rep.loss = any_loss ? total : kNaN;
  successor_notes(model.store(), as_of, rep);
  if (any_loss) {
    for (NodeIndex p : st.order)
      if (auto f = st.borne.find(p); f != st.borne.end()) rep.borne.emplace_back(p, f->second);
    for (NodeIndex p : st.order)
      if (auto f = st.exposure.find(p); f != st.exposure.end()) rep.exposure.emplace_back(p, f->second);
    for (NodeIndex p : st.order)
      if (auto f = st.passed.find(p); f != st.passed.end()) rep.passed_to_owners.emplace_back(p, f->second);
  }
  return rep;
}

BreachReport breach(const Model& model, std::string_view obligation, std::string_view by, double loss,
                    Date as_of, ClaimKind claim, Date on, bool to_owners) {
  const auto lock = model.read_lock();
  return breach(model, std::vector<BreachItem>{{std::string(obligation), loss}}, by, as_of, claim, on,
                to_owners);
}

// -- flow-down gaps ----------------------------------------------------------------------------

namespace {

bool has_clinical(const Q& q, NodeIndex c) {
  for (NodeIndex o : q.obligations(c))
    for (NodeIndex ob = o; ob != kNoNode; ob = q.parent(ob))
      if (q.text(ob, "category") == "clinical") return true;
  return false;
}

}  // namespace

std::vector<Gap> flow_down_gaps(const Model& model, Date as_of) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  const auto& s = model.store();
  const detail::Parties rules(q);
  std::vector<Gap> out;
  for (NodeIndex h = 0; h < s.nodes.size(); ++h) {
    if (s.nodes[h].type != NodeType::contract || !q.live(h)) continue;
    const auto subs = q.ins(h, RelKind::head);
    const NodeIndex holder = q.holder(h);
    if (!subs.empty()) {
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
          out.push_back(
              {h, kNoNode, holder, sc, GapKind::cap_below_exposure,
               "cap " + money_text(cap) + " below the head exposure (" + money_text(head_cap) + ")"});
      }
      // onward_subcontracting: h is a sub-contract that forbids what happened, expressly or, for a
      // clinical sub-contract under a GMS/PMS/APMS head, by default (GMS Contracts Regulations
      // 2015 Sch 3 para 44; PMS Agreements Regulations 2015 Sch 2; APMS model contract).
      const ContractRoles* hr = q.roles(h);
      if (hr && hr->subcontract) {
        const Value* v = q.field(h, "onward_subcontracting");
        const ContractRoles* root = q.roles(q.root_contract(h));
        const bool needs_consent = root && root->clinical_onward_needs_consent && has_clinical(q, h);
        if ((v && !std::get<bool>(*v)) || (!v && needs_consent))
          for (NodeIndex sc : subs)
            out.push_back({h, kNoNode, holder, sc, GapKind::onward_subcontracting,
                           v ? "'" + q.id(h) + "' forbids onward sub-contracting, but '" + q.id(sc) +
                                   "' sub-contracts it"
                             : "'" + q.id(h) + "' is a clinical sub-contract under a " +
                                   std::string(root->kind) +
                                   " contract, which must prohibit onward sub-contracting (GMS "
                                   "Contracts Regulations 2015 Sch 3 para 44 and the PMS equivalent; "
                                   "APMS: not without the commissioner's prior written consent), and it "
                                   "does not say onward_subcontracting=true, but '" +
                                   q.id(sc) + "' sub-contracts it"});
      }
    }
    // circular_subcontracting: the subcontractor of h already owes an earlier contract of its chain.
    if (const ContractRoles* r = q.roles(h); r && r->subcontract) {
      for (NodeIndex sub : q.parties(h, r->obligor_role)) {
        std::string route = q.id(h);
        int guard = 0;
        for (NodeIndex a = q.first_out(h, RelKind::head); a != kNoNode && guard < 4096;
             a = q.first_out(a, RelKind::head), ++guard) {
          route += " <- " + q.id(a);
          const ContractRoles* ar = q.roles(a);
          if (ar && has(q.parties(a, ar->obligor_role), sub)) {
            out.push_back({a, kNoNode, sub, h, GapKind::circular_subcontracting,
                           "'" + q.id(sub) + "' sub-contracts work back to itself: " + route});
            break;
          }
        }
      }
    }
  }
  // no_performer: a service obligation kept (not flowed down) by an organisation that has nobody
  // to do it: no `performs`, no employee, no partner who is not employed elsewhere.
  for (NodeIndex o = 0; o < s.nodes.size(); ++o) {
    if (s.nodes[o].type != NodeType::obligation || !q.live(o)) continue;
    const NodeIndex c = q.contract_of(o);
    const ContractRoles* cr = c == kNoNode ? nullptr : q.roles(c);
    if (!cr || !cr->service || !q.binding(c)) continue;
    if (!q.children(o).empty()) continue;
    bool performed = false;
    q.in(o, RelKind::performs, [&](NodeIndex, RelIndex) { performed = true; });
    if (performed) continue;
    for (NodeIndex r : q.obligors(o)) {
      if (q.type(r) != NodeType::organisation) continue;
      bool someone = !q.outs(r, RelKind::employs).empty();
      if (!someone)
        for (const auto& p : rules.partners(r))  // partners, or a sole trader's owner, of the day
          if (detail::Parties::partner_on(p, q.day) && q.type(p.who) == NodeType::person &&
              q.ins(p.who, RelKind::employs).empty())
            someone = true;
      if (!someone)
        out.push_back({c, o, r, kNoNode, GapKind::no_performer,
                       "'" + q.id(r) + "' keeps '" + q.id(o) +
                           "' but employs nobody, and no partner or owner is free to do it"});
    }
  }
  return out;
}

// -- lint --------------------------------------------------------------------------------------

std::vector<Finding> lint(const Model& model, Date as_of) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  const auto& s = model.store();
  const Rules rules(q);
  std::vector<Finding> out;
  constexpr std::string_view s86 = "NHS Act 2006 s.86";
  for (NodeIndex c = 0; c < s.nodes.size(); ++c) {
    if (s.nodes[c].type != NodeType::contract || !q.live(c)) continue;
    const ContractRoles* cr = q.roles(c);
    if (!cr || cr->holder_forms.empty()) continue;
    // Who may hold it (kinds table; for GMS, s.86(2)): a medical practitioner (a sole trader);
    // two or more individuals practising in partnership, one a medical practitioner; a company
    // limited by shares with at least one share legally and beneficially owned by a medical
    // practitioner.
    const std::string kind(cr->kind);
    auto allowed = [&](std::string_view form) {
      for (std::size_t at = 0; at < cr->holder_forms.size();) {
        const auto sp = cr->holder_forms.find(' ', at);
        const auto w = cr->holder_forms.substr(at, sp == std::string_view::npos ? sp : sp - at);
        if (w == form) return true;
        if (sp == std::string_view::npos) break;
        at = sp + 1;
      }
      return false;
    };
    auto gp = [&](NodeIndex n) { return q.type(n) == NodeType::person && q.text(n, "profession") == "gp"; };
    for (NodeIndex h : q.parties(c, cr->obligor_role)) {
      if (q.type(h) != NodeType::organisation) continue;
      const auto form = q.text(h, "legal_form");
      const LiabilityRegime regime = rules.regime(h);
      auto finding = [&](std::string detail, std::string basis) {
        out.push_back(
            {"gms_holder_form", h, c,
             "'" + q.id(h) + "' holds " + kind + " contract '" + q.id(c) + "': " + std::move(detail),
             std::move(basis)});
      };
      if (!form.empty() && !allowed(form)) {
        finding(std::string(form) +
                    " is none of a medical practitioner, a partnership of individuals "
                    "or a company limited by shares",
                std::string(s86) + "(1)");
      } else if (regime == LiabilityRegime::shielded) {
        // s.86(3): at least one share legally and beneficially owned by a medical practitioner,
        // and every other share by a qualifying individual (people, here).
        bool gp_share = false, corporate_share = false;
        q.in(h, RelKind::owns, [&](NodeIndex o, RelIndex) {
          gp_share |= gp(o);
          corporate_share |= q.type(o) != NodeType::person;
        });
        if (!gp_share) finding("no GP in the model owns a share of the company", std::string(s86) + "(3)(a)");
        if (corporate_share)
          finding(
              "an organisation owns a share of the company; every other shareholder must be a "
              "qualifying individual",
              std::string(s86) + "(3)(b)");
        if (form == "community_interest_company")
          finding(
              "a community interest company may hold it only if limited by shares; the model "
              "does not say which",
              std::string(s86) + "(1)(c)");
      } else if (regime == LiabilityRegime::partners) {
        int people = 0, gps = 0;
        q.in(h, RelKind::partner_in, [&](NodeIndex p, RelIndex) {
          if (q.type(p) == NodeType::organisation)
            out.push_back(
                {"corporate_partner", h, p,
                 "'" + q.id(p) + "' is an organisation and a partner of '" + q.id(h) + "', which holds " +
                     kind + " contract '" + q.id(c) + "'",
                 std::string(s86) + "(1)(b), (2): two or more individuals practising in partnership"});
          people += q.type(p) == NodeType::person;
          gps += gp(p);
        });
        if (people > 0 && (people < 2 || gps == 0))
          finding(
              "a partnership needs two or more individuals, at least one a medical practitioner "
              "(" +
                  std::to_string(people) + " partners, " + std::to_string(gps) + " GPs in the model)",
              std::string(s86) + "(2)");
      } else if (regime == LiabilityRegime::one_person) {
        bool any = false, gp_owner = false;
        q.in(h, RelKind::owns, [&](NodeIndex o, RelIndex) {
          any = true;
          gp_owner |= gp(o);
        });
        if (any && !gp_owner)
          finding("a sole trader must be a medical practitioner, and its owner in the model is not a GP",
                  std::string(s86) + "(1)(a)");
      }
    }
  }
  // A partner employed by its own firm: a firm is not a person apart from its partners, so a
  // partner cannot be its employee (Ellis v Joseph Ellis & Co [1905] 1 KB 324).
  for (NodeIndex f = 0; f < s.nodes.size(); ++f) {
    if (s.nodes[f].type != NodeType::organisation || !q.live(f) ||
        rules.regime(f) != LiabilityRegime::partners)
      continue;
    q.in(f, RelKind::partner_in, [&](NodeIndex p, RelIndex) {
      if (q.employs(f, p))
        out.push_back({"partner_employed_by_firm", p, f,
                       "'" + q.id(p) + "' is a partner of '" + q.id(f) + "' and also its employee",
                       "Ellis v Joseph Ellis & Co [1905] 1 KB 324; PA 1890 s.1"});
    });
  }
  for (const Gap& g : flow_down_gaps(model, as_of)) {
    if (g.kind == GapKind::onward_subcontracting)
      out.push_back({"onward_subcontracting", g.subcontract, g.contract, g.detail,
                     "GMS Contracts Regulations 2015 Sch 3 para 44; the PMS Agreements Regulations "
                     "2015 equivalent; APMS: the commissioner's prior written consent"});
    else if (g.kind == GapKind::circular_subcontracting)
      out.push_back(
          {"circular_subcontracting", g.holder, g.subcontract, g.detail,
           "a party cannot be its own subcontractor: nobody would answer to it (DESIGN.md rule 3)"});
  }
  // Indemnities whose scope covers nothing the indemnified owes or does, and guarantees that
  // name no creditor.
  for (std::size_t i = 0; i < s.relations.size(); ++i) {
    const auto& r = s.relations[i];
    if (!in_force(r.start, r.end, as_of) || !q.live(r.source) || !q.live(r.target)) continue;
    if (r.kind == RelKind::indemnifies) {
      bool used = false;
      for (const auto& e : rules.edges())
        used |= e.basis == Basis::indemnity && e.party == r.source && e.to == r.target;
      if (!used) {
        const Value* sc = r.get("scope");
        out.push_back({"indemnity_scope_unmatched", r.source, r.target,
                       "'" + q.id(r.source) + "' indemnifies '" + q.id(r.target) + "' for " +
                           (sc ? std::get<std::string>(*sc) : std::string("all")) +
                           ", which covers nothing it owes or performs",
                       "the kinds table's indemnity scopes (docs/accountability.md, rule 7)"});
      }
    } else if (r.kind == RelKind::guarantees) {
      const Value* b = r.get("beneficiary");
      const Value* k = r.get("contract");
      std::string bad;
      for (const Value* v : {b, k})
        if (v && !model.find(std::get<std::string>(*v))) bad = std::get<std::string>(*v);
      if (!bad.empty() || (!b && !k && s.nodes[r.target].type == NodeType::organisation))
        out.push_back({"guarantee_without_creditor", r.source, r.target,
                       bad.empty() ? "'" + q.id(r.source) + "' guarantees '" + q.id(r.target) +
                                         "' but names no beneficiary or contract, so it answers to nobody"
                                   : "'" + q.id(r.source) + "' guarantees '" + q.id(r.target) + "' naming '" +
                                         bad + "', which is not in the model",
                       "a guarantee is a promise made to a creditor to answer for the debtor's "
                       "obligations to it (form: Statute of Frauds 1677 s.4)"});
    }
  }
  return out;
}

}  // namespace govgraph
