/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_notify.c - the `notify` section (issue 11: alerts) and the alert
 * fields of a rep (slack, webhook, secret, timezone):
 *
 *   notify:
 *     destinations:
 *       team:  { webhook: "https://hooks.example/handoff", secret: whsec_... }
 *       sales: { slack: "https://hooks.slack.com/services/T/B/X" }
 *     fallback: sales          # where `to: [rep]` goes for a rep without one
 *     link: "https://handoff.example"   # base of lead links in alerts
 *     backfill_age: 1h         # import: older alerts are skipped_backfill
 *     retry_for: 24h           # delivery retries stop after
 *     subscriptions:
 *       - { event: lead.mql, to: [rep, team], when: { rule: demo_request } }
 *       - { event: sla.due_soon, before: 2h, to: [rep] }
 *
 * Checked: a destination is one of webhook or slack, with an http(s) URL; a
 * webhook carries a whsec_ secret of 24..64 base64-decoded bytes; a
 * subscription names a known event, destinations that exist (or rep), a
 * rule or channel that exists; `before` belongs to sla.due_soon only and
 * is required there; `to: [rep]` with a rep that has no destination needs
 * a fallback.  Runs after rules, channels and reps are read.
 */
#include "defs/defs_int.h"

#include <string.h>

#include "base/xalloc.h"
#include "core/dims.h"
#include "defs/defs_yaml.h"

#define SECRET_PREFIX    "whsec_"
#define SECRET_MIN_BYTES 24
#define SECRET_MAX_BYTES 64
#define SLACK_ID_MAX     32

/* ---- shared checks --------------------------------------------------------- */

static int
base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Bytes that standard base64 text s (padding optional) decodes to, or -1. */
static long
base64_decoded_len(const char *s, size_t len)
{
    while (len > 0 && s[len - 1] == '=')
        len--;
    if (len % 4 == 1)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (base64_value(s[i]) < 0)
            return -1;
    }
    return (long)(len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1));
}

bool
ho_dl_secret(struct ho_dl *L, const struct ho_yn_field *f, char **out)
{
    const char *text;
    if (!ho_yn_text(L, f, &text))
        return false;
    size_t plen = strlen(SECRET_PREFIX);
    if (strncmp(text, SECRET_PREFIX, plen) != 0) {
        ho_dl_problem(L, f->val->pos,
                      "a webhook secret starts with whsec_ followed by base64 — write secret: "
                      "whsec_ and 24 to 64 random bytes in base64 (openssl rand -base64 32)");
        return false;
    }
    long n = base64_decoded_len(text + plen, f->val->len - plen);
    if (n < SECRET_MIN_BYTES || n > SECRET_MAX_BYTES) {
        ho_dl_problem(L, f->val->pos,
                      n < 0 ? "the webhook secret after whsec_ is not base64 — write 24 to 64 "
                              "random bytes in base64 (openssl rand -base64 32)"
                            : "the webhook secret decodes to %ld bytes; write 24 to 64 random "
                              "bytes in base64 (openssl rand -base64 32)",
                      n);
        return false;
    }
    *out = ho_dl_dup_text(text);
    return true;
}

bool
ho_dl_url(struct ho_dl *L, const struct ho_yn_field *f, char **out)
{
    const char *text;
    if (!ho_yn_text(L, f, &text))
        return false;
    bool http = strncmp(text, "http://", 7) == 0 && text[7] != '\0';
    bool https = strncmp(text, "https://", 8) == 0 && text[8] != '\0';
    if ((!http && !https) || strpbrk(text, " \t\r\n") != NULL) {
        ho_dl_problem(L, f->val->pos,
                      "'%.64s' is not an http(s) URL — write %s: \"https://host/path\"", text,
                      f->spec->name);
        return false;
    }
    *out = ho_dl_dup_text(text);
    return true;
}

bool
ho_dl_slack_id(struct ho_dl *L, const struct ho_yn_field *f, char **out)
{
    const char *text;
    if (!ho_yn_text(L, f, &text))
        return false;
    size_t len = f->val->len;
    bool ok = len >= 2 && len <= SLACK_ID_MAX && (text[0] == 'U' || text[0] == 'W');
    for (size_t i = 1; ok && i < len; i++)
        ok = (text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9');
    if (!ok) {
        ho_dl_problem(L, f->val->pos,
                      "'%.64s' is not a Slack member id — write slack: U0123ABCD (Slack: "
                      "profile, More, Copy member ID)",
                      text);
        return false;
    }
    *out = ho_dl_dup_text(text);
    return true;
}

/* ---- destinations ------------------------------------------------------------- */

enum { DS_WEBHOOK, DS_SLACK, DS_SECRET, DS__COUNT };
static const struct ho_yn_key dest_keys[] = {
    { "webhook", "webhook: \"https://hooks.example/handoff\"", false },
    { "slack", "slack: \"https://hooks.slack.com/services/T000/B000/XXXX\"", false },
    { "secret", "secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false },
};
static const struct ho_yn_shape dest_shape = HO_YN_SHAPE(
    "a destination", "team: { webhook: \"https://...\", secret: whsec_... }", dest_keys);

static void
read_dest(struct ho_dl *L, const struct ho_yn *key, const struct ho_yn *node,
          struct ho_notify_dest *d)
{
    struct ho_yn_field f[DS__COUNT];
    d->name = ho_dl_dup_text(key->text);
    d->pos = key->pos;
    if (!ho_yn_fields(L, node, &dest_shape, f))
        return;
    bool web = f[DS_WEBHOOK].key != NULL, slack = f[DS_SLACK].key != NULL;
    if (web == slack) {
        ho_dl_problem(L, node->pos,
                      web ? "destination '%.64s' has both webhook and slack — write one per "
                            "destination"
                          : "destination '%.64s' has no URL — write webhook: \"https://...\" "
                            "with secret: whsec_..., or slack: \"https://hooks.slack.com/...\"",
                      d->name);
        return;
    }
    d->slack = slack;
    (void)ho_dl_url(L, &f[slack ? DS_SLACK : DS_WEBHOOK], &d->url);
    if (slack && f[DS_SECRET].key != NULL)
        ho_dl_problem(L, f[DS_SECRET].key->pos,
                      "a Slack destination takes no secret (its URL is the secret) — remove "
                      "'secret'");
    else if (web && f[DS_SECRET].key == NULL)
        ho_dl_problem(L, node->pos,
                      "webhook destination '%.64s' needs a signing secret — add secret: "
                      "whsec_ and 24 to 64 random bytes in base64",
                      d->name);
    else if (web)
        (void)ho_dl_secret(L, &f[DS_SECRET], &d->secret);
}

static void
read_dests(struct ho_dl *L, const struct ho_yn_field *f, struct ho_notify_def *n)
{
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *map = f->val;
    n->dests = ho_xcalloc(map->n_kids / 2 + 1, sizeof(*n->dests));
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *k = map->kids[i];
        if (k->kind != HO_YN_SCALAR)
            continue; /* reported */
        if (!ho_yn_is_name(k->text, k->len) || strcmp(k->text, HO_NOTIFY_TO_REP) == 0) {
            ho_dl_problem(L, k->pos,
                          "'%.64s' cannot name a destination — use letters, digits and _ (and "
                          "not 'rep', which means the lead's rep)",
                          k->text);
            continue;
        }
        read_dest(L, k, map->kids[i + 1], &n->dests[n->n_dests++]);
    }
}

/* ---- subscriptions ---------------------------------------------------------------- */

enum { SB_EVENT, SB_TO, SB_WHEN, SB_BEFORE, SB__COUNT };
static const struct ho_yn_key sub_keys[] = {
    { "event", "event: lead.mql", true },
    { "to", "to: [rep, team]", true },
    { "when", "when: { rule: demo_request }", false },
    { "before", "before: 2h", false },
};
static const struct ho_yn_shape sub_shape =
    HO_YN_SHAPE("a subscription", "- { event: lead.mql, to: [rep] }", sub_keys);

enum { SW_RULE, SW_CHANNEL, SW_SEGMENT, SW__COUNT };
static const struct ho_yn_key sub_when_keys[] = {
    { "rule", "rule: demo_request", false },
    { "channel", "channel: paid_search", false },
    { "segment", "segment: 1000+", false },
};
static const struct ho_yn_shape sub_when_shape =
    HO_YN_SHAPE("a subscription's when", "when: { rule: demo_request }", sub_when_keys);

/* Names a subscription may refer to. */
struct notify_refs {
    struct ho_dl_names rules, channels, dests;
};

static void
check_ref(struct ho_dl *L, const struct ho_yn *node, const char *kind, const char *name,
          const struct ho_dl_names *known)
{
    if (ho_dl_names_find(known, name) != NULL)
        return;
    const char *best = ho_dl_names_suggest(L, known, name);
    if (best != NULL)
        ho_dl_problem(L, node->pos, "unknown %s '%.64s' in a subscription — did you mean '%s'?",
                      kind, name, best);
    else
        ho_dl_problem(L, node->pos, "unknown %s '%.64s' in a subscription — define it first", kind,
                      name);
}

static void
read_sub_when(struct ho_dl *L, const struct ho_yn_field *f, const struct notify_refs *refs,
              struct ho_notify_sub *s)
{
    struct ho_yn_field w[SW__COUNT];
    const char *name;
    if (!ho_yn_fields(L, f->val, &sub_when_shape, w))
        return;
    if (w[SW_RULE].key == NULL && w[SW_CHANNEL].key == NULL && w[SW_SEGMENT].key == NULL) {
        ho_dl_problem(L, f->val->pos,
                      "'when' is empty — write when: { rule: demo_request }, { channel: "
                      "paid_search } or { segment: 1000+ }, or remove it");
        return;
    }
    if (w[SW_RULE].key != NULL && ho_yn_name(L, &w[SW_RULE], &name)) {
        s->when_rule = ho_dl_dup_text(name);
        check_ref(L, w[SW_RULE].val, "rule", name, &refs->rules);
    }
    if (w[SW_CHANNEL].key != NULL && ho_yn_name(L, &w[SW_CHANNEL], &name)) {
        s->when_channel = ho_dl_dup_text(name);
        check_ref(L, w[SW_CHANNEL].val, "channel", name, &refs->channels);
    }
    if (w[SW_SEGMENT].key != NULL && ho_yn_text(L, &w[SW_SEGMENT], &name)) {
        s->when_segment = ho_dl_dup_text(name);
        if (!ho_size_band_known(name)) /* the account size band, as report --by segment */
            ho_dl_problem(L, w[SW_SEGMENT].val->pos,
                          "unknown segment '%.64s' in a subscription — write one of the size "
                          "bands " HO_SIZE_BAND_LIST,
                          name);
    }
}

static void
read_sub_event(struct ho_dl *L, const struct ho_yn_field *f, struct ho_notify_sub *s)
{
    const char *text;
    if (!ho_yn_text(L, f, &text))
        return;
    s->kind = ho_alert_kind_of(text);
    if (s->kind < 0)
        ho_dl_problem(L, f->val->pos,
                      "unknown event '%.64s' — write one of lead.mql, lead.assigned, "
                      "lead.stage_changed, sla.breached, sla.due_soon, lead.rejected",
                      text);
}

static void
read_sub(struct ho_dl *L, const struct ho_yn *node, const struct notify_refs *refs,
         struct ho_notify_sub *s)
{
    struct ho_yn_field f[SB__COUNT];
    s->pos = node->pos;
    s->kind = -1;
    if (!ho_yn_fields(L, node, &sub_shape, f))
        return;
    if (f[SB_EVENT].key != NULL)
        read_sub_event(L, &f[SB_EVENT], s);
    if (f[SB_TO].key != NULL && ho_yn_names(L, &f[SB_TO], &s->to, &s->n_to)) {
        for (size_t i = 0; i < s->n_to; i++) {
            if (strcmp(s->to[i], HO_NOTIFY_TO_REP) != 0)
                check_ref(L, f[SB_TO].val->kids[i], "destination", s->to[i], &refs->dests);
        }
    }
    if (ho_yn_given(&f[SB_WHEN]))
        read_sub_when(L, &f[SB_WHEN], refs, s);
    bool due_soon = s->kind == HO_ALERT_SLA_DUE_SOON;
    if (f[SB_BEFORE].key != NULL && !due_soon && s->kind >= 0)
        ho_dl_problem(L, f[SB_BEFORE].key->pos,
                      "'before' belongs to sla.due_soon only — remove it, or write event: "
                      "sla.due_soon");
    else if (f[SB_BEFORE].key != NULL)
        (void)ho_yn_duration(L, &f[SB_BEFORE], &s->before_ms);
    else if (due_soon)
        ho_dl_problem(L, node->pos,
                      "sla.due_soon needs how long before the deadline it fires — add before: "
                      "2h");
}

static void
refs_init(struct notify_refs *r, const struct ho_defs *d)
{
    memset(r, 0, sizeof(*r));
    for (size_t i = 0; i < d->n_fit; i++)
        ho_dl_names_add(&r->rules, d->fit[i].name, d->fit[i].pos);
    for (size_t i = 0; i < d->n_behavior; i++)
        ho_dl_names_add(&r->rules, d->behavior[i].name, d->behavior[i].pos);
    for (size_t i = 0; i < d->n_channels; i++)
        ho_dl_names_add(&r->channels, d->channels[i].name, d->channels[i].pos);
    ho_dl_names_add(&r->channels, "other", (struct ho_pos){ 0, 0 });
    for (size_t i = 0; i < d->notify.n_dests; i++)
        ho_dl_names_add(&r->dests, d->notify.dests[i].name, d->notify.dests[i].pos);
    ho_dl_names_sort(&r->rules);
    ho_dl_names_sort(&r->channels);
    ho_dl_names_sort(&r->dests);
}

static void
refs_release(struct notify_refs *r)
{
    ho_dl_names_release(&r->rules);
    ho_dl_names_release(&r->channels);
    ho_dl_names_release(&r->dests);
}

static bool
sub_to_rep(const struct ho_notify_sub *s)
{
    for (size_t i = 0; i < s->n_to; i++) {
        if (strcmp(s->to[i], HO_NOTIFY_TO_REP) == 0)
            return true;
    }
    return false;
}

static const struct ho_notify_dest *
find_dest(const struct ho_notify_def *n, const char *name)
{
    for (size_t i = 0; name != NULL && i < n->n_dests; i++) {
        if (strcmp(n->dests[i].name, name) == 0)
            return &n->dests[i];
    }
    return NULL;
}

/* `to: [rep]` must reach every rep: one without a webhook goes to the
 * fallback, which must be a Slack destination for a rep known by a Slack
 * member id (the message mentions them there). */
static void
check_rep_reach(struct ho_dl *L, const struct ho_defs *d)
{
    const struct ho_notify_def *n = &d->notify;
    const struct ho_notify_sub *first = NULL;
    for (size_t i = 0; i < n->n_subs && first == NULL; i++)
        first = sub_to_rep(&n->subs[i]) ? &n->subs[i] : NULL;
    const struct ho_notify_dest *fb = find_dest(n, n->fallback);
    for (size_t i = 0; first != NULL && i < d->n_reps; i++) {
        const struct ho_rep *r = &d->reps[i];
        if (r->webhook != NULL || r->id == NULL)
            continue;
        if (fb == NULL || (r->slack_id != NULL && !fb->slack)) {
            ho_dl_problem(L, first->pos,
                          "this subscription goes to the lead's rep, but rep '%.64s' has no "
                          "webhook and notify has no %sfallback — add fallback: DEST under "
                          "notify, or webhook: to the rep",
                          r->id, r->slack_id != NULL ? "Slack " : "");
            return;
        }
    }
}

/* ---- the section ---------------------------------------------------------------- */

enum { NT_DESTS, NT_FALLBACK, NT_LINK, NT_BACKFILL, NT_RETRY, NT_SUBS, NT__COUNT };
static const struct ho_yn_key notify_keys[] = {
    { "destinations", "destinations: { team: { webhook: \"https://...\", secret: whsec_... } }",
      false },
    { "fallback", "fallback: team", false },
    { "link", "link: \"https://handoff.example\"", false },
    { "backfill_age", "backfill_age: 1h", false },
    { "retry_for", "retry_for: 24h", false },
    { "subscriptions", "subscriptions: [ { event: lead.mql, to: [rep] } ]", false },
};
static const struct ho_yn_shape notify_shape =
    HO_YN_SHAPE("notify", "notify: { destinations: { ... }, subscriptions: [ ... ] }", notify_keys);

static void
read_subs(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    struct notify_refs refs;
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    refs_init(&refs, d);
    d->notify.subs = ho_xcalloc(f->val->n_kids + 1, sizeof(*d->notify.subs));
    d->notify.n_subs = f->val->n_kids;
    for (size_t i = 0; i < d->notify.n_subs; i++)
        read_sub(L, f->val->kids[i], &refs, &d->notify.subs[i]);
    refs_release(&refs);
}

static void
read_durations(struct ho_dl *L, const struct ho_yn_field *f, struct ho_notify_def *n)
{
    int64_t ms;
    if (f[NT_BACKFILL].key != NULL && ho_yn_duration(L, &f[NT_BACKFILL], &ms))
        n->backfill_age_ms = ms;
    if (f[NT_RETRY].key != NULL && ho_yn_duration(L, &f[NT_RETRY], &ms)) {
        if (ms <= 0)
            ho_dl_problem(L, f[NT_RETRY].val->pos,
                          "retry_for must be longer than 0 — write retry_for: 24h");
        else
            n->horizon_ms = ms;
    }
}

void
ho_dl_notify(struct ho_dl *L, const struct ho_yn_field *notify, struct ho_defs *d)
{
    struct ho_yn_field f[NT__COUNT];
    const char *text;
    if (!ho_yn_given(notify) || !ho_yn_fields(L, notify->val, &notify_shape, f))
        return;
    struct ho_notify_def *n = &d->notify;
    if (ho_yn_given(&f[NT_DESTS]))
        read_dests(L, &f[NT_DESTS], n);
    if (f[NT_FALLBACK].key != NULL && ho_yn_name(L, &f[NT_FALLBACK], &text)) {
        n->fallback = ho_dl_dup_text(text);
        if (find_dest(n, text) == NULL)
            ho_dl_problem(L, f[NT_FALLBACK].val->pos,
                          "unknown destination '%.64s' as the fallback — name one under "
                          "notify.destinations",
                          text);
    }
    if (f[NT_LINK].key != NULL)
        (void)ho_dl_url(L, &f[NT_LINK], &n->link_base);
    read_durations(L, f, n);
    if (ho_yn_given(&f[NT_SUBS]))
        read_subs(L, &f[NT_SUBS], d);
    check_rep_reach(L, d);
}
