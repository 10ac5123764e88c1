// test_kinds.cpp — the vocabulary table: names of node types and relation kinds, implied kinds,
// endpoint rules, fields, and the contract roles of DESIGN.md ("Domain model").
#include <catch2/catch.hpp>
#include <govgraph/govgraph.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace govgraph;

namespace {

std::vector<NodeType> all_node_types() {
  std::vector<NodeType> out;
  for (std::size_t i = 0; i < kNodeTypeCount; ++i) out.push_back(static_cast<NodeType>(i));
  return out;
}
std::vector<RelKind> all_rel_kinds() {
  std::vector<RelKind> out;
  for (std::size_t i = 0; i < kRelKindCount; ++i) out.push_back(static_cast<RelKind>(i));
  return out;
}
bool has(const std::vector<NodeType>& v, NodeType t) { return std::find(v.begin(), v.end(), t) != v.end(); }

}  // namespace

TEST_CASE("every NodeType has a name and a plural that round-trip", "[kinds]") {
  SECTION("names are the DESIGN.md node kinds, in order") {
    const std::vector<std::string> expected = {"organisation", "person", "contract", "obligation",
                                               "board",        "seat",   "asset"};
    REQUIRE(kNodeTypeCount == expected.size());
    for (std::size_t i = 0; i < kNodeTypeCount; ++i)
      CHECK(to_string(static_cast<NodeType>(i)) == expected[i]);
  }
  SECTION("node_type_from inverts to_string") {
    for (NodeType t : all_node_types()) {
      INFO(to_string(t));
      auto back = node_type_from(to_string(t));
      REQUIRE(back.has_value());
      CHECK(*back == t);
    }
  }
  SECTION("plurals are the file's section names") {
    CHECK(plural(NodeType::organisation) == "organisations");
    CHECK(plural(NodeType::person) == "people");
    CHECK(plural(NodeType::contract) == "contracts");
    CHECK(plural(NodeType::obligation) == "obligations");
    CHECK(plural(NodeType::board) == "boards");
    CHECK(plural(NodeType::seat) == "seats");
    CHECK(plural(NodeType::asset) == "assets");
  }
  SECTION("unknown names, plurals and other casings are not node types") {
    CHECK_FALSE(node_type_from("organisations").has_value());
    CHECK_FALSE(node_type_from("Organisation").has_value());
    CHECK_FALSE(node_type_from("").has_value());
    CHECK_FALSE(node_type_from("owns").has_value());
  }
}

TEST_CASE("every RelKind has a name that round-trips", "[kinds]") {
  SECTION("names are the DESIGN.md relation kinds, stated ones first") {
    const std::vector<std::string> expected = {"partner_in",     "member_of",  "employs",    "owns",
                                               "controls",       "occupies",   "guarantees", "indemnifies",
                                               "accountable_to", "performs",   "delegates",  "party",
                                               "obligation_of",  "flows_from", "head",       "obligor",
                                               "obligee",        "governs",    "seat_on",    "appointed_by",
                                               "represents",     "held_by"};
    REQUIRE(kRelKindCount == expected.size());
    for (std::size_t i = 0; i < kRelKindCount; ++i) CHECK(to_string(static_cast<RelKind>(i)) == expected[i]);
  }
  SECTION("rel_kind_from inverts to_string") {
    for (RelKind k : all_rel_kinds()) {
      INFO(to_string(k));
      auto back = rel_kind_from(to_string(k));
      REQUIRE(back.has_value());
      CHECK(*back == k);
    }
  }
  SECTION("names are unique") {
    std::set<std::string_view> names;
    for (RelKind k : all_rel_kinds()) names.insert(to_string(k));
    CHECK(names.size() == kRelKindCount);
  }
  SECTION("unknown names are not relation kinds") {
    CHECK_FALSE(rel_kind_from("employ").has_value());
    CHECK_FALSE(rel_kind_from("OWNS").has_value());
    CHECK_FALSE(rel_kind_from("").has_value());
    CHECK_FALSE(rel_kind_from("organisation").has_value());
  }
}

TEST_CASE("is_implied is true exactly for the kinds contracts, boards and seats imply", "[kinds]") {
  const std::set<RelKind> stated = {RelKind::partner_in, RelKind::member_of,   RelKind::employs,
                                    RelKind::owns,       RelKind::controls,    RelKind::occupies,
                                    RelKind::guarantees, RelKind::indemnifies, RelKind::accountable_to,
                                    RelKind::performs,   RelKind::delegates};
  REQUIRE(stated.size() == stated_relation_kinds().size());
  for (RelKind k : stated_relation_kinds()) CHECK(stated.count(k) == 1);
  for (RelKind k : all_rel_kinds()) {
    INFO(to_string(k));
    CHECK(is_implied(k) == (stated.count(k) == 0));
  }
  SECTION("is_implied is a compile-time function") {
    constexpr bool held_by = is_implied(RelKind::held_by);
    constexpr bool performs = is_implied(RelKind::performs);
    CHECK(held_by);
    CHECK_FALSE(performs);
  }
}

TEST_CASE("every relation kind has an endpoint rule", "[kinds]") {
  SECTION("each rule is its own kind's, with sources and targets") {
    for (RelKind k : all_rel_kinds()) {
      INFO(to_string(k));
      const EndpointRule& r = endpoint_rule(k);
      CHECK(r.kind == k);
      CHECK_FALSE(r.sources.empty());
      CHECK_FALSE(r.targets.empty());
      CHECK_FALSE(r.doc.empty());
    }
  }
  SECTION("the rules stated in DESIGN.md") {
    CHECK(endpoint_rule(RelKind::employs).sources == std::vector<NodeType>{NodeType::organisation});
    CHECK(endpoint_rule(RelKind::employs).targets == std::vector<NodeType>{NodeType::person});
    CHECK(endpoint_rule(RelKind::partner_in).target_condition == "legal_form=partnership");
    CHECK(has(endpoint_rule(RelKind::partner_in).sources, NodeType::person));
    CHECK(has(endpoint_rule(RelKind::partner_in).sources, NodeType::organisation));
    CHECK(endpoint_rule(RelKind::occupies).targets == std::vector<NodeType>{NodeType::asset});
    CHECK(endpoint_rule(RelKind::performs).targets == std::vector<NodeType>{NodeType::obligation});
    CHECK(has(endpoint_rule(RelKind::owns).targets, NodeType::asset));
    CHECK(endpoint_rule(RelKind::governs).sources == std::vector<NodeType>{NodeType::board});
    CHECK(endpoint_rule(RelKind::governs).targets == std::vector<NodeType>{NodeType::organisation});
    CHECK(endpoint_rule(RelKind::seat_on).targets == std::vector<NodeType>{NodeType::board});
    CHECK(endpoint_rule(RelKind::held_by).targets == std::vector<NodeType>{NodeType::person});
    CHECK(endpoint_rule(RelKind::appointed_by).targets == std::vector<NodeType>{NodeType::organisation});
    CHECK(endpoint_rule(RelKind::represents).targets == std::vector<NodeType>{NodeType::organisation});
    CHECK(endpoint_rule(RelKind::obligation_of).sources == std::vector<NodeType>{NodeType::obligation});
    CHECK(endpoint_rule(RelKind::obligation_of).targets == std::vector<NodeType>{NodeType::contract});
    CHECK(endpoint_rule(RelKind::head).sources == std::vector<NodeType>{NodeType::contract});
    CHECK(endpoint_rule(RelKind::head).targets == std::vector<NodeType>{NodeType::contract});
    CHECK(endpoint_rule(RelKind::flows_from).targets == std::vector<NodeType>{NodeType::obligation});
    CHECK(endpoint_rule(RelKind::party).targets == std::vector<NodeType>{NodeType::contract});
  }
  SECTION("only partner_in carries a target condition") {
    for (RelKind k : all_rel_kinds()) {
      INFO(to_string(k));
      CHECK(endpoint_rule(k).target_condition.empty() == (k != RelKind::partner_in));
    }
  }
}

TEST_CASE("the contract roles table matches DESIGN.md", "[kinds]") {
  struct Row {
    const char* kind;
    const char* obligee;
    const char* obligor;
  };
  const std::vector<Row> design = {
      {"gms", "commissioner", "holder"},
      {"pms", "commissioner", "holder"},
      {"apms", "commissioner", "holder"},
      {"nhs_standard", "commissioner", "holder"},
      {"subcontract", "contractor", "subcontractor"},
      {"employment", "employer", "employee"},
      {"lease", "landlord", "tenant"},
      {"indemnity", "indemnified", "indemnifier"},
      {"mou", "", ""},
      {"network_agreement", "", ""},
      {"jv_agreement", "", ""},
      {"partnership_deed", "", ""},
      {"service_agreement", "", ""},
  };
  SECTION("every DESIGN.md row is in the table with its roles") {
    for (const Row& row : design) {
      INFO(row.kind);
      const ContractRoles* r = find_contract_roles(row.kind);
      REQUIRE(r != nullptr);
      CHECK(r->kind == row.kind);
      CHECK(r->obligee_role == row.obligee);
      CHECK(r->obligor_role == row.obligor);
    }
  }
  SECTION("the table has no other rows") { CHECK(contract_roles().size() == design.size()); }
  SECTION("the table covers exactly the contract kind field's values") {
    const FieldSpec* kind = find_field(NodeType::contract, "kind");
    REQUIRE(kind != nullptr);
    CHECK(kind->allowed.size() == contract_roles().size());
    for (std::string_view k : kind->allowed) {
      INFO(k);
      CHECK(find_contract_roles(k) != nullptr);
    }
  }
  SECTION("an unknown contract kind has no roles") {
    CHECK(find_contract_roles("partnership") == nullptr);
    CHECK(find_contract_roles("") == nullptr);
  }
}

TEST_CASE("node fields are the DESIGN.md key fields with their types and values", "[kinds]") {
  SECTION("organisation") {
    const FieldSpec* kind = find_field(NodeType::organisation, "kind");
    REQUIRE(kind);
    CHECK(kind->type == FieldType::text);
    CHECK(kind->allowed == std::vector<std::string_view>{"practice", "company", "nhs_trust", "commissioner",
                                                         "federation", "network", "lmc", "university",
                                                         "local_authority", "joint_venture", "charity",
                                                         "regulator", "provider_group", "other"});
    const FieldSpec* lf = find_field(NodeType::organisation, "legal_form");
    REQUIRE(lf);
    CHECK(lf->allowed == std::vector<std::string_view>{"partnership", "sole_trader", "limited_company",
                                                       "company_limited_by_guarantee",
                                                       "community_interest_company", "llp", "statutory_body",
                                                       "unincorporated", "other"});
    REQUIRE(find_field(NodeType::organisation, "list_size"));
    CHECK(find_field(NodeType::organisation, "list_size")->type == FieldType::integer);
    REQUIRE(find_field(NodeType::organisation, "not_for_profit"));
    CHECK(find_field(NodeType::organisation, "not_for_profit")->type == FieldType::boolean);
  }
  SECTION("person") {
    const FieldSpec* p = find_field(NodeType::person, "profession");
    REQUIRE(p);
    CHECK(p->allowed ==
          std::vector<std::string_view>{"gp", "nurse", "pharmacist", "manager", "director", "other"});
  }
  SECTION("contract") {
    REQUIRE(find_field(NodeType::contract, "binding"));
    CHECK(find_field(NodeType::contract, "binding")->type == FieldType::boolean);
    REQUIRE(find_field(NodeType::contract, "liability_cap"));
    CHECK(find_field(NodeType::contract, "liability_cap")->type == FieldType::number);
    REQUIRE(find_field(NodeType::contract, "value"));
  }
  SECTION("board and seat") {
    REQUIRE(find_field(NodeType::board, "quota"));
    REQUIRE(find_field(NodeType::board, "quorum"));
    REQUIRE(find_field(NodeType::seat, "votes"));
    const FieldSpec* k = find_field(NodeType::seat, "kind");
    REQUIRE(k);
    CHECK(k->allowed ==
          std::vector<std::string_view>{"representative", "expert", "ex_officio", "independent", "observer"});
  }
  SECTION("obligation") { CHECK(find_field(NodeType::obligation, "category")); }
  SECTION("name, dates and free attributes are not fields") {
    for (NodeType t : all_node_types()) {
      INFO(to_string(t));
      CHECK(find_field(t, "name") == nullptr);
      CHECK(find_field(t, "start") == nullptr);
      CHECK(find_field(t, "colour") == nullptr);
      CHECK(node_fields(t).size() >= 1);
    }
  }
}

TEST_CASE("relation fields: share on owns, interest on controls, scope on indemnifies", "[kinds]") {
  const FieldSpec* share = find_field(RelKind::owns, "share");
  REQUIRE(share);
  CHECK(share->type == FieldType::number);
  REQUIRE(share->min.has_value());
  REQUIRE(share->max.has_value());
  CHECK(*share->min == 0.0);
  CHECK(*share->max == 1.0);
  const FieldSpec* interest = find_field(RelKind::controls, "interest");
  REQUIRE(interest);
  CHECK(std::find(interest->allowed.begin(), interest->allowed.end(), "voting_rights") !=
        interest->allowed.end());
  CHECK(std::find(interest->allowed.begin(), interest->allowed.end(), "appoint_board") !=
        interest->allowed.end());
  CHECK(std::find(interest->allowed.begin(), interest->allowed.end(), "significant_influence") !=
        interest->allowed.end());
  CHECK(find_field(RelKind::indemnifies, "scope"));
  SECTION("other kinds do not have these fields") {
    CHECK(find_field(RelKind::employs, "share") == nullptr);
    CHECK(find_field(RelKind::owns, "interest") == nullptr);
    CHECK(relation_fields(RelKind::employs).empty());
  }
}

TEST_CASE("a Value renders as text the way the file writes it", "[kinds]") {
  CHECK(to_string(Value{true}) == "true");
  CHECK(to_string(Value{false}) == "false");
  CHECK(to_string(Value{std::int64_t{-42}}) == "-42");
  CHECK(to_string(Value{std::string("gms")}) == "gms");
  CHECK(to_string(Value{1.5}) == "1.5");
}

TEST_CASE("a Value number renders with the shortest digits that read back, as the file does", "[kinds]") {
  // kinds.hpp: to_string(Value) "Renders a value the way the file format writes it". dumps()
  // writes 0.1 as 0.1; to_string uses %.17g and gives "0.10000000000000001".
  CHECK(to_string(Value{0.1}) == "0.1");
  CHECK(to_string(Value{0.3}) == "0.3");
}

TEST_CASE("seat and organisation kinds come from one table", "[kinds]") {
  // The field enumerations are the tables' names, so a kind added to a table is valid input.
  std::vector<std::string_view> seats, orgs;
  for (const auto& k : seat_kinds()) seats.push_back(k.name);
  for (const auto& k : organisation_kinds()) orgs.push_back(k.name);
  CHECK(find_field(NodeType::seat, "kind")->allowed == seats);
  CHECK(find_field(NodeType::organisation, "kind")->allowed == orgs);
  SECTION("an observer does not vote; every other seat kind does") {
    for (const auto& k : seat_kinds()) {
      INFO(k.name);
      CHECK(k.votes == (k.name != "observer"));
    }
    REQUIRE(find_seat_kind(kDefaultSeatKind));
    CHECK(find_seat_kind(kDefaultSeatKind)->votes);
    CHECK(find_seat_kind("observr") == nullptr);
  }
  SECTION("practices are the constituent units coverage counts by default") {
    for (const auto& k : organisation_kinds()) {
      INFO(k.name);
      CHECK(k.constituent == (k.name == "practice"));
    }
  }
  SECTION("the stated relation kinds are exactly those not implied") {
    std::size_t n = 0;
    for (std::size_t i = 0; i < kRelKindCount; ++i) n += !is_implied(static_cast<RelKind>(i));
    CHECK(stated_relation_kinds().size() == n);
    CHECK(stated_relation_kind_names().find("delegates") != std::string::npos);
    CHECK(stated_relation_kind_names().find("held_by") == std::string::npos);
  }
}
