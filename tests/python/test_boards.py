"""Boards as they really vote (issue 12; DESIGN.md "Boards as they vote", "Power across tiers"):
vacancies, quota rules, Loosemore–Hanby with unknown weights, coverage with power, decision
rules and double majorities, power across tiers against brute force, no recursion on deep input.
Every case under the issue's "Why" is a test here that failed on the code before it."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest

import govgraph as gg


def board_model(n_seats: int, held: int, *, quota: float | None = None,
                quorum: int | None = None) -> gg.Model:
    """A company with a board of n_seats one-vote seats, each appointed by its own practice;
    the first `held` are held, the rest flagged vacant."""
    m = gg.Model()
    m.add_organisation("co", kind="company")
    m.add_board("b", of="co", quota=quota, quorum=quorum)
    for i in range(n_seats):
        m.add_organisation(f"P{i}", kind="practice", list_size=1000 * (i + 1))
        m.add_person(f"gp{i}")
        if i < held:
            m.add_seat(f"s{i}", board="b", appointed_by=f"P{i}", represents=[f"P{i}"],
                       held_by=f"gp{i}")
        else:
            m.add_seat(f"s{i}", board="b", appointed_by=f"P{i}", represents=[f"P{i}"], vacant=True)
    return m


# -- 1. vacant seats do not vote --------------------------------------------------------------

def test_a_vacant_seat_has_no_vote_and_the_quota_counts_the_seats_that_vote():
    m = board_model(5, 3)
    r = m.representation("b", by="seat")
    # 3 votes sit: more than half of 3 is 2, not 3 of 5 (which made the sitting members need
    # unanimity)
    assert r.quota == 2 and r.total_votes == 3
    assert sorted(r.vacant) == ["s3", "s4"]
    power = {row.member: row.banzhaf for row in r}
    assert power["s3"] == 0 and power["s4"] == 0
    assert power["s0"] == pytest.approx(1 / 3)
    dummies = {row.member for row in r if row.dummy}
    assert dummies == {"s3", "s4"}


def test_vacant_count_keeps_the_old_reading():
    r = board_model(5, 3).representation("b", by="seat", vacant="count")
    assert r.quota == 3 and r.total_votes == 5
    assert all(row.banzhaf == pytest.approx(0.2) for row in r)
    with pytest.raises(gg.Error, match="vacant 'empty' is not one of: exclude, count"):
        board_model(2, 1).representation("b", vacant="empty")


def test_a_seat_whose_holding_ended_is_vacant_on_later_days_and_held_before():
    m = gg.Model()
    m.add_organisation("co", kind="company")
    m.add_board("b", of="co")
    for i in range(3):
        m.add_organisation(f"P{i}", kind="practice", list_size=100)
        m.add_person(f"gp{i}")
        m.add_seat(f"s{i}", board="b", appointed_by=f"P{i}", held_by=f"gp{i}")
    # s2's holder leaves on 2021-01-01: rebuild it with a dated holding
    doc = json.loads(m.dumps())
    seat = next(s for s in doc["boards"][0]["seats"] if s["id"] == "s2")
    seat["held_by"] = [{"id": "gp2", "end": "2021-01-01"}]
    m = gg.loads(json.dumps(doc))
    before = m.representation("b", as_of="2020-06-01")
    after = m.representation("b", as_of="2022-06-01")
    assert before.vacant == [] and before.total_votes == 3
    assert after.vacant == ["s2"] and after.total_votes == 2 and after.quota == 2
    assert {r.member: r.dummy for r in after}["P2"] is True
    # with no day, dates are not read: only the flag makes a seat vacant (a fixed term is not a
    # vacancy)
    assert m.representation("b").vacant == []


def test_a_seat_with_no_recorded_holder_still_votes():
    m = gg.Model()
    m.add_organisation("co", kind="company")
    m.add_board("b", of="co")
    for i in range(2):
        m.add_organisation(f"P{i}", kind="practice")
        m.add_seat(f"s{i}", board="b", appointed_by=f"P{i}")
    r = m.representation("b")
    assert r.vacant == [] and r.total_votes == 2


def test_without_a_practice_its_seat_falls_vacant_and_stops_voting():
    m = board_model(2, 2)
    assert [row.banzhaf for row in m.representation("b")] == [0.5, 0.5]
    w = m.without(["P1"])
    r = w.representation("b")
    assert r.vacant == ["s1"]
    assert w.get("s1")["vacant"] is True
    power = {row.member: row.banzhaf for row in r}
    assert power["P0"] == 1.0 and power.get("s1", 0) == 0


def test_quorum_is_checked_over_the_seats_that_vote():
    m = board_model(5, 3, quorum=4)
    r = m.representation("b")
    assert r.quorate is False and r.can_decide is False
    assert all(row.dummy and row.banzhaf == 0 for row in r)
    assert board_model(5, 4, quorum=4).representation("b").quorate is True
    with pytest.raises(gg.Error, match="quorum"):
        gg.Model().add_board("x", of="nobody", quorum=2.5)


# -- 2. quota rules ------------------------------------------------------------------------------

def test_at_least_reads_a_special_resolution_three_of_four():
    assert gg.absolute_quota(0.75, 4, quota_rule="at_least") == 3
    assert gg.absolute_quota(0.75, 4) == 4
    assert board_model(4, 4, quota=0.75).representation("b").quota == 4
    m = board_model(4, 4)
    m.add_board("b2", of="co", quota=0.75, quota_rule="at_least")
    for i in range(4):
        m.add_seat(f"t{i}", board="b2", appointed_by=f"P{i}")
    assert m.representation("b2").quota == 3
    with pytest.raises(gg.Error, match="more_than, at_least"):
        gg.Model().add_board("x", of="co", quota=0.5, quota_rule="atleast")


def test_a_whole_number_quota_above_the_votes_is_an_error_that_says_how_to_write_a_share():
    m = board_model(3, 3, quota=50)
    with pytest.raises(gg.Error, match=r"board 'b'.*quota 50 is more votes than its seats hold "
                                       r"\(3\).*0\.5"):
        m.representation("b")


def test_a_quota_the_sitting_seats_cannot_reach_means_the_board_cannot_decide():
    r = board_model(5, 2, quota=3).representation("b")
    assert r.can_decide is False and all(row.dummy for row in r)


def test_votes_that_cannot_be_counted_exactly_are_refused_at_add_seat_naming_the_seat():
    m = board_model(2, 2)
    with pytest.raises(gg.Error, match=r"seat 'third'.*cannot be counted exactly"):
        m.add_seat("third", board="b", votes=1 / 3)
    with pytest.raises(gg.Error, match=r"seat 'huge'.*cannot be counted exactly"):
        m.add_seat("huge", board="b", votes=1e300)
    m.add_seat("half", board="b", votes=0.5)
    assert m.representation("b", by="seat").total_votes == 2.5


# -- 3. Loosemore–Hanby as documented --------------------------------------------------------------

def test_loosemore_hanby_counts_members_of_unknown_weight_at_zero_and_lists_them():
    m = gg.Model()
    m.add_organisation("sys", kind="other")
    m.add_organisation("ccg", kind="commissioner")
    m.add_organisation("trust", kind="nhs_trust")
    m.add_organisation("col", kind="federation", list_size=30000)
    m.add_board("sb", of="sys")
    for o in ("ccg", "trust", "col"):
        m.add_seat(f"seat-{o}", board="sb", appointed_by=o, represents=[o])
    r = m.representation("sb")
    # powers 1/3 each; weight shares 0, 0, 1: ½(1/3 + 1/3 + 2/3) = 2/3 (the old code gave 1/3)
    assert r.disproportionality == pytest.approx(2 / 3)
    assert sorted(r.weight_unknown) == ["ccg", "trust"]
    assert {row.member: row.weight_share for row in r}["ccg"] is None


# -- 4. coverage with power ----------------------------------------------------------------------

def test_share_with_power_leaves_out_routes_through_dummies_observers_and_vacancies():
    m = gg.Model()
    m.add_organisation("top-org", kind="company")
    m.add_organisation("big", kind="nhs_trust")
    m.add_organisation("col", kind="federation")
    m.add_board("top", of="top-org", quota=3)
    m.add_seat("top-big", board="top", appointed_by="big", votes=3)
    m.add_seat("top-col", board="top", appointed_by="col", votes=1)  # a dummy: big alone passes
    m.add_board("col-board", of="col")
    for i in range(3):
        m.add_organisation(f"P{i}", kind="practice", list_size=1000)
    m.add_seat("c0", board="col-board", appointed_by="P0")
    m.add_seat("c1", board="col-board", appointed_by="P1", vacant=True)
    m.add_seat("c2", board="col-board", appointed_by="P2", kind="observer")
    cov = m.coverage("top")
    assert cov.share_covered == 1.0
    assert cov.share_with_power == 0.0
    assert not any(row.with_power for row in cov)
    # make the collaborative's seat count: then only P0 (the one voting seat) has power
    m2 = gg.loads(m.dumps().replace('"quota": 3', '"quota": 4'))
    cov2 = m2.coverage("top")
    assert {row.org: row.with_power for row in cov2} == {"P0": True, "P1": False, "P2": False}
    assert cov2.share_with_power == pytest.approx(1 / 3)


# -- 5. decision rules -----------------------------------------------------------------------------

RULES = [{"name": "ordinary", "quota": 0.5},
         {"name": "reserved", "quota": 0.75, "quota_rule": "at_least"},
         {"name": "double majority", "quota": 0.5,
          "and": {"weight": "list_size", "quota": 0.5}}]


def rules_model() -> gg.Model:
    m = gg.Model()
    m.add_organisation("col", kind="federation")
    m.add_board("b", of="col", rules=RULES)
    for i, size in enumerate([12000, 2000, 1500, 1000]):
        m.add_organisation(f"P{i}", kind="practice", list_size=size)
        m.add_seat(f"s{i}", board="b", appointed_by=f"P{i}", represents=[f"P{i}"])
    return m


def brute_two(w1, q1, w2, q2):
    """Normalised Banzhaf of the game won with >= q1 of w1 and >= q2 of w2, by enumeration."""
    n = len(w1)
    swings = [0] * n
    for mask in range(1 << n):
        a = sum(w1[i] for i in range(n) if mask >> i & 1)
        b = sum(w2[i] for i in range(n) if mask >> i & 1)
        if a >= q1 and b >= q2:
            continue
        for i in range(n):
            if not mask >> i & 1 and a + w1[i] >= q1 and b + w2[i] >= q2:
                swings[i] += 1
    t = sum(swings)
    return [Fraction(s, t) for s in swings]


def test_a_board_holds_several_decision_rules_and_power_is_given_under_each():
    m = rules_model()
    assert [r["name"] for r in m.decision_rules("b")] == ["ordinary", "reserved", "double majority"]
    assert m.representation("b").rule == "ordinary"
    assert m.representation("b").quota == 3
    reserved = m.representation("b", rule="reserved")
    assert reserved.quota == 3 and reserved.rule == "reserved"
    dm = m.representation("b", rule="double majority")
    assert dm.quota == 3 and dm.and_quota == 8251  # more than half of 16,500 patients
    assert dm.banzhaf_exact == brute_two([1, 1, 1, 1], 3, [12000, 2000, 1500, 1000], 8251)
    assert {r.member: r.veto for r in dm}["P0"] is True  # no patient majority without P0
    frame = m.power_under_rules("b")
    assert len(frame) == 12 and sorted(set(frame.to_frame()["rule"])) == sorted(
        r["name"] for r in RULES)
    with pytest.raises(gg.Error, match="no decision rule 'reservd'.*did you mean 'reserved'"):
        m.representation("b", rule="reservd")


def test_double_majority_is_exact_against_brute_force_on_random_boards():
    import random
    rng = random.Random(12)
    for _ in range(25):
        n = rng.randint(2, 7)
        sizes = [rng.randint(1, 20) * 100 for _ in range(n)]
        votes = [rng.randint(1, 3) for _ in range(n)]
        m = gg.Model()
        m.add_organisation("col", kind="federation")
        m.add_board("b", of="col", rules=[{"name": "dm", "quota": 0.5,
                                           "and": {"weight": "list_size", "quota": 0.6,
                                                   "quota_rule": "at_least"}}])
        for i in range(n):
            m.add_organisation(f"P{i}", kind="practice", list_size=sizes[i])
            m.add_seat(f"s{i}", board="b", appointed_by=f"P{i}", votes=votes[i])
        r = m.representation("b")
        q1 = sum(votes) // 2 + 1
        q2 = -(-sum(sizes) * 3 // 5)  # ceil(0.6 * total)
        assert (r.quota, r.and_quota) == (q1, q2)
        expected = brute_two(votes, q1, sizes, q2)
        assert r.banzhaf_exact == expected, (votes, sizes)


def test_decision_rules_are_strict_and_round_trip_byte_for_byte():
    m = rules_model()
    assert m.get("b")["rules"][1] == {"name": "reserved", "quota": 0.75, "quota_rule": "at_least"}
    text = m.dumps()
    assert gg.loads(text).dumps() == text
    with pytest.raises(gg.Error, match=r"'quot' is not a key of a decision rule.*did you mean "
                                       r"'quota'"):
        gg.Model().add_board("x", of="o", rules=[{"name": "a", "quot": 0.5}])
    with pytest.raises(gg.Error, match="either as quota.*or as rules"):
        gg.Model().add_board("x", of="o", quota=0.5, rules=[{"name": "a", "quota": 0.5}])
    with pytest.raises(gg.Error, match="two decision rules are named 'a'"):
        gg.Model().add_board("x", of="o", rules=[{"name": "a", "quota": 0.5},
                                                {"name": "a", "quota": 0.6}])
    with pytest.raises(gg.Error, match="needs a quota"):
        gg.Model().add_board("x", of="o", rules=[{"name": "a"}])
    with pytest.raises(gg.Error, match="nest deeper"):
        gg.Model().add_board("x", of="o", rules='[[[[[[{"name": "a"}]]]]]]')
    doc = json.loads(text)
    doc["boards"][0]["rules"][0]["and"] = {"weight": "list_size", "quota": 0.5, "qota_rule": "x"}
    with pytest.raises(gg.Error, match="qota_rule"):
        gg.loads(json.dumps(doc))


def test_a_double_majority_needs_every_members_weight():
    m = rules_model()
    m.add_organisation("P9", kind="practice")
    m.add_seat("s9", board="b", appointed_by="P9")
    with pytest.raises(gg.Error, match="second majority by list_size.*P9 has none"):
        m.representation("b", rule="double majority")


# -- 6. power across tiers -------------------------------------------------------------------------

def tiers_model(shared: bool = False) -> gg.Model:
    """Two collaboratives with boards of practices; each collaborative and a trust hold a seat
    on the top board. With `shared`, practice A1 also sits on collaborative B's board."""
    m = gg.Model()
    m.add_organisation("sys", kind="other")
    m.add_organisation("trust", kind="nhs_trust")
    m.add_board("top", of="sys")
    m.add_seat("top-trust", board="top", appointed_by="trust")
    for c, members in (("A", [5, 3, 1]), ("B", [2, 2])):
        m.add_organisation(c, kind="federation")
        m.add_board(f"{c}-board", of=c)
        m.add_seat(f"top-{c}", board="top", appointed_by=c, votes=2 if c == "A" else 1)
        for i, v in enumerate(members):
            p = f"{c}{i}"
            m.add_organisation(p, kind="practice", list_size=1000)
            m.add_seat(f"{c}-seat-{p}", board=f"{c}-board", appointed_by=p, votes=v)
    if shared:
        m.add_seat("B-seat-A1", board="B-board", appointed_by="A1", votes=1)
    return m


def brute_compound(m: gg.Model, top: str) -> dict[str, Fraction]:
    """Absolute Banzhaf power of every independent voter in the compound game, by enumerating
    every coalition of the voters and evaluating the boards bottom-up."""
    boards = {}
    for b in ("A-board", "B-board", "top"):
        doc = m.get(b)
        seats = [(s["appointed_by"], s.get("votes", 1)) for s in doc["seats"]]
        boards[b] = seats
    governed = {"A": "A-board", "B": "B-board"}
    voters = sorted({who for seats in boards.values() for who, _ in seats} - set(governed))

    def passes(b: str, yes: set[str]) -> bool:
        votes = {}
        for who, v in boards[b]:
            votes[who] = votes.get(who, 0) + v
        total = sum(votes.values())
        got = sum(v for who, v in votes.items()
                  if (passes(governed[who], yes) if who in governed else who in yes))
        return got >= total // 2 + 1

    out = {}
    n = len(voters)
    for v in voters:
        others = [x for x in voters if x != v]
        swings = 0
        for k in range(len(others) + 1):
            for c in itertools.combinations(others, k):
                s = set(c)
                swings += passes(top, s | {v}) and not passes(top, s)
        out[v] = Fraction(swings, 2 ** (n - 1))
    return out


def test_power_through_tiers_is_the_product_along_the_route_in_a_tree():
    m = tiers_model()
    got = {r.org: r for r in m.power_through("top")}
    expected = brute_compound(m, "top")
    for p in ("A0", "A1", "A2", "B0", "B1"):
        assert got[p].method == "product"
        assert got[p].exact == expected[p], p
    # A0 dictates A's board; A (2 of 4 votes, quota 3) is decisive on top unless the trust and
    # B both vote no. B's board passes only when both its practices say yes (chance 1/4), so
    # A0's power is 1 - (1/2)(3/4) = 5/8: not the product of the two absolute Banzhaf indices
    # (1 x 3/4), which would treat B as a fair coin.
    a_top = m.representation("top").to_frame().set_index("member").loc["A", "banzhaf_absolute"]
    assert a_top == 0.75 and got["A0"].exact == Fraction(5, 8)
    assert m.representation("top", through=True).to_frame().equals(
        m.power_through("top").to_frame())


def test_power_through_tiers_enumerates_the_compound_game_when_it_is_not_a_tree():
    m = tiers_model(shared=True)
    got = {r.org: r for r in m.power_through("top")}
    expected = brute_compound(m, "top")
    for p in ("A0", "A1", "A2", "B0", "B1"):
        assert got[p].method == "enumeration"
        assert got[p].exact == expected[p], p


def test_an_organisation_with_no_route_has_no_power_through():
    m = tiers_model()
    m.add_organisation("lonely", kind="practice")
    row = {r.org: r for r in m.power_through("top")}["lonely"]
    assert row.routes == 0 and row.banzhaf == 0 and row.method == "no route"


# -- 8. no recursion whose depth grows with the input -------------------------------------------

def test_a_chain_of_300000_members_does_not_crash_representation():
    n = 300_000
    m = gg.Model()
    m.add_nodes_from({"id": [f"o{i}" for i in range(n)], "type": ["organisation"] * n})
    m.add_organisation("leaf", kind="practice", list_size=5)
    m.add_relations_from({"kind": ["member_of"] * n, "source": ["leaf"] + [f"o{i}" for i in
                                                                              range(n - 1)],
                          "target": [f"o{i}" for i in range(n)]})
    m.add_organisation("top-org", kind="company")
    m.add_board("b", of="top-org")
    m.add_seat("s", board="b", appointed_by=f"o{n - 1}", represents=[f"o{n - 1}"])
    r = m.representation("b")
    assert r[0].weight == 5


def test_a_tower_of_5000_tiers_does_not_crash_representation_paths():
    n = 5000
    m = gg.Model()
    for i in range(n + 1):
        m.add_organisation(f"o{i}", kind="practice" if i == 0 else "company")
    for i in range(1, n + 1):
        m.add_board(f"b{i}", of=f"o{i}")
        m.add_seat(f"s{i}", board=f"b{i}", appointed_by=f"o{i - 1}")
    paths = m.representation_paths("o0", f"b{n}")
    assert len(paths) == 1 and len(paths[0]) == 3 * n
    row = m.power_through(f"b{n}", ["o0"])[0]
    assert row.banzhaf == 1.0 and row.method == "product"


def test_without_a_past_holder_vacates_nothing_but_without_the_current_one_does():
    m = gg.Model()
    m.add_organisation("co", kind="company")
    m.add_board("b", of="co")
    for p in ("P0", "P1"):
        m.add_organisation(p, kind="practice", list_size=100)
        m.add_seat(f"s-{p}", board="b", appointed_by=p)
    m.add_person("old")
    m.add_person("gp")
    doc = json.loads(m.dumps())
    doc["boards"][0]["seats"][1]["held_by"] = [{"id": "old", "end": "2019-01-01"},
                                               {"id": "gp", "start": "2019-01-01"}]
    m = gg.loads(json.dumps(doc))
    assert m.without(["old"]).representation("b", as_of="2024-01-01").vacant == []
    assert m.without(["gp"]).representation("b", as_of="2024-01-01").vacant == ["s-P1"]


def test_a_board_that_cannot_decide_has_no_disproportionality_and_observers_need_no_weight():
    m = board_model(5, 3, quorum=4)
    assert m.representation("b").disproportionality is None
    r = rules_model()
    r.add_organisation("watcher", kind="university")
    r.add_seat("obs", board="b", appointed_by="watcher", kind="observer")
    dm = r.representation("b", rule="double majority")
    assert dm.and_quota == 8251


def test_an_organisation_whose_own_board_decides_its_vote_is_not_given_a_false_zero():
    m = tiers_model()
    row = {r.org: r for r in m.power_through("top", ["A"])}["A"]
    assert row.banzhaf is None and "its own board 'A-board'" in row.method
