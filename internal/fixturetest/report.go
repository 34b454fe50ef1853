package fixturetest

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteResult writes one pipeline's line, "PASS name (time; rows)" or
// "FAIL ...", followed by its failure report indented; with verbose, also
// the SQL files it loaded. Files written by --update are listed.
func WriteResult(w io.Writer, r Result, verbose bool) {
	status := "PASS"
	if !r.Passed {
		status = "FAIL"
	}
	stats := fmt.Sprintf("%d rows in, %d out", r.RowsIn, r.RowsOut)
	if r.Skipped > 0 {
		stats += fmt.Sprintf(", %d malformed skipped", r.Skipped)
	}
	fmt.Fprintf(w, "%s  %s (%s; %s)\n", status, r.Pipeline.Name, seconds(r.Duration), stats)
	if verbose {
		for _, f := range r.Pipeline.SQLFiles {
			fmt.Fprintf(w, "    sql %s\n", f)
		}
	}
	for _, u := range r.Updated {
		fmt.Fprintf(w, "    %s\n", u)
	}
	if r.Failure != "" {
		fmt.Fprint(w, indent(r.Failure, "    "))
	}
}

// WriteSummary writes the closing line: how many pipelines passed and
// failed.
func WriteSummary(w io.Writer, results []Result) {
	failed := 0
	for _, r := range results {
		if !r.Passed {
			failed++
		}
	}
	verdict := "ok"
	if failed > 0 {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "%s: %s, %d passed, %d failed\n", verdict, plural(len(results), "pipeline"), len(results)-failed, failed)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3fs", d.Seconds()) }

// junitSuites is the root element of a JUnit XML report.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Tests   int          `xml:"tests,attr"`
	Failed  int          `xml:"failures,attr"`
	Time    string       `xml:"time,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name   string      `xml:"name,attr"`
	Tests  int         `xml:"tests,attr"`
	Failed int         `xml:"failures,attr"`
	Errors int         `xml:"errors,attr"`
	Time   string      `xml:"time,attr"`
	Cases  []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes results as a JUnit XML report: one testsuite named
// "streamsql test", one testcase per pipeline, a failure element holding
// the failure report.
func WriteJUnit(w io.Writer, results []Result) error {
	s := junitSuite{Name: "streamsql test", Tests: len(results)}
	var total time.Duration
	for _, r := range results {
		total += r.Duration
		c := junitCase{Name: r.Pipeline.Name, ClassName: "streamsql.test", Time: fmt.Sprintf("%.3f", r.Duration.Seconds()),
			SystemOut: fmt.Sprintf("%d rows in, %d out, %d malformed skipped\n", r.RowsIn, r.RowsOut, r.Skipped)}
		if !r.Passed {
			s.Failed++
			msg, _, _ := strings.Cut(r.Failure, "\n")
			c.Failure = &junitFailure{Message: msg, Type: "failure", Text: r.Failure}
		}
		s.Cases = append(s.Cases, c)
	}
	s.Time = fmt.Sprintf("%.3f", total.Seconds())
	root := junitSuites{Tests: s.Tests, Failed: s.Failed, Time: s.Time, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
