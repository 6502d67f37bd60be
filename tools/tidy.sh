#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# clang-tidy over every src/ file of a build, with the repo's .clang-tidy, and
# fail on any finding.  Usage: tools/tidy.sh BUILD_DIR [JOBS]
# BUILD_DIR must hold compile_commands.json (the plain build of scripts/test.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build=$(cd "${1:?usage: tools/tidy.sh BUILD_DIR [JOBS]}" && pwd)
jobs=${2:-$(nproc)}
command -v clang-tidy > /dev/null || { echo "tidy: clang-tidy not found (scripts/setup.sh)" >&2; exit 2; }

# Checks of .clang-tidy that the tree does not pass yet (findings with
# clang-tidy 14 when this was written).  Fixing them touches files that are
# being refactored (issue 7), so they are off here, not in .clang-tidy; take a
# line out once its findings are fixed.
pending=(
  cert-err33-c                        # ~400: unchecked printf/fputs results
  readability-isolate-declaration     # ~110: `int a, b;`
  readability-uppercase-literal-suffix # 23: 1u, 2.0f
  readability-non-const-parameter     # 5: `cap` arguments
  readability-function-cognitive-complexity # 4: timefmt, cmd_report, replay, lead_index
  misc-no-recursion                   # 4: defs_match regex, lead_index sort
  bugprone-sizeof-expression          # 4: defs_node, defs_yaml
  bugprone-implicit-widening-of-multiplication-result # 2: core/defs.c, replay.c
  bugprone-narrowing-conversions      # 1: defs_sales.c
  clang-analyzer-valist.Uninitialized # 5: false positive on a va_list parameter
  clang-analyzer-core.UndefinedBinaryOperatorResult # 2: timefmt.c
  clang-analyzer-core.NullDereference # 2: tzif.c, engine.c
  clang-analyzer-core.NonNullParamChecker # 1: store/sqlite.c
)
checks=$(printf -- '-%s,' "${pending[@]}")

# Sources from the build's compile database that live in src/ (not tests/,
# not generated files).  Headers are checked through them: the header filter
# also matches the per-layer include directories (build/layers/, symlinks into src/).
mapfile -t files < <(python3 -c '
import json, sys
root = sys.argv[2] + "/src/"
for e in json.load(open(sys.argv[1])):
    if e["file"].startswith(root):
        print(e["file"])' "$build/compile_commands.json" "$root" | sort -u)
[ ${#files[@]} -gt 0 ] || { echo "tidy: no src/ files in $build/compile_commands.json" >&2; exit 2; }

echo "tidy: ${#files[@]} files, $jobs jobs" >&2
if printf '%s\n' "${files[@]}" | xargs -P"$jobs" -n4 clang-tidy -p "$build" --quiet \
     --checks="$checks" --warnings-as-errors='*' --header-filter='/(src|tests|layers)/' \
     2> >(grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed|^Use -header-filter' >&2); then
  echo "tidy: ok" >&2
  exit 0
fi
echo "tidy: findings above (checks from .clang-tidy)" >&2
exit 1
