#!/usr/bin/env bash
# test.sh — sets up and builds everything, then runs every test: lint (ruff, clang-format, mypy),
# the Catch2 tests through
# ctest (with the find_package / add_subdirectory consumer builds), pytest, then the C++ core
# under clang's sanitizers (scripts/sanitize.sh: the Catch2 suite under ASan + UBSan, and each
# libFuzzer target for a bounded number of runs, the [threads] test under ThreadSanitizer; about
# 10 minutes on 2 cores, most of it the two instrumented builds).
# Switches (environment):
#   GOVGRAPH_SANITIZE=0      skip the sanitizer step
#   GOVGRAPH_TSAN=0          skip its ThreadSanitizer part
#   GOVGRAPH_CHECK_FORMAT=0  skip scripts/format.sh --check (clang-format, .clang-format)
#   GOVGRAPH_MYPY=0          skip mypy over python/govgraph ([tool.mypy] in pyproject.toml)
#   FUZZ_RUNS_JSON=500000, FUZZ_RUNS_BATCH=30000   runs of each fuzz target (about 3 minutes
#                            side by side), FUZZ_MAX_TIME=300 seconds at most each
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GOVGRAPH_TEST_TOOLS=1 bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "== ruff"
.venv/bin/ruff check python tests bench examples
if [ "${GOVGRAPH_CHECK_FORMAT:-1}" = 1 ]; then
  echo "== clang-format"
  bash scripts/format.sh --check
fi
if [ "${GOVGRAPH_MYPY:-1}" = 1 ]; then
  echo "== mypy"
  .venv/bin/python -m mypy
fi
echo "== ctest"
(cd build/cpp && ctest --output-on-failure -j"${JOBS:-2}")
echo "== pytest"
# On JOBS processes (pytest-xdist): 196 s instead of 440-540 s on the 2-core machine (issue 16).
.venv/bin/python -m pytest -q -n "${JOBS:-2}"
if [ "${GOVGRAPH_SANITIZE:-1}" = 1 ]; then
  echo "== sanitizers"
  steps=(asan fuzz)
  [ "${GOVGRAPH_TSAN:-1}" = 1 ] && steps+=(tsan)
  FUZZ_RUNS_JSON="${FUZZ_RUNS_JSON:-500000}" FUZZ_RUNS_BATCH="${FUZZ_RUNS_BATCH:-30000}" \
    FUZZ_MAX_TIME="${FUZZ_MAX_TIME:-300}" bash scripts/sanitize.sh "${steps[@]}"
fi
