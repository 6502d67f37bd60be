#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Enforce the layer rules and banned calls that the compiler cannot:
# core/ does no I/O and reads no clock; nobody uses the footgun libc calls;
# only base/ allocates directly.
set -uo pipefail
cd "$(dirname "$0")/.."
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

[ $status -eq 0 ] && echo "checksrc: ok" >&2
exit $status
