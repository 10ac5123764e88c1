"""Query results: rows with attributes, ``.to_frame()`` for pandas, ``_repr_html_`` for
notebooks. Results arrive from C++ as columns; rows are made only when asked for."""

from __future__ import annotations

import gc
from collections import namedtuple
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, NamedTuple

from .frames import frame


def _html_table(columns: dict[str, list[Any]], title: str, limit: int = 50) -> str:
    names = list(columns)
    n = len(columns[names[0]]) if names else 0
    head = "".join(f"<th>{escape(c)}</th>" for c in names)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if columns[c][i] is None else str(columns[c][i]))}</td>"
                         for c in names) + "</tr>"
        for i in range(min(n, limit))
    )
    more = f"<p>… {n - limit} more rows</p>" if n > limit else ""
    return (f"<div><b>{escape(title)}</b> ({n} rows)<table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>{more}</div>")


class Table(Sequence[Any]):
    """Rows of one query (named tuples with the query's fields as attributes)."""

    def __init__(self, columns: dict[str, list[Any]], title: str, **extra: Any) -> None:
        self._columns = columns
        self.title = title
        self._extra = extra
        for k, v in extra.items():
            setattr(self, k, v)
        self._row = namedtuple("Row", list(columns))  # type: ignore[misc]
        self._rows: list[Any] | None = None

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def _all(self) -> list[Any]:
        if self._rows is None:
            self._rows = [self._row(*r) for r in zip(*self._columns.values())]
        return self._rows

    def __len__(self) -> int:
        first = next(iter(self._columns.values()), [])
        return len(first)

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame."""
        return frame(self._columns)

    def _repr_html_(self) -> str:
        extra = "".join(f"<br>{escape(k)}: {escape(_short(v))}" for k, v in self._extra.items()
                        if not k.endswith("_exact"))
        return _html_table(self._columns, self.title) + (f"<p>{extra[4:]}</p>" if extra else "")

    def __repr__(self) -> str:
        extra = "".join(f", {k}={_short(v)}" for k, v in self._extra.items()
                        if not k.endswith("_exact"))
        return f"<{self.title}: {len(self)} rows{extra}>"


def _short(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list) and len(v) > 8:
        return ", ".join(map(str, v[:8])) + f", … ({len(v)})"
    if isinstance(v, list):
        return ", ".join(map(str, v)) or "none"
    return str(v)


class Hop(NamedTuple):
    """One step of a liability path: ``debtor`` answers to ``creditor``. ``jointly_liable``:
    partners liable with the debtor; ``guarantors``; ``shielded``: members a limited debtor
    shields. (The lists are shared between hops of one debtor: do not modify them.)"""

    debtor: str
    creditor: str
    basis: str
    contract: str | None
    obligation: str | None
    enforceable: bool
    jointly_liable: list[str]
    guarantors: list[str]
    shielded: list[str]
    managed_by: str | None = None
    start: str | None = None  # the days the hop holds (None: open)
    end: str | None = None


class Path(NamedTuple):
    """A liability path: ``nodes`` from the performer up to the final obligee, and its hops."""

    nodes: list[str]
    hops: list[Hop]

    def __str__(self) -> str:
        parts = [self.nodes[0]]
        for h in self.hops:
            parts.append(f"-[{h.basis}]-> {h.creditor}")
        return " ".join(parts)


class Paths(Sequence[Path]):
    """Liability paths; ``.to_frame()`` gives one row per hop. Path objects are made only when
    looked at (results arrive from C++ as hop columns)."""

    def __init__(self, raw: dict[str, Any], title: str) -> None:
        self._first: list[str] = raw["first"]
        self._hops: dict[str, list[Any]] = raw["hops"]
        self._lists: dict[str, tuple[list[str], list[str]]] = raw["lists"]
        self._nodes: list[list[str]] = raw["nodes"]
        self._offsets: list[int] = raw["offsets"]
        self.title = title
        self._paths: list[Path] | None = None

    def _all(self) -> list[Path]:
        if self._paths is None:
            # Many small immutable objects, none cyclic: pause the cyclic collector meanwhile
            # (it would otherwise rescan them repeatedly, doubling the time).
            enabled = gc.isenabled()
            gc.disable()
            try:
                self._paths = self._build()
            finally:
                if enabled:
                    gc.enable()
        return self._paths

    def _build(self) -> list[Path]:
        h, at = self._hops, self._offsets
        hops = list(map(Hop._make, zip(h["debtor"], h["creditor"], h["basis"], h["contract"],
                                       h["obligation"], h["enforceable"], h["jointly_liable"],
                                       h["guarantors"], h["shielded"], h["managed_by"],
                                       h["start"], h["end"])))
        return list(map(Path._make, zip(self._nodes, map(hops.__getitem__,
                                                          map(slice, at, at[1:])))))

    def __len__(self) -> int:
        return len(self._first)

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._all())

    def to_frame(self) -> Any:
        """One row per hop: path, step, debtor, creditor, basis, contract, obligation,
        enforceable, start, end, jointly_liable, guarantors, shielded (lists joined by ", ")."""
        joined = {d: (", ".join(j), ", ".join(s)) for d, (j, s) in self._lists.items()}
        h = self._hops
        cols = {k: h[k] for k in ("path", "step", "debtor", "creditor", "basis", "contract",
                                  "obligation", "enforceable", "start", "end", "managed_by")}
        cols["jointly_liable"] = [joined[d][0] for d in h["debtor"]]
        cols["guarantors"] = [", ".join(g) for g in h["guarantors"]]
        cols["shielded"] = [joined[d][1] for d in h["debtor"]]
        return frame(cols)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{escape(str(p))}</li>" for p in self._all()[:50])
        more = f"<p>… {len(self) - 50} more</p>" if len(self) > 50 else ""
        return f"<div><b>{escape(self.title)}</b> ({len(self)})<ol>{items}</ol>{more}</div>"

    def __repr__(self) -> str:
        return f"<{self.title}: {len(self)} paths>"


@dataclass
class BreachReport:
    """What a breach leads to: claims in order, what each party bears, who is shielded. A
    negligence claim's claimant is None: the person harmed, who is not in the model."""

    obligation: str | list[str]
    by: str
    loss: float | None
    claims: Table
    borne: dict[str, float]
    exposure: dict[str, float]
    shielded: list[str]
    notes: list[str]
    claim: str = "contract"
    on: str | None = None
    #: partnership or sole trader -> the share that fell on its partners or owner (in borne)
    passed_to_owners: dict[str, float] | None = None

    def to_frame(self) -> Any:
        """The claims as a DataFrame."""
        return self.claims.to_frame()

    def _repr_html_(self) -> str:
        loss = "" if self.loss is None else f", loss {self.loss:,.0f}"
        borne = "".join(f"<li>{escape(k)}: {v:,.0f}</li>" for k, v in self.borne.items())
        notes = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        what = self.obligation if isinstance(self.obligation, str) else ", ".join(self.obligation)
        when = f"on {self.on}" if self.on else "undated"
        return (f"<div><b>Breach of {escape(what)} by {escape(self.by)}{loss}</b>"
                f" ({escape(self.claim)} claim, {escape(when)})"
                f"{self.claims._repr_html_()}"
                + (f"<p>Left bearing:</p><ul>{borne}</ul>" if borne else "")
                + (f"<p>Shielded: {escape(', '.join(self.shielded))}</p>"
                   if self.shielded else "")
                + (f"<ul>{notes}</ul>" if notes else "") + "</div>")

    def __str__(self) -> str:
        what = self.obligation if isinstance(self.obligation, str) else ", ".join(self.obligation)
        when = f"on {self.on}" if self.on else "undated"
        lines = [f"Breach of {what} by {self.by} ({self.claim} claim, {when})"
                 + ("" if self.loss is None else f", loss {self.loss:,.0f}")]
        for c in self.claims:
            rec = "" if c.recoverable is None else f"  recoverable {c.recoverable:,.0f}"
            who = "the person harmed" if c.claimant is None else c.claimant
            under = f" under {c.contract}" if self.claim == "contract" else ""
            lines.append(f"  {who} -> {c.respondent} [{c.basis}]{under}{rec}"
                         + ("" if c.enforceable else "  (not enforceable)"))
        for k, v in self.borne.items():
            lines.append(f"  {k} bears {v:,.0f}")
        if self.exposure:
            lines.append("  most each can be made to pay: " + ", ".join(
                f"{k} {v:,.0f}" for k, v in self.exposure.items()))
        if self.shielded:
            lines.append("  shielded by limited liability (members or owners of a limited "
                         "respondent): " + ", ".join(self.shielded))
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


class Routes(list):
    """Representation paths: each a list of ids, org -> seat -> board (-> org -> seat -> board);
    ``.seat_kinds[i]`` gives the kind of each seat on path i (representative, expert,
    ex_officio, independent, observer)."""

    def __init__(self, paths: list[list[str]], title: str,
                 seat_kinds: list[list[str]] | None = None) -> None:
        super().__init__(paths)
        self.title = title
        self.seat_kinds = seat_kinds if seat_kinds is not None else [[] for _ in paths]

    def to_frame(self) -> Any:
        """One row per path: route (ids joined by " -> "), tiers (boards crossed), seats and
        their kinds, step by step."""
        return frame({"route": [" -> ".join(p) for p in self],
                      "tiers": [len(p) // 3 for p in self],
                      "seats": [", ".join(p[1::3]) for p in self],
                      "seat_kinds": [", ".join(k) for k in self.seat_kinds]})

    def _repr_html_(self) -> str:
        items = "".join(
            f"<li>{escape(' → '.join(p))} ({escape(', '.join(k))})</li>"
            for p, k in zip(self, self.seat_kinds))
        return f"<div><b>{escape(self.title)}</b><ol>{items}</ol></div>"


@dataclass
class Blocking:
    """Whether a group can block a board's decisions, and its smallest blocking sets."""

    board: str
    group: list[str]
    can_block: bool
    group_votes: float
    votes_to_block: float
    smallest: list[list[str]]

    def to_frame(self) -> Any:
        return frame({"coalition": [", ".join(s) for s in self.smallest],
                      "size": [len(s) for s in self.smallest]})

    def _repr_html_(self) -> str:
        verdict = "can" if self.can_block else "cannot"
        return (f"<div><b>{len(self.group)} members of {escape(self.board)}</b> {verdict} block "
                f"together ({self.group_votes:g} votes; more than {self.votes_to_block:g} needed)"
                f"{self.to_frame()._repr_html_() if self.smallest else ''}</div>")
