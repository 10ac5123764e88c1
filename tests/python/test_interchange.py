"""Interchange (govgraph.interchange, docs/interchange.md): networkx, GraphML, Arrow and Parquet,
and the ownership picture (to_dot(kinds=))."""

from __future__ import annotations

import re

import pytest

import govgraph as gg
from conftest import build_model

nx = pytest.importorskip("networkx")
pd = pytest.importorskip("pandas")


def ownership_model() -> gg.Model:
    """Organisations, people and an asset, with stated relations of several kinds, dates,
    shares, interests and free attributes: everything from_networkx can hold."""
    m = gg.Model(name="group")
    m.add_organisation("holdco", name="Holdings Ltd", kind="company",
                       legal_form="limited_company", start="2015-01-01",
                       attrs={"company_number": "01234567"})
    m.add_organisation("opco", name="Operations Ltd", kind="company", start="2016-03-01")
    m.add_organisation("p1", name="Practice 1", kind="practice", legal_form="partnership",
                       list_size=8000)
    m.add_organisation("jv", name="Premises JV", kind="joint_venture", end="2030-01-01")
    m.add_person("alice", name="Alice", profession="gp")
    m.add_person("bob", name="Bob")
    m.add_asset("site", name="Surgery", kind="premises")
    m.add_relation("owns", "alice", "holdco", share=0.6, start="2015-01-01")
    m.add_relation("owns", "bob", "holdco", share=0.4)
    m.add_relation("owns", "holdco", "opco", share=0.5, start="2016-03-01", end="2024-01-01")
    m.add_relation("owns", "holdco", "opco", share=0.75, start="2024-01-01")
    m.add_relation("controls", "alice", "opco", interest="appoint_board")
    m.add_relation("owns", "opco", "jv", share=0.5, attrs={"source_doc": "SH01"})
    m.add_relation("owns", "p1", "jv", share=0.5)
    m.add_relation("owns", "jv", "site", share=1.0)
    m.add_relation("partner_in", "alice", "p1", start="2010-04-01")
    m.add_relation("employs", "p1", "bob")
    return m


def sorted_frame(f):
    cols = [c for c in ("kind", "source", "target", "start", "id") if c in f.columns]
    return f.sort_values(cols, na_position="first").reset_index(drop=True)


# -- to_networkx ----------------------------------------------------------------------------------

def test_to_networkx_has_every_node_and_stated_relation_with_their_attributes():
    m = ownership_model()
    g = m.to_networkx()
    assert isinstance(g, nx.MultiDiGraph) and g.graph["name"] == "group"
    assert g.number_of_nodes() == len(m) and g.number_of_edges() == m.relation_count(False)
    assert g.nodes["holdco"] == {"type": "organisation", "name": "Holdings Ltd",
                                 "start": "2015-01-01", "kind": "company",
                                 "legal_form": "limited_company",
                                 "company_number": "01234567"}
    assert g.nodes["p1"]["list_size"] == 8000 and "end" not in g.nodes["p1"]
    assert g.nodes["alice"]["profession"] == "gp"
    opco = sorted((d["share"], d.get("end")) for _, _, d in g.edges("holdco", data=True)
                  if d["kind"] == "owns")
    assert opco == [(0.5, "2024-01-01"), (0.75, None)]
    (ctl,) = [d for _, v, d in g.edges("alice", data=True) if d["kind"] == "controls"]
    assert ctl["interest"] == "appoint_board" and "share" not in ctl
    (jv,) = [d for _, _, d in g.in_edges("jv", data=True) if d.get("source_doc")]
    assert jv == {"kind": "owns", "share": 0.5, "source_doc": "SH01"}


def test_to_networkx_as_of_and_kinds():
    m = ownership_model()
    g = m.to_networkx(as_of="2020-01-01")
    owns = [(u, v, d["share"]) for u, v, d in g.edges(data=True) if u == "holdco"]
    assert owns == [("holdco", "opco", 0.5)]
    assert "jv" in g and m.to_networkx(as_of="2031-01-01").has_node("jv") is False
    g = m.to_networkx(kinds=["owns"])
    assert {d["kind"] for _, _, d in g.edges(data=True)} == {"owns"}
    assert g.number_of_nodes() == len(m)  # every node, the edges filtered
    g = m.to_networkx(kinds="controls")
    assert g.number_of_edges() == 1


def test_to_networkx_gives_implied_kinds_when_asked_and_every_node_type(model):
    g = model.to_networkx()
    assert g.number_of_nodes() == len(model)
    assert {d["type"] for _, d in g.nodes(data=True)} >= {"contract", "board", "seat",
                                                           "obligation"}
    assert g.number_of_edges() == model.relation_count(False)
    g = model.to_networkx(kinds=["party", "held_by"])
    kinds = [d["kind"] for _, _, d in g.edges(data=True)]
    assert set(kinds) == {"party", "held_by"} and kinds.count("held_by") == 1
    roles = {(u, d["role"]) for u, v, d in g.edges(data=True) if v == "gms-1"}
    assert roles == {("ccg", "commissioner"), ("p1", "holder")}


# -- from_networkx --------------------------------------------------------------------------------

def test_from_networkx_round_trip_keeps_nodes_and_stated_relations():
    m = ownership_model()
    back = gg.from_networkx(m.to_networkx())
    assert back.name == "group"
    assert back.nodes_frame().equals(m.nodes_frame())
    assert sorted_frame(back.relations_frame()).equals(sorted_frame(m.relations_frame()))
    assert back.controllers("site").to_frame().equals(m.controllers("site").to_frame())


def test_from_networkx_of_a_plain_digraph():
    g = nx.DiGraph()
    g.add_node("a", type="organisation", name="A", kind="company", note="x")
    g.add_node("b", type="organisation", name="B")
    g.add_node("c", type="person", name="C")
    g.add_edge("c", "a", kind="owns", share=1)
    g.add_edge("a", "b", kind="owns", share=0.3, start="2020-01-01")
    m = gg.from_networkx(g, name="plain")
    assert m.name == "plain" and len(m) == 3
    assert m.nodes_frame().set_index("id").loc["a", "note"] == "x"
    assert m.controllers("b").to_frame()["share"].tolist() == pytest.approx([0.3, 0.3])


@pytest.mark.parametrize("build, match", [
    (lambda g: g.add_node("c1", type="contract"), r"node 'c1' is of type 'contract'"),
    (lambda g: g.add_node("x", type="planet"), r"node 'x' is of type 'planet'.*not a node type"),
    (lambda g: g.add_node("x", name="no type"), r"node 'x' has no 'type'"),
    (lambda g: g.add_node(7, type="person"), r"node 7: ids are text"),
    (lambda g: g.add_edge("a", "b", kind="befriends"),
     r"edge 'a' -> 'b' of kind 'befriends'.*not a relation kind"),
    (lambda g: g.add_edge("a", "b", kind="party"), r"edge 'a' -> 'b' of kind 'party'.*implied"),
    (lambda g: g.add_edge("a", "b"), r"edge 'a' -> 'b' has no 'kind'"),
    (lambda g: g.add_edge("a", "b", kind="owns", share="half"),
     r"edge 'a' -> 'b' \(owns\): 'share' must be a number"),
    (lambda g: g.add_edge("a", "ghost", kind="owns"), r"ghost"),
    (lambda g: g.add_node("a", type="organisation", list_size="many"), r"list_size"),
    (lambda g: g.add_edge("b", "a", kind="employs", share=0.5), r"share|employs"),
])
def test_from_networkx_refuses_what_it_cannot_represent(build, match):
    g = nx.MultiDiGraph()
    g.add_node("a", type="organisation", name="A")
    g.add_node("b", type="person", name="B")
    build(g)
    with pytest.raises((gg.Error, TypeError), match=match):
        gg.from_networkx(g)


def test_from_networkx_refuses_undirected_graphs_and_other_things():
    with pytest.raises(gg.Error, match="undirected"):
        gg.from_networkx(nx.Graph())
    with pytest.raises(gg.Error, match="expected a networkx graph"):
        gg.from_networkx({"a": 1})


def test_a_model_with_contracts_does_not_round_trip_silently(model):
    with pytest.raises(gg.Error, match=r"of type 'contract'"):
        gg.from_networkx(model.to_networkx())


# -- GraphML --------------------------------------------------------------------------------------

def test_graphml_round_trip(tmp_path):
    m = ownership_model()
    path = tmp_path / "group.graphml"
    m.to_graphml(path)
    text = path.read_text()
    assert "None" not in text and "company_number" in text
    back = gg.read_graphml(path)
    assert back.nodes_frame().equals(m.nodes_frame())
    assert sorted_frame(back.relations_frame()).equals(sorted_frame(m.relations_frame()))


# -- Arrow and Parquet ----------------------------------------------------------------------------

def test_to_arrow_tables_hold_the_frames():
    pa = pytest.importorskip("pyarrow")
    m = ownership_model()
    t = m.to_arrow()
    assert set(t) == {"nodes", "relations"}
    assert t["nodes"].num_rows == len(m) and t["relations"].num_rows == m.relation_count(False)
    assert t["nodes"].schema.field("start").type == pa.date32()
    assert t["nodes"].column_names == list(m.nodes_frame().columns)
    assert t["relations"].column_names == list(m.relations_frame().columns)
    got = t["nodes"].to_pandas()
    want = m.nodes_frame()
    for c in want.columns:
        if c in ("start", "end"):
            assert [None if pd.isna(x) else x.isoformat() for x in got[c]] == \
                [None if pd.isna(x) else x for x in want[c]]
        else:
            assert got[c].tolist() == want[c].tolist() or got[c].equals(want[c]), c
    early = m.to_arrow(as_of="2020-01-01")["relations"]
    assert early.num_rows == m.relations_frame(as_of="2020-01-01").shape[0]
    implied = build_model().to_arrow(implied=True)["relations"]
    assert "party" in implied.column("kind").to_pylist()


def test_to_parquet_round_trip_into_a_model(tmp_path):
    pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    m = ownership_model()
    paths = m.to_parquet(tmp_path / "out")
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["nodes.parquet", "relations.parquet"]
    nodes = pq.read_table(paths[0]).to_pandas()
    rels = pq.read_table(paths[1]).to_pandas()
    back = gg.Model(name="group")
    for t, part in nodes.groupby("type", sort=False):
        part = part.drop(columns="type").dropna(axis=1, how="all")
        back.add_nodes_from(part, type=t, attrs=[c for c in ("company_number",) if c in part])
    back.add_relations_from(rels, attrs=["source_doc"])
    assert sorted_frame(back.nodes_frame()).equals(sorted_frame(m.nodes_frame()))
    assert back.relations_frame().equals(m.relations_frame())


def test_to_arrow_refuses_a_column_of_mixed_types():
    pytest.importorskip("pyarrow")
    m = gg.Model()
    m.add_organisation("a", attrs={"ref": 1})
    m.add_organisation("b", attrs={"ref": "B-2"})
    with pytest.raises(gg.Error, match=r"nodes column 'ref' mixes values of types int, str"):
        m.to_arrow()


# -- the ownership picture ------------------------------------------------------------------------

def edges(dot: str) -> list[tuple[str, str, str]]:
    return [(a, b, lab) for a, b, lab in re.findall(
        r'^  "([^"]+)" -> "([^"]+)" \[.*?label="([^"]*)"', dot, re.M)]


def drawn_nodes(dot: str) -> list[str]:
    return [n for n in re.findall(r'^  "(\w+)" \[', dot, re.M) if not n.startswith("_legend")]


def test_to_dot_kinds_draws_the_ownership_chain_with_shares():
    m = ownership_model()
    dot = m.to_dot(around="site", depth=9, kinds=["owns", "controls"], as_of="2025-01-01")
    drawn = edges(dot)
    assert ("jv", "site", "100%") in drawn and ("holdco", "opco", "75%\\nfrom 2024-01-01") in drawn
    assert ("alice", "holdco", "60%\\nfrom 2015-01-01") in drawn
    assert ("alice", "opco", "controls\\nappoint board") in drawn
    assert not any(lab.startswith(("partner", "employs")) for _, _, lab in drawn)
    assert drawn_nodes(dot) == [
        "holdco", "opco", "p1", "jv", "alice", "bob", "site"]
    assert "owns (share)" in dot and "employs" not in dot
    # depth 1: the direct owner only
    one = m.to_dot(around="site", kinds=["owns"])
    assert set(drawn_nodes(one)) == {"jv", "site"}


def test_to_dot_without_kinds_is_unchanged():
    m = ownership_model()
    assert m.to_dot() == m.to_dot(kinds=None)
    assert "owns 60%" in m.to_dot()
    with pytest.raises(ValueError, match="'befriends' is not a kind"):
        m.to_dot(kinds=["befriends"])
