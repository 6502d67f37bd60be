-- The funnel by cohort and channel over the stored journeys table (the same
-- figures as `handoff report funnel --by channel`): reached = started at or
-- before the stage and got at least as far.
WITH s(name, rank) AS (VALUES ('mql', 1), ('sal', 2), ('sql', 3), ('opportunity', 4),
                              ('customer', 5)),
j AS (SELECT strftime('%Y-%m', CASE first_stage WHEN 'mql' THEN at_mql WHEN 'sal' THEN at_sal
             WHEN 'sql' THEN at_sql WHEN 'opportunity' THEN at_opportunity ELSE at_customer END
             / 1000, 'unixepoch') AS cohort, channel,
             (SELECT rank FROM s WHERE name = first_stage) AS f,
             (SELECT rank FROM s WHERE name = furthest) AS r FROM journeys)
SELECT cohort, channel, sum(f <= 1 AND r >= 1) AS mql, sum(f <= 2 AND r >= 2) AS sal,
       sum(f <= 3 AND r >= 3) AS sql, sum(f <= 4 AND r >= 4) AS opportunity,
       sum(f <= 5 AND r >= 5) AS customer,
       round(100.0 * sum(f <= 1 AND r >= 3) / nullif(sum(f <= 1 AND r >= 1), 0), 2) AS mql_sql
FROM j GROUP BY cohort, channel ORDER BY cohort, channel;
