package montecarlo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/internal/testslack"
)

// crisisMetrics is the record layout of crisisSampler: every kind, and
// two inputs. Both means have histograms whose bins miss some values on
// either side (cost) or above (days|war), so that every test of the
// engine also covers them.
var crisisMetrics = []Metric{
	{Name: "war", Kind: Probability},
	{Name: "cost", Kind: Mean, Bins: LinearBins(-2, 12, 28)},
	{Name: "joins|war", Kind: CondProbability},
	{Name: "days|war", Kind: CondMean, Bins: []float64{0, 10, 20, 40, 80}},
}

var crisisInputs = []string{"resolve", "noise"}

// crisisSampler is a toy model with worker-local scratch state: war is
// likelier the higher the drawn resolve; the guarantor joins a war with
// probability joinP.
type crisisSampler struct {
	joinP   float64
	scratch [8]float64
}

func (s *crisisSampler) Sample(rng *rand.Rand, rec []float64) error {
	resolve := rng.Float64()
	noise := rng.NormFloat64()
	for i := range s.scratch { // scratch work that must not leak across draws
		s.scratch[i] = rng.Float64()
	}
	war := rng.Float64() < 0.1+0.5*resolve
	rec[0] = b2f(war)
	rec[1] = 10*resolve + noise + s.scratch[3]
	if war {
		rec[2] = b2f(rng.Float64() < s.joinP)
		rec[3] = 30 * rng.ExpFloat64()
	}
	rec[4], rec[5] = resolve, noise
	return nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func crisisGroup(name string, joinP float64) Group {
	return Group{Name: name, New: func(int) (Sampler, error) { return &crisisSampler{joinP: joinP}, nil }}
}

func crisisConfig() Config {
	return Config{Metrics: crisisMetrics, Inputs: crisisInputs, Seed: 42, ChunkSize: 128, Samples: 5000, RankSample: 300}
}

// bernoulli is a group recording one Probability metric with P(1) = p.
func bernoulli(p float64) Group {
	return Group{Name: "b", New: func(int) (Sampler, error) {
		return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
			rec[0] = b2f(rng.Float64() < p)
			return nil
		}), nil
	}}
}

var pMetric = []Metric{{Name: "p", Kind: Probability}}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func run(t *testing.T, ctx context.Context, cfg Config, groups ...Group) *Result {
	t.Helper()
	r, err := Run(ctx, cfg, groups...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(*Config)
	}{
		{"fixed", func(*Config) {}},
		{"short last chunk", func(c *Config) { c.Samples = 1000 }},
		{"precision", func(c *Config) { c.Precision = 0.03; c.Samples = 20000 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []byte
			for _, wc := range []struct{ workers, window int }{{1, 0}, {2, 0}, {4, 0}, {4, 4}, {3, 50}} {
				cfg := crisisConfig()
				tt.cfg(&cfg)
				cfg.Workers, cfg.Window = wc.workers, wc.window
				r := run(t, context.Background(), cfg, crisisGroup("coalition", 0.6), crisisGroup("neutral", 0.1))
				got := mustJSON(t, r)
				if want == nil {
					want = got
					continue
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("workers %d window %d:\n%s\nworkers 1:\n%s", wc.workers, wc.window, got, want)
				}
			}
		})
	}
}

func TestExactSamples(t *testing.T) {
	tests := []struct {
		samples    int64
		chunk      int
		wantChunks int64
	}{
		{1500, 1024, 2},
		{1024, 1024, 1},
		{1, 1024, 1},
		{1000, 1, 1000},
		{2049, 1024, 3},
	}
	for _, tt := range tests {
		r := run(t, context.Background(), Config{Metrics: pMetric, Samples: tt.samples, ChunkSize: tt.chunk, Workers: 2}, bernoulli(0.5))
		if r.Draws != tt.samples || r.Chunks != tt.wantChunks || r.Partial || r.Stop != StopSamples {
			t.Errorf("Samples %d chunk %d: draws %d chunks %d partial %v stop %s", tt.samples, tt.chunk, r.Draws, r.Chunks, r.Partial, r.Stop)
		}
		if m := r.Groups[0].Metrics[0]; m.N != tt.samples || m.Count != tt.samples {
			t.Errorf("Samples %d: metric n %d count %d", tt.samples, m.N, m.Count)
		}
	}
}

// TestStreamMatchesDrawRand checks the documented stream: draw i is
// DrawRand(seed, chunkSize, i), and a short last chunk makes the first
// draws of a full one.
func TestStreamMatchesDrawRand(t *testing.T) {
	const seed, chunk, samples = 7, 100, 250
	cfg := Config{Metrics: []Metric{{Name: "u", Kind: Mean}}, Seed: seed, ChunkSize: chunk, Samples: samples, Workers: 2}
	uniform := Group{Name: "u", New: func(int) (Sampler, error) {
		return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
			rec[0] = rng.Float64()
			rng.Float64() // unused numbers do not shift the next draw
			return nil
		}), nil
	}}
	got := run(t, context.Background(), cfg, uniform).Groups[0].Metrics[0]

	var total Moments
	for c := 0; c*chunk < samples; c++ {
		var part Moments
		for i := c * chunk; i < min((c+1)*chunk, samples); i++ {
			part.Add(DrawRand(seed, chunk, int64(i)).Float64())
		}
		total.Merge(part)
	}
	if got.Mean != total.Mean || got.SD != total.SD() {
		t.Errorf("engine mean %v sd %v, DrawRand %v %v", got.Mean, got.SD, total.Mean, total.SD())
	}
}

// TestCommonRandomNumbers: draw i of every group starts from the same
// numbers, whatever the groups consumed in earlier draws.
func TestCommonRandomNumbers(t *testing.T) {
	mk := func(name string, extra int) Group {
		return Group{Name: name, New: func(int) (Sampler, error) {
			return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
				u := rng.Float64()
				if u < 0.5 {
					for range extra {
						rng.Uint64()
					}
				}
				rec[0] = u
				rec[1] = b2f(u < 0.3)
				return nil
			}), nil
		}}
	}
	cfg := Config{Metrics: []Metric{{Name: "u", Kind: Mean}, {Name: "low", Kind: Probability}}, ChunkSize: 64, Samples: 3000, Seed: 9}
	r := run(t, context.Background(), cfg, mk("lean", 0), mk("hungry", 17))
	a, b := r.Groups[0].Metrics, r.Groups[1].Metrics
	if a[0].Mean != b[0].Mean || a[0].SD != b[0].SD || a[1].Successes != b[1].Successes {
		t.Errorf("groups differ: %+v vs %+v", a, b)
	}
	// A group run alone makes the same draws as in company.
	alone := run(t, context.Background(), cfg, mk("hungry", 17))
	if !bytes.Equal(mustJSON(t, alone.Groups[0].Metrics), mustJSON(t, r.Groups[1].Metrics)) {
		t.Error("group run alone differs from the same group run with another")
	}
}

// TestDifferences: paired differences from the first group, narrower than
// the groups' own intervals thanks to the shared stream.
func TestDifferences(t *testing.T) {
	threshold := func(name string, p float64) Group {
		return Group{Name: name, New: func(int) (Sampler, error) {
			return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
				u := rng.Float64()
				rec[0], rec[1] = b2f(u < p), 10*p+u
				if u < 0.5 {
					rec[2] = u
				}
				return nil
			}), nil
		}}
	}
	cfg := Config{Metrics: []Metric{{Name: "p", Kind: Probability}, {Name: "m", Kind: Mean}, {Name: "c", Kind: CondMean}}, Samples: 10000, ChunkSize: 500, Seed: 2}
	r := run(t, context.Background(), cfg, threshold("base", 0.30), threshold("more", 0.35), threshold("same", 0.30))
	if len(r.Groups[0].Differences) != 0 {
		t.Errorf("baseline has differences: %+v", r.Groups[0].Differences)
	}
	more := r.Group("more")
	if len(more.Differences) != 2 {
		t.Fatalf("differences %+v, want p and m only", more.Differences)
	}
	dp, dm := more.Differences[0], more.Differences[1]
	if dp.Metric != "p" || dp.Baseline != "base" || dp.N != 10000 {
		t.Errorf("difference %+v", dp)
	}
	want := more.Metric("p").Mean - r.Groups[0].Metric("p").Mean
	if !near(dp.Mean, want, 1e-12) || dp.CI95[0] > dp.Mean || dp.CI95[1] < dp.Mean {
		t.Errorf("paired difference %+v, difference of means %v", dp, want)
	}
	if !near(dp.Mean, 0.05, 0.01) {
		t.Errorf("difference %v, want about 0.05", dp.Mean)
	}
	// Unpaired, the interval would be about ±√(2·0.3·0.7/n)·1.96 ≈ 0.0127.
	if h := (dp.CI95[1] - dp.CI95[0]) / 2; h > 0.006 {
		t.Errorf("paired half-width %v, want much less than 0.0127", h)
	}
	if dm.Mean != 0.5 && !near(dm.Mean, 0.5, 1e-12) || dm.SD > 1e-12 {
		t.Errorf("mean difference %+v, want exactly 0.5 in every draw", dm)
	}
	if d := r.Group("same").Differences[0]; d.Mean != 0 || d.SD != 0 || d.CI95 != [2]float64{0, 0} {
		t.Errorf("identical groups: %+v", d)
	}
	b := mustJSON(t, more)
	if !bytes.Contains(b, []byte(`"differences":[{"metric":"p","baseline":"base","n":10000,"mean":`)) {
		t.Errorf("JSON %s", b)
	}
	var back GroupResult
	if err := json.Unmarshal(b, &back); err != nil || !bytes.Equal(mustJSON(t, back), b) {
		t.Errorf("round trip: %v\n%s\n%s", err, b, mustJSON(t, back))
	}
}

func TestColumn(t *testing.T) {
	cfg := crisisConfig()
	for name, want := range map[string]int{"war": 0, "days|war": 3, "resolve": 4, "noise": 5, "nope": -1} {
		if got := cfg.Column(name); got != want {
			t.Errorf("Column(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestChunkSizeChangesStreamConsistently(t *testing.T) {
	z999, _ := ZFor(0.999)
	const p, n = 0.3, 20000
	var est []MetricResult
	for _, cs := range []int{100, 1000} {
		r := run(t, context.Background(), Config{Metrics: pMetric, Samples: n, ChunkSize: cs, Seed: 5}, bernoulli(p))
		m := r.Groups[0].Metrics[0]
		if lo, hi := m.Interval(z999); lo > p || hi < p {
			t.Errorf("chunk %d: 99.9%% interval [%v, %v] misses %v", cs, lo, hi, p)
		}
		est = append(est, m)
	}
	if est[0].Successes == est[1].Successes {
		t.Errorf("chunk sizes 100 and 1000 gave the same count %d: same stream?", est[0].Successes)
	}
	diff := math.Abs(est[0].Mean - est[1].Mean)
	if se := math.Sqrt(2 * p * (1 - p) / n); diff > z999*se {
		t.Errorf("estimates %v and %v differ by more than %v", est[0].Mean, est[1].Mean, z999*se)
	}
}

func TestPrecisionStop(t *testing.T) {
	tests := []struct {
		name      string
		p, prec   float64
		chunk     int
		min       int64
		wantLo    int64
		wantHi    int64
		wantStop  StopReason
		wantDraws int64
	}{
		// n ≈ 1.96²·¼/P² = 2401 for P = 0.02.
		{name: "p=0.5", p: 0.5, prec: 0.02, chunk: 64, wantLo: 2100, wantHi: 2800, wantStop: StopPrecision},
		{name: "p=0.5 P=0.01", p: 0.5, prec: 0.01, chunk: 256, wantLo: 9000, wantHi: 10300, wantStop: StopPrecision},
		// Precise from the start: stops at MinSamples (4 chunks by default).
		{name: "minimum", p: 0.5, prec: 0.4, chunk: 100, wantDraws: 400, wantStop: StopPrecision},
		{name: "explicit minimum", p: 0.5, prec: 0.4, chunk: 100, min: 1050, wantDraws: 1100, wantStop: StopPrecision},
		// Never precise enough: stops at Samples, not partial.
		{name: "cap", p: 0.5, prec: 0.001, chunk: 256, wantDraws: 3000, wantStop: StopMaxSamples},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{Metrics: pMetric, Precision: tt.prec, ChunkSize: tt.chunk, MinSamples: tt.min, Seed: 11, Workers: 2}
			if tt.wantStop == StopMaxSamples {
				cfg.Samples = tt.wantDraws
			}
			r := run(t, context.Background(), cfg, bernoulli(tt.p))
			if r.Stop != tt.wantStop || r.Partial {
				t.Fatalf("stop %s partial %v, want %s", r.Stop, r.Partial, tt.wantStop)
			}
			if tt.wantDraws != 0 && r.Draws != tt.wantDraws {
				t.Errorf("draws %d, want %d", r.Draws, tt.wantDraws)
			}
			if tt.wantDraws == 0 && (r.Draws < tt.wantLo || r.Draws > tt.wantHi) {
				t.Errorf("draws %d, want within [%d, %d]", r.Draws, tt.wantLo, tt.wantHi)
			}
			m := r.Groups[0].Metrics[0]
			if tt.wantStop == StopPrecision {
				if m.HalfWidth() > tt.prec {
					t.Errorf("half-width %v > precision %v", m.HalfWidth(), tt.prec)
				}
				// One chunk fewer was not precise enough (or below the minimum).
				prev := run(t, context.Background(), Config{Metrics: pMetric, Samples: r.Draws - int64(tt.chunk), ChunkSize: tt.chunk, Seed: 11}, bernoulli(tt.p))
				if pm := prev.Groups[0].Metrics[0]; pm.HalfWidth() <= tt.prec && prev.Draws >= max(tt.min, 4*int64(tt.chunk)) {
					t.Errorf("already precise at %d draws (half-width %v)", prev.Draws, pm.HalfWidth())
				}
			}
		})
	}
}

// TestPrecisionAllGroups: the run goes on until every group is precise.
func TestPrecisionAllGroups(t *testing.T) {
	cfg := Config{Metrics: pMetric, Precision: 0.02, ChunkSize: 64, Seed: 3}
	easy, hard := bernoulli(0.02), bernoulli(0.5)
	easy.Name, hard.Name = "easy", "hard"
	alone := run(t, context.Background(), cfg, easy)
	both := run(t, context.Background(), cfg, easy, hard)
	if alone.Draws >= both.Draws {
		t.Errorf("easy alone %d draws, with a hard group %d", alone.Draws, both.Draws)
	}
	for _, g := range both.Groups {
		if h := g.Metrics[0].HalfWidth(); h > 0.02 {
			t.Errorf("group %s half-width %v", g.Name, h)
		}
	}
}

func TestCancelGivesPrefix(t *testing.T) {
	const cancelAt = 4000 // more than the window, 16 chunks of 128 draws
	for _, workers := range []int{1, 2, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		var draws atomic.Int64
		g := crisisGroup("g", 0.5)
		inner := g.New
		g.New = func(w int) (Sampler, error) {
			s, _ := inner(w)
			return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
				if draws.Add(1) == cancelAt {
					cancel()
				}
				return s.Sample(rng, rec)
			}), nil
		}
		cfg := crisisConfig()
		cfg.Samples, cfg.Workers = 100_000, workers
		r, err := Run(ctx, cfg, g)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("workers %d: error %v, want context.Canceled", workers, err)
		}
		if r == nil || !r.Partial || r.Stop != StopInterrupted {
			t.Fatalf("workers %d: result %+v, want partial", workers, r)
		}
		// Workers run at most 4×workers chunks ahead of the merge point, so
		// by the time of cancellation at least one chunk was complete.
		if r.Draws%int64(cfg.ChunkSize) != 0 || r.Draws == 0 || r.Draws > cancelAt {
			t.Errorf("workers %d: %d draws, want a non-empty whole number of chunks before %d", workers, r.Draws, cancelAt)
		}
		// The partial result is exactly the run of its length.
		cfg.Samples = r.Draws
		full := run(t, context.Background(), cfg, crisisGroup("g", 0.5))
		if !bytes.Equal(mustJSON(t, full.Groups), mustJSON(t, r.Groups)) {
			t.Errorf("workers %d: partial result differs from a run of %d draws", workers, r.Draws)
		}
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := Run(ctx, Config{Metrics: pMetric, Samples: 1 << 30}, bernoulli(0.5))
	if !errors.Is(err, context.Canceled) || r == nil || !r.Partial {
		t.Fatalf("err %v result %+v", err, r)
	}
	if r.Draws > 0 && r.Draws%DefaultChunkSize != 0 {
		t.Errorf("draws %d not whole chunks", r.Draws)
	}
	b := mustJSON(t, r)
	if r.Draws == 0 && !strings.Contains(string(b), `"mean":null,"ci95":null`) {
		t.Errorf("empty result JSON %s lacks nulls", b)
	}
}

func TestConditional(t *testing.T) {
	cfg := Config{Metrics: []Metric{{Name: "never", Kind: CondProbability}, {Name: "never-mean", Kind: CondMean}, {Name: "once", Kind: CondMean}, {Name: "some", Kind: CondProbability}},
		Samples: 4000, ChunkSize: 256}
	g := Group{Name: "c", New: func(int) (Sampler, error) {
		first := true
		return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
			if first { // one value in the whole run (workers: 1)
				rec[2] = 5
				first = false
			}
			if rng.Float64() < 0.25 {
				rec[3] = b2f(rng.Float64() < 0.8)
			}
			return nil
		}), nil
	}}
	cfg.Workers = 1
	r := run(t, context.Background(), cfg, g)
	ms := r.Groups[0].Metrics
	for _, m := range ms[:2] {
		if m.Count != 0 || !math.IsNaN(m.Mean) || !math.IsNaN(m.CI95[0]) {
			t.Errorf("%s: %+v, want no values", m.Name, m)
		}
	}
	if m := ms[2]; m.Count != 1 || m.Mean != 5 || !math.IsNaN(m.SD) || !math.IsNaN(m.CI95[0]) {
		t.Errorf("once: %+v, want one value and no interval", m)
	}
	z999, _ := ZFor(0.999)
	if m := ms[3]; m.N != 4000 || math.Abs(float64(m.Count)-1000) > z999*math.Sqrt(4000*0.25*0.75) {
		t.Errorf("some: %d conditions in %d draws, want about 1000", m.Count, m.N)
	} else if lo, hi := m.Interval(z999); lo > 0.8 || hi < 0.8 {
		t.Errorf("some: 99.9%% interval [%v, %v] misses 0.8", lo, hi)
	}

	b := string(mustJSON(t, r))
	for _, want := range []string{
		`{"name":"never","kind":"conditional-probability","n":4000,"conditions":0,"successes":0,"mean":null,"ci95":null}`,
		`{"name":"never-mean","kind":"conditional-mean","n":4000,"conditions":0,"mean":null,"ci95":null}`,
		`{"name":"once","kind":"conditional-mean","n":4000,"conditions":1,"mean":5,"ci95":null}`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
}

func TestInvalidValues(t *testing.T) {
	metrics := []Metric{{Name: "p", Kind: Probability}, {Name: "m", Kind: Mean}, {Name: "cp", Kind: CondProbability}, {Name: "cm", Kind: CondMean}}
	tests := []struct {
		name string
		set  func(rec []float64)
		want string
	}{
		{"probability 0.5", func(r []float64) { r[0] = 0.5 }, `metric "p" (probability) is 0.5, not 0 or 1`},
		{"probability unset", func(r []float64) { r[0] = math.NaN() }, `metric "p" was not set`},
		{"mean unset", func(r []float64) { r[1] = math.NaN() }, `metric "m" was not set`},
		{"mean infinite", func(r []float64) { r[1] = math.Inf(-1) }, `metric "m" (mean) is -Inf`},
		{"conditional probability 2", func(r []float64) { r[2] = 2 }, `is 2, not 0, 1 or NaN`},
		{"conditional mean infinite", func(r []float64) { r[3] = math.Inf(1) }, `not a finite number or NaN`},
		{"input NaN", func(r []float64) { r[4] = math.NaN() }, `input "x" is NaN`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var firstDraw int64 = -1
			for _, workers := range []int{1, 3} {
				g := Group{Name: "g", New: func(int) (Sampler, error) {
					return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
						rec[0], rec[1], rec[4] = 1, 2, 3
						if rng.IntN(700) == 0 {
							tt.set(rec)
						}
						return nil
					}), nil
				}}
				r, err := Run(context.Background(), Config{Metrics: metrics, Inputs: []string{"x"}, ChunkSize: 100, Samples: 50_000, Workers: workers}, g)
				var de *DrawError
				if !errors.As(err, &de) || !errors.Is(err, ErrInvalidValue) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want a DrawError containing %q", err, tt.want)
				}
				if firstDraw == -1 {
					firstDraw = de.Draw
				} else if de.Draw != firstDraw {
					t.Errorf("workers %d: failing draw %d, with 1 worker %d", workers, de.Draw, firstDraw)
				}
				if r == nil || !r.Partial || r.Stop != StopError || r.Draws != de.Draw/100*100 {
					t.Errorf("result %+v, want the %d draws before the failing chunk", r, de.Draw/100*100)
				}
			}
		})
	}
}

func TestSamplerErrorAndPanic(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		fail func() error
		is   error
	}{
		{"error", func() error { return boom }, boom},
		{"panic", func() error { panic("kaboom") }, ErrSamplerPanic},
	}
	for _, tt := range tests {
		g := Group{Name: "g", New: func(int) (Sampler, error) {
			return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
				rec[0] = 0
				if rng.IntN(3000) == 0 {
					return tt.fail()
				}
				return nil
			}), nil
		}}
		r, err := Run(context.Background(), Config{Metrics: pMetric, ChunkSize: 64, Samples: 100_000, Workers: 2}, g)
		var de *DrawError
		if !errors.Is(err, tt.is) || !errors.As(err, &de) || de.Group != "g" {
			t.Errorf("%s: error %v", tt.name, err)
		}
		if r == nil || !r.Partial || r.Draws != de.Draw/64*64 {
			t.Errorf("%s: result %+v", tt.name, r)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	ok := bernoulli(0.5)
	tests := []struct {
		name   string
		cfg    Config
		groups []Group
	}{
		{"no metrics", Config{}, []Group{ok}},
		{"empty name", Config{Metrics: []Metric{{Name: "", Kind: Mean}}}, []Group{ok}},
		{"duplicate metric", Config{Metrics: []Metric{{Name: "a", Kind: Mean}, {Name: "a", Kind: Probability}}}, []Group{ok}},
		{"input clashes with metric", Config{Metrics: pMetric, Inputs: []string{"p"}}, []Group{ok}},
		{"empty input", Config{Metrics: pMetric, Inputs: []string{""}}, []Group{ok}},
		{"bad kind", Config{Metrics: []Metric{{Name: "a", Kind: 0}}}, []Group{ok}},
		{"bad kind 9", Config{Metrics: []Metric{{Name: "a", Kind: 9}}}, []Group{ok}},
		{"bins on a probability", Config{Metrics: []Metric{{Name: "p", Kind: Probability, Bins: []float64{0, 1}}}}, []Group{ok}},
		{"one bin edge", Config{Metrics: []Metric{{Name: "m", Kind: Mean, Bins: []float64{0}}}}, []Group{ok}},
		{"empty bins", Config{Metrics: []Metric{{Name: "m", Kind: Mean, Bins: []float64{}}}}, []Group{ok}},
		{"bin edges not increasing", Config{Metrics: []Metric{{Name: "m", Kind: Mean, Bins: []float64{0, 1, 1}}}}, []Group{ok}},
		{"bin edges decreasing", Config{Metrics: []Metric{{Name: "m", Kind: CondMean, Bins: []float64{2, 1}}}}, []Group{ok}},
		{"NaN bin edge", Config{Metrics: []Metric{{Name: "m", Kind: Mean, Bins: []float64{0, math.NaN()}}}}, []Group{ok}},
		{"infinite bin edge", Config{Metrics: []Metric{{Name: "m", Kind: Mean, Bins: []float64{math.Inf(-1), 0}}}}, []Group{ok}},
		{"too many bins", Config{Metrics: []Metric{{Name: "m", Kind: Mean, Bins: append(LinearBins(0, 1, MaxBins), 2)}}}, []Group{ok}},
		{"no groups", Config{Metrics: pMetric}, nil},
		{"duplicate group", Config{Metrics: pMetric}, []Group{ok, ok}},
		{"nil New", Config{Metrics: pMetric}, []Group{{Name: "x"}}},
		{"negative chunk", Config{Metrics: pMetric, ChunkSize: -1}, []Group{ok}},
		{"huge chunk", Config{Metrics: pMetric, ChunkSize: MaxChunkSize + 1}, []Group{ok}},
		{"NaN precision", Config{Metrics: pMetric, Precision: math.NaN()}, []Group{ok}},
		{"negative precision", Config{Metrics: pMetric, Precision: -0.1}, []Group{ok}},
		{"precision 1", Config{Metrics: pMetric, Precision: 1}, []Group{ok}},
		{"precision without probability", Config{Metrics: []Metric{{Name: "m", Kind: Mean}, {Name: "c", Kind: CondProbability}}, Precision: 0.01}, []Group{ok}},
		{"negative samples", Config{Metrics: pMetric, Samples: -1}, []Group{ok}},
		{"too many samples", Config{Metrics: pMetric, Samples: MaxSamples + 1}, []Group{ok}},
		{"negative minimum", Config{Metrics: pMetric, MinSamples: -1}, []Group{ok}},
		{"too many workers", Config{Metrics: pMetric, Workers: MaxWorkers + 1}, []Group{ok}},
		{"negative window", Config{Metrics: pMetric, Window: -1}, []Group{ok}},
		{"huge rank sample", Config{Metrics: pMetric, RankSample: MaxRankSample + 1}, []Group{ok}},
	}
	for _, tt := range tests {
		r, err := Run(context.Background(), tt.cfg, tt.groups...)
		if !errors.Is(err, ErrConfig) || r != nil {
			t.Errorf("%s: result %v, error %v; want ErrConfig", tt.name, r, err)
		}
	}

	boom := errors.New("no model")
	for _, g := range []Group{
		{Name: "e", New: func(int) (Sampler, error) { return nil, boom }},
		{Name: "n", New: func(int) (Sampler, error) { return nil, nil }},
	} {
		r, err := Run(context.Background(), Config{Metrics: pMetric}, g)
		if err == nil || r != nil || (g.Name == "e" && !errors.Is(err, boom)) {
			t.Errorf("group %s: result %v error %v", g.Name, r, err)
		}
	}
}

func TestDefaults(t *testing.T) {
	p, err := Config{Metrics: pMetric}.plan([]Group{bernoulli(1)})
	if err != nil {
		t.Fatal(err)
	}
	if p.ChunkSize != DefaultChunkSize || p.Samples != DefaultSamples || p.Workers < 1 || p.Window < p.Workers ||
		p.MinSamples != DefaultMinChunks*DefaultChunkSize || p.RankSample != 0 {
		t.Errorf("defaults: %+v", p)
	}
	p, err = Config{Metrics: pMetric, Inputs: []string{"x"}, Precision: 0.1, Workers: -3, Samples: 10, ChunkSize: 5}.plan([]Group{bernoulli(1)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Samples != 10 || p.chunks != 2 || p.lastSize != 5 || p.Workers != min(runtime.GOMAXPROCS(0), 2) || p.RankSample != DefaultRankSample {
		t.Errorf("small run: %+v", p)
	}
	p, _ = Config{Metrics: pMetric, Precision: 0.1}.plan([]Group{bernoulli(1)})
	if p.Samples != DefaultMaxSamples {
		t.Errorf("precision cap %d, want %d", p.Samples, DefaultMaxSamples)
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"fixed", Config{Metrics: pMetric, Samples: 1000, ChunkSize: 64, Workers: 2}},
		{"precision", Config{Metrics: pMetric, Precision: 0.02, ChunkSize: 64, Workers: 2}},
	}
	for _, tt := range tests {
		var seen []Progress
		tt.cfg.Progress = func(p Progress) { seen = append(seen, p) }
		r := run(t, context.Background(), tt.cfg, bernoulli(0.5))
		if len(seen) != int(r.Chunks)+1 || seen[0].Done != 0 {
			t.Fatalf("%s: %d calls for %d chunks, first %+v", tt.name, len(seen), r.Chunks, seen[0])
		}
		for i, p := range seen {
			if p.Total < p.Done || (i > 0 && p.Done <= seen[i-1].Done) {
				t.Errorf("%s: call %d: %+v after %+v", tt.name, i, p, seen[max(i-1, 0)])
			}
			if tt.cfg.Precision == 0 && (p.Total != 1000 || p.Estimated) {
				t.Errorf("%s: call %d: %+v, want total 1000", tt.name, i, p)
			}
		}
		if last := seen[len(seen)-1]; last.Done != r.Draws || last.Total != r.Draws {
			t.Errorf("%s: last call %+v, want %d of %d", tt.name, last, r.Draws, r.Draws)
		}
		if tt.cfg.Precision > 0 {
			// After a few chunks the projection is near the 2401 draws needed.
			if mid := seen[8]; !mid.Estimated || mid.Total < 1800 || mid.Total > 3200 {
				t.Errorf("%s: estimate after 8 chunks %+v", tt.name, mid)
			}
		}
	}
}

func TestSensitivity(t *testing.T) {
	cfg := crisisConfig()
	cfg.Samples, cfg.RankSample = 20000, 2000
	r := run(t, context.Background(), cfg, crisisGroup("g", 0.6))
	g := r.Groups[0]
	if len(g.Sensitivity) != len(crisisMetrics)*len(crisisInputs) {
		t.Fatalf("%d correlations", len(g.Sensitivity))
	}
	byName := map[string]Correlation{}
	for i, c := range g.Sensitivity {
		if want := crisisMetrics[i/2].Name + "~" + crisisInputs[i%2]; c.Metric+"~"+c.Input != want {
			t.Errorf("correlation %d is %s~%s, want %s", i, c.Metric, c.Input, want)
		}
		byName[c.Metric+"~"+c.Input] = c
	}
	// cost = 10·resolve + noise + U(0,1): corr with resolve
	// = 10σ_r/√(100σ_r² + 1 + 1/12) with σ_r² = 1/12, about 0.941.
	wantCost := 10 / math.Sqrt(12) / math.Sqrt(100.0/12+1+1.0/12)
	tests := []struct {
		key                    string
		pearson, spearman, tol float64
		n                      int64
	}{
		{"cost~resolve", wantCost, wantCost, 0.02, 20000},
		{"cost~noise", 1 / math.Sqrt(100.0/12+1+1.0/12), 0.33, 0.03, 20000},
		{"war~resolve", 0.27, 0.27, 0.04, 20000},
		{"war~noise", 0, 0, 0.04, 20000},
		{"joins|war~resolve", 0, 0, 0.06, -1},
		{"days|war~noise", 0, 0, 0.06, -1},
	}
	for _, tt := range tests {
		c := byName[tt.key]
		// Spearman's ρ comes from 2000 draws: standard error about 0.022.
		if !near(c.Pearson, tt.pearson, tt.tol) || !near(c.Spearman, tt.spearman, max(tt.tol, 0.07)) {
			t.Errorf("%s: pearson %v spearman %v, want about %v, %v", tt.key, c.Pearson, c.Spearman, tt.pearson, tt.spearman)
		}
		if tt.n > 0 && c.N != tt.n {
			t.Errorf("%s: n %d, want %d", tt.key, c.N, tt.n)
		}
		if c.RankN != int64(cfg.RankSample) {
			t.Errorf("%s: rank sample %d, want %d", tt.key, c.RankN, cfg.RankSample)
		}
		if c.PearsonCI95[0] > c.Pearson || c.PearsonCI95[1] < c.Pearson {
			t.Errorf("%s: interval %v misses %v", tt.key, c.PearsonCI95, c.Pearson)
		}
	}
	if c := byName["joins|war~resolve"]; c.N != g.Metric("joins|war").Count {
		t.Errorf("conditional correlation over %d draws, condition met %d times", c.N, g.Metric("joins|war").Count)
	}

	// Without rank sampling, no Spearman.
	cfg.RankSample = -1
	r = run(t, context.Background(), cfg, crisisGroup("g", 0.6))
	if c := r.Groups[0].Sensitivity[0]; c.RankN != 0 || !math.IsNaN(c.Spearman) || math.IsNaN(c.Pearson) {
		t.Errorf("rank sampling off: %+v", c)
	}
}

func TestJSON(t *testing.T) {
	r := run(t, context.Background(), crisisConfig(), crisisGroup("coalition", 0.6))
	b := mustJSON(t, r)
	for _, key := range []string{`"seed":42`, `"chunk_size":128`, `"draws":5000`, `"partial":false`, `"stop":"samples"`,
		`"groups":[{"name":"coalition","metrics":[{"name":"war","kind":"probability","n":5000,"successes":`,
		`"sensitivity":[{"metric":"war","input":"resolve","n":5000,"pearson":`} {
		if !bytes.Contains(b, []byte(key)) {
			t.Errorf("JSON lacks %s:\n%s", key, b)
		}
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if again := mustJSON(t, back); !bytes.Equal(again, b) {
		t.Errorf("round trip changed JSON:\n%s\n%s", b, again)
	}
	m := back.Group("coalition").Metric("cost")
	if lo, hi := m.Interval(Z95); lo != m.CI95[0] || hi != m.CI95[1] {
		t.Errorf("interval from decoded JSON [%v, %v], stored %v", lo, hi, m.CI95)
	}
	if back.Group("nope") != nil || back.Groups[0].Metric("nope") != nil {
		t.Error("lookup of a missing name found something")
	}
	var k Kind
	if err := k.UnmarshalText([]byte("chance")); err == nil {
		t.Error("unknown kind decoded")
	}
	if _, err := Kind(0).MarshalText(); err == nil || Kind(0).String() != "Kind(0)" {
		t.Error("invalid kind encoded")
	}
}

// TestWindowBound: while chunk 0 is slow, the other workers run at most
// Window chunks ahead of the merge point.
func TestWindowBound(t *testing.T) {
	const chunk, window = 16, 6
	var started, merged, worst atomic.Int64
	g := Group{Name: "g", New: func(int) (Sampler, error) {
		return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
			n := started.Add(1)
			if n == 1 {
				time.Sleep(20 * time.Millisecond) // hold up chunk 0
			}
			if lead := n - merged.Load(); lead > worst.Load() {
				worst.Store(lead)
			}
			rec[0] = 0
			return nil
		}), nil
	}}
	cfg := Config{Metrics: pMetric, ChunkSize: chunk, Samples: 100 * chunk, Workers: 3, Window: window,
		Progress: func(p Progress) { merged.Store(p.Done) }}
	r := run(t, context.Background(), cfg, g)
	if r.Draws != 100*chunk {
		t.Fatalf("draws %d", r.Draws)
	}
	if w := worst.Load(); w > window*chunk {
		t.Errorf("workers ran %d draws ahead of the merge point, window is %d", w, window*chunk)
	}
}

// TestNoAllocationsPerChunk: a run's allocations do not grow with its
// length (the trivial sampler allocates nothing).
func TestNoAllocationsPerChunk(t *testing.T) {
	if testslack.RaceEnabled() {
		t.Skip("the race detector allocates")
	}
	for _, tt := range []struct {
		name string
		cfg  Config
		g    Group
	}{
		{"one metric", Config{Metrics: pMetric}, bernoulli(0.5)},
		{"every kind, inputs", Config{Metrics: crisisMetrics, Inputs: crisisInputs, RankSample: 100}, crisisGroup("g", 0.5)},
	} {
		allocs := func(samples int64) float64 {
			cfg := tt.cfg
			cfg.ChunkSize, cfg.Samples, cfg.Workers, cfg.Window = 64, samples, 1, 2
			return testing.AllocsPerRun(5, func() {
				if _, err := Run(context.Background(), cfg, tt.g); err != nil {
					t.Fatal(err)
				}
			})
		}
		short, long := allocs(4*64), allocs(400*64)
		t.Logf("%s: %v allocations for 4 chunks, %v for 400", tt.name, short, long)
		if long > short {
			t.Errorf("%s: %v allocations for 4 chunks, %v for 400", tt.name, short, long)
		}
	}
}
