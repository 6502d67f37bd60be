#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up, build and run the demo: generate a realistic year of B2B leads,
# import it into ./handoff-demo/handoff.db (SQLite) and print the funnel by
# channel.  The demo's closing hints name the binary and the database as
# this script ran them: relative when run from the top of the project,
# absolute otherwise, so they run as typed where the script was started.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
top=$PWD
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p handoff-demo
if [ "$caller" = "$top" ]; then
  exec build/handoff demo --dir handoff-demo "$@"
fi
exec "$top/build/handoff" demo --dir "$top/handoff-demo" "$@"
