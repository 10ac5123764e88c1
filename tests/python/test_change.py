"""Change over time (issue 13): end, withdraw and set record facts and forget nothing; frames
and rows carry their dates; list sizes of two years live in one model."""

from __future__ import annotations

import pytest

import govgraph as gg
from conftest import ROOT, load_example, snapshot
from govgraph import nhs

nc = load_example("north_cumbria")
LISTS = ROOT.parent / "shared" / "data" / "nhs" / "gp-reg-pat-prac-all-2021-01.csv"


def power(m, org, as_of=None):
    r = m.representation("ncpcc-board", as_of=as_of)
    return {row.member: row.banzhaf for row in r}[org]


# -- a practice withdraws on a date ------------------------------------------------------------

def test_withdraw_ends_membership_subcontract_and_seat_which_stops_voting():
    m = nc.build()
    assert power(m, "practice-a") == pytest.approx(1 / 3)
    ended = m.withdraw("practice-c", from_="ncpcc", on="2020-04-01")
    assert [(r.ended, r.id) for r in ended] == [
        ("membership", "member_of: practice-c -> ncpcc"),
        ("subcontract", "sub-practice-c"),
        ("appointment", "appointed_by: seat-practice-c -> practice-c"),
        ("holder", "held_by: seat-practice-c -> gp-c1"),
        ("seat", "seat-practice-c")]
    assert ended.to_frame().on.unique().tolist() == ["2020-04-01"]
    # Before the day nothing changed; from it (and with no day: as things stand) the seat is
    # vacant and casts no vote: two practices share the board.
    assert power(m, "practice-c", as_of="2020-03-31") == pytest.approx(1 / 3)
    assert power(m, "practice-a", as_of="2020-04-01") == pytest.approx(1 / 2)
    assert power(m, "practice-a") == pytest.approx(1 / 2)
    r = m.representation("ncpcc-board", as_of="2021-01-01")
    assert r.vacant == ["seat-practice-c"]
    # The practice keeps its own GMS contract: it answers to the commissioner itself now.
    assert "gms-practice-c" in m
    [path] = m.liability_paths("gms-practice-c/essential", as_of="2021-01-01")
    assert path.nodes == ["practice-c", "01H"]
    [before] = m.liability_paths("gms-practice-c/essential", as_of="2019-01-01")
    assert before.nodes == ["ncpcc", "practice-c", "01H"]


def test_withdraw_refused_changes_nothing():
    m = nc.build()
    m.withdraw("practice-c", from_="ncpcc", on="2020-04-01")
    before = snapshot(m)
    with pytest.raises(gg.ModelError, match="not_in_force"):
        m.withdraw("practice-c", from_="ncpcc", on="2021-01-01")
    with pytest.raises(gg.ModelError, match="not_in_force"):
        m.withdraw("practice-b", from_="ncpcc", on="2017-01-01")  # before the alliance
    with pytest.raises(gg.ModelError, match="endpoint_kind"):
        m.withdraw("gp-a1", from_="ncpcc", on="2020-01-01")  # a person is employed, not a member
    with pytest.raises(gg.UnknownIdError):
        m.withdraw("practice-z", from_="ncpcc", on="2021-01-01")
    assert snapshot(m) == before


def test_end_a_relation_by_kind_source_target_or_by_id():
    m = nc.build()
    m.end(("member_of", "practice-b", "ncpcc"), on="2021-04-01")
    assert "ncpcc" in m.reachable("practice-b", kinds=["member_of"], as_of="2021-03-31")
    assert "ncpcc" not in m.reachable("practice-b", kinds=["member_of"], as_of="2021-04-01")
    m.add_relation("member_of", "practice-b", "ncpcc", id="b-rejoins", start="2022-01-01")
    m.end("b-rejoins", on="2023-01-01")
    f = m.relations_frame(kind="member_of")
    assert f[f.id == "b-rejoins"].end.tolist() == ["2023-01-01"]
    # Two in force on one day: ambiguous, the candidates listed.
    m.add_relation("member_of", "practice-a", "ncpcc", start="2019-01-01")
    with pytest.raises(gg.ModelError, match=r"ambiguous.*from 2018-06-01.*from 2019-01-01"):
        m.end(("member_of", "practice-a", "ncpcc"), on="2020-01-01")
    with pytest.raises(gg.ModelError, match="wrong_type"):
        m.end(("member_of", "practice-a"), on="2020-01-01")


def test_a_model_built_with_end_withdraw_and_set_round_trips_byte_for_byte(tmp_path):
    m = nc.build()
    m.withdraw("practice-c", from_="ncpcc", on="2020-04-01")
    m.end("sub-practice-b", on="2023-03-31")
    m.set("practice-a", on="2021-01-01", list_size=12_900)
    m.set("practice-a", on="2022-01-01", list_size=13_300)
    m.set("ncpcc-board", on="2021-01-01", quota=0.6)
    text = m.dumps()
    assert '"history"' in text
    again = gg.loads(text)
    assert again.dumps() == text
    m.save(tmp_path / "m.json")
    assert gg.load(tmp_path / "m.json").dumps() == text


# -- set: values from a date -------------------------------------------------------------------

def test_set_keeps_earlier_values_and_every_view_uses_the_value_in_force():
    m = nc.build()
    m.set("practice-a", on="2021-01-01", list_size=12_900)
    assert m.get("practice-a")["list_size"] == 12_900
    assert m.get("practice-a", as_of="2020-06-01")["list_size"] == 12_400
    assert m.get("practice-a")["history"] == {"list_size": [
        {"until": "2021-01-01", "value": 12_400}]}
    assert "history" not in m.get("practice-a", as_of="2020-06-01")
    f = m.nodes_frame(as_of="2020-06-01", type="organisation").set_index("id")
    assert f.loc["practice-a", "list_size"] == 12_400
    now = m.nodes_frame(type="organisation").set_index("id")
    assert now.loc["practice-a", "list_size"] == 12_900
    assert m.as_of("2020-06-01").get("practice-a")["list_size"] == 12_400
    w = {r.member: r.weight for r in m.representation("ncpcc-board", as_of="2020-06-01")}
    assert w["practice-a"] == 12_400
    w = {r.member: r.weight for r in m.representation("ncpcc-board", as_of="2021-06-01")}
    assert w["practice-a"] == 12_900
    # A correction without a date: one value for all time.
    m.set("practice-a", list_size=12_500)
    assert m.get("practice-a", as_of="2019-01-01")["list_size"] == 12_500
    assert "history" not in m.get("practice-a")


def test_set_is_strict():
    m = nc.build()
    before = snapshot(m)
    with pytest.raises(gg.ModelError, match="did you mean 'list_size'"):
        m.set("practice-a", on="2021-01-01", listsize=1)
    with pytest.raises(gg.ModelError, match="bad_value"):
        m.set("practice-a", on="2021-01-01", list_size=float("nan"))
    with pytest.raises(gg.ModelError, match="end it with end"):
        m.set("practice-a", on="2021-01-01", end="2022-01-01")
    with pytest.raises(gg.ModelError, match="needs legal_form partnership"):
        m.set("practice-a", on="2021-01-01", legal_form="limited_company")  # its partners
    with pytest.raises(gg.UnknownIdError):
        m.set("nobody", list_size=3)
    with pytest.raises(gg.ModelError, match="missing_field"):
        m.set("practice-a", on="2021-01-01")
    assert snapshot(m) == before


def test_set_from_is_all_or_nothing_and_names_the_row():
    m = nc.build()
    before = snapshot(m)
    with pytest.raises(gg.ModelError, match="set_from row 2"):
        m.set_from({"id": ["practice-a", "practice-b", "practice-c"],
                    "list_size": [1, 2, "many"]}, on="2021-01-01")
    assert snapshot(m) == before
    m.set_from({"id": ["practice-a", "practice-b"], "list_size": [13_000, float("nan")]},
               on="2021-01-01")
    assert m.get("practice-a")["list_size"] == 13_000
    assert m.get("practice-b")["list_size"] == 6_100  # NaN: left as it is
    assert "history" not in m.get("practice-b")


def test_two_list_size_files_give_a_model_with_both(tmp_path):
    if not LISTS.exists():
        pytest.skip("shared data not present")
    m = nhs.read_epraccur(ROOT.parent / "shared" / "data" / "nhs" / "epraccur-2019.csv",
                          commissioners=["01H"])
    m = nhs.read_list_sizes(LISTS, model=m)
    first = m.get("A82004")["list_size"]
    # A later extract: the same file with another date and one count changed.
    text = LISTS.read_text()
    later = tmp_path / "gp-reg-pat-prac-all-2022-01.csv"
    lines = text.splitlines()
    header = lines[0].split(",")
    date_col, code_col, n_col = (header.index(c) for c in
                                 ("EXTRACT_DATE", "CODE", "NUMBER_OF_PATIENTS"))
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[date_col] = cells[date_col].replace("2021", "2022")
        if cells[code_col] == "A82004":
            cells[n_col] = str(first + 100)
        out.append(",".join(cells))
    later.write_text("\n".join(out) + "\n")
    same = nhs.read_list_sizes(later, model=m)
    assert same is m  # changed in place: the history is kept
    assert m.get("A82004")["list_size"] == first + 100
    assert m.get("A82004", as_of="2021-06-01")["list_size"] == first
    assert m.get("A82004")["history"]["list_size"][-1] == {"until": "2022-01-01", "value": first}
    assert gg.loads(m.dumps()).dumps() == m.dumps()


# -- rows carry their dates --------------------------------------------------------------------

def test_rows_carry_start_and_end():
    m = nc.build()
    rows = m.accountability("practice-a").to_frame()
    assert {"start", "end"} <= set(rows.columns)
    gms = rows[(rows.to == "01H") & (rows.obligation == "gms-practice-a/essential")]
    assert gms.end.tolist() == ["2022-07-01"]  # the CCG's part ends with the novation
    [path] = m.liability_paths("gms-practice-a/essential", as_of="2019-01-01")
    assert [(h.start, h.end) for h in path.hops] == [("2018-06-01", None),
                                                     ("2004-04-01", "2022-07-01")]
    hops = m.liability_paths("gms-practice-a/essential", as_of="2019-01-01").to_frame()
    assert hops.start.tolist() == ["2018-06-01", "2004-04-01"]
    claims = m.breach("gms-practice-a/essential", by="ncpcc", loss=1000, on="2019-06-01").claims
    assert claims.to_frame().start.tolist()[0] == "2004-04-01"
    seats = m.representation("ncpcc-board").seats.to_frame()
    assert seats.columns.tolist() == ["seat", "member", "held_by", "vacant", "start", "end"]
    assert seats.held_by.tolist() == [["gp-a1"], ["gp-b1"], ["gp-c1"]]


def test_frames_take_as_of_and_type_or_kind():
    m = nc.build()
    assert set(m.nodes_frame(type="contract").type) == {"contract"}
    early = m.nodes_frame(as_of="2010-01-01")
    assert "ncpcc" not in set(early.id) and "01H" in set(early.id)
    late = m.nodes_frame(as_of="2023-01-01")
    assert "01H" not in set(late.id) and "QHM" in set(late.id)
    r = m.relations_frame(as_of="2010-01-01", kind="member_of")
    assert r.empty
    r = m.relations_frame(as_of="2019-01-01", kind=["member_of", "employs"])
    assert set(r.kind) == {"member_of", "employs"} and len(r) == 3 + 6
    parties = m.relations_frame(kind="party", as_of="2023-01-01")
    assert "01H" not in set(parties.source)
    with pytest.raises(gg.ModelError, match="relation kind 'member'"):
        m.relations_frame(kind="member")


# -- review fixes: nothing is left half-ended ----------------------------------------------------

def test_ending_a_commissioner_its_contracts_still_run_on_is_refused():
    m = nc.build()
    before = snapshot(m)
    with pytest.raises(gg.ModelError, match=r"is a party to 'gms-practice-a'.*novate"):
        m.end("01H", on="2022-06-01")
    with pytest.raises(gg.ModelError, match="no holder or no commissioner"):
        m.end(("party", "practice-b", "gms-practice-b"), on="2021-01-01")
    assert snapshot(m) == before


def test_ending_a_gp_ends_the_seat_they_hold_which_falls_vacant():
    m = nc.build()
    m.end("gp-c1", on="2021-01-01")
    assert m.representation("ncpcc-board", as_of="2021-01-01").vacant == ["seat-practice-c"]
    assert m.representation("ncpcc-board", as_of="2020-12-31").vacant == []
    employs = m.relations_frame(kind="employs")
    assert employs[employs.target == "gp-c1"].end.tolist() == ["2021-01-01"]
    assert gg.loads(m.dumps()).dumps() == m.dumps()


def test_withdraw_can_keep_the_directors_in_office():
    m = nc.build()
    ended = m.withdraw("practice-c", from_="ncpcc", on="2020-04-01", seats="keep")
    assert [r.ended for r in ended] == ["membership", "subcontract"]
    assert power(m, "practice-c", as_of="2021-01-01") == pytest.approx(1 / 3)
    with pytest.raises(gg.ModelError, match="not one of: vacate, keep"):
        nc.build().withdraw("practice-c", from_="ncpcc", on="2020-04-01", seats="drop")


def test_set_from_needs_on_and_each_node_once():
    m = nc.build()
    with pytest.raises(TypeError):
        m.set_from({"id": ["practice-a"], "list_size": [1]})  # type: ignore[call-arg]
    with pytest.raises(gg.ModelError, match="'practice-a' is also in set_from row 0"):
        m.set_from({"id": ["practice-a", "practice-a"], "list_size": [1, 2]}, on="2021-01-01")
    with pytest.raises(gg.ModelError, match="is a correction"):
        m.set("ncpcc", on="2000-01-01", not_for_profit=False)  # before it exists


def test_a_saved_seat_whose_kind_and_votes_both_changed_reads_back():
    """Found by fuzz_batch: a seat that was an observer (no votes) from one day and an
    ex-officio seat with 20 votes from a later one was saved, then refused on reading: the
    reader checked the kind's history against today's votes, one field at a time, where set
    checks every field's value on every day one changes."""
    m = gg.Model()
    m.add_organisation("p1", kind="practice")
    m.add_organisation("co", kind="company")
    m.add_board("b", of="co")
    m.add_seat("s", board="b", appointed_by="p1")
    m.set("s", on="2004-04-01", kind="observer", votes=0)
    m.set("s", on="2020-01-01", kind="ex_officio", votes=20)
    text = m.dumps()
    again = gg.loads(text)
    assert again.dumps() == text
    assert again.as_of("2010-01-01").get("s")["kind"] == "observer"
    assert again.get("s")["votes"] == 20
