// power.hpp — voting power in weighted voting games, computed exactly.
//
// A game is a list of non-negative integer weights and an absolute quota q: a coalition wins when
// its weight is at least q. Counts are exact integers from dynamic programming over weights
// (big integers; the only subtractions are integer ones when a player is taken out of the
// full count), so results are exact at any number of players; doubles are made only at the end.
//
// Complexity, with n players and q the quota after dividing the weights by their common divisor
// (the quota becomes ceil(quota/divisor)) and capping each weight at q; a table that would need
// more than 8 GB is refused (ModelError "too_large") with advice to round the weights:
//   banzhaf         O(n·q) time, O(q) big integers of memory
//   shapley_shubik  O(n²·q) time, O(n·q) big integers of memory
// Nothing here knows about boards or models (representation.hpp builds on it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace govgraph {

/// Exact power of each player as numerator/denominator in decimal text (the numbers outgrow 64
/// bits quickly); `indices()` gives them as doubles.
struct ExactPower {
  std::vector<std::string> numerators;
  std::string denominator;
  [[nodiscard]] std::vector<double> indices() const;
};

/// Normalised Banzhaf index: each player's swings over all players' swings. Throws ModelError
/// for negative weights or a quota outside 1..sum(weights). All-zero swings give all zeros.
[[nodiscard]] ExactPower banzhaf_exact(const std::vector<std::int64_t>& weights, std::int64_t quota);
[[nodiscard]] std::vector<double> banzhaf(const std::vector<std::int64_t>& weights, std::int64_t quota);
/// Banzhaf swing counts (coalitions of the others in which the player is decisive).
[[nodiscard]] std::vector<std::string> banzhaf_swings(const std::vector<std::int64_t>& weights,
                                                      std::int64_t quota);

/// Shapley–Shubik index: the share of orderings in which each player is pivotal.
[[nodiscard]] ExactPower shapley_shubik_exact(const std::vector<std::int64_t>& weights, std::int64_t quota);
[[nodiscard]] std::vector<double> shapley_shubik(const std::vector<std::int64_t>& weights,
                                                 std::int64_t quota);

/// The absolute quota of a board: a whole number of votes as given, or for a fraction f < 1 the
/// least whole number of votes above f of `total` (floor(f·total) + 1).
[[nodiscard]] std::int64_t absolute_quota(double quota, std::int64_t total);

}  // namespace govgraph
