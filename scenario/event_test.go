package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseEventGood(t *testing.T) {
	cases := []struct {
		text string
		want Event
	}{
		{"RUS attacks UKR", Event{Attacker: "RUS", Victim: "UKR", On: OnTerritory, In: "UKR", Scale: ScaleFull}},
		{"RUS attacks UKR gray-zone", Event{Attacker: "RUS", Victim: "UKR", On: OnTerritory, In: "UKR", Scale: ScaleGrayZone}},
		{"RUS attacks UKR limited", Event{Attacker: "RUS", Victim: "UKR", On: OnTerritory, In: "UKR", Scale: ScaleLimited}},
		{"RUS attacks UKR full", Event{Attacker: "RUS", Victim: "UKR", On: OnTerritory, In: "UKR", Scale: ScaleFull}},
		{"RUS attacks POL strike", Event{Attacker: "RUS", Victim: "POL", On: OnTerritory, In: "POL", Scale: ScaleStrike}},
		{"RUS attacks POL forces in UKR", Event{Attacker: "RUS", Victim: "POL", On: OnForces, In: "UKR", Scale: ScaleFull}},
		{"RUS attacks UKR from BLR", Event{Attacker: "RUS", Victim: "UKR", On: OnTerritory, In: "UKR", From: "BLR", Scale: ScaleFull}},
		{"RUS attacks POL forces in UKR from BLR strike", Event{Attacker: "RUS", Victim: "POL", On: OnForces, In: "UKR", From: "BLR", Scale: ScaleStrike}},
		{"RUS attacks POL forces in baltic-sea limited", Event{Attacker: "RUS", Victim: "POL", On: OnForces, In: "baltic-sea", Scale: ScaleLimited}},
		{"RUS attacks UKR from BLR gray-zone", Event{Attacker: "RUS", Victim: "UKR", On: OnTerritory, In: "UKR", From: "BLR", Scale: ScaleGrayZone}},
		{"A1 attacks b_2-x", Event{Attacker: "A1", Victim: "b_2-x", On: OnTerritory, In: "b_2-x", Scale: ScaleFull}},
		// White space of any kind, before, between and after the words.
		{"  RUS\tattacks\u00a0UKR\u2003limited \n", Event{Attacker: "RUS", Victim: "UKR", On: OnTerritory, In: "UKR", Scale: ScaleLimited}},
		{"RUS\u3000attacks\u2009POL\u205fforces\u00a0in UKR", Event{Attacker: "RUS", Victim: "POL", On: OnForces, In: "UKR", Scale: ScaleFull}},
		// Syntax only: the scenario checks the actors.
		{"XXX attacks XXX", Event{Attacker: "XXX", Victim: "XXX", On: OnTerritory, In: "XXX", Scale: ScaleFull}},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got, err := ParseEvent(c.text)
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
			again, err := ParseEvent(got.String())
			if err != nil || again != got {
				t.Errorf("String() = %q re-parses to %+v, %v", got.String(), again, err)
			}
		})
	}
}

func TestEventString(t *testing.T) {
	for text, want := range map[string]string{
		"RUS attacks UKR full":                        "RUS attacks UKR",
		"RUS  attacks  UKR  limited":                  "RUS attacks UKR limited",
		"RUS attacks POL forces in UKR from BLR full": "RUS attacks POL forces in UKR from BLR",
		"RUS attacks POL forces in POL":               "RUS attacks POL forces in POL",
	} {
		e, err := ParseEvent(text)
		if err != nil {
			t.Fatal(err)
		}
		if e.String() != want {
			t.Errorf("%q: String() = %q, want %q", text, e.String(), want)
		}
	}
	if e, _ := ParseEvent("RUS attacks UKR gray-zone"); e.ArmedAttack() {
		t.Error("a gray-zone attack is an armed attack")
	}
	if e, _ := ParseEvent("RUS attacks UKR strike"); !e.ArmedAttack() {
		t.Error("a strike is not an armed attack")
	}
}

func TestParseEventBad(t *testing.T) {
	usage := "write ACTOR attacks ACTOR"
	cases := []struct {
		text string
		col  int
		msg  string
		hint string
	}{
		{"", 1, "event is empty", usage},
		{" \t\u00a0", 1, "event is empty", usage},
		{"RUS", 4, `expected "attacks", got end of event`, "give its id, as written under events:; otherwise " + usage},
		{"RUS UKR", 5, `expected "attacks", got "UKR"`, usage},
		{"RUS Attacks UKR", 5, `expected "attacks", got "Attacks"`, `the verb is "attacks", in lower case`},
		{"RUS attack UKR", 5, `expected "attacks", got "attack"`, `the verb is "attacks"`},
		{"RUS invades UKR", 5, `expected "attacks", got "invades"`, usage},
		{"RUS attacks", 12, "expected an attacked actor id at end of event", usage},
		{"RUS attacks ", 13, "expected an attacked actor id at end of event", usage},
		{"RUS attacks forces", 13, `expected an attacked actor id, got "forces"`, usage},
		{"attacks attacks UKR", 1, `expected an attacking actor id, got "attacks"`, usage},
		{"RUS attacks UKR forces", 23, `expected "in" after "forces"`, "forces in UKR"},
		{"RUS attacks UKR forces at UKR", 24, `expected "in" after "forces"`, ""},
		{"RUS attacks UKR forces in", 26, `expected a place after "forces in" at end of event`, ""},
		{"RUS attacks UKR forces in from", 27, `expected a place after "forces in", got "from"`, ""},
		{"RUS attacks UKR from", 21, `expected a place after "from" at end of event`, ""},
		{"RUS attacks UKR from Ü", 22, `expected a place after "from", got "Ü"`, ""},
		{"RUS attacks UKR limited full", 25, `"full" is out of place`, "forces in PLACE, from PLACE, scale"},
		{"RUS attacks UKR from BLR forces in POL", 26, `"forces" is out of place`, ""},
		{"RUS attacks UKR limited from BLR", 25, `"from" is out of place`, ""},
		{"RUS attacks UKR forces in UKR forces in UKR", 31, `"forces" is out of place`, ""},
		{"RUS attacks UKR huge", 17, `unexpected "huge"`, usage},
		{"RUS attacks UKR limitd", 17, `unexpected "limitd"`, `did you mean "limited"?`},
		{"RUS attacks UKR Limited", 17, `unexpected "Limited"`, `did you mean "limited"?`},
		{"Україна attacks RUS", 1, `expected an attacking actor id, got "Україна"`, ""},
		{"RUS attacks UKR Україна", 17, `unexpected "Україна"`, ""},
		{"R.U.S attacks UKR", 1, `expected an attacking actor id, got "R.U.S"`, ""},
		{"1RUS attacks UKR", 1, `expected an attacking actor id, got "1RUS"`, ""},
		// Columns count characters: the em space and no-break space are
		// one column each, though several bytes.
		{"RUS attacks UKR\u2003from BLR nope", 26, `unexpected "nope"`, ""},
		{"ÜÜÜ\u00a0attacks UKR", 1, `expected an attacking actor id`, ""},
		{"RUS\u00a0attacks\u00a0Ü", 13, `expected an attacked actor id, got "Ü"`, ""},
		{strings.Repeat("x", MaxEventLen+1), 1, fmt.Sprintf("event is longer than %d bytes", MaxEventLen), ""},
		{"RUS attacks \xff", 1, "event is not valid UTF-8", ""},
	}
	for _, c := range cases {
		name := c.text
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			e, err := ParseEvent(c.text)
			if err == nil {
				t.Fatalf("parsed as %+v", e)
			}
			if e != (Event{}) {
				t.Errorf("returned a partial event %+v", e)
			}
			var ee *EventError
			if !errors.As(err, &ee) {
				t.Fatalf("error %T is not an *EventError", err)
			}
			if ee.Col != c.col || !strings.Contains(ee.Msg, c.msg) || !strings.Contains(ee.Hint, c.hint) {
				t.Errorf("got column %d: %s (hint %q), want column %d: %s (hint %q)", ee.Col, ee.Msg, ee.Hint, c.col, c.msg, c.hint)
			}
			if want := fmt.Sprintf("column %d: %s", ee.Col, ee.Msg); err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
}

func loadDefault(t *testing.T) *Scenario {
	t.Helper()
	s, d := Default(nil)
	if s == nil {
		t.Fatalf("the default scenario does not load: %v", d)
	}
	return s
}

func TestScenarioEvents(t *testing.T) {
	s := loadDefault(t)
	good := []struct {
		texts []string
		want  []string // String() of each event
	}{
		{[]string{"RUS attacks UKR limited"}, []string{"RUS attacks UKR limited"}},
		{[]string{"RUS attacks POL forces in mediterranean strike"}, []string{"RUS attacks POL forces in mediterranean strike"}},
		{[]string{"E1"}, []string{"RUS attacks UKR", "RUS attacks POL strike"}},
		{[]string{" E5 ", "RUS attacks UKR"}, []string{"RUS attacks POL forces in UKR strike", "RUS attacks UKR"}},
		{[]string{"E4", "E2"}, []string{"RUS attacks UKR from BLR", "RUS attacks UKR limited"}},
	}
	for _, c := range good {
		evs, d := s.Events("--event", c.texts)
		if d.HasErrors() {
			t.Errorf("%q: %v", c.texts, d)
			continue
		}
		var got []string
		for _, e := range evs {
			got = append(got, e.String())
		}
		if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
			t.Errorf("%q: got %q, want %q", c.texts, got, c.want)
		}
	}

	bad := []struct {
		texts []string
		want  []string // "FILE:LINE:COL: summary substring | hint substring"
	}{
		{[]string{"RUS attacks UKRR"}, []string{`--event #1:1:13: event: unknown attacked actor "UKRR" | did you mean "UKR"?`}},
		{[]string{"RUSS attacks UKR"}, []string{`--event #1:1:1: event: unknown attacker "RUSS" | did you mean "RUS"?`}},
		{[]string{"RUS attacks nato"}, []string{`--event #1:1:13: event: unknown attacked actor "nato" | "nato" is a group (32 members); events name one actor`}},
		{[]string{"RUS attacks UKR", "RUS attacks POLL limited"}, []string{`--event #2:1:13: event: unknown attacked actor "POLL" | did you mean "POL"?`}},
		{[]string{"RUS attacks UKR from BLRR"}, []string{`--event #1:1:22: event: unknown place "BLRR" | did you mean "BLR"?`}},
		{[]string{"RUS attacks POL forces in atlantis"}, []string{`--event #1:1:27: event: unknown place "atlantis" | a place is`}},
		{[]string{"RUS attack UKR"}, []string{`--event #1:1:5: event: expected "attacks", got "attack" | the verb is "attacks"`}},
		{[]string{"RUS attacks EU forces in UKR"}, []string{`--event #1:1:13: event: "EU" is an organisation`}},
		{[]string{"E7"}, []string{`--event #1:1:1: unknown named event "E7" | named events: E1, E2, E3, E4, E5, E6; or write an event such as "RUS attacks UKR"`}},
		{[]string{"e1"}, []string{`--event #1:1:1: unknown named event "e1" | did you mean "E1"?`}},
		{[]string{"POL"}, []string{`--event #1:1:4: event: expected "attacks", got end of event | named events give its id`}},
		{[]string{"RUS attacks UKRR", "", "RUS attacks UKR limitd"}, []string{
			`--event #1:1:13: event: unknown attacked actor "UKRR"`,
			`--event #2:1:1: event: event is empty`,
			`--event #3:1:17: event: unexpected "limitd" | did you mean "limited"?`,
		}},
	}
	for _, c := range bad {
		evs, d := s.Events("--event", c.texts)
		if evs != nil {
			t.Errorf("%q: returned events despite errors", c.texts)
		}
		if len(d) != len(c.want) {
			t.Errorf("%q: got %d diagnostics, want %d: %v", c.texts, len(d), len(c.want), d)
			continue
		}
		for i, w := range c.want {
			w, hint, _ := strings.Cut(w, " | ")
			pos, summary, _ := strings.Cut(w, ": ")
			if d[i].Pos.String() != pos || !strings.Contains(d[i].Summary, summary) || !strings.Contains(d[i].Hint, hint) {
				t.Errorf("%q: got %s: %s (hint %q), want %s", c.texts, d[i].Pos, d[i].Summary, d[i].Hint, c.want[i])
			}
		}
	}
}

// A named event whose sequence is bad is reported where the sequence is
// written, with the column inside the event text.
func TestScenarioEventsNamedPositions(t *testing.T) {
	src := edit(t, miniScenario, `sequence: ["RUS attacks UKR limited"]`, `sequence: ["RUS attacks UKR limited", "RUS attacks POL"]`)
	s, d := Load("mini.yaml", []byte(src), nil)
	if s == nil {
		t.Fatal(d)
	}
	evs, d := s.Events("--event", []string{"E1"})
	if len(d) > 0 || len(evs) != 2 || evs[1].Victim != "POL" {
		t.Fatalf("got %v, %v", evs, d)
	}
	// Positions of named events point into the scenario file.
	if p := s.Pos("events[0].sequence[1]"); p.String() != "mini.yaml:52:44" {
		t.Errorf("sequence item at %s, want mini.yaml:52:44 (after the quote)", p)
	}
}

// Known bug, reported: parseEvent (resolve.go, which this change may not
// touch) finds a word's column with strings.Index, so it points at the
// first occurrence of the text, even inside another word.
func TestScenarioEventsWordColumns(t *testing.T) {
	s := loadDefault(t)
	for text, want := range map[string]string{
		"UKR attacks UKR":        "--event #1:1:13",
		"RUS attacks UKR from R": "--event #1:1:22",
	} {
		_, d := s.Events("--event", []string{text})
		if len(d) != 1 || d[0].Pos.String() != want {
			t.Errorf("%q: got %v, want one diagnostic at %s", text, d, want)
		}
	}
}
