package montecarlo

import "math"

// MaxBins is the largest number of histogram bins a metric may declare.
const MaxBins = 1 << 16

// LinearBins returns the n+1 edges of n bins of equal width from lo to
// hi, for Metric.Bins. The last edge is hi exactly, so that rounding
// cannot leave the top of the range outside the last bin. It returns nil
// (which Run rejects) unless lo < hi are finite and 1 ≤ n ≤ MaxBins.
func LinearBins(lo, hi float64, n int) []float64 {
	if n < 1 || n > MaxBins || !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	edges := make([]float64, n+1)
	for i := range n {
		edges[i] = lo + (hi-lo)*float64(i)/float64(n)
	}
	edges[n] = hi
	return edges
}

// checkBins validates metric m's bin edges.
func checkBins(m Metric) error {
	if m.Bins == nil {
		return nil
	}
	switch {
	case m.Kind.IsProbability():
		return configErrorf("metric %q is a %s: only mean kinds have histograms", m.Name, m.Kind)
	case len(m.Bins) < 2:
		return configErrorf("metric %q has %d bin edges; a histogram needs at least 2", m.Name, len(m.Bins))
	case len(m.Bins) > MaxBins+1:
		return configErrorf("metric %q has %d bins, more than %d", m.Name, len(m.Bins)-1, MaxBins)
	}
	for i, e := range m.Bins {
		if e-e != 0 {
			return configErrorf("metric %q: bin edge %d is %v, not a finite number", m.Name, i, e)
		}
		if i > 0 && !(m.Bins[i-1] < e) {
			return configErrorf("metric %q: bin edges must increase, but edge %d (%v) follows %v", m.Name, i, e, m.Bins[i-1])
		}
	}
	return nil
}

// binOf returns the slot of value v in a histogram of the given edges:
// 0 below the first edge, i for bin i−1 = [edges[i−1], edges[i]) (the
// last bin includes its upper edge), len(edges) above the last edge. It
// is a binary search, allocation-free.
func binOf(edges []float64, v float64) int {
	n := len(edges) - 1
	switch {
	case v < edges[0]:
		return 0
	case v > edges[n]:
		return n + 1
	case v == edges[n]:
		return n
	}
	// Invariant: edges[lo] ≤ v < edges[hi].
	lo, hi := 0, n
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if edges[mid] <= v {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// Histogram counts a metric's values in fixed bins: Counts[i] is the
// number of values in [Edges[i], Edges[i+1]), the last bin including its
// upper edge; Under and Over count the values below and above the bins.
// Counts are integers, so merging the chunks' histograms is exact and the
// histogram is the same for any number of workers. For a conditional
// metric only the draws with a value are counted.
type Histogram struct {
	Edges  []float64 `json:"edges"`
	Counts []int64   `json:"counts"`
	Under  int64     `json:"under"`
	Over   int64     `json:"over"`
}

// Total is the number of values counted, in the bins or outside them.
func (h *Histogram) Total() int64 {
	t := h.Under + h.Over
	for _, c := range h.Counts {
		t += c
	}
	return t
}

// Quantile returns the p-quantile of the counted values, reading the
// histogram as a piecewise-uniform distribution: each bin's values are
// taken as spread evenly over the bin, so the empirical distribution
// function is interpolated linearly between edges, and the quantile is
// the least x at which it reaches p. Empty bins are skipped, so
// Quantile(0) is the lower edge of the first non-empty bin and
// Quantile(1) the upper edge of the last one. The error is at most one
// bin's width.
//
// It returns NaN when p is outside [0, 1], no value was counted, or the
// quantile falls among the values below or above the bins, whose
// positions the histogram does not know.
func (h *Histogram) Quantile(p float64) float64 {
	total := h.Total()
	if total == 0 || !(p >= 0 && p <= 1) || len(h.Edges) != len(h.Counts)+1 {
		return math.NaN()
	}
	t := p * float64(total)
	cum := float64(h.Under)
	if h.Under > 0 && t <= cum {
		// The least x whose share reaches p is one of the values below
		// the bins.
		return math.NaN()
	}
	for i, c := range h.Counts {
		if c == 0 {
			continue
		}
		if cum+float64(c) >= t {
			f := math.Min(math.Max((t-cum)/float64(c), 0), 1)
			lo, hi := h.Edges[i], h.Edges[i+1]
			return lo + f*(hi-lo)
		}
		cum += float64(c)
	}
	return math.NaN() // among the values above the bins
}

// histLayout lays out the histogram counts of a group's accumulator: per
// metric with bins, an offset into one flat slice holding, in order, the
// count below the bins, one per bin, and the count above.
type histLayout struct {
	off  []int // per metric: offset of its counts, or -1
	size int   // total slots
}

func newHistLayout(metrics []Metric) histLayout {
	l := histLayout{off: make([]int, len(metrics))}
	for i, m := range metrics {
		l.off[i] = -1
		if m.Bins != nil {
			l.off[i] = l.size
			l.size += len(m.Bins) + 1
		}
	}
	return l
}

// histogram returns metric m's histogram from the flat counts, or nil.
func (e *engine) histogram(m int, counts []int64) *Histogram {
	off := e.hist.off[m]
	if off < 0 {
		return nil
	}
	edges := e.Metrics[m].Bins
	n := len(edges) - 1
	slots := counts[off : off+n+2]
	return &Histogram{
		Edges:  append([]float64(nil), edges...),
		Counts: append([]int64(nil), slots[1:n+1]...),
		Under:  slots[0],
		Over:   slots[n+1],
	}
}
