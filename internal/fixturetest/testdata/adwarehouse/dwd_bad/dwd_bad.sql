-- A layer with a typo in a column name: the test expects the SQL error.
CREATE TABLE dwd_bad (click_id BIGINT, user_id BIGINT) WITH ('connector' = 'blackhole');

INSERT INTO dwd_bad
SELECT click_id, usr_id FROM ods_clicks;
