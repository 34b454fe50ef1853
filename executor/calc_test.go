package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

func TestCountTrueAndSelectedRow(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	b := array.NewBooleanBuilder(alloc)
	defer b.Release()
	// 20 values: true at multiples of 3, NULL at multiples of 5.
	for i := 0; i < 20; i++ {
		if i%5 == 0 {
			b.AppendNull()
		} else {
			b.Append(i%3 == 0)
		}
	}
	mask := b.NewArray()
	defer mask.Release()
	var scratch []byte
	// Passing rows: 3, 6, 9, 12, 18 (0 and 15 are NULL).
	if got := countTrue(mask, &scratch); got != 5 {
		t.Errorf("countTrue = %d, want 5", got)
	}
	if got := selectedRow(mask, 3); got != 12 {
		t.Errorf("selectedRow(3) = %d, want 12", got)
	}
	for off := 1; off < 12; off++ {
		s := array.NewSlice(mask, int64(off), 20)
		want := 0
		for i := off; i < 20; i++ {
			if i%5 != 0 && i%3 == 0 {
				want++
			}
		}
		if got := countTrue(s, &scratch); got != want {
			t.Errorf("slice at %d: countTrue = %d, want %d", off, got, want)
		}
		s.Release()
	}
}
