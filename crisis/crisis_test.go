package crisis

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/bulwark-sim/bulwark/game"
	"github.com/bulwark-sim/bulwark/internal/testslack"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
)

// load returns the default scenario with the given --set overrides.
func load(t testing.TB, sets ...string) *scenario.Scenario {
	t.Helper()
	s, d := scenario.Default(sets)
	if d.HasErrors() {
		t.Fatalf("scenario: %v", d)
	}
	return s
}

// defaultModel is the model of the embedded scenario, built once for the
// tests that need no overrides (building takes a good part of a second,
// several under the race detector).
var defaultModel = sync.OnceValues(func() (*Model, error) {
	s, d := scenario.Default(nil)
	if d.HasErrors() {
		return nil, d
	}
	return New(s, Options{})
})

func shared(t testing.TB) *Model {
	t.Helper()
	m, err := defaultModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sharedResult is one run of the default model, seed 1, shared by the
// property tests that compare arrangements on the same draws.
var sharedResult = func() func(testing.TB) *montecarlo.Result {
	var once sync.Once
	var res *montecarlo.Result
	var err error
	return func(t testing.TB) *montecarlo.Result {
		t.Helper()
		m := shared(t)
		once.Do(func() { res, err = m.Run(context.Background(), montecarlo.Config{Seed: 1, Samples: propSamples()}) })
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
}()

func sharedRun(t testing.TB) *Report { return shared(t).Report(sharedResult(t)) }

// propSamples is the number of draws of the property tests: enough for
// their margins, fewer under the race detector.
func propSamples() int64 {
	if testslack.RaceEnabled() {
		return 4096
	}
	return 8192
}

func build(t testing.TB, s *scenario.Scenario, arrangements ...string) *Model {
	t.Helper()
	m, err := New(s, Options{Arrangements: arrangements})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func runModel(t testing.TB, m *Model, seed uint64, samples int64, workers int) *Report {
	t.Helper()
	res, err := m.Run(context.Background(), montecarlo.Config{Seed: seed, Samples: samples, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return m.Report(res)
}

func get(t testing.TB, r *Report, arrangement, metric string) Estimate {
	t.Helper()
	e, ok := r.Get(arrangement, metric)
	if !ok {
		t.Fatalf("no %s under %s", metric, arrangement)
	}
	return e
}

func TestFastMath(t *testing.T) {
	worst := 0.0
	for x := -700.0; x < 700; x += 0.0137 {
		if r := math.Abs(expFast(x)-math.Exp(x)) / math.Exp(x); r > worst {
			worst = r
		}
	}
	if worst > 1e-14 {
		t.Errorf("expFast: relative error %g", worst)
	}
	worst = 0
	for x := 1e-300; x < 1e300; x *= 1.0137 {
		if r := math.Abs(logFast(x)-math.Log(x)) / math.Max(1, math.Abs(math.Log(x))); r > worst {
			worst = r
		}
	}
	if worst > 1e-13 {
		t.Errorf("logFast: error %g", worst)
	}
	for _, x := range []float64{0, -1, math.Inf(1), math.NaN(), 1e-310} {
		if got, want := logFast(x), math.Log(x); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("logFast(%g) = %g, want %g", x, got, want)
		}
	}
	if expFast(800) != math.Inf(1) || expFast(-800) != 0 || !math.IsNaN(expFast(math.NaN())) {
		t.Error("expFast: wrong at the limits")
	}
}

// The tabulated inverse CDFs distort each distribution by less than
// 0.05% of the probability beyond the drawn value, in the body and the
// tails alike.
func TestSampledTable(t *testing.T) {
	s := load(t)
	for i := range s.Doc.Assumptions {
		a := &s.Doc.Assumptions[i]
		p, err := newSampled(a)
		if err != nil {
			t.Fatal(err)
		}
		if p.point {
			if p.draw(0.3) != *a.Value {
				t.Errorf("%s: point value %g", a.ID, p.draw(0.3))
			}
			continue
		}
		rng := rand.New(rand.NewPCG(1, uint64(i)))
		for k := range 400 {
			u := rng.Float64()
			switch k % 4 {
			case 1:
				u = math.Ldexp(u, -5-rng.IntN(40)) // lower tail
			case 2:
				u = 1 - math.Ldexp(u+0.001, -5-rng.IntN(40)) // upper tail
			}
			x := p.draw(u)
			if err := math.Abs(p.d.CDF(x)-u) / math.Min(u, 1-u); err > 5e-4 {
				t.Errorf("%s: F(draw(%g)) = %g", a.ID, u, p.d.CDF(x))
			}
		}
	}
}

// The honour equation gives the base rate at its reference covariates,
// moves the right way with each factor, and, averaged over draws, keeps
// the obliged parties of the default scenario within the published range
// of honour rates, 22% (post-1945, R5) to 74.5% (1816–1944, R1).
func TestHonourCalibration(t *testing.T) {
	m := shared(t)
	smp, err := m.newSampler(m.arrs[0])
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	rec := make([]float64, len(m.metrics))
	if err := smp.Sample(rng, rec); err != nil {
		t.Fatal(err)
	}
	v := &smp.v
	ref := hclass{strength: 0.5}
	// At the reference covariates, with support at the reference level:
	v[pSupportNonmember] = v[pSupportReference]
	if h := smp.honour(&ref, lnBurden(1), 1); math.Abs(h-v[pHonourBase]) > 1e-12 {
		t.Errorf("reference honour %g, base rate %g", h, v[pHonourBase])
	}
	base := smp.honour(&ref, lnBurden(1), 1)
	for _, c := range []struct {
		name  string
		class hclass
		n, o  int
		up    bool
	}{
		{"automatic", hclass{strength: 1}, 1, 1, true},
		{"consult", hclass{strength: 0.1}, 1, 1, false},
		{"ally", hclass{strength: 0.5, ally: true}, 1, 1, true},
		{"frontline", hclass{strength: 0.5, front: true}, 1, 1, true},
		{"forward", hclass{strength: 0.5, forward: true}, 1, 1, true},
		{"shared", hclass{strength: 0.5}, 5, 1, true},
		{"limited", hclass{strength: 0.5}, 1, 0, false},
		{"major", hclass{strength: 0.5, major: true}, 1, 1, false},
	} {
		h := smp.honour(&c.class, lnBurden(c.n), c.o)
		if (c.up && h < base) || (!c.up && h > base) {
			t.Errorf("%s: honour %g against %g at the reference", c.name, h, base)
		}
	}

	// Averages over draws, for every obliged party of the default
	// scenario in a full invasion.
	for _, a := range m.arrs {
		smp, _ := m.newSampler(a)
		op := a.opts[1]
		for k := range 2 {
			sum := make([]float64, len(op.dClass)+len(op.eClass[k]))
			n := 2000.0
			if testslack.RaceEnabled() {
				n = 400
			}
			for i := range int(n) {
				if err := smp.Sample(rand.New(rand.NewPCG(uint64(i), 3)), rec); err != nil {
					t.Fatal(err)
				}
				for j := range op.dClass {
					sum[j] += smp.hD[1][j] / n
				}
				for j := range op.eClass[k] {
					sum[len(op.dClass)+j] += smp.hE[1][k][j] / n
				}
			}
			for j, h := range sum {
				if h < 0.22 || h > 0.745 {
					t.Errorf("%s: class %d honours %.3f on average, outside [0.22, 0.745]", a.id, j, h)
				}
			}
		}
	}
}

// Sample makes no allocation.
func TestSampleAllocations(t *testing.T) {
	m := shared(t)
	for _, id := range m.Arrangements() {
		smp, err := m.NewSampler(id)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		rec := make([]float64, len(m.metrics))
		if n := testing.AllocsPerRun(200, func() { _ = smp.Sample(rng, rec) }); n != 0 {
			t.Errorf("%s: %v allocations per draw", id, n)
		}
	}
}

// The crisis games are valid extensive games: the exact backward
// induction of the game package (SPE) agrees with the float solver on a
// year game whose payoffs were set by a draw.
func TestYearGameMatchesSPE(t *testing.T) {
	m := shared(t)
	for _, a := range m.arrs {
		smp, _ := m.newSampler(a)
		rec := make([]float64, len(m.metrics))
		if err := smp.Sample(rand.New(rand.NewPCG(3, 4)), rec); err != nil {
			t.Fatal(err)
		}
		// The solver holds year 0; copy its payoffs and probabilities into
		// a copy of the game and solve that exactly.
		g := *a.year
		g.Outcomes = append([]game.Outcome(nil), a.year.Outcomes...)
		for i := range g.Outcomes {
			g.Outcomes[i].Payoffs = make([]game.Number, nPlayers)
			for p := range nPlayers {
				x, err := game.NumberFromFloat(smp.payoffAt(i+1, p))
				if err != nil {
					t.Fatal(err)
				}
				g.Outcomes[i].Payoffs[p] = x
			}
		}
		g.Infosets = append([]game.Infoset(nil), a.year.Infosets...)
		for k := range g.Infosets {
			if g.Infosets[k].Player != 0 {
				continue
			}
			probs := make([]game.Number, len(g.Infosets[k].Actions))
			for j := range probs {
				probs[j], _ = game.NumberFromFloat(smp.probAt(k, j))
			}
			g.Infosets[k].Probs = probs
		}
		exact, err := g.SPE()
		if err != nil {
			t.Fatal(err)
		}
		for p := range nPlayers {
			want, _ := exact.Values[p].Float64()
			if got := smp.ys.Value(0, p); math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: player %d value %g, exact %g", a.id, p, got, want)
			}
		}
	}
}
