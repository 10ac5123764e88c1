"""Ownership and control (issue 14, items 1-2): integrated ownership against networkx path
enumeration on random acyclic graphs, hand-worked cycles, cycles of ownership."""

from __future__ import annotations

import random

import pytest

import govgraph as gg

nx = pytest.importorskip("networkx")


def random_dag(seed: int) -> tuple[gg.Model, list[tuple[str, str, float]]]:
    rng = random.Random(seed)
    n = rng.randint(3, 12)
    names = [f"n{i}" for i in range(n)]
    m = gg.Model()
    for i, name in enumerate(names):
        if i < n // 3:
            m.add_person(name)
        else:
            m.add_organisation(name)
    edges = []
    for j in range(n // 3, n):  # an organisation j is held by earlier nodes only: acyclic
        holders = rng.sample(range(j), k=min(j, rng.randint(0, 3)))
        room = 1.0
        for i in holders:
            share = round(rng.uniform(0.05, room), 3) if room > 0.05 else 0
            if share <= 0:
                continue
            room -= share
            edges.append((names[i], names[j], share))
    m.add_relations_from({"kind": ["owns"] * len(edges), "source": [a for a, _, _ in edges],
                          "target": [b for _, b, _ in edges],
                          "share": [s for _, _, s in edges]})
    return m, edges


@pytest.mark.parametrize("seed", range(200))
def test_integrated_ownership_is_the_sum_over_paths_of_the_products(seed):
    m, edges = random_dag(seed)
    g = nx.DiGraph()
    g.add_weighted_edges_from(edges)
    for target in [t for _, t, _ in edges][:3]:
        rows = {r.controller: r for r in m.controllers(target)}
        expected = {}
        for holder in nx.ancestors(g, target):
            paths = list(nx.all_simple_paths(g, holder, target))
            share = 0.0
            for p in paths:
                prod = 1.0
                for a, b in zip(p, p[1:]):
                    prod *= g[a][b]["weight"]
                share += prod
            expected[holder] = (share, len(paths))
        assert set(rows) == set(expected)
        for holder, (share, count) in expected.items():
            assert rows[holder].share == pytest.approx(share, rel=1e-12, abs=1e-15)
            assert rows[holder].paths == count
            direct = g[holder][target]["weight"] if g.has_edge(holder, target) else 0.0
            assert rows[holder].direct == pytest.approx(direct)


def test_cycles_are_found_like_networkx_and_shown_once():
    m, edges = random_dag(7)
    m.add_organisation("loop-a")
    m.add_organisation("loop-b")
    m.add_relation("owns", "loop-a", "loop-b", share=0.5)
    m.add_relation("owns", "loop-b", "loop-a", share=0.5)
    m.add_relation("controls", "loop-b", "n5", interest="appoint_board")
    m.add_relation("controls", "n5", "loop-b", interest="significant_influence")
    found = m.circular_ownership().to_frame()
    g = nx.DiGraph([(r.source, r.target) for r in m.relations_frame().itertuples()])
    sccs = sorted(sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1)
    assert sorted(sorted(x) for x in found.members) == sccs
    for cycle in found.cycle:
        assert cycle[0] == cycle[-1] and len(set(cycle[:-1])) == len(cycle) - 1
        assert all(g.has_edge(a, b) for a, b in zip(cycle, cycle[1:]))


def test_controllers_rows_and_the_ultimate_holders():
    m = gg.Model()
    m.add_person("p")
    m.add_organisation("hold")
    m.add_organisation("jv", kind="joint_venture")
    m.add_relation("owns", "p", "hold", share=0.8)
    m.add_relation("owns", "hold", "jv", share=0.5)
    r = m.controllers("jv")
    assert r.to_frame().controller.tolist() == ["hold", "p"]
    assert [x.share for x in r] == pytest.approx([0.5, 0.4])
    assert r.ultimate == ["p"]
    with pytest.raises(gg.ModelError, match="ownership, voting"):
        m.controllers("jv", measure="shares")
    with pytest.raises(gg.ModelError, match="threshold"):
        m.controllers("jv", threshold=1.5)
    with pytest.raises(gg.UnknownIdError):
        m.controllers("nobody")
