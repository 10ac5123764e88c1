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
import math
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
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
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
#: RFC 3339 section 5.6 date-time, and an absolute URI (a scheme, then no spaces).
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})",
                        re.ASCII)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")

#: BODS interest type -> (relation kind, controls interest or None).
INTERESTS: dict[str, tuple[str, str | None]] = {
    "shareholding": ("owns", None),
    "votingRights": ("controls", "voting_rights"),
    "appointmentOfBoard": ("controls", "appoint_board"),
    "otherInfluenceOrControl": ("controls", "other"),
    # "known to have an interest ... but the nature of the interest is unknown": a holding of
    # unknown kind and size, as an unspecified party with no interest stated (attribute
    # interest_unknown; controllers lists its holder in .unknown_share unless a share is given)
    "unknownInterest": ("owns", None),
}
_DIRECT_OR_INDIRECT = ("direct", "indirect", "unknown")
#: The closed codelists of BODS 0.4 entity-record.json and person-record.json.
_ENTITY_TYPES = ("registeredEntity", "legalEntity", "arrangement", "anonymousEntity",
                 "unknownEntity", "state", "stateBody")
_PERSON_TYPES = ("knownPerson", "anonymousPerson", "unknownPerson")
_REASONS = ("noBeneficialOwners", "subjectUnableToConfirmOrIdentifyBeneficialOwner",
            "interestedPartyHasNotProvidedInformation", "subjectExemptFromDisclosure",
            "interestedPartyExemptFromDisclosure", "unknown", "informationUnknownToPublisher")
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


def _statements(f: IO[str], name: str, decimals: bool = True
                ) -> Iterator[tuple[int, int, Any]]:
    """(index from 0, line from 1, decoded value) for each statement of a JSON array or JSON
    Lines stream, read a chunk or a line at a time. A syntax error names the line; bytes that
    are not UTF-8, nesting too deep for Python's decoder and integers beyond its digit limit
    are format errors too, never a raw Python exception (found by fuzzing the reader)."""
    last = [0]
    try:
        for item in _statements_raw(f, name, decimals):
            last[0] = item[1]
            yield item
    except UnicodeDecodeError as e:
        where = _utf8_where(name)
        raise _format_error(f"{name} {where}: not UTF-8 text" if where else
                            f"{name}: not UTF-8 text after line {last[0]} "
                            f"(byte {e.start} of a chunk: {e.reason})") from None
    except RecursionError:
        raise _format_error(f"{name}: after line {last[0]}: a statement nested too deeply to "
                            "read") from None


class _DuplicateKey(ValueError):
    pass


def _number_error(e: Exception) -> str:
    if isinstance(e, ArithmeticError):  # decimal.InvalidOperation: 1e-99999999999999999999
        return "a number out of range (its exponent is too large to read)"
    return str(e)


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members, refusing a key given twice (JSON's decoders keep the last one,
    silently; found by fuzzing the reader)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"the key {key[:80]!r} is given twice in one object")
            seen.add(key)
    return out


def _decoder(decimals: bool) -> json.JSONDecoder:
    """Objects with unique keys; numbers with a fraction as Decimal when reading (shares are
    exact percentages; see _fraction), as float when validating (jsonschema's messages)."""
    return json.JSONDecoder(object_pairs_hook=_unique, parse_float=Decimal if decimals else None)


def _utf8_where(name: str) -> str | None:
    """"line N (byte B)" of the first byte of file `name` that is not UTF-8, read again in
    binary (the text stream decodes ahead of the statement being read); None if it is no
    file or reads as UTF-8."""
    import codecs

    try:
        with open(name, "rb") as f:
            decoder = codecs.getincrementaldecoder("utf-8")()
            line, offset = 1, 0
            while chunk := f.read(_CHUNK):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as e:
                    bad = max(e.start, 0)
                    line += chunk.count(b"\n", 0, bad)
                    return f"line {line} (byte {offset + bad})"
                line += chunk.count(b"\n")
                offset += len(chunk)
    except OSError:
        return None
    return None


def _statements_raw(f: IO[str], name: str, decimals: bool) -> Iterator[tuple[int, int, Any]]:
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
        yield from _array(f, name, 1 + lead_lines, decimals)
        return
    # JSON Lines: the first line starts with `first`.
    decoder = _decoder(decimals)
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
            except (ValueError, ArithmeticError) as e:  # digits beyond Python's limit, an
                # exponent beyond Decimal's
                raise _format_error(f"{name} line {line_no}: {_number_error(e)}") from None
            if end != len(text.strip()):
                raise _format_error(f"{name} line {line_no}: more than one JSON value on the "
                                    "line (JSON Lines holds one statement per line)")
            yield index, line_no, value
            index += 1
        line_no += 1
        text = f.readline()


def _array(f: IO[str], name: str, line_no: int, decimals: bool
           ) -> Iterator[tuple[int, int, Any]]:
    decoder = _decoder(decimals)
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
            at = line_no + buf.count("\n", 0, pos)
            rest = buf[pos + 1:] + f.read()
            if rest.strip():
                after = rest[:len(rest) - len(rest.lstrip())].count("\n")
                raise _format_error(f"{name} line {at + after}: text after the end of the JSON "
                                    f"array (which ends on line {at})")
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
        except (ValueError, ArithmeticError) as e:  # as in JSON Lines
            raise _format_error(f"{name} line {line_no + buf.count(chr(10), 0, pos)}: "
                                f"{_number_error(e)}") from None
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


def _code(obj: dict[str, Any], key: str, path: str, codes: tuple[str, ...]) -> str | None:
    """A value of a closed BODS codelist (or None when not given)."""
    v = _s(obj, key, path)
    if v is not None and v not in codes:
        raise _Bad(f"{path}.{key}", f"must be one of {', '.join(codes)} (the BODS codelist), "
                   f"not {v[:80]!r}")
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
        # a day, or an RFC 3339 date-time counted by its day ("2020-01-01Tgarbage" is neither;
        # found by fuzzing the reader)
        if not (_DATE.fullmatch(v) or _DATE_TIME.fullmatch(v)):
            raise ValueError
        _dt.date.fromisoformat(day)
        if len(v) > 10 and not _clock_ok(v):
            raise ValueError
    except ValueError:
        raise _Bad(f"{path}.{key}", f"{v!r} is not a date (YYYY-MM-DD) or an RFC 3339 "
                   "date-time") from None
    return day


def _clock_ok(v: str) -> bool:
    """The time of an RFC 3339 date-time that matched _DATE_TIME is a time of day (a leap
    second allowed) and its offset at most 23:59."""
    if not (int(v[11:13]) < 24 and int(v[14:16]) < 60 and int(v[17:19]) <= 60):
        return False
    tz = v[-6:]
    return v[-1] in "Zz" or (int(tz[1:3]) < 24 and int(tz[4:6]) < 60)


def _pct(share: dict[str, Any], key: str, path: str) -> Decimal | None:
    """A percentage of a share object, as the exact decimal the file gives (the reader parses
    JSON numbers with a fraction as Decimal)."""
    v = share.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)) or not 0 <= v <= 100:
        raise _Bad(f"{path}.{key}", f"must be a number from 0 to 100, not {v!r}")
    return Decimal(v)


def _fraction(percent: Decimal) -> float:
    """A percentage as the model's fraction: the float nearest to percent / 100, exactly
    (a decimal shift, then one rounding; 33.33 -> 0.3333, where 33.33 / 100 in floats is
    0.33329999999999993)."""
    sign, digits, exp = percent.as_tuple()
    return float(Decimal((sign, digits, exp - 2)))  # type: ignore[operator]


def _midpoint(lo: Decimal, hi: Decimal) -> float:
    with localcontext() as ctx:
        ctx.prec = 60
        return float((lo + hi).scaleb(-2) / 2)


@dataclass
class _Node:
    type: str
    statement: str
    name: str | None
    start: str | None
    end: str | None
    attrs: dict[str, Any]
    idents: list[tuple[str, str]] = field(default_factory=list)
    line: int = 0  #: the line of its last statement
    #: made for an interested party given as an unspecified record (no record of its own)
    made: bool = False


@dataclass
class _Fact:
    kind: str
    interest: str | None
    share: float | None
    start: str | None
    end: str | None
    attrs: dict[str, Any]
    #: the startDate as stated, which a restatement repeats (``start`` may be moved by _merge)
    stated_start: str | None = None

    def __post_init__(self) -> None:
        self.stated_start = self.start

    def key(self) -> tuple[Any, ...]:
        return (self.kind, self.interest, self.share, self.stated_start,
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
    line: int = 0  #: the line of its last statement


def _node(st: dict[str, Any], rd: dict[str, Any], kind: str, sid: str, date: str,
          status: str, report: BodsReport) -> _Node:
    attrs: dict[str, Any] = {"bods_statement_id": sid}
    if kind == "entity":
        et = _obj(rd, "entityType", "$.recordDetails")
        attrs["entity_type"] = _code(et, "type", "$.recordDetails.entityType", _ENTITY_TYPES)
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
        attrs["person_type"] = _code(rd, "personType", "$.recordDetails", _PERSON_TYPES)
        names = _list(rd, "names", "$.recordDetails")
        name = None
        for i, n in enumerate(names):
            if not isinstance(n, dict):
                raise _Bad(f"$.recordDetails.names[{i}]", "must be an object")
            full = _s(n, "fullName", f"$.recordDetails.names[{i}]")
            parts = [_s(n, k, f"$.recordDetails.names[{i}]") for k in ("givenName", "familyName")]
            if full is None:
                full = " ".join(p for p in parts if p) or None
            if full and (name is None or n.get("type") == "legal"):
                name = full
        nats = [str(n["code"]) for n in _list(rd, "nationalities", "$.recordDetails")
                if isinstance(n, dict) and isinstance(n.get("code"), str)]
        if nats:
            attrs["nationalities"] = " ".join(nats)
        start = None
        end = _date(rd, "deathDate", "$.recordDetails")
    # An anonymous or unknown entity or person (BODS unspecifiedEntityDetails /
    # unspecifiedPersonDetails): the same attributes as an unspecified interested party.
    key = "unspecifiedEntityDetails" if kind == "entity" else "unspecifiedPersonDetails"
    if rd.get(key) is not None:
        u = _obj(rd, key, "$.recordDetails")
        attrs["unspecified_reason"] = _code(u, "reason", f"$.recordDetails.{key}", _REASONS)
        if attrs["unspecified_reason"] is None:
            raise _Bad(f"$.recordDetails.{key}.reason", "is required")
        attrs["unspecified_description"] = _s(u, "description", f"$.recordDetails.{key}")
    ids = []
    idents: list[tuple[str, str]] = []
    for i, ident in enumerate(_list(rd, "identifiers", "$.recordDetails")):
        p = f"$.recordDetails.identifiers[{i}]"
        if not isinstance(ident, dict):
            raise _Bad(p, "must be an object")
        the_id, scheme_code = _s(ident, "id", p), _s(ident, "scheme", p)
        scheme = scheme_code or _s(ident, "schemeName", p) or ""
        if the_id is not None:
            ids.append(f"{scheme}:{the_id}" if scheme else the_id)
            if scheme_code and the_id:
                idents.append((scheme_code, the_id))
    if ids:
        attrs["identifiers"] = "; ".join(ids)
    if status == "closed" and end is None:
        end = date
    return _Node("organisation" if kind == "entity" else "person", sid, name, start, end,
                 {k: v for k, v in attrs.items() if v is not None}, idents)


def _share(sh: dict[str, Any], sp: str, attrs: dict[str, Any], sid: str,
           report: BodsReport) -> float | None:
    """A BODS share (percentages) as the model's fractions: `exact` -> the share; the bounds
    -> share_min/share_max (with share_min_exclusive/share_max_exclusive), kept as given; with
    no exact, the midpoint of two bounds is the share (docs/bods.md says why) and one bound
    gives none (reported). A bound given both inclusive and exclusive, an empty range, or an
    exact share outside its bounds is an error (found by fuzzing the reader)."""
    if not sh:
        return None
    exact = _pct(sh, "exact", sp)
    bounds = []
    for inc, exc in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if inc in sh and exc in sh:
            raise _Bad(sp, f"gives both {inc} and {exc}: one bound each side")
        x = _pct(sh, exc, sp)
        bounds.append((_pct(sh, inc, sp), False) if x is None else (x, True))
    (lo, lo_x), (hi, hi_x) = bounds
    # Checked on the fractions the model will hold, so that what is read can be written back
    # (49.99999999999999999 and 50.00000000000000001, exclusive, are both 0.5: an empty range)
    f_lo, f_hi, f_x = (None if v is None else _fraction(v) for v in (lo, hi, exact))
    if f_lo is not None and f_hi is not None and (f_lo > f_hi
                                                  or (f_lo == f_hi and (lo_x or hi_x))):
        raise _Bad(sp, f"the range from {lo} to {hi} is empty")
    if f_x is not None and ((f_lo is not None and (f_x < f_lo or (lo_x and f_x == f_lo)))
                            or (f_hi is not None and (f_x > f_hi or (hi_x and f_x == f_hi)))):
        raise _Bad(f"{sp}.exact", f"{exact} is outside the share's own bounds")
    for name, v, excl in (("share_min", f_lo, lo_x), ("share_max", f_hi, hi_x)):
        if v is not None:
            attrs[name] = v
            if excl:
                attrs[f"{name}_exclusive"] = True
    if f_x is not None:
        attrs["share_basis"] = "exact"
        return f_x
    if lo is not None and hi is not None:
        attrs["share_basis"] = "midpoint"
        return _midpoint(lo, hi)
    report.note("share_without_both_bounds", sid)
    return None


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
            if doi not in _DIRECT_OR_INDIRECT:
                raise _Bad(f"{p}.directOrIndirect", "must be direct, indirect or unknown (the "
                           f"BODS codelist), not {doi!r}")
            attrs["direct_or_indirect"] = doi
        cons = _CONSOLIDATION.search(details) if (details and typ == "otherInfluenceOrControl"
                                                  and interest == "other") else None
        if cons:  # GLEIF: the ultimate parent holds through the chain, the direct one directly
            ultimate = cons.group(1) == "ULTIMATELY"
            attrs["consolidation"] = "ultimate" if ultimate else "direct"
            # the statement's own direct or indirect wins (found by fuzzing the reader); its
            # "unknown" (as GLEIF's are) does not
            if attrs.get("direct_or_indirect") in (None, "unknown"):
                attrs["direct_or_indirect"] = "indirect" if ultimate else "direct"
        bo = it.get("beneficialOwnershipOrControl")
        if bo is not None:
            if not isinstance(bo, bool):
                raise _Bad(f"{p}.beneficialOwnershipOrControl", "must be true or false")
            attrs["beneficial_ownership_or_control"] = bo
        # The share is kept for every interest: of the votes (votingRights); of the board
        # (appointmentOfBoard: keeping a 30% board share is what stops a 30% right being read
        # as control, Sch 1A para 4; found in review); as stated for the others, which no
        # measure reads (kept so that read(write(m)) gives it back).
        share = _share(_obj(it, "share", p), f"{p}.share", attrs, sid, report)
        if typ == "unknownInterest":  # known to hold an interest of unknown nature
            attrs["interest_unknown"] = True
        out.append(_Fact(kind, interest, share, _date(it, "startDate", p),
                         _date(it, "endDate", p), attrs))
    return out


def _merge(rel: _Rel, new: list[_Fact], date: str) -> None:
    """A later statement replaces the record: facts it no longer states end on its date;
    facts it restates stay (taking its end date if any); a changed fact of the same interest
    starts on its date, when the one it replaces ends. Facts alike but for their end are
    matched in the order stated (a multiset: two open facts alike are two facts, and
    restating one keeps one); an ended fact restated with the same end is the same fact, not
    a second one; a fact new to the record, of an interest it held before, starts on the
    statement's date when it gives no start (found by fuzzing the reader)."""
    held = {(f.kind, f.interest) for f in rel.facts}
    kept: dict[tuple[Any, ...], list[_Fact]] = {}
    ended: dict[tuple[Any, ...], list[_Fact]] = {}
    for f in rel.facts:
        (kept if f.end is None else ended).setdefault(f.key(), []).append(f)
    restated: list[tuple[_Fact, _Fact | None]] = []
    for f in new:
        same = kept.get(f.key())
        if same:
            restated.append((f, same.pop(0)))
            continue
        was = [g for g in ended.get(f.key(), []) if g.end == f.end]
        if was:
            ended[f.key()].remove(was[0])
            continue  # an ended fact restated as it was
        restated.append((f, None))
    for olds in kept.values():
        for f in olds:
            f.end = date if f.start is None or f.start < date else f.start
    floor: dict[tuple[str, str | None], str] = {}  # interest -> the latest end of its facts
    for f in rel.facts:
        if f.end is not None:
            k = (f.kind, f.interest)
            floor[k] = max(floor.get(k, f.end), f.end)
    for f, old in restated:
        if old is not None:
            old.end = f.end
            continue
        interest = (f.kind, f.interest)
        # A fact new to the record, of an interest it held before, starts after the facts of
        # that interest ended (never two at once: a holding that went from 25-50% to 50-75%
        # is two facts end to end; a record closed, then restated, does not hold twice), and
        # with no start of its own on the statement's date.
        if f.start is None and interest in held:
            f.start = date
        elif f.start is not None and interest in floor and f.start < floor[interest]:
            f.start = floor[interest]
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
    seen: dict[str, int] = {}  # statementId -> its line
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
                _one(st, nodes, rels, report, line, seen)
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
    _add(work, nodes, rels, report, name)
    work.sources = [*work.sources, name]
    if model is not None:
        model._assign(work)
        work = model
    setattr(work, "bods_report", report)  # noqa: B010 - Model declares no such attribute
    log.info("%s", report.summary())
    return work


def _one(st: Any, nodes: dict[str, _Node], rels: dict[str, _Rel], report: BodsReport,
         line: int, seen: dict[str, int]) -> None:
    if not isinstance(st, dict):
        raise _Bad("$", f"a statement must be an object, not {type(st).__name__}")
    sid = _s(st, "statementId", "$", True)
    if sid is not None:  # "a persistent globally unique identifier for this statement"
        if sid in seen:
            raise _Bad("$.statementId", f"{sid!r} is the statementId of the statement on line "
                       f"{seen[sid]} too")
        seen[sid] = line
    rid = _s(st, "recordId", "$", True)
    kind = _s(st, "recordType", "$", True)
    status = _s(st, "recordStatus", "$")
    status = "new" if status is None else status
    date = _date(st, "statementDate", "$", True)
    assert sid is not None and rid is not None and date is not None
    if kind not in ("entity", "person", "relationship"):
        raise _Bad("$.recordType", f"must be entity, person or relationship, not {kind!r}")
    if status not in ("new", "updated", "closed"):
        raise _Bad("$.recordStatus", f"must be new, updated or closed, not {status!r}")
    rd = st.get("recordDetails")
    if not isinstance(rd, dict):
        raise _Bad("$.recordDetails", "is required and must be an object")
    if rd.get("isComponent") is not None and not isinstance(rd["isComponent"], bool):
        raise _Bad("$.recordDetails.isComponent", "must be true or false")
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
        if old is not None and old.made:
            raise _Bad("$.recordId", f"{rid!r} is the node of an unspecified interested party "
                       "(unspecified:<the relationship's recordId>) read earlier")
        if kind == "person" and node.attrs.get("person_type") in ("anonymousPerson",
                                                                   "unknownPerson"):
            report.note(f"person:{node.attrs['person_type']}", sid)
        node.line = line
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
        reason = _code(party, "reason", "$.recordDetails.interestedParty", _REASONS)
        if reason is None:
            raise _Bad("$.recordDetails.interestedParty.reason", "is required")
        description = _s(party, "description", "$.recordDetails.interestedParty")
        attrs = {"unspecified_reason": reason, "bods_statement_id": sid}
        if description is not None:
            attrs["unspecified_description"] = description
        party = UNSPECIFIED + rid
        if party in nodes and not nodes[party].made:
            raise _Bad("$.recordDetails.interestedParty", f"its node would be {party!r}, the "
                       "recordId of an entity or person record read earlier")
        nodes[party] = _Node("organisation", sid, None, None, None, attrs, line=line, made=True)
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
    rel.line = line
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


def _at_statement(e: Exception, where: list[tuple[int, str]], name: str) -> Exception:
    """The model's error about row N of a bulk call, as the statement that row came from: the
    file, its line and its statementId (the model's message follows)."""
    found = re.search(r"\brow (\d+)\b", str(e))
    if not found or int(found.group(1)) >= len(where):
        return e
    line, sid = where[int(found.group(1))]
    eid = getattr(e, "id", "format")
    prefix = f"[govgraph.{eid}] "
    body = str(e)[len(prefix):] if str(e).startswith(prefix) else str(e)
    err = type(e)(f"{prefix}{name} line {line} (statementId {sid!r}): {body}")
    err.id = eid  # type: ignore[attr-defined]
    return err


def _add(m: Model, nodes: dict[str, _Node], rels: dict[str, _Rel], report: BodsReport,
         name: str) -> None:
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
        try:
            m.add_nodes_from(cols, type=typ, attrs=keys)
        except _core.Error as e:
            raise _at_statement(e, [(n.line, n.statement) for _, n in rows], name) from None
        report.added[f"{typ}s" if typ == "person" else "organisations"] = len(rows)
        if typ == "person":
            report.added["people"] = report.added.pop("persons")
    known = have | set(nodes)
    # Relation ids: a record's recordId, and recordId#j for its later facts, unless that is
    # already an id (of a node, of the model's relations, or another record's: a record
    # "R#1" beside record R's second fact; found by fuzzing the reader): then none.
    frame = m.relations_frame()
    held = {r for r in frame["id"] if isinstance(r, str)} if "id" in frame else set()
    used = known | set(rels) | held

    def facts_of(rel: _Rel) -> list[tuple[str, str, _Fact]] | None:
        """(party, subject, fact) of a relationship record as added, or None (reported)."""
        subject, party = alias.get(rel.subject, rel.subject), alias.get(rel.party, rel.party)
        if subject not in known or party not in known:
            report.note("party_not_in_file", rel.statement)
            return None
        if subject in nodes and nodes[subject].type != "organisation":
            report.note("subject_not_entity", rel.statement)
            return None
        if subject == party:
            report.note("self_relation_after_merge", rel.statement)
            return None
        out = []
        for fact in rel.facts:
            if fact.start and fact.end and fact.end < fact.start:
                report.note("ends_before_it_starts", rel.statement)
                continue
            out.append((party, subject, fact))
        return out

    direct = {rid: facts_of(rel) for rid, rel in rels.items() if not rel.components}
    rows2: list[tuple[str | None, str, str, _Fact, _Rel]] = []
    for rid, rel in rels.items():
        if rel.components:
            # Primary indirect relationship: its chain is in the file when every component
            # record is, and each component relationship gave a fact that is added; then the
            # indirect one would count the same holding twice.
            missing = [c for c in rel.components if c not in records]
            unmapped = [c for c in rel.components if c in rels and not direct.get(c)]
            if not missing and not unmapped:
                report.note("indirect_skipped:components_in_file", rel.statement)
                continue
            found = facts_of(rel)
            if found is None:
                continue
            report.note("indirect_added:components_not_in_file" if missing
                        else "indirect_added:component_not_mapped", rel.statement)
            for *_, fact in found:
                fact.attrs["direct_or_indirect"] = "indirect"
        else:
            found = direct[rid]
            if found is None:
                continue
        for j, (party, subject, fact) in enumerate(found):
            rid_k = rid if j == 0 else f"{rid}#{j}"
            ok = rid_k not in known and rid_k not in held if j == 0 else rid_k not in used
            rows2.append((rid_k if ok else None, party, subject, fact, rel))
            used.add(rid_k)
    if not rows2:
        return
    keys = sorted({k for *_, f, _ in rows2 for k in f.attrs} | {"bods_statement_id"})
    cols = {"kind": [f.kind for *_, f, _ in rows2], "source": [r[1] for r in rows2],
            "target": [r[2] for r in rows2], "id": [r[0] for r in rows2],
            "share": [f.share for *_, f, _ in rows2],
            "interest": [f.interest for *_, f, _ in rows2],
            "start": [f.start for *_, f, _ in rows2], "end": [f.end for *_, f, _ in rows2]}
    for k in keys:
        cols[k] = [r[4].statement if k == "bods_statement_id" else r[3].attrs.get(k)
                   for r in rows2]
    try:
        m.add_relations_from(cols, attrs=keys)
    except _core.Error as e:
        raise _at_statement(e, [(r[4].line, r[4].statement) for r in rows2], name) from None
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
    gives the same statements.

    An unspecified party (an organisation with ``unspecified_reason``) is written inline, as
    the ``interestedParty`` of one relationship record holding all its interests, when its id
    is ``unspecified:<recordId>``, it holds in one body only and that recordId is free (as
    :func:`read` made it); otherwise as an entity record of type ``unknownEntity`` with
    ``unspecifiedEntityDetails``, so that read(write(m)) keeps its id and every fact. A fact
    BODS cannot state is an error naming the relation: a ``direct_or_indirect`` outside the
    codelist, or bounds without a share (which BODS reads as the midpoint)."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be a govgraph.Model, not {type(model).__name__}")
    publisher = _text(publisher, "to_bods", "publisher")
    today = _day(date, "to_bods") or _dt.date.today().isoformat()
    pub = {"publicationDate": today, "bodsVersion": "0.4", "publisher": {"name": publisher}}
    cols = model._relations_columns(False, as_of=None, kind=["owns", "controls"])
    n_rel = len(cols["kind"])
    none = [None] * n_rel
    for key in ("start", "end", "share", "id", "interest"):
        cols.setdefault(key, none)
    orgs, people = set(model.ids("organisation")), set(model.ids("person"))
    details = {nid: model.get(nid) for nid in (*sorted(orgs), *sorted(people))}
    unspecified = {nid for nid in orgs
                   if (details[nid].get("attributes") or {}).get("unspecified_reason")}
    inline = _inline_parties(cols, unspecified, orgs, people)
    out: list[dict[str, Any]] = []
    for nid, n in details.items():
        if nid in inline:
            continue  # no record of its own: the interestedParty of its relationship record
        out.append(_node_statement(nid, n, nid in orgs, today, pub))
    extra = {k: v for k, v in cols.items()
             if k not in ("kind", "source", "target", "start", "end", "share", "id", "interest")}
    skipped = 0
    # recordId -> (subject, interested party, [(interest, start, end)]); the relations of an
    # inline unspecified party are the interests of one record.
    records: dict[str, tuple[str, Any, list[tuple[dict[str, Any], Any, Any]]]] = {}
    for i in range(n_rel):
        kind, src, tgt = cols["kind"][i], cols["source"][i], cols["target"][i]
        if tgt not in orgs or (src not in orgs and src not in people):
            skipped += 1
            continue
        a = {k: col[i] for k, col in extra.items() if col[i] is not None}
        where = f"to_bods: {kind} {src!r} -> {tgt!r}" + (
            f" (id {cols['id'][i]!r})" if cols["id"][i] else "")
        it = _interest(kind, cols["interest"][i], cols["share"][i], a, where)
        start, end = cols["start"][i], cols["end"][i]
        if start:
            it["startDate"] = start
        if src in inline:
            rid = inline[src]
            rec = records.setdefault(rid, (tgt, _unspecified_party(details[src]), []))
        else:
            rid = cols["id"][i] or _sid("rel", str(i), kind, src, tgt)
            rec = records.setdefault(rid, (tgt, src, []))
        rec[2].append((it, start, end))
    for rid, (tgt, party, interests) in records.items():
        out += _record_statements(rid, tgt, party, interests, today, pub)
    if skipped:
        log.warning("bods: %d owns/controls relations left out (held assets or parties that "
                    "are not organisations or people)", skipped)
    return out


def _inline_parties(cols: dict[str, list[Any]], unspecified: set[str], orgs: set[str],
                    people: set[str]) -> dict[str, str]:
    """Unspecified parties written inline -> their relationship's recordId: the node is
    ``unspecified:<recordId>``, every relation it holds that is written is in one body, and
    the recordId is no node's id nor another relation's."""
    targets: dict[str, set[str]] = {u: set() for u in unspecified}
    rel_ids: dict[str, set[str]] = {}  # relation id -> the sources of relations with it
    for src, tgt, rid in zip(cols["source"], cols["target"], cols["id"], strict=True):
        if src in targets and tgt in orgs:
            targets[src].add(tgt)
        if rid:
            rel_ids.setdefault(rid, set()).add(src)
    taken = orgs | people
    out = {}
    for u, held in sorted(targets.items()):
        rid = u[len(UNSPECIFIED):]
        # its own relations' ids do not count: they are written as the record's facts
        if (u.startswith(UNSPECIFIED) and len(held) == 1 and rid and rid not in taken
                and not rel_ids.get(rid, set()) - {u}):
            out[u] = rid
            taken.add(rid)
    return out


def _unspecified_party(n: dict[str, Any]) -> dict[str, Any]:
    a = n.get("attributes") or {}
    if a["unspecified_reason"] not in _REASONS:
        raise _error("bad_value", f"to_bods: {n.get('id')!r}: unspecified_reason "
                     f"{a['unspecified_reason']!r} is not a BODS reason ({', '.join(_REASONS)})")
    party = {"reason": a["unspecified_reason"]}
    if a.get("unspecified_description"):
        party["description"] = a["unspecified_description"]
    return party


def _node_statement(nid: str, n: dict[str, Any], org: bool, today: str,
                    pub: dict[str, Any]) -> dict[str, Any]:
    a = n.get("attributes") or {}
    if org:
        typ = a.get("entity_type") or ("unknownEntity" if a.get("unspecified_reason")
                                       else "registeredEntity")
        if typ not in _ENTITY_TYPES:
            raise _error("bad_value", f"to_bods: organisation {nid!r}: entity_type {typ!r} is "
                         f"not a BODS entity type ({', '.join(_ENTITY_TYPES)})")
        rd: dict[str, Any] = {"isComponent": False, "entityType": {"type": typ}}
        if a.get("unspecified_reason"):
            rd["unspecifiedEntityDetails"] = _unspecified_party(n)
        if n.get("name"):
            rd["name"] = n["name"]
        if a.get("jurisdiction"):
            # `jurisdiction` is the code when one was given, else the name (as read)
            rd["jurisdiction"] = {"name": a.get("jurisdiction_name") or a["jurisdiction"]}
            if a.get("jurisdiction_name") and a["jurisdiction"] != a["jurisdiction_name"]:
                rd["jurisdiction"]["code"] = a["jurisdiction"]
        if n.get("start"):
            rd["foundingDate"] = n["start"]
        if n.get("end"):
            rd["dissolutionDate"] = n["end"]
    else:
        typ = a.get("person_type", "knownPerson")
        if typ not in _PERSON_TYPES:
            raise _error("bad_value", f"to_bods: person {nid!r}: person_type {typ!r} is not a "
                         f"BODS person type ({', '.join(_PERSON_TYPES)})")
        rd = {"isComponent": False, "personType": typ}
        if a.get("unspecified_reason"):
            rd["unspecifiedPersonDetails"] = _unspecified_party(n)
        if n.get("name"):
            rd["names"] = [{"type": "legal", "fullName": n["name"]}]
        if n.get("end"):
            rd["deathDate"] = n["end"]
    return {"statementId": _sid("node", nid), "declarationSubject": nid,
            "statementDate": n.get("start") or today, "recordId": nid,
            "recordType": "entity" if org else "person", "recordStatus": "new",
            "recordDetails": rd, "publicationDetails": pub}


def _interest(kind: str, interest: str | None, share: float | None, a: dict[str, Any],
              where: str) -> dict[str, Any]:
    """The BODS interest of one owns/controls relation (its dates are added by the caller)."""
    if a.get("interest_unknown") is True and kind == "owns":
        typ = "unknownInterest"
    else:
        # A `controls` with no interest (or one BODS has no type for) is written as
        # otherInfluenceOrControl, never a crash (found by fuzzing the writer).
        typ = _TYPE_OF.get((kind, interest if kind == "controls" else None),
                           "otherInfluenceOrControl")
    it: dict[str, Any] = {"type": typ}
    doi = a.get("direct_or_indirect")
    if doi is not None:
        if doi not in _DIRECT_OR_INDIRECT:
            raise _error("bad_value", f"{where}: direct_or_indirect {doi!r} cannot be written "
                         "as BODS (direct, indirect or unknown)")
        it["directOrIndirect"] = doi
    if isinstance(a.get("beneficial_ownership_or_control"), bool):
        it["beneficialOwnershipOrControl"] = a["beneficial_ownership_or_control"]
    details = a.get("details")
    if details is not None and not isinstance(details, str):
        raise _error("bad_value", f"{where}: details must be text to be written as BODS")
    if interest == "significant_influence" and not (details and _SIGNIFICANT.search(details)):
        details = "significant influence or control" + (f": {details}" if details else "")
    elif (interest != "significant_influence" and typ == "otherInfluenceOrControl" and details
          and _SIGNIFICANT.search(details)):
        raise _error("bad_value", f"{where}: its details say significant influence or control, "
                     "which BODS readers (gg.bods.read among them) take as that interest, not "
                     f"{interest or 'no interest'}: set interest='significant_influence' or "
                     "reword the details")
    cons = _CONSOLIDATION.search(details) if (
        details and typ == "otherInfluenceOrControl" and interest != "significant_influence") \
        else None
    if cons and doi in (None, "unknown"):
        raise _error("bad_value", f"{where}: its details name a GLEIF consolidation, which "
                     "gg.bods.read reads as held " + ("indirectly" if cons.group(1) ==
                                                      "ULTIMATELY" else "directly")
                     + ": set direct_or_indirect")
    if details:
        it["details"] = details
    sh: dict[str, float] = {}
    lo, hi = (_unit(a.get(k), k, where) for k in ("share_min", "share_max"))
    share = _unit(share, "share", where)
    if (lo is not None and hi is not None and lo > hi) or (share is not None and (
            (lo is not None and share < lo) or (hi is not None and share > hi))):
        raise _error("bad_value", f"{where}: share {share}, share_min {lo} and share_max {hi} "
                     "are not in order (share_min <= share <= share_max)")
    if lo is not None:
        sh["exclusiveMinimum" if a.get("share_min_exclusive") is True else "minimum"] = \
            _percent(lo)
    if hi is not None:
        sh["exclusiveMaximum" if a.get("share_max_exclusive") is True else "maximum"] = \
            _percent(hi)
    if share is None and lo is not None and hi is not None:
        raise _error("bad_value", f"{where}: share_min and share_max with no share cannot be "
                     "written as BODS, which reads a range as a share at its midpoint; give "
                     "the share or leave a bound out")
    # The exact share is written unless the reader would give it back from the bounds: two
    # bounds whose midpoint it is, not stated as exact.
    if share is not None and not (
            lo is not None and hi is not None and a.get("share_basis") != "exact"
            and _midpoint(*(Decimal(repr(v)) for v in sh.values())) == share):
        sh["exact"] = _percent(share)
    if sh:
        it["share"] = sh
    return it


def _unit(v: Any, key: str, where: str) -> float | None:
    """A share or bound to write: None, or a real number from 0 to 1."""
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
        raise _error("bad_value", f"{where}: {key} {v!r} cannot be written as BODS (a number "
                     "from 0 to 1)")
    return float(v)


class _Percent(float):
    """A percentage written by :func:`to_bods`: the float a JSON reader sees, with ``text``,
    the share's own digits shifted two places, which :func:`write` writes instead so that
    :func:`read` gives the share back exactly (a float whose shortest text does so does not
    exist for about one share in five)."""

    text: str


def _percent(x: float) -> _Percent:
    """The fraction x as a percentage: the float nearest x's digits shifted two places (the
    shortest of the floats next to it that :func:`read` gives back as x, when one does), and
    that decimal text."""
    digits = Decimal(repr(x))
    sign, ds, exp = digits.as_tuple()
    text = Decimal((sign, ds, exp + 2))  # type: ignore[operator]
    y = lo = hi = float(text)
    candidates = [y]
    for _ in range(4):
        lo, hi = math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)
        candidates += [lo, hi]
    exact = [c for c in candidates if 0 <= c <= 100 and _fraction(Decimal(repr(c))) == x]
    out = _Percent(min(exact, key=lambda c: (len(repr(c)), abs(c - y))) if exact else y)
    out.text = format(text, "f") if -30 < text.adjusted() < 30 else str(text)
    return out


def _dumps(statement: Any, **kw: Any) -> str:
    """JSON text of statements, each percentage as its exact decimal text (see _Percent)."""
    token = f"\x00{uuid.uuid4().hex}:"
    texts: list[str] = []

    def swap(v: Any) -> Any:
        if isinstance(v, _Percent):
            texts.append(v.text)
            return f"{token}{len(texts) - 1}"
        if isinstance(v, dict):
            return {k: swap(x) for k, x in v.items()}
        if isinstance(v, list):
            return [swap(x) for x in v]
        return v

    out = json.dumps(swap(statement), ensure_ascii=False, **kw)
    if not texts:
        return out
    quoted = re.escape(json.dumps(token, ensure_ascii=False)[:-1])
    return re.sub(quoted + r'(\d+)"', lambda g: texts[int(g.group(1))], out)


def _record_statements(rid: str, subject: str, party: Any,
                       interests: list[tuple[dict[str, Any], Any, Any]], today: str,
                       pub: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements of one relationship record: ``new`` with every interest (dated at the
    first start); then on each end date an ``updated`` statement restating the interests not
    ended before it, those that end that day with their endDate, or, when none is left open,
    a ``closed`` one. Interests keep their order, so that :func:`_merge` pairs alike ones."""
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

    out = [statement("new", first, [it for it, _, _ in interests])]
    for day in ends:
        its = [dict(it, endDate=e) if e == day else it for it, _, e in interests
               if e is None or e >= day]
        open_after = any(e is None or e > day for _, _, e in interests)
        out.append(statement("updated" if open_after else "closed", day, its))
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
                f.write(_dumps(s) + "\n")
        else:
            f.write(_dumps(statements, indent=1))


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
        if not _DATE_TIME.fullmatch(value) or not _clock_ok(value):
            return False
        _dt.date.fromisoformat(value[:10])
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
        for index, line, st in _statements(f, name, decimals=False):
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
