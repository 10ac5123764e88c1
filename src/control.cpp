// control.cpp — integrated ownership and cycles of ownership (control.hpp, docs/control.md).
//
// controllers(): the entity's upstream U (every node that holds, through some chain, part of
// it) is found by a walk against the holdings; U's strongly connected components (Boost.Graph,
// Tarjan: numbered so that a component comes after every component it holds shares in) are then
// solved one at a time, from the entity up: a holder outside any cycle in one step,
// y_u = sum over its holdings u -> v of share(u, v) * y_v (y_entity = 1), the members of a
// cycle by Gauss-Seidel iteration of the same equations to a fixed point (it converges when
// some share of the cycle is held outside it: the spectral radius of the cycle's holdings is
// then below 1). The same order counts the chains from each holder (none through a cycle).
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

/// Calls f(holder, share) for each holding in `n` by `measure`, in force on the query's day:
/// `owns` with a share; `controls` with interest voting_rights and a share.
template <class F>
void holdings_into(const Q& q, NodeIndex n, ControlMeasure measure, F&& f) {
  if (measure == ControlMeasure::ownership) {
    q.in(n, RelKind::owns, [&](NodeIndex u, RelIndex r) {
      const double s = q.s.relations[r].share;
      if (s > 0) f(u, s);  // NaN (no share given) compares false
    });
    return;
  }
  q.in(n, RelKind::controls, [&](NodeIndex u, RelIndex r) {
    const Relation& rel = q.s.relations[r];
    const Value* interest = rel.get("interest");
    if (!interest || std::get<std::string>(*interest) != "voting_rights") return;
    if (rel.share > 0) f(u, rel.share);
  });
}

std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max()
                                                           : a + b;
}

}  // namespace

ControlMeasure control_measure_from(std::string_view s) {
  if (s == "ownership") return ControlMeasure::ownership;
  if (s == "voting") return ControlMeasure::voting;
  throw ModelError("bad_value",
                   "controllers: measure '" + std::string(s) + "' is not one of: ownership, voting");
}

std::vector<Controller> controllers(const Model& model, std::string_view entity, double threshold, Date as_of,
                                    ControlMeasure measure) {
  const auto lock = model.read_lock();
  const auto& s = model.store();
  const auto e = s.find(entity);
  if (!e)
    throw UnknownIdError("unknown_id", "controllers: '" + std::string(entity) + "' is not in the model");
  if (!(threshold >= 0 && threshold < 1))
    throw ModelError("bad_value", "controllers: threshold must be a share from 0 to below 1, not " +
                                      to_string(Value(threshold)));
  const Q q{s, as_of};
  // The upstream, by a walk against the holdings; local index 0 is the entity.
  std::vector<NodeIndex> up = {*e};
  std::unordered_map<NodeIndex, std::uint32_t> local = {{*e, 0}};
  struct Edge {
    std::uint32_t from, to;
    double share;
  };
  std::vector<Edge> edges;
  std::vector<std::uint32_t> held(1, 0);  // holdings into each local node
  for (std::size_t i = 0; i < up.size(); ++i) {
    const NodeIndex x = up[i];
    holdings_into(q, x, measure, [&](NodeIndex u, double share) {
      auto [it, fresh] = local.try_emplace(u, static_cast<std::uint32_t>(up.size()));
      if (fresh) {
        up.push_back(u);
        held.push_back(0);
      }
      edges.push_back({it->second, static_cast<std::uint32_t>(i), share});
      ++held[i];
    });
  }
  const std::size_t n = up.size();
  Graph g(n);
  std::vector<std::vector<std::pair<std::uint32_t, double>>> out(n);
  for (const Edge& x : edges) {
    boost::add_edge(x.from, x.to, g);
    out[x.from].emplace_back(x.to, x.share);
  }
  std::vector<int> comp(n);
  const int comps = boost::strong_components(
      g, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(comps));
  for (std::uint32_t v = 0; v < n; ++v) members[static_cast<std::size_t>(comp[v])].push_back(v);
  // Solve, from the entity's component up (Tarjan numbers a component after those it reaches).
  std::vector<double> y(n, 0.0);
  std::vector<std::uint64_t> paths(n, 0);
  std::vector<char> cyclic(n, 0);
  auto value = [&](std::uint32_t u) {
    if (u == 0) return 1.0;  // the entity holds all of itself
    double sum = 0;
    for (auto [v, share] : out[u]) sum += share * y[v];
    return sum;
  };
  for (const auto& c : members) {
    const bool cycle = c.size() > 1;
    for (std::uint32_t u : c) {
      bool through = cycle;
      std::uint64_t count = u == 0 ? 1 : 0;
      for (auto [v, share] : out[u]) {
        through |= cyclic[v] != 0;
        count = sat_add(count, paths[v]);
      }
      cyclic[u] = through;
      paths[u] = through ? 0 : count;
    }
    if (!cycle) {
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
    if (pass == kMaxPasses || !finite) {
      std::string names;
      for (std::uint32_t u : c) names += (names.empty() ? "'" : ", '") + s.nodes[up[u]].id + "'";
      throw ModelError("bad_value", "controllers: the holdings of " + names +
                                        " go round a cycle whose holdings do not leave any share outside "
                                        "it (a cycle holding all of itself, or holdings in a body adding "
                                        "up to more than 100%), so their integrated shares have no value; "
                                        "check the shares");
    }
  }
  std::vector<Controller> rows;
  for (std::uint32_t u = 1; u < n; ++u) {
    Controller c;
    c.holder = up[u];
    c.share = y[u];
    for (auto [v, share] : out[u])
      if (v == 0) c.direct += share;
    c.paths = paths[u];
    c.cyclic = cyclic[u] != 0;
    c.ultimate = s.nodes[up[u]].type == NodeType::person || held[u] == 0;
    c.controls = c.share > threshold;
    rows.push_back(c);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Controller& a, const Controller& b) {
    return a.share != b.share ? a.share > b.share : a.holder < b.holder;
  });
  return rows;
}

std::vector<OwnershipCycle> circular_ownership(const Model& model, Date as_of) {
  const auto lock = model.read_lock();
  const auto& s = model.store();
  const Q q{s, as_of};
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
    if (!in_force(r.start, r.end, as_of) || !q.live(r.source) || !q.live(r.target)) continue;
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
