"""gg.cqc.read_providers, checked against the real CQC register of GP locations in
../shared/data/cqc (read from there, never copied).

The file is read once, with pandas, at module scope: expected counts are computed here from that
sheet, never with the importer, and the same sheet is handed to the importer (which takes the
sheet as pandas reads it as well as a path). The path route is checked on small spreadsheets
written here from rows of the real one.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

import pytest

import govgraph as gg
from conftest import snapshot
from govgraph import cqc, nhs

pd = pytest.importorskip("pandas")
pytest.importorskip("openpyxl")

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CQC = DATA / "cqc" / "gp-providers-2025-12.xlsx"
EPRACCUR = [DATA / "nhs" / "epraccur-2026-02.csv", DATA / "nhs" / "epraccur-2023-12.csv"]

NONE = {"*", "-"}


def need(*paths: Path) -> None:
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"data file(s) {', '.join(missing)} not found in {DATA} "
                    "(the shared data directory next to the repository)")


# -- fixtures: the file is read once -----------------------------------------------------------


@pytest.fixture(scope="module")
def sheet() -> pd.DataFrame:
    """The register as pandas reads it, every cell text."""
    need(CQC)
    s = pd.read_excel(CQC, dtype=str)
    s.attrs["path"] = str(CQC)  # names the file in errors and the source line
    return s


@pytest.fixture(scope="module")
def active(sheet) -> pd.DataFrame:
    """The locations that are not dormant, ODS codes as codes (a few have a leading space)."""
    a = sheet[sheet["Dormant (Y/N)"] != "Y"].copy()
    a["Location ODS Code"] = a["Location ODS Code"].str.strip().str.upper()
    return a


@pytest.fixture(scope="module")
def providers(active) -> pd.DataFrame:
    """One row per provider of a location that is not dormant."""
    return active.drop_duplicates("Provider ID").set_index("Provider ID")


@pytest.fixture(scope="module")
def national(sheet) -> gg.Model:
    return cqc.read_providers(sheet)


def provider_nodes(m: gg.Model) -> pd.DataFrame:
    f = m.nodes_frame(type="organisation")
    return f[f.id.str.startswith("cqc:")].set_index("id")


def relations(m: gg.Model, kind: str) -> pd.DataFrame:
    f = m.relations_frame()
    return f[f.kind == kind]


# -- what the file holds -----------------------------------------------------------------------


def test_the_issue_figures(sheet, national):
    assert len(sheet) == 6429 and sheet.shape[1] == 122
    assert sheet["Provider ID"].nunique() == 5738
    assert sheet["Provider Ownership Type"].value_counts().to_dict() == {
        "Partnership": 5084, "Organisation": 679, "Individual": 665, "NHS Body": 1}
    report = national.nhs_reports["cqc"]
    assert report.rows == len(sheet)


def test_providers_by_ownership_type(sheet, providers, national):
    nodes = provider_nodes(national)
    assert set(nodes.index) == {f"cqc:{p}" for p in providers.index}
    by_type = Counter(providers["Provider Ownership Type"])
    assert Counter(nodes.ownership_type) == by_type
    # all 5,738 providers, less those whose only locations are dormant
    gone = set(sheet["Provider ID"]) - set(providers.index)
    assert len(nodes) + len(gone) == 5738
    assert Counter(nodes.legal_form.dropna())["partnership"] == by_type["Partnership"]
    assert Counter(nodes.legal_form.dropna())["sole_trader"] == by_type["Individual"]
    assert Counter(nodes.legal_form.dropna())["statutory_body"] == by_type["NHS Body"]
    assert (nodes.kind == "nhs_trust").sum() == by_type["NHS Body"]


def expected_organisation_forms(providers: pd.DataFrame) -> Counter:
    """The legal forms docs/nhs.md gives an Organisation, worked out here from the sheet."""
    forms: Counter = Counter()
    org = providers[providers["Provider Ownership Type"] == "Organisation"]
    for number, name in zip(org["Provider Companies House Number"], org["Provider Name"]):
        if not isinstance(number, str):
            forms[None] += 1
        elif number[:2] in ("OC", "SO", "NC"):
            forms["llp"] += 1
        elif number[:2] in ("IP", "SP", "NP", "RS", "RC", "SR", "NR", "CE", "CS"):
            forms["other"] += 1
        elif re.search(r"(C\.?\s?I\.?\s?C\.?|community interest company)\s*$", name, re.I):
            forms["community_interest_company"] += 1
        else:
            forms["limited_company"] += 1
    return forms


def test_legal_forms_of_organisations(providers, national):
    nodes = provider_nodes(national)
    org = nodes[nodes.ownership_type == "Organisation"]
    expected = expected_organisation_forms(providers)
    assert expected[None] >= 1 and expected["llp"] >= 1 and expected["limited_company"] > 200
    assert Counter(org.legal_form.fillna("unset")) == {
        "unset" if form is None else form: n for form, n in expected.items()}
    assert org.legal_form_basis.notna().all() and nodes.legal_form_basis.notna().all()
    unknown = org[org.legal_form.isna()]
    assert set(unknown.legal_form_basis) == {
        "unknown: Organisation without a Companies House number"}
    report = national.nhs_reports["cqc"]
    assert report.unmatched["legal_form_unknown"] == sorted(unknown.index)
    # Companies House numbers are eight characters (the sheet lost some leading zeros)
    numbers = nodes.companies_house_number.dropna()
    assert (numbers.str.len() == 8).all()
    short = providers["Provider Companies House Number"].dropna()
    short = short[short.str.len() < 8]
    assert len(short) and {nodes.loc[f"cqc:{p}", "companies_house_number"]
                           for p in short.index} == {n.zfill(8) for n in short}
    assert (org[org.legal_form.isin(["limited_company", "llp",
                                     "community_interest_company"])].kind == "company").all()


def test_the_organisation_without_a_number_assumption_moves_a_count(sheet, providers,
                                                                     national):
    nodes = provider_nodes(national)
    without = expected_organisation_forms(providers)[None]
    m = cqc.read_providers(sheet, organisation_without_company_number="limited_company")
    moved = provider_nodes(m)
    before = Counter(nodes.legal_form.dropna())
    after = Counter(moved.legal_form.dropna())
    assert after["limited_company"] == before["limited_company"] + without
    assert "legal_form_unknown" not in m.nhs_reports["cqc"].unmatched
    assumed = moved[moved.legal_form_basis.str.startswith("assumed")]
    assert len(assumed) == without
    with pytest.raises(ValueError, match="organisation_without_company_number='ltd'"):
        cqc.read_providers(sheet, organisation_without_company_number="ltd")


# -- practices ---------------------------------------------------------------------------------


def test_practices_made_from_the_locations(active, national):
    sited = active[active["Location ODS Code"].notna()]
    f = national.nodes_frame(type="organisation")
    practices = f[f.kind == "practice"].set_index("id")
    assert set(practices.index) == set(sited["Location ODS Code"])
    controls = relations(national, "controls")
    # one location of a code given at two: the first row's (reported)
    twice = sited["Location ODS Code"][sited["Location ODS Code"].duplicated()]
    assert national.nhs_reports["cqc"].unmatched["ods_codes_given_twice"] == sorted(set(twice))
    assert len(controls) == len(sited) - len(twice)
    assert set(zip(controls.source, controls.target)) == {
        (f"cqc:{p}", c) for p, c in zip(sited["Provider ID"], sited["Location ODS Code"])}
    assert set(controls.basis) == {"cqc_registered_provider"}
    # each practice carries its provider's legal form
    form = provider_nodes(national).legal_form
    by_code = dict(zip(controls.target, controls.source))
    assert all(practices.legal_form.get(c) is form.get(by_code[c]) or
               practices.legal_form.get(c) == form.get(by_code[c]) for c in by_code)
    row = sited.iloc[0]
    node = national.get(row["Location ODS Code"])
    assert node["name"] == row["Location Name"]
    assert node["attributes"]["cqc_location_id"] == row["Location ID"]
    report = national.nhs_reports["cqc"]
    assert report.unmatched["locations_without_ods_code"] == sorted(
        active["Location ID"][active["Location ODS Code"].isna()])


def test_dormant_locations(sheet, national):
    dormant = sheet[sheet["Dormant (Y/N)"] == "Y"]
    assert len(dormant) >= 1
    assert national.nhs_reports["cqc"].unmatched["dormant_locations"] == sorted(
        dormant["Location ID"])
    m = cqc.read_providers(sheet, active_only=False)
    assert "dormant_locations" not in m.nhs_reports["cqc"].unmatched
    coded = dormant[dormant["Location ODS Code"].notna()]
    for code in coded["Location ODS Code"]:
        assert m.get(code)["attributes"]["dormant"] is True
    f = m.relations_frame()
    assert (f[f.kind == "controls"].dormant == True).sum() == len(coded)  # noqa: E712


def test_as_of_is_the_newest_date_in_the_file(sheet, national):
    dates = pd.to_datetime(pd.concat([sheet["Publication Date"],
                                      sheet["Location HSCA start date"],
                                      sheet["Provider HSCA start date"]]))
    newest = dates.max().strftime("%Y-%m-%d")
    report = national.nhs_reports["cqc"]
    assert report.as_of == newest
    assert national.sources[-1].endswith(f"gp-providers-2025-12.xlsx (as of {newest})")
    assert cqc.read_providers(sheet.head(20), as_of="2025-12-01").nhs_reports[
        "cqc"].as_of == "2025-12-01"


# -- people ------------------------------------------------------------------------------------


def test_main_partners_sole_traders_and_nominated_individuals(active, providers, national):
    partnership = providers[(providers["Provider Ownership Type"] == "Partnership")
                            & ~providers["Provider Main Partner Name"].isin(NONE)]
    partner_in = relations(national, "partner_in")
    to_providers = partner_in[partner_in.target.str.startswith("cqc:")]
    assert len(to_providers) == len(partnership)
    assert set(to_providers.target) == {f"cqc:{p}" for p in partnership.index}
    sample = partnership.iloc[0]
    who = to_providers[to_providers.target == f"cqc:{sample.name}"].source.iloc[0]
    assert national.get(who)["name"] == sample["Provider Main Partner Name"]
    assert who.startswith("cqc-person:" + sample.name.lower())

    individual = providers[providers["Provider Ownership Type"] == "Individual"]
    owns = relations(national, "owns")
    owners = owns[owns.target.str.startswith("cqc:")]
    assert len(owners) == len(individual)
    assert set(owns.share) == {1.0}
    named = dict(zip(owners.target, owners.source))
    p = individual.iloc[0]
    # CQC names an individual provider by the individual's own name
    assert national.get(named[f"cqc:{p.name}"])["name"] == p["Provider Name"]

    no_partner = partnership.index.symmetric_difference(
        providers[providers["Provider Ownership Type"] == "Partnership"].index)
    codes = set(active["Location ODS Code"][active["Provider ID"].isin(no_partner)].dropna())
    assert national.nhs_reports["cqc"].unmatched.get(
        "practices_without_partner_or_owner", []) == sorted(codes)

    nominated = providers[~providers["Provider Nominated Individual Name"].isin(NONE)]
    employs = relations(national, "employs")
    assert set(employs.role) == {"nominated_individual"}
    assert len(employs) <= len(nominated)
    assert set(employs.source) <= {f"cqc:{p}" for p in nominated.index}


# -- brands ------------------------------------------------------------------------------------


def test_brands_become_provider_groups(active, national):
    ssp = active[active["Brand ID"] == "BD322"]
    assert len(ssp) == 32 and set(ssp["Brand Name"]) == {"BRAND SSP Health Ltd"}
    group = national.get("cqc-brand:BD322")
    assert (group["name"], group["kind"]) == ("SSP Health Ltd", "provider_group")
    member_of = relations(national, "member_of")
    members = member_of[member_of.target == "cqc-brand:BD322"]
    assert set(members.source) == {f"cqc:{p}" for p in ssp["Provider ID"]}
    controls = relations(national, "controls")
    ssp_coded = ssp[ssp["Location ODS Code"].notna()]
    assert controls.source.isin(members.source).sum() == len(ssp_coded)
    brands = active[~active["Brand ID"].isin(NONE)]
    f = national.nodes_frame(type="organisation")
    assert set(f[f.kind == "provider_group"].id) == {f"cqc-brand:{b}" for b in brands["Brand ID"]}
    assert len(member_of) == brands["Provider ID"].nunique()


# -- into a model of the ODS practices ---------------------------------------------------------


@pytest.fixture(scope="module")
def ods() -> tuple[gg.Model, Path]:
    for path in EPRACCUR:
        if path.exists():
            try:
                return nhs.read_epraccur(path), path
            except ValueError:  # a newer format the importer does not read yet
                continue
    pytest.skip("no ODS epraccur extract this version of gg.nhs reads")


def test_linking_into_a_model_of_ods_practices(sheet, active, ods):
    practices, path = ods
    m = practices.copy()
    before = set(m.ids())
    out = cqc.read_providers(sheet, model=m)
    assert out is m
    report = m.nhs_reports["cqc"]
    f = practices.nodes_frame(type="organisation")
    in_model = set(f[f.kind == "practice"].id)
    coded = active[active["Location ODS Code"].notna()]
    assert report.unmatched["locations_not_in_model"] == sorted(
        set(coded["Location ODS Code"]) - set(f.id))
    assert report.unmatched["practices_not_in_cqc"] == sorted(
        in_model - set(sheet["Location ODS Code"].dropna().str.strip().str.upper()))
    linked = coded[coded["Location ODS Code"].isin(in_model)]
    controls = relations(m, "controls")
    assert len(controls) == len(linked)
    added = set(m.ids()) - before
    assert not any(i for i in added if not i.startswith(("cqc:", "cqc-person:", "cqc-brand:")))
    assert {f"cqc:{p}" for p in linked["Provider ID"]} <= added
    outside = {f"cqc:{p}" for p in active["Provider ID"]} - {
        f"cqc:{p}" for p in linked["Provider ID"]}
    assert report.unmatched["providers_outside_model"] == sorted(outside)
    assert not outside & added
    # the practices were given their providers' legal forms
    for code, pid in list(zip(linked["Location ODS Code"], linked["Provider ID"]))[:50]:
        assert m.get(code).get("legal_form") == m.get(f"cqc:{pid}").get("legal_form")
    assert report.added["legal forms given to practices"] == int(
        linked["Provider Ownership Type"].ne("Organisation").sum()
        + linked["Provider Companies House Number"].notna().sum())
    everything = cqc.read_providers(sheet, model=practices.copy(), all_providers=True)
    assert len(provider_nodes(everything)) == active["Provider ID"].nunique()


def test_a_practice_with_another_legal_form_keeps_it_and_is_reported(sheet):
    rows = sheet.head(30)
    first = rows.iloc[0]
    assert first["Provider Ownership Type"] == "Partnership"
    code = first["Location ODS Code"].strip()
    m = gg.Model(name="mine")
    m.add_organisation(code, name="mine", kind="practice", legal_form="limited_company")
    m.add_organisation("X00001", name="not in CQC", kind="practice")
    cqc.read_providers(rows, model=m)
    report = m.nhs_reports["cqc"]
    assert report.unmatched["legal_form_differs"] == [code]
    assert report.unmatched["practices_not_in_cqc"] == ["X00001"]
    assert m.get(code)["legal_form"] == "limited_company"
    assert m.get(f"cqc:{first['Provider ID']}")["legal_form"] == "partnership"
    partner_in = relations(m, "partner_in")
    assert code not in set(partner_in.target)  # partner_in must end at a partnership
    assert f"cqc:{first['Provider ID']}" in set(partner_in.target)


# -- breach: who answers for a GMS contract held by the practice ------------------------------


def practice_of(m: gg.Model, form: str) -> str:
    f = m.nodes_frame(type="organisation")
    return sorted(f[(f.kind == "practice") & (f.legal_form == form)].id)[0]


def test_breach_of_a_gms_contract_falls_on_the_right_parties(national):
    m = national.copy()
    m.add_organisation("icb", name="ICB", kind="commissioner", legal_form="statutory_body")
    controls = relations(m, "controls").set_index("target").source
    people = {kind: relations(m, kind) for kind in ("partner_in", "owns")}
    for form in ("partnership", "sole_trader", "limited_company", "statutory_body"):
        code = practice_of(m, form)
        kind = "apms" if form == "statutory_body" else "gms"
        m.add_contract(f"{kind}-{code}", kind=kind,
                       parties={"commissioner": "icb", "holder": code},
                       obligations=[{"id": f"{kind}-{code}/essential"}])
        r = m.breach(f"{kind}-{code}/essential", by=code, loss=100_000)
        borne = {who: x for who, x in r.borne.items() if x}
        provider = controls[code]
        if form == "partnership":
            # not a legal person: the main partner answers with the firm (jointly, PA 1890 s.9)
            partner = people["partner_in"].set_index("target").source[code]
            assert borne == {partner: 100_000}
            assert partner in r.exposure
            assert m.get(partner)["attributes"]["cqc_provider_id"] == provider[4:]
        elif form == "sole_trader":
            owner = people["owns"].set_index("target").source[code]
            assert borne == {owner: 100_000}
        else:
            # a company, or an NHS body: the holder itself, and nobody behind it
            assert borne == {code: 100_000}
            assert set(r.exposure) == {code}
        assert provider not in borne


# -- errors and the report ---------------------------------------------------------------------


def test_a_missing_column_is_an_error_naming_it(sheet, tmp_path):
    bad = tmp_path / "no-provider-id.xlsx"
    sheet.head(30).drop(columns=["Provider ID"]).to_excel(bad, index=False)
    with pytest.raises(ValueError, match=r"no-provider-id.xlsx: no column 'Provider ID'"):
        cqc.read_providers(bad)


def test_a_bad_row_is_an_error_naming_the_file_row_and_column(sheet, tmp_path):
    rows = sheet.head(30).copy()
    rows.iloc[6, rows.columns.get_loc("Provider Ownership Type")] = "Partnershp"
    path = tmp_path / "typo.xlsx"
    rows.to_excel(path, index=False)
    with pytest.raises(ValueError, match=r"typo.xlsx: row 8, column 'Provider Ownership "
                                         r"Type': 'Partnershp' is none of"):
        cqc.read_providers(path)


def test_reading_a_file_gives_what_the_sheet_gives(sheet, tmp_path):
    rows = pd.concat([sheet.head(40), sheet[sheet["Brand ID"] == "BD322"]]).drop_duplicates()
    path = tmp_path / "some.xlsx"
    rows.to_excel(path, index=False)
    from_file = cqc.read_providers(path)
    from_sheet = cqc.read_providers(rows.reset_index(drop=True))
    assert from_file.nodes_frame().equals(from_sheet.nodes_frame())
    assert len(from_file.relations_frame()) == len(from_sheet.relations_frame())


def test_a_failure_leaves_the_model_unchanged(sheet):
    m = gg.Model(name="mine")
    m.add_organisation("P91604", name="mine", kind="practice")
    before = snapshot(m)
    bad = sheet.head(30).copy()
    bad.iloc[3, bad.columns.get_loc("Dormant (Y/N)")] = "maybe"
    with pytest.raises(ValueError, match=r"row 5, column 'Dormant \(Y/N\)'"):
        cqc.read_providers(bad, model=m)
    assert snapshot(m) == before
    # a failure half way through the bulk adds: a brand id that is a person in the model
    ssp = sheet[sheet["Brand ID"] == "BD322"]
    m.add_person("cqc-brand:BD322", name="not a brand")
    m.add_organisation(ssp["Location ODS Code"].iloc[0], kind="practice")
    before = snapshot(m)
    with pytest.raises(gg.Error):
        cqc.read_providers(ssp, model=m)
    assert snapshot(m) == before
    assert "cqc" not in (getattr(m, "nhs_reports", None) or {})


def test_one_summary_line_is_logged(sheet, caplog):
    with caplog.at_level(logging.INFO, logger="govgraph.cqc"):
        m = cqc.read_providers(sheet.head(200))
    lines = [r for r in caplog.records if r.name.startswith("govgraph")]
    assert len(lines) == 1 and lines[0].name == "govgraph.cqc"
    assert lines[0].getMessage() == m.nhs_reports["cqc"].summary()
    assert "model.nhs_reports['cqc'].unmatched" in lines[0].getMessage()
