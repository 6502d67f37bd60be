/* SPDX-License-Identifier: MIT */
/*
 * http/writer.c - the one thread that touches the engine: group commit.
 *
 * Request handlers queue a job (the events of one request) and suspend
 * their connection (ho_http_writer_queue(); or wait on a condition
 * variable, ho_http_writer_submit()).  The writer takes every job queued,
 * adds their events to the engine (decode, check, de-duplicate), commits
 * once, and hands back exactly those jobs: the callback resumes the
 * connection, whose handler then answers.  Jobs arriving during that commit
 * are the next group, so a group holds what every connection sent meanwhile,
 * however few request threads there are.  A 2xx is answered only after the
 * commit that holds the request's events, so the events survive a crash
 * once acknowledged.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "engine/engine.h"
#include "http/http.h"
#include "http/http_int.h"
#include "ingest/event_map.h"
#include "ingest/segment_map.h"
#include "ingest/validate.h"

const double ho_http_commit_bounds[HO_HTTP_COMMIT_BUCKETS] = { 0.0005, 0.001, 0.0025, 0.005,
                                                               0.01,   0.025, 0.05,   0.1,
                                                               0.25,   0.5,   1.0,    2.5 };

struct ho_http_writer {
    struct ho_app *app;
    struct ho_http_metrics *m;
    struct ho_event_decoder *native;
    struct ho_segment_decoder *segment;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work; /* a job was queued, or stop */
    pthread_cond_t done; /* a group finished */
    struct ho_http_job *head, **tail;
    struct ho_http_reload *reload; /* asked for, not yet run */
    struct ho_http_task *tasks;    /* queued, not yet run (newest first) */
    bool stopping;
    /* the deadline timer (ho_http_writer_timer()); tick_us 0 = none */
    int64_t (*clock)(void *ctx);
    void *clock_ctx;
    int64_t tick_us, next_tick_us; /* next_tick_us: CLOCK_MONOTONIC */
    bool tick_folded; /* a tick fell due while jobs were queued: their commit advances the clock */
    /* called after each commit (ho_http_on_commit); read without the lock:
     * tasks commit with it held */
    _Atomic(const struct ho_http_commit_hook *) hook;
};

/* A commit stored what it queued: tell the hook. */
static void
committed(struct ho_http_writer *w)
{
    const struct ho_http_commit_hook *h = atomic_load_explicit(&w->hook, memory_order_acquire);
    if (h && h->fn)
        h->fn(h->ctx);
}

void
ho_http_writer_on_commit(struct ho_http_writer *w, const struct ho_http_commit_hook *h)
{
    atomic_store_explicit(&w->hook, h, memory_order_release);
}

static int64_t
mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static bool
is_record_error(ho_rc rc)
{
    return rc == HO_EPARSE || rc == HO_ELIMIT || rc == HO_ECONFLICT;
}

/* Decode, check and add one item; a record error rejects it, any other
 * error is the job's. */
static ho_rc
add_item(struct ho_http_writer *w, enum ho_http_item_kind kind, struct ho_http_item *it,
         struct ho_diag *diag)
{
    if (it->text == NULL)
        return HO_OK; /* rejected by the request thread */
    struct ho_event_draft d;
    struct ho_diag why = { 0 };
    const struct ho_segment_def *sg = w->app->have_defs ? &w->app->defs.segment : NULL;
    ho_rc rc = kind == HO_ITEM_SEGMENT
                   ? ho_segment_decode(w->segment, sg, it->text, it->len, &d, &why)
                   : ho_event_decode(w->native, it->text, it->len, &d, &why);
    if (rc == HO_OK && d.id.len)
        it->id = ho_xstrndup(d.id.ptr, d.id.len);
    if (rc == HO_OK)
        rc = ho_ingest_check_draft(&d, &why);
    bool dup = false;
    if (rc == HO_OK)
        rc = ho_engine_add(w->app->eng, &d, &dup, &why);
    if (rc == HO_OK) {
        it->status = dup ? HO_ITEM_DUPLICATE : HO_ITEM_ACCEPTED;
        const struct ho_eventlog *kl, *nl;
        const struct ho_event *kept, *refused;
        it->conflict = dup && ho_engine_conflict(w->app->eng, &kl, &kept, &nl, &refused);
        return HO_OK;
    }
    if (!is_record_error(rc)) {
        if (diag)
            *diag = why;
        return rc;
    }
    it->status = HO_ITEM_REJECTED;
    it->reject = rc;
    it->reason = ho_xstrdup(why.msg[0] ? why.msg : ho_rc_str(rc));
    return HO_OK;
}

static void
observe_commit(struct ho_http_metrics *m, int64_t us)
{
    double s = (double)us / 1e6;
    size_t b = 0;
    while (b < HO_HTTP_COMMIT_BUCKETS && s > ho_http_commit_bounds[b])
        b++;
    atomic_fetch_add_explicit(&m->commit_bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->commit_us_sum, (uint64_t)us, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->commits, 1, memory_order_relaxed);
}

static void
count_items(struct ho_http_metrics *m, const struct ho_http_job *job)
{
    for (size_t i = 0; i < job->n; i++) {
        atomic_uint_least64_t *c = job->items[i].status == HO_ITEM_ACCEPTED    ? &m->accepted
                                   : job->items[i].status == HO_ITEM_DUPLICATE ? &m->duplicate
                                                                               : &m->rejected;
        atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
        if (job->items[i].status == HO_ITEM_REJECTED)
            atomic_fetch_add_explicit(
                &m->rejected_by[ho_http_reject_kind(job->items[i].reject, job->items[i].reason)], 1,
                memory_order_relaxed);
    }
}

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Load the new definitions aside; only when they are good, swap them in
 * and reopen the engine on them. */
static void
do_reload(struct ho_http_writer *w, struct ho_http_reload *r)
{
    struct ho_app *app = w->app;
    struct ho_buf text = HO_BUF_INIT;
    struct ho_app scratch;
    memset(&scratch, 0, sizeof(scratch));
    int64_t id = 0;
    const char *name = r->path ? r->path : "(active definitions)";
    r->rc = r->path ? ho_app_read_defs_file(r->path, &text, &r->diag)
                    : ho_store_active_defs(app->st, &text, &id, &r->diag);
    if (r->rc == HO_OK)
        r->rc = ho_app_load_defs_text(&scratch, ho_buf_cstr(&text), text.len, name, &r->errors,
                                      &r->diag);
    if (r->rc == HO_OK && r->path && !ho_app_defs_may_activate(&scratch.defs, r->force))
        r->rc = ho_diag_set(&r->diag, HO_ECONFLICT,
                            "%s: definitions version %lld is not signed by both marketing and "
                            "sales; sign it or start serve with --force",
                            name, (long long)scratch.defs.version);
    if (r->rc == HO_OK) {
        int64_t before = app->defs_id;
        ho_engine_free(app->eng);
        app->eng = NULL;
        ho_defs_release(&app->defs);
        app->defs = scratch.defs;
        memset(&scratch.defs, 0, sizeof(scratch.defs));
        app->have_defs = true;
        if (r->path)
            r->rc = ho_app_activate_loaded(app, ho_buf_cstr(&text), text.len, now_ms(), &r->diag);
        else
            app->defs_id = id;
        if (r->rc == HO_OK)
            r->rc = ho_app_open_engine(app, NULL, &r->diag);
        r->changed = app->defs_id != before;
        struct ho_commit_stats cs;
        if (r->rc == HO_OK && r->changed)
            r->rc = ho_engine_commit(app->eng, true, &cs, &r->diag);
        r->version = app->defs.version;
    }
    ho_app_close(&scratch);
    ho_buf_release(&text);
}

/* Forget what a previous attempt made of the items (not the rejects the
 * request thread made: they have no text). */
static void
reset_items(struct ho_http_job *j)
{
    for (size_t i = 0; i < j->n; i++) {
        struct ho_http_item *it = &j->items[i];
        if (!it->text)
            continue;
        ho_xfree(it->id);
        ho_xfree(it->reason);
        it->id = it->reason = NULL;
        it->status = HO_ITEM_ACCEPTED;
        it->conflict = false;
        it->reject = HO_OK;
    }
}

static bool
is_defs_changed(ho_rc rc, const struct ho_diag *diag)
{
    return rc == HO_ECONFLICT && strstr(diag->msg, "other definitions") != NULL;
}

static void count_tick(struct ho_http_writer *w, const struct ho_commit_stats *cs, int64_t now,
                       ho_rc rc, const struct ho_diag *diag);

/* Add every job's events and commit them once, as of the clock's time
 * now when a tick is folded into the commit (else 0); HO_OK, or the
 * commit's error in *diag (the jobs' own errors are in them). */
static ho_rc
add_and_commit(struct ho_http_writer *w, struct ho_http_job *group, int64_t now,
               struct ho_diag *diag)
{
    bool need_commit = false;
    for (struct ho_http_job *j = group; j; j = j->next) {
        reset_items(j);
        j->rc = HO_OK;
        for (size_t i = 0; i < j->n && j->rc == HO_OK; i++) {
            j->rc = add_item(w, j->kind, &j->items[i], &j->diag);
            need_commit = need_commit || j->items[i].status != HO_ITEM_REJECTED;
        }
        need_commit = need_commit || j->rc != HO_OK; /* what it queued is committed */
    }
    if (!need_commit && !now)
        return HO_OK;
    struct ho_commit_stats cs;
    int64_t t0 = mono_us();
    ho_rc rc = now ? ho_engine_advance(w->app->eng, now, &cs, diag)
                   : ho_engine_commit(w->app->eng, false, &cs, diag);
    if (rc == HO_OK) {
        observe_commit(w->m, mono_us() - t0);
        committed(w); /* its alerts are in the outbox: the delivery thread may send them */
    } else
        atomic_fetch_add_explicit(&w->m->commit_failures, 1, memory_order_relaxed);
    if (now)
        count_tick(w, &cs, now, rc, diag);
    return rc;
}

/* One group: add every job's events, commit once.  When another process
 * activated other definitions meanwhile, the engine is reopened on them and
 * the group is added and committed again (nothing of it was stored). */
static void
run_group(struct ho_http_writer *w, struct ho_http_job *group, int64_t now)
{
    if (!w->app->eng) { /* a reload failed after the old engine was given up */
        for (struct ho_http_job *j = group; j; j = j->next) {
            j->rc = ho_diag_set(&j->diag, HO_ESTORE, "the engine is not loaded (see the log)");
        }
        return;
    }
    struct ho_diag diag = { 0 };
    ho_rc rc = add_and_commit(w, group, now, &diag);
    if (is_defs_changed(rc, &diag)) {
        struct ho_http_reload r = { 0 };
        do_reload(w, &r);
        fprintf(stderr,
                "level=%s msg=\"reloaded the active definitions: another process activated "
                "them\" version=%lld reason=\"%s\"\n",
                r.rc == HO_OK ? "info" : "error", (long long)r.version,
                r.rc == HO_OK ? "" : r.diag.msg);
        ho_buf_release(&r.errors);
        if (r.rc == HO_OK && w->app->eng) {
            memset(&diag, 0, sizeof(diag));
            rc = add_and_commit(w, group, now, &diag);
        }
    }
    if (rc == HO_OK)
        return;
    /* The events stay queued in the engine: the next commit retries them,
     * and a client's retry is then answered after it. */
    for (struct ho_http_job *j = group; j; j = j->next)
        if (j->rc == HO_OK) {
            j->rc = rc;
            j->diag = diag;
        }
}

/* Run a task on the engine; reopen on other definitions and run it again. */
static void
run_task(struct ho_http_writer *w, struct ho_http_task *t)
{
    memset(&t->diag, 0, sizeof(t->diag));
    if (!w->app->eng) {
        t->rc = ho_diag_set(&t->diag, HO_ESTORE, "the engine is not loaded (see the log)");
        return;
    }
    t->rc = t->run(w->app, t->ctx, &t->diag);
    if (t->rc == HO_OK)
        committed(w); /* a sales action's alerts */
    if (!is_defs_changed(t->rc, &t->diag))
        return;
    struct ho_http_reload r = { 0 };
    do_reload(w, &r);
    ho_buf_release(&r.errors);
    if (r.rc == HO_OK && w->app->eng) {
        memset(&t->diag, 0, sizeof(t->diag));
        t->rc = t->run(w->app, t->ctx, &t->diag);
    }
}

/* Run the queued tasks, oldest first (called and returning with mu held). */
static void
run_tasks(struct ho_http_writer *w)
{
    struct ho_http_task *list = NULL;
    while (w->tasks) { /* reverse into arrival order */
        struct ho_http_task *t = w->tasks;
        w->tasks = t->next;
        t->next = list;
        list = t;
    }
    pthread_mutex_unlock(&w->mu);
    for (struct ho_http_task *t = list; t; t = t->next)
        run_task(w, t);
    pthread_mutex_lock(&w->mu);
    for (struct ho_http_task *t = list, *next; t; t = next) {
        next = t->next;
        t->done = true;
    }
    pthread_cond_broadcast(&w->done);
}

/*---- the deadline timer ----*/

static void
log_tick(const struct ho_commit_stats *cs, int64_t now, ho_rc rc, const struct ho_diag *diag)
{
    if (rc != HO_OK)
        fprintf(stderr,
                "level=error msg=\"clock tick failed; the next tick retries\" reason=\"%s\"\n",
                diag->msg);
    else if (cs->aged || cs->assigned || cs->caught_up)
        fprintf(stderr,
                "level=info msg=\"clock tick\" now_ms=%lld aged=%zu assigned=%zu "
                "other_commits=%zu\n",
                (long long)now, cs->aged, cs->assigned, cs->caught_up);
}

static void
count_tick(struct ho_http_writer *w, const struct ho_commit_stats *cs, int64_t now, ho_rc rc,
           const struct ho_diag *diag)
{
    atomic_fetch_add_explicit(rc == HO_OK ? &w->m->ticks : &w->m->tick_failures, 1,
                              memory_order_relaxed);
    if (rc == HO_OK) {
        atomic_fetch_add_explicit(&w->m->aged, cs->aged, memory_order_relaxed);
        atomic_fetch_add_explicit(&w->m->rerouted, cs->assigned, memory_order_relaxed);
    }
    log_tick(cs, now, rc, diag);
}

/* Time passed: record what is due by the clock (MQL aging, re-routing, the
 * as-of time the SLA clocks are measured to), as a commit with no events.
 * Nothing is due while the clock has not passed the data's as-of time
 * (deadlines are measured to it): then nothing is written. */
static void
run_tick(struct ho_http_writer *w)
{
    if (!w->app->eng)
        return;
    int64_t now = w->clock(w->clock_ctx);
    if (now <= ho_engine_as_of(w->app->eng))
        return;
    struct ho_commit_stats cs;
    struct ho_diag diag = { 0 };
    ho_rc rc = ho_engine_advance(w->app->eng, now, &cs, &diag);
    if (is_defs_changed(rc, &diag)) { /* another process activated other definitions */
        struct ho_http_reload r = { 0 };
        do_reload(w, &r);
        ho_buf_release(&r.errors);
        memset(&diag, 0, sizeof(diag));
        rc = r.rc == HO_OK && w->app->eng ? ho_engine_advance(w->app->eng, now, &cs, &diag) : r.rc;
        if (r.rc != HO_OK)
            diag = r.diag;
    }
    count_tick(w, &cs, now, rc, &diag);
}

/* The clock's time for a tick folded into a group's commit; 0 (no tick)
 * when it has not passed the data's as-of time. */
static int64_t
tick_time(struct ho_http_writer *w)
{
    int64_t now = w->clock(w->clock_ctx);
    return now > ho_engine_as_of(w->app->eng) ? now : 0;
}

static bool
tick_due(const struct ho_http_writer *w)
{
    return w->tick_us && mono_us() >= w->next_tick_us;
}

/* Wait for work, or until the next tick is due. */
static void
wait_for_work(struct ho_http_writer *w)
{
    if (!w->tick_us) {
        pthread_cond_wait(&w->work, &w->mu);
        return;
    }
    int64_t at = w->next_tick_us;
    struct timespec ts = { (time_t)(at / 1000000), (long)(at % 1000000) * 1000 };
    (void)pthread_cond_timedwait(&w->work, &w->mu, &ts); /* w->work runs on CLOCK_MONOTONIC */
}

/* Count the group's events and hand each job back: the waiting ones
 * are marked done (under mu), the queued ones are called back.  A job
 * called back may be freed at once by its owner: read next first. */
static void
finish_group(struct ho_http_writer *w, struct ho_http_job *group)
{
    for (struct ho_http_job *j = group, *next; j; j = next) {
        next = j->next;
        if (j->rc == HO_OK)
            count_items(w->m, j);
        if (j->on_done) {
            j->done = true;
            j->on_done(j, j->on_done_ctx);
            continue;
        }
        pthread_mutex_lock(&w->mu);
        j->done = true;
        pthread_mutex_unlock(&w->mu);
    }
}

static void *
writer_main(void *arg)
{
    struct ho_http_writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->reload && !w->tasks && !w->stopping && !tick_due(w))
            wait_for_work(w);
        if (w->tasks) {
            run_tasks(w);
            continue;
        }
        if (tick_due(w) && !w->stopping) {
            w->next_tick_us = mono_us() + w->tick_us;
            if (w->head) { /* the queued jobs' commit records it: one commit, not two */
                w->tick_folded = true;
                continue;
            }
            pthread_mutex_unlock(&w->mu);
            run_tick(w);
            pthread_mutex_lock(&w->mu);
            continue;
        }
        if (w->reload) {
            struct ho_http_reload *r = w->reload;
            w->reload = NULL;
            pthread_mutex_unlock(&w->mu);
            do_reload(w, r);
            pthread_mutex_lock(&w->mu);
            r->done = true;
            pthread_cond_broadcast(&w->done);
            continue;
        }
        if (!w->head)
            break;
        struct ho_http_job *group = w->head;
        w->head = NULL;
        w->tail = &w->head;
        bool with_clock = w->tick_folded && w->app->eng;
        w->tick_folded = false;
        pthread_mutex_unlock(&w->mu);
        run_group(w, group, with_clock ? tick_time(w) : 0);
        finish_group(w, group);
        pthread_mutex_lock(&w->mu);
        pthread_cond_broadcast(&w->done);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

ho_rc
ho_http_writer_start(struct ho_app *app, struct ho_http_metrics *m, struct ho_http_writer **out,
                     struct ho_diag *diag)
{
    struct ho_http_writer *w = ho_xcalloc(1, sizeof(*w));
    w->app = app;
    w->m = m;
    w->native = ho_event_decoder_new();
    w->segment = ho_segment_decoder_new();
    w->tail = &w->head;
    pthread_mutex_init(&w->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* the timer's timed waits */
    pthread_cond_init(&w->work, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&w->done, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_cond_destroy(&w->done);
        pthread_cond_destroy(&w->work);
        pthread_mutex_destroy(&w->mu);
        ho_segment_decoder_free(w->segment);
        ho_event_decoder_free(w->native);
        ho_xfree(w);
        *out = NULL;
        return ho_diag_set(diag, HO_EIO, "cannot start the writer thread");
    }
    *out = w;
    return HO_OK;
}

/* Append job to the queue (mu held). */
static void
enqueue(struct ho_http_writer *w, struct ho_http_job *job)
{
    job->done = false;
    job->next = NULL;
    *w->tail = job;
    w->tail = &job->next;
    pthread_cond_signal(&w->work);
}

void
ho_http_writer_submit(struct ho_http_writer *w, struct ho_http_job *job)
{
    job->on_done = NULL;
    pthread_mutex_lock(&w->mu);
    enqueue(w, job);
    while (!job->done)
        pthread_cond_wait(&w->done, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

void
ho_http_writer_queue(struct ho_http_writer *w, struct ho_http_job *job)
{
    pthread_mutex_lock(&w->mu);
    enqueue(w, job);
    pthread_mutex_unlock(&w->mu);
}

void
ho_http_writer_timer(struct ho_http_writer *w, int64_t (*clock)(void *ctx), void *ctx,
                     unsigned tick_ms)
{
    pthread_mutex_lock(&w->mu);
    w->clock = clock;
    w->clock_ctx = ctx;
    w->tick_us = (int64_t)tick_ms * 1000;
    w->next_tick_us = mono_us() + w->tick_us;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
}

void
ho_http_writer_reload(struct ho_http_writer *w, struct ho_http_reload *r)
{
    r->done = false;
    pthread_mutex_lock(&w->mu);
    w->reload = r;
    pthread_cond_signal(&w->work);
    while (!r->done)
        pthread_cond_wait(&w->done, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

void
ho_http_writer_run(struct ho_http_writer *w, struct ho_http_task *t)
{
    t->done = false;
    pthread_mutex_lock(&w->mu);
    t->next = w->tasks;
    w->tasks = t;
    pthread_cond_signal(&w->work);
    while (!t->done)
        pthread_cond_wait(&w->done, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

void
ho_http_writer_stop(struct ho_http_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->mu);
    ho_segment_decoder_free(w->segment);
    ho_event_decoder_free(w->native);
    ho_xfree(w);
}

void
ho_http_job_release(struct ho_http_job *job)
{
    for (size_t i = 0; i < job->n; i++) {
        ho_xfree(job->items[i].id);
        ho_xfree(job->items[i].reason);
    }
    ho_xfree(job->items);
    job->items = NULL;
    job->n = 0;
    ho_buf_release(&job->arena);
}

struct ho_http_job *
ho_http_job_new(enum ho_http_item_kind kind)
{
    struct ho_http_job *job = ho_xcalloc(1, sizeof(*job));
    job->kind = kind;
    return job;
}

void
ho_http_job_free(struct ho_http_job *job)
{
    if (!job)
        return;
    ho_http_job_release(job);
    ho_xfree(job);
}
