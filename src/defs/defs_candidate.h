/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_candidate.h - a candidate definitions text made from the active
 * one by changing values in place (what `handoff calibrate --out` writes):
 * the text stays the team's, with its comments, order and layout, and only
 * the values named change.
 *
 * Every value is located through the YAML tree's positions (line, column in
 * characters, as libyaml counts them) and the bytes there are checked to be
 * the value as written before they are replaced.  The candidate gets
 * `version: NUMBER` (added as the first line when the text has none) and
 * loses the owners' `signed:` entries: sign-offs of a new version are given
 * in the store (`defs sign`), never carried over in the file.
 */
#ifndef HO_DEFS_DEFS_CANDIDATE_H
#define HO_DEFS_DEFS_CANDIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_buf;

/* One value to set: key (points, max, min) of the rule named rule in the
 * top-level `fit:` list or in `behavior: rules:`; with rename the key is
 * written as rename too, with drop the key and its value are removed. */
struct ho_defs_edit {
    const char *rule;
    const char *key;
    double value;       /* written with %.15g */
    const char *rename; /* NULL: the key stays */
    bool drop;
};

/*
 * Append to out the text[0..len) with each edit applied, version set to
 * version and the owners' signed entries removed.  HO_EPARSE when the text
 * is not YAML; HO_ENOTFOUND (diag names it) when an edited rule or key is
 * not in the text; HO_EINVAL when a value cannot be located or is not a
 * plain scalar (an alias, a quoted or multi-line value).  Nothing is appended
 * on failure.
 */
HO_MUST_CHECK ho_rc ho_defs_candidate_text(const char *text, size_t len,
                                           const struct ho_defs_edit *edits, size_t n_edits,
                                           int64_t version, struct ho_buf *out,
                                           struct ho_diag *diag);

#endif /* HO_DEFS_DEFS_CANDIDATE_H */
