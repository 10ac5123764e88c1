"""Bulk build and typed reachability: govgraph, igraph, rustworkx and networkx on one register.

Run from the repository root::

    .venv/bin/python bench/bench_build_reach.py                          # 1,000,000 relations
    .venv/bin/python bench/bench_build_reach.py --relations 1000000 10000000
    .venv/bin/python bench/bench_build_reach.py --relations 200000 --libraries govgraph igraph

The parent prints the machine and versions, then, for each size given to ``--relations``, runs
each library in a fresh subprocess, one at a time (``--worker govgraph``, ``igraph``,
``rustworkx``, ``networkx``, and ``networkx-gc-off``: networkx with the cyclic garbage collector
paused during the build), so that one library's memory never counts against another's. Each
worker generates the same seeded data with numpy, measures its current RSS, builds the graph with
string ids (timed, nodes and relations apart), measures RSS again, runs the same multi-source
typed reachability query a few times (best time kept) and prints one JSON line. The parent checks
that every library found the same set of nodes and prints one side-by-side table per size, with
each peer's ratio to govgraph. A worker that fails, times out or outgrows ``--max-rss-gb`` is
killed and shown as a row saying so; a worker whose time or memory, extrapolated from the
previous size, would exceed ``--budget-s`` or ``--budget-gb`` is skipped with the reason. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import signal
import subprocess
import sys
import time
from importlib import metadata
from typing import Any

import numpy as np
from _common import cpu_model  # bench/_common.py (the script directory is on sys.path)

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
        out = None  # the previous answer is freed before the timed call, not inside it
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



# -- igraph -------------------------------------------------------------------------------------


def all_ids(d: dict[str, Any]) -> list[str]:
    """Every node id in node order (the same str objects as the relation columns)."""
    return np.concatenate((d["org_ids"], d["person_ids"], d["asset_ids"])).tolist()


def build_igraph(d: dict[str, Any], laps: dict[str, float]) -> Any:
    """add_vertices with the ids (igraph keeps them as the "name" attribute), then one add_edges
    with the endpoints given by name (igraph resolves them through its name index, which it
    keeps) and the kind as an edge attribute. Faster at 1M relations than Graph.TupleList (which
    would also drop nodes without relations) or than mapping the ids to indices in a dict first
    (the same time; then the name index is built later, on the first lookup by name)."""
    import igraph as ig

    t0 = time.perf_counter()
    g = ig.Graph(directed=True)
    g.add_vertices(all_ids(d))
    t1 = time.perf_counter()
    g.add_edges(zip(d["source"].tolist(), d["target"].tolist()),
                attributes={"kind": d["kind"].tolist()})
    laps["nodes_s"], laps["relations_s"] = t1 - t0, time.perf_counter() - t1
    return g


def reach_igraph(g: Any, sources: list[str]) -> list[str]:
    """igraph has no typed traversal and its BFS/subcomponent take one root. The fastest route
    found: the subgraph of the owns/controls edges (all vertices kept), one extra root vertex
    with an edge to each source, then one ``subcomponent(root, mode="out")``. Per-source
    ``subcomponent`` or ``neighborhood`` was 30-60x slower (the sources reach into the same large
    component again and again) and a Python BFS over ``g.incident`` slower too. The filtering is
    part of every query (there is nothing to cache between different kinds)."""
    follow = frozenset(FOLLOW)
    keep = [i for i, k in enumerate(g.es["kind"]) if k in follow]  # faster than es.select(kind_in=)
    h = g.subgraph_edges(keep, delete_vertices=False)
    root = h.vcount()
    h.add_vertices(1)
    h.add_edges([(root, g.vs.find(name=s).index) for s in sources])
    reached = h.subcomponent(root, mode="out")
    reached.remove(root)
    return g.vs.select(reached)["name"]


# -- rustworkx ----------------------------------------------------------------------------------


def build_rustworkx(d: dict[str, Any], laps: dict[str, float]) -> Any:
    """A PyDiGraph (multigraph) with the id as node payload and the kind as edge payload. Its
    nodes are integer indices, so the user keeps a dict id -> index (counted in the build and in
    the memory: it is needed to ask anything by id)."""
    import rustworkx as rx

    t0 = time.perf_counter()
    g = rx.PyDiGraph(multigraph=True)
    ids = all_ids(d)
    index = dict(zip(ids, g.add_nodes_from(ids)))
    t1 = time.perf_counter()
    g.add_edges_from([
        (index[s], index[t], k)
        for s, t, k in zip(d["source"].tolist(), d["target"].tolist(), d["kind"].tolist())
    ])
    laps["nodes_s"], laps["relations_s"] = t1 - t0, time.perf_counter() - t1
    return g, index


def reach_rustworkx_bfs(gi: Any, sources: list[str]) -> list[str]:
    """Breadth-first from all sources at once in Python over ``g.out_edges(u)`` ((u, v, kind)
    triples), following only FOLLOW edges. rustworkx's own traversals (descendants, bfs_*) take
    no edge filter: they need a filtered copy of the graph, whose making (``filter_edges``, a
    Python call per edge, then a new graph) cost more than this whole BFS at 1M relations."""
    g, index = gi
    follow = frozenset(FOLLOW)
    out_edges = g.out_edges
    seen = {index[s] for s in sources}
    frontier = list(seen)
    while frontier:
        nxt = []
        for u in frontier:
            for _, v, kind in out_edges(u):
                if v not in seen and kind in follow:
                    seen.add(v)
                    nxt.append(v)
        frontier = nxt
    return [g[i] for i in seen]


def reach_rustworkx_visitor(gi: Any, sources: list[str]) -> list[str]:
    """rustworkx.bfs_search from all sources (one colour map), with a visitor that prunes a tree
    edge of a kind not followed (the target stays undiscovered) and records discovered nodes."""
    import rustworkx as rx
    from rustworkx.visit import BFSVisitor, PruneSearch

    g, index = gi
    follow = frozenset(FOLLOW)
    seen: list[int] = []

    class Typed(BFSVisitor):
        def tree_edge(self, edge: Any) -> None:
            if edge[2] not in follow:
                raise PruneSearch

        def discover_vertex(self, v: int) -> None:
            seen.append(v)

    rx.bfs_search(g, [index[s] for s in sources], Typed())
    return [g[i] for i in seen]


# -- worker -------------------------------------------------------------------------------------

WORKERS = ("govgraph", "igraph", "rustworkx", "networkx", "networkx-gc-off")
MODULE = {"govgraph": "govgraph", "igraph": "igraph", "rustworkx": "rustworkx",
          "networkx": "networkx", "networkx-gc-off": "networkx"}
BUILD = {"govgraph": build_govgraph, "igraph": build_igraph, "rustworkx": build_rustworkx,
         "networkx": build_networkx, "networkx-gc-off": build_networkx}


def malloc_trim() -> bool:
    """Give freed C heap back to the OS (glibc only); used for a diagnostic figure only."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return False
    return True


def reset_peak_rss() -> bool:
    """Reset this process's peak RSS (VmHWM) to its current RSS (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def peak_rss_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def followed_edges(d: dict[str, Any], found: Any) -> tuple[int, int]:
    """Relations leaving the reached nodes: (of a followed kind, of any kind). The first is the
    work of a typed BFS (each followed edge out of a reached node is looked at once): the
    numerator of edges/s."""
    reached, follow = set(found), frozenset(FOLLOW)
    n_follow = n_all = 0
    for s, k in zip(d["source"].tolist(), d["kind"].tolist()):
        if s in reached:
            n_all += 1
            n_follow += k in follow
    return n_follow, n_all


def worker(lib: str, args: argparse.Namespace) -> None:
    # Import first: neither the import time nor the module's memory counts as build.
    __import__(MODULE[lib])
    n_relations = args.relations[0]
    d = make_data(n_relations, args.seed, args.sources)
    sources = d["sources"].tolist()
    n_rel = d["n_relations"]
    gc.collect()
    before = rss_bytes()
    has_peak = reset_peak_rss()
    laps: dict[str, float] = {}
    if lib == "networkx-gc-off":  # sensitivity: a user who knows to pause the cyclic GC
        gc.disable()
    t0 = time.perf_counter()
    g = BUILD[lib](d, laps)
    build_s = time.perf_counter() - t0
    peak = peak_rss_bytes() if has_peak else None
    gc.enable()
    gc.collect()
    after = rss_bytes()

    extra: dict[str, Any] = {}
    if lib == "govgraph":
        query_s, found = best_of(lambda: reach_govgraph(g, sources), args.repeat)
    elif lib == "igraph":
        query_s, found = best_of(lambda: reach_igraph(g, sources), args.repeat)
    elif lib == "rustworkx":
        # Two routes; the headline is the faster, named in query_route.
        bfs_s, found = best_of(lambda: reach_rustworkx_bfs(g, sources), args.repeat)
        vis_s, found_vis = best_of(lambda: reach_rustworkx_visitor(g, sources), args.repeat)
        assert digest(found_vis) == digest(found), "rustworkx routes disagree"
        extra = {"query_bfs_s": bfs_s, "query_visitor_s": vis_s,
                 "query_route": "Python BFS over out_edges" if bfs_s <= vis_s
                 else "bfs_search with a PruneSearch visitor"}
        query_s = min(bfs_s, vis_s)
    else:
        query_s, found = best_of(lambda: reach_networkx(g, sources), args.repeat)
    out: dict[str, Any] = {
        "lib": lib,
        "nodes": d["n_nodes"],
        "relations": n_rel,
        "build_s": build_s,
        **laps,
        "query_s": query_s,
        **extra,
        "rss_before": before,
        "rss_after": after,
        "peak_rss_build": peak,
        "bytes_per_relation": (after - before) / n_rel,
        "reached": len(found),
        "digest": digest(found),
    }
    # Diagnostics, measured after the figures above.
    out["edges_followed"], out["edges_out_all"] = followed_edges(d, found)
    if lib == "govgraph":
        # How much of the build is the Python-side column preparation (govgraph.frames).
        from govgraph.frames import to_columns

        rel = {"kind": d["kind"], "source": d["source"], "target": d["target"],
               "share": d["share"]}
        out["prep_s"], _ = best_of(lambda: to_columns(rel), 1)
        out["model_nodes"] = len(g)
        out["model_relations"] = g.relation_count()
    elif lib == "igraph":
        out["model_nodes"], out["model_relations"] = g.vcount(), g.ecount()
    elif lib == "rustworkx":
        out["model_nodes"], out["model_relations"] = g[0].num_nodes(), g[0].num_edges()
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


# -- parent -------------------------------------------------------------------------------------


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        if dist == "govgraph":  # e.g. a development tree on PYTHONPATH, with no dist-info
            try:
                import govgraph

                return f"{govgraph.__version__} (no dist-info)"
            except ImportError:
                pass
        return "not installed"


def core_identity() -> str:
    """The installed compiled core: file modification time and a hash prefix (the tree may be
    rebuilt between runs, so a result names the binary it measured)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("govgraph._core")
    except ModuleNotFoundError:
        spec = None
    if spec is None or not spec.origin:
        return "govgraph._core not found"
    with open(spec.origin, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()[:12]
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(spec.origin)))
    return f"_core built {built}, sha256 {sha}"


def ram_gib() -> float:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return float("nan")


def child_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def run_worker(lib: str, n: int, args: argparse.Namespace) -> dict[str, Any]:
    """One worker in a fresh process, watched: killed past --timeout or --max-rss-gb. Returns its
    JSON result, or {"lib", "error"} saying why there is none."""
    import tempfile

    cmd = [sys.executable, os.path.abspath(__file__), "--worker", lib, "--relations", str(n),
           "--seed", str(args.seed), "--sources", str(args.sources), "--repeat", str(args.repeat)]
    limit = args.max_rss_gb * 2**30
    peak, reason = 0, None
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        while proc.poll() is None:
            rss = child_rss(proc.pid)
            peak = max(peak, rss)
            if rss > limit:
                reason = f"killed at RSS {rss / 2**30:.2f} GiB (--max-rss-gb {args.max_rss_gb:g})"
            elif time.perf_counter() - t0 > args.timeout:
                reason = f"killed after {args.timeout:.0f} s (--timeout)"
            if reason:
                proc.kill()
                break
            time.sleep(0.2)
        rc = proc.wait()
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if reason is None and rc != 0:
        if rc < 0:
            sig = signal.Signals(-rc).name
            reason = f"died of {sig}" + (" (out of memory?)" if -rc == signal.SIGKILL else "")
        else:
            last = stderr.strip().splitlines()[-1:] or [""]
            reason = f"failed, exit code {rc}: {last[0][:200]}"
    if reason is None:
        try:
            res = json.loads(stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            reason = "printed no result"
    if reason:
        sys.stderr.write(stderr[-4000:])
        print(f"  {lib}: {reason} ({wall:.0f} s)", flush=True)
        return {"lib": lib, "error": reason, "wall_s": wall, "worker_peak_rss": peak}
    res["wall_s"], res["worker_peak_rss"] = wall, peak
    print(f"  {lib}: done in {wall:.1f} s (including data generation and diagnostics), "
          f"peak RSS {peak / 2**30:.2f} GiB", flush=True)
    return res


def skip_reason(lib: str, n: int, done: dict[int, dict[str, dict[str, Any]]],
                args: argparse.Namespace) -> str | None:
    """Why not to run lib at n relations, from its run at the largest smaller size (time and
    peak RSS scaled linearly with the size; they grow at least that fast)."""
    smaller = [m for m in done if m < n and lib in done[m]]
    if not smaller:
        return None
    m = max(smaller)
    prev = done[m][lib]
    if "error" in prev:
        return f"skipped: it did not complete at {m:,} relations ({prev['error']})"
    f = n / m
    est_s, est_gib = prev["wall_s"] * f, prev["worker_peak_rss"] * f / 2**30
    if est_s > args.budget_s or est_gib > args.budget_gb:
        return (f"skipped: scaled from {m:,} relations it would take ~{est_s:.0f} s and "
                f"~{est_gib:.1f} GiB (--budget-s {args.budget_s:g}, "
                f"--budget-gb {args.budget_gb:g})")
    return None


def fmt_rate(x: float) -> str:
    return f"{x / 1e6:.2f} M"


ROWS: list[tuple[str, Any, Any, str | None]] = [
    # label, value of a result (None: no cell), format, and whether to show the ratio peer /
    # govgraph: "x" against govgraph's figure on the same row, "query" against its query time
    ("bulk build (s)", lambda r: r["build_s"], "{:.2f}".format, "x"),
    ("  nodes (s)", lambda r: r["nodes_s"], "{:.2f}".format, "x"),
    ("  relations (s)", lambda r: r["relations_s"], "{:.2f}".format, "x"),
    ("  build rate (relations/s)", lambda r: r["relations"] / r["build_s"], fmt_rate, None),
    ("typed reachability (s)", lambda r: r["query_s"], "{:.3f}".format, "x"),
    ("  rate (followed edges/s)", lambda r: r["edges_followed"] / r["query_s"], fmt_rate, None),
    ("  networkx BFS over G._succ (s)", lambda r: r.get("query_raw_s"), "{:.3f}".format, "query"),
    ("  rustworkx Python BFS, out_edges (s)", lambda r: r.get("query_bfs_s"), "{:.3f}".format,
     "query"),
    ("  rustworkx bfs_search + visitor (s)", lambda r: r.get("query_visitor_s"),
     "{:.3f}".format, "query"),
    ("memory (bytes/relation)", lambda r: r["bytes_per_relation"], "{:.0f}".format, "x"),
    ("  after malloc_trim(0), post-query", lambda r: r.get("bytes_per_relation_trimmed"),
     "{:.0f}".format, "x"),
    ("RSS growth over the build (MiB)", lambda r: (r["rss_after"] - r["rss_before"]) / 2**20,
     "{:,.0f}".format, None),
    ("peak RSS during the build (MiB)",
     lambda r: r["peak_rss_build"] / 2**20 if r.get("peak_rss_build") else None,
     "{:,.0f}".format, None),
    ("peak RSS of the worker (MiB)", lambda r: r["worker_peak_rss"] / 2**20, "{:,.0f}".format,
     None),
    ("worker wall time (s)", lambda r: r["wall_s"], "{:.0f}".format, None),
]


def report(n: int, r: dict[str, dict[str, Any]]) -> list[str]:
    """Print the table for one size; return the problems found (disagreements)."""
    ok = {k: v for k, v in r.items() if "error" not in v}
    problems: list[str] = []
    for v in ok.values():
        if (v["model_relations"], v["model_nodes"]) != (v["relations"], v["nodes"]):
            problems.append(f"{v['lib']} holds {v['model_nodes']:,} nodes and "
                            f"{v['model_relations']:,} relations, not {v['nodes']:,} and "
                            f"{v['relations']:,}")
    ref = ok.get("govgraph") or next(iter(ok.values()), None)
    print()
    if ref is None:
        print(f"{n:,} relations: no library completed")
    else:
        print(f"{ref['nodes']:,} nodes, {ref['relations']:,} relations; typed BFS work: "
              f"{ref['edges_followed']:,} owns/controls relations leave the reached nodes "
              f"({ref['edges_out_all']:,} of any kind)")
        same = [k for k, v in ok.items() if (v["digest"], v["reached"]) ==
                (ref["digest"], ref["reached"])]
        differ = [k for k in ok if k not in same]
        print(f"reachable set: {ref['reached']:,} nodes, identical in {', '.join(same)} "
              f"(sha256 {ref['digest'][:16]}...)")
        for k in differ:
            problems.append(f"{k} found a different reachable set ({ok[k]['reached']:,} nodes, "
                            f"sha256 {ok[k]['digest'][:16]}...) from {ref['lib']}")
    libs = list(r)
    gg = ok.get("govgraph")
    w = 18
    print(f"\n{'':38}" + "".join(f"{k:>{w}}" for k in libs))
    print(f"{'status':38}" + "".join(f"{'ok' if k in ok else 'see below':>{w}}" for k in libs))
    for label, get, fmt, ratio in ROWS:
        cells, any_value = [], False
        for k in libs:
            v = get(ok[k]) if k in ok else None
            if v is None:
                cells.append("")
                continue
            any_value = True
            cell = fmt(v)
            if ratio and gg is not None and k != "govgraph":
                base = gg["query_s"] if ratio == "query" else get(gg)
                if base:
                    cell += f" ({v / base:.1f}x)"
            cells.append(cell)
        if any_value:
            print(f"{label:38}" + "".join(f"{c:>{w}}" for c in cells))
    print("(in brackets: the library's figure / govgraph's; above 1, govgraph is ahead)")
    for k in libs:
        if k not in ok:
            print(f"{k:38}{r[k]['error']}")
    if "rustworkx" in ok:
        print(f"rustworkx typed reachability: the faster route, {ok['rustworkx']['query_route']}")
    if gg:
        print(f"govgraph: Python column preparation (frames.to_columns on the relations) "
              f"{gg['prep_s'] * 1e3:.2f} ms; the rest of the build is the C++ call")
        targets(gg, ok)
    return problems


def targets(gg: dict[str, Any], ok: dict[str, dict[str, Any]]) -> None:
    """Issue 16's targets (meant at 10M relations)."""
    def verdict(good: bool) -> str:
        return "met" if good else "MISSED"

    rate = gg["relations"] / gg["build_s"]
    bpr = gg["bytes_per_relation"]
    eps = gg["edges_followed"] / gg["query_s"]
    print(f"targets (issue 16): build >= 5M relations/s: {verdict(rate >= 5e6)} "
          f"({rate / 1e6:.2f} M/s); <= 64 bytes/relation: {verdict(bpr <= 64)} ({bpr:.0f}); "
          f"typed reachability >= 25M edges/s: {verdict(eps >= 25e6)} ({eps / 1e6:.2f} M/s)")
    for peer in ("igraph", "rustworkx"):
        p = ok.get(peer)
        if p is None:
            continue
        print(f"  ahead of {peer}: build {verdict(gg['build_s'] < p['build_s'])} "
              f"({p['build_s'] / gg['build_s']:.2f}x), reachability "
              f"{verdict(gg['query_s'] < p['query_s'])} ({p['query_s'] / gg['query_s']:.2f}x), "
              f"memory {verdict(bpr < p['bytes_per_relation'])} "
              f"({p['bytes_per_relation'] / bpr:.2f}x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--relations", type=int, nargs="+", default=[1_000_000], metavar="N",
                    help="one or more sizes, each run by every library (default 1000000)")
    ap.add_argument("--libraries", nargs="+", choices=WORKERS, default=list(WORKERS),
                    metavar="LIB", help=f"a subset of {', '.join(WORKERS)} (default all)")
    ap.add_argument("--seed", type=int, default=20261123, help="numpy RNG seed")
    ap.add_argument("--sources", type=int, default=1000, help="start nodes of the query")
    ap.add_argument("--repeat", type=int, default=3, help="query repetitions (best is kept)")
    ap.add_argument("--no-gc-off", action="store_true",
                    help="skip the extra networkx run with the cyclic GC paused during build")
    ap.add_argument("--timeout", type=float, default=1800,
                    help="kill a worker after this many seconds (default 1800)")
    ap.add_argument("--max-rss-gb", type=float, default=16,
                    help="kill a worker whose RSS passes this many GiB (default 16)")
    ap.add_argument("--budget-s", type=float, default=900,
                    help="skip a worker whose time, scaled from the previous size, would pass "
                         "this (default 900 s)")
    ap.add_argument("--budget-gb", type=float, default=12,
                    help="skip a worker whose peak RSS, scaled from the previous size, would "
                         "pass this many GiB (default 12)")
    ap.add_argument("--json", metavar="PATH", help="also write the workers' results here")
    ap.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args)
        return

    libs = [w for w in WORKERS if w in args.libraries
            and not (args.no_gc_off and w == "networkx-gc-off")]
    print(f"machine : {cpu_model()}, {os.cpu_count()} logical cores, {ram_gib():.1f} GiB RAM, "
          f"{platform.machine()}, load average {os.getloadavg()[0]:.2f}")
    print(f"python  : {platform.python_version()} ({platform.python_implementation()})")
    print(f"versions: govgraph {version('govgraph')} ({core_identity()}), "
          f"igraph {version('igraph')}, rustworkx {version('rustworkx')}, "
          f"networkx {version('networkx')}, numpy {np.__version__}")
    print(f"data    : --relations {' '.join(map(str, args.relations))} --seed {args.seed}; "
          f"kinds {', '.join(KINDS)}")
    print(f"query   : follow {' and '.join(FOLLOW)} out from {args.sources} sources at once, "
          f"best of {args.repeat}")
    done: dict[int, dict[str, dict[str, Any]]] = {}
    problems: list[str] = []
    for n in sorted(set(args.relations)):
        print(f"\n{n:,} relations: running {', '.join(libs)}, one at a time, each in a fresh "
              f"process (load average {os.getloadavg()[0]:.2f})", flush=True)
        done[n] = {}
        for lib in libs:
            why = skip_reason(lib, n, done, args)
            if why:
                print(f"  {lib}: {why}", flush=True)
                done[n][lib] = {"lib": lib, "error": why}
            else:
                done[n][lib] = run_worker(lib, n, args)
        problems += [f"{n:,} relations: {p}" for p in report(n, done[n])]
    if args.json:
        with open(args.json, "w") as f:
            json.dump({str(n): r for n, r in done.items()}, f, indent=2)
    if problems:
        print("\nPROBLEMS:\n  " + "\n  ".join(problems))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
