/* SPDX-License-Identifier: MIT */
/*
 * defs/tzif.h - time zones for the definitions' calendar: the system's TZif
 * files (RFC 8536) and their POSIX TZ footer rules, turned into the plain
 * transition table of struct ho_tz (core/defs.h) so that core converts
 * times without I/O.
 *
 * A zone is read from HO_TZ_DIR/<name> (Debian: the tzdata package).  Its
 * transitions are taken from the 64-bit (version 2+) data block, or from the
 * 32-bit block of a version 1 file; the footer rule then continues them up
 * to the end of HO_TZ_RULE_LAST_YEAR.  Only the UTC offset is kept: a
 * change of abbreviation or of the DST flag alone is no transition here.
 *
 * Every size read from a file is checked against the HO_TZIF_* limits
 * before anything is allocated.  Zones with leap-second records (the
 * "right/" zones) are refused: their times are not POSIX times.
 *
 * Thread-safety: no state is kept between calls.
 */
#ifndef HO_DEFS_TZIF_H
#define HO_DEFS_TZIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_tz;

#define HO_TZ_DIR            "/usr/share/zoneinfo"
#define HO_TZ_RULE_LAST_YEAR 2100                /* footer rules are expanded to this year */
#define HO_TZ_NAME_MAX       255                 /* bytes in a zone name */
#define HO_TZIF_MAX_BYTES    ((size_t)256 << 10) /* a TZif file (real ones are < 8 KiB) */
#define HO_TZIF_MAX_TIMES    10000               /* transitions in one data block */
#define HO_TZIF_MAX_CHARS    4096                /* bytes of abbreviations */
#define HO_TZIF_MAX_FOOTER   256                 /* bytes of the footer TZ string */
#define HO_TZ_MAX_OFFSET_S   (26 * 3600)         /* |UTC offset| accepted, in seconds */
#define HO_TZ_ABBR_MAX       32                  /* bytes of a POSIX std/dst name */

/* The day of a POSIX TZ rule's transition. */
enum ho_tz_day_kind {
    HO_TZ_DAY_JULIAN1, /* "Jn": n = 1..365, February 29 never counted */
    HO_TZ_DAY_JULIAN0, /* "n": n = 0..365, February 29 counted in leap years */
    HO_TZ_DAY_MWD,     /* "Mm.w.d": day d (0 = Sunday) of week w (5 = last) of month m */
};

struct ho_tz_day {
    enum ho_tz_day_kind kind;
    int32_t day;                  /* JULIAN1, JULIAN0 */
    int32_t month, week, weekday; /* MWD: 1..12, 1..5, 0..6 */
    int32_t time_s;               /* local time of day of the change, -167h..167h (default 02:00) */
};

/*
 * A POSIX TZ string such as "EST5EDT,M3.2.0,M11.1.0" or "<+03>-3".  Offsets
 * are seconds EAST of UTC (the string writes them west: EST5 is -18000).
 */
struct ho_tz_rule {
    bool empty; /* the string was empty: no rule after the last transition */
    char std_name[HO_TZ_ABBR_MAX + 1], dst_name[HO_TZ_ABBR_MAX + 1];
    int32_t std_offset_s;
    bool has_dst;           /* then dst_offset_s, start and end are set */
    int32_t dst_offset_s;   /* defaults to std_offset_s + 3600 */
    struct ho_tz_day start; /* change to DST, in standard local time */
    struct ho_tz_day end;   /* change back, in daylight local time */
};

/*
 * Parse the POSIX TZ string s[0..len) (need not be NUL-terminated) into
 * *out, with the RFC 8536 extensions (transition times from -167 to 167
 * hours).  An empty string gives out->empty.  A daylight name without a
 * rule is refused (what it means is implementation-defined).
 * *out is initialised at entry.  Returns HO_OK or HO_EPARSE (diag says what
 * and where).
 */
HO_MUST_CHECK ho_rc ho_tz_rule_parse(const char *s, size_t len, struct ho_tz_rule *out,
                                     struct ho_diag *diag);

/* The two changes of a DST rule in `year`, as UTC seconds since the epoch:
 * *to_dst when standard time ends, *to_std when daylight time ends.  Both 0
 * when the rule has no DST. */
void ho_tz_rule_year(const struct ho_tz_rule *r, int64_t year, int64_t *to_dst, int64_t *to_std);

/*
 * Parse a TZif file held in data[0..len) into *out (initialised at entry;
 * out->name is a copy of name, NULL allowed).  On HO_OK out->n >= 1,
 * out->at[0] == INT64_MIN, at[] strictly ascends, neighbours differ in
 * offset and every offset is within HO_TZ_MAX_OFFSET_S; the footer rule is
 * expanded through HO_TZ_RULE_LAST_YEAR.  Owned: free with
 * ho_tzif_release().
 * Returns HO_OK; HO_ELIMIT when a count or the size is above its limit;
 * HO_EPARSE when the data is not a usable TZif file.  *out is empty on
 * failure.
 */
HO_MUST_CHECK ho_rc ho_tzif_parse(const void *data, size_t len, const char *name, struct ho_tz *out,
                                  struct ho_diag *diag);

/* Whether name is safe to look up under a zone directory: 1..HO_TZ_NAME_MAX
 * bytes of letters, digits, '_', '-', '+' and '/', no empty component, no
 * component starting with '.', no "..", not absolute. */
bool ho_tz_name_ok(const char *name, size_t len);

/*
 * Load zone `name` from dir (NULL: HO_TZ_DIR) into *out (initialised at
 * entry).  "UTC" and "Etc/UTC" are built in and need no file.
 * Returns HO_OK (owned: free with ho_tzif_release()), or
 *   HO_EINVAL     name fails ho_tz_name_ok();
 *   HO_ENOTFOUND  no such zone (also a directory such as "America");
 *   HO_EIO        the file or the zone directory cannot be read (diag has
 *                 errno; a missing zone directory says to install tzdata);
 *   HO_ELIMIT, HO_EPARSE as ho_tzif_parse().
 */
HO_MUST_CHECK ho_rc ho_tz_load(const char *dir, const char *name, struct ho_tz *out,
                               struct ho_diag *diag);

/* Free what a struct ho_tz owns and empty it; NULL-safe. */
void ho_tzif_release(struct ho_tz *tz);

#endif /* HO_DEFS_TZIF_H */
