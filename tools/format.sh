#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# clang-format over the C sources of src/ and tests/, with the repo's .clang-format.
#   tools/format.sh --check [FILE...]  report files that are not formatted (exit 1)
#   tools/format.sh --fix [FILE...]    reformat them in place
# Without FILEs: every .c and .h under src/ and tests/.  scripts/test.sh runs
# --check only once tools/FORMAT_ENFORCED exists (the tree is reformatted first).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in
  --check) args=(--dry-run -Werror) ;;
  --fix) args=(-i) ;;
  *) echo "usage: tools/format.sh --check|--fix [FILE...]" >&2; exit 2 ;;
esac
command -v clang-format > /dev/null || { echo "format: clang-format not found (scripts/setup.sh)" >&2; exit 2; }

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(cd "$root" && find src tests -name '*.[ch]' | sort | sed "s|^|$root/|")
fi
# --style=file finds the .clang-format above each file; a file outside the
# repo (a test's temporary file) uses the repo's one.
style="--style=file:$root/.clang-format"
if clang-format "${args[@]}" "$style" "${files[@]}"; then
  [ "$mode" = --check ] && echo "format: ok (${#files[@]} files)" >&2
  exit 0
fi
echo "format: not formatted; run tools/format.sh --fix" >&2
exit 1
