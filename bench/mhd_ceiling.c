/* SPDX-License-Identifier: MIT */
/*
 * bench/mhd_ceiling.c - the server's own ceiling for bench/serve.sh: a
 * libmicrohttpd daemon with the same threading as `handoff serve` (auto
 * internal polling, a thread pool of N) whose every request, body read
 * and dropped, answers 200 {"accepted":1}.  Not part of the product.
 *
 * usage: mhd_ceiling PORT THREADS   (runs until SIGTERM or SIGINT)
 */
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"accepted\":1}";

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **state)
{
    static int started;
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload;
    if (*state == NULL) { /* the headers: come back for the body */
        *state = &started;
        return MHD_YES;
    }
    if (*upload_size != 0) { /* a piece of the body: dropped */
        *upload_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body,
                                                             MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

int
main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: mhd_ceiling PORT THREADS\n", stderr);
        return 2;
    }
    unsigned port = (unsigned)strtoul(argv[1], NULL, 10);
    unsigned threads = (unsigned)strtoul(argv[2], NULL, 10);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
        on_request, NULL, MHD_OPTION_THREAD_POOL_SIZE, threads ? threads : 1U,
        MHD_OPTION_CONNECTION_TIMEOUT, 30U, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "mhd_ceiling: cannot listen on port %u\n", port);
        return 1;
    }
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
