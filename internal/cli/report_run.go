package cli

import (
	"context"
	"strings"

	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/report"
	"github.com/spf13/cobra"
)

// runComputeFlags are the flags of bulwark report that choose and run a
// comparison, meaningless for a report of a stored run (--run), whose
// figures are fixed: given with --run they are refused, not ignored.
func runComputeFlags() []string {
	return []string{"scenario", "set", "arrangements", "samples", "precision", "seed", "workers", "no-store"}
}

// addRunFlag registers bulwark report's --run.
func addRunFlag(c *cobra.Command, opts *reportOptions) {
	c.Flags().StringVar(&opts.run, "run", "", "rebuild the report of this stored run (an id or a unique prefix, see bulwark runs list) without running the model again")
}

// reportFromRun writes the report of a stored run (bulwark report --run
// ID): its scenario from the canonical text stored with it, its figures
// from its stored results. Nothing is computed again, so the report shows
// exactly the figures of the run, and the version that computed them; it
// saves no new run. --store names the store to read.
func reportFromRun(ctx context.Context, c *cobra.Command, opts *reportOptions, format string) error {
	var given []string
	for _, name := range runComputeFlags() {
		if c.Flags().Changed(name) {
			given = append(given, "--"+name)
		}
	}
	if len(given) > 0 {
		return invalidf("--run rebuilds the report of a stored run, with its own scenario and figures; it cannot be combined with %s (to run a new comparison, leave out --run)",
			strings.Join(given, ", "))
	}
	st, err := openRunStore(opts.compare.store.path)
	if err != nil {
		return err
	}
	defer st.Close()
	run, err := st.Get(ctx, opts.run)
	if err != nil {
		return lookupErr(err)
	}
	data, err := runner.StoredReport(run)
	if err != nil {
		return err
	}
	if format == "markdown" {
		return report.WriteMarkdown(opts.output, data)
	}
	return writeHTMLFile(opts.output, data)
}
