package planner

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/catalog"
)

// ExprString renders a bound expression for EXPLAIN: like Expr.String,
// but constants are shown in SQL spelling by type (TIMESTAMP '...',
// INTERVAL '5' SECOND, 1.50, NULL:INT).
func ExprString(e Expr) string {
	switch e := e.(type) {
	case *Const:
		return constString(e)
	case *Call:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = ExprString(a)
		}
		switch {
		case e.Fn == "CAST" || e.Fn == "TRY_CAST":
			return fmt.Sprintf("%s(%s AS %s)", e.Fn, args[0], e.T.WithoutTimeAttr().Nullable())
		case len(args) == 2 && isInfix(e.Fn):
			return fmt.Sprintf("(%s %s %s)", args[0], e.Fn, args[1])
		case len(args) == 1 && strings.HasPrefix(e.Fn, "IS "):
			return fmt.Sprintf("(%s %s)", args[0], e.Fn)
		}
		return fmt.Sprintf("%s(%s)", e.Fn, strings.Join(args, ", "))
	case nil:
		return "<nil>"
	}
	return e.String()
}

func constString(c *Const) string {
	t := c.T
	if c.Val == nil {
		return "NULL:" + t.WithoutTimeAttr().Nullable().String()
	}
	switch v := c.Val.(type) {
	case bool:
		if v {
			return "TRUE"
		}
		return "FALSE"
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case decimal128.Num:
		return v.ToString(int32(t.Scale))
	case int32:
		if t.Kind == catalog.KindDate {
			return "DATE '" + time.Unix(int64(v)*86400, 0).UTC().Format("2006-01-02") + "'"
		}
	case int64:
		switch t.Kind {
		case catalog.KindTimestamp, catalog.KindTimestampLTZ:
			layout := "2006-01-02 15:04:05"
			if v%1000 != 0 {
				layout += ".000"
			}
			name := "TIMESTAMP"
			if t.Kind == catalog.KindTimestampLTZ {
				name = "TIMESTAMP_LTZ"
			}
			return name + " '" + time.UnixMilli(v).UTC().Format(layout) + "'"
		case catalog.KindInterval:
			return intervalString(v)
		}
	}
	return fmt.Sprint(c.Val)
}

func intervalString(ms int64) string {
	units := []struct {
		name string
		ms   int64
	}{{"DAY", 86_400_000}, {"HOUR", 3_600_000}, {"MINUTE", 60_000}, {"SECOND", 1000}}
	for _, u := range units {
		if ms != 0 && ms%u.ms == 0 {
			return fmt.Sprintf("INTERVAL '%d' %s", ms/u.ms, u.name)
		}
	}
	if ms%1000 == 0 {
		return "INTERVAL '0' SECOND"
	}
	return fmt.Sprintf("INTERVAL '%s' SECOND", strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64))
}
