-- Pipeline figures over the stored journeys table: qualified pipeline, win
-- rate, average deal, average cycle (the core of `handoff report pipeline`).
SELECT sum(amount) FILTER (WHERE at_mql IS NOT NULL) AS qualified_pipeline,
       1.0 * count(at_customer) / nullif(count(at_customer) + count(at_closed_lost), 0) AS win_rate,
       avg(amount) FILTER (WHERE at_customer IS NOT NULL) AS avg_deal,
       avg((at_customer - at_opportunity) / 86400000.0) AS avg_cycle_days
FROM journeys;
