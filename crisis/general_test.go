package crisis

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
)

// nordic is the minimal example of docs/scenario.md: other roles, an
// alliance of five, a bilateral pact, none of the model's assumptions.
const nordic = `bulwark: 1
id: nordic-example
roles: {attacker: RUS, target: EST, alliance: nordic, patron: SWE}
groups:
  - {id: nordic, members: [DNK, FIN, ISL, NOR, SWE]}
treaties:
  - id: union
    parties: [nordic]
    clauses:
      - id: art5
        type: defence
        scope:
          - attack_on: territory
          - {attack_on: forces, in: [parties, baltic-sea]}
  - id: pact
    parties: [FIN, EST]
    accession: closed
    clauses:
      - {id: mutual-defence, type: defence, strength: automatic}
arrangements:
  - {id: alliance-only, treaties: [union]}
  - {id: pact, treaties: [union, pact]}
`

// Nothing is hard-wired to one war: another scenario's roles and
// obligations drive the model, and the assumptions it lacks are inherited
// from the embedded default and listed.
func TestOtherScenario(t *testing.T) {
	s, d := scenario.Load("nordic.yaml", []byte(nordic), nil)
	if d.HasErrors() {
		t.Fatal(d)
	}
	m := build(t, s)
	if got := m.Inherited(); !slices.Equal(got, ParamIDs()) {
		t.Errorf("inherited %d assumptions, want all %d", len(got), len(ParamIDs()))
	}
	for _, name := range []string{"expected_cost_RUS", "expected_cost_EST", "expected_cost_SWE", "p_accepted_EST"} {
		if m.Label(name) == name {
			t.Errorf("no metric %s", name)
		}
	}
	if l := m.Label(MetricPatronAtWar); l != "P(Sweden at war with Russia)" {
		t.Errorf("label %q", l)
	}
	if op := m.arrs[1].opts[1]; len(op.defenders) != 1 || m.parties[op.defenders[0].p].id != "FIN" {
		t.Fatalf("pact: defenders %+v", op.defenders)
	}
	r := runModel(t, m, 1, 2048, 0)
	alone, pact := get(t, r, "alliance-only", MetricAttack), get(t, r, "pact", MetricAttack)
	if pact.Mean > alone.Mean {
		t.Errorf("p_attack with Finland's pact %.3f, without %.3f", pact.Mean, alone.Mean)
	}
}

// The embedded scenario states every assumption the model reads, and
// docs/model.md documents each.
func TestParamsDocumented(t *testing.T) {
	if got := shared(t).Inherited(); len(got) != 0 {
		t.Errorf("the embedded scenario lacks %v", got)
	}
	b, err := os.ReadFile(filepath.Join("..", "docs", "model.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ParamIDs() {
		if !strings.Contains(string(b), "`"+id+"`") {
			t.Errorf("docs/model.md does not document %s", id)
		}
	}
}

// The difference form of the contest function and a logit attacker run
// and keep the main ordering; the logit attacker mixes.
func TestContestAndLogitOptions(t *testing.T) {
	for _, sets := range [][]string{
		{"model.contest=difference"},
		{"assumptions.attacker_logit_lambda={id: attacker_logit_lambda, dist: point, value: 0.02, source: test}"},
	} {
		m := build(t, load(t, sets...), "nato", "none")
		r := runModel(t, m, 1, 2048, 0)
		n, x := get(t, r, "nato", MetricAttack), get(t, r, "none", MetricAttack)
		if !(n.Mean < x.Mean) || x.Mean <= 0 {
			t.Errorf("%v: p_attack nato %.3f, none %.3f", sets, n.Mean, x.Mean)
		}
	}
	// A logit attacker that hardly cares (λ → 0) attacks, in some year,
	// almost surely even under nato: every option keeps a quarter's chance.
	m := build(t, load(t, "assumptions.attacker_logit_lambda={id: attacker_logit_lambda, dist: point, value: 1e-9, source: test}"), "nato")
	if e := get(t, runModel(t, m, 1, 1024, 0), "nato", MetricAttack); e.Mean < 0.99 {
		t.Errorf("near-uniform logit attacker: p_attack %.3f", e.Mean)
	}
}

// TestMetricGroups: every metric of the default scenario's report is in
// exactly one group, and the groups' ids are distinct.
func TestMetricGroups(t *testing.T) {
	m := shared(t)
	ids := map[string]bool{}
	for _, g := range MetricGroups() {
		if ids[g.ID] || g.Title == "" {
			t.Errorf("group %q repeated or untitled", g.ID)
		}
		ids[g.ID] = true
	}
	for _, mi := range m.metrics {
		n := 0
		for _, g := range MetricGroups() {
			if g.Has(mi.name) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("metric %s is in %d groups", mi.name, n)
		}
	}
}

// TestSections: a report's sections come from its recorded groups, and a
// report without them (JSON written before groups were recorded) is
// grouped by name, the same way.
func TestSections(t *testing.T) {
	m := shared(t)
	res, err := m.Run(context.Background(), montecarlo.Config{Seed: 1, Samples: 64, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Report(res)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	old := back
	old.Groups = nil
	old.Metrics = slices.Clone(back.Metrics)
	for j := range old.Metrics {
		old.Metrics[j].Group = ""
	}
	summary := func(secs []Section) string {
		var s []string
		for _, sec := range secs {
			s = append(s, fmt.Sprint(sec.ID, sec.Title, sec.Metrics))
		}
		return strings.Join(s, "; ")
	}
	want := summary(r.Sections())
	if n := len(r.Sections()); n != len(MetricGroups()) {
		t.Errorf("%d sections, want %d", n, len(MetricGroups()))
	}
	for name, rep := range map[string]*Report{"decoded": &back, "without groups": &old} {
		if got := summary(rep.Sections()); got != want {
			t.Errorf("%s: sections %s, want %s", name, got, want)
		}
	}
	total := 0
	for _, sec := range r.Sections() {
		total += len(sec.Metrics)
	}
	if total != len(r.Metrics) {
		t.Errorf("sections hold %d metrics of %d", total, len(r.Metrics))
	}
}
