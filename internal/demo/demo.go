// Package demo runs the reference advertising warehouse live in one
// process: an embedded Kafka-protocol broker, the event generator writing
// the raw topics, every layer of the warehouse as one job, and the APP
// tables read back and materialized for display, with the end-to-end
// latency from a charge being produced to the pacing row it updates.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/generator"
	"github.com/streamsql/streamsql/generator/adwarehouse"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kerr"
)

// Config configures a demo run.
type Config struct {
	// Dir holds the warehouse: catalog.sql, then one directory per layer
	// with its .sql files (fixtures and expectations are ignored).
	Dir string
	// Port is the broker's port on 127.0.0.1; 0 picks a free one.
	Port int
	// Partitions is the partition count of every topic (default 4).
	Partitions int32
	// Gen configures the generator. With Live and a zero Start, Start is
	// the clock's current time.
	Gen adwarehouse.Config
	// Live paces the generator in real time (Clock); otherwise events
	// are written as fast as the broker takes them.
	Live bool
	// Clock paces a live run (default the wall clock).
	Clock generator.Clock
	// BatchSize is the engine's batch size (default 1024).
	BatchSize int
}

// Demo is a running demo. Its methods are safe for concurrent use.
type Demo struct {
	cfg     Config
	broker  *broker.Broker
	eng     *engine.Engine
	start   time.Time
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	sent    *sentLog
	pacing  *pacingView
	top     *topView
	mu      sync.Mutex
	errs    []error
	genDone bool
	genSum  generator.Summary
}

// appQueries are the continuous queries reading the APP tables back.
const (
	pacingQuery = "SELECT advertiser_id, `day`, charges, spend, daily_budget, pacing, last_charge_id FROM app_advertiser_pacing"
	topQuery    = "SELECT window_start, window_end, rn, campaign_id, advertiser_id, clicks, spend FROM app_top_campaigns"
)

// Start starts the broker, loads the warehouse, and starts the generator,
// the warehouse job and the APP views. Stop it with Close.
func Start(ctx context.Context, cfg Config) (*Demo, error) {
	if cfg.Partitions <= 0 {
		cfg.Partitions = 4
	}
	if cfg.Clock == nil {
		cfg.Clock = generator.WallClock{}
	}
	files, err := LayerFiles(cfg.Dir)
	if err != nil {
		return nil, err
	}
	b, err := broker.Start(broker.Options{Port: cfg.Port, Partitions: int(cfg.Partitions)})
	if err != nil {
		return nil, err
	}
	d := &Demo{cfg: cfg, broker: b, start: time.Now(), sent: newSentLog(), pacing: newPacingView(), top: newTopView()}
	d.eng = engine.New(engine.Options{Stdout: io.Discard, BatchSize: cfg.BatchSize, BootstrapServers: b.Addr()})
	if err := d.load(files); err != nil {
		b.Close()
		return nil, err
	}
	if cfg.Live && cfg.Gen.Start.IsZero() {
		cfg.Gen.Start = cfg.Clock.Now().UTC().Truncate(time.Millisecond)
		d.cfg.Gen = cfg.Gen
	}
	gen, err := adwarehouse.New(cfg.Gen)
	if err != nil {
		b.Close()
		return nil, err
	}
	views, err := d.prepareViews()
	if err != nil {
		b.Close()
		return nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	d.cancel = cancel
	d.spawn(func() error { return d.generate(runCtx, gen) })
	d.spawn(func() error { return d.eng.Run(runCtx) })
	for _, v := range views {
		d.spawn(func() error { return v.Run(runCtx) })
	}
	return d, nil
}

// LayerFiles lists the warehouse's SQL in load order: dir/catalog.sql,
// then every layer directory's .sql files, directories and files in
// lexical order.
func LayerFiles(dir string) ([]string, error) {
	catalog := filepath.Join(dir, "catalog.sql")
	if _, err := os.Stat(catalog); err != nil {
		return nil, fmt.Errorf("no warehouse in %s: %w", dir, err)
	}
	files := []string{catalog}
	layers, err := filepath.Glob(filepath.Join(dir, "*", "*.sql"))
	if err != nil {
		return nil, err
	}
	sort.Strings(layers)
	return append(files, layers...), nil
}

// load creates the catalog, queues every INSERT and creates every Kafka
// table's topic on the broker (sources need their topics at start) unless
// it exists.
func (d *Demo) load(files []string) error {
	for _, f := range files {
		if err := d.eng.LoadFile(f); err != nil {
			return err
		}
	}
	for _, t := range d.eng.Catalog().Tables() {
		if c := t.Connector(); c != "kafka" && c != "upsert-kafka" {
			continue
		}
		if err := d.broker.CreateTopic(t.Options["topic"], d.cfg.Partitions); err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("creating topic %s: %w", t.Options["topic"], err)
		}
	}
	return nil
}

// prepareViews plans the queries reading the APP tables back.
func (d *Demo) prepareViews() ([]*engine.Job, error) {
	var jobs []*engine.Job
	for _, q := range []struct {
		text string
		rows engine.RowFunc
	}{{pacingQuery, d.pacing.apply(d.sent)}, {topQuery, d.top.apply}} {
		stmts, err := sql.Parse(&sql.Source{Name: "demo view", Text: q.text})
		if err != nil {
			return nil, err
		}
		j, err := d.eng.PrepareQuery(stmts[0].(*sql.QueryStatement).Query, q.rows)
		if err != nil {
			for _, p := range jobs {
				p.Close()
			}
			return nil, err
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// generate writes the generator's records into the broker, noting when
// each charge was handed over.
func (d *Demo) generate(ctx context.Context, gen *adwarehouse.Generator) error {
	sink, err := generator.NewKafkaSink(ctx, generator.KafkaOptions{
		Brokers: []string{d.broker.Addr()}, Topics: adwarehouse.Topics, Partitions: d.cfg.Partitions,
	})
	if err != nil {
		return err
	}
	o := generator.RunOptions{}
	if d.cfg.Live {
		o.Pace, o.Origin = d.cfg.Clock, d.cfg.Gen.Start
	}
	sum, err := generator.Run(ctx, gen, &timingSink{Sink: sink, log: d.sent}, o)
	d.mu.Lock()
	d.genDone, d.genSum = true, sum
	d.mu.Unlock()
	return err
}

func (d *Demo) spawn(f func() error) {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		if err := f(); err != nil && !errors.Is(err, context.Canceled) {
			d.mu.Lock()
			d.errs = append(d.errs, err)
			d.mu.Unlock()
			d.cancel()
		}
	}()
}

// Err returns the first failure of the generator, the job or a view.
func (d *Demo) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.errs) == 0 {
		return nil
	}
	return d.errs[0]
}

// Close stops everything and waits for it; it returns the first failure.
func (d *Demo) Close() error {
	d.cancel()
	d.wg.Wait()
	d.broker.Close()
	return d.Err()
}

// Addr is the embedded broker's address.
func (d *Demo) Addr() string { return d.broker.Addr() }
