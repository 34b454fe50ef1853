package spec

import (
	"testing"
	"time"
)

func TestParseSizeAndDuration(t *testing.T) {
	for in, want := range map[string]int64{"1024": 1024, "64kb": 64 << 10, "128 MB": 128 << 20, "1g": 1 << 30, "5b": 5} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("size %q: %d, %v", in, got, err)
		}
	}
	for in, want := range map[string]time.Duration{"100": 100 * time.Millisecond, "30 s": 30 * time.Second, "30 min": 30 * time.Minute, "2h": 2 * time.Hour} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("duration %q: %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "mb", "12 parsecs", "-1"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("size %q accepted", bad)
		}
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("duration %q accepted", bad)
		}
	}
}

func TestTemplateField(t *testing.T) {
	if f, ok := TemplateField("fields.<f>.kind", "fields.user_id.kind"); !ok || f != "user_id" {
		t.Fatalf("got %q %v", f, ok)
	}
	for _, k := range []string{"fields..kind", "fields.x.kinds", "field.x.kind"} {
		if _, ok := TemplateField("fields.<f>.kind", k); ok {
			t.Errorf("%q matched", k)
		}
	}
}

func TestOptionCheck(t *testing.T) {
	o := Option{Key: "format", Allowed: []string{"json", "csv"}}
	if o.Check("JSON") != nil || o.Check("xml") == nil {
		t.Fatal("allowed values not enforced")
	}
	if (Option{Kind: KindChar}).Check(`\t`) != nil || (Option{Kind: KindChar}).Check("ab") == nil {
		t.Fatal("char check")
	}
}
