package game

import (
	"bytes"
	"fmt"
	"github.com/bulwark-sim/bulwark/internal/testslack"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

func parseEFGString(t testing.TB, name, src string) *Extensive {
	t.Helper()
	g, diags := ReadEFG(name, []byte(src))
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return g
}

const pledgeEFG = `EFG 2 R "pledge test" { "Attacker" "Guarantor" }
""
c "type" 1 "nature" { "resolute" 1/3 "irresolute" 2/3 } 0
p "" 1 1 "A-info" { "attack" "stay" } 0
p "" 2 1 "G-res" { "honour" "abandon" } 0
t "" 1 "war" { -5, -2 }
t "" 2 "fait accompli" { 3, -4 }
t "" 3 "status quo" { 0, 0 }
p "" 1 1 0
p "" 2 2 "G-irr" { "honour" "abandon" } 0
t "" 4 "costly war" { -5, -6 }
t "" 5 "fait accompli" { 3, -1 }
t "" 3
`

// Player 1 moves, and after L and player 2's l moves again.
const twiceEFG = `EFG 2 R "twice" { "P1" "P2" } ""
p "" 1 1 "first" { "L" "R" } 0
p "" 2 1 "reply" { "l" "r" } 0
p "" 1 2 "again" { "x" "y" } 0
t "" 1 "Llx" { 3, 1 }
t "" 2 "Lly" { 0, 0 }
t "" 3 "Lr" { 1, 2 }
t "" 4 "R" { 2, 2 }
`

// Outcomes on the chance root, on a personal node and on a node deep in
// the tree: payoffs add up along the path.
const stagedEFG = `EFG 2 R "staged" { "P1" "P2" } "interior outcomes"
c "" 1 "coin" { "h" 1/4 "t" 3/4 } 1 "entry" { 1, -1 }
p "" 1 1 "P1" { "a" "b" } 2 "toll" { -1/2, 1/2 }
t "" 3 "x" { 2, 0 }
t "" 0
p "" 2 1 "P2" { "c" "d" } 0
t "" 4 "y" { 0, 3 }
p "" 1 2 "P1b" { "e" "f" } 5 "stage" { 1, 1 }
t "" 6 "z" { 10, -10 }
t "" 0
`

// Player 1's second set is ruled out by B and its third by A: the "*"
// sits in the middle of a label.
const gapEFG = `EFG 2 R "gap" { "P1" } ""
p "" 1 1 "root" { "A" "B" } 0
p "" 1 2 "afterA" { "x" "y" } 0
t "" 1 "Ax" { 1 }
t "" 2 "Ay" { 2 }
p "" 1 3 "afterB" { "u" "v" } 0
t "" 3 "Bu" { 3 }
t "" 4 "Bv" { 4 }
`

// tenActionsEFG: player 1 has a set with 10 actions; action 1 leads to a
// second set.
func tenActionsEFG() string {
	var b strings.Builder
	b.WriteString("EFG 2 R \"ten\" { \"P1\" } \"\"\np \"\" 1 1 \"root\" {")
	for a := 1; a <= 10; a++ {
		fmt.Fprintf(&b, " \"a%d\"", a)
	}
	b.WriteString(" } 0\np \"\" 1 2 \"next\" { \"x\" \"y\" } 0\nt \"\" 1 \"o1\" { 1 }\nt \"\" 2 \"o2\" { 2 }\n")
	for a := 2; a <= 10; a++ {
		fmt.Fprintf(&b, "t \"\" %d \"o%d\" { %d }\n", a+1, a+1, a+1)
	}
	return b.String()
}

// combEFG: a chain of k chance nodes; at the i-th, "stop" leads to player
// 1's i-th binary set and "go" to the next chance node. All k sets are
// reachable whatever player 1 does, so it has 2^k reduced strategies.
func combEFG(k int) string {
	var b strings.Builder
	b.WriteString("EFG 2 R \"comb\" { \"P1\" } \"\"\n")
	for i := 1; i <= k; i++ {
		fmt.Fprintf(&b, "c \"\" %d \"\" { \"stop\" 1/2 \"go\" 1/2 } 0\n", i)
		fmt.Fprintf(&b, "p \"\" 1 %d \"\" { \"a\" \"b\" } 0\nt \"\" 0\nt \"\" 0\n", i)
	}
	b.WriteString("t \"\" 0\n")
	return b.String()
}

// binaryTreeEFG: a complete binary tree of the given depth, players 1 and
// 2 alternating by level, every node its own information set (perfect
// information), every leaf its own outcome.
func binaryTreeEFG(depth int) string {
	var b strings.Builder
	b.WriteString("EFG 2 R \"tree\" { \"P1\" \"P2\" } \"\"\n")
	ids := [3]int{}
	leaves := 0
	var rec func(d int)
	rec = func(d int) {
		if d == depth {
			leaves++
			fmt.Fprintf(&b, "t \"\" %d \"o%d\" { %d, %d }\n", leaves, leaves, leaves, -leaves/2)
			return
		}
		p := 1 + d%2
		ids[p]++
		fmt.Fprintf(&b, "p \"\" %d %d \"\" { \"l\" \"r\" } 0\n", p, ids[p])
		rec(d + 1)
		rec(d + 1)
	}
	rec(0)
	return b.String()
}

type payoffRow struct {
	labels []string // one strategy label per player
	pay    []string // exact payoffs, one per player
}

func checkReducedPayoffs(t *testing.T, nf *NormalForm, rows []payoffRow) {
	t.Helper()
	for _, row := range rows {
		s := make([]int, len(row.labels))
		for i, l := range row.labels {
			s[i] = slices.Index(nf.Strategies[i], l)
			if s[i] < 0 {
				t.Fatalf("player %d has no strategy %q (has %q)", i+1, l, nf.Strategies[i])
			}
		}
		prof := nf.Profile(s)
		for i, want := range row.pay {
			w, ok := new(big.Rat).SetString(want)
			if !ok {
				t.Fatalf("bad want %q", want)
			}
			if got := nf.Payoff(prof, i); got.Rat().Cmp(w) != 0 {
				t.Errorf("profile %q: player %d payoff %s, want %s", row.labels, i+1, got.Text(), want)
			}
		}
	}
}

func TestReducedNormalForm(t *testing.T) {
	tenLabels := []string{"1,1", "1,2"}
	for a := 2; a <= 10; a++ {
		tenLabels = append(tenLabels, fmt.Sprintf("%d,*", a))
	}
	tests := []struct {
		name       string
		src        string
		strategies [][]string
		rows       []payoffRow
	}{
		{
			name:       "pledge",
			src:        pledgeEFG,
			strategies: [][]string{{"1", "2"}, {"11", "12", "21", "22"}},
			rows: []payoffRow{
				// attack: 1/3 resolute, 2/3 irresolute.
				{[]string{"1", "11"}, []string{"-5", "-14/3"}},   // 1/3(-5,-2) + 2/3(-5,-6)
				{[]string{"1", "12"}, []string{"1/3", "-4/3"}},   // 1/3(-5,-2) + 2/3(3,-1)
				{[]string{"1", "21"}, []string{"-7/3", "-16/3"}}, // 1/3(3,-4) + 2/3(-5,-6)
				{[]string{"1", "22"}, []string{"3", "-2"}},       // 1/3(3,-4) + 2/3(3,-1)
				{[]string{"2", "11"}, []string{"0", "0"}},
				{[]string{"2", "12"}, []string{"0", "0"}},
				{[]string{"2", "21"}, []string{"0", "0"}},
				{[]string{"2", "22"}, []string{"0", "0"}},
			},
		},
		{
			name:       "moves twice",
			src:        twiceEFG,
			strategies: [][]string{{"11", "12", "2*"}, {"1", "2"}},
			rows: []payoffRow{
				{[]string{"11", "1"}, []string{"3", "1"}},
				{[]string{"12", "1"}, []string{"0", "0"}},
				{[]string{"2*", "1"}, []string{"2", "2"}},
				{[]string{"11", "2"}, []string{"1", "2"}},
				{[]string{"12", "2"}, []string{"1", "2"}},
				{[]string{"2*", "2"}, []string{"2", "2"}},
			},
		},
		{
			name:       "interior outcomes",
			src:        stagedEFG,
			strategies: [][]string{{"11", "12", "21", "22"}, {"1", "2"}},
			rows: []payoffRow{
				// h (1/4): entry+toll+x = (5/2,-1/2) or entry+toll = (1/2,-1/2).
				// t (3/4): entry+y = (1,2); entry+stage+z = (12,-10); entry+stage = (2,0).
				{[]string{"11", "1"}, []string{"11/8", "11/8"}},
				{[]string{"12", "1"}, []string{"11/8", "11/8"}},
				{[]string{"21", "1"}, []string{"7/8", "11/8"}},
				{[]string{"22", "1"}, []string{"7/8", "11/8"}},
				{[]string{"11", "2"}, []string{"77/8", "-61/8"}},
				{[]string{"12", "2"}, []string{"17/8", "-1/8"}},
				{[]string{"21", "2"}, []string{"73/8", "-61/8"}},
				{[]string{"22", "2"}, []string{"13/8", "-1/8"}},
			},
		},
		{
			name:       "unspecified set in the middle",
			src:        gapEFG,
			strategies: [][]string{{"11*", "12*", "2*1", "2*2"}},
			rows: []payoffRow{
				{[]string{"11*"}, []string{"1"}},
				{[]string{"12*"}, []string{"2"}},
				{[]string{"2*1"}, []string{"3"}},
				{[]string{"2*2"}, []string{"4"}},
			},
		},
		{
			name:       "ten actions: comma-separated labels",
			src:        tenActionsEFG(),
			strategies: [][]string{tenLabels},
			rows: []payoffRow{
				{[]string{"1,1"}, []string{"1"}},
				{[]string{"1,2"}, []string{"2"}},
				{[]string{"2,*"}, []string{"3"}},
				{[]string{"10,*"}, []string{"11"}},
			},
		},
		{
			name:       "comb of 3",
			src:        combEFG(3),
			strategies: [][]string{{"111", "112", "121", "122", "211", "212", "221", "222"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := parseEFGString(t, tc.name, tc.src)
			nf, err := g.ReducedNormalForm()
			if err != nil {
				t.Fatal(err)
			}
			if nf.Title != g.Title || nf.Comment != g.Comment || !slices.Equal(nf.Players, g.Players) {
				t.Errorf("header %q %q %q", nf.Title, nf.Comment, nf.Players)
			}
			if len(nf.Strategies) != len(tc.strategies) {
				t.Fatalf("%d strategy lists, want %d", len(nf.Strategies), len(tc.strategies))
			}
			for i := range tc.strategies {
				if !slices.Equal(nf.Strategies[i], tc.strategies[i]) {
					t.Errorf("player %d strategies %q, want %q", i+1, nf.Strategies[i], tc.strategies[i])
				}
			}
			checkReducedPayoffs(t, nf, tc.rows)

			// Round trip through .nfg.
			var buf bytes.Buffer
			if err := WriteNFG(&buf, nf); err != nil {
				t.Fatal(err)
			}
			back, diags := ReadNFG("rt.nfg", buf.Bytes())
			if diags.HasErrors() {
				t.Fatalf("ReadNFG: %v\n%s", diags, buf.String())
			}
			if back.Title != nf.Title || !slices.Equal(back.Players, nf.Players) {
				t.Errorf("round trip header %q %q", back.Title, back.Players)
			}
			for i := range nf.Strategies {
				if !slices.Equal(back.Strategies[i], nf.Strategies[i]) {
					t.Errorf("round trip: player %d strategies %q, want %q", i+1, back.Strategies[i], nf.Strategies[i])
				}
			}
			if back.NumProfiles() != nf.NumProfiles() {
				t.Fatalf("round trip: %d profiles, want %d", back.NumProfiles(), nf.NumProfiles())
			}
			for prof := range nf.NumProfiles() {
				for i := range nf.Players {
					if back.Payoff(prof, i).Cmp(nf.Payoff(prof, i)) != 0 {
						t.Errorf("round trip: profile %d player %d: %s, want %s", prof, i+1,
							back.Payoff(prof, i).Text(), nf.Payoff(prof, i).Text())
					}
				}
			}
		})
	}
}

func TestReducedNormalFormPledgeEquilibria(t *testing.T) {
	g := parseEFGString(t, "pledge", pledgeEFG)
	nf, err := g.ReducedNormalForm()
	if err != nil {
		t.Fatal(err)
	}
	eqs := EnumPure(nf)
	// gambit-enumpure finds 3 pure equilibria: (stay, 11), (attack, 12)
	// (the one gambit-lcp reports) and (stay, 21), in profile order.
	want := [][]int{{1, 0}, {0, 1}, {1, 2}}
	if len(eqs) != 3 {
		t.Fatalf("%d pure equilibria %v, want 3", len(eqs), eqs)
	}
	for k, e := range eqs {
		if !slices.Equal(e, want[k]) {
			t.Errorf("equilibrium %d is %v, want %v", k, e, want[k])
		}
		r, err := nf.Verify(nf.PureProfile(e))
		if err != nil {
			t.Fatal(err)
		}
		if r.Max.Sign() != 0 {
			t.Errorf("equilibrium %v has regret %s", e, RatString(r.Max))
		}
	}
}

func TestReducedNormalFormRefuses(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"2^30 strategies", combEFG(30), "more than"},
		{"deep perfect-information tree", binaryTreeEFG(10), "more than"},
		{"work bound", combEFG(22), "too costly"}, // 2^22 profiles × 89 nodes
		{"absent-minded driver", `EFG 2 R "amd" { "D" } ""
p "" 1 1 "I" { "exit" "cont" } 0
t "" 1 "a" { 0 }
p "" 1 1 0
t "" 2 "b" { 4 }
t "" 3 "c" { 1 }
`, "imperfect recall"},
		{"forgets own move", `EFG 2 R "forget" { "P1" } ""
p "" 1 1 "I" { "L" "R" } 0
p "" 1 2 "J" { "x" "y" } 0
t "" 0
t "" 0
p "" 1 2 0
t "" 0
t "" 0
`, "imperfect recall"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := parseEFGString(t, tc.name, tc.src)
			start := time.Now()
			nf, err := g.ReducedNormalForm()
			if err == nil {
				t.Fatalf("no error; %d profiles", nf.NumProfiles())
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to mention %q", err, tc.want)
			}
			if d := time.Since(start); d > testslack.Scale(2*time.Second) {
				t.Errorf("refusal took %v", d)
			}
		})
	}
}

func TestReducedNormalFormNoMoves(t *testing.T) {
	// Player 2 never moves: one strategy, labelled "".
	g := parseEFGString(t, "solo", `EFG 2 R "solo" { "P1" "P2" } ""
p "" 1 1 "" { "a" "b" } 0
t "" 1 "x" { 1, 2 }
t "" 2 "y" { 3, 4 }
`)
	nf, err := g.ReducedNormalForm()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(nf.Strategies[0], []string{"1", "2"}) || !slices.Equal(nf.Strategies[1], []string{""}) {
		t.Fatalf("strategies %q", nf.Strategies)
	}
	checkReducedPayoffs(t, nf, []payoffRow{{[]string{"2", ""}, []string{"3", "4"}}})
}

func TestReducedNormalFormBinaryTree(t *testing.T) {
	// Depth 5: player 1 at levels 0, 2, 4 has 2·(2·2²)² = 128 reduced
	// strategies; player 2 at levels 1, 3 has (2·2²)² = 64.
	g := parseEFGString(t, "tree", binaryTreeEFG(5))
	nf, err := g.ReducedNormalForm()
	if err != nil {
		t.Fatal(err)
	}
	if len(nf.Strategies[0]) != 128 || len(nf.Strategies[1]) != 64 {
		t.Fatalf("%d and %d strategies", len(nf.Strategies[0]), len(nf.Strategies[1]))
	}
	for i, ss := range nf.Strategies {
		if !slices.IsSorted(ss) { // lexicographic; "*" sorts before digits
			t.Errorf("player %d strategies not in lexicographic order", i+1)
		}
		if len(slices.Compact(slices.Clone(ss))) != len(ss) {
			t.Errorf("player %d has duplicate labels", i+1)
		}
	}
}

func ExampleExtensive_ReducedNormalForm() {
	g, diags := ReadEFG("pledge.efg", []byte(pledgeEFG))
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	nf, err := g.ReducedNormalForm()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(nf.Strategies[0], nf.Strategies[1])
	for prof := range nf.NumProfiles() {
		s := nf.ProfileStrategies(prof)
		fmt.Printf("%s %s: %s, %s\n", nf.Strategies[0][s[0]], nf.Strategies[1][s[1]],
			nf.Payoff(prof, 0), nf.Payoff(prof, 1))
	}
	// Output:
	// [1 2] [11 12 21 22]
	// 1 11: -5, -14/3
	// 2 11: 0, 0
	// 1 12: 1/3, -4/3
	// 2 12: 0, 0
	// 1 21: -7/3, -16/3
	// 2 21: 0, 0
	// 1 22: 3, -2
	// 2 22: 0, 0
}

func BenchmarkReducedNormalForm(b *testing.B) {
	// A depth-10 perfect-information tree has about 2^31 reduced
	// strategies for player 1 and is refused (the benchmark times the
	// count that refuses it); depth 5 has 128 × 64 profiles and is built.
	for _, depth := range []int{5, 10} {
		g := parseEFGString(b, "tree", binaryTreeEFG(depth))
		b.Run(fmt.Sprintf("depth%d", depth), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := g.ReducedNormalForm()
				if (err == nil) != (depth == 5) {
					b.Fatal(err)
				}
			}
		})
	}
}
