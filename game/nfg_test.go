package game

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/internal/testslack"
)

func readNFGFile(t testing.TB, name string) *NormalForm {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "nfg", name))
	if err != nil {
		t.Fatal(err)
	}
	g, diags := ReadNFG(name, src)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags)
	}
	return g
}

// payoffTexts returns every payoff of g as text, profile by profile.
func payoffTexts(g *NormalForm) []string {
	var out []string
	for p := range g.NumProfiles() {
		for i := range g.NumPlayers() {
			out = append(out, g.Payoff(p, i).Text())
		}
	}
	return out
}

func TestReadNFGGood(t *testing.T) {
	type pay struct {
		s    []int
		want []string
	}
	pledge := []pay{
		{[]int{0, 0}, []string{"2", "-1"}},
		{[]int{1, 0}, []string{"1", "1"}},
		{[]int{0, 1}, []string{"0", "1"}},
		{[]int{1, 1}, []string{"0", "0"}},
		{[]int{0, 2}, []string{"-3", "-4"}},
		{[]int{1, 2}, []string{"-2", "3"}},
	}
	for _, tc := range []struct {
		file       string
		title      string
		comment    string
		players    []string
		strategies [][]string
		outcomes   []string // labels; nil for the payoff version
		outcomeOf  []int
		pays       []pay
	}{
		{
			file: "pledge_payoff.nfg", title: "pledge 2x3",
			players:    []string{"Guarantor", "Challenger"},
			strategies: [][]string{{"Pledge", "NoPledge"}, {"Probe", "Wait", "Strike"}},
			pays:       pledge,
		},
		{
			file: "pledge_outcome.nfg", title: "pledge 2x3",
			players:    []string{"Guarantor", "Challenger"},
			strategies: [][]string{{"Pledge", "NoPledge"}, {"Probe", "Wait", "Strike"}},
			outcomes:   []string{"deterred", "probe ok", "calm", "war", "win"},
			outcomeOf:  []int{1, 2, 3, 0, 4, 5},
			pays:       pledge,
		},
		{
			file: "three_player_counts.nfg", title: `three "players"`,
			comment:    "counts, D header,\na multi-line comment and exact numbers",
			players:    []string{"A", "B", "C"},
			strategies: [][]string{{"1", "2"}, {"1", "2"}, {"1", "2"}},
			pays: []pay{
				{[]int{0, 0, 0}, []string{".25", "1/3", "1.5e-1"}},
				{[]int{1, 0, 0}, []string{"-1/3", "0.5", "2."}},
				{[]int{0, 1, 0}, []string{"1e2", "-0", "7"}},
				{[]int{1, 1, 1}, []string{"6", "5", "4"}},
			},
		},
		{
			file: "labels_normalised.nfg", title: "",
			players:    []string{"_1", "x", "_2"},
			strategies: [][]string{{"U_1", "U_2", "_1"}, {"L"}, {"a_2", "a_1", "a_3"}},
			outcomes:   []string{"o_1", "o_2", "_1"},
			outcomeOf:  []int{1, 2, 3, 0, 1, 2, 3, 3, 0},
			pays: []pay{
				{[]int{0, 0, 0}, []string{"1", "2", "3"}},
				{[]int{2, 0, 0}, []string{"7", "8", "9"}},
				{[]int{0, 0, 1}, []string{"0", "0", "0"}},
				{[]int{2, 0, 2}, []string{"0", "0", "0"}},
			},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			g := readNFGFile(t, tc.file)
			if g.Title != tc.title || g.Comment != tc.comment {
				t.Errorf("title %q comment %q", g.Title, g.Comment)
			}
			if !slices.Equal(g.Players, tc.players) {
				t.Errorf("players %q, want %q", g.Players, tc.players)
			}
			if !slices.EqualFunc(g.Strategies, tc.strategies, slices.Equal) {
				t.Errorf("strategies %q, want %q", g.Strategies, tc.strategies)
			}
			var labels []string
			for _, o := range g.Outcomes {
				labels = append(labels, o.Label)
			}
			if !slices.Equal(labels, tc.outcomes) || !slices.Equal(g.OutcomeOf, tc.outcomeOf) {
				t.Errorf("outcomes %q %v, want %q %v", labels, g.OutcomeOf, tc.outcomes, tc.outcomeOf)
			}
			for _, p := range tc.pays {
				for i, want := range p.want {
					if got := g.Payoff(g.Profile(p.s), i).Text(); got != want {
						t.Errorf("payoff of player %d at %v = %s, want %s", i+1, p.s, got, want)
					}
				}
			}
		})
	}
	// Section 3's two examples give the same table.
	a, b := readNFGFile(t, "pledge_payoff.nfg"), readNFGFile(t, "pledge_outcome.nfg")
	if !slices.Equal(payoffTexts(a), payoffTexts(b)) {
		t.Errorf("payoff and outcome versions differ:\n%v\n%v", payoffTexts(a), payoffTexts(b))
	}
	// Exact values.
	g := readNFGFile(t, "three_player_counts.nfg")
	if v := g.Payoff(0, 2); v.Cmp(NewNumber(3, 20)) != 0 {
		t.Errorf("1.5e-1 = %s", RatString(v.Rat()))
	}
	if v := g.Payoff(1, 2); v.Cmp(NewNumber(2, 1)) != 0 {
		t.Errorf("2. = %s", RatString(v.Rat()))
	}
}

// sameNFG reports how a and b differ, or "" if they are the same game:
// players, strategies, payoffs by value and text, outcomes.
func sameNFG(a, b *NormalForm) string {
	switch {
	case a.Title != b.Title || a.Comment != b.Comment:
		return fmt.Sprintf("title/comment %q/%q vs %q/%q", a.Title, a.Comment, b.Title, b.Comment)
	case !slices.Equal(a.Players, b.Players):
		return fmt.Sprintf("players %q vs %q", a.Players, b.Players)
	case !slices.EqualFunc(a.Strategies, b.Strategies, slices.Equal):
		return fmt.Sprintf("strategies %q vs %q", a.Strategies, b.Strategies)
	case a.NumProfiles() != b.NumProfiles():
		return "profile counts differ"
	case !slices.Equal(a.OutcomeOf, b.OutcomeOf):
		return fmt.Sprintf("outcome numbers %v vs %v", a.OutcomeOf, b.OutcomeOf)
	case len(a.Outcomes) != len(b.Outcomes):
		return "outcome counts differ"
	}
	for p := range a.NumProfiles() {
		for i := range a.NumPlayers() {
			x, y := a.Payoff(p, i), b.Payoff(p, i)
			if x.Cmp(y) != 0 || x.Text() != y.Text() {
				return fmt.Sprintf("payoff %d,%d: %s vs %s", p, i, x.Text(), y.Text())
			}
		}
	}
	for k := range a.Outcomes {
		x, y := a.Outcomes[k], b.Outcomes[k]
		if x.Label != y.Label || len(x.Payoffs) != len(y.Payoffs) {
			return fmt.Sprintf("outcome %d: %q vs %q", k+1, x.Label, y.Label)
		}
		for i := range x.Payoffs {
			if x.Payoffs[i].Cmp(y.Payoffs[i]) != 0 || x.Payoffs[i].Text() != y.Payoffs[i].Text() {
				return fmt.Sprintf("outcome %d payoff %d", k+1, i)
			}
		}
	}
	return ""
}

func TestNFGRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "nfg", "*.nfg"))
	if err != nil || len(files) == 0 {
		t.Fatal("no test files", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			g := readNFGFile(t, filepath.Base(f))
			var buf bytes.Buffer
			if err := WriteNFG(&buf, g); err != nil {
				t.Fatal(err)
			}
			h, diags := ReadNFG("out.nfg", buf.Bytes())
			if diags.HasErrors() {
				t.Fatalf("%v\n%s", diags, buf.String())
			}
			if d := sameNFG(g, h); d != "" {
				t.Errorf("%s\n%s", d, buf.String())
			}
			// Writing again gives the same bytes.
			var buf2 bytes.Buffer
			if err := WriteNFG(&buf2, h); err != nil {
				t.Fatal(err)
			}
			if buf.String() != buf2.String() {
				t.Errorf("second write differs:\n%s\n%s", buf.String(), buf2.String())
			}
		})
	}
}

func TestWriteNFG(t *testing.T) {
	g, err := NewNormalForm([]string{`say "hi"`, `back\slash`}, [][]string{{"U", "D"}, {"L"}})
	if err != nil {
		t.Fatal(err)
	}
	g.Title = "t"
	g.SetPayoff(0, 0, NewNumber(1, 3))
	g.SetPayoff(1, 1, NewNumber(-2, 1))
	var buf bytes.Buffer
	if err := WriteNFG(&buf, g); err != nil {
		t.Fatal(err)
	}
	want := `NFG 1 R "t" { "say \"hi\"" "back\\slash" } { { "U" "D" } { "L" } }
""

1/3 0
0 -2
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	h, diags := ReadNFG("x", buf.Bytes())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if d := sameNFG(g, h); d != "" {
		t.Error(d)
	}

	// Outcome version.
	g.Outcomes = []Outcome{{Label: "win", Payoffs: []Number{NewNumber(1, 1), NewNumber(0, 1)}}}
	g.OutcomeOf = []int{1, 0}
	buf.Reset()
	if err := WriteNFG(&buf, g); err != nil {
		t.Fatal(err)
	}
	want = `NFG 1 R "t" { "say \"hi\"" "back\\slash" } { { "U" "D" } { "L" } }
""

{
{ "win" 1, 0 }
}
1 0
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}

	// Inconsistent games are refused.
	g.OutcomeOf = []int{1, 2}
	if err := WriteNFG(&buf, g); err == nil {
		t.Error("outcome 2 of 1 written")
	}
	if err := WriteNFG(&buf, nil); err == nil {
		t.Error("nil game written")
	}
	if err := WriteNFG(&buf, &NormalForm{Players: []string{"a"}, Strategies: [][]string{{"x"}}}); err == nil {
		t.Error("game without payoff table written")
	}
}

func TestReadNFGBad(t *testing.T) {
	const hdr2 = `NFG 1 R "t" { "a" "b" } { 2 2 }` // 8 payoffs, 4 profiles
	const out2 = `NFG 1 R "t" { "a" "b" } { 2 1 } { { "x" 1 2 } { "y" 3 4 } } `
	for _, tc := range []struct {
		name, src, pos, msg string
	}{
		{"empty", "", "1:1", "file is empty"},
		{"blank", "  \n ", "2:2", "file is empty"},
		{"efg", `EFG 2 R "x" { "a" }`, "1:1", "extensive-form"},
		{"magic", `NFX 1 R "x"`, "1:1", `expected NFG at the start of the file, found word "NFX"`},
		{"version", `NFG 2 R "x" { "a" } { 1 } 0`, "1:5", `unsupported NFG version "2"`},
		{"no version", `NFG "x"`, "1:5", "expected the version 1"},
		{"letter", `NFG 1 X "x"`, "1:7", "expected R or D"},
		{"title", `NFG 1 R x`, "1:9", "expected the game's title"},
		{"unterminated title", `NFG 1 R "x`, "1:9", "unterminated quoted text"},
		{"players brace", `NFG 1 R "t" "a" "b"`, "1:13", `expected "{" to open the list of players`},
		{"player not text", `NFG 1 R "t" { "a" 3 }`, "1:19", "expected a player name"},
		{"players unclosed", `NFG 1 R "t" { "a"`, "1:18", "expected a player name in double quotes or \"}\", found end of file"},
		{"no players", `NFG 1 R "t" { } { }`, "1:13", "at least one player"},
		{"strategies brace", `NFG 1 R "t" { "a" "b" } 2 2`, "1:25", `expected "{" to open the strategies`},
		{"too few counts", `NFG 1 R "t" { "a" "b" } { 2 }`, "1:29", "strategies are given for 1 of the 2 players"},
		{"too many counts", `NFG 1 R "t" { "a" "b" } { 2 2 2 }`, "1:31", "more strategy counts than players (2)"},
		{"too many lists", `NFG 1 R "t" { "a" } { { "x" } { "y" } }`, "1:31", "more strategy lists than players (1)"},
		{"zero count", `NFG 1 R "t" { "a" "b" } { 2 0 }`, "1:29", "player 2 has no strategies"},
		{"bad count", `NFG 1 R "t" { "a" } { two }`, "1:23", `expected a strategy count (a positive integer), found word "two"`},
		{"negative count", `NFG 1 R "t" { "a" } { -2 }`, "1:23", "expected a strategy count"},
		{"empty list", `NFG 1 R "t" { "a" "b" } { { "U" } { } }`, "1:35", "player 2 has no strategies"},
		{"mixed", `NFG 1 R "t" { "a" "b" } { 2 { "U" } }`, "1:29", `expected "}" to close the strategies, found "{"`},
		{"label not text", `NFG 1 R "t" { "a" } { { U } }`, "1:25", "expected a strategy label"},
		{"too many profiles", `NFG 1 R "t" { "a" "b" } { 100000 100000 } 1`, "1:25", "more than 67108864 strategy profiles"},
		{"huge count", `NFG 1 R "t" { "a" } { 99999999999999999999999 }`, "1:21", "more than 67108864 strategy profiles"},
		{"no body", hdr2, "1:32", "expected a payoff, found end of file: the table needs 8 numbers (2 players × 4 profiles) and has 0"},
		{"too few payoffs", hdr2 + "\n1 2 3\n4 5 6 7\n", "4:1", "expected a payoff, found end of file: the table needs 8 numbers (2 players × 4 profiles) and has 7"},
		{"too many payoffs", hdr2 + "\n1 2 3 4 5 6 7 8 9", "2:17", `expected end of file, found word "9"`},
		{"stray brace", hdr2 + "\n1 2 3 4 5 6 7 8 }", "2:17", `expected end of file, found "}"`},
		{"leading plus", hdr2 + "\n1 +2", "2:3", `"+2" is not a number: a leading + is not allowed`},
		{"signed denominator", hdr2 + "\n1/-3", "2:1", "the denominator may not carry a sign"},
		{"plus exponent", hdr2 + "\n1 2 2.5e+1", "2:5", "a + in the exponent is not allowed"},
		{"zero denominator", hdr2 + "\n1/0", "2:1", "division by zero"},
		{"word payoff", hdr2 + "\n1 2 x", "2:5", `"x" is not a number`},
		{"double comma", hdr2 + "\n1,,2", "2:3", `expected a payoff, found ","`},
		{"body text", hdr2 + ` "c1" "c2"`, "1:38", "expected payoffs or a list of outcomes"},
		{"huge implausible game", `NFG 1 R "t" { "a" "b" } { 8192 8192 } 1 2 3`, "1:44", "the table needs 134217728 numbers"},
		{"short file, many strategies", `NFG 1 R "t" { "a" } { 67108864 } 1`, "1:35", "the table needs 67108864 numbers"},
		{"short file, many strategies, outcomes", `NFG 1 R "t" { "a" } { 67108864 } { } 0`, "1:39", "the game has 67108864 profiles"},
		{"utf8", hdr2 + "\n1 2\xff", "2:4", "not valid UTF-8"},
		{"number too long", hdr2 + "\n" + strings.Repeat("1", nfgMaxNumberChars+1), "2:1", "number is too long"},
		{"long-number budget", `NFG 1 R "t" { "a" } { 250 }` + "\n" + longNumbers(250, 9000), "224:1", "large exponents add up"},
		{"exponent too large", hdr2 + "\n1e100000", "2:1", "the exponent is larger than 400"},
		{"outcome out of range", out2 + "1 3", "1:63", "outcome number 3 is out of range"},
		{"outcome negative", out2 + "-1 0", "1:61", "outcome number -1 is out of range"},
		{"outcome huge", out2 + "1 99999999999999999999", "1:63", "out of range"},
		{"outcome not integer", out2 + "1.5 0", "1:61", `expected an outcome number, found word "1.5"`},
		{"outcome comma", out2 + "1, 0", "1:62", `expected an outcome number, found ","`},
		{"too few outcome numbers", out2 + "1", "1:62", "the game has 2 profiles and needs one for each, and the file has 1"},
		{"too many outcome numbers", out2 + "1 2 0", "1:65", "expected end of file"},
		{"short outcome", `NFG 1 R "t" { "a" "b" } { 2 1 } { { "x" 1 } } 1 1`, "1:43", "outcome 1 has 1 payoffs but the game has 2 players"},
		{"long outcome", `NFG 1 R "t" { "a" "b" } { 2 1 } { { "x" 1 2 3 } } 1 1`, "1:45", "outcome 1 has more than 2 payoffs"},
		{"outcome without label", `NFG 1 R "t" { "a" } { 1 } { { 1 } } 1`, "1:31", "expected the outcome's label"},
		{"outcome bad payoff", `NFG 1 R "t" { "a" } { 1 } { { "x" +1 } } 1`, "1:35", "a leading + is not allowed"},
		{"outcomes unclosed", `NFG 1 R "t" { "a" } { 1 } { { "x" 1 } 1`, "1:39", `expected an outcome "{" or "}" to close the outcomes`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, diags := ReadNFG("bad.nfg", []byte(tc.src))
			if g != nil || !diags.HasErrors() {
				t.Fatalf("accepted")
			}
			d := diags[0]
			if got := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col); got != tc.pos || d.Pos.File != "bad.nfg" {
				t.Errorf("position %s, want %s (%v)", d.Pos, tc.pos, d)
			}
			if !strings.Contains(d.Summary, tc.msg) {
				t.Errorf("message %q, want it to contain %q", d.Summary, tc.msg)
			}
			if len(diags) != 1 {
				t.Errorf("%d diagnostics: %v", len(diags), diags)
			}
		})
	}
}

// bigExponents returns the numbers ie100000 for i from a to b, distinct so
// that the reader's cache does not help.
// longNumbers returns n numbers of the given number of digits, one a line.
func longNumbers(n, digits int) string {
	line := "1" + strings.Repeat("0", digits-1)
	return strings.Repeat(line+"\n", n)
}

func TestReadNFGHints(t *testing.T) {
	for _, src := range []string{
		"",
		`NFG 2 R "x"`,
		`NFG 1 R "t" { "a" "b" } { 2 2 } 1 2`,
		`NFG 1 R "t" { "a" "b" } { 2 2 } 1 2 3 4 5 6 7 8 9`,
		`NFG 1 R "t" { "a" } { 1 } +1`,
		`NFG 1 R "t" { "a" } { 1 } { { "x" 1 } } 2`,
	} {
		_, diags := ReadNFG("x", []byte(src))
		if len(diags) != 1 || diags[0].Hint == "" {
			t.Errorf("%q: %v without a hint", src, diags)
		}
	}
}

func TestReadNFGTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 256 MiB")
	}
	src := make([]byte, MaxFileBytes+1)
	g, diags := ReadNFG("big.nfg", src)
	if g != nil || len(diags) != 1 || !strings.Contains(diags[0].Summary, "file is too large") || diags[0].Pos.File != "big.nfg" {
		t.Errorf("%v", diags)
	}
}

// nfgBimatrixSrc returns the .nfg text of an m×m two-player game with varied
// numbers.
func nfgBimatrixSrc(m int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "NFG 1 R \"%d x %d\" { \"row\" \"col\" } { %d %d }\n\"\"\n", m, m, m, m)
	forms := []string{"%d", "-%d", "%d/7", ".%d", "%d.5e-1"}
	for i := range 2 * m * m {
		b.WriteString(fmt.Sprintf(forms[i%len(forms)], i%1000+1))
		if i%2 == 1 {
			b.WriteByte('\n')
		} else {
			b.WriteString(", ")
		}
	}
	return b.Bytes()
}

func TestReadNFGLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	n, m := 1000, 316 // 2,000,000 numbers, and about a tenth for comparison
	if testslack.RaceEnabled() {
		n, m = 316, 100
	}
	src := nfgBimatrixSrc(n)
	start := time.Now()
	g, diags := ReadNFG("large.nfg", src)
	elapsed := time.Since(start)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	fields := bytes.Fields(src)
	if last := string(fields[len(fields)-1]); g.NumProfiles() != n*n || g.Payoff(n*n-1, 1).Text() != last {
		t.Fatalf("%d profiles, last payoff %s, want %s", g.NumProfiles(), g.Payoff(n*n-1, 1).Text(), last)
	}
	t.Logf("read %d numbers (%d bytes) in %v (%.0f ns/number)", 2*g.NumProfiles(), len(src), elapsed, float64(elapsed.Nanoseconds())/float64(2*n*n))
	small := nfgBimatrixSrc(m)
	start = time.Now()
	if _, diags := ReadNFG("small.nfg", small); diags.HasErrors() {
		t.Fatal(diags)
	}
	t.Logf("a tenth of the size (%d bytes) in %v", len(small), time.Since(start))

	// A short file that declares a large game fails fast, without
	// allocating the table.
	start = time.Now()
	if _, diags := ReadNFG("x", []byte(`NFG 1 R "t" { "a" "b" } { 8192 8192 } 1 2 3`)); !diags.HasErrors() {
		t.Fatal("accepted")
	}
	t.Logf("short file declaring 2^26 profiles refused in %v", time.Since(start))
}

func ExampleReadNFG() {
	src := []byte(`NFG 1 R "matching pennies" { "Even" "Odd" } { { "H" "T" } { "H" "T" } }
""
1 -1  -1 1
-1 1  1 -1
`)
	g, diags := ReadNFG("pennies.nfg", src)
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	p := g.Profile([]int{1, 0}) // Even plays T, Odd plays H
	fmt.Println(g.Title, g.NumProfiles(), g.Payoff(p, 0), g.Payoff(p, 1))

	_, diags = ReadNFG("short.nfg", []byte(`NFG 1 R "x" { "A" } { 3 } 1 2`))
	fmt.Println(diags)
	// Output:
	// matching pennies 4 -1 1
	// short.nfg:1:30: expected a payoff, found end of file: the table needs 3 numbers (1 players × 3 profiles) and has 2
}

func BenchmarkReadNFG(b *testing.B) {
	src := nfgBimatrixSrc(200)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := ReadNFG("bench.nfg", src); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

func FuzzReadNFG(f *testing.F) {
	addSeedFiles(f, "nfg", "*.nfg")
	for _, s := range []string{
		"",
		`NFG 1 R "" { "" "" } { 1 1 } 0 0`,
		`NFG 1 D "t" { "a" } { { "x" "x" "" } } { { "" 1/3 } { "" .5 } } 1 2 0`,
		`NFG 1 R "t" { "a" "b" } { 2 1 } 1e3, -2/4, 0.0 5.`,
		`NFG 1 R "t" { "a" "b" } { 2 2 } 1 2 3`,
		`NFG 1 R "\"q\" \\" { "a" } { 1 } "c" 7`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		g, diags := ReadNFG("f.nfg", src)
		if g == nil {
			if !diags.HasErrors() {
				t.Fatal("no game and no error")
			}
			for _, d := range diags {
				if d.Pos.File != "f.nfg" {
					t.Fatalf("diagnostic without file: %v", d)
				}
			}
			return
		}
		if len(diags) != 0 {
			t.Fatalf("game and diagnostics: %v", diags)
		}
		var buf bytes.Buffer
		if err := WriteNFG(&buf, g); err != nil {
			t.Fatalf("write: %v", err)
		}
		h, diags := ReadNFG("g.nfg", buf.Bytes())
		if diags.HasErrors() {
			t.Fatalf("re-read: %v\n%s", diags, buf.String())
		}
		if d := sameNFG(g, h); d != "" {
			t.Fatalf("round trip: %s\n%s", d, buf.String())
		}
	})
}
