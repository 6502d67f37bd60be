-- SPDX-License-Identifier: MIT
-- bench/sql/backtest_compare.sql - the sqlite3 peer's side of `handoff
-- backtest` (bench/backtest.sh): lead_mql of the active definitions was saved
-- as mql_active and that of the candidate (threshold +10) as mql_cand; this
-- counts MQLs per month on each side, the flips and, for each, whether sales
-- qualified the lead (the outcome), as the backtest report does.
DROP TABLE IF EXISTS bt_outcome;
CREATE TABLE bt_outcome AS
SELECT lead, MAX(type = 'sales_qualify') AS sql, MAX(type = 'opportunity_won') AS won
FROM ev WHERE type IN ('sales_qualify', 'opportunity_won') GROUP BY lead;

SELECT 'months', cohort, SUM(side = 'a'), SUM(side = 'c')
FROM (SELECT cohort, 'a' AS side FROM mql_active UNION ALL SELECT cohort, 'c' FROM mql_cand)
GROUP BY cohort ORDER BY cohort;

SELECT 'flips', COUNT(*), SUM(COALESCE(o.sql, 0)), SUM(COALESCE(o.won, 0))
FROM (SELECT lead FROM (SELECT lead FROM mql_active EXCEPT SELECT lead FROM mql_cand)
      UNION ALL
      SELECT lead FROM (SELECT lead FROM mql_cand EXCEPT SELECT lead FROM mql_active)) f
LEFT JOIN bt_outcome o ON o.lead = f.lead;

SELECT 'precision', side, SUM(COALESCE(o.sql, 0)), COUNT(*)
FROM (SELECT lead, 'a' AS side FROM mql_active UNION ALL SELECT lead, 'c' FROM mql_cand) m
LEFT JOIN bt_outcome o ON o.lead = m.lead GROUP BY side;
