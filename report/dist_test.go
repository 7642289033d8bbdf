package report

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/crisis"
)

// TestDistributionViews: the timing table ends at P(attack) under every
// arrangement, the histograms' tables hold the distributions'
// percentiles, and a comparison without distributions (stored before
// the model had them) renders without the section.
func TestDistributionViews(t *testing.T) {
	d := compare(t, nil)
	r := d.Report
	timing, hists := distributionViews(r, d.Scenario.ActorName)
	if timing == nil || len(hists) != 3 {
		t.Fatalf("timing %v, %d histograms; want both", timing != nil, len(hists))
	}
	last := timing.Rows[len(timing.Rows)-1]
	if len(timing.Rows) != r.HorizonYears || last.Label != "By the end of year "+strconv.Itoa(r.HorizonYears) {
		t.Fatalf("timing rows %d, last %q", len(timing.Rows), last.Label)
	}
	for i, a := range r.Arrangements.List {
		attack, _ := r.Get(a.ID, crisis.MetricAttack)
		if want := strconv.FormatFloat(attack.Mean*100, 'f', 1, 64) + "%"; last.Cells[i] != want {
			t.Errorf("%s: P(attack by the horizon) %s, p_attack %s", a.ID, last.Cells[i], want)
		}
		prev := -1.0
		for _, row := range timing.Rows {
			v, err := strconv.ParseFloat(strings.TrimSuffix(row.Cells[i], "%"), 64)
			if err != nil || v < prev {
				t.Errorf("%s: %s is %q after %v", a.ID, row.Label, row.Cells[i], prev)
			}
			prev = v
		}
	}
	wantTitles := []string{crisis.MetricTerritoryShare, crisis.MetricCostPrefix + "RUS", crisis.MetricCostPrefix + "UKR"}
	for k, h := range hists {
		j := metricIndex(r, wantTitles[k])
		if h.Title != "Distribution: "+r.Metrics[j].Label {
			t.Errorf("histogram %d is %q, want %s", k, h.Title, wantTitles[k])
		}
		median := h.Rows[1]
		for i, a := range r.Arrangements.List {
			if want := value(r.Metrics[j], a.Estimates[j].Distribution.P50); median.Cells[i] != want {
				t.Errorf("%s %s: median %q, want %q", a.ID, wantTitles[k], median.Cells[i], want)
			}
		}
	}

	for i := range r.Arrangements.List {
		for j := range r.Arrangements.List[i].Estimates {
			r.Arrangements.List[i].Estimates[j].Distribution = nil
		}
	}
	doc := render(t, d)
	if strings.Contains(doc, `id="distributions"`) {
		t.Error("a comparison without distributions has a distributions section")
	}
	if n := checkSVG(t, doc); n != len(crisis.MetricGroups())+len(r.Arrangements.List) {
		t.Errorf("%d charts without distributions", n)
	}
}

func TestBinPos(t *testing.T) {
	edges := []float64{0, 1, 2, 4}
	tests := []struct{ v, want float64 }{
		{-1, 0}, {0, 0}, {0.5, 0.5}, {1, 1}, {3, 2.5}, {4, 3}, {9, 3},
	}
	for _, tt := range tests {
		if got := binPos(edges, tt.v); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("binPos(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestTicks(t *testing.T) {
	share := crisis.MetricInfo{Name: crisis.MetricTerritoryShare, Kind: "mean"}
	cost := crisis.MetricInfo{Name: crisis.MetricCostPrefix + "RUS", Kind: "mean"}
	linear := make([]float64, 51)
	for i := range linear {
		linear[i] = float64(i) / 50
	}
	costEdges := []float64{0, 1e-6, 0.01, 0.0316, 0.1, 0.316, 1, 3.16, 10, 31.6, 100}
	tests := []struct {
		name   string
		mi     crisis.MetricInfo
		edges  []float64
		lo, hi int
		want   []int
	}{
		{"whole share axis: every 20%", share, linear, 0, 50, []int{0, 10, 20, 30, 40, 50}},
		{"narrow share axis: every bin", share, linear, 38, 43, []int{38, 39, 40, 41, 42, 43}},
		{"cost: powers of ten from 0.01", cost, costEdges, 1, 10, []int{2, 4, 6, 8, 10}},
		{"cost within one decade: every bin", cost, costEdges, 6, 7, []int{6, 7}},
	}
	for _, tt := range tests {
		if got := ticks(tt.mi, tt.edges, tt.lo, tt.hi); !slices.Equal(got, tt.want) {
			t.Errorf("%s: ticks %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestValue(t *testing.T) {
	share := crisis.MetricInfo{Name: crisis.MetricTerritoryShare, Kind: "mean"}
	cost := crisis.MetricInfo{Name: crisis.MetricCostPrefix + "RUS", Kind: "mean"}
	tests := []struct {
		mi   crisis.MetricInfo
		v    float64
		want string
	}{
		{share, 0.8049, "80%"},
		{share, 0.052, "5.2%"},
		{cost, 0.0005, "0"},
		{cost, 0.25, "0.25"},
		{cost, 2.05, "2.0"},
		{cost, 287.3, "287"},
		{cost, math.NaN(), "—"},
	}
	for _, tt := range tests {
		if got := value(tt.mi, tt.v); got != tt.want {
			t.Errorf("value(%s, %v) = %q, want %q", tt.mi.Name, tt.v, got, tt.want)
		}
	}
}

// TestBuildTitleFallback: an arrangement title that is only its id (what
// crisis.Model.Title gives an untitled arrangement) is not repeated as a
// title; the scenario's title, if any, is used instead.
func TestBuildTitleFallback(t *testing.T) {
	d := compare(t, nil, "nato")
	r := d.Report
	r.Arrangements.List[0].Title = "nato"
	d2, err := Build(d.Scenario, r, "")
	if err != nil {
		t.Fatal(err)
	}
	arr, _ := d.Scenario.Arrangement("nato")
	if got := d2.Report.Arrangements.List[0].Title; got != arr.Title || got == "nato" {
		t.Errorf("title %q, want the scenario's %q", got, arr.Title)
	}
}
