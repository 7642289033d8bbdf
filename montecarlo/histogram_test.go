package montecarlo

import (
	"context"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

func TestLinearBins(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi float64
		n      int
		want   []float64
	}{
		{"quarters", 0, 1, 4, []float64{0, 0.25, 0.5, 0.75, 1}},
		{"one bin", -3, 5, 1, []float64{-3, 5}},
		{"tenths end exactly at hi", 0, 0.3, 3, []float64{0, 0.1, 0.2, 0.3}},
		{"no bins", 0, 1, 0, nil},
		{"too many bins", 0, 1, MaxBins + 1, nil},
		{"empty range", 1, 1, 3, nil},
		{"reversed", 2, 1, 3, nil},
		{"NaN", math.NaN(), 1, 3, nil},
		{"infinite", 0, math.Inf(1), 3, nil},
	}
	for _, tt := range tests {
		got := LinearBins(tt.lo, tt.hi, tt.n)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-15 || got[len(got)-1] != tt.hi {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
}

func TestBinOf(t *testing.T) {
	edges := []float64{0, 1, 2, 4}
	tests := []struct {
		v    float64
		want int // 0 under, 1–3 bins, 4 over
	}{
		{-1, 0},
		{math.Inf(-1), 0},
		{-1e-300, 0},
		{0, 1},
		{0.5, 1},
		{math.Nextafter(1, 0), 1},
		{1, 2},
		{1.5, 2},
		{2, 3},
		{3.999, 3},
		{4, 3}, // the last bin includes its upper edge
		{math.Nextafter(4, 5), 4},
		{1e300, 4},
	}
	for _, tt := range tests {
		if got := binOf(edges, tt.v); got != tt.want {
			t.Errorf("binOf(%v) = %d, want %d", tt.v, got, tt.want)
		}
	}
	if got := binOf([]float64{3, 7}, 5); got != 1 {
		t.Errorf("one bin: slot %d, want 1", got)
	}
}

func TestQuantile(t *testing.T) {
	h := Histogram{Edges: []float64{0, 10, 20, 30, 40}, Counts: []int64{10, 0, 20, 10}}
	tail := Histogram{Edges: []float64{0, 1}, Counts: []int64{6}, Under: 2, Over: 2}
	tests := []struct {
		name string
		h    Histogram
		p    float64
		want float64 // NaN: undefined
	}{
		{"minimum is the first non-empty bin's lower edge", h, 0, 0},
		{"within the first bin", h, 0.125, 5},
		{"end of the first bin", h, 0.25, 10},
		{"skips the empty bin", h, 0.2500001, 20.000002},
		{"median", h, 0.5, 25},
		{"within the last bin", h, 0.875, 35},
		{"maximum", h, 1, 40},
		{"p below 0", h, -0.1, math.NaN()},
		{"p above 1", h, 1.1, math.NaN()},
		{"p NaN", h, math.NaN(), math.NaN()},
		{"empty histogram", Histogram{Edges: []float64{0, 1}, Counts: []int64{0}}, 0.5, math.NaN()},
		{"among the values below", tail, 0.1, math.NaN()},
		{"minimum below the bins", tail, 0, math.NaN()},
		{"the last value below", tail, 0.2, math.NaN()},
		{"just above the values below", tail, 0.2000001, 0.0000001 / 0.6},
		{"inside", tail, 0.5, 0.5},
		{"at the upper edge", tail, 0.8, 1},
		{"among the values above", tail, 0.9, math.NaN()},
		{"malformed", Histogram{Edges: []float64{0, 1}, Counts: []int64{1, 2}}, 0.5, math.NaN()},
	}
	for _, tt := range tests {
		got := tt.h.Quantile(tt.p)
		if math.IsNaN(tt.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tt.want) > 1e-9) {
			t.Errorf("%s: Quantile(%v) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}

// TestQuantileProperties: the quantile never decreases with p, and lies
// in the bin holding the corresponding order statistic of the values
// counted, so it errs by at most that bin's width; it is undefined
// exactly when that value is outside the bins.
func TestQuantileProperties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		lo := rapid.Float64Range(-100, 100).Draw(rt, "lo")
		n := rapid.IntRange(1, 20).Draw(rt, "bins")
		edges := []float64{lo}
		for range n {
			edges = append(edges, edges[len(edges)-1]+rapid.Float64Range(0.01, 10).Draw(rt, "width"))
		}
		vals := rapid.SliceOfN(rapid.Float64Range(lo-20, edges[n]+20), 1, 200).Draw(rt, "values")
		h := Histogram{Edges: edges, Counts: make([]int64, n)}
		for _, v := range vals {
			switch s := binOf(edges, v); s {
			case 0:
				h.Under++
			case n + 1:
				h.Over++
			default:
				h.Counts[s-1]++
			}
		}
		if h.Total() != int64(len(vals)) {
			rt.Fatalf("total %d, %d values", h.Total(), len(vals))
		}
		slices.Sort(vals)
		prev := math.Inf(-1)
		ps := []float64{0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1, rapid.Float64Range(0, 1).Draw(rt, "p")}
		slices.Sort(ps)
		for _, p := range ps {
			q := h.Quantile(p)
			k := max(int(math.Ceil(p*float64(len(vals)))), 1)
			x := vals[k-1]
			s := binOf(edges, x)
			if s == 0 || s == n+1 {
				if !math.IsNaN(q) {
					rt.Fatalf("p %v: quantile %v, but the order statistic %v is outside the bins", p, q, x)
				}
				continue
			}
			if math.IsNaN(q) || q < edges[s-1] || q > edges[s] {
				rt.Fatalf("p %v: quantile %v outside the bin [%v, %v] of the order statistic %v", p, q, edges[s-1], edges[s], x)
			}
			if q < prev {
				rt.Fatalf("quantile decreased: %v then %v", prev, q)
			}
			prev = q
		}
	})
}

// TestHistogramCounts: the engine's histograms are the counts of the
// values the sampler made, draw by draw, in the declared bins.
func TestHistogramCounts(t *testing.T) {
	cfg := crisisConfig()
	cfg.Samples, cfg.Workers = 1000, 3
	r := run(t, context.Background(), cfg, crisisGroup("g", 0.5))
	want := map[string]*Histogram{}
	for _, mt := range crisisMetrics {
		if mt.Bins != nil {
			want[mt.Name] = &Histogram{Edges: mt.Bins, Counts: make([]int64, len(mt.Bins)-1)}
		}
	}
	rec := make([]float64, len(crisisMetrics)+len(crisisInputs))
	for i := range cfg.Samples {
		for k := range rec {
			rec[k] = math.NaN()
		}
		s := &crisisSampler{joinP: 0.5}
		if err := s.Sample(DrawRand(cfg.Seed, cfg.ChunkSize, i), rec); err != nil {
			t.Fatal(err)
		}
		for m, mt := range crisisMetrics {
			h := want[mt.Name]
			if h == nil || math.IsNaN(rec[m]) {
				continue
			}
			switch s := binOf(mt.Bins, rec[m]); s {
			case 0:
				h.Under++
			case len(mt.Bins):
				h.Over++
			default:
				h.Counts[s-1]++
			}
		}
	}
	for _, mr := range r.Groups[0].Metrics {
		h, w := mr.Histogram, want[mr.Name]
		if (h == nil) != (w == nil) {
			t.Fatalf("%s: histogram %v, want %v", mr.Name, h, w)
		}
		if h == nil {
			continue
		}
		if !slices.Equal(h.Edges, w.Edges) || !slices.Equal(h.Counts, w.Counts) || h.Under != w.Under || h.Over != w.Over {
			t.Errorf("%s: histogram %+v, want %+v", mr.Name, *h, *w)
		}
		if h.Total() != mr.Count {
			t.Errorf("%s: histogram counts %d values, the metric %d", mr.Name, h.Total(), mr.Count)
		}
		if h.Under+h.Over == 0 {
			t.Errorf("%s: no value outside the bins; the test means to cover both", mr.Name)
		}
	}
}
