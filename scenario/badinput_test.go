package scenario

import (
	"bytes"
	"fmt"
	"github.com/bulwark-sim/bulwark/internal/testslack"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bulwark-sim/bulwark/diag"
)

// miniScenario is a small valid scenario that most bad-input cases edit in
// one place. Its line numbers are what the cases' expected positions
// refer to, so keep them stable:
//
//	1 bulwark        12 treaty pact      26 arrangements   37 assumptions
//	3 roles          15 clause art1      27 arrangement    38 aid (lognormal)
//	8 groups         18 treaty other     29 parameters     44 p (beta)
//	9 group core     23 carve_outs       32 aid            50 events
const miniScenario = `bulwark: 1
id: mini
roles:
  attacker: RUS
  target: UKR
  alliance: nato
  patron: USA
groups:
  - id: core
    members: [POL, EST]
treaties:
  - id: pact
    parties: [core]
    clauses:
      - id: art1
        type: defence
        strength: $strength
  - id: other
    parties: [nato]
    clauses:
      - id: art5
        type: defence
    carve_outs:
      - id: co
        clause: pact/art1
arrangements:
  - id: base
    guarantors: [POL]
    parameters:
      strength: automatic
    treaties: [pact, other]
    aid:
      - from: [USA]
        to: UKR
        forms: [arms]
        amount: aid
assumptions:
  - id: aid
    unit: eur_bn
    dist: lognormal
    mean: 25
    sd: 10
    source: test
  - id: p
    unit: probability
    dist: beta
    mean: 0.4
    sd: 0.1
    source: test
events:
  - id: E1
    sequence: ["RUS attacks UKR limited"]
`

// edit applies old→new replacements to src; each old must occur exactly
// once.
func edit(t testing.TB, src string, pairs ...string) string {
	t.Helper()
	if len(pairs)%2 != 0 {
		t.Fatalf("edit: odd number of arguments")
	}
	for i := 0; i < len(pairs); i += 2 {
		if n := strings.Count(src, pairs[i]); n != 1 {
			t.Fatalf("edit: %q occurs %d times, want 1", pairs[i], n)
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

type badCase struct {
	name string
	// The source is gen() if set, else src if set, else miniScenario with
	// edits applied.
	gen   func() []byte
	src   string
	edits []string
	// want lists every diagnostic, in order, as "LINE:COL: summary
	// substring", optionally followed by " | hint substring" (" | (none)":
	// no hint). "-:-" means
	// a position with no line (the file as a whole).
	want []string
	// limit bounds the time Load may take (default 2s).
	limit time.Duration
}

func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString("bulwark: 1\nid: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return []byte(b.String())
}

func deepFlow(n int) []byte {
	return []byte("bulwark: 1\nsources: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")
}

func deepBlock(n int) []byte {
	var b strings.Builder
	b.WriteString("bulwark: 1\n")
	for i := range n {
		fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat(" ", i), i)
	}
	return []byte(b.String())
}

func hugeFile() []byte {
	var b bytes.Buffer
	b.WriteString(miniScenario)
	b.WriteString("description: \"")
	b.Write(bytes.Repeat([]byte("x"), 11<<20))
	b.WriteString("\"\n")
	return b.Bytes()
}

var badCases = []badCase{
	// Files as a whole.
	{name: "empty file", gen: func() []byte { return nil },
		want: []string{`1:1: file is empty | bulwark: 1`}},
	{name: "whitespace only", src: "  \n\t\n   \n",
		want: []string{`1:1: file is empty`}},
	{name: "comment only", src: "# nothing here\n",
		want: []string{`1:1: file holds no YAML value`}},
	{name: "list not mapping", src: "- bulwark: 1\n- id: x\n",
		want: []string{`1:1: a scenario is a mapping, got list | bulwark: 1`}},
	{name: "scalar not mapping", src: "just a string\n",
		want: []string{`1:1: a scenario is a mapping, got string "just a string"`}},
	{name: "multi-document", edits: []string{"events:\n", "---\nevents:\n"},
		want: []string{`50:1: more than one YAML document | "---"`}},
	{name: "over 10 MiB", gen: hugeFile,
		want: []string{`-:-: over the 10485760-byte (10 MiB) limit`}},
	{name: "invalid UTF-8 after multibyte", edits: []string{"id: mini", "id: mini # é—\xff"},
		want: []string{`2:14: not valid UTF-8 | UTF-8`}},
	{name: "YAML syntax error", edits: []string{"  target: UKR", "  target: UKR: x"},
		want: []string{`5:11: YAML syntax: mapping value is not allowed | put quotes around`}},
	{name: "tab indentation", edits: []string{"  patron: USA", "\tpatron: USA"},
		want: []string{`7:1: YAML syntax | spaces`}},

	// Guards.
	{name: "alias bomb", gen: aliasBomb, limit: time.Second,
		want: []string{`8:10: aliases expand to more than 100000 nodes | fewer or smaller aliases`}},
	{name: "100 nested flow lists", gen: func() []byte { return deepFlow(100) },
		want: []string{`2:73: nesting is deeper than 64 levels | flatten`}},
	{name: "100 nested block mappings", gen: func() []byte { return deepBlock(100) },
		want: []string{`66:65: nesting is deeper than 64 levels`}},
	{name: "alias to undefined anchor", edits: []string{"patron: USA", "patron: *nowhere"},
		want: []string{`7:3: roles is missing required field "patron"`, `7:11: alias *nowhere refers to no anchor | &nowhere`}},

	// Checks added after review.
	{name: "parameter reference in an enum field", edits: []string{"      - id: art5\n        type: defence\n", "      - id: art5\n        type: defence\n        trigger:\n          involvement: $who\n"},
		want: []string{`24:24: involvement "$who" is not one of victim, attacker`}},
	{name: "actor hides an embedded group", edits: []string{"groups:\n", "actors:\n  - id: nato\n    name: Fake\n    kind: organisation\ngroups:\n"},
		want: []string{`9:9: actor id "nato" is already used by the embedded group nato`}},
	{name: "declared actor with unknown region", edits: []string{"groups:\n", "actors:\n  - id: CHN\n    name: China\n    regions: [eurasia]\ngroups:\n"},
		want: []string{`11:15: unknown region "eurasia" | known regions: africa, asia, baltic-sea`}},
	{name: "duplicate carve-out id", edits: []string{"      - id: co\n        clause: pact/art1\n", "      - id: co\n        clause: pact/art1\n      - id: co\n        clause: pact/art1\n"},
		want: []string{`26:13: duplicate carve-out id "co" (first at line 24)`}},
	{name: "bounds keep no probability", edits: []string{"    mean: 25\n    sd: 10\n", "    mean: 25\n    sd: 1\n    bounds: [100, 200]\n"},
		want: []string{`43:13: keep only 0 of the distribution's probability | widen the bounds`}},

	// Mappings and keys.
	{name: "duplicate top-level key", edits: []string{"id: mini\n", "id: mini\nid: again\n"},
		want: []string{`3:1: duplicate key "id" (first defined at line 2)`}},
	{name: "duplicate keys all reported", edits: []string{"    mean: 25\n    sd: 10\n", "    mean: 25\n    mean: 26\n    sd: 10\n    sd: 11\n"},
		want: []string{`42:5: duplicate key "mean"`, `44:5: duplicate key "sd"`}},
	{name: "alias as key", edits: []string{"bulwark: 1", "bulwark: &one 1", "id: mini", "*one : mini"},
		want: []string{`1:1: scenario is missing required field "id"`, `2:1: mapping keys must be plain scalars`}},
	{name: "flow sequence as key", edits: []string{"id: mini", "[id]: mini"},
		want: []string{`2:5: YAML syntax: found an invalid key for this map`}},
	{name: "unsupported tag", edits: []string{"id: mini", "id: !custom mini"},
		want: []string{`2:5: unsupported YAML tag "!custom" | remove the tag`}},

	// Unknown fields.
	{name: "unknown top-level field", edits: []string{"treaties:\n", "treatys:\n"},
		want: []string{`1:1: missing required field "treaties"`, `11:1: unknown field "treatys" in scenario | did you mean "treaties"?`}},
	{name: "unknown field in treaty", edits: []string{"  - id: pact\n", "  - id: pact\n    nme: Pact\n"},
		want: []string{`13:5: unknown field "nme" in treaty | did you mean "name"?`}},
	{name: "unknown field without close match", edits: []string{"  - id: pact\n", "  - id: pact\n    zzzzzz: 1\n"},
		want: []string{`13:5: unknown field "zzzzzz" in treaty | valid fields: id, name`}},

	// Wrong types.
	{name: "string where number", edits: []string{"mean: 25", `mean: "25"`},
		want: []string{`41:12: expected a number, got string "25" | remove the quotes`}},
	{name: "mapping where list", edits: []string{"members: [POL, EST]", "members: {POL: 1}"},
		want: []string{`10:14: expected a list, got mapping`}},
	{name: "list where mapping", edits: []string{"roles:\n  attacker: RUS\n  target: UKR\n  alliance: nato\n  patron: USA\n", "roles: [RUS, UKR]\n"},
		want: []string{`3:8: expected a mapping (a roles), got list`}},
	{name: "scalar where list", edits: []string{"treaties: [pact, other]", "treaties: 3"},
		want: []string{`31:15: expected a list, got integer 3 | write a list`}},
	{name: "quoted integer", edits: []string{"bulwark: 1", `bulwark: "1"`},
		want: []string{`1:11: expected an integer, got string "1" | remove the quotes`}},
	{name: "unsupported version", edits: []string{"bulwark: 1", "bulwark: 2"},
		want: []string{`1:10: bulwark 2 is not supported | bulwark: 1`}},
	{name: "infinite number", edits: []string{"mean: 25", "mean: .inf"},
		want: []string{`41:11: .inf is not a finite number`}},
	{name: "bool where string", edits: []string{"id: mini", "id: [mini]"},
		want: []string{`2:5: expected a string, got list`}},

	// Enumerations and required fields.
	{name: "clause type misspelt", edits: []string{"      - id: art1\n        type: defence", "      - id: art1\n        type: defense"},
		want: []string{`16:15: type "defense" is not one of | did you mean "defence"?`}},
	{name: "unknown distribution", edits: []string{"dist: lognormal", "dist: gauss"},
		want: []string{`40:11: dist "gauss" is not one of`}},
	{name: "missing required field", edits: []string{"    sd: 0.1\n    source: test\n", "    sd: 0.1\n"},
		want: []string{`44:5: assumption is missing required field "source"`}},
	{name: "required field null", edits: []string{"  target: UKR", "  target:"},
		want: []string{`5:3: roles is missing required field "target"`}},
	{name: "bad id pattern", edits: []string{"  - id: p\n", "  - id: P!\n"},
		want: []string{`44:9: id "P!" is not valid | lower-case letters`}},

	// Duplicate ids.
	{name: "duplicate treaty id", edits: []string{"arrangements:\n", "  - id: pact\n    parties: [core]\n    clauses: [{id: x, type: defence}]\narrangements:\n"},
		want: []string{`26:9: duplicate treaty id "pact" (first at line 12) | unique`}},
	{name: "duplicate clause id", edits: []string{"      - id: art5\n", "      - id: art5\n        type: defence\n      - id: art5\n"},
		want: []string{`23:13: duplicate clause id "art5" (first at line 21)`}},
	{name: "duplicate arrangement id", edits: []string{"assumptions:\n", "  - id: base\n    treaties: []\nassumptions:\n"},
		want: []string{`37:9: duplicate arrangement id "base" (first at line 27)`}},
	{name: "duplicate assumption id", edits: []string{"  - id: p\n", "  - id: aid\n"},
		want: []string{`44:9: duplicate assumption id "aid" (first at line 38)`}},
	{name: "duplicate group id", edits: []string{"treaties:\n", "  - id: core\n    members: [FIN]\ntreaties:\n"},
		want: []string{`11:9: duplicate group id "core"`}},

	// References.
	{name: "unknown treaty in arrangement", edits: []string{"treaties: [pact, other]", "treaties: [pact, other, pactt]"},
		want: []string{`31:29: unknown treaty "pactt" | did you mean "pact"?`}},
	{name: "unknown actor in parties", edits: []string{"parties: [core]", "parties: [core, XYZ]"},
		want: []string{`13:21: unknown actor or group "XYZ"`}},
	{name: "unknown ISO code declared", edits: []string{"groups:\n", "actors:\n  - id: XQZ\ngroups:\n"},
		want: []string{`9:9: unknown actor "XQZ": not in the embedded dataset`}},
	{name: "lower-case ISO code", edits: []string{"members: [POL, EST]", "members: [POL, est]"},
		want: []string{`10:20: group "core": unknown member "est" | did you mean "EST"`}},
	{name: "unknown group as alliance", edits: []string{"alliance: nato", "alliance: natto"},
		want: []string{`6:13: role alliance: unknown group "natto" | did you mean "nato"?`}},
	{name: "unknown actor in role", edits: []string{"attacker: RUS", "attacker: RUSS"},
		want: []string{`4:13: role attacker: unknown actor "RUSS" | did you mean "RUS"?`}},
	{name: "unknown aid recipient", edits: []string{"to: UKR", "to: UKRR"},
		want: []string{`34:13: aid to unknown actor "UKRR" | did you mean "UKR"?`}},
	{name: "unknown assumption reference", edits: []string{"amount: aid", "amount: aidd"},
		want: []string{`36:17: unknown assumption "aidd" | did you mean "aid"?`}},
	{name: "unknown parameter", edits: []string{"strength: $strength", "strength: $strenght"},
		want: []string{`17:19: strength refers to parameter "strenght" | did you mean "strength"?`}},
	{name: "unknown parameter in actor set", edits: []string{"parties: [core]", "parties: [$donors]"},
		want: []string{`13:15: $donors refers to parameter "donors", which arrangement "base" does not define`}},
	{name: "reserved group id", edits: []string{"  - id: core\n    members: [POL, EST]\n", "  - id: core\n    members: [POL, EST]\n  - id: any\n    members: [FIN]\n"},
		want: []string{`11:9: group id "any" is a reserved word | reserved words`}},
	{name: "reserved parameter name", edits: []string{"      strength: automatic\n", "      strength: automatic\n      guarantors: [FIN]\n"},
		want: []string{`31:7: parameter name "guarantors" is reserved`}},
	{name: "carve-out to unknown clause", edits: []string{"clause: pact/art1", "clause: pact/art2"},
		want: []string{`25:17: treaty "pact" has no clause "art2" | did you mean "art1"?`}},
	{name: "carve-out to unknown treaty", edits: []string{"clause: pact/art1", "clause: pakt/art1"},
		want: []string{
			`25:17: carve-out refers to unknown treaty "pakt" | did you mean "pact"?`,
		}},
	{name: "carve-out without slash", edits: []string{"clause: pact/art1", "clause: art1"},
		want: []string{
			`25:17: carve-out clause "art1" is not of the form treaty/clause | nato/art5`,
		}},
	{name: "unknown region", edits: []string{"      - id: art5\n        type: defence\n", "      - id: art5\n        type: defence\n        scope:\n          - attack_on: territory\n            regions: [eurpoe]\n"},
		want: []string{`25:23: unknown region "eurpoe" | did you mean "europe"?`}},
	{name: "unknown form of assistance", edits: []string{"forms: [arms]", "forms: [arms, money]"},
		want: []string{`35:23: unknown form of assistance "money"`}},
	{name: "cyclic groups", edits: []string{"  - id: core\n    members: [POL, EST]\n", "  - id: core\n    members: [POL, EST]\n  - id: a\n    members: [b]\n  - id: b\n    members: [a]\n"},
		want: []string{`12:14: cyclic groups: a → b → a | may not contain itself`}},

	// Distributions.
	{name: "probability above 1", edits: []string{"    dist: beta\n    mean: 0.4\n    sd: 0.1\n", "    dist: point\n    value: 1.5\n"},
		want: []string{`47:12: value 1.5 is outside [0, 1] (unit probability)`}},
	{name: "beta sd too large", edits: []string{"sd: 0.1", "sd: 0.6"},
		want: []string{`48:9: sd 0.6 is too large for mean 0.4: a beta distribution needs sd < 0.4899`}},
	{name: "beta mean outside (0,1)", edits: []string{"mean: 0.4", "mean: 1"},
		want: []string{`47:11: beta distribution's mean must lie strictly between 0 and 1, got 1`}},
	{name: "beta missing sd", edits: []string{"    sd: 0.1\n    source: test\n", "    source: test\n"},
		want: []string{`46:11: beta distribution needs sd | mean, sd or alpha, beta`}},
	{name: "pert mode outside", edits: []string{"    dist: beta\n    mean: 0.4\n    sd: 0.1\n", "    dist: pert\n    min: 0.1\n    mode: 0.9\n    max: 0.5\n"},
		want: []string{`48:11: mode 0.9 lies outside [min, max] = [0.1, 0.5]`}},
	{name: "uniform min above max", edits: []string{"    dist: beta\n    mean: 0.4\n    sd: 0.1\n", "    dist: uniform\n    min: 0.6\n    max: 0.2\n"},
		want: []string{`48:10: max 0.2 must exceed min 0.6`}},
	{name: "normal sd not positive", edits: []string{"    dist: lognormal\n    mean: 25\n    sd: 10\n", "    dist: normal\n    mean: 25\n    sd: 0\n"},
		want: []string{`42:9: sd must be positive, got 0`}},
	{name: "lognormal mean not positive", edits: []string{"mean: 25", "mean: -3"},
		want: []string{`41:11: lognormal quantity's mean must be positive, got -3`}},
	{name: "parameter of another family", edits: []string{"    mean: 25\n    sd: 10\n", "    mean: 25\n    sd: 10\n    mode: 3\n"},
		want: []string{`43:11: mode does not apply to a lognormal distribution`}},
	{name: "bounds low above high", edits: []string{"    sd: 10\n", "    sd: 10\n    bounds: [5, 1]\n"},
		want: []string{`43:13: bounds [5, 1] are empty: low must be below high`}},
	{name: "bounds with three items", edits: []string{"    sd: 10\n", "    sd: 10\n    bounds: [1, 2, 3]\n"},
		want: []string{`43:13: bounds takes at most 2 items, got 3`}},

	// Events.
	{name: "bad event in events list", edits: []string{`"RUS attacks UKR limited"`, `"RUS attacks UKR limitd"`},
		want: []string{`52:33: event: unexpected "limitd" | did you mean "limited"?`}},
	{name: "event keyword out of order", edits: []string{`"RUS attacks UKR limited"`, `"RUS attacks UKR limited from BLR"`},
		want: []string{`52:41: event: "from" is out of place | forces in PLACE, from PLACE, scale`}},
	{name: "event with unknown actor", edits: []string{`"RUS attacks UKR limited"`, `"RUS attacks UKRR"`},
		want: []string{`52:29: event: unknown attacked actor "UKRR" | did you mean "UKR"?`}},
	{name: "event with multibyte text", edits: []string{`["RUS attacks UKR limited"]`, `["RUS attacks Україна"]`},
		want: []string{`52:29: event: expected an attacked actor id, got "Україна"`}},
	{name: "empty event sequence", edits: []string{`sequence: ["RUS attacks UKR limited"]`, `sequence: []`},
		want: []string{`52:15: sequence needs at least 1 item(s), got 0`}},

	// More references, types and values.
	{name: "document after end marker", edits: []string{"events:\n", "...\nevents:\n"},
		want: []string{`51:1: more than one YAML document`}},
	{name: "mapping with too many entries", edits: []string{"      strength: automatic\n", "      strength: automatic\n" + strings.Repeat("      p: x\n", 2000)},
		want: []string{`2030:7: a mapping has more than 2000 entries | use a list`}},
	{name: "too many values", edits: []string{"id: mini\n", "id: mini\nsources: [" + strings.Repeat("x, ", 250_000) + "x]\n"},
		want: []string{`3:1: document holds more than 250000 values`}},
	{name: "integer out of range", edits: []string{"bulwark: 1", "bulwark: 99999999999999999999"},
		want: []string{`1:10: bulwark 99999999999999999999 is not supported | bulwark: 1`}},
	{name: "number out of range", edits: []string{"mean: 25", "mean: 1e999"},
		want: []string{`41:11: 1e999 is not a finite number | plain decimal`}},
	{name: "word where integer", edits: []string{"bulwark: 1", "bulwark: one"},
		want: []string{`1:10: expected an integer, got string "one" | (none)`}},
	{name: "number in an actor list", edits: []string{"parties: [core]", "parties: [core, 5]"},
		want: []string{`13:21: expected an actor, group or $parameter id, got integer 5`}},
	{name: "unknown strength", edits: []string{"strength: $strength", "strength: weak"},
		want: []string{`17:19: strength "weak" is not one of | automatic`}},
	{name: "unknown scale in trigger", edits: []string{"      - id: art5\n        type: defence\n", "      - id: art5\n        type: defence\n        trigger: {scales: [full, fulll]}\n"},
		want: []string{`23:34: unknown scale "fulll" | did you mean "full"?`}},
	{name: "unknown field in trigger", edits: []string{"      - id: art5\n        type: defence\n", "      - id: art5\n        type: defence\n        trigger: {scale: [full]}\n"},
		want: []string{`23:19: unknown field "scale" in trigger | did you mean "scales"?`}},
	{name: "trigger always with conditions", edits: []string{"      - id: art5\n        type: defence\n", "      - id: art5\n        type: defence\n        trigger: {always: true, scales: [full]}\n"},
		want: []string{`23:27: trigger sets always together with attack conditions`}},
	{name: "state id not an ISO code", edits: []string{"groups:\n", "actors:\n  - id: Ruritania\n    name: Ruritania\n    kind: state\ngroups:\n"},
		want: []string{`9:9: state id "Ruritania" is not an ISO 3166-1 alpha-3 code | e.g. POL`}},
	{name: "figure without source", edits: []string{"groups:\n", "actors:\n  - id: POL\n    figures: {gdp: {value: 1}}\ngroups:\n"},
		want: []string{`10:20: figure is missing required field "source"`}},
	{name: "settlement contradiction", edits: []string{"        amount: aid\n", "        amount: aid\n    settlement: {target_joins_alliance: true, target_neutral: true}\n"},
		want: []string{`37:63: the target cannot both join the alliance and stay neutral`}},
	{name: "number where boolean", edits: []string{"        amount: aid\n", "        amount: aid\n    settlement: {target_neutral: 1}\n"},
		want: []string{`37:34: expected true or false, got integer 1`}},
	{name: "group as event actor", edits: []string{`"RUS attacks UKR limited"`, `"RUS attacks core"`},
		want: []string{`52:29: event: unknown attacked actor "core" | "core" is a group`}},
	{name: "unknown place in event", edits: []string{`"RUS attacks UKR limited"`, `"RUS attacks UKR from BLRR"`},
		want: []string{`52:38: event: unknown place "BLRR" | did you mean "BLR"?`}},
	{name: "unknown attacker in event", edits: []string{`"RUS attacks UKR limited"`, `"RUSS attacks UKR"`},
		want: []string{`52:17: event: unknown attacker "RUSS" | did you mean "RUS"?`}},

	{name: "bad item in a list of numbers", edits: []string{"    sd: 10\n", "    sd: 10\n    bounds: [a, 1]\n"},
		want: []string{`43:14: expected a number, got string "a" | (none)`}},
	{name: "bad item in an event sequence", edits: []string{`["RUS attacks UKR limited"]`, `["RUS attacks UKR", [x]]`},
		want: []string{`52:35: expected a string, got list`}},

	// Several problems at once, reported together and sorted.
	{name: "several errors sorted", edits: []string{
		"events:\n", "events:\n  - id: E1\n    sequence: [\"RUS attacks\"]\n",
		"dist: lognormal", "dist: gauss",
		"type: defence\n        strength", "type: defense\n        strength",
		"id: mini", "id: mini\nfoo: bar",
	},
		want: []string{
			`3:1: unknown field "foo" in scenario`,
			`17:15: type "defense" is not one of`,
			`41:11: dist "gauss" is not one of`,
			`53:28: event: expected an attacked actor id at end of event | RUS attacks UKR`,
			`54:9: duplicate event id "E1" (first at line 52)`,
		}},
}

func parseWant(t *testing.T, w string) (pos, summary, hint string) {
	t.Helper()
	rest := w
	if i := strings.Index(rest, " | "); i >= 0 {
		rest, hint = rest[:i], rest[i+3:]
	}
	parts := strings.SplitN(rest, ": ", 2)
	if len(parts) != 2 {
		t.Fatalf("bad want %q", w)
	}
	return parts[0], parts[1], hint
}

func TestBadInput(t *testing.T) {
	if len(badCases) < 45 {
		t.Errorf("only %d bad-input cases, want at least 45", len(badCases))
	}
	seen := map[string]bool{}
	for _, tc := range badCases {
		if seen[tc.name] {
			t.Errorf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			var src []byte
			switch {
			case tc.gen != nil:
				src = tc.gen()
			case tc.src != "":
				src = []byte(tc.src)
			default:
				src = []byte(edit(t, miniScenario, tc.edits...))
			}
			limit := tc.limit
			if limit == 0 {
				limit = 2 * time.Second
			}
			start := time.Now()
			s, diags := Load("bad.yaml", src, nil)
			took := time.Since(start)
			if tc.limit > 0 {
				t.Logf("Load took %v (limit %v)", took, tc.limit)
			}
			if took > testslack.Scale(limit) {
				t.Errorf("Load took %v, limit %v", took, limit)
			}
			if s != nil {
				t.Errorf("Load returned a scenario for bad input")
			}
			if !diags.HasErrors() {
				t.Fatalf("no errors reported")
			}
			checkSorted(t, diags)
			for _, d := range diags {
				if d.Pos.File != "bad.yaml" {
					t.Errorf("%s: position names file %q, want bad.yaml", d.Error(), d.Pos.File)
				}
				if !d.Pos.IsValid() && !strings.Contains(d.Summary, "10 MiB") {
					t.Errorf("%s: diagnostic has no line", d.Error())
				}
			}
			if os.Getenv("BADINPUT_PRINT") != "" { // to see what a case reports
				for _, d := range diags {
					t.Logf("%d:%d: %s | %s", d.Pos.Line, d.Pos.Col, d.Summary, d.Hint)
				}
			}
			if len(diags) != len(tc.want) {
				t.Errorf("got %d diagnostics, want %d:\n%s", len(diags), len(tc.want), render(diags))
			}
			for i, w := range tc.want {
				if i >= len(diags) {
					break
				}
				d := diags[i]
				pos, summary, hint := parseWant(t, w)
				got := "-:-"
				if d.Pos.IsValid() {
					got = strconv.Itoa(d.Pos.Line) + ":" + strconv.Itoa(d.Pos.Col)
				}
				if got != pos {
					t.Errorf("diagnostic %d at %s, want %s: %s", i, got, pos, d.Summary)
				}
				if !strings.Contains(d.Summary, summary) {
					t.Errorf("diagnostic %d: summary %q does not contain %q", i, d.Summary, summary)
				}
				if hint == "(none)" && d.Hint != "" || hint != "(none)" && !strings.Contains(d.Hint, hint) {
					t.Errorf("diagnostic %d (%s): hint %q does not contain %q", i, d.Summary, d.Hint, hint)
				}
			}
		})
	}
}

// checkSorted checks that diags is in diag.List order, without duplicates.
func checkSorted(t *testing.T, diags diag.List) {
	t.Helper()
	sorted := slices.Clone(diags)
	sorted.Sort()
	if !slices.Equal(sorted, diags) {
		t.Errorf("diagnostics are not sorted:\n%s", render(diags))
	}
}

func render(diags interface{ WriteText(w io.Writer) error }) string {
	var b strings.Builder
	diags.WriteText(&b)
	return b.String()
}

// lineCol returns the position of the n-th character of the first
// occurrence of needle in src, as "LINE:COL".
func lineCol(t *testing.T, src, needle string, n int) string {
	t.Helper()
	i := strings.Index(src, needle)
	if i < 0 {
		t.Fatalf("%q not in source", needle)
	}
	line := strings.Count(src[:i], "\n") + 1
	col := utf8.RuneCountInString(src[strings.LastIndex(src[:i], "\n")+1:i]) + n
	return fmt.Sprintf("%d:%d", line, col)
}

// The same checks on the embedded default scenario, each with one edit.
// Positions are found in the edited text, so that the test follows the
// file as it changes.
func TestBadInputEmbedded(t *testing.T) {
	base, ok := Embedded(DefaultName)
	if !ok {
		t.Fatal("no embedded default scenario")
	}
	if s, d := Load("menon2023.yaml", base, nil); s == nil {
		t.Fatalf("the default scenario does not load: %v", d)
	}
	cases := []struct {
		name      string
		old, new  string
		needle    string // where the diagnostic points, in the edited text
		char      int    // 1 = the needle's first character
		summary   string
		hintTrail string
	}{
		{"clause type misspelt", "type: defence\n        strength: as-deemed", "type: defense\n        strength: as-deemed",
			"defense", 1, `type "defense" is not one of`, `did you mean "defence"?`},
		{"unknown treaty in arrangement", "treaties: [nato, coalition-pact,", "treaties: [nato, coalition-pakt,",
			"coalition-pakt,", 1, `unknown treaty "coalition-pakt"`, `did you mean "coalition-pact"?`},
		{"bad event in events list", `"RUS attacks POL strike"`, `"RUS attacks POL strik"`,
			`strik"`, 1, `event: unexpected "strik"`, `did you mean "strike"?`},
		{"unknown field in treaty", "accession: closed", "acession: closed",
			"acession", 1, `unknown field "acession" in treaty`, `did you mean "accession"?`},
		{"beta sd too large", "mean: 0.41\n    sd: 0.12", "mean: 0.41\n    sd: 0.5",
			"0.5\n", 1, `sd 0.5 is too large for mean 0.41`, ""},
		{"unknown actor in guarantors", "guarantors: [POL, EST, LVA, LTU]", "guarantors: [POL, EST, LVA, LTUU]",
			"LTUU", 1, `unknown actor or group "LTUU"`, `did you mean "LTU"?`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := edit(t, string(base), c.old, c.new)
			s, d := Load("menon2023.yaml", []byte(src), nil)
			if s != nil {
				t.Error("Load returned a scenario")
			}
			checkSorted(t, d)
			d = d.Errors() // an edit may also leave, say, a treaty unused: a warning
			if len(d) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%s", len(d), render(d))
			}
			want := lineCol(t, src, c.needle, c.char)
			if got := fmt.Sprintf("%d:%d", d[0].Pos.Line, d[0].Pos.Col); got != want || !strings.Contains(d[0].Summary, c.summary) || !strings.Contains(d[0].Hint, c.hintTrail) {
				t.Errorf("got %s: %s (hint %q), want %s: %s (hint %q)", got, d[0].Summary, d[0].Hint, want, c.summary, c.hintTrail)
			}
		})
	}
}

// LoadFile refuses a file over 10 MiB before reading it.
func TestLoadFileTooBig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, hugeFile(), 0o644); err != nil {
		t.Fatal(err)
	}
	s, d := LoadFile(path, nil)
	if s != nil || len(d) != 1 || d[0].Pos.File != path || d[0].Pos.IsValid() || !strings.Contains(d[0].Summary, "10 MiB") {
		t.Errorf("got %v", d)
	}
	s, d = LoadFile(filepath.Join(t.TempDir(), "missing.yaml"), nil)
	if s != nil || len(d) != 1 || !strings.Contains(d[0].Summary, "cannot read file") {
		t.Errorf("missing file: %v", d)
	}
}

// A valid scenario just under 10 MiB loads in a few seconds. (Under the
// race detector, which slows the parser several times, a 1 MiB one.)
func TestLargeScenarioLoads(t *testing.T) {
	size := 10<<20 - 4096
	if testslack.RaceEnabled() || testing.Short() {
		size = 1 << 20
	}
	line := "  " + strings.Repeat("x", 78) + "\n"
	src := miniScenario + "description: |\n" + strings.Repeat(line, (size-len(miniScenario))/len(line))
	start := time.Now()
	s, d := Load("big.yaml", []byte(src), nil)
	took := time.Since(start)
	t.Logf("%d bytes loaded in %v", len(src), took)
	if s == nil {
		t.Fatal(d)
	}
	if took > testslack.Scale(8*time.Second) {
		t.Errorf("took %v", took)
	}
}

// Scenarios whose checks would take time growing with the product of two
// sizes are refused quickly, with a message saying why.
func TestScaleLimits(t *testing.T) {
	head := "bulwark: 1\nid: big\nroles: {attacker: RUS, target: UKR, alliance: nato, patron: USA}\n"
	declare := func(n int) string {
		var b strings.Builder
		b.WriteString("actors:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - {id: A%d, name: a, kind: organisation}\n", i)
		}
		return b.String()
	}
	oneTreaty := "treaties:\n  - {id: t, parties: [nato], clauses: [{id: c, type: defence}]}\n"
	cases := []struct {
		name    string
		src     func() string
		summary string
		maxDiag int
	}{
		{"a big treaty in many arrangements", func() string {
			var b strings.Builder
			b.WriteString(head + "treaties:\n  - id: t\n    parties: [" + strings.Repeat("nato, ", 5000) + "nato]\n    clauses: [{id: c, type: defence}]\narrangements:\n")
			for i := range 40 {
				fmt.Fprintf(&b, "  - {id: a%d, treaties: [t]}\n", i)
			}
			return b.String()
		}, "the arrangements are too large to check", 1},
		{"many unknown actors and many candidates", func() string {
			var b strings.Builder
			b.WriteString(head + declare(5000) + oneTreaty + "arrangements:\n  - id: a\n    treaties: [t]\n    guarantors: [")
			for i := range 5000 {
				fmt.Fprintf(&b, "X%d, ", i)
			}
			b.WriteString("X]\n")
			return b.String()
		}, "the arrangements are too large to check", 21},
		{"a long chain of groups", func() string {
			var b strings.Builder
			b.WriteString(head + declare(2000) + "groups:\n")
			for i := range 2000 {
				fmt.Fprintf(&b, "  - {id: g%d, members: [A%d", i, i)
				if i > 0 {
					fmt.Fprintf(&b, ", g%d", i-1)
				}
				b.WriteString("]}\n")
			}
			b.WriteString(oneTreaty + "arrangements:\n  - {id: a, treaties: [t]}\n")
			return b.String()
		}, "groups have more than 1000000 members in all once expanded", 1},
		{"many events with unknown actors", func() string {
			var b strings.Builder
			b.WriteString(head + declare(1000) + oneTreaty + "arrangements:\n  - {id: a, treaties: [t]}\nevents:\n  - id: E\n    sequence:\n")
			for i := range 1000 {
				fmt.Fprintf(&b, "      - X%d attacks UKR\n", i)
			}
			return b.String()
		}, "too many events to check", 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := c.src()
			start := time.Now()
			s, d := Load("big.yaml", []byte(src), nil)
			took := time.Since(start)
			t.Logf("%d bytes refused in %v with %d diagnostics", len(src), took, len(d))
			if s != nil {
				t.Fatal("Load returned a scenario")
			}
			if took > testslack.Scale(3*time.Second) {
				t.Errorf("took %v", took)
			}
			checkSorted(t, d)
			if len(d) > c.maxDiag || !slices.ContainsFunc(d, func(x *diag.Diagnostic) bool { return strings.Contains(x.Summary, c.summary) }) {
				t.Errorf("want at most %d diagnostics, one saying %q; got %d:\n%.2000s", c.maxDiag, c.summary, len(d), render(d))
			}
		})
	}
}

// The default scenario is far inside every budget.
func TestDefaultWithinBudgets(t *testing.T) {
	s := loadDefault(t)
	v := &validator{s: s, treatyIdx: map[string]int{}}
	for i, tr := range s.Doc.Treaties {
		v.treatyIdx[tr.ID] = i
	}
	cost, unknown := v.resolveCost(maxResolveWork)
	t.Logf("resolving the default scenario: %d steps", cost)
	if cost > maxResolveWork/100 || len(unknown) > 0 {
		t.Errorf("cost %d, unknown %v", cost, unknown)
	}
}
