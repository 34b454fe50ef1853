package connectors

import (
	"fmt"

	"github.com/streamsql/streamsql/executor"
)

// registryConnectors implements executor.Connectors over the registry.
type registryConnectors struct{}

// New returns the executor.Connectors that builds sources and sinks by the
// table's 'connector' option.
func New() executor.Connectors { return registryConnectors{} }

// NewSource builds the source of p.Spec.Table.
func (registryConnectors) NewSource(p executor.SourceParams) (executor.Source, error) {
	if p.Spec == nil || p.Spec.Table == nil {
		return nil, fmt.Errorf("connectors: source without a table")
	}
	t := p.Spec.Table
	if err := Validate(t); err != nil {
		return nil, err
	}
	c, _ := Lookup(t.Connector())
	if c.NewSource == nil {
		return nil, fmt.Errorf("connector '%s' of table '%s' cannot be read from (it is a sink only)", c.Name, t.Name)
	}
	return c.NewSource(p)
}

// NewSink builds the sink of p.Spec.Table.
func (registryConnectors) NewSink(p executor.SinkParams) (executor.Sink, error) {
	if p.Spec == nil || p.Spec.Table == nil {
		return nil, fmt.Errorf("connectors: sink without a table")
	}
	t := p.Spec.Table
	if err := Validate(t); err != nil {
		return nil, err
	}
	c, _ := Lookup(t.Connector())
	if c.NewSink == nil {
		return nil, fmt.Errorf("connector '%s' of table '%s' cannot be written to (it is a source only)", c.Name, t.Name)
	}
	return c.NewSink(p)
}
