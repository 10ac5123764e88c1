"""govgraph.nhs importers, checked against the real NHS files in ../shared/data/nhs.

Expected counts and records are computed here from the files themselves with the csv module and
openpyxl, never with the importers.
"""

from __future__ import annotations

import csv
import functools
import logging
from collections import Counter
from pathlib import Path

import pytest

import govgraph as gg
from conftest import snapshot
from govgraph import nhs

pd = pytest.importorskip("pandas")

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"
EPRACCUR = DATA / "epraccur-2019.csv"
SAMPLE = DATA / "epraccur-sample.csv"
LISTS = DATA / "gp-reg-pat-prac-all-2021-01.csv"
EPCN = DATA / "ePCN-2019-12.xlsx"


def need(*paths: Path) -> None:
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"NHS data file(s) {', '.join(missing)} not found in {DATA} "
                    "(the shared data directory next to the repository)")


@functools.cache
def rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [r for r in csv.reader(f) if r]


def active_gp(path: Path) -> dict[str, list[str]]:
    """Code -> row of every active GP practice (status A, prescribing setting 4)."""
    return {r[0]: r for r in rows(path) if r[12] == "A" and r[25] == "4"}


def list_sizes() -> dict[str, int]:
    with open(LISTS, newline="") as f:
        return {r["CODE"]: int(r["NUMBER_OF_PATIENTS"]) for r in csv.DictReader(f)}


@functools.cache
def epcn_sheets() -> tuple[list[tuple], list[tuple]]:
    """(PCN Details rows, PCN Core Partner Details rows), headings left out, via openpyxl."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(EPCN, read_only=True, data_only=True)  # cached, not formulas
    details = [r for r in book["PCN Details"].iter_rows(min_row=2, values_only=True) if r[0]]
    partners = [r for r in book["PCN Core Partner Details"].iter_rows(min_row=2, values_only=True)
                if r[0]]
    book.close()
    return details, partners


def commissioned(m: gg.Model) -> Counter:
    """Practices per commissioner, from the model's accountable_to relations."""
    f = m.relations_frame()
    f = f[(f.kind == "accountable_to") & (f.basis == "commissioned_by")]
    return Counter(f.target)


# -- fixtures: the national model is built once ------------------------------------------------


@pytest.fixture(scope="module")
def practices() -> gg.Model:
    need(EPRACCUR)
    return nhs.read_epraccur(EPRACCUR)


@pytest.fixture(scope="module")
def national() -> gg.Model:
    """epraccur (active GP practices) with list sizes, then the ePCN networks."""
    need(EPRACCUR, LISTS, EPCN)
    pytest.importorskip("openpyxl")
    m = nhs.read_epraccur(EPRACCUR, list_sizes=nhs.read_list_size_table(LISTS))
    return nhs.read_epcn(EPCN, model=m)


# -- epraccur ----------------------------------------------------------------------------------


def test_active_gp_practices_per_commissioner(practices):
    expected = Counter(r[14] for r in active_gp(EPRACCUR).values())
    assert expected["01H"] == 39 and expected["11X"] == 65  # North Cumbria, Somerset
    assert commissioned(practices) == expected
    kinds = practices.nodes_frame().groupby("kind").size().to_dict()
    assert kinds == {"practice": sum(expected.values()), "commissioner": len(expected)}
    assert set(practices.ids("organisation")) == set(active_gp(EPRACCUR)) | set(expected)


def test_commissioners_are_statutory_bodies_named_by_their_code(practices):
    assert practices.get("01H") == {"id": "01H", "kind": "commissioner",
                                    "legal_form": "statutory_body"}


def test_a_practice_and_its_commissioning_link(practices):
    row = active_gp(EPRACCUR)["A82004"]
    assert row[1] == "ALSTON MEDICAL PRACTICE" and row[10] == "19740401" and row[14] == "01H"
    assert practices.get("A82004") == {
        "id": "A82004", "name": "ALSTON MEDICAL PRACTICE", "kind": "practice",
        "start": "1974-04-01",
        "attributes": {
            "address": "THE SURGERY, COTTAGE HOSPITAL, ALSTON, CUMBRIA", "commissioner": "01H",
            "high_level_health_geography": "Q74", "national_grouping": "Y63",
            "postcode": "CA9 3QX", "prescribing_setting": 4, "status": "active",
            "sub_type": "B", "telephone": "01434 381214"}}
    f = practices.relations_frame()
    link = f[f.source == "A82004"].to_dict("records")
    assert len(link) == 1
    assert {k: link[0][k] for k in ("kind", "target", "start", "basis", "ods_relationship")} == {
        "kind": "accountable_to", "target": "01H", "start": "2013-04-01",
        "basis": "commissioned_by", "ods_relationship": "RE4"}
    assert pd.isna(link[0]["end"])


def test_a_provider_purchaser_other_than_the_commissioner_is_kept(practices):
    odd = {c: r for c, r in active_gp(EPRACCUR).items() if r[23] != r[14]}
    f = practices.relations_frame().set_index("source")
    for code, r in odd.items():
        assert f.loc[code, "target"] == r[14] and f.loc[code, "provider_purchaser"] == r[23]


def test_filters_and_closed_practices_on_the_sample():
    need(SAMPLE)
    sample = rows(SAMPLE)
    default = nhs.read_epraccur(SAMPLE)
    assert commissioned(default) == Counter(r[14] for r in sample
                                           if r[12] == "A" and r[25] == "4")
    assert commissioned(default)["01H"] == sum(
        1 for r in sample if r[14] == "01H" and r[12] == "A" and r[25] == "4")
    everything = nhs.read_epraccur(SAMPLE, active_only=False, gp_practices_only=False)
    assert everything.count("organisation") == len(sample) + len({r[14] for r in sample})
    report = everything.nhs_reports["epraccur"]
    assert report.rows == report.kept == len(sample)

    closed = [r for r in sample if r[12] == "C"]
    assert closed, "the sample has closed practices"
    brunswick = next(r for r in closed if r[0] == "A82017")
    assert brunswick[11] == brunswick[16] == "20171031"
    node = everything.get("A82017")
    # ODS end dates are inclusive; govgraph's end is the first day no longer in force
    assert (node["start"], node["end"], node["attributes"]["status"]) == (
        "1974-04-01", "2017-11-01", "closed")
    f = everything.relations_frame()
    assert f[f.source == "A82017"].end.tolist() == ["2017-11-01"]
    assert "A82017" in everything.as_of("2017-10-31")
    assert "A82017" not in everything.as_of("2017-11-01")

    north = nhs.read_epraccur(SAMPLE, commissioners="01h")
    assert set(commissioned(north)) == {"01H"}


def test_an_unknown_commissioner_is_an_error_naming_the_nearest_codes():
    need(EPRACCUR)
    in_file = {r[14] for r in rows(EPRACCUR) if r[14]}
    assert "O1K" not in in_file and "01K" in in_file  # a letter O, and the CCG meant
    m = gg.Model(name="mine")
    before = snapshot(m)
    with pytest.raises(gg.ModelError) as e:
        nhs.read_epraccur(EPRACCUR, model=m, commissioners="O1K")
    assert isinstance(e.value, ValueError) and e.value.id == "unknown_code"
    message = str(e.value)
    assert message.startswith("[govgraph.unknown_code] commissioner 'O1K' is not in "
                              "epraccur-2019.csv; nearest: 01K, ")
    nearest = message.split("nearest: ")[1].split(", ")
    assert 1 < len(nearest) <= 5 and set(nearest) <= in_file
    assert snapshot(m) == before  # nothing added

    with pytest.raises(gg.ModelError, match=r"'zz9' is not in epraccur-2019.csv") as e:
        nhs.read_epraccur(EPRACCUR, commissioners=["01K", "zz9"])
    assert "'01K'" not in str(e.value)  # only the unknown code is named


def test_commissioners_are_matched_in_any_case_after_stripping():
    need(EPRACCUR)
    m = nhs.read_epraccur(EPRACCUR, commissioners=[" 01k", "11X "])
    assert commissioned(m) == Counter(r[14] for r in active_gp(EPRACCUR).values()
                                      if r[14] in {"01K", "11X"})


def test_a_commissioner_whose_practices_are_all_filtered_out_is_reported():
    need(EPRACCUR)
    active = {r[14] for r in active_gp(EPRACCUR).values()}
    gone = sorted({r[14] for r in rows(EPRACCUR) if r[14]} - active)[0]  # a CCG of 2019
    m = nhs.read_epraccur(EPRACCUR, commissioners=gone)
    report = m.nhs_reports["epraccur"]
    assert report.kept == 0 and len(m) == 0
    assert report.unmatched == {"commissioners_filtered_out": [gone]}
    everything = nhs.read_epraccur(EPRACCUR, commissioners=gone, active_only=False,
                                   gp_practices_only=False)
    assert everything.nhs_reports["epraccur"].kept == sum(
        1 for r in rows(EPRACCUR) if r[14] == gone)


def test_other_prescribing_settings_are_not_practices(practices):
    need(EPRACCUR)
    m = nhs.read_epraccur(EPRACCUR, gp_practices_only=False)
    settings = Counter(r[25] == "4" for r in rows(EPRACCUR) if r[12] == "A")
    kinds = Counter(m.nodes_frame().query("kind != 'commissioner'").kind)
    assert kinds == {"practice": settings[True], "other": settings[False]}
    no_ccg = {r[0] for r in rows(EPRACCUR) if r[12] == "A" and not r[14]}
    assert set(m.nhs_reports["epraccur"].unmatched.get("no_commissioner", [])) == no_ccg


# -- list sizes --------------------------------------------------------------------------------


def test_list_size_table():
    need(LISTS)
    table = nhs.read_list_size_table(LISTS)
    expected = list_sizes()
    assert len(table) == len(expected) == 6658
    assert table.to_dict() == expected
    assert table.name == "list_size" and table.index.name == "code"
    assert table.attrs["extract_date"] == "2021-01-01"
    assert nhs.read_list_sizes(LISTS).equals(table)  # without a model: the table


def test_read_list_sizes_sets_them_from_the_extract_date(practices):
    need(LISTS)
    practices, shared = practices.copy(), practices  # the fixture is shared: change a copy
    practices.nhs_reports = shared.nhs_reports
    size, relations, sources = len(practices), practices.relation_count(), practices.sources
    m = nhs.read_list_sizes(LISTS, model=practices)
    assert m is practices  # changed in place (Model.set_from): earlier values stay dated
    assert len(m) == size and m.relation_count() == relations
    assert m.sources[:-1] == sources and "gp-reg-pat-prac" in m.sources[-1]

    sizes, active = list_sizes(), active_gp(EPRACCUR)
    north = [sizes[c] for c, r in active.items() if r[14] == "01H" and c in sizes]
    assert (len(north), sum(north), min(north), max(north)) == (39, 326502, 855, 36777)
    f = m.nodes_frame()
    in_01h = f[f.commissioner == "01H"].list_size
    assert (len(in_01h), in_01h.sum(), in_01h.min(), in_01h.max()) == (39, 326502, 855, 36777)
    assert m.get("A82004")["list_size"] == sizes["A82004"] == 2221
    # From the extract date: before it, the practice had no list size in the model.
    assert m.get("A82004")["history"] == {"list_size": [{"until": "2021-01-01"}]}
    assert "list_size" not in m.get("A82004", as_of="2020-12-31")
    assert m.get("A82004", as_of="2021-01-01")["list_size"] == 2221

    report = m.nhs_reports["list_sizes"]
    without = sorted(set(active) - set(sizes))
    assert len(without) == 194
    assert report.unmatched["practices_without_list_size"] == without
    assert f[f.kind == "practice"].list_size.isna().sum() == 194
    assert report.unmatched["not_in_model"] == sorted(set(sizes) - set(active))
    assert m.nhs_reports["epraccur"] is shared.nhs_reports["epraccur"]


def test_list_sizes_at_creation_match_read_list_sizes(practices, national):
    later = nhs.read_list_sizes(LISTS, model=practices.copy()).nodes_frame().set_index("id")
    later = later.list_size
    at_once = national.nodes_frame().set_index("id").list_size
    assert at_once.reindex(later.index).equals(later)
    report = national.nhs_reports["epraccur"]
    sizes, active = list_sizes(), active_gp(EPRACCUR)
    in_file = {r[0] for r in rows(EPRACCUR)}
    assert report.unmatched["no_list_size"] == sorted(set(active) - set(sizes))
    assert report.unmatched["list_sizes_not_in_file"] == sorted(set(sizes) - in_file)
    assert report.unmatched["list_sizes_filtered_out"] == sorted(
        (set(sizes) & in_file) - set(active))


# -- ePCN --------------------------------------------------------------------------------------


def test_networks_memberships_and_agreements(national):
    details, partners = epcn_sheets()
    assert len(details) == len({r[0] for r in details}) == 1250
    f = national.nodes_frame()
    networks = f[f.kind == "network"]
    assert set(networks.id) == {r[0] for r in details}
    assert set(networks.legal_form) == {"unincorporated"}

    active = active_gp(EPRACCUR)
    linked = [r for r in partners if r[0] in active]
    rel = national.relations_frame()
    members = rel[rel.kind == "member_of"]
    assert len(members) == len(linked)
    assert set(zip(members.source, members.target)) == {(r[0], r[4]) for r in linked}
    cross = {(r[0], r[4]) for r in linked if r[2] != r[6]}  # practice's CCG, PCN's lead CCG
    assert cross
    assert set(zip(members[members.cross_boundary == True].source,  # noqa: E712
                   members[members.cross_boundary == True].target)) == cross  # noqa: E712

    agreements = national.ids("contract")
    with_members = {r[4] for r in linked}
    assert sorted(agreements) == sorted(f"{c}/network-agreement" for c in with_members)
    report = national.nhs_reports["epcn"]
    assert report.unmatched["practices_not_in_model"] == sorted(
        {r[0] for r in partners} - set(active))
    assert report.unmatched.get("networks_without_members", []) == sorted(
        {r[0] for r in details} - with_members)


def test_a_network_and_its_agreement(national):
    details, partners = epcn_sheets()
    pcn = next(r[4] for r in partners if r[0] == "A82004")
    row = next(r for r in details if r[0] == pcn)
    node = national.get(pcn)
    assert (node["name"], node["kind"], node["start"]) == (row[1], "network", "2019-10-01")
    assert node["attributes"]["commissioner"] == row[2] == "01H"
    assert node["attributes"]["postcode"] == row[11]
    members = sorted(r[0] for r in partners if r[4] == pcn and r[0] in active_gp(EPRACCUR))
    agreement = national.get(f"{pcn}/network-agreement")
    assert agreement["kind"] == "network_agreement"
    assert agreement["parties"] == {"party": members}
    assert agreement["start"] == "2019-10-01"
    rel = national.relations_frame()
    link = rel[(rel.source == "A82004") & (rel.kind == "member_of")].to_dict("records")
    assert [(x["target"], x["start"], x["ods_relationship"]) for x in link] == [
        (pcn, "2019-10-01", "RE8")]


def test_epcn_without_a_model_makes_bare_practices():
    need(EPCN)
    details, partners = epcn_sheets()
    m = nhs.read_epcn(EPCN)
    f = m.nodes_frame()
    assert Counter(f[f.type == "organisation"].kind) == {"practice": len({r[0] for r in partners}),
                               "network": len(details)}
    assert m.relation_count(implied=False) == len(partners)
    assert m.count("contract") == len({r[4] for r in partners})
    assert m.get("A82004")["attributes"] == {"commissioner": "01H"}
    assert not m.nhs_reports["epcn"].unmatched


def epcn_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(PCN Details, PCN Core Partner Details) as pandas reads them, headings as published."""
    pytest.importorskip("openpyxl")
    sheets = pd.read_excel(EPCN, sheet_name=None, dtype=str)
    return sheets["PCN Details"], sheets["PCN Core Partner Details"]


def nhs_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("govgraph")]


@pytest.mark.parametrize("ccg", ["01K", "00R"])  # 00R: its networks have members elsewhere
def test_epcn_into_a_one_ccg_model_adds_only_its_networks(ccg, caplog):
    need(EPRACCUR, EPCN)
    details, partners = epcn_frames()
    extract = pd.read_csv(EPRACCUR, header=None, dtype=str, keep_default_na=False)
    ours = set(extract[(extract[12] == "A") & (extract[25] == "4") & (extract[14] == ccg)][0])
    member = partners["Partner Organisation Code"].isin(ours)
    networks = set(partners["PCN Code"][member])
    rows_in = partners[partners["PCN Code"].isin(networks)]
    outside = set(rows_in["Partner Organisation Code"]) - ours
    assert 0 < len(networks) < len(details)

    m = nhs.read_epraccur(EPRACCUR, commissioners=ccg)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="govgraph"):
        nhs.read_epcn(EPCN, model=m)
    f = m.nodes_frame()
    assert set(f[f.kind == "network"].id) == networks
    assert m.count("contract") == len(networks)
    rel = m.relations_frame()
    assert (rel.kind == "member_of").sum() == int(member.sum())

    report = m.nhs_reports["epcn"]
    assert report.added["networks"] == len(networks)
    assert report.unmatched["networks_outside_model"] == sorted(set(details["PCN Code"])
                                                                - networks)
    assert report.unmatched.get("practices_not_in_model", []) == sorted(outside)
    assert report.counts["networks_outside_model"] == len(details) - len(networks)
    assert "networks_without_members" not in report.unmatched

    logged = nhs_records(caplog)
    assert len(logged) <= 1
    assert [(r.levelno, r.getMessage()) for r in logged] == [(logging.INFO, report.summary())]
    assert f"{len(details) - len(networks)} networks outside model" in logged[0].getMessage()


def test_epcn_all_networks_adds_every_network(caplog):
    need(EPRACCUR, EPCN)
    details, partners = epcn_frames()
    m = nhs.read_epraccur(EPRACCUR, commissioners="01K")
    ours = set(m.ids("organisation")) - {"01K"}
    networks = set(partners["PCN Code"][partners["Partner Organisation Code"].isin(ours)])
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="govgraph"):
        nhs.read_epcn(EPCN, model=m, all_networks=True)
    f = m.nodes_frame()
    assert set(f[f.kind == "network"].id) == set(details["PCN Code"])
    assert m.count("contract") == len(networks)  # agreements only where there are members
    report = m.nhs_reports["epcn"]
    assert report.unmatched["networks_without_members"] == sorted(
        set(details["PCN Code"]) - networks)
    assert report.unmatched["practices_not_in_model"] == sorted(
        set(partners["Partner Organisation Code"]) - ours)
    assert "networks_outside_model" not in report.unmatched
    assert len(nhs_records(caplog)) == 1


def test_each_import_logs_one_summary_line_at_info(caplog):
    need(SAMPLE, LISTS)
    with caplog.at_level(logging.DEBUG, logger="govgraph"):
        m = nhs.read_epraccur(SAMPLE, list_sizes=LISTS)  # reads the list sizes too
        assert [r.levelno for r in nhs_records(caplog)] == [logging.INFO]
        assert nhs_records(caplog)[0].getMessage() == m.nhs_reports["epraccur"].summary()
        report = m.nhs_reports["epraccur"]
        assert report.counts["list_sizes_not_in_file"] > 1000  # counted, not listed, in the log
        assert "A81001" not in nhs_records(caplog)[0].getMessage()
        caplog.clear()
        m = nhs.read_list_sizes(LISTS, model=m)
        assert [r.levelno for r in nhs_records(caplog)] == [logging.INFO]
        caplog.clear()
        nhs.read_list_size_table(LISTS)
        assert [r.levelno for r in nhs_records(caplog)] == [logging.INFO]


# -- bulk, all or nothing ----------------------------------------------------------------------


def test_importers_use_the_bulk_api_only(monkeypatch):
    need(SAMPLE, LISTS)

    def refuse(*args, **kwargs):
        raise AssertionError("a per-row call into the model")

    for name in ("add_organisation", "add_relation", "add_person"):
        monkeypatch.setattr(gg.Model, name, refuse)
    calls = Counter()
    for name in ("add_nodes_from", "add_relations_from"):
        original = getattr(gg.Model, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            calls[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(gg.Model, name, counted)
    m = nhs.read_epraccur(SAMPLE, list_sizes=LISTS)
    assert calls == {"add_nodes_from": 2, "add_relations_from": 1}  # commissioners, practices
    assert m.count("organisation") > 0


def test_a_refused_import_leaves_the_model_unchanged():
    need(SAMPLE)
    m = gg.Model(name="mine")
    m.add_person("01H", name="not a commissioner")
    before = snapshot(m)
    with pytest.raises(ValueError, match="01H"):
        nhs.read_epraccur(SAMPLE, model=m)
    assert snapshot(m) == before


def test_extending_a_model_keeps_its_contents_and_reuses_commissioners():
    need(SAMPLE)
    m = gg.Model(name="mine")
    m.add_organisation("01H", name="NHS North Cumbria CCG", kind="commissioner",
                       legal_form="statutory_body")
    m.add_organisation("A82004", name="Alston, by hand", kind="practice")
    out = nhs.read_epraccur(SAMPLE, model=m)
    assert out is m and m.name == "mine"
    assert m.get("01H")["name"] == "NHS North Cumbria CCG"
    assert m.get("A82004")["name"] == "Alston, by hand"
    assert m.nhs_reports["epraccur"].unmatched["already_in_model"] == ["A82004"]
    assert "A82006" in m


# -- a user's own download ---------------------------------------------------------------------


def test_epraccur_with_bom_header_crlf_and_trailing_columns(tmp_path):
    need(SAMPLE)
    text = SAMPLE.read_text()
    header = ",".join(f"Column {i}" for i in range(27))
    lines = [header] + [line + ",," for line in text.splitlines()] + [""]
    odd = tmp_path / "epraccur.csv"
    odd.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    assert nhs.read_epraccur(odd).nodes_frame().equals(nhs.read_epraccur(SAMPLE).nodes_frame())


def test_not_an_epraccur_file_is_a_clear_error():
    need(LISTS)
    with pytest.raises(ValueError, match="epraccur"):
        nhs.read_epraccur(LISTS)


def test_list_sizes_in_other_layouts(tmp_path):
    long = tmp_path / "long.csv"
    long.write_text("\ufeffEXTRACT_DATE,TYPE,CODE,SEX,AGE,NUMBER_OF_PATIENTS,\n"
                    "01JAN2021,GP,a00001,ALL,ALL,100,\n"
                    "01JAN2021,GP,A00001,MALE,ALL,40,\n"
                    "01JAN2021,GP,A00001,FEMALE,0_4,5,\n"
                    "01JAN2021,CCG,01H,ALL,ALL,9999,\n"
                    "01JAN2021,GP,A00002,ALL,ALL,n/a,\n")
    table = nhs.read_list_size_table(long)
    assert table.to_dict() == {"A00001": 100}
    assert table.attrs["bad_counts"] == ["A00002"]
    sample = nhs.read_epraccur(SAMPLE, list_sizes=long) if SAMPLE.exists() else None
    if sample is not None:  # a path given to read_epraccur: the bad counts are on its report
        assert sample.nhs_reports["epraccur"].unmatched["bad_counts"] == ["A00002"]
    bare = tmp_path / "bare.csv"
    bare.write_text("A00001,100\nA00002,2500\n")
    assert nhs.read_list_size_table(bare).to_dict() == {"A00001": 100, "A00002": 2500}
    twice = tmp_path / "twice.csv"
    twice.write_text("CODE,NUMBER_OF_PATIENTS\nA00001,1\nA00001,2\n")
    with pytest.raises(ValueError, match="given twice: A00001"):
        nhs.read_list_size_table(twice)
    other = tmp_path / "other.csv"
    other.write_text("PRACTICE,NAME,PATIENTS_SEEN\nA00001,X,3\n")
    with pytest.raises(ValueError, match="no practice code"):
        nhs.read_list_size_table(other)


def test_epcn_with_a_title_row_real_dates_and_true_false_cells(tmp_path, caplog):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    details = book.active
    details.title = "PCN Details"
    details.append(["ePCN, published by ODS"])
    details.append(["PCN Code", "PCN Name", "Current Clinical Commissioning Group Code",
                    "Clinical Commissioning Group Name", "Open Date", "Close Date",
                    "Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4",
                    "Address Line 5", "Postcode", None])
    details.append(["U00001", "ONE PCN", "01H", "NHS NORTH CUMBRIA CCG", dt.datetime(2019, 7, 1),
                    20200331, "1 HIGH ST", None, None, "CARLISLE", None, "CA1 1AA", None])
    partners = book.create_sheet("pcn core partner details")
    partners.append(["Partner Organisation Code", "Partner Name", "Practice Parent CCG Code",
                     "Practice Parent CCG Name", "PCN Code", "PCN Name", "PCN Parent CCG Code",
                     "PCN Parent CCG Name", "Practice to PCN Relationship Start Date",
                     "Practice to PCN Relationship End Date", "Practice CCG and PCN CCG match?"])
    partners.append(["P1", "ONE", "01H", "N", "U00001", "ONE PCN", "01H", "N", "20190701",
                     None, True])
    partners.append(["P2", "TWO", "01K", "M", "U00001", "ONE PCN", "01H", "N", 20190701,
                     "20191231", False])
    partners.append(["P3", "THREE", "01H", "N", "U99999", "GONE PCN", "01H", "N", 20190701,
                     None, True])
    partners.append(["P4", "FOUR", "01H", "N", "U00001", "ONE PCN", "01H", "N", 20190701,
                     None, True])
    details.append(["U00002", "ELSEWHERE PCN", "01K", "M", 20190701, None, None, None, None,
                    None, None, "LA1 1AA", None])
    partners.append(["P5", "FIVE", "01K", "M", "U00002", "ELSEWHERE PCN", "01K", "M",
                     20190701, None, True])
    path = tmp_path / "ePCN.xlsx"
    book.save(path)

    m = gg.Model()
    m.add_nodes_from({"id": ["P1", "P2", "P3"], "kind": ["practice"] * 3}, type="organisation")
    with caplog.at_level(logging.DEBUG, logger="govgraph"):
        nhs.read_epcn(path, model=m)
    assert m.get("U00001")["start"] == "2019-07-01" and m.get("U00001")["end"] == "2020-04-01"
    assert "U00002" not in m  # none of its practices is in the model
    rel = m.relations_frame().set_index("source")
    assert rel.loc["P2", "end"] == "2020-01-01" and bool(rel.loc["P2", "cross_boundary"])
    assert not bool(rel.loc["P1", "cross_boundary"])
    assert m.get("U00001/network-agreement")["parties"] == {"party": ["P1", "P2"]}
    report = m.nhs_reports["epcn"]
    assert report.unmatched == {"networks_not_in_details": ["U99999"],
                                "networks_outside_model": ["U00002"],
                                "practices_not_in_model": ["P4"]}
    assert report.counts == {"networks_not_in_details": 1, "networks_outside_model": 1,
                             "practices_not_in_model": 1}
    logged = [r for r in caplog.records if r.name.startswith("govgraph")]
    assert len(logged) == 1 and logged[0].levelno == logging.INFO
    line = logged[0].getMessage()
    assert line == report.summary()
    assert line.startswith("epcn ePCN.xlsx: ")
    assert "1 practices not in model" in line and "1 networks not in details" in line
    assert "P4" not in line  # the codes are on the report, not in the log

    every = gg.Model()
    every.add_nodes_from({"id": ["P1"], "kind": ["practice"]}, type="organisation")
    nhs.read_epcn(path, model=every, all_networks=True)
    assert {"U00001", "U00002"} <= set(every.ids("organisation"))
    assert every.nhs_reports["epcn"].unmatched["networks_without_members"] == ["U00002"]
    assert every.nhs_reports["epcn"].unmatched["practices_not_in_model"] == ["P2", "P4", "P5"]

    before = snapshot(m)  # the same file again: nothing added, and said so
    nhs.read_epcn(path, model=m)
    assert snapshot(m)[:2] == before[:2]
    assert m.nhs_reports["epcn"].unmatched["already_in_model"] == ["U00001"]
