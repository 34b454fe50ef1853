-- DWS: clicks and spend per ad and minute of event time. Clicks behind
-- the watermark go to late_clicks (see the catalog).
CREATE TABLE dws_ad_minute (
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  ad_id        INT,
  clicks       BIGINT,
  spend        DECIMAL(38, 2)
) WITH (
  'connector' = 'kafka',
  'topic' = 'dws_ad_minute',
  'properties.bootstrap.servers' = 'kafka:9092',
  'format' = 'json'
);

INSERT INTO dws_ad_minute
SELECT window_start, window_end, ad_id, COUNT(*), SUM(price)
FROM TABLE(TUMBLE(TABLE ods_clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, ad_id;
