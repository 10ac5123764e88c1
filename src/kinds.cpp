// kinds.cpp — the tables behind kinds.hpp: names, fields and endpoint rules of every kind.
// docs/model.md renders these tables for people; tests/cpp/test_kinds.cpp checks they agree.
#include "govgraph/kinds.hpp"

#include <array>
#include <cmath>
#include <charconv>
#include <cstdio>

namespace govgraph {
namespace {

constexpr std::array<std::string_view, kNodeTypeCount> kNodeNames = {
    "organisation", "person", "contract", "obligation", "board", "seat", "asset"};
constexpr std::array<std::string_view, kNodeTypeCount> kNodePlurals = {
    "organisations", "people", "contracts", "obligations", "boards", "seats", "assets"};
constexpr std::array<std::string_view, kRelKindCount> kRelNames = {
    "partner_in", "member_of", "employs", "owns", "controls", "occupies", "guarantees",
    "indemnifies", "accountable_to", "performs", "party", "obligation_of", "flows_from", "head",
    "obligor", "obligee", "governs", "seat_on", "appointed_by", "represents", "held_by"};

using T = NodeType;
using F = FieldType;

const std::vector<FieldSpec>& fields_of(NodeType t) {
  static const std::array<std::vector<FieldSpec>, kNodeTypeCount> table = {{
      // organisation
      {{"kind", F::text,
        {"practice", "company", "nhs_trust", "commissioner", "federation", "network", "lmc",
         "university", "local_authority", "joint_venture", "charity", "regulator", "other"},
        {}, {}, "what sort of organisation"},
       {"legal_form", F::text,
        {"partnership", "sole_trader", "limited_company", "company_limited_by_guarantee",
         "community_interest_company", "llp", "statutory_body", "unincorporated", "other"},
        {}, {}, "its legal form (decides shields and joint and several liability)"},
       {"list_size", F::integer, {}, 0.0, {}, "registered patients"},
       {"not_for_profit", F::boolean, {}, {}, {}, "not-for-profit status"}},
      // person
      {{"profession", F::text, {"gp", "nurse", "pharmacist", "manager", "director", "other"}, {},
        {}, "profession"}},
      // contract
      {{"kind", F::text,
        {"gms", "pms", "apms", "nhs_standard", "subcontract", "employment", "lease", "mou",
         "jv_agreement", "network_agreement", "partnership_deed", "service_agreement",
         "indemnity"},
        {}, {}, "contract kind (decides who owes whom)"},
       {"binding", F::boolean, {}, {}, {}, "legally binding (default: true, false for mou)"},
       {"liability_cap", F::number, {}, 0.0, {}, "cap on the obligor's liability under it"},
       {"value", F::number, {}, 0.0, {}, "annual value"},
       {"onward_subcontracting", F::boolean, {}, {}, {},
        "whether the subcontractor may sub-contract onward (default: true)"}},
      // obligation
      {{"category", F::text, {}, {}, {}, "e.g. clinical, premises, workforce, reporting"}},
      // board
      {{"quota", F::number, {}, 0.0, {},
        "votes to pass: a whole number of votes, or a fraction f < 1 (more than f of all votes)"},
       {"quorum", F::number, {}, 0.0, {}, "members present for a valid meeting"}},
      // seat
      {{"votes", F::number, {}, 0.0, {}, "votes the seat casts (default 1; observers 0)"},
       {"kind", F::text, {"representative", "expert", "ex_officio", "independent", "observer"},
        {}, {}, "seat kind"}},
      // asset
      {{"kind", F::text, {}, {}, {}, "e.g. premises"}},
  }};
  return table[static_cast<std::size_t>(t)];
}

const std::vector<FieldSpec>& rel_fields_of(RelKind k) {
  static const std::vector<FieldSpec> none;
  static const std::vector<FieldSpec> owns = {
      {"share", F::number, {}, 0.0, 1.0, "share owned, 0 to 1"}};
  static const std::vector<FieldSpec> controls = {
      {"interest", F::text, {"voting_rights", "appoint_board", "significant_influence", "other"},
       {}, {}, "interest type (Beneficial Ownership Data Standard)"}};
  static const std::vector<FieldSpec> indemnifies = {
      {"scope", F::text, {}, {}, {}, "what the indemnity covers, e.g. clinical_negligence"}};
  static const std::vector<FieldSpec> party = {
      {"role", F::text, {}, {}, {}, "the party's role in the contract"}};
  switch (k) {
    case RelKind::owns: return owns;
    case RelKind::controls: return controls;
    case RelKind::indemnifies: return indemnifies;
    case RelKind::party: return party;
    default: return none;
  }
}

}  // namespace

std::string_view to_string(NodeType t) { return kNodeNames[static_cast<std::size_t>(t)]; }
std::string_view to_string(RelKind k) { return kRelNames[static_cast<std::size_t>(k)]; }
std::string_view plural(NodeType t) { return kNodePlurals[static_cast<std::size_t>(t)]; }

std::optional<NodeType> node_type_from(std::string_view s) {
  for (std::size_t i = 0; i < kNodeTypeCount; ++i)
    if (kNodeNames[i] == s) return static_cast<NodeType>(i);
  return std::nullopt;
}

std::optional<RelKind> rel_kind_from(std::string_view s) {
  for (std::size_t i = 0; i < kRelKindCount; ++i)
    if (kRelNames[i] == s) return static_cast<RelKind>(i);
  return std::nullopt;
}

std::string to_string(const Value& v) {
  struct {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {  // shortest text that reads back exactly
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, d);
      return std::string(buf, r.ptr);
    }
    std::string operator()(const std::string& s) const { return s; }
  } visitor;
  return std::visit(visitor, v);
}

std::span<const FieldSpec> node_fields(NodeType t) { return fields_of(t); }
std::span<const FieldSpec> relation_fields(RelKind k) { return rel_fields_of(k); }

const FieldSpec* find_field(NodeType t, std::string_view name) {
  for (const auto& f : fields_of(t))
    if (f.name == name) return &f;
  return nullptr;
}
const FieldSpec* find_field(RelKind k, std::string_view name) {
  for (const auto& f : rel_fields_of(k))
    if (f.name == name) return &f;
  return nullptr;
}

const EndpointRule& endpoint_rule(RelKind k) {
  static const std::array<EndpointRule, kRelKindCount> rules = {{
      {RelKind::partner_in, {T::person, T::organisation}, {T::organisation},
       "legal_form=partnership", "a partner in a partnership"},
      {RelKind::member_of, {T::person, T::organisation}, {T::organisation}, {},
       "membership of an organisation (a practice of a network, a company's member)"},
      {RelKind::employs, {T::organisation}, {T::person}, {}, "an employer employs a person"},
      {RelKind::owns, {T::person, T::organisation}, {T::organisation, T::asset}, {},
       "ownership, with share 0-1"},
      {RelKind::controls, {T::person, T::organisation}, {T::organisation}, {},
       "control by voting rights, board appointment or significant influence"},
      {RelKind::occupies, {T::organisation, T::person}, {T::asset}, {}, "occupation of premises"},
      {RelKind::guarantees, {T::person, T::organisation},
       {T::organisation, T::contract, T::obligation}, {},
       "a guarantor answers for an organisation, a contract or an obligation"},
      {RelKind::indemnifies, {T::organisation}, {T::organisation, T::person}, {},
       "an indemnifier takes the financial exposure of the indemnified, for a scope"},
      {RelKind::accountable_to, {T::organisation, T::board}, {T::organisation, T::board}, {},
       "governance reporting"},
      {RelKind::performs, {T::person, T::organisation}, {T::obligation}, {},
       "who delivers an obligation"},
      {RelKind::party, {T::organisation, T::person}, {T::contract}, {},
       "a party to a contract, in a role (implied by the contract)"},
      {RelKind::obligation_of, {T::obligation}, {T::contract}, {},
       "the contract an obligation belongs to (implied)"},
      {RelKind::flows_from, {T::obligation}, {T::obligation}, {},
       "a sub-contract obligation passes down a head obligation (implied)"},
      {RelKind::head, {T::contract}, {T::contract}, {},
       "a sub-contract's head contract (implied)"},
      {RelKind::obligor, {T::obligation}, {T::organisation, T::person}, {},
       "an obligation's own obligor (implied)"},
      {RelKind::obligee, {T::obligation}, {T::organisation, T::person}, {},
       "an obligation's own obligee (implied)"},
      {RelKind::governs, {T::board}, {T::organisation}, {},
       "the organisation a board governs (implied)"},
      {RelKind::seat_on, {T::seat}, {T::board}, {}, "the board a seat is on (implied)"},
      {RelKind::appointed_by, {T::seat}, {T::organisation}, {},
       "who appoints to a seat (implied)"},
      {RelKind::represents, {T::seat}, {T::organisation}, {},
       "a seat's constituency (implied)"},
      {RelKind::held_by, {T::seat}, {T::person}, {}, "who holds a seat (implied)"},
  }};
  return rules[static_cast<std::size_t>(k)];
}

std::span<const ContractRoles> contract_roles() {
  static const std::array<ContractRoles, 13> table = {{
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
  }};
  return table;
}

const ContractRoles* find_contract_roles(std::string_view kind) {
  for (const auto& r : contract_roles())
    if (r.kind == kind) return &r;
  return nullptr;
}

}  // namespace govgraph
