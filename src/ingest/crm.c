/* SPDX-License-Identifier: MIT */
/*
 * ingest/crm.c - CRM exports: header matching and row dispatch (see crm.h).
 */
#include "ingest/crm.h"

#include <string.h>

#include "base/xalloc.h"
#include "ingest/crm_int.h"

struct ho_crm {
    enum ho_crm_source src;
    struct ho_crm_cb cb;
    struct ho_crm_row_ctx row;
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
            while (i < len && (skipped(s[i]) ||
                               (s[i] == '(' && len - i >= 3 && memcmp(s + i, "(%)", 3) == 0)))
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
    c->row.map = map ? map : &ho_crm_defaults;
    c->row.cb = &c->cb;
    ho_buf_init(&c->row.id);
    return c;
}

void
ho_crm_free(struct ho_crm *c)
{
    if (c == NULL)
        return;
    ho_buf_release(&c->row.id);
    ho_xfree(c->field);
    ho_xfree(c->names);
    ho_xfree(c);
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

static ho_rc
header(struct ho_crm *c, const struct ho_slice *cells, size_t n, uint64_t line,
       struct ho_diag *diag)
{
    bool has_id = false;
    c->field = ho_xcalloc(n ? n : 1, sizeof(*c->field));
    c->ncols = n;
    for (size_t i = 0; i < n; i++) {
        int f = ho_crm_field_of(ho_crm_hubspot_columns, ho_crm_hubspot_n_columns, cells[i].ptr,
                                cells[i].len);
        for (size_t j = 0; f >= 0 && j < i; j++) {
            if (c->field[j] == f)
                return ho_diag_at(diag, HO_EPARSE, (uint32_t)line, 0,
                                  "column '%.*s' appears twice (as another name)",
                                  (int)(cells[i].len > 64 ? 64 : cells[i].len), cells[i].ptr);
        }
        c->field[i] = f;
        has_id = has_id || f == 0;
    }
    if (!has_id)
        return ho_diag_at(diag, HO_EPARSE, (uint32_t)line, 0,
                          "not a HubSpot contacts export: no 'Record ID' (hs_object_id) column");
    keep_names(c, cells, n);
    c->have_header = true;
    if (c->cb.detected)
        c->cb.detected(c->cb.ctx, "HubSpot contacts export");
    return HO_OK;
}

ho_rc
ho_crm_row(struct ho_crm *c, const struct ho_slice *cells, size_t n, uint64_t line,
           struct ho_diag *diag)
{
    struct ho_slice f[HO_CRM_MAX_FIELDS];
    if (!c->have_header)
        return header(c, cells, n, line, diag);
    memset(f, 0, sizeof(f));
    for (size_t i = 0; i < n && i < c->ncols; i++) {
        if (c->field[i] >= 0)
            f[c->field[i]] = cells[i];
    }
    return ho_crm_hubspot_row(&c->row, f, line, diag);
}

enum ho_crm_source
ho_crm_detect_header(const char *line, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len) {
        /* one cell, its quotes dropped (a header cell holds no comma) */
        size_t end = i;
        while (end < len && line[end] != ',')
            end++;
        size_t a = i, b = end;
        if (b > a && line[a] == '"')
            a++;
        if (b > a && line[b - 1] == '"')
            b--;
        if (ho_crm_name_is(line + a, b - a, "recordid|hsobjectid"))
            return HO_CRM_HUBSPOT;
        i = end + 1;
    }
    return HO_CRM_NONE;
}
