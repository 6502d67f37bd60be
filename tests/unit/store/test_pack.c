/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/store/test_pack.c - the compact journey table (store/pack.h)
 * through the store: a lead with every journey field set is read back the
 * same from the pack as from the SQL rows (and as set here by hand), the
 * dictionary keeps its ids across a reopen and across two writers, an
 * incomplete pack falls back to the SQL rows, and a damaged blob is an
 * error.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/journey.h"
#include "store/backend.h"
#include "store/pack.h"
#include "store/store.h"

struct fx {
    char path[80];
    struct ho_store *st;
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
    snprintf(f->path, sizeof(f->path), "/tmp/ho_test_pack_%d.db", (int)getpid());
    remove_db(f->path);
    assert_int_equal(ho_store_open(f->path, &f->st, NULL), HO_OK);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_store_close(f->st);
    remove_db(f->path);
    ho_xfree(f);
    return 0;
}

/* Journey 1: every field set, closed lost with a reason; journey 2: every
 * time none, no amount, nothing assigned. */
static void
full_journeys(struct ho_journey j[2])
{
    memset(j, 0, 2 * sizeof(*j));
    j[0].n = 1;
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        j[0].entered[k] = INT64_C(1767225600000) + k * 1000;
    j[0].entered[HO_STAGE_NURTURE] = HO_TIME_NONE;
    j[0].first = HO_STAGE_MQL;
    j[0].furthest = HO_STAGE_OPPORTUNITY;
    j[0].last = HO_STAGE_CLOSED_LOST;
    j[0].criterion = 3;
    j[0].closed = true;
    j[0].assigned_at = -5; /* before 1970 */
    j[0].first_contact_at = INT64_MAX;
    j[0].contact_made_at = 7;
    j[0].contact_channels_48h = 0x0f;
    j[0].has_amount = true;
    j[0].amount = 123456.75;
    j[0].monthly = 10288.0625;
    j[0].revisit_at = 99;
    j[0].criteria_at_mql = UINT64_MAX;
    j[0].rules_at_mql = (UINT64_C(1) << 63) | 5;
    j[1].n = 2;
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        j[1].entered[k] = HO_TIME_NONE;
    j[1].first = HO_STAGE_LEAD;
    j[1].furthest = HO_STAGE_LEAD;
    j[1].last = HO_STAGE_LEAD;
    j[1].criterion = HO_CRITERION_NONE;
    j[1].assigned_at = j[1].first_contact_at = j[1].contact_made_at = HO_TIME_NONE;
    j[1].revisit_at = HO_TIME_NONE;
}

static struct ho_lead_record
lead(const char *id, const char *stage, const struct ho_journey_record *jr, size_t n)
{
    return (struct ho_lead_record){ .lead = id,
                                    .account = "acme.io",
                                    .channel = "webinar",
                                    .stage = stage,
                                    .campaign = "spring",
                                    .heard_about = "podcast",
                                    .employees = "51-200",
                                    .as_of = 5000,
                                    .created = 900,
                                    .last_event = 4000,
                                    .defs_id = 1,
                                    .last_behavior = HO_TIME_NONE,
                                    .journeys = jr,
                                    .n_journeys = n };
}

static void
put(struct ho_store *st, const struct ho_lead_record *l)
{
    assert_int_equal(ho_store_begin(st, NULL), HO_OK);
    assert_int_equal(ho_store_put_lead(st, l, NULL), HO_OK);
    assert_int_equal(ho_store_commit(st, NULL), HO_OK);
}

/* The rows as the SQL tables give them (the backend's own read). */
static void
load_sql(struct ho_store *st, struct ho_strtab *s, struct ho_journey_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    assert_int_equal(ho_store_ops_of(st)->load_journeys(ho_store_backend_of(st), s, rows, n, NULL),
                     HO_OK);
}

static void
assert_rows_equal(const struct ho_journey_row *a, const struct ho_journey_row *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].lead, b[i].lead);
        assert_int_equal(a[i].channel, b[i].channel);
        assert_int_equal(a[i].campaign, b[i].campaign);
        assert_int_equal(a[i].account, b[i].account);
        assert_int_equal(a[i].heard_about, b[i].heard_about);
        assert_int_equal(a[i].employees, b[i].employees);
        assert_memory_equal(&a[i].j, &b[i].j, sizeof(a[i].j));
    }
}

static void
test_every_journey_field_reads_back_as_from_the_sql_rows(void **state)
{
    struct fx *f = *state;
    struct ho_journey j[2];
    full_journeys(j);
    struct ho_journey_record jr[2] = {
        { .j = &j[0], .criterion = "or_any_2", .reason = "budget", .rep = "kim", .pool = "emea" },
        { .j = &j[1] },
    };
    struct ho_lead_record l = lead("a@x.io", "closed_lost", jr, 2);
    put(f->st, &l);
    /* a second lead sharing some texts, with none of the lead's texts */
    struct ho_journey_record jr2[1] = { { .j = &j[1], .rep = "kim" } };
    struct ho_lead_record l2 = { .lead = "0@x.io",
                                 .stage = "lead",
                                 .journeys = jr2,
                                 .n_journeys = 1,
                                 .created = 1,
                                 .last_event = 1 };
    put(f->st, &l2);

    struct ho_strtab *sp = ho_strtab_new(), *ss = ho_strtab_new();
    struct ho_journey_row *pr = NULL, *sr = NULL;
    size_t pn = 0, sn = 0;
    assert_int_equal(ho_store_load_journeys(f->st, sp, &pr, &pn, NULL), HO_OK);
    load_sql(f->st, ss, &sr, &sn);
    assert_int_equal(pn, 3);
    assert_int_equal(sn, 3);
    /* the same ids too: texts are interned in the same order */
    assert_rows_equal(pr, sr, pn);
    assert_int_equal(ho_strtab_count(sp), ho_strtab_count(ss));

    /* and as set above: 0@ sorts first */
    assert_string_equal(ho_strtab_str(sp, pr[0].lead), "0@x.io");
    assert_int_equal(pr[0].channel, 0);
    assert_int_equal(pr[0].account, 0);
    assert_string_equal(ho_strtab_str(sp, pr[0].j.rep), "kim");
    const struct ho_journey_row *r = &pr[1];
    assert_string_equal(ho_strtab_str(sp, r->lead), "a@x.io");
    assert_string_equal(ho_strtab_str(sp, r->channel), "webinar");
    assert_string_equal(ho_strtab_str(sp, r->campaign), "spring");
    assert_string_equal(ho_strtab_str(sp, r->account), "acme.io");
    assert_string_equal(ho_strtab_str(sp, r->heard_about), "podcast");
    assert_string_equal(ho_strtab_str(sp, r->employees), "51-200");
    assert_string_equal(ho_strtab_str(sp, r->j.reason), "budget");
    assert_string_equal(ho_strtab_str(sp, r->j.rep), "kim");
    assert_string_equal(ho_strtab_str(sp, r->j.pool), "emea");
    struct ho_journey want = j[0];
    want.reason = r->j.reason;
    want.rep = r->j.rep;
    want.pool = r->j.pool;
    assert_memory_equal(&r->j, &want, sizeof(want));
    want = j[1];
    assert_memory_equal(&pr[2].j, &want, sizeof(want));
    assert_int_equal(pr[2].lead, r->lead);
    ho_xfree(pr);
    ho_xfree(sr);
    ho_strtab_free(sp);
    ho_strtab_free(ss);
}

struct briefs {
    char text[512];
};

static void
print_brief(void *ctx, const struct ho_journey_brief *b)
{
    struct briefs *c = ctx;
    size_t len = strlen(c->text);
    snprintf(c->text + len, sizeof(c->text) - len, "%s %d %d %d %lld %lld %lld;", b->lead,
             (int)b->lead_stage, (int)b->last, (int)b->closed, (long long)b->at_mql,
             (long long)b->first_contact_at, (long long)b->contact_made_at);
}

/* The aging scan gives the same briefs from the pack as from the SQL rows
 * (which come in no stated order; with one lead, in journey order here). */
static void
test_the_journey_scan_reads_the_pack_as_the_sql_rows(void **state)
{
    struct fx *f = *state;
    struct ho_journey j[2];
    full_journeys(j);
    struct ho_journey_record jr[2] = { { .j = &j[0] }, { .j = &j[1] } };
    struct ho_lead_record l = lead("a@x.io", "mql", jr, 2);
    put(f->st, &l);
    struct briefs p = { "" }, s = { "" };
    assert_int_equal(ho_store_scan_journeys(f->st, print_brief, &p, NULL), HO_OK);
    assert_int_equal(
        ho_store_ops_of(f->st)->scan_journeys(ho_store_backend_of(f->st), print_brief, &s, NULL),
        HO_OK);
    assert_string_equal(p.text, s.text);
    /* stages as enum ho_stage values: 1 mql, 7 closed_lost */
    assert_string_equal(p.text, "a@x.io 1 7 1 1767225601000 9223372036854775807 7;"
                                "a@x.io 1 0 0 -9223372036854775808 -9223372036854775808 "
                                "-9223372036854775808;");
}

/* Amounts as the SQL REAL column keeps them: NaN is none, -0 is 0. */
static void
test_amounts_are_kept_as_the_sql_rows_keep_them(void **state)
{
    (void)state;
    struct ho_journey j[2];
    full_journeys(j);
    j[0].amount = NAN;
    j[1].has_amount = true;
    j[1].amount = -0.0;
    j[1].monthly = NAN;
    struct ho_buf b = HO_BUF_INIT;
    struct ho_pack_lead h = { .stage = HO_STAGE_MQL, .n_journeys = 2 };
    ho_pack_encode_header(&b, &h);
    ho_pack_encode_journey(&b, &j[0]);
    ho_pack_encode_journey(&b, &j[1]);
    assert_int_equal(b.len, HO_PACK_HEADER + 2 * HO_PACK_JOURNEY);
    struct ho_pack_lead got;
    assert_true(ho_pack_decode_header((const uint8_t *)b.ptr, b.len, &got));
    struct ho_journey d;
    assert_true(ho_pack_decode_journey((const uint8_t *)b.ptr, 0, &d));
    assert_false(d.has_amount);
    assert_true(d.amount == 0 && d.monthly == 0);
    assert_true(ho_pack_decode_journey((const uint8_t *)b.ptr, 1, &d));
    assert_true(d.has_amount);
    assert_false(signbit(d.amount));
    assert_true(d.monthly == 0);
    /* damaged: a byte short, another format, a stage out of range */
    assert_false(ho_pack_decode_header((const uint8_t *)b.ptr, b.len - 1, &got));
    b.ptr[0] = 3;
    assert_false(ho_pack_decode_header((const uint8_t *)b.ptr, b.len, &got));
    b.ptr[0] = 1; /* format 1 journeys are 8 bytes shorter */
    assert_false(ho_pack_decode_header((const uint8_t *)b.ptr, b.len, &got));
    b.ptr[0] = HO_PACK_FORMAT;
    b.ptr[HO_PACK_HEADER + 6] = HO_STAGE__COUNT;
    assert_false(ho_pack_decode_journey((const uint8_t *)b.ptr, 0, &d));
    ho_buf_release(&b);
}

/* A blob of format 1 (written before the meeting stage: 168-byte journeys,
 * no meeting entry) still reads; stages are stored as codes, so meeting
 * (code 9) and opportunity (code 4, as in format 1) read back as written. */
static void
test_a_format_1_blob_reads_without_meeting(void **state)
{
    (void)state;
    struct ho_journey j[2];
    full_journeys(j);
    j[0].furthest = HO_STAGE_MEETING;
    struct ho_buf b = HO_BUF_INIT;
    struct ho_pack_lead h = { .stage = HO_STAGE_OPPORTUNITY, .n_journeys = 1 };
    ho_pack_encode_header(&b, &h);
    ho_pack_encode_journey(&b, &j[0]);
    assert_int_equal((uint8_t)b.ptr[1], 4);                  /* opportunity's code */
    assert_int_equal((uint8_t)b.ptr[HO_PACK_HEADER + 5], 9); /* meeting's code */
    struct ho_journey d;
    struct ho_pack_lead got;
    assert_true(ho_pack_decode_header((const uint8_t *)b.ptr, b.len, &got));
    assert_int_equal(got.stage, HO_STAGE_OPPORTUNITY);
    assert_true(ho_pack_decode_journey((const uint8_t *)b.ptr, 0, &d));
    assert_int_equal(d.furthest, HO_STAGE_MEETING);
    assert_int_equal(d.entered[HO_STAGE_MEETING], j[0].entered[HO_STAGE_MEETING]);
    /* the same record as format 1: without its last 8 bytes */
    b.ptr[0] = 1;
    b.ptr[HO_PACK_HEADER + 5] = 4; /* format 1 had no meeting */
    b.len = HO_PACK_HEADER + HO_PACK_JOURNEY_V1;
    assert_true(ho_pack_decode_header((const uint8_t *)b.ptr, b.len, &got));
    assert_true(ho_pack_decode_journey((const uint8_t *)b.ptr, 0, &d));
    assert_int_equal(d.furthest, HO_STAGE_OPPORTUNITY);
    assert_int_equal(d.entered[HO_STAGE_MEETING], HO_TIME_NONE);
    assert_int_equal(d.entered[HO_STAGE_OPPORTUNITY], j[0].entered[HO_STAGE_OPPORTUNITY]);
    assert_int_equal(d.entered[HO_STAGE_DISQUALIFIED], j[0].entered[HO_STAGE_DISQUALIFIED]);
    assert_true(d.rules_at_mql == j[0].rules_at_mql);
    ho_buf_release(&b);
}

static void
assert_rep_of(struct ho_store *st, const char *lead_id, const char *rep)
{
    struct ho_strtab *s = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(ho_store_load_journeys(st, s, &rows, &n, NULL), HO_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ho_strtab_str(s, rows[i].lead), lead_id) == 0) {
            assert_string_equal(ho_strtab_str(s, rows[i].j.rep), rep);
            found = true;
        }
    }
    assert_true(found);
    ho_xfree(rows);
    ho_strtab_free(s);
}

/* Two writers on one file, each adding texts, then a reopen: every lead
 * keeps its own texts (the ids of one writer never collide with the
 * other's), and a rolled-back text is not kept. */
static void
test_the_dictionary_holds_across_writers_rollbacks_and_reopens(void **state)
{
    struct fx *f = *state;
    struct ho_store *other = NULL;
    assert_int_equal(ho_store_open(f->path, &other, NULL), HO_OK);
    struct ho_journey j[2];
    full_journeys(j);
    struct ho_journey_record ra = { .j = &j[1], .rep = "kim" };
    struct ho_journey_record rb = { .j = &j[1], .rep = "lee" };
    struct ho_journey_record rc = { .j = &j[1], .rep = "kim", .pool = "emea" };
    struct ho_journey_record rd = { .j = &j[1], .rep = "zed" };
    struct ho_lead_record a = lead("a@x.io", "lead", &ra, 1), b = lead("b@x.io", "lead", &rb, 1),
                          c = lead("c@x.io", "lead", &rc, 1), d = lead("d@x.io", "lead", &rd, 1);
    put(f->st, &a);
    put(other, &b);
    /* rolled back: "zed" gets an id nobody keeps */
    assert_int_equal(ho_store_begin(f->st, NULL), HO_OK);
    assert_int_equal(ho_store_put_lead(f->st, &d, NULL), HO_OK);
    ho_store_rollback(f->st);
    put(other, &c);
    rd.rep = "yan";
    put(f->st, &d);
    assert_rep_of(f->st, "a@x.io", "kim");
    assert_rep_of(f->st, "b@x.io", "lee");
    assert_rep_of(other, "c@x.io", "kim");
    assert_rep_of(other, "d@x.io", "yan");
    /* the other rebuilds (a new dictionary) while this one holds a copy */
    struct ho_journey_record re = { .j = &j[1], .rep = "eve", .pool = "apac" };
    struct ho_lead_record e = lead("e@x.io", "lead", &re, 1);
    assert_int_equal(ho_store_begin(other, NULL), HO_OK);
    assert_int_equal(ho_store_clear_state(other, NULL), HO_OK);
    assert_int_equal(ho_store_put_lead(other, &e, NULL), HO_OK);
    assert_int_equal(ho_store_commit(other, NULL), HO_OK);
    put(f->st, &a);
    assert_rep_of(f->st, "a@x.io", "kim");
    assert_rep_of(f->st, "e@x.io", "eve");
    put(f->st, &d);
    put(other, &b);
    ho_store_close(other);
    ho_store_close(f->st);
    assert_int_equal(ho_store_open(f->path, &f->st, NULL), HO_OK);
    rb.rep = "lee";
    b.account = "beta.io";
    put(f->st, &b);
    assert_rep_of(f->st, "a@x.io", "kim");
    assert_rep_of(f->st, "b@x.io", "lee");
    assert_rep_of(f->st, "d@x.io", "yan");
}

/* A pack that is not complete (state written before it existed) is not
 * read: the journeys come from the SQL rows until a clear fills it. */
static void
test_an_incomplete_pack_falls_back_to_the_sql_rows(void **state)
{
    struct fx *f = *state;
    struct ho_journey j[2];
    full_journeys(j);
    struct ho_journey_record jr[2] = { { .j = &j[0], .rep = "kim" }, { .j = &j[1] } };
    struct ho_lead_record l = lead("a@x.io", "mql", jr, 2);
    assert_int_equal(ho_store_meta_set_i64(f->st, "journey_pack", 0, NULL), HO_OK);
    /* the SQL rows only, as a build without the pack wrote them */
    assert_int_equal(ho_store_ops_of(f->st)->put_lead(ho_store_backend_of(f->st), &l, true, NULL),
                     HO_OK);
    struct ho_strtab *s = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(ho_store_load_journeys(f->st, s, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 2);
    ho_xfree(rows);
    assert_int_equal(ho_store_begin(f->st, NULL), HO_OK);
    assert_int_equal(ho_store_clear_state(f->st, NULL), HO_OK);
    l.n_journeys = 1;
    assert_int_equal(ho_store_put_lead(f->st, &l, NULL), HO_OK);
    assert_int_equal(ho_store_commit(f->st, NULL), HO_OK);
    /* now from the pack: the SQL rows are left out of it to tell */
    assert_int_equal(ho_store_ops_of(f->st)->put_lead(ho_store_backend_of(f->st), &l, true, NULL),
                     HO_OK);
    l.lead = "b@x.io";
    assert_int_equal(ho_store_ops_of(f->st)->put_lead(ho_store_backend_of(f->st), &l, true, NULL),
                     HO_OK);
    assert_int_equal(ho_store_load_journeys(f->st, s, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ho_strtab_str(s, rows[0].lead), "a@x.io");
    assert_string_equal(ho_strtab_str(s, rows[0].j.rep), "kim");
    ho_xfree(rows);
    ho_strtab_free(s);
}

/* A lead put again without journeys leaves no blob. */
static void
test_a_lead_without_journeys_has_no_blob(void **state)
{
    struct fx *f = *state;
    struct ho_journey j[2];
    full_journeys(j);
    struct ho_journey_record jr[1] = { { .j = &j[0] } };
    struct ho_lead_record l = lead("a@x.io", "mql", jr, 1);
    put(f->st, &l);
    l.n_journeys = 0;
    put(f->st, &l);
    struct ho_strtab *s = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(ho_store_load_journeys(f->st, s, &rows, &n, NULL), HO_OK);
    assert_int_equal(n, 0);
    ho_xfree(rows);
    ho_strtab_free(s);
}

/* Both reads of every journey, the pack's and the SQL rows', into fresh
 * tables: the same rows with the same ids. */
static size_t
assert_pack_equals_sql(struct ho_store *st)
{
    struct ho_strtab *sp = ho_strtab_new(), *ss = ho_strtab_new();
    struct ho_journey_row *pr = NULL, *sr = NULL;
    size_t pn = 0, sn = 0;
    assert_int_equal(ho_store_load_journeys(st, sp, &pr, &pn, NULL), HO_OK);
    load_sql(st, ss, &sr, &sn);
    assert_int_equal(pn, sn);
    assert_rows_equal(pr, sr, pn);
    assert_int_equal(ho_strtab_count(sp), ho_strtab_count(ss));
    ho_xfree(pr);
    ho_xfree(sr);
    ho_strtab_free(sp);
    ho_strtab_free(ss);
    return pn;
}

static void
count_brief(void *ctx, const struct ho_journey_brief *b)
{
    (void)b;
    (*(size_t *)ctx)++;
}

/* One lead of the many-leads test: k selects its journeys (0..3) and rep. */
static void
put_numbered(struct ho_store *st, const char *id, unsigned k, struct ho_journey j[3])
{
    static const char *const reps[] = { NULL, "kim", "lee", "max", "noa" };
    struct ho_journey_record jr[3];
    size_t n = k % 4;
    for (size_t i = 0; i < n; i++) {
        j[i].n = (uint32_t)(i + 1);
        j[i].entered[HO_STAGE_MQL] = 1000 * (int64_t)(k + i);
        jr[i] = (struct ho_journey_record){ .j = &j[i], .rep = reps[(k / 4 + i) % 5] };
    }
    char account[32];
    snprintf(account, sizeof(account), "acct-%u", k % 7);
    struct ho_lead_record l = lead(id, k % 2 ? "mql" : "sal", jr, n);
    l.account = account;
    assert_int_equal(ho_store_put_lead(st, &l, NULL), HO_OK);
}

/* A rebuild of 1500 leads put in a scrambled order (the pack splits into
 * many chunks), then commits that change, delete and add leads here and
 * there, one rolled back, one put outside a transaction: after each, the
 * pack reads exactly as the SQL rows, and the scan sees every journey. */
static void
test_many_leads_split_into_chunks_and_read_as_the_sql_rows(void **state)
{
    struct fx *f = *state;
    struct ho_journey j[3];
    full_journeys(j);
    j[2] = j[1];
    char id[32];
    assert_int_equal(ho_store_begin(f->st, NULL), HO_OK);
    assert_int_equal(ho_store_clear_state(f->st, NULL), HO_OK);
    for (unsigned i = 0; i < 1500; i++) {
        unsigned k = (i * 7919u) % 1500u;
        snprintf(id, sizeof(id), "lead-%04u", k);
        put_numbered(f->st, id, k, j);
    }
    /* a read inside the transaction sees its puts */
    size_t total = assert_pack_equals_sql(f->st);
    assert_true(total > 1000);
    assert_int_equal(ho_store_commit(f->st, NULL), HO_OK);
    size_t blobs = 0, bytes = 0;
    assert_int_equal(
        ho_store_ops_of(f->st)->pack_size(ho_store_backend_of(f->st), &blobs, &bytes, NULL), HO_OK);
    assert_true(blobs >= 1500 / 256);
    assert_int_equal(assert_pack_equals_sql(f->st), total);

    uint32_t x = 12345;
    for (int round = 0; round < 6; round++) {
        assert_int_equal(ho_store_begin(f->st, NULL), HO_OK);
        for (int i = 0; i < 150; i++) {
            x = x * 1103515245u + 12345u;
            unsigned k = (x >> 8) % 1700u;
            if (k < 1500)
                snprintf(id, sizeof(id), "lead-%04u", k);
            else /* new leads between the old ones, and before all */
                snprintf(id, sizeof(id), k % 2 ? "lead-%04ua" : "a-%u", k - 1500);
            put_numbered(f->st, id, x >> 20, j);
        }
        if (round == 3) {
            ho_store_rollback(f->st);
        } else {
            assert_int_equal(ho_store_commit(f->st, NULL), HO_OK);
        }
        assert_pack_equals_sql(f->st);
    }
    put_numbered(f->st, "lead-0001", 3, j); /* autocommit */
    put_numbered(f->st, "0-first", 1, j);
    total = assert_pack_equals_sql(f->st);
    size_t seen = 0, sql_seen = 0;
    assert_int_equal(ho_store_scan_journeys(f->st, count_brief, &seen, NULL), HO_OK);
    assert_int_equal(ho_store_ops_of(f->st)->scan_journeys(ho_store_backend_of(f->st), count_brief,
                                                           &sql_seen, NULL),
                     HO_OK);
    assert_int_equal(seen, total);
    assert_int_equal(sql_seen, total);
}

/* A database whose SQL rows were written without the pack (by a build
 * before it, or by other means) gets it filled from them at the next
 * writable open, with each lead's stage; a blob left over from before is
 * not kept. */
static void
test_a_writable_open_fills_an_incomplete_pack_from_the_sql_rows(void **state)
{
    struct fx *f = *state;
    struct ho_journey j[3];
    full_journeys(j);
    j[2] = j[1];
    j[2].n = 3;
    struct ho_journey_record jr[3] = {
        { .j = &j[0], .reason = "budget", .rep = "kim", .pool = "emea" },
        { .j = &j[1] },
        { .j = &j[2], .rep = "lee" },
    };
    struct ho_lead_record a = lead("a@x.io", "customer", jr, 3), b = lead("b@x.io", "mql", jr, 1);
    b.account = NULL;
    b.channel = "paid_search";
    put(f->st, &b); /* a blob that the fill must replace */
    assert_int_equal(ho_store_meta_set_i64(f->st, "journey_pack", 0, NULL), HO_OK);
    const struct ho_store_ops *ops = ho_store_ops_of(f->st);
    assert_int_equal(ops->put_lead(ho_store_backend_of(f->st), &a, true, NULL), HO_OK);
    b.n_journeys = 2;
    assert_int_equal(ops->put_lead(ho_store_backend_of(f->st), &b, true, NULL), HO_OK);
    ho_store_close(f->st);
    assert_int_equal(ho_store_open(f->path, &f->st, NULL), HO_OK);
    int64_t complete = 0;
    assert_int_equal(ho_store_meta_get_i64(f->st, "journey_pack", &complete, NULL), HO_OK);
    assert_int_equal(complete, 1);
    assert_int_equal(assert_pack_equals_sql(f->st), 5);
    struct briefs p = { "" };
    assert_int_equal(ho_store_scan_journeys(f->st, print_brief, &p, NULL), HO_OK);
    /* a@ is a customer (6), b@ an MQL (1) */
    assert_true(strncmp(p.text, "a@x.io 6 ", 9) == 0);
    assert_non_null(strstr(p.text, "b@x.io 1 "));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_journey_field_reads_back_as_from_the_sql_rows,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_journey_scan_reads_the_pack_as_the_sql_rows, setup,
                                        teardown),
        cmocka_unit_test(test_amounts_are_kept_as_the_sql_rows_keep_them),
        cmocka_unit_test(test_a_format_1_blob_reads_without_meeting),
        cmocka_unit_test_setup_teardown(
            test_the_dictionary_holds_across_writers_rollbacks_and_reopens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_incomplete_pack_falls_back_to_the_sql_rows, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_lead_without_journeys_has_no_blob, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_leads_split_into_chunks_and_read_as_the_sql_rows,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_writable_open_fills_an_incomplete_pack_from_the_sql_rows, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
