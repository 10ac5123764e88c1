"""Bulk build and typed reachability: govgraph against networkx on the same synthetic register.

Run from the repository root::

    .venv/bin/python bench/bench_build_reach.py                 # 1,000,000 relations
    .venv/bin/python bench/bench_build_reach.py --relations 200000 --seed 7

The parent process prints the machine and versions, then runs each library in a fresh
subprocess (``--worker govgraph`` / ``--worker networkx``) so that one library's memory never
counts against the other. Each worker generates the same seeded data with numpy, measures its
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
import subprocess
import sys
import time
from importlib import metadata
from typing import Any

import numpy as np

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


def build_govgraph(d: dict[str, Any]) -> Any:
    import govgraph as gg

    m = gg.Model(name="synthetic register")
    m.add_nodes_from({"id": d["org_ids"], "legal_form": d["org_legal_form"]},
                     type="organisation")
    m.add_nodes_from({"id": d["person_ids"]}, type="person")
    m.add_nodes_from({"id": d["asset_ids"]}, type="asset")
    m.add_relations_from(
        {"kind": d["kind"], "source": d["source"], "target": d["target"], "share": d["share"]}
    )
    return m


def reach_govgraph(m: Any, sources: list[str]) -> list[str]:
    return m.reachable(sources, kinds=list(FOLLOW), direction="out")


# -- networkx -----------------------------------------------------------------------------------


def build_networkx(d: dict[str, Any]) -> Any:
    import networkx as nx

    g = nx.MultiDiGraph(name="synthetic register")
    g.add_nodes_from(
        (i, {"type": "organisation", "legal_form": lf})
        for i, lf in zip(d["org_ids"].tolist(), d["org_legal_form"].tolist())
    )
    g.add_nodes_from(d["person_ids"].tolist(), type="person")
    g.add_nodes_from(d["asset_ids"].tolist(), type="asset")
    # Like govgraph, keep `share` only where it is given (owns), not as NaN on every edge.
    g.add_edges_from(
        (u, v, {"kind": k} if math.isnan(s) else {"kind": k, "share": s})
        for u, v, k, s in zip(
            d["source"].tolist(), d["target"].tolist(), d["kind"].tolist(), d["share"].tolist()
        )
    )
    return g


def reach_networkx(g: Any, sources: list[str]) -> set[str]:
    """Breadth-first from all sources at once over G.succ, following only FOLLOW edges."""
    follow = frozenset(FOLLOW)
    succ = g.succ
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


def worker(lib: str, args: argparse.Namespace) -> None:
    d = make_data(args.relations, args.seed, args.sources)
    sources = d["sources"].tolist()
    n_rel = d["n_relations"]
    gc.collect()
    before = rss_bytes()
    build = build_govgraph if lib == "govgraph" else build_networkx
    t0 = time.perf_counter()
    g = build(d)
    build_s = time.perf_counter() - t0
    gc.collect()
    after = rss_bytes()

    reach = reach_govgraph if lib == "govgraph" else reach_networkx
    query_s, found = best_of(lambda: reach(g, sources), args.repeat)
    out: dict[str, Any] = {
        "lib": lib,
        "nodes": d["n_nodes"],
        "relations": n_rel,
        "build_s": build_s,
        "query_s": query_s,
        "rss_before": before,
        "rss_after": after,
        "bytes_per_relation": (after - before) / n_rel,
        "reached": len(found),
        "digest": digest(found),
    }
    if lib == "govgraph":
        # Diagnosis only (after everything above): how much of the build is the Python-side
        # column preparation (govgraph.frames.to_columns) rather than the C++ core.
        from govgraph.frames import to_columns

        rel = {"kind": d["kind"], "source": d["source"], "target": d["target"],
               "share": d["share"]}
        out["prep_s"], _ = best_of(lambda: to_columns(rel), 1)
        out["model_nodes"] = len(g)
        out["model_relations"] = g.relation_count()
    else:
        out["model_nodes"] = g.number_of_nodes()
        out["model_relations"] = g.number_of_edges()
    print(json.dumps(out), flush=True)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_worker(lib: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", lib,
           "--relations", str(args.relations), "--seed", str(args.seed),
           "--sources", str(args.sources), "--repeat", str(args.repeat)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{lib} worker failed with exit code {proc.returncode}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  {lib}: done in {time.perf_counter() - t0:.1f} s (including data generation)",
          flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--relations", type=int, default=1_000_000, help="relations (default 1M)")
    ap.add_argument("--seed", type=int, default=20261123, help="numpy RNG seed")
    ap.add_argument("--sources", type=int, default=1000, help="start nodes of the query")
    ap.add_argument("--repeat", type=int, default=3, help="query repetitions (best is kept)")
    ap.add_argument("--worker", choices=("govgraph", "networkx"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args)
        return

    print(f"machine : {cpu_model()}, {os.cpu_count()} logical cores, {platform.machine()}")
    print(f"python  : {platform.python_version()} ({platform.python_implementation()})")
    print(f"govgraph {metadata.version('govgraph')}, networkx {metadata.version('networkx')}, "
          f"numpy {np.__version__}")
    print(f"data    : --relations {args.relations} --seed {args.seed}, kinds {', '.join(KINDS)}; "
          f"query follows {'/'.join(FOLLOW)} out from {args.sources} sources, "
          f"best of {args.repeat}")
    print("running workers (each in a fresh process)...", flush=True)
    gg = run_worker("govgraph", args)
    nx = run_worker("networkx", args)

    assert gg["relations"] == nx["relations"] == gg["model_relations"] == nx["model_relations"]
    assert gg["nodes"] == gg["model_nodes"] == nx["model_nodes"]
    same = gg["digest"] == nx["digest"] and gg["reached"] == nx["reached"]
    print(f"\n{gg['nodes']:,} nodes, {gg['relations']:,} relations; reachable set: "
          f"govgraph {gg['reached']:,}, networkx {nx['reached']:,} nodes "
          f"({'identical' if same else 'DIFFERENT'}; sha256 {gg['digest'][:16]}...)")
    assert same, "govgraph and networkx found different reachable sets"

    rows = [
        ("bulk build (s)", gg["build_s"], nx["build_s"], "{:.3f}"),
        ("typed reachability (s)", gg["query_s"], nx["query_s"], "{:.4f}"),
        ("memory (bytes / relation)", gg["bytes_per_relation"], nx["bytes_per_relation"],
         "{:.0f}"),
    ]
    print(f"\n{'':28}{'govgraph':>12}{'networkx':>12}   ratio")
    for label, a, b, fmt in rows:
        if label.startswith("memory"):
            ratio = f"govgraph = {a / b:.3f} of networkx (1/{b / a:.1f})"
        else:
            ratio = f"networkx / govgraph = {b / a:.1f}x"
        print(f"{label:28}{fmt.format(a):>12}{fmt.format(b):>12}   {ratio}")
    print(f"{'RSS growth over build (MiB)':28}{(gg['rss_after'] - gg['rss_before']) / 2**20:>12.0f}"
          f"{(nx['rss_after'] - nx['rss_before']) / 2**20:>12.0f}")
    print(f"\ngovgraph build: of which Python column preparation (frames.to_columns on the "
          f"relations) {gg['prep_s']:.3f} s")
    targets = [
        ("build >= 20x faster", nx["build_s"] / gg["build_s"] >= 20),
        ("reachability >= 20x faster", nx["query_s"] / gg["query_s"] >= 20),
        ("memory <= 1/4 of networkx", gg["bytes_per_relation"] <= nx["bytes_per_relation"] / 4),
    ]
    print("targets : " + "; ".join(f"{t}: {'met' if ok else 'MISSED'}" for t, ok in targets))


if __name__ == "__main__":
    main()
