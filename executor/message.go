package executor

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
)

// msgKind tells what an in-band message carries.
type msgKind uint8

const (
	// msgBatch carries rec, read from input (and from split when the batch
	// comes straight from a source or through single-input operators).
	msgBatch msgKind = iota
	// msgWatermark carries wm, the producer's new output watermark.
	msgWatermark
	// msgEnd says the producer will send nothing more on this input.
	msgEnd
	// msgSplitAdd announces split (named name) before its first batch.
	msgSplitAdd
	// msgSplitDone says split will produce no more rows.
	msgSplitDone
	// msgIdle says the producer's output became idle (idle set: it no
	// longer holds back its consumers' watermark) or active again.
	msgIdle
)

// origin is where the rows of a batch were read: the split's name and
// each row's position in it. It is immutable once sent.
type origin struct {
	split string
	pos   []int64
}

// describe renders the source position of row, or "" if unknown.
func (o *origin) describe(row int) string {
	if o == nil || row < 0 || row >= len(o.pos) {
		return ""
	}
	return fmt.Sprintf("%s:%d", o.split, o.pos[row])
}

// noSplit marks a batch that does not come from one known source split.
const noSplit SplitID = -1

// message is one element of the ordered stream between two operators.
// A msgBatch message owns one reference to rec: whoever receives it must
// Release it (after processing, or when draining on shutdown).
type message struct {
	// origin, when set, gives the source position of each row of rec.
	origin *origin
	kind   msgKind
	input  int
	split  SplitID
	rec    arrow.Record
	wm     int64
	name   string
	idle   bool
}
