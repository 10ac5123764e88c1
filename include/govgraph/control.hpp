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
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "govgraph/model.hpp"

namespace govgraph {

/// What controllers() measures: shares held (`owns` share), or voting rights (`controls` with
/// interest voting_rights and a share). Each is a BODS 0.4 interest type measured on its own.
enum class ControlMeasure : std::uint8_t { ownership, voting };
/// Parses "ownership", "voting"; throws ModelError otherwise.
[[nodiscard]] ControlMeasure control_measure_from(std::string_view s);

/// One holder of an entity: its integrated share (over every chain), its direct share, the
/// number of chains from it to the entity (0 when its chains pass through a cycle: infinitely
/// many), and whether it is an ultimate holder (a person, or a body no one holds shares in).
struct Controller {
  NodeIndex holder = kNoNode;
  double share = 0, direct = 0;
  std::uint64_t paths = 0;  ///< saturating at UINT64_MAX; 0: through a cycle
  bool cyclic = false;      ///< some chain from it passes through a cycle of holdings
  bool ultimate = false;
  bool controls = false;  ///< share is more than the threshold
};

/// The holders of `entity` (an organisation or asset) by `measure`, as in force on `as_of` (none:
/// every relation), largest share first; `controls` marks those with more than `threshold` (the
/// UK PSC test is "more than 25%", Companies Act 2006 Sch 1A para 2). O(U + R_U) per iteration
/// over the entity's upstream U (one iteration when it has no cycle). Throws ModelError
/// "bad_value" when a cycle of holdings leaves no share outside it (the system has no solution).
[[nodiscard]] std::vector<Controller> controllers(const Model& model, std::string_view entity,
                                                  double threshold = 0.25, Date as_of = {},
                                                  ControlMeasure measure = ControlMeasure::ownership);

/// One strongly connected component of the `owns`/`controls` graph with more than one node:
/// its members (in model order) and one cycle through them (first node repeated at the end).
struct OwnershipCycle {
  std::vector<NodeIndex> members;
  std::vector<NodeIndex> cycle;
};
/// Every cycle of ownership and control (strongly connected components, Boost.Graph), in force
/// on `as_of` (none: every relation). O(N + R).
[[nodiscard]] std::vector<OwnershipCycle> circular_ownership(const Model& model, Date as_of = {});

}  // namespace govgraph
