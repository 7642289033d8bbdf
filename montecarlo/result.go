package montecarlo

import (
	"encoding/json"
	"fmt"
	"math"
)

// StopReason says why a run ended.
type StopReason string

// Stop reasons.
const (
	// StopSamples: the run made Samples draws (no precision rule).
	StopSamples StopReason = "samples"
	// StopPrecision: the precision rule was met.
	StopPrecision StopReason = "precision"
	// StopMaxSamples: the precision rule was set but not met within
	// Samples draws; the intervals are wider than asked.
	StopMaxSamples StopReason = "max-samples"
	// StopInterrupted: the context was cancelled; the result is partial.
	StopInterrupted StopReason = "interrupted"
	// StopError: a sampler failed; the result is partial.
	StopError StopReason = "error"
)

// Result is the outcome of a run. Its JSON form lists groups, metrics and
// correlations in the order of the Config, and does not depend on the
// number of workers.
type Result struct {
	Seed      uint64  `json:"seed"`
	ChunkSize int     `json:"chunk_size"`
	Samples   int64   `json:"samples"`             // Config.Samples with its default: the draws asked for, or the cap
	Precision float64 `json:"precision,omitempty"` // Config.Precision
	Draws     int64   `json:"draws"`               // draws made, in every group
	Chunks    int64   `json:"chunks"`              // chunks merged
	// Partial is set when the run was interrupted or failed before its
	// stopping rule was met: the result covers the first Draws draws of
	// the stream.
	Partial bool          `json:"partial"`
	Stop    StopReason    `json:"stop"`
	Groups  []GroupResult `json:"groups"`
}

// Group returns the result of the named group, or nil.
func (r *Result) Group(name string) *GroupResult {
	for i := range r.Groups {
		if r.Groups[i].Name == name {
			return &r.Groups[i]
		}
	}
	return nil
}

// GroupResult holds one group's estimates.
type GroupResult struct {
	Name    string         `json:"name"`
	Metrics []MetricResult `json:"metrics"`
	// Differences holds, for groups after the first, the paired
	// difference of each unconditional metric from the first group.
	Differences []Difference `json:"differences,omitempty"`
	// Sensitivity holds, for each metric and then each input, their
	// correlations; it is empty without Inputs.
	Sensitivity []Correlation `json:"sensitivity,omitempty"`
}

// Metric returns the named metric's result, or nil.
func (g *GroupResult) Metric(name string) *MetricResult {
	for i := range g.Metrics {
		if g.Metrics[i].Name == name {
			return &g.Metrics[i]
		}
	}
	return nil
}

// MetricResult is the estimate of one metric in one group. Undefined
// figures are NaN in Go and null in JSON: the mean and interval when no
// draw had a value (a condition that never occurred), the standard
// deviation and a mean's interval with fewer than two values.
type MetricResult struct {
	Name string
	Kind Kind
	// N is the number of draws; Count those with a value: N for
	// unconditional kinds, the number of draws in which the condition
	// occurred for conditional ones.
	N, Count int64
	// Successes is the number of values equal to 1 (probability kinds).
	Successes int64
	// Mean is the estimate: a probability or a mean over Count values.
	Mean float64
	// SD is the sample standard deviation of the values (mean kinds).
	SD float64
	// CI95 is the 95% interval: Wilson score for probability kinds,
	// normal approximation for mean kinds.
	CI95 [2]float64
	// Histogram counts the values in the metric's bins (Metric.Bins);
	// nil for a metric without bins.
	Histogram *Histogram
}

// Interval returns the interval at standard normal quantile z (see ZFor):
// Wilson's for probability kinds, mean ± z·SD/√Count for mean kinds.
func (r *MetricResult) Interval(z float64) (lo, hi float64) {
	if r.Kind.IsProbability() {
		return Wilson(r.Successes, r.Count, z)
	}
	return NormalInterval(r.Mean, r.SD, r.Count, z)
}

// HalfWidth returns half the width of the 95% interval, or NaN.
func (r *MetricResult) HalfWidth() float64 { return (r.CI95[1] - r.CI95[0]) / 2 }

// metricJSON is the wire form of MetricResult.
type metricJSON struct {
	Name       string      `json:"name"`
	Kind       Kind        `json:"kind"`
	N          int64       `json:"n"`
	Conditions *int64      `json:"conditions,omitempty"` // conditional kinds
	Successes  *int64      `json:"successes,omitempty"`  // probability kinds
	Mean       *float64    `json:"mean"`
	SD         *float64    `json:"sd,omitempty"` // mean kinds
	CI95       *[2]float64 `json:"ci95"`
	Histogram  *Histogram  `json:"histogram,omitempty"` // metrics with bins
}

// MarshalJSON writes the result as
//
//	{"name", "kind", "n", "conditions" (conditional kinds),
//	 "successes" (probability kinds), "mean", "sd" (mean kinds), "ci95",
//	 "histogram" (metrics with bins: "edges", "counts", "under", "over")}
//
// with null for undefined figures.
func (r MetricResult) MarshalJSON() ([]byte, error) {
	w := metricJSON{Name: r.Name, Kind: r.Kind, N: r.N, Mean: finite(r.Mean), CI95: finite2(r.CI95), Histogram: r.Histogram}
	if r.Kind.Conditional() {
		w.Conditions = &r.Count
	}
	if r.Kind.IsProbability() {
		w.Successes = &r.Successes
	} else {
		w.SD = finite(r.SD)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the form written by MarshalJSON.
func (r *MetricResult) UnmarshalJSON(b []byte) error {
	var w metricJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("montecarlo: decoding metric result: %w", err)
	}
	*r = MetricResult{Name: w.Name, Kind: w.Kind, N: w.N, Count: w.N,
		Mean: orNaN(w.Mean), SD: orNaN(w.SD), CI95: [2]float64{math.NaN(), math.NaN()}, Histogram: w.Histogram}
	if w.Conditions != nil {
		r.Count = *w.Conditions
	}
	if w.Successes != nil {
		r.Successes = *w.Successes
	}
	if w.CI95 != nil {
		r.CI95 = *w.CI95
	}
	return nil
}

// Difference is the paired difference of an unconditional metric between
// a group and the baseline, the first group: the mean over draws of
// (value in this group − value in the baseline). Both groups saw the same
// random numbers in each draw, so its interval is usually much narrower
// than the two groups' intervals suggest.
type Difference struct {
	Metric, Baseline string
	N                int64
	// Mean is the mean difference; for probabilities, the difference of
	// the two probabilities.
	Mean float64
	// SD is the standard deviation of the per-draw differences.
	SD float64
	// CI95 is the normal-approximation interval Mean ± 1.96·SD/√N.
	CI95 [2]float64
}

type differenceJSON struct {
	Metric   string      `json:"metric"`
	Baseline string      `json:"baseline"`
	N        int64       `json:"n"`
	Mean     *float64    `json:"mean"`
	SD       *float64    `json:"sd"`
	CI95     *[2]float64 `json:"ci95"`
}

// MarshalJSON writes the difference with null for undefined figures.
func (d Difference) MarshalJSON() ([]byte, error) {
	return json.Marshal(differenceJSON{d.Metric, d.Baseline, d.N, finite(d.Mean), finite(d.SD), finite2(d.CI95)})
}

// UnmarshalJSON reads the form written by MarshalJSON.
func (d *Difference) UnmarshalJSON(b []byte) error {
	var w differenceJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("montecarlo: decoding difference: %w", err)
	}
	*d = Difference{Metric: w.Metric, Baseline: w.Baseline, N: w.N, Mean: orNaN(w.Mean), SD: orNaN(w.SD),
		CI95: [2]float64{math.NaN(), math.NaN()}}
	if w.CI95 != nil {
		d.CI95 = *w.CI95
	}
	return nil
}

// Correlation measures how strongly one input drives one metric, over the
// draws in which the metric has a value.
type Correlation struct {
	Metric, Input string
	// N is the number of draws behind Pearson.
	N int64
	// Pearson is the Pearson correlation over all N draws, streamed;
	// PearsonCI95 its 95% interval by Fisher's z transformation.
	Pearson     float64
	PearsonCI95 [2]float64
	// RankN is the number of draws behind Spearman: the first RankSample
	// draws with a value.
	RankN int64
	// Spearman is Spearman's rank correlation (mid-ranks for ties).
	Spearman float64
}

type correlationJSON struct {
	Metric      string      `json:"metric"`
	Input       string      `json:"input"`
	N           int64       `json:"n"`
	Pearson     *float64    `json:"pearson"`
	PearsonCI95 *[2]float64 `json:"pearson_ci95"`
	RankN       int64       `json:"rank_n"`
	Spearman    *float64    `json:"spearman"`
}

// MarshalJSON writes the correlation with null for undefined figures.
func (c Correlation) MarshalJSON() ([]byte, error) {
	return json.Marshal(correlationJSON{c.Metric, c.Input, c.N, finite(c.Pearson), finite2(c.PearsonCI95), c.RankN, finite(c.Spearman)})
}

// UnmarshalJSON reads the form written by MarshalJSON.
func (c *Correlation) UnmarshalJSON(b []byte) error {
	var w correlationJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("montecarlo: decoding correlation: %w", err)
	}
	*c = Correlation{Metric: w.Metric, Input: w.Input, N: w.N, Pearson: orNaN(w.Pearson),
		PearsonCI95: [2]float64{math.NaN(), math.NaN()}, RankN: w.RankN, Spearman: orNaN(w.Spearman)}
	if w.PearsonCI95 != nil {
		c.PearsonCI95 = *w.PearsonCI95
	}
	return nil
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func finite2(f [2]float64) *[2]float64 {
	if finite(f[0]) == nil || finite(f[1]) == nil {
		return nil
	}
	return &f
}

func orNaN(f *float64) float64 {
	if f == nil {
		return math.NaN()
	}
	return *f
}

// result builds the Result from the merged totals. reason is used when
// the stopping rule was not met.
func (m *merger) result(reason StopReason) *Result {
	e := m.e
	r := &Result{
		Seed: e.Seed, ChunkSize: e.ChunkSize, Samples: e.Samples, Precision: e.Precision,
		Draws: m.draws, Chunks: m.chunks, Partial: !m.stopped(), Stop: m.stop,
		Groups: make([]GroupResult, len(e.groups)),
	}
	if !m.stopped() {
		r.Stop = reason
	}
	for g := range e.groups {
		a := &m.accs[g]
		gr := GroupResult{Name: e.groups[g].Name, Metrics: make([]MetricResult, len(e.Metrics))}
		for i, mt := range e.Metrics {
			mom := a.mom[i]
			mr := MetricResult{Name: mt.Name, Kind: mt.Kind, N: m.draws, Count: mom.N, Successes: a.ones[i],
				Mean: math.NaN(), SD: math.NaN()}
			if mt.Kind.IsProbability() {
				if mom.N > 0 {
					mr.Mean = float64(a.ones[i]) / float64(mom.N)
				}
			} else {
				if mom.N > 0 {
					mr.Mean = mom.Mean
				}
				mr.SD = mom.SD()
			}
			mr.CI95[0], mr.CI95[1] = mr.Interval(Z95)
			mr.Histogram = e.histogram(i, a.hist)
			gr.Metrics[i] = mr
		}
		if g > 0 {
			for i, mt := range e.Metrics {
				if mt.Kind.Conditional() {
					continue
				}
				d := a.diff[i]
				diff := Difference{Metric: mt.Name, Baseline: e.groups[0].Name, N: d.N, Mean: math.NaN(), SD: d.SD()}
				if d.N > 0 {
					diff.Mean = d.Mean
				}
				diff.CI95[0], diff.CI95[1] = NormalInterval(diff.Mean, diff.SD, d.N, Z95)
				gr.Differences = append(gr.Differences, diff)
			}
		}
		if nIn := len(e.Inputs); nIn > 0 {
			gr.Sensitivity = make([]Correlation, 0, len(e.Metrics)*nIn)
			for i, mt := range e.Metrics {
				var rho []float64
				var rankN int64
				if m.rank != nil {
					rho, rankN = rankCorrelations(m.rank[g][i], nIn)
				}
				for k, in := range e.Inputs {
					co := a.co[i*nIn+k]
					c := Correlation{Metric: mt.Name, Input: in, N: co.N, Pearson: co.Pearson(), Spearman: math.NaN()}
					c.PearsonCI95[0], c.PearsonCI95[1] = FisherInterval(c.Pearson, co.N, Z95)
					if rho != nil {
						c.RankN, c.Spearman = rankN, rho[k]
					}
					gr.Sensitivity = append(gr.Sensitivity, c)
				}
			}
		}
		r.Groups[g] = gr
	}
	return r
}
