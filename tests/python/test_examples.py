"""The examples run and say what the seed says."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, load_example


def test_the_flagship_script_prints_what_the_model_holds():
    r = subprocess.run([sys.executable, str(ROOT / "examples/python/north_cumbria.py")],
                       capture_output=True, text=True, check=True)
    out = r.stdout
    assert "<govgraph.Model 'North Cumbria Alliance': 51 nodes" in out
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
        assert m.get(f"gms-{p}")["parties"] == {"commissioner": "01H", "holder": p}
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
