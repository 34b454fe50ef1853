-- statements: 5
-- One source fanned out to two sinks in a statement set, written on a
-- system with CRLF line endings and tab indentation.
SET 'table.exec.sink.not-null-enforcer' = 'DROP';

CREATE TABLE src (
	id	BIGINT NOT NULL,
	kind	STRING,
	v	DOUBLE,
	ts	TIMESTAMP(3),
	WATERMARK FOR ts AS ts - INTERVAL '0.5' SECOND
) WITH (
	'connector' = 'kafka',
	'topic' = 'src',
	'properties.bootstrap.servers' = 'localhost:9092',
	'scan.bounded.mode' = 'latest-offset',
	'format' = 'json'
);

CREATE TABLE sink_a (id BIGINT, v DOUBLE) WITH ('connector' = 'print');

EXECUTE STATEMENT SET
BEGIN
	INSERT INTO sink_a SELECT id, v FROM src WHERE kind = 'a';
	INSERT INTO sink_a
	SELECT id, v * 2 FROM src WHERE kind <> 'a' AND v IS NOT NULL;
END;
