"""Bulk input: add_nodes_from / add_relations_from take a DataFrame or a dict of columns, read
by C++ in one pass, and land all-or-nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from conftest import snapshot


def test_nodes_from_a_dataframe_with_fields_and_attributes():
    m = gg.Model()
    m.add_nodes_from(pd.DataFrame({
        "id": ["a", "b", "c"],
        "type": ["organisation", "organisation", "person"],
        "name": ["A", "B", "Dr C"],
        "legal_form": ["partnership", None, None],
        "list_size": [1200, 5400, np.nan],   # floats with NaN: integral values become integers
        "region": ["north", "south", None],  # not a field: named as a free attribute
        "start": pd.to_datetime(["2018-06-01", None, "2019-01-01"]),
    }), attrs=["region"])
    assert len(m) == 3
    assert m.get("a") == {"id": "a", "name": "A", "legal_form": "partnership", "list_size": 1200,
                          "start": "2018-06-01", "attributes": {"region": "north"}}
    assert m.get("c") == {"id": "c", "name": "Dr C", "start": "2019-01-01"}


def test_nodes_from_a_dict_of_lists_with_a_fixed_type():
    m = gg.Model()
    m.add_nodes_from({"id": ["x", "y"], "kind": ["practice", "company"]}, type="organisation")
    assert m.count("organisation") == 2 and m.get("y")["kind"] == "company"


def test_relations_from_numpy_columns():
    m = gg.Model()
    m.add_nodes_from({"id": np.array(["a", "b", "c"], dtype=object)}, type="organisation")
    m.add_relations_from({
        "kind": np.array(["owns", "owns", "controls"], dtype=object),
        "source": np.array(["a", "b", "c"], dtype=object),
        "target": np.array(["b", "c", "a"], dtype=object),
        "share": np.array([0.6, 0.3, np.nan]),
        "interest": [None, None, "voting_rights"],
        "note": ["x", None, None],
    }, attrs=["note"])
    f = m.relations_frame()
    assert list(f["kind"]) == ["owns", "owns", "controls"]
    assert f["share"].tolist()[:2] == [0.6, 0.3] and pd.isna(f["share"].iloc[2])
    assert f["interest"].iloc[2] == "voting_rights" and f["note"].iloc[0] == "x"


def test_exported_frames_feed_back_into_bulk_input(model):
    m = gg.Model(name="test")
    nodes = model.nodes_frame()
    simple = nodes[nodes.type.isin(["organisation", "person", "asset"])].dropna(axis=1, how="all")
    m.add_nodes_from(simple)
    model.add_relation("owns", "co", "premises", share=0.25, start="2019-01-01")
    m.add_relations_from(model.relations_frame())
    for i in simple["id"]:
        assert m.get(i) == model.get(i)
    assert m.relations_frame().equals(model.relations_frame())


def test_a_bad_row_names_the_row_and_adds_nothing(model):
    before = snapshot(model)
    with pytest.raises(gg.UnknownIdError,
                       match=r"row 2 \(relation 'employs' from 'co' to 'ghost'\)"):
        model.add_relations_from({"kind": ["employs"] * 3, "source": ["co"] * 3,
                                  "target": ["gp-a", "gp-b", "ghost"]})
    assert snapshot(model) == before


def test_a_duplicate_within_the_rows_adds_nothing(model):
    before = snapshot(model)
    with pytest.raises(gg.ModelError, match="row 1 .*'n1' is given twice"):
        model.add_nodes_from({"id": ["n1", "n1"]}, type="person")
    assert snapshot(model) == before


@pytest.mark.parametrize("columns,fragment", [
    ({"kind": ["owns"], "source": ["co"]}, "no 'target' column"),
    ({"kind": ["owns"], "source": ["co"], "target": [None]}, "'target' is missing"),
    ({"kind": ["ownz"], "source": ["co"], "target": ["premises"]}, "relation kind 'ownz'"),
    ({"kind": ["party"], "source": ["p1"], "target": ["gms-1"]}, "implied_kind"),
    ({"kind": ["owns", "owns"], "source": ["co"], "target": ["premises", "p1"]}, "has 1 rows"),
])
def test_malformed_columns_are_refused(model, columns, fragment):
    before = snapshot(model)
    with pytest.raises(gg.ModelError, match=fragment):
        model.add_relations_from(columns)
    assert snapshot(model) == before


def test_contracts_cannot_be_added_as_plain_rows():
    with pytest.raises(gg.ModelError, match="cannot be added in bulk"):
        gg.Model().add_nodes_from({"id": ["c"], "type": ["contract"]})


def test_a_non_frame_is_a_type_error():
    with pytest.raises(TypeError, match="DataFrame or a dict of columns"):
        gg.Model().add_nodes_from([("a", "person")])


# -- contracts, obligations, boards and seats in bulk (issue 13 item 6) ------------------------


def _people_and_organisations() -> gg.Model:
    m = gg.Model(name="bulk")
    m.add_nodes_from({
        "id": ["ccg", "p1", "p2", "co", "gp-a", "gp-b"],
        "type": ["organisation"] * 4 + ["person"] * 2,
        "kind": ["commissioner", "practice", "practice", "company", None, None],
        "legal_form": ["statutory_body", "partnership", "partnership",
                       "company_limited_by_guarantee", None, None],
        "list_size": [None, 8000, 5000, None, None, None],
    })
    return m


def _contracts_one_by_one(m: gg.Model) -> None:
    m.add_contract("gms-1", kind="gms", parties={"commissioner": "ccg", "holder": "p1"},
                   obligations=[{"id": "gms-1/essential", "name": "Essential services",
                                 "category": "clinical"},
                                {"id": "gms-1/premises", "category": "premises",
                                 "attrs": {"note": "lease"}}],
                   start="2004-04-01")
    m.add_contract("sub-1", kind="subcontract", head="gms-1",
                   parties={"contractor": "p1", "subcontractor": "co"},
                   obligations=[{"id": "sub-1/essential", "flows_from": "gms-1/essential"}],
                   liability_cap=1e6, value=250_000.0, attrs={"note": "delivery"})  # a float column
    m.add_contract("mou", kind="mou", name="Working together", binding=False,
                   parties={"party": ["p1", "p2"], "witness": "co"},
                   obligations=[{"id": "mou/share", "obligor": "p1", "obligee": "p2"}],
                   end="2026-01-01")


def _contracts_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    contracts = pd.DataFrame({
        "id": ["gms-1", "sub-1", "mou"],
        "kind": ["gms", "subcontract", "mou"],
        "commissioner": ["ccg", None, None],
        "holder": ["p1", None, None],
        "contractor": [None, "p1", None],
        "subcontractor": [None, "co", None],
        "party": [None, None, ["p1", "p2"]],          # a list of ids in one cell
        "parties": [None, None, {"witness": "co"}],    # a role the table does not name
        "head": [None, "gms-1", None],
        "name": [None, None, "Working together"],
        "binding": [None, None, False],
        "liability_cap": [np.nan, 1e6, np.nan],
        "value": [np.nan, 250_000, np.nan],
        "start": pd.to_datetime(["2004-04-01", None, None]),
        "end": [None, None, "2026-01-01"],
        "note": [None, "delivery", None],
    })
    obligations = pd.DataFrame({
        "contract": ["gms-1", "sub-1", "gms-1", "mou"],   # gms-1's keep their row order
        "id": ["gms-1/essential", "sub-1/essential", "gms-1/premises", "mou/share"],
        "name": ["Essential services", None, None, None],
        "category": ["clinical", None, "premises", None],
        "flows_from": [None, "gms-1/essential", None, None],
        "obligor": [None, None, None, "p1"],
        "obligee": [None, None, None, "p2"],
        "note": [None, None, "lease", None],
    })
    return contracts, obligations


def _boards_and_seats_one_by_one(m: gg.Model) -> None:
    m.add_board("co-board", of="co", name="Collaborative board", quota=0.5, quorum=2,
                start="2018-06-01", attrs={"minutes": True})
    m.add_board("co-members", of="co", rules=[
        {"name": "ordinary", "quota": 0.5},
        {"name": "special", "quota": 0.75, "quota_rule": "at_least"}])
    m.add_board("co-jv", of="co", rules='[{"name": "ordinary", "quota": 0.5}]')
    m.add_seat("s1", board="co-board", votes=2.0, kind="representative", appointed_by="p1",
               represents=["p1", "p2"], held_by="gp-a", start="2018-06-01",
               attrs={"term": "3 years"})
    m.add_seat("s2", board="co-board", kind="observer", votes=0.0, represents="ccg")
    m.add_seat("s3", board="co-members", vacant=True, appointed_by="p2")


def _boards_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["co-board", "co-members", "co-jv"],
        "of": ["co", "co", "co"],
        "name": ["Collaborative board", None, None],
        "quota": [0.5, np.nan, np.nan],
        "quorum": [2, None, None],
        "rules": [None, [{"name": "ordinary", "quota": 0.5},
                         {"name": "special", "quota": 0.75, "quota_rule": "at_least"}],
                  '[{"name": "ordinary", "quota": 0.5}]'],
        "start": ["2018-06-01", None, None],
        "minutes": [True, None, None],
    })


def _seats_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["s1", "s2", "s3"],
        "board": ["co-board", "co-board", "co-members"],
        "votes": [2, 0, np.nan],
        "kind": ["representative", "observer", None],
        "appointed_by": ["p1", None, "p2"],
        "represents": [["p1", "p2"], "ccg", None],
        "held_by": ["gp-a", np.nan, None],
        "vacant": [None, None, True],
        "start": pd.to_datetime(["2018-06-01", None, None]),
        "term": ["3 years", None, None],
    })


def test_contracts_from_land_every_row_as_add_contract_does():
    one, bulk = _people_and_organisations(), _people_and_organisations()
    _contracts_one_by_one(one)
    bulk.add_contracts_from(*_contracts_frames(), attrs=["note"])
    assert bulk.dumps() == one.dumps()
    assert bulk.get("mou")["parties"] == {"party": ["p1", "p2"], "witness": "co"}
    assert bulk.get("sub-1")["attributes"] == {"note": "delivery"}


def test_boards_and_seats_from_land_every_row_as_add_board_and_add_seat_do():
    one, bulk = _people_and_organisations(), _people_and_organisations()
    _boards_and_seats_one_by_one(one)
    bulk.add_boards_from(_boards_frame(), attrs=["minutes"])
    bulk.add_seats_from(_seats_frame(), attrs=["term"])
    assert bulk.dumps() == one.dumps()
    assert bulk.get("co-board")["attributes"] == {"minutes": True}
    assert bulk.decision_rules("co-members")[1]["quota_rule"] == "at_least"


def test_bulk_frames_as_dicts_of_lists():
    m = _people_and_organisations()
    m.add_contracts_from({"id": ["n/agreement"], "kind": ["network_agreement"],
                          "party": [("p1", "p2")]})               # a tuple of ids
    m.add_boards_from({"id": ["b"], "of": ["co"]})
    m.add_seats_from({"id": ["b/1", "b/2"], "board": ["b", "b"], "represents": ["p1", "p2"]})
    assert m.get("n/agreement")["parties"] == {"party": ["p1", "p2"]}
    assert m.count("seat") == 2 and m.representation("b").quota == 2


def _built() -> gg.Model:
    m = _people_and_organisations()
    m.add_contracts_from(*_contracts_frames(), attrs=["note"])
    m.add_boards_from(_boards_frame(), attrs=["minutes"])
    m.add_seats_from(_seats_frame(), attrs=["term"])
    return m


def _with_last(frame: pd.DataFrame, **row) -> pd.DataFrame:
    """``frame`` with one more row at the end (columns it does not give: None)."""
    return pd.concat([frame, pd.DataFrame([row])], ignore_index=True)


# A bad row in the last position; the error names its frame, row and column.
BAD_LAST_ROW = {
    "contract party": (
        lambda m: m.add_contracts_from(_with_last(
            pd.DataFrame({"id": ["c1", "c2", "c3"], "kind": ["gms"] * 3,
                          "commissioner": ["ccg"] * 3, "holder": ["p1", ["p1", "p2"], "p2"]}),
            id="c4", kind="gms", commissioner="ccg", holder="ghost")),
        gg.UnknownIdError, r"contracts row 3/parties/holder/0 .*'ghost'"),
    "contract field": (
        lambda m: m.add_contracts_from(pd.DataFrame({
            "id": ["c1", "c2"], "kind": ["gms", "gms"], "commissioner": ["ccg", "ccg"],
            "holder": ["p1", "p2"], "liability_cap": [5.0, -1.0]})),
        gg.ModelError, r"contracts row 1 \(contract 'c2'\): 'liability_cap' is -1"),
    "obligation link": (
        lambda m: m.add_contracts_from(
            {"id": ["c1"], "kind": ["subcontract"], "head": ["gms-1"],
             "contractor": ["p1"], "subcontractor": ["co"]},
            {"contract": ["c1", "c1"], "id": ["c1/a", "c1/b"],
             "flows_from": ["gms-1/essential", "gms-1/ghost"]}),
        gg.UnknownIdError, r"obligations row 1/flows_from .*'gms-1/ghost'"),
    "obligation field": (
        lambda m: m.add_contracts_from(
            {"id": ["c1"], "kind": ["gms"], "commissioner": ["ccg"], "holder": ["p1"]},
            {"contract": ["c1", "c1"], "id": ["c1/a", "c1/b"], "non_delegable": [True, "yes"]}),
        gg.ModelError, r"obligations row 1 \(obligation 'c1/b'\): 'non_delegable'"),
    "board of": (
        lambda m: m.add_boards_from({"id": ["b1", "b2"], "of": ["co", "ghost"]}),
        gg.UnknownIdError, r"boards row 1/of .*'ghost'"),
    "board quota": (
        lambda m: m.add_boards_from({"id": ["b1", "b2"], "of": ["co", "co"],
                                     "quota_rule": ["at_least", "most"]}),
        gg.ModelError, r"boards row 1 \(board 'b2'\): quota_rule 'most'"),
    "board rules": (
        lambda m: m.add_boards_from({"id": ["b1", "b2"], "of": ["co", "co"],
                                     "rules": [None, 7]}),
        gg.ModelError, r"boards row 1: 'rules' must be a list of dicts"),
    "seat board": (
        lambda m: m.add_seats_from({"id": ["x1", "x2"], "board": ["co-board", "ghost"]}),
        gg.UnknownIdError, r"seats row 1/board .*'ghost'"),
    "seat represents": (
        lambda m: m.add_seats_from({"id": ["x1", "x2"], "board": ["co-board"] * 2,
                                    "represents": [["p1"], ["p2", 5]]}),
        gg.ModelError, r"seats row 1: 'represents' item 1: ids must be text"),
    "seat votes": (
        lambda m: m.add_seats_from({"id": ["x1", "x2"], "board": ["co-board"] * 2,
                                    "votes": [1.0, float("inf")]}),
        gg.ModelError, r"seats row 1: 'votes' is not a finite number"),
    "seat held_by": (
        lambda m: m.add_seats_from({"id": ["x1", "x2"], "board": ["co-board"] * 2,
                                    "held_by": ["gp-b", 3]}),
        gg.ModelError, r"seats row 1: 'held_by' must be text"),
}


@pytest.mark.parametrize("case", list(BAD_LAST_ROW))
def test_a_bad_last_row_names_row_and_column_and_adds_nothing(case):
    add, error, message = BAD_LAST_ROW[case]
    m = _built()
    before = snapshot(m)
    with pytest.raises(error, match=message):
        add(m)
    assert snapshot(m) == before


@pytest.mark.parametrize("method,data,message", [
    ("add_contracts_from", {"id": ["c"], "kind": ["gms"], "holdr": ["p1"]},
     r"contracts: column 'holdr' is not a column .*did you mean 'holder'"),
    ("add_contracts_from", {"id": ["c"], "kind": ["gms"], "liability": [1.0]},
     r"did you mean 'liability_cap'"),
    ("add_boards_from", {"id": ["b"], "of": ["co"], "qorum": [1]},
     r"boards: column 'qorum' .*did you mean 'quorum'"),
    ("add_seats_from", {"id": ["s"], "board": ["co-board"], "heldby": ["gp-a"]},
     r"seats: column 'heldby' .*did you mean 'held_by'"),
])
def test_an_unknown_column_is_an_error_naming_the_nearest(method, data, message):
    m = _built()
    before = snapshot(m)
    with pytest.raises(gg.ModelError, match=message) as e:
        getattr(m, method)(data)
    assert e.value.id == "unknown_field"
    assert snapshot(m) == before


def test_an_unknown_obligation_column_is_an_error_naming_the_nearest():
    m = _people_and_organisations()
    with pytest.raises(gg.ModelError, match=r"obligations: column 'categry' .*'category'"):
        m.add_contracts_from({"id": ["c"], "kind": ["gms"], "commissioner": ["ccg"],
                              "holder": ["p1"]},
                             {"contract": ["c"], "id": ["c/x"], "categry": ["clinical"]})
    assert m.count("contract") == 0


@pytest.mark.parametrize("method,data,message", [
    ("add_contracts_from", {"id": ["c1", np.nan], "kind": ["gms", "gms"]},
     r"contracts row 1: 'id' is missing"),
    ("add_contracts_from", {"id": ["c1", "c2"], "kind": ["gms", None]},
     r"contracts row 1: 'kind' is missing"),
    ("add_contracts_from", {"id": ["c1"]}, r"add_contracts_from: no 'kind' column"),
    ("add_boards_from", {"id": ["b1", "b2"], "of": ["co", pd.NA]},
     r"boards row 1: 'of' is missing"),
    ("add_boards_from", {"id": ["b1"]}, r"add_boards_from: no 'of' column"),
    ("add_seats_from", {"id": ["x1", "x2"], "board": ["co-board", float("nan")]},
     r"seats row 1: 'board' is missing"),
    ("add_seats_from", {"id": [None], "board": ["co-board"]}, r"seats row 0: 'id' is missing"),
])
def test_nan_in_a_required_column_is_an_error_naming_the_row(method, data, message):
    m = _built()
    before = snapshot(m)
    with pytest.raises(gg.ModelError, match=message):
        getattr(m, method)(data)
    assert snapshot(m) == before


def test_obligations_need_their_contract_in_the_same_call():
    m = _built()
    before = snapshot(m)
    with pytest.raises(gg.ModelError, match=r"obligations row 1: 'contract' is 'gms-1', which "
                       "is not a contract of the contracts frame"):
        m.add_contracts_from({"id": ["c"], "kind": ["gms"], "commissioner": ["ccg"],
                              "holder": ["p2"]},
                             {"contract": ["c", "gms-1"], "id": ["c/x", "gms-1/extra"]})
    with pytest.raises(gg.ModelError, match=r"obligations row 0: 'contract' is missing"):
        m.add_contracts_from({"id": ["c"], "kind": ["gms"]}, {"contract": [None], "id": ["x"]})
    assert snapshot(m) == before


def test_a_role_given_as_a_column_and_in_parties_is_refused():
    m = _people_and_organisations()
    with pytest.raises(gg.ModelError, match=r"contracts row 0: role 'holder' is given twice"):
        m.add_contracts_from({"id": ["c"], "kind": ["gms"], "commissioner": ["ccg"],
                              "holder": ["p1"], "parties": [{"holder": "p2"}]})
    with pytest.raises(gg.ModelError, match=r"contracts row 0: 'parties' must be a dict"):
        m.add_contracts_from({"id": ["c"], "kind": ["mou"], "parties": ["p1"]})
    assert m.count("contract") == 0


def test_a_role_the_kind_does_not_have_is_refused_by_the_model():
    m = _people_and_organisations()
    with pytest.raises(gg.ModelError, match=r"contracts row 0 \(contract 'c'\): 'tenant' is not "
                       "a role of gms contracts"):
        m.add_contracts_from({"id": ["c"], "kind": ["gms"], "commissioner": ["ccg"],
                              "tenant": ["p1"]})


def test_attrs_name_free_attributes_only():
    m = _built()
    with pytest.raises(gg.ModelError, match=r"attrs names 'board', a column of seats"):
        m.add_seats_from({"id": ["x"], "board": ["co-board"]}, attrs=["board"])
    with pytest.raises(gg.ModelError, match=r"attrs names column 'nope'"):
        m.add_contracts_from({"id": ["c"], "kind": ["mou"]}, {"contract": ["c"], "id": ["c/x"]},
                             attrs=["nope"])
    m.add_seats_from({"id": ["x"], "board": ["co-board"], "ods": ["Y1"]}, attrs=["ods"])
    assert m.get("x")["attributes"] == {"ods": "Y1"}


def test_read_epcn_adds_its_agreements_in_one_bulk_call(monkeypatch):
    from pathlib import Path

    epcn = Path(__file__).resolve().parents[2].parent / "shared/data/nhs/ePCN-2019-12.xlsx"
    if not epcn.exists():
        pytest.skip(f"{epcn} not found")

    def refuse(*args, **kwargs):
        raise AssertionError("a per-row call into the model")

    for name in ("add_contract", "add_board", "add_seat", "add_organisation", "add_relation"):
        monkeypatch.setattr(gg.Model, name, refuse)
    calls = []
    original = gg.Model.add_contracts_from
    monkeypatch.setattr(gg.Model, "add_contracts_from",
                        lambda self, *a, **k: (calls.append(1), original(self, *a, **k)))
    m = gg.nhs.read_epcn(epcn)
    assert calls == [1] and m.count("contract") == 1250
