-- SPDX-License-Identifier: MIT
-- bench/sql/duckdb_load_jsonl.sql - load the demo JSON Lines into DuckDB and
-- type it into `ev`.  props and traits are read as JSON (their keys vary by
-- event type) and taken apart with ->>.  @JSONL@ is replaced by
-- bench/duckdb_peer.mjs.
CREATE OR REPLACE TEMP VIEW raw AS
SELECT * FROM read_json('@JSONL@', format = 'newline_delimited',
    columns = {id: 'VARCHAR', ts: 'VARCHAR', type: 'VARCHAR', lead: 'VARCHAR',
               account: 'VARCHAR', channel: 'VARCHAR', campaign: 'VARCHAR',
               props: 'JSON', traits: 'JSON'});
CREATE OR REPLACE TABLE ev AS
SELECT id,
       ts,
       epoch(strptime(ts, '%Y-%m-%dT%H:%M:%SZ')) / 86400.0 AS t,
       substr(ts, 1, 7) AS month,
       type,
       lead,
       account,
       COALESCE(channel,
                CASE props ->> '$.utm_medium' WHEN 'cpc' THEN 'paid_search'
                     WHEN 'ppc' THEN 'paid_search' WHEN 'email' THEN 'email' END) AS channel,
       props ->> '$.path' AS path,
       props ->> '$.form' AS form,
       props ->> '$.reason' AS reason,
       traits ->> '$.title' AS title,
       traits ->> '$.email' AS email,
       CAST(traits ->> '$.employees' AS INTEGER) AS employees,
       traits ->> '$.industry' AS industry,
       traits ->> '$.country' AS country,
       CASE traits ->> '$.is_competitor' WHEN 'true' THEN 1 WHEN 'false' THEN 0 END AS is_competitor,
       CASE WHEN regexp_matches(traits ->> '$.title', '\b(VP|Vice President|Director|CRO|Head of)\b', 'i')
            THEN 1 ELSE 0 END AS senior
FROM raw;
DROP VIEW raw;
