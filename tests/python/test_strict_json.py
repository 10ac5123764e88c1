"""The JSON reader is strict and cannot be crashed (issue 11, item 4), seen from Python; and the
error table of docs/format.md lists exactly the error ids the sources raise.

Nesting deeper than 64 levels, a key given twice, a version other than the integer 1, and numbers
beyond 64-bit integers or doubles are FormatErrors that name the JSON pointer (and the line and
column); long keys and values are cut in messages; every pointer a message names exists in the
document.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

import govgraph as gg

ROOT = Path(__file__).resolve().parents[2]
FORMAT_MD = ROOT / "docs" / "format.md"

BASE = {
    "govgraph": 1,
    "organisations": [
        {"id": "ccg", "kind": "commissioner"},
        {"id": "p1", "kind": "practice", "legal_form": "partnership"},
    ],
    "people": [{"id": "gp", "profession": "gp"}],
}


def refused(text: str, source: str = "<string>") -> gg.Error:
    with pytest.raises(gg.Error) as info:
        gg.loads(text, source=source)
    return info.value


def with_body(body: str) -> str:
    return json.dumps(BASE)[:-1] + body + "}"


# -- the error ids: sources and docs agree ------------------------------------------------------


def source_error_ids() -> set[str]:
    """Every error id the C++ core and the Python package raise, found as the issue says:
    ``Error("id"`` in src, include and python (bindings), ``[govgraph.id]`` in Python text and
    ``.id = "id"`` in Python."""
    ids: set[str] = set()
    cxx = re.compile(r'(?:ModelError|FormatError|UnknownIdError|Error)\(\s*"([a-z_]+)"')
    for folder in ("src", "include", "python"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".cpp", ".hpp", ".h", ".py", ".pyi"}:
                text = path.read_text(encoding="utf-8")
                ids |= set(cxx.findall(text))
                if path.suffix in {".py", ".pyi"}:
                    ids |= set(re.findall(r"\[govgraph\.([a-z_]+)\]", text))
                    ids |= set(re.findall(r'\.id\s*=\s*"([a-z_]+)"', text))
    return ids


def documented_error_ids() -> set[str]:
    text = FORMAT_MD.read_text(encoding="utf-8")
    section = text[text.index("\n## Errors\n") : text.index("\n## Validating with the schema\n")]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


def test_the_grep_finds_the_ids_it_should() -> None:
    ids = source_error_ids()
    for expected in [
        "parse_error",
        "format",
        "io",
        "too_deep",
        "duplicate_key",
        "out_of_range",
        "unknown_id",
        "duplicate_id",
        "cycle",
        "too_large",
        "not_in_force",
        "needs_date",
        "too_many_paths",
        "unknown_field",
        "unknown_code",
    ]:
        assert expected in ids, expected


def test_every_error_id_is_in_the_docs_table_and_nothing_else() -> None:
    in_sources, in_docs = source_error_ids(), documented_error_ids()
    assert in_sources - in_docs == set(), "raised but not documented in docs/format.md"
    assert in_docs - in_sources == set(), "documented in docs/format.md but never raised"


# -- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["arrays", "objects in attributes", "version"])
def test_200000_levels_are_refused_quickly(shape: str) -> None:
    n = 200_000
    if shape == "arrays":
        text = "[" * n + "]" * n
        pointer = "/0" * 64
    elif shape == "version":
        text = '{"govgraph": ' + "[" * n + "]" * n + "}"
        pointer = "/govgraph" + "/0" * 63
    else:
        deep = '{"a":' * n + "1" + "}" * n
        text = with_body(', "assets": [{"id": "x", "attributes": ' + deep + "}]")
        pointer = "/assets/0/attributes" + "/a" * 61
    t0 = time.perf_counter()
    e = refused(text)
    took = time.perf_counter() - t0
    assert isinstance(e, gg.FormatError) and e.id == "too_deep"
    assert f" at {pointer}: " in str(e)
    assert took < 0.5, took
    assert len(str(e)) < 400


def test_64_levels_parse_and_65_do_not() -> None:
    def nested(levels: int) -> str:  # an attribute value `levels - 4` arrays deep
        return with_body(
            ', "assets": [{"id": "a", "attributes": {"x": '
            + "[" * (levels - 4)
            + "]" * (levels - 4)
            + "}}]"
        )

    assert refused(nested(64)).id == "format"  # parsed; an array is not an attribute value
    assert refused(nested(65)).id == "too_deep"


# -- duplicate keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, pointer",
    [
        (', "assets": [{"id": "a", "id": "b"}]', "/assets/0/id"),
        (', "assets": [{"id": "a", "attributes": {"n": 1, "n": 1}}]', "/assets/0/attributes/n"),
        (
            ', "contracts": [{"id": "c", "kind": "gms", "parties": {"holder": "p1", "holder": "p1"}}]',  # noqa: E501 (a document line as written)
            "/contracts/0/parties/holder",
        ),
        (', "name": "x", "name": "y"', "/name"),
    ],
)
def test_duplicate_keys_are_refused_at_their_pointer(body: str, pointer: str) -> None:
    e = refused(with_body(body))
    assert isinstance(e, gg.FormatError) and e.id == "duplicate_key"
    assert re.match(
        r"\[govgraph\.duplicate_key\] <string>:1:\d+ at " + re.escape(pointer) + ": ", str(e)
    ), str(e)


def test_a_duplicate_key_names_its_line_and_column() -> None:
    text = '{\n  "govgraph": 1,\n  "people": [{"id": "a",\n     "id": "b"}]\n}'
    assert str(refused(text, "m.json")).startswith(
        "[govgraph.duplicate_key] m.json:4:6 at /people/0/id: "
    )


# -- the version ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "version", ["4294967297", "1.0", "1e0", '"1"', "true", "null", "[1]", "2", "0", "-1"]
)
def test_the_version_is_exactly_the_integer_one(version: str) -> None:
    e = refused('{"govgraph": ' + version + "}")
    assert e.id == "format" and str(e).startswith("[govgraph.format] <string> at /govgraph: ")


def test_version_one_loads() -> None:
    assert len(gg.loads('{"govgraph": 1}')) == 0


# -- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["1e400", "-1e400", "18446744073709551616", "-9223372036854775809", "9223372036854775808"],
)
def test_numbers_out_of_range_are_format_errors(number: str) -> None:
    text = with_body(', "assets": [{"id": "a", "attributes": {"n": ' + number + "}}]")
    e = refused(text)
    assert isinstance(e, gg.FormatError) and e.id == "out_of_range"
    column = text.index(number) + 1
    assert str(e).startswith(
        f"[govgraph.out_of_range] <string>:1:{column} at /assets/0/attributes/n: "
    )


def test_the_64_bit_limits_are_exact() -> None:
    m = gg.loads(
        with_body(
            ', "assets": [{"id": "a", "attributes": '
            '{"max": 9223372036854775807, "min": -9223372036854775808}}]'
        )
    )
    attrs = m.get("a")["attributes"]
    assert attrs["max"] == 2**63 - 1 and attrs["min"] == -(2**63)


# -- messages ---------------------------------------------------------------------------------


def test_long_keys_and_values_are_cut() -> None:
    key = "k" * 5000
    e = refused('{"govgraph": 1, "' + key + '": 1}')
    assert e.id == "format" and len(str(e)) < 500
    assert "'" + "k" * 60 + "…(5000 characters)'" in str(e)
    e = refused('{"govgraph": "' + "v" * 100_000 + '"}')
    assert len(str(e)) < 300 and "…(100002 characters)" in str(e)
    e = refused('{"govgraph": 1, "sources": [' + "9" * 50_000 + "]}")
    assert e.id == "out_of_range" and len(str(e)) < 400


# -- pointers ---------------------------------------------------------------------------------


def resolve(doc: Any, pointer: str) -> bool:
    """Whether the RFC 6901 pointer names a value of `doc`."""
    if pointer == "":
        return True
    x = doc
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(x, dict) and token in x:
            x = x[token]
        elif isinstance(x, list) and token.isdigit() and int(token) < len(x):
            x = x[int(token)]
        else:
            return False
    return True


BROKEN = [
    ', "contracts": [{"id": "c", "kind": "gms", "parties": {"commissioner": "ccg", "holder": "p9"}}]',  # noqa: E501 (a document line as written)
    ', "contracts": [{"id": "c", "kind": "gms", "parties": {"commissioner": "ccg", "holder": ["p1", "p9"]}}]',  # noqa: E501 (a document line as written)
    ', "contracts": [{"id": "c", "kind": "gms", "parties": {"commissioner": [], "holder": "p1"}}]',
    ', "boards": [{"id": "b", "of": "p1", "seats": [{"id": "s", "represents": "nobody"}]}]',
    ', "boards": [{"id": "b", "of": "p1", "seats": [{"id": "s", "held_by": ["ccg"]}]}]',
    ', "boards": [{"id": "b", "of": "p1", "seats": [{"id": "s", "appointed_by": {"id": "gp"}}]}]',
    ', "relations": [{"kind": "member_of", "source": "p1", "target": "ccg", "attributes": {"start": "2020-01-01"}}]',  # noqa: E501 (a document line as written)
    ', "relations": [{"kind": "owns", "source": "p1", "target": "ccg", "share": 3}]',
    ', "assets": [{"id": "a", "attributes": {"a/b~c": null}}]',
    ', "assets": [{"id": "a", "start": "2021-02-30"}]',
    ', "assets": [{"id": "p1"}]',
    ', "sources": [1]',
]


@pytest.mark.parametrize("body", BROKEN)
def test_every_pointer_named_exists(body: str) -> None:
    text = with_body(body)
    e = refused(text)
    m = re.search(r" at (/[^ :]*|the top level)[ :]", str(e))
    assert m, str(e)
    pointer = "" if m.group(1) == "the top level" else m.group(1)
    assert resolve(json.loads(text), pointer), str(e)


def test_a_party_given_as_one_id_is_named_where_it_is() -> None:
    e = refused(with_body(BROKEN[0]))
    assert isinstance(e, gg.UnknownIdError)
    assert " at /contracts/0/parties/holder (" in str(e)


# -- only govgraph errors ---------------------------------------------------------------------


def test_malformed_and_hostile_text_raises_only_govgraph_errors() -> None:
    base = gg.loads(
        with_body(
            ', "contracts": [{"id": "c", "kind": "mou", "parties": {"party": ["p1", "ccg"]}}]'
        )
    ).dumps()
    import random

    rng = random.Random(11)
    alphabet = '{}[]":,0123456789.eE-+ tfn\\u\x01'
    for _ in range(1000):
        chars = list(base)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(chars))
            op = rng.randrange(3)
            if op == 0:
                chars[i] = rng.choice(alphabet)
            elif op == 1:
                del chars[i : i + rng.randint(1, 8)]
            else:
                chars.insert(i, rng.choice(alphabet) * rng.randint(1, 3))
        try:
            gg.loads("".join(chars))
        except gg.Error:
            pass  # anything else fails the test
