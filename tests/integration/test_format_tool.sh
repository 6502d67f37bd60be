#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tools/format.sh: --check fails on a badly formatted file and leaves it
# alone; --fix formats it with the repo's .clang-format, after which --check
# passes.  (The tree itself is checked by scripts/test.sh once
# tools/FORMAT_ENFORCED exists.)
# Usage: test_format_tool.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
F="$SRC/tools/format.sh"

# Badly formatted: two statements on a line, 2-space indent, brace on the
# return-type line.  The expected text follows .clang-format by hand: return
# type on its own line (AlwaysBreakAfterReturnType), Linux braces (function
# brace on its own line), 4-space indent.
printf 'int ho_f(int a){ if(a) return 1;  return 0; }\n' > "$T/bad.c"
cp "$T/bad.c" "$T/bad.orig"
printf 'int\nho_f(int a)\n{\n    if (a)\n        return 1;\n    return 0;\n}\n' > "$T/want.c"

"$F" --check "$T/bad.c" 2> "$T/check.err"
check "--check fails on a badly formatted file" test $? -ne 0
check "--check names the file" grep -q "bad.c" "$T/check.err"
check "--check does not change the file" cmp -s "$T/bad.c" "$T/bad.orig"
check "--fix succeeds" "$F" --fix "$T/bad.c"
check "--fix gives the repo's style" cmp "$T/bad.c" "$T/want.c"
check "--check passes after --fix" "$F" --check "$T/bad.c" 2> /dev/null
"$F" --bogus 2> /dev/null
check "an unknown mode is a usage error (2)" test $? -eq 2

echo "test_format_tool: $pass passed, $fail failed"
test "$fail" -eq 0
