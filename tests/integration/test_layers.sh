#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layer rule (DESIGN.md §6, cmake/layers.txt) is enforced twice: by the
# build, which gives each layer an include path holding only the layers it may
# see, and by tools/checksrc.sh, which greps includes in .c and .h files.
# A deliberate violation (core including engine) must fail both; a legal
# include must pass both, so a broken check cannot pass by failing everything.
# Usage: test_layers.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
BUILD=$(dirname "$H")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# compiles LAYER FILE: syntax-check FILE with the flags the build uses for
# LAYER's sources (taken from compile_commands.json, any source of LAYER).
compiles() {
  python3 - "$BUILD/compile_commands.json" "$1" "$2" <<'PY'
import json, shlex, subprocess, sys
db, layer, path = sys.argv[1:]
entry = next(e for e in json.load(open(db)) if f"/src/{layer}/" in e["file"])
args = shlex.split(entry["command"])
keep, skip = [], False
for a in args:
    if skip: skip = False; continue
    if a in ("-o", "-c"): skip = True; continue
    keep.append(a)
r = subprocess.run(keep + ["-fsyntax-only", path], capture_output=True, text=True)
sys.exit(r.returncode)
PY
}
fails() { ! "$@"; }

printf '#include "base/rc.h"\n#include "core/funnel.h"\nint ho_t(void);\nint ho_t(void) { return 0; }\n' > "$T/core_ok.c"
printf '#include "engine/engine.h"\nint ho_t(void);\nint ho_t(void) { return 0; }\n' > "$T/core_bad.c"
printf '#include "store/store.h"\nint ho_t(void);\nint ho_t(void) { return 0; }\n' > "$T/store_inc.c"
printf '#include "cli/cli.h"\nint ho_t(void);\nint ho_t(void) { return 0; }\n' > "$T/cli_inc.c"

# 1. The build: each layer's include path.
check "build: core may include core/ and base/" compiles core "$T/core_ok.c"
check "build: core including engine/ fails" fails compiles core "$T/core_bad.c"
check "build: engine may include store/" compiles engine "$T/store_inc.c"
check "build: report including store/ fails" fails compiles report "$T/store_inc.c"
check "build: engine including cli/ fails" fails compiles engine "$T/cli_inc.c"
check "build: cli may include store/" compiles cli "$T/store_inc.c"

# 2. checksrc on a temporary tree (rows without a folder, e.g. app/, are skipped).
mkdir -p "$T/ok/src/core" "$T/ok/src/engine"
cp "$T/core_ok.c" "$T/ok/src/core/ok.c"
cp "$T/store_inc.c" "$T/ok/src/engine/ok.c"
check "checksrc: a tree of legal includes passes" "$SRC/tools/checksrc.sh" "$T/ok" 2> "$T/ok.err"

mkdir -p "$T/bad/src/core"
printf '#ifndef HO_CORE_BAD_H\n#define HO_CORE_BAD_H\n#include "engine/engine.h"\n#endif\n' > "$T/bad/src/core/bad.h"
"$SRC/tools/checksrc.sh" "$T/bad" 2> "$T/bad.err"
check "checksrc: core/ header including engine/ fails" test $? -ne 0
check "checksrc: names the file, line and layers" \
  grep -q 'src/core/bad.h:3: layer core may not include engine/' "$T/bad.err"

mkdir -p "$T/new/src/newlayer"
printf 'int ho_t(void);\n' > "$T/new/src/newlayer/x.c"
"$SRC/tools/checksrc.sh" "$T/new" 2> "$T/new.err"
check "checksrc: a src/ folder without a row fails" test $? -ne 0
check "checksrc: says which folder needs a row" grep -q 'src/newlayer/ has no row' "$T/new.err"

echo "test_layers: $pass passed, $fail failed"
test "$fail" -eq 0
