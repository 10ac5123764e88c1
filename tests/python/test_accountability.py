"""The eight accountability rules of DESIGN.md, each with a test that fails if the rule breaks,
on the seed-000 arrangement: a practice keeps its GMS contract, sub-contracts delivery to a
not-for-profit collaborative that employs the GPs."""

from __future__ import annotations

import json

import pytest

import govgraph as gg

OBLIGATIONS = ["essential", "premises"]


def alliance(*, legal_form="partnership", flowed=OBLIGATIONS, employer="col", cap=None,
             head_cap=None, members=True) -> gg.Model:
    """Commissioner `ccg`; practice `p` (two GPs); collaborative `col` (a CLG)."""
    m = gg.Model(name="alliance")
    m.add_organisation("ccg", kind="commissioner", legal_form="statutory_body")
    m.add_organisation("p", kind="practice", legal_form=legal_form)
    m.add_organisation("col", kind="company", legal_form="company_limited_by_guarantee",
                       not_for_profit=True)
    for gp in ("gp1", "gp2"):
        m.add_person(gp, profession="gp")
        m.add_relation("partner_in" if legal_form == "partnership" else "owns", gp, "p",
                       **({} if legal_form == "partnership" else {"share": 0.5}))
        m.add_relation("employs", employer, gp)
    if members:
        m.add_relation("member_of", "p", "col")
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "p"},
                   liability_cap=head_cap,
                   obligations=[{"id": f"gms/{o}", "category": "clinical" if o == "essential"
                                 else "premises"} for o in OBLIGATIONS])
    m.add_contract("sub", kind="subcontract", head="gms", liability_cap=cap,
                   parties={"contractor": "p", "subcontractor": "col"},
                   obligations=[{"id": f"sub/{o}", "flows_from": f"gms/{o}"} for o in flowed])
    return m


def edges(m, party, **kw):
    return {(r.to, r.obligation, r.basis, r.enforceable) for r in m.accountability(party, **kw)}


# Rule 1 — contract ----------------------------------------------------------------------------

def test_rule1_the_obligor_answers_to_the_obligee_for_each_obligation():
    m = alliance()
    assert edges(m, "p") == {("ccg", "gms/essential", "contract", True),
                             ("ccg", "gms/premises", "contract", True)}
    assert edges(m, "col") == {("p", "sub/essential", "subcontract", True),
                               ("p", "sub/premises", "subcontract", True)}


# Rule 2 — sub-contracting keeps the head accountability ------------------------------------------

def test_rule2_the_holder_stays_accountable_and_the_subcontractor_answers_to_the_holder_only():
    m = alliance()
    assert {r.to for r in m.accountability("col")} == {"p"}   # no line to the commissioner
    assert {r.obligation for r in m.accountability("p") if r.to == "ccg"} == {
        "gms/essential", "gms/premises"}                      # sub-contracted or not


def test_rule2_chains_nest_each_party_answering_to_the_one_above():
    m = four_level_chain()
    assert edges(m, "subsub") == {("sub", "c3/x", "subcontract", True),
                                  (None, "c3/x", "vicarious", True)}  # in tort, for its nurse
    assert edges(m, "nurse") == {("subsub", "c3/x", "employment", True),
                                 (None, "c3/x", "personal", True)}
    assert edges(m, "sub") == {("holder", "c2/x", "subcontract", True)}
    assert edges(m, "holder") == {("ccg", "c1/x", "contract", True)}
    [path] = m.liability_paths("c2/x")   # from the middle of the chain: still up to ccg
    assert path.nodes == ["nurse", "subsub", "sub", "holder", "ccg"]


# Rule 3 — flow-down gaps ----------------------------------------------------------------------

def gap_kinds(m):
    return {(g.kind, g.obligation) for g in m.flow_down_gaps()}


def test_rule3_a_complete_flow_down_has_no_gap():
    assert alliance().flow_down_gaps().to_frame().empty


def test_rule3_removing_one_flow_down_makes_a_not_flowed_down_gap():
    m = alliance(flowed=["essential"])
    [gap] = [g for g in m.flow_down_gaps() if g.kind == "not_flowed_down"]
    assert (gap.contract, gap.obligation, gap.holder, gap.subcontract) == (
        "gms", "gms/premises", "p", "sub")


def test_rule3_a_kept_obligation_with_staff_employed_elsewhere_has_no_performer():
    assert ("no_performer", "gms/premises") in gap_kinds(alliance(flowed=["essential"]))


def test_rule3_moving_employment_back_to_the_practice_removes_no_performer():
    kinds = gap_kinds(alliance(flowed=["essential"], employer="p"))
    assert ("no_performer", "gms/premises") not in kinds
    assert ("not_flowed_down", "gms/premises") in kinds


def test_rule3_a_sub_contract_cap_below_the_head_exposure_is_a_cap_gap():
    assert ("cap_below_exposure", None) in gap_kinds(alliance(cap=100_000))
    assert ("cap_below_exposure", None) in gap_kinds(alliance(cap=100_000, head_cap=500_000))
    assert ("cap_below_exposure", None) not in gap_kinds(alliance(cap=500_000, head_cap=500_000))


def test_rule3_onward_subcontracting_where_the_subcontract_forbids_it():
    m = gg.Model()
    for o in ("ccg", "p", "col", "agency"):
        m.add_organisation(o)
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "p"},
                   obligations=[{"id": "gms/x"}])
    m.add_contract("sub", kind="subcontract", head="gms", onward_subcontracting=False,
                   parties={"contractor": "p", "subcontractor": "col"},
                   obligations=[{"id": "sub/x", "flows_from": "gms/x"}])
    assert not [g for g in m.flow_down_gaps() if g.kind == "onward_subcontracting"]
    m.add_contract("subsub", kind="subcontract", head="sub",
                   parties={"contractor": "col", "subcontractor": "agency"},
                   obligations=[{"id": "subsub/x", "flows_from": "sub/x"}])
    [g] = [g for g in m.flow_down_gaps() if g.kind == "onward_subcontracting"]
    assert (g.contract, g.holder, g.subcontract) == ("sub", "col", "subsub")


def test_rule3_a_cycle_of_sub_contracting_is_an_error_naming_the_contracts():
    doc = {"govgraph": 1, "organisations": [{"id": "a"}, {"id": "b"}], "contracts": [
        {"id": "s1", "kind": "subcontract", "head": "s2",
         "parties": {"contractor": "a", "subcontractor": "b"}},
        {"id": "s2", "kind": "subcontract", "head": "s1",
         "parties": {"contractor": "b", "subcontractor": "a"}}]}
    with pytest.raises(gg.ModelError) as e:
        gg.loads(json.dumps(doc))
    assert e.value.id == "cycle" and "'s1' -> 's2' -> 's1'" in str(e.value)


# Rule 4 — partnership -------------------------------------------------------------------------

def test_rule4_each_partner_is_liable_for_the_whole():
    m = alliance()
    for gp in ("gp1", "gp2"):
        assert edges(m, gp) == {("ccg", "gms/essential", "joint_and_several", True),
                                ("ccg", "gms/premises", "joint_and_several", True)}
    [path] = m.liability_paths("gms/essential")
    assert path.hops[-1].jointly_liable == ["gp1", "gp2"]


def test_rule4_and_5_a_limited_practice_removes_joint_liability_and_shields_its_members():
    m = alliance(legal_form="limited_company")
    assert edges(m, "gp1") == set()
    [path] = m.liability_paths("gms/essential")
    assert path.hops[-1].jointly_liable == [] and path.hops[-1].shielded == ["gp1", "gp2"]
    r = m.breach("sub/essential", by="col", loss=1000)
    assert {c.respondent for c in r.claims} == {"p", "col"}
    assert {"gp1", "gp2"} <= set(r.shielded)


# Rule 5 — limited liability ---------------------------------------------------------------------

def test_rule5_a_company_shields_its_members():
    m = alliance()
    r = m.breach("sub/essential", by="col", loss=1000)
    assert r.shielded == ["p"]   # the practice, as member of the collaborative
    assert not [c for c in r.claims if c.basis == "guarantee"]


def test_rule5_a_guarantee_carries_liability_past_the_shield():
    m = alliance()
    m.add_relation("guarantees", "gp1", "col", beneficiary="p")
    assert ("p", "sub/essential", "guarantee", True) in edges(m, "gp1")
    r = m.breach("sub/essential", by="col", loss=1000)
    assert [(c.claimant, c.respondent, c.recoverable) for c in r.claims
            if c.basis == "guarantee"] == [("p", "gp1", 1000.0)]


def test_rule5_nobody_guarantees_a_claim_to_itself():
    m = alliance()
    m.add_relation("guarantees", "p", "col", beneficiary="p")   # backs its own subcontractor
    assert not [c for c in m.breach("sub/essential", by="col", loss=1).claims
                if c.basis == "guarantee"]


def test_rule3_a_sole_traders_owner_can_perform():
    m = gg.Model()
    m.add_organisation("ccg")
    m.add_organisation("st", legal_form="sole_trader")
    m.add_person("gp")
    m.add_relation("owns", "gp", "st", share=1.0)
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "st"},
                   obligations=[{"id": "gms/x"}])
    assert not [g for g in m.flow_down_gaps() if g.kind == "no_performer"]
    m.add_organisation("elsewhere")
    m.add_relation("employs", "elsewhere", "gp")
    assert [g.obligation for g in m.flow_down_gaps() if g.kind == "no_performer"] == ["gms/x"]


# Rule 6 — vicarious -----------------------------------------------------------------------------

def test_rule6_an_employer_answers_for_its_employees_work():
    m = alliance()
    m.add_relation("performs", "gp1", "sub/essential")
    # in contract, the employee answers to its employer, which owes the work; in tort, the
    # employer answers vicariously to the person harmed
    assert ("p", "sub/essential", "subcontract", True) in edges(m, "col")
    assert (None, "sub/essential", "vicarious", True) in edges(m, "col")
    assert ("col", "sub/essential", "employment", True) in edges(m, "gp1")
    [path] = m.liability_paths("gms/essential")
    assert path.nodes == ["gp1", "col", "p", "ccg"] and path.hops[0].basis == "employment"
    r = m.breach("gms/essential", by="gp1", loss=100)
    assert r.borne["col"] == 100 and "gp1" not in {c.respondent for c in r.claims
                                                   if c.basis != "joint_and_several"}
    assert {c.basis for c in r.claims if c.respondent == "gp1"} == {"joint_and_several"}
    assert any("no claim is made against the employee" in n for n in r.notes)
    n = m.breach("gms/essential", by="gp1", loss=100, claim="negligence")
    assert {(c.claimant, c.respondent, c.basis) for c in n.claims} >= {
        (None, "gp1", "personal"), (None, "col", "vicarious")}
    assert n.borne == {"col": 100}


def test_rule6_without_employment_there_is_no_vicarious_line():
    m = alliance(employer="p")
    m.add_relation("performs", "gp1", "sub/essential")
    assert not [r for r in m.accountability("col") if r.basis == "vicarious"]


# Rule 7 — indemnity -----------------------------------------------------------------------------

def test_rule7_an_indemnity_moves_exposure_not_accountability():
    plain = alliance()
    m = alliance()
    m.add_organisation("scheme", name="State indemnity scheme", kind="other",
                       legal_form="statutory_body")
    m.add_relation("indemnifies", "scheme", "col", scope="all")
    assert edges(m, "col") == edges(plain, "col")   # accountability unchanged
    assert ("col", "gms/essential", "indemnity", True) not in edges(m, "scheme")
    assert ("col", "sub/essential", "indemnity", True) in edges(m, "scheme")
    r = m.breach("sub/essential", by="col", loss=5000)
    assert r.borne["col"] == 0 and r.borne["scheme"] == 5000
    # a clinical negligence scope covers no contract claim, and nothing outside clinical work
    m = alliance()
    m.add_organisation("scheme", legal_form="statutory_body")
    m.add_relation("indemnifies", "scheme", "col", scope="clinical_negligence")
    r = m.breach("sub/essential", by="col", loss=5000)
    assert r.borne["col"] == 5000 and "scheme" not in r.borne
    m.add_relation("performs", "gp1", "sub/premises")
    r = m.breach("sub/premises", by="gp1", loss=5000, claim="negligence")
    assert r.borne["col"] == 5000 and "scheme" not in r.borne


# Rule 8 — non-binding ---------------------------------------------------------------------------

def test_rule8_an_mou_creates_accountability_marked_not_enforceable():
    m = alliance()
    m.add_organisation("q", kind="practice", legal_form="partnership")
    m.add_contract("mou", kind="mou", parties={"party": ["p", "q"]},
                   obligations=[{"id": "mou/cover", "obligor": "q", "obligee": "p"}])
    assert edges(m, "q") == {("p", "mou/cover", "non_binding", False)}
    r = m.breach("mou/cover", by="q", loss=1000)
    [claim] = r.claims
    assert not claim.enforceable and claim.recoverable == 0
    # p is a partnership: what it bears falls on its partners (q, with no partners, keeps its 0)
    assert r.borne == {"gp1": 500, "gp2": 500} and "not legally binding" in r.notes[0]


# Breach -----------------------------------------------------------------------------------------

def test_the_seed_breach_commissioner_to_partners_then_partners_to_collaborative():
    r = alliance().breach("sub/essential", by="col", loss=250_000)
    assert [(c.claimant, c.respondent, c.basis, c.contract) for c in r.claims] == [
        ("ccg", "p", "contract", "gms"),
        ("ccg", "gp1", "joint_and_several", "gms"),
        ("ccg", "gp2", "joint_and_several", "gms"),
        ("p", "col", "subcontract", "sub")]
    assert r.exposure == {"p": 250_000, "gp1": 250_000, "gp2": 250_000, "col": 250_000}
    assert r.borne == {"ccg": 0, "col": 250_000}   # the partnership bears nothing, listed as none


def test_a_cap_in_the_subcontract_leaves_the_partners_bearing_the_rest():
    r = alliance(cap=100_000).breach("sub/essential", by="col", loss=250_000)
    assert [c.recoverable for c in r.claims] == [250_000, 250_000, 250_000, 100_000]
    assert "p" not in r.borne and r.borne["col"] == 100_000 and r.borne["ccg"] == 0
    assert r.borne["gp1"] == r.borne["gp2"] == 75_000   # the firm's 150,000, on its partners
    assert r.passed_to_owners == {"p": 150_000}
    # Amounts in the notes are plain digits, never "1e+05".
    note = "the cap of 100000 in 'sub' leaves 'p' bearing 150000"
    assert any(note in n for n in r.notes), r.notes


def test_a_party_not_on_the_path_cannot_be_in_breach():
    with pytest.raises(gg.ModelError, match="'ccg' neither owes nor performs"):
        alliance().breach("sub/essential", by="ccg")


def four_level_chain() -> gg.Model:
    """ccg -> holder (gms c1, cap none) -> sub (c2, cap 80k) -> subsub (c3, cap 50k) -> nurse."""
    m = gg.Model()
    m.add_organisation("ccg", legal_form="statutory_body")
    m.add_organisation("holder", legal_form="partnership")
    m.add_person("dr", profession="gp")
    m.add_relation("partner_in", "dr", "holder")
    m.add_organisation("sub", legal_form="limited_company")
    m.add_organisation("subsub", legal_form="limited_company")
    m.add_person("nurse", profession="nurse")
    m.add_relation("employs", "subsub", "nurse")
    m.add_contract("c1", kind="gms", parties={"commissioner": "ccg", "holder": "holder"},
                   obligations=[{"id": "c1/x"}])
    m.add_contract("c2", kind="subcontract", head="c1", liability_cap=80_000,
                   parties={"contractor": "holder", "subcontractor": "sub"},
                   obligations=[{"id": "c2/x", "flows_from": "c1/x"}])
    m.add_contract("c3", kind="subcontract", head="c2", liability_cap=50_000,
                   parties={"contractor": "sub", "subcontractor": "subsub"},
                   obligations=[{"id": "c3/x", "flows_from": "c2/x"}])
    m.add_relation("performs", "nurse", "c3/x")
    return m


def test_a_four_level_chain_gives_the_path_claims_and_amounts_checked_by_hand():
    m = four_level_chain()
    [path] = m.liability_paths("c1/x")
    assert path.nodes == ["nurse", "subsub", "sub", "holder", "ccg"]
    assert [(h.debtor, h.creditor, h.basis, h.contract, h.obligation) for h in path.hops] == [
        ("nurse", "subsub", "employment", "c3", "c3/x"),
        ("subsub", "sub", "subcontract", "c3", "c3/x"),
        ("sub", "holder", "subcontract", "c2", "c2/x"),
        ("holder", "ccg", "contract", "c1", "c1/x")]
    # Loss 120,000 caused by the sub-sub-contractor:
    #   ccg recovers 120,000 from holder (no cap; dr liable with it, jointly: PA 1890 s.9);
    #   holder recovers min(120,000, 80,000) = 80,000 from sub, bears 40,000;
    #   sub recovers min(80,000, 50,000) = 50,000 from subsub, bears 30,000; subsub bears 50,000.
    r = m.breach("c1/x", by="subsub", loss=120_000)
    assert [(c.claimant, c.respondent, c.basis, c.recoverable) for c in r.claims] == [
        ("ccg", "holder", "contract", 120_000), ("ccg", "dr", "joint_and_several", 120_000),
        ("holder", "sub", "subcontract", 80_000), ("sub", "subsub", "subcontract", 50_000)]
    assert r.borne == {"ccg": 0, "dr": 40_000, "sub": 30_000, "subsub": 50_000}
    assert r.exposure["dr"] == 120_000
    assert sum(r.borne.values()) == 120_000
    # the same breach committed by the nurse lands on her employer
    r = m.breach("c1/x", by="nurse", loss=120_000)
    assert r.borne["subsub"] == 50_000 and "nurse" not in r.borne


def test_results_convert_to_frames_and_html():
    m = alliance()
    assert list(m.accountability("p").to_frame().columns) == [
        "party", "to", "obligation", "contract", "basis", "enforceable", "claim", "via",
        "managed_by", "start", "end"]
    assert len(m.liability_paths("gms/essential").to_frame()) == 2
    assert list(m.flow_down_gaps().to_frame().columns)[:5] == [
        "contract", "obligation", "holder", "subcontract", "kind"]
    r = m.breach("sub/essential", by="col", loss=10)
    assert "claimant" in r.to_frame().columns and "<table>" in r._repr_html_()
    assert "<table>" in m.accountability()._repr_html_()
    assert "<ol>" in m.liability_paths()._repr_html_()


def test_as_of_applies_to_accountability():
    m = alliance()
    m.add_organisation("icb", kind="commissioner", legal_form="statutory_body",
                       start="2022-07-01")
    m.add_contract("gms2", kind="gms", start="2022-07-01",
                   parties={"commissioner": "icb", "holder": "p"},
                   obligations=[{"id": "gms2/essential"}])
    assert "icb" not in {r.to for r in m.accountability("p", as_of="2020-01-01")}
    assert "icb" in {r.to for r in m.accountability("p", as_of="2023-01-01")}


def test_a_claimant_that_ended_before_the_day_asked_gets_a_successor_note():
    # Review finding: a breach on 2022-06-30, asked as of 2023-01-01, names 01H (abolished on
    # 2022-07-01) as claimant. It stays the claimant (whether the right passed depends on the
    # transfer's terms), but the report notes that it may have passed, and to whom: QHM took
    # 01H's place as commissioner through replace() on that day.
    from conftest import load_example
    m = load_example("north_cumbria").build()
    r = m.breach("gms-practice-a/essential", by="ncpcc", loss=1000, on="2022-06-30",
                 as_of="2023-01-01")
    assert "01H" in {c.claimant for c in r.claims}
    notes = [n for n in r.notes if "successor" in n]
    assert len(notes) == 1
    assert "'01H' ended on 2022-07-01" in notes[0] and "'QHM'" in notes[0]
    assert "Health and Care Act 2022" in notes[0]
    # asked as of the day of the breach, 01H is in being: no such note
    r = m.breach("gms-practice-a/essential", by="ncpcc", loss=1000, on="2022-06-30")
    assert not [n for n in r.notes if "successor" in n]
    # a claimant that ended with no replacement: the note names nobody
    m = gg.Model()
    m.add_organisation("ccg", kind="commissioner", legal_form="statutory_body", end="2022-07-01")
    m.add_organisation("p", kind="practice", legal_form="partnership")
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "p"},
                   obligations=[{"id": "gms/x"}], start="2004-04-01")
    r = m.breach("gms/x", by="p", loss=10, on="2022-01-01", as_of="2023-01-01")
    (note,) = [n for n in r.notes if "successor" in n]
    assert "took its place" not in note
