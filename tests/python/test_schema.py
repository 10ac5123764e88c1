"""docs/govgraph.schema.json, docs/format.md and docs/model.md agree with the code.

The schema must be a valid draft 2020-12 schema, accept everything govgraph writes, list exactly
the kinds and values of the runtime tables (``govgraph._core._schema_tables()``), and refuse what
the reader refuses where a schema can see it. The examples and tables of the docs are checked
against the reader and the runtime tables, so that the docs cannot drift from the code.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

import govgraph as gg

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCHEMA_PATH = DOCS / "govgraph.schema.json"
FORMAT_MD = DOCS / "format.md"
MODEL_MD = DOCS / "model.md"

TABLES = gg._core._schema_tables()
STATED = [k for k, r in TABLES["relations"].items() if not r["implied"]]
IMPLIED = [k for k, r in TABLES["relations"].items() if r["implied"]]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Any:
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def errors(validator: Any, doc: Any) -> list[str]:
    """The schema's complaints about `doc`, as 'pointer: message' lines."""
    return [
        "/" + "/".join(map(str, e.absolute_path)) + ": " + e.message
        for e in validator.iter_errors(doc)
    ]


def loads_ok(doc: Any) -> bool:
    try:
        gg.loads(json.dumps(doc))
    except gg.Error:
        return False
    return True


def full_model() -> gg.Model:
    """A model that uses every key of the format at least once."""
    m = gg.Model("Every field")
    m.sources = ["seed 000", "ODS epraccur 2019"]
    m.add_organisation("ccg", name="NHS North Cumbria CCG", kind="commissioner",
                       legal_form="statutory_body", start="2013-04-01", end="2022-07-01",
                       attrs={"ods": "01H"})
    m.add_organisation("p1", name="Practice One", kind="practice", legal_form="partnership",
                       list_size=8500, not_for_profit=False,
                       attrs={"region": "north", "rating": 4.5, "dispensing": True})
    m.add_organisation("co", name="Collaborative", kind="company",
                       legal_form="company_limited_by_guarantee", not_for_profit=True)
    m.add_organisation("mdo", kind="other", legal_form="other")
    m.add_person("gp-a", name="Dr A", profession="gp", start="2010-01-01", end="2040-01-01",
                 attrs={"gmc": 1234567})
    m.add_asset("surgery", name="The Surgery", kind="premises", start="2000-01-01",
                end="2030-01-01", attrs={"sqm": 420})
    m.add_contract(
        "gms-1", kind="gms", name="GMS contract", binding=True, liability_cap=5e6,
        value=1_200_000, start="2004-04-01", end="2030-04-01", attrs={"ref": "GMS/001"},
        parties={"commissioner": "ccg", "holder": "p1"},
        obligations=[
            {"id": "gms-1/essential", "name": "Essential services", "category": "clinical",
             "start": "2004-04-01", "end": "2030-04-01", "attributes": {"schedule": 2}},
            {"id": "gms-1/report", "category": "reporting", "obligor": "p1", "obligee": "ccg",
             "non_delegable": True},
        ])
    m.add_contract("sub-1", kind="subcontract", head="gms-1", liability_cap=1e6,
                   onward_subcontracting=False, cap_basis="aggregate",
                   parties={"contractor": "p1", "subcontractor": "co"},
                   obligations=[{"id": "sub-1/essential", "flows_from": "gms-1/essential"}])
    m.add_contract("mou-1", kind="mou", binding=False, parties={"party": ["p1", "co"]},
                   obligations=[{"id": "mou-1/cover", "obligor": "p1", "obligee": "co"}])
    m.add_contract("emp-1", kind="employment", parties={"employer": "co", "employee": "gp-a"})
    m.add_relation("partner_in", "gp-a", "p1", start="2010-01-01", released=False)
    m.add_relation("member_of", "p1", "co")
    m.add_relation("employs", "co", "gp-a", start="2018-06-01", end="2024-01-01",
                   attrs={"hours": 37.5})
    m.add_relation("owns", "p1", "surgery", share=0.5)
    m.add_relation("controls", "p1", "co", interest="appoint_board")
    m.add_relation("occupies", "p1", "surgery")
    m.add_relation("guarantees", "gp-a", "co", beneficiary="p1", contract="sub-1")
    m.add_relation("indemnifies", "mdo", "gp-a", scope="clinical_negligence", cap=1e7)
    m.add_relation("delegates", "ccg", "co", start="2019-04-01")
    m.add_relation("accountable_to", "co", "ccg", attrs={"note": "quarterly", "public": True})
    m.add_relation("performs", "gp-a", "sub-1/essential", akin_to_employment=False)
    m.add_board("co-board", of="co", name="Board", quota=0.5, quorum=3, start="2018-06-01",
                end="2030-01-01", attrs={"chair": "gp-a"})
    m.add_seat("s1", board="co-board", votes=1, kind="representative", appointed_by="p1",
               represents=["p1", "ccg"], held_by="gp-a", name="Seat 1", start="2018-06-01",
               end="2020-01-01", attrs={"term": 3})
    m.add_seat("s2", board="co-board", votes=0, kind="observer", represents="ccg")
    m.add_seat("s3", board="co-board", appointed_by="p1", vacant=True)
    m.add_board("co-board-2", of="co", quorum=1, rules=[
        {"name": "ordinary", "quota": 0.5},
        {"name": "reserved", "quota": 0.75, "quota_rule": "at_least",
         "and": {"weight": "list_size", "quota": 0.5}}])
    m.add_board("co-board-3", of="co", quota=0.75, quota_rule="at_least")
    # Values that changed (history) on a node of every type, and a relation with an id.
    m.set("p1", on="2021-01-01", list_size=8700)
    m.set("gp-a", on="2015-01-01", profession="other")
    m.set("surgery", on="2020-01-01", kind="other")
    m.set("sub-1", on="2020-01-01", liability_cap=2e6)
    m.set("gms-1/report", on="2020-01-01", category="clinical")
    m.set("co-board", on="2020-01-01", quota=0.6)
    m.set("co-board-2", on="2021-01-01", rules=[{"name": "ordinary", "quota": 0.6}])
    m.set("s2", on="2020-01-01", vacant=True)
    m.add_relation("member_of", "mdo", "co", id="mdo-joins", start="2019-01-01")
    return m


def used_keys(doc: dict[str, Any]) -> dict[str, set[str]]:
    """For each object kind of the format ($defs name, or "document"), the keys `doc` uses."""
    used: dict[str, set[str]] = {"document": set(doc)}

    def note(kind: str, objs: list[dict[str, Any]]) -> None:
        for o in objs:
            used.setdefault(kind, set()).update(o)

    sections = {"organisations": "organisation", "people": "person", "assets": "asset",
                "contracts": "contract", "relations": "relation", "boards": "board"}
    for section, kind in sections.items():
        note(kind, doc.get(section, []))
    for c in doc.get("contracts", []):
        note("obligation", c.get("obligations", []))
    for b in doc.get("boards", []):
        note("seat", b.get("seats", []))
    return used


def markdown_section(text: str, heading: str) -> str:
    """The text of the section under `heading` (a whole heading line), up to the next heading of
    the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n") + len(heading) + 1
    stop = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, start)
    return text[start:stop.start() if stop else len(text)]


def json_blocks(text: str) -> list[str]:
    return re.findall(r"^```json\n(.*?)^```$", text, re.M | re.S)


# -- (a) the schema itself ---------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


# -- (b) what govgraph writes validates --------------------------------------------------------


def test_a_model_using_every_field_validates(
    schema: dict[str, Any], validator: Any
) -> None:
    text = full_model().dumps()
    doc = json.loads(text)
    assert errors(validator, doc) == []
    # The model really uses every key the schema defines, so the check above covers them all.
    used = used_keys(doc)
    defined = {name: set(d.get("properties", {})) for name, d in schema["$defs"].items()}
    defined["document"] = set(schema["properties"])
    for name, keys in used.items():
        assert keys == defined[name], name
    assert set(used) == {n for n, keys in defined.items() if keys}
    # ... and what it writes reads back to the same bytes (docs/format.md, "Round trip").
    assert gg.loads(text).dumps() == text


def test_every_value_of_every_enumeration_is_written_and_validates(validator: Any) -> None:
    nodes = TABLES["nodes"]
    m = gg.Model("enumerations")
    for i, kind in enumerate(nodes["organisation"]["kind"]["allowed"]):
        m.add_organisation(f"o-{kind}", kind=kind, legal_form="partnership" if i else None)
    for form in nodes["organisation"]["legal_form"]["allowed"]:
        m.add_organisation(f"f-{form}", legal_form=form)
    for prof in nodes["person"]["profession"]["allowed"]:
        m.add_person(f"p-{prof}", profession=prof)
    for kind in nodes["contract"]["kind"]["allowed"]:
        head = "c-gms" if kind == "subcontract" else None
        m.add_contract(f"c-{kind}", kind=kind, head=head, parties={})
    m.add_board("b", of="o-other")
    for kind in nodes["seat"]["kind"]["allowed"]:
        m.add_seat(f"s-{kind}", board="b", kind=kind, votes=0)
    for interest in TABLES["relations"]["controls"]["fields"]["interest"]["allowed"]:
        m.add_relation("controls", "p-gp", "o-practice", interest=interest)
    assert errors(validator, json.loads(m.dumps())) == []


# -- (c) the schema's enumerations are the runtime tables --------------------------------------


def _enum_cases() -> list[tuple[str, list[str], list[str]]]:
    nodes, rels = TABLES["nodes"], TABLES["relations"]
    return [
        ("organisation", ["organisation", "kind"], nodes["organisation"]["kind"]["allowed"]),
        ("organisation", ["organisation", "legal_form"],
         nodes["organisation"]["legal_form"]["allowed"]),
        ("person", ["person", "profession"], nodes["person"]["profession"]["allowed"]),
        ("contract", ["contract", "kind"], nodes["contract"]["kind"]["allowed"]),
        ("seat", ["seat", "kind"], nodes["seat"]["kind"]["allowed"]),
        ("relation", ["relation", "kind"], STATED),
        ("relation", ["relation", "interest"], rels["controls"]["fields"]["interest"]["allowed"]),
    ]


@pytest.mark.parametrize(("what", "path", "runtime"), _enum_cases(),
                         ids=[".".join(c[1]) for c in _enum_cases()])
def test_schema_enumerations_are_the_runtime_tables(
    schema: dict[str, Any], what: str, path: list[str], runtime: list[str]
) -> None:
    definition, prop = path
    enum = schema["$defs"][definition]["properties"][prop]["enum"]
    assert len(enum) == len(set(enum))
    assert sorted(enum) == sorted(runtime)


def test_stated_relation_kinds_are_the_eleven_of_the_design() -> None:
    assert sorted(STATED) == sorted([
        "partner_in", "member_of", "employs", "owns", "controls", "occupies", "guarantees",
        "indemnifies", "accountable_to", "performs", "delegates"])


_TYPES = {"text": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def _check_field(prop: dict[str, Any], spec: dict[str, Any], where: str) -> None:
    if spec["type"] == "rules":  # a board's decision rules: a list, defined once
        assert prop["$ref"] == "#/$defs/rules", where
        return
    assert prop["type"] == _TYPES[spec["type"]], where
    assert sorted(prop.get("enum", [])) == sorted(spec["allowed"]), where
    low = prop.get("minimum", prop.get("exclusiveMinimum"))
    assert (low is None) == (spec["min"] is None), where
    if low is not None:
        assert low == spec["min"], where
    assert prop.get("maximum") == spec["max"], where


def test_schema_fields_have_the_runtime_types_values_and_bounds(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    for node_type, fields in TABLES["nodes"].items():
        props = defs[node_type]["properties"]
        for name, spec in fields.items():
            _check_field(props[name], spec, f"{node_type}.{name}")
        # Fields of the type are not free attributes.
        reserved = defs[node_type]["properties"]["attributes"]["propertyNames"]["not"]["enum"]
        file_keys = {"id", "name", "start", "end", "attributes", "history"}
        assert set(fields) | file_keys <= set(reserved)
    relation = defs["relation"]["properties"]
    for kind in STATED:
        for name, spec in TABLES["relations"][kind]["fields"].items():
            _check_field(relation[name], spec, f"{kind}.{name}")
    rel_fields = {f for k in STATED for f in TABLES["relations"][k]["fields"]}
    assert set(relation) == {"kind", "source", "target", "id", "start", "end",
                             "attributes"} | rel_fields


def _contract_doc(kind: str, parties: dict[str, Any], obligation: dict[str, Any]) -> dict:
    doc: dict[str, Any] = {
        "govgraph": 1,
        "organisations": [{"id": "a"}, {"id": "b"}, {"id": "z"}],
        "contracts": [{"id": "c", "kind": kind, "parties": parties,
                       "obligations": [{"id": "c/1", **obligation}]}],
    }
    if kind == "subcontract":
        doc["contracts"][0]["head"] = "h"
        doc["contracts"].append(
            {"id": "h", "kind": "gms", "parties": {"commissioner": "z", "holder": "a"}})
    return doc


@pytest.mark.parametrize("kind", list(TABLES["contracts"]))
def test_schema_contract_roles_are_the_runtime_roles(validator: Any, kind: str) -> None:
    """Schema and reader agree, for every contract kind, on which roles its obligations need."""
    obligee, obligor = TABLES["contracts"][kind]
    own = {"obligor": "b", "obligee": "a"}
    cases: list[tuple[dict[str, Any], dict[str, Any], bool]] = []
    if obligor:
        roles = {obligee: "a", obligor: "b"}
        cases += [
            (roles, {}, True),
            ({obligee: "a"}, {}, False),
            ({obligor: "b"}, {}, False),
            ({obligee: "a", obligor: []}, {}, False),
            ({obligee: "a"}, {"obligor": "a"}, True),
            # strict input: a kind with roles takes only its roles (a typo is no party)
            ({"party": ["a", "b"]}, own, False),
        ]
    else:
        cases += [
            ({"party": ["a", "b"]}, own, True),
            ({"party": ["a", "b"]}, {}, False),
            ({"party": ["a", "b"]}, {"obligor": "b"}, False),
            ({"party": ["a", "b"]}, {"obligee": "a"}, False),
        ]
    for parties, obligation, expected in cases:
        doc = _contract_doc(kind, parties, obligation)
        label = f"{kind} parties={parties} obligation={obligation}"
        assert loads_ok(doc) is expected, label
        assert validator.is_valid(doc) is expected, (label, errors(validator, doc))


# -- (d) the docs' examples --------------------------------------------------------------------


def test_format_md_complete_example_loads_validates_and_is_in_written_form(
    validator: Any,
) -> None:
    text = FORMAT_MD.read_text(encoding="utf-8")
    blocks = json_blocks(markdown_section(text, "## A complete example"))
    assert len(blocks) == 1
    example = blocks[0].rstrip("\n")
    m = gg.loads(example, source="docs/format.md")
    assert errors(validator, json.loads(example)) == []
    # Every node type and every stated relation kind appears.
    for node_type in TABLES["nodes"]:
        assert m.count(node_type) > 0, node_type
    kinds = {r["kind"] for r in json.loads(example).get("relations", [])}
    assert kinds >= {"partner_in", "employs", "owns", "controls", "performs"}
    # It is in the form govgraph writes, so it also shows the key order.
    assert m.dumps() == example


def test_format_md_json_snippets_parse_and_documents_load(validator: Any) -> None:
    blocks = json_blocks(FORMAT_MD.read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    for block in blocks:
        doc = json.loads(block)
        if isinstance(doc, dict) and "govgraph" in doc:
            gg.loads(block)
            assert errors(validator, doc) == []


def test_shipped_example_models_validate(validator: Any) -> None:
    paths = sorted((ROOT / "examples" / "models").glob("*.json"))
    if not paths:
        pytest.skip("no example models")
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        gg.load(path)
        assert errors(validator, doc) == [], path.name


# -- (e) what the reader refuses, the schema refuses -------------------------------------------


def _valid_doc() -> dict[str, Any]:
    return json.loads(full_model().dumps())


_UNKNOWN_KEY: dict[str, Callable[[dict[str, Any]], None]] = {
    "document": lambda d: d.update(colour="blue"),
    "organisation": lambda d: d["organisations"][0].update(list_sise=10),
    "person": lambda d: d["people"][0].update(type="person"),
    "contract": lambda d: d["contracts"][0].update(holder="p1"),
    "obligation": lambda d: d["contracts"][0]["obligations"][0].update(due="2020-01-01"),
    "relation": lambda d: d["relations"][0].update(share=0.5),
    "board": lambda d: d["boards"][0].update(chair="gp-a"),
    "seat": lambda d: d["boards"][0]["seats"][0].update(board="co-board"),
    "asset": lambda d: d["assets"][0].update(address="1 High Street"),
    "field in attributes": lambda d: d["organisations"][1]["attributes"].update(kind="company"),
}


@pytest.mark.parametrize("where", list(_UNKNOWN_KEY))
def test_unknown_key_is_refused_by_schema_and_reader(validator: Any, where: str) -> None:
    doc = _valid_doc()
    _UNKNOWN_KEY[where](doc)
    assert not validator.is_valid(doc)
    with pytest.raises(gg.FormatError) as info:
        gg.loads(json.dumps(doc))
    assert info.value.id == "format"
    assert "[govgraph.format]" in str(info.value)


_REFUSED: dict[str, Callable[[dict[str, Any]], None]] = {
    "no version": lambda d: d.pop("govgraph"),
    "version 2": lambda d: d.update(govgraph=2),
    "section not an array": lambda d: d.update(people={}),
    "no id": lambda d: d["people"][0].pop("id"),
    "empty id": lambda d: d["people"][0].update(id=""),
    "organisation kind": lambda d: d["organisations"][0].update(kind="icb"),
    "legal_form": lambda d: d["organisations"][0].update(legal_form="plc"),
    "list_size negative": lambda d: d["organisations"][1].update(list_size=-1),
    "list_size fraction": lambda d: d["organisations"][1].update(list_size=2.5),
    "not_for_profit as 1": lambda d: d["organisations"][1].update(not_for_profit=1),
    "profession": lambda d: d["people"][0].update(profession="vet"),
    "date shape": lambda d: d["people"][0].update(start="2019-2-3"),
    "impossible day": lambda d: d["people"][0].update(start="2019-02-30"),
    "date as number": lambda d: d["people"][0].update(start=20190203),
    "attribute null": lambda d: d["people"][0]["attributes"].update(x=None),
    "attribute list": lambda d: d["people"][0]["attributes"].update(x=[1]),
    "contract without kind": lambda d: d["contracts"][0].pop("kind"),
    "contract kind": lambda d: d["contracts"][0].update(kind="deal"),
    "head on a gms": lambda d: d["contracts"][0].update(head="sub-1"),
    "subcontract without head": lambda d: d["contracts"][1].pop("head"),
    "flows_from outside a subcontract":
        lambda d: d["contracts"][0]["obligations"][0].update(flows_from="sub-1/essential"),
    "empty role": lambda d: d["contracts"][3]["parties"].update({"": "p1"}),
    "negative cap": lambda d: d["contracts"][0].update(liability_cap=-1),
    "relation kind": lambda d: d["relations"][0].update(kind="likes"),
    "implied relation kind": lambda d: d["relations"][0].update(kind="party"),
    "relation without target": lambda d: d["relations"][0].pop("target"),
    "share above 1": lambda d: d["relations"][3].update(share=1.5),
    "interest": lambda d: d["relations"][4].update(interest="friendship"),
    "board without of": lambda d: d["boards"][0].pop("of"),
    "quota 0": lambda d: d["boards"][0].update(quota=0),
    "quota 1.5": lambda d: d["boards"][0].update(quota=1.5),
    "observer with a vote": lambda d: d["boards"][0]["seats"][1].update(votes=1),
    "seat kind": lambda d: d["boards"][0]["seats"][0].update(kind="chair"),
}


@pytest.mark.parametrize("case", list(_REFUSED))
def test_schema_refuses_what_the_reader_refuses(validator: Any, case: str) -> None:
    doc = _valid_doc()
    _REFUSED[case](doc)
    assert not validator.is_valid(doc)
    assert not loads_ok(doc)


def test_schema_and_reader_accept_the_documented_variants(validator: Any) -> None:
    doc = _valid_doc()
    doc["organisations"][1]["list_size"] = 8800.0         # integral number in an integer field
    doc["boards"][0]["quota"] = 2                         # a whole number of votes
    doc["boards"][0]["seats"][0]["represents"] = "p1"     # one id instead of a list
    doc["contracts"][0]["parties"]["holder"] = ["p1"]     # a list of one
    doc["people"][0]["end"] = doc["people"][0]["start"]   # end == start
    del doc["name"]
    assert errors(validator, doc) == []
    assert loads_ok(doc)


# -- docs/model.md tables are the runtime tables -----------------------------------------------


def _table_rows(section: str) -> dict[str, list[str]]:
    """Rows of the markdown tables in `section` whose first cell is a `code` name."""
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([a-z_]+)` \|(.*)\|$", line)
        if m:
            rows[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    return rows


def _types(cell: str) -> set[str]:
    return {t.strip() for t in cell.split(",")}


def test_model_md_endpoint_tables_are_the_runtime_rules() -> None:
    text = MODEL_MD.read_text(encoding="utf-8")
    stated = _table_rows(markdown_section(text, "### Stated kinds"))
    implied = _table_rows(markdown_section(text, "### Implied kinds"))
    assert sorted(stated) == sorted(STATED)
    assert sorted(implied) == sorted(IMPLIED)
    for kind, cells in {**stated, **implied}.items():
        rule = TABLES["relations"][kind]
        assert _types(cells[0]) == set(rule["sources"]), kind
        assert _types(cells[1]) == set(rule["targets"]), kind
        for field in rule["fields"]:
            assert f"`{field}`" in cells[2], (kind, field)


def test_model_md_contract_roles_are_the_runtime_roles() -> None:
    text = MODEL_MD.read_text(encoding="utf-8")
    rows = _table_rows(markdown_section(text, "## Contracts: who owes whom"))
    assert sorted(rows) == sorted(TABLES["contracts"])
    for kind, (obligee, obligor) in TABLES["contracts"].items():
        cells = rows[kind]
        assert cells[0] == (f"`{obligee}`" if obligee else "—"), kind
        assert cells[1] == (f"`{obligor}`" if obligor else "—"), kind


@pytest.mark.parametrize("doc", [MODEL_MD, FORMAT_MD], ids=lambda p: p.name)
def test_docs_name_every_field_and_value(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    for node_type, fields in TABLES["nodes"].items():
        for name, spec in fields.items():
            assert f"`{name}`" in text, (node_type, name)
            for value in spec["allowed"]:
                assert f"`{value}`" in text, (node_type, name, value)
    for kind in STATED:
        assert f"`{kind}`" in text, kind
        for name, spec in TABLES["relations"][kind]["fields"].items():
            assert f"`{name}`" in text, (kind, name)
            for value in spec["allowed"]:
                assert f"`{value}`" in text, (kind, name, value)
    for kind, roles in TABLES["contracts"].items():
        assert f"`{kind}`" in text, kind
        for role in roles:
            assert not role or f"`{role}`" in text, (kind, role)


def test_model_md_lists_every_error_id() -> None:
    text = MODEL_MD.read_text(encoding="utf-8")
    for error_id in ["duplicate_id", "unknown_id", "endpoint_kind", "bad_date", "wrong_type",
                     "bad_value", "missing_field", "unknown_field", "implied_kind", "parse_error",
                     "format", "io"]:
        assert f"| `{error_id}` |" in text, error_id


def test_documented_error_classes() -> None:
    assert issubclass(gg.UnknownIdError, gg.Error) and issubclass(gg.UnknownIdError, KeyError)
    assert issubclass(gg.ModelError, gg.Error) and issubclass(gg.ModelError, ValueError)
    assert issubclass(gg.FormatError, gg.ModelError)


def test_malformed_json_is_reported_by_line_and_column() -> None:
    text = '{\n  "govgraph": 1,\n  "name": "x"\n  "people": []\n}\n'
    with pytest.raises(gg.FormatError) as info:
        gg.loads(text, source="model.json")
    assert info.value.id == "parse_error"
    assert str(info.value).startswith("[govgraph.parse_error] model.json:4:")


def test_errors_name_the_json_pointer() -> None:
    doc = _valid_doc()
    doc["relations"][2]["target"] = "nobody"
    with pytest.raises(gg.UnknownIdError) as info:
        gg.loads(json.dumps(doc), source="model.json")
    assert info.value.id == "unknown_id"
    assert "model.json at /relations/2 " in str(info.value)
    assert "'nobody'" in str(info.value)


def test_a_refused_document_is_all_or_nothing() -> None:
    """A document is one batch: a late error means nothing at all is returned."""
    doc = copy.deepcopy(_valid_doc())
    doc["assets"][0]["kind"] = 3  # wrong_type, in the last section
    with pytest.raises(gg.ModelError) as info:
        gg.loads(json.dumps(doc))
    assert info.value.id == "wrong_type"
