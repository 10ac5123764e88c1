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

/// Relation kinds. The first ten are stated by users (`add_relation`, the file's `relations`);
/// the rest are implied by contracts, obligations, boards and seats and are added only through
/// them.
enum class RelKind : std::uint8_t {
  partner_in, member_of, employs, owns, controls, occupies, guarantees, indemnifies,
  accountable_to, performs,
  // implied
  party, obligation_of, flows_from, head, obligor, obligee, governs, seat_on, appointed_by,
  represents, held_by
};
inline constexpr std::size_t kRelKindCount = 21;
inline constexpr std::size_t kStatedRelKindCount = 10;

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
  return static_cast<std::size_t>(k) >= kStatedRelKindCount;
}
/// Renders a value the way the file format writes it (text unquoted).
[[nodiscard]] std::string to_string(const Value& v);

/// The type a field's value must have.
enum class FieldType : std::uint8_t { text, integer, number, boolean };

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
};
[[nodiscard]] std::span<const ContractRoles> contract_roles();
[[nodiscard]] const ContractRoles* find_contract_roles(std::string_view kind);

}  // namespace govgraph
