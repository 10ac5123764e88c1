"""Somerset collaboratives from real data (seed 002; issue 6's second case study).

Seed 002 (Somerset LMC, *Collaboration for Survival*, June 2015) proposes practice collaboratives
"covering about 25-30,000 patients", which "would reduce the current number of functionally
distinct provider units from 74 practices to about 20 collaboratives", while "combining
contracts is usually neither necessary nor desirable" and "smaller practices are not overwhelmed
by or subsumed into their larger neighbours". This module forms such collaboratives from the real
practices of NHS Somerset CCG (``11X``), sets them against the primary care networks that were
actually formed in 2019, and measures the voice of the smallest practices on each one's board.

Sources (read from ``../shared/data/nhs/``, never copied):
  * NHS ODS GP practice extract, 2019 (``epraccur-2019.csv``): the active GP practices of CCG
    11X, their names and postcodes;
  * NHS Digital, Patients Registered at a GP Practice, January 2021
    (``gp-reg-pat-prac-all-2021-01.csv``): list sizes;
  * NHS ODS primary care networks, December 2019 (``ePCN-2019-12.xlsx``): the networks and
    their member practices. The networks are what the collaboratives are compared with, so they
    are NOT an input to the grouping.

The method (every bound and choice is in ASSUMPTIONS):
  1. *No practice is subsumed.* A collaborative is a group of whole practices: each keeps its own
     contract with the CCG (a ``gms`` contract here: the extract does not say GMS, PMS or APMS;
     ``commissioner_form`` makes NHS England the party instead, the CCG managing the contract
     under delegation: ``commissioner_forms`` shows both) and its own seat on the
     collaborative's board; the practices work together under a memorandum of understanding
     (the LMC's "generic Memorandum of Understanding"), which binds nobody.
  2. *Geography from the postcode.* The extract gives each practice's postcode and nothing finer,
     so practices are put in one line, the *walk*: by postcode area in the order
     ``area_order`` (an assumption: BS26/27, Cheddar and Axbridge, border BA's Mendip towns;
     DT9, Milborne Port, borders BA22 near Yeovil), then by district number, then by the rest of
     the postcode. Districts numbered close together are usually near each other (TA1-TA3
     Taunton, TA5-TA7 Bridgwater, BA20-BA22 Yeovil), but not always: the walk is a rough map.
  3. *Bounds.* A collaborative holds from ``lower`` to ``upper`` registered patients (seed 002:
     25,000-30,000). Its members lie within ``window`` consecutive places of the walk.
  4. *The best grouping, exactly.* Among all groupings of the walk obeying 3, the method takes
     the one that (a) leaves the fewest practices out, then (b) puts the fewest postcode areas
     together in one collaborative, then (c) keeps members closest together on the walk (the
     sum, over collaboratives, of the places between first and last member), then (d) brings
     sizes closest to the middle of the bounds (sum of squared distances). It is found by dynamic
     programming over the walk (state: the place reached and which of the next ``window - 1``
     practices are already taken), so it is deterministic and optimal for that order.
  5. *Practices that do not fit* stand alone: no collaborative, no board; they are listed with
     the reason (above the upper bound, or no grouping within the window fits the bounds). A
     practice whose own list lies within the bounds may be a collaborative of one: it already has
     the size and nobody is added to it.

Boards: one per collaborative and one per network, a seat per member practice (appointed by it,
representing it), simple majority by default; votes one per practice or by list size (one per
``vote_unit`` patients, at least one). ``model.representation`` gives Banzhaf and Shapley-Shubik
power and vetoes; ``model.blocking_coalitions(board, "below_median")`` says whether the smaller
half of the members can block.

Run:  python examples/python/somerset_case.py
"""

from __future__ import annotations

import logging
import math
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

import govgraph as gg

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"

if str(Path(__file__).resolve().parent) not in sys.path:  # national.py, beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # noqa: E402

CCG = "11X"
CCG_NAME = "NHS Somerset CCG"

ASSUMPTIONS: dict[str, Any] = {
    "lower": 25_000,           # seed 002: collaboratives of "about 25-30,000 patients"
    "upper": 30_000,
    "window": 8,               # a collaborative's members lie within 8 consecutive places
    "area_order": ["BS", "BA", "DT", "TA"],  # the walk through the postcode areas
    "votes": "one_per_practice",  # or "list_size": one vote per vote_unit patients
    "vote_unit": 100,
    "board_quota": 0.5,        # boards pass motions with more than half of the votes
    # every board also holds a "double majority" rule: more than board_quota of the votes AND
    # more than patient_quota of the members' registered patients (decision_rules compares it)
    "patient_quota": 0.5,
    "guidance": (30_000, 50_000),  # NHS England's PCN size guidance, patients
    "practice_contract": "gms",    # each practice keeps its own contract (kind not in the data)
    # Who is the practice contracts' commissioner party: "ccg" (seed 002 speaks of contracts
    # with the CCG) or "nhse_delegated" (the GMS Regulations make NHS England the party; the
    # CCG manages the contracts under delegated commissioning, NHS Act 2006 s.13Z)
    "commissioner_form": "ccg",
}
COMMISSIONER_FORMS = ("ccg", "nhse_delegated")
NHSE = "nhse"

_OUTWARD = re.compile(r"([A-Z]{1,2})(\d{1,2})([A-Z]?)")


def _quiet_import() -> Any:
    """Silence the importers' warnings (their reports are kept on the model and shown)."""
    log = logging.getLogger("govgraph.nhs")
    level = log.level
    log.setLevel(logging.ERROR)
    return log, level


@lru_cache(maxsize=4)
def _tables(data: str) -> tuple[pd.DataFrame, pd.Series]:
    frame = gg.nhs.read_epraccur_frame(Path(data) / "epraccur-2019.csv")
    sizes = gg.nhs.read_list_size_table(Path(data) / "gp-reg-pat-prac-all-2021-01.csv")
    return frame, sizes


def practices(data: Path = DATA) -> pd.DataFrame:
    """The active GP practices of CCG 11X: code, name, postcode, district, area, list_size."""
    frame, sizes = _tables(str(data))
    keep = frame[(frame.commissioner == CCG) & (frame.status == "A")
                 & (frame.prescribing_setting.astype(str) == "4")]
    out = keep[["code", "name", "postcode"]].copy()
    out["district"] = out.postcode.str.split().str[0]
    out["area"] = out.district.str.extract(r"^([A-Z]+)", expand=False)
    out["list_size"] = out.code.map(sizes).astype("Int64")
    return out.sort_values("code").reset_index(drop=True)


def walk(table: pd.DataFrame, area_order: Sequence[str]) -> pd.DataFrame:
    """The practices in walk order: postcode area (``area_order`` first, others after,
    alphabetically), district number, district letter, inward code, practice code."""
    rank = {a: i for i, a in enumerate(area_order)}

    def key(row: Any) -> tuple[Any, ...]:
        outward, _, inward = str(row.postcode).partition(" ")
        m = _OUTWARD.fullmatch(outward)
        area, number, letter = (m[1], int(m[2]), m[3]) if m else (outward, 0, "")
        return (rank.get(area, len(rank)), area, number, letter, inward, row.code)

    keys = [key(r) for r in table.itertuples()]
    order = sorted(range(len(table)), key=keys.__getitem__)
    return table.iloc[order].reset_index(drop=True)


class Grouping(NamedTuple):
    """One grouping of practices: a collaborative (``fits``) or a practice standing alone."""
    members: list[str]
    patients: int
    fits: bool
    reason: str = ""


def form_collaboratives(table: pd.DataFrame, lower: int, upper: int, window: int,
                        area_order: Sequence[str]) -> list[Grouping]:
    """Group the practices of ``table`` (code, postcode, list_size) by the method of this
    module's docstring: every practice in exactly one grouping, collaboratives within
    [lower, upper], members within ``window`` places of the walk; misfits stand alone."""
    if lower > upper or window < 1:
        raise ValueError(f"bounds {lower}-{upper}, window {window}: need lower <= upper, "
                         "window >= 1")
    sized = table[table.list_size.notna()]
    unsized = [Grouping([c], 0, False, "no list size") for c in table.code[table.list_size.isna()]]
    line = walk(sized, area_order)
    codes = list(line.code)
    n = len(codes)
    size = [int(x) for x in line.list_size]
    area = list(line.area)

    def moves(i: int, mask: int) -> list[tuple[tuple[int, ...], int, tuple[int, ...]]]:
        """(members, next mask, cost) from state (i, mask); bit k of mask: place i+k taken."""
        if mask & 1:
            return [((), mask >> 1, (0, 0, 0, 0))]
        out = [((i,), mask >> 1, (1, 0, 0, 0))]  # stands alone, does not fit
        free = [k for k in range(1, window) if i + k < n and not mask >> k & 1]

        def grow(start: int, chosen: tuple[int, ...], total: int, bits: int) -> None:
            if total > upper:
                return
            if total >= lower:
                members = (i, *chosen)
                cost = (0, len({area[j] for j in members}) - 1, members[-1] - i,
                        (2 * total - lower - upper) ** 2)
                out.append((members, (mask | bits) >> 1, cost))
            for t in range(start, len(free)):
                k = free[t]
                grow(t + 1, (*chosen, i + k), total + size[i + k], bits | 1 << k)

        grow(0, (), size[i], 1)
        return out

    # the states reachable from (0, 0), then the best cost of each, from the end backwards
    table_moves: dict[tuple[int, int], list[Any]] = {}
    frontier = {(0, 0)}
    for i in range(n):
        nxt = set()
        for state in sorted(s for s in frontier if s[0] == i):
            table_moves[state] = moves(*state)
            nxt.update((i + 1, m) for _, m, _ in table_moves[state])
        frontier = nxt
    best: dict[tuple[int, int], tuple[tuple[int, ...], list[tuple[int, ...]]]] = {
        s: ((0, 0, 0, 0), []) for s in frontier}
    for state in sorted(table_moves, reverse=True):
        options = []
        for members, m, cost in table_moves[state]:
            rest, groups = best[(state[0] + 1, m)]
            options.append((tuple(a + b for a, b in zip(cost, rest)),
                            ([members] if members else []) + groups))
        best[state] = min(options, key=lambda o: o[0])
    out = []
    for members in best[(0, 0)][1]:
        total = sum(size[j] for j in members)
        fits = lower <= total <= upper
        reason = "" if fits else ("above the upper bound" if total > upper else
                                  f"no grouping within {window} places fits {lower:,}-{upper:,}")
        out.append(Grouping([codes[j] for j in members], total, fits, reason))
    return out + unsized


@lru_cache(maxsize=2)
def _base(data: str) -> gg.Model:
    """CCG 11X, its practices with list sizes, and the networks they joined (cached)."""
    _, sizes = _tables(data)
    m = gg.Model(name="Somerset collaboratives")
    m.add_organisation(CCG, name=CCG_NAME, kind="commissioner", legal_form="statutory_body")
    log, level = _quiet_import()
    try:
        gg.nhs.read_epraccur(Path(data) / "epraccur-2019.csv", model=m, commissioners=CCG,
                             list_sizes=sizes)
        gg.nhs.read_epcn(Path(data) / "ePCN-2019-12.xlsx", model=m)
    finally:
        log.setLevel(level)
    # read_epcn adds every network of England; keep only those with a member in 11X
    empty = m.nhs_reports["epcn"].unmatched.get("networks_without_members", [])
    base = m.without(empty)
    base.sources = m.sources
    return base


def build(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> gg.Model:
    """The practices, their networks, the collaboratives formed by the method, and the boards."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    if a["commissioner_form"] not in COMMISSIONER_FORMS:
        raise ValueError(f"commissioner_form must be one of {COMMISSIONER_FORMS}, "
                         f"not {a['commissioner_form']!r}")
    m = _base(str(data)).copy()
    m.sources = [*m.sources, "seed 002 (Somerset LMC, Collaboration for Survival, 2015)",
                 "assumptions: " + repr(a)]
    party = CCG
    if a["commissioner_form"] == "nhse_delegated":
        m.add_organisation(NHSE, name="NHS England", kind="commissioner",
                           legal_form="statutory_body")
        m.add_relation("delegates", NHSE, CCG)
        party = NHSE
    table = practices(data)
    sizes = dict(zip(table.code, table.list_size))
    for code in table.code:
        m.add_contract(f"{a['practice_contract']}-{code}", kind=a["practice_contract"],
                       parties={"commissioner": party, "holder": code},
                       obligations=[{"id": f"{a['practice_contract']}-{code}/essential",
                                     "name": "Essential services", "category": "clinical"}])
    groups = [g for g in form_collaboratives(table, a["lower"], a["upper"], a["window"],
                                             a["area_order"]) if g.fits]
    ids = [f"C{i + 1:02d}" for i in range(len(groups))]
    areas = {c: d for c, d in zip(table.code, table.district)}
    m.add_nodes_from({
        "id": ids,
        "name": [f"Collaborative {i + 1} ({', '.join(dict.fromkeys(areas[c] for c in g.members))})"
                 for i, g in enumerate(groups)],
        "kind": ["other"] * len(groups), "legal_form": ["unincorporated"] * len(groups),
        "role": ["collaborative"] * len(groups),
        "patients": [g.patients for g in groups],
    }, type="organisation", attrs=["role", "patients"])
    m.add_relations_from({
        "kind": ["member_of"] * sum(len(g.members) for g in groups),
        "source": [c for g in groups for c in g.members],
        "target": [i for i, g in zip(ids, groups) for _ in g.members],
    })
    for cid, g in zip(ids, groups):
        if len(g.members) > 1:
            m.add_contract(f"{cid}/mou", kind="mou", binding=False,
                           name=f"{cid} memorandum of understanding", parties={"party": g.members})

    def board(board_id: str, of: str, members: Sequence[str]) -> None:
        m.add_board(board_id, of=of, rules=rules(a))
        for code in members:
            votes = (1 if a["votes"] == "one_per_practice"
                     else max(1, round(int(sizes[code]) / a["vote_unit"])))
            m.add_seat(f"{board_id}/{code}", board=board_id, votes=votes, kind="representative",
                       appointed_by=code, represents=[code])

    for cid, g in zip(ids, groups):
        board(f"{cid}/board", cid, g.members)
    for pcn, members in _networks(m).items():
        board(f"{pcn}/board", pcn, members)
    return m


ORDINARY = "ordinary"
DOUBLE_MAJORITY = "double majority"
# the three ways of deciding that decision_rules compares: (label, votes, board rule)
DECISION_RULES = (("one practice one vote", "one_per_practice", ORDINARY),
                  ("votes by list size", "list_size", ORDINARY),
                  ("double majority", "one_per_practice", DOUBLE_MAJORITY))


def rules(a: dict[str, Any]) -> list[dict[str, Any]]:
    """Every board's decision rules: "ordinary" (more than ``board_quota`` of the votes; the
    first rule, which every other finding uses) and "double majority" (that AND more than
    ``patient_quota`` of the patients of the members whose seats vote)."""
    return [{"name": ORDINARY, "quota": a["board_quota"]},
            {"name": DOUBLE_MAJORITY, "quota": a["board_quota"],
             "and": {"weight": "list_size", "quota": a["patient_quota"]}}]


def _networks(m: gg.Model) -> dict[str, list[str]]:
    """Network id -> its member practices (from the model's member_of relations)."""
    nodes = m.nodes_frame().set_index("id")
    rel = m.relations_frame()
    mem = rel[(rel.kind == "member_of") & rel.target.map(nodes.kind).eq("network")]
    return {k: sorted(v) for k, v in mem.groupby("target").source}


def _collaboratives(m: gg.Model) -> dict[str, list[str]]:
    nodes = m.nodes_frame().set_index("id")
    rel = m.relations_frame()
    collab = nodes.index[nodes.get("role", pd.Series(dtype=object)).eq("collaborative")]
    mem = rel[(rel.kind == "member_of") & rel.target.isin(collab)]
    return {k: list(v) for k, v in mem.groupby("target", sort=True).source}


def count(n: int, word: str) -> str:
    """'1 practice', '2 practices'."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def band(patients: float, bounds: tuple[int, int]) -> str:
    """below / within / above a (lower, upper) size range."""
    return "below" if patients < bounds[0] else "above" if patients > bounds[1] else "within"


def _board_row(m: gg.Model, board_id: str, kind: str, group: str) -> dict[str, Any]:
    rep = m.representation(board_id)
    f = rep.to_frame().sort_values(["weight", "member"])
    small = f.iloc[0]
    large = f.iloc[-1]
    block = m.blocking_coalitions(board_id, "below_median")
    return {
        "board": board_id, "type": kind, "grouping": group, "practices": len(f),
        "patients": int(f.weight.sum()), "quota": rep.quota, "total_votes": rep.total_votes,
        "smallest": small.member, "smallest_list": int(small.weight),
        "smallest_patient_share": small.weight_share, "smallest_vote_share": small.vote_share,
        "smallest_banzhaf": small.banzhaf, "smallest_shapley": small.shapley_shubik,
        "smallest_veto": bool(small.veto), "smallest_dummy": bool(small.dummy),
        "largest_banzhaf": large.banzhaf, "largest_alone_decides": bool(large.banzhaf >= 1.0),
        "smaller_half": len(block.group), "smaller_half_can_block": bool(block.can_block),
        "disproportionality": rep.disproportionality,
    }


def voice(boards: pd.DataFrame) -> pd.DataFrame:
    """Per type of board (collaborative, network), over boards of two practices or more: how
    many there are, and on how many the smallest practice has a veto, is a dummy (never
    decisive), the smaller half of the practices can block, and one practice decides alone."""
    multi = boards[boards.practices > 1]
    return multi.groupby("type").agg(
        boards=("board", "size"),
        smallest_has_veto=("smallest_veto", "sum"),
        smallest_is_dummy=("smallest_dummy", "sum"),
        smaller_half_can_block=("smaller_half_can_block", "sum"),
        one_practice_decides=("largest_alone_decides", "sum"),
        mean_smallest_banzhaf=("smallest_banzhaf", "mean"),
        mean_smallest_patient_share=("smallest_patient_share", "mean"),
    )


def picture(m: gg.Model, collaborative: str) -> list[str]:
    """Ids to draw one collaborative: its practices, their contracts with the CCG, the networks
    they joined, the collaborative's board and seats, and its memorandum of understanding."""
    members = [i for i in m.reachable([collaborative], kinds=["member_of"], direction="in")
               if i != collaborative]
    joined = m.reachable(members, kinds=["member_of", "accountable_to"], direction="out")
    board = f"{collaborative}/board"
    seats = [f"{board}/{c}" for c in members]
    contracts = [i for i in m.ids("contract")
                 if i == f"{collaborative}/mou" or i.split("-", 1)[-1] in members]
    return list(dict.fromkeys([*joined, board, *seats, *contracts]))


def findings(m: gg.Model, assumptions: dict[str, Any] | None = None,
             data: Path = DATA) -> dict[str, Any]:
    """The case study's answers, as numbers and frames, read from the model."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(data)
    nodes = m.nodes_frame().set_index("id")
    collabs = _collaboratives(m)
    nets = _networks(m)
    in_collab = {c: cid for cid, ms in collabs.items() for c in ms}
    in_net = {c: pcn for pcn, ms in nets.items() for c in ms}
    size = dict(zip(table.code, table.list_size))
    groupings = form_collaboratives(table, a["lower"], a["upper"], a["window"], a["area_order"])
    misfits = [g for g in groupings if not g.fits]
    rows = []
    for cid, ms in collabs.items():
        rows.append({"grouping": cid, "members": ", ".join(ms), "practices": len(ms),
                     "patients": int(sum(size[c] for c in ms)),
                     "districts": ", ".join(dict.fromkeys(
                         table.set_index("code").district[c] for c in ms)),
                     "networks": ", ".join(sorted({in_net.get(c, "none") for c in ms})),
                     "fits": True, "reason": ""})
    for g in misfits:
        rows.append({"grouping": "alone: " + g.members[0], "members": g.members[0],
                     "practices": 1, "patients": g.patients,
                     "districts": table.set_index("code").district[g.members[0]],
                     "networks": in_net.get(g.members[0], "none"), "fits": False,
                     "reason": g.reason})
    groups = pd.DataFrame(rows)

    pcn_rows = []
    for pcn, ms in nets.items():
        pcn_rows.append({"network": pcn, "name": nodes.name[pcn], "practices": len(ms),
                         "patients": int(sum(size[c] for c in ms)),
                         "collaboratives": len({in_collab.get(c, "alone: " + c) for c in ms})})
    pcns = pd.DataFrame(pcn_rows).sort_values("patients").reset_index(drop=True)
    pcns["guidance"] = [band(p, a["guidance"]) for p in pcns.patients]

    def overlap(ms: list[str]) -> str:
        touched = {in_net.get(c) for c in ms}
        if touched == {None}:
            return "in no network"
        if len(touched) > 1:
            return f"spans {len(touched)} networks"
        (pcn,) = touched
        return "coincides with a network" if sorted(ms) == nets[pcn] else "within one network"

    groups["overlap"] = [overlap(ms.split(", ")) if fit else "" for ms, fit in
                         zip(groups.members, groups.fits)]

    boards = pd.DataFrame(
        [_board_row(m, f"{cid}/board", "collaborative", cid) for cid in collabs]
        + [_board_row(m, f"{pcn}/board", "network", pcn) for pcn in nets])
    multi = boards[boards.practices > 1]
    return {
        "practices": table.assign(collaborative=table.code.map(in_collab),
                                  network=table.code.map(in_net)),
        "patients": int(table.list_size.sum()),
        "groupings": groups,
        "collaboratives": len(collabs),
        "misfits": misfits,
        "alone_at_scale": [cid for cid, ms in collabs.items() if len(ms) == 1],
        "networks": pcns,
        "not_in_network": sorted(set(table.code) - set(in_net)),
        "overlap": groups[groups.fits].overlap.value_counts(),
        "boards": boards,
        "multi_member_boards": multi,
        "largest_network": max(nets, key=lambda p: len(nets[p])),
        "smallest_practice": table.sort_values(["list_size", "code"]).code.iloc[0],
    }


def decision_rules(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> dict[str, Any]:
    """Seed 002's question as a decision rule: on every board of two practices or more, each
    practice's power under (a) one practice one vote, (b) votes by list size (one per
    ``vote_unit`` patients) and (c) a double majority (more than ``board_quota`` of the
    practices AND more than ``patient_quota`` of their patients), against its share of the
    board's patients. (a) and (c) are the two rules of the one-vote boards, (b) the ordinary
    rule of the list-size boards; the ``votes`` assumption is overridden, the others apply.

    Returns ``members`` (one row per rule, board and practice), ``smallest`` (the smallest
    practice of each board, one row per rule), ``table`` (the smallest practices' power under
    each rule side by side, one row per board) and ``summary`` (per rule and type of board: the
    smallest practices' mean power and mean patient share, the boards where the smallest
    practice holds less power than patients, is a dummy, has a veto, where the smaller half can
    block, where one practice decides alone, where half of the practices or fewer can pass a
    motion (the larger overwhelm the rest) and where practices with half of the patients or
    fewer can (the smaller outvote the larger))."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    models = {votes: build({**a, "votes": votes}, data)
              for votes in dict.fromkeys(v for _, v, _ in DECISION_RULES)}
    kinds = {**{f"{c}/board": ("collaborative", c) for c in _collaboratives(models["list_size"])},
             **{f"{n}/board": ("network", n) for n in _networks(models["list_size"])}}
    rows, boards = [], []
    for board_id, (kind, group) in kinds.items():
        for label, votes, rule in DECISION_RULES:
            rep = models[votes].representation(board_id, rule=rule)
            f = rep.to_frame().sort_values(["weight", "member"]).reset_index(drop=True)
            if len(f) < 2:
                break
            half = len(f) // 2        # the smaller half: the floor(n/2) smallest practices
            larger = f.iloc[half:]

            def passes(votes: float, patients: float, rep: Any = rep) -> bool:
                return bool(votes >= rep.quota
                            and (rep.and_quota is None or patients >= rep.and_quota))

            larger_pass = passes(larger.votes.sum(), larger.weight.sum())
            # every coalition of the board's practices: can half of them or fewer pass a
            # motion (the larger overwhelm the rest), or practices with half of the patients
            # or fewer (the smaller outvote the larger)?
            few_practices = few_patients = False
            total = float(f.weight.sum())
            for k in range(1, len(f) + 1):
                for c in combinations(zip(f.votes, f.weight), k):
                    if passes(sum(v for v, _ in c), sum(w for _, w in c)):
                        few_practices |= 2 * k <= len(f)
                        few_patients |= 2 * sum(w for _, w in c) <= total
            boards.append({"rule": label, "board": board_id, "type": kind, "grouping": group,
                           "practices": len(f), "quota": rep.quota, "and_quota": rep.and_quota,
                           "smaller_half_can_block": not larger_pass,
                           "minority_of_practices_can_pass": few_practices,
                           "minority_of_patients_can_pass": few_patients,
                           "one_practice_decides": bool((f.banzhaf >= 1).any()),
                           "disproportionality": rep.disproportionality})
            for rank, r in enumerate(f.itertuples()):
                rows.append({"rule": label, "board": board_id, "type": kind, "grouping": group,
                             "practices": len(f), "member": r.member, "rank": rank,
                             "patients": int(r.weight), "patient_share": r.weight_share,
                             "votes": r.votes, "banzhaf": r.banzhaf,
                             "shapley_shubik": r.shapley_shubik, "veto": bool(r.veto),
                             "dummy": bool(r.dummy)})
    members = pd.DataFrame(rows)
    order = [label for label, _, _ in DECISION_RULES]
    smallest = members[members["rank"] == 0].drop(columns="rank").merge(
        pd.DataFrame(boards), on=["rule", "board", "type", "grouping", "practices"])
    smallest["under_represented"] = smallest.banzhaf < smallest.patient_share
    table = smallest.pivot_table(index=["type", "board", "practices", "member", "patients",
                                        "patient_share"], columns="rule", values="banzhaf",
                                 sort=False)[order].reset_index()
    table.columns.name = None
    summary = smallest.groupby(["rule", "type"], sort=False).agg(
        boards=("board", "size"),
        mean_smallest_patient_share=("patient_share", "mean"),
        mean_smallest_banzhaf=("banzhaf", "mean"),
        mean_smallest_shapley=("shapley_shubik", "mean"),
        less_power_than_patients=("under_represented", "sum"),
        smallest_is_dummy=("dummy", "sum"),
        smallest_has_veto=("veto", "sum"),
        smaller_half_can_block=("smaller_half_can_block", "sum"),
        one_practice_decides=("one_practice_decides", "sum"),
        minority_of_practices_can_pass=("minority_of_practices_can_pass", "sum"),
        minority_of_patients_can_pass=("minority_of_patients_can_pass", "sum"))
    return {"members": members, "smallest": smallest, "table": table, "summary": summary,
            "rules": order}


def power_chart(smallest: pd.DataFrame, title: str = "The smallest practice of each board",
                width: int = 640, height: int = 440) -> str:
    """An SVG scatter of ``smallest`` (from :func:`decision_rules`): each board's smallest
    practice, its share of the board's patients (across) against its share of the power
    (normalised Banzhaf, up), one mark per decision rule; the diagonal is power in
    proportion to patients. Drawn by hand: the project has no plotting library."""
    from html import escape

    left, right, top, bottom = 64, 190, 40, 52
    pw, ph = width - left - right, height - top - bottom
    hi = max(0.1, float(smallest.banzhaf.max()), float(smallest.patient_share.max()))
    hi = math.ceil(hi * 10) / 10

    def x(v: float) -> float:
        return left + pw * v / hi

    def y(v: float) -> float:
        return top + ph * (1 - v / hi)

    marks = {"one practice one vote": ("#1b7837", "circle"),
             "votes by list size": ("#b2182b", "square"),
             "double majority": ("#2166ac", "triangle")}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">{escape(title)}</text>']
    ticks = [i / 10 for i in range(int(round(hi * 10)) + 1)]
    for t in ticks:
        out.append(f'<line x1="{x(t):.1f}" y1="{top}" x2="{x(t):.1f}" y2="{top + ph}" '
                   'stroke="#eee"/>')
        out.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{left + pw}" y2="{y(t):.1f}" '
                   'stroke="#eee"/>')
        out.append(f'<text x="{x(t):.1f}" y="{top + ph + 16}" text-anchor="middle">'
                   f'{t:.0%}</text>')
        out.append(f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{t:.0%}</text>')
    out += [f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>',
            f'<line x1="{x(0):.1f}" y1="{y(0):.1f}" x2="{x(hi):.1f}" y2="{y(hi):.1f}" '
            'stroke="#888" stroke-dasharray="5,4"/>',
            f'<text x="{x(hi) - 4:.1f}" y="{y(hi) + 14:.1f}" text-anchor="end" fill="#666">'
            'power = share of patients</text>',
            f'<text x="{left + pw / 2}" y="{height - 12}" text-anchor="middle">'
            "the smallest practice's share of the board's patients</text>",
            f'<text transform="translate(16 {top + ph / 2}) rotate(-90)" text-anchor="middle">'
            'its share of the power (Banzhaf)</text>']

    def mark(shape: str, cx: float, cy: float, colour: str, tip: str = "") -> str:
        title_ = f"<title>{escape(tip)}</title>" if tip else ""
        style = f'fill="{colour}" fill-opacity="0.75" stroke="{colour}"'
        if shape == "circle":
            return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" {style}>{title_}</circle>'
        if shape == "square":
            return (f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" {style}>'
                    f"{title_}</rect>")
        return (f'<polygon points="{cx:.1f},{cy - 5.5:.1f} {cx - 5:.1f},{cy + 4:.1f} '
                f'{cx + 5:.1f},{cy + 4:.1f}" {style}>{title_}</polygon>')

    for label, (colour, shape) in marks.items():
        for r in smallest[smallest.rule == label].itertuples():
            tip = (f"{r.board} ({r.practices} practices): {r.member}, {r.patient_share:.1%} of "
                   f"patients, {r.banzhaf:.1%} of the power, {label}")
            out.append(mark(shape, x(r.patient_share), y(r.banzhaf), colour, tip))
    for i, (label, (colour, shape)) in enumerate(marks.items()):
        ly = top + 14 + 22 * i
        out.append(mark(shape, left + pw + 18, ly, colour))
        out.append(f'<text x="{left + pw + 30}" y="{ly + 4}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def commissioner_forms(assumptions: dict[str, Any] | None = None, data: Path = DATA,
                       practice: str | None = None, loss: float = 250_000) -> pd.DataFrame:
    """A failure of ``practice``'s essential services (default: the smallest practice) with
    ``loss`` to the commissioner, under each commissioner form: who claims against the practice
    under its own contract, and who manages that contract (a DataFrame, one row per form). The
    collaboratives, networks and boards are the same under both forms."""
    table = practices(data)
    code = practice or table.sort_values(["list_size", "code"]).code.iloc[0]
    rows = []
    for form in COMMISSIONER_FORMS:
        a = {**ASSUMPTIONS, **(assumptions or {}), "commissioner_form": form}
        m = build(a, data)
        obligation = f"{a['practice_contract']}-{code}/essential"
        [top] = [c for c in m.breach(obligation, by=code, loss=loss).claims
                 if c.claimant in (CCG, NHSE) and c.basis == "contract"]
        [row] = [r for r in m.accountability(code, claim="contract")
                 if r.obligation == obligation and r.basis == "contract"]
        rows.append({"commissioner_form": form, "obligation": obligation,
                     "claimant": top.claimant, "respondent": top.respondent,
                     "managed_by": row.managed_by})
    return pd.DataFrame(rows, dtype=object)   # object: managed_by stays None, not NaN


def today(data: Path = DATA, cqc: Any = None) -> pd.DataFrame:
    """Today's data on the practices of 2019 (CCG 11X): :func:`national.practices_today` of
    :func:`practices` (whether each is open in December 2023 and February 2026, its sub-ICB
    location, ICB, provider, legal form, brand, network and successors). ``cqc``: the CQC
    register (a path or the sheet as pandas reads it; default national.CQC)."""
    return national.practices_today(practices(data), data, national.CQC if cqc is None else cqc)


def main() -> int:
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    m = build()
    f = findings(m)
    a = ASSUMPTIONS
    print(m)
    print(f"{len(f['practices'])} practices of CCG {CCG}, {f['patients']:,} registered patients")
    print(f"{f['collaboratives']} collaboratives of {a['lower']:,}-{a['upper']:,} patients; "
          f"{len(f['misfits'])} practices do not fit: "
          f"{', '.join(g.members[0] for g in f['misfits']) or 'none'}")
    print(f["groupings"].to_string(index=False))
    print(f"\n{len(f['networks'])} primary care networks (2019):")
    print(f["networks"].to_string(index=False))
    print("\nCollaboratives against networks:")
    print(f["overlap"].to_string())
    cols = ["board", "practices", "smallest", "smallest_patient_share", "smallest_banzhaf",
            "smallest_veto", "smallest_dummy", "smaller_half_can_block"]
    print(f"\nBoards ({a['votes']}):")
    print(f["boards"][cols].round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
