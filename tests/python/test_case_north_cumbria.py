"""North Cumbria (seeds 000 and 001): the practices' power on the System Leadership Board through
the collaborative's seat (``power_through``), recomputed here by brute force over every vote of
the compound game and by the product formula, under both ways of voting on the Collaborative
Board."""

from __future__ import annotations

import re
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


def test_the_notebook_states_the_computed_power():
    pytest.importorskip("nbclient")
    from test_notebooks import outputs, run

    nb = run(ROOT / "examples" / "notebooks" / "north_cumbria.ipynb")
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
