-- DWD impressions: keep valid impressions, each once.
--
-- The ad servers retry, so an impression can arrive twice with the same
-- show_id; the first copy to arrive wins (ROW_NUMBER over processing time,
-- which keeps the result append-only); ids are remembered for 30 minutes,
-- far longer than retries take. Impressions missing an id or a
-- dimension go to dwd_bad_events with the reason.

INSERT INTO dwd_ad_shows
SELECT show_id, ad_id, campaign_id, advertiser_id, city, user_id, ts
FROM (
  SELECT /*+ STATE_TTL('ods_ad_shows' = '30 min') */ *, ROW_NUMBER() OVER (PARTITION BY show_id ORDER BY pt) AS rn
  FROM ods_ad_shows
  WHERE show_id IS NOT NULL AND ad_id IS NOT NULL AND campaign_id IS NOT NULL
    AND advertiser_id IS NOT NULL AND city IS NOT NULL AND ts IS NOT NULL
)
WHERE rn = 1;

INSERT INTO dwd_bad_events
SELECT 'ad_shows', show_id,
  CASE WHEN show_id IS NULL THEN 'missing show_id'
       WHEN ts IS NULL THEN 'missing ts'
       ELSE 'missing ad, campaign, advertiser or city' END,
  ts
FROM ods_ad_shows
WHERE show_id IS NULL OR ad_id IS NULL OR campaign_id IS NULL
   OR advertiser_id IS NULL OR city IS NULL OR ts IS NULL;
