# SPDX-License-Identifier: MIT
# tests/integration/lib.sh - sourced by the integration scripts: a check
# counter and the closing line ("N passed, M failed") that CI reads.
pass=0
fail=0

# check DESCRIPTION COMMAND...: run COMMAND, count it, name it when it fails.
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what" >&2; fi
}
