// representation.hpp — who speaks for whom, with how much power (DESIGN.md, "Representation
// rules"): boards as weighted voting games, representation paths across tiers, coverage of a
// population, conflicts of interest, blocking coalitions.
//
// Conventions (docs/representation.md): a seat casts its `votes` (default 1; observers 0;
// vacant seats still count, their appointer can fill them); a board's quota is a whole number of
// votes or a fraction f < 1 (a motion passes with more than f of all votes), simple majority
// (0.5) when not given; an organisation's weight is its weight field (list_size by default), or
// else the sum over its members (member_of) — so a collaborative weighs what its practices do.
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

/// One player of a board.
struct MemberPower {
  NodeIndex member = kNoNode;  ///< appointing organisation, or the seat (by seat / no appointer)
  std::vector<NodeIndex> seats;
  std::vector<NodeIndex> constituency;  ///< organisations its seats represent
  double votes = 0, vote_share = 0;
  double weight = 0, weight_share = 0;  ///< NaN when unknown
  double banzhaf = 0, shapley_shubik = 0;
  bool veto = false, dummy = false;
};

/// A board as a weighted voting game.
struct Representation {
  NodeIndex board = kNoNode;
  double quota = 0;  ///< votes needed to pass (absolute)
  double total_votes = 0;
  std::vector<MemberPower> members;
  std::vector<NodeIndex> unrepresented;  ///< members of the board's organisation with no seat
  double disproportionality = 0;         ///< Loosemore–Hanby: ½ Σ |banzhaf − weight share|
  ExactPower banzhaf_exact, shapley_shubik_exact;
};

/// The board `board` as a voting game: seats, votes, weights, power, veto and dummy players.
/// O(n·q) for Banzhaf plus O(n²·q) for Shapley–Shubik (n players, q the quota in votes).
/// `with_shapley_shubik` false skips the O(n²·q) index (left NaN). Throws ModelError
/// "not_in_force" for a board not in force on `as_of`.
[[nodiscard]] Representation representation(const Model& model, std::string_view board,
                                            std::string_view weight = "list_size", By by = By::appointer,
                                            Date as_of = {}, bool with_shapley_shubik = true);

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
};
struct Coverage {
  NodeIndex board = kNoNode;
  std::vector<Voice> orgs;
  double share_covered = 0;  ///< weight with any voice / weight of the population
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
