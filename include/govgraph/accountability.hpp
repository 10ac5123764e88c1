// accountability.hpp — who is accountable to whom, and for what (DESIGN.md, "Accountability
// rules"): accountability edges, liability paths, breach analysis and flow-down gaps.
//
// Every query reads a const Model and an optional day (`as_of`: only nodes and relations in
// force that day count). The rules live in one place, the rules layer (src/rules.{hpp,cpp}, its
// table at the top of rules.hpp), and every query here reads the edges it gives; docs/
// accountability.md gives each rule's statute or case and its tests:
//   1 contract       a binding contract's obligor answers to its obligee for each obligation
//   2 sub-contract   the head holder keeps its accountability; the subcontractor answers to the
//                    holder only (privity); chains nest
//   3 flow-down      gaps: not_flowed_down, no_performer, cap_below_exposure,
//                    onward_subcontracting, circular_subcontracting
//   4 partnership    partners answer for the firm's obligations (PA 1890 ss.9, 12), dated
//                    (s.17); a sole trader's owner is the same legal person
//   5 limited        a company, CLG, CIC or LLP shields its members; a guarantee answers to the
//                    creditor it names
//   6 employment /   an employee who performs answers to its employer (contract); the employer
//     vicarious      answers to the person harmed (negligence), never to an obligee it has no
//                    contract with
//   7 indemnity      an `indemnifies` relation moves financial exposure for its scope's claim
//                    kinds, not the accountability
//   8 non-binding    an MoU (binding=false) creates accountability marked not enforceable
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "govgraph/kinds.hpp"
#include "govgraph/model.hpp"

namespace govgraph {

/// On what basis one party answers to another. The last four are newer than the first seven.
enum class Basis : std::uint8_t {
  contract,
  subcontract,
  joint_and_several,
  vicarious,
  guarantee,
  indemnity,
  non_binding,
  employment,     ///< an employee who performs answers to the employer that owes the work
  personal,       ///< the performer's own duty of care to those it serves (negligence)
  non_delegable,  ///< the obligor of a non_delegable obligation answers in negligence
  one_person,     ///< the owner of a sole trader: the same legal person as the business
};
/// True for the edges a liability path is made of: the contract chain (rules 1, 2, 8).
[[nodiscard]] constexpr bool is_chain(Basis b) {
  return b == Basis::contract || b == Basis::subcontract || b == Basis::non_binding;
}

[[nodiscard]] std::string_view to_string(Basis b);

/// One accountability edge, as the rules layer (src/rules.cpp) gives it: `party` answers to
/// `to` (kNoNode: the third party harmed, for a negligence claim) for `obligation` under
/// `contract`, by `claim` kind; `via` is the party whose liability this one derives from (the
/// firm of a partner, the employee of an employer, the debtor of a guarantor or indemnifier);
/// `managed_by` the body the creditor has delegated its functions to; start/end the dates the
/// edge holds (none: open).
struct Accountability {
  NodeIndex party = kNoNode, to = kNoNode;
  NodeIndex obligation = kNoNode, contract = kNoNode;
  Basis basis = Basis::contract;
  bool enforceable = true;
  ClaimKind claim = ClaimKind::contract;
  NodeIndex via = kNoNode, managed_by = kNoNode;
  Date start, end;
};

/// Every accountability edge of the model, by the rules. O(N + R).
[[nodiscard]] std::vector<Accountability> accountability_edges(const Model& model, Date as_of = {});
/// The edges where `party` answers to someone. O(N + R).
[[nodiscard]] std::vector<Accountability> accountability(const Model& model, std::string_view party,
                                                         Date as_of = {});

/// One step of a liability path: `debtor` answers to `creditor` (a contract-claim edge).
struct Hop {
  NodeIndex debtor = kNoNode, creditor = kNoNode;
  Basis basis = Basis::contract;
  NodeIndex contract = kNoNode, obligation = kNoNode;
  bool enforceable = true;
  std::vector<NodeIndex> jointly_liable;  ///< partners liable with the debtor (rule 4)
  std::vector<NodeIndex> guarantors;      ///< who guarantees the debtor to this creditor (rule 5)
  std::vector<NodeIndex> shielded;        ///< members a limited debtor shields (rule 5)
  NodeIndex managed_by = kNoNode;         ///< the creditor's delegate, if any
  Date start, end;                        ///< the days the hop holds (its edge's; none: open)
};

/// A route from whoever performs an obligation up to the final obligee.
struct LiabilityPath {
  std::vector<NodeIndex> nodes;  ///< performer ... final obligee
  std::vector<Hop> hops;         ///< nodes.size() - 1 hops, performer first
};

/// Default limit on the paths one call enumerates (`max_paths`).
inline constexpr std::uint64_t kDefaultMaxPaths = 100'000;

/// Every path from the performers of `obligation`'s flow-down tree up through the head
/// contracts to the final obligee. The paths are counted first (O(edges of the tree)); more than
/// `max_paths` is a ModelError `too_many_paths` (use liability_graph). O(paths × depth).
[[nodiscard]] std::vector<LiabilityPath> liability_paths(const Model& model, std::string_view obligation,
                                                         Date as_of = {},
                                                         std::uint64_t max_paths = kDefaultMaxPaths);
/// Liability paths of every obligation that is not itself flowed down from another.
[[nodiscard]] std::vector<LiabilityPath> all_liability_paths(const Model& model, Date as_of = {},
                                                             std::uint64_t max_paths = kDefaultMaxPaths);
/// How many paths liability_paths would give (saturating at UINT64_MAX). O(edges of the tree).
[[nodiscard]] std::uint64_t count_liability_paths(const Model& model, std::string_view obligation,
                                                  Date as_of = {});

/// The compact form of the paths: each hop once, with the number of paths through it.
struct WeightedHop {
  Hop hop;
  std::uint64_t paths = 0;  ///< saturating at UINT64_MAX
};
/// Every hop of `obligation`'s paths once, with its multiplicity. O(edges of the tree).
[[nodiscard]] std::vector<WeightedHop> liability_graph(const Model& model, std::string_view obligation,
                                                       Date as_of = {});

/// A claim one party may bring against another after a breach.
struct Claim {
  NodeIndex claimant = kNoNode, respondent = kNoNode;  ///< claimant kNoNode: the person harmed
  Basis basis = Basis::contract;
  NodeIndex contract = kNoNode, obligation = kNoNode;
  bool enforceable = true;
  double recoverable = std::numeric_limits<double>::quiet_NaN();  ///< NaN without a loss
  double cap = std::numeric_limits<double>::quiet_NaN();          ///< the contract's cap, if any
  Date start, end;  ///< the days the liability claimed on holds (none: open)
};

/// What a breach leads to: the claims in order (from the final obligee down to the party in
/// breach), what each party is left bearing, who limited liability shields, and notes.
struct BreachReport {
  NodeIndex obligation = kNoNode, by = kNoNode;
  double loss = std::numeric_limits<double>::quiet_NaN();
  ClaimKind claim = ClaimKind::contract;
  Date on;  ///< the date of the breach the answer used
  std::vector<Claim> claims;
  std::vector<std::pair<NodeIndex, double>> borne;     ///< party -> amount left with it
  std::vector<std::pair<NodeIndex, double>> exposure;  ///< party -> most it can be made to pay
  /// partnership or sole trader -> the share that fell on its partners or owner (in `borne`)
  std::vector<std::pair<NodeIndex, double>> passed_to_owners;
  std::vector<NodeIndex> shielded;
  std::vector<std::string> notes;
};

/// One obligation breached, with its loss (NaN: none).
struct BreachItem {
  std::string obligation;
  double loss = std::numeric_limits<double>::quiet_NaN();
};

/// Breach of `obligation` by `by` (its obligor, a subcontractor below it, a partner of the
/// obligor, or whoever performs it), with an optional loss, for a claim of kind `claim` made
/// about a breach on `on` (none: `as_of`, else today). O(edges of the model).
[[nodiscard]] BreachReport breach(const Model& model, std::string_view obligation, std::string_view by,
                                  double loss = std::numeric_limits<double>::quiet_NaN(), Date as_of = {},
                                  ClaimKind claim = ClaimKind::contract, Date on = {}, bool to_owners = true);
/// Several obligations breached together by `by`: claims under one contract with
/// `cap_basis: aggregate` share its cap. `to_owners=false` leaves a firm's share on the firm
/// (for chaining recourse under further agreements; the firm is still not a legal person).
[[nodiscard]] BreachReport breach(const Model& model, const std::vector<BreachItem>& items,
                                  std::string_view by, Date as_of = {}, ClaimKind claim = ClaimKind::contract,
                                  Date on = {}, bool to_owners = true);

/// Kinds of flow-down gap.
enum class GapKind : std::uint8_t {
  not_flowed_down,
  no_performer,
  cap_below_exposure,
  onward_subcontracting,
  circular_subcontracting
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

/// An arrangement the law or the contracts do not allow, or that cannot work as written.
struct Finding {
  std::string kind;  ///< e.g. gms_holder_form, corporate_partner, partner_employed_by_firm
  NodeIndex subject = kNoNode;
  NodeIndex other = kNoNode;
  std::string detail;
  std::string basis;  ///< the statute, regulation or case
};
/// Every finding of the model (DESIGN.md, "Lint"). O(N + R).
[[nodiscard]] std::vector<Finding> lint(const Model& model, Date as_of = {});

}  // namespace govgraph
