/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_report.c - `handoff report NAME [options]`.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "core/funnel.h"
#include "report/report.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: handoff report funnel [--by channel] [--period month|all] [--from DATE]\n"
    "                             [--to DATE] [--json|--csv] [--db FILE]\n"
    "\n"
    "funnel  journeys by MQL cohort (the month of the MQL, or of the first stage of a\n"
    "        sales-sourced journey), optionally by first-touch channel: how many\n"
    "        reached mql, sal, sql, opportunity and customer (a skipped stage counts\n"
    "        as reached), each stage-to-stage rate as num/den, the MQL->SQL tier and\n"
    "        a plain-words diagnosis against the healthy ranges of the definitions.\n"
    "        --from/--to select cohorts whose start falls in [from, to);\n"
    "        --period all makes one cohort of the whole range.\n"
    "\n"
    "usage: handoff report speed [--from DATE] [--to DATE] [--json|--csv] [--db FILE]\n"
    "\n"
    "speed   time from MQL to the first contact attempt: journeys and their SQL rate\n"
    "        in buckets <=5m, <=1h, <=24h, <=7d, >7d, never; the SQL rate by how\n"
    "        many contact channels (call, email, LinkedIn) reached the lead in 48 h;\n"
    "        median and p90 response time, raw and in business hours, overall, per\n"
    "        rep and per channel.  --from/--to select MQLs by time.\n"
    "\n"
    "usage: handoff report sla [--at TIME|now] [--json|--csv] [--db FILE]\n"
    "\n"
    "sla     per SLA of the definitions: met, breached, open and cancelled clocks\n"
    "        and the met rate (met / (met + breached)), overall, per rep and per\n"
    "        channel; JSON lists the breaching journeys oldest first.  Running\n"
    "        clocks are measured to --at (default: now).\n"
    "\n"
    "usage: handoff report top [--from DATE] [--to DATE] [--json|--csv] [--db FILE]\n"
    "\n"
    "top     the top of the funnel by month: anonymous visitors (events with an\n"
    "        anonymous_id) by first visit and how many became leads (an event naming\n"
    "        both), and leads by creation and how many became MQLs.\n";


static int
parse_opts(int argc, char **argv, struct ho_cli_report_opts *o)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},   {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},   {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},        {"db", required_argument, NULL, 'd'},
        {"period", required_argument, NULL, 'p'}, {"at", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    *o = (struct ho_cli_report_opts){.fmt = HO_FORMAT_TABLE, .from = INT64_MIN, .to = INT64_MAX,
                                     .at = ho_cli_now()};
    optind = 1;
    while ((c = getopt_long(argc, argv, "b:f:t:jcd:p:a:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if (strcmp(optarg, "channel") != 0) {
                ho_cli_error("--by '%s': the funnel can be split by: channel", optarg);
                return HO_EXIT_USAGE;
            }
            o->by_channel = true;
            break;
        case 'f':
            if (ho_cli_parse_time("--from", optarg, &o->from) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 't':
            if (ho_cli_parse_time("--to", optarg, &o->to) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'p':
            if (strcmp(optarg, "month") != 0 && strcmp(optarg, "all") != 0) {
                ho_cli_error("--period '%s': write month or all", optarg);
                return HO_EXIT_USAGE;
            }
            o->whole_period = strcmp(optarg, "all") == 0;
            break;
        case 'a':
            if (strcmp(optarg, "now") != 0 &&
                ho_cli_parse_time("--at", optarg, &o->at) != HO_EXIT_OK)
                return HO_EXIT_USAGE;
            break;
        case 'j': o->fmt = HO_FORMAT_JSON; break;
        case 'c': o->fmt = HO_FORMAT_CSV; break;
        case 'd': o->db = optarg; break;
        case 'h': return ho_cli_usage(usage_text, true) == HO_EXIT_OK ? -1 : HO_EXIT_USAGE;
        default: return ho_cli_usage(usage_text, false);
        }
    }
    return HO_EXIT_OK;
}

/* Channels sort in the order the definitions list them; unknown ones last. */
static uint32_t *
channel_order(const struct ho_defs *defs, struct ho_strtab *strings)
{
    uint32_t n = ho_strtab_count(strings);
    uint32_t *order = ho_xmalloc(ho_size_mul(n, sizeof(*order)));
    for (uint32_t i = 0; i < n; i++)
        order[i] = (uint32_t)defs->n_channels + 1 + i;
    order[0] = UINT32_MAX;
    for (size_t k = 0; k < defs->n_channels; k++) {
        uint32_t id = ho_strtab_find(strings, defs->channels[k].name, strlen(defs->channels[k].name));
        if (id)
            order[id] = (uint32_t)k;
    }
    return order;
}

int
ho_cli_report_funnel(struct ho_cli *cli, const struct ho_cli_report_opts *o)
{
    struct ho_diag diag = {0};
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    int64_t as_of = 0;
    int ex = HO_EXIT_OK;
    if (ho_store_load_journeys(cli->st, strings, &rows, &n, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else {
        if (ho_store_meta_get_i64(cli->st, "as_of", &as_of, NULL) != HO_OK)
            as_of = 0; /* nothing imported yet */
        uint32_t *order = channel_order(&cli->defs, strings);
        struct ho_funnel f;
        struct ho_funnel_opts fo = {.by_channel = o->by_channel,
                                    .whole_period = o->whole_period, .from_ms = o->from,
                                    .to_ms = o->to, .as_of = as_of};
        ho_funnel_compute(rows, n, &fo, order, &f);
        struct ho_funnel_view v = {.funnel = &f, .strings = strings, .bench = &cli->defs.bench,
                                   .by_channel = o->by_channel, .as_of = as_of};
        if (ho_report_funnel(stdout, (enum ho_format)o->fmt, &v, &diag) != HO_OK)
            ex = ho_cli_fail(&diag);
        ho_funnel_release(&f);
        ho_xfree(order);
    }
    ho_xfree(rows);
    ho_strtab_free(strings);
    return ex;
}

int
ho_cmd_report(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        bool help = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
        return ho_cli_usage(usage_text, help);
    }
    const char *name = argv[1];
    struct ho_cli_report_opts o;
    int ex = parse_opts(argc - 1, argv + 1, &o);
    if (ex != HO_EXIT_OK)
        return ex < 0 ? HO_EXIT_OK : ex;
    static const struct {
        const char *name;
        int (*run)(struct ho_cli *cli, const struct ho_cli_report_opts *o);
    } reports[] = {
        {"funnel", ho_cli_report_funnel},
        {"speed", ho_cli_report_speed},
        {"sla", ho_cli_report_sla},
        {"top", ho_cli_report_top},
    };
    size_t r = 0;
    while (r < HO_ARRAY_LEN(reports) && strcmp(name, reports[r].name) != 0)
        r++;
    if (r == HO_ARRAY_LEN(reports)) {
        ho_cli_error("unknown report '%s' (available: funnel, speed, sla, top)", name);
        return HO_EXIT_USAGE;
    }
    struct ho_cli cli;
    ex = ho_cli_open(&cli, o.db);
    if (ex == HO_EXIT_OK)
        ex = ho_cli_load_active_defs(&cli);
    if (ex == HO_EXIT_OK)
        ex = reports[r].run(&cli, &o);
    ho_cli_close(&cli);
    return ex;
}
