-- statements: 8
-- Interval joins, regular joins and a window join.

CREATE TABLE orders (
  order_id   STRING,
  product_id STRING,
  user_id    BIGINT,
  amount     DECIMAL(10, 2),
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json');

CREATE TABLE shipments (
  ship_id   STRING,
  order_id  STRING,
  carrier   STRING,
  ship_time TIMESTAMP(3),
  WATERMARK FOR ship_time AS ship_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'shipments', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json');

CREATE TABLE products (
  product_id STRING,
  name       STRING,
  category   STRING,
  PRIMARY KEY (product_id) NOT ENFORCED
) WITH ('connector' = 'upsert-kafka', 'topic' = 'products', 'properties.bootstrap.servers' = 'localhost:9092',
        'key.format' = 'raw', 'value.format' = 'json');

CREATE TABLE shipped_orders (
  order_id  STRING,
  carrier   STRING,
  hours     INT,
  ship_time TIMESTAMP(3)
) WITH ('connector' = 'print');

-- Interval join: shipments within four hours of the order.
INSERT INTO shipped_orders
SELECT o.order_id, s.carrier,
       TIMESTAMPDIFF(HOUR, o.order_time, s.ship_time) AS hours,
       s.ship_time
FROM orders o, shipments s
WHERE o.order_id = s.order_id
  AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;

-- The same with JOIN ... ON.
SELECT o.order_id, s.ship_id
FROM orders AS o
JOIN shipments AS s
  ON o.order_id = s.order_id
 AND s.ship_time >= o.order_time
 AND s.ship_time < o.order_time + INTERVAL '1' DAY;

-- Regular joins (updating results) with an outer join and a hint.
SELECT o.order_id, COALESCE(p.name, 'n/a') AS product, p.category, o.amount
FROM orders /*+ OPTIONS('scan.startup.mode' = 'latest-offset') */ AS o
LEFT JOIN products AS p ON o.product_id = p.product_id
WHERE o.amount > 10;

-- Window join: orders and shipments of the same 10-minute window.
SELECT L.order_id, L.window_start, L.window_end, R.ship_id
FROM (
  SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '10' MINUTES))
) L
FULL JOIN (
  SELECT * FROM TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ship_time), INTERVAL '10' MINUTES))
) R
ON L.order_id = R.order_id AND L.window_start = R.window_start AND L.window_end = R.window_end;
