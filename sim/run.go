package sim

import (
	"context"
	"fmt"
	"strings"
)

// Run simulates cfg.Trials trials of m and aggregates its outputs. It stops
// early with ctx.Err() when ctx is cancelled, and with a *NonFiniteError when
// an output is NaN or infinite under NaNFail.
func Run(ctx context.Context, m *Model, cfg Config) (*Result, error) {
	panic("todo: engine owner")
}

// NonFiniteError reports the first trial (in trial order) whose output was
// NaN or infinite.
type NonFiniteError struct {
	Output  string       // the output that was not finite
	Formula string       // the first formula of that trial that was not finite
	Trial   int64        // 0-based trial index
	Value   float64      // the output's value
	Inputs  []NamedValue // the trial's input values
}

// NamedValue is a name with a value.
type NamedValue struct {
	Name  string
	Value float64
}

func (e *NonFiniteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "output %q is %v in trial %d (first non-finite formula: %s)", e.Output, e.Value, e.Trial, e.Formula)
	if len(e.Inputs) > 0 {
		b.WriteString("; inputs:")
		for _, in := range e.Inputs {
			fmt.Fprintf(&b, " %s=%g", in.Name, in.Value)
		}
	}
	b.WriteString("; fix the formula or pass --nan=skip to count and leave out such trials")
	return b.String()
}
