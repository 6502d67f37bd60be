/* SPDX-License-Identifier: MIT */
/*
 * core/dims.c - report dimensions.
 */
#include "core/dims.h"

#include <string.h>

#include "base/strtab.h"
#include "core/defs.h"
#include "core/funnel.h"
#include "core/match.h"

static const char *const dim_names[HO_DIM__COUNT] = {
    [HO_DIM_ALL] = "all",
    [HO_DIM_CHANNEL] = "channel",
    [HO_DIM_CHANNEL_GROUP] = "channel_group",
    [HO_DIM_CAMPAIGN] = "campaign",
    [HO_DIM_REP] = "rep",
    [HO_DIM_RULE] = "rule",
    [HO_DIM_SEGMENT] = "segment",
    [HO_DIM_SOURCE] = "source",
};

bool
ho_dim_parse(const char *name, enum ho_dim *out)
{
    for (int d = 0; d < HO_DIM__COUNT; d++) {
        if (strcmp(name, dim_names[d]) == 0) {
            *out = (enum ho_dim)d;
            return true;
        }
    }
    return false;
}

const char *
ho_dim_name(enum ho_dim d)
{
    return (unsigned)d < HO_DIM__COUNT ? dim_names[d] : "?";
}

const char *
ho_dim_list(void)
{
    return "channel, channel_group, campaign, rep, rule, segment, source";
}

const char *
ho_channel_group(const struct ho_defs *defs, const char *channel)
{
    for (size_t i = 0; i < defs->n_channels; i++) {
        if (strcmp(defs->channels[i].name, channel) == 0 && defs->channels[i].group)
            return defs->channels[i].group;
    }
    if (strcmp(channel, "outbound") == 0 || strcmp(channel, "partner") == 0)
        return channel;
    return "inbound";
}

const char *
ho_size_band(const char *employees)
{
    double n;
    if (!employees || !ho_parse_number(employees, &n))
        return "";
    if (n < 50)
        return "1-49";
    if (n < 200)
        return "50-199";
    if (n < 500)
        return "200-499";
    if (n < 1000)
        return "500-999";
    return "1000+";
}

bool
ho_size_band_known(const char *name)
{
    static const char *const bands[] = { "1-49", "50-199", "200-499", "500-999", "1000+" };
    for (size_t i = 0; name && i < sizeof(bands) / sizeof(bands[0]); i++) {
        if (strcmp(name, bands[i]) == 0)
            return true;
    }
    return false;
}

static const char *
text_of(const struct ho_strtab *s, uint32_t id)
{
    return id ? ho_strtab_str(s, id) : "";
}

uint32_t
ho_dim_key(const struct ho_defs *defs, struct ho_strtab *strings, enum ho_dim dim,
           const struct ho_journey_row *row)
{
    const char *v = "";
    switch (dim) {
    case HO_DIM_ALL:
        v = "all";
        break;
    case HO_DIM_CHANNEL:
        v = text_of(strings, row->channel);
        break;
    case HO_DIM_CHANNEL_GROUP:
        v = row->channel ? ho_channel_group(defs, text_of(strings, row->channel)) : "";
        break;
    case HO_DIM_CAMPAIGN:
        v = text_of(strings, row->campaign);
        break;
    case HO_DIM_REP:
        v = text_of(strings, row->j.rep);
        break;
    case HO_DIM_RULE:
        v = ho_defs_criterion_name(defs, row->j.criterion);
        break;
    case HO_DIM_SEGMENT:
        v = ho_size_band(text_of(strings, row->employees));
        break;
    case HO_DIM_SOURCE:
        v = text_of(strings, row->heard_about);
        break;
    case HO_DIM__COUNT:
        break;
    }
    if (!*v)
        v = "(none)";
    return ho_strtab_intern(strings, v, strlen(v));
}
