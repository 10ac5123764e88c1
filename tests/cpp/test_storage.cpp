// test_storage.cpp — the storage under the model: the id index, the topology (a CSR snapshot
// plus an adjacency_list of later additions, folded as it grows; snapshots of 100,000 relations
// or more are built on two threads) and the columnar bulk batches.
#include <algorithm>
#include <random>

#include "helpers.hpp"

using namespace govgraph;
using govgraph_test::snapshot;
using govgraph_test::thrown;

namespace {

/// The relations leaving / entering n by brute force over relations(), in index order.
std::vector<RelIndex> brute_out(const Model& m, NodeIndex n, bool out) {
  std::vector<RelIndex> v;
  for (RelIndex r = 0; r < m.relation_count(); ++r)
    if ((out ? m.relations()[r].source : m.relations()[r].target) == n) v.push_back(r);
  return v;
}

void require_topology_matches(const Model& m) {
  for (NodeIndex n = 0; n < m.size(); ++n) {
    REQUIRE(m.out_relations(n) == brute_out(m, n, true));
    REQUIRE(m.in_relations(n) == brute_out(m, n, false));
  }
}

/// Reachability along `owns` by brute force: repeat until nothing new.
std::vector<NodeIndex> brute_reach(const Model& m, NodeIndex from) {
  std::vector<char> seen(m.size(), 0);
  seen[from] = 1;
  for (bool more = true; more;) {
    more = false;
    for (const auto& r : m.relations())
      if (r.kind == RelKind::owns && seen[r.source] && !seen[r.target]) seen[r.target] = more = true;
  }
  std::vector<NodeIndex> v;
  for (NodeIndex n = 0; n < m.size(); ++n)
    if (seen[n] && n != from) v.push_back(n);
  return v;
}

}  // namespace

TEST_CASE("relations come out in the order added across snapshot folds", "[storage]") {
  // Batches of random sizes, so the relations sit partly in the snapshot and partly in the
  // adjacency_list of later additions, and folds happen at several sizes.
  std::mt19937 rng(7);
  Model m("folds");
  const int people = 60, orgs = 140;
  for (int i = 0; i < people; ++i) m.add_person("p" + std::to_string(i));
  for (int i = 0; i < orgs; ++i) m.add_organisation("o" + std::to_string(i));
  std::uniform_int_distribution<int> batch_size(1, 400), org(0, orgs - 1), person(0, people - 1);
  int added = 0;
  for (int round = 0; added < 6000; ++round) {
    Batch b;
    const int k = round % 5 == 0 ? 1 : batch_size(rng);
    for (int i = 0; i < k; ++i) {
      const int a = org(rng), c = org(rng);
      if (i % 3 == 0)
        b.add(RelationSpec{
            RelKind::employs, "o" + std::to_string(a), "p" + std::to_string(person(rng)), {}, {}});
      else if (a != c)
        b.add(RelationSpec{RelKind::owns, "o" + std::to_string(a), "o" + std::to_string(c), {}, {}});
    }
    added += static_cast<int>(b.relation_count());
    m.apply(std::move(b));
    if (round % 7 == 0) require_topology_matches(m);
  }
  require_topology_matches(m);
  // A copy answers the same; so does reachability, against brute force.
  const Model copy = m;
  require_topology_matches(copy);
  for (NodeIndex from : {NodeIndex(people), NodeIndex(people + 17), NodeIndex(people + 90)}) {
    ReachOptions opt;
    opt.kinds = {RelKind::owns};
    opt.include_sources = false;
    REQUIRE(reachable_indices(m, {from}, opt) == brute_reach(m, from));
  }
}

TEST_CASE("nodes added after a snapshot have relations too", "[storage]") {
  Model m;
  Batch b;
  NodeColumns people;
  people.type = NodeType::person;
  NodeColumns orgs;
  orgs.type = NodeType::organisation;
  for (int i = 0; i < 3000; ++i) people.ids.push_back("p" + std::to_string(i));
  orgs.ids.push_back("o");
  b.add(std::move(people)).add(std::move(orgs));
  m.apply(std::move(b));
  RelationColumns rc;
  for (int i = 0; i < 3000; ++i) {
    rc.kinds.push_back(RelKind::employs);
    rc.sources.push_back("o");
    rc.targets.push_back("p" + std::to_string(i));
  }
  m.apply(Batch().add(std::move(rc)));  // large: folded into a snapshot at once
  m.add_organisation("late");
  m.add_relation(RelKind::employs, "late", "p5");
  REQUIRE(m.out_relations(*m.find("late")) == std::vector<RelIndex>{3000});
  REQUIRE(m.in_relations(*m.find("p5")) == std::vector<RelIndex>{5, 3000});
  REQUIRE(m.out_relations(*m.find("o")).size() == 3000);
  REQUIRE(m.in_relations(*m.find("late")).empty());
}

TEST_CASE("the id index finds every id and no other", "[storage]") {
  Model m;
  NodeColumns c;
  c.type = NodeType::person;
  for (int i = 0; i < 100000; ++i) c.ids.push_back("person-" + std::to_string(i));
  m.apply(Batch().add(std::move(c)));
  for (int i = 0; i < 100000; i += 7) {
    auto n = m.find("person-" + std::to_string(i));
    REQUIRE(n);
    REQUIRE(m.nodes()[*n].id == "person-" + std::to_string(i));
  }
  REQUIRE_FALSE(m.find("person-100000"));
  REQUIRE_FALSE(m.find("person-"));
  REQUIRE_FALSE(m.find(""));
  REQUIRE(m.size() == 100000);
}

TEST_CASE("a refused batch leaves the id index as it was", "[storage][errors]") {
  // Its ids were in the index while it was checked; they must all be gone, and every old id
  // still found, whatever the probe chains looked like.
  Model m;
  NodeColumns old;
  old.type = NodeType::person;
  for (int i = 0; i < 20000; ++i) old.ids.push_back("old-" + std::to_string(i));
  m.apply(Batch().add(std::move(old)));
  for (int round = 0; round < 3; ++round) {
    NodeColumns fresh;
    fresh.type = NodeType::person;
    for (int i = 0; i < 15000; ++i)
      fresh.ids.push_back("new-" + std::to_string(round) + "-" + std::to_string(i));
    fresh.ids.push_back("old-123");  // the last row fails
    REQUIRE_THROWS_AS(m.apply(Batch().add(std::move(fresh))), ModelError);
    REQUIRE(m.size() == 20000);
    for (int i = 0; i < 20000; ++i) REQUIRE(m.find("old-" + std::to_string(i)) == NodeIndex(i));
    for (int i = 0; i < 15000; i += 3)
      REQUIRE_FALSE(m.find("new-" + std::to_string(round) + "-" + std::to_string(i)));
  }
  m.add_person("new-0-0");  // and the ids are free again
  REQUIRE(m.find("new-0-0") == NodeIndex(20000));
}

TEST_CASE("columnar batches are checked row by row and all-or-nothing", "[storage][errors]") {
  Model m;
  m.add_person("gp");
  m.add_organisation("co", {{"legal_form", std::string("limited_company")}});
  m.add_organisation("firm", {{"legal_form", std::string("partnership")}});
  const auto before = snapshot(m);
  auto rows = [](std::vector<std::tuple<RelKind, std::string, std::string, double>> xs) {
    RelationColumns rc;
    for (auto& [k, s, t, share] : xs) {
      rc.kinds.push_back(k);
      rc.sources.push_back(s);
      rc.targets.push_back(t);
      rc.shares.push_back(share);
    }
    return rc;
  };
  const double none = std::numeric_limits<double>::quiet_NaN();

  SECTION("a share outside 0-1 names its row") {
    auto msg = thrown<ModelError>([&] {
      m.apply(Batch().add(rows({{RelKind::owns, "gp", "co", 0.5}, {RelKind::owns, "gp", "firm", 1.5}})));
    });
    REQUIRE_THAT(msg, Catch::Contains("row 1 (relation 'owns' from 'gp' to 'firm')"));
    REQUIRE_THAT(msg, Catch::Contains("outside 0 to 1"));
  }
  SECTION("a share on a kind without one is refused") {
    auto msg = thrown<ModelError>([&] { m.apply(Batch().add(rows({{RelKind::employs, "co", "gp", 0.5}}))); });
    REQUIRE_THAT(msg, Catch::Contains("'share' is a field of owns relations"));
  }
  SECTION("an unknown id, a wrong endpoint and a non-partnership are refused by row") {
    REQUIRE_THAT(thrown<UnknownIdError>([&] {
                   m.apply(Batch().add(rows(
                       {{RelKind::employs, "co", "gp", none}, {RelKind::employs, "co", "ghost", none}})));
                 }),
                 Catch::Contains("row 1 (relation 'employs' from 'co' to 'ghost'): target 'ghost'"));
    REQUIRE_THAT(thrown<ModelError>([&] {
                   m.apply(Batch().add(rows({{RelKind::employs, "gp", "co", none}})));
                 }),
                 Catch::Contains("[govgraph.endpoint_kind] row 0"));
    REQUIRE_THAT(thrown<ModelError>([&] {
                   m.apply(Batch().add(rows({{RelKind::partner_in, "gp", "co", none}})));
                 }),
                 Catch::Contains("not a partnership"));
  }
  SECTION("columns of different lengths are refused before anything is checked") {
    auto rc = rows({{RelKind::owns, "gp", "co", 0.5}});
    rc.targets.push_back("firm");
    REQUIRE_THAT(thrown<ModelError>([&] { Batch().add(std::move(rc)); }),
                 Catch::Contains("relation columns differ in length"));
  }
  SECTION("node columns: duplicates, bad types and bad fields name the row") {
    NodeColumns c;
    c.type = NodeType::person;
    c.ids.push_back("x");
    c.ids.push_back("gp");
    REQUIRE_THAT(thrown<ModelError>([&] { m.apply(Batch().add(c)); }),
                 Catch::Contains("row 1 (person 'gp'): id 'gp' is already used"));
    NodeColumns twice;
    twice.type = NodeType::asset;
    twice.ids.push_back("a");
    twice.ids.push_back("a");
    REQUIRE_THAT(thrown<ModelError>([&] { m.apply(Batch().add(twice)); }),
                 Catch::Contains("row 1 (asset 'a'): id 'a' is given twice in one batch"));
    NodeColumns boards;
    boards.types = {NodeType::organisation, NodeType::board};
    boards.ids.push_back("b0");
    boards.ids.push_back("b1");
    REQUIRE_THAT(thrown<ModelError>([&] { Batch().add(boards); }),
                 Catch::Contains("row 1: node type 'board' cannot be added in bulk"));
    NodeColumns forms;
    forms.type = NodeType::organisation;
    forms.ids.push_back("o1");
    forms.props = {Props{{"legal_form", std::string("guild")}}};
    REQUIRE_THAT(thrown<ModelError>([&] { m.apply(Batch().add(forms)); }),
                 Catch::Contains("row 0 (organisation 'o1'): legal_form 'guild' is not one of"));
  }
  REQUIRE(snapshot(m) == before);

  SECTION("a good batch lands whole, in order, with its shares and values") {
    auto rc = rows({{RelKind::owns, "gp", "co", 0.25}, {RelKind::partner_in, "gp", "firm", none}});
    rc.props = {Props{}, Props{{"start", std::string("2020-01-01")}}};
    m.apply(Batch().add(std::move(rc)));
    REQUIRE(m.relation_count() == 2);
    REQUIRE(m.relations()[0].share == 0.25);
    REQUIRE(std::isnan(m.relations()[1].share));
    REQUIRE(m.relations()[1].start.iso() == "2020-01-01");
  }
}

TEST_CASE("a large snapshot (built on two threads) keeps every relation in order", "[storage]") {
  Model m;
  NodeColumns orgs;
  orgs.type = NodeType::organisation;
  const int n = 5000;
  for (int i = 0; i < n; ++i) orgs.ids.push_back("o" + std::to_string(i));
  m.apply(Batch().add(std::move(orgs)));
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> pick(0, n - 1);
  RelationColumns rc;
  while (rc.size() < std::size_t{120000}) {
    const int a = pick(rng), b = pick(rng);
    if (a == b) continue;
    rc.kinds.push_back(RelKind::controls);
    rc.sources.push_back("o" + std::to_string(a));
    rc.targets.push_back("o" + std::to_string(b));
  }
  m.apply(Batch().add(std::move(rc)));
  REQUIRE(m.relation_count() == std::size_t{120000});
  std::vector<std::vector<RelIndex>> out(n), in(n);
  for (RelIndex r = 0; r < m.relation_count(); ++r) {
    out[m.relations()[r].source].push_back(r);
    in[m.relations()[r].target].push_back(r);
  }
  for (NodeIndex v = 0; v < n; ++v) {
    REQUIRE(m.out_relations(v) == out[v]);
    REQUIRE(m.in_relations(v) == in[v]);
  }
}
