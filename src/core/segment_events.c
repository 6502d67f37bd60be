/* SPDX-License-Identifier: MIT */
/*
 * core/segment_events.c - Segment track event names to event types (see
 * core/segment_events.h).
 *
 * The section's events are sorted once by the loader and found by binary
 * search (a file may map thousands); the built-in table is short and
 * scanned.
 */
#include "core/segment_events.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* The props the built-in table sets (never freed: static). */
static struct ho_map_pair form_demo[] = { { "form", "demo", { 0, 0 } } };
static struct ho_map_pair invite_teammate[] = { { "action", "invite_teammate", { 0, 0 } } };
static struct ho_map_pair sign_in[] = { { "action", "sign_in", { 0, 0 } } };
static struct ho_map_pair add_user[] = { { "action", "add_user", { 0, 0 } } };

#define TO(type)        \
    {                   \
        (type), NULL, 0 \
    }
#define TO_WITH(type, props)                 \
    {                                        \
        (type), (props), HO_ARRAY_LEN(props) \
    }

/* Segment's B2B SaaS, Email and common event names (ecosystem.md §1.5)
 * onto the types of DESIGN.md §3, as examples/definitions.yaml scores them. */
static const struct ho_segment_event builtin[] = {
    { "Demo Requested", TO_WITH("form_submit", form_demo), { 0, 0 } },
    { "Form Submitted", TO("form_submit"), { 0, 0 } },
    { "Signed Up", TO("trial_signup"), { 0, 0 } },
    { "Trial Started", TO("trial_signup"), { 0, 0 } },
    { "Invite Sent", TO_WITH("product_usage", invite_teammate), { 0, 0 } },
    { "Signed In", TO_WITH("product_usage", sign_in), { 0, 0 } },
    { "Account Added User", TO_WITH("product_usage", add_user), { 0, 0 } },
    { "Webinar Registered", TO("webinar_registered"), { 0, 0 } },
    { "Webinar Attended", TO("webinar_attended"), { 0, 0 } },
    { "Content Downloaded", TO("content_download"), { 0, 0 } },
    { "Email Opened", TO("email_open"), { 0, 0 } },
    { "Email Link Clicked", TO("email_click"), { 0, 0 } },
    { "Ad Clicked", TO("ad_click"), { 0, 0 } },
    { "Unsubscribed", TO("unsubscribe"), { 0, 0 } },
    { "Meeting Booked", TO("meeting_booked"), { 0, 0 } },
};

const struct ho_segment_event *
ho_segment_builtin(size_t *n)
{
    *n = HO_ARRAY_LEN(builtin);
    return builtin;
}

/* Byte order of name[0..len) against the NUL-terminated s. */
static int
name_cmp(const char *name, size_t len, const char *s)
{
    size_t n = strlen(s);
    int c = memcmp(name, s, len < n ? len : n);
    if (c != 0)
        return c;
    return len < n ? -1 : (len > n);
}

static int
cmp_events(const void *a, const void *b)
{
    const struct ho_segment_event *x = a;
    const struct ho_segment_event *y = b;
    return strcmp(x->name, y->name);
}

void
ho_segment_events_sort(struct ho_segment_def *def)
{
    if (def->n_events > 1)
        qsort(def->events, def->n_events, sizeof(*def->events), cmp_events);
}

static const struct ho_segment_event *
find_sorted(const struct ho_segment_event *v, size_t n, const char *name, size_t len)
{
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(name, len, v[mid].name);
        if (c == 0)
            return &v[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const struct ho_segment_target *
ho_segment_track_target(const struct ho_segment_def *def, const char *name, size_t len)
{
    if (def != NULL) {
        const struct ho_segment_event *hit = find_sorted(def->events, def->n_events, name, len);
        if (hit != NULL)
            return &hit->to;
        if (def->builtin_off)
            return NULL;
    }
    for (size_t i = 0; i < HO_ARRAY_LEN(builtin); i++) {
        if (name_cmp(name, len, builtin[i].name) == 0)
            return &builtin[i].to;
    }
    return NULL;
}

const char *
ho_segment_page_type(const struct ho_segment_def *def, bool screen)
{
    if (def != NULL && screen && def->screen_type != NULL)
        return def->screen_type;
    if (def != NULL && def->page_type != NULL)
        return def->page_type;
    return "page_view";
}

static void
target_release(struct ho_segment_target *t)
{
    ho_xfree(t->type);
    for (size_t i = 0; i < t->n_props; i++) {
        ho_xfree(t->props[i].from);
        ho_xfree(t->props[i].to);
    }
    ho_xfree(t->props);
}

void
ho_segment_def_release(struct ho_segment_def *def)
{
    for (size_t i = 0; i < def->n_events; i++) {
        ho_xfree(def->events[i].name);
        target_release(&def->events[i].to);
    }
    ho_xfree(def->events);
    ho_xfree(def->unmapped_type);
    ho_xfree(def->page_type);
    ho_xfree(def->screen_type);
    memset(def, 0, sizeof(*def));
}
