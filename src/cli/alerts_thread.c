/* SPDX-License-Identifier: MIT */
/*
 * cli/alerts_thread.c - the delivery worker as a thread of serve
 * (cli/alerts_thread.h).
 */
#include "cli/alerts_thread.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/exitcode.h"
#include "notify/deliver.h"

/* A due alert waits at most this long: a commit of the server wakes the
 * thread at once (ho_alerts_thread_wake), the poll is for retries falling
 * due and for alerts other processes wrote (an indexed read of the pending
 * rows). */
#define POLL_MS 100

struct ho_alerts_thread {
    struct ho_app app;
    struct ho_deliverer *w;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    bool kicked; /* woken since the last round: run another at once */
};

static void *
run(void *arg)
{
    struct ho_alerts_thread *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        pthread_mutex_unlock(&t->lock);
        struct ho_deliver_stats s;
        struct ho_diag diag = { 0 };
        if (ho_deliver_round(t->w, ho_deliver_now(), &s, &diag) != HO_OK)
            fprintf(stderr, "level=error msg=\"alert delivery\" reason=\"%s\"\n", diag.msg);
        else if (s.sent || s.failed || s.dead)
            fprintf(stderr, "level=info msg=alerts sent=%zu failed=%zu dead=%zu\n", s.sent,
                    s.failed, s.dead);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += POLL_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_mutex_lock(&t->lock);
        if (!t->stop && !t->kicked)
            (void)pthread_cond_timedwait(&t->wake, &t->lock, &until);
        t->kicked = false;
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int
ho_alerts_thread_start(const char *db_path, struct ho_alerts_thread **out)
{
    *out = NULL;
    struct ho_alerts_thread *t = ho_xcalloc(1, sizeof(*t));
    int ex = ho_cli_open_as(&t->app, db_path, HO_CLI_WRITE);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&t->app);
    struct ho_diag diag = { 0 };
    if (ex == HO_EXIT_OK && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        ho_cli_error("cannot start libcurl");
        ex = HO_EXIT_ERROR;
    }
    if (ex == HO_EXIT_OK && ho_deliver_new(t->app.st, &t->app.defs, &t->w, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    if (ex == HO_EXIT_OK && pthread_create(&t->thread, NULL, run, t) != 0) {
        ho_cli_error("cannot start the alert delivery thread");
        ex = HO_EXIT_ERROR;
    }
    if (ex != HO_EXIT_OK) {
        ho_deliver_free(t->w);
        pthread_mutex_destroy(&t->lock);
        pthread_cond_destroy(&t->wake);
        ho_cli_close(&t->app);
        ho_xfree(t);
        return ex;
    }
    *out = t;
    return HO_EXIT_OK;
}

void
ho_alerts_thread_wake(void *arg)
{
    struct ho_alerts_thread *t = arg;
    pthread_mutex_lock(&t->lock);
    t->kicked = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
}

void
ho_alerts_thread_stop(struct ho_alerts_thread *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = 1;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    ho_deliver_free(t->w);
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->wake);
    ho_cli_close(&t->app);
    curl_global_cleanup();
    ho_xfree(t);
}
