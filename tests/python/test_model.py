"""Building a model: every node kind, every relation kind, endpoint checks, and the errors that
refuse bad input while leaving the model as it was."""

from __future__ import annotations

import pytest

import govgraph as gg
from conftest import snapshot

# --- every node kind can be added ------------------------------------------------------------


def test_an_organisation_is_added_with_its_fields(model):
    o = model.get("p1")
    assert o["kind"] == "practice" and o["legal_form"] == "partnership"
    assert o["list_size"] == 8000 and model.type_of("p1") == "organisation"


def test_a_person_is_added_with_a_profession(model):
    assert model.get("gp-a") == {"id": "gp-a", "name": "Dr A", "profession": "gp"}


def test_an_asset_is_added(model):
    assert model.type_of("premises") == "asset" and model.get("premises")["kind"] == "premises"


def test_a_contract_is_added_with_parties_by_role_and_obligations(model):
    c = model.get("gms-1")
    assert c["parties"] == {"commissioner": "ccg", "holder": "p1"}
    assert [o["id"] for o in c["obligations"]] == ["gms-1/essential"]
    assert c["start"] == "2004-04-01"


def test_an_obligation_belongs_to_its_contract(model):
    assert model.type_of("gms-1/essential") == "obligation"
    assert model.reachable("gms-1/essential", kinds=["obligation_of"],
                           include_sources=False) == ["gms-1"]


def test_a_subcontract_names_its_head_and_obligations_flow_down(model):
    c = model.get("sub-1")
    assert c["head"] == "gms-1" and c["liability_cap"] == 1e6
    assert c["obligations"][0]["flows_from"] == "gms-1/essential"


def test_a_board_and_its_seat_are_added(model):
    b = model.get("board")
    assert b["of"] == "co" and b["quota"] == 0.5
    s = b["seats"][0]
    assert (s["appointed_by"], s["represents"], s["held_by"]) == ("p1", ["p1"], "gp-a")


def test_a_role_may_name_several_parties(model):
    model.add_contract("mou", kind="mou", parties={"party": ["p1", "co"]},
                       obligations=[{"id": "mou/share", "obligor": "co", "obligee": "p1"}])
    assert model.get("mou")["parties"] == {"party": ["p1", "co"]}


def test_a_vacant_seat_is_allowed(model):
    model.add_seat("s2", board="board", kind="independent")
    assert "held_by" not in model.get("s2")


def test_repr_is_informative(model):
    r = repr(model)
    assert r.startswith("<govgraph.Model 'test': 12 nodes")
    assert "3 organisations" in r and "2 contracts" in r and "relations>" in r


def test_len_and_in(model):
    assert len(model) == 12 and "p1" in model and "nope" not in model and 3 not in model


# --- every stated relation kind: added, and refused between wrong kinds ----------------------

# kind -> (a valid source, target, extra fields), (a wrong source, target)
RELATIONS = {
    "partner_in": (("gp-b", "p1", {}), ("gp-b", "co")),
    "member_of": (("p1", "co", {}), ("p1", "premises")),
    "employs": (("co", "gp-b", {}), ("gp-b", "co")),
    "owns": (("co", "premises", {"share": 0.5}), ("co", "gp-a")),
    "controls": (("p1", "co", {"interest": "voting_rights"}), ("p1", "premises")),
    "occupies": (("co", "premises", {}), ("co", "p1")),
    "guarantees": (("gp-a", "co", {"beneficiary": "p1"}), ("gp-a", "premises")),
    "indemnifies": (("ccg", "co", {"scope": "clinical_negligence"}), ("gp-a", "co")),
    "accountable_to": (("co", "ccg", {}), ("gp-a", "ccg")),
    "performs": (("gp-a", "sub-1/essential", {}), ("gp-a", "co")),
    "delegates": (("ccg", "co", {}), ("gp-a", "co")),
}


@pytest.mark.parametrize("kind", sorted(RELATIONS))
def test_each_stated_relation_kind_is_added(model, kind):
    (src, tgt, extra), _ = RELATIONS[kind]
    before = model.relation_count(implied=False)
    model.add_relation(kind, src, tgt, start="2018-06-01", **extra)
    assert model.relation_count(implied=False) == before + 1
    row = model.relations_frame().iloc[-1]
    assert (row["kind"], row["source"], row["target"], row["start"]) == (kind, src, tgt,
                                                                         "2018-06-01")
    for k, v in extra.items():
        assert row[k] == v


@pytest.mark.parametrize("kind", sorted(RELATIONS))
def test_each_stated_relation_kind_refuses_a_wrong_endpoint_kind(model, kind):
    _, (src, tgt) = RELATIONS[kind]
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        model.add_relation(kind, src, tgt)
    msg = str(e.value)
    assert msg.startswith("[govgraph.endpoint_kind]") and e.value.id == "endpoint_kind"
    assert f"'{src}'" in msg and f"'{tgt}'" in msg and kind in msg
    assert snapshot(model) == before


def test_every_stated_kind_is_covered_by_these_tests():
    tables = gg._core._schema_tables()["relations"]
    assert sorted(k for k, v in tables.items() if not v["implied"]) == sorted(RELATIONS)


@pytest.mark.parametrize("kind", ["party", "obligation_of", "flows_from", "head", "obligor",
                                  "obligee", "governs", "seat_on", "appointed_by", "represents",
                                  "held_by"])
def test_implied_kinds_cannot_be_stated(model, kind):
    before = snapshot(model)
    with pytest.raises(gg.ModelError, match=r"\[govgraph.implied_kind\]"):
        model.add_relation(kind, "p1", "gms-1")
    assert snapshot(model) == before


def test_every_implied_kind_is_created_by_contracts_boards_and_seats(model):
    model.add_contract("mou", kind="mou", parties={"party": ["p1", "co"]},
                       obligations=[{"id": "mou/x", "obligor": "co", "obligee": "p1"}])
    kinds = set(model.relations_frame(implied=True)["kind"])
    implied = {k for k, v in gg._core._schema_tables()["relations"].items() if v["implied"]}
    assert implied <= kinds


# --- contracts, boards and seats: their own rules --------------------------------------------


def test_a_subcontract_must_name_its_head(model):
    before = snapshot(model)
    with pytest.raises(gg.ModelError, match=r"missing_field.*'sub-2'.*head"):
        model.add_contract("sub-2", kind="subcontract",
                           parties={"contractor": "p1", "subcontractor": "co"})
    assert snapshot(model) == before


def test_flows_from_must_point_into_the_head_contract(model):
    model.add_contract("gms-2", kind="gms", parties={"commissioner": "ccg", "holder": "p1"},
                       obligations=[{"id": "gms-2/x"}])
    with pytest.raises(gg.ModelError, match="'gms-2/x'.*not an obligation of this contract's head"):
        model.add_contract("sub-2", kind="subcontract", head="gms-1",
                           parties={"contractor": "p1", "subcontractor": "co"},
                           obligations=[{"id": "sub-2/x", "flows_from": "gms-2/x"}])
    assert "sub-2" not in model and "sub-2/x" not in model


def test_the_contractor_must_hold_the_head_contract(model):
    with pytest.raises(gg.ModelError, match="contractor 'co' is not the holder of the head"):
        model.add_contract("sub-2", kind="subcontract", head="gms-1",
                           parties={"contractor": "co", "subcontractor": "p1"})


def test_a_gms_contract_needs_a_holder_when_it_has_obligations(model):
    with pytest.raises(gg.ModelError, match="role 'holder'"):
        model.add_contract("gms-2", kind="gms", parties={"commissioner": "ccg"},
                           obligations=[{"id": "gms-2/x"}])


def test_an_obligation_override_must_name_a_party(model):
    with pytest.raises(gg.ModelError, match="obligor 'gp-a', who is not a party"):
        model.add_contract("gms-2", kind="gms", parties={"commissioner": "ccg", "holder": "p1"},
                           obligations=[{"id": "gms-2/x", "obligor": "gp-a"}])


def test_an_observer_seat_has_no_vote(model):
    with pytest.raises(gg.ModelError, match="observer seats have no vote"):
        model.add_seat("s9", board="board", kind="observer", votes=1)
    model.add_seat("s9", board="board", kind="observer", votes=0)


@pytest.mark.parametrize("quota", [0, -1, 1.5, 2.25])
def test_a_board_quota_is_a_fraction_below_one_or_whole_votes(model, quota):
    with pytest.raises(gg.ModelError, match="quota"):
        model.add_board("b2", of="co", quota=quota)


def test_partner_in_must_end_at_a_partnership(model):
    with pytest.raises(gg.ModelError, match="'co' is not a partnership"):
        model.add_relation("partner_in", "gp-a", "co")


def test_a_relation_cannot_join_a_node_to_itself(model):
    with pytest.raises(gg.ModelError, match="to itself"):
        model.add_relation("owns", "co", "co", share=0.5)


# --- errors: message, class, and the model left unchanged ------------------------------------


def test_a_duplicate_id_is_refused_naming_the_id(model):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        model.add_person("p1", name="Clash")
    assert e.value.id == "duplicate_id"
    assert "'p1' is already used by organisation 'p1'" in str(e.value)
    assert snapshot(model) == before


def test_a_dangling_id_is_an_unknown_id_error_and_a_key_error(model):
    before = snapshot(model)
    with pytest.raises(KeyError) as e:
        model.add_relation("employs", "co", "gp-zz")
    assert isinstance(e.value, gg.UnknownIdError) and isinstance(e.value, gg.Error)
    assert str(e.value) == ("[govgraph.unknown_id] relation 'employs' from 'co' to 'gp-zz': "
                            "target 'gp-zz' is not in the model")
    assert snapshot(model) == before


def test_a_dangling_id_inside_a_contract_adds_nothing(model):
    before = snapshot(model)
    with pytest.raises(gg.UnknownIdError, match="'nobody'"):
        model.add_contract("gms-9", kind="gms", parties={"commissioner": "ccg",
                                                         "holder": "nobody"},
                           obligations=[{"id": "gms-9/x"}])
    assert snapshot(model) == before and "gms-9/x" not in model


@pytest.mark.parametrize("start,end,fragment", [
    ("2019-02-30", None, "'2019-02-30' is not a date"),
    ("1/2/2019", None, "'1/2/2019' is not a date"),
    ("2020-01-01", "2019-01-01", "end 2019-01-01 is before start 2020-01-01"),
])
def test_bad_dates_are_refused(model, start, end, fragment):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        model.add_organisation("x", start=start, end=end)
    assert e.value.id == "bad_date" and fragment in str(e.value) and "'x'" in str(e.value)
    assert snapshot(model) == before


@pytest.mark.parametrize("field,value,fragment", [
    ("list_size", "many", "'list_size' must be an integer, not text"),
    ("list_size", 10.5, "'list_size' must be an integer, not a number"),
    ("not_for_profit", 1, "'not_for_profit' must be true or false, not an integer"),
    ("name", 42, "'name' must be text, not an integer"),
])
def test_wrong_types_are_refused(model, field, value, fragment):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        model.add_organisation("x", **{field: value})
    assert e.value.id == "wrong_type" and fragment in str(e.value)
    assert snapshot(model) == before


def test_an_unstorable_attribute_is_refused(model):
    with pytest.raises(gg.ModelError, match="'tags' must be text, a number or a bool, not list"):
        model.add_organisation("x", attrs={"tags": ["a", "b"]})
    assert "x" not in model


@pytest.mark.parametrize("kw,fragment", [
    ({"legal_form": "partnershp"}, "legal_form 'partnershp' is not one of: partnership"),
    ({"list_size": -3}, "'list_size' is -3, outside 0 to inf"),
    ({"attrs": {"score": float("inf")}}, "'score' is not a finite number"),
])
def test_bad_values_are_refused(model, kw, fragment):
    with pytest.raises(gg.ModelError, match="bad_value") as e:
        model.add_organisation("x", **kw)
    assert fragment in str(e.value) and "x" not in model


def test_a_share_outside_0_1_is_refused(model):
    with pytest.raises(gg.ModelError, match="'share' is 1.5, outside 0 to 1"):
        model.add_relation("owns", "co", "premises", share=1.5)


def test_attributes_keep_their_types(model):
    model.add_organisation("x", attrs={"region": "North", "beds": 12, "rating": 4.5, "open": True})
    assert model.get("x")["attributes"] == {"beds": 12, "open": True, "rating": 4.5,
                                            "region": "North"}


# --- strict input: a name that is not a field is refused, naming the nearest field -----------


STRICT_TYPOS = {
    "organisation keyword": (
        lambda m: m.add_organisation("x", kind="practice", listsize=5000),
        "'listsize' is not a field of organisations (did you mean 'list_size'?)"),
    "contract keyword": (
        lambda m: m.add_contract("gms-2", kind="gms", liabilty_cap=1000,
                                 parties={"commissioner": "ccg", "holder": "p1"},
                                 obligations=[{"id": "gms-2/essential"}]),
        "'liabilty_cap' is not a field of contracts (did you mean 'liability_cap'?)"),
    "obligation key": (
        lambda m: m.add_contract("sub-2", kind="subcontract", head="gms-1",
                                 parties={"contractor": "p1", "subcontractor": "co"},
                                 obligations=[{"id": "sub-2/essential",
                                               "flow_from": "gms-1/essential"}]),
        "'flow_from' is not a field of obligations (did you mean 'flows_from'?)"),
    "seat keyword": (
        lambda m: m.add_seat("s2", board="board", appointed="p1", held_by="gp-b"),
        "'appointed' is not a field of seats (did you mean 'appointed_by'?)"),
    "bulk column": (
        lambda m: m.add_nodes_from({"id": ["n1", "n2"], "kind": ["practice"] * 2,
                                    "listsize": [5000, 6000]}, type="organisation"),
        "'listsize' is not a field of organisations (did you mean 'list_size'?)"),
    "bulk relation column": (
        lambda m: m.add_relations_from({"kind": ["owns"], "source": ["co"],
                                        "target": ["premises"], "shares": [0.5]}),
        "'shares' is not a field of 'owns' relations (did you mean 'share'?)"),
}


@pytest.mark.parametrize("case", sorted(STRICT_TYPOS))
def test_a_typo_is_refused_naming_the_nearest_field(model, case):
    add, fragment = STRICT_TYPOS[case]
    before = snapshot(model)
    size = (len(model), model.relation_count())
    with pytest.raises(gg.ModelError, match=r"\[govgraph.unknown_field\]") as e:
        add(model)
    assert e.value.id == "unknown_field" and fragment in str(e.value)
    assert (len(model), model.relation_count()) == size
    assert snapshot(model) == before


def test_attrs_store_free_attributes_on_every_addition(model):
    model.add_organisation("x", kind="practice", list_size=5000, attrs={"ods_code": "A1"})
    model.add_person("nurse", profession="nurse", attrs={"fte": 0.8})
    model.add_asset("annex", kind="premises", attrs={"sqm": 80})
    model.add_contract("gms-2", kind="gms", parties={"commissioner": "ccg", "holder": "x"},
                       attrs={"ref": "G-2"},
                       obligations=[{"id": "gms-2/a", "category": "clinical",
                                     "attributes": {"hours": 30}},
                                    {"id": "gms-2/b", "attrs": {"hours": 5}}])
    model.add_relation("employs", "x", "nurse", attrs={"band": 6})
    model.add_board("x-board", of="x", quota=0.5, attrs={"chair": "nurse"})
    model.add_seat("x-seat", board="x-board", appointed_by="x", held_by="nurse",
                   attrs={"term": "3 years"})
    o = model.get("x")
    assert o["attributes"] == {"ods_code": "A1"} and o["list_size"] == 5000
    assert model.get("nurse")["attributes"] == {"fte": 0.8}
    assert model.get("annex")["attributes"] == {"sqm": 80}
    assert model.get("gms-2")["attributes"] == {"ref": "G-2"}
    assert model.get("gms-2/a")["attributes"] == {"hours": 30}
    assert model.get("gms-2/a")["category"] == "clinical"
    assert model.get("gms-2/b")["attributes"] == {"hours": 5}
    assert model.get("x-board")["attributes"] == {"chair": "nurse"}
    assert model.get("x-seat")["attributes"] == {"term": "3 years"}
    assert model.relations_frame().iloc[-1]["band"] == 6


def test_bulk_attrs_name_the_free_attribute_columns(model):
    model.add_nodes_from({"id": ["n1", "n2"], "kind": ["practice"] * 2,
                          "list_size": [5000, 6000], "approached": [True, False]},
                         type="organisation", attrs=["approached"])
    assert model.get("n1") == {"id": "n1", "kind": "practice", "list_size": 5000,
                               "attributes": {"approached": True}}
    model.add_relations_from({"kind": ["member_of"] * 2, "source": ["n1", "n2"],
                              "target": ["co"] * 2, "note": ["founder", None]},
                             attrs=["note"])
    f = model.relations_frame()
    assert f.iloc[-2]["note"] == "founder" and f.iloc[-1]["note"] != "founder"


@pytest.mark.parametrize("add,fragment", [
    (lambda m: m.add_organisation("x", attrs={"list_size": 5}),
     "'list_size' is a field of organisations, not a free attribute"),
    (lambda m: m.add_organisation("x", attrs=["ods_code"]), "attrs must be a mapping"),
    (lambda m: m.add_nodes_from({"id": ["x"]}, type="organisation", attrs=["ods_code"]),
     "attrs names column 'ods_code', which is not in the data"),
    (lambda m: m.add_nodes_from({"id": ["x"], "ods_code": ["A1"]}, type="organisation",
                                attrs="ods_code"), "give a list of column names"),
])
def test_misused_attrs_are_refused(model, add, fragment):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        add(model)
    assert fragment in str(e.value)
    assert snapshot(model) == before


def test_dates_may_be_given_as_date_objects(model):
    import datetime

    model.add_organisation("x", start=datetime.date(2018, 6, 1))
    assert model.get("x")["start"] == "2018-06-01"


def test_copy_is_independent(model):
    c = model.copy()
    c.add_person("new")
    assert "new" in c and "new" not in model and isinstance(c, gg.Model)
