// representation.hpp — who speaks for whom, with how much power (DESIGN.md, "Representation
// rules"): boards as weighted voting games, representation paths across tiers, coverage of a
// population, conflicts of interest, blocking coalitions.
//
// Conventions (docs/representation.md): a seat casts its `votes` (default 1; observers 0); a
// vacant seat does not vote (Model Articles, SI 2008/3229 art 7(1): decisions are taken
// by the directors there are) unless asked (`Vacant::count`); a board's quota is a whole number
// of votes or a fraction f < 1 of the votes of the seats that vote — more than f (default) or
// at least f (`quota_rule`) — simple majority (0.5) when not given; a board may carry several
// decision rules (`rules`); an organisation's weight is its weight field (list_size by default),
// or else the sum over its members (member_of) — so a collaborative weighs what its practices do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "govgraph/accountability.hpp"
#include "govgraph/model.hpp"
#include "govgraph/power.hpp"

namespace govgraph {

/// Who the players of a board are: the appointing organisations (their seats vote as a bloc) or
/// each seat on its own.
enum class By : std::uint8_t { appointer, seat };

/// Whether vacant seats vote: not by default (`exclude`); `count` keeps them in the game, as if
/// their appointers had filled them.
enum class Vacant : std::uint8_t { exclude, count };

/// One decision rule of a board: a quota over the votes, and optionally a second majority over a
/// weight of the members (a double majority: a majority of practices and of patients).
struct DecisionRule {
  std::string name = "ordinary";
  double quota = 0.5;
  QuotaRule quota_rule = QuotaRule::more_than;
  std::string and_weight;  ///< empty: no second majority
  double and_quota = 0.5;
  QuotaRule and_quota_rule = QuotaRule::more_than;
  [[nodiscard]] bool has_and() const { return !and_weight.empty(); }
};

/// The board's decision rules: its `rules` field, or one rule "ordinary" from its quota and
/// quota_rule.
[[nodiscard]] std::vector<DecisionRule> decision_rules(const Model& model, std::string_view board);

/// One player of a board.
struct MemberPower {
  NodeIndex member = kNoNode;  ///< appointing organisation, or the seat (by seat / no appointer)
  std::vector<NodeIndex> seats;
  std::vector<NodeIndex> constituency;  ///< organisations its seats represent
  std::vector<NodeIndex> vacant;        ///< its seats that are vacant (they cast no vote)
  double votes = 0, vote_share = 0;     ///< votes of its seats that vote
  double weight = 0, weight_share = 0;  ///< NaN when unknown
  double banzhaf = 0, shapley_shubik = 0;
  bool veto = false, dummy = false;
};

/// A board as a weighted voting game.
struct Representation {
  NodeIndex board = kNoNode;
  DecisionRule rule;       ///< the decision rule the game plays
  double quota = 0;        ///< votes needed to pass (absolute)
  double total_votes = 0;  ///< votes of the seats that vote
  double and_quota = 0;    ///< weight needed to pass under the rule's second majority (0: none)
  std::vector<MemberPower> members;
  std::vector<NodeIndex> unrepresented;   ///< members of the board's organisation with no seat
  std::vector<NodeIndex> vacant;          ///< the board's vacant seats
  std::vector<NodeIndex> weight_unknown;  ///< members with no weight: counted as weight 0
  bool quorate = true;                    ///< the seats that vote reach the board's quorum
  /// The board can pass a motion: quorate, and the seats that vote can reach the quota (and the
  /// second majority). When not, nobody has power: every member is a dummy with index 0.
  bool can_decide = true;
  /// Loosemore–Hanby: ½ Σ |banzhaf − weight share| over every member, members of unknown weight
  /// at weight 0 (they stand for no patients the model knows of); NaN when no member has a weight.
  double disproportionality = 0;
  ExactPower banzhaf_exact, shapley_shubik_exact;
  /// Absolute Banzhaf (swings / 2^(n-1)) of each member: the chance that it is decisive when
  /// everyone else votes at random; what composes across tiers (power_through).
  ExactPower banzhaf_absolute_exact;
};

/// What `representation` computes, beyond the board.
struct RepresentationOptions {
  std::string_view weight = "list_size";
  By by = By::appointer;
  Date as_of = {};
  bool with_shapley_shubik = true;
  Vacant vacant = Vacant::exclude;
  std::string_view rule;  ///< a decision rule's name; empty: the board's first rule
};

/// The board `board` as a voting game: seats, votes, weights, power, veto and dummy players.
/// O(n·q) for Banzhaf plus O(n²·q) for Shapley–Shubik (n players, q the quota in votes).
/// `with_shapley_shubik` false skips the O(n²·q) index (left NaN). Throws ModelError
/// "not_in_force" for a board not in force on `as_of`, "bad_value" for a whole-number quota
/// above the board's votes or an unknown rule.
[[nodiscard]] Representation representation(const Model& model, std::string_view board,
                                            const RepresentationOptions& options);
[[nodiscard]] Representation representation(const Model& model, std::string_view board,
                                            std::string_view weight = "list_size", By by = By::appointer,
                                            Date as_of = {}, bool with_shapley_shubik = true);

/// One organisation's power on a board through the tiers below it (DESIGN.md, "Power across
/// tiers").
struct TierPower {
  NodeIndex org = kNoNode;
  std::size_t routes = 0;  ///< representation paths from org to the board
  /// Absolute Banzhaf power on the board: the chance that org's vote decides the board's, when
  /// every other independent voter votes at random. NaN when not computed (see `method`).
  double banzhaf = 0;
  ExactPower exact;    ///< the same as a fraction (empty when not computed)
  std::string method;  ///< "product" (one route in a tree of boards), "enumeration", "none", or why not
};
/// Every organisation of `population` (empty: every organisation with a route, or every
/// practice) with its power on `board` through the routes of representation_paths. On each
/// board the players are the appointers (by appointer) under its first decision rule (the top
/// board's `rule` when given); vacant seats and observers do not vote. When the boards and voters
/// form a tree (each voter decides on one board only) the absolute Banzhaf measure composes
/// multiplicatively (Felsenthal & Machover 1998, sec. 2.3; Owen 1975), so each power is the
/// product of the powers along its route: exact. Otherwise the compound game is enumerated
/// exactly when it has at most 22 independent voters, and left NaN (method says so) beyond.
[[nodiscard]] std::vector<TierPower> power_through(const Model& model, std::string_view board,
                                                   const std::vector<std::string>& population = {},
                                                   std::string_view rule = {}, Date as_of = {});

/// Every route by which `org` reaches `board`: org, seat, board (, organisation governed, seat,
/// board ...), as node indices. A seat carries an organisation's voice when it represents it or
/// is appointed by it. O(routes × depth).
[[nodiscard]] std::vector<std::vector<NodeIndex>> representation_paths(const Model& model,
                                                                       std::string_view org,
                                                                       std::string_view board,
                                                                       Date as_of = {});

/// One organisation's voice on a board.
struct Voice {
  NodeIndex org = kNoNode;
  bool direct = false, indirect = false;
  std::vector<NodeIndex> via;  ///< the shortest route, empty when none
  double weight = 0;           ///< NaN when unknown
  /// Some route carries power: no seat on it is vacant, an observer or a dummy (on each board of
  /// the route, its appointer can turn a losing coalition into a winning one).
  bool with_power = false;
};
struct Coverage {
  NodeIndex board = kNoNode;
  std::vector<Voice> orgs;
  double share_covered = 0;     ///< weight with any voice / weight of the population
  double share_with_power = 0;  ///< weight with a route on which every seat can swing a vote
};
/// Which organisations of `population` (empty: every organisation whose kind is practice) have
/// a voice on `board`, directly or through tiers, and the share of their weight covered.
[[nodiscard]] Coverage coverage(const Model& model, std::string_view board,
                                const std::vector<std::string>& population = {},
                                std::string_view weight = "list_size", Date as_of = {});

/// Someone on both sides of a contract.
struct Conflict {
  NodeIndex who = kNoNode, contract = kNoNode, side_a = kNoNode, side_b = kNoNode;
  std::string how;
};
/// Every person or organisation tied to parties on two sides of a contract (as the party,
/// partner, employee, board member, member, owner or controller). O(contracts × ties).
[[nodiscard]] std::vector<Conflict> conflicts_of_interest(const Model& model, Date as_of = {});

/// Whether `group` (members of the board's game, by id) can block a motion together, and the
/// smallest sets of them that can (at most `limit`).
struct Blocking {
  bool can_block = false;
  double group_votes = 0;
  double votes_to_block = 0;  ///< a set blocks when it holds more votes than this (total - quota)
  std::vector<std::vector<NodeIndex>> smallest;
};
[[nodiscard]] Blocking blocking_coalitions(const Model& model, std::string_view board,
                                           const std::vector<std::string>& group, By by = By::appointer,
                                           Date as_of = {}, std::size_t limit = 50);

}  // namespace govgraph
