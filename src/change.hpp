// change.hpp — PRIVATE: change over time (DESIGN.md, "Time and scenarios"): ending nodes and
// relations, an organisation withdrawing from an arrangement, fields given new values from a
// date. Model's methods (model.cpp) take the model's write lock and call these; each checks
// everything it will do before it changes anything, so that a refusal leaves the store as it was.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "govgraph/model.hpp"
#include "store.hpp"

namespace govgraph::detail {

/// Records that node `n` ends on `on`.
void end_node(Store& s, NodeIndex n, Date on);
/// The relation `ref` names that is in force on `on` (see Model::end(RelationRef)).
[[nodiscard]] RelIndex relation_to_end(const Store& s, const RelationRef& ref, Date on);
/// Records that relation `r` ends on `on`.
void end_relation(Store& s, RelIndex r, Date on);
/// Every relation `ref` names, whatever its dates.
[[nodiscard]] std::vector<RelIndex> relations_named(const Store& s, const RelationRef& ref);
/// See Model::withdraw.
std::vector<Ended> withdraw(Store& s, NodeIndex org, NodeIndex arrangement, Date on, bool vacate_seats);
/// See Model::set. `fields` are checked (and normalised) first. `for_good`: the values hold
/// from `on` for ever, whatever was set for later days.
void set_fields(Store& s, NodeIndex n, Date on, Props fields, bool for_good = false);
/// Seat `seat` is vacant from `on` (or its start, if later) for good.
void vacate(Store& s, NodeIndex seat, Date on);

/// A field's values over time: (from, value) from the earliest (from = none: since always;
/// value none: not given then) to the value in force now, the node's own.
using Timeline = std::vector<std::pair<Date, std::optional<Value>>>;
[[nodiscard]] Timeline timeline(const Store& s, NodeIndex n, std::string_view key);
/// True when the text field of timeline `t` is `want` on every day of [start, end).
[[nodiscard]] bool holds_throughout(const Timeline& t, Date start, Date end, std::string_view want);
/// Gives node `n` these timelines of its fields (each canonical: no value twice in a row; the
/// last its value now), after checking that every combination of its fields on every day one
/// changes is valid and that the relations `in_rels` into it whose endpoint rule needs one of
/// these fields (partner_in: a partnership) find it while they are in force.
void put_timelines(Store& s, NodeIndex n, std::vector<std::pair<std::string, Timeline>> timelines,
                   const std::vector<RelIndex>& in_rels, const std::string& ctx);

}  // namespace govgraph::detail
