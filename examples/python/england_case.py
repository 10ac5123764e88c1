"""England's general practice from real data: the national model in the CCG era (issue 6's
England case study) and in the ICB era (issue 15).

Two models compared side by side, not one dated model: the 2019 model (``build``, national.py's
``build_2019``: CCGs, networks of December 2019) and the 2023 one (``build_icb``,
``build_2023``: NHS England -> ICBs -> sub-ICB locations, practices of December 2023, networks
of January 2023). One dated model is impractical with the importers alone: an importer adds a
practice or network the model already holds only once (``already_in_model``), so a practice in
both extracts would keep one year's facts; and neither 2019 file dates the end of what it says
(a practice's CCG, its 2019 network), so one model would have to make those ends up. Each model
is read as in force on its own day (``as_of``, ``as_of_icb``); what changed between them (the
practices of 2019 not active in 2023, the networks of 2019 not open in 2023) is read from both
and the ODS successor file (``gg.nhs.read_successors``: a successor = merged, none = closed).

Sources (read from ``../shared/data/nhs/``, never copied; national.py builds both models):
  * NHS ODS GP practice extract, 2019 (``epraccur-2019.csv``): every active GP practice of
    England and the commissioner (CCG) that commissions it;
  * NHS ODS primary care networks, December 2019 (``ePCN-2019-12.xlsx``): the networks, their
    lead CCG and their member practices;
  * NHS Digital, Patients Registered at a GP Practice, January 2021
    (``gp-reg-pat-prac-all-2021-01.csv``): list sizes, **the newest file at hand**, used in both
    years (practices opened since January 2021 have none);
  * NHS England, sub-ICB location -> ICB -> region lookup, July 2022
    (``subicb-icb-lookup-2022-07.xlsx``), the ODS GP practice extract of December 2023
    (``epraccur-2023-12.csv``: each practice's sub-ICB location and ICB) and the ODS primary
    care networks of January 2023 (``ePCN-2023-01.xlsx``: networks, their lead sub-ICB
    location, members, and per membership a flag that the practice's sub-ICB location is not
    the network's, kept as relation attribute ``cross_boundary``);
  * NHS ODS successor organisations, 2026 (``succ-2026.csv``).

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
    practices have more than one commissioner;
  * ``as_of_icb``: the day the ICB-era model is read on (the practices as the December 2023
    extract has them; the networks as the January 2023 file has them: their later changes are
    not in it);
  * ``england_only``: the ICB era's practices are those of England, whose ICB NHS England
    ``delegates`` primary medical services to (the December 2023 extract also lists the 402
    Welsh practices, under Q99, as GP practices; the 2019 extract gave them prescribing
    setting 0, so the CCG-era model has none: without this the years would not compare);
  * in 2023 a practice's ICB is the ICB its sub-ICB location is part of (``accountable_to``,
    ``basis="part_of"``); a network *crosses an ICB boundary* when its member practices are in
    more than one ICB; its lead ICB is the ICB of its lead sub-ICB location;
  * a practice of 2019 (active on ``as_of``) that is not an active GP practice on
    ``as_of_icb`` *merged* when the successor file names a successor for it, else what the
    2023 extract says: *closed*, *dormant*, *not a GP practice* or *not in the extract* (the
    successor file may not record every merger: a practice closed and its list taken on by a
    neighbour without an ODS succession counts as closed); a network of 2019 not open on
    ``as_of_icb`` *merged* or *closed* likewise.

No ``commissioner_form`` (the other cases' choice of the GMS contracts' commissioner party: the CCG,
or NHS England with the CCG managing them under delegated commissioning): the importers make no
GMS, PMS or APMS contract, the extract not saying which a practice holds, so there is no
commissioner party to choose (the notebook explains).

Run:  python examples/python/england_case.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

import govgraph as gg

if str(Path(__file__).resolve().parent) not in sys.path:  # national.py, beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # noqa: E402

DATA = national.DATA

ASSUMPTIONS: dict[str, Any] = {
    "guidance": (30_000, 50_000),  # NHS England: networks of 30,000-50,000 patients
    "as_of": "2020-01-01",         # the model as in force that day
    "as_of_icb": "2023-12-01",     # the ICB-era model as in force that day
    # the ICB era's practices of England: those whose ICB NHS England delegates to (the 2023
    # extract also holds the Welsh practices, under Q99; the 2019 one had them as prescribing
    # setting 0, so the CCG-era model has none). False keeps every practice of the extract
    "england_only": True,
    "bin_width": 10_000,           # bands of the network size table, patients
    "table_top": 150_000,          # ... and one band for networks this large or larger
}


def build(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> gg.Model:
    """The national model of the CCG era (national.build_2019): practices, commissioners, list
    sizes, networks and their members.

    The importers' summary lines are silenced while they run; their reports stay on the model
    (``model.nhs_reports``) and are shown by the notebook and the script."""
    return national.build_2019(data)


def build_icb(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> gg.Model:
    """The national model of the ICB era (national.build_2023, without the CQC register: no
    question here needs it): NHS England, regions, ICBs, sub-ICB locations, practices of
    December 2023, list sizes of January 2021, networks of January 2023."""
    return national.build_2023(data, cqc=None)


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


def _against_guidance(per: pd.DataFrame, a: dict[str, Any]) -> dict[str, Any]:
    """Both eras' networks against the size guidance: the count in each band, and the table of
    sizes of the networks with an active member."""
    return {
        "bands": per.guidance.value_counts().reindex(["below", "within", "above"], fill_value=0),
        "sizes": size_table(per[per.practices > 0], a["bin_width"], a["guidance"],
                            a["table_top"]),
    }


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
        **_against_guidance(per, a),
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


def _icb_of(nodes: pd.DataFrame, rels: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Practice -> its sub-ICB location (``accountable_to``, commissioned by) and sub-ICB
    location -> its ICB (``accountable_to``, ``basis="part_of"``, to a node with
    ``ods_role="icb"``), from the frames of a dated view."""
    role = nodes.ods_role
    up = rels[rels.kind == "accountable_to"]
    sub = up[(up.basis == "commissioned_by") & up.source.map(nodes.kind).eq("practice")]
    part = up[(up.basis == "part_of") & up.target.map(role).eq("icb")]
    return (sub.drop_duplicates("source").set_index("source").target,
            part.drop_duplicates("source").set_index("source").target)


def _icb_practices(nodes: pd.DataFrame, rels: pd.DataFrame, a: dict[str, Any]
                   ) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The ICB era's practices (of England only, with ``england_only``: those whose ICB is
    the target of a ``delegates`` relation), practice -> sub-ICB location and sub-ICB
    location -> ICB."""
    sub_of, icb_of_sub = _icb_of(nodes, rels)
    practices = nodes[nodes.kind == "practice"]
    if a["england_only"]:
        delegated = set(rels.target[rels.kind == "delegates"])
        practices = practices[practices.index.map(sub_of.map(icb_of_sub)).isin(delegated)]
    return practices, sub_of, icb_of_sub


def findings_icb(m: gg.Model, assumptions: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ICB-era counts, the network sizes against the guidance, the networks crossing ICB
    boundaries and the memberships the ePCN file flags as crossing a sub-ICB boundary."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    day = m.as_of(a["as_of_icb"])
    nodes = day.nodes_frame().set_index("id")
    rels = day.relations_frame()
    practices, sub_of, icb_of_sub = _icb_practices(nodes, rels, a)
    icb_of = sub_of.map(icb_of_sub)
    networks = nodes[nodes.kind == "network"]
    member = rels[(rels.kind == "member_of") & rels.target.isin(networks.index)
                  & rels.source.isin(practices.index)][["source", "target", "cross_boundary"]]
    member = member.rename(columns={"source": "practice", "target": "network"})
    member["sub_icb_location"] = member.practice.map(sub_of)
    member["icb"] = member.practice.map(icb_of)
    member["list_size"] = member.practice.map(practices.list_size)
    lead_sub = networks.commissioner
    lead_icb = lead_sub.map(icb_of_sub)
    member["lead_icb"] = member.network.map(lead_icb)
    member["cross_boundary"] = member.cross_boundary.eq(True)
    per = member.groupby("network").agg(
        practices=("practice", "size"),
        patients=("list_size", "sum"),
        without_list_size=("list_size", lambda s: int(s.isna().sum())),
        icbs=("icb", "nunique"),
        sub_icb_locations=("sub_icb_location", "nunique"),
        flagged=("cross_boundary", "sum"),
        member_icbs=("icb", lambda s: ", ".join(sorted(set(s.dropna())))),
    ).reindex(networks.index)
    ints = ["practices", "without_list_size", "icbs", "sub_icb_locations", "flagged"]
    per[ints] = per[ints].fillna(0).astype(int)
    per["patients"] = per.patients.fillna(0).astype(int)
    per.insert(0, "name", networks.name)
    per.insert(1, "lead_sub_icb_location", lead_sub)
    per.insert(2, "lead_icb", lead_icb)
    per["guidance"] = [band(p, a["guidance"]) for p in per.patients]
    per = per.rename_axis("network").reset_index()
    crossing = per[per.icbs > 1].sort_values(["icbs", "practices", "network"],
                                             ascending=[False, False, True])
    flagged = member[member.cross_boundary].assign(
        across_icb=lambda f: f.icb != f.lead_icb)
    in_network = set(member.practice)
    icb_names = nodes.name
    per_icb = (member.assign(icb_name=member.icb.map(icb_names))
               .groupby(["icb", "icb_name"]).network.nunique().rename("networks"))
    counts = pd.DataFrame({"count": {
        "active GP practices": len(practices),
        "ICBs with practices": icb_of.reindex(practices.index).nunique(),
        "sub-ICB locations with practices": sub_of.reindex(practices.index).nunique(),
        "primary care networks": len(networks),
        "registered patients (January 2021)": int(practices.list_size.sum()),
        "practices without a list size": int(practices.list_size.isna().sum()),
        "practices in a network": len(in_network),
        "practices in no network": len(practices) - len(in_network),
        "networks with members lacking a list size": int((per.without_list_size > 0).sum()),
        "networks without an active member": int((per.practices == 0).sum()),
        "memberships flagged cross-boundary": len(flagged),
    }})
    return {
        "as_of": a["as_of_icb"],
        "counts": counts,
        "practices": len(practices),
        "icbs": int(icb_of.reindex(practices.index).nunique()),
        "networks": per,
        "patients": int(practices.list_size.sum()),
        **_against_guidance(per, a),
        "crossing": crossing,
        "flagged": flagged,
        "networks_per_icb": per_icb.reset_index(),
        "membership": member,
        "reports": {k: v.unmatched for k, v in getattr(m, "nhs_reports", {}).items()},
    }


def changes(m2019: gg.Model, m2023: gg.Model, assumptions: dict[str, Any] | None = None,
            data: Path = DATA, extract: str = "epraccur-2023-12.csv") -> dict[str, Any]:
    """What changed between the two models: the practices of 2019 not active in 2023 and the
    networks of 2019 not open in 2023, each *merged* (the ODS successor file names a
    successor), else, for a practice, what the 2023 ``extract`` itself says of it (column
    ``status_2023``): *closed*, *dormant* (not closed, but not running: ODS status D), *not a GP
    practice* (active, with another prescribing setting, or outside England's ICBs) or *not in
    the extract*; a network, *closed*. And the practices new in 2023."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    old = m2019.as_of(a["as_of"]).nodes_frame().set_index("id")
    later = m2023.as_of(a["as_of_icb"])
    new = later.nodes_frame().set_index("id")
    kept = _icb_practices(new, later.relations_frame(), a)[0].index
    new = new[(new.kind != "practice") | new.index.isin(kept)]
    rels = m2019.as_of(a["as_of"]).relations_frame()
    succ = gg.nhs.read_successors(data / "succ-2026.csv")

    def gone(kind: str) -> pd.DataFrame:
        was = old[old.kind == kind]
        out = was[~was.index.isin(new.index[new.kind == kind])]
        nxt = succ[succ.predecessor.isin(out.index)]
        by = nxt.groupby("predecessor")
        frame = out[["name"]].assign(
            successor=by.successor.agg(lambda s: "; ".join(sorted(s))),
            succeeded_on=by.date.min(),
            successor_open=by.successor.agg(lambda s: bool(s.isin(new.index).any())))
        frame["fate"] = frame.successor.notna().map({True: "merged", False: "closed"})
        return frame.rename_axis("code").reset_index()

    practices = gone("practice")
    raw = gg.nhs.read_epraccur_frame(data / extract).set_index("code")
    status = raw.status.reindex(practices.code).map(
        lambda s: {"C": "closed", "INACTIVE": "closed", "D": "dormant", "DORMANT": "dormant"}
        .get(s, "not a GP practice") if isinstance(s, str) else "not in the extract")
    practices.insert(2, "status_2023", status.to_numpy())
    unmerged = practices.fate == "closed"
    practices.loc[unmerged, "fate"] = practices.status_2023[unmerged]
    commissioned = rels[(rels.kind == "accountable_to") & rels.source.isin(practices.code)]
    ccg = commissioned.drop_duplicates("source").set_index("source").target
    member = rels[(rels.kind == "member_of") & rels.source.isin(practices.code)
                  & rels.target.map(old.kind).eq("network")]
    network = member.drop_duplicates("source").set_index("source").target
    practices.insert(3, "ccg_2019", practices.code.map(ccg))
    practices.insert(4, "network_2019", practices.code.map(network))
    practices.insert(5, "list_size", practices.code.map(old.list_size))
    new_practices = new[(new.kind == "practice") & ~new.index.isin(old.index)]
    return {
        "practices": practices,
        "networks": gone("network"),
        "new_practices": new_practices[["name", "list_size", "start"]].rename_axis(
            "code").reset_index(),
        "successions_at_hand": succ,
    }


def eras(f2019: dict[str, Any], f2023: dict[str, Any]) -> pd.DataFrame:
    """The two models side by side, one row per measure."""
    rows = {}
    for label, f, area in (("2019 (CCGs)", f2019, "commissioners"),
                           ("2023 (ICBs)", f2023, "icbs")):
        nets = f["networks"]
        live = nets[nets.practices > 0]
        rows[label] = {
            "read on": f["as_of"],
            "active GP practices": f"{f['practices']:,}",
            "commissioners (CCGs; ICBs)": f"{f[area]:,}",
            "primary care networks": f"{len(nets):,}",
            "median network, patients": f"{int(live.patients.median()):,}",
            "networks below the guidance": f"{f['bands']['below']:,}",
            "networks within the guidance": f"{f['bands']['within']:,}",
            "networks above the guidance": f"{f['bands']['above']:,}",
            "networks across a commissioner (CCG; ICB) boundary": f"{len(f['crossing']):,}",
            "practices in no network": f"{f['counts']['count']['practices in no network']:,}",
        }
    return pd.DataFrame(rows)


def size_chart(sizes: dict[str, pd.DataFrame], guidance: tuple[int, int],
               title: str = "Primary care networks by registered patients",
               width: int = 720, height: int = 380) -> str:
    """An SVG bar chart of the size tables of several years (``size_table`` rows, same bands),
    bars side by side per band, the guidance band shaded. Drawn by hand: the project has no
    plotting library."""
    from html import escape

    years = list(sizes)
    bands = list(next(iter(sizes.values())).patients)
    colours = ["#2166ac", "#b2182b", "#1b7837"]
    left, right, top, bottom = 56, 150, 40, 92
    pw, ph = width - left - right, height - top - bottom
    most = max(int(t.networks.max()) for t in sizes.values())
    step = 50 if most <= 400 else 100
    hi = max(step, -(-most // step) * step)
    slot = pw / len(bands)
    bar = slot * 0.8 / len(years)

    def y(v: float) -> float:
        return top + ph * (1 - v / hi)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">{escape(title)}</text>']
    first = next(iter(sizes.values()))
    inside = [i for i, g in enumerate(first.guidance) if g in ("within", "mixed")]
    if inside:
        x0, x1 = left + slot * inside[0], left + slot * (inside[-1] + 1)
        out.append(f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{ph}" '
                   'fill="#fff3c4"/>')
        out.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{top + 14}" text-anchor="middle" '
                   f'fill="#8a6d00">guidance {guidance[0]:,}-{guidance[1]:,}</text>')
    for t in range(0, hi + 1, step):
        out.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{left + pw}" y2="{y(t):.1f}" '
                   'stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{t}</text>')
    for i, label in enumerate(bands):
        cx = left + slot * (i + 0.5)
        out.append(f'<text transform="translate({cx:.1f} {top + ph + 10}) rotate(40)" '
                   f'font-size="10">{escape(str(label))}</text>')
        for k, year in enumerate(years):
            n = int(sizes[year].networks.iloc[i])
            x = left + slot * i + slot * 0.1 + bar * k
            out.append(f'<rect x="{x:.1f}" y="{y(n):.1f}" width="{bar:.1f}" '
                       f'height="{ph * n / hi:.1f}" fill="{colours[k % 3]}">'
                       f'<title>{escape(year)}: {n} networks of {escape(str(label))} '
                       'patients</title></rect>')
    out += [f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>',
            f'<text transform="translate(16 {top + ph / 2}) rotate(-90)" '
            'text-anchor="middle">networks</text>',
            f'<text x="{left + pw / 2}" y="{height - 8}" text-anchor="middle">registered '
            'patients of the member practices (list sizes of January 2021)</text>']
    for k, year in enumerate(years):
        ly = top + 14 + 22 * k
        out.append(f'<rect x="{left + pw + 16}" y="{ly - 9}" width="12" height="12" '
                   f'fill="{colours[k % 3]}"/>')
        out.append(f'<text x="{left + pw + 34}" y="{ly + 2}">{escape(year)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def picture_icb(m: gg.Model, network: str, as_of: str | None = None) -> list[str]:
    """Ids to draw one network of the ICB era: itself, its member practices, their sub-ICB
    locations and ICBs (found with ``reachable``, up to the ICBs) and the network agreement."""
    members = m.reachable([network], kinds=["member_of"], direction="in", as_of=as_of,
                          include_sources=False)
    above = m.reachable(members, kinds=["accountable_to"], direction="out", as_of=as_of,
                        include_sources=False)
    role = m.nodes_frame().set_index("id").ods_role
    areas = [i for i in above if role.get(i) in ("sub_icb_location", "icb")]
    agreement = f"{network}/network-agreement"
    return [network, *members, *areas] + ([agreement] if agreement in m else [])


def main() -> int:
    """Both eras: the counts side by side, each year's network sizes against the guidance and
    its networks across a commissioner (CCG; ICB) boundary, then what changed between them."""
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    m, m23 = build(), build_icb()
    f, f23 = findings(m), findings_icb(m23)
    lo, hi = ASSUMPTIONS["guidance"]
    print(m)
    print(m23)
    print(eras(f, f23).to_string())
    for label, x, cols in (
            ("2019 (CCGs)", f, ["network", "name", "lead_commissioner", "member_commissioners",
                                "practices", "patients"]),
            ("2023 (ICBs)", f23, ["network", "name", "lead_icb", "member_icbs", "practices",
                                  "patients"])):
        b = x["bands"]
        print(f"\n{label}: networks against the {lo:,}-{hi:,} guidance: {b['below']} below, "
              f"{b['within']} within, {b['above']} above")
        print(x["sizes"].to_string(index=False))
        print(f"\n{label}: {len(x['crossing'])} networks across a commissioner boundary:")
        print(x["crossing"][cols].head(20).to_string(index=False))
    ch = changes(m, m23)
    print(f"\nPractices active in 2019 and not in 2023: {len(ch['practices'])}, by fate:")
    print(ch["practices"].fate.value_counts().to_string())
    print(f"Networks of 2019 not open in 2023: {len(ch['networks'])}, by fate:")
    print(ch["networks"].fate.value_counts().to_string())
    print(f"Practices of 2023 not active in 2019: {len(ch['new_practices'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
