-- Dispositions: closed journeys by reason, top first.
SELECT reason, last_stage, count(*) AS n FROM journeys
WHERE closed = 1 AND last_stage IN ('nurture', 'disqualified') AND reason IS NOT NULL
GROUP BY reason, last_stage ORDER BY n DESC;
