/* SPDX-License-Identifier: MIT */
/*
 * http/http_int.h - what the files of http/ share: the writer (group
 * commit), the metrics, the split of request bodies into events.
 */
#ifndef HO_HTTP_HTTP_INT_H
#define HO_HTTP_HTTP_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/rc.h"

struct ho_app;

/*---- metrics ----*/

/* Why events were rejected, as a metric label: index and name. */
#define HO_HTTP_REJECT_KINDS 5
size_t ho_http_reject_kind(ho_rc reject, const char *reason);
extern const char *const ho_http_reject_names[HO_HTTP_REJECT_KINDS];

/* Upper bounds (seconds) of the commit latency histogram's buckets. */
#define HO_HTTP_COMMIT_BUCKETS 12
extern const double ho_http_commit_bounds[HO_HTTP_COMMIT_BUCKETS];

/* Request latency buckets (seconds), per route. */
#define HO_HTTP_REQ_BUCKETS 10
#define HO_HTTP_MAX_ROUTES  32
extern const double ho_http_req_bounds[HO_HTTP_REQ_BUCKETS];

struct ho_http_route_metrics {
    atomic_uint_least64_t bucket[HO_HTTP_REQ_BUCKETS + 1]; /* last: +Inf */
    atomic_uint_least64_t us_sum;
    atomic_uint_least64_t by_class[6]; /* [status / 100]: 2xx .. 5xx; [0]: no response */
};

struct ho_http_metrics {
    atomic_uint_least64_t accepted, duplicate, rejected;     /* events */
    atomic_uint_least64_t rejected_by[HO_HTTP_REJECT_KINDS]; /* ho_http_reject_kind() */
    atomic_uint_least64_t commits, commit_failures;
    atomic_uint_least64_t commit_bucket[HO_HTTP_COMMIT_BUCKETS + 1]; /* last: +Inf */
    atomic_uint_least64_t commit_us_sum;
    atomic_uint_least64_t ticks, tick_failures; /* the deadline timer */
    atomic_uint_least64_t aged, rerouted;       /* events the timer recorded */
    const char *db_path;                        /* the state gauges are read from it, per scrape */
    struct ho_http_route_metrics route[HO_HTTP_MAX_ROUTES + 1]; /* last: no route (404) */
};

/* Count one request of route i (HO_HTTP_MAX_ROUTES: none) answered with
 * status (0: none) after us microseconds. */
void ho_http_metrics_request(struct ho_http_metrics *m, size_t i, unsigned status, int64_t us);
/* The Prometheus text exposition of m, appended to out; label(i) names
 * route i ("POST /v1/events") for i < n_routes. */
void ho_http_metrics_text(const struct ho_http_metrics *m, size_t n_routes,
                          const char *(*label)(size_t i), struct ho_buf *out);

/*---- the writer: one thread owns the engine ----*/

enum ho_http_item_kind { HO_ITEM_NATIVE, HO_ITEM_SEGMENT };
enum ho_http_item_status { HO_ITEM_ACCEPTED, HO_ITEM_DUPLICATE, HO_ITEM_REJECTED };

/* One event of a request: its JSON text, then what the writer made of it. */
struct ho_http_item {
    const char *text; /* borrowed; NULL: rejected before (reason set) */
    size_t len;
    enum ho_http_item_status status;
    bool conflict; /* duplicate id with other content: the stored event is kept */
    char *id;      /* owned: the event id when it was decoded */
    char *reason;  /* owned: why it was rejected */
    ho_rc
        reject; /* the writer's reject: HO_EPARSE, HO_ELIMIT, HO_ECONFLICT; HO_OK: the request's */
};

/* The events of one request, handed to the writer as a whole. */
struct ho_http_job {
    struct ho_http_item *items;
    size_t n;
    enum ho_http_item_kind kind;
    /* Set by the writer before done: HO_OK when the commit holding the
     * items succeeded (or nothing needed one). */
    ho_rc rc;
    struct ho_diag diag;
    bool done;
    struct ho_http_job *next;
    /* NULL: the submitter waits (ho_http_writer_submit()).  Else called on
     * the writer's thread once rc is set, after which the writer never
     * touches the job again (ho_http_writer_queue()). */
    void (*on_done)(struct ho_http_job *job, void *ctx);
    void *on_done_ctx;
    struct ho_buf arena; /* texts the items borrow (Segment bodies), released with the job */
};

struct ho_http_writer;

/* Start the writer over app (borrowed, its engine open). */
HO_MUST_CHECK ho_rc ho_http_writer_start(struct ho_app *app, struct ho_http_metrics *m,
                                         struct ho_http_writer **out, struct ho_diag *diag);
struct ho_http_commit_hook;
/* The hook called after each commit (ho_http_on_commit()). */
void ho_http_writer_on_commit(struct ho_http_writer *w, const struct ho_http_commit_hook *h);
/* Queue job and wait until the commit that holds its events finished. */
void ho_http_writer_submit(struct ho_http_writer *w, struct ho_http_job *job);
/* Queue job and return at once: job->on_done(job, job->on_done_ctx) is
 * called on the writer's thread when the commit holding its events
 * finished (or failed: job->rc).  The job must stay valid until then. */
void ho_http_writer_queue(struct ho_http_writer *w, struct ho_http_job *job);
/* A reload of the definitions, run by the writer between two groups. */
struct ho_http_reload {
    const char *path; /* the definitions file; NULL: the database's active ones */
    bool force;       /* activate without both owners' sign-off */
    /* set by the writer */
    ho_rc rc;
    struct ho_diag diag;
    struct ho_buf errors; /* the file's located problems */
    int64_t version;
    bool changed; /* another version is active now: every lead was recomputed */
    bool done;
};

/* Reload the definitions (r->path, or the database's active ones) and wait.
 * A file that does not load or may not be activated changes nothing: the
 * old definitions keep serving.  Else the engine is reopened on the new
 * ones and, when they changed, every lead is recomputed. */
void ho_http_writer_reload(struct ho_http_writer *w, struct ho_http_reload *r);

/* Work run on the writer's thread (which owns the engine), alone, between
 * two groups: a sales action (POST /v1/leads/{id}/actions) checks the lead,
 * records its event and commits itself.  When run's commit finds that
 * another process activated other definitions, the engine is reopened on
 * them and run is called again. */
struct ho_http_task {
    ho_rc (*run)(struct ho_app *app, void *ctx, struct ho_diag *diag);
    void *ctx;
    /* set by the writer */
    ho_rc rc;
    struct ho_diag diag;
    bool done;
    struct ho_http_task *next;
};

/* Queue task and wait until it ran. */
void ho_http_writer_run(struct ho_http_writer *w, struct ho_http_task *t);

/* Start the deadline timer: every tick_ms the writer, between two groups,
 * reads clock(ctx) (ms since the epoch) and records what is due by then
 * (ho_engine_advance(): MQL aging, re-routing, the data's as-of time). */
void ho_http_writer_timer(struct ho_http_writer *w, int64_t (*clock)(void *ctx), void *ctx,
                          unsigned tick_ms);

/* Finish the jobs queued, join the thread, free it (NULL-safe). */
void ho_http_writer_stop(struct ho_http_writer *w);
/* Free what the writer set in the items (ids, reasons), the items and the arena. */
void ho_http_job_release(struct ho_http_job *job);
/* A job on the heap, empty; ho_http_job_free() releases and frees it (NULL-safe). */
struct ho_http_job *ho_http_job_new(enum ho_http_item_kind kind);
void ho_http_job_free(struct ho_http_job *job);

/*---- request bodies ----*/

/* Split a /v1/events body (one event object or an array of them) into
 * items (owned by the caller, ho_xfree; borrowing text).  HO_EPARSE with
 * diag->column (character column in the text) when it is not JSON. */
HO_MUST_CHECK ho_rc ho_http_split_events(const char *text, size_t len, struct ho_http_item **items,
                                         size_t *n, struct ho_diag *diag);

/* Segment bodies: each message rewritten with what the route and the
 * envelope imply (type, receivedAt = now, the batch's sentAt), texts in
 * arena.  route_type: "track", ... or NULL for a batch.  HO_ELIMIT: an
 * event of a batch over HO_HTTP_MAX_SEGMENT_BODY or more than
 * HO_HTTP_MAX_BATCH_EVENTS events. */
HO_MUST_CHECK ho_rc ho_http_split_segment(const char *text, size_t len, const char *route_type,
                                          int64_t now_ms, struct ho_buf *arena,
                                          struct ho_http_item **items, size_t *n,
                                          struct ho_diag *diag);

/* The top-level "writeKey" string of a Segment body into out: HO_OK, or
 * HO_ENOTFOUND (none, or the body is not JSON). */
ho_rc ho_http_segment_write_key(const char *text, size_t len, struct ho_buf *out);

/* Line and column (1-based, characters) of the character column col of text. */
void ho_http_locate(const char *text, size_t len, uint32_t col, uint32_t *line, uint32_t *column);

#endif /* HO_HTTP_HTTP_INT_H */
