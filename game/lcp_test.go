package game

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// lcpVerify fails the test unless every profile is an exact equilibrium
// of g, and returns the profiles in Gambit's output format.
func lcpVerify(t testing.TB, g *NormalForm, eqs []MixedProfile) []string {
	t.Helper()
	var lines []string
	for _, p := range eqs {
		r, err := g.Verify(p)
		if err != nil {
			t.Fatalf("profile %s: %v", p.FormatGambit(-1), err)
		}
		if r.Max.Sign() != 0 {
			t.Fatalf("profile %s has regret %s", p.FormatGambit(-1), RatString(r.Max))
		}
		lines = append(lines, p.FormatGambit(-1))
	}
	return lines
}

// randomBimatrix returns an n×n game with payoffs drawn uniformly from
// 0..99, like ../shared/gamegen/random_bimatrix.py (but from Go's PCG
// generator, so not the same numbers).
func randomBimatrix(n int, seed uint64) *NormalForm {
	rows, cols := make([]string, n), make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprint(i + 1)
		cols[i] = fmt.Sprint(i + 1)
	}
	g, err := NewNormalForm([]string{"Row", "Column"}, [][]string{rows, cols})
	if err != nil {
		panic(err)
	}
	r := rand.New(rand.NewPCG(seed, 0))
	for j := range n {
		for i := range n {
			p := g.Profile([]int{i, j})
			g.SetPayoff(p, 0, NewNumber(int64(r.IntN(100)), 1))
			g.SetPayoff(p, 1, NewNumber(int64(r.IntN(100)), 1))
		}
	}
	return g
}

// Gambit's gambit-lcp finds these many accessible equilibria on the
// benchmark games (../shared/docs/gambit-baseline.md); both arithmetics
// must find the same set, and the same first equilibrium.
func TestLCPBaselineCounts(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{2, 1}, {4, 7}, {6, 7}, {10, 7}, {14, 29}, {20, 71},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			g := readGamegenNFG(t, fmt.Sprintf("bimatrix_%d.nfg", tc.n))
			var sets [][]string
			for _, ar := range []LCPArithmetic{LCPExact, LCPFloat} {
				if ar == LCPFloat && tc.n == 20 {
					continue // slow under -race; the floating-point search is checked on the others
				}
				eqs, err := LCP(context.Background(), g, LCPOptions{Arithmetic: ar})
				if err != nil {
					t.Fatal(err)
				}
				if len(eqs) != tc.want {
					t.Fatalf("arithmetic %d: %d equilibria, Gambit finds %d", ar, len(eqs), tc.want)
				}
				lines := lcpVerify(t, g, eqs)
				one, err := LCP(context.Background(), g, LCPOptions{Count: 1, Arithmetic: ar})
				if err != nil || len(one) != 1 {
					t.Fatalf("Count 1: %v, %v", one, err)
				}
				// The single path is the recursion's first.
				if first := one[0].FormatGambit(-1); first != lines[0] {
					t.Errorf("Count 1 finds %s, the search's first is %s", first, lines[0])
				}
				sets = append(sets, lines)
			}
			for _, s := range sets[1:] {
				if !slices.Equal(s, sets[0]) {
					t.Errorf("exact and floating-point searches differ:\n%v\n%v", sets[0], s)
				}
			}
		})
	}
}

// The equilibrium Count 1 finds is the end of the path that drops label
// 1 (player 1's first strategy), with Gambit's tie-breaking; these are
// regression values, each checked to be an equilibrium.
func TestLCPFirst(t *testing.T) {
	cases := []struct {
		name string
		a, b [][]int64
		want string
	}{
		// From the artificial equilibrium, x1 enters: player 2's best
		// reply to row 1 is column 1, and row 1 is a best reply to it.
		{"coordination", [][]int64{{2, 0}, {0, 1}}, [][]int64{{2, 0}, {0, 1}}, "NE,1,0,1,0"},
		{"prisoners' dilemma", [][]int64{{3, 0}, {5, 1}}, [][]int64{{3, 5}, {0, 1}}, "NE,0,1,0,1"},
		{"matching pennies", [][]int64{{1, -1}, {-1, 1}}, [][]int64{{-1, 1}, {1, -1}}, "NE,1/2,1/2,1/2,1/2"},
		{"battle of the sexes", [][]int64{{3, 0}, {0, 2}}, [][]int64{{2, 0}, {0, 3}}, "NE,1,0,1,0"},
		// Degenerate: every payoff ties, so every pivot is a tie broken
		// lexicographically.
		{"all ties", [][]int64{{1, 1}, {1, 1}}, [][]int64{{0, 0}, {0, 0}}, "NE,1,0,1,0"},
		{"pledge 2x3", [][]int64{{2, 0, -3}, {1, 0, -2}}, [][]int64{{-1, 1, -4}, {1, 0, 3}}, "NE,1,0,0,1,0"},
		{"one row", [][]int64{{1, 2, 0}}, [][]int64{{3, 1, 3}}, "NE,1,1,0,0"},
		{"one cell", [][]int64{{5}}, [][]int64{{-5}}, "NE,1,1"},
		{"tied rows", [][]int64{{1}, {2}, {2}}, [][]int64{{0}, {0}, {0}}, "NE,0,1,0,1"},
		{"rock paper scissors", [][]int64{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}}, [][]int64{{0, 1, -1}, {-1, 0, 1}, {1, -1, 0}},
			"NE,1/3,1/3,1/3,1/3,1/3,1/3"},
	}
	for _, c := range cases {
		g := bimatrix(t, c.a, c.b)
		for _, ar := range []LCPArithmetic{LCPExact, LCPFloat} {
			eqs, err := LCP(context.Background(), g, LCPOptions{Count: 1, Arithmetic: ar})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got := lcpVerify(t, g, eqs)
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("%s (arithmetic %d): %v, want %s", c.name, ar, got, c.want)
			}
		}
	}
}

// All accessible equilibria of small games: the set, in the order of
// Gambit's depth-first search.
func TestLCPAll(t *testing.T) {
	cases := []struct {
		name string
		a, b [][]int64
		want []string
	}{
		{"coordination", [][]int64{{2, 0}, {0, 1}}, [][]int64{{2, 0}, {0, 1}},
			[]string{"NE,1,0,1,0", "NE,1/3,2/3,1/3,2/3", "NE,0,1,0,1"}},
		{"matching pennies", [][]int64{{1, -1}, {-1, 1}}, [][]int64{{-1, 1}, {1, -1}}, []string{"NE,1/2,1/2,1/2,1/2"}},
		{"prisoners' dilemma", [][]int64{{3, 0}, {5, 1}}, [][]int64{{3, 5}, {0, 1}}, []string{"NE,0,1,0,1"}},
	}
	for _, c := range cases {
		g := bimatrix(t, c.a, c.b)
		for _, ar := range []LCPArithmetic{LCPExact, LCPFloat} {
			eqs, err := LCP(context.Background(), g, LCPOptions{Arithmetic: ar})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := lcpVerify(t, g, eqs); !slices.Equal(got, c.want) {
				t.Errorf("%s (arithmetic %d): %v, want %v", c.name, ar, got, c.want)
			}
		}
	}
}

func TestLCPCountAndDepth(t *testing.T) {
	g := readGamegenNFG(t, "bimatrix_14.nfg")
	all, err := LCP(context.Background(), g, LCPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 5, 29, 40} {
		eqs, err := LCP(context.Background(), g, LCPOptions{Count: n})
		if err != nil {
			t.Fatal(err)
		}
		want := min(n, len(all))
		if len(eqs) != want {
			t.Fatalf("Count %d: %d equilibria, want %d", n, len(eqs), want)
		}
		for i := range eqs {
			if eqs[i].FormatGambit(-1) != all[i].FormatGambit(-1) {
				t.Fatalf("Count %d: equilibrium %d differs from the full search's", n, i)
			}
		}
	}
	// Depth 1 follows only the paths from the artificial equilibrium.
	shallow, err := LCP(context.Background(), g, LCPOptions{MaxDepth: 1})
	if err != nil {
		t.Fatal(err)
	}
	lcpVerify(t, g, shallow)
	if len(shallow) == 0 || len(shallow) >= len(all) {
		t.Fatalf("depth 1: %d equilibria of %d", len(shallow), len(all))
	}
}

// Exact rationals that are not integers, a game whose least payoff is
// positive, and outcomes that no profile uses (Gambit shifts by the least
// payoff of any outcome).
func TestLCPExactInput(t *testing.T) {
	src := `NFG 1 R "fractions" { "A" "B" } { { "r1" "r2" } { "c1" "c2" } }
{ { "x" 1/3, 2 } { "y" 5, 1/7 } { "z" 1/2, 3 } { "w" 1, 1/2 } { "unused" -1000, 1e3 } }
1 2 3 4`
	g, dl := ReadNFG("fractions.nfg", []byte(src))
	if dl.HasErrors() {
		t.Fatal(dl.Err())
	}
	for _, ar := range []LCPArithmetic{LCPExact, LCPFloat} {
		eqs, err := LCP(context.Background(), g, LCPOptions{Arithmetic: ar})
		if err != nil {
			t.Fatal(err)
		}
		if len(lcpVerify(t, g, eqs)) == 0 {
			t.Fatal("no equilibrium")
		}
	}
	// Payoffs of 100 digits and more overflow the 128-bit tier at once.
	var sb strings.Builder
	sb.WriteString("NFG 1 R \"huge\" { \"A\" \"B\" } { 3 3 }\n")
	r := rand.New(rand.NewPCG(3, 4))
	for range 18 {
		fmt.Fprintf(&sb, "%d%s ", r.IntN(1000), strings.Repeat("7", 100))
	}
	hg, dl := ReadNFG("huge.nfg", []byte(sb.String()))
	if dl.HasErrors() {
		t.Fatal(dl.Err())
	}
	for _, ar := range []LCPArithmetic{LCPExact, LCPFloat} {
		eqs, err := LCP(context.Background(), hg, LCPOptions{Arithmetic: ar})
		if err != nil {
			t.Fatal(err)
		}
		if len(lcpVerify(t, hg, eqs)) == 0 {
			t.Fatal("no equilibrium")
		}
	}
	// Huge payoffs take the big.Int path from the start.
	h := bimatrix(t, [][]int64{{1 << 62, 0}, {0, 1 << 61}}, [][]int64{{1 << 61, 0}, {0, 1 << 62}})
	eqs, err := LCP(context.Background(), h, LCPOptions{Arithmetic: LCPExact})
	if err != nil {
		t.Fatal(err)
	}
	if got := lcpVerify(t, h, eqs); len(got) != 3 {
		t.Fatalf("%v", got)
	}
}

// Larger games: the floating-point path with exact recovery agrees with
// exact pivoting, and the int64 → 128-bit → big.Int tiers are exercised.
func TestLCPFloatMatchesExact(t *testing.T) {
	for _, n := range []int{28, 64} {
		g := readGamegenNFG(t, fmt.Sprintf("bimatrix_%d.nfg", n))
		var lines []string
		for _, ar := range []LCPArithmetic{LCPExact, LCPFloat, LCPAuto} {
			eqs, err := LCP(context.Background(), g, LCPOptions{Count: 1, Arithmetic: ar})
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, lcpVerify(t, g, eqs)...)
		}
		if lines[0] != lines[1] || lines[0] != lines[2] {
			t.Errorf("n=%d: %v", n, lines)
		}
	}
	g := randomBimatrix(40, 7)
	exact, err := LCP(context.Background(), g, LCPOptions{Count: 3, Arithmetic: LCPExact})
	if err != nil {
		t.Fatal(err)
	}
	float, err := LCP(context.Background(), g, LCPOptions{Count: 3, Arithmetic: LCPFloat})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := lcpVerify(t, g, exact), lcpVerify(t, g, float); !slices.Equal(a, b) {
		t.Errorf("random 40x40: exact %v, float %v", a, b)
	}
}

func TestLCPDeterministic(t *testing.T) {
	g := readGamegenNFG(t, "bimatrix_12.nfg")
	var prev []string
	for range 3 {
		eqs, err := LCP(context.Background(), g, LCPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		lines := lcpVerify(t, g, eqs)
		if prev != nil && !slices.Equal(lines, prev) {
			t.Fatal("different answers on the same game")
		}
		prev = lines
	}
}

func TestLCPErrors(t *testing.T) {
	three, one := notTwoPlayer(t)
	huge := &NormalForm{Players: []string{"a", "b"}, Strategies: [][]string{make([]string, 3000), make([]string, 3000)}}
	small := readGamegenNFG(t, "bimatrix_14.nfg")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		g    *NormalForm
		opts LCPOptions
		want string
	}{
		{"three players", context.Background(), three, LCPOptions{}, "two-player"},
		{"one player", context.Background(), one, LCPOptions{}, "two-player"},
		{"nil", context.Background(), nil, LCPOptions{}, "two-player"},
		{"too large", context.Background(), huge, LCPOptions{}, "more than"},
		{"negative count", context.Background(), small, LCPOptions{Count: -1}, "negative"},
		{"pivot budget", context.Background(), small, LCPOptions{MaxPivots: 3, Arithmetic: LCPExact}, "more than 3 pivots"},
		{"cancelled", cancelled, small, LCPOptions{}, "context canceled"},
		{"cancelled float", cancelled, small, LCPOptions{Arithmetic: LCPFloat}, "context canceled"},
	} {
		_, err := LCP(c.ctx, c.g, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
	if _, err := LCP(cancelled, small, LCPOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v is not context.Canceled", err)
	}
}

// The 128-bit and big.Int arithmetic helpers against big.Int.
func TestLCPWideArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a := i128{r.Uint64(), int64(r.Uint64()) >> uint(r.IntN(64))}
		b := i128{r.Uint64(), int64(r.Uint64()) >> uint(r.IntN(64))}
		want := new(bigInt).Mul(a.setBig(new(bigInt)), b.setBig(new(bigInt)))
		x := mul256(a, b)
		if got := u256Big(x); got.Cmp(want) != 0 {
			t.Fatalf("mul256(%v, %v) = %v, want %v", a, b, got, want)
		}
		if s := a.trailingZeros(); a.lo != 0 || a.hi != 0 {
			sh := a.sar(s)
			if new(bigInt).Rsh(a.setBig(new(bigInt)), s).Cmp(sh.setBig(new(bigInt))) != 0 {
				t.Fatalf("sar")
			}
			if sh.lo&1 == 1 {
				if inv := sh.inverse(); mullo128(inv, sh) != (i128{lo: 1}) {
					t.Fatalf("inverse of %v", sh)
				}
			}
		}
		if got := i128FromBig(a.setBig(new(bigInt))); got != a {
			t.Fatalf("round trip %v → %v", a, got)
		}
	}
}

type bigInt = big.Int

// u256Big returns x as a big.Int.
func u256Big(x u256) *big.Int {
	neg := int64(x[3]) < 0
	if neg {
		x = neg256(x)
	}
	z := new(big.Int)
	for k := 3; k >= 0; k-- {
		z.Lsh(z, 64)
		z.Or(z, new(big.Int).SetUint64(x[k]))
	}
	if neg {
		z.Neg(z)
	}
	return z
}

// BenchmarkLCP measures Lemke–Howson on the benchmark games: one
// equilibrium of bimatrix_64 and bimatrix_160 (Gambit 17: 0.345 s and
// 2.66 s), every accessible one of bimatrix_20 (Gambit: 10.7 s), and one
// of random 500×500 games in floating point with exact recovery and
// verification (beyond Gambit's reach; the path's length varies a lot
// with the game: seeds 1, 2, 4 and 5 take 55, 816, 8,434 and 353 pivots).
func BenchmarkLCP(b *testing.B) {
	for _, c := range []struct {
		name  string
		g     func() *NormalForm
		count int
		ar    LCPArithmetic
	}{
		{"bimatrix_64/one", func() *NormalForm { return readGamegenNFG(b, "bimatrix_64.nfg") }, 1, LCPAuto},
		{"bimatrix_64/one/exact", func() *NormalForm { return readGamegenNFG(b, "bimatrix_64.nfg") }, 1, LCPExact},
		{"bimatrix_160/one", func() *NormalForm { return readGamegenNFG(b, "bimatrix_160.nfg") }, 1, LCPAuto},
		{"bimatrix_160/one/exact", func() *NormalForm { return readGamegenNFG(b, "bimatrix_160.nfg") }, 1, LCPExact},
		{"bimatrix_20/all", func() *NormalForm { return readGamegenNFG(b, "bimatrix_20.nfg") }, 0, LCPAuto},
		{"bimatrix_20/all/float", func() *NormalForm { return readGamegenNFG(b, "bimatrix_20.nfg") }, 0, LCPFloat},
		{"random_500_seed1/one", func() *NormalForm { return randomBimatrix(500, 1) }, 1, LCPAuto},
		{"random_500_seed2/one", func() *NormalForm { return randomBimatrix(500, 2) }, 1, LCPAuto},
		{"random_500_seed4/one", func() *NormalForm { return randomBimatrix(500, 4) }, 1, LCPAuto},
		{"random_500_seed5/one", func() *NormalForm { return randomBimatrix(500, 5) }, 1, LCPAuto},
	} {
		b.Run(c.name, func(b *testing.B) {
			g := c.g()
			for b.Loop() {
				eqs, err := LCP(context.Background(), g, LCPOptions{Count: c.count, Arithmetic: c.ar})
				if err != nil || len(eqs) == 0 {
					b.Fatal(eqs, err)
				}
			}
		})
	}
}

func ExampleLCP() {
	// Battle of the sexes: rows and columns are (opera, football).
	g, _ := NewNormalForm([]string{"Her", "Him"}, [][]string{{"opera", "football"}, {"opera", "football"}})
	pay := [2][2][2]int64{{{3, 2}, {0, 0}}, {{0, 0}, {2, 3}}}
	for i := range 2 {
		for j := range 2 {
			p := g.Profile([]int{i, j})
			g.SetPayoff(p, 0, NewNumber(pay[i][j][0], 1))
			g.SetPayoff(p, 1, NewNumber(pay[i][j][1], 1))
		}
	}
	one, _ := LCP(context.Background(), g, LCPOptions{Count: 1})
	fmt.Println(one[0].FormatGambit(-1))
	all, _ := LCP(context.Background(), g, LCPOptions{})
	for _, p := range all {
		fmt.Println(p.FormatGambit(-1))
	}
	// Output:
	// NE,1,0,1,0
	// NE,1,0,1,0
	// NE,3/5,2/5,2/5,3/5
	// NE,0,1,0,1
}
