#!/usr/bin/env bash
# example.sh — sets up and builds everything, then runs the flagship case study (the North
# Cumbria Alliance, seed 000) in Python, and the C++ quickstart.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "== examples/python/north_cumbria.py (seed 000's arrangement, three practices)"
.venv/bin/python examples/python/north_cumbria.py
echo
echo "== examples/python/north_cumbria_case.py (the 39 real practices of CCG 01H)"
.venv/bin/python examples/python/north_cumbria_case.py
echo
echo "== examples/notebooks/north_cumbria.ipynb, executed to build/notebooks/north_cumbria.ipynb"
.venv/bin/python - <<'PY'
from pathlib import Path

import nbclient
import nbformat

src = Path("examples/notebooks/north_cumbria.ipynb")
nb = nbformat.read(src, as_version=4)
nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                        resources={"metadata": {"path": str(src.parent)}}).execute()
out = Path("build/notebooks") / src.name
out.parent.mkdir(parents=True, exist_ok=True)
nbformat.write(nb, out)
print(f"executed, {sum(len(c.get('outputs', [])) for c in nb.cells)} outputs: {out}")
PY
echo
echo "== examples/cpp/quickstart.cpp"
build/cpp/examples/cpp/quickstart
echo
echo "== examples/cpp/north_cumbria_breach.cpp"
build/cpp/examples/cpp/north_cumbria_breach
