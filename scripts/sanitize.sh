#!/usr/bin/env bash
# sanitize.sh — the C++ core under clang's sanitizers. Steps (all three when none is named):
#   asan  the Catch2 suite built with AddressSanitizer + UndefinedBehaviorSanitizer (build/asan)
#         and run through ctest (the cmake consumer builds left out: they test packaging);
#   fuzz  the libFuzzer targets of tests/fuzz (GOVGRAPH_FUZZ=ON, same build/asan tree), each run
#         for FUZZ_RUNS executions on a copy of its seed corpus in a temporary directory (the
#         repository's corpus is never written to); the two targets run side by side;
#   tsan  the [threads] Catch2 test (tests/cpp/test_threads.cpp) built with ThreadSanitizer
#         (build/tsan) and run.
# Usage: scripts/sanitize.sh [asan] [fuzz] [tsan]
# Environment:
#   CLANG_VERSION=14        clang++-N, llvm-symbolizer-N (installed with apt-get when missing:
#                           clang-N, libclang-rt-N-dev, llvm-N)
#   FUZZ_RUNS=200000        executions per fuzz target (0: build the targets, run nothing);
#   FUZZ_RUNS_JSON, FUZZ_RUNS_BATCH   the same for one target (default FUZZ_RUNS)
#   FUZZ_SEED=1             libFuzzer's -seed, so that a run can be repeated
#   FUZZ_MAX_TIME=0         seconds each fuzz target may run at most (0: no limit)
#   FUZZ_ARTIFACTS=build/fuzz-findings/   where libFuzzer writes a crashing input (crash-<sha1>)
#   JOBS=2                  parallel compile jobs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CLANG_VERSION="${CLANG_VERSION:-14}"
CLANGXX="clang++-$CLANG_VERSION"
FUZZ_RUNS="${FUZZ_RUNS:-200000}"
FUZZ_RUNS_JSON="${FUZZ_RUNS_JSON:-$FUZZ_RUNS}"
FUZZ_RUNS_BATCH="${FUZZ_RUNS_BATCH:-$FUZZ_RUNS}"
FUZZ_SEED="${FUZZ_SEED:-1}"
FUZZ_MAX_TIME="${FUZZ_MAX_TIME:-0}"
FUZZ_ARTIFACTS="${FUZZ_ARTIFACTS:-$ROOT/build/fuzz-findings/}"
JOBS="${JOBS:-2}"

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(asan fuzz tsan)
for s in "${steps[@]}"; do
  case "$s" in asan|fuzz|tsan) ;; *) echo "sanitize.sh: unknown step '$s' (asan, fuzz, tsan)" >&2; exit 2 ;; esac
done
want() { local s; for s in "${steps[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

# clang, its sanitizer runtimes (libclang-rt) and llvm-symbolizer (readable stack traces).
missing=()
for p in "clang-$CLANG_VERSION" "libclang-rt-$CLANG_VERSION-dev" "llvm-$CLANG_VERSION"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export ASAN_SYMBOLIZER_PATH="/usr/bin/llvm-symbolizer-$CLANG_VERSION"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:external_symbolizer_path=$ASAN_SYMBOLIZER_PATH}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:check_initialization_order=1}"

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
seconds() { date +%s; }

if want asan || want fuzz; then
  t0=$(seconds)
  echo "== sanitize: building with $CLANGXX, ASan + UBSan (build/asan)"
  cmake -S . -B build/asan -G Ninja -DCMAKE_CXX_COMPILER="$CLANGXX" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="$SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DGOVGRAPH_FUZZ=ON -DGOVGRAPH_BUILD_TESTS=ON -DGOVGRAPH_BUILD_EXAMPLES=OFF \
    -DGOVGRAPH_INSTALL=OFF >/dev/null
  targets=()
  want asan && targets+=(govgraph_tests)
  want fuzz && targets+=(fuzz_json fuzz_batch)
  cmake --build build/asan -j"$JOBS" --target "${targets[@]}"
  echo "== sanitize: built in $(( $(seconds) - t0 )) s"
fi

if want asan; then
  t0=$(seconds)
  echo "== sanitize: Catch2 under ASan + UBSan"
  (cd build/asan && ctest --output-on-failure -j"$JOBS" -LE consumers)
  echo "== sanitize: Catch2 under ASan + UBSan passed in $(( $(seconds) - t0 )) s"
fi

if want fuzz && [ $((FUZZ_RUNS_JSON + FUZZ_RUNS_BATCH)) -gt 0 ]; then
  t0=$(seconds)
  echo "== sanitize: fuzzing, fuzz_json $FUZZ_RUNS_JSON runs, fuzz_batch $FUZZ_RUNS_BATCH runs (seed $FUZZ_SEED)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/govgraph-fuzz.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$FUZZ_ARTIFACTS"
  run_fuzzer() {  # name, runs, corpus dir, extra libFuzzer flags...
    local name="$1" runs="$2" seeds="$3"; shift 3
    mkdir -p "$work/$name"
    cp "$seeds"/* "$work/$name"/
    [ "$runs" -gt 0 ] || return 0
    "build/asan/tests/fuzz/$name" -runs="$runs" -max_len=4096 -timeout=10 \
      -seed="$FUZZ_SEED" -max_total_time="$FUZZ_MAX_TIME" -print_final_stats=1 \
      -artifact_prefix="$FUZZ_ARTIFACTS$name-" "$@" "$work/$name" >"$work/$name.log" 2>&1
  }
  run_fuzzer fuzz_json "$FUZZ_RUNS_JSON" tests/fuzz/corpus_json -dict=tests/fuzz/json.dict &
  json_pid=$!
  run_fuzzer fuzz_batch "$FUZZ_RUNS_BATCH" tests/fuzz/corpus_batch &
  batch_pid=$!
  failed=0
  for name in fuzz_json fuzz_batch; do
    pid=$json_pid; [ "$name" = fuzz_batch ] && pid=$batch_pid
    if wait "$pid"; then
      [ -f "$work/$name.log" ] && grep -E \
        "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" \
        "$work/$name.log" | sed "s/^/   $name /"
    else
      failed=1
      echo "== sanitize: $name FAILED; its log:"
      tail -n 120 "$work/$name.log"
    fi
  done
  if [ "$failed" -ne 0 ]; then
    echo "== sanitize: the crashing inputs are in $FUZZ_ARTIFACTS (rerun one: build/asan/tests/fuzz/<target> <file>)"
    exit 1
  fi
  echo "== sanitize: fuzzing passed in $(( $(seconds) - t0 )) s"
fi

if want tsan; then
  t0=$(seconds)
  echo "== sanitize: building the [threads] test with $CLANGXX, TSan (build/tsan)"
  cmake -S . -B build/tsan -G Ninja -DCMAKE_CXX_COMPILER="$CLANGXX" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DGOVGRAPH_BUILD_TESTS=ON \
    -DGOVGRAPH_BUILD_EXAMPLES=OFF -DGOVGRAPH_INSTALL=OFF >/dev/null
  cmake --build build/tsan -j"$JOBS" --target govgraph_thread_tests
  echo "== sanitize: built in $(( $(seconds) - t0 )) s; running [threads] under TSan"
  t0=$(seconds)
  build/tsan/tests/cpp/govgraph_thread_tests "[threads]"
  echo "== sanitize: [threads] under TSan passed in $(( $(seconds) - t0 )) s"
fi
