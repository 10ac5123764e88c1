"""BODS reading: gg.bods.read (and gg.bods.validate) against the obvious Python route (json.loads
and a jsonschema check of each statement), on a synthetic JSON Lines file made by repeating the
real register statements of ../shared/data/bods/register with fresh ids; peak RSS of read in a
fresh process for each size.

    .venv/bin/python bench/bench_bods.py --mb 20 200

``--synthetic-gb 0.25 1`` instead generates BODS 0.4 JSON Lines of its own (companies with
identifiers, people, relationships with exact shares, ranges and indirect interests, in the
shape of the register statements) in two series: *distinct*, every statement a new record (the
model grows with the file), and *updates*, a fixed population of records (about 50 MB of
``new`` statements) restated by ``updated`` statements until the file has the size (the model
stays the same). For each it reports wall time, peak RSS, the RSS still held after the read
(the model: garbage collected and ``malloc_trim``-ed), and the model's relation count.

    nice .venv/bin/python bench/bench_bods.py --synthetic-gb 0.25 1
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _common import cpu_model

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "bods"


def make(path: Path, mb: float) -> int:
    """Write about ``mb`` MB of statements, copy k of every register file with ids suffixed
    ``~k``; return the statement count."""
    base = [json.loads(line) for p in sorted((DATA / "register").glob("*.jsonl"))
            for line in p.read_text().splitlines() if line.strip()]
    n, size, k = 0, 0, 0
    with open(path, "w") as f:
        while size < mb * 1e6:
            for s in base:
                t = dict(s)
                t["statementId"] = f"{s['statementId'][:-8]}{k:08d}"
                t["recordId"] = f"{s['recordId']}~{k}"
                t["declarationSubject"] = f"{s['declarationSubject']}~{k}"
                rd = s["recordDetails"]
                if s["recordType"] == "relationship":
                    rd = dict(rd)
                    for key in ("subject", "interestedParty"):
                        if isinstance(rd.get(key), str):
                            rd[key] = f"{rd[key]}~{k}"
                t["recordDetails"] = rd
                line = json.dumps(t) + "\n"
                f.write(line)
                size += len(line)
                n += 1
            k += 1
    return n


_PUB = {"publicationDate": "2025-03-01", "bodsVersion": "0.4",
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "publisher": {"name": "govgraph bench", "url": "https://example.org/govgraph"}}
_SRC = {"type": ["officialRegister"], "url": "https://download.companieshouse.gov.uk/"}


def _synthetic(i: int, status: str, day: str) -> list[dict]:
    """The statements of synthetic group i: a company, its parent, a person, the parent's
    holding (a 75-100% range, shares and votes), the person's holding of the parent (exact) and
    an indirect record of the person's holding of the company whose components are all there
    (so read skips it), every statement in the shape of the register's."""
    co, parent, person = f"GB-COH-S{i:08d}", f"GB-COH-P{i:08d}", f"GB-PSC-{i:08d}"

    def st(rid: str, kind: str, rd: dict) -> dict:
        return {"statementId": f"{i:08x}-{abs(hash((rid, status, day))) % (1 << 48):012x}"
                               f"-4000-8000-{len(rid):012d}",
                "recordId": rid, "declarationSubject": co, "recordType": kind,
                "recordStatus": status, "statementDate": day, "recordDetails": rd,
                "publicationDetails": _PUB, "source": _SRC}

    def entity(rid: str, name: str) -> dict:
        num = rid.rsplit("-", 1)[1]
        return st(rid, "entity", {
            "isComponent": False, "entityType": {"type": "registeredEntity",
                                                 "details": "Private Limited Company"},
            "name": name, "incorporatedInJurisdiction": {"name": "United Kingdom", "code": "GB"},
            "foundingDate": "2001-02-03",
            "identifiers": [{"id": num, "scheme": "GB-COH", "schemeName": "Companies House"}],
            "addresses": [{"type": "registered", "address": f"{i} HIGH STREET, LONDON",
                           "postCode": "EC1A 1AA", "country": {"name": "United Kingdom",
                                                               "code": "GB"}}]})

    band = "Relationship Type: ['ownership-of-shares-75-to-100-percent', " \
        "'voting-rights-75-to-100-percent']"

    def interest(typ: str, share: dict, doi: str = "direct") -> dict:
        return {"type": typ, "directOrIndirect": doi, "beneficialOwnershipOrControl": False,
                "details": band, "startDate": "2016-04-06", "share": share}

    rng = {"minimum": 75.0, "maximum": 100.0}
    return [
        entity(co, f"SYNTHETIC COMPANY {i} LIMITED"),
        entity(parent, f"SYNTHETIC HOLDINGS {i} LIMITED"),
        st(person, "person", {"isComponent": False, "personType": "knownPerson",
                              "names": [{"type": "individual", "fullName": f"Person {i}"}],
                              "nationalities": [{"name": "United Kingdom", "code": "GB"}],
                              "birthDate": "1970-01"}),
        st(f"{co}-REL-{parent}", "relationship", {
            "isComponent": True, "subject": co, "interestedParty": parent,
            "interests": [interest("shareholding", rng), interest("votingRights", rng)]}),
        st(f"{parent}-REL-{person}", "relationship", {
            "isComponent": True, "subject": parent, "interestedParty": person,
            "interests": [interest("shareholding", {"exact": 60.0})]}),
        st(f"{co}-IND-{person}", "relationship", {
            "isComponent": False, "subject": co, "interestedParty": person,
            "interests": [interest("shareholding", {"minimum": 45.0, "maximum": 60.0},
                                   "indirect")],
            "componentRecords": [parent, f"{co}-REL-{parent}", f"{parent}-REL-{person}"]}),
    ]


def make_synthetic(path: Path, gb: float, updates: bool) -> int:
    """Write about ``gb`` GB of synthetic statements; with ``updates``, groups of about 50 MB
    of records, then ``updated`` restatements of them in turn. Returns the statement count."""
    limit, population = gb * 1e9, None
    n, size, i, rnd = 0, 0, 0, 0
    with open(path, "w") as f:
        while size < limit:
            if updates and population is not None and i >= population:
                i, rnd = 0, rnd + 1
            status = "new" if rnd == 0 else "updated"
            day = f"{2020 + rnd // 300:04d}-{1 + rnd // 28 % 12:02d}-{1 + rnd % 28:02d}"
            for s in _synthetic(i, status, day):
                line = json.dumps(s) + "\n"
                f.write(line)
                size += len(line)
                n += 1
            i += 1
            if updates and population is None and size >= 50e6:
                population = i
    return n


def _rss_now_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def worker(mode: str, path: str) -> None:
    import govgraph as gg

    t0 = time.perf_counter()
    if mode == "read":
        import ctypes
        import gc
        import logging
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)
        base = _rss_now_mb()
        m = gg.bods.read(path)
        seconds = time.perf_counter() - t0
        gc.collect()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        out = {"relations": m.relation_count(implied=False), "nodes": len(m),
               "base_rss_mb": base, "held_rss_mb": _rss_now_mb(),
               "report": m.bods_report.counts, "read_seconds": seconds}
    elif mode == "validate":
        out = {"errors": len(gg.bods.validate(path))}
    else:  # the obvious route: json.loads + jsonschema per statement
        v = gg.bods._validator(None)
        errors = 0
        with open(path) as f:
            for line in f:
                errors += sum(1 for _ in v.iter_errors(json.loads(line)))
        out = {"errors": errors}
    out["seconds"] = time.perf_counter() - t0
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def run(mode: str, path: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", mode, str(path)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, nargs="+", default=[20])
    ap.add_argument("--synthetic-gb", type=float, nargs="+",
                    help="generated BODS of these sizes (GB), distinct records and updates")
    ap.add_argument("--dir", default="/tmp")
    ap.add_argument("--worker", nargs=2)
    a = ap.parse_args()
    if a.worker:
        worker(*a.worker)
        return
    print(f"CPU: {cpu_model()}")
    if a.synthetic_gb:
        print("series | file | statements | relations | read | peak RSS | held after read "
              "(model) | peak - held | per relation: peak, held")
        for updates in (False, True):
            for gb in a.synthetic_gb:
                path = Path(a.dir) / f"bods-synthetic-{gb:g}gb.jsonl"
                n = make_synthetic(path, gb, updates)
                mb = path.stat().st_size / 1e6
                r = run("read", path)
                peak, held, rel = r["peak_rss_mb"], r["held_rss_mb"], r["relations"]
                print(f"{'updates' if updates else 'distinct'} | {mb:,.0f} MB | {n:,} | {rel:,} | "
                      f"{r['seconds']:.1f} s ({n / r['seconds']:,.0f}/s) | {peak:,.0f} MB | "
                      f"{held:,.0f} MB | {peak - held:,.0f} MB | "
                      f"{(peak - r['base_rss_mb']) * 2**20 / rel:,.0f} B, "
                      f"{(held - r['base_rss_mb']) * 2**20 / rel:,.0f} B | {r['report']}",
                      flush=True)
                path.unlink()
        return
    for mb in a.mb:
        path = Path(a.dir) / f"bods-synthetic-{mb:g}mb.jsonl"
        n = make(path, mb)
        r = run("read", path)
        line = (f"{mb:g} MB, {n} statements: read {r['seconds']:.1f} s "
                f"({n / r['seconds']:,.0f}/s), peak RSS {r['peak_rss_mb']:.0f} MB")
        if mb <= 50:
            v = run("validate", path)
            o = run("obvious", path)
            line += (f"; validate {v['seconds']:.1f} s; json + jsonschema per statement "
                     f"{o['seconds']:.1f} s (read is {o['seconds'] / r['seconds']:.1f}x faster,"
                     f" validate {o['seconds'] / v['seconds']:.2f}x)")
        print(line, flush=True)
        path.unlink()


if __name__ == "__main__":
    main()
