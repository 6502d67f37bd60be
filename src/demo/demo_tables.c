/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_tables.c - the vocabulary of the demo data: names, titles,
 * firmographics, pages, campaigns, reps and reasons, with their weights.
 *
 * The figures (channel mix, MQL->SQL rate by channel) are the published
 * B2B benchmarks listed in DEMO_DATA.md.  Everything here is constant data;
 * senior titles are recognised by a small word matcher that implements the
 * example definitions' \b(VP|Vice President|Director|CRO|Head of)\b (case
 * insensitive), so the table cannot disagree with the rule.
 */
#include "demo/demo_int.h"

#include <string.h>

/* Percent of first touches; sums to 100.  "website/direct 15%" is split. */
const double ho_demo_channel_mix[HO_DEMO_CH__COUNT] = {
    [HO_DEMO_CH_NONE] = 0,        [HO_DEMO_CH_ORGANIC_SEARCH] = 22, [HO_DEMO_CH_PAID_SEARCH] = 18,
    [HO_DEMO_CH_PAID_SOCIAL] = 8, [HO_DEMO_CH_EMAIL] = 10,          [HO_DEMO_CH_REFERRAL] = 7,
    [HO_DEMO_CH_WEBINAR] = 8,     [HO_DEMO_CH_EVENT] = 4,           [HO_DEMO_CH_OUTBOUND] = 5,
    [HO_DEMO_CH_PARTNER] = 3,     [HO_DEMO_CH_DIRECT] = 7,          [HO_DEMO_CH_WEBSITE] = 8,
};

/* MQL->SQL conversion by first-touch channel (published figures; outbound
 * leads are sales-sourced and have no MQL journey). */
const double ho_demo_channel_sql_rate[HO_DEMO_CH__COUNT] = {
    [HO_DEMO_CH_NONE] = 0,           [HO_DEMO_CH_ORGANIC_SEARCH] = 0.51,
    [HO_DEMO_CH_PAID_SEARCH] = 0.26, [HO_DEMO_CH_PAID_SOCIAL] = 0.18,
    [HO_DEMO_CH_EMAIL] = 0.008,      [HO_DEMO_CH_REFERRAL] = 0.25,
    [HO_DEMO_CH_WEBINAR] = 0.24,     [HO_DEMO_CH_EVENT] = 0.20,
    [HO_DEMO_CH_OUTBOUND] = 0,       [HO_DEMO_CH_PARTNER] = 0.22,
    [HO_DEMO_CH_DIRECT] = 0.22,      [HO_DEMO_CH_WEBSITE] = 0.31,
};

static const char *const ev_names[HO_DEMO_EV__COUNT] = {
    [HO_DEMO_EV_PAGE_VIEW] = "page_view",
    [HO_DEMO_EV_IDENTIFY] = "identify",
    [HO_DEMO_EV_GROUP] = "group",
    [HO_DEMO_EV_FORM_SUBMIT] = "form_submit",
    [HO_DEMO_EV_CONTENT_DOWNLOAD] = "content_download",
    [HO_DEMO_EV_WEBINAR_REGISTERED] = "webinar_registered",
    [HO_DEMO_EV_WEBINAR_ATTENDED] = "webinar_attended",
    [HO_DEMO_EV_EMAIL_OPEN] = "email_open",
    [HO_DEMO_EV_EMAIL_CLICK] = "email_click",
    [HO_DEMO_EV_CONTACT_ATTEMPT] = "contact_attempt",
    [HO_DEMO_EV_CONTACT_MADE] = "contact_made",
    [HO_DEMO_EV_MEETING_BOOKED] = "meeting_booked",
    [HO_DEMO_EV_SALES_ACCEPT] = "sales_accept",
    [HO_DEMO_EV_SALES_QUALIFY] = "sales_qualify",
    [HO_DEMO_EV_SALES_REJECT] = "sales_reject",
    [HO_DEMO_EV_NURTURE] = "nurture",
    [HO_DEMO_EV_OPP_CREATED] = "opportunity_created",
    [HO_DEMO_EV_OPP_WON] = "opportunity_won",
    [HO_DEMO_EV_OPP_LOST] = "opportunity_lost",
};

static const char *const ch_names[HO_DEMO_CH__COUNT] = {
    [HO_DEMO_CH_NONE] = "",
    [HO_DEMO_CH_ORGANIC_SEARCH] = "organic_search",
    [HO_DEMO_CH_PAID_SEARCH] = "paid_search",
    [HO_DEMO_CH_PAID_SOCIAL] = "paid_social",
    [HO_DEMO_CH_EMAIL] = "email",
    [HO_DEMO_CH_REFERRAL] = "referral",
    [HO_DEMO_CH_WEBINAR] = "webinar",
    [HO_DEMO_CH_EVENT] = "event",
    [HO_DEMO_CH_OUTBOUND] = "outbound",
    [HO_DEMO_CH_PARTNER] = "partner",
    [HO_DEMO_CH_DIRECT] = "direct",
    [HO_DEMO_CH_WEBSITE] = "website",
};

static const char *const form_names[HO_DEMO_FORM__COUNT] = {
    [HO_DEMO_FORM_DEMO] = "demo",
    [HO_DEMO_FORM_NEWSLETTER] = "newsletter",
    [HO_DEMO_FORM_CONTACT] = "contact",
    [HO_DEMO_FORM_BOOTH_SCAN] = "booth_scan",
};

static const char *const reason_names[HO_DEMO_REASON__COUNT] = {
    [HO_DEMO_REASON_NO_RESPONSE] = "no_response", [HO_DEMO_REASON_BAD_TIMING] = "bad_timing",
    [HO_DEMO_REASON_NOT_ICP] = "not_icp",         [HO_DEMO_REASON_OVER_SCORED] = "over_scored",
    [HO_DEMO_REASON_NO_BUDGET] = "no_budget",     [HO_DEMO_REASON_WRONG_SIZE] = "wrong_size",
    [HO_DEMO_REASON_BAD_DATA] = "bad_data",
};

static const char *const fixed_paths[] = {
    [HO_DEMO_PATH_HOME] = "/",
    [HO_DEMO_PATH_PRICING] = "/pricing",
    [HO_DEMO_PATH_PRODUCT] = "/product",
    [HO_DEMO_PATH_DOCS] = "/docs",
    [HO_DEMO_PATH_CAREERS] = "/careers",
    [HO_DEMO_PATH_CUSTOMERS] = "/customers",
    [HO_DEMO_PATH_INTEGRATIONS] = "/integrations",
    [HO_DEMO_PATH_DEMO] = "/demo",
};

static const char *const blog_paths[] = {
    "/blog/mql-vs-sql",
    "/blog/speed-to-lead",
    "/blog/lead-scoring-models",
    "/blog/sla-between-marketing-and-sales",
    "/blog/cohort-vs-flow-funnel",
    "/blog/why-mqls-die",
    "/blog/buying-groups",
    "/blog/lead-routing-round-robin",
    "/blog/attribution-w-shaped",
    "/blog/pipeline-velocity",
    "/blog/recycling-nurture",
    "/blog/icp-definition",
    "/blog/revops-hiring",
    "/blog/intent-data",
    "/blog/demo-request-forms",
    "/blog/b2b-benchmarks-2026",
};

struct title {
    const char *text;
    double weight;
    bool student;
};

static const struct title titles[] = {
    { "VP Marketing", 4.0, false },
    { "VP of Sales", 3.0, false },
    { "Vice President, Revenue Operations", 1.5, false },
    { "Director of Marketing", 4.0, false },
    { "Director, Demand Generation", 3.0, false },
    { "Marketing Director", 2.0, false },
    { "Sales Director", 2.0, false },
    { "Head of Growth", 2.5, false },
    { "Head of Revenue Operations", 2.0, false },
    { "Head of Sales", 2.0, false },
    { "CRO", 1.0, false },
    { "Senior Director, Sales Development", 1.5, false },
    { "VP, Customer Success", 1.0, false },
    { "Director of IT", 1.5, false },
    { "Marketing Manager", 8.0, false },
    { "Demand Generation Manager", 5.0, false },
    { "Revenue Operations Manager", 4.0, false },
    { "Marketing Operations Specialist", 4.0, false },
    { "Sales Development Representative", 6.0, false },
    { "Account Executive", 5.0, false },
    { "Marketing Coordinator", 4.0, false },
    { "Software Engineer", 4.0, false },
    { "Data Analyst", 3.0, false },
    { "Founder", 3.0, false },
    { "CEO", 3.0, false },
    { "CMO", 2.0, false },
    { "SVP Sales", 1.5, false },             /* "VP" is not a word here: no senior points */
    { "Chief Revenue Officer", 1.0, false }, /* spelled out: the rule misses it */
    { "Directory Services Administrator", 0.5, false },
    { "Product Manager", 3.0, false },
    { "Operations Manager", 3.0, false },
    { "Consultant", 2.0, false },
    { "Growth Marketer", 2.0, false },
    { "Intern", 1.0, false },
    { "Student", 5.0, true },
    { "MBA Candidate", 2.0, true },
    { "PhD Student", 1.0, true },
    { "Graduate Research Assistant", 1.0, true },
};

struct weighted {
    const char *text;
    double weight;
};

static const struct weighted industries[] = {
    { "saas", 24 },         { "software", 14 }, { "fintech", 9 },   { "healthcare", 8 },
    { "manufacturing", 8 }, { "retail", 6 },    { "ecommerce", 6 }, { "consulting", 7 },
    { "media", 5 },         { "education", 4 }, { "logistics", 4 }, { "government", 2 },
    { "nonprofit", 3 },
};
#define INDUSTRY_EDUCATION 9u

static const struct weighted countries[] = {
    { "US", 46 }, { "CA", 6 }, { "GB", 12 }, { "DE", 8 }, { "FR", 5 }, { "AU", 5 },
    { "IN", 5 },  { "NL", 4 }, { "BR", 3 },  { "ES", 2 }, { "SE", 2 }, { "SG", 2 },
};

static const char *const first_names[] = {
    "ana",    "sam",   "lee",   "maria", "john",  "wei",   "fatima", "lucas", "emma",   "noah",
    "olivia", "liam",  "sofia", "mateo", "chloe", "ethan", "aisha",  "hiro",  "ingrid", "kofi",
    "lena",   "marco", "nina",  "omar",  "paula", "quinn", "rosa",   "sven",  "tara",   "umar",
    "vera",   "will",  "xenia", "yusuf", "zoe",   "david", "grace",  "ivan",  "julia",  "kenji",
};

static const char *const last_names[] = {
    "kowalski", "smith",  "garcia", "chen",    "muller", "rossi",  "tanaka", "okafor",
    "johnson",  "silva",  "dubois", "nguyen",  "patel",  "novak",  "larsen", "brown",
    "martin",   "kim",    "haddad", "schmidt", "lopez",  "wilson", "singh",  "ferreira",
    "cohen",    "ivanov", "murphy", "walker",  "young",  "adams",  "baker",  "clark",
    "evans",    "hughes", "jensen", "kaur",    "lewis",  "moreau", "olsen",  "price",
};

static const char *const domain_words[] = {
    "blue",  "peak",   "north", "wind",  "stone", "bright", "cloud", "river",  "iron",  "maple",
    "lumen", "vector", "nova",  "pixel", "orbit", "summit", "cedar", "quartz", "delta", "harbor",
    "swift", "signal", "forge", "atlas", "prime", "echo",   "ember", "field",  "grid",  "hive",
    "jade",  "kite",   "loop",  "mesa",  "nest",  "oak",    "pilot", "ridge",  "spark", "tide",
};

static const char *const tlds[] = { "com", "io", "co", "net", "ai", "de", "co.uk" };

/* The reps of examples/definitions.yaml, so every rep who acts on a lead is
 * one the definitions route to: SMB reps first (sam, kim: pool smb), then
 * the enterprise pool (lee; accounts of 1000 employees or more, as the
 * example's routing rule sends them).  kim is in both pools there; here she
 * works SMB accounts, so lee works every enterprise account and each routed
 * rep is contacted.  tests/integration/test_sharp_edges.sh checks the two
 * lists agree. */
static const char *const reps[] = { "sam", "kim", "lee" };
#define N_REPS_SMB 2u

static const char *const assets[] = { "mql-sql-playbook", "state-of-revops-2026",
                                      "lead-scoring-template", "speed-to-lead-report",
                                      "funnel-benchmarks-ebook" };

static const char *const vias[] = { "call", "email", "linkedin" };
static const char *const timelines[] = { "this_quarter", "next_quarter", "6_months" };
static const char *const lost_reasons[] = { "price", "competitor", "no_decision", "timing",
                                            "product_fit" };
static const char *const junk_emails[] = { "test@test.com", "asdf@asdf.com", "a@a.com",
                                           "noemail@example.com", "xx@xx.xx" };

struct campaign {
    const char *name;
    uint8_t channel;
    bool monthly; /* the event's month is appended: "newsletter-2026-03" */
};

static const struct campaign campaigns[] = {
    { "", HO_DEMO_CH_NONE, false },
    { "ps-brand", HO_DEMO_CH_PAID_SEARCH, false },
    { "ps-competitor", HO_DEMO_CH_PAID_SEARCH, false },
    { "ps-generic-lead-scoring", HO_DEMO_CH_PAID_SEARCH, false },
    { "li-abm", HO_DEMO_CH_PAID_SOCIAL, true },
    { "li-lead-gen-form", HO_DEMO_CH_PAID_SOCIAL, false },
    { "meta-retargeting", HO_DEMO_CH_PAID_SOCIAL, false },
    { "newsletter", HO_DEMO_CH_EMAIL, true },
    { "webinar", HO_DEMO_CH_WEBINAR, true },
    { "revops-summit", HO_DEMO_CH_EVENT, false },
    { "saas-connect", HO_DEMO_CH_EVENT, false },
    { "local-meetup", HO_DEMO_CH_EVENT, true },
    { "partner-marketplace", HO_DEMO_CH_PARTNER, false },
    { "partner-agency-northstar", HO_DEMO_CH_PARTNER, false },
    { "g2-reviews", HO_DEMO_CH_REFERRAL, false },
    { "customer-referral", HO_DEMO_CH_REFERRAL, false },
    { "outbound-icp-sequence", HO_DEMO_CH_OUTBOUND, false },
};
#define CAMPAIGN_NEWSLETTER 7u
#define CAMPAIGN_WEBINAR    8u
#define CAMPAIGN_OUTBOUND   16u

const char *
ho_demo_ev_name(enum ho_demo_ev t)
{
    return ev_names[t];
}

const char *
ho_demo_ch_name(enum ho_demo_ch c)
{
    return ch_names[c];
}

const char *
ho_demo_form_name(enum ho_demo_form f)
{
    return form_names[f];
}

const char *
ho_demo_reason_name(enum ho_demo_reason r)
{
    return reason_names[r];
}

bool
ho_demo_reason_is_nurture(enum ho_demo_reason r)
{
    return r != HO_DEMO_REASON_NOT_ICP && r != HO_DEMO_REASON_WRONG_SIZE &&
           r != HO_DEMO_REASON_BAD_DATA;
}

const char *
ho_demo_path_name(uint32_t path)
{
    if (path < HO_DEMO_PATH_BLOG0)
        return fixed_paths[path];
    return blog_paths[(path - HO_DEMO_PATH_BLOG0) % HO_ARRAY_LEN(blog_paths)];
}

uint32_t
ho_demo_n_blog(void)
{
    return (uint32_t)HO_ARRAY_LEN(blog_paths);
}

/* ---- titles ------------------------------------------------------------ */

static bool
is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int
lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Does needle (lowercase) occur in s as a whole word, ignoring case? */
static bool
has_word(const char *s, const char *needle)
{
    size_t n = strlen(s);
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && lower((unsigned char)s[i + k]) == (unsigned char)needle[k])
            k++;
        if (k < m)
            continue;
        bool left = i == 0 || !is_word_char(s[i - 1]);
        bool right = i + m == n || !is_word_char(s[i + m]);
        if (left && right)
            return true;
    }
    return false;
}

uint32_t
ho_demo_n_titles(void)
{
    return (uint32_t)HO_ARRAY_LEN(titles);
}

const char *
ho_demo_title(uint32_t i)
{
    return titles[i].text;
}

bool
ho_demo_title_senior(uint32_t i)
{
    static const char *const words[] = { "vp", "vice president", "director", "cro", "head of" };
    for (size_t k = 0; k < HO_ARRAY_LEN(words); k++) {
        if (has_word(titles[i].text, words[k]))
            return true;
    }
    return false;
}

uint32_t
ho_demo_pick_title(struct ho_demo_rng *r, bool student)
{
    double w[HO_ARRAY_LEN(titles)];
    for (size_t i = 0; i < HO_ARRAY_LEN(titles); i++)
        w[i] = titles[i].student == student ? titles[i].weight : 0.0;
    return (uint32_t)ho_demo_rng_pick(r, w, HO_ARRAY_LEN(titles));
}

/* ---- firmographics ----------------------------------------------------- */

static uint32_t
pick_weighted(struct ho_demo_rng *r, const struct weighted *t, size_t n)
{
    double w[16];
    HO_ASSERT(n <= HO_ARRAY_LEN(w));
    for (size_t i = 0; i < n; i++)
        w[i] = t[i].weight;
    return (uint32_t)ho_demo_rng_pick(r, w, n);
}

const char *
ho_demo_industry(uint32_t i)
{
    return industries[i].text;
}

uint32_t
ho_demo_pick_industry(struct ho_demo_rng *r)
{
    return pick_weighted(r, industries, HO_ARRAY_LEN(industries));
}

bool
ho_demo_industry_fit(uint32_t i)
{
    return i == 0 || i == 1; /* saas, software */
}

uint32_t
ho_demo_industry_education(void)
{
    return INDUSTRY_EDUCATION;
}

const char *
ho_demo_country(uint32_t i)
{
    return countries[i].text;
}

uint32_t
ho_demo_pick_country(struct ho_demo_rng *r)
{
    return pick_weighted(r, countries, HO_ARRAY_LEN(countries));
}

bool
ho_demo_country_fit(uint32_t i)
{
    return i == 0 || i == 1; /* US, CA */
}

/* ---- people, domains, reps --------------------------------------------- */

const char *
ho_demo_first_name(uint32_t i)
{
    return first_names[i];
}

const char *
ho_demo_last_name(uint32_t i)
{
    return last_names[i];
}

uint32_t
ho_demo_n_first_names(void)
{
    return (uint32_t)HO_ARRAY_LEN(first_names);
}

uint32_t
ho_demo_n_last_names(void)
{
    return (uint32_t)HO_ARRAY_LEN(last_names);
}

const char *
ho_demo_domain_word(uint32_t i)
{
    return domain_words[i];
}

uint32_t
ho_demo_n_domain_words(void)
{
    return (uint32_t)HO_ARRAY_LEN(domain_words);
}

const char *
ho_demo_tld(uint32_t i)
{
    return tlds[i];
}

uint32_t
ho_demo_n_tlds(void)
{
    return (uint32_t)HO_ARRAY_LEN(tlds);
}

const char *
ho_demo_rep(uint32_t i)
{
    return reps[i];
}

uint32_t
ho_demo_n_reps_smb(void)
{
    return N_REPS_SMB;
}

uint32_t
ho_demo_n_reps(void)
{
    return (uint32_t)HO_ARRAY_LEN(reps);
}

const char *
ho_demo_asset(uint32_t i)
{
    return assets[i];
}

uint32_t
ho_demo_n_assets(void)
{
    return (uint32_t)HO_ARRAY_LEN(assets);
}

const char *
ho_demo_via(uint32_t i)
{
    return vias[i];
}

const char *
ho_demo_timeline(uint32_t i)
{
    return timelines[i];
}

uint32_t
ho_demo_n_timelines(void)
{
    return (uint32_t)HO_ARRAY_LEN(timelines);
}

const char *
ho_demo_lost_reason(uint32_t i)
{
    return lost_reasons[i];
}

uint32_t
ho_demo_n_lost_reasons(void)
{
    return (uint32_t)HO_ARRAY_LEN(lost_reasons);
}

const char *
ho_demo_junk_email(uint32_t i)
{
    return junk_emails[i];
}

uint32_t
ho_demo_n_junk_emails(void)
{
    return (uint32_t)HO_ARRAY_LEN(junk_emails);
}

/* ---- campaigns --------------------------------------------------------- */

uint32_t
ho_demo_campaign_for(struct ho_demo_rng *r, enum ho_demo_ch c)
{
    uint32_t first = 0;
    uint32_t n = 0;
    for (uint32_t i = 1; i < HO_ARRAY_LEN(campaigns); i++) {
        if (campaigns[i].channel != c)
            continue;
        if (n == 0)
            first = i;
        n++;
    }
    return n == 0 ? 0 : first + ho_demo_rng_below(r, n);
}

uint32_t
ho_demo_campaign_newsletter(void)
{
    return CAMPAIGN_NEWSLETTER;
}

uint32_t
ho_demo_campaign_webinar(void)
{
    return CAMPAIGN_WEBINAR;
}

uint32_t
ho_demo_campaign_outbound(void)
{
    return CAMPAIGN_OUTBOUND;
}

const char *
ho_demo_campaign_name(uint32_t i, bool *monthly)
{
    *monthly = campaigns[i].monthly;
    return campaigns[i].name;
}
