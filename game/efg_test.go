package game

import (
	"bytes"
	"fmt"
	"github.com/bulwark-sim/bulwark/internal/testslack"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/diag"
)

func readEFGFile(t testing.TB, name string) (*Extensive, []byte) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "efg", name))
	if err != nil {
		t.Fatal(err)
	}
	g, diags := ReadEFG(name, src)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return g, src
}

func TestReadEFGPledgeExample(t *testing.T) {
	g, _ := readEFGFile(t, "pledge.efg")
	if g.Title != "pledge test" || g.Comment != "" || !slices.Equal(g.Players, []string{"Attacker", "Guarantor"}) {
		t.Fatalf("header: %q %q %q", g.Title, g.Comment, g.Players)
	}
	kinds := []NodeKind{Chance, Personal, Personal, Terminal, Terminal, Terminal, Personal, Personal, Terminal, Terminal, Terminal}
	if len(g.Nodes) != len(kinds) {
		t.Fatalf("%d nodes, want %d", len(g.Nodes), len(kinds))
	}
	for i, k := range kinds {
		if g.Nodes[i].Kind != k {
			t.Errorf("node %d kind %d, want %d", i, g.Nodes[i].Kind, k)
		}
	}
	if g.Nodes[0].Label != "type" || g.Nodes[0].Parent != -1 {
		t.Errorf("root %+v", g.Nodes[0])
	}
	// Infosets in order of first appearance: nature, A-info, G-res, G-irr.
	wantSets := []struct {
		player, id int
		label      string
		actions    []string
	}{
		{0, 1, "nature", []string{"resolute", "irresolute"}},
		{1, 1, "A-info", []string{"attack", "stay"}},
		{2, 1, "G-res", []string{"honour", "abandon"}},
		{2, 2, "G-irr", []string{"honour", "abandon"}},
	}
	if len(g.Infosets) != len(wantSets) {
		t.Fatalf("%d infosets", len(g.Infosets))
	}
	for i, w := range wantSets {
		is := g.Infosets[i]
		if is.Player != w.player || is.ID != w.id || is.Label != w.label || !slices.Equal(is.Actions, w.actions) {
			t.Errorf("infoset %d = %+v, want %+v", i, is, w)
		}
	}
	if p := g.Infosets[0].Probs; len(p) != 2 || p[0].Text() != "1/3" || p[1].Text() != "2/3" {
		t.Errorf("probs %v", p)
	}
	// The Attacker's two nodes share one infoset.
	if g.Nodes[1].Infoset != 1 || g.Nodes[6].Infoset != 1 {
		t.Errorf("attacker infosets %d %d", g.Nodes[1].Infoset, g.Nodes[6].Infoset)
	}
	if g.Nodes[2].Infoset != 2 || g.Nodes[7].Infoset != 3 {
		t.Errorf("guarantor infosets %d %d", g.Nodes[2].Infoset, g.Nodes[7].Infoset)
	}
	// Tree shape.
	if g.Child(0, 0) != 1 || g.Child(0, 1) != 6 || g.Child(1, 0) != 2 || g.Child(1, 1) != 5 ||
		g.Child(6, 0) != 7 || g.Child(6, 1) != 10 || g.Child(7, 1) != 9 {
		t.Errorf("children %v", g.Children)
	}
	for v := range g.Nodes {
		for a := 0; a < g.NumActions(v); a++ {
			if c := g.Child(v, a); int(g.Nodes[c].Parent) != v {
				t.Errorf("parent of %d is %d, want %d", c, g.Nodes[c].Parent, v)
			}
		}
	}
	// Outcomes: 5 defined, 3 reused; the "fait accompli" pair renamed.
	labels := []string{"war", "fait accompli_1", "status quo", "costly war", "fait accompli_2"}
	if len(g.Outcomes) != len(labels) {
		t.Fatalf("%d outcomes", len(g.Outcomes))
	}
	for i, l := range labels {
		if g.Outcomes[i].Label != l {
			t.Errorf("outcome %d label %q, want %q", i+1, g.Outcomes[i].Label, l)
		}
	}
	if g.Nodes[5].Outcome != 3 || g.Nodes[10].Outcome != 3 {
		t.Errorf("outcome 3 not reused: %d %d", g.Nodes[5].Outcome, g.Nodes[10].Outcome)
	}
	if u := g.Outcomes[4].Payoffs; u[0].Text() != "3" || u[1].Text() != "-1" {
		t.Errorf("payoffs %v", u)
	}
	for _, v := range []int{0, 1, 2, 6, 7} {
		if g.Nodes[v].Outcome != 0 {
			t.Errorf("node %d outcome %d", v, g.Nodes[v].Outcome)
		}
	}
}

func TestReadEFGOutcomeOnInnerNodesAndNormalisation(t *testing.T) {
	g, _ := readEFGFile(t, "staged.efg")
	if g.Title != `staged "entry" game` || !strings.Contains(g.Comment, "\nand a three-player") {
		t.Errorf("title %q comment %q", g.Title, g.Comment)
	}
	if !slices.Equal(g.Players, []string{"Entrant", "Incumbent", "_1"}) {
		t.Errorf("players %q", g.Players)
	}
	if g.Nodes[0].Kind != Personal || g.Nodes[0].Outcome != 1 || g.Outcomes[0].Label != "entry cost" {
		t.Errorf("root %+v", g.Nodes[0])
	}
	if !slices.Equal(g.Infosets[0].Actions, []string{"in", "out", "_1", "_2"}) || g.Infosets[0].ID != 7 {
		t.Errorf("entrant infoset %+v", g.Infosets[0])
	}
	if !slices.Equal(g.Infosets[2].Actions, []string{"fight_1", "fight_2"}) {
		t.Errorf("incumbent actions %q", g.Infosets[2].Actions)
	}
	if g.Nodes[2].Outcome != 2 || g.Nodes[5].Outcome != 2 || g.Nodes[2].Infoset != g.Nodes[5].Infoset {
		t.Errorf("inner outcome/infoset %+v %+v", g.Nodes[2], g.Nodes[5])
	}
	var got []string
	for _, o := range g.Outcomes {
		got = append(got, o.Label)
	}
	if want := []string{"entry cost", "stage", "war", "peace", "_1", "_2", `o\back`}; !slices.Equal(got, want) {
		t.Errorf("outcome labels %q, want %q", got, want)
	}
	if p := g.Infosets[1].Probs; p[0].Text() != ".25" || p[1].Text() != "0.75" {
		t.Errorf("probs %v", p)
	}
	if u := g.Outcomes[3].Payoffs[1]; u.Text() != "1.5e-1" || u.Cmp(NewNumber(3, 20)) != 0 {
		t.Errorf("payoff %v", u)
	}
}

// efgEqual compares two games by value, by number text and by structure.
func efgEqual(a, b *Extensive) error {
	if a.Title != b.Title || a.Comment != b.Comment || !slices.Equal(a.Players, b.Players) {
		return fmt.Errorf("headers differ")
	}
	if !slices.Equal(a.Nodes, b.Nodes) {
		return fmt.Errorf("nodes differ")
	}
	if !slices.Equal(a.Children, b.Children) {
		return fmt.Errorf("children differ")
	}
	numsEqual := func(x, y []Number) bool {
		return slices.EqualFunc(x, y, func(m, n Number) bool { return m.Text() == n.Text() && m.Cmp(n) == 0 })
	}
	if len(a.Infosets) != len(b.Infosets) {
		return fmt.Errorf("%d vs %d infosets", len(a.Infosets), len(b.Infosets))
	}
	for i := range a.Infosets {
		x, y := a.Infosets[i], b.Infosets[i]
		if x.Player != y.Player || x.ID != y.ID || x.Label != y.Label || !slices.Equal(x.Actions, y.Actions) || !numsEqual(x.Probs, y.Probs) {
			return fmt.Errorf("infoset %d differs: %+v vs %+v", i, x, y)
		}
	}
	if len(a.Outcomes) != len(b.Outcomes) {
		return fmt.Errorf("%d vs %d outcomes", len(a.Outcomes), len(b.Outcomes))
	}
	for i := range a.Outcomes {
		x, y := a.Outcomes[i], b.Outcomes[i]
		if x.Label != y.Label || !numsEqual(x.Payoffs, y.Payoffs) {
			return fmt.Errorf("outcome %d differs: %+v vs %+v", i+1, x, y)
		}
	}
	return nil
}

func efgRoundTrip(t testing.TB, g *Extensive) (*Extensive, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteEFG(&buf, g); err != nil {
		t.Fatal(err)
	}
	h, diags := ReadEFG("out.efg", buf.Bytes())
	if len(diags) > 0 {
		t.Fatalf("re-reading:\n%s\n%v", buf.String(), diags)
	}
	return h, buf.Bytes()
}

func TestEFGRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "efg", "*.efg"))
	if err != nil || len(files) < 3 {
		t.Fatal(files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			g, _ := readEFGFile(t, filepath.Base(f))
			h, out := efgRoundTrip(t, g)
			if err := efgEqual(g, h); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			_, out2 := efgRoundTrip(t, h)
			if !bytes.Equal(out, out2) {
				t.Errorf("output not stable:\n%s\n---\n%s", out, out2)
			}
		})
	}
}

func TestWriteEFGPledge(t *testing.T) {
	g, _ := readEFGFile(t, "pledge.efg")
	var buf bytes.Buffer
	if err := WriteEFG(&buf, g); err != nil {
		t.Fatal(err)
	}
	want := `EFG 2 R "pledge test" { "Attacker" "Guarantor" }
""

c "type" 1 "nature" { "resolute" 1/3 "irresolute" 2/3 } 0
p "" 1 1 "A-info" { "attack" "stay" } 0
p "" 2 1 "G-res" { "honour" "abandon" } 0
t "" 1 "war" { -5, -2 }
t "" 2 "fait accompli_1" { 3, -4 }
t "" 3 "status quo" { 0, 0 }
p "" 1 1 0
p "" 2 2 "G-irr" { "honour" "abandon" } 0
t "" 4 "costly war" { -5, -6 }
t "" 5 "fait accompli_2" { 3, -1 }
t "" 3
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriteEFGBuiltGame(t *testing.T) {
	// A game built in code: infoset ids left 0 are renumbered, text escaped.
	g := &Extensive{
		Title:   `a "quoted" \ title`,
		Players: []string{"P"},
		Nodes: []Node{
			{Kind: Chance, Infoset: 0, Parent: -1, ChildStart: 0},
			{Kind: Personal, Infoset: 1, Parent: 0, ChildStart: 2},
			{Kind: Terminal, Infoset: -1, Parent: 1, Outcome: 1},
			{Kind: Terminal, Infoset: -1, Parent: 0, Outcome: 1},
		},
		Children: []int32{1, 3, 2},
		Infosets: []Infoset{
			{Player: 0, Label: "n", Actions: []string{"h", "t"}, Probs: []Number{NewNumber(1, 2), NewNumber(1, 2)}},
			{Player: 1, Label: "i", Actions: []string{"only"}},
		},
		Outcomes: []Outcome{{Label: "win", Payoffs: []Number{NewNumber(7, 3)}}},
	}
	h, out := efgRoundTrip(t, g)
	if !strings.Contains(string(out), `"a \"quoted\" \\ title"`) || h.Title != g.Title {
		t.Errorf("escaping:\n%s", out)
	}
	if h.Infosets[0].ID != 1 || h.Infosets[1].ID != 1 || h.Outcomes[0].Payoffs[0].Text() != "7/3" {
		t.Errorf("read back %+v %+v", h.Infosets, h.Outcomes)
	}
	// Bad games are refused, not written.
	bad := *g
	bad.Infosets = slices.Clone(g.Infosets)
	bad.Infosets[0].Probs = []Number{NewNumber(1, 2), NewNumber(1, 3)}
	if err := WriteEFG(&bytes.Buffer{}, &bad); err == nil || !strings.Contains(err.Error(), "sum to one") {
		t.Errorf("bad probabilities: %v", err)
	}
	bad = *g
	bad.Children = []int32{1, 1, 2}
	if err := WriteEFG(&bytes.Buffer{}, &bad); err == nil {
		t.Error("non-tree written")
	}
	if err := WriteEFG(&bytes.Buffer{}, &Extensive{}); err == nil {
		t.Error("empty game written")
	}
}

func TestReadEFGErrors(t *testing.T) {
	const hdr = `EFG 2 R "t" { "A" "B" }` + "\n"
	cases := []struct {
		name, src, pos, msg string
	}{
		{"empty", "", "1:1", "empty file"},
		{"blank", " \n  ", "2:3", "empty file"},
		{"nfg", `NFG 1 R "t" { "A" } { 1 }`, "1:1", "strategic-form"},
		{"not efg", `EGF 2 R`, "1:1", `expected "EFG", found word "EGF"`},
		{"version", `EFG 3 R "t" { "A" }`, "1:5", `unsupported .efg version "3"`},
		{"letter", `EFG 2 X "t" { "A" }`, "1:7", `expected "R" or "D"`},
		{"no title", `EFG 2 R { "A" }`, "1:9", "expected the quoted title"},
		{"bare player", `EFG 2 R "t" { A }`, "1:15", "expected a quoted player name"},
		{"header only", hdr, "2:1", "unexpected end of file: the tree is incomplete"},
		{"kind", hdr + `x "" 0`, "2:1", `expected a node (c, p or t), found word "x"`},
		{"no node label", hdr + `t 0`, "2:3", "expected the quoted node label"},
		{"player range", hdr + `p "" 3 1 "i" { "a" } 0` + "\nt \"\" 0", "2:6", "player number 3 is out of range: the game has 2 players"},
		{"player zero", hdr + `p "" 0 1 "i" { "a" } 0`, "2:6", "player number 0 is out of range"},
		{"player word", hdr + `p "" one 1`, "2:6", "expected player number (a whole number)"},
		{"new infoset", hdr + `p "" 1 1 0`, "2:10", "information set 1 of player 1 is new here and needs a description"},
		{"new chance infoset", hdr + `c "" 4 0`, "2:8", "information set 4 of chance is new here"},
		{"infoset zero", hdr + `p "" 1 0 "i" { "a" } 0`, "2:8", "information set number must be positive"},
		{"no action list", hdr + `p "" 1 1 "i" "a" 0`, "2:14", `expected "{" to start the action list`},
		{"no actions", hdr + `p "" 1 1 "i" { } 0`, "2:14", "needs at least one action"},
		{"mismatch", hdr + `p "" 1 1 "i" { "a" "b" } 0
p "" 1 1 "i" { "a" "c" } 0
t "" 0
t "" 0
t "" 0`, "3:10", "the description of information set 1 of player 1 differs from its first one"},
		{"action count", hdr + `p "" 1 1 "i" { "a" "b" } 0
p "" 1 1 "i" { "a" } 0
t "" 0
t "" 0`, "3:10", "has 2 actions, but this node lists 1"},
		{"sum", hdr + `c "" 1 "n" { "a" 1/2 "b" 1/3 } 0
t "" 0
t "" 0`, "2:12", "probabilities must sum to exactly one"},
		{"sum decimal", hdr + `c "" 1 "n" { "a" 0.333 "b" 0.333 "c" 0.333 } 0
t "" 0
t "" 0
t "" 0`, "2:12", "probabilities must sum to exactly one"},
		{"prob range", hdr + `c "" 1 "n" { "a" 3/2 "b" -1/2 } 0
t "" 0
t "" 0`, "2:18", "probability 3/2 is not between 0 and 1"},
		{"prob missing", hdr + `c "" 1 "n" { "a" "b" } 0`, "2:18", `found quoted text "b"`},
		{"too many payoffs", hdr + `t "" 1 "o" { 1 2 3 }`, "2:20", "outcome 1 has 3 payoffs, but the game has 2 players"},
		{"too few payoffs", hdr + `t "" 1 "o" { 1, }`, "2:17", "outcome 1 has 1 payoffs"},
		{"plus", hdr + `t "" 1 "o" { +1 2 }`, "2:14", "a leading + is not allowed"},
		{"exp plus", hdr + `t "" 1 "o" { 1 2.5e+1 }`, "2:16", "a + in the exponent is not allowed"},
		{"signed denominator", hdr + `t "" 1 "o" { 1/-3 2 }`, "2:14", "the denominator may not carry a sign"},
		{"bad prob number", hdr + `c "" 1 "n" { "a" 1/0 } 0`, "2:18", "division by zero"},
		{"payoffs unclosed", hdr + `t "" 1 "o" { 1 2`, "2:17", `unexpected end of file: expected a payoff or "}"`},
		{"tree incomplete", hdr + `p "" 1 1 "i" { "a" "b" } 0
t "" 0
`, "4:1", "unexpected end of file: the tree is incomplete"},
		{"eof in node", hdr + `p "" 1`, "2:7", "unexpected end of file: expected information set number"},
		{"undefined outcome", hdr + `t "" 5`, "2:7", "outcome 5 is used before it is defined"},
		{"null outcome label", hdr + `t "" 0 "x" { 1 2 }`, "2:6", "the null outcome 0 cannot have a label or payoffs"},
		{"outcome restated", hdr + `p "" 1 1 "i" { "a" "b" } 0
t "" 1 "o" { 1/2 1 }
t "" 1 "o" { 0.5 1 }`, "4:8", "outcome 1 is restated differently from its definition"},
		{"outcome number", hdr + `t "" -1`, "2:6", "expected outcome number (a whole number)"},
		{"huge outcome number", hdr + `t "" 99999999999999999999`, "2:6", "outcome number 99999999999999999999 is too large"},
		{"node label twice", hdr + `p "x" 1 1 "i" { "a" "b" } 0
t "y" 0
t "x" 0`, "4:3", "node label must be unique within the game: \"x\" is already the label of the node on line 2"},
		{"unterminated", hdr + `t "abc 0`, "2:3", "unterminated quoted text"},
		{"utf8", hdr + "t \"\xff\" 0", "2:4", "not valid UTF-8"},
	}
	if len(cases) < 20 {
		t.Fatal("too few cases")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, diags := ReadEFG("bad.efg", []byte(c.src))
			if g != nil {
				t.Fatalf("read a game from bad input")
			}
			errs := diags.Errors()
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			want := "bad.efg:" + c.pos + ": "
			for _, d := range errs {
				if strings.HasPrefix(d.Error(), want) && strings.Contains(d.Summary, c.msg) {
					if d.Hint == "" {
						t.Errorf("no hint for %v", d)
					}
					return
				}
			}
			t.Errorf("want %s…%s, got\n%v", want, c.msg, diags)
		})
	}
}

func TestReadEFGTooLarge(t *testing.T) {
	src := make([]byte, MaxFileBytes+1)
	g, diags := ReadEFG("big.efg", src)
	if g != nil || len(diags) != 1 || !strings.Contains(diags[0].Summary, "more than") || diags[0].Pos.File != "big.efg" {
		t.Errorf("got %v", diags)
	}
}

func TestReadEFGTrailingText(t *testing.T) {
	src := `EFG 2 R "t" { "A" } t "" 1 "o" { 1 }` + "\n\n  junk { here"
	g, diags := ReadEFG("x.efg", []byte(src))
	if g == nil || diags.HasErrors() || len(diags) != 1 {
		t.Fatalf("%v", diags)
	}
	if d := diags[0]; d.Severity != diag.Warning || d.Pos.Line != 3 || d.Pos.Col != 3 || !strings.Contains(d.Summary, "text after the last node is ignored") {
		t.Errorf("got %v", d)
	}
	// Several errors are reported at once where the parse can go on.
	src = `EFG 2 R "t" { "A" }
c "x" 1 "n" { "a" 1/2 "b" 1/3 } 0
t "x" 1 "o" { 1 2 }
t "" 0 junk`
	_, diags = ReadEFG("y.efg", []byte(src))
	if len(diags) != 4 || !diags[3].Pos.IsValid() || diags[3].Severity != diag.Warning {
		t.Errorf("got %d: %v", len(diags), diags)
	}
}

// efgGenTree writes a perfect-information binary tree of the given depth:
// players alternate, every decision node has its own infoset, every leaf
// its own outcome.
func efgGenTree(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("EFG 2 R \"binary\" { \"Max\" \"Min\" }\n\"\"\n")
	sets := [2]int{}
	leaves := 0
	var rec func(d int)
	rec = func(d int) {
		if d == depth {
			leaves++
			fmt.Fprintf(&b, "t \"\" %d \"\" { %d, %d }\n", leaves, leaves%7, -(leaves % 5))
			return
		}
		pl := d % 2
		sets[pl]++
		fmt.Fprintf(&b, "p \"\" %d %d \"\" { \"L\" \"R\" } 0\n", pl+1, sets[pl])
		rec(d + 1)
		rec(d + 1)
	}
	rec(0)
	return b.Bytes()
}

// efgGenChain writes a chain of depth decision nodes, each with a "go"
// action continuing the chain and a "stop" action ending it.
func efgGenChain(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("EFG 2 R \"chain\" { \"P\" }\n\"\"\n")
	b.WriteString("p \"\" 1 1 \"\" { \"go\" \"stop\" } 0\n")
	for i := 1; i < depth; i++ {
		b.WriteString("p \"\" 1 1 0\n")
	}
	b.WriteString("t \"\" 1 \"end\" { 1 }\n")
	for i := 0; i < depth; i++ {
		b.WriteString("t \"\" 0\n")
	}
	return b.Bytes()
}

func TestReadEFGLargeTree(t *testing.T) {
	depth := 19 // 2^20-1 nodes
	if testslack.RaceEnabled() || testing.Short() {
		depth = 16
	}
	src := efgGenTree(depth)
	start := time.Now()
	g, diags := ReadEFG("big.efg", src)
	elapsed := time.Since(start)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	t.Logf("read %d nodes (%d MB) in %v", len(g.Nodes), len(src)>>20, elapsed)
	leaves := 1 << depth
	if len(g.Nodes) != 2*leaves-1 || len(g.Outcomes) != leaves || len(g.Infosets) != leaves-1 {
		t.Fatalf("%d nodes %d outcomes %d infosets", len(g.Nodes), len(g.Outcomes), len(g.Infosets))
	}
	if g.Outcomes[0].Label != "_1" || g.Outcomes[leaves-1].Label != fmt.Sprintf("_%d", leaves) {
		t.Errorf("labels %q %q", g.Outcomes[0].Label, g.Outcomes[leaves-1].Label)
	}
	// Generous: about 1s on an idle machine, more on a busy shared one.
	if !testslack.RaceEnabled() && elapsed > testslack.Scale(10*time.Second) {
		t.Errorf("too slow: %v", elapsed)
	}
	start = time.Now()
	var buf bytes.Buffer
	if err := WriteEFG(&buf, g); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote it in %v", time.Since(start))
	h, diags := ReadEFG("out.efg", buf.Bytes())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if err := efgEqual(g, h); err != nil {
		t.Fatal(err)
	}
}

func TestReadEFGDeepChain(t *testing.T) {
	depth := 1_000_000
	if testing.Short() || testslack.RaceEnabled() {
		depth = 100_000
	}
	src := efgGenChain(depth)
	start := time.Now()
	g, diags := ReadEFG("chain.efg", src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	t.Logf("read a chain %d deep in %v", depth, time.Since(start))
	if len(g.Nodes) != 2*depth+1 || len(g.Infosets) != 1 {
		t.Fatalf("%d nodes", len(g.Nodes))
	}
	// The deepest decision node leads to the terminal with outcome 1.
	last := depth - 1
	if c := g.Child(last, 0); g.Nodes[c].Outcome != 1 || g.Child(0, 1) != len(g.Nodes)-1 {
		t.Errorf("shape: %d %d", c, g.Child(0, 1))
	}
	h, _ := efgRoundTrip(t, g)
	if err := efgEqual(g, h); err != nil {
		t.Fatal(err)
	}
}

func ExampleReadEFG() {
	src := `EFG 2 R "entry" { "Entrant" "Incumbent" }
p "" 1 1 "E" { "in" "out" } 0
  p "" 2 1 "I" { "fight" "yield" } 0
    t "" 1 "war" { -1, -1 }
    t "" 2 "share" { 1, 1 }
  t "" 3 "" { 0, 2 }
`
	g, diags := ReadEFG("entry.efg", []byte(src))
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	for v, n := range g.Nodes {
		if n.Kind == Terminal {
			o := g.Outcomes[n.Outcome-1]
			fmt.Printf("node %d: %s %v\n", v, o.Label, o.Payoffs)
			continue
		}
		is := g.Infosets[n.Infoset]
		fmt.Printf("node %d: %s moves, actions %v\n", v, g.Players[is.Player-1], is.Actions)
	}
	// Output:
	// node 0: Entrant moves, actions [in out]
	// node 1: Incumbent moves, actions [fight yield]
	// node 2: war [-1 -1]
	// node 3: share [1 1]
	// node 4: _1 [0 2]
}

func BenchmarkReadEFG(b *testing.B) {
	src := efgGenTree(17)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := ReadEFG("bench.efg", src); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

func FuzzReadEFG(f *testing.F) {
	addSeedFiles(f, "efg", "*.efg")
	f.Add(efgGenTree(3))
	f.Add(efgGenChain(4))
	f.Add([]byte(`EFG 2 R "" { "" "" } c "" 1 "" { "" 1 "" 0 } 1 "" { 1, 2 } t "" 1 "" { 1, 2 } t "" 0`))
	f.Fuzz(func(t *testing.T, src []byte) {
		g, diags := ReadEFG("fuzz.efg", src)
		if g == nil {
			if !diags.HasErrors() {
				t.Fatal("no game and no error")
			}
			return
		}
		if diags.HasErrors() {
			t.Fatal("a game and errors")
		}
		var buf bytes.Buffer
		if err := WriteEFG(&buf, g); err != nil {
			t.Fatalf("write: %v", err)
		}
		h, diags := ReadEFG("out.efg", buf.Bytes())
		if h == nil {
			t.Fatalf("re-read:\n%s\n%v", buf.String(), diags)
		}
		if len(h.Nodes) != len(g.Nodes) || len(h.Infosets) != len(g.Infosets) || len(h.Outcomes) != len(g.Outcomes) {
			t.Fatalf("sizes differ")
		}
		if err := efgEqual(g, h); err != nil {
			t.Fatal(err)
		}
	})
}

func TestReadEFGSparseIDs(t *testing.T) {
	// Large ids go to a map, small ones to a dense table that may later
	// grow past the large ones; both must be found again.
	src := `EFG 2 R "t" { "A" }
p "" 1 40 "big" { "a" "b" } 900 "o900" { 1 }
p "" 1 1 "i1" { "a" } 0
p "" 1 2 "i2" { "a" } 0
p "" 1 3 "i3" { "a" } 0
p "" 1 4 "i4" { "a" } 0
p "" 1 5 "i5" { "a" } 0
p "" 1 6 "i6" { "a" } 0
p "" 1 7 "i7" { "a" } 0
p "" 1 8 "i8" { "a" } 0
p "" 1 9 "i9" { "a" } 0
p "" 1 10 "i10" { "a" } 0
p "" 1 11 "i11" { "a" } 0
p "" 1 12 "i12" { "a" } 0
p "" 1 13 "i13" { "a" } 0
p "" 1 14 "i14" { "a" } 0
p "" 1 15 "i15" { "a" } 0
p "" 1 16 "i16" { "a" } 0
p "" 1 17 "i17" { "a" } 0
p "" 1 18 "i18" { "a" } 0
p "" 1 19 "i19" { "a" } 0
p "" 1 20 "i20" { "a" } 0
p "" 1 21 "i21" { "a" } 0
p "" 1 22 "i22" { "a" } 0
p "" 1 23 "i23" { "a" } 0
p "" 1 24 "i24" { "a" } 0
p "" 1 25 "i25" { "a" } 0
t "" 900
p "" 1 40 0
t "" 900
t "" 0`
	g, diags := ReadEFG("sparse.efg", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(g.Infosets) != 26 || len(g.Outcomes) != 1 || g.Nodes[len(g.Nodes)-3].Infoset != 0 {
		t.Errorf("%d infosets, %d outcomes", len(g.Infosets), len(g.Outcomes))
	}
}

// Information sets whose actions are written alike share one slice, which
// is normalised once; sets written differently keep their own.
func TestReadEFGSharedActions(t *testing.T) {
	g, diags := ReadEFG("shared.efg", []byte(`EFG 2 R "" { "A" "B" }
""
p "" 1 1 "" { "x" "x" } 0
p "" 2 1 "" { "x" "x" } 0
t "" 1 "" { 1, 2 }
t "" 2 "" { 2, 1 }
p "" 2 2 "" { "l" "r" } 0
t "" 3 "" { 3, 4 }
p "" 1 2 "" { "x" "x" } 0
t "" 4 "" { 0, 0 }
p "" 2 3 "" { "l" "\"r\"" } 0
t "" 5 "" { 1, 1 }
t "" 6 "" { 2, 2 }
`))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := [][]string{{"x_1", "x_2"}, {"x_1", "x_2"}, {"l", "r"}, {"x_1", "x_2"}, {"l", `"r"`}}
	if len(g.Infosets) != len(want) {
		t.Fatalf("%d information sets", len(g.Infosets))
	}
	for k, w := range want {
		if !slices.Equal(g.Infosets[k].Actions, w) {
			t.Errorf("set %d: actions %q, want %q", k, g.Infosets[k].Actions, w)
		}
	}
	same := func(a, b int) bool { return &g.Infosets[a].Actions[0] == &g.Infosets[b].Actions[0] }
	if !same(0, 1) || !same(0, 3) || same(0, 2) || same(2, 4) {
		t.Errorf("sharing: 0-1 %v, 0-3 %v, 0-2 %v, 2-4 %v", same(0, 1), same(0, 3), same(0, 2), same(2, 4))
	}
	for o := range g.Outcomes {
		if p := g.Outcomes[o].Payoffs; cap(p) != len(p) {
			t.Errorf("outcome %d: payoffs have room to grow (%d of %d) into a neighbour", o+1, len(p), cap(p))
		}
	}
}

// efgCountWords only sizes the parser's slices; it counts lines that start
// with a node keyword.
func TestEFGCountWords(t *testing.T) {
	for _, tc := range []struct {
		src              string
		nodes, terminals int
	}{
		{"", 0, 0},
		{"p \"\" 1 1 \"\" { \"a\" } 0\n  t \"\" 0\n", 2, 1},
		{"c \"\" 1 \"\" { \"a\" 1 } 0\n\tt\n", 2, 1},
		{"p \"x\" 1 1 0 t \"\" 0 t \"\" 0\n", 1, 0}, // one line, counted once
		{"top \"\" 0\npt\n\n", 0, 0},
	} {
		n, k := efgCountWords([]byte(tc.src))
		if n != tc.nodes || k != tc.terminals {
			t.Errorf("%q: %d nodes, %d terminals; want %d, %d", tc.src, n, k, tc.nodes, tc.terminals)
		}
	}
	src := efgGenTree(6)
	if n, k := efgCountWords(src); n != 127 || k != 64 || efgCountNodes(src) != 127 {
		t.Errorf("tree of depth 6: %d nodes, %d terminals", n, k)
	}
}

// addSeedFiles adds every testdata/dir file matching pattern to f's corpus.
func addSeedFiles(f *testing.F, dir, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", dir, pattern))
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
}
