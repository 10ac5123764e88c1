"""Build time of the national model of England (examples/python/england_case.py).

Run from the repository root::

    .venv/bin/python bench/bench_build_national.py              # 5 builds, best and median
    .venv/bin/python bench/bench_build_national.py --repeat 9

Each build is ``england_case.build()``: the list sizes of January 2021, ``gg.nhs.read_epraccur``
of the 2019 practice extract (6,808 practices, their commissioners and links) and
``gg.nhs.read_epcn`` of the December 2019 networks into the same model (1,250 networks, 6,712
member_of relations, 1,250 network agreements). The script times the whole build and each of its
three steps (best and median of ``--repeat`` runs, after one warm-up run that is not counted),
and checks the model's size so that a faster build is the same build. It then times the step that
issue 13 made bulk on its own: the 1,250 network agreements added to the practices model with one
``add_contract`` per agreement and, where the package has it, with one ``add_contracts_from``
(the two models must dump the same JSON); and, at a larger scale (``--synthetic``, 20,000 by
default), as many synthetic GMS contracts with one obligation each and seats on boards of 20,
added per row and in bulk. It reads the files from
``../shared/data/nhs/`` and prints the machine and versions. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from _common import cpu_model  # bench/_common.py (the script directory is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples" / "python"))

import england_case  # noqa: E402 - needs the examples directory on sys.path

import govgraph as gg  # noqa: E402


def one_build(data: Path) -> tuple[dict[str, float], Any]:
    """One national build, step by step as england_case.build does it; times in seconds."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    sizes = gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
    t1 = time.perf_counter()
    m = gg.nhs.read_epraccur(data / "epraccur-2019.csv", list_sizes=sizes)
    t2 = time.perf_counter()
    gg.nhs.read_epcn(data / "ePCN-2019-12.xlsx", model=m)
    t3 = time.perf_counter()
    times.update({"list sizes": t1 - t0, "read_epraccur": t2 - t1, "read_epcn": t3 - t2,
                  "build (all)": t3 - t0})
    return times, m


def agreements(m: Any) -> list[dict[str, Any]]:
    """The network agreements of the national model, as add_contract's keyword arguments."""
    out = []
    for cid in m.ids("contract"):
        c = m.get(cid)
        out.append({"id": cid, "kind": c["kind"], "name": c.get("name"),
                    "parties": c["parties"], "start": c.get("start"), "end": c.get("end")})
    return out


def contracts_step(base: Any, rows: list[dict[str, Any]]) -> dict[str, float]:
    """The 1,250 network agreements added to the practices model: one add_contract per row, and
    (where the package has it) one add_contracts_from; the two models must be the same."""
    times = {}
    one = base.copy()
    t0 = time.perf_counter()
    for r in rows:
        one.add_contract(r["id"], kind=r["kind"], name=r["name"], parties=r["parties"],
                         start=r["start"], end=r["end"])
    times["add_contract x n"] = time.perf_counter() - t0
    if hasattr(base, "add_contracts_from"):
        bulk = base.copy()
        t0 = time.perf_counter()
        bulk.add_contracts_from({
            "id": [r["id"] for r in rows], "kind": [r["kind"] for r in rows],
            "name": [r["name"] for r in rows],
            "party": [r["parties"]["party"] for r in rows],
            "start": [r["start"] for r in rows], "end": [r["end"] for r in rows]})
        times["add_contracts_from"] = time.perf_counter() - t0
        assert bulk.dumps() == one.dumps(), "bulk and per-row contracts differ"
    return times


def synthetic_step(n: int) -> dict[str, float]:
    """``n`` practices, each with a GMS contract holding one obligation and a seat on one of
    ``n // 20`` boards: added one call per row, then (where the package has them) in three bulk
    calls; the two models must be the same."""
    base = gg.Model()
    base.add_nodes_from({"id": ["ccg", "fed"] + [f"p{i}" for i in range(n)],
                         "kind": ["commissioner", "federation"] + ["practice"] * n},
                        type="organisation")
    boards = [f"b{j}" for j in range(max(1, n // 20))]
    base.add_nodes_from({"id": [f"gp{i}" for i in range(n)]}, type="person")
    times = {}
    one = base.copy()
    t0 = time.perf_counter()
    for i in range(n):
        one.add_contract(f"gms-{i}", kind="gms", parties={"commissioner": "ccg",
                                                          "holder": f"p{i}"},
                         obligations=[{"id": f"gms-{i}/essential", "category": "clinical"}],
                         start="2004-04-01")
    for b in boards:
        one.add_board(b, of="fed", quota=0.5)
    for i in range(n):
        one.add_seat(f"s{i}", board=boards[i % len(boards)], appointed_by=f"p{i}",
                     represents=[f"p{i}"], held_by=f"gp{i}", votes=1)
    times[f"{n:,} rows, per row"] = time.perf_counter() - t0
    if hasattr(base, "add_contracts_from"):
        contracts = {"id": [f"gms-{i}" for i in range(n)], "kind": ["gms"] * n,
                     "commissioner": ["ccg"] * n, "holder": [f"p{i}" for i in range(n)],
                     "start": ["2004-04-01"] * n}
        obligations = {"contract": contracts["id"], "id": [f"gms-{i}/essential" for i in range(n)],
                       "category": ["clinical"] * n}
        seats = {"id": [f"s{i}" for i in range(n)],
                 "board": [boards[i % len(boards)] for i in range(n)],
                 "appointed_by": [f"p{i}" for i in range(n)],
                 "represents": [[f"p{i}"] for i in range(n)],
                 "held_by": [f"gp{i}" for i in range(n)], "votes": [1] * n}
        bulk = base.copy()
        t0 = time.perf_counter()
        bulk.add_contracts_from(contracts, obligations)
        bulk.add_boards_from({"id": boards, "of": ["fed"] * len(boards),
                              "quota": [0.5] * len(boards)})
        bulk.add_seats_from(seats)
        times[f"{n:,} rows, bulk"] = time.perf_counter() - t0
        assert bulk.dumps() == one.dumps(), "bulk and per-row contracts, boards, seats differ"
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed builds (default 5)")
    ap.add_argument("--data", type=Path, default=england_case.DATA, help="the NHS data folder")
    ap.add_argument("--synthetic", type=int, default=20_000,
                    help="rows of the synthetic contracts-and-seats step (0: skip it)")
    args = ap.parse_args()
    import logging

    logging.getLogger("govgraph.nhs").setLevel(logging.ERROR)
    print(f"machine : {cpu_model()}, {os.cpu_count()} logical cores, {platform.machine()}, "
          f"{platform.system()} {platform.release()}")
    print(f"python  : {platform.python_version()}; govgraph {metadata.version('govgraph')}, "
          f"pandas {metadata.version('pandas')}, openpyxl {metadata.version('openpyxl')}")
    _, m = one_build(args.data)  # warm-up: imports, file cache
    runs = [one_build(args.data)[0] for _ in range(args.repeat)]
    base = gg.nhs.read_epraccur(args.data / "epraccur-2019.csv",
                                list_sizes=args.data / "gp-reg-pat-prac-all-2021-01.csv")
    rows = agreements(m)
    for r in runs:
        r.update(contracts_step(base, rows))
        if args.synthetic:
            r.update(synthetic_step(args.synthetic))
    counts = {t: m.count(t) for t in ("organisation", "contract", "board", "seat")}
    print(f"model   : {len(m):,} nodes, {m.relation_count():,} relations; "
          + ", ".join(f"{n:,} {t}s" for t, n in counts.items()))
    print(f"\n{'step':20}{'best (s)':>10}{'median (s)':>12}   ({args.repeat} runs)")
    for step in runs[0]:
        xs = [r[step] for r in runs]
        print(f"{step:20}{min(xs):>10.3f}{statistics.median(xs):>12.3f}")


if __name__ == "__main__":
    main()
