"""North Cumbria Alliance — the flagship example (seed 000: "Developing an Alliance of Practices
in North Cumbria"; seed 001 for the go-live date).

What the seed says, and how it is modelled:
  * "a practice will retain its GMS contract and the partners will be accountable to the CCG":
    each practice is a partnership of GPs holding a GMS contract with NHS North Cumbria CCG.
  * "the partners would then sub contract the delivery of the service to a not for profit
    company – North Cumbria Primary Care Collaborative": one sub-contract per practice, headed by
    its GMS contract, each obligation flowing down from the GMS obligation it delivers.
  * "This organisation would employ all the staff at the practice, including the GPs":
    the collaborative employs every GP from go-live.
  * "the Collaborative will have a Board and there will be representatives from member practices
    on that Board": each practice is a member of the collaborative, with one representative seat
    on its board.
  * "if there is a breach of contract ... any conversation will be between these two entities
    [the partners and the CCG]. However the Partners will then need to turn to their
    Collaborative": the breach scenario below, without and with a liability cap in the
    sub-contract.

Assumptions (illustrative, to be replaced by real data in the case-study notebooks): three
practices, "Practice A/B/C", each with two GP partners; GMS contracts from 2004-04-01 (when GMS
began); go-live of the alliance on 2018-06-01 (seed 001: "going live from June 2018"); the
collaborative is a company limited by guarantee; its board passes motions by simple majority.

Run:  python examples/python/north_cumbria.py [--save examples/models/north_cumbria.json]
"""

from __future__ import annotations

import argparse
import sys

import govgraph as gg

GO_LIVE = "2018-06-01"
BREACH_ON = "2019-06-01"  # a day of the alliance (before 2022-07-01 the CCG holds the contracts)
GMS_START = "2004-04-01"
PRACTICES = {  # id: (name, GP partners, registered patients — illustrative)
    "practice-a": ("Practice A", ["gp-a1", "gp-a2"], 12_400),
    "practice-b": ("Practice B", ["gp-b1", "gp-b2"], 6_100),
    "practice-c": ("Practice C", ["gp-c1", "gp-c2"], 2_900),
}
GMS_OBLIGATIONS = [  # (suffix, name, category)
    ("essential", "Essential services to registered patients", "clinical"),
    ("additional", "Additional services", "clinical"),
    ("premises", "Premises fit for purpose", "premises"),
    ("reporting", "Reporting and information to the commissioner", "reporting"),
]


def build(*, cap: float | None = None) -> gg.Model:
    """The North Cumbria Alliance model of seed 000; ``cap``: a liability cap written into each
    sub-contract (the seed leaves "the exact nature of that sub contract" open)."""
    m = gg.Model(name="North Cumbria Alliance")
    m.sources = [
        "shared/seeds/000_a870f121b8853992.txt (Lancashire & Cumbria LMCs: Developing an "
        "Alliance of Practices in North Cumbria)",
        "shared/seeds/001_f1dd33a2092e9a4f.txt (go-live June 2018)",
    ]
    m.add_organisation("01H", name="NHS North Cumbria CCG", kind="commissioner",
                       legal_form="statutory_body", end="2022-07-01")
    m.add_organisation("ncpcc", name="North Cumbria Primary Care Collaborative", kind="company",
                       legal_form="company_limited_by_guarantee", not_for_profit=True,
                       start=GO_LIVE)
    for pid, (name, partners, patients) in PRACTICES.items():
        m.add_organisation(pid, name=name, kind="practice", legal_form="partnership",
                           list_size=patients)
        m.add_relation("member_of", pid, "ncpcc", start=GO_LIVE)
        for gp in partners:
            m.add_person(gp, name=f"Dr {gp[3:].upper()}", profession="gp")
            m.add_relation("partner_in", gp, pid, start=GMS_START)
            m.add_relation("employs", "ncpcc", gp, start=GO_LIVE)
        gms = f"gms-{pid}"
        m.add_contract(
            gms, kind="gms", name=f"GMS contract, {name}", start=GMS_START,
            parties={"commissioner": "01H", "holder": pid},
            obligations=[{"id": f"{gms}/{s}", "name": n, "category": c}
                         for s, n, c in GMS_OBLIGATIONS])
        m.add_contract(
            f"sub-{pid}", kind="subcontract", head=gms, start=GO_LIVE, liability_cap=cap,
            name=f"Sub-contract of delivery, {name} to the Collaborative",
            parties={"contractor": pid, "subcontractor": "ncpcc"},
            obligations=[{"id": f"sub-{pid}/{s}", "name": n, "category": c,
                          "flows_from": f"{gms}/{s}"} for s, n, c in GMS_OBLIGATIONS])
    m.add_board("ncpcc-board", of="ncpcc", name="Collaborative Board", quota=0.5, start=GO_LIVE)
    for pid, (name, partners, _) in PRACTICES.items():
        m.add_seat(f"seat-{pid}", board="ncpcc-board", votes=1, kind="representative",
                   appointed_by=pid, represents=[pid], held_by=partners[0],
                   name=f"Member seat, {name}")
    # Seed 001: the collaborative "reporting to and represented on the system leadership board"
    # alongside the commissioner and the community trust (CPFT).
    m.add_organisation("cpft", name="Cumbria Partnership NHS Foundation Trust", kind="nhs_trust",
                       legal_form="statutory_body")
    m.add_organisation("nc-system", name="North Cumbria health and care system",
                       kind="other", legal_form="unincorporated")
    m.add_board("system-board", of="nc-system", name="System Leadership Board", quota=0.5)
    for org in ("01H", "cpft", "ncpcc"):
        m.add_seat(f"system-seat-{org}", board="system-board", votes=1, kind="representative",
                   appointed_by=org, represents=[org])
    m.add_relation("accountable_to", "ncpcc", "system-board", start=GO_LIVE)
    # CCGs were abolished on 2022-07-01 (Health and Care Act 2022) and their GMS contracts and
    # other functions passed to the integrated care board: a novation (DESIGN.md, "Time and
    # scenarios"). Before that day 01H is the party, from it the ICB.
    m.add_organisation("QHM", name="NHS North East and North Cumbria Integrated Care Board",
                       kind="commissioner", legal_form="statutory_body", start="2022-07-01")
    return m.replace("01H", "QHM", on="2022-07-01")


def show(m: gg.Model) -> None:
    """Print what the model holds."""
    import pandas as pd

    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 12)
    print(m)
    print("\nOrganisations:")
    nodes = m.nodes_frame()
    print(nodes[nodes.type == "organisation"][["id", "name", "kind", "legal_form"]]
          .to_string(index=False))
    print("\nContracts (who holds what, who delivers it):")
    for cid in m.ids("contract"):
        c = m.get(cid)
        parties = ", ".join(f"{role}={ids}" for role, ids in c["parties"].items())
        head = f" under {c['head']}" if "head" in c else ""
        print(f"  {cid:18} {c['kind']:12} {parties}{head}, "
              f"{len(c.get('obligations', []))} obligations")
    print("\nRelations:")
    print(m.relations_frame().to_string(index=False))
    board = m.get("ncpcc-board")
    print(f"\n{board['name']} (quota {board['quota']}):")
    for s in board["seats"]:
        print(f"  {s['id']:18} {s['kind']:15} appointed by {s['appointed_by']:11} "
              f"held by {s['held_by']}")
    print("\nWho the GPs work for and with (partner_in, employs; both directions):")
    print("  gp-a1 ->", ", ".join(m.reachable(["gp-a1"], kinds=["partner_in", "employs"],
                                               direction="both", include_sources=False)))


def representation(m: gg.Model) -> None:
    """Seeds 000/001: member practices on the collaborative board, the collaborative on the
    system leadership board, and what that leaves each practice."""
    print("\n== Who speaks for whom, with how much power")
    cols = ["member", "votes", "vote_share", "weight", "weight_share", "banzhaf", "veto"]
    r = m.representation("ncpcc-board")
    print(f"\nCollaborative Board, one practice one vote (quota {r.quota:g} of "
          f"{r.total_votes:g}):")
    print(r.to_frame()[cols].round(3).to_string(index=False))
    print(f"  disproportionality (Loosemore-Hanby, power against patients): "
          f"{r.disproportionality:.3f}")
    small = m.blocking_coalitions("ncpcc-board", "below_median")
    print(f"  the practices below the median list size ({', '.join(small.group)}) "
          f"{'can' if small.can_block else 'cannot'} block a decision together")
    print("\nRoutes from Practice C to the System Leadership Board:")
    for route in m.representation_paths("practice-c", "system-board"):
        print("  ", " -> ".join(route))
    cov = m.coverage("system-board")
    print(f"\nPatients with a voice on the System Leadership Board: {cov.share_covered:.0%} "
          f"(all indirect: {all(r.indirect and not r.direct for r in cov)})")
    print("\nConflicts of interest (on both sides of a contract):")
    print(m.conflicts_of_interest().to_frame().head(6).to_string(index=False))


def accountability(m: gg.Model, capped: gg.Model, loss: float) -> None:
    """Seed 000's breach scenario: the collaborative fails an obligation it delivers."""
    print("\n== Who is accountable to whom, and for what")
    print("\nLiability path of Practice A's essential services (performer up to the CCG):")
    for p in m.liability_paths("gms-practice-a/essential"):
        print("  ", p)
        print("     liable with practice-a (partners, jointly: PA 1890 s.9):",
              ", ".join(p.hops[-1].jointly_liable))
    print(f"\nThe collaborative fails to deliver essential services; loss {loss:,.0f}:")
    print(m.breach("sub-practice-a/essential", by="ncpcc", loss=loss, on=BREACH_ON))
    print("\nThe same with a liability cap of 100,000 in each sub-contract:")
    print(capped.breach("sub-practice-a/essential", by="ncpcc", loss=loss, on=BREACH_ON))
    print("\nFlow-down gaps with the cap:")
    print(capped.flow_down_gaps().to_frame()[["contract", "subcontract", "kind", "detail"]]
          .to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", help="write the model as govgraph JSON to this path")
    args = ap.parse_args(argv)
    m = build()
    show(m)
    accountability(m, build(cap=100_000), loss=250_000)
    representation(m)
    if args.save:
        m.save(args.save)
        print(f"\nsaved {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
