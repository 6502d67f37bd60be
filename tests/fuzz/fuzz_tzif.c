/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_tzif.c - the TZif reader and the POSIX TZ rule parser on
 * arbitrary bytes.
 *
 * The input is tried three ways: as a TZif file; as a POSIX TZ string; and,
 * when it is one, as the footer of a minimal version 2 TZif file with no
 * transitions, so that every rule the parser accepts is also expanded.
 *
 * Invariants checked (not just "no crash"):
 *   - a parsed zone has at least one entry, at[0] == INT64_MIN, transitions
 *     strictly ascending, neighbours with different offsets, every offset
 *     within +-26 h, and ho_tz_offset() gives offset_s[i] at at[i] and
 *     offset_s[i - 1] just before it;
 *   - a failed parse returns HO_EPARSE or HO_ELIMIT with a message and
 *     leaves the zone empty;
 *   - a parsed rule has offsets within +-26 h and changes each year within
 *     a week and a day of that year; its expansion ends by 2102.
 * No state is kept between calls.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/compiler.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/defs.h"
#include "defs/tzif.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DAY_S 86400LL

static void
check_zone(const struct ho_tz *tz)
{
    HO_ASSERT(tz->n >= 1 && tz->at != NULL && tz->offset_s != NULL);
    HO_ASSERT(tz->at[0] == INT64_MIN);
    for (size_t i = 0; i < tz->n; i++) {
        HO_ASSERT(tz->offset_s[i] >= -HO_TZ_MAX_OFFSET_S && tz->offset_s[i] <= HO_TZ_MAX_OFFSET_S);
        if (i == 0)
            continue;
        HO_ASSERT(tz->at[i] > tz->at[i - 1]);
        HO_ASSERT(tz->offset_s[i] != tz->offset_s[i - 1]);
        HO_ASSERT(ho_tz_offset(tz, tz->at[i]) == tz->offset_s[i]);
        HO_ASSERT(ho_tz_offset(tz, tz->at[i] - 1) == tz->offset_s[i - 1]);
    }
}

static void
check_failed(ho_rc rc, const struct ho_tz *tz, const struct ho_diag *d)
{
    HO_ASSERT(rc == HO_EPARSE || rc == HO_ELIMIT);
    HO_ASSERT(d->msg[0] != '\0');
    HO_ASSERT(tz->n == 0 && tz->at == NULL && tz->offset_s == NULL && tz->name == NULL);
}

static void
check_rule(const struct ho_tz_rule *r)
{
    if (r->empty)
        return;
    HO_ASSERT(strlen(r->std_name) >= 3);
    HO_ASSERT(r->std_offset_s >= -HO_TZ_MAX_OFFSET_S && r->std_offset_s <= HO_TZ_MAX_OFFSET_S);
    if (!r->has_dst)
        return;
    HO_ASSERT(strlen(r->dst_name) >= 3);
    HO_ASSERT(r->dst_offset_s >= -HO_TZ_MAX_OFFSET_S && r->dst_offset_s <= HO_TZ_MAX_OFFSET_S);
    static const int64_t years[] = { 1900, 1970, 2024, 2026, 2100 };
    for (size_t i = 0; i < HO_ARRAY_LEN(years); i++) {
        int64_t lo = ho_days_from_civil(years[i], 1, 1) * DAY_S - 8 * DAY_S;
        int64_t hi = ho_days_from_civil(years[i] + 1, 1, 1) * DAY_S + 8 * DAY_S;
        int64_t to_dst;
        int64_t to_std;
        ho_tz_rule_year(r, years[i], &to_dst, &to_std);
        HO_ASSERT(to_dst >= lo && to_dst <= hi && to_std >= lo && to_std <= hi);
    }
}

static void
put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A version 2 TZif file with no transitions, one time type (offset std)
 * and footer rule[0..len). */
static size_t
wrap_rule(const uint8_t *rule, size_t len, int32_t std, unsigned char *out)
{
    size_t n = 0;
    for (int block = 0; block < 2; block++) {
        memset(out + n, 0, 44);
        memcpy(out + n, "TZif2", 5);
        put32(out + n + 20 + 16, 1); /* typecnt */
        put32(out + n + 20 + 20, 1); /* charcnt */
        n += 44;
        put32(out + n, (uint32_t)std);
        out[n + 4] = 0;
        out[n + 5] = 0;
        out[n + 6] = 0; /* the abbreviation: "" */
        n += 7;
    }
    out[n++] = '\n';
    memcpy(out + n, rule, len);
    n += len;
    out[n++] = '\n';
    return n;
}

static void
expand_rule(const uint8_t *data, size_t size, const struct ho_tz_rule *r)
{
    if (memchr(data, '\n', size) != NULL || size > HO_TZIF_MAX_FOOTER)
        return;
    unsigned char *file = ho_xmalloc((size_t)2 * 51 + size + 2); /* two blocks, footer */
    size_t len = wrap_rule(data, size, r->std_offset_s, file);
    struct ho_tz tz;
    struct ho_diag d;
    ho_diag_clear(&d);
    ho_rc rc = ho_tzif_parse(file, len, NULL, &tz, &d);
    HO_ASSERT(rc == HO_OK);
    check_zone(&tz);
    int64_t end = ho_days_from_civil(2102, 1, 1) * DAY_S * 1000;
    HO_ASSERT(tz.at[tz.n - 1] < end);
    ho_tzif_release(&tz);
    ho_xfree(file);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_tz tz;
    struct ho_tz_rule rule;
    struct ho_diag d;

    ho_diag_clear(&d);
    ho_rc rc = ho_tzif_parse(data, size, "fuzz", &tz, &d);
    if (rc == HO_OK)
        check_zone(&tz);
    else
        check_failed(rc, &tz, &d);
    ho_tzif_release(&tz);
    HO_ASSERT(tz.n == 0 && tz.at == NULL);

    ho_diag_clear(&d);
    rc = ho_tz_rule_parse((const char *)data, size, &rule, &d);
    if (rc != HO_OK) {
        HO_ASSERT(rc == HO_EPARSE && d.msg[0] != '\0');
        return 0;
    }
    check_rule(&rule);
    if (!rule.empty)
        expand_rule(data, size, &rule);
    return 0;
}
