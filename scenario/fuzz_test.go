package scenario

import (
	"errors"
	"github.com/bulwark-sim/bulwark/internal/testslack"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets. Run each with, for example,
//
//	go test -run='^$' -fuzz=FuzzLoad -fuzztime=60s ./scenario/
//
// Inputs that once crashed or hung are kept under testdata/fuzz/ and run
// with the ordinary tests.

// hangLimit is how long one input may take.
const hangLimit = time.Second

func FuzzLoad(f *testing.F) {
	if src, ok := Embedded(DefaultName); ok {
		f.Add(src)
	}
	f.Add([]byte(miniScenario))
	for _, c := range badCases {
		if c.gen == nil && len(c.edits) <= 8 {
			src := c.src
			if src == "" {
				src = edit(f, miniScenario, c.edits...)
			}
			if len(src) < 4096 {
				f.Add([]byte(src))
			}
		}
	}
	for _, s := range []string{
		"", "\xff", "---\n---\n", "a: 1\n...\nb: 2\n", "? a\n: b\n", "<<: {bulwark: 1}\n",
		"a: &a [*a]\n", "a: &a x\nb: [*a, *a]\n", "a: !!binary aGk=\n", "a: |\n  x\n b: 2\n",
		"- - - - - - - - x\n", "a: [{b: [{c: d}]}]\n", "bulwark: 1\nid: x\nroles: {attacker: RUS}\n",
		"k: v\nk: v\nk: v\n", "a: \"x\\\n  y\"\n", "%YAML 1.2\n---\na: 1\n", "\ta: 1\n", "a:\n\t- b\n",
		aliasBombSource(4, 4),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		s, d := Load("fuzz.yaml", data, nil)
		if took := time.Since(start); took > testslack.Scale(hangLimit) {
			t.Errorf("Load took %v", took)
		}
		checkSorted(t, d)
		if s == nil {
			if !d.HasErrors() {
				t.Fatalf("no scenario and no error: %v", d)
			}
			return
		}
		if d.HasErrors() {
			t.Fatalf("a scenario despite errors: %v", d)
		}
		if s.Normalized() == nil || len(s.CanonicalJSON()) == 0 || s.SHA256() == "" {
			t.Fatal("no normalised form")
		}
		if _, err := s.NormalizedYAML(); err != nil {
			t.Fatalf("NormalizedYAML: %v", err)
		}
		for _, id := range s.ArrangementIDs() {
			if _, err := s.Resolve(id); err != nil {
				t.Fatalf("Resolve(%q) of a valid scenario: %v", id, err)
			}
		}
	})
}

func aliasBombSource(levels, width int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x]\n")
	for i := 1; i < levels; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range width {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func FuzzParseEvent(f *testing.F) {
	for _, s := range []string{
		"RUS attacks UKR", "RUS attacks POL forces in UKR from BLR strike", "RUS attacks UKR gray-zone",
		"RUS attacks UKR from BLR limited", "RUS attacks POL forces in baltic-sea", " RUS\tattacks\u00a0UKR ",
		"", "RUS", "RUS attack UKR", "RUS attacks UKR forces", "RUS attacks UKR limited full",
		"Україна attacks RUS", "RUS attacks UKR \xff", "A attacks B forces in B", "forces attacks in",
		strings.Repeat("x ", 600),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e, err := ParseEvent(text)
		if err != nil {
			var ee *EventError
			if !errors.As(err, &ee) {
				t.Fatalf("error %T is not an *EventError", err)
			}
			if n := utf8.RuneCountInString(text); ee.Col < 1 || ee.Col > n+1 {
				t.Fatalf("column %d outside the text (%d characters)", ee.Col, n)
			}
			if ee.Msg == "" {
				t.Fatal("empty message")
			}
			return
		}
		if e.Attacker == "" || e.Victim == "" || e.In == "" || e.Scale == "" || (e.On != OnTerritory && e.On != OnForces) {
			t.Fatalf("incomplete event %+v", e)
		}
		again, err := ParseEvent(e.String())
		if err != nil {
			t.Fatalf("String() = %q does not re-parse: %v", e.String(), err)
		}
		if again != e {
			t.Fatalf("String() = %q re-parses to %+v, not %+v", e.String(), again, e)
		}
	})
}

func FuzzSet(f *testing.F) {
	for _, s := range []string{
		"arrangements.coalition.guarantors=POL,EST,LVA,LTU,FIN,SWE,GBR",
		"arrangements.coalition.guarantors=[POL, FIN]",
		"arrangements.coalition.parameters.guarantee_strength=automatic",
		"arrangements.neutrality.parameters.donors=USA,GBR",
		"treaties.0.name=X", "treaties.nato.clauses.art5.strength=automatic",
		"treaties.union-state.clauses.mutual-defence.trigger.scales=[full]",
		"assumptions.defence_pact_honour_rate.bounds=0.1, 0.9",
		"arrangements.none={id: none, treaties: [nato]}",
		"arrangements.none.notes.why=x", "roles={attacker: RUS}", "treaties=[]", "events.E1.sequence=RUS attacks UKR",
		"title=Plan B: x", "bulwark=[", "id.x=1", "=", "a", "arrangements..x=1", "treaties.9.name=X",
		"arrangements.coalition.guarantors=POL,,EST", "treaties.0=5", "actors.0.figures.gdp.value=1",
	} {
		f.Add(s, "")
	}
	f.Add("treaties.0=5", "treaties.0.name=x")
	f.Add("roles=x", "roles.attacker=RUS")
	f.Fuzz(func(t *testing.T, a, b string) {
		sets := []string{a}
		if b != "" {
			sets = append(sets, b)
		}
		start := time.Now()
		s, d := Default(sets)
		if took := time.Since(start); took > testslack.Scale(hangLimit) {
			t.Errorf("Default took %v", took)
		}
		checkSorted(t, d)
		if s == nil && !d.HasErrors() {
			t.Fatalf("no scenario and no error: %v", d)
		}
		if s != nil {
			s.CanonicalJSON()
			for _, id := range s.ArrangementIDs() {
				if _, err := s.Resolve(id); err != nil {
					t.Fatalf("Resolve(%q) of a valid scenario: %v", id, err)
				}
			}
		}
	})
}
