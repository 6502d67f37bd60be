#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up, build and run the demo: generate a realistic year of B2B leads,
# import it into ./handoff-demo/handoff.db (SQLite) and print the funnel by
# channel.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p handoff-demo
exec build/handoff demo --dir handoff-demo "$@"
