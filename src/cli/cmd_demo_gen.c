/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_demo_gen.c - `handoff demo-data`: write the deterministic demo data
 * set (demo/demo_gen.h) as JSON Lines and optionally CSV, and print what was
 * generated on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "demo/demo_gen.h"

static const char usage_text[] =
    "usage: handoff demo-data [--seed N] [--leads N] [--months N] [--start DATE]\n"
    "                         [--scale X] [--out FILE.jsonl] [--csv FILE.csv]\n"
    "\n"
    "Writes a realistic, deterministic data set of B2B lead events: accounts with\n"
    "buying groups, first touches over the published channel mix, marketing activity,\n"
    "MQLs under the example definitions, sales follow-up with speed-to-lead effects,\n"
    "opportunities, recycled and outbound leads.  The same options always give the\n"
    "same bytes.\n"
    "\n"
    "  --seed N        random seed (default 42)\n"
    "  --leads N       number of leads (default 24000: about 600,000 events)\n"
    "  --months N      length of the period in calendar months (default 12)\n"
    "  --start DATE    first day, RFC 3339 date or time (default 2025-11-01)\n"
    "  --scale X       marketing activity per lead, 1.0 = default\n"
    "  --out FILE      JSON Lines output (default: standard output; '-' too)\n"
    "  --csv FILE      also write the same events as CSV\n";

struct args {
    struct ho_demo_opts o;
    const char *out; /* NULL or "-" = stdout */
    const char *csv;
};

static int
parse_uint(const char *opt, const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v > max) {
        ho_cli_error("%s '%s': expected a whole number from 0 to %llu", opt, s,
                     (unsigned long long)max);
        return HO_EXIT_USAGE;
    }
    *out = v;
    return HO_EXIT_OK;
}

static int
parse_scale(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v <= 0 || v > HO_DEMO_MAX_SCALE) {
        ho_cli_error("--scale '%s': expected a number above 0 and at most %g", s,
                     HO_DEMO_MAX_SCALE);
        return HO_EXIT_USAGE;
    }
    *out = v;
    return HO_EXIT_OK;
}

/* Apply one option; returns an exit code (HO_EXIT_OK to go on). */
static int
apply_option(struct args *a, int c)
{
    uint64_t v = 0;
    int ex = HO_EXIT_OK;
    switch (c) {
    case 's':
        ex = parse_uint("--seed", optarg, UINT64_MAX, &a->o.seed);
        break;
    case 'l':
        ex = parse_uint("--leads", optarg, HO_DEMO_MAX_LEADS, &v);
        a->o.leads = (uint32_t)v;
        break;
    case 'm':
        ex = parse_uint("--months", optarg, HO_DEMO_MAX_MONTHS, &v);
        a->o.months = (uint32_t)v;
        break;
    case 'b':
        ex = ho_cli_parse_time("--start", optarg, &a->o.start_ms);
        break;
    case 'x':
        ex = parse_scale(optarg, &a->o.events_per_lead_scale);
        break;
    case 'o':
        a->out = optarg;
        break;
    case 'c':
        a->csv = optarg;
        break;
    case 'h':
        return ho_cli_usage(usage_text, true) == HO_EXIT_OK ? -1 : HO_EXIT_USAGE;
    default:
        return ho_cli_usage(usage_text, false);
    }
    return ex;
}

static void
print_stats(const struct ho_demo_stats *st, const struct args *a)
{
    char first[HO_TIME_STRLEN];
    char last[HO_TIME_STRLEN];
    double leads = st->leads ? (double)st->leads : 1.0;
    double mqls = st->mqls ? (double)st->mqls : 1.0;
    (void)fprintf(stderr,
                  "demo-data: %llu events (%.1f per lead), %u leads in %u accounts, %s .. %s\n"
                  "  intended: %u MQL journeys (%u leads, %.1f%% of leads; %u recycled), "
                  "%u sales-sourced,\n"
                  "            %u SQLs (%.1f%% of MQL journeys), %u opportunities, %u won\n"
                  "  written: %s%s%s\n",
                  (unsigned long long)st->events, (double)st->events / leads, st->leads,
                  st->accounts, ho_time_format(st->first_ts, first),
                  ho_time_format(st->last_ts, last), st->mqls, st->mql_leads,
                  100.0 * st->mql_leads / leads, st->recycled, st->sales_sourced, st->sqls,
                  100.0 * st->sqls / mqls, st->opportunities, st->won, a->out ? a->out : "(stdout)",
                  a->csv ? ", " : "", a->csv ? a->csv : "");
}

static FILE *
open_out(const char *path)
{
    if (path == NULL || strcmp(path, "-") == 0)
        return stdout;
    FILE *f = fopen(path, "w");
    if (f == NULL)
        ho_cli_error("cannot create '%s': %s", path, strerror(errno));
    return f;
}

/* Close f (not stdout) and report a failed write. */
static int
close_out(FILE *f, const char *path, int ex)
{
    if (f == NULL || f == stdout)
        return ex;
    if (fclose(f) != 0 && ex == HO_EXIT_OK) {
        ho_cli_error("cannot write '%s': %s", path, strerror(errno));
        return HO_EXIT_ERROR;
    }
    return ex;
}

static int
run(const struct args *a)
{
    struct ho_diag diag = { 0 };
    struct ho_demo_stats st;
    FILE *jf = open_out(a->out);
    FILE *cf = NULL;
    int ex = HO_EXIT_OK;
    if (jf == NULL)
        return HO_EXIT_ERROR;
    if (a->csv != NULL) {
        cf = open_out(a->csv);
        if (cf == NULL || cf == jf) {
            if (cf == jf)
                ho_cli_error("--csv and --out cannot both be standard output");
            return close_out(jf, a->out, HO_EXIT_USAGE);
        }
    }
    if (ho_demo_generate(&a->o, jf, cf, &st, &diag) != HO_OK)
        ex = ho_cli_fail(&diag);
    ex = close_out(cf, a->csv, ex);
    ex = close_out(jf, a->out, ex);
    if (ex == HO_EXIT_OK)
        print_stats(&st, a);
    return ex;
}

int
ho_cmd_demo_generate(int argc, char **argv)
{
    static const struct option opts[] = { { "seed", required_argument, NULL, 's' },
                                          { "leads", required_argument, NULL, 'l' },
                                          { "months", required_argument, NULL, 'm' },
                                          { "start", required_argument, NULL, 'b' },
                                          { "scale", required_argument, NULL, 'x' },
                                          { "out", required_argument, NULL, 'o' },
                                          { "csv", required_argument, NULL, 'c' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    struct args a = { .out = NULL };
    int c;
    ho_demo_opts_default(&a.o);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int ex = apply_option(&a, c);
        if (ex == -1)
            return HO_EXIT_OK; /* --help */
        if (ex != HO_EXIT_OK)
            return ex;
    }
    if (optind != argc)
        return ho_cli_usage(usage_text, false);
    return run(&a);
}
