// test_representation.cpp — boards as voting games, tiers of representation, coverage,
// conflicts of interest and blocking coalitions.
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>

using namespace govgraph;

namespace {

/// Three practices (12,000 / 6,000 / 3,000 patients), members of a collaborative whose board has
/// a seat for each; the collaborative and a trust hold seats on a system board.
Model tiers(std::vector<double> votes = {1, 1, 1}) {
  Model m;
  m.add_organisation("col", {{"legal_form", "company_limited_by_guarantee"}});
  m.add_board({.id = "col-board", .of = "col", .props = {{"quota", 0.5}}});
  const std::int64_t sizes[] = {12000, 6000, 3000};
  for (int i = 0; i < 3; ++i) {
    const std::string p = "p" + std::to_string(i);
    m.add_organisation(p, {{"kind", "practice"}, {"list_size", sizes[i]}});
    m.add_relation(RelKind::member_of, p, "col");
    m.add_seat({.id = "s" + std::to_string(i),
                .board = "col-board",
                .appointed_by = p,
                .represents = {p},
                .props = {{"votes", votes[static_cast<std::size_t>(i)]}}});
  }
  m.add_organisation("trust");
  m.add_organisation("system");
  m.add_board({.id = "sys-board", .of = "system"});
  m.add_seat({.id = "sys-col", .board = "sys-board", .appointed_by = "col", .represents = {"col"}});
  m.add_seat({.id = "sys-trust", .board = "sys-board", .appointed_by = "trust", .represents = {"trust"}});
  return m;
}

std::string id(const Model& m, NodeIndex n) { return m.nodes()[n].id; }

}  // namespace

TEST_CASE("a board is a weighted voting game with veto and dummy players", "[representation]") {
  const Model m = tiers({3, 1, 1});
  const Representation r = representation(m, "col-board");
  CHECK(r.quota == 3);
  CHECK(r.total_votes == 5);
  REQUIRE(r.members.size() == 3);
  CHECK(id(m, r.members[0].member) == "p0");
  CHECK(r.members[0].veto);
  CHECK(r.members[0].banzhaf == 1);
  CHECK(r.members[1].dummy);
  CHECK(r.members[0].weight_share == Approx(12.0 / 21));
  CHECK(r.disproportionality == Approx(0.5 * ((1 - 12.0 / 21) + 6.0 / 21 + 3.0 / 21)));
}

TEST_CASE("by seat, each seat is a player; observers have no vote", "[representation]") {
  Model m = tiers();
  m.add_seat({.id = "obs", .board = "col-board", .appointed_by = "p0", .props = {{"kind", "observer"}}});
  const auto by_appointer = representation(m, "col-board");
  CHECK(by_appointer.members.size() == 3);
  CHECK(by_appointer.members[0].votes == 1);
  const auto by_seat = representation(m, "col-board", "list_size", By::seat);
  CHECK(by_seat.members.size() == 4);
  CHECK(by_seat.members[3].dummy);
}

TEST_CASE("indirect voice through a tier, and coverage", "[representation]") {
  Model m = tiers();
  const auto paths = representation_paths(m, "p2", "sys-board");
  REQUIRE(paths.size() == 1);
  std::vector<std::string> ids;
  for (NodeIndex n : paths[0]) ids.push_back(id(m, n));
  CHECK(ids == std::vector<std::string>{"p2", "s2", "col-board", "col", "sys-col", "sys-board"});
  m.add_organisation("p9", {{"kind", "practice"}, {"list_size", std::int64_t{9000}}});
  const Coverage c = coverage(m, "sys-board");
  CHECK(c.share_covered == Approx(21000.0 / 30000));
  CHECK(c.orgs[0].indirect);
  CHECK_FALSE(c.orgs[0].direct);
  // the collaborative weighs what its members do
  CHECK(representation(m, "sys-board").members[0].weight == 21000);
}

TEST_CASE("someone on both sides of a contract is a conflict of interest", "[representation]") {
  Model m = tiers();
  m.add_organisation("ccg");
  m.add_person("gp");
  m.add_organisation("prac", {{"legal_form", "partnership"}});
  m.add_relation(RelKind::partner_in, "gp", "prac");
  m.add_contract({.id = "gms",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"prac"}}}});
  m.add_contract({.id = "sub",
                  .props = {{"kind", "subcontract"}},
                  .parties = {{"contractor", {"prac"}}, {"subcontractor", {"col"}}},
                  .head = "gms"});
  CHECK(conflicts_of_interest(m).empty());
  m.add_seat({.id = "gp-seat", .board = "col-board", .held_by = "gp"});
  const auto cs = conflicts_of_interest(m);
  REQUIRE(cs.size() == 1);
  CHECK(id(m, cs[0].who) == "gp");
  CHECK(cs[0].how == "partner in prac | holds seat gp-seat on col-board of col");
}

TEST_CASE("blocking coalitions", "[representation]") {
  const Model m = tiers();
  const Blocking one = blocking_coalitions(m, "col-board", {"p2"});
  CHECK_FALSE(one.can_block);
  const Blocking two = blocking_coalitions(m, "col-board", {"p1", "p2"});
  CHECK(two.can_block);
  REQUIRE(two.smallest.size() == 1);
  CHECK(two.smallest[0].size() == 2);
}

TEST_CASE("a vacant seat does not vote; the quota counts the seats that vote", "[representation]") {
  Model m = tiers();
  m.add_seat({.id = "empty", .board = "col-board", .appointed_by = "p0", .props = {{"vacant", true}}});
  const auto r = representation(m, "col-board", "list_size", By::seat);
  CHECK(r.total_votes == 3);
  CHECK(r.quota == 2);
  REQUIRE(r.vacant.size() == 1);
  CHECK(id(m, r.vacant[0]) == "empty");
  CHECK(r.members.back().dummy);
  RepresentationOptions counted;
  counted.by = By::seat;
  counted.vacant = Vacant::count;
  CHECK(representation(m, "col-board", counted).total_votes == 4);
}

TEST_CASE("quota rules, decision rules and a double majority", "[representation]") {
  Model m;
  m.add_organisation("col");
  m.add_board({.id = "b", .of = "col", .props = {{"rules", R"([{"name": "ordinary", "quota": 0.5},
                                       {"name": "reserved", "quota": 0.75, "quota_rule": "at_least"},
                                       {"name": "dm", "quota": 0.5,
                                        "and": {"weight": "list_size", "quota": 0.5}}])"}}});
  const std::int64_t sizes[] = {12000, 2000, 1500, 1000};
  for (int i = 0; i < 4; ++i) {
    const std::string p = "p" + std::to_string(i);
    m.add_organisation(p, {{"kind", "practice"}, {"list_size", sizes[i]}});
    m.add_seat({.id = "s" + std::to_string(i), .board = "b", .appointed_by = p});
  }
  const auto rules = decision_rules(m, "b");
  REQUIRE(rules.size() == 3);
  CHECK(rules[1].quota_rule == QuotaRule::at_least);
  RepresentationOptions o;
  o.rule = "reserved";
  CHECK(representation(m, "b", o).quota == 3);  // at least 75% of 4
  o.rule = "dm";
  const auto dm = representation(m, "b", o);
  CHECK(dm.and_quota == 8251);
  CHECK(dm.members[0].veto);  // no majority of patients without p0
  o.rule = "nope";
  CHECK_THROWS_AS(representation(m, "b", o), ModelError);
  CHECK_THROWS_WITH(m.add_board(
                        {.id = "x", .of = "col", .props = {{"rules", R"([{"name": "a", "qota": 0.5}])"}}}),
                    Catch::Contains("did you mean 'quota'"));
}

TEST_CASE("power through tiers: chances composed along a tree", "[representation]") {
  const Model m = tiers();
  const auto rows = power_through(m, "sys-board");
  REQUIRE(rows.size() == 3);
  // Each practice is decisive on col-board with chance 1/2 (one of three votes, majority 2);
  // col is decisive on sys-board (2 seats, quota 2) when the trust votes yes: 1/2.
  for (const auto& r : rows) {
    CHECK(r.method == "product");
    CHECK(r.exact.numerators.front() == "1");
    CHECK(r.exact.denominator == "4");
  }
}

TEST_CASE("a whole-number quota beyond any integer is an error, not an overflow (fuzz_batch)",
          "[representation]") {
  Model m;
  m.add_organisation("co");
  m.add_organisation("p1");
  m.add_board({.id = "b", .of = "co", .props = {{"quota", 8.657458396081457e+307}}});
  m.add_seat({.id = "s1", .board = "b", .appointed_by = "p1"});
  // Under UBSan this was a float-to-integer overflow; now the quota is compared with the votes.
  CHECK_THROWS_WITH(representation(m, "b"), Catch::Contains("is more votes than its seats hold (1)"));
}
