// test_scenario.cpp — models as of a day, without nodes, with a party novated.
#include <catch2/catch.hpp>
#include <cmath>
#include <govgraph/govgraph.hpp>

using namespace govgraph;

namespace {
Model commissioning() {
  Model m;
  m.add_organisation("ccg", {{"end", "2022-07-01"}});
  m.add_organisation("icb", {{"start", "2022-07-01"}});
  m.add_organisation("p", {{"legal_form", "partnership"}});
  m.add_organisation("col", {{"legal_form", "company_limited_by_guarantee"}});
  m.add_contract({.id = "gms",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"p"}}},
                  .obligations = {{.id = "gms/x"}}});
  m.add_contract({.id = "sub",
                  .props = {{"kind", "subcontract"}, {"start", "2018-06-01"}},
                  .parties = {{"contractor", {"p"}}, {"subcontractor", {"col"}}},
                  .obligations = {{.id = "sub/x", .flows_from = "gms/x"}},
                  .head = "gms"});
  return m;
}
std::string top(const Model& m, const char* day) {
  const auto paths = liability_paths(m, "gms/x", Date::parse(day));
  return paths.empty() ? "" : m.nodes()[paths[0].nodes.back()].id;
}
}  // namespace

TEST_CASE("novation moves the commissioner from its date and leaves the original alone", "[scenario]") {
  const Model m = commissioning();
  const std::string before = dumps(m);
  const Model n = replace(m, "ccg", "icb", Date::parse("2022-07-01"));
  CHECK(dumps(m) == before);
  CHECK(top(n, "2022-06-30") == "ccg");
  CHECK(top(n, "2022-07-01") == "icb");
  CHECK(dumps(loads(dumps(n))) == dumps(n));  // the dated links survive a file
  CHECK_THROWS_WITH(replace(m, "ccg", "gms", Date::parse("2022-07-01")), Catch::Contains("contract"));
}

TEST_CASE("without removes dependants; as_of keeps one day", "[scenario]") {
  const Model m = commissioning();
  const Model w = without(m, {"col"});
  CHECK_FALSE(w.contains("sub"));
  CHECK_FALSE(w.contains("sub/x"));
  CHECK(w.contains("gms"));
  CHECK(m.contains("sub"));
  const Model w2 = without(m, {"p"});
  CHECK_FALSE(w2.contains("gms"));
  CHECK_FALSE(w2.contains("sub"));  // its head went
  const Model early = as_of(m, Date::parse("2010-01-01"));
  CHECK_FALSE(early.contains("sub"));
  CHECK_FALSE(early.contains("icb"));
  CHECK(early.contains("gms/x"));
}

TEST_CASE("as_of drops the seats of a board not yet in force", "[scenario]") {
  Model m;
  m.add_organisation("col");
  m.add_organisation("p");
  m.add_board({.id = "b", .of = "col", .props = {{"start", "2018-06-01"}}});
  m.add_seat({.id = "s", .board = "b", .appointed_by = "p"});
  const Model early = as_of(m, Date::parse("2010-01-01"));
  CHECK_FALSE(early.contains("b"));
  CHECK_FALSE(early.contains("s"));
  CHECK(as_of(m, Date::parse("2019-01-01")).contains("s"));
}

namespace {
/// A GMS contract held by o0 and `tiers` sub-contracts below it (sub-i: o(i-1) to o(i), its
/// obligation flowing from the tier above), added in one batch deepest tier first, so that every
/// sub-contract comes before its head in the model.
Model reverse_tiers(int tiers) {
  Batch b;
  for (int i = tiers; i >= 1; --i) {
    const std::string me = "sub-" + std::to_string(i);
    const std::string up = i == 1 ? "gms" : "sub-" + std::to_string(i - 1);
    b.add(ContractSpec{.id = me,
                       .props = {{"kind", "subcontract"}},
                       .parties = {{"contractor", {"o" + std::to_string(i - 1)}},
                                   {"subcontractor", {"o" + std::to_string(i)}}},
                       .obligations = {{.id = me + "/x", .flows_from = up + "/x"}},
                       .head = up});
  }
  b.add(ContractSpec{.id = "gms",
                     .props = {{"kind", "gms"}},
                     .parties = {{"commissioner", {"ccg"}}, {"holder", {"o0"}}},
                     .obligations = {{.id = "gms/x"}}});
  b.add(NodeSpec{.type = NodeType::organisation, .id = "ccg"});
  for (int i = 0; i <= tiers; ++i)
    b.add(NodeSpec{.type = NodeType::organisation, .id = "o" + std::to_string(i)});
  Model m;
  m.apply(std::move(b));
  return m;
}
}  // namespace

TEST_CASE("without follows dependants in one pass: 8,000 tiers of sub-contracts before their heads",
          "[scenario]") {
  // The fixpoint this replaced made a pass over every node per tier (quadratic: 11 s for this
  // model); the worklist visits each dependant once (bench/bench_scenario.py times it).
  constexpr int kTiers = 8000;
  const Model m = reverse_tiers(kTiers);
  const auto gone = removed_by(m, {"gms"});
  CHECK(gone.size() == 2 * (kTiers + 1));     // every contract and its obligation
  const auto mid = removed_by(m, {"o4000"});  // sub-4000 and sub-4001 lose a party; the rest hang below
  CHECK(mid.size() == 2 * (kTiers - 4000 + 1) + 1);
  const Model w = without(m, {"sub-1"});
  CHECK(w.contains("gms/x"));
  CHECK_FALSE(w.contains("sub-8000/x"));
  CHECK(w.size() == m.size() - 2 * kTiers);
  // impact over the whole depth (as_of: no copy of the current facts, whose check would read
  // the 8,000 heads again): the GMS obligation lost the performer at the bottom of the chain
  const Impact r = impact(m, {"sub-1"}, {.as_of = Date::parse("2020-01-01")});
  REQUIRE(r.without_performer.size() == 1);
  CHECK(r.without_performer[0].obligation == "gms/x");
  CHECK(r.without_performer[0].delivered_by == std::vector<std::string>{"o8000"});
  CHECK(r.paths_changed == std::vector<std::string>{"gms/x"});  // deeper than liability_paths goes
}

TEST_CASE(
    "without: an agreement goes when fewer than two of its parties are left; an obligation with its named "
    "obligor or obligee",
    "[scenario]") {
  Model m;
  for (const char* id : {"a", "b", "c"}) m.add_organisation(id);
  m.add_contract({.id = "mou",
                  .props = {{"kind", "mou"}, {"binding", false}},
                  .parties = {{"party", {"a", "b", "c"}}},
                  .obligations = {{.id = "mou/x", .obligor = "a", .obligee = "b"}}});
  CHECK(without(m, {"c"}).contains("mou/x"));
  CHECK(without(m, {"a"}).contains("mou"));
  CHECK_FALSE(without(m, {"a"}).contains("mou/x"));  // it named its obligor, who went
  CHECK_FALSE(without(m, {"b"}).contains("mou/x"));  // and its obligee
  CHECK_FALSE(without(m, {"a", "b"}).contains("mou"));
  CHECK_FALSE(without(m, {"a", "b"}).contains("mou/x"));
}

namespace {
/// An IPA holding an APMS contract with the ICB, delivered by two practices under sub-contracts
/// sub-p1 and sub-p2; p3 performs its own GMS contract.
Model ipa() {
  Model m;
  m.add_organisation("icb", {{"kind", "commissioner"}, {"legal_form", "statutory_body"}});
  m.add_organisation("ipa", {{"kind", "company"}, {"legal_form", "limited_company"}});
  m.add_organisation("p1", {{"kind", "practice"}, {"list_size", std::int64_t{4000}}});
  m.add_organisation("p2", {{"kind", "practice"}, {"list_size", std::int64_t{3000}}});
  m.add_organisation("p3", {{"kind", "practice"}, {"list_size", std::int64_t{5000}}});
  m.add_contract({.id = "apms",
                  .props = {{"kind", "apms"}},
                  .parties = {{"commissioner", {"icb"}}, {"holder", {"ipa"}}},
                  .obligations = {{.id = "apms/clinics"}}});
  for (const char* p : {"p1", "p2"})
    m.add_contract(
        {.id = std::string("sub-") + p,
         .props = {{"kind", "subcontract"}},
         .parties = {{"contractor", {"ipa"}}, {"subcontractor", {p}}},
         .obligations = {{.id = std::string("sub-") + p + "/clinics", .flows_from = "apms/clinics"}},
         .head = "apms"});
  m.add_contract({.id = "gms-p3",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"icb"}}, {"holder", {"p3"}}},
                  .obligations = {{.id = "gms-p3/essential"}}});
  return m;
}
}  // namespace

TEST_CASE("impact: ending the sub-contracts that deliver a contract leaves its holder without a performer",
          "[scenario]") {
  const Model m = ipa();
  const Impact r = impact(m, {"sub-p1", "sub-p2"});
  REQUIRE(r.without_performer.size() == 1);
  const auto& row = r.without_performer[0];
  CHECK(row.obligation == "apms/clinics");
  CHECK(row.contract == "apms");
  CHECK(row.holder == "ipa");
  CHECK(row.received_by == std::vector<std::string>{"icb"});
  CHECK(row.delivered_by == std::vector<std::string>{"p1", "p2"});
  CHECK(std::isnan(row.patients));  // the IPA has no list of its own
  CHECK(r.practices_affected == std::vector<std::string>{"ipa"});
  CHECK(r.weight_unknown == std::vector<std::string>{"ipa"});
  CHECK(r.paths_changed == std::vector<std::string>{"apms/clinics"});
  // one route left: still delivered (by p2), not listed
  CHECK(impact(m, {"sub-p1"}).without_performer.empty());
  // p3 performs its own contract: removing nothing of it lists nothing; removing p3 removes
  // its contract with it (counted among the removed practices, not left without a performer)
  const Impact p3 = impact(m, {"p3"});
  CHECK(p3.without_performer.empty());
  CHECK(p3.practices_affected == std::vector<std::string>{"p3"});
  CHECK(p3.patients_affected == 5000);
  // removing a performing practice: the same obligation, patients of the holder only
  const Impact both = impact(m, {"p1", "p2"});
  REQUIRE(both.without_performer.size() == 1);
  CHECK(both.practices_affected == std::vector<std::string>{"ipa", "p1", "p2"});
  CHECK(both.patients_affected == 7000);
}

TEST_CASE("impact: the holder of a primary medical services contract that goes is affected", "[scenario]") {
  // rule (docs/scenarios.md, "Impact"): a GMS/PMS/APMS contract removed, directly or with its
  // commissioner, affects its holder's list; its obligations went, so they are not also left
  // without a beneficiary or a performer
  const Model m = ipa();
  const Impact own = impact(m, {"gms-p3"});
  CHECK(own.practices_affected == std::vector<std::string>{"p3"});
  CHECK(own.patients_affected == 5000);
  const Impact icb = impact(m, {"icb"}, {.as_of = Date::parse("2020-01-01")});
  CHECK(icb.practices_affected == std::vector<std::string>{"ipa", "p3"});
  CHECK(icb.weight_unknown == std::vector<std::string>{"ipa"});
  CHECK(icb.patients_affected == 5000);
  CHECK(icb.without_beneficiary.empty());
  CHECK(icb.without_performer.empty());
}

TEST_CASE("diff: a field's earlier values are compared", "[scenario]") {
  Model a = ipa();
  a.set("p1", Date::parse("2021-01-01"), {{"list_size", std::int64_t{4200}}});
  Model b = a;
  b.set("p1", Date::parse("2020-01-01"), {{"list_size", std::int64_t{4100}}});
  const auto rows = diff(a, b);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == "p1");
  CHECK(rows[0].detail ==
        "list_size history: [4000 until 2021-01-01] -> [4000 until 2020-01-01, 4100 until 2021-01-01]");
}

TEST_CASE("impact: unknown ids and weights are errors naming them", "[scenario]") {
  const Model m = ipa();
  CHECK_THROWS_AS(impact(m, {"nope", "sub-p1", "neither"}), UnknownIdError);
  CHECK_THROWS_WITH(impact(m, {"nope", "sub-p1", "neither"}),
                    Catch::Contains("nope, neither are not in the model"));
  CHECK_THROWS_WITH(impact(m, {"p1"}, {.weight = "listsize"}), Catch::Contains("did you mean 'list_size'"));
}

TEST_CASE("impact: a board whose vacated seats take it below its quorum", "[scenario]") {
  Model m;
  for (const char* id : {"col", "p1", "p2", "p3"}) m.add_organisation(id);
  m.add_board({.id = "b", .of = "col", .props = {{"quorum", std::int64_t{3}}}});
  for (const char* p : {"p1", "p2", "p3"})
    m.add_seat({.id = std::string("s-") + p, .board = "b", .appointed_by = p});
  const Impact r = impact(m, {"p1"});
  CHECK(r.seats_vacated == std::vector<std::string>{"s-p1"});
  REQUIRE(r.boards.size() == 1);
  CHECK(r.boards[0].board == "b");
  CHECK(r.boards[0].quorate_before);
  CHECK_FALSE(r.boards[0].quorate_after);
  CHECK_FALSE(r.boards[0].can_decide_after);
  const Impact gone = impact(m, {"col"});
  CHECK(gone.seats_removed.size() == 3);
  CHECK(gone.boards.empty());  // the board went with its organisation
}

TEST_CASE("diff: nodes by id with their fields and links, stated relations by content", "[scenario]") {
  const Model a = commissioning();
  CHECK(diff(a, a).empty());
  const Model b = replace(a, "ccg", "icb", Date::parse("2022-07-01"));
  const auto rows = diff(a, b);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].change == "changed");
  CHECK(rows[0].id == "gms");
  CHECK(rows[0].detail == "parties.commissioner: ccg -> ccg (end 2022-07-01), icb (start 2022-07-01)");
  Model c = a;
  c.add_relation(RelKind::member_of, "p", "col", {{"start", "2019-01-01"}});
  c.add_relation(RelKind::member_of, "p", "col", {{"start", "2019-01-01"}});
  Model d = c;
  d.add_relation(RelKind::member_of, "p", "col", {{"start", "2019-01-01"}});
  const auto more = diff(c, d);  // a multiset: the third copy is the one added
  REQUIRE(more.size() == 1);
  CHECK(more[0].change == "added");
  CHECK(more[0].id == "p -member_of-> col");
  CHECK(more[0].detail == "start 2019-01-01");
  const auto back = diff(d, a);
  CHECK(back.size() == 3);
  CHECK(back[0].change == "removed");
}
