"""Somerset collaboratives (seed 002): counts checked against the files themselves, the grouping
method's invariants, the three decision rules (one practice one vote, list-size votes, a double
majority) against brute force, and an assumption that moves a result, in the module and in the
notebook."""

from __future__ import annotations

import math
import re
from itertools import combinations

import pandas as pd
import pytest

from conftest import ROOT, load_example

DATA = ROOT.parent / "shared" / "data" / "nhs"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"NHS data not found at {DATA}")

case = load_example("somerset_case")
WIDE = {"lower": 30_000, "upper": 50_000}


@pytest.fixture(scope="module")
def built():
    m = case.build()
    return m, case.findings(m)


def somerset_codes() -> set[str]:
    """Active GP practices of CCG 11X, read with pandas alone (columns: 0 code, 12 status,
    14 commissioner, 25 prescribing setting)."""
    raw = pd.read_csv(DATA / "epraccur-2019.csv", header=None, dtype=str)
    keep = raw[(raw[14] == "11X") & (raw[12] == "A") & (raw[25] == "4")]
    return set(keep[0])


def list_sizes() -> pd.Series:
    raw = pd.read_csv(DATA / "gp-reg-pat-prac-all-2021-01.csv", dtype={"CODE": str})
    return raw.set_index("CODE").NUMBER_OF_PATIENTS


def test_counts_against_the_files(built):
    m, f = built
    codes = somerset_codes()
    sizes = list_sizes()
    assert len(codes) == 65
    assert set(f["practices"].code) == codes
    assert codes <= set(sizes.index)
    total = int(sizes[sorted(codes)].sum())
    assert f["patients"] == total
    nodes = m.nodes_frame()
    practices = nodes[nodes.kind == "practice"]
    assert set(practices.id) == codes
    assert int(practices.list_size.sum()) == total


def test_networks_against_the_file(built):
    _, f = built
    partners = pd.read_excel(DATA / "ePCN-2019-12.xlsx", sheet_name="PCN Core Partner Details",
                             dtype=str)
    partners = partners[partners["Partner Organisation Code"].isin(somerset_codes())]
    sizes = list_sizes()
    expected = partners.groupby("PCN Code")["Partner Organisation Code"].apply(
        lambda s: int(sizes[list(s)].sum()))
    nets = f["networks"].set_index("network")
    assert sorted(nets.index) == sorted(expected.index)
    assert nets.patients.to_dict() == expected.to_dict()
    assert f["not_in_network"] == sorted(somerset_codes() - set(partners[
        "Partner Organisation Code"]))
    lo, hi = case.ASSUMPTIONS["guidance"]
    assert (nets.guidance == "below").sum() == (expected < lo).sum()
    assert (nets.guidance == "above").sum() == (expected > hi).sum()


def test_every_practice_in_exactly_one_grouping(built):
    m, f = built
    members = [c for ms in f["groupings"].members for c in ms.split(", ")]
    assert sorted(members) == sorted(somerset_codes())
    rel = m.relations_frame()
    to_collab = rel[(rel.kind == "member_of") & rel.target.str.fullmatch(r"C\d+")]
    assert to_collab.source.is_unique
    assert len(to_collab) + len(f["misfits"]) == 65


@pytest.mark.parametrize("bounds", [(25_000, 30_000), (30_000, 50_000), (20_000, 25_000)])
def test_sizes_within_bounds_except_the_stated_misfits(bounds):
    lower, upper = bounds
    table = case.practices()
    groups = case.form_collaboratives(table, lower, upper, 8, case.ASSUMPTIONS["area_order"])
    sizes = dict(zip(table.code, table.list_size))
    assert sorted(c for g in groups for c in g.members) == sorted(table.code)
    for g in groups:
        assert g.patients == sum(sizes[c] for c in g.members)
        if g.fits:
            assert lower <= g.patients <= upper
        else:
            assert len(g.members) == 1 and g.reason


def test_a_practice_above_the_upper_bound_stands_alone():
    table = pd.DataFrame({"code": ["A", "B", "C", "D"],
                          "postcode": ["TA1 1AA", "TA1 1AB", "TA2 1AA", "TA3 1AA"],
                          "area": ["TA"] * 4, "list_size": [40_000, 12_000, 10_000, 5_000]})
    groups = case.form_collaboratives(table, 25_000, 30_000, 8, ["TA"])
    alone = [g for g in groups if not g.fits]
    assert [(g.members, g.reason) for g in alone] == [(["A"], "above the upper bound")]
    assert [g.members for g in groups if g.fits] == [["B", "C", "D"]]
    # the window limits the reach: D is two places from B, and B and C alone fall short
    narrow = case.form_collaboratives(table, 25_000, 30_000, 2, ["TA"])
    assert not any(g.fits for g in narrow)
    assert {g.reason for g in narrow} == {"above the upper bound",
                                         "no grouping within 2 places fits 25,000-30,000"}
    assert case.form_collaboratives(table, 25_000, 30_000, 8, ["TA"]) == groups  # deterministic


def test_each_practice_keeps_its_contract_and_its_seat(built):
    m, f = built
    for cid, ms in ((g, ms.split(", ")) for g, ms, fit in
                    zip(f["groupings"].grouping, f["groupings"].members, f["groupings"].fits)
                    if fit):
        rep = m.representation(f"{cid}/board")
        assert sorted(r.member for r in rep) == sorted(ms)
        assert all(r.votes == 1 for r in rep)
    holders = {m.get(f"gms-{c}")["parties"]["holder"] for c in somerset_codes()}
    assert holders == somerset_codes()


def test_two_practice_boards_give_each_a_veto_under_one_vote_each(built):
    _, f = built
    boards = f["boards"]
    pairs = boards[boards.practices == 2]
    assert len(pairs) and pairs.smallest_veto.all() and not pairs.largest_alone_decides.any()
    weighted = case.findings(case.build({"votes": "list_size"}), {"votes": "list_size"})["boards"]
    pairs = weighted[weighted.practices == 2]
    assert pairs.smallest_dummy.all() and pairs.largest_alone_decides.all()


def test_changing_the_bounds_changes_the_number_of_collaboratives(built):
    _, f = built
    wide = case.findings(case.build(WIDE), WIDE)
    assert wide["collaboratives"] != f["collaboratives"]
    for result, a in ((f, case.ASSUMPTIONS), (wide, WIDE)):
        if not result["misfits"]:
            assert (math.ceil(result["patients"] / a["upper"]) <= result["collaboratives"]
                    <= math.floor(result["patients"] / a["lower"]))


@pytest.fixture(scope="module")
def rules():
    return case.decision_rules()


def brute_banzhaf(votes: list[float], patients: list[int], quota: float,
                  patient_quota: float | None) -> list[float]:
    """Normalised Banzhaf by enumerating every coalition: passes with more than ``quota`` of the
    votes and (when given) more than ``patient_quota`` of the patients."""
    n = len(votes)

    def wins(c: set[int]) -> bool:
        ok = sum(votes[i] for i in c) > quota * sum(votes)
        return ok and (patient_quota is None
                       or sum(patients[i] for i in c) > patient_quota * sum(patients))

    swings = [0] * n
    for k in range(n + 1):
        for c in map(set, combinations(range(n), k)):
            for i in range(n):
                if i not in c and wins(c | {i}) and not wins(c):
                    swings[i] += 1
    total = sum(swings)
    return [x / total for x in swings]


def test_the_three_rules_against_brute_force(rules):
    a = case.ASSUMPTIONS
    for (label, board), f in rules["members"].groupby(["rule", "board"]):
        patients = list(f.patients)
        votes = ([1.0] * len(f) if label != "votes by list size"
                 else [max(1, round(p / a["vote_unit"])) for p in patients])
        assert list(f.votes) == votes, (label, board)
        expected = brute_banzhaf(votes, patients, a["board_quota"],
                                 a["patient_quota"] if label == "double majority" else None)
        assert list(f.banzhaf) == pytest.approx(expected, abs=1e-12), (label, board)


def test_the_rules_agree_with_the_boards_findings(built, rules):
    # "one practice one vote" is the ordinary rule of the one-vote boards, "votes by list size"
    # that of the list-size boards: the same numbers as the boards' findings
    _, f = built
    weighted = case.findings(case.build({"votes": "list_size"}), {"votes": "list_size"})
    smallest = rules["smallest"].set_index(["rule", "board"])
    for label, boards in (("one practice one vote", f["boards"]),
                          ("votes by list size", weighted["boards"])):
        multi = boards[boards.practices > 1].set_index("board")
        mine = smallest.xs(label, level="rule").loc[multi.index]
        assert list(mine.member) == list(multi.smallest)
        assert list(mine.banzhaf) == pytest.approx(list(multi.smallest_banzhaf))
        assert list(mine.veto) == list(multi.smallest_veto)
        assert list(mine.smaller_half_can_block) == list(multi.smaller_half_can_block)
    assert len(rules["table"]) == len(f["multi_member_boards"])


def test_under_the_double_majority_neither_side_overwhelms_the_other(rules):
    s = rules["summary"]
    double = s.xs("double majority", level="rule")
    assert (double.minority_of_practices_can_pass == 0).all()
    assert (double.minority_of_patients_can_pass == 0).all()
    assert (double.smallest_is_dummy == 0).all() and (double.one_practice_decides == 0).all()
    # one vote each never lets half of the practices pass; list-size votes do, somewhere
    assert (s.xs("one practice one vote", level="rule").minority_of_practices_can_pass == 0).all()
    assert s.xs("votes by list size", level="rule").minority_of_practices_can_pass.sum() > 0
    # on a board of two, a double majority needs both: each practice has a veto
    pairs = rules["smallest"].query("practices == 2 and rule == 'double majority'")
    assert len(pairs) and pairs.veto.all()
    # the smallest practice's power: one vote each >= double majority >= list-size votes
    t = rules["table"]
    assert (t["one practice one vote"] >= t["double majority"] - 1e-12).all()
    assert (t["double majority"] >= t["votes by list size"] - 1e-12).all()
    svg = case.power_chart(rules["smallest"])
    assert svg.startswith("<svg") and svg.count("<title>") == len(rules["smallest"])


def test_the_notebook_moves_with_its_assumptions_cell(built):
    pytest.importorskip("nbclient")
    from test_notebooks import edit_assumptions, outputs, run

    widen = edit_assumptions(('"lower": 25_000', '"lower": 30_000'),
                             ('"upper": 30_000', '"upper": 50_000'))
    nb = run(ROOT / "examples" / "notebooks" / "somerset.ipynb", widen)
    text = "".join(outputs(nb, "text"))
    found = re.search(r"Finding: (\d+) collaboratives of 30,000-50,000 patients", text)
    assert found, text[:2000]
    wide = case.findings(case.build(WIDE), WIDE)
    assert int(found.group(1)) == wide["collaboratives"] != built[1]["collaboratives"]
    # the decision-rule finding is the module's, under the edited bounds
    found = re.search(r"Finding: for seed 002, the double majority keeps (\d+)% of the smallest "
                      r"practices' power under one practice one vote on the collaborative boards "
                      r"\(([\d.]+)% against ([\d.]+)%", text)
    assert found, text[-3000:]
    col = case.decision_rules(WIDE)["summary"].xs("collaborative", level="type")
    mean = col.mean_smallest_banzhaf
    assert found.groups() == (f"{mean['double majority'] / mean['one practice one vote']:.0%}"[:-1],
                              f"{mean['double majority']:.1%}"[:-1],
                              f"{mean['one practice one vote']:.1%}"[:-1])
    assert outputs(nb, "text/html")
    assert any("<svg" in s for s in outputs(nb, "image/svg+xml"))


def test_today_against_the_files():
    """Which practices of 2019 are open today, under which provider and in which network: the
    function against the files read with csv and openpyxl alone."""
    from conftest import check_today

    check_today(case)
