package adwarehouse_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/generator"
	"github.com/streamsql/streamsql/generator/adwarehouse"
	"github.com/streamsql/streamsql/sql"
)

// odsDDL declares the ODS tables over the generated files, every column
// read, skipping malformed lines.
const odsDDL = `
CREATE TABLE ad_shows (show_id STRING, ad_id BIGINT, campaign_id BIGINT, advertiser_id BIGINT,
  city STRING, user_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'filesystem', 'path' = '$DIR/ad_shows.jsonl', 'format' = 'json',
      'json.ignore-parse-errors' = 'true');
CREATE TABLE ad_clicks (click_id STRING, show_id STRING, ad_id BIGINT, campaign_id BIGINT,
  advertiser_id BIGINT, city STRING, user_id STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'filesystem', 'path' = '$DIR/ad_clicks.jsonl', 'format' = 'json',
      'json.ignore-parse-errors' = 'true');
CREATE TABLE ad_charges (charge_id STRING, click_id STRING, advertiser_id BIGINT,
  campaign_id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'filesystem', 'path' = '$DIR/ad_charges.jsonl', 'format' = 'json',
      'json.ignore-parse-errors' = 'true');
CREATE TABLE ad_shows_out (show_id STRING, ad_id BIGINT, campaign_id BIGINT, advertiser_id BIGINT,
  city STRING, user_id STRING, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');
CREATE TABLE ad_clicks_out (click_id STRING, show_id STRING, ad_id BIGINT, campaign_id BIGINT,
  advertiser_id BIGINT, city STRING, user_id STRING, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');
CREATE TABLE ad_charges_out (charge_id STRING, click_id STRING, advertiser_id BIGINT,
  campaign_id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');
`

// TestFilesDecodeWithEngine reads the generated files with the project's
// JSON format: each topic's skipped lines are exactly its malformed
// records, and every other record is a row.
func TestFilesDecodeWithEngine(t *testing.T) {
	dir := t.TempDir()
	c := adwarehouse.DefaultConfig()
	c.Duration = 5 * time.Minute
	c.MalformedRate = 0.005
	g, err := adwarehouse.New(c)
	if err != nil {
		t.Fatal(err)
	}
	sink, err := generator.NewFileSink(dir, adwarehouse.Topics...)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := generator.Run(context.Background(), g, sink, generator.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}

	e := engine.New(engine.Options{Stdout: io.Discard})
	text := strings.ReplaceAll(odsDDL, "$DIR", dir)
	for _, topic := range adwarehouse.Topics {
		text += fmt.Sprintf("INSERT INTO %[1]s_out SELECT * FROM %[1]s;\n", topic)
	}
	if err := e.LoadSource(&sql.Source{Name: "ods.sql", Text: text}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := e.Run(ctx); err != nil {
		t.Fatal(err)
	}
	m := e.Metrics()
	for _, topic := range adwarehouse.Topics {
		tc := sum.Topic(topic)
		if tc.Malformed == 0 {
			t.Errorf("topic %s: no malformed record to check", topic)
		}
		if got := m.Get("source." + topic + ".skipped_records"); got != tc.Malformed {
			t.Errorf("topic %s: %d lines skipped, %d malformed", topic, got, tc.Malformed)
		}
		if got, want := m.Get("sink."+topic+"_out.rows"), tc.Records-tc.Malformed; got != want {
			t.Errorf("topic %s: %d rows, want %d", topic, got, want)
		}
	}
}
