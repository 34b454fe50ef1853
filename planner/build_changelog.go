package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// physicalBuilder is implemented by logical nodes that build their own
// operators: buildPhysical adds them to b (with b.build for the inputs)
// and returns, like physBuilder.build, the last node's ID and where each
// of the node's output columns is in that node's schema. It sets the
// PNode's Changelog and Pos.
type physicalBuilder interface {
	buildPhysical(b *physBuilder) (int, []int, error)
}

// logicalExplainer is implemented by logical nodes that render their own
// line in ExplainLogical, e.g. "Rank(partition=[k], order=[ts ASC],
// rank=[1..3])".
type logicalExplainer interface {
	explain(b *strings.Builder)
}

// opSpecParts renders the specification of a physical node kind for
// ExplainGraph ("keys=[...]", "ttl=[1h]"), after the inputs; operator
// files register theirs from an init function.
var opSpecParts = map[OpKind]func(g *Graph, n *PNode) []string{}

// opState describes the state a physical node kind keeps, for
// ExplainGraph; operator files register theirs from an init function.
var opState = map[OpKind]string{}

// passesChangelog reports whether a node kind emits the row kinds it
// receives.
func passesChangelog(k OpKind) bool {
	return k == OpCalc || k == OpWatermark || k == OpUnion || k == OpSink
}

// inheritChangelog sets the changelog mode of a pass-through node from
// its inputs: retract if any input is updating and they differ or one is
// retract, else the inputs' common mode.
func (b *physBuilder) inheritChangelog(n *PNode) {
	if !passesChangelog(n.Kind) || n.Changelog != ChangelogAppend {
		return
	}
	for i, e := range n.Inputs {
		m := b.g.Nodes[e.From].Changelog
		switch {
		case i == 0:
			n.Changelog = m
		case m != n.Changelog && (m.Updating() || n.Changelog.Updating()):
			n.Changelog = ChangelogRetract
		}
	}
}

// updateOrigin returns the node that makes node id's output updating:
// the first updating node, walking up its inputs, whose own inputs are
// all append (nil when id is append).
func (b *physBuilder) updateOrigin(id int) *PNode {
	n := b.g.Nodes[id]
	if !n.Changelog.Updating() {
		return nil
	}
	for _, e := range n.Inputs {
		if o := b.updateOrigin(e.From); o != nil {
			return o
		}
	}
	return n
}

// describeOrigin names an updating node for errors: "GroupAggregate at
// file:12:3", or the table a source reads.
func describeOrigin(n *PNode) string {
	switch {
	case n.Source != nil && n.Source.Table != nil:
		return fmt.Sprintf("table `%s` (connector '%s'), which reads an upsert stream", n.Source.Table.Name, n.Source.Table.Connector())
	case n.Pos.IsValid():
		return fmt.Sprintf("%s at %s", n.Kind, n.Pos)
	}
	return string(n.Kind)
}

// requireAppend fails when the input node id is updating: consumer (an
// operator such as "WindowAggregate", written at pos) can take inserts
// only. The error names the operator producing the updates.
func (b *physBuilder) requireAppend(id int, consumer string, pos sql.Pos) error {
	o := b.updateOrigin(id)
	if o == nil {
		return nil
	}
	return sql.Errorf(pos, "%s cannot take updates, but its input is updated by %s (it emits -U/+U/-D rows); "+
		"apply it to an append-only stream", consumer, describeOrigin(o))
}

// checkSinkUpdates rejects an INSERT of an updating stream (node id) into
// a table whose connector cannot write updates.
func (b *physBuilder) checkSinkUpdates(id int, s *Sink) error {
	if s.Table == nil || s.Table.AcceptsUpdates {
		return nil
	}
	o := b.updateOrigin(id)
	if o == nil {
		return nil
	}
	return sql.Errorf(s.Pos, "table `%s` (connector '%s') cannot take updates, but the query is updated by %s (it emits -U/+U/-D rows); "+
		"write to a connector that takes updates (upsert-kafka, print, blackhole) or make the query append-only (for example, aggregate over a window)",
		s.Table.Name, s.Table.Connector(), describeOrigin(o))
}

// stateTTL returns the state retention of a stateful operator: the
// STATE_TTL hint value when given (hint, written at pos), else the session
// setting table.exec.state.ttl, else 0 (keep forever).
func (b *physBuilder) stateTTL(hint string, pos sql.Pos) (int64, error) {
	if hint != "" {
		ms, err := ParseDuration(hint)
		if err != nil {
			return 0, sql.Errorf(pos, "STATE_TTL '%s': %v", hint, err)
		}
		return ms, nil
	}
	v, ok := b.settings[SettingStateTTL]
	if !ok {
		return 0, nil
	}
	ms, err := ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("setting '%s': %v", SettingStateTTL, err)
	}
	return ms, nil
}

// ttlString renders a state retention for EXPLAIN ("none" for forever).
func ttlString(ms int64) string {
	if ms == 0 {
		return "none"
	}
	return intervalString(ms)
}

// addShared adds a stateful node whose counter name is not part of what
// it computes: a node identical but for the name (the same input and
// specification, e.g. one ranking feeding two INSERTs) is reused;
// otherwise setName names the node, which is then added.
func (b *physBuilder) addShared(n *PNode, setName func()) int {
	key := nodeKey(n)
	if id, ok := b.seen[key]; ok {
		return id
	}
	setName()
	id := b.addUnique(n)
	b.seen[key] = id
	return id
}
