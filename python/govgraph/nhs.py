"""Importers for NHS England open data on general practice (docs/nhs.md).

- :func:`read_epraccur`: the ODS GP practice extract (``epraccur.csv``): practices,
  their commissioners, and who commissions whom.
- :func:`read_epcn`: the ODS primary care network file (``ePCN.xlsx``): networks, practice
  membership, and one network agreement per network.
- :func:`read_list_size_table` / :func:`read_list_sizes`: patients registered at each practice
  (NHS Digital "Patients Registered at a GP Practice", ``gp-reg-pat-prac-all.csv``).

Every importer builds or extends a :class:`~govgraph.Model` through the bulk API and records what
it could not match across files in an :class:`ImportReport` (``model.nhs_reports[name]``),
instead of dropping it silently, and logs one summary line of it at INFO under the
``"govgraph.nhs"`` logger (a child of govgraph's ``"govgraph"``); the codes are on the report,
never logged one by one. A code asked for that the file does not hold (``commissioners=``) is an
error, ``gg.ModelError`` with id ``unknown_code``, naming the nearest codes the file does hold. A
model is only ever extended whole: the importer works on a copy and swaps it in at the end, so a
failure leaves the caller's model unchanged.

ODS dates are ``YYYYMMDD`` with an *inclusive* end (a CCG that closed on 2022-06-30 was gone on
1 July); govgraph's ``end`` is the first day no longer in force, so ``end`` = ODS end + 1 day.

pandas is needed (``pip install pandas``), and openpyxl for the ePCN spreadsheet.
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, overload

from . import _core
from .frames import require_pandas
from .model import Model

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "EPRACCUR_COLUMNS",
    "ImportReport",
    "read_epcn",
    "read_epraccur",
    "read_epraccur_frame",
    "read_list_size_table",
    "read_list_sizes",
]

log = logging.getLogger("govgraph.nhs")

_PathLike = Union[str, "os.PathLike[str]"]

#: The 27 columns of the ODS GP practice extract (epraccur), in file order. The ``null_*``
#: columns are always empty in the published file.
EPRACCUR_COLUMNS: tuple[str, ...] = (
    "code", "name", "national_grouping", "high_level_health_geography",
    "address_1", "address_2", "address_3", "address_4", "address_5", "postcode",
    "open_date", "close_date", "status", "sub_type", "commissioner", "join_date", "left_date",
    "telephone", "null_1", "null_2", "null_3", "amended", "null_4", "provider_purchaser",
    "null_5", "prescribing_setting", "null_6",
)

_STATUS = {"A": "active", "C": "closed", "D": "dormant", "P": "proposed"}
_CODE = re.compile(r"[A-Z0-9]{3,10}")
_YYYYMMDD = re.compile(r"\d{8}")


@dataclass
class ImportReport:
    """What an importer read, what it added, and what it could not match.

    ``unmatched`` maps a category (e.g. ``"practices_not_in_model"``) to the sorted codes in it;
    empty categories are left out; ``counts`` gives their sizes. docs/nhs.md lists each
    importer's categories. :meth:`summary` is the one line logged for the import; ``str()``
    adds a line per category with its first codes. ``as_of`` is the day the file describes,
    when the importer knows it (:func:`govgraph.cqc.read_providers`).
    """

    importer: str
    path: str
    rows: int = 0
    kept: int = 0
    added: dict[str, int] = field(default_factory=dict)
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    as_of: str | None = None

    def _note(self, category: str, codes: Any) -> None:
        codes = sorted({str(c) for c in codes})
        if codes:
            self.unmatched[category] = codes

    @property
    def counts(self) -> dict[str, int]:
        """Category -> how many codes are in it (the non-empty categories of ``unmatched``)."""
        return {category: len(codes) for category, codes in self.unmatched.items()}

    def summary(self) -> str:
        """The import in one line: rows read and kept, what was added, and how many codes
        each category of ``unmatched`` holds (the codes themselves are on the report)."""
        line = (f"{self.importer} {os.path.basename(self.path)}"
                + (f" (as of {self.as_of})" if self.as_of else "")
                + f": {self.rows} rows read, {self.kept} kept")
        added = [f"{n} {what}" for what, n in self.added.items() if n]
        line += "; added " + (", ".join(added) if added else "nothing")
        if self.unmatched:
            line += "; " + ", ".join(f"{n} {category.replace('_', ' ')}"
                                     for category, n in self.counts.items())
            line += f" (codes in model.nhs_reports[{self.importer!r}].unmatched)"
        return line

    def _log(self, logger: logging.Logger | None = None) -> None:
        (logger or log).info("%s", self.summary())

    def __str__(self) -> str:
        lines = [f"{self.importer} {self.path}"
                 + (f" (as of {self.as_of})" if self.as_of else "")
                 + f": {self.rows} rows read, {self.kept} kept"]
        lines += [f"  added {n} {what}" for what, n in self.added.items()]
        lines += [f"  {len(v)} {k.replace('_', ' ')}: {', '.join(v[:10])}"
                  + (", ..." if len(v) > 10 else "") for k, v in self.unmatched.items()]
        return "\n".join(lines)


# -- helpers ---------------------------------------------------------------------------------


def _read_text(path: _PathLike) -> str:
    """A file's text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _each(s: pd.Series, f: Any) -> pd.Series:
    """``f`` of each value, as an object Series (``Series.map`` would turn None into NaN)."""
    pd = require_pandas()
    return pd.Series([f(v) for v in s.to_numpy(dtype=object)], index=s.index, dtype=object)


def _clean(values: Any) -> pd.Series:
    """Text values stripped, with blanks and missing values as None (object dtype)."""
    pd = require_pandas()
    s = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)

    def one(v: Any) -> str | None:
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
            return None
        t = str(v).strip()
        return t or None

    return _each(s, one)


def _codes(values: Any) -> pd.Series:
    """ODS codes: stripped, upper-case, None when blank."""
    s = _clean(values)
    return _each(s, lambda v: v.upper() if v is not None else None)


def _dates(values: Any) -> tuple[pd.Series, pd.Series]:
    """ODS dates (YYYYMMDD; also ISO text and spreadsheet dates) as datetimes, and a mask of the
    values that were given but are not dates."""
    pd = require_pandas()
    text = _each(_clean(values), lambda v: re.sub(r"\.0+$", "", v) if v is not None else None)
    compact = _each(text, lambda v: v if v is not None and _YYYYMMDD.fullmatch(v) else None)
    d = pd.to_datetime(compact, format="%Y%m%d", errors="coerce")
    other = text.notna() & compact.isna()
    if other.any():
        d[other] = pd.to_datetime(text[other], format="ISO8601", errors="coerce")
    return d, text.notna() & d.isna()


def _iso(d: pd.Series) -> pd.Series:
    """Datetimes as ISO text ("YYYY-MM-DD"), None for missing (object dtype)."""
    out = d.dt.strftime("%Y-%m-%d").astype(object)
    return out.where(d.notna(), None)


def _span(start_values: Any, end_values: Any) -> tuple[pd.Series, pd.Series, pd.Series]:
    """govgraph ``start``/``end`` from ODS dates (end + 1 day: ODS ends are inclusive), and a
    mask of the rows whose dates were unreadable or ended before they started (such an end is
    left out)."""
    pd = require_pandas()
    start, bad_start = _dates(start_values)
    end, bad_end = _dates(end_values)
    end = end + pd.Timedelta(days=1)
    backwards = start.notna() & end.notna() & (end <= start)
    end[backwards] = pd.NaT
    return _iso(start), _iso(end), bad_start | bad_end | backwards


def _objects(values: Any) -> Any:
    """A pandas column as an object numpy array (None for missing)."""
    import numpy as np

    pd = require_pandas()
    s = pd.Series(values).astype(object)
    return np.asarray(s.where(s.notna(), None), dtype=object)


def _ints(values: Any) -> Any:
    """Whole numbers as an object array of Python ints (None for missing or not a number)."""
    import numpy as np

    pd = require_pandas()
    n = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    return np.asarray([None if v != v else int(v) for v in n.to_numpy(dtype=float)],
                      dtype=object)


def _norm(name: Any) -> str:
    """A column heading for matching: lower-case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


# Letters a code typed by hand may hold for the digits it meant (O for zero, I for one).
_LOOKALIKE = str.maketrans("OI", "01")


def _nearest(code: str, known: list[str], n: int = 5) -> list[str]:
    """The codes of ``known`` nearest to ``code`` by difflib's similarity (the better of
    ``code`` as given and with its look-alike letters read as digits), best first, ties in
    code order."""
    asked = {code.upper(), code.upper().translate(_LOOKALIKE)}
    close = {k for a in asked for k in difflib.get_close_matches(a, known, n=len(known),
                                                                 cutoff=0.5)}
    score = {k: max(difflib.SequenceMatcher(None, a, k).ratio() for a in asked) for k in close}
    return sorted(close, key=lambda k: (-score[k], k))[:n]


def _wanted(codes: str | Any, what: str, known: Any, path: _PathLike) -> list[str]:
    """Codes given to filter by, stripped and upper-cased; a code the file does not hold is a
    ModelError (id ``unknown_code``) naming it and the nearest codes the file does hold."""
    given = [codes] if isinstance(codes, str) else list(codes)
    wanted = [str(c).strip().upper() for c in given]
    held = sorted({str(k) for k in known if k is not None})
    holds = set(held)
    unknown = [(g, w) for g, w in zip(given, wanted) if w not in holds]
    if unknown:
        name = os.path.basename(os.fspath(path))
        parts = []
        for g, w in unknown:
            near = _nearest(w, held)
            parts.append(f"{what} {str(g).strip()!r} is not in {name}; "
                         + (f"nearest: {', '.join(near)}" if near else
                            f"it holds {len(held)} {what} codes, e.g. {', '.join(held[:5])}"))
        err = _core.ModelError("[govgraph.unknown_code] " + "; ".join(parts))
        err.id = "unknown_code"
        raise err
    return wanted


def _start(model: Model | None, name: str) -> tuple[Model, set[str]]:
    """The model to build into (a copy of ``model``, or a new one) and the ids it holds."""
    if model is None:
        return Model(name=name), set()
    if not isinstance(model, Model):
        raise TypeError(f"model must be a govgraph.Model, not {type(model).__name__}")
    return model.copy(), set(model.ids())


def _finish(model: Model | None, work: Model, report: ImportReport, source: str,
            logger: logging.Logger | None = None) -> Model:
    """Record the source and the report, swap the work into the caller's model, log (on
    ``logger``, by default ``"govgraph.nhs"``)."""
    work.sources = [*work.sources, source]
    if model is not None:
        model._assign(work)
        work = model
    reports = dict(getattr(work, "nhs_reports", None) or {})
    reports[report.importer] = report
    setattr(work, "nhs_reports", reports)  # noqa: B010 - Model declares no such attribute
    report._log(logger)
    return work


# -- epraccur ----------------------------------------------------------------------------------


def read_epraccur_frame(path: _PathLike) -> pd.DataFrame:
    """The ODS GP practice extract as a DataFrame with :data:`EPRACCUR_COLUMNS` (all text,
    None for blanks, dates still ``YYYYMMDD``), every row, nothing filtered.

    Tolerates a byte-order mark, a header row, blank lines and blank trailing columns; a row
    with fewer than 26 columns, or with more than 27 that are not blank, is an error naming it.
    """
    pd = require_pandas()
    width = len(EPRACCUR_COLUMNS)
    rows: list[list[str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(_read_text(path), newline="")), 1):
        row = [c.strip() for c in row]
        if not any(row):
            continue
        if not rows and number <= 2 and (
                not _CODE.fullmatch(row[0].upper())
                or (len(row) > 10 and not _YYYYMMDD.fullmatch(row[10]))):
            continue  # a header row
        if len(row) > width and any(row[width:]):
            raise ValueError(f"{path}: line {number} has {len(row)} columns, expected {width} "
                             "(is this an ODS epraccur extract?)")
        if len(row) < width - 1:
            raise ValueError(f"{path}: line {number} has {len(row)} columns, expected {width} "
                             "(is this an ODS epraccur extract?)")
        rows.append((row + [""] * width)[:width])
    frame = pd.DataFrame(rows, columns=list(EPRACCUR_COLUMNS), dtype=object)
    frame = pd.DataFrame({c: _clean(frame[c]) for c in frame.columns}, dtype=object)
    for column in ("code", "commissioner", "provider_purchaser", "status"):
        frame[column] = _codes(frame[column])
    odd = frame["status"].notna() & ~frame["status"].isin(list(_STATUS))
    if len(frame) and odd.mean() > 0.5:
        raise ValueError(f"{path}: column 13 holds {frame['status'][odd].iloc[0]!r}, not a "
                         "status code (A, C, D, P): is this an ODS epraccur extract?")
    return frame


def _list_size_map(list_sizes: Any) -> tuple[dict[str, int], str | None, list[str]]:
    """Code -> patients from a Series, a mapping or a path; the list's extract date; and the
    codes it gave without a patient count."""
    if isinstance(list_sizes, (str, os.PathLike)):
        list_sizes = _list_size_table(list_sizes)
    attrs = getattr(list_sizes, "attrs", {})
    items = list_sizes.items() if hasattr(list_sizes, "items") else dict(list_sizes).items()
    return ({str(k).strip().upper(): int(v) for k, v in items}, attrs.get("extract_date"),
            list(attrs.get("bad_counts", [])))


def read_epraccur(
    path: _PathLike,
    model: Model | None = None,
    *,
    active_only: bool = True,
    gp_practices_only: bool = True,
    commissioners: str | list[str] | None = None,
    list_sizes: Any = None,
) -> Model:
    """Practices and their commissioners from the ODS GP practice extract (epraccur.csv).

    Adds, in one bulk call each:

    - every practice kept as an organisation (``kind="practice"``, id = ODS code, no
      ``legal_form``: the extract does not say; other prescribing settings, kept with
      ``gp_practices_only=False``, get ``kind="other"``), ``start``/``end`` from its
      open/close dates, ``list_size`` when ``list_sizes`` is given, and attributes
      ``postcode``, ``address``, ``status`` (active, closed, dormant, proposed),
      ``prescribing_setting`` (4 = GP practice), ``sub_type``, ``national_grouping``,
      ``high_level_health_geography``, ``commissioner``, ``telephone`` (and ``list_size_date``);
    - each commissioner they name, as an organisation (``kind="commissioner"``,
      ``legal_form="statutory_body"``, id = the CCG code; the extract gives no name), unless
      the model already holds that id;
    - for each practice, an ``accountable_to`` relation practice -> commissioner with
      ``basis="commissioned_by"`` and ``ods_relationship="RE4"``, dated by the join/left dates
      (the extract does not say which contract, GMS, PMS or APMS, so no contract is made up).

    ``active_only`` keeps status A; ``gp_practices_only`` keeps prescribing setting 4;
    ``commissioners`` keeps the practices of those CCG codes (matched after stripping, in any
    case); a code that is no commissioner in the file is a ``gg.ModelError`` (id
    ``unknown_code``, also a ValueError) naming it and the file's nearest codes. ``list_sizes``:
    a Series or mapping code -> patients (:func:`read_list_size_table`) or the path of a
    list-size file.

    Returns ``model`` extended (all or nothing), or a new model; its ``nhs_reports["epraccur"]``
    lists what did not match: ``no_list_size``, ``list_sizes_not_in_file``,
    ``list_sizes_filtered_out``, ``bad_counts``, ``commissioners_filtered_out``,
    ``no_commissioner``, ``bad_dates``, ``already_in_model``. One summary line is logged at
    INFO.
    """
    pd = require_pandas()
    raw = read_epraccur_frame(path)
    report = ImportReport("epraccur", os.fspath(path), rows=len(raw))
    duplicated = raw["code"][raw["code"].duplicated()]
    if len(duplicated):
        raise ValueError(f"{path}: practice codes given twice: "
                         + ", ".join(sorted(set(duplicated))[:10]))
    keep = raw["code"].notna()
    if active_only:
        keep &= raw["status"] == "A"
    gp = pd.to_numeric(raw["prescribing_setting"], errors="coerce") == 4
    if gp_practices_only:
        keep &= gp
    if commissioners is not None:
        wanted = _wanted(commissioners, "commissioner", raw["commissioner"], path)
        keep &= raw["commissioner"].isin(wanted)
        report._note("commissioners_filtered_out",
                     set(wanted) - set(raw["commissioner"][keep]))
    work, existing = _start(model, "NHS GP practices (ODS epraccur)")
    present = raw["code"].isin(existing)
    report._note("already_in_model", raw["code"][keep & present])
    df = raw[keep & ~present].reset_index(drop=True)
    kind = _each(gp[keep & ~present].reset_index(drop=True), lambda g: "practice" if g else "other")
    report.kept = len(df)

    sizes: dict[str, int] | None = None
    if list_sizes is not None:
        sizes, size_day, bad_counts = _list_size_map(list_sizes)
        report._note("no_list_size", df["code"][~df["code"].isin(list(sizes))])
        in_file = set(raw["code"].dropna())
        kept = set(df["code"])
        report._note("list_sizes_not_in_file", (c for c in sizes if c not in in_file))
        report._note("list_sizes_filtered_out",
                     (c for c in sizes if c in in_file and c not in kept))
        report._note("bad_counts", bad_counts)

    start, end, bad_span = _span(df["open_date"], df["close_date"])
    joined, left, bad_link = _span(df["join_date"], df["left_date"])
    report._note("bad_dates", df["code"][bad_span | bad_link])
    address = df[["address_1", "address_2", "address_3", "address_4", "address_5"]].apply(
        lambda r: ", ".join(v for v in r if v) or None, axis=1) if len(df) else df["name"]
    practices = {
        "id": _objects(df["code"]),
        "type": ["organisation"] * len(df),
        "name": _objects(df["name"]),
        "kind": _objects(kind),
        "start": _objects(start),
        "end": _objects(end),
        "postcode": _objects(df["postcode"]),
        "address": _objects(address),
        "status": _objects(_each(df["status"], lambda s: _STATUS.get(s, s))),
        "prescribing_setting": _ints(df["prescribing_setting"]),
        "sub_type": _objects(df["sub_type"]),
        "national_grouping": _objects(df["national_grouping"]),
        "high_level_health_geography": _objects(df["high_level_health_geography"]),
        "commissioner": _objects(df["commissioner"]),
        "telephone": _objects(df["telephone"]),
    }
    if sizes is not None:
        practices["list_size"] = _ints(df["code"].map(sizes))
        if size_day:
            practices["list_size_date"] = _objects(
                _each(df["code"], lambda c: size_day if c in sizes else None))
    free = [c for c in practices if c not in ("id", "type", "name", "kind", "start", "end",
                                              "list_size")]

    linked = df["commissioner"].notna()
    report._note("no_commissioner", df["code"][~linked])
    new_ccgs = sorted(set(df["commissioner"][linked]) - existing)
    clash = [c for c in set(df["commissioner"][linked]) & existing
             if work.type_of(c) != "organisation"]
    if clash:
        raise ValueError(f"commissioner codes {sorted(clash)} name nodes that are not "
                         "organisations in the model")
    work.add_nodes_from({
        "id": _objects(new_ccgs), "kind": ["commissioner"] * len(new_ccgs),
        "legal_form": ["statutory_body"] * len(new_ccgs),
    }, type="organisation")
    work.add_nodes_from(practices, attrs=free)
    other = df["provider_purchaser"].where(df["provider_purchaser"] != df["commissioner"])
    work.add_relations_from({
        "kind": ["accountable_to"] * int(linked.sum()),
        "source": _objects(df["code"][linked]),
        "target": _objects(df["commissioner"][linked]),
        "start": _objects(joined[linked]),
        "end": _objects(left[linked]),
        "basis": ["commissioned_by"] * int(linked.sum()),
        "ods_relationship": ["RE4"] * int(linked.sum()),
        "provider_purchaser": _objects(other[linked]),
    }, attrs=["basis", "ods_relationship", "provider_purchaser"])
    n_gp = int((kind == "practice").sum())
    report.added = {"practices": n_gp, "other prescribing settings": len(df) - n_gp,
                    "commissioners": len(new_ccgs),
                    "accountable_to relations": int(linked.sum())}
    return _finish(model, work, report, f"NHS ODS GP practices: {Path(path).name}")


# -- ePCN --------------------------------------------------------------------------------------


_DETAILS = {  # column -> (headings it may have, position in the specification)
    "code": (("pcncode",), 0),
    "name": (("pcnname",), 1),
    "commissioner": (("currentclinicalcommissioninggroupcode", "currentccgcode",
                      "currentsubicblocationcode"), 2),
    "commissioner_name": (("clinicalcommissioninggroupname", "ccgname",
                           "subicblocationname"), 3),
    "open_date": (("opendate", "opendateyyyymmdd"), 4),
    "close_date": (("closedate", "closedateyyyymmdd"), 5),
    "address_1": (("addressline1",), 6),
    "address_2": (("addressline2",), 7),
    "address_3": (("addressline3",), 8),
    "address_4": (("addressline4",), 9),
    "address_5": (("addressline5",), 10),
    "postcode": (("postcode",), 11),
}
_PARTNERS = {
    "practice": (("partnerorganisationcode",), 0),
    "practice_name": (("partnername",), 1),
    "practice_commissioner": (("practiceparentccgcode", "practiceparentsubicblocationcode"), 2),
    "code": (("pcncode",), 4),
    "start": (("practicetopcnrelationshipstartdate",), 8),
    "end": (("practicetopcnrelationshipenddate",), 9),
    "match": (("practiceccgandpcnccgmatch", "practicesubicblocationandpcnsubicblocationmatch"),
              10),
}


def _sheet(sheets: Mapping[str, Any], wanted: str, path: _PathLike) -> Any:
    for name, frame in sheets.items():
        if _norm(name) == _norm(wanted):
            return frame
    raise ValueError(f"{path}: no sheet {wanted!r} (sheets: {', '.join(map(str, sheets))}); "
                     "is this an ODS ePCN file?")


def _columns(sheet: Any, spec: Mapping[str, tuple[tuple[str, ...], int]]) -> pd.DataFrame:
    """The sheet's columns named by ``spec``, found by heading (in any of the first rows) or,
    without headings, by position in the specification."""
    pd = require_pandas()
    sheet = sheet.dropna(how="all").dropna(axis=1, how="all").reset_index(drop=True)
    header = None
    for i in range(min(5, len(sheet))):
        if "pcncode" in {_norm(v) for v in sheet.iloc[i]}:
            header = i
            break
    out = {}
    if header is None:
        body = sheet
        for column, (_, position) in spec.items():
            out[column] = body.iloc[:, position] if position < body.shape[1] else None
    else:
        headings = [_norm(v) for v in sheet.iloc[header]]
        body = sheet.iloc[header + 1:]
        for column, (names, position) in spec.items():
            found = [i for i, h in enumerate(headings) if h in names]
            if not found:  # a variant heading: take the specification's position
                found = [position] if position < body.shape[1] else []
            out[column] = body.iloc[:, found[0]] if found else None
    return pd.DataFrame({k: (_clean(v).to_numpy() if v is not None else [None] * len(body))
                         for k, v in out.items()}, dtype=object)


def _read_epcn_sheets(path: _PathLike) -> tuple[pd.DataFrame, pd.DataFrame]:
    pd = require_pandas()
    os.fspath(path)  # a path of the wrong type is a TypeError naming it, not pandas' ValueError
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str)
    except ImportError as exc:
        raise ImportError("reading the ePCN spreadsheet needs openpyxl: pip install openpyxl"
                          ) from exc
    details = _columns(_sheet(sheets, "PCN Details", path), _DETAILS)
    partners = _columns(_sheet(sheets, "PCN Core Partner Details", path), _PARTNERS)
    for frame, names in ((details, ("code", "commissioner")),
                         (partners, ("practice", "code", "practice_commissioner"))):
        for name in names:
            frame[name] = _codes(frame[name])
    return (details[details["code"].notna()].reset_index(drop=True),
            partners[partners["practice"].notna() & partners["code"].notna()]
            .reset_index(drop=True))


def read_epcn(path: _PathLike, model: Model | None = None, *,
              all_networks: bool = False) -> Model:
    """Primary care networks and their member practices from the ODS ePCN spreadsheet.

    Adds, in one bulk call each:

    - each network of tab "PCN Details" as an organisation (``kind="network"``,
      ``legal_form="unincorporated"``, id = PCN code), dated by its open/close dates, with
      attributes ``commissioner`` (the lead CCG code), ``commissioner_name``, ``postcode``,
      ``address``;
    - each row of tab "PCN Core Partner Details" as a ``member_of`` relation practice ->
      network, dated by the relationship's start/end, with ``ods_relationship="RE8"`` and
      ``cross_boundary`` (the practice's CCG is not the network's lead CCG);
    - for each network, a ``network_agreement`` contract ``<PCN code>/network-agreement``
      whose parties (role ``party``) are its member practices, dated like the network.

    With ``model``, only the networks with at least one partner practice in the model are
    added (the others are reported as ``networks_outside_model``), unless ``all_networks=True``
    adds every network of the file; only practices already in the model are linked, and the
    partners of the added networks that are not are reported (``practices_not_in_model``),
    never dropped silently. Without ``model``, a new model is made with every network and a
    bare practice (name, ``commissioner`` attribute) for each partner code.

    Returns ``model`` extended (all or nothing), or a new model; its ``nhs_reports["epcn"]``
    lists ``networks_outside_model``, ``practices_not_in_model``, ``networks_not_in_details``,
    ``networks_without_members``, ``bad_dates``, ``already_in_model``. One summary line is
    logged at INFO.
    """
    pd = require_pandas()
    details, partners = _read_epcn_sheets(path)
    report = ImportReport("epcn", os.fspath(path), rows=len(details) + len(partners))
    duplicated = details["code"][details["code"].duplicated()]
    if len(duplicated):
        raise ValueError(f"{path}: PCN codes given twice: "
                         + ", ".join(sorted(set(duplicated))[:10]))
    work, existing = _start(model, "NHS primary care networks (ODS ePCN)")

    agreement = details["code"] + "/network-agreement"
    present = details["code"].isin(existing) | agreement.isin(existing)
    report._note("already_in_model", details["code"][present])
    report._note("networks_not_in_details", partners["code"][~partners["code"].isin(
        list(details["code"]))])
    partners = partners[partners["code"].isin(list(details["code"][~present]))]
    details = details[~present].reset_index(drop=True)

    if model is None:
        stubs = partners.drop_duplicates("practice")
        work.add_nodes_from({
            "id": _objects(stubs["practice"]), "name": _objects(stubs["practice_name"]),
            "kind": ["practice"] * len(stubs),
            "commissioner": _objects(stubs["practice_commissioner"]),
        }, type="organisation", attrs=["commissioner"])
        report.added["practices"] = len(stubs)
    else:
        known = partners["practice"].isin(list(work.ids("organisation")))
        if not all_networks:
            reached = details["code"].isin(list(partners["code"][known]))
            report._note("networks_outside_model", details["code"][~reached])
            details = details[reached].reset_index(drop=True)
            inside = partners["code"].isin(list(details["code"]))
            partners, known = partners[inside], known[inside]
        report._note("practices_not_in_model", partners["practice"][~known])
        partners = partners[known]
    partners = partners.reset_index(drop=True)

    start, end, bad_network = _span(details["open_date"], details["close_date"])
    joined, left, bad_member = _span(partners["start"], partners["end"])
    report._note("bad_dates", list(details["code"][bad_network])
                 + list(partners["practice"][bad_member]))
    address = details[["address_1", "address_2", "address_3", "address_4", "address_5"]].apply(
        lambda r: ", ".join(v for v in r if v) or None, axis=1) if len(details) else []
    work.add_nodes_from({
        "id": _objects(details["code"]),
        "name": _objects(details["name"]),
        "kind": ["network"] * len(details),
        "legal_form": ["unincorporated"] * len(details),
        "start": _objects(start),
        "end": _objects(end),
        "commissioner": _objects(details["commissioner"]),
        "commissioner_name": _objects(details["commissioner_name"]),
        "postcode": _objects(details["postcode"]),
        "address": _objects(pd.Series(address, dtype=object)),
    }, type="organisation", attrs=["commissioner", "commissioner_name", "postcode", "address"])
    match = _each(partners["match"], lambda v: None if v is None else {
        "true": False, "false": True}.get(v.lower()))
    work.add_relations_from({
        "kind": ["member_of"] * len(partners),
        "source": _objects(partners["practice"]),
        "target": _objects(partners["code"]),
        "start": _objects(joined),
        "end": _objects(left),
        "ods_relationship": ["RE8"] * len(partners),
        "cross_boundary": _objects(match),
    }, attrs=["ods_relationship", "cross_boundary"])

    members = partners.groupby("code")["practice"].agg(lambda s: sorted(set(s))).to_dict()
    report._note("networks_without_members", details["code"][~details["code"].isin(
        list(members))])
    signed = details["code"].isin(list(members))
    agreed = details[signed]
    contracts = len(agreed)
    work.add_contracts_from({
        "id": _objects(agreed["code"] + "/network-agreement"),
        "kind": ["network_agreement"] * contracts,
        "name": _objects(agreed["name"].fillna(agreed["code"]) + " network agreement"),
        "party": _objects(agreed["code"].map(members)),
        "start": _objects(start[signed]),
        "end": _objects(end[signed]),
    })
    report.kept = len(details) + len(partners)
    report.added.update({"networks": len(details), "member_of relations": len(partners),
                         "network agreements": contracts})
    return _finish(model, work, report, f"NHS ODS primary care networks: {Path(path).name}")


# -- list sizes --------------------------------------------------------------------------------


_CODE_HEADINGS = ("code", "practicecode", "orgcode", "organisationcode", "gppracticecode",
                  "praccode", "practice")
_COUNT_HEADINGS = ("numberofpatients", "totalall", "listsize", "patients", "totalpatients",
                   "numberofpatientsall", "registeredpatients")


def read_list_size_table(path: _PathLike) -> pd.Series:
    """Patients registered at each practice, from an NHS Digital "Patients Registered at a GP
    Practice" csv (``gp-reg-pat-prac-all.csv``), as a Series code -> patients (int64, index
    ``code``, name ``list_size``).

    The code column is found by heading (``CODE``, ``PRACTICE_CODE``, ``ORG_CODE``...) and the
    count by ``NUMBER_OF_PATIENTS`` (or ``TOTAL_ALL``, ``LIST_SIZE``...); a two-column file
    without headings is read as code, count. Rows broken down by sex or age (columns ``SEX``,
    ``AGE`` not ``ALL``) and rows of other organisation types (``TYPE``/``ORG_TYPE`` not ``GP``)
    are left out. ``.attrs`` holds ``extract_date`` (ISO, when the file gives one) and
    ``bad_counts`` (codes whose count is not a number, left out). A code given twice is an
    error. One summary line is logged at INFO.
    """
    table = _list_size_table(path)
    bad = table.attrs["bad_counts"]
    log.info("list sizes %s: %d practices%s", os.path.basename(os.fspath(path)), len(table),
             f", {len(bad)} codes without a patient count (in .attrs['bad_counts'])"
             if bad else "")
    return table


def _list_size_table(path: _PathLike) -> pd.Series:
    """:func:`read_list_size_table` without its log line (for the importers that log their
    own)."""
    pd = require_pandas()
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(_read_text(path), newline=""))
            if any(map(str.strip, r))]
    if not rows:
        raise ValueError(f"{path}: empty file")
    headings = [_norm(h) for h in rows[0]]
    code_at = next((headings.index(h) for h in _CODE_HEADINGS if h in headings), None)
    count_at = next((headings.index(h) for h in _COUNT_HEADINGS if h in headings), None)
    if code_at is None or count_at is None:
        filled = [sum(1 for c in r if c) for r in rows[:5]]
        if all(n == 2 for n in filled) and re.fullmatch(r"\d+", rows[0][1]):
            code_at, count_at, body = 0, 1, rows
        else:
            raise ValueError(f"{path}: no practice code and patient count columns among "
                             f"{rows[0]} (expected e.g. CODE and NUMBER_OF_PATIENTS)")
    else:
        body = rows[1:]
    width = max(len(r) for r in rows)
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in body], dtype=object)
    keep = pd.Series(True, index=frame.index)
    if body is not rows:
        for heading, value in (("sex", "ALL"), ("age", "ALL"), ("type", "GP"),
                               ("orgtype", "GP")):
            if heading in headings:
                keep &= frame[headings.index(heading)].str.upper().isin([value, ""])
    frame = frame[keep]
    codes = _codes(frame[code_at])
    counts = pd.to_numeric(frame[count_at].str.replace(",", ""), errors="coerce")
    good = codes.notna() & counts.notna()
    bad = sorted(set(codes[codes.notna() & counts.isna()]))
    twice = codes[good][codes[good].duplicated()]
    if len(twice):
        raise ValueError(f"{path}: practice codes given twice: "
                         + ", ".join(sorted(set(twice))[:10]))
    table = pd.Series(counts[good].astype("int64").to_numpy(),
                      index=pd.Index(codes[good].to_numpy(dtype=object), name="code"),
                      name="list_size")
    table.attrs["bad_counts"] = bad
    if body is not rows and "extractdate" in headings:
        days = pd.to_datetime(frame[headings.index("extractdate")].str.strip(),
                              format="%d%b%Y", errors="coerce").dropna().unique()
        if len(days) == 1:
            table.attrs["extract_date"] = pd.Timestamp(days[0]).strftime("%Y-%m-%d")
    return table


@overload
def read_list_sizes(path: _PathLike, model: None = None) -> pd.Series: ...
@overload
def read_list_sizes(path: _PathLike, model: Model) -> Model: ...


def read_list_sizes(path: _PathLike, model: Model | None = None) -> Any:
    """Set each practice's ``list_size`` from a "Patients Registered at a GP Practice" csv.

    With ``model``, every organisation of the model whose id is a code in the file gets the
    file's count as its ``list_size`` **from the file's extract date** (:meth:`Model.set`, in
    one all-or-nothing call): the model is changed in place and returned. Earlier values stay
    in the field's history, so reading two files of different months gives a model with both,
    and every query as of a day uses the count in force then. Without ``model``, returns
    :func:`read_list_size_table`'s Series.

    Cheaper when building from scratch: ``read_epraccur(path, list_sizes=table)`` sets list
    sizes as the practices are created.

    ``model.nhs_reports["list_sizes"]`` lists ``not_in_model`` (codes in the file that are no
    organisation of the model), ``practices_without_list_size`` (practices of the model not in
    the file) and ``bad_counts``.
    """
    if model is None:
        return read_list_size_table(path)
    if not isinstance(model, Model):
        raise TypeError(f"model must be a govgraph.Model, not {type(model).__name__}")
    table = _list_size_table(path)
    day = table.attrs.get("extract_date")
    report = ImportReport("list_sizes", os.fspath(path), rows=len(table))
    orgs = model.nodes_frame(type="organisation")
    org_ids = orgs["id"] if len(orgs) else []
    keep = table.index.isin(org_ids)
    model.set_from({"id": table.index[keep].to_numpy(),
                    "list_size": table.to_numpy()[keep]}, on=day)
    report.kept = int(keep.sum())
    report._note("not_in_model", table.index[~keep])
    practices = orgs[orgs["kind"] == "practice"]["id"] if "kind" in orgs else orgs.get("id", [])[:0]
    report._note("practices_without_list_size", practices[~practices.isin(table.index)])
    report._note("bad_counts", table.attrs.get("bad_counts", []))
    report.added = {"list sizes": report.kept}
    source = f"NHS Digital patients registered at a GP practice: {Path(path).name}"
    if source not in model.sources:  # read again: the same source, not a second one
        model.sources = [*model.sources, source]
    setattr(model, "nhs_reports", {  # noqa: B010 - Model declares no such attribute
        **(getattr(model, "nhs_reports", None) or {}), "list_sizes": report})
    report._log()
    return model
