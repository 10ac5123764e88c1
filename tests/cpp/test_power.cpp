// test_power.cpp — exact power indices against brute force and published values.
#include <boost/multiprecision/cpp_int.hpp>
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>
#include <numeric>
#include <limits>
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

namespace {

// Brute force with exact integer counts: swings, pivots weighted by k!(n-1-k)! (as long double
// ratios are not exact, compare numerators over common denominators instead).
struct BruteCounts {
  std::vector<std::uint64_t> swings;
  std::vector<long double> ss;
};

BruteCounts brute2(const std::vector<std::int64_t>& w1, std::int64_t q1, const std::vector<std::int64_t>& w2,
                   std::int64_t q2) {
  const std::size_t n = w1.size();
  BruteCounts b{std::vector<std::uint64_t>(n, 0), std::vector<long double>(n, 0)};
  std::vector<long double> fact(n + 1, 1);
  for (std::size_t k = 1; k <= n; ++k) fact[k] = fact[k - 1] * static_cast<long double>(k);
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    __int128 s1 = 0, s2 = 0;
    std::size_t size = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (mask >> i & 1) {
        s1 += w1[i];
        s2 += w2[i];
        ++size;
      }
    const bool wins = s1 >= q1 && s2 >= q2;
    for (std::size_t i = 0; i < n; ++i) {
      if (mask >> i & 1) continue;
      if (!wins && s1 + w1[i] >= q1 && s2 + w2[i] >= q2) {
        ++b.swings[i];
        b.ss[i] += fact[size] * fact[n - size - 1] / fact[n];
      }
    }
  }
  return b;
}

}  // namespace

TEST_CASE("exact means exact above 2^53: the game float rounding changes", "[power]") {
  const std::int64_t M = std::int64_t{1} << 53;
  // exact: {1,2} (4M) loses against 4M+1 -> [3/8, 3/8, 1/8, 1/8]; through doubles the quota
  // 4M+1 becomes 4M and the answer [1/3, 1/3, 1/6, 1/6]
  const auto e = banzhaf_exact({2 * M, 2 * M, M, M}, 4 * M + 1);
  CHECK(e.numerators == std::vector<std::string>{"3", "3", "1", "1"});
  CHECK(e.denominator == "8");
  // no common divisor: weights near 2^53 counted by enumeration, against brute force
  const std::vector<std::int64_t> w{2 * M + 3, 2 * M - 1, M + 1, M - 1, 7};
  const std::int64_t q = 4 * M + 2;
  const auto b = brute2(w, q, std::vector<std::int64_t>(w.size(), 0), 0);
  const auto s = banzhaf_swings(w, q);
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(s[i] == std::to_string(b.swings[i]));
  // weights whose sum overflows int64 are summed in 128 bits
  const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2;
  const auto o = banzhaf_exact({big, big, big}, big + 1);  // two of three
  CHECK(o.numerators == std::vector<std::string>{"1", "1", "1"});
  const auto m = banzhaf_exact({big, big, big}, std::numeric_limits<std::int64_t>::max());  // all three
  CHECK(m.numerators == std::vector<std::string>{"1", "1", "1"});
  CHECK_THROWS_WITH(banzhaf({big, big}, std::numeric_limits<std::int64_t>::max()),
                    Catch::Contains("between 1 and the sum of the weights (9223372036854775806)"));
}

TEST_CASE("two-weight games equal brute force over all coalitions", "[power]") {
  std::mt19937 rng(12);
  for (int game = 0; game < 200; ++game) {
    const std::size_t n = 1 + rng() % 11;
    std::vector<std::int64_t> w1(n), w2(n);
    for (auto& x : w1) x = static_cast<std::int64_t>(rng() % (game % 2 ? 9 : 40));
    for (auto& x : w2) x = game % 3 == 0 ? 1 : static_cast<std::int64_t>(rng() % 6);
    w1[0] += 1;
    if (game % 3 != 0) w2[0] += 1;  // (a head count stays one each)
    const auto t1 = std::accumulate(w1.begin(), w1.end(), std::int64_t{0});
    const auto t2 = std::accumulate(w2.begin(), w2.end(), std::int64_t{0});
    const std::int64_t q1 = 1 + static_cast<std::int64_t>(rng() % t1),
                       q2 = 1 + static_cast<std::int64_t>(rng() % t2);
    const auto b = brute2(w1, q1, w2, q2);
    const auto abs = banzhaf_absolute_exact(w1, q1, w2, q2);
    const auto ss = shapley_shubik_exact(w1, q1, w2, q2).indices();
    for (std::size_t i = 0; i < n; ++i) {
      INFO("game " << game << " player " << i);
      // absolute Banzhaf = swings / 2^(n-1)
      const double a = std::stod(abs.numerators[i]) / std::stod(abs.denominator);
      CHECK(
          a ==
          Approx(static_cast<double>(b.swings[i]) / std::ldexp(1.0, static_cast<int>(n) - 1)).margin(1e-15));
      CHECK(ss[i] == Approx(static_cast<double>(b.ss[i])).margin(1e-12));
    }
  }
}

TEST_CASE("zero weights, equal weights, weight above the quota, quota equal to the total", "[power]") {
  for (const auto& [w, q] : std::vector<std::pair<std::vector<std::int64_t>, std::int64_t>>{
           {{0, 3, 0, 2, 2}, 4}, {{5, 5, 5, 5}, 20}, {{9, 1, 1}, 2}, {{4, 4, 4}, 12}, {{0, 0, 1}, 1}}) {
    std::vector<double> bz, ss;
    brute(w, q, bz, ss);
    const auto b = banzhaf(w, q), s = shapley_shubik(w, q);
    for (std::size_t i = 0; i < w.size(); ++i) {
      CHECK(b[i] == Approx(bz[i]).margin(1e-15));
      CHECK(s[i] == Approx(ss[i]).margin(1e-15));
    }
  }
  // absolute Banzhaf counts the zero players' halves: [3, 1, 1] quota 3 with a zero player
  const auto a = banzhaf_absolute_exact({3, 1, 1, 0}, 3);
  CHECK(a.numerators == std::vector<std::string>{"1", "0", "0", "0"});
  CHECK(a.denominator == "1");
}

TEST_CASE("many players: counts beyond 64 bits through several moduli are exact", "[power]") {
  namespace mp = boost::multiprecision;
  // 100 (and 300) votes of one each, majority: each player swings in C(n-1, n/2) coalitions
  for (std::size_t n : {100u, 300u}) {
    const std::vector<std::int64_t> w(n, 1);
    const auto s = banzhaf_swings(w, static_cast<std::int64_t>(n / 2 + 1));
    mp::cpp_int c = 1;
    for (std::size_t j = 1; j <= n / 2; ++j) c = c * (n - 1 - n / 2 + j) / j;
    CHECK(s[0] == c.str());
    CHECK(s[n - 1] == c.str());
  }
  // 150 players of weights 1..3: Shapley-Shubik needs 147 bits (three moduli); it sums to 1
  std::vector<std::int64_t> w(150);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 1 + static_cast<std::int64_t>(i % 3);
  const auto e = shapley_shubik_exact(w, 151);
  mp::cpp_int sum = 0;
  for (const auto& x : e.numerators) sum += mp::cpp_int(x);
  CHECK(sum == mp::cpp_int(e.denominator));
  CHECK(e.numerators[0] == e.numerators[3]);
}

TEST_CASE("huge games are refused before they start, naming the estimate", "[power]") {
  std::vector<std::int64_t> w(10000);
  std::mt19937 rng(3);
  for (auto& x : w) x = 2000 + static_cast<std::int64_t>(rng() % 15000);
  const std::int64_t q = std::accumulate(w.begin(), w.end(), std::int64_t{0}) / 2 + 1;
  CHECK_THROWS_WITH(banzhaf(w, q),
                    Catch::Contains("cell operations") && Catch::Contains("round the weights"));
  CHECK_THROWS_WITH(shapley_shubik(w, q), Catch::Contains("too") || Catch::Contains("GB"));
}

TEST_CASE("an interrupt hook that says stop throws Interrupted", "[power]") {
  set_interrupt_check([] { return true; });
  std::vector<std::int64_t> w(60);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = 1000 + static_cast<std::int64_t>(i * 37);
  CHECK_THROWS_AS(shapley_shubik(w, 40000), Interrupted);
  set_interrupt_check(nullptr);
  CHECK_NOTHROW(shapley_shubik({1, 2, 3}, 4));
}

TEST_CASE("quota rules: more than and at least a share, read as written", "[power]") {
  CHECK(absolute_quota(0.75, 4, QuotaRule::at_least) == 3);
  CHECK(absolute_quota(0.75, 4) == 4);
  CHECK(absolute_quota(0.5, 4) == 3);
  CHECK(absolute_quota(0.7, 10) == 8);
  CHECK(absolute_quota(0.7, 10, QuotaRule::at_least) == 7);
  CHECK(absolute_quota(0.01, 10, QuotaRule::at_least) == 1);
  CHECK(absolute_quota(0.5, 9007199254740993) == 4503599627370497);  // exact beyond 2^53
  CHECK(absolute_quota(12, 10) == 12);
  CHECK_THROWS_WITH(absolute_quota(1e300, 10), Catch::Contains("2^53"));
  CHECK_THROWS_WITH(absolute_quota(std::nan(""), 10), Catch::Contains("positive"));
  CHECK_THROWS_WITH(absolute_quota(-0.5, 10), Catch::Contains("positive"));
  CHECK_THROWS(absolute_quota(0.5, -1));
}

TEST_CASE("exact_decimal gives a double's shortest decimal", "[power]") {
  CHECK(exact_decimal(2.5) == std::make_pair(std::int64_t{25}, 1));
  CHECK(exact_decimal(3.0) == std::make_pair(std::int64_t{3}, 0));
  CHECK(exact_decimal(0.1) == std::make_pair(std::int64_t{1}, 1));
  CHECK(exact_decimal(-1.25) == std::make_pair(std::int64_t{-125}, 2));
  CHECK(exact_decimal(1e6) == std::make_pair(std::int64_t{1000000}, 0));
  CHECK(exact_decimal(0.0) == std::make_pair(std::int64_t{0}, 0));
  CHECK_FALSE(exact_decimal(1.0 / 3));
  CHECK_FALSE(exact_decimal(1e300));
  CHECK_FALSE(exact_decimal(0.1234567));
  CHECK(exact_decimal(0.1234567, 7) == std::make_pair(std::int64_t{1234567}, 7));
  CHECK_FALSE(exact_decimal(std::nan("")));
}
