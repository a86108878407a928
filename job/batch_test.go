package job

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBatch: every scenario of a batch runs, a failing one is named after
// the others ran (or stops the batch with failFast), each report has its
// folder and index.html links them; "-" reads stdin.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("name: good\ninputs: {x: 1 to 2}\noutputs: [x]\n"), 0o644)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\ninputs: {x: 1 to }\noutputs: [x]\n"), 0o644)
	out := filepath.Join(t.TempDir(), "reports")
	var stdout, notes bytes.Buffer
	opts := Options{Scenarios: []string{dir, "openai-2024"}, Trials: 2000, Out: out, Stdout: &stdout, Notes: &notes}
	err := Batch(context.Background(), opts, false)
	var be *BatchError
	if !errors.As(err, &be) || len(be.Failed) != 1 || be.Failed[0] != bad || be.Total != 3 {
		t.Fatalf("Batch = %v", err)
	}
	for _, f := range []string{"good/report.html", "openai-2024/report.html", "index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if idx, _ := os.ReadFile(filepath.Join(out, "index.html")); !strings.Contains(string(idx), `href="good/report.html"`) || !strings.Contains(string(idx), "failed") {
		t.Errorf("index.html:\n%s", idx)
	}
	if !strings.Contains(stdout.String(), "== openai-2024 ==") || !strings.Contains(notes.String(), "bad.yaml:2:") {
		t.Errorf("stdout/notes:\n%s\n%s", stdout.String(), notes.String())
	}
	// failFast stops at bad.yaml, the first in name order.
	opts.Out, opts.Stdout = "", &bytes.Buffer{}
	if err := Batch(context.Background(), opts, true); !errors.As(err, &be) || be.Failed[0] != bad || strings.Contains(opts.Stdout.(*bytes.Buffer).String(), "good") {
		t.Errorf("fail-fast: %v", err)
	}
	// A scenario on stdin.
	Stdin = strings.NewReader("name: piped\ninputs: {x: 1 to 2}\noutputs: [x]\n")
	defer func() { Stdin = os.Stdin }()
	var piped bytes.Buffer
	if err := Run(context.Background(), Options{Scenarios: []string{"-"}, Trials: 1000, Stdout: &piped}); err != nil || !strings.HasPrefix(piped.String(), "piped") {
		t.Errorf("stdin: %v\n%s", err, piped.String())
	}
}
