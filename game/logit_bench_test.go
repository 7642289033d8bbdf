package game

import (
	"context"
	"fmt"
	"testing"
)

// Gambit 17's gambit-logit -e: 0.37 s (n=28), 3.7 s (n=64), 33 s (n=128).
func BenchmarkLogitBimatrix(b *testing.B) {
	for _, n := range []int{28, 64, 96, 128} {
		g := gamegenBimatrix(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var r *LogitResult
			for b.Loop() {
				var err error
				if r, err = Logit(context.Background(), g, LogitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Steps+r.Refused), "steps")
			b.ReportMetric(r.Lambda, "λ")
		})
	}
}

// Gambit 17's gambit-logit -e: 3.5 s (d=6), 18.2 s (d=7).
func BenchmarkLogitTree2(b *testing.B) {
	for _, d := range []int{6, 7, 8} {
		g := readGamegenEFG(b, fmt.Sprintf("tree2_d%d.efg", d))
		b.Run(fmt.Sprintf("d=%d", d), func(b *testing.B) {
			var r *LogitResult
			for b.Loop() {
				var err error
				if r, err = g.Logit(context.Background(), LogitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Steps+r.Refused), "steps")
			b.ReportMetric(r.Lambda, "λ")
		})
	}
}
