"""Who speaks for GPs on an integrated care partnership board (seed 003): the footprint checked
against the files themselves, each option's coverage, routes, power and conflicts checked by
hand, and an assumption that moves a result, in the module and in the notebook."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT, load_example

DATA = ROOT.parent / "shared" / "data" / "nhs"
NOTEBOOK = ROOT / "examples" / "notebooks" / "icp_board.ipynb"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"NHS data not found at {DATA}")

case = load_example("icp_board_case")


@pytest.fixture(scope="module")
def found():
    return case.findings()


def footprint_codes() -> set[str]:
    """Active GP practices of CCGs 01A and 00Q, read with pandas alone (columns: 0 code,
    12 status, 14 commissioner, 25 prescribing setting)."""
    raw = pd.read_csv(DATA / "epraccur-2019.csv", header=None, dtype=str)
    keep = raw[raw[14].isin(["01A", "00Q"]) & (raw[12] == "A") & (raw[25] == "4")]
    return set(keep[0])


def list_sizes() -> pd.Series:
    raw = pd.read_csv(DATA / "gp-reg-pat-prac-all-2021-01.csv", dtype={"CODE": str})
    return raw.set_index("CODE").NUMBER_OF_PATIENTS


def voiced(cov) -> set[str]:
    return {r.org for r in cov if r.direct or r.indirect}


def test_footprint_against_the_files(found):
    codes = footprint_codes()
    sizes = list_sizes()
    assert len(codes) == 72
    assert set(found["practices"].code) == codes
    missing = sorted(codes - set(sizes.index))
    assert found["no_list_size"] == missing == ["P81134"]
    assert found["patients"] == int(sizes[sorted(codes - set(missing))].sum())
    for option in case.OPTIONS:
        m = found["models"][option]
        nodes = m.nodes_frame()
        assert set(nodes[nodes.kind == "practice"].id) == codes


def test_federation_membership_is_the_stated_share(found):
    members = found["members"]
    assert len(members) == round(case.ASSUMPTIONS["federation_share"] * 72)
    assert members == case.federation_members(found["practices"], case.ASSUMPTIONS)
    by_network = case.federation_members(
        found["practices"], {**case.ASSUMPTIONS, "federation_join_by": "network"})
    t = found["practices"].set_index("code")
    joined = set(t.loc[by_network].pcn.dropna())
    # whole networks join: every practice of a joined network is a member
    assert set(t[t.pcn.isin(joined)].index) <= set(by_network)


def test_coverage_of_each_option_by_hand(found):
    codes = footprint_codes()
    sizes = list_sizes()
    members = set(found["members"])
    known = sorted(codes & set(sizes.index))
    total = sizes[known].sum()

    expert = found["coverage"]["expert"]
    assert voiced(expert) == set() and expert.share_covered == 0

    fed = found["coverage"]["federation"]
    assert voiced(fed) == members
    assert all(r.indirect and not r.direct for r in fed if r.org in members)
    share = sizes[sorted(members & set(known))].sum() / total
    assert fed.share_covered == pytest.approx(share)

    lmc = found["coverage"]["lmc"]
    assert voiced(lmc) == codes
    assert all(r.direct and not r.indirect for r in lmc)
    assert lmc.share_covered == pytest.approx(1.0)

    row = found["table"].set_index("option").loc[case.LABELS["federation"]]
    assert row["practices with a voice"] == len(members)
    assert row["GP seat weight (patients)"] == sizes[sorted(members & set(known))].sum()


def test_routes_of_a_member_and_of_a_practice_outside(found):
    member = found["members"][0]
    outside = next(c for c in found["practices"].code if c not in found["members"])
    fed, lmc, expert = (found["models"][o] for o in ("federation", "lmc", "expert"))
    assert fed.representation_paths(member, "icp-board") == [
        [member, f"council-{member}", "federation-council", "federation", "gp-seat",
         "icp-board"]]
    assert fed.representation_paths(outside, "icp-board") == []
    assert lmc.representation_paths(outside, "icp-board") == [[outside, "gp-seat", "icp-board"]]
    assert expert.representation_paths(member, "icp-board") == []


def test_power_of_the_gp_seat(found):
    # six other members with one vote each, the GP seat with one: 7 votes, more than half
    # (4) to pass; every seat alone is symmetric, so each has 1/7 of the Banzhaf power
    for option in case.OPTIONS:
        seat = found["by_seat"][option]
        assert seat.quota == 4 and seat.total_votes == 7
        gp = next(r for r in seat if r.member == "gp-seat")
        assert gp.banzhaf == pytest.approx(1 / 7)
    # appointed by the ICB, the expert makes a bloc of 2 of 7 votes: swings of the bloc
    # {coalitions of the five others with 2 or 3 votes} = C(5,2) + C(5,3) = 20; of each single
    # member {others (the bloc and four singles) summing to exactly 3} = C(4,1) + C(4,3) = 8;
    # Banzhaf 20 / (20 + 5 * 8) = 1/3
    icb = next(r for r in found["by_appointer"]["expert"] if r.member == "icb")
    assert icb.seats == ["icp-icb", "gp-seat"] and icb.votes == 2
    assert icb.banzhaf == pytest.approx(1 / 3) and not icb.veto
    lmc = next(r for r in found["by_appointer"]["lmc"] if r.member == "lmc")
    assert lmc.banzhaf == pytest.approx(1 / 7)


def test_conflicts_of_the_seat_holder(found):
    assert found["conflicts"]["expert"] == [] and found["conflicts"]["lmc"] == []
    (c,) = found["conflicts"]["federation"]
    chair = found["chair_practice"]
    assert (c.person, c.contract, c.side_a, c.side_b) == (
        "dr-federation", f"ext-access-{chair}", "federation", chair)
    sizes = found["practices"].set_index("code").list_size
    assert sizes[chair] == sizes[found["members"]].max()
    none = case.findings({"federation_holds_contract": False})
    assert none["conflicts"]["federation"] == []


def test_an_assumption_moves_the_module_result(found):
    fewer = case.findings({"federation_share": 0.3})
    assert len(fewer["members"]) == round(0.3 * 72)
    assert (fewer["coverage"]["federation"].share_covered
            < found["coverage"]["federation"].share_covered)
    assert fewer["coverage"]["lmc"].share_covered == found["coverage"]["lmc"].share_covered
    board = case.findings({"expert_appointed_by": None})
    alone = next(r for r in board["by_appointer"]["expert"] if "gp-seat" in r.seats)
    assert alone.member == "gp-seat" and alone.banzhaf == pytest.approx(1 / 7)


def test_the_notebook_moves_when_the_federation_share_is_edited():
    pytest.importorskip("nbclient")
    from test_notebooks import edit_assumptions, outputs, run

    def coverage_line(nb) -> str:
        return next(s for s in outputs(nb, "text") if "with any voice on the ICP board" in s)

    fewer = edit_assumptions(('"federation_share": 0.6', '"federation_share": 0.3'))

    base, edited = run(NOTEBOOK), run(NOTEBOOK, fewer)
    for nb, share in ((base, 0.6), (edited, 0.3)):
        f = case.findings({"federation_share": share})
        cov = f["coverage"]["federation"]
        expected = (f"federation: {len(voiced(cov))} of {len(cov)} practices "
                    f"({cov.share_covered:.1%} of patients)")
        assert expected in coverage_line(nb)
    assert coverage_line(base) != coverage_line(edited)
    assert re.search(r"lmc: 72 of 72 practices \(100\.0% of patients\)", coverage_line(edited))
