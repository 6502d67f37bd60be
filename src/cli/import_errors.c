/* SPDX-License-Identifier: MIT */
/*
 * cli/import_errors.c - rejected records capped per reason and counted.
 */
#include "cli/import_errors.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"

void
ho_import_errors_init(struct ho_import_errors *t, FILE *all)
{
    memset(t, 0, sizeof(*t));
    t->all = all;
}

/* The reason of msg: numbers become '#', the detail after ": " is dropped. */
static char *
reason_key(const char *msg)
{
    struct ho_buf b = HO_BUF_INIT;
    const char *end = strstr(msg, ": ");
    size_t len = end ? (size_t)(end - msg) : strlen(msg);
    for (size_t i = 0; i < len; i++) {
        if (isdigit((unsigned char)msg[i])) {
            while (i + 1 < len && isdigit((unsigned char)msg[i + 1]))
                i++;
            ho_buf_addc(&b, '#');
        } else {
            ho_buf_addc(&b, msg[i]);
        }
    }
    char *key = ho_xstrdup(ho_buf_cstr(&b));
    ho_buf_release(&b);
    return key;
}

/* The tally entry of msg's reason: a new one while there is room, else
 * the shared "other reasons" entry. */
static struct ho_import_reason *
reason_of(struct ho_import_errors *t, const char *msg)
{
    char *key = reason_key(msg);
    for (size_t i = 0; i < t->n_reasons; i++) {
        if (strcmp(t->reasons[i].key, key) == 0) {
            ho_xfree(key);
            return &t->reasons[i];
        }
    }
    struct ho_import_reason *r = &t->reasons[HO_IMPORT_MAX_REASONS];
    if (t->n_reasons < HO_IMPORT_MAX_REASONS) {
        r = &t->reasons[t->n_reasons++];
        r->key = key;
        return r;
    }
    ho_xfree(key);
    if (!r->key)
        r->key = ho_xstrdup("other reasons");
    return r;
}

void
ho_import_errors_add(struct ho_import_errors *t, const char *path, uint64_t line, const char *msg)
{
    struct ho_import_reason *r = reason_of(t, msg);
    r->count++;
    t->total++;
    if (r->count <= HO_IMPORT_ERRORS_SHOWN)
        fprintf(stderr, "%s:%llu: %s\n", path, (unsigned long long)line, msg);
    if (t->all)
        fprintf(t->all, "%s:%llu: %s\n", path, (unsigned long long)line, msg);
}

void
ho_import_errors_summary(const struct ho_import_errors *t, const char *errors_file)
{
    bool capped = false;
    if (t->total == 0)
        return;
    fprintf(stderr, "rejected %zu records, by reason:\n", t->total);
    for (size_t i = 0; i <= HO_IMPORT_MAX_REASONS; i++) {
        const struct ho_import_reason *r = &t->reasons[i];
        if (r->count == 0)
            continue;
        fprintf(stderr, "  %8zu  %s", r->count, r->key);
        if (r->count > HO_IMPORT_ERRORS_SHOWN) {
            fprintf(stderr, " (first %d shown)", HO_IMPORT_ERRORS_SHOWN);
            capped = true;
        }
        fputc('\n', stderr);
    }
    if (errors_file)
        fprintf(stderr, "every rejected record is listed in %s\n", errors_file);
    else if (capped)
        fprintf(stderr, "--errors-file FILE lists every rejected record\n");
}

void
ho_import_errors_release(struct ho_import_errors *t)
{
    for (size_t i = 0; i <= HO_IMPORT_MAX_REASONS; i++)
        ho_xfree(t->reasons[i].key);
    memset(t, 0, sizeof(*t));
}
