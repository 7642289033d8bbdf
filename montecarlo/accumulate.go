package montecarlo

import (
	"fmt"
	"math"
)

// acc summarises a sequence of draws of one group.
type acc struct {
	draws int64
	ones  []int64     // per metric: draws with value 1 (probability kinds)
	mom   []Moments   // per metric: N counts values; Mean, M2 for mean kinds
	co    []CoMoments // per metric × input, at m*len(Inputs)+i
	// diff holds, per metric, the moments of the paired difference from
	// the first group (groups after the first, unconditional metrics).
	diff []Moments
	// hist holds the histogram counts of the metrics with bins, laid out
	// by plan.hist.
	hist []int64
}

func (e *engine) newAcc() acc {
	nm := len(e.Metrics)
	// A chunk's totals are written on every draw by the worker filling
	// it, next to other chunks being filled by other workers.
	a := acc{ones: isolated[int64](nm), mom: isolated[Moments](nm)}
	if len(e.Inputs) > 0 {
		a.co = isolated[CoMoments](nm * len(e.Inputs))
	}
	if len(e.groups) > 1 {
		a.diff = isolated[Moments](nm)
	}
	if e.hist.size > 0 {
		a.hist = isolated[int64](e.hist.size)
	}
	return a
}

func (a *acc) reset() {
	a.draws = 0
	clear(a.ones)
	clear(a.mom)
	clear(a.co)
	clear(a.diff)
	clear(a.hist)
}

// merge adds the draws summarised by b, which follow those of a.
func (a *acc) merge(b *acc) {
	a.draws += b.draws
	for m := range a.ones {
		a.ones[m] += b.ones[m]
		a.mom[m].Merge(b.mom[m])
	}
	for i := range a.co {
		a.co[i].Merge(b.co[i])
	}
	for i := range a.diff {
		a.diff[i].Merge(b.diff[i])
	}
	for i, c := range b.hist {
		a.hist[i] += c
	}
}

// add validates one record and adds it to a.
func (e *engine) add(a *acc, rec []float64) error {
	nm := len(e.Metrics)
	for m := range nm {
		v := rec[m]
		k := e.Metrics[m].Kind
		if k.IsProbability() {
			switch {
			case v == 1:
				a.ones[m]++
				a.mom[m].N++
			case v == 0:
				a.mom[m].N++
			case v != v && k == CondProbability:
			default:
				return e.invalid(m, v)
			}
			continue
		}
		switch {
		case v-v == 0: // finite
			a.mom[m].Add(v)
			if off := e.hist.off[m]; off >= 0 {
				a.hist[off+binOf(e.Metrics[m].Bins, v)]++
			}
		case v != v && k == CondMean:
		default:
			return e.invalid(m, v)
		}
	}
	nIn := len(e.Inputs)
	if nIn == 0 {
		return nil
	}
	x := rec[nm:]
	for i, v := range x {
		if v-v != 0 {
			return fmt.Errorf("input %q is %v, not a finite number: %w", e.Inputs[i], v, ErrInvalidValue)
		}
	}
	for m := range nm {
		if y := rec[m]; y == y {
			addPairs(a.co[m*nIn:(m+1)*nIn], x, y)
		}
	}
	return nil
}

// addPairs adds (x[i], y) to co[i] for every i, computing the terms that
// depend on y only once. The arithmetic is that of CoMoments.Add.
func addPairs(co []CoMoments, x []float64, y float64) {
	c0 := co[0]
	n := c0.N + 1
	inv := 1 / float64(n)
	dy := y - c0.MeanY
	my := c0.MeanY + dy*inv
	m2y := c0.M2Y + dy*(y-my)
	ey := y - my
	for i := range co {
		c := &co[i]
		xi := x[i]
		dx := xi - c.MeanX
		c.MeanX += dx * inv
		c.M2X += dx * (xi - c.MeanX)
		c.C += dx * ey
		c.N, c.MeanY, c.M2Y = n, my, m2y
	}
}

func (e *engine) invalid(m int, v float64) error {
	var want string
	switch e.Metrics[m].Kind {
	case Probability:
		want = "0 or 1"
	case CondProbability:
		want = "0, 1 or NaN"
	case Mean:
		want = "a finite number"
	case CondMean:
		want = "a finite number or NaN"
	}
	if math.IsNaN(v) {
		return fmt.Errorf("metric %q was not set (%s): %w", e.Metrics[m].Name, e.Metrics[m].Kind, ErrInvalidValue)
	}
	return fmt.Errorf("metric %q (%s) is %v, not %s: %w", e.Metrics[m].Name, e.Metrics[m].Kind, v, want, ErrInvalidValue)
}

// merger owns the run's totals; only the merging goroutine touches it.
type merger struct {
	e      *engine
	chunks int64 // chunks merged
	draws  int64
	accs   []acc // per group
	// rank holds, per group and metric, the first RankSample records
	// (inputs then the metric) in which the metric has a value.
	rank     [][][]float64
	rankNeed int // rank samples not yet full
	stop     StopReason
}

func (e *engine) newMerger() *merger {
	m := &merger{e: e, accs: make([]acc, len(e.groups))}
	for g := range m.accs {
		m.accs[g] = e.newAcc()
	}
	if e.RankSample > 0 {
		m.rank = make([][][]float64, len(e.groups))
		for g := range m.rank {
			m.rank[g] = make([][]float64, len(e.Metrics))
		}
		m.rankNeed = len(e.groups) * len(e.Metrics)
	}
	return m
}

// merge adds chunk c, the next in order, and applies the stopping rule.
func (m *merger) merge(c *chunk) {
	for g := range m.accs {
		m.accs[g].merge(&c.accs[g])
	}
	if c.withRows && m.rankNeed > 0 {
		m.takeRows(c)
	}
	m.chunks++
	m.draws += int64(c.size)
	e := m.e
	switch {
	case e.Precision > 0 && m.draws >= e.MinSamples && m.precise():
		m.stop = StopPrecision
	case m.chunks == e.chunks && e.Precision > 0:
		m.stop = StopMaxSamples
	case m.chunks == e.chunks:
		m.stop = StopSamples
	}
}

func (m *merger) stopped() bool { return m.stop != "" }

// precise reports whether every unconditional probability metric of every
// group has a 95% interval of half-width at most Precision.
func (m *merger) precise() bool {
	for g := range m.accs {
		a := &m.accs[g]
		for _, i := range m.e.precisionM {
			if WilsonHalfWidth(a.ones[i], a.mom[i].N, Z95) > m.e.Precision {
				return false
			}
		}
	}
	return true
}

// estimate projects the draws the precision rule will need, from the
// current estimates: the half-width of the Wilson interval is about
// z·√(p̃(1−p̃)/(n+z²)) with p̃ its centre, so n ≈ z²p̃(1−p̃)/P² − z².
// The projection is rounded up to whole chunks and kept within
// [max(draws, MinSamples), Samples].
func (m *merger) estimate() int64 {
	e := m.e
	z2 := Z95 * Z95
	need := float64(e.MinSamples)
	for g := range m.accs {
		a := &m.accs[g]
		for _, i := range e.precisionM {
			k, n := float64(a.ones[i]), float64(a.mom[i].N)
			pt := (k + z2/2) / (n + z2)
			need = math.Max(need, z2*pt*(1-pt)/(e.Precision*e.Precision)-z2)
		}
	}
	cs := float64(e.ChunkSize)
	need = math.Ceil(need/cs) * cs
	total := max(m.draws, e.MinSamples)
	if need > float64(total) {
		total = int64(math.Min(need, float64(e.Samples)))
	}
	return min(total, e.Samples)
}

// takeRows fills the rank samples from chunk c's records.
func (m *merger) takeRows(c *chunk) {
	e := m.e
	nm, nIn, w := len(e.Metrics), len(e.Inputs), e.width
	limit := e.RankSample * (nIn + 1)
	for g, rows := range c.rows {
		rows = rows[:c.size*w]
		for k := range nm {
			s := m.rank[g][k]
			if len(s) >= limit {
				continue
			}
			for j := 0; j < c.size && len(s) < limit; j++ {
				rec := rows[j*w : (j+1)*w]
				if y := rec[k]; y == y {
					s = append(s, rec[nm:]...)
					s = append(s, y)
				}
			}
			m.rank[g][k] = s
			if len(s) >= limit {
				m.rankNeed--
			}
		}
	}
	if m.rankNeed == 0 {
		e.rankDone.Store(true)
	}
}
