"""Beneficial Ownership Data Standard (BODS) 0.4 in and out (docs/bods.md).

``read`` streams BODS statements (a JSON array or JSON Lines) into a model: entity records become
organisations, person records people, relationship records ``owns``/``controls`` relations, one
per interest. What is not mapped is reported on ``model.bods_report``, never dropped silently.
``validate`` checks statements against the BODS 0.4 JSON Schema (local files, no network) and
returns every error with its statement, line and JSON path. ``to_bods``/``write`` give the
statements of a model's organisations, people and ``owns``/``controls`` relations.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import _core
from .frames import _error
from .model import Model, _text

__all__ = ["BodsReport", "SchemaNotFoundError", "ValidationError", "read", "schema_dir",
           "to_bods", "validate", "write"]

log = logging.getLogger("govgraph")

_PathOrFile = str | os.PathLike[str] | IO[str] | IO[bytes]
_CHUNK = 1 << 20
_NS = uuid.UUID("6f1c3f0e-4a0b-4c39-9a43-6c6f76677261")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: RFC 3339 section 5.6 date-time, and an absolute URI (a scheme, then no spaces).
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")

#: BODS interest type -> (relation kind, controls interest or None).
INTERESTS: dict[str, tuple[str, str | None]] = {
    "shareholding": ("owns", None),
    "votingRights": ("controls", "voting_rights"),
    "appointmentOfBoard": ("controls", "appoint_board"),
    "otherInfluenceOrControl": ("controls", "other"),
}
_SIGNIFICANT = re.compile(r"significant[- _]influence[- _]or[- _]control", re.I)
#: GLEIF relationship types as the Open Ownership register states them in `details`
#: ("Relationship Type: IS_ULTIMATELY_CONSOLIDATED_BY"): accounting consolidation.
_CONSOLIDATION = re.compile(r"\bIS_(ULTIMATELY|DIRECTLY)_CONSOLIDATED_BY\b")
#: The id prefix of a node standing for an unspecified interested party.
UNSPECIFIED = "unspecified:"
#: A log line every this many statements (when tqdm is not installed).
_LOG_EVERY = 100_000


def _format_error(message: str) -> Exception:
    err = _core.FormatError(f"[govgraph.format] {message}")
    err.id = "format"
    return err


class SchemaNotFoundError(_core.FormatError, FileNotFoundError):
    """The BODS schema directory is missing or unusable: a gg.FormatError (id ``io``), and a
    FileNotFoundError; the message names every path searched."""


def _schema_error(message: str) -> Exception:
    err = SchemaNotFoundError(f"[govgraph.io] {message}")
    err.id = "io"
    return err


# -- reading statements ------------------------------------------------------------------------


def _open(path_or_file: _PathOrFile) -> tuple[IO[str], str, bool]:
    """A text stream, its name, and whether we opened it (and must close it)."""
    if isinstance(path_or_file, (str, os.PathLike)):
        return open(path_or_file, encoding="utf-8-sig"), os.fspath(path_or_file), True
    if hasattr(path_or_file, "read"):
        name = str(getattr(path_or_file, "name", "<stream>"))
        if isinstance(path_or_file.read(0), bytes):
            import io
            stream: Any = path_or_file
            return io.TextIOWrapper(stream, encoding="utf-8-sig"), name, False
        return path_or_file, name, False  # type: ignore[return-value]
    raise TypeError(f"expected a path or a file, not {type(path_or_file).__name__}")


def _statements(f: IO[str], name: str) -> Iterator[tuple[int, int, Any]]:
    """(index from 0, line from 1, decoded value) for each statement of a JSON array or JSON
    Lines stream, read a chunk or a line at a time. A syntax error names the line; bytes that
    are not UTF-8, nesting too deep for Python's decoder and integers beyond its digit limit
    are format errors too, never a raw Python exception (found by fuzzing the reader)."""
    last = [0]
    try:
        for item in _statements_raw(f, name):
            last[0] = item[1]
            yield item
    except UnicodeDecodeError as e:
        raise _format_error(f"{name}: not UTF-8 text after line {last[0]} "
                            f"(byte {e.start} of a chunk: {e.reason})") from None
    except RecursionError:
        raise _format_error(f"{name}: after line {last[0]}: a statement nested too deeply to "
                            "read") from None


def _statements_raw(f: IO[str], name: str) -> Iterator[tuple[int, int, Any]]:
    head = ""
    while True:
        piece = f.read(1)
        if not piece:
            return
        if not piece.isspace():
            head = piece
            break
        if piece == "\n":
            head += "\n"  # lines before the first value
    lead_lines = head.count("\n")
    first = head[-1]
    if first == "[":
        yield from _array(f, name, 1 + lead_lines)
        return
    # JSON Lines: the first line starts with `first`.
    decoder = json.JSONDecoder()
    line_no = 1 + lead_lines
    index = 0
    text = first + f.readline()
    while text:
        if text.strip():
            try:
                value, end = decoder.raw_decode(text.strip())
            except json.JSONDecodeError as e:
                raise _format_error(f"{name} line {line_no}: not JSON: {e.msg} "
                                    f"(column {e.colno})") from None
            except RecursionError:
                raise _format_error(f"{name} line {line_no}: nested too deeply to read") from None
            except ValueError as e:  # an integer beyond Python's digit limit
                raise _format_error(f"{name} line {line_no}: {e}") from None
            if end != len(text.strip()):
                raise _format_error(f"{name} line {line_no}: more than one JSON value on the "
                                    "line (JSON Lines holds one statement per line)")
            yield index, line_no, value
            index += 1
        line_no += 1
        text = f.readline()


def _array(f: IO[str], name: str, line_no: int) -> Iterator[tuple[int, int, Any]]:
    decoder = json.JSONDecoder()
    buf, pos, eof, index = "", 0, False, 0
    expect_value = True  # after '[' or ','

    def more() -> bool:
        nonlocal buf, pos, eof, line_no
        line_no += buf.count("\n", 0, pos)
        buf = buf[pos:]
        pos = 0
        chunk = f.read(_CHUNK)
        if not chunk:
            eof = True
            return False
        buf += chunk
        return True

    more()
    while True:
        while pos < len(buf) and buf[pos].isspace():
            pos += 1
        if pos >= len(buf):
            if not more():
                raise _format_error(f"{name} line {line_no}: the JSON array is not closed")
            continue
        c = buf[pos]
        if c == "]":
            rest = buf[pos + 1:] + f.read()
            if rest.strip():
                raise _format_error(f"{name}: text after the end of the JSON array")
            return
        if c == ",":
            if expect_value:
                raise _format_error(f"{name} line {line_no + buf.count(chr(10), 0, pos)}: "
                                    "a comma where a statement should be")
            expect_value = True
            pos += 1
            continue
        if not expect_value:
            raise _format_error(f"{name} line {line_no + buf.count(chr(10), 0, pos)}: "
                                "expected ',' or ']' between statements")
        try:
            value, end = decoder.raw_decode(buf, pos)
            if end >= len(buf) and not eof:
                raise json.JSONDecodeError("the array ends before its closing bracket", buf, end)
        except json.JSONDecodeError as e:
            if not eof and more():
                continue
            at = line_no + buf.count("\n", 0, e.pos)
            raise _format_error(f"{name} line {at}: not JSON: {e.msg}") from None
        except RecursionError:
            raise _format_error(f"{name} line {line_no + buf.count(chr(10), 0, pos)}: nested "
                                "too deeply to read") from None
        except ValueError as e:  # an integer beyond Python's digit limit
            raise _format_error(f"{name} line {line_no + buf.count(chr(10), 0, pos)}: {e}"
                                ) from None
        yield index, line_no + buf.count("\n", 0, pos), value
        index += 1
        expect_value = False
        pos = end


# -- the report --------------------------------------------------------------------------------


@dataclass
class BodsReport:
    """What :func:`read` read, added, and left out. ``reported`` maps a category (e.g.
    ``"unsupported_interest:boardMember"``, ``"unspecified_party"``, ``"annotations"``) to the
    statementIds in it; :meth:`summary` is the one line logged."""

    path: str
    statements: int = 0
    added: dict[str, int] = field(default_factory=dict)
    reported: dict[str, list[str]] = field(default_factory=dict)
    #: merged node id -> the recordIds of the twin entity records merged into it
    merged: dict[str, list[str]] = field(default_factory=dict)

    def note(self, category: str, statement_id: str) -> None:
        self.reported.setdefault(category, []).append(statement_id)

    @property
    def counts(self) -> dict[str, int]:
        """Category -> how many statements are in it."""
        return {k: len(v) for k, v in self.reported.items()}

    def summary(self) -> str:
        line = f"bods {os.path.basename(self.path)}: {self.statements} statements read"
        added = [f"{n} {what}" for what, n in self.added.items() if n]
        line += "; added " + (", ".join(added) if added else "nothing")
        if self.reported:
            line += "; reported " + ", ".join(f"{n} {k}" for k, n in self.counts.items())
            line += " (statementIds in model.bods_report.reported)"
        return line

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"  {len(v)} {k}: {', '.join(v[:5])}" + (", ..." if len(v) > 5 else "")
                  for k, v in self.reported.items()]
        return "\n".join(lines)


# -- mapping -----------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")


def _s(obj: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
    v = obj.get(key)
    if v is None:
        if required:
            raise _Bad(f"{path}.{key}", "is required")
        return None
    if not isinstance(v, str):
        raise _Bad(f"{path}.{key}", f"must be a string, not {type(v).__name__}")
    return v


def _obj(obj: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    v = obj.get(key)
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise _Bad(f"{path}.{key}", f"must be an object, not {type(v).__name__}")
    return v


def _list(obj: dict[str, Any], key: str, path: str) -> list[Any]:
    v = obj.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise _Bad(f"{path}.{key}", f"must be an array, not {type(v).__name__}")
    return v


def _date(obj: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
    v = _s(obj, key, path, required)
    if v is None:
        return None
    day = v[:10]
    try:
        if not _DATE.fullmatch(day) or (len(v) > 10 and v[10] not in "Tt "):
            raise ValueError
        _dt.date.fromisoformat(day)
    except ValueError:
        raise _Bad(f"{path}.{key}", f"{v!r} is not a date (YYYY-MM-DD)") from None
    return day


def _pct(share: dict[str, Any], key: str, path: str) -> float | None:
    v = share.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100:
        raise _Bad(f"{path}.{key}", f"must be a number from 0 to 100, not {v!r}")
    return float(v)


@dataclass
class _Node:
    type: str
    statement: str
    name: str | None
    start: str | None
    end: str | None
    attrs: dict[str, Any]
    idents: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Fact:
    kind: str
    interest: str | None
    share: float | None
    start: str | None
    end: str | None
    attrs: dict[str, Any]

    def key(self) -> tuple[Any, ...]:
        return (self.kind, self.interest, self.share, self.start,
                tuple(sorted(self.attrs.items())))


@dataclass
class _Rel:
    subject: str
    party: str
    statement: str
    facts: list[_Fact]
    components: list[str] = field(default_factory=list)
    #: the interested party was an unspecified record and no interest was stated
    no_interests: bool = False


def _node(st: dict[str, Any], rd: dict[str, Any], kind: str, sid: str, date: str,
          status: str, report: BodsReport) -> _Node:
    attrs: dict[str, Any] = {"bods_statement_id": sid}
    if kind == "entity":
        et = _obj(rd, "entityType", "$.recordDetails")
        attrs["entity_type"] = _s(et, "type", "$.recordDetails.entityType")
        if _s(et, "subtype", "$.recordDetails.entityType") is not None:
            attrs["entity_subtype"] = et["subtype"]
        name = _s(rd, "name", "$.recordDetails")
        for key in ("incorporatedInJurisdiction", "jurisdiction"):
            j = _obj(rd, key, "$.recordDetails")
            if j.get("code") is not None or j.get("name") is not None:
                code = _s(j, "code", f"$.recordDetails.{key}")
                attrs["jurisdiction"] = code or _s(j, "name", f"$.recordDetails.{key}")
                attrs["jurisdiction_name"] = _s(j, "name", f"$.recordDetails.{key}")
                break
        start = _date(rd, "foundingDate", "$.recordDetails")
        end = _date(rd, "dissolutionDate", "$.recordDetails")
    else:
        attrs["person_type"] = _s(rd, "personType", "$.recordDetails")
        names = _list(rd, "names", "$.recordDetails")
        name = None
        for i, n in enumerate(names):
            if not isinstance(n, dict):
                raise _Bad(f"$.recordDetails.names[{i}]", "must be an object")
            full = _s(n, "fullName", f"$.recordDetails.names[{i}]")
            if full is None:
                parts = [n.get("givenName"), n.get("familyName")]
                full = " ".join(p for p in parts if isinstance(p, str)) or None
            if full and (name is None or n.get("type") == "legal"):
                name = full
        nats = [str(n["code"]) for n in _list(rd, "nationalities", "$.recordDetails")
                if isinstance(n, dict) and isinstance(n.get("code"), str)]
        if nats:
            attrs["nationalities"] = " ".join(nats)
        start = None
        end = _date(rd, "deathDate", "$.recordDetails")
    ids = []
    idents: list[tuple[str, str]] = []
    for i, ident in enumerate(_list(rd, "identifiers", "$.recordDetails")):
        if not isinstance(ident, dict):
            raise _Bad(f"$.recordDetails.identifiers[{i}]", "must be an object")
        scheme = ident.get("scheme") or ident.get("schemeName") or ""
        if isinstance(ident.get("id"), str):
            ids.append(f"{scheme}:{ident['id']}" if scheme else ident["id"])
            if isinstance(ident.get("scheme"), str) and ident["scheme"] and ident["id"]:
                idents.append((ident["scheme"], ident["id"]))
    if ids:
        attrs["identifiers"] = "; ".join(ids)
    if status == "closed" and end is None:
        end = date
    return _Node("organisation" if kind == "entity" else "person", sid, name, start, end,
                 {k: v for k, v in attrs.items() if v is not None}, idents)


def _facts(rd: dict[str, Any], sid: str, date: str, report: BodsReport) -> list[_Fact]:
    out = []
    for i, it in enumerate(_list(rd, "interests", "$.recordDetails")):
        p = f"$.recordDetails.interests[{i}]"
        if not isinstance(it, dict):
            raise _Bad(p, f"must be an object, not {type(it).__name__}")
        typ = _s(it, "type", p)
        if typ is None:
            report.note("interest_without_type", sid)
            continue
        if typ not in INTERESTS:
            report.note(f"unsupported_interest:{typ}", sid)
            continue
        kind, interest = INTERESTS[typ]
        attrs: dict[str, Any] = {}
        details = _s(it, "details", p)
        if details is not None:
            attrs["details"] = details
            if typ == "otherInfluenceOrControl" and _SIGNIFICANT.search(details):
                interest = "significant_influence"
        doi = _s(it, "directOrIndirect", p)
        if doi is not None:
            attrs["direct_or_indirect"] = doi
        cons = _CONSOLIDATION.search(details) if details and typ == "otherInfluenceOrControl" \
            else None
        if cons:  # GLEIF: the ultimate parent holds through the chain, the direct one directly
            ultimate = cons.group(1) == "ULTIMATELY"
            attrs["consolidation"] = "ultimate" if ultimate else "direct"
            attrs["direct_or_indirect"] = "indirect" if ultimate else "direct"
        bo = it.get("beneficialOwnershipOrControl")
        if bo is not None:
            if not isinstance(bo, bool):
                raise _Bad(f"{p}.beneficialOwnershipOrControl", "must be true or false")
            attrs["beneficial_ownership_or_control"] = bo
        share: float | None = None
        sh = _obj(it, "share", p)
        if sh:
            sp = f"{p}.share"
            exact = _pct(sh, "exact", sp)
            lo, lo_x = _pct(sh, "minimum", sp), False
            if lo is None:
                lo, lo_x = _pct(sh, "exclusiveMinimum", sp), "exclusiveMinimum" in sh
            hi, hi_x = _pct(sh, "maximum", sp), False
            if hi is None:
                hi, hi_x = _pct(sh, "exclusiveMaximum", sp), "exclusiveMaximum" in sh
            if lo is not None and hi is not None and lo > hi:
                raise _Bad(sp, f"minimum {lo} is more than maximum {hi}")
            if lo is not None:
                attrs["share_min"] = lo / 100
                if lo_x:
                    attrs["share_min_exclusive"] = True
            if hi is not None:
                attrs["share_max"] = hi / 100
                if hi_x:
                    attrs["share_max_exclusive"] = True
            if exact is not None:
                share, attrs["share_basis"] = exact / 100, "exact"
                attrs["share_min"] = attrs["share_max"] = share
                attrs.pop("share_min_exclusive", None)
                attrs.pop("share_max_exclusive", None)
            elif lo is not None and hi is not None:
                share, attrs["share_basis"] = (lo + hi) / 200, "midpoint"
            else:
                report.note("share_without_both_bounds", sid)
            # The model's share of a `controls` fact is of the voting rights, or, for a right
            # to appoint the board, of the board (a board right with no share is read as one
            # over a majority: keeping a BODS 30% board share here is what stops a 30% right
            # being read as control, Sch 1A para 4; found in review). Another interest's share
            # has no meaning in the model: kept as an attribute.
            if (kind == "controls" and interest not in ("voting_rights", "appoint_board")
                    and share is not None):
                attrs["share_of_interest"] = share
                share = None
        out.append(_Fact(kind, interest, share, _date(it, "startDate", p),
                         _date(it, "endDate", p), attrs))
    return out


def _merge(rel: _Rel, new: list[_Fact], date: str) -> None:
    """A later statement replaces the record: facts it no longer states end on its date;
    facts it restates stay (taking its end date); a changed fact of the same interest starts
    on its date, when the one it replaces ends."""
    kept = {f.key(): f for f in rel.facts if f.end is None}
    new_keys = {f.key() for f in new}
    changed: set[tuple[str, str | None]] = set()
    for k, f in kept.items():
        if k not in new_keys:
            f.end = date if f.start is None or f.start < date else f.start
            changed.add((f.kind, f.interest))
    for f in new:
        old = kept.get(f.key())
        if old is not None:
            old.end = f.end
            continue
        if (f.kind, f.interest) in changed and (f.start is None or f.start < date):
            f.start = date
        rel.facts.append(f)


def read(path_or_file: _PathOrFile, *, model: Model | None = None,
         progress: Callable[[int], None] | bool | None = None) -> Model:
    """Read BODS 0.4 statements (a JSON array or JSON Lines, told apart by the first
    character) into a new model, or into a copy of ``model`` swapped in when all is read.

    Node and relation ids are ``recordId`` values. Later statements for a recordId replace
    earlier ones (in stream order); a ``closed`` record ends on its statementDate. Unmapped
    parts are listed on ``model.bods_report`` (:class:`BodsReport`) and logged in one line.
    ``progress``: None or True for a tqdm bar (``tqdm.auto``) when tqdm is installed, else a
    log line (logger ``"govgraph"``) every 100,000 statements; a callable is given the count of
    statements read so far (every 10,000); False for neither. A one-line summary is always
    logged at the end.
    A malformed statement raises gg.FormatError naming its line and JSON path.
    """
    if model is not None and not isinstance(model, Model):
        raise TypeError(f"model must be a govgraph.Model, not {type(model).__name__}")
    f, name, close = _open(path_or_file)
    report = BodsReport(name)
    nodes: dict[str, _Node] = {}
    rels: dict[str, _Rel] = {}
    bar = None
    if progress is True or progress is None:
        try:
            from tqdm.auto import tqdm  # type: ignore[import-untyped]
            bar = tqdm(desc=f"bods {os.path.basename(name)}", unit=" statements")
        except ImportError:
            pass
    log_lines = bar is None and (progress is None or progress is True)
    t0 = time.monotonic()
    try:
        for index, line, st in _statements(f, name):
            try:
                _one(st, nodes, rels, report)
            except _Bad as e:
                sid = st.get("statementId") if isinstance(st, dict) else None
                said = f" (statementId {sid!r})" if isinstance(sid, str) else ""
                raise _format_error(f"{name} line {line} (statement {index}): {e}{said}") \
                    from None
            report.statements += 1
            if bar is not None:
                if report.statements % 1000 == 0:
                    bar.update(1000)
            elif callable(progress):
                if report.statements % 10_000 == 0:
                    progress(report.statements)
            elif log_lines and report.statements % _LOG_EVERY == 0:
                log.info("bods %s: %d statements read so far (%.0f s)", os.path.basename(name),
                         report.statements, time.monotonic() - t0)
    finally:
        if bar is not None:
            bar.update(report.statements % 1000)
            bar.close()
        if close:
            f.close()
    work = Model(name=os.path.basename(name)) if model is None else model.copy()
    _add(work, nodes, rels, report)
    work.sources = [*work.sources, name]
    if model is not None:
        model._assign(work)
        work = model
    setattr(work, "bods_report", report)  # noqa: B010 - Model declares no such attribute
    log.info("%s", report.summary())
    return work


def _one(st: Any, nodes: dict[str, _Node], rels: dict[str, _Rel], report: BodsReport) -> None:
    if not isinstance(st, dict):
        raise _Bad("$", f"a statement must be an object, not {type(st).__name__}")
    sid = _s(st, "statementId", "$", True)
    rid = _s(st, "recordId", "$", True)
    kind = _s(st, "recordType", "$", True)
    status = _s(st, "recordStatus", "$") or "new"
    date = _date(st, "statementDate", "$", True)
    assert sid is not None and rid is not None and date is not None
    if kind not in ("entity", "person", "relationship"):
        raise _Bad("$.recordType", f"must be entity, person or relationship, not {kind!r}")
    if status not in ("new", "updated", "closed"):
        raise _Bad("$.recordStatus", f"must be new, updated or closed, not {status!r}")
    rd = st.get("recordDetails")
    if not isinstance(rd, dict):
        raise _Bad("$.recordDetails", "is required and must be an object")
    if st.get("annotations"):
        report.note("annotations", sid)
    if status != "new" and rid not in nodes and rid not in rels:
        report.note(f"{status}_without_earlier_statement", sid)
    if kind in ("entity", "person"):
        if rid in rels:
            raise _Bad("$.recordType", f"record {rid!r} was a relationship before")
        node = _node(st, rd, kind, sid, date, status, report)
        old = nodes.get(rid)
        if old is not None and old.type != node.type:
            raise _Bad("$.recordType", f"record {rid!r} was a {old.type} before")
        if kind == "person" and node.attrs.get("person_type") in ("anonymousPerson",
                                                                   "unknownPerson"):
            report.note(f"person:{node.attrs['person_type']}", sid)
        nodes[rid] = node
        return
    if rid in nodes:
        raise _Bad("$.recordType", f"record {rid!r} was a {nodes[rid].type} before")
    subject, party = rd.get("subject"), rd.get("interestedParty")
    for key, v in (("subject", subject), ("interestedParty", party)):
        if not isinstance(v, (str, dict)):
            raise _Bad(f"$.recordDetails.{key}", "is required: a recordId or an unspecified "
                       "record")
    facts = _facts(rd, sid, date, report)
    if not isinstance(subject, str):
        report.note("unspecified_subject", sid)
        return
    components = _list(rd, "componentRecords", "$.recordDetails")
    for i, c in enumerate(components):
        if not isinstance(c, str):
            raise _Bad(f"$.recordDetails.componentRecords[{i}]", "must be a recordId (a string)")
    no_interests = False
    if isinstance(party, dict):
        reason = _s(party, "reason", "$.recordDetails.interestedParty", True)
        description = _s(party, "description", "$.recordDetails.interestedParty")
        attrs = {"unspecified_reason": reason, "bods_statement_id": sid}
        if description is not None:
            attrs["unspecified_description"] = description
        party = UNSPECIFIED + rid
        nodes[party] = _Node("organisation", sid, None, None, None, attrs)
        report.note("unspecified_party", sid)
        no_interests = not rd.get("interests")
    if not isinstance(party, str):
        raise _Bad("$.recordDetails.interestedParty", "must be a recordId or an unspecified "
                   "record")
    rel = rels.get(rid)
    if rel is None:
        rel = rels[rid] = _Rel(subject, party, sid, [])
    elif (rel.subject, rel.party) != (subject, party):
        raise _Bad("$.recordDetails", f"record {rid!r} changes its subject or interestedParty")
    rel.statement = sid
    rel.components = components
    rel.no_interests = no_interests
    if no_interests:  # someone unspecified holds it, what is not said: an unknown holding
        facts = [_Fact("owns", None, None, None, None, {"interest_unknown": True})]
    _merge(rel, facts, date)
    if status == "closed":
        for fact in rel.facts:
            if fact.end is None:
                fact.end = date if fact.start is None or fact.start < date else fact.start


def _twins(nodes: dict[str, _Node], report: BodsReport) -> dict[str, str]:
    """Entity records that share an identifier (the same scheme and id: a GLEIF record that
    gives the Companies House number of a company the PSC register also has) are one body.
    Merges each group (transitively) into the node of its smallest recordId, so the choice does
    not depend on the order of the stream; returns recordId -> the merged node's id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    owner: dict[tuple[str, str], str] = {}
    for rid, n in nodes.items():
        if n.type != "organisation":
            continue
        for ident in n.idents:
            other = owner.setdefault(ident, rid)
            if other != rid:
                a, b = find(other), find(rid)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for rid in parent:
        groups.setdefault(find(rid), []).append(rid)
    alias: dict[str, str] = {}
    for root in sorted(groups):
        members = sorted({root, *groups[root]})
        keep = nodes[members[0]]
        idents = list(keep.attrs.get("identifiers", "").split("; ")) if \
            keep.attrs.get("identifiers") else []
        for rid in members[1:]:
            twin = nodes.pop(rid)
            alias[rid] = members[0]
            keep.name = keep.name or twin.name
            keep.start = keep.start or twin.start
            keep.end = keep.end or twin.end
            for k, v in twin.attrs.items():
                keep.attrs.setdefault(k, v)
            for i in twin.attrs.get("identifiers", "").split("; "):
                if i and i not in idents:
                    idents.append(i)
            report.note("merged_twin_records", twin.statement)
        keep.attrs["identifiers"] = "; ".join(idents)
        keep.attrs["bods_record_ids"] = "; ".join(members)
        report.merged[members[0]] = members
    return alias


def _add(m: Model, nodes: dict[str, _Node], rels: dict[str, _Rel], report: BodsReport) -> None:
    have = set(m.ids())
    records = set(nodes) | set(rels)
    alias = _twins(nodes, report)
    for typ in ("organisation", "person"):
        rows = [(rid, n) for rid, n in nodes.items() if n.type == typ]
        if not rows:
            continue
        keys = sorted({k for _, n in rows for k in n.attrs})
        cols: dict[str, list[Any]] = {
            "id": [r for r, _ in rows], "name": [n.name for _, n in rows],
            "start": [n.start for _, n in rows], "end": [n.end for _, n in rows]}
        for k in keys:
            cols[k] = [n.attrs.get(k) for _, n in rows]
        m.add_nodes_from(cols, type=typ, attrs=keys)
        report.added[f"{typ}s" if typ == "person" else "organisations"] = len(rows)
        if typ == "person":
            report.added["people"] = report.added.pop("persons")
    known = have | set(nodes)
    rows2: list[tuple[str | None, str, str, _Fact, str]] = []
    for rid, rel in rels.items():
        subject, party = alias.get(rel.subject, rel.subject), alias.get(rel.party, rel.party)
        if subject not in known or party not in known:
            report.note("party_not_in_file", rel.statement)
            continue
        if subject in nodes and nodes[subject].type != "organisation":
            report.note("subject_not_entity", rel.statement)
            continue
        if subject == party:
            report.note("self_relation_after_merge", rel.statement)
            continue
        indirect = bool(rel.components)
        if indirect:
            # Primary indirect relationship: its chain is in the file when every component
            # record is, and each component relationship gave a fact; then the indirect one
            # would count the same holding twice.
            missing = [c for c in rel.components if c not in records]
            unmapped = [c for c in rel.components if c in rels and not rels[c].facts]
            if not missing and not unmapped:
                report.note("indirect_skipped:components_in_file", rel.statement)
                continue
            report.note("indirect_added:components_not_in_file" if missing
                        else "indirect_added:component_not_mapped", rel.statement)
        for j, fact in enumerate(rel.facts):
            if fact.start and fact.end and fact.end <= fact.start:
                report.note("ends_before_it_starts", rel.statement)
                continue
            if indirect:
                fact.attrs["direct_or_indirect"] = "indirect"
            rid_k = rid if j == 0 else f"{rid}#{j}"
            rows2.append((None if rid_k in known else rid_k, party, subject, fact,
                          rel.statement))
    if not rows2:
        return
    keys = sorted({k for *_, f, _ in rows2 for k in f.attrs} | {"bods_statement_id"})
    cols = {"kind": [f.kind for *_, f, _ in rows2], "source": [r[1] for r in rows2],
            "target": [r[2] for r in rows2], "id": [r[0] for r in rows2],
            "share": [f.share for *_, f, _ in rows2],
            "interest": [f.interest for *_, f, _ in rows2],
            "start": [f.start for *_, f, _ in rows2], "end": [f.end for *_, f, _ in rows2]}
    for k in keys:
        cols[k] = [r[4] if k == "bods_statement_id" else r[3].attrs.get(k) for r in rows2]
    m.add_relations_from(cols, attrs=keys)
    report.added["owns"] = cols["kind"].count("owns")
    report.added["controls"] = cols["kind"].count("controls")


# -- writing -----------------------------------------------------------------------------------


_TYPE_OF = {("owns", None): "shareholding", ("controls", "voting_rights"): "votingRights",
            ("controls", "appoint_board"): "appointmentOfBoard",
            ("controls", "significant_influence"): "otherInfluenceOrControl",
            ("controls", "other"): "otherInfluenceOrControl"}


def _day(value: Any, ctx: str) -> str | None:
    """A ``date=`` argument: None, a datetime.date or ``YYYY-MM-DD`` text of a real day."""
    if value is None:
        return None
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    text = _text(value, ctx, "date")
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        _dt.date.fromisoformat(text)
    except ValueError:
        raise _error("bad_date", f"{ctx}: 'date' must be a YYYY-MM-DD day, not {text!r}") \
            from None
    return text


def _sid(*parts: str) -> str:
    return str(uuid.uuid5(_NS, "\x1f".join(parts)))


def to_bods(model: Model, *, publisher: str = "govgraph",
            date: str | None = None) -> list[dict[str, Any]]:
    """BODS 0.4 statements for the model's organisations and people (entity and person
    records, recordId = node id) and for every ``owns``/``controls`` relation between them
    (one relationship record per relation, one interest; a relation with an end is a record
    closed on that day). Statement ids are UUID 5 of the content's identity, so the same model
    gives the same statements."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be a govgraph.Model, not {type(model).__name__}")
    publisher = _text(publisher, "to_bods", "publisher")
    today = _day(date, "to_bods") or _dt.date.today().isoformat()
    pub = {"publicationDate": today, "bodsVersion": "0.4", "publisher": {"name": publisher}}
    out: list[dict[str, Any]] = []
    people: set[str] = set()
    orgs: set[str] = set()
    unspecified: dict[str, dict[str, Any]] = {}
    for typ in ("organisation", "person"):
        for nid in model.ids(typ):
            n = model.get(nid)
            a = n.get("attributes") or {}
            if typ == "organisation" and a.get("unspecified_reason"):
                # an unspecified interested party: no record of its own
                party = {"reason": a["unspecified_reason"]}
                if a.get("unspecified_description"):
                    party["description"] = a["unspecified_description"]
                unspecified[nid] = party
                continue
            if typ == "organisation":
                orgs.add(nid)
                rd: dict[str, Any] = {"isComponent": False, "entityType": {
                    "type": a.get("entity_type", "registeredEntity")}}
                if n.get("name"):
                    rd["name"] = n["name"]
                if a.get("jurisdiction"):
                    rd["jurisdiction"] = {"name": a.get("jurisdiction_name") or a["jurisdiction"]}
                    if a.get("jurisdiction_name"):
                        rd["jurisdiction"]["code"] = a["jurisdiction"]
                if n.get("start"):
                    rd["foundingDate"] = n["start"]
                if n.get("end"):
                    rd["dissolutionDate"] = n["end"]
            else:
                people.add(nid)
                rd = {"isComponent": False, "personType": a.get("person_type", "knownPerson")}
                if n.get("name"):
                    rd["names"] = [{"type": "legal", "fullName": n["name"]}]
                if n.get("end"):
                    rd["deathDate"] = n["end"]
            out.append({"statementId": _sid("node", nid), "declarationSubject": nid,
                        "statementDate": n.get("start") or today, "recordId": nid,
                        "recordType": "entity" if typ == "organisation" else "person",
                        "recordStatus": "new", "recordDetails": rd,
                        "publicationDetails": pub})
    cols = model._relations_columns(False, as_of=None, kind=["owns", "controls"])
    n_rel = len(cols["kind"])
    none = [None] * n_rel
    for key in ("start", "end", "share", "id", "interest"):
        cols.setdefault(key, none)
    extra = {k: v for k, v in cols.items()
             if k not in ("kind", "source", "target", "start", "end", "share", "id", "interest")}
    skipped = 0
    # recordId -> (subject, interested party, [(interest or None, start, end)]); the relations
    # of one unspecified party are the interests of one record (its node id is the record's).
    records: dict[str, tuple[str, Any, list[tuple[dict[str, Any] | None, Any, Any]]]] = {}
    for i in range(n_rel):
        kind, src, tgt = cols["kind"][i], cols["source"][i], cols["target"][i]
        a = {k: col[i] for k, col in extra.items() if col[i] is not None}
        if tgt not in orgs or (src not in orgs and src not in people and src not in unspecified):
            skipped += 1
            continue
        start, end = cols["start"][i], cols["end"][i]
        if src in unspecified:
            rid = src[len(UNSPECIFIED):] if src.startswith(UNSPECIFIED) else src
            rec = records.setdefault(rid, (tgt, unspecified[src], []))
            if a.get("interest_unknown"):
                rec[2].append((None, start, end))
                continue
        else:
            rid = cols["id"][i] or _sid("rel", str(i), kind, src, tgt)
            rec = records.setdefault(rid, (tgt, src, []))
        interest = cols["interest"][i]
        # A `controls` with no interest (or one BODS has no type for) is written as
        # otherInfluenceOrControl, never a crash (found by fuzzing the writer).
        it: dict[str, Any] = {"type": _TYPE_OF.get((kind, interest if kind == "controls" else None),
                                                  "otherInfluenceOrControl")}
        if a.get("direct_or_indirect"):
            it["directOrIndirect"] = a["direct_or_indirect"]
        if isinstance(a.get("beneficial_ownership_or_control"), bool):
            it["beneficialOwnershipOrControl"] = a["beneficial_ownership_or_control"]
        details = a.get("details")
        if interest == "significant_influence" and not (details and _SIGNIFICANT.search(details)):
            details = "significant influence or control" + (f": {details}" if details else "")
        if details:
            it["details"] = details
        share = cols["share"][i]
        if share is None:
            share = a.get("share_of_interest")
        sh: dict[str, float] = {}
        if a.get("share_basis") != "exact" and ("share_min" in a or "share_max" in a):
            if "share_min" in a:
                sh["exclusiveMinimum" if a.get("share_min_exclusive") else "minimum"] = \
                    round(a["share_min"] * 100, 12)
            if "share_max" in a:
                sh["exclusiveMaximum" if a.get("share_max_exclusive") else "maximum"] = \
                    round(a["share_max"] * 100, 12)
        elif share is not None:
            sh["exact"] = round(share * 100, 12)
        if sh:
            it["share"] = sh
        if start:
            it["startDate"] = start
        rec[2].append((it, start, end))
    for rid, (tgt, party, interests) in records.items():
        out += _record_statements(rid, tgt, party, interests, today, pub)
    if skipped:
        log.warning("bods: %d owns/controls relations left out (held assets or parties that "
                    "are not organisations or people)", skipped)
    return out


def _record_statements(rid: str, subject: str, party: Any,
                       interests: list[tuple[dict[str, Any] | None, Any, Any]], today: str,
                       pub: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements of one relationship record: ``new`` with every interest (dated at the
    first start); then on each end date an ``updated`` statement without the interests that
    end that day, or, when none is left, a ``closed`` one restating them with their endDate."""
    stated = [(it, s, e) for it, s, e in interests if it is not None]
    starts = sorted(s for _, s, _ in interests if s)
    ends = sorted({e for _, _, e in interests if e})
    first = starts[0] if starts else (ends[0] if ends else today)

    def statement(status: str, day: str, its: list[dict[str, Any]]) -> dict[str, Any]:
        rd: dict[str, Any] = {"isComponent": False, "subject": subject,
                              "interestedParty": party}
        if its:
            rd["interests"] = its
        return {"statementId": _sid("rel", rid, status, day), "declarationSubject": subject,
                "statementDate": day, "recordId": rid, "recordType": "relationship",
                "recordStatus": status, "recordDetails": rd, "publicationDetails": pub}

    out = [statement("new", first, [it for it, _, _ in stated])]
    for day in ends:
        left = [it for it, _, e in stated if e is None or e > day]
        if left or any(e is None for _, _, e in interests):
            out.append(statement("updated", day, left))
        else:
            closing = [dict(it, endDate=e) for it, _, e in stated if e == day]
            out.append(statement("closed", day, closing))
    return out


def write(model: Model, path: str | os.PathLike[str], *, lines: bool | None = None,
          publisher: str = "govgraph", date: str | None = None) -> None:
    """Write :func:`to_bods` statements to ``path``: JSON Lines if it ends in ``.jsonl``
    (or ``lines=True``), a JSON array otherwise."""
    statements = to_bods(model, publisher=publisher, date=date)
    as_lines = os.fspath(path).endswith(".jsonl") if lines is None else lines
    with open(path, "w", encoding="utf-8") as f:
        if as_lines:
            for s in statements:
                f.write(json.dumps(s, ensure_ascii=False) + "\n")
        else:
            json.dump(statements, f, ensure_ascii=False, indent=1)


# -- validation --------------------------------------------------------------------------------


@dataclass
class ValidationError:
    """One schema error: the statement (index from 0) and its line, the JSON path of the
    value at fault (``$.recordDetails.interests[0].share.exact``), the message, and the
    schema keyword that failed (``minimum``, ``enum``, ``required``...)."""

    statement: int
    line: int
    path: str
    message: str
    validator: str
    statement_id: str | None = None

    def __str__(self) -> str:
        return f"statement {self.statement} (line {self.line}) {self.path}: {self.message}"


def schema_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The BODS 0.4 schema directory: ``path``, else $GOVGRAPH_BODS_SCHEMA, else
    ``../shared/data/bods/schema-0.4`` beside the repository (or the working directory).
    None holding ``statement.json``: :class:`SchemaNotFoundError` (a gg.FormatError, id
    ``io``, and a FileNotFoundError) naming every path searched."""
    tried = []
    if path is not None:
        tried.append(Path(path))
    elif os.environ.get("GOVGRAPH_BODS_SCHEMA"):
        tried.append(Path(os.environ["GOVGRAPH_BODS_SCHEMA"]))
    else:
        rel = Path("..") / "shared" / "data" / "bods" / "schema-0.4"
        here = Path(__file__).resolve()
        tried += [p / rel for p in here.parents[1:4]] + [Path.cwd() / rel, Path.cwd().parent / rel]
    for p in tried:
        if (p / "statement.json").is_file():
            return p
    raise _schema_error("BODS 0.4 schema (statement.json) not found; searched "
                        + ", ".join(str(p) for p in tried)
                        + " (pass schema= or set GOVGRAPH_BODS_SCHEMA)")


_VALIDATORS: dict[Path, Any] = {}


def _validator(schema: str | os.PathLike[str] | None) -> Any:
    d = schema_dir(schema)
    if d in _VALIDATORS:
        return _VALIDATORS[d]
    import jsonschema  # type: ignore[import-untyped]
    from referencing import Registry, Resource

    resources = []
    for p in sorted(d.glob("*.json")):
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise _schema_error(f"BODS 0.4 schema file {p} cannot be read as JSON: {e}") \
                from None
        if "$id" in doc:
            resources.append((doc["$id"], Resource.from_contents(doc)))
    registry: Any = Registry().with_resources(resources)
    cls = jsonschema.Draft202012Validator
    checker = jsonschema.FormatChecker()  # jsonschema's own, plus date-time and uri here

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: Any) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.fullmatch(value):
            return False
        _dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def _uri(value: Any) -> bool:
        return not isinstance(value, str) or bool(_URI.fullmatch(value))

    v = cls({"$ref": "urn:statement#/$defs/Statement"}, registry=registry,
            format_checker=checker)
    _VALIDATORS[d] = v
    return v


def _json_path(parts: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def validate(path_or_file: _PathOrFile, *,
             schema: str | os.PathLike[str] | None = None) -> list[ValidationError]:
    """Check every statement of a BODS file (JSON array or JSON Lines, streamed) against the
    BODS 0.4 schema. Returns every error, with its statement index, line and JSON path; an
    empty list when the file is valid. A file that is not JSON raises gg.FormatError."""
    v = _validator(schema)
    f, name, close = _open(path_or_file)
    errors: list[ValidationError] = []
    try:
        for index, line, st in _statements(f, name):
            sid = st.get("statementId") if isinstance(st, dict) else None
            for e in sorted(v.iter_errors(st), key=lambda e: (list(map(str, e.absolute_path)),
                                                             e.validator)):
                errors.append(ValidationError(index, line, _json_path(e.absolute_path),
                                              e.message, str(e.validator),
                                              sid if isinstance(sid, str) else None))
    finally:
        if close:
            f.close()
    return errors
