-- Quick start: a stateless ODS -> DWD layer over a bundled file.
--
-- ods_clicks reads raw ad clicks as JSON lines; two lines of the file are
-- malformed and are skipped and counted ('json.ignore-parse-errors').
-- dwd_clicks keeps paid clicks, normalises the city and prices in cents,
-- and writes JSON part files under out/quickstart/dwd_clicks. The same rows
-- are printed so you can watch them.

CREATE TABLE ods_clicks (
  click_id  BIGINT,
  user_id   BIGINT,
  ad_id     INT,
  price     DECIMAL(10, 2),
  city      STRING,
  ts        TIMESTAMP(3),
  minute_ts AS FLOOR(ts TO MINUTE),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'queries/quickstart/data/clicks.jsonl',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE dwd_clicks (
  click_id    BIGINT,
  user_id     BIGINT,
  ad_id       INT,
  price_cents BIGINT,
  city        STRING,
  minute_ts   TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/quickstart/dwd_clicks',
  'format' = 'json'
);

CREATE TABLE dwd_clicks_console (
  click_id    BIGINT,
  ad_id       INT,
  price_cents BIGINT,
  city        STRING,
  minute      STRING
) WITH ('connector' = 'print');

CREATE VIEW paid_clicks AS
SELECT click_id, user_id, ad_id,
       CAST(price * 100 AS BIGINT) AS price_cents,
       UPPER(COALESCE(city, 'unknown')) AS city,
       minute_ts
FROM ods_clicks
WHERE price > 0 AND user_id IS NOT NULL;

INSERT INTO dwd_clicks
SELECT click_id, user_id, ad_id, price_cents, city, minute_ts FROM paid_clicks;

INSERT INTO dwd_clicks_console
SELECT click_id, ad_id, price_cents, city, DATE_FORMAT(minute_ts, 'yyyy-MM-dd HH:mm')
FROM paid_clicks;
