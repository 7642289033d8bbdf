package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/scenario"
)

// view is what the report's templates render: the comparison laid out
// as text, tables and SVG charts.
type view struct {
	Title        string
	Description  string
	Sources      []string
	Summary      string
	Partial      bool
	Arrangements []arrHead
	Groups       []chartGroup
	Timing       *chartGroup  // P(first attack by year t); nil without the attack year's distribution
	Dists        []chartGroup // histograms of the main outcomes
	Funnels      []chart
	Traces       []traceView
	Assumptions  []assumptionRow
	Inherited    []string // ids the default scenario does not describe either
	Citation     citation
}

type arrHead struct{ ID, Title string }

type chart struct {
	Title, File, SVG string
}

type chartGroup struct {
	chart
	Rows []tableRow
}

type tableRow struct {
	Label string
	Cells []string
}

type traceView struct {
	Arrangement, ArrTitle string
	EventID, EventTitle   string
	Anchor                string
	Events                []string
	Obliged               []obligationRow
	NotObliged            int
	Conflicts             []conflictRow
}

type obligationRow struct {
	What, Clause, Strength, When, Who string
	Why                               []string
}

type conflictRow struct{ Party, Kind, Detail string }

type assumptionRow struct {
	ID, Description, Unit, Dist, Source string
	Inherited                           bool
}

type citation struct {
	Scenario, SHA256, Version, Stop, Command, Sets string
	Seed                                           uint64
	Samples                                        int64
	Horizon                                        int
	Precision                                      float64
	Partial                                        bool
}

// slug replaces what a file name should not contain.
func slug(s string) string {
	return regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(s, "_")
}

func buildView(d *Data) (*view, error) {
	r, s := d.Report, d.Scenario
	if r == nil || s == nil {
		return nil, fmt.Errorf("report: the data lacks a comparison or a scenario")
	}
	for _, a := range r.Arrangements.List {
		if len(a.Estimates) != len(r.Metrics) {
			return nil, fmt.Errorf("report: arrangement %s has %d estimates for %d metrics", a.ID, len(a.Estimates), len(r.Metrics))
		}
	}
	v := &view{Title: r.Scenario, Description: s.Doc.Description, Sources: s.Doc.Sources, Partial: r.Partial}
	if r.Title != "" {
		v.Title += ": " + r.Title
	}
	stop := fmt.Sprintf("%d draws per arrangement", r.Samples)
	switch r.Stop {
	case "precision":
		stop += fmt.Sprintf(", every probability to ±%g", r.Precision)
	case "max-samples":
		stop += fmt.Sprintf(", the cap, before every probability reached ±%g", r.Precision)
	}
	v.Summary = fmt.Sprintf("%d-year horizon; %s; seed %d.", r.HorizonYears, stop, r.Seed)
	for _, a := range r.Arrangements.List {
		v.Arrangements = append(v.Arrangements, arrHead{a.ID, a.Title})
	}
	for _, sec := range r.Sections() {
		g, idx := sec.MetricGroup, sec.Metrics
		if len(r.Arrangements.List) == 0 {
			continue
		}
		cg := chartGroup{chart: chart{Title: g.Title, File: "chart-" + g.ID + ".svg", SVG: intervalChart(r, g.Title, idx)}}
		for _, j := range idx {
			row := tableRow{Label: r.Metrics[j].Label}
			for _, a := range r.Arrangements.List {
				row.Cells = append(row.Cells, r.Metrics[j].Format(a.Estimates[j], true))
			}
			cg.Rows = append(cg.Rows, row)
		}
		v.Groups = append(v.Groups, cg)
	}
	v.Timing, v.Dists = distributionViews(r, d.Scenario.ActorName)
	for i, a := range r.Arrangements.List {
		name := a.ID
		if a.Title != "" {
			name = a.Title + " (" + a.ID + ")"
		}
		v.Funnels = append(v.Funnels, chart{Title: name, File: "funnel-" + slug(a.ID) + ".svg", SVG: funnelChart(r, i)})
	}
	for _, t := range d.Traces {
		v.Traces = append(v.Traces, traceOf(s, t))
	}
	for _, as := range s.Doc.Assumptions {
		v.Assumptions = append(v.Assumptions, assumptionOf(as, false))
	}
	found := map[string]bool{}
	for _, as := range d.Inherited {
		v.Assumptions = append(v.Assumptions, assumptionOf(as, true))
		found[as.ID] = true
	}
	for _, id := range r.Inherited {
		if !found[id] {
			v.Inherited = append(v.Inherited, id)
		}
	}
	v.Citation = citation{
		Scenario: r.Scenario, SHA256: r.ScenarioSHA256, Version: r.Version, Stop: r.Stop, Command: d.Command,
		Seed: r.Seed, Samples: r.Samples, Horizon: r.HorizonYears, Precision: r.Precision, Partial: r.Partial,
		Sets: strings.Join(r.Sets, ", "),
	}
	if v.Citation.Command == "" {
		v.Citation.Command = ReproduceCommand(r)
	}
	return v, nil
}

// ReproduceCommand is the bulwark compare command line that reproduces
// r's figures with the embedded default scenario: its arrangements, seed,
// --set overrides and the draws it actually made (a precision run's
// stopping point is given as --samples, which reproduces it exactly).
// For a run of another scenario the caller adds its --scenario FILE.
func ReproduceCommand(r *crisis.Report) string {
	var b strings.Builder
	b.WriteString("bulwark compare")
	var ids []string
	for _, a := range r.Arrangements.List {
		ids = append(ids, a.ID)
	}
	fmt.Fprintf(&b, " --arrangements %s --seed %d --samples %d", quote(strings.Join(ids, ",")), r.Seed, r.Samples)
	for _, s := range r.Sets {
		b.WriteString(" --set " + quote(s))
	}
	return b.String()
}

// quote quotes s for a POSIX shell if it needs it.
func quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=:+@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func traceOf(s *scenario.Scenario, t Trace) traceView {
	res := t.Result
	tv := traceView{Arrangement: t.Arrangement, ArrTitle: res.Title, EventID: t.Event.ID, EventTitle: t.Event.Title, Anchor: t.Event.Anchor}
	for _, ev := range res.Events {
		tv.Events = append(tv.Events, ev.Text)
	}
	name := func(id string) string {
		if n := s.ActorName(id); n != "" && n != id {
			return n + " (" + id + ")"
		}
		return id
	}
	index := map[string]int{}
	var parties [][]string
	for _, o := range res.Obliged {
		what := o.Type
		if len(o.Forms) > 0 {
			what += " (" + strings.Join(o.Forms, ", ") + ")"
		}
		what += " of " + name(o.Beneficiary)
		if o.Against != "" {
			what += " against " + name(o.Against)
		}
		when := "whatever happens"
		if o.Event != nil {
			when = fmt.Sprintf("after event %d", *o.Event+1)
		}
		clause := o.Treaty + "/" + o.Clause
		key := what + "\x00" + clause + "\x00" + o.Strength + "\x00" + when
		k, ok := index[key]
		if !ok {
			why := o.Because
			if len(why) > 0 {
				// The last reason names the first party; it stands for the group.
				why = why[:len(why)-1]
			}
			k = len(tv.Obliged)
			index[key] = k
			tv.Obliged = append(tv.Obliged, obligationRow{What: what, Clause: clause, Strength: o.Strength, When: when, Why: why})
			parties = append(parties, nil)
		}
		parties[k] = append(parties[k], o.Party)
	}
	for k, ps := range parties {
		if len(ps) > 8 {
			tv.Obliged[k].Who = fmt.Sprintf("%d parties: %s", len(ps), strings.Join(ps, ", "))
			continue
		}
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = name(p)
		}
		tv.Obliged[k].Who = strings.Join(names, ", ")
	}
	tv.NotObliged = len(res.NotObliged)
	for _, c := range res.Conflicts {
		tv.Conflicts = append(tv.Conflicts, conflictRow{Party: name(c.Party), Kind: c.Kind, Detail: c.Detail})
	}
	return tv
}

func assumptionOf(a scenario.Assumption, inherited bool) assumptionRow {
	f := func(p *float64) string {
		if p == nil {
			return "?"
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	var dist string
	switch a.Dist {
	case scenario.DistPoint:
		dist = "point " + f(a.Value)
	case scenario.DistUniform:
		dist = fmt.Sprintf("uniform(%s, %s)", f(a.Min), f(a.Max))
	case scenario.DistTriangular, scenario.DistPERT:
		dist = fmt.Sprintf("%s(min %s, mode %s, max %s)", a.Dist, f(a.Min), f(a.Mode), f(a.Max))
	case scenario.DistBeta:
		if a.Alpha != nil || a.Beta != nil {
			dist = fmt.Sprintf("beta(α %s, β %s)", f(a.Alpha), f(a.Beta))
		} else {
			dist = fmt.Sprintf("beta(mean %s, sd %s)", f(a.Mean), f(a.SD))
		}
	default:
		dist = fmt.Sprintf("%s(mean %s, sd %s)", a.Dist, f(a.Mean), f(a.SD))
	}
	if len(a.Bounds) == 2 {
		dist += fmt.Sprintf(", truncated to [%g, %g]", a.Bounds[0], a.Bounds[1])
	}
	return assumptionRow{ID: a.ID, Description: a.Description, Unit: a.Unit, Dist: dist, Source: a.Source, Inherited: inherited}
}
