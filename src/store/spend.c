/* SPDX-License-Identifier: MIT */
/*
 * store/spend.c - how every backend writes a spend month: the text
 * "YYYY-MM", so that a database stays readable by eye and by SQL.
 */
#include "store/backend.h"

#include <stdio.h>

void
ho_store_month_text(int64_t month, char out[32])
{
    snprintf(out, 32, "%04lld-%02lld", (long long)(month / 12), (long long)(month % 12 + 1));
}

bool
ho_store_month_parse(const char *s, size_t len, int64_t *out)
{
    if (!s || len != 7 || s[4] != '-')
        return false;
    int64_t y = 0, m = 0;
    for (size_t i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else
            m = m * 10 + (s[i] - '0');
    }
    if (m < 1 || m > 12)
        return false;
    *out = y * 12 + m - 1;
    return true;
}
