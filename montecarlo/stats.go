package montecarlo

import (
	"fmt"
	"math"
)

// Z95 is the standard normal quantile for a two-sided 95% interval,
// Φ⁻¹(0.975).
const Z95 = 1.959963984540054

// ZFor returns the standard normal quantile z for a two-sided interval
// of the given confidence level: Φ⁻¹((1 + confidence)/2). ZFor(0.95) is
// Z95; ZFor(0.999) ≈ 3.2905, the level for comparing runs across seeds.
// The level must lie strictly between 0 and 1.
func ZFor(confidence float64) (float64, error) {
	if !(confidence > 0 && confidence < 1) {
		return math.NaN(), fmt.Errorf("montecarlo: confidence level %v is not strictly between 0 and 1", confidence)
	}
	return math.Sqrt2 * math.Erfinv(confidence), nil
}

// Wilson returns the Wilson score interval (Wilson 1927) for k successes
// in n Bernoulli trials at standard normal quantile z:
//
//	(2k + z² ∓ z·√(z² + 4k(n−k)/n)) / (2(n + z²))
//
// Unlike the normal-approximation (Wald) interval it has sensible
// coverage near 0 and 1 and is never empty: for k = 0 the lower bound is
// exactly 0, for k = n the upper bound is exactly 1. It returns NaN, NaN
// when n ≤ 0, k is outside [0, n], or z is not a positive finite number.
func Wilson(k, n int64, z float64) (lo, hi float64) {
	if n <= 0 || k < 0 || k > n || !(z > 0) || math.IsInf(z, 1) {
		return math.NaN(), math.NaN()
	}
	fk, fn := float64(k), float64(n)
	z2 := z * z
	centre := 2*fk + z2
	spread := z * math.Sqrt(z2+4*fk*(fn-fk)/fn)
	den := 2 * (fn + z2)
	lo, hi = (centre-spread)/den, (centre+spread)/den
	// Rounding must not push the bounds outside [0, 1] or off the
	// exact values at the edges.
	if k == 0 || lo < 0 {
		lo = 0
	}
	if k == n || hi > 1 {
		hi = 1
	}
	return lo, hi
}

// WilsonHalfWidth returns half the width of the Wilson score interval,
// the quantity the precision stopping rule compares with Precision. It
// returns +Inf when n ≤ 0, so that an empty sample is never precise
// enough.
func WilsonHalfWidth(k, n int64, z float64) float64 {
	lo, hi := Wilson(k, n, z)
	if math.IsNaN(lo) {
		return math.Inf(1)
	}
	return (hi - lo) / 2
}

// NormalInterval returns the normal-approximation interval
// mean ± z·sd/√n for the mean of n observations with sample standard
// deviation sd. It returns NaN, NaN when n < 2 or sd is not finite.
func NormalInterval(mean, sd float64, n int64, z float64) (lo, hi float64) {
	if n < 2 || math.IsNaN(sd) || math.IsInf(sd, 0) || math.IsNaN(mean) || !(z > 0) {
		return math.NaN(), math.NaN()
	}
	h := z * sd / math.Sqrt(float64(n))
	return mean - h, mean + h
}

// Moments accumulates the count, mean and sum of squared deviations of a
// stream of values in one pass (Welford 1962). Two accumulators merge
// exactly as if their streams had been concatenated, up to rounding, by
// the pairwise update of Chan, Golub & LeVeque (1979). The zero value is
// an empty accumulator.
//
// Floating-point addition is not associative, so the result depends on
// the order of Add and Merge calls; the engine always merges chunks in
// chunk order, which makes its results reproducible bit for bit.
type Moments struct {
	N    int64   // number of values
	Mean float64 // their mean (0 when N = 0)
	M2   float64 // Σ (x − mean)²
}

// Add adds one value.
func (m *Moments) Add(x float64) {
	m.N++
	d := x - m.Mean
	m.Mean += d / float64(m.N)
	m.M2 += d * (x - m.Mean)
}

// Merge adds the values summarised by o, as if they followed those of m.
func (m *Moments) Merge(o Moments) {
	if o.N == 0 {
		return
	}
	if m.N == 0 {
		*m = o
		return
	}
	n := m.N + o.N
	na, nb, fn := float64(m.N), float64(o.N), float64(n)
	d := o.Mean - m.Mean
	m.Mean += d * nb / fn
	m.M2 += o.M2 + d*d*na*nb/fn
	m.N = n
}

// Variance returns the sample variance M2/(N−1), or NaN when N < 2.
func (m Moments) Variance() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	v := m.M2 / float64(m.N-1)
	if v < 0 { // M2 is a sum of squares; guard against rounding
		v = 0
	}
	return v
}

// SD returns the sample standard deviation, or NaN when N < 2.
func (m Moments) SD() float64 { return math.Sqrt(m.Variance()) }

// CoMoments accumulates the joint moments of pairs (x, y): counts, means,
// sums of squared deviations and the co-moment Σ(x − x̄)(y − ȳ), in one
// pass, and merges like Moments (Chan, Golub & LeVeque 1979; Pébay 2008).
// The zero value is empty.
type CoMoments struct {
	N            int64
	MeanX, MeanY float64
	M2X, M2Y     float64
	C            float64 // Σ (x − x̄)(y − ȳ)
}

// Add adds one pair.
func (c *CoMoments) Add(x, y float64) {
	c.N++
	inv := 1 / float64(c.N)
	dx := x - c.MeanX
	dy := y - c.MeanY
	c.MeanX += dx * inv
	c.MeanY += dy * inv
	c.M2X += dx * (x - c.MeanX)
	c.M2Y += dy * (y - c.MeanY)
	c.C += dx * (y - c.MeanY)
}

// Merge adds the pairs summarised by o, as if they followed those of c.
func (c *CoMoments) Merge(o CoMoments) {
	if o.N == 0 {
		return
	}
	if c.N == 0 {
		*c = o
		return
	}
	n := c.N + o.N
	na, nb, fn := float64(c.N), float64(o.N), float64(n)
	dx := o.MeanX - c.MeanX
	dy := o.MeanY - c.MeanY
	w := na * nb / fn
	c.MeanX += dx * nb / fn
	c.MeanY += dy * nb / fn
	c.M2X += o.M2X + dx*dx*w
	c.M2Y += o.M2Y + dy*dy*w
	c.C += o.C + dx*dy*w
	c.N = n
}

// Pearson returns the Pearson correlation coefficient of the pairs, or
// NaN when there are fewer than two or either variable is constant.
func (c CoMoments) Pearson() float64 {
	if c.N < 2 || !(c.M2X > 0) || !(c.M2Y > 0) {
		return math.NaN()
	}
	r := c.C / math.Sqrt(c.M2X*c.M2Y)
	return math.Max(-1, math.Min(1, r))
}

// FisherInterval returns an approximate interval for a correlation r
// estimated from n pairs, by Fisher's z transformation:
// tanh(atanh(r) ± z·se) with se = 1/√(n−3) for Pearson's r. It returns
// NaN, NaN when r is NaN or n ≤ 3.
func FisherInterval(r float64, n int64, z float64) (lo, hi float64) {
	if math.IsNaN(r) || n <= 3 || !(z > 0) {
		return math.NaN(), math.NaN()
	}
	if r >= 1 || r <= -1 {
		return r, r
	}
	a := math.Atanh(r)
	h := z / math.Sqrt(float64(n-3))
	return math.Tanh(a - h), math.Tanh(a + h)
}
