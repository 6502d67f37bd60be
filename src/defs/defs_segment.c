/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_segment.c - the `segment:` section: which handoff event type a
 * Segment track event name becomes (core/segment_events.h, README "Segment
 * event names").
 *
 *   segment:
 *     events:
 *       "Demo Requested": demo_request
 *       "Pricing Viewed": { type: page_view, props: { path: /pricing } }
 *     builtin: true        # the documented table applies after events
 *     default: keep        # keep (the name is the type) | reject | an event type
 *     page: page_view      # page() calls
 *     screen: page_view    # screen() calls (default: as page)
 *
 * Names are exact and case-sensitive, as Segment sends them.  A type is
 * any name (DESIGN.md §3 stores unknown types), but one that is neither a
 * standard type nor read by the file (a behaviour rule, an SLA, a PQL
 * criterion, sql.requires, a mapping status) and is close to one of those
 * is taken for a typo and refused with the closer name.  Read after
 * everything that names event types.
 */
#include "defs/defs_int.h"

#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/segment_events.h"
#include "defs/defs_yaml.h"

enum { SG_EVENTS, SG_BUILTIN, SG_DEFAULT, SG_PAGE, SG_SCREEN, SG__COUNT };
static const struct ho_yn_key segment_keys[] = {
    { "events", "events: { \"Demo Requested\": form_submit }", false },
    { "builtin", "builtin: true", false },
    { "default", "default: keep (or reject, or an event type such as custom)", false },
    { "page", "page: page_view", false },
    { "screen", "screen: page_view", false },
};
_Static_assert(HO_ARRAY_LEN(segment_keys) == SG__COUNT, "segment_keys follows SG_");
static const struct ho_yn_shape segment_shape = HO_YN_SHAPE(
    "segment",
    "segment: { events: { \"Demo Requested\": form_submit }, default: keep, page: page_view }",
    segment_keys);

enum { ST_TYPE, ST_PROPS, ST__COUNT };
static const struct ho_yn_key target_keys[] = {
    { "type", "type: form_submit", true },
    { "props", "props: { form: demo }", false },
};
static const struct ho_yn_shape target_shape =
    HO_YN_SHAPE("a segment event",
                "\"Demo Requested\": { type: form_submit, props: { form: demo } }", target_keys);

/* The standard event types of DESIGN.md §3. */
static const char *const standard_types[] = {
    "identify",
    "group",
    "alias",
    "page_view",
    "form_submit",
    "content_download",
    "webinar_registered",
    "webinar_attended",
    "email_open",
    "email_click",
    "ad_click",
    "trial_signup",
    "product_usage",
    "intent_signal",
    "unsubscribe",
    "assign",
    "contact_attempt",
    "contact_made",
    "sales_accept",
    "sales_reject",
    "sales_qualify",
    "meeting_booked",
    "nurture",
    "disqualify",
    "requalify",
    "opportunity_created",
    "opportunity_won",
    "opportunity_lost",
};

/* ---- event types ---------------------------------------------------------------- */

/* The event types the file itself reads, besides the standard ones. */
static void
types_read(const struct ho_defs *d, struct ho_dl_names *out)
{
    struct ho_pos none = { 0, 0 };
    for (size_t i = 0; i < d->n_behavior; i++)
        ho_dl_names_add(out, d->behavior[i].event, none);
    for (size_t i = 0; i < d->n_slas; i++) {
        ho_dl_names_add(out, d->slas[i].event, none);
        for (size_t k = 0; k < d->slas[i].n_until; k++)
            ho_dl_names_add(out, d->slas[i].until[k], none);
    }
    for (size_t i = 0; i < d->pql.n_all; i++)
        ho_dl_names_add(out, d->pql.all[i].event, none);
    for (size_t i = 0; i < d->mapping.n_statuses; i++)
        ho_dl_names_add(out, d->mapping.statuses[i].event, none);
    ho_dl_names_add(out, d->sql_requires, none);
    if (d->meeting_requires != NULL)
        ho_dl_names_add(out, d->meeting_requires, none);
    for (size_t i = 0; i < HO_ARRAY_LEN(standard_types); i++)
        ho_dl_names_add(out, standard_types[i], none);
    ho_dl_names_sort(out);
}

/* An event type value: a name, and not a near miss of a known type. */
static bool
read_type(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_dl_names *known,
          const char *what, const char **out)
{
    if (!ho_yn_name(L, f, out))
        return false;
    if (ho_dl_names_find(known, *out) != NULL)
        return true;
    const char *best = ho_dl_names_suggest(L, known, *out);
    if (best == NULL)
        return true; /* a type of the team's own, stored as it is */
    ho_dl_problem(L, f->val->pos,
                  "%s maps to '%.64s', which is not a standard event type and no rule of the file "
                  "reads it — did you mean '%s'?",
                  what, *out, best);
    *out = NULL;
    return false;
}

/* ---- events ---------------------------------------------------------------------- */

/* What a target read so far holds (one that failed half-way). */
static void
target_free(struct ho_segment_target *t)
{
    ho_xfree(t->type);
    for (size_t i = 0; i < t->n_props; i++) {
        ho_xfree(t->props[i].from);
        ho_xfree(t->props[i].to);
    }
    ho_xfree(t->props);
    memset(t, 0, sizeof(*t));
}

static bool
read_set_props(struct ho_dl *L, const struct ho_yn_field *f, const char *name,
               struct ho_segment_target *t)
{
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return false;
    const struct ho_yn *map = f->val;
    if (map->n_kids / 2 > HO_SEGMENT_MAX_SET) {
        ho_dl_problem(L, map->pos,
                      "segment event '%.64s' sets %zu props; at most %d — set fewer, or map it to "
                      "its own type",
                      name, map->n_kids / 2, HO_SEGMENT_MAX_SET);
        return false;
    }
    bool ok = true;
    t->props = ho_xcalloc(map->n_kids / 2 + 1, sizeof(*t->props));
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        struct ho_yn_field key = { f->spec, map->kids[i], map->kids[i] };
        struct ho_yn_field val = { f->spec, map->kids[i], map->kids[i + 1] };
        const char *k;
        const char *v;
        if (map->kids[i]->kind != HO_YN_SCALAR || !ho_yn_text(L, &key, &k) ||
            !ho_yn_text(L, &val, &v)) {
            ok = false;
            continue;
        }
        if (strchr(k, ' ') != NULL) {
            ho_dl_problem(L, map->kids[i]->pos,
                          "segment event '%.64s' sets the prop '%.64s' — a prop key has no "
                          "spaces, e.g. form",
                          name, k);
            ok = false;
            continue;
        }
        t->props[t->n_props++] =
            (struct ho_map_pair){ ho_xstrdup(k), ho_xstrdup(v), map->kids[i]->pos };
    }
    return ok;
}

/* One entry's value: TYPE, or { type: TYPE, props: { KEY: VALUE } }. */
static bool
read_target(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_dl_names *known,
            const char *name, struct ho_segment_target *t)
{
    char what[96];
    const char *type;
    (void)snprintf(what, sizeof(what), "segment event '%.64s'", name);
    if (!ho_yn_is_map(f->val)) {
        if (!read_type(L, f, known, what, &type))
            return false;
        t->type = ho_xstrdup(type);
        return true;
    }
    struct ho_yn_field tf[ST__COUNT];
    if (!ho_yn_fields(L, f->val, &target_shape, tf) || tf[ST_TYPE].key == NULL)
        return false;
    if (!read_type(L, &tf[ST_TYPE], known, what, &type))
        return false;
    t->type = ho_xstrdup(type);
    return !ho_yn_given(&tf[ST_PROPS]) || read_set_props(L, &tf[ST_PROPS], name, t);
}

static void
read_events(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_dl_names *known,
            struct ho_segment_def *sg)
{
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *map = f->val;
    sg->events = ho_xcalloc(map->n_kids / 2 + 1, sizeof(*sg->events));
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *key = map->kids[i];
        struct ho_yn_field kf = { f->spec, key, key };
        struct ho_yn_field vf = { f->spec, key, map->kids[i + 1] };
        const char *name;
        if (key->kind != HO_YN_SCALAR || !ho_yn_text(L, &kf, &name))
            continue;
        struct ho_segment_event *e = &sg->events[sg->n_events];
        if (read_target(L, &vf, known, name, &e->to)) {
            e->name = ho_xstrdup(name);
            e->pos = key->pos;
            sg->n_events++;
        } else {
            target_free(&e->to);
        }
    }
    ho_segment_events_sort(sg);
}

/* ---- the rest -------------------------------------------------------------------- */

/* default: keep, reject, or an event type (not a near miss of keep or
 * reject, nor of a known type). */
static void
read_default(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_dl_names *known,
             struct ho_segment_def *sg)
{
    static const char *const words[] = { "keep", "reject" };
    const char *type;
    if (!ho_yn_name(L, f, &type))
        return;
    struct ho_suggest near;
    ho_suggest_init(&near, type);
    for (size_t i = 0; i < HO_ARRAY_LEN(words); i++) {
        if (strcmp(type, words[i]) == 0) {
            sg->unmapped = i == 0 ? HO_SEGMENT_KEEP : HO_SEGMENT_REJECT;
            return;
        }
        ho_suggest_try(&near, words[i]);
    }
    if (near.best != NULL && ho_dl_names_find(known, type) == NULL) {
        ho_dl_problem(L, f->val->pos,
                      "segment default '%.64s' — write keep, reject or an event type; did you "
                      "mean '%s'?",
                      type, near.best);
        return;
    }
    if (!read_type(L, f, known, "segment default (an unmapped track event)", &type))
        return;
    sg->unmapped = HO_SEGMENT_TYPE;
    sg->unmapped_type = ho_xstrdup(type);
}

static char *
read_page_type(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_dl_names *known,
               const char *what)
{
    const char *type;
    return read_type(L, f, known, what, &type) ? ho_xstrdup(type) : NULL;
}

void
ho_dl_segment(struct ho_dl *L, const struct ho_yn_field *section, struct ho_defs *d)
{
    struct ho_yn_field f[SG__COUNT];
    struct ho_segment_def *sg = &d->segment;
    if (!ho_yn_given(section))
        return;
    sg->pos = section->val->pos;
    if (!ho_yn_fields(L, section->val, &segment_shape, f))
        return;
    struct ho_dl_names known = { NULL, 0, 0 };
    types_read(d, &known);
    if (ho_yn_given(&f[SG_EVENTS]))
        read_events(L, &f[SG_EVENTS], &known, sg);
    bool builtin = true;
    if (f[SG_BUILTIN].key != NULL && ho_yn_boolean(L, &f[SG_BUILTIN], &builtin))
        sg->builtin_off = !builtin;
    if (f[SG_DEFAULT].key != NULL)
        read_default(L, &f[SG_DEFAULT], &known, sg);
    if (f[SG_PAGE].key != NULL)
        sg->page_type = read_page_type(L, &f[SG_PAGE], &known, "segment page");
    if (f[SG_SCREEN].key != NULL)
        sg->screen_type = read_page_type(L, &f[SG_SCREEN], &known, "segment screen");
    ho_dl_names_release(&known);
}
