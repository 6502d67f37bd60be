#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cmake/HoEmbedAssets.cmake, the generator that embeds the dashboard's
# files in the binary: run on files of known bytes (text, every byte value
# 0..255, an empty file) and on the fallback page, its C table is compiled
# with a small reader that writes each asset back out; the bytes must equal
# the files (cmp), the lengths their sizes, and each ETag the first 20 hex
# digits of the file's SHA-256 (sha256sum, an independent tool), quoted.
# Usage: test_web_embed.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CC=${CC:-cc}

mkdir -p "$T/in" "$T/inc/http" "$T/out"
printf '<!doctype html>\n<p>caf\xc3\xa9 "quoted" \\ back</p>\n' > "$T/in/index.html"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 3)' > "$T/in/app.js"
: > "$T/in/app.css"
cp "$SRC/src/http/assets.h" "$T/inc/http/"
cat > "$T/reader.c" << 'C'
#include <stdio.h>
#include "http/assets.h"
int main(int argc, char **argv)
{
    (void)argc;
    for (size_t i = 0; i < ho_web_n_assets; i++) {
        const struct ho_web_asset *a = &ho_web_assets[i];
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", argv[1], a->name);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(a->data, 1, a->len, f) != a->len || fclose(f) != 0)
            return 1;
        printf("%s %zu %s %d\n", a->name, a->len, a->etag, a->data[a->len]);
    }
    printf("built %d\n", ho_web_dashboard_built);
    return 0;
}
C
embed() { # DIR FILES BUILT
  cmake -DDIR="$1" -DFILES="$2" -DOUT="$T/gen.c" -DBUILT="$3" -P "$SRC/cmake/HoEmbedAssets.cmake" &&
    "$CC" -std=c11 -Wall -Werror -I "$T/inc" "$T/reader.c" "$T/gen.c" -o "$T/reader" &&
    rm -f "$T/out"/* && "$T/reader" "$T/out" > "$T/table.txt"
}
# expect NAME DIR: the line of NAME in the table is what the file says
expect() {
  local size tag
  size=$(wc -c < "$2/$1")
  tag=$(sha256sum "$2/$1" | cut -c1-20)
  grep -qxF "$1 $size \"$tag\" 0" "$T/table.txt" && cmp -s "$2/$1" "$T/out/$1"
}

check "the generator runs and its table compiles" embed "$T/in" index.html,app.js,app.css 1
check "text (UTF-8, quotes, backslash): bytes, length and ETag" expect index.html "$T/in"
check "every byte value 0..255: bytes, length and ETag" expect app.js "$T/in"
check "an empty file: length 0, ETag of nothing" expect app.css "$T/in"
check "three assets, the bundle flag as given" \
  test "$(wc -l < "$T/table.txt")" = 4 -a "$(tail -1 "$T/table.txt")" = "built 1"
check "the fallback page embeds" embed "$SRC/web/fallback" index.html 0
check "the fallback page: bytes, length and ETag" expect index.html "$SRC/web/fallback"
check "the fallback page says how to build the dashboard" \
  grep -q 'scripts/setup.sh' "$T/out/index.html"
check "the fallback build is flagged as no bundle" test "$(tail -1 "$T/table.txt")" = "built 0"
echo "test_web_embed: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
