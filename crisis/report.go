package crisis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/invopop/jsonschema"
)

// Report is a comparison of arrangements: every metric's mean and 95%
// interval under each arrangement (and for some metrics the distribution
// of its values), with what produced them. Its JSON form
// is the output of `bulwark compare --format json`, described by
// schema/compare.schema.json.
type Report struct {
	Scenario       string         `json:"scenario" jsonschema_description:"Id of the scenario."`
	Title          string         `json:"title,omitempty"`
	ScenarioSHA256 string         `json:"scenario_sha256" jsonschema_description:"SHA-256 of the scenario's canonical JSON, --set overrides applied."`
	Seed           uint64         `json:"seed"`
	Samples        int64          `json:"samples" jsonschema_description:"Draws made under every arrangement."`
	Partial        bool           `json:"partial" jsonschema_description:"True if the run was interrupted: the figures cover the first samples draws of the stream."`
	Version        string         `json:"version" jsonschema_description:"Bulwark version."`
	HorizonYears   int            `json:"horizon_years"`
	Precision      float64        `json:"precision,omitempty" jsonschema_description:"Half-width of the 95% intervals of every probability the run aimed at, if it stopped by precision."`
	Stop           string         `json:"stop" jsonschema:"enum=samples,enum=precision,enum=max-samples,enum=interrupted,enum=error"`
	Roles          scenario.Roles `json:"roles"`
	Sets           []string       `json:"sets,omitempty" jsonschema_description:"The --set overrides applied to the scenario."`
	Inherited      []string       `json:"inherited_assumptions,omitempty" jsonschema_description:"Assumptions the scenario lacks, taken from the embedded default scenario (the occupied shares and wartime aid: 0)."`
	Metrics        []MetricInfo   `json:"metrics" jsonschema_description:"The metrics, in table order, with labels in words."`
	Groups         []MetricGroup  `json:"groups,omitempty" jsonschema_description:"The headings under which tables and charts show the metrics, in order; each metric names its heading in group."`
	Arrangements   Arrangements   `json:"arrangements" jsonschema_description:"For each arrangement (in the run's order), each metric's estimate."`
}

// MetricInfo describes one metric.
type MetricInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Kind  string `json:"kind" jsonschema:"enum=probability,enum=mean,enum=conditional-probability,enum=conditional-mean"`
	Actor string `json:"actor,omitempty" jsonschema_description:"The actor of a per-actor metric (expected_cost_ID, p_accepted_ID)."`
	Group string `json:"group,omitempty" jsonschema_description:"The id of the heading (groups) the metric is shown under."`
}

// InPercent reports whether the metric's figures are shown in per cent:
// probabilities and the target's territory share.
func (mi MetricInfo) InPercent() bool {
	return strings.Contains(mi.Kind, "probability") || mi.Name == MetricTerritoryShare
}

// Format writes an estimate of the metric as tables show it: "mean
// [low–high]", per cent figures (InPercent) ×100, one decimal below ten,
// "—" when no draw had a value, and "0" or "0 [0–high]" for an exact
// zero. With sign, a per cent mean carries "%".
func (mi MetricInfo) Format(e Estimate, sign bool) string {
	if math.IsNaN(e.Mean) {
		return "—"
	}
	scale, unit := 1.0, ""
	if mi.InPercent() {
		scale = 100
		if sign {
			unit = "%"
		}
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
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi):
		return f(mean) + unit
	case mean == 0 && lo == 0 && hi == 0:
		return "0" + unit
	case mean == 0 && lo == 0:
		dec = 1
		return "0" + unit + " [0–" + f(hi) + "]"
	}
	return f(mean) + unit + " [" + f(lo) + "–" + f(hi) + "]"
}

// Section is a heading of a Report with the indices (into Metrics and
// every arrangement's Estimates) of the metrics under it.
type Section struct {
	MetricGroup
	Metrics []int
}

// Sections lists the report's headings in order, each with its metrics,
// leaving out empty ones. A report read from JSON written before groups
// were recorded is grouped by MetricGroups.
func (r *Report) Sections() []Section {
	groups := r.Groups
	if len(groups) == 0 {
		groups = MetricGroups()
	}
	var out []Section
	for _, g := range groups {
		sec := Section{MetricGroup: g}
		for j, mi := range r.Metrics {
			in := mi.Group == g.ID
			if mi.Group == "" && g.Has != nil {
				in = g.Has(mi.Name)
			}
			if in {
				sec.Metrics = append(sec.Metrics, j)
			}
		}
		if len(sec.Metrics) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

// Estimate is one metric's estimate under one arrangement: the mean and
// its 95% interval (Wilson's for probabilities), null when no draw had a
// value, and the number of draws with a value; for the metrics with a
// histogram, the distribution of the values.
type Estimate struct {
	Mean float64    `json:"mean"`
	CI95 [2]float64 `json:"ci95"`
	N    int64      `json:"n"`
	// Distribution is nil for a metric without a histogram (and in a
	// comparison stored before they had one).
	Distribution *Distribution `json:"distribution,omitempty"`
}

// Distribution is the distribution of a metric's values over the draws
// (those with a value, for a conditional metric): counts in fixed bins,
// and the 5th, 50th and 95th percentiles read from them (see
// montecarlo.Histogram.Quantile; NaN, null in JSON, when a percentile
// falls outside the bins). Counts[i] counts values in
// [Edges[i], Edges[i+1]), the last bin closed; Under and Over count those
// outside.
type Distribution struct {
	Edges  []float64 `json:"edges"`
	Counts []int64   `json:"counts"`
	Under  int64     `json:"under"`
	Over   int64     `json:"over"`
	P5     float64   `json:"p5"`
	P50    float64   `json:"p50"`
	P95    float64   `json:"p95"`
}

// DistributionOf summarises a histogram; nil for nil.
func DistributionOf(h *montecarlo.Histogram) *Distribution {
	if h == nil {
		return nil
	}
	return &Distribution{Edges: h.Edges, Counts: h.Counts, Under: h.Under, Over: h.Over,
		P5: h.Quantile(0.05), P50: h.Quantile(0.5), P95: h.Quantile(0.95)}
}

// Histogram returns the distribution's counts as a montecarlo.Histogram.
func (d *Distribution) Histogram() *montecarlo.Histogram {
	return &montecarlo.Histogram{Edges: d.Edges, Counts: d.Counts, Under: d.Under, Over: d.Over}
}

// MarshalJSON writes NaN percentiles as null.
func (d Distribution) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"edges":[`)
	for i, e := range d.Edges {
		if i > 0 {
			b.WriteByte(',')
		}
		writeNum(&b, e)
	}
	b.WriteString(`],"counts":`)
	cb, err := json.Marshal(d.Counts)
	if err != nil {
		return nil, err
	}
	if d.Counts == nil {
		cb = []byte("[]")
	}
	b.Write(cb)
	fmt.Fprintf(&b, `,"under":%d,"over":%d,"p5":`, d.Under, d.Over)
	writeNum(&b, d.P5)
	b.WriteString(`,"p50":`)
	writeNum(&b, d.P50)
	b.WriteString(`,"p95":`)
	writeNum(&b, d.P95)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the form MarshalJSON writes; null percentiles
// become NaN.
func (d *Distribution) UnmarshalJSON(data []byte) error {
	var w struct {
		Edges  []float64 `json:"edges"`
		Counts []int64   `json:"counts"`
		Under  int64     `json:"under"`
		Over   int64     `json:"over"`
		P5     *float64  `json:"p5"`
		P50    *float64  `json:"p50"`
		P95    *float64  `json:"p95"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("crisis: decoding a distribution: %w", err)
	}
	if len(w.Edges) != len(w.Counts)+1 {
		return fmt.Errorf("crisis: a distribution with %d edges for %d bins", len(w.Edges), len(w.Counts))
	}
	nan := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	*d = Distribution{Edges: w.Edges, Counts: w.Counts, Under: w.Under, Over: w.Over, P5: nan(w.P5), P50: nan(w.P50), P95: nan(w.P95)}
	return nil
}

// JSONSchema describes a Distribution.
func (Distribution) JSONSchema() *jsonschema.Schema {
	null := &jsonschema.Schema{Type: "null"}
	count := &jsonschema.Schema{Type: "integer", Minimum: json.Number("0")}
	pct := func(p string) *jsonschema.Schema {
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{{Type: "number"}, null},
			Description: "The " + p + " percentile, read from the counts by spreading each bin's values evenly over it; null when it falls among the values outside the bins."}
	}
	props := jsonschema.NewProperties()
	props.Set("edges", &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "number"}, MinItems: ptr(uint64(2)),
		Description: "The increasing bin edges: bin i is [edges[i], edges[i+1]), the last bin closed."})
	props.Set("counts", &jsonschema.Schema{Type: "array", Items: count, MinItems: ptr(uint64(1)),
		Description: "Values in each bin: one fewer than the edges."})
	props.Set("under", &jsonschema.Schema{Type: "integer", Minimum: json.Number("0"), Description: "Values below the first edge."})
	props.Set("over", &jsonschema.Schema{Type: "integer", Minimum: json.Number("0"), Description: "Values above the last edge."})
	props.Set("p5", pct("5th"))
	props.Set("p50", pct("50th"))
	props.Set("p95", pct("95th"))
	return &jsonschema.Schema{
		Type: "object",
		Description: "The distribution of the metric's values over the draws (those with a value, for a conditional metric): counts in fixed bins, " +
			"which add up to n, and percentiles read from them.",
		Properties:           props,
		Required:             []string{"edges", "counts", "under", "over", "p5", "p50", "p95"},
		AdditionalProperties: jsonschema.FalseSchema,
	}
}

// MarshalJSON writes NaN figures as null.
func (e Estimate) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"mean":`)
	writeNum(&b, e.Mean)
	b.WriteString(`,"ci95":`)
	if math.IsNaN(e.CI95[0]) || math.IsNaN(e.CI95[1]) {
		b.WriteString("null")
	} else {
		b.WriteByte('[')
		writeNum(&b, e.CI95[0])
		b.WriteByte(',')
		writeNum(&b, e.CI95[1])
		b.WriteByte(']')
	}
	b.WriteString(`,"n":`)
	nb, _ := json.Marshal(e.N)
	b.Write(nb)
	if e.Distribution != nil {
		b.WriteString(`,"distribution":`)
		db, err := e.Distribution.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b.Write(db)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeNum(b *bytes.Buffer, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		b.WriteString("null")
		return
	}
	nb, _ := json.Marshal(x)
	b.Write(nb)
}

// JSONSchema describes an Estimate.
func (Estimate) JSONSchema() *jsonschema.Schema {
	null := &jsonschema.Schema{Type: "null"}
	props := jsonschema.NewProperties()
	props.Set("mean", &jsonschema.Schema{OneOf: []*jsonschema.Schema{{Type: "number"}, null},
		Description: "The mean: a probability or an average; null when no draw had a value."})
	props.Set("ci95", &jsonschema.Schema{OneOf: []*jsonschema.Schema{
		{Type: "array", Items: &jsonschema.Schema{Type: "number"}, MinItems: ptr(uint64(2)), MaxItems: ptr(uint64(2))}, null},
		Description: "The 95% interval: Wilson score for probabilities, normal approximation for means."})
	props.Set("n", &jsonschema.Schema{Type: "integer", Minimum: json.Number("0"),
		Description: "Draws with a value: all draws, or for a conditional metric those in which its condition occurred."})
	props.Set("distribution", Distribution{}.JSONSchema())
	return &jsonschema.Schema{
		Type:                 "object",
		Description:          "One metric's estimate under one arrangement.",
		Properties:           props,
		Required:             []string{"mean", "ci95", "n"},
		AdditionalProperties: jsonschema.FalseSchema,
	}
}

func ptr[T any](v T) *T { return &v }

// ArrangementEstimates are one arrangement's estimates, in metric order.
type ArrangementEstimates struct {
	ID        string
	Title     string
	Estimates []Estimate // in Report.Metrics order
}

// Arrangements are the arrangements' estimates, in the run's order. In
// JSON they are an object keyed by arrangement id, each an object keyed
// by metric name.
type Arrangements struct {
	Metrics []string
	List    []ArrangementEstimates
}

// MarshalJSON writes the arrangements and metrics in order.
func (a Arrangements) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, arr := range a.List {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(arr.ID)
		b.Write(k)
		b.WriteString(":{")
		for j, e := range arr.Estimates {
			if j > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(a.Metrics[j])
			b.Write(k)
			b.WriteByte(':')
			eb, _ := e.MarshalJSON()
			b.Write(eb)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// JSONSchema describes Arrangements: arrangement id → metric name →
// Estimate.
func (Arrangements) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Type:        "object",
		Description: "Arrangement id → metric name → estimate.",
		AdditionalProperties: &jsonschema.Schema{
			Type:                 "object",
			AdditionalProperties: Estimate{}.JSONSchema(),
		},
	}
}

// Get returns the estimate of metric under arrangement, and whether both
// exist.
func (r *Report) Get(arrangement, metric string) (Estimate, bool) {
	j := -1
	for i, m := range r.Metrics {
		if m.Name == metric {
			j = i
		}
	}
	if j < 0 {
		return Estimate{}, false
	}
	for _, a := range r.Arrangements.List {
		if a.ID == arrangement {
			return a.Estimates[j], true
		}
	}
	return Estimate{}, false
}

// Report turns a run of the model into a Report. The caller fills in
// Version and Sets.
func (m *Model) Report(res *montecarlo.Result) *Report {
	r := &Report{
		Scenario: m.s.Doc.ID, Title: m.s.Doc.Title, ScenarioSHA256: m.s.SHA256(),
		Seed: res.Seed, Samples: res.Draws, Partial: res.Partial, HorizonYears: m.horizon,
		Precision: res.Precision, Stop: string(res.Stop), Roles: m.s.Doc.Roles, Inherited: m.Inherited(),
	}
	groups := MetricGroups()
	used := make([]bool, len(groups))
	for _, s := range m.metrics {
		info := MetricInfo{Name: s.name, Label: s.label, Kind: s.kind.String()}
		if s.actor >= 0 {
			info.Actor = m.parties[s.actor].id
		}
		for k, g := range groups {
			if g.Has(s.name) {
				info.Group, used[k] = g.ID, true
				break
			}
		}
		r.Metrics = append(r.Metrics, info)
		r.Arrangements.Metrics = append(r.Arrangements.Metrics, s.name)
	}
	for k, g := range groups {
		if used[k] {
			r.Groups = append(r.Groups, g)
		}
	}
	for _, g := range res.Groups {
		ae := ArrangementEstimates{ID: g.Name, Title: m.Title(g.Name)}
		for _, s := range m.metrics {
			e := Estimate{Mean: math.NaN(), CI95: [2]float64{math.NaN(), math.NaN()}}
			if mr := g.Metric(s.name); mr != nil {
				e = Estimate{Mean: mr.Mean, CI95: mr.CI95, N: mr.Count, Distribution: DistributionOf(mr.Histogram)}
			}
			ae.Estimates = append(ae.Estimates, e)
		}
		r.Arrangements.List = append(r.Arrangements.List, ae)
	}
	return r
}
