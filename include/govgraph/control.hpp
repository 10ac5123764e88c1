// control.hpp — who owns and controls an entity (DESIGN.md, "Control"; docs/control.md).
//
// Integrated ownership: the share of an entity that each node upstream of it holds over every
// chain of holdings, directly and through the bodies it holds shares in, cycles of
// cross-holdings included. For an entity e and a holder u it is the sum over every path u -> ...
// -> e of the product of the shares along it; with cycles the sum is the solution of a linear
// system over e's upstream, y = b + A y (A the holdings among the upstream nodes, b their
// direct holdings in e), the column of the Leontief inverse (I - A)^-1 b (Brioschi, Buzzacchi &
// Colombo, "Risk capital financing and the separation of ownership and control in business
// groups", J. Banking & Finance 13 (1989) 747-772; Vitali, Glattfelder & Battiston, "The network
// of global corporate control", PLoS ONE 6 (2011) e25995, "integrated ownership").
//
// Control in law (measure control): the UK test of significant control, Companies Act 2006
// Sch 1A — more than the threshold of the shares (para 2) or of the votes (para 3), the right to
// appoint or remove a majority of the board (para 4), significant influence or control (para 5);
// an interest held through a legal entity in which one has a *majority stake* (para 18: a
// majority of its votes, or the right to appoint or remove a majority of its board) counts in
// full, not multiplied along the chain.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "govgraph/model.hpp"

namespace govgraph {

/// What controllers() measures, each a BODS 0.4 interest type measured on its own:
/// ownership — shares held (`owns` share), integrated over every chain;
/// voting — voting rights (`controls` interest voting_rights with a share), integrated;
/// control — significant control in law (Companies Act 2006 Sch 1A; see above), attributed.
enum class ControlMeasure : std::uint8_t { ownership, voting, control };
/// Parses "ownership", "voting", "control"; throws ModelError otherwise.
[[nodiscard]] ControlMeasure control_measure_from(std::string_view s);

/// The Sch 1A conditions a holder meets (measure control), as bits.
enum ControlCondition : std::uint8_t {
  kShares = 1,                ///< para 2: more than the threshold of the shares
  kVotes = 2,                 ///< para 3: more than the threshold of the voting rights
  kAppointBoard = 4,          ///< para 4: right to appoint or remove a majority of the board
  kSignificantInfluence = 8,  ///< para 5: significant influence or control
};

/// The day an ownership query without a day is for: today (UTC). A share is a state on a day;
/// counting every holding whatever its dates would add past and present holders (a band
/// replaced by another counts twice, a closed holding still counts). controllers() and
/// circular_ownership() both take their day from here.
[[nodiscard]] Date ownership_day(Date as_of);

/// One holder of an entity.
struct Controller {
  NodeIndex holder = kNoNode;
  /// ownership/voting: the integrated share, and its bounds from the facts' `share_min` and
  /// `share_max` attributes (BODS ranges; a share without them is exact). control: the shares
  /// attributed to the holder (its own and those of the bodies it has a majority stake in).
  double share = 0, share_min = 0, share_max = 0;
  double direct = 0;  ///< held directly (a fact marked direct_or_indirect=indirect is not)
  double votes = 0;   ///< control: the voting rights attributed to it (as `share`)
  std::uint64_t paths =
      0;  ///< chains (ownership/voting) or bodies (control) its interest comes through; saturating
  bool cyclic = false;  ///< some chain from it passes through a cycle of holdings (paths is then 0)
  bool top =
      false;  ///< a controller that is a person, or a body no one controls by this measure at the threshold
              ///< with every holder's share known (asked of controllers only)
  bool controls = false;        ///< share above the threshold (ownership/voting); any condition met (control)
  bool certain = true;          ///< `controls` holds at both ends of the shares' ranges
  bool ultimate = false;        ///< an ultimate controller: controls, and top
  std::uint8_t conditions = 0;  ///< control: the ControlCondition bits met
};

/// The answer of controllers(): the day it is for, the holders (largest share first), and the
/// holders of some node upstream whose share is not known (left out of the shares).
struct Controllers {
  Date as_of;
  std::vector<Controller> rows;
  std::vector<NodeIndex> unknown_share;  ///< holders by this measure with no share given
};

/// The holders of `entity` (an organisation or asset) by `measure`, as in force on `as_of`
/// (none: today, UTC — a share is a state on a day, and a register read with its history would
/// otherwise add past and present holders). `threshold`: the UK PSC test is "more than 25%"
/// (Companies Act 2006 Sch 1A paras 2-3). O(U + R_U) per iteration over the entity's upstream U
/// (one iteration when it has no cycle), three solves (share, lower, upper bound); `top` solves
/// again for each controlling body. Throws ModelError "bad_value" when a cycle of holdings leaves
/// no share outside it (the system has no solution), or a fact's bounds do not hold its share.
[[nodiscard]] Controllers controllers(const Model& model, std::string_view entity, double threshold = 0.25,
                                      Date as_of = {}, ControlMeasure measure = ControlMeasure::ownership);

/// One strongly connected component of the `owns`/`controls` graph with more than one node:
/// its members (in model order) and one cycle through them (first node repeated at the end).
struct OwnershipCycle {
  std::vector<NodeIndex> members;
  std::vector<NodeIndex> cycle;
};
/// Every cycle of ownership and control (strongly connected components, Boost.Graph), in force
/// on `as_of` (none: today, UTC, as controllers()). O(N + R).
[[nodiscard]] std::vector<OwnershipCycle> circular_ownership(const Model& model, Date as_of = {});

}  // namespace govgraph
