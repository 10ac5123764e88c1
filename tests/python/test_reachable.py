"""Typed traversal: reachable() follows chosen relation kinds, in a direction, as of a date."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import govgraph as gg


@pytest.fixture
def chain() -> gg.Model:
    """a -owns-> b -owns-> c -controls-> a (a cycle); c -employs-> p; d -owns-> b from 2020."""
    m = gg.Model()
    for i in "abcd":
        m.add_organisation(i)
    m.add_person("p", start="2019-01-01")
    m.add_relation("owns", "a", "b", share=0.5)
    m.add_relation("owns", "b", "c", share=1.0, end="2021-01-01")
    m.add_relation("controls", "c", "a")
    m.add_relation("employs", "c", "p")
    m.add_relation("owns", "d", "b", share=0.2, start="2020-01-01")
    return m


def test_only_the_chosen_kinds_are_followed(chain):
    assert chain.reachable(["a"], kinds=["owns"]) == ["a", "b", "c"]
    assert chain.reachable(["a"], kinds=["owns", "controls", "employs"]) == ["a", "b", "c", "p"]


def test_all_kinds_when_none_given(chain):
    assert chain.reachable("d") == ["a", "b", "c", "d", "p"]


def test_direction_in_and_both(chain):
    assert chain.reachable(["b"], kinds=["owns"], direction="in") == ["a", "b", "d"]
    assert chain.reachable(["d"], kinds=["owns"], direction="both") == ["a", "b", "c", "d"]


def test_as_of_follows_only_what_is_in_force(chain):
    assert chain.reachable(["d"], kinds=["owns"], as_of="2019-06-01") == ["d"]
    assert chain.reachable(["d"], kinds=["owns"], as_of="2020-06-01") == ["b", "c", "d"]
    assert chain.reachable(["d"], kinds=["owns"], as_of="2021-01-01") == ["b", "d"]  # end excl.
    assert chain.reachable(["c"], kinds=["employs"], as_of="2018-01-01") == ["c"]  # p not yet


def test_sources_can_be_left_out_and_cycles_end(chain):
    assert chain.reachable(["a"], kinds=["owns", "controls"], include_sources=False) == ["b", "c"]


def test_unknown_sources_and_kinds_are_refused(chain):
    with pytest.raises(gg.UnknownIdError, match="source 'zz'"):
        chain.reachable(["zz"])
    with pytest.raises(gg.ModelError, match="relation kind 'own'"):
        chain.reachable(["a"], kinds=["own"])
    with pytest.raises(gg.ModelError, match="direction 'up'"):
        chain.reachable(["a"], direction="up")


def test_agrees_with_networkx_on_a_random_typed_multigraph():
    rng = np.random.default_rng(7)
    n, e = 300, 1200
    ids = [f"o{i}" for i in range(n)]
    kinds = rng.choice(["owns", "controls", "member_of"], size=e)
    src, tgt = rng.integers(0, n, size=e), rng.integers(0, n, size=e)
    keep = src != tgt
    m = gg.Model()
    m.add_nodes_from({"id": ids}, type="organisation")
    m.add_relations_from({"kind": kinds[keep], "source": np.array(ids, dtype=object)[src[keep]],
                          "target": np.array(ids, dtype=object)[tgt[keep]]})
    g = nx.MultiDiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from((ids[s], ids[t], {"kind": k}) for s, t, k in zip(src[keep], tgt[keep],
                                                                       kinds[keep]))
    view = nx.subgraph_view(g, filter_edge=lambda u, v, k: g[u][v][k]["kind"] != "member_of")
    sources = [ids[i] for i in rng.choice(n, size=10, replace=False)]
    expected = set(sources).union(*(nx.descendants(view, s) for s in sources))
    assert set(m.reachable(sources, kinds=["owns", "controls"])) == expected
    back = set(sources).union(*(nx.ancestors(view, s) for s in sources))
    assert set(m.reachable(sources, kinds=["owns", "controls"], direction="in")) == back
