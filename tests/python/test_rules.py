"""The rules layer (issue 10): one test per rule and per reproducer, each failing if the rule
breaks, and a property test that accountability() and liability_paths() agree.

The base model is the one of docs/accountability.md: commissioner `01H`; `practice-a`, a
partnership of `gp-a1` and `gp-a2`, both employed by `ncpcc` (a company limited by guarantee);
`gms-a` (01H -> practice-a) with `gms-a/essential` (clinical) and `gms-a/premises`; `sub-a`
(practice-a -> ncpcc) flowing down the obligations named.
"""

from __future__ import annotations

import random

import pytest

import govgraph as gg

OBLIGATIONS = ("essential", "premises")


def north_cumbria(*, flowed=OBLIGATIONS, cap=None, head_cap=None, commissioner="01H",
                  **sub_fields) -> gg.Model:
    m = gg.Model(name="north cumbria")
    m.add_organisation(commissioner, kind="commissioner", legal_form="statutory_body")
    m.add_organisation("practice-a", kind="practice", legal_form="partnership")
    m.add_organisation("ncpcc", kind="company", legal_form="company_limited_by_guarantee",
                       not_for_profit=True)
    for gp in ("gp-a1", "gp-a2"):
        m.add_person(gp, profession="gp")
        m.add_relation("partner_in", gp, "practice-a")
        m.add_relation("employs", "ncpcc", gp)
    m.add_contract("gms-a", kind="gms", start="2015-01-01", liability_cap=head_cap,
                   parties={"commissioner": commissioner, "holder": "practice-a"},
                   obligations=[{"id": "gms-a/essential", "category": "clinical"},
                                {"id": "gms-a/premises", "category": "premises"}])
    m.add_contract("sub-a", kind="subcontract", head="gms-a", start="2015-01-01",
                   liability_cap=cap,
                   parties={"contractor": "practice-a", "subcontractor": "ncpcc"},
                   obligations=[{"id": f"sub-a/{o}", "flows_from": f"gms-a/{o}"} for o in flowed],
                   **sub_fields)
    return m


def rows(m, party=None, **kw):
    return {(r.party, r.to, r.obligation, r.basis, r.claim)
            for r in m.accountability(party, **kw)}


def claims(report):
    return [(c.claimant, c.respondent, c.basis) for c in report.claims]


def borne(report):
    return {k: v for k, v in report.borne.items() if v}


def kinds(table):
    return {r.kind for r in table}


# Rule 1 / 6 — privity: the employer of a performer answers in tort, never to the obligee -----

def test_rule6_vicarious_is_tort_not_contract():
    m = north_cumbria(flowed=["essential"])
    m.add_relation("performs", "gp-a1", "gms-a/premises")
    acc = m.accountability("ncpcc")
    assert not [r for r in acc if r.to == "01H"]
    # gp-a1 is a partner doing his own firm's work: the firm answers for it in tort (PA 1890
    # s.10), not his employer ncpcc, which owes nothing on that chain (Mohamud v Morrison)
    assert not [r for r in acc if r.basis == "vicarious"]
    [v] = [r for r in m.accountability("practice-a") if r.basis == "vicarious"]
    assert (v.to, v.claim, v.via, v.obligation) == (None, "negligence", "gp-a1", "gms-a/premises")
    r = m.breach("gms-a/premises", by="gp-a1", loss=100, claim="negligence", on="2022-01-01")
    assert "ncpcc" not in {c.respondent for c in r.claims}
    assert r.borne == {"gp-a1": 50, "gp-a2": 50}   # the firm's, on its partners
    # and liability_paths agrees: the commissioner's only counterparty is the holder
    [path] = m.liability_paths("gms-a/premises")
    assert [(h.debtor, h.basis, h.creditor) for h in path.hops] == [
        ("practice-a", "contract", "01H")]


def test_rule1_privity_every_contract_row_runs_within_a_contract_the_party_is_in():
    m = north_cumbria(flowed=["essential"])
    m.add_relation("performs", "gp-a1", "gms-a/premises")
    parties = {"gms-a": {"01H", "practice-a"}, "sub-a": {"practice-a", "ncpcc"}}
    for r in m.accountability(claim="contract"):
        if r.basis in ("contract", "subcontract", "non_binding"):
            assert {r.party, r.to} <= parties[r.contract], r


def test_rule6_a_locum_agency_does_not_answer_to_the_commissioner():
    m = north_cumbria()
    m.add_organisation("agency", kind="company", legal_form="limited_company")
    m.add_person("locum", profession="gp")
    m.add_relation("employs", "agency", "locum")
    m.add_relation("performs", "locum", "gms-a/essential")
    acc = m.accountability("agency")
    assert not [r for r in acc if r.claim == "contract"]
    assert {(r.to, r.basis, r.claim, r.via) for r in acc} == {
        (None, "vicarious", "negligence", "locum")}
    # the locum has no contract with anyone here: no employment row to a non-obligor either
    assert not [r for r in m.accountability("locum") if r.claim == "contract"]


def test_rule6_a_shared_nurse_employed_by_practice_b_gives_b_no_contract_row():
    m = north_cumbria()
    m.add_organisation("practice-b", kind="practice", legal_form="partnership")
    m.add_person("nurse", profession="nurse")
    m.add_relation("employs", "practice-b", "nurse")
    m.add_relation("performs", "nurse", "gms-a/essential")
    assert not [r for r in m.accountability("practice-b") if r.to == "01H"]
    assert not [r for r in m.accountability("practice-b") if r.claim == "contract"]
    assert {(r.to, r.basis) for r in m.accountability("practice-b")} == {(None, "vicarious")}


def test_rule6_an_employee_performing_its_employers_obligation_answers_to_the_employer():
    m = north_cumbria()
    m.add_relation("performs", "gp-a1", "sub-a/essential")
    assert ("gp-a1", "ncpcc", "sub-a/essential", "employment", "contract") in rows(m, "gp-a1")
    [path] = m.liability_paths("sub-a/essential")
    assert path.nodes == ["gp-a1", "ncpcc", "practice-a", "01H"]
    assert path.hops[0].basis == "employment"


# Rule 2 — no duplicate row ------------------------------------------------------------------

def test_rule2_no_duplicate_row_for_a_performed_subcontracted_obligation():
    m = north_cumbria()
    m.add_relation("performs", "gp-a1", "sub-a/essential")
    acc = [r for r in m.accountability("ncpcc", claim="contract")
           if r.obligation == "sub-a/essential"]
    assert [(r.to, r.basis) for r in acc] == [("practice-a", "subcontract")]
    neg = m.accountability("ncpcc", claim="negligence")
    assert all(r.to is None for r in neg) and {r.basis for r in neg} == {"vicarious"}


def test_accountability_claim_filter_refuses_other_kinds():
    with pytest.raises(ValueError):
        north_cumbria().accountability("ncpcc", claim="tort")


# Rule 7 — indemnity scopes --------------------------------------------------------------------

def indemnified(scope="clinical_negligence", **kw) -> gg.Model:
    m = north_cumbria(cap=100_000, **kw)
    m.add_organisation("nhsr", name="NHS Resolution", legal_form="statutory_body")
    for who in ("practice-a", "ncpcc"):
        m.add_relation("indemnifies", "nhsr", who, scope=scope)
    return m


def test_rule7_clinical_negligence_indemnity_does_not_absorb_a_contract_claim():
    r = indemnified().breach("sub-a/essential", by="ncpcc", loss=250_000, on="2020-01-01")
    assert "nhsr" not in borne(r)
    assert not [c for c in r.claims if c.basis == "indemnity"]
    # practice-a's 150,000 falls on its partners equally; the firm is not a separate person
    assert borne(r) == {"gp-a1": 75_000.0, "gp-a2": 75_000.0, "ncpcc": 100_000.0}
    assert "practice-a" not in r.borne
    assert sum(r.borne.values()) == 250_000


def test_rule7_clinical_negligence_indemnity_covers_a_negligence_claim_on_clinical_work():
    m = indemnified()
    m.add_relation("performs", "gp-a1", "sub-a/essential")
    r = m.breach("sub-a/essential", by="gp-a1", loss=40_000, claim="negligence", on="2020-01-01")
    assert borne(r) == {"nhsr": 40_000.0}
    assert ("ncpcc", "nhsr", "indemnity") in claims(r)


def test_rule7_clinical_negligence_indemnity_does_not_cover_non_clinical_work():
    m = indemnified()
    m.add_relation("performs", "gp-a1", "sub-a/premises")
    r = m.breach("sub-a/premises", by="gp-a1", loss=40_000, claim="negligence", on="2020-01-01")
    assert "nhsr" not in borne(r)
    assert borne(r) == {"ncpcc": 40_000.0}


def test_rule7_cnsgp_covers_only_breaches_from_2019_04_01():
    m = indemnified(scope="cnsgp")
    m.add_relation("performs", "gp-a1", "sub-a/essential")
    before = m.breach("sub-a/essential", by="gp-a1", loss=40_000, claim="negligence",
                      on="2019-03-31")
    after = m.breach("sub-a/essential", by="gp-a1", loss=40_000, claim="negligence",
                     on="2019-04-01")
    assert borne(before) == {"ncpcc": 40_000.0}
    assert borne(after) == {"nhsr": 40_000.0}
    contract = m.breach("sub-a/essential", by="ncpcc", loss=250_000, on="2020-01-01")
    assert "nhsr" not in borne(contract)


def test_rule7_an_unknown_indemnity_scope_is_refused():
    m = north_cumbria()
    m.add_organisation("nhsr", legal_form="statutory_body")
    with pytest.raises(gg.ModelError) as e:
        m.add_relation("indemnifies", "nhsr", "practice-a", scope="clinical")
    assert isinstance(e.value, ValueError)
    assert "clinical_negligence" in str(e.value)   # the message lists the allowed scopes
    assert not [r for r in m.accountability("nhsr")]


def test_rule7_scope_all_covers_a_contract_claim():
    r = indemnified(scope="all").breach("sub-a/essential", by="ncpcc", loss=250_000,
                                        on="2020-01-01")
    assert borne(r) == {"nhsr": 250_000.0}


# Rule 4 — partners, dated (PA 1890 s.17) -------------------------------------------------------

def dated_partners() -> gg.Model:
    m = north_cumbria()
    for p in ("gp-new", "gp-old", "gp-rel"):
        m.add_person(p, profession="gp")
    m.add_relation("partner_in", "gp-new", "practice-a", start="2021-09-01")
    m.add_relation("partner_in", "gp-old", "practice-a", start="2010-01-01", end="2021-08-01")
    m.add_relation("partner_in", "gp-rel", "practice-a", start="2010-01-01", end="2021-08-01",
                   released=True)
    return m


def test_rule4_partners_dated_a_later_partner_is_not_liable_for_an_earlier_breach():
    r = dated_partners().breach("gms-a/premises", by="practice-a", loss=10_000, on="2021-06-01")
    joint = {c.respondent for c in r.claims if c.basis == "joint_and_several"}
    assert "gp-new" not in joint
    assert {"gp-a1", "gp-a2"} <= joint


def test_rule4_partners_dated_a_retired_partner_stays_liable_unless_released():
    r = dated_partners().breach("gms-a/premises", by="practice-a", loss=10_000, on="2021-06-01")
    joint = {c.respondent for c in r.claims if c.basis == "joint_and_several"}
    assert "gp-old" in joint
    assert "gp-rel" not in joint
    assert joint == {"gp-a1", "gp-a2", "gp-old"}


def test_rule4_partners_dated_a_partner_joining_before_the_breach_is_liable():
    r = dated_partners().breach("gms-a/premises", by="practice-a", loss=10_000, on="2022-01-01")
    joint = {c.respondent for c in r.claims if c.basis == "joint_and_several"}
    assert "gp-new" in joint and "gp-old" not in joint


# Rule 4 — a partner who performs can be the party in breach (PA 1890 ss.10, 12) ---------------

def test_rule4_partner_as_by():
    m = north_cumbria(flowed=["essential"])
    m.add_person("gp-p", profession="gp")
    m.add_relation("partner_in", "gp-p", "practice-a")
    m.add_relation("performs", "gp-p", "gms-a/premises")
    r = m.breach("gms-a/premises", by="gp-p", loss=10_000, on="2020-01-01")
    assert ("01H", "practice-a", "contract") in claims(r)
    joint = {c.respondent for c in r.claims if c.basis == "joint_and_several"}
    assert joint == {"gp-a1", "gp-a2", "gp-p"}
    assert all(c.claimant == "01H" for c in r.claims)


def test_rule4_a_partner_not_performing_can_still_be_by_through_the_firm():
    m = north_cumbria(flowed=["essential"])
    r = m.breach("gms-a/premises", by="gp-a2", loss=1_000, on="2020-01-01")
    assert ("01H", "practice-a", "contract") in claims(r)


# Rule 4 — a sole trader is one person ----------------------------------------------------------

def sole_trader() -> gg.Model:
    m = gg.Model()
    m.add_organisation("11X", kind="commissioner", legal_form="statutory_body")
    m.add_organisation("men-d", kind="practice", legal_form="sole_trader")
    m.add_person("men-d-gp1", profession="gp")
    m.add_relation("owns", "men-d-gp1", "men-d", share=1.0)
    m.add_contract("gms-d", kind="gms", parties={"commissioner": "11X", "holder": "men-d"},
                   obligations=[{"id": "gms-d/essential", "category": "clinical"}])
    return m


def test_rule4_sole_trader_is_one_legal_person():
    m = sole_trader()
    r = m.breach("gms-d/essential", by="men-d", loss=20_000, on="2020-01-01")
    assert borne(r) == {"men-d-gp1": 20_000.0}
    assert "men-d" not in r.borne
    assert not [c for c in r.claims if c.respondent == "men-d-gp1"
                and c.basis == "joint_and_several"]
    assert rows(m, "men-d-gp1", claim="contract") == {
        ("men-d-gp1", "11X", "gms-d/essential", "one_person", "contract")}
    [path] = m.liability_paths("gms-d/essential")
    assert path.hops[-1].jointly_liable == ["men-d-gp1"]


# Rule 5 — a guarantee names its creditor --------------------------------------------------------

def test_rule5_guarantee_with_beneficiary_answers_to_that_creditor_only():
    m = north_cumbria()
    m.add_organisation("landlord", legal_form="limited_company")
    m.add_contract("lease", kind="lease", parties={"landlord": "landlord", "tenant": "ncpcc"},
                   obligations=[{"id": "lease/rent"}])
    m.add_organisation("parent", legal_form="limited_company")
    m.add_relation("guarantees", "parent", "ncpcc", beneficiary="practice-a")
    acc = m.accountability("parent")
    assert len(acc) == 2
    assert {(r.to, r.obligation, r.basis, r.via) for r in acc} == {
        ("practice-a", "sub-a/essential", "guarantee", "ncpcc"),
        ("practice-a", "sub-a/premises", "guarantee", "ncpcc")}
    assert "guarantee_without_creditor" not in kinds(m.lint())


def test_rule5_guarantee_naming_a_contract_covers_that_contract_only():
    m = north_cumbria()
    m.add_organisation("landlord", legal_form="limited_company")
    m.add_contract("lease", kind="lease", parties={"landlord": "landlord", "tenant": "ncpcc"},
                   obligations=[{"id": "lease/rent"}])
    m.add_organisation("parent", legal_form="limited_company")
    m.add_relation("guarantees", "parent", "ncpcc", contract="lease")
    assert {(r.to, r.obligation) for r in m.accountability("parent")} == {
        ("landlord", "lease/rent")}


def test_rule5_guarantee_without_creditor_gives_no_rows_and_a_lint_finding():
    m = north_cumbria()
    m.add_organisation("parent", legal_form="limited_company")
    m.add_relation("guarantees", "parent", "ncpcc")
    assert len(m.accountability("parent")) == 0
    [f] = [f for f in m.lint() if f.kind == "guarantee_without_creditor"]
    assert (f.subject, f.other) == ("parent", "ncpcc")
    r = m.breach("sub-a/essential", by="ncpcc", loss=1_000, on="2020-01-01")
    assert not [c for c in r.claims if c.basis == "guarantee"]


def test_rule5_guarantee_with_beneficiary_is_claimed_in_a_breach():
    m = north_cumbria()
    m.add_organisation("parent", legal_form="limited_company")
    m.add_relation("guarantees", "parent", "ncpcc", beneficiary="practice-a")
    r = m.breach("sub-a/essential", by="ncpcc", loss=1_000, on="2020-01-01")
    assert ("practice-a", "parent", "guarantee") in claims(r)
    [path] = m.liability_paths("sub-a/essential")
    assert path.hops[0].guarantors == ["parent"]


# Rule 3 — circular and onward sub-contracting -------------------------------------------------

def circular() -> gg.Model:
    m = north_cumbria(onward_subcontracting=True)
    m.add_organisation("x", legal_form="limited_company")
    m.add_contract("sub-x", kind="subcontract", head="sub-a", onward_subcontracting=True,
                   parties={"contractor": "ncpcc", "subcontractor": "x"},
                   obligations=[{"id": "sub-x/essential", "flows_from": "sub-a/essential"}])
    m.add_contract("sub-back", kind="subcontract", head="sub-x",
                   parties={"contractor": "x", "subcontractor": "ncpcc"},
                   obligations=[{"id": "sub-back/essential", "flows_from": "sub-x/essential"}])
    return m


def test_rule3_circular_subcontracting():
    m = circular()
    gaps = [g for g in m.flow_down_gaps() if g.kind == "circular_subcontracting"]
    assert len(gaps) == 1
    assert gaps[0].holder == "ncpcc" and gaps[0].subcontract == "sub-back"
    assert "circular_subcontracting" in kinds(m.lint())


def test_rule3_a_chain_without_a_loop_is_not_circular():
    m = north_cumbria(onward_subcontracting=True)
    m.add_organisation("x", legal_form="limited_company")
    m.add_contract("sub-x", kind="subcontract", head="sub-a",
                   parties={"contractor": "ncpcc", "subcontractor": "x"},
                   obligations=[{"id": "sub-x/essential", "flows_from": "sub-a/essential"}])
    assert "circular_subcontracting" not in kinds(m.flow_down_gaps())
    assert "circular_subcontracting" not in kinds(m.lint())


def onward(**sub_fields) -> gg.Model:
    flowed = sub_fields.pop("flowed", OBLIGATIONS)
    m = north_cumbria(flowed=flowed, **sub_fields)
    m.add_organisation("agency", legal_form="limited_company")
    o = flowed[0]
    m.add_contract("sub-b", kind="subcontract", head="sub-a",
                   parties={"contractor": "ncpcc", "subcontractor": "agency"},
                   obligations=[{"id": f"sub-b/{o}", "flows_from": f"sub-a/{o}"}])
    return m


def test_rule3_onward_clinical_subcontracting_needs_consent():
    [g] = [g for g in onward().flow_down_gaps() if g.kind == "onward_subcontracting"]
    assert (g.contract, g.holder, g.subcontract) == ("sub-a", "ncpcc", "sub-b")
    assert "onward_subcontracting" in kinds(onward().lint())


def test_rule3_onward_clinical_subcontracting_allowed_where_the_subcontract_says_so():
    m = onward(onward_subcontracting=True)
    assert "onward_subcontracting" not in kinds(m.flow_down_gaps())
    assert "onward_subcontracting" not in kinds(m.lint())


def test_rule3_onward_non_clinical_subcontracting_is_allowed_by_default():
    m = onward(flowed=["premises"])
    assert "onward_subcontracting" not in kinds(m.flow_down_gaps())


# Caps — aggregate or per claim ------------------------------------------------------------------

def test_caps_aggregate_cap_is_shared_between_claims():
    m = north_cumbria(cap=100_000, cap_basis="aggregate")
    r = m.breach(["sub-a/essential", "sub-a/premises"], by="ncpcc", loss=[80_000, 80_000],
                 on="2020-01-01")
    recovered = sum(c.recoverable for c in r.claims
                    if c.respondent == "ncpcc" and c.basis == "subcontract")
    assert recovered == 100_000
    assert r.borne["ncpcc"] == 100_000
    assert r.loss == 160_000 and sum(r.borne.values()) == 160_000


def test_caps_per_claim_cap_applies_to_each_claim():
    m = north_cumbria(cap=100_000)
    r = m.breach(["sub-a/essential", "sub-a/premises"], by="ncpcc", loss=[80_000, 80_000],
                 on="2020-01-01")
    recovered = sum(c.recoverable for c in r.claims
                    if c.respondent == "ncpcc" and c.basis == "subcontract")
    assert recovered == 160_000
    assert r.borne["ncpcc"] == 160_000


def test_caps_breach_of_several_obligations_needs_a_loss_each():
    m = north_cumbria(cap=100_000)
    with pytest.raises(ValueError):
        m.breach(["sub-a/essential", "sub-a/premises"], by="ncpcc", loss=[80_000])


# Bounded cost — paths explosion ------------------------------------------------------------------

LEVELS = 16


def exploding(levels: int = LEVELS) -> gg.Model:
    m = gg.Model()
    m.add_organisation("c", kind="commissioner", legal_form="statutory_body")
    for k in range(levels + 1):
        for side in ("a", "b"):
            m.add_organisation(f"{side}{k}", legal_form="limited_company")
    m.add_contract("k0", kind="gms", parties={"commissioner": "c", "holder": ["a0", "b0"]},
                   obligations=[{"id": "k0/x"}])
    for k in range(1, levels + 1):
        m.add_contract(f"k{k}", kind="subcontract", head=f"k{k - 1}", onward_subcontracting=True,
                       parties={"contractor": [f"a{k - 1}", f"b{k - 1}"],
                                "subcontractor": [f"a{k}", f"b{k}"]},
                       obligations=[{"id": f"k{k}/x", "flows_from": f"k{k - 1}/x"}])
    return m


EXPECTED_PATHS = 2 * 2 ** LEVELS   # two bottom debtors, two creditors at each sub-contract level


def test_paths_explosion_counted_fast():
    m = exploding()
    assert m.count_liability_paths("k0/x") == EXPECTED_PATHS
    assert m.count_liability_paths(f"k{LEVELS}/x") == EXPECTED_PATHS
    assert m.count_liability_paths(f"k{LEVELS - 1}/x") == EXPECTED_PATHS


def test_paths_explosion_refused_beyond_max_paths():
    m = exploding()
    with pytest.raises(gg.ModelError) as e:
        m.liability_paths("k0/x", max_paths=1000)
    assert e.value.id == "too_many_paths"
    assert str(EXPECTED_PATHS) in str(e.value)
    with pytest.raises(gg.ModelError) as e:
        m.liability_paths(None, max_paths=1000)
    assert e.value.id == "too_many_paths"


def test_paths_explosion_liability_graph_gives_each_hop_once():
    m = exploding()
    g = m.liability_graph("k0/x")
    keys = [(h.debtor, h.creditor, h.obligation, h.basis) for h in g]
    assert len(keys) == len(set(keys))
    assert len(keys) == 2 + 4 * LEVELS   # two holders to c, four hops per sub-contract level
    # every path crosses each level once: each level's hops carry all the paths
    for k in range(LEVELS + 1):
        assert sum(h.paths for h in g if h.obligation == f"k{k}/x") == EXPECTED_PATHS
    # conservation: the paths arriving at a debtor are the paths leaving it
    for k in range(1, LEVELS + 1):
        for d in (f"a{k - 1}", f"b{k - 1}"):
            into = sum(h.paths for h in g if h.creditor == d)
            out = sum(h.paths for h in g if h.debtor == d)
            assert into == out == EXPECTED_PATHS // 2


def test_paths_explosion_small_case_matches_enumeration():
    m = exploding(4)
    for o in ("k0/x", "k2/x", "k4/x"):
        paths = m.liability_paths(o, max_paths=10_000)
        assert len(paths) == m.count_liability_paths(o) == 2 * 2 ** 4
        assert len({tuple(p.nodes) for p in paths}) == len(paths)
        counted = {}
        for p in paths:
            for h in p.hops:
                key = (h.debtor, h.creditor, h.obligation)
                counted[key] = counted.get(key, 0) + 1
        assert {(h.debtor, h.creditor, h.obligation): h.paths
                for h in m.liability_graph(o)} == counted


def test_paths_explosion_breach_works_from_the_edges():
    m = exploding()
    r = m.breach(f"k{LEVELS}/x", by=f"a{LEVELS}", loss=1_000, on="2020-01-01")
    assert sum(r.borne.values()) == 1_000
    assert len([c for c in r.claims if c.basis in ("contract", "subcontract")]) == LEVELS + 1


# Negligence claims ---------------------------------------------------------------------------

def test_negligence_claim_against_an_agency_performer():
    m = north_cumbria(head_cap=100_000, cap=50_000)
    m.add_organisation("agency", kind="company", legal_form="limited_company")
    m.add_person("locum", profession="gp")
    m.add_relation("employs", "agency", "locum")
    m.add_relation("performs", "locum", "gms-a/essential")
    r = m.breach("gms-a/essential", by="locum", loss=500_000, claim="negligence",
                 on="2020-01-01")
    assert {(c.respondent, c.basis) for c in r.claims} >= {("locum", "personal"),
                                                          ("agency", "vicarious")}
    assert all(c.claimant is None for c in r.claims)
    assert all(c.recoverable == 500_000 for c in r.claims)   # no contract cap in tort
    assert borne(r) == {"agency": 500_000.0}
    assert not [c for c in r.claims if c.respondent in ("01H", "ncpcc")]


def test_negligence_a_performer_with_no_performs_cannot_be_sued_in_negligence():
    with pytest.raises(gg.ModelError):
        north_cumbria().breach("gms-a/essential", by="gp-a1", loss=1, claim="negligence",
                               on="2020-01-01")


def test_negligence_non_delegable_duty_makes_the_obligor_answer():
    m = gg.Model()
    m.add_organisation("ccg", kind="commissioner", legal_form="statutory_body")
    m.add_organisation("p", kind="practice", legal_form="limited_company")
    m.add_organisation("agency", legal_form="limited_company")
    m.add_person("locum", profession="gp")
    m.add_relation("employs", "agency", "locum")
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "p"},
                   obligations=[{"id": "gms/x", "category": "clinical", "non_delegable": True}])
    m.add_relation("performs", "locum", "gms/x")
    assert (("p", None, "gms/x", "non_delegable", "negligence")) in rows(m, "p")
    r = m.breach("gms/x", by="locum", loss=1_000, claim="negligence", on="2020-01-01")
    assert {(c.respondent, c.basis) for c in r.claims} == {
        ("locum", "personal"), ("agency", "vicarious"), ("p", "non_delegable")}


# Delegated commissioning ---------------------------------------------------------------------

def test_delegation_rows_to_the_commissioner_are_managed_by_the_delegate():
    m = north_cumbria(commissioner="nhse")
    m.add_organisation("icb", kind="commissioner", legal_form="statutory_body")
    m.add_relation("delegates", "nhse", "icb")
    to_nhse = [r for r in m.accountability() if r.to == "nhse"]
    assert to_nhse and all(r.managed_by == "icb" for r in to_nhse)
    assert all(r.managed_by is None for r in m.accountability() if r.to not in ("nhse",))
    [path] = m.liability_paths("gms-a/premises")
    assert path.hops[-1].managed_by == "icb"


def test_delegation_without_delegates_has_no_manager():
    m = north_cumbria(commissioner="nhse")
    assert all(r.managed_by is None for r in m.accountability())


# Lint -------------------------------------------------------------------------------------------

def test_lint_the_base_model_is_clean():
    assert not [f for f in north_cumbria().lint()
                if f.kind in ("gms_holder_form", "corporate_partner", "partner_employed_by_firm")]


def test_lint_gms_holder_form_an_llp_may_not_hold_gms():
    m = gg.Model()
    m.add_organisation("ccg", kind="commissioner", legal_form="statutory_body")
    m.add_organisation("llp", kind="practice", legal_form="llp")
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "llp"},
                   obligations=[{"id": "gms/x"}])
    [f] = [f for f in m.lint() if f.kind == "gms_holder_form"]
    assert (f.subject, f.other) == ("llp", "gms") and "s.86" in f.basis


def test_lint_corporate_partner_in_a_gms_partnership():
    m = north_cumbria()
    m.add_organisation("corp", legal_form="limited_company")
    m.add_relation("partner_in", "corp", "practice-a")
    [f] = [f for f in m.lint() if f.kind == "corporate_partner"]
    assert (f.subject, f.other) == ("practice-a", "corp")


def test_lint_partner_employed_by_firm():
    m = north_cumbria()
    m.add_relation("employs", "practice-a", "gp-a1")
    [f] = [f for f in m.lint() if f.kind == "partner_employed_by_firm"]
    assert (f.subject, f.other) == ("gp-a1", "practice-a")


# Property: accountability() and liability_paths() agree ---------------------------------------

FORMS = ["partnership", "sole_trader", "limited_company", "company_limited_by_guarantee", "llp",
         "community_interest_company", "statutory_body", "unincorporated", "other"]
SCOPES = ["all", "contract", "clinical_negligence", "cnsgp", "negligence"]
CATEGORIES = ["clinical", "premises", "admin", None]


def random_model(seed: int) -> gg.Model:
    rng = random.Random(seed)
    m = gg.Model(name=f"random {seed}")
    comms = [f"com{i}" for i in range(rng.randint(1, 2))]
    for c in comms:
        m.add_organisation(c, kind="commissioner", legal_form="statutory_body")
    orgs = [f"org{i}" for i in range(rng.randint(2, 5))]
    forms = {}
    for o in orgs:
        forms[o] = rng.choice(FORMS)
        m.add_organisation(o, kind="practice", legal_form=forms[o])
    people = [f"p{i}" for i in range(rng.randint(1, 5))]
    for p in people:
        m.add_person(p, profession=rng.choice(["gp", "nurse", "manager"]))

    def maybe_dates():
        if rng.random() < 0.2:
            return {"start": rng.choice(["2012-01-01", "2018-01-01"])}
        if rng.random() < 0.1:
            return {"end": rng.choice(["2016-01-01", "2022-01-01"])}
        return {}

    for o in orgs:
        if forms[o] == "partnership":
            for p in rng.sample(people, rng.randint(0, len(people))):
                m.add_relation("partner_in", p, o, **maybe_dates())
            if rng.random() < 0.2:   # a nested firm as partner
                other = rng.choice([x for x in orgs if x != o])
                m.add_relation("partner_in", other, o)
        elif forms[o] == "sole_trader" and rng.random() < 0.9:
            m.add_relation("owns", rng.choice(people), o, share=1.0)
        elif rng.random() < 0.3:
            m.add_relation("member_of", rng.choice(people), o)
    for p in people:
        for o in rng.sample(orgs, rng.randint(0, 2)):
            m.add_relation("employs", o, p, **maybe_dates())

    obligations = []
    contracts = []
    n = 0
    for holder in orgs:
        if rng.random() < 0.6:
            continue
        cid = f"gms{n}"
        n += 1
        head_obs = [f"{cid}/o{j}" for j in range(rng.randint(1, 3))]
        m.add_contract(cid, kind=rng.choice(["gms", "gms", "pms", "apms"]),
                       parties={"commissioner": rng.choice(comms), "holder": holder},
                       liability_cap=rng.choice([None, 50_000]),
                       obligations=[{"id": o, "category": rng.choice(CATEGORIES)}
                                    for o in head_obs],
                       **maybe_dates())
        contracts.append(cid)
        obligations += head_obs
        contractor, parent, parent_obs = holder, cid, head_obs
        for _depth in range(rng.randint(0, 3)):
            sub = rng.choice([x for x in orgs if x != contractor])
            sid = f"sub{n}"
            n += 1
            kept = rng.sample(parent_obs, rng.randint(1, len(parent_obs)))
            obs = [f"{sid}/{o.split('/')[1]}" for o in kept]
            fields = {}
            if rng.random() < 0.3:
                fields["onward_subcontracting"] = rng.random() < 0.5
            m.add_contract(sid, kind="subcontract", head=parent,
                           binding=rng.choice([None, None, None, False]),
                           parties={"contractor": contractor, "subcontractor": sub},
                           obligations=[{"id": s, "flows_from": o} for s, o in zip(obs, kept)],
                           **fields)
            contracts.append(sid)
            obligations += obs
            contractor, parent, parent_obs = sub, sid, obs
    if rng.random() < 0.3 and len(orgs) >= 2:   # an MoU between two organisations
        a, b = rng.sample(orgs, 2)
        mid = f"mou{n}"
        m.add_contract(mid, kind="mou", parties={"party": [a, b]},
                       obligations=[{"id": f"{mid}/x", "obligor": a, "obligee": b}])
        obligations.append(f"{mid}/x")
        contracts.append(mid)
    if obligations:
        for _ in range(rng.randint(0, 4)):
            m.add_relation("performs", rng.choice(people + orgs), rng.choice(obligations),
                           **maybe_dates())
    for _ in range(rng.randint(0, 2)):
        g = rng.choice(people + orgs)
        target = rng.choice(orgs + contracts) if contracts else rng.choice(orgs)
        kw = {}
        if target in orgs and rng.random() < 0.7:
            kw["beneficiary"] = rng.choice(orgs + comms)
        elif target in orgs and contracts and rng.random() < 0.5:
            kw["contract"] = rng.choice(contracts)
        if g != target:
            m.add_relation("guarantees", g, target, **kw)
    for _ in range(rng.randint(0, 2)):
        i = rng.choice(orgs + ["nhsr"])
        if i == "nhsr" and "nhsr" not in m:
            m.add_organisation("nhsr", legal_form="statutory_body")
        target = rng.choice(orgs + people)
        if i != target:
            m.add_relation("indemnifies", i, target, scope=rng.choice(SCOPES))
    return m


CHAIN = {"contract", "subcontract", "non_binding", "employment"}


def check_agreement(m: gg.Model) -> None:
    acc = m.accountability()
    hops = [h for p in m.liability_paths(None) for h in p.hops]
    hop_keys = {(h.debtor, h.creditor, h.obligation, h.basis) for h in hops}
    row_keys = {(r.party, r.to, r.obligation, r.basis) for r in acc
                if r.claim == "contract" and r.basis in CHAIN}
    assert row_keys - hop_keys == set(), "rows with no hop"
    assert hop_keys - row_keys == set(), "hops with no row"
    by_key = {}
    for h in hops:
        by_key.setdefault((h.debtor, h.creditor, h.obligation), []).append(h)
    for r in acc:
        if r.claim == "contract" and r.basis in ("joint_and_several", "one_person"):
            matching = by_key.get((r.via, r.to, r.obligation), [])
            assert matching, f"joint row {r} has no hop"
            assert all(r.party in h.jointly_liable for h in matching), r
        if r.claim == "contract" and r.basis == "guarantee":
            matching = by_key.get((r.via, r.to, r.obligation), [])
            assert matching and all(r.party in h.guarantors for h in matching), r
    for h in hops:   # and every jointly liable party of a hop has its row
        for j in h.jointly_liable:
            assert any(r.party == j and r.via == h.debtor and r.to == h.creditor
                       and r.obligation == h.obligation and r.claim == "contract"
                       and r.basis in ("joint_and_several", "one_person") for r in acc), (h, j)


def test_property_accountability_and_liability_paths_agree_on_1000_random_models():
    failures = []
    seen = set()   # the generator must keep exercising every rule the check is about
    for seed in range(1000):
        m = random_model(seed)
        seen |= {r.basis for r in m.accountability(claim="contract")}
        try:
            check_agreement(m)
        except AssertionError as e:
            failures.append((seed, str(e).splitlines()[0][:300]))
    assert not failures, f"{len(failures)} of 1000 models disagree, first: {failures[:5]}"
    assert seen >= {"contract", "subcontract", "non_binding", "employment", "joint_and_several",
                    "one_person", "guarantee", "indemnity"}


def test_property_no_employer_answers_in_contract_outside_its_contracts():
    for seed in range(300):
        m = random_model(seed)
        for r in m.accountability(claim="contract"):
            if r.basis in ("contract", "subcontract", "non_binding"):
                flat = set()
                for v in m.get(r.contract)["parties"].values():
                    flat |= set(v) if isinstance(v, list) else {v}
                assert {r.party, r.to} <= flat, (seed, r)
            if r.basis == "employment":   # only to an employer that owes the obligation
                owed = {x.party for x in m.accountability(r.to, claim="contract")
                        if x.obligation == r.obligation
                        and x.basis in ("contract", "subcontract", "non_binding")}
                assert r.to in owed, (seed, r)


def test_rule4_an_incoming_partner_is_not_liable_under_a_contract_made_before_joining():
    # PA 1890 s.17(1): a lease made in 2015 binds the partners of 2015; a partner from 2021 is
    # not liable under it. A GMS contract is varied on every change of partners, so there the
    # partners of the day answer.
    m = north_cumbria()
    m.add_organisation("ll", kind="company", legal_form="limited_company")
    m.add_person("gp-n", profession="gp")
    m.add_relation("partner_in", "gp-n", "practice-a", start="2021-09-01")
    m.add_contract("lease", kind="lease", start="2015-01-01",
                   parties={"landlord": "ll", "tenant": "practice-a"},
                   obligations=[{"id": "lease/rent"}])
    r = m.breach("lease/rent", by="practice-a", loss=300, on="2022-01-01")
    assert "gp-n" not in {c.respondent for c in r.claims}
    assert {c.respondent for c in r.claims if c.basis == "joint_and_several"} == {"gp-a1", "gp-a2"}
    assert "gp-n" not in r.borne   # nor does the firm's loss under it fall on gp-n
    g = m.breach("gms-a/premises", by="practice-a", loss=300, on="2022-01-01")
    assert "gp-n" in {c.respondent for c in g.claims if c.basis == "joint_and_several"}


def test_rule4_a_retired_partner_stays_liable_under_a_contract_made_while_a_partner():
    # PA 1890 s.17(2): a partner who retires "does not thereby cease to be liable for partnership
    # debts or obligations incurred before his retirement". A lease made in 2015 binds gp-old
    # (partner 2010 to 2021-08) for a breach in 2022, after the retirement; gp-rel, released by
    # novation (s.17(3)), does not answer; gp-new, who joined after the lease, does not (s.17(1)).
    m = dated_partners()
    m.add_organisation("ll", kind="company", legal_form="limited_company")
    m.add_contract("lease", kind="lease", start="2015-01-01",
                   parties={"landlord": "ll", "tenant": "practice-a"},
                   obligations=[{"id": "lease/rent"}])
    r = m.breach("lease/rent", by="practice-a", loss=9_000, on="2022-01-01")
    joint = {c.respondent for c in r.claims if c.basis == "joint_and_several"}
    assert joint == {"gp-a1", "gp-a2", "gp-old"}
    # the firm's loss falls on those liable for it, the retired partner among them (s.24(1))
    assert {k: v for k, v in r.borne.items() if v} == {
        "gp-a1": pytest.approx(3_000), "gp-a2": pytest.approx(3_000),
        "gp-old": pytest.approx(3_000)}
    # the answer does not depend on the date, so an undated breach gives it too
    undated = m.breach("lease/rent", by="practice-a", loss=9_000)
    assert {c.respondent for c in undated.claims if c.basis == "joint_and_several"} == joint
    # the accountability rows say so on any day the lease runs
    rows = m.accountability("gp-old", as_of="2023-01-01")
    assert [(r.to, r.obligation, r.basis) for r in rows] == [
        ("ll", "lease/rent", "joint_and_several")]
    # under the GMS contract (varied on each change of partners) the partners of the day answer
    g = m.breach("gms-a/premises", by="practice-a", loss=9_000, on="2022-01-01")
    assert "gp-old" not in {c.respondent for c in g.claims}


def test_rule4_a_partner_who_retired_before_a_contract_was_made_is_not_liable_under_it():
    m = dated_partners()
    m.add_organisation("ll", kind="company", legal_form="limited_company")
    m.add_contract("lease-2022", kind="lease", start="2022-01-01",
                   parties={"landlord": "ll", "tenant": "practice-a"},
                   obligations=[{"id": "lease-2022/rent"}])
    r = m.breach("lease-2022/rent", by="practice-a", loss=9_000, on="2023-01-01")
    assert {c.respondent for c in r.claims if c.basis == "joint_and_several"} == {
        "gp-a1", "gp-a2", "gp-new"}
