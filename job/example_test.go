package job_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/montecarlo-risk/montecarlo/job"
)

// ExampleRun runs the reference scenario for a few thousand trials and
// prints the start of its statistics as CSV; with Options.Out it would also
// write the report folder.
func ExampleRun() {
	var out strings.Builder
	err := job.Run(context.Background(), job.Options{
		Scenarios: []string{"../benchmarks/reference.yaml"},
		Trials:    2048,
		Seed:      1,
		HasSeed:   true,
		Format:    job.CSV,
		Date:      time.Date(2024, 7, 24, 12, 0, 0, 0, time.UTC),
		Stdout:    &out,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(out.String(), "\n")
	fmt.Println(strings.Join(lines[:4], "\n"))
	// Output:
	// output,period,statistic,value,se
	// loss,,n,2048,
	// loss,,nonfinite,0,
	// loss,,mean,4.817904836992489,0.013333084386301142
}
