// test_scenario.cpp — models as of a day, without nodes, with a party novated.
#include <catch2/catch.hpp>
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
