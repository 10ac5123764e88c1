"""Importer for the Care Quality Commission's register of GP locations and providers
(docs/nhs.md, "CQC providers (gg.cqc)").

:func:`read_providers` reads the CQC spreadsheet of GP locations (one row per registered
location, with its provider's details on the row) and adds each provider (the partnership,
individual, company or NHS body registered to carry on the regulated activity) as an
organisation with its legal form, links it to the practice of each of its locations (matched by
ODS code), gives the practice its provider's legal form, and adds the people CQC names (a
partnership's main partner, a sole trader, the nominated individual) and the brands providers
trade under.

It follows :mod:`govgraph.nhs`: bulk adds only, an :class:`~govgraph.nhs.ImportReport` on
``model.nhs_reports["cqc"]`` listing what did not match, one summary line logged at INFO under
the ``"govgraph.cqc"`` logger, errors naming the file, the row and the column, and a model
extended whole or not at all.

pandas and openpyxl are needed (``pip install pandas openpyxl``).
"""

from __future__ import annotations

import logging
import os
import re
from typing import TYPE_CHECKING, Any

from .frames import require_pandas
from .model import Model
from .nhs import (
    ImportReport,
    _clean,
    _codes,
    _dates,
    _each,
    _finish,
    _iso,
    _norm,
    _objects,
    _PathLike,
    _read_excel,
    _start,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CQC_COLUMNS", "OWNERSHIP_TYPES", "read_providers", "read_providers_frame"]

log = logging.getLogger("govgraph.cqc")

#: The columns read, as ``field: heading in the CQC file``. The first group is required; the
#: headings are matched ignoring case, spaces and punctuation.
CQC_COLUMNS: dict[str, str] = {
    "location_id": "Location ID",
    "ods_code": "Location ODS Code",
    "location_name": "Location Name",
    "dormant": "Dormant (Y/N)",
    "location_start": "Location HSCA start date",
    "commissioner": "Location Commissioning CCG Code",
    "brand_id": "Brand ID",
    "brand_name": "Brand Name",
    "provider_id": "Provider ID",
    "provider_name": "Provider Name",
    "companies_house_number": "Provider Companies House Number",
    "charity_number": "Provider Charity Number",
    "provider_start": "Provider HSCA start date",
    "ownership_type": "Provider Ownership Type",
    "nominated_individual": "Provider Nominated Individual Name",
    "main_partner": "Provider Main Partner Name",
}
_OPTIONAL: dict[str, str] = {
    "publication_date": "Publication Date",
    "postcode": "Location Postal Code",
}

#: CQC's provider ownership types and the legal form each gives (``Organisation``: see
#: :func:`read_providers`).
OWNERSHIP_TYPES: dict[str, str | None] = {
    "Partnership": "partnership",
    "Individual": "sole_trader",
    "Organisation": None,
    "NHS Body": "statutory_body",
}

# Companies House number prefixes that are not companies limited by shares or guarantee
# (Companies House, "company registration number prefixes"): the legal form, and why.
_CH_PREFIXES: dict[str, tuple[str, str]] = {
    **{p: ("llp", f"Companies House number prefix {p}: a limited liability partnership")
       for p in ("OC", "SO", "NC")},
    **{p: ("other", f"Companies House number prefix {p}: a registered society (Co-operative "
                    "and Community Benefit Societies Act 2014), a body corporate")
       for p in ("IP", "SP", "NP", "RS")},
    **{p: ("other", f"Companies House number prefix {p}: a body incorporated by Royal Charter")
       for p in ("RC", "SR", "NR")},
    **{p: ("other", f"Companies House number prefix {p}: a charitable incorporated "
                    "organisation") for p in ("CE", "CS")},
}
_CIC = re.compile(r"(\bC\.?\s?I\.?\s?C\.?|community interest company)\s*$", re.IGNORECASE)
_NONE = {"*", "-"}  # CQC's placeholders for "none"
_KIND = {"partnership": "other", "sole_trader": "other", "statutory_body": "nhs_trust",
         "limited_company": "company", "community_interest_company": "company",
         "llp": "company"}


# -- reading -----------------------------------------------------------------------------------


def _err(path: _PathLike, row: int, column: str, message: str) -> ValueError:
    return ValueError(f"{path}: row {row}, column {column!r}: {message}")


def read_providers_frame(source: _PathLike | pd.DataFrame) -> pd.DataFrame:
    """The CQC GP locations spreadsheet as a DataFrame with the fields of :data:`CQC_COLUMNS`
    (and ``publication_date``, ``postcode`` when the file has them), all text, None for blanks
    and CQC's ``*`` and ``-`` placeholders, and ``row``: the spreadsheet row (the heading is
    row 1). Every row, nothing filtered or checked beyond the headings.

    ``source`` is the path of the spreadsheet, or the sheet already read with its headings as
    column names (``pandas.read_excel(path)``: rows are then numbered as in the file, from 2).
    A required column missing is a ``ValueError`` naming it and the file.
    """
    pd = require_pandas()
    if isinstance(source, pd.DataFrame):
        label = source.attrs.get("path", "the CQC DataFrame")
        headings = {_norm(v): j for j, v in enumerate(source.columns)}
        body, first = source, 2
        _require(headings, label, "the column names")
    else:
        label = os.fspath(source)  # a path of the wrong type is a TypeError naming it
        sheets = _read_excel(source, "CQC", sheet_name=None, header=None, dtype=object)
        wanted = {_norm(h) for h in CQC_COLUMNS.values()}
        best: tuple[int, Any, int] | None = None  # (headings found, sheet, heading row)
        for sheet in sheets.values():
            for i in range(min(5, len(sheet))):
                found = len(wanted & {_norm(v) for v in sheet.iloc[i]})
                if found and (best is None or found > best[0]):
                    best = (found, sheet, i)
        if best is None:
            raise ValueError(f"{label}: no sheet has the CQC headings (e.g. 'Location ID', "
                             "'Provider ID'); is this the CQC GP providers file?")
        _, sheet, header = best
        headings = {_norm(v): j for j, v in enumerate(sheet.iloc[header])
                    if v is not None and v == v}
        _require(headings, label, f"the heading row (row {header + 1})")
        body, first = sheet.iloc[header + 1:], header + 2
    out: dict[str, Any] = {}
    for name, heading in {**CQC_COLUMNS, **_OPTIONAL}.items():
        if _norm(heading) in headings:
            values = _clean(body.iloc[:, headings[_norm(heading)]].reset_index(drop=True))
            out[name] = _each(values, lambda v: None if v in _NONE else v).to_numpy()
    frame = pd.DataFrame(out, dtype=object)
    frame["row"] = range(first, first + len(body))
    frame = frame[frame.drop(columns="row").notna().any(axis=1)].reset_index(drop=True)
    frame["ods_code"] = _codes(frame["ods_code"])
    frame["commissioner"] = _codes(frame["commissioner"])
    frame.attrs["path"] = label
    return frame


def _require(headings: dict[str, int], label: str, where: str) -> None:
    missing = [h for h in CQC_COLUMNS.values() if _norm(h) not in headings]
    if missing:
        raise ValueError(f"{label}: no column {', '.join(map(repr, missing))} in {where}; "
                         "is this the CQC GP providers file?")


def _company_number(v: str | None) -> str | None:
    """A Companies House number as registered: eight characters (a number the spreadsheet
    stored as a number lost its leading zeros)."""
    if v is None:
        return None
    v = re.sub(r"\.0+$", "", v.strip().upper())
    return v.zfill(8) if v.isdigit() else v


def _legal_form(ownership: str, number: str | None, name: str | None,
                without_number: str) -> tuple[str | None, str]:
    """The legal form a provider's ownership type, Companies House number and name give, and
    the rule that gave it."""
    if ownership != "Organisation":
        form = OWNERSHIP_TYPES[ownership]
        return form, f"cqc ownership type {ownership}"
    if number is None:
        if without_number == "unknown":
            return None, "unknown: Organisation without a Companies House number"
        return without_number, ("assumed: Organisation without a Companies House number "
                                f"(organisation_without_company_number={without_number!r})")
    if number[:2] in _CH_PREFIXES:
        return _CH_PREFIXES[number[:2]]
    if name is not None and _CIC.search(name):
        return ("community_interest_company",
                "cqc ownership type Organisation with a Companies House number, named as a "
                "community interest company")
    return "limited_company", "cqc ownership type Organisation with a Companies House number"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _check_form(value: str) -> None:
    """``organisation_without_company_number`` must be "unknown" or a legal form the model
    knows (asked of the model itself: the kinds table is the one list)."""
    if value == "unknown":
        return
    try:
        Model().add_organisation("x", legal_form=value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"organisation_without_company_number={value!r} is neither 'unknown' "
                         f"nor a legal form: {exc}") from None


def _same_per_provider(df: pd.DataFrame, columns: list[str], path: _PathLike) -> None:
    """Every row of a provider must give the same provider details."""
    for column in columns:
        values = df[["provider_id", column, "row"]].fillna({column: ""})
        n = values.groupby("provider_id")[column].nunique()
        odd = n[n > 1]
        if len(odd):
            pid = odd.index[0]
            rows = values[values["provider_id"] == pid].drop_duplicates(column)
            raise ValueError(
                f"{path}: provider {pid} has different {CQC_COLUMNS[column]!r} on rows "
                + " and ".join(f"{r} ({v!r})" for r, v in zip(rows["row"], rows[column])))


def _check(df: pd.DataFrame, path: _PathLike) -> None:
    """Strict checks of the rows: ids given, known ownership types and dormant flags, each
    location once, each provider the same on all its rows."""
    for column in ("location_id", "provider_id", "provider_name", "ownership_type"):
        blank = df[df[column].isna()]
        if len(blank):
            raise _err(path, int(blank["row"].iloc[0]), CQC_COLUMNS[column], "blank")
    odd = df[~df["ownership_type"].isin(list(OWNERSHIP_TYPES))]
    if len(odd):
        raise _err(path, int(odd["row"].iloc[0]), CQC_COLUMNS["ownership_type"],
                   f"{odd['ownership_type'].iloc[0]!r} is none of "
                   + ", ".join(map(repr, OWNERSHIP_TYPES)))
    flag = df["dormant"].str.upper()
    odd = df[df["dormant"].notna() & ~flag.isin(["Y", "N"])]
    if len(odd):
        raise _err(path, int(odd["row"].iloc[0]), CQC_COLUMNS["dormant"],
                   f"{odd['dormant'].iloc[0]!r} is neither Y nor N")
    twice = df[df["location_id"].duplicated(keep=False)]
    if len(twice):
        first = twice[twice["location_id"] == twice["location_id"].iloc[0]]
        raise _err(path, int(first["row"].iloc[1]), CQC_COLUMNS["location_id"],
                   f"location {first['location_id'].iloc[0]} is also on row "
                   f"{int(first['row'].iloc[0])}")
    _same_per_provider(df, ["provider_name", "companies_house_number", "charity_number",
                            "provider_start", "ownership_type", "nominated_individual",
                            "main_partner", "brand_id"], path)


# -- the importer ------------------------------------------------------------------------------


def read_providers(
    path: _PathLike | pd.DataFrame,
    model: Model | None = None,
    *,
    active_only: bool = True,
    all_providers: bool = False,
    organisation_without_company_number: str = "unknown",
    as_of: str | None = None,
) -> Model:
    """GP providers, their practices, people and brands from the CQC register of GP locations.

    Adds, in one bulk call each (docs/nhs.md, "CQC providers (gg.cqc)", has the column -> field
    table):

    - each provider as an organisation, id ``cqc:<Provider ID>``, ``start`` = its HSCA start
      date, ``legal_form`` from its ownership type: Partnership -> ``partnership``,
      Individual -> ``sole_trader``, NHS Body -> ``statutory_body``, Organisation -> by its
      Companies House number (``limited_company``; ``llp`` for an OC/SO/NC number,
      ``community_interest_company`` when so named, ``other`` for a registered society,
      charter body or CIO) and, without a number, as ``organisation_without_company_number``
      says: ``"unknown"`` (the default) leaves it unset, a legal form name (e.g.
      ``"limited_company"``) assumes it. Attributes ``cqc_provider_id``,
      ``companies_house_number``, ``charity_number``, ``ownership_type`` (as given),
      ``legal_form_basis`` (the rule that gave the form), ``provider_start``;
    - each location with an ODS code, as the practice with that code (id = ODS code, as
      :func:`govgraph.nhs.read_epraccur` makes them), given its provider's legal form when it
      has none, and a ``controls`` relation provider -> practice (``interest="other"``,
      ``basis="cqc_registered_provider"``, ``start`` = the location's HSCA start date);
    - the people CQC names, id ``cqc-person:<provider id>-<name>``: a partnership's main
      partner (``partner_in`` the provider and each of its practices), an individual provider
      (the sole trader: ``owns`` the provider and each of its practices, share 1), the
      nominated individual (``employs`` provider -> person, ``role="nominated_individual"``);
    - each brand as an organisation ``cqc-brand:<Brand ID>`` (``kind="provider_group"``, name
      without "BRAND "), each of its providers ``member_of`` it.

    With ``model``, locations are linked to the practices already in the model; those whose
    ODS code is not there are reported (``locations_not_in_model``), and only providers with
    a location in the model are added (the others are reported as ``providers_outside_model``)
    unless ``all_providers=True``. Practices of the model CQC does not list are reported
    (``practices_not_in_cqc``). Without ``model``, the practices are made from the locations
    (``kind="practice"``). ``active_only`` leaves out dormant locations (reported); with
    ``active_only=False`` they are kept, marked ``dormant=True``. ``as_of`` is the day the
    register describes: by default the file's newest publication or HSCA start date; it is on
    the report and the model's source line.

    ``path`` is the spreadsheet, or the sheet as ``pandas.read_excel(path)`` returns it (its
    ``.attrs["path"]``, when set, names it in errors and in the source line), so that a sheet
    read once can be imported under several assumptions.

    Returns ``model`` extended (all or nothing), or a new model; its ``nhs_reports["cqc"]``
    lists ``locations_without_ods_code``, ``locations_not_in_model``, ``practices_not_in_cqc``,
    ``providers_outside_model``, ``dormant_locations``, ``legal_form_unknown``,
    ``legal_form_differs``, ``practices_without_partner_or_owner``, ``ods_codes_given_twice``,
    ``bad_dates``, ``already_in_model``. One summary line is logged at INFO.
    """
    pd = require_pandas()
    _check_form(organisation_without_company_number)
    raw = read_providers_frame(path)
    path = raw.attrs["path"]
    _check(raw, path)
    report = ImportReport("cqc", path, rows=len(raw))

    location_start, bad_location = _dates(raw["location_start"])
    provider_start, bad_provider = _dates(raw["provider_start"])
    report._note("bad_dates", raw["location_id"][bad_location | bad_provider])
    newest = [location_start.max(), provider_start.max()]
    if "publication_date" in raw:
        newest.append(_dates(raw["publication_date"])[0].max())
    if as_of is None:
        known = [d for d in newest if d == d and d is not None]
        as_of = max(known).strftime("%Y-%m-%d") if known else None
    report.as_of = as_of
    df = raw.assign(location_start=_iso(location_start), provider_start=_iso(provider_start))
    df["dormant"] = df["dormant"].str.upper() == "Y"
    df["companies_house_number"] = _each(df["companies_house_number"], _company_number)

    if active_only:
        report._note("dormant_locations", df["location_id"][df["dormant"]])
        df = df[~df["dormant"]]
    report._note("locations_without_ods_code", df["location_id"][df["ods_code"].isna()])
    twice = df["ods_code"].notna() & df["ods_code"].duplicated()
    report._note("ods_codes_given_twice", df["ods_code"][twice])  # the first row is kept
    df = df[~twice].reset_index(drop=True)

    work, existing = _start(model, "GP providers (CQC)")
    providers = df.drop_duplicates("provider_id").reset_index(drop=True)
    providers["id"] = "cqc:" + providers["provider_id"]
    present = providers["id"].isin(existing)
    report._note("already_in_model", providers["id"][present])
    df = df[~df["provider_id"].isin(list(providers["provider_id"][present]))]
    providers = providers[~present]

    sited = df[df["ods_code"].notna()]
    if model is not None:
        orgs = work.nodes_frame(type="organisation")
        held = set(orgs["id"]) if len(orgs) else set()
        inside = sited["ods_code"].isin(held)
        report._note("locations_not_in_model", sited["ods_code"][~inside])
        if len(orgs) and "kind" in orgs:
            listed = set(raw["ods_code"].dropna())
            practices = orgs["id"][(orgs["kind"] == "practice") & ~orgs["id"].isin(listed)]
            report._note("practices_not_in_cqc", practices)
        sited = sited[inside]
        if not all_providers:
            reached = providers["provider_id"].isin(list(sited["provider_id"]))
            report._note("providers_outside_model", providers["id"][~reached])
            providers = providers[reached]
    providers = providers.reset_index(drop=True)

    rules = [_legal_form(o, n, name, organisation_without_company_number) for o, n, name in
             zip(providers["ownership_type"], providers["companies_house_number"],
                 providers["provider_name"])]
    providers["legal_form"] = [r[0] for r in rules]
    providers["legal_form_basis"] = [r[1] for r in rules]
    report._note("legal_form_unknown", providers["id"][providers["legal_form"].isna()])
    form_of = dict(zip(providers["provider_id"], providers["legal_form"]))
    basis_of = dict(zip(providers["provider_id"], providers["legal_form_basis"]))
    sited = sited[sited["provider_id"].isin(list(providers["provider_id"]))].reset_index(
        drop=True)
    sited["legal_form"] = sited["provider_id"].map(form_of)

    # The practices: made from the locations, or those of the model given a legal form.
    practice_form = dict(zip(sited["ods_code"], sited["legal_form"]))
    new_practices = 0
    if model is None:
        new = sited
        new_practices = len(new)
    else:
        new = sited.iloc[:0]
        own = orgs.set_index("id")["legal_form"] if "legal_form" in orgs else pd.Series(
            dtype=object)
        had = _each(sited["ods_code"], lambda c: own.get(c) if c in own.index else None)
        had = _each(had, lambda v: None if v != v else v)
        report._note("legal_form_differs", sited["ods_code"][
            had.notna() & sited["legal_form"].notna() & (had != sited["legal_form"])])
        practice_form.update({c: f for c, f in zip(sited["ods_code"], had) if f is not None})
        give = had.isna() & sited["legal_form"].notna()
        work.set_from({"id": _objects(sited["ods_code"][give]),
                       "legal_form": _objects(sited["legal_form"][give])}, on=None)
        report.added["legal forms given to practices"] = int(give.sum())

    # People: a partnership's main partner, an individual provider, the nominated individual.
    people: dict[str, dict[str, Any]] = {}

    def person(pid: str, name: str, role: str) -> str:
        key = f"cqc-person:{_slug(pid + ' ' + name)}"
        entry = people.setdefault(key, {"id": key, "name": name, "roles": [],
                                        "cqc_provider_id": pid})
        entry["roles"].append(role)
        return key

    partner_links: list[tuple[str, str]] = []
    owner_links: list[tuple[str, str]] = []
    employs: list[tuple[str, str]] = []
    sites = sited.groupby("provider_id")["ods_code"].agg(list).to_dict()
    for p in providers.itertuples(index=False):
        practices_of = sites.get(p.provider_id, [])
        if p.ownership_type == "Partnership" and p.main_partner is not None:
            who = person(p.provider_id, p.main_partner, "main_partner")
            partner_links += [(who, p.id)] + [(who, c) for c in practices_of
                                              if practice_form.get(c) == "partnership"]
        if p.ownership_type == "Individual":
            owner = p.main_partner or p.provider_name
            who = person(p.provider_id, owner, "sole_trader")
            owner_links += [(who, p.id)] + [(who, c) for c in practices_of
                                            if practice_form.get(c) == "sole_trader"]
        if p.nominated_individual is not None:
            who = person(p.provider_id, p.nominated_individual, "nominated_individual")
            if len(people[who]["roles"]) == 1:  # a partner or owner is not their own employee
                employs.append((p.id, who))
    named = [(c, f) for c, f in practice_form.items() if f in ("partnership", "sole_trader")]
    linked = {c for _, c in partner_links + owner_links}
    report._note("practices_without_partner_or_owner", (c for c, _ in named if c not in linked))

    # Brands.
    branded = providers[providers["brand_id"].notna()]
    brands = branded.drop_duplicates("brand_id")
    brand_ids = "cqc-brand:" + brands["brand_id"]
    new_brands = brands[~brand_ids.isin(existing)]
    brand_names = _each(new_brands["brand_name"],
                        lambda v: re.sub(r"^BRAND\s+", "", v) if v is not None else None)

    # -- into the model, one bulk call each -------------------------------------------------
    work.add_nodes_from({
        "id": _objects("cqc-brand:" + new_brands["brand_id"]),
        "name": _objects(brand_names),
        "kind": ["provider_group"] * len(new_brands),
        "cqc_brand_id": _objects(new_brands["brand_id"]),
    }, type="organisation", attrs=["cqc_brand_id"])
    work.add_nodes_from({
        "id": _objects(providers["id"]),
        "name": _objects(providers["provider_name"]),
        "kind": [_KIND.get(f, "other") if f is not None else "other"
                 for f in providers["legal_form"]],
        "legal_form": _objects(providers["legal_form"]),
        "start": _objects(providers["provider_start"]),
        "cqc_provider_id": _objects(providers["provider_id"]),
        "companies_house_number": _objects(providers["companies_house_number"]),
        "charity_number": _objects(providers["charity_number"]),
        "ownership_type": _objects(providers["ownership_type"]),
        "legal_form_basis": _objects(providers["legal_form_basis"]),
        "provider_start": _objects(providers["provider_start"]),
    }, type="organisation", attrs=["cqc_provider_id", "companies_house_number",
                                   "charity_number", "ownership_type", "legal_form_basis",
                                   "provider_start"])
    practice_columns: dict[str, Any] = {
        "id": _objects(new["ods_code"]),
        "name": _objects(new["location_name"]),
        "kind": ["practice"] * len(new),
        "legal_form": _objects(new["legal_form"]),
        "commissioner": _objects(new["commissioner"]),
        "cqc_location_id": _objects(new["location_id"]),
        "cqc_registered": _objects(new["location_start"]),
        "legal_form_basis": _objects(_each(new["provider_id"], lambda p: (
            f"from its CQC provider cqc:{p}: {basis_of[p]}"))),
        "dormant": _objects(_each(new["dormant"], lambda d: True if d else None)),
    }
    if "postcode" in new:
        practice_columns["postcode"] = _objects(new["postcode"])
    work.add_nodes_from(practice_columns, type="organisation",
                        attrs=[c for c in practice_columns
                               if c not in ("id", "name", "kind", "legal_form")])
    rows = list(people.values())
    work.add_nodes_from({
        "id": [r["id"] for r in rows],
        "name": [r["name"] for r in rows],
        "role": [", ".join(r["roles"]) for r in rows],
        "cqc_provider_id": [r["cqc_provider_id"] for r in rows],
    }, type="person", attrs=["role", "cqc_provider_id"])

    n = len(sited)
    work.add_relations_from({
        "kind": ["controls"] * n,
        "source": _objects("cqc:" + sited["provider_id"]),
        "target": _objects(sited["ods_code"]),
        "start": _objects(sited["location_start"]),
        "interest": ["other"] * n,
        "basis": ["cqc_registered_provider"] * n,
        "cqc_location_id": _objects(sited["location_id"]),
        "dormant": _objects(_each(sited["dormant"], lambda d: True if d else None)),
    }, attrs=["basis", "cqc_location_id", "dormant"])
    members = len(branded)
    relations: dict[str, list[Any]] = {"kind": [], "source": [], "target": [], "share": [],
                                       "basis": [], "role": []}

    def relate(kind: str, pairs: list[tuple[str, str]], basis: str, share: float | None = None,
               role: str | None = None) -> None:
        relations["kind"] += [kind] * len(pairs)
        relations["source"] += [s for s, _ in pairs]
        relations["target"] += [t for _, t in pairs]
        relations["share"] += [share] * len(pairs)
        relations["basis"] += [basis] * len(pairs)
        relations["role"] += [role] * len(pairs)

    relate("member_of", list(zip(branded["id"], "cqc-brand:" + branded["brand_id"])),
           "cqc_brand")
    relate("partner_in", partner_links, "cqc_main_partner", role="main_partner")
    relate("owns", owner_links, "cqc_individual_provider", share=1.0, role="sole_trader")
    relate("employs", employs, "cqc_nominated_individual", role="nominated_individual")
    work.add_relations_from(relations, attrs=["basis", "role"])

    report.kept = len(df)
    report.added.update({
        "providers": len(providers), "practices": new_practices,
        "controls relations": n, "people": len(rows),
        "partner_in relations": len(partner_links), "owns relations": len(owner_links),
        "employs relations": len(employs), "brands": len(new_brands),
        "member_of relations": members})
    source = f"CQC GP locations and providers: {os.path.basename(path)}" + (
        f" (as of {as_of})" if as_of else "")
    return _finish(model, work, report, source, logger=log)
