/* SPDX-License-Identifier: MIT */
/*
 * app/report_int.h - what the reports of app/report_*.c share: the run, the
 * one journey loader, and the options structs of the report families.
 */
#ifndef HO_APP_REPORT_INT_H
#define HO_APP_REPORT_INT_H

#include <stddef.h>

#include "app/app.h"
#include "app/reports.h"
#include "base/strtab.h"
#include "store/store.h"

/* One run of one report: the inputs its loader fetched, its results. */
struct ho_report_run {
    struct ho_app *app; /* NULL in offline (planning) runs */
    const void *opts;   /* the report's options struct */
    enum ho_format fmt;
    int64_t at;                /* the as-of time, resolved */
    struct ho_strtab *strings; /* the run's, or the engine's when !own_strings */
    bool own_strings;
    struct ho_journey_row *rows; /* the stored journeys */
    size_t n;
    void *state; /* the report's own inputs and results (load allocates, release frees) */
};

/* The stored journeys into r->rows, interned into r->strings (created when
 * NULL). */
HO_MUST_CHECK ho_rc ho_report_load_journeys(struct ho_report_run *r, struct ho_diag *diag);
/* Free what ho_report_load_journeys and the run's strings hold. */
void ho_report_release_journeys(struct ho_report_run *r);
/* The engine of r->app (opened when needed); its log's strings become r's. */
HO_MUST_CHECK ho_rc ho_report_use_engine(struct ho_report_run *r, struct ho_diag *diag);

/* report funnel (and its flow view). */
struct ho_funnel_ropts {
    struct ho_report_common c;
    int by;     /* enum ho_dim */
    int period; /* enum ho_cohort_period */
    bool flow;
    int64_t window; /* ms */
};

/* report whatif. */
struct ho_whatif_ropts {
    struct ho_report_common c;
    const char *stage;
    const char *rates;
    double delta;
    double visitors;
    double deal;
    int64_t months;
    bool has_delta, has_months, has_visitors, has_rates, has_deal;
};

/* Reports over a span of time, optionally split by a dimension. */
struct ho_span_ropts {
    struct ho_report_common c;
    int by;              /* enum ho_dim */
    double gross_margin; /* percent (pipeline) */
    bool has_gross_margin;
};

/* report attribution. */
struct ho_attr_ropts {
    struct ho_report_common c;
    int by;    /* enum ho_dim: channel or campaign */
    int model; /* enum ho_attr_model */
};

/* The option kinds (app/report_opts.c): --NAME in the CLI, NAME= in a query. */
extern const struct ho_report_opt_kind ho_ropt_from, ho_ropt_to, ho_ropt_at, ho_ropt_by,
    ho_ropt_period, ho_ropt_flow, ho_ropt_window, ho_ropt_stage, ho_ropt_delta, ho_ropt_months,
    ho_ropt_visitors, ho_ropt_rates, ho_ropt_deal, ho_ropt_gross_margin, ho_ropt_model;

/* Option table rows: the value at field F of options struct T. */
#define HO_ROPT(T, F) .off = offsetof(T, F)
/* ... and the bool field H set when the option is given. */
#define HO_ROPT_HAS(T, F, H) .off = offsetof(T, F), .has_off = offsetof(T, H) + 1
/* The three every span report takes. */
#define HO_ROPTS_SPAN(T)                                                                    \
    { &ho_ropt_from, HO_ROPT(T, c.from), .help = "only what began at or after this time" }, \
    {                                                                                       \
        &ho_ropt_to, HO_ROPT(T, c.to), .help = "only what began before this time"           \
    }
#define HO_ROPT_AT_ROW(T)                                                                     \
    {                                                                                         \
        &ho_ropt_at, HO_ROPT(T, c),                                                           \
            .dflt = NULL, .help = "the as-of time, or now (default: the data's latest event)" \
    }

/* The report definitions (app/report_*.c), listed by app/report_table.c. */
extern const struct ho_report_def ho_report_funnel_def, ho_report_whatif_def, ho_report_rules_def,
    ho_report_speed_def, ho_report_sla_def, ho_report_top_def, ho_report_dispositions_def,
    ho_report_stages_def, ho_report_pipeline_def, ho_report_closed_won_def,
    ho_report_attribution_def, ho_report_accounts_def;

/* The top of the funnel (app/report_sales.c), also printed ahead of the
 * funnel table when anonymous visitors were ingested. */
HO_MUST_CHECK ho_rc ho_report_top_load(struct ho_report_run *r, struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_report_top_compute(struct ho_report_run *r, struct ho_diag *diag);
HO_MUST_CHECK ho_rc ho_report_top_render(struct ho_report_run *r, FILE *out, enum ho_format fmt,
                                         struct ho_diag *diag);
void ho_report_top_release(struct ho_report_run *r);
/* Were anonymous visitors ingested? */
bool ho_report_has_visitors(struct ho_app *app);

#endif /* HO_APP_REPORT_INT_H */
