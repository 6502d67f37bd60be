/* SPDX-License-Identifier: MIT */
/*
 * cli/cmd_calibrate.c - `handoff calibrate`: suggested points learnt from the
 * real outcomes (app/calibrate.h), with the holdout's AUC, Brier score and
 * calibration table, and a candidate definitions file to review.  Opens the
 * database read-only; never activates anything.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calibrate.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/exitcode.h"

static const char usage_text[] =
    "usage: handoff calibrate [--db FILE] [--target sql|won] [--holdout FRACTION] [--seed N]\n"
    "                         [--out FILE] [--format text|json | --json]\n"
    "\n"
    "Learns from the real outcomes in the log how much each active rule is worth:\n"
    "an L2 logistic regression (liblinear) on the leads sales touched, each as it\n"
    "stood just before sales first touched it, against whether it reached SQL\n"
    "(--target sql, the default) or customer (--target won).  Fit rules give one\n"
    "feature each (holds), behaviour rules two (decayed count, raw count), and the\n"
    "first-touch channel one per channel.  A share of the leads (--holdout, default\n"
    "0.2, at most 0.5) is kept out of the fit to judge it: the latest ones by the\n"
    "time sales first touched them (a time-ordered split: the model is judged on\n"
    "leads later than those it learnt from), or with --seed N a random share by a\n"
    "hash of the lead id.  Reported: AUC and Brier score of the fitted model and of\n"
    "the active score, and a calibration table per band of predicted probability.\n"
    "\n"
    "Refuses (exit 1) below 200 outcomes with at least 50 of each class, and says\n"
    "how many more it needs.  Otherwise writes a candidate: the active definitions\n"
    "with the suggested points and the next free version number, without sign-offs,\n"
    "to --out (default candidate-vN.yaml), and prints it as a defs diff.  Nothing is\n"
    "activated: next, handoff backtest FILE, then defs propose, sign and activate.\n";

struct cal_args {
    const char *db, *out;
    struct ho_calib_opts o;
    bool json;
};

static bool
parse_fraction(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v > 0.0 && v <= 0.5))
        return false;
    *out = v;
    return true;
}

static bool
parse_seed(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-')
        return false;
    *out = v;
    return true;
}

static int
parse_opt(int c, struct cal_args *a)
{
    switch (c) {
    case 'd':
        a->db = optarg;
        return HO_EXIT_OK;
    case 'o':
        a->out = optarg;
        return HO_EXIT_OK;
    case 'j':
        a->json = true;
        return HO_EXIT_OK;
    case 'f':
        if (strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0) {
            a->json = strcmp(optarg, "json") == 0;
            return HO_EXIT_OK;
        }
        ho_cli_error("--format: '%s' is not text or json", optarg);
        return HO_EXIT_USAGE;
    case 't':
        if (strcmp(optarg, "sql") == 0 || strcmp(optarg, "won") == 0) {
            a->o.target = strcmp(optarg, "won") == 0 ? HO_CALIB_TARGET_WON : HO_CALIB_TARGET_SQL;
            return HO_EXIT_OK;
        }
        ho_cli_error("--target: '%s' is not sql or won", optarg);
        return HO_EXIT_USAGE;
    case 'H':
        if (parse_fraction(optarg, &a->o.holdout))
            return HO_EXIT_OK;
        ho_cli_error("--holdout: '%s' is not a fraction above 0 and at most 0.5 (e.g. 0.2)",
                     optarg);
        return HO_EXIT_USAGE;
    case 's':
        a->o.random_split = true;
        if (parse_seed(optarg, &a->o.seed))
            return HO_EXIT_OK;
        ho_cli_error("--seed: '%s' is not a whole number of 0 or more", optarg);
        return HO_EXIT_USAGE;
    case 'h':
        return ho_cli_usage(usage_text, true);
    default:
        return ho_cli_usage(usage_text, false);
    }
}

static int
parse_args(int argc, char **argv, struct cal_args *a)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "target", required_argument, NULL, 't' },
                                          { "holdout", required_argument, NULL, 'H' },
                                          { "seed", required_argument, NULL, 's' },
                                          { "out", required_argument, NULL, 'o' },
                                          { "format", required_argument, NULL, 'f' },
                                          { "json", no_argument, NULL, 'j' },
                                          { "help", no_argument, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    memset(a, 0, sizeof(*a));
    a->o.holdout = 0.2;
    a->o.seed = 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:t:H:s:o:f:jh", opts, NULL)) != -1) {
        int ex = parse_opt(c, a);
        if (ex != HO_EXIT_OK)
            return ex;
    }
    if (optind != argc)
        return ho_cli_usage(usage_text, false);
    return HO_EXIT_OK;
}

/* ---- the refusal ---------------------------------------------------------- */

static void
print_refusal(const struct ho_calibration *c)
{
    const struct ho_calib_need *n = &c->need;
    ho_cli_error("too few outcomes to learn from: %llu samples (%llu positive, %llu negative; "
                 "target %s), of %zu leads (%zu never seen by sales)",
                 (unsigned long long)n->samples, (unsigned long long)n->positives,
                 (unsigned long long)n->negatives, ho_calib_target_name(c->opts.target), c->leads,
                 c->unknown);
    ho_cli_error("calibrate needs at least %d samples with at least %d of each class: "
                 "%llu more outcomes, of which at least %llu positive and %llu negative",
                 HO_CALIB_MIN_SAMPLES, HO_CALIB_MIN_CLASS, (unsigned long long)n->more_samples,
                 (unsigned long long)n->more_positives, (unsigned long long)n->more_negatives);
}

static json_t *
need_json(const struct ho_calib_need *n)
{
    json_t *o = json_object();
    json_object_set_new(o, "samples", json_integer((json_int_t)n->samples));
    json_object_set_new(o, "positives", json_integer((json_int_t)n->positives));
    json_object_set_new(o, "negatives", json_integer((json_int_t)n->negatives));
    json_object_set_new(o, "more_samples", json_integer((json_int_t)n->more_samples));
    json_object_set_new(o, "more_positives", json_integer((json_int_t)n->more_positives));
    json_object_set_new(o, "more_negatives", json_integer((json_int_t)n->more_negatives));
    json_object_set_new(o, "min_samples", json_integer(HO_CALIB_MIN_SAMPLES));
    json_object_set_new(o, "min_per_class", json_integer(HO_CALIB_MIN_CLASS));
    json_object_set_new(o, "enough", json_boolean(n->enough));
    return o;
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *
num_json(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *
eval_json(const struct ho_calib_eval *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "auc", num_json(e->auc));
    json_object_set_new(o, "brier", num_json(e->brier));
    json_t *bands = json_array();
    for (size_t b = 0; b < HO_CALIB_BANDS; b++) {
        const struct ho_calib_band *x = &e->bands[b];
        json_t *r = json_object();
        json_object_set_new(r, "from", json_real(x->lo));
        json_object_set_new(r, "to", json_real(x->hi));
        json_object_set_new(r, "n", json_integer((json_int_t)x->n));
        json_object_set_new(r, "positives", json_integer((json_int_t)x->positives));
        json_object_set_new(r, "mean_predicted", num_json(x->mean_predicted));
        json_object_set_new(r, "observed", num_json(x->observed));
        json_array_append_new(bands, r);
    }
    json_object_set_new(o, "bands", bands);
    return o;
}

static json_t *
coefs_json(const struct ho_calibration *c)
{
    json_t *a = json_array();
    for (size_t j = 0; j < c->layout.n; j++) {
        json_t *o = json_object();
        json_object_set_new(o, "feature", json_string(c->coefs[j].label));
        json_object_set_new(o, "coef", json_real(c->coefs[j].coef));
        json_object_set_new(o, "samples", json_integer((json_int_t)c->coefs[j].nonzero));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *
rules_json(const struct ho_calibration *c)
{
    json_t *a = json_array();
    for (size_t r = 0; r < c->layout.n_rules; r++) {
        const struct ho_calib_rule *x = &c->rules[r];
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(x->name));
        json_object_set_new(o, "kind", json_string(x->is_fit ? "fit" : "behavior"));
        json_object_set_new(o, "coef", json_real(x->coef));
        json_object_set_new(o, "points", json_real(x->points));
        json_object_set_new(o, "scaled", json_real(x->scaled));
        json_object_set_new(o, "suggested", json_real(x->suggested));
        json_object_set_new(o, "no_evidence", json_boolean(x->no_evidence));
        json_object_set_new(o, "held", json_boolean(x->held));
        json_object_set_new(o, "mql_journeys", json_integer((json_int_t)x->mql_journeys));
        json_object_set_new(o, "rejected_bad_fit", json_integer((json_int_t)x->bad_fit));
        json_object_set_new(o, "rejected_bad_scoring", json_integer((json_int_t)x->bad_scoring));
        json_object_set_new(o, "mostly_rejected", json_boolean(x->mostly_rejected));
        json_object_set_new(o, "rejection_flag", json_string(x->rejection_text));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *
diff_json(const struct ho_defs_diff *d)
{
    json_t *a = json_array();
    struct ho_buf words = HO_BUF_INIT;
    for (size_t i = 0; i < d->n; i++) {
        ho_buf_reset(&words);
        ho_defs_change_words(&d->v[i], &words);
        json_array_append_new(a, json_string(ho_buf_cstr(&words)));
    }
    ho_buf_release(&words);
    return a;
}

static json_t *
split_json(const struct ho_calibration *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "fraction", json_real(c->opts.holdout));
    json_object_set_new(o, "method", json_string(c->opts.random_split ? "random" : "time"));
    json_object_set_new(
        o, "seed", c->opts.random_split ? json_integer((json_int_t)c->opts.seed) : json_null());
    json_object_set_new(o, "train", json_integer((json_int_t)c->n_train));
    json_object_set_new(o, "train_positives", json_integer((json_int_t)c->train_positives));
    json_object_set_new(o, "holdout", json_integer((json_int_t)c->n_holdout));
    json_object_set_new(o, "holdout_positives", json_integer((json_int_t)c->holdout_positives));
    return o;
}

static int
print_json(const struct ho_calibration *c, const char *path)
{
    json_t *o = json_object();
    json_object_set_new(o, "target", json_string(ho_calib_target_name(c->opts.target)));
    json_object_set_new(o, "leads", json_integer((json_int_t)c->leads));
    json_object_set_new(o, "unknown_outcome", json_integer((json_int_t)c->unknown));
    json_object_set_new(o, "need", need_json(&c->need));
    json_object_set_new(o, "fitted", json_boolean(c->fitted));
    if (c->fitted) {
        json_object_set_new(o, "split", split_json(c));
        json_object_set_new(o, "model", eval_json(&c->model));
        json_object_set_new(o, "active_score", eval_json(&c->active));
        json_object_set_new(o, "intercept", json_real(c->bias));
        json_object_set_new(o, "coefficients", coefs_json(c));
        json_object_set_new(o, "rules", rules_json(c));
        json_object_set_new(o, "active_version", json_integer((json_int_t)c->active_version));
        json_object_set_new(o, "candidate_version", json_integer((json_int_t)c->candidate_version));
        json_object_set_new(o, "candidate_file", path[0] ? json_string(path) : json_null());
        json_object_set_new(o, "changes", diff_json(&c->diff));
    }
    int rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(6));
    json_decref(o);
    fputc('\n', stdout);
    return rc == 0 ? HO_EXIT_OK : HO_EXIT_ERROR;
}

/* ---- text ------------------------------------------------------------------ */

/* v in width columns with 3 decimals, or n/a. */
static void
print_num(int width, double v)
{
    if (isnan(v))
        printf("%*s", width, "n/a");
    else
        printf("%*.3f", width, v);
}

static void
print_bands(const char *what, const struct ho_calib_eval *e)
{
    printf("\ncalibration on the holdout, %s\n", what);
    printf("  %-9s %7s %9s %10s %9s\n", "band", "leads", "positive", "predicted", "observed");
    for (size_t b = 0; b < HO_CALIB_BANDS; b++) {
        const struct ho_calib_band *x = &e->bands[b];
        printf("  %.1f-%.1f   %7llu %9llu ", x->lo, x->hi, (unsigned long long)x->n,
               (unsigned long long)x->positives);
        print_num(10, x->mean_predicted);
        putchar(' ');
        print_num(9, x->observed);
        putchar('\n');
    }
}

static void
print_summary(const struct ho_calibration *c)
{
    const struct ho_calib_need *n = &c->need;
    printf("calibrate: target %s, %llu outcomes (%llu positive, %llu negative) of %zu leads; "
           "%zu leads sales never saw are left out\n",
           ho_calib_target_name(c->opts.target), (unsigned long long)n->samples,
           (unsigned long long)n->positives, (unsigned long long)n->negatives, c->leads,
           c->unknown);
    printf("  training %zu (%zu positive), holdout %zu (%zu positive): fraction %g, ", c->n_train,
           c->train_positives, c->n_holdout, c->holdout_positives, c->opts.holdout);
    if (c->opts.random_split)
        printf("random by lead, seed %llu\n", (unsigned long long)c->opts.seed);
    else
        puts("the latest leads by first sales touch");
    printf("\n%-22s %7s %7s\n", "holdout", "AUC", "Brier");
    printf("  %-20s ", "fitted model");
    print_num(7, c->model.auc);
    putchar(' ');
    print_num(7, c->model.brier);
    printf("\n  %-20s ", "active score");
    print_num(7, c->active.auc);
    putchar(' ');
    print_num(7, c->active.brier);
    putchar('\n');
}

static void
print_coefs(const struct ho_calibration *c)
{
    printf("\ncoefficients (log-odds of %s; samples: training leads where the feature is not 0)\n",
           ho_calib_target_name(c->opts.target));
    printf("  %-40s %9s %8s\n", "feature", "coef", "samples");
    printf("  %-40s %9.4f %8zu\n", "(intercept)", c->bias, c->n_train);
    for (size_t j = 0; j < c->layout.n; j++)
        printf("  %-40s %9.4f %8llu\n", c->coefs[j].label, c->coefs[j].coef,
               (unsigned long long)c->coefs[j].nonzero);
    printf("\nsuggested points (the active rules' total weight, shared by coefficient)\n");
    printf("  %-30s %-9s %9s %7s %10s\n", "rule", "kind", "coef", "active", "suggested");
    for (size_t r = 0; r < c->layout.n_rules; r++) {
        const struct ho_calib_rule *x = &c->rules[r];
        printf("  %-30s %-9s %9.4f %7g %10g", x->name, x->is_fit ? "fit" : "behavior", x->coef,
               x->points, x->suggested);
        if (x->no_evidence)
            printf("  kept: no training lead shows it");
        else if (x->held)
            printf("  held at 1: an or_any set names it (the model alone: %g)", x->scaled);
        putchar('\n');
        if (x->mostly_rejected)
            printf("    flag: %llu of its %llu MQL journeys rejected as bad_fit, %llu as "
                   "bad_scoring — %s\n",
                   (unsigned long long)x->bad_fit, (unsigned long long)x->mql_journeys,
                   (unsigned long long)x->bad_scoring, x->rejection_text);
    }
}

static void
print_text(const struct ho_calibration *c, const char *path)
{
    print_summary(c);
    print_bands("fitted model", &c->model);
    print_bands("active score", &c->active);
    print_coefs(c);
    if (c->n_edits == 0) {
        printf("\nno candidate: the suggested points are the active ones (version %lld)\n",
               (long long)c->active_version);
        return;
    }
    printf("\ncandidate %s: version %lld, from version %lld, not active, not signed\n", path,
           (long long)c->candidate_version, (long long)c->active_version);
    struct ho_buf words = HO_BUF_INIT;
    for (size_t i = 0; i < c->diff.n; i++) {
        ho_buf_reset(&words);
        ho_defs_change_words(&c->diff.v[i], &words);
        printf("  %s\n", ho_buf_cstr(&words));
    }
    ho_buf_release(&words);
    printf("\nnext: handoff backtest %s, then handoff defs propose %s --by NAME, "
           "defs sign, defs activate\n",
           path, path);
}

/* ---- run ------------------------------------------------------------------- */

static int
write_file(const char *path, const struct ho_buf *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        ho_cli_error("cannot write %s: %s", path, strerror(errno));
        return HO_EXIT_ERROR;
    }
    size_t put = fwrite(ho_buf_cstr(text), 1, text->len, f);
    if (fclose(f) != 0 || put != text->len) {
        ho_cli_error("cannot write %s: %s", path, strerror(errno));
        return HO_EXIT_ERROR;
    }
    return HO_EXIT_OK;
}

static int
report(const struct cal_args *a, const struct ho_calibration *c)
{
    char path[4096];
    if (a->out)
        (void)snprintf(path, sizeof(path), "%s", a->out);
    else
        (void)snprintf(path, sizeof(path), "candidate-v%lld.yaml", (long long)c->candidate_version);
    if (c->n_edits == 0)
        path[0] = '\0'; /* nothing to propose: the suggestion is the active version */
    int ex = c->n_edits > 0 ? write_file(path, &c->candidate) : HO_EXIT_OK;
    if (ex != HO_EXIT_OK)
        return ex;
    return a->json ? print_json(c, path) : (print_text(c, path), HO_EXIT_OK);
}

static int
run(struct ho_app *app, const struct cal_args *a)
{
    struct ho_diag diag = { 0 };
    struct ho_calibration c;
    int ex = HO_EXIT_OK;
    if (ho_app_calibrate(app, &a->o, &c, &diag) != HO_OK) {
        ex = ho_cli_fail(&diag);
    } else if (!c.fitted) {
        if (a->json)
            (void)print_json(&c, "");
        print_refusal(&c);
        ex = HO_EXIT_ERROR;
    } else {
        ex = report(a, &c);
    }
    ho_calibration_release(&c);
    return ex;
}

static int
run_args(struct ho_app *app, const void *args)
{
    return run(app, args);
}

int
ho_cmd_calibrate(int argc, char **argv)
{
    struct cal_args a;
    int ex = parse_args(argc, argv, &a);
    if (ex != HO_EXIT_OK)
        return ex;
    return ho_cli_run_reader(a.db, run_args, &a);
}
