#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up and run the whole test suite twice: a plain build, and a build with
# AddressSanitizer + UndefinedBehaviorSanitizer, with the source checks
# (tools/checksrc.sh, clang-tidy on the plain build, and clang-format once
# tools/FORMAT_ENFORCED exists).  Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=$(nproc)

run_suite() { # name, cmake args...
  local dir="build-test-$1"; shift
  echo "== $dir: configure and build" >&2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DHO_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs" >/dev/null
  echo "== $dir: ctest" >&2
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
}

tools/checksrc.sh
# The tree is reformatted in one commit after the issue-7 merges; until then
# the format check would flag every file, so it waits for this marker.
if [ -e tools/FORMAT_ENFORCED ]; then
  tools/format.sh --check
else
  echo "== format: skipped (no tools/FORMAT_ENFORCED)" >&2
fi
run_suite plain
echo "== clang-tidy on build-test-plain" >&2
tools/tidy.sh build-test-plain "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite asan-ubsan -DHO_SANITIZE=address,undefined -DCMAKE_C_COMPILER=clang
