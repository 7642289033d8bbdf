package game

import (
	"fmt"
	"math"
	"testing"
)

const tsChanceEFG = `EFG 2 R "entry with a chance draw" { "Entrant" "Incumbent" } ""
p "" 1 1 "enter?" { "in" "out" } 0
c "" 1 "type" { "tough" 1/4 "weak" 3/4 } 0
p "" 2 1 "tough responds" { "fight" "accommodate" } 0
t "" 1 "war" { -1, 1 }
t "" 2 "share" { 2, 0 }
p "" 2 2 "weak responds" { "fight" "accommodate" } 0
t "" 3 "costly war" { -1, -1 }
t "" 4 "share" { 2, 1 }
t "" 5 "monopoly" { 0, 3 }
`

// The float solver agrees with the exact backward induction: same choices
// (ties to the lowest action) and the same values, on the benchmark
// escalation trees and on a tree with chance.
func TestTreeSolverMatchesSPE(t *testing.T) {
	games := map[string]*Extensive{
		"chance": parseEFGString(t, "chance", tsChanceEFG),
		// Three players take the general path (two have their own).
		"three players": parseEFGString(t, "three", `EFG 2 R "three" { "A" "B" "C" } ""
p "" 1 1 "" { "l" "r" } 0
p "" 2 1 "" { "x" "y" } 0
t "" 1 "" { 1, 2, 3 }
c "" 1 "" { "h" 1/3 "t" 2/3 } 0
t "" 2 "" { 4, 1, 0 }
t "" 3 "" { 0, 5, 1 }
p "" 3 1 "" { "u" "d" "m" } 0
t "" 4 "" { 2, 2, 2 }
t "" 5 "" { 3, 0, 2 }
t "" 6 "" { 1, 1, 1 }
`),
	}
	for _, name := range []string{"tree2_d2.efg", "tree2_d5.efg", "tree2_d8.efg", "tree3_d4.efg"} {
		games[name] = readGamegenEFG(t, name)
	}
	for name, g := range games {
		t.Run(name, func(t *testing.T) {
			exact, err := g.SPE()
			if err != nil {
				t.Fatal(err)
			}
			s, err := NewTreeSolver(g)
			if err != nil {
				t.Fatal(err)
			}
			s.Solve()
			for i, want := range exact.Values {
				w, _ := want.Float64()
				if got := s.Value(0, i); math.Abs(got-w) > 1e-9 {
					t.Errorf("player %d: value %v, exact %v", i+1, got, w)
				}
			}
			for v, node := range g.Nodes {
				if node.Kind != Personal {
					if s.Choice(v) != -1 {
						t.Errorf("node %d: choice %d at a non-decision node", v, s.Choice(v))
					}
					continue
				}
				want := -1
				for a, x := range exact.Profile[node.Infoset] {
					if !x.IsZero() {
						want = a
					}
				}
				if s.Choice(v) != want {
					t.Fatalf("node %d: action %d, SPE takes %d", v, s.Choice(v), want)
				}
			}
		})
	}
}

func TestTreeSolverPayoffsProbsAndLogit(t *testing.T) {
	g := parseEFGString(t, "chance", tsChanceEFG)
	s, err := NewTreeSolver(g)
	if err != nil {
		t.Fatal(err)
	}
	s.Solve()
	// Tough fights (1 > 0), weak accommodates (1 > -1): entering is worth
	// 1/4·(-1) + 3/4·2 = 5/4 > 0.
	if s.Choice(0) != 0 || s.Value(0, 0) != 1.25 {
		t.Fatalf("entrant: action %d, value %v", s.Choice(0), s.Value(0, 0))
	}
	// Make the incumbent tough with probability 3/4: entering is worth
	// 3/4·(-1) + 1/4·2 = -1/4, so the entrant stays out.
	chance := int(g.Nodes[g.Child(0, 0)].Infoset)
	s.SetProb(chance, 0, 0.75)
	s.SetProb(chance, 1, 0.25)
	s.Solve()
	if s.Choice(0) != 1 || s.Value(0, 1) != 3 {
		t.Fatalf("after SetProb: action %d, incumbent's value %v", s.Choice(0), s.Value(0, 1))
	}
	// A payoff change: monopoly is worth -2 to the entrant; it enters.
	s.SetPayoff(5, 0, -2)
	s.Solve()
	if s.Choice(0) != 0 || s.Prob(g.Child(0, 0)) != 1 || s.Prob(g.Child(0, 1)) != 0 {
		t.Fatalf("after SetPayoff: action %d", s.Choice(0))
	}
	// Logit entrant: P(in) = e^{λ·(-1/4)} / (e^{λ·(-1/4)} + e^{λ·(-2)}).
	for _, lambda := range []float64{0.01, 1, 3, 50} {
		if err := s.SetLambda(0, lambda); err != nil {
			t.Fatal(err)
		}
		s.Solve()
		in := math.Exp(-0.25*lambda) / (math.Exp(-0.25*lambda) + math.Exp(-2*lambda))
		if got := s.Prob(g.Child(0, 0)); math.Abs(got-in) > 1e-12 || math.Abs(got+s.Prob(g.Child(0, 1))-1) > 1e-12 {
			t.Errorf("λ=%v: P(in) %v, want %v", lambda, got, in)
		}
		if want := in*-0.25 + (1-in)*-2; math.Abs(s.Value(0, 0)-want) > 1e-12 {
			t.Errorf("λ=%v: value %v, want %v", lambda, s.Value(0, 0), want)
		}
		if s.Choice(0) != -1 {
			t.Errorf("λ=%v: a logit mover reports choice %d", lambda, s.Choice(0))
		}
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		if err := s.SetLambda(0, bad); err == nil {
			t.Errorf("λ=%v accepted", bad)
		}
	}
	if s.Prob(0) != 1 {
		t.Errorf("root probability %v", s.Prob(0))
	}
	if n := testing.AllocsPerRun(100, s.Solve); n != 0 {
		t.Errorf("Solve allocates %v times", n)
	}
}

func TestTreeSolverRefusesImperfectInformation(t *testing.T) {
	g := parseEFGString(t, "pledge", pledgeEFG)
	if _, err := NewTreeSolver(g); err == nil {
		t.Error("a game of imperfect information was accepted")
	}
}

func ExampleTreeSolver() {
	src := `EFG 2 R "entry" { "Entrant" "Incumbent" } ""
p "" 1 1 "enter?" { "in" "out" } 0
p "" 2 1 "respond" { "fight" "accommodate" } 0
t "" 1 "war" { -1, -1 }
t "" 2 "share" { 2, 1 }
t "" 3 "monopoly" { 0, 3 }
`
	g, diags := ReadEFG("entry.efg", []byte(src))
	if diags.HasErrors() {
		fmt.Println(diags.Err())
		return
	}
	s, err := NewTreeSolver(g)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, war := range []float64{-1, 2} { // the incumbent's payoff from fighting
		s.SetPayoff(1, 1, war)
		s.Solve()
		fmt.Printf("fighting worth %v: entrant plays %s, gets %v\n", war, g.Infosets[0].Actions[s.Choice(0)], s.Value(0, 0))
	}
	// Output:
	// fighting worth -1: entrant plays in, gets 2
	// fighting worth 2: entrant plays out, gets 0
}

func BenchmarkTreeSolver(b *testing.B) {
	for _, name := range []string{"tree2_d9.efg", "tree3_d5.efg", "guarantor_1.efg"} {
		g := readGamegenEFG(b, name)
		s, err := NewTreeSolver(g)
		if err != nil {
			continue // not of perfect information
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				s.Solve()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(g.Nodes)), "ns/node")
		})
	}
}
