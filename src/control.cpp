// control.cpp — integrated ownership, control in law, and cycles of ownership (control.hpp,
// docs/control.md).
//
// controllers(), ownership and voting: the entity's upstream U (every node that holds, through
// some chain, part of it) is found by a walk against the holdings; U's strongly connected
// components (Boost.Graph, Tarjan: numbered so that a component comes after every component it
// holds shares in) are then solved one at a time, from the entity up: a holder outside any
// cycle in one step, y_u = sum over its holdings u -> v of share(u, v) * y_v (y_entity = 1), the
// members of a cycle by Gauss-Seidel iteration of the same equations to a fixed point (it
// converges when some share of the cycle is held outside it: the spectral radius of the cycle's
// holdings is then below 1). The same order counts the chains from each holder (none through a
// cycle). The system is solved three times: with the shares, their lower and their upper bounds
// (the integrated share is increasing in every share, so the bounds solve to bounds).
//
// controllers(), control: Companies Act 2006 Sch 1A. Each holder's interests in the entity are
// its own and, in full, those of every legal entity it has a majority stake in, directly or
// through a chain of majority stakes (para 18); a condition of paras 2-5 met on those interests
// makes it a controller.
#include "govgraph/control.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "govgraph/error.hpp"
#include "query.hpp"

namespace govgraph {
namespace {

using detail::Q;
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max()
                                                           : a + b;
}

std::string describe(const Q& q, RelIndex r) {
  const Relation& rel = q.s.relations[r];
  return std::string(to_string(rel.kind)) + " '" + q.s.nodes[rel.source].id + "' -> '" +
         q.s.nodes[rel.target].id + "'";
}

/// "More than" a share, read with a tolerance: a holding made of parts (5% + 10% + 8% + 2%) sums
/// in floating point to 0.25000000000000006, which is not "more than 25%" (Sch 1A paras 2-3; found
/// in review). Shares are known to far fewer than nine decimal places.
constexpr double kTolerance = 1e-9;
bool exceeds(double x, double t) { return x > t + kTolerance; }

/// A fact's share and its bounds: the attributes share_min and share_max (a BODS range, kept by
/// gg.bods) or, without them, the share itself. NaN share: not given.
struct Share {
  double mid, lo, hi;
};
Share share_of(const Q& q, RelIndex r) {
  const Relation& rel = q.s.relations[r];
  Share s{rel.share, rel.share, rel.share};
  if (std::isnan(s.mid)) return s;
  auto bound = [&](std::string_view key, double& out) {
    const Value* v = rel.get(key);
    if (!v) return;
    if (const auto* d = std::get_if<double>(v)) out = *d;
    else if (const auto* i = std::get_if<std::int64_t>(v)) out = static_cast<double>(*i);
    else
      throw ModelError("bad_value", "controllers: " + describe(q, r) + " has a " + std::string(key) +
                                        " that is not a number");
  };
  bound("share_min", s.lo);
  bound("share_max", s.hi);
  if (!(0 <= s.lo && s.lo <= s.mid && s.mid <= s.hi && s.hi <= 1))
    throw ModelError("bad_value", "controllers: " + describe(q, r) + " has share " + to_string(Value(s.mid)) +
                                      " outside its bounds share_min " + to_string(Value(s.lo)) +
                                      " and share_max " + to_string(Value(s.hi)) +
                                      " (0 <= min <= share <= max <= 1)");
  // An exclusive minimum (a PSC band "more than 25% but not more than 50%", kept by gg.bods as
  // share_min_exclusive) is read as the smallest share above it: just over the tolerance.
  if (const Value* x = rel.get("share_min_exclusive");
      x && std::holds_alternative<bool>(*x) && std::get<bool>(*x))
    s.lo = std::min(s.lo + 2 * kTolerance, s.mid);
  return s;
}

/// BODS records an interest held through unnamed intermediaries as indirect; it counts in the
/// share but is not held directly.
bool is_indirect(const Relation& rel) {
  const Value* v = rel.get("direct_or_indirect");
  const auto* t = v ? std::get_if<std::string>(v) : nullptr;
  return t && *t == "indirect";
}

std::string_view interest_of(const Relation& rel) {
  const Value* v = rel.get("interest");
  const auto* t = v ? std::get_if<std::string>(v) : nullptr;
  return t ? std::string_view(*t) : std::string_view();
}

/// Calls f(holder, relation) for each holding into `n` that the measure reads, in force on the
/// query's day: ownership, `owns`; voting, `controls` of interest voting_rights; control, every
/// `owns` and `controls`.
template <class F>
void holdings_into(const Q& q, NodeIndex n, ControlMeasure measure, F&& f) {
  if (measure != ControlMeasure::voting) q.in(n, RelKind::owns, f);
  if (measure == ControlMeasure::ownership) return;
  q.in(n, RelKind::controls, [&](NodeIndex u, RelIndex r) {
    if (measure == ControlMeasure::control || interest_of(q.s.relations[r]) == "voting_rights") f(u, r);
  });
}

/// A share that can be exceeded or not: owns, and controls of voting rights.
bool carries_share(const Relation& rel) {
  return rel.kind == RelKind::owns || interest_of(rel) == "voting_rights";
}

/// The entity's upstream by a measure: local 0 is the entity; every holding between them.
struct Upstream {
  struct Edge {
    std::uint32_t from, to;
    RelIndex rel;
  };
  std::vector<NodeIndex> nodes;
  std::vector<Edge> edges;
  std::vector<char> unknown_into;  ///< a holding into it whose share is not given
  std::vector<NodeIndex> unknown;  ///< the holders of those
};

Upstream upstream(const Q& q, NodeIndex e, ControlMeasure measure) {
  Upstream u;
  u.nodes = {e};
  u.unknown_into = {0};
  std::unordered_map<NodeIndex, std::uint32_t> local = {{e, 0}};
  for (std::size_t i = 0; i < u.nodes.size(); ++i) {
    holdings_into(q, u.nodes[i], measure, [&](NodeIndex h, RelIndex r) {
      const Relation& rel = q.s.relations[r];
      if (std::isnan(rel.share) && carries_share(rel)) {
        u.unknown_into[i] = 1;
        if (std::find(u.unknown.begin(), u.unknown.end(), h) == u.unknown.end()) u.unknown.push_back(h);
        if (measure != ControlMeasure::control) return;  // counts for nothing in the shares
      }
      if (measure != ControlMeasure::control && !(rel.share > 0)) return;
      auto [it, fresh] = local.try_emplace(h, static_cast<std::uint32_t>(u.nodes.size()));
      if (fresh) {
        u.nodes.push_back(h);
        u.unknown_into.push_back(0);
      }
      u.edges.push_back({it->second, static_cast<std::uint32_t>(i), r});
    });
  }
  return u;
}

/// Integrated shares (ownership, voting) of every node of the upstream, with bounds, the direct
/// shares and the chains.
struct Integrated {
  std::vector<double> mid, lo, hi, direct;
  std::vector<std::uint64_t> paths;
  std::vector<char> cyclic;
};

Integrated integrate(const Q& q, const Upstream& up) {
  const std::size_t n = up.nodes.size();
  Graph g(n);
  struct Out {
    std::uint32_t to;
    Share share;
  };
  std::vector<std::vector<Out>> out(n);
  Integrated r;
  r.direct.assign(n, 0.0);
  for (const auto& x : up.edges) {
    boost::add_edge(x.from, x.to, g);
    const Share s = share_of(q, x.rel);
    out[x.from].push_back({x.to, s});
    if (x.to == 0 && !is_indirect(q.s.relations[x.rel])) r.direct[x.from] += s.mid;
  }
  std::vector<int> comp(n);
  const int comps = boost::strong_components(
      g, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(comps));
  for (std::uint32_t v = 0; v < n; ++v) members[static_cast<std::size_t>(comp[v])].push_back(v);
  // Chains, from the entity's component up (Tarjan numbers a component after those it reaches).
  r.paths.assign(n, 0);
  r.cyclic.assign(n, 0);
  for (const auto& c : members) {
    for (std::uint32_t u : c) {
      bool through = c.size() > 1;
      std::uint64_t count = u == 0 ? 1 : 0;
      for (const Out& o : out[u]) {
        through |= r.cyclic[o.to] != 0;
        count = sat_add(count, r.paths[o.to]);
      }
      r.cyclic[u] = through;
      r.paths[u] = through ? 0 : count;
    }
  }
  // One solve with the shares picked by `pick`; a cycle that does not converge is refused
  // (`refuse`) or, for the upper bound, unbounded.
  auto solve = [&](double Share::*pick, bool refuse) {
    std::vector<double> y(n, 0.0);
    auto value = [&](std::uint32_t u) {
      if (u == 0) return 1.0;  // the entity holds all of itself
      double sum = 0;
      for (const Out& o : out[u]) sum += o.share.*pick * y[o.to];
      return sum;
    };
    for (const auto& c : members) {
      if (c.size() == 1) {
        y[c.front()] = value(c.front());
        continue;
      }
      // A cycle of cross-holdings: iterate to the fixed point. Each pass is O(its holdings).
      constexpr int kMaxPasses = 100000;
      int pass = 0;
      bool finite = true;
      for (double change = 1; change > 1e-15 && pass < kMaxPasses && finite; ++pass) {
        change = 0;
        for (std::uint32_t u : c) {
          const double next = value(u);
          finite &= std::isfinite(next);  // a diverging cycle (found in review: inf, then NaN)
          change = std::max(change, std::fabs(next - y[u]));
          y[u] = next;
        }
      }
      if (pass < kMaxPasses && finite) continue;
      if (!refuse) {
        for (std::uint32_t u : c) y[u] = kInf;
        continue;
      }
      std::string names;
      for (std::uint32_t u : c) names += (names.empty() ? "'" : ", '") + q.s.nodes[up.nodes[u]].id + "'";
      throw ModelError("bad_value", "controllers: the holdings of " + names +
                                        " go round a cycle whose holdings do not leave any share outside "
                                        "it (a cycle holding all of itself, or holdings in a body adding "
                                        "up to more than 100%), so their integrated shares have no value; "
                                        "check the shares");
    }
    return y;
  };
  r.mid = solve(&Share::mid, true);
  r.lo = solve(&Share::lo, true);
  r.hi = solve(&Share::hi, false);
  return r;
}

/// Interests in the entity under Sch 1A attributed to one holder, read one way (see Reading).
struct Attributed {
  double shares = 0, votes = 0, board = 0;
  std::uint8_t conditions = 0;  ///< ControlCondition bits met
  std::uint64_t via = 0;        ///< bodies (itself included) its interests come through
};

/// How the facts are read: the shares given, their lower bounds, or their upper bounds with the
/// shares of a body whose voting rights are recorded nowhere standing for its votes (one share,
/// one vote: a chain of `owns` with no voting rights recorded is then a possible chain of
/// majority stakes, and its top an uncertain controller rather than no one; found in review).
enum class Reading { given, lower, upper };

/// Sch 1A para 18: a holder is treated as holding every interest held by a legal entity it has
/// a majority stake in, and a majority stake (para 18(2)(a), (b)) is a majority of the body's
/// voting rights or the right to appoint or remove a majority of its board, counting the rights
/// the holder is itself treated as holding (s.1159 and Sch 6 para 9 count a subsidiary's rights
/// as its parent's in the same way). So the bodies a holder has a majority stake in grow from
/// itself: each body added brings its rights in others, and a body in which the rights so far
/// add up to a majority joins. Rights only grow, so the order does not matter; each edge is
/// read once per holder: O(R_U) per holder.
class Attribution {
 public:
  Attribution(const Q& q, const Upstream& up, Reading reading) : n_(up.nodes.size()), out_(n_) {
    std::vector<char> votes_recorded(n_, 0);
    for (const auto& x : up.edges)
      if (interest_of(q.s.relations[x.rel]) == "voting_rights") votes_recorded[x.to] = 1;
    for (const auto& x : up.edges) {
      const Relation& rel = q.s.relations[x.rel];
      const std::string_view interest = interest_of(rel);
      Edge e{x.to, Kind::none, 0};
      if (rel.kind == RelKind::owns) e.kind = Kind::shares;
      else if (interest == "voting_rights") e.kind = Kind::votes;
      else if (interest == "appoint_board") e.kind = Kind::board;
      else if (interest == "significant_influence") e.kind = Kind::influence;
      if (e.kind == Kind::none) continue;
      if (e.kind != Kind::influence) {
        if (std::isnan(rel.share)) {
          // A share not given: a board right with no share is a right over a majority (the
          // model's reading of `appoint_board`); a share or vote of unknown size counts for
          // nothing here and its holder is listed in unknown_share.
          if (e.kind != Kind::board) continue;
          e.share = kInf;
        } else {
          const Share sh = share_of(q, x.rel);
          e.share = reading == Reading::given ? sh.mid : reading == Reading::lower ? sh.lo : sh.hi;
        }
      }
      // Read at the upper end, the shares of a body whose votes are recorded nowhere carry votes.
      if (e.kind == Kind::shares && x.to != 0 && reading == Reading::upper && !votes_recorded[x.to])
        e.shares_vote = true;
      out_[x.from].push_back(e);
    }
    votes_.assign(n_, 0), board_.assign(n_, 0), in_.assign(n_, 0);
  }

  /// What holder u holds in the entity (local 0), its own interests and those attributed to it.
  Attributed of(std::uint32_t u, double threshold) {
    Attributed a;
    for (std::uint32_t t : touched_) votes_[t] = 0, board_[t] = 0, in_[t] = 0;
    touched_.clear();
    stack_ = {u};
    in_[u] = 1;
    touched_.push_back(u);
    bool board_unbounded = false, influence = false;
    while (!stack_.empty()) {
      const std::uint32_t x = stack_.back();
      stack_.pop_back();
      bool interest = false;
      for (const Edge& e : out_[x]) {
        if (e.to == 0) {
          interest = true;
          if (e.kind == Kind::shares) a.shares += e.share;
          else if (e.kind == Kind::votes) a.votes += e.share;
          else if (e.kind == Kind::board)
            std::isinf(e.share) ? void(board_unbounded = true) : void(a.board += e.share);
          else influence = true;
          continue;
        }
        if (in_[e.to]) continue;
        if (e.kind == Kind::votes || e.shares_vote) votes_[e.to] += e.share;
        else if (e.kind == Kind::board) board_[e.to] += e.share;
        else continue;
        touched_.push_back(e.to);
        if (exceeds(votes_[e.to], 0.5) || exceeds(board_[e.to], 0.5)) {
          in_[e.to] = 1;
          stack_.push_back(e.to);
        }
      }
      if (interest) ++a.via;
    }
    if (exceeds(a.shares, threshold)) a.conditions |= kShares;
    if (exceeds(a.votes, threshold)) a.conditions |= kVotes;
    if (board_unbounded || exceeds(a.board, 0.5)) a.conditions |= kAppointBoard;
    if (influence) a.conditions |= kSignificantInfluence;
    return a;
  }

 private:
  enum class Kind : std::uint8_t { none, shares, votes, board, influence };
  struct Edge {
    std::uint32_t to;
    Kind kind;
    double share;
    bool shares_vote = false;
  };
  std::size_t n_;
  std::vector<std::vector<Edge>> out_;
  std::vector<double> votes_, board_;
  std::vector<char> in_;
  std::vector<std::uint32_t> touched_, stack_;
};

/// The rows for `entity`, without `top` (and so without `ultimate`).
Controllers solve_rows(const Q& q, NodeIndex e, double threshold, ControlMeasure measure) {
  const Upstream up = upstream(q, e, measure);
  Controllers result;
  result.as_of = q.day;
  result.unknown_share = up.unknown;
  if (measure != ControlMeasure::control) {
    const Integrated in = integrate(q, up);
    for (std::uint32_t u = 1; u < up.nodes.size(); ++u) {
      Controller c;
      c.holder = up.nodes[u];
      c.share = in.mid[u], c.share_min = in.lo[u], c.share_max = in.hi[u];
      c.direct = in.direct[u];
      c.paths = in.paths[u];
      c.cyclic = in.cyclic[u] != 0;
      c.controls = exceeds(c.share, threshold);
      c.certain = exceeds(c.share_min, threshold) == exceeds(c.share_max, threshold);
      result.rows.push_back(c);
    }
  } else {
    Attribution given(q, up, Reading::given), lower(q, up, Reading::lower), upper(q, up, Reading::upper);
    std::vector<double> direct(up.nodes.size(), 0.0);
    for (const auto& x : up.edges) {
      const Relation& rel = q.s.relations[x.rel];
      if (x.to == 0 && rel.kind == RelKind::owns && !std::isnan(rel.share) && !is_indirect(rel))
        direct[x.from] += rel.share;
    }
    for (std::uint32_t u = 1; u < up.nodes.size(); ++u) {
      const Attributed mid = given.of(u, threshold), lo = lower.of(u, threshold), hi = upper.of(u, threshold);
      if (mid.via == 0 && hi.via == 0) continue;  // no interest in the entity, its own or attributed
      Controller c;
      c.holder = up.nodes[u];
      c.share = mid.shares, c.share_min = lo.shares, c.share_max = hi.shares;
      c.votes = mid.votes;
      c.direct = direct[u];
      c.paths = mid.via != 0 ? mid.via : hi.via;
      c.conditions = mid.conditions;
      c.controls = c.conditions != 0;
      c.certain = (lo.conditions != 0) == (hi.conditions != 0);
      result.rows.push_back(c);
    }
  }
  return result;
}

/// Top: a person, or a body that no one controls by the measure at the threshold and whose
/// holders' shares are all known (a holding of unknown size might control it).
bool is_top(const Q& q, NodeIndex u, double threshold, ControlMeasure measure) {
  if (q.s.nodes[u].type == NodeType::person) return true;
  const Controllers above = solve_rows(q, u, threshold, measure);
  if (!above.unknown_share.empty()) return false;
  return std::none_of(above.rows.begin(), above.rows.end(),
                      [](const Controller& c) { return c.controls || !c.certain; });
}

}  // namespace

ControlMeasure control_measure_from(std::string_view s) {
  if (s == "ownership") return ControlMeasure::ownership;
  if (s == "voting") return ControlMeasure::voting;
  if (s == "control") return ControlMeasure::control;
  throw ModelError("bad_value", "controllers: measure '" + std::string(s.substr(0, 40)) +
                                    "' is not one of: ownership, voting, control");
}

Date ownership_day(Date as_of) { return as_of ? as_of : Date::today(); }

Controllers controllers(const Model& model, std::string_view entity, double threshold, Date as_of,
                        ControlMeasure measure) {
  const auto lock = model.read_lock();
  const auto& s = model.store();
  const auto e = s.find(entity);
  if (!e)
    throw UnknownIdError("unknown_id", "controllers: '" + std::string(entity) + "' is not in the model");
  if (!(threshold >= 0 && threshold < 1))
    throw ModelError("bad_value", "controllers: threshold must be a share from 0 to below 1, not " +
                                      to_string(Value(threshold)));
  const Q q{s, ownership_day(as_of)};
  Controllers result = solve_rows(q, *e, threshold, measure);
  for (Controller& c : result.rows) {
    // Only a controller is asked whether anyone controls it (one solve above each).
    c.top = c.controls && is_top(q, c.holder, threshold, measure);
    c.ultimate = c.top;
  }
  std::stable_sort(result.rows.begin(), result.rows.end(), [](const Controller& a, const Controller& b) {
    if (a.share != b.share) return a.share > b.share;
    if (a.votes != b.votes) return a.votes > b.votes;
    return a.holder < b.holder;
  });
  return result;
}

std::vector<OwnershipCycle> circular_ownership(const Model& model, Date as_of) {
  const auto lock = model.read_lock();
  const auto& s = model.store();
  const Q q{s, ownership_day(as_of)};
  // The graph of owns and controls in force, over the nodes they join.
  std::unordered_map<NodeIndex, std::uint32_t> local;
  std::vector<NodeIndex> nodes;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  auto index = [&](NodeIndex x) {
    auto [it, fresh] = local.try_emplace(x, static_cast<std::uint32_t>(nodes.size()));
    if (fresh) nodes.push_back(x);
    return it->second;
  };
  for (const Relation& r : s.relations) {
    if (r.kind != RelKind::owns && r.kind != RelKind::controls) continue;
    if (!in_force(r.start, r.end, q.day) || !q.live(r.source) || !q.live(r.target)) continue;
    const std::uint32_t a = index(r.source), b = index(r.target);
    edges.emplace_back(a, b);
  }
  Graph g(nodes.size());
  std::vector<std::vector<std::uint32_t>> out(nodes.size());
  for (auto [a, b] : edges) {
    boost::add_edge(a, b, g);
    out[a].push_back(b);
  }
  std::vector<int> comp(nodes.size());
  const int comps = nodes.empty()
                        ? 0
                        : boost::strong_components(g, boost::make_iterator_property_map(
                                                          comp.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(comps));
  for (std::uint32_t v = 0; v < nodes.size(); ++v) members[static_cast<std::size_t>(comp[v])].push_back(v);
  std::vector<OwnershipCycle> result;
  for (auto& c : members) {
    if (c.size() < 2) continue;
    std::sort(c.begin(), c.end(), [&](std::uint32_t a, std::uint32_t b) { return nodes[a] < nodes[b]; });
    OwnershipCycle oc;
    for (std::uint32_t v : c) oc.members.push_back(nodes[v]);
    // One cycle: breadth-first from the first member, inside the component, back to it.
    const std::uint32_t start = c.front();
    const int cid = comp[start];
    std::unordered_map<std::uint32_t, std::uint32_t> parent = {{start, start}};
    std::vector<std::uint32_t> queue = {start};
    std::uint32_t last = start;
    bool found = false;
    for (std::size_t i = 0; i < queue.size() && !found; ++i) {
      const std::uint32_t x = queue[i];
      for (std::uint32_t y : out[x]) {
        if (comp[y] != cid) continue;
        if (y == start) {
          last = x;
          found = true;
          break;
        }
        if (parent.try_emplace(y, x).second) queue.push_back(y);
      }
    }
    std::vector<NodeIndex> back;
    for (std::uint32_t x = last; x != start; x = parent[x]) back.push_back(nodes[x]);
    oc.cycle.push_back(nodes[start]);
    oc.cycle.insert(oc.cycle.end(), back.rbegin(), back.rend());
    oc.cycle.push_back(nodes[start]);
    result.push_back(std::move(oc));
  }
  std::sort(result.begin(), result.end(), [](const OwnershipCycle& a, const OwnershipCycle& b) {
    return a.members.front() < b.members.front();
  });
  return result;
}

}  // namespace govgraph
