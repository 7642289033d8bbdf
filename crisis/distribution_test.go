package crisis

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestDistributions: the continuous outcomes and the attack year carry
// distributions whose counts add up to the estimate's n, whose
// percentiles are ordered, and no value falls outside the bins; the attack
// year's counts add up to the attacks, year by year within the horizon.
func TestDistributions(t *testing.T) {
	r := sharedRun(t)
	withDist := map[string]bool{MetricTerritoryShare: true, MetricAttackYear: true}
	for _, mi := range r.Metrics {
		if strings.HasPrefix(mi.Name, MetricCostPrefix) {
			withDist[mi.Name] = true
		}
	}
	for _, a := range r.Arrangements.List {
		attack := get(t, r, a.ID, MetricAttack)
		for j, mi := range r.Metrics {
			e := a.Estimates[j]
			d := e.Distribution
			if (d != nil) != withDist[mi.Name] {
				t.Errorf("%s %s: distribution %v, want one: %v", a.ID, mi.Name, d != nil, withDist[mi.Name])
				continue
			}
			if d == nil {
				continue
			}
			if got := d.Histogram().Total(); got != e.N {
				t.Errorf("%s %s: distribution counts %d values, n is %d", a.ID, mi.Name, got, e.N)
			}
			if d.Under != 0 || d.Over != 0 {
				t.Errorf("%s %s: %d values below and %d above the bins", a.ID, mi.Name, d.Under, d.Over)
			}
			if e.N > 0 && !(d.P5 <= d.P50 && d.P50 <= d.P95) {
				t.Errorf("%s %s: percentiles %v, %v, %v out of order", a.ID, mi.Name, d.P5, d.P50, d.P95)
			}
		}
		y := get(t, r, a.ID, MetricAttackYear)
		if want := int64(math.Round(attack.Mean * float64(r.Samples))); y.N != want {
			t.Errorf("%s: %d attack years for %d attacks", a.ID, y.N, want)
		}
		if d := y.Distribution; d != nil && (len(d.Counts) != r.HorizonYears || d.Edges[0] != 0.5) {
			t.Errorf("%s: attack year bins %v, want one per year of %d", a.ID, d.Edges, r.HorizonYears)
		}
		if y.N > 0 && (y.Mean < 1 || y.Mean > float64(r.HorizonYears)) {
			t.Errorf("%s: mean attack year %v outside the horizon", a.ID, y.Mean)
		}
	}
}

// TestDistributionJSON: a distribution's JSON has its figures, null for
// an undefined percentile, and reads back to the same values; malformed
// counts are refused.
func TestDistributionJSON(t *testing.T) {
	d := Distribution{Edges: []float64{0, 0.5, 1}, Counts: []int64{3, 1}, Over: 1, P5: 0.1, P50: 0.4, P95: math.NaN()}
	b, err := json.Marshal(Estimate{Mean: 0.5, CI95: [2]float64{0.4, 0.6}, N: 5, Distribution: &d})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"mean":0.5,"ci95":[0.4,0.6],"n":5,"distribution":{"edges":[0,0.5,1],"counts":[3,1],"under":0,"over":1,"p5":0.1,"p50":0.4,"p95":null}}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
	var back struct {
		Distribution Distribution `json:"distribution"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	g := back.Distribution
	if g.Over != 1 || g.P50 != 0.4 || !math.IsNaN(g.P95) || len(g.Counts) != 2 || g.Edges[2] != 1 {
		t.Errorf("read back %+v", g)
	}
	for _, bad := range []string{`{"edges":[0,1],"counts":[1,2]}`, `{"edges":"x"}`} {
		if err := json.Unmarshal([]byte(bad), &g); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	if b, _ := json.Marshal(Estimate{Mean: 1, CI95: [2]float64{1, 1}, N: 2}); strings.Contains(string(b), "distribution") {
		t.Errorf("an estimate without a distribution: %s", b)
	}
}

func TestCostBins(t *testing.T) {
	edges := costBins()
	if edges[0] != 0 || edges[1] != 1e-6 || edges[2] != 0.01 || edges[len(edges)-1] != 1e5 || len(edges) != 3+(maxCostDecade-minCostDecade)*costBinsPerDecade {
		t.Fatalf("cost bins %v", edges)
	}
	for i := 1; i < len(edges); i++ {
		if !(edges[i] > edges[i-1]) {
			t.Fatalf("edge %d (%v) follows %v", i, edges[i], edges[i-1])
		}
		if i > 2 {
			if r := edges[i] / edges[i-1]; math.Abs(r-math.Pow(10, 0.1)) > 0.01 {
				t.Errorf("edges %v, %v: ratio %v", edges[i-1], edges[i], r)
			}
		}
	}
}
