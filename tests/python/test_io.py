"""Files: the JSON format round-trips every field, the shipped example round-trips byte for
byte, and bad documents are refused naming the place."""

from __future__ import annotations

import json

import pytest

import govgraph as gg
from conftest import ROOT, load_example


def full_model() -> gg.Model:
    """A model using every field of the format."""
    m = gg.Model(name="every field")
    m.sources = ["a source", "another"]
    m.add_organisation("ccg", name="CCG", kind="commissioner", legal_form="statutory_body",
                       start="2013-04-01", end="2022-07-01", attrs={"region": "north"})
    m.add_organisation("p1", name="P1", kind="practice", legal_form="partnership",
                       list_size=9000, not_for_profit=False, attrs={"ods": True})
    m.add_organisation("co", name="Co", kind="company", legal_form="llp",
                       attrs={"rating": 4.25})
    m.add_person("gp", name="Dr G", profession="gp", start="2001-01-01", end="2030-01-01",
                 attrs={"fte": 1})
    m.add_person("nurse", profession="nurse")
    m.add_asset("prem", name="Premises", kind="premises", start="1990-05-05",
                attrs={"sqm": 120.5})
    m.add_contract("gms", kind="gms", name="GMS", binding=True, value=1_200_000,
                   start="2004-04-01", end="2030-03-31", attrs={"note": "x"},
                   parties={"commissioner": "ccg", "holder": ["p1"]},
                   obligations=[{"id": "gms/a", "name": "A", "category": "clinical",
                                 "start": "2004-04-01", "attributes": {"weight": 2}},
                                {"id": "gms/b", "name": "B", "obligor": "p1", "obligee": "ccg"}])
    m.add_contract("sub", kind="subcontract", head="gms", liability_cap=250_000.5,
                   parties={"contractor": "p1", "subcontractor": ["co"]},
                   obligations=[{"id": "sub/a", "flows_from": "gms/a", "category": "clinical"}])
    m.add_contract("mou", kind="mou", binding=False, parties={"party": ["p1", "co", "ccg"]},
                   obligations=[{"id": "mou/x", "obligor": "co", "obligee": "p1"}])
    m.add_relation("partner_in", "gp", "p1", start="2001-01-01")
    m.add_relation("employs", "co", "nurse", end="2025-01-01", attrs={"grade": "band 6"})
    m.add_relation("owns", "co", "prem", share=0.75)
    m.add_relation("controls", "p1", "co", interest="appoint_board")
    m.add_relation("indemnifies", "ccg", "co", scope="clinical_negligence", cap=1e7)
    m.add_relation("performs", "nurse", "sub/a", attrs={"flag": True})
    m.add_board("board", of="co", name="Board", quota=3, quorum=2, start="2018-06-01",
                attrs={"chair": "x"})
    m.add_seat("s1", board="board", votes=2, kind="representative", appointed_by="p1",
               represents=["p1", "ccg"], held_by="gp", name="Seat 1", start="2018-06-01",
               attrs={"term": "3 years"})
    m.add_seat("s2", board="board", votes=0, kind="observer")
    return m


def test_every_field_round_trips():
    m = full_model()
    text = m.dumps()
    back = gg.loads(text)
    assert back.dumps() == text
    assert back.name == "every field" and back.sources == ["a source", "another"]
    for i in m.ids():
        assert back.get(i) == m.get(i), i
    assert back.relations_frame().equals(m.relations_frame())  # stated: same order
    def rows(model):  # implied relations are regrouped by contract/board on reading
        return sorted(map(str, model.relations_frame(implied=True).to_dict("records")))
    assert rows(back) == rows(m)
    assert back.nodes_frame().equals(m.nodes_frame())


def test_save_and_load_a_file(tmp_path):
    m = full_model()
    path = tmp_path / "m.json"
    m.save(path)
    assert path.read_text() == m.dumps() + "\n"
    assert gg.load(path).dumps() == m.dumps()
    gg.save(m, tmp_path / "n.json", indent=-1)
    assert gg.load(tmp_path / "n.json").dumps() == gg.dumps(m)
    assert "\n" not in gg.dumps(m, indent=-1)


def test_the_shipped_example_round_trips_byte_for_byte(tmp_path):
    shipped = ROOT / "examples" / "models" / "north_cumbria.json"
    out = tmp_path / "again.json"
    gg.load(shipped).save(out)
    assert out.read_bytes() == shipped.read_bytes()


def test_the_shipped_example_is_what_the_script_builds():
    built = load_example("north_cumbria").build()
    assert built.dumps() + "\n" == (ROOT / "examples" / "models" / "north_cumbria.json").read_text()


def test_malformed_json_names_line_and_column():
    text = '{\n  "govgraph": 1,\n  "name": "x",,\n}'
    with pytest.raises(gg.FormatError) as e:
        gg.loads(text, source="bad.json")
    assert e.value.id == "parse_error" and str(e.value).startswith(
        "[govgraph.parse_error] bad.json:3:15: malformed JSON")
    assert isinstance(e.value, ValueError)


def test_a_semantic_error_names_the_json_pointer():
    doc = json.loads(full_model().dumps())
    doc["organisations"][1]["list_size"] = "lots"
    with pytest.raises(gg.ModelError) as e:
        gg.loads(json.dumps(doc))
    assert e.value.id == "wrong_type"
    assert "<string> at /organisations/1 (organisation 'p1'): 'list_size' must be an integer" \
        in str(e.value)


def test_a_dangling_id_in_a_file_names_the_pointer():
    doc = json.loads(full_model().dumps())
    doc["contracts"][1]["obligations"][0]["flows_from"] = "gms/zz"
    with pytest.raises(gg.UnknownIdError, match=r"at /contracts/1/obligations/0/flows_from .*"
                                                r"'gms/zz' is not in the model"):
        gg.loads(json.dumps(doc))


def test_an_unknown_field_is_refused_with_its_pointer():
    doc = json.loads(full_model().dumps())
    doc["boards"][0]["seats"][0]["vote"] = 1
    with pytest.raises(gg.FormatError, match=r"at /boards/0/seats/0/vote: unknown field 'vote'"):
        gg.loads(json.dumps(doc))


@pytest.mark.parametrize("doc,fragment", [
    ({"name": "x"}, "missing \"govgraph\""),
    ({"govgraph": 2}, "format version 2 is not supported"),
    ({"govgraph": 1, "people": {}}, "at /people: expected an array, found object"),
    ({"govgraph": 1, "people": [{"id": "a", "attributes": {"x": [1]}}]},
     "/people/0/attributes/x: expected text, a number or true/false, found array"),
    ({"govgraph": 1, "people": [{"id": "a", "attributes": {"profession": "gp"}}]},
     "'profession' is a field, not a free attribute"),
    ({"govgraph": 1, "relations": [{"kind": "likes", "source": "a", "target": "b"}]},
     "/relations/0/kind: relation kind 'likes' is not one of"),
])
def test_malformed_documents_are_refused(doc, fragment):
    with pytest.raises(gg.ModelError) as e:
        gg.loads(json.dumps(doc))
    assert fragment in str(e.value)


def test_a_missing_file_names_the_file(tmp_path):
    with pytest.raises(gg.FormatError, match="cannot read '.*nope.json'"):
        gg.load(tmp_path / "nope.json")
