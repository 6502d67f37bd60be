-- SPDX-License-Identifier: MIT
-- bench/sql/sqlite_load_jsonl.sql - load the demo JSON Lines into SQLite
-- (one line per row, then the JSON1 functions) and type it into `ev`, the
-- same table sqlite_load_csv.sql builds.  @JSONL@ is replaced by run.sh.
.bail on
CREATE TABLE raw(j TEXT);
-- ASCII mode: no quoting, fields split on 0x1F (never in the data), rows on \n.
.mode ascii
.separator "\037" "\n"
.import @JSONL@ raw
CREATE TABLE ev AS
SELECT j ->> '$.id' AS id,
       j ->> '$.ts' AS ts,
       julianday(j ->> '$.ts') - 2440587.5 AS t,
       substr(j ->> '$.ts', 1, 7) AS month,
       j ->> '$.type' AS type,
       j ->> '$.lead' AS lead,
       j ->> '$.account' AS account,
       COALESCE(j ->> '$.channel',
                CASE j ->> '$.props.utm_medium' WHEN 'cpc' THEN 'paid_search'
                     WHEN 'ppc' THEN 'paid_search' WHEN 'email' THEN 'email' END) AS channel,
       j ->> '$.props.path' AS path,
       j ->> '$.props.form' AS form,
       j ->> '$.props.reason' AS reason,
       j ->> '$.traits.title' AS title,
       j ->> '$.traits.email' AS email,
       CAST(j ->> '$.traits.employees' AS INTEGER) AS employees,
       j ->> '$.traits.industry' AS industry,
       j ->> '$.traits.country' AS country,
       j ->> '$.traits.is_competitor' AS is_competitor,   -- JSON true/false -> 1/0
       CASE WHEN lower(j ->> '$.traits.title') REGEXP '\b(vp|vice president|director|cro|head of)\b'
            THEN 1 ELSE 0 END AS senior
FROM raw;
DROP TABLE raw;
CREATE INDEX ev_lead ON ev(lead, t);
