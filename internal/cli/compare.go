package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/progress"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/spf13/cobra"
)

// Defaults of bulwark compare: stop once every probability of every
// arrangement is known to ±0.005 (95% Wilson interval), with seed 1.
const (
	defaultComparePrecision = 0.005
	defaultCompareSeed      = 1
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
	c.Flags().Float64Var(&opts.precision, "precision", defaultComparePrecision, "stop when every probability's 95% interval is within ±P")
	c.Flags().Uint64Var(&opts.seed, "seed", defaultCompareSeed, "random seed")
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
	werr := writeReport(opts.io.Out, opts.format, run.model, run.rep)
	opts.store.saveReport(ctx, c, opts.io, run.s, run.rep, run.started, run.err) // partial if interrupted
	if werr != nil {
		return werr
	}
	return runError(run.err)
}

// comparison is a finished (or interrupted) run of the crisis model.
type comparison struct {
	s       *scenario.Scenario
	model   *crisis.Model
	rep     *crisis.Report
	started time.Time
	// err is the run's own error (an interruption, say); rep then holds
	// what was done, marked partial.
	err error
}

// runError turns a comparison's error into the command's: an interruption
// stays itself (exit code 130).
func runError(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("running the crisis model: %w", err)
}

// compareCompute checks the options, loads the scenario and runs the crisis
// model over the chosen arrangements, with a progress bar labelled label.
// It returns an error only when there are no figures at all.
func compareCompute(ctx context.Context, c *cobra.Command, opts *compareOptions, label string) (*comparison, error) {
	cfg := montecarlo.Config{Seed: opts.seed}
	switch {
	case c.Flags().Changed("samples") && c.Flags().Changed("precision"):
		return nil, invalidf("give --samples or --precision, not both")
	case c.Flags().Changed("samples"):
		if opts.samples < 1 || opts.samples > montecarlo.MaxSamples {
			return nil, invalidf("--samples %d: give a number of draws from 1 to %d", opts.samples, int64(montecarlo.MaxSamples))
		}
		cfg.Samples = opts.samples
	default:
		if math.IsNaN(opts.precision) || opts.precision <= 0 || opts.precision >= 1 {
			return nil, invalidf("--precision %v: give a half-width between 0 and 1, e.g. 0.01", opts.precision)
		}
		cfg.Precision = opts.precision
	}
	if opts.workers < 0 || opts.workers > montecarlo.MaxWorkers {
		return nil, invalidf("--workers %d: give 0 (one per CPU) to %d", opts.workers, montecarlo.MaxWorkers)
	}
	cfg.Workers = opts.workers
	s, err := opts.flags.start(ctx, opts.io)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range opts.arrangements {
		a = strings.TrimSpace(a)
		if _, ok := s.Arrangement(a); !ok {
			hint := diag.DidYouMean(a, s.ArrangementIDs())
			if hint != "" {
				hint = " (" + hint + ")"
			}
			return nil, invalidf("unknown arrangement %q%s; the scenario has %s", a, hint, strings.Join(s.ArrangementIDs(), ", "))
		}
		for _, b := range ids {
			if a == b {
				return nil, invalidf("arrangement %q given twice in --arrangements", a)
			}
		}
		ids = append(ids, a)
	}
	model, err := crisis.New(s, crisis.Options{Arrangements: ids})
	if err != nil {
		return nil, fmt.Errorf("building the crisis model: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bar := progress.New(opts.io.ErrOut, label)
	cfg.Progress = bar.Update
	if hook, ok := ctx.Value(progressHookKey{}).(func(montecarlo.Progress)); ok {
		cfg.Progress = func(p montecarlo.Progress) { bar.Update(p); hook(p) }
	}
	started := time.Now()
	res, runErr := model.Run(ctx, cfg)
	bar.Finish(runErr == nil)
	if res == nil {
		return nil, fmt.Errorf("running the crisis model: %w", runErr)
	}
	rep := model.Report(res)
	rep.Version = Version()
	rep.Sets = opts.flags.sets
	return &comparison{s: s, model: model, rep: rep, started: started, err: runErr}, nil
}

func writeReport(w io.Writer, format string, m *crisis.Model, r *crisis.Report) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "csv":
		return writeCompareCSV(w, r)
	case "markdown":
		return writeCompareTable(w, m, r, true)
	}
	return writeCompareTable(w, m, r, false)
}

// writeCompareCSV writes one row per arrangement and metric.
func writeCompareCSV(w io.Writer, r *crisis.Report) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"arrangement", "metric", "label", "kind", "mean", "ci95_low", "ci95_high", "n"})
	num := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	for _, a := range r.Arrangements.List {
		for j, e := range a.Estimates {
			mi := r.Metrics[j]
			_ = cw.Write([]string{a.ID, mi.Name, mi.Label, mi.Kind, num(e.Mean), num(e.CI95[0]), num(e.CI95[1]), strconv.FormatInt(e.N, 10)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// section is a group of the table's rows.
type section struct {
	title string
	rows  func(name string) bool
}

// compareSections are the table's sections, in order.
func compareSections() []section {
	return []section{
		{"Renewed aggression", func(n string) bool {
			return n == crisis.MetricAttack || n == crisis.MetricFullInvasion || n == crisis.MetricGrayZone
		}},
		{"If war comes: how far it widens", func(n string) bool {
			switch n {
			case crisis.MetricGuarantorsFight, crisis.MetricStrikeAlliance, crisis.MetricAllianceInvoked,
				crisis.MetricPatronAtWar, crisis.MetricPatronAtWarAttack, crisis.MetricNuclearUse:
				return true
			}
			return false
		}},
		{"Outcome", func(n string) bool { return n == crisis.MetricTerritoryShare }},
		{"Costs, EUR bn over the horizon (aid, war, sanctions)", func(n string) bool { return strings.HasPrefix(n, crisis.MetricCostPrefix) }},
		{"Who accepts the arrangement rather than continue the war", func(n string) bool {
			return strings.HasPrefix(n, crisis.MetricAcceptedPrefix) || n == crisis.MetricFeasible
		}},
	}
}

// cell formats one estimate: probabilities and shares in per cent, costs
// in EUR bn; one decimal below 10.
func cell(kind, name string, e crisis.Estimate) string {
	if math.IsNaN(e.Mean) {
		return "—"
	}
	scale := 1.0
	if strings.Contains(kind, "probability") || name == crisis.MetricTerritoryShare {
		scale = 100
	}
	mean, lo, hi := e.Mean*scale, e.CI95[0]*scale, e.CI95[1]*scale
	dec := 0
	if math.Abs(mean) < 10 {
		dec = 1
	}
	f := func(x float64) string {
		s := strconv.FormatFloat(x, 'f', dec, 64)
		if s == "-0" || s == "-0.0" {
			s = s[1:]
		}
		return s
	}
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return f(mean)
	}
	if mean == 0 && lo == 0 && hi == 0 {
		return "0"
	}
	if mean == 0 && lo == 0 {
		dec = 1
		return fmt.Sprintf("0 [0–%s]", f(hi))
	}
	return fmt.Sprintf("%s [%s–%s]", f(mean), f(lo), f(hi))
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
	for _, sec := range compareSections() {
		rows = append(rows, row{label: sec.title})
		for j, mi := range r.Metrics {
			if !sec.rows(mi.Name) {
				continue
			}
			rw := row{label: shortLabel(mi)}
			for _, a := range r.Arrangements.List {
				rw.cells = append(rw.cells, cell(mi.Kind, mi.Name, a.Estimates[j]))
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
