package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func TestCompareFormats(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"table", []string{"compare", "--samples", "2048"}, []string{
			"Bulwark compare — menon2023", "10-year horizon; 2048 draws per arrangement; seed 1.",
			"nato", "neutrality", "coalition", "none",
			"P(Russia attacks Ukraine within 10 years)", "P(United States at war with Russia | attack)",
			"P(Russia strikes NATO territory)", "Cost to Poland", "P(Ukraine accepts)", "P(feasible",
			"coalition: Coalition guarantee.", "Assumptions: those of scenario menon2023 (sha256 ", "at their defaults",
			"Reproduce with --seed 1 --samples 2048."}},
		{"markdown", []string{"compare", "--samples", "1024", "--arrangements", "coalition,none", "--format", "markdown"}, []string{
			"## Bulwark compare — menon2023", "| | Coalition guarantee (`coalition`) | No guarantee (`none`) |", "| **Renewed aggression** |"}},
		{"csv", []string{"compare", "--samples", "1024", "-a", "nato", "--format", "csv"}, []string{
			"arrangement,metric,label,kind,mean,ci95_low,ci95_high,n\n", "nato,p_attack,P(Russia attacks Ukraine within 10 years),probability,"}},
		{"set", []string{"compare", "--samples", "1024", "-a", "coalition", "--set", "arrangements.coalition.guarantors=POL,FIN"}, []string{
			"with --set arrangements.coalition.guarantors=POL,FIN", "Cost to Finland"}},
		{"precision", []string{"compare", "--precision", "0.05", "-a", "none"}, []string{"every probability to ±0.05"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.args...)
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

func TestCompareBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--samples", "0"}, "--samples 0: give a number of draws from 1 to"},
		{[]string{"--samples", "-5"}, "--samples -5"},
		{[]string{"--samples", "many"}, "invalid argument"},
		{[]string{"--precision", "1.5"}, "--precision 1.5: give a half-width between 0 and 1"},
		{[]string{"--precision", "0"}, "--precision 0"},
		{[]string{"--samples", "100", "--precision", "0.01"}, "give --samples or --precision, not both"},
		{[]string{"--arrangements", "coaliton"}, `unknown arrangement "coaliton" (did you mean "coalition"?)`},
		{[]string{"--arrangements", "nato,nato"}, `arrangement "nato" given twice`},
		{[]string{"--set", "assumptions.defence_pact_honour_rate.mean=2"}, "defence_pact_honour_rate"},
		{[]string{"--set", "arrangements.coalition.guarantrs=POL"}, `did you mean "guarantors"?`},
		{[]string{"--set", "model.horizon_years=0"}, "horizon of 0 years is outside 1 to 50"},
		{[]string{"--format", "xml"}, `unknown --format "xml"`},
		{[]string{"--workers", "-1"}, "--workers -1"},
		{[]string{"--seed", "abc"}, "invalid argument"},
	}
	for _, c := range cases {
		r := run(t, append([]string{"compare"}, c.args...)...)
		if r.code != ExitInvalid {
			t.Errorf("compare %v: exit %d, want %d\n%s", c.args, r.code, ExitInvalid, r.stderr)
		}
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("compare %v: stderr lacks %q:\n%s", c.args, c.want, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("compare %v: wrote to stdout:\n%s", c.args, r.stdout)
		}
	}
}

// The JSON output follows schema/compare.schema.json, names every
// metric of issue 4 by role, and does not depend on the number of
// workers.
func TestCompareJSON(t *testing.T) {
	args := []string{"compare", "--samples", "3000", "--seed", "7", "--format", "json"}
	r1 := run(t, append(args, "--workers", "1")...)
	r2 := run(t, append(args, "--workers", "2")...)
	if r1.code != ExitOK || r2.code != ExitOK {
		t.Fatalf("exit %d, %d: %s %s", r1.code, r2.code, r1.stderr, r2.stderr)
	}
	if r1.stdout != r2.stdout {
		t.Error("JSON differs between --workers 1 and --workers 2")
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "schema", "compare.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://github.com/bulwark-sim/bulwark/blob/main/schema/compare.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(r1.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("output does not follow the schema: %v", err)
	}
	var out struct {
		Scenario     string                                        `json:"scenario"`
		SHA          string                                        `json:"scenario_sha256"`
		Seed         uint64                                        `json:"seed"`
		Samples      int64                                         `json:"samples"`
		Partial      bool                                          `json:"partial"`
		Version      string                                        `json:"version"`
		Arrangements map[string]map[string]struct{ Mean *float64 } `json:"arrangements"`
	}
	if err := json.Unmarshal([]byte(r1.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Scenario != "menon2023" || len(out.SHA) != 64 || out.Seed != 7 || out.Samples != 3000 || out.Partial || out.Version == "" {
		t.Errorf("header: %+v", out)
	}
	for _, a := range []string{"nato", "neutrality", "coalition", "none"} {
		for _, m := range []string{"p_attack", "p_full_invasion", "p_guarantors_fight_given_attack", "p_strike_on_alliance_territory",
			"p_alliance_invoked", "p_patron_at_war", "p_patron_at_war_given_attack", "p_nuclear_use", "expected_target_territory_share",
			"expected_cost_RUS", "expected_cost_UKR", "expected_cost_USA", "expected_cost_POL", "p_accepted_RUS", "p_accepted_LTU", "p_feasible"} {
			if _, ok := out.Arrangements[a][m]; !ok {
				t.Errorf("no %s under %s", m, a)
			}
		}
	}
}

// Interrupted, compare prints what was done, marked partial, and exits
// with status 130.
func TestCompareInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx = context.WithValue(ctx, progressHookKey{}, func(p montecarlo.Progress) {
		if p.Done > 0 {
			cancel()
		}
	})
	r := runCtx(t, ctx, "compare", "--samples", "100000000", "--format", "json")
	if r.code != ExitInterrupt {
		t.Fatalf("exit %d, want %d: %s", r.code, ExitInterrupt, r.stderr)
	}
	var out struct {
		Partial bool   `json:"partial"`
		Samples int64  `json:"samples"`
		Stop    string `json:"stop"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	if !out.Partial || out.Stop != "interrupted" || out.Samples <= 0 || out.Samples >= 100000000 {
		t.Errorf("partial output: %+v", out)
	}
	if !strings.Contains(r.stderr, "interrupted") {
		t.Errorf("stderr: %q", r.stderr)
	}
}
