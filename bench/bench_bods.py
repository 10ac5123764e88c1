"""BODS reading: gg.bods.read (and gg.bods.validate) against the obvious Python route (json.loads
and a jsonschema check of each statement), on a synthetic JSON Lines file made by repeating the
real register statements of ../shared/data/bods/register with fresh ids; peak RSS of read in a
fresh process for each size.

    .venv/bin/python bench/bench_bods.py --mb 20 200
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


def worker(mode: str, path: str) -> None:
    import govgraph as gg

    t0 = time.perf_counter()
    if mode == "read":
        m = gg.bods.read(path)
        out = {"relations": m.relation_count(implied=False)}
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
    ap.add_argument("--dir", default="/tmp")
    ap.add_argument("--worker", nargs=2)
    a = ap.parse_args()
    if a.worker:
        worker(*a.worker)
        return
    print(f"CPU: {cpu_model()}")
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
