// power.hpp — voting power in weighted voting games, computed exactly.
//
// A game is a list of non-negative integer weights and an absolute quota q: a coalition wins when
// its weight is at least q. A two-weight game ("double majority") has two weights per player and
// two quotas: a coalition wins when it reaches q1 in the first weight AND q2 in the second.
// Weights and quotas are int64 end to end (sums in 128 bits); nothing goes through floating
// point. Doubles are made only at the end, by `ExactPower::indices()`.
//
// How (docs/representation.md, "Computing power exactly"): players of weight 0 (in every weight)
// are set aside (they are never decisive; they double everyone else's swings); weights are
// divided by their common divisor (the quota becomes ceil(q/divisor)) and capped at the quota.
// Then a dynamic programme over weights counts the coalitions of all players by weight below the
// quota (by weight and size for Shapley–Shubik; over the box q1 × q2 for a two-weight game), and
// each player's count comes from that one table by an alternating sum over its prefix sums
// (dividing the generating function by (1 + x^w) without a pass per player). The counts are
// computed modulo 2^64 and, where more bits are needed, modulo Mersenne numbers 2^k − 1 (k = 61,
// 59, 53, …: pairwise coprime), and put together by the Chinese remainder theorem; every operation
// is a ring operation, so the residues are exact and so is the result (counts of n players need
// at most n bits). Beyond 565 bits the counts are big integers. Small games with huge quotas
// (a table too large, at most 30 players) are counted by enumerating all 2^n coalitions.
//
// Bounds: a computation is estimated before it starts and refused with ModelError "too_large"
// (stating the estimate, advising to round the weights) when it would need more than
// kPowerMaxBytes (8 GB) of tables or more than kPowerMaxOperations (5·10^10) cell operations
// (some 20–40 s on the 2-core machine of bench/README.md). Long runs call check_interrupt() (interrupt.hpp) and stop with Interrupted.
//   banzhaf         O(n·q) cell operations, O(q) memory, per modulus
//   shapley_shubik  O(n²·q), O(n·q) memory (rows pruned to the sums k players can reach)
//   two weights     O(n·q1·q2) (Banzhaf), O(n²·q1·q2) (Shapley–Shubik; O(n²·q1) when the second
//                   weight is a head count: every player the same)
// Up to two threads (moduli, or halves of the work, in parallel) for large cases.
// Nothing here knows about boards or models (representation.hpp builds on it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "govgraph/interrupt.hpp"

namespace govgraph {

/// Tables larger than this (bytes) are refused.
inline constexpr double kPowerMaxBytes = 8e9;
/// Computations estimated above this many cell operations (one addition of a table cell modulo
/// one modulus; a big-integer cell counts its 64-bit words) are refused: about 20–40 s here.
inline constexpr double kPowerMaxOperations = 5e10;

/// Exact power of each player as numerator/denominator in decimal text (the numbers outgrow 64
/// bits quickly), in lowest terms over a common denominator; `indices()` gives them as doubles.
struct ExactPower {
  std::vector<std::string> numerators;
  std::string denominator;
  [[nodiscard]] std::vector<double> indices() const;
};

/// Normalised Banzhaf index: each player's swings over all players' swings. Throws ModelError
/// for negative weights or a quota outside 1..sum(weights). All-zero swings give all zeros.
[[nodiscard]] ExactPower banzhaf_exact(const std::vector<std::int64_t>& weights, std::int64_t quota);
/// Two-weight game: wins with at least `quota1` of `weights1` and at least `quota2` of `weights2`
/// (the same number of players in each).
[[nodiscard]] ExactPower banzhaf_exact(const std::vector<std::int64_t>& weights1, std::int64_t quota1,
                                       const std::vector<std::int64_t>& weights2, std::int64_t quota2);
/// Absolute (non-normalised) Banzhaf measure: swings / 2^(n−1), the probability of being
/// decisive when the others vote independently at random (composes across tiers).
[[nodiscard]] ExactPower banzhaf_absolute_exact(const std::vector<std::int64_t>& weights, std::int64_t quota);
[[nodiscard]] ExactPower banzhaf_absolute_exact(const std::vector<std::int64_t>& weights1,
                                                std::int64_t quota1,
                                                const std::vector<std::int64_t>& weights2,
                                                std::int64_t quota2);
[[nodiscard]] std::vector<double> banzhaf(const std::vector<std::int64_t>& weights, std::int64_t quota);
/// Banzhaf swing counts (coalitions of the others in which the player is decisive).
[[nodiscard]] std::vector<std::string> banzhaf_swings(const std::vector<std::int64_t>& weights,
                                                      std::int64_t quota);

/// Shapley–Shubik index: the share of orderings in which each player is pivotal.
[[nodiscard]] ExactPower shapley_shubik_exact(const std::vector<std::int64_t>& weights, std::int64_t quota);
[[nodiscard]] ExactPower shapley_shubik_exact(const std::vector<std::int64_t>& weights1, std::int64_t quota1,
                                              const std::vector<std::int64_t>& weights2, std::int64_t quota2);
[[nodiscard]] std::vector<double> shapley_shubik(const std::vector<std::int64_t>& weights,
                                                 std::int64_t quota);

/// How a fractional quota f of a total W becomes votes.
enum class QuotaRule : std::uint8_t {
  more_than,  ///< more than f of the votes: floor(f·W) + 1 (a majority for f = 1/2)
  at_least,   ///< at least f of the votes: ceil(f·W), at least 1 (75% of 4 is 3)
};

/// The absolute quota of a board. A fraction 0 < f < 1 is read as written and computed exactly
/// with big integers under `rule`: as the fraction p/q with q <= 1000 whose nearest double it is,
/// if there is one (0.7 is 7/10, not the double below it; 2/3 is two thirds), else as its
/// shortest round-trip decimal (std::to_chars: 0.1234567 is 1234567/10^7). A quota of 1 or more must be a whole number of at most 2^53 and is
/// returned as it is (whether it exceeds `total` is the caller's business). NaN, infinities,
/// quotas ≤ 0, non-whole quotas ≥ 1, quotas above 2^53 and a negative total are ModelErrors.
[[nodiscard]] std::int64_t absolute_quota(double quota, std::int64_t total,
                                          QuotaRule rule = QuotaRule::more_than);

/// A double as the decimal it is written as (its shortest round-trip decimal, std::to_chars):
/// {digits, places} with value == digits / 10^places, places ≤ `max_places` (trailing zeros
/// dropped, so 2.50 gives {25, 1} and 3.0 gives {3, 0}) and digits fitting in int64; nullopt
/// when it needs more places (1/3), does not fit (1e300), or is NaN or infinite.
[[nodiscard]] std::optional<std::pair<std::int64_t, int>> exact_decimal(double value, int max_places = 6);

}  // namespace govgraph
