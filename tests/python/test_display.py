"""Pictures (govgraph.display): Model.to_dot and Model._repr_svg_ through Graphviz, on the
flagship example (North Cumbria) and a model with every relation kind."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import govgraph as gg
from conftest import load_example
from govgraph import display

HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed")

_STRING = r'"((?:[^"\\]|\\.)*)"'
_NODE = re.compile(rf"^\s*{_STRING} \[(.*)\];$", re.M)
_EDGE = re.compile(rf"^\s*{_STRING} -> {_STRING} \[(.*)\];$", re.M)
_ATTR = re.compile(rf'(\w+)=(?:{_STRING}|<(.*)>(?=(?:, \w+=|$)))')


def _unquote(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), s)


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1): _unquote(m.group(2)) if m.group(2) is not None else m.group(3)
            for m in _ATTR.finditer(text)}


def nodes(dot: str) -> dict[str, dict[str, str]]:
    """Node id -> attributes, legend left out."""
    return {_unquote(m.group(1)): _attrs(m.group(2)) for m in _NODE.finditer(dot)
            if not m.group(1).startswith("_legend")}


def edges(dot: str) -> list[tuple[str, str, dict[str, str]]]:
    """(source, target, attributes) as the arrows read: an edge written reversed for the
    layout (dir=back) is turned back round."""
    out = []
    for m in _EDGE.finditer(dot):
        a, b, attrs = _unquote(m.group(1)), _unquote(m.group(2)), _attrs(m.group(3))
        out.append((b, a, attrs) if attrs.get("dir") == "back" else (a, b, attrs))
    return out


def labels(dot: str, source: str, target: str) -> list[str]:
    return [a.get("label", "") for s, t, a in edges(dot) if (s, t) == (source, target)]


def render(dot: str) -> str:
    """SVG from ``dot``, failing on any Graphviz warning."""
    r = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=False)
    assert r.returncode == 0 and not r.stderr, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def nc() -> gg.Model:
    return load_example("north_cumbria").build()


@pytest.fixture(scope="module")
def nc_dot(nc) -> str:
    return nc.to_dot()


@pytest.fixture
def every_kind() -> gg.Model:
    """Every stated relation kind, a lease, an employment contract, a non-binding MoU, a
    network agreement with obligations owed both ways, a guaranteed lease, and seats of every
    sort (held, vacant, representing two organisations, observer)."""
    m = gg.Model(name='A "quoted" \\ model')
    m.add_organisation("icb", name="NHS ICB", kind="commissioner", legal_form="statutory_body")
    m.add_organisation("p1", name='Practice "One"', kind="practice", legal_form="partnership",
                       list_size=8000)
    m.add_organisation("p2", name="Practice Two", kind="practice", legal_form="partnership")
    m.add_organisation("pcn", name="Town PCN", kind="network", legal_form="unincorporated")
    m.add_organisation("fed", name="GP Federation", kind="federation",
                       legal_form="limited_company")
    m.add_organisation("mdo", name="Defence Union", kind="other")
    m.add_organisation("jv", name="Premises JV", kind="joint_venture", legal_form="llp")
    m.add_person("gp-x", name="Dr X", profession="gp")
    m.add_person("nurse-y", name="Nurse Y", profession="nurse")
    m.add_asset("surgery", name="Town Surgery", kind="premises")
    m.add_asset("fridge", name="Vaccine fridge", kind="equipment")
    m.add_contract("gms-p1", kind="gms", parties={"commissioner": "icb", "holder": "p1"},
                   obligations=[{"id": "gms-p1/ess", "name": "Essential services"}],
                   liability_cap=1_000_000)
    m.add_contract("emp-y", kind="employment", parties={"employer": "p1", "employee": "nurse-y"})
    m.add_contract("lease-1", kind="lease", parties={"landlord": "jv", "tenant": ["p1", "p2"]},
                   start="2015-01-01", end="2040-01-01")
    m.add_contract("mou-1", kind="mou", parties={"party": ["p1", "p2", "fed"]})
    m.add_contract("nwa", kind="network_agreement", parties={"party": ["p1", "p2"]},
                   obligations=[{"id": "nwa/a", "obligor": "p1", "obligee": "p2"},
                                {"id": "nwa/b", "obligor": "p2", "obligee": "p1"}])
    m.add_relation("member_of", "p1", "pcn")
    m.add_relation("owns", "fed", "jv", share=0.6)
    m.add_relation("controls", "fed", "jv", interest="appoint_board")
    m.add_relation("occupies", "p1", "surgery")
    m.add_relation("owns", "jv", "surgery", share=1.0)
    m.add_relation("guarantees", "gp-x", "lease-1")
    m.add_relation("indemnifies", "mdo", "gp-x", scope="clinical_negligence")
    m.add_relation("partner_in", "gp-x", "p1", start="2010-01-01", end="2030-01-01")
    m.add_relation("employs", "p1", "nurse-y")
    m.add_relation("performs", "nurse-y", "gms-p1/ess")
    m.add_relation("accountable_to", "pcn", "icb")
    m.add_board("pcn-board", of="pcn", quota=2, name='The "Board"')
    m.add_seat("cd", board="pcn-board", kind="ex_officio", appointed_by="p1",
               represents=["p1", "p2"], held_by="gp-x")
    m.add_seat("obs", board="pcn-board", kind="observer", votes=0, appointed_by="fed")
    m.add_seat("ind", board="pcn-board", kind="independent")
    return m


# -- what the flagship picture holds --------------------------------------------------------------

def test_every_node_of_the_flagship_is_named(nc, nc_dot):
    drawn = nodes(nc_dot)
    for i in nc.ids():
        t = nc.type_of(i)
        if t == "obligation":
            assert i not in drawn  # left out by default, counted on their contract
        elif t == "contract":
            assert f'tooltip="{i}: ' in nc_dot  # an edge, its id in the tooltip
        else:
            assert i in drawn, i
    assert drawn["practice-a"]["label"].startswith("Practice A\n")


def test_contracts_are_arrows_from_obligor_to_obligee(nc_dot):
    # the partners hold the GMS contract: practice -> commissioner
    for p in ("practice-a", "practice-b", "practice-c"):
        assert labels(nc_dot, p, "01H") == ["gms\n4 obligations\nfrom 2004-04-01"]
        assert labels(nc_dot, "01H", p) == []
        # and sub-contract delivery to the collaborative: collaborative -> practice
        sub = labels(nc_dot, "ncpcc", p)
        assert sub == ["subcontract\n4 obligations\nfrom 2018-06-01"]
    styles = {a["label"].split("\n")[0]: a["style"] for _, _, a in edges(nc_dot)
              if "obligations" in a.get("label", "")}
    assert styles == {"gms": "bold", "subcontract": "bold,dashed"}


def test_stated_and_implied_relations_are_edges_with_their_dates(nc_dot):
    for gp in ("gp-a1", "gp-a2", "gp-b1", "gp-b2", "gp-c1", "gp-c2"):
        assert labels(nc_dot, "ncpcc", gp) == ["employs\nfrom 2018-06-01"]
    assert labels(nc_dot, "gp-a1", "practice-a") == ["partner\nfrom 2004-04-01"]
    assert "member\nfrom 2018-06-01" in labels(nc_dot, "practice-a", "ncpcc")
    assert labels(nc_dot, "ncpcc", "system-board") == ["accountable to\nfrom 2018-06-01"]
    assert labels(nc_dot, "ncpcc-board", "ncpcc") == ["governs"]
    # seats: board <- seat <- appointer / holder
    assert labels(nc_dot, "seat-practice-a", "ncpcc-board") == [""]
    assert labels(nc_dot, "practice-a", "seat-practice-a") == ["appoints · represented"]
    assert labels(nc_dot, "gp-a1", "seat-practice-a") == [""]
    kinds = {(s, t): a["color"] for s, t, a in edges(nc_dot)}
    assert kinds[("ncpcc", "gp-a1")] != kinds[("gp-a1", "practice-a")]  # employs vs partner


def test_dated_nodes_say_so(nc_dot):
    drawn = nodes(nc_dot)
    assert drawn["01H"]["label"].endswith("until 2022-07-01")
    assert drawn["ncpcc"]["label"].endswith("from 2018-06-01")


def test_shapes_colours_and_legal_forms_by_type(nc_dot, every_kind):
    drawn = nodes(nc_dot)
    assert drawn["practice-a"]["shape"] == "box"
    assert "practice · partnership" in drawn["practice-a"]["label"]
    assert "12,400 patients" in drawn["practice-a"]["label"]
    assert "company limited by guarantee" not in drawn["ncpcc"]["label"]  # shortened...
    assert "company ltd by guarantee\nnot for profit" in drawn["ncpcc"]["label"]
    fills = {i: drawn[i]["fillcolor"] for i in ("01H", "practice-a", "practice-b", "ncpcc",
                                                 "cpft")}
    assert fills["practice-a"] == fills["practice-b"]
    assert len({fills[i] for i in ("01H", "practice-a", "ncpcc", "cpft")}) == 4
    assert drawn["gp-a1"]["shape"] == "ellipse" and drawn["gp-a1"]["label"] == "Dr A1\nGP"
    assert drawn["ncpcc-board"]["shape"] == "doubleoctagon"
    assert "quota 0.5" in drawn["ncpcc-board"]["label"]
    seat = drawn["seat-practice-a"]
    assert seat["shape"] == "circle" and seat["label"] == "1"
    assert seat["xlabel"] == "representative" and "dashed" not in seat["style"]
    assert drawn["system-seat-01H"]["xlabel"] == "representative\nvacant"

    d = nodes(every_kind.to_dot())
    assert d["surgery"]["shape"] == "house" and d["fridge"]["shape"] == "cylinder"
    assert d["obs"]["label"] == "0" and d["obs"]["xlabel"] == "observer\nvacant"
    assert d["obs"]["style"] == "filled,dashed" and d["cd"]["style"] == "filled"
    assert d["gms-p1/ess"]["shape"] == "plaintext"  # an obligation someone performs
    assert d["lease-1"]["shape"] == "note"  # a contract a guarantee ends at
    assert d["mou-1"]["label"] == "mou-1\nmou (not binding)"  # no obligor-obligee pair
    assert "LLP" in d["jv"]["label"] and "limited company" in d["fed"]["label"]


def test_contracts_as_nodes_with_their_roles(nc):
    dot = nc.to_dot(contracts="nodes")
    drawn = nodes(dot)
    assert drawn["gms-practice-a"]["shape"] == "note"
    assert drawn["sub-practice-a"]["shape"] == "folder"
    assert "subcontract" in drawn["sub-practice-a"]["label"]
    assert labels(dot, "practice-a", "gms-practice-a") == ["holder"]
    assert labels(dot, "01H", "gms-practice-a") == ["commissioner"]
    assert labels(dot, "ncpcc", "sub-practice-a") == ["subcontractor"]
    assert labels(dot, "sub-practice-a", "gms-practice-a") == ["under"]
    assert labels(dot, "practice-a", "01H") == []
    assert not [i for i in drawn if nc.type_of(i) == "obligation"]

    dot = nc.to_dot(obligations=True)
    drawn = nodes(dot)
    assert drawn["gms-practice-a/essential"]["shape"] == "plaintext"
    assert drawn["gms-practice-a/essential"]["label"].startswith("Essential services")
    assert labels(dot, "gms-practice-a/essential", "gms-practice-a") == [""]
    assert labels(dot, "sub-practice-a/essential", "gms-practice-a/essential") == [""]


def test_every_relation_kind_has_a_line_of_its_own(every_kind):
    dot = every_kind.to_dot()
    stated = {k: v[:3] for k, v in display.EDGE_STYLE.items() if k in display.STATED}
    assert len(set(stated.values())) == len(stated) == 10
    style = {(s, t): (a["color"], a["style"]) for s, t, a in edges(dot)}
    assert style[("fed", "jv")] in {display.EDGE_STYLE[k][:2] for k in ("owns", "controls")}
    assert labels(dot, "fed", "jv") == ["owns 60%", "controls (appoint board)"]
    assert labels(dot, "jv", "surgery") == ["owns 100%"]
    assert labels(dot, "mdo", "gp-x") == ["indemnifies (clinical negligence)"]
    assert labels(dot, "gp-x", "p1") == ["partner\n2010-01-01 to 2030-01-01"]
    assert labels(dot, "p1", "nurse-y") == ["employs"]
    assert labels(dot, "p1", "pcn") == ["member"]
    assert labels(dot, "gp-x", "lease-1") == ["guarantees"]
    assert labels(dot, "nurse-y", "gms-p1/ess") == ["performs"]
    assert labels(dot, "p1", "surgery") == ["occupies"]
    assert labels(dot, "pcn", "icb") == ["accountable to"]
    # contracts: employment employee -> employer; the cap; both ways under the network
    # agreement; a lease guaranteed is a node linked to its parties by role
    assert labels(dot, "nurse-y", "p1") == ["employment"]
    assert labels(dot, "p1", "icb") == ["gms\n1 obligation\ncap 1,000,000"]
    assert labels(dot, "p1", "p2") == ["network agreement\n1 obligation"]
    assert labels(dot, "p2", "p1") == ["network agreement\n1 obligation"]
    assert sorted(labels(dot, "p1", "lease-1") + labels(dot, "p2", "lease-1")) == [
        "tenant", "tenant"]
    assert labels(dot, "jv", "lease-1") == ["landlord"]
    assert labels(dot, "fed", "mou-1") == ["party"]
    # a seat representing two organisations, one of them its appointer; a vacant seat
    assert labels(dot, "p1", "cd") == ["appoints · represented"]
    assert labels(dot, "p2", "cd") == ["represented"]
    assert labels(dot, "gp-x", "cd") == [""]
    assert labels(dot, "ind", "pcn-board") == [""]


def test_the_legend_shows_what_is_drawn(nc_dot, nc):
    legend = nc_dot[nc_dot.index('"_legend"'):]
    for text in ("practice", "commissioner", "company", "nhs trust", "person", "board",
                 "contract: obligor → obligee", "employs", "partner in", "holds a seat"):
        assert text in legend, text
    for text in ("asset", "guarantees", "network", "owns (share)"):
        assert text not in legend, text
    assert "_legend" not in nc.to_dot(legend=False)


# -- part of a model ------------------------------------------------------------------------------

def test_nodes_draws_just_those_and_the_relations_among_them(nc):
    dot = nc.to_dot(nodes=["practice-a", "01H", "ncpcc", "gp-a1"])
    assert set(nodes(dot)) == {"practice-a", "01H", "ncpcc", "gp-a1"}
    pairs = {(s, t) for s, t, _ in edges(dot)}
    assert pairs == {("practice-a", "01H"), ("ncpcc", "practice-a"), ("practice-a", "ncpcc"),
                     ("gp-a1", "practice-a"), ("ncpcc", "gp-a1")}
    # a contract named brings its obligor and obligee
    dot = nc.to_dot(nodes=["gms-practice-b"])
    # both its commissioners: the CCG until 2022-07-01, the ICB after the novation
    assert set(nodes(dot)) == {"practice-b", "01H", "QHM"}
    assert labels(dot, "practice-b", "01H")[0].startswith("gms")
    with pytest.raises(gg.UnknownIdError, match="'nowhere'"):
        nc.to_dot(nodes=["practice-a", "nowhere"])
    with pytest.raises(gg.UnknownIdError, match="'nowhere'"):
        nc.to_dot(around="nowhere")


def test_around_draws_the_neighbourhood_within_depth_hops(nc):
    assert set(nodes(nc.to_dot(around="practice-a", depth=0))) == {"practice-a"}
    one = set(nodes(nc.to_dot(around="practice-a")))
    assert one == {"practice-a", "01H", "QHM", "ncpcc", "gp-a1", "gp-a2", "seat-practice-a"}
    two = set(nodes(nc.to_dot(around="practice-a", depth=2)))
    assert one < two
    assert {"practice-b", "ncpcc-board", "gp-b1", "system-board"} <= two
    assert "cpft" not in two
    assert set(nodes(nc.to_dot(around="practice-a", depth=9))) == set(nodes(nc.to_dot()))
    # both: the union
    both = set(nodes(nc.to_dot(around="practice-a", depth=0, nodes=["cpft"])))
    assert both == {"practice-a", "cpft"}
    # around a contract drawn as an edge: around its two ends
    assert set(nodes(nc.to_dot(around="gms-practice-c", depth=0))) == {"practice-c", "01H", "QHM"}


def test_as_of_draws_only_what_is_in_force_that_day(nc):
    before = nc.to_dot(as_of="2010-01-01")
    drawn = nodes(before)
    assert "ncpcc" not in drawn and "ncpcc-board" not in drawn
    assert not [k for k in drawn if k.startswith("seat-practice")]  # their board is not there
    assert labels(before, "practice-a", "01H") == ["gms\n4 obligations\nfrom 2004-04-01"]
    assert not [a for _, _, a in edges(before) if "employs" in a.get("label", "")]
    assert 'label="North Cumbria Alliance — as of 2010-01-01"' in before
    after = nc.to_dot(as_of="2023-01-01")
    assert "01H" not in nodes(after) and "ncpcc" in nodes(after)
    assert labels(after, "ncpcc", "practice-a") == ["subcontract\n4 obligations\nfrom 2018-06-01"]
    # as_of with around
    assert set(nodes(nc.to_dot(as_of="2010-01-01", around="gp-a1"))) == {"gp-a1", "practice-a"}


def test_implied_false_draws_the_stated_relations_only(nc):
    dot = nc.to_dot(implied=False)
    drawn = nodes(dot)
    assert not [i for i in drawn if nc.type_of(i) in ("seat", "contract", "obligation")]
    assert "ncpcc-board" not in drawn
    assert "system-board" in drawn  # a stated relation ends at it
    assert {a["label"].split("\n")[0] for _, _, a in edges(dot)} == {
        "partner", "member", "employs", "accountable to"}


def test_bad_options_are_refused(nc):
    with pytest.raises(ValueError, match="contracts="):
        nc.to_dot(contracts="arrows")
    with pytest.raises(ValueError, match="depth="):
        nc.to_dot(around="01H", depth=-1)


# -- text and rendering ---------------------------------------------------------------------------

def test_quotes_backslashes_and_line_breaks_are_escaped(every_kind):
    every_kind.add_organisation("odd", name='Say "hi" \\ then\nnewline', kind="other")
    dot = every_kind.to_dot(title='Title "x"')
    assert r'label="Practice \"One\"\npractice · partnership\n8,000 patients"' in dot
    assert r'label="The \"Board\"\nquota 2"' in dot
    assert r'"Say \"hi\" \\ then\nnewline' in dot
    assert r'label="Title \"x\""' in dot
    assert dot.startswith(r'digraph "A \"quoted\" \\ model" {')
    assert nodes(dot)["odd"]["label"].startswith('Say "hi" \\ then\nnewline')
    assert 'label=""' not in every_kind.to_dot(title="").split("\n")[1]


def test_the_dot_text_is_stable(nc):
    assert nc.to_dot() == nc.to_dot() == display.to_dot(nc)


@needs_dot
def test_graphviz_reads_every_picture_without_a_warning(nc, every_kind, model):
    for dot in (nc.to_dot(), nc.to_dot(contracts="nodes", obligations=True),
                nc.to_dot(as_of="2010-01-01"), every_kind.to_dot(),
                every_kind.to_dot(contracts="nodes", obligations=True), model.to_dot(),
                gg.Model().to_dot()):
        assert render(dot).lstrip().startswith("<?xml")


@needs_dot
def test_repr_svg_is_an_svg_picture(nc, every_kind):
    svg = nc._repr_svg_()
    assert svg is not None and "<svg" in svg
    assert "North Cumbria Primary Care" in svg and "from 2018&#45;06&#45;01" in svg
    assert "Practice &quot;One&quot;" in every_kind._repr_svg_()
    svg = display.to_svg(nc, around="practice-a", depth=0)
    assert "<svg" in svg and "Practice A" in svg and "Practice B" not in svg


def test_a_large_model_does_not_draw_itself_in_a_notebook():
    m = gg.Model()
    n = display.REPR_MAX_NODES + 1
    m.add_nodes_from({"id": [f"p{i}" for i in range(n)], "type": ["organisation"] * n})
    assert m._repr_svg_() is None
    assert len(nodes(m.to_dot())) == n  # to_dot still draws it all


def test_a_missing_dot_is_a_clear_error(nc, monkeypatch):
    with pytest.raises(RuntimeError, match=r"Graphviz's `dot`.*apt-get install graphviz"):
        display.to_svg(nc, dot="no-such-graphviz-dot")
    monkeypatch.setattr(display.shutil, "which", lambda _: None)
    with pytest.raises(RuntimeError, match="install Graphviz"):
        nc._repr_svg_()


def test_display_styles_every_kind_of_the_kinds_table_and_no_other():
    # The pictures' colours are keyed by the core's organisation kinds, and their legal-form
    # labels come from the kinds table itself: nothing to fall out of step.
    tables = gg._core._schema_tables()
    assert set(display.ORG_FILL) == set(tables["organisation_kinds"])
    assert all(d["label"] for d in tables["legal_forms"].values())
    m = gg.Model()
    m.add_organisation("f", kind="federation", legal_form="company_limited_by_guarantee")
    nodes = {m_.group(1): _attrs(m_.group(2)) for m_ in _NODE.finditer(m.to_dot())}
    assert "company ltd by guarantee" in nodes["f"]["label"]


def test_an_observer_seat_is_drawn_with_no_vote_and_a_default_seat_as_representative():
    # seat kinds come from the kinds table: an observer has no vote, a seat without a kind is
    # the table's default kind
    m = gg.Model()
    m.add_organisation("p", kind="practice")
    m.add_board("b", of="p")
    m.add_seat("s-obs", board="b", kind="observer")
    m.add_seat("s-rep", board="b")
    nodes = {m_.group(1): _attrs(m_.group(2)) for m_ in _NODE.finditer(m.to_dot(implied=True))}
    assert nodes["s-obs"]["label"] == "0" and "observer" in nodes["s-obs"]["xlabel"]
    assert nodes["s-rep"]["label"] == "1" and "representative" in nodes["s-rep"]["xlabel"]
