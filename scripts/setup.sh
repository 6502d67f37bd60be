#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian packages handoff needs to build and test, when missing.
# Safe to run again: does nothing when everything is there.
set -euo pipefail

packages=(build-essential cmake pkg-config clang libclang-rt-14-dev clang-tidy clang-format
          libsqlite3-dev sqlite3 libyaml-dev libjansson-dev libcsv-dev libcmocka-dev libmicrohttpd-dev libssl-dev
          zlib1g-dev liblinear-dev libcurl4-openssl-dev
          python3 tzdata chromium)
# The dashboard's build (esbuild) and browser test (puppeteer-core) run on
# Node.js: Debian's nodejs and npm, unless a node and npm are already there
# (another packaging of Node.js ships its own npm, which Debian's would conflict with).
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The dashboard's npm packages (web/package-lock.json), installed again only
# when the lock file changed.  --ignore-scripts: nothing runs at install
# (esbuild's binary comes as its own npm package, puppeteer-core fetches no
# browser: the tests use Debian's chromium).
web="$(dirname "$0")/../web"
if [ ! -e "$web/node_modules/.handoff-lock" ] || ! cmp -s "$web/package-lock.json" "$web/node_modules/.handoff-lock"; then
  echo "setup: npm ci in web/" >&2
  (cd "$web" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$web/node_modules/.handoff-lock"
fi
