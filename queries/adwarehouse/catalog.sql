-- The advertising warehouse of a local-services marketplace: the shared
-- catalog every layer loads first.
--
-- Layers, each a directory with its SQL, fixtures and expectations:
--   ODS  raw Kafka topics as the ad servers write them (this file)
--   DWD  dwd_shows, dwd_clicks, dwd_charges: validated, de-duplicated
--        events; clicks attributed to their show, charges to their click
--   DWS  dws_ad_minute, dws_campaign_cumulative: per-minute and running
--        hourly statistics
--   APP  app_top_campaigns, app_advertiser_pacing: serving tables
--
-- DWD topics are keyed by event id, so records spread over every
-- partition and each id stays on one. Their watermarks allow 15 s of
-- disorder, more than the raw topics' 5 s: a DWD join emits a click when
-- its impression arrives, which can be up to the raw disorder of both
-- streams after the click's own time. Every Kafka table names the same
-- brokers; `streamsql run
-- --bootstrap-servers HOST:PORT` (and `streamsql demo`) point them all at
-- another cluster without editing this file.

-- ---------------------------------------------------------------- ODS --

-- An impression: an ad was shown to a user in a city. Malformed records
-- are skipped and counted; an event more than 5 s behind the newest one is
-- late for event-time operators.
CREATE TABLE ods_ad_shows (
  show_id       STRING,
  ad_id         BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  city          STRING,
  user_id       STRING,
  ts            TIMESTAMP(3),
  pt AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) COMMENT 'ad impressions as the ad servers log them' WITH (
  'connector' = 'kafka',
  'topic' = 'ad_shows',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'adwarehouse',
  'scan.startup.mode' = 'earliest-offset',
  'scan.watermark.idle-timeout' = '10 s',
  -- one group: a catch-up keeps ODS and DWD reads within 5 s, so DWD joins emit within the 15 s watermark delay
  'scan.watermark.alignment.max-drift' = '5 s',
  'scan.watermark.alignment.group' = 'adwarehouse',
  'scan.watermark.alignment.update-interval' = '100 ms',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- A click on a shown ad; show_id names the impression it came from.
CREATE TABLE ods_ad_clicks (
  click_id      STRING,
  show_id       STRING,
  ad_id         BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  city          STRING,
  user_id       STRING,
  ts            TIMESTAMP(3),
  pt AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) COMMENT 'ad clicks' WITH (
  'connector' = 'kafka',
  'topic' = 'ad_clicks',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'adwarehouse',
  'scan.startup.mode' = 'earliest-offset',
  'scan.watermark.idle-timeout' = '10 s',
  -- one group: a catch-up keeps ODS and DWD reads within 5 s, so DWD joins emit within the 15 s watermark delay
  'scan.watermark.alignment.max-drift' = '5 s',
  'scan.watermark.alignment.group' = 'adwarehouse',
  'scan.watermark.alignment.update-interval' = '100 ms',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- Cash flow: the advertiser is charged its bid for a click (cost per
-- click).
CREATE TABLE ods_ad_charges (
  charge_id     STRING,
  click_id      STRING,
  advertiser_id BIGINT,
  campaign_id   BIGINT,
  amount        DECIMAL(10, 2),
  ts            TIMESTAMP(3),
  pt AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) COMMENT 'cost-per-click charges' WITH (
  'connector' = 'kafka',
  'topic' = 'ad_charges',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'adwarehouse',
  'scan.startup.mode' = 'earliest-offset',
  'scan.watermark.idle-timeout' = '10 s',
  -- one group: a catch-up keeps ODS and DWD reads within 5 s, so DWD joins emit within the 15 s watermark delay
  'scan.watermark.alignment.max-drift' = '5 s',
  'scan.watermark.alignment.group' = 'adwarehouse',
  'scan.watermark.alignment.update-interval' = '100 ms',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- Advertisers' daily budgets, a small dimension kept in a file.
CREATE TABLE dim_advertiser_budget (
  advertiser_id BIGINT,
  daily_budget  DECIMAL(12, 2)
) COMMENT 'daily budget per advertiser' WITH (
  'connector' = 'filesystem',
  'path' = 'queries/adwarehouse/data/advertiser_budget.jsonl',
  'format' = 'json'
);

-- ---------------------------------------------------------------- DWD --

-- Valid impressions, each once.
CREATE TABLE dwd_ad_shows (
  show_id       STRING,
  ad_id         BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  city          STRING,
  user_id       STRING,
  ts            TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '15' SECOND
) COMMENT 'de-duplicated impressions' WITH (
  'connector' = 'kafka',
  'topic' = 'dwd_ad_shows',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'adwarehouse',
  'key.format' = 'json',
  'key.fields' = 'show_id',
  'scan.startup.mode' = 'earliest-offset',
  'scan.watermark.idle-timeout' = '10 s',
  -- one group: a catch-up keeps ODS and DWD reads within 5 s, so DWD joins emit within the 15 s watermark delay
  'scan.watermark.alignment.max-drift' = '5 s',
  'scan.watermark.alignment.group' = 'adwarehouse',
  'scan.watermark.alignment.update-interval' = '100 ms',
  'format' = 'json'
);

-- Valid clicks, each once, with the impression they are attributed to
-- (the same show_id, at most 10 minutes before the click).
CREATE TABLE dwd_ad_clicks (
  click_id      STRING,
  show_id       STRING,
  ad_id         BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  city          STRING,
  user_id       STRING,
  show_ts       TIMESTAMP(3),
  ts            TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '15' SECOND
) COMMENT 'de-duplicated clicks attributed to their impression' WITH (
  'connector' = 'kafka',
  'topic' = 'dwd_ad_clicks',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'adwarehouse',
  'key.format' = 'json',
  'key.fields' = 'click_id',
  'scan.startup.mode' = 'earliest-offset',
  'scan.watermark.idle-timeout' = '10 s',
  -- one group: a catch-up keeps ODS and DWD reads within 5 s, so DWD joins emit within the 15 s watermark delay
  'scan.watermark.alignment.max-drift' = '5 s',
  'scan.watermark.alignment.group' = 'adwarehouse',
  'scan.watermark.alignment.update-interval' = '100 ms',
  'format' = 'json'
);

-- Valid charges, each once, joined to their click (at most a minute
-- before the charge).
CREATE TABLE dwd_ad_charges (
  charge_id     STRING,
  click_id      STRING,
  ad_id         BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  city          STRING,
  amount        DECIMAL(10, 2),
  click_ts      TIMESTAMP(3),
  ts            TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '15' SECOND
) COMMENT 'de-duplicated charges joined to their click' WITH (
  'connector' = 'kafka',
  'topic' = 'dwd_ad_charges',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'adwarehouse',
  'key.format' = 'json',
  'key.fields' = 'charge_id',
  'scan.startup.mode' = 'earliest-offset',
  'scan.watermark.idle-timeout' = '10 s',
  -- one group: a catch-up keeps ODS and DWD reads within 5 s, so DWD joins emit within the 15 s watermark delay
  'scan.watermark.alignment.max-drift' = '5 s',
  'scan.watermark.alignment.group' = 'adwarehouse',
  'scan.watermark.alignment.update-interval' = '100 ms',
  'format' = 'json'
);

-- Events that failed validation (a missing id or dimension, a
-- non-positive amount), with the reason; malformed JSON never gets this
-- far: it is skipped and counted by the ODS tables.
CREATE TABLE dwd_bad_events (
  source   STRING,
  event_id STRING,
  reason   STRING,
  ts       TIMESTAMP(3)
) COMMENT 'rejected events, for data-quality monitoring' WITH (
  'connector' = 'kafka',
  'topic' = 'dwd_bad_events',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json'
);

-- ---------------------------------------------------------------- DWS --

-- Per minute, ad and city: impressions, clicks, click-through rate and
-- spend.
CREATE TABLE dws_ad_minute (
  window_start  TIMESTAMP(3),
  window_end    TIMESTAMP(3),
  ad_id         BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  city          STRING,
  shows         BIGINT,
  clicks        BIGINT,
  ctr           DOUBLE,
  spend         DECIMAL(38, 2)
) COMMENT 'per-minute ad statistics by city' WITH (
  'connector' = 'kafka',
  'topic' = 'dws_ad_minute',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json'
);

-- Running totals per campaign within each hour, refreshed every five
-- minutes.
CREATE TABLE dws_campaign_cumulative (
  window_start  TIMESTAMP(3),
  window_end    TIMESTAMP(3),
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  clicks        BIGINT,
  spend         DECIMAL(38, 2)
) COMMENT 'hour-to-date campaign totals, every minute' WITH (
  'connector' = 'kafka',
  'topic' = 'dws_campaign_cumulative',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json'
);

-- ---------------------------------------------------------------- APP --

-- The five campaigns that spent most in each minute, keyed by minute and
-- rank so a dashboard reads the current top list.
CREATE TABLE app_top_campaigns (
  window_start  TIMESTAMP(3),
  window_end    TIMESTAMP(3),
  rn            BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  clicks        BIGINT,
  spend         DECIMAL(38, 2),
  PRIMARY KEY (window_start, rn) NOT ENFORCED
) COMMENT 'top campaigns by spend per minute' WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'app_top_campaigns',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

-- The same ranking as JSON files, for the daily report.
CREATE TABLE app_top_campaigns_files (
  window_start  TIMESTAMP(3),
  window_end    TIMESTAMP(3),
  rn            BIGINT,
  campaign_id   BIGINT,
  advertiser_id BIGINT,
  clicks        BIGINT,
  spend         DECIMAL(38, 2)
) COMMENT 'top campaigns by spend per minute, as files' WITH (
  'connector' = 'filesystem',
  'path' = 'out/adwarehouse/app_top_campaigns',
  'format' = 'json'
);

-- Spend pacing: how much of its daily budget each advertiser has spent
-- today, updated with every charge.
CREATE TABLE app_advertiser_pacing (
  advertiser_id  BIGINT,
  day            STRING,
  charges        BIGINT,
  spend          DECIMAL(38, 2),
  daily_budget   DECIMAL(12, 2),
  pacing         DOUBLE,
  last_charge_id STRING,
  PRIMARY KEY (advertiser_id, day) NOT ENFORCED
) COMMENT 'spend against the daily budget per advertiser' WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'app_advertiser_pacing',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);
