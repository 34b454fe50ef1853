// Package connectors binds connector names ('connector' = 'filesystem',
// 'datagen', 'print', 'blackhole') to their option specs and constructors.
// It validates a table's WITH options when the table is created and
// implements executor.Connectors for the runtime.
package connectors

import (
	"fmt"
	"sort"
	"sync"

	"github.com/streamsql/streamsql/connectors/blackhole"
	"github.com/streamsql/streamsql/connectors/datagen"
	"github.com/streamsql/streamsql/connectors/filesystem"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/print"
	"github.com/streamsql/streamsql/connectors/spec"
)

var (
	mu       sync.RWMutex
	registry = map[string]spec.Connector{}
)

func init() {
	for _, c := range []spec.Connector{
		filesystem.Connector(),
		datagen.Connector(),
		print.Connector(),
		blackhole.Connector(),
	} {
		if err := Register(c); err != nil {
			panic(err) // a programming error in the built-in list
		}
	}
}

// Register adds a connector. It fails when the name is taken or empty.
func Register(c spec.Connector) error {
	mu.Lock()
	defer mu.Unlock()
	if c.Name == "" {
		return fmt.Errorf("connectors: connector without a name")
	}
	if _, ok := registry[c.Name]; ok {
		return fmt.Errorf("connectors: connector '%s' registered twice", c.Name)
	}
	registry[c.Name] = c
	return nil
}

// Lookup returns the connector registered under name.
func Lookup(name string) (spec.Connector, bool) {
	mu.RLock()
	defer mu.RUnlock()
	c, ok := registry[name]
	return c, ok
}

// Names returns the registered connector names, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Specs returns every registered connector with its options, sorted by
// name, for documentation and completion.
func Specs() []spec.Connector {
	names := Names()
	out := make([]spec.Connector, len(names))
	for i, n := range names {
		out[i], _ = Lookup(n)
	}
	return out
}

// FormatSpecs returns the record formats and their options.
func FormatSpecs() []spec.Format { return format.Formats() }
