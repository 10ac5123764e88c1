"""Exact voting power (gg.banzhaf, gg.shapley_shubik, gg.absolute_quota) against brute force."""

from __future__ import annotations

import itertools
import math
import os
import random
import signal
import threading
from fractions import Fraction

import pytest

import govgraph as gg


def brute(weights, quota, and_weights=None, and_quota=None):
    """Swings and Shapley–Shubik values over all coalitions, as exact integers and Fractions."""
    n = len(weights)
    w2 = and_weights if and_weights is not None else [0] * n
    q2 = and_quota if and_quota is not None else 0

    def wins(s):
        return sum(weights[i] for i in s) >= quota and sum(w2[i] for i in s) >= q2

    swings = [0] * n
    ss = [Fraction(0)] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for k in range(n):
            for s in itertools.combinations(others, k):
                if not wins(s) and wins(s + (i,)):
                    swings[i] += 1
                    ss[i] += Fraction(math.factorial(k) * math.factorial(n - 1 - k),
                                      math.factorial(n))
    return swings, ss


def normalised(swings):
    total = sum(swings)
    return [Fraction(s, total) if total else Fraction(0) for s in swings]


def random_game(rng, n, top):
    w = [rng.randrange(top) for _ in range(n)]
    w[0] += 1
    return w, rng.randint(1, sum(w))


def test_random_small_games_equal_brute_force():
    rng = random.Random(2026)
    for game in range(120):
        n = rng.randint(1, 8)
        w, q = random_game(rng, n, [3, 10, 60][game % 3])
        if game % 7 == 0:
            w[rng.randrange(n)] = 0  # zero weights
        if game % 5 == 0:
            w = [w[0]] * n  # equal weights
        if game % 11 == 0:
            w[0] = sum(w) + 5  # a weight above the quota
        if sum(w) == 0:
            w[0] = 1
        total = sum(w)
        q = max(1, min(q, total)) if game % 13 else total  # quota == total
        swings, ss = brute(w, q)
        assert gg.banzhaf(w, q, exact=True) == normalised(swings), (w, q)
        assert gg.banzhaf(w, q, exact=True, normalised=False) == [
            Fraction(s, 2 ** (n - 1)) for s in swings], (w, q)
        got = gg.shapley_shubik(w, q, exact=True)
        assert got == ss, (w, q)
        assert sum(got) == 1


def test_exact_above_2_53_differs_from_float():
    m = 2**53
    w, q = [2 * m, 2 * m, m, m], 4 * m + 1
    exact = gg.banzhaf(w, q, exact=True)
    assert exact == [Fraction(3, 8), Fraction(3, 8), Fraction(1, 8), Fraction(1, 8)]
    # what the same game gives once weights and quota go through floating point
    floated = brute([int(float(x)) for x in w], int(float(q)))[0]
    assert normalised(floated) == [Fraction(1, 3), Fraction(1, 3), Fraction(1, 6), Fraction(1, 6)]
    assert exact != normalised(floated)
    # weights without a common divisor, above 2^53 (counted exactly, by enumeration)
    w = [2 * m + 3, 2 * m - 1, m + 1, m - 1, 2**62 // 3]
    q = 4 * m + 2 + 2**62 // 3
    swings, ss = brute(w, q)
    assert gg.banzhaf(w, q, exact=True) == normalised(swings)
    assert gg.shapley_shubik(w, q, exact=True) == ss
    assert brute([float(x) for x in w], float(q))[0] != swings  # float would be wrong here


def test_inputs_beyond_64_bits_and_floats_beyond_2_53_are_refused():
    with pytest.raises(gg.ModelError, match=r"weights\[1\].*beyond 64 bits"):
        gg.banzhaf([1, 2**64], 2)
    with pytest.raises(gg.ModelError, match=r"'quota'.*float.*2\^53"):
        gg.banzhaf([2**54, 2**54], 2.0**54 + 4)
    with pytest.raises(gg.ModelError, match="whole numbers"):
        gg.banzhaf([1, 2], 1.5)
    assert gg.banzhaf([2.0, 1.0, 1.0], 3.0) == gg.banzhaf([2, 1, 1], 3)
    assert gg.banzhaf([Fraction(4), 2, 2], Fraction(5)) == gg.banzhaf([4, 2, 2], 5)
    # sums beyond int64 are fine (128-bit sums)
    big = 2**62
    assert gg.banzhaf([big, big, big], 2 * big - 1, exact=True) == [Fraction(1, 3)] * 3


def test_double_majority_equals_brute_force():
    rng = random.Random(5)
    for game in range(80):
        n = rng.randint(1, 7)
        w1, q1 = random_game(rng, n, 30)
        w2 = [1] * n if game % 3 == 0 else random_game(rng, n, 6)[0]  # head count or a weight
        q2 = rng.randint(1, sum(w2))
        swings, ss = brute(w1, q1, w2, q2)
        kw = {"and_weights": w2, "and_quota": q2}
        assert gg.banzhaf(w1, q1, exact=True, **kw) == normalised(swings), (w1, q1, w2, q2)
        assert gg.banzhaf(w1, q1, exact=True, normalised=False, **kw) == [
            Fraction(s, 2 ** (n - 1)) for s in swings]
        assert gg.shapley_shubik(w1, q1, exact=True, **kw) == ss, (w1, q1, w2, q2)


def test_double_majority_needs_both_keywords():
    with pytest.raises(gg.ModelError, match="and_quota"):
        gg.banzhaf([1, 2], 2, and_weights=[1, 1])
    with pytest.raises(gg.ModelError, match="and_weights"):
        gg.shapley_shubik([1, 2], 2, and_quota=1)
    with pytest.raises(gg.ModelError, match="3 weights for 2 players"):
        gg.banzhaf([1, 2], 2, and_weights=[1, 1, 1], and_quota=1)


def test_many_players_sum_to_one_exactly():
    rng = random.Random(7)
    for n in (40, 70, 130):
        w = [rng.randint(1, 50) for _ in range(n)]
        q = sum(w) // 2 + 1
        assert sum(gg.shapley_shubik(w, q, exact=True)) == 1
        assert sum(gg.banzhaf(w, q, exact=True)) == 1
    # head counts: each of n swings in C(n-1, n//2) coalitions
    n = 201
    assert gg.banzhaf([1] * n, n // 2 + 1, exact=True, normalised=False)[0] == Fraction(
        math.comb(n - 1, n // 2), 2 ** (n - 1))


def test_absolute_quota_rules():
    assert gg.absolute_quota(0.75, 4, quota_rule="at_least") == 3
    assert gg.absolute_quota(0.75, 4) == 4
    assert gg.absolute_quota(0.5, 4) == 3
    assert gg.absolute_quota(0.7, 10) == 8
    assert gg.absolute_quota(2 / 3, 9) == 7
    with pytest.raises(gg.ModelError, match="2\\^53"):
        gg.absolute_quota(1e300, 10)
    with pytest.raises(gg.ModelError, match="more_than, at_least"):
        gg.absolute_quota(0.5, 4, quota_rule="most")
    for bad in (float("nan"), -1.0, 0):
        with pytest.raises(gg.ModelError):
            gg.absolute_quota(bad, 10)


def test_huge_games_are_refused_quickly():
    rng = random.Random(1)
    w = [rng.randint(2000, 17000) for _ in range(10_000)]
    with pytest.raises(gg.ModelError, match="round the weights") as e:
        gg.banzhaf(w, sum(w) // 2 + 1)
    assert e.value.id == "too_large"
    with pytest.raises(gg.ModelError, match="GB"):
        gg.shapley_shubik(w, sum(w) // 2 + 1)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals")
def test_ctrl_c_stops_a_long_computation():
    # ~1.7e10 cell operations (17 moduli): tens of seconds, under the bound
    rng = random.Random(3)
    w = [rng.randint(1000, 3000) for _ in range(1000)]
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            gg.banzhaf(w, sum(w) // 2 + 1)
    finally:
        timer.cancel()
    assert gg.banzhaf([4, 4, 4, 2, 2, 1], 12, exact=True)[0] == Fraction(5, 21)
