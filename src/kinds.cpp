// kinds.cpp — the tables behind kinds.hpp: names, fields and endpoint rules of every kind.
// docs/model.md renders these tables for people; tests/cpp/test_kinds.cpp checks they agree.
#include "govgraph/kinds.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <charconv>
#include <cstdio>

namespace govgraph {
namespace {

constexpr std::array<std::string_view, kNodeTypeCount> kNodeNames = {"organisation", "person", "contract",
                                                                     "obligation",   "board",  "seat",
                                                                     "asset"};
constexpr std::array<std::string_view, kNodeTypeCount> kNodePlurals = {"organisations", "people", "contracts",
                                                                       "obligations",   "boards", "seats",
                                                                       "assets"};
constexpr std::array<std::string_view, kRelKindCount> kRelNames = {
    "partner_in",    "member_of",    "employs",        "owns",     "controls",  "occupies",
    "guarantees",    "indemnifies",  "accountable_to", "performs", "delegates", "party",
    "obligation_of", "flows_from",   "head",           "obligor",  "obligee",   "governs",
    "seat_on",       "appointed_by", "represents",     "held_by"};

using T = NodeType;
using F = FieldType;

template <class Row>
std::vector<std::string_view> names_of(std::span<const Row> rows) {
  std::vector<std::string_view> v;
  for (const auto& r : rows) v.push_back(r.name);
  return v;
}
std::vector<std::string_view> contract_kind_names() {
  std::vector<std::string_view> v;
  for (const auto& r : contract_roles()) v.push_back(r.kind);
  return v;
}

const std::vector<FieldSpec>& fields_of(NodeType t) {
  static const std::array<std::vector<FieldSpec>, kNodeTypeCount> table = {{
      // organisation
      {{"kind", F::text, names_of(organisation_kinds()), {}, {}, "what sort of organisation"},
       {"legal_form",
        F::text,
        names_of(legal_forms()),
        {},
        {},
        "its legal form (decides shields and partners' liability)"},
       {"list_size", F::integer, {}, 0.0, {}, "registered patients"},
       {"not_for_profit", F::boolean, {}, {}, {}, "not-for-profit status"}},
      // person
      {{"profession",
        F::text,
        {"gp", "nurse", "pharmacist", "manager", "director", "other"},
        {},
        {},
        "profession"}},
      // contract
      {{"kind", F::text, contract_kind_names(), {}, {}, "contract kind (decides who owes whom)"},
       {"binding", F::boolean, {}, {}, {}, "legally binding (default: true, false for mou)"},
       {"liability_cap", F::number, {}, 0.0, {}, "cap on the obligor's liability under it"},
       {"value", F::number, {}, 0.0, {}, "annual value"},
       {"onward_subcontracting",
        F::boolean,
        {},
        {},
        {},
        "whether the subcontractor may sub-contract onward (default: yes, except a clinical "
        "sub-contract under a GMS, PMS or APMS head: no, unless the commissioner agreed)"},
       {"cap_basis",
        F::text,
        {"per_claim", "aggregate"},
        {},
        {},
        "the liability cap limits each claim (per_claim, the default) or all claims under the "
        "contract together (aggregate)"}},
      // obligation
      {{"category", F::text, {}, {}, {}, "e.g. clinical, premises, workforce, reporting"},
       {"non_delegable",
        F::boolean,
        {},
        {},
        {},
        "the obligor keeps a non-delegable duty of care to those the service is for (Woodland v "
        "Swimming Teachers Association [2013] UKSC 66): it answers in negligence for whoever "
        "performs it"}},
      // board
      {{"quota",
        F::number,
        {},
        0.0,
        {},
        "votes to pass: a whole number of votes, or a fraction f < 1 of the votes of the seats "
        "that vote (more than f, or at least f: quota_rule)"},
       {"quota_rule",
        F::text,
        {"more_than", "at_least"},
        {},
        {},
        "how a fractional quota reads: more_than (default; a majority) or at_least (at least f: "
        "0.75 of 4 votes is 3, as for a members' special resolution, CA 2006 s.283)"},
       {"quorum", F::integer, {}, 0.0, {}, "voting members present for a valid meeting"},
       {"rules",
        F::rules,
        {},
        {},
        {},
        "decision rules, each {name, quota, quota_rule, and: {weight, quota, quota_rule}} (a "
        "double majority); instead of quota"}},
      // seat
      {{"votes",
        F::number,
        {},
        0.0,
        {},
        "votes the seat casts (default 1; observers 0), with at most six decimal places"},
       {"vacant", F::boolean, {}, {}, {}, "the seat is vacant: it does not vote (Model Articles arts 7, 11)"},
       {"kind",
        F::text,
        names_of(seat_kinds()),
        {},
        {},
        "seat kind (default representative; an observer has no vote)"}},
      // asset
      {{"kind", F::text, {}, {}, {}, "e.g. premises"}},
  }};
  return table[static_cast<std::size_t>(t)];
}

const std::vector<FieldSpec>& rel_fields_of(RelKind k) {
  static const std::vector<FieldSpec> none;
  static const std::vector<FieldSpec> owns = {{"share", F::number, {}, 0.0, 1.0, "share owned, 0 to 1"}};
  static const std::vector<FieldSpec> controls = {
      {"interest",
       F::text,
       {"voting_rights", "appoint_board", "significant_influence", "other"},
       {},
       {},
       "interest type (Beneficial Ownership Data Standard)"},
      {"share", F::number, {}, 0.0, 1.0, "share of the voting rights, 0 to 1 (voting_rights)"}};
  static const std::vector<FieldSpec> indemnifies = {
      {"scope",
       F::text,
       names_of(indemnity_scopes()),
       {},
       {},
       "what the indemnity covers (the claim kinds of the kinds table; default all)"},
      {"cap", F::number, {}, 0.0, {}, "most the indemnifier pays for one claim"}};
  static const std::vector<FieldSpec> guarantees = {
      {"beneficiary", F::text, {}, {}, {}, "id of the creditor the guarantee is given to"},
      {"contract", F::text, {}, {}, {}, "id of the contract whose obligations are guaranteed"}};
  static const std::vector<FieldSpec> partner_in = {
      {"released",
       F::boolean,
       {},
       {},
       {},
       "on retiring, the creditors released this partner by novation (PA 1890 s.17(3))"}};
  static const std::vector<FieldSpec> performs = {
      {"akin_to_employment",
       F::boolean,
       {},
       {},
       {},
       "the performer works for the obligor in a relationship akin to employment (Various "
       "Claimants v Catholic Child Welfare Society [2012] UKSC 56): the obligor answers "
       "vicariously"}};
  static const std::vector<FieldSpec> party = {
      {"role", F::text, {}, {}, {}, "the party's role in the contract"}};
  switch (k) {
    case RelKind::owns: return owns;
    case RelKind::controls: return controls;
    case RelKind::indemnifies: return indemnifies;
    case RelKind::guarantees: return guarantees;
    case RelKind::partner_in: return partner_in;
    case RelKind::performs: return performs;
    case RelKind::party: return party;
    default: return none;
  }
}

}  // namespace

std::span<const OrganisationKind> organisation_kinds() {
  static constexpr OrganisationKind rows[] = {
      {"practice", true, "a GP practice: the constituent unit of primary care boards"},
      {"company", false, ""},
      {"nhs_trust", false, ""},
      {"commissioner", false, ""},
      {"federation", false, ""},
      {"network", false, "a primary care network"},
      {"lmc", false, "a local medical committee"},
      {"university", false, ""},
      {"local_authority", false, ""},
      {"joint_venture", false, ""},
      {"charity", false, ""},
      {"regulator", false, ""},
      {"provider_group", false,
       "a group of providers under one brand (CQC's brand): each provider is a member_of it"},
      {"other", false, ""},
  };
  return rows;
}
const OrganisationKind* find_organisation_kind(std::string_view name) {
  for (const auto& k : organisation_kinds())
    if (k.name == name) return &k;
  return nullptr;
}

std::span<const SeatKind> seat_kinds() {
  static constexpr SeatKind rows[] = {
      {"representative", true, "appointed to speak for its constituency"},
      {"expert", true, "appointed for expertise (seed 003)"},
      {"ex_officio", true, "held by virtue of an office"},
      {"independent", true, "an independent member"},
      {"observer", false, "attends and speaks, but has no vote"},
  };
  return rows;
}
const SeatKind* find_seat_kind(std::string_view name) {
  for (const auto& k : seat_kinds())
    if (k.name == name) return &k;
  return nullptr;
}

std::span<const RelKind> stated_relation_kinds() {
  static const std::vector<RelKind> kinds = [] {
    std::vector<RelKind> v;
    for (std::size_t i = 0; i < kRelKindCount; ++i)
      if (!is_implied(static_cast<RelKind>(i))) v.push_back(static_cast<RelKind>(i));
    return v;
  }();
  return kinds;
}

namespace {
std::string folded(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-' && c != ' ') out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}
/// Optimal string alignment distance (Levenshtein with adjacent transpositions).
std::size_t distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}
}  // namespace

std::string did_you_mean(std::string_view key, std::span<const std::string_view> names) {
  if (key.size() > 64) return {};  // nobody mistypes a name that long
  const std::string k = folded(key);
  std::string_view best;
  std::size_t best_d = std::max<std::size_t>(1, (k.size() + 2) / 3) + 1;
  for (std::string_view n : names) {
    const std::size_t d = distance(k, folded(n));
    if (d < best_d) {
      best_d = d;
      best = n;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
}

std::string stated_relation_kind_names() {
  std::string names;
  for (RelKind k : stated_relation_kinds()) names += (names.empty() ? "" : ", ") + std::string(to_string(k));
  return names;
}

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
      {RelKind::partner_in,
       {T::person, T::organisation},
       {T::organisation},
       "legal_form=partnership",
       "a partner in a partnership"},
      {RelKind::member_of,
       {T::person, T::organisation},
       {T::organisation},
       {},
       "membership of an organisation (a practice of a network, a company's member)"},
      {RelKind::employs, {T::organisation}, {T::person}, {}, "an employer employs a person"},
      {RelKind::owns,
       {T::person, T::organisation},
       {T::organisation, T::asset},
       {},
       "ownership, with share 0-1"},
      {RelKind::controls,
       {T::person, T::organisation},
       {T::organisation},
       {},
       "control by voting rights, board appointment or significant influence"},
      {RelKind::occupies, {T::organisation, T::person}, {T::asset}, {}, "occupation of premises"},
      {RelKind::guarantees,
       {T::person, T::organisation},
       {T::organisation, T::contract, T::obligation},
       {},
       "a guarantor answers for an organisation, a contract or an obligation"},
      {RelKind::indemnifies,
       {T::organisation},
       {T::organisation, T::person},
       {},
       "an indemnifier takes the financial exposure of the indemnified, for a scope"},
      {RelKind::accountable_to,
       {T::organisation, T::board},
       {T::organisation, T::board},
       {},
       "governance reporting"},
      {RelKind::performs, {T::person, T::organisation}, {T::obligation}, {}, "who delivers an obligation"},
      {RelKind::delegates,
       {T::organisation},
       {T::organisation},
       {},
       "the source has delegated its commissioning functions to the target (NHS Act 2006 "
       "s.13Z, s.65Z5): the target manages the source's contracts"},
      {RelKind::party,
       {T::organisation, T::person},
       {T::contract},
       {},
       "a party to a contract, in a role (implied by the contract)"},
      {RelKind::obligation_of,
       {T::obligation},
       {T::contract},
       {},
       "the contract an obligation belongs to (implied)"},
      {RelKind::flows_from,
       {T::obligation},
       {T::obligation},
       {},
       "a sub-contract obligation passes down a head obligation (implied)"},
      {RelKind::head, {T::contract}, {T::contract}, {}, "a sub-contract's head contract (implied)"},
      {RelKind::obligor,
       {T::obligation},
       {T::organisation, T::person},
       {},
       "an obligation's own obligor (implied)"},
      {RelKind::obligee,
       {T::obligation},
       {T::organisation, T::person},
       {},
       "an obligation's own obligee (implied)"},
      {RelKind::governs, {T::board}, {T::organisation}, {}, "the organisation a board governs (implied)"},
      {RelKind::seat_on, {T::seat}, {T::board}, {}, "the board a seat is on (implied)"},
      {RelKind::appointed_by, {T::seat}, {T::organisation}, {}, "who appoints to a seat (implied)"},
      {RelKind::represents, {T::seat}, {T::organisation}, {}, "a seat's constituency (implied)"},
      {RelKind::held_by, {T::seat}, {T::person}, {}, "who holds a seat (implied)"},
  }};
  return rules[static_cast<std::size_t>(k)];
}

std::span<const ContractRoles> contract_roles() {
  //  kind, obligee role, obligor role, binding, service, clinical onward needs consent, subcontract
  static const std::array<ContractRoles, 13> table = {{
      {"gms", "commissioner", "holder", true, true, true, false,
       "NHS Act 2006 s.84; GMS Contracts Regulations 2015",
       "sole_trader partnership limited_company community_interest_company", true, true},
      {"pms", "commissioner", "holder", true, true, true, false,
       "NHS Act 2006 s.92; PMS Agreements Regulations 2015", "", true, true},
      {"apms", "commissioner", "holder", true, true, true, false,
       "NHS Act 2006 s.83(2); APMS Directions 2020", "", true, true},
      {"nhs_standard", "commissioner", "holder", true, true, false, false, "NHS Standard Contract"},
      {"subcontract", "contractor", "subcontractor", true, true, false, true,
       "privity: the subcontractor answers to its contractor only"},
      {"employment", "employer", "employee", true, false, false, false, "contract of employment"},
      {"lease", "landlord", "tenant", true, false, false, false, "lease"},
      {"indemnity", "indemnified", "indemnifier", true, false, false, false, "indemnity"},
      {"mou", "", "", false, false, false, false,
       "an MoU records intentions; no intention to create legal relations"},
      {"network_agreement", "", "", true, false, false, false, "PCN Network Agreement"},
      {"jv_agreement", "", "", true, false, false, false, "joint venture agreement"},
      {"partnership_deed", "", "", true, false, false, false,
       "partnership deed (PA 1890 s.24 gives the terms it does not)"},
      {"service_agreement", "", "", true, true, false, false, "service agreement"},
  }};
  return table;
}

std::string_view to_string(LiabilityRegime r) {
  static constexpr std::string_view names[] = {"own", "one_person", "partners", "shielded"};
  return names[static_cast<int>(r)];
}

std::span<const LegalForm> legal_forms() {
  using R = LiabilityRegime;
  static const std::array<LegalForm, 9> table = {{
      {"partnership", "partnership", R::partners,
       "not a legal person; every partner is liable jointly for the firm's debts and jointly and "
       "severally for its wrongs (Partnership Act 1890 ss.9, 10, 12)"},
      {"sole_trader", "sole trader", R::one_person, "the business is its owner: one legal person"},
      {"limited_company", "limited company", R::shielded,
       "Companies Act 2006 s.3; Salomon v Salomon [1897] AC 22"},
      {"company_limited_by_guarantee", "company ltd by guarantee", R::shielded, "Companies Act 2006 s.3(3)"},
      {"community_interest_company", "CIC", R::shielded,
       "Companies (Audit, Investigations and Community Enterprise) Act 2004 s.26"},
      {"llp", "LLP", R::shielded, "Limited Liability Partnerships Act 2000 s.1"},
      {"statutory_body", "statutory body", R::own, "a body corporate created by statute"},
      {"unincorporated", "unincorporated", R::own,
       "an unincorporated association: treated here as answering for itself (assumption: who "
       "among its members is liable depends on its rules)"},
      {"other", "other form", R::own, "treated as a legal person of its own (assumption)"},
  }};
  return table;
}

const LegalForm* find_legal_form(std::string_view name) {
  for (const auto& f : legal_forms())
    if (f.name == name) return &f;
  return nullptr;
}

std::string_view to_string(ClaimKind k) { return k == ClaimKind::contract ? "contract" : "negligence"; }
std::optional<ClaimKind> claim_kind_from(std::string_view s) {
  if (s == "contract") return ClaimKind::contract;
  if (s == "negligence") return ClaimKind::negligence;
  return std::nullopt;
}

std::span<const IndemnityScope> indemnity_scopes() {
  constexpr std::uint8_t C = static_cast<std::uint8_t>(ClaimKind::contract);
  constexpr std::uint8_t N = static_cast<std::uint8_t>(ClaimKind::negligence);
  static const std::array<IndemnityScope, 5> table = {{
      {"all", C | N, "", "", "an indemnity against every liability of the indemnified"},
      {"contract", C, "", "", "a contractual indemnity against claims for breach of contract"},
      {"clinical_negligence", N, "clinical", "",
       "clinical negligence claims by patients (a medical defence organisation, or the state "
       "scheme): never a commissioner's contract claim"},
      {"cnsgp", N, "clinical", "2019-04-01",
       "the Clinical Negligence Scheme for General Practice (NHS (Clinical Negligence Scheme for "
       "General Practice) Regulations 2019, SI 2019/334), for incidents from 2019-04-01: "
       "negligence claims for NHS clinical services only"},
      {"negligence", N, "", "", "third-party negligence claims of any kind (public liability)"},
  }};
  return table;
}

const IndemnityScope* find_indemnity_scope(std::string_view name) {
  for (const auto& s : indemnity_scopes())
    if (s.name == name) return &s;
  return nullptr;
}

const ContractRoles* find_contract_roles(std::string_view kind) {
  for (const auto& r : contract_roles())
    if (r.kind == kind) return &r;
  return nullptr;
}

}  // namespace govgraph
