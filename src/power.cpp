// power.cpp — exact Banzhaf and Shapley–Shubik counts by dynamic programming over weights, on
// Boost.Multiprecision integers (fixed 256/512-bit while the counts fit, arbitrary beyond).
#include "govgraph/power.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <numeric>

#include "govgraph/error.hpp"

namespace govgraph {
namespace {

namespace mp = boost::multiprecision;
using Big = mp::cpp_int;

/// The game reduced without changing who wins: weights and quota divided by their common
/// divisor, each weight capped at the quota.
struct Game {
  std::vector<std::int64_t> w;
  std::int64_t q;
};

Game reduce(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  std::int64_t total = 0;
  for (auto x : weights) {
    if (x < 0)
      throw ModelError("bad_value", "weights must not be negative (found " + std::to_string(x) + ")");
    total += x;
  }
  if (quota < 1 || quota > total)
    throw ModelError("bad_value", "quota " + std::to_string(quota) +
                                      " must be between 1 and the sum of the weights (" +
                                      std::to_string(total) + ")");
  std::int64_t g = 0;  // every coalition weight is a multiple of g, the weights' divisor
  for (auto x : weights) g = std::gcd(g, x);
  if (g == 0) g = 1;
  Game game;
  game.q = (quota + g - 1) / g;  // w(S) >= q  <=>  w(S)/g >= ceil(q/g), as w(S)/g is whole
  for (auto x : weights) game.w.push_back(std::min(x / g, game.q));
  return game;
}

/// Refuses tables that would not fit in memory, saying what to do instead.
void check_size(const Game& game, std::size_t rows, std::size_t bytes_per_cell, const char* what) {
  const double bytes = static_cast<double>(rows) * static_cast<double>(game.q) *
                       static_cast<double>(bytes_per_cell);
  if (bytes > 8e9)
    throw ModelError("too_large", std::string(what) + " of " + std::to_string(game.w.size()) +
                                      " players with quota " + std::to_string(game.q) +
                                      " (after dividing by the weights' common divisor) would need " +
                                      std::to_string(static_cast<long long>(bytes / 1e9)) +
                                      " GB; round the weights (e.g. list sizes to hundreds) to shrink it");
}

/// Number of coalitions of the other players with each weight below q, for one player removed
/// from the full table `f` (f[w] = coalitions of all players of weight w, w < q).
template <class Int>
void remove_player(const std::vector<Int>& f, std::int64_t wi, std::vector<Int>& g) {
  const std::size_t q = f.size();
  for (std::size_t w = 0; w < q; ++w)
    g[w] = (static_cast<std::int64_t>(w) >= wi && wi > 0) ? Int(f[w] - g[w - wi]) : f[w];
  if (wi == 0)  // a zero-weight player doubles every count: f = 2·g
    for (std::size_t w = 0; w < q; ++w) g[w] = f[w] / 2;
}

template <class Int>
std::vector<Big> swings_with(const Game& game) {
  const std::size_t q = static_cast<std::size_t>(game.q);
  check_size(game, 2, sizeof(Int), "an exact Banzhaf table");
  std::vector<Int> f(q, Int(0)), g(q, Int(0));
  f[0] = 1;
  for (auto wi : game.w)
    for (std::size_t w = q; w-- > static_cast<std::size_t>(wi);) f[w] += f[w - wi];
  std::vector<Big> out;
  for (auto wi : game.w) {
    remove_player(f, wi, g);
    Int s = 0;
    for (std::int64_t w = std::max<std::int64_t>(0, game.q - wi); w < game.q; ++w) s += g[w];
    out.push_back(Big(s));
  }
  return out;
}

std::vector<Big> swing_counts(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  const Game game = reduce(weights, quota);
  const std::size_t n = game.w.size();  // counts are below 2^n
  if (n < 63) return swings_with<std::uint64_t>(game);
  if (n < 127) return swings_with<mp::uint128_t>(game);
  if (n < 250) return swings_with<mp::uint256_t>(game);
  if (n < 500) return swings_with<mp::uint512_t>(game);
  return swings_with<Big>(game);
}

template <class Int>
std::vector<Big> pivots_with(const Game& game) {
  // f[k][w]: coalitions of size k and weight w < q. Pivotal count for i weighs each coalition
  // of size k of the others by k!(n-1-k)!.
  const std::size_t n = game.w.size(), q = static_cast<std::size_t>(game.q);
  check_size(game, n + 3, sizeof(Int), "an exact Shapley-Shubik table");
  std::vector<std::vector<Int>> f(n + 1, std::vector<Int>(q, Int(0)));
  f[0][0] = 1;
  for (std::size_t j = 0; j < n; ++j) {
    const auto wj = static_cast<std::size_t>(game.w[j]);
    for (std::size_t k = j + 1; k-- > 0;)
      for (std::size_t w = q; w-- > wj;) f[k + 1][w] += f[k][w - wj];
  }
  std::vector<Big> fact(n + 1, Big(1));
  for (std::size_t k = 1; k <= n; ++k) fact[k] = fact[k - 1] * k;
  // g_k[w] = f[k][w] - g_{k-1}[w-wi]: coalitions of size k without player i (two rows kept).
  std::vector<Int> prev(q, Int(0)), cur(q, Int(0));
  std::vector<Big> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto wi = static_cast<std::size_t>(game.w[i]);
    Big total = 0;
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t w = 0; w < q; ++w)  // (wi = 0 works too: f[k][w] = g[k][w] + g[k-1][w])
        cur[w] = (k > 0 && w >= wi) ? Int(f[k][w] - prev[w - wi]) : f[k][w];
      Int s = 0;
      for (std::size_t w = q > wi ? q - wi : 0; w < q; ++w) s += cur[w];
      if (s != 0) total += Big(s) * fact[k] * fact[n - 1 - k];
      std::swap(prev, cur);
    }
    out.push_back(total);
  }
  return out;
}

ExactPower normalise(const std::vector<Big>& counts, Big denominator) {
  ExactPower p;
  if (denominator == 0) denominator = 1;  // nobody is ever decisive: all zero
  Big g = denominator;                    // lowest terms over a common denominator
  for (const auto& c : counts) g = mp::gcd(g, c);
  for (const auto& c : counts) p.numerators.push_back(Big(c / g).str());
  denominator /= g;
  p.denominator = denominator.str();
  return p;
}

}  // namespace

std::vector<double> ExactPower::indices() const {
  std::vector<double> out;
  const Big den(denominator);
  for (const auto& n : numerators) out.push_back(mp::cpp_rational(Big(n), den).convert_to<double>());
  return out;
}

std::vector<std::string> banzhaf_swings(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  std::vector<std::string> out;
  for (const auto& c : swing_counts(weights, quota)) out.push_back(c.str());
  return out;
}

ExactPower banzhaf_exact(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  const auto counts = swing_counts(weights, quota);
  Big total = 0;
  for (const auto& c : counts) total += c;
  return normalise(counts, total);
}

std::vector<double> banzhaf(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  return banzhaf_exact(weights, quota).indices();
}

ExactPower shapley_shubik_exact(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  const Game game = reduce(weights, quota);
  const std::size_t n = game.w.size();
  std::vector<Big> counts = n < 63    ? pivots_with<std::uint64_t>(game)
                            : n < 127 ? pivots_with<mp::uint128_t>(game)
                            : n < 250 ? pivots_with<mp::uint256_t>(game)
                            : n < 500 ? pivots_with<mp::uint512_t>(game)
                                      : pivots_with<Big>(game);
  Big fact = 1;
  for (std::size_t k = 2; k <= n; ++k) fact *= k;
  return normalise(counts, fact);
}

std::vector<double> shapley_shubik(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  return shapley_shubik_exact(weights, quota).indices();
}

std::int64_t absolute_quota(double quota, std::int64_t total) {
  if (!(quota > 0) || !std::isfinite(quota)) throw ModelError("bad_value", "a quota must be positive");
  if (quota < 1) {
    // floor(f·W) with f as written (0.7, not 0.69999...): nudge by far less than one vote.
    const long double fw = static_cast<long double>(quota) * static_cast<long double>(total);
    return static_cast<std::int64_t>(std::floor(fw + 1e-9L * std::max<long double>(1, fw))) + 1;
  }
  if (std::trunc(quota) != quota)
    throw ModelError("bad_value",
                     "a quota of 1 or more is a whole number of votes, not " + std::to_string(quota));
  return static_cast<std::int64_t>(quota);
}

}  // namespace govgraph
