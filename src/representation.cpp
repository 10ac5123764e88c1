// representation.cpp — boards as weighted voting games, representation paths, coverage,
// conflicts of interest and blocking coalitions (DESIGN.md, "Representation rules").
#include "govgraph/representation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <set>

#include "govgraph/error.hpp"
#include "query.hpp"

namespace govgraph {
namespace {

using detail::kNaN;
using detail::Q;
constexpr auto need = detail::require;

/// An organisation's weight: its own `key` field, else the sum over its members (member_of).
double weight_of(const Q& q, NodeIndex n, std::string_view key, std::set<NodeIndex>& seen) {
  if (!seen.insert(n).second) return 0;
  const double own = q.number(n, key);
  if (!std::isnan(own)) return own;
  double sum = kNaN;
  for (NodeIndex m : q.ins(n, RelKind::member_of)) {
    const double w = weight_of(q, m, key, seen);
    if (!std::isnan(w)) sum = std::isnan(sum) ? w : sum + w;
  }
  return sum;
}
double weight_of(const Q& q, NodeIndex n, std::string_view key) {
  std::set<NodeIndex> seen;
  return weight_of(q, n, key, seen);
}

double seat_votes(const Q& q, NodeIndex seat) {
  // The kinds table says whether a seat of its kind votes (an observer does not).
  const std::string_view kind = q.text(seat, "kind");
  const SeatKind* k = find_seat_kind(kind.empty() ? kDefaultSeatKind : kind);
  if (k && !k->votes) return 0;
  const double v = q.number(seat, "votes");
  return std::isnan(v) ? 1.0 : v;
}

/// Seats that carry `org`'s voice: those representing it or appointed by it.
std::vector<NodeIndex> voice_seats(const Q& q, NodeIndex org) {
  auto v = q.ins(org, RelKind::represents);
  for (NodeIndex s : q.ins(org, RelKind::appointed_by))
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  return v;
}

/// Integer vote units: votes scaled by the smallest power of ten that makes them whole.
std::int64_t scale_for(const std::vector<double>& votes) {
  for (std::int64_t s = 1; s <= 1000000; s *= 10) {
    bool whole = true;
    for (double v : votes) whole &= std::abs(v * s - std::round(v * s)) < 1e-9;
    if (whole) return s;
  }
  throw ModelError("bad_value", "seat votes need more than six decimal places");
}

/// Strict input: a weight key must be a field or an attribute that some organisation has (a
/// typo such as "listsize" would otherwise give every member no weight).
void check_weight_key(const Q& q, std::string_view weight, std::string_view what) {
  if (weight.empty() || find_field(NodeType::organisation, weight)) return;
  std::vector<std::string_view> names;
  for (const auto& f : node_fields(NodeType::organisation)) names.push_back(f.name);
  for (NodeIndex n = 0; n < q.s.nodes.size(); ++n) {
    if (q.s.nodes[n].type != NodeType::organisation) continue;
    for (const auto& [k, v] : q.s.nodes[n].props) {
      if (k == weight) return;
      if (std::find(names.begin(), names.end(), std::string_view(k)) == names.end()) names.push_back(k);
    }
  }
  throw ModelError("unknown_field", std::string(what) + ": weight '" + std::string(weight) +
                                        "' is neither a field nor an attribute of any organisation" +
                                        did_you_mean(weight, names));
}

}  // namespace

Representation representation(const Model& model, std::string_view board, std::string_view weight, By by,
                              Date as_of, bool with_shapley_shubik) {
  const auto lock = model.read_lock();
  const NodeIndex b = need(model, board, NodeType::board, "representation");
  const Q q{model.store(), as_of};
  check_weight_key(q, weight, "representation");
  if (!q.live(b))
    throw ModelError("not_in_force",
                     "representation: board '" + std::string(board) + "' is not in force on " + as_of.iso());
  Representation rep;
  rep.board = b;
  std::map<NodeIndex, std::size_t> slot;  // member -> index in rep.members
  for (NodeIndex seat : q.ins(b, RelKind::seat_on)) {
    const NodeIndex appointer = q.first_out(seat, RelKind::appointed_by);
    const NodeIndex member = (by == By::appointer && appointer != kNoNode) ? appointer : seat;
    auto [it, fresh] = slot.emplace(member, rep.members.size());
    if (fresh) {
      rep.members.emplace_back();
      rep.members.back().member = member;
    }
    MemberPower& mp = rep.members[it->second];
    mp.seats.push_back(seat);
    mp.votes += seat_votes(q, seat);
    for (NodeIndex o : q.outs(seat, RelKind::represents))
      if (std::find(mp.constituency.begin(), mp.constituency.end(), o) == mp.constituency.end())
        mp.constituency.push_back(o);
  }
  // Weights: of each member's constituency, or of the member itself when its seats represent
  // nobody.
  double total_weight = 0;
  bool any_weight = false;
  for (auto& mp : rep.members) {
    std::vector<NodeIndex> who = mp.constituency;
    if (who.empty() && q.type(mp.member) == NodeType::organisation) who.push_back(mp.member);
    mp.weight = kNaN;
    for (NodeIndex o : who) {
      const double w = weight_of(q, o, weight);
      if (!std::isnan(w)) mp.weight = std::isnan(mp.weight) ? w : mp.weight + w;
    }
    if (!std::isnan(mp.weight)) {
      total_weight += mp.weight;
      any_weight = true;
    }
  }
  // The voting game in whole vote units.
  std::vector<double> votes;
  for (const auto& mp : rep.members) votes.push_back(mp.votes);
  const std::int64_t scale = scale_for(votes);
  std::vector<std::int64_t> units;
  std::int64_t total = 0;
  for (double v : votes) {
    units.push_back(std::llround(v * scale));
    total += units.back();
  }
  rep.total_votes = static_cast<double>(total) / scale;
  double quota = q.number(b, "quota");
  if (std::isnan(quota)) quota = 0.5;
  const std::int64_t qu = quota < 1 ? absolute_quota(quota, total) : std::llround(quota * scale);
  rep.quota = static_cast<double>(qu) / scale;
  const bool playable = total > 0 && qu >= 1 && qu <= total;
  if (playable) {
    rep.banzhaf_exact = banzhaf_exact(units, qu);
    if (with_shapley_shubik) rep.shapley_shubik_exact = shapley_shubik_exact(units, qu);
  }
  const auto bz = playable ? rep.banzhaf_exact.indices() : std::vector<double>(units.size(), 0.0);
  const auto ss = playable && with_shapley_shubik ? rep.shapley_shubik_exact.indices()
                                                  : std::vector<double>(units.size(), kNaN);
  rep.disproportionality = any_weight ? 0.0 : kNaN;
  for (std::size_t i = 0; i < rep.members.size(); ++i) {
    auto& mp = rep.members[i];
    mp.vote_share = total > 0 ? static_cast<double>(units[i]) / static_cast<double>(total) : 0;
    mp.weight_share = total_weight > 0 && !std::isnan(mp.weight) ? mp.weight / total_weight : kNaN;
    mp.banzhaf = bz[i];
    mp.shapley_shubik = ss[i];
    mp.veto = playable && total - units[i] < qu;
    mp.dummy = !playable || rep.banzhaf_exact.numerators[i] == "0";
    if (any_weight && !std::isnan(mp.weight_share))  // members of unknown weight are left out
      rep.disproportionality += 0.5 * std::abs(mp.banzhaf - mp.weight_share);
  }
  // Members of the board's organisation with no seat of their own and no seat representing them.
  const NodeIndex org = q.first_out(b, RelKind::governs);
  if (org != kNoNode) {
    std::set<NodeIndex> voiced;
    for (const auto& mp : rep.members) {
      voiced.insert(mp.member);
      for (NodeIndex s : mp.seats) voiced.insert(q.first_out(s, RelKind::appointed_by));
      voiced.insert(mp.constituency.begin(), mp.constituency.end());
    }
    for (NodeIndex m : q.ins(org, RelKind::member_of))
      if (!voiced.count(m)) rep.unrepresented.push_back(m);
  }
  return rep;
}

std::vector<std::vector<NodeIndex>> representation_paths(const Model& model, std::string_view org,
                                                         std::string_view board, Date as_of) {
  const auto lock = model.read_lock();
  const NodeIndex start = need(model, org, NodeType::organisation, "representation_paths");
  const NodeIndex target = need(model, board, NodeType::board, "representation_paths");
  const Q q{model.store(), as_of};
  std::vector<std::vector<NodeIndex>> out;
  std::vector<NodeIndex> path{start};
  std::function<void(NodeIndex)> walk = [&](NodeIndex o) {
    if (path.size() > 64) return;
    for (NodeIndex seat : voice_seats(q, o)) {
      const NodeIndex b = q.first_out(seat, RelKind::seat_on);
      if (b == kNoNode || std::find(path.begin(), path.end(), b) != path.end()) continue;
      path.push_back(seat);
      path.push_back(b);
      if (b == target) {
        out.push_back(path);
      } else {
        const NodeIndex next = q.first_out(b, RelKind::governs);
        if (next != kNoNode && std::find(path.begin(), path.end(), next) == path.end()) {
          path.push_back(next);
          walk(next);
          path.pop_back();
        }
      }
      path.pop_back();
      path.pop_back();
    }
  };
  walk(start);
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.size() < b.size(); });
  return out;
}

Coverage coverage(const Model& model, std::string_view board, const std::vector<std::string>& population,
                  std::string_view weight, Date as_of) {
  const auto lock = model.read_lock();
  const NodeIndex b = need(model, board, NodeType::board, "coverage");
  const Q q{model.store(), as_of};
  check_weight_key(q, weight, "coverage");
  Coverage cov;
  cov.board = b;
  std::vector<NodeIndex> pop;
  if (population.empty()) {
    for (NodeIndex n = 0; n < model.size(); ++n)
      if (q.type(n) == NodeType::organisation && q.live(n)) {
        // The default population: organisations of a constituent kind (kinds table).
        const OrganisationKind* k = find_organisation_kind(q.text(n, "kind"));
        if (k && k->constituent) pop.push_back(n);
      }
  } else {
    for (const auto& id : population) pop.push_back(need(model, id, NodeType::organisation, "coverage"));
  }
  double total = 0, covered = 0;
  const std::string board_id(board);
  for (NodeIndex o : pop) {
    Voice v;
    v.org = o;
    v.weight = weight_of(q, o, weight);
    const auto paths = representation_paths(model, model.nodes()[o].id, board_id, as_of);
    for (const auto& p : paths) {
      if (p.size() == 3) v.direct = true;
      else v.indirect = true;
    }
    if (!paths.empty()) v.via = paths.front();
    if (!std::isnan(v.weight)) {
      total += v.weight;
      if (!paths.empty()) covered += v.weight;
    }
    cov.orgs.push_back(std::move(v));
  }
  cov.share_covered = total > 0 ? covered / total : kNaN;
  return cov;
}

std::vector<Conflict> conflicts_of_interest(const Model& model, Date as_of) {
  const auto lock = model.read_lock();
  const Q q{model.store(), as_of};
  std::vector<Conflict> out;
  // Who is tied to a party, and how.
  auto ties = [&](NodeIndex party) {
    std::vector<std::pair<NodeIndex, std::string>> t;
    const std::string& pid = q.id(party);
    t.emplace_back(party, "is " + pid);
    for (NodeIndex p : q.ins(party, RelKind::partner_in)) t.emplace_back(p, "partner in " + pid);
    for (NodeIndex p : q.outs(party, RelKind::employs)) t.emplace_back(p, "employed by " + pid);
    for (NodeIndex p : q.ins(party, RelKind::member_of)) t.emplace_back(p, "member of " + pid);
    for (NodeIndex p : q.ins(party, RelKind::owns)) t.emplace_back(p, "owns part of " + pid);
    for (NodeIndex p : q.ins(party, RelKind::controls)) t.emplace_back(p, "controls " + pid);
    for (NodeIndex b : q.ins(party, RelKind::governs))
      for (NodeIndex s : q.ins(b, RelKind::seat_on))
        for (NodeIndex h : q.outs(s, RelKind::held_by))
          t.emplace_back(h, "holds seat " + q.id(s) + " on " + q.id(b) + " of " + pid);
    return t;
  };
  for (NodeIndex c = 0; c < model.size(); ++c) {
    if (q.type(c) != NodeType::contract || !q.live(c)) continue;
    // Sides: obligee and obligor roles, or each party of an agreement on its own.
    std::vector<std::vector<NodeIndex>> sides;
    if (const ContractRoles* r = q.roles(c); r && !r->obligor_role.empty()) {
      sides.push_back(q.parties(c, r->obligee_role));
      sides.push_back(q.parties(c, r->obligor_role));
    } else {
      for (NodeIndex p : q.ins(c, RelKind::party)) sides.push_back({p});
    }
    for (std::size_t a = 0; a < sides.size(); ++a)
      for (std::size_t bside = a + 1; bside < sides.size(); ++bside)
        for (NodeIndex pa : sides[a])
          for (NodeIndex pb : sides[bside]) {
            if (pa == pb) continue;
            const auto ta = ties(pa), tb = ties(pb);
            std::map<NodeIndex, std::pair<std::string, std::string>> both;
            for (const auto& [who, how] : ta)
              for (const auto& [who2, how2] : tb)
                if (who == who2) {
                  auto& e = both[who];
                  if (e.first.find(how) == std::string::npos) e.first += (e.first.empty() ? "" : "; ") + how;
                  if (e.second.find(how2) == std::string::npos)
                    e.second += (e.second.empty() ? "" : "; ") + how2;
                }
            for (const auto& [who, hows] : both)
              out.push_back({who, c, pa, pb, hows.first + " | " + hows.second});
          }
  }
  return out;
}

Blocking blocking_coalitions(const Model& model, std::string_view board,
                             const std::vector<std::string>& group, By by, Date as_of, std::size_t limit) {
  const auto lock = model.read_lock();
  const Representation rep = representation(model, board, "list_size", by, as_of, false);
  Blocking out;
  std::vector<std::pair<double, NodeIndex>> g;  // votes, member
  for (const auto& id : group) {
    auto n = model.find(id);
    if (!n) throw UnknownIdError("unknown_id", "blocking_coalitions: '" + id + "' is not in the model");
    auto it = std::find_if(rep.members.begin(), rep.members.end(), [&](auto& m) { return m.member == *n; });
    if (it == rep.members.end())
      throw ModelError("bad_value", "blocking_coalitions: '" + id + "' is not a member of board '" +
                                        std::string(board) + "'");
    g.emplace_back(it->votes, *n);
    out.group_votes += it->votes;
  }
  // A set blocks when the others cannot reach the quota without it: votes > total - quota.
  out.votes_to_block = rep.total_votes - rep.quota;  // a blocking set holds more than this
  constexpr double eps = 1e-9;
  out.can_block = out.group_votes > out.votes_to_block + eps;
  if (!out.can_block) return out;
  std::sort(g.begin(), g.end(), [](auto& a, auto& b) { return a.first > b.first; });
  std::size_t k = 0;
  for (double acc = 0; acc <= out.votes_to_block + eps; ++k) acc += g[k].first;
  // All blocking sets of the least size k, largest first, up to `limit`.
  std::vector<std::size_t> pick;
  std::function<void(std::size_t, double)> choose = [&](std::size_t from, double acc) {
    if (out.smallest.size() >= limit) return;
    if (pick.size() == k) {
      if (acc > out.votes_to_block + eps) {
        std::vector<NodeIndex> s;
        for (auto i : pick) s.push_back(g[i].second);
        out.smallest.push_back(std::move(s));
      }
      return;
    }
    double best = acc;  // prune: even the largest remaining cannot reach
    for (std::size_t i = from; i < from + (k - pick.size()) && i < g.size(); ++i) best += g[i].first;
    if (best <= out.votes_to_block + eps) return;
    for (std::size_t i = from; i < g.size(); ++i) {
      pick.push_back(i);
      choose(i + 1, acc + g[i].first);
      pick.pop_back();
    }
  };
  choose(0, 0);
  return out;
}

}  // namespace govgraph
