/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/notify/test_notify_payload.c - Standard Webhooks signatures and
 * the alert bodies.  The signatures were computed independently with
 * Python's hmac module (base64.b64encode(hmac.new(b64decode(secret),
 * f"{id}.{ts}.{body}".encode(), sha256).digest())); the first is also the
 * example vector of the Standard Webhooks spec.  Bodies are compared with
 * the exact JSON worked out by hand from the alert.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/defs.h"
#include "notify/payload.h"
#include "notify/sign.h"

static void
test_signature_matches_the_spec_vector(void **state)
{
    (void)state;
    char sig[HO_SIGNATURE_LEN];
    const char *body = "{\"test\": 2432232314}";
    assert_int_equal(ho_webhook_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                     "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, strlen(body),
                                     sig),
                     HO_OK);
    assert_string_equal(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

static void
test_signature_with_a_padded_32_byte_key(void **state)
{
    (void)state;
    char sig[HO_SIGNATURE_LEN];
    const char *body = "{\"type\":\"lead.mql\"}";
    /* key bytes 0..31 */
    assert_int_equal(ho_webhook_sign("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                                     "alert_1", 1700000000, body, strlen(body), sig),
                     HO_OK);
    assert_string_equal(sig, "v1,U3Iq8OsYJNIeRFaQoV5FKi0T72b7EMHGatS8IL9898s=");
}

static void
test_bad_secrets_are_refused(void **state)
{
    (void)state;
    char sig[HO_SIGNATURE_LEN];
    static const char *const bad[] = { "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_", "whsec_abc",
                                       "whsec_!!!!", NULL };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(ho_webhook_sign(bad[i], "id", 1, "x", 1, sig), HO_EINVAL);
        assert_string_equal(sig, "");
    }
}

static void
test_webhook_body_of_an_mql(void **state)
{
    (void)state;
    static const char *const rules[] = { "demo_request", "senior_title" };
    struct ho_alert a = { 0 };
    a.id = "al_1";
    a.kind = HO_ALERT_MQL;
    a.lead_id = "lead-7";
    a.at_ms = 1772444400000LL; /* 2026-03-02T09:40:00Z */
    a.rep_id = "sam";
    a.stage_from = "lead";
    a.stage_to = "mql";
    a.score = 60;
    a.fit = 20;
    a.behavior = 40;
    a.criterion = "min_score";
    a.top_rules = rules;
    a.n_top_rules = 2;
    struct ho_buf b;
    ho_buf_init(&b);
    ho_alert_webhook_body(&a, &b);
    assert_string_equal(ho_buf_cstr(&b),
                        "{\"type\":\"lead.mql\",\"timestamp\":\"2026-03-02T09:40:00Z\",\"id\":"
                        "\"al_1\",\"data\":{\"lead_id\":\"lead-7\",\"rep\":\"sam\",\"at\":\"2026-"
                        "03-02T09:40:00Z\",\"from\":\"lead\",\"to\":\"mql\",\"score\":60.0,\"fit\":"
                        "20.0,\"behavior\":40.0,\"criterion\":\"min_score\",\"top_rules\":[\"demo_"
                        "request\",\"senior_title\"]}}");
    ho_buf_release(&b);
}

static void
test_slack_body_of_a_breach_in_the_reps_zone(void **state)
{
    (void)state;
    /* a zone one hour east of UTC throughout */
    int64_t at[] = { INT64_MIN };
    int32_t off[] = { 3600 };
    struct ho_tz tz = { "Test/Plus1", at, off, 1 };
    struct ho_alert a = { 0 };
    a.id = "al_2";
    a.kind = HO_ALERT_SLA_BREACHED;
    a.lead_id = "a&b";
    a.at_ms = 1772444400000LL;
    a.rep_id = "sam";
    a.rep_slack_id = "U0123ABCD";
    a.rep_tz = &tz;
    a.sla_name = "first_touch";
    a.deadline_ms = 1772444400000LL; /* 09:40Z = 10:40 local */
    a.link_base = "https://ho.example";
    struct ho_buf b;
    ho_buf_init(&b);
    ho_alert_slack_body(&a, &b);
    assert_string_equal(
        ho_buf_cstr(&b),
        "{\"text\":\"SLA breached: a&amp;b for <@U0123ABCD>\",\"blocks\":[{\"type\":\"section\","
        "\"text\":{\"type\":\"mrkdwn\",\"text\":\"SLA breached: a&amp;b for <@U0123ABCD>\"}},"
        "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*SLA* first_touch — "
        "*deadline* 2026-03-02 10:40 (UTC+01:00)\\n<https://ho.example/v1/leads/a%26b|Open the "
        "lead>\"}}]}");
    ho_buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signature_matches_the_spec_vector),
        cmocka_unit_test(test_signature_with_a_padded_32_byte_key),
        cmocka_unit_test(test_bad_secrets_are_refused),
        cmocka_unit_test(test_webhook_body_of_an_mql),
        cmocka_unit_test(test_slack_body_of_a_breach_in_the_reps_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
