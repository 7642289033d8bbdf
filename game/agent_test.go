package game

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func stagedAgentSrc(t *testing.T) []byte {
	_, src := readEFGFile(t, "staged-agent.efg")
	return src
}

func stagedAgent(t *testing.T) *Extensive {
	g, _ := readEFGFile(t, "staged-agent.efg")
	return g
}

func TestAgentRegret(t *testing.T) {
	pledge := parseEFGString(t, "pledge", pledgeEFG)
	staged := stagedAgent(t)
	tests := []struct {
		name string
		g    *Extensive
		sets []string // in g.Infosets order; "" for chance
		want string
	}{
		{"pledge equilibrium", pledge, []string{"", "1 0", "1 0", "0 1"}, "0"},
		{"unreached sets cannot gain", pledge, []string{"", "0 1", "1 0", "1 0"}, "0"},
		// The resolute guarantor, reached with probability 1/3, gains 2.
		{"resolute abandons", pledge, []string{"", "1 0", "0 1", "0 1"}, "2/3"},
		// Attacking pays 3 against two abandoning types: half of it is lost.
		{"mixed attacker", pledge, []string{"", "1/2 1/2", "0 1", "0 1"}, "3/2"},
		// B's set is reached with probability 1/2 and it gains 2-1.
		{"staged mixed", staged, []string{"1/2 1/2", "1 0", "1 0"}, "1/2"},
		{"staged equilibrium", staged, []string{"0 1", "0 1", "1 0"}, "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.g.AgentRegret(behProfile(t, tc.g, tc.sets...))
			if err != nil {
				t.Fatal(err)
			}
			if got := RatString(r); got != tc.want {
				t.Errorf("agent regret %s, want %s", got, tc.want)
			}
		})
	}
}

func TestAgentRegretErrors(t *testing.T) {
	staged := stagedAgent(t)
	absent := parseEFGString(t, "absent", `EFG 2 R "absent-minded driver" { "Driver" } ""
p "" 1 1 "junction" { "exit" "continue" } 0
t "" 1 "" { 0 }
p "" 1 1 0
t "" 2 "" { 4 }
t "" 3 "" { 1 }
`)
	for _, tc := range []struct {
		name string
		g    *Extensive
		b    BehaviourProfile
		want string
	}{
		{"wrong length", staged, BehaviourProfile{{NewNumber(1, 1), NewNumber(0, 1)}}, "profile"},
		{"not a distribution", staged, behProfile(t, staged, "1/2 1/3", "1 0", "1 0"), "sum to 5/6"},
		{"absent-minded", absent, behProfile(t, absent, "1 0"), "occurs twice on one path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.g.AgentRegret(tc.b); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := absent.EnumPureAgent(context.Background()); err == nil || !strings.Contains(err.Error(), "occurs twice") {
		t.Errorf("EnumPureAgent on an absent-minded game: %v", err)
	}
}

// Every pure profile is an agent equilibrium exactly when AgentRegret says
// so, in the int64 fast path and in the big-rational fallback (forced by
// payoffs too large to scale into int64).
func TestEnumPureAgentMatchesRegret(t *testing.T) {
	huge := strings.NewReplacer("{ -5, -2 }", "{ -5000000000000000000000, -2 }", "{ 3, -1 }", "{ 3000000000000000000000, -1 }")
	for _, tc := range []struct{ name, src string }{
		{"pledge", pledgeEFG},
		{"staged", string(stagedAgentSrc(t))},
		{"pledge, huge payoffs", huge.Replace(pledgeEFG)},
		{"guarantor k=2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var g *Extensive
			if tc.src == "" {
				g = readGamegenEFG(t, "guarantor_2.efg")
			} else {
				g = parseEFGString(t, tc.name, tc.src)
			}
			if strings.Contains(tc.name, "huge") != (g.agentFastChecker() == nil) {
				t.Fatalf("fast path available: %v", g.agentFastChecker() != nil)
			}
			eqs, err := g.EnumPureAgent(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			found := map[string]bool{}
			for _, b := range eqs {
				found[g.FormatGambit(b, -1)] = true
			}
			// Walk every pure profile independently.
			var sets []int
			for k, is := range g.Infosets {
				if is.Player > 0 {
					sets = append(sets, k)
				}
			}
			act := make([]int32, len(g.Infosets))
			count := 0
			for {
				b := g.agentProfile(act)
				r, err := g.AgentRegret(b)
				if err != nil {
					t.Fatal(err)
				}
				if (r.Sign() == 0) != found[g.FormatGambit(b, -1)] {
					t.Errorf("%s: regret %s but listed %v", g.FormatGambit(b, -1), RatString(r), found[g.FormatGambit(b, -1)])
				}
				if r.Sign() == 0 {
					count++
				}
				i := 0
				for ; i < len(sets); i++ {
					if act[sets[i]]++; int(act[sets[i]]) < len(g.Infosets[sets[i]].Actions) {
						break
					}
					act[sets[i]] = 0
				}
				if i == len(sets) {
					break
				}
			}
			if count != len(eqs) || count == 0 {
				t.Errorf("%d profiles with zero regret, %d listed", count, len(eqs))
			}
		})
	}
}

func TestEnumPureAgentLimits(t *testing.T) {
	// 40 binary sets of one player in a row: 2^40 pure profiles.
	var b strings.Builder
	b.WriteString("EFG 2 R \"long\" { \"P\" } \"\"\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "p \"\" 1 %d \"\" { \"a\" \"b\" } 0\nt \"\" %d \"\" { %d }\n", i, i, i)
	}
	b.WriteString("t \"\" 41 \"\" { 0 }\n")
	long := parseEFGString(t, "long", b.String())
	if _, err := long.EnumPureAgent(context.Background()); err == nil || !strings.Contains(err.Error(), "too large to enumerate") {
		t.Errorf("40 sets: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := parseEFGString(t, "pledge", pledgeEFG)
	if _, err := g.EnumPureAgent(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestReducedBehaviour(t *testing.T) {
	staged := stagedAgent(t)
	// Chance reaches the second player's set only with probability 0.
	zero := parseEFGString(t, "zero", `EFG 2 R "zero" { "A" "B" } ""
c "" 1 "" { "on" 1 "off" 0 } 0
p "" 1 1 "a" { "x" "y" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
p "" 2 1 "b" { "u" "v" } 0
t "" 3 "" { 2, 2 }
t "" 4 "" { 3, 3 }
`)
	tests := []struct {
		name  string
		g     *Extensive
		mixed []string // per player, over the reduced strategies
		want  string
	}{
		// A's strategies: 11, 12, 2*; its second set is reached by 11
		// and 12 only.
		{"mixed", staged, []string{"1/2 0 1/2", "1/3 2/3"}, "NE,1/2,1/2,1,0,1/3,2/3"},
		{"ruled out by own move", staged, []string{"0 0 1", "0 1"}, "NE,0,1,0,0,0,1"},
		{"reached only with probability 0", zero, []string{"1 0", "0 1"}, "NE,1,0,0,0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			red, err := tc.g.Reduce()
			if err != nil {
				t.Fatal(err)
			}
			var p MixedProfile
			for _, s := range tc.mixed {
				var row []Number
				for _, f := range strings.Fields(s) {
					x, err := ParseNumber(f)
					if err != nil {
						t.Fatal(err)
					}
					row = append(row, x)
				}
				p = append(p, row)
			}
			b, err := red.Behaviour(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.g.FormatGambit(b, -1); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	red, err := staged.Reduce()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := red.Behaviour(MixedProfile{{NewNumber(1, 1)}}); err == nil {
		t.Error("a profile of the wrong shape was accepted")
	}
}

func ExampleExtensive_EnumPureAgent() {
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
	eqs, err := g.EnumPureAgent(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range eqs {
		fmt.Println(g.FormatGambit(b, -1))
	}
	// Output:
	// NE,0,1,1,0
	// NE,1,0,0,1
}
