"""Shared fixtures: a small model with every node kind, and a snapshot to prove "unchanged"."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import govgraph as gg

ROOT = Path(__file__).resolve().parents[2]


def load_example(name: str):
    """Import a script from examples/python as a module."""
    path = ROOT / "examples" / "python" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def snapshot(m: gg.Model) -> tuple[int, int, str]:
    """Size and full content of a model, to check that a refused addition changed nothing."""
    return len(m), m.relation_count(), m.dumps()


@pytest.fixture
def model() -> gg.Model:
    """Commissioner, partnership practice with two GP partners, a collaborative company, an
    asset, a GMS contract and its sub-contract, a board and a seat."""
    return build_model()


def build_model() -> gg.Model:
    """The `model` fixture's model, for tests that need a fresh one per case."""
    m = gg.Model(name="test")
    m.add_organisation("ccg", name="CCG", kind="commissioner", legal_form="statutory_body")
    m.add_organisation("p1", name="Practice 1", kind="practice", legal_form="partnership",
                       list_size=8000)
    m.add_organisation("co", name="Collaborative", kind="company",
                       legal_form="company_limited_by_guarantee", not_for_profit=True)
    m.add_person("gp-a", name="Dr A", profession="gp")
    m.add_person("gp-b", name="Dr B", profession="gp")
    m.add_asset("premises", name="Surgery", kind="premises")
    m.add_contract("gms-1", kind="gms", parties={"commissioner": "ccg", "holder": "p1"},
                   obligations=[{"id": "gms-1/essential", "name": "Essential services"}],
                   start="2004-04-01")
    m.add_contract("sub-1", kind="subcontract", head="gms-1",
                   parties={"contractor": "p1", "subcontractor": "co"},
                   obligations=[{"id": "sub-1/essential", "flows_from": "gms-1/essential"}],
                   liability_cap=1e6)
    m.add_board("board", of="co", quota=0.5)
    m.add_seat("s1", board="board", votes=1, kind="representative", appointed_by="p1",
               represents=["p1"], held_by="gp-a")
    return m
