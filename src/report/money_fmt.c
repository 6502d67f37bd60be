/* SPDX-License-Identifier: MIT */
/*
 * report/money_fmt.c - shared formatting of the money reports.
 */
#include "report/money_fmt.h"
#include "report/report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "report/money.h"

json_t *
ho_money_json_num(double v)
{
    return isnan(v) ? json_null() : json_real(ho_round2(v));
}

json_t *
ho_money_json_precise(double v)
{
    if (isnan(v))
        return json_null();
    char text[40];
    snprintf(text, sizeof(text), "%.15g", v);
    return json_real(strtod(text, NULL));
}

json_t *
ho_money_json_rate(struct ho_rate r)
{
    json_t *o = json_object();
    json_object_set_new(o, "num", json_integer((json_int_t)r.num));
    json_object_set_new(o, "den", json_integer((json_int_t)r.den));
    json_object_set_new(o, "pct", r.den ? ho_money_json_num(ho_rate_pct(r)) : json_null());
    return o;
}

json_t *
ho_money_json_ratio(double num, double den)
{
    json_t *o = json_object();
    json_object_set_new(o, "num", ho_money_json_num(num));
    json_object_set_new(o, "den", ho_money_json_num(den));
    json_object_set_new(o, "pct", den != 0.0 ? ho_money_json_num(100.0 * num / den) : json_null());
    return o;
}

json_t *
ho_money_json_time(int64_t t)
{
    char ts[HO_TIME_STRLEN];
    if (t == INT64_MIN || t == INT64_MAX)
        return json_null();
    return json_string(ho_time_format(t, ts));
}

void
ho_money_json_period(json_t *root, const struct ho_money_view *v, const char *by)
{
    json_object_set_new(root, "by", json_string(by));
    json_object_set_new(root, "from", ho_money_json_time(v->from));
    json_object_set_new(root, "to", ho_money_json_time(v->to));
}

void
ho_money_csv_num(FILE *out, double v)
{
    if (!isnan(v))
        fprintf(out, "%.2f", ho_round2(v));
}

void
ho_money_csv_real(FILE *out, double v)
{
    if (isnan(v))
        return;
    if (ho_round2(v) == v)
        fprintf(out, "%.2f", v);
    else
        fprintf(out, "%.15g", v);
}

/* Drop the trailing zeros of a fixed-point text, and the point if bare. */
static void
trim_fraction(char *text)
{
    char *dot = strchr(text, '.');
    if (!dot)
        return;
    char *end = text + strlen(text);
    while (end > dot + 1 && end[-1] == '0')
        *--end = '\0';
    if (end == dot + 1)
        *dot = '\0';
}

char *
ho_money_sig3_text(double v, char out[32])
{
    if (isnan(v)) {
        snprintf(out, 32, "n/a");
        return out;
    }
    double mag = fabs(v);
    /* From 999.5 up a whole number (rounded half away from zero); below it
     * 3 significant digits in fixed point, so never an exponent: %.3g
     * prints 1e+03 for 999.95 and 2.67e-05 for 0.0000267. */
    if (mag >= 999.5) {
        snprintf(out, 32, "%.0f", round(v));
        return out;
    }
    if (mag == 0.0 || mag < 1e-12) {
        snprintf(out, 32, "0");
        return out;
    }
    int decimals = 2 - (int)floor(log10(mag));
    double scale = pow(10.0, decimals);
    snprintf(out, 32, "%.*f", decimals, round(v * scale) / scale);
    trim_fraction(out);
    return out;
}

char *
ho_money_text(double v, char out[32])
{
    if (isnan(v))
        snprintf(out, 32, "n/a");
    else
        snprintf(out, 32, "%.2f", ho_round2(v));
    return out;
}

char *
ho_money_rate_text(struct ho_rate r, char out[64])
{
    if (r.den == 0)
        snprintf(out, 64, "%llu/%llu (n/a)", (unsigned long long)r.num, (unsigned long long)r.den);
    else
        snprintf(out, 64, "%llu/%llu (%.1f%%)", (unsigned long long)r.num,
                 (unsigned long long)r.den, ho_rate_pct(r));
    return out;
}

const char *
ho_money_name(const struct ho_strtab *s, uint32_t id, const char *none)
{
    return id ? ho_strtab_str(s, id) : none;
}

char *
ho_money_period_text(const struct ho_money_view *v, char out[96])
{
    char a[HO_TIME_STRLEN], b[HO_TIME_STRLEN];
    if (v->from == INT64_MIN && v->to == INT64_MAX)
        snprintf(out, 96, "all time");
    else if (v->to == INT64_MAX)
        snprintf(out, 96, "from %s", ho_time_format(v->from, a));
    else if (v->from == INT64_MIN)
        snprintf(out, 96, "before %s", ho_time_format(v->to, b));
    else
        snprintf(out, 96, "%s to %s", ho_time_format(v->from, a), ho_time_format(v->to, b));
    return out;
}
