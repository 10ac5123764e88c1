"""Somerset collaboratives (seed 002): counts checked against the files themselves, the grouping
method's invariants, and an assumption that moves a result, in the module and in the notebook."""

from __future__ import annotations

import math
import re

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
    assert outputs(nb, "text/html")
    assert any("<svg" in s for s in outputs(nb, "image/svg+xml"))
