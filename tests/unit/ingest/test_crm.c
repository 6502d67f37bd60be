/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/ingest/test_crm.c - CRM header matching and the events one
 * HubSpot contact row gives (worked by hand in the comments).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/defs.h"
#include "core/event.h"
#include "ingest/crm.h"
#include "ingest/crm_int.h"

#define MAX_SEEN 8

struct seen {
    char id[MAX_SEEN][64], type[MAX_SEEN][32], ts[MAX_SEEN][32], lead[MAX_SEEN][32];
    char channel[MAX_SEEN][32];
    char kv[MAX_SEEN][200]; /* "k=v;" for each prop then each trait */
    size_t n, n_bad;
    char bad[600];
    char detected[64];
};

static void
copy(char *dst, size_t cap, struct ho_slice s)
{
    (void)snprintf(dst, cap, "%.*s", (int)s.len, s.ptr);
}

static ho_rc
record(void *ctx, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    struct seen *s = ctx;
    (void)line;
    (void)diag;
    if (s->n < MAX_SEEN) {
        copy(s->id[s->n], sizeof(s->id[0]), d->id);
        copy(s->type[s->n], sizeof(s->type[0]), d->type);
        copy(s->ts[s->n], sizeof(s->ts[0]), d->ts);
        copy(s->lead[s->n], sizeof(s->lead[0]), d->lead);
        s->kv[s->n][0] = '\0';
        for (size_t i = 0; i < d->n_props + d->n_traits; i++) {
            const struct ho_draft_kv *kv =
                i < d->n_props ? &d->props[i] : &d->traits[i - d->n_props];
            size_t at = strlen(s->kv[s->n]);
            (void)snprintf(s->kv[s->n] + at, sizeof(s->kv[0]) - at, "%.*s=%.*s;", (int)kv->key.len,
                           kv->key.ptr, (int)kv->val.len, kv->val.ptr);
        }
        copy(s->channel[s->n++], sizeof(s->channel[0]), d->channel);
    }
    return HO_OK;
}

static ho_rc
bad(void *ctx, uint64_t line, const struct ho_diag *why, struct ho_diag *diag)
{
    struct seen *s = ctx;
    (void)diag;
    s->n_bad++;
    (void)snprintf(s->bad, sizeof(s->bad), "%llu: %s", (unsigned long long)line, why->msg);
    return HO_OK;
}

static void
detected(void *ctx, const char *what)
{
    struct seen *s = ctx;
    (void)snprintf(s->detected, sizeof(s->detected), "%s", what);
}

/* Feed a row of NUL-separated cells. */
static ho_rc
feed(struct ho_crm *c, const char *const *cells, size_t n, uint64_t line, struct ho_diag *diag)
{
    struct ho_slice s[32];
    for (size_t i = 0; i < n; i++)
        s[i] = (struct ho_slice){ cells[i], strlen(cells[i]) };
    return ho_crm_row(c, s, n, line, diag);
}

static void
test_names_match_labels_and_internal_names(void **state)
{
    (void)state;
    assert_true(ho_crm_name_is("Record ID", 9, "recordid|hsobjectid"));
    assert_true(ho_crm_name_is("hs_object_id", 12, "recordid|hsobjectid"));
    assert_true(ho_crm_name_is("Probability (%)", 15, "probability"));
    assert_true(ho_crm_name_is("Company / Account", 17, "companyaccount"));
    assert_false(ho_crm_name_is("Record", 6, "recordid"));
    assert_false(ho_crm_name_is("Record IDs", 10, "recordid"));
    assert_int_equal(ho_crm_detect_header("\xef\xbb\xbf\"Record ID\",\"Email\"", 23),
                     HO_CRM_HUBSPOT);
    assert_int_equal(ho_crm_detect_header("email,hs_object_id", 18), HO_CRM_HUBSPOT);
    assert_int_equal(ho_crm_detect_header("id,ts,type,lead", 15), HO_CRM_NONE);
}

static void
test_a_contact_gives_identify_and_dated_stage_events(void **state)
{
    (void)state;
    static const char *const header[] = { "Record ID",
                                          "Email",
                                          "Create Date",
                                          "Original Source",
                                          "Became a Marketing Qualified Lead Date",
                                          "Became an Opportunity Date",
                                          "Fax" };
    static const char *const row[] = {
        "7", "a@b.io", "3/2/2026 2:05 PM", "Paid search", "2026-03-03", "", "x"
    };
    struct seen s = { 0 };
    struct ho_crm_cb cb = { record, bad, detected, &s };
    struct ho_crm *c = ho_crm_new(HO_CRM_HUBSPOT, NULL, &cb);
    assert_int_equal(feed(c, header, 7, 1, NULL), HO_OK);
    assert_string_equal(s.detected, "HubSpot contacts export");
    assert_int_equal(feed(c, row, 7, 2, NULL), HO_OK);
    /* identify at the create date (2:05 PM = 14:05), then the MQL date;
     * the empty opportunity date gives nothing */
    assert_int_equal(s.n, 2);
    assert_string_equal(s.id[0], "hubspot-7-identify");
    assert_string_equal(s.type[0], "identify");
    assert_string_equal(s.ts[0], "2026-03-02T14:05:00Z");
    assert_string_equal(s.channel[0], "paid_search");
    assert_string_equal(s.id[1], "hubspot-7-mql");
    assert_string_equal(s.type[1], "crm_mql");
    assert_string_equal(s.ts[1], "2026-03-03T00:00:00Z");
    assert_string_equal(s.lead[1], "a@b.io");
    assert_int_equal(s.n_bad, 0);
    ho_crm_free(c);
}

static void
test_a_bad_cell_rejects_its_row_by_column(void **state)
{
    (void)state;
    static const char *const header[] = { "hs_object_id", "createdate" };
    static const char *const row[] = { "8", "2026-13-01" };
    struct seen s = { 0 };
    struct ho_crm_cb cb = { record, bad, NULL, &s };
    struct ho_crm *c = ho_crm_new(HO_CRM_HUBSPOT, NULL, &cb);
    assert_int_equal(feed(c, header, 2, 1, NULL), HO_OK);
    assert_int_equal(feed(c, row, 2, 4, NULL), HO_OK);
    assert_int_equal(s.n, 0);
    assert_string_equal(s.bad, "4: column 'createdate': '2026-13-01' is not a date (expected "
                               "2026-03-02, 2026-03-02 14:05, 3/2/2026 (month/day/year) or "
                               "RFC 3339)");
    ho_crm_free(c);
}

static void
test_a_header_without_a_record_id_stops_the_file(void **state)
{
    (void)state;
    static const char *const header[] = { "Email", "Create Date" };
    struct seen s = { 0 };
    struct ho_diag diag = { 0 };
    struct ho_crm_cb cb = { record, bad, NULL, &s };
    struct ho_crm *c = ho_crm_new(HO_CRM_HUBSPOT, NULL, &cb);
    assert_int_equal(feed(c, header, 2, 1, &diag), HO_EPARSE);
    assert_string_equal(
        diag.msg,
        "not a HubSpot contacts or companies export: no 'Record ID' (hs_object_id) column");
    ho_crm_free(c);
}

/* A company row with the definitions' mapping: fields add an account trait
 * and never repeat a key the importer sets (employees stays 1200, props
 * source stays hubspot). */
static void
test_mapping_fields_on_a_company_keep_the_importers_keys(void **state)
{
    (void)state;
    char k1[] = "Annual Revenue", t1[] = "traits.revenue";
    char k2[] = "Number of Employees", t2[] = "traits.employees";
    char k3[] = "source", t3[] = "props.source";
    struct ho_map_pair fields[] = { { k1, t1, { 0, 0 } },
                                    { k2, t2, { 0, 0 } },
                                    { k3, t3, { 0, 0 } } };
    struct ho_mapping m = { fields, 3, NULL, 0, NULL, 0, NULL, 0, { 0, 0 } };
    struct ho_crm_mapping map = *ho_crm_default_mapping();
    map.user = &m;
    struct seen seen = { 0 };
    struct ho_crm_cb cb = { record, bad, detected, &seen };
    struct ho_diag diag = { 0 };
    const char *header[] = { "Record ID",   "Company name",   "Company Domain Name",
                             "Create Date", "Annual Revenue", "Number of Employees",
                             "source" };
    const char *row[] = { "9", "Acme", "acme.io", "2026-02-01", "48000", "1,200", "x" };
    struct ho_crm *c = ho_crm_new(HO_CRM_HUBSPOT, &map, &cb);
    assert_int_equal(feed(c, header, 7, 1, &diag), HO_OK);
    assert_string_equal(seen.detected, "HubSpot companies export");
    assert_int_equal(feed(c, row, 7, 2, &diag), HO_OK);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.id[0], "hubspot-company-9");
    assert_string_equal(seen.type[0], "group");
    assert_string_equal(seen.ts[0], "2026-02-01T00:00:00Z");
    assert_string_equal(seen.kv[0], "source=hubspot;name=Acme;domain=acme.io;employees=1200;"
                                    "hubspot_company_id=9;revenue=48000;");
    ho_crm_free(c);
}

/* A contact's Lead Status with `status:`: the sales event at Last Modified
 * Date, else at Create Date; an unmapped status gives nothing. */
static void
test_mapping_status_gives_a_dated_disposition(void **state)
{
    (void)state;
    char f1[] = "Unqualified - Bad Fit", e1[] = "sales_reject", r1[] = "not_icp";
    struct ho_map_status st[] = { { f1, e1, r1, { 0, 0 } } };
    struct ho_mapping m = { NULL, 0, st, 1, NULL, 0, NULL, 0, { 0, 0 } };
    struct ho_crm_mapping map = *ho_crm_default_mapping();
    map.user = &m;
    struct seen seen = { 0 };
    struct ho_crm_cb cb = { record, bad, detected, &seen };
    struct ho_diag diag = { 0 };
    const char *header[] = { "Record ID", "Email", "Create Date", "Last Modified Date",
                             "Lead Status" };
    const char *a[] = { "1", "a@x.io", "2026-04-01", "2026-04-10 16:00",
                        " unqualified - bad fit " };
    const char *b[] = { "2", "b@x.io", "2026-04-05", "", "Unqualified - Bad Fit" };
    const char *c3[] = { "3", "c@x.io", "2026-04-06", "2026-04-07", "In Progress" };
    struct ho_crm *c = ho_crm_new(HO_CRM_HUBSPOT, &map, &cb);
    assert_int_equal(feed(c, header, 5, 1, &diag), HO_OK);
    assert_int_equal(feed(c, a, 5, 2, &diag), HO_OK);
    assert_int_equal(feed(c, b, 5, 3, &diag), HO_OK);
    assert_int_equal(feed(c, c3, 5, 4, &diag), HO_OK);
    assert_int_equal(seen.n, 5); /* identify + reject, identify + reject, identify */
    assert_string_equal(seen.id[1], "hubspot-1-status-sales_reject");
    assert_string_equal(seen.type[1], "sales_reject");
    assert_string_equal(seen.ts[1], "2026-04-10T16:00:00Z");
    assert_string_equal(seen.kv[1], "source=hubspot;reason=not_icp;");
    assert_string_equal(seen.ts[3], "2026-04-05T00:00:00Z");
    assert_string_equal(seen.type[4], "identify");
    ho_crm_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_match_labels_and_internal_names),
        cmocka_unit_test(test_a_contact_gives_identify_and_dated_stage_events),
        cmocka_unit_test(test_a_bad_cell_rejects_its_row_by_column),
        cmocka_unit_test(test_a_header_without_a_record_id_stops_the_file),
        cmocka_unit_test(test_mapping_fields_on_a_company_keep_the_importers_keys),
        cmocka_unit_test(test_mapping_status_gives_a_dated_disposition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
