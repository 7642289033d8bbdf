package game

import (
	"strings"
	"testing"
)

// behProfile builds a profile of g from per-set probabilities written as
// text ("" for chance sets).
func behProfile(t *testing.T, g *Extensive, sets ...string) BehaviourProfile {
	t.Helper()
	if len(sets) != len(g.Infosets) {
		t.Fatalf("%d sets for %d", len(sets), len(g.Infosets))
	}
	p := make(BehaviourProfile, len(sets))
	for k, s := range sets {
		if s == "" {
			continue
		}
		for _, f := range strings.Fields(s) {
			x, err := ParseNumber(f)
			if err != nil {
				t.Fatal(err)
			}
			p[k] = append(p[k], x)
		}
	}
	return p
}

func TestVerifyBehaviour(t *testing.T) {
	pledge := speRead(t, pledgeEFG)
	tests := []struct {
		name   string
		g      *Extensive
		sets   []string // in g.Infosets order
		ne     string
		dec    string // FormatGambit with 3 decimals
		values string
		gain   string
	}{
		{"pledge NE", pledge, []string{"", "1 0", "1 0", "0 1"}, "NE,1,0,1,0,0,1", "NE,1.000,0.000,1.000,0.000,0.000,1.000", "1/3 -4/3", "0"},
		// Staying while the Guarantor honours: attacking gains 1/3.
		{"pledge stay", pledge, []string{"", "0 1", "1 0", "0 1"}, "NE,0,1,1,0,0,1", "NE,0.000,1.000,1.000,0.000,0.000,1.000", "0 0", "1/3"},
		// Mixed: attacking pays the Attacker -13/9, so staying gains 13/18;
		// the irresolute Guarantor would gain (1/3)(5/3) = 5/9 by abandoning.
		{"pledge mixed", pledge, []string{"", "1/2 1/2", "1 0", "1/3 2/3"}, "NE,1/2,1/2,1,0,1/3,2/3", "NE,0.500,0.500,1.000,0.000,0.333,0.667", "-13/18 -11/9", "13/18"},
		{"entry fight", speRead(t, speEntryGame), []string{"0 1", "1 0"}, "NE,0,1,1,0", "NE,0.000,1.000,1.000,0.000", "0 2", "0"},
		{"entry bad", speRead(t, speEntryGame), []string{"0 1", "0 1"}, "NE,0,1,0,1", "NE,0.000,1.000,0.000,1.000", "0 2", "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := behProfile(t, tc.g, tc.sets...)
			if got := tc.g.FormatGambit(p, -1); got != tc.ne {
				t.Errorf("FormatGambit %s, want %s", got, tc.ne)
			}
			if got := tc.g.FormatGambit(p, 3); got != tc.dec {
				t.Errorf("FormatGambit(3) %s, want %s", got, tc.dec)
			}
			vals, err := tc.g.BehaviourValues(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := speRats(vals); got != tc.values {
				t.Errorf("values %s, want %s", got, tc.values)
			}
			gain, err := tc.g.VerifyBehaviour(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := RatString(gain); got != tc.gain {
				t.Errorf("gain %s, want %s", got, tc.gain)
			}
		})
	}
}

func TestVerifyBehaviourErrors(t *testing.T) {
	forget := speRead(t, `EFG 2 R "forget" { "A" }
""
p "" 1 1 "first" { "l" "r" } 0
p "" 1 2 "second" { "a" "b" } 0
t "" 1 "o1" { 1 }
t "" 2 "o2" { 0 }
p "" 1 2 0
t "" 3 "o3" { 0 }
t "" 4 "o4" { 1 }
`)
	pledge := speRead(t, pledgeEFG)
	tests := []struct {
		name string
		g    *Extensive
		sets []string
		want string
	}{
		{"imperfect recall", forget, []string{"1 0", "1 0"}, "imperfect recall"},
		{"sum", pledge, []string{"", "1/2 1/3", "1 0", "0 1"}, "sum to 5/6"},
		{"negative", pledge, []string{"", "2 -1", "1 0", "0 1"}, "negative"},
		{"length", pledge, []string{"", "1", "1 0", "0 1"}, "1 probabilities for 2 actions"},
		{"chance", pledge, []string{"1/2 1/2", "1 0", "1 0", "0 1"}, "not the game's"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := behProfile(t, tc.g, tc.sets...)
			if _, err := tc.g.VerifyBehaviour(p); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("VerifyBehaviour: %v, want %q", err, tc.want)
			}
		})
	}
	// A chance entry equal to the game's probabilities is accepted.
	p := behProfile(t, pledge, "1/3 2/3", "1 0", "1 0", "0 1")
	if _, err := pledge.VerifyBehaviour(p); err != nil {
		t.Error(err)
	}
	if _, err := pledge.BehaviourValues(p[:2]); err == nil {
		t.Error("short profile accepted")
	}
	bad := speChain(3)
	bad.Children[0], bad.Children[1] = bad.Children[1], bad.Children[0]
	if _, err := bad.SPE(); err == nil || !strings.Contains(err.Error(), "preorder") {
		t.Errorf("SPE of a tree out of preorder: %v", err)
	}
}
