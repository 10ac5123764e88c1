// scenario.hpp — time and what-if (DESIGN.md, "Time and scenarios"): the model as of a day,
// without some nodes, with one party novated to another, the impact of losing nodes.
//
// Every function returns a new Model (a copy: O(N + R) time and memory) and leaves its argument
// untouched; queries that only need one day should pass `as_of` instead, which costs nothing.
#pragma once

#include <string>
#include <vector>

#include "govgraph/model.hpp"

namespace govgraph {

/// The model as in force on `day`: the nodes and relations whose dates cover it. O(N + R).
[[nodiscard]] Model as_of(const Model& model, Date day);

/// The model without `ids` and everything that depended on them: contracts that lose a party
/// in an obliged role (or an agreement left with fewer than two parties), sub-contracts whose
/// head goes, their obligations, boards of removed organisations and their seats, and every
/// relation touching a removed node (seats they held or appointed stay, vacant). O(N + R).
[[nodiscard]] Model without(const Model& model, const std::vector<std::string>& ids);

/// Novation: from `on`, `replacement` takes `old`'s place in every contract, seat and relation
/// (each relation in force across `on` is split: it ends on `on` for `old` and starts on `on`
/// for `replacement`); before `on` nothing changes. Both must exist and be of one type. O(N + R).
[[nodiscard]] Model replace(const Model& model, std::string_view old, std::string_view replacement, Date on);

/// The ids removed by without(model, ids), dependants included, in model order.
[[nodiscard]] std::vector<std::string> removed_by(const Model& model, const std::vector<std::string>& ids);

}  // namespace govgraph
