// accountability.hpp — who is accountable to whom, and for what (DESIGN.md, "Accountability
// rules"): accountability edges, liability paths, breach analysis and flow-down gaps.
//
// Every query reads a const Model and an optional day (`as_of`: only nodes and relations in
// force that day count). The rules, in one place (src/accountability.cpp), and docs/
// accountability.md explains each in plain English:
//   1 contract       a binding contract's obligor answers to its obligee for each obligation
//   2 sub-contract   the head holder keeps its accountability; the subcontractor answers to the
//                    holder only; chains nest
//   3 flow-down      gaps: not_flowed_down, no_performer, cap_below_exposure,
//                    onward_subcontracting (cycles of sub-contracting are refused by the Model)
//   4 partnership    each partner is jointly and severally liable for the partnership's
//                    obligations
//   5 limited        a company, CLG, CIC or LLP shields its members; a `guarantees` relation
//                    carries liability on to the guarantor
//   6 vicarious      an employer answers for the work of its employees
//   7 indemnity      an `indemnifies` relation moves financial exposure for its scope, not the
//                    accountability
//   8 non-binding    an MoU (binding=false) creates accountability marked not enforceable
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "govgraph/model.hpp"

namespace govgraph {

/// No node (an accountability without a contract or obligation, a path without a performer).

/// On what basis one party answers to another.
enum class Basis : std::uint8_t {
  contract, subcontract, joint_and_several, vicarious, guarantee, indemnity, non_binding
};
[[nodiscard]] std::string_view to_string(Basis b);

/// One accountability edge: `party` answers to `to` for `obligation` under `contract`.
struct Accountability {
  NodeIndex party = kNoNode, to = kNoNode;
  NodeIndex obligation = kNoNode, contract = kNoNode;
  Basis basis = Basis::contract;
  bool enforceable = true;
};

/// Every accountability edge of the model, by the eight rules. O(N + R).
[[nodiscard]] std::vector<Accountability> accountability_edges(const Model& model, Date as_of = {});
/// The edges where `party` answers to someone. O(N + R).
[[nodiscard]] std::vector<Accountability> accountability(const Model& model, std::string_view party,
                                                         Date as_of = {});

/// One step of a liability path: `debtor` answers to `creditor`.
struct Hop {
  NodeIndex debtor = kNoNode, creditor = kNoNode;
  Basis basis = Basis::contract;
  NodeIndex contract = kNoNode, obligation = kNoNode;
  bool enforceable = true;
  std::vector<NodeIndex> jointly_liable;  ///< partners liable with the debtor (rule 4)
  std::vector<NodeIndex> guarantors;      ///< who guarantees the debtor (rule 5)
  std::vector<NodeIndex> shielded;        ///< members a limited debtor shields (rule 5)
};

/// A route from whoever performs an obligation up to the final obligee.
struct LiabilityPath {
  std::vector<NodeIndex> nodes;  ///< performer ... final obligee
  std::vector<Hop> hops;         ///< nodes.size() - 1 hops, performer first
};

/// Every path from the performers of `obligation`'s flow-down tree (its deepest sub-contracted
/// obligations: their `performs` employees, or their obligors) up through the head contracts to
/// the final obligee. O(size of the flow-down tree + relations of the parties on it).
[[nodiscard]] std::vector<LiabilityPath> liability_paths(const Model& model,
                                                         std::string_view obligation,
                                                         Date as_of = {});
/// Liability paths of every obligation that is not itself flowed down from another (one pass).
[[nodiscard]] std::vector<LiabilityPath> all_liability_paths(const Model& model, Date as_of = {});

/// A claim one party may bring against another after a breach.
struct Claim {
  NodeIndex claimant = kNoNode, respondent = kNoNode;
  Basis basis = Basis::contract;
  NodeIndex contract = kNoNode, obligation = kNoNode;
  bool enforceable = true;
  double recoverable = std::numeric_limits<double>::quiet_NaN();  ///< NaN without a loss
  double cap = std::numeric_limits<double>::quiet_NaN();          ///< the contract's cap, if any
};

/// What a breach leads to: the claims in order (from the final obligee down to the party in
/// breach), what each party is left bearing, who limited liability shields, and notes.
struct BreachReport {
  NodeIndex obligation = kNoNode, by = kNoNode;
  double loss = std::numeric_limits<double>::quiet_NaN();
  std::vector<Claim> claims;
  std::vector<std::pair<NodeIndex, double>> borne;     ///< party -> amount left with it
  std::vector<std::pair<NodeIndex, double>> exposure;  ///< party -> most it can be made to pay
  std::vector<NodeIndex> shielded;
  std::vector<std::string> notes;
};

/// Breach of `obligation` by `by` (its obligor, a subcontractor below it, or an employee who
/// performs it), with an optional loss amount (NaN: none).
[[nodiscard]] BreachReport breach(const Model& model, std::string_view obligation,
                                  std::string_view by,
                                  double loss = std::numeric_limits<double>::quiet_NaN(),
                                  Date as_of = {});

/// Kinds of flow-down gap.
enum class GapKind : std::uint8_t {
  not_flowed_down, no_performer, cap_below_exposure, onward_subcontracting
};
[[nodiscard]] std::string_view to_string(GapKind k);

/// A flow-down gap: `obligation` of `contract` (held by `holder`) and the `subcontract`
/// concerned (kNoNode when none).
struct Gap {
  NodeIndex contract = kNoNode, obligation = kNoNode, holder = kNoNode, subcontract = kNoNode;
  GapKind kind = GapKind::not_flowed_down;
  std::string detail;
};

/// Every flow-down gap of the model. O(N + R).
[[nodiscard]] std::vector<Gap> flow_down_gaps(const Model& model, Date as_of = {});

}  // namespace govgraph
