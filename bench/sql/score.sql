-- SPDX-License-Identifier: MIT
-- bench/sql/score.sql - the peers' "rebuild": every lead's state under the
-- example definitions (examples/definitions.yaml), in SQL that SQLite 3.40
-- and DuckDB both run unchanged.  Reads `ev` (see *_load_*.sql); writes
--   lead_fit      fit points and disqualifiers from the latest identify/group
--   lead_score    fit + behaviour at the lead's last event (decay 0.5^(age/30d),
--                 behaviour reset at the last nurture / nurture-reason reject /
--                 opportunity_lost, as the engine does)
--   lead_mql      the first moment the MQL definition held (fit+behaviour >= 50
--                 with fit >= 10, or demo_request + senior_title + size_50_500)
--   lead_channel  the first-touch channel
-- Simplifications, stated so the comparison stays honest: fit uses the
-- latest traits (the demo data sets them once, before any behaviour), only
-- the first MQL of a lead is found (no recycled journeys), no MQL expiry.
-- Decayed running sums use sum(p * 2^(t/30)) * 2^(-t/30), with t counted
-- from the first event so the exponent stays small.

DROP TABLE IF EXISTS lead_fit;
CREATE TABLE lead_fit AS
WITH ident AS (
    SELECT lead, senior, email,
           ROW_NUMBER() OVER (PARTITION BY lead ORDER BY t DESC, id DESC) AS rn
    FROM ev WHERE type = 'identify'),
grp AS (
    SELECT account, employees, industry, country, is_competitor,
           ROW_NUMBER() OVER (PARTITION BY account ORDER BY t DESC, id DESC) AS rn
    FROM ev WHERE type = 'group'),
per_lead AS (
    SELECT lead, MAX(account) AS account, MAX(t) AS last_t,
           MAX(CASE WHEN type IN ('nurture', 'opportunity_lost')
                      OR (type = 'sales_reject'
                          AND reason NOT IN ('not_icp', 'wrong_size', 'bad_data'))
                    THEN t END) AS reset_t
    FROM ev GROUP BY lead)
SELECT p.lead, p.account, p.last_t, p.reset_t,
       CASE WHEN i.senior = 1 THEN 1 ELSE 0 END AS senior,
       CASE WHEN g.employees BETWEEN 50 AND 500 THEN 1 ELSE 0 END AS size_ok,
       (CASE WHEN i.senior = 1 THEN 10 ELSE 0 END)
     + (CASE WHEN g.employees BETWEEN 50 AND 500 THEN 10 ELSE 0 END)
     + (CASE WHEN g.industry IN ('saas', 'software') THEN 10 ELSE 0 END)
     + (CASE WHEN g.country IN ('US', 'CA') THEN 5 ELSE 0 END) AS fit,
       CASE WHEN i.email LIKE '%.edu' OR g.is_competitor = 1 THEN 1 ELSE 0 END AS disqualified
FROM per_lead p
LEFT JOIN ident i ON i.lead = p.lead AND i.rn = 1
LEFT JOIN grp g ON g.account = p.account AND g.rn = 1;

DROP TABLE IF EXISTS lead_score;
CREATE TABLE lead_score AS
WITH b AS (
    SELECT f.lead,
           SUM(CASE WHEN e.type = 'form_submit' AND e.form = 'demo'
                    THEN 30 * pow(0.5, (f.last_t - e.t) / 30.0) ELSE 0 END) AS demo,
           SUM(CASE WHEN e.type = 'email_open'
                    THEN pow(0.5, (f.last_t - e.t) / 30.0) ELSE 0 END) AS email,
           SUM(CASE WHEN e.type = 'page_view' AND e.path LIKE '/careers%'
                    THEN -15 * pow(0.5, (f.last_t - e.t) / 30.0) ELSE 0 END) AS careers,
           SUM(CASE WHEN e.type = 'page_view' AND e.path LIKE '/pricing%'
                     AND e.t >= f.last_t - 30 THEN 1 ELSE 0 END) AS pricing_30d,
           MAX(CASE WHEN e.type = 'page_view' AND e.path LIKE '/pricing%' THEN e.t END)
               AS last_pricing
    FROM lead_fit f JOIN ev e ON e.lead = f.lead
    WHERE e.type IN ('form_submit', 'email_open', 'page_view')
      AND (f.reset_t IS NULL OR e.t > f.reset_t)
    GROUP BY f.lead)
SELECT f.lead, f.fit, f.disqualified,
       COALESCE(CASE WHEN b.demo > 30 THEN 30 ELSE b.demo END, 0)
     + COALESCE(CASE WHEN b.email > 5 THEN 5 ELSE b.email END, 0)
     + COALESCE(CASE WHEN b.careers < -15 THEN -15 ELSE b.careers END, 0)
     + CASE WHEN b.pricing_30d >= 2 THEN 15 * pow(0.5, (f.last_t - b.last_pricing) / 30.0)
            ELSE 0 END AS behaviour
FROM lead_fit f LEFT JOIN b ON b.lead = f.lead;

DROP TABLE IF EXISTS lead_mql;
CREATE TABLE lead_mql AS
WITH base AS (SELECT MIN(t) AS t0 FROM ev),
cand AS (
    SELECT e.lead, e.id, e.t, e.month,
           CASE WHEN e.type = 'form_submit' THEN 30 * pow(2.0, (e.t - base.t0) / 30.0)
                ELSE 0 END AS demo_w,
           CASE WHEN e.type = 'email_open' THEN pow(2.0, (e.t - base.t0) / 30.0)
                ELSE 0 END AS email_w,
           CASE WHEN e.type = 'page_view' AND e.path LIKE '/careers%'
                THEN -15 * pow(2.0, (e.t - base.t0) / 30.0) ELSE 0 END AS careers_w,
           CASE WHEN e.type = 'page_view' AND e.path LIKE '/pricing%' THEN 1 ELSE 0 END
               AS is_pricing,
           base.t0
    FROM ev e CROSS JOIN base
    WHERE e.type = 'email_open'
       OR (e.type = 'form_submit' AND e.form = 'demo')
       OR (e.type = 'page_view' AND (e.path LIKE '/pricing%' OR e.path LIKE '/careers%'))),
run AS (
    SELECT lead, t, month, t0,
           SUM(demo_w) OVER w AS demo_s,
           SUM(email_w) OVER w AS email_s,
           SUM(careers_w) OVER w AS careers_s,
           MAX(CASE WHEN is_pricing = 1 THEN t END) OVER w AS last_pricing,
           SUM(is_pricing) OVER (PARTITION BY lead ORDER BY t
                                 RANGE BETWEEN 30 PRECEDING AND CURRENT ROW) AS pricing_30d
    FROM cand
    WINDOW w AS (PARTITION BY lead ORDER BY t, id ROWS UNBOUNDED PRECEDING)),
scored AS (
    SELECT r.lead, r.t, r.month, f.fit, f.senior, f.size_ok, f.disqualified,
           r.demo_s * pow(2.0, -(r.t - r.t0) / 30.0) AS demo,
           r.email_s * pow(2.0, -(r.t - r.t0) / 30.0) AS email,
           r.careers_s * pow(2.0, -(r.t - r.t0) / 30.0) AS careers,
           CASE WHEN r.pricing_30d >= 2 THEN 15 * pow(0.5, (r.t - r.last_pricing) / 30.0)
                ELSE 0 END AS pricing
    FROM run r JOIN lead_fit f ON f.lead = r.lead)
SELECT lead, MIN(t) AS mql_t, MIN(month) AS cohort
FROM scored
WHERE disqualified = 0
  AND ((fit >= 10
        AND fit + (CASE WHEN demo > 30 THEN 30 ELSE demo END)
                + (CASE WHEN email > 5 THEN 5 ELSE email END)
                + (CASE WHEN careers < -15 THEN -15 ELSE careers END)
                + pricing >= 50)
       OR (demo > 0 AND senior = 1 AND size_ok = 1))
GROUP BY lead;

DROP TABLE IF EXISTS lead_channel;
CREATE TABLE lead_channel AS
SELECT lead, channel
FROM (SELECT lead, channel, ROW_NUMBER() OVER (PARTITION BY lead ORDER BY t, id) AS rn
      FROM ev WHERE channel IS NOT NULL) x
WHERE rn = 1;
