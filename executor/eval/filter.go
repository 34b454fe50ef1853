package eval

import (
	"context"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/compute"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// Filter returns the rows of rec where mask is true (false and NULL drop
// the row). The result is a new record owned by the caller; rec and mask
// are borrowed. When every row passes, rec itself is returned (retained);
// when the passing rows are contiguous the result is a zero-copy slice.
func Filter(rec arrow.Record, mask arrow.Array, alloc memory.Allocator) (arrow.Record, error) {
	n := int(rec.NumRows())
	if mask.DataType().ID() != arrow.BOOL {
		return nil, fmt.Errorf("eval: filter mask is %s, expected BOOLEAN", mask.DataType())
	}
	if mask.Len() != n {
		return nil, fmt.Errorf("eval: filter mask has %d rows, batch has %d", mask.Len(), n)
	}
	if alloc == nil {
		alloc = memory.DefaultAllocator
	}
	vals, valid := aligned(boolValues(mask), n), aligned(validityOf(mask), n)
	count := 0
	for i := range vals {
		b := vals[i] & byteAt(valid, i)
		if i == len(vals)-1 && n%8 != 0 {
			b &= byte(1)<<uint(n%8) - 1
		}
		count += bitCount[b]
	}
	switch count {
	case n:
		rec.Retain()
		return rec, nil
	case 0:
		return rec.NewSlice(0, 0), nil
	}
	idx := make([]int32, 0, count)
	for i := 0; i < n; i++ {
		if vals[i>>3]&byteAt(valid, i>>3)&(1<<uint(i&7)) != 0 {
			idx = append(idx, int32(i))
		}
	}
	first, last := int64(idx[0]), int64(idx[len(idx)-1])
	if last-first+1 == int64(count) {
		return rec.NewSlice(first, last+1), nil
	}
	cols := make([]arrow.Array, rec.NumCols())
	defer releaseAll(cols)
	for i, col := range rec.Columns() {
		out, err := multiTake(alloc, col.DataType(), []arrow.Array{col}, nil, idx)
		if err != nil {
			// Types without a hand-written kernel go through Arrow's.
			if out, err = takeWithCompute(alloc, col, idx); err != nil {
				return nil, err
			}
		}
		cols[i] = out
	}
	return array.NewRecord(rec.Schema(), cols, int64(count)), nil
}

var bitCount = func() (t [256]int) {
	for i := range t {
		t[i] = bitutil.CountSetBits([]byte{byte(i)}, 0, 8)
	}
	return t
}()

func takeWithCompute(alloc memory.Allocator, col arrow.Array, idx []int32) (arrow.Array, error) {
	ib := array.NewInt32Builder(alloc)
	defer ib.Release()
	ib.AppendValues(idx, nil)
	indices := ib.NewArray()
	defer indices.Release()
	ctx := compute.WithAllocator(context.Background(), alloc)
	return compute.TakeArray(ctx, col, indices)
}

// Project evaluates each expression over rec and assembles the results
// into a new record with the given schema (one field per evaluator). The
// caller owns the result; rec is borrowed.
func Project(rec arrow.Record, evals []Evaluator, schema *arrow.Schema) (arrow.Record, error) {
	if schema.NumFields() != len(evals) {
		return nil, fmt.Errorf("eval: projection has %d expressions but the schema has %d fields", len(evals), schema.NumFields())
	}
	cols := make([]arrow.Array, len(evals))
	defer releaseAll(cols)
	for i, ev := range evals {
		col, err := ev.Eval(rec)
		if err != nil {
			return nil, err
		}
		cols[i] = col
		if !arrow.TypeEqual(col.DataType(), schema.Field(i).Type) {
			return nil, fmt.Errorf("eval: projection %d (%s) produced %s, schema says %s",
				i, schema.Field(i).Name, col.DataType(), schema.Field(i).Type)
		}
	}
	return array.NewRecord(schema, cols, rec.NumRows()), nil
}
