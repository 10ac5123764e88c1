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
/// head goes, their obligations, obligations all of whose named obligors (or obligees) go,
/// boards of removed organisations and their seats, and every
/// relation touching a removed node (seats they held or appointed stay, vacant). O(N + R).
[[nodiscard]] Model without(const Model& model, const std::vector<std::string>& ids);

/// The same, `as_of` deciding which links are current for the seats vacated: with no date, a
/// relation with no end; with a date, one in force that day. (impact passes its as_of.)
[[nodiscard]] Model without(const Model& model, const std::vector<std::string>& ids, Date as_of);

/// The model of current facts: the nodes and relations with no end date (and the obligations
/// and seats of ended contracts and boards). What impact reads when it is given no as_of. O(N + R).
[[nodiscard]] Model current(const Model& model);

/// Novation: from `on`, `replacement` takes `old`'s place in every contract, seat and relation
/// (each relation in force across `on` is split: it ends on `on` for `old` and starts on `on`
/// for `replacement`); before `on` nothing changes. Both must exist and be of one type. O(N + R).
[[nodiscard]] Model replace(const Model& model, std::string_view old, std::string_view replacement, Date on);

/// The ids removed by without(model, ids), dependants included, in model order.
[[nodiscard]] std::vector<std::string> removed_by(const Model& model, const std::vector<std::string>& ids);

// -- impact (src/impact.cpp; docs/scenarios.md, "Impact") ---------------------------------------

/// What impact reads: `weight` the organisations' field counted as patients (list_size by
/// default; an unknown name is an error with a did-you-mean); `as_of` the day (none: the current
/// facts, those with no end date, as current() gives them).
struct ImpactOptions {
  std::string_view weight = "list_size";
  Date as_of = {};
};

/// A root obligation (one that flows from no other) left without a performer: before the change
/// its delivery was passed down through in-force sub-contracted obligations to the parties that
/// performed it (`delivered_by`); a removed node broke that chain and, after the change, no chain
/// from it ends at any of them, so `holder` answers to `received_by` for an obligation it had
/// sub-contracted away.
struct UndeliveredObligation {
  std::string obligation, contract;
  std::string holder;                     ///< the obligor: who answers to the commissioner
  std::vector<std::string> received_by;   ///< the obligees (the commissioner)
  std::vector<std::string> delivered_by;  ///< who performed it before: the obligors at the chain's ends
  double patients = 0;                    ///< the holder's weight; NaN when unknown
};

/// An obligation whose receiver (obligee) was removed while whoever delivered it stays: it is
/// left without its beneficiary, not without a performer.
struct UnreceivedObligation {
  std::string obligation, contract;
  std::vector<std::string> delivered_by;  ///< its obligors (none of them removed)
  std::vector<std::string> received_by;   ///< its obligees that were removed
};

/// A board the change leaves unable to act: its seats that vote fall below its quorum, or it can
/// no longer pass a motion under its first decision rule (representation(): `quorate`,
/// `can_decide`).
struct BoardImpact {
  std::string board;
  bool quorate_before = true, quorate_after = true;
  bool can_decide_before = true, can_decide_after = true;
  std::string reason;  ///< why it cannot decide after (the error representation gave), if any
};

/// What removing some nodes (organisations, people, contracts...) does to a model.
struct Impact {
  std::vector<std::string> removed;  ///< the ids removed, dependants included, in model order
  std::vector<UndeliveredObligation> without_performer;
  std::vector<UnreceivedObligation> without_beneficiary;
  /// The practices affected, each once: the holders of obligations left without a performer,
  /// then the holders of the primary medical services contracts removed (GMS, PMS, APMS; with
  /// their commissioner too), then the removed organisations whose kind is practice. Obligations
  /// whose contract was removed are in `removed` only, not in without_performer/_beneficiary.
  std::vector<std::string> practices_affected;
  double patients_affected = 0;             ///< the sum of their weights (those known)
  std::vector<std::string> weight_unknown;  ///< affected practices with no weight
  std::vector<std::string> seats_vacated;   ///< seats without their current appointer or only holder
  std::vector<std::string> seats_removed;   ///< seats gone with their board
  std::vector<BoardImpact> boards;          ///< boards quorate or able to decide before, not after
  /// Root obligations whose liability paths (as node ids) differ after the change; only roots
  /// whose flow-down tree the change touches are compared.
  std::vector<std::string> paths_changed;
  Model after;  ///< the model after the change (with no as_of: of the current facts)
};

/// The impact of removing `ids` (and what depended on them, as without() decides): compares the
/// model with without(model, ids), both read on options.as_of (none: current facts). Unknown ids
/// are an UnknownIdError listing them. O(N + R) plus representation() of each board that lost a
/// seat and liability_paths() of each root obligation whose tree the change touches.
[[nodiscard]] Impact impact(const Model& model, const std::vector<std::string>& ids,
                            const ImpactOptions& options = {});

// -- diff (src/impact.cpp; docs/scenarios.md, "Diff") -------------------------------------------

/// One difference between two models.
struct DiffRow {
  std::string change;  ///< added, removed, changed
  std::string what;    ///< node, relation
  std::string id;      ///< a node's id, or "source -kind-> target"
  std::string type;    ///< the node's type, or the relation's kind
  std::string detail;  ///< a changed node: "key: old -> new; ..."; a relation: its dates
};

/// What changed from `a` to `b`: nodes matched by id (obligations and seats included; a node's
/// name, dates, fields, attributes and the links it owns: parties, board, appointer...), stated
/// relations as a multiset of their whole content (kind, endpoints, dates, share, fields and
/// attributes), matched by hashing. Rows: nodes of b added or changed (b's order), nodes of a
/// removed (a's order), relations added (b's order), relations removed (a's order). O(N + R).
[[nodiscard]] std::vector<DiffRow> diff(const Model& a, const Model& b);

}  // namespace govgraph
