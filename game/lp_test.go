package game

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// lpMatrixGame returns the two-player game in which player 1 gets a[i][j]
// and player 2 gets sum − a[i][j] (numbers in Gambit's syntax).
func lpMatrixGame(t testing.TB, a [][]string, sum string) *NormalForm {
	t.Helper()
	var s1, s2 []string
	for i := range a {
		s1 = append(s1, fmt.Sprint("r", i+1))
	}
	for j := range a[0] {
		s2 = append(s2, fmt.Sprint("c", j+1))
	}
	g, err := NewNormalForm([]string{"Row", "Column"}, [][]string{s1, s2})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseNumber(sum)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		for j := range a[i] {
			u, err := ParseNumber(a[i][j])
			if err != nil {
				t.Fatal(err)
			}
			prof := g.Profile([]int{i, j})
			g.SetPayoff(prof, 0, u)
			g.SetPayoff(prof, 1, NumberFromRat(new(big.Rat).Sub(c.Rat(), u.Rat())))
		}
	}
	return g
}

// lpStrategicValue returns player 1's expected payoff at p.
func lpStrategicValue(t *testing.T, g *NormalForm, p MixedProfile) string {
	t.Helper()
	vals, err := g.StrategyValues(p)
	if err != nil {
		t.Fatal(err)
	}
	v := new(big.Rat)
	for i, x := range p[0] {
		v.Add(v, new(big.Rat).Mul(x.Rat(), vals[0][i]))
	}
	return RatString(v)
}

func TestLPStrategic(t *testing.T) {
	tests := []struct {
		name  string
		a     [][]string
		sum   string
		ne    string
		value string
	}{
		{"matching pennies", [][]string{{"1", "-1"}, {"-1", "1"}}, "0", "NE,1/2,1/2,1/2,1/2", "0"},
		{"rock-paper-scissors", [][]string{{"0", "-1", "1"}, {"1", "0", "-1"}, {"-1", "1", "0"}}, "0",
			"NE,1/3,1/3,1/3,1/3,1/3,1/3", "0"},
		{"3×4 with a unique saddle point", [][]string{{"3", "5", "4", "6"}, {"2", "1", "0", "7"}, {"1", "4", "2", "3"}}, "0",
			"NE,1,0,0,1,0,0,0", "3"},
		{"constant sum 10", [][]string{{"6", "2"}, {"3", "5"}}, "10", "NE,1/3,2/3,1/2,1/2", "4"},
		{"fractions and a negative constant", [][]string{{"1/3", "-.5"}, {"-1/4", "1.5e-1"}}, "-7/2",
			"NE,12/37,25/37,39/74,35/74", "-9/148"},
		{"dominated row and column", [][]string{{"2", "-1", "5"}, {"-1", "1", "5"}, {"-2", "-3", "4"}}, "0",
			"NE,2/5,3/5,0,2/5,3/5,0", "1/5"},
		{"1×1", [][]string{{"7"}}, "0", "NE,1,1", "7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := lpMatrixGame(t, tc.a, tc.sum)
			p, err := LP(context.Background(), g)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.FormatGambit(-1); got != tc.ne {
				t.Errorf("%s, want %s", got, tc.ne)
			}
			r, err := g.Verify(p)
			if err != nil || r.Max.Sign() != 0 {
				t.Errorf("regret %v, %v", r, err)
			}
			if got := lpStrategicValue(t, g, p); got != tc.value {
				t.Errorf("value %s, want %s", got, tc.value)
			}
			// The exact simplex method alone: an equilibrium of the same
			// value (perhaps another one where there are several).
			q, err := lpStrategic(context.Background(), g, false)
			if err != nil {
				t.Fatal(err)
			}
			if r, err := g.Verify(q); err != nil || r.Max.Sign() != 0 {
				t.Errorf("exact: regret %v, %v", r, err)
			}
			if got := lpStrategicValue(t, g, q); got != tc.value {
				t.Errorf("exact: value %s, want %s", got, tc.value)
			}
		})
	}
}

func TestLPStrategicRefuses(t *testing.T) {
	pd := lpMatrixGame(t, [][]string{{"3", "0"}, {"5", "1"}}, "0")
	// Prisoner's dilemma: (3,3) (0,5) / (5,0) (1,1).
	for _, c := range []struct {
		s    []int
		u, v int64
	}{{[]int{0, 0}, 3, 3}, {[]int{0, 1}, 0, 5}, {[]int{1, 0}, 5, 0}, {[]int{1, 1}, 1, 1}} {
		pd.SetPayoff(pd.Profile(c.s), 0, NewNumber(c.u, 1))
		pd.SetPayoff(pd.Profile(c.s), 1, NewNumber(c.v, 1))
	}
	three, _ := notTwoPlayer(t)
	mp := lpMatrixGame(t, [][]string{{"1", "-1"}, {"-1", "1"}}, "0")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		g    *NormalForm
		want string
	}{
		{"not constant-sum", context.Background(), pd,
			`lp needs a constant-sum game: the payoffs sum to 5 at profile (2 "r2", 1 "c1") but to 6 at profile (1 "r1", 1 "c1")`},
		{"three players", context.Background(), three, "lp needs a two-player game; this game has 3 players"},
		{"nil", context.Background(), nil, "lp: nil game"},
		{"cancelled", cancelled, mp, "lp: context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LP(tc.ctx, tc.g)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

// Games from Gambit's own lp tests (tests/test_nash.py), rewritten here:
// where the maximin plans are unique, the expected lines are what Gambit
// 17 prints.
const (
	// Koller, Megiddo & von Stengel (STOC 1994), the example game.
	lpKMvSGame = `EFG 2 R "KMvS 1994" { "1" "2" }
""
c "" 1 "" { "1" 1/5 "2" 1/5 "3" 1/5 "4" 2/5 } 0
p "" 1 1 "a" { "l" "r" } 0
t "" 1 "" { 5, -5 }
p "" 2 1 "b" { "p" "q" } 0
p "" 1 3 "c" { "L" "R" } 0
t "" 2 "" { 10, -10 }
t "" 3 "" { 15, -15 }
p "" 1 3 "c" { "L" "R" } 0
t "" 4 "" { 20, -20 }
t "" 5 "" { -5, 5 }
p "" 1 2 "d" { "c" "d" } 0
t "" 6 "" { 10, -10 }
t "" 7 "" { 20, -20 }
p "" 1 2 "d" { "c" "d" } 0
p "" 2 2 "e" { "s" "t" } 0
t "" 8 "" { 20, -20 }
t "" 9 "" { 50, -50 }
p "" 2 2 "e" { "s" "t" } 0
t "" 10 "" { 30, -30 }
t "" 11 "" { 15, -15 }
t "" 12 "" { 5, -5 }
`
	lpTwoChanceGame = `EFG 2 R "chance" { "1" "2" }
""
c "" 1 "" { "H" 1/2 "L" 1/2 } 0
p "" 1 1 "" { "A" "B" "C" } 0
p "" 2 1 "" { "X" "Y" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 2 2 "" { "X" "Y" } 0
t "" 2 "" { -1, 1 }
t "" 1 "" { 1, -1 }
p "" 2 3 "" { "X" "Y" } 0
t "" 1 "" { 1, -1 }
t "" 3 "" { 0, 0 }
p "" 1 2 "" { "A" "B" "C" } 0
p "" 2 1 "" { "X" "Y" } 0
t "" 3 "" { 0, 0 }
t "" 1 "" { 1, -1 }
p "" 2 2 "" { "X" "Y" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 2 3 "" { "X" "Y" } 0
t "" 2 "" { -1, 1 }
t "" 1 "" { 1, -1 }
`
	lpChanceInMiddleGame = `EFG 2 R "chance in the middle" { "1" "2" }
""
p "" 1 1 "" { "A" "B" } 0
c "" 1 "" { "H" 1/5 "L" 4/5 } 0
p "" 2 1 "" { "X" "Y" } 0
p "" 1 2 "" { "C" "D" } 0
t "" 1 "" { 0, 0 }
t "" 2 "" { -2, 2 }
p "" 1 3 "" { "C" "D" } 0
t "" 3 "" { -1/2, 1/2 }
t "" 4 "" { -3/2, 3/2 }
p "" 2 2 "" { "X" "Y" } 0
p "" 1 2 "" { "C" "D" } 0
t "" 5 "" { 1/2, -1/2 }
t "" 3 "" { -1/2, 1/2 }
p "" 1 3 "" { "C" "D" } 0
t "" 6 "" { 1, -1 }
t "" 7 "" { -1, 1 }
c "" 2 "" { "H" 7/10 "L" 3/10 } 0
p "" 2 1 "" { "X" "Y" } 0
p "" 1 4 "" { "C" "D" } 0
t "" 5 "" { 1/2, -1/2 }
t "" 3 "" { -1/2, 1/2 }
p "" 1 5 "" { "C" "D" } 0
t "" 6 "" { 1, -1 }
t "" 7 "" { -1, 1 }
p "" 2 2 "" { "X" "Y" } 0
p "" 1 4 "" { "C" "D" } 0
t "" 6 "" { 1, -1 }
t "" 7 "" { -1, 1 }
p "" 1 5 "" { "C" "D" } 0
t "" 5 "" { 1/2, -1/2 }
t "" 3 "" { -1/2, 1/2 }
`
	lpLargePayoffGame = `EFG 2 R "large payoff" { "1" "2" }
""
c "" 1 "" { "L" 1/2 "R" 1/2 } 0
p "" 1 1 "" { "A" "B" } 0
p "" 2 1 "" { "X" "Y" } 0
t "" 1 "" { 10000000000000000000, -10000000000000000000 }
t "" 2 "" { 1, -1 }
p "" 2 2 "" { "X" "Y" } 0
t "" 3 "" { -1, 1 }
t "" 4 "" { 0, 0 }
p "" 1 2 "" { "A" "B" } 0
p "" 2 1 "" { "X" "Y" } 0
t "" 3 "" { -1, 1 }
t "" 2 "" { 1, -1 }
p "" 2 2 "" { "X" "Y" } 0
t "" 4 "" { 0, 0 }
t "" 1 "" { 10000000000000000000, -10000000000000000000 }
`
	// Constant sum 3 along every play, with outcomes on inner nodes: the
	// toll (1, 1) at the root and the fees at player 2's node add up with
	// the leaves' payoffs.
	lpInteriorGame = `EFG 2 R "interior" { "A" "B" }
""
p "" 1 1 "A" { "go" "stop" } 1 "toll" { 1, 1 }
p "" 2 1 "B" { "l" "r" } 2 "fee" { -1, 2 }
t "" 3 "x" { 4, -4 }
t "" 4 "y" { -2, 2 }
c "" 1 "coin" { "h" 1/2 "t" 1/2 } 0
p "" 2 2 "B2" { "l" "r" } 0
t "" 5 "" { 3, -2 }
t "" 6 "" { -1, 2 }
p "" 2 2 "B2" { "l" "r" } 0
t "" 7 "" { -1, 2 }
t "" 8 "" { 5, -4 }
`
)

func TestLPExtensive(t *testing.T) {
	tests := []struct {
		name, src string
		ne        string // "" when the maximin plans are not unique
		value     string
	}{
		{"KMvS 1994", lpKMvSGame, "NE,0,1,2/3,1/3,1/3,2/3,5/6,1/6,5/9,4/9", "13"},
		// Player 2's optimal plans are not unique: Gambit prints
		// NE,1/3,0,2/3,2/3,0,1/3,2/3,1/3,2/3,1/3,1/3,2/3.
		{"two-player chance", lpTwoChanceGame, "NE,1/3,0,2/3,2/3,0,1/3,2/3,1/3,1/3,2/3,1/3,2/3", "1/3"},
		{"chance in the middle", lpChanceInMiddleGame, "NE,3/11,8/11,1,0,1,0,1,0,1,0,1,0,6/11,5/11", "32/55"},
		// Player 2 may call at its second set with any probability from
		// 1 − 10⁻¹⁹ to 1: Gambit prints the first, Bulwark the second.
		{"large payoff", lpLargePayoffGame, "NE,1,0,1,0,0,1,1,0", "1"},
		// Player 2's first set is off the path; any probability of l up
		// to 2/3 is optimal there.
		{"outcomes on inner nodes", lpInteriorGame, "NE,0,1,0,1,1,0", "2"},
		{"Kuhn poker", kuhnPokerEFG(), "", "-1/18"},
		{"player 2 never moves", `EFG 2 R "" { "1" "2" }
""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { 2, -2 }
`, "NE,0,1", "2"},
		{"no moves at all", `EFG 2 R "" { "1" "2" }
""
c "" 1 "" { "x" 1/3 "y" 2/3 } 0
t "" 1 "" { 3, -3 }
t "" 2 "" { 0, 0 }
`, "NE", "1"},
		{"matching pennies as a tree", `EFG 2 R "mp" { "1" "2" }
""
p "" 1 1 "" { "H" "T" } 0
p "" 2 1 "" { "h" "t" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 2 1 "" { "h" "t" } 0
t "" 2 "" { -1, 1 }
t "" 1 "" { 1, -1 }
`, "NE,1/2,1/2,1/2,1/2", "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := speRead(t, tc.src)
			b, err := g.LP(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			got := g.FormatGambit(b, -1)
			if tc.ne != "" && got != tc.ne {
				t.Errorf("%s, want %s", got, tc.ne)
			}
			gain, err := g.VerifyBehaviour(b)
			if err != nil || gain.Sign() != 0 {
				t.Errorf("%s: gain %v, %v", got, gain, err)
			}
			vals, err := g.BehaviourValues(b)
			if err != nil {
				t.Fatal(err)
			}
			if tc.value != "" && RatString(vals[0]) != tc.value {
				t.Errorf("value %s, want %s", RatString(vals[0]), tc.value)
			}
			// The exact simplex method alone: an equilibrium of the same
			// value.
			be, err := g.lpSequence(context.Background(), false)
			if err != nil {
				t.Fatal(err)
			}
			if gain, err := g.VerifyBehaviour(be); err != nil || gain.Sign() != 0 {
				t.Errorf("exact: %s: gain %v, %v", g.FormatGambit(be, -1), gain, err)
			}
			if ve, _ := g.BehaviourValues(be); ve[0].Cmp(vals[0]) != 0 {
				t.Errorf("exact: value %s, float pass %s", RatString(ve[0]), RatString(vals[0]))
			}
			// The strategic form of the tree has the same value.
			nf, err := g.ReducedNormalForm()
			if err != nil {
				t.Fatal(err)
			}
			p, err := LP(context.Background(), nf)
			if err != nil {
				t.Fatal(err)
			}
			if v := lpStrategicValue(t, nf, p); v != RatString(vals[0]) {
				t.Errorf("strategic value %s, sequence-form value %s", v, RatString(vals[0]))
			}
		})
	}
}

func TestLPExtensiveRefuses(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name, src string
		ctx       context.Context
		want      string
	}{
		{"not constant-sum", speEntryGame, context.Background(),
			`lp needs a constant-sum game: at node 2 in preorder, the payoffs along the plays after action "fight" sum to -2 but after action "accommodate" to 2`},
		{"not constant-sum below the root", `EFG 2 R "" { "1" "2" }
""
c "" 1 "" { "a" 1/2 "b" 1/2 } 0
t "" 1 "" { 1, -1 }
p "deep" 1 1 "" { "x" "y" } 0
t "" 2 "" { 1, -1 }
t "" 3 "" { 1, 0 }
`, context.Background(),
			`lp needs a constant-sum game: at node 3 in preorder "deep", the payoffs along the plays after action "x" sum to 0 but after action "y" to 1`},
		{"three players", `EFG 2 R "" { "A" "B" "C" }
""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "" { 1, -1, 0 }
t "" 2 "" { 0, 1, -1 }
`, context.Background(), "lp needs a two-player game; this game has 3 players"},
		{"imperfect recall", `EFG 2 R "" { "A" "B" }
""
p "" 1 1 "first" { "a" "b" } 0
p "" 1 2 "second" { "c" "d" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 1 2 0
t "" 2 "" { -1, 1 }
t "" 1 "" { 1, -1 }
`, context.Background(), "lp: player 1 forgets its own earlier moves at information set 2"},
		{"cancelled", kuhnPokerEFG(), cancelled, "lp: context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := speRead(t, tc.src)
			_, err := g.LP(tc.ctx)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

// lpRandomZeroSum returns a random n×n zero-sum game with integer payoffs
// in [-99, 99] (deterministic for a given n).
func lpRandomZeroSum(t testing.TB, n int) *NormalForm {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	a := make([][]string, n)
	for i := range a {
		a[i] = make([]string, n)
		for j := range a[i] {
			a[i][j] = fmt.Sprint(rng.IntN(199) - 99)
		}
	}
	return lpMatrixGame(t, a, "0")
}

// lpCheckEquilibrium agrees with Verify's zero regret.
func TestLPCheckEquilibrium(t *testing.T) {
	g := lpMatrixGame(t, [][]string{{"1/2", "-1", "0"}, {"-1", "1", "2/3"}}, "1")
	for _, tc := range []struct {
		p  [2][]int64 // weights, normalised below
		ok bool
	}{
		{[2][]int64{{1, 0}, {1, 0, 0}}, false},
		{[2][]int64{{4, 3}, {4, 3, 0}}, true},
		{[2][]int64{{4, 3}, {3, 4, 0}}, false},
		{[2][]int64{{0, 1}, {1, 0, 0}}, false},
	} {
		var p MixedProfile
		for _, w := range tc.p {
			sum := int64(0)
			for _, x := range w {
				sum += x
			}
			var pi []Number
			for _, x := range w {
				pi = append(pi, NewNumber(x, sum))
			}
			p = append(p, pi)
		}
		r, err := g.Verify(p)
		if err != nil {
			t.Fatal(err)
		}
		if (r.Max.Sign() == 0) != tc.ok {
			t.Fatalf("%s: regret %s, test case says ok = %v", p.FormatGambit(-1), RatString(r.Max), tc.ok)
		}
		if err := lpCheckEquilibrium(g, p); (err == nil) != tc.ok {
			t.Errorf("%s: lpCheckEquilibrium %v, want ok = %v", p.FormatGambit(-1), err, tc.ok)
		}
	}
}

func TestLPRandomZeroSum(t *testing.T) {
	for _, n := range []int{2, 3, 5, 8, 13} {
		g := lpRandomZeroSum(t, n)
		p, err := LP(context.Background(), g)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if r, err := g.Verify(p); err != nil || r.Max.Sign() != 0 {
			t.Fatalf("n=%d: regret %v %v", n, r, err)
		}
	}
}

// lpKuhnCards returns Kuhn poker with n cards (Kuhn's game is n = 3):
// n(n−1) equally likely deals, the higher card wins.
func lpKuhnCards(n int) string {
	var sb strings.Builder
	sb.WriteString("EFG 2 R \"Kuhn poker, n cards\" { \"1\" \"2\" }\n\"\"\n")
	sb.WriteString("c \"\" 1 \"deal\" {")
	for c1 := range n {
		for c2 := range n {
			if c1 != c2 {
				fmt.Fprintf(&sb, " \"%d-%d\" 1/%d", c1, c2, n*(n-1))
			}
		}
	}
	sb.WriteString(" } 0\n")
	seen := map[[2]int]bool{}
	node := func(pl, id int, a1, a2 string) {
		if seen[[2]int{pl, id}] {
			fmt.Fprintf(&sb, "p \"\" %d %d 0\n", pl, id)
			return
		}
		seen[[2]int{pl, id}] = true
		fmt.Fprintf(&sb, "p \"\" %d %d \"\" { \"%s\" \"%s\" } 0\n", pl, id, a1, a2)
	}
	o := 0
	leaf := func(u int) {
		o++
		fmt.Fprintf(&sb, "t \"\" %d \"\" { %d, %d }\n", o, u, -u)
	}
	for c1 := range n {
		for c2 := range n {
			if c1 == c2 {
				continue
			}
			win := 1
			if c1 < c2 {
				win = -1
			}
			node(1, c1+1, "check", "bet")
			node(2, n+c2+1, "check", "bet")
			leaf(win)
			node(1, n+c1+1, "fold", "call")
			leaf(-1)
			leaf(2 * win)
			node(2, c2+1, "fold", "call")
			leaf(1)
			leaf(2 * win)
		}
	}
	return sb.String()
}

func TestLPKuhnCards(t *testing.T) {
	// With 3 cards this is Kuhn poker again.
	g := speRead(t, lpKuhnCards(3))
	b, err := g.LP(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vals, _ := g.BehaviourValues(b)
	if RatString(vals[0]) != "-1/18" {
		t.Errorf("value %s, want -1/18", RatString(vals[0]))
	}
	g = speRead(t, lpKuhnCards(6))
	b, err = g.LP(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if gain, err := g.VerifyBehaviour(b); err != nil || gain.Sign() != 0 {
		t.Errorf("gain %v %v", gain, err)
	}
}

func BenchmarkLPRandomZeroSum(b *testing.B) {
	for _, n := range []int{10, 50, 100} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			g := lpRandomZeroSum(b, n)
			for b.Loop() {
				if _, err := LP(context.Background(), g); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLPKuhnPoker(b *testing.B) {
	for _, n := range []int{3, 13, 52} {
		b.Run(fmt.Sprintf("cards=%d", n), func(b *testing.B) {
			g := speRead(b, lpKuhnCards(n))
			for b.Loop() {
				if _, err := g.LP(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func ExampleLP() {
	// Rock, paper, scissors: player 2's payoff is minus player 1's.
	g, _ := NewNormalForm([]string{"1", "2"}, [][]string{{"R", "P", "S"}, {"R", "P", "S"}})
	win := [3][3]int64{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}}
	for i := range 3 {
		for j := range 3 {
			g.SetPayoff(g.Profile([]int{i, j}), 0, NewNumber(win[i][j], 1))
			g.SetPayoff(g.Profile([]int{i, j}), 1, NewNumber(-win[i][j], 1))
		}
	}
	p, err := LP(context.Background(), g)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.FormatGambit(-1))
	// Output:
	// NE,1/3,1/3,1/3,1/3,1/3,1/3
}

func ExampleExtensive_LP() {
	// Player 1 sees a private coin and may raise; player 2, not seeing
	// it, calls or folds.
	g, _ := ReadEFG("bluff.efg", []byte(`EFG 2 R "bluff" { "1" "2" }
""
c "" 1 "coin" { "high" 1/2 "low" 1/2 } 0
p "" 1 1 "high" { "raise" "check" } 0
p "" 2 1 "raised" { "call" "fold" } 0
t "" 1 "" { 2, -2 }
t "" 2 "" { 1, -1 }
t "" 3 "" { 1, -1 }
p "" 1 2 "low" { "raise" "check" } 0
p "" 2 1 "raised" { "call" "fold" } 0
t "" 4 "" { -2, 2 }
t "" 5 "" { 1, -1 }
t "" 6 "" { -1, 1 }
`))
	b, err := g.LP(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.FormatGambit(b, -1))
	v, _ := g.BehaviourValues(b)
	fmt.Println("value for player 1:", RatString(v[0]))
	// Output:
	// NE,1,0,1/3,2/3,2/3,1/3
	// value for player 1: 1/3
}
