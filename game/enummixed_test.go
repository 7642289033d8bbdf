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

// emGame builds a bimatrix game from payoff texts: a[i][j] for player 1,
// b[i][j] for player 2.
func emGame(t testing.TB, a, b [][]string) *NormalForm {
	t.Helper()
	m, n := len(a), len(a[0])
	strat := [][]string{make([]string, m), make([]string, n)}
	for i := range strat[0] {
		strat[0][i] = fmt.Sprint("r", i+1)
	}
	for j := range strat[1] {
		strat[1][j] = fmt.Sprint("c", j+1)
	}
	g, err := NewNormalForm([]string{"1", "2"}, strat)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		for j := range n {
			prof := g.Profile([]int{i, j})
			for pl, mat := range [][][]string{a, b} {
				v, err := ParseNumber(mat[i][j])
				if err != nil {
					t.Fatal(err)
				}
				g.SetPayoff(prof, pl, v)
			}
		}
	}
	return g
}

// emInts turns an integer matrix into payoff texts.
func emInts(a [][]int64) [][]string {
	out := make([][]string, len(a))
	for i, row := range a {
		for _, x := range row {
			out[i] = append(out[i], fmt.Sprint(x))
		}
	}
	return out
}

func emLines(eqs []MixedProfile) []string {
	var out []string
	for _, p := range eqs {
		out = append(out, p.FormatGambit(-1))
	}
	return out
}

// emCheck verifies that every profile is a Nash equilibrium with regret
// exactly zero, and that no two are equal.
func emCheck(t *testing.T, g *NormalForm, eqs []MixedProfile) {
	t.Helper()
	seen := map[string]bool{}
	for _, p := range eqs {
		r, err := g.Verify(p)
		if err != nil {
			t.Fatalf("%s: %v", p.FormatGambit(-1), err)
		}
		if r.Max.Sign() != 0 {
			t.Fatalf("%s: regret %s", p.FormatGambit(-1), r.Max.RatString())
		}
		line := p.FormatGambit(-1)
		if seen[line] {
			t.Fatalf("%s reported twice", line)
		}
		seen[line] = true
	}
}

func TestEnumMixedHandMade(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b [][]int64
		want []string // in EnumMixed's order
	}{
		{
			name: "matching pennies",
			a:    [][]int64{{1, -1}, {-1, 1}},
			b:    [][]int64{{-1, 1}, {1, -1}},
			want: []string{"NE,1/2,1/2,1/2,1/2"},
		},
		{
			name: "battle of the sexes",
			a:    [][]int64{{2, 0}, {0, 1}},
			b:    [][]int64{{1, 0}, {0, 2}},
			want: []string{"NE,1,0,1,0", "NE,2/3,1/3,1/3,2/3", "NE,0,1,0,1"},
		},
		{
			// Gambit's own regression test (tests/test_nash.py): the
			// one-shot trust game, a segment of equilibria where the buyer
			// does not trust and the seller honours with probability ≤ 1/2.
			name: "trust (segment)",
			a:    [][]int64{{1, -1}, {0, 0}},
			b:    [][]int64{{1, 2}, {0, 0}},
			want: []string{"NE,0,1,1/2,1/2", "NE,0,1,0,1"},
		},
		{
			// Gambit's regression test: 3×3 coordination, 2^3−1 equilibria.
			name: "coordination 3x3",
			a:    [][]int64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
			b:    [][]int64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
			want: []string{
				"NE,1,0,0,1,0,0",
				"NE,1/2,1/2,0,1/2,1/2,0",
				"NE,1/2,0,1/2,1/2,0,1/2",
				"NE,1/3,1/3,1/3,1/3,1/3,1/3",
				"NE,0,1,0,0,1,0",
				"NE,0,1/2,1/2,0,1/2,1/2",
				"NE,0,0,1,0,0,1",
			},
		},
		{
			// Gambit's regression test: long Lemke–Howson paths, one
			// equilibrium.
			name: "long LH paths 6x6",
			a: [][]int64{
				{-180, 72, -333, 297, -153, 270},
				{-30, 17, -33, 42, -3, 20},
				{-81, 36, -126, 126, -36, 90},
				{90, -36, 126, -126, 36, -81},
				{20, -3, 42, -33, 17, -30},
				{270, -153, 297, -333, 72, -180},
			},
			b: [][]int64{
				{72, 36, 17, -3, -36, -153},
				{-180, -81, -30, 20, 90, 270},
				{297, 126, 42, -33, -126, -333},
				{-333, -126, -33, 42, 126, 297},
				{270, 90, 20, -30, -81, -180},
				{-153, -36, -3, 17, 36, 72},
			},
			want: []string{"NE,1/30,1/6,3/10,3/10,1/6,1/30,1/6,1/30,3/10,3/10,1/30,1/6"},
		},
		{
			// Degenerate (von Stengel, AGT ch. 3): against the top row
			// player 2 is indifferent, so (top, y) is an equilibrium for
			// y_1 ≥ 2/3: a segment with two extreme points, and one more
			// isolated equilibrium.
			name: "degenerate segment 3x2",
			a:    [][]int64{{3, 3}, {2, 5}, {0, 6}},
			b:    [][]int64{{3, 3}, {2, 6}, {3, 1}},
			want: []string{"NE,1,0,0,1,0", "NE,1,0,0,2/3,1/3", "NE,0,1/3,2/3,1/3,2/3"},
		},
		{
			// Every profile is an equilibrium: the extreme ones are the
			// six pure profiles.
			name: "all payoffs equal",
			a:    [][]int64{{5, 5, 5}, {5, 5, 5}},
			b:    [][]int64{{-2, -2, -2}, {-2, -2, -2}},
			want: []string{
				"NE,1,0,1,0,0", "NE,1,0,0,1,0", "NE,1,0,0,0,1",
				"NE,0,1,1,0,0", "NE,0,1,0,1,0", "NE,0,1,0,0,1",
			},
		},
		{
			// Two duplicated strategies for each player: the block
			// {1,2}×{1,2} is a square of equilibria, and mixing it half
			// and half with strategy 3 another.
			name: "duplicate strategies",
			a:    [][]int64{{1, 1, 0}, {1, 1, 0}, {0, 0, 1}},
			b:    [][]int64{{1, 1, 0}, {1, 1, 0}, {0, 0, 1}},
			want: []string{
				"NE,1,0,0,1,0,0", "NE,1,0,0,0,1,0",
				"NE,1/2,0,1/2,1/2,0,1/2", "NE,1/2,0,1/2,0,1/2,1/2",
				"NE,0,1,0,1,0,0", "NE,0,1,0,0,1,0",
				"NE,0,1/2,1/2,1/2,0,1/2", "NE,0,1/2,1/2,0,1/2,1/2",
				"NE,0,0,1,0,0,1",
			},
		},
		{
			// (T, any y) and (any x, R): two segments sharing (T, R).
			name: "two segments",
			a:    [][]int64{{1, 1}, {0, 1}},
			b:    [][]int64{{1, 1}, {0, 1}},
			want: []string{"NE,1,0,1,0", "NE,1,0,0,1", "NE,0,1,0,1"},
		},
		{
			name: "1x1",
			a:    [][]int64{{7}},
			b:    [][]int64{{-3}},
			want: []string{"NE,1,1"},
		},
		{
			// Player 2 alone chooses: the best column.
			name: "1x3",
			a:    [][]int64{{0, 4, 1}},
			b:    [][]int64{{2, 9, 9}},
			want: []string{"NE,1,0,1,0", "NE,1,0,0,1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := emGame(t, emInts(tc.a), emInts(tc.b))
			eqs, err := EnumMixed(context.Background(), g, EnumMixedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			emCheck(t, g, eqs)
			got := emLines(eqs)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if len(tc.a)+len(tc.a[0]) > 8 {
				return // brute force is slow beyond 2^8 choices of tight constraints
			}
			got = slices.Sorted(slices.Values(got))
			if want := emBruteForce(g); !slices.Equal(got, want) {
				t.Fatalf("got %v, brute force finds %v", got, want)
			}
		})
	}
}

func TestEnumMixedCliques(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b [][]int64
		want [][]int // each clique's Equilibria
		n1   []int   // each clique's len(Player1)
	}{
		{"trust", [][]int64{{1, -1}, {0, 0}}, [][]int64{{1, 2}, {0, 0}}, [][]int{{0, 1}}, []int{1}},
		{"segment", [][]int64{{3, 3}, {2, 5}, {0, 6}}, [][]int64{{3, 3}, {2, 6}, {3, 1}}, [][]int{{0, 1}, {2}}, []int{1, 1}},
		{"two segments", [][]int64{{1, 1}, {0, 1}}, [][]int64{{1, 1}, {0, 1}}, [][]int{{0, 1}, {1, 2}}, []int{1, 2}},
		{"all equal", [][]int64{{0, 0, 0}, {0, 0, 0}}, [][]int64{{0, 0, 0}, {0, 0, 0}}, [][]int{{0, 1, 2, 3, 4, 5}}, []int{2}},
		{
			"duplicate strategies",
			[][]int64{{1, 1, 0}, {1, 1, 0}, {0, 0, 1}}, [][]int64{{1, 1, 0}, {1, 1, 0}, {0, 0, 1}},
			[][]int{{0, 1, 4, 5}, {2, 3, 6, 7}, {8}}, []int{2, 2, 1},
		},
		{
			"coordination 3x3",
			[][]int64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, [][]int64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
			[][]int{{0}, {1}, {2}, {3}, {4}, {5}, {6}}, []int{1, 1, 1, 1, 1, 1, 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := emGame(t, emInts(tc.a), emInts(tc.b))
			eqs, cl, err := EnumMixedCliques(context.Background(), g, EnumMixedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got [][]int
			var n1 []int
			for _, c := range cl {
				got = append(got, c.Equilibria)
				n1 = append(n1, len(c.Player1))
				// Every profile of the clique is the equilibrium it indexes.
				for k, p := range c.Profiles() {
					if a, b := p.FormatGambit(-1), eqs[c.Equilibria[k]].FormatGambit(-1); a != b {
						t.Fatalf("clique profile %s is not equilibrium %d (%s)", a, c.Equilibria[k], b)
					}
				}
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) || !slices.Equal(n1, tc.n1) {
				t.Fatalf("cliques %v (player-1 sides %v), want %v (%v)", got, n1, tc.want, tc.n1)
			}
		})
	}
}

func TestEnumMixedCliqueFormat(t *testing.T) {
	g := emGame(t, emInts([][]int64{{1, -1}, {0, 0}}), emInts([][]int64{{1, 2}, {0, 0}}))
	_, cl, err := EnumMixedCliques(context.Background(), g, EnumMixedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := cl[0].FormatGambit(1, -1)
	want := []string{"convex-1,0,1,1/2,1/2", "convex-1,0,1,0,1"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// Rational payoffs, and payoffs too large for int64 arithmetic, give the
// same equilibria as the integer game they scale.
func TestEnumMixedScaledPayoffs(t *testing.T) {
	a := [][]int64{{3, 3}, {2, 5}, {0, 6}}
	b := [][]int64{{3, 3}, {2, 6}, {3, 1}}
	base := emLines(emMust(t, emGame(t, emInts(a), emInts(b))))
	for _, scale := range []func(int64) string{
		func(x int64) string { return fmt.Sprintf("%d/7", x) },
		func(x int64) string { return fmt.Sprintf("%d.25e-3", x) },
		func(x int64) string { return fmt.Sprintf("%d000000000000000000000001", x) },
		func(x int64) string { return fmt.Sprintf("%d/123456789012345678901", x) },
	} {
		sa, sb := emInts(a), emInts(b)
		for _, m := range [][][]string{sa, sb} {
			for i := range m {
				for j := range m[i] {
					var x int64
					fmt.Sscan(m[i][j], &x)
					m[i][j] = scale(x)
				}
			}
		}
		g := emGame(t, sa, sb)
		got := emLines(emMust(t, g))
		if !slices.Equal(got, base) {
			t.Fatalf("payoffs %v: got %v, want %v", sa, got, base)
		}
	}
}

func emMust(t *testing.T, g *NormalForm) []MixedProfile {
	t.Helper()
	eqs, err := EnumMixed(context.Background(), g, EnumMixedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	emCheck(t, g, eqs)
	return eqs
}

// emBruteForce is an independent oracle, for degenerate games too: it
// finds every vertex of each best-response polytope by trying every choice
// of d tight constraints among the d+k (big.Rat Gaussian elimination, no
// pivoting rules), then pairs the vertices that are completely labelled.
func emBruteForce(g *NormalForm) []string {
	m, n := len(g.Strategies[0]), len(g.Strategies[1])
	shifted := func(pl int) [][]*big.Rat {
		out := make([][]*big.Rat, m)
		var least *big.Rat
		for i := range m {
			for j := range n {
				v := g.Payoff(g.Profile([]int{i, j}), pl).Rat()
				out[i] = append(out[i], v)
				if least == nil || v.Cmp(least) < 0 {
					least = v
				}
			}
		}
		for i := range m {
			for j := range n {
				out[i][j] = new(big.Rat).Add(new(big.Rat).Sub(out[i][j], least), big.NewRat(1, 1))
			}
		}
		return out
	}
	a, b := shifted(0), shifted(1)
	type vertex struct {
		z     []*big.Rat
		label []bool // over the m+n labels
	}
	// vertices of {z ≥ 0 : row(i)·z ≤ 1, i < k}; label of z_v is zl(v),
	// of row i is rl(i).
	vertices := func(d, k int, row func(i, v int) *big.Rat, zl, rl func(int) int) []vertex {
		var out []vertex
		seen := map[string]bool{}
		for mask := range 1 << (d + k) {
			if emPopcount(mask) != d {
				continue
			}
			// Equations: z_v = 0 for chosen v < d; row i·z = 1 for chosen d+i.
			eq := make([][]*big.Rat, 0, d)
			for c := range d + k {
				if mask>>c&1 == 0 {
					continue
				}
				e := make([]*big.Rat, d+1)
				for v := range d {
					e[v] = new(big.Rat)
				}
				e[d] = new(big.Rat)
				if c < d {
					e[c].SetInt64(1)
				} else {
					for v := range d {
						e[v].Set(row(c-d, v))
					}
					e[d].SetInt64(1)
				}
				eq = append(eq, e)
			}
			z, ok := emGaussRat(eq, d)
			if !ok {
				continue
			}
			label := make([]bool, m+n)
			feasible := true
			for v := range d {
				if z[v].Sign() < 0 {
					feasible = false
				}
				if z[v].Sign() == 0 {
					label[zl(v)] = true
				}
			}
			for i := range k {
				sum := new(big.Rat)
				for v := range d {
					sum.Add(sum, new(big.Rat).Mul(row(i, v), z[v]))
				}
				switch sum.Cmp(big.NewRat(1, 1)) {
				case 1:
					feasible = false
				case 0:
					label[rl(i)] = true
				}
			}
			key := fmt.Sprint(z)
			if feasible && !seen[key] {
				seen[key] = true
				out = append(out, vertex{z, label})
			}
		}
		return out
	}
	pv := vertices(m, n, func(j, i int) *big.Rat { return b[i][j] }, func(i int) int { return i }, func(j int) int { return m + j })
	qv := vertices(n, m, func(i, j int) *big.Rat { return a[i][j] }, func(j int) int { return m + j }, func(i int) int { return i })
	norm := func(z []*big.Rat) ([]Number, bool) {
		sum := new(big.Rat)
		for _, x := range z {
			sum.Add(sum, x)
		}
		if sum.Sign() == 0 {
			return nil, false
		}
		out := make([]Number, len(z))
		for i, x := range z {
			out[i] = NumberFromRat(new(big.Rat).Quo(x, sum))
		}
		return out, true
	}
	var found []string
	for _, x := range pv {
		xs, ok := norm(x.z)
		if !ok {
			continue
		}
		for _, y := range qv {
			ys, ok := norm(y.z)
			if !ok {
				continue
			}
			complete := true
			for l := range m + n {
				if !x.label[l] && !y.label[l] {
					complete = false
				}
			}
			if complete {
				found = append(found, MixedProfile{xs, ys}.FormatGambit(-1))
			}
		}
	}
	slices.Sort(found)
	return found
}

// emGaussRat solves the d×d system eq (each row d coefficients and a
// right-hand side); ok is false if it is singular.
func emGaussRat(eq [][]*big.Rat, d int) ([]*big.Rat, bool) {
	for c := range d {
		pr := c
		for pr < d && eq[pr][c].Sign() == 0 {
			pr++
		}
		if pr == d {
			return nil, false
		}
		eq[c], eq[pr] = eq[pr], eq[c]
		inv := new(big.Rat).Inv(eq[c][c])
		for x := range eq[c] {
			eq[c][x].Mul(eq[c][x], inv)
		}
		for r := range d {
			if r != c && eq[r][c].Sign() != 0 {
				f := new(big.Rat).Set(eq[r][c])
				for x := range eq[r] {
					eq[r][x].Sub(eq[r][x], new(big.Rat).Mul(f, eq[c][x]))
				}
			}
		}
	}
	z := make([]*big.Rat, d)
	for r := range d {
		z[r] = eq[r][d]
	}
	return z, true
}

func emPopcount(x int) int {
	c := 0
	for ; x != 0; x &= x - 1 {
		c++
	}
	return c
}

// Random games against the brute-force oracle: payoffs in {0, 1, 2}
// (highly degenerate: ties everywhere), in 0..99, and near 2^40 (enough to
// push integer pivoting out of int64).
func TestEnumMixedRandomOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 60 {
		m, n := 1+rng.IntN(4), 1+rng.IntN(4)
		bound := []int64{3, 100, 1 << 40}[trial%3]
		a := make([][]int64, m)
		b := make([][]int64, m)
		for i := range m {
			for range n {
				a[i] = append(a[i], rng.Int64N(bound)-bound/2)
				b[i] = append(b[i], rng.Int64N(bound)-bound/2)
			}
		}
		g := emGame(t, emInts(a), emInts(b))
		got := emLines(emMust(t, g))
		slices.Sort(got)
		if want := emBruteForce(g); !slices.Equal(got, want) {
			t.Fatalf("trial %d, %dx%d game %v / %v:\ngot  %v\nwant %v", trial, m, n, a, b, got, want)
		}
	}
}

// Payoffs near 2^40 make integer pivoting leave int64; the big.Int path
// must take over and give exact answers (checked by the oracle above);
// the benchmark games stay in int64 up to n = 10.
func TestEnumMixedArithmeticPaths(t *testing.T) {
	count := func(k, d int, mat [][]int64) int {
		flat := make([]*big.Int, 0, k*d)
		for _, row := range mat {
			for _, x := range row {
				flat = append(flat, big.NewInt(x))
			}
		}
		lab := make([]int, k+d)
		for i := range lab {
			lab[i] = i
		}
		p := newEMPoly(k, d, flat, lab)
		if err := p.enumerate(context.Background(), 1<<20); err != nil {
			t.Fatal(err)
		}
		return p.bigPivots
	}
	rng := rand.New(rand.NewPCG(1, 2))
	mat := make([][]int64, 5)
	for i := range mat {
		for range 5 {
			mat[i] = append(mat[i], 1+rng.Int64N(1<<40))
		}
	}
	if c := count(5, 5, mat); c == 0 {
		t.Fatal("a 5x5 polytope with entries near 2^40 never left int64")
	}
	small := [][]int64{{1, 2, 3}, {3, 1, 2}, {2, 3, 1}}
	if c := count(3, 3, small); c != 0 {
		t.Fatalf("%d big.Int pivots on a small polytope", c)
	}
}

func TestEnumMixedBaseline(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{2, 1}, {3, 3}, {4, 7}, {5, 3}, {6, 7}, {8, 11}, {10, 8},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			g := readGamegenNFG(t, fmt.Sprintf("bimatrix_%d.nfg", tc.n))
			eqs, err := EnumMixed(context.Background(), g, EnumMixedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(eqs) != tc.want {
				t.Fatalf("%d extreme equilibria, Gambit finds %d", len(eqs), tc.want)
			}
			emCheck(t, g, eqs)
			if tc.n <= 5 {
				got := emLines(eqs)
				slices.Sort(got)
				if want := emBruteForce(g); !slices.Equal(got, want) {
					t.Fatalf("got %v, brute force finds %v", got, want)
				}
			}
		})
	}
}

func TestEnumMixedDeterministic(t *testing.T) {
	g := readGamegenNFG(t, "bimatrix_8.nfg")
	first := emLines(emMust(t, g))
	for range 3 {
		if got := emLines(emMust(t, g)); !slices.Equal(got, first) {
			t.Fatalf("run differs:\n%v\n%v", got, first)
		}
	}
}

func TestEnumMixedErrors(t *testing.T) {
	three, one := notTwoPlayer(t)
	g8 := readGamegenNFG(t, "bimatrix_8.nfg")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		g    *NormalForm
		opts EnumMixedOptions
		want string
	}{
		{"nil game", context.Background(), nil, EnumMixedOptions{}, "no game"},
		{"three players", context.Background(), three, EnumMixedOptions{}, "two-player game; this one has 3 players"},
		{"one player", context.Background(), one, EnumMixedOptions{}, "two-player game; this one has 1 players"},
		{"vertex bound", context.Background(), g8, EnumMixedOptions{MaxVertices: 50}, "more than 50 vertices"},
		{"cancelled", cancelled, g8, EnumMixedOptions{}, context.Canceled.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eqs, err := EnumMixed(tc.ctx, tc.g, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %d equilibria, error %v; want error containing %q", len(eqs), err, tc.want)
			}
			if tc.ctx.Err() != nil && !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v is not context.Canceled", err)
			}
		})
	}
	g := emGame(t, emInts([][]int64{{0, 0, 0}, {0, 0, 0}}), emInts([][]int64{{0, 0, 0}, {0, 0, 0}}))
	if _, _, err := EnumMixedCliques(context.Background(), g, EnumMixedOptions{MaxCliques: 1}); err != nil {
		t.Fatalf("one clique within a bound of one: %v", err)
	}
	g = emGame(t, emInts([][]int64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), emInts([][]int64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}))
	if _, _, err := EnumMixedCliques(context.Background(), g, EnumMixedOptions{MaxCliques: 6}); err == nil || !strings.Contains(err.Error(), "more than 6 cliques") {
		t.Fatalf("seven cliques under a bound of six: %v", err)
	}
}

func TestEnumMixedDefaultBound(t *testing.T) {
	for _, tc := range []struct {
		opts       EnumMixedOptions
		k, d, want int
	}{
		{EnumMixedOptions{}, 12, 12, DefaultEnumMixedMaxVertices},
		{EnumMixedOptions{}, 20, 20, DefaultEnumMixedMaxVertices},
		{EnumMixedOptions{}, 100, 100, (1 << 28) / (100 * 101)},
		{EnumMixedOptions{}, 2048, 2048, (1 << 28) / (2048 * 2049)},
		{EnumMixedOptions{MaxVertices: 5}, 100, 100, 5},
	} {
		if got := tc.opts.maxVertices(tc.k, tc.d); got != tc.want {
			t.Errorf("%+v, %d×%d: bound %d, want %d", tc.opts, tc.k, tc.d, got, tc.want)
		}
	}
}

// emCountdown is a context whose Err turns to context.Canceled after n
// calls: a cancellation that arrives mid-search.
type emCountdown struct {
	context.Context
	n int
}

func (c *emCountdown) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

func TestEnumMixedCancelledMidway(t *testing.T) {
	g := readGamegenNFG(t, "bimatrix_10.nfg")
	for _, n := range []int{1, 2, 4} {
		ctx := &emCountdown{Context: context.Background(), n: n}
		if _, err := EnumMixed(ctx, g, EnumMixedOptions{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled after %d checks: error %v", n, err)
		}
	}
}

func ExampleEnumMixed() {
	// Battle of the sexes: two pure equilibria and a mixed one.
	g, _ := NewNormalForm([]string{"Ann", "Bob"}, [][]string{{"Opera", "Match"}, {"Opera", "Match"}})
	pay := [2][2][2]int64{ // [Ann's][Bob's] -> (Ann, Bob)
		{{2, 1}, {0, 0}},
		{{0, 0}, {1, 2}},
	}
	for i := range 2 {
		for j := range 2 {
			p := g.Profile([]int{i, j})
			g.SetPayoff(p, 0, NewNumber(pay[i][j][0], 1))
			g.SetPayoff(p, 1, NewNumber(pay[i][j][1], 1))
		}
	}
	eqs, err := EnumMixed(context.Background(), g, EnumMixedOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, eq := range eqs {
		fmt.Println(eq.FormatGambit(-1))
	}
	// Output:
	// NE,1,0,1,0
	// NE,2/3,1/3,1/3,2/3
	// NE,0,1,0,1
}

func ExampleEnumMixedCliques() {
	// One-shot trust game: the buyer does not trust, and the seller may
	// honour with any probability up to 1/2 — one convex set of
	// equilibria with two extreme points.
	g, _ := NewNormalForm([]string{"Buyer", "Seller"}, [][]string{{"Trust", "NotTrust"}, {"Honor", "Abuse"}})
	pay := [2][2][2]int64{
		{{1, 1}, {-1, 2}},
		{{0, 0}, {0, 0}},
	}
	for i := range 2 {
		for j := range 2 {
			p := g.Profile([]int{i, j})
			g.SetPayoff(p, 0, NewNumber(pay[i][j][0], 1))
			g.SetPayoff(p, 1, NewNumber(pay[i][j][1], 1))
		}
	}
	eqs, cliques, err := EnumMixedCliques(context.Background(), g, EnumMixedOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, eq := range eqs {
		fmt.Println(eq.FormatGambit(-1))
	}
	for k, c := range cliques {
		for _, line := range c.FormatGambit(k+1, -1) {
			fmt.Println(line)
		}
	}
	// Output:
	// NE,0,1,1/2,1/2
	// NE,0,1,0,1
	// convex-1,0,1,1/2,1/2
	// convex-1,0,1,0,1
}

func BenchmarkEnumMixed(b *testing.B) {
	for _, n := range []int{6, 8, 10, 12} {
		g := readGamegenNFG(b, fmt.Sprintf("bimatrix_%d.nfg", n))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := EnumMixed(context.Background(), g, EnumMixedOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
