"""docs/govgraph.schema.json and the reader agree (issue 11): a property test.

Documents are made from a valid one (examples/models/north_cumbria.json, shrunk, plus one of each
thing it lacks: an asset, an mou, every stated relation kind with its fields, an observer seat,
dated links, free attributes) by one to three mutations: a key dropped, an unknown or a known key
added, a value of another type, another enumeration value or id, a date that is not a day (or is
an unusual one: 0000-01-01, 2000-02-29), a number out of bounds, a value nested in a list or an
object, a field moved into ``attributes``, a key renamed. For each, the schema (with its format
checker) accepts it if and only if ``gg.loads`` does, except for what the schema cannot see: the
checks that need the whole model, and the few the schema's description lists as reader-only.
For those the schema may accept what the reader refuses, never the reverse.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

import govgraph as gg

hypothesis = pytest.importorskip("hypothesis")
jsonschema = pytest.importorskip("jsonschema")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "govgraph.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
TABLES = gg._core._schema_tables()


def _base() -> dict[str, Any]:
    """North Cumbria shrunk to practice A, plus one of everything it lacks."""
    nc = json.loads((ROOT / "examples" / "models" / "north_cumbria.json").read_text("utf-8"))
    keep_orgs = {"01H", "QHM", "ncpcc", "practice-a", "practice-b", "cpft", "nc-system"}
    keep_people = {"gp-a1", "gp-b1"}
    doc: dict[str, Any] = {
        "govgraph": 1,
        "name": nc["name"],
        "sources": nc["sources"][:1],
        "organisations": [o for o in nc["organisations"] if o["id"] in keep_orgs],
        "people": [p for p in nc["people"] if p["id"] in keep_people],
        "contracts": [
            c for c in nc["contracts"] if c["id"] in {"gms-practice-a", "sub-practice-a"}
        ],
    }
    for c in doc["contracts"]:
        c["obligations"] = c["obligations"][:2]
    ids = keep_orgs | keep_people | {"system-board", "surgery", "gms-practice-a"}
    kinds_seen: set[str] = set()
    doc["relations"] = []
    for r in nc["relations"]:  # one of each kind
        if r["source"] in ids and r["target"] in ids and r["kind"] not in kinds_seen:
            kinds_seen.add(r["kind"])
            doc["relations"].append(r)
    board = next(b for b in nc["boards"] if b["id"] == "system-board")
    board["seats"] = board["seats"][:2]
    doc["boards"] = [board]
    doc["organisations"][2].setdefault("attributes", {})["ods_code"] = "A82001"
    doc["people"][0]["attributes"] = {"gmc": 1234567, "fte": 0.75, "lead": True}
    doc["assets"] = [
        {
            "id": "surgery",
            "name": "Surgery",
            "kind": "premises",
            "start": "1999-01-01",
            "attributes": {"sqm": 420.5},
        }
    ]
    doc["contracts"].append(
        {
            "id": "mou-1",
            "kind": "mou",
            "binding": False,
            "parties": {"party": ["practice-a", "practice-b"], "witness": "cpft"},
            "obligations": [
                {
                    "id": "mou-1/cover",
                    "obligor": "practice-b",
                    "obligee": "practice-a",
                    "non_delegable": True,
                    "attributes": {"hours": 10},
                }
            ],
            "start": "2017-01-01",
        }
    )
    doc["contracts"][0].update(value=1100000, liability_cap=5e6, cap_basis="aggregate")
    doc["contracts"][1].update(onward_subcontracting=False, binding=True)
    doc["relations"] += [
        {"kind": "owns", "source": "gp-a1", "target": "surgery", "share": 0.5},
        {"kind": "occupies", "source": "practice-a", "target": "surgery"},
        {
            "kind": "controls",
            "source": "practice-a",
            "target": "ncpcc",
            "interest": "appoint_board",
        },
        {
            "kind": "indemnifies",
            "source": "01H",
            "target": "ncpcc",
            "scope": "clinical_negligence",
            "cap": 1e7,
        },
        {
            "kind": "guarantees",
            "source": "practice-b",
            "target": "ncpcc",
            "beneficiary": "01H",
            "contract": "gms-practice-a",
        },
        {
            "kind": "performs",
            "source": "gp-b1",
            "target": "sub-practice-a/essential",
            "akin_to_employment": True,
        },
        {
            "kind": "partner_in",
            "source": "gp-b1",
            "target": "practice-b",
            "start": "2004-04-01",
            "end": "2019-01-01",
            "released": True,
            "attributes": {"equity": 0.25},
        },
        {"kind": "delegates", "source": "QHM", "target": "ncpcc", "start": "2022-07-01"},
        {
            "kind": "member_of",
            "source": "practice-b",
            "target": "ncpcc",
            "attributes": {"founding": True, "note": "since the start"},
        },
    ]
    board["quorum"] = 2
    board["seats"].append(
        {
            "id": "system-seat-obs",
            "kind": "observer",
            "votes": 0,
            "appointed_by": "cpft",
            "represents": "cpft",
            "attributes": {"note": "observes"},
        }
    )
    board["seats"][1]["held_by"] = "gp-a1"
    return doc


BASE = _base()


# What a mutation may put in: every name and value the format knows, ids of the base document,
# near misses, and values of every JSON type.
def _known_names() -> list[str]:
    names: set[str] = {
        "id",
        "name",
        "start",
        "end",
        "attributes",
        "kind",
        "source",
        "target",
        "parties",
        "obligations",
        "head",
        "flows_from",
        "obligor",
        "obligee",
        "of",
        "seats",
        "appointed_by",
        "represents",
        "held_by",
        "type",
        "board",
        "govgraph",
        "sources",
        "organisations",
        "people",
        "contracts",
        "relations",
        "boards",
        "assets",
        "role",
    }
    for fields in TABLES["nodes"].values():
        names |= set(fields)
    for rel in TABLES["relations"].values():
        names |= set(rel["fields"])
    for roles in TABLES["contracts"].values():
        names |= {r for r in roles if r}
    return sorted(names)


def _enum_values() -> list[str]:
    values: set[str] = set(TABLES["relations"]) | set(TABLES["contracts"])
    for fields in TABLES["nodes"].values():
        for spec in fields.values():
            values |= set(spec["allowed"])
    for rel in TABLES["relations"].values():
        for spec in rel["fields"].values():
            values |= set(spec["allowed"])
    return sorted(values)


def _ids(doc: Any) -> list[str]:
    out: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if isinstance(x.get("id"), str):
                out.append(x["id"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    return sorted(set(out))


NAMES = _known_names() + ["colour", "", "listsize", "holders", "a/b", "~0"]
WORDS = _enum_values() + _ids(BASE) + ["", "GMS", "holders", "nobody", "premises", "x" * 70]
DATES = [
    "0000-01-01",
    "0000-02-29",
    "9999-12-31",
    "2021-02-30",
    "2021-02-29",
    "2020-02-29",
    "1900-02-29",
    "2000-02-29",
    "2100-02-29",
    "2021-04-31",
    "2021-13-01",
    "2021-00-10",
    "2021-1-01",
    "20210101",
    "2021-02-28T00:00",
    " 2021-02-28",
    "2021-02-28\n",
    "٢٠٢١-٠١-٠١",
    "2019-01-01",
    "1990-06-30",
]
NUMBERS: list[Any] = [
    -1,
    -0.5,
    0,
    0.0,
    0.25,
    0.999,
    1,
    1.0,
    1.5,
    2,
    3,
    12,
    2**31,
    2**53 + 1,
    2**63 - 1,
    2**63,
    2**64,
    -(2**63),
    -(2**63) - 1,
    1e18,
    1e19,
    1e300,
    -1e300,
    5e-324,
    4294967297,
]
SCALARS: list[Any] = [
    None,
    True,
    False,
    "",
    "text",
    [],
    {},
    ["practice-a"],
    {"id": "practice-a"},
    {"id": "cpft", "start": "2020-01-01"},
    [{"id": "cpft"}, "01H"],
    [1],
    {"a": 1},
]

# Drawn values are copied: a mutation may change them in place later.
values = st.one_of(
    st.sampled_from(SCALARS),
    st.sampled_from(NUMBERS),
    st.sampled_from(WORDS),
    st.sampled_from(DATES),
    st.text(max_size=8),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
).map(copy.deepcopy)


LINK_KEYS = {"of", "obligor", "obligee", "appointed_by", "represents", "held_by"}
# Names worth trying where free attributes go: the reserved ones, and ordinary ones.
ATTRIBUTE_NAMES = [
    "attributes",
    "",
    "type",
    "id",
    "name",
    "kind",
    "source",
    "target",
    "start",
    "end",
    "share",
    "interest",
    "scope",
    "cap",
    "released",
    "list_size",
    "seats",
    "of",
    "parties",
    "head",
    "flows_from",
    "obligor",
    "held_by",
    "role",
    "note",
]
ROLES = sorted({r for roles in TABLES["contracts"].values() for r in roles if r}) + [
    "party",
    "guarantor",
    "",
    "holders",
]
LINKS: list[Any] = [
    [],
    ["practice-a"],
    ["practice-a", "practice-b"],
    "nobody",
    "",
    {"id": "cpft"},
    {"id": "cpft", "start": "2021-02-30"},
    {"id": "cpft", "start": "2020-01-01", "end": "2019-01-01"},
    {"id": "cpft", "until": "2020-01-01"},
    [{"id": "cpft", "end": "2020-01-01"}, "01H"],
    [["practice-a"]],
    {"id": ""},
    {},
    [None],
    7,
]


def _sites(doc: Any) -> dict[str, list[tuple[Any, Any]]]:
    """(container, key or index) of every value in the document, by what the value is."""
    out: dict[str, list[tuple[Any, Any]]] = {
        c: []
        for c in (
            "object",
            "attributes",
            "parties",
            "link",
            "date",
            "number",
            "text",
            "version",
            "any",
        )
    }

    def walk(x: Any, in_parties: bool = False) -> None:
        items = x.items() if isinstance(x, dict) else enumerate(x) if isinstance(x, list) else ()
        for k, v in items:
            slot = (x, k)
            out["any"].append(slot)
            if x is doc and k == "govgraph":
                out["version"].append(slot)
            elif k == "attributes" and isinstance(v, dict):
                out["attributes"].append(slot)
            elif k == "parties" and isinstance(v, dict):
                out["parties"].append(slot)
            elif k in LINK_KEYS or in_parties:
                out["link"].append(slot)
            elif k in ("start", "end"):
                out["date"].append(slot)
            elif isinstance(v, dict):
                out["object"].append(slot)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                out["number"].append(slot)
            elif isinstance(v, str):
                out["text"].append(slot)
            walk(v, k == "parties" and isinstance(v, dict))

    walk(doc)
    return out


def _mutate(data: Any, doc: dict[str, Any]) -> str:
    sites = _sites(doc)
    what = data.draw(st.sampled_from([c for c, slots in sites.items() if slots]))
    parent, key = data.draw(st.sampled_from(sites[what]))
    value = parent[key]
    if what == "object":  # a node, relation, seat, obligation or dated link
        op = data.draw(st.sampled_from(["drop", "add_known", "add", "into_attributes", "rename"]))
        if op == "drop" and value:
            del value[data.draw(st.sampled_from(sorted(value)))]
        elif op in ("add_known", "add"):
            name = data.draw(st.sampled_from(NAMES) if op == "add_known" else st.text(max_size=6))
            value[name] = data.draw(values)
        elif op == "into_attributes" and value:
            name = data.draw(st.sampled_from(sorted(value)))
            attrs = value.setdefault("attributes", {})
            if isinstance(attrs, dict) and name != "attributes":
                attrs[name] = value.pop(name)
        elif op == "rename" and value:
            name = data.draw(st.sampled_from(sorted(value)))
            value[data.draw(st.sampled_from(NAMES))] = value.pop(name)
        return f"{op} in {key!r}"
    if what == "attributes":
        name = data.draw(st.one_of(st.sampled_from(ATTRIBUTE_NAMES), st.text(max_size=4)))
        value[name] = data.draw(
            st.one_of(values, st.sampled_from([[1], {"a": 1}, None]).map(copy.deepcopy))
        )
        return f"attribute {name!r}"
    if what == "parties":
        op = data.draw(st.sampled_from(["add", "drop", "rename"]))
        if op == "add":
            value[data.draw(st.sampled_from(ROLES))] = copy.deepcopy(
                data.draw(st.sampled_from(LINKS + WORDS))
            )
        elif value:
            role = data.draw(st.sampled_from(sorted(value)))
            link = value.pop(role)
            if op == "rename":
                value[data.draw(st.sampled_from(ROLES))] = link
        return f"{op} a role"
    if what == "link":
        parent[key] = copy.deepcopy(
            data.draw(st.one_of(st.sampled_from(LINKS), st.sampled_from(WORDS)))
        )
    elif what == "date":
        parent[key] = data.draw(st.one_of(st.sampled_from(DATES), values))
    elif what == "number":
        parent[key] = data.draw(st.one_of(st.sampled_from(NUMBERS), values))
    elif what == "text":
        parent[key] = data.draw(st.one_of(st.sampled_from(WORDS), values))
    elif what == "version":
        parent[key] = data.draw(st.one_of(st.sampled_from(NUMBERS), values))
    else:
        op = data.draw(st.sampled_from(["drop", "retype", "nest"]))
        if op == "drop":
            del parent[key]
        elif op == "retype":
            parent[key] = data.draw(values)
        else:
            parent[key] = data.draw(st.sampled_from([[value], {"a": value}]))
        return f"{op} at {key!r}"
    return f"{what} at {key!r} := {parent[key]!r}"


def _has_big_integer(doc: Any) -> bool:
    if isinstance(doc, bool):
        return False
    if isinstance(doc, int):
        return not -(2**63) <= doc < 2**63
    if isinstance(doc, dict):
        return any(_has_big_integer(v) for v in doc.values())
    if isinstance(doc, list):
        return any(_has_big_integer(v) for v in doc)
    return False


# The reader's refusals a schema cannot make: the checks that need the whole model (the schema's
# description lists them) and the reader-only ones (also listed there).
WHOLE_MODEL = [
    ("unknown_id", ""),
    ("duplicate_id", ""),
    ("endpoint_kind", ""),
    ("cycle", ""),
    ("bad_date", "is before start"),
    ("bad_value", "who is not a party to the contract"),
    ("bad_value", "of the head contract"),
    ("bad_value", "which is not an obligation of this contract's head"),
    ("bad_value", "to itself"),
    ("bad_value", "cannot be its own head"),
]


def _schema_cannot_see(err: gg.Error, doc: dict[str, Any]) -> bool:
    msg = str(err)
    if any(err.id == i and s in msg for i, s in WHOLE_MODEL):
        return True
    if err.id == "out_of_range" and _has_big_integer(doc):
        return True  # JSON Schema cannot tell 18446744073709551616 from 1.8446744073709552e19
    v = doc.get("govgraph")
    if err.id == "format" and "/govgraph:" in msg and isinstance(v, float) and v == 1:
        return True  # nor 1.0 from 1
    return False


def _outcome(doc: dict[str, Any]) -> tuple[bool, gg.Error | None, list[str]]:
    schema_errors = (
        []
        if VALIDATOR.is_valid(doc)
        else [
            "/" + "/".join(map(str, e.absolute_path)) + ": " + e.message[:200]
            for e in VALIDATOR.iter_errors(doc)
        ]
    )
    try:
        gg.loads(json.dumps(doc))
    except gg.Error as e:
        return False, e, schema_errors
    return True, None, schema_errors


def _check(doc: dict[str, Any], how: str = "") -> None:
    reader_ok, err, schema_errors = _outcome(doc)
    if reader_ok:
        assert not schema_errors, (
            f"{how}: the reader accepts what the schema refuses: {schema_errors}"
        )
    elif not schema_errors:
        assert err is not None
        assert _schema_cannot_see(err, doc), (
            f"{how}: the schema accepts what the reader refuses: {err}"
        )


def test_the_base_document_is_valid_for_both() -> None:
    assert VALIDATOR.is_valid(BASE), list(VALIDATOR.iter_errors(BASE))[:3]
    m = gg.loads(json.dumps(BASE))
    assert len(m) > 20


# GOVGRAPH_SCHEMA_EXAMPLES=20000 for a longer search (a few minutes).
@settings(
    max_examples=int(os.environ.get("GOVGRAPH_SCHEMA_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.data())
def test_schema_accepts_what_the_reader_accepts(data: Any) -> None:
    doc = copy.deepcopy(BASE)
    how = []
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        how.append(_mutate(data, doc))
    _check(doc, "; ".join(how))


# Decisions, one by one (each also a case the property test may reach).


@pytest.mark.parametrize(
    "date, ok",
    [
        ("0000-01-01", True),  # ISO 8601 year 0 (1 BC); govgraph's Date holds it
        ("0000-02-29", True),  # year 0 is a leap year (divisible by 400)
        ("9999-12-31", True),
        ("2000-02-29", True),
        ("1900-02-29", False),
        ("2100-02-29", False),
        ("2021-02-30", False),
        ("2021-04-31", False),
        ("2021-13-01", False),
        ("2021-1-01", False),
        ("٢٠٢١-٠١-٠١", False),  # digits that are not ASCII
    ],
)
def test_dates_agree(date: str, ok: bool) -> None:
    doc = copy.deepcopy(BASE)
    doc["assets"][0]["start"] = date
    reader_ok, err, schema_errors = _outcome(doc)
    assert reader_ok is ok, err
    assert (not schema_errors) is ok, schema_errors


@pytest.mark.parametrize(
    "where", ["of", "obligor", "held_by", "appointed_by", "represents", "role"]
)
def test_an_empty_list_of_references_is_refused_by_both(where: str) -> None:
    doc = copy.deepcopy(BASE)
    if where == "of":
        doc["boards"][0]["of"] = []
    elif where == "obligor":
        doc["contracts"][2]["obligations"][0]["obligor"] = []
    elif where == "role":
        doc["contracts"][0]["parties"]["holder"] = []
    else:
        doc["boards"][0]["seats"][1][where] = []
    reader_ok, err, schema_errors = _outcome(doc)
    assert not reader_ok and schema_errors
    assert err is not None and err.id == "format" and "empty list" in str(err)


def test_a_role_the_kind_does_not_have_is_refused_by_both() -> None:
    doc = copy.deepcopy(BASE)
    doc["contracts"][0]["parties"]["guarantor"] = "cpft"
    reader_ok, err, schema_errors = _outcome(doc)
    assert not reader_ok and err is not None and err.id == "unknown_field"
    assert schema_errors
    doc = copy.deepcopy(BASE)
    doc["contracts"][2]["parties"]["guarantor"] = "cpft"  # an mou takes any role
    _check(doc)
    assert _outcome(doc)[0]


def test_the_version_one_point_zero_is_the_documented_exception() -> None:
    doc = copy.deepcopy(BASE)
    doc["govgraph"] = 1.0
    reader_ok, err, schema_errors = _outcome(doc)
    assert not reader_ok and err is not None and err.id == "format"
    assert not schema_errors  # JSON Schema cannot tell 1.0 from 1: documented in the schema
    assert "1.0" in SCHEMA["description"]


def test_integers_beyond_64_bits_are_the_documented_exception() -> None:
    doc = copy.deepcopy(BASE)
    doc["contracts"][0]["value"] = 2**64
    reader_ok, err, schema_errors = _outcome(doc)
    assert not reader_ok and err is not None and err.id == "out_of_range"
    assert "/contracts/0/value" in str(err)
    assert "64 bits" in SCHEMA["description"]
    doc["contracts"][0]["value"] = float(2**64)  # written 1.8446744073709552e+19: a number
    assert _outcome(doc)[0]


def test_integer_fields_have_the_64_bit_range() -> None:
    doc = copy.deepcopy(BASE)
    doc["organisations"][3]["list_size"] = 2**63 - 1
    _check(doc)
    for big in (2**63, 1e19):
        doc["organisations"][3]["list_size"] = big
        reader_ok, err, schema_errors = _outcome(doc)
        assert not reader_ok and schema_errors, big


def test_the_schema_description_lists_what_only_the_reader_checks() -> None:
    text = SCHEMA["description"]
    for what in [
        "ids exist",
        "unique",
        "endpoint",
        "end not before start",
        "cycle",
        "duplicate keys",
        "64 levels",
        "64 bits",
        "1.0",
    ]:
        assert what in text, what
