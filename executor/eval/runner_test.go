package eval

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// fcase is one table-driven expression test: either want (the values per
// row) or err (a substring of the compile or evaluation error) with errRow
// (the failing row of a *RowError, or -1 for a compile error).
type fcase struct {
	name   string
	expr   planner.Expr
	want   []any
	err    string
	errRow int
}

func runCases(t *testing.T, cols []colSpec, cases []fcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer alloc.AssertSize(t, 0)
			rec := makeRecord(alloc, cols)
			defer rec.Release()
			got, err := evalExpr(t, alloc, tc.expr, rec)
			if tc.err != "" {
				if err == nil {
					t.Fatalf("%s: got %v, want error %q", tc.expr, got, tc.err)
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("%s: error %q, want it to contain %q", tc.expr, err, tc.err)
				}
				var re *RowError
				if tc.errRow >= 0 {
					if !errors.As(err, &re) || re.Row != tc.errRow {
						t.Fatalf("%s: error %#v, want RowError at row %d", tc.expr, err, tc.errRow)
					}
				} else if errors.As(err, &re) {
					t.Fatalf("%s: got row error %v, want a compile error", tc.expr, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tc.expr, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("%s:\n got %#v\nwant %#v", tc.expr, got, tc.want)
			}
		})
	}
}
