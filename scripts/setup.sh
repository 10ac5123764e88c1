#!/usr/bin/env bash
# setup.sh — installs whatever is missing on a fresh Debian/Ubuntu machine, then builds
# everything: the C++ library, its tests and examples (build/cpp) and the Python package (into
# .venv). Sourced by scripts/example.sh and scripts/test.sh; safe to run again (it skips what is
# already there). Dependencies, all named here:
#   apt-get: g++, cmake, ninja-build, python3-venv, libboost-graph-dev, libspdlog-dev,
#            nlohmann-json3-dev, catch2, graphviz
#   pip (into .venv): scikit-build-core, pybind11, numpy, pandas, openpyxl, python-calamine, pytest, pytest-xdist (the
#            suite on every core), mypy, networkx,
#            jsonschema, ruff, nbclient, nbformat, ipykernel (notebooks in the tests), hypothesis,
#            pyarrow (optional for users: Model.to_arrow/to_parquet; installed so the tests run them)
#   apt-get, for the tests only (GOVGRAPH_TEST_TOOLS=1, set by scripts/test.sh): clang-14,
#            libclang-rt-14-dev, llvm-14 (sanitizers, libFuzzer: scripts/sanitize.sh),
#            clang-format-14 (scripts/format.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(g++ cmake ninja-build python3-venv libboost-graph-dev libspdlog-dev
              nlohmann-json3-dev catch2 graphviz)
if [ "${GOVGRAPH_TEST_TOOLS:-0}" = 1 ]; then
  APT_PACKAGES+=(clang-14 libclang-rt-14-dev llvm-14 clang-format-14)
fi
PIP_PACKAGES=(scikit-build-core pybind11 numpy pandas openpyxl python-calamine pytest pytest-xdist mypy networkx jsonschema ruff
              nbclient nbformat ipykernel hypothesis pyarrow)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
if ! .venv/bin/python -c "import scikit_build_core, pybind11, numpy, pandas, openpyxl, python_calamine, pytest, xdist, mypy, networkx, jsonschema, nbclient, nbformat, ipykernel, hypothesis, pyarrow" 2>/dev/null; then
  echo "== installing Python packages into .venv"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q "${PIP_PACKAGES[@]}"
fi

JOBS="${JOBS:-2}"
# One build, build/cpp, compiles the library once: for its tests and examples, the Python
# module (GOVGRAPH_BUILD_PYTHON, with the venv's Python and pybind11) and the install that the
# find_package consumer test uses. The wheel is then built in build/cpp too, with the same
# options, so scikit-build-core finds everything built and only packages it (issue 16).
echo "== building the C++ library, tests, examples and Python module (build/cpp)"
CMAKE_OPTIONS=(-DCMAKE_BUILD_TYPE=Release -DGOVGRAPH_BUILD_PYTHON=ON
               -DPython_EXECUTABLE="$ROOT/.venv/bin/python"
               -Dpybind11_DIR="$(.venv/bin/python -m pybind11 --cmakedir)")
cmake -S . -B build/cpp -G Ninja "${CMAKE_OPTIONS[@]}" >/dev/null
cmake --build build/cpp -j"$JOBS"

echo "== installing the Python package into .venv (from build/cpp)"
.venv/bin/pip install -q --no-build-isolation -Cbuild-dir=build/cpp -Ccmake.build-type=Release \
  -Ccmake.define.GOVGRAPH_BUILD_TESTS=ON -Ccmake.define.GOVGRAPH_BUILD_EXAMPLES=ON \
  -Ccmake.define.GOVGRAPH_INSTALL=ON -Ccmake.define.Python_EXECUTABLE="$ROOT/.venv/bin/python" \
  -Cbuild.tool-args=-j"$JOBS" .
