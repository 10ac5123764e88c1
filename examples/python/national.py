"""The national model of general practice in the ICB era, built from the real files by the
importers alone (issue 15). Shared by the ``who_runs_general_practice`` and ``england`` case
studies.

Sources (read from ``../shared/data/``, never copied):
  * NHS England, sub-ICB location -> ICB -> region lookup, July 2022
    (``nhs/subicb-icb-lookup-2022-07.xlsx``): NHS England, 7 regions, 42 ICBs, 106 sub-ICB
    locations; NHS England ``delegates`` primary medical services commissioning to each ICB
    from 2022-07-01;
  * NHS ODS GP practice extract, December 2023 (``nhs/epraccur-2023-12.csv``): every active GP
    practice, its sub-ICB location and ICB;
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
               list_sizes: bool = True,
               practices: str = "epraccur-2023-12.csv") -> gg.Model:
    """NHS England -> ICBs -> sub-ICB locations -> practices (December 2023) with their
    networks (January 2023), list sizes (January 2021) and, when ``cqc`` is given (a path or
    the sheet as pandas read it), their providers, legal forms and provider groups
    (December 2025). ``organisation_without_company_number``: how a CQC "Organisation" with no
    Companies House number is read (gg.cqc.read_providers). ``practices``: the ODS extract
    the practices come from (``epraccur-2026-02.csv`` for the newest)."""
    reports: dict[str, Any] = {}
    with quiet():
        m = gg.nhs.read_icb_lookup(data / "subicb-icb-lookup-2022-07.xlsx")
        reports.update(m.nhs_reports)
        sizes = (gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
                 if list_sizes else None)
        gg.nhs.read_epraccur(data / practices, model=m, list_sizes=sizes)
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
