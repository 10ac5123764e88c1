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


# -- impact in the C++ core (issue 13, item 4) ---------------------------------------------------

def mendip() -> gg.Model:
    """Three Mendip practices under NHS Somerset CCG (11X), each with its own GMS contract;
    men-a shares a nurse with men-d under an MoU of the three (men-a performs it, men-d receives
    it); from 2015 to 2017 men-d delivered men-b's extended hours under a sub-contract."""
    m = gg.Model()
    m.add_organisation("11X", kind="commissioner", legal_form="statutory_body")
    for pid, size, form in (("men-a", 13_200, "partnership"), ("men-b", 8_100, "partnership"),
                            ("men-d", 2_600, "sole_trader")):
        m.add_organisation(pid, kind="practice", legal_form=form, list_size=size)
        m.add_contract(f"gms-{pid[-1]}", kind="gms", start="2004-04-01",
                       parties={"commissioner": "11X", "holder": pid},
                       obligations=[{"id": f"gms-{pid[-1]}/essential"},
                                    {"id": f"gms-{pid[-1]}/extended"}])
    m.add_contract("mendip-mou", kind="mou", binding=False, start="2015-06-01",
                   parties={"party": ["men-a", "men-b", "men-d"]},
                   obligations=[{"id": "mendip-mou/nurse-share", "obligor": "men-a",
                                 "obligee": "men-d"}])
    m.add_contract("sub-ext", kind="subcontract", head="gms-b", start="2015-04-01",
                   end="2017-04-01", parties={"contractor": "men-b", "subcontractor": "men-d"},
                   obligations=[{"id": "sub-ext/extended", "flows_from": "gms-b/extended"}])
    return m


def test_impact_tells_who_delivered_from_who_received():
    # men-d receives the nurse share (the obligee); men-a, who performs it, stays: the
    # obligation is left without its beneficiary, not without a performer
    r = mendip().impact(["men-d"])
    assert len(r.without_performer) == 0
    assert r.without_beneficiary.to_frame()[["obligation", "delivered_by", "received_by"]] \
        .values.tolist() == [["mendip-mou/nurse-share", ["men-a"], ["men-d"]]]
    assert "left without their beneficiary" in str(r)


def test_impact_counts_the_patients_of_the_practices_affected():
    # rule (docs/scenarios.md): the holders of obligations left without a performer and the
    # removed practices, each once, by their own list size: men-d's 2,600, not men-a's 13,200
    r = mendip().impact(["men-d"])
    assert r.practices_affected == ["men-d"]
    assert r.patients_affected == 2_600


def test_impact_reads_current_facts_or_the_day_asked():
    m = mendip()
    # no as_of: only facts with no end date; the sub-contract ended in 2017 is not read
    assert "gms-b/extended" not in set(m.impact("men-d").to_frame()["obligation"])
    r = m.impact("men-d", as_of="2016-06-01")
    assert r.to_frame()[["obligation", "holder", "received_by", "delivered_by"]].values.tolist() \
        == [["gms-b/extended", "men-b", ["11X"], ["men-d"]]]
    assert r.practices_affected == ["men-b", "men-d"]
    assert r.patients_affected == 8_100 + 2_600
    assert r.as_of == "2016-06-01"
    # before the MoU began, nobody received a nurse share from men-a
    assert len(m.impact("men-d", as_of="2015-01-01").without_beneficiary) == 0


def ipa() -> gg.Model:
    """An IPA holding an APMS contract with the ICB, delivered by two practices under
    sub-contracts sub-p1 and sub-p2; p3 performs its own GMS contract."""
    m = gg.Model()
    m.add_organisation("icb", kind="commissioner", legal_form="statutory_body")
    m.add_organisation("ipa", kind="company", legal_form="limited_company")
    for pid, size in (("p1", 4_000), ("p2", 3_000), ("p3", 5_000)):
        m.add_organisation(pid, kind="practice", legal_form="partnership", list_size=size)
    m.add_contract("apms", kind="apms", parties={"commissioner": "icb", "holder": "ipa"},
                   obligations=[{"id": "apms/clinics"}])
    for pid in ("p1", "p2"):
        m.add_contract(f"sub-{pid}", kind="subcontract", head="apms",
                       parties={"contractor": "ipa", "subcontractor": pid},
                       obligations=[{"id": f"sub-{pid}/clinics", "flows_from": "apms/clinics"}])
    m.add_contract("gms-p3", kind="gms", parties={"commissioner": "icb", "holder": "p3"},
                   obligations=[{"id": "gms-p3/essential"}])
    return m


def test_ending_the_subcontracts_leaves_the_holder_without_a_performer():
    r = ipa().impact(["sub-p1", "sub-p2"])
    assert r.to_frame().to_dict("records") == [{
        "obligation": "apms/clinics", "contract": "apms", "holder": "ipa", "received_by": ["icb"],
        "delivered_by": ["p1", "p2"], "patients": None}]
    assert r.removed == ["sub-p1", "sub-p1/clinics", "sub-p2", "sub-p2/clinics"]
    assert r.practices_affected == ["ipa"] and r.weight_unknown == ["ipa"]
    assert r.paths_changed == ["apms/clinics"]
    assert len(ipa().impact(["sub-p1"]).without_performer) == 0   # p2 still delivers it
    # a practice performing its own contract is never left without a performer
    assert len(ipa().impact(["p3"]).without_performer) == 0
    assert ipa().impact(["p3"]).patients_affected == 5_000


def test_boards_without_quorum_come_from_the_core():
    m = gg.Model()
    m.add_organisation("col", kind="company", legal_form="company_limited_by_guarantee")
    m.add_board("b", of="col", quorum=3)
    for i in (1, 2, 3):
        m.add_organisation(f"p{i}", kind="practice")
        m.add_person(f"gp{i}", profession="gp")
        m.add_seat(f"s{i}", board="b", appointed_by=f"p{i}", represents=[f"p{i}"],
                   held_by=f"gp{i}")
    r = m.impact("p1")
    assert r.seats_vacated == ["s1"]          # its appointer went; its holder still holds it
    assert r.boards_without_quorum == ["b"]   # two voting seats, quorum three
    assert r.boards_unable_to_decide == ["b"]
    assert m.impact("gp1").boards_without_quorum == ["b"]   # its only holder went
    assert m.impact("col").seats_removed == ["s1", "s2", "s3"]
    assert m.impact("col").boards_without_quorum == []      # the board went with it


def test_impact_refuses_unknown_ids_and_weights():
    m = ipa()
    with pytest.raises(gg.UnknownIdError, match="nope, nor are not in the model"):
        m.impact(["nope", "p1", "nor"])
    with pytest.raises(gg.ModelError, match="did you mean 'list_size'"):
        m.impact("p1", weight="listsize")


def test_scenario_formats_only_and_does_not_import_the_model():
    import ast
    import pathlib

    src = pathlib.Path(gg.scenario.__file__).read_text()
    imported = {a.name for n in ast.walk(ast.parse(src)) if isinstance(n, ast.ImportFrom)
                for a in n.names} | {n.module for n in ast.walk(ast.parse(src))
                                     if isinstance(n, ast.ImportFrom) and n.module}
    assert "model" not in imported and "Model" not in imported
    assert "def impact" not in src and "json" not in imported


def test_diff_shows_each_changed_field_and_relations_as_a_multiset():
    a = novation_model()
    c = gg.loads(a.dumps().replace('"list_size": 5000', '"list_size": 5200, "name": "P"'))
    d = gg.diff(a, c).to_frame()
    assert d.values.tolist() == [
        ["changed", "node", "p", "organisation", "list_size: 5000 -> 5200; name: (none) -> 'P'"]]
    e = a.copy()
    for _ in range(2):
        e.add_relation("member_of", "p", "col", start="2019-01-01", attrs={"evidence": "minutes"})
    f = e.copy()
    f.add_relation("member_of", "p", "col", start="2019-01-01", attrs={"evidence": "minutes"})
    f.add_relation("member_of", "p", "col", start="2019-01-01", attrs={"evidence": "register"})
    rows = gg.diff(e, f).to_frame()[["change", "id", "detail"]].values.tolist()
    assert rows == [["added", "p -member_of-> col", "start 2019-01-01"]] * 2
    assert gg.diff(f, e).to_frame()["change"].tolist() == ["removed", "removed"]


def test_ending_every_subcontract_of_the_alliance_names_each_obligation_and_practice(nc):
    """Issue 13, done when: impact of ending every sub-contract of the North Cumbria alliance
    names each sub-contracted obligation left without a performer, and the practices and
    patients affected."""
    subs = [c for c in nc.ids("contract") if c.startswith("sub-")]
    r = nc.impact(subs, as_of="2020-01-01")
    rows = r.without_performer.to_frame()
    expected = sorted(f"gms-{p}/{o}" for p in ("practice-a", "practice-b", "practice-c")
                      for o in ("essential", "additional", "premises", "reporting"))
    assert sorted(rows.obligation) == expected
    assert set(rows.delivered_by.map(tuple)) == {("ncpcc",)}
    assert sorted(r.practices_affected) == ["practice-a", "practice-b", "practice-c"]
    assert r.patients_affected == 12_400 + 6_100 + 2_900
    # The same, ending them on a day rather than removing them: after the day, nobody delivers.
    m = nc.copy()
    for c in subs:
        m.end(c, on="2021-01-01")
    assert not m.impact(subs, as_of="2021-06-01").without_performer
    assert len(m.impact(subs, as_of="2020-06-01").without_performer) == 12


# -- specialist review: a practice's own contract removed; obligations that went themselves -----

def test_ending_a_gms_contract_affects_the_practice_holding_it(nc):
    # rule (docs/scenarios.md, "Impact"): the practices whose own primary medical services
    # contract goes (removed, or as a dependant) are affected, each once, by their list size in
    # force on the day. Removing gms-practice-a used to count 0 patients.
    for r in (nc.impact(["gms-practice-a"]), nc.impact(["gms-practice-a"], as_of="2020-01-01")):
        assert r.practices_affected == ["practice-a"]
        assert r.patients_affected == 12_400
        assert not r.without_performer   # the obligations went with the contract
    # by the list size in force on the day (m.set keeps the earlier values)
    m = nc.copy()
    m.set("practice-a", on="2021-01-01", list_size=13_000)
    assert m.impact(["gms-practice-a"], as_of="2020-06-01").patients_affected == 12_400
    assert m.impact(["gms-practice-a"], as_of="2021-06-01").patients_affected == 13_000
    assert m.impact(["gms-practice-a"]).patients_affected == 13_000


def test_removing_the_commissioner_affects_every_practice_it_contracts_with(nc):
    # 01H removed on 2020-01-01: its three GMS contracts go as dependants, and their obligations
    # with them; those are removed, not "left without their beneficiary"
    r = nc.impact(["01H"], as_of="2020-01-01")
    assert sorted(r.practices_affected) == ["practice-a", "practice-b", "practice-c"]
    assert r.patients_affected == 12_400 + 6_100 + 2_900
    assert {"gms-practice-a", "gms-practice-a/essential"} <= set(r.removed)
    gone = set(r.removed)
    assert not [o for o in r.without_beneficiary.to_frame()["obligation"] if o in gone]
    assert not [o for o in r.without_performer.to_frame()["obligation"] if o in gone]
    # no as_of: the current facts (01H ended in 2022, so it is not current)
    cur = nc.impact(["01H"])
    gone = set(cur.removed)
    assert not [o for o in cur.without_beneficiary.to_frame()["obligation"] if o in gone]
    sizes = [nc.get(p).get("list_size", 0) for p in cur.practices_affected]
    assert cur.patients_affected == sum(sizes)


def test_diff_compares_the_value_history(nc):
    # two models differing only in a field's earlier values used to diff as identical
    m = nc.copy()
    m.set("practice-a", on="2021-01-01", list_size=13_000)
    b = m.copy()
    m.set("practice-a", on="2020-01-01", list_size=12_700)
    rows = gg.diff(b, m).to_frame()[["change", "id", "detail"]].values.tolist()
    assert rows == [["changed", "practice-a", "list_size history: [12400 until 2021-01-01] -> "
                     "[12400 until 2020-01-01, 12700 until 2021-01-01]"]]
    assert gg.diff(m, m.copy()).to_frame().empty
    # a history gained: the earlier value shows against (none)
    rows = gg.diff(nc, b).to_frame()[["id", "detail"]].values.tolist()
    assert rows == [["practice-a", "list_size: 12400 -> 13000; "
                     "list_size history: (none) -> [12400 until 2021-01-01]"]]
