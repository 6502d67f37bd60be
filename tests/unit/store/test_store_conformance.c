/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/store/test_store_conformance.c - what every store backend must
 * do, written against struct ho_store_ops (store/backend.h) only and run
 * once per backend: SQLite, and the fault backend with no faults (it must
 * be a transparent wrapper).  A new backend (PostgreSQL) adds one entry to
 * `backends` below and must pass the same suite.
 *
 * Covered: the event log by owner (rows by key and by id, replaced, scanned;
 * seen by another handle), id fingerprint buckets, the
 * relations a lead's history is read by, the same key written twice (lead, journeys, visitor,
 * spend, setting: one row, the documented winner), transactions rolled back,
 * settings, the definitions versions, lead/journey/clock round trips, the
 * journey scan, the compact journey table and its dictionary, spend, and
 * the schema version.  Event blobs are opaque to
 * a backend, so the suite stores plain bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "core/journey.h"
#include "core/pipeline.h"
#include "core/sla.h"
#include "core/top_funnel.h"
#include "store/backend.h"
#include "store/store.h"
#include "support/store_faults.h"

/* How to open a fresh database of one backend at path. */
struct backend {
    const char *name;
    ho_rc (*open)(const char *path, const struct ho_store_ops **ops, struct ho_store_backend **out,
                  struct ho_diag *diag);
};

static const struct ho_store_opts create_opts = { .mode = HO_STORE_CREATE,
                                                  .durability = HO_DURABLE_NORMAL };

static ho_rc
open_sqlite(const char *path, const struct ho_store_ops **ops, struct ho_store_backend **out,
            struct ho_diag *diag)
{
    *ops = &ho_sqlite_ops;
    return ho_sqlite_open(path, &create_opts, out, diag);
}

static struct ho_store_faults no_faults; /* both counters 0: forward only */

static ho_rc
open_faults_off(const char *path, const struct ho_store_ops **ops, struct ho_store_backend **out,
                struct ho_diag *diag)
{
    struct ho_store_backend *inner = NULL;
    *ops = &ho_faults_ops;
    ho_rc rc = ho_sqlite_open(path, &create_opts, &inner, diag);
    *out = rc == HO_OK ? ho_faults_wrap(&ho_sqlite_ops, inner, &no_faults) : NULL;
    return rc;
}

static const struct backend sqlite_backend = { "sqlite", open_sqlite };
static const struct backend faults_backend = { "faults (off) over sqlite", open_faults_off };

struct fx {
    const struct backend *kind;
    char path[80];
    const struct ho_store_ops *ops;
    struct ho_store_backend *b;
    struct ho_strtab *s;
};

static void
remove_db(const char *path)
{
    char side[96];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

static int
setup(void **state)
{
    struct fx *f = ho_xcalloc(1, sizeof(*f));
    f->kind = *state;
    snprintf(f->path, sizeof(f->path), "/tmp/ho_test_conformance_%d.db", (int)getpid());
    remove_db(f->path);
    assert_int_equal(f->kind->open(f->path, &f->ops, &f->b, NULL), HO_OK);
    f->s = ho_strtab_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    f->ops->close(f->b);
    ho_strtab_free(f->s);
    remove_db(f->path);
    ho_xfree(f);
    return 0;
}

/* ---- the event log, by owner ---- */

struct rows_seen {
    int64_t id[4];
    char data[4][16];
    size_t n;
};

static ho_rc
collect_row(void *ctx, int64_t id, const uint8_t *data, size_t len, struct ho_diag *diag)
{
    (void)diag;
    struct rows_seen *c = ctx;
    assert_true(c->n < 4 && len < 16);
    c->id[c->n] = id;
    memcpy(c->data[c->n], data, len);
    c->data[c->n++][len] = '\0';
    return HO_OK;
}

/* Store blob under key (a new row when *row has id 0). */
static void
put_owner(struct fx *f, const char *key, struct ho_owner_row *row, const char *blob)
{
    assert_int_equal(
        f->ops->owner_put(f->b, key, strlen(key), row, (const uint8_t *)blob, strlen(blob), NULL),
        HO_OK);
}

static void
test_owner_rows_round_trip_by_key_and_by_id(void **state)
{
    struct fx *f = *state;
    struct ho_buf data = HO_BUF_INIT, key = HO_BUF_INIT;
    struct ho_owner_row got = { 0 };
    struct rows_seen all = { 0 };
    assert_int_equal(f->ops->owner_get(f->b, "La@x.io", 7, &got, &data, NULL), HO_ENOTFOUND);
    assert_int_equal(f->ops->owner_scan(f->b, collect_row, &all, NULL), HO_OK);
    assert_int_equal(all.n, 0);

    struct ho_owner_row a = { .n_events = 2, .chunks = 1 }, b = { .n_events = 1, .chunks = 1 };
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    put_owner(f, "La@x.io", &a, "first");
    put_owner(f, "Aacme.io", &b, "second");
    a.n_events = 5;
    a.chunks = 2;
    put_owner(f, "La@x.io", &a, "first+more"); /* replaces: a has its id now */
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);
    assert_true(a.id > 0 && b.id > 0 && a.id != b.id);

    assert_int_equal(f->ops->owner_get(f->b, "La@x.io", 7, &got, &data, NULL), HO_OK);
    assert_int_equal(got.id, a.id);
    assert_int_equal(got.n_events, 5);
    assert_int_equal(got.chunks, 2);
    assert_int_equal(data.len, 10);
    assert_memory_equal(data.ptr, "first+more", 10);
    assert_int_equal(f->ops->owner_get_id(f->b, b.id, &key, &data, NULL), HO_OK);
    assert_int_equal(key.len, 8);
    assert_memory_equal(key.ptr, "Aacme.io", 8);
    assert_memory_equal(data.ptr, "second", 6);
    assert_int_equal(f->ops->owner_get_id(f->b, a.id + b.id + 1, &key, &data, NULL), HO_ENOTFOUND);
    assert_int_equal(f->ops->owner_scan(f->b, collect_row, &all, NULL), HO_OK);
    assert_int_equal(all.n, 2); /* one row per owner, in row order */
    assert_string_equal(all.data[0], "first+more");
    assert_string_equal(all.data[1], "second");
    ho_buf_release(&data);
    ho_buf_release(&key);
}

/* Another handle on the same database reads what a writer committed: the
 * engine's duplicate checks across processes rely on it. */
static void
test_another_handle_reads_committed_owner_rows(void **state)
{
    struct fx *f = *state;
    const struct ho_store_ops *ops2;
    struct ho_store_backend *b2;
    assert_int_equal(f->kind->open(f->path, &ops2, &b2, NULL), HO_OK);
    struct ho_owner_row r = { .n_events = 1, .chunks = 1 };
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    put_owner(f, "La@x.io", &r, "by one");
    assert_int_equal(f->ops->id_bucket_put(f->b, 77, (const uint8_t *)"ids", 3, NULL), HO_OK);
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);
    struct rows_seen got = { 0 };
    assert_int_equal(ops2->owner_scan(b2, collect_row, &got, NULL), HO_OK);
    assert_int_equal(got.n, 1);
    assert_string_equal(got.data[0], "by one");
    struct ho_buf ids = HO_BUF_INIT;
    assert_int_equal(ops2->id_bucket_get(b2, 77, &ids, NULL), HO_OK);
    assert_int_equal(ids.len, 3);
    assert_memory_equal(ids.ptr, "ids", 3);
    ho_buf_release(&ids);
    ops2->close(b2);
}

/* Fingerprint buckets are blobs by number (store.c gives them meaning): read
 * back as written, replaced, and missing until written. */
static void
test_id_buckets_round_trip_and_are_replaced(void **state)
{
    struct fx *f = *state;
    struct ho_buf got = HO_BUF_INIT;
    assert_int_equal(f->ops->id_bucket_get(f->b, -5, &got, NULL), HO_ENOTFOUND);
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->id_bucket_put(f->b, -5, (const uint8_t *)"one", 3, NULL), HO_OK);
    assert_int_equal(f->ops->id_bucket_put(f->b, 6, (const uint8_t *)"six", 3, NULL), HO_OK);
    assert_int_equal(f->ops->id_bucket_put(f->b, -5, (const uint8_t *)"again", 5, NULL), HO_OK);
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->id_bucket_get(f->b, -5, &got, NULL), HO_OK);
    assert_int_equal(got.len, 5);
    assert_memory_equal(got.ptr, "again", 5);
    assert_int_equal(f->ops->id_bucket_get(f->b, 6, &got, NULL), HO_OK);
    assert_memory_equal(got.ptr, "six", 3);
    assert_int_equal(f->ops->id_bucket_get(f->b, 7, &got, NULL), HO_ENOTFOUND);
    ho_buf_release(&got);
}

struct texts {
    char t[4][16];
    size_t n;
};

static ho_rc
collect_text(void *ctx, const char *text, size_t len, struct ho_diag *diag)
{
    (void)diag;
    struct texts *c = ctx;
    assert_true(c->n < 4 && len < 16);
    memcpy(c->t[c->n], text, len);
    c->t[c->n++][len] = '\0';
    return HO_OK;
}

static struct texts
related(struct fx *f, enum ho_store_relation rel, const char *key)
{
    struct texts got = { 0 };
    assert_int_equal(f->ops->related(f->b, rel, key, collect_text, &got, NULL), HO_OK);
    return got;
}

/* The relations a lead's history is read by: accounts both ways, and the
 * visitor's lead by its earliest link, ties broken by the event id. */
static void
test_relations_give_a_leads_accounts_and_visitors(void **state)
{
    struct fx *f = *state;
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->link_account(f->b, "a@x.io", "acme.io", NULL), HO_OK);
    assert_int_equal(f->ops->link_account(f->b, "a@x.io", "acme.io", NULL), HO_OK);
    assert_int_equal(f->ops->link_account(f->b, "b@x.io", "acme.io", NULL), HO_OK);
    assert_int_equal(f->ops->put_visitor(f->b, "v1", 300, "b@x.io", "e-9", NULL), HO_OK);
    assert_int_equal(f->ops->put_visitor(f->b, "v1", 300, "a@x.io", "e-2", NULL), HO_OK);
    assert_int_equal(f->ops->put_visitor(f->b, "v1", 300, "c@x.io", "e-5", NULL), HO_OK);
    assert_int_equal(f->ops->put_visitor(f->b, "v2", 100, NULL, "e-1", NULL), HO_OK);
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);
    struct texts t = related(f, HO_REL_ACCOUNTS_OF_LEAD, "a@x.io");
    assert_int_equal(t.n, 1);
    assert_string_equal(t.t[0], "acme.io");
    t = related(f, HO_REL_LEADS_OF_ACCOUNT, "acme.io");
    assert_int_equal(t.n, 2);
    assert_true(strcmp(t.t[0], t.t[1]) != 0);
    t = related(f, HO_REL_LEAD_OF_VISITOR, "v1"); /* same ts: the smallest id, e-2 */
    assert_int_equal(t.n, 1);
    assert_string_equal(t.t[0], "a@x.io");
    t = related(f, HO_REL_VISITORS_OF_LEAD, "a@x.io");
    assert_int_equal(t.n, 1);
    assert_string_equal(t.t[0], "v1");
    assert_int_equal(related(f, HO_REL_LEAD_OF_VISITOR, "v2").n, 0); /* never linked */
    assert_int_equal(related(f, HO_REL_VISITORS_OF_LEAD, "b@x.io").n, 0);
}

/* ---- transactions ---- */

static struct ho_journey
journey(uint32_t n, enum ho_stage last, bool closed)
{
    struct ho_journey j = { .n = n,
                            .first = HO_STAGE_MQL,
                            .furthest = HO_STAGE_MQL,
                            .last = last,
                            .closed = closed,
                            .criterion = HO_CRITERION_SCORE };
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        j.entered[k] = HO_TIME_NONE;
    j.entered[HO_STAGE_MQL] = 1000 * n;
    j.assigned_at = j.first_contact_at = j.contact_made_at = j.revisit_at = HO_TIME_NONE;
    return j;
}

static struct ho_lead_record
lead(const char *id, const char *stage, const struct ho_journey_record *jr, size_t n)
{
    return (struct ho_lead_record){ .lead = id,
                                    .account = "acme.io",
                                    .channel = "webinar",
                                    .stage = stage,
                                    .fit = 20,
                                    .behavior = 35,
                                    .as_of = 5000,
                                    .created = 900,
                                    .last_event = 4000,
                                    .defs_id = 1,
                                    .last_behavior = HO_TIME_NONE,
                                    .journeys = jr,
                                    .n_journeys = n };
}

static size_t
count_leads(struct fx *f)
{
    struct ho_lead_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->load_leads(f->b, f->s, &rows, &n, NULL), HO_OK);
    ho_xfree(rows);
    return n;
}

static void
test_a_rolled_back_transaction_leaves_nothing(void **state)
{
    struct fx *f = *state;
    struct ho_journey j = journey(1, HO_STAGE_MQL, false);
    struct ho_journey_record jr = { .j = &j };
    struct ho_lead_record l = lead("a@x.io", "mql", &jr, 1);
    int64_t id = 0, v;
    struct ho_buf text = HO_BUF_INIT;
    struct ho_owner_row row = { .n_events = 1, .chunks = 1 };
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    put_owner(f, "La@x.io", &row, "gone");
    assert_int_equal(f->ops->put_lead(f->b, &l, true, NULL), HO_OK);
    assert_int_equal(f->ops->meta_set(f->b, "as_of", 42, NULL), HO_OK);
    assert_int_equal(f->ops->insert_defs(f->b, 1, "x: 1", 4, false, 7, &id, NULL), HO_OK);
    assert_int_equal(f->ops->put_spend(f->b, "webinar", 2026 * 12, 10, NULL), HO_OK);
    f->ops->rollback(f->b);
    struct ho_owner_row got = { 0 };
    assert_int_equal(f->ops->owner_get(f->b, "La@x.io", 7, &got, &text, NULL), HO_ENOTFOUND);
    assert_int_equal(count_leads(f), 0);
    assert_int_equal(f->ops->meta_get(f->b, "as_of", &v, NULL), HO_ENOTFOUND);
    assert_int_equal(f->ops->active_defs(f->b, &text, &id, NULL), HO_ENOTFOUND);
    struct ho_spend_row *sp = NULL;
    size_t ns = 9;
    assert_int_equal(f->ops->load_spend(f->b, f->s, &sp, &ns, NULL), HO_OK);
    assert_int_equal(ns, 0);
    ho_xfree(sp);
    ho_buf_release(&text);
}

/* ---- settings, definitions, schema ---- */

static void
test_a_setting_is_unset_then_set_then_replaced(void **state)
{
    struct fx *f = *state;
    int64_t v = 0;
    assert_int_equal(f->ops->meta_get(f->b, "as_of", &v, NULL), HO_ENOTFOUND);
    assert_int_equal(f->ops->meta_set(f->b, "as_of", 1772532300000LL, NULL), HO_OK);
    assert_int_equal(f->ops->meta_get(f->b, "as_of", &v, NULL), HO_OK);
    assert_int_equal(v, 1772532300000LL);
    assert_int_equal(f->ops->meta_set(f->b, "as_of", -5, NULL), HO_OK);
    assert_int_equal(f->ops->meta_get(f->b, "as_of", &v, NULL), HO_OK);
    assert_int_equal(v, -5);
}

static void
test_inserted_definitions_become_the_only_active_version(void **state)
{
    struct fx *f = *state;
    struct ho_buf text = HO_BUF_INIT;
    int64_t id1 = 0, id2 = 0, active = 0;
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->insert_defs(f->b, 1, "version: 1", 10, false, 7, &id1, NULL), HO_OK);
    assert_int_equal(f->ops->insert_defs(f->b, 1, "version: 2", 10, true, 8, &id2, NULL), HO_OK);
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);
    assert_true(id2 != id1);
    assert_int_equal(f->ops->active_defs(f->b, &text, &active, NULL), HO_OK);
    assert_int_equal(active, id2);
    assert_string_equal(ho_buf_cstr(&text), "version: 2");
    ho_buf_release(&text);
}

/* Versions keep the number they were stored under, a taken number is
 * refused, and a legacy row (insert_defs) is listed with its activation. */
static void
test_definitions_versions_keep_their_number_hash_and_text(void **state)
{
    struct fx *f = *state;
    uint32_t h1 = ho_strtab_intern(f->s, "aa11", 4), dana = ho_strtab_intern(f->s, "Dana", 4);
    struct ho_defs_version_row v1 = {
        .id = 1, .version = 1, .hash = h1, .author = dana, .proposed_at = 100
    };
    struct ho_defs_version_row v2 = { .id = 2, .version = 2, .proposed_at = 200 };
    int64_t legacy = 0;
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->defs_add(f->b, &v1, f->s, "one", 3, NULL), HO_OK);
    assert_int_equal(f->ops->defs_add(f->b, &v2, f->s, "two", 3, NULL), HO_OK);
    assert_int_equal(f->ops->defs_add(f->b, &v2, f->s, "again", 5, NULL), HO_ECONFLICT);
    assert_int_equal(f->ops->insert_defs(f->b, 9, "three", 5, true, 300, &legacy, NULL), HO_OK);
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);
    assert_int_equal(legacy, 3); /* the next number */
    assert_int_equal(f->ops->defs_set_hash(f->b, 2, "bb22", NULL), HO_OK);

    struct ho_strtab *s2 = ho_strtab_new();
    struct ho_defs_version_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->defs_versions(f->b, s2, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, 1);
    assert_string_equal(ho_strtab_str(s2, rows[0].hash), "aa11");
    assert_string_equal(ho_strtab_str(s2, rows[0].author), "Dana");
    assert_int_equal(rows[0].proposed_at, 100);
    assert_false(rows[0].active);
    assert_int_equal(rows[0].activated_at, 0);
    assert_string_equal(ho_strtab_str(s2, rows[1].hash), "bb22");
    assert_int_equal(rows[1].author, 0);
    assert_int_equal(rows[2].version, 9);
    assert_int_equal(rows[2].hash, 0);
    assert_true(rows[2].active && rows[2].forced);
    assert_int_equal(rows[2].activated_at, 300);
    ho_xfree(rows);
    ho_strtab_free(s2);

    struct ho_buf text = HO_BUF_INIT;
    assert_int_equal(f->ops->defs_text(f->b, 2, &text, NULL), HO_OK);
    assert_string_equal(ho_buf_cstr(&text), "two");
    assert_int_equal(f->ops->defs_text(f->b, 7, &text, NULL), HO_ENOTFOUND);
    ho_buf_release(&text);
}

/* Activating a version makes it the only active one and appends the
 * activation; an unknown number is refused and changes nothing. */
static void
test_activations_are_recorded_in_order_with_who_and_what_was_missing(void **state)
{
    struct fx *f = *state;
    struct ho_defs_version_row v1 = { .id = 1, .version = 1 }, v2 = { .id = 2, .version = 2 };
    uint32_t admin = ho_strtab_intern(f->s, "admin", 5), sales = ho_strtab_intern(f->s, "sales", 5);
    struct ho_defs_activation_row a1 = { .defs_id = 1, .at = 1000 };
    struct ho_defs_activation_row a2 = {
        .defs_id = 2, .at = 2000, .forced = true, .by = admin, .missing = sales
    };
    struct ho_defs_activation_row bad = { .defs_id = 5, .at = 3000 };
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->defs_add(f->b, &v1, f->s, "one", 3, NULL), HO_OK);
    assert_int_equal(f->ops->defs_add(f->b, &v2, f->s, "two", 3, NULL), HO_OK);
    assert_int_equal(f->ops->defs_activate(f->b, &a1, f->s, NULL), HO_OK);
    assert_int_equal(f->ops->defs_activate(f->b, &a2, f->s, NULL), HO_OK);
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->defs_activate(f->b, &bad, f->s, NULL), HO_ENOTFOUND);
    f->ops->rollback(f->b);

    struct ho_buf text = HO_BUF_INIT;
    int64_t active = 0;
    assert_int_equal(f->ops->active_defs(f->b, &text, &active, NULL), HO_OK);
    assert_int_equal(active, 2);
    assert_string_equal(ho_buf_cstr(&text), "two");
    ho_buf_release(&text);

    struct ho_strtab *s2 = ho_strtab_new();
    struct ho_defs_activation_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->defs_activations(f->b, s2, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 2);
    assert_true(rows[0].seq < rows[1].seq);
    assert_int_equal(rows[0].defs_id, 1);
    assert_int_equal(rows[0].at, 1000);
    assert_false(rows[0].forced);
    assert_int_equal(rows[0].by, 0);
    assert_int_equal(rows[1].defs_id, 2);
    assert_true(rows[1].forced);
    assert_string_equal(ho_strtab_str(s2, rows[1].by), "admin");
    assert_string_equal(ho_strtab_str(s2, rows[1].missing), "sales");
    ho_xfree(rows);

    struct ho_defs_version_row *v = NULL;
    assert_int_equal(f->ops->defs_versions(f->b, s2, &v, &n, NULL), HO_OK);
    assert_int_equal(n, 2);
    assert_false(v[0].active);
    assert_true(v[1].active);
    assert_int_equal(v[0].activated_at, 1000); /* the first activation */
    ho_xfree(v);
    ho_strtab_free(s2);
}

/* Sign-offs come back per version, in the order recorded, with the hash
 * each one signed. */
static void
test_signoffs_keep_side_signer_hash_and_origin(void **state)
{
    struct fx *f = *state;
    struct ho_defs_version_row v1 = { .id = 1, .version = 1 }, v2 = { .id = 2, .version = 2 };
    uint32_t lee = ho_strtab_intern(f->s, "Lee", 3), dana = ho_strtab_intern(f->s, "Dana", 4);
    uint32_t h = ho_strtab_intern(f->s, "cafe", 4);
    struct ho_defs_signoff_row s2 = {
        .defs_id = 2, .side = HO_SIDE_SALES, .by = lee, .hash = h, .at = 50
    };
    struct ho_defs_signoff_row s1 = {
        .defs_id = 1, .side = HO_SIDE_MARKETING, .by = dana, .hash = h, .at = 60, .from_file = true
    };
    assert_int_equal(f->ops->begin(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->defs_add(f->b, &v1, f->s, "one", 3, NULL), HO_OK);
    assert_int_equal(f->ops->defs_add(f->b, &v2, f->s, "two", 3, NULL), HO_OK);
    assert_int_equal(f->ops->defs_sign(f->b, &s2, f->s, NULL), HO_OK);
    assert_int_equal(f->ops->defs_sign(f->b, &s1, f->s, NULL), HO_OK);
    assert_int_equal(f->ops->commit(f->b, NULL), HO_OK);

    struct ho_strtab *t = ho_strtab_new();
    struct ho_defs_signoff_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->defs_signoffs(f->b, t, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].defs_id, 1); /* by version */
    assert_int_equal(rows[0].side, HO_SIDE_MARKETING);
    assert_string_equal(ho_strtab_str(t, rows[0].by), "Dana");
    assert_true(rows[0].from_file);
    assert_int_equal(rows[0].at, 60);
    assert_int_equal(rows[1].side, HO_SIDE_SALES);
    assert_string_equal(ho_strtab_str(t, rows[1].by), "Lee");
    assert_string_equal(ho_strtab_str(t, rows[1].hash), "cafe");
    assert_false(rows[1].from_file);
    ho_xfree(rows);
    ho_strtab_free(t);
}

static void
test_the_schema_version_is_the_one_this_build_writes(void **state)
{
    struct fx *f = *state;
    int64_t v = 0;
    assert_int_equal(f->ops->schema_version(f->b, &v, NULL), HO_OK);
    assert_int_equal(v, HO_SCHEMA_VERSION);
}

/* ---- derived state ---- */

static void
test_a_lead_its_journeys_and_clocks_round_trip(void **state)
{
    struct fx *f = *state;
    struct ho_journey j1 = journey(1, HO_STAGE_NURTURE, true);
    j1.entered[HO_STAGE_NURTURE] = 2500;
    struct ho_journey j2 = journey(2, HO_STAGE_SAL, false);
    j2.furthest = HO_STAGE_SAL;
    j2.entered[HO_STAGE_SAL] = 3000;
    j2.assigned_at = 2100;
    j2.first_contact_at = 2200;
    j2.contact_made_at = 2300;
    j2.contact_channels_48h = 3;
    j2.has_amount = true;
    j2.amount = 1200.5;
    j2.monthly = 100.25;
    j2.criteria_at_mql = 5;
    j2.rules_at_mql = (uint64_t)1 << 63;
    struct ho_journey_record jr[2] = {
        { .j = &j1, .criterion = "min_score", .reason = "bad_timing" },
        { .j = &j2, .criterion = "min_score", .rep = "kim", .pool = "emea" },
    };
    struct ho_sla_clock c = { .journey = 1, .sla = 0, .started = 2000, .stopped = HO_TIME_NONE };
    struct ho_clock_record cr = {
        .c = &c, .name = "first_touch", .within_ms = 3600000, .raw = true
    };
    struct ho_lead_record l = lead("a@x.io", "sal", jr, 2);
    l.campaign = "spring";
    l.heard_about = "podcast";
    l.employees = "120";
    l.clocks = &cr;
    l.n_clocks = 1;
    assert_int_equal(f->ops->put_lead(f->b, &l, true, NULL), HO_OK);

    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->load_journeys(f->b, f->s, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 2);
    const struct ho_journey_row *r = &rows[1];
    assert_string_equal(ho_strtab_str(f->s, r->lead), "a@x.io");
    assert_string_equal(ho_strtab_str(f->s, r->channel), "webinar");
    assert_string_equal(ho_strtab_str(f->s, r->campaign), "spring");
    assert_string_equal(ho_strtab_str(f->s, r->account), "acme.io");
    assert_string_equal(ho_strtab_str(f->s, r->heard_about), "podcast");
    assert_string_equal(ho_strtab_str(f->s, r->employees), "120");
    assert_int_equal(r->j.n, 2);
    assert_int_equal(r->j.first, HO_STAGE_MQL);
    assert_int_equal(r->j.furthest, HO_STAGE_SAL);
    assert_int_equal(r->j.last, HO_STAGE_SAL);
    assert_false(r->j.closed);
    assert_int_equal(r->j.criterion, HO_CRITERION_SCORE);
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        assert_true(r->j.entered[k] == j2.entered[k]);
    assert_string_equal(ho_strtab_str(f->s, r->j.rep), "kim");
    assert_string_equal(ho_strtab_str(f->s, r->j.pool), "emea");
    assert_int_equal(r->j.assigned_at, 2100);
    assert_int_equal(r->j.first_contact_at, 2200);
    assert_int_equal(r->j.contact_made_at, 2300);
    assert_int_equal(r->j.contact_channels_48h, 3);
    assert_true(r->j.has_amount && r->j.amount == 1200.5 && r->j.monthly == 100.25);
    assert_true(r->j.revisit_at == HO_TIME_NONE);
    assert_int_equal(r->j.criteria_at_mql, 5);
    assert_true(r->j.rules_at_mql == (uint64_t)1 << 63);
    /* the first journey: closed, with its reason and no sales facts */
    assert_true(rows[0].j.closed);
    assert_int_equal(rows[0].j.last, HO_STAGE_NURTURE);
    assert_string_equal(ho_strtab_str(f->s, rows[0].j.reason), "bad_timing");
    assert_int_equal(rows[0].j.rep, 0);
    assert_false(rows[0].j.has_amount);
    ho_xfree(rows);

    struct ho_lead_row *leads = NULL;
    assert_int_equal(f->ops->load_leads(f->b, f->s, &leads, &n, NULL), HO_OK);
    assert_int_equal(n, 1);
    assert_int_equal(leads[0].stage, HO_STAGE_SAL);
    assert_true(leads[0].fit == 20 && leads[0].behavior == 35);
    assert_int_equal(leads[0].created, 900);
    assert_int_equal(leads[0].last_event, 4000);
    assert_true(leads[0].last_behavior == HO_TIME_NONE);
    ho_xfree(leads);

    struct ho_clock_row *clocks = NULL;
    assert_int_equal(f->ops->load_clocks(f->b, f->s, &clocks, &n, NULL), HO_OK);
    assert_int_equal(n, 1);
    assert_int_equal(clocks[0].journey, 2); /* the journey's number, not its index */
    assert_string_equal(ho_strtab_str(f->s, clocks[0].name), "first_touch");
    assert_string_equal(ho_strtab_str(f->s, clocks[0].rep), "kim");
    assert_int_equal(clocks[0].started, 2000);
    assert_true(clocks[0].stopped == HO_TIME_NONE);
    assert_int_equal(clocks[0].stop_event, 0);
    assert_int_equal(clocks[0].within_ms, 3600000);
    assert_true(clocks[0].raw);
    ho_xfree(clocks);
}

/* A lead put again replaces its row, journeys and clocks; clear_state
 * deletes all derived rows. */
static void
test_a_lead_put_twice_is_replaced_and_clear_state_empties_it(void **state)
{
    struct fx *f = *state;
    struct ho_journey j1 = journey(1, HO_STAGE_MQL, false), j2 = journey(2, HO_STAGE_MQL, false);
    struct ho_journey_record jr[2] = { { .j = &j1 }, { .j = &j2 } };
    struct ho_sla_clock c = { .journey = 0, .started = 1000, .stopped = HO_TIME_NONE };
    struct ho_clock_record cr = { .c = &c, .name = "first_touch", .within_ms = 1 };
    struct ho_lead_record l = lead("a@x.io", "mql", jr, 2);
    l.clocks = &cr;
    l.n_clocks = 1;
    assert_int_equal(f->ops->put_lead(f->b, &l, true, NULL), HO_OK);
    l = lead("a@x.io", "nurture", jr, 1);
    assert_int_equal(f->ops->put_lead(f->b, &l, true, NULL), HO_OK);
    struct ho_journey_row *rows = NULL;
    struct ho_clock_row *clocks = NULL;
    struct ho_lead_row *leads = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->load_journeys(f->b, f->s, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 1);
    ho_xfree(rows);
    assert_int_equal(f->ops->load_clocks(f->b, f->s, &clocks, &n, NULL), HO_OK);
    assert_int_equal(n, 0);
    ho_xfree(clocks);
    assert_int_equal(f->ops->load_leads(f->b, f->s, &leads, &n, NULL), HO_OK);
    assert_int_equal(n, 1);
    assert_int_equal(leads[0].stage, HO_STAGE_NURTURE);
    ho_xfree(leads);
    assert_int_equal(f->ops->put_visitor(f->b, "anon-1", 10, NULL, "e1", NULL), HO_OK);
    assert_int_equal(f->ops->clear_state(f->b, NULL), HO_OK);
    assert_int_equal(count_leads(f), 0);
    assert_int_equal(f->ops->load_journeys(f->b, f->s, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 0);
    ho_xfree(rows);
    struct ho_visitor_row *vis = NULL;
    assert_int_equal(f->ops->load_visitors(f->b, &vis, &n, NULL), HO_OK);
    assert_int_equal(n, 0);
    ho_xfree(vis);
}

/* A visitor seen twice keeps its earliest sighting and its earliest link,
 * whatever the order of arrival. */
static void
test_a_visitor_seen_twice_keeps_the_earliest_sighting_and_link(void **state)
{
    struct fx *f = *state;
    assert_int_equal(f->ops->put_visitor(f->b, "anon-1", 500, "b@x.io", "e1", NULL), HO_OK);
    assert_int_equal(f->ops->put_visitor(f->b, "anon-1", 100, NULL, "e2", NULL), HO_OK);
    assert_int_equal(f->ops->put_visitor(f->b, "anon-1", 300, "a@x.io", "e3", NULL), HO_OK);
    assert_int_equal(f->ops->put_visitor(f->b, "anon-2", 50, NULL, "e4", NULL), HO_OK);
    struct ho_visitor_row *vis = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->load_visitors(f->b, &vis, &n, NULL), HO_OK);
    assert_int_equal(n, 2);
    /* rows come in no stated order: anon-1 is the one not first seen at 50 */
    const struct ho_visitor_row *v2 = vis[0].first_seen == 50 ? &vis[0] : &vis[1];
    const struct ho_visitor_row *v1 = v2 == &vis[0] ? &vis[1] : &vis[0];
    assert_int_equal(v1->first_seen, 100);
    assert_int_equal(v1->linked_at, 300);
    assert_int_equal(v2->first_seen, 50);
    assert_true(v2->linked_at == HO_TIME_NONE);
    ho_xfree(vis);
}

struct briefs {
    size_t n, untouched;
};

static void
count_brief(void *ctx, const struct ho_journey_brief *b)
{
    struct briefs *c = ctx;
    c->n++;
    if (ho_journey_untouched_mql(b, 1500))
        c->untouched++;
}

/* The scan hands over every journey with its lead's stage; deciding is
 * core's: of a@ (open MQL, entered 1000) and b@ (contacted), one is an
 * untouched MQL at 1500. */
static void
test_the_journey_scan_hands_over_every_journey_with_its_lead_stage(void **state)
{
    struct fx *f = *state;
    struct ho_journey ja = journey(1, HO_STAGE_MQL, false), jb = journey(1, HO_STAGE_MQL, false);
    jb.first_contact_at = 1200;
    struct ho_journey_record ra = { .j = &ja }, rb = { .j = &jb };
    struct ho_lead_record la = lead("a@x.io", "mql", &ra, 1), lb = lead("b@x.io", "mql", &rb, 1);
    assert_int_equal(f->ops->put_lead(f->b, &la, true, NULL), HO_OK);
    assert_int_equal(f->ops->put_lead(f->b, &lb, true, NULL), HO_OK);
    struct briefs c = { 0 };
    assert_int_equal(f->ops->scan_journeys(f->b, count_brief, &c, NULL), HO_OK);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.untouched, 1);
}

struct brief_leads {
    char seen[8][16];
    size_t n;
};

static void
note_brief(void *ctx, const struct ho_journey_brief *b)
{
    struct brief_leads *c = ctx;
    if (c->n < 8)
        snprintf(c->seen[c->n++], sizeof(c->seen[0]), "%s", b->lead);
}

/* The open-MQL scan hands over only journeys still at mql, open, never
 * contacted, entered mql by the bound: of six journeys (one each: open
 * MQL at 1000; contact attempted; contact made; closed; moved on to sal;
 * MQL at 2000) only a@'s at 1500, and none at 999. */
static void
test_the_open_mql_scan_gives_only_uncontacted_open_mqls_due(void **state)
{
    struct fx *f = *state;
    struct ho_journey j[6];
    for (int i = 0; i < 6; i++)
        j[i] = journey(1, HO_STAGE_MQL, false);
    j[1].first_contact_at = 1200;
    j[2].contact_made_at = 1300;
    j[3] = journey(1, HO_STAGE_MQL, true);
    j[4].last = j[4].furthest = HO_STAGE_SAL;
    j[4].entered[HO_STAGE_SAL] = 1100;
    j[5] = journey(2, HO_STAGE_MQL, false);
    j[5].n = 1;
    static const char *const ids[6] = {
        "a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io"
    };
    for (int i = 0; i < 6; i++) {
        struct ho_journey_record r = { .j = &j[i] };
        struct ho_lead_record l = lead(ids[i], i == 4 ? "sal" : "mql", &r, 1);
        assert_int_equal(f->ops->put_lead(f->b, &l, true, NULL), HO_OK);
    }
    struct brief_leads c = { 0 };
    assert_int_equal(f->ops->scan_open_mql(f->b, 1500, note_brief, &c, NULL), HO_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.seen[0], "a@x.io");
    c.n = 0;
    assert_int_equal(f->ops->scan_open_mql(f->b, 999, note_brief, &c, NULL), HO_OK);
    assert_int_equal(c.n, 0);
    c.n = 0; /* the lead's replacement drops the old journey from the scan */
    j[0].first_contact_at = 1400;
    struct ho_journey_record r0 = { .j = &j[0] };
    struct ho_lead_record l0 = lead("a@x.io", "mql", &r0, 1);
    assert_int_equal(f->ops->put_lead(f->b, &l0, true, NULL), HO_OK);
    assert_int_equal(f->ops->scan_open_mql(f->b, 5000, note_brief, &c, NULL), HO_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.seen[0], "f@x.io");
}

/* Routing reads held journeys (a rep) by lead, n, and waiting ones (no
 * rep, assigned_at set, open): of b@ (held, two journeys), a@ (waiting),
 * c@ (closed, assigned_at set, no rep) and d@ (never routed), b@'s two are
 * held and a@'s waits; the rows carry what routing reads. */
static void
test_routing_reads_held_and_waiting_journeys(void **state)
{
    struct fx *f = *state;
    struct ho_journey jb1 = journey(1, HO_STAGE_SAL, false), jb2 = journey(2, HO_STAGE_MQL, false);
    jb1.assigned_at = 1001;
    jb1.entered[HO_STAGE_NURTURE] = 4000;
    jb2.assigned_at = 2001;
    struct ho_journey ja = journey(1, HO_STAGE_MQL, false), jc = journey(1, HO_STAGE_MQL, true);
    ja.assigned_at = jc.assigned_at = 1001;
    struct ho_journey jd = journey(1, HO_STAGE_MQL, false);
    struct ho_journey_record rb[2] = { { .j = &jb1, .rep = "kim", .pool = "smb" },
                                       { .j = &jb2, .rep = "sam", .pool = "smb" } };
    struct ho_journey_record ra = { .j = &ja, .pool = "smb" }, rc = { .j = &jc, .pool = "smb" },
                             rd = { .j = &jd };
    struct ho_lead_record ls[4] = { lead("b@x.io", "sal", rb, 2), lead("a@x.io", "mql", &ra, 1),
                                    lead("c@x.io", "mql", &rc, 1), lead("d@x.io", "mql", &rd, 1) };
    for (int i = 0; i < 4; i++)
        assert_int_equal(f->ops->put_lead(f->b, &ls[i], true, NULL), HO_OK);
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->load_routing(f->b, f->s, true, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ho_strtab_str(f->s, rows[0].lead), "b@x.io");
    assert_int_equal(rows[0].j.n, 1);
    assert_string_equal(ho_strtab_str(f->s, rows[0].j.rep), "kim");
    assert_string_equal(ho_strtab_str(f->s, rows[0].account), "acme.io");
    assert_int_equal(rows[0].j.assigned_at, 1001);
    assert_int_equal(rows[0].j.first, HO_STAGE_MQL);
    assert_int_equal(rows[0].j.entered[HO_STAGE_MQL], 1000);
    assert_int_equal(rows[0].j.entered[HO_STAGE_NURTURE], 4000);
    assert_true(rows[0].j.entered[HO_STAGE_CUSTOMER] == HO_TIME_NONE);
    assert_int_equal(rows[1].j.n, 2);
    assert_string_equal(ho_strtab_str(f->s, rows[1].j.rep), "sam");
    ho_xfree(rows);
    assert_int_equal(f->ops->load_routing(f->b, f->s, false, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ho_strtab_str(f->s, rows[0].lead), "a@x.io");
    assert_int_equal(rows[0].j.rep, 0);
    assert_string_equal(ho_strtab_str(f->s, rows[0].j.pool), "smb");
    assert_int_equal(rows[0].j.assigned_at, 1001);
    assert_false(rows[0].j.closed);
    ho_xfree(rows);
}

/* ---- the compact journey table: blobs by lead, and the dictionary ---- */

struct packs_seen {
    char lead[4][16];
    char data[4][16];
    size_t n;
};

static ho_rc
collect_pack(void *ctx, const char *lead, size_t len, const uint8_t *data, size_t data_len,
             struct ho_diag *diag)
{
    (void)diag;
    struct packs_seen *c = ctx;
    assert_true(c->n < 4 && len < 16 && data_len < 16);
    assert_int_equal(strlen(lead), len); /* NUL-terminated */
    memcpy(c->lead[c->n], lead, len + 1);
    memcpy(c->data[c->n], data, data_len);
    c->data[c->n++][data_len] = '\0';
    return HO_OK;
}

static void
put_pack(struct fx *f, const char *lead, const char *blob)
{
    assert_int_equal(f->ops->pack_put(f->b, lead, (const uint8_t *)blob, strlen(blob), NULL),
                     HO_OK);
}

/* A blob put again replaces the lead's, one put with no bytes deletes it,
 * the scan goes in the order of the lead's bytes ("B" before "a"), and
 * clear_state empties the table (which a new database has complete). */
static void
test_pack_blobs_are_replaced_deleted_and_scanned_in_lead_order(void **state)
{
    struct fx *f = *state;
    struct packs_seen c = { 0 };
    assert_int_equal(f->ops->pack_scan(f->b, collect_pack, &c, NULL), HO_OK);
    assert_int_equal(c.n, 0);
    put_pack(f, "b@x.io", "one");
    put_pack(f, "a@x.io", "two");
    put_pack(f, "c@x.io", "three");
    put_pack(f, "a@x.io", "four");
    put_pack(f, "B@x.io", "five");
    assert_int_equal(f->ops->pack_put(f->b, "c@x.io", NULL, 0, NULL), HO_OK);
    assert_int_equal(f->ops->pack_scan(f->b, collect_pack, &c, NULL), HO_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.lead[0], "B@x.io");
    assert_string_equal(c.data[0], "five");
    assert_string_equal(c.lead[1], "a@x.io");
    assert_string_equal(c.data[1], "four");
    assert_string_equal(c.lead[2], "b@x.io");
    assert_string_equal(c.data[2], "one");
    assert_int_equal(f->ops->clear_state(f->b, NULL), HO_OK);
    c.n = 0;
    assert_int_equal(f->ops->pack_scan(f->b, collect_pack, &c, NULL), HO_OK);
    assert_int_equal(c.n, 0);
}

/* pack_get finds the blob with the greatest key at or before the one
 * asked for, with or without its bytes. */
static void
test_pack_get_finds_the_blob_at_or_before_a_key(void **state)
{
    struct fx *f = *state;
    struct ho_buf key = HO_BUF_INIT, data = HO_BUF_INIT;
    assert_int_equal(f->ops->pack_get(f->b, "m", &key, &data, NULL), HO_ENOTFOUND);
    put_pack(f, "", "first");
    put_pack(f, "g", "second");
    put_pack(f, "p", "third");
    assert_int_equal(f->ops->pack_get(f->b, "m", &key, &data, NULL), HO_OK);
    assert_string_equal(ho_buf_cstr(&key), "g");
    assert_int_equal(data.len, 6);
    assert_memory_equal(data.ptr, "second", 6);
    assert_int_equal(f->ops->pack_get(f->b, "p", &key, NULL, NULL), HO_OK);
    assert_string_equal(ho_buf_cstr(&key), "p");
    assert_int_equal(f->ops->pack_get(f->b, "a", &key, &data, NULL), HO_OK);
    assert_int_equal(key.len, 0);
    assert_memory_equal(data.ptr, "first", 5);
    assert_int_equal(f->ops->pack_get(f->b, "G", &key, NULL, NULL), HO_OK); /* "G" < "g" */
    assert_int_equal(key.len, 0);
    size_t blobs = 0, bytes = 0;
    assert_int_equal(f->ops->pack_size(f->b, &blobs, &bytes, NULL), HO_OK);
    assert_int_equal(blobs, 3);
    assert_int_equal(bytes, 5 + 6 + 5);
    ho_buf_release(&key);
    ho_buf_release(&data);
}

/* A database whose state was written before the table existed says so
 * (HO_ENOTFOUND) until clear_state marks the table complete. */
static void
test_an_incomplete_pack_is_not_found_until_clear_state(void **state)
{
    struct fx *f = *state;
    assert_int_equal(f->ops->meta_set(f->b, "journey_pack", 0, NULL), HO_OK);
    put_pack(f, "a@x.io", "two");
    struct packs_seen c = { 0 };
    assert_int_equal(f->ops->pack_scan(f->b, collect_pack, &c, NULL), HO_ENOTFOUND);
    assert_int_equal(c.n, 0);
    assert_int_equal(f->ops->clear_state(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->pack_scan(f->b, collect_pack, &c, NULL), HO_OK);
    assert_int_equal(c.n, 0);
}

struct dict_seen {
    uint32_t id[4];
    char text[4][16];
    size_t n;
};

static ho_rc
collect_dict(void *ctx, uint32_t id, const char *text, size_t len, struct ho_diag *diag)
{
    (void)diag;
    struct dict_seen *c = ctx;
    assert_true(c->n < 4 && len < 16);
    c->id[c->n] = id;
    memcpy(c->text[c->n], text, len);
    c->text[c->n++][len] = '\0';
    return HO_OK;
}

/* Entries come back in id order from the id asked for, whatever the
 * order they were put in; a text or an id stored twice is refused;
 * clear_state empties the dictionary and counts up 'journey_dict'. */
static void
test_dictionary_entries_are_read_in_id_order_after_an_id(void **state)
{
    struct fx *f = *state;
    assert_int_equal(f->ops->jdict_put(f->b, 2, "kim", 3, NULL), HO_OK);
    assert_int_equal(f->ops->jdict_put(f->b, 1, "webinar", 7, NULL), HO_OK);
    assert_int_equal(f->ops->jdict_put(f->b, 3, "emea-west", 4, NULL), HO_OK); /* 4 bytes */
    struct dict_seen c = { 0 };
    assert_int_equal(f->ops->jdict_scan(f->b, 0, collect_dict, &c, NULL), HO_OK);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.id[0], 1);
    assert_string_equal(c.text[0], "webinar");
    assert_int_equal(c.id[1], 2);
    assert_string_equal(c.text[1], "kim");
    assert_int_equal(c.id[2], 3);
    assert_string_equal(c.text[2], "emea");
    c.n = 0;
    assert_int_equal(f->ops->jdict_scan(f->b, 2, collect_dict, &c, NULL), HO_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.id[0], 3);
    assert_int_equal(f->ops->jdict_put(f->b, 4, "kim", 3, NULL), HO_ESTORE);
    assert_int_equal(f->ops->jdict_put(f->b, 2, "lee", 3, NULL), HO_ESTORE);
    int64_t gen = -1;
    assert_int_equal(f->ops->meta_get(f->b, "journey_dict", &gen, NULL), HO_ENOTFOUND);
    assert_int_equal(f->ops->clear_state(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->clear_state(f->b, NULL), HO_OK);
    assert_int_equal(f->ops->meta_get(f->b, "journey_dict", &gen, NULL), HO_OK);
    assert_int_equal(gen, 2);
    c.n = 0;
    assert_int_equal(f->ops->jdict_scan(f->b, 0, collect_dict, &c, NULL), HO_OK);
    assert_int_equal(c.n, 0);
    assert_int_equal(f->ops->jdict_put(f->b, 1, "lee", 3, NULL), HO_OK);
}

/* ---- spend ---- */

#define MONTH(y, m) ((int64_t)(y)*12 + (m)-1)

static void
test_spend_is_replaced_per_channel_and_month_and_read_in_order(void **state)
{
    struct fx *f = *state;
    assert_int_equal(f->ops->put_spend(f->b, "webinar", MONTH(2026, 3), 100, NULL), HO_OK);
    assert_int_equal(f->ops->put_spend(f->b, "paid_search", MONTH(2026, 12), 300, NULL), HO_OK);
    assert_int_equal(f->ops->put_spend(f->b, "webinar", MONTH(2026, 3), 150.5, NULL), HO_OK);
    assert_int_equal(f->ops->put_spend(f->b, "paid_search", MONTH(2026, 1), 200, NULL), HO_OK);
    struct ho_spend_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(f->ops->load_spend(f->b, f->s, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 3); /* webinar 2026-03 stored twice: one row */
    assert_string_equal(ho_strtab_str(f->s, rows[0].channel), "paid_search");
    assert_int_equal(rows[0].month, MONTH(2026, 1));
    assert_int_equal(rows[1].month, MONTH(2026, 12));
    assert_string_equal(ho_strtab_str(f->s, rows[2].channel), "webinar");
    assert_true(rows[2].amount == 150.5);
    ho_xfree(rows);
}

#define SUITE(b)                                                                                   \
    {                                                                                              \
        cmocka_unit_test_prestate_setup_teardown(test_owner_rows_round_trip_by_key_and_by_id,      \
                                                 setup, teardown, b),                              \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_another_handle_reads_committed_owner_rows, setup, teardown, b),               \
            cmocka_unit_test_prestate_setup_teardown(test_id_buckets_round_trip_and_are_replaced,  \
                                                     setup, teardown, b),                          \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_relations_give_a_leads_accounts_and_visitors, setup, teardown, b),            \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_a_rolled_back_transaction_leaves_nothing, setup, teardown, b),                \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_a_setting_is_unset_then_set_then_replaced, setup, teardown, b),               \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_inserted_definitions_become_the_only_active_version, setup, teardown, b),     \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_definitions_versions_keep_their_number_hash_and_text, setup, teardown, b),    \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_activations_are_recorded_in_order_with_who_and_what_was_missing, setup,       \
                teardown, b),                                                                      \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_signoffs_keep_side_signer_hash_and_origin, setup, teardown, b),               \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_the_schema_version_is_the_one_this_build_writes, setup, teardown, b),         \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_a_lead_its_journeys_and_clocks_round_trip, setup, teardown, b),               \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_a_lead_put_twice_is_replaced_and_clear_state_empties_it, setup, teardown, b), \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_a_visitor_seen_twice_keeps_the_earliest_sighting_and_link, setup, teardown,   \
                b),                                                                                \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_the_journey_scan_hands_over_every_journey_with_its_lead_stage, setup,         \
                teardown, b),                                                                      \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_the_open_mql_scan_gives_only_uncontacted_open_mqls_due, setup, teardown, b),  \
            cmocka_unit_test_prestate_setup_teardown(test_routing_reads_held_and_waiting_journeys, \
                                                     setup, teardown, b),                          \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_pack_blobs_are_replaced_deleted_and_scanned_in_lead_order, setup, teardown,   \
                b),                                                                                \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_pack_get_finds_the_blob_at_or_before_a_key, setup, teardown, b),              \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_an_incomplete_pack_is_not_found_until_clear_state, setup, teardown, b),       \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_dictionary_entries_are_read_in_id_order_after_an_id, setup, teardown, b),     \
            cmocka_unit_test_prestate_setup_teardown(                                              \
                test_spend_is_replaced_per_channel_and_month_and_read_in_order, setup, teardown,   \
                b),                                                                                \
    }

int
main(void)
{
    const struct CMUnitTest on_sqlite[] = SUITE((void *)&sqlite_backend);
    const struct CMUnitTest on_faults[] = SUITE((void *)&faults_backend);
    int failed = cmocka_run_group_tests_name(sqlite_backend.name, on_sqlite, NULL, NULL);
    failed += cmocka_run_group_tests_name(faults_backend.name, on_faults, NULL, NULL);
    return failed;
}
