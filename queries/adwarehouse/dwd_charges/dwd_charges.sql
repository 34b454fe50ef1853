-- DWD charges: valid charges, each once, joined to the click they bill.
--
-- A charge follows its click within a minute; the interval join brings
-- the click's ad and city along so later layers need no further join.
-- Charges with a non-positive amount or a missing id are rejected.

INSERT INTO dwd_ad_charges
SELECT g.charge_id, g.click_id, c.ad_id, c.campaign_id, c.advertiser_id, c.city,
       g.amount, c.ts AS click_ts, g.ts
FROM (
  SELECT /*+ STATE_TTL('ods_ad_charges' = '30 min') */ *, ROW_NUMBER() OVER (PARTITION BY charge_id ORDER BY pt) AS rn
  FROM ods_ad_charges
  WHERE charge_id IS NOT NULL AND click_id IS NOT NULL AND amount > 0 AND ts IS NOT NULL
) AS g
JOIN dwd_ad_clicks AS c
  ON g.click_id = c.click_id
 AND g.ts BETWEEN c.ts AND c.ts + INTERVAL '1' MINUTE
WHERE g.rn = 1;

INSERT INTO dwd_bad_events
SELECT 'ad_charges', charge_id,
  CASE WHEN charge_id IS NULL THEN 'missing charge_id'
       WHEN click_id IS NULL THEN 'missing click_id'
       WHEN ts IS NULL THEN 'missing ts'
       ELSE 'amount is not positive' END,
  ts
FROM ods_ad_charges
WHERE charge_id IS NULL OR click_id IS NULL OR ts IS NULL OR amount IS NULL OR amount <= 0;
