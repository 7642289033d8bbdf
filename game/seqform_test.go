package game

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
)

// kuhnPokerEFG returns Kuhn poker (Kuhn 1950) in .efg form: three cards,
// each player antes 1 and gets a card, player 1 checks or bets 1; after a
// check player 2 checks (showdown for 1) or bets, and player 1 then folds
// or calls; after a bet player 2 folds or calls (showdown for 2). Its
// value for player 1 is -1/18.
func kuhnPokerEFG() string {
	cards := []string{"J", "Q", "K"}
	var sb strings.Builder
	sb.WriteString("EFG 2 R \"Kuhn poker\" { \"Player 1\" \"Player 2\" }\n\"\"\n")
	sb.WriteString("c \"\" 1 \"deal\" {")
	for c1 := range 3 {
		for c2 := range 3 {
			if c1 != c2 {
				fmt.Fprintf(&sb, " \"%s%s\" 1/6", cards[c1], cards[c2])
			}
		}
	}
	sb.WriteString(" } 0\n")
	seen := map[string]bool{}
	// infoset writes a decision node, with its actions the first time.
	infoset := func(pl, id int, name, a1, a2 string) {
		key := fmt.Sprint(pl, id)
		if seen[key] {
			fmt.Fprintf(&sb, "p \"\" %d %d 0\n", pl, id)
			return
		}
		seen[key] = true
		fmt.Fprintf(&sb, "p \"\" %d %d \"%s\" { \"%s\" \"%s\" } 0\n", pl, id, name, a1, a2)
	}
	outcome := 0
	leaf := func(u int) {
		outcome++
		fmt.Fprintf(&sb, "t \"\" %d \"\" { %d, %d }\n", outcome, u, -u)
	}
	for c1 := range 3 {
		for c2 := range 3 {
			if c1 == c2 {
				continue
			}
			win := 1
			if c1 < c2 {
				win = -1
			}
			infoset(1, c1+1, cards[c1], "check", "bet")
			infoset(2, c2+4, cards[c2]+" after check", "check", "bet")
			leaf(win)
			infoset(1, c1+4, cards[c1]+" after check, bet", "fold", "call")
			leaf(-1)
			leaf(2 * win)
			infoset(2, c2+1, cards[c2]+" after bet", "fold", "call")
			leaf(1)
			leaf(2 * win)
		}
	}
	return sb.String()
}

func seqPayoffString(es []PayoffEntry) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("(%d,%d)=%s", e.Row, e.Col, e.Val.Text()))
	}
	return strings.Join(parts, " ")
}

func seqConString(es []ConstraintEntry) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("(%d,%d)=%d", e.Row, e.Col, e.Val))
	}
	return strings.Join(parts, " ")
}

func TestSequenceForm(t *testing.T) {
	tests := []struct {
		name, src  string
		nseq       [2]int
		parent     []int
		a, b, e, f string
	}{
		{
			name: "interior outcomes", src: speInteriorGame, nseq: [2]int{3, 3}, parent: []int{0, 0},
			a: "(0,0)=-1 (1,0)=0 (1,1)=4 (1,2)=3 (2,0)=1",
			b: "(0,0)=2 (1,0)=-1 (1,1)=1 (1,2)=3 (2,0)=0",
			e: "(0,0)=1 (1,0)=-1 (1,1)=1 (1,2)=1",
			f: "(0,0)=1 (1,0)=-1 (1,1)=1 (1,2)=1",
		},
		{
			name: "chance", src: speChanceGame, nseq: [2]int{5, 3}, parent: []int{-1, 0, 0, 0},
			a: "(1,0)=1 (2,0)=1/3 (3,1)=0 (3,2)=4/3 (4,0)=2/3",
			b: "(1,0)=0 (2,0)=1/3 (3,1)=2/3 (3,2)=0 (4,0)=2",
			e: "(0,0)=1 (1,0)=-1 (1,1)=1 (1,2)=1 (2,0)=-1 (2,3)=1 (2,4)=1",
			f: "(0,0)=1 (1,0)=-1 (1,1)=1 (1,2)=1",
		},
		{
			// Chance, then player 1's one set across both types, then
			// player 2's two sets, both below player 2's empty sequence.
			name: "pledge", src: pledgeEFG, nseq: [2]int{3, 5}, parent: []int{-1, 0, 0, 0},
			a: "(1,1)=-5/3 (1,2)=1 (1,3)=-10/3 (1,4)=2 (2,0)=0",
			b: "(1,1)=-2/3 (1,2)=-4/3 (1,3)=-4 (1,4)=-2/3 (2,0)=0",
			e: "(0,0)=1 (1,0)=-1 (1,1)=1 (1,2)=1",
			f: "(0,0)=1 (1,0)=-1 (1,1)=1 (1,2)=1 (2,0)=-1 (2,3)=1 (2,4)=1",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := speRead(t, tc.src)
			sf, err := g.SequenceForm()
			if err != nil {
				t.Fatal(err)
			}
			if got := [2]int{sf.NumSeqs(0), sf.NumSeqs(1)}; got != tc.nseq {
				t.Errorf("sequences %v, want %v", got, tc.nseq)
			}
			if fmt.Sprint(sf.ParentSeq) != fmt.Sprint(tc.parent) {
				t.Errorf("parent sequences %v, want %v", sf.ParentSeq, tc.parent)
			}
			if got := seqPayoffString(sf.A); got != tc.a {
				t.Errorf("A = %s, want %s", got, tc.a)
			}
			if got := seqPayoffString(sf.B); got != tc.b {
				t.Errorf("B = %s, want %s", got, tc.b)
			}
			if got := seqConString(sf.E); got != tc.e {
				t.Errorf("E = %s, want %s", got, tc.e)
			}
			if got := seqConString(sf.F); got != tc.f {
				t.Errorf("F = %s, want %s", got, tc.f)
			}
			for _, e := range append(append([]PayoffEntry(nil), sf.A...), sf.B...) {
				if e.Float != e.Val.Float() {
					t.Errorf("entry (%d,%d): float %v for %s", e.Row, e.Col, e.Float, e.Val.Text())
				}
			}
			// The dense forms agree with the sparse ones.
			ra, fa, err := sf.DensePayoff(0)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range sf.A {
				if ra[e.Row][e.Col].Cmp(e.Val.Rat()) != 0 || fa[e.Row][e.Col] != e.Float {
					t.Errorf("dense A(%d,%d) = %s", e.Row, e.Col, ra[e.Row][e.Col])
				}
			}
			de, err := sf.DenseConstraints(0)
			if err != nil {
				t.Fatal(err)
			}
			if len(de) != sf.NumRows(0) || len(de[0]) != sf.NumSeqs(0) {
				t.Errorf("dense E is %d×%d", len(de), len(de[0]))
			}
			for _, e := range sf.E {
				if de[e.Row][e.Col] != e.Val {
					t.Errorf("dense E(%d,%d) = %d", e.Row, e.Col, de[e.Row][e.Col])
				}
			}
		})
	}
}

func TestSequenceFormRefuses(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"three players", `EFG 2 R "" { "A" "B" "C" }
""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "" { 1, 0, 0 }
t "" 2 "" { 0, 1, 0 }
`, "the sequence form needs a two-player game; this game has 3 players"},
		{"forgetting", `EFG 2 R "" { "A" "B" }
""
p "" 1 1 "first" { "a" "b" } 0
p "" 1 2 "second" { "c" "d" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
p "" 1 2 0
t "" 3 "" { 0, 1 }
t "" 4 "" { 1, 0 }
`, "player 1 forgets its own earlier moves at information set 2"},
		{"absent-minded", `EFG 2 R "" { "A" "B" }
""
p "" 1 1 "driver" { "exit" "continue" } 0
t "" 1 "" { 0, 0 }
p "" 1 1 0
t "" 2 "" { 4, 0 }
t "" 3 "" { 1, 0 }
`, "player 1 forgets its own earlier moves at information set 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := speRead(t, tc.src)
			_, err := g.SequenceForm()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := (&Extensive{}).SequenceForm(); err == nil {
		t.Error("empty game: no error")
	}
}

// seqTestProfile returns a behaviour profile of g with interior
// probabilities that vary with the information set (deterministic).
func seqTestProfile(g *Extensive) BehaviourProfile {
	b := make(BehaviourProfile, len(g.Infosets))
	for k, set := range g.Infosets {
		if set.Player == 0 {
			continue
		}
		n := len(set.Actions)
		// Weights k+1, k+2, … normalised.
		total := int64(0)
		for a := range n {
			total += int64(k + 1 + a)
		}
		for a := range n {
			b[k] = append(b[k], NewNumber(int64(k+1+a), total))
		}
	}
	return b
}

func TestSequenceFormPlans(t *testing.T) {
	for _, src := range []string{speInteriorGame, speChanceGame, pledgeEFG, kuhnPokerEFG()} {
		g := speRead(t, src)
		t.Run(g.Title, func(t *testing.T) {
			sf, err := g.SequenceForm()
			if err != nil {
				t.Fatal(err)
			}
			b := seqTestProfile(g)
			x, err := sf.RealisationPlan(0, b)
			if err != nil {
				t.Fatal(err)
			}
			y, err := sf.RealisationPlan(1, b)
			if err != nil {
				t.Fatal(err)
			}
			if err := sf.CheckPlan(0, x); err != nil {
				t.Fatal(err)
			}
			if err := sf.CheckPlan(1, y); err != nil {
				t.Fatal(err)
			}
			// xᵀAy and xᵀBy are the expected payoffs of b.
			u, err := sf.Payoffs(x, y)
			if err != nil {
				t.Fatal(err)
			}
			want, err := g.BehaviourValues(b)
			if err != nil {
				t.Fatal(err)
			}
			for p := range 2 {
				if u[p].Cmp(want[p]) != 0 {
					t.Errorf("player %d: sequence-form payoff %s, behaviour value %s", p+1, RatString(u[p]), RatString(want[p]))
				}
			}
			// Every set is reached by its player's own plan, so the
			// conversion back gives b.
			back, err := sf.Behaviour(x, y)
			if err != nil {
				t.Fatal(err)
			}
			if got, w := g.FormatGambit(back, -1), g.FormatGambit(b, -1); got != w {
				t.Errorf("Behaviour(plans) = %s, want %s", got, w)
			}
			if err := g.checkBehaviour(back); err != nil {
				t.Error(err)
			}
			xf := make([]float64, len(x))
			for i := range x {
				xf[i], _ = x[i].Float64()
			}
			yf := make([]float64, len(y))
			for i := range y {
				yf[i], _ = y[i].Float64()
			}
			bf, err := sf.BehaviourFloat(xf, yf, 0)
			if err != nil {
				t.Fatal(err)
			}
			for k := range bf {
				for a := range bf[k] {
					w := g.behProb(back, k, a)
					wf, _ := w.Float64()
					if d := bf[k][a] - wf; d > 1e-12 || d < -1e-12 {
						t.Errorf("set %d action %d: float %v, exact %s", k, a, bf[k][a], RatString(w))
					}
				}
			}
		})
	}
}

// A set that its own player's plan does not reach gets the centroid, as
// Gambit prints it.
func TestSequenceFormBehaviourUnreached(t *testing.T) {
	g := speRead(t, kuhnPokerEFG())
	sf, err := g.SequenceForm()
	if err != nil {
		t.Fatal(err)
	}
	b := seqTestProfile(g)
	for k, set := range g.Infosets {
		if set.Player == 1 && set.Actions[0] == "check" {
			b[k] = []Number{NewNumber(0, 1), NewNumber(1, 1)} // always bet
		}
	}
	x, _ := sf.RealisationPlan(0, b)
	y, _ := sf.RealisationPlan(1, b)
	back, err := sf.Behaviour(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for k, set := range g.Infosets {
		got := fmt.Sprint(back[k])
		switch {
		case set.Player == 1 && set.Actions[0] == "fold":
			if got != "[1/2 1/2]" {
				t.Errorf("unreached set %q: %s, want the centroid", set.Label, got)
			}
		case set.Player != 0:
			if want := fmt.Sprint(b[k]); got != want {
				t.Errorf("set %q: %s, want %s", set.Label, got, want)
			}
		}
	}
}

func TestSequenceFormBadPlans(t *testing.T) {
	g := speRead(t, speInteriorGame)
	sf, err := g.SequenceForm()
	if err != nil {
		t.Fatal(err)
	}
	r := func(s ...string) []*big.Rat {
		out := make([]*big.Rat, len(s))
		for i, v := range s {
			out[i], _ = new(big.Rat).SetString(v)
		}
		return out
	}
	good := r("1", "1/2", "1/2")
	for _, tc := range []struct {
		x    []*big.Rat
		want string
	}{
		{r("1", "1"), "2 weights for 3 sequences"},
		{r("1", "2", "-1"), "not a nonnegative number"},
		{r("1/2", "1/2", "0"), "the empty sequence has weight 1/2"},
		{r("1", "1/2", "1/3"), "weights sum to 5/6, not 1"},
	} {
		if _, err := sf.Behaviour(tc.x, good); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Behaviour(%v): %v, want %q", tc.x, err, tc.want)
		}
	}
	if _, err := sf.Behaviour(good, good); err != nil {
		t.Error(err)
	}
	if _, err := sf.Payoffs(good, good[:2]); err == nil {
		t.Error("Payoffs with a short plan: no error")
	}
	if _, err := sf.BehaviourFloat([]float64{1}, []float64{1, 0, 1}, 0); err == nil {
		t.Error("BehaviourFloat with a short plan: no error")
	}
	for _, p := range []int{-1, 2} {
		if _, _, err := sf.DensePayoff(p); err == nil {
			t.Errorf("DensePayoff(%d): no error", p)
		}
		if _, err := sf.DenseConstraints(p); err == nil {
			t.Errorf("DenseConstraints(%d): no error", p)
		}
		if err := sf.CheckPlan(p, good); err == nil {
			t.Errorf("CheckPlan(%d): no error", p)
		}
	}
}

func BenchmarkSequenceFormKuhn(b *testing.B) {
	g := speRead(b, kuhnPokerEFG())
	for b.Loop() {
		if _, err := g.SequenceForm(); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleExtensive_SequenceForm() {
	g, _ := ReadEFG("toll.efg", []byte(`EFG 2 R "toll" { "A" "B" }
""
p "" 1 1 "A" { "go" "stop" } 1 "toll" { -1, 2 }
p "" 2 1 "B" { "l" "r" } 0
t "" 2 "x" { 4, 1 }
t "" 3 "y" { 3, 3 }
t "" 4 "z" { 1, 0 }
`))
	sf, err := g.SequenceForm()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sequences:", sf.NumSeqs(0), sf.NumSeqs(1))
	for _, e := range sf.A {
		fmt.Printf("A[%d][%d] = %s\n", e.Row, e.Col, e.Val.Text())
	}
	// Player 1 goes with probability 1/2, player 2 plays l.
	half := big.NewRat(1, 2)
	x := []*big.Rat{big.NewRat(1, 1), half, half}
	y := []*big.Rat{big.NewRat(1, 1), big.NewRat(1, 1), new(big.Rat)}
	u, _ := sf.Payoffs(x, y)
	fmt.Println("payoffs:", RatString(u[0]), RatString(u[1]))
	b, _ := sf.Behaviour(x, y)
	fmt.Println(g.FormatGambit(b, -1))
	// Output:
	// sequences: 3 3
	// A[0][0] = -1
	// A[1][1] = 4
	// A[1][2] = 3
	// A[2][0] = 1
	// payoffs: 3/2 5/2
	// NE,1/2,1/2,1,0
}
