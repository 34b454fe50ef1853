-- DWD clicks: valid clicks, each once, attributed to the impression they
-- came from.
--
-- Duplicates (same click_id) are dropped, keeping the first to arrive.
-- Attribution is an event-time interval join: the impression with the
-- click's show_id shown at most 10 minutes before the click. A click
-- whose impression never arrives within that bound is not attributed and
-- does not enter the DWD layer (the join counts rows that come too late).

INSERT INTO dwd_ad_clicks
SELECT c.click_id, c.show_id, s.ad_id, s.campaign_id, s.advertiser_id, s.city, c.user_id,
       s.ts AS show_ts, c.ts
FROM (
  SELECT /*+ STATE_TTL('ods_ad_clicks' = '30 min') */ *, ROW_NUMBER() OVER (PARTITION BY click_id ORDER BY pt) AS rn
  FROM ods_ad_clicks
  WHERE click_id IS NOT NULL AND show_id IS NOT NULL AND ts IS NOT NULL
) AS c
JOIN dwd_ad_shows AS s
  ON c.show_id = s.show_id
 AND c.ts BETWEEN s.ts AND s.ts + INTERVAL '10' MINUTE
WHERE c.rn = 1;

INSERT INTO dwd_bad_events
SELECT 'ad_clicks', click_id,
  CASE WHEN click_id IS NULL THEN 'missing click_id'
       WHEN show_id IS NULL THEN 'missing show_id'
       ELSE 'missing ts' END,
  ts
FROM ods_ad_clicks
WHERE click_id IS NULL OR show_id IS NULL OR ts IS NULL;
