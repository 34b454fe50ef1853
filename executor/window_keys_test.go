package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// TestKeyTableCollisions forces every row to the same hash: keys are
// still told apart by their values (NULL included), and freeing keys in
// any order keeps the collision chain intact.
func TestKeyTableCollisions(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	schema := arrowSchemaT(t, wIn)
	rows := []string{
		"a, 1, 1.00, x, true, NULL",
		"b, 1, 1.00, x, true, NULL",
		"NULL, 1, 1.00, x, true, NULL",
		"a, 2, 1.00, x, true, NULL",
		"a, 1, 1.00, x, true, NULL",
		"NULL, 1, 1.00, x, true, NULL",
	}
	rec, err := parseRows(alloc, schema, rows)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	kt, err := newKeyTable([]arrow.DataType{schema.Field(wK).Type, schema.Field(wV).Type})
	if err != nil {
		t.Fatal(err)
	}
	lookupAll := func() []uint32 {
		kt.hashBatch(rec, []int{wK, wV})
		defer kt.release()
		for i := range kt.h {
			kt.h[i] = 42
		}
		ids := make([]uint32, len(rows))
		for i := range rows {
			ids[i] = kt.lookup(i)
		}
		return ids
	}
	ids := lookupAll()
	if ids[0] != ids[4] || ids[2] != ids[5] || ids[0] == ids[1] || ids[0] == ids[2] || ids[0] == ids[3] || ids[1] == ids[3] {
		t.Fatalf("ids %v", ids)
	}
	for _, id := range []uint32{ids[1], ids[0], ids[2], ids[3]} {
		kt.ref(id)
	}
	// Free a key in the middle of the chain, then the head.
	kt.unref(ids[2])
	kt.unref(ids[3])
	again := lookupAll()
	if again[0] != ids[0] || again[1] != ids[1] {
		t.Fatalf("after freeing: ids %v, before %v", again, ids)
	}
	if again[2] == ids[0] || again[2] == ids[1] || again[3] == again[2] || again[5] != again[2] {
		t.Fatalf("re-interned ids %v", again)
	}
}
