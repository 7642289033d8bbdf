package yamltree

import (
	"fmt"
	"github.com/bulwark-sim/bulwark/internal/testslack"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/diag"
)

// at formats a position as "LINE:COL" for comparisons.
func at(p diag.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func mustParse(t *testing.T, src string) *Node {
	t.Helper()
	n, d := Parse("t.yaml", []byte(src))
	if len(d) > 0 || n == nil {
		t.Fatalf("Parse(%q): %v", src, d)
	}
	return n
}

// lookup follows a path of mapping keys and list indexes ("a.b.0").
func lookup(t *testing.T, n *Node, path string) *Node {
	t.Helper()
	for _, seg := range strings.Split(path, ".") {
		if n.Kind == Seq {
			var i int
			if _, err := fmt.Sscan(seg, &i); err != nil || i >= len(n.Items) {
				t.Fatalf("%s: no item %s", path, seg)
			}
			n = n.Items[i]
			continue
		}
		e := n.Get(seg)
		if e == nil {
			t.Fatalf("%s: no key %s", path, seg)
		}
		n = e.Value
	}
	return n
}

func TestParseKindsAndPositions(t *testing.T) {
	src := "" +
		"título: Україна # a comment with ü\n" + // 1
		"list: [é, ü, x]\n" + // 2
		"quoted: \"ü—x\"\n" + // 3
		"single: 'it''s'\n" + // 4
		"n: null\n" + // 5
		"b: true\n" + // 6
		"i: 0x1F\n" + // 7
		"f: 1.5\n" + // 8
		"inf: .inf\n" + // 9
		"empty:\n" + // 10
		"block: |\n" + // 11
		"  text\n" + // 12
		"map: {ä: 1, b: [2]}\n" + // 13
		"seq:\n" + // 14
		"  - ü: 1\n" // 15
	root := mustParse(t, src)
	cases := []struct {
		path string
		kind Kind
		text string
		pos  string
	}{
		{"título", String, "Україна", "1:9"},
		{"list", Seq, "", "2:7"},
		{"list.0", String, "é", "2:8"},
		{"list.1", String, "ü", "2:11"},
		{"list.2", String, "x", "2:14"},
		{"quoted", String, "ü—x", "3:10"}, // after the quote
		{"single", String, "it's", "4:10"},
		{"n", Null, "", "5:4"},
		{"b", Bool, "true", "6:4"},
		{"i", Int, "0x1F", "7:4"},
		{"f", Float, "1.5", "8:4"},
		{"inf", Float, ".inf", "9:6"},
		{"block", String, "text\n", "11:8"},
		{"map", Map, "", "13:6"}, // the "{"
		{"map.ä", Int, "1", "13:10"},
		{"map.b.0", Int, "2", "13:17"},
		{"seq.0.ü", Int, "1", "15:8"},
	}
	for _, c := range cases {
		n := lookup(t, root, c.path)
		if n.Kind != c.kind || n.Text != c.text || at(n.Pos) != c.pos {
			t.Errorf("%s: got %s %q at %s, want %s %q at %s", c.path, n.Kind, n.Text, at(n.Pos), c.kind, c.text, c.pos)
		}
		if n.Pos.File != "t.yaml" {
			t.Errorf("%s: file %q", c.path, n.Pos.File)
		}
	}
	if e := root.Get("seq").Value.Items[0].Entries[0]; at(e.KeyPos) != "15:5" {
		t.Errorf("key ü at %s, want 15:5", at(e.KeyPos))
	}
	if e := root.Get("empty"); e.Value.Kind != Null {
		t.Errorf("empty: got %s", e.Value.Kind)
	}
	var keys []string
	for _, e := range root.Entries {
		keys = append(keys, e.Key)
	}
	if got := strings.Join(keys, ","); got != "título,list,quoted,single,n,b,i,f,inf,empty,block,map,seq" {
		t.Errorf("keys out of source order: %s", got)
	}
}

func TestDescribe(t *testing.T) {
	root := mustParse(t, "a: x\nb: 1\nc: [1]\nd: {}\ne: ~\nf: "+strings.Repeat("é", 50)+"\n")
	want := map[string]string{
		"a": `string "x"`, "b": "integer 1", "c": "list", "d": "mapping", "e": "null",
		"f": fmt.Sprintf("string %q", strings.Repeat("é", 40)+"…"),
	}
	for k, w := range want {
		if got := root.Get(k).Value.Describe(); got != w {
			t.Errorf("%s: Describe() = %s, want %s", k, got, w)
		}
	}
	if root.Get("zz") != nil || (*Node)(nil).Get("a") != nil || root.Get("c").Value.Get("a") != nil {
		t.Error("Get found a missing key")
	}
}

func TestClone(t *testing.T) {
	root := mustParse(t, "a: {b: [1, 2]}\n")
	c := root.Clone()
	c.Get("a").Value.Get("b").Value.Items[0].Text = "9"
	c.Get("a").Key = "z"
	if root.Get("a") == nil || root.Get("a").Value.Get("b").Value.Items[0].Text != "1" {
		t.Error("Clone shares structure with the original")
	}
	if (*Node)(nil).Clone() != nil {
		t.Error("nil.Clone() != nil")
	}
}

func TestAnchorsAliasesMerges(t *testing.T) {
	src := "" +
		"base: &b {x: 1, y: 2}\n" + // 1
		"other: &o {z: 3}\n" + // 2
		"copy: *b\n" + // 3
		"d:\n" + // 4
		"  <<: *b\n" + // 5
		"  y: 9\n" + // 6
		"e:\n" + // 7
		"  <<: [*b, *o]\n" + // 8
		"s: &s [1, 2]\n" + // 9
		"t: *s\n" // 10
	root := mustParse(t, src)
	cp := lookup(t, root, "copy")
	if cp.Kind != Map || len(cp.Entries) != 2 || at(cp.Pos) != "3:7" || at(lookup(t, cp, "x").Pos) != "3:7" {
		t.Errorf("alias copy: %+v", cp)
	}
	// An alias is a copy: changing it leaves the anchor's value alone.
	lookup(t, cp, "x").Text = "changed"
	if lookup(t, root, "base.x").Text != "1" {
		t.Error("alias shares nodes with its anchor")
	}
	d := lookup(t, root, "d")
	var got []string
	for _, e := range d.Entries {
		got = append(got, e.Key+"="+e.Value.Text)
	}
	if strings.Join(got, " ") != "y=9 x=1" {
		t.Errorf("merge: got %v, want explicit keys first and winning", got)
	}
	e := lookup(t, root, "e")
	if len(e.Entries) != 3 || e.Get("z") == nil {
		t.Errorf("merge of a list: %d entries", len(e.Entries))
	}
	if tt := lookup(t, root, "t"); tt.Kind != Seq || len(tt.Items) != 2 {
		t.Errorf("sequence alias: %+v", tt)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // "LINE:COL: summary substring"
	}{
		{"duplicate keys all reported", "a: 1\nb: 2\na: 3\nb: 4\na: 5\n", []string{
			`3:1: duplicate key "a" (first defined at line 1)`,
			`4:1: duplicate key "b" (first defined at line 2)`,
			`5:1: duplicate key "a" (first defined at line 1)`,
		}},
		{"duplicate keys in nested and flow mappings", "x:\n  k: 1\n  k: 2\ny: {k: 1, k: 2}\n", []string{
			`3:3: duplicate key "k" (first defined at line 2)`,
			`4:11: duplicate key "k" (first defined at line 4)`,
		}},
		{"undefined alias", "a: *nope\n", []string{`1:4: alias *nope refers to no anchor defined before it`}},
		{"alias before its anchor", "a: *x\nb: &x 1\n", []string{`1:4: alias *x refers to no anchor`}},
		{"self-referential anchor", "a: &x [1, *x]\n", []string{`1:11: alias *x refers to no anchor`}},
		{"self-referential anchor used", "a: &x [1, *x]\nb: *x\n", []string{fmt.Sprintf("2:4: aliases expand to more than %d nodes", MaxAliasNodes)}},
		{"merge of a scalar", "a: &x 1\nb:\n  <<: *x\n", []string{`3:7: a merge key (<<) takes a mapping or a list of mappings`}},
		{"unsupported tag", "a: !!binary aGk=\nb: !foo x\n", []string{
			`1:4: unsupported YAML tag "!!binary"`,
			`2:4: unsupported YAML tag "!foo"`,
		}},
		{"complex key", "? [a]\n: b\n", []string{`2:1: YAML syntax: found an invalid key for this map`}},
		{"explicit key duplicates a plain one", "? a\n: 1\na: 2\n", []string{`3:1: duplicate key "a" (first defined at line 1)`}},
		{"alias as key", "a: &x k\n*x : b\n", []string{`2:1: mapping keys must be plain scalars`}},
		{"syntax error", "a: b: c\n", []string{`1:4: YAML syntax: mapping value is not allowed`}},
		{"unclosed flow", "a: [b\n", []string{`1:4: YAML syntax`}},
		{"second document", "a: 1\n---\nb: 2\n", []string{`2:1: file holds more than one YAML document`}},
		{"document after end marker", "a: 1\n...\nb: 2\n", []string{`3:1: file holds more than one YAML document`}},
		{"empty", "", []string{`1:1: file is empty`}},
		{"blank", " \n\t\n", []string{`1:1: file is empty`}},
		{"comments only", "# x\n", []string{`1:1: file holds no YAML value`}},
		{"invalid UTF-8 after multibyte", "a: 1\nb: ü—\xfe\n", []string{`2:6: file is not valid UTF-8`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, d := Parse("t.yaml", []byte(c.src))
			checkDiags(t, d, c.want)
			if !d.HasErrors() {
				t.Fatal("no error")
			}
			_ = n
		})
	}
}

func checkDiags(t *testing.T, d diag.List, want []string) {
	t.Helper()
	if len(d) != len(want) {
		t.Errorf("got %d diagnostics, want %d: %v", len(d), len(want), d)
	}
	for i := 1; i < len(d); i++ {
		if d[i-1].Pos.Compare(d[i].Pos) > 0 {
			t.Errorf("not sorted: %v", d)
		}
	}
	for i, w := range want {
		if i >= len(d) {
			return
		}
		pos, msg, _ := strings.Cut(w, ": ")
		if at(d[i].Pos) != pos || !strings.Contains(d[i].Summary, msg) {
			t.Errorf("diagnostic %d: got %s: %s, want %s", i, at(d[i].Pos), d[i].Summary, w)
		}
	}
}

func TestTags(t *testing.T) {
	root := mustParse(t, "a: !!str 5\nb: !!int 7\nc: !!str true\nd: !!map {x: 1}\n")
	if n := lookup(t, root, "a"); n.Kind != String || n.Text != "5" {
		t.Errorf("!!str 5: %s %q", n.Kind, n.Text)
	}
	if n := lookup(t, root, "b"); n.Kind != Int {
		t.Errorf("!!int 7: %s", n.Kind)
	}
	if n := lookup(t, root, "c"); n.Kind != String {
		t.Errorf("!!str true: %s", n.Kind)
	}
	if n := lookup(t, root, "d"); n.Kind != Map {
		t.Errorf("!!map: %s", n.Kind)
	}
}

func TestEmptyTrailingDocumentAccepted(t *testing.T) {
	for _, src := range []string{"a: 1\n---\n", "a: 1\n...\n", "---\na: 1\n...\n# end\n", "%YAML 1.2\n---\na: 1\n", "--- {a: 1}\n"} {
		n, d := Parse("t.yaml", []byte(src))
		if len(d) > 0 || n == nil || n.Get("a") == nil {
			t.Errorf("Parse(%q): %v", src, d)
		}
	}
}

func TestParseValue(t *testing.T) {
	n, d := ParseValue("--set k", 5, "[é, {a: b}]")
	if len(d) > 0 {
		t.Fatal(d)
	}
	if at(n.Pos) != "1:5" || at(n.Items[0].Pos) != "1:6" || at(n.Items[1].Entries[0].KeyPos) != "1:10" {
		t.Errorf("positions not shifted: %s %s %s", at(n.Pos), at(n.Items[0].Pos), at(n.Items[1].Entries[0].KeyPos))
	}
	_, d = ParseValue("--set k", 5, "[a, *x]")
	checkDiags(t, d, []string{"1:9: alias *x refers to no anchor"})
}

// Guards: each hostile input is refused quickly, with a positioned
// message, and nothing near the limits is refused.

func TestSizeLimit(t *testing.T) {
	src := make([]byte, MaxBytes+1)
	for i := range src {
		src[i] = '#'
	}
	n, d := Parse("big.yaml", src)
	if n != nil || len(d) != 1 || d[0].Pos.IsValid() || d[0].Pos.File != "big.yaml" || !strings.Contains(d[0].Summary, "10 MiB") {
		t.Errorf("got %v", d)
	}
}

func TestDepthLimit(t *testing.T) {
	block := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
		}
		return b.String()
	}
	cases := []struct {
		name, src, want string
	}{
		{"flow lists", "a: " + strings.Repeat("[", 100) + strings.Repeat("]", 100), "1:67"},
		{"flow maps", "a: " + strings.Repeat("{b: ", 100) + strings.Repeat("}", 100), "1:256"},
		{"block mappings", block(100), "65:65"},
		{"chained dashes", strings.Repeat("- ", 100) + "x", "1:127"},
		{"chained explicit keys", strings.Repeat("? ", 100) + "x", "1:127"},
		{"dashes with tags", strings.Repeat("- !!seq ", 100) + "x", "1:505"},
		{"dashes with anchors", "- &a - &b " + strings.Repeat("- ", 100) + "x", "1:133"},
		{"dashes on lines", func() string {
			var b strings.Builder
			for i := range 100 {
				fmt.Fprintf(&b, "%s- \n", strings.Repeat(" ", 2*i))
			}
			return b.String()
		}(), "64:127"},
		{"flow after a bracket in a plain scalar", "a: x [\n" + block(100), "66:65"},
		{"block after an apostrophe", "a: it's\n" + block(100), "66:65"},
		{"flow after anchor and tag", "a: &x !!seq " + strings.Repeat("[", 100), "1:76"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			n, d := Parse("t.yaml", []byte(c.src))
			if el := time.Since(start); el > testslack.Scale(200*time.Millisecond) {
				t.Errorf("took %v", el)
			}
			if n != nil {
				t.Error("returned a tree")
			}
			checkDiags(t, d, []string{c.want + ": nesting is deeper than 64 levels"})
		})
	}
	// 64 levels in all are fine.
	if _, d := Parse("t.yaml", []byte(block(63))); len(d) > 0 {
		t.Errorf("63 nested mappings: %v", d)
	}
	if _, d := Parse("t.yaml", []byte("a: "+strings.Repeat("[", 62)+strings.Repeat("]", 62))); len(d) > 0 {
		t.Errorf("62 nested lists in a mapping: %v", d)
	}
}

// Text that looks like structure is not counted: brackets and quotes in
// plain scalars, and anything in block scalars and quoted scalars.
func TestPrescanIgnoresText(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: |\n")
	for i := range 200 {
		fmt.Fprintf(&b, "  %s- [{key: \"x\n", strings.Repeat(" ", i))
	}
	b.WriteString("b: >-\n")
	for range 3000 {
		b.WriteString("  k: v\n")
	}
	b.WriteString("c: \"" + strings.Repeat("[", 200) + "\n  " + strings.Repeat("{", 200) + "\"\n")
	b.WriteString("d: '" + strings.Repeat("- ", 200) + "\n  it''s " + strings.Repeat("[", 100) + "'\n")
	b.WriteString("e: " + strings.Repeat("x [ ", 200) + "\n")
	b.WriteString("f: \"\\\"" + strings.Repeat("[", 100) + "\"\n")
	b.WriteString("g: [\"" + strings.Repeat("[", 100) + "\", '" + strings.Repeat("{", 100) + "']\n")
	b.WriteString("h: x # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n")
	n, d := Parse("t.yaml", []byte(b.String()))
	if len(d) > 0 {
		t.Fatal(d)
	}
	if n.Get("h").Value.Text != "x" || !strings.HasPrefix(n.Get("a").Value.Text, "- [{key") {
		t.Errorf("unexpected tree")
	}
}

func TestMapEntriesLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("top:\n")
	for i := range 100_000 {
		fmt.Fprintf(&b, "  k%d: v\n", i)
	}
	start := time.Now()
	n, d := Parse("t.yaml", []byte(b.String()))
	if el := time.Since(start); el > testslack.Scale(500*time.Millisecond) {
		t.Errorf("took %v", el)
	}
	if n != nil {
		t.Error("returned a tree")
	}
	checkDiags(t, d, []string{fmt.Sprintf("%d:3: a mapping has more than %d entries", MaxMapEntries+2, MaxMapEntries)})

	// MaxMapEntries entries are fine, and so are many more list items.
	b.Reset()
	for i := range MaxMapEntries - 1 {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	b.WriteString("list:\n" + strings.Repeat("- a: 1\n", 3*MaxMapEntries))
	if n, d := Parse("t.yaml", []byte(b.String())); len(d) > 0 || len(n.Entries) != MaxMapEntries {
		t.Errorf("at the limit: %v", d)
	}
}

func TestNodesLimit(t *testing.T) {
	src := "a: [" + strings.Repeat("x, ", MaxNodes) + "x]\n"
	start := time.Now()
	n, d := Parse("t.yaml", []byte(src))
	if el := time.Since(start); el > testslack.Scale(500*time.Millisecond) {
		t.Errorf("took %v", el)
	}
	if n != nil {
		t.Error("returned a tree")
	}
	checkDiags(t, d, []string{fmt.Sprintf("1:1: document holds more than %d values", MaxNodes)})
	// Long text is not limited.
	src = "a: " + strings.Repeat("x", 2<<20) + "\n"
	if _, d := Parse("t.yaml", []byte(src)); len(d) > 0 {
		t.Errorf("long text: %v", d)
	}
}

func TestManyDocumentsRefusedQuickly(t *testing.T) {
	src := strings.Repeat("---\na: 1\n", 500_000)
	start := time.Now()
	_, d := Parse("t.yaml", []byte(src))
	if el := time.Since(start); el > testslack.Scale(500*time.Millisecond) {
		t.Errorf("took %v", el)
	}
	checkDiags(t, d, []string{"3:1: file holds more than one YAML document"})
}

func aliasBomb(levels, width int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x]\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range width {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestAliasBomb(t *testing.T) {
	src := []byte(aliasBomb(10, 9)) // 9^9 = 387,420,489 nodes if expanded
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	n, d := Parse("t.yaml", src)
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	t.Logf("refused in %v, allocating %d KiB", el, (after.TotalAlloc-before.TotalAlloc)>>10)
	if el > testslack.Scale(time.Second) {
		t.Errorf("took %v", el)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
	if n != nil {
		t.Error("returned a tree")
	}
	checkDiags(t, d, []string{fmt.Sprintf("6:40: aliases expand to more than %d nodes", MaxAliasNodes)})

	// Within the budget, aliases expand.
	n, d = Parse("t.yaml", []byte(aliasBomb(5, 9))) // 9^4 = 6561
	if len(d) > 0 {
		t.Fatal(d)
	}
	count := 0
	walk(n.Get("a4").Value, func(*Node) { count++ })
	want := 2 // a0: [x]
	for range 4 {
		want = 1 + 9*want
	}
	if count != want {
		t.Errorf("expanded to %d nodes", count)
	}
}

func TestAliasExpansionDepth(t *testing.T) {
	// Each alias nests the anchored list one level deeper than written.
	var b strings.Builder
	b.WriteString("a0: &a0 [x]\n")
	for i := 1; i < 70; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d]\n", i, i, i-1)
	}
	n, d := Parse("t.yaml", []byte(b.String()))
	if n == nil || !d.HasErrors() || !strings.Contains(d[0].Summary, "nesting is deeper than 64 levels") {
		t.Errorf("got %v", d)
	}
}
