package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/scenario"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, args ...string) result {
	t.Helper()
	return runCtx(t, context.Background(), args...)
}

func runCtx(t *testing.T, ctx context.Context, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(ctx, args, &IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	return result{code, out.String(), errOut.String()}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var diagLine = regexp.MustCompile(`^(\S+):(\d+):(\d+): \S`)

func TestCommands(t *testing.T) {
	good, _ := scenario.Embedded(scenario.DefaultName)
	goodFile := writeFile(t, "good.yaml", string(good))
	consultLine := strings.Count(string(good)[:strings.Index(string(good), "type: consultation")], "\n") + 1
	badFile := writeFile(t, "bad.yaml", strings.Replace(strings.Replace(string(good), "type: consultation", "type: consultaton", 1),
		"dist: pert", "dist: perty", 1))
	cases := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // substrings
		stderr   []string
		noStdout bool
	}{
		{"explain text", []string{"explain", "-a", "coalition", "-e", "RUS attacks UKR"}, ExitOK,
			[]string{"Arrangement coalition", "The patron, United States (USA), holds no defence obligation.", "defence of Ukraine (UKR) against Russia (RUS) — coalition-pact/guarantee", "Estonia (EST), Lithuania (LTU), Latvia (LVA), Poland (POL)", "out-of-scope"}, nil, false},
		{"explain named event", []string{"explain", "--arrangement", "nato", "--event", "E1"}, ExitOK,
			[]string{"1. RUS attacks UKR", "2. RUS attacks POL strike"}, nil, false},
		{"explain from file with set", []string{"explain", "--scenario", goodFile, "-a", "coalition", "-e", "E3", "--set", "arrangements.coalition.guarantors=POL,FIN"}, ExitOK,
			[]string{"Finland (FIN), Poland (POL)"}, nil, false},
		{"explain unknown arrangement", []string{"explain", "-a", "coaliton", "-e", "RUS attacks UKR"}, ExitInvalid,
			nil, []string{`unknown arrangement "coaliton"`, `did you mean "coalition"?`}, true},
		{"explain without arrangement", []string{"explain", "-e", "RUS attacks UKR"}, ExitInvalid, nil, []string{"--arrangement is required: one of nato, neutrality, coalition, none"}, true},
		{"explain without event", []string{"explain", "-a", "nato"}, ExitInvalid, nil, []string{`give at least one --event, e.g. --event "RUS attacks UKR"`}, true},
		{"explain bad event", []string{"explain", "-a", "nato", "-e", "RUS attack UKR"}, ExitInvalid, nil,
			[]string{`--event #1:1:5: event: expected "attacks", got "attack"`, "\thint: "}, true},
		{"explain unknown actor", []string{"explain", "-a", "nato", "-e", "RUS attacks UKRR"}, ExitInvalid, nil,
			[]string{`--event #1:1:13: event: unknown attacked actor "UKRR"`, `did you mean "UKR"?`}, true},
		{"explain bad set key", []string{"explain", "-a", "coalition", "-e", "E1", "--set", "arrangements.coalition.guarantrs=POL"}, ExitInvalid, nil,
			[]string{"--set arrangements.coalition.guarantrs", `did you mean "guarantors"?`}, true},
		{"explain bad set value", []string{"explain", "-a", "coalition", "-e", "E1", "--set", "arrangements.coalition.guarantors=POL,XYZ"}, ExitInvalid, nil,
			[]string{"--set arrangements.coalition.guarantors:1:5:", `"XYZ"`}, true},
		{"explain bad format", []string{"explain", "-a", "nato", "-e", "E1", "--format", "xml"}, ExitInvalid, nil, []string{`unknown --format "xml"`}, true},
		{"validate good", []string{"validate", goodFile}, ExitOK, []string{"good.yaml: valid: scenario \"menon2023\", 4 arrangements"}, nil, false},
		{"validate bad", []string{"validate", badFile, goodFile}, ExitInvalid, nil,
			[]string{fmt.Sprintf(`bad.yaml:%d:15: type "consultaton" is not one of`, consultLine), "\thint: did you mean \"consultation\"?", `dist "perty" is not one of`}, true},
		{"validate missing file", []string{"validate", "/nonexistent/x.yaml"}, ExitInvalid, nil, []string{"/nonexistent/x.yaml: cannot read file"}, true},
		{"validate no args", []string{"validate"}, ExitInvalid, nil, []string{"requires at least 1 arg"}, true},
		{"show yaml", []string{"scenario", "show"}, ExitOK, []string{"# scenario menon2023, normalised (sha256 ", "accession: unanimity", "while: engaged"}, nil, false},
		{"show json", []string{"scenario", "show", "--format", "json"}, ExitOK, []string{`"bulwark": 1`}, nil, false},
		{"show bad format", []string{"scenario", "show", "--format", "toml"}, ExitInvalid, nil, []string{`unknown --format "toml"`}, true},
		{"actors list", []string{"actors"}, ExitOK, []string{"ID", "POL", "Poland", "eu,nato"}, nil, false},
		{"actors figures", []string{"actors", "UKR"}, ExitOK, []string{"Ukraine (UKR)", "military_expenditure_usd_bn_2024", "SIPRI", "missing"}, nil, false},
		{"actors json", []string{"actors", "--format", "json", "RUS"}, ExitOK, []string{`"missing": [`, `"figures": {`}, nil, false},
		{"actors unknown", []string{"actors", "POLL"}, ExitInvalid, nil, []string{`argument #1: unknown actor "POLL"`, `did you mean "POL"?`}, true},
		{"unknown command", []string{"simulate"}, ExitInvalid, nil, []string{`unknown command "simulate"`}, true},
		{"unknown flag", []string{"explain", "--arrangment", "nato"}, ExitInvalid, nil, []string{"unknown flag: --arrangment"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.args...)
			if r.code != c.code {
				t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, c.code, r.stdout, r.stderr)
			}
			for _, s := range c.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range c.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if c.noStdout && r.stdout != "" {
				t.Errorf("unexpected stdout on failure:\n%s", r.stdout)
			}
		})
	}
}

// TestValidateOutputFormat: every line is FILE:LINE:COL: message or a hint,
// and the diagnostics are sorted by file, line and column.
func TestValidateOutputFormat(t *testing.T) {
	good, _ := scenario.Embedded(scenario.DefaultName)
	bad := strings.NewReplacer("parties: [RUS, BLR]", "parties: [RUS, BLRR]", "mean: 0.41", "mean: 1.41", "  patron: USA", "  patron: USA\n  referee: FRA").Replace(string(good))
	f := writeFile(t, "b.yaml", bad)
	r := run(t, "validate", f)
	if r.code != ExitInvalid {
		t.Fatalf("exit %d", r.code)
	}
	var last [2]int
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if strings.HasPrefix(line, "\thint: ") {
			continue
		}
		m := diagLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("line not of the form FILE:LINE:COL: message: %q", line)
		}
		n++
		pos := [2]int{atoi(m[2]), atoi(m[3])}
		if pos[0] < last[0] || pos[0] == last[0] && pos[1] < last[1] {
			t.Errorf("unsorted: %q after %v", line, last)
		}
		last = pos
	}
	if n < 3 {
		t.Errorf("want all 3 errors at once, got %d:\n%s", n, r.stderr)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestExplainJSONShape(t *testing.T) {
	r := run(t, "explain", "-a", "coalition", "-e", "RUS attacks UKR", "--format", "json")
	if r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	var out struct {
		Arrangement string           `json:"arrangement"`
		Events      []map[string]any `json:"events"`
		Obliged     []map[string]any `json:"obliged"`
		NotObliged  []map[string]any `json:"not_obliged"`
		Conflicts   []map[string]any `json:"conflicts"`
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out.Arrangement != "coalition" || len(out.Events) != 1 || out.Conflicts == nil {
		t.Errorf("bad top level: %+v", out)
	}
	found := false
	for _, o := range out.Obliged {
		for _, k := range []string{"party", "type", "treaty", "clause", "strength", "beneficiary", "event", "because"} {
			if _, ok := o[k]; !ok {
				t.Errorf("obligation lacks %q: %v", k, o)
			}
		}
		if o["party"] == "POL" && o["type"] == "defence" && o["beneficiary"] == "UKR" && o["strength"] == "as-deemed-necessary" && o["event"] == 0.0 {
			found = true
		}
	}
	if !found {
		t.Error("no defence obligation of POL toward UKR from event 0")
	}
	for _, n := range out.NotObliged {
		if n["party"] == "USA" && n["treaty"] == "nato" && n["clause"] == "art5" {
			if n["reason"] != "out-of-scope" || n["detail"] == "" {
				t.Errorf("USA nato entry: %v", n)
			}
		}
	}
}

// TestShowRoundTrip: the normalised YAML is itself a valid scenario with
// the same canonical form.
func TestShowRoundTrip(t *testing.T) {
	r := run(t, "scenario", "show")
	if r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	f := writeFile(t, "shown.yaml", r.stdout)
	s, d := scenario.LoadFile(f, nil)
	if s == nil {
		t.Fatal(d)
	}
	orig, _ := scenario.Default(nil)
	if s.SHA256() != orig.SHA256() {
		t.Error("normalised scenario does not reload to the same canonical form")
	}
}

// A warning is printed but does not fail validation.
func TestValidateWarning(t *testing.T) {
	good, _ := scenario.Embedded(scenario.DefaultName)
	src := strings.Replace(string(good), "\narrangements:", `
  - id: spare
    parties: [FRA, DEU]
    clauses:
      - {id: art1, type: consultation}
arrangements:`, 1)
	r := run(t, "validate", writeFile(t, "w.yaml", src))
	if r.code != ExitOK || !strings.Contains(r.stderr, `warning: treaty "spare" is in no arrangement`) || !strings.Contains(r.stdout, "valid") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestValidateStdin(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"validate", "-"}, &IO{In: strings.NewReader("bulwark: 1\nid: x\n"), Out: &out, ErrOut: &errOut})
	if code != ExitInvalid || !strings.Contains(errOut.String(), `<stdin>:1:1: scenario is missing required field "roles"`) {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCtx(t, ctx, "explain", "-a", "nato", "-e", "E1")
	if r.code != ExitInterrupt {
		t.Errorf("exit %d, want 130; stderr %s", r.code, r.stderr)
	}
}
