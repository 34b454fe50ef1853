package format

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// errEOF is reported when a JSON text ends in the middle of a value.
var errEOF = errors.New("unexpected end of JSON input")

func syntaxErr(pos int, msg string) error {
	return fmt.Errorf("invalid JSON at offset %d: %s", pos, msg)
}

func skipWS(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// scanString scans the JSON string whose opening quote is at b[i]. It
// returns the index after the closing quote and the string's content:
// an alias of b when it has no escapes, otherwise the unescaped text
// appended to *scratch.
func scanString(b []byte, i int, scratch *[]byte) ([]byte, int, error) {
	i++
	start := i
	q := bytes.IndexByte(b[i:], '"')
	if q < 0 {
		q = len(b) - i
	}
	end := i + q
	var seen byte
	for ; i < end; i++ {
		if f := strFlags[b[i]]; f != 0 {
			if f&flagEscape != 0 {
				return unescape(b, start, i, scratch)
			}
			if f&flagControl != 0 {
				return nil, 0, syntaxErr(i, "control character in string")
			}
			seen |= f
		}
	}
	if end >= len(b) {
		return nil, 0, errEOF
	}
	s := b[start:end]
	if seen&flagHigh != 0 && !utf8.Valid(s) {
		return nil, 0, syntaxErr(start, "invalid UTF-8 in string")
	}
	return s, end + 1, nil
}

const (
	flagEscape  = 1
	flagControl = 2
	flagHigh    = 4
)

// strFlags classifies the bytes that need attention inside a string.
var strFlags = func() (t [256]byte) {
	for c := 0; c < 0x20; c++ {
		t[c] = flagControl
	}
	t['\\'] = flagEscape
	for c := 0x80; c < 0x100; c++ {
		t[c] = flagHigh
	}
	return t
}()

// unescape continues scanString from the first backslash at i.
func unescape(b []byte, start, i int, scratch *[]byte) ([]byte, int, error) {
	buf := *scratch
	out := len(buf)
	buf = append(buf, b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			s := buf[out:]
			if !utf8.Valid(s) {
				return nil, 0, syntaxErr(start, "invalid UTF-8 in string")
			}
			*scratch = buf
			return s, i + 1, nil
		case c < 0x20:
			return nil, 0, syntaxErr(i, "control character in string")
		case c != '\\':
			buf = append(buf, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return nil, 0, errEOF
		}
		e := b[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, n, err := hex4(b, i)
			if err != nil {
				return nil, 0, err
			}
			i = n
			if utf16.IsSurrogate(r) {
				r2, n2, err2 := rune(-1), i, error(nil)
				if i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
					r2, n2, err2 = hex4(b, i+2)
					if err2 != nil {
						return nil, 0, err2
					}
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r, i = d, n2
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return nil, 0, syntaxErr(i-2, fmt.Sprintf("invalid escape '\\%c'", e))
		}
	}
	return nil, 0, errEOF
}

func hex4(b []byte, i int) (rune, int, error) {
	if i+4 > len(b) {
		return 0, 0, errEOF
	}
	var r rune
	for j := i; j < i+4; j++ {
		c := b[j]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, 0, syntaxErr(i-2, "invalid \\u escape")
		}
		r = r<<4 | rune(c)
	}
	return r, i + 4, nil
}

// scanNumber scans a JSON number starting at b[i] and returns its end.
func scanNumber(b []byte, i int) (int, error) {
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return 0, errEOF
	}
	switch {
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		return 0, syntaxErr(start, "invalid number")
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && isDigit(b[i]) {
			i++
		}
		if i == d {
			return 0, syntaxErr(start, "invalid number")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && isDigit(b[i]) {
			i++
		}
		if i == d {
			return 0, syntaxErr(start, "invalid number")
		}
	}
	return i, nil
}

// scanLiteral checks that b[i:] starts with lit (true, false, null).
func scanLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i < len(lit) {
		if string(b[i:]) == lit[:len(b)-i] {
			return 0, errEOF
		}
		return 0, syntaxErr(i, "invalid literal")
	}
	if string(b[i:i+len(lit)]) != lit {
		return 0, syntaxErr(i, "invalid literal")
	}
	return i + len(lit), nil
}

// skipValue scans any JSON value at b[i] (after whitespace) and returns
// its end. Nested containers are walked iteratively with a bracket stack
// kept as a depth counter per kind, so deep input cannot overflow.
func skipValue(b []byte, i int, scratch *[]byte) (int, error) {
	i = skipWS(b, i)
	if i >= len(b) {
		return 0, errEOF
	}
	switch b[i] {
	case '"':
		mark := len(*scratch)
		_, n, err := scanString(b, i, scratch)
		*scratch = (*scratch)[:mark]
		return n, err
	case '{', '[':
		return skipContainer(b, i, scratch)
	case 't':
		return scanLiteral(b, i, "true")
	case 'f':
		return scanLiteral(b, i, "false")
	case 'n':
		return scanLiteral(b, i, "null")
	}
	return scanNumber(b, i)
}

// skipContainer walks an object or array starting at b[i] and checks its
// syntax. stack records the open brackets ('{' or '[').
func skipContainer(b []byte, i int, scratch *[]byte) (int, error) {
	var stackBuf [32]byte
	stack := stackBuf[:0]
	const (
		wantValue = iota // after '[' or ',' in an array, or ':' in an object
		wantKey          // after '{' or ',' in an object
		wantSep          // after a value
	)
	state := wantValue
	first := false
	for {
		if state == wantSep && len(stack) == 0 {
			return i, nil
		}
		i = skipWS(b, i)
		if i >= len(b) {
			return 0, errEOF
		}
		c := b[i]
		switch state {
		case wantKey:
			if c == '}' && first {
				stack = stack[:len(stack)-1]
				i++
				state = wantSep
				break
			}
			if c != '"' {
				return 0, syntaxErr(i, "expected object key")
			}
			n, err := skipValue(b, i, scratch)
			if err != nil {
				return 0, err
			}
			i = skipWS(b, n)
			if i >= len(b) {
				return 0, errEOF
			}
			if b[i] != ':' {
				return 0, syntaxErr(i, "expected ':' after object key")
			}
			i++
			state, first = wantValue, false
		case wantValue:
			switch {
			case c == ']' && first && stack[len(stack)-1] == '[':
				stack = stack[:len(stack)-1]
				i++
				state = wantSep
			case c == '{' || c == '[':
				stack = append(stack, c)
				i++
				state, first = wantValue, true
				if c == '{' {
					state = wantKey
				}
			default:
				n, err := skipValue(b, i, scratch)
				if err != nil {
					return 0, err
				}
				i, state = n, wantSep
			}
		case wantSep:
			top := stack[len(stack)-1]
			switch {
			case c == ',':
				i++
				state, first = wantValue, false
				if top == '{' {
					state = wantKey
				}
			case (c == '}' && top == '{') || (c == ']' && top == '['):
				stack = stack[:len(stack)-1]
				i++
			default:
				return 0, syntaxErr(i, "expected ',' or closing bracket")
			}
		}
	}
}
