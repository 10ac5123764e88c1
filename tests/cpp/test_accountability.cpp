// test_accountability.cpp — the eight accountability rules, each with a test that fails if the
// rule breaks, on seed 000's arrangement (a partnership keeps its GMS contract and sub-contracts
// delivery to a collaborative, a company limited by guarantee, that employs the GPs).
#include <algorithm>
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>
#include <set>
#include <tuple>

using namespace govgraph;

namespace {

struct Options {
  std::string legal_form = "partnership";
  std::vector<std::string> flowed = {"essential", "premises"};
  std::string employer = "col";
  double cap = std::nan("");
};

Model alliance(const Options& o = {}) {
  Model m("alliance");
  m.add_organisation("ccg", {{"kind", "commissioner"}, {"legal_form", "statutory_body"}});
  m.add_organisation("p", {{"kind", "practice"}, {"legal_form", o.legal_form}});
  m.add_organisation("col", {{"kind", "company"}, {"legal_form", "company_limited_by_guarantee"}});
  for (std::string gp : {"gp1", "gp2"}) {
    m.add_person(gp, {{"profession", "gp"}});
    if (o.legal_form == "partnership") m.add_relation(RelKind::partner_in, gp, "p");
    else m.add_relation(RelKind::owns, gp, "p", {{"share", 0.5}});
    m.add_relation(RelKind::employs, o.employer, gp);
  }
  m.add_relation(RelKind::member_of, "p", "col");
  m.add_contract({.id = "gms",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"p"}}},
                  .obligations = {{.id = "gms/essential", .props = {{"category", "clinical"}}},
                                  {.id = "gms/premises", .props = {{"category", "premises"}}}}});
  ContractSpec sub{.id = "sub",
                   .props = {{"kind", "subcontract"}},
                   .parties = {{"contractor", {"p"}}, {"subcontractor", {"col"}}},
                   .head = "gms"};
  if (!std::isnan(o.cap)) sub.props["liability_cap"] = o.cap;
  for (const auto& f : o.flowed) sub.obligations.push_back({.id = "sub/" + f, .flows_from = "gms/" + f});
  m.add_contract(sub);
  return m;
}

std::string id(const Model& m, NodeIndex n) { return n == kNoNode ? "-" : m.nodes()[n].id; }

using Edge = std::tuple<std::string, std::string, std::string, bool>;  // to, obligation, basis, enf
std::set<Edge> edges(const Model& m, std::string_view party) {
  std::set<Edge> out;
  for (const auto& a : accountability(m, party))
    out.emplace(id(m, a.to), id(m, a.obligation), std::string(to_string(a.basis)), a.enforceable);
  return out;
}

std::set<std::pair<std::string, std::string>> gaps(const Model& m) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& g : flow_down_gaps(m)) out.emplace(std::string(to_string(g.kind)), id(m, g.obligation));
  return out;
}

double borne(const Model& m, const BreachReport& r, std::string_view who) {
  for (const auto& [n, x] : r.borne)
    if (m.nodes()[n].id == who) return x;
  return 0;  // not listed: bears nothing
}

}  // namespace

TEST_CASE("rule 1: a binding contract's obligor answers to its obligee for each obligation",
          "[accountability]") {
  const Model m = alliance();
  CHECK(edges(m, "p") == std::set<Edge>{{"ccg", "gms/essential", "contract", true},
                                        {"ccg", "gms/premises", "contract", true}});
}

TEST_CASE("rule 2: the holder stays accountable; the subcontractor answers to the holder only",
          "[accountability]") {
  const Model m = alliance();
  CHECK(edges(m, "col") == std::set<Edge>{{"p", "sub/essential", "subcontract", true},
                                          {"p", "sub/premises", "subcontract", true}});
  for (const auto& a : accountability(m, "col")) CHECK(id(m, a.to) != "ccg");
}

TEST_CASE("rule 3: flow-down gaps", "[accountability]") {
  SECTION("a complete flow-down has none") { CHECK(flow_down_gaps(alliance()).empty()); }
  SECTION("removing one flow-down makes not_flowed_down and, staff gone, no_performer") {
    const auto g = gaps(alliance({.flowed = {"essential"}}));
    CHECK(g.count({"not_flowed_down", "gms/premises"}) == 1);
    CHECK(g.count({"no_performer", "gms/premises"}) == 1);
  }
  SECTION("employing the GPs in the practice again removes no_performer") {
    const auto g = gaps(alliance({.flowed = {"essential"}, .employer = "p"}));
    CHECK(g.count({"no_performer", "gms/premises"}) == 0);
    CHECK(g.count({"not_flowed_down", "gms/premises"}) == 1);
  }
  SECTION("a capped sub-contract under an uncapped head is a cap gap") {
    CHECK(gaps(alliance({.cap = 1e5})).count({"cap_below_exposure", "-"}) == 1);
  }
  SECTION("a cycle of sub-contracting is refused, naming the contracts") {
    const std::string doc = R"({"govgraph": 1, "organisations": [{"id": "a"}, {"id": "b"}],
      "contracts": [
        {"id": "s1", "kind": "subcontract", "head": "s2", "parties": {"contractor": "a", "subcontractor": "b"}},
        {"id": "s2", "kind": "subcontract", "head": "s1", "parties": {"contractor": "b", "subcontractor": "a"}}]})";
    CHECK_THROWS_WITH(loads(doc),
                      Catch::Contains("[govgraph.cycle]") && Catch::Contains("'s1' -> 's2' -> 's1'"));
  }
}

TEST_CASE("rule 4: each partner is liable for the whole", "[accountability]") {
  const Model m = alliance();
  CHECK(edges(m, "gp1") == std::set<Edge>{{"ccg", "gms/essential", "joint_and_several", true},
                                          {"ccg", "gms/premises", "joint_and_several", true}});
  SECTION("a limited company instead removes it and shields the members") {
    const Model lc = alliance({.legal_form = "limited_company"});
    CHECK(edges(lc, "gp1").empty());
    const auto paths = liability_paths(lc, "gms/essential");
    REQUIRE(paths.size() == 1);
    CHECK(paths[0].hops.back().jointly_liable.empty());
    CHECK(paths[0].hops.back().shielded.size() == 2);
  }
}

TEST_CASE("rule 5: limited liability stops at the company unless a guarantee carries it on",
          "[accountability]") {
  Model m = alliance();
  auto r = breach(m, "sub/essential", "col", 1000);
  REQUIRE(r.shielded.size() == 1);
  CHECK(id(m, r.shielded[0]) == "p");
  m.add_relation(RelKind::guarantees, "gp1", "col");  // names no creditor: answers to nobody
  CHECK(edges(m, "gp1").count({"p", "sub/essential", "guarantee", true}) == 0);
  m.add_relation(RelKind::guarantees, "gp2", "col", {{"beneficiary", "landlord"}});
  CHECK(edges(m, "gp2").count({"p", "sub/essential", "guarantee", true}) == 0);
  m.add_relation(RelKind::guarantees, "gp1", "col", {{"beneficiary", "p"}});
  CHECK(edges(m, "gp1").count({"p", "sub/essential", "guarantee", true}) == 1);
  r = breach(m, "sub/essential", "col", 1000);
  CHECK(std::any_of(r.claims.begin(), r.claims.end(), [&](const Claim& c) {
    return c.basis == Basis::guarantee && id(m, c.respondent) == "gp1" && c.recoverable == 1000;
  }));
}

TEST_CASE("rule 6: an employer answers for its employee's work in tort, not to the obligee",
          "[accountability]") {
  Model m = alliance({.flowed = {"essential"}});
  m.add_relation(RelKind::performs, "gp1", "gms/premises");  // the practice's kept obligation
  // Privity: col is not party to gms, so it has no line to ccg; it answers vicariously to the
  // person harmed (to = none), in negligence.
  // gp1, a partner of p, does p's own work: p answers for it (PA 1890 s.10), in negligence,
  // and col, which owes nothing on that chain, does not (Mohamud v WM Morrison [2016] UKSC 11).
  CHECK(edges(m, "col").count({"ccg", "gms/premises", "vicarious", true}) == 0);
  CHECK(edges(m, "col").count({"-", "gms/premises", "vicarious", true}) == 0);
  CHECK(edges(m, "p").count({"-", "gms/premises", "vicarious", true}) == 1);
  for (const auto& a : accountability(m, "p"))
    if (a.basis == Basis::vicarious) {
      CHECK(a.claim == ClaimKind::negligence);
      CHECK(id(m, a.via) == "gp1");
    }
  // An employee who is nobody's partner, performing for an employer that owes nothing on the
  // chain (a locum agency's GP): the agency answers to the person harmed, never to ccg.
  m.add_organisation("agency", {{"legal_form", "limited_company"}});
  m.add_person("locum", {{"profession", "gp"}});
  m.add_relation(RelKind::employs, "agency", "locum");
  m.add_relation(RelKind::performs, "locum", "gms/premises");
  CHECK(edges(m, "agency") == std::set<Edge>{{"-", "gms/premises", "vicarious", true}});
  m.add_relation(RelKind::performs, "gp2", "sub/essential");
  // gp2's employer col owes sub/essential: gp2 answers to col under its employment.
  CHECK(edges(m, "gp2").count({"col", "sub/essential", "employment", true}) == 1);
  const auto paths = liability_paths(m, "gms/essential");
  REQUIRE(paths.size() == 1);
  CHECK(paths[0].hops.front().basis == Basis::employment);
  CHECK(id(m, paths[0].nodes.front()) == "gp2");
}

TEST_CASE("rule 7: an indemnity moves exposure, not accountability", "[accountability]") {
  Model m = alliance();
  const auto before = edges(m, "col");
  m.add_organisation("scheme", {{"legal_form", "statutory_body"}});
  m.add_relation(RelKind::indemnifies, "scheme", "col", {{"scope", "clinical_negligence"}});
  CHECK(edges(m, "col") == before);
  // A clinical negligence scheme never takes a contract claim (SI 2019/334).
  const auto contract = breach(m, "sub/essential", "col", 5000);
  CHECK(borne(m, contract, "col") == 5000);
  CHECK(borne(m, contract, "scheme") == 0);
  // It takes the patient's negligence claim against col for its GP's clinical work...
  m.add_relation(RelKind::performs, "gp1", "sub/essential");
  const auto r = breach(m, "sub/essential", "gp1", 5000, {}, ClaimKind::negligence);
  CHECK(borne(m, r, "col") == 0);
  CHECK(borne(m, r, "scheme") == 5000);
  // ... but not for premises.
  m.add_relation(RelKind::performs, "gp1", "sub/premises");
  const auto out_of_scope = breach(m, "sub/premises", "gp1", 5000, {}, ClaimKind::negligence);
  CHECK(borne(m, out_of_scope, "col") == 5000);
  CHECK_THROWS_AS(m.add_relation(RelKind::indemnifies, "scheme", "p", {{"scope", "clinical"}}), ModelError);
}

TEST_CASE("rule 8: an MoU's accountability is not enforceable", "[accountability]") {
  Model m = alliance();
  m.add_organisation("q", {{"legal_form", "partnership"}});
  m.add_contract({.id = "mou",
                  .props = {{"kind", "mou"}},
                  .parties = {{"party", {"p", "q"}}},
                  .obligations = {{.id = "mou/cover", .obligor = "q", .obligee = "p"}}});
  CHECK(edges(m, "q") == std::set<Edge>{{"p", "mou/cover", "non_binding", false}});
  const auto r = breach(m, "mou/cover", "q", 1000);
  REQUIRE(r.claims.size() == 1);
  CHECK_FALSE(r.claims[0].enforceable);
  CHECK(r.claims[0].recoverable == 0);
  // p is a partnership: what it bears falls on its partners, equally (PA 1890 s.24(1)).
  CHECK(borne(m, r, "p") == 0);
  CHECK(borne(m, r, "gp1") == 500);
  CHECK(borne(m, r, "gp2") == 500);
}

TEST_CASE("a four-level chain gives the path, claims and amounts worked out by hand", "[accountability]") {
  Model m;
  m.add_organisation("ccg", {{"legal_form", "statutory_body"}});
  m.add_organisation("holder", {{"legal_form", "partnership"}});
  m.add_person("dr");
  m.add_relation(RelKind::partner_in, "dr", "holder");
  m.add_organisation("sub", {{"legal_form", "limited_company"}});
  m.add_organisation("subsub", {{"legal_form", "limited_company"}});
  m.add_person("nurse");
  m.add_relation(RelKind::employs, "subsub", "nurse");
  m.add_contract({.id = "c1",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"holder"}}},
                  .obligations = {{.id = "c1/x"}}});
  m.add_contract({.id = "c2",
                  .props = {{"kind", "subcontract"}, {"liability_cap", 80000.0}},
                  .parties = {{"contractor", {"holder"}}, {"subcontractor", {"sub"}}},
                  .obligations = {{.id = "c2/x", .flows_from = "c1/x"}},
                  .head = "c1"});
  m.add_contract({.id = "c3",
                  .props = {{"kind", "subcontract"}, {"liability_cap", 50000.0}},
                  .parties = {{"contractor", {"sub"}}, {"subcontractor", {"subsub"}}},
                  .obligations = {{.id = "c3/x", .flows_from = "c2/x"}},
                  .head = "c2"});
  m.add_relation(RelKind::performs, "nurse", "c3/x");

  const auto paths = liability_paths(m, "c1/x");
  REQUIRE(paths.size() == 1);
  std::vector<std::string> nodes;
  for (NodeIndex n : paths[0].nodes) nodes.push_back(id(m, n));
  CHECK(nodes == std::vector<std::string>{"nurse", "subsub", "sub", "holder", "ccg"});

  // 120,000 lost: ccg recovers all from holder (uncapped; dr liable with it, jointly);
  // holder recovers 80,000 from sub (cap), bears 40,000; sub recovers 50,000, bears 30,000.
  const auto r = breach(m, "c1/x", "subsub", 120000);
  std::vector<std::tuple<std::string, std::string, double>> claims;
  for (const auto& c : r.claims) claims.emplace_back(id(m, c.claimant), id(m, c.respondent), c.recoverable);
  CHECK(claims == std::vector<std::tuple<std::string, std::string, double>>{{"ccg", "holder", 120000},
                                                                            {"ccg", "dr", 120000},
                                                                            {"holder", "sub", 80000},
                                                                            {"sub", "subsub", 50000}});
  CHECK(borne(m, r, "ccg") == 0);
  CHECK(borne(m, r, "holder") == 0);  // a partnership: its share is its partner's
  CHECK(borne(m, r, "dr") == 40000);
  CHECK(borne(m, r, "sub") == 30000);
  CHECK(borne(m, r, "subsub") == 50000);
}

TEST_CASE("paths are counted before they are made: 40 levels of joint sub-contracting answer at once",
          "[accountability]") {
  // Each level: two joint contractors sub-contract to two joint subcontractors, so the paths
  // double per level (2 * 2^levels); the edges grow by four per level.
  Model m;
  m.add_organisation("c", {{"legal_form", "statutory_body"}});
  const int levels = 40;
  for (int k = 0; k <= levels; ++k)
    for (std::string side : {"a", "b"})
      m.add_organisation(side + std::to_string(k), {{"legal_form", "limited_company"}});
  m.add_contract({.id = "k0",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"c"}}, {"holder", {"a0", "b0"}}},
                  .obligations = {{.id = "k0/x"}}});
  for (int k = 1; k <= levels; ++k) {
    const std::string p = std::to_string(k - 1), n = std::to_string(k);
    m.add_contract({.id = "k" + n,
                    .props = {{"kind", "subcontract"}, {"onward_subcontracting", true}},
                    .parties = {{"contractor", {"a" + p, "b" + p}}, {"subcontractor", {"a" + n, "b" + n}}},
                    .obligations = {{.id = "k" + n + "/x", .flows_from = "k" + p + "/x"}},
                    .head = "k" + p});
  }
  CHECK(count_liability_paths(m, "k0/x") == (std::uint64_t{2} << levels));
  try {
    (void)liability_paths(m, "k0/x", {}, 1000);
    FAIL("expected too_many_paths");
  } catch (const ModelError& e) {
    CHECK(std::string(e.id()) == "too_many_paths");
  }
  const auto g = liability_graph(m, "k0/x");
  CHECK(g.size() == 2 + 4 * levels);
  for (const auto& w : g)
    if (w.hop.obligation == *m.find("k0/x")) CHECK(w.paths == (std::uint64_t{1} << levels));
  const auto r = breach(m, "k" + std::to_string(levels) + "/x", "a" + std::to_string(levels), 1000);
  CHECK(r.claims.size() == static_cast<std::size_t>(levels + 1));
}

TEST_CASE("lint: who may hold a GMS contract, partners employed by their firm", "[accountability]") {
  Model m = alliance();
  CHECK(lint(m).empty());
  m.add_relation(RelKind::employs, "p", "gp1");  // a partner employed by its own firm
  m.add_organisation("llp", {{"legal_form", "llp"}});
  m.add_contract({.id = "gms-llp",
                  .props = {{"kind", "gms"}},
                  .parties = {{"commissioner", {"ccg"}}, {"holder", {"llp"}}},
                  .obligations = {{.id = "gms-llp/x"}}});
  std::set<std::string> kinds;
  for (const auto& f : lint(m)) {
    kinds.insert(f.kind);
    CHECK_FALSE(f.basis.empty());
  }
  CHECK(kinds == std::set<std::string>{"partner_employed_by_firm", "gms_holder_form"});
}
