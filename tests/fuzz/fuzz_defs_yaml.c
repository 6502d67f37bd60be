/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_defs_yaml.c - the definitions loader on arbitrary bytes.
 *
 * Invariants checked (not just "no crash"):
 *   - on HO_OK nothing was written to errors, and the model is consistent:
 *     counts match their arrays, every condition carries what its operator
 *     needs, windows have both count and within, criteria references point
 *     at the rule of that name, every mapping entry is found again by its
 *     own key (keys are unique under the lookup rule), a field maps to
 *     traits.X / props.X, a rejection carries a reason from the closed
 *     list, and binding then release leave it empty;
 *   - on HO_OK the model carries a 64-digit hash, the SHA-256 of the
 *     text's normal form; the text diffed with itself has no changes; the
 *     field check writes one line per unknown field it counts;
 *   - on failure errors holds at least one "file:line:col: " line per
 *     problem, every line ends in '\n', and the model is empty.
 * No state is kept between calls.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/compiler.h"
#include "base/strtab.h"
#include "core/defs.h"
#include "core/defs_diff.h"
#include "core/mapping.h"
#include "defs/defs_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_empty(const struct ho_defs *d)
{
    HO_ASSERT(d->n_fit == 0 && d->fit == NULL);
    HO_ASSERT(d->n_behavior == 0 && d->behavior == NULL);
    HO_ASSERT(d->n_disqualify == 0 && d->disqualify == NULL);
    HO_ASSERT(d->mql.n_or_any == 0 && d->mql.or_any == NULL);
    HO_ASSERT(d->n_reasons == 0 && d->reasons == NULL);
    HO_ASSERT(d->n_channels == 0 && d->channels == NULL);
    HO_ASSERT(d->sql_requires == NULL && d->marketing.name == NULL && d->sales.name == NULL);
    HO_ASSERT(d->mapping.n_fields == 0 && d->mapping.fields == NULL);
    HO_ASSERT(d->mapping.n_statuses == 0 && d->mapping.statuses == NULL);
    HO_ASSERT(d->mapping.n_sources == 0 && d->mapping.sources == NULL);
    HO_ASSERT(d->mapping.n_lifecycle == 0 && d->mapping.lifecycle == NULL);
}

static void
check_match(const struct ho_match *m)
{
    HO_ASSERT(m->field != NULL && m->field[0] != '\0');
    HO_ASSERT(m->pos.line > 0 && m->pos.column > 0);
    switch (m->op) {
    case HO_MATCH_EQUALS:
    case HO_MATCH_PREFIX:
    case HO_MATCH_SUFFIX:
    case HO_MATCH_CONTAINS:
        HO_ASSERT(m->n_values == 1 && m->values[0] != NULL);
        break;
    case HO_MATCH_IN:
        HO_ASSERT(m->n_values >= 1);
        for (size_t i = 0; i < m->n_values; i++)
            HO_ASSERT(m->values[i] != NULL);
        break;
    case HO_MATCH_BETWEEN:
        HO_ASSERT(m->lo <= m->hi);
        break;
    case HO_MATCH_REGEX:
        HO_ASSERT(m->re != NULL && m->pattern != NULL);
        break;
    case HO_MATCH_GE:
    case HO_MATCH_GT:
    case HO_MATCH_LE:
    case HO_MATCH_LT:
    case HO_MATCH_EXISTS:
        break;
    }
}

static const char *
ref_target(const struct ho_defs *d, const struct ho_rule_ref *r)
{
    if (r->is_fit) {
        HO_ASSERT(r->index < d->n_fit);
        return d->fit[r->index].name;
    }
    HO_ASSERT(r->index < d->n_behavior);
    return d->behavior[r->index].name;
}

/* The CRM mapping: each key finds its own entry, targets are well-formed. */
static void
check_mapping(const struct ho_defs *d)
{
    const struct ho_mapping *m = &d->mapping;
    for (size_t i = 0; i < m->n_fields; i++) {
        HO_ASSERT(ho_mapping_field(m, m->fields[i].from) == m->fields[i].to);
        HO_ASSERT(strncmp(m->fields[i].to, "traits.", 7) == 0 ||
                  strncmp(m->fields[i].to, "props.", 6) == 0);
    }
    for (size_t i = 0; i < m->n_statuses; i++) {
        const struct ho_map_status *s = &m->statuses[i];
        HO_ASSERT(ho_mapping_status(m, s->from) == s);
        HO_ASSERT(s->event != NULL);
        HO_ASSERT(strcmp(s->event, "sales_reject") != 0 || s->reason != NULL);
        HO_ASSERT(s->reason == NULL || ho_defs_reason(d, s->reason) != NULL);
    }
    for (size_t i = 0; i < m->n_sources; i++)
        HO_ASSERT(ho_mapping_source(m, m->sources[i].from) == m->sources[i].to);
    for (size_t i = 0; i < m->n_lifecycle; i++)
        HO_ASSERT(ho_mapping_stage(m, m->lifecycle[i].from) == m->lifecycle[i].to);
}

static void
check_model(const struct ho_defs *d)
{
    HO_ASSERT(d->version >= 1);
    HO_ASSERT(d->n_fit + d->n_behavior + d->n_disqualify <= HO_DEFS_MAX_RULES);
    HO_ASSERT(d->sql_requires != NULL);
    for (size_t i = 0; i < d->n_fit; i++) {
        HO_ASSERT(d->fit[i].name != NULL);
        check_match(&d->fit[i].match);
    }
    for (size_t i = 0; i < d->n_behavior; i++) {
        const struct ho_behavior_rule *b = &d->behavior[i];
        HO_ASSERT(b->name != NULL && b->event != NULL);
        HO_ASSERT((b->count > 0) == (b->within_ms > 0));
        HO_ASSERT(!b->has_max || (b->count == 0 && b->points > 0 && b->max > 0));
        HO_ASSERT(!b->has_min || (b->count == 0 && b->points < 0 && b->min < 0));
        for (size_t j = 0; j < b->n_where; j++)
            check_match(&b->where[j]);
    }
    for (size_t i = 0; i < d->n_disqualify; i++) {
        HO_ASSERT(d->disqualify[i].reason != NULL);
        check_match(&d->disqualify[i].match);
    }
    HO_ASSERT(d->mql.has_min_score || d->mql.n_or_any > 0);
    for (size_t i = 0; i < d->mql.n_or_any; i++) {
        const struct ho_criteria_set *c = &d->mql.or_any[i];
        HO_ASSERT(c->name != NULL && c->n_rules > 0);
        for (size_t j = 0; j < c->n_rules; j++)
            HO_ASSERT(strcmp(ref_target(d, &c->rules[j]), c->rules[j].name) == 0);
    }
    for (size_t i = 0; i < d->n_reasons; i++)
        HO_ASSERT(d->reasons[i].code != NULL && d->reasons[i].category != NULL);
    for (size_t i = 0; i < d->n_channels; i++)
        HO_ASSERT(d->channels[i].name != NULL);
    HO_ASSERT(d->bench.tier_broken < d->bench.tier_misaligned &&
              d->bench.tier_misaligned < d->bench.tier_average &&
              d->bench.tier_average < d->bench.tier_good);
    check_mapping(d);
}

/* Every line of a failed load names the file and a position. */
static void
check_errors(const struct ho_buf *errors)
{
    HO_ASSERT(errors->len > 0 && errors->ptr[errors->len - 1] == '\n');
    const char *p = errors->ptr;
    while (*p != '\0') {
        HO_ASSERT(strncmp(p, "fuzz.yaml:", 10) == 0);
        p = strchr(p, '\n') + 1;
    }
}

/* The version identity of a loaded text: its hash is the SHA-256 of its
 * normal form, it has no changes against itself, and the field check
 * writes one line per unknown name it counts. */
static void
check_identity(const struct ho_defs *d, const char *text, size_t len)
{
    struct ho_buf normal = HO_BUF_INIT, lines = HO_BUF_INIT;
    char hash[65];
    HO_ASSERT(strlen(d->hash) == 64);
    HO_ASSERT(ho_defs_normal_form(text, len, &normal, NULL) == HO_OK);
    HO_ASSERT(ho_defs_sha256_hex(normal.ptr ? normal.ptr : "", normal.len, hash));
    HO_ASSERT(strcmp(hash, d->hash) == 0);
    struct ho_defs_diff diff = { 0 };
    HO_ASSERT(ho_defs_diff_texts(text, len, "a", text, len, "b", &diff, NULL) == HO_OK);
    HO_ASSERT(diff.n == 0);
    ho_defs_diff_release(&diff);
    size_t n = ho_defs_check_fields(d, "fuzz.yaml", &lines), nl = 0;
    for (size_t i = 0; i < lines.len; i++)
        nl += lines.ptr[i] == '\n';
    HO_ASSERT(nl == n);
    ho_buf_release(&normal);
    ho_buf_release(&lines);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ho_defs d;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    ho_rc rc = ho_defs_load_yaml((const char *)data, size, "fuzz.yaml", &d, &errors, &diag);
    if (rc == HO_OK) {
        HO_ASSERT(errors.len == 0);
        check_model(&d);
        check_identity(&d, (const char *)data, size);
        struct ho_strtab *t = ho_strtab_new();
        ho_defs_bind(&d, t);
        ho_strtab_free(t);
    } else {
        HO_ASSERT(rc == HO_EPARSE || rc == HO_ELIMIT);
        HO_ASSERT(diag.rc == rc && diag.msg[0] != '\0');
        check_errors(&errors);
        check_empty(&d);
    }
    ho_defs_release(&d);
    check_empty(&d);
    ho_buf_release(&errors);
    return 0;
}
