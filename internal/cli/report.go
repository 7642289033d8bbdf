package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type reportOptions struct {
	io      *IO
	output  string
	format  string
	compare *compareOptions // the comparison's own options, set by compare's flags
	run     string          // --run: the stored run to report (report_run.go)
}

// newCmdReport builds bulwark report. It runs the comparison as bulwark
// compare does (compareCompute), with compare's own flags, so that the
// figures are exactly those bulwark compare prints.
func newCmdReport(io *IO) *cobra.Command {
	opts := &reportOptions{io: io, compare: &compareOptions{io: io}}
	c := &cobra.Command{
		Use:   "report [compare flags | --run ID] -o FILE [--format html|markdown]",
		Short: "Write a comparison of the arrangements as a self-contained HTML or Markdown report",
		Long: `Report runs bulwark compare, with the same flags and the same figures, and
writes a report a reader can keep, print and cite: charts of every metric with
its 95% interval, the escalation funnel of each arrangement, who is obliged to
do what after each of the scenario's named events (bulwark explain), the
assumptions with their sources, and the seed, scenario hash, version and command
that reproduce it.

The HTML is one file that fetches nothing when opened. The Markdown refers to
its charts as SVG files written beside it, named after it (report.md,
report-chart-aggression.svg, report-funnel-nato.svg, ...). Without --format,
a FILE ending in .md is Markdown and any other HTML.

An interrupted run (Ctrl-C) still writes the report, marked partial, and exits
with status 130.

With --run ID it rebuilds the report of a run saved in the run store (bulwark
runs list) from the scenario and results stored with it, without running the
model again: the same figures, seed and version. compare's flags do not go with
--run; --store names the store to read.`,
		Example: `  bulwark report -o report.html
  bulwark report --arrangements coalition,neutrality --samples 20000 -o report.md
  bulwark report --set assumptions.defence_pact_honour_rate.mean=0.22 -o honour22.html
  bulwark report --run 7 -o run7.html`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return reportRun(c.Context(), c, opts)
		},
	}
	opts.compare.addFlags(c)
	addRunFlag(c, opts)
	c.Flags().StringVarP(&opts.output, "output", "o", "", "file to write (required)")
	c.Flags().StringVar(&opts.format, "format", "", "output format: html or markdown (default: markdown for a FILE ending in .md, else html)")
	return c
}

func reportRun(ctx context.Context, c *cobra.Command, opts *reportOptions) error {
	if opts.output == "" {
		return invalidf("give the file to write with -o FILE, e.g. -o report.html")
	}
	format := opts.format
	if format == "" {
		format = "html"
		if ext := strings.ToLower(filepath.Ext(opts.output)); ext == ".md" || ext == ".markdown" {
			format = "markdown"
		}
	}
	if format != "html" && format != "markdown" {
		return invalidf("unknown --format %q: use html or markdown", format)
	}
	if opts.run != "" {
		return reportFromRun(ctx, c, opts, format)
	}
	run, err := compareCompute(ctx, c, opts.compare, "report")
	if err != nil {
		return err
	}
	rep := run.Report
	data, err := report.Build(run.Scenario, rep, reproduceCommand(c, rep.Samples, opts.output))
	if err != nil {
		return err
	}
	if format == "markdown" {
		err = report.WriteMarkdown(opts.output, data)
	} else {
		err = writeHTMLFile(opts.output, data)
	}
	opts.compare.store.saveReport(ctx, c, opts.io, run) // partial if interrupted
	if err != nil {
		return err
	}
	return runError(run.Err)
}

func writeHTMLFile(path string, d *report.Data) error {
	var b bytes.Buffer
	if err := report.HTML(&b, d); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// reproduceCommand is the command line that reproduces the report: the
// flags given, with the seed and the number of draws made explicit.
func reproduceCommand(c *cobra.Command, samples int64, output string) string {
	args := []string{"bulwark", "report"}
	c.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "seed", "samples", "precision", "workers", "output", "store", "no-store":
			return // where the run is saved does not change the figures
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				args = append(args, "--"+f.Name, runner.Quote(v))
			}
			return
		}
		args = append(args, "--"+f.Name, runner.Quote(f.Value.String()))
	})
	seed, _ := c.Flags().GetUint64("seed")
	args = append(args, "--seed", fmt.Sprint(seed), "--samples", fmt.Sprint(samples), "-o", runner.Quote(output))
	return strings.Join(args, " ")
}
