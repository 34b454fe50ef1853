-- The ad warehouse's shared catalog: the ODS topic the layers read and
-- the topic window operators send late clicks to.
CREATE TABLE ods_clicks (
  click_id BIGINT,
  user_id  BIGINT,
  ad_id    INT,
  price    DECIMAL(10, 2),
  city     STRING,
  ts       TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'ods_clicks',
  'properties.bootstrap.servers' = 'kafka:9092',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'scan.watermark.late-rows-table' = 'late_clicks'
);

CREATE TABLE late_clicks (
  click_id BIGINT,
  ad_id    INT,
  ts       TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'late_clicks',
  'properties.bootstrap.servers' = 'kafka:9092',
  'format' = 'json'
);
