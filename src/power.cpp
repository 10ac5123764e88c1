// power.cpp — exact Banzhaf and Shapley–Shubik counts by dynamic programming over weights.
//
// The table of coalitions of all players (by weight below the quota; by size too for
// Shapley–Shubik; over the box q1 × q2 for two weights) is built once, modulo 2^64 and, when the
// counts need more bits, modulo Mersenne numbers 2^k − 1 with pairwise coprime k (so the moduli
// are pairwise coprime), one pass per modulus, up to two passes at a time. A player's counts are
// read from the table's prefix sums: with G = F / (1 + y·x^w) (the player taken out),
// #{S ∌ i: w(S) < x, |S| = k} = Σ_t (−1)^t #{S: w(S) < x − t·w, |S| = k − t}. Only ring
// operations (+, −) touch the residues, so they are exact; the Chinese remainder theorem
// (Garner's algorithm, big integers) gives the counts, which are below the moduli's product.
#include "govgraph/power.hpp"

#include <algorithm>
#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <numeric>
#include <thread>
#include <tuple>

#include "govgraph/error.hpp"

namespace govgraph {
namespace {

namespace mp = boost::multiprecision;
using Big = mp::cpp_int;
using u64 = std::uint64_t;
using i64 = std::int64_t;
using i128 = __int128;

std::string str128(i128 x) {
  if (x == 0) return "0";
  const bool neg = x < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(x) : static_cast<unsigned __int128>(x);
  std::string s;
  while (u != 0) {
    s += static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  if (neg) s += '-';
  std::reverse(s.begin(), s.end());
  return s;
}

std::string fmt_g(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

// ------------------------------------------------------------------------------------ games

enum class Index { banzhaf, shapley_shubik };

/// The game reduced without changing who wins: players of weight 0 (in every weight) set aside,
/// weights divided by their common divisor (quota ceil(q/divisor)) and capped at the quota.
struct Game {
  std::vector<i64> a, b;  // weights of the players that count (b empty: one weight)
  i64 q1 = 1, q2 = 1;     // reduced quotas (q2 = 1 and b all 0 with one weight)
  bool two = false;
  std::vector<std::size_t> index;  // original index of each player
  std::size_t n_all = 0;           // players, including the null ones
  [[nodiscard]] std::size_t n() const { return a.size(); }
};

i128 checked_total(const std::vector<i64>& w, const std::string& fn, const char* what) {
  i128 total = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] < 0)
      throw ModelError("bad_value", fn + ": " + what + "[" + std::to_string(i) + "] is " +
                                        std::to_string(w[i]) + ": weights must not be negative");
    total += w[i];
  }
  return total;
}

void check_quota(i64 quota, i128 total, const std::string& fn, const char* what) {
  if (quota < 1 || quota > total)
    throw ModelError("bad_value", fn + ": " + what + " " + std::to_string(quota) +
                                      " must be between 1 and the sum of the weights (" + str128(total) +
                                      ")");
}

i64 ceil_div(i64 q, i64 g) { return q / g + (q % g != 0 ? 1 : 0); }

Game make_game(const std::string& fn, const std::vector<i64>& w1, i64 quota1,
               const std::vector<i64>* w2 = nullptr, i64 quota2 = 1) {
  Game game;
  game.two = w2 != nullptr;
  if (game.two && w2->size() != w1.size())
    throw ModelError("bad_value", fn + ": the two weights have " + std::to_string(w1.size()) + " and " +
                                      std::to_string(w2->size()) + " players; give one of each per player");
  check_quota(quota1, checked_total(w1, fn, game.two ? "weights1" : "weights"), fn,
              game.two ? "quota1" : "quota");
  if (game.two) check_quota(quota2, checked_total(*w2, fn, "weights2"), fn, "quota2");
  game.n_all = w1.size();
  i64 g1 = 0, g2 = 0;
  for (std::size_t i = 0; i < w1.size(); ++i) {
    g1 = std::gcd(g1, w1[i]);
    if (game.two) g2 = std::gcd(g2, (*w2)[i]);
  }
  game.q1 = ceil_div(quota1, g1);  // w(S) >= q  <=>  w(S)/g >= ceil(q/g), as w(S)/g is whole
  game.q2 = game.two ? ceil_div(quota2, g2) : 1;
  for (std::size_t i = 0; i < w1.size(); ++i) {
    const i64 a = std::min(w1[i] / g1, game.q1);
    const i64 b = game.two ? std::min((*w2)[i] / g2, game.q2) : 0;
    if (a == 0 && b == 0) continue;  // never decisive: set aside
    game.a.push_back(a);
    game.b.push_back(b);
    game.index.push_back(i);
  }
  return game;
}

/// Whether every player has the same second weight (a head count: after dividing by the
/// divisor, all 1).
bool head_count(const Game& g) {
  return g.two && std::all_of(g.b.begin(), g.b.end(), [](i64 x) { return x == 1; });
}

Big binomial(std::size_t n, std::size_t k) {
  Big c = 1;
  for (std::size_t j = 1; j <= k; ++j) c = c * (n - k + j) / j;
  return c;
}

// ------------------------------------------------------------------------------- arithmetic

/// Counts modulo 2^64 (unsigned wrap-around).
struct Wrap {
  using T = u64;
  [[nodiscard]] static T add(T x, T y) { return x + y; }
  [[nodiscard]] static T sub(T x, T y) { return x - y; }
  [[nodiscard]] static T fin(T x) { return x; }
  [[nodiscard]] static T from_big(const Big& x) { return static_cast<u64>(x & Big(~u64{0})); }
};

/// Counts modulo m = 2^k − 1, kept lazily in [0, 2^k]: (s mod 2^k) + (s >> k) ≡ s.
struct Mersenne {
  using T = u64;
  int k;
  u64 m;
  [[nodiscard]] T add(T x, T y) const {
    const u64 s = x + y;
    return (s & m) + (s >> k);
  }
  [[nodiscard]] T fin(T x) const { return x % m; }
  [[nodiscard]] T sub(T x, T y) const {
    x = fin(x);
    y = fin(y);
    return x >= y ? x - y : x + (m - y);
  }
  [[nodiscard]] T from_big(const Big& x) const { return static_cast<u64>(x % m); }
};

/// Big integers, when even all the moduli are too few.
struct BigInt {
  using T = Big;
  [[nodiscard]] static T add(const T& x, const T& y) { return x + y; }
  [[nodiscard]] static T sub(const T& x, const T& y) { return x - y; }
  [[nodiscard]] static T fin(const T& x) { return x; }
  [[nodiscard]] static T from_big(const Big& x) { return x; }
};

// Exponents of the Mersenne moduli: pairwise coprime, so gcd(2^a − 1, 2^b − 1) = 2^gcd(a,b) − 1
// = 1. With 2^64 they hold 565 bits.
constexpr std::array<int, 18> kMersenne{61, 59, 53, 47, 43, 41, 37, 31, 29, 23, 19, 17, 13, 11, 7, 5, 3, 2};

/// Moduli for values below 2^bits: 64 (wrap) then Mersenne exponents; empty: big integers.
std::vector<int> moduli_for(std::size_t bits) {
  std::vector<int> out{64};
  Big product = Big(1) << 64;
  const Big need = Big(1) << bits;
  for (int k : kMersenne) {
    if (product >= need) return out;
    out.push_back(k);
    product *= (Big(1) << k) - 1;
  }
  if (product >= need) return out;
  return {};
}

template <class T>
inline void add_block(const Wrap&, T* __restrict d, const T* __restrict s, std::size_t len) {
  for (std::size_t i = 0; i < len; ++i) d[i] += s[i];
}
inline void add_block(const Mersenne& p, u64* __restrict d, const u64* __restrict s, std::size_t len) {
  const u64 m = p.m;
  const int k = p.k;
  for (std::size_t i = 0; i < len; ++i) {
    const u64 x = d[i] + s[i];
    d[i] = (x & m) + (x >> k);
  }
}
inline void add_block(const BigInt&, Big* d, const Big* s, std::size_t len) {
  for (std::size_t i = 0; i < len; ++i) d[i] += s[i];
}

// --------------------------------------------------------------------------------- the table

/// Counts of coalitions of all players by (size k, second weight v2, first weight v1) below the
/// quotas; rows (k, v2) hold v1 in [lo[k], hi[k]) (sums k players can reach). Without sizes
/// there is one k; without a second weight one v2.
template <class P>
struct Table {
  using T = typename P::T;
  bool sized = false;
  std::size_t K = 1;
  i64 q1 = 1, q2 = 1;
  std::vector<i64> lo, hi;
  std::vector<std::vector<T>> rows;
  std::vector<i64> cur_lo, cur_hi;  // nonzero range of each row while building

  std::vector<T>& row(std::size_t k, i64 v2) { return rows[k * static_cast<std::size_t>(q2) + v2]; }
  [[nodiscard]] const std::vector<T>& row(std::size_t k, i64 v2) const {
    return rows[k * static_cast<std::size_t>(q2) + v2];
  }
};

/// Row ranges: sizes k with k players' weights able to stay below both quotas.
struct Shape {
  std::size_t K = 1;
  std::vector<i64> lo, hi;
  double cells = 0;  // cells of the whole table
};

Shape shape_of(const std::vector<i64>& a, const std::vector<i64>& b, i64 q1, i64 q2, bool sized) {
  Shape s;
  if (!sized) {
    s.lo = {0};
    s.hi = {q1};
    s.cells = static_cast<double>(q1) * static_cast<double>(q2);
    return s;
  }
  std::vector<i64> as(a), bs(b);
  std::sort(as.begin(), as.end());
  std::sort(bs.begin(), bs.end());
  i128 small_a = 0, large_a = 0, small_b = 0;
  const std::size_t n = a.size();
  for (std::size_t k = 0; k <= n; ++k) {
    if (k > 0) {
      small_a += as[k - 1];
      large_a += as[n - k];
      small_b += bs.empty() ? 0 : bs[k - 1];
    }
    if (small_a >= q1 || small_b >= q2) break;
    s.lo.push_back(static_cast<i64>(small_a));
    s.hi.push_back(static_cast<i64>(std::min<i128>(q1, large_a + 1)));
    s.cells += static_cast<double>(s.hi.back() - s.lo.back()) * static_cast<double>(q2);
  }
  s.K = s.lo.size();
  return s;
}

template <class P>
void add_row(const P& p, Table<P>& t, std::size_t dk, i64 dv2, std::size_t sk, i64 sv2, i64 a) {
  using T = typename P::T;
  const std::size_t si = sk * static_cast<std::size_t>(t.q2) + sv2;
  const std::size_t di = dk * static_cast<std::size_t>(t.q2) + dv2;
  const i64 sl = t.cur_lo[si], sh = t.cur_hi[si];
  if (sl >= sh) return;
  const i64 dl = sl + a, dh = std::min(sh + a, t.hi[dk]);
  if (dl >= dh) return;
  T* d = t.rows[di].data() - t.lo[dk];  // d[v] is the cell of weight v
  const T* s = t.rows[si].data() - t.lo[sk];
  if (di == si && a == 0) {  // a player of weight 0 in this table: every count doubles
    for (i64 v = dl; v < dh; ++v) d[v] = p.add(d[v], d[v]);
  } else if (di == si) {  // the same row (a, 0) with no sizes: in place, from the top, blocks of <= a
    for (i64 e = dh; e > dl;) {
      const i64 b = std::max(dl, e - a);
      add_block(p, d + b, d + b - a, static_cast<std::size_t>(e - b));
      e = b;
    }
  } else {
    add_block(p, d + dl, s + dl - a, static_cast<std::size_t>(dh - dl));
  }
  if (t.cur_lo[di] >= t.cur_hi[di]) {
    t.cur_lo[di] = dl;
    t.cur_hi[di] = dh;
  } else {
    t.cur_lo[di] = std::min(t.cur_lo[di], dl);
    t.cur_hi[di] = std::max(t.cur_hi[di], dh);
  }
  check_interrupt();
}

/// Builds the table of all players (a, b) and turns it into prefix sums: afterwards row (k, v2)
/// at v1 holds #{S: |S| = k, w1(S) <= v1, w2(S) <= v2}.
template <class P>
Table<P> build(const P& p, const std::vector<i64>& a, const std::vector<i64>& b, i64 q1, i64 q2, bool sized) {
  using T = typename P::T;
  Table<P> t;
  const Shape s = shape_of(a, b, q1, q2, sized);
  t.sized = sized;
  t.K = s.K;
  t.q1 = q1;
  t.q2 = q2;
  t.lo = s.lo;
  t.hi = s.hi;
  t.rows.resize(t.K * static_cast<std::size_t>(q2));
  t.cur_lo.assign(t.rows.size(), 0);
  t.cur_hi.assign(t.rows.size(), 0);
  for (std::size_t k = 0; k < t.K; ++k)
    for (i64 v2 = 0; v2 < q2; ++v2) t.row(k, v2).assign(static_cast<std::size_t>(t.hi[k] - t.lo[k]), T(0));
  t.row(0, 0)[0] = T(1);
  t.cur_hi[0] = 1;
  // players in increasing first weight: rows stay short for longer
  std::vector<std::size_t> order(a.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a[x] < a[y]; });
  std::size_t done = 0;
  for (std::size_t j : order) {
    const i64 aj = a[j], bj = b.empty() ? 0 : b[j];
    if (sized) {
      for (std::size_t k = std::min(done, t.K >= 2 ? t.K - 2 : 0) + 1; k-- > 0;) {
        if (k + 1 >= t.K) continue;
        for (i64 v2 = q2 - 1; v2 >= bj; --v2) add_row(p, t, k + 1, v2, k, v2 - bj, aj);
      }
    } else {
      for (i64 v2 = q2 - 1; v2 >= bj; --v2) add_row(p, t, 0, v2, 0, v2 - bj, aj);
    }
    ++done;
  }
  for (auto& r : t.rows) {
    for (std::size_t i = 1; i < r.size(); ++i) r[i] = p.add(r[i], r[i - 1]);
    check_interrupt();
  }
  for (std::size_t k = 0; k < t.K; ++k)
    for (i64 v2 = 1; v2 < q2; ++v2) {
      auto& r = t.row(k, v2);
      const auto& below = t.row(k, v2 - 1);
      for (std::size_t i = 0; i < r.size(); ++i) r[i] = p.add(r[i], below[i]);
      check_interrupt();
    }
  return t;
}

/// #{S of all players: |S| = k, w1(S) < x, w2(S) < y}.
template <class P>
typename P::T count_below(const Table<P>& t, std::size_t k, i64 x, i64 y) {
  using T = typename P::T;
  if (x <= 0 || y <= 0 || k >= t.K) return T(0);
  const auto& r = t.row(k, std::min(y, t.q2) - 1);
  const i64 v = std::min(x, t.q1) - 1;
  if (v < t.lo[k] || r.empty()) return T(0);
  return r[static_cast<std::size_t>(std::min(v, t.hi[k] - 1) - t.lo[k])];
}

/// B_i(k, x, y) = #{S without the player (a, b): |S| = k, w1(S) < x, w2(S) < y}
///              = Σ_t (−1)^t count_below(k − t, x − t·a, y − t·b).
template <class P>
typename P::T below_without(const P& p, const Table<P>& t, std::size_t k, i64 x, i64 y, i64 a, i64 b) {
  using T = typename P::T;
  T plus(0), minus(0);
  for (i64 s = 0;; ++s) {
    const i64 xs = x - s * a, ys = y - s * b;
    if (xs <= 0 || ys <= 0) break;
    std::size_t ks = k;
    if (t.sized) {
      if (static_cast<i64>(k) < s) break;
      ks = k - static_cast<std::size_t>(s);
    }
    const T c = count_below(t, ks, xs, ys);
    if (s % 2 == 0) {
      plus = p.add(plus, c);
    } else {
      minus = p.add(minus, c);
    }
    if (!t.sized && a == 0 && b == 0) break;  // (not reached: window() gives 0 first)
  }
  return p.sub(plus, minus);
}

/// B_i(k, x, y) − B_i(k, x − a, y − b): coalitions of the others of size k below (x, y) that the
/// player's weights lift to (x, y) or beyond in some weight.
template <class P>
typename P::T window(const P& p, const Table<P>& t, std::size_t k, i64 x, i64 y, i64 a, i64 b) {
  using T = typename P::T;
  if (a == 0 && b == 0) return T(0);
  return p.sub(below_without(p, t, k, x, y, a, b), below_without(p, t, k, x - a, y - b, a, b));
}

/// One pass over one modulus: per player, its swings (Banzhaf: one value) or its pivotal
/// coalitions of each size k = 0..n−1 (Shapley–Shubik: n values), finished residues.
template <class P>
std::vector<typename P::T> pass(const P& p, const Game& g, Index index) {
  using T = typename P::T;
  const std::size_t n = g.n();
  const bool sized = index == Index::shapley_shubik;
  const std::vector<i64> none;
  std::vector<T> out;
  if (!g.two) {
    const Table<P> t = build(p, g.a, none, g.q1, 1, sized);
    for (std::size_t i = 0; i < n; ++i) {
      if (!sized) {
        out.push_back(p.fin(window(p, t, 0, g.q1, 1, g.a[i], 0)));
      } else {
        for (std::size_t k = 0; k < n; ++k) out.push_back(p.fin(window(p, t, k, g.q1, 1, g.a[i], 0)));
      }
      check_interrupt();
    }
    return out;
  }
  if (sized && head_count(g)) {
    // wins: w1 >= q1 and at least q2 members. Of size k, S ∪ i wins and S loses when k >= q2 and
    // w1(S) in [q1 − a, q1), or when k = q2 − 1 and w1(S) >= q1 − a.
    const Table<P> t = build(p, g.a, none, g.q1, 1, true);
    const auto k0 = static_cast<std::size_t>(g.q2 - 1);
    const T c = p.from_big(binomial(n - 1, k0));
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < n; ++k) {
        if (k < k0) {
          out.push_back(T(0));
        } else if (k == k0) {
          out.push_back(p.fin(p.sub(c, below_without(p, t, k, g.q1 - g.a[i], 1, g.a[i], 0))));
        } else {
          out.push_back(p.fin(window(p, t, k, g.q1, 1, g.a[i], 0)));
        }
      }
      check_interrupt();
    }
    return out;
  }
  // swings = [A(q1) − A(q1 − a)] + [C(q2) − C(q2 − b)] − [B(q1, q2) − B(q1 − a, q2 − b)] with
  // A, C the counts below in one weight, B in both (inclusion–exclusion; see the docs)
  const Table<P> t1 = build(p, g.a, none, g.q1, 1, sized);
  const Table<P> t2 = build(p, g.b, none, g.q2, 1, sized);
  const Table<P> t12 = build(p, g.a, g.b, g.q1, g.q2, sized);
  for (std::size_t i = 0; i < n; ++i) {
    const i64 a = g.a[i], b = g.b[i];
    for (std::size_t k = 0; k < (sized ? n : 1); ++k) {
      const T x = p.add(window(p, t1, k, g.q1, 1, a, 0), window(p, t2, k, g.q2, 1, b, 0));
      out.push_back(p.fin(p.sub(x, window(p, t12, k, g.q1, g.q2, a, b))));
    }
    check_interrupt();
  }
  return out;
}

// ---------------------------------------------------------------------------- enumeration

/// All 2^n coalitions (small games whose table would be too large: huge quotas).
std::vector<u64> enumerate(const Game& g, Index index) {
  const std::size_t n = g.n();
  const bool sized = index == Index::shapley_shubik;
  std::vector<u64> out(sized ? n * n : n, 0);
  const i64 q2 = g.two ? g.q2 : 0;  // one weight: the second always reached
  i128 s1 = 0, s2 = 0;
  std::size_t size = 0;
  const u64 total = u64{1} << n;
  u64 gray = 0;
  for (u64 t = 0; t < total; ++t) {
    if (t > 0) {  // flip the lowest set bit of t
      const int j = __builtin_ctzll(t);
      gray ^= u64{1} << j;
      const i128 sign = (gray >> j & 1) ? 1 : -1;
      s1 += sign * g.a[j];
      s2 += sign * g.b[j];
      size = static_cast<std::size_t>(static_cast<i64>(size) + static_cast<i64>(sign));
    }
    if ((t & 0xFFFF) == 0) check_interrupt();
    if (s1 >= g.q1 && s2 >= q2) continue;  // wins already: nobody swings
    for (std::size_t i = 0; i < n; ++i) {
      if (gray >> i & 1) continue;
      if (s1 + g.a[i] >= g.q1 && s2 + g.b[i] >= q2) ++out[sized ? i * n + size : i];
    }
  }
  return out;
}

// ----------------------------------------------------------------------------- the planner

struct Plan {
  bool enumerate = false;
  std::vector<int> moduli;  // empty with !enumerate: big integers
  std::size_t bits = 0;
  double ops = 0, bytes = 0;
};

std::size_t bits_needed(const Game& g, Index index) {
  const std::size_t n = g.n();
  if (index == Index::banzhaf) return n;  // swings < 2^(n-1)
  return mp::msb(binomial(n - 1, (n - 1) / 2)) + 1;
}

Plan plan(const Game& g, Index index, const std::string& fn) {
  const std::size_t n = g.n();
  const bool sized = index == Index::shapley_shubik;
  Plan pl;
  pl.bits = bits_needed(g, index);
  pl.moduli = moduli_for(pl.bits);
  const double words = pl.moduli.empty() ? static_cast<double>(pl.bits / 64 + 1) : 1.0;
  const double passes = pl.moduli.empty() ? 1.0 : static_cast<double>(pl.moduli.size());
  const double cell_bytes = pl.moduli.empty() ? 32 + 8 * words : 8;
  // cells of the tables built, and cell operations: each player adds into every row at most once
  const std::vector<i64> none;
  double cells = 0, per_player = 0;
  const auto add_table = [&](const std::vector<i64>& a, const std::vector<i64>& b, i64 q1, i64 q2, bool s) {
    const Shape sh = shape_of(a, b, q1, q2, s);
    cells += sh.cells;
  };
  if (!g.two) {
    add_table(g.a, none, g.q1, 1, sized);
  } else if (sized && head_count(g)) {
    add_table(g.a, none, g.q1, 1, true);
  } else {
    add_table(g.a, none, g.q1, 1, sized);
    add_table(g.b, none, g.q2, 1, sized);
    add_table(g.a, g.b, g.q1, g.q2, sized);
  }
  per_player = sized ? static_cast<double>(n) * static_cast<double>(n) : static_cast<double>(n);
  const double dense_ops = (static_cast<double>(n) * cells + cells + per_player * static_cast<double>(n)) *
                           passes * words;
  const bool two_threads = passes >= 2;
  const double dense_bytes = cells * cell_bytes * (two_threads ? 2 : 1);
  const double enum_ops = n <= 30 ? std::ldexp(1.0, static_cast<int>(n)) * static_cast<double>(n) * 4 : 1e300;
  const bool dense_ok = dense_ops <= kPowerMaxOperations && dense_bytes <= kPowerMaxBytes;
  const bool enum_ok = enum_ops <= kPowerMaxOperations;
  if (enum_ok && (!dense_ok || enum_ops < dense_ops)) {
    pl.enumerate = true;
    pl.ops = enum_ops;
    pl.bytes = static_cast<double>(n) * static_cast<double>(n) * 8;
    return pl;
  }
  pl.ops = dense_ops;
  pl.bytes = dense_bytes;
  if (!dense_ok) {
    std::string quota = "quota " + std::to_string(g.q1);
    if (g.two) quota = "quotas " + std::to_string(g.q1) + " and " + std::to_string(g.q2);
    throw ModelError("too_large",
                     fn + ": exact " + (sized ? "Shapley-Shubik" : "Banzhaf") + " power of " +
                         std::to_string(n) + " players with " + quota +
                         " (after dividing by the weights' common divisor) would take about " +
                         fmt_g(dense_ops) + " cell operations (" + std::to_string(static_cast<int>(passes)) +
                         (passes == 1 ? " pass" : " passes") + ") and " + fmt_g(dense_bytes / 1e9) +
                         " GB of tables; the bounds are " + fmt_g(kPowerMaxOperations) + " operations and " +
                         fmt_g(kPowerMaxBytes / 1e9) +
                         " GB: round the weights (e.g. list sizes to hundreds) to shrink the quota");
  }
  return pl;
}

// ------------------------------------------------------------------------ chinese remainder

u64 inverse_mod(u64 x, u64 m) {  // x invertible modulo m (coprime)
  i128 r0 = m, r1 = x % m, t0 = 0, t1 = 1;
  while (r1 != 0) {
    const i128 qt = r0 / r1;
    std::tie(r0, r1) = std::make_pair(r1, r0 - qt * r1);
    std::tie(t0, t1) = std::make_pair(t1, t0 - qt * t1);
  }
  if (t0 < 0) t0 += m;
  return static_cast<u64>(t0);
}

/// Runs the passes (two at a time on two threads when there are several) and gives each value
/// as a big integer.
std::vector<Big> counts(const Game& g, Index index, const Plan& pl) {
  if (pl.enumerate) {
    const auto c = enumerate(g, index);
    return {c.begin(), c.end()};
  }
  if (pl.moduli.empty()) return pass(BigInt{}, g, index);
  const std::size_t R = pl.moduli.size();
  std::vector<std::vector<u64>> res(R);
  const auto run = [&](std::size_t r) {
    const int k = pl.moduli[r];
    res[r] = k == 64 ? pass(Wrap{}, g, index) : pass(Mersenne{k, (u64{1} << k) - 1}, g, index);
  };
  if (R == 1) {
    run(0);
  } else {
    std::atomic<bool> stop{false};
    std::exception_ptr worker_error;
    std::thread worker([&] {
      WorkerInterruptScope scope(&stop);
      try {
        for (std::size_t r = 1; r < R; r += 2) run(r);
      } catch (...) {
        worker_error = std::current_exception();
      }
    });
    try {
      for (std::size_t r = 0; r < R; r += 2) run(r);
    } catch (...) {
      stop = true;
      worker.join();
      throw;
    }
    worker.join();
    if (worker_error) std::rethrow_exception(worker_error);
  }
  // Garner: x = r0 + 2^64 (t1 + m1 (t2 + ...)), with each t found modulo its modulus
  const std::size_t values = res[0].size();
  std::vector<Big> out(values);
  for (std::size_t v = 0; v < values; ++v) {
    Big x = res[0][v], M = Big(1) << 64;
    for (std::size_t r = 1; r < R; ++r) {
      const u64 m = (u64{1} << pl.moduli[r]) - 1;
      const u64 xm = static_cast<u64>(x % m), mm = static_cast<u64>(M % m);
      const u64 diff = (res[r][v] % m + m - xm) % m;
      const auto t = static_cast<u64>(static_cast<unsigned __int128>(diff) * inverse_mod(mm, m) % m);
      x += M * t;
      M *= m;
    }
    out[v] = x;
  }
  return out;
}

// ----------------------------------------------------------------------------------- results

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

/// Swings of every player (null ones 0), counted over all the players' coalitions.
std::vector<Big> swings_of(const Game& g, const std::string& fn) {
  const Plan pl = plan(g, Index::banzhaf, fn);
  const auto c = counts(g, Index::banzhaf, pl);
  std::vector<Big> out(g.n_all, 0);
  const std::size_t nulls = g.n_all - g.n();  // each doubles every other player's swings
  for (std::size_t i = 0; i < g.n(); ++i) out[g.index[i]] = c[i] << nulls;
  return out;
}

ExactPower banzhaf_of(const Game& g, const std::string& fn, bool normalised) {
  const auto sw = swings_of(g, fn);
  if (!normalised) return normalise(sw, Big(1) << (g.n_all - 1));
  Big total = 0;
  for (const auto& c : sw) total += c;
  return normalise(sw, total);
}

ExactPower shapley_shubik_of(const Game& g, const std::string& fn) {
  const Plan pl = plan(g, Index::shapley_shubik, fn);
  const auto c = counts(g, Index::shapley_shubik, pl);
  const std::size_t n = g.n();  // null players change nobody's Shapley–Shubik value
  std::vector<Big> fact(n + 1, Big(1));
  for (std::size_t k = 1; k <= n; ++k) fact[k] = fact[k - 1] * k;
  std::vector<Big> out(g.n_all, 0);
  for (std::size_t i = 0; i < n; ++i) {
    Big total = 0;
    for (std::size_t k = 0; k < n; ++k)
      if (c[i * n + k] != 0) total += c[i * n + k] * fact[k] * fact[n - 1 - k];
    out[g.index[i]] = total;
  }
  return normalise(out, fact[n]);
}

/// A double's shortest round-trip decimal as (sign·digits) · 10^exponent, digits without
/// trailing zeros.
struct Decimal {
  bool negative = false;
  Big digits = 0;
  int exponent = 0;
};

Decimal decimal_of(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    d.negative = true;
    ++i;
  }
  std::string digits;
  int exponent = 0;
  bool after_point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      after_point = true;
    } else if (c == 'e' || c == 'E') {
      exponent += std::stoi(s.substr(i + 1));
      break;
    } else {
      digits += c;
      if (after_point) --exponent;
    }
  }
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));  // (no octal)
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  d.digits = Big(digits.empty() ? std::string("0") : digits);
  d.exponent = d.digits == 0 ? 0 : exponent;
  return d;
}

Big pow10(int k) {
  Big p = 1;
  for (int i = 0; i < k; ++i) p *= 10;
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
  for (const auto& c : swings_of(make_game("banzhaf", weights, quota), "banzhaf")) out.push_back(c.str());
  return out;
}

ExactPower banzhaf_exact(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  return banzhaf_of(make_game("banzhaf", weights, quota), "banzhaf", true);
}

ExactPower banzhaf_exact(const std::vector<std::int64_t>& weights1, std::int64_t quota1,
                         const std::vector<std::int64_t>& weights2, std::int64_t quota2) {
  return banzhaf_of(make_game("banzhaf", weights1, quota1, &weights2, quota2), "banzhaf", true);
}

ExactPower banzhaf_absolute_exact(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  return banzhaf_of(make_game("banzhaf", weights, quota), "banzhaf", false);
}

ExactPower banzhaf_absolute_exact(const std::vector<std::int64_t>& weights1, std::int64_t quota1,
                                  const std::vector<std::int64_t>& weights2, std::int64_t quota2) {
  return banzhaf_of(make_game("banzhaf", weights1, quota1, &weights2, quota2), "banzhaf", false);
}

std::vector<double> banzhaf(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  return banzhaf_exact(weights, quota).indices();
}

ExactPower shapley_shubik_exact(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  return shapley_shubik_of(make_game("shapley_shubik", weights, quota), "shapley_shubik");
}

ExactPower shapley_shubik_exact(const std::vector<std::int64_t>& weights1, std::int64_t quota1,
                                const std::vector<std::int64_t>& weights2, std::int64_t quota2) {
  return shapley_shubik_of(make_game("shapley_shubik", weights1, quota1, &weights2, quota2),
                           "shapley_shubik");
}

std::vector<double> shapley_shubik(const std::vector<std::int64_t>& weights, std::int64_t quota) {
  return shapley_shubik_exact(weights, quota).indices();
}

std::int64_t absolute_quota(double quota, std::int64_t total, QuotaRule rule) {
  if (std::isnan(quota) || std::isinf(quota) || !(quota > 0)) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, quota);
    throw ModelError("bad_value", "absolute_quota: 'quota' is " + std::string(buf, r.ptr) +
                                      ": a quota must be a positive finite number");
  }
  if (total < 0)
    throw ModelError("bad_value",
                     "absolute_quota: 'total' is " + std::to_string(total) + ": must not be negative");
  if (quota >= 1) {
    if (std::trunc(quota) != quota || quota > 9007199254740992.0) {
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, quota);
      throw ModelError("bad_value",
                       "absolute_quota: a quota of 1 or more is a whole number of votes of at "
                       "most 2^53 (a share is written as a fraction below 1, e.g. 0.5), not " +
                           std::string(buf, r.ptr));
    }
    return static_cast<std::int64_t>(quota);
  }
  // f as written: a fraction of denominator <= 1000 that this double is the nearest double to
  // (2/3, 3/4, 0.7 = 7/10), else its shortest round-trip decimal (0.123456789)
  Big num, den;
  for (int q = 1; q <= 1000 && den == 0; ++q) {
    const double p = std::nearbyint(quota * q);
    if (p / q == quota) {
      num = static_cast<i64>(p);
      den = q;
    }
  }
  if (den == 0) {
    const Decimal d = decimal_of(quota);  // f < 1: a negative exponent
    num = d.digits;
    den = pow10(-d.exponent);
  }
  const Big fw = num * total;
  const Big votes = rule == QuotaRule::more_than ? Big(fw / den + 1)
                                                 : std::max(Big((fw + den - 1) / den), Big(1));
  return static_cast<std::int64_t>(votes);
}

std::optional<std::pair<std::int64_t, int>> exact_decimal(double value, int max_places) {
  if (std::isnan(value) || std::isinf(value)) return std::nullopt;
  const Decimal d = decimal_of(value);
  const int places = std::max(0, -d.exponent);
  if (places > max_places) return std::nullopt;
  if (d.exponent > 40) return std::nullopt;
  Big digits = d.exponent > 0 ? Big(d.digits * pow10(d.exponent)) : d.digits;
  if (digits > Big(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
  auto v = static_cast<std::int64_t>(digits);
  return std::make_pair(d.negative ? -v : v, places);
}

}  // namespace govgraph
