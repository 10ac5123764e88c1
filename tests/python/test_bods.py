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


def full_facts(m: gg.Model) -> set[tuple[Any, ...]]:
    """The facts with their bounds and the indirect flag too."""
    cols = m._relations_columns(False, as_of=None, kind=["owns", "controls"])
    n = len(cols["kind"])
    keys = ("kind", "source", "target", "share", "interest", "start", "end", "share_min",
            "share_max", "direct_or_indirect")
    for key in keys:
        cols.setdefault(key, [None] * n)
    return {tuple(round(v, 9) if isinstance(v, float) else v
                  for v in (cols[k][i] for k in keys)) for i in range(n)}


def twins(sts: list[dict[str, Any]]) -> dict[str, str]:
    """recordId -> the smallest recordId of the entity records it shares a scheme+id with
    (transitively), from the file itself."""
    groups: list[set[str]] = []
    for s in sts:
        if s["recordType"] != "entity":
            continue
        keys = {(i["scheme"], i["id"]) for i in s["recordDetails"].get("identifiers", [])
                if i.get("scheme") and i.get("id")}
        group = {s["recordId"]} | {("#", k[0], k[1]) for k in keys}  # type: ignore[arg-type]
        touching = [g for g in groups if g & group]
        for g in touching:
            groups.remove(g)
            group |= g
        groups.append(group)
    out = {}
    for g in groups:
        rids = sorted(x for x in g if isinstance(x, str))
        for r in rids:
            out[r] = rids[0]
    return out


ALL = [pytest.param(p, id=p.name) for p in EXAMPLES + REGISTER] or [
    pytest.param(DATA / "missing.json", id="no-data")]


@pytest.mark.parametrize("path", ALL)
def test_reads_validates_and_writes_back(path: Path, tmp_path: Path) -> None:
    need(path, SCHEMA)
    sts = statements(path)
    m = bods.read(path)
    report = m.bods_report
    assert report.statements == len(sts)
    # Every entity/person record is a node, with its recordId as id, or merged into the node
    # of its twin (an entity record sharing an identifier) listing it in bods_record_ids.
    records = {s["recordId"]: s["recordType"] for s in sts}
    merged = twins(sts)
    for rid, kind in records.items():
        node = merged.get(rid, rid)
        if kind == "entity":
            assert m.type_of(node) == "organisation"
            if node != rid:
                ids = m.get(node)["attributes"]["bods_record_ids"].split("; ")
                assert rid in ids and rid in m.bods_report.merged[node]
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
    assert full_facts(back) == full_facts(m)
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
    (json.dumps(_st()) + "\n" + json.dumps(_st(recordId=None, statementId="t" * 32)) + "\n",
     "line 2 (statement 1): $.recordId: is required"),
])
def test_malformed_input_is_an_error_naming_where(bad: str, where: str) -> None:
    with pytest.raises(gg.FormatError) as e:
        bods.read(io.StringIO(bad))
    assert where in str(e.value)


def test_unspecified_party_without_reason_is_an_error() -> None:
    st = _rel("u", "a", {"description": "no reason given"}, SH, sid="7" * 32)
    with pytest.raises(gg.FormatError, match=r"\$\.recordDetails\.interestedParty\.reason: "
                       r"is required \(statementId '7{32}'\)"):
        _read([_org("a"), st])


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


# -- indirect relationships, twins, unspecified parties, shares, GLEIF, writing, progress ------


def _rel(rid: str, subject: str, party: Any, *interests: dict[str, Any], sid: str | None = None,
         **details: Any) -> dict[str, Any]:
    return _st(recordId=rid, statementId=sid or (rid * 32)[:32], recordType="relationship",
               recordDetails={"isComponent": False, "subject": subject,
                              "interestedParty": party, "interests": list(interests),
                              **details})


def _org(rid: str, *idents: tuple[str, str]) -> dict[str, Any]:
    return _st(recordId=rid, statementId=(rid * 32)[:32], recordDetails={
        "isComponent": False, "entityType": {"type": "registeredEntity"}, "name": rid.upper(),
        "identifiers": [{"scheme": s, "id": i} for s, i in idents]})


def _person(rid: str) -> dict[str, Any]:
    return _st(recordId=rid, statementId=(rid * 32)[:32], recordType="person",
               recordDetails={"isComponent": False, "personType": "knownPerson",
                              "names": [{"type": "legal", "fullName": rid}]})


def _read(sts: list[dict[str, Any]]) -> gg.Model:
    return bods.read(io.StringIO("".join(json.dumps(s) + "\n" for s in sts)))


SH = {"type": "shareholding", "directOrIndirect": "direct"}


def test_indirect_skipped_when_its_chain_is_in_the_file() -> None:
    # p holds 60% of b, b 50% of a; the indirect record says p holds 30% of a through b.
    chain = [_org("a"), _org("b"), _person("p"),
             _rel("ab", "a", "b", {**SH, "share": {"exact": 50}}),
             _rel("bp", "b", "p", {**SH, "share": {"exact": 60}})]
    ind = _rel("ind", "a", "p", {"type": "shareholding", "directOrIndirect": "indirect",
                                 "share": {"exact": 30}},
               componentRecords=["b", "ab", "bp"])
    m = _read(chain + [ind])
    assert m.bods_report.reported["indirect_skipped:components_in_file"] == [ind["statementId"]]
    (row,) = [r for r in m.controllers("a", as_of="2025-01-01") if r.controller == "p"]
    assert row.share == pytest.approx(0.30)  # 0.6 * 0.5, counted once (not 0.6)
    assert row.direct == 0
    # A component not in the file: the indirect holding is added, counting in share not direct.
    m2 = _read(chain[:3] + chain[4:] + [ind])
    assert m2.bods_report.reported["indirect_added:components_not_in_file"] == [
        ind["statementId"]]
    (row,) = [r for r in m2.controllers("a", as_of="2025-01-01") if r.controller == "p"]
    assert row.share == pytest.approx(0.30) and row.direct == 0
    (f,) = [x for x in full_facts(m2) if x[1] == "p" and x[2] == "a"]
    assert f[9] == "indirect"


def test_indirect_with_a_component_that_maps_to_nothing_is_added() -> None:
    need(DATA / "indirect-ownership.json")
    # The component p -> B has an interest without a type: the chain is not in the model, so
    # the 30% indirect holding is added (marked indirect), not dropped.
    m = bods.read(DATA / "indirect-ownership.json")
    assert m.bods_report.reported["indirect_added:component_not_mapped"]
    (row,) = [r for r in m.controllers("ad3f6c2fcc9e", as_of="2019-01-01")
              if r.controller == "c25d4d612c2c"]
    assert row.share == pytest.approx(0.30) and row.direct == 0


def test_twin_records_are_merged() -> None:
    sts = [_org("XI-LEI-LEI1", ("XI-LEI", "LEI1"), ("GB-COH", "0001")),
           _org("GB-COH-0001", ("GB-COH", "0001")), _org("sub"), _person("p"),
           _rel("r1", "sub", "XI-LEI-LEI1", {**SH, "share": {"exact": 100}}),
           _rel("r2", "GB-COH-0001", "p", {**SH, "share": {"exact": 80}})]
    m = _read(sts)
    assert "XI-LEI-LEI1" not in m.ids()
    node = m.get("GB-COH-0001")["attributes"]
    assert node["bods_record_ids"] == "GB-COH-0001; XI-LEI-LEI1"
    assert set(node["identifiers"].split("; ")) == {"XI-LEI:LEI1", "GB-COH:0001"}
    assert m.bods_report.merged == {"GB-COH-0001": ["GB-COH-0001", "XI-LEI-LEI1"]}
    assert m.bods_report.reported["merged_twin_records"] == [sts[0]["statementId"]]
    # Relations to either record reach the merged node: p holds 80% of sub through it.
    table = m.controllers("sub", as_of="2025-01-01")
    assert {r.controller: round(r.share, 9) for r in table} == {"GB-COH-0001": 1.0, "p": 0.8}
    assert table.ultimate == ["p"]


def test_unspecified_party_is_an_unknown_holder() -> None:
    need(DATA / "listed-company-exempt-from-disclosure.json")
    m = bods.read(DATA / "listed-company-exempt-from-disclosure.json")
    sts = statements(DATA / "listed-company-exempt-from-disclosure.json")
    rel = next(s for s in sts if s["recordType"] == "relationship")
    uid = "unspecified:" + rel["recordId"]
    a = m.get(uid)["attributes"]
    assert a["unspecified_reason"] == rel["recordDetails"]["interestedParty"]["reason"]
    assert a["unspecified_description"] == rel["recordDetails"]["interestedParty"]["description"]
    table = m.controllers(rel["recordDetails"]["subject"], as_of="2025-01-01")
    assert table.unknown_share == [uid]
    # With a stated interest, the unspecified holder's share counts.
    sts2 = [_org("a"), _rel("u", "a", {"reason": "interestedPartyHasNotProvidedInformation"},
                            {**SH, "share": {"exact": 40}})]
    m2 = _read(sts2)
    assert [(r.controller, r.share) for r in m2.controllers("a", as_of="2025-01-01")] == [
        ("unspecified:u", pytest.approx(0.4))]


def test_shares_exact_and_ranges_give_bounds() -> None:
    sts = [_org("a"), _person("p"), _person("q"), _person("r"),
           _rel("x", "a", "p", {**SH, "share": {"exact": 30}}),
           _rel("y", "a", "q", {**SH, "share": {"exclusiveMinimum": 25, "maximum": 50}}),
           _rel("z", "a", "r", {**SH, "share": {"minimum": 10}})]
    m = _read(sts)
    rows = {f[1]: f for f in full_facts(m)}
    # An exact share is the share, with no bounds of its own (the core reads it as exact).
    assert rows["p"][3] == 0.3 and rows["p"][7] is None and rows["p"][8] is None
    assert rows["q"][3] == 0.375 and (rows["q"][7], rows["q"][8]) == (0.25, 0.5)
    assert rows["r"][3] is None and (rows["r"][7], rows["r"][8]) == (0.1, None)
    t = {r.controller: r for r in m.controllers("a", as_of="2025-01-01")}
    assert (t["p"].share_min, t["p"].share_max) == (pytest.approx(0.3), pytest.approx(0.3))
    assert (t["q"].share_min, t["q"].share_max) == (pytest.approx(0.25), pytest.approx(0.5))
    # A lone bound has no share: the core counts the holder as unknown and ignores the bound.
    assert "r" not in t and m.controllers("a", as_of="2025-01-01").unknown_share == ["r"]


def test_gleif_accounting_consolidation() -> None:
    def gleif(rid: str, kind: str) -> dict[str, Any]:
        return _rel(rid, "sub", "top", {
            "type": "otherInfluenceOrControl", "directOrIndirect": "unknown",
            "beneficialOwnershipOrControl": False,
            "details": f"Relationship Type: IS_{kind}_CONSOLIDATED_BY", "startDate": "2000-01-01"})
    m = _read([_org("sub"), _org("top"), gleif("u", "ULTIMATELY"), gleif("d", "DIRECTLY")])
    cols = m._relations_columns(False, as_of=None, kind=["controls"])
    got = sorted(zip(cols["id"], cols["interest"], cols["direct_or_indirect"],
                     cols["consolidation"]))
    assert got == [("d", "other", "direct", "direct"), ("u", "other", "indirect", "ultimate")]


def test_gleif_consolidation_in_the_register_files() -> None:
    path = DATA / "register" / "bp-213800LH1BZH3DI6G760.jsonl"
    need(path)
    n_ult = sum(1 for s in statements(path) for i in s["recordDetails"].get("interests", [])
                if "IS_ULTIMATELY_CONSOLIDATED_BY" in (i.get("details") or ""))
    cols = bods.read(path)._relations_columns(False, as_of=None, kind=["controls"])
    ult = [i for i, c in enumerate(cols["consolidation"]) if c == "ultimate"]
    assert n_ult and len(ult) <= n_ult
    assert {cols["direct_or_indirect"][i] for i in ult} == {"indirect"}


def test_round_trip_keeps_ends_ranges_and_indirect(tmp_path: Path) -> None:
    m = gg.Model()
    for o in "abc":
        m.add_organisation(o, name=o.upper())
    m.add_person("p", name="P")
    m.add_relation("owns", "b", "a", id="r1", share=0.6, start="2019-01-01", end="2021-06-30")
    m.add_relation("owns", "p", "a", id="r2", share=0.375, start="2019-01-01",
                   attrs={"share_min": 0.25, "share_max": 0.5, "share_basis": "midpoint"})
    m.add_relation("owns", "p", "c", id="r3", share=0.3, attrs={"direct_or_indirect": "indirect"})
    m.add_relation("controls", "p", "b", id="r4", share=0.8, interest="voting_rights",
                   start="2018-01-01", end="2020-01-01")
    m.add_relation("controls", "c", "b", id="r5", interest="appoint_board")
    m.add_relation("owns", "c", "b", id="r6", attrs={"share_min": 0.1})
    sts = m.to_bods(date="2025-01-01")
    assert sts == bods.to_bods(m, date="2025-01-01")
    closed = [s for s in sts if s["recordStatus"] == "closed"]
    assert sorted((s["recordId"], s["statementDate"]) for s in closed) == [
        ("r1", "2021-06-30"), ("r4", "2020-01-01")]
    out = tmp_path / "m.jsonl"
    bods.write(m, out, date="2025-01-01")
    if SCHEMA.exists():
        assert bods.validate(out, schema=SCHEMA) == []
    back = bods.read(out)
    assert full_facts(back) == full_facts(m)
    assert len(full_facts(back)) == 6
    assert facts(back) == facts(m)
    assert back.bods_report.counts.get("closed_without_earlier_statement") is None


def test_schema_dir_wrong_is_a_gg_error_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(gg.Error, match=str(tmp_path)) as e:
        bods.validate(io.StringIO("[]"), schema=tmp_path)
    assert e.value.id == "io" and "statement.json" in str(e.value)
    (tmp_path / "statement.json").write_text("{not json")
    with pytest.raises(gg.Error, match="statement.json"):
        bods.validate(io.StringIO("[]"), schema=tmp_path)


def test_progress_log_lines_without_tqdm(caplog: pytest.LogCaptureFixture,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    monkeypatch.setattr(bods, "_LOG_EVERY", 2)
    sts = [_org(x) for x in "abcde"]
    with caplog.at_level(logging.INFO, logger="govgraph"):
        _read(sts)
    lines = [r.getMessage() for r in caplog.records if r.name == "govgraph"]
    assert [x for x in lines if "so far" in x] == [
        f"bods <stream>: {n} statements read so far (0 s)" for n in (2, 4)]
    assert lines[-1].startswith("bods <stream>: 5 statements read; added 5 organisations")


def test_a_board_share_is_kept_so_a_minority_right_is_not_control() -> None:
    """appointmentOfBoard with a share of 30%: the model keeps it as the share of the board, so
    it is no right over a majority (Sch 1A para 4); before, the share moved to an attribute and
    the right was read as one over a majority (found in review)."""
    board = {"type": "appointmentOfBoard", "directOrIndirect": "direct"}
    m = _read([_org("a"), _person("p"), _person("q"),
               _rel("x", "a", "p", {**board, "share": {"exact": 30}}),
               _rel("y", "a", "q", {**board, "share": {"exact": 60}})])
    rows = {r.controller: r for r in m.controllers("a", measure="control", as_of="2025-01-01")}
    assert not rows["p"].controls
    assert rows["q"].controls and rows["q"].conditions == "appoint_board"


@pytest.mark.parametrize("raw", [b'{"recordId":"A\xff"}\n', b"[" * 100000 + b"]" * 100000 + b"\n",
                                 b'{"x": 1' + b"0" * 5000 + b"}\n",
                                 b"[" + b"[" * 100000 + b"]" * 100000 + b"]"])
def test_hostile_bytes_are_format_errors(raw: bytes, tmp_path: Path) -> None:
    """Found by fuzzing the reader: invalid UTF-8, deep nesting and huge integers escaped as
    UnicodeDecodeError, RecursionError and a plain ValueError."""
    path = tmp_path / "bad.jsonl"
    path.write_bytes(raw)
    for call in (bods.read, bods.validate):
        with pytest.raises(gg.FormatError):
            call(path)


def test_a_controls_without_interest_is_written() -> None:
    """Found by fuzzing the writer: to_bods raised KeyError on a controls with no interest."""
    m = gg.Model()
    m.add_person("p")
    m.add_organisation("o")
    m.add_relation("controls", "p", "o")
    back = _read(m.to_bods())
    assert [(r.source, r.target) for r in back.relations_frame(kind="controls").itertuples()] == [
        ("p", "o")]


# -- from the fuzzing review of gg.bods: read(write(m)) keeps every fact ------------------------

U = "unspecified:U"


def _base() -> gg.Model:
    m = gg.Model()
    m.add_organisation("O")
    m.add_organisation("O2")
    m.add_person("P")
    m.add_organisation(U, attrs={"unspecified_reason": "noBeneficialOwners"})
    return m


ROUND_TRIPS = {
    "controls other with a share": lambda m: m.add_relation(
        "controls", "P", "O", interest="other", share=0.4),
    "significant influence with a share": lambda m: m.add_relation(
        "controls", "P", "O", interest="significant_influence", share=0.4),
    "a share not at the midpoint of its range": lambda m: m.add_relation(
        "owns", "P", "O", share=0.5, attrs={"share_min": 0.5, "share_max": 0.75}),
    "a share with one bound": lambda m: m.add_relation(
        "owns", "P", "O", share=0.3, attrs={"share_min": 0.25}),
    "a third": lambda m: m.add_relation("owns", "P", "O", share=1 / 3),
    "sixteen digits": lambda m: m.add_relation("owns", "P", "O", share=0.1234567890123456),
    "an unspecified party holding in two bodies": lambda m: (
        m.add_relation("owns", U, "O", share=0.5), m.add_relation("owns", U, "O2", share=0.3)),
    "an unknown interest with a start and indirect": lambda m: m.add_relation(
        "owns", U, "O", start="2010-01-01",
        attrs={"interest_unknown": True, "direct_or_indirect": "indirect"}),
    "two unknown interests, one ended": lambda m: (
        m.add_relation("owns", U, "O", end="2019-01-01", attrs={"interest_unknown": True}),
        m.add_relation("owns", U, "O", attrs={"interest_unknown": True})),
    "an unknown interest with bounds": lambda m: m.add_relation(
        "owns", U, "O", share=0.5, attrs={"interest_unknown": True, "share_min": 0.25,
                                          "share_max": 0.75}),
    "an unspecified party not named unspecified:": lambda m: (
        m.add_organisation("UX", attrs={"unspecified_reason": "subjectExemptFromDisclosure"}),
        m.add_relation("owns", "UX", "O", share=0.5)),
    "a relation id equal to the unspecified party's record": lambda m: (
        m.add_relation("owns", U, "O", share=0.5), m.add_relation("owns", "P", "O2", share=0.2,
                                                                  id="U")),
    "two alike facts of a person, one ended": lambda m: (
        m.add_relation("owns", "P", "O", share=0.5, end="2021-01-01"),
        m.add_relation("owns", "P", "O", share=0.5)),
}


@pytest.mark.parametrize("build", list(ROUND_TRIPS.values()), ids=list(ROUND_TRIPS))
def test_round_trip_keeps_every_fact(build: Any, tmp_path: Path) -> None:
    m = _base()
    build(m)
    out = tmp_path / "m.jsonl"
    bods.write(m, out, date="2024-06-01")
    if SCHEMA.exists():
        assert bods.validate(out, schema=SCHEMA) == []
    back = bods.read(out, progress=False)
    assert full_facts(back) == full_facts(m)
    # the unspecified parties keep their ids and reasons
    for nid in m.ids("organisation"):
        a = m.get(nid).get("attributes") or {}
        if a.get("unspecified_reason") and m.relations_frame(kind="owns").source.eq(nid).any():
            assert back.get(nid)["attributes"]["unspecified_reason"] == a["unspecified_reason"]


def test_round_trip_of_random_models(tmp_path: Path) -> None:
    """300 random models of shares, ranges, dates, interests and unspecified parties: the facts
    come back (a controls with no interest comes back as `other`, BODS having no interest
    without a type; the measures read the two alike)."""
    import random

    rng = random.Random(14)
    out = tmp_path / "m.jsonl"
    for _ in range(300):
        m = _base()
        for _ in range(rng.randint(1, 6)):
            kind = rng.choice(["owns", "controls"])
            src, tgt = rng.choice(["O", "O2", "P", U]), rng.choice(["O", "O2"])
            if src == tgt:
                continue
            kw: dict[str, Any] = {}
            attrs: dict[str, Any] = {}
            if kind == "controls":
                kw["interest"] = rng.choice(["voting_rights", "appoint_board",
                                             "significant_influence", "other"])
            if rng.random() < .7:
                kw["share"] = rng.choice([0.25, 0.5, 1 / 3, 0.1234567890123, 0.0, 1.0, 2 / 7])
            if rng.random() < .3 and "share" in kw:
                attrs["share_min"] = rng.choice([0.0, min(kw["share"], 0.25)])
                if rng.random() < .7:
                    attrs["share_max"] = rng.choice([kw["share"], 1.0])
            if rng.random() < .4:
                kw["start"] = f"{rng.randint(1990, 2020)}-0{rng.randint(1, 9)}-01"
            if rng.random() < .4:
                kw["end"] = f"{rng.randint(2021, 2030)}-0{rng.randint(1, 9)}-15"
            if rng.random() < .3:
                attrs["direct_or_indirect"] = rng.choice(["direct", "indirect", "unknown"])
            if kind == "owns" and rng.random() < .15:
                attrs["interest_unknown"] = True
            m.add_relation(kind, src, tgt, attrs=attrs or None, **kw)
        bods.write(m, out, date="2024-06-01")
        back = bods.read(out, progress=False)
        assert full_facts(back) == full_facts(m)


def test_exact_percentages_are_read_as_decimals() -> None:
    # 33.33 / 100 in floats is 0.33329999999999993; the share is the float nearest 0.3333.
    m = _read([_org("a"), _person("p"), _rel("x", "a", "p", {**SH, "share": {"exact": 33.33}})])
    assert m.relations_frame(kind="owns").share.tolist() == [0.3333]


def test_unknown_interest_is_a_holding_of_unknown_size() -> None:
    m = _read([_org("a"), _person("p"), _rel("x", "a", "p", {"type": "unknownInterest"})])
    f = m.relations_frame(kind="owns")
    assert f.source.tolist() == ["p"] and f.interest_unknown.tolist() == [True]
    assert m.controllers("a", as_of="2025-01-01").unknown_share == ["p"]


def test_an_anonymous_entity_record_keeps_its_reason() -> None:
    m = _read([_org("a"), _st(recordId="anon", statementId="n" * 32, recordDetails={
        "isComponent": False, "entityType": {"type": "anonymousEntity"},
        "unspecifiedEntityDetails": {"reason": "subjectExemptFromDisclosure"}}),
        _rel("x", "a", "anon", {**SH, "share": {"exact": 60}})])
    assert m.get("anon")["attributes"]["unspecified_reason"] == "subjectExemptFromDisclosure"


@pytest.mark.parametrize("sts,where", [
    ([_rel("x", "a", "p", {**SH, "share": {"exact": 60, "minimum": 25, "maximum": 50}})],
     "$.recordDetails.interests[0].share.exact: 60 is outside the share's own bounds"),
    ([_rel("x", "a", "p", {**SH, "share": {"exclusiveMinimum": 25, "exclusiveMaximum": 25}})],
     "$.recordDetails.interests[0].share: the range from 25 to 25 is empty"),
    ([_rel("x", "a", "p", {**SH, "share": {"minimum": 25, "exclusiveMinimum": 25}})],
     "gives both minimum and exclusiveMinimum"),
    ([_rel("x", "a", "p", {**SH, "directOrIndirect": "sideways"})],
     "$.recordDetails.interests[0].directOrIndirect: must be direct, indirect or unknown"),
    ([_st(statementDate="2020-01-01Tgarbage")], "$.statementDate: '2020-01-01Tgarbage' is not"),
    ([_st(statementDate="2020-01-01T25:00:00Z")], "$.statementDate"),
    ([_st(), _st(recordId="r2")], "line 2 (statement 1): $.statementId: 'ssssssssssssssssssss"
     "ssssssssssss' is the statementId of the statement on line 1 too"),
    ([_st(recordType="person", recordDetails={"personType": "knownPerson",
                                              "names": [{"givenName": 7}]})],
     "$.recordDetails.names[0].givenName: must be a string, not int"),
    ([_st(recordDetails={"entityType": {"type": "registeredEntity"},
                         "identifiers": [{"scheme": "GB-COH", "id": 102498}]})],
     "$.recordDetails.identifiers[0].id: must be a string, not int"),
    ([_rel("R1", "a", {"reason": "noBeneficialOwners"}), _org("unspecified:R1")],
     "line 2 (statement 1): $.recordId: 'unspecified:R1' is the node of an unspecified"),
    ([_org("unspecified:R1"), _rel("R1", "a", {"reason": "noBeneficialOwners"})],
     "line 2 (statement 1): $.recordDetails.interestedParty: its node would be"),
])
def test_strict_input_from_the_fuzzing_review(sts: list[dict[str, Any]], where: str) -> None:
    with pytest.raises(gg.FormatError) as e:
        _read(sts)
    assert where in str(e.value)


def test_duplicate_keys_and_trailing_text_name_the_line() -> None:
    with pytest.raises(gg.FormatError, match=r"line 2: the key 'recordId' is given twice"):
        bods.read(io.StringIO(json.dumps(_st()) + "\n" + json.dumps(_st(statementId="t" * 32))
                              .replace('"recordId"', '"recordId": "x", "recordId"') + "\n"))
    with pytest.raises(gg.FormatError, match=r"line 3: text after the end of the JSON array "
                                             r"\(which ends on line 2\)"):
        bods.read(io.StringIO("[" + json.dumps(_st()) + "\n]\n" + "{}"))


def test_an_error_from_the_model_names_the_statement() -> None:
    bad = _st(recordDetails={"entityType": {"type": "registeredEntity"},
                             "foundingDate": "2020-01-01", "dissolutionDate": "2019-01-01"})
    with pytest.raises(gg.ModelError, match=r"<stream> line 2 \(statementId 'ssss.*'\): row 1 "
                                            r"\(organisation 'r1'\): end 2019-01-01 is before"):
        _read([_org("a"), bad])


@pytest.mark.parametrize("attrs,share,what", [
    ({"direct_or_indirect": ""}, 0.5, "direct_or_indirect '' cannot be written"),
    ({"share_min": 0.25, "share_max": 0.5}, None, "share_min and share_max with no share"),
])
def test_what_bods_cannot_say_is_an_error_naming_the_relation(attrs: dict[str, Any],
                                                              share: float | None,
                                                              what: str) -> None:
    m = _base()
    m.add_relation("owns", "P", "O", id="r9", share=share, attrs=attrs)
    with pytest.raises(gg.ModelError, match=rf"to_bods: owns 'P' -> 'O' \(id 'r9'\): {what}"):
        m.to_bods()


# -- from the second fuzzing review -------------------------------------------------------------


def _rt(m: gg.Model, tmp_path: Path) -> gg.Model:
    out = tmp_path / "rt.jsonl"
    bods.write(m, out, date="2024-06-01")
    if SCHEMA.exists():
        assert bods.validate(out, schema=SCHEMA) == []
    return bods.read(out, progress=False)


def _stmt(sid: str, status: str, day: str, *interests: dict[str, Any]) -> dict[str, Any]:
    return _rel("r", "a", "p", *interests, sid=sid * 32) | {"recordStatus": status,
                                                           "statementDate": day}


def test_an_ended_interest_restated_is_not_a_second_fact() -> None:
    ten = {**SH, "share": {"exact": 10}, "startDate": "2010-01-01", "endDate": "2015-01-01"}
    twenty = {**SH, "share": {"exact": 20}, "startDate": "2015-01-01"}
    m = _read([_org("a"), _person("p"), _stmt("1", "new", "2016-01-01", ten),
               _stmt("2", "updated", "2017-01-01", ten, twenty)])
    assert facts(m) == {("owns", "p", "a", 0.1, None, "2010-01-01", "2015-01-01"),
                        ("owns", "p", "a", 0.2, None, "2015-01-01", None)}
    assert [r.share for r in m.controllers("a", as_of="2012-06-01")] == [pytest.approx(0.1)]


def test_an_interest_dropped_then_restated_starts_again() -> None:
    fifteen = {**SH, "share": {"exact": 15}}
    m = _read([_org("a"), _person("p"), _stmt("1", "new", "2010-01-01", fifteen),
               _stmt("2", "updated", "2015-01-01"), _stmt("3", "updated", "2016-01-01", fifteen)])
    assert facts(m) == {("owns", "p", "a", 0.15, None, None, "2015-01-01"),
                        ("owns", "p", "a", 0.15, None, "2016-01-01", None)}
    # closed, then stated again with its old start: the new fact starts after the old ends
    since = {**SH, "share": {"exact": 15}, "startDate": "2012-01-01"}
    m = _read([_org("a"), _person("p"), _stmt("1", "new", "2013-01-01", since),
               _stmt("2", "closed", "2021-01-01", since), _stmt("3", "new", "2022-01-01", since)])
    assert facts(m) == {("owns", "p", "a", 0.15, None, "2012-01-01", "2021-01-01"),
                        ("owns", "p", "a", 0.15, None, "2021-01-01", None)}


def test_shares_come_back_exactly(tmp_path: Path) -> None:
    import random

    rng = random.Random(16)
    m = _base()
    shares = [0.6628042677498329, 1e-09, 0.0, 1.0] + [rng.random() for _ in range(300)]
    for i, x in enumerate(shares):
        m.add_relation("owns", "P", "O", id=f"s{i}", share=x,
                       attrs={"share_min": x / 2, "share_basis": "exact"})
    back = _rt(m, tmp_path).relations_frame(kind="owns").set_index("id")
    assert [back.share[f"s{i}"] for i in range(len(shares))] == shares
    assert [back.share_min[f"s{i}"] for i in range(len(shares))] == [x / 2 for x in shares]


def test_unspecified_parties_and_ids_that_clash(tmp_path: Path) -> None:
    m = gg.Model()
    for o in "AB":
        m.add_organisation(o)
    m.add_person("P")
    for u in ("UX", "unspecified:R1", "unspecified:U"):
        m.add_organisation(u, attrs={"unspecified_reason": "interestedPartyExemptFromDisclosure"})
    m.add_relation("owns", "UX", "B", share=0.25, id="R1")
    m.add_relation("owns", "unspecified:R1", "A", share=0.1)
    m.add_relation("owns", "unspecified:U", "A", share=0.5)
    m.add_relation("owns", "unspecified:U", "A", share=0.1, start="2020-01-01")
    m.add_relation("owns", "P", "A", share=0.2, id="U#1")
    assert full_facts(_rt(m, tmp_path)) == full_facts(m)


def test_what_a_model_states_comes_back(tmp_path: Path) -> None:
    m = _base()
    m.add_relation("owns", "P", "O", share=0.3, start="2020-05-05", end="2020-05-05")
    m.add_relation("controls", "P", "O", interest="voting_rights", share=0.3,
                   attrs={"interest_unknown": True})
    m.add_relation("controls", "P", "O2", interest="other", attrs={
        "details": "Relationship Type: IS_ULTIMATELY_CONSOLIDATED_BY",
        "direct_or_indirect": "direct"})
    m.add_relation("owns", "P", "O2", share=0.4, attrs={"share_min": 0.25,
                                                        "share_min_exclusive": "no"})
    m.add_organisation("F", attrs={"jurisdiction": "Finland", "jurisdiction_name": "Finland"})
    back = _rt(m, tmp_path)
    assert full_facts(back) == full_facts(m)
    f = back.relations_frame(kind="owns")
    assert "share_min_exclusive" not in f or not f.share_min_exclusive.eq(True).any()


@pytest.mark.parametrize("kind,kw,attrs,what", [
    ("controls", {"interest": "other"}, {"details": "significant influence or control via a "
                                                    "trust"}, "its details say significant"),
    ("controls", {"interest": "other"}, {"details": "IS_DIRECTLY_CONSOLIDATED_BY"},
     "its details name a GLEIF consolidation"),
    ("owns", {"share": 0.3}, {"share_min": "0.25"}, "share_min '0.25' cannot be written"),
    ("owns", {"share": 0.3}, {"share_min": 0.5}, "are not in order"),
    ("owns", {"share": 0.3}, {"share_max": 1.5}, "share_max 1.5 cannot be written"),
])
def test_facts_bods_cannot_state_are_errors(kind: str, kw: dict[str, Any], attrs: dict[str, Any],
                                            what: str) -> None:
    m = _base()
    m.add_relation(kind, "P", "O", attrs=attrs, **kw)
    with pytest.raises(gg.ModelError, match=what):
        m.to_bods()


def test_a_node_type_outside_the_codelist_is_an_error() -> None:
    m = gg.Model()
    m.add_organisation("A", attrs={"entity_type": "company"})
    with pytest.raises(gg.ModelError, match=r"organisation 'A': entity_type 'company' is not"):
        m.to_bods()


@pytest.mark.parametrize("sts,where", [
    ([_st(recordStatus="")], "$.recordStatus: must be new, updated or closed, not ''"),
    ([_st(statementDate="2020-01-01T\uff11\uff12:00:00Z")], "$.statementDate"),
    ([_st(recordDetails={"isComponent": "no", "entityType": {"type": "registeredEntity"}})],
     "$.recordDetails.isComponent: must be true or false"),
    ([_st(recordDetails={"entityType": {"type": "company"}})],
     "$.recordDetails.entityType.type: must be one of registeredEntity"),
    ([_rel("x", "a", {"reason": "becauseISaySo"})],
     "$.recordDetails.interestedParty.reason: must be one of noBeneficialOwners"),
])
def test_more_strict_input(sts: list[dict[str, Any]], where: str) -> None:
    with pytest.raises(gg.FormatError) as e:
        _read(sts)
    assert where in str(e.value)


def test_bounds_that_are_one_float_are_an_empty_range() -> None:
    text = "".join(json.dumps(s) + "\n" for s in [_org("a"), _person("p"), _rel(
        "x", "a", "p", {**SH, "share": {"exclusiveMinimum": 1.5, "exclusiveMaximum": 2.5}})])
    text = text.replace("1.5", "49.99999999999999999").replace("2.5", "50.00000000000000001")
    with pytest.raises(gg.FormatError, match=r"line 3 \(statement 2\): \$.recordDetails."
                       r"interests\[0\].share: the range from 49.99999999999999999 to "
                       r"50.00000000000000001 is empty"):
        bods.read(io.StringIO(text))


def test_numbers_and_bytes_out_of_range_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(gg.FormatError, match=r"line 2: a number out of range"):
        bods.read(io.StringIO(json.dumps(_st()) + "\n"
                              + '{"statementId": "x", "n": 1e-99999999999999999999}\n'))
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(json.dumps(_st()).encode() + b"\n" + b'{"statementId": "\xff"}\n')
    with pytest.raises(gg.FormatError, match=r"bad.jsonl line 2 \(byte \d+\): not UTF-8"):
        bods.read(bad)


def test_an_indirect_record_whose_component_maps_to_nothing_is_kept() -> None:
    # the component relationship's party is in no record: it adds nothing, so the indirect
    # record is the only statement of the holding
    m = _read([_org("a"), _org("b"), _person("p"),
               _rel("ab", "a", "b", {**SH, "share": {"exact": 50}}),
               _rel("bq", "b", "q", {**SH, "share": {"exact": 60}}),
               _rel("ind", "a", "p", {"type": "shareholding", "directOrIndirect": "indirect",
                                      "share": {"exact": 30}}, componentRecords=["ab", "bq"])])
    assert ("owns", "p", "a", 0.3, None, None, None) in facts(m)
    assert "indirect_added:component_not_mapped" in m.bods_report.reported
