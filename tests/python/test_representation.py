"""Representation and voting power (DESIGN.md "Representation rules"): power indices against
brute force and published values, boards as voting games, tiers, coverage, conflicts."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest

import govgraph as gg


def brute(weights, quota):
    """Banzhaf and Shapley-Shubik by enumerating every coalition, as exact fractions."""
    n = len(weights)
    swings = [0] * n
    pivots = [Fraction(0)] * n
    for size in range(n + 1):
        for coalition in itertools.combinations(range(n), size):
            w = sum(weights[j] for j in coalition)
            if w >= quota:
                continue
            for i in set(range(n)) - set(coalition):
                if w + weights[i] >= quota:
                    swings[i] += 1
                    pivots[i] += Fraction(math.factorial(size) * math.factorial(n - size - 1),
                                          math.factorial(n))
    total = sum(swings)
    return [Fraction(s, total) if total else Fraction(0) for s in swings], pivots


def test_the_eec_council_of_ministers_1958():
    assert gg.banzhaf([4, 4, 4, 2, 2, 1], 12, exact=True) == [
        Fraction(5, 21)] * 3 + [Fraction(3, 21)] * 2 + [Fraction(0)]
    assert gg.banzhaf([4, 4, 4, 2, 2, 1], 12) == pytest.approx([5 / 21] * 3 + [3 / 21] * 2 + [0])


def test_power_indices_equal_brute_force_in_many_random_games():
    rng = random.Random(2026)
    for _ in range(150):
        n = rng.randint(1, 14 if rng.random() < 0.2 else 9)
        weights = [rng.randint(0, rng.choice([3, 20, 1000])) for _ in range(n)]
        if sum(weights) == 0:
            weights[0] = 1
        quota = rng.randint(1, sum(weights))
        bz, ss = brute(weights, quota)
        assert gg.banzhaf(weights, quota, exact=True) == bz, (weights, quota)
        assert gg.shapley_shubik(weights, quota, exact=True) == ss, (weights, quota)


def test_exact_shapley_shubik_for_200_players_sums_to_exactly_one():
    rng = random.Random(7)
    # list sizes up to 50,000 rounded to thousands (their common divisor keeps the table small)
    weights = [rng.randint(1, 50) * 1000 for _ in range(200)]
    ss = gg.shapley_shubik(weights, sum(weights) // 2 + 1, exact=True)
    assert sum(ss) == 1 and all(isinstance(x, Fraction) for x in ss)
    bz = gg.banzhaf(weights, sum(weights) // 2 + 1, exact=True)
    assert sum(bz) == 1


def test_games_that_cannot_be_played_are_refused():
    with pytest.raises(gg.ModelError, match="between 1 and the sum"):
        gg.banzhaf([1, 1], 3)
    with pytest.raises(gg.ModelError, match="whole numbers"):
        gg.shapley_shubik([1.5, 1], 1)
    with pytest.raises(gg.ModelError, match="too_large"):
        rng = random.Random(1)
        weights = [rng.randint(1, 50_000) for _ in range(200)]
        gg.shapley_shubik(weights, sum(weights) // 2 + 1)   # ~16 GB of table: refused


def board_model(*, quota=0.5, votes=(1, 1, 1), sizes=(12_000, 6_000, 3_000)) -> gg.Model:
    """Three practices, members of a collaborative with a board of one seat each; the
    collaborative holds a seat on a system board alongside a trust."""
    m = gg.Model()
    m.add_organisation("col", kind="company", legal_form="company_limited_by_guarantee")
    m.add_board("col-board", of="col", quota=quota)
    for i, (v, size) in enumerate(zip(votes, sizes)):
        p = f"p{i}"
        m.add_organisation(p, kind="practice", legal_form="partnership", list_size=size)
        m.add_relation("member_of", p, "col")
        m.add_seat(f"s{i}", board="col-board", votes=v, appointed_by=p, represents=[p])
    m.add_organisation("trust", kind="nhs_trust", legal_form="statutory_body")
    m.add_organisation("system", kind="other")
    m.add_board("sys-board", of="system", quota=0.5)
    m.add_seat("sys-col", board="sys-board", appointed_by="col", represents=["col"])
    m.add_seat("sys-trust", board="sys-board", appointed_by="trust", represents=["trust"])
    return m


def test_a_board_is_a_weighted_voting_game():
    m = board_model(votes=(3, 1, 1), quota=0.5)
    r = m.representation("col-board")
    assert (r.quota, r.total_votes) == (3, 5)   # more than half of 5 votes
    rows = {x.member: x for x in r}
    assert rows["p0"].veto and rows["p0"].banzhaf == 1 and rows["p1"].dummy
    assert rows["p0"].vote_share == pytest.approx(0.6)
    assert rows["p0"].weight == 12_000 and rows["p0"].weight_share == pytest.approx(12 / 21)
    # Loosemore-Hanby: half the summed gaps between power and weight shares
    assert r.disproportionality == pytest.approx(0.5 * (abs(1 - 12 / 21) + 6 / 21 + 3 / 21))
    assert r.banzhaf_exact == [1, 0, 0]


def test_observers_have_no_vote_and_appointers_vote_as_a_bloc():
    m = board_model()
    m.add_seat("s0b", board="col-board", appointed_by="p0", represents=["p0"])
    m.add_seat("obs", board="col-board", kind="observer", appointed_by="p2")
    by_appointer = {x.member: x for x in m.representation("col-board")}
    assert by_appointer["p0"].votes == 2 and sorted(by_appointer["p0"].seats) == ["s0", "s0b"]
    assert by_appointer["p2"].votes == 1   # the observer seat adds nothing
    by_seat = {x.member: x for x in m.representation("col-board", by="seat")}
    assert by_seat["obs"].votes == 0 and by_seat["obs"].dummy and set(by_seat) == {
        "s0", "s0b", "s1", "s2", "obs"}


def test_members_without_a_seat_are_unrepresented():
    m = board_model()
    m.add_organisation("p9", kind="practice", list_size=900)
    m.add_relation("member_of", "p9", "col")
    assert m.representation("col-board").unrepresented == ["p9"]


def test_a_practice_reaches_the_system_board_through_the_collaborative():
    m = board_model()
    assert m.representation_paths("p2", "sys-board") == [
        ["p2", "s2", "col-board", "col", "sys-col", "sys-board"]]
    assert m.representation_paths("p2", "col-board") == [["p2", "s2", "col-board"]]
    m.add_seat("expert", board="sys-board", kind="expert", appointed_by="col")
    routes = m.representation_paths("p2", "sys-board")
    assert routes.seat_kinds == [["representative", "representative"],
                                 ["representative", "expert"]]
    assert list(routes.to_frame()["seat_kinds"]) == ["representative, representative",
                                                     "representative, expert"]
    # the collaborative weighs what its member practices do
    rows = {x.member: x for x in m.representation("sys-board")}
    assert rows["col"].weight == 21_000


def test_coverage_reports_indirect_voice_and_loses_it_with_the_seat():
    m = board_model()
    m.add_organisation("p9", kind="practice", list_size=9_000)   # no seat anywhere
    cov = m.coverage("sys-board")
    rows = {x.org: x for x in cov}
    assert rows["p0"].indirect and not rows["p0"].direct
    assert rows["p0"].via == ["p0", "s0", "col-board", "col", "sys-col", "sys-board"]
    assert not (rows["p9"].direct or rows["p9"].indirect) and rows["p9"].via is None
    assert cov.share_covered == pytest.approx(21_000 / 30_000)
    # without the collaborative's seat, no practice has any voice there
    m2 = gg.Model()
    doc = m.dumps().replace('"id": "sys-col"', '"id": "sys-col", "end": "2020-01-01"')
    m2 = gg.loads(doc)
    assert m2.coverage("sys-board", as_of="2021-01-01").share_covered == 0
    assert m2.coverage("sys-board", as_of="2019-01-01").share_covered == pytest.approx(0.7)


def test_a_partner_of_the_holder_on_the_subcontractors_board_is_a_conflict():
    m = gg.Model()
    m.add_organisation("ccg", kind="commissioner")
    m.add_organisation("p", kind="practice", legal_form="partnership")
    m.add_organisation("col", kind="company", legal_form="company_limited_by_guarantee")
    m.add_person("gp")
    m.add_person("other")
    m.add_relation("partner_in", "gp", "p")
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "p"})
    m.add_contract("sub", kind="subcontract", head="gms",
                   parties={"contractor": "p", "subcontractor": "col"})
    m.add_board("col-board", of="col")
    m.add_seat("seat", board="col-board", held_by="other")
    assert len(m.conflicts_of_interest()) == 0
    m.add_seat("seat2", board="col-board", held_by="gp")
    [c] = m.conflicts_of_interest()
    assert (c.person, c.contract, c.side_a, c.side_b) == ("gp", "sub", "p", "col")
    assert c.how == "partner in p | holds seat seat2 on col-board of col"


def test_the_smallest_practices_can_or_cannot_block():
    m = board_model(quota=0.5)
    b = m.blocking_coalitions("col-board", "below_median")
    assert b.group == ["p2"] and not b.can_block
    b = m.blocking_coalitions("col-board", ["p1", "p2"])
    assert b.can_block and b.smallest == [["p1", "p2"]]
    m = board_model(quota=3)   # unanimity: anyone blocks alone
    assert m.blocking_coalitions("col-board", ["p1", "p2"]).smallest == [["p1"], ["p2"]]


def test_representation_as_of_a_date():
    m = board_model()
    m.add_organisation("p3", kind="practice", list_size=1_000)
    m.add_seat("s3", board="col-board", appointed_by="p3", start="2019-04-01")
    assert len(m.representation("col-board", as_of="2019-03-31")) == 3
    assert len(m.representation("col-board", as_of="2019-04-01")) == 4


def test_results_are_frames_and_html():
    m = board_model()
    r = m.representation("col-board")
    assert list(r.to_frame().columns)[:10] == ["member", "seats", "votes", "vote_share", "weight",
                                               "weight_share", "banzhaf", "shapley_shubik",
                                               "veto", "dummy"]
    assert "<table>" in r._repr_html_() and "quota" in r._repr_html_()
    assert "<ol>" in m.representation_paths("p0", "sys-board")._repr_html_()
    assert list(m.coverage("sys-board").to_frame().columns) == [
        "org", "direct", "indirect", "via", "weight", "with_power"]
    assert list(m.conflicts_of_interest().to_frame().columns) == [
        "person", "contract", "side_a", "side_b", "how"]
