"""Who runs general practice: partnerships, sole traders, companies and provider groups, and
who the commissioner can claim against (issue 15's case study).

Sources (read from ``../shared/data/``, never copied) are those of ``national.build_2023``:
NHS England's sub-ICB -> ICB lookup (July 2022), the ODS GP practice extract (December 2023),
ODS primary care networks (January 2023), list sizes (January 2021, **the newest at hand**:
practices opened since have none, and every count of patients is of 2021), and the CQC register
of GP locations and their providers (December 2025), which gives each practice its provider, the
provider's ownership type and Companies House number, the main partner or nominated individual,
and its brand (a provider group).

How the answers are reached:
  * a practice's legal form is its CQC provider's (``gg.cqc.read_providers``: Partnership ->
    partnership, Individual -> sole trader, Organisation -> a company by its Companies House
    number, NHS Body -> statutory body; docs/nhs.md states each mapping); a practice CQC does not
    list, or whose provider's form cannot be told, is *unknown* and counted as such, never
    guessed;
  * a provider group is a CQC brand: its providers are ``member_of`` it, its practices are those
    its providers run (``controls``, ``basis="cqc_registered_provider"``);
  * who the commissioner can claim against, and who is shielded, is **asked of the model**: for
    each legal form, the largest practice of that form is given a GMS contract with its ICB (an
    APMS contract when the rules refuse GMS to that form: the core's contract table decides) and
    ``breach`` is run on it; the rows are what the core's rules answer (the partners liable
    for the whole, jointly for a contract claim, PA 1890 s.9; a sole trader is the business;
    a company answers alone, its members shielded, Salomon v Salomon);
  * *behind limited liability*: the practice's legal form has the regime ``shielded`` in the
    core's table (``gg.legal_forms()``).

Assumptions (ASSUMPTIONS; pass your own to build() and findings()):
  * ``organisation_without_company_number``: how a CQC "Organisation" with no Companies House
    number is read: ``"unknown"`` (the default: not guessed) or a legal form it is assumed to
    have (e.g. ``"limited_company"``);
  * ``practices_extract``: the ODS extract the practices come from: December 2023 (the
    default, the year of the networks) or February 2026 (the newest, nearer the CQC register);
  * ``loss``: the loss in the breach illustrations, pounds;
  * ``top``: how many provider groups the tables show.

Run:  python examples/python/who_runs_case.py
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

import govgraph as gg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # noqa: E402

DATA = national.DATA

ASSUMPTIONS: dict[str, Any] = {
    "organisation_without_company_number": "unknown",  # or a legal form, e.g. "limited_company"
    "practices_extract": "epraccur-2023-12.csv",  # or "epraccur-2026-02.csv", the newest
    "loss": 100_000,  # pounds, for the breach illustrations
    "top": 10,  # provider groups shown
}

#: The order the tables and chart show the forms in; any other form follows.
FORM_ORDER = ["partnership", "sole_trader", "limited_company", "community_interest_company",
              "llp", "other", "statutory_body", "unknown"]
COLOURS = {"partnership": "#2166ac", "sole_trader": "#67a9cf", "limited_company": "#b2182b",
           "community_interest_company": "#ef8a62", "llp": "#fddbc7", "other": "#bababa",
           "statutory_body": "#1b7837", "unknown": "#f0f0f0"}


def build(assumptions: dict[str, Any] | None = None, data: Path = DATA,
          cqc: Any = national.CQC) -> gg.Model:
    """The national model of the ICB era with CQC's providers (``national.build_2023``);
    ``cqc`` may be the CQC sheet already read (``pandas.read_excel``), to build twice."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    return national.build_2023(data, cqc, organisation_without_company_number=a[
        "organisation_without_company_number"], extract=a["practices_extract"])


def _kinds() -> dict[str, Any]:
    """The core's contract kinds (roles, holder forms), as the library reads them."""
    return gg._core._schema_tables()["contract_kinds"]


def cqc_sheet(path: Path = national.CQC) -> Any:
    """The CQC register read once (to build under two assumptions without reading it twice)."""
    sheet = gg.nhs._read_excel(path, "CQC", sheet_name=0, dtype=object)
    sheet.attrs["path"] = str(path)
    return sheet


def _label(form: str) -> str:
    labels = {r.legal_form: r.label for r in gg.legal_forms()}
    return labels.get(form, form)


def practices_frame(m: gg.Model) -> pd.DataFrame:
    """One row per practice of England: name, ICB (code and name), list size, legal form
    ("unknown" when none), provider (id, name), provider group (id, name), read from the
    model's frames."""
    nodes = m.nodes_frame(type="organisation").set_index("id")
    rels = m.relations_frame()
    # England: the practices under an ICB NHS England delegates to. The extract also lists the
    # practices of Wales (ICB code Q99, its health boards 7A1-7A7), outside the NHS in England
    # and the CQC's register.
    icbs = set(rels.target[(rels.kind == "delegates") & (rels.source == national.NHS_ENGLAND)])
    p = nodes[(nodes.kind == "practice") & nodes.icb.isin(icbs)].copy()
    runs = rels[(rels.kind == "controls") & (rels.get("basis") == "cqc_registered_provider")]
    provider = runs.drop_duplicates("target").set_index("target").source
    groups = nodes.index[nodes.kind == "provider_group"]
    member = rels[(rels.kind == "member_of") & rels.target.isin(groups)]
    group = member.drop_duplicates("source").set_index("source").target
    out = pd.DataFrame({
        "name": p.name,
        "icb": p.icb,
        "icb_name": p.icb.map(nodes.name),
        "list_size": p.list_size,
        "legal_form": p.legal_form.fillna("unknown"),
        "provider": p.index.map(provider),
    }, index=p.index)
    out["provider_name"] = out.provider.map(nodes.name)
    out["in_cqc"] = out.provider.notna()
    out["group"] = out.provider.map(group)
    out["group_name"] = out.group.map(nodes.name)
    return out.rename_axis("practice")


def _forms(p: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(p.legal_form))
    return [f for f in FORM_ORDER if f in present] + sorted(set(present) - set(FORM_ORDER))


def by_form(p: pd.DataFrame) -> pd.DataFrame:
    """Practices and patients under each legal form, with its liability regime (the core's)."""
    regime = {r.legal_form: r.regime for r in gg.legal_forms()}
    t = p.groupby("legal_form").agg(practices=("name", "size"),
                                    patients=("list_size", "sum"),
                                    without_list_size=("list_size", lambda s: int(s.isna().sum())))
    t = t.reindex(_forms(p))
    t["patients"] = t.patients.fillna(0).astype(int)
    t["share_of_practices"] = t.practices / t.practices.sum()
    t["share_of_patients"] = t.patients / t.patients.sum()
    t.insert(0, "label", [_label(f) if f != "unknown" else "unknown" for f in t.index])
    t.insert(1, "regime", [regime.get(f, "") for f in t.index])
    return t.rename_axis("legal_form").reset_index()


def by_icb(p: pd.DataFrame) -> pd.DataFrame:
    """For each ICB, its practices and patients, the share of its patients under each legal
    form, and the share in a provider group."""
    sized = p.assign(list_size=p.list_size.fillna(0))
    shares = sized.pivot_table(index="icb", columns="legal_form", values="list_size",
                               aggfunc="sum", fill_value=0)
    # an ICB code whose practices have no list size has no shares (0 of 0 patients)
    shares = shares.div(shares.sum(axis=1), axis=0).reindex(columns=_forms(p), fill_value=0)
    shares = shares.fillna(0.0)
    head = sized.groupby("icb").agg(icb_name=("icb_name", "first"), practices=("name", "size"),
                                    patients=("list_size", "sum"))
    grouped = sized[sized.group.notna()].groupby("icb").list_size.sum()
    head["in_a_group"] = (grouped.reindex(head.index, fill_value=0) / head.patients).fillna(0)
    t = head.join(shares)
    t["patients"] = t.patients.astype(int)
    return t.sort_values("icb_name").rename_axis("icb").reset_index()


def groups(p: pd.DataFrame) -> pd.DataFrame:
    """Provider groups: providers, practices, patients, legal forms, ICBs; most practices
    first."""
    g = p[p.group.notna()]
    t = g.groupby("group").agg(name=("group_name", "first"), providers=("provider", "nunique"),
                               practices=("name", "size"), patients=("list_size", "sum"),
                               icbs=("icb", "nunique"),
                               legal_forms=("legal_form",
                                            lambda s: ", ".join(sorted(set(s)))))
    t["patients"] = t.patients.fillna(0).astype(int)
    return t.sort_values(["practices", "patients", "name"],
                         ascending=[False, False, True]).rename_axis("group").reset_index()


def claims(m: gg.Model, p: pd.DataFrame, loss: float) -> pd.DataFrame:
    """For each legal form, its largest practice given a contract with its ICB and breached:
    who the ICB's claim is against, who bears the loss, who limited liability shields.

    The contract is GMS when the core's contract table lets that form hold one (NHS Act 2006
    s.86(2): sole traders, partnerships, companies limited by shares), else APMS, which any
    body may hold. The answer is the core's ``breach``."""
    work = m.copy()
    # The forms that may hold GMS (NHS Act 2006 s.86(2)): the core's contract table.
    gms_forms = set(_kinds()["gms"]["holder_forms"].split())
    regime = {r.legal_form: r.regime for r in gg.legal_forms()}
    rows = []
    for form in _forms(p):
        if form == "unknown":
            continue
        of = p[(p.legal_form == form) & p.icb.notna()].sort_values(
            ["list_size", "name"], ascending=[False, True], na_position="last")
        if of.empty:
            continue
        code = of.index[0]
        icb = of.icb.iloc[0]
        kind = "gms" if form in gms_forms else "apms"
        # The GMS Regulations make NHS England the contracting party; since 2022-07-01 the ICB
        # manages the contract under delegation (s.65Z5: the model's `delegates`, from the
        # lookup), so the claim is NHS England's, brought by the ICB (review).
        work.add_contract(f"{code}/{kind}", kind=kind,
                          parties={"commissioner": national.NHS_ENGLAND, "holder": code},
                          obligations=[{"id": f"{code}/{kind}/essential"}])
        r = work.breach(f"{code}/{kind}/essential", by=code, loss=loss)
        claim = r.claims.to_frame()
        names = work.nodes_frame().set_index("id").name
        # A practice is the site; the legal person is its CQC provider (review: an out-of-date
        # ODS name such as "... PARTNERSHIP" for a company's site must not stand for it).
        provider = dict(zip(p.index, p.provider_name))

        def who(ids: Any, names: Any = names, provider: Any = provider) -> str:
            out = []
            for i in ids:
                if i in provider and isinstance(provider[i], str):
                    out.append(f"{provider[i]} (provider of {names.get(i) or i})")
                else:
                    out.append(f"{names.get(i) or i}")
            return "; ".join(out) or "nobody"

        rows.append({
            "legal_form": form, "label": _label(form), "practice": code,
            "practice_name": of.name.iloc[0], "contract": kind.upper(), "commissioner": icb,
            "claim_against": (who(dict.fromkeys(claim["respondent"][claim["enforceable"]]))
                              if len(claim) else "nobody"),
            "bears": (f"the firm and all its partners, jointly (PA 1890 s.9); the register names "
                      f"only {who(k for k, v in r.borne.items() if v)}"
                      if regime.get(form) == "partners" else
                      who(k for k, v in r.borne.items() if v)),
            "claimant": "NHS England, the ICB managing the contract under delegation",
            "shielded": (who(r.shielded) if r.shielded else
                         "its members (the register names none)"
                         if regime.get(form) == "shielded" else "nobody"),
            "note": r.notes[0] if r.notes else "",
        })
    return pd.DataFrame(rows)


def findings(m: gg.Model, assumptions: dict[str, Any] | None = None) -> dict[str, Any]:
    """The tables and figures of the notebook."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    p = practices_frame(m)
    forms = by_form(p)
    regime = {r.legal_form: r.regime for r in gg.legal_forms()}
    known = p[p.legal_form != "unknown"]
    shielded = known[known.legal_form.map(regime) == "shielded"]
    return {
        "practices": p,
        "by_form": forms,
        "by_icb": by_icb(p),
        "groups": groups(p),
        "claims": claims(m, p, a["loss"]),
        "patients": int(p.list_size.sum()),
        "unknown": int((p.legal_form == "unknown").sum()),
        "not_in_cqc": int((~p.in_cqc).sum()),
        "shielded_patients": int(shielded.list_size.sum()),
        "known_patients": int(known.list_size.sum()),
        "shielded_share": float(shielded.list_size.sum() / known.list_size.sum()),
        "in_group_share": float(p.list_size[p.group.notna()].sum() / p.list_size.sum()),
        "reports": {k: v.unmatched for k, v in getattr(m, "nhs_reports", {}).items()},
    }


def chart(icbs: pd.DataFrame, forms: list[str], width: int = 760) -> str:
    """An SVG chart: for each ICB, a bar split by the share of its patients under each legal
    form. Drawn by hand: the project has no plotting library."""
    left, right, top, row = 300, 20, 48, 14
    height = top + row * len(icbs) + 60
    pw = width - left - right
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="13" font-weight="bold">Patients by the legal '
           "form of their practice, per ICB</text>"]
    x0 = left
    for f in forms:  # legend
        out.append(f'<rect x="{x0}" y="26" width="10" height="10" fill="{COLOURS.get(f, "#888")}"'
                   ' stroke="#666" stroke-width="0.3"/>')
        out.append(f'<text x="{x0 + 13}" y="35">{escape(f.replace("_", " "))}</text>')
        x0 += 13 + 6 * len(f) + 12
    for i, r in enumerate(icbs.itertuples()):
        y = top + row * i
        name = str(r.icb_name or r.icb).replace(" Integrated Care Board", "")
        out.append(f'<text x="{left - 4}" y="{y + 10}" text-anchor="end">{escape(name)}</text>')
        x = float(left)
        for f in forms:
            share = float(getattr(r, f, 0.0) or 0.0)
            w = pw * share
            if w > 0:
                out.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 3}" '
                           f'fill="{COLOURS.get(f, "#888")}"><title>{escape(name)}: '
                           f'{escape(f)} {share:.1%}</title></rect>')
            x += w
    base = top + row * len(icbs)
    for t in (0, 0.25, 0.5, 0.75, 1):
        xt = left + pw * t
        out.append(f'<line x1="{xt:.1f}" y1="{top}" x2="{xt:.1f}" y2="{base}" stroke="#888" '
                   'stroke-width="0.3"/>')
        out.append(f'<text x="{xt:.1f}" y="{base + 12}" text-anchor="middle">{t:.0%}</text>')
    out.append(f'<text x="{left}" y="{base + 30}">share of the ICB\'s registered patients '
               "(January 2021 lists)</text>")
    out.append("</svg>")
    return "\n".join(out)


def picture(m: gg.Model, group: str) -> list[str]:
    """Ids to draw one provider group: the group, its providers, their practices and the people
    CQC names for them (found with ``reachable``)."""
    providers = m.reachable([group], kinds=["member_of"], direction="in", include_sources=False)
    practices = m.reachable(providers, kinds=["controls"], direction="out",
                            include_sources=False)
    return [group, *providers, *practices]


def main() -> int:
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    m = build()
    f = findings(m)
    print(m)
    print(f["by_form"].to_string(index=False))
    print(f"\nunknown legal form: {f['unknown']} practices ({f['not_in_cqc']} not in the CQC "
          "register)")
    print(f"behind limited liability: {f['shielded_share']:.1%} of the patients of practices "
          "of known form")
    print(f["groups"].head(ASSUMPTIONS["top"]).to_string(index=False))
    print(f["claims"][["label", "practice_name", "contract", "claim_against", "bears",
                       "shielded"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
