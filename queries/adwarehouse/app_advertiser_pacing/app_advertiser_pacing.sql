-- APP spend pacing: each advertiser's spend today against its daily
-- budget, updated with every charge (an updating aggregate joined to the
-- budget dimension, written to upsert-kafka keyed by advertiser and day).
-- pacing = spend / budget: above 1.0 the advertiser is over budget.
-- last_charge_id names the charge behind the latest update. A day's
-- state is kept two days (STATE_TTL); the budgets are kept for good.

INSERT INTO app_advertiser_pacing
SELECT /*+ STATE_TTL('s' = '2 d') */ s.advertiser_id, s.`day`, s.charges, s.spend, b.daily_budget,
  CAST(s.spend AS DOUBLE) / CAST(b.daily_budget AS DOUBLE) AS pacing,
  s.last_charge_id
FROM (
  SELECT /*+ STATE_TTL('dwd_ad_charges' = '2 d') */
    advertiser_id, DATE_FORMAT(ts, 'yyyy-MM-dd') AS `day`,
    COUNT(*) AS charges, SUM(amount) AS spend, LAST_VALUE(charge_id) AS last_charge_id
  FROM dwd_ad_charges
  GROUP BY advertiser_id, DATE_FORMAT(ts, 'yyyy-MM-dd')
) AS s
LEFT JOIN dim_advertiser_budget AS b ON s.advertiser_id = b.advertiser_id;
