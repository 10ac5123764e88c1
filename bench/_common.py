"""Helpers shared by the benchmarks (run as scripts from the repository root)."""

from __future__ import annotations

import platform


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or what platform knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_subprocess(cmd: list[str], lib: str) -> tuple[dict, float]:
    """Run a benchmark worker subprocess; its last stdout line is JSON. Returns that and the
    wall time; exits with the worker's stderr if it fails."""
    import json
    import subprocess
    import sys
    import time

    t0 = time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{lib} worker failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), time.perf_counter() - t0
