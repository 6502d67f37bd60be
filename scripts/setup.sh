#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian packages handoff needs to build and test, when missing.
# Safe to run again: does nothing when everything is there.
set -euo pipefail

packages=(build-essential cmake pkg-config clang libclang-rt-14-dev clang-tidy clang-format
          libsqlite3-dev sqlite3 libyaml-dev libjansson-dev libcsv-dev libcmocka-dev libmicrohttpd-dev libssl-dev
          zlib1g-dev liblinear-dev libcurl4-openssl-dev
          python3 tzdata)

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
