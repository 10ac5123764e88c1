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
