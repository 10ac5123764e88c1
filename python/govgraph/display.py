"""Pictures of a model through Graphviz: who holds, sub-contracts, employs and sits where.

:func:`to_dot` writes a model (or part of it) as Graphviz DOT text; :func:`to_svg` runs ``dot``
on it. ``Model.to_dot`` and ``Model._repr_svg_`` (a model shows itself as a picture in a
notebook) call them.

How the picture reads (top to bottom, from who is answered to down to who does the work):

* **Nodes** by shape: organisations are boxes filled by their kind (practice, commissioner,
  company, nhs_trust, network...), with their kind and legal form ("practice · partnership")
  and list size; people are ellipses with their profession; boards double octagons with their
  quota; seats small circles showing their votes, labelled outside with the seat kind (a vacant
  seat is dashed and says so); assets a house (premises) or a cylinder; contracts drawn as nodes
  are notes (a sub-contract a folder); obligations, when drawn, small plain text.
* **Contracts are drawn as edges** from the obligor to the obligee (who owes whom, the way
  accountability runs): a GMS contract is an arrow holder → commissioner labelled "gms", a
  sub-contract an arrow subcontractor → contractor labelled "subcontract", each with its count of
  obligations, its liability cap and its dates. One contract with several obligors or obligees
  gives one arrow per pair. A contract is drawn as a node instead, linked to each party by an
  edge labelled with its role, when ``contracts="nodes"``, when its obligations are drawn
  (``obligations=True``), when it has no obligor-obligee pair (an MoU without obligations),
  or when a stated relation (``guarantees``) ends at it.
* **Stated relations** each have their own colour and line: employs, partner_in, member_of,
  owns (with its share), controls (with its interest), occupies, guarantees, indemnifies (with
  its scope), accountable_to, performs.
* **Boards and seats**: board → organisation it governs ("governs"); seat → its board; the
  appointing organisation → seat ("appoints", "appoints · represented" when the seat also
  represents it; "represented" from each other organisation of its constituency); the holder →
  seat ("holds").
* Everything dated says so: "from 2018-06-01", "until 2022-07-01".
* A legend at the bottom shows the shapes, fills and lines in the picture, and only those.

Layout (ranks, top to bottom): an obligee above its obligor (commissioner, then the practices
holding their contracts, then the collaborative they sub-contract to); a partnership above its
partners, an employer above its employees, members above the body they belong to, owners and
controllers above what they own or control, the body reported to above the one accountable to
it; a board above its seats and the organisation it governs; a held seat between whoever
appoints to it (above) and whoever holds it (below), a vacant seat above its appointer.
Guarantees, indemnities and extra constituencies of a seat do not move ranks.

Only part of a model: ``nodes=[ids]`` draws just those nodes and the relations among them (a
contract named there, when drawn as an edge, brings its obligor and obligee); ``around=id``
(or a list of ids) with ``depth=k`` draws everything within ``k`` hops of it in the picture's
own graph (a contract edge is one hop; a seat is a node between its board and its appointer);
both together draw the union. ``as_of=day`` first keeps only what is in force that day
(``Model.as_of``; a seat whose board is not in force is left out with it). ``implied=False``
draws only the stated relations, leaving out contracts, boards and seats (unless named in
``nodes=``).

The DOT is built in one pass over the model's node and relation columns (the data behind
``nodes_frame()`` and ``relations_frame(implied=True)``, without needing pandas): O(N + R).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import textwrap
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from html import escape as _html
from typing import Any

from . import _core

__all__ = ["REPR_MAX_NODES", "to_dot", "to_svg"]

REPR_MAX_NODES = 500
"""A model with more nodes than this does not draw itself in a notebook (``_repr_svg_`` gives
None and the HTML summary shows): draw part of it with ``to_svg(model, around=...)``."""

# -- styles ---------------------------------------------------------------------------------------

FONT = "Helvetica"

ORG_FILL = {  # organisation kind -> fill colour
    "practice": "#cfe2f3",
    "commissioner": "#fce5cd",
    "company": "#d9ead3",
    "federation": "#b6d7a8",
    "joint_venture": "#d0e0d8",
    "nhs_trust": "#d9d2e9",
    "network": "#fff2cc",
    "lmc": "#f4cccc",
    "university": "#d0e0e3",
    "local_authority": "#ead1dc",
    "charity": "#e6e0c8",
    "regulator": "#dddddd",
    "provider_group": "#c9daf8",
    "other": "#f3f3f3",
}
ORG_FILL_DEFAULT = "#ffffff"


NODE_STYLE = {  # node type -> DOT attributes (organisations are filled by kind on top)
    "organisation": {"shape": "box", "style": "filled,rounded", "penwidth": "1.2"},
    "person": {"shape": "ellipse", "style": "filled", "fillcolor": "#ffffff"},
    "contract": {"shape": "note", "style": "filled", "fillcolor": "#fffbe6", "fontsize": "9"},
    "obligation": {"shape": "plaintext", "fontsize": "8", "fontcolor": "#555555"},
    "board": {"shape": "doubleoctagon", "style": "filled", "fillcolor": "#eeeeee"},
    "seat": {"shape": "circle", "fixedsize": "true", "width": "0.3", "fontsize": "9",
             "style": "filled", "fillcolor": "#ffffff"},
    "asset": {"shape": "cylinder", "style": "filled", "fillcolor": "#efe6dd"},
}
NODE_LEGEND = {  # node type -> its sample's label in the legend
    "organisation": "organisation",
    "person": "person",
    "contract": "contract",
    "obligation": "obligation",
    "board": "board",
    "seat": "seat's\nvotes",
    "asset": "asset",
}

# edge kind -> (colour, style, arrowhead, layout, legend text). layout: "up" puts the target
# above the source, "down" the source above the target, "free" leaves ranks alone.
EDGE_STYLE = {
    "contract": ("#1f3a93", "bold", "normal", "up", "contract: obligor → obligee"),
    "subcontract": ("#1f3a93", "bold,dashed", "normal", "up",
                    "sub-contract: subcontractor → contractor"),
    "non_binding": ("#1f3a93", "dotted", "normal", "up", "not binding (MoU): obligor → obligee"),
    "employs": ("#2e7d32", "solid", "vee", "down", "employs"),
    "partner_in": ("#8d5524", "solid", "diamond", "up", "partner in"),
    "member_of": ("#7b1fa2", "dashed", "odiamond", "down", "member of"),
    "owns": ("#000000", "solid", "normal", "down", "owns (share)"),
    "controls": ("#c62828", "solid", "normal", "down", "controls (interest)"),
    "occupies": ("#6d4c41", "dotted", "normal", "down", "occupies"),
    "guarantees": ("#ef6c00", "dashed", "normal", "free", "guarantees"),
    "indemnifies": ("#ef6c00", "dotted", "normal", "free", "indemnifies (scope)"),
    "accountable_to": ("#b71c1c", "bold,dashed", "normal", "up", "accountable to"),
    "performs": ("#00838f", "dotted", "normal", "up", "performs"),
    "party": ("#1f3a93", "solid", "none", "up", "party to a contract (role)"),
    "head": ("#1f3a93", "dotted", "normal", "up", "sub-contract → head contract"),
    "obligation_of": ("#999999", "dotted", "none", "down", "obligation of a contract"),
    "owed_by": ("#999999", "dotted", "none", "free", "obligation owed by"),
    "flows_from": ("#00838f", "dashed", "normal", "up", "flows down from"),
    "governs": ("#444444", "bold", "normal", "down", "board governs"),
    "seat_on": ("#777777", "solid", "none", "up", "seat on a board"),
    "appointed_by": ("#777777", "dashed", "normal", "up", "appoints (and is represented)"),
    "represents": ("#777777", "dotted", "normal", "free", "represented by a seat"),
    "held_by": ("#999999", "solid", "normal", "up", "holds a seat"),
}
EDGE_WORD = {  # stated relation kind -> edge label
    "employs": "employs", "partner_in": "partner", "member_of": "member",
    "owns": "owns", "controls": "controls", "occupies": "occupies",
    "guarantees": "guarantees", "indemnifies": "indemnifies",
    "accountable_to": "accountable to", "performs": "performs",
}
STATED = frozenset(EDGE_WORD)
WRAP = 26


# -- small helpers --------------------------------------------------------------------------------

def quote(text: Any) -> str:
    """``text`` as a double-quoted DOT string: backslashes and quotes escaped, line breaks as
    ``\\n``."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{s}"'


def _label(*lines: Any) -> str:
    """A label from lines of plain text (empty lines left out); quoted when written out."""
    return "\n".join(str(x) for x in lines if x not in (None, ""))


class _Html(str):
    """An HTML-like Graphviz label, written out as is between ``<`` and ``>``."""


def _wrap(text: str, width: int = WRAP) -> str:
    """``text`` broken into lines of about ``width`` characters (its own line breaks kept)."""
    return "\n".join("\n".join(textwrap.wrap(line, width, break_long_words=False)) or line
                     for line in str(text).splitlines()) or text


def dates(start: Any, end: Any) -> str:
    """"from 2018-06-01", "until 2022-07-01", "2018-06-01 to 2022-07-01", or ""."""
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""


def _number(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def _percent(share: float) -> str:
    """A share as a percentage to four significant figures: "50%", "33.33%", "0.5%"."""
    return f"{share * 100:.4g}%"


def _attrs(d: dict[str, Any]) -> str:
    return ", ".join(f"{k}={f'<{v}>' if isinstance(v, _Html) else quote(v)}"
                     for k, v in d.items() if v is not None)


class _Edge:
    __slots__ = ("source", "target", "kind", "label", "tooltip", "layout", "extra")

    def __init__(self, source: str, target: str, kind: str, label: str = "",
                 tooltip: str = "", layout: str = "", **extra: str) -> None:
        self.source, self.target, self.kind = source, target, kind
        self.label, self.tooltip, self.layout, self.extra = label, tooltip, layout, extra

    def dot(self) -> str:
        colour, style, arrow, layout, _ = EDGE_STYLE[self.kind]
        layout = self.layout or layout
        a: dict[str, Any] = {"color": colour, "fontcolor": colour, "style": style}
        if self.label:
            a["label"] = self.label
        if self.tooltip:
            a["tooltip"] = self.tooltip
        a.update(self.extra)
        if layout == "up":  # draw target -> source reversed so that the target ranks above
            a["dir"] = "back"
            a["arrowtail"] = arrow
            return f"  {quote(self.target)} -> {quote(self.source)} [{_attrs(a)}];"
        a["arrowhead"] = arrow
        if layout == "free":
            a["constraint"] = "false"
        return f"  {quote(self.source)} -> {quote(self.target)} [{_attrs(a)}];"


# -- reading the model ----------------------------------------------------------------------------

def _rows(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Columns as rows, each without its missing values."""
    names = list(columns)
    return [{k: v for k, v in zip(names, values) if v is not None}
            for values in zip(*(columns[k] for k in names))]


def _ids(x: str | Iterable[str] | None) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


class _Picture:
    """The picture's own graph: nodes to draw (id -> type) and edges between them."""

    def __init__(self, model: Any, *, implied: bool, contracts: str, obligations: bool,
                 named: set[str], shares: bool = False) -> None:
        tables = _core._schema_tables()
        self.roles = tables["contracts"]  # kind -> (obligee role, obligor role)
        self.kinds = tables["contract_kinds"]
        # Who owes whom comes from the core's rules (docs/accountability.md), never from here:
        # the chain edges (contract, subcontract, non_binding) each obligation's obligors owe.
        rows = model._accountability(None, None, "contract")
        chain_rows: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
        for party, to, ob, via, chain, enf in zip(rows["party"], rows["to"], rows["obligation"],
                                                  rows["via"], rows["chain"],
                                                  rows["enforceable"]):
            if via is None and chain:
                chain_rows[ob].append((party, to, enf))
        self.node = {r["id"]: r for r in _rows(model._nodes_columns())}
        rels = _rows(model._relations_columns(True))
        self.types = {i: r["type"] for i, r in self.node.items()}
        self.edges: list[_Edge] = []
        self.held: set[str] = set()  # seats with a holder
        self.contract_ends: dict[str, set[str]] = {}  # contract drawn as edges -> its ends

        by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rels:
            by_kind[r["kind"]].append(r)
        self.held = {r["source"] for r in by_kind["held_by"]}
        parties: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for r in by_kind["party"]:
            parties[r["target"]][r.get("role", "")].append(r["source"])
        obligations_of: dict[str, list[str]] = defaultdict(list)
        owner: dict[str, str] = {}
        for r in by_kind["obligation_of"]:
            obligations_of[r["target"]].append(r["source"])
            owner[r["source"]] = r["target"]

        drawn = {t: True for t in ("organisation", "person", "asset")}
        drawn.update(board=implied, seat=implied, contract=False, obligation=obligations)
        # (a contract named is drawn as its edges if it can be: decided below)
        show = {i for i, t in self.types.items() if drawn[t] or (i in named and t != "contract")}

        stated_ends = {r["target"] for k in STATED for r in by_kind[k]}
        show |= {i for i in stated_ends if self.types.get(i) in ("obligation", "contract", "board")}

        # Contracts: who owes whom under each, then an edge per pair or a node.
        owes: dict[str, list[str]] = {}  # obligation -> obligors (for obligations as nodes)
        heads = {r["source"]: r["target"] for r in by_kind["head"]}
        for cid in (i for i, t in self.types.items() if t == "contract"):
            c = self.node[cid]
            kind = c.get("kind", "")
            obligee_role, obligor_role = self.roles.get(kind, ("", ""))
            ps = parties[cid]
            pairs: dict[tuple[str, str], int] = {}
            obls = obligations_of[cid]
            enforceable: set[bool] = set()
            for o in obls:
                owes[o] = []
                for a, b, enf in chain_rows.get(o, []):
                    if a not in owes[o]:
                        owes[o].append(a)
                    enforceable.add(enf)
                    if a != b:
                        pairs[(a, b)] = pairs.get((a, b), 0) + 1
            if not obls and obligor_role and obligee_role:
                for a in ps.get(obligor_role, []):
                    for b in ps.get(obligee_role, []):
                        if a != b:
                            pairs[(a, b)] = 0
            as_node = contracts == "nodes" or obligations or not pairs or cid in stated_ends
            if not implied and cid not in named and cid not in stated_ends:
                continue
            if as_node:
                show.add(cid)
                for role, ids in ps.items():
                    for p in ids:
                        self.edges.append(_Edge(p, cid, "party", _label(role.replace("_", " "))))
                head = heads.get(cid)
                if head:
                    self.edges.append(_Edge(cid, head, "head", _label("under")))
                continue
            semantics = self.kinds.get(kind, {})
            binding = (enforceable == {True} if enforceable
                       else c.get("binding", semantics.get("binding", True)))
            style = ("non_binding" if not binding else
                     "subcontract" if semantics.get("subcontract") else "contract")
            cap = c.get("liability_cap")
            for (a, b), n in pairs.items():
                count = f"{n} obligation{'s' if n != 1 else ''}" if n else ""
                first = kind.replace("_", " ") + ("" if binding else " (not binding)")
                text = _label(first, count, f"cap {_number(cap)}" if cap is not None else "",
                              dates(c.get("start"), c.get("end")))
                tip = f"{cid}: {c.get('name') or kind}"
                self.edges.append(_Edge(a, b, style, text, tip, weight="3"))
            self.contract_ends[cid] = {x for pair in pairs for x in pair}

        # Obligations drawn as nodes hang on their contract node, or on their obligor.
        for o in (i for i in show if self.types.get(i) == "obligation"):
            cid = owner.get(o, "")
            if cid in show:
                self.edges.append(_Edge(o, cid, "obligation_of"))
            else:
                for p in owes.get(o, []):
                    self.edges.append(_Edge(o, p, "owed_by", _label("owed by")))
        for r in by_kind["flows_from"]:
            self.edges.append(_Edge(r["source"], r["target"], "flows_from"))

        # Stated relations (in a fixed order: the same model gives the same text).
        for k in EDGE_WORD:
            for r in by_kind[k]:
                words = [EDGE_WORD[k]]
                if shares and k in ("owns", "controls"):
                    # The ownership picture (kinds=): the share is the label, as the BODS
                    # visualiser draws it; the interest under it.
                    words = [_percent(r["share"]) if "share" in r else EDGE_WORD[k]]
                    if k == "controls" and r.get("interest"):
                        words.append(r["interest"].replace("_", " "))
                elif k == "owns" and "share" in r:
                    words[0] += f" {r['share']:.0%}"
                elif k == "controls" and r.get("interest"):
                    words[0] += f" ({r['interest'].replace('_', ' ')})"
                if k == "indemnifies" and r.get("scope"):
                    words[0] += f" ({str(r['scope']).replace('_', ' ')})"
                weight = {"partner_in": "4", "employs": "2"}.get(k)
                self.edges.append(_Edge(r["source"], r["target"], k,
                                        _label(*words, dates(r.get("start"), r.get("end"))),
                                        **({"weight": weight} if weight else {})))

        # Boards and seats.
        if implied or named:
            seat_board = {r["source"]: r["target"] for r in by_kind["seat_on"]}
            for s in [i for i in show if self.types.get(i) == "seat"]:
                if s not in seat_board and s not in named:
                    show.discard(s)  # its board is not in the model (not in force that day)
            for r in by_kind["governs"]:
                self.edges.append(_Edge(r["source"], r["target"], "governs", _label("governs")))
            for s, b in seat_board.items():
                self.edges.append(_Edge(s, b, "seat_on"))
            represented: dict[str, list[str]] = defaultdict(list)  # seat -> constituency
            for r in by_kind["represents"]:
                represented[r["source"]].append(r["target"])
            held = self.held
            for r in by_kind["appointed_by"]:
                s, org = r["source"], r["target"]
                both = org in represented[s]
                if both:
                    represented[s].remove(org)
                # A held seat sits between its appointer (above) and its holder (below); a
                # vacant seat above its appointer.
                self.edges.append(_Edge(org, s, "appointed_by",
                                        _label("appoints · represented" if both else "appoints"),
                                        layout="down" if s in held else "up"))
            for s, orgs in represented.items():
                for org in orgs:
                    self.edges.append(_Edge(org, s, "represents", _label("represented")))
            for r in by_kind["held_by"]:
                self.edges.append(_Edge(r["target"], r["source"], "held_by", weight="0"))

        self.show = show
        self.edges = [e for e in self.edges if e.source in show and e.target in show]

    def neighbourhood(self, start: Iterable[str], depth: int) -> set[str]:
        """Nodes within ``depth`` hops of ``start`` along the picture's edges, either way."""
        adj: dict[str, set[str]] = defaultdict(set)
        for e in self.edges:
            adj[e.source].add(e.target)
            adj[e.target].add(e.source)
        seen = {s for s in start if s in self.show}
        frontier = deque((s, 0) for s in seen)
        while frontier:
            n, d = frontier.popleft()
            if d >= depth:
                continue
            for x in adj[n]:
                if x not in seen:
                    seen.add(x)
                    frontier.append((x, d + 1))
        return seen

    def expand(self, ids: Iterable[str]) -> set[str]:
        """``ids`` with each contract drawn as edges replaced by its obligors and obligees."""
        out: set[str] = set()
        for i in ids:
            if i in self.contract_ends and i not in self.show:
                out |= self.contract_ends[i]
            else:
                out.add(i)
        return out


# -- node labels ----------------------------------------------------------------------------------

@functools.cache
def _tables() -> dict[str, Any]:
    """The core's kinds table (read once)."""
    return _core._schema_tables()


def _node(i: str, r: dict[str, Any], vacant: bool = False) -> tuple[dict[str, Any], str]:
    """DOT attributes of node ``i`` (row ``r``; ``vacant``: a seat nobody holds), and its
    type."""
    t = r["type"]
    a: dict[str, Any] = dict(NODE_STYLE.get(t, {}))
    name = r.get("name") or i
    when = dates(r.get("start"), r.get("end"))
    a["tooltip"] = f"{i} ({t})"
    if t == "organisation":
        kind = r.get("kind", "")
        a["fillcolor"] = ORG_FILL.get(kind, ORG_FILL_DEFAULT)
        form = _tables()["legal_forms"].get(r.get("legal_form", ""), {}).get("label", "")
        kind_text = kind.replace("_", " ")
        what = form if kind_text and kind_text in form else " · ".join(
            x for x in (kind_text, form) if x)
        extra = []
        if r.get("not_for_profit"):
            extra.append("not for profit")
        if r.get("list_size") is not None:
            extra.append(f"{_number(r['list_size'])} patients")
        a["label"] = _label(_wrap(name), what, ", ".join(extra), when)
    elif t == "person":
        prof = r.get("profession", "")
        a["label"] = _label(name, prof.upper() if prof == "gp" else prof, when)
    elif t == "contract":
        kind = r.get("kind", "")
        semantics = _tables()["contract_kinds"].get(kind, {})
        if semantics.get("subcontract"):
            a["shape"] = "folder"
        binding = r.get("binding", semantics.get("binding", True))
        cap = r.get("liability_cap")
        a["label"] = _label(_wrap(name), kind.replace("_", " ") + ("" if binding else
                                                                   " (not binding)"),
                            f"cap {_number(cap)}" if cap is not None else "", when)
    elif t == "obligation":
        a["label"] = _label(_wrap(name, 30), when)
    elif t == "board":
        quota = r.get("quota")
        rule = [f"quota {_number(quota)}" if quota is not None else "",
                f"quorum {_number(r['quorum'])}" if r.get("quorum") is not None else ""]
        a["label"] = _label(_wrap(name, 20), ", ".join(x for x in rule if x), when)
    elif t == "seat":
        seat_kinds = _tables()["seat_kinds"]
        kind = r.get("kind") or next(k for k, d in seat_kinds.items() if d["default"])
        votes = r.get("votes", 1 if seat_kinds.get(kind, {}).get("votes", True) else 0)
        a["label"] = _label(_number(votes))
        a["xlabel"] = _label(kind.replace("_", " "),
                             "vacant" if vacant else "", when)
        if vacant:
            a["style"] = "filled,dashed"
        a["tooltip"] = f"{i}: {name}" if r.get("name") else i
    elif t == "asset":
        if r.get("kind") == "premises":
            a["shape"] = "house"
        a["label"] = _label(_wrap(name), r.get("kind"), when)
    return a, t


def _legend(types: set[str], kinds: list[str], edge_kinds: set[str]) -> list[str]:
    """DOT lines of a legend on the picture's last rank: a sample of each node type and
    organisation kind drawn, and a table of the lines of each edge kind drawn (cell borders:
    edges between legend nodes on one rank would be flat edges, which Graphviz 2.43 mishandles
    with ports)."""
    out = ['  "_legend" [shape="plaintext", fontsize="10", label="Legend:", tooltip="legend"];']
    names: list[str] = ["_legend"]
    for t in NODE_LEGEND:
        if t not in types:
            continue
        samples = [(k, k.replace("_", " ") or NODE_LEGEND[t]) for k in kinds] \
            if t == "organisation" else [("", NODE_LEGEND[t])]
        for k, text in samples:
            a = dict(NODE_STYLE[t])
            if t == "organisation":
                a["fillcolor"] = ORG_FILL.get(k, ORG_FILL_DEFAULT)
            a.update(label=text, fontsize="8", tooltip=f"legend: {t}")
            if t == "seat":
                a.update(fixedsize="false", width="0.3", margin="0.02")
            name = f"_legend_{t}_{k}"
            names.append(name)
            out.append(f"  {quote(name)} [{_attrs(a)}];")
    rows = "".join(
        f'<TR><TD WIDTH="36" HEIGHT="7" FIXEDSIZE="TRUE" SIDES="B" COLOR="{colour}" '
        f'BORDER="{2 if "bold" in style else 1}"'
        + ("" if style in ("solid", "bold") else f' STYLE="{style.split(",")[-1]}"')
        + f'></TD><TD ALIGN="LEFT"><FONT COLOR="{colour}">{_html(text)}</FONT></TD></TR>'
        for k, (colour, style, _, _, text) in EDGE_STYLE.items() if k in edge_kinds)
    if rows:
        table = _Html('<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0">'
                      f"{rows}</TABLE>")
        out.append(f'  "_legend_lines" [{_attrs({"shape": "plaintext", "label": table})}];')
        names.append("_legend_lines")
    last = "; ".join(quote(n) for n in names)
    out.append(f'  {{ rank="sink"; {last}; }}')
    return out


# -- public ---------------------------------------------------------------------------------------

def to_dot(model: Any, *, nodes: Sequence[str] | None = None,
           around: str | Sequence[str] | None = None, depth: int = 1, as_of: Any = None,
           implied: bool = True, title: str | None = None, contracts: str = "edges",
           obligations: bool = False, legend: bool = True, rankdir: str = "TB",
           kinds: Sequence[str] | None = None) -> str:
    """The model (or part of it) as Graphviz DOT text; see this module's documentation for how
    it reads.

    ``nodes``: draw only these ids and the relations among them. ``around`` (an id or ids) and
    ``depth``: draw what lies within ``depth`` hops of it (with ``nodes``: both). ``as_of``: only
    what is in force that day. ``implied=False``: only the stated relations (no contracts,
    boards, seats). ``title``: the picture's title (default: the model's name, and the day);
    ``""`` for none. ``contracts``: ``"edges"`` (obligor → obligee arrows, the default) or
    ``"nodes"`` (a note per contract linked to its parties by role). ``obligations=True``: draw
    each obligation. ``legend``: add a legend. ``rankdir``: Graphviz rank direction.
    ``kinds``: draw only the edges of these kinds (stated relation kinds such as ``owns`` and
    ``controls``, or the picture's own: ``contract``, ``subcontract``, ``governs``...) and the
    nodes they join (and those named in ``nodes``/``around``); ``around`` then follows those
    edges only. With ``kinds``, ``owns`` and ``controls`` edges are labelled with their share
    ("50%", the interest under it for ``controls``), as the BODS visualiser draws an ownership
    chain: ``to_dot(around=company, depth=9, kinds=["owns", "controls"])``.

    Raises :class:`govgraph.UnknownIdError` for an id of ``nodes`` or ``around`` that is not in
    the model (one that is, but not in force on ``as_of``, is left out), and
    :class:`ValueError` for a bad ``contracts`` or ``depth``.
    """
    if contracts not in ("edges", "nodes"):
        raise ValueError(f"contracts={contracts!r}: give 'edges' or 'nodes'")
    if depth < 0:
        raise ValueError(f"depth={depth!r}: give 0 or more hops")
    only = None if kinds is None else set(_ids(kinds))
    if only is not None:
        bad = sorted(k for k in only if k not in EDGE_STYLE)
        if bad:
            raise ValueError(f"kinds={sorted(only)!r}: {', '.join(map(repr, bad))} is not a kind "
                             f"of edge drawn (give some of {', '.join(EDGE_STYLE)})")
    wanted, centre = _ids(nodes), _ids(around)
    unknown = [i for i in (*wanted, *centre) if i not in model]
    if unknown:
        raise _core.UnknownIdError(
            f"[govgraph.unknown_id] cannot draw {', '.join(map(repr, unknown))}: "
            "no node with that id in the model")
    name = model.name
    if as_of is not None:
        model = model.as_of(as_of)
    pic = _Picture(model, implied=implied, contracts=contracts, obligations=obligations,
                   named=set(wanted) | set(centre), shares=only is not None)
    if only is not None:
        pic.edges = [e for e in pic.edges if e.kind in only]
        pic.show = {x for e in pic.edges for x in (e.source, e.target)} | (
            (set(wanted) | set(centre)) & pic.show)
    show = pic.show
    if nodes is not None or around is not None:
        keep = pic.expand(wanted) & show if nodes is not None else set()
        if around is not None:
            keep |= pic.neighbourhood(pic.expand(centre), depth)
        show = keep
    edges = [e for e in pic.edges if e.source in show and e.target in show]

    if title is None:
        title = name + (f" — as of {as_of}" if as_of is not None else "")
    out = [
        f"digraph {quote(name or 'govgraph')} {{",
        f"  graph [rankdir={quote(rankdir)}, fontname={quote(FONT)}, fontsize=\"16\", "
        'labelloc="t", nodesep="0.3", ranksep="0.55", '
        'forcelabels="true", pad="0.2"' + (f", label={quote(title)}" if title else "") + "];",
        f'  node [fontname={quote(FONT)}, fontsize="10", margin="0.08,0.04"];',
        f'  edge [fontname={quote(FONT)}, fontsize="8", arrowsize="0.7"];',
    ]
    types: set[str] = set()
    org_kinds: set[str] = set()
    order = [i for i in pic.node if i in show]  # the model's own order: a stable picture
    for i in order:
        a, t = _node(i, pic.node[i], vacant=i not in pic.held)
        types.add(t)
        if t == "organisation":
            org_kinds.add(pic.node[i].get("kind", ""))
        out.append(f"  {quote(i)} [{_attrs(a)}];")
    for e in edges:
        out.append(e.dot())
    if legend and order:
        order_by = list(ORG_FILL).index if org_kinds <= set(ORG_FILL) else str
        out += _legend(types, sorted(org_kinds, key=order_by), {e.kind for e in edges})
    out.append("}")
    return "\n".join(out) + "\n"


GRAPHVIZ_MISSING = (
    "drawing a model needs Graphviz's `dot` program, which was not found on PATH: install "
    "Graphviz (apt-get install graphviz, brew install graphviz, conda install graphviz, or "
    "https://graphviz.org/download/) or use model.to_dot() and render the text elsewhere"
)


def to_svg(model: Any, *, dot: str = "dot", timeout: float | None = 60, **kw: Any) -> str:
    """The model drawn as SVG text by Graphviz's ``dot`` (``dot``: the program to run). Keyword
    arguments are those of :func:`to_dot`. Raises :class:`RuntimeError` when ``dot`` is missing
    or fails."""
    exe = shutil.which(dot)
    if exe is None:
        raise RuntimeError(GRAPHVIZ_MISSING)
    text = to_dot(model, **kw)
    try:
        done = subprocess.run([exe, "-Tsvg"], input=text.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except OSError as exc:  # pragma: no cover - e.g. not executable
        raise RuntimeError(f"{GRAPHVIZ_MISSING} ({exc})") from exc
    if done.returncode != 0:
        raise RuntimeError(f"`dot -Tsvg` failed ({done.returncode}): "
                           f"{done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")
