"""Banzhaf and Shapley–Shubik indices: govgraph against the powerindex package (PyPI).

Run from the repository root (powerindex is a benchmark-only dependency)::

    .venv/bin/pip install powerindex
    .venv/bin/python bench/bench_power.py                      # n = 20, 50, 100, 200
    .venv/bin/python bench/bench_power.py --sizes 20 50 --repeat 5

The games are weighted majority votes among GP practices, each weighing its registered list
size: n practices are drawn (fixed seed, nested: the first n of one permutation) from the NHS
file of patients registered at each practice, January 2021. The quota is a strict majority,
floor(total/2) + 1, and a coalition wins with at least the quota (both libraries use that
convention; a small game checks it first). Two variants:

* ``patients``  list sizes as they are (the DP tables are as long as the quota, ~n·4,500);
* ``hundreds``  list sizes rounded to the nearest 100 and counted in hundreds of patients, with
  the majority quota in those units — 100 times shorter tables.

Every (library, index, variant, n) runs in a fresh subprocess (``--worker``, job on stdin, one
JSON line out) under a 3 GiB address-space limit and a wall-clock timeout, and keeps the best of
a few runs. Before running, the time and memory of a case are estimated from the library's
complexity and its measured time at the previous n; a case estimated to take longer than the
budget (120 s) or more memory than the limit is skipped with the reason printed. The parent
checks that both libraries agree to 1e-9 on every player (max abs difference printed) and exits
non-zero if they don't. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import resource
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from _common import cpu_model  # bench/_common.py (the script directory is on sys.path)

DATA = Path("/work/shared/data/nhs/gp-reg-pat-prac-all-2021-01.csv")
SEED = 20261123
TOL = 1e-9
MEM_LIMIT = 3 * 2**30  # address space of one worker
LIBS = ("govgraph", "powerindex")
INDICES = ("banzhaf", "shapley_shubik")
VARIANTS = ("patients", "hundreds")


# --------------------------------------------------------------------------------------- games
def list_sizes() -> list[int]:
    """Registered patients of every practice, in the file's order."""
    import pandas as pd

    df = pd.read_csv(DATA)
    for col, want in (("SEX", "ALL"), ("AGE", "ALL")):  # one row per practice: totals only
        if col in df.columns:
            df = df[df[col].astype(str).str.upper() == want]
    numeric = pd.api.types.is_numeric_dtype
    cols = [c for c in df.columns if "PATIENT" in c.upper() and numeric(df[c])]
    if len(cols) != 1:
        raise SystemExit(f"cannot tell the registered-patients column in {DATA}: {cols}")
    sizes = df[cols[0]].dropna().astype("int64")
    return [int(x) for x in sizes[sizes > 0]]


def real_cases() -> list[tuple[str, list[int]]]:
    """The real practices of the case studies, weighted by list size: North Cumbria's 39
    (CCG 01H, examples/python/north_cumbria_case.py) and Somerset's 65 (CCG 11X,
    examples/python/somerset_case.py), as their `practices()` tables give them."""
    examples = Path(__file__).resolve().parents[1] / "examples" / "python"
    sys.path.insert(0, str(examples))
    import north_cumbria_case
    import somerset_case

    out = []
    for name, mod in (("north_cumbria_39", north_cumbria_case), ("somerset_65", somerset_case)):
        sizes = [int(x) for x in mod.practices().list_size.dropna()]
        out.append((name, sizes))
    return out


def make_games(sizes: list[int], ns: list[int]) -> dict[tuple[str, int], tuple[list[int], int]]:
    import numpy as np

    order = np.random.default_rng(SEED).permutation(len(sizes))
    games = {}
    for n in ns:
        picked = [sizes[i] for i in order[:n]]
        for variant in VARIANTS:
            w = picked if variant == "patients" else [(x + 50) // 100 for x in picked]
            games[(variant, n)] = (w, sum(w) // 2 + 1)
    return games


def reduced(lib: str, weights: list[int], quota: int) -> tuple[int, int]:
    """(quota, total weight) of the game each library's DP runs on: govgraph divides by the
    weights' gcd g (quota -> ceil(quota/g)), powerindex by gcd(quota, weights)."""
    g = math.gcd(*weights) if lib == "govgraph" else math.gcd(quota, *weights)
    return -(-quota // g), sum(weights) // g


# -------------------------------------------------------------------------------------- worker
def compute(lib: str, index: str, w: list[int], q: int) -> list[float]:
    if lib == "govgraph":
        import govgraph as gg

        return list(gg.banzhaf(w, q) if index == "banzhaf" else gg.shapley_shubik(w, q))
    import powerindex as px

    g = px.Game(q, w)  # Game(quota, weights)
    if index == "banzhaf":
        g.calc_banzhaf()
        return list(g.banzhaf)
    g.calc_shapley_shubik()
    return list(g.shapley_shubik)


def worker() -> None:
    job = json.loads(sys.stdin.read())
    out: dict[str, Any] = {"times": []}
    try:
        for _ in range(job["repeat"]):
            t0 = time.perf_counter()
            res = compute(job["lib"], job["index"], job["weights"], job["quota"])
            out["times"].append(time.perf_counter() - t0)
            out["result"] = res
            if sum(out["times"]) > job["spend"]:  # slow case: fewer runs
                break
    except Exception as e:  # noqa: BLE001 — reported by the parent
        out["error"] = f"{type(e).__name__}: {e}"
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEM_LIMIT, MEM_LIMIT))


def run(lib: str, index: str, w: list[int], q: int, args: argparse.Namespace) -> dict[str, Any]:
    job = {"lib": lib, "index": index, "weights": w, "quota": q,
           "repeat": args.repeat, "spend": args.spend}
    try:
        p = subprocess.run([sys.executable, __file__, "--worker"], input=json.dumps(job),
                           capture_output=True, text=True, timeout=args.timeout,
                           preexec_fn=limit_memory, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout:.0f} s"}
    if p.returncode != 0 or not p.stdout.strip():
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"worker exit {p.returncode}: {tail}"}
    return json.loads(p.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------ cost estimates
def passes(index: str, n: int) -> int:
    """govgraph's passes: counts need n bits (Banzhaf) or those of C(n-1, (n-1)/2) (SS)."""
    bits = n if index == "banzhaf" else math.comb(n - 1, (n - 1) // 2).bit_length()
    return 1 + max(0, math.ceil((bits - 64) / 58))


def work(lib: str, index: str, n: int, q: int, total: int) -> float:
    """Relative time: the DP's cell count times the size of one count (words/digits)."""
    if lib == "govgraph":  # one pass per modulus: 2^64, then 2^61-1, 2^59-1, ... (~58 bits each)
        return (n * q if index == "banzhaf" else n * n * q / 2) * passes(index, n)
    digits = math.ceil(n / 30)  # CPython ints: 30-bit digits, counts up to 2^n
    # powerindex's Banzhaf table runs to the total weight, not the quota
    return (n * total if index == "banzhaf" else n * n * q) * digits


def memory(lib: str, index: str, n: int, q: int, total: int) -> float:
    """Rough peak bytes of the DP tables."""
    if lib == "govgraph":  # 8-byte cells; two passes at a time when there are several
        both = 2 if passes(index, n) > 1 else 1
        return (q if index == "banzhaf" else n * q / 2) * 8 * both
    digits = math.ceil(n / 30)
    if index == "banzhaf":  # a few lists of `total` ints
        return 3 * total * (8 + 28 + 4 * digits)
    # every table coeffs[i][k][y] for i <= n, k <= i, y < q is kept (~15 B/cell measured at n=20)
    return n * (n + 1) / 2 * q * 8 * (1 + digits)


def skip_reason(lib: str, index: str, variant: str, w: list[int], quota: int,
                seen: dict[tuple[str, str, str], tuple[int, int, int, float]],
                args: argparse.Namespace) -> str | None:
    n = len(w)
    q, total = reduced(lib, w, quota)
    mem = memory(lib, index, n, q, total)
    if mem > 0.85 * MEM_LIMIT:
        return f"needs ~{mem / 2**30:.1f} GiB (limit {MEM_LIMIT / 2**30:.0f} GiB)"
    prev = seen.get((lib, index, variant))
    if prev is not None:
        pn, pq, ptot, pt = prev
        est = pt * work(lib, index, n, q, total) / work(lib, index, pn, pq, ptot)
        if est > args.budget:
            return f"estimated {est:.0f} s from n={pn} (budget {args.budget:.0f} s)"
    return None


# ---------------------------------------------------------------------------------------- main


def version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "?"


def fmt_t(t: float | None) -> str:
    if t is None:
        return "—"
    return f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"


def check_convention(args: argparse.Namespace) -> None:
    """[3, 1, 1] with quota 3: player 0 wins alone if (and only if) 'at least quota' wins."""
    for index in INDICES:
        for lib in LIBS:
            r = run(lib, index, [3, 1, 1], 3, args)
            if "error" in r or max(abs(a - b) for a, b in zip(r["result"], [1, 0, 0])) > TOL:
                raise SystemExit(f"{lib} {index}: quota convention check failed: {r}")
    print("quota convention: both libraries count a coalition with weight >= quota as winning")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 50, 100, 200])
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    ap.add_argument("--repeat", type=int, default=3, help="runs per case, best kept")
    ap.add_argument("--spend", type=float, default=20.0,
                    help="stop repeating a case once its runs took this long (s)")
    ap.add_argument("--budget", type=float, default=120.0,
                    help="skip a case estimated to take longer than this (s)")
    ap.add_argument("--timeout", type=float, default=400.0, help="kill a worker after this (s)")
    ap.add_argument("--no-real", action="store_true",
                    help="leave out the case studies' practices (north_cumbria_39, somerset_65)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker()
        return

    import govgraph._core as core

    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(Path(core.__file__).stat().st_mtime))
    print(f"CPU: {cpu_model()}; Python {platform.python_version()}; govgraph "
          f"{version('govgraph')} (extension built {built}); powerindex {version('powerindex')}")
    sizes = list_sizes()
    print(f"data: {DATA.name}: {len(sizes)} practices, list sizes {min(sizes)}..{max(sizes)}, "
          f"median {sorted(sizes)[len(sizes) // 2]}; seed {SEED}")
    check_convention(args)
    games = make_games(sizes, sorted(args.sizes))

    seen: dict[tuple[str, str, str], tuple[int, int, int, float]] = {}
    rows, problems = [], []
    px_fails_at: dict[int, str] = {}  # n -> error of powerindex Shapley–Shubik on a tiny game
    cases = [(variant, n, *games[(variant, n)]) for variant in args.variants
             for n in sorted(args.sizes)]
    if not args.no_real:
        cases += [(name, len(w), w, sum(w) // 2 + 1) for name, w in real_cases()]
    for variant, n, w, quota in cases:
        for index in INDICES:
            res: dict[str, Any] = {}
            for lib in LIBS:
                reason = None
                if lib == "powerindex" and index == "shapley_shubik":
                    # it turns n! into a float: try a tiny game with n players first
                    if n not in px_fails_at:
                        r = run(lib, index, [1] * n, n // 2 + 1, args)
                        px_fails_at[n] = r.get("error", "")
                    if px_fails_at[n]:
                        reason = f"fails even on {n} unit weights: {px_fails_at[n]}"
                reason = reason or skip_reason(lib, index, variant, w, quota, seen, args)
                if reason is None:
                    r = run(lib, index, w, quota, args)
                    reason = r.get("error")
                if reason is not None:
                    print(f"  skip {lib:10} {index:14} {variant:8} n={n:3}: {reason}",
                          flush=True)
                    res[lib] = None
                    continue
                best = min(r["times"])
                seen[(lib, index, variant)] = (n, *reduced(lib, w, quota), best)
                res[lib] = (best, len(r["times"]), r["result"], r["maxrss_mb"])
                print(f"  ran  {lib:10} {index:14} {variant:8} n={n:3}: {fmt_t(best)} "
                      f"(best of {len(r['times'])}, max RSS {r['maxrss_mb']:.0f} MB)",
                      flush=True)
            diff = None
            if res["govgraph"] and res["powerindex"]:
                a, b = res["govgraph"][2], res["powerindex"][2]
                diff = max(abs(x - y) for x, y in zip(a, b)) if len(a) == len(b) else math.inf
                if not diff <= TOL:
                    problems.append(f"{index} {variant} n={n}: max |diff| {diff:.3g}")
            g = math.gcd(*w)
            rows.append((variant, n, quota, g, index, res["govgraph"], res["powerindex"], diff))

    print()
    print("| weights | n | quota | gcd | index | govgraph | powerindex | ratio px/gg | "
          "max abs diff |")
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for variant, n, q, g, index, gg_r, px_r, diff in rows:
        ratio = f"{px_r[0] / gg_r[0]:,.0f}×" if gg_r and px_r else "—"
        print(f"| {variant} | {n} | {q:,} | {g} | {index} | {fmt_t(gg_r and gg_r[0])} | "
              f"{fmt_t(px_r and px_r[0])} | {ratio} | "
              f"{'—' if diff is None else f'{diff:.1e}'} |")

    # The same 'hundreds' game given in patients (multiples of 100, quota floor(total/2)+1, rarely
    # a multiple of 100): govgraph divides by the weights' gcd alone, so it should cost the same.
    n = max(args.sizes)
    w, quota = games[("hundreds", n)]
    w100 = [x * 100 for x in w]
    q100 = sum(w100) // 2 + 1
    t = {}
    for label, ww, qq in (("hundreds", w, quota), ("x100", w100, q100)):
        r = run("govgraph", "banzhaf", ww, qq, args)
        t[label] = r
    if all("result" in r for r in t.values()):
        d = max(abs(x - y) for x, y in zip(t["hundreds"]["result"], t["x100"]["result"]))
        print(f"\nnote: n={n} sizes rounded to 100 given in patients (quota {q100}, "
              f"gcd(quota, weights) = {math.gcd(q100, *w100)}): govgraph banzhaf "
              f"{fmt_t(min(t['x100']['times']))} vs {fmt_t(min(t['hundreds']['times']))} in "
              f"hundreds (same game: max |diff| {d:.1e})")

    if problems:
        print("\nDISAGREEMENT beyond 1e-9:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print(f"\nall compared cases agree to {TOL:g} (max abs difference per player)")


if __name__ == "__main__":
    main()
