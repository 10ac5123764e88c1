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

Change over time. Seed 001 (the "May 2018 Update") says the collaborative had been "Discussed
with 24 practices – 13 formally signed up" and was "Aiming to go live from June 2018"; it gives
no day of approach or of signing (the same deck also says "9 practices signed up", so signings
came one after another). Those days are assumptions: ``approached_on`` (one day for all 24),
``signed_on`` (the signings spread evenly, in the order of the draw, between two days, all by
May 2018) and ``formed_on`` (the collaborative exists, to be signed up to). They are modelled
as facts with dates:
  * approached: an attribute ``approached_on`` of the practice, not a relation: being
    approached creates no tie in law (no membership, no contract, no seat);
  * signed: the practice's ``member_of`` the collaborative, from its signing day (relation id
    ``member-<code>``);
  * live: the sub-contract, the employment of its GPs, the premises, its seat on the
    Collaborative Board, from go-live.
The what-if ``withdrawal`` (a practice, by default the last to sign, leaves on a day) is done
with ``m.withdraw`` on a copy (:func:`with_withdrawal`): its membership, sub-contract and board
appointment end and its seat falls vacant. The model :func:`build` returns has no withdrawal,
so the other findings are those of the arrangement as the seeds describe it.

Run:  python examples/python/north_cumbria_case.py
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import govgraph as gg

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"

if str(Path(__file__).resolve().parent) not in sys.path:  # national.py, beside this file
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # noqa: E402

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
    # Days the seeds do not give (assumptions; seed 001, May 2018: 24 "discussed with", 13
    # "formally signed up", "aiming to go live from June 2018")
    "approached_on": "2017-11-01",  # the 24 practices approached (one day for all)
    "formed_on": "2018-01-01",      # the collaborative exists from this day
    # the signings: spread evenly, in the order of the draw, between these two days (or one
    # day for all, as a string)
    "signed_on": ("2018-01-15", "2018-05-01"),
    # what-if: (practice code, or "last signed", day it withdraws); None: no withdrawal
    "withdrawal": ("last signed", "2020-04-01"),
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
    signed_on = signing_days(signed, a)
    if a["approached_on"] > min(signed_on.values(), default=live) or a["formed_on"] > min(
            signed_on.values(), default=live) or max(signed_on.values(), default=live) > live:
        raise ValueError("the days must run approached_on, formed_on <= signed_on <= go_live: "
                         f"{a['approached_on']}, {a['formed_on']}, {a['signed_on']}, {live}")
    m = gg.Model(name="North Cumbria Alliance (real practices)")
    m.sources = ["NHS ODS epraccur 2019 (CCG 01H, active GP practices)",
                 "NHS Digital, Patients Registered at a GP Practice, January 2021",
                 "seeds 000 and 001 (arrangements); assumptions: " + repr(a)]
    m.add_nodes_from({"id": table.code.tolist(), "name": table.name.tolist(),
                      "kind": ["practice"] * len(table),
                      "legal_form": ["partnership"] * len(table),   # GMS practices: partnerships
                      "list_size": table.list_size.tolist(),
                      "approached": [c in approached for c in table.code],
                      "approached_on": [a["approached_on"] if c in approached else None
                                        for c in table.code],
                      "signed_up": [c in signed for c in table.code]}, type="organisation",
                     attrs=["approached", "approached_on", "signed_up"])
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
                       legal_form="company_limited_by_guarantee", not_for_profit=True,
                       start=a["formed_on"])
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
    m.add_relations_from({"kind": ["member_of"] * len(signed), "source": signed,
                          "target": ["ncpcc"] * len(signed), "id": [f"member-{c}" for c in signed],
                          "start": [signed_on[c] for c in signed]})
    for code, asset in zip(signed, assets):
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


# -- change over time: approached, signed, live; a withdrawal -----------------------------------

def _day(text: str) -> date:
    return date.fromisoformat(text)


def signing_days(signed: list[str], a: dict[str, Any]) -> dict[str, str]:
    """The day each signed practice signs up (an assumption): ``a["signed_on"]`` as one day for
    all, or two days between which the signings are spread evenly in the order given."""
    when = a["signed_on"]
    if isinstance(when, str):
        return {c: when for c in signed}
    first, last = _day(when[0]), _day(when[1])
    if last < first:
        raise ValueError(f"signed_on {when!r}: the second day is before the first")
    n = len(signed)
    step = (last - first).days / (n - 1) if n > 1 else 0
    return {c: (first + timedelta(days=round(i * step))).isoformat()
            for i, c in enumerate(signed)}


def timeline(m: gg.Model) -> Any:
    """Each approached practice's days, read from the model (a DataFrame, in order of signing):
    ``approached_on`` (its attribute), ``signed_on`` and ``left_on`` (start and end of its
    ``member_of`` the collaborative), ``live_on`` and ``live_until`` (start and end of its
    sub-contract). None where it did not happen."""
    import pandas as pd

    nodes = m.nodes_frame(type="organisation").set_index("id")
    approached = [c for c in nodes.index if nodes.approached[c] is True]
    member = m.relations_frame(kind="member_of")
    member = member[member.target == "ncpcc"].set_index("source")
    contracts = m.nodes_frame(type="contract").set_index("id")

    def dated(frame: Any, key: str, col: str) -> Any:
        value = frame[col].get(key) if key in frame.index else None
        return None if value is None or pd.isna(value) else value

    rows = [{"code": c, "name": nodes.name[c], "list_size": nodes.list_size[c],
             "approached_on": nodes.approached_on[c],
             "signed_on": dated(member, c, "start"), "left_on": dated(member, c, "end"),
             "live_on": dated(contracts, f"sub-{c}", "start"),
             "live_until": dated(contracts, f"sub-{c}", "end")} for c in approached]
    out = pd.DataFrame(rows, dtype=object)
    order = out.signed_on.fillna("9999").astype(str) + out.code
    return out.loc[order.sort_values().index].reset_index(drop=True)


def withdrawing(m: gg.Model, assumptions: dict[str, Any] | None = None
                ) -> tuple[str, str] | None:
    """The practice that withdraws and the day, from ``assumptions["withdrawal"]`` ("last
    signed": the practice whose membership started last), or None for no withdrawal."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    if a["withdrawal"] is None:
        return None
    who, day = a["withdrawal"]
    if who == "last signed":
        t = timeline(m).dropna(subset=["signed_on"])
        who = t.code.iloc[-1]
    return who, day


def with_withdrawal(m: gg.Model, assumptions: dict[str, Any] | None = None
                    ) -> tuple[gg.Model, Any]:
    """A copy of ``m`` in which the assumed withdrawal happened (``m.withdraw``), and the Table
    of what ended (None with no withdrawal: the copy is unchanged). ``m`` is untouched."""
    w = m.copy()
    what = withdrawing(m, assumptions)
    if what is None:
        return w, None
    who, day = what
    return w, w.withdraw(who, from_="ncpcc", on=day)


def board_over_time(m: gg.Model, days: list[tuple[str, str]], practice: str) -> Any:
    """The collaborative on each ``(label, day)``: members (``member_of`` in force), practices
    live (sub-contracts in force), the Collaborative Board's voting and vacant seats, its quota,
    and ``practice``'s normalised Banzhaf power there (exact fraction beside it), each computed
    with ``m.representation("ncpcc-board", as_of=day)``; no board yet: seats 0, power None."""
    import pandas as pd

    rows = []
    for label, day in days:
        members = m.relations_frame(as_of=day, kind="member_of")
        contracts = m.nodes_frame(as_of=day, type="contract")
        row: dict[str, Any] = {
            "when": label, "day": day,
            "members": int((members.target == "ncpcc").sum()),
            "live": int(contracts.id.str.startswith("sub-").sum()),
            "voting_seats": 0, "vacant_seats": 0, "quota": None, "power": None, "exact": None}
        if "ncpcc-board" in set(m.nodes_frame(as_of=day, type="board").id):
            rep = m.representation("ncpcc-board", as_of=day)
            seats = rep.seats.to_frame()
            power = {r.member: r.banzhaf for r in rep}
            exact = dict(zip(rep.to_frame().member, rep.banzhaf_exact))
            row.update(voting_seats=int((~seats.vacant.astype(bool)).sum()),
                       vacant_seats=int(seats.vacant.astype(bool).sum()), quota=rep.quota,
                       power=power.get(practice), exact=exact.get(practice))
        rows.append(row)
    return pd.DataFrame(rows, dtype=object).rename(columns={
        "power": f"{practice} power", "exact": f"{practice} exact"})


def change_over_time(m: gg.Model, assumptions: dict[str, Any] | None = None) -> dict[str, Any]:
    """The timeline and the board's power on a few days, with the assumed withdrawal: the
    model with it (``model``), what ended (``ended``), who and when (``withdrawal``), the
    practice watched (the first to sign that stays), the days and the tables."""
    a = {**ASSUMPTIONS, **(assumptions or {})}
    w, ended = with_withdrawal(m, a)
    what = withdrawing(m, a)
    t = timeline(w)
    signed = t.dropna(subset=["signed_on"])
    stays = [c for c in signed.code if what is None or c != what[0]]
    live = _day(a["go_live"])
    days = [("the day before go-live", (live - timedelta(days=1)).isoformat()),
            ("go-live", a["go_live"])]
    if what is not None:
        day = _day(what[1])
        days += [(f"the day before {what[0]} withdraws", (day - timedelta(days=1)).isoformat()),
                 (f"{what[0]} withdraws", what[1])]
    return {"model": w, "ended": ended, "withdrawal": what, "practice": stays[0],
            "timeline": t, "days": days,
            "board": board_over_time(w, days, stays[0]) if stays else None}


def timeline_chart(t: Any, marks: list[tuple[str, str]] | None = None, width: int = 720) -> str:
    """An SVG timeline, one row per approached practice (``t``, from :func:`timeline`):
    approached (grey) until it signs, signed (light green) until its sub-contract starts, live
    (dark green) until it ends; a red tick where a practice left. ``marks``: (label, day)
    drawn as dashed vertical lines. Drawn by hand, like :func:`power_chart`."""
    from html import escape

    import pandas as pd

    def val(v: Any) -> date | None:
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else _day(str(v))

    rows = [{k: val(r[k]) for k in ("approached_on", "signed_on", "live_on", "live_until",
                                    "left_on")} | {"code": r["code"]}
            for _, r in t.iterrows()]
    known = [d for r in rows for k, d in r.items() if k != "code" and d is not None]
    known += [_day(d) for _, d in marks or []]
    lo = date(min(known).year, 1, 1)
    hi = date(max(known).year + 2, 1, 1)
    left, right, top, row = 80, 20, 58, 14
    height = top + row * len(rows) + 46
    pw = width - left - right

    def x(d: date) -> float:
        return left + pw * (d - lo).days / (hi - lo).days

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="14" font-weight="bold">The {len(rows)} '
           "practices approached: approached, signed, live</text>"]
    legend = [("approached", "#bdbdbd"), ("signed up", "#a6dba0"), ("live", "#1b7837")]
    for i, (label, colour) in enumerate(legend):
        out.append(f'<rect x="{left + 110 * i}" y="28" width="12" height="10" fill="{colour}"/>'
                   f'<text x="{left + 110 * i + 16}" y="37">{label}</text>')
    out.append(f'<line x1="{left + 340}" y1="33" x2="{left + 352}" y2="33" stroke="#d7191c" '
               f'stroke-width="3"/><text x="{left + 356}" y="37">left</text>')
    for i, r in enumerate(rows):
        y = top + row * i
        out.append(f'<text x="{left - 6}" y="{y + 10}" text-anchor="end">'
                   f'{escape(str(r["code"]))}</text>')
        end_signed = r["live_on"] or r["left_on"] or hi
        spans = [(r["approached_on"], r["signed_on"] or hi, "#bdbdbd", "approached"),
                 (r["signed_on"], end_signed, "#a6dba0", "signed up"),
                 (r["live_on"], r["live_until"] or hi, "#1b7837", "live")]
        for start, end, colour, what in spans:
            if start is None:
                continue
            out.append(f'<rect x="{x(start):.1f}" y="{y + 2}" width="{x(end) - x(start):.1f}" '
                       f'height="{row - 4}" fill="{colour}"><title>{escape(str(r["code"]))} '
                       f'{what} from {start}</title></rect>')
        if r["left_on"] is not None:
            out.append(f'<line x1="{x(r["left_on"]):.1f}" y1="{y}" x2="{x(r["left_on"]):.1f}" '
                       f'y2="{y + row}" stroke="#d7191c" stroke-width="3"><title>'
                       f'{escape(str(r["code"]))} left on {r["left_on"]}</title></line>')
    base = top + row * len(rows)
    for label, day in marks or []:
        xd = x(_day(day))
        out.append(f'<line x1="{xd:.1f}" y1="{top - 4}" x2="{xd:.1f}" y2="{base}" '
                   f'stroke="#444" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{xd + 3:.1f}" y="{base + 28}">{escape(label)}</text>')
    for year in range(lo.year, hi.year + 1):
        xy = x(date(year, 1, 1))
        out.append(f'<line x1="{xy:.1f}" y1="{base}" x2="{xy:.1f}" y2="{base + 4}" '
                   f'stroke="#444"/><text x="{xy:.1f}" y="{base + 15}" '
                   f'text-anchor="middle">{year}</text>')
    out.append(f'<line x1="{left}" y1="{base}" x2="{left + pw}" y2="{base}" stroke="#444"/>')
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


def today(data: Path = DATA, cqc: Any = None) -> Any:
    """Today's data on the practices of 2019 (CCG 01H): :func:`national.practices_today` of
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
    c = change_over_time(m)
    if c["withdrawal"]:
        print(f"\nWhat-if: {c['withdrawal'][0]} withdraws on {c['withdrawal'][1]}; ended:")
        print(c["ended"].to_frame().to_string(index=False))
    print("\nThe Collaborative Board over time:")
    print(c["board"].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
