"""govgraph.Model: the pure-Python face of the compiled model.

The C++ core (``_core.Model``) holds and validates everything; this subclass gives each addition
its documented keyword signature, and adds frames, files and notebook display. It must not
re-implement validation: every rule lives in C++ so that Python, files and bulk loads agree.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from . import _core
from .frames import _error, frame, to_columns
from .results import Blocking, BreachReport, Paths, Routes, Table

_Date = Any  # "YYYY-MM-DD" text or a datetime.date
_Ids = "str | Sequence[str]"


# Argument checks for what goes to bindings that take C++ types (a str, a bool, an int): each
# is a govgraph error naming the argument and the type (convert.cpp), never pybind11's own.
_checks: Any = _core  # the checks are private to _core (not in its stubs)


def _text(value: Any, ctx: str, key: str) -> str:
    return str(_checks._check_text(value, ctx, key))


def _opt_text(value: Any, ctx: str, key: str) -> str | None:
    return None if value is None else _text(value, ctx, key)


def _ids_of(value: Any, ctx: str, key: str) -> list[str]:
    return list(_checks._check_ids(value, ctx, key))


def _bool(value: Any, ctx: str, key: str) -> bool:
    return bool(_checks._check_bool(value, ctx, key))


def _int(value: Any, ctx: str, key: str, min: int = 0) -> int:
    return int(_checks._check_int(value, ctx, key, min))


def _path(path: Any, ctx: str) -> str:
    """A file path (str or os.PathLike of str) as text."""
    try:
        p = os.fspath(path)
    except TypeError:
        raise _error("wrong_type", f"{ctx}: 'path' must be a path (str or os.PathLike), not "
                     f"{type(path).__name__}") from None
    return _text(p, ctx, "path")


def _model_arg(model: Any, ctx: str) -> None:
    if not isinstance(model, _core.Model):
        raise TypeError(f"{ctx}: 'model' must be a govgraph.Model, not {type(model).__name__}")


def _parties(parties: Any, ctx: str) -> dict[str, Any]:
    """A contract's parties: role -> id or ids, roles and ids as text."""
    if not isinstance(parties, Mapping):
        raise _error("wrong_type", f"{ctx}: 'parties' must be a mapping of role to id or ids, "
                     f"not {type(parties).__name__}")
    out = {}
    for role, ids in parties.items():
        role = _text(role, ctx, "a role of parties")
        out[role] = _ids_of(ids, f"{ctx} role {role!r}", "parties")
    return out


def _obligations(obligations: Any, ctx: str) -> list[dict[str, Any]]:
    """A contract's obligations: mappings whose keys are text and whose links are ids."""
    if isinstance(obligations, (str, bytes, Mapping)) or not isinstance(obligations, Iterable):
        raise _error("wrong_type", f"{ctx}: 'obligations' must be a list of dicts, not "
                     f"{type(obligations).__name__}")
    out = []
    for i, ob in enumerate(obligations):
        where = f"{ctx} obligation {i}"
        if not isinstance(ob, Mapping):
            raise _error("wrong_type", f"{where}: each obligation is a dict with an 'id', not "
                         f"{type(ob).__name__}")
        d = {}
        for k, v in ob.items():
            k = _text(k, where, "a name")
            if k in ("id", "flows_from", "obligor", "obligee"):
                v = _opt_text(v, where, k)
            elif k in ("attrs", "attributes") and not isinstance(v, dict):
                v = _attrs(v)
            d[k] = v
        out.append(d)
    return out


def _props(**kw: Any) -> dict[str, Any]:
    """The fields given (None: not given). Unknown names are passed on for the core to refuse
    (strict input: a typo is an error naming the nearest field, never a free attribute)."""
    fields = kw.pop("fields", None) or {}
    out = {k: v for k, v in kw.items() if v is not None}
    for k, v in fields.items():
        if k in out:
            raise _error("bad_value", f"{k!r} is given twice")
        out[k] = v
    return out


def _rules_text(rules: Any, ctx: str) -> Any:
    """A board's decision rules as the core reads them: JSON text (checked and kept canonical
    there); text and None pass unchanged."""
    if rules is None or isinstance(rules, str):
        return rules
    try:
        return json.dumps(list(rules), allow_nan=False)
    except (TypeError, ValueError) as e:
        raise _error("wrong_type", f"{ctx}: rules must be a list of dicts of names, numbers and "
                     f"text ({e})") from None


def _attrs(attrs: Mapping[str, Any] | None) -> dict[str, Any]:
    """Free attributes (``attrs=``): any name that is not a field."""
    if attrs is None:
        return {}
    if not isinstance(attrs, Mapping):
        raise _error("wrong_type", "attrs must be a mapping of free attribute names to values, "
                     f"not {type(attrs).__name__}")
    return dict(attrs)


class Model(_core.Model):
    """A typed, dated graph of organisations, people, contracts, boards and assets.

    Ids are strings, stable for the life of the model. Every addition is validated whole and
    either lands or raises (:class:`~govgraph.ModelError`, :class:`~govgraph.UnknownIdError`)
    leaving the model unchanged.
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(_text(name, "Model", "name"))

    @property
    def name(self) -> str:
        """The model's name."""
        return str(_checks.Model.name.fget(self))

    @name.setter
    def name(self, value: str) -> None:
        _checks.Model.name.fset(self, _text(value, "Model", "name"))

    @property
    def sources(self) -> list[str]:
        """Where the model's facts come from."""
        return list(_checks.Model.sources.fget(self))

    @sources.setter
    def sources(self, value: Sequence[str]) -> None:
        if isinstance(value, str):
            raise _error("wrong_type", "Model: 'sources' must be a list of text, not one str")
        _checks.Model.sources.fset(self, _ids_of(value, "Model", "sources"))

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
        id = _text(id, "add_organisation", "id")
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
        id = _text(id, "add_person", "id")
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
        id = _text(id, "add_asset", "id")
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
        id = _text(id, "add_contract", "id")
        ctx = f"contract {id!r}"
        parties = _parties(parties, ctx)
        obligations = _obligations(obligations, ctx)
        head = _opt_text(head, ctx, "head")
        self._add_contract(id, _props(
            kind=kind, name=name, binding=binding, liability_cap=liability_cap, value=value,
            start=start, end=end, fields=fields), parties, obligations, head, _attrs(attrs))

    def add_relation(
        self,
        kind: str,
        source: str,
        target: str,
        *,
        id: str | None = None,
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
        accountable_to, performs. ``id`` (optional, unique among the ids of nodes and
        relations) names it for :meth:`end`."""
        kind, source, target = (_text(kind, "add_relation", "kind"),
                                _text(source, "add_relation", "source"),
                                _text(target, "add_relation", "target"))
        self._add_relation(kind, source, target, _props(
            id=_opt_text(id, "add_relation", "id"), start=start, end=end, share=share,
            interest=interest, scope=scope, fields=fields), _attrs(attrs))

    def add_board(
        self,
        id: str,
        *,
        of: str,
        quota: float | None = None,
        quota_rule: str | None = None,
        quorum: int | None = None,
        rules: Sequence[Mapping[str, Any]] | str | None = None,
        name: str | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add a board governing organisation ``of``. ``quota``: a whole number of votes, or a
        fraction f < 1 of the votes of the seats that vote: more than f (``quota_rule=
        "more_than"``, the default: a majority) or at least f (``"at_least"``: 0.75 is a special
        resolution). ``quorum``: voting seats needed for a valid meeting. ``rules``: several
        decision rules instead of ``quota``, each ``{"name", "quota", "quota_rule", "and":
        {"weight", "quota", "quota_rule"}}`` (``and``: a second majority, e.g. of patients by
        ``list_size``); see docs/representation.md."""
        id = _text(id, "add_board", "id")
        of = _text(of, f"board {id!r}", "of")
        rules = _rules_text(rules, f"board {id!r}")
        self._add_board(id, of, _props(
            quota=quota, quota_rule=quota_rule, quorum=quorum, rules=rules, name=name,
            start=start, end=end, fields=fields), _attrs(attrs))

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
        vacant: bool | None = None,
        name: str | None = None,
        start: _Date = None,
        end: _Date = None,
        attrs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Add a seat on ``board`` (kind: representative, expert, ex_officio, independent,
        observer); ``represents`` is its constituency. ``vacant=True``: the seat is empty and
        does not vote. A seat with no ``held_by`` is taken to be filled by someone not recorded;
        a seat whose every ``held_by`` has ended is vacant. ``votes``: at most six decimal
        places (power is computed exactly)."""
        id = _text(id, "add_seat", "id")
        ctx = f"seat {id!r}"
        board = _text(board, ctx, "board")
        appointed_by = _opt_text(appointed_by, ctx, "appointed_by")
        held_by = _opt_text(held_by, ctx, "held_by")
        represents = None if represents is None else _ids_of(represents, ctx, "represents")
        self._add_seat(id, board, appointed_by, represents, held_by, _props(
            votes=votes, kind=kind, vacant=vacant, name=name, start=start, end=end, fields=fields),
            _attrs(attrs))

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

    def add_contracts_from(self, contracts: Any, obligations: Any = None, *,
                           attrs: Sequence[str] | None = None) -> None:
        """Add contracts, and their obligations, from DataFrames or dicts of columns.

        ``contracts``: one row per contract, as :meth:`add_contract` takes it. Columns: ``id``
        and ``kind`` (required), one column per party role used (``commissioner``, ``holder``,
        ``contractor``, ``subcontractor``, ``employer``, ``employee``, ``landlord``, ``tenant``,
        ``indemnified``, ``indemnifier``, ``party``), each cell an id or a list of ids (None or
        NaN: no party in that role on that row); ``parties`` (a dict role -> id or ids per
        cell, for other role names of the kinds without roles); ``head`` (a sub-contract's head
        contract); then fields by name (``name``, ``binding``, ``liability_cap``, ``value``,
        ``onward_subcontracting``, ``cap_basis``, ``start``, ``end``).

        ``obligations``: one row per obligation: ``contract`` (a contract of ``contracts``)
        and ``id`` (required), ``flows_from``, ``obligor``, ``obligee``, then fields (``name``,
        ``category``, ``non_delegable``, ``start``, ``end``). A contract's obligations keep
        their row order.

        A column of either frame that is neither of these is an error naming the nearest,
        unless ``attrs`` names it as a free attribute. None/NaN is "not given" in the optional
        columns and an error in the required ones. Errors name the frame, row and column
        (``contracts row 3: ...``). One batch: all rows of both frames land or none do.
        """
        self._add_contracts_columns(
            to_columns(contracts), None if obligations is None else to_columns(obligations),
            attrs)

    def add_boards_from(self, data: Any, *, attrs: Sequence[str] | None = None) -> None:
        """Add boards from a DataFrame or a dict of columns, as :meth:`add_board` takes them:
        ``id`` and ``of`` (required), then ``quota``, ``quota_rule``, ``quorum``, ``rules`` (a
        list of rule dicts, or its JSON text, per cell), ``name``, ``start``, ``end``; columns
        named in ``attrs`` are free attributes, any other column an error naming the nearest.
        None/NaN: not given (an error in ``id`` and ``of``). Errors name the row (``boards row
        2: ...``). All rows land or none do."""
        self._add_boards_columns(to_columns(data), attrs)

    def add_seats_from(self, data: Any, *, attrs: Sequence[str] | None = None) -> None:
        """Add seats from a DataFrame or a dict of columns, as :meth:`add_seat` takes them:
        ``id`` and ``board`` (required), ``appointed_by``, ``represents`` (an id or a list of
        ids per cell), ``held_by``, then ``votes``, ``kind``, ``vacant``, ``name``, ``start``,
        ``end``; columns named in ``attrs`` are free attributes, any other column an error
        naming the nearest. None/NaN: not given (an error in ``id`` and ``board``). Errors name
        the row (``seats row 4: ...``). All rows land or none do; the boards may be in the
        model already, or not (add them first)."""
        self._add_seats_columns(to_columns(data), attrs)

    # -- reading --------------------------------------------------------------------------------

    def count(self, type: str) -> int:
        """Number of nodes of one type ('organisation', 'person', ...)."""
        return super().count(_text(type, "count", "type"))

    def ids(self, type: str | None = None) -> list[str]:
        """Ids of all nodes (of one type), in the order added."""
        return super().ids(_opt_text(type, "ids", "type"))

    def get(self, id: str, *, as_of: _Date = None) -> dict[str, Any]:
        """The node ``id`` as a dict in the file format's shape (see type_of for its type):
        each field's latest value, and its earlier values under ``history``; with ``as_of``,
        each field as in force that day."""
        return super().get(_text(id, "get", "id"), as_of=as_of)

    def type_of(self, id: str) -> str:
        """The node type of ``id``."""
        return super().type_of(_text(id, "type_of", "id"))

    def relation_count(self, implied: bool = True) -> int:
        """Number of relations; with implied=False only stated ones (not those implied by
        contracts, boards and seats)."""
        return super().relation_count(_bool(implied, "relation_count", "implied"))

    def reachable(self, sources: str | Sequence[str], *, kinds: Sequence[str] | None = None,
                  direction: str = "out", as_of: _Date = None,
                  include_sources: bool = True) -> list[str]:
        """Ids of the nodes reachable from ``sources`` following only relations of ``kinds``
        (all kinds if None) in ``direction`` ('out', 'in', 'both'), only what is in force on
        ``as_of`` if given. Breadth-first, O(V+E) over the part reached; runs without the
        GIL."""
        return super().reachable(
            sources, kinds=kinds, direction=_text(direction, "reachable", "direction"),
            as_of=as_of, include_sources=_bool(include_sources, "reachable", "include_sources"))

    def nodes_frame(self, *, as_of: _Date = None, type: str | None = None) -> Any:
        """Nodes as a pandas DataFrame: id, type, name, start, end, fields, attributes. With
        ``as_of``, only the nodes in force that day, each field as in force then (see
        :meth:`set`); with ``type``, only nodes of that type."""
        return frame(self._nodes_columns(as_of=as_of, type=_opt_text(type, "nodes_frame", "type")))

    def relations_frame(self, *, implied: bool = False, as_of: _Date = None,
                        kind: str | Sequence[str] | None = None) -> Any:
        """Relations as a pandas DataFrame: kind, source, target, start, end, share, fields,
        attributes (a relation's ``id`` among them). ``implied=True`` adds those implied by
        contracts, boards and seats; ``as_of`` keeps those in force that day between nodes in
        force then; ``kind`` (one or several, implied kinds allowed) keeps those kinds."""
        kinds = None if kind is None else _ids_of(kind, "relations_frame", "kind")
        return frame(self._relations_columns(_bool(implied, "relations_frame", "implied"),
                                             as_of=as_of, kind=kinds))

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
        obligations = _ids_of(obligation, "breach", "obligation")
        losses: list[Any]  # numbers, checked by the binding (naming `loss`)
        if isinstance(loss, (list, tuple)):
            losses = list(loss)
            if len(losses) != len(obligations):
                raise _error("bad_value",
                             f"breach: {len(obligations)} obligations but {len(losses)} losses")
        elif loss is None or len(obligations) == 1:
            losses = [loss] * len(obligations)
        else:
            raise _error("bad_value",
                         "breach: with several obligations, give a list of losses, one each")
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
                       as_of: _Date = None, shapley_shubik: bool = True, vacant: str = "exclude",
                       rule: str | None = None, through: bool = False,
                       population: Sequence[str] | None = None) -> Table:
        """The board as a weighted voting game: each member's seats, votes and vote share,
        weight and weight share, Banzhaf (normalised, and ``banzhaf_absolute``) and
        Shapley-Shubik power, veto and dummy flags, its ``vacant_seats``. The result also has
        ``.rule`` (the decision rule played), ``.quota`` (votes to pass), ``.and_quota`` (weight
        to pass under a double majority), ``.total_votes`` (of the seats that vote),
        ``.vacant``, ``.quorate``, ``.can_decide``, ``.unrepresented`` (members of the board's
        organisation with no seat), ``.weight_unknown`` (members with no weight, counted at 0)
        and ``.disproportionality`` (Loosemore-Hanby); ``.banzhaf_exact`` and
        ``.shapley_shubik_exact`` hold the exact fractions; ``.seats`` has a row per seat (seat,
        member, held_by, vacant, start, end). ``by="appointer"``: an appointer's
        seats vote as a bloc; ``by="seat"``: each seat alone. ``vacant="exclude"`` (default): a
        vacant seat does not vote; ``"count"``: it does, as if filled. ``rule``: one of the
        board's decision rules (default: its first). ``through=True``: instead, each
        organisation of ``population`` (default: every practice) with its power on this board
        through the tiers below (see :meth:`power_through`)."""
        if _bool(through, "representation", "through"):
            return self.power_through(board, population, rule=rule, as_of=as_of)
        if population is not None:
            raise _error("bad_value", "representation: population is for through=True")
        r = self._representation(board, weight, by, as_of, shapley_shubik, vacant, rule)
        return Table(r["columns"], f"representation on {board}", rule=r["rule"],
                     seats=Table(r["seats"], f"seats on {board}"),
                     quota=r["quota"], and_quota=r["and_quota"], total_votes=r["total_votes"],
                     vacant=r["vacant"], quorate=r["quorate"], can_decide=r["can_decide"],
                     unrepresented=r["unrepresented"], weight_unknown=r["weight_unknown"],
                     disproportionality=r["disproportionality"],
                     banzhaf_exact=r["banzhaf_exact"],
                     shapley_shubik_exact=r["shapley_shubik_exact"])

    def decision_rules(self, board: str) -> list[dict[str, Any]]:
        """The board's decision rules: its ``rules``, or one rule "ordinary" from its quota."""
        return self._decision_rules(board)

    def power_under_rules(self, board: str, *, weight: str = "list_size", by: str = "appointer",
                          as_of: _Date = None, vacant: str = "exclude") -> Table:
        """Each member's power under every decision rule of the board: one row per rule and
        member (``rule``, ``member``, ``votes``, ``weight_share``, ``banzhaf``,
        ``shapley_shubik``, ``veto``, ``dummy``)."""
        cols: dict[str, list[Any]] = {k: [] for k in (
            "rule", "member", "votes", "weight_share", "banzhaf", "shapley_shubik", "veto",
            "dummy")}
        for d in self.decision_rules(board):
            r = self._representation(board, weight, by, as_of, True, vacant, d["name"])
            c = r["columns"]
            cols["rule"] += [d["name"]] * len(c["member"])
            for k in ("member", "votes", "weight_share", "banzhaf", "shapley_shubik", "veto",
                      "dummy"):
                cols[k] += c[k]
        return Table(cols, f"power under the rules of {board}")

    def power_through(self, board: str, population: Sequence[str] | None = None, *,
                      rule: str | None = None, as_of: _Date = None) -> Table:
        """Each organisation of ``population`` (default: every practice) with its absolute
        Banzhaf power on ``board`` through the tiers below it (its power on its own board times
        that board's organisation's power above, and so on): ``org``, ``routes``, ``banzhaf``
        (float), ``exact`` (Fraction), ``method`` ("product" where the boards form a tree, exact;
        "enumeration" of the compound game when it is not and has at most 22 independent
        voters; otherwise not computed and says why)."""
        return Table(self._power_through(board, population, rule, as_of),
                     f"power on {board} through the tiers")

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
        result's ``.share_covered`` is the share of the population's weight with any voice, and
        ``.share_with_power`` the share with a route that carries power (``with_power``: no
        seat on it is vacant, an observer or a dummy)."""
        r = self._coverage(board, population, weight, as_of)
        return Table(r["columns"], f"coverage of {board}", share_covered=r["share_covered"],
                     share_with_power=r["share_with_power"])

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
        weight = _text(weight, "blocking_coalitions", "weight")
        if isinstance(group, str):
            _text(group, "blocking_coalitions", "group")
            if group != "below_median":
                raise _core.ModelError(
                    f"[govgraph.bad_value] group {group!r}: give ids or 'below_median'")
            rows = self.representation(board, weight=weight, by=by, as_of=as_of,
                                       shapley_shubik=False)
            weights = sorted(r.weight for r in rows if r.weight is not None)
            median = weights[len(weights) // 2] if len(weights) % 2 else (
                sum(weights[len(weights) // 2 - 1:len(weights) // 2 + 1]) / 2 if weights else 0)
            group = [r.member for r in rows if r.weight is not None and r.weight < median]
        group = _ids_of(group, "blocking_coalitions", "group")
        r = self._blocking_coalitions(board, group, by, as_of, limit)
        return Blocking(board, list(group), r["can_block"], r["group_votes"],
                        r["votes_to_block"], r["smallest"])

    # -- ownership and control (docs/control.md) ----------------------------------------------

    def controllers(self, entity: str, *, threshold: float = 0.25, as_of: _Date = None,
                    measure: str = "ownership") -> Table:
        """Who holds ``entity`` on ``as_of`` (default today: a share is a state on a day), by
        ``measure``: ``"ownership"`` (``owns`` shares) or ``"voting"`` (``controls`` of
        interest voting_rights) integrated over every chain of holdings, cycles of
        cross-holdings included; or ``"control"``, significant control in law (Companies Act
        2006 Sch 1A: shares or votes above ``threshold``, appointing the board, significant
        influence; interests held through a body one has a majority stake in counted in full).
        Rows ``controller``, ``share`` (with ``share_min``/``share_max`` from BODS ranges),
        ``direct``, ``paths`` (None through a cycle), ``controls``, ``certain`` (``controls``
        holds at both ends of the ranges) and ``ultimate`` (controls, and is a person or a body
        no one controls by the measure); with ``"control"`` also ``votes`` and ``conditions``.
        ``.ultimate`` lists the ultimate controllers, ``.unknown_share`` the holders upstream
        whose share is not given, ``.as_of`` the day. Computed in C++ (docs/control.md)."""
        r = self._controllers(_text(entity, "controllers", "entity"), threshold, as_of,
                              _text(measure, "controllers", "measure"))
        cols = r["columns"]
        ultimate = [c for c, u in zip(cols["controller"], cols["ultimate"]) if u]
        return Table(cols, f"controllers of {entity} ({measure}, as of {r['as_of']})",
                     ultimate=ultimate, unknown_share=r["unknown_share"], as_of=r["as_of"])

    def circular_ownership(self, *, as_of: _Date = None) -> Table:
        """Every cycle of ``owns``/``controls`` in force on ``as_of`` (default today), as
        strongly connected components with more than one node: rows ``members``, ``size`` and
        one ``cycle`` through them (its first node repeated at the end). O(N + R), in C++."""
        r = self._circular_ownership(as_of)
        return Table(r["columns"], f"cycles of ownership and control (as of {r['as_of']})",
                     as_of=r["as_of"])

    # -- interchange (docs/interchange.md) ------------------------------------------------------

    def to_bods(self, *, publisher: str = "govgraph",
                date: str | None = None) -> list[dict[str, Any]]:
        """BODS 0.4 statements of the organisations, people and ``owns``/``controls``
        relations (:func:`govgraph.bods.to_bods`, docs/bods.md)."""
        from .bods import to_bods
        return to_bods(self, publisher=publisher, date=date)

    def to_networkx(self, *, as_of: _Date = None, kinds: Sequence[str] | None = None) -> Any:
        """The model as a ``networkx.MultiDiGraph``: a node per model node with its type,
        name, dates, fields and attributes; an edge per stated relation (or per relation of
        ``kinds``, implied kinds allowed) with its kind, dates, share, fields and attributes;
        ``as_of``: what is in force that day. Needs networkx. :mod:`govgraph.interchange`."""
        from .interchange import to_networkx

        as_of = _checks._check_date(as_of, "to_networkx: as_of")
        kinds = None if kinds is None else _ids_of(kinds, "to_networkx", "kinds")
        return to_networkx(self, as_of=as_of, kinds=kinds)

    def to_graphml(self, path: str | os.PathLike[str], *, as_of: _Date = None,
                   kinds: Sequence[str] | None = None) -> None:
        """Write :meth:`to_networkx`'s graph as GraphML (missing values left out: GraphML
        has no None). Read it back with ``gg.read_graphml``."""
        from .interchange import to_graphml

        as_of = _checks._check_date(as_of, "to_graphml: as_of")
        kinds = None if kinds is None else _ids_of(kinds, "to_graphml", "kinds")
        to_graphml(self, _path(path, "to_graphml"), as_of=as_of, kinds=kinds)

    def to_arrow(self, *, as_of: _Date = None, implied: bool = False) -> dict[str, Any]:
        """The node and relation frames as ``pyarrow`` tables ``{"nodes", "relations"}``
        (``start``/``end`` as dates). Needs pyarrow. :mod:`govgraph.interchange`."""
        from .interchange import to_arrow

        as_of = _checks._check_date(as_of, "to_arrow: as_of")
        return to_arrow(self, as_of=as_of, implied=_bool(implied, "to_arrow", "implied"))

    def to_parquet(self, directory: str | os.PathLike[str], *, as_of: _Date = None,
                   implied: bool = False) -> list[str]:
        """Write :meth:`to_arrow`'s tables as ``nodes.parquet`` and ``relations.parquet`` in
        ``directory``; returns their paths. Needs pyarrow."""
        from .interchange import to_parquet

        as_of = _checks._check_date(as_of, "to_parquet: as_of")
        return to_parquet(self, _path(directory, "to_parquet"), as_of=as_of,
                          implied=_bool(implied, "to_parquet", "implied"))

    # -- time and what-if (docs/scenarios.md) ----------------------------------------------------

    def end(self, target: str | tuple[str, str, str], *, on: _Date) -> None:
        """Record that a node or a relation ends on ``on`` (the first day it no longer holds).
        ``target`` is a node's id, a relation's id, or ``(kind, source, target)`` naming the one
        such relation in force on ``on`` (none or several is an error listing them). Nothing
        is removed: queries as of an earlier day still see it."""
        if not isinstance(target, (str, tuple, list)):
            raise _error("wrong_type", "end: target must be an id or a (kind, source, target) "
                         f"tuple, not {type(target).__name__}")
        self._end(target if isinstance(target, str) else list(target), on)

    def withdraw(self, org: str, *, from_: str, on: _Date, seats: str = "vacate") -> Table:
        """``org`` leaves the arrangement ``from_`` on ``on``: its membership and the
        sub-contracts between the two (either way round) end. ``seats="vacate"`` (default): its
        appointments to the arrangement's boards end too, and the seats it appointed fall vacant
        from that day for good and stop voting, as under articles that end a member's nominee's
        office when the member leaves; ``"keep"``: its directors stay in office until removed
        (CA 2006 s.168), as under the model articles. Returns what ended (rows: ended, id, on).
        All of it happens or, on an error, none."""
        cols = self._withdraw(_text(org, "withdraw", "org"), _text(from_, "withdraw", "from_"), on,
                              _text(seats, "withdraw", "seats"))
        return Table(dict(cols), f"{org} withdraws from {from_}")

    def set(self, id: str, *, on: _Date = None, **fields: Any) -> None:
        """Give fields of node ``id`` new values from ``on`` (``list_size=9100``); earlier
        days keep their values, and every query, frame and view as of a day uses the value in
        force then (with no ``as_of``: the latest). Without ``on``, a correction: the value
        holds for all time and the field's history goes. Fields only: ``end`` ends a node,
        and a name can only be corrected."""
        id = _text(id, "set", "id")
        if "rules" in fields:
            fields["rules"] = _rules_text(fields["rules"], f"set({id!r})")
        self._set(id, on, fields)

    def set_from(self, data: Any, *, on: _Date) -> None:
        """:meth:`set` for many nodes at once, from a DataFrame or a dict of columns: ``id``
        (each node once), then one column per field (NaN or None: that row leaves the field as
        it is). ``on`` is required: the day the values hold from, or ``None`` for corrections
        (which replace the fields' histories). All rows land or none do; an error names the
        row."""
        self._set_columns(to_columns(data), on)

    def as_of(self, day: _Date) -> Model:
        """A new model holding what is in force on ``day`` (a copy, O(N + R)). Queries that
        only need one day can take ``as_of=`` instead, at no cost."""
        return _wrap(self._as_of(day))

    def without(self, ids: str | Sequence[str]) -> Model:
        """A new model without ``ids`` and what depended on them (contracts losing an obliged
        party, sub-contracts losing their head, their obligations, boards of removed
        organisations and their seats; seats they held or appointed stay, vacant). The model
        itself is untouched. O(N + R)."""
        return _wrap(self._without(_ids_of(ids, "without", "ids")))

    def replace(self, old: str, new: str, *, on: _Date) -> Model:
        """Novation: a new model in which, from ``on``, ``new`` takes ``old``'s place in every
        contract, seat and relation; before ``on`` nothing changes. O(N + R)."""
        old, new = _text(old, "replace", "old"), _text(new, "replace", "new")
        return _wrap(self._replace(old, new, on))

    def impact(self, removed: str | Sequence[str], *, weight: str = "list_size",
               as_of: _Date = None) -> Any:
        """What removing ``removed`` (organisations, people, contracts...) does, computed by the
        C++ core (docs/scenarios.md, "Impact"): obligations left without a performer (with who
        held, received and delivered each), obligations left without their beneficiary, the
        practices and patients (``weight``) affected, seats vacated or removed, boards left
        without quorum or unable to decide, liability paths changed. ``as_of``: what is in
        force that day; none: the current facts (those with no end date). Returns an
        :class:`govgraph.scenario.ImpactReport`."""
        from .scenario import ImpactReport

        gone = _ids_of(removed, "impact", "removed")
        weight = _text(weight, "impact", "weight")
        day = _checks._check_date(as_of, "impact: as_of")
        r = _core._impact(self, gone, weight, day)
        return ImpactReport._from_core(r, _wrap(r["after"]), day)

    def to_dot(self, *, nodes: Sequence[str] | None = None,
               around: str | Sequence[str] | None = None, depth: int = 1, as_of: _Date = None,
               implied: bool = True, title: str | None = None, **options: Any) -> str:
        """The model as Graphviz DOT text: contracts as obligor -> obligee arrows, relations
        styled by kind, dates on what is dated, a legend. ``nodes``: only these ids and the
        relations among them; ``around``/``depth``: the neighbourhood within ``depth`` hops;
        ``as_of``: what is in force that day; ``implied=False``: stated relations only. More
        ``options`` (contracts="nodes", obligations=True, legend=False, rankdir) and how the
        picture reads: :mod:`govgraph.display`."""
        if nodes is not None:
            nodes = _ids_of(nodes, "to_dot", "nodes")
        if around is not None:
            around = _ids_of(around, "to_dot", "around")
        depth = _int(depth, "to_dot", "depth", -(2**63))  # the range: display.to_dot
        as_of = _checks._check_date(as_of, "to_dot: as_of")
        implied = _bool(implied, "to_dot", "implied")
        title = _opt_text(title, "to_dot", "title")
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
        self._save(_path(path, "save"), _int(indent, "save", "indent", -1))

    def dumps(self, *, indent: int = 2) -> str:
        """The model as govgraph JSON text."""
        return self._dumps(_int(indent, "dumps", "indent", -1))

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
    return _wrap(_core._load(_path(path, "load")))


def loads(text: str, *, source: str = "<string>") -> Model:
    """Read a model from govgraph JSON text; ``source`` names it in error messages."""
    return _wrap(_core._loads(_text(text, "loads", "text"), _text(source, "loads", "source")))


def save(model: Model, path: str | os.PathLike[str], *, indent: int = 2) -> None:
    """Write ``model`` as govgraph JSON (the same as ``model.save(path)``)."""
    _model_arg(model, "save")
    model.save(path, indent=indent)


def dumps(model: Model, *, indent: int = 2) -> str:
    """``model`` as govgraph JSON text (the same as ``model.dumps()``)."""
    _model_arg(model, "dumps")
    return model.dumps(indent=indent)


def legal_forms() -> Table:
    """The legal forms the core knows and how each answers for its debts (rule 5 of
    DESIGN.md; ``src/kinds.cpp``, ``legal_forms()``): rows ``legal_form``, ``label``,
    ``regime`` (``own``: the body answers for itself; ``one_person``: the business is its
    owner; ``partners``: not a legal person, its partners answer jointly for its debts and
    jointly and severally for its wrongs;
    ``shielded``: a legal person whose members' liability is limited) and ``basis`` (the
    statute or case). A view of the core's table: no rule is decided here."""
    forms = _core._schema_tables()["legal_forms"]
    return Table({"legal_form": list(forms), "label": [f["label"] for f in forms.values()],
                  "regime": [f["regime"] for f in forms.values()],
                  "basis": [f["basis"] for f in forms.values()]}, "Legal forms")
