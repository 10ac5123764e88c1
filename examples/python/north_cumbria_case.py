"""North Cumbria Alliance from real data (seeds 000 and 001; issue 6's first case study).

Sources: the NHS ODS GP practice extract (epraccur, 2019) for the active practices of NHS North
Cumbria CCG (01H) and their names; registered patients per practice (January 2021) as list
sizes. Everything else — who signs up, the partners, the sub-contracts, the boards — is an
assumption, stated in ASSUMPTIONS and changeable: pass your own to build().

What the seeds say and how it is modelled:
  * seed 000: partners keep their GMS contract with the CCG and sub-contract delivery to a
    not-for-profit "North Cumbria Primary Care Collaborative" that employs all staff, GPs
    included, and takes on the premises; a Board with representatives of member practices;
    the Alliance works "alongside CPFT, CHOC and UCLAN".
  * seed 001: 24 practices approached, 13 signed up, live from June 2018; the collaborative
    "reporting to and represented on the system leadership board"; a premises joint venture.

Run:  python examples/python/north_cumbria_case.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import govgraph as gg

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"

ASSUMPTIONS: dict[str, Any] = {
    "approached": 24,        # seed 001: practices approached
    "signed_up": 13,         # seed 001: practices that signed up
    "selection_seed": 2018,  # which practices: a seeded random draw (the seed names none)
    "go_live": "2018-06-01",  # seed 001: "going live from June 2018"
    "partners_per_practice": 2,   # GP partners in each practice (not in the data)
    "subcontract_cap": None,      # liability cap in each sub-contract (None: uncapped)
    "breach_loss": 250_000,       # loss in the breach scenario
    "board_quota": 0.5,           # collaborative board: more than half of the votes
    "votes": "one_per_practice",  # or "list_size": one vote per 1,000 registered patients
    # Who is the GMS contracts' commissioner party: "ccg" (seed 000 speaks of the CCG) or
    # "nhse_delegated" (the GMS Regulations make NHS England the party; the CCG manages the
    # contracts under delegated commissioning, NHS Act 2006 s.13Z)
    "commissioner_form": "ccg",
}
COMMISSIONER_FORMS = ("ccg", "nhse_delegated")

GMS_OBLIGATIONS = [("essential", "Essential services", "clinical"),
                   ("additional", "Additional services", "clinical"),
                   ("premises", "Premises", "premises"),
                   ("reporting", "Reporting to the commissioner", "reporting")]


def practices(data: Path = DATA) -> Any:
    """The active GP practices of CCG 01H with their list sizes (a DataFrame)."""
    frame = gg.nhs.read_epraccur_frame(data / "epraccur-2019.csv")
    sizes = gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
    keep = frame[(frame.commissioner == "01H") & (frame.status == "A")
                 & (frame.prescribing_setting.astype(str) == "4")]
    out = keep[["code", "name"]].copy()
    out["list_size"] = out.code.map(sizes)
    return out.sort_values("code").reset_index(drop=True)


def build(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> gg.Model:
    """The alliance built from the data and the assumptions."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(data)
    rng = random.Random(a["selection_seed"])
    approached = rng.sample(list(table.code), a["approached"])
    signed = approached[: a["signed_up"]]
    live = a["go_live"]
    m = gg.Model(name="North Cumbria Alliance (real practices)")
    m.sources = ["NHS ODS epraccur 2019 (CCG 01H, active GP practices)",
                 "NHS Digital, Patients Registered at a GP Practice, January 2021",
                 "seeds 000 and 001 (arrangements); assumptions: " + repr(a)]
    m.add_nodes_from({"id": table.code.tolist(), "name": table.name.tolist(),
                      "kind": ["practice"] * len(table),
                      "legal_form": ["partnership"] * len(table),   # GMS practices: partnerships
                      "list_size": table.list_size.tolist(),
                      "approached": [c in approached for c in table.code],
                      "signed_up": [c in signed for c in table.code]}, type="organisation",
                     attrs=["approached", "signed_up"])
    for oid, name, kind, form in [
            ("01H", "NHS North Cumbria CCG", "commissioner", "statutory_body"),
            ("cpft", "Cumbria Partnership NHS Foundation Trust", "nhs_trust", "statutory_body"),
            ("choc", "Cumbria Health On Call", "company", "limited_company"),
            ("uclan", "University of Central Lancashire", "university", "statutory_body"),
            ("elift", "eLIFT (premises partner)", "company", "limited_company"),
            ("nc-system", "North Cumbria health and care system", "other", "unincorporated")]:
        m.add_organisation(oid, name=name, kind=kind, legal_form=form)
    if a["commissioner_form"] not in COMMISSIONER_FORMS:
        raise ValueError(f"commissioner_form must be one of {COMMISSIONER_FORMS}, "
                         f"not {a['commissioner_form']!r}")
    party = "01H"
    if a["commissioner_form"] == "nhse_delegated":
        m.add_organisation("nhse", name="NHS England", kind="commissioner",
                           legal_form="statutory_body")
        m.add_relation("delegates", "nhse", "01H")
        party = "nhse"
    m.add_organisation("ncpcc", name="North Cumbria Primary Care Collaborative", kind="company",
                       legal_form="company_limited_by_guarantee", not_for_profit=True, start=live)
    m.add_organisation("premises-jv", name="Premises joint venture (CPFT and eLIFT)",
                       kind="joint_venture", legal_form="limited_company")
    m.add_relations_from({"kind": ["owns", "owns"], "source": ["cpft", "elift"],
                          "target": ["premises-jv", "premises-jv"], "share": [0.5, 0.5]})
    people, rels = [], {"kind": [], "source": [], "target": [], "start": []}

    def rel(kind: str, s: str, t: str, start: str | None) -> None:
        for k, v in zip(rels, (kind, s, t, start)):
            rels[k].append(v)

    for code in table.code:
        partners = [f"{code}-gp{i + 1}" for i in range(a["partners_per_practice"])]
        people += partners
        for gp in partners:
            rel("partner_in", gp, code, None)
            if code in signed:
                rel("employs", "ncpcc", gp, live)
        m.add_contract(f"gms-{code}", kind="gms", start="2004-04-01",
                       parties={"commissioner": party, "holder": code},
                       obligations=[{"id": f"gms-{code}/{s}", "name": n, "category": c}
                                    for s, n, c in GMS_OBLIGATIONS])
    m.add_nodes_from({"id": people, "profession": ["gp"] * len(people)}, type="person")
    assets = [f"premises-{c}" for c in signed]
    m.add_nodes_from({"id": assets, "kind": ["premises"] * len(assets)}, type="asset")
    for code, asset in zip(signed, assets):
        rel("member_of", code, "ncpcc", live)
        rel("owns", "premises-jv", asset, live)
        rel("occupies", "ncpcc", asset, live)
        m.add_contract(f"sub-{code}", kind="subcontract", head=f"gms-{code}", start=live,
                       liability_cap=a["subcontract_cap"],
                       parties={"contractor": code, "subcontractor": "ncpcc"},
                       obligations=[{"id": f"sub-{code}/{s}", "name": n, "category": c,
                                     "flows_from": f"gms-{code}/{s}"}
                                    for s, n, c in GMS_OBLIGATIONS])
    rels["share"] = [1.0 if k == "owns" and s == "premises-jv" else None
                     for k, s in zip(rels["kind"], rels["source"])]
    m.add_relations_from(rels)
    m.add_contract("lease-premises", kind="lease", start=live,
                   parties={"landlord": "premises-jv", "tenant": "ncpcc"},
                   obligations=[{"id": "lease-premises/rent", "name": "Rent and repair",
                                 "category": "premises"}])
    m.add_board("ncpcc-board", of="ncpcc", name="Collaborative Board", start=live,
                quota=a["board_quota"])
    sizes = dict(zip(table.code, table.list_size))
    for code in signed:
        votes = 1 if a["votes"] == "one_per_practice" else max(1, round(sizes[code] / 1000))
        m.add_seat(f"seat-{code}", board="ncpcc-board", votes=votes, kind="representative",
                   appointed_by=code, represents=[code], held_by=f"{code}-gp1", start=live)
    m.add_board("system-board", of="nc-system", name="System Leadership Board", quota=0.5)
    for org in ("01H", "cpft", "choc", "uclan", "ncpcc"):
        m.add_seat(f"system-seat-{org}", board="system-board", appointed_by=org,
                   represents=[org], kind="representative")
    m.add_relation("accountable_to", "ncpcc", "system-board", start=live)
    return m


def findings(m: gg.Model, assumptions: dict[str, Any] | None = None) -> dict[str, Any]:
    """The case study's answers, as numbers and frames."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    signed = [i for i in m.ids("organisation") if m.get(i).get("attributes", {}).get("signed_up")]
    first = signed[0]
    rep = m.representation("ncpcc-board")
    weights = sorted((r.weight, r.member) for r in rep)
    smallest = [member for _, member in weights[: len(weights) // 2]]
    cov = m.coverage("system-board")
    return {
        "practices": sum(m.get(i).get("kind") == "practice" for i in m.ids("organisation")),
        "patients": sum(r.weight or 0 for r in cov),
        "signed_up": signed,
        "paths": m.liability_paths(f"gms-{first}/essential"),
        "breach": m.breach(f"sub-{first}/essential", by="ncpcc", loss=a["breach_loss"]),
        "representation": rep,
        "blocking": m.blocking_coalitions("ncpcc-board", smallest),
        "coverage": cov,
        "gaps": m.flow_down_gaps(),
        "through": power_through(m),
        "system_seats": m.representation("system-board").to_frame()[
            ["member", "votes", "banzhaf", "banzhaf_absolute"]],
    }


def power_through(m: gg.Model) -> Any:
    """Each practice's power on the System Leadership Board through the collaborative's seat
    (``m.power_through``): the absolute Banzhaf measure, the chance that its vote decides the
    system board's when every other independent voter (each practice, each other seat's
    organisation) votes yes or no at random. Beside it: its own absolute Banzhaf power on the
    Collaborative Board (None when it has no seat there). A DataFrame, one row per practice,
    most powerful first."""
    through = m.power_through("system-board").to_frame()
    own = m.representation("ncpcc-board").to_frame().set_index("member").banzhaf_absolute
    nodes = m.nodes_frame().set_index("id")
    out = through.assign(name=through.org.map(nodes.name),
                         list_size=through.org.map(nodes.list_size),
                         signed_up=through.org.isin(own.index),
                         collaborative_board=through.org.map(own))
    cols = ["org", "name", "list_size", "signed_up", "collaborative_board", "routes", "banzhaf",
            "exact", "method"]
    return out[cols].sort_values(["banzhaf", "list_size"], ascending=False).reset_index(
        drop=True)


def power_chart(through: Any, seats: Any, width: int = 640) -> str:
    """An SVG bar chart of the absolute Banzhaf power on the System Leadership Board: each
    seat's organisation (``seats``, from ``findings()["system_seats"]``) and each signed-up
    practice through the collaborative's seat (``through``, from :func:`power_through`); the
    practices with no route are one bar at 0. Drawn by hand: the project has no plotting
    library."""
    from html import escape

    bars = [(f"{r.member} (seat)", float(r.banzhaf_absolute), "#2166ac")
            for r in seats.itertuples()]
    routed = through[through.routes > 0]
    bars += [(f"{r.org} (practice)", float(r.banzhaf), "#1b7837") for r in routed.itertuples()]
    rest = len(through) - len(routed)
    if rest:
        bars.append((f"{rest} practices, no route", 0.0, "#999"))
    left, right, top, row = 190, 70, 40, 20
    height = top + row * len(bars) + 40
    pw = width - left - right
    hi = max(0.1, max(v for _, v, _ in bars))

    def x(v: float) -> float:
        return left + pw * v / hi

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14" font-weight="bold">Power on the System '
           "Leadership Board (absolute Banzhaf)</text>"]
    for i, (label, value, colour) in enumerate(bars):
        y = top + row * i
        out.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{x(value) - left:.1f}" height="{row - 6}"'
                   f' fill="{colour}"><title>{escape(label)}: {value:.4f}</title></rect>')
        out.append(f'<text x="{x(value) + 4:.1f}" y="{y + 14}">{value:.1%}</text>')
    base = top + row * len(bars)
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#444"/>')
    out.append(f'<text x="{left}" y="{base + 24}">the chance that its vote decides the '
               "board's, every other voter voting at random</text>")
    out.append("</svg>")
    return "\n".join(out)


def commissioner_forms(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> Any:
    """The breach of the first signed-up practice's sub-contracted essential services under
    each commissioner form: who claims against the practice under its GMS contract, and who
    manages that contract (a DataFrame, one row per form)."""
    rows = []
    for form in COMMISSIONER_FORMS:
        a = {**(assumptions or {}), "commissioner_form": form}
        m = build(a, data)
        f = findings(m, a)
        first = f["signed_up"][0]
        top = f["breach"].claims[0]
        [row] = [r for r in m.accountability(first, claim="contract")
                 if r.obligation == f"gms-{first}/essential" and r.basis == "contract"]
        rows.append({"commissioner_form": form, "claimant": top.claimant,
                     "respondent": top.respondent, "managed_by": row.managed_by})
    import pandas as pd

    return pd.DataFrame(rows)


def main() -> int:
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    m = build()
    f = findings(m)
    print(m)
    print(f"{f['practices']} practices, {f['patients']:,.0f} registered patients; "
          f"{len(f['signed_up'])} signed up")
    print("\nLiability path:", f["paths"][0])
    print(f["breach"])
    r = f["representation"]
    print(f"\nCollaborative Board (quota {r.quota:g} of {r.total_votes:g} votes), "
          f"disproportionality {r.disproportionality:.3f}:")
    print(r.to_frame()[["member", "votes", "weight", "weight_share", "banzhaf", "veto"]]
          .round(3).to_string(index=False))
    b = f["blocking"]
    print(f"\nThe {len(b.group)} smallest member practices {'can' if b.can_block else 'cannot'} "
          f"block a decision together")
    print(f"Patients with a voice on the System Leadership Board: "
          f"{f['coverage'].share_covered:.1%}")
    t = f["through"]
    print("\nPower on the System Leadership Board through the collaborative's seat:")
    print(t[t.routes > 0][["org", "list_size", "collaborative_board", "banzhaf", "exact",
                           "method"]].round(4).to_string(index=False))
    print(f"{int((t.routes == 0).sum())} practices have no route (not signed up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
