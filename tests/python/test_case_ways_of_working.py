"""Ways of working together compared (seed 004): the practices checked against the files
themselves, each arrangement's key answers checked by hand, and assumptions that move results,
in the module and in the notebook; and the MoU formalised into a sub-contract on a day: who
answers to whom and what a breach leaves each party bearing, the day before and the day
itself."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT, load_example

DATA = ROOT.parent / "shared" / "data" / "nhs"
NOTEBOOK = ROOT / "examples" / "notebooks" / "ways_of_working.ipynb"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"NHS data not found at {DATA}")

case = load_example("ways_of_working_case")
A = case.ASSUMPTIONS["breach_practice"]
LOSS = case.ASSUMPTIONS["breach_loss"]
CAP = case.ASSUMPTIONS["subcontract_cap"]


@pytest.fixture(scope="module")
def found():
    return case.findings()


def row(found, key: str) -> pd.Series:
    return found["table"].set_index("arrangement").loc[case.ARRANGEMENTS[key]]


def test_practices_against_the_files(found):
    partners = pd.read_excel(DATA / "ePCN-2019-12.xlsx", sheet_name="PCN Core Partner Details",
                             dtype=str)
    codes = sorted(partners[partners["PCN Code"] == "U11269"]["Partner Organisation Code"])
    sizes = pd.read_csv(DATA / "gp-reg-pat-prac-all-2021-01.csv", dtype={"CODE": str}
                        ).set_index("CODE").NUMBER_OF_PATIENTS
    t = found["practices"]
    assert list(t.code) == codes and len(codes) == 4
    assert list(t.list_size) == [int(sizes[c]) for c in codes]
    assert set(t.commissioner) == {"01A"}
    assert A in codes


def test_partners_follow_the_list_size(found):
    m = found["models"]["informal"]
    rel = m.relations_frame()
    partners = rel[rel.kind == "partner_in"].groupby("target").size()
    for code, size in zip(found["practices"].code, found["practices"].list_size):
        assert partners[code] == max(1, round(size / 2500))


def test_informal_cover_leaves_the_holder_bearing_all(found):
    m, b = found["models"]["informal"], found["breach"]["informal"]
    cover = case._cover(found["practices"])[A]
    assert b["borne"] == {A: LOSS}
    assert [str(p) for p in m.liability_paths(f"gms-{A}/essential")] == [f"{A} -[contract]-> 01A"]
    # the covering practice performs, with no contract: the holder answers in contract for
    # whoever it has perform its obligations, so the commissioner's claim is against the holder
    r = m.breach(f"gms-{A}/essential", by=cover, loss=LOSS, on="2020-01-01")
    assert [(c.claimant, c.respondent, c.basis) for c in r.claims][0] == ("01A", A, "contract")
    assert cover not in {c.respondent for c in r.claims}
    assert any("answers in contract for whoever it has perform it" in n for n in r.notes)
    assert row(found, "informal")["boards"] == "none"


def test_under_an_mou_no_obligation_flows_and_the_claim_is_not_enforceable(found):
    m, b = found["models"]["mou"], found["breach"]["mou"]
    assert row(found, "mou")[f"obligations flowed down from {A}'s contract"] == 0
    assert b["borne"] == {A: LOSS}
    cover = case._cover(found["practices"])[A]
    claims = b["reports"][1].claims
    assert claims[0].respondent == cover and claims[0].basis == "non_binding"
    # the covering practice's partners follow the claim (joint and several), all for nothing
    assert {c.respondent for c in claims[1:]} == {
        p for p in m.ids("person") if p.startswith(f"{cover}-gp")}
    assert all(c.claimant == A and not c.enforceable and c.recoverable == 0 for c in claims)
    acc = m.accountability().to_frame()
    mou_rows = acc[acc.contract == "mou"]
    assert (mou_rows.basis == "non_binding").sum() == 4       # one cover duty per practice
    assert not mou_rows.enforceable.any()


def test_a_federation_holding_the_contracts_shields_the_practices(found):
    b = found["breach"]["federation"]
    r = row(found, "federation")
    assert r[f"holds {A}'s contract"] == "fed"
    assert r["organisations answering to the commissioner"] == "fed"
    assert r["people answering to the commissioner"] == 0
    assert r["contracts with the commissioner"] == 4          # four contracts, not one
    assert b["borne"] == {"fed": LOSS}
    assert b["shielded"] == sorted(found["practices"].code)
    assert r[f"employs {A}'s GPs"] == "fed" and r[f"occupies {A}'s premises"] == "fed"
    assert r[f"owns {A}'s premises"] == A


def test_ipa_keeps_sovereignty_and_caps_the_back_office(found):
    r = row(found, "ipa")
    assert (r[f"holds {A}'s contract"], r[f"employs {A}'s staff"], r[f"owns {A}'s premises"],
            r[f"occupies {A}'s premises"]) == (A, A, A, A)
    assert r["contracts with the commissioner"] == 5          # the IPA's own contract too
    assert found["breach"]["ipa"]["borne"] == {A: LOSS}
    cap = case.ASSUMPTIONS["back_office_cap"]
    assert found["back_office"]["borne"] == {A: LOSS - cap, "ipa": cap}


def test_under_merger_the_single_partnership_bears_the_loss(found):
    m, b = found["models"]["merger"], found["breach"]["merger"]
    gps = [p for p in m.ids("person") if "-gp" in p]
    assert len(gps) == 16
    assert b["borne"] == {"merged": LOSS}
    assert sorted(k for k, v in b["exposure"].items() if v == LOSS) == sorted(gps + ["merged"])
    r = row(found, "merger")
    assert r["contracts with the commissioner"] == 1
    assert r["partners exposed (each for the whole)"] == 16
    assert r[f"owns {A}'s premises"] == "merged"


def test_the_alliance_sub_contract_caps_recovery(found):
    m, b = found["models"]["alliance"], found["breach"]["alliance"]
    assert b["borne"] == {A: LOSS - CAP, "collab": CAP}
    assert b["commissioner claims against"] == sorted([A] + [f"{A}-gp{i}" for i in range(1, 6)])
    assert [str(p) for p in m.liability_paths(f"gms-{A}/essential")] == [
        f"collab -[subcontract]-> {A} -[contract]-> 01A"]
    r = row(found, "alliance")
    assert r[f"obligations flowed down from {A}'s contract"] == 4
    assert r[f"employs {A}'s GPs"] == "collab" and r[f"holds {A}'s contract"] == A


def test_voting_power_of_each_practice(found):
    power = found["power"].pivot(index="practice", columns="arrangement", values="banzhaf")
    labels = case.ARRANGEMENTS
    assert (power[labels["informal"]] == 0).all()
    for key in ("mou", "federation", "ipa", "alliance"):
        assert power[labels[key]].tolist() == pytest.approx([0.25] * 4)
    # merger: partners' blocs 5, 4, 6, 1 of 16 votes, more than half (9) to pass. The
    # one-partner practice is never decisive (no others sum to exactly 8); the other three are
    # symmetric (any two of them pass, with or without the fourth): 1/3 each
    assert power[labels["merger"]].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0])


def test_assumptions_move_the_module_results(found):
    uncapped = case.findings({"subcontract_cap": None, "breach_practice": "P81620",
                              "board_votes": "list_size"})
    assert uncapped["breach"]["alliance"]["borne"] == {"collab": LOSS}
    assert uncapped["breach"]["informal"]["borne"] == {"P81620": LOSS}
    assert (uncapped["table"].set_index("arrangement").loc[
        case.ARRANGEMENTS["informal"], "partners exposed (each for the whole)"] == 1)
    # one vote per 1,000 patients: 14, 11, 14 and 1 votes, more than half (21) to pass; the
    # smallest practice is never decisive, the others any two of them
    power = uncapped["power"].pivot(index="practice", columns="arrangement", values="banzhaf")
    assert power[case.ARRANGEMENTS["alliance"]].tolist() == pytest.approx([1 / 3] * 3 + [0])


@pytest.fixture(scope="module")
def notebook():
    pytest.importorskip("nbclient")
    from test_notebooks import run

    return run(NOTEBOOK)


def test_the_notebook_moves_when_the_cap_is_edited(notebook):
    from test_notebooks import edit_assumptions, outputs, run

    def alliance_line(nb) -> str:
        return next(s for s in outputs(nb, "text") if "Finding: in the alliance" in s)

    uncap = edit_assumptions(('"subcontract_cap": 100_000', '"subcontract_cap": None'))

    base, edited = notebook, run(NOTEBOOK, uncap)
    assert f"left bearing {LOSS - CAP:,.0f} of {LOSS:,.0f}" in alliance_line(base)
    assert f"left bearing 0 of {LOSS:,.0f} (sub-contract cap: none)" in alliance_line(edited)


# -- change over time: the MoU formalised into a sub-contract -------------------------------------

DAY = case.ASSUMPTIONS["formalise_on"]


@pytest.fixture(scope="module")
def formal(found):
    return case.formalisation(table=found["practices"])


def test_the_mou_ends_and_the_sub_contracts_start_on_the_day(formal, found):
    m = formal["model"]
    cover = case._cover(found["practices"])
    assert formal["cover"] == cover[A] and formal["days"] == {"before": "2021-03-31",
                                                              "after": DAY}
    assert m.get("mou")["end"] == DAY and m.get("mou")["start"] == case.ASSUMPTIONS["mou_on"]
    subs = m.nodes_frame(type="contract", as_of=DAY)
    assert "mou" not in set(subs.id)
    assert "mou" in set(m.nodes_frame(type="contract", as_of="2021-03-31").id)
    rel = m.relations_frame(implied=True, as_of=DAY)
    for code, by in cover.items():
        parties = rel[(rel.kind == "party") & (rel.target == f"cover-{code}")]
        assert dict(zip(parties.role, parties.source)) == {"contractor": code,
                                                          "subcontractor": by}
        flows = rel[(rel.kind == "flows_from") & (rel.source == f"cover-{code}/essential")]
        assert flows.target.tolist() == [f"gms-{code}/essential"]
        assert m.get(f"cover-{code}")["start"] == DAY
    # the steering group carries on
    assert m.representation("mou-group-board", as_of=DAY).total_votes == 4


def test_who_answers_to_whom_the_day_before_and_the_day_after(formal):
    rows, cover = formal["rows"], formal["cover"]
    before = rows[(rows.as_of == "2021-03-31") & (rows.to == A)]
    after = rows[(rows.as_of == DAY) & (rows.to == A)]
    assert before[["party", "contract", "basis", "enforceable", "end"]].values.tolist() == [
        [cover, "mou", "non_binding", False, DAY]]
    assert after[["party", "contract", "basis", "enforceable", "start"]].values.tolist() == [
        [cover, f"cover-{A}", "subcontract", True, DAY]]
    # A answers to the CCG on both days, under its own contract
    for day in ("2021-03-31", DAY):
        gms = rows[(rows.as_of == day) & (rows.to == "01A")]
        assert gms[["party", "contract", "enforceable"]].values.tolist() == [
            [A, f"gms-{A}", True]]
    assert [str(p) for p in formal["paths"]["before"]] == [f"{A} -[contract]-> 01A"]
    assert [str(p) for p in formal["paths"]["after"]] == [
        f"{cover} -[subcontract]-> {A} -[contract]-> 01A"]


def test_the_breach_leaves_the_practice_with_an_enforceable_claim_only_after(formal):
    before, after, cover = formal["breach"]["before"], formal["breach"]["after"], formal["cover"]
    own = [c for c in before["claims"] if c.claimant == A]
    assert own and not any(c.enforceable for c in own) and all(c.recoverable == 0 for c in own)
    assert before["borne"] == {A: LOSS}
    mine = [c for c in after["claims"] if c.claimant == A and c.respondent == cover]
    assert [(c.basis, c.enforceable, c.recoverable) for c in mine] == [
        ("subcontract", True, LOSS)]
    assert after["borne"] == {cover: LOSS}
    # the CCG claims against the holder and its partners on both days
    assert before["commissioner claims against"] == after["commissioner claims against"] == (
        sorted([A] + [f"{A}-gp{i}" for i in range(1, 6)]))
    # after the day the MoU is no longer there to be breached
    import govgraph as gg
    with pytest.raises(gg.ModelError, match="not_in_force"):
        formal["model"].breach(f"mou/cover-{A}", by=cover, loss=LOSS, on=DAY, as_of=DAY)


def test_a_capped_cover_sub_contract_leaves_the_rest_on_the_practice(found):
    cap = 40_000
    f = case.formalisation({"cover_cap": cap}, table=found["practices"])
    assert f["breach"]["after"]["borne"] == {A: LOSS - cap, f["cover"]: cap}
    assert f["breach"]["before"]["borne"] == {A: LOSS}


def test_the_notebook_states_the_formalisation_and_moves_with_its_day(notebook):
    from test_notebooks import edit_assumptions, outputs, run

    def finding(nb) -> str:
        return next(s for s in outputs(nb, "text") if "under the MoU (basis" in s)

    earlier = run(NOTEBOOK, edit_assumptions(('"formalise_on": "2021-04-01"',
                                              '"formalise_on": "2020-01-01"')))
    base, moved = finding(notebook), finding(earlier)
    cover = case._cover(case.practices())[A]
    assert (f"as of 2021-03-31 {cover} covers {A} under the MoU (basis non_binding, "
            "enforceable: False, ending 2021-04-01)") in base
    assert f"left bearing {LOSS:,.0f} of {LOSS:,.0f}, with no claim it can enforce" in base
    assert (f"from 2021-04-01 the cover is a sub-contract (basis subcontract, enforceable: "
            f"True): the CCG still claims against {A}, which recovers {LOSS:,.0f} from {cover} "
            "and bears 0") in base
    assert "as of 2019-12-31" in moved and "ending 2020-01-01" in moved
    assert "from 2020-01-01 the cover is a sub-contract" in moved
