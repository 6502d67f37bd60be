/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_spend_csv.c - the spend file parser, line by line as
 * `import-spend` feeds it: never crashes, and every row it accepts names a
 * channel and carries a finite, non-negative amount and a real month.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/compiler.h"
#include "base/timefmt.h"
#include "core/defs.h"
#include "ingest/spend_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_defs defs;
    struct ho_spend_parser p;
    char line[HO_SPEND_MAX_LINE];
    ho_defs_init(&defs);
    ho_spend_parser_init(&p, &defs);
    size_t i = 0;
    while (i < size) {
        size_t n = 0;
        while (i < size && data[i] != '\n') {
            if (n < sizeof(line) - 1 && data[i] != '\0')
                line[n++] = (char)data[i];
            i++;
        }
        i++; /* the newline */
        line[n] = '\0';
        struct ho_spend_row row;
        bool is_row;
        if (ho_spend_parse_line(&p, line, &is_row, &row, NULL) == HO_OK && is_row) {
            HO_ASSERT(row.channel != NULL && strcmp(row.channel, "other") == 0);
            HO_ASSERT(isfinite(row.amount) && row.amount >= 0);
            int64_t start = ho_month_index_start(row.month);
            HO_ASSERT(ho_time_month_index(start) == row.month);
        }
    }
    ho_defs_release(&defs);
    return 0;
}
