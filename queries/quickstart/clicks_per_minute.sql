-- Quick start, DWS layer: paid clicks per minute and city, on event time.
--
-- Reads the same bundled file as clicks_clean.sql (malformed lines are
-- skipped and counted) and emits one row per minute and city when the
-- watermark passes the end of the minute. Run it with
--   go run ./cmd/streamsql run queries/quickstart/clicks_per_minute.sql

CREATE TABLE ods_clicks (
  click_id BIGINT,
  user_id  BIGINT,
  ad_id    INT,
  price    DECIMAL(10, 2),
  city     STRING,
  ts       TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'queries/quickstart/data/clicks.jsonl',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE dws_city_minute (
  minute_start TIMESTAMP(3),
  city         STRING,
  clicks       BIGINT,
  spend        DECIMAL(38, 2),
  users        BIGINT
) WITH ('connector' = 'print', 'print-identifier' = 'dws');

INSERT INTO dws_city_minute
SELECT window_start, city, COUNT(*), SUM(price), COUNT(DISTINCT user_id)
FROM TABLE(TUMBLE(
  TABLE (SELECT click_id, user_id, price, UPPER(COALESCE(city, 'unknown')) AS city, ts
         FROM ods_clicks WHERE price > 0),
  DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, city;
