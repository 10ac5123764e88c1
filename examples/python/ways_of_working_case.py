"""Ways of working together compared (seed 004; issue 6's case study).

Seed 004 (Lancashire & Cumbria LMCs, "Practices Working Together") runs through the ways GP
practices work together: informal arrangements (holiday cover, shared staff), "a simple
Memorandum of Understanding", federations, independent practitioner associations (IPAs) with
"centralised back office functions", and a contractual merger, against which it advises: "It is
far better to have an overarching body that holds more than one contract." Seeds 000 and 001 add
the North Cumbria alliance: practices keep their contracts and sub-contract delivery to a
not-for-profit collaborative that employs the staff.

This module models the same four practices six ways and answers, for each, the same questions:

  accountability  who answers to the commissioner (accountability, liability_paths), and who
                  bears the loss when services to one practice's patients fail (breach);
  sovereignty     who holds the contract, employs the staff, owns and occupies the premises;
  representation  who sits on which board, with what voting power.

Sources: the NHS ODS ePCN file (December 2019) for the practices, the core partners of one
primary care network (Ribblesdale PCN, U11269, in NHS East Lancashire CCG, 01A); the NHS ODS
GP practice extract (epraccur, 2019) for their names and commissioner; NHS Digital "Patients
Registered at a GP Practice", January 2021, for their list sizes. Everything else (the
arrangements, partners, staff, premises, caps, the loss) is an assumption in ASSUMPTIONS, the
commissioner party of the GMS contracts included: the CCG, or NHS England with the CCG managing
the contracts under delegated commissioning (``commissioner_form``; ``commissioner_forms`` shows
both).

Change over time. Seed 004 advises: "Often, however, it is better to start with a looser
arrangement and as time passes formalise the arrangement as the parties become more comfortable
with each other." :func:`formalised` models that: the MoU model (the MoU made on ``mou_on``, 1
July 2019, the day primary care networks began: an assumption; a contract that ends needs its
start for govgraph to tell which partners were liable under it), then on ``formalise_on`` (an
assumption: the seed gives no day) the MoU ends (``m.end("mou", on=day)``) and, from that day,
each practice sub-contracts the cover to the same neighbour (``cover-<code>``, a sub-contract
whose obligation flows down from the practice's GMS essential services, capped at ``cover_cap``).
The MoU steering group carries on. :func:`formalisation` asks, as of the day before and the day
itself, who answers to whom (accountability rows, with the days they hold) and what a breach
leaves each party bearing.

Run:  python examples/python/ways_of_working_case.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import govgraph as gg

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "nhs"

ASSUMPTIONS: dict[str, Any] = {
    "network": "U11269",           # the practices: core partners of this PCN (Ribblesdale PCN)
    "patients_per_partner": 2_500,  # GP partners in a practice: list size / this, at least 1
    "breach_practice": "P81017",   # whose patients' essential services fail
    "breach_loss": 250_000,        # the commissioner's loss
    "subcontract_cap": 100_000,    # alliance: liability cap in each sub-contract (None: none)
    "back_office_cap": 50_000,     # IPA: liability cap in each back-office agreement
    "board_votes": "one_per_practice",  # or "list_size": one vote per 1,000 patients
    "board_quota": 0.5,            # every board: more than half of the votes
    # Who is the GMS contracts' commissioner party: "ccg" (the CCG, as the seeds speak of it)
    # or "nhse_delegated" (the GMS Regulations make NHS England the party; the CCG manages the
    # contracts under delegated commissioning, NHS Act 2006 s.13Z). The IPA's contract for
    # extended services is the CCG's own either way (an NHS Standard Contract, not GMS).
    "commissioner_form": "ccg",
    # Change over time (seed 004: "start with a looser arrangement and as time passes formalise
    # the arrangement"): the day the MoU ends and each practice's cover becomes a sub-contract
    "mou_on": "2019-07-01",        # the MoU made (the day PCNs began; the seed gives none)
    "formalise_on": "2021-04-01",
    "cover_cap": None,             # liability cap in each cover sub-contract (None: none)
}
COMMISSIONER_FORMS = ("ccg", "nhse_delegated")

ARRANGEMENTS: dict[str, str] = {
    "informal": "Informal cover",
    "mou": "Memorandum of understanding",
    "federation": "Federation holding the contracts",
    "ipa": "IPA with shared back office",
    "merger": "Contractual merger",
    "alliance": "Alliance sub-contract",
}

COMMISSIONER = "01A"
NHSE = "nhse"
COMMISSIONERS = (COMMISSIONER, NHSE)  # the CCG and, under delegation, NHS England
GMS = [("essential", "Essential services", "clinical"),
       ("additional", "Additional services", "clinical"),
       ("premises", "Premises", "premises"),
       ("reporting", "Reporting to the commissioner", "reporting")]


def practices(network: str | None = None, data: Path = DATA) -> Any:
    """The core partner practices of ``network`` with names, commissioner and list sizes (a
    DataFrame: code, name, commissioner, list_size, pcn_name)."""
    import pandas as pd

    network = network or ASSUMPTIONS["network"]
    pcns = gg.nhs.read_epcn(data / "ePCN-2019-12.xlsx")
    rel = pcns.relations_frame()
    codes = sorted(rel[(rel.kind == "member_of") & (rel.target == network)].source)
    if not codes:
        raise ValueError(f"network {network!r} has no core partners in the ePCN file")
    frame = gg.nhs.read_epraccur_frame(data / "epraccur-2019.csv").set_index("code")
    sizes = gg.nhs.read_list_size_table(data / "gp-reg-pat-prac-all-2021-01.csv")
    out = pd.DataFrame({"code": codes,
                        "name": [frame.name.get(c) for c in codes],
                        "commissioner": [frame.commissioner.get(c) for c in codes],
                        "list_size": [int(sizes[c]) if c in sizes.index else None
                                      for c in codes],
                        "pcn_name": pcns.get(network).get("name").title().replace("Pcn", "PCN")})
    return out


def _partners(size: int | None, a: dict[str, Any]) -> int:
    return max(1, round((size or 0) / a["patients_per_partner"]))


def _votes(size: int | None, a: dict[str, Any]) -> int:
    if a["board_votes"] == "one_per_practice":
        return 1
    if a["board_votes"] == "list_size":
        return max(1, round((size or 0) / 1000))
    raise ValueError(f"board_votes={a['board_votes']!r}: give 'one_per_practice' or 'list_size'")


def _party(a: dict[str, Any]) -> str:
    """The GMS contracts' commissioner party under ``a["commissioner_form"]``."""
    if a["commissioner_form"] not in COMMISSIONER_FORMS:
        raise ValueError(f"commissioner_form must be one of {COMMISSIONER_FORMS}, "
                         f"not {a['commissioner_form']!r}")
    return NHSE if a["commissioner_form"] == "nhse_delegated" else COMMISSIONER


def _gms(m: gg.Model, cid: str, holder: str, a: dict[str, Any]) -> None:
    m.add_contract(cid, kind="gms", parties={"commissioner": _party(a), "holder": holder},
                   obligations=[{"id": f"{cid}/{s}", "name": n, "category": c}
                                for s, n, c in GMS])


def _board(m: gg.Model, board: str, of: str, name: str, table: Any, a: dict[str, Any]) -> None:
    """A board of ``of`` with one representative seat per practice, held by its first partner."""
    m.add_board(board, of=of, name=name, quota=a["board_quota"])
    for code, size in zip(table.code, table.list_size):
        m.add_seat(f"{board}/{code}", board=board, votes=_votes(size, a), kind="representative",
                   appointed_by=code, represents=[code], held_by=f"{code}-gp1")


def _base(arrangement: str, table: Any, a: dict[str, Any], practices_exist: bool = True
          ) -> gg.Model:
    """Commissioner (and NHS England delegating to it, under ``nhse_delegated``), practices
    (partnerships), their GP partners, staff and premises."""
    m = gg.Model(name=f"{ARRANGEMENTS[arrangement]}: {table.pcn_name[0]}")
    m.sources = ["NHS ODS ePCN December 2019 (core partners of " + a["network"] + ")",
                 "NHS ODS epraccur 2019 (names, commissioner)",
                 "NHS Digital, Patients Registered at a GP Practice, January 2021",
                 "seed 004 (ways of working); seeds 000, 001 (alliance); assumptions: " + repr(a)]
    m.add_organisation(COMMISSIONER, name="NHS East Lancashire CCG", kind="commissioner",
                       legal_form="statutory_body")
    if _party(a) == NHSE:
        m.add_organisation(NHSE, name="NHS England", kind="commissioner",
                           legal_form="statutory_body")
        m.add_relation("delegates", NHSE, COMMISSIONER)
    if practices_exist:
        m.add_nodes_from({"id": table.code.tolist(), "name": table.name.tolist(),
                          "kind": ["practice"] * len(table),
                          "legal_form": ["partnership"] * len(table),
                          "list_size": table.list_size.tolist()}, type="organisation")
    people: dict[str, list[Any]] = {"id": [], "profession": [], "practice": []}
    for code, size in zip(table.code, table.list_size):
        for i in range(_partners(size, a)):
            people["id"].append(f"{code}-gp{i + 1}")
            people["profession"].append("gp")
            people["practice"].append(code)
        for role, profession in (("nurse", "nurse"), ("manager", "manager")):
            people["id"].append(f"{code}-{role}")
            people["profession"].append(profession)
            people["practice"].append(code)
    m.add_nodes_from(people, type="person", attrs=["practice"])
    premises = [f"premises-{c}" for c in table.code]
    m.add_nodes_from({"id": premises, "kind": ["premises"] * len(table),
                      "name": [f"Surgery of {n.title()}" for n in table.name]}, type="asset")
    return m


def _people(m: gg.Model, code: str, profession: str | None = None) -> list[str]:
    return [p for p in m.ids("person") if p.startswith(f"{code}-")
            and (profession is None or m.get(p).get("profession") == profession)]


def _rel(m: gg.Model, kind: str, pairs: list[tuple[str, str]], **cols: list[Any]) -> None:
    if pairs:
        m.add_relations_from({"kind": [kind] * len(pairs), "source": [s for s, _ in pairs],
                              "target": [t for _, t in pairs], **cols})


def _own_practices(m: gg.Model, table: Any, a: dict[str, Any]) -> None:
    """Each practice holds its GMS contract, its partners are partners in it, it employs its
    staff and owns and occupies its premises."""
    for code in table.code:
        _gms(m, f"gms-{code}", code, a)
        _rel(m, "partner_in", [(p, code) for p in _people(m, code, "gp")])
    _rel(m, "employs", [(code, p) for code in table.code for p in _people(m, code)
                        if m.get(p).get("profession") != "gp"])
    _rel(m, "owns", [(c, f"premises-{c}") for c in table.code], share=[1.0] * len(table))
    _rel(m, "occupies", [(c, f"premises-{c}") for c in table.code])


def _cover(table: Any) -> dict[str, str]:
    """Who covers whom: each practice is covered by the next one (a ring)."""
    codes = list(table.code)
    return {c: codes[(i + 1) % len(codes)] for i, c in enumerate(codes)}


def informal(table: Any, a: dict[str, Any]) -> gg.Model:
    """Each practice on its own contract; neighbours cover sessions informally: a ``performs``
    relation, with no contract behind it."""
    m = _base("informal", table, a)
    _own_practices(m, table, a)
    for code, by in _cover(table).items():
        m.add_relation("performs", by, f"gms-{code}/essential",
                       attrs={"basis": "informal cover"})
    return m


def mou(table: Any, a: dict[str, Any]) -> gg.Model:
    """As informal, with the cover written down in a (non-binding) MoU, and a steering group
    with a seat per practice."""
    m = _base("mou", table, a)
    _own_practices(m, table, a)
    m.add_contract("mou", kind="mou", name="Memorandum of understanding", start=a["mou_on"],
                   parties={"party": table.code.tolist()},
                   obligations=[{"id": f"mou/cover-{code}", "name": f"Cover for {code}",
                                 "category": "clinical", "obligor": by, "obligee": code}
                                for code, by in _cover(table).items()])
    m.add_organisation("mou-group", name="MoU steering group", kind="other",
                       legal_form="unincorporated")
    _rel(m, "member_of", [(c, "mou-group") for c in table.code])
    _board(m, "mou-group-board", "mou-group", "Steering group", table, a)
    return m


def federation(table: Any, a: dict[str, Any]) -> gg.Model:
    """An overarching body, a company owned by the practices, holds each practice's contract
    (four contracts, not one), employs all staff, GPs included, and leases the premises."""
    m = _base("federation", table, a)
    m.add_organisation("fed", name="GP federation (company owned by the practices)",
                       kind="federation", legal_form="limited_company")
    n = len(table)
    _rel(m, "owns", [(c, "fed") for c in table.code], share=[round(1 / n, 6)] * n)
    for code in table.code:
        _gms(m, f"gms-{code}", "fed", a)
        _rel(m, "partner_in", [(p, code) for p in _people(m, code, "gp")])
        m.add_contract(f"lease-{code}", kind="lease", parties={"landlord": code, "tenant": "fed"},
                       obligations=[{"id": f"lease-{code}/rent", "category": "premises"}])
    _rel(m, "employs", [("fed", p) for code in table.code for p in _people(m, code)])
    _rel(m, "owns", [(c, f"premises-{c}") for c in table.code], share=[1.0] * n)
    _rel(m, "occupies", [("fed", f"premises-{c}") for c in table.code])
    _board(m, "fed-board", "fed", "Federation board", table, a)
    return m


def ipa(table: Any, a: dict[str, Any]) -> gg.Model:
    """Practices keep everything; an IPA they own provides back office under a service
    agreement with each (capped), and holds a contract of its own for new NHS business."""
    m = _base("ipa", table, a)
    _own_practices(m, table, a)
    m.add_organisation("ipa", name="Independent practitioner association", kind="company",
                       legal_form="limited_company")
    n = len(table)
    _rel(m, "owns", [(c, "ipa") for c in table.code], share=[round(1 / n, 6)] * n)
    m.add_person("ipa-staff", name="IPA back-office team", profession="manager")
    m.add_relation("employs", "ipa", "ipa-staff")
    for code in table.code:
        m.add_contract(f"backoffice-{code}", kind="service_agreement",
                       liability_cap=a["back_office_cap"],
                       parties={"party": ["ipa", code]},
                       obligations=[{"id": f"backoffice-{code}/support",
                                     "name": "Payroll, HR, finance and returns",
                                     "category": "reporting", "obligor": "ipa",
                                     "obligee": code}])
    m.add_contract("ipa-services", kind="nhs_standard", name="Extended primary care services",
                   parties={"commissioner": COMMISSIONER, "holder": "ipa"},
                   obligations=[{"id": "ipa-services/clinics", "category": "clinical"}])
    _board(m, "ipa-board", "ipa", "IPA board", table, a)
    return m


def merger(table: Any, a: dict[str, Any]) -> gg.Model:
    """One partnership, one contract: every GP a partner of the merged practice, which
    employs the staff and owns and occupies every surgery; a partners' meeting, one vote each."""
    m = _base("merger", table, a, practices_exist=False)
    m.add_organisation("merged", name="Merged practice (one partnership)", kind="practice",
                       legal_form="partnership", list_size=int(table.list_size.sum()))
    _gms(m, "gms-merged", "merged", a)
    gps = [p for c in table.code for p in _people(m, c, "gp")]
    _rel(m, "partner_in", [(p, "merged") for p in gps])
    _rel(m, "employs", [("merged", p) for c in table.code for p in _people(m, c)
                        if p not in gps])
    _rel(m, "owns", [("merged", f"premises-{c}") for c in table.code],
         share=[1.0] * len(table))
    _rel(m, "occupies", [("merged", f"premises-{c}") for c in table.code])
    m.add_board("partners-meeting", of="merged", name="Partners' meeting",
                quota=a["board_quota"])
    for p in gps:
        m.add_seat(f"partners-meeting/{p}", board="partners-meeting", kind="ex_officio",
                   held_by=p, attrs={"former_practice": p.rsplit("-gp", 1)[0]})
    return m


def alliance(table: Any, a: dict[str, Any]) -> gg.Model:
    """North Cumbria: practices keep their contracts and sub-contract all of it to a
    not-for-profit collaborative (capped), which employs all staff, GPs included, and leases
    the premises; a board with a seat per practice."""
    m = _base("alliance", table, a)
    m.add_organisation("collab", name="Primary care collaborative", kind="company",
                       legal_form="company_limited_by_guarantee", not_for_profit=True)
    partners = [(p, c) for c in table.code for p in _people(m, c, "gp")]
    for code in table.code:
        _gms(m, f"gms-{code}", code, a)
        m.add_contract(f"sub-{code}", kind="subcontract", head=f"gms-{code}",
                       liability_cap=a["subcontract_cap"],
                       parties={"contractor": code, "subcontractor": "collab"},
                       obligations=[{"id": f"sub-{code}/{s}", "name": nm, "category": cat,
                                     "flows_from": f"gms-{code}/{s}"} for s, nm, cat in GMS])
        m.add_contract(f"lease-{code}", kind="lease",
                       parties={"landlord": code, "tenant": "collab"},
                       obligations=[{"id": f"lease-{code}/rent", "category": "premises"}])
    _rel(m, "partner_in", partners)
    _rel(m, "member_of", [(c, "collab") for c in table.code])
    _rel(m, "employs", [("collab", p) for c in table.code for p in _people(m, c)])
    _rel(m, "owns", [(c, f"premises-{c}") for c in table.code], share=[1.0] * len(table))
    _rel(m, "occupies", [("collab", f"premises-{c}") for c in table.code])
    _board(m, "collab-board", "collab", "Collaborative board", table, a)
    return m


def formalised(table: Any, a: dict[str, Any]) -> gg.Model:
    """The MoU formalised on ``a["formalise_on"]`` (seed 004: "start with a looser arrangement
    and as time passes formalise the arrangement"): the MoU model, its MoU ending that day
    (``m.end("mou", on=day)``) and, from that day, each practice's cover sub-contracted to the
    same neighbour: ``cover-<code>``, head ``gms-<code>``, its obligation flowing down from the
    essential services, capped at ``a["cover_cap"]``. The steering group carries on."""
    m = mou(table, a)
    m.name = f"MoU formalised into sub-contracts on {a['formalise_on']}: {table.pcn_name[0]}"
    day = a["formalise_on"]
    m.end("mou", on=day)
    for code, by in _cover(table).items():
        m.add_contract(f"cover-{code}", kind="subcontract", head=f"gms-{code}", start=day,
                       name=f"Cover for {code} (formalised)", liability_cap=a["cover_cap"],
                       parties={"contractor": code, "subcontractor": by},
                       obligations=[{"id": f"cover-{code}/essential",
                                     "name": f"Cover of essential services for {code}",
                                     "category": "clinical",
                                     "flows_from": f"gms-{code}/essential"}])
    return m


BUILDERS: dict[str, Callable[[Any, dict[str, Any]], gg.Model]] = {
    "informal": informal, "mou": mou, "federation": federation, "ipa": ipa, "merger": merger,
    "alliance": alliance, "formalised": formalised}  # formalised: the MoU, then a sub-contract


def build(arrangement: str, assumptions: dict[str, Any] | None = None, data: Path = DATA,
          table: Any = None) -> gg.Model:
    """The practices working together under ``arrangement`` (a key of ARRANGEMENTS)."""
    if arrangement not in BUILDERS:
        raise ValueError(f"arrangement {arrangement!r}: give one of {list(BUILDERS)}")
    a = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(a["network"], data) if table is None else table
    _party(a)  # an unknown commissioner_form is refused before anything is built
    if a["breach_practice"] not in set(table.code):
        raise ValueError(f"breach_practice {a['breach_practice']!r} is not one of "
                         f"{list(table.code)}")
    return BUILDERS[arrangement](table, a)


def breach(arrangement: str, m: gg.Model, table: Any, a: dict[str, Any]) -> dict[str, Any]:
    """The breach scenario: essential services to ``breach_practice``'s patients fail, through
    whoever delivers them under the arrangement, with ``breach_loss`` to the commissioner.

    govgraph's ``breach`` follows one chain of flowed-down obligations. Two steps it cannot take
    in one call are done here in two: a practice covering informally (``performs`` without a
    contract) is refused as the party in breach ("neither owes nor performs"), so the
    commissioner's claim is run against the holder and the holder's recourse, if any, separately;
    and an MoU or service agreement cannot ``flows_from`` a GMS obligation (only a sub-contract
    has a head), so the recourse under it is a second breach for what the holder was left
    bearing.
    """
    code, loss = a["breach_practice"], a["breach_loss"]
    cover = _cover(table)[code]
    steps: list[tuple[str, str]]
    if arrangement in ("informal", "ipa"):
        steps = [(f"gms-{code}/essential", code)]
        delivered = code if arrangement == "ipa" else f"{cover} (informal cover)"
    elif arrangement == "mou":
        steps = [(f"gms-{code}/essential", code), (f"mou/cover-{code}", cover)]
        delivered = f"{cover} (cover under the MoU)"
    elif arrangement == "federation":
        steps = [(f"gms-{code}/essential", "fed")]
        delivered = "fed"
    elif arrangement == "merger":
        steps = [("gms-merged/essential", "merged")]
        delivered = "merged"
    else:
        steps = [(f"sub-{code}/essential", "collab")]
        delivered = "collab (under the sub-contract)"
    return {"delivered by": delivered, **chain(m, steps, loss)}


def chain(m: gg.Model, steps: list[tuple[str, str]], loss: float, on: str | None = None
          ) -> dict[str, Any]:
    """A breach in steps: ``steps[0]`` (obligation, party in breach) is the commissioner's claim;
    each later step is the recourse of ``steps[0]``'s party under another agreement, for what it
    was left bearing. ``on``: the day of the breach (the model as in force that day; default:
    as it stands). Returns the reports, all claims, whom the commissioner claims against,
    what each party bears in the end, the most each could be made to pay, who is shielded and
    the notes."""
    # Each step leaves the firm's share on the firm (to_owners=False) so that the next step can
    # claim it back; the notes of the reports say how a partnership's share falls on its partners.
    reports = [m.breach(steps[0][0], by=steps[0][1], loss=loss, to_owners=False, on=on,
                        as_of=on)]
    borne = dict(reports[0].borne)
    holder = steps[0][1]
    for obligation, by in steps[1:]:
        r = m.breach(obligation, by=by, loss=borne[holder], to_owners=False, on=on, as_of=on)
        reports.append(r)
        borne[holder] = 0.0
        for k, v in r.borne.items():
            borne[k] = borne.get(k, 0.0) + v
    exposure: dict[str, float] = {}
    for r in reports:
        for k, v in r.exposure.items():
            exposure[k] = max(exposure.get(k, 0.0), v)
    return {
        "reports": reports,
        "claims": [c for r in reports for c in r.claims],
        "commissioner claims against": sorted(
            {c.respondent for c in reports[0].claims if c.claimant in COMMISSIONERS}),
        "borne": {k: v for k, v in borne.items() if v},
        "exposure": exposure,
        "shielded": sorted({s for r in reports for s in r.shielded}),
        "notes": [n for r in reports for n in r.notes],
    }


def formalisation(assumptions: dict[str, Any] | None = None, data: Path = DATA,
                  table: Any = None) -> dict[str, Any]:
    """The MoU formalised (:func:`formalised`), asked as of the day before ``formalise_on`` and
    the day itself: ``rows``, the accountability rows of the breach practice's cover and of its
    essential services (party, to, obligation, contract, basis, enforceable, start, end: every
    organisation's row in force on either day); ``paths``, the liability paths of its essential
    services on each day; ``breach``, what essential services failing through the covering
    practice leaves each party bearing on each day (before: the commissioner's claim against
    the holder, then the holder's claim under the MoU; after: one claim up the sub-contract
    chain), as :func:`chain` gives it."""
    import pandas as pd

    a = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(a["network"], data) if table is None else table
    m = build("formalised", a, data, table)
    code, loss = a["breach_practice"], a["breach_loss"]
    cover = _cover(table)[code]
    after = a["formalise_on"]
    before = (date.fromisoformat(after) - timedelta(days=1)).isoformat()
    days = {"before": before, "after": after}
    wanted = {f"gms-{code}/essential", f"mou/cover-{code}", f"cover-{code}/essential"}
    people = set(m.ids("person"))
    frames = []
    for day in days.values():
        acc = m.accountability(as_of=day).to_frame()
        acc = acc[acc.obligation.isin(wanted) & ~acc.party.isin(people)]
        frames.append(acc.assign(as_of=day))
    cols = ["as_of", "party", "to", "obligation", "contract", "basis", "enforceable", "start",
            "end"]
    rows = pd.concat(frames, ignore_index=True)[cols]
    steps = {"before": [(f"gms-{code}/essential", code), (f"mou/cover-{code}", cover)],
             "after": [(f"cover-{code}/essential", cover)]}
    return {"model": m, "practice": code, "cover": cover, "days": days, "rows": rows,
            "paths": {w: m.liability_paths(f"gms-{code}/essential", as_of=d)
                      for w, d in days.items()},
            "breach": {w: chain(m, steps[w], loss, on=d) for w, d in days.items()}}


def back_office_breach(m: gg.Model, a: dict[str, Any]) -> dict[str, Any]:
    """Under the IPA: the practice's reporting to the commissioner fails because the IPA's back
    office fails; the practice answers to the commissioner and turns to the IPA under its
    (capped) service agreement."""
    code = a["breach_practice"]
    return chain(m, [(f"gms-{code}/reporting", code), (f"backoffice-{code}/support", "ipa")],
                 a["breach_loss"])


def practice_power(arrangement: str, m: gg.Model, table: Any) -> dict[str, float]:
    """Each practice's normalised Banzhaf power on the arrangement's board (0 without one). In
    a merger the practices are gone: each former practice's partners as a bloc on the partners'
    meeting (computed with gg.banzhaf, since seats cannot be grouped by a free attribute)."""
    boards = m.ids("board")
    if not boards:
        return {c: 0.0 for c in table.code}
    if arrangement == "merger":
        seats = [m.get(s) for s in m.ids("seat")]
        votes = {c: sum(s.get("votes", 1) for s in seats
                        if s.get("attributes", {}).get("former_practice") == c)
                 for c in table.code}
        rep = m.representation("partners-meeting", by="seat", shapley_shubik=False)
        power = gg.banzhaf([votes[c] for c in table.code], int(rep.quota))
        return dict(zip(table.code, power))
    rep = m.representation(boards[0], shapley_shubik=False)
    return {c: next((r.banzhaf for r in rep if r.member == c), 0.0) for c in table.code}


def _names(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "nobody"


def findings(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> dict[str, Any]:
    """Each arrangement's model and answers, one side-by-side frame (a row per arrangement)
    and a frame of each practice's power under each."""
    import pandas as pd

    a = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(a["network"], data)
    code = a["breach_practice"]
    rows, power_rows, out = [], [], {"practices": table, "models": {}, "breach": {}}
    for key, label in ARRANGEMENTS.items():
        m = build(key, a, data, table)
        out["models"][key] = m
        acc = m.accountability().to_frame()
        to_c = acc[acc.to.isin(COMMISSIONERS) & acc.enforceable]
        people = set(m.ids("person"))
        orgs = sorted(p for p in set(to_c.party) if p not in people)
        persons = sorted(p for p in set(to_c.party) if p in people)
        rel = m.relations_frame(implied=True)
        held = "gms-merged" if key == "merger" else f"gms-{code}"
        holder = rel[(rel.kind == "party") & (rel.target == held)
                     & (rel.role == "holder")].source.tolist()
        flowed = rel[(rel.kind == "flows_from")
                     & rel.target.str.startswith(f"{held}/")].source.tolist()
        staff = [p for p in m.ids("person") if p.startswith(f"{code}-")]
        employers = sorted(set(rel[(rel.kind == "employs") & rel.target.isin(staff)].source))
        gp_employers = sorted(set(rel[(rel.kind == "employs") & rel.target.isin(
            [p for p in staff if "-gp" in p])].source))
        asset = f"premises-{code}"
        owner = sorted(set(rel[(rel.kind == "owns") & (rel.target == asset)].source))
        occupier = sorted(set(rel[(rel.kind == "occupies") & (rel.target == asset)].source))
        b = breach(key, m, table, a)
        out["breach"][key] = b
        power = practice_power(key, m, table)
        seat_on = rel[rel.kind == "seat_on"].target
        boards = [f"{bd} ({int((seat_on == bd).sum())} seats)" for bd in m.ids("board")]
        paths = m.liability_paths(f"{held}/essential")
        conflicts = m.conflicts_of_interest()
        side = [code, "merged"]
        rows.append({
            "arrangement": label,
            "contracts with the commissioner": len(set(to_c.contract)),
            f"holds {code}'s contract": _names(holder),
            "organisations answering to the commissioner": _names(orgs),
            "people answering to the commissioner": len(persons),
            f"liability path of {code}'s essential services": str(paths[0]),
            f"obligations flowed down from {code}'s contract": len(flowed),
            "services delivered by": b["delivered by"],
            "commissioner claims against": ", ".join(
                x for x in b["commissioner claims against"] if x not in people)
            + f" + {sum(x in people for x in b['commissioner claims against'])} partners",
            "who bears the loss": "; ".join(f"{k} {v:,.0f}" for k, v in b["borne"].items()),
            f"borne by {code} (or the merged partnership)": sum(
                v for k, v in b["borne"].items() if k in side),
            "partners exposed (each for the whole)": sum(
                k in people and v > 0 for k, v in b["exposure"].items()),
            "shielded": _names(b["shielded"]),
            f"employs {code}'s staff": _names(employers),
            f"employs {code}'s GPs": _names(gp_employers) if gp_employers
            else "nobody (partners)",
            f"owns {code}'s premises": _names(owner),
            f"occupies {code}'s premises": _names(occupier),
            "boards": "; ".join(boards) or "none",
            f"{code}'s voting power": power[code],
            "smallest practice's voting power": power[table.code[table.list_size.idxmin()]],
            "conflicts of interest": len(conflicts),
        })
        sizes = dict(zip(table.code, table.list_size))
        total = sum(sizes.values())
        for c in table.code:
            power_rows.append({"arrangement": label, "practice": c, "list_size": sizes[c],
                               "patient_share": sizes[c] / total, "banzhaf": power[c]})
    out["back_office"] = back_office_breach(out["models"]["ipa"], a)
    out["table"] = pd.DataFrame(rows)
    out["power"] = pd.DataFrame(power_rows)
    return out


def commissioner_forms(assumptions: dict[str, Any] | None = None, data: Path = DATA) -> Any:
    """The breach of every arrangement (essential services to ``breach_practice``'s patients
    fail) under each commissioner form: who claims under the GMS contract, against whom, who
    manages that contract, and who bears the loss (a DataFrame, a row per arrangement and
    form)."""
    import pandas as pd

    base = {**ASSUMPTIONS, **(assumptions or {})}
    table = practices(base["network"], data)
    rows = []
    for key, label in ARRANGEMENTS.items():
        for form in COMMISSIONER_FORMS:
            a = {**base, "commissioner_form": form}
            m = build(key, a, data, table)
            b = breach(key, m, table, a)
            held = "gms-merged" if key == "merger" else f"gms-{a['breach_practice']}"
            [top] = [c for c in b["reports"][0].claims
                     if c.claimant in COMMISSIONERS and c.basis == "contract"]
            [row] = [r for r in m.accountability(top.respondent, claim="contract")
                     if r.obligation == f"{held}/essential" and r.basis == "contract"]
            rows.append({"arrangement": label, "commissioner_form": form,
                         "claimant": top.claimant, "respondent": top.respondent,
                         "managed_by": row.managed_by,
                         "who bears the loss": "; ".join(f"{k} {v:,.0f}"
                                                         for k, v in b["borne"].items())})
    return pd.DataFrame(rows, dtype=object)   # object: managed_by stays None, not NaN


def main() -> int:
    if not DATA.exists():
        print(f"the NHS data is not at {DATA}", file=sys.stderr)
        return 1
    f = findings()
    t = f["practices"]
    print(f"{t.pcn_name[0]}: " + ", ".join(
        f"{c} {n.title()} ({s:,})" for c, n, s in zip(t.code, t.name, t.list_size)))
    print(f["table"].set_index("arrangement").T.to_string())
    fz = formalisation(table=t)
    a, c = fz["practice"], fz["cover"]
    for when, day in fz["days"].items():
        b = fz["breach"][when]
        print(f"\nMoU formalised on {fz['days']['after']}; as of {day}: "
              + "; ".join(str(p) for p in fz["paths"][when]) + "; left bearing: "
              + "; ".join(f"{k} {v:,.0f}" for k, v in b["borne"].items()))
    print(fz["rows"].to_string(index=False))
    print(f"({c} covers {a})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
