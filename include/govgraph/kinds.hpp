// kinds.hpp — the vocabulary of the model: node types, relation kinds, field values, and the
// rules that say which fields a node type has and which endpoint types a relation kind joins.
//
// This is the single table the model, the file reader and the bindings all consult; nothing
// else may re-list kinds or endpoint rules. It must stay free of Boost and of any query logic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace govgraph {

/// The seven node types of the domain model.
enum class NodeType : std::uint8_t { organisation, person, contract, obligation, board, seat, asset };
inline constexpr std::size_t kNodeTypeCount = 7;

/// Relation kinds. Most are stated by users (`add_relation`, the file's `relations`); those for
/// which `is_implied` is true are implied by contracts, obligations, boards and seats and are
/// added only through them. The order of the enum carries no meaning.
enum class RelKind : std::uint8_t {
  partner_in,
  member_of,
  employs,
  owns,
  controls,
  occupies,
  guarantees,
  indemnifies,
  accountable_to,
  performs,
  delegates,
  // implied
  party,
  obligation_of,
  flows_from,
  head,
  obligor,
  obligee,
  governs,
  seat_on,
  appointed_by,
  represents,
  held_by
};
inline constexpr std::size_t kRelKindCount = 22;

/// A field or attribute value: bool, integer, number or text.
using Value = std::variant<bool, std::int64_t, double, std::string>;
/// Named values of a node or relation (fields and free attributes), ordered by name.
using Props = std::map<std::string, Value, std::less<>>;

[[nodiscard]] std::string_view to_string(NodeType t);
[[nodiscard]] std::string_view to_string(RelKind k);
/// Plural used as the section name in files ("organisations", "people", ...).
[[nodiscard]] std::string_view plural(NodeType t);
[[nodiscard]] std::optional<NodeType> node_type_from(std::string_view s);
[[nodiscard]] std::optional<RelKind> rel_kind_from(std::string_view s);
/// True for kinds implied by contracts, boards and seats (not stated by users directly).
[[nodiscard]] constexpr bool is_implied(RelKind k) {
  switch (k) {
    case RelKind::party:
    case RelKind::obligation_of:
    case RelKind::flows_from:
    case RelKind::head:
    case RelKind::obligor:
    case RelKind::obligee:
    case RelKind::governs:
    case RelKind::seat_on:
    case RelKind::appointed_by:
    case RelKind::represents:
    case RelKind::held_by: return true;
    default: return false;
  }
}
/// The relation kinds users state (`add_relation`, the file's `relations`), in the order of
/// the enum; what error messages list.
[[nodiscard]] std::span<const RelKind> stated_relation_kinds();
/// Their names, comma-separated, for error messages.
[[nodiscard]] std::string stated_relation_kind_names();
/// For error messages about a name nobody defined: " (did you mean 'list_size'?)" when one of
/// `names` is near `key` (edit distance, ignoring case and underscores, at most a third of its
/// length), else empty.
[[nodiscard]] std::string did_you_mean(std::string_view key, std::span<const std::string_view> names);
/// Renders a value the way the file format writes it (text unquoted).
[[nodiscard]] std::string to_string(const Value& v);

/// The type a field's value must have.
/// `rules`: a board's decision rules, held as canonical JSON text (a list of objects), written
/// in files as that list (docs/format.md).
enum class FieldType : std::uint8_t { text, integer, number, boolean, rules };

/// A known field of a node type or relation kind, with its type and, for enumerations, the
/// values it may take; numeric fields may carry bounds.
struct FieldSpec {
  std::string_view name;
  FieldType type;
  std::vector<std::string_view> allowed;  ///< empty: any value of the type
  std::optional<double> min, max;
  std::string_view doc;
};

/// The fields of a node type beyond id, name, start and end.
[[nodiscard]] std::span<const FieldSpec> node_fields(NodeType t);
/// The fields of a relation kind beyond source, target, start and end.
[[nodiscard]] std::span<const FieldSpec> relation_fields(RelKind k);
/// The known field `name` of `t`, or null if `name` is a free attribute there.
[[nodiscard]] const FieldSpec* find_field(NodeType t, std::string_view name);
[[nodiscard]] const FieldSpec* find_field(RelKind k, std::string_view name);

/// Which node types a relation kind may join, and an extra condition on the target.
struct EndpointRule {
  RelKind kind;
  std::vector<NodeType> sources;
  std::vector<NodeType> targets;
  std::string_view target_condition;  ///< e.g. "legal_form=partnership"; empty if none
  std::string_view doc;
};
/// The endpoint rule of `k`.
[[nodiscard]] const EndpointRule& endpoint_rule(RelKind k);

/// Contract kinds and who owes whom under each (DESIGN.md, "Domain model").
struct ContractRoles {
  std::string_view kind;
  std::string_view obligee_role;  ///< empty: each obligation names its own obligee
  std::string_view obligor_role;  ///< empty: each obligation names its own obligor
  bool binding = true;            ///< binds unless the contract says `binding: false`
  bool service = false;           ///< delivers a service (an obligation needs a performer)
  /// A head contract of this kind (GMS, PMS, APMS) requires a clinical sub-contract to forbid
  /// onward sub-contracting unless the commissioner agrees (GMS Contracts Regulations 2015
  /// Sch 3 para 44; PMS Agreements Regulations 2015 Sch 2; the APMS model contract).
  bool clinical_onward_needs_consent = false;
  bool subcontract = false;  ///< a sub-contract under a head contract (basis `subcontract`)
  std::string_view basis;    ///< legal basis of the roles, for the docs
  /// The legal forms that may hold it, space-separated (empty: any); for GMS, NHS Act 2006
  /// s.86(2): a medical practitioner, a partnership of individuals, a company limited by shares
  /// with a medical practitioner shareholder. lint() reports a holder of another form.
  std::string_view holder_forms = {};
  /// NHS primary medical services (GMS, PMS, APMS): what CNSGP covers (SI 2019/334).
  bool primary_medical_services = false;
  /// A change of partners varies the contract, so the partners of the day are its parties (GMS,
  /// PMS, APMS). Otherwise a partner who joined after the contract was made is not liable under
  /// it (Partnership Act 1890 s.17(1)).
  bool varied_on_partner_change = false;
};
[[nodiscard]] std::span<const ContractRoles> contract_roles();
[[nodiscard]] const ContractRoles* find_contract_roles(std::string_view kind);

/// How the law treats the owners or members of a legal form when it owes something
/// (DESIGN.md rules 4 and 5, "Claims by kind").
enum class LiabilityRegime : std::uint8_t {
  own,         ///< a legal person of its own; nobody else answers for it (statutory bodies...)
  one_person,  ///< a sole trader: the business and its owner are one legal person
  partners,    ///< a partnership: every partner liable, jointly for its debts (PA 1890 s.9), jointly
               ///< and severally for its wrongs (s.12)
  shielded,    ///< limited liability: members and shareholders are not liable beyond their stake
};
[[nodiscard]] std::string_view to_string(LiabilityRegime r);
struct LegalForm {
  std::string_view name;
  std::string_view label;  ///< as shown in pictures ("company ltd by guarantee")
  LiabilityRegime regime;
  std::string_view basis;  ///< the statute or case behind the regime
};
[[nodiscard]] std::span<const LegalForm> legal_forms();
/// The form called `name`; null if unknown. An organisation without a legal form is `own`.
[[nodiscard]] const LegalForm* find_legal_form(std::string_view name);

/// Organisation kinds. `constituent`: the units a board's coverage is measured over when no
/// population is given (DESIGN.md, "Representation": "all practices of an area, say").
struct OrganisationKind {
  std::string_view name;
  bool constituent = false;
  std::string_view doc;
};
[[nodiscard]] std::span<const OrganisationKind> organisation_kinds();
[[nodiscard]] const OrganisationKind* find_organisation_kind(std::string_view name);

/// Seat kinds (DESIGN.md, "Domain model": seat). `votes`: whether a seat of the kind votes at
/// all (an observer does not: it may not be given votes); a voting seat casts `votes`, default 1.
struct SeatKind {
  std::string_view name;
  bool votes = true;
  std::string_view doc;
};
[[nodiscard]] std::span<const SeatKind> seat_kinds();
/// The kind called `name`; null if unknown. A seat without a kind is `kDefaultSeatKind`.
[[nodiscard]] const SeatKind* find_seat_kind(std::string_view name);
inline constexpr std::string_view kDefaultSeatKind = "representative";

/// Kinds of claim (DESIGN.md, "Claims by kind"), as bits so that a scope can cover several.
enum class ClaimKind : std::uint8_t { contract = 1, negligence = 2 };
[[nodiscard]] std::string_view to_string(ClaimKind k);
[[nodiscard]] std::optional<ClaimKind> claim_kind_from(std::string_view s);

/// What an `indemnifies` relation's scope covers: which claim kinds, for obligations of which
/// category (empty: any), from which date (none: whenever the relation is in force).
struct IndemnityScope {
  std::string_view name;
  std::uint8_t claims;        ///< bits of ClaimKind
  std::string_view category;  ///< obligations of this category only; empty: any obligation
  std::string_view from;      ///< ISO date the scheme began; empty: no such limit
  std::string_view basis;
};
[[nodiscard]] std::span<const IndemnityScope> indemnity_scopes();
[[nodiscard]] const IndemnityScope* find_indemnity_scope(std::string_view name);

}  // namespace govgraph
