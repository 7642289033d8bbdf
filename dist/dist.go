package dist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// base is the untruncated distribution.
type base interface {
	CDF(x float64) float64
	Quantile(p float64) float64
}

// point is a degenerate distribution.
type point float64

func (p point) CDF(x float64) float64 {
	if x < float64(p) {
		return 0
	}
	return 1
}
func (p point) Quantile(float64) float64 { return float64(p) }

// scaled maps a distribution on [0, 1] to [lo, lo+width].
type scaled struct {
	b         base
	lo, width float64
}

func (s scaled) CDF(x float64) float64      { return s.b.CDF((x - s.lo) / s.width) }
func (s scaled) Quantile(p float64) float64 { return s.lo + s.width*s.b.Quantile(p) }

// Dist is one assumption's distribution, truncated to its bounds.
type Dist struct {
	ID     string
	b      base
	lo, hi float64 // truncation bounds (±Inf if none)
	flo    float64 // F(lo)
	mass   float64 // F(hi) − F(lo)
}

// MinMass is the smallest probability mass that truncation bounds may keep;
// bounds that cut away more are an error, not a silent spike at a bound.
const MinMass = 1e-6

// Distribution families.
const (
	Point      = "point"
	Uniform    = "uniform"
	Triangular = "triangular"
	PERT       = "pert"
	Normal     = "normal"
	Lognormal  = "lognormal"
	Beta       = "beta"
)

// Spec gives a distribution by family and parameters; nil parameters are
// absent. Bounds, if given, are [low, high].
type Spec struct {
	ID                                           string
	Dist                                         string
	Value, Min, Mode, Max, Mean, SD, Alpha, Beta *float64
	Bounds                                       []float64
}

// New builds a distribution. It returns an error for parameters that
// define no distribution, and for bounds that keep less than MinMass of
// its probability.
func New(a Spec) (*Dist, error) {
	v := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	var b base
	switch a.Dist {
	case Point:
		b = point(v(a.Value))
	case Uniform:
		b = distuv.Uniform{Min: v(a.Min), Max: v(a.Max)}
	case Triangular:
		mn, md, mx := v(a.Min), v(a.Mode), v(a.Max)
		if !(mn < mx && mn <= md && md <= mx) {
			return nil, fmt.Errorf("assumption %s: triangular needs min ≤ mode ≤ max and min < max", a.ID)
		}
		b = distuv.NewTriangle(mn, mx, md, nil)
	case PERT:
		mn, md, mx := v(a.Min), v(a.Mode), v(a.Max)
		if !(mn < mx && mn <= md && md <= mx) {
			return nil, fmt.Errorf("assumption %s: PERT needs min ≤ mode ≤ max and min < max", a.ID)
		}
		w := mx - mn
		b = scaled{distuv.Beta{Alpha: 1 + 4*(md-mn)/w, Beta: 1 + 4*(mx-md)/w}, mn, w}
	case Normal:
		b = distuv.Normal{Mu: v(a.Mean), Sigma: v(a.SD)}
	case Lognormal:
		m, s := v(a.Mean), v(a.SD)
		if !(m > 0 && s > 0) {
			return nil, fmt.Errorf("assumption %s: lognormal needs mean > 0 and sd > 0", a.ID)
		}
		s2 := math.Log1p(s * s / (m * m))
		b = distuv.LogNormal{Mu: math.Log(m) - s2/2, Sigma: math.Sqrt(s2)}
	case Beta:
		al, be := v(a.Alpha), v(a.Beta)
		if a.Alpha == nil {
			m, s := v(a.Mean), v(a.SD)
			if !(m > 0 && m < 1 && s > 0 && s*s < m*(1-m)) {
				return nil, fmt.Errorf("assumption %s: beta needs 0 < mean < 1 and 0 < sd² < mean(1−mean)", a.ID)
			}
			nu := m*(1-m)/(s*s) - 1
			al, be = m*nu, (1-m)*nu
		}
		b = distuv.Beta{Alpha: al, Beta: be}
	default:
		return nil, fmt.Errorf("assumption %s: unknown distribution %q", a.ID, a.Dist)
	}
	switch d := b.(type) {
	case distuv.Uniform:
		if !(d.Min < d.Max) {
			return nil, fmt.Errorf("assumption %s: uniform needs min < max", a.ID)
		}
	case distuv.Normal:
		if !(d.Sigma > 0) || math.IsNaN(d.Mu) {
			return nil, fmt.Errorf("assumption %s: normal needs a mean and sd > 0", a.ID)
		}
	case distuv.Beta:
		if !(d.Alpha > 0 && d.Beta > 0) {
			return nil, fmt.Errorf("assumption %s: beta needs alpha > 0 and beta > 0", a.ID)
		}
	case point:
		if math.IsNaN(float64(d)) {
			return nil, fmt.Errorf("assumption %s: point needs a value", a.ID)
		}
	}
	out := &Dist{ID: a.ID, b: b, lo: math.Inf(-1), hi: math.Inf(1)}
	if len(a.Bounds) == 2 {
		out.lo, out.hi = a.Bounds[0], a.Bounds[1]
		if !(out.lo < out.hi) {
			return nil, fmt.Errorf("assumption %s: bounds must satisfy low < high", a.ID)
		}
	}
	out.flo = cdf(b, out.lo)
	out.mass = cdf(b, out.hi) - out.flo
	if _, isPoint := b.(point); isPoint {
		x := float64(b.(point))
		if x < out.lo || x > out.hi {
			return nil, fmt.Errorf("assumption %s: value %g lies outside its bounds", a.ID, x)
		}
		out.flo, out.mass = 0, 1
	} else if !(out.mass >= MinMass) {
		return nil, fmt.Errorf("assumption %s: bounds [%g, %g] keep only %.2g of the distribution's probability", a.ID, out.lo, out.hi, math.Max(out.mass, 0))
	}
	return out, nil
}

func cdf(b base, x float64) float64 {
	switch {
	case math.IsInf(x, -1):
		return 0
	case math.IsInf(x, 1):
		return 1
	}
	return b.CDF(x)
}

// Mass is the probability the untruncated distribution gives the bounds.
func (d *Dist) Mass() float64 { return d.mass }

// Quantile returns the p-quantile of the truncated distribution,
// 0 ≤ p ≤ 1.
func (d *Dist) Quantile(p float64) float64 {
	if _, ok := d.b.(point); ok {
		return d.b.Quantile(p)
	}
	x := d.b.Quantile(math.Min(1, math.Max(0, d.flo+p*d.mass)))
	return math.Min(d.hi, math.Max(d.lo, x))
}

// CDF returns P(X ≤ x) under the truncated distribution.
func (d *Dist) CDF(x float64) float64 {
	if _, ok := d.b.(point); ok {
		return d.b.CDF(x)
	}
	switch {
	case x < d.lo:
		return 0
	case x >= d.hi:
		return 1
	}
	return (cdf(d.b, x) - d.flo) / d.mass
}

// Sample maps a uniform number u in [0, 1) to a draw (inverse transform).
func (d *Dist) Sample(u float64) float64 { return d.Quantile(u) }
