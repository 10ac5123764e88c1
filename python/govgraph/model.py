"""govgraph.Model: the pure-Python face of the compiled model.

The C++ core (``_core.Model``) holds and validates everything; this subclass gives each addition
its documented keyword signature, and adds frames, files and notebook display. It must not
re-implement validation: every rule lives in C++ so that Python, files and bulk loads agree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from . import _core
from .frames import frame, to_columns
from .results import Blocking, BreachReport, Paths, Routes, Table

_Date = Any  # "YYYY-MM-DD" text or a datetime.date
_Ids = "str | Sequence[str]"


def _props(**kw: Any) -> dict[str, Any]:
    """The fields given (None: not given). Unknown names are passed on for the core to refuse
    (strict input: a typo is an error naming the nearest field, never a free attribute)."""
    fields = kw.pop("fields", None) or {}
    out = {k: v for k, v in kw.items() if v is not None}
    for k, v in fields.items():
        if k in out:
            raise _core.ModelError(f"[govgraph.bad_value] {k!r} is given twice")
        out[k] = v
    return out


def _attrs(attrs: Mapping[str, Any] | None) -> dict[str, Any]:
    """Free attributes (``attrs=``): any name that is not a field."""
    if attrs is None:
        return {}
    if not isinstance(attrs, Mapping):
        raise _core.ModelError("[govgraph.wrong_type] attrs must be a mapping of free attribute "
                               f"names to values, not {type(attrs).__name__}")
    return dict(attrs)


class Model(_core.Model):
    """A typed, dated graph of organisations, people, contracts, boards and assets.

    Ids are strings, stable for the life of the model. Every addition is validated whole and
    either lands or raises (:class:`~govgraph.ModelError`, :class:`~govgraph.UnknownIdError`)
    leaving the model unchanged.
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(name)

    # -- building -------------------------------------------------------------------------------

    def add_organisation(
        self,
        id: str,
        *,
        name: str | None = None,
        kind: str | None = None,
        legal_form: str | None = None,
        list_size: int | None = None,
        not_for_profit: bool | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add an organisation (kind: practice, company, commissioner...; legal_form:
        partnership, limited_company, company_limited_by_guarantee...; list_size: patients)."""
        self._add_node("organisation", id, _props(
            name=name, kind=kind, legal_form=legal_form, list_size=list_size,
            not_for_profit=not_for_profit, start=start, end=end, fields=fields), _attrs(attrs))

    def add_person(
        self,
        id: str,
        *,
        name: str | None = None,
        profession: str | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add a person (profession: gp, nurse, pharmacist, manager, director, other)."""
        self._add_node("person", id, _props(
            name=name, profession=profession, start=start, end=end, fields=fields), _attrs(attrs))

    def add_asset(
        self,
        id: str,
        *,
        name: str | None = None,
        kind: str | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add an asset (premises and other property)."""
        self._add_node("asset", id, _props(
            name=name, kind=kind, start=start, end=end, fields=fields), _attrs(attrs))

    def add_contract(
        self,
        id: str,
        *,
        kind: str,
        parties: Mapping[str, str | Sequence[str]],
        obligations: Iterable[Mapping[str, Any]] = (),
        head: str | None = None,
        name: str | None = None,
        binding: bool | None = None,
        liability_cap: float | None = None,
        value: float | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add a contract with its parties by role and its obligations.

        ``parties`` maps a role to an id or a list of ids (gms/pms/apms/nhs_standard:
        commissioner, holder; subcontract: contractor, subcontractor; employment: employer,
        employee; lease: landlord, tenant; indemnity: indemnified, indemnifier; mou and other
        agreements: party). Each obligation is a dict with ``id`` and optionally ``name``,
        ``category``, ``flows_from`` (the head obligation it passes down), ``obligor``,
        ``obligee``, ``start``, ``end`` and ``attrs`` (its free attributes). A subcontract names
        its ``head``. Free attributes of any node or relation go in ``attrs={...}``; any other
        keyword that is not a field is an error naming the nearest field.
        """
        self._add_contract(id, _props(
            kind=kind, name=name, binding=binding, liability_cap=liability_cap, value=value,
            start=start, end=end, fields=fields), dict(parties), list(obligations), head,
            _attrs(attrs))

    def add_relation(
        self,
        kind: str,
        source: str,
        target: str,
        *,
        start: _Date = None,
        end: _Date = None,
        share: float | None = None,
        interest: str | None = None,
        scope: str | None = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add a relation ``source -kind-> target``: partner_in, member_of, employs, owns
        (``share`` 0-1), controls (``interest``), occupies, guarantees, indemnifies (``scope``),
        accountable_to, performs."""
        self._add_relation(kind, source, target, _props(
            start=start, end=end, share=share, interest=interest, scope=scope,
            fields=fields), _attrs(attrs))

    def add_board(
        self,
        id: str,
        *,
        of: str,
        quota: float | None = None,
        quorum: float | None = None,
        name: str | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add a board governing organisation ``of``. ``quota``: a whole number of votes, or a
        fraction f < 1 (a motion passes with more than f of all votes)."""
        self._add_board(id, of, _props(
            quota=quota, quorum=quorum, name=name, start=start, end=end, fields=fields), _attrs(attrs))

    def add_seat(
        self,
        id: str,
        *,
        board: str,
        votes: float | None = None,
        kind: str | None = None,
        appointed_by: str | None = None,
        represents: str | Sequence[str] | None = None,
        held_by: str | None = None,
        name: str | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add a seat on ``board`` (kind: representative, expert, ex_officio, independent,
        observer); ``represents`` is its constituency; ``held_by`` None means vacant."""
        self._add_seat(id, board, appointed_by, represents, held_by, _props(
            votes=votes, kind=kind, name=name, start=start, end=end, fields=fields), _attrs(attrs))

    def add_nodes_from(self, data: Any, *, type: str | None = None,
                       attrs: Sequence[str] | None = None) -> None:
        """Add organisations, people or assets from a DataFrame or a dict of columns.

        Columns: ``id``, ``type`` (or pass ``type=``), then fields by name (``name``, ``kind``,
        ``legal_form``, ``list_size``, ``start``, ``end``...). A column that is not a field is
        an error naming the nearest field, unless ``attrs`` names it as a free attribute.
        Missing values (None, NaN) are left out. All rows land or none do.
        """
        self._add_nodes_columns(to_columns(data), type, attrs)

    def add_relations_from(self, data: Any, *, attrs: Sequence[str] | None = None) -> None:
        """Add relations from a DataFrame or a dict of columns: ``kind``, ``source``,
        ``target``, then ``start``, ``end``, ``share``...; columns named in ``attrs`` are free
        attributes, any other unknown column an error. All rows land or none do."""
        self._add_relations_columns(to_columns(data), attrs)

    # -- reading --------------------------------------------------------------------------------

    def nodes_frame(self) -> Any:
        """All nodes as a pandas DataFrame: id, type, name, start, end, fields, attributes."""
        return frame(self._nodes_columns())

    def relations_frame(self, *, implied: bool = False) -> Any:
        """Relations as a pandas DataFrame: kind, source, target, start, end, share, fields,
        attributes. ``implied=True`` adds those implied by contracts, boards and seats."""
        return frame(self._relations_columns(implied))

    # -- accountability (docs/accountability.md) ------------------------------------------------

    def accountability(self, party: str | None = None, *, as_of: _Date = None,
                       claim: str | None = None) -> Table:
        """To whom ``party`` answers (every party if None), for which obligation, on what basis
        (contract, subcontract, joint_and_several, one_person, employment, guarantee,
        indemnity, non_binding; for negligence: personal, vicarious, non_delegable), by which
        ``claim`` kind (contract or negligence: ``to`` is None, the person harmed), whether it
        is enforceable, ``via`` whom, ``managed_by`` the creditor's delegate, and the dates it
        holds. ``claim=`` keeps one kind. The rules: docs/accountability.md. O(N + R)."""
        columns = self._accountability(party, as_of, claim)
        del columns["chain"]  # for the pictures; a row's chain-ness is its basis
        return Table(columns,
                     f"accountability of {party}" if party else "accountability")

    def liability_paths(self, obligation: str | None = None, *, as_of: _Date = None,
                        max_paths: int = 100_000) -> Paths:
        """Every contract-claim path from whoever performs ``obligation`` (or owes it, at the
        bottom of its flow-down tree) up to the final obligee, hop by hop. With None: the paths
        of every obligation that is not itself flowed down. The paths are counted first, in
        O(edges of the tree); more than ``max_paths`` raises ``gg.ModelError`` (id
        ``too_many_paths``): use :meth:`liability_graph`. O(paths x depth)."""
        return Paths(self._liability_paths(obligation, as_of, max_paths),
                     f"liability paths of {obligation}" if obligation else "liability paths")

    def count_liability_paths(self, obligation: str, *, as_of: _Date = None) -> int:
        """How many paths :meth:`liability_paths` would give, without making them. O(edges)."""
        return int(self._count_liability_paths(obligation, as_of))

    def liability_graph(self, obligation: str, *, as_of: _Date = None) -> Table:
        """The compact form of the liability paths: each hop once (debtor, creditor, basis,
        contract, obligation, enforceable, jointly_liable, guarantors) with ``paths``, the
        number of paths through it. Linear in the tree, however many paths there are."""
        return Table(self._liability_graph(obligation, as_of), f"liability graph of {obligation}")

    def breach(self, obligation: str | list[str], *, by: str,
               loss: float | list[float] | None = None, claim: str = "contract",
               on: _Date = None, as_of: _Date = None, to_owners: bool = True) -> BreachReport:
        """Who may claim against whom when ``by`` fails ``obligation`` (or several at once,
        with a loss each: claims under a contract with ``cap_basis="aggregate"`` share its
        cap). ``claim="contract"``: the obligee's claim, by privity up the sub-contract chain;
        ``claim="negligence"``: the person harmed, against the performer, its employer and
        whoever owes a non-delegable duty. ``on``: the date of the breach (partners liable are
        those of that day, PA 1890 s.17; default ``as_of``, else today, and the notes say so).
        With a ``loss``: what each claim recovers after caps, what each party bears (a firm's
        share on its partners, a sole trader's on its owner), what indemnities of the right
        scope move, and who limited liability shields. ``to_owners=False`` leaves a firm's
        share on the firm (to chain its recourse under a further agreement)."""
        obligations = [obligation] if isinstance(obligation, str) else list(obligation)
        if isinstance(loss, (list, tuple)):
            losses = list(loss)
            if len(losses) != len(obligations):
                raise ValueError(f"breach: {len(obligations)} obligations but {len(losses)} losses")
        elif loss is None or len(obligations) == 1:
            losses = [loss] * len(obligations)
        else:
            raise ValueError("breach: with several obligations, give a list of losses, one each")
        r = self._breach(obligations, by, losses, as_of, claim, on, to_owners)
        return BreachReport(r["obligation"], r["by"], r["loss"], Table(r["claims"], "claims"),
                            r["borne"], r["exposure"], r["shielded"], r["notes"],
                            r["claim"], r["on"], r["passed_to_owners"])

    def flow_down_gaps(self, *, as_of: _Date = None) -> Table:
        """Gaps in sub-contracting: not_flowed_down, no_performer, cap_below_exposure,
        onward_subcontracting, circular_subcontracting. O(N + R)."""
        return Table(self._flow_down_gaps(as_of), "flow-down gaps")

    def lint(self, *, as_of: _Date = None) -> Table:
        """Arrangements the law or the contracts do not allow, each with its basis (``kind``,
        ``subject``, ``other``, ``detail``, ``basis``), reported without refusing them: who may
        hold a GMS contract, corporate partners, a partner employed by its firm, onward and
        circular sub-contracting, indemnities that cover nothing, guarantees with no
        creditor. O(N + R)."""
        return Table(self._lint(as_of), "lint")

    # -- representation (docs/representation.md) ------------------------------------------------

    def representation(self, board: str, *, weight: str = "list_size", by: str = "appointer",
                       as_of: _Date = None, shapley_shubik: bool = True) -> Table:
        """The board as a weighted voting game: each member's seats, votes and vote share,
        weight and weight share, Banzhaf and Shapley-Shubik power, veto and dummy flags. The
        result also has ``.quota`` (votes to pass), ``.total_votes``, ``.unrepresented`` (members
        of the board's organisation with no seat) and ``.disproportionality`` (Loosemore-Hanby
        between power and weight shares); ``.banzhaf_exact`` and ``.shapley_shubik_exact`` hold
        the exact fractions. ``by="appointer"``: an appointer's seats vote as a bloc;
        ``by="seat"``: each seat alone. O(n*q) Banzhaf + O(n^2*q) Shapley-Shubik
        (``shapley_shubik=False`` skips the latter)."""
        r = self._representation(board, weight, by, as_of, shapley_shubik)
        return Table(r["columns"], f"representation on {board}", quota=r["quota"],
                     total_votes=r["total_votes"], unrepresented=r["unrepresented"],
                     disproportionality=r["disproportionality"],
                     banzhaf_exact=r["banzhaf_exact"],
                     shapley_shubik_exact=r["shapley_shubik_exact"])

    def representation_paths(self, org: str, board: str, *, as_of: _Date = None) -> Routes:
        """Every route by which ``org`` reaches ``board``: [org, seat, board, org, seat, board...]
        (a seat carries an organisation's voice when it represents it or is appointed by it),
        shortest first."""
        paths = self._representation_paths(org, board, as_of)
        default = next(k for k, d in _core._schema_tables()["seat_kinds"].items() if d["default"])
        kinds = [[self.get(seat).get("kind", default) for seat in p[1::3]]
                 for p in paths]
        return Routes(paths, f"routes from {org} to {board}", kinds)

    def coverage(self, board: str, population: Sequence[str] | None = None, *,
                 weight: str = "list_size", as_of: _Date = None) -> Table:
        """For each organisation of ``population`` (default: every practice), whether it has
        a direct or indirect voice on ``board``, by which route (``via``), with its weight; the
        result's ``.share_covered`` is the share of the population's weight with any voice."""
        r = self._coverage(board, population, weight, as_of)
        return Table(r["columns"], f"coverage of {board}", share_covered=r["share_covered"])

    def conflicts_of_interest(self, *, as_of: _Date = None) -> Table:
        """Everyone tied to parties on two sides of a contract (as the party itself, a partner,
        employee, board seat holder, member, owner or controller), with how."""
        return Table(self._conflicts_of_interest(as_of), "conflicts of interest")

    def blocking_coalitions(self, board: str, group: Sequence[str] | str, *,
                            by: str = "appointer", weight: str = "list_size",
                            as_of: _Date = None, limit: int = 50) -> Blocking:
        """Whether ``group`` (members of the board's game) can block a decision together, and
        its smallest blocking sets. ``group="below_median"``: the members whose weight is below
        the median."""
        if isinstance(group, str):
            if group != "below_median":
                raise _core.ModelError(
                    f"[govgraph.bad_value] group {group!r}: give ids or 'below_median'")
            rows = self.representation(board, weight=weight, by=by, as_of=as_of,
                                       shapley_shubik=False)
            weights = sorted(r.weight for r in rows if r.weight is not None)
            median = weights[len(weights) // 2] if len(weights) % 2 else (
                sum(weights[len(weights) // 2 - 1:len(weights) // 2 + 1]) / 2 if weights else 0)
            group = [r.member for r in rows if r.weight is not None and r.weight < median]
        r = self._blocking_coalitions(board, list(group), by, as_of, limit)
        return Blocking(board, list(group), r["can_block"], r["group_votes"],
                        r["votes_to_block"], r["smallest"])

    # -- time and what-if (docs/scenarios.md) ----------------------------------------------------

    def as_of(self, day: _Date) -> Model:
        """A new model holding what is in force on ``day`` (a copy, O(N + R)). Queries that
        only need one day can take ``as_of=`` instead, at no cost."""
        return _wrap(self._as_of(day))

    def without(self, ids: str | Sequence[str]) -> Model:
        """A new model without ``ids`` and what depended on them (contracts losing an obliged
        party, sub-contracts losing their head, their obligations, boards of removed
        organisations and their seats; seats they held or appointed stay, vacant). The model
        itself is untouched. O(N + R)."""
        return _wrap(self._without([ids] if isinstance(ids, str) else list(ids)))

    def replace(self, old: str, new: str, *, on: _Date) -> Model:
        """Novation: a new model in which, from ``on``, ``new`` takes ``old``'s place in every
        contract, seat and relation; before ``on`` nothing changes. O(N + R)."""
        return _wrap(self._replace(old, new, on))

    def impact(self, removed: str | Sequence[str], *, weight: str = "list_size") -> Any:
        """What losing ``removed`` does (see govgraph.scenario.impact)."""
        from .scenario import impact

        return impact(self, [removed] if isinstance(removed, str) else list(removed),
                      weight=weight)

    def to_dot(self, *, nodes: Sequence[str] | None = None,
               around: str | Sequence[str] | None = None, depth: int = 1, as_of: _Date = None,
               implied: bool = True, title: str | None = None, **options: Any) -> str:
        """The model as Graphviz DOT text: contracts as obligor -> obligee arrows, relations
        styled by kind, dates on what is dated, a legend. ``nodes``: only these ids and the
        relations among them; ``around``/``depth``: the neighbourhood within ``depth`` hops;
        ``as_of``: what is in force that day; ``implied=False``: stated relations only. More
        ``options`` (contracts="nodes", obligations=True, legend=False, rankdir) and how the
        picture reads: :mod:`govgraph.display`."""
        from .display import to_dot

        return to_dot(self, nodes=nodes, around=around, depth=depth, as_of=as_of,
                      implied=implied, title=title, **options)

    def _repr_svg_(self) -> str | None:
        """The model as an SVG picture, for notebooks (needs Graphviz's ``dot``); None above
        ``display.REPR_MAX_NODES`` nodes, leaving the HTML summary to show."""
        from .display import REPR_MAX_NODES, to_svg

        return to_svg(self) if len(self) <= REPR_MAX_NODES else None

    def copy(self) -> Model:
        """An independent copy of the model."""
        m = Model()
        m._assign(self._copy())
        return m

    # -- files ----------------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], *, indent: int = 2) -> None:
        """Write the model as govgraph JSON (docs/format.md)."""
        self._save(os.fspath(path), indent)

    def dumps(self, *, indent: int = 2) -> str:
        """The model as govgraph JSON text."""
        return self._dumps(indent)

    # -- display --------------------------------------------------------------------------------

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(t)}</td><td>{self.count(t)}</td></tr>"
            for t in ("organisation", "person", "contract", "obligation", "board", "seat", "asset")
            if self.count(t)
        )
        return (
            f"<div><b>govgraph.Model</b> {escape(self.name)!s}: {len(self)} nodes, "
            f"{self.relation_count()} relations<table>{rows}</table></div>"
        )


def _wrap(core: _core.Model) -> Model:
    m = Model()
    m._assign(core)
    return m


def load(path: str | os.PathLike[str]) -> Model:
    """Read a model from a govgraph JSON file."""
    return _wrap(_core._load(os.fspath(path)))


def loads(text: str, *, source: str = "<string>") -> Model:
    """Read a model from govgraph JSON text; ``source`` names it in error messages."""
    return _wrap(_core._loads(text, source))


def save(model: Model, path: str | os.PathLike[str], *, indent: int = 2) -> None:
    """Write ``model`` as govgraph JSON (the same as ``model.save(path)``)."""
    model.save(path, indent=indent)


def dumps(model: Model, *, indent: int = 2) -> str:
    """``model`` as govgraph JSON text (the same as ``model.dumps()``)."""
    return model.dumps(indent=indent)
