/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm.c - CRM exports: header matching and row dispatch (see crm.h).
 */
#include "ingest/crm.h"

#include <string.h>

#include "base/xalloc.h"
#include "core/defs.h"
#include "core/mapping.h"
#include "ingest/crm_int.h"

static const struct ho_crm_dialect *const dialects[] = {
    &ho_crm_hubspot_companies, /* before contacts: a company has a Record ID too */
    &ho_crm_hubspot_contacts,
    &ho_crm_salesforce_opps, /* before people: an opportunity has a Lead Source too */
    &ho_crm_salesforce_people,
};
#define N_DIALECTS (sizeof(dialects) / sizeof(dialects[0]))

struct ho_crm {
    enum ho_crm_source src;
    const struct ho_crm_dialect *d;
    struct ho_crm_cb cb;
    struct ho_crm_row_ctx row;
    struct ho_crm_mapping map; /* a copy of the one given */
    bool have_header;
    int *field; /* owned: the field of each header cell, -1 = ignored */
    size_t ncols;
    char *names; /* owned: the header cells of the known fields, NUL-ended */
};

static bool
skipped(char ch)
{
    return ch == ' ' || ch == '_' || ch == '/' || ch == '.' || ch == '-';
}

static char
lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

bool
ho_crm_name_is(const char *s, size_t len, const char *names)
{
    const char *n = names;
    while (*n) {
        size_t i = 0;
        const char *p = n;
        for (;;) {
            while (i < len &&
                   (skipped(s[i]) || (s[i] == '(' && len - i >= 3 && memcmp(s + i, "(%)", 3) == 0)))
                i += s[i] == '(' ? 3 : 1;
            if (i == len || *p == '|' || *p == '\0')
                break;
            if (lower(s[i]) != *p)
                break;
            i++;
            p++;
        }
        if (i == len && (*p == '|' || *p == '\0'))
            return true;
        n = strchr(n, '|');
        if (n == NULL)
            return false;
        n++;
    }
    return false;
}

int
ho_crm_field_of(const struct ho_crm_column *cols, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (ho_crm_name_is(s, len, cols[i].names))
            return cols[i].field;
    }
    return -1;
}

const char *
ho_crm_map_value(const struct ho_crm_value_map *m, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (ho_crm_name_is(s, len, m[i].from))
            return m[i].to;
    }
    return NULL;
}

ho_rc
ho_crm_reject(struct ho_crm_row_ctx *rc, uint64_t line, const struct ho_diag *why,
              struct ho_diag *diag)
{
    struct ho_diag w = *why;
    w.rc = HO_EPARSE;
    w.line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    return rc->cb->bad(rc->cb->ctx, line, &w, diag);
}

const struct ho_crm_mapping *
ho_crm_default_mapping(void)
{
    return &ho_crm_defaults;
}

struct ho_crm *
ho_crm_new(enum ho_crm_source src, const struct ho_crm_mapping *map, const struct ho_crm_cb *cb)
{
    struct ho_crm *c = ho_xcalloc(1, sizeof(*c));
    c->src = src;
    c->cb = *cb;
    c->map = map ? *map : ho_crm_defaults;
    c->row.map = &c->map;
    c->row.cb = &c->cb;
    ho_buf_init(&c->row.id);
    ho_buf_init(&c->row.key);
    return c;
}

void
ho_crm_free(struct ho_crm *c)
{
    if (c == NULL)
        return;
    ho_buf_release(&c->row.id);
    ho_buf_release(&c->row.key);
    ho_xfree(c->field);
    ho_xfree(c->names);
    ho_xfree(c);
}

/* rc->key holding cell, NUL-ended. */
static const char *
key_of(struct ho_crm_row_ctx *rc, struct ho_slice cell)
{
    ho_buf_reset(&rc->key);
    ho_buf_add(&rc->key, cell.ptr, cell.len);
    return ho_buf_cstr(&rc->key);
}

const char *
ho_crm_user_source(struct ho_crm_row_ctx *rc, struct ho_slice cell)
{
    if (rc->map->user == NULL || cell.len == 0)
        return NULL;
    return ho_mapping_source(rc->map->user, key_of(rc, cell));
}

const char *
ho_crm_user_stage(struct ho_crm_row_ctx *rc, struct ho_slice cell)
{
    if (rc->map->user == NULL || cell.len == 0)
        return NULL;
    return ho_mapping_stage(rc->map->user, key_of(rc, cell));
}

const struct ho_map_status *
ho_crm_user_status(struct ho_crm_row_ctx *rc, struct ho_slice cell)
{
    if (rc->map->user == NULL || cell.len == 0)
        return NULL;
    return ho_mapping_status(rc->map->user, key_of(rc, cell));
}

ho_rc
ho_crm_emit_status(struct ho_crm_row_ctx *rc, const struct ho_event_draft *d,
                   const struct ho_crm_status_at *at, uint64_t line, struct ho_diag *diag)
{
    const struct ho_map_status *st = ho_crm_user_status(rc, at->status);
    if (st == NULL)
        return HO_OK;
    struct ho_draft_kv props[2] = {
        { { "source", 6 }, { at->source, strlen(at->source) } },
        { { "reason", 6 }, { st->reason, st->reason ? strlen(st->reason) : 0 } },
    };
    struct ho_event_draft s = *d;
    s.traits = NULL;
    s.n_traits = 0;
    s.props = props;
    s.n_props = st->reason ? 2 : 1;
    s.type = (struct ho_slice){ st->event, strlen(st->event) };
    s.ts = (struct ho_slice){ at->ts, strlen(at->ts) };
    ho_buf_reset(&rc->id);
    ho_buf_adds(&rc->id, at->source);
    ho_buf_addc(&rc->id, '-');
    ho_buf_add(&rc->id, at->record_id.ptr, at->record_id.len);
    ho_buf_adds(&rc->id, "-status-");
    ho_buf_adds(&rc->id, st->event);
    s.id = (struct ho_slice){ rc->id.ptr, rc->id.len };
    return rc->cb->record(rc->cb->ctx, &s, line, diag);
}

/* The name after "traits." or "props." in target, and which one. */
static struct ho_slice
target_name(const char *target, bool *is_trait)
{
    *is_trait = strncmp(target, "traits.", 7) == 0;
    const char *dot = strchr(target, '.');
    const char *name = dot ? dot + 1 : target;
    return (struct ho_slice){ name, strlen(name) };
}

static bool
has_key(const struct ho_draft_kv *kv, size_t n, struct ho_slice key)
{
    for (size_t i = 0; i < n; i++) {
        if (kv[i].key.len == key.len && memcmp(kv[i].key.ptr, key.ptr, key.len) == 0)
            return true;
    }
    return false;
}

void
ho_crm_add_extras(const struct ho_crm_row_ctx *rc, struct ho_draft_kv *traits, size_t *nt,
                  size_t cap_t, struct ho_draft_kv *props, size_t *np, size_t cap_p)
{
    for (size_t i = 0; i < rc->n_extra; i++) {
        bool is_trait;
        struct ho_slice name = target_name(rc->extra_to[i], &is_trait);
        /* empty, or a key the importer already set (its value, checked
         * and canonical, is kept) */
        if (rc->extra[i].len == 0 || has_key(is_trait ? traits : props, is_trait ? *nt : *np, name))
            continue;
        if (is_trait && *nt < cap_t)
            traits[(*nt)++] = (struct ho_draft_kv){ name, rc->extra[i] };
        else if (!is_trait && *np < cap_p)
            props[(*np)++] = (struct ho_draft_kv){ name, rc->extra[i] };
    }
}

/* Note the header cells `mapping: fields:` names (known columns too). */
static void
find_extras(struct ho_crm *c, const struct ho_slice *cells, size_t n)
{
    for (size_t i = 0; i < n && c->map.user && c->row.n_extra < HO_CRM_MAX_EXTRA; i++) {
        const char *to = ho_mapping_field(c->map.user, key_of(&c->row, cells[i]));
        if (to == NULL)
            continue;
        c->row.extra_col[c->row.n_extra] = i;
        c->row.extra_to[c->row.n_extra++] = to;
    }
}

/* Keep a NUL-ended copy of every known header cell, for error messages. */
static void
keep_names(struct ho_crm *c, const struct ho_slice *cells, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total = ho_size_add(total, cells[i].len + 1);
    c->names = ho_xmalloc(total + 1);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->field[i] < 0)
            continue;
        memcpy(c->names + at, cells[i].ptr, cells[i].len);
        c->names[at + cells[i].len] = '\0';
        c->row.field_name[c->field[i]] = c->names + at;
        at += cells[i].len + 1;
    }
}

/* The dialect of src (any when HO_CRM_NONE) that one of the cells shows. */
static const struct ho_crm_dialect *
dialect_of(enum ho_crm_source src, const struct ho_slice *cells, size_t n)
{
    for (size_t k = 0; k < N_DIALECTS; k++) {
        if (src != HO_CRM_NONE && dialects[k]->src != src)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (ho_crm_name_is(cells[i].ptr, cells[i].len, dialects[k]->marks))
                return dialects[k];
        }
    }
    return NULL;
}

static ho_rc
not_an_export(enum ho_crm_source src, uint64_t line, struct ho_diag *diag)
{
    if (src == HO_CRM_SALESFORCE)
        return ho_diag_at(diag, HO_EPARSE, (uint32_t)line, 0,
                          "not a Salesforce Leads, Contacts or Opportunities export: no 'Lead "
                          "ID', 'Contact ID', 'Opportunity ID' or 'Stage' column");
    return ho_diag_at(diag, HO_EPARSE, (uint32_t)line, 0,
                      "not a HubSpot contacts or companies export: no 'Record ID' "
                      "(hs_object_id) column");
}

static ho_rc
header(struct ho_crm *c, const struct ho_slice *cells, size_t n, uint64_t line,
       struct ho_diag *diag)
{
    bool has_id = false;
    c->d = dialect_of(c->src, cells, n);
    if (c->d == NULL)
        return not_an_export(c->src, line, diag);
    c->field = ho_xcalloc(n ? n : 1, sizeof(*c->field));
    c->ncols = n;
    for (size_t i = 0; i < n; i++) {
        int f = ho_crm_field_of(c->d->cols, c->d->n_cols, cells[i].ptr, cells[i].len);
        for (size_t j = 0; f >= 0 && j < i; j++) {
            if (c->field[j] == f)
                f = -1; /* a second name for one field: the first wins */
        }
        c->field[i] = f;
        has_id = has_id || f == c->d->id_field;
    }
    if (!has_id)
        return not_an_export(c->d->src, line, diag);
    keep_names(c, cells, n);
    find_extras(c, cells, n);
    c->have_header = true;
    if (c->cb.detected)
        c->cb.detected(c->cb.ctx, c->d->what);
    return HO_OK;
}

static bool
starts_with_word(struct ho_slice s, const char *w)
{
    size_t n = strlen(w);
    if (s.len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (lower(s.ptr[i]) != w[i])
            return false;
    }
    return true;
}

bool
ho_crm_is_footer(const struct ho_slice *cells, size_t n)
{
    static const char *const words[] = { "grand total",   "total",     "subtotal",
                                         "confidential",  "copyright", "generated by",
                                         "salesforce.com" };
    size_t i = 0;
    while (i < n && cells[i].len == 0)
        i++;
    if (i == n)
        return false;
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        if (starts_with_word(cells[i], words[k]))
            return true;
    }
    return false;
}

ho_rc
ho_crm_row(struct ho_crm *c, const struct ho_slice *cells, size_t n, uint64_t line,
           struct ho_diag *diag)
{
    struct ho_slice f[HO_CRM_MAX_FIELDS];
    if (!c->have_header)
        return header(c, cells, n, line, diag);
    if (c->d->src == HO_CRM_SALESFORCE && ho_crm_is_footer(cells, n))
        return HO_OK; /* report totals and the lines under them */
    memset(f, 0, sizeof(f));
    for (size_t i = 0; i < n && i < c->ncols; i++) {
        if (c->field[i] >= 0)
            f[c->field[i]] = cells[i];
    }
    for (size_t k = 0; k < c->row.n_extra; k++) {
        size_t at = c->row.extra_col[k];
        c->row.extra[k] = at < n ? cells[at] : (struct ho_slice){ NULL, 0 };
    }
    return c->d->row(&c->row, f, line, diag);
}

enum ho_crm_source
ho_crm_detect_header(const char *line, size_t len)
{
    struct ho_slice cells[64];
    size_t n = 0, i = 0;
    if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && n < sizeof(cells) / sizeof(cells[0])) {
        /* one cell, its quotes dropped (a header cell holds no comma) */
        size_t end = i;
        while (end < len && line[end] != ',')
            end++;
        size_t a = i, b = end;
        if (b > a && line[a] == '"')
            a++;
        if (b > a && line[b - 1] == '"')
            b--;
        cells[n++] = (struct ho_slice){ line + a, b - a };
        i = end + 1;
    }
    const struct ho_crm_dialect *d = dialect_of(HO_CRM_NONE, cells, n);
    return d ? d->src : HO_CRM_NONE;
}

const char *
ho_crm_field_name(const struct ho_crm_row_ctx *rc, int field, const char *fallback)
{
    return rc->field_name[field] ? rc->field_name[field] : fallback;
}

void
ho_crm_set_id(struct ho_crm_row_ctx *rc, const char *prefix, struct ho_event_draft *d,
              struct ho_slice record_id, const char *what)
{
    ho_buf_reset(&rc->id);
    ho_buf_adds(&rc->id, prefix);
    ho_buf_addc(&rc->id, '-');
    ho_buf_add(&rc->id, record_id.ptr, record_id.len);
    ho_buf_addc(&rc->id, '-');
    ho_buf_adds(&rc->id, what);
    d->id = (struct ho_slice){ rc->id.ptr, rc->id.len };
}
