#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The definitions' mapping: section through `handoff defs check`: the
# summary of a file that has one, and every bad entry located on stderr.
# The example's mapping (examples/definitions.yaml, end of file) has 2
# fields, 3 statuses, 2 sources and 1 lifecycle value; the bad file is the
# fuzz seed tests/fuzz/corpus/fuzz_defs_yaml/mapping_errors.yaml (11 problems,
# the same messages tests/unit/defs/test_defs_mapping.c checks one by one).
# Usage: test_defs_mapping.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$H" defs check "$SRC/examples/definitions.yaml" > "$T/ok.txt"
check "defs check summarises the example's mapping on one line" \
  grep -qx '  mapping: 2 fields, 3 statuses, 2 sources, 1 lifecycle value' "$T/ok.txt"

"$H" defs example > "$T/example.yaml"
"$H" defs check "$T/example.yaml" > "$T/embedded.txt"
check "the embedded example carries the same mapping" \
  grep -qx '  mapping: 2 fields, 3 statuses, 2 sources, 1 lifecycle value' "$T/embedded.txt"

printf 'version: 1\nstages: { mql: { min_score: 50 } }\n' > "$T/none.yaml"
"$H" defs check "$T/none.yaml" > "$T/none.txt"
check "a file without mapping: prints no mapping line" \
  sh -c "! grep -q 'mapping:' '$T/none.txt'"

BAD=$SRC/tests/fuzz/corpus/fuzz_defs_yaml/mapping_errors.yaml
"$H" defs check "$BAD" > /dev/null 2> "$T/bad.txt"
rc=$?
check "a bad mapping fails defs check with exit 1" test "$rc" -eq 1
check "the reason-less rejection is located at its mapping" \
  grep -q "mapping_errors.yaml:15:10: status 'Bad' maps to sales_reject, which needs a reason" "$T/bad.txt"
check "the unknown channel is located at its value" \
  grep -q "mapping_errors.yaml:20:14: source 'OFFLINE' maps to channel 'events'" "$T/bad.txt"
check "all 11 problems are reported in one run" \
  grep -q '11 problems in' "$T/bad.txt"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
