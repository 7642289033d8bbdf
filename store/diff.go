package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Difference is what differs between two runs A and B.
type Difference struct {
	A, B Side `json:"-"`
	// SameScenario reports whether the scenario hashes are equal.
	SameScenario bool `json:"same_scenario"`
	// ArgsOnlyA and ArgsOnlyB are the command-line arguments found in
	// only one of the runs.
	ArgsOnlyA []string `json:"args_only_a"`
	ArgsOnlyB []string `json:"args_only_b"`
	// Metrics are the estimates of every arrangement and metric of either
	// run: A's in A's order, then those only B has.
	Metrics []MetricDiff `json:"metrics"`
}

// Side is one run of a Difference.
type Side struct {
	ID             string   `json:"id"`
	Command        string   `json:"command"`
	Status         Status   `json:"status"`
	Scenario       string   `json:"scenario"`
	ScenarioSHA256 string   `json:"scenario_sha256"`
	Seed           uint64   `json:"seed"`
	Version        string   `json:"version"`
	Samples        int64    `json:"samples"`
	Args           []string `json:"args"`
}

// MarshalJSON writes the sides as "a" and "b".
func (d Difference) MarshalJSON() ([]byte, error) {
	type plain Difference
	return json.Marshal(struct {
		A Side `json:"a"`
		B Side `json:"b"`
		plain
	}{d.A, d.B, plain(d)})
}

// MetricDiff is one metric's estimate under one arrangement in both runs.
// A figure is nil when that run lacks it or it is null (no draw had a
// value).
type MetricDiff struct {
	Arrangement string      `json:"arrangement"`
	Metric      string      `json:"metric"`
	A           *float64    `json:"a"`
	B           *float64    `json:"b"`
	CI95A       *[2]float64 `json:"ci95_a,omitempty"`
	CI95B       *[2]float64 `json:"ci95_b,omitempty"`
	// Change is B − A, nil unless both are set.
	Change *float64 `json:"change"`
	// Overlap reports whether the two 95% intervals overlap (false if
	// either is missing): a change whose intervals do not overlap is
	// unlikely to be noise.
	Overlap bool `json:"overlap"`
}

// estimate is one entry of a compare JSON's arrangements object.
type estimate struct {
	arr, metric string
	mean        *float64
	ci          *[2]float64
}

// results is the part of a compare JSON that Diff reads.
type results struct {
	Samples      int64           `json:"samples"`
	Arrangements json.RawMessage `json:"arrangements"`
}

// Diff compares two runs. It reads the results as compare JSON:
// {"samples":N, "arrangements":{ARR:{METRIC:{"mean":M,"ci95":[L,H]}}}};
// runs without results, or of another shape, yield no metrics. It
// returns an error only if the results are not valid JSON.
func Diff(a, b *Run) (*Difference, error) {
	ea, sa, err := parseResults(a)
	if err != nil {
		return nil, err
	}
	eb, sb, err := parseResults(b)
	if err != nil {
		return nil, err
	}
	d := &Difference{
		A:            side(a, sa),
		B:            side(b, sb),
		SameScenario: a.ScenarioSHA256 == b.ScenarioSHA256,
		ArgsOnlyA:    minus(a.Args, b.Args),
		ArgsOnlyB:    minus(b.Args, a.Args),
	}
	type key struct{ arr, metric string }
	inB := make(map[key]estimate, len(eb))
	for _, e := range eb {
		inB[key{e.arr, e.metric}] = e
	}
	seen := make(map[key]bool, len(ea))
	add := func(x, y *estimate) {
		var m MetricDiff
		if x != nil {
			m.Arrangement, m.Metric, m.A, m.CI95A = x.arr, x.metric, x.mean, x.ci
		}
		if y != nil {
			m.Arrangement, m.Metric, m.B, m.CI95B = y.arr, y.metric, y.mean, y.ci
		}
		if m.A != nil && m.B != nil {
			c := *m.B - *m.A
			m.Change = &c
		}
		if m.CI95A != nil && m.CI95B != nil {
			m.Overlap = m.CI95A[0] <= m.CI95B[1] && m.CI95B[0] <= m.CI95A[1]
		}
		d.Metrics = append(d.Metrics, m)
	}
	for i := range ea {
		k := key{ea[i].arr, ea[i].metric}
		seen[k] = true
		if y, ok := inB[k]; ok {
			add(&ea[i], &y)
		} else {
			add(&ea[i], nil)
		}
	}
	for i := range eb {
		if !seen[key{eb[i].arr, eb[i].metric}] {
			add(nil, &eb[i])
		}
	}
	return d, nil
}

func side(r *Run, samples int64) Side {
	m := summaryOf(r, samples)
	return Side{ID: m.ID, Command: m.Command, Status: m.Status, Scenario: m.Scenario, ScenarioSHA256: m.ScenarioSHA256,
		Seed: m.Seed, Version: m.Version, Samples: m.Samples, Args: m.Args}
}

// minus returns the elements of a not in b, in order.
func minus(a, b []string) []string {
	out := []string{}
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// parseResults reads a run's estimates in document order.
func parseResults(r *Run) ([]estimate, int64, error) {
	if r == nil {
		return nil, 0, fmt.Errorf("diff: no run")
	}
	if len(bytes.TrimSpace(r.Results)) == 0 {
		return nil, 0, nil
	}
	if !json.Valid(r.Results) {
		return nil, 0, fmt.Errorf("run %s: the results are not valid JSON", r.ID)
	}
	var res results
	if err := json.Unmarshal(r.Results, &res); err != nil {
		return nil, 0, nil // not a compare report: no metrics
	}
	var out []estimate
	_ = eachKey(res.Arrangements, func(arr string, v json.RawMessage) error {
		return eachKey(v, func(metric string, v json.RawMessage) error {
			var e struct {
				Mean *float64    `json:"mean"`
				CI95 *[2]float64 `json:"ci95"`
			}
			if json.Unmarshal(v, &e) == nil && (e.Mean == nil || !math.IsNaN(*e.Mean)) {
				out = append(out, estimate{arr, metric, e.Mean, e.CI95})
			}
			return nil
		})
	})
	return out, res.Samples, nil
}

// eachKey calls f with each key and value of a JSON object, in order. It
// does nothing if raw is not an object.
func eachKey(raw json.RawMessage, f func(string, json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if err := f(k, v); err != nil {
			return err
		}
	}
	return nil
}
