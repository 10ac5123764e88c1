"""North Cumbria (seeds 000 and 001): the practices' power on the System Leadership Board through
the collaborative's seat (``power_through``), recomputed here by brute force over every vote of
the compound game and by the product formula, under both ways of voting on the Collaborative
Board; and change over time: the assumed days of approach and signing as the model records
them, the what-if withdrawal, and the Collaborative Board's power on a few days (n equal seats,
a majority to pass: 1/n each), in the module and in the notebook."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from math import comb

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, load_example

DATA = ROOT.parent / "shared" / "data" / "nhs"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"NHS data not found at {DATA}")

case = load_example("north_cumbria_case")
OTHER_SEATS = ["01H", "cpft", "choc", "uclan"]


@pytest.fixture(scope="module", params=["one_per_practice", "list_size"])
def built(request):
    a = {"votes": request.param}
    m = case.build(a)
    return a, m, case.findings(m, a)


def signed_votes(m) -> dict[str, int]:
    """Each signed-up practice's votes on the Collaborative Board, read from its seat."""
    seats = m.get("ncpcc-board")["seats"]
    return {s["appointed_by"]: int(s.get("votes", 1)) for s in seats}


def test_the_case_has_39_practices_of_which_13_signed_up(built):
    _, m, f = built
    raw = pd.read_csv(DATA / "epraccur-2019.csv", header=None, dtype=str)
    codes = set(raw[(raw[14] == "01H") & (raw[12] == "A") & (raw[25] == "4")][0])
    assert len(codes) == f["practices"] == 39
    assert len(f["signed_up"]) == case.ASSUMPTIONS["signed_up"] == 13
    through = f["through"]
    assert set(through.org) == codes
    assert set(through[through.routes > 0].org) == set(f["signed_up"]) == set(signed_votes(m))


def test_power_through_equals_brute_force_over_the_compound_game(built):
    # every independent voter: the 13 signed-up practices and the 4 other seats' organisations;
    # the collaborative's seat votes as its board decides (more than half of its votes), the
    # system board passes with more than half of its 5 seats
    _, m, f = built
    votes = signed_votes(m)
    codes = list(votes)
    w = np.array([votes[c] for c in codes])
    q = w.sum() // 2 + 1
    n = len(codes) + len(OTHER_SEATS)
    bits = (np.arange(2**n)[:, None] >> np.arange(n)) & 1

    def system(b: np.ndarray) -> np.ndarray:
        collaborative = (b[:, : len(codes)] @ w) >= q
        return b[:, len(codes):].sum(axis=1) + collaborative >= 3

    outcome = system(bits)
    through = f["through"].set_index("org")
    for i, code in enumerate(codes):
        flipped = bits.copy()
        flipped[:, i] ^= 1
        power = Fraction(int((system(flipped) != outcome).sum()), 2**n)
        assert through.exact[code] == power, code
        assert through.banzhaf[code] == pytest.approx(float(power), abs=1e-15)
        assert through.method[code] == "product"


def test_power_is_the_collaborative_board_power_times_the_seat_power(built):
    # the other four seats vote at random (no board of theirs is modelled), so the
    # collaborative's seat decides the system board when they split 2-2: C(4,2)/2^4 = 3/8
    _, m, f = built
    votes = signed_votes(m)
    q = sum(votes.values()) // 2 + 1
    seat = Fraction(comb(4, 2), 2**4)
    through = f["through"].set_index("org")
    for code, v in votes.items():
        others = [votes[c] for c in votes if c != code]
        counts = {0: 1}                       # coalitions of the others by total votes
        for x in others:
            nxt = dict(counts)
            for total, k in counts.items():
                nxt[total + x] = nxt.get(total + x, 0) + k
            counts = nxt
        swings = sum(k for total, k in counts.items() if q - v <= total < q)
        own = Fraction(swings, 2 ** len(others))
        assert through.exact[code] == own * seat, code
        assert through.collaborative_board[code] == pytest.approx(float(own), abs=1e-15)
    sys_seats = f["system_seats"].set_index("member").banzhaf_absolute
    assert sys_seats.to_dict() == pytest.approx({k: float(seat) for k in [*OTHER_SEATS,
                                                                        "ncpcc"]})


def test_each_practice_is_far_below_every_other_seat(built):
    a, _, f = built
    through = f["through"]
    routed = through[through.routes > 0]
    seats = f["system_seats"].set_index("member").banzhaf_absolute
    for other in OTHER_SEATS:
        assert (routed.banzhaf < seats[other]).all()
    if a["votes"] == "one_per_practice":
        # 13 equal practices: C(12,6)/2^12 of the collaborative's 3/8 each, under a quarter
        assert set(routed.exact) == {Fraction(comb(12, 6), 2**12) * Fraction(3, 8)}
        assert (routed.banzhaf < seats[OTHER_SEATS].min() / 4).all()
    unrouted = through[through.routes == 0]
    assert len(unrouted) == 26
    assert (unrouted.banzhaf == 0).all() and set(unrouted.method) == {"no route"}


NOTEBOOK = ROOT / "examples" / "notebooks" / "north_cumbria.ipynb"


@pytest.fixture(scope="module")
def notebook():
    pytest.importorskip("nbclient")
    from test_notebooks import run

    return run(NOTEBOOK)


def test_the_notebook_states_the_computed_power(notebook):
    from test_notebooks import outputs

    nb = notebook
    text = "".join(outputs(nb, "text"))
    found = re.search(r"Finding: each signed-up practice's vote decides the System Leadership "
                      r"Board's with chance ([\d.]+)% \((\d+/\d+)\)", text)
    assert found, text[-3000:]
    m = case.build()
    routed = case.power_through(m).query("routes > 0")
    assert Fraction(found.group(2)) == routed.exact.iloc[0]
    assert found.group(1) == f"{routed.banzhaf.iloc[0] * 100:.1f}"
    assert any("<svg" in s and "System Leadership Board" in s
               for s in outputs(nb, "image/svg+xml"))


# -- change over time ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def change():
    m = case.build()
    return m, case.change_over_time(m)


def test_the_days_of_approach_and_signing_are_in_the_model(change):
    m, c = change
    a = case.ASSUMPTIONS
    t = c["timeline"]
    assert len(t) == a["approached"] == 24
    assert set(t.approached_on) == {a["approached_on"]}
    members = m.relations_frame(kind="member_of").set_index("source")
    assert len(members) == a["signed_up"] == 13 and set(members.target) == {"ncpcc"}
    assert members.end.isna().all()          # the model as built: nobody has left
    days = sorted(date.fromisoformat(d) for d in members.start)
    # spread evenly from the first day to the last: the gaps differ by at most a day
    assert (days[0].isoformat(), days[-1].isoformat()) == a["signed_on"]
    gaps = [(y - x).days for x, y in zip(days, days[1:])]
    assert max(gaps) - min(gaps) <= 1 and sum(gaps) == (days[-1] - days[0]).days
    signed = t.dropna(subset=["signed_on"])
    assert dict(zip(signed.code, signed.signed_on)) == members.start.to_dict()
    assert set(signed.live_on) == {a["go_live"]}
    assert t[t.signed_on.isna()].live_on.isna().all()   # 11 approached, never signed
    assert m.get("ncpcc")["start"] == a["formed_on"]
    # days out of order are refused
    with pytest.raises(ValueError, match="approached_on, formed_on <= signed_on <= go_live"):
        case.build({"signed_on": ("2018-03-01", "2018-07-01")})


def test_the_last_to_sign_withdraws_on_the_assumed_day(change):
    m, c = change
    who, day = c["withdrawal"]
    members = m.relations_frame(kind="member_of")
    assert who == members.sort_values("start").source.iloc[-1]
    assert day == case.ASSUMPTIONS["withdrawal"][1]
    assert [r.ended for r in c["ended"]] == ["membership", "subcontract", "appointment",
                                             "holder", "seat"]
    w = c["model"]
    row = c["timeline"].set_index("code").loc[who]
    assert row.left_on == row.live_until == day
    assert w.get(f"sub-{who}")["end"] == day
    # the model built is untouched: the withdrawal happened on a copy
    assert m.get(f"sub-{who}").get("end") is None
    # after the day the practice answers to the CCG itself
    [path] = w.liability_paths(f"gms-{who}/essential", as_of=day)
    assert path.nodes == [who, "01H"]


def test_the_board_power_on_each_day_is_one_over_the_voting_seats(change):
    _, c = change
    board = c["board"]
    p = c["practice"]
    t = c["timeline"]
    who, day = c["withdrawal"]
    assert p != who and p == t.code.iloc[0]           # the first to sign, who stays
    assert list(board.day) == ["2018-05-31", "2018-06-01", "2020-03-31", "2020-04-01"]
    for r in board.to_dict("records"):
        day = r["day"]
        # independently: practices signed on the day, and live (signed, sub-contract started,
        # not yet left) on the day, from the timeline's dates
        signed = sum(s <= day and (left is None or day < left)
                     for s, left in zip(t.signed_on.dropna(), t.left_on[t.signed_on.notna()]))
        live = sum(s <= day and (u is None or day < u)
                   for s, u in zip(t.live_on.dropna(), t.live_until[t.live_on.notna()]))
        assert (r["members"], r["live"], r["voting_seats"]) == (signed, live, live)
        power, exact = r[f"{p} power"], r[f"{p} exact"]
        if live == 0:
            assert power is None and exact is None         # no board sits before go-live
        else:
            # n equal one-vote seats, more than half to pass: each is decisive equally, 1/n
            assert exact == Fraction(1, live) and power == pytest.approx(1 / live)
            assert r["quota"] == live // 2 + 1
    assert list(board.voting_seats) == [0, 13, 13, 12]
    assert list(board.vacant_seats) == [0, 0, 0, 1]


def test_no_withdrawal_leaves_the_board_whole():
    a = {"withdrawal": None}
    m = case.build(a)
    c = case.change_over_time(m, a)
    assert c["ended"] is None and c["withdrawal"] is None
    assert list(c["board"].voting_seats) == [0, 13]
    assert c["timeline"].left_on.isna().all()


def test_a_named_practice_can_withdraw_and_the_chart_shows_it(change):
    m, c = change
    first = c["timeline"].code.iloc[0]
    a = {"withdrawal": (first, "2019-01-01")}
    d = case.change_over_time(m, a)
    assert d["withdrawal"] == (first, "2019-01-01") and d["practice"] != first
    assert list(d["board"].voting_seats) == [0, 13, 13, 12]
    svg = case.timeline_chart(d["timeline"], [("go-live", "2018-06-01")])
    assert svg.startswith("<svg") and svg.count("<text") > 24
    assert f"{first} left on 2019-01-01" in svg
    assert svg.count(" live from 2018-06-01") == 13


def months_live(go_live: str, left: str) -> int:
    d0, d1 = date.fromisoformat(go_live), date.fromisoformat(left)
    return (d1.year - d0.year) * 12 + d1.month - d0.month


def test_the_notebook_states_the_board_over_time_and_moves_with_the_withdrawal_day(notebook):
    from test_notebooks import edit_assumptions, outputs, run

    def finding(nb) -> str:
        return next(s for s in outputs(nb, "text") if "Finding: before go-live" in s)

    later = run(NOTEBOOK, edit_assumptions(('"withdrawal": ("last signed", "2020-04-01")',
                                            '"withdrawal": ("last signed", "2021-10-01")')))
    live = case.ASSUMPTIONS["go_live"]
    base, moved = finding(notebook), finding(later)
    assert "13 voting seats" in base and "1/13 (7.7%)" in base and "1/12 (8.3%)" in base
    assert f"on 2020-04-01, after {months_live(live, '2020-04-01')} months live" in base
    assert f"on 2021-10-01, after {months_live(live, '2021-10-01')} months live" in moved
    assert months_live(live, "2020-04-01") == 22
    assert any("<svg" in s and "approached, signed, live" in s
               for s in outputs(notebook, "image/svg+xml"))
    # the withdrawal day moves the days of the table too
    tables = "".join(outputs(later, "text/html"))
    assert "2021-09-30" in tables and "2020-03-31" not in tables


def test_today_against_the_files():
    """Which practices of 2019 are open today, under which provider and in which network: the
    function against the files read with csv and openpyxl alone."""
    from conftest import check_today

    check_today(case)
