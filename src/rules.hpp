// rules.hpp — PRIVATE: the one home of the accountability rules (DESIGN.md, "Accountability
// rules", "One home for the rules", "Claims by kind"). `Rules` applies every rule once, to the
// dated view `Q`, and gives the accountability edges; every accountability query (rows, paths,
// breach, gaps, lint, pictures through the bindings) reads these edges and decides no rule of
// its own. What a rule needs to know about a kind comes from the kinds table (kinds.hpp).
//
//   rule                     edge (party -> to)                     basis            claim
//   1 contract               obligor -> obligee                     contract         contract
//   2 sub-contract           subcontractor -> contractor only       subcontract      contract
//   8 non-binding            obligor -> obligee, not enforceable    non_binding      contract
//   4 partnership            partner -> creditor of the firm        joint_and_several both
//     sole trader            owner -> creditor (one legal person)   one_person       both
//   5 guarantee              guarantor -> the creditor it names     guarantee        contract
//   6 employment             performing employee -> its employer,   employment       contract
//                            when the employer owes the work
//   6 vicarious              employer of a performer -> harmed      vicarious        negligence
//                            (also `akin_to_employment`; the firm
//                            for a partner's act, PA 1890 s.10)
//     personal               performer -> harmed                    personal         negligence
//     non-delegable          obligor of a non_delegable obligation  non_delegable    negligence
//   7 indemnity              indemnifier -> indemnified, for the    indemnity        the scope's
//                            claim kinds and category of its scope
//
// A negligence edge has `to == kNoNode`: the patient or other third party harmed, who is not
// in the model. No edge ever runs from an employer to the obligee of a contract the employer is
// not party to: vicarious liability is liability in tort (Various Claimants v Catholic Child
// Welfare Society [2012] UKSC 56; Barclays Bank v Various Claimants [2020] UKSC 13).
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "govgraph/accountability.hpp"
#include "query.hpp"

namespace govgraph::detail {

using govgraph::is_chain;

/// A partner of a firm (or owner of a sole trader) with the dates of that relation.
struct PartnerOf {
  NodeIndex who;
  Date start, end;
  bool released;
  Basis basis;  ///< joint_and_several or one_person
};

/// What the rules need to know about a party, without the edges: legal form, partners,
/// shielded members, delegates. Answers are computed once per party and kept.
class Parties {
 public:
  explicit Parties(const Q& q) : q_(q) {}
  /// Every partner a partnership ever had, or the owner of a sole trader, through nested firms,
  /// with the dates they were partners (rule 4), whatever the view's day: callers decide which
  /// day counts (`partner_on`). Empty for any other legal form.
  [[nodiscard]] const std::vector<PartnerOf>& partners(NodeIndex firm) const;
  /// The liability regime of `n`'s legal form (kinds table); `own` for non-organisations.
  [[nodiscard]] LiabilityRegime regime(NodeIndex n) const;
  /// Whether `p` was a partner (or owner) on `day` (any day if none).
  [[nodiscard]] static bool partner_on(const PartnerOf& p, Date day);
  /// Members and owners a limited debtor shields (rule 5).
  [[nodiscard]] const std::vector<NodeIndex>& shielded(NodeIndex n) const;

 private:
  const Q& q_;
  mutable std::unordered_map<NodeIndex, std::vector<PartnerOf>> partners_;
  mutable std::unordered_map<NodeIndex, std::vector<NodeIndex>> shielded_;
};

/// Which edges a query needs: all of them, or only the contract chain with its partners,
/// employees and guarantors (what liability paths are made of).
enum class Need : std::uint8_t { all, paths };

class Rules {
 public:
  explicit Rules(const Q& q, Need need = Need::all);

  [[nodiscard]] const std::vector<Accountability>& edges() const { return edges_; }
  /// Indices into edges() of the edges about obligation `o`, in the order they were made.
  [[nodiscard]] std::span<const std::uint32_t> of(NodeIndex o) const {
    if (o >= offsets_.size() - 1) return {};
    return {index_.data() + offsets_[o], index_.data() + offsets_[o + 1]};
  }
  [[nodiscard]] const Q& view() const { return q_; }
  [[nodiscard]] const Parties& parties() const { return parties_; }

  [[nodiscard]] const std::vector<PartnerOf>& partners(NodeIndex firm) const {
    return parties_.partners(firm);
  }
  [[nodiscard]] LiabilityRegime regime(NodeIndex n) const { return parties_.regime(n); }
  [[nodiscard]] const std::vector<NodeIndex>& shielded(NodeIndex n) const { return parties_.shielded(n); }
  /// The delegate managing `creditor`'s functions on the view's day, or kNoNode.
  [[nodiscard]] NodeIndex delegate_of(NodeIndex creditor) const;
  /// Whether an indemnity of `scope` covers obligation `o` (its category, or that of an
  /// obligation it flows from) for `claim` claims.
  [[nodiscard]] bool scope_covers(const IndemnityScope& scope, NodeIndex o, ClaimKind claim) const;

 private:
  void add(Accountability a);
  void index();  // the edges by obligation (offsets_, index_)
  /// a, then the debtor's partners or owner (but `except`).
  void add_with_owners(Accountability a, NodeIndex except = kNoNode);
  void contract_rules();
  void negligence_rules();
  void guarantee_rules();
  void indemnity_rules();
  [[nodiscard]] bool nhs_primary_care(NodeIndex contract) const;  // root kind GMS, PMS or APMS

  static constexpr NodeIndex kUnasked = kNoNode - 1;
  const Q& q_;
  Parties parties_;
  mutable std::vector<NodeIndex> delegates_;  // creditor -> delegate_of, kUnasked until asked
  std::vector<Accountability> edges_;
  std::vector<std::uint32_t> offsets_{0}, index_;
};

/// The intersection of two date ranges [s1, e1) and [s2, e2) (none = open).
[[nodiscard]] inline Date later(Date a, Date b) { return a.is_none() ? b : b.is_none() ? a : std::max(a, b); }
[[nodiscard]] inline Date sooner(Date a, Date b) {
  return a.is_none() ? b : b.is_none() ? a : std::min(a, b);
}

}  // namespace govgraph::detail
