package executor

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Metrics holds a job's named counters, such as
// "source.clicks.skipped_records" or "sink.out.rows". It is safe for
// concurrent use.
type Metrics struct {
	mu sync.Mutex
	c  map[string]int64
}

// NewMetrics returns an empty counter set.
func NewMetrics() *Metrics { return &Metrics{c: map[string]int64{}} }

// Add increments counter name by n.
func (m *Metrics) Add(name string, n int64) {
	m.mu.Lock()
	m.c[name] += n
	m.mu.Unlock()
}

// Get returns the value of counter name.
func (m *Metrics) Get(name string) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.c[name]
}

// Snapshot returns a copy of every counter.
func (m *Metrics) Snapshot() map[string]int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int64, len(m.c))
	for k, v := range m.c {
		out[k] = v
	}
	return out
}

// String renders the counters sorted by name, one "name=value" per line.
func (m *Metrics) String() string {
	snap := m.Snapshot()
	keys := make([]string, 0, len(snap))
	for k := range snap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%d\n", k, snap[k])
	}
	return b.String()
}
