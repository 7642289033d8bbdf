package game

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// seqVerify fails the test unless every profile is an exact equilibrium
// of g, and returns them in Gambit's output format.
func seqVerify(t testing.TB, g *Extensive, eqs []BehaviourProfile) []string {
	t.Helper()
	var lines []string
	for _, b := range eqs {
		reg, err := g.VerifyBehaviour(b)
		if err != nil {
			t.Fatalf("%s: %v", g.FormatGambit(b, -1), err)
		}
		if reg.Sign() != 0 {
			t.Fatalf("%s has regret %s", g.FormatGambit(b, -1), RatString(reg))
		}
		lines = append(lines, g.FormatGambit(b, -1))
	}
	return lines
}

func readEFGString(t testing.TB, name, src string) *Extensive {
	t.Helper()
	g, dl := ReadEFG(name, []byte(src))
	if dl.HasErrors() {
		t.Fatal(dl.Err())
	}
	return g
}

// beerQuicheEFG is a signalling game (after Cho and Kreps 1987): chance
// picks the sender's type, the sender chooses a breakfast, the receiver
// sees only the breakfast.
const beerQuicheEFG = `EFG 2 R "beer-quiche" { "Sender" "Receiver" }
""
c "" 1 "type" { "strong" 9/10 "weak" 1/10 } 0
p "" 1 1 "strong" { "beer" "quiche" } 0
p "" 2 1 "after beer" { "fight" "retreat" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 3, 1 }
p "" 2 2 "after quiche" { "fight" "retreat" } 0
t "" 3 "" { 0, 0 }
t "" 4 "" { 2, 1 }
p "" 1 2 "weak" { "beer" "quiche" } 0
p "" 2 1 0
t "" 5 "" { 0, 1 }
t "" 6 "" { 2, 0 }
p "" 2 2 0
t "" 7 "" { 1, 1 }
t "" 8 "" { 3, 0 }
`

// stagedEntryEFG has outcomes on inner nodes, a chance move the incumbent does
// not see, and a leaf without an outcome.
const stagedEntryEFG = `EFG 2 R "staged entry" { "Entrant" "Incumbent" }
""
p "enter?" 1 1 "E" { "in" "out" } 1 "entry cost" { -1, 0 }
c "shock" 1 "weather" { "good" 1/4 "bad" 3/4 } 0
p "fight?" 2 1 "I" { "fight" "accommodate" } 2 "stage" { 1/2, 1/2 }
t "" 3 "war" { -2, -1 }
t "" 4 "peace" { 2, 3/20 }
p "" 2 1 2
t "" 3
t "" 0
t "" 5 "stay out" { 0, 4 }
`

// Gambit 17's gambit-lcp finds one equilibrium on each escalation tree
// (../shared/docs/gambit-baseline.md); so must the same search here, and
// the single path (Count 1) must find the same one.
func TestExtensiveLCPBaseline(t *testing.T) {
	for _, name := range []string{
		"tree2_d2.efg", "tree2_d3.efg", "tree2_d4.efg", "tree2_d5.efg", "tree2_d6.efg",
		"tree3_d2.efg", "tree3_d3.efg", "tree3_d4.efg",
	} {
		t.Run(name, func(t *testing.T) {
			g := readGamegenEFG(t, name)
			all, err := g.LCP(context.Background(), LCPOptions{})
			if err != nil {
				t.Fatal(err)
			}
			lines := seqVerify(t, g, all)
			if len(lines) != 1 {
				t.Fatalf("%d equilibria, Gambit finds 1", len(lines))
			}
			one, err := g.LCP(context.Background(), LCPOptions{Count: 1})
			if err != nil {
				t.Fatal(err)
			}
			if got := seqVerify(t, g, one); len(got) != 1 || got[0] != lines[0] {
				t.Fatalf("Count 1 finds %v, the search %v", got, lines)
			}
		})
	}
}

// Small games with chance and imperfect information; the profiles are
// regression values (each verified exactly).
func TestExtensiveLCPGames(t *testing.T) {
	pledge, err := os.ReadFile(filepath.Join("testdata", "efg", "pledge.efg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"kuhn", kuhnPokerEFG(), []string{
			"NE,2/3,1/3,1,0,1,0,1/3,2/3,0,1,1/2,1/2,1,0,2/3,1/3,0,1,0,1,2/3,1/3,1,0"}},
		{"beer-quiche", beerQuicheEFG, []string{"NE,1,0,1,0,0,1,1/2,1/2"}},
		{"pledge", string(pledge), []string{"NE,1,0,1,0,0,1"}},
		{"staged", stagedEntryEFG, []string{"NE,1,0,0,1"}},
		{"one mover", "EFG 2 R \"solo\" { \"A\" \"B\" }\n\"\"\np \"\" 1 1 \"\" { \"L\" \"R\" } 0\nt \"\" 1 \"\" { 1, 0 }\nt \"\" 2 \"\" { 2, 5 }\n",
			[]string{"NE,0,1"}},
		{"no moves", "EFG 2 R \"none\" { \"A\" \"B\" }\n\"\"\nt \"\" 1 \"\" { 1, 0 }\n", []string{"NE"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := readEFGString(t, c.name, c.src)
			for _, count := range []int{1, 0} {
				eqs, err := g.LCP(context.Background(), LCPOptions{Count: count})
				if err != nil {
					t.Fatal(err)
				}
				got := seqVerify(t, g, eqs)
				if count == 1 {
					if !slices.Equal(got, c.want[:1]) {
						t.Errorf("Count 1: %v, want %v", got, c.want[:1])
					}
				} else if len(got) == 0 || got[0] != c.want[0] {
					t.Errorf("all: %v, want first %s", got, c.want[0])
				}
			}
		})
	}
	// Kuhn poker's value for player 1 is −1/18.
	g := readEFGString(t, "kuhn", kuhnPokerEFG())
	eqs, err := g.LCP(context.Background(), LCPOptions{Count: 1})
	if err != nil {
		t.Fatal(err)
	}
	v, err := g.BehaviourValues(eqs[0])
	if err != nil {
		t.Fatal(err)
	}
	if v[0].RatString() != "-1/18" {
		t.Errorf("Kuhn poker value %s, want -1/18", v[0].RatString())
	}
}

// Payoffs too large for the unchecked int64 path, and too large for
// int64 rows at all, take the checked and the big.Int paths.
func TestExtensiveLCPBigPayoffs(t *testing.T) {
	for _, big := range []string{"1099511627776", "4611686018427387904"} {
		src := strings.NewReplacer("{ 1, 0 }", "{ "+big+", 0 }", "{ 3, 1 }", "{ 3, "+big+" }", "{ 0, 1 }", "{ -"+big+", 1 }").Replace(beerQuicheEFG)
		testBigPayoffs(t, readEFGString(t, "big", src))
	}
	src := strings.NewReplacer("{ 1, 0 }", "{ 1099511627776, 0 }", "{ -2, -1 }", "{ -1099511627776, -1 }").Replace(stagedEntryEFG)
	testBigPayoffs(t, readEFGString(t, "big", src))
}

func testBigPayoffs(t *testing.T, g *Extensive) {
	t.Helper()
	for _, count := range []int{1, 0} {
		eqs, err := g.LCP(context.Background(), LCPOptions{Count: count})
		if err != nil {
			t.Fatal(err)
		}
		if len(seqVerify(t, g, eqs)) == 0 {
			t.Fatal("no equilibrium")
		}
	}
}

func TestExtensiveLCPDeterministic(t *testing.T) {
	g := readGamegenEFG(t, "tree3_d3.efg")
	var prev []string
	for range 3 {
		eqs, err := g.LCP(context.Background(), LCPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		lines := seqVerify(t, g, eqs)
		if prev != nil && !slices.Equal(prev, lines) {
			t.Fatal("different answers on the same game")
		}
		prev = lines
	}
}

func TestExtensiveLCPErrors(t *testing.T) {
	read := func(name string) *Extensive {
		src, err := os.ReadFile(filepath.Join("testdata", "efg", name))
		if err != nil {
			t.Fatal(err)
		}
		return readEFGString(t, name, string(src))
	}
	forgetful := readEFGString(t, "forgetful", `EFG 2 R "forgetful" { "A" "B" }
""
p "" 1 1 "" { "L" "R" } 0
p "" 1 2 "" { "l" "r" } 0
t "" 1 "" { 1, 0 }
t "" 2 "" { 0, 1 }
p "" 1 2 0
t "" 3 "" { 0, 1 }
t "" 4 "" { 1, 0 }
`)
	tree := readGamegenEFG(t, "tree2_d5.efg")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		g    *Extensive
		opts LCPOptions
		want string
	}{
		{"three players", context.Background(), read("staged.efg"), LCPOptions{}, "two-player"},
		{"one player", context.Background(), read("chance-only.efg"), LCPOptions{}, "two-player"},
		{"imperfect recall", context.Background(), forgetful, LCPOptions{}, "perfect recall"},
		{"nil", context.Background(), nil, LCPOptions{}, "no game"},
		{"empty", context.Background(), &Extensive{Players: []string{"a", "b"}}, LCPOptions{}, "no nodes"},
		{"negative", context.Background(), tree, LCPOptions{Count: -2}, "negative"},
		{"pivot budget", context.Background(), tree, LCPOptions{MaxPivots: 5}, "more than 5 pivots"},
		{"cancelled", cancelled, tree, LCPOptions{}, "context canceled"},
	} {
		_, err := c.g.LCP(c.ctx, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
	if _, err := tree.LCP(cancelled, LCPOptions{Count: 1}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v is not context.Canceled", err)
	}
}

// BenchmarkExtensiveLCP measures the sequence-form LCP on the escalation
// trees, searching as Gambit's default run does (all accessible
// equilibria: one here); Gambit 17 takes 12.2 s on tree2 d=7, times out
// at 90 s on d=8, and takes 16.6 s on tree3 d=5.
func BenchmarkExtensiveLCP(b *testing.B) {
	for _, c := range []struct {
		name  string
		count int
	}{
		{"tree2_d7.efg", 0}, {"tree2_d8.efg", 0}, {"tree2_d9.efg", 0}, {"tree3_d5.efg", 0},
		{"tree2_d9.efg", 1},
	} {
		b.Run(fmt.Sprintf("%s/count=%d", strings.TrimSuffix(c.name, ".efg"), c.count), func(b *testing.B) {
			g := readGamegenEFG(b, c.name)
			for b.Loop() {
				eqs, err := g.LCP(context.Background(), LCPOptions{Count: c.count})
				if err != nil || len(eqs) != 1 {
					b.Fatal(eqs, err)
				}
			}
		})
	}
}

func ExampleExtensive_LCP() {
	g, dl := ReadEFG("beer-quiche.efg", []byte(beerQuicheEFG))
	if dl.HasErrors() {
		fmt.Println(dl.Err())
		return
	}
	eqs, err := g.LCP(context.Background(), LCPOptions{Count: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	regret, _ := g.VerifyBehaviour(eqs[0])
	fmt.Println(g.FormatGambit(eqs[0], -1), "regret", regret.RatString())
	// Output:
	// NE,1,0,1,0,0,1,1/2,1/2 regret 0
}
