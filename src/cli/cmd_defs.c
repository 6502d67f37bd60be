/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_defs.c - `handoff defs check FILE...` and `handoff defs example`.
 *
 * check validates definitions files offline (no database): it prints one
 * summary line per good file on stdout, every problem of a bad file on
 * stderr, and exits 1 when any file is bad.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "cli/cli.h"
#include "cli/cmd_defs_int.h"
#include "cli/commands.h"
#include "cli/exitcode.h"
#include "core/calendar.h"
#include "core/defs.h"
#include "core/segment_events.h"
#include "defs/defs_yaml.h"

static const char usage_text[] =
    "usage: handoff defs check FILE...\n"
    "       handoff defs example\n"
    "       handoff defs propose FILE --by NAME [--db FILE]\n"
    "       handoff defs sign N --as marketing|sales --by NAME [--file FILE] [--hash HASH]\n"
    "       handoff defs activate N|FILE [--force] [--by NAME] [--db FILE]\n"
    "       handoff defs history [--db FILE] [--json]\n"
    "       handoff defs show [N] [--db FILE]\n"
    "       handoff defs diff A B [--db FILE] [--table | --json]\n"
    "\n"
    "check    validate definitions files and report every problem as\n"
    "         FILE:LINE:COL: what is wrong — what to write instead\n"
    "         (exit 0 when all are valid, 1 otherwise; nothing is activated);\n"
    "         a valid file's summary lists each SLA's window as its clock counts\n"
    "         it: business clocks in business hours and working days of the\n"
    "         calendar (within: 5d is 5 working days), raw clocks in wall time,\n"
    "         and, when the file has a mapping: section, what it maps for the\n"
    "         CRM importers, and its content hash (what defs history shows and\n"
    "         defs sign --hash checks); unknown field names (lead.titel) are\n"
    "         problems, with the closest known name\n"
    "example  print the built-in example definitions (examples/definitions.yaml),\n"
    "         a starting point: handoff defs example > definitions.yaml\n"
    "propose, sign, activate, history, show, diff: the versions stored in the database,\n"
    "         each numbered by the store and identified by its content hash; see\n"
    "         handoff defs SUBCOMMAND --help\n";

static const char *
plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void
print_signatures(const struct ho_defs *d)
{
    bool m = d->marketing.signed_days >= 0, s = d->sales.signed_days >= 0;
    if (m && s)
        fputs("; signed by marketing and sales", stdout);
    else if (m || s)
        printf("; not signed by %s yet (activation needs --force)", m ? "sales" : "marketing");
    else
        fputs("; not signed yet (activation needs --force)", stdout);
}

/* One line per SLA with its window as the clock counts it: a business
 * clock in business hours and working days of the calendar (`5d` = 5
 * working days), a raw clock in wall time. */
static void
print_sla_windows(const struct ho_defs *d)
{
    int64_t day = ho_calendar_working_day_ms(&d->calendar);
    for (size_t i = 0; i < d->n_slas; i++) {
        const struct ho_sla *s = &d->slas[i];
        char w[HO_TIME_STRLEN];
        if (s->event)
            printf("  SLA %s on %s%s in %s", s->name, s->event,
                   s->n_where ? " (matching its where)" : "", s->in);
        else
            printf("  SLA %s from %s", s->name, s->from);
        if (s->when_rule)
            printf(" (when rule %s)", s->when_rule);
        else if (s->when_channel)
            printf(" (when channel %s)", s->when_channel);
        if (s->raw_clock || !d->calendar.defined)
            printf(": within %s %s\n", ho_duration_format(s->within_ms, w),
                   s->raw_clock ? "wall time" : "(no calendar: every hour counts)");
        else
            printf(": within %s\n", ho_business_duration_format(s->within_ms, day, w));
    }
}

/* The stage set, when it is not the default: what every report will show. */
static void
print_stage_set(const struct ho_defs *d)
{
    if (!d->stage_set.no_sal && !d->stage_set.meeting)
        return;
    enum ho_stage st[HO_STAGE__COUNT];
    size_t n = ho_stage_funnel_list(&d->stage_set, st);
    fputs("  stages:", stdout);
    for (size_t i = 0; i < n; i++)
        printf("%s %s", i ? "," : "", ho_stage_name(st[i]));
    if (d->stage_set.no_sal)
        fputs(" (no sal: sales_accept moves no stage)", stdout);
    if (d->stage_set.meeting)
        printf(" (meeting entered by %s)", d->meeting_requires);
    fputc('\n', stdout);
}

/* The `mapping:` section, when the file has one: what the CRM importers
 * will read differently from their built-in tables. */
static void
print_mapping(const struct ho_mapping *m)
{
    if (m->pos.line == 0)
        return;
    printf("  mapping: %zu %s, %zu %s, %zu %s, %zu lifecycle %s\n", m->n_fields,
           plural(m->n_fields, "field", "fields"), m->n_statuses,
           plural(m->n_statuses, "status", "statuses"), m->n_sources,
           plural(m->n_sources, "source", "sources"), m->n_lifecycle,
           plural(m->n_lifecycle, "value", "values"));
}

/* The `segment:` section, when the file has one: how Segment calls map
 * (core/segment_events.h). */
static void
print_segment(const struct ho_segment_def *sg)
{
    if (sg->pos.line == 0)
        return;
    size_t n_builtin;
    (void)ho_segment_builtin(&n_builtin);
    printf("  segment: %zu track event %s", sg->n_events, plural(sg->n_events, "name", "names"));
    if (!sg->builtin_off)
        printf(", then the built-in table (%zu names)", n_builtin);
    if (sg->unmapped == HO_SEGMENT_REJECT)
        fputs("; others rejected", stdout);
    else if (sg->unmapped == HO_SEGMENT_TYPE)
        printf("; others become %s (the name in props.event)", sg->unmapped_type);
    else
        fputs("; others kept as their type", stdout);
    printf("; page -> %s, screen -> %s\n", ho_segment_page_type(sg, false),
           ho_segment_page_type(sg, true));
}

static void
print_summary(const char *path, const struct ho_defs *d)
{
    printf("%s: ok (version %lld: %zu fit %s, %zu behavior %s, %zu %s, %zu MQL criteria %s, "
           "%zu %s, %zu %s",
           path, (long long)d->version, d->n_fit, plural(d->n_fit, "rule", "rules"), d->n_behavior,
           plural(d->n_behavior, "rule", "rules"), d->n_disqualify,
           plural(d->n_disqualify, "disqualifier", "disqualifiers"), d->mql.n_or_any,
           plural(d->mql.n_or_any, "set", "sets"), d->n_reasons,
           plural(d->n_reasons, "reason", "reasons"), d->n_channels,
           plural(d->n_channels, "channel", "channels"));
    if (d->calendar.defined)
        printf(", calendar %s", d->calendar.tz.name ? d->calendar.tz.name : "UTC");
    if (d->n_slas || d->n_routing || d->n_reps)
        printf(", %zu %s, %zu routing %s, %zu %s", d->n_slas, plural(d->n_slas, "SLA", "SLAs"),
               d->n_routing, plural(d->n_routing, "rule", "rules"), d->n_reps,
               plural(d->n_reps, "rep", "reps"));
    print_signatures(d);
    fputs(")\n", stdout);
    printf("  hash %s (its identity as a stored version: handoff defs history)\n", d->hash);
    print_stage_set(d);
    print_mapping(&d->mapping);
    print_segment(&d->segment);
    print_sla_windows(d);
}

/* Check one file; the exit code for it. */
static int
check_file(const char *path)
{
    struct ho_defs defs;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    ho_rc rc = ho_defs_load_file(path, &defs, &errors, &diag);
    size_t unknown = rc == HO_OK ? ho_defs_check_fields(&defs, path, &errors) : 0;
    if (unknown > 0)
        rc = ho_diag_set(&diag, HO_EPARSE, "%zu unknown field name%s in %s", unknown,
                         unknown == 1 ? "" : "s", path);
    if (rc == HO_OK)
        print_summary(path, &defs);
    else if (errors.len > 0)
        fputs(ho_buf_cstr(&errors), stderr);
    if (rc != HO_OK)
        ho_cli_error("%s", diag.msg[0] != '\0' ? diag.msg : ho_rc_str(rc));
    ho_defs_release(&defs);
    ho_buf_release(&errors);
    return rc == HO_OK ? HO_EXIT_OK : HO_EXIT_ERROR;
}

/* The subcommands with their own options (argv[0] is the subcommand). */
static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} subcommands[] = {
    { "propose", ho_cmd_defs_propose },   { "sign", ho_cmd_defs_sign },
    { "activate", ho_cmd_defs_activate }, { "history", ho_cmd_defs_history },
    { "show", ho_cmd_defs_show },         { "diff", ho_cmd_defs_diff },
};

int
ho_cmd_defs(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].fn(argc - 1, argv + 1);
    }
    static const struct option opts[] = { { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h')
            return ho_cli_usage(usage_text, true);
        return ho_cli_usage(usage_text, false);
    }
    if (optind >= argc)
        return ho_cli_usage(usage_text, false);
    const char *sub = argv[optind++];
    if (strcmp(sub, "example") == 0 && optind == argc) {
        fwrite(ho_example_definitions, 1, ho_example_definitions_len, stdout);
        return ho_cli_finish_stdout(HO_EXIT_OK);
    }
    if (strcmp(sub, "check") != 0 || optind == argc)
        return ho_cli_usage(usage_text, false);
    int ex = HO_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        if (check_file(argv[i]) != HO_EXIT_OK)
            ex = HO_EXIT_ERROR;
    }
    return ho_cli_finish_stdout(ex);
}
