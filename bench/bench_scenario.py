"""What-if at depth: without, impact and diff over a chain of sub-contracts listed before heads.

Run from the repository root::

    .venv/bin/python bench/bench_scenario.py                 # 8,000 tiers
    .venv/bin/python bench/bench_scenario.py --tiers 2000 4000 8000 --repeat 3

The model is one GMS contract held by o0 and ``tiers`` sub-contracts below it (sub-i from o(i-1)
to o(i), its obligation flowing from the tier above), written as one govgraph JSON document with
the deepest tier first, so that every sub-contract comes before its head (the case that made the
old fixpoint in scenario.cpp take one pass over every node per tier). Each line times, best of
``repeat``: ``loads`` (reading and checking the document), ``_removed_by(["gms"])`` (the closure
over dependants alone: every contract goes), ``without(["sub-1"])`` (the closure plus the copy of
what is left), ``impact(["sub-1"])`` (with no as_of: it copies the current facts, and that copy is
checked as a file is), ``impact(["sub-1"], as_of="2020-01-01")`` (no copy) and
``gg.diff(m, m.without([f"o{tiers // 2}"]))`` (half the chain goes). See bench/README.md,
section "Scenarios". Runs against any installed govgraph (an older one without
``impact(as_of=)`` too).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from typing import Any

from _common import cpu_model

import govgraph as gg


def document(tiers: int) -> str:
    contracts: list[dict[str, Any]] = []
    for i in range(tiers, 0, -1):
        up = "gms" if i == 1 else f"sub-{i - 1}"
        contracts.append({"id": f"sub-{i}", "kind": "subcontract", "head": up,
                          "parties": {"contractor": f"o{i - 1}", "subcontractor": f"o{i}"},
                          "obligations": [{"id": f"sub-{i}/x", "flows_from": f"{up}/x"}]})
    contracts.append({"id": "gms", "kind": "gms",
                      "parties": {"commissioner": "ccg", "holder": "o0"},
                      "obligations": [{"id": "gms/x"}]})
    orgs = [{"id": "ccg", "kind": "commissioner", "legal_form": "statutory_body"}]
    orgs += [{"id": f"o{i}", "kind": "practice", "list_size": 1000} for i in range(tiers + 1)]
    return json.dumps({"govgraph": 1, "name": f"{tiers} tiers", "organisations": orgs,
                       "contracts": contracts})


def best(fn: Any, repeat: int) -> tuple[float, Any]:
    out, times = None, []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tiers", type=int, nargs="+", default=[8000])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print(f"govgraph {gg.__version__} from {gg.__file__}; {cpu_model()}; "
          f"Python {platform.python_version()}")
    print(f"{'tiers':>6} {'loads':>9} {'removed_by':>11} {'without':>9} {'impact':>9} "
          f"{'as_of':>9} {'diff':>9}  (seconds, best of {a.repeat})")
    for tiers in a.tiers:
        text = document(tiers)
        t_load, m = best(lambda text=text: gg.loads(text), 1)
        t_rem, gone = best(lambda m=m: m._removed_by(["gms"]), a.repeat)
        assert len(gone) == 2 * (tiers + 1), len(gone)
        t_wo, w = best(lambda m=m: m.without(["sub-1"]), a.repeat)
        assert len(w) == len(m) - 2 * tiers
        try:
            t_imp, r = best(lambda m=m: m.impact(["sub-1"]), a.repeat)
            imp, undelivered = f"{t_imp:>9.4f}", str(len(r.without_performer))
        except gg.Error as e:  # an older govgraph: its liability paths stop at 4,096 tiers
            imp, undelivered = f"{'error':>9}", f"impact: {e}"
        try:
            t_day, _ = best(lambda m=m: m.impact(["sub-1"], as_of="2020-01-01"), a.repeat)
            day = f"{t_day:>9.4f}"
        except (TypeError, gg.Error):  # an older govgraph: impact has no as_of
            day = f"{'n/a':>9}"
        half = m.without([f"o{tiers // 2}"])
        t_diff, d = best(lambda m=m, half=half: gg.diff(m, half), a.repeat)
        print(f"{tiers:>6} {t_load:>9.3f} {t_rem:>11.4f} {t_wo:>9.4f} {imp} {day} "
              f"{t_diff:>9.4f}  ({undelivered} undelivered, {len(d)} diff rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
