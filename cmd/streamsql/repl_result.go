package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// resultView shows the rows of a running query.
type resultView interface {
	// rows shows a batch of rendered rows.
	rows(rec arrow.Record, cells [][]string) error
	// end finishes the display; err is the query's outcome (nil when it
	// ended, context.Canceled when cancelled).
	end(total int64, err error)
}

// query runs a SELECT in the foreground until it ends or is cancelled.
func (s *session) query(ctx context.Context, q sql.Query) error {
	var view resultView
	var cells *cellText
	var total int64
	j, err := s.eng.PrepareQuery(q, func(rec arrow.Record) error {
		rows, err := cells.render(rec)
		if err != nil {
			return err
		}
		total += rec.NumRows()
		return view.rows(rec, rows)
	})
	if err != nil {
		return err
	}
	cells = newCellText(j.Fields)
	if view, err = s.newView(j.Fields); err != nil {
		j.Close()
		return err
	}
	qctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	err = j.Run(qctx)
	s.mu.Lock()
	s.cancel = nil
	s.mu.Unlock()
	cancel()
	view.end(total, err)
	if errors.Is(err, context.Canceled) && ctx.Err() == nil {
		// Ctrl-C: the query is cancelled, the session goes on.
		s.info("Query cancelled after %d rows.", total)
		return nil
	}
	return err
}

// newView picks the display for the session and the result mode.
func (s *session) newView(fields planner.Schema) (resultView, error) {
	if s.term == nil {
		if s.output == "json" {
			enc, err := format.NewJSONEncoder(fields, format.JSONOptions{})
			if err != nil {
				return nil, err
			}
			return &jsonView{s: s, enc: enc}, nil
		}
		return newTSVView(s, fields), nil
	}
	mode, _ := s.eng.Setting("sql-client.execution.result-mode")
	switch strings.ToLower(mode) {
	case "", "tableau":
		return newTableauView(s, fields), nil
	case "changelog":
		return &changelogView{s: s}, nil
	case "table":
		maxRows := 1000
		if v, ok := s.eng.Setting("sql-client.display.max-rows"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("'sql-client.display.max-rows' must be a positive integer, not '%s'", v)
			}
			maxRows = n
		}
		return newLiveTable(s, fields, maxRows), nil
	}
	return nil, fmt.Errorf("unknown 'sql-client.execution.result-mode' '%s' (want table, changelog or tableau)", mode)
}

// cellText renders each value of a batch as text, as the print connector
// does.
type cellText struct {
	fields planner.Schema
	cols   []*format.RowText
}

func newCellText(fields planner.Schema) *cellText {
	c := &cellText{fields: fields}
	for _, f := range fields {
		rt, err := format.NewRowText([]planner.Field{f})
		if err != nil {
			rt = nil
		}
		c.cols = append(c.cols, rt)
	}
	return c
}

// render returns the rows of rec as cells.
func (c *cellText) render(rec arrow.Record) ([][]string, error) {
	n := int(rec.NumRows())
	rows := make([][]string, n)
	for r := range rows {
		rows[r] = make([]string, len(c.cols))
	}
	var buf []byte
	for i, rt := range c.cols {
		if rt == nil {
			continue
		}
		sub := array.NewRecord(arrow.NewSchema([]arrow.Field{rec.Schema().Field(i)}, nil), []arrow.Array{rec.Column(i)}, rec.NumRows())
		err := rt.Bind(sub)
		if err == nil {
			for r := 0; r < n; r++ {
				buf = rt.AppendRow(buf[:0], r)
				rows[r][i] = string(buf)
			}
		}
		sub.Release()
		if err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// colWidth is the display width of a column in tableau mode.
func colWidth(f planner.Field) int {
	w := 20
	switch f.Type.Kind {
	case catalog.KindBoolean:
		w = 5
	case catalog.KindTinyInt, catalog.KindSmallInt, catalog.KindInt:
		w = 11
	case catalog.KindDate:
		w = 10
	case catalog.KindTimestamp, catalog.KindTimestampLTZ:
		w = 23
	}
	return max(w, len(f.Name))
}

// tableauView prints rows in a bordered table as they arrive.
type tableauView struct {
	s      *session
	widths []int
}

func newTableauView(s *session, fields planner.Schema) *tableauView {
	v := &tableauView{s: s, widths: []int{2}}
	header := []string{"op"}
	for _, f := range fields {
		v.widths = append(v.widths, colWidth(f))
		header = append(header, f.Name)
	}
	fmt.Fprint(s.stdout, borderLine(v.widths)+tableRow(v.widths, header)+borderLine(v.widths))
	return v
}

func (v *tableauView) rows(_ arrow.Record, cells [][]string) error {
	var b strings.Builder
	for _, r := range cells {
		b.WriteString(tableRow(v.widths, append([]string{"+I"}, r...)))
	}
	_, err := fmt.Fprint(v.s.stdout, b.String())
	return err
}

func (v *tableauView) end(total int64, err error) {
	fmt.Fprint(v.s.stdout, borderLine(v.widths))
	if err == nil {
		fmt.Fprintf(v.s.stdout, "Received a total of %d rows\n", total)
	}
}

// changelogView prints each row with its row kind.
type changelogView struct{ s *session }

func (v *changelogView) rows(_ arrow.Record, cells [][]string) error {
	var b strings.Builder
	for _, r := range cells {
		b.WriteString("+I[" + strings.Join(r, ", ") + "]\n")
	}
	_, err := fmt.Fprint(v.s.stdout, b.String())
	return err
}

func (v *changelogView) end(total int64, err error) {
	if err == nil {
		fmt.Fprintf(v.s.stdout, "Received a total of %d rows\n", total)
	}
}

// tsvView writes a header line and tab-separated rows.
type tsvView struct{ s *session }

func newTSVView(s *session, fields planner.Schema) *tsvView {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = tsvEscape(f.Name)
	}
	fmt.Fprintln(s.stdout, strings.Join(names, "\t"))
	return &tsvView{s: s}
}

var tsvEscaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func tsvEscape(s string) string { return tsvEscaper.Replace(s) }

func (v *tsvView) rows(_ arrow.Record, cells [][]string) error {
	var b strings.Builder
	for _, r := range cells {
		for i, c := range r {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(tsvEscape(c))
		}
		b.WriteByte('\n')
	}
	_, err := fmt.Fprint(v.s.stdout, b.String())
	return err
}

func (v *tsvView) end(int64, error) {}

// jsonView writes one JSON object per row.
type jsonView struct {
	s   *session
	enc *format.JSONEncoder
	buf []byte
}

func (v *jsonView) rows(rec arrow.Record, _ [][]string) error {
	var err error
	if v.buf, err = v.enc.Encode(v.buf[:0], rec); err != nil {
		return err
	}
	_, err = v.s.stdout.Write(v.buf)
	return err
}

func (v *jsonView) end(int64, error) {}

// liveTable redraws a table of the last maxRows rows in place.
type liveTable struct {
	s       *session
	widths  []int
	header  []string
	maxRows int

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

func newLiveTable(s *session, fields planner.Schema, maxRows int) *liveTable {
	v := &liveTable{s: s, maxRows: maxRows}
	for _, f := range fields {
		v.widths = append(v.widths, colWidth(f))
		v.header = append(v.header, f.Name)
	}
	v.draw(false)
	return v
}

func (v *liveTable) rows(_ arrow.Record, cells [][]string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, r := range cells {
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

// draw clears the screen and shows the newest rows that fit on it.
func (v *liveTable) draw(final bool) {
	v.last = time.Now()
	_, h := v.s.termSize()
	fit := max(h-8, 1)
	n := len(v.ring)
	show := min(n, fit)
	var b bytes.Buffer
	b.WriteString("\x1b[H\x1b[2J")
	fmt.Fprintf(&b, "Live table: the result is append-only, so it shows the last %d of %d rows received (keeping at most %d, 'sql-client.display.max-rows').\n", show, v.total, v.maxRows)
	if final {
		b.WriteString("The query has ended.\n")
	} else {
		b.WriteString("Refreshing as rows arrive; Ctrl-C stops the query.\n")
	}
	b.WriteString(borderLine(v.widths) + tableRow(v.widths, v.header) + borderLine(v.widths))
	for i := n - show; i < n; i++ {
		b.WriteString(tableRow(v.widths, v.ring[(v.head+i)%n]))
	}
	b.WriteString(borderLine(v.widths))
	_, _ = v.s.stdout.Write(b.Bytes())
}
