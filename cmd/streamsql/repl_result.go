package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// resultView shows the rows of a running query.
type resultView interface {
	// rows shows a batch of rendered rows; kinds is nil for an
	// append-only result, else each row's kind.
	rows(rec arrow.Record, cells [][]string, kinds []executor.RowKind) error
	// end finishes the display; err is the query's outcome (nil when it
	// ended, context.Canceled when cancelled).
	end(total int64, err error)
}

// query runs a SELECT in the foreground until it ends or is cancelled.
func (s *session) query(ctx context.Context, q sql.Query) error {
	var view resultView
	var cells *cellText
	var total int64
	j, err := s.eng.PrepareQuery(q, func(rec arrow.Record, kinds []executor.RowKind) error {
		rows, err := cells.render(rec)
		if err != nil {
			return err
		}
		total += rec.NumRows()
		return view.rows(rec, rows, kinds)
	})
	if err != nil {
		return err
	}
	cells = newCellText(j.Fields)
	if view, err = s.newView(j.Fields, j.Updating); err != nil {
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

// newView picks the display for the session and the result mode;
// updating says the result's rows come with kinds.
func (s *session) newView(fields planner.Schema, updating bool) (resultView, error) {
	if s.term == nil {
		if s.output == "json" {
			enc, err := format.NewJSONEncoder(fields, format.JSONOptions{})
			if err != nil {
				return nil, err
			}
			return &jsonView{s: s, enc: enc}, nil
		}
		return newTSVView(s, fields, updating), nil
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
		return newLiveTable(s, fields, maxRows, updating), nil
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

func (v *tableauView) rows(_ arrow.Record, cells [][]string, kinds []executor.RowKind) error {
	var b strings.Builder
	for i, r := range cells {
		b.WriteString(tableRow(v.widths, append([]string{kindAt(kinds, i)}, r...)))
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

func (v *changelogView) rows(_ arrow.Record, cells [][]string, kinds []executor.RowKind) error {
	var b strings.Builder
	for i, r := range cells {
		b.WriteString(kindAt(kinds, i) + "[" + strings.Join(r, ", ") + "]\n")
	}
	_, err := fmt.Fprint(v.s.stdout, b.String())
	return err
}

func (v *changelogView) end(total int64, err error) {
	if err == nil {
		fmt.Fprintf(v.s.stdout, "Received a total of %d rows\n", total)
	}
}

// tsvView writes a header line and tab-separated rows; an updating
// result has a first column "op" with each row's kind.
type tsvView struct {
	s        *session
	updating bool
}

func newTSVView(s *session, fields planner.Schema, updating bool) *tsvView {
	var names []string
	if updating {
		names = append(names, "op")
	}
	for _, f := range fields {
		names = append(names, tsvEscape(f.Name))
	}
	fmt.Fprintln(s.stdout, strings.Join(names, "\t"))
	return &tsvView{s: s, updating: updating}
}

var tsvEscaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func tsvEscape(s string) string { return tsvEscaper.Replace(s) }

func (v *tsvView) rows(_ arrow.Record, cells [][]string, kinds []executor.RowKind) error {
	var b strings.Builder
	for row, r := range cells {
		if v.updating {
			b.WriteString(kindAt(kinds, row) + "\t")
		}
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

func (v *jsonView) rows(rec arrow.Record, _ [][]string, kinds []executor.RowKind) error {
	var err error
	if v.buf, err = v.enc.Encode(v.buf[:0], rec); err != nil {
		return err
	}
	if kinds != nil {
		v.buf = withOps(v.buf, kinds)
	}
	_, err = v.s.stdout.Write(v.buf)
	return err
}

// withOps turns the JSON lines of an updating result's rows into
// {"op":"-U","row":{...}} lines.
func withOps(lines []byte, kinds []executor.RowKind) []byte {
	var out []byte
	for i, line := range bytes.SplitAfter(lines, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) == 0 {
			continue
		}
		out = append(out, `{"op":"`+kindAt(kinds, i)+`","row":`...)
		out = append(out, line...)
		out = append(out, "}\n"...)
	}
	return out
}

// kindAt renders the kind of row i ("+I" when kinds is nil).
func kindAt(kinds []executor.RowKind, i int) string {
	if kinds == nil {
		return executor.RowInsert.String()
	}
	return kinds[i].String()
}

func (v *jsonView) end(int64, error) {}
