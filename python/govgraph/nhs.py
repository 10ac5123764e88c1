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
    "ICB_ERA",
    "NHS_ENGLAND",
    "ODS_COLUMNS",
    "ImportReport",
    "read_commissioners",
    "read_epcn",
    "read_epraccur",
    "read_epraccur_frame",
    "read_list_size_table",
    "read_icb_lookup",
    "read_list_sizes",
    "read_successors",
    "read_trusts",
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
# The newer ODS export (2024 on) spells the status out; INACTIVE is the old C (closed).
_STATUS_WORDS = {"ACTIVE": "A", "INACTIVE": "C", "DORMANT": "D", "PROPOSED": "P"}
# Clinical commissioning groups were abolished and ICBs established on 2022-07-01 (Health and
# Care Act 2022 ss.14, 19); from then on epraccur's commissioner column holds the practice's
# sub-ICB location and column 4 its ICB.
ICB_ERA = "2022-07-01"
_CODE = re.compile(r"[A-Z0-9]{3,10}")
_YYYYMMDD = re.compile(r"\d{8}")


@dataclass
class ImportReport:
    """What an importer read, what it added, and what it could not match.

    ``unmatched`` maps a category (e.g. ``"practices_not_in_model"``) to the sorted codes in it;
    empty categories are left out; ``counts`` gives their sizes. docs/nhs.md lists each
    importer's categories. :meth:`summary` is the one line logged for the import; ``str()``
    adds a line per category with its first codes.
    """

    importer: str
    path: str
    rows: int = 0
    kept: int = 0
    added: dict[str, int] = field(default_factory=dict)
    unmatched: dict[str, list[str]] = field(default_factory=dict)
    #: The day the file describes, where it says (a list's extract date), or the newest date
    #: it holds (ODS extracts carry none of their own: a lower bound on the extract's day).
    as_of: str | None = None
    #: The file's format, where an importer reads several (epraccur: "classic" or "2024").
    format: str | None = None
    #: read_successors: the successions whose predecessor is in the model (a DataFrame).
    successions: Any = None

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
    if raw[:4] == b"PK\x03\x04":  # a zip: a spreadsheet, not a csv (found in review)
        raise ValueError(f"{path}: is a spreadsheet (xlsx), not the csv extract this importer "
                         "reads")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not text (byte {exc.start} is neither UTF-8 nor "
                             "Windows-1252): is this the csv extract?") from None


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


def _read_excel(path: Any, what: str, **options: Any) -> Any:
    """``pandas.read_excel`` with python-calamine when it is installed (about 7 times faster
    than openpyxl on the CQC register: 1.2 s against 8.4 s), else openpyxl; the same cells
    either way. Neither installed is an ImportError saying what to install."""
    pd = require_pandas()
    try:
        import python_calamine  # noqa: F401
        engine = "calamine"
    except ImportError:
        engine = "openpyxl"
    try:
        return pd.read_excel(path, engine=engine, **options)
    except ImportError as exc:
        raise ImportError(f"reading the {what} spreadsheet needs python-calamine or openpyxl: "
                          "pip install python-calamine") from exc
    except (OSError, TypeError):
        raise
    except Exception as exc:  # the engines' own errors (CalamineError, BadZipFile...)
        raise ValueError(f"{path}: not a spreadsheet pandas can read as the {what} file "
                         f"({type(exc).__name__}: {exc})") from None


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
    for column in ("code", "commissioner", "provider_purchaser", "status",
                   "high_level_health_geography", "prescribing_setting"):
        frame[column] = _codes(frame[column])
    words = frame["status"].isin(list(_STATUS_WORDS))
    newer = bool(len(frame)) and words.mean() > 0.5
    if newer:
        frame["status"] = _each(frame["status"], lambda v: _STATUS_WORDS.get(v, v))
    odd = frame["status"].notna() & ~frame["status"].isin(list(_STATUS))
    if len(frame) and odd.mean() > 0.5:
        raise ValueError(f"{path}: column 13 holds {frame['status'][odd].iloc[0]!r}, not a "
                         "status code (A, C, D, P, or ACTIVE, INACTIVE, DORMANT): is this an "
                         "ODS epraccur extract?")
    frame.attrs["format"] = "2024" if newer else "classic"
    frame.attrs["extract_date"] = _newest_date(
        frame, ("open_date", "close_date", "join_date", "left_date"))
    return frame


def _newest_date(frame: pd.DataFrame, columns: tuple[str, ...]) -> str | None:
    """The newest ISO date in ``columns`` of an ODS frame (dates YYYYMMDD): a lower bound on
    when the file was extracted, since ODS extracts carry no date of their own."""
    newest = None
    for column in columns:
        d, _ = _dates(frame[column])
        if d.notna().any():
            top = d.max().strftime("%Y-%m-%d")
            newest = top if newest is None or top > newest else newest
    return newest


def _is_gp_practice(setting: str | None) -> bool:
    """Prescribing setting 4 (classic format) or ODS role RO76, GP practice (the newer format,
    where the column holds role codes, several joined by ``|``)."""
    if setting is None:
        return False
    return setting in ("4", "4.0") or "RO76" in setting.split("|")


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
    icb_era: bool | None = None,
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

    Both export formats are read: the classic one (status A/C/D/P, prescribing setting 4 = GP
    practice) and the newer one of 2024 on (status ACTIVE/INACTIVE/DORMANT, INACTIVE read as
    C; role code RO76 = GP practice in the same column, kept as attribute ``ods_role``); the
    report's ``format`` says which. ODS extracts carry no date: ``report.as_of`` is the newest
    date the file holds. ``icb_era`` (default: that date is on or after 2022-07-01, when ICBs
    replaced CCGs) reads the commissioner column as the practice's sub-ICB location and column
    4 as its ICB: the practices get attributes ``icb`` and ``sub_icb_location``; each sub-ICB
    location is a commissioner with ``ods_role="sub_icb_location"`` and no legal form (it is
    part of its ICB, not a body of its own), ``accountable_to`` its ICB (``basis="part_of"``,
    from 2022-07-01); each ICB an organisation (``kind="commissioner"``,
    ``legal_form="statutory_body"``, ``ods_role="icb"``) unless the model holds it.

    ``active_only`` keeps status A; ``gp_practices_only`` keeps prescribing setting 4 (RO76);
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
    raw = read_epraccur_frame(path)
    report = ImportReport("epraccur", os.fspath(path), rows=len(raw))
    duplicated = raw["code"][raw["code"].duplicated()]
    if len(duplicated):
        raise ValueError(f"{path}: practice codes given twice: "
                         + ", ".join(sorted(set(duplicated))[:10]))
    keep = raw["code"].notna()
    if active_only:
        keep &= raw["status"] == "A"
    gp = _each(raw["prescribing_setting"], _is_gp_practice).astype(bool)
    extract = raw.attrs["extract_date"]
    icb_era = (extract is not None and extract >= ICB_ERA) if icb_era is None else bool(icb_era)
    report.as_of = extract
    report.format = raw.attrs["format"]
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
        "ods_role": _objects(_each(df["prescribing_setting"],
                                   lambda v: v if v is not None and v.startswith("RO") else None)),
        "sub_type": _objects(df["sub_type"]),
        "national_grouping": _objects(df["national_grouping"]),
        "high_level_health_geography": _objects(df["high_level_health_geography"]),
        "commissioner": _objects(df["commissioner"]),
        "telephone": _objects(df["telephone"]),
    }
    if icb_era:
        practices["icb"] = _objects(df["high_level_health_geography"])
        practices["sub_icb_location"] = _objects(df["commissioner"])
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
    icbs: list[str] = []
    if icb_era:  # sub-ICB locations: parts of their ICB, not bodies of their own
        icb_of = (df[linked].drop_duplicates("commissioner")
                  .set_index("commissioner")["high_level_health_geography"])
        icbs = sorted({c for c in icb_of.dropna()} - existing - set(new_ccgs))
        work.add_nodes_from({
            "id": _objects(icbs), "kind": ["commissioner"] * len(icbs),
            "legal_form": ["statutory_body"] * len(icbs),
            "ods_role": ["icb"] * len(icbs),
        }, type="organisation", attrs=["ods_role"])
        work.add_nodes_from({
            "id": _objects(new_ccgs), "kind": ["commissioner"] * len(new_ccgs),
            "ods_role": ["sub_icb_location"] * len(new_ccgs),
            "icb": _objects(icb_of.reindex(new_ccgs)),
        }, type="organisation", attrs=["ods_role", "icb"])
        parts = [c for c in new_ccgs if icb_of.get(c) is not None]
        work.add_relations_from({
            "kind": ["accountable_to"] * len(parts), "source": _objects(parts),
            "target": _objects(icb_of.reindex(parts)), "start": [ICB_ERA] * len(parts),
            "basis": ["part_of"] * len(parts),
        }, attrs=["basis"])
    else:
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
                    "commissioners": len(new_ccgs), "ICBs": len(icbs),
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
    os.fspath(path)  # a path of the wrong type is a TypeError naming it, not pandas' ValueError
    sheets = _read_excel(path, "ePCN", sheet_name=None, header=None, dtype=str)
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


# -- the ICB era: NHS England, regions, ICBs, sub-ICB locations --------------------------------

#: NHS England's ODS code and name. It commissions primary medical services and, from
#: 2022-07-01, has delegated that to every ICB (NHS Act 2006 s.65Z5).
NHS_ENGLAND = ("X24", "NHS England")

#: The columns of the other ODS extracts read here (eccg, etr): the layout of epraccur's first
#: 12 columns, then the role codes (column 14 of eccg), the telephone (18) and etr's
#: government office region code (24); ``null_*`` columns are empty.
ODS_COLUMNS: tuple[str, ...] = (
    "code", "name", "national_grouping", "high_level_health_geography",
    "address_1", "address_2", "address_3", "address_4", "address_5", "postcode",
    "open_date", "close_date", "null_1", "roles", "null_2", "null_3", "null_4", "telephone",
    "null_5", "null_6", "null_7", "amended", "null_8", "gor_code", "null_9", "null_10",
    "null_11",
)

_ODS_ROLE = {"RO319": "sub_icb_location", "RO327": "sub_icb_reporting_entity",
             "RO218": "commissioning_hub", "RO98": "ccg"}


def _ods_frame(path: _PathLike, what: str) -> pd.DataFrame:
    """An ODS 27-column extract (eccg, etr) as a frame with :data:`ODS_COLUMNS`, text, None for
    blanks; a row of another width, or a first column that is not a code, is an error naming
    the line."""
    pd = require_pandas()
    width = len(ODS_COLUMNS)
    rows: list[list[str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(_read_text(path), newline="")), 1):
        row = [c.strip() for c in row]
        if not any(row):
            continue
        if len(row) != width and not (len(row) > width and not any(row[width:])):
            raise ValueError(f"{path}: line {number} has {len(row)} columns, expected {width} "
                             f"(is this an ODS {what} extract?)")
        if not _CODE.fullmatch(row[0].upper()):
            raise ValueError(f"{path}: line {number}: {row[0][:20]!r} is not an ODS code "
                             f"(is this an ODS {what} extract?)")
        rows.append(row[:width])
    frame = pd.DataFrame(rows, columns=list(ODS_COLUMNS), dtype=object)
    frame = pd.DataFrame({c: _clean(frame[c]) for c in frame.columns}, dtype=object)
    for column in ("code", "roles", "national_grouping", "high_level_health_geography"):
        frame[column] = _codes(frame[column])
    duplicated = frame["code"][frame["code"].duplicated()]
    if len(duplicated):
        raise ValueError(f"{path}: codes given twice: " + ", ".join(sorted(set(duplicated))[:10]))
    return frame


#: What the names of each ODS extract's bodies say they are: every row of etr-2024 names a
#: TRUST and none of eccg-2024 does; every row of eccg-2024 names a CCG, an ICB, a hub or
#: commissioning. The two files have the same 27 columns, so the names tell them apart.
_ODS_NAMES = {
    "NHS trust (etr)": re.compile(r"\bTRUST\b", re.I),
    "commissioner (eccg)": re.compile(r"\bCCG\b|\bICB\b|COMMISSIONING|\bHUB\b|NHS ENGLAND",
                                      re.I),
}


def _ods_import(path: _PathLike, model: Model | None, importer: str, what: str,
                name: str) -> tuple[pd.DataFrame, ImportReport, Model, set[str]]:
    """The start of an ODS extract's import: the frame without the codes the model holds
    (reported as ``already_in_model``), the report (``as_of`` the newest date), the working
    copy and the ids it holds. A file most of whose names are not of the bodies it should
    hold (an eccg given to read_trusts) is an error naming one, never an import of the wrong
    bodies (found in review)."""
    df = _ods_frame(path, what)
    looks = df["name"].fillna("").str.contains(_ODS_NAMES[what])
    if len(df) and looks.sum() * 2 < len(df):
        odd = df["name"][~looks].iloc[0]
        raise ValueError(f"{os.fspath(path)}: {int((~looks).sum())} of {len(df)} rows do not "
                         f"look like rows of the ODS {what} extract (e.g. {odd!r}, line "
                         f"{int((~looks).to_numpy().argmax()) + 1}): is this that file?")
    report = ImportReport(importer, os.fspath(path), rows=len(df))
    report.as_of = _newest_date(df, ("open_date", "close_date"))
    work, existing = _start(model, name)
    present = df["code"].isin(existing)
    report._note("already_in_model", df["code"][present])
    df = df[~present].reset_index(drop=True)
    report.kept = len(df)
    return df, report, work, existing


def _address(df: pd.DataFrame) -> Any:
    return df[["address_1", "address_2", "address_3", "address_4", "address_5"]].apply(
        lambda r: ", ".join(v for v in r if v) or None, axis=1) if len(df) else df["name"]


def _new_links(work: Model, kind: str, sources: list[str], targets: list[str]) -> list[bool]:
    """Which (source, target) pairs the model does not already join by a stated ``kind``
    relation (read once, in bulk), so that reading two files does not state a link twice."""
    have = work.relations_frame(kind=kind)
    held = set(zip(have["source"], have["target"])) if len(have) else set()
    return [(a, b) not in held for a, b in zip(sources, targets)]


def _read_sheet_columns(path: _PathLike, wanted: Mapping[str, tuple[str, ...]],
                        what: str) -> pd.DataFrame:
    """The first sheet of a spreadsheet, with the columns of ``wanted`` (name -> headings it
    may have, normalised) found by heading; a missing one is an error naming it."""
    pd = require_pandas()
    os.fspath(path)
    sheet = _read_excel(path, what, sheet_name=0, dtype=str)
    headings = {_norm(c): c for c in sheet.columns}
    out = {}
    for name, options in wanted.items():
        found = [headings[o] for o in options if o in headings]
        if not found:
            raise ValueError(f"{path}: no column for {name} (a heading such as "
                             f"{options[0]!r}, in any case and spacing; columns: "
                             f"{', '.join(map(str, sheet.columns))}); is this the {what}?")
        out[name] = _clean(sheet[found[0]]).to_numpy()
    frame = pd.DataFrame(out, dtype=object)
    return frame.dropna(how="all").reset_index(drop=True)


_LOOKUP = {
    "sub_icb": ("subicblocationodscode", "subicblocationcode", "subicbcode"),
    "sub_icb_name": ("subicblocationname", "subicbname"),
    "icb": ("icbcode", "icbodscode"),
    "icb_name": ("integratedcareboardname", "icbname"),
    "region": ("regioncode", "commissioningregioncode"),
    "region_name": ("regionname", "commissioningregionname"),
}


def read_icb_lookup(path: _PathLike, model: Model | None = None, *,
                    established: str = ICB_ERA) -> Model:
    """The ICB-era commissioning structure from NHS England's sub-ICB location → ICB → region
    lookup (``subicb-icb-lookup-2022-07.xlsx``).

    Adds, unless the model holds them already (then only their missing names and links):

    - NHS England (:data:`NHS_ENGLAND`: ``kind="commissioner"``,
      ``legal_form="statutory_body"``);
    - each commissioning region (id = region code, e.g. ``Y58``) as a commissioner with
      ``ods_role="commissioning_region"`` and no legal form: a region is part of NHS England
      (``accountable_to`` it, ``basis="part_of"``), not a body of its own;
    - each ICB (id = ICB code, e.g. ``QOX``; ``kind="commissioner"``,
      ``legal_form="statutory_body"``, ``ods_role="icb"``, ``region``, ``start=established``):
      a body corporate established by the Health and Care Act 2022 (NHS Act 2006 s.14Z25) on
      2022-07-01, ``accountable_to`` NHS England (``basis="statutory_oversight"``: NHS Act 2006
      s.14Z59–14Z61) and delegated to by it: ``delegates`` NHS England → ICB from
      ``established`` (primary medical services commissioning, s.65Z5);
    - each sub-ICB location (id = its ODS code, which was its CCG's: e.g. ``92G``) as a
      commissioner with ``ods_role="sub_icb_location"``, ``icb`` and no legal form,
      ``accountable_to`` its ICB (``basis="part_of"``) from ``established``.

    The lookup carries no dates: ``established`` (default 2022-07-01) dates the ICBs and their
    links; ``report.as_of`` is that day. Returns ``model`` extended (all or nothing), or a new
    model; ``nhs_reports["icb_lookup"]`` lists ``already_in_model``; a sub-ICB location listed
    under two ICBs is an error.
    """
    lookup = _read_sheet_columns(path, _LOOKUP, "sub-ICB location to ICB lookup")
    for column in ("sub_icb", "icb", "region"):
        lookup[column] = _codes(lookup[column])
    lookup = lookup[lookup["sub_icb"].notna()].reset_index(drop=True)
    report = ImportReport("icb_lookup", os.fspath(path), rows=len(lookup), as_of=established)
    twice = lookup.drop_duplicates(["sub_icb", "icb"])["sub_icb"]
    if twice.duplicated().any():
        raise ValueError(f"{path}: sub-ICB locations under two ICBs: "
                         + ", ".join(sorted(set(twice[twice.duplicated()]))[:10]))
    missing = lookup[lookup["icb"].isna() | lookup["region"].isna()]
    if len(missing):
        raise ValueError(f"{path}: sub-ICB location {missing['sub_icb'].iloc[0]} has no ICB or "
                         "region code")
    work, existing = _start(model, "NHS England commissioning: ICBs (ODS lookup)")
    nhse, nhse_name = NHS_ENGLAND
    regions = lookup.drop_duplicates("region")
    icbs = lookup.drop_duplicates("icb")
    report.kept = len(lookup)
    report._note("already_in_model", [c for c in [nhse, *regions["region"], *icbs["icb"],
                                                  *lookup["sub_icb"]] if c in existing])

    def new(frame: pd.DataFrame, column: str) -> pd.DataFrame:
        return frame[~frame[column].isin(existing)].reset_index(drop=True)

    def title(names: Any) -> Any:
        return _objects(_each(pd.Series(names), lambda v: v.title().replace("Nhs", "NHS")
                              .replace("Icb", "ICB") if v else None))

    pd = require_pandas()
    if nhse not in existing:
        work.add_nodes_from({"id": [nhse], "name": [nhse_name], "kind": ["commissioner"],
                             "legal_form": ["statutory_body"]}, type="organisation")
    r = new(regions, "region")
    work.add_nodes_from({
        "id": _objects(r["region"]), "name": title(r["region_name"]),
        "kind": ["commissioner"] * len(r), "ods_role": ["commissioning_region"] * len(r),
    }, type="organisation", attrs=["ods_role"])
    i = new(icbs, "icb")
    work.add_nodes_from({
        "id": _objects(i["icb"]), "name": title(i["icb_name"]),
        "kind": ["commissioner"] * len(i), "legal_form": ["statutory_body"] * len(i),
        "start": [established] * len(i), "ods_role": ["icb"] * len(i),
        "region": _objects(i["region"]),
    }, type="organisation", attrs=["ods_role", "region"])
    s = new(lookup, "sub_icb")
    work.add_nodes_from({
        "id": _objects(s["sub_icb"]), "name": title(s["sub_icb_name"]),
        "kind": ["commissioner"] * len(s), "ods_role": ["sub_icb_location"] * len(s),
        "icb": _objects(s["icb"]),
    }, type="organisation", attrs=["ods_role", "icb"])
    # Names for nodes an earlier import made without one (epraccur gives codes only).
    nodes = work.nodes_frame(type="organisation")
    unnamed = (set(nodes["id"][nodes["name"].isna() | (nodes["name"] == "")])
               if len(nodes) else set())
    names = {**dict(zip(regions["region"], title(regions["region_name"]))),
             **dict(zip(icbs["icb"], title(icbs["icb_name"]))),
             **dict(zip(lookup["sub_icb"], title(lookup["sub_icb_name"])))}
    fill = sorted(c for c in unnamed if names.get(c))
    if fill:
        work.set_from({"id": fill, "name": [names[c] for c in fill]}, on=None)

    added: dict[str, int] = {}
    for kind, basis, src, dst, start in (
            ("accountable_to", "part_of", list(regions["region"]), [nhse] * len(regions), None),
            ("accountable_to", "statutory_oversight", list(icbs["icb"]), [nhse] * len(icbs),
             established),
            ("delegates", None, [nhse] * len(icbs), list(icbs["icb"]), established),
            ("accountable_to", "part_of", list(lookup["sub_icb"]), list(lookup["icb"]),
             established)):
        keep = _new_links(work, kind, src, dst)
        src = [a for a, k in zip(src, keep) if k]
        dst = [b for b, k in zip(dst, keep) if k]
        columns: dict[str, Any] = {"kind": [kind] * len(src), "source": src, "target": dst,
                                   "start": [start] * len(src)}
        attrs = []
        if basis:
            columns["basis"] = [basis] * len(src)
            attrs = ["basis"]
        work.add_relations_from(columns, attrs=attrs)
        label = f"{kind} ({basis})" if basis else kind
        added[label] = added.get(label, 0) + len(src)
    report.added = {"regions": len(r), "ICBs": len(i), "sub-ICB locations": len(s),
                    "names": len(fill), **added}
    return _finish(model, work, report, f"NHS England sub-ICB to ICB lookup: {Path(path).name}")


def read_commissioners(path: _PathLike, model: Model | None = None) -> Model:
    """Commissioners from the ODS commissioner extract (``eccg.csv``): CCGs (all closed by
    2022-07-01), sub-ICB locations, sub-ICB reporting entities and NHS England's
    commissioning hubs, read by their role codes (column 14).

    Each is an organisation (``kind="commissioner"``, id = ODS code) dated by its open/close
    dates (end = close + 1 day), with ``ods_role`` (``ccg`` when no role is given — every such
    row is a CCG closed by 2022 — ``sub_icb_location`` RO319, ``sub_icb_reporting_entity``
    RO327, ``commissioning_hub`` RO218), ``ods_roles`` (the codes as given), ``icb`` (column 4,
    the ICB the body sits in), ``region`` (column 3), ``postcode``, ``address``. A CCG was a
    body corporate (NHS Act 2006 s.14D): ``legal_form="statutory_body"``. A sub-ICB location
    or reporting entity is part of its ICB and has no legal form; it is ``accountable_to`` its
    ICB (``basis="part_of"``, from 2022-07-01) when the model holds the ICB
    (:func:`read_icb_lookup` first). A sub-ICB location keeps its CCG's code and open date: its
    node is one, with no legal form (a model dated before 2022-07-01 reads the CCGs from an
    epraccur of the time). Rows the model already holds are left as they are
    (``already_in_model``); ``icbs_not_in_model`` lists the ICB codes it could not link to.
    """
    df, report, work, existing = _ods_import(path, model, "commissioners", "commissioner (eccg)",
                                             "NHS commissioners (ODS eccg)")

    def role(codes: str | None) -> str:
        for c in (codes or "").split("|"):
            if c in _ODS_ROLE:
                return _ODS_ROLE[c]
        return "ccg" if not codes else "other"

    roles = _each(df["roles"], role)
    start, end, bad = _span(df["open_date"], df["close_date"])
    report._note("bad_dates", df["code"][bad])
    ccg = roles == "ccg"
    work.add_nodes_from({
        "id": _objects(df["code"]), "name": _objects(df["name"]),
        "kind": ["commissioner"] * len(df),
        "legal_form": _objects(_each(ccg, lambda c: "statutory_body" if c else None)),
        "start": _objects(start), "end": _objects(end),
        "ods_role": _objects(roles), "ods_roles": _objects(df["roles"]),
        "icb": _objects(df["high_level_health_geography"]),
        "region": _objects(df["national_grouping"]),
        "postcode": _objects(df["postcode"]), "address": _objects(_address(df)),
    }, type="organisation", attrs=["ods_role", "ods_roles", "icb", "region", "postcode",
                                   "address"])
    parts = df[roles.isin(["sub_icb_location", "sub_icb_reporting_entity"])]
    icb_ids = set(work.ids("organisation"))
    linked = parts[parts["high_level_health_geography"].isin(icb_ids)]
    report._note("icbs_not_in_model", parts["high_level_health_geography"][
        ~parts["high_level_health_geography"].isin(icb_ids)].dropna())
    started = [max(ICB_ERA, s or ICB_ERA) for s in start[linked.index]]
    work.add_relations_from({
        "kind": ["accountable_to"] * len(linked), "source": _objects(linked["code"]),
        "target": _objects(linked["high_level_health_geography"]),
        "start": started, "end": _objects(end[linked.index]),
        "basis": ["part_of"] * len(linked),
    }, attrs=["basis"])
    counts = roles.value_counts().to_dict()
    report.added = {f"{k.replace('_', ' ')}s": int(v) for k, v in sorted(counts.items())}
    report.added["accountable_to relations"] = len(linked)
    return _finish(model, work, report, f"NHS ODS commissioners: {Path(path).name}")


def read_trusts(path: _PathLike, model: Model | None = None) -> Model:
    """NHS trusts and foundation trusts from the ODS trust extract (``etr.csv``).

    Each is an organisation (``kind="nhs_trust"``, ``legal_form="statutory_body"``: an NHS
    trust is a body corporate, NHS Act 2006 s.25, and a foundation trust a public benefit
    corporation, s.30), id = ODS code, dated by its open/close dates (end = close + 1 day), with
    ``icb`` (column 4, its ICB or, before 2022, its area team), ``region`` (column 3),
    ``gor_code`` (column 24, the government office region), ``postcode``, ``address``,
    ``telephone``. Trusts already in the model are left as they are (``already_in_model``).
    """
    df, report, work, existing = _ods_import(path, model, "trusts", "NHS trust (etr)",
                                             "NHS trusts (ODS etr)")
    start, end, bad = _span(df["open_date"], df["close_date"])
    report._note("bad_dates", df["code"][bad])
    work.add_nodes_from({
        "id": _objects(df["code"]), "name": _objects(df["name"]),
        "kind": ["nhs_trust"] * len(df), "legal_form": ["statutory_body"] * len(df),
        "start": _objects(start), "end": _objects(end),
        "icb": _objects(df["high_level_health_geography"]),
        "region": _objects(df["national_grouping"]), "gor_code": _objects(df["gor_code"]),
        "postcode": _objects(df["postcode"]), "address": _objects(_address(df)),
        "telephone": _objects(df["telephone"]),
    }, type="organisation", attrs=["icb", "region", "gor_code", "postcode", "address",
                                   "telephone"])
    n_open = int(df["close_date"].isna().sum())
    report.added = {"trusts": len(df), "of them open": n_open}
    return _finish(model, work, report, f"NHS ODS trusts: {Path(path).name}")


def read_successors(path: _PathLike, model: Model | None = None) -> Any:
    """Successions from the ODS successor file (``succ.csv``: predecessor code, successor code,
    reason, effective date, split indicator).

    Without ``model``: a DataFrame of the file (``predecessor``, ``successor``, ``date`` ISO,
    ``split`` bool). With ``model``: each predecessor the model holds in force past its
    succession's effective date (the successor's first day) **ends** on that day (a merger or a
    split ends the predecessor); the model is changed all or nothing and returned. The links
    themselves are ``model.nhs_reports["successors"].successions`` (the file's rows whose
    predecessor is in the model): the file format has no relation kind for succession, and a
    link is not made up as another kind. The report lists ``successors_not_in_model`` and
    ``ended`` (predecessors ended here). A predecessor that cannot end on the
    day (it owes under a contract in force after it: end or novate the contract first) fails
    the import with the model's error naming it, and the model is left as it was.
    """
    pd = require_pandas()
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(_read_text(path), newline="")), 1):
        row = [c.strip() for c in row]
        if not any(row):
            continue
        if len(row) != 5:
            raise ValueError(f"{path}: line {number} has {len(row)} columns, expected 5 "
                             "(is this an ODS successor extract?)")
        if not _YYYYMMDD.fullmatch(row[3]) or row[4] not in ("0", "1"):
            raise ValueError(f"{path}: line {number}: effective date {row[3][:12]!r} or split "
                             f"indicator {row[4][:5]!r} is not YYYYMMDD and 0/1")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["predecessor", "successor", "reason", "date", "split"],
                         dtype=object)
    for column in ("predecessor", "successor"):
        frame[column] = _codes(frame[column])
    day, bad = _dates(frame["date"])
    if bad.any():
        raise ValueError(f"{path}: line {int(bad.to_numpy().argmax()) + 1}: "
                         f"{frame['date'][bad].iloc[0]!r} is not a date")
    frame["date"] = _iso(day)
    frame["split"] = frame["split"] == "1"
    frame = frame[["predecessor", "successor", "date", "split"]]
    if model is None:
        return frame
    if not isinstance(model, Model):
        raise TypeError(f"model must be a govgraph.Model, not {type(model).__name__}")
    report = ImportReport("successors", os.fspath(path), rows=len(frame))
    report.as_of = _newest_date(frame.assign(d=frame["date"].str.replace("-", "")), ("d",))
    work, existing = _start(model, model.name)
    mine = frame[frame["predecessor"].isin(existing)]
    report.kept = len(mine)
    report._note("successors_not_in_model", mine["successor"][~mine["successor"].isin(existing)])
    report.successions = mine.reset_index(drop=True)
    grouped = mine.groupby("predecessor", sort=True).agg(day=("date", "min"))
    nodes = work.nodes_frame()
    ends = {k: v for k, v in zip(nodes["id"], nodes["end"]) if isinstance(v, str)}
    starts = {k: v for k, v in zip(nodes["id"], nodes["start"]) if isinstance(v, str)}
    due = [(c, d) for c, d in grouped["day"].items()
           if (c not in ends or ends[c] > d) and (c not in starts or starts[c] < d)]
    if due:
        work._end_each([c for c, _ in due], [d for _, d in due])
    report._note("ended", [c for c, _ in due])
    report.added = {"successions": len(mine), "predecessors ended": len(due)}
    return _finish(model, work, report, f"NHS ODS successions: {Path(path).name}")
