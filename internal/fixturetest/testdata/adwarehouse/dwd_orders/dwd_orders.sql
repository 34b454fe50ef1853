-- DWD: orders from a topic known to carry malformed records, which are
-- skipped and counted.
CREATE TABLE ods_orders (
  order_id BIGINT,
  user_id  BIGINT,
  amount   DECIMAL(12, 2),
  ts       TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'ods_orders',
  'properties.bootstrap.servers' = 'kafka:9092',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE dwd_orders (
  order_id BIGINT,
  user_id  BIGINT,
  amount   DECIMAL(12, 2),
  day      STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '/warehouse/dwd_orders',
  'format' = 'json'
);

INSERT INTO dwd_orders
SELECT order_id, user_id, amount, DATE_FORMAT(ts, 'yyyy-MM-dd')
FROM ods_orders
WHERE amount IS NOT NULL;
