package sql

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestLexer(t *testing.T) {
	type tok struct {
		kind tokenKind
		text string
		val  string
	}
	tests := []struct {
		in   string
		want []tok
	}{
		{"SELECT a1, `b``c` FROM t", []tok{
			{tkIdent, "SELECT", "SELECT"}, {tkIdent, "a1", "a1"}, {tkOp, ",", ","},
			{tkQuotedIdent, "`b``c`", "b`c"}, {tkIdent, "FROM", "FROM"}, {tkIdent, "t", "t"},
		}},
		{"'it''s' '' \"dq\"", []tok{
			{tkString, "'it''s'", "it's"}, {tkString, "''", ""}, {tkDQString, `"dq"`, "dq"},
		}},
		{"1 2.5 .5 1e10 1.5E-3 7.", []tok{
			{tkNumber, "1", "1"}, {tkNumber, "2.5", "2.5"}, {tkNumber, ".5", ".5"},
			{tkNumber, "1e10", "1e10"}, {tkNumber, "1.5E-3", "1.5E-3"}, {tkNumber, "7.", "7."},
		}},
		{"a<>b<=c>=d!=e||f=>g", []tok{
			{tkIdent, "a", "a"}, {tkOp, "<>", "<>"}, {tkIdent, "b", "b"}, {tkOp, "<=", "<="},
			{tkIdent, "c", "c"}, {tkOp, ">=", ">="}, {tkIdent, "d", "d"}, {tkOp, "!=", "!="},
			{tkIdent, "e", "e"}, {tkOp, "||", "||"}, {tkIdent, "f", "f"}, {tkOp, "=>", "=>"},
			{tkIdent, "g", "g"},
		}},
		{"a -- comment ; 'x\n/* block\n; */ b /*+ OPTIONS('k'='v') */ c-d", []tok{
			{tkIdent, "a", "a"}, {tkIdent, "b", "b"}, {tkIdent, "c", "c"}, {tkOp, "-", "-"},
			{tkIdent, "d", "d"},
		}},
		{"été_1 $x # 9a", []tok{
			{tkIdent, "été_1", "été_1"}, {tkIdent, "$x", "$x"}, {tkIllegal, "#", "#"},
			{tkNumber, "9", "9"}, {tkIdent, "a", "a"},
		}},
	}
	for _, tt := range tests {
		src := &Source{Name: "t", Text: tt.in}
		toks, err := lexAll(src)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err.err)
		}
		var got []tok
		for _, tk := range toks {
			if src.Text[tk.start:tk.end] != tk.text {
				t.Errorf("%q: token %q has offsets %d..%d", tt.in, tk.text, tk.start, tk.end)
			}
			got = append(got, tok{tk.kind, tk.text, tk.val})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q:\n got %v\nwant %v", tt.in, got, tt.want)
		}
	}
}

func TestLexerErrors(t *testing.T) {
	tests := []struct {
		in      string
		wantMsg string
		wantCol int
	}{
		{"a 'open", "unterminated string literal: missing closing '", 3},
		{"a `open", "unterminated quoted identifier: missing closing `", 3},
		{"a \"open", "unterminated double-quoted text: missing closing \"", 3},
		{"a /* open", "unterminated comment: missing closing '*/'", 3},
		{"a /*+ hint", "unterminated hint: missing closing '*/'", 3},
		{"'x''", "unterminated string literal: missing closing '", 1},
	}
	for _, tt := range tests {
		src := &Source{Name: "t", Text: tt.in}
		_, err := lexAll(src)
		if err == nil {
			t.Fatalf("%q: no error", tt.in)
		}
		if err.err.Msg != tt.wantMsg || err.err.Pos.Col != tt.wantCol || !err.incomplete {
			t.Errorf("%q: got %q at col %d (incomplete %v), want %q at col %d",
				tt.in, err.err.Msg, err.err.Pos.Col, err.incomplete, tt.wantMsg, tt.wantCol)
		}
	}
}

// refSplit is an independent, byte-by-byte statement splitter used as the
// reference for SplitStatements.
func refSplit(text string) ([]string, bool) {
	var out []string
	start, has := 0, false
	unterminated := func() ([]string, bool) {
		if tail := strings.TrimSpace(text[start:]); tail != "" {
			out = append(out, tail)
		}
		return out, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		next := byte(0)
		if i+1 < len(text) {
			next = text[i+1]
		}
		switch {
		case c == '\'' || c == '`' || c == '"':
			has = true
			j := i + 1
			for {
				if j >= len(text) {
					return unterminated()
				}
				if text[j] == c {
					if j+1 < len(text) && text[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
		case c == '-' && next == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '/' && next == '*':
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return unterminated()
			}
			i += 2 + end + 2
		case strings.HasPrefix(text[i:], "\uFEFF"):
			i += len("\uFEFF")
		case c >= utf8.RuneSelf && unicode.IsSpace(firstRune(text[i:])):
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		case c == ';':
			if has {
				out = append(out, strings.TrimSpace(text[start:i]))
			}
			start, has = i+1, false
			i++
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		default:
			has = true
			i++
		}
	}
	if has {
		return append(out, strings.TrimSpace(text[start:])), false
	}
	return out, true
}

// firstRune returns the first rune of s.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func TestSplitStatementsMatchesReference(t *testing.T) {
	pieces := []string{"\uFEFF", "\u00a0", "\u2001", "a", "1", ";", "'", "`", "\"", "-", "/", "*", " ", "\n", "\t", "é", "(", "SELECT"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.Intn(20); k > 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		text := b.String()
		got, gotComplete := SplitStatements(text)
		want, wantComplete := refSplit(text)
		if !reflect.DeepEqual(got, want) || gotComplete != wantComplete {
			t.Fatalf("SplitStatements(%q) = %q, %v; reference %q, %v", text, got, gotComplete, want, wantComplete)
		}
	}
}

// genColumn is one column of a randomly generated CREATE TABLE, with the
// expected parse result.
type genColumn struct {
	name     string
	offset   int
	typeSQL  string
	wantType string // canonical name and params as typeText renders them
	notNull  bool
	meta     *MetadataSpec
	comment  string
}

var genTypes = []struct{ sql, want string }{
	{"STRING", "STRING"}, {"varchar(7)", "VARCHAR(7)"}, {"Char(2)", "VARCHAR(2)"},
	{"int", "INT"}, {"INTEGER", "INT"}, {"bigint", "BIGINT"}, {"DOUBLE PRECISION", "DOUBLE"},
	{"dec(5,1)", "DECIMAL(5, 1)"}, {"NUMERIC", "DECIMAL"}, {"timestamp(3)", "TIMESTAMP(3)"},
	{"TIMESTAMP(3) WITH LOCAL TIME ZONE", "TIMESTAMP_LTZ(3)"}, {"timestamp_ltz", "TIMESTAMP_LTZ"},
	{"BINARY(3)", "BINARY(3)"}, {"date", "DATE"}, {"boolean", "BOOLEAN"},
}

// TestCreateTableProperty renders random table definitions with random
// spacing, comments and keyword case, parses them and checks every field
// and position against the generator's model.
func TestCreateTableProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	spaces := []string{" ", "\n", "\t", "  ", " /* c */ ", " -- c\n"}
	kw := func(s string) string {
		switch rng.Intn(3) {
		case 0:
			return strings.ToLower(s)
		case 1:
			return strings.ToUpper(s)
		}
		return s
	}
	for n := 0; n < 500; n++ {
		var b strings.Builder
		sp := func() { b.WriteString(spaces[rng.Intn(len(spaces))]) }
		b.WriteString(kw("CREATE"))
		sp()
		b.WriteString(kw("TABLE"))
		sp()
		b.WriteString("t")
		sp()
		b.WriteString("(")
		cols := make([]genColumn, 1+rng.Intn(5))
		for i := range cols {
			c := &cols[i]
			if i > 0 {
				b.WriteString(",")
			}
			sp()
			c.name = fmt.Sprintf("c%d", i)
			c.offset = b.Len()
			if rng.Intn(4) == 0 {
				c.name = fmt.Sprintf("my col %d", i)
				b.WriteString("`" + c.name + "`")
			} else {
				b.WriteString(c.name)
			}
			sp()
			ty := genTypes[rng.Intn(len(genTypes))]
			c.typeSQL, c.wantType = ty.sql, ty.want
			b.WriteString(c.typeSQL)
			if rng.Intn(3) == 0 {
				c.notNull = true
				sp()
				b.WriteString(kw("NOT") + " " + kw("NULL"))
			}
			if rng.Intn(3) == 0 {
				c.meta = &MetadataSpec{Virtual: rng.Intn(2) == 0}
				sp()
				b.WriteString(kw("METADATA"))
				if rng.Intn(2) == 0 {
					c.meta.Key = fmt.Sprintf("key.%d", i)
					b.WriteString(" " + kw("FROM") + " '" + c.meta.Key + "'")
				}
				if c.meta.Virtual {
					b.WriteString(" " + kw("VIRTUAL"))
				}
			}
			if rng.Intn(3) == 0 {
				c.comment = fmt.Sprintf("it's %d", i)
				b.WriteString(" " + kw("COMMENT") + " '" + strings.ReplaceAll(c.comment, "'", "''") + "'")
			}
		}
		sp()
		b.WriteString(") " + kw("WITH") + " ('connector' = 'datagen', 'rows-per-second' = '5')")
		text := b.String()

		var rec spanRecorder
		src := &Source{Name: "gen.sql", Text: text}
		stmts, err := parseSource(src, rec.parsers())
		if err != nil {
			t.Fatalf("%s\n%v", text, err)
		}
		ct := stmts[0].(*CreateTable)
		if len(ct.Columns) != len(cols) || len(ct.Options) != 2 || ct.Options[1].Value != "5" {
			t.Fatalf("%s\nparsed %d columns, options %+v", text, len(ct.Columns), ct.Options)
		}
		d := &stmtDumper{}
		for i, want := range cols {
			got := ct.Columns[i]
			gotType := strings.TrimSuffix(d.typeText(got.Type), " "+d.posText(got.Type.P))
			gotType = strings.TrimSuffix(gotType, " NOT NULL")
			if got.Name != want.name || gotType != want.wantType || got.NotNull != want.notNull ||
				got.Comment != want.comment || !reflect.DeepEqual(got.Metadata, want.meta) {
				t.Fatalf("%s\ncolumn %d: got %+v type %s, want %+v", text, i, got, gotType, want)
			}
			if got.P != PosAt(src, want.offset) {
				t.Fatalf("%s\ncolumn %d at %v, want offset %d", text, i, got.P, want.offset)
			}
		}
	}
}

// TestSpanErrorsKeepPosition checks that an error from the query or
// expression parser reaches the caller unchanged when it is a *Error and is
// positioned at the span start when it is not.
func TestSpanErrorsKeepPosition(t *testing.T) {
	src := &Source{Name: "s.sql", Text: "CREATE TABLE t (a INT, b AS a + 1);\nINSERT INTO t SELECT 1"}
	positioned := Errorf(PosAt(src, 30), "bad expression")
	_, err := parseSource(src, spanParsers{
		expr: func(*Source, int, int) (Expr, error) { return nil, positioned },
	})
	if err != positioned {
		t.Fatalf("got %v, want the expression parser's error", err)
	}
	_, err = parseSource(src, spanParsers{
		expr:  func(s *Source, start, end int) (Expr, error) { return &Literal{}, nil },
		query: func(*Source, int, int) (Query, error) { return nil, fmt.Errorf("plain failure") },
	})
	e, ok := err.(*Error)
	if !ok || e.Pos.Line != 2 || e.Pos.Col != 15 || e.Msg != "plain failure" {
		t.Fatalf("got %#v, want a *Error at 2:15", err)
	}
}

// lexAll lexes the whole source, returning the tokens without the final
// EOF.
func lexAll(src *Source) ([]token, *lexError) {
	lx := newLexer(src, 0, len(src.Text))
	var toks []token
	for {
		t, err := lx.next()
		if err != nil || t.kind == tkEOF {
			return toks, err
		}
		toks = append(toks, t)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"ABC", "", 3}, {"", "AB", 2}, {"WATERMAR", "WATERMARK", 1},
		{"CRAETE", "CREATE", 1}, {"BIGNIT", "BIGINT", 1}, {"SELECT", "SELECT", 0},
		{"KITTEN", "SITTING", 3}, {"CA", "ABC", 3},
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := EditDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
	if got := didYouMean("waterMar", elementKeywords); got != " (did you mean WATERMARK?)" {
		t.Errorf("didYouMean(waterMar) = %q", got)
	}
	for _, w := range []string{"ab", "foo", "WATERMARK"} {
		if got := didYouMean(w, elementKeywords); got != "" {
			t.Errorf("didYouMean(%q) = %q, want none", w, got)
		}
	}
}
