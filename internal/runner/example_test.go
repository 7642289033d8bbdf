package runner_test

import (
	"context"
	"fmt"

	"github.com/bulwark-sim/bulwark/internal/runner"
)

// A comparison of two arrangements of the embedded default scenario, with
// a fixed number of draws, turned into the record the run store keeps.
func Example() {
	samples := int64(2048)
	plan, err := runner.Prepare(context.Background(), runner.Spec{
		Arrangements: []string{"nato", "none"},
		Samples:      &samples,
		Seed:         runner.DefaultSeed,
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := plan.Run(context.Background(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, err := runner.Record("example", nil, res.Scenario, res.Report, res.Started, res.Finished, res.Err)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Report.Scenario, res.Report.Samples, len(res.Report.Arrangements.List), rec.Status)

	// A bad option is an *InvalidError, with the command line's wording.
	_, err = runner.Prepare(context.Background(), runner.Spec{Workers: -1}, nil)
	fmt.Println(err)
	// Output:
	// menon2023 2048 2 complete
	// --workers -1: give 0 (one per CPU) to 4096
}
