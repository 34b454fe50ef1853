package sql

import (
	"fmt"
	"strings"
)

// Source is one SQL text as the user wrote it: a file or a REPL entry. It is
// kept so that any later stage (binder, planner, runtime) can render an error
// with the offending line and a caret.
type Source struct {
	// Name is the file path as given on the command line, or a label such as
	// "<stdin>".
	Name string
	// Text is the whole original text, unmodified.
	Text string
}

// Pos is a position in a Source: 1-based line and column (in bytes), and the
// 0-based byte offset. The zero Pos means "no position known".
type Pos struct {
	Src    *Source
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether the position points into a source.
func (p Pos) IsValid() bool { return p.Src != nil && p.Line > 0 }

// String renders "file:line:col".
func (p Pos) String() string {
	if !p.IsValid() {
		return "<unknown>"
	}
	return fmt.Sprintf("%s:%d:%d", p.Src.Name, p.Line, p.Col)
}

// PosAt computes the Pos of a byte offset in src.
func PosAt(src *Source, offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(src.Text) {
		offset = len(src.Text)
	}
	line := 1 + strings.Count(src.Text[:offset], "\n")
	lineStart := strings.LastIndexByte(src.Text[:offset], '\n') + 1
	return Pos{Src: src, Offset: offset, Line: line, Col: offset - lineStart + 1}
}

// SourceLine returns the full text of the line the position is on, without
// its newline.
func (p Pos) SourceLine() string {
	if !p.IsValid() {
		return ""
	}
	start := strings.LastIndexByte(p.Src.Text[:p.Offset], '\n') + 1
	end := strings.IndexByte(p.Src.Text[p.Offset:], '\n')
	if end < 0 {
		return p.Src.Text[start:]
	}
	return p.Src.Text[start : p.Offset+end]
}

// Error is a positioned error in the user's SQL text. Every stage from the
// parser to the planner reports user mistakes as *Error so that the CLI can
// print "file:line:col: message", the source line and a caret.
type Error struct {
	Pos Pos
	Msg string
}

// Errorf builds a positioned error.
func Errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Error renders the one-line form "file:line:col: msg" followed by the
// source line and a caret under the column.
func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg
	}
	line := e.Pos.SourceLine()
	caretCol := e.Pos.Col - 1
	if caretCol > len(line) {
		caretCol = len(line)
	}
	pad := make([]byte, caretCol)
	for i := range pad {
		if line[i] == '\t' {
			pad[i] = '\t'
		} else {
			pad[i] = ' '
		}
	}
	return fmt.Sprintf("%s: %s\n    %s\n    %s^", e.Pos, e.Msg, strings.TrimRight(line, "\r"), pad)
}
