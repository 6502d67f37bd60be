/* SPDX-License-Identifier: MIT */
/*
 * app/defs_versions.h - definitions versions as the owners handle them
 * (issue 14): content-addressed versions, co-signing, activation, history.
 *
 * A version's number is the store's (1, 2, 3 ... in the order stored); its
 * hash is the SHA-256 of the normalised content (defs/defs_hash.c: without
 * comments, layout, `version:` and the owners' `signed:`).  The file's
 * `version:` must be the number: the same content as a stored version must
 * carry that version's number (or, for a version stored before the store
 * numbered them, the label it was stored with), new content the next free
 * number.
 *
 * Sign-offs are store rows bound to the hash they signed.  A version may be
 * activated when each owner side listed in its `owners` (both when none is
 * listed) has signed its current hash, or when forced; a forced activation
 * records what was missing.  The one-step flow (init/import --defs, defs
 * activate FILE) also takes the file's owners.*.signed dates as sign-offs,
 * recorded as coming from the file, as before.
 */
#ifndef HO_APP_DEFS_VERSIONS_H
#define HO_APP_DEFS_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/compiler.h"
#include "base/rc.h"
#include "store/store.h"

struct ho_strtab;

/* A version the store holds after propose or the one-step flow. */
struct ho_defs_stored {
    int64_t number;
    bool existed; /* the content was stored already (nothing added) */
    char hash[HO_DEFS_HASH_HEX + 1];
};

/* Validate text (named name in messages; problems appended to errors, may be
 * NULL) and store it as a draft version proposed by author (NULL: not
 * recorded) at now_ms.  HO_ECONFLICT with the file position when its
 * `version:` is not the number it must carry (the message says which). */
HO_MUST_CHECK ho_rc ho_app_defs_propose(struct ho_app *app, const char *text, size_t len,
                                        const char *name, const char *author, int64_t now_ms,
                                        struct ho_buf *errors, struct ho_defs_stored *out,
                                        struct ho_diag *diag);

/* The one-step flow (init/import --defs, defs activate FILE): the
 * definitions loaded from text (app->defs) are found among the stored
 * versions or stored as the next one, the file's signed dates are recorded
 * as sign-offs, and the version is activated under the policy (HO_ECONFLICT
 * naming the missing side unless force).  One transaction: nothing is
 * stored when refused.  Sets app->defs_id and app->defs_changed. */
HO_MUST_CHECK ho_rc ho_app_defs_activate_loaded_text(struct ho_app *app, const char *text,
                                                     size_t len, const char *name, bool force,
                                                     int64_t now_ms, struct ho_diag *diag);

/* What a sign-off must match besides the stored text's own hash. */
struct ho_defs_sign_check {
    const char *file; /* a copy of the file the signer reviewed; NULL: none */
    const char *file_text;
    size_t file_len;
    const char *hash_prefix; /* the hash (or its start) the signer reviewed; NULL: none */
};

/* Record side's sign-off by `by` on version number at now_ms, bound to its
 * hash.  HO_ENOTFOUND: no such version; HO_ECONFLICT: the hash changed (the
 * stored text no longer hashes to what was proposed, or check's file or
 * hash is not that version's), or side already signed it. */
HO_MUST_CHECK ho_rc ho_app_defs_sign(struct ho_app *app, int64_t number, enum ho_defs_side side,
                                     const char *by, const struct ho_defs_sign_check *check,
                                     int64_t now_ms, struct ho_diag *diag);

/* Activate stored version number at now_ms (by: who, may be NULL).
 * HO_ECONFLICT naming the missing side(s) unless force; a forced activation
 * records them.  Loads the version as app->defs and sets app->defs_id and
 * app->defs_changed (false when it was active already). */
HO_MUST_CHECK ho_rc ho_app_defs_activate_number(struct ho_app *app, int64_t number, bool force,
                                                const char *by, int64_t now_ms,
                                                struct ho_diag *diag);

/* The side's name: "marketing" or "sales". */
const char *ho_defs_side_name(enum ho_defs_side side);

/* ---- history ---- */

struct ho_defs_signoff_info {
    enum ho_defs_side side;
    const char *by;
    int64_t at;
    bool from_file;
    bool current; /* signed the version's hash as it is */
};

/* A period during which a version was active. */
struct ho_defs_span {
    int64_t from, to; /* to: 0 while still active */
    bool forced;
    const char *by;      /* NULL: not recorded */
    const char *missing; /* forced: the missing sign-offs; NULL: none */
    int64_t effective;   /* when it took over the leads (== from unless given) */
    bool restatement;    /* rebuild --as-of-version: it judged all history */
};

/* How a stored version is activated. */
struct ho_defs_activate_opts {
    bool force;        /* activate without both sign-offs (recorded) */
    const char *by;    /* who activates it; NULL: not recorded */
    int64_t effective; /* when it takes over the leads; INT64_MIN: the data's as-of time (the
                        * latest event).  Never before the version before it took effect
                        * (HO_ECONFLICT) */
    bool restate;      /* a restatement: it judges all history (rebuild --as-of-version) */
};

/* ho_app_defs_activate_number with the options: an effective time, or a
 * restatement (recorded even for the active version). */
HO_MUST_CHECK ho_rc ho_app_defs_activate_with(struct ho_app *app, int64_t number,
                                              const struct ho_defs_activate_opts *o, int64_t now_ms,
                                              struct ho_diag *diag);

/* One step of the timeline: version `number` in force from `from`
 * (INT64_MIN for the first). */
struct ho_defs_step {
    int64_t from, number;
};

/* The timeline of versions, from the activations since the latest
 * restatement: *out owned by the caller (ho_xfree); none when nothing was
 * ever activated. */
HO_MUST_CHECK ho_rc ho_app_defs_steps(struct ho_app *app, struct ho_defs_step **out, size_t *n,
                                      struct ho_diag *diag);

struct ho_defs_history_item {
    int64_t number, version;
    const char *hash;    /* "" when it cannot be computed */
    const char *author;  /* NULL: not recorded */
    int64_t proposed_at; /* 0: not recorded */
    bool active;
    struct ho_defs_signoff_info *signoffs; /* owned */
    size_t n_signoffs;
    struct ho_defs_span *spans; /* owned */
    size_t n_spans;
};

struct ho_defs_history {
    struct ho_strtab *strings;          /* owned: the texts above */
    struct ho_defs_history_item *items; /* owned, by number */
    size_t n;
};

/* Every stored version with its sign-offs and active spans.  out is
 * released with ho_defs_history_release() also on failure. */
HO_MUST_CHECK ho_rc ho_app_defs_history(struct ho_app *app, struct ho_defs_history *out,
                                        struct ho_diag *diag);
void ho_defs_history_release(struct ho_defs_history *h);

/* The stored text of version number (0: the active one) appended to text,
 * and the number in *out_number.  HO_ENOTFOUND when there is none. */
HO_MUST_CHECK ho_rc ho_app_defs_text(struct ho_app *app, int64_t number, struct ho_buf *text,
                                     int64_t *out_number, struct ho_diag *diag);

#endif /* HO_APP_DEFS_VERSIONS_H */
