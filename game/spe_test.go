package game

import (
	"fmt"
	"github.com/bulwark-sim/bulwark/internal/testslack"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

func speRead(t testing.TB, src string) *Extensive {
	t.Helper()
	g, diags := ReadEFG("test.efg", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return g
}

const speEntryGame = `EFG 2 R "entry" { "Entrant" "Incumbent" }
""
p "" 1 1 "E" { "in" "out" } 0
p "" 2 1 "I" { "fight" "accommodate" } 0
t "" 1 "war" { -1, -1 }
t "" 2 "share" { 1, 1 }
t "" 3 "stay out" { 0, 2 }
`

const speChanceGame = `EFG 2 R "chance" { "A" "B" }
""
c "" 1 "nature" { "h" 1/3 "l" 2/3 } 0
p "" 1 1 "A-h" { "x" "y" } 0
t "" 1 "o1" { 3, 0 }
t "" 2 "o2" { 1, 1 }
p "" 1 2 "A-l" { "x" "y" } 0
p "" 2 1 "B" { "u" "d" } 0
t "" 3 "o3" { 0, 1 }
t "" 4 "o4" { 2, 0 }
t "" 5 "o5" { 1, 3 }
`

// B is indifferent at both of its nodes; which tie it picks at B1 decides
// what A prefers, so the game has four pure SPE.
const speTieGame = `EFG 2 R "ties" { "A" "B" }
""
p "" 1 1 "A" { "l" "r" } 0
p "" 2 1 "B1" { "a" "b" } 0
t "" 1 "o1" { 1, 5 }
t "" 2 "o2" { 3, 5 }
p "" 2 2 "B2" { "c" "d" } 0
t "" 3 "o3" { 2, 0 }
t "" 4 "o4" { 2, 0 }
`

const speInteriorGame = `EFG 2 R "interior" { "A" "B" }
""
p "" 1 1 "A" { "go" "stop" } 1 "toll" { -1, 2 }
p "" 2 1 "B" { "l" "r" } 2 "fee" { 0, -1 }
t "" 3 "x" { 4, 1 }
t "" 4 "y" { 3, 3 }
t "" 5 "z" { 1, 0 }
`

func speRats(rs []*big.Rat) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = RatString(r)
	}
	return strings.Join(s, " ")
}

func speVerifyZero(t *testing.T, g *Extensive, p BehaviourProfile) {
	t.Helper()
	gain, err := g.VerifyBehaviour(p)
	if err != nil {
		t.Fatal(err)
	}
	if gain.Sign() != 0 {
		t.Errorf("%s: gain %s, want 0", g.FormatGambit(p, -1), RatString(gain))
	}
}

func TestSPE(t *testing.T) {
	tests := []struct {
		name, src string
		ne        string
		values    string
		ties      int
		all       []string // every pure SPE, sorted
	}{
		{"entry", speEntryGame, "NE,1,0,0,1", "1 1", 0, []string{"NE,1,0,0,1"}},
		{"chance", speChanceGame, "NE,1,0,0,1,1,0", "5/3 2", 0, []string{"NE,1,0,0,1,1,0"}},
		{"ties", speTieGame, "NE,0,1,1,0,1,0", "2 0", 2,
			[]string{"NE,0,1,1,0,0,1", "NE,0,1,1,0,1,0", "NE,1,0,0,1,0,1", "NE,1,0,0,1,1,0"}},
		{"interior outcomes", speInteriorGame, "NE,1,0,0,1", "2 4", 0, []string{"NE,1,0,0,1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := speRead(t, tc.src)
			res, err := g.SPE()
			if err != nil {
				t.Fatal(err)
			}
			if got := g.FormatGambit(res.Profile, -1); got != tc.ne {
				t.Errorf("profile %s, want %s", got, tc.ne)
			}
			if got := speRats(res.Values); got != tc.values {
				t.Errorf("values %s, want %s", got, tc.values)
			}
			if res.Ties != tc.ties {
				t.Errorf("ties %d, want %d", res.Ties, tc.ties)
			}
			vals, err := g.BehaviourValues(res.Profile)
			if err != nil {
				t.Fatal(err)
			}
			if got := speRats(vals); got != tc.values {
				t.Errorf("BehaviourValues %s, want %s", got, tc.values)
			}
			speVerifyZero(t, g, res.Profile)
			all, err := g.AllSPE(100)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			found := false
			for _, p := range all {
				speVerifyZero(t, g, p)
				s := g.FormatGambit(p, -1)
				lines = append(lines, s)
				found = found || s == tc.ne
			}
			if !found {
				t.Errorf("AllSPE %v lacks SPE's %s", lines, tc.ne)
			}
			sortStrings(lines)
			if fmt.Sprint(lines) != fmt.Sprint(tc.all) {
				t.Errorf("AllSPE %v, want %v", lines, tc.all)
			}
			if len(tc.all) > 1 {
				if _, err := g.AllSPE(len(tc.all) - 1); err == nil || !strings.Contains(err.Error(), "more than") {
					t.Errorf("AllSPE(%d): err %v", len(tc.all)-1, err)
				}
			}
		})
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestSPEImperfectInformation(t *testing.T) {
	g := speRead(t, pledgeEFG)
	_, err := g.SPE()
	want := "spe needs perfect information: information set 1 of player 1 has 2 nodes"
	if err == nil || err.Error() != want {
		t.Errorf("SPE: %v, want %q", err, want)
	}
	if _, err := g.AllSPE(10); err == nil || err.Error() != want {
		t.Errorf("AllSPE: %v, want %q", err, want)
	}
}

func TestSPEWideTie(t *testing.T) {
	// One player, three equal actions at the root: the lowest is chosen.
	g := speRead(t, `EFG 2 R "" { "P" }
""
p "" 1 1 "" { "a" "b" "c" } 0
t "" 1 "x" { 1 }
t "" 2 "y" { 1 }
t "" 3 "z" { 0 }
`)
	res, err := g.SPE()
	if err != nil {
		t.Fatal(err)
	}
	if got := g.FormatGambit(res.Profile, -1); got != "NE,1,0,0" || res.Ties != 1 {
		t.Errorf("%s ties %d", got, res.Ties)
	}
	all, err := g.AllSPE(2)
	if err != nil || len(all) != 2 {
		t.Fatalf("%d %v", len(all), err)
	}
}

// speBinaryTree builds, in Go, a perfect-information binary tree of the
// given depth: players alternate, every decision node has its own
// information set, every leaf its own outcome with small payoffs (so there
// are many ties).
func speBinaryTree(depth int) *Extensive {
	g := &Extensive{Title: "binary", Players: []string{"Max", "Min"}}
	nodes := 1<<(depth+1) - 1
	g.Nodes = make([]Node, 0, nodes)
	g.Children = make([]int32, 0, nodes-1)
	g.Infosets = make([]Infoset, 0, 1<<depth-1)
	g.Outcomes = make([]Outcome, 0, 1<<depth)
	var nums [15]Number
	for i := range nums {
		nums[i] = NewNumber(int64(i-7), 1)
	}
	actions := []string{"L", "R"}
	ids := [2]int{}
	type item struct {
		parent, slot int32
		d            int
	}
	stack := []item{{-1, -1, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		v := int32(len(g.Nodes))
		if it.slot >= 0 {
			g.Children[it.slot] = v
		}
		if it.d == depth {
			k := len(g.Outcomes) + 1
			g.Outcomes = append(g.Outcomes, Outcome{Label: fmt.Sprint(k),
				Payoffs: []Number{nums[k%7+7], nums[7-k%5]}})
			g.Nodes = append(g.Nodes, Node{Kind: Terminal, Infoset: -1, Outcome: int32(k), Parent: it.parent})
			continue
		}
		pl := it.d % 2
		ids[pl]++
		g.Infosets = append(g.Infosets, Infoset{Player: pl + 1, ID: ids[pl], Actions: actions})
		cs := int32(len(g.Children))
		g.Children = append(g.Children, -1, -1)
		g.Nodes = append(g.Nodes, Node{Kind: Personal, Infoset: int32(len(g.Infosets) - 1), Parent: it.parent, ChildStart: cs})
		stack = append(stack, item{v, cs + 1, it.d + 1}, item{v, cs, it.d + 1})
	}
	return g
}

// speChain builds a one-player chain depth decision nodes long: "go"
// continues (and at the end pays 2), "stop" pays 1.
func speChain(depth int) *Extensive {
	g := &Extensive{Title: "chain", Players: []string{"P"}}
	g.Outcomes = []Outcome{{Label: "end", Payoffs: []Number{NewNumber(2, 1)}}, {Label: "stop", Payoffs: []Number{NewNumber(1, 1)}}}
	actions := []string{"go", "stop"}
	g.Nodes = make([]Node, 2*depth+1)
	g.Infosets = make([]Infoset, depth)
	g.Children = make([]int32, 2*depth)
	for i := range depth {
		g.Infosets[i] = Infoset{Player: 1, ID: i + 1, Actions: actions}
		g.Nodes[i] = Node{Kind: Personal, Infoset: int32(i), Parent: int32(i - 1), ChildStart: int32(2 * i)}
		g.Children[2*i] = int32(i + 1)
		g.Children[2*i+1] = int32(2*depth - i)
		g.Nodes[2*depth-i] = Node{Kind: Terminal, Infoset: -1, Outcome: 2, Parent: int32(i)}
	}
	g.Nodes[depth] = Node{Kind: Terminal, Infoset: -1, Outcome: 1, Parent: int32(depth - 1)}
	return g
}

func TestSPELargeTree(t *testing.T) {
	depth := 19 // 2^20-1 nodes
	if testing.Short() || testslack.RaceEnabled() {
		depth = 16
	}
	g := speBinaryTree(depth)
	start := time.Now()
	res, err := g.SPE()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("SPE of %d nodes in %v: values %s, %d ties", len(g.Nodes), time.Since(start), speRats(res.Values), res.Ties)
	start = time.Now()
	speVerifyZero(t, g, res.Profile)
	t.Logf("verified in %v", time.Since(start))
	// A second, differently built check: the SPE values are what the
	// profile pays.
	vals, err := g.BehaviourValues(res.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if speRats(vals) != speRats(res.Values) {
		t.Errorf("values %s, SPE says %s", speRats(vals), speRats(res.Values))
	}
	if _, err := g.AllSPE(1); err == nil {
		t.Error("AllSPE(1) accepted a game with ties")
	}
}

func TestSPEDeepChain(t *testing.T) {
	depth := 1_000_000
	if testing.Short() || testslack.RaceEnabled() {
		depth = 100_000
	}
	g := speChain(depth)
	start := time.Now()
	res, err := g.SPE()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("SPE of a chain %d deep in %v", depth, time.Since(start))
	if speRats(res.Values) != "2" || res.Ties != 0 {
		t.Errorf("values %s ties %d", speRats(res.Values), res.Ties)
	}
	for k, p := range res.Profile {
		if p[0].Cmp(NewNumber(1, 1)) != 0 {
			t.Fatalf("set %d: %v", k, p)
		}
	}
	start = time.Now()
	speVerifyZero(t, g, res.Profile)
	t.Logf("verified in %v", time.Since(start))
	all, err := g.AllSPE(1)
	if err != nil || len(all) != 1 {
		t.Fatalf("AllSPE: %d %v", len(all), err)
	}
}

func ExampleExtensive_SPE() {
	g, diags := ReadEFG("entry.efg", []byte(`EFG 2 R "entry" { "Entrant" "Incumbent" }
""
p "" 1 1 "E" { "in" "out" } 0
p "" 2 1 "I" { "fight" "accommodate" } 0
t "" 1 "war" { -1, -1 }
t "" 2 "share" { 1, 1 }
t "" 3 "stay out" { 0, 2 }
`))
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	res, err := g.SPE()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.FormatGambit(res.Profile, -1))
	fmt.Println(RatString(res.Values[0]), RatString(res.Values[1]), res.Ties)
	// Output:
	// NE,1,0,0,1
	// 1 1 0
}

func BenchmarkSPE(b *testing.B) {
	g := speBinaryTree(20) // 2^20 leaves
	b.ResetTimer()
	for b.Loop() {
		if _, err := g.SPE(); err != nil {
			b.Fatal(err)
		}
	}
}

// speChanceChain writes a chain of depth chance nodes, each going on with
// probability 1/3 and stopping (payoff 1 to the single player) with 2/3,
// with a decision at the end: the values' denominators are 3^depth.
func speChanceChain(depth int) string {
	var b strings.Builder
	b.WriteString("EFG 2 R \"chain\" { \"P\" }\n\"\"\n")
	b.WriteString("c \"\" 1 \"\" { \"on\" 1/3 \"stop\" 2/3 } 0\n")
	for range depth - 1 {
		b.WriteString("c \"\" 1 0\n")
	}
	b.WriteString("p \"\" 1 1 \"\" { \"x\" \"y\" } 0\nt \"\" 2 \"two\" { 2 }\nt \"\" 3 \"three\" { 3 }\n")
	b.WriteString("t \"\" 1 \"one\" { 1 }\n")
	for range depth - 1 {
		b.WriteString("t \"\" 1\n")
	}
	return b.String()
}

// The int64 path of SPE gives way to big.Rat when a value or an input does
// not fit, and the answer is the same as the exact path's.
func TestSPEFallback(t *testing.T) {
	const p62 = "4611686018427387904"
	tests := []struct {
		name, src string
		small     bool // whether the int64 path finishes
		values    string
	}{
		{"small", speChanceGame, true, "5/3 2"},
		{"sum overflows", `EFG 2 R "" { "P" }
""
p "" 1 1 "" { "a" "b" } 1 "root" { ` + p62 + ` }
t "" 2 "big" { ` + p62 + ` }
t "" 3 "one" { 1 }
`, false, "9223372036854775808"},
		{"payoff too large", `EFG 2 R "" { "P" "Q" }
""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "huge" { 1e30, -1 }
t "" 2 "small" { 1, 1/3 }
`, false, "1000000000000000000000000000000 -1"},
		{"denominators grow", speChanceChain(45), false, ""},
		{"denominators fit", speChanceChain(30), true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := speRead(t, tc.src)
			if err := g.spePerfectInfo(); err != nil {
				t.Fatal(err)
			}
			small, ok := g.speSmall()
			if ok != tc.small {
				t.Fatalf("int64 path finished: %v, want %v", ok, tc.small)
			}
			exact := g.speExact()
			res, err := g.SPE()
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []*SPEResult{small, res} {
				if r == nil {
					continue
				}
				if g.FormatGambit(r.Profile, -1) != g.FormatGambit(exact.Profile, -1) || speRats(r.Values) != speRats(exact.Values) || r.Ties != exact.Ties {
					t.Errorf("%s %s %d, exact path %s %s %d", g.FormatGambit(r.Profile, -1), speRats(r.Values), r.Ties,
						g.FormatGambit(exact.Profile, -1), speRats(exact.Values), exact.Ties)
				}
			}
			if tc.values != "" && speRats(res.Values) != tc.values {
				t.Errorf("values %s, want %s", speRats(res.Values), tc.values)
			}
			vals, err := g.BehaviourValues(res.Profile)
			if err != nil {
				t.Fatal(err)
			}
			if speRats(vals) != speRats(res.Values) {
				t.Errorf("BehaviourValues %s, SPE %s", speRats(vals), speRats(res.Values))
			}
			speVerifyZero(t, g, res.Profile)
		})
	}
}

// The int64 path and the big.Rat path agree on the benchmark families and
// on a tree with many ties.
func TestSPESmallMatchesExact(t *testing.T) {
	games := map[string]*Extensive{"binary": speBinaryTree(10)}
	for _, name := range []string{"tree2_d5.efg", "tree2_d8.efg", "tree3_d4.efg"} {
		games[name] = readGamegenEFG(t, name)
	}
	games["escalation concede"] = speRead(t, string(perfEscalation(7, 4, true, 1)))
	for name, g := range games {
		if err := g.spePerfectInfo(); err != nil {
			t.Fatal(err)
		}
		small, ok := g.speSmall()
		if !ok {
			t.Fatalf("%s: int64 path failed", name)
		}
		exact := g.speExact()
		if g.FormatGambit(small.Profile, -1) != g.FormatGambit(exact.Profile, -1) || speRats(small.Values) != speRats(exact.Values) || small.Ties != exact.Ties {
			t.Errorf("%s: int64 path %s %d, exact %s %d", name, speRats(small.Values), small.Ties, speRats(exact.Values), exact.Ties)
		}
	}
}

// speReverseSets returns a copy of g with its information sets numbered
// in reverse, so that they are not in order of first appearance.
func speReverseSets(g *Extensive) *Extensive {
	h := *g
	last := int32(len(g.Infosets) - 1)
	h.Infosets = slices.Clone(g.Infosets)
	slices.Reverse(h.Infosets)
	h.Nodes = slices.Clone(g.Nodes)
	for v := range h.Nodes {
		if k := h.Nodes[v].Infoset; k >= 0 {
			h.Nodes[v].Infoset = last - k
		}
	}
	return &h
}

// AllSPE makes its profiles by copying shared parts when the information
// sets are numbered in order of first appearance, and by walking the
// choices otherwise; both give the same equilibria, also with a chance
// set that appears at two nodes.
func TestAllSPEBothPaths(t *testing.T) {
	games := map[string]*Extensive{
		"ties":     speRead(t, speTieGame),
		"chance":   speRead(t, speChanceGame),
		"tree2_d7": readGamegenEFG(t, "tree2_d7.efg"),
		"shared chance set": speRead(t, `EFG 2 R "" { "A" "B" }
""
p "" 1 1 "" { "l" "r" } 0
c "" 1 "" { "h" 1/2 "t" 1/2 } 0
p "" 2 1 "" { "x" "y" } 0
t "" 1 "" { 1, 1 }
t "" 2 "" { 0, 1 }
t "" 3 "" { 2, 0 }
c "" 1 0
t "" 4 "" { 1, 0 }
p "" 2 2 "" { "u" "v" } 0
t "" 5 "" { 3, 3 }
t "" 6 "" { 0, 3 }
`),
	}
	for name, g := range games {
		if first, _ := g.speSegments(); first == nil {
			t.Fatalf("%s: sets not in order of first appearance", name)
		}
		h := speReverseSets(g)
		if first, _ := h.speSegments(); first != nil {
			t.Fatalf("%s: reversed sets still in order", name)
		}
		want, err := g.AllSPE(1000)
		if err != nil {
			t.Fatal(err)
		}
		got, err := h.AllSPE(1000)
		if err != nil {
			t.Fatal(err)
		}
		lines := func(ps []BehaviourProfile, reversed bool) []string {
			var out []string
			for _, p := range ps {
				if reversed {
					p = slices.Clone(p)
					slices.Reverse(p)
				}
				speVerifyZero(t, g, p)
				out = append(out, g.FormatGambit(p, -1))
			}
			slices.Sort(out)
			return out
		}
		if a, b := lines(want, false), lines(got, true); !slices.Equal(a, b) || len(a) == 0 {
			t.Errorf("%s: %d profiles %v by copying, %d %v by walking", name, len(a), a, len(b), b)
		}
	}
}
