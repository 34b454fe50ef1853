package kafka

import (
	"math"
	"sync"
)

// Alignment groups ('scan.watermark.alignment.group'): the kafka sources
// of one process whose tables name the same group align their partitions
// with each other as if they were the partitions of one table. Each
// member publishes its low, the least progress over its partitions that
// hold the others back (see align.go), and hands on a record only when
// its timestamp is at most the member's own max drift ahead of the least
// low of the group. Partitions of a grouped table hold the group back
// even when caught up, while they keep getting records (see holds),
// because a topic written by the same job is at its end while the job is
// behind.
//
// Ownership and lifetime: groups live in a process-wide registry guarded
// by a mutex. The first source naming a group creates it when the source
// is built, every source of the group joins it then, and the group is
// dropped from the registry when its last member closes. Sources of other
// processes are not aligned with these.

// groupGraceFactor sets how long a caught-up partition of a grouped
// table holds the group back without new records: this many alignment
// update intervals, or 'scan.watermark.idle-timeout' if that is shorter.
const groupGraceFactor = 5

// alignGroups is the process-wide registry of alignment groups by name.
var alignGroups = struct {
	mu     sync.Mutex
	groups map[string]*alignGroup
}{groups: map[string]*alignGroup{}}

// alignGroup is the shared state of one alignment group.
type alignGroup struct {
	name string
	mu   sync.Mutex
	// members are the lows of the group's sources.
	members map[*groupMember]struct{}
	// changed is closed, and replaced, whenever a member's low changes,
	// to wake sources whose partitions wait for the group.
	changed chan struct{}
}

// groupMember is one source's membership of a group; its fields are
// guarded by the group's mutex.
type groupMember struct {
	g *alignGroup
	// low is the member's published low; it applies until the member's
	// clock reaches until (a member that has not yet read holds the
	// group back only for its idle timeout). known is the low over its
	// partitions that have had records (see settle).
	low, known, until int64
}

// joinGroup adds a member to the named group, creating the group if it is
// the first. The member holds the group back at the start of time until
// it publishes its low or its clock reaches until.
func joinGroup(name string, until int64) *groupMember {
	alignGroups.mu.Lock()
	defer alignGroups.mu.Unlock()
	g := alignGroups.groups[name]
	if g == nil {
		g = &alignGroup{name: name, members: map[*groupMember]struct{}{}, changed: make(chan struct{})}
		alignGroups.groups[name] = g
	}
	m := &groupMember{g: g, low: noTime, known: math.MaxInt64, until: until}
	g.mu.Lock()
	g.members[m] = struct{}{}
	g.mu.Unlock()
	return m
}

// leave removes m from its group and drops the group with its last
// member. Waiting members are woken: m no longer holds them back.
func (m *groupMember) leave() {
	alignGroups.mu.Lock()
	defer alignGroups.mu.Unlock()
	g := m.g
	g.mu.Lock()
	delete(g.members, m)
	empty := len(g.members) == 0
	g.wake()
	g.mu.Unlock()
	if empty && alignGroups.groups[g.name] == g {
		delete(alignGroups.groups, g.name)
	}
}

// publish sets m's lows; from now on they apply until m publishes again.
func (m *groupMember) publish(low, known int64) {
	g := m.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if m.low == low && m.known == known && m.until == math.MaxInt64 {
		return
	}
	m.low, m.known, m.until = low, known, math.MaxInt64
	g.wake()
}

// others returns the least low and known low of the other members at
// time now (math.MaxInt64 when none holds back), and a channel closed
// when a member's lows change after this call.
func (m *groupMember) others(now int64) (low, known int64, changed <-chan struct{}) {
	g := m.g
	g.mu.Lock()
	defer g.mu.Unlock()
	low, known = math.MaxInt64, math.MaxInt64
	for o := range g.members {
		if o != m && now < o.until {
			low, known = min(low, o.low), min(known, o.known)
		}
	}
	return low, known, g.changed
}

// wake closes the change channel and replaces it; g.mu is held.
func (g *alignGroup) wake() {
	close(g.changed)
	g.changed = make(chan struct{})
}
