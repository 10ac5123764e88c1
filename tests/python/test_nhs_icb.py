"""govgraph.nhs importers of the ICB era (issue 15), checked against the real files in
../shared/data/nhs: epraccur 2023 and 2026 (the newer export format), ePCN 2023, the sub-ICB
location -> ICB -> region lookup, the ODS commissioner, trust and successor extracts.

Expected counts are computed here from the files with the csv module and openpyxl, never with
the importers; where DESIGN.md or the data README states a count, it is checked too.
"""

from __future__ import annotations

import csv
import functools
from collections import Counter
from pathlib import Path

import pytest

import govgraph as gg
from govgraph import nhs

pd = pytest.importorskip("pandas")
openpyxl = pytest.importorskip("openpyxl")

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"
E2019 = DATA / "epraccur-2019.csv"
E2023 = DATA / "epraccur-2023-12.csv"
E2026 = DATA / "epraccur-2026-02.csv"
EPCN2023 = DATA / "ePCN-2023-01.xlsx"
LOOKUP = DATA / "subicb-icb-lookup-2022-07.xlsx"
ECCG = DATA / "eccg-2024.csv"
ETR = DATA / "etr-2024.csv"
SUCC = DATA / "succ-2026.csv"


def need(*paths: Path) -> None:
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"NHS data file(s) {', '.join(missing)} not found in {DATA}")


@functools.cache
def rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [r for r in csv.reader(f) if r]


def attr(m: gg.Model, node: str, key: str):
    """A field or attribute of a node (None when it has neither)."""
    got = m.get(node)
    return got.get(key, got.get("attributes", {}).get(key))


def frame(m: gg.Model) -> pd.DataFrame:
    return m.nodes_frame(type="organisation")


def active_gp(path: Path) -> list[list[str]]:
    """Active GP practices, read from the file: status A or ACTIVE, and prescribing setting 4
    or role RO76 (column 26)."""
    return [r for r in rows(path) if r[12] in ("A", "ACTIVE")
            and (r[25] == "4" or "RO76" in r[25].split("|"))]


@functools.cache
def lookup_rows() -> list[tuple[str, ...]]:
    ws = openpyxl.load_workbook(LOOKUP, read_only=True).worksheets[0]
    body = list(ws.iter_rows(values_only=True))[1:]
    return [tuple("" if v is None else str(v).strip() for v in r) for r in body if r[0]]


@pytest.mark.parametrize("path,count,fmt", [(E2019, 6830, "classic"), (E2023, 6750, "classic"),
                                            (E2026, 6604, "2024")])
def test_each_epraccur_vintage_gives_its_active_gp_practices(path, count, fmt):
    need(path)
    m = nhs.read_epraccur(path)
    report = m.nhs_reports["epraccur"]
    expected = active_gp(path)
    assert len(expected) == count
    assert report.added["practices"] == count == int((frame(m)["kind"] == "practice").sum())
    assert report.format == fmt
    newest = max(d for r in rows(path) for d in (r[10], r[11], r[15], r[16]) if d)
    assert report.as_of == f"{newest[:4]}-{newest[4:6]}-{newest[6:]}"


def test_the_2026_format_reads_its_status_words_and_role_codes():
    need(E2026)
    m = nhs.read_epraccur(E2026, active_only=False)
    f = frame(m)
    statuses = Counter(f["status"][f["kind"] == "practice"])
    file = Counter(r[12] for r in rows(E2026) if "RO76" in r[25].split("|"))
    assert statuses["active"] == file["ACTIVE"]
    assert statuses["closed"] == file["INACTIVE"]
    assert statuses["dormant"] == file["DORMANT"]
    assert attr(m, "A81001", "ods_role") == "RO76"


def test_icb_era_practices_carry_their_icb_and_sub_icb_location():
    need(E2023)
    m = nhs.read_epraccur(E2023)
    row = next(r for r in active_gp(E2023) if r[0] == "A81001")
    assert attr(m, "A81001", "icb") == row[3]
    assert attr(m, "A81001", "sub_icb_location") == row[14]
    assert attr(m, row[14], "ods_role") == "sub_icb_location"
    assert attr(m, row[14], "legal_form") is None
    assert attr(m, row[3], "legal_form") == "statutory_body"
    assert attr(m, row[3], "ods_role") == "icb"
    links = m.relations_frame(kind="accountable_to")
    part = links[(links["source"] == row[14]) & (links["target"] == row[3])]
    assert list(part["basis"]) == ["part_of"] and list(part["start"]) == ["2022-07-01"]
    # the 2019 file is read as the CCG era: statutory CCGs, no ICB attributes
    need(E2019)
    old = nhs.read_epraccur(E2019)
    assert attr(old, "A81001", "icb") is None
    assert attr(old, attr(old, "A81001", "commissioner"), "legal_form") == "statutory_body"
    # and the era can be told
    forced = nhs.read_epraccur(E2019, icb_era=True, commissioners="00K")
    f = frame(forced)
    assert f["icb"][f["kind"] == "practice"].notna().all()


def test_icb_lookup_reproduces_the_files_structure():
    need(LOOKUP)
    m = nhs.read_icb_lookup(LOOKUP)
    body = lookup_rows()
    subs, icbs, regions = ({r[i] for r in body} for i in (0, 3, 6))
    assert (len(subs), len(icbs), len(regions)) == (106, 42, 7)

    f = frame(m)

    def role(r):
        return list(f["id"][f["ods_role"] == r])
    assert set(role("sub_icb_location")) == subs
    assert set(role("icb")) == icbs
    assert set(role("commissioning_region")) == regions
    nhse = nhs.NHS_ENGLAND[0]
    rel = m.relations_frame()
    delegated = rel[(rel["kind"] == "delegates") & (rel["source"] == nhse)]
    assert set(delegated["target"]) == icbs and set(delegated["start"]) == {"2022-07-01"}
    sub_to_icb = rel[(rel["kind"] == "accountable_to") & (rel["basis"] == "part_of")
                     & rel["source"].isin(subs)]
    assert dict(zip(sub_to_icb["source"], sub_to_icb["target"])) == {r[0]: r[3] for r in body}
    assert attr(m, body[0][3], "legal_form") == "statutory_body"
    assert attr(m, body[0][3], "start") == "2022-07-01"
    assert attr(m, body[0][3], "region") == body[0][6]
    # before the ICBs were established, NHS England delegated to no one
    assert len(m.as_of("2022-06-30").relations_frame(kind="delegates")) == 0


def test_lookup_then_epraccur_then_lookup_states_each_link_once():
    need(LOOKUP, E2023)
    m = nhs.read_icb_lookup(LOOKUP)
    m = nhs.read_epraccur(E2023, model=m)
    before = m.relation_count()
    m = nhs.read_icb_lookup(LOOKUP, model=m)
    assert m.relation_count() == before
    # the names the lookup gives reach the sub-ICB locations epraccur made first
    m2 = nhs.read_epraccur(E2023)
    m2 = nhs.read_icb_lookup(LOOKUP, model=m2)
    assert attr(m2, "92G", "name")


def test_epcn_2023_open_networks_and_sub_icb_columns():
    need(EPCN2023)
    ws = openpyxl.load_workbook(EPCN2023, read_only=True)["PCNDetails"]
    body = [r for r in list(ws.iter_rows(values_only=True))[1:] if r[0]]
    assert len(body) == 1329 and sum(1 for r in body if not r[5]) == 1264
    m = nhs.read_epcn(EPCN2023)
    f = frame(m)
    networks = set(f["id"][f["kind"] == "network"])
    assert len(networks) == 1329
    assert len(networks & set(m.as_of("2023-01-15").ids())) == 1264
    first = body[0]
    assert attr(m, first[0], "commissioner") == first[2]


def test_epcn_2023_into_a_2023_model_links_its_practices():
    need(EPCN2023, E2023)
    m = nhs.read_epraccur(E2023, commissioners="01H")
    m = nhs.read_epcn(EPCN2023, model=m)
    report = m.nhs_reports["epcn"]
    f = frame(m)
    assert (f["kind"] == "network").any() and "networks_outside_model" in report.unmatched
    members = m.relations_frame(kind="member_of")
    assert set(members["source"]) <= set(m.ids("organisation"))


def test_commissioners_by_role():
    need(ECCG, LOOKUP)
    file = Counter(r[13] for r in rows(ECCG))
    m = nhs.read_commissioners(ECCG)
    roles = Counter(frame(m)["ods_role"])
    assert roles["ccg"] == file[""] == 142
    assert roles["sub_icb_location"] == file["RO319"] + file["RO319|RO326"]
    assert roles["sub_icb_reporting_entity"] == file["RO327"]
    assert roles["commissioning_hub"] == file["RO218"]
    closed = next(r for r in rows(ECCG) if r[0] == "00C")
    assert attr(m, "00C", "legal_form") == "statutory_body"
    # ODS ends are inclusive: govgraph's end is the day after
    assert attr(m, "00C", "end") == "2020-04-01" and closed[11] == "20200331"
    # with the lookup first, each sub-ICB body is linked to its ICB
    m = nhs.read_commissioners(ECCG, model=nhs.read_icb_lookup(LOOKUP))
    entity = next(r for r in rows(ECCG) if r[13] == "RO327")
    links = m.relations_frame(kind="accountable_to")
    assert list(links[links["source"] == entity[0]]["target"]) == [entity[3]]


def test_trusts():
    need(ETR)
    m = nhs.read_trusts(ETR)
    assert m.count("organisation") == len(rows(ETR)) == 273
    assert m.nhs_reports["trusts"].added["of them open"] == sum(1 for r in rows(ETR)
                                                              if not r[11]) == 205
    first = rows(ETR)[1]
    assert [attr(m, first[0], k) for k in ("kind", "legal_form", "gor_code")] == [
        "nhs_trust", "statutory_body", first[23]]


def test_a_file_of_the_wrong_bodies_is_an_error():
    """Found in review: read_trusts on eccg gave 320 "trusts", read_commissioners on etr 273
    commissioners. The two extracts have the same columns; their names tell them apart."""
    need(ECCG, ETR, E2019)
    with pytest.raises(ValueError, match=r"eccg-2024.csv: 320 of 320 rows do not look like rows "
                                         r"of the ODS NHS trust \(etr\) extract \(e.g. 'NHS DARL"):
        nhs.read_trusts(ECCG)
    with pytest.raises(ValueError, match=r"etr-2024.csv: 273 of 273 rows .* commissioner"):
        nhs.read_commissioners(ETR)
    with pytest.raises(ValueError, match=r"epraccur-2019.csv: .* rows do not look like"):
        nhs.read_trusts(E2019)


def test_successors_end_predecessors_on_the_effective_date():
    need(SUCC, E2019)
    frame = nhs.read_successors(SUCC)
    assert len(frame) == len(rows(SUCC))
    assert frame["split"].sum() == sum(1 for r in rows(SUCC) if r[4] == "1")
    m = nhs.read_epraccur(E2019)
    m = nhs.read_successors(SUCC, model=m)
    report = m.nhs_reports["successors"]
    held = set(nhs.read_epraccur(E2019).ids())
    mine = [r for r in rows(SUCC) if r[0] in held]
    assert len(report.successions) == len(mine)
    code, day = mine[0][0], mine[0][3]
    iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    assert attr(m, code, "end") == iso
    assert code in m.as_of(f"{int(day[:4]) - 1}-01-01").ids() and code not in m.as_of(iso).ids()


def test_bad_files_are_clear_errors(tmp_path):
    bad = tmp_path / "eccg.csv"
    bad.write_text('"00C","NHS X CCG","Y63"\n')
    with pytest.raises(ValueError, match=r"line 1 has 3 columns, expected 27"):
        nhs.read_commissioners(bad)
    succ = tmp_path / "succ.csv"
    succ.write_text('"001","016","","1996-04-01","0"\n')
    with pytest.raises(ValueError, match=r"line 1: effective date"):
        nhs.read_successors(succ)
    need(LOOKUP)
    sheet = tmp_path / "lookup.xlsx"
    pd.DataFrame({"Sub ICB Location ODS Code": ["92G"]}).to_excel(sheet, index=False)
    with pytest.raises(ValueError, match=r"no column for sub_icb_name"):
        nhs.read_icb_lookup(sheet)
    m = gg.Model()
    m.add_organisation("X24", kind="commissioner")
    before = m.dumps()
    with pytest.raises(ValueError):
        nhs.read_icb_lookup(sheet, model=m)
    assert m.dumps() == before


def test_a_file_of_the_wrong_type_is_a_clear_error():
    """From the review: an xlsx given to a csv importer raised UnicodeDecodeError, a csv given to
    a spreadsheet importer CalamineError, neither naming the file."""
    need(LOOKUP, ETR)
    with pytest.raises(ValueError, match=r"subicb-icb-lookup-2022-07.xlsx: is a spreadsheet"):
        nhs.read_epraccur(LOOKUP)
    with pytest.raises(ValueError, match=r"etr-2024.csv: not a spreadsheet"):
        nhs.read_icb_lookup(ETR)
