// test_power.cpp — exact power indices against brute force and published values.
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>
#include <numeric>
#include <random>

using namespace govgraph;

namespace {

// Brute force over all 2^n coalitions: swings and weighted pivots as long doubles.
void brute(const std::vector<std::int64_t>& w, std::int64_t q, std::vector<double>& bz,
           std::vector<double>& ss) {
  const std::size_t n = w.size();
  std::vector<double> swings(n, 0), piv(n, 0);
  std::vector<double> fact(n + 1, 1);
  for (std::size_t k = 1; k <= n; ++k) fact[k] = fact[k - 1] * static_cast<double>(k);
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    std::int64_t sum = 0;
    std::size_t size = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (mask >> i & 1) {
        sum += w[i];
        ++size;
      }
    for (std::size_t i = 0; i < n; ++i) {
      if (mask >> i & 1) continue;
      if (sum < q && sum + w[i] >= q) {
        swings[i] += 1;
        piv[i] += fact[size] * fact[n - size - 1] / fact[n];
      }
    }
  }
  const double total = std::accumulate(swings.begin(), swings.end(), 0.0);
  bz.resize(n);
  for (std::size_t i = 0; i < n; ++i) bz[i] = total > 0 ? swings[i] / total : 0;
  ss = piv;
}

}  // namespace

TEST_CASE("Banzhaf reproduces the EEC Council of Ministers 1958", "[power]") {
  const auto e = banzhaf_exact({4, 4, 4, 2, 2, 1}, 12);
  CHECK(e.numerators == std::vector<std::string>{"5", "5", "5", "3", "3", "0"});
  CHECK(e.denominator == "21");
}

TEST_CASE("power indices equal brute force over all coalitions in random games", "[power]") {
  std::mt19937 rng(20261123);
  for (int game = 0; game < 300; ++game) {
    const std::size_t n = 1 + rng() % 14;
    std::vector<std::int64_t> w(n);
    for (auto& x : w) x = static_cast<std::int64_t>(rng() % (game % 3 == 0 ? 5 : 60));
    std::int64_t total = std::accumulate(w.begin(), w.end(), std::int64_t{0});
    if (total == 0) {
      w[0] = 1;
      total = 1;
    }
    const std::int64_t q = 1 + static_cast<std::int64_t>(rng() % total);
    std::vector<double> bz, ss;
    brute(w, q, bz, ss);
    const auto b = banzhaf(w, q);
    const auto s = shapley_shubik(w, q);
    for (std::size_t i = 0; i < n; ++i) {
      INFO("game " << game << " player " << i);
      CHECK(b[i] == Approx(bz[i]).margin(1e-12));
      CHECK(s[i] == Approx(ss[i]).margin(1e-12));
    }
  }
}

TEST_CASE("bad games are refused", "[power]") {
  CHECK_THROWS_WITH(banzhaf({1, 2}, 4), Catch::Contains("between 1 and the sum"));
  CHECK_THROWS_WITH(shapley_shubik({1, -2}, 1), Catch::Contains("must not be negative"));
}

TEST_CASE("a fractional board quota means more than that share of all votes", "[power]") {
  CHECK(absolute_quota(0.5, 10) == 6);
  CHECK(absolute_quota(0.5, 9) == 5);
  CHECK(absolute_quota(2.0 / 3, 9) == 7);
  CHECK(absolute_quota(7, 9) == 7);
}

TEST_CASE("a fractional quota is read as written, not as its binary approximation", "[power]") {
  CHECK(absolute_quota(0.7, 90) == 64);
  CHECK(absolute_quota(0.29, 100) == 30);
  CHECK(absolute_quota(0.57, 100) == 58);
  CHECK_THROWS_WITH(absolute_quota(7.5, 17), Catch::Contains("whole number"));
}

TEST_CASE("128-bit counts between 63 and 126 players agree with 256-bit ones", "[power]") {
  std::vector<std::int64_t> w(100);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 1 + static_cast<std::int64_t>(i % 7);
  const std::int64_t q = std::accumulate(w.begin(), w.end(), std::int64_t{0}) / 2 + 1;
  const auto e = banzhaf_exact(w, q);
  // players of equal weight have equal power; the sum is one
  CHECK(e.numerators[0] == e.numerators[7]);
  const auto b = banzhaf(w, q);
  CHECK(std::accumulate(b.begin(), b.end(), 0.0) == Approx(1.0));
}
