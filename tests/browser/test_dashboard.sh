#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The dashboard in a real browser: a demo database (`handoff demo`), a real
# `handoff serve` on 127.0.0.1 and a random free port, and dashboard.mjs
# driving Debian's headless Chromium with puppeteer-core (web/node_modules).
# Screenshots and the page load times go to OUT (default: ./browser-artifacts
# in the ctest working directory, the build dir).
# Skips (exit 77) only when node or chromium is not installed at all; a
# binary built without the dashboard, or web/ without `npm ci`, fails.
# Usage: test_dashboard.sh HANDOFF_BINARY SOURCE_DIR [OUT]
set -uo pipefail
H=$1
SRC=$(cd "$2" && pwd)
OUT=${3:-$PWD/browser-artifacts}
NODE=$(command -v node || command -v nodejs || true)
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$NODE" ] || [ -z "$CHROMIUM" ]; then
  echo "SKIP: the browser test needs node and chromium (scripts/setup.sh installs both);" \
    "missing: ${NODE:-node} ${CHROMIUM:-chromium}" >&2
  exit 77
fi
if [ ! -e "$SRC/web/node_modules/puppeteer-core/package.json" ]; then
  echo "FAIL: web/node_modules has no puppeteer-core: run scripts/setup.sh (npm ci in web/)" >&2
  exit 1
fi
T=$(mktemp -d)
PID=""
cleanup() {
  # SIGTERM: serve finishes its requests and exits; wait reaps it quietly
  [ -n "$PID" ] && kill -TERM "$PID" 2> /dev/null && wait "$PID" 2> /dev/null
  [ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}
trap cleanup EXIT

# The browser is not built with the sanitizers; only handoff is.  Keep
# ASan's preload and options from reaching node and chromium.
node_env() { env -u LD_PRELOAD -u ASAN_OPTIONS -u UBSAN_OPTIONS -u LSAN_OPTIONS "$@"; }

"$H" demo --dir "$T/demo" --leads 3000 > "$T/demo.log" 2>&1 || {
  echo "FAIL: handoff demo" >&2
  tail "$T/demo.log" >&2
  exit 1
}
DB=$T/demo/handoff.db
# spend for two channels, so the Channels page shows cost per MQL and SQL
printf 'channel,month,amount\norganic_search,2026-03,5000\npaid_search,2026-03,12000\npaid_search,2026-04,11000\n' \
  > "$T/spend.csv"
"$H" import-spend --db "$DB" "$T/spend.csv" > /dev/null 2>&1 || { echo "FAIL: import-spend" >&2; exit 1; }
TOKEN_READ=$("$H" token create --scope read --name browser-read --db "$DB" 2> /dev/null)
TOKEN_WRITE=$("$H" token create --scope write --name browser-write --db "$DB" 2> /dev/null)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$H" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 8 2>> "$T/serve.log" &
PID=$!
for _ in $(seq 200); do
  curl -sf "http://127.0.0.1:$PORT/livez" > /dev/null && break
  sleep 0.05
done
if ! curl -s "http://127.0.0.1:$PORT/" | grep -q '/assets/app.js'; then
  echo "FAIL: / serves no dashboard bundle: this handoff was built without node or without" \
    "npm ci in web/ (scripts/setup.sh, then re-run cmake)" >&2
  exit 1
fi
mkdir -p "$OUT"
node_env BASE="http://127.0.0.1:$PORT" OUT="$OUT" TOKEN_READ="$TOKEN_READ" TOKEN_WRITE="$TOKEN_WRITE" \
  CHROMIUM="$CHROMIUM" WEB_DIR="$SRC/web" timeout 240 "$NODE" "$SRC/tests/browser/dashboard.mjs"
rc=$?
[ $rc -ne 0 ] && tail -20 "$T/serve.log" >&2
exit $rc
