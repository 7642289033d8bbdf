package game

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/bulwark-sim/bulwark/internal/testslack"
)

// perfEscalation writes, in Go, a game of the shape that
// ../shared/gamegen/escalation_tree.py writes: a perfect-information tree
// of the given depth and branching, players alternating, every decision
// node its own information set with label "" and the escalation-level
// action labels, and at every leaf a new outcome "o1", "o2", ... with
// random integer payoffs in [-20, 20]. With concede, action 0 ("backdown")
// ends the game at once. The payoffs come from a seeded math/rand/v2
// generator: the same shape as the Python script's output, not the same
// numbers.
func perfEscalation(depth, branch int, concede bool, seed uint64) []byte {
	levels := []string{"backdown", "hold", "mobilise", "blockade", "strike", "invade", "nuclear"}
	acts := ""
	for j := range branch {
		if j > 0 {
			acts += " "
		}
		if branch <= len(levels) {
			acts += strconv.Quote(levels[j])
		} else {
			acts += strconv.Quote("L" + strconv.Itoa(j))
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	var b bytes.Buffer
	title := fmt.Sprintf("Crisis escalation d=%d b=%d seed=%d", depth, branch, seed)
	if concede {
		title += " concede"
	}
	fmt.Fprintf(&b, "EFG 2 R %q { \"Challenger\" \"Defender\" }\n\"\"\n\n", title)
	var sets [3]int
	outcome := 0
	buf := make([]byte, 0, 64)
	stack := []int{0}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if d == depth {
			outcome++
			buf = append(buf[:0], `t "" `...)
			buf = strconv.AppendInt(buf, int64(outcome), 10)
			buf = append(buf, ` "o`...)
			buf = strconv.AppendInt(buf, int64(outcome), 10)
			buf = append(buf, `" { `...)
			buf = strconv.AppendInt(buf, int64(rng.IntN(41)-20), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, int64(rng.IntN(41)-20), 10)
			buf = append(buf, " }\n"...)
			b.Write(buf)
			continue
		}
		pl := 1 + d%2
		sets[pl]++
		fmt.Fprintf(&b, "p \"\" %d %d \"\" { %s } 0\n", pl, sets[pl], acts)
		for j := branch - 1; j >= 0; j-- {
			if concede && j == 0 {
				stack = append(stack, depth)
			} else {
				stack = append(stack, d+1)
			}
		}
	}
	return b.Bytes()
}

// perfLabelledTree writes a binary tree of the given depth in which every
// node has its own label and every leaf its own outcome: the shape on
// which Gambit 17's reader is quadratic (in labelled nodes and outcomes).
func perfLabelledTree(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("EFG 2 R \"labelled\" { \"A\" \"B\" }\n\"\"\n")
	var sets [2]int
	node, outcome := 0, 0
	stack := []int{0}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		node++
		if d == depth {
			outcome++
			fmt.Fprintf(&b, "t \"n%d\" %d \"o%d\" { %d, %d }\n", node, outcome, outcome, outcome%13-6, outcome%7-3)
			continue
		}
		pl := d % 2
		sets[pl]++
		fmt.Fprintf(&b, "p \"n%d\" %d %d \"s%d\" { \"L\" \"R\" } 0\n", node, pl+1, sets[pl], node)
		stack = append(stack, d+1, d+1)
	}
	return b.Bytes()
}

// perfReadSPE reads src and solves it by backward induction.
func perfReadSPE(tb testing.TB, src []byte) (*Extensive, *SPEResult) {
	g, diags := ReadEFG("bench.efg", src)
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	res, err := g.SPE()
	if err != nil {
		tb.Fatal(err)
	}
	return g, res
}

// perfSameShape compares two games but for their title and payoffs.
func perfSameShape(a, b *Extensive) error {
	if len(a.Nodes) != len(b.Nodes) || len(a.Infosets) != len(b.Infosets) || len(a.Outcomes) != len(b.Outcomes) {
		return fmt.Errorf("sizes %d/%d/%d and %d/%d/%d", len(a.Nodes), len(a.Infosets), len(a.Outcomes), len(b.Nodes), len(b.Infosets), len(b.Outcomes))
	}
	if !slices.Equal(a.Players, b.Players) || !slices.Equal(a.Nodes, b.Nodes) || !slices.Equal(a.Children, b.Children) {
		return fmt.Errorf("players, nodes or children differ")
	}
	for k := range a.Infosets {
		x, y := &a.Infosets[k], &b.Infosets[k]
		if x.Player != y.Player || x.ID != y.ID || x.Label != y.Label || !slices.Equal(x.Actions, y.Actions) {
			return fmt.Errorf("information set %d differs", k)
		}
	}
	for o := range a.Outcomes {
		if a.Outcomes[o].Label != b.Outcomes[o].Label || len(a.Outcomes[o].Payoffs) != len(b.Outcomes[o].Payoffs) {
			return fmt.Errorf("outcome %d differs", o+1)
		}
	}
	return nil
}

// The Go generator writes the shape of escalation_tree.py's output: the
// same tree, sets, labels and outcome numbering as the files the Python
// script wrote into testdata/gamegen, payoffs aside, and the sizes its
// docstring gives, with and without --concede.
func TestPerfEscalationShape(t *testing.T) {
	for _, tc := range []struct{ depth, branch int }{{3, 2}, {9, 2}, {2, 3}, {5, 3}} {
		want := readGamegenEFG(t, fmt.Sprintf("tree%d_d%d.efg", tc.branch, tc.depth))
		g, diags := ReadEFG("gen.efg", perfEscalation(tc.depth, tc.branch, false, 7))
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if err := perfSameShape(g, want); err != nil {
			t.Errorf("d=%d b=%d: %v", tc.depth, tc.branch, err)
		}
	}
	for _, tc := range []struct {
		depth, branch int
		concede       bool
		nodes, leaves int
	}{
		{13, 2, false, 1<<14 - 1, 1 << 13},
		{8, 3, false, 9841, 6561},
		{6, 3, true, 2*(1<<6-1) + 1<<6, 1<<6 - 1 + 1<<6},
		{5, 2, true, 11, 6},
	} {
		g, diags := ReadEFG("gen.efg", perfEscalation(tc.depth, tc.branch, tc.concede, 1))
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if len(g.Nodes) != tc.nodes || len(g.Outcomes) != tc.leaves || len(g.Infosets) != tc.nodes-tc.leaves {
			t.Errorf("d=%d b=%d concede=%v: %d nodes, %d outcomes, %d sets", tc.depth, tc.branch, tc.concede, len(g.Nodes), len(g.Outcomes), len(g.Infosets))
		}
		if g.Outcomes[len(g.Outcomes)-1].Label != fmt.Sprintf("o%d", tc.leaves) {
			t.Errorf("last outcome %q", g.Outcomes[len(g.Outcomes)-1].Label)
		}
		for _, o := range g.Outcomes {
			for _, u := range o.Payoffs {
				if u.Cmp(NewNumber(-20, 1)) < 0 || u.Cmp(NewNumber(20, 1)) > 0 {
					t.Fatalf("payoff %s out of [-20, 20]", u.Text())
				}
			}
		}
	}
}

// perfAllocated returns the bytes allocated by reading src and solving it.
func perfAllocated(t *testing.T, src []byte) (bytes uint64, nodes int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g, _ := perfReadSPE(t, src)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, len(g.Nodes)
}

// Reading and solving take memory linear in the tree: the bytes allocated
// per node are about the same for a tree 16 times larger, and under 400
// (about 220 now; before the reader and SPE were reworked, 580 to 770).
func TestReadSPEMemoryLinear(t *testing.T) {
	small, large := 11, 15
	if testing.Short() || testslack.RaceEnabled() {
		small, large = 9, 13
	}
	for _, tc := range []struct {
		branch  int
		concede bool
	}{{2, false}, {2, true}, {3, true}} {
		d1, d2 := small, large
		if tc.concede && tc.branch == 2 { // a chain: depth is size
			d1, d2 = 1<<small, 1<<large
		}
		b1, n1 := perfAllocated(t, perfEscalation(d1, tc.branch, tc.concede, 1))
		b2, n2 := perfAllocated(t, perfEscalation(d2, tc.branch, tc.concede, 1))
		per1, per2 := float64(b1)/float64(n1), float64(b2)/float64(n2)
		t.Logf("b=%d concede=%v: %d nodes %.0f B/node, %d nodes %.0f B/node", tc.branch, tc.concede, n1, per1, n2, per2)
		if per2 > 1.25*per1 || per2 > 400 {
			t.Errorf("b=%d concede=%v: %.0f bytes/node at %d nodes, %.0f at %d", tc.branch, tc.concede, per1, n1, per2, n2)
		}
	}
}

// BenchmarkEscalationReadSPE reads and solves escalation trees of about
// 10^6 nodes: the target is under one second for both together.
// B/node is the memory allocated per node.
func BenchmarkEscalationReadSPE(b *testing.B) {
	for _, tc := range []struct {
		name          string
		depth, branch int
		concede       bool
	}{
		{"b2d15", 15, 2, false},
		{"b2d19", 19, 2, false},
		{"b3d12", 12, 3, false},
		{"b3d18concede", 18, 3, true},
		{"b2d500000concede", 500_000, 2, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			src := perfEscalation(tc.depth, tc.branch, tc.concede, 12345)
			g, _ := perfReadSPE(b, src)
			nodes := len(g.Nodes)
			g = nil
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for b.Loop() {
				perfReadSPE(b, src)
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(nodes), "B/node")
		})
	}
}

// BenchmarkEscalationRead reads the same trees without solving them.
func BenchmarkEscalationRead(b *testing.B) {
	for _, tc := range []struct {
		name          string
		depth, branch int
	}{
		{"b2d19", 19, 2},
		{"b3d12", 12, 3},
	} {
		b.Run(tc.name, func(b *testing.B) {
			perfBenchRead(b, perfEscalation(tc.depth, tc.branch, false, 12345))
		})
	}
}

// BenchmarkEscalationSPE solves a tree that has been read.
func BenchmarkEscalationSPE(b *testing.B) {
	src := perfEscalation(19, 2, false, 12345)
	g, _ := perfReadSPE(b, src)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := g.SPE(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadEFGOutcomes reads trees with 65,536 and 262,144 outcomes
// (Gambit 17 takes 9.8 s and 342 s), BenchmarkReadEFGLabelled trees with
// 32,767 and 131,071 nodes, each labelled (Gambit 17: 168 s for the first):
// the shapes on which Gambit 17's reader is quadratic.
func BenchmarkReadEFGOutcomes(b *testing.B) {
	for _, d := range []int{16, 18} {
		b.Run(fmt.Sprint(1<<d), func(b *testing.B) { perfBenchRead(b, perfEscalation(d, 2, false, 1)) })
	}
}

func BenchmarkReadEFGLabelled(b *testing.B) {
	for _, d := range []int{14, 16} {
		b.Run(fmt.Sprint(1<<(d+1)-1), func(b *testing.B) { perfBenchRead(b, perfLabelledTree(d)) })
	}
}

func perfBenchRead(b *testing.B, src []byte) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := ReadEFG("bench.efg", src); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkReadNFG500 reads a 500×500 bimatrix game: 6.25 times the
// numbers of BenchmarkReadNFG's 200×200, to compare per byte.
func BenchmarkReadNFG500(b *testing.B) {
	src := nfgBimatrixSrc(500)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := ReadNFG("bench.nfg", src); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkAllSPETree2D9 enumerates the 14,336 pure subgame-perfect
// equilibria of the depth-9 escalation tree (Gambit 16's enumpure -P: 61 s).
func BenchmarkAllSPETree2D9(b *testing.B) {
	g := readGamegenEFG(b, "tree2_d9.efg")
	b.ReportAllocs()
	for b.Loop() {
		all, err := g.AllSPE(20000)
		if err != nil || len(all) != 14336 {
			b.Fatal(len(all), err)
		}
	}
}
