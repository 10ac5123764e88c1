#!/usr/bin/env bash
# test.sh — sets up and builds everything, then runs every test: lint, the Catch2 tests through
# ctest (with the find_package / add_subdirectory consumer builds), then pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "== ruff"
.venv/bin/ruff check python tests bench examples
echo "== ctest"
(cd build/cpp && ctest --output-on-failure -j"${JOBS:-2}")
echo "== pytest"
.venv/bin/python -m pytest -q
