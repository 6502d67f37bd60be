-- SPDX-License-Identifier: MIT
-- bench/sql/sqlite_load_csv.sql - load the demo CSV into SQLite and type it
-- into the table `ev` that score.sql and funnel.sql read.  Run by
-- bench/run.sh with @CSV@ replaced by the file name:
--   sqlite3 -bail DB < sqlite_load_csv.sql
-- The senior-title flag uses the sqlite3 shell's built-in REGEXP with the
-- example definitions' pattern (lower-cased: the shell's REGEXP has no
-- case-insensitive flag).
.bail on
.mode csv
.import --csv @CSV@ raw
CREATE TABLE ev AS
SELECT id,
       ts,
       julianday(ts) - 2440587.5 AS t,            -- days since 1970-01-01
       substr(ts, 1, 7) AS month,
       type,
       lead,
       account,
       COALESCE(NULLIF(channel, ''),
                CASE "props.utm_medium" WHEN 'cpc' THEN 'paid_search' WHEN 'ppc' THEN 'paid_search'
                                        WHEN 'email' THEN 'email' END) AS channel,
       NULLIF("props.path", '') AS path,
       NULLIF("props.form", '') AS form,
       NULLIF("props.reason", '') AS reason,
       NULLIF("traits.title", '') AS title,
       NULLIF("traits.email", '') AS email,
       CAST(NULLIF("traits.employees", '') AS INTEGER) AS employees,
       NULLIF("traits.industry", '') AS industry,
       NULLIF("traits.country", '') AS country,
       CASE "traits.is_competitor" WHEN 'true' THEN 1 WHEN 'false' THEN 0 END AS is_competitor,
       CASE WHEN lower("traits.title") REGEXP '\b(vp|vice president|director|cro|head of)\b'
            THEN 1 ELSE 0 END AS senior
FROM raw;
DROP TABLE raw;
CREATE INDEX ev_lead ON ev(lead, t);
