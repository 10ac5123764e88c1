"""Accountability at scale: all liability paths and all flow-down gaps, govgraph against networkx.

Run from the repository root::

    .venv/bin/python bench/bench_accountability.py                 # 10,000 contracts
    .venv/bin/python bench/bench_accountability.py --scale 0.1 --seed 7

The parent process generates a seeded synthetic primary-care model (numpy RNG) as one govgraph
JSON document (docs/format.md), writes it to a temporary file, and runs each library in a fresh
subprocess (``--worker govgraph`` / ``--worker networkx``) so that one library's objects never
weigh on the other's garbage collector. Each worker loads the same text (timed), computes every
liability path and every flow-down gap a few times (best time kept), end to end from Python:
govgraph's ``m.liability_paths()`` with its Path objects built, ``m.flow_down_gaps()`` with its
rows built, and each ``.to_frame()`` separately; networkx the same answers from a MultiDiGraph of
the same facts, by the definitions of docs/accountability.md. Each worker pickles its answers in
a canonical form; the parent checks they are equal and prints a side-by-side table. See
bench/README.md, section "Accountability at scale".
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from importlib import metadata
from typing import Any

import numpy as np
from _common import (  # bench/_common.py (the script directory is on sys.path)
    cpu_model,
    run_subprocess,
)

OBLIGATIONS_PER_CONTRACT = 10
CATEGORIES = ("clinical", "clinical", "clinical", "premises", "workforce", "reporting",
              "it", "prescribing", "safeguarding", "estates")
SERVICE_KINDS = frozenset({"gms", "pms", "apms", "nhs_standard", "subcontract",
                           "service_agreement"})
# Contract kind -> (obligor role, obligee role), docs/format.md "Contracts".
ROLES = {"gms": ("holder", "commissioner"), "pms": ("holder", "commissioner"),
         "apms": ("holder", "commissioner"), "nhs_standard": ("holder", "commissioner"),
         "subcontract": ("subcontractor", "contractor"), "employment": ("employee", "employer"),
         "lease": ("tenant", "landlord"), "indemnity": ("indemnifier", "indemnified")}
LIMITED = frozenset({"limited_company", "company_limited_by_guarantee",
                     "community_interest_company", "llp"})
TARGET_S = 0.5  # issue 10: all paths + gaps of 10,000 contracts


# -- data ---------------------------------------------------------------------------------------


def make_document(seed: int, scale: float,
                  members: bool = True) -> tuple[dict[str, Any], dict[str, int]]:
    """The synthetic model as a govgraph JSON document; the same for a given (seed, scale).

    At scale 1: 6 commissioners; 5,000 practices (partnerships of 2 GP partners each), each
    holding a GMS contract (2% co-commissioned by two commissioners, 10% with a liability cap);
    4,500 of them sub-contract delivery to one of 50 collaboratives (companies limited by
    guarantee, which the practice joins and which employ its two GPs); each sub-contract flows
    down 7-10 of the head's 10 obligations (the rest are not flowed down: gaps), half of its
    other obligations flow from an already flowed head obligation (two routes down), the others
    are its own; 30% have a liability cap. 500 sub-contracts are themselves sub-contracted
    (contractor: their collaborative; subcontractor: one of 100 limited companies, some
    employing nurses, some guaranteed and owned by a director), built the same way, half capped;
    a fifth of those heads forbid onward sub-contracting. ``performs``: in 30% of sub-contracts
    a GP of the practice performs 1-3 of its obligations; the nurses of a sub-sub-contractor
    perform 1-3 of its obligations; in 10% of sub-contracted practices a partner performs one
    obligation the practice kept. Total: 10,000 contracts, 100,000 obligations.
    ``members=False`` leaves out the practices' ``member_of`` relations (a sensitivity run: the
    collaboratives then shield nobody, so hops carry almost no id lists).
    """
    rng = np.random.default_rng(seed)
    n_practice = round(5000 * scale)
    n_sub = round(4500 * scale)
    n_subsub = round(500 * scale)
    n_collab = max(2, round(50 * scale))
    n_agency = max(2, round(100 * scale))
    n_comm = 6
    k = OBLIGATIONS_PER_CONTRACT
    orgs: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []

    def rel(kind: str, source: str, target: str, **fields: Any) -> None:
        relations.append({"kind": kind, "source": source, "target": target, **fields})

    comms = [f"comm-{i}" for i in range(n_comm)]
    for c in comms:
        orgs.append({"id": c, "kind": "commissioner", "legal_form": "statutory_body"})
    collabs = [f"collab-{i:03d}" for i in range(n_collab)]
    for c in collabs:
        orgs.append({"id": c, "kind": "company", "legal_form": "company_limited_by_guarantee",
                     "not_for_profit": True})
    agencies = [f"agency-{i:03d}" for i in range(n_agency)]
    nurses: dict[str, list[str]] = {}
    director: dict[str, str] = {}  # agency -> its director, who guarantees its sub-contracts
    for i, a in enumerate(agencies):
        orgs.append({"id": a, "kind": "company", "legal_form": "limited_company"})
        staff = [f"nurse-{i:03d}-{j}" for j in range(int(rng.integers(1, 4)))]
        nurses[a] = staff if rng.random() < 0.6 else []
        for n in nurses[a]:
            people.append({"id": n, "profession": "nurse"})
            rel("employs", a, n)
        if rng.random() < 0.2:
            d = f"director-{i:03d}"
            people.append({"id": d, "profession": "director"})
            rel("owns", d, a)
            director[a] = d

    def obligations(cid: str, head: list[str] | None) -> list[dict[str, Any]]:
        """k obligations; with a head (its obligation ids), 7-10 flow from distinct head
        obligations, and each of the others flows from an already flowed one or is its own."""
        obs = [{"id": f"{cid}/o{j}", "category": CATEGORIES[j]} for j in range(k)]
        if head is None:
            return obs
        n_flow = int(rng.choice([7, 8, 9, 10], p=[0.2, 0.3, 0.3, 0.2]))
        flowed = [head[j] for j in rng.choice(len(head), n_flow, replace=False)]
        for j, o in enumerate(obs):
            if j < n_flow:
                o["flows_from"] = flowed[j]
            elif rng.random() < 0.5:
                o["flows_from"] = flowed[int(rng.integers(0, n_flow))]
        return obs

    practice_ids = [f"p-{i:05d}" for i in range(n_practice)]
    gps = {p: [f"gp-{p[2:]}-{j}" for j in range(2)] for p in practice_ids}
    gms: dict[str, dict[str, Any]] = {}
    for p in practice_ids:
        orgs.append({"id": p, "kind": "practice", "legal_form": "partnership"})
        for gp in gps[p]:
            people.append({"id": gp, "profession": "gp"})
            rel("partner_in", gp, p)
        cid = f"gms-{p[2:]}"
        comm: Any = comms[int(rng.integers(0, n_comm))]
        if rng.random() < 0.02:
            comm = [comm, comms[(comms.index(comm) + 1) % n_comm]]
        c: dict[str, Any] = {"id": cid, "kind": "gms"}
        if rng.random() < 0.1:
            c["liability_cap"] = int(rng.choice([500_000, 2_000_000, 10_000_000]))
        c["parties"] = {"commissioner": comm, "holder": p}
        c["obligations"] = obligations(cid, None)
        contracts.append(c)
        gms[p] = c

    subbed = [practice_ids[i] for i in np.sort(rng.choice(n_practice, n_sub, replace=False))]
    subs: list[dict[str, Any]] = []
    collab_of: dict[str, str] = {}
    for p in subbed:
        collab = collabs[int(rng.integers(0, n_collab))]
        if members:
            rel("member_of", p, collab)
        for gp in gps[p]:
            rel("employs", collab, gp)
        head = gms[p]
        cid = f"sub-{p[2:]}"
        c = {"id": cid, "kind": "subcontract"}
        if rng.random() < 0.3:
            c["liability_cap"] = int(rng.choice([250_000, 500_000, 1_000_000, 5_000_000]))
        c["head"] = head["id"]
        c["parties"] = {"contractor": p, "subcontractor": collab}
        c["obligations"] = obligations(cid, [o["id"] for o in head["obligations"]])
        contracts.append(c)
        subs.append(c)
        collab_of[cid] = collab
        if rng.random() < 0.3:  # the practice's GPs, now employed by the collaborative
            for o in rng.choice(k, int(rng.integers(1, 4)), replace=False):
                rel("performs", gps[p][int(rng.integers(0, 2))], c["obligations"][o]["id"])
        if rng.random() < 0.1:  # a partner keeps doing work the practice kept
            kept = sorted({o["id"] for o in head["obligations"]}
                          - {o.get("flows_from") for o in c["obligations"]})
            if kept:
                rel("performs", gps[p][0], kept[0])

    for i in np.sort(rng.choice(n_sub, n_subsub, replace=False)):
        head = subs[int(i)]
        agency = agencies[int(rng.integers(0, n_agency))]
        if rng.random() < 0.2:
            head["onward_subcontracting"] = False
        cid = f"subsub-{head['id'][4:]}"
        c = {"id": cid, "kind": "subcontract"}
        if rng.random() < 0.5:
            c["liability_cap"] = int(rng.choice([100_000, 250_000, 2_000_000]))
        c["head"] = head["id"]
        c["parties"] = {"contractor": collab_of[head["id"]], "subcontractor": agency}
        c["obligations"] = obligations(cid, [o["id"] for o in head["obligations"]])
        contracts.append(c)
        if agency in director:  # a guarantee names what it guarantees (rule 5)
            rel("guarantees", director[agency], agency, contract=cid)
        for o in rng.choice(k, int(rng.integers(1, 4)), replace=False):
            if nurses[agency]:
                nurse = nurses[agency][int(rng.integers(0, len(nurses[agency])))]
                rel("performs", nurse, c["obligations"][o]["id"])
    # A few sub-contracts that forbid onward sub-contracting and respect it (no gap).
    for i in rng.choice(n_sub, max(1, n_sub // 100), replace=False):
        subs[int(i)].setdefault("onward_subcontracting", False)

    doc = {"govgraph": 1, "name": f"synthetic primary care, seed {seed}, scale {scale}",
           "organisations": orgs, "people": people, "contracts": contracts,
           "relations": relations}
    counts = {"organisations": len(orgs), "people": len(people), "contracts": len(contracts),
              "obligations": sum(len(c["obligations"]) for c in contracts),
              "relations": len(relations)}
    return doc, counts


# -- measuring ----------------------------------------------------------------------------------


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(best, median) wall time of ``repeat`` calls, and the last result. A full collection runs
    before each call, outside the timing; the collector stays on during it."""
    times, out = [], None
    for _ in range(repeat):
        out = None
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), out


def canonical_paths(paths: list[tuple[str, list[tuple[Any, ...]]]]) -> dict[str, Any]:
    """Answers in a form both libraries can be compared on. Each path is (first node, hops);
    each hop (debtor, creditor, basis, contract, obligation, enforceable, jointly_liable,
    guarantors, shielded)."""
    hops: Counter[tuple[Any, ...]] = Counter()
    full: Counter[tuple[Any, ...]] = Counter()
    routes: Counter[tuple[str, ...]] = Counter()
    for first, hs in paths:
        routes[(first, *(h[1] for h in hs))] += 1
        for h in hs:
            hops[(h[0], h[1], h[2], h[4])] += 1
            full[(*h[:6], *(tuple(sorted(x)) for x in h[6:]))] += 1
    return {"n_paths": len(paths), "n_hops": sum(hops.values()), "hops": hops,
            "hops_full": full, "routes": routes}


def canonical_gaps(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """rows: (kind, contract, obligation, holder, subcontract)."""
    return {"gaps": Counter(r[:3] for r in rows), "gaps_full": Counter(r[:5] for r in rows),
            "by_kind": dict(Counter(r[0] for r in rows))}


# -- govgraph -----------------------------------------------------------------------------------


def run_govgraph(text: str, repeat: int) -> tuple[dict[str, Any], dict[str, Any]]:
    import govgraph as gg

    r: dict[str, Any] = {}
    r["load_s"], r["load_med_s"], m = timed(lambda: gg.loads(text, source="synthetic"), repeat)
    r["nodes"], r["relations"] = len(m), m.relation_count()

    def all_paths() -> list[Any]:
        return list(m.liability_paths())  # Path objects are built when looked at

    def all_gaps() -> list[Any]:
        return list(m.flow_down_gaps())  # rows are built when looked at

    # Each answer is put in canonical form and dropped before the next measurement, so that no
    # measurement pays for collecting another's objects.
    r["paths_s"], r["paths_med_s"], paths = timed(all_paths, repeat)
    canon = canonical_paths(
        [(p.nodes[0], [(h.debtor, h.creditor, h.basis, h.contract, h.obligation, h.enforceable,
                        h.jointly_liable, h.guarantors, h.shielded) for h in p.hops])
         for p in paths])
    paths = None
    r["gaps_s"], r["gaps_med_s"], gaps = timed(all_gaps, repeat)
    canon |= canonical_gaps(
        [(g.kind, g.contract, g.obligation, g.holder, g.subcontract) for g in gaps])
    gaps = None
    r["paths_frame_s"], r["paths_frame_med_s"], pf = timed(
        lambda: m.liability_paths().to_frame(), repeat)
    r["paths_frame_rows"], pf = len(pf), None
    r["gaps_frame_s"], r["gaps_frame_med_s"], gf = timed(
        lambda: m.flow_down_gaps().to_frame(), repeat)
    r["gaps_frame_rows"], gf = len(gf), None
    # Diagnostics: the raw C++ calls (the engine and its conversion to Python columns), the
    # Python-side Path building alone, each with the cyclic collector on and off.
    r["paths_raw_s"], _, _ = timed(lambda: m._liability_paths(None, None, 1_000_000), repeat)
    r["gaps_raw_s"], _, _ = timed(lambda: m._flow_down_gaps(None), repeat)
    raw = m._liability_paths(None, None, 1_000_000)
    lists = raw["lists"]  # per debtor: (jointly_liable, shielded); guarantors per hop
    r["id_lists"] = (sum(len(lists[d][0]) + len(lists[d][1]) for d in raw["hops"]["debtor"])
                     + sum(len(g) for g in raw["hops"]["guarantors"]))
    r["path_objects_s"], _, _ = timed(lambda cols=raw: list(gg.results.Paths(cols, "x")), repeat)
    gc.disable()
    r["path_objects_gc_off_s"], _, _ = timed(
        lambda cols=raw: list(gg.results.Paths(cols, "x")), repeat)
    raw = None
    r["paths_raw_gc_off_s"], _, _ = timed(lambda: m._liability_paths(None, None, 1_000_000), repeat)
    r["paths_gc_off_s"], _, _ = timed(all_paths, repeat)
    r["gaps_gc_off_s"], _, _ = timed(all_gaps, repeat)
    gc.enable()
    return r, canon


# -- networkx -----------------------------------------------------------------------------------


def build_networkx(text: str) -> Any:
    """A MultiDiGraph of the same facts, with the edges govgraph implies made explicit: party
    (party -> contract, with its role), obligation_of, flows_from, head; stated relations as
    given. Every edge carries its ``kind``."""
    import networkx as nx

    doc = json.loads(text)
    g = nx.MultiDiGraph()
    g.add_nodes_from((o["id"], {"type": "organisation", **o}) for o in doc["organisations"])
    g.add_nodes_from((p["id"], {"type": "person", **p}) for p in doc["people"])
    edges = []
    for c in doc["contracts"]:
        obs = c.pop("obligations")
        parties = c.pop("parties")
        g.add_node(c["id"], type="contract", **c)
        for role, who in parties.items():
            for w in [who] if isinstance(who, str) else who:
                edges.append((w, c["id"], {"kind": "party", "role": role}))
        if "head" in c:
            edges.append((c["id"], c["head"], {"kind": "head"}))
        for o in obs:
            g.add_node(o["id"], type="obligation", **o)
            edges.append((o["id"], c["id"], {"kind": "obligation_of"}))
            if "flows_from" in o:
                edges.append((o["id"], o["flows_from"], {"kind": "flows_from"}))
    edges.extend((r["source"], r["target"], {k: v for k, v in r.items()
                                             if k not in ("source", "target")})
                 for r in doc["relations"])
    g.add_edges_from(edges)
    return g


class NxAccountability:
    """Liability paths and flow-down gaps over a networkx MultiDiGraph, by the definitions of
    docs/accountability.md, as a competent user would write them for speed: one pass over
    ``G.edges(data=True)`` indexes sources and targets by edge kind (so no lookup scans a
    node's whole adjacency), and per-node results that do not change (partners, shielded
    members, "has someone to do the work") are cached. A fresh instance is made for every timed
    call, so building the indexes is part of the measured work. Covers what the synthetic model
    uses: no dates (``as_of``), no obligation-level ``obligor``/``obligee``."""

    def __init__(self, g: Any) -> None:
        self.nodes = g.nodes
        into: dict[str, dict[str, list[str]]] = {}
        outof: dict[str, dict[str, list[str]]] = {}
        parties: dict[tuple[str, str], list[str]] = {}
        self._guarantee: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for u, v, d in g.edges(data=True):
            kind = d["kind"]
            if kind == "party":
                parties.setdefault((v, d["role"]), []).append(u)
                continue
            if kind == "guarantees":
                self._guarantee.setdefault((u, v), []).append(d)
            into.setdefault(kind, {}).setdefault(v, []).append(u)
            outof.setdefault(kind, {}).setdefault(u, []).append(v)
        self.into, self.outof, self._parties = into, outof, parties
        self._partners: dict[str, list[str]] = {}
        self._shielded: dict[str, list[str]] = {}
        self._someone: dict[str, bool] = {}

    # -- adjacency helpers
    def ins(self, n: str, kind: str) -> list[str]:
        return self.into.get(kind, {}).get(n, [])

    def outs(self, n: str, kind: str) -> list[str]:
        return self.outof.get(kind, {}).get(n, [])

    # -- contracts and obligations
    def contract_of(self, o: str) -> str:
        return self.outof["obligation_of"][o][0]

    def parties(self, c: str, role: str) -> list[str]:
        return self._parties.get((c, role), [])

    def obligors(self, o: str) -> list[str]:
        c = self.contract_of(o)
        return self.parties(c, ROLES[self.nodes[c]["kind"]][0])

    def obligees(self, o: str) -> list[str]:
        c = self.contract_of(o)
        return self.parties(c, ROLES[self.nodes[c]["kind"]][1])

    def binding(self, c: str) -> bool:
        a = self.nodes[c]
        return a.get("binding", a["kind"] != "mou")

    def basis(self, c: str) -> str:
        if not self.binding(c):
            return "non_binding"
        return "subcontract" if self.nodes[c]["kind"] == "subcontract" else "contract"

    # -- legal forms
    def partners(self, n: str) -> list[str]:
        v = self._partners.get(n)
        if v is None:
            v = []
            self._add_partners(n, v, 0)
            self._partners[n] = v
        return v

    def _add_partners(self, n: str, out: list[str], depth: int) -> None:
        a = self.nodes[n]
        form = a.get("legal_form")
        if a["type"] != "organisation" or form not in ("partnership", "sole_trader") \
                or depth > 32:
            return
        for p in self.ins(n, "owns" if form == "sole_trader" else "partner_in"):
            if p not in out:
                out.append(p)
                self._add_partners(p, out, depth + 1)

    def shielded(self, n: str) -> list[str]:
        v = self._shielded.get(n)
        if v is None:
            v = []
            a = self.nodes[n]
            if a["type"] == "organisation" and a.get("legal_form") in LIMITED:
                seen: set[str] = set()
                for kind in ("member_of", "owns", "partner_in"):
                    for m in self.ins(n, kind):
                        if m not in seen:
                            seen.add(m)
                            v.append(m)
            self._shielded[n] = v
        return v

    def guarantors(self, debtor: str, creditor: str, c: str, o: str) -> list[str]:
        """Who guarantees debtor's obligation o under c to creditor: a guarantee names its
        creditor (``beneficiary``) or the contract; one of the contract or obligation itself
        may name neither."""
        v: list[str] = []
        for t in (debtor, c, o):
            for x in self.ins(t, "guarantees"):
                for d in self._guarantee.get((x, t), []):
                    b, k = d.get("beneficiary"), d.get("contract")
                    if (b is not None and b != creditor) or (k is not None and k != c):
                        continue
                    if t == debtor and b is None and k is None:
                        continue
                    if x not in v:
                        v.append(x)
        return v

    def clinical(self, o: str) -> bool:
        """o or an obligation it flows from is of category clinical."""
        while True:
            if self.nodes[o].get("category") == "clinical":
                return True
            up = self.outs(o, "flows_from")
            if not up:
                return False
            o = up[0]

    def root(self, c: str) -> str:
        while self.outs(c, "head"):
            c = self.outs(c, "head")[0]
        return c

    def employs(self, employer: str, person: str) -> bool:
        return person in self.outs(employer, "employs")

    # -- liability paths
    def hop(self, debtor: str, creditor: str, o: str) -> tuple[Any, ...]:
        c = self.contract_of(o)
        return (debtor, creditor, self.basis(c), c, o, self.binding(c),
                self.partners(debtor),
                [x for x in self.guarantors(debtor, creditor, c, o)
                 if x != creditor and x != debtor],
                self.shielded(debtor))

    def paths_of_chain(self, chain: list[str], out: list[Any],
                       performers_only: bool = False) -> None:
        """chain: leaf obligation first, up to the root obligation. ``performers_only``: the
        first obligation is sub-contracted further, so only the employees who perform it for
        its obligor start a path there (the rest arrive from below)."""
        leaf = chain[0]
        for first in self.obligors(leaf):
            # an employee who performs answers to its employer under the employment (basis
            # employment), for the leaf's obligation of the leaf's contract
            starts = [(p, [(p, first, "employment", self.contract_of(leaf), leaf, True, [], [],
                            [])])
                      for p in self.ins(leaf, "performs")
                      if p != first and self.employs(first, p)]
            if performers_only and not starts:
                continue
            partial = [(f, hs, first) for f, hs in starts] or [(first, [], first)]
            for o in chain:
                nxt = []
                for f, hs, debtor in partial:
                    creditors = self.obligees(o)
                    if not creditors:  # nobody to answer to: the path ends here
                        out.append((f, hs))
                    for cr in creditors:
                        nxt.append((f, [*hs, self.hop(debtor, cr, o)], cr))
                partial = nxt
            out.extend((f, hs) for f, hs, _ in partial)

    def all_liability_paths(self) -> list[tuple[str, list[tuple[Any, ...]]]]:
        out: list[Any] = []
        for o, t in self.nodes(data="type"):
            if t != "obligation" or self.outs(o, "flows_from"):
                continue  # not an obligation, or reached from its root
            stack = [[o]]
            while stack:
                down = stack.pop()
                kids = self.ins(down[-1], "flows_from")
                if kids:
                    stack.extend([*down, kid] for kid in kids)
                    self.paths_of_chain(down[::-1], out, performers_only=True)
                else:
                    self.paths_of_chain(down[::-1], out)
        return out

    # -- flow-down gaps
    def holder(self, c: str) -> str | None:
        roles = ROLES.get(self.nodes[c]["kind"])
        v = self.parties(c, roles[0]) if roles else []
        return v[0] if v else None

    def someone(self, r: str) -> bool:
        """Whether organisation r employs anybody or has a partner who is a person employed by
        no one (cached: it does not depend on the obligation)."""
        v = self._someone.get(r)
        if v is None:
            v = self._someone[r] = bool(self.outs(r, "employs")) or any(
                self.nodes[p]["type"] == "person" and not self.ins(p, "employs")
                for p in self.partners(r))
        return v

    def flow_down_gaps(self) -> list[tuple[Any, ...]]:
        """Rows (kind, contract, obligation, holder, subcontract, detail)."""
        out: list[tuple[Any, ...]] = []
        for h, t in self.nodes(data="type"):
            if t != "contract":
                continue
            subs = self.ins(h, "head")
            if not subs:
                continue
            holder = self.holder(h)
            for o in self.ins(h, "obligation_of"):
                if not self.ins(o, "flows_from"):
                    out.append(("not_flowed_down", h, o, holder, subs[0],
                                f"'{o}' is not passed down to {', '.join(subs)}"))
            head_cap = self.nodes[h].get("liability_cap")
            for sc in subs:
                cap = self.nodes[sc].get("liability_cap")
                if cap is not None and (head_cap is None or cap < head_cap):
                    out.append(("cap_below_exposure", h, None, holder, sc,
                                f"cap {cap} below the head exposure ({head_cap or 'unlimited'})"))
            onward = self.nodes[h].get("onward_subcontracting")
            if onward is False:
                out.extend(("onward_subcontracting", h, None, holder, sc,
                            f"'{h}' forbids onward sub-contracting, but '{sc}' sub-contracts it")
                           for sc in subs)
            elif onward is None and self.nodes[h]["kind"] == "subcontract" \
                    and self.nodes[self.root(h)]["kind"] in ("gms", "pms", "apms") \
                    and any(self.clinical(o) for o in self.ins(h, "obligation_of")):
                # a clinical sub-contract under a GMS/PMS/APMS head may not be sub-contracted
                # onward without consent (GMS Contracts Regulations 2015 Sch 3 para 44)
                out.extend(("onward_subcontracting", h, None, holder, sc, "") for sc in subs)
        for o, t in self.nodes(data="type"):
            if t != "obligation":
                continue
            c = self.contract_of(o)
            if self.nodes[c]["kind"] not in SERVICE_KINDS or not self.binding(c):
                continue
            if self.ins(o, "flows_from") or self.ins(o, "performs"):
                continue
            for r in self.obligors(o):
                if self.nodes[r]["type"] == "organisation" and not self.someone(r):
                    out.append(("no_performer", c, o, r, None,
                                f"'{r}' keeps '{o}' but employs nobody, and no partner or owner "
                                "is free to do it"))
        return out


HOP_COLUMNS = ("debtor", "creditor", "basis", "contract", "obligation", "enforceable",
               "jointly_liable", "guarantors", "shielded")
GAP_COLUMNS = ("kind", "contract", "obligation", "holder", "subcontract", "detail")


def paths_frame(paths: list[Any]) -> Any:
    """One row per hop, the columns of govgraph's Paths.to_frame()."""
    import pandas as pd

    rows = [(i, j, *h[:6], ", ".join(h[6]), ", ".join(h[7]), ", ".join(h[8]))
            for i, (_, hs) in enumerate(paths) for j, h in enumerate(hs)]
    return pd.DataFrame(rows, columns=["path", "step", *HOP_COLUMNS])


def run_networkx(text: str, repeat: int) -> tuple[dict[str, Any], dict[str, Any]]:
    import pandas as pd

    r: dict[str, Any] = {}
    r["load_s"], r["load_med_s"], g = timed(lambda: build_networkx(text), repeat)
    r["nodes"], r["relations"] = g.number_of_nodes(), g.number_of_edges()

    # A fresh NxAccountability per call: its caches are part of the work.
    def all_paths() -> list[Any]:
        return NxAccountability(g).all_liability_paths()

    def all_gaps() -> list[Any]:
        return NxAccountability(g).flow_down_gaps()

    r["paths_s"], r["paths_med_s"], paths = timed(all_paths, repeat)
    canon = canonical_paths(paths)
    paths = None
    r["gaps_s"], r["gaps_med_s"], gaps = timed(all_gaps, repeat)
    canon |= canonical_gaps([row[:5] for row in gaps])
    gaps = None
    r["paths_frame_s"], r["paths_frame_med_s"], pf = timed(
        lambda: paths_frame(all_paths()), repeat)
    r["paths_frame_rows"], pf = len(pf), None
    r["gaps_frame_s"], r["gaps_frame_med_s"], gf = timed(
        lambda: pd.DataFrame(all_gaps(), columns=list(GAP_COLUMNS)), repeat)
    r["gaps_frame_rows"], gf = len(gf), None
    gc.disable()  # sensitivity, as for govgraph
    r["paths_gc_off_s"], _, _ = timed(all_paths, repeat)
    r["gaps_gc_off_s"], _, _ = timed(all_gaps, repeat)
    gc.enable()
    return r, canon


# -- worker and parent --------------------------------------------------------------------------


def worker(lib: str, args: argparse.Namespace) -> None:
    __import__("govgraph" if lib == "govgraph" else "networkx")  # import time is not measured
    import pandas  # noqa: F401  (likewise for .to_frame())

    with open(args.doc, encoding="utf-8") as f:
        text = f.read()
    run = run_govgraph if lib == "govgraph" else run_networkx
    r, canon = run(text, args.repeat)
    r["lib"] = lib
    r["core_build"] = core_build()
    with open(args.answers, "wb") as f:
        pickle.dump(canon, f)
    print(json.dumps(r), flush=True)


def core_build() -> str:
    """The installed govgraph package: the newest modification time of its files and a sha256
    prefix over them (extension and Python files). The library may be reinstalled between
    runs, and both workers must measure the same build."""
    import hashlib
    from importlib.util import find_spec

    spec = find_spec("govgraph")
    if spec is None or not spec.submodule_search_locations:
        return "unknown"
    root = list(spec.submodule_search_locations)[0]
    h, newest = hashlib.sha256(), 0.0
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.isfile(path) and name.endswith((".py", ".so", ".pyd")):
            with open(path, "rb") as f:
                h.update(name.encode() + b"\0" + f.read())
            newest = max(newest, os.path.getmtime(path))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(newest))
    return f"installed {stamp} UTC, files sha256 {h.hexdigest()[:12]}"




def run_worker(lib: str, doc: str, tmp: str, args: argparse.Namespace) -> tuple[dict, dict]:
    answers = os.path.join(tmp, f"{lib}.pickle")
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", lib, "--doc", doc,
           "--answers", answers, "--repeat", str(args.repeat)]
    res, took = run_subprocess(cmd, lib)
    print(f"  {lib}: done in {took:.1f} s", flush=True)
    with open(answers, "rb") as f:
        return res, pickle.load(f)


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Names of the answers that differ, with a few examples."""
    bad = []
    for key in ("n_paths", "n_hops", "hops", "hops_full", "routes", "gaps", "gaps_full"):
        if a[key] != b[key]:
            msg = key
            if isinstance(a[key], Counter):
                only_a, only_b = a[key] - b[key], b[key] - a[key]
                msg += (f": {sum(only_a.values())} only in govgraph (e.g. "
                        f"{list(only_a)[:2]}), {sum(only_b.values())} only in networkx (e.g. "
                        f"{list(only_b)[:2]})")
            else:
                msg += f": {a[key]} != {b[key]}"
            bad.append(msg)
    return bad


def report(gg: dict[str, Any], nx: dict[str, Any], ca: dict[str, Any], cb: dict[str, Any],
           counts: dict[str, int], gen_s: float, args: argparse.Namespace) -> dict[str, Any]:
    bad = compare(ca, cb)
    print(f"\nModel: {counts['contracts']:,} contracts, {counts['obligations']:,} obligations, "
          f"{counts['organisations']:,} organisations, {counts['people']:,} people, "
          f"{counts['relations']:,} stated relations ({gg['nodes']:,} govgraph nodes, "
          f"{gg['relations']:,} govgraph relations with implied ones; networkx "
          f"{nx['nodes']:,} nodes, {nx['relations']:,} edges). Generated in {gen_s:.2f} s.")
    print(f"Answers: {ca['n_paths']:,} liability paths, {ca['n_hops']:,} hops "
          f"({gg['id_lists']:,} ids in jointly_liable/guarantors/shielded lists); gaps "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(ca["by_kind"].items())))
    if bad:
        print("ANSWERS DIFFER:\n  " + "\n  ".join(bad))
    else:
        print("Answers equal: number of paths, multiset of (debtor, creditor, basis, obligation) "
              "hops, of full hops (with contract, enforceable, jointly_liable, guarantors, "
              "shielded) and of node sequences; multiset of (kind, contract, obligation) gaps "
              "and of (kind, contract, obligation, holder, subcontract).")

    def line(label: str, key: str) -> None:
        a, b = gg[key], nx[key]
        print(f"{label:46}{a:>10.3f}{b:>10.3f}{b / a:>10.1f}x")

    print(f"\nBest of {args.repeat} (s){'':29}{'govgraph':>10}{'networkx':>10}{'nx / gg':>11}")
    line("load the JSON document", "load_s")
    line("all liability paths (Path objects / tuples)", "paths_s")
    line("all flow-down gaps (rows / tuples)", "gaps_s")
    total_g, total_n = gg["paths_s"] + gg["gaps_s"], nx["paths_s"] + nx["gaps_s"]
    print(f"{'all paths + all gaps':46}{total_g:>10.3f}{total_n:>10.3f}{total_n / total_g:>10.1f}x")
    line("liability_paths().to_frame()", "paths_frame_s")
    line("flow_down_gaps().to_frame()", "gaps_frame_s")
    line("all liability paths, cyclic GC off", "paths_gc_off_s")
    line("all flow-down gaps, cyclic GC off", "gaps_gc_off_s")
    met = total_g < TARGET_S
    print(f"\nTarget (all paths + all gaps < {TARGET_S:.1f} s): "
          + (f"MET ({total_g:.3f} s)" if met else f"NOT MET ({total_g:.3f} s)"))
    print(f"\ngovgraph diagnostics, best of {args.repeat} (s){'':17}{'GC on':>10}{'GC off':>10}")

    def diag(label: str, on: str, off: str | None) -> None:
        print(f"  {label:56}{gg[on]:>10.3f}" + ("" if off is None else f"{gg[off]:>10.3f}"))

    diag("m._liability_paths(None, None, 1_000_000): engine + columns", "paths_raw_s",
         "paths_raw_gc_off_s")
    diag("Paths(columns) -> Path and Hop objects (Python)", "path_objects_s",
         "path_objects_gc_off_s")
    diag("m._flow_down_gaps(None): engine + columns", "gaps_raw_s", None)
    return {"govgraph": gg, "networkx": nx, "counts": counts, "answers_equal": not bad,
            "target_met": met, "n_paths": ca["n_paths"], "n_hops": ca["n_hops"],
            "gaps": ca["by_kind"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="model size; 1.0 = 10,000 contracts and 100,000 obligations")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; best is kept")
    ap.add_argument("--no-members", action="store_true",
                    help="sensitivity: practices do not join their collaborative (no member_of)")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--save", help="also write the generated govgraph document to this file")
    ap.add_argument("--worker", choices=("govgraph", "networkx"), help=argparse.SUPPRESS)
    ap.add_argument("--doc", help=argparse.SUPPRESS)
    ap.add_argument("--answers", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args)
        return

    versions = {p: metadata.version(p) for p in ("govgraph", "networkx", "numpy", "pandas")}
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
          + ", ".join(f"{k} {v}" for k, v in versions.items()))
    build = core_build()
    print(f"govgraph {build}")
    print(f"seed {args.seed}, scale {args.scale}, repeat {args.repeat}"
          + (", no member_of relations" if args.no_members else ""))
    t0 = time.perf_counter()
    doc, counts = make_document(args.seed, args.scale, members=not args.no_members)
    text = json.dumps(doc, separators=(",", ":"))
    gen_s = time.perf_counter() - t0
    del doc
    if args.save:
        with open(args.save, "w", encoding="utf-8") as f:
            f.write(text)
    with tempfile.TemporaryDirectory(prefix="bench-accountability-") as tmp:
        path = os.path.join(tmp, "model.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"document: {len(text) / 1e6:.1f} MB of JSON")
        del text
        gg, ca = run_worker("govgraph", path, tmp, args)
        nx, cb = run_worker("networkx", path, tmp, args)
    out = report(gg, nx, ca, cb, counts, gen_s, args)
    if not build == gg["core_build"] == nx["core_build"] == core_build():
        print("WARNING: govgraph was reinstalled during the run; the figures are not from one "
              f"build ({build}; govgraph worker {gg['core_build']}; networkx worker "
              f"{nx['core_build']}; now {core_build()})")
    out |= {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
            "versions": versions, "seed": args.seed, "scale": args.scale, "repeat": args.repeat,
            "members": not args.no_members, "core_build": build}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)
    if not out["answers_equal"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
