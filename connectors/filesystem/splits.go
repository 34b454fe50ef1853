package filesystem

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/executor"
)

// RunFiles announces every one of files as a split (split i is files[i]),
// so that an unread file holds the watermark back, then reads them in
// order with read, marking each split done once read.
func RunFiles(ctx context.Context, out executor.SourceOutput, files []string,
	read func(ctx context.Context, out executor.SourceOutput, split executor.SplitID, path string) error) error {
	for i, f := range files {
		out.AddSplit(executor.SplitID(i), f)
	}
	for i, f := range files {
		if err := read(ctx, out, executor.SplitID(i), f); err != nil {
			return err
		}
		out.SplitDone(executor.SplitID(i))
	}
	return nil
}

// NewBatch returns the n rows built in rb as a record of schema; when
// schema has no column (rb has no field) the record only counts the rows.
func NewBatch(rb *array.RecordBuilder, schema *arrow.Schema, n int) arrow.Record {
	if len(rb.Fields()) == 0 {
		return array.NewRecord(schema, nil, int64(n))
	}
	return rb.NewRecord()
}

// EmitBatch emits rec on split to out, with lines, the line number of each
// of its rows in the split's file, when out takes source positions.
func EmitBatch(out executor.SourceOutput, split executor.SplitID, rec arrow.Record, lines []int64) error {
	if po, ok := out.(executor.PositionedOutput); ok {
		return po.EmitAt(split, rec, lines)
	}
	return out.Emit(split, rec)
}
