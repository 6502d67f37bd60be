#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Enforce the layer rules and banned calls that the compiler cannot:
# core/ does no I/O and reads no clock; nobody uses the footgun libc calls;
# only base/ allocates directly; a layer includes only the layers that
# cmake/layers.txt lets it include.
# Usage: tools/checksrc.sh [ROOT]   (ROOT holds the src/ to check; default: this repo)
set -uo pipefail
table="$(cd "$(dirname "$0")/.." && pwd)/cmake/layers.txt"
cd "${1:-$(dirname "$0")/..}" || exit 2
status=0

flag() { echo "checksrc: $1" >&2; status=1; }

core_bad=$(grep -nE '#include <(stdio|time|pthread|sqlite3|yaml|jansson|csv)\.h>|\b(time|rand|srand|getenv|printf|fprintf|fopen|puts|clock_gettime)\(' src/core/*.[ch] || true)
[ -z "$core_bad" ] || flag "core/ must do no I/O and read no clock:
$core_bad"

banned=$(grep -nE '\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gets|atoi|atol|atof|gmtime|localtime|ctime|asctime|tmpnam)\(' src/*/*.[ch] || true)
[ -z "$banned" ] || flag "banned libc calls (see STYLE.md 3.14):
$banned"

alloc=$(grep -nE '\b(malloc|calloc|realloc|free)\(' $(ls src/*/*.[ch] | grep -v '^src/base/') || true)
[ -z "$alloc" ] || flag "allocate through base/xalloc.h outside base/:
$alloc"

todo=$(grep -nE 'TODO(\([^#]|[^(])' src/*/*.[ch] || true)
[ -z "$todo" ] || flag "a TODO needs an issue number, e.g. TODO(#3):
$todo"

# The layer rule, for .c and .h alike: `#include "LAYER/..."` only for
# LAYER = the file's own layer or one its row allows.  Rows whose folder does
# not exist yet are skipped; a folder without a row is itself a finding.
declare -A allowed=()
while IFS=: read -r layer deps; do
  case "$layer" in ''|'#'*) continue ;; esac
  allowed[$layer]=" $layer $deps "
done < "$table"
for dir in src/*/; do
  layer=$(basename "$dir")
  if [ -z "${allowed[$layer]+set}" ]; then
    flag "src/$layer/ has no row in cmake/layers.txt"
    continue
  fi
  while IFS=: read -r file line text; do
    [ -n "$file" ] || continue
    inc=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^/"]+)\/.*/\1/' <<<"$text")
    case "${allowed[$layer]}" in
      *" $inc "*) ;;
      *) flag "$file:$line: layer $layer may not include $inc/ (cmake/layers.txt): $text" ;;
    esac
  done < <(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^/"]+/' "$dir"*.[ch] 2>/dev/null || true)
done

[ $status -eq 0 ] && echo "checksrc: ok" >&2
exit $status
