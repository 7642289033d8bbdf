package montecarlo

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestWilson(t *testing.T) {
	// Reference values: Newcombe (1998), Table II, method 3 (score
	// interval without continuity correction), to four decimals; the
	// others from the closed form evaluated independently (Python) to
	// ten decimals.
	tests := []struct {
		name   string
		k, n   int64
		lo, hi float64
		tol    float64
	}{
		{"0/10", 0, 10, 0, 0.2775327999, 1e-9},
		{"5/10", 5, 10, 0.2365930905, 0.7634069095, 1e-9},
		{"10/10", 10, 10, 0.7224672001, 1, 1e-9},
		{"1/1000", 1, 1000, 0.0001765464, 0.0056425586, 1e-9},
		{"0/1", 0, 1, 0, 0.7934506856, 1e-9},
		{"1/1", 1, 1, 0.2065493144, 1, 1e-9},
		{"Newcombe 81/263", 81, 263, 0.2553, 0.3662, 5e-5},
		{"Newcombe 15/148", 15, 148, 0.0624, 0.1605, 5e-5},
		{"Newcombe 0/20", 0, 20, 0, 0.1611, 5e-5},
		{"Newcombe 1/29", 1, 29, 0.0061, 0.1718, 5e-5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := Wilson(tt.k, tt.n, Z95)
			if !near(lo, tt.lo, tt.tol) || !near(hi, tt.hi, tt.tol) {
				t.Errorf("Wilson(%d, %d) = [%.10f, %.10f], want [%.10f, %.10f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
			}
			if tt.k == 0 && lo != 0 {
				t.Errorf("lower bound %v, want exactly 0", lo)
			}
			if tt.k == tt.n && hi != 1 {
				t.Errorf("upper bound %v, want exactly 1", hi)
			}
		})
	}
}

func TestWilsonOtherLevels(t *testing.T) {
	z, err := ZFor(0.999)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := Wilson(5, 10, z)
	if !near(lo, 0.1394909544, 1e-9) || !near(hi, 0.8605090456, 1e-9) {
		t.Errorf("99.9%% Wilson(5, 10) = [%v, %v]", lo, hi)
	}
	// Wider level, wider interval; symmetric counts, symmetric interval.
	lo95, hi95 := Wilson(5, 10, Z95)
	if lo >= lo95 || hi <= hi95 {
		t.Errorf("99.9%% interval [%v, %v] not wider than 95%% [%v, %v]", lo, hi, lo95, hi95)
	}
	for n := int64(1); n < 50; n++ {
		for k := int64(0); k <= n; k++ {
			l1, h1 := Wilson(k, n, Z95)
			l2, h2 := Wilson(n-k, n, Z95)
			if !near(l1, 1-h2, 1e-12) || !near(h1, 1-l2, 1e-12) || l1 < 0 || h1 > 1 || l1 > float64(k)/float64(n) || h1 < float64(k)/float64(n) {
				t.Fatalf("Wilson(%d, %d) = [%v, %v] is not symmetric or misses k/n", k, n, l1, h1)
			}
		}
	}
}

func TestWilsonInvalid(t *testing.T) {
	tests := []struct {
		name string
		k, n int64
		z    float64
	}{
		{"n=0", 0, 0, Z95},
		{"n<0", 0, -1, Z95},
		{"k<0", -1, 10, Z95},
		{"k>n", 11, 10, Z95},
		{"z=0", 1, 10, 0},
		{"z NaN", 1, 10, math.NaN()},
		{"z Inf", 1, 10, math.Inf(1)},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n, tt.z)
		if !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("%s: Wilson = [%v, %v], want NaN", tt.name, lo, hi)
		}
	}
	if h := WilsonHalfWidth(0, 0, Z95); !math.IsInf(h, 1) {
		t.Errorf("half-width of an empty sample = %v, want +Inf", h)
	}
}

func TestZFor(t *testing.T) {
	tests := []struct {
		conf, z float64
		ok      bool
	}{
		{0.95, Z95, true},
		{0.999, 3.2905267314918945, true},
		{0.6826894921370859, 1, true},
		{0, 0, false},
		{1, 0, false},
		{-0.5, 0, false},
		{math.NaN(), 0, false},
	}
	for _, tt := range tests {
		z, err := ZFor(tt.conf)
		if (err == nil) != tt.ok {
			t.Errorf("ZFor(%v) error %v, want ok=%v", tt.conf, err, tt.ok)
			continue
		}
		if tt.ok && !near(z, tt.z, 1e-12) {
			t.Errorf("ZFor(%v) = %v, want %v", tt.conf, z, tt.z)
		}
	}
}

func TestNormalInterval(t *testing.T) {
	lo, hi := NormalInterval(10, 2, 100, Z95)
	if !near(lo, 10-Z95*0.2, 1e-12) || !near(hi, 10+Z95*0.2, 1e-12) {
		t.Errorf("NormalInterval = [%v, %v]", lo, hi)
	}
	for _, bad := range []struct {
		mean, sd float64
		n        int64
	}{{1, 1, 1}, {1, math.NaN(), 10}, {math.NaN(), 1, 10}, {1, math.Inf(1), 10}} {
		if lo, _ := NormalInterval(bad.mean, bad.sd, bad.n, Z95); !math.IsNaN(lo) {
			t.Errorf("NormalInterval(%v, %v, %d) = %v, want NaN", bad.mean, bad.sd, bad.n, lo)
		}
	}
}

// twoPass returns the mean and sample variance by the textbook two-pass
// algorithm.
func twoPass(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

func TestMomentsMergeMatchesTwoPass(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// tol is the relative error allowed in the variance. With an offset
	// of 1e9 and unit spread the data themselves are rounded to 1.2e-7;
	// the naive E[x²] − E[x]² would be off by about 100.
	tests := []struct {
		name   string
		offset float64
		scale  float64
		tol    float64
	}{
		{"unit", 0, 1, 1e-12},
		{"large offset", 1e9, 1, 1e-7},
		{"tiny spread", 1, 1e-6, 1e-9},
		{"negative", -5e5, 30, 1e-11},
	}
	for _, tt := range tests {
		xs := make([]float64, 10_000)
		for i := range xs {
			xs[i] = tt.offset + tt.scale*r.NormFloat64()
		}
		wantMean, wantVar := twoPass(xs)
		for _, chunk := range []int{1, 7, 1024, len(xs)} {
			var total Moments
			for i := 0; i < len(xs); i += chunk {
				var part Moments
				for _, x := range xs[i:min(i+chunk, len(xs))] {
					part.Add(x)
				}
				total.Merge(part)
			}
			if total.N != int64(len(xs)) {
				t.Fatalf("%s/%d: N = %d", tt.name, chunk, total.N)
			}
			if !near(total.Mean, wantMean, 1e-12*math.Max(1, math.Abs(wantMean))) {
				t.Errorf("%s/chunk %d: mean %v, two-pass %v", tt.name, chunk, total.Mean, wantMean)
			}
			if !near(total.Variance(), wantVar, tt.tol*wantVar) {
				t.Errorf("%s/chunk %d: variance %v, two-pass %v", tt.name, chunk, total.Variance(), wantVar)
			}
		}
	}
}

func TestMomentsEdges(t *testing.T) {
	var m Moments
	if !math.IsNaN(m.Variance()) || !math.IsNaN(m.SD()) {
		t.Error("empty accumulator has a variance")
	}
	m.Merge(Moments{})
	if m.N != 0 {
		t.Error("merging an empty accumulator changed N")
	}
	m.Add(3)
	if m.Mean != 3 || !math.IsNaN(m.Variance()) {
		t.Errorf("one value: mean %v variance %v", m.Mean, m.Variance())
	}
	var e Moments
	e.Merge(m)
	if e != m {
		t.Errorf("merge into empty = %+v, want %+v", e, m)
	}
	m.Add(5)
	if m.Mean != 4 || m.Variance() != 2 {
		t.Errorf("3, 5: mean %v variance %v", m.Mean, m.Variance())
	}
}

func TestCoMoments(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n := 5000
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = 100 + r.NormFloat64()
		ys[i] = 0.6*(xs[i]-100) + 0.8*r.NormFloat64() + 7
	}
	mx, vx := twoPass(xs)
	my, vy := twoPass(ys)
	var cxy float64
	for i := range xs {
		cxy += (xs[i] - mx) * (ys[i] - my)
	}
	want := cxy / float64(n-1) / math.Sqrt(vx*vy)

	var total CoMoments
	for i := 0; i < n; i += 333 {
		var part CoMoments
		for j := i; j < min(i+333, n); j++ {
			part.Add(xs[j], ys[j])
		}
		total.Merge(part)
	}
	if got := total.Pearson(); !near(got, want, 1e-12) {
		t.Errorf("Pearson = %v, two-pass %v", got, want)
	}
	if !near(want, 0.6, 0.03) {
		t.Errorf("sample correlation %v far from 0.6", want)
	}

	// addPairs does the arithmetic of Add, bit for bit.
	a := make([]CoMoments, 2)
	var b0, b1 CoMoments
	for i := range xs {
		addPairs(a, []float64{xs[i], ys[i]}, xs[i]*ys[i])
		b0.Add(xs[i], xs[i]*ys[i])
		b1.Add(ys[i], xs[i]*ys[i])
	}
	if a[0] != b0 || a[1] != b1 {
		t.Errorf("addPairs %+v %+v, Add %+v %+v", a[0], a[1], b0, b1)
	}

	var c CoMoments
	c.Add(1, 2)
	c.Add(1, 3)
	if !math.IsNaN(c.Pearson()) {
		t.Errorf("constant x: Pearson %v, want NaN", c.Pearson())
	}
}

func TestFisherInterval(t *testing.T) {
	lo, hi := FisherInterval(0.5, 103, Z95)
	if !near(lo, 0.3393075224832535, 1e-12) || !near(hi, 0.6323381504876256, 1e-12) {
		t.Errorf("FisherInterval(0.5, 103) = [%v, %v]", lo, hi)
	}
	if lo, _ := FisherInterval(0.5, 3, Z95); !math.IsNaN(lo) {
		t.Error("n=3 gives an interval")
	}
	if lo, hi := FisherInterval(1, 100, Z95); lo != 1 || hi != 1 {
		t.Errorf("r=1: [%v, %v]", lo, hi)
	}
}

func TestSpearman(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"ties", []float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}, 0.8207826816681233},
		{"binary", []float64{10, 20, 30, 40, 50, 60}, []float64{0, 0, 1, 0, 1, 1}, 0.6831300510639732},
		{"pi", []float64{3, 1, 4, 1, 5, 9, 2, 6}, []float64{2, 7, 1, 8, 2, 8, 1, 8}, 0.19885368120992464},
		{"monotone", []float64{1, 2, 3, 4}, []float64{1, 8, 27, 64}, 1},
		{"reversed", []float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		{"constant", []float64{1, 2, 3}, []float64{1, 1, 1}, math.NaN()},
		{"short", []float64{1}, []float64{1}, math.NaN()},
		{"lengths", []float64{1, 2}, []float64{1}, math.NaN()},
		{"NaN", []float64{1, math.NaN(), 3}, []float64{1, 2, 3}, math.NaN()},
	}
	for _, tt := range tests {
		got := Spearman(tt.x, tt.y)
		if math.IsNaN(tt.want) != math.IsNaN(got) || (!math.IsNaN(got) && !near(got, tt.want, 1e-12)) {
			t.Errorf("%s: Spearman = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIsolated(t *testing.T) {
	a := isolated[Moments](3)
	b := isolated[float64](0)
	if len(a) != 3 || cap(a) != 3 || len(b) != 0 || cap(b) != 0 {
		t.Errorf("isolated: len %d cap %d, len %d cap %d", len(a), cap(a), len(b), cap(b))
	}
}
