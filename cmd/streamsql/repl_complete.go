package main

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/streamsql/streamsql/connectors"
)

// keywords are completed at the prompt, in upper case.
var keywords = strings.Fields(`SELECT FROM WHERE GROUP BY HAVING ORDER LIMIT UNION ALL AS AND OR NOT
IN IS NULL LIKE BETWEEN CASE WHEN THEN ELSE END DISTINCT CAST TRY_CAST INSERT INTO
CREATE TABLE VIEW TEMPORARY IF EXISTS DROP SET RESET SHOW TABLES VIEWS JOBS
DESCRIBE EXPLAIN PLAN FOR WITH WATERMARK INTERVAL SECOND MINUTE HOUR DAY
TUMBLE HOP CUMULATE SESSION DESCRIPTOR PARTITION PRIMARY KEY ENFORCED
METADATA VIRTUAL COMMENT EXECUTE STATEMENT BEGIN STOP JOB HELP QUIT EXIT
COUNT SUM MIN MAX AVG FIRST_VALUE LAST_VALUE COALESCE FILTER
STRING VARCHAR CHAR BOOLEAN TINYINT SMALLINT INT BIGINT FLOAT DOUBLE DECIMAL
DATE TIMESTAMP TIMESTAMP_LTZ BYTES VARBINARY TRUE FALSE
window_start window_end window_time`)

// completer completes SQL keywords, table and column names from the
// catalog, and connector option keys inside WITH (...).
type completer struct {
	s *session

	mu      sync.Mutex
	pending string // earlier lines of the statement being typed
}

func (c *completer) setPending(text string) {
	c.mu.Lock()
	c.pending = text
	c.mu.Unlock()
}

// optionKeys lists every connector, source and format option key.
func optionKeys() []string {
	seen := map[string]bool{"connector": true, "format": true}
	for _, c := range connectors.Specs() {
		for _, o := range c.Options {
			seen[o.Key] = true
		}
	}
	for _, o := range connectors.SourceOptions {
		seen[o.Key] = true
	}
	for _, f := range connectors.FormatSpecs() {
		for _, o := range f.Options {
			seen[o.Key] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// inWith reports whether the end of text is inside the parentheses of a
// WITH clause of CREATE TABLE.
func inWith(text string) bool {
	up := strings.ToUpper(text)
	i := strings.LastIndex(up, "WITH")
	if i < 0 || !strings.HasPrefix(strings.TrimSpace(up[i+4:]), "(") {
		return false
	}
	rest := up[i+4:]
	return strings.Count(rest, "(") > strings.Count(rest, ")") && strings.Contains(up, "CREATE")
}

// candidates returns what may complete word given the text before it.
func (c *completer) candidates(before, word string) []string {
	if strings.HasPrefix(word, "'") && inWith(before) {
		var out []string
		for _, k := range optionKeys() {
			out = append(out, "'"+k+"'")
		}
		return out
	}
	out := append([]string(nil), keywords...)
	for _, t := range c.s.eng.Catalog().Tables() {
		out = append(out, t.Name)
		for _, col := range t.Columns {
			out = append(out, col.Name)
		}
	}
	return out
}

// Do implements the line editor's completion: it returns the suffixes
// that complete the word before pos, and the word's length.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	start := pos
	for start > 0 && isWordRune(line[start-1]) {
		start--
	}
	word := string(line[start:pos])
	c.mu.Lock()
	before := c.pending + string(line[:start])
	c.mu.Unlock()
	seen := map[string]bool{}
	var out [][]rune
	for _, cand := range c.candidates(before, word) {
		if seen[cand] || len(cand) < len(word) {
			continue
		}
		if strings.HasPrefix(cand, word) {
			// exact case
		} else if strings.EqualFold(cand[:len(word)], word) && isKeyword(cand) {
			cand = matchCase(cand, word)
		} else {
			continue
		}
		seen[cand] = true
		out = append(out, []rune(cand[len(word):]))
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i]) < string(out[j]) })
	return out, len([]rune(word))
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-' || r == '\''
}

func isKeyword(s string) bool {
	for _, k := range keywords {
		if k == s {
			return true
		}
	}
	return false
}

// matchCase writes keyword kw in lower case when the typed prefix is.
func matchCase(kw, typed string) string {
	if typed != "" && typed == strings.ToLower(typed) {
		return strings.ToLower(kw)
	}
	return kw
}
