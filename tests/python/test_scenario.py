"""Time and what-if (DESIGN.md "Time and scenarios"): models as of a date, novation, removal
and its impact, diffs; the original model is never changed."""

from __future__ import annotations

import datetime

import pytest

import govgraph as gg
from conftest import load_example, snapshot


@pytest.fixture
def nc() -> gg.Model:
    return load_example("north_cumbria").build()


def novation_model() -> gg.Model:
    m = gg.Model()
    m.add_organisation("ccg", kind="commissioner", legal_form="statutory_body",
                       end="2022-07-01")
    m.add_organisation("icb", kind="commissioner", legal_form="statutory_body",
                       start="2022-07-01")
    m.add_organisation("p", kind="practice", legal_form="partnership", list_size=5000)
    m.add_organisation("col", kind="company", legal_form="company_limited_by_guarantee")
    m.add_contract("gms", kind="gms", parties={"commissioner": "ccg", "holder": "p"},
                   obligations=[{"id": "gms/x"}], start="2004-04-01")
    m.add_board("b", of="col")
    m.add_seat("s-ccg", board="b", appointed_by="ccg", represents=["ccg"])
    m.add_seat("s-p", board="b", appointed_by="p", represents=["p"])
    return m


def test_novation_moves_accountability_and_seats_from_the_date():
    m = novation_model()
    before = snapshot(m)
    n = m.replace("ccg", "icb", on="2022-07-01")
    assert snapshot(m) == before   # the original is untouched

    def top(day):
        return [p.nodes[-1] for p in n.liability_paths("gms/x", as_of=day)]

    assert top("2022-06-30") == ["ccg"]
    assert top("2022-07-01") == ["icb"]
    assert {r.to for r in n.accountability("p", as_of="2021-01-01")} == {"ccg"}
    assert {r.to for r in n.accountability("p", as_of="2023-01-01")} == {"icb"}
    members = {r.member for r in n.representation("b", as_of="2023-01-01")}
    assert members == {"icb", "p"}
    assert {r.member for r in n.representation("b", as_of="2021-01-01")} == {"ccg", "p"}
    # the contract record shows both commissioners, each with its dates, and survives a file
    assert n.get("gms")["parties"]["commissioner"] == [
        {"id": "ccg", "end": "2022-07-01"}, {"id": "icb", "start": "2022-07-01"}]
    assert n.get("s-ccg")["appointed_by"] == [
        {"id": "ccg", "end": "2022-07-01"}, {"id": "icb", "start": "2022-07-01"}]
    back = gg.loads(n.dumps())
    assert back.dumps() == n.dumps()
    assert [p.nodes[-1] for p in back.liability_paths("gms/x", as_of="2023-01-01")] == ["icb"]


def test_a_novation_needs_both_parties_of_one_type():
    m = novation_model()
    with pytest.raises(gg.UnknownIdError, match="'nhse' is not in the model"):
        m.replace("ccg", "nhse", on="2022-07-01")
    with pytest.raises(gg.ModelError, match="organisation but 'gms' is contract"):
        m.replace("ccg", "gms", on="2022-07-01")


def test_removing_the_collaborative_leaves_every_delivered_obligation_without_a_performer(nc):
    before = snapshot(nc)
    r = nc.impact("ncpcc")
    assert snapshot(nc) == before
    # checked by hand: three practices, four GMS obligations each, all delivered through the
    # collaborative's sub-contracts; patients 12,400 + 6,100 + 2,900
    assert sorted(r.without_performer.to_frame()["obligation"]) == sorted(
        f"gms-practice-{p}/{o}" for p in "abc"
        for o in ("essential", "additional", "premises", "reporting"))
    assert set(r.to_frame()["holder"]) == {"practice-a", "practice-b", "practice-c"}
    assert r.patients_affected == 21_400
    assert r.seats_removed == ["seat-practice-a", "seat-practice-b", "seat-practice-c"]
    assert r.seats_vacated == ["system-seat-ncpcc"]
    assert "ncpcc" not in r.after and "sub-practice-a" not in r.after
    assert "gms-practice-a" in r.after


def test_without_removes_dependants_and_leaves_the_original_unchanged(nc):
    before = snapshot(nc)
    w = nc.without(["practice-c"])
    assert snapshot(nc) == before
    assert "gms-practice-c" not in w and "gms-practice-c/essential" not in w
    assert "sub-practice-c" not in w                 # its head went
    assert "seat-practice-c" in w                    # seats stay, vacant of their appointer
    assert "appointed_by" not in w.get("seat-practice-c")
    assert len(w) == len(nc) - 1 - 5 - 5             # practice, GMS + 4, sub-contract + 4
    assert gg.loads(w.dumps()).dumps() == w.dumps()  # still a valid document


def test_thirteen_practices_joining_on_different_dates():
    m = gg.Model()
    m.add_organisation("col", kind="company", legal_form="company_limited_by_guarantee")
    m.add_board("b", of="col", quota=0.5)
    joins = [datetime.date(2018, 6, 1) + datetime.timedelta(days=30 * i) for i in range(13)]
    for i, d in enumerate(joins):
        m.add_organisation(f"p{i}", kind="practice", list_size=1000 * (i + 1))
        m.add_relation("member_of", f"p{i}", "col", start=d)
        m.add_seat(f"s{i}", board="b", appointed_by=f"p{i}", represents=[f"p{i}"], start=d)
    for i, d in enumerate(joins):
        day_before = d - datetime.timedelta(days=1)
        assert len(m.representation("b", as_of=d, shapley_shubik=False)) == i + 1
        if i:
            assert len(m.representation("b", as_of=day_before, shapley_shubik=False)) == i
    assert [len(m.as_of(d).representation("b", shapley_shubik=False)) for d in joins] == list(
        range(1, 14))


def test_as_of_is_a_model_of_one_day(nc):
    early = nc.as_of("2010-01-01")
    assert "ncpcc" not in early and "gms-practice-a" in early
    assert "sub-practice-a" not in early
    assert len(nc.as_of("2019-01-01")) == len(nc) - 1  # all but the ICB (from 2022-07-01)
    late = nc.as_of("2023-01-01")
    commissioners = late.get("gms-practice-a")["parties"]["commissioner"]
    assert "01H" not in late and [x["id"] for x in commissioners] == ["QHM"]


def test_diff_lists_added_removed_and_changed():
    a = novation_model()
    b = a.replace("ccg", "icb", on="2022-07-01")
    d = gg.diff(a, b).to_frame()
    changed = d[d.change == "changed"]
    assert set(changed["id"]) == {"gms", "s-ccg"}
    assert "commissioner" in changed[changed.id == "gms"]["detail"].iloc[0]
    c = gg.diff(a, a.without("col")).to_frame()
    assert set(c[c.change == "removed"]["id"]) == {"col", "b", "s-ccg", "s-p"}
    assert gg.diff(a, a).to_frame().empty
    e = a.copy()
    e.add_relation("member_of", "p", "col", start="2019-01-01")
    assert gg.diff(a, e).to_frame()[["change", "what", "id"]].values.tolist() == [
        ["added", "relation", "p -member_of-> col"]]
