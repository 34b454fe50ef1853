package kafka

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kgo"
)

// testTimeout bounds every wait of a test.
const testTimeout = 30 * time.Second

// startBroker starts an in-process broker on an ephemeral loopback port,
// stopped when the test ends.
func startBroker(t testing.TB) *broker.Broker {
	t.Helper()
	b, err := broker.Start(broker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// produce writes records to topic synchronously; partition -1 lets the
// client choose.
func produce(t testing.TB, addr string, recs ...*kgo.Record) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// rec builds a record for partition p of topic.
func rec(topic string, p int32, key, value string) *kgo.Record {
	r := &kgo.Record{Topic: topic, Partition: p, Value: []byte(value)}
	if key != "" {
		r.Key = []byte(key)
	}
	return r
}

// createTable runs a CREATE TABLE (the options are validated) and
// returns the table.
func createTable(t testing.TB, ddl string) *catalog.Table {
	t.Helper()
	tbl, err := tryCreate(ddl)
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func tryCreate(ddl string) (*catalog.Table, error) {
	e := engine.New(engine.Options{})
	if err := e.LoadSource(&sql.Source{Name: "t.sql", Text: ddl}); err != nil {
		return nil, err
	}
	names := e.Catalog().Names()
	tbl, _ := e.Catalog().Lookup(names[0])
	return tbl, nil
}

// createCase is WITH options appended to a base and the error text
// CREATE TABLE must give ("" for none).
type createCase struct{ with, want string }

// checkCreateCases creates a two-column table (id BIGINT, name STRING)
// with base + each case's options and checks the outcome.
func checkCreateCases(t *testing.T, base string, cases []createCase) {
	t.Helper()
	for _, c := range cases {
		_, err := tryCreate("CREATE TABLE t (id BIGINT, name STRING) WITH (" + base + c.with + ");")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.with, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s:\n got %v\nwant %s", c.with, err, c.want)
		}
	}
}

// recorder is a SourceOutput that renders what it receives as text.
type recorder struct {
	splits map[executor.SplitID]string
	done   []string
	rows   []string // "split@offset: v1|v2"
}

func newRecorder() *recorder { return &recorder{splits: map[executor.SplitID]string{}} }

func (r *recorder) AddSplit(id executor.SplitID, name string) { r.splits[id] = name }
func (r *recorder) SplitDone(id executor.SplitID)             { r.done = append(r.done, r.splits[id]) }
func (r *recorder) Emit(id executor.SplitID, rec arrow.Record) error {
	return r.EmitAt(id, rec, nil)
}

func (r *recorder) EmitAt(id executor.SplitID, rec arrow.Record, pos []int64) error {
	defer rec.Release()
	for i := 0; i < int(rec.NumRows()); i++ {
		var vals []string
		for c := 0; c < int(rec.NumCols()); c++ {
			vals = append(vals, rec.Column(c).ValueStr(i))
		}
		at := "?"
		if pos != nil {
			at = fmt.Sprint(pos[i])
		}
		r.rows = append(r.rows, fmt.Sprintf("%s@%s: %s", r.splits[id], at, strings.Join(vals, "|")))
	}
	return nil
}

// sourceParams reads every physical and metadata column of t.
func sourceParams(t *catalog.Table, alloc memory.Allocator, m *executor.Metrics) executor.SourceParams {
	var fs []arrow.Field
	var cols []int
	for i, c := range t.Columns {
		if c.Kind == catalog.Computed {
			continue
		}
		cols = append(cols, i)
		fs = append(fs, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
	}
	return executor.SourceParams{Spec: &planner.SourceSpec{Table: t, Columns: cols}, Alloc: alloc,
		BatchSize: 4, Metrics: m, Schema: arrow.NewSchema(fs, nil)}
}

// readAll runs a source over t to its end (bounded by testTimeout).
func readAll(t *testing.T, tbl *catalog.Table, m *executor.Metrics) (*recorder, error) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	if m == nil {
		m = executor.NewMetrics()
	}
	src, err := NewSource(sourceParams(tbl, alloc, m))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	out := newRecorder()
	err = src.Run(ctx, out)
	if cerr := src.Close(); err == nil {
		err = cerr
	}
	if ctx.Err() != nil {
		t.Fatalf("source did not end within %v", testTimeout)
	}
	return out, err
}

// ddl renders a CREATE TABLE of a kafka table on addr.
func ddl(name, cols, addr, topic string, opts ...string) string {
	o := []string{"'connector' = 'kafka'", fmt.Sprintf("'topic' = '%s'", topic),
		fmt.Sprintf("'properties.bootstrap.servers' = '%s'", addr)}
	for i := 0; i+1 < len(opts); i += 2 {
		o = append(o, fmt.Sprintf("'%s' = '%s'", opts[i], opts[i+1]))
	}
	return fmt.Sprintf("CREATE TABLE %s (%s) WITH (%s);", name, cols, strings.Join(o, ", "))
}
