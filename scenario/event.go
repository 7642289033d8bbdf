package scenario

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bulwark-sim/bulwark/diag"
)

// Attack scales, weakest first. gray-zone is below the threshold of an armed
// attack (sabotage, drones, cyber); strike is a stand-off strike on a
// particular target. See docs/scenario.md, "Events".
const (
	ScaleGrayZone = "gray-zone"
	ScaleLimited  = "limited"
	ScaleFull     = "full"
	ScaleStrike   = "strike"
)

// scales lists the attack scales in order.
var scales = []string{ScaleGrayZone, ScaleLimited, ScaleFull, ScaleStrike}

// armedAttackScales are the scales that amount to an armed attack, the
// default trigger of defence clauses.
var armedAttackScales = []string{ScaleLimited, ScaleFull, ScaleStrike}

// What an attack hits.
const (
	OnTerritory = "territory"
	OnForces    = "forces"
)

// MaxEventLen is the longest event text accepted, in bytes.
const MaxEventLen = 1024

// Event is one attack. The grammar (docs/scenario.md gives it as BNF):
//
//	event  = actor "attacks" actor [ "forces" "in" place ] [ "from" place ] [ scale ]
//	scale  = "gray-zone" | "limited" | "full" | "strike"
//
// Words are separated by white space; keywords are lower case; actor and
// place ids are case-sensitive.
type Event struct {
	Attacker string `json:"attacker"`
	Victim   string `json:"victim"`
	// On is "territory" or "forces".
	On string `json:"on"`
	// In is where the attacked forces are; for an attack on territory it
	// is the victim itself.
	In    string `json:"in"`
	From  string `json:"from,omitempty"`
	Scale string `json:"scale"`
}

// String formats the event in the grammar, omitting defaults.
func (e Event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s attacks %s", e.Attacker, e.Victim)
	if e.On == OnForces {
		fmt.Fprintf(&b, " forces in %s", e.In)
	}
	if e.From != "" {
		fmt.Fprintf(&b, " from %s", e.From)
	}
	if e.Scale != ScaleFull {
		b.WriteString(" " + e.Scale)
	}
	return b.String()
}

// ArmedAttack reports whether the event's scale amounts to an armed attack.
func (e Event) ArmedAttack() bool { return slices.Contains(armedAttackScales, e.Scale) }

// An EventError is a syntax error in an event, at a 1-based character
// column of its text.
type EventError struct {
	Col  int
	Msg  string
	Hint string
}

func (e *EventError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

type word struct {
	text string
	col  int // 1-based character column
}

func splitWords(s string) []word {
	var out []word
	col := 0
	start := -1
	var cur strings.Builder
	for _, r := range s {
		col++
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, word{cur.String(), start})
				cur.Reset()
				start = -1
			}
			continue
		}
		if start < 0 {
			start = col
		}
		cur.WriteRune(r)
	}
	if start >= 0 {
		out = append(out, word{cur.String(), start})
	}
	return out
}

func isID(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case i > 0 && (r >= '0' && r <= '9' || r == '_' || r == '-'):
		default:
			return false
		}
	}
	return true
}

var eventKeywords = []string{"attacks", "forces", "in", "from", ScaleGrayZone, ScaleLimited, ScaleFull, ScaleStrike}

// ParseEvent parses one event. It checks syntax only; LoadedScenario.Events
// also checks that the actors and places exist.
func ParseEvent(s string) (Event, error) {
	e, _, err := parseEventCols(s)
	return e, err
}

// eventCols holds the 1-based character columns of an event's ids, for
// positioning errors found after parsing (an unknown actor, say).
type eventCols struct{ attacker, victim, in, from int }

func parseEventCols(s string) (e Event, cols eventCols, err error) {
	if len(s) > MaxEventLen {
		return Event{}, cols, &EventError{Col: 1, Msg: fmt.Sprintf("event is longer than %d bytes", MaxEventLen)}
	}
	if !utf8.ValidString(s) {
		return Event{}, cols, &EventError{Col: 1, Msg: "event is not valid UTF-8"}
	}
	w := splitWords(s)
	end := utf8.RuneCountInString(s) + 1
	usage := "write ACTOR attacks ACTOR [forces in PLACE] [from PLACE] [gray-zone|limited|full|strike], e.g. RUS attacks UKR from BLR limited"
	if len(w) == 0 {
		return Event{}, cols, &EventError{Col: 1, Msg: "event is empty", Hint: usage}
	}
	i := 0
	next := func() (word, bool) {
		if i < len(w) {
			i++
			return w[i-1], true
		}
		return word{col: end}, false
	}
	id := func(what string) (string, error) {
		x, ok := next()
		if !ok {
			return "", &EventError{Col: end, Msg: "expected " + what + " at end of event", Hint: usage}
		}
		if !isID(x.text) || slices.Contains(eventKeywords, x.text) {
			return "", &EventError{Col: x.col, Msg: fmt.Sprintf("expected %s, got %q", what, x.text), Hint: usage}
		}
		return x.text, nil
	}
	if e.Attacker, err = id("an attacking actor id"); err != nil {
		return Event{}, cols, err
	}
	cols.attacker = w[i-1].col
	x, ok := next()
	if !ok || x.text != "attacks" {
		hint := usage
		if ok && strings.EqualFold(x.text, "attacks") || ok && diag.DidYouMean(x.text, []string{"attacks"}) != "" {
			hint = `the verb is "attacks", in lower case`
		}
		got := "end of event"
		if ok {
			got = fmt.Sprintf("%q", x.text)
		} else if len(w) == 1 {
			hint = "to use one of the scenario's named events give its id, as written under events:; otherwise " + usage
		}
		return Event{}, cols, &EventError{Col: x.col, Msg: "expected \"attacks\", got " + got, Hint: hint}
	}
	if e.Victim, err = id("an attacked actor id"); err != nil {
		return Event{}, cols, err
	}
	cols.victim, cols.in = w[i-1].col, w[i-1].col
	e.On, e.In, e.Scale = OnTerritory, e.Victim, ScaleFull
	stage := 0 // 0: forces allowed; 1: from allowed; 2: scale allowed; 3: done
	for i < len(w) {
		x, _ := next()
		switch {
		case x.text == "forces" && stage == 0:
			y, ok := next()
			if !ok || y.text != "in" {
				return Event{}, cols, &EventError{Col: y.col, Msg: `expected "in" after "forces"`, Hint: "write e.g. RUS attacks POL forces in UKR"}
			}
			if e.In, err = id("a place after \"forces in\""); err != nil {
				return Event{}, cols, err
			}
			cols.in = w[i-1].col
			e.On = OnForces
			stage = 1
		case x.text == "from" && stage <= 1:
			if e.From, err = id("a place after \"from\""); err != nil {
				return Event{}, cols, err
			}
			cols.from = w[i-1].col
			stage = 2
		case slices.Contains(scales, x.text) && stage <= 2:
			e.Scale = x.text
			stage = 3
		default:
			msg := fmt.Sprintf("unexpected %q", x.text)
			hint := usage
			switch {
			case slices.Contains(eventKeywords, x.text):
				msg = fmt.Sprintf("%q is out of place", x.text)
				hint = "the parts come in this order: forces in PLACE, from PLACE, scale"
			case diag.DidYouMean(x.text, scales) != "":
				hint = diag.DidYouMean(x.text, scales)
			}
			return Event{}, cols, &EventError{Col: x.col, Msg: msg, Hint: hint}
		}
	}
	return e, cols, nil
}

// Scales lists the attack scales, weakest first.
func Scales() []string { return slices.Clone(scales) }
