/* SPDX-License-Identifier: MIT */
/*
 * store/outbox.c - the alert outbox calls of store.h, dispatched to the
 * backend's ops (the SQLite rows are store/sqlite.c's).
 */
#include <string.h>

#include "base/xalloc.h"
#include "store/backend.h"
#include "store/store.h"

ho_rc
ho_store_put_alert(struct ho_store *st, const struct ho_alert_fact *f, const char *status,
                   int64_t created, int64_t gen, struct ho_diag *diag)
{
    return ho_store_ops_of(st)->put_alert(ho_store_backend_of(st), f, status, created, gen, diag);
}

ho_rc
ho_store_load_alerts(struct ho_store *st, const struct ho_outbox_query *q,
                     struct ho_outbox_row **rows, size_t *n, struct ho_diag *diag)
{
    *rows = NULL;
    *n = 0;
    ho_rc rc = ho_store_ops_of(st)->load_alerts(ho_store_backend_of(st), q, rows, n, diag);
    if (rc != HO_OK) {
        ho_outbox_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
    }
    return rc;
}

void
ho_outbox_rows_free(struct ho_outbox_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        struct ho_outbox_row *r = &rows[i];
        char *texts[] = { r->id,         r->target,   r->kind,      r->lead,      r->rep,
                          r->stage_from, r->stage_to, r->criterion, r->top_rules, r->sla,
                          r->reason,     r->category, r->status,    r->last_error };
        for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
            ho_xfree(texts[k]);
    }
    ho_xfree(rows);
}

ho_rc
ho_store_alert_attempt(struct ho_store *st, const struct ho_outbox_row *r, struct ho_diag *diag)
{
    return ho_store_ops_of(st)->alert_attempt(ho_store_backend_of(st), r, diag);
}

ho_rc
ho_store_count_alerts(struct ho_store *st, struct ho_outbox_counts *out, struct ho_diag *diag)
{
    memset(out, 0, sizeof(*out));
    return ho_store_ops_of(st)->count_alerts(ho_store_backend_of(st), out, diag);
}

ho_rc
ho_store_alert_retry(struct ho_store *st, const char *id, int64_t now, size_t *n,
                     struct ho_diag *diag)
{
    *n = 0;
    return ho_store_ops_of(st)->alert_retry(ho_store_backend_of(st), id, now, n, diag);
}
