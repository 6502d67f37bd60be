-- SPDX-License-Identifier: MIT
-- bench/sql/funnel.sql - the peers' "report funnel": MQL journeys by cohort
-- (month of the MQL) and by first-touch channel, with the share that reached
-- SQL (sales_qualify, or an opportunity) after the MQL, opportunities and
-- wins.  Reads ev, lead_mql and lead_channel (score.sql); SQLite and DuckDB.
WITH j AS (
    SELECT m.lead, m.cohort, COALESCE(c.channel, 'other') AS channel,
           MAX(CASE WHEN e.type IS NOT NULL THEN 1 ELSE 0 END) AS reached_sql,
           MAX(CASE WHEN e.type IN ('opportunity_created', 'opportunity_won') THEN 1 ELSE 0 END)
               AS reached_opp,
           MAX(CASE WHEN e.type = 'opportunity_won' THEN 1 ELSE 0 END) AS won
    FROM lead_mql m
    LEFT JOIN lead_channel c ON c.lead = m.lead
    LEFT JOIN ev e ON e.lead = m.lead AND e.t > m.mql_t
                  AND e.type IN ('sales_qualify', 'opportunity_created', 'opportunity_won')
    GROUP BY m.lead, m.cohort, c.channel)
SELECT 'cohort' AS dim, cohort AS key, COUNT(*) AS mqls, SUM(reached_sql) AS sqls,
       SUM(reached_opp) AS opportunities, SUM(won) AS won,
       ROUND(100.0 * SUM(reached_sql) / COUNT(*), 1) AS mql_to_sql_pct
FROM j GROUP BY cohort
UNION ALL
SELECT 'channel', channel, COUNT(*), SUM(reached_sql), SUM(reached_opp), SUM(won),
       ROUND(100.0 * SUM(reached_sql) / COUNT(*), 1)
FROM j GROUP BY channel
UNION ALL
SELECT 'total', 'all', COUNT(*), SUM(reached_sql), SUM(reached_opp), SUM(won),
       ROUND(100.0 * SUM(reached_sql) / COUNT(*), 1)
FROM j
ORDER BY 1, 2;
