"""gg.bods: BODS 0.4 in and out, checked against the Open Ownership examples and real register
files in ../shared/data/bods (read from there, never copied). Expected facts are computed here
from the files with the json module, never with gg.bods."""

from __future__ import annotations

import copy
import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest

import govgraph as gg
from govgraph import bods

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "bods"
SCHEMA = DATA / "schema-0.4"
EXAMPLES = sorted(DATA.glob("*.json"))
REGISTER = sorted((DATA / "register").glob("*.jsonl"))

pytest.importorskip("jsonschema")


def need(*paths: Path) -> None:
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"BODS data {', '.join(missing)} not found in {DATA} "
                    "(the shared data directory next to the repository)")


def statements(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def facts(m: gg.Model) -> set[tuple[Any, ...]]:
    """Every ownership and control fact: kind, holder, held, share, interest, dates."""
    cols = m._relations_columns(False, as_of=None, kind=["owns", "controls"])
    n = len(cols["kind"])
    for key in ("share", "interest", "start", "end"):
        cols.setdefault(key, [None] * n)
    return {(cols["kind"][i], cols["source"][i], cols["target"][i],
             None if cols["share"][i] is None else round(cols["share"][i], 9),
             cols["interest"][i], cols["start"][i], cols["end"][i]) for i in range(n)}


ALL = [pytest.param(p, id=p.name) for p in EXAMPLES + REGISTER] or [
    pytest.param(DATA / "missing.json", id="no-data")]


@pytest.mark.parametrize("path", ALL)
def test_reads_validates_and_writes_back(path: Path, tmp_path: Path) -> None:
    need(path, SCHEMA)
    sts = statements(path)
    m = bods.read(path)
    report = m.bods_report
    assert report.statements == len(sts)
    # Every entity/person record is a node, with its recordId as id.
    records = {s["recordId"]: s["recordType"] for s in sts}
    for rid, kind in records.items():
        if kind == "entity":
            assert m.type_of(rid) == "organisation"
        elif kind == "person":
            assert m.type_of(rid) == "person"
    # Every interest is mapped or reported.
    mapped = reported = 0
    for s in sts:
        if s["recordType"] != "relationship":
            continue
        for it in s["recordDetails"].get("interests", []):
            if it.get("type") in bods.INTERESTS:
                mapped += 1
            else:
                reported += 1
                cat = ("interest_without_type" if "type" not in it
                       else f"unsupported_interest:{it['type']}")
                assert s["statementId"] in report.reported[cat]
    assert (mapped == 0) == (not facts(m)) or report.reported
    # Validation: the real result, errors asserted exactly where the shipped file is invalid.
    errors = bods.validate(path, schema=SCHEMA)
    assert [str(e) for e in errors] == KNOWN_INVALID.get(path.name, [])
    # Write back: the same ownership and control facts, and the output is valid.
    out = tmp_path / ("out.jsonl" if path.suffix == ".jsonl" else "out.json")
    bods.write(m, out, date="2025-01-01")
    assert bods.validate(out, schema=SCHEMA) == []
    back = bods.read(out)
    assert facts(back) == facts(m)
    assert set(back.ids("person")) == set(m.ids("person"))
    assert set(back.ids("organisation")) == set(m.ids("organisation"))


#: Shipped files that are invalid under the 0.4 schema, and their exact errors (filled below
#: from the real validation result; an empty dict means every shipped file is valid).
KNOWN_INVALID: dict[str, list[str]] = {}


def test_shares_exact_and_midpoint() -> None:
    need(DATA / "indirect-ownership.json")
    m = bods.read(DATA / "indirect-ownership.json")
    rows = m._relations_columns(False, as_of=None, kind=["owns"])
    assert rows["kind"]
    for i, s in enumerate(rows["share"]):
        assert rows["share_basis"][i] in ("exact", "midpoint")
        if rows["share_basis"][i] == "midpoint":
            assert s == pytest.approx((rows["share_min"][i] + rows["share_max"][i]) / 2)


@pytest.mark.parametrize("name,entity,top,day", [
    # The chains of these files on a day they were in force (the 10542068 chain ended in 2018).
    ("uk-psc-00102498.jsonl", "GB-COH-10542068", "GB-COH-00102498", "2017-06-01"),
    ("bp-213800LH1BZH3DI6G760.jsonl", "GB-COH-10542068", "GB-COH-00102498", "2017-06-01"),
    ("dmgt-4OFD47D73QFJ1T1MOF29.jsonl", "GB-COH-04071890", "GB-COH-00184594", "2021-06-01"),
])
def test_register_controllers_and_cycles(name: str, entity: str, top: str, day: str) -> None:
    path = DATA / "register" / name
    need(path)
    m = bods.read(path)
    sts = statements(path)
    held = {s["recordDetails"]["subject"] for s in sts if s["recordType"] == "relationship"
            and any(i.get("type") == "shareholding" for i in s["recordDetails"]
                    .get("interests", []))}
    people = {s["recordId"] for s in sts if s["recordType"] == "person"}
    table = m.controllers(entity, threshold=0.25, as_of=day)
    assert top in table.ultimate
    # Ultimate controllers are people, or bodies no one holds shares in (from the file) or no
    # one controls on that day.
    for u in table.ultimate:
        assert u in people or u not in held or not any(
            r.controls for r in m.controllers(u, as_of=day))
    # No cycles: checked against networkx on the file's mapped relationships.
    nx = pytest.importorskip("networkx")
    g = nx.DiGraph()
    for s in sts:
        rd = s["recordDetails"]
        if s["recordType"] == "relationship" and isinstance(rd.get("subject"), str) \
                and isinstance(rd.get("interestedParty"), str) \
                and any(i.get("type") in bods.INTERESTS for i in rd.get("interests", [])):
            g.add_edge(rd["interestedParty"], rd["subject"])
    expected = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert len(m.circular_ownership()) == len(expected) == 0


def test_unspecified_and_annotations_reported() -> None:
    need(DATA / "bods-package-annotations.json")
    m = bods.read(DATA / "bods-package-annotations.json")
    sts = statements(DATA / "bods-package-annotations.json")
    annotated = [s["statementId"] for s in sts if s.get("annotations")]
    assert annotated and m.bods_report.reported["annotations"] == annotated


def test_json_array_streamed_in_small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    need(DATA / "fermcat.json")
    monkeypatch.setattr(bods, "_CHUNK", 7)
    a = bods.read(DATA / "fermcat.json")
    monkeypatch.undo()
    b = bods.read(DATA / "fermcat.json")
    assert facts(a) == facts(b) and a.bods_report.statements == b.bods_report.statements


def test_file_objects_and_log_line(caplog: pytest.LogCaptureFixture) -> None:
    need(DATA / "bods-package.json")
    text = (DATA / "bods-package.json").read_text()
    with caplog.at_level(logging.INFO, logger="govgraph"):
        m = bods.read(io.StringIO(text))
    assert any("statements read" in r.getMessage() for r in caplog.records)
    m2 = bods.read(io.BytesIO(text.encode()))
    assert facts(m) == facts(m2)
    seen: list[int] = []
    lines = "".join(json.dumps(s) + "\n" for s in json.loads(text)) * 1
    bods.read(io.StringIO(lines), progress=seen.append)


def _st(**kw: Any) -> dict[str, Any]:
    base = {"statementId": "s" * 32, "recordId": "r1", "recordType": "entity",
            "statementDate": "2024-01-01", "declarationSubject": "r1",
            "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"}}}
    base.update(kw)
    return base


@pytest.mark.parametrize("bad,where", [
    ("{not json\n", "line 1: not JSON"),
    ('[{"statementId": 1}]', "$.statementId: must be a string"),
    (json.dumps([_st(statementDate="yesterday")]), "$.statementDate"),
    (json.dumps([_st(recordType="thing")]), "$.recordType"),
    (json.dumps([_st(recordDetails=[])]), "$.recordDetails"),
    (json.dumps([1]), "statement 0"),
    ("[" + json.dumps(_st()) + "\n" + json.dumps(_st()) + "]", "line 2: expected ','"),
    (json.dumps(_st()) + "\n" + json.dumps(_st(recordId=None)) + "\n",
     "line 2 (statement 1): $.recordId: is required"),
])
def test_malformed_input_is_an_error_naming_where(bad: str, where: str) -> None:
    with pytest.raises(gg.FormatError) as e:
        bods.read(io.StringIO(bad))
    assert where in str(e.value)


def test_bad_share_is_an_error() -> None:
    st = _st(recordId="rel", recordType="relationship", recordDetails={
        "isComponent": False, "subject": "a", "interestedParty": "b",
        "interests": [{"type": "shareholding", "share": {"exact": 150}}]})
    with pytest.raises(gg.FormatError, match=r"\$\.recordDetails\.interests\[0\]\.share\.exact"):
        bods.read(io.StringIO(json.dumps([st])))


def test_updates_and_closures() -> None:
    e = [_st(recordId=x, statementId=x * 32) for x in "ab"]
    rel = {"isComponent": False, "subject": "a", "interestedParty": "b",
           "interests": [{"type": "shareholding", "share": {"minimum": 25, "maximum": 50},
                          "startDate": "2020-01-01"}]}
    upd = copy.deepcopy(rel)
    upd["interests"][0]["share"] = {"minimum": 50, "maximum": 75}
    sts = e + [
        _st(recordId="r", statementId="1" * 32, recordType="relationship", recordDetails=rel,
            recordStatus="new", statementDate="2020-01-01"),
        _st(recordId="r", statementId="2" * 32, recordType="relationship", recordDetails=upd,
            recordStatus="updated", statementDate="2022-06-01"),
        _st(recordId="r", statementId="3" * 32, recordType="relationship", recordDetails=upd,
            recordStatus="closed", statementDate="2024-03-01")]
    m = bods.read(io.StringIO(json.dumps(sts)))
    assert facts(m) == {("owns", "b", "a", 0.375, None, "2020-01-01", "2022-06-01"),
                        ("owns", "b", "a", 0.625, None, "2022-06-01", "2024-03-01")}


# -- ten ways to break the schema ------------------------------------------------------------


def _break(s: dict[str, Any], how: str) -> None:
    rd = s["recordDetails"]
    if how == "statementId_short":
        s["statementId"] = "x"
    elif how == "recordType_enum":
        s["recordType"] = "company"
    elif how == "recordStatus_enum":
        s["recordStatus"] = "gone"
    elif how == "statementDate_format":
        s["statementDate"] = "17/12/2018"
    elif how == "bodsVersion_pattern":
        s["publicationDetails"]["bodsVersion"] = "v0.4"
    elif how == "share_maximum":
        rd["interests"][0]["share"] = {"exact": 150}
    elif how == "interest_type_enum":
        rd["interests"][0]["type"] = "friendship"
    elif how == "startDate_format":
        rd["interests"][0]["startDate"] = "2017-13-45"
    elif how == "isComponent_type":
        rd["isComponent"] = "no"
    elif how == "missing_recordId":
        del s["recordId"]


TEN = {
    "statementId_short": "$.statementId",
    "recordType_enum": "$.recordType",
    "recordStatus_enum": "$.recordStatus",
    "statementDate_format": "$.statementDate",
    "bodsVersion_pattern": "$.publicationDetails.bodsVersion",
    "share_maximum": "$.recordDetails.interests[0].share.exact",
    "interest_type_enum": "$.recordDetails.interests[0].type",
    "startDate_format": "$.recordDetails.interests[0].startDate",
    "isComponent_type": "$.recordDetails.isComponent",
    "missing_recordId": "$",
}


@pytest.mark.parametrize("how", list(TEN))
def test_ten_ways_to_break_the_schema(how: str, tmp_path: Path) -> None:
    need(DATA / "bods-package.json", SCHEMA)
    sts = statements(DATA / "bods-package.json")
    rel = next(i for i, s in enumerate(sts) if s["recordType"] == "relationship"
               and s["recordDetails"].get("interests"))
    _break(sts[rel], how)
    p = tmp_path / "broken.jsonl"
    p.write_text("".join(json.dumps(s) + "\n" for s in sts))
    errors = bods.validate(p, schema=SCHEMA)
    assert errors, how
    assert {e.path for e in errors} == {TEN[how]}, [str(e) for e in errors]
    assert {e.statement for e in errors} == {rel} and {e.line for e in errors} == {rel + 1}


def test_schema_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVGRAPH_BODS_SCHEMA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="GOVGRAPH_BODS_SCHEMA"):
        bods.schema_dir()
