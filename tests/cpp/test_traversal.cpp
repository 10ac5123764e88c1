// test_traversal.cpp — reachable(): kinds filter, direction, as_of, include_sources, cycles,
// several sources, unknown ids.
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace govgraph;
using govgraph_test::thrown;
using Ids = std::vector<std::string>;

namespace {

/// Organisations a..f in index order, a person and a late-starting company:
///   a -owns-> b -owns-> c -controls-> d -member_of-> a      (a cycle across kinds)
///   a -employs-> gp
///   e -owns-> a                                              (a is owned from outside)
///   c -member_of-> f   from 2015-01-01, ended 2019-01-01
///   b -owns-> late     late starts 2020-01-01
///   late -owns-> g     (only reachable through late)
Model chain() {
  Model m("Chain");
  for (const char* id : {"a", "b", "c", "d", "e", "f"})
    m.add_organisation(id, {{"kind", "company"}, {"legal_form", "limited_company"}});
  m.add_person("gp", {{"profession", "gp"}});
  m.add_organisation("late", {{"start", "2020-01-01"}});
  m.add_organisation("g");
  m.add_relation(RelKind::owns, "a", "b", {{"share", 0.6}});
  m.add_relation(RelKind::owns, "b", "c", {{"share", 1.0}});
  m.add_relation(RelKind::controls, "c", "d", {{"interest", "voting_rights"}});
  m.add_relation(RelKind::member_of, "d", "a");
  m.add_relation(RelKind::employs, "a", "gp");
  m.add_relation(RelKind::owns, "e", "a", {{"share", 0.3}});
  m.add_relation(RelKind::member_of, "c", "f", {{"start", "2015-01-01"}, {"end", "2019-01-01"}});
  m.add_relation(RelKind::owns, "b", "late");
  m.add_relation(RelKind::owns, "late", "g");
  return m;
}

}  // namespace

TEST_CASE("reachable follows only the relation kinds asked for", "[traversal]") {
  const Model m = chain();
  SECTION("owns only") {
    CHECK(reachable(m, {"a"}, {.kinds = {RelKind::owns}}) == Ids{"a", "b", "c", "late", "g"});
  }
  SECTION("owns and controls") {
    CHECK(reachable(m, {"a"}, {.kinds = {RelKind::owns, RelKind::controls}}) ==
          Ids{"a", "b", "c", "d", "late", "g"});
  }
  SECTION("a kind that leaves the source nowhere gives the source alone") {
    CHECK(reachable(m, {"a"}, {.kinds = {RelKind::occupies}}) == Ids{"a"});
  }
  SECTION("employs reaches the person") {
    CHECK(reachable(m, {"a"}, {.kinds = {RelKind::employs}}) == Ids{"a", "gp"});
  }
  SECTION("no kinds means every kind") {
    CHECK(reachable(m, {"a"}) == Ids{"a", "b", "c", "d", "f", "gp", "late", "g"});
  }
}

TEST_CASE("reachable walks out, in or both ways", "[traversal]") {
  const Model m = chain();
  const std::vector<RelKind> owns = {RelKind::owns};
  SECTION("out: what b owns, directly or not") {
    CHECK(reachable(m, {"b"}, {.kinds = owns, .direction = Direction::out}) == Ids{"b", "c", "late", "g"});
  }
  SECTION("in: who owns b, directly or not") {
    CHECK(reachable(m, {"b"}, {.kinds = owns, .direction = Direction::in}) == Ids{"a", "b", "e"});
  }
  SECTION("both: the ownership component of b") {
    CHECK(reachable(m, {"b"}, {.kinds = owns, .direction = Direction::both}) ==
          Ids{"a", "b", "c", "e", "late", "g"});
  }
  SECTION("in from a leaf reaches back up the chain") {
    CHECK(reachable(m, {"g"}, {.kinds = owns, .direction = Direction::in}) ==
          Ids{"a", "b", "e", "late", "g"});
  }
  SECTION("direction_from parses the three names and refuses others") {
    CHECK(direction_from("out") == Direction::out);
    CHECK(direction_from("in") == Direction::in);
    CHECK(direction_from("both") == Direction::both);
    CHECK_THROWS_WITH(direction_from("up"),
                      Catch::StartsWith("[govgraph.bad_value]") && Catch::Contains("'up'"));
    CHECK_THROWS_AS(direction_from("OUT"), ModelError);
  }
}

TEST_CASE("reachable as_of a day follows only what is in force that day", "[traversal]") {
  const Model m = chain();
  const std::vector<RelKind> member = {RelKind::member_of};
  SECTION("a relation in force is followed") {
    CHECK(reachable(m, {"c"}, {.kinds = member, .as_of = Date::parse("2018-12-31")}) == Ids{"c", "f"});
  }
  SECTION("a relation ended before the day is not followed") {
    CHECK(reachable(m, {"c"}, {.kinds = member, .as_of = Date::parse("2019-06-01")}) == Ids{"c"});
  }
  SECTION("a relation is no longer in force on its end day") {
    CHECK(reachable(m, {"c"}, {.kinds = member, .as_of = Date::parse("2019-01-01")}) == Ids{"c"});
  }
  SECTION("a relation not yet started is not followed") {
    CHECK(reachable(m, {"c"}, {.kinds = member, .as_of = Date::parse("2014-12-31")}) == Ids{"c"});
  }
  SECTION("without a day every relation is followed") {
    CHECK(reachable(m, {"c"}, {.kinds = member}) == Ids{"c", "f"});
  }
  SECTION("a node not yet started is not reached, nor what lies beyond it") {
    const std::vector<RelKind> owns = {RelKind::owns};
    CHECK(reachable(m, {"b"}, {.kinds = owns, .as_of = Date::parse("2019-12-31")}) == Ids{"b", "c"});
    CHECK(reachable(m, {"b"}, {.kinds = owns, .as_of = Date::parse("2020-01-01")}) ==
          Ids{"b", "c", "late", "g"});
  }
  SECTION("a source not in force that day is not part of the answer") {
    CHECK(reachable(m, {"late"}, {.as_of = Date::parse("2019-01-01")}).empty());
  }
}

TEST_CASE("reachable without its sources leaves every source out", "[traversal]") {
  // traversal.hpp: "false: sources are left out even when reached from another source, as
  // networkx's descendants() does".
  const Model m = chain();
  const std::vector<RelKind> owns = {RelKind::owns};
  SECTION("a single source is left out, what it reaches stays") {
    CHECK(reachable(m, {"b"}, {.kinds = owns, .include_sources = false}) == Ids{"c", "late", "g"});
    CHECK(reachable(m, {"b"}, {.kinds = owns, .direction = Direction::in, .include_sources = false}) ==
          Ids{"a", "e"});
  }
  SECTION("a source that reaches nothing gives an empty answer") {
    CHECK(reachable(m, {"g"}, {.kinds = owns, .include_sources = false}).empty());
  }
  SECTION("a source reached from another source is left out too") {
    CHECK(reachable(m, {"a", "c"}, {.kinds = owns, .include_sources = false}) == Ids{"b", "late", "g"});
  }
  SECTION("a source on a cycle is left out") {
    CHECK(reachable(m, {"a"},
                    {.kinds = {RelKind::owns, RelKind::controls, RelKind::member_of},
                     .as_of = Date::parse("2020-06-01"),
                     .include_sources = false}) == Ids{"b", "c", "d", "late", "g"});
  }
  SECTION("walking both ways does not bring the source back") {
    CHECK(reachable(m, {"late"}, {.kinds = owns, .direction = Direction::both, .include_sources = false}) ==
          Ids{"a", "b", "c", "e", "g"});
    Model two;
    two.add_organisation("x");
    two.add_organisation("y");
    two.add_relation(RelKind::owns, "x", "y");
    CHECK(reachable(two, {"x"}, {.direction = Direction::both, .include_sources = false}) == Ids{"y"});
  }
  SECTION("with the default, sources are included") {
    CHECK(reachable(m, {"g"}, {.kinds = owns}) == Ids{"g"});
    CHECK(reachable(m, {"a", "c"}, {.kinds = owns}) == Ids{"a", "b", "c", "late", "g"});
  }
}

TEST_CASE("reachable terminates on cycles and lists each node once", "[traversal]") {
  const Model m = chain();
  const std::vector<RelKind> cycle = {RelKind::owns, RelKind::controls, RelKind::member_of};
  SECTION("the cycle a -> b -> c -> d -> a") {
    const auto got = reachable(m, {"a"}, {.kinds = cycle, .as_of = Date::parse("2020-06-01")});
    CHECK(got == Ids{"a", "b", "c", "d", "late", "g"});
  }
  SECTION("from inside the cycle, every member is reached") {
    const auto got = reachable(m, {"d"}, {.kinds = cycle, .as_of = Date::parse("2020-06-01")});
    CHECK(got == Ids{"a", "b", "c", "d", "late", "g"});
  }
  SECTION("a two-node cycle both ways") {
    Model two;
    two.add_organisation("x");
    two.add_organisation("y");
    two.add_relation(RelKind::member_of, "x", "y");
    two.add_relation(RelKind::member_of, "y", "x");
    CHECK(reachable(two, {"x"}, {.direction = Direction::both}) == Ids{"x", "y"});
  }
}

TEST_CASE("reachable from several sources gives the union in index order", "[traversal]") {
  const Model m = chain();
  const std::vector<RelKind> owns = {RelKind::owns};
  CHECK(reachable(m, {"late", "e"}, {.kinds = owns}) == Ids{"a", "b", "c", "e", "late", "g"});
  SECTION("a repeated source counts once") { CHECK(reachable(m, {"c", "c"}, {.kinds = owns}) == Ids{"c"}); }
  SECTION("no sources reach nothing") { CHECK(reachable(m, {}, {}).empty()); }
  SECTION("reachable_indices answers with ascending node indices") {
    const auto idx = reachable_indices(m, {*m.find("gp"), *m.find("d")}, {.kinds = {RelKind::member_of}});
    REQUIRE(idx.size() == 3);
    CHECK(std::is_sorted(idx.begin(), idx.end()));
    CHECK(m.nodes()[idx[0]].id == "a");
    CHECK(m.nodes()[idx[1]].id == "d");
    CHECK(m.nodes()[idx[2]].id == "gp");
  }
}

TEST_CASE("reachable follows implied relations of contracts and boards", "[traversal]") {
  Model m;
  m.add_organisation("ccg");
  m.add_organisation("p1", {{"legal_form", "partnership"}});
  m.add_person("gp");
  m.add_contract({.id = "gms",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"p1"}}},
                  .obligations = {{.id = "gms/e"}}});
  m.add_board({.id = "board", .of = "p1"});
  m.add_seat({.id = "seat", .board = "board", .held_by = "gp"});
  CHECK(reachable(m, {"p1"}, {.kinds = {RelKind::party}}) == Ids{"p1", "gms"});
  CHECK(reachable(m, {"ccg"}, {.kinds = {RelKind::party}, .direction = Direction::both}) ==
        Ids{"ccg", "p1", "gms"});
  CHECK(reachable(m, {"gp"},
                  {.kinds = {RelKind::held_by, RelKind::seat_on, RelKind::governs},
                   .direction = Direction::both}) == Ids{"p1", "gp", "board", "seat"});
}

TEST_CASE("reachable from an unknown source id throws UnknownIdError", "[traversal]") {
  const Model m = chain();
  const std::string what = thrown<UnknownIdError>([&] { (void)reachable(m, {"a", "zz"}); });
  CHECK_THAT(what, Catch::StartsWith("[govgraph.unknown_id]") && Catch::Contains("'zz'"));
}

TEST_CASE("reachable agrees with brute force on a large random graph, snapshot and tail", "[traversal]") {
  // 3,000 organisations, so the answer spans many 64-node words of the visited set and the
  // queue runs far past the lookahead that prefetches its rows; relations in one large batch
  // (folded into the snapshot) and then in small ones (left in the tail), of three kinds.
  std::mt19937 rng(20261204);
  const int n = 3000;
  Model m("random");
  {
    Batch b;
    for (int i = 0; i < n; ++i)
      b.add(NodeSpec{.type = NodeType::organisation, .id = "o" + std::to_string(i)});
    m.apply(std::move(b));
  }
  std::uniform_int_distribution<int> node(0, n - 1), kind(0, 2);
  const RelKind kinds[] = {RelKind::owns, RelKind::controls, RelKind::member_of};
  auto add = [&](int count) {
    Batch b;
    for (int i = 0; i < count; ++i) {
      const int s = node(rng), t = node(rng);
      if (s == t) continue;
      b.add(RelationSpec{.kind = kinds[kind(rng)],
                         .source = "o" + std::to_string(s),
                         .target = "o" + std::to_string(t)});
    }
    m.apply(std::move(b));
  };
  add(4000);
  for (int i = 0; i < 10; ++i) add(30);  // below a fold (Topology::kMinTail): these stay in the tail
  {  // 40 nodes after the snapshot (no row in it), joined to the rest by tail relations only
    Batch b;
    for (int i = n; i < n + 40; ++i)
      b.add(NodeSpec{.type = NodeType::organisation, .id = "o" + std::to_string(i)});
    m.apply(std::move(b));
  }
  std::uniform_int_distribution<int> late(n, n + 39);
  for (int round = 0; round < 3; ++round) {
    Batch b;
    for (int i = 0; i < 40; ++i) {
      const int s = i % 2 ? late(rng) : node(rng), t = i % 3 ? late(rng) : node(rng);
      if (s == t) continue;
      b.add(RelationSpec{.kind = kinds[kind(rng)],
                         .source = "o" + std::to_string(s),
                         .target = "o" + std::to_string(t)});
    }
    m.apply(std::move(b));
  }

  // Brute force: repeat a pass over every relation until nothing new is reached.
  auto brute = [&](const std::vector<NodeIndex>& from, const std::vector<RelKind>& follow, Direction dir,
                   bool include_sources) {
    std::vector<char> seen(m.size(), 0);
    for (NodeIndex f : from) seen[f] = 1;
    for (bool more = true; more;) {
      more = false;
      for (const Relation& r : m.relations()) {
        if (std::find(follow.begin(), follow.end(), r.kind) == follow.end()) continue;
        if (dir != Direction::in && seen[r.source] && !seen[r.target]) seen[r.target] = more = true;
        if (dir != Direction::out && seen[r.target] && !seen[r.source]) seen[r.source] = more = true;
      }
    }
    if (!include_sources)
      for (NodeIndex f : from) seen[f] = 0;
    std::vector<NodeIndex> v;
    for (NodeIndex i = 0; i < m.size(); ++i)
      if (seen[i]) v.push_back(i);
    return v;
  };
  REQUIRE(m.relation_count() > 4100);
  REQUIRE(m.size() == static_cast<std::size_t>(n + 40));
  for (int trial = 0; trial < 16; ++trial) {
    std::vector<NodeIndex> from;
    for (int i = 0, k = 1 + trial * 7; i < k; ++i)
      from.push_back(static_cast<NodeIndex>(trial % 4 == 3 ? late(rng) : node(rng)));
    // Empty kinds follows every kind (reachable_indices); the brute force is given all three.
    const std::vector<RelKind> follow = trial % 5 == 4 ? std::vector<RelKind>{}
                                        : trial % 3 == 0
                                            ? std::vector<RelKind>{RelKind::owns}
                                            : std::vector<RelKind>{RelKind::owns, RelKind::controls};
    const std::vector<RelKind> brute_follow = follow.empty()
                                                  ? std::vector<RelKind>{std::begin(kinds), std::end(kinds)}
                                                  : follow;
    const Direction dir = trial % 3 == 0 ? Direction::out : trial % 3 == 1 ? Direction::in : Direction::both;
    const bool include = trial % 2 == 0;
    const auto got = reachable_indices(m, from,
                                       {.kinds = follow, .direction = dir, .include_sources = include});
    CAPTURE(trial);
    REQUIRE(got == brute(from, brute_follow, dir, include));
  }
}
