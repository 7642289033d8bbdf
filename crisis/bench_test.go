package crisis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/bulwark-sim/bulwark/montecarlo"
)

// BenchmarkDraw measures one 10-year draw of each arrangement of the
// default scenario, logit off: time and allocations per Sample call.
func BenchmarkDraw(b *testing.B) {
	m := shared(b)
	for _, id := range m.Arrangements() {
		b.Run(id, func(b *testing.B) {
			smp, err := m.NewSampler(id)
			if err != nil {
				b.Fatal(err)
			}
			rec := make([]float64, len(m.metrics))
			rng := rand.New(rand.NewPCG(1, 2))
			b.ReportAllocs()
			for b.Loop() {
				if err := smp.Sample(rng, rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRun measures whole runs of the default scenario's four
// arrangements through the montecarlo engine, 65,536 draws each, at 1 and
// 2 workers (and more if the machine has them): the draws/s metric counts
// Sample calls (draws × arrangements) per second of wall time.
func BenchmarkRun(b *testing.B) {
	m := shared(b)
	const samples = 1 << 16
	for _, w := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Run(context.Background(), montecarlo.Config{Seed: 1, Samples: samples, Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(samples*len(m.arrs))*float64(b.N)/b.Elapsed().Seconds(), "draws/s")
		})
	}
}

// BenchmarkNew measures building the default scenario's model: the treaty
// engine's answers for every event pattern and the tabulated
// distributions.
func BenchmarkNew(b *testing.B) {
	s := load(b)
	for b.Loop() {
		if _, err := New(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkContest measures the ratio-form contest success function as a
// draw evaluates it (sampler.contests): the 11 years × 6 leaves of one of
// a coalition draw's options, evaluated together; ns/eval is per
// evaluation.
func BenchmarkContest(b *testing.B) {
	m := shared(b)
	smp, _ := m.newSampler(m.arrs[2])
	_ = smp.Sample(rand.New(rand.NewPCG(1, 2)), make([]float64, len(m.metrics)))
	years, leaves := m.horizon+1, len(smp.a.yl.opt[1].leaves)
	fa, fd, p := make([]float64, years), make([]float64, years*leaves), make([]float64, years*leaves)
	for t := range years {
		fa[t] = 80 + float64(t)
		for i := range leaves {
			fd[t*leaves+i] = 60 + float64(t+i)
		}
	}
	for b.Loop() {
		smp.contests(fa, fd, p, leaves)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*years*leaves), "ns/eval")
}
