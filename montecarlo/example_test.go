package montecarlo_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/bulwark-sim/bulwark/montecarlo"
)

// coin is a sampler with worker-local scratch state: it records whether
// a biased coin came up heads, and the number of tosses until the first
// head.
type coin struct {
	p      float64
	tosses int // scratch: reused by every draw of this worker
	heads  float64
}

func (c *coin) Sample(rng *rand.Rand, rec []float64) error {
	c.heads = 0
	if rng.Float64() < c.p {
		c.heads = 1
	}
	for c.tosses = 1; rng.Float64() >= c.p; c.tosses++ {
	}
	rec[0], rec[1] = c.heads, float64(c.tosses)
	return nil
}

// A run with a fixed number of draws: exactly Samples draws, the same
// results for any number of workers.
func Example() {
	cfg := montecarlo.Config{
		Metrics: []montecarlo.Metric{
			{Name: "heads", Kind: montecarlo.Probability},
			{Name: "tosses", Kind: montecarlo.Mean},
		},
		Seed:    1,
		Samples: 10_000,
	}
	coin30 := montecarlo.Group{Name: "p=0.3", New: func(worker int) (montecarlo.Sampler, error) {
		return &coin{p: 0.3}, nil
	}}
	res, err := montecarlo.Run(context.Background(), cfg, coin30)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range res.Groups[0].Metrics {
		fmt.Printf("%s: %.3f [%.3f, %.3f] over %d draws\n", m.Name, m.Mean, m.CI95[0], m.CI95[1], m.N)
	}
	// Output:
	// heads: 0.304 [0.295, 0.313] over 10000 draws
	// tosses: 3.340 [3.286, 3.394] over 10000 draws
}

// Several groups share the random stream (common random numbers) and stop
// together once every probability is known to ±0.01.
func Example_groups() {
	cfg := montecarlo.Config{
		Metrics:   []montecarlo.Metric{{Name: "heads", Kind: montecarlo.Probability}, {Name: "tosses", Kind: montecarlo.Mean}},
		Seed:      1,
		Precision: 0.01,
	}
	var groups []montecarlo.Group
	for _, p := range []float64{0.3, 0.5} {
		groups = append(groups, montecarlo.Group{Name: fmt.Sprintf("p=%.1f", p), New: func(int) (montecarlo.Sampler, error) {
			return &coin{p: p}, nil
		}})
	}
	res, err := montecarlo.Run(context.Background(), cfg, groups...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("stopped by %s after %d draws\n", res.Stop, res.Draws)
	for _, g := range res.Groups {
		m := g.Metric("heads")
		fmt.Printf("%s: %.3f ± %.4f\n", g.Name, m.Mean, m.HalfWidth())
	}
	// Output:
	// stopped by precision after 10240 draws
	// p=0.3: 0.303 ± 0.0089
	// p=0.5: 0.500 ± 0.0097
}

// A conditional metric is NaN where its condition did not occur; a
// condition that never occurs gives null in JSON.
func Example_conditional() {
	cfg := montecarlo.Config{
		Metrics: []montecarlo.Metric{
			{Name: "war", Kind: montecarlo.Probability},
			{Name: "escalation|war", Kind: montecarlo.CondProbability},
			{Name: "nuclear|war", Kind: montecarlo.CondProbability},
		},
		Samples: 2000,
		Seed:    7,
	}
	model := montecarlo.SamplerFunc(func(rng *rand.Rand, rec []float64) error {
		rec[0] = 0
		if rng.Float64() < 0.1 {
			rec[0] = 1
			rec[1] = 0
			if rng.Float64() < 0.5 {
				rec[1] = 1
			}
		}
		return nil // rec[2] stays NaN: never occurs
	})
	res, _ := montecarlo.Run(context.Background(), cfg, montecarlo.Group{Name: "toy",
		New: func(int) (montecarlo.Sampler, error) { return model, nil }})
	esc := res.Groups[0].Metric("escalation|war")
	fmt.Printf("%s: %d/%d given war (in %d draws), %.3f [%.3f, %.3f]\n",
		esc.Name, esc.Successes, esc.Count, esc.N, esc.Mean, esc.CI95[0], esc.CI95[1])
	_ = json.NewEncoder(os.Stdout).Encode(res.Groups[0].Metric("nuclear|war"))
	// Output:
	// escalation|war: 106/213 given war (in 2000 draws), 0.498 [0.431, 0.564]
	// {"name":"nuclear|war","kind":"conditional-probability","n":2000,"conditions":0,"successes":0,"mean":null,"ci95":null}
}

// Cancelling the context returns the chunks merged so far, marked
// partial: a command line prints them and exits with status 130.
func Example_cancel() {
	ctx, cancel := context.WithCancel(context.Background())
	draws := 0
	model := montecarlo.SamplerFunc(func(rng *rand.Rand, rec []float64) error {
		if draws++; draws == 5000 {
			cancel() // as Ctrl-C would
		}
		rec[0] = float64(rng.IntN(2))
		return nil
	})
	cfg := montecarlo.Config{Metrics: []montecarlo.Metric{{Name: "heads", Kind: montecarlo.Probability}}, Workers: 1, Samples: 1_000_000}
	res, err := montecarlo.Run(ctx, cfg, montecarlo.Group{Name: "coin", New: func(int) (montecarlo.Sampler, error) { return model, nil }})
	if errors.Is(err, context.Canceled) {
		fmt.Printf("interrupted: partial=%v, %d draws in %d whole chunks\n", res.Partial, res.Draws, res.Chunks)
	}
	// Output:
	// interrupted: partial=true, 4096 draws in 4 whole chunks
}

func ExampleWilson() {
	for _, c := range []struct{ k, n int64 }{{0, 10}, {5, 10}, {1, 1000}} {
		lo, hi := montecarlo.Wilson(c.k, c.n, montecarlo.Z95)
		fmt.Printf("%d/%d: [%.4f, %.4f]\n", c.k, c.n, lo, hi)
	}
	z, _ := montecarlo.ZFor(0.999)
	lo, hi := montecarlo.Wilson(5, 10, z)
	fmt.Printf("5/10 at 99.9%%: [%.4f, %.4f]\n", lo, hi)
	// Output:
	// 0/10: [0.0000, 0.2775]
	// 5/10: [0.2366, 0.7634]
	// 1/1000: [0.0002, 0.0056]
	// 5/10 at 99.9%: [0.1395, 0.8605]
}

func ExampleMoments() {
	var a, b montecarlo.Moments
	for _, x := range []float64{1, 2, 3} {
		a.Add(x)
	}
	for _, x := range []float64{4, 5} {
		b.Add(x)
	}
	a.Merge(b) // as if 1…5 had been added to a
	fmt.Println(a.N, a.Mean, a.Variance())
	// Output:
	// 5 3 2.5
}

// A metric with bins also gets a histogram of its values, and quantiles
// read from it: here the number of tosses until the first head, one bin
// per toss count from 1 to 20 (centred on the integers), and the values
// beyond counted apart. Quantiles spread each bin's values evenly over
// it, so those of a whole number fall between its bin's edges.
func Example_histogram() {
	cfg := montecarlo.Config{
		Metrics: []montecarlo.Metric{
			{Name: "heads", Kind: montecarlo.Probability},
			{Name: "tosses", Kind: montecarlo.Mean, Bins: montecarlo.LinearBins(0.5, 20.5, 20)},
		},
		Seed:    1,
		Samples: 10_000,
	}
	coin30 := montecarlo.Group{Name: "p=0.3", New: func(worker int) (montecarlo.Sampler, error) {
		return &coin{p: 0.3}, nil
	}}
	res, err := montecarlo.Run(context.Background(), cfg, coin30)
	if err != nil {
		fmt.Println(err)
		return
	}
	h := res.Groups[0].Metric("tosses").Histogram
	fmt.Printf("1 toss: %d, 2 tosses: %d, more than 20: %d, of %d\n", h.Counts[0], h.Counts[1], h.Over, h.Total())
	fmt.Printf("p5 %.1f, median %.1f, p95 %.1f\n", h.Quantile(0.05), h.Quantile(0.5), h.Quantile(0.95))
	// Output:
	// 1 toss: 2959, 2 tosses: 2050, more than 20: 9, of 10000
	// p5 0.7, median 2.5, p95 8.9
}
