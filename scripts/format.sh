#!/usr/bin/env bash
# format.sh — clang-format (14) over the C++ sources, with the style in .clang-format.
#   scripts/format.sh --check   lists the files clang-format would change (clang-format --dry-run
#                               -Werror), with how many lines differ, and exits 1 if there are any;
#                               nothing is written
#   scripts/format.sh [FILE...] formats the files in place (all of them when none is named)
# The sources: every tracked *.cpp, *.hpp and *.h (git ls-files), or, outside git, those under
# src, include, python/src, tests, examples and bench. clang-format-14 is installed with
# apt-get when missing; CLANG_FORMAT names another binary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CLANG_FORMAT="${CLANG_FORMAT:-clang-format-14}"

if ! command -v "$CLANG_FORMAT" >/dev/null; then
  echo "== installing clang-format-14"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clang-format-14 >/dev/null
fi

check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.h')
  else
    mapfile -t files < <(find src include python/src tests examples bench \
                           \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) 2>/dev/null | sort)
  fi
fi

if [ "$check" -eq 0 ]; then
  "$CLANG_FORMAT" -i --style=file "${files[@]}"
  exit 0
fi

bad=()
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if ! "$CLANG_FORMAT" --dry-run -Werror --style=file "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ ${#bad[@]} -eq 0 ]; then
  echo "format: ${#files[@]} files follow .clang-format"
  exit 0
fi
for f in "${bad[@]}"; do
  n=$("$CLANG_FORMAT" --style=file "$f" | diff "$f" - | grep -c '^[<>]' || true)
  echo "$f: $n lines differ"
done
echo "format: ${#bad[@]} of ${#files[@]} files differ from .clang-format; run scripts/format.sh to fix them"
exit 1
