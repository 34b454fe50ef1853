-- statements: 6
-- DWS layer: running per-user and per-category aggregates written to
-- upsert-kafka tables keyed by their primary key.

CREATE TABLE dwd_orders (
  order_id   STRING,
  user_id    BIGINT,
  category   STRING,
  amount     DECIMAL(12, 2),
  status     STRING,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'dwd_orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TABLE dws_user_orders (
  user_id       BIGINT,
  order_cnt     BIGINT,
  paid_amount   DECIMAL(18, 2),
  refund_cnt    BIGINT,
  last_order_at TIMESTAMP(3),
  PRIMARY KEY (user_id) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'dws_user_orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

CREATE TABLE dws_category_daily (
  dt          STRING,
  category    STRING,
  gmv         DECIMAL(18, 2),
  buyers      BIGINT,
  level_label STRING,
  CONSTRAINT pk_cat PRIMARY KEY (dt, category) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'dws_category_daily',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'csv',
  'value.format' = 'avro',
  'sink.buffer-flush.max-rows' = '1000',
  'sink.buffer-flush.interval' = '1s'
);

INSERT INTO dws_user_orders
SELECT
  user_id,
  COUNT(*) AS order_cnt,
  SUM(CASE WHEN status = 'PAID' THEN amount ELSE 0 END) AS paid_amount,
  COUNT(*) FILTER (WHERE status = 'REFUND') AS refund_cnt,
  MAX(order_time) AS last_order_at
FROM dwd_orders
GROUP BY user_id;

INSERT INTO dws_category_daily
SELECT
  DATE_FORMAT(order_time, 'yyyy-MM-dd') AS dt,
  COALESCE(category, 'unknown') AS category,
  SUM(amount) AS gmv,
  COUNT(DISTINCT user_id) AS buyers,
  CASE
    WHEN SUM(amount) >= 100000 THEN 'A'
    WHEN SUM(amount) >= 10000 THEN 'B'
    ELSE 'C'
  END AS level_label
FROM dwd_orders
WHERE status IN ('PAID', 'SHIPPED')
GROUP BY DATE_FORMAT(order_time, 'yyyy-MM-dd'), COALESCE(category, 'unknown')
HAVING SUM(amount) > 0;

-- Deduplicate the latest status per order (Flink's top-1 pattern).
SELECT order_id, status, order_time
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY order_time DESC) AS rn
  FROM dwd_orders
)
WHERE rn = 1;
