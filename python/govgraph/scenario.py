"""Time and what-if in Python: the impact of losing nodes, and the difference between two
models. Both compose the compiled queries (without, liability paths, flow-down) and compare
their answers; the heavy lifting stays in C++."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _core
from .frames import frame
from .results import Table

if TYPE_CHECKING:
    from .model import Model


@dataclass
class ImpactReport:
    """What removing some nodes does to a model."""

    removed: list[str]                 # the ids removed, dependants included
    without_performer: Table           # obligations whose delivery depended on them
    patients_affected: float           # weight of the holders of those obligations
    seats_vacated: list[str]           # seats left without their holder or appointer
    seats_removed: list[str]           # seats gone with their board
    boards_without_quorum: list[str]
    paths_changed: list[str]           # root obligations whose liability paths changed
    after: Model

    def to_frame(self) -> Any:
        """The obligations left without a performer."""
        return self.without_performer.to_frame()

    def __str__(self) -> str:
        lines = [f"Removing {', '.join(self.removed)}:",
                 f"  {len(self.without_performer)} obligations left without a performer, "
                 f"{self.patients_affected:,.0f} patients affected"]
        lines += [f"    {r.obligation} (held by {r.holder}, was delivered by "
                  f"{r.delivered_by})" for r in self.without_performer]
        for label, ids in (("seats vacated", self.seats_vacated),
                           ("seats removed", self.seats_removed),
                           ("boards without quorum", self.boards_without_quorum),
                           ("liability paths changed", self.paths_changed)):
            lines.append(f"  {label}: {', '.join(ids) if ids else 'none'}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + str(self).replace("<", "&lt;") + "</pre>"


def _ids(link: Any) -> set[str]:
    """The ids of a link as the file format writes it: an id, or a dated list of them."""
    if link is None:
        return set()
    if isinstance(link, str):
        return {link}
    return {x["id"] if isinstance(x, dict) else x for x in link}


def _top(path: Any) -> str:
    """The obligation a liability path ends at (its first node when it has no hop)."""
    top: str = (path.hops[-1].obligation if path.hops else None) or path.nodes[0]
    return top


def impact(model: Model, removed: list[str], *, weight: str = "list_size") -> ImpactReport:
    """What losing ``removed`` does: obligations left without a performer (their delivery went
    through a removed node and nothing took its place), the patients (weight) of their holders,
    seats vacated or removed, boards left without quorum, liability paths that change."""
    gone = set(model._removed_by(removed))
    after = model.without(removed)
    before_paths: dict[str, list[Any]] = {}
    for p in model.liability_paths():
        before_paths.setdefault(_top(p), []).append(p)
    after_paths: dict[str, list[Any]] = {}
    for p in after.liability_paths():
        after_paths.setdefault(_top(p), []).append(p)
    rows: dict[str, list[Any]] = {"obligation": [], "contract": [], "holder": [],
                                  "delivered_by": [], "weight": []}
    changed = []
    holders: dict[str, float] = {}
    for root, paths in before_paths.items():
        if root not in after:
            continue
        if [p.nodes for p in paths] != [p.nodes for p in after_paths.get(root, [])]:
            changed.append(root)
        depended = all(any(n in gone for n in p.nodes) for p in paths)
        flowed_after = any(len(p.hops) > 1 for p in after_paths.get(root, []))
        if depended and not flowed_after:
            top = paths[0].hops[-1]
            via = sorted({n for p in paths for n in p.nodes if n in gone})
            w = after.get(top.debtor).get(weight) if top.debtor in after else None
            rows["obligation"].append(root)
            rows["contract"].append(top.contract)
            rows["holder"].append(top.debtor)
            rows["delivered_by"].append(", ".join(via))
            rows["weight"].append(w)
            if isinstance(w, (int, float)):
                holders[top.debtor] = float(w)
    seats_vacated, seats_removed = [], []
    for sid in model.ids("seat"):
        seat = model.get(sid)
        if sid in gone:
            seats_removed.append(sid)
        elif _ids(seat.get("held_by")) & gone or _ids(seat.get("appointed_by")) & gone:
            seats_vacated.append(sid)
    no_quorum = []
    for bid in after.ids("board"):
        b = after.get(bid)
        held = [s for s in b.get("seats", []) if "held_by" in s]
        if "quorum" in b and len(held) < b["quorum"]:
            no_quorum.append(bid)
    return ImpactReport(sorted(gone, key=model.ids().index),
                        Table(rows, "obligations left without a performer"),
                        sum(holders.values()), seats_vacated, seats_removed, no_quorum, changed,
                        after)


def _flat_nodes(doc: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """id -> (type, fields) with contracts' obligations and boards' seats as nodes of their own."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for section, kind in (("organisations", "organisation"), ("people", "person"),
                          ("assets", "asset"), ("contracts", "contract"), ("boards", "board")):
        for node in doc.get(section, []):
            node = dict(node)
            for child_key, child_type in (("obligations", "obligation"), ("seats", "seat")):
                for child in node.pop(child_key, []):
                    out[child["id"]] = (child_type, child)
            out[node["id"]] = (kind, node)
    return out


def diff(a: Model, b: Model) -> Table:
    """Nodes and relations added, removed and changed from ``a`` to ``b`` (nodes by id,
    relations by their whole content), as rows: change, what, id, type, detail."""
    for name, x in (("a", a), ("b", b)):
        if not isinstance(x, _core.Model):
            raise TypeError(f"diff: {name} must be a govgraph Model, not {type(x).__name__}")
    da, db = json.loads(a.dumps(indent=-1)), json.loads(b.dumps(indent=-1))
    na, nb = _flat_nodes(da), _flat_nodes(db)
    cols: dict[str, list[Any]] = {"change": [], "what": [], "id": [], "type": [], "detail": []}

    def row(change: str, what: str, id_: str, type_: str, detail: str) -> None:
        for k, v in zip(cols, (change, what, id_, type_, detail)):
            cols[k].append(v)

    for i, (t, node) in nb.items():
        if i not in na:
            row("added", "node", i, t, "")
        elif na[i] != (t, node):
            old = na[i][1]
            fields = sorted(k for k in set(old) | set(node) if old.get(k) != node.get(k))
            row("changed", "node", i, t, "; ".join(
                f"{k}: {old.get(k)!r} -> {node.get(k)!r}" for k in fields))
    for i, (t, _) in na.items():
        if i not in nb:
            row("removed", "node", i, t, "")

    def rel_key(r: dict[str, Any]) -> str:
        return json.dumps(r, sort_keys=True)

    ra = [rel_key(r) for r in da.get("relations", [])]
    rb = [rel_key(r) for r in db.get("relations", [])]
    for change, mine, other in (("added", rb, ra), ("removed", ra, rb)):
        rest = list(other)
        for k in mine:
            if k in rest:
                rest.remove(k)
                continue
            r = json.loads(k)
            dates = " ".join(f"{d} {r[d]}" for d in ("start", "end") if d in r)
            row(change, "relation", f"{r['source']} -{r['kind']}-> {r['target']}", r["kind"],
                dates)
    return Table(cols, "differences")


__all__ = ["ImpactReport", "diff", "frame", "impact"]
