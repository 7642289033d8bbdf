package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/progress"
	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/spf13/cobra"
)

// progressHookKey keys an optional func(montecarlo.Progress) in the
// context, called with every progress report (tests interrupt runs with it).
type progressHookKey struct{}

type compareOptions struct {
	io           *IO
	flags        scenarioFlags
	arrangements []string
	samples      int64
	precision    float64
	seed         uint64
	workers      int
	format       string
	store        storeFlags
}

func newCmdCompare(io *IO) *cobra.Command {
	opts := &compareOptions{io: io}
	c := &cobra.Command{
		Use:   "compare [--arrangements a,b] [--samples N | --precision P] [--seed S]",
		Short: "Compare the arrangements: risk of attack, of a wider war, and who would accept",
		Long: `Compare runs the crisis model (docs/model.md) under every arrangement of the
scenario, over one stream of random draws, and prints each metric's mean and 95%
interval: how likely renewed aggression is within the horizon, how far a war would
widen (defenders fighting, strikes on alliance territory, the patron at war,
nuclear use), the target's territory and every party's costs, and who would
accept the arrangement rather than continue the war.

By default it stops once every probability is known to ±0.005; --samples N makes
exactly N draws instead. The same scenario, seed and version give the same
figures at any --workers. Ctrl-C prints what was done, marked partial, and exits
with status 130.`,
		Example: `  bulwark compare
  bulwark compare --arrangements coalition,neutrality --samples 20000 --format json
  bulwark compare --set arrangements.coalition.guarantors=POL,EST,LVA,LTU,FIN,SWE,GBR
  bulwark compare --set assumptions.defence_pact_honour_rate.mean=0.22 --format markdown`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return compareRun(c.Context(), c, opts)
		},
	}
	opts.addFlags(c)
	c.Flags().StringVar(&opts.format, "format", "table", "output format: table, json, csv or markdown")
	return c
}

// addFlags registers the flags that choose and run the comparison (all but
// --format), for bulwark compare and bulwark report.
func (opts *compareOptions) addFlags(c *cobra.Command) {
	opts.flags.addScenario(c)
	c.Flags().StringSliceVarP(&opts.arrangements, "arrangements", "a", nil, "arrangements to compare, comma-separated (default: all, in the scenario's order)")
	c.Flags().Int64Var(&opts.samples, "samples", 0, "make exactly N draws per arrangement (instead of --precision)")
	c.Flags().Float64Var(&opts.precision, "precision", runner.DefaultPrecision, "stop when every probability's 95% interval is within ±P")
	c.Flags().Uint64Var(&opts.seed, "seed", runner.DefaultSeed, "random seed")
	c.Flags().IntVar(&opts.workers, "workers", 0, "parallel workers (default: the number of CPUs); results do not depend on it")
	opts.store.add(c)
}

func compareRun(ctx context.Context, c *cobra.Command, opts *compareOptions) error {
	if err := checkFormat(opts.format, "table", "json", "csv", "markdown"); err != nil {
		return err
	}
	run, err := compareCompute(ctx, c, opts, "compare")
	if err != nil {
		return err
	}
	werr := writeReport(opts.io.Out, opts.format, run.Model, run.Report)
	opts.store.saveReport(ctx, c, opts.io, run) // partial if interrupted
	if werr != nil {
		return werr
	}
	return runError(run.Err)
}

// runError turns a comparison's error into the command's: an interruption
// stays itself (exit code 130).
func runError(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("running the crisis model: %w", err)
}

// compareCompute runs the comparison the flags describe (runner.Prepare,
// then Plan.Run), printing the scenario's warnings and a progress bar
// labelled label. It returns an error only when there are no figures at
// all; an interrupted run returns what was done, marked partial, with its
// Err set.
func compareCompute(ctx context.Context, c *cobra.Command, opts *compareOptions, label string) (*runner.Result, error) {
	sp := runner.Spec{File: opts.flags.file, Sets: opts.flags.sets, Arrangements: opts.arrangements,
		Seed: opts.seed, Workers: opts.workers}
	if c.Flags().Changed("samples") {
		sp.Samples = &opts.samples
	}
	if c.Flags().Changed("precision") {
		sp.Precision = &opts.precision
	}
	plan, err := runner.Prepare(ctx, sp, func(warns diag.List) { warns.WriteText(opts.io.ErrOut) })
	if err != nil {
		return nil, err
	}
	bar := progress.New(opts.io.ErrOut, label)
	report := bar.Update
	if hook, ok := ctx.Value(progressHookKey{}).(func(montecarlo.Progress)); ok {
		report = func(p montecarlo.Progress) { bar.Update(p); hook(p) }
	}
	res, err := plan.Run(ctx, report)
	bar.Finish(err == nil && res.Err == nil)
	return res, err
}

func writeReport(w io.Writer, format string, m *crisis.Model, r *crisis.Report) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "csv":
		return runner.WriteCSV(w, r)
	case "markdown":
		return writeCompareTable(w, m, r, true)
	}
	return writeCompareTable(w, m, r, false)
}

// shortLabel drops the units the section heading states.
func shortLabel(mi crisis.MetricInfo) string {
	l := mi.Label
	if i := strings.Index(l, ", EUR bn"); i >= 0 {
		l = l[:i]
	}
	return l
}

// writeCompareTable writes the comparison as a text table a reader takes
// in at a glance, or as a Markdown table.
func writeCompareTable(w io.Writer, m *crisis.Model, r *crisis.Report, markdown bool) error {
	var b strings.Builder
	ids := make([]string, len(r.Arrangements.List))
	for i, a := range r.Arrangements.List {
		ids[i] = a.ID
	}
	partial := ""
	if r.Partial {
		partial = " — PARTIAL: interrupted"
	}
	stop := fmt.Sprintf("%d draws per arrangement", r.Samples)
	switch r.Stop {
	case string(montecarlo.StopPrecision):
		stop += fmt.Sprintf(", every probability to ±%g", r.Precision)
	case string(montecarlo.StopMaxSamples):
		stop += fmt.Sprintf(", the cap, before every probability reached ±%g", r.Precision)
	}
	title := r.Scenario
	if r.Title != "" {
		title += ": " + r.Title
	}
	if markdown {
		fmt.Fprintf(&b, "## Bulwark compare — %s%s\n\n", title, partial)
		fmt.Fprintf(&b, "%d-year horizon; %s; seed %d. Each cell: mean [95%% interval]; probabilities and shares in per cent.\n\n", r.HorizonYears, stop, r.Seed)
	} else {
		fmt.Fprintf(&b, "Bulwark compare — %s%s\n", title, partial)
		fmt.Fprintf(&b, "%d-year horizon; %s; seed %d.\n", r.HorizonYears, stop, r.Seed)
		b.WriteString("Each cell: mean [95% interval]; probabilities and shares in per cent.\n\n")
	}

	type row struct {
		label string
		cells []string
	}
	var rows []row // a row without cells is a section heading
	for _, sec := range r.Sections() {
		rows = append(rows, row{label: sec.Title})
		for _, j := range sec.Metrics {
			mi := r.Metrics[j]
			rw := row{label: shortLabel(mi)}
			for _, a := range r.Arrangements.List {
				rw.cells = append(rw.cells, mi.Format(a.Estimates[j], false))
			}
			rows = append(rows, rw)
		}
	}
	if markdown {
		b.WriteString("| |")
		for _, id := range ids {
			fmt.Fprintf(&b, " %s (`%s`) |", m.Title(id), id)
		}
		b.WriteString("\n|---|")
		for range ids {
			b.WriteString("---|")
		}
		b.WriteByte('\n')
		for _, rw := range rows {
			if rw.cells == nil {
				fmt.Fprintf(&b, "| **%s** |%s\n", rw.label, strings.Repeat(" |", len(ids)))
				continue
			}
			fmt.Fprintf(&b, "| %s | %s |\n", strings.ReplaceAll(rw.label, "|", "\\|"), strings.Join(rw.cells, " | "))
		}
		b.WriteByte('\n')
	} else {
		lw := 0
		for _, rw := range rows {
			if rw.cells != nil {
				lw = max(lw, runeLen(rw.label)+2)
			}
		}
		cw := make([]int, len(ids))
		for i, id := range ids {
			cw[i] = runeLen(id)
			for _, rw := range rows {
				if rw.cells != nil {
					cw[i] = max(cw[i], runeLen(rw.cells[i]))
				}
			}
		}
		pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-runeLen(s))) }
		head := pad("", lw)
		for i, id := range ids {
			head += "  " + pad(id, cw[i])
		}
		b.WriteString(strings.TrimRight(head, " ") + "\n")
		for _, rw := range rows {
			if rw.cells == nil {
				b.WriteString(rw.label + "\n")
				continue
			}
			line := pad("  "+rw.label, lw)
			for i, c := range rw.cells {
				line += "  " + pad(c, cw[i])
			}
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
		b.WriteByte('\n')
		var legend []string
		for _, id := range ids {
			legend = append(legend, fmt.Sprintf("%s: %s.", id, m.Title(id)))
		}
		b.WriteString(strings.Join(legend, " ") + "\n")
	}
	// What produced the figures.
	sets := "at their defaults"
	if len(r.Sets) > 0 {
		sets = "with --set " + strings.Join(r.Sets, ", --set ")
	}
	fmt.Fprintf(&b, "\nAssumptions: those of scenario %s (sha256 %s…) %s", r.Scenario, r.ScenarioSHA256[:12], sets)
	switch n := len(r.Inherited); {
	case n > 8:
		fmt.Fprintf(&b, "; %d of the model's assumptions, which the scenario lacks, taken from the embedded default (listed by --format json)", n)
	case n > 0:
		fmt.Fprintf(&b, "; taken from the embedded default, which the scenario lacks: %s", strings.Join(r.Inherited, ", "))
	}
	b.WriteString(". Each is listed with its source by `bulwark scenario show`; the model and its equations are in docs/model.md.\n")
	fmt.Fprintf(&b, "Seed %d, bulwark %s. Reproduce with --seed %d --samples %d.\n", r.Seed, r.Version, r.Seed, r.Samples)
	_, err := io.WriteString(w, b.String())
	return err
}

func runeLen(s string) int { return len([]rune(s)) }
