package catalog

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/sql"
)

// TestTypeOf maps type names as written to types. Each input line is a
// type name and its parameters, e.g. "DECIMAL 10 2"; the output shows the
// type, its Arrow representation, or the error.
func TestTypeOf(t *testing.T) {
	datadriven.RunTest(t, "testdata/types", func(t *testing.T, d *datadriven.TestData) string {
		var out strings.Builder
		for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
			fields := strings.Split(line, " ")
			tn := sql.TypeName{Name: strings.ReplaceAll(fields[0], "_", " ")}
			if strings.HasPrefix(fields[0], "TIMESTAMP_LTZ") {
				tn.Name = fields[0]
			}
			for _, f := range fields[1:] {
				if f == "NOT_NULL" {
					tn.NotNull = true
					continue
				}
				p, err := strconv.Atoi(f)
				if err != nil {
					t.Fatalf("%s: bad parameter %q", d.Pos, f)
				}
				tn.Params = append(tn.Params, p)
			}
			typ, err := TypeOf(tn)
			if err != nil {
				out.WriteString(line + " -> error: " + err.Error() + "\n")
				continue
			}
			out.WriteString(line + " -> " + typ.String() + " [" + typ.Arrow().String() + "]\n")
		}
		return out.String()
	})
}

func TestClosest(t *testing.T) {
	names := []string{"clicks", "orders", "users"}
	for _, c := range []struct{ in, want string }{
		{"clikcs", "clicks"},
		{"Clicks", "clicks"},
		{"order", "orders"},
		{"usrs", "users"},
		{"payments", ""},
		{"clicks", ""},
	} {
		if got := Closest(c.in, names); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
