package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
	"github.com/montecarlo-risk/montecarlo/suite"
)

// ErrCheckFailed is returned by Check when an expectation fails.
var ErrCheckFailed = errors.New("some expectations failed")

// CheckOptions are Check's options.
type CheckOptions struct {
	Suite   string    // the suite file
	JUnit   string    // if set, also write JUnit XML to this file
	Update  bool      // rewrite the suite's expectations from this run
	Workers int       // goroutines; 0 means one per CPU
	Stdout  io.Writer // the pass/fail table
}

// Check runs a regression suite (package suite): it prints the pass/fail
// table on Stdout and returns ErrCheckFailed if any expectation fails. With
// Update it rewrites the suite file's values from the run instead (keeping
// comments and tolerances), atomically; with JUnit it writes the outcomes
// as JUnit XML for CI systems. Bad suite files are UsageErrors.
func Check(ctx context.Context, o CheckOptions) error {
	src, err := os.ReadFile(o.Suite)
	if err != nil {
		return err
	}
	s, err := suite.Parse(o.Suite, src)
	if err != nil {
		return UsageError{err}
	}
	cfg := sim.DefaultConfig
	cfg.Workers = o.Workers
	// Each case runs as `run` would: with its file's design and correlations.
	prepare := func(sc *scenario.Scenario, cfg *sim.Config) error {
		_, _, err := samplerFor("", sc, sc.Model, cfg)
		return err
	}
	outs, err := s.RunWith(ctx, suite.DefaultLoader(filepath.Dir(o.Suite)), cfg, prepare)
	if err != nil {
		return err
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if err := suite.WriteTable(o.Stdout, outs); err != nil {
		return err
	}
	if o.JUnit != "" {
		var b bytes.Buffer
		if err := suite.WriteJUnit(&b, s.Name, outs); err != nil {
			return err
		}
		if err := writeAtomic(o.JUnit, b.Bytes()); err != nil {
			return fmt.Errorf("writing %s: %w", o.JUnit, err)
		}
	}
	if o.Update {
		b, err := s.Update(outs)
		if err != nil {
			return err
		}
		if err := writeAtomic(o.Suite, b); err != nil {
			return fmt.Errorf("updating %s: %w", o.Suite, err)
		}
		fmt.Fprintf(o.Stdout, "updated %s\n", o.Suite)
		return nil
	}
	if suite.Failed(outs) {
		return ErrCheckFailed
	}
	return nil
}

// writeAtomic writes data to path through a temporary file renamed over it.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}
