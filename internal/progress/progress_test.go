package progress

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/montecarlo"
)

// fakeTerminal is a terminal of 80 columns that keeps every frame.
type fakeTerminal struct{ *bytes.Buffer }

func (fakeTerminal) IsTerminal() bool                      { return true }
func (fakeTerminal) GetTermSize() (int, int, error)        { return 80, 24, nil }
func (t fakeTerminal) Flush(int) error                     { return t.WriteByte('\n') }
func (t fakeTerminal) ReadFrom(r io.Reader) (int64, error) { return t.Buffer.ReadFrom(r) }

func TestNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "run")
	b.Update(montecarlo.Progress{Done: 10, Total: 100})
	b.Finish(true)
	if buf.Len() != 0 {
		t.Errorf("bar drawn on a buffer: %q", buf.String())
	}
	var nilBar *Bar
	nilBar.Update(montecarlo.Progress{})
	nilBar.Finish(false)
}

func run(t *testing.T, b *Bar, cfg montecarlo.Config) {
	t.Helper()
	cfg.Metrics = []montecarlo.Metric{{Name: "p", Kind: montecarlo.Probability}}
	cfg.Progress = b.Update
	g := montecarlo.Group{Name: "g", New: func(int) (montecarlo.Sampler, error) {
		return montecarlo.SamplerFunc(func(rng *rand.Rand, rec []float64) error {
			rec[0] = float64(rng.IntN(2))
			return nil
		}), nil
	}}
	if _, err := montecarlo.Run(context.Background(), cfg, g); err != nil {
		t.Fatal(err)
	}
}

func TestTerminal(t *testing.T) {
	tests := []struct {
		name string
		cfg  montecarlo.Config
		ok   bool
		want []string
	}{
		{"fixed", montecarlo.Config{Samples: 5000, ChunkSize: 500}, true, []string{"compare", "5000/5000 draws", "done"}},
		{"precision", montecarlo.Config{Precision: 0.05, ChunkSize: 64}, true, []string{"draws", "done"}},
		{"interrupted", montecarlo.Config{Samples: 5000, ChunkSize: 500}, false, []string{"interrupted"}},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		b := newBar(fakeTerminal{&buf}, "compare")
		run(t, b, tt.cfg)
		b.Finish(tt.ok)
		out := buf.String()
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%q", tt.name, w, out)
			}
		}
	}
}
