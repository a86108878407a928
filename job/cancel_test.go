package job

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestCancelAfterSampling: an interrupt that arrives once sampling is done
// (while the result is analysed, figures drawn and files written) ends every
// command with context.Canceled, prints nothing and writes no folder.
func TestCancelAfterSampling(t *testing.T) {
	type runner func(context.Context, Options) error
	for _, tc := range []struct {
		name    string
		run     runner
		format  string
		out     bool
		compare bool
	}{
		{"run table", Run, Table, false, false},
		{"run json", Run, JSON, false, false},
		{"run csv", Run, CSV, false, false},
		{"run folder", Run, Table, true, false},
		{"compare table", Compare, Table, false, true},
		{"compare folder", Compare, JSON, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			dir := filepath.Join(t.TempDir(), "out")
			var out bytes.Buffer
			opts := Options{
				Scenarios: []string{"openai-2024"}, Trials: 4096, Workers: 2, Format: tc.format,
				Date: date, Engine: "test", Stdout: &out, AllVariants: tc.compare,
				Progress: func(int64) (func(int64), func()) { return nil, cancel },
			}
			if tc.out {
				opts.Out = dir
			}
			err := tc.run(ctx, opts)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			if out.Len() != 0 {
				t.Errorf("printed %d bytes after the interrupt", out.Len())
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("the folder exists after the interrupt (%v)", err)
			}
		})
	}
}
