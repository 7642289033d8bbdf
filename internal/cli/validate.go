package cli

import (
	"context"
	"fmt"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/source"
	"github.com/bulwark-sim/bulwark/internal/yamltree"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/spf13/cobra"
)

type validateOptions struct {
	io    *IO
	files []string
	sets  []string
}

func newCmdValidate(io *IO) *cobra.Command {
	opts := &validateOptions{io: io}
	var flags scenarioFlags
	c := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every problem",
		Long: `Validate reads each scenario file and reports every problem found, sorted
by position, one per line as FILE:LINE:COL: message, with a hint line where a
fix is known. It exits with status 2 if any file has an error. A FILE of "-"
reads standard input.`,
		Example: "  bulwark validate my-scenario.yaml\n  bulwark validate --set arrangements.coalition.guarantors=POL,FIN a.yaml",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.files = args
			opts.sets = flags.sets
			return validateRun(c.Context(), opts)
		},
	}
	flags.addSet(c)
	return c
}

func validateRun(ctx context.Context, opts *validateOptions) error {
	var all diag.List
	var summaries []string
	for _, f := range opts.files {
		if err := ctx.Err(); err != nil {
			return err
		}
		name, src, d := source.Read(f, opts.io.In, yamltree.MaxBytes, "10 MiB")
		var s *scenario.Scenario
		if d == nil {
			s, d = scenario.Load(name, src, opts.sets)
		}
		f = name
		all.Append(d)
		if s != nil {
			summaries = append(summaries, fmt.Sprintf("%s: valid: scenario %q, %d arrangements, %d treaties, %d assumptions, %d named events",
				f, s.Doc.ID, len(s.Doc.Arrangements), len(s.Doc.Treaties), len(s.Doc.Assumptions), len(s.Doc.Events)))
		}
	}
	all.Sort()
	if all.HasErrors() {
		return invalidDiags(all)
	}
	all.WriteText(opts.io.ErrOut)
	for _, s := range summaries {
		fmt.Fprintln(opts.io.Out, s)
	}
	return nil
}
