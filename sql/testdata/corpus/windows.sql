-- statements: 9
-- Windowed aggregation with Flink's window table functions.

CREATE TABLE bid (
  auction  BIGINT,
  bidder   BIGINT,
  price    BIGINT,
  channel  STRING,
  url      STRING,
  dateTime TIMESTAMP(3),
  extra    STRING,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'bid',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json'
);

CREATE TABLE window_out (
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  auction      BIGINT,
  bids         BIGINT,
  max_price    BIGINT
) WITH ('connector' = 'blackhole');

-- Tumbling windows of 10 seconds.
INSERT INTO window_out
SELECT window_start, window_end, auction, COUNT(*) AS bids, MAX(price) AS max_price
FROM TABLE(
  TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, auction;

-- Hopping windows: 5 minute slide, 10 minute size.
INSERT INTO window_out
SELECT window_start, window_end, auction, COUNT(*), MAX(price)
FROM TABLE(
  HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, auction;

-- Cumulating windows: step of one hour within a day.
SELECT window_start, window_end, SUM(price) AS total
FROM TABLE(
    CUMULATE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' HOUR, INTERVAL '1' DAY))
GROUP BY window_start, window_end;

-- Session windows per bidder with a 30 second gap.
SELECT window_start, window_end, bidder, COUNT(*) AS bids
FROM TABLE(
    SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '30' SECOND))
GROUP BY window_start, window_end, bidder;

-- Named arguments and an offset.
SELECT window_start, window_end, COUNT(*)
FROM TABLE(
  TUMBLE(
    DATA => TABLE bid,
    TIMECOL => DESCRIPTOR(dateTime),
    SIZE => INTERVAL '1' HOUR,
    OFFSET => INTERVAL '15' MINUTE))
GROUP BY window_start, window_end;

-- Window top-N: the three highest-priced auctions per window.
SELECT *
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM (
    SELECT window_start, window_end, auction, SUM(price) AS price
    FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end, auction
  )
)
WHERE rownum <= 3;

-- Cascaded windows: a one-minute window over the window_time of another.
CREATE VIEW minute_bids AS
SELECT window_start, window_end, window_time, auction, COUNT(*) AS cnt
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, auction;
