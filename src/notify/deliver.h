/* SPDX-License-Identifier: MIT */
/*
 * notify/deliver.h - the delivery worker of the alert outbox (issue 11):
 * sends each pending row (store.h) to its destination with libcurl, signed
 * the Standard Webhooks way (notify/sign.h) or as a Slack Block Kit message
 * (notify/payload.h), and writes the outcome back: sent, or another attempt
 * after an exponential backoff with jitter (after the Retry-After of a 429
 * or 503 when it gives one), or dead once the next attempt would fall past
 * notify.retry_for from the alert's recording (or its last `alerts retry`),
 * or at once on 410 Gone (the endpoint is gone: ecosystem.md §4).  Rows of one lead go out in the
 * order they were recorded: a lead's later alert waits while an earlier one waits for its retry.
 *
 * The outcomes of a round are committed together (every 64 rows at the
 * latest) in a short transaction of their own, after the requests, so the
 * worker takes one write lock per batch from the writer's group commits; a
 * kill -9 at any moment loses nothing: a row sent but not yet marked is
 * sent again with the same webhook-id, which the receiver dedupes on.
 */
#ifndef HO_NOTIFY_DELIVER_H
#define HO_NOTIFY_DELIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_defs;
struct ho_store;
struct ho_outbox_row;
struct ho_buf;

/* First retry delay; each further one doubles it, up to HO_DELIVER_MAX_DELAY_MS.
 * Jitter: each delay is scaled by a random factor in [0.5, 1). */
#define HO_DELIVER_BASE_DELAY_MS 1000
#define HO_DELIVER_MAX_DELAY_MS  (10 * 60 * 1000)

struct ho_deliver_stats {
    size_t sent;    /* delivered (2xx) */
    size_t failed;  /* attempts that failed (and will be retried) */
    size_t dead;    /* rows given up */
    size_t waiting; /* pending rows not due yet (or behind one of their lead's) */
};

struct ho_deliverer;

/* A worker over st (borrowed; opened writable) with the definitions defs
 * (borrowed: destinations, reps, retry_for, link).  Owned: ho_deliver_free(). */
HO_MUST_CHECK ho_rc ho_deliver_new(struct ho_store *st, const struct ho_defs *defs,
                                   struct ho_deliverer **out, struct ho_diag *diag);
void ho_deliver_free(struct ho_deliverer *w); /* NULL-safe */

/* One round at wall time now (ms): every pending row due by now, in order.
 * *stats counts this round.  Store failures stop the round (HO_ESTORE). */
HO_MUST_CHECK ho_rc ho_deliver_round(struct ho_deliverer *w, int64_t now,
                                     struct ho_deliver_stats *stats, struct ho_diag *diag);

/* The request one row makes: its URL, its secret (NULL for Slack), whether
 * it is Slack, and its body (appended to body).  HO_ENOTFOUND with the reason
 * in diag when the row's target cannot be reached under the definitions. */
HO_MUST_CHECK ho_rc ho_deliver_request(const struct ho_defs *defs, const struct ho_outbox_row *r,
                                       const char **url, const char **secret, bool *slack,
                                       struct ho_buf *body, struct ho_diag *diag);

/* The lead id of `alerts test`'s sample (a reserved domain: never a real lead). */
#define HO_DELIVER_SAMPLE_LEAD "sample@handoff.invalid"

/* Send one signed sample lead.mql (a fresh random id, the lead
 * HO_DELIVER_SAMPLE_LEAD, fit 35 + behavior 30) to name: a destination of
 * notify, or a rep (the rep's webhook, else the fallback), at now; nothing
 * is recorded.  *status is the HTTP status (0: no answer); HO_ENOTFOUND for
 * an unknown name, HO_EIO when the attempt failed (why in diag). */
HO_MUST_CHECK ho_rc ho_deliver_test(struct ho_deliverer *w, const char *name, int64_t now,
                                    long *status, struct ho_diag *diag);

/* Wall-clock milliseconds. */
int64_t ho_deliver_now(void);

#endif /* HO_NOTIFY_DELIVER_H */
