// test_change.cpp — change over time: end, withdraw and set record facts and forget nothing.
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>

#include "helpers.hpp"

using namespace govgraph;
using govgraph_test::snapshot;
using govgraph_test::thrown;

namespace {
Date d(const char* iso) { return Date::parse(iso); }

/// Seed 001 in small: two practices in a collaborative that delivers p1's GMS services and has a
/// board on which each practice appoints a seat.
Model alliance() {
  Model m("alliance");
  m.add_organisation("ccg", {{"kind", "commissioner"}, {"legal_form", "statutory_body"}});
  m.add_organisation("p1", {{"kind", "practice"},
                            {"legal_form", "partnership"},
                            {"list_size", std::int64_t{8000}}});
  m.add_organisation("p2", {{"kind", "practice"},
                            {"legal_form", "partnership"},
                            {"list_size", std::int64_t{4000}}});
  m.add_organisation("col", {{"kind", "company"}, {"legal_form", "company_limited_by_guarantee"}});
  m.add_person("gp-a", {{"profession", "gp"}});
  m.add_person("gp-b", {{"profession", "gp"}});
  m.add_relation(RelKind::member_of, "p1", "col", {{"start", "2018-06-01"}});
  m.add_relation(RelKind::member_of, "p2", "col", {{"start", "2018-06-01"}});
  m.add_contract({.id = "gms",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"p1"}}},
                  .obligations = {{.id = "gms/e"}}});
  m.add_contract({.id = "sub",
                  .props = {{"kind", "subcontract"}, {"start", "2018-06-01"}},
                  .parties = {{"contractor", {"p1"}}, {"subcontractor", {"col"}}},
                  .obligations = {{.id = "sub/e", .flows_from = "gms/e"}},
                  .head = "gms"});
  m.add_board({.id = "board", .of = "col", .props = {{"quota", 0.5}}});
  m.add_seat({.id = "s1", .board = "board", .appointed_by = "p1", .represents = {"p1"}, .held_by = "gp-a"});
  m.add_seat({.id = "s2", .board = "board", .appointed_by = "p2", .represents = {"p2"}, .held_by = "gp-b"});
  return m;
}

double banzhaf_of(const Model& m, const char* org, Date day = {}) {
  const auto r = representation(m, "board", {.as_of = day});
  const NodeIndex n = *m.find(org);
  for (const auto& p : r.members)
    if (p.member == n) return p.banzhaf;
  return -1;
}
}  // namespace

TEST_CASE("end records an end date and removes nothing", "[change]") {
  Model m = alliance();
  m.end(RelationRef{.kind = RelKind::member_of, .source = "p2", .target = "col"}, d("2020-04-01"));
  const Relation& r = m.relations()[*govgraph_test::find_relation(m, RelKind::member_of, "p2", "col")];
  CHECK(r.end == d("2020-04-01"));
  CHECK(reachable(m, {"p2"}, {.kinds = {RelKind::member_of}, .as_of = d("2020-03-31")}).size() == 2);
  CHECK(reachable(m, {"p2"}, {.kinds = {RelKind::member_of}, .as_of = d("2020-04-01")}).size() == 1);
  // A node ends the same way; before its end it is still there.
  m.end("sub", d("2021-01-01"));
  CHECK(m.node("sub").end == d("2021-01-01"));
  CHECK(liability_paths(m, "gms/e", d("2020-12-31")).size() == 1);
  CHECK(m.size() == alliance().size());
  // The model with its ends saves and reads back byte for byte.
  CHECK(dumps(loads(dumps(m))) == dumps(m));
}

TEST_CASE("end refuses what it cannot do and leaves the model as it was", "[change]") {
  Model m = alliance();
  const auto before = snapshot(m);
  // Ambiguous: two memberships of p1 in force on one day.
  m.add_relation(RelKind::member_of, "p1", "col", {{"start", "2019-01-01"}});
  const auto two = snapshot(m);
  auto e = thrown<ModelError>([&] {
    m.end(RelationRef{.kind = RelKind::member_of, .source = "p1", .target = "col"}, d("2020-01-01"));
  });
  CHECK_THAT(e, Catch::Contains("[govgraph.ambiguous]") && Catch::Contains("from 2018-06-01") &&
                    Catch::Contains("from 2019-01-01"));
  CHECK(snapshot(m) == two);
  Model n = alliance();
  // Not in force on the day: the candidates are listed with their dates.
  e = thrown<ModelError>([&] {
    n.end(RelationRef{.kind = RelKind::member_of, .source = "p1", .target = "col"}, d("2010-01-01"));
  });
  CHECK_THAT(e, Catch::Contains("[govgraph.not_in_force]") && Catch::Contains("from 2018-06-01"));
  // Before its start, after its end, no day, unknown, structural.
  CHECK_THAT(thrown<ModelError>([&] { n.end("sub", d("2018-01-01")); }), Catch::Contains("before start"));
  n.end("sub", d("2020-01-01"));
  CHECK_THAT(thrown<ModelError>([&] { n.end("sub", d("2021-01-01")); }),
             Catch::Contains("already ended on 2020-01-01"));
  n.end("sub", d("2019-06-01"));  // terminated earlier than planned: allowed
  CHECK(n.node("sub").end == d("2019-06-01"));
  CHECK_THAT(thrown<ModelError>([&] { n.end("gms", Date{}); }), Catch::Contains("give the day"));
  CHECK_THAT(thrown<UnknownIdError>([&] { n.end("nobody", d("2020-01-01")); }),
             Catch::Contains("neither a node's nor a relation's id"));
  CHECK_THAT(thrown<ModelError>([&] {
               n.end(RelationRef{.kind = RelKind::seat_on, .source = "s1", .target = "board"},
                     d("2020-01-01"));
             }),
             Catch::Contains("end the contract, obligation, board or seat itself"));
  CHECK(snapshot(alliance()) == before);
}

TEST_CASE("relations take an optional id, unique with the nodes' ids, and end by it", "[change]") {
  Model m = alliance();
  m.add_relation(RelKind::member_of, "p1", "col", {{"id", "p1-joins-again"}, {"start", "2019-01-01"}});
  CHECK_THAT(thrown<ModelError>([&] {
               m.add_relation(RelKind::member_of, "p2", "col", {{"id", "p1-joins-again"}});
             }),
             Catch::Contains("[govgraph.duplicate_id]"));
  CHECK_THAT(thrown<ModelError>([&] {
               m.add_relation(RelKind::member_of, "p2", "col", {{"id", "p1"}});
             }),
             Catch::Contains("already used by organisation 'p1'"));
  CHECK_THAT(thrown<ModelError>([&] { m.add_organisation("p1-joins-again"); }),
             Catch::Contains("used by a relation"));
  m.end("p1-joins-again", d("2020-01-01"));
  CHECK(m.relations()[m.find_relations({.id = "p1-joins-again"}).at(0)].end == d("2020-01-01"));
  const std::string text = dumps(m);
  CHECK_THAT(text, Catch::Contains("\"id\": \"p1-joins-again\""));
  CHECK(dumps(loads(text)) == text);
}

TEST_CASE("withdraw ends the membership, the sub-contracts both ways and the seats it appoints", "[change]") {
  Model m = alliance();
  // col also sub-contracts something back to p2: ended too (either way round).
  m.add_contract({.id = "gms2",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"p2"}}},
                  .obligations = {{.id = "gms2/e"}}});
  m.add_contract({.id = "sub2",
                  .props = {{"kind", "subcontract"}},
                  .parties = {{"contractor", {"p2"}}, {"subcontractor", {"col"}}},
                  .obligations = {{.id = "sub2/e", .flows_from = "gms2/e"}},
                  .head = "gms2"});
  CHECK(banzhaf_of(m, "p1") == Approx(0.5));
  const auto ended = m.withdraw("p2", "col", d("2020-04-01"));
  std::vector<std::string> what;
  for (const auto& e : ended) what.push_back(e.what + " " + e.id);
  CHECK(what == std::vector<std::string>{"membership member_of: p2 -> col", "subcontract sub2",
                                         "appointment appointed_by: s2 -> p2", "holder held_by: s2 -> gp-b",
                                         "seat s2"});
  // Before the day, nothing changed; from it, p2's seat is vacant and casts no vote.
  CHECK(banzhaf_of(m, "p2", d("2020-03-31")) == Approx(0.5));
  CHECK(banzhaf_of(m, "p1", d("2020-04-01")) == Approx(1.0));
  CHECK(banzhaf_of(m, "p1") == Approx(1.0));  // with no day: as things stand now
  CHECK(m.node("sub2").end == d("2020-04-01"));
  CHECK(m.node("sub").end.is_none());  // p1's sub-contract is not between p2 and col
  CHECK(dumps(loads(dumps(m))) == dumps(m));
  // Again: nothing left to end.
  const auto before = snapshot(m);
  CHECK_THAT(thrown<ModelError>([&] { m.withdraw("p2", "col", d("2021-01-01")); }),
             Catch::Contains("[govgraph.not_in_force]"));
  CHECK(snapshot(m) == before);
}

TEST_CASE("set gives a field a new value from a date; queries read the value in force", "[change]") {
  Model m = alliance();
  m.set("p1", d("2021-04-01"), {{"list_size", std::int64_t{9100}}});
  m.set("p1", d("2023-04-01"), {{"list_size", std::int64_t{9400}}});
  CHECK(std::get<std::int64_t>(*m.value("p1", "list_size")) == 9400);
  CHECK(std::get<std::int64_t>(*m.value("p1", "list_size", d("2021-03-31"))) == 8000);
  CHECK(std::get<std::int64_t>(*m.value("p1", "list_size", d("2022-01-01"))) == 9100);
  // A value in between; the same value again is one value.
  m.set("p1", d("2022-04-01"), {{"list_size", std::int64_t{9100}}});
  const std::string text = dumps(m);
  CHECK_THAT(text, Catch::Contains("\"history\"") && Catch::Contains("\"until\": \"2021-04-01\"") &&
                       Catch::Contains("\"until\": \"2023-04-01\"") && !Catch::Contains("2022-04-01"));
  CHECK(dumps(loads(text)) == text);
  // Representation weighs by the list size of the day.
  const auto early = representation(m, "board", {.as_of = d("2020-01-01")});
  const auto late = representation(m, "board", {.as_of = d("2024-01-01")});
  CHECK(early.members[0].weight == 8000);
  CHECK(late.members[0].weight == 9400);
  // A correction, without a day, replaces the history.
  m.set("p1", Date{}, {{"list_size", std::int64_t{8800}}});
  CHECK(std::get<std::int64_t>(*m.value("p1", "list_size", d("2019-01-01"))) == 8800);
  CHECK_THAT(dumps(m), !Catch::Contains("\"history\""));
  // The model of one day carries that day's values.
  m.set("p2", d("2022-01-01"), {{"list_size", std::int64_t{4500}}});
  CHECK(std::get<std::int64_t>(*as_of(m, d("2021-01-01")).value("p2", "list_size")) == 4000);
}

TEST_CASE("set refuses typos, structure, and values that break a rule on some day", "[change]") {
  Model m = alliance();
  m.add_person("partner");
  m.add_relation(RelKind::partner_in, "partner", "p1", {{"start", "2015-01-01"}, {"end", "2019-01-01"}});
  const auto before = snapshot(m);
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("p1", d("2021-04-01"), {{"listsize", std::int64_t{1}}});
             }),
             Catch::Contains("did you mean 'list_size'"));
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("p1", d("2021-04-01"), {{"list_size", std::string("many")}});
             }),
             Catch::Contains("[govgraph.wrong_type]"));
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("p1", d("2021-04-01"), {{"end", std::string("2022-01-01")}});
             }),
             Catch::Contains("end it with end("));
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("p1", d("2021-04-01"), {{"name", std::string("X")}});
             }),
             Catch::Contains("a name has no history"));
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("s1", d("2021-04-01"), {{"kind", std::string("observer")}, {"votes", std::int64_t{1}}});
             }),
             Catch::Contains("seats have no vote"));
  // The partner was a partner until 2019: p1 may become a company from then, not before.
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("p1", d("2018-01-01"), {{"legal_form", std::string("limited_company")}});
             }),
             Catch::Contains("needs legal_form partnership"));
  CHECK(snapshot(m) == before);
  m.set("p1", d("2019-01-01"), {{"legal_form", std::string("limited_company")}});
  CHECK(std::get<std::string>(*m.value("p1", "legal_form", d("2018-12-31"))) == "partnership");
  CHECK(dumps(loads(dumps(m))) == dumps(m));
  CHECK_THROWS_AS(m.set("nobody", Date{}, {{"list_size", std::int64_t{1}}}), UnknownIdError);
}

TEST_CASE("a file's history is read strictly", "[change][json]") {
  Model m = alliance();
  m.set("p1", d("2021-04-01"), {{"list_size", std::int64_t{9100}}});
  const std::string good = dumps(m, -1);
  auto broken = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    return thrown<Error>([&] { (void)loads(t, "f.json"); });
  };
  CHECK_THAT(broken("\"until\":\"2021-04-01\"", "\"until\":\"2021-13-01\""),
             Catch::Contains("history/list_size/0/until"));
  CHECK_THAT(broken("\"value\":8000", "\"value\":9100"), Catch::Contains("is the value before it"));
  CHECK_THAT(broken("\"value\":8000", "\"value\":\"x\""), Catch::Contains("wrong_type"));
  CHECK_THAT(broken("\"history\":{\"list_size\"", "\"history\":{\"listsize\""),
             Catch::Contains("not a field"));
  CHECK_THAT(broken("\"value\":8000", "\"value\":8000,\"from\":1"), Catch::Contains("unknown field 'from'"));
}

TEST_CASE("ending a node ends the links that cannot outlive it, and not a party's contract", "[change]") {
  Model m = alliance();
  // A party that owes or is owed under a contract in force after the day: refused.
  const auto before = snapshot(m);
  CHECK_THAT(thrown<ModelError>([&] { m.end("ccg", d("2020-01-01")); }),
             Catch::Contains("is a party to 'gms'") && Catch::Contains("novate"));
  CHECK_THAT(thrown<ModelError>([&] {
               m.end(RelationRef{.kind = RelKind::party, .source = "p1", .target = "gms"}, d("2020-01-01"));
             }),
             Catch::Contains("no holder or no commissioner"));
  CHECK(snapshot(m) == before);
  // A GP leaves: the employment and the seat it held end, the seat falls vacant from the day.
  m.add_relation(RelKind::employs, "col", "gp-b", {{"start", "2018-06-01"}});
  m.end("gp-b", d("2021-01-01"));
  CHECK(m.relations()[*govgraph_test::find_relation(m, RelKind::employs, "col", "gp-b")].end ==
        d("2021-01-01"));
  CHECK(m.relations()[*govgraph_test::find_relation(m, RelKind::held_by, "s2", "gp-b")].end ==
        d("2021-01-01"));
  CHECK(banzhaf_of(m, "p1", d("2020-12-31")) == Approx(0.5));
  CHECK(banzhaf_of(m, "p1", d("2021-01-01")) == Approx(1.0));
  CHECK(dumps(loads(dumps(m))) == dumps(m));
  // Its start day: it would never have been in force.
  m.add_organisation("late", {{"start", "2022-07-01"}});
  CHECK_THAT(thrown<ModelError>([&] { m.end("late", d("2022-07-01")); }), Catch::Contains("never in force"));
}

TEST_CASE("withdraw vacates for good, or keeps the directors when asked", "[change]") {
  Model m = alliance();
  m.set("s2", d("2025-01-01"), {{"votes", std::int64_t{2}}});
  m.set("s2", d("2026-01-01"), {{"vacant", false}});  // a refill planned before the withdrawal
  m.withdraw("p2", "col", d("2020-04-01"));
  CHECK(banzhaf_of(m, "p1", d("2026-06-01")) == Approx(1.0));  // still vacant: for good
  Model k = alliance();
  const auto ended = k.withdraw("p2", "col", d("2020-04-01"), false);
  CHECK(ended.size() == 1);  // the membership; the director stays in office (CA 2006 s.168)
  CHECK(banzhaf_of(k, "p2", d("2021-01-01")) == Approx(0.5));
}

TEST_CASE("set refuses days outside the node's life and duplicate rows", "[change]") {
  Model m = alliance();
  m.add_organisation("new-co", {{"start", "2018-06-01"}, {"end", "2030-01-01"}, {"kind", "company"}});
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("new-co", d("2000-01-01"), {{"kind", std::string("other")}});
             }),
             Catch::Contains("is a correction"));
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("new-co", d("2030-01-01"), {{"kind", std::string("other")}});
             }),
             Catch::Contains("ended on 2030-01-01"));
  const auto before = snapshot(m);
  CHECK_THAT(thrown<ModelError>([&] {
               m.set_many({"p1", "p2", "p1"}, d("2021-01-01"),
                          {{{"list_size", std::int64_t{1}}},
                           {{"list_size", std::int64_t{2}}},
                           {{"list_size", std::int64_t{3}}}});
             }),
             Catch::Contains("row 2: 'p1' is also in row 0"));
  CHECK(snapshot(m) == before);
}

TEST_CASE("a contract's kind is not a value that changes (found by fuzz_batch)", "[change]") {
  Model m = alliance();
  const auto before = snapshot(m);
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("sub", Date{}, {{"kind", std::string("gms")}});
             }),
             Catch::Contains("decides its parties' roles"));
  CHECK_THAT(thrown<ModelError>([&] {
               m.set("gms", d("2020-01-01"), {{"kind", std::string("pms")}});
             }),
             Catch::Contains("decides its parties' roles"));
  CHECK(snapshot(m) == before);
}

TEST_CASE("a party added on its own to a contract in the model takes one of its roles (fuzz_batch)",
          "[change][json]") {
  Model m = alliance();
  const auto before = snapshot(m);
  Batch b;
  b.add_link(RelKind::party, "gp-b", "sub", {{"role", std::string("2020-02-29")}});
  CHECK_THAT(thrown<ModelError>([&] { m.apply(std::move(b)); }),
             Catch::Contains("'2020-02-29' is not a role of subcontract contracts"));
  CHECK(snapshot(m) == before);
  Batch ok;  // a dated party in one of its roles is fine
  ok.add_link(RelKind::party, "p2", "gms", {{"role", std::string("holder")}, {"start", "2020-01-01"}});
  m.apply(std::move(ok));
  CHECK(dumps(loads(dumps(m))) == dumps(m));
}

TEST_CASE("an obligee or obligor added on its own to an obligation in the model is a party (fuzz_batch)",
          "[change][json]") {
  Model m = alliance();
  const auto before = snapshot(m);
  for (RelKind k : {RelKind::obligee, RelKind::obligor}) {
    Batch b;
    b.add_link(k, "sub/e", "gp-b");
    CHECK_THAT(thrown<ModelError>([&] { m.apply(std::move(b)); }),
               Catch::Contains("obligation 'sub/e' names " + std::string(to_string(k)) +
                               " 'gp-b', who is not a party to the contract"));
    CHECK(snapshot(m) == before);
  }
  // The existing contract is checked as a whole, as the reader checks it: a contractor given on
  // its own must hold the head contract.
  Batch contractor;
  contractor.add_link(RelKind::party, "gp-b", "sub", {{"role", std::string("contractor")}});
  contractor.add_link(RelKind::obligee, "sub/e", "gp-b");
  CHECK_THAT(thrown<ModelError>([&] { m.apply(std::move(contractor)); }),
             Catch::Contains(
                 "contract 'sub': contractor 'gp-b' is not the holder of the head contract 'gms'"));
  CHECK(snapshot(m) == before);
  Batch ok;  // a party of the contract is fine
  ok.add_link(RelKind::obligee, "sub/e", "p1");
  m.apply(std::move(ok));
  CHECK(dumps(loads(dumps(m))) == dumps(m));
}
