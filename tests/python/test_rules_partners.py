"""Rule 4 over time, after an English-law review (PA 1890 ss.9, 10, 12, 17, 24): partners who
leave and rejoin, several claims in one breach, contracts without a start, releases and
negligence, nested firms. Each test is one reproducer of the review, with the corrected answer."""

from __future__ import annotations

import pytest
from test_rules import dated_partners, north_cumbria

import govgraph as gg


def lease(m: gg.Model, start: str | None = "2015-01-01") -> gg.Model:
    m.add_organisation("ll", kind="company", legal_form="limited_company")
    m.add_contract("lease", kind="lease", parties={"landlord": "ll", "tenant": "practice-a"},
                   obligations=[{"id": "lease/rent"}], **({"start": start} if start else {}))
    return m


def shares(report: gg.BreachReport) -> dict[str, float]:
    return {k: v for k, v in report.borne.items() if v}


def test_rule4_a_partner_who_left_and_rejoined_answers_for_each_period():
    m = lease(north_cumbria(), "2018-01-01")
    m.add_person("gp-x", profession="gp")
    m.add_relation("partner_in", "gp-x", "practice-a", start="2010-01-01", end="2016-01-01")
    m.add_relation("partner_in", "gp-x", "practice-a", start="2017-01-01")
    r = m.breach("gms-a/premises", by="practice-a", loss=9_000, on="2021-01-01")
    assert shares(r) == {"gp-a1": pytest.approx(3_000), "gp-a2": pytest.approx(3_000),
                         "gp-x": pytest.approx(3_000)}
    rows = {(x.to, x.obligation) for x in m.accountability("gp-x", as_of="2021-01-01")}
    assert ("ll", "lease/rent") in rows and ("01H", "gms-a/premises") in rows
    # between the two periods gp-x was no partner
    assert not m.accountability("gp-x", as_of="2016-06-01")


def test_rule4_several_claims_in_one_breach_each_fall_on_their_own_partners():
    # the lease (made 2015) binds gp-old, not gp-new (s.17); the GMS contract binds the partners
    # of the day, gp-new and not gp-old. Breached together, each claim is borne on its own.
    m = lease(dated_partners())
    both = m.breach(["lease/rent", "gms-a/premises"], by="practice-a", loss=[9_000, 9_000],
                    on="2022-01-01")
    one = shares(m.breach("lease/rent", by="practice-a", loss=9_000, on="2022-01-01"))
    two = shares(m.breach("gms-a/premises", by="practice-a", loss=9_000, on="2022-01-01"))
    assert one == {"gp-a1": pytest.approx(3_000), "gp-a2": pytest.approx(3_000),
                   "gp-old": pytest.approx(3_000)}
    assert two == {"gp-a1": pytest.approx(3_000), "gp-a2": pytest.approx(3_000),
                   "gp-new": pytest.approx(3_000)}
    expected = {k: one.get(k, 0) + two.get(k, 0) for k in set(one) | set(two)}
    assert shares(both) == pytest.approx(expected)


def test_rule4_a_contract_without_a_start_cannot_say_which_partners_it_binds():
    m = lease(dated_partners(), start=None)
    with pytest.raises(gg.ModelError, match=r"needs_date.*'lease' has no start date"):
        m.breach("lease/rent", by="practice-a", loss=9_000, on="2022-01-01")


def test_rule4_a_release_by_novation_binds_creditors_not_the_person_harmed():
    # gp-rel retired in 2021-08 released by the firm's creditors; a patient harmed on 2021-06-01
    # gave no release, so gp-rel answers in negligence and bears a part of the firm's share.
    m = dated_partners()
    m.add_person("gp-p", profession="gp")
    m.add_relation("partner_in", "gp-p", "practice-a")
    m.add_relation("performs", "gp-p", "gms-a/premises")
    r = m.breach("gms-a/premises", by="gp-p", loss=12_000, claim="negligence", on="2021-06-01")
    assert "gp-rel" in {c.respondent for c in r.claims}
    assert set(shares(r)) == {"gp-p", "gp-a1", "gp-a2", "gp-old", "gp-rel"}
    assert sum(r.borne.values()) == pytest.approx(12_000)
    # in contract the release holds: the note says so and gp-rel bears nothing
    c = m.breach("gms-a/premises", by="practice-a", loss=12_000, on="2021-06-01")
    assert "gp-rel" not in shares(c)
    assert any("released by novation" in n for n in c.notes)


def test_rule4_a_nested_firm_passes_its_part_to_its_partners_who_are_liable():
    # F is a partner of practice-a; x2 was F's partner when the lease was made (2015) and left in
    # 2020 (s.17(2): still liable); x3 joined F in 2021 (s.17(1): not liable under the lease).
    m = lease(north_cumbria())
    m.add_organisation("F", kind="practice", legal_form="partnership")
    m.add_relation("partner_in", "F", "practice-a")
    for x, kw in [("x1", {}), ("x2", {"end": "2020-01-01"}), ("x3", {"start": "2021-01-01"})]:
        m.add_person(x, profession="gp")
        m.add_relation("partner_in", x, "F", **kw)
    r = m.breach("lease/rent", by="practice-a", loss=9_000, on="2022-01-01")
    respondents = {c.respondent for c in r.claims}
    assert {"x1", "x2"} <= respondents and "x3" not in respondents
    assert shares(r) == {"gp-a1": pytest.approx(3_000), "gp-a2": pytest.approx(3_000),
                         "x1": pytest.approx(1_500), "x2": pytest.approx(1_500)}


def test_rule4_circular_partnerships_end():
    # two firms each a partner of the other: the walk through nested firms stops
    m = north_cumbria()
    m.add_organisation("F", kind="practice", legal_form="partnership")
    m.add_relation("partner_in", "F", "practice-a")
    m.add_relation("partner_in", "practice-a", "F")
    r = m.breach("gms-a/premises", by="practice-a", loss=9_000, on="2022-01-01")
    assert sum(r.borne.values()) == pytest.approx(9_000)


def test_rule4_an_undated_contract_ended_on_a_day_binds_its_undated_partners():
    # The partner edge's dates are the partner's clipped to the contract's; a contract with no
    # start that was ended on a day gives the partner edge the same end, which is no dating of
    # the partner (review finding): the breach is reported, not refused with needs_date.
    m = gg.Model(name="t")
    for p in ("a", "b"):
        m.add_organisation(p, kind="practice", legal_form="partnership")
        m.add_person(f"{p}-gp1", profession="gp")
        m.add_relation("partner_in", f"{p}-gp1", p)
    m.add_contract("mou", kind="mou", parties={"party": ["a", "b"]},
                   obligations=[{"id": "mou/cover", "obligor": "b", "obligee": "a"}])
    m.end("mou", on="2021-04-01")
    r = m.breach("mou/cover", by="b", loss=1, on="2021-03-31")
    assert {c.respondent for c in r.claims} == {"b", "b-gp1"}
    # with no date of breach too: the partner answers throughout the contract's life
    assert {c.respondent for c in m.breach("mou/cover", by="b", loss=1).claims} == {"b", "b-gp1"}
    # a partner who joined on a day still needs the contract's start
    m.add_person("b-gp2", profession="gp")
    m.add_relation("partner_in", "b-gp2", "b", start="2020-01-01")
    with pytest.raises(gg.ModelError, match=r"needs_date.*'mou' has no start date"):
        m.breach("mou/cover", by="b", loss=1, on="2021-03-31")
