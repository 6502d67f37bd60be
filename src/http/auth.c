/* SPDX-License-Identifier: MIT */
/*
 * http/auth.c - who may call a route: the bearer token, or the Segment
 * write key (Basic auth user, or writeKey in the body), looked up among the
 * stored tokens' SHA-256 (app/tokens.h).
 *
 * The tokens are read from the database at most once a second into memory
 * (a read-only handle of its own), so a token created or revoked with
 * `handoff token` takes effect within a second without a restart.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "app/tokens.h"
#include "base/xalloc.h"
#include "http/auth.h"
#include "store/store.h"

#define RELOAD_MS 1000

struct ho_http_auth {
    const char *db_path;
    pthread_mutex_t mu;
    struct ho_token_row *rows;
    size_t n;
    int64_t loaded_ms; /* monotonic; INT64_MIN: never */
};

static int64_t
mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read the tokens again (under the mutex); on failure the old ones stay. */
static ho_rc
reload(struct ho_http_auth *a, struct ho_diag *diag)
{
    struct ho_store_opts o = { .mode = HO_STORE_READ_ONLY };
    struct ho_store *st = NULL;
    ho_rc rc = ho_store_open_with(a->db_path, &o, &st, diag);
    struct ho_token_row *rows = NULL;
    size_t n = 0;
    if (rc == HO_OK)
        rc = ho_store_load_tokens(st, &rows, &n, diag);
    ho_store_close(st);
    a->loaded_ms = mono_ms();
    if (rc != HO_OK) {
        ho_xfree(rows);
        return rc;
    }
    ho_xfree(a->rows);
    a->rows = rows;
    a->n = n;
    return HO_OK;
}

ho_rc
ho_http_auth_new(const char *db_path, struct ho_http_auth **out, struct ho_diag *diag)
{
    struct ho_http_auth *a = ho_xcalloc(1, sizeof(*a));
    a->db_path = db_path;
    pthread_mutex_init(&a->mu, NULL);
    ho_rc rc = reload(a, diag);
    if (rc != HO_OK) {
        ho_http_auth_free(a);
        a = NULL;
    }
    *out = a;
    return rc;
}

void
ho_http_auth_free(struct ho_http_auth *a)
{
    if (!a)
        return;
    pthread_mutex_destroy(&a->mu);
    ho_xfree(a->rows);
    ho_xfree(a);
}

enum ho_auth_result
ho_http_auth_check(struct ho_http_auth *a, const char *token, size_t len, enum ho_token_scope need)
{
    if (!token || len == 0)
        return HO_AUTH_MISSING;
    pthread_mutex_lock(&a->mu);
    if (mono_ms() - a->loaded_ms >= RELOAD_MS)
        (void)reload(a, NULL); /* a failed reload keeps the tokens read before */
    const struct ho_token_row *t = ho_token_find(a->rows, a->n, token, len);
    enum ho_auth_result res = HO_AUTH_INVALID;
    enum ho_token_scope have;
    if (t && ho_token_scope_parse(t->scope, &have))
        res = ho_token_scope_allows(have, need) ? HO_AUTH_OK : HO_AUTH_FORBIDDEN;
    pthread_mutex_unlock(&a->mu);
    return res;
}
