"""Circular ownership: ``m.circular_ownership()`` against networkx on a synthetic register.

Run from the repository root::

    .venv/bin/python bench/bench_cycles.py                           # 100,000 companies
    .venv/bin/python bench/bench_cycles.py --companies 100000 --owns 300000 --rings 1000 --repeat 3

The register: ``companies`` companies and ``owns`` holdings, each from a company to one with a
lower number (so the holdings alone have no cycle), with random shares; then ``rings`` rings of
2 to 5 consecutive companies (apart from one another), each closed by holdings back up (the
ring i -> i+1 -> ... -> i+k-1 -> i). Every cycle of the register lies inside a ring's range of
companies, and ``circular_ownership`` must find exactly the rings' components.

Each line times, best of ``repeat``: ``circular_ownership()`` (the core: strongly connected
components of owns/controls in force, one cycle shown per component); networkx
``strongly_connected_components`` on a ``DiGraph`` of the same holdings (the fair comparison:
the same work), and ``simple_cycles`` (every elementary cycle: what a Python user reaches for),
both on a graph already built, and the building of that graph from the relation columns. Ratios
are networkx time over govgraph time. See bench/README.md, section "Circular ownership".
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _common import cpu_model

import govgraph as gg


def register(companies: int, owns: int, rings: int, seed: int) -> tuple[dict, dict]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"c{i}" for i in range(companies)], dtype=object)
    # Holdings from a company to a lower-numbered one: no cycle among them.
    src = rng.integers(1, companies, size=owns)
    dst = (rng.random(owns) * src).astype(np.int64)
    starts = rng.choice(companies // 6, size=rings, replace=False) * 6  # rings apart
    extra_s, extra_d = [], []
    for i in starts:
        k = int(rng.integers(2, 6))
        ring = list(range(int(i), int(i) + k))
        for a, b in zip(ring, ring[1:] + ring[:1]):
            extra_s.append(a)
            extra_d.append(b)
    src = np.concatenate([src, np.array(extra_s)])
    dst = np.concatenate([dst, np.array(extra_d)])
    # One holding per pair (the same pair twice would be two relations, which is fine for the
    # core but makes networkx's DiGraph smaller).
    pairs = np.unique(np.stack([src, dst], axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    n = len(pairs)
    nodes = {"id": ids, "kind": np.array(["company"] * companies, dtype=object)}
    rels = {"kind": np.array(["owns"] * n, dtype=object), "source": ids[pairs[:, 0]],
            "target": ids[pairs[:, 1]], "share": rng.uniform(0.01, 0.3, size=n)}
    return nodes, rels


def best(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--companies", type=int, default=100_000)
    ap.add_argument("--owns", type=int, default=300_000)
    ap.add_argument("--rings", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--no-simple-cycles", action="store_true",
                    help="leave out networkx simple_cycles (the slowest)")
    args = ap.parse_args(argv)
    import networkx as nx

    nodes, rels = register(args.companies, args.owns, args.rings, args.seed)
    t0 = time.perf_counter()
    m = gg.Model(name="register")
    m.add_nodes_from(nodes, type="organisation")
    m.add_relations_from(rels)
    build = time.perf_counter() - t0
    print(f"govgraph {gg.__version__}, networkx {nx.__version__}, Python "
          f"{platform.python_version()}, {cpu_model()}")
    print(f"register: {len(m):,} companies, {m.relation_count():,} owns, {args.rings:,} rings "
          f"(built in {build:.2f} s)")

    t_gg, cycles = best(m.circular_ownership, args.repeat)
    found = len(cycles.to_frame())

    def graph() -> Any:
        g = nx.DiGraph()
        g.add_nodes_from(nodes["id"])
        g.add_edges_from(zip(rels["source"], rels["target"]))
        return g

    t_build, g = best(graph, args.repeat)
    t_scc, comps = best(lambda: [c for c in nx.strongly_connected_components(g) if len(c) > 1],
                        args.repeat)
    assert len(comps) == found, (len(comps), found)
    assert found == args.rings, (found, args.rings)
    rows = [("govgraph circular_ownership()", t_gg, None),
            ("networkx DiGraph from the columns", t_build, None),
            ("networkx strongly_connected_components", t_scc, t_scc / t_gg),
            ("  ... with building the DiGraph", t_build + t_scc, (t_build + t_scc) / t_gg)]
    if not args.no_simple_cycles:
        t_cyc, n_cyc = best(lambda: sum(1 for _ in nx.simple_cycles(g)), args.repeat)
        rows.append((f"networkx simple_cycles ({n_cyc:,} cycles)", t_cyc, t_cyc / t_gg))
    print(f"{found:,} components found by both (best of {args.repeat}, seconds):")
    for name, t, ratio in rows:
        print(f"  {name:<46} {t:8.3f}" + (f"   {ratio:6.1f}x govgraph" if ratio else ""))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
