package eval

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// choose implements CASE, IF and COALESCE. Branches are evaluated only
// for the rows that reach them in the sense that matters: a branch is
// first evaluated over the whole batch (the fast path), and only if that
// fails on a row that does not take the branch is it re-evaluated over
// exactly the rows that do. So CASE WHEN s <> 'x' THEN CAST(s AS INT) END
// does not fail on the 'x' rows.
type choose struct {
	conds    []Evaluator // CASE conditions; empty for COALESCE
	results  []Evaluator // CASE results then ELSE (if any); COALESCE args
	coalesce bool
	dt       arrow.DataType
	alloc    memory.Allocator
	choice   []int16
	rows     []int32
	active   []int32
}

func (c *compiler) choose(e *planner.Call) (Evaluator, error) {
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	for i, a := range e.Args {
		// A bare NULL argument becomes a NULL of the argument's type.
		if a.Type().Kind != catalog.KindNull {
			continue
		}
		t := e.T
		if e.Fn != "COALESCE" && i%2 == 0 && i != len(e.Args)-1 {
			t = catalog.Boolean
		}
		if args[i], err = c.constant(&planner.Const{T: t}); err != nil {
			return nil, err
		}
	}
	ch := &choose{dt: e.T.Arrow(), alloc: c.alloc}
	check := func(i int, want catalog.Type) error {
		if t := e.Args[i].Type(); !t.Equal(want) && t.Kind != catalog.KindNull {
			return fmt.Errorf("eval: %s argument %d is %s, expected %s", e.Fn, i+1, t, want)
		}
		return nil
	}
	switch e.Fn {
	case "COALESCE":
		if len(args) == 0 {
			return nil, fmt.Errorf("eval: COALESCE needs at least one argument")
		}
		ch.coalesce, ch.results = true, args
		for i := range args {
			if err := check(i, e.T); err != nil {
				return nil, err
			}
		}
		return ch, nil
	case "IF":
		if err := wantArgs(e, 3, 3); err != nil {
			return nil, err
		}
	default:
		if len(args) < 1 || len(args)%2 == 0 {
			return nil, fmt.Errorf("eval: CASE needs (cond, result)... else: got %d arguments", len(args))
		}
	}
	for i := 0; i+1 < len(args); i += 2 {
		if err := check(i, catalog.Boolean); err != nil {
			return nil, err
		}
		if err := check(i+1, e.T); err != nil {
			return nil, err
		}
		ch.conds = append(ch.conds, args[i])
		ch.results = append(ch.results, args[i+1])
	}
	if err := check(len(args)-1, e.T); err != nil {
		return nil, err
	}
	ch.results = append(ch.results, args[len(args)-1])
	return ch, nil
}

// part is an argument evaluated over all rows (pos nil) or over a subset
// of rows, where row i of the batch is at pos[i] of arr.
type part struct {
	arr   arrow.Array
	pos   []int32
	konst bool // arr is a one-row constant
}

func (p part) at(i int) int {
	switch {
	case p.konst:
		return 0
	case p.pos == nil:
		return i
	}
	return int(p.pos[i])
}

// evalOn evaluates ev for the rows in active (ascending). A row error on a
// row outside active triggers re-evaluation over the active rows only.
func evalOn(alloc memory.Allocator, ev Evaluator, rec arrow.Record, active []int32) (part, error) {
	arr, err := ev.Eval(rec)
	if err == nil {
		return part{arr: arr}, nil
	}
	var re *RowError
	if !errors.As(err, &re) || contains(active, int32(re.Row)) {
		return part{}, err
	}
	sub, err := takeRecord(alloc, rec, active)
	if err != nil {
		return part{}, err
	}
	defer sub.Release()
	arr, err = ev.Eval(sub)
	if err != nil {
		if errors.As(err, &re) && re.Row >= 0 && re.Row < len(active) {
			return part{}, &RowError{Row: int(active[re.Row]), Msg: re.Msg}
		}
		return part{}, err
	}
	pos := make([]int32, rec.NumRows())
	for j, r := range active {
		pos[r] = int32(j)
	}
	return part{arr: arr, pos: pos}, nil
}

func contains(sorted []int32, v int32) bool {
	lo, hi := 0, len(sorted)
	for lo < hi {
		m := (lo + hi) / 2
		if sorted[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(sorted) && sorted[lo] == v
}

// takeRecord returns the rows idx of rec as a new record.
func takeRecord(alloc memory.Allocator, rec arrow.Record, idx []int32) (arrow.Record, error) {
	cols := make([]arrow.Array, rec.NumCols())
	defer releaseAll(cols)
	for i, col := range rec.Columns() {
		out, err := multiTake(alloc, col.DataType(), []arrow.Array{col}, nil, idx)
		if err != nil {
			return nil, err
		}
		cols[i] = out
	}
	return array.NewRecord(rec.Schema(), cols, int64(len(idx))), nil
}

func (ch *choose) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	ch.choice = resize(ch.choice, n)
	ch.rows = resize(ch.rows, n)
	choice := ch.choice
	active := ch.active[:0]
	for i := 0; i < n; i++ {
		choice[i] = -1
		active = append(active, int32(i))
	}
	parts := make([]part, len(ch.results))
	defer func() {
		for _, p := range parts {
			release(p.arr)
		}
	}()
	if ch.coalesce {
		for k, ev := range ch.results {
			if len(active) == 0 {
				break
			}
			p, err := evalOn(ch.alloc, ev, rec, active)
			if err != nil {
				return nil, err
			}
			parts[k] = p
			v := validityOf(p.arr)
			last := k == len(ch.results)-1
			active = filterActive(active, func(i int) bool {
				if last || v.get(p.at(i)) {
					choice[i] = int16(k)
					return false
				}
				return true
			})
		}
	} else {
		for k, ev := range ch.conds {
			if len(active) == 0 {
				break
			}
			p, err := evalOn(ch.alloc, ev, rec, active)
			if err != nil {
				return nil, err
			}
			v, b := validityOf(p.arr), boolValues(p.arr)
			active = filterActive(active, func(i int) bool {
				if j := p.at(i); v.get(j) && b.get(j) {
					choice[i] = int16(k)
					return false
				}
				return true
			})
			p.arr.Release()
		}
		for _, i := range active {
			choice[i] = int16(len(ch.conds)) // ELSE
		}
		for k, ev := range ch.results {
			active = active[:0]
			for i := 0; i < n; i++ {
				if int(choice[i]) == k {
					active = append(active, int32(i))
				}
			}
			if len(active) == 0 {
				continue
			}
			if kn, ok := asConst(ev); ok {
				// A constant is read from a one-row array.
				parts[k] = part{arr: kn.broadcast(1), konst: true}
				continue
			}
			p, err := evalOn(ch.alloc, ev, rec, active)
			if err != nil {
				return nil, err
			}
			parts[k] = p
		}
	}
	ch.active = active
	srcs := make([]arrow.Array, len(parts))
	for i := 0; i < n; i++ {
		ch.rows[i] = int32(i)
		if c := choice[i]; c >= 0 {
			ch.rows[i] = int32(parts[c].at(i))
		}
	}
	for k, p := range parts {
		srcs[k] = p.arr
		if p.arr == nil {
			// Unused source: never read, but multiTake wants an array.
			srcs[k] = array.MakeArrayOfNull(ch.alloc, ch.dt, 0)
		}
	}
	out, err := multiTake(ch.alloc, ch.dt, srcs, choice, ch.rows)
	for k, p := range parts {
		if p.arr == nil {
			srcs[k].Release()
		}
	}
	return out, err
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// filterActive keeps the rows of active for which keep returns true.
func filterActive(active []int32, keep func(i int) bool) []int32 {
	out := active[:0]
	for _, i := range active {
		if keep(int(i)) {
			out = append(out, i)
		}
	}
	return out
}
