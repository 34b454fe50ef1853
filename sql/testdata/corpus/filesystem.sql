-- statements: 6
-- Filesystem sources and sinks: a CSV fixture in, JSON part files out.

CREATE TABLE page_views (
  view_id   BIGINT NOT NULL,
  user_id   BIGINT,
  page      VARCHAR(256),
  referrer  STRING,
  duration_ms INT,
  view_time TIMESTAMP(3),
  WATERMARK FOR view_time AS view_time - INTERVAL '10' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'file:///data/page_views.csv',
  'format' = 'csv',
  'csv.field-delimiter' = ',',
  'csv.ignore-parse-errors' = 'true',
  'csv.allow-comments' = 'true'
);

CREATE TABLE page_view_minutes (
  minute_start TIMESTAMP(3),
  page         STRING,
  views        BIGINT,
  avg_seconds  DOUBLE,
  bounce       BOOLEAN
) WITH (
  'connector' = 'filesystem',
  'path' = 'file:///out/page_view_minutes',
  'format' = 'json',
  'sink.rolling-policy.file-size' = '128MB',
  'sink.rolling-policy.rollover-interval' = '15 min'
);

CREATE TABLE console_out (
  page  STRING,
  label STRING,
  day   STRING
) WITH ('connector' = 'print', 'print-identifier' = 'pv');

INSERT INTO page_view_minutes
SELECT
  FLOOR(view_time TO MINUTE) AS minute_start,
  page,
  COUNT(*) AS views,
  AVG(CAST(duration_ms AS DOUBLE)) / 1000.0 AS avg_seconds,
  MAX(duration_ms) < 5000 AS bounce
FROM page_views
GROUP BY FLOOR(view_time TO MINUTE), page;

INSERT INTO console_out
SELECT
  page,
  IF(duration_ms > 30000, 'long', 'short') AS label,
  DATE_FORMAT(CEIL(view_time TO DAY), 'yyyy-MM-dd') AS day
FROM page_views
WHERE page LIKE '/product/%'
  AND referrer IS NOT NULL
  AND EXTRACT(HOUR FROM view_time) BETWEEN 8 AND 20;

EXPLAIN PLAN FOR
INSERT INTO console_out
SELECT page, CAST(user_id AS STRING), CAST(view_time AS STRING)
FROM page_views
WHERE CHAR_LENGTH(page) > 1;
