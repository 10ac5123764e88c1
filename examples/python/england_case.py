"""England's general practice from real data: the national model (issue 6's England case study).

Sources (read from ``../shared/data/nhs/``, never copied):
  * NHS ODS GP practice extract, 2019 (``epraccur-2019.csv``): every active GP practice of
    England and the commissioner (CCG) that commissions it;
  * NHS ODS primary care networks, December 2019 (``ePCN-2019-12.xlsx``): the networks, their
    lead CCG and their member practices;
  * NHS Digital, Patients Registered at a GP Practice, January 2021
    (``gp-reg-pat-prac-all-2021-01.csv``): list sizes.

The model is built by the importers alone (``gg.nhs.read_epraccur`` with the list sizes, then
``gg.nhs.read_epcn`` into the same model), through the bulk API only: one ``add_nodes_from``,
``add_relations_from`` or ``add_contracts_from`` (the 1,250 network agreements) per kind of
row, no call into the model per practice, network or contract; what the files do not match is
reported by the importers and shown, not dropped. The answers are read from the model as in
force on the reference date (``model.as_of``), through its frames (``nodes_frame``,
``relations_frame``) and, for the picture, ``reachable``.

Assumptions (ASSUMPTIONS; pass your own to build() and findings()):
  * ``guidance``: NHS England's size for a network, 30,000-50,000 registered patients (the
    Network Contract DES, 2019);
  * ``as_of``: the day the model is read on (networks went live on 1 October 2019; two opened on
    1 December 2019);
  * ``bin_width``: the width, in patients, of the size table's bands;
  * a network's size is the sum of the list sizes of its member practices that are active GP
    practices in the 2019 extract and have a count in January 2021 (list sizes are of 2021,
    practices and networks of 2019); networks with members missing from that sum are counted
    and shown;
  * a practice's commissioner is the one it is commissioned by in the extract (relation
    ``accountable_to``, ODS RE4); a network *crosses a commissioner boundary* when its member
    practices have more than one commissioner.

No ``commissioner_form`` (the other cases' choice of the GMS contracts' commissioner party: the CCG,
or NHS England with the CCG managing them under delegated commissioning): the importers make no
GMS, PMS or APMS contract, the extract not saying which a practice holds, so there is no
commissioner party to choose (the notebook explains).

Run:  python examples/python/england_case.py
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pandas as pd

import govgraph as gg

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"

ASSUMPTIONS: dict[str, Any] = {
    "guidance": (30_000, 50_000),  # NHS England: networks of 30,000-50,000 patients
    "as_of": "2020-01-01",         # the model as in force that day
    "bin_width": 10_000,           # bands of the network size table, patients
    "table_top": 150_000,          # ... and one band for networks this large or larger
}


def build(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> gg.Model:
    """The national model: practices, commissioners, list sizes, networks and their members.

    The importers' warnings are silenced while they run; their reports stay on the model
    (``model.nhs_reports``) and are shown by the notebook and the script."""
    log = logging.getLogger("govgraph.nhs")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        sizes = gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
        m = gg.nhs.read_epraccur(data / "epraccur-2019.csv", list_sizes=sizes)
        reports = dict(m.nhs_reports)
        gg.nhs.read_epcn(data / "ePCN-2019-12.xlsx", model=m)
    finally:
        log.setLevel(level)
    m.nhs_reports = {**reports, **m.nhs_reports}
    m.name = "General practice in England"
    return m


def band(patients: float, bounds: tuple[int, int]) -> str:
    """below / within / above a (lower, upper) size range."""
    return "below" if patients < bounds[0] else "above" if patients > bounds[1] else "within"


def size_table(networks: pd.DataFrame, width: int, bounds: tuple[int, int],
               top: int) -> pd.DataFrame:
    """Networks counted in bands of ``width`` patients up to ``top``, then one open band; each
    band marked against the guidance by the networks in it ("mixed" when they differ; an empty
    band by its middle)."""
    edges = list(range(0, top + 1, width))
    labels = [f"{a:,}-{b - 1:,}" for a, b in zip(edges, edges[1:])] + [f"{top:,} and more"]
    which = pd.cut(networks.patients, [*edges, float("inf")], right=False, labels=labels)
    rows = []
    for label, lo, hi in zip(labels, edges, [*edges[1:], None]):
        inside = networks.patients[which == label]
        kinds = {band(p, bounds) for p in inside}
        middle = band(lo + width / 2 if hi is not None else lo, bounds)
        rows.append({"patients": label, "networks": len(inside),
                     "guidance": kinds.pop() if len(kinds) == 1 else "mixed" if kinds
                     else middle})
    return pd.DataFrame(rows)


def findings(m: gg.Model, assumptions: dict[str, Any] | None = None) -> dict[str, Any]:
    """The counts, the network sizes against the guidance, the networks crossing commissioner
    boundaries, the practices in no network and those without a list size."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    day = m.as_of(a["as_of"])
    nodes = day.nodes_frame().set_index("id")
    rels = day.relations_frame()
    kind = nodes.kind
    practices = nodes[kind == "practice"]
    networks = nodes[kind == "network"]
    commissioned = rels[(rels.kind == "accountable_to") & rels.source.isin(practices.index)]
    ccg_of = commissioned.drop_duplicates("source").set_index("source").target
    member = rels[(rels.kind == "member_of") & rels.target.isin(networks.index)
                  & rels.source.isin(practices.index)][["source", "target"]]
    member = member.rename(columns={"source": "practice", "target": "network"})
    member["commissioner"] = member.practice.map(ccg_of)
    member["list_size"] = member.practice.map(practices.list_size)
    per = member.groupby("network").agg(
        practices=("practice", "size"),
        patients=("list_size", "sum"),
        without_list_size=("list_size", lambda s: int(s.isna().sum())),
        commissioners=("commissioner", "nunique"),
        member_commissioners=("commissioner", lambda s: ", ".join(sorted(set(s.dropna())))),
    )
    per = per.reindex(networks.index)
    per[["practices", "without_list_size", "commissioners"]] = (
        per[["practices", "without_list_size", "commissioners"]].fillna(0).astype(int))
    per["patients"] = per.patients.fillna(0).astype(int)
    per.insert(0, "name", networks.name)
    per.insert(1, "lead_commissioner", networks.commissioner)
    per["guidance"] = [band(p, a["guidance"]) for p in per.patients]
    per = per.rename_axis("network").reset_index()
    lead = per.set_index("network").lead_commissioner
    member["outside_lead"] = member.commissioner != member.network.map(lead)
    crossing = per[per.commissioners > 1].sort_values(
        ["commissioners", "practices", "network"], ascending=[False, False, True])
    outside = member[member.outside_lead]
    in_network = set(member.practice)
    no_network = practices[~practices.index.isin(in_network)]
    counts = pd.DataFrame({"count": {
        "active GP practices": len(practices),
        "commissioners (CCGs) with practices": ccg_of.nunique(),
        "primary care networks": len(networks),
        "registered patients (January 2021)": int(practices.list_size.sum()),
        "practices without a list size": int(practices.list_size.isna().sum()),
        "practices in a network": len(in_network),
        "practices in no network": len(no_network),
        "networks with members lacking a list size": int((per.without_list_size > 0).sum()),
        "networks without an active member": int((per.practices == 0).sum()),
    }})
    return {
        "as_of": a["as_of"],
        "counts": counts,
        "practices": len(practices),
        "commissioners": int(ccg_of.nunique()),
        "networks": per,
        "patients": int(practices.list_size.sum()),
        "bands": per.guidance.value_counts().reindex(["below", "within", "above"],
                                                     fill_value=0),
        "sizes": size_table(per[per.practices > 0], a["bin_width"], a["guidance"],
                            a["table_top"]),
        "crossing": crossing,
        "members_outside_lead": outside,
        "no_network": no_network.assign(commissioner=no_network.index.map(ccg_of))[
            ["name", "commissioner", "list_size", "postcode"]].rename_axis("code").reset_index(),
        "without_list_size": sorted(practices.index[practices.list_size.isna()]),
        "membership": member,
        "reports": {k: v.unmatched for k, v in getattr(m, "nhs_reports", {}).items()},
    }


def picture(m: gg.Model, network: str, as_of: str | None = None) -> list[str]:
    """Ids to draw one network: itself, its member practices, their commissioners and the
    network agreement (found with ``reachable``)."""
    members = m.reachable([network], kinds=["member_of"], direction="in", as_of=as_of,
                          include_sources=False)
    ccgs = m.reachable(members, kinds=["accountable_to"], direction="out", as_of=as_of,
                       include_sources=False)
    agreement = f"{network}/network-agreement"
    return [network, *members, *ccgs] + ([agreement] if agreement in m else [])


def main() -> int:
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    m = build()
    f = findings(m)
    lo, hi = ASSUMPTIONS["guidance"]
    print(m)
    print(f["counts"].to_string())
    b = f["bands"]
    print(f"\nNetworks against the {lo:,}-{hi:,} guidance: {b['below']} below, {b['within']} "
          f"within, {b['above']} above")
    print(f["sizes"].to_string(index=False))
    print(f"\n{len(f['crossing'])} networks whose practices have more than one commissioner:")
    cols = ["network", "name", "lead_commissioner", "member_commissioners", "practices",
            "patients"]
    print(f["crossing"][cols].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
