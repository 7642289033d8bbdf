package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteList writes runs as a table with aligned columns, one run a line,
// and a note if there are none.
func WriteList(w io.Writer, runs []Summary) error {
	if len(runs) == 0 {
		_, err := io.WriteString(w, "No runs saved yet: `bulwark compare` saves each run.\n")
		return err
	}
	tw := newTable()
	fmt.Fprintln(tw, "ID\tSAVED\tCOMMAND\tSTATUS\tSCENARIO\tSHA256\tSEED\tSAMPLES\tDURATION\tVERSION")
	for _, r := range runs {
		samples := "—"
		if r.Samples > 0 {
			samples = strconv.FormatInt(r.Samples, 10)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.ID, r.Saved.Local().Format("2006-01-02 15:04:05"),
			r.Command, r.Status, orDash(r.Scenario), short(r.ScenarioSHA256), r.Seed, samples, dur(r.Duration), orDash(r.Version))
	}
	return tw.flush(w)
}

// WriteRun writes a run's record, then its estimates (mean [95%
// interval], per arrangement and metric) if its results are compare JSON.
// The scenario text and raw results are left to --format json.
func WriteRun(w io.Writer, r *Run) error {
	tw := newTable()
	fmt.Fprintf(tw, "Run\t%s\n", r.ID)
	fmt.Fprintf(tw, "Command\t%s\n", strings.TrimSpace("bulwark "+strings.Join(r.Args, " ")))
	fmt.Fprintf(tw, "Status\t%s\n", r.Status)
	fmt.Fprintf(tw, "Scenario\t%s (sha256 %s)\n", orDash(r.Scenario), orDash(r.ScenarioSHA256))
	fmt.Fprintf(tw, "Seed\t%d\n", r.Seed)
	fmt.Fprintf(tw, "Version\t%s\n", orDash(r.Version))
	fmt.Fprintf(tw, "Saved\t%s\n", r.Saved.Local().Format(time.RFC3339))
	fmt.Fprintf(tw, "Duration\t%s\n", dur(r.Timings.Duration()))
	if err := tw.flush(w); err != nil {
		return err
	}
	est, samples, err := parseResults(r)
	if err != nil {
		return err
	}
	if len(est) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nEstimates (%d draws per arrangement), mean [95%% interval]:\n", samples)
	tw = newTable()
	fmt.Fprintln(tw, "ARRANGEMENT\tMETRIC\tMEAN\tCI95")
	for _, e := range est {
		ci := "—"
		if e.ci != nil {
			ci = "[" + num(&e.ci[0]) + ", " + num(&e.ci[1]) + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.arr, e.metric, num(e.mean), ci)
	}
	return tw.flush(w)
}

// WriteDiff writes a difference: the runs side by side, then every metric
// whose mean changed, with a "*" where the 95% intervals do not overlap.
// Metrics equal in both runs are counted, not listed.
func WriteDiff(w io.Writer, d *Difference) error {
	tw := newTable()
	mark := func(same bool) string {
		if same {
			return "\t"
		}
		return "\t≠"
	}
	fmt.Fprintf(tw, "\tA\tB\t\n")
	fmt.Fprintf(tw, "run\t%s\t%s\n", d.A.ID, d.B.ID)
	fmt.Fprintf(tw, "status\t%s\t%s%s\n", d.A.Status, d.B.Status, mark(d.A.Status == d.B.Status))
	fmt.Fprintf(tw, "scenario\t%s %s\t%s %s%s\n", orDash(d.A.Scenario), short(d.A.ScenarioSHA256),
		orDash(d.B.Scenario), short(d.B.ScenarioSHA256), mark(d.SameScenario))
	fmt.Fprintf(tw, "seed\t%d\t%d%s\n", d.A.Seed, d.B.Seed, mark(d.A.Seed == d.B.Seed))
	fmt.Fprintf(tw, "samples\t%d\t%d%s\n", d.A.Samples, d.B.Samples, mark(d.A.Samples == d.B.Samples))
	fmt.Fprintf(tw, "version\t%s\t%s%s\n", orDash(d.A.Version), orDash(d.B.Version), mark(d.A.Version == d.B.Version))
	same := len(d.ArgsOnlyA) == 0 && len(d.ArgsOnlyB) == 0
	fmt.Fprintf(tw, "args only in one\t%s\t%s%s\n", orDash(strings.Join(d.ArgsOnlyA, " ")), orDash(strings.Join(d.ArgsOnlyB, " ")), mark(same))
	if err := tw.flush(w); err != nil {
		return err
	}
	var changed []MetricDiff
	for _, m := range d.Metrics {
		if (m.A == nil) != (m.B == nil) || (m.A != nil && *m.A != *m.B) {
			changed = append(changed, m)
		}
	}
	unchanged := len(d.Metrics) - len(changed)
	if len(changed) == 0 {
		_, err := fmt.Fprintf(w, "\nNo metric changed (%d compared).\n", unchanged)
		return err
	}
	fmt.Fprintf(w, "\n%d of %d metrics changed (* : the 95%% intervals do not overlap):\n", len(changed), len(d.Metrics))
	tw = newTable()
	fmt.Fprintln(tw, "ARRANGEMENT\tMETRIC\tA\tB\tCHANGE")
	for _, m := range changed {
		star := ""
		if m.CI95A != nil && m.CI95B != nil && !m.Overlap {
			star = " *"
		}
		change := "—"
		if m.Change != nil {
			change = strconv.FormatFloat(*m.Change, 'f', 4, 64)
			if *m.Change > 0 {
				change = "+" + change
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s%s\n", m.Arrangement, m.Metric, num(m.A), num(m.B), change, star)
	}
	return tw.flush(w)
}

// WriteJSON writes v as indented JSON, as the CLI's --format json does.
func WriteJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// table is a tabwriter into a buffer whose lines are written without
// trailing blanks.
type table struct {
	buf bytes.Buffer
	*tabwriter.Writer
}

func newTable() *table {
	t := &table{}
	t.Writer = tabwriter.NewWriter(&t.buf, 0, 0, 2, ' ', 0)
	return t
}

// flush writes the table to w.
func (t *table) flush(w io.Writer) error {
	if err := t.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(t.buf.String(), "\n")
	var b strings.Builder
	for _, l := range lines {
		if strings.HasSuffix(l, "\n") {
			b.WriteString(strings.TrimRight(l[:len(l)-1], " "))
			b.WriteByte('\n')
		} else {
			b.WriteString(l)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func num(x *float64) string {
	if x == nil {
		return "—"
	}
	return strconv.FormatFloat(*x, 'f', 4, 64)
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return orDash(sha)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func dur(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
