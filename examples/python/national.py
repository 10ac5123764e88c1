"""The national model of general practice in the ICB era, built from the real files by the
importers alone (issue 15). Shared by the ``who_runs_general_practice`` and ``england`` case
studies.

Sources (read from ``../shared/data/``, never copied):
  * NHS England, sub-ICB location -> ICB -> region lookup, July 2022
    (``nhs/subicb-icb-lookup-2022-07.xlsx``): NHS England, 7 regions, 42 ICBs, 106 sub-ICB
    locations; NHS England ``delegates`` primary medical services commissioning to each ICB
    from 2022-07-01;
  * NHS ODS GP practice extract, December 2023 (``nhs/epraccur-2023-12.csv``): every active GP
    practice, its sub-ICB location and ICB (``extract=`` takes the February 2026 one,
    ``nhs/epraccur-2026-02.csv``, the newest at hand, instead);
  * NHS ODS primary care networks, January 2023 (``nhs/ePCN-2023-01.xlsx``): networks and their
    member practices;
  * NHS Digital, Patients Registered at a GP Practice, January 2021
    (``nhs/gp-reg-pat-prac-all-2021-01.csv``): list sizes, **the newest file at hand** (practices
    opened since have none; the case studies say so);
  * CQC register of GP locations and providers, December 2025 (``cqc/gp-providers-2025-12.xlsx``):
    who holds and runs each practice, its legal form, named people, provider groups (brands).

Every step is one bulk call per kind of row (``add_nodes_from``, ``add_relations_from``,
``add_contracts_from``, ``set_from``); what the files do not match is on
``model.nhs_reports``.

Run:  python examples/python/national.py
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

import govgraph as gg
from govgraph.frames import require_pandas

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DATA = SHARED / "nhs"
NHS_ENGLAND = gg.nhs.NHS_ENGLAND[0]
CQC = SHARED / "cqc" / "gp-providers-2025-12.xlsx"


def quiet() -> Any:
    """A context that silences the importers' summary lines (their reports stay on the
    model)."""
    class _Quiet:
        def __enter__(self) -> None:
            self.levels = {n: logging.getLogger(n).level for n in ("govgraph.nhs", "govgraph.cqc")}
            for n in self.levels:
                logging.getLogger(n).setLevel(logging.ERROR)

        def __exit__(self, *exc: object) -> None:
            for n, level in self.levels.items():
                logging.getLogger(n).setLevel(level)
    return _Quiet()


def build_2023(data: Path = DATA, cqc: Path | Any | None = CQC, *,
               organisation_without_company_number: str = "unknown",
               list_sizes: bool = True, extract: str = "epraccur-2023-12.csv") -> gg.Model:
    """NHS England -> ICBs -> sub-ICB locations -> practices (December 2023; ``extract`` names
    another ICB-era epraccur file of ``data``, e.g. ``"epraccur-2026-02.csv"``) with their
    networks (January 2023), list sizes (January 2021) and, when ``cqc`` is given (a path or
    the sheet as pandas read it), their providers, legal forms and provider groups
    (December 2025). ``organisation_without_company_number``: how a CQC "Organisation" with no
    Companies House number is read (gg.cqc.read_providers)."""
    reports: dict[str, Any] = {}
    with quiet():
        m = gg.nhs.read_icb_lookup(data / "subicb-icb-lookup-2022-07.xlsx")
        reports.update(m.nhs_reports)
        sizes = (gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
                 if list_sizes else None)
        gg.nhs.read_epraccur(data / extract, model=m, list_sizes=sizes)
        reports.update(m.nhs_reports)
        gg.nhs.read_epcn(data / "ePCN-2023-01.xlsx", model=m)
        reports.update(m.nhs_reports)
        if cqc is not None:
            gg.cqc.read_providers(cqc, model=m,
                                  organisation_without_company_number=(
                                      organisation_without_company_number))
            reports.update(m.nhs_reports)
    m.nhs_reports = reports
    m.name = "General practice in England, ICB era"
    return m


def build_2019(data: Path = DATA) -> gg.Model:
    """The CCG era: practices (2019 extract) with their CCGs, networks (December 2019) and list
    sizes (January 2021), as the England case study of issue 6 builds it."""
    reports: dict[str, Any] = {}
    with quiet():
        sizes = gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
        m = gg.nhs.read_epraccur(data / "epraccur-2019.csv", list_sizes=sizes)
        reports.update(m.nhs_reports)
        gg.nhs.read_epcn(data / "ePCN-2019-12.xlsx", model=m)
        reports.update(m.nhs_reports)
    m.nhs_reports = reports
    m.name = "General practice in England, CCG era"
    return m


def practices_today(codes: Any, data: Path = DATA, cqc: Path | Any | None = CQC, *,
                    newest: str = "epraccur-2026-02.csv",
                    earlier: str = "epraccur-2023-12.csv",
                    successors: str = "succ-2026.csv") -> Any:
    """What became of the practices ``codes`` (ODS codes, e.g. a CCG's practices of 2019; or
    a frame of them with ``code``, ``name`` and ``list_size``, which come first as ``code``,
    ``name_2019`` and ``list_size``): one row each, read from the ICB-era model of the newest
    extract (``newest``: February 2026, built by :func:`build_2023`) as in force on that
    extract's day, with its networks
    (ePCN January 2023, the newest at hand: later changes are not in it) and providers (CQC
    December 2025).

    Columns: ``code``; ``open_2023`` (an active GP practice in ``earlier``, December 2023),
    ``open`` (active in ``newest``); where open, ``sub_icb_location``, ``icb``, ``provider``
    (``cqc:<id>``, the source of the practice's ``controls`` relation with
    ``basis="cqc_registered_provider"``), ``provider_name``, ``ownership_type``,
    ``legal_form`` (the provider's, as gg.cqc.read_providers gives it: unset for an
    "Organisation" without a Companies House number), ``companies_house_number``,
    ``provider_group`` (the brand the provider is a member of), ``network``,
    ``network_name`` (the practice's ``member_of`` a network in force that day);
    ``successor`` (the ODS successor file's successors of the code, "; "-joined, None when it
    names none). ``frame.attrs["as_of"]`` is the day read."""
    pd = require_pandas()
    table = codes if isinstance(codes, pd.DataFrame) else None
    codes = list(table.code) if table is not None else list(codes)
    m = build_2023(data, cqc, list_sizes=False, extract=newest)
    day = m.nhs_reports["epraccur"].as_of
    with quiet():
        before = gg.nhs.read_epraccur(data / earlier)
    was_open = set(before.nodes_frame().query("kind == 'practice'").id)
    view = m.as_of(day)
    nodes = view.nodes_frame().set_index("id")
    rels = view.relations_frame()
    practices = nodes[nodes.kind == "practice"]
    kind = nodes.kind

    def first(frame: Any, by: str, value: str) -> Any:
        return frame.drop_duplicates(by).set_index(by)[value]

    controls = rels[(rels.kind == "controls") & (rels.basis == "cqc_registered_provider")
                    & rels.target.isin(practices.index)]
    provider = first(controls, "target", "source")
    member = rels[rels.kind == "member_of"]
    network = first(member[member.target.map(kind).eq("network")
                           & member.source.isin(practices.index)], "source", "target")
    brand = first(member[member.target.map(kind).eq("provider_group")], "source", "target")
    succ = gg.nhs.read_successors(data / successors)
    succ = succ[succ.predecessor.isin(list(codes))]
    successor = succ.groupby("predecessor").successor.agg(lambda s: "; ".join(sorted(s)))
    out = pd.DataFrame({"code": codes})
    if table is not None:
        known = table.set_index("code")
        out["name_2019"] = out.code.map(known.name)
        out["list_size"] = out.code.map(known.list_size)
    out["open_2023"] = out.code.isin(was_open)
    out["open"] = out.code.isin(practices.index)
    here = out.code.where(out.open)
    out["sub_icb_location"] = here.map(practices.sub_icb_location)
    out["icb"] = here.map(practices.icb)
    out["provider"] = here.map(provider)
    out["provider_name"] = out.provider.map(nodes.name)
    for column in ("ownership_type", "legal_form", "companies_house_number"):
        out[column] = out.provider.map(nodes[column])
    out["provider_group"] = out.provider.map(brand).map(nodes.name)
    out["network"] = here.map(network)
    out["network_name"] = out.network.map(nodes.name)
    out["successor"] = out.code.map(successor)
    text = [c for c in out.columns if c not in ("open_2023", "open", "list_size")]
    out[text] = out[text].astype(object).where(out[text].notna(), None)
    out.attrs["as_of"] = day
    return out


def main() -> int:
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    t = time.perf_counter()
    m = build_2023()
    print(f"{m} built in {time.perf_counter() - t:.1f} s")
    for name, report in m.nhs_reports.items():
        print(f"  {name}: {report.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
