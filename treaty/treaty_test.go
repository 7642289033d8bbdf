package treaty_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
)

func load(t *testing.T, sets ...string) *scenario.Scenario {
	t.Helper()
	s, d := scenario.Default(sets)
	if s == nil {
		t.Fatalf("default scenario: %v", d)
	}
	return s
}

func resolve(t *testing.T, s *scenario.Scenario, arrangement string, events ...string) *treaty.Result {
	t.Helper()
	evs, d := s.Events("test", events)
	if d.HasErrors() {
		t.Fatalf("events %q: %v", events, d)
	}
	r, err := treaty.Resolve(s, arrangement, evs)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// defenders returns, sorted, the parties holding a defence obligation
// toward beneficiary (any beneficiary if ""), under treaty/clause if given.
func defenders(r *treaty.Result, beneficiary, treatyID, clause string) []string {
	var out []string
	for _, o := range r.Obliged {
		if o.Type != scenario.Defence || (beneficiary != "" && o.Beneficiary != beneficiary) ||
			(treatyID != "" && o.Treaty != treatyID) || (clause != "" && o.Clause != clause) {
			continue
		}
		if !slices.Contains(out, o.Party) {
			out = append(out, o.Party)
		}
	}
	slices.Sort(out)
	return out
}

func without(xs []string, drop ...string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(drop, x) {
			out = append(out, x)
		}
	}
	return out
}

func natoMembers(t *testing.T, s *scenario.Scenario) []string {
	m, ok := s.Group("nato")
	if !ok || len(m) != 32 {
		t.Fatalf("group nato has %d members, want 32", len(m))
	}
	return m
}

// The acceptance points of the issue, one test each.

func TestCoalitionAttackOnTarget(t *testing.T) {
	s := load(t)
	r := resolve(t, s, "coalition", "RUS attacks UKR")
	if got, want := defenders(r, "", "", ""), []string{"EST", "LTU", "LVA", "POL"}; !slices.Equal(got, want) {
		t.Errorf("defence obligations held by %v, want %v", got, want)
	}
	for _, o := range r.Obligations("USA") {
		if o.Type == scenario.Defence {
			t.Errorf("USA holds a defence obligation: %+v", o)
		}
	}
	if reason := r.Reason("USA", "nato", "art5", "UKR"); reason != treaty.CarvedOut && reason != treaty.OutOfScope {
		t.Errorf("USA nato/art5 toward UKR: reason %q, want carved-out or out-of-scope", reason)
	}
	if reason := r.Reason("USA", "coalition-pact", "guarantee", "UKR"); reason != treaty.NotParty {
		t.Errorf("USA coalition-pact toward UKR: reason %q, want not-party", reason)
	}
	for _, g := range []string{"POL", "EST", "LVA", "LTU"} {
		o, ok := r.Find(g, "coalition-pact", "guarantee", "UKR")
		if !ok || o.Strength != scenario.AsDeemedNecessary || o.Against != "RUS" || o.Event == nil || *o.Event != 0 || len(o.Because) < 3 {
			t.Errorf("%s coalition obligation: %+v, %v", g, o, ok)
		}
	}
}

func TestCoalitionStrikeOnGuarantorTerritory(t *testing.T) {
	s := load(t)
	r := resolve(t, s, "coalition", "RUS attacks UKR", "RUS attacks POL")
	want := without(natoMembers(t, s), "POL")
	if got := defenders(r, "POL", "nato", "art5"); !slices.Equal(got, want) {
		t.Errorf("nato/art5 defenders of POL: %v\nwant %v", got, want)
	}
	o, ok := r.Find("USA", "nato", "art5", "POL")
	if !ok || o.Strength != scenario.AsDeemedNecessary || *o.Event != 1 {
		t.Errorf("USA art5 obligation to POL: %+v %v", o, ok)
	}
	if reason := r.Reason("POL", "nato", "art5", "POL"); reason != treaty.IsVictim {
		t.Errorf("POL toward itself: %q, want is-victim", reason)
	}
}

func TestCoalitionAttackOnGuarantorForcesInTarget(t *testing.T) {
	s := load(t)
	r := resolve(t, s, "coalition", "RUS attacks POL forces in UKR")
	if got := defenders(r, "", "nato", "art5"); len(got) != 0 {
		t.Errorf("Article 5 obligations for an attack on forces inside Ukraine: %v", got)
	}
	if reason := r.Reason("USA", "nato", "art5", "POL"); reason != treaty.OutOfScope {
		t.Errorf("USA art5 toward POL: %q, want out-of-scope (Article 6)", reason)
	}
	if got, want := defenders(r, "POL", "coalition-pact", "guarantee"), []string{"EST", "LTU", "LVA"}; !slices.Equal(got, want) {
		t.Errorf("coalition defenders of POL's forces: %v, want %v", got, want)
	}
}

func TestNATOMembershipAttackOnTarget(t *testing.T) {
	s := load(t)
	r := resolve(t, s, "nato", "RUS attacks UKR")
	want := natoMembers(t, s)
	if got := defenders(r, "UKR", "nato", "art5"); !slices.Equal(got, want) {
		t.Errorf("art5 defenders of UKR: %v\nwant every member %v", got, want)
	}
	if reason := r.Reason("UKR", "nato", "art5", "UKR"); reason != treaty.IsVictim {
		t.Errorf("UKR toward itself: %q", reason)
	}
}

func TestNoGuaranteeArrangements(t *testing.T) {
	s := load(t)
	for _, arr := range []string{"neutrality", "none"} {
		r := resolve(t, s, arr, "RUS attacks UKR")
		if got := defenders(r, "", "", ""); len(got) != 0 {
			t.Errorf("%s: defence obligations for %v", arr, got)
		}
		var assistance int
		for _, o := range r.Obliged {
			if o.Type == scenario.Assistance && o.Beneficiary == "UKR" && slices.Contains(o.Forms, "arms") {
				assistance++
			}
		}
		if arr == "neutrality" && assistance != 32 {
			t.Errorf("neutrality: %d parties owe arms to UKR, want all 32 NATO members", assistance)
		}
		if arr == "none" && assistance != 0 {
			t.Errorf("none: %d arms obligations, want 0", assistance)
		}
	}
}

func TestSetGuarantors(t *testing.T) {
	s := load(t, "arrangements.coalition.guarantors=POL,EST,LVA,LTU,FIN,SWE,GBR")
	r := resolve(t, s, "coalition", "RUS attacks UKR")
	want := []string{"EST", "FIN", "GBR", "LTU", "LVA", "POL", "SWE"}
	if got := defenders(r, "UKR", "coalition-pact", ""); !slices.Equal(got, want) {
		t.Errorf("guarantors obliged: %v, want %v", got, want)
	}
}

func TestStrengthIsAParameter(t *testing.T) {
	s := load(t, "arrangements.coalition.parameters.guarantee_strength=automatic")
	r := resolve(t, s, "coalition", "RUS attacks UKR")
	o, ok := r.Find("POL", "coalition-pact", "guarantee", "UKR")
	if !ok || o.Strength != scenario.Automatic {
		t.Errorf("strength after --set: %+v", o)
	}
}

// TestNonInvocationCarveOut: once guarantors fight for Ukraine, an attack
// on their forces inside the Article 6 area but away from home is carved
// out of Article 5; an attack on their territory, or on their forces at
// home, is not (S3c, S3d).
func TestNonInvocationCarveOut(t *testing.T) {
	s := load(t)
	cases := []struct {
		events []string
		reason string // USA nato/art5 toward POL; "" = obliged
	}{
		{[]string{"RUS attacks POL forces in POL"}, ""},
		{[]string{"RUS attacks UKR", "RUS attacks POL forces in POL"}, ""},
		{[]string{"RUS attacks UKR", "RUS attacks POL forces in ROU"}, treaty.CarvedOut},
		{[]string{"RUS attacks UKR", "RUS attacks POL forces in baltic-sea"}, treaty.OutOfScope},
		{[]string{"RUS attacks UKR", "RUS attacks POL forces in north-atlantic"}, treaty.CarvedOut},
		{[]string{"RUS attacks UKR", "RUS attacks POL strike"}, ""},
		{[]string{"RUS attacks UKR", "RUS attacks GBR forces in GBR"}, ""},
	}
	for _, c := range cases {
		r := resolve(t, s, "coalition", c.events...)
		_, obliged := r.Find("USA", "nato", "art5", "POL")
		if c.events[len(c.events)-1] == "RUS attacks GBR forces in GBR" {
			_, obliged = r.Find("USA", "nato", "art5", "GBR")
			if !obliged {
				t.Errorf("%q: a non-guarantor's forces at home must stay covered", c.events)
			}
			continue
		}
		got := r.Reason("USA", "nato", "art5", "POL")
		if obliged {
			got = ""
		}
		if got != c.reason {
			t.Errorf("%q: USA art5 toward POL: %q, want %q", c.events, got, c.reason)
		}
	}
}

func TestGrayZoneTriggersConsultationOnly(t *testing.T) {
	s := load(t)
	r := resolve(t, s, "coalition", "RUS attacks POL gray-zone")
	if got := defenders(r, "", "", ""); len(got) != 0 {
		t.Errorf("defence obligations after gray-zone pressure: %v", got)
	}
	if reason := r.Reason("USA", "nato", "art5", "POL"); reason != treaty.TriggerNotMet {
		t.Errorf("art5: %q, want trigger-not-met", reason)
	}
	o, ok := r.Find("USA", "nato", "art4", "POL")
	if !ok || o.Type != scenario.Consultation || o.Strength != scenario.Consult {
		t.Errorf("art4: %+v %v", o, ok)
	}
}

func TestVictimNeverObligedToItself(t *testing.T) {
	s := load(t)
	for _, arr := range s.ArrangementIDs() {
		r := resolve(t, s, arr, "E1", "E4", "E5", "E6", "UKR attacks RUS", "BLR attacks LTU", "POL attacks BLR strike")
		for _, o := range r.Obliged {
			if o.Party == o.Beneficiary {
				t.Errorf("%s: %s obliged to itself under %s/%s", arr, o.Party, o.Treaty, o.Clause)
			}
		}
	}
}

func TestUnionStateDefendsBelarusWhenStruck(t *testing.T) {
	s := load(t)
	r := resolve(t, s, "coalition", "RUS attacks UKR from BLR", "POL attacks BLR strike")
	if o, ok := r.Find("RUS", "union-state", "mutual-defence", "BLR"); !ok || o.Against != "POL" || o.Strength != scenario.Automatic {
		t.Errorf("RUS union-state obligation to BLR: %+v %v", o, ok)
	}
	if !slices.ContainsFunc(r.Events, func(e treaty.EventInfo) bool { return e.From == "BLR" }) {
		t.Error("the origin of the first event was lost")
	}
}

func TestConflicts(t *testing.T) {
	src, _ := scenario.Embedded(scenario.DefaultName)
	// HUN pledges neutrality toward RUS and non-aggression toward BLR
	// while bound by Article 5; an attack by RUS on POL then pulls it both
	// ways, and an attack by HUN on BLR breaches its pledge.
	extra := `
  - id: hun-rus
    name: Fictional neutrality pact
    parties: [HUN, RUS, BLR]
    clauses:
      - id: neutral
        type: neutrality
        parties: [HUN]
        beneficiaries: [RUS]
        trigger:
          involvement: victim
      - id: no-attack
        type: non-aggression
        parties: [HUN]
        beneficiaries: [RUS, BLR]
arrangements:`
	doc := string(src)
	doc = replaceOnce(t, doc, "\narrangements:", extra)
	doc = replaceOnce(t, doc, "treaties: [nato, union-state]\n    accessions", "treaties: [nato, union-state, hun-rus]\n    accessions")
	s, d := scenario.Load("conflict.yaml", []byte(doc), nil)
	if s == nil {
		t.Fatal(d)
	}
	r := resolve(t, s, "nato", "RUS attacks POL", "POL attacks RUS strike", "HUN attacks BLR limited")
	kinds := map[string]bool{}
	for _, c := range r.Conflicts {
		if c.Party == "HUN" {
			kinds[c.Kind] = true
		}
		for _, i := range c.Obligations {
			if r.Obliged[i].Party != c.Party {
				t.Errorf("conflict %+v points at another party's obligation", c)
			}
		}
	}
	for _, k := range []string{treaty.NeutralityClash, treaty.NonAggressionClash, treaty.Breach} {
		if !kinds[k] {
			t.Errorf("missing %s conflict for HUN; conflicts: %+v", k, r.Conflicts)
		}
	}
}

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	i := strings.Index(s, old)
	if i < 0 {
		t.Fatalf("%q not found", old)
	}
	return s[:i] + new + s[i+len(old):]
}

func TestEdgeArrangements(t *testing.T) {
	// An empty coalition is valid and obliges no one.
	s := load(t, "arrangements.coalition.guarantors=[]")
	r := resolve(t, s, "coalition", "RUS attacks UKR")
	if got := defenders(r, "", "", ""); len(got) != 0 {
		t.Errorf("empty coalition: defenders %v", got)
	}
	// A keyword inside guarantors is an error, not an endless recursion.
	if s, d := scenario.Default([]string{"arrangements.coalition.guarantors=guarantors"}); s != nil || !strings.Contains(d.Error(), `unknown actor or group "guarantors"`) {
		t.Errorf("guarantors=guarantors: %v", d)
	}
}

func TestOffenceClause(t *testing.T) {
	src, _ := scenario.Embedded(scenario.DefaultName)
	doc := replaceOnce(t, string(src), "\narrangements:", `
  - id: pact-of-steel
    name: Fictional offensive pact
    parties: [RUS, BLR, TUR]
    clauses:
      - id: join
        type: offence
        beneficiaries: [RUS]
        strength: automatic
arrangements:`)
	doc = replaceOnce(t, doc, "treaties: [nato, union-state]\n    accessions", "treaties: [nato, union-state, pact-of-steel]\n    accessions")
	s, d := scenario.Load("offence.yaml", []byte(doc), nil)
	if s == nil {
		t.Fatal(d)
	}
	r := resolve(t, s, "nato", "RUS attacks TUR")
	if o, ok := r.Find("BLR", "pact-of-steel", "join", "RUS"); !ok || o.Against != "TUR" {
		t.Errorf("BLR must join RUS's attack on TUR: %+v %v", o, ok)
	}
	if _, ok := r.Find("TUR", "pact-of-steel", "join", "RUS"); ok {
		t.Error("TUR is obliged to join the attack on itself")
	}
	if reason := r.Reason("TUR", "pact-of-steel", "join", "RUS"); reason != treaty.IsVictim {
		t.Errorf("TUR: %q, want is-victim", reason)
	}
}

// Membership needs every member's consent (S10).
func TestAccessionNeedsUnanimity(t *testing.T) {
	s := load(t)
	r := resolve(t, s, "nato", "RUS attacks UKR")
	if len(r.Accessions) != 1 {
		t.Fatalf("accessions: %+v", r.Accessions)
	}
	a := r.Accessions[0]
	if a.Actor != "UKR" || a.Treaty != "nato" || a.Rule != "unanimity" || !slices.Equal(a.MustConsent, natoMembers(t, s)) {
		t.Errorf("accession: %+v", a)
	}
	if r := resolve(t, s, "coalition", "RUS attacks UKR"); len(r.Accessions) != 0 {
		t.Errorf("coalition has accessions: %+v", r.Accessions)
	}
}
