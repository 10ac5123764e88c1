"""Interchange: a model to and from networkx, GraphML, Arrow and Parquet (docs/interchange.md).

* :func:`to_networkx` (``Model.to_networkx``): a ``networkx.MultiDiGraph`` with one node per
  model node and one edge per relation, every field and attribute on them.
* :func:`from_networkx`: a model from a directed networkx graph of organisations, people and
  assets and the stated relations between them, checked like any batch; what cannot be
  represented is an error naming the node or edge, never dropped.
* :func:`to_graphml` / :func:`read_graphml`: the same through networkx's GraphML.
* :func:`to_arrow` / :func:`to_parquet`: the node and relation frames as ``pyarrow`` tables or
  Parquet files, the route to DuckDB, Spark and graph databases' bulk imports.

networkx and pyarrow are optional, imported when first needed. Everything is built from the
core's node and relation columns (the data behind ``nodes_frame`` and ``relations_frame``) in
one pass: no call into the core per node or relation.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core
from .frames import _error

__all__ = ["from_networkx", "read_graphml", "to_arrow", "to_graphml", "to_networkx",
           "to_parquet"]

GRAPH_TYPES = ("organisation", "person", "asset")
"""The node types :func:`from_networkx` can make (contracts, obligations, boards and seats have
their own structure: add them with ``add_contracts_from``, ``add_boards_from``,
``add_seats_from``)."""


def _require(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"{extra} needs {module}, which is not installed: "
                          f"pip install {module}") from exc


@functools.cache
def _tables() -> dict[str, Any]:
    return _core._schema_tables()


def _present(names: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    return {k: v for k, v in zip(names, row) if v is not None}


def _kinds(kinds: Any, ctx: str) -> list[str] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        return [kinds]
    try:
        out = list(kinds)
    except TypeError:
        raise _error("wrong_type", f"{ctx}: kinds must be a relation kind or a list of them, "
                     f"not {type(kinds).__name__}") from None
    for k in out:
        if not isinstance(k, str):
            raise _error("wrong_type", f"{ctx}: kinds are text, not {type(k).__name__} ({k!r})")
    return out


# -- networkx -------------------------------------------------------------------------------------

def to_networkx(model: Any, *, as_of: Any = None, kinds: Any = None) -> Any:
    """The model as a ``networkx.MultiDiGraph``.

    Nodes: one per model node (in force on ``as_of`` if given), keyed by id, with attributes
    ``type``, ``name``, ``start``, ``end`` (ISO text) and every field and free attribute the node
    has (missing ones are left out, not set to None; with ``as_of``, each field as in force
    then). Edges: one per relation, source → target, with ``kind``, ``start``, ``end``,
    ``share`` and the relation's fields and attributes. ``kinds=None``: the stated relations;
    otherwise only relations of ``kinds`` (implied kinds such as ``party`` or ``held_by``
    allowed). The graph's ``name`` is the model's.
    """
    nx = _require("networkx", "to_networkx")
    kinds = _kinds(kinds, "to_networkx")
    nodes = model._nodes_columns(as_of=as_of)
    rels = (model._relations_columns(False, as_of=as_of) if kinds is None
            else model._relations_columns(True, as_of=as_of, kind=kinds))
    g = nx.MultiDiGraph(name=model.name)
    names = [k for k in nodes if k != "id"]
    g.add_nodes_from(zip(nodes["id"], (_present(names, row)
                                       for row in zip(*(nodes[k] for k in names)))))
    names = [k for k in rels if k not in ("source", "target")]
    g.add_edges_from(zip(rels["source"], rels["target"],
                         (_present(names, row) for row in zip(*(rels[k] for k in names)))))
    return g


def _where(kind: str, what: Any) -> str:
    return f"{kind} {what!r}"


def from_networkx(g: Any, *, name: str | None = None) -> Any:
    """A new :class:`govgraph.Model` from a directed networkx graph (``DiGraph`` or
    ``MultiDiGraph``), as :func:`to_networkx` writes it.

    Every node needs a text id and a ``type`` attribute of ``organisation``, ``person`` or
    ``asset``; its other attributes are fields by name (``name``, ``kind``, ``list_size``,
    ``start``, ``end``...) or, when not a field of any node type, free attributes. Every edge
    needs a ``kind`` naming a stated relation kind (``owns``, ``employs``...); ``share``,
    ``start``, ``end`` and the kind's fields are read, other attributes kept as free
    attributes. The nodes go in one ``add_nodes_from`` per type, the edges in one
    ``add_relations_from``, each checked like any batch (a bad value, an unknown id, a relation
    its endpoints cannot have: an error naming the row). A node of another type (a contract,
    a board...), a node without a type, an undirected graph, or an edge of an unknown or
    implied kind is an error naming it: nothing is dropped. ``name``: the model's name (default:
    the graph's ``name``).
    """
    from .model import Model

    if not hasattr(g, "nodes") or not hasattr(g, "edges") or not hasattr(g, "is_directed"):
        raise _error("wrong_type", f"from_networkx: expected a networkx graph, not "
                     f"{type(g).__name__}")
    if not g.is_directed():
        raise _error("bad_value", "from_networkx: the graph is undirected; relations have a "
                     "direction (source -> target): give a DiGraph or MultiDiGraph")
    tables = _tables()
    node_fields = {t: set(f) | {"name", "start", "end"} for t, f in tables["nodes"].items()}
    any_node_field = set().union(*node_fields.values())
    by_type: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for node, data in g.nodes(data=True):
        if not isinstance(node, str):
            raise _error("wrong_type", f"from_networkx: node {node!r}: ids are text, not "
                         f"{type(node).__name__}")
        t = data.get("type")
        if t is None:
            raise _error("missing_field", f"from_networkx: node {node!r} has no 'type' "
                         f"attribute (give one of {', '.join(GRAPH_TYPES)})")
        if t not in GRAPH_TYPES:
            why = ("is not a node type" if t not in tables["nodes"] else
                   "cannot be made from a graph node: add it with add_contracts_from, "
                   "add_boards_from or add_seats_from")
            raise _error("bad_value", f"from_networkx: node {node!r} is of type {t!r}, which "
                         f"{why}; from_networkx makes {', '.join(GRAPH_TYPES)}")
        by_type.setdefault(t, []).append((node, data))

    relations = tables["relations"]
    rel_fields = set().union(*(set(d["fields"]) for d in relations.values()))
    rel_fields |= {"start", "end", "share"}
    edges: list[tuple[Any, Any, dict[str, Any]]] = []
    for u, v, data in g.edges(data=True):
        kind = data.get("kind")
        if kind is None:
            raise _error("missing_field", f"from_networkx: edge {u!r} -> {v!r} has no 'kind' "
                         "attribute")
        if kind not in relations or relations[kind]["implied"]:
            why = ("is not a relation kind" if kind not in relations else
                   "is implied by contracts, boards and seats, not stated")
            stated = sorted(k for k, d in relations.items() if not d["implied"])
            raise _error("bad_value", f"from_networkx: edge {u!r} -> {v!r} of kind {kind!r}, "
                         f"which {why}; give one of {', '.join(stated)}")
        edges.append((u, v, data))

    m = Model(g.graph.get("name", "") if name is None else name)
    for t, rows in by_type.items():
        keys: dict[str, None] = {}
        for _, data in rows:
            keys.update(dict.fromkeys(k for k in data if k != "type"))
        cols: dict[str, Any] = {"id": [n for n, _ in rows]}
        for k in keys:
            cols[k] = [data.get(k) for _, data in rows]
        attrs = [k for k in keys if k not in any_node_field]
        m.add_nodes_from(cols, type=t, attrs=attrs)
    if edges:
        keys = {}
        for _, _, data in edges:
            keys.update(dict.fromkeys(k for k in data if k != "kind"))
        cols = {"kind": [d["kind"] for _, _, d in edges], "source": [u for u, _, _ in edges],
                "target": [v for _, v, _ in edges]}
        for k in keys:
            if k == "share":
                cols[k] = _shares(edges)
            else:
                cols[k] = [d.get(k) for _, _, d in edges]
        m.add_relations_from(cols, attrs=[k for k in keys if k not in rel_fields])
    return m


def _shares(edges: list[tuple[Any, Any, dict[str, Any]]]) -> np.ndarray:
    out = np.full(len(edges), np.nan)
    for i, (u, v, d) in enumerate(edges):
        s = d.get("share")
        if s is None:
            continue
        if isinstance(s, bool) or not isinstance(s, (int, float, np.integer, np.floating)):
            raise _error("wrong_type", f"from_networkx: edge {u!r} -> {v!r} ({d['kind']}): "
                         f"'share' must be a number, not {type(s).__name__} ({s!r})")
        out[i] = float(s)
    return out


def to_graphml(model: Any, path: str | os.PathLike[str], *, as_of: Any = None,
               kinds: Any = None) -> None:
    """Write :func:`to_networkx`'s graph as GraphML with networkx's ``write_graphml``. Missing
    values are left out (GraphML cannot hold None); every value present is text, a number or
    a boolean (fields and free attributes are nothing else), which GraphML holds."""
    nx = _require("networkx", "to_graphml")
    g = to_networkx(model, as_of=as_of, kinds=kinds)
    nx.write_graphml(g, os.fspath(path))


def read_graphml(path: str | os.PathLike[str], *, name: str | None = None) -> Any:
    """A model from a GraphML file (networkx's ``read_graphml``, then :func:`from_networkx`)."""
    nx = _require("networkx", "read_graphml")
    g = nx.read_graphml(os.fspath(path), force_multigraph=True)
    return from_networkx(g, name=name)


# -- Arrow and Parquet ----------------------------------------------------------------------------

def _table(pa: Any, columns: dict[str, list[Any]], what: str) -> Any:
    arrays = {}
    for k, v in columns.items():
        if k in ("start", "end"):
            arrays[k] = pa.array(v, type=pa.string()).cast(pa.date32())
            continue
        try:
            arrays[k] = pa.array(v)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            kinds = sorted({type(x).__name__ for x in v if x is not None})
            raise _error("wrong_type", f"to_arrow: {what} column {k!r} mixes values of types "
                         f"{', '.join(kinds)}, which one Arrow column cannot hold") from exc
    return pa.table(arrays)


def to_arrow(model: Any, *, as_of: Any = None, implied: bool = False) -> dict[str, Any]:
    """The node and relation frames as ``pyarrow`` tables: ``{"nodes": ..., "relations": ...}``
    with the columns of ``nodes_frame(as_of=)`` and ``relations_frame(implied=, as_of=)``,
    ``start`` and ``end`` as ``date32``. A free attribute whose values mix types (an integer
    on one node, text on another) is an error naming the column."""
    pa = _require("pyarrow", "to_arrow")
    nodes = model._nodes_columns(as_of=as_of)
    rels = model._relations_columns(implied, as_of=as_of)
    return {"nodes": _table(pa, nodes, "nodes"), "relations": _table(pa, rels, "relations")}


def to_parquet(model: Any, directory: str | os.PathLike[str], *, as_of: Any = None,
               implied: bool = False) -> list[str]:
    """Write :func:`to_arrow`'s tables as ``nodes.parquet`` and ``relations.parquet`` in
    ``directory`` (made if missing); returns the two paths."""
    _require("pyarrow", "to_parquet")
    pq: Any = importlib.import_module("pyarrow.parquet")

    tables = to_arrow(model, as_of=as_of, implied=implied)
    directory = os.fspath(directory)
    os.makedirs(directory, exist_ok=True)
    out = []
    for key in ("nodes", "relations"):
        path = os.path.join(directory, f"{key}.parquet")
        pq.write_table(tables[key], path)
        out.append(path)
    return out
