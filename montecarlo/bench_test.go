package montecarlo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchRun makes b.N draws (one op = one draw), so ns/op is the cost of a
// draw and allocs/op the allocations per draw, the run's fixed setup
// spread over b.N.
func benchRun(b *testing.B, cfg Config, g Group) {
	b.Helper()
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			cfg := cfg
			cfg.Workers, cfg.Samples = workers, int64(max(b.N, 1))
			b.ReportAllocs()
			b.ResetTimer()
			if _, err := Run(context.Background(), cfg, g); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkRunTrivial measures the engine's overhead per draw: the
// sampler draws one uniform number.
func BenchmarkRunTrivial(b *testing.B) {
	benchRun(b, Config{Metrics: []Metric{{Name: "p", Kind: Probability}, {Name: "u", Kind: Mean}}}, Group{Name: "g", New: func(int) (Sampler, error) {
		return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
			u := rng.Float64()
			rec[0], rec[1] = b2f(u < 0.3), u
			return nil
		}), nil
	}})
}

// BenchmarkRunWork has a sampler of about 100 random numbers per draw, a
// stand-in for a model, to show how throughput scales with workers.
func BenchmarkRunWork(b *testing.B) {
	benchRun(b, Config{Metrics: []Metric{{Name: "p", Kind: Probability}, {Name: "u", Kind: Mean}}}, Group{Name: "g", New: func(int) (Sampler, error) {
		return SamplerFunc(func(rng *rand.Rand, rec []float64) error {
			s := 0.0
			for range 100 {
				s += rng.Float64()
			}
			rec[0], rec[1] = b2f(s < 50), s
			return nil
		}), nil
	}})
}

// BenchmarkRunSensitivity: four metrics of every kind, two inputs and
// rank sampling, with the toy crisis model.
func BenchmarkRunSensitivity(b *testing.B) {
	benchRun(b, Config{Metrics: crisisMetrics, Inputs: crisisInputs}, crisisGroup("g", 0.5))
}

func BenchmarkWilson(b *testing.B) {
	s := 0.0
	for i := range b.N {
		lo, hi := Wilson(int64(i%1000), 1000, Z95)
		s += hi - lo
	}
	_ = s
}

func BenchmarkMomentsAdd(b *testing.B) {
	var m Moments
	for i := range b.N {
		m.Add(float64(i & 1023))
	}
	_ = m
}
