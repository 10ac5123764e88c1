"""Who speaks for GPs on an integrated care partnership board? (seed 003; issue 6's case study).

Seed 003 (Lancashire & Cumbria LMCs, "GP Representation on Integrated Care Partnerships and
Other Such Entities") asks whether the GP at "the top table" of an integrated care partnership
(ICP) is "an expert or a representative", and if a representative, whether the mandate comes
through a GP federation or through the LMC. This module builds one ICP footprint from real data
and compares three GP seats on its board:

  expert      a GP chosen by the ICB for expertise, representing nobody;
  federation  a representative appointed by a GP federation, speaking for the federation, whose
              member practices each sit on its members' council;
  lmc         a representative appointed by the Local Medical Committee, speaking for every
              practice of the footprint (an LMC represents all GPs of its area).

Sources: the NHS ODS GP practice extract (epraccur, 2019) for the active GP practices of the
Pennine Lancashire ICP footprint, NHS East Lancashire CCG (01A) and NHS Blackburn with Darwen CCG
(00Q), both in the Lancashire and South Cumbria ICS; NHS Digital "Patients Registered at a GP
Practice", January 2021, for list sizes; the ODS ePCN file (December 2019) for primary care
network membership. The board, the federation, the LMC, who joins the federation and who holds
the seats are assumptions, stated in ASSUMPTIONS and changeable. There is no
``commissioner_form`` (the other cases' choice of the GMS contracts' commissioner party): no GMS
or APMS contract is modelled, and the extended-access contract is the ICB's own NHS Standard
Contract (the notebook explains).

Run:  python examples/python/icp_board_case.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import govgraph as gg

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"

OPTIONS = ("expert", "federation", "lmc")
LABELS = {"expert": "(a) expert seat, appointed by the ICB",
          "federation": "(b) representative seat, federation mandate",
          "lmc": "(c) representative seat, LMC mandate"}

ASSUMPTIONS: dict[str, Any] = {
    # the footprint: the CCGs whose active GP practices make up the ICP's place
    "ccgs": ["01A", "00Q"],
    # the ICP board without its GP seat: id -> (name, organisation kind, votes)
    "board": {
        "icb": ("NHS Lancashire and South Cumbria ICB", "commissioner", 1),
        "elht": ("East Lancashire Hospitals NHS Trust", "nhs_trust", 1),
        "lscft": ("Lancashire and South Cumbria NHS Foundation Trust", "nhs_trust", 1),
        "lcc": ("Lancashire County Council", "local_authority", 1),
        "bwd": ("Blackburn with Darwen Borough Council", "local_authority", 1),
        "vcfs": ("Voluntary, community and faith sector alliance", "charity", 1),
    },
    "board_quota": 0.5,            # a motion passes with more than half of the votes
    "gp_seat_votes": 1,            # votes of the GP seat
    "expert_appointed_by": "icb",  # who chooses the expert; None: the board itself
    "federation_share": 0.6,       # share of the footprint's practices that join the federation
    "federation_join_by": "practice",  # "practice": a seeded draw of practices; "network": of
                                       # whole primary care networks (ePCN 2019)
    "federation_seed": 2019,       # the seed of that draw (the seed document names no members)
    "federation_holds_contract": True,  # the federation holds an extended-access contract from
                                        # the ICB and sub-contracts it to its member practices
}


def practices(ccgs: list[str] | None = None, data: Path = DATA) -> Any:
    """The active GP practices of the footprint's CCGs, with list sizes and primary care
    network (a DataFrame: code, name, commissioner, list_size, pcn, pcn_name)."""
    ccgs = list(ccgs or ASSUMPTIONS["ccgs"])
    frame = gg.nhs.read_epraccur_frame(data / "epraccur-2019.csv")
    sizes = gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
    keep = frame[frame.commissioner.isin(ccgs) & (frame.status == "A")
                 & (frame.prescribing_setting.astype(str) == "4")]
    out = keep[["code", "name", "commissioner"]].copy()
    out["list_size"] = out.code.map(sizes).astype("Int64")
    networks = gg.nhs.read_epcn(data / "ePCN-2019-12.xlsx")
    rel = networks.relations_frame()
    rel = rel[(rel.kind == "member_of") & rel.source.isin(list(out.code))]
    pcn = dict(zip(rel.source, rel.target))
    out["pcn"] = out.code.map(pcn)
    out["pcn_name"] = out.pcn.map(lambda c: networks.get(c).get("name") if isinstance(c, str)
                                  else None)
    return out.sort_values("code").reset_index(drop=True)


def federation_members(table: Any, a: dict[str, Any]) -> list[str]:
    """The practices that join the federation: a seeded draw of ``federation_share`` of the
    practices, one by one or by whole primary care networks."""
    rng = random.Random(a["federation_seed"])
    want = round(a["federation_share"] * len(table))
    if a["federation_join_by"] == "practice":
        return sorted(rng.sample(list(table.code), want))
    if a["federation_join_by"] != "network":
        raise ValueError(f"federation_join_by={a['federation_join_by']!r}: "
                         "give 'practice' or 'network'")
    groups: dict[str, list[str]] = {}
    for code, pcn in zip(table.code, table.pcn):
        groups.setdefault(pcn if isinstance(pcn, str) else code, []).append(code)
    order = sorted(groups)
    rng.shuffle(order)
    members: list[str] = []
    for g in order:
        if len(members) >= want:
            break
        members += groups[g]
    return sorted(members)


def chair_practice(table: Any, members: list[str]) -> str:
    """The member practice whose partner chairs the federation: the largest by list size."""
    sizes = dict(zip(table.code, table.list_size.fillna(0)))
    return max(members, key=lambda c: (sizes[c], c))


def build(option: str, assumptions: dict[str, Any] | None = None, data: Path = DATA,
          table: Any = None) -> gg.Model:
    """The footprint with its ICP board, the federation and the LMC, and the GP seat of
    ``option`` (expert, federation or lmc). ``table``: practices() already read."""
    import pandas as pd

    if option not in OPTIONS:
        raise ValueError(f"option {option!r}: give one of {OPTIONS}")
    a = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(a["ccgs"], data) if table is None else table
    members = federation_members(table, a)
    m = gg.Model(name=f"Pennine Lancashire ICP: {LABELS[option]}")
    m.sources = ["NHS ODS epraccur 2019 (active GP practices of CCGs "
                 + ", ".join(a["ccgs"]) + ")",
                 "NHS Digital, Patients Registered at a GP Practice, January 2021",
                 "NHS ODS ePCN, December 2019 (primary care network membership)",
                 "seed 003 (expert or representative); assumptions: " + repr(a)]
    sizes = [None if pd.isna(s) else int(s) for s in table.list_size]
    m.add_nodes_from({"id": table.code.tolist(), "name": table.name.tolist(),
                      "kind": ["practice"] * len(table),
                      "legal_form": ["partnership"] * len(table),
                      "list_size": sizes,
                      "commissioner": table.commissioner.tolist(),
                      "pcn": [p if isinstance(p, str) else "" for p in table.pcn],
                      "federation_member": [c in members for c in table.code]},
                     type="organisation", attrs=["commissioner", "pcn", "federation_member"])
    m.add_organisation("pl-icp", name="Pennine Lancashire Integrated Care Partnership",
                       kind="other", legal_form="unincorporated")
    for oid, (name, kind, _votes) in a["board"].items():
        m.add_organisation(oid, name=name, kind=kind, legal_form="statutory_body"
                           if kind in ("commissioner", "nhs_trust", "local_authority")
                           else "other")
    m.add_organisation("federation", name="Pennine Lancashire GP federation (illustrative)",
                       kind="federation", legal_form="company_limited_by_guarantee",
                       not_for_profit=True)
    m.add_organisation("lmc", name="Local Medical Committee for the area", kind="lmc",
                       legal_form="unincorporated")

    # the federation: member practices, each with a seat on its members' council
    m.add_relations_from({"kind": ["member_of"] * len(members), "source": members,
                          "target": ["federation"] * len(members)})
    m.add_board("federation-council", of="federation", name="Federation members' council",
                quota=0.5)
    chair = chair_practice(table, members)
    m.add_person("dr-federation", name="Federation chair (a GP partner)", profession="gp")
    m.add_relation("partner_in", "dr-federation", chair)
    for code in members:
        m.add_seat(f"council-{code}", board="federation-council", kind="representative",
                   appointed_by=code, represents=[code],
                   held_by="dr-federation" if code == chair else None)
    if a["federation_holds_contract"]:
        m.add_contract("ext-access", kind="nhs_standard", name="Extended access",
                       parties={"commissioner": "icb", "holder": "federation"},
                       obligations=[{"id": "ext-access/sessions", "name": "Evening and weekend "
                                     "appointments", "category": "clinical"}])
        for code in members:
            m.add_contract(f"ext-access-{code}", kind="subcontract", head="ext-access",
                           parties={"contractor": "federation", "subcontractor": code},
                           obligations=[{"id": f"ext-access-{code}/sessions",
                                         "flows_from": "ext-access/sessions"}])

    # the ICP board and its GP seat
    m.add_board("icp-board", of="pl-icp", name="ICP board", quota=a["board_quota"])
    for oid, (_name, _kind, votes) in a["board"].items():
        m.add_seat(f"icp-{oid}", board="icp-board", votes=votes, kind="representative",
                   appointed_by=oid, represents=[oid])
    m.add_person("dr-expert", name="GP appointed for expertise", profession="gp")
    m.add_person("dr-lmc", name="LMC chair (a GP)", profession="gp")
    if option == "expert":
        m.add_seat("gp-seat", board="icp-board", votes=a["gp_seat_votes"], kind="expert",
                   appointed_by=a["expert_appointed_by"], held_by="dr-expert")
    elif option == "federation":
        m.add_seat("gp-seat", board="icp-board", votes=a["gp_seat_votes"],
                   kind="representative", appointed_by="federation", represents=["federation"],
                   held_by="dr-federation")
    else:
        m.add_seat("gp-seat", board="icp-board", votes=a["gp_seat_votes"],
                   kind="representative", appointed_by="lmc", represents=table.code.tolist(),
                   held_by="dr-lmc")
    return m


def findings(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> dict[str, Any]:
    """Each option's model and answers, and one comparison frame (a row per option)."""
    import pandas as pd

    a = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(a["ccgs"], data)
    members = federation_members(table, a)
    known = table.list_size.notna()
    out: dict[str, Any] = {"practices": table, "members": members,
                           "chair_practice": chair_practice(table, members), "models": {},
                           "coverage": {}, "by_seat": {}, "by_appointer": {}, "conflicts": {}}
    rows = []
    for option in OPTIONS:
        m = build(option, a, data, table)
        cov = m.coverage("icp-board")
        seat = m.representation("icp-board", by="seat")
        bloc = m.representation("icp-board", by="appointer")
        gp = next(r for r in seat if r.member == "gp-seat")
        holder = next(r for r in bloc if "gp-seat" in r.seats)
        conflicts = m.conflicts_of_interest()
        person = m.get("gp-seat").get("held_by")
        mine = [c for c in conflicts if c.person == person]
        out["models"][option] = m
        out["coverage"][option] = cov
        out["by_seat"][option] = seat
        out["by_appointer"][option] = bloc
        out["conflicts"][option] = mine
        covered = [r for r in cov if r.direct or r.indirect]
        rows.append({
            "option": LABELS[option],
            "seat kind": m.get("gp-seat").get("kind"),
            "appointed by": m.get("gp-seat").get("appointed_by") or "the board",
            "practices with a voice": len(covered),
            "of practices": len(cov),
            "directly": sum(r.direct for r in cov),
            "only indirectly": sum(r.indirect and not r.direct for r in cov),
            "share of patients": cov.share_covered,
            "patients with a voice": sum(r.weight or 0 for r in covered),
            "GP seat power (seat votes alone)": gp.banzhaf,
            "bloc holding the GP seat": holder.member,
            "bloc power": holder.banzhaf,
            "bloc veto": holder.veto,
            "GP seat weight (patients)": gp.weight,
            "conflicts of the seat holder": len(mine),
        })
    out["table"] = pd.DataFrame(rows)
    out["patients"] = int(table.list_size[known].sum())
    out["no_list_size"] = list(table.code[~known])
    return out


def main() -> int:
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    f = findings()
    t = f["practices"]
    print(f"Pennine Lancashire (CCGs {', '.join(ASSUMPTIONS['ccgs'])}): {len(t)} active "
          f"practices, {f['patients']:,} registered patients; {len(f['members'])} in the "
          f"federation; no list size: {', '.join(f['no_list_size']) or 'none'}")
    cols = ["option", "practices with a voice", "share of patients",
            "GP seat power (seat votes alone)", "bloc holding the GP seat", "bloc power",
            "conflicts of the seat holder"]
    print(f["table"][cols].round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
