/* SPDX-License-Identifier: MIT */
/*
 * core/segment_events.h - what a Segment call becomes (struct
 * ho_segment_def, core/defs.h): the definitions' `segment:` section, the
 * documented built-in table of track event names, and the rule for names
 * that neither maps.  The one place both front doors ask (`import --from
 * segment` and serve's Segment routes, through ingest/segment_map.h), so
 * that the same message gives the same event.
 *
 * A track event name is looked up exactly (case-sensitive, as Segment
 * sends it): first in the section's events, then, unless `builtin: false`,
 * in the built-in table below (README "Segment event names"):
 *
 *   "Demo Requested"      form_submit, props.form = demo
 *   "Form Submitted"      form_submit
 *   "Signed Up"           trial_signup
 *   "Trial Started"       trial_signup
 *   "Invite Sent"         product_usage, props.action = invite_teammate
 *   "Signed In"           product_usage, props.action = sign_in
 *   "Account Added User"  product_usage, props.action = add_user
 *   "Webinar Registered"  webinar_registered
 *   "Webinar Attended"    webinar_attended
 *   "Content Downloaded"  content_download
 *   "Email Opened"        email_open
 *   "Email Link Clicked"  email_click
 *   "Ad Clicked"          ad_click
 *   "Unsubscribed"        unsubscribe
 *   "Meeting Booked"      meeting_booked
 *
 * A name found in neither is `unmapped` (default: keep, the name as
 * written becomes the type).
 * page() calls become page_type (default page_view), screen() calls
 * screen_type (default: page_type).  A NULL def means the defaults.
 *
 * Pure: no I/O.  Results are borrowed from def or from static tables.
 */
#ifndef HO_CORE_SEGMENT_EVENTS_H
#define HO_CORE_SEGMENT_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/defs.h"

/* The built-in table, in the order above; *n its length. */
const struct ho_segment_event *ho_segment_builtin(size_t *n);

/* The target of the track event name[0..len), or NULL when neither the
 * section's events nor (unless turned off) the built-in table name it.
 * def->events must be sorted by ho_segment_events_sort(). */
const struct ho_segment_target *ho_segment_track_target(const struct ho_segment_def *def,
                                                        const char *name, size_t len);

/* The type of page() (screen false) or screen() (screen true) calls. */
const char *ho_segment_page_type(const struct ho_segment_def *def, bool screen);

/* Sort def->events for ho_segment_track_target() (byte order of the names). */
void ho_segment_events_sort(struct ho_segment_def *def);

/* Free everything def owns; def is left all zero (the defaults). */
void ho_segment_def_release(struct ho_segment_def *def);

#endif /* HO_CORE_SEGMENT_EVENTS_H */
