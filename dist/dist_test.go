package dist

import (
	"math"
	"testing"
)

func f(x float64) *float64 { return &x }

func TestMoments(t *testing.T) {
	// Mean and sd by numerical integration of the quantile function
	// (E[X] = ∫ F⁻¹(u) du), against the parameterisation's targets.
	cases := []struct {
		spec       Spec
		mean, sd   float64
		tolM, tolS float64
	}{
		{Spec{Dist: Point, Value: f(3)}, 3, 0, 1e-12, 1e-12},
		{Spec{Dist: Uniform, Min: f(2), Max: f(4)}, 3, 2 / math.Sqrt(12), 1e-4, 1e-3},
		{Spec{Dist: Triangular, Min: f(0), Mode: f(1), Max: f(4)}, 5.0 / 3, math.Sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18.0), 1e-4, 1e-3},
		// PERT mean = (min + 4 mode + max)/6.
		{Spec{Dist: PERT, Min: f(0), Mode: f(0.2), Max: f(0.8)}, (0 + 0.8 + 0.8) / 6, -1, 1e-4, 0},
		{Spec{Dist: Normal, Mean: f(10), SD: f(2)}, 10, 2, 1e-3, 2e-2},
		{Spec{Dist: Lognormal, Mean: f(25), SD: f(10)}, 25, 10, 2e-2, 2e-1},
		{Spec{Dist: Beta, Mean: f(0.41), SD: f(0.12)}, 0.41, 0.12, 1e-4, 1e-3},
		{Spec{Dist: Beta, Alpha: f(2), Beta: f(6)}, 0.25, math.Sqrt(2 * 6 / (64 * 9.0)), 1e-4, 1e-3},
	}
	for _, c := range cases {
		d, err := New(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		const n = 200000
		var sum, sum2 float64
		for i := range n {
			x := d.Quantile((float64(i) + 0.5) / n)
			sum += x
			sum2 += x * x
		}
		m := sum / n
		sd := math.Sqrt(math.Max(0, sum2/n-m*m))
		if math.Abs(m-c.mean) > c.tolM {
			t.Errorf("%s: mean %g, want %g", c.spec.Dist, m, c.mean)
		}
		if c.sd >= 0 && math.Abs(sd-c.sd) > c.tolS {
			t.Errorf("%s: sd %g, want %g", c.spec.Dist, sd, c.sd)
		}
	}
}

func TestTruncation(t *testing.T) {
	d, err := New(Spec{Dist: Normal, Mean: f(0), SD: f(1), Bounds: []float64{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if m := d.Mass(); math.Abs(m-0.3413447) > 1e-6 {
		t.Errorf("mass %g", m)
	}
	for _, u := range []float64{0, 0.1, 0.5, 0.9, 1} {
		x := d.Sample(u)
		if x < 0 || x > 1 {
			t.Errorf("sample %g outside bounds", x)
		}
		if got := d.CDF(x); math.Abs(got-u) > 1e-9 {
			t.Errorf("CDF(Quantile(%g)) = %g", u, got)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, s := range []Spec{
		{Dist: Normal, Mean: f(5), SD: f(0.1), Bounds: []float64{0, 1}}, // bounds keep ~0 mass
		{Dist: Beta, Mean: f(0.5), SD: f(0.6)},
		{Dist: Uniform, Min: f(1), Max: f(1)},
		{Dist: PERT, Min: f(0), Mode: f(2), Max: f(1)},
		{Dist: Lognormal, Mean: f(-1), SD: f(1)},
		{Dist: Point, Value: f(2), Bounds: []float64{0, 1}},
		{Dist: "weibull"},
	} {
		if _, err := New(s); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
}

func BenchmarkSampleBeta(b *testing.B) {
	d, _ := New(Spec{Dist: Beta, Mean: f(0.41), SD: f(0.12), Bounds: []float64{0.05, 0.95}})
	u := 0.0
	for b.Loop() {
		u += 0.618033988749895
		u -= math.Floor(u)
		d.Sample(u)
	}
}
