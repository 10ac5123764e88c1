"""Bulk build and typed reachability: govgraph against networkx on the same synthetic register.

Run from the repository root::

    .venv/bin/python bench/bench_build_reach.py                 # 1,000,000 relations
    .venv/bin/python bench/bench_build_reach.py --relations 200000 --seed 7

The parent process prints the machine and versions, then runs each library in a fresh
subprocess (``--worker govgraph`` / ``--worker networkx``, and ``--worker networkx-gc-off``:
networkx with the cyclic garbage collector paused during the build) so that one library's memory
never counts against the other. Each worker generates the same seeded data with numpy, measures its
current RSS, builds the graph (timed), measures RSS again, runs the same multi-source typed
reachability query a few times (best time kept) and prints one JSON line. The parent checks that
both found the same set of nodes and prints a side-by-side table. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import sys
import time
from importlib import metadata
from typing import Any

import numpy as np
from _common import (  # bench/_common.py (the script directory is on sys.path)
    cpu_model,
    run_subprocess,
)

KINDS = ("owns", "controls", "employs", "member_of", "partner_in", "occupies", "guarantees")
FOLLOW = ("owns", "controls")
# Share of all relations per kind (ownership chains and cycle-closing edges count in owns and
# controls).
MIX = {
    "owns": 0.30,
    "controls": 0.10,
    "employs": 0.20,
    "member_of": 0.10,
    "partner_in": 0.10,
    "occupies": 0.10,
    "guarantees": 0.10,
}
LEGAL_FORMS = ("limited_company", "company_limited_by_guarantee", "llp", "statutory_body")


# -- data ---------------------------------------------------------------------------------------


def make_data(n_relations: int, seed: int, n_sources: int) -> dict[str, Any]:
    """The synthetic model as numpy columns; the same for a given (n_relations, seed, n_sources).

    Nodes (for 1M relations): 200k organisations (10% partnerships), 250k people, 50k assets.
    Relations: ownership chains of 2-12 companies each owning the next, a controls back edge
    closing a fifth of the chains into cycles, the rest of each kind drawn at random between
    the endpoint types the kind allows. No self-loops. Ids and kinds are object arrays of str;
    ``share`` is a float column, NaN except on owns.
    """
    rng = np.random.default_rng(seed)
    scale = n_relations / 1_000_000
    n_org = max(int(200_000 * scale), 100)
    n_person = max(int(250_000 * scale), 100)
    n_asset = max(int(50_000 * scale), 20)
    # Global node numbering: organisations, then people, then assets.
    org = np.arange(n_org)
    person = np.arange(n_org, n_org + n_person)
    asset = np.arange(n_org + n_person, n_org + n_person + n_asset)
    ids = np.array(
        [f"org-{i:07d}" for i in range(n_org)]
        + [f"person-{i:07d}" for i in range(n_person)]
        + [f"asset-{i:07d}" for i in range(n_asset)],
        dtype=object,
    )
    is_partnership = rng.random(n_org) < 0.10
    partnerships = org[is_partnership]
    legal_form = np.array(LEGAL_FORMS, dtype=object)[rng.integers(0, len(LEGAL_FORMS), n_org)]
    legal_form[is_partnership] = "partnership"

    src_parts: list[np.ndarray] = []
    tgt_parts: list[np.ndarray] = []
    kind_parts: list[np.ndarray] = []

    def emit(kind: str, src: np.ndarray, tgt: np.ndarray) -> None:
        src_parts.append(src)
        tgt_parts.append(tgt)
        kind_parts.append(np.full(len(src), KINDS.index(kind), dtype=np.int8))

    # Ownership chains: a random order of all organisations cut into runs of 2-12.
    order = rng.permutation(org)
    lengths = rng.integers(2, 13, size=n_org // 2)
    ends = np.cumsum(lengths)
    ends = ends[ends < n_org]
    starts = np.concatenate(([0], ends))
    stops = np.concatenate((ends, [n_org]))
    in_chain = np.ones(n_org, dtype=bool)
    in_chain[stops - 1] = False  # the last company of a run owns no next one
    pos = np.nonzero(in_chain[:-1])[0]
    emit("owns", order[pos], order[pos + 1])
    chain_owns = len(pos)
    # Close a fifth of the runs into cycles: the last company controls the first.
    closed = rng.random(len(starts)) < 0.20
    closed &= (stops - starts) >= 2
    emit("controls", order[stops[closed] - 1], order[starts[closed]])
    chain_controls = int(closed.sum())

    def pick(pool: np.ndarray, n: int) -> np.ndarray:
        return pool[rng.integers(0, len(pool), n)]

    def mixed(a: np.ndarray, b: np.ndarray, share_a: float, n: int) -> np.ndarray:
        return np.where(rng.random(n) < share_a, pick(a, n), pick(b, n))

    def random_kind(kind: str, src: np.ndarray, tgt_pool_fn: Any) -> None:
        tgt = tgt_pool_fn(len(src))
        emit(kind, src, tgt)

    counts = {k: round(MIX[k] * n_relations) for k in KINDS}
    counts["guarantees"] += n_relations - sum(counts.values())
    counts["owns"] -= chain_owns
    counts["controls"] -= chain_controls
    n = counts["owns"]  # owners: mostly people; owned: companies and some assets
    random_kind("owns", mixed(person, org, 0.7, n), lambda k: mixed(org, asset, 0.8, k))
    n = counts["controls"]
    random_kind("controls", mixed(person, org, 0.7, n), lambda k: pick(org, k))
    n = counts["employs"]
    random_kind("employs", pick(org, n), lambda k: pick(person, k))
    n = counts["member_of"]
    random_kind("member_of", mixed(person, org, 0.5, n), lambda k: pick(org, k))
    n = counts["partner_in"]
    random_kind("partner_in", mixed(person, org, 0.8, n), lambda k: pick(partnerships, k))
    n = counts["occupies"]
    random_kind("occupies", mixed(org, person, 0.8, n), lambda k: pick(asset, k))
    n = counts["guarantees"]
    random_kind("guarantees", mixed(person, org, 0.6, n), lambda k: pick(org, k))

    src = np.concatenate(src_parts)
    tgt = np.concatenate(tgt_parts)
    kind = np.concatenate(kind_parts)
    # No self-loops: move the target to the next node of its pool (organisations, which are
    # the only type that can be both ends, or partnerships).
    loop = np.nonzero(src == tgt)[0]
    for i in loop:
        if KINDS[kind[i]] == "partner_in":
            j = np.searchsorted(partnerships, tgt[i])
            tgt[i] = partnerships[(j + 1) % len(partnerships)]
        else:
            tgt[i] = (tgt[i] + 1) % n_org
    assert not (src == tgt).any()
    # Interleave kinds as a register export would.
    perm = rng.permutation(len(src))
    src, tgt, kind = src[perm], tgt[perm], kind[perm]
    share = np.full(len(src), np.nan)
    is_owns = kind == KINDS.index("owns")
    share[is_owns] = np.round(rng.uniform(0.01, 1.0, int(is_owns.sum())), 4)

    owners = np.concatenate((org, person))
    sources = ids[rng.choice(owners, size=n_sources, replace=False)]
    return {
        "org_ids": ids[:n_org].copy(),
        "org_legal_form": legal_form,
        "person_ids": ids[n_org : n_org + n_person].copy(),
        "asset_ids": ids[n_org + n_person :].copy(),
        # The same str objects as the node ids: neither library pays for the id text twice.
        "kind": np.array(KINDS, dtype=object)[kind],
        "source": ids[src],
        "target": ids[tgt],
        "share": share,
        "sources": sources,
        "n_nodes": len(ids),
        "n_relations": len(src),
    }


# -- measuring ----------------------------------------------------------------------------------


def rss_bytes() -> int:
    """Current resident set size (not the peak), from /proc/self/statm."""
    with open("/proc/self/statm") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def digest(ids: Any) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def best_of(fn: Any, repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


# -- govgraph -----------------------------------------------------------------------------------


def build_govgraph(d: dict[str, Any], laps: dict[str, float]) -> Any:
    import govgraph as gg

    t0 = time.perf_counter()
    m = gg.Model(name="synthetic register")
    m.add_nodes_from({"id": d["org_ids"], "legal_form": d["org_legal_form"]},
                     type="organisation")
    m.add_nodes_from({"id": d["person_ids"]}, type="person")
    m.add_nodes_from({"id": d["asset_ids"]}, type="asset")
    t1 = time.perf_counter()
    m.add_relations_from(
        {"kind": d["kind"], "source": d["source"], "target": d["target"], "share": d["share"]}
    )
    laps["nodes_s"], laps["relations_s"] = t1 - t0, time.perf_counter() - t1
    return m


def reach_govgraph(m: Any, sources: list[str]) -> list[str]:
    return m.reachable(sources, kinds=list(FOLLOW), direction="out")


# -- networkx -----------------------------------------------------------------------------------


def build_networkx(d: dict[str, Any], laps: dict[str, float]) -> Any:
    import networkx as nx

    t0 = time.perf_counter()
    g = nx.MultiDiGraph(name="synthetic register")
    g.add_nodes_from(
        (i, {"type": "organisation", "legal_form": lf})
        for i, lf in zip(d["org_ids"].tolist(), d["org_legal_form"].tolist())
    )
    g.add_nodes_from(d["person_ids"].tolist(), type="person")
    g.add_nodes_from(d["asset_ids"].tolist(), type="asset")
    t1 = time.perf_counter()
    # Like govgraph, keep `share` only where it is given (owns), not as NaN on every edge.
    g.add_edges_from(
        (u, v, {"kind": k} if math.isnan(s) else {"kind": k, "share": s})
        for u, v, k, s in zip(
            d["source"].tolist(), d["target"].tolist(), d["kind"].tolist(), d["share"].tolist()
        )
    )
    laps["nodes_s"], laps["relations_s"] = t1 - t0, time.perf_counter() - t1
    return g


def reach_networkx(g: Any, sources: list[str], succ: Any = None) -> set[str]:
    """Breadth-first from all sources at once over G.succ, following only FOLLOW edges.

    ``succ`` may replace the public ``G.succ`` view (for the sensitivity run over the private
    ``G._succ`` dicts)."""
    follow = frozenset(FOLLOW)
    succ = g.succ if succ is None else succ
    seen = set(sources)
    frontier = list(seen)
    while frontier:
        nxt = []
        for u in frontier:
            for v, keyed in succ[u].items():
                if v in seen:
                    continue
                for attrs in keyed.values():
                    if attrs.get("kind") in follow:
                        seen.add(v)
                        nxt.append(v)
                        break
        frontier = nxt
    return seen


# -- worker and parent --------------------------------------------------------------------------

WORKERS = ("govgraph", "networkx", "networkx-gc-off")


def malloc_trim() -> bool:
    """Give freed C heap back to the OS (glibc only); used for a diagnostic figure only."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True


def worker(lib: str, args: argparse.Namespace) -> None:
    # Import first: neither the import time nor the module's memory counts as build.
    __import__("govgraph" if lib == "govgraph" else "networkx")
    d = make_data(args.relations, args.seed, args.sources)
    sources = d["sources"].tolist()
    n_rel = d["n_relations"]
    gc.collect()
    before = rss_bytes()
    build = build_govgraph if lib == "govgraph" else build_networkx
    laps: dict[str, float] = {}
    if lib == "networkx-gc-off":  # sensitivity: a user who knows to pause the cyclic GC
        gc.disable()
    t0 = time.perf_counter()
    g = build(d, laps)
    build_s = time.perf_counter() - t0
    gc.enable()
    gc.collect()
    after = rss_bytes()

    reach = reach_govgraph if lib == "govgraph" else reach_networkx
    query_s, found = best_of(lambda: reach(g, sources), args.repeat)
    out: dict[str, Any] = {
        "lib": lib,
        "nodes": d["n_nodes"],
        "relations": n_rel,
        "build_s": build_s,
        **laps,
        "query_s": query_s,
        "rss_before": before,
        "rss_after": after,
        "bytes_per_relation": (after - before) / n_rel,
        "reached": len(found),
        "digest": digest(found),
    }
    # Diagnostics, measured after the figures above.
    if lib == "govgraph":
        # How much of the build is the Python-side column preparation (govgraph.frames).
        from govgraph.frames import to_columns

        rel = {"kind": d["kind"], "source": d["source"], "target": d["target"],
               "share": d["share"]}
        out["prep_s"], _ = best_of(lambda: to_columns(rel), 1)
        out["model_nodes"] = len(g)
        out["model_relations"] = g.relation_count()
    else:
        out["model_nodes"] = g.number_of_nodes()
        out["model_relations"] = g.number_of_edges()
        if lib == "networkx":
            # The same BFS over the private adjacency dicts, skipping the public views.
            out["query_raw_s"], raw = best_of(
                lambda: reach_networkx(g, sources, g._succ), args.repeat)
            assert raw == found
    if malloc_trim():
        out["bytes_per_relation_trimmed"] = (rss_bytes() - before) / n_rel
    print(json.dumps(out), flush=True)




def core_identity() -> str:
    """The installed compiled core: file modification time and a hash prefix (the tree may be
    rebuilt between runs, so a result names the binary it measured)."""
    import importlib.util

    spec = importlib.util.find_spec("govgraph._core")
    if spec is None or not spec.origin:
        return "govgraph._core not found"
    with open(spec.origin, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()[:12]
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(spec.origin)))
    return f"_core built {built}, sha256 {sha}"


def run_worker(lib: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", lib,
           "--relations", str(args.relations), "--seed", str(args.seed),
           "--sources", str(args.sources), "--repeat", str(args.repeat)]
    res, took = run_subprocess(cmd, lib)
    print(f"  {lib}: done in {took:.1f} s (including data generation)",
          flush=True)
    return res


def report(r: dict[str, dict[str, Any]], as_json: str | None) -> None:
    gg, nx, nxo = r["govgraph"], r["networkx"], r.get("networkx-gc-off")
    for other in r.values():
        assert other["relations"] == gg["relations"] == other["model_relations"]
        assert other["nodes"] == gg["nodes"] == other["model_nodes"]
        assert other["digest"] == gg["digest"] and other["reached"] == gg["reached"], (
            f"govgraph and {other['lib']} found different reachable sets")
    print(f"\n{gg['nodes']:,} nodes, {gg['relations']:,} relations. Reachable set: "
          f"{gg['reached']:,} nodes in every run, identical (sha256 {gg['digest'][:16]}...)")

    def line(label: str, a: float, b: float, fmt: str, mem: bool = False) -> None:
        if mem:
            ratio = f"govgraph = {a / b:.3f} of networkx (1/{b / a:.1f})"
        else:
            ratio = f"networkx / govgraph = {b / a:.1f}x"
        print(f"{label:40}{fmt.format(a):>10}{fmt.format(b):>10}   {ratio}")

    print(f"\n{'':40}{'govgraph':>10}{'networkx':>10}   ratio")
    line("bulk build (s)", gg["build_s"], nx["build_s"], "{:.2f}")
    line("  of which nodes (s)", gg["nodes_s"], nx["nodes_s"], "{:.2f}")
    line("  of which relations (s)", gg["relations_s"], nx["relations_s"], "{:.2f}")
    if nxo:
        line("  networkx with gc off during build (s)", gg["build_s"], nxo["build_s"], "{:.2f}")
    line("typed reachability, best of 3 (s)", gg["query_s"], nx["query_s"], "{:.3f}")
    if "query_raw_s" in nx:
        line("  networkx BFS over private G._succ (s)", gg["query_s"], nx["query_raw_s"],
             "{:.3f}")
    line("memory (bytes / relation)", gg["bytes_per_relation"], nx["bytes_per_relation"],
         "{:.0f}", mem=True)
    if nxo:
        line("  networkx with gc off during build", gg["bytes_per_relation"],
             nxo["bytes_per_relation"], "{:.0f}", mem=True)
    if "bytes_per_relation_trimmed" in gg:
        line("  both after malloc_trim(0)", gg["bytes_per_relation_trimmed"],
             nx["bytes_per_relation_trimmed"], "{:.0f}", mem=True)
    print(f"{'RSS growth over the build (MiB)':40}"
          f"{(gg['rss_after'] - gg['rss_before']) / 2**20:>10.0f}"
          f"{(nx['rss_after'] - nx['rss_before']) / 2**20:>10.0f}")
    print(f"\ngovgraph: Python column preparation (frames.to_columns on the relations) "
          f"{gg['prep_s'] * 1e3:.2f} ms; the rest of the build is the C++ call")

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    build_x, query_x = nx["build_s"] / gg["build_s"], nx["query_s"] / gg["query_s"]
    mem_f = gg["bytes_per_relation"] / nx["bytes_per_relation"]
    print(f"targets : build >= 20x faster: {verdict(build_x >= 20)} ({build_x:.1f}x); "
          f"reachability >= 20x faster: {verdict(query_x >= 20)} ({query_x:.1f}x); "
          f"memory <= 1/4 of networkx: {verdict(mem_f <= 0.25)} ({mem_f:.3f})")
    if as_json:
        with open(as_json, "w") as f:
            json.dump(r, f, indent=2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--relations", type=int, default=1_000_000, help="relations (default 1M)")
    ap.add_argument("--seed", type=int, default=20261123, help="numpy RNG seed")
    ap.add_argument("--sources", type=int, default=1000, help="start nodes of the query")
    ap.add_argument("--repeat", type=int, default=3, help="query repetitions (best is kept)")
    ap.add_argument("--no-gc-off", action="store_true",
                    help="skip the extra networkx run with the cyclic GC paused during build")
    ap.add_argument("--json", metavar="PATH", help="also write the workers' results here")
    ap.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args)
        return

    print(f"machine : {cpu_model()}, {os.cpu_count()} logical cores, {platform.machine()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"python  : {platform.python_version()} ({platform.python_implementation()})")
    print(f"versions: govgraph {metadata.version('govgraph')}, "
          f"networkx {metadata.version('networkx')}, numpy {np.__version__} "
          f"({core_identity()})")
    print(f"data    : --relations {args.relations} --seed {args.seed}; kinds {', '.join(KINDS)}")
    print(f"query   : follow {' and '.join(FOLLOW)} out from {args.sources} sources at once, "
          f"best of {args.repeat}")
    print("running workers (each in a fresh process)...", flush=True)
    libs = [w for w in WORKERS if not (args.no_gc_off and w == "networkx-gc-off")]
    report({lib: run_worker(lib, args) for lib in libs}, args.json)


if __name__ == "__main__":
    main()
