package suite

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteTable prints one line per expectation: the case, the figure, what
// the run got with its error, the expectation, z and PASS or FAIL, then a
// summary line.
func WriteTable(w io.Writer, outs []Outcome) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tfigure\tgot\texpected\tz\tresult\t")
	failed := 0
	for _, o := range outs {
		res := "PASS"
		if o.Err != nil || !o.Pass {
			res, failed = "FAIL", failed+1
		}
		got, z := "-", "-"
		if o.Err == nil {
			got = fmt.Sprintf("%s ± %s", formatValue(o.Got, o.GotSE, o.Expectation.Percent), formatValue(o.GotSE, o.GotSE, o.Expectation.Percent))
			z = strconv.FormatFloat(o.Z, 'f', 2, 64)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", caseName(o.Case), o.Expectation.Figure, got, o.Expectation.text, z, res)
		if o.Err != nil {
			fmt.Fprintf(tw, "\t\t%s\t\t\t\t\n", o.Err)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d of %d expectations passed\n", len(outs)-failed, len(outs))
	return err
}

func caseName(c *Case) string {
	n := c.Scenario
	if c.Variant != "" {
		n += "/" + c.Variant
	}
	return n
}

// WriteJUnit writes the outcomes as JUnit XML, the format CI systems read:
// one test suite, one test case per expectation, a failure element for
// each that failed.
func WriteJUnit(w io.Writer, name string, outs []Outcome) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
	}
	type testsuite struct {
		XMLName  xml.Name   `xml:"testsuite"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	ts := testsuite{Name: name, Tests: len(outs)}
	for _, o := range outs {
		tc := testcase{Name: o.Expectation.Figure, Classname: caseName(o.Case)}
		switch {
		case o.Err != nil:
			tc.Failure = &failure{Message: o.Err.Error(), Text: o.Err.Error()}
		case !o.Pass:
			msg := fmt.Sprintf("%s = %v ± %v, expected %s (z = %.2f)", o.Expectation.Figure, o.Got, o.GotSE, strings.TrimSpace(o.Expectation.text), o.Z)
			tc.Failure = &failure{Message: msg, Text: msg}
		}
		if tc.Failure != nil {
			ts.Failures++
		}
		ts.Cases = append(ts.Cases, tc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(ts); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
