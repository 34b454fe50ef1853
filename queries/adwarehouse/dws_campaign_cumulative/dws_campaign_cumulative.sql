-- DWS hour-to-date campaign totals: charged clicks and spend per campaign
-- from the start of each hour, refreshed every five minutes (a CUMULATE window:
-- the rows for 10:00-10:05, 10:00-10:10, ... 10:00-11:00).

INSERT INTO dws_campaign_cumulative
SELECT window_start, window_end, campaign_id, advertiser_id,
  COUNT(*) AS clicks, SUM(amount) AS spend
FROM TABLE(CUMULATE(TABLE dwd_ad_charges, DESCRIPTOR(ts), INTERVAL '5' MINUTE, INTERVAL '1' HOUR))
GROUP BY window_start, window_end, campaign_id, advertiser_id;
