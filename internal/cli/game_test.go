package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

const pledgeNFG = `NFG 1 R "pledge 2x3" { "Guarantor" "Challenger" } { { "Pledge" "NoPledge" } { "Probe" "Wait" "Strike" } }
""
2 -1   1 1
0  1   0 0
-3 -4  -2 3
`

func TestGameSolve(t *testing.T) {
	f := writeFile(t, "pledge.nfg", pledgeNFG)
	bad := writeFile(t, "bad.nfg", "NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 }\n1 2 3\n")
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		// The same lines as gambit-enumpure prints for this game.
		{"gambit format", []string{"game", "solve", f}, ExitOK, "NE,1,0,0,1,0\nNE,0,1,0,0,1\n", ""},
		{"text format", []string{"game", "solve", "--format", "text", f}, ExitOK, "Guarantor plays Pledge; Challenger plays Wait  (payoffs: Guarantor 0, Challenger 1)\nGuarantor plays NoPledge; Challenger plays Strike  (payoffs: Guarantor -2, Challenger 3)\n", ""},
		{"bad file", []string{"game", "solve", bad}, ExitInvalid, "", "bad.nfg:3:1: expected a payoff, found end of file: the table needs 8 numbers"},
		{"unknown method", []string{"game", "solve", "--method", "simplex", f}, ExitInvalid, "", `unknown --method "simplex"`},
		{"missing file", []string{"game", "solve", "/nonexistent.nfg"}, ExitInvalid, "", "cannot read file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.args...)
			if r.code != c.code || r.stdout != c.stdout && c.stdout != "" || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
			}
		})
	}
	r := run(t, "game", "solve", "--format", "json", f)
	var out struct {
		Equilibria []struct {
			Strategies []string `json:"strategies"`
			Regret     string   `json:"regret"`
		} `json:"equilibria"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out.Equilibria) != 2 || out.Equilibria[0].Regret != "0" || out.Equilibria[1].Strategies[1] != "Strike" {
		t.Errorf("json: %v %s", err, r.stdout)
	}
}

func TestGameConvertAndExtensive(t *testing.T) {
	nfg := writeFile(t, "pledge.nfg", pledgeNFG)
	r := run(t, "game", "convert", nfg, "--to", "efg")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, `EFG 2 R "pledge 2x3" { "Guarantor" "Challenger" }`) {
		t.Fatalf("to efg: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	efg := writeFile(t, "pledge.efg", r.stdout)
	// The tree solves to the same equilibria as the table; reduced
	// strategies are labelled by action number, as Gambit labels them.
	r = run(t, "game", "solve", "--format", "text", "--strategic", efg)
	if r.code != ExitOK || r.stdout != "Guarantor plays 1; Challenger plays 2  (payoffs: Guarantor 0, Challenger 1)\nGuarantor plays 2; Challenger plays 3  (payoffs: Guarantor -2, Challenger 3)\n" {
		t.Errorf("solve efg: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Gambit prints the tree's equilibria as behaviour profiles: here the
	// same lines as for the table.
	if r = run(t, "game", "solve", efg); r.code != ExitOK || r.stdout != "NE,1,0,0,1,0\nNE,0,1,0,0,1\n" {
		t.Errorf("solve efg: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// And converts back to the same table.
	r = run(t, "game", "convert", efg, "--to", "nfg")
	if r.code != ExitOK || !strings.Contains(r.stdout, `{ { "1" "2" } { "1" "2" "3" } }`+"\n\"\"\n\n2 -1\n1 1\n0 1\n0 0\n-3 -4\n-2 3\n") {
		t.Errorf("back to nfg: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"game", "convert", nfg, "--to", "gbt"}, `--to must be nfg or efg, not "gbt"`},
		{[]string{"game", "solve", "--agent", nfg}, "--agent and --strategic apply to extensive games"},
		{[]string{"game", "solve", "--all", efg}, "--all belongs to --method spe"},
		{[]string{"game", "solve", "--agent", "--strategic", efg}, "exclude each other"},
		{[]string{"game", "solve", "--decimals", "-3", efg}, "--decimals must be between"},
	} {
		if r := run(t, c.args...); r.code != ExitInvalid || !strings.Contains(r.stderr, c.err) {
			t.Errorf("%v: exit %d, stderr %s", c.args, r.code, r.stderr)
		}
	}
}

const entryEFG = `EFG 2 R "entry deterrence" { "Entrant" "Incumbent" }
""
p "" 1 1 "enter?" { "in" "out" } 0
p "" 2 1 "respond" { "fight" "accommodate" } 0
t "" 1 "war" { -1, -1 }
t "" 2 "share" { 2, 1 }
t "" 3 "monopoly" { 0, 3 }
`

func TestGameSolveSPE(t *testing.T) {
	f := writeFile(t, "entry.efg", entryEFG)
	nfg := writeFile(t, "pledge.nfg", pledgeNFG)
	// A tie: the incumbent is indifferent, so there are two pure SPE.
	tie := writeFile(t, "tie.efg", strings.Replace(entryEFG, `"share" { 2, 1 }`, `"share" { 2, -1 }`, 1))
	cases := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"game", "solve", "--method", "spe", f}, ExitOK, "NE,1,0,0,1\n", ""},
		{[]string{"game", "solve", "--method", "spe", "--format", "text", f}, ExitOK, "Entrant [enter?: in] Incumbent [respond: accommodate]  (payoffs: Entrant 2, Incumbent 1)\n", ""},
		{[]string{"game", "solve", "--method", "spe", tie}, ExitOK, "NE,0,1,1,0\n", "note: 1 decision nodes had tied best actions"},
		{[]string{"game", "solve", "--method", "spe", "--all", tie}, ExitOK, "", ""},
		{[]string{"game", "solve", "--method", "spe", "--all", "--limit", "1", tie}, ExitInvalid, "", "more than 1 subgame-perfect equilibria (raise --limit"},
		{[]string{"game", "solve", "--method", "spe", nfg}, ExitInvalid, "", "spe needs an extensive game"},
	}
	for _, c := range cases {
		r := run(t, c.args...)
		if r.code != c.code || c.stdout != "" && r.stdout != c.stdout || !strings.Contains(r.stderr, c.stderr) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", c.args, r.code, r.stdout, r.stderr)
		}
	}
	r := run(t, "game", "solve", "--method", "spe", "--all", tie)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 {
		t.Errorf("--all on a tie: %q", r.stdout)
	}
}

// The pledge game with a chance move (game/testdata/efg/pledge.efg):
// enumpure on the reduced strategic form (behaviour profiles as Gambit
// prints them: a set its player's own strategy cannot reach gets all
// zeros), with --strategic (mixed strategies over reduced strategies) and
// with --agent.
const (
	pledgeEFG = "../../game/testdata/efg/pledge.efg"
	stagedEFG = "../../game/testdata/efg/staged-agent.efg"
)

func TestGameSolveEnumPureExtensive(t *testing.T) {
	f, staged := pledgeEFG, stagedEFG
	cases := []struct {
		args   []string
		stdout string
	}{
		{[]string{f}, "NE,0,1,1,0,1,0\nNE,1,0,1,0,0,1\nNE,0,1,0,1,1,0\n"},
		{[]string{"--strategic", f}, "NE,0,1,1,0,0,0\nNE,1,0,0,1,0,0\nNE,0,1,0,0,1,0\n"},
		{[]string{"--agent", f}, "NE,0,1,1,0,1,0\nNE,0,1,0,1,1,0\nNE,1,0,1,0,0,1\n"},
		{[]string{"--agent", "--format", "text", f}, "Attacker [A-info: stay] Guarantor [G-res: honour; G-irr: honour]  (payoffs: Attacker 0, Guarantor 0)\nAttacker [A-info: stay] Guarantor [G-res: abandon; G-irr: honour]  (payoffs: Attacker 0, Guarantor 0)\nAttacker [A-info: attack] Guarantor [G-res: honour; G-irr: abandon]  (payoffs: Attacker 1/3, Guarantor -4/3)\n"},
		{[]string{"--decimals", "2", "--agent", f}, "NE,0.00,1.00,1.00,0.00,1.00,0.00\nNE,0.00,1.00,0.00,1.00,1.00,0.00\nNE,1.00,0.00,1.00,0.00,0.00,1.00\n"},
		// A's second set is ruled out by its own "stop": printed as 0,0.
		{[]string{staged}, "NE,0,1,0,0,0,1\n"},
		// Agents never gain at sets play does not reach: three answers.
		{[]string{"--agent", staged}, "NE,0,1,1,0,0,1\nNE,0,1,0,1,1,0\nNE,0,1,0,1,0,1\n"},
	}
	for _, c := range cases {
		r := run(t, append([]string{"game", "solve"}, c.args...)...)
		if r.code != ExitOK || r.stdout != c.stdout {
			t.Errorf("%v: exit %d\nstdout %q\nwant   %q\nstderr %q", c.args, r.code, r.stdout, c.stdout, r.stderr)
		}
	}
}

const trustNFG = `NFG 1 R "One-shot trust game, after Kreps (1990)" { "Buyer" "Seller" }
{ { "Trust" "NotTrust" } { "Honor" "Abuse" } }
""

1 1 0 0 -1 2 0 0
`

func TestGameSolveEnumMixed(t *testing.T) {
	trust := writeFile(t, "trust.nfg", trustNFG)
	three := writeFile(t, "three.nfg", "NFG 1 R \"three\" { \"A\" \"B\" \"C\" } { 1 1 1 }\n1 2 3\n")
	pledge := pledgeEFG
	cases := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{trust}, ExitOK, "NE,0,1,1/2,1/2\nNE,0,1,0,1\n", ""},
		{[]string{"--cliques", trust}, ExitOK, "NE,0,1,1/2,1/2\nNE,0,1,0,1\nconvex-1,0,1,1/2,1/2\nconvex-1,0,1,0,1\n", ""},
		{[]string{"--decimals", "3", trust}, ExitOK, "NE,0.000,1.000,0.500,0.500\nNE,0.000,1.000,0.000,1.000\n", ""},
		// Trees: on the reduced strategic form, printed as mixed strategies.
		{[]string{pledge}, ExitOK, "", ""},
		{[]string{three}, ExitInvalid, "", "two-player"},
		{[]string{"--limit", "-1", trust}, ExitInvalid, "", "--limit must be positive"},
	}
	for _, c := range cases {
		r := run(t, append([]string{"game", "solve", "--method", "enummixed"}, c.args...)...)
		if r.code != c.code || c.stdout != "" && r.stdout != c.stdout || !strings.Contains(r.stderr, c.stderr) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", c.args, r.code, r.stdout, r.stderr)
		}
	}
	if r := run(t, "game", "solve", "--cliques", trust); r.code != ExitInvalid || !strings.Contains(r.stderr, "--cliques belongs to --method enummixed") {
		t.Errorf("--cliques with enumpure: exit %d %s", r.code, r.stderr)
	}
}

func TestGameSolveLogit(t *testing.T) {
	nfg := writeFile(t, "pledge.nfg", pledgeNFG)
	efg := pledgeEFG
	cases := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		// The limit: the Guarantor mixes evenly, the Challenger waits.
		{[]string{nfg}, ExitOK, "NE,0.5,0.5,2.94877e-08,1,8.69511e-16\n", ""},
		{[]string{"--lambda", "1", nfg}, ExitOK, "1.000000,0.536977,0.463023,0.298838,0.550504,0.150658\n", ""},
		{[]string{"--decimals", "4", nfg}, ExitOK, "NE,0.5,0.5,2.949e-08,1,8.695e-16\n", ""},
		// The agent form of the tree: attack; the resolute type honours.
		{[]string{efg}, ExitOK, "NE,1,1.29942e-07,1,4.81382e-42,5.08422e-104,1\n", ""},
		{[]string{"--format", "text", nfg}, ExitOK, "", ""},
		{[]string{"--lambda", "-2", nfg}, ExitInvalid, "", "--lambda must be a positive number"},
		{[]string{"--agent", efg}, ExitInvalid, "", "--agent belongs to --method enumpure"},
	}
	for _, c := range cases {
		r := run(t, append([]string{"game", "solve", "--method", "logit"}, c.args...)...)
		if r.code != c.code || c.stdout != "" && r.stdout != c.stdout || !strings.Contains(r.stderr, c.stderr) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", c.args, r.code, r.stdout, r.stderr)
		}
	}
	r := run(t, "game", "solve", "--method", "logit", "--trace", "--lambda", "0.1", nfg)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != ExitOK || len(lines) < 3 || lines[0] != "0.000000,0.5,0.5,0.333333,0.333333,0.333333" || !strings.HasPrefix(lines[len(lines)-1], "0.100000,") {
		t.Errorf("--trace: exit %d\n%s", r.code, r.stdout)
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] == lines[i-1] {
			t.Errorf("--trace prints %q twice", lines[i])
		}
	}
	if r := run(t, "game", "solve", "--lambda", "2", nfg); r.code != ExitInvalid || !strings.Contains(r.stderr, "--lambda and --trace belong to --method logit") {
		t.Errorf("--lambda with enumpure: exit %d %s", r.code, r.stderr)
	}
}

const penniesTreeEFG = `EFG 2 R "matching pennies as a tree" { "A" "B" } ""
p "" 1 1 "a" { "H" "T" } 0
p "" 2 1 "b" { "h" "t" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 2 1 0
t "" 3 "" { -1, 1 }
t "" 4 "" { 1, -1 }
`

func TestGameSolveLP(t *testing.T) {
	tree := writeFile(t, "pennies.efg", penniesTreeEFG)
	pledge := writeFile(t, "pledge.nfg", pledgeNFG)
	cases := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{tree}, ExitOK, "NE,1/2,1/2,1/2,1/2\n", ""},
		{[]string{"--strategic", tree}, ExitOK, "NE,1/2,1/2,1/2,1/2\n", ""},
		{[]string{"--format", "text", tree}, ExitOK, "A [a: H 1/2, T 1/2] B [b: h 1/2, t 1/2]  (payoffs: A 0, B 0)\n", ""},
		{[]string{pledge}, ExitInvalid, "", "lp needs a constant-sum game"},
	}
	for _, c := range cases {
		r := run(t, append([]string{"game", "solve", "--method", "lp"}, c.args...)...)
		if r.code != c.code || c.stdout != "" && r.stdout != c.stdout || !strings.Contains(r.stderr, c.stderr) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", c.args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestGameSolveLCP(t *testing.T) {
	trust := writeFile(t, "trust.nfg", trustNFG)
	tree := writeFile(t, "pennies.efg", penniesTreeEFG)
	pledge := pledgeEFG
	cases := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{trust}, ExitOK, "NE,0,1,1/2,1/2\n", ""},
		{[]string{"--count", "0", trust}, ExitOK, "", ""},
		{[]string{tree}, ExitOK, "NE,1/2,1/2,1/2,1/2\n", ""},
		// The sequence form of the deterrence tree: attack; the resolute
		// type honours, the irresolute one abandons.
		{[]string{pledge}, ExitOK, "NE,1,0,1,0,0,1\n", ""},
		{[]string{"--count", "-1", trust}, ExitInvalid, "", "--count must be 0"},
	}
	for _, c := range cases {
		r := run(t, append([]string{"game", "solve", "--method", "lcp"}, c.args...)...)
		if r.code != c.code || c.stdout != "" && r.stdout != c.stdout || !strings.Contains(r.stderr, c.stderr) {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", c.args, r.code, r.stdout, r.stderr)
		}
	}
	if r := run(t, "game", "solve", "--count", "2", trust); r.code != ExitInvalid || !strings.Contains(r.stderr, "--count belongs to --method lcp") {
		t.Errorf("--count with enumpure: exit %d %s", r.code, r.stderr)
	}
}
