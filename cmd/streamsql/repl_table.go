package main

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// liveTable redraws a table of the last maxRows rows in place.
type liveTable struct {
	s       *session
	widths  []int
	header  []string
	maxRows int

	// updating results are materialized: view holds the current rows
	// (inserts less retractions), in the order they were first added.
	updating bool
	view     [][]string

	mu    sync.Mutex
	ring  [][]string // at most maxRows rows, oldest first from head
	head  int
	total int64
	last  time.Time
	timer *time.Timer // a pending redraw
	ended bool
}

// refresh is the least time between two redraws.
const refresh = 200 * time.Millisecond

func newLiveTable(s *session, fields planner.Schema, maxRows int, updating bool) *liveTable {
	v := &liveTable{s: s, maxRows: maxRows, updating: updating}
	for _, f := range fields {
		v.widths = append(v.widths, colWidth(f))
		v.header = append(v.header, f.Name)
	}
	v.draw(false)
	return v
}

func (v *liveTable) rows(_ arrow.Record, cells [][]string, kinds []executor.RowKind) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i, r := range cells {
		if v.updating {
			v.apply(r, kindAt(kinds, i))
			v.total++
			continue
		}
		if len(v.ring) < v.maxRows {
			v.ring = append(v.ring, r)
		} else {
			v.ring[v.head] = r
			v.head = (v.head + 1) % v.maxRows
		}
		v.total++
	}
	switch wait := refresh - time.Since(v.last); {
	case wait <= 0:
		v.draw(false)
	case v.timer == nil:
		// Rows that came too soon are shown by a later redraw, even when
		// no more rows come for a while.
		v.timer = time.AfterFunc(wait, func() {
			v.mu.Lock()
			defer v.mu.Unlock()
			v.timer = nil
			if !v.ended {
				v.draw(false)
			}
		})
	}
	return nil
}

func (v *liveTable) end(_ int64, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.ended = true
	if v.timer != nil {
		v.timer.Stop()
	}
	v.draw(true)
}

// apply changes the materialized view by one row of an updating result:
// +I and +U add it, -U and -D remove the newest equal row.
func (v *liveTable) apply(r []string, kind string) {
	if kind == "+I" || kind == "+U" {
		v.view = append(v.view, r)
		return
	}
	for i := len(v.view) - 1; i >= 0; i-- {
		if slices.Equal(v.view[i], r) {
			v.view = slices.Delete(v.view, i, i+1)
			return
		}
	}
}

// draw clears the screen and shows the newest rows that fit on it.
func (v *liveTable) draw(final bool) {
	v.last = time.Now()
	_, h := v.s.termSize()
	fit := max(h-8, 1)
	rows, get := len(v.ring), func(i int) []string { return v.ring[(v.head+i)%len(v.ring)] }
	if v.updating {
		rows, get = len(v.view), func(i int) []string { return v.view[i] }
	}
	n := rows
	show := min(n, fit)
	var b bytes.Buffer
	b.WriteString("\x1b[H\x1b[2J")
	if v.updating {
		fmt.Fprintf(&b, "Live table: the result is updating; it has %d rows now (after %d changes), showing %d.\n", n, v.total, show)
	} else {
		fmt.Fprintf(&b, "Live table: the result is append-only, so it shows the last %d of %d rows received (keeping at most %d, 'sql-client.display.max-rows').\n", show, v.total, v.maxRows)
	}
	if final {
		b.WriteString("The query has ended.\n")
	} else {
		b.WriteString("Refreshing as rows arrive; Ctrl-C stops the query.\n")
	}
	b.WriteString(borderLine(v.widths) + tableRow(v.widths, v.header) + borderLine(v.widths))
	for i := n - show; i < n; i++ {
		b.WriteString(tableRow(v.widths, get(i)))
	}
	b.WriteString(borderLine(v.widths))
	_, _ = v.s.stdout.Write(b.Bytes())
}
