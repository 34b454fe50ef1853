-- APP top campaigns: the five campaigns that spent most in each minute
-- (a window Top-N over per-minute spend), for the live dashboard
-- (upsert-kafka, keyed by minute and rank) and the daily report (files).
-- Equal spend is ranked by campaign id, so the list is stable.

CREATE TEMPORARY VIEW app_campaign_minute AS
SELECT window_start, window_end, campaign_id, advertiser_id,
  COUNT(*) AS clicks, SUM(amount) AS spend
FROM TABLE(TUMBLE(TABLE dwd_ad_charges, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, campaign_id, advertiser_id;

CREATE TEMPORARY VIEW app_top_campaign_rows AS
SELECT window_start, window_end, rn, campaign_id, advertiser_id, clicks, spend
FROM (
  SELECT *, ROW_NUMBER() OVER (
    PARTITION BY window_start, window_end ORDER BY spend DESC, campaign_id) AS rn
  FROM app_campaign_minute
)
WHERE rn <= 5;

INSERT INTO app_top_campaigns SELECT * FROM app_top_campaign_rows;

INSERT INTO app_top_campaigns_files SELECT * FROM app_top_campaign_rows;
