package scenario

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func defaultWith(t *testing.T, sets ...string) *Scenario {
	t.Helper()
	s, d := Default(sets)
	if s == nil || len(d) > 0 {
		t.Fatalf("Default(%q): %v", sets, d)
	}
	return s
}

func guarantors(t *testing.T, s *Scenario, arrangement string) []string {
	t.Helper()
	r, err := s.Resolve(arrangement)
	if err != nil {
		t.Fatal(err)
	}
	return r.Guarantors
}

func TestSetGood(t *testing.T) {
	cases := []struct {
		name  string
		sets  []string
		check func(t *testing.T, s *Scenario) string // returns what it saw, or "" if right
	}{
		{"the issue's example", []string{"arrangements.coalition.guarantors=POL,EST,LVA,LTU,FIN,SWE,GBR"}, func(t *testing.T, s *Scenario) string {
			if g := guarantors(t, s, "coalition"); !slices.Equal(g, []string{"EST", "FIN", "GBR", "LTU", "LVA", "POL", "SWE"}) {
				return fmt.Sprint(g)
			}
			return ""
		}},
		{"comma list with spaces", []string{"arrangements.coalition.guarantors= POL , FIN "}, func(t *testing.T, s *Scenario) string {
			if g := guarantors(t, s, "coalition"); !slices.Equal(g, []string{"FIN", "POL"}) {
				return fmt.Sprint(g)
			}
			return ""
		}},
		{"flow list", []string{"arrangements.coalition.guarantors=[POL, FIN]"}, func(t *testing.T, s *Scenario) string {
			if g := guarantors(t, s, "coalition"); !slices.Equal(g, []string{"FIN", "POL"}) {
				return fmt.Sprint(g)
			}
			return ""
		}},
		{"one item", []string{"arrangements.coalition.guarantors=GBR"}, func(t *testing.T, s *Scenario) string {
			if g := guarantors(t, s, "coalition"); !slices.Equal(g, []string{"GBR"}) {
				return fmt.Sprint(g)
			}
			return ""
		}},
		{"a group", []string{"arrangements.coalition.guarantors=eu"}, func(t *testing.T, s *Scenario) string {
			if g := guarantors(t, s, "coalition"); len(g) != 27 {
				return fmt.Sprint(g)
			}
			return ""
		}},
		{"empty list", []string{"arrangements.coalition.guarantors=[]"}, func(t *testing.T, s *Scenario) string {
			if g := guarantors(t, s, "coalition"); len(g) != 0 {
				return fmt.Sprint(g)
			}
			return ""
		}},
		{"scalar parameter", []string{"arrangements.coalition.parameters.guarantee_strength=automatic"}, func(t *testing.T, s *Scenario) string {
			r, err := s.Resolve("coalition")
			if err != nil {
				return err.Error()
			}
			for _, tr := range r.Treaties {
				if tr.ID == "coalition-pact" && tr.Clauses[0].Strength != Automatic {
					return tr.Clauses[0].Strength
				}
			}
			return ""
		}},
		{"list parameter", []string{"arrangements.neutrality.parameters.donors=USA,GBR"}, func(t *testing.T, s *Scenario) string {
			a, _ := s.Arrangement("neutrality")
			if p := a.Parameters["donors"]; !p.List || !slices.Equal(p.Values, []string{"USA", "GBR"}) {
				return fmt.Sprint(p)
			}
			return ""
		}},
		{"list item by index", []string{"treaties.0.name=X"}, func(t *testing.T, s *Scenario) string {
			if n := s.Doc.Treaties[0].Name; n != "X" {
				return n
			}
			return ""
		}},
		{"list items by id", []string{"treaties.nato.clauses.art5.strength=automatic"}, func(t *testing.T, s *Scenario) string {
			tr, _ := s.Treaty("nato")
			if st := tr.Clauses[1].Strength; st != Automatic {
				return st
			}
			return ""
		}},
		{"new map key", []string{"arrangements.none.notes.why=no guarantor would sign"}, func(t *testing.T, s *Scenario) string {
			a, _ := s.Arrangement("none")
			if n := a.Notes["why"]; n != "no guarantor would sign" {
				return n
			}
			return ""
		}},
		{"missing optional field", []string{"arrangements.none.guarantors=POL"}, func(t *testing.T, s *Scenario) string {
			if g := guarantors(t, s, "none"); !slices.Equal(g, []string{"POL"}) {
				return fmt.Sprint(g)
			}
			return ""
		}},
		{"missing optional structure", []string{"treaties.union-state.clauses.mutual-defence.trigger.scales=[full]"}, func(t *testing.T, s *Scenario) string {
			tr, _ := s.Treaty("union-state")
			if c := tr.Clauses[0]; c.Trigger == nil || !slices.Equal(c.Trigger.Scales, []string{ScaleFull}) {
				return fmt.Sprint(c.Trigger)
			}
			return ""
		}},
		{"number", []string{"assumptions.territory_returned_nato.max=0.5"}, func(t *testing.T, s *Scenario) string {
			if m := s.Doc.Assumptions[4].Max; m == nil || *m != 0.5 {
				return fmt.Sprint(m)
			}
			return ""
		}},
		{"list of numbers", []string{"assumptions.defence_pact_honour_rate.bounds=0.1, 0.9"}, func(t *testing.T, s *Scenario) string {
			if b := s.Doc.Assumptions[0].Bounds; !slices.Equal(b, []float64{0.1, 0.9}) {
				return fmt.Sprint(b)
			}
			return ""
		}},
		{"boolean", []string{"arrangements.nato.settlement.target_joins_alliance=false", "arrangements.nato.settlement.target_neutral=true"}, func(t *testing.T, s *Scenario) string {
			a, _ := s.Arrangement("nato")
			if st := a.Settlement; st.TargetJoinsAlliance || !st.TargetNeutral {
				return fmt.Sprint(*st)
			}
			return ""
		}},
		{"text is taken as written", []string{"title=Plan B: a coalition [draft] # 2"}, func(t *testing.T, s *Scenario) string {
			if s.Doc.Title != "Plan B: a coalition [draft] # 2" {
				return s.Doc.Title
			}
			return ""
		}},
		{"quoted text", []string{`title=" padded "`}, func(t *testing.T, s *Scenario) string {
			if s.Doc.Title != " padded " {
				return s.Doc.Title
			}
			return ""
		}},
		{"later sets win", []string{"title=A", " title = B "}, func(t *testing.T, s *Scenario) string {
			if s.Doc.Title != "B" {
				return s.Doc.Title
			}
			return ""
		}},
		{"a whole list item", []string{"arrangements.none={id: none, treaties: [nato]}"}, func(t *testing.T, s *Scenario) string {
			a, _ := s.Arrangement("none")
			if a.Title != "" || !slices.Equal(a.Treaties, []string{"nato"}) {
				return fmt.Sprint(*a)
			}
			return ""
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := defaultWith(t, c.sets...)
			if got := c.check(t, s); got != "" {
				t.Errorf("--set %q: got %s", c.sets, got)
			}
		})
	}
	// The overrides do not leak into later loads.
	if g := guarantors(t, defaultWith(t), "coalition"); !slices.Equal(g, []string{"EST", "LTU", "LVA", "POL"}) {
		t.Errorf("default guarantors changed: %v", g)
	}
}

func TestSetBad(t *testing.T) {
	cases := []struct {
		set  string
		want string // "POSITION: summary substring | hint substring"
	}{
		// Keys.
		{"arrangements.coalition.guarantos=POL",
			`--set arrangements.coalition.guarantos: unknown key "arrangements.coalition.guarantos" in arrangement | did you mean "guarantors"?`},
		{"arrangements.coalition.zzzzzz=1",
			`--set arrangements.coalition.zzzzzz: unknown key "arrangements.coalition.zzzzzz" in arrangement | valid keys here: id, title, description, claim, guarantors, parameters, treaties`},
		{"treatys.0.name=X",
			`--set treatys.0.name: unknown key "treatys" in scenario | did you mean "treaties"?`},
		{"arrangements.coalitoin.guarantors=POL",
			`--set arrangements.coalitoin.guarantors: no item "coalitoin" in arrangements | did you mean "coalition"?`},
		{"arrangements.zzzz.guarantors=POL",
			`--set arrangements.zzzz.guarantors: no item "zzzz" in arrangements | items here: nato, neutrality, coalition, none`},
		{"treaties.9.name=X",
			`--set treaties.9.name: no item "9" in treaties | items here: nato,`},
		{"places.0.id=x",
			`--set places.0.id: places is not a list in the scenario`},
		{"arrangements..guarantors=POL",
			`--set arrangements..guarantors: empty segment in key "arrangements..guarantors" | single dots`},
		{"id.x=1",
			`--set id.x: id is a value; key "x" goes no deeper | drop the part after id`},
		{"arrangements.coalition.guarantors.0=POL",
			`--set arrangements.coalition.guarantors.0: arrangements.coalition.guarantors is a value; key "0" goes no deeper`},
		{"arrangements.coalition.guarantors",
			`--set arrangements.coalition.guarantors: --set takes KEY=VALUE | e.g. --set arrangements.coalition.guarantors=POL,EST,FIN`},
		{"=POL",
			`--set =POL: --set takes KEY=VALUE`},
		{"title=" + strings.Repeat("x", MaxSetLen),
			fmt.Sprintf(`--set: --set argument is longer than %d bytes`, MaxSetLen)},
		// Values.
		{"arrangements.coalition.guarantors=",
			`--set arrangements.coalition.guarantors:1:1: --set value is empty | [] for an empty list`},
		{"arrangements.coalition.guarantors=   ",
			`--set arrangements.coalition.guarantors:1:1: --set value is empty`},
		{"bulwark=# one",
			`--set bulwark:1:1: --set value is empty | quote text that starts with #`},
		{"title=a\nb",
			`--set title:1:1: --set value spans lines`},
		{"title=Ukra\xefne",
			`--set title:1:1: --set value is not valid UTF-8`},
		{"bulwark=x",
			`--set bulwark:1:1: expected an integer, got string "x"`},
		{"assumptions.territory_returned_nato.max=high",
			`--set assumptions.territory_returned_nato.max:1:1: expected a number, got string "high"`},
		{"assumptions.territory_returned_nato.max= [1]",
			`--set assumptions.territory_returned_nato.max:1:2: expected a number, got list`},
		{"arrangements.nato.settlement.target_neutral=maybe",
			`--set arrangements.nato.settlement.target_neutral:1:1: expected true or false, got string "maybe"`},
		{"treaties.nato.clauses.art5.type=defense",
			`--set treaties.nato.clauses.art5.type:1:1: type "defense" is not one of | did you mean "defence"?`},
		{"arrangements.coalition.guarantors=[POL, FIN",
			`--set arrangements.coalition.guarantors:1:1: YAML syntax: sequence end token ']' not found | close the list`},
		{"arrangements.coalition.guarantors=POL,,EST",
			`--set arrangements.coalition.guarantors:1:5: empty item in the --set list`},
		{"arrangements.coalition.guarantors=POL,[EST",
			`--set arrangements.coalition.guarantors:1:5: YAML syntax`},
		// Unknown actors, at their column (characters, not bytes).
		{"arrangements.coalition.guarantors=POL,XYZ",
			`--set arrangements.coalition.guarantors:1:5: unknown actor or group "XYZ"`},
		{"arrangements.coalition.guarantors=POL, ESTT",
			`--set arrangements.coalition.guarantors:1:6: unknown actor or group "ESTT" | did you mean "EST"?`},
		{"arrangements.coalition.guarantors=[POL, ESTT]",
			`--set arrangements.coalition.guarantors:1:7: unknown actor or group "ESTT" | did you mean "EST"?`},
		{"arrangements.coalition.guarantors=ÜÜ, POL",
			`--set arrangements.coalition.guarantors:1:1: unknown actor or group "ÜÜ"`},
		{"roles.attacker=XYZ",
			`--set roles.attacker:1:1: role attacker: unknown actor "XYZ"`},
	}
	for _, c := range cases {
		name := c.set
		if len(name) > 50 {
			name = name[:50]
		}
		t.Run(name, func(t *testing.T) {
			s, d := Default([]string{c.set})
			if s != nil {
				t.Error("Default returned a scenario")
			}
			checkSorted(t, d)
			if len(d) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%s", len(d), render(d))
			}
			w, hint, _ := strings.Cut(c.want, " | ")
			i := strings.LastIndex(w, ": ")
			if i < 0 {
				t.Fatalf("bad want %q", c.want)
			}
			pos, summary := w[:i], w[i+2:]
			// The key's file name may itself hold ": " (a long value).
			if d[0].Pos.String() != pos && !strings.HasPrefix(c.want, d[0].Pos.String()+": ") {
				t.Errorf("at %q, want %q", d[0].Pos.String(), pos)
			}
			if !strings.Contains(d[0].Summary, summary) || !strings.Contains(d[0].Hint, hint) {
				t.Errorf("got %s (hint %q), want %s (hint %q)", d[0].Summary, d[0].Hint, summary, hint)
			}
		})
	}
	// The multibyte column: the second item starts at character 5 but
	// byte 7.
	_, d := Default([]string{"arrangements.coalition.guarantors=ÜÜ, XYZ"})
	if len(d) != 2 || d[1].Pos.Col != 5 {
		t.Errorf("got %v, want the second error at column 5", d)
	}
}

// Several bad --set arguments are reported together, with the file's own
// problems, sorted.
func TestSetSeveral(t *testing.T) {
	src := edit(t, miniScenario, "attacker: RUS", "attacker: RUSS")
	s, d := Load("mini.yaml", []byte(src), []string{"bulwark=[", "arrangements.base.guarantors=FINN", "zzz=1"})
	if s != nil {
		t.Fatal("Load returned a scenario")
	}
	checkSorted(t, d)
	var got []string
	for _, x := range d {
		got = append(got, x.Error())
	}
	want := []string{
		`--set arrangements.base.guarantors:1:1: unknown actor or group "FINN"`,
		`--set bulwark:1:1: YAML syntax: sequence end token ']' not found`,
		`--set zzz: unknown key "zzz" in scenario`,
		`mini.yaml:4:13: role attacker: unknown actor "RUSS"`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("%d: got %q, want %q", i, got[i], want[i])
		}
	}
}
