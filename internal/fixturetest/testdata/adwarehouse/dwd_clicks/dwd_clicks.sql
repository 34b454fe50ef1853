-- DWD: paid clicks with a known city, price in cents.
CREATE TABLE dwd_clicks (
  click_id    BIGINT,
  user_id     BIGINT,
  ad_id       INT,
  price_cents BIGINT,
  city        STRING,
  ts          TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'dwd_clicks',
  'properties.bootstrap.servers' = 'kafka:9092',
  'format' = 'json'
);

INSERT INTO dwd_clicks
SELECT click_id, user_id, ad_id, CAST(price * 100 AS BIGINT), UPPER(city), ts
FROM ods_clicks
WHERE price > 0 AND city IS NOT NULL;
