-- statements: 10
-- A datagen source with computed columns, views layered on it, and the
-- SQL-client statements a user types around them.

SET 'execution.runtime-mode' = 'streaming';
SET 'table.exec.state.ttl' = '1 h';

CREATE TEMPORARY TABLE trades (
  trade_id   BIGINT,
  symbol     STRING,
  price      DOUBLE,
  qty        INT,
  trade_time AS LOCALTIMESTAMP,
  notional   AS price * qty,
  WATERMARK FOR trade_time AS trade_time - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '100',
  'fields.trade_id.kind' = 'sequence',
  'fields.trade_id.start' = '1',
  'fields.trade_id.end' = '1000000',
  'fields.symbol.length' = '4',
  'fields.price.min' = '1',
  'fields.price.max' = '500',
  'fields.qty.min' = '1',
  'fields.qty.max' = '100'
);

CREATE VIEW big_trades AS
SELECT trade_id, symbol, price, qty, notional, trade_time
FROM trades
WHERE notional > 10000;

CREATE TEMPORARY VIEW IF NOT EXISTS symbol_stats (symbol, trades, max_price) AS
SELECT symbol, COUNT(*), MAX(price)
FROM big_trades
GROUP BY symbol;

SHOW TABLES;
SHOW VIEWS;
DESCRIBE trades;

EXPLAIN
SELECT symbol, trades FROM symbol_stats WHERE max_price > 100;

RESET 'table.exec.state.ttl';
