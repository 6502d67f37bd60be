/* SPDX-License-Identifier: MIT */
/*
 * core/dims.h - the dimensions a report can be split by (--by): the journey's
 * channel, channel group, campaign, rep, the rule that made the MQL, the
 * account segment (size band) and the self-reported source.
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_DIMS_H
#define HO_CORE_DIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ho_defs;
struct ho_journey_row;
struct ho_strtab;

enum ho_dim {
    HO_DIM_ALL,           /* one group: "all" */
    HO_DIM_CHANNEL,       /* normalised first-touch channel */
    HO_DIM_CHANNEL_GROUP, /* inbound / outbound / partner (definitions: channels.X.group) */
    HO_DIM_CAMPAIGN,      /* first-touch campaign */
    HO_DIM_REP,           /* the journey's rep */
    HO_DIM_RULE,          /* the MQL criterion: min_score or an or_any set */
    HO_DIM_SEGMENT,       /* account size band: 1-49, 50-199, 200-499, 500-999, 1000+ */
    HO_DIM_SOURCE,        /* self-reported source (traits.heard_about), for dark social */
    HO_DIM__COUNT
};

/* Parse a --by value: channel, channel_group, campaign, rep, rule, segment,
 * source (or all).  False when unknown. */
bool ho_dim_parse(const char *name, enum ho_dim *out);
const char *ho_dim_name(enum ho_dim d);
/* "channel, channel_group, campaign, rep, rule, segment, source" */
const char *ho_dim_list(void);

/* The group of row under dimension dim, interned into strings ("(none)" when
 * the row has no value). */
uint32_t ho_dim_key(const struct ho_defs *defs, struct ho_strtab *strings, enum ho_dim dim,
                    const struct ho_journey_row *row);

/* The channel group of a channel name (see HO_DIM_CHANNEL_GROUP). */
const char *ho_channel_group(const struct ho_defs *defs, const char *channel);

/* The size band of an employees value ("" when not a number). */
const char *ho_size_band(const char *employees);
/* Whether name is one of the bands ho_size_band() gives (HO_SIZE_BAND_LIST). */
bool ho_size_band_known(const char *name);
#define HO_SIZE_BAND_LIST "1-49, 50-199, 200-499, 500-999, 1000+"

#endif /* HO_CORE_DIMS_H */
