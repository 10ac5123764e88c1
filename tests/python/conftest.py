"""Shared fixtures: a small model with every node kind, and a snapshot to prove "unchanged"."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

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


def today_from_files(codes: list[str]) -> dict[str, dict]:
    """For each code, read from the files with csv and openpyxl alone: open in the 2023-12 and
    2026-02 extracts, the CQC (2025) provider id, name and ownership type, the ePCN (2023)
    network in force on the 2026 extract's day (no end date)."""
    import csv

    import openpyxl

    nhs = ROOT.parent / "shared" / "data" / "nhs"
    out = {c: {"open_2023": False, "open": False, "provider": None, "ownership_type": None,
               "provider_name": None, "network": None} for c in codes}
    with open(nhs / "epraccur-2023-12.csv", newline="", encoding="cp1252") as fh:
        for row in csv.reader(fh):
            if row[0] in out and row[12] == "A" and row[25] == "4":
                out[row[0]]["open_2023"] = True
    with open(nhs / "epraccur-2026-02.csv", newline="", encoding="cp1252") as fh:
        for row in csv.reader(fh):
            if row[0] in out and row[12] == "ACTIVE" and row[25] == "RO76":
                out[row[0]]["open"] = True
    book = openpyxl.load_workbook(ROOT.parent / "shared" / "data" / "cqc" /
                                  "gp-providers-2025-12.xlsx", read_only=True)
    rows = book.active.iter_rows(values_only=True)
    head = [str(h).strip() if h else "" for h in next(rows)]
    at = {h: head.index(h) for h in ("Location ODS Code", "Provider ID", "Provider Name",
                                     "Provider Ownership Type", "Dormant (Y/N)")}
    for row in rows:
        code = row[at["Location ODS Code"]]
        if code in out and out[code]["open"] and row[at["Dormant (Y/N)"]] != "Y":
            out[code].update(provider="cqc:" + str(row[at["Provider ID"]]),
                             provider_name=row[at["Provider Name"]],
                             ownership_type=row[at["Provider Ownership Type"]])
    book = openpyxl.load_workbook(nhs / "ePCN-2023-01.xlsx", read_only=True)
    rows = book["PCN Core Partner Details"].iter_rows(values_only=True)
    next(rows)
    for row in rows:
        if row[0] in out and out[row[0]]["open"] and not row[9]:
            out[row[0]]["network"] = row[4]
    return out


def check_today(case: Any) -> None:
    """A case study's ``today()`` (which practices of 2019 are open today, under which provider
    and in which network) against the files read with csv and openpyxl alone."""
    got = case.today().set_index("code")
    expected = today_from_files(list(got.index))
    assert set(got.index) == set(case.practices().code)
    table = case.practices().set_index("code")
    assert got.name_2019.to_dict() == table.name.to_dict()
    for code, e in expected.items():
        row = got.loc[code]
        assert (bool(row.open_2023), bool(row.open)) == (e["open_2023"], e["open"]), code
        assert (row.provider, row.provider_name, row.ownership_type) == (
            e["provider"], e["provider_name"], e["ownership_type"]), code
        assert row.network == e["network"], code
        form = {"Partnership": "partnership", "Individual": "sole_trader",
                "NHS Body": "statutory_body"}.get(e["ownership_type"])
        if form:
            assert row.legal_form == form, code
    assert got.open.sum() == sum(e["open"] for e in expected.values())
