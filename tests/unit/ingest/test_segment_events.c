/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_segment_events.c - Segment messages decoded
 * through the definitions' `segment:` section (ingest/segment_map.h with
 * a struct ho_segment_def): the built-in table, the section's own names
 * and props, the three behaviours for an unmapped name, and page/screen
 * types.  Expected drafts are written out by hand from README "Segment
 * event names".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/defs.h"
#include "core/event.h"
#include "defs/defs_yaml.h"
#include "ingest/segment_map.h"

#define HEAD "version: 1\nstages:\n  mql: { min_score: 50 }\n"

struct fx {
    struct ho_segment_decoder *dec;
    struct ho_event_draft d;
    struct ho_diag diag;
    struct ho_defs defs;
    bool have_defs;
};

static int
setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof(f));
    f.dec = ho_segment_decoder_new();
    *state = &f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_segment_decoder_free(f->dec);
    if (f->have_defs)
        ho_defs_release(&f->defs);
    return 0;
}

static void
load(struct fx *f, const char *segment_section)
{
    char text[2048];
    struct ho_buf errors = HO_BUF_INIT;
    (void)snprintf(text, sizeof(text), "%s%s", HEAD, segment_section);
    ho_rc rc = ho_defs_load_yaml(text, strlen(text), "t.yaml", &f->defs, &errors, &f->diag);
    if (rc != HO_OK)
        fail_msg("definitions do not load:\n%s", ho_buf_cstr(&errors));
    ho_buf_release(&errors);
    f->have_defs = true;
}

/* A message of Segment type kind; name is the track event (or NULL). */
static ho_rc
decode(struct fx *f, const char *kind, const char *name, const char *props)
{
    static char line[1024];
    ho_diag_clear(&f->diag);
    (void)snprintf(line, sizeof(line),
                   "{\"messageId\":\"m1\",\"type\":\"%s\"%s%s%s,\"userId\":\"u\","
                   "\"timestamp\":\"2026-03-02T14:05:00Z\",\"properties\":%s}",
                   kind, name ? ",\"event\":\"" : "", name ? name : "", name ? "\"" : "",
                   props ? props : "{}");
    return ho_segment_decode(f->dec, f->have_defs ? &f->defs.segment : NULL, line, strlen(line),
                             &f->d, &f->diag);
}

static void
assert_slice(struct ho_slice s, const char *want)
{
    if (s.len != strlen(want) || memcmp(s.ptr, want, s.len) != 0)
        fail_msg("got '%.*s', want '%s'", (int)s.len, s.ptr ? s.ptr : "", want);
}

/* The value of props key, or fail. */
static void
assert_prop(const struct ho_event_draft *d, const char *key, const char *want)
{
    size_t hits = 0;
    for (size_t i = 0; i < d->n_props; i++) {
        if (d->props[i].key.len == strlen(key) &&
            memcmp(d->props[i].key.ptr, key, strlen(key)) == 0) {
            assert_slice(d->props[i].val, want);
            hits++;
        }
    }
    if (hits != 1)
        fail_msg("props.%s present %zu times, want once", key, hits);
}

static void
test_builtin_table_without_definitions(void **state)
{
    struct fx *f = *state;
    assert_int_equal(decode(f, "track", "Demo Requested", "{\"form\":\"other\",\"plan\":\"team\"}"),
                     HO_OK);
    assert_slice(f->d.type, "form_submit");
    assert_int_equal(f->d.n_props, 2); /* plan, and form replaced by demo */
    assert_prop(&f->d, "form", "demo");
    assert_prop(&f->d, "plan", "team");
    assert_int_equal(decode(f, "track", "Invite Sent", NULL), HO_OK);
    assert_slice(f->d.type, "product_usage");
    assert_prop(&f->d, "action", "invite_teammate");
    assert_int_equal(decode(f, "track", "Trial Started", NULL), HO_OK);
    assert_slice(f->d.type, "trial_signup");
    assert_int_equal(f->d.n_props, 0);
    assert_int_equal(decode(f, "track", "Tour Viewed", NULL), HO_OK);
    assert_slice(f->d.type, "Tour Viewed"); /* default: keep, as written */
    assert_int_equal(decode(f, "screen", NULL, NULL), HO_OK);
    assert_slice(f->d.type, "page_view");
}

static void
test_section_names_props_and_a_default_type(void **state)
{
    struct fx *f = *state;
    load(f, "segment:\n"
            "  events:\n"
            "    \"Demo Requested\": demo_request\n"
            "    \"Pricing Viewed\": { type: page_view, props: { path: /pricing, tier: b } }\n"
            "  default: custom_activity\n"
            "  page: web_visit\n"
            "  screen: app_screen\n");
    assert_int_equal(decode(f, "track", "Demo Requested", "{\"form\":\"other\"}"), HO_OK);
    assert_slice(f->d.type, "demo_request"); /* the section wins over the built-in */
    assert_prop(&f->d, "form", "other");     /* and sets no props */
    assert_int_equal(decode(f, "track", "Pricing Viewed", "{\"path\":\"/x\",\"seats\":3}"), HO_OK);
    assert_slice(f->d.type, "page_view");
    assert_int_equal(f->d.n_props, 3);
    assert_prop(&f->d, "path", "/pricing");
    assert_prop(&f->d, "tier", "b");
    assert_prop(&f->d, "seats", "3");
    assert_int_equal(decode(f, "track", "Signed Up", NULL), HO_OK);
    assert_slice(f->d.type, "trial_signup"); /* built-in still applies */
    assert_int_equal(decode(f, "track", "Tour Viewed", "{\"event\":\"x\",\"step\":2}"), HO_OK);
    assert_slice(f->d.type, "custom_activity");
    assert_int_equal(f->d.n_props, 2);
    assert_prop(&f->d, "event", "Tour Viewed");
    assert_prop(&f->d, "step", "2");
    assert_int_equal(decode(f, "page", NULL, NULL), HO_OK);
    assert_slice(f->d.type, "web_visit");
    assert_int_equal(decode(f, "screen", NULL, NULL), HO_OK);
    assert_slice(f->d.type, "app_screen");
    assert_int_equal(decode(f, "identify", NULL, NULL), HO_OK);
    assert_slice(f->d.type, "identify");
}

static void
test_builtin_off_and_reject(void **state)
{
    struct fx *f = *state;
    load(f, "segment:\n"
            "  events: { \"Signed Up\": trial_signup }\n"
            "  builtin: false\n"
            "  default: reject\n");
    assert_int_equal(decode(f, "track", "Signed Up", NULL), HO_OK);
    assert_slice(f->d.type, "trial_signup");
    assert_int_equal(decode(f, "track", "Demo Requested", NULL), HO_EPARSE);
    assert_string_equal(f->diag.msg, "track event 'Demo Requested' is not mapped (the "
                                     "definitions' segment: default: reject) — add it to "
                                     "segment.events");
    assert_int_equal(f->d.type.len, 0); /* nothing half-filled */
    assert_int_equal(decode(f, "page", NULL, NULL), HO_OK);
    assert_slice(f->d.type, "page_view");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_builtin_table_without_definitions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_section_names_props_and_a_default_type, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_builtin_off_and_reject, setup, teardown),
    };
    return cmocka_run_group_tests_name("segment_events", tests, NULL, NULL);
}
