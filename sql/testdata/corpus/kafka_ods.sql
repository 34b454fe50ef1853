-- statements: 7
-- ODS layer: raw user behaviour events from Kafka, with event-time
-- watermarks and Kafka metadata columns.

SET 'pipeline.name' = 'ods_user_behavior';
SET 'table.exec.source.idle-timeout' = '30 s';
SET table.local-time-zone = 'UTC';

CREATE TABLE ods_user_behavior (
  user_id      BIGINT,
  item_id      BIGINT,
  category_id  INT,
  behavior     STRING COMMENT 'pv, buy, cart or fav',
  ts           TIMESTAMP(3),
  `partition`  INT METADATA VIRTUAL,
  `offset`     BIGINT METADATA VIRTUAL,
  kafka_ts     TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  proc_time    AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) COMMENT 'raw behaviour events' WITH (
  'connector' = 'kafka',
  'topic' = 'user_behavior',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'ods_user_behavior',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE dwd_user_behavior (
  user_id     BIGINT,
  item_id     BIGINT,
  category_id INT,
  behavior    STRING,
  ts          TIMESTAMP(3),
  dt          STRING,
  hr          STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'dwd_user_behavior',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json',
  'sink.delivery-guarantee' = 'at-least-once'
);

INSERT INTO dwd_user_behavior
SELECT
  user_id,
  item_id,
  category_id,
  LOWER(TRIM(behavior)) AS behavior,
  ts,
  DATE_FORMAT(ts, 'yyyy-MM-dd') AS dt,
  DATE_FORMAT(ts, 'HH') AS hr
FROM ods_user_behavior
WHERE behavior IS NOT NULL
  AND user_id > 0;

-- A second source with a TIMESTAMP_LTZ rowtime computed from epoch millis.
CREATE TABLE ods_orders (
  order_id    STRING,
  user_id     BIGINT,
  amount      DECIMAL(12, 2),
  status      STRING,
  order_ms    BIGINT,
  order_time  AS TO_TIMESTAMP_LTZ(order_ms, 3),
  WATERMARK FOR order_time AS order_time - INTERVAL '2' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'earliest',
  'value.format' = 'json',
  'value.fields-include' = 'ALL'
);
