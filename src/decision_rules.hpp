// decision_rules.hpp — PRIVATE: a board's decision rules (the `rules` field, DESIGN.md "Boards
// as they vote"), read strictly from their JSON text and written back in one canonical form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "govgraph/representation.hpp"

namespace govgraph::detail {

/// The canonical text of the decision rules `text` (a JSON list of rule objects: keys in a fixed
/// order, numbers as given), or a ModelError naming `ctx`, the rule and the key: unknown keys
/// (with the nearest known one), a missing name or quota, duplicate names, a quota that is not a
/// fraction below 1 or a whole number, an unknown quota_rule.
[[nodiscard]] std::string canonical_rules(std::string_view text, const std::string& ctx);

/// The rules of canonical text (as canonical_rules wrote it).
[[nodiscard]] std::vector<DecisionRule> parse_rules(std::string_view canonical);

}  // namespace govgraph::detail
