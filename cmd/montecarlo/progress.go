package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progressDelay is how long a run goes before it shows a progress bar:
// shorter runs finish before a bar would tell anything.
const progressDelay = time.Second

// progress shows a progress bar on w for a run of total trials, once the run
// has lasted delay. Its update method is sim.Config.Progress.
type progress struct {
	w     io.Writer
	total int64
	delay time.Duration
	start time.Time

	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

// newProgress returns a progress reporter for a run of total trials, or nil
// when stderr is not a terminal or quiet is set: a bar is for people
// watching, never for logs or pipes.
func newProgress(stderr io.Writer, total int64, quiet bool) *progress {
	if quiet {
		return nil
	}
	f, ok := stderr.(*os.File)
	if !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return nil
	}
	return &progress{w: stderr, total: total, delay: progressDelay, start: time.Now()}
}

// update records that done trials have completed.
func (p *progress) update(done int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		if time.Since(p.start) < p.delay {
			return
		}
		p.bar = progressbar.NewOptions64(p.total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("trials"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
		)
	}
	p.bar.Set64(done)
}

// finish removes the bar, if one was shown.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
		p.bar.Exit()
	}
}

// callback returns the function to set as sim.Config.Progress, nil for no bar.
func (p *progress) callback() func(int64) {
	if p == nil {
		return nil
	}
	return p.update
}
