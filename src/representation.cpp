// representation.cpp — boards as weighted voting games, representation paths, coverage,
// conflicts of interest and blocking coalitions (DESIGN.md, "Representation rules").
#include "govgraph/representation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <unordered_set>

#include <boost/multiprecision/cpp_int.hpp>

#include "decision_rules.hpp"
#include "govgraph/error.hpp"
#include "govgraph/interrupt.hpp"
#include "query.hpp"
#include "validate.hpp"

namespace govgraph {
namespace {

using detail::join;
using detail::kNaN;
using detail::Q;
using detail::shown;
constexpr auto need = detail::require;

/// An organisation's weight: its own `key` field, else the sum over its members (member_of),
/// each organisation counted once. Walked with a stack, not recursion: a chain of members can
/// be as long as the model.
double weight_of(const Q& q, NodeIndex root, std::string_view key) {
  double sum = kNaN;
  std::unordered_set<NodeIndex> seen;
  std::vector<NodeIndex> stack{root};
  while (!stack.empty()) {
    const NodeIndex n = stack.back();
    stack.pop_back();
    if (!seen.insert(n).second) continue;
    const double own = q.number(n, key);
    if (!std::isnan(own)) {
      sum = std::isnan(sum) ? own : sum + own;
      continue;  // its own figure stands for its members
    }
    for (NodeIndex m : q.ins(n, RelKind::member_of)) stack.push_back(m);
  }
  return sum;
}

/// A member's weight under `key`: that of its seats' constituency, or of the member itself when
/// its seats represent nobody (NaN when unknown).
double member_weight(const Q& q, const MemberPower& mp, std::string_view key) {
  std::vector<NodeIndex> who = mp.constituency;
  if (who.empty() && q.type(mp.member) == NodeType::organisation) who.push_back(mp.member);
  double sum = kNaN;
  for (NodeIndex org : who) {
    const double w = weight_of(q, org, key);
    if (!std::isnan(w)) sum = std::isnan(sum) ? w : sum + w;
  }
  return sum;
}

/// Whether `seat` is vacant on the view's day (DESIGN.md, "Boards as they vote"). A vacancy has
/// no vote: the board decides by a majority of the directors who take part (Model Articles for
/// private companies, SI 2008/3229, art 7(1)), and an unfilled place is nobody's vote; below a
/// quorum the directors can only fill places or call a general meeting (art 11(3)). A seat is
/// vacant when it says so (`vacant`), or, on a dated view, when it has had holders and none holds
/// it on the day (every `held_by` ended or not begun). With no day, dates are not read, as in
/// every other query: only the flag makes a seat vacant (a fixed-term holding with an end date is
/// not a vacancy). A seat with no holder recorded at all is not vacant: real registers often
/// name no holder, and such a seat is taken to be filled.
bool is_vacant(const Q& q, NodeIndex seat) {
  if (const Value* v = q.field(seat, "vacant")) return std::get<bool>(*v);
  if (q.day.is_none()) return false;
  bool had = false, holds = false;
  q.s.for_out(seat, RelKind::held_by, [&](RelIndex r) {
    had = true;
    const Relation& rel = q.s.relations[r];
    holds |= in_force(rel.start, rel.end, q.day);
  });
  return had && !holds;
}

/// The votes a seat casts under its kind: 0 for a kind that has no vote (an observer, kinds
/// table), else its `votes` (default 1).
double seat_votes(const Q& q, NodeIndex seat) {
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

std::int64_t checked_add(std::int64_t a, std::int64_t b, const std::string& what) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out))
    throw ModelError("too_large", what + ": the votes add up to more than 2^63");
  return out;
}

/// The decision rules of board `b` (its `rules`, or "ordinary" from quota and quota_rule).
std::vector<DecisionRule> rules_of(const Q& q, NodeIndex b) {
  if (const Value* r = q.field(b, "rules")) return detail::parse_rules(std::get<std::string>(*r));
  DecisionRule one;
  const double quota = q.number(b, "quota");
  if (!std::isnan(quota)) one.quota = quota;
  if (q.text(b, "quota_rule") == "at_least") one.quota_rule = QuotaRule::at_least;
  return {one};
}

DecisionRule pick_rule(const Q& q, NodeIndex b, std::string_view name) {
  const auto rules = rules_of(q, b);
  if (name.empty()) return rules.front();
  std::vector<std::string_view> names;
  for (const auto& r : rules) {
    if (r.name == name) return r;
    names.push_back(r.name);
  }
  throw ModelError("bad_value", "representation: board '" + q.id(b) + "' has no decision rule '" +
                                    std::string(name) + "' (its rules: " + join(names) + ")" +
                                    did_you_mean(name, names));
}

/// A board as the game it plays: players (members), their votes in whole units, the quota in
/// those units, and the second majority's weights when the rule has one.
struct BoardGame {
  Representation rep;
  std::vector<std::int64_t> units, and_units;
  std::int64_t quota = 0, and_quota = 0;
  bool can_decide = true;  ///< quorate, and the seats that vote can reach the quota
};

/// The game of board `b` (DESIGN.md, "Boards as they vote"): one home for seats, votes,
/// vacancies, quota and decision rule, used by representation, power_through and coverage.
BoardGame board_game(const Q& q, NodeIndex b, const RepresentationOptions& o) {
  BoardGame g;
  Representation& rep = g.rep;
  rep.board = b;
  rep.rule = pick_rule(q, b, o.rule);
  const std::string what = "board '" + q.id(b) + "'";
  std::map<NodeIndex, std::size_t> slot;                            // member -> index in rep.members
  std::vector<std::vector<std::pair<std::int64_t, int>>> decimals;  // votes of each member's seats
  std::size_t voting_seats = 0;
  for (NodeIndex seat : q.ins(b, RelKind::seat_on)) {
    const NodeIndex appointer = q.first_out(seat, RelKind::appointed_by);
    const NodeIndex member = (o.by == By::appointer && appointer != kNoNode) ? appointer : seat;
    auto [it, fresh] = slot.emplace(member, rep.members.size());
    if (fresh) {
      rep.members.emplace_back();
      rep.members.back().member = member;
      decimals.emplace_back();
    }
    MemberPower& mp = rep.members[it->second];
    mp.seats.push_back(seat);
    for (NodeIndex org : q.outs(seat, RelKind::represents))
      if (std::find(mp.constituency.begin(), mp.constituency.end(), org) == mp.constituency.end())
        mp.constituency.push_back(org);
    const bool vacant = is_vacant(q, seat);
    if (vacant) {
      mp.vacant.push_back(seat);
      rep.vacant.push_back(seat);
      if (o.vacant == Vacant::exclude) continue;
    }
    const double v = seat_votes(q, seat);
    const auto d = exact_decimal(v, 6);  // add_seat refuses votes that are not (validate.cpp)
    if (!d)
      throw ModelError("bad_value", what + ": seat '" + q.id(seat) + "' has votes " + std::to_string(v) +
                                        ", not a number with at most six decimal places");
    decimals[it->second].push_back(*d);
    if (v > 0) ++voting_seats;
  }
  // Whole vote units: every seat's votes times 10^places, places the most any seat needs.
  int places = 0;
  for (const auto& ds : decimals)
    for (const auto& [digits, p] : ds) places = std::max(places, p);
  std::int64_t total = 0;
  double total_all = 0;  // every seat's votes, in units: only compared with a whole quota
  for (std::size_t i = 0; i < rep.members.size(); ++i) {
    std::int64_t u = 0;
    for (auto [digits, p] : decimals[i]) {
      std::int64_t scaled = digits;
      for (int k = p; k < places; ++k)
        if (__builtin_mul_overflow(scaled, 10, &scaled))
          throw ModelError("too_large", what + ": the votes are too large to count exactly");
      u = checked_add(u, scaled, what);
    }
    g.units.push_back(u);
    total = checked_add(total, u, what);
  }
  std::int64_t scale = 1;
  for (int k = 0; k < places; ++k) scale *= 10;
  for (std::size_t i = 0; i < rep.members.size(); ++i)
    rep.members[i].votes = static_cast<double>(g.units[i]) / scale;
  rep.total_votes = static_cast<double>(total) / scale;
  // Every seat's votes, vacant ones included: a whole-number quota above them is a mistake.
  // Summed in floating point: vacant seats' votes are not counted exactly (they cast none).
  for (NodeIndex seat : q.ins(b, RelKind::seat_on))
    total_all += seat_votes(q, seat) * static_cast<double>(scale);
  // The quota, in units.
  const DecisionRule& rule = rep.rule;
  if (rule.quota < 1) {
    g.quota = total > 0 ? absolute_quota(rule.quota, total, rule.quota_rule) : 1;
  } else {
    // Compared in floating point first: a quota may be any whole number (8.7e307 was found by
    // fuzz_batch), and only one within the seats' votes is converted to units.
    const double wanted = rule.quota * static_cast<double>(scale);
    if (wanted > total_all)
      throw ModelError("bad_value", what + ": quota " + to_string(Value(rule.quota)) +
                                        " is more votes than its seats hold (" +
                                        to_string(Value(total_all / static_cast<double>(scale))) +
                                        "); a whole-number quota counts votes: write a share as a fraction "
                                        "below 1 (0.5 for more than half, 0.75 with quota_rule at_least for "
                                        "three quarters)");
    if (!(wanted < 9.2e18) || __builtin_mul_overflow(static_cast<std::int64_t>(rule.quota), scale, &g.quota))
      throw ModelError("too_large", what + ": the quota is too large to count exactly");
  }
  rep.quota = static_cast<double>(g.quota) / scale;
  // Quorum: the seats that vote must reach it.
  if (const Value* qm = q.field(b, "quorum"))
    rep.quorate = static_cast<double>(voting_seats) >= static_cast<double>(std::get<std::int64_t>(*qm));
  g.can_decide = rep.quorate && total > 0 && g.quota <= total;
  rep.can_decide = g.can_decide;
  // Weights: of each member's constituency, or of the member itself when its seats represent
  // nobody.
  for (auto& mp : rep.members) {
    mp.weight = member_weight(q, mp, o.weight);
    if (std::isnan(mp.weight)) rep.weight_unknown.push_back(mp.member);
  }
  // The second majority: whole weights of the members whose seats vote.
  if (rule.has_and()) {
    check_weight_key(q, rule.and_weight, what + ", rule '" + rule.name + "'");
    std::int64_t wt = 0;
    std::vector<std::string> unknown;
    for (std::size_t i = 0; i < rep.members.size(); ++i) {
      const auto& mp = rep.members[i];
      if (g.units[i] == 0) {  // casts no vote (vacant, observer): no weight in either majority
        g.and_units.push_back(0);
        continue;
      }
      const double w = member_weight(q, mp, rule.and_weight);
      if (std::isnan(w) || w < 0 || std::trunc(w) != w || w > 9e15) {
        unknown.push_back(q.id(mp.member));
        g.and_units.push_back(0);
        continue;
      }
      const auto u = static_cast<std::int64_t>(w);
      g.and_units.push_back(u);
      wt = checked_add(wt, u, what);
    }
    if (!unknown.empty())
      throw ModelError("bad_value", what + ", rule '" + rule.name + "': a second majority by " +
                                        rule.and_weight + " needs a whole " + rule.and_weight +
                                        " for every member; " + join(unknown) + " has none");
    if (rule.and_quota < 1) {
      g.and_quota = wt > 0 ? absolute_quota(rule.and_quota, wt, rule.and_quota_rule) : 1;
    } else {
      g.and_quota = static_cast<std::int64_t>(rule.and_quota);
    }
    rep.and_quota = static_cast<double>(g.and_quota);
    g.can_decide = g.can_decide && g.and_quota <= wt;
    rep.can_decide = g.can_decide;
  }
  return g;
}

/// Power in the game: exact indices, veto and dummy players, weight shares and Loosemore–Hanby.
void play(BoardGame& g, bool with_shapley_shubik) {
  Representation& rep = g.rep;
  const std::size_t n = rep.members.size();
  const bool two = rep.rule.has_and();
  if (g.can_decide) {
    if (two) {
      rep.banzhaf_exact = banzhaf_exact(g.units, g.quota, g.and_units, g.and_quota);
      rep.banzhaf_absolute_exact = banzhaf_absolute_exact(g.units, g.quota, g.and_units, g.and_quota);
      if (with_shapley_shubik)
        rep.shapley_shubik_exact = shapley_shubik_exact(g.units, g.quota, g.and_units, g.and_quota);
    } else {
      rep.banzhaf_exact = banzhaf_exact(g.units, g.quota);
      rep.banzhaf_absolute_exact = banzhaf_absolute_exact(g.units, g.quota);
      if (with_shapley_shubik) rep.shapley_shubik_exact = shapley_shubik_exact(g.units, g.quota);
    }
  }
  const auto bz = g.can_decide ? rep.banzhaf_exact.indices() : std::vector<double>(n, 0.0);
  const auto ss = g.can_decide && with_shapley_shubik ? rep.shapley_shubik_exact.indices()
                                                      : std::vector<double>(n, g.can_decide ? kNaN : 0.0);
  std::int64_t total = 0, wt = 0;
  for (auto u : g.units) total += u;
  for (auto u : g.and_units) wt += u;
  double total_weight = 0;
  bool any_weight = false;
  for (const auto& mp : rep.members)
    if (!std::isnan(mp.weight)) {
      total_weight += mp.weight;
      any_weight = true;
    }
  // Loosemore–Hanby, as documented: ½ Σ |power − weight share| over every member, both shares
  // summing to 1; a member of unknown weight stands for no known patients (share 0) and is
  // listed in weight_unknown.
  // A board that cannot decide gives nobody power: there is no distribution of power to compare.
  rep.disproportionality = g.can_decide && any_weight && total_weight > 0 ? 0.0 : kNaN;
  for (std::size_t i = 0; i < n; ++i) {
    auto& mp = rep.members[i];
    mp.vote_share = total > 0 ? static_cast<double>(g.units[i]) / static_cast<double>(total) : 0;
    mp.weight_share = total_weight > 0 && !std::isnan(mp.weight) ? mp.weight / total_weight : kNaN;
    mp.banzhaf = bz[i];
    mp.shapley_shubik = ss[i];
    mp.veto = g.can_decide && (total - g.units[i] < g.quota || (two && wt - g.and_units[i] < g.and_quota));
    mp.dummy = !g.can_decide || rep.banzhaf_exact.numerators[i] == "0";
    if (!std::isnan(rep.disproportionality))
      rep.disproportionality += 0.5 *
                                std::abs(mp.banzhaf - (std::isnan(mp.weight_share) ? 0.0 : mp.weight_share));
  }
}

/// Every route by which `start` reaches `target`: org, seat, board (, org governed, seat, board
/// ...). Depth-first with an explicit stack (no recursion: tiers can be as deep as the model);
/// a route never passes a board or organisation twice.
std::vector<std::vector<NodeIndex>> routes(const Q& q, NodeIndex start, NodeIndex target) {
  std::vector<std::vector<NodeIndex>> out;
  std::vector<NodeIndex> path{start};
  struct Frame {
    std::vector<NodeIndex> seats;
    std::size_t next = 0;
  };
  std::vector<Frame> stack;
  stack.push_back({voice_seats(q, start)});
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next == f.seats.size()) {
      stack.pop_back();
      if (!stack.empty()) path.resize(path.size() - 3);  // the seat, board and org that led here
      continue;
    }
    const NodeIndex seat = f.seats[f.next++];
    const NodeIndex b = q.first_out(seat, RelKind::seat_on);
    if (b == kNoNode || std::find(path.begin(), path.end(), b) != path.end()) continue;
    if (b == target) {
      path.push_back(seat);
      path.push_back(b);
      out.push_back(path);
      path.resize(path.size() - 2);
      continue;
    }
    const NodeIndex next = q.first_out(b, RelKind::governs);
    if (next == kNoNode || std::find(path.begin(), path.end(), next) != path.end()) continue;
    path.push_back(seat);
    path.push_back(b);
    path.push_back(next);
    stack.push_back({voice_seats(q, next)});
  }
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.size() < b.size(); });
  return out;
}

/// Boards' games on one day, computed once each (by appointer, first rule unless `top_rule`
/// names the top board's).
class Games {
 public:
  Games(const Q& q, NodeIndex top, std::string_view top_rule) : q_(q), top_(top), top_rule_(top_rule) {}
  BoardGame& of(NodeIndex b) {
    auto it = games_.find(b);
    if (it != games_.end()) return it->second;
    RepresentationOptions o;
    o.with_shapley_shubik = false;
    if (b == top_) o.rule = top_rule_;
    BoardGame g = board_game(q_, b, o);
    play(g, false);
    return games_.emplace(b, std::move(g)).first->second;
  }
  /// The member of board b's game that casts `seat`'s vote (its appointer, else the seat).
  static std::size_t player_of(const BoardGame& g, NodeIndex seat) {
    for (std::size_t i = 0; i < g.rep.members.size(); ++i) {
      const auto& s = g.rep.members[i].seats;
      if (std::find(s.begin(), s.end(), seat) != s.end()) return i;
    }
    return g.rep.members.size();
  }

 private:
  const Q& q_;
  NodeIndex top_;
  std::string_view top_rule_;
  std::map<NodeIndex, BoardGame> games_;
};

/// Whether route `r` carries power: at every hop the organisation casts the seat's vote (it
/// appoints the seat, or the seat has no appointer and represents it), the seat votes (not
/// vacant, not an observer, votes > 0) and its player is no dummy on that board.
bool route_has_power(const Q& q, Games& games, const std::vector<NodeIndex>& r) {
  for (std::size_t i = 0; i + 2 < r.size(); i += 3) {
    const NodeIndex org = r[i], seat = r[i + 1], b = r[i + 2];
    const NodeIndex appointer = q.first_out(seat, RelKind::appointed_by);
    if (appointer != kNoNode && appointer != org) return false;
    if (is_vacant(q, seat) || !(seat_votes(q, seat) > 0)) return false;
    const BoardGame& g = games.of(b);
    const std::size_t p = Games::player_of(g, seat);
    if (p == g.rep.members.size() || g.rep.members[p].dummy) return false;
  }
  return true;
}

std::vector<NodeIndex> default_population(const Q& q) {
  std::vector<NodeIndex> pop;
  for (NodeIndex n = 0; n < q.s.nodes.size(); ++n)
    if (q.type(n) == NodeType::organisation && q.live(n)) {
      // The default population: organisations of a constituent kind (kinds table).
      const OrganisationKind* k = find_organisation_kind(q.text(n, "kind"));
      if (k && k->constituent) pop.push_back(n);
    }
  return pop;
}

}  // namespace

std::vector<DecisionRule> decision_rules(const Model& model, std::string_view board) {
  const auto lock = model.read_lock();
  const NodeIndex b = need(model, board, NodeType::board, "decision_rules");
  return rules_of(Q{model.store(), {}}, b);
}

Representation representation(const Model& model, std::string_view board, const RepresentationOptions& o) {
  const auto lock = model.read_lock();
  const NodeIndex b = need(model, board, NodeType::board, "representation");
  const Q q{model.store(), o.as_of};
  check_weight_key(q, o.weight, "representation");
  if (!q.live(b))
    throw ModelError("not_in_force", "representation: board '" + std::string(board) +
                                         "' is not in force on " + o.as_of.iso());
  BoardGame g = board_game(q, b, o);
  play(g, o.with_shapley_shubik);
  Representation rep = std::move(g.rep);
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

Representation representation(const Model& model, std::string_view board, std::string_view weight, By by,
                              Date as_of, bool with_shapley_shubik) {
  RepresentationOptions o;
  o.weight = weight;
  o.by = by;
  o.as_of = as_of;
  o.with_shapley_shubik = with_shapley_shubik;
  return representation(model, board, o);
}

std::vector<std::vector<NodeIndex>> representation_paths(const Model& model, std::string_view org,
                                                         std::string_view board, Date as_of) {
  const auto lock = model.read_lock();
  const NodeIndex start = need(model, org, NodeType::organisation, "representation_paths");
  const NodeIndex target = need(model, board, NodeType::board, "representation_paths");
  return routes(Q{model.store(), as_of}, start, target);
}

std::vector<TierPower> power_through(const Model& model, std::string_view board,
                                     const std::vector<std::string>& population, std::string_view rule,
                                     Date as_of) {
  const auto lock = model.read_lock();
  const NodeIndex top = need(model, board, NodeType::board, "power_through");
  const Q q{model.store(), as_of};
  if (!q.live(top))
    throw ModelError("not_in_force",
                     "power_through: board '" + std::string(board) + "' is not in force on " + as_of.iso());
  Games games(q, top, rule);
  // The structure below the top board: each player of a board in it is either derived (an
  // organisation whose own board decides how its seats vote) or an independent voter.
  struct Place {
    NodeIndex board;
    std::size_t player;
  };
  std::map<NodeIndex, std::vector<Place>> plays;  // voter or derived org -> where it votes
  std::map<NodeIndex, NodeIndex> derived;         // org -> the board that decides its vote
  std::vector<NodeIndex> order{top};              // boards, top first (breadth-first)
  std::set<NodeIndex> in_structure{top};
  bool tree = true;
  for (std::size_t k = 0; k < order.size(); ++k) {
    check_interrupt();
    const NodeIndex b = order[k];
    const BoardGame& g = games.of(b);
    for (std::size_t i = 0; i < g.rep.members.size(); ++i) {
      const NodeIndex p = g.rep.members[i].member;
      if (g.units[i] == 0) continue;  // casts no vote: not a player that matters
      plays[p].push_back({b, i});
      if (plays[p].size() > 1) tree = false;
      if (q.type(p) != NodeType::organisation) continue;
      NodeIndex sub = kNoNode;
      for (NodeIndex x : q.ins(p, RelKind::governs))
        if (!q.ins(x, RelKind::seat_on).empty()) sub = x;
      if (sub == kNoNode) continue;
      derived[p] = sub;
      if (!in_structure.insert(sub).second) {
        tree = false;  // a board reached twice (a diamond) or a cycle
        continue;
      }
      order.push_back(sub);
    }
  }
  std::vector<NodeIndex> pop;
  if (population.empty()) pop = default_population(q);
  else
    for (const auto& id : population) pop.push_back(need(model, id, NodeType::organisation, "power_through"));
  std::vector<TierPower> out;
  // Independent voters: players that no board in the structure decides for.
  std::vector<NodeIndex> voters;
  for (const auto& [p, where] : plays)
    if (!derived.count(p)) voters.push_back(p);
  auto passes = [&](NodeIndex b, const std::vector<char>& yes_board, const std::map<NodeIndex, bool>& yes) {
    const BoardGame& g = games.of(b);
    if (!g.can_decide) return false;
    std::int64_t v = 0, w = 0;
    for (std::size_t i = 0; i < g.rep.members.size(); ++i) {
      const NodeIndex p = g.rep.members[i].member;
      auto d = derived.find(p);
      const bool y = d != derived.end()
                         ? yes_board[std::find(order.begin(), order.end(), d->second) - order.begin()]
                         : yes.at(p);
      if (!y) continue;
      v += g.units[i];
      if (!g.and_units.empty()) w += g.and_units[i];
    }
    return v >= g.quota && (g.and_units.empty() || w >= g.and_quota);
  };
  // Chances, for the tree: each board's chance of passing and each player's chance of being
  // decisive, as whole counts over 2^free_bits equally likely votes of all the independent
  // voters (so that no fraction is rounded), computed bottom-up once.
  using Big = boost::multiprecision::cpp_int;
  using Rational = boost::multiprecision::cpp_rational;
  const std::size_t free_bits = voters.size();
  std::map<NodeIndex, Big> pass_count;             // board -> coalitions (of all voters) passing it
  std::map<NodeIndex, std::vector<Big>> decisive;  // board -> per player, coalitions where decisive
  std::string tree_problem;
  if (tree) {
    const Big all = Big(1) << free_bits;
    for (std::size_t k = order.size(); k-- > 0 && tree_problem.empty();) {
      check_interrupt();
      const NodeIndex b = order[k];
      const BoardGame& g = games.of(b);
      const std::size_t n = g.rep.members.size();
      if (g.rep.rule.has_and()) {
        tree_problem = "not computed: board '" + q.id(b) +
                       "' decides by a double majority, which power_through " +
                       "does not compose across tiers";
        break;
      }
      // yes[i] of `all`: the number of coalitions of all voters in which player i votes yes.
      std::vector<Big> yes(n);
      for (std::size_t i = 0; i < n; ++i) {
        auto d = derived.find(g.rep.members[i].member);
        yes[i] = d != derived.end() ? pass_count.at(d->second) : all / 2;
      }
      std::int64_t total = 0;
      for (auto u : g.units) total += u;
      if (static_cast<double>(n) * static_cast<double>(total + 1) > 2e6) {
        tree_problem = "not computed: board '" + q.id(b) + "' has " + std::to_string(n) + " players and " +
                       std::to_string(total) + " votes, too many for the exact compound computation";
        break;
      }
      // dist[w]: (scaled) chance that the players' yes votes total w; without(i) removes i.
      auto distribution = [&](std::size_t skip) {
        std::vector<Big> dist(static_cast<std::size_t>(total) + 1);
        dist[0] = all;  // certainly 0 before any player
        std::int64_t reach = 0;
        for (std::size_t i = 0; i < n; ++i) {
          if (i == skip) continue;
          const auto u = static_cast<std::size_t>(g.units[i]);
          const Big no = all - yes[i];
          for (std::size_t w = static_cast<std::size_t>(reach) + 1; w-- > 0;) {
            Big moved = dist[w] * yes[i];
            dist[w] *= no;
            if (u > 0) dist[w + u] += moved;
            else dist[w] += moved;
          }
          for (Big& x : dist) x /= all;  // back to counts over `all` (exact: dyadic)
          reach += g.units[i];
        }
        return dist;
      };
      const auto full = distribution(n);
      Big passing = 0;
      if (g.can_decide)
        for (std::int64_t w = g.quota; w <= total; ++w) passing += full[static_cast<std::size_t>(w)];
      pass_count[b] = passing;
      std::vector<Big> dec(n);
      for (std::size_t i = 0; i < n && g.can_decide; ++i) {
        if (g.units[i] == 0) continue;
        const auto d = distribution(i);
        for (std::int64_t w = std::max<std::int64_t>(0, g.quota - g.units[i]); w < g.quota; ++w)
          dec[i] += d[static_cast<std::size_t>(w)];
      }
      decisive[b] = std::move(dec);
    }
  }
  for (NodeIndex org : pop) {
    TierPower t;
    t.org = org;
    t.routes = routes(q, org, top).size();
    auto it = plays.find(org);
    if (derived.count(org) && t.routes > 0) {
      t.banzhaf = kNaN;
      t.method = "not computed: its own board '" + q.id(derived.at(org)) +
                 "' decides how its seats vote; see that board's members";
      out.push_back(std::move(t));
      continue;
    }
    if (t.routes == 0 || it == plays.end()) {
      t.banzhaf = 0;
      t.method = t.routes == 0 ? "no route" : "casts no vote on any board of its routes";
      out.push_back(std::move(t));
      continue;
    }
    if (tree) {
      // In a tree each input of a board is independent of the others, so org's power is the
      // product, along its one chain of boards, of the chance that the chain's player is
      // decisive there, each board's other inputs voting yes with their own chance (1/2 for a
      // voter, the chance its board passes for an organisation whose board decides its vote).
      if (!tree_problem.empty()) {
        t.banzhaf = kNaN;
        t.method = tree_problem;
        out.push_back(std::move(t));
        continue;
      }
      Rational p = 1;
      NodeIndex who = org;
      for (std::size_t guard = 0; guard <= order.size(); ++guard) {
        const Place place = plays.at(who).front();
        p *= Rational(decisive.at(place.board)[place.player], Big(1) << free_bits);
        if (place.board == top) break;
        who = q.first_out(place.board, RelKind::governs);
        if (!plays.count(who)) {
          p = 0;
          break;
        }
      }
      const Rational& r = p;
      t.exact.numerators = {boost::multiprecision::numerator(r).str()};
      t.exact.denominator = boost::multiprecision::denominator(r).str();
      t.banzhaf = t.exact.indices().front();
      t.method = "product";
    } else if (voters.size() <= 22 && order.size() <= 64) {
      // The compound game enumerated: every coalition of the independent voters, boards
      // evaluated bottom-up.
      const std::size_t n = voters.size();
      const std::size_t me = std::find(voters.begin(), voters.end(), org) - voters.begin();
      std::map<NodeIndex, bool> yes;
      std::vector<char> yes_board(order.size());
      std::uint64_t swings = 0;
      for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << n); ++mask) {
        if (mask & (std::uint64_t{1} << me)) continue;
        if ((mask & 0xffff) == 0) check_interrupt();
        bool result[2];
        for (int with = 0; with < 2; ++with) {
          for (std::size_t v = 0; v < n; ++v) yes[voters[v]] = (mask >> v) & 1;
          yes[org] = with;
          for (std::size_t k = order.size(); k-- > 0;) yes_board[k] = passes(order[k], yes_board, yes);
          result[with] = yes_board[0];
        }
        swings += result[1] && !result[0];
      }
      const boost::multiprecision::cpp_rational p(boost::multiprecision::cpp_int(swings),
                                                  boost::multiprecision::cpp_int(1) << (n - 1));
      t.exact.numerators = {boost::multiprecision::numerator(p).str()};
      t.exact.denominator = boost::multiprecision::denominator(p).str();
      t.banzhaf = t.exact.indices().front();
      t.method = "enumeration";
    } else {
      t.banzhaf = kNaN;
      t.method = "not computed: the boards do not form a tree and the compound game has " +
                 std::to_string(voters.size()) + " independent voters (more than 22 to enumerate)";
    }
    out.push_back(std::move(t));
  }
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
  if (population.empty()) pop = default_population(q);
  else
    for (const auto& id : population) pop.push_back(need(model, id, NodeType::organisation, "coverage"));
  Games games(q, b, {});
  double total = 0, covered = 0, powered = 0;
  for (NodeIndex o : pop) {
    check_interrupt();
    Voice v;
    v.org = o;
    v.weight = weight_of(q, o, weight);
    const auto paths = routes(q, o, b);
    for (const auto& p : paths) {
      if (p.size() == 3) v.direct = true;
      else v.indirect = true;
      if (!v.with_power && route_has_power(q, games, p)) v.with_power = true;
    }
    if (!paths.empty()) v.via = paths.front();
    if (!std::isnan(v.weight)) {
      total += v.weight;
      if (!paths.empty()) covered += v.weight;
      if (v.with_power) powered += v.weight;
    }
    cov.orgs.push_back(std::move(v));
  }
  cov.share_covered = total > 0 ? covered / total : kNaN;
  cov.share_with_power = total > 0 ? powered / total : kNaN;
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
