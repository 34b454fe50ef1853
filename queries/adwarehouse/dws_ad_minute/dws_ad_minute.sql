-- DWS per-minute ad statistics: impressions, clicks, click-through rate
-- and spend per ad and city, in one-minute event-time windows.
--
-- The three DWD streams are brought into one shape and windowed together,
-- so a minute's row is written once, when the watermark passes the end of
-- the minute. A minute with clicks but no impressions has a NULL
-- click-through rate.

CREATE TEMPORARY VIEW dws_ad_events AS
  SELECT ad_id, campaign_id, advertiser_id, city, 'show' AS kind, CAST(NULL AS DECIMAL(10, 2)) AS amount, ts
  FROM dwd_ad_shows
UNION ALL
  SELECT ad_id, campaign_id, advertiser_id, city, 'click', CAST(NULL AS DECIMAL(10, 2)), ts
  FROM dwd_ad_clicks
UNION ALL
  SELECT ad_id, campaign_id, advertiser_id, city, 'charge', amount, ts
  FROM dwd_ad_charges;

INSERT INTO dws_ad_minute
SELECT window_start, window_end, ad_id, campaign_id, advertiser_id, city,
  COUNT(*) FILTER (WHERE kind = 'show') AS shows,
  COUNT(*) FILTER (WHERE kind = 'click') AS clicks,
  CAST(COUNT(*) FILTER (WHERE kind = 'click') AS DOUBLE)
    / NULLIF(COUNT(*) FILTER (WHERE kind = 'show'), 0) AS ctr,
  COALESCE(SUM(amount), 0) AS spend
FROM TABLE(TUMBLE(TABLE dws_ad_events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, ad_id, campaign_id, advertiser_id, city;
