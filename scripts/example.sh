#!/usr/bin/env bash
# example.sh — sets up and builds everything, then runs the flagship case study (the North
# Cumbria Alliance, seed 000) in Python, and the C++ quickstart.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "== examples/python/north_cumbria.py"
.venv/bin/python examples/python/north_cumbria.py
echo
echo "== examples/cpp/quickstart.cpp"
build/cpp/examples/cpp/quickstart
echo
echo "== examples/cpp/north_cumbria_breach.cpp"
build/cpp/examples/cpp/north_cumbria_breach
