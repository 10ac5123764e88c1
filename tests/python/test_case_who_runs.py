"""Who runs general practice (issue 15): the legal forms, groups and claims of the case study,
checked against an independent pandas reading of the raw files; an edited assumption moves a
printed result, in the module and in the notebook."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT, load_example

SHARED = ROOT.parent / "shared" / "data"
DATA = SHARED / "nhs"
CQC = SHARED / "cqc" / "gp-providers-2025-12.xlsx"
pytestmark = pytest.mark.skipif(not (DATA.exists() and CQC.exists()),
                                reason=f"NHS and CQC data not found at {SHARED}")

case = load_example("who_runs_case")


@pytest.fixture(scope="module")
def sheet():
    return case.cqc_sheet()


@pytest.fixture(scope="module")
def built(sheet):
    m = case.build(cqc=sheet)
    return m, case.findings(m)


@pytest.fixture(scope="module")
def raw(sheet):
    """The files with pandas alone: the active GP practices of December 2023 (code -> ICB),
    list sizes, and the CQC locations not dormant, by ODS code."""
    ods = pd.read_csv(DATA / "epraccur-2023-12.csv", header=None, dtype=str)
    active = ods[(ods[12] == "A") & (ods[25] == "4")].set_index(0)[3]
    active = active[active != "Q99"]  # Wales: its health boards, not ICBs
    sizes = pd.read_csv(DATA / "gp-reg-pat-prac-all-2021-01.csv", dtype={"CODE": str}
                        ).set_index("CODE").NUMBER_OF_PATIENTS
    cqc = sheet.copy()
    cqc["ods"] = cqc["Location ODS Code"].astype("string").str.strip()
    cqc = cqc[cqc.ods.notna() & (cqc["Dormant (Y/N)"] != "Y")].drop_duplicates("ods")
    return active, sizes, cqc.set_index("ods")


def test_legal_forms_follow_the_cqc_ownership_type(built, raw):
    m, f = built
    active, sizes, cqc = raw
    listed = cqc.reindex(active.index)
    kind = listed["Provider Ownership Type"]
    counts = f["by_form"].set_index("legal_form").practices
    assert counts["partnership"] == (kind == "Partnership").sum()
    assert counts["sole_trader"] == (kind == "Individual").sum()
    assert counts.get("statutory_body", 0) == (kind == "NHS Body").sum()
    companies = ("limited_company", "community_interest_company", "llp", "other")
    assert sum(counts.get(c, 0) for c in companies) + (
        counts.get("unknown", 0) - kind.isna().sum()) == (kind == "Organisation").sum()
    assert f["not_in_cqc"] == kind.isna().sum()
    assert counts.sum() == len(active) == f["practices"].shape[0]
    patients = f["by_form"].set_index("legal_form").patients
    expected = sizes.reindex(active.index[(kind == "Partnership").to_numpy()]).sum()
    assert patients["partnership"] == expected
    assert f["patients"] == sizes.reindex(active.index).sum()


def test_icb_shares_add_up_and_name_each_icb(built, raw):
    _, f = built
    active, _, _ = raw
    icbs = f["by_icb"]
    assert set(icbs.icb) == set(active)
    forms = list(f["by_form"].legal_form)
    sized = icbs[icbs.patients > 0]
    assert sized[forms].sum(axis=1).round(9).eq(1).all()
    assert (icbs[icbs.patients == 0][forms] == 0).all().all()
    assert sized.icb_name.notna().sum() == 42  # the lookup's 42 ICBs, named


def test_groups_are_cqc_brands_with_their_practices(built, raw):
    _, f = built
    active, sizes, cqc = raw
    brands = cqc[cqc["Brand Name"].notna() & (cqc["Brand Name"] != "-")]
    brands = brands[brands.index.isin(active.index)]
    expected = brands.groupby("Brand Name").size().sort_values(ascending=False)
    got = f["groups"].set_index("name").practices
    top = expected.index[0]
    assert top.removeprefix("BRAND ") == f["groups"].name.iloc[0]
    assert got[top.removeprefix("BRAND ")] == expected.iloc[0]
    assert got.sum() == expected.sum()


def test_claims_come_from_breach_and_the_rules(built, raw):
    _, f = built
    _, _, cqc = raw
    c = f["claims"].set_index("legal_form")
    partnership = c.loc["partnership"]
    partner = cqc.loc[partnership.practice, "Provider Main Partner Name"]
    # the firm and all its partners are liable; the register names only the main partner
    assert partnership.bears.startswith("the firm and all its partners") and partner in \
        partnership.bears
    assert partnership.contract == "GMS"
    company = c.loc["limited_company"]
    # the legal person is the CQC provider, not the site's (possibly out-of-date) ODS name
    provider = cqc.loc[company.practice, "Provider Name"]
    assert company.bears.startswith(provider) and company.claim_against.startswith(provider)
    assert c.claimant.str.startswith("NHS England").all()
    assert c.loc["limited_company"].shielded.startswith("its members")
    # an LLP may not hold GMS (NHS Act 2006 s.86(2)): the core's table says APMS
    if "llp" in c.index:
        assert c.loc["llp"].contract == "APMS"


def test_the_share_behind_limited_liability(built):
    _, f = built
    t = f["by_form"].set_index("legal_form")
    shielded = t.patients[t.regime == "shielded"].sum()
    known = t.patients.drop("unknown", errors="ignore").sum()
    assert f["shielded_share"] == pytest.approx(shielded / known)
    assert 0 < f["shielded_share"] < 0.5


def test_the_newer_extract_moves_the_unknowns(built, sheet):
    _, f = built
    newer = case.findings(case.build({"practices_extract": "epraccur-2026-02.csv"}, cqc=sheet))
    assert newer["unknown"] != f["unknown"]


def test_the_notebook_moves_when_an_assumption_is_edited():
    pytest.importorskip("nbclient")
    from test_notebooks import NOTEBOOKS, edit_assumptions, outputs, run

    def unknown(nb) -> str:
        return next(s for s in outputs(nb, "text") if "are of unknown legal" in s)

    base = run(NOTEBOOKS / "who_runs_general_practice.ipynb")
    newer = run(NOTEBOOKS / "who_runs_general_practice.ipynb", edit_assumptions(
        ('"epraccur-2023-12.csv"', '"epraccur-2026-02.csv"')))
    assert unknown(base) != unknown(newer)
