"""Time and what-if in Python: how the impact of a change and the difference between two models
are shown. Both are computed in the C++ core (src/impact.cpp: ``_core._impact``,
``_core._diff``); this module only formats their answers (docs/scenarios.md). It does not
import govgraph.model: model.py imports it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import _core
from .frames import frame
from .results import Table


@dataclass
class ImpactReport:
    """What removing some nodes (or ending contracts) does to a model (docs/scenarios.md,
    "Impact"); every figure is the C++ core's."""

    removed: list[str]                 # the ids removed, dependants included
    without_performer: Table           # obligation, contract, holder, received_by, delivered_by,
    #                                    patients
    without_beneficiary: Table         # obligation, contract, delivered_by, received_by (removed)
    practices_affected: list[str]      # holders left without a performer, holders of removed
    #                                    GMS/PMS/APMS contracts, removed practices
    patients_affected: float           # the sum of their weights (list sizes), each once
    weight_unknown: list[str]          # affected practices with no weight
    seats_vacated: list[str]           # seats left without their current appointer or only holder
    seats_removed: list[str]           # seats gone with their board
    boards_without_quorum: list[str]   # quorate before, not after
    boards_unable_to_decide: list[str]  # able to pass a motion before, not after
    paths_changed: list[str]           # root obligations whose liability paths changed
    as_of: Any                         # the day read (None: the current facts)
    after: Any                         # the model after the change (a govgraph Model)

    @classmethod
    def _from_core(cls, r: dict[str, Any], after: Any, as_of: Any) -> ImpactReport:
        return cls(r["removed"],
                   Table(r["without_performer"], "obligations left without a performer"),
                   Table(r["without_beneficiary"], "obligations left without their beneficiary"),
                   r["practices_affected"], r["patients_affected"], r["weight_unknown"],
                   r["seats_vacated"], r["seats_removed"], r["boards_without_quorum"],
                   r["boards_unable_to_decide"], r["paths_changed"], as_of, after)

    def to_frame(self) -> Any:
        """The obligations left without a performer."""
        return self.without_performer.to_frame()

    def __str__(self) -> str:
        when = f" (as of {self.as_of})" if self.as_of is not None else " (current facts)"
        lines = [f"Removing {', '.join(self.removed) or 'nothing'}{when}:",
                 f"  {len(self.without_performer)} obligations left without a performer, "
                 f"{self.patients_affected:,.0f} patients affected"
                 + (f" ({', '.join(self.practices_affected)})" if self.practices_affected
                    else "")]
        lines += [f"    {r.obligation} (held by {r.holder}, owed to "
                  f"{', '.join(r.received_by) or '?'}; was delivered by "
                  f"{', '.join(r.delivered_by)})" for r in self.without_performer]
        if self.weight_unknown:
            lines.append(f"  weight unknown: {', '.join(self.weight_unknown)}")
        if len(self.without_beneficiary):
            lines.append(f"  {len(self.without_beneficiary)} obligations left without their "
                         "beneficiary (the receiver removed, not the performer):")
            lines += [f"    {r.obligation} (delivered by {', '.join(r.delivered_by)}, was "
                      f"received by {', '.join(r.received_by)})"
                      for r in self.without_beneficiary]
        for label, ids in (("seats vacated", self.seats_vacated),
                           ("seats removed", self.seats_removed),
                           ("boards without quorum", self.boards_without_quorum),
                           ("boards unable to decide", self.boards_unable_to_decide),
                           ("liability paths changed", self.paths_changed)):
            lines.append(f"  {label}: {', '.join(ids) if ids else 'none'}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + str(self).replace("&", "&amp;").replace("<", "&lt;") + "</pre>"


def diff(a: Any, b: Any) -> Table:
    """Nodes and relations added, removed and changed from ``a`` to ``b`` (nodes by id, stated
    relations by their whole content), as rows: change, what, id, type, detail. Computed by the
    C++ core in O(N + R) (docs/scenarios.md, "Diff")."""
    for name, x in (("a", a), ("b", b)):
        if not isinstance(x, _core.Model):
            raise TypeError(f"diff: {name} must be a govgraph Model, not {type(x).__name__}")
    return Table(dict(_core._diff(a, b)), "differences")


__all__ = ["ImpactReport", "diff", "frame"]
