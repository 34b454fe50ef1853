package connectors

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/connectors/spec"
)

// Doc renders a plain-text reference of every connector and format with
// their options, defaults and allowed values, for documentation and help
// output.
func Doc() string {
	var b strings.Builder
	for _, c := range Specs() {
		roles := []string{}
		if c.NewSource != nil {
			roles = append(roles, "source")
		}
		if c.NewSink != nil {
			roles = append(roles, "sink")
		}
		fmt.Fprintf(&b, "connector '%s' (%s): %s\n", c.Name, strings.Join(roles, ", "), c.Desc)
		writeOptions(&b, c.Options)
		if c.HasFormat {
			b.WriteString("  plus the options of the chosen 'format'\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("every source connector also takes\n")
	writeOptions(&b, SourceOptions)
	b.WriteString("\n")
	for _, f := range FormatSpecs() {
		fmt.Fprintf(&b, "format '%s': %s\n", f.Name, f.Desc)
		writeOptions(&b, f.Options)
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func writeOptions(b *strings.Builder, opts []spec.Option) {
	for _, o := range opts {
		fmt.Fprintf(b, "  '%s'", o.Key)
		var notes []string
		if o.Required {
			notes = append(notes, "required")
		}
		if o.Default != "" {
			notes = append(notes, "default '"+o.Default+"'")
		}
		if len(o.Allowed) > 0 {
			notes = append(notes, "one of "+strings.Join(o.Allowed, ", "))
		}
		if len(notes) > 0 {
			fmt.Fprintf(b, " (%s)", strings.Join(notes, "; "))
		}
		fmt.Fprintf(b, ": %s\n", o.Desc)
	}
}
