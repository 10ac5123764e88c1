"""Wrong types and values in every public call (issue 11, items 2 and 3).

Every public method of gg.Model and every public function of the package is called with valid
arguments, then with each parameter replaced by each of a set of awkward values. The call either
succeeds (where the value is genuinely acceptable) or raises a govgraph error (or a TypeError)
that names what is wrong: never pybind11's "Unable to cast ..." or "incompatible function
arguments" signature dump, numpy's "inhomogeneous shape", a Unicode error, a RuntimeError or a
SystemError. A refused addition leaves the model unchanged.
"""

from __future__ import annotations

import datetime
import importlib.util
import inspect
import logging
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import govgraph as gg
from conftest import build_model, snapshot

pd = pytest.importorskip("pandas")

DAY = "2020-01-01"

# The awkward values, by name (the name is the test id).
BAD: dict[str, Any] = {
    "None": None,
    "int": 1,
    "float": 1.5,
    "nan": float("nan"),
    "inf": float("inf"),
    "2**64": 2**64,
    "complex": 1j,
    "text": "x" * 3,
    "surrogate": "\ud800",
    "bytes": b"\xc0\x80",
    "list": [1, 2],
    "dict": {"a": 1},
    "object": object(),
    "datetime64": np.datetime64("2017-04-01"),
    "np.nan": np.float64("nan"),
}
# Values no argument of any call can take: the call must be refused.
NEVER = {"nan", "inf", "complex", "surrogate", "bytes", "object", "np.nan"}

FORBIDDEN = ("Unable to cast", "incompatible function arguments", "inhomogeneous")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """A wrong value given as a path ("xxx") must not leave a file in the repository."""
    monkeypatch.chdir(tmp_path)


def _model() -> gg.Model:
    """The conftest model (every node kind), built anew so that each case has its own."""
    return build_model()


# Valid arguments of each public method of gg.Model, by parameter name. A parameter missing
# from its method's table keeps its default (and is still substituted below).
METHOD_ARGS: dict[str, dict[str, Any]] = {
    "accountability": {"party": "p1", "as_of": DAY, "claim": "contract"},
    "add_asset": {"id": "a-new", "name": "A", "kind": "premises", "start": DAY,
                  "end": "2021-01-01", "attrs": {"x": 1}},
    "add_board": {"id": "b-new", "of": "p1", "quota": 0.5, "quota_rule": "at_least",
                  "quorum": 2, "name": "B",
                  "start": DAY, "end": "2021-01-01", "attrs": {"x": 1}},
    "add_boards_from": {"data": {"id": ["b1", "b2"], "of": ["co", "p1"], "quota": [0.5, 2],
                                 "x": [1, None]}, "attrs": ["x"]},
    "add_contracts_from": {"contracts": {"id": ["c1", "c2"], "kind": ["gms", "mou"],
                                         "commissioner": ["ccg", None], "holder": ["p1", None],
                                         "party": [None, ["p1", "co"]], "x": [1, None]},
                           "obligations": {"contract": ["c1", "c2"], "id": ["c1/a", "c2/a"],
                                           "obligor": [None, "p1"], "obligee": [None, "co"]},
                           "attrs": ["x"]},
    "add_contract": {"id": "c-new", "kind": "gms",
                     "parties": {"commissioner": "ccg", "holder": "p1"},
                     "obligations": [{"id": "c-new/x", "name": "X"}], "name": "C",
                     "binding": True, "liability_cap": 1000, "value": 5, "start": DAY,
                     "end": "2021-01-01", "attrs": {"x": 1}},
    "add_nodes_from": {"data": {"id": ["n1", "n2"], "type": ["organisation", "person"]}},
    "add_seats_from": {"data": {"id": ["s-n1", "s-n2"], "board": ["board", "board"],
                                "represents": [["p1"], "co"], "held_by": ["gp-b", None],
                                "x": [1, None]}, "attrs": ["x"]},
    "add_organisation": {"id": "o-new", "name": "O", "kind": "practice",
                         "legal_form": "partnership", "list_size": 100,
                         "not_for_profit": False, "start": DAY, "end": "2021-01-01",
                         "attrs": {"x": 1}},
    "add_person": {"id": "x-new", "name": "X", "profession": "gp", "start": DAY,
                   "end": "2021-01-01", "attrs": {"x": 1}},
    "add_relation": {"kind": "owns", "source": "co", "target": "premises", "start": DAY,
                     "end": "2021-01-01", "share": 0.5, "attrs": {"x": 1}},
    "add_relations_from": {"data": {"kind": ["employs"], "source": ["co"],
                                    "target": ["gp-b"]}},
    "add_seat": {"id": "s-new", "board": "board", "votes": 1, "kind": "representative",
                 "appointed_by": "p1", "represents": ["p1"], "held_by": "gp-b", "vacant": False,
                 "name": "S",
                 "start": DAY, "end": "2021-01-01", "attrs": {"x": 1}},
    "as_of": {"day": DAY},
    "blocking_coalitions": {"board": "board", "group": ["p1"], "by": "appointer",
                            "weight": "list_size", "as_of": DAY, "limit": 5},
    "breach": {"obligation": "sub-1/essential", "by": "co", "loss": 1000,
               "claim": "contract", "on": DAY, "as_of": DAY, "to_owners": True},
    "circular_ownership": {"as_of": DAY},
    "conflicts_of_interest": {"as_of": DAY},
    "controllers": {"entity": "premises", "threshold": 0.25, "as_of": DAY, "measure": "ownership"},
    "copy": {},
    "decision_rules": {"board": "board"},
    "count": {"type": "organisation"},
    "count_liability_paths": {"obligation": "sub-1/essential", "as_of": DAY},
    "coverage": {"board": "board", "population": ["p1"], "weight": "list_size",
                 "as_of": DAY},
    "dumps": {"indent": 2},
    "end": {"target": "sub-1", "on": DAY},
    "flow_down_gaps": {"as_of": DAY},
    "get": {"id": "p1", "as_of": DAY},
    "ids": {"type": "person"},
    "impact": {"removed": "p1", "weight": "list_size", "as_of": DAY},
    "liability_graph": {"obligation": "sub-1/essential", "as_of": DAY},
    "liability_paths": {"obligation": "sub-1/essential", "as_of": DAY, "max_paths": 100},
    "lint": {"as_of": DAY},
    "nodes_frame": {"as_of": DAY, "type": "organisation"},
    "power_through": {"board": "board", "population": ["p1"], "rule": "ordinary", "as_of": DAY},
    "power_under_rules": {"board": "board", "weight": "list_size", "by": "appointer",
                          "as_of": DAY, "vacant": "exclude"},
    "reachable": {"sources": ["p1"], "kinds": ["owns"], "direction": "out", "as_of": DAY,
                  "include_sources": True},
    "relation_count": {"implied": True},
    "relations_frame": {"implied": False, "as_of": DAY, "kind": "member_of"},
    "replace": {"old": "ccg", "new": "co", "on": "2022-07-01"},
    "representation": {"board": "board", "weight": "list_size", "by": "appointer",
                       "as_of": DAY, "shapley_shubik": True, "vacant": "exclude",
                       "rule": "ordinary", "through": False},
    "representation_paths": {"org": "p1", "board": "board", "as_of": DAY},
    "save": {"path": "<tmp>/m.json", "indent": 2},
    "set": {"id": "p1", "on": DAY, "list_size": 9000},
    "set_from": {"data": {"id": ["p1"], "list_size": [9000]}, "on": DAY},
    "to_arrow": {"as_of": DAY, "implied": True},
    "to_bods": {"publisher": "govgraph", "date": DAY},
    "to_dot": {"nodes": None, "around": "p1", "depth": 1, "as_of": DAY, "implied": True,
               "title": "T"},
    "to_graphml": {"path": "<tmp>/m.graphml", "as_of": DAY, "kinds": ["owns", "employs"]},
    "to_networkx": {"as_of": DAY, "kinds": ["owns", "party"]},
    "to_parquet": {"directory": "<tmp>/pq", "as_of": DAY, "implied": False},
    "type_of": {"id": "p1"},
    "without": {"ids": ["p1"]},
    "withdraw": {"org": "p1", "from_": "co", "on": DAY, "seats": "vacate"},
}

# Values inside a structure: a free attribute, a party, an obligation's field, a bulk cell.
NESTED: dict[str, tuple[str, Any]] = {
    "add_organisation attrs value": ("add_organisation", lambda v: {"attrs": {"x": v}}),
    "add_organisation attrs name": ("add_organisation", lambda v: {"attrs": {v: 1}}
                                    if isinstance(v, (str, bytes, int, float)) else None),
    "add_organisation keyword": ("add_organisation", lambda v: {"listsize": v}),
    "add_contract party": ("add_contract", lambda v: {"parties": {"commissioner": "ccg",
                                                                  "holder": v}}),
    "add_contract parties role": ("add_contract", lambda v: {"parties": {v: "ccg",
                                                                         "holder": "p1"}}
                                  if isinstance(v, (str, bytes, int, float)) else None),
    "add_contract obligation": ("add_contract", lambda v: {"obligations": [v]}),
    "add_contract obligation id": ("add_contract", lambda v: {"obligations": [{"id": v}]}),
    "add_contract obligation field": ("add_contract", lambda v: {"obligations": [
        {"id": "c-new/x", "category": v}]}),
    "add_contract obligation attrs": ("add_contract", lambda v: {"obligations": [
        {"id": "c-new/x", "attrs": {"y": v}}]}),
    "add_seat represents item": ("add_seat", lambda v: {"represents": ["p1", v]}),
    "without item": ("without", lambda v: {"ids": ["p1", v]}),
    "coverage population item": ("coverage", lambda v: {"population": ["p1", v]}),
    "breach loss item": ("breach", lambda v: {"obligation": ["sub-1/essential"], "loss": [v]}),
    "breach obligation item": ("breach", lambda v: {"obligation": [v], "loss": [1]}),
    "add_nodes_from id cell": ("add_nodes_from", lambda v: {"data": {
        "id": ["n1", v], "type": ["organisation", "person"]}}),
    "add_nodes_from type cell": ("add_nodes_from", lambda v: {"data": {
        "id": ["n1", "n2"], "type": ["organisation", v]}}),
    "add_nodes_from field cell": ("add_nodes_from", lambda v: {"data": {
        "id": ["n1", "n2"], "type": ["organisation", "organisation"], "list_size": [5, v]}}),
    "add_nodes_from attr cell": ("add_nodes_from", lambda v: {"data": {
        "id": ["n1", "n2"], "type": ["organisation", "person"], "x": [1, v]},
        "attrs": ["x"]}),
    "add_nodes_from column": ("add_nodes_from", lambda v: {"data": {
        "id": ["n1", "n2"], "type": ["organisation", "person"], "x": v}, "attrs": ["x"]}),
    "add_nodes_from attrs item": ("add_nodes_from", lambda v: {"data": {
        "id": ["n1", "n2"], "type": ["organisation", "person"]}, "attrs": [v]}),
    "add_contracts_from party optional cell": ("add_contracts_from", lambda v: {"contracts": {
        "id": ["c1", "c2"], "kind": ["gms", "gms"], "commissioner": ["ccg", "ccg"],
        "holder": ["p1", v]}, "obligations": None, "attrs": None}),
    "add_contracts_from field cell": ("add_contracts_from", lambda v: {"contracts": {
        "id": ["c1", "c2"], "kind": ["gms", "gms"], "commissioner": ["ccg", "ccg"],
        "holder": ["p1", "p1"], "value": [5, v]}, "obligations": None, "attrs": None}),
    "add_contracts_from obligation cell": ("add_contracts_from", lambda v: {"contracts": {
        "id": ["c1"], "kind": ["gms"], "commissioner": ["ccg"], "holder": ["p1"]},
        "obligations": {"contract": ["c1", "c1"], "id": ["c1/a", v]}, "attrs": None}),
    "add_boards_from rules optional cell": ("add_boards_from", lambda v: {"data": {
        "id": ["b1", "b2"], "of": ["co", "co"], "rules": [None, v]}, "attrs": None}),
    "add_seats_from represents optional cell": ("add_seats_from", lambda v: {"data": {
        "id": ["s-n1", "s-n2"], "board": ["board", "board"], "represents": ["p1", v]},
        "attrs": None}),
    "add_seats_from represents item": ("add_seats_from", lambda v: {"data": {
        "id": ["s-n1", "s-n2"], "board": ["board", "board"],
        "represents": [["p1"], ["co", v]]}, "attrs": None}),
    "add_relations_from source cell": ("add_relations_from", lambda v: {"data": {
        "kind": ["employs", "employs"], "source": ["co", v], "target": ["gp-b", "gp-a"]}}),
    "add_relations_from share cell": ("add_relations_from", lambda v: {"data": {
        "kind": ["owns", "owns"], "source": ["co", "p1"], "target": ["premises", "premises"],
        "share": [0.2, v]}}),
}

NON_DATA_VALUES = {"None"}  # nested cases use None as "not given": skip it


def _params(name: str) -> list[tuple[str, bool]]:
    """(parameter, whether None is its default) of a public method, without self and
    **fields / **options. Every public method has a Python signature (pybind11's have none)."""
    sig = inspect.signature(getattr(gg.Model, name))
    return [(p.name, p.default is None) for p in list(sig.parameters.values())[1:]
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]


def _public_methods() -> list[str]:
    return [n for n in dir(gg.Model)
            if not n.startswith("_") and callable(getattr(gg.Model, n))]


def _fix_paths(args: dict[str, Any], tmp: Any) -> dict[str, Any]:
    return {k: (str(tmp / v.split("/", 1)[1]) if isinstance(v, str) and v.startswith("<tmp>/")
                else v) for k, v in args.items()}


def _call(m: gg.Model, name: str, args: dict[str, Any]) -> Any:
    return getattr(m, name)(**args)  # every parameter by name (others: **fields)


def _check(m: gg.Model, call: Any, value_name: str, what: str, adds: bool) -> None:
    before = snapshot(m)
    try:
        call()
    except (gg.Error, TypeError) as e:
        text = str(e)
        assert not isinstance(e, UnicodeError), f"{what}: {type(e).__name__}: {text}"
        for bad in FORBIDDEN:
            assert bad not in text, f"{what}: {type(e).__name__}: {text}"
        if adds:
            assert snapshot(m) == before, f"{what}: refused but the model changed"
        return
    except Exception as e:  # anything else is a failure, reported with its type
        pytest.fail(f"{what}: raised {type(e).__name__}: {e}")
    assert value_name not in NEVER, f"{what}: accepted {value_name}"


# Methods that need an optional package (docs/interchange.md): left out when it is missing.
NEEDS = {"to_arrow": "pyarrow", "to_parquet": "pyarrow", "to_networkx": "networkx",
         "to_graphml": "networkx"}


def _available(name: str) -> bool:
    return name not in NEEDS or importlib.util.find_spec(NEEDS[name]) is not None


def _method_cases() -> list[Any]:
    cases = []
    for name in _public_methods():
        assert name in METHOD_ARGS, f"no valid arguments for the new method Model.{name}"
        if not _available(name):
            continue
        for param, none_default in _params(name):
            for vname in BAD:
                if vname == "None" and none_default:
                    continue  # None is its default: not a wrong value
                cases.append(pytest.param(name, param, vname, id=f"{name}-{param}-{vname}"))
    return cases


def test_every_method_has_valid_arguments(tmp_path):
    """The table of valid arguments is right: each call succeeds as given."""
    for name in filter(_available, _public_methods()):
        m = _model()
        _call(m, name, _fix_paths(METHOD_ARGS[name], tmp_path))


@pytest.mark.parametrize("name,param,vname", _method_cases())
def test_wrong_argument(name, param, vname, tmp_path):
    m = _model()
    args = _fix_paths(dict(METHOD_ARGS[name]), tmp_path)
    args[param] = BAD[vname]
    _check(m, lambda: _call(m, name, args), vname, f"Model.{name}({param}={vname})", True)


@pytest.mark.parametrize("case", list(NESTED))
@pytest.mark.parametrize("vname", [v for v in BAD if v not in NON_DATA_VALUES])
def test_wrong_value_inside(case, vname, tmp_path):
    name, make = NESTED[case]
    over = make(BAD[vname])
    if over is None:
        pytest.skip("not a possible key")
    m = _model()
    args = _fix_paths(dict(METHOD_ARGS[name]), tmp_path)
    args.update(over)
    # the bulk cells in an optional column may be "not given" (NaN): that is accepted
    never = NEVER - {"nan", "np.nan"} if "field cell" in case or "attr cell" in case or (
        "share cell" in case) or "optional cell" in case else NEVER
    never = never - {"object"} if case == "add_nodes_from column" else never
    _check(m, lambda: _call(m, name, args), vname if vname in never else "",
           f"{case} = {vname}", True)


@pytest.mark.parametrize("prop", ["name", "sources"])
@pytest.mark.parametrize("vname", list(BAD))
def test_wrong_property_value(prop, vname):
    m = _model()
    _check(m, lambda: setattr(m, prop, BAD[vname]), vname, f"Model.{prop} = {vname}", True)


@pytest.mark.parametrize("vname", list(BAD))
def test_wrong_model_name(vname):
    _check(gg.Model(), lambda: gg.Model(BAD[vname]), vname, f"gg.Model({vname})", False)


def test_properties_still_set():
    m = _model()
    m.name = "renamed"
    m.sources = ["ODS", "NHS Digital"]
    assert m.name == "renamed" and m.sources == ["ODS", "NHS Digital"]
    assert gg.loads(m.dumps()).name == "renamed"


# -- module functions -------------------------------------------------------------------------

def _functions(tmp: Any) -> dict[str, tuple[Any, dict[str, Any], set[str]]]:
    """Each public function: (function, valid arguments by name, keyword-only names)."""
    m = _model()
    path = tmp / "m.json"
    m.save(path)
    return {
        "banzhaf": (gg.banzhaf, {"weights": [1, 2, 3], "quota": 4, "exact": False}, {"exact"}),
        "shapley_shubik": (gg.shapley_shubik, {"weights": [1, 2, 3], "quota": 4,
                                               "exact": False}, {"exact"}),
        "absolute_quota": (gg.absolute_quota, {"quota": 0.5, "total": 10}, set()),
        "diff": (gg.diff, {"a": m, "b": _model()}, set()),
        "dumps": (gg.dumps, {"model": m, "indent": 2}, {"indent"}),
        "from_networkx": (gg.from_networkx, {"g": __import__("networkx").MultiDiGraph(),
                                             "name": "n"}, {"name"}),
        "read_graphml": (gg.read_graphml, {"path": _graphml(tmp), "name": "n"}, {"name"}),
        "load": (gg.load, {"path": str(path)}, set()),
        "loads": (gg.loads, {"text": m.dumps(), "source": "s"}, {"source"}),
        "save": (gg.save, {"model": m, "path": str(tmp / "n.json"), "indent": 2}, {"indent"}),
        "set_log_level": (gg.set_log_level, {"level": "warning"}, set()),
        "legal_forms": (gg.legal_forms, {}, set()),
    }


def _graphml(tmp: Any) -> str:
    path = tmp / "m.graphml"
    m = gg.Model()
    m.add_organisation("a", name="A")
    m.to_graphml(path)
    return str(path)


def test_every_function_is_covered(tmp_path):
    names = {n for n in gg.__all__ if callable(getattr(gg, n))
             and not isinstance(getattr(gg, n), type) and not n.startswith("_")}
    assert names == set(_functions(tmp_path)), "a public function has no test arguments"
    for fn, args, kw_only in _functions(tmp_path).values():
        fn(*[v for k, v in args.items() if k not in kw_only],
           **{k: v for k, v in args.items() if k in kw_only})


def _function_cases() -> list[Any]:
    cases = []
    for fname in ["banzhaf", "shapley_shubik", "absolute_quota", "diff", "dumps", "load",
                  "loads", "save", "set_log_level"]:
        for vname in BAD:
            # numpy scalars have a .dumps() of their own (a TypeError when diff calls it)
            cases.append(pytest.param(fname, vname, id=f"{fname}-{vname}"))
    return cases


@pytest.mark.parametrize("fname,vname", _function_cases())
def test_wrong_function_argument(fname, vname, tmp_path):
    fn, valid, kw_only = _functions(tmp_path)[fname]
    level = logging.getLogger("govgraph").level
    try:
        for param in valid:
            args = dict(valid)
            args[param] = BAD[vname]
            pos = [v for k, v in args.items() if k not in kw_only]
            kw = {k: v for k, v in args.items() if k in kw_only}
            what = f"gg.{fname}({param}={vname})"
            _check(gg.Model(), lambda pos=pos, kw=kw: fn(*pos, **kw), vname, what, False)
    finally:
        gg.set_log_level("warning")
        logging.getLogger("govgraph").setLevel(level)


@pytest.mark.parametrize("fname", ["banzhaf", "shapley_shubik"])
@pytest.mark.parametrize("vname", [v for v in BAD if v != "None"])
def test_wrong_weight(fname, vname):
    fn = getattr(gg, fname)
    _check(gg.Model(), lambda: fn([1, BAD[vname], 2], 3), vname,
           f"gg.{fname}(weights=[1, {vname}, 2])", False)


@pytest.mark.parametrize("reader", [
    "read_epraccur",
    "read_epcn",
    "read_list_sizes"])
def test_nhs_readers_refuse_a_path_of_the_wrong_type(reader):
    with pytest.raises((gg.Error, TypeError)) as e:
        getattr(gg.nhs, reader)(object())
    assert not any(bad in str(e.value) for bad in FORBIDDEN)


# -- the cases the issue names ----------------------------------------------------------------


def _contract(m: gg.Model, **kw: Any) -> None:
    m.add_contract("c-new", kind="gms", parties={"commissioner": "ccg", "holder": "p1"},
                   obligations=[{"id": "c-new/x"}], **kw)


@pytest.mark.parametrize("nan", [float("nan"), np.float64("nan"), Decimal("NaN")],
                         ids=["float", "numpy", "Decimal"])
def test_a_nan_liability_cap_is_refused_not_uncapped(model, nan):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        _contract(model, liability_cap=nan)
    assert e.value.id == "bad_value"
    assert "'liability_cap' is NaN: give a number, or leave it out" in str(e.value)
    assert snapshot(model) == before


@pytest.mark.parametrize("call,arg", [
    (lambda m, v: m.add_organisation("x", list_size=v), "list_size"),
    (lambda m, v: m.add_seat("s9", board="board", votes=v), "votes"),
    (lambda m, v: m.add_board("b9", of="p1", quota=v), "quota"),
    (lambda m, v: m.add_relation("owns", "co", "premises", share=v), "share"),
    (lambda m, v: m.add_organisation("x", attrs={"score": v}), "score"),
    (lambda m, v: m.add_contract("c9", kind="gms", parties={"commissioner": "ccg",
                                                            "holder": "p1"},
                                 obligations=[{"id": "c9/x", "weight": v}]), "weight"),
], ids=["list_size", "votes", "quota", "share", "attribute", "obligation field"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -math.inf],
                         ids=["nan", "inf", "-inf"])
def test_nan_and_infinity_are_refused_naming_the_argument(model, call, arg, value):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        call(model, value)
    assert e.value.id in ("bad_value", "unknown_field") and f"'{arg}'" in str(e.value)
    assert snapshot(model) == before


@pytest.mark.parametrize("value", [2**63, np.uint64(2**64 - 1), -2**63 - 1],
                         ids=["2**63", "uint64", "-2**63-1"])
def test_integers_beyond_64_bits_are_refused_not_wrapped(model, value):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        model.add_organisation("x", list_size=value)
    assert e.value.id == "bad_value" and "'list_size'" in str(e.value)
    with pytest.raises(gg.ModelError, match="'big'"):
        model.add_organisation("x", attrs={"big": value})
    assert snapshot(model) == before


def test_the_largest_64_bit_integer_is_kept(model):
    model.add_organisation("x", attrs={"big": 2**63 - 1, "small": -2**63})
    assert model.get("x")["attributes"] == {"big": 2**63 - 1, "small": -2**63}


@pytest.mark.parametrize("value", [1j, np.complex128(1 + 0j), complex(2, 0)],
                         ids=["complex", "numpy", "real-valued complex"])
def test_complex_numbers_are_refused(model, value):
    with pytest.raises(gg.ModelError) as e:
        model.add_organisation("x", list_size=value)
    assert e.value.id == "wrong_type" and "'list_size'" in str(e.value)
    assert "complex" in str(e.value)
    assert "x" not in model


def test_decimal_and_fraction_are_numbers(model):
    model.add_organisation("x", list_size=Decimal("9100"), attrs={"r": Fraction(1, 4)})
    model.add_contract("c9", kind="gms", parties={"commissioner": "ccg", "holder": "p1"},
                       obligations=[{"id": "c9/x"}], liability_cap=Decimal("1e6"))
    assert model.get("x")["list_size"] == 9100
    assert model.get("x")["attributes"] == {"r": 0.25}
    assert model.get("c9")["liability_cap"] == 1e6


def test_decimal_infinity_is_refused(model):
    with pytest.raises(gg.ModelError, match="'liability_cap'"):
        _contract(model, liability_cap=Decimal("Infinity"))


@pytest.mark.parametrize("day", [
    "2017-04-01", datetime.date(2017, 4, 1), datetime.datetime(2017, 4, 1, 12, 30),
    np.datetime64("2017-04-01"), np.datetime64("2017-04-01T10:00:00", "s"),
    np.datetime64("2017-04-01T10:00:00.123456789", "ns"), pd.Timestamp("2017-04-01 10:00"),
], ids=["text", "date", "datetime", "datetime64[D]", "datetime64[s]", "datetime64[ns]",
        "Timestamp"])
def test_dates_of_every_kind_are_accepted(model, day):
    model.add_organisation("x", start=day)
    assert model.get("x")["start"] == "2017-04-01"
    assert len(model.as_of(day)) > 0
    model.breach("sub-1/essential", by="co", loss=1, on=day)


def test_a_datetime64_start_is_stored_as_its_day(model):
    _contract(model, start=np.datetime64("2017-04-01"))
    assert model.get("c-new")["start"] == "2017-04-01"


@pytest.mark.parametrize("value,type_name,field_type", [
    (np.datetime64("NaT"), "NaT", "NaT"), (pd.NaT, "NaT", "NaT"),
    (20170401, "int", "an integer"), (1.5, "float", "a number"),
    (b"2017-04-01", "bytes", "bytes"), (object(), "object", "object"),
    ([2017, 4, 1], "list", "list"),
])
def test_other_dates_are_refused_naming_the_argument_and_type(model, value, type_name,
                                                              field_type):
    before = snapshot(model)
    with pytest.raises((gg.ModelError, TypeError)) as e:
        model.add_organisation("x", start=value)
    assert "'start'" in str(e.value) and field_type in str(e.value)
    with pytest.raises((gg.ModelError, TypeError)) as e:
        model.as_of(value)
    assert "as_of" in str(e.value) and type_name in str(e.value)
    with pytest.raises((gg.ModelError, TypeError)) as e:
        model.lint(as_of=value)
    assert "as_of" in str(e.value)
    assert snapshot(model) == before


def test_a_loss_given_as_text_is_a_clear_error(model):
    with pytest.raises(gg.ModelError) as e:
        model.breach("sub-1/essential", by="co", loss="250k")
    assert e.value.id == "wrong_type" and "loss" in str(e.value) and "250k" in str(e.value)
    with pytest.raises(gg.ModelError, match="loss"):
        model.breach("sub-1/essential", by="co", loss=float("nan"))


@pytest.mark.parametrize("call,arg", [
    (lambda m, v: m.add_organisation(v), "id"),
    (lambda m, v: m.add_organisation("x", name=v), "name"),
    (lambda m, v: m.add_organisation("x", attrs={"note": v}), "note"),
    (lambda m, v: m.add_relation("employs", v, "gp-b"), "source"),
    (lambda m, v: m.add_seat("s9", board="board", held_by=v), "held_by"),
    (lambda m, v: m.add_contract("c9", kind="gms", parties={"commissioner": "ccg",
                                                            "holder": v},
                                 obligations=[{"id": "c9/x"}]), "parties"),
    (lambda m, v: m.get(v), "id"),
    (lambda m, v: m.accountability(v), "party"),
], ids=["id", "name", "attribute", "source", "held_by", "party", "get", "accountability"])
@pytest.mark.parametrize("value", ["\ud800", "a\udfffb", b"p1", b"\xc0\x80"],
                         ids=["surrogate", "low surrogate", "bytes", "bad bytes"])
def test_text_that_is_not_text_is_one_clear_error(model, call, arg, value):
    before = snapshot(model)
    with pytest.raises(gg.Error) as e:
        call(model, value)
    assert e.value.id in ("bad_value", "wrong_type"), str(e.value)
    assert arg in str(e.value)
    assert not isinstance(e.value, UnicodeError)
    assert snapshot(model) == before


# -- bulk frames ------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [None, float("nan"), np.float64("nan"), "pd.NA", "NaT"])
def test_bulk_missing_in_an_optional_column_is_not_given(model, missing):
    missing = {"pd.NA": pd.NA, "NaT": pd.NaT}.get(missing, missing) if isinstance(
        missing, str) else missing
    model.add_nodes_from({"id": ["n1", "n2"], "type": ["organisation", "organisation"],
                          "name": ["N1", missing], "list_size": [5, missing],
                          "start": ["2017-04-01", missing], "x": [1, missing]},
                         attrs=["x"])
    n2 = model.get("n2")
    assert "list_size" not in n2 and "start" not in n2 and "attributes" not in n2


def test_bulk_frame_with_nan_and_nat_is_not_given(model):
    df = pd.DataFrame({"id": ["n1", "n2"], "type": "organisation",
                       "list_size": [5.0, np.nan],
                       "start": pd.to_datetime(["2017-04-01", None])})
    model.add_nodes_from(df)
    assert model.get("n1")["start"] == "2017-04-01" and model.get("n1")["list_size"] == 5
    assert "start" not in model.get("n2") and "list_size" not in model.get("n2")


@pytest.mark.parametrize("missing", [None, float("nan"), "pd.NA", "NaT"])
@pytest.mark.parametrize("column", ["id", "type"])
def test_bulk_missing_in_a_required_column_is_an_error_naming_the_row(model, missing, column):
    missing = {"pd.NA": pd.NA, "NaT": pd.NaT}.get(missing, missing) if isinstance(
        missing, str) else missing
    data = {"id": ["n1", "n2", "n3"], "type": ["organisation"] * 3}
    data[column][1] = missing
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        model.add_nodes_from(data)
    assert "row 1" in str(e.value) and f"'{column}'" in str(e.value)
    assert snapshot(model) == before


@pytest.mark.parametrize("column", ["kind", "source", "target"])
def test_bulk_nan_in_a_required_relation_column_is_an_error(model, column):
    data = {"kind": ["employs", "employs"], "source": ["co", "co"],
            "target": ["gp-a", "gp-b"]}
    data[column][1] = np.nan
    with pytest.raises(gg.ModelError) as e:
        model.add_relations_from(data)
    assert "row 1" in str(e.value) and f"'{column}'" in str(e.value)


def test_bulk_infinity_is_refused_even_in_an_optional_column(model):
    with pytest.raises(gg.ModelError, match="row 1"):
        model.add_nodes_from({"id": ["n1", "n2"], "type": ["organisation"] * 2,
                              "x": [1.0, np.inf]}, attrs=["x"])


def test_bulk_ragged_columns_name_the_lengths(model):
    before = snapshot(model)
    with pytest.raises(gg.ModelError) as e:
        model.add_nodes_from({"id": ["a", "b", "c", "d"], "type": ["organisation"] * 4,
                              "x": [1, 2, 3]}, attrs=["x"])
    assert "column 'x' has 3 rows, 'id' has 4" in str(e.value)
    with pytest.raises(gg.ModelError, match="column 'x' has 2 rows, 'id' has 1"):
        model.add_nodes_from({"id": ["a"], "type": ["organisation"], "x": [[1, 2], [3]]},
                             attrs=["x"])
    assert snapshot(model) == before


def test_bulk_uint64_beyond_int64_is_refused(model):
    with pytest.raises(gg.ModelError, match="'list_size'"):
        model.add_nodes_from({"id": ["a"], "type": ["organisation"],
                              "list_size": np.array([2**64 - 1], dtype=np.uint64)})
    with pytest.raises(gg.ModelError, match="'list_size'"):
        model.add_nodes_from({"id": ["a"], "type": ["organisation"], "list_size": [2**63]})
    assert "a" not in model


def test_bulk_datetime64_of_any_unit_is_a_day(model):
    model.add_nodes_from({"id": ["a", "b"], "type": ["organisation"] * 2,
                          "start": np.array(["2017-04-01T10:00", "NaT"], dtype="datetime64[m]")})
    assert model.get("a")["start"] == "2017-04-01" and "start" not in model.get("b")


def test_bulk_bytes_ids_are_refused(model):
    with pytest.raises(gg.ModelError, match="row 0: 'id'"):
        model.add_nodes_from({"id": [b"a"], "type": ["organisation"]})
    with pytest.raises(gg.ModelError, match="row 0: 'id'"):
        model.add_nodes_from({"id": np.array([b"a"]), "type": ["organisation"]})
