package game

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bulwark-sim/bulwark/internal/gamegen"
)

// The equilibrium counts in these tests are those Gambit 17 reported on the
// same games, from ../shared/docs/gambit-baseline.md (testdata/gamegen
// says how the games were generated).

func readGamegenNFG(t testing.TB, name string) *NormalForm {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "gamegen", name))
	if err != nil {
		t.Fatal(err)
	}
	g, dl := ReadNFG(name, src)
	if dl.HasErrors() {
		t.Fatal(dl.Err())
	}
	return g
}

// gamegenBimatrix generates random_bimatrix.py N's game (seed 12345) in
// memory, for sizes not kept in testdata.
func gamegenBimatrix(tb testing.TB, n int) *NormalForm {
	tb.Helper()
	var buf bytes.Buffer
	if err := gamegen.RandomBimatrix(&buf, n, n, gamegen.BimatrixOptions{}); err != nil {
		tb.Fatal(err)
	}
	g, dl := ReadNFG(fmt.Sprintf("bimatrix_%d.nfg", n), buf.Bytes())
	if dl.HasErrors() {
		tb.Fatal(dl.Err())
	}
	return g
}

func readGamegenEFG(t testing.TB, name string) *Extensive {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "gamegen", name))
	if err != nil {
		t.Fatal(err)
	}
	g, dl := ReadEFG(name, src)
	if dl.HasErrors() {
		t.Fatal(dl.Err())
	}
	return g
}

func TestBaselineEnumPureBimatrix(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{2, 1}, {6, 1}, {14, 0}, {28, 2}, {64, 3}, {160, 4},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			g := readGamegenNFG(t, fmt.Sprintf("bimatrix_%d.nfg", tc.n))
			eqs := EnumPure(g)
			if len(eqs) != tc.want {
				t.Fatalf("%d pure equilibria, Gambit finds %d", len(eqs), tc.want)
			}
			for _, s := range eqs {
				r, err := g.Verify(g.PureProfile(s))
				if err != nil || r.Max.Sign() != 0 {
					t.Fatalf("profile %v: regret %v, %v", s, r, err)
				}
			}
		})
	}
}

// Gambit 16.4.1's enumpure -P counts the pure subgame-perfect equilibria.
func TestBaselineAllSPETree2(t *testing.T) {
	for _, tc := range []struct{ d, want int }{
		{2, 1}, {3, 1}, {4, 1}, {5, 2}, {6, 1}, {7, 16}, {8, 72}, {9, 14336},
	} {
		t.Run(fmt.Sprint(tc.d), func(t *testing.T) {
			g := readGamegenEFG(t, fmt.Sprintf("tree2_d%d.efg", tc.d))
			all, err := g.AllSPE(20000)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != tc.want {
				t.Fatalf("%d subgame-perfect equilibria, Gambit finds %d", len(all), tc.want)
			}
		})
	}
}

// Gambit's enumpure on an extensive game enumerates its reduced strategic
// form: 2·4^k profiles here.
func TestBaselineEnumPureGuarantor(t *testing.T) {
	for _, tc := range []struct{ k, want int }{
		{1, 2}, {2, 10}, {3, 45}, {4, 229}, {5, 938},
	} {
		t.Run(fmt.Sprint(tc.k), func(t *testing.T) {
			g := readGamegenEFG(t, fmt.Sprintf("guarantor_%d.efg", tc.k))
			nf, err := g.ReducedNormalForm()
			if err != nil {
				t.Fatal(err)
			}
			if want := 2 << (2 * tc.k); nf.NumProfiles() != want {
				t.Fatalf("%d reduced profiles, want %d", nf.NumProfiles(), want)
			}
			if got := len(EnumPure(nf)); got != tc.want {
				t.Fatalf("%d pure equilibria, Gambit finds %d", got, tc.want)
			}
		})
	}
}

// Gambit's enumpure -A counts the pure agent Nash equilibria.
func TestBaselineEnumPureAgentGuarantor(t *testing.T) {
	for _, tc := range []struct{ k, want int }{
		{1, 2}, {2, 10}, {3, 45}, {4, 229}, {5, 938},
	} {
		t.Run(fmt.Sprint(tc.k), func(t *testing.T) {
			g := readGamegenEFG(t, fmt.Sprintf("guarantor_%d.efg", tc.k))
			eqs, err := g.EnumPureAgent(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(eqs) != tc.want {
				t.Fatalf("%d pure agent equilibria, Gambit finds %d", len(eqs), tc.want)
			}
			for i, b := range eqs {
				if tc.k > 3 && i%16 != 0 {
					continue // a sample keeps the test quick
				}
				if r, err := g.AgentRegret(b); err != nil || r.Sign() != 0 {
					t.Fatalf("equilibrium %d: agent regret %v, %v", i, r, err)
				}
			}
		})
	}
}

func BenchmarkEnumPureAgentGuarantor(b *testing.B) {
	for _, k := range []int{4, 5, 6} {
		g := readGamegenEFG(b, fmt.Sprintf("guarantor_%d.efg", k))
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			for b.Loop() {
				if _, err := g.EnumPureAgent(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Gambit 17's gambit-enumpure: 1.5 s (n=160), 13.6 s (n=256), 48.6 s (n=320).
func BenchmarkEnumPureBimatrix(b *testing.B) {
	for _, n := range []int{160, 256, 320} {
		g := gamegenBimatrix(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				EnumPure(g)
			}
		})
	}
}

// Gambit 17's gambit-enumpure on the tree (reduced strategic form): 0.84 s
// (k=4), 18.9 s (k=5), over 90 s (k=6). Reading the file is included, as in
// Gambit's figures.
func BenchmarkEnumPureGuarantor(b *testing.B) {
	for _, k := range []int{4, 5, 6} {
		src, err := os.ReadFile(filepath.Join("testdata", "gamegen", fmt.Sprintf("guarantor_%d.efg", k)))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			for b.Loop() {
				g, dl := ReadEFG("g.efg", src)
				if dl.HasErrors() {
					b.Fatal(dl.Err())
				}
				red, err := g.Reduce()
				if err != nil {
					b.Fatal(err)
				}
				EnumPure(red.Game)
			}
		})
	}
}
