"""The examples run and say what the seed says."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, load_example


def test_the_flagship_script_prints_what_the_model_holds():
    r = subprocess.run([sys.executable, str(ROOT / "examples/python/north_cumbria.py")],
                       capture_output=True, text=True, check=True)
    out = r.stdout
    assert "<govgraph.Model 'North Cumbria Alliance': 52 nodes" in out
    assert "sub-practice-a     subcontract  contractor=practice-a, subcontractor=ncpcc" in out
    assert "Collaborative Board (quota 0.5)" in out
    # seed 000's breach: the CCG talks to the partners, the partners turn to the collaborative
    assert "01H -> practice-a [contract] under gms-practice-a  recoverable 250,000" in out
    assert "01H -> gp-a1 [joint_and_several] under gms-practice-a" in out
    assert "practice-a -> ncpcc [subcontract] under sub-practice-a  recoverable 100,000" in out
    # a partnership is not a legal person: its 150,000 falls on its two partners
    assert "gp-a1 bears 75,000" in out and "gp-a2 bears 75,000" in out
    assert "practice-a bears" not in out
    # seeds 000/001: member practices on the collaborative board, the collaborative on the
    # system leadership board
    assert "Collaborative Board, one practice one vote (quota 2 of 3)" in out
    assert ("practice-c -> seat-practice-c -> ncpcc-board -> ncpcc -> system-seat-ncpcc -> "
            "system-board") in out
    assert "Patients with a voice on the System Leadership Board: 100% (all indirect: True)" in out


def test_the_north_cumbria_model_is_the_seed():
    m = load_example("north_cumbria").build()
    practices = [i for i in m.ids("organisation") if m.get(i).get("kind") == "practice"]
    assert len(practices) == 3
    for p in practices:
        assert m.get(p)["legal_form"] == "partnership"
        partners = m.reachable(p, kinds=["partner_in"], direction="in", include_sources=False)
        assert len(partners) == 2
        # the collaborative employs every partner
        for gp in partners:
            assert "ncpcc" in m.reachable(gp, kinds=["employs"], direction="in")
        # the CCG's contracts passed to the ICB on 2022-07-01 (a novation)
        assert m.get(f"gms-{p}")["parties"] == {
            "commissioner": [{"id": "01H", "end": "2022-07-01"},
                             {"id": "QHM", "start": "2022-07-01"}],
            "holder": p}
        sub = m.get(f"sub-{p}")
        assert sub["head"] == f"gms-{p}" and sub["parties"]["subcontractor"] == "ncpcc"
    seats = m.get("ncpcc-board")["seats"]
    assert len(m.get("system-board")["seats"]) == 3
    assert sorted(s["represents"][0] for s in seats) == sorted(practices)


def test_north_cumbria_shows_both_commissioner_forms():
    # Delegated commissioning: with NHS England the GMS party, the claim is NHS England's and
    # the rows name the CCG as the body managing the contract; with the CCG the party, nobody.
    case = load_example("north_cumbria_case")
    forms = case.commissioner_forms().set_index("commissioner_form")
    assert forms.loc["ccg", "claimant"] == "01H"
    assert forms.loc["nhse_delegated", "claimant"] == "nhse"
    assert forms.loc["nhse_delegated", "managed_by"] == "01H"
    assert forms.respondent.nunique() == 1          # the practice either way
    assert forms.loc["ccg", "managed_by"] is None or forms.loc["ccg", "managed_by"] != "01H"


def _commissioner_claim(m, obligation, by, holder, gms, loss=250_000):
    """(claimant, managed_by) of a breach of ``obligation`` by ``by``: who brings the contract
    claim against ``holder``, and who manages the holder's contract for the commissioner (the
    holder's accountability row for its GMS obligation ``gms``)."""
    claims = [c for c in m.breach(obligation, by=by, loss=loss).claims
              if c.respondent == holder and c.basis == "contract"]
    assert len(claims) == 1, claims
    [row] = [r for r in m.accountability(holder, claim="contract")
             if r.obligation == gms and r.basis == "contract"]
    return claims[0].claimant, row.managed_by


def test_somerset_shows_both_commissioner_forms():
    # Each practice keeps its own contract: with NHS England the party, NHS England claims and
    # the CCG manages the contract; with the CCG the party, the CCG claims and nobody manages it.
    case = load_example("somerset_case")
    forms = case.commissioner_forms().set_index("commissioner_form")
    code = forms.respondent.iloc[0]
    assert forms.respondent.nunique() == 1                      # the practice either way
    assert code == case.practices().sort_values(["list_size", "code"]).code.iloc[0]
    ob = f"gms-{code}/essential"
    ccg = case.build({"commissioner_form": "ccg"})
    nhse = case.build({"commissioner_form": "nhse_delegated"})
    assert _commissioner_claim(ccg, ob, code, code, ob) == ("11X", None)
    assert _commissioner_claim(nhse, ob, code, code, ob) == ("nhse", "11X")
    assert forms.loc["ccg", "claimant"] == "11X" and forms.loc["ccg", "managed_by"] is None
    assert forms.loc["nhse_delegated", "claimant"] == "nhse"
    assert forms.loc["nhse_delegated", "managed_by"] == "11X"
    assert nhse.get(f"gms-{code}")["parties"] == {"commissioner": "nhse", "holder": code}
    # the default is the CCG, with no NHS England in the model; the findings do not move
    assert "nhse" not in case.build() and "nhse" not in ccg
    base, other = case.findings(ccg), case.findings(nhse, {"commissioner_form": "nhse_delegated"})
    assert base["groupings"].equals(other["groupings"]) and base["boards"].equals(other["boards"])
    with pytest.raises(ValueError, match="commissioner_form"):
        case.build({"commissioner_form": "nhs_england"})


def test_ways_of_working_shows_both_commissioner_forms():
    case = load_example("ways_of_working_case")
    table = case.practices()
    a = case.ASSUMPTIONS["breach_practice"]
    gms = f"gms-{a}/essential"
    # arrangement -> (obligation breached, by whom, the GMS holder, the holder's GMS obligation)
    steps = {"federation": (gms, "fed", "fed", gms),
             "merger": ("gms-merged/essential", "merged", "merged", "gms-merged/essential"),
             "alliance": (f"sub-{a}/essential", "collab", a, gms)}
    for key in case.ARRANGEMENTS:
        for form, party, manager in (("ccg", "01A", None), ("nhse_delegated", "nhse", "01A")):
            m = case.build(key, {"commissioner_form": form}, table=table)
            step = steps.get(key, (gms, a, a, gms))
            assert _commissioner_claim(m, *step) == (party, manager), (key, form)
            assert ("nhse" in m) == (form == "nhse_delegated")
    forms = case.commissioner_forms()
    assert len(forms) == 2 * len(case.ARRANGEMENTS)
    by = forms.set_index(["arrangement", "commissioner_form"])
    for label in case.ARRANGEMENTS.values():
        assert by.loc[(label, "ccg"), "claimant"] == "01A"
        assert by.loc[(label, "ccg"), "managed_by"] is None
        assert by.loc[(label, "nhse_delegated"), "claimant"] == "nhse"
        assert by.loc[(label, "nhse_delegated"), "managed_by"] == "01A"
        same = forms[forms.arrangement == label]
        assert same.respondent.nunique() == 1 and same["who bears the loss"].nunique() == 1
    # the side-by-side table moves only in the liability path's last hop (01A -> nhse)
    base = case.findings()["table"].set_index("arrangement")
    other = case.findings({"commissioner_form": "nhse_delegated"})["table"].set_index(
        "arrangement")
    path = f"liability path of {a}'s essential services"
    assert base.drop(columns=path).equals(other.drop(columns=path))
    assert (base[path].str.replace("-> 01A", "-> nhse") == other[path]).all()
    with pytest.raises(ValueError, match="commissioner_form"):
        case.build("alliance", {"commissioner_form": "nhs_england"}, table=table)


def test_icp_board_and_england_have_no_commissioner_form_to_choose():
    # Why their notebooks explain instead of offering the choice: neither models a GMS, PMS or
    # APMS contract (the ICP's one commissioner contract is the ICB's own NHS Standard Contract;
    # the national model's importers make no practice contract up).
    primary = {"gms", "pms", "apms"}
    icp = load_example("icp_board_case")
    assert "commissioner_form" not in icp.ASSUMPTIONS
    for m in icp.findings()["models"].values():
        kinds = {m.get(c)["kind"] for c in m.ids("contract")}
        assert not kinds & primary
        assert {m.get(c)["parties"].get("commissioner") for c in m.ids("contract")} <= {None, "icb"}
    england = load_example("england_case")
    assert "commissioner_form" not in england.ASSUMPTIONS
    m = england.build()
    assert {m.get(c)["kind"] for c in m.ids("contract")} == {"network_agreement"}
