/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_crm_rows.c - CRM exports (HubSpot contacts and
 * companies, Salesforce leads, contacts and opportunities) through the
 * reader, with a definitions `mapping:` section in force.
 *
 * The first input byte picks the CRM (bit 0x40), a record limit (bit 0x80,
 * so the over-long paths are reached with small inputs) and a chunk size;
 * the rest is the file.
 * Invariants:
 *   - reading the file whole and in small chunks gives the same records,
 *     the same rejections (line and text) and the same counts;
 *   - records == accepted + rejected, line numbers never go back and never
 *     pass the number of lines;
 *   - every accepted draft is valid UTF-8 with no empty prop key and no
 *     key twice (the mapping's fields never repeat an importer's key).
 * No state is carried between inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/defs.h"
#include "core/event.h"
#include "ingest/reader.h"
#include "ingest/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct trace {
    struct ho_buf log; /* everything the callbacks saw, in order */
    uint64_t last_line;
};

static void
fail(const char *what)
{
    (void)fprintf(stderr, "fuzz_crm_rows: %s\n", what);
    abort();
}

static void
add_slice(struct trace *t, const char *name, struct ho_slice s)
{
    if (s.len == 0)
        return;
    if (!ho_utf8_valid(s.ptr, s.len))
        fail("a draft field is not UTF-8");
    ho_buf_printf(&t->log, " %s=", name);
    ho_buf_add(&t->log, s.ptr, s.len);
}

static void
check_line(struct trace *t, uint64_t line)
{
    if (line == 0 || line < t->last_line)
        fail("line numbers went back");
    t->last_line = line;
}

static ho_rc
sink(void *ctx, const struct ho_event_draft *d, uint64_t line, struct ho_diag *diag)
{
    struct trace *t = ctx;
    check_line(t, line);
    ho_buf_printf(&t->log, "R%llu", (unsigned long long)line);
    add_slice(t, "id", d->id);
    add_slice(t, "ts", d->ts);
    add_slice(t, "type", d->type);
    add_slice(t, "lead", d->lead);
    add_slice(t, "account", d->account);
    add_slice(t, "channel", d->channel);
    add_slice(t, "campaign", d->campaign);
    for (size_t i = 0; i < d->n_props + d->n_traits; i++) {
        const struct ho_draft_kv *kv = i < d->n_props ? &d->props[i] : &d->traits[i - d->n_props];
        if (kv->key.len == 0)
            fail("an empty key");
        for (size_t j = i + 1; j < (i < d->n_props ? d->n_props : d->n_props + d->n_traits); j++) {
            const struct ho_draft_kv *o =
                j < d->n_props ? &d->props[j] : &d->traits[j - d->n_props];
            if (o->key.len == kv->key.len && memcmp(o->key.ptr, kv->key.ptr, kv->key.len) == 0)
                fail("a key twice");
        }
        add_slice(t, "k", kv->key);
        add_slice(t, "v", kv->val);
    }
    ho_buf_addc(&t->log, '\n');
    (void)diag;
    return HO_OK;
}

static ho_rc
reject(void *ctx, uint64_t line, const struct ho_diag *why)
{
    struct trace *t = ctx;
    check_line(t, line);
    ho_buf_printf(&t->log, "X%llu %s\n", (unsigned long long)line, why->msg);
    return HO_OK;
}

/* A mapping with every subsection, keys that clash with built-in columns
 * and targets the importers set themselves. */
static char k_rev[] = "Annual Revenue", t_rev[] = "traits.revenue";
static char k_emp[] = "Number of Employees", t_emp[] = "traits.employees";
static char k_src[] = "source", t_src[] = "props.source";
static char k_camp[] = "Campaign Code", t_camp[] = "props.campaign";
static char s_bad[] = "Unqualified", e_rej[] = "sales_reject", r_icp[] = "not_icp";
static char s_nur[] = "Nurture", e_nur[] = "nurture";
static char s_att[] = "Attempted to Contact", e_att[] = "contact_attempt";
static char b_off[] = "OFFLINE", c_event[] = "event";
static char b_web[] = "Web", c_site[] = "website";
static char l_id[] = "1452450030", l_sal[] = "sal";

static struct ho_map_pair fields[] = { { k_rev, t_rev, { 0, 0 } },
                                       { k_emp, t_emp, { 0, 0 } },
                                       { k_src, t_src, { 0, 0 } },
                                       { k_camp, t_camp, { 0, 0 } } };
static struct ho_map_pair sources[] = { { b_off, c_event, { 0, 0 } }, { b_web, c_site, { 0, 0 } } };
static struct ho_map_pair lifecycle[] = { { l_id, l_sal, { 0, 0 } } };

static ho_rc
run(const char *data, size_t size, size_t max, size_t chunk, enum ho_crm_source crm,
    struct trace *t, struct ho_ingest_stats *st)
{
    struct ho_map_status statuses[] = {
        { s_bad, e_rej, r_icp, { 0, 0 } },
        { s_nur, e_nur, NULL, { 0, 0 } },
        { s_att, e_att, NULL, { 0, 0 } },
    };
    struct ho_mapping m = { fields, 4, statuses, 3, sources, 2, lifecycle, 1, { 0, 0 } };
    struct ho_ingest_opts o = { sink, reject, NULL, t, max, crm, NULL, &m, NULL };
    struct ho_ingest_reader *r = ho_ingest_reader_new(HO_INGEST_CSV, &o);
    ho_rc rc = HO_OK;
    for (size_t off = 0; off < size && rc == HO_OK; off += chunk)
        rc = ho_ingest_reader_feed(r, data + off, size - off < chunk ? size - off : chunk, NULL);
    if (rc == HO_OK)
        rc = ho_ingest_reader_finish(r, NULL);
    *st = *ho_ingest_reader_stats(r);
    ho_ingest_reader_free(r);
    return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace whole = { HO_BUF_INIT, 0 };
    struct trace split = { HO_BUF_INIT, 0 };
    struct ho_ingest_stats sw;
    struct ho_ingest_stats ss;
    if (size == 0)
        return 0;
    size_t max = (data[0] & 0x80) ? 16 + (size_t)(data[0] & 0x3f) * 4 : 0;
    size_t chunk = 1 + (data[0] & 0x07);
    enum ho_crm_source crm = (data[0] & 0x40) ? HO_CRM_SALESFORCE : HO_CRM_HUBSPOT;
    const char *text = (const char *)data + 1;
    size--;

    ho_rc rw = run(text, size, max, size ? size : 1, crm, &whole, &sw);
    ho_rc rs = run(text, size, max, chunk, crm, &split, &ss);
    if (rw != rs)
        fail("whole and chunked reads end differently");
    if (memcmp(&sw, &ss, sizeof(sw)) != 0)
        fail("whole and chunked reads count differently");
    if (whole.log.len != split.log.len ||
        (whole.log.len && memcmp(whole.log.ptr, split.log.ptr, whole.log.len) != 0))
        fail("whole and chunked reads see different records");
    if (rw == HO_OK && sw.records != sw.accepted + sw.rejected)
        fail("records != accepted + rejected");
    if (whole.last_line > sw.lines)
        fail("a line number beyond the last line");
    ho_buf_release(&whole.log);
    ho_buf_release(&split.log);
    return 0;
}
