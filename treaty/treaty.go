package treaty

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bulwark-sim/bulwark/scenario"
)

// Reason codes for a party that is not obliged.
const (
	NotParty      = "not-party"
	TriggerNotMet = "trigger-not-met"
	OutOfScope    = "out-of-scope"
	CarvedOut     = "carved-out"
	IsVictim      = "is-victim"
	IsAttacker    = "is-attacker"
)

// Conflict kinds.
const (
	// OpposingSides: the party is obliged both to fight an actor and to
	// defend it.
	OpposingSides = "opposing-sides"
	// NeutralityClash: the party must stay out of a war against an actor it
	// is obliged to fight.
	NeutralityClash = "neutrality"
	// NonAggressionClash: the party is obliged to fight an actor it has
	// promised not to attack.
	NonAggressionClash = "non-aggression"
	// Breach: an event is an attack by a party on an actor it promised not
	// to attack.
	Breach = "breach"
	// Unstable: the fixed-point iteration did not settle (carve-outs that
	// depend on each other in a cycle).
	Unstable = "unstable"
)

// EventInfo is an event as the result reports it.
type EventInfo struct {
	Index int    `json:"index"`
	Text  string `json:"text"`
	scenario.Event
}

// Obligation is a party's duty under one clause toward one beneficiary.
type Obligation struct {
	Party       string `json:"party"`
	Type        string `json:"type" jsonschema:"enum=defence,enum=offence,enum=neutrality,enum=non-aggression,enum=consultation,enum=assistance"`
	Treaty      string `json:"treaty"`
	Clause      string `json:"clause"`
	Strength    string `json:"strength" jsonschema:"enum=automatic,enum=as-deemed-necessary,enum=consult"`
	Beneficiary string `json:"beneficiary"`
	// Against is the actor the obligation is directed at: the attacker for
	// defence, consultation and sanctions; the victim for offence.
	Against string   `json:"against,omitempty"`
	Forms   []string `json:"forms,omitempty"`
	// Event is the index of the triggering event, or nil for obligations
	// that hold whatever happens.
	Event   *int     `json:"event" jsonschema:"nullable"`
	Because []string `json:"because"`
}

// NotObliged is a party of a clause (or a role holder outside it) that is
// not obliged toward a beneficiary, with the reason.
type NotObliged struct {
	Party       string `json:"party"`
	Treaty      string `json:"treaty"`
	Clause      string `json:"clause"`
	Beneficiary string `json:"beneficiary"`
	Event       *int   `json:"event" jsonschema:"nullable"`
	Reason      string `json:"reason" jsonschema:"enum=not-party,enum=trigger-not-met,enum=out-of-scope,enum=carved-out,enum=is-victim,enum=is-attacker"`
	Detail      string `json:"detail"`
}

// Conflict is a clash between obligations, or a breach of one.
type Conflict struct {
	Party string `json:"party"`
	Kind  string `json:"kind" jsonschema:"enum=opposing-sides,enum=neutrality,enum=non-aggression,enum=breach,enum=unstable"`
	// Obligations are indices into Result.Obliged.
	Obligations []int  `json:"obligations"`
	Event       *int   `json:"event" jsonschema:"nullable"`
	Detail      string `json:"detail"`
}

// Accession is an actor joining a treaty under the arrangement, and who
// must consent to it under the treaty's accession rule (S10).
type Accession struct {
	Actor  string `json:"actor"`
	Treaty string `json:"treaty"`
	// Rule is unanimity, majority, open or closed.
	Rule string `json:"rule" jsonschema:"enum=unanimity,enum=majority,enum=open,enum=closed"`
	// MustConsent lists the existing parties whose consent the rule needs:
	// all of them for unanimity, none for an open treaty.
	MustConsent []string `json:"must_consent"`
}

// Result is the outcome of resolving events under an arrangement.
type Result struct {
	Arrangement string       `json:"arrangement"`
	Title       string       `json:"title,omitempty"`
	Accessions  []Accession  `json:"accessions"`
	Events      []EventInfo  `json:"events"`
	Obliged     []Obligation `json:"obliged"`
	NotObliged  []NotObliged `json:"not_obliged"`
	Conflicts   []Conflict   `json:"conflicts"`
	// Iterations is the largest number of fixed-point passes any event
	// needed.
	Iterations int `json:"iterations"`
}

// Obligations returns the obligations of the given party.
func (r *Result) Obligations(party string) []Obligation {
	var out []Obligation
	for _, o := range r.Obliged {
		if o.Party == party {
			out = append(out, o)
		}
	}
	return out
}

// Find returns the obligation of party under treaty/clause toward
// beneficiary, if any.
func (r *Result) Find(party, treaty, clause, beneficiary string) (Obligation, bool) {
	for _, o := range r.Obliged {
		if o.Party == party && o.Treaty == treaty && o.Clause == clause && o.Beneficiary == beneficiary {
			return o, true
		}
	}
	return Obligation{}, false
}

// Reason returns the reason party is not obliged under treaty/clause
// toward beneficiary ("" if it is obliged or was not considered).
func (r *Result) Reason(party, treaty, clause, beneficiary string) string {
	for _, n := range r.NotObliged {
		if n.Party == party && n.Treaty == treaty && n.Clause == clause && n.Beneficiary == beneficiary {
			return n.Reason
		}
	}
	return ""
}

type key struct{ party, treaty, clause, beneficiary string }

// maxIterations bounds the fixed-point iteration per event.
const maxIterations = 64

// Resolve evaluates events, in order, under the named arrangement of s.
func Resolve(s *scenario.Scenario, arrangement string, events []scenario.Event) (*Result, error) {
	ra, err := s.Resolve(arrangement)
	if err != nil {
		return nil, err
	}
	e := &engine{s: s, ra: ra, obliged: map[key]int{}, not: map[key]int{}, engagedIn: map[[2]string]bool{}}
	e.res.Arrangement = ra.ID
	e.res.Title = ra.Arrangement.Title
	e.res.Obliged = []Obligation{}
	e.res.NotObliged = []NotObliged{}
	e.res.Conflicts = []Conflict{}
	e.res.Events = []EventInfo{}
	e.res.Accessions = accessions(ra)
	for i, ev := range events {
		e.res.Events = append(e.res.Events, EventInfo{Index: i, Text: ev.String(), Event: ev})
	}
	e.standing()
	for i := range events {
		e.event(i, events[i])
	}
	// Entries declined by one event and obliged by a later one are
	// dropped here, once, rather than removed one by one.
	kept := e.res.NotObliged[:0]
	for _, n := range e.res.NotObliged {
		if _, ok := e.obliged[key{n.Party, n.Treaty, n.Clause, n.Beneficiary}]; !ok {
			kept = append(kept, n)
		}
	}
	e.res.NotObliged = kept
	e.conflicts(events)
	return &e.res, nil
}

type engine struct {
	s       *scenario.Scenario
	ra      *scenario.ResolvedArrangement
	res     Result
	obliged map[key]int // index into res.Obliged
	not     map[key]int // index into res.NotObliged
	// The current event's findings, committed once they settle, and the
	// previous pass's obligations, which count as engagements.
	pending    []Obligation
	pendingNot []NotObliged
	lastPass   []Obligation
	// engagedIn holds (party, treaty) for every committed defence or
	// offence obligation; lastPassEngaged the same for the previous pass.
	engagedIn, lastPassEngaged map[[2]string]bool
}

// engaged reports whether party holds a defence or offence obligation under
// the treaty, from the obligations found so far.
func (e *engine) engaged(party, treaty string) bool {
	k := [2]string{party, treaty}
	return e.engagedIn[k] || e.lastPassEngaged[k]
}

// engages reports whether an obligation makes its party a belligerent.
func engages(o Obligation) bool { return o.Type == scenario.Defence || o.Type == scenario.Offence }

func (e *engine) name(id string) string { return label(e.s, id) }

// label names an actor for people: "Poland (POL)", or the bare id when the
// scenario knows no name for it.
func label(s *scenario.Scenario, id string) string {
	if n := s.ActorName(id); n != id {
		return fmt.Sprintf("%s (%s)", n, id)
	}
	return id
}

func ref(c *scenario.ResolvedClause) string { return c.Treaty + "/" + c.ID }

// standing records obligations that hold whatever happens: unconditional
// assistance and non-aggression pledges.
func (e *engine) standing() {
	for _, t := range e.ra.Treaties {
		for _, c := range t.Clauses {
			if !c.Always && c.Type != scenario.NonAggression {
				continue
			}
			for _, b := range c.Beneficiaries {
				for _, p := range c.Parties {
					if p == b {
						continue
					}
					because := []string{fmt.Sprintf("%s is a beneficiary of %s", e.name(b), ref(c))}
					if c.Type == scenario.NonAggression {
						because = append(because, "a non-aggression pledge holds at all times")
					} else {
						because = append(because, "the clause's trigger is \"always\": it holds whether or not anyone is attacked")
					}
					// The party's own line comes last, as for triggered
					// obligations.
					because = append(because, fmt.Sprintf("%s is bound by %s (%s)", e.name(p), ref(c), describeClause(c)))
					e.oblige(Obligation{Party: p, Type: c.Type, Treaty: c.Treaty, Clause: c.ID, Strength: c.Strength,
						Beneficiary: b, Forms: c.Forms, Because: because})
				}
			}
		}
	}
}

func describeClause(c *scenario.ResolvedClause) string {
	d := c.Type
	if len(c.Forms) > 0 {
		d += ": " + strings.Join(c.Forms, ", ")
	}
	return d + ", " + c.Strength
}

func (e *engine) oblige(o Obligation) {
	k := key{o.Party, o.Treaty, o.Clause, o.Beneficiary}
	if _, ok := e.obliged[k]; ok {
		return
	}
	if engages(o) {
		e.engagedIn[[2]string{o.Party, o.Treaty}] = true
	}
	e.obliged[k] = len(e.res.Obliged)
	e.res.Obliged = append(e.res.Obliged, o)
}

// reasonRank orders reasons from least to most specific; a later event's
// reason replaces an earlier one only if it is more specific.
var reasonRank = map[string]int{NotParty: 0, TriggerNotMet: 1, OutOfScope: 2, CarvedOut: 3, IsAttacker: 4, IsVictim: 5}

func (e *engine) decline(n NotObliged) {
	k := key{n.Party, n.Treaty, n.Clause, n.Beneficiary}
	if _, ok := e.obliged[k]; ok {
		return
	}
	if i, ok := e.not[k]; ok {
		if reasonRank[n.Reason] > reasonRank[e.res.NotObliged[i].Reason] {
			e.res.NotObliged[i] = n
		}
		return
	}
	e.not[k] = len(e.res.NotObliged)
	e.res.NotObliged = append(e.res.NotObliged, n)
}

// event evaluates one event to a fixed point: every pass re-evaluates all
// clauses given the engagements found so far, including the previous pass's
// findings for this event, until a pass finds the same obligations as the
// one before.
func (e *engine) event(i int, ev scenario.Event) {
	var prev []key
	for iter := 1; ; iter++ {
		e.pending, e.pendingNot = nil, nil
		for _, t := range e.ra.Treaties {
			for _, c := range t.Clauses {
				e.clause(i, ev, t, c)
			}
		}
		keys := make([]key, len(e.pending))
		for j, o := range e.pending {
			keys[j] = key{o.Party, o.Treaty, o.Clause, o.Beneficiary}
		}
		e.lastPass = e.pending
		e.lastPassEngaged = map[[2]string]bool{}
		for _, o := range e.pending {
			if engages(o) {
				e.lastPassEngaged[[2]string{o.Party, o.Treaty}] = true
			}
		}
		e.res.Iterations = max(e.res.Iterations, iter)
		if slices.Equal(keys, prev) || iter == maxIterations {
			if iter == maxIterations && !slices.Equal(keys, prev) {
				e.res.Conflicts = append(e.res.Conflicts, Conflict{Kind: Unstable, Event: &i, Obligations: []int{},
					Detail: fmt.Sprintf("obligations did not settle after %d passes; carve-outs may depend on each other in a cycle", maxIterations)})
			}
			for _, o := range e.pending {
				e.oblige(o)
			}
			for _, n := range e.pendingNot {
				e.decline(n)
			}
			e.pending, e.pendingNot, e.lastPass, e.lastPassEngaged = nil, nil, nil, nil
			return
		}
		prev = keys
	}
}

// clause evaluates one clause against one event.
func (e *engine) clause(i int, ev scenario.Event, t *scenario.ResolvedTreaty, c *scenario.ResolvedClause) {
	if c.Always || c.Type == scenario.NonAggression {
		return
	}
	b := ev.Victim // the candidate beneficiary
	against := ev.Attacker
	if c.Involvement == "attacker" {
		b, against = ev.Attacker, ev.Victim
	}
	idx := i
	evDesc := fmt.Sprintf("event %d: %s — %s", i+1, ev.String(), e.describeEvent(ev))
	reason, detail, why := e.applies(ev, t, c, b)
	for _, p := range c.Parties {
		n := NotObliged{Party: p, Treaty: c.Treaty, Clause: c.ID, Beneficiary: b, Event: &idx}
		switch {
		case p == ev.Victim:
			n.Reason, n.Detail = IsVictim, fmt.Sprintf("%s is the party attacked in event %d; a victim is not obliged to itself", e.name(p), i+1)
			e.pendingNot = append(e.pendingNot, n)
		case p == ev.Attacker && slices.Contains(c.Beneficiaries, b):
			n.Reason, n.Detail = IsAttacker, fmt.Sprintf("%s made the attack in event %d", e.name(p), i+1)
			e.pendingNot = append(e.pendingNot, n)
		case reason != "":
			n.Reason, n.Detail = reason, detail
			e.pendingNot = append(e.pendingNot, n)
		default:
			because := append([]string{evDesc}, why...)
			because = append(because, fmt.Sprintf("%s is bound by %s (%s)", e.name(p), ref(c), describeClause(c)))
			e.pending = append(e.pending, Obligation{Party: p, Type: c.Type, Treaty: c.Treaty, Clause: c.ID, Strength: c.Strength,
				Beneficiary: b, Against: against, Forms: c.Forms, Event: &idx, Because: because})
		}
	}
	// Role holders outside the clause are told why they are not obliged.
	for _, r := range e.roleHolders() {
		if !slices.Contains(c.Beneficiaries, b) || slices.Contains(c.Parties, r) || r == ev.Attacker || r == ev.Victim {
			continue
		}
		e.pendingNot = append(e.pendingNot, NotObliged{Party: r, Treaty: c.Treaty, Clause: c.ID, Beneficiary: b, Event: &idx, Reason: NotParty,
			Detail: fmt.Sprintf("%s is not a party to %s", e.name(r), ref(c))})
	}
}

// roleHolders are the actors whose non-obligations are always reported:
// the patron and the guarantors.
func (e *engine) roleHolders() []string {
	out := []string{e.s.Doc.Roles.Patron}
	for _, g := range e.ra.Guarantors {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

func (e *engine) describeEvent(ev scenario.Event) string {
	what := "an armed attack"
	switch ev.Scale {
	case scenario.ScaleGrayZone:
		what = "gray-zone pressure (below the threshold of an armed attack)"
	case scenario.ScaleLimited:
		what = "a limited armed attack"
	case scenario.ScaleFull:
		what = "a full-scale armed attack"
	case scenario.ScaleStrike:
		what = "a strike"
	}
	s := fmt.Sprintf("%s by %s on the territory of %s", what, e.name(ev.Attacker), e.name(ev.Victim))
	if ev.On == scenario.OnForces {
		s = fmt.Sprintf("%s by %s on the forces of %s in %s", what, e.name(ev.Attacker), e.name(ev.Victim), e.placeName(ev.In))
	}
	if ev.From != "" {
		s += fmt.Sprintf(", launched from %s", e.placeName(ev.From))
	}
	return s
}

func (e *engine) placeName(id string) string {
	if _, ok := e.s.Actor(id); ok {
		return e.name(id)
	}
	if p, ok := e.s.Data.Place(id); ok {
		return p.Name
	}
	return id
}

// applies checks trigger, beneficiary, scope and carve-outs. It returns a
// reason code and detail if the clause does not apply, or the reasons it
// does.
func (e *engine) applies(ev scenario.Event, t *scenario.ResolvedTreaty, c *scenario.ResolvedClause, b string) (reason, detail string, because []string) {
	r := ref(c)
	if !slices.Contains(c.Beneficiaries, b) {
		role := "attacked"
		if c.Involvement == "attacker" {
			role = "attacking"
		}
		return OutOfScope, fmt.Sprintf("the %s actor, %s, is not a beneficiary of %s", role, e.name(b), r), nil
	}
	because = append(because, fmt.Sprintf("%s is a beneficiary of %s", e.name(b), r))
	if !slices.Contains(c.Scales, ev.Scale) {
		return TriggerNotMet, fmt.Sprintf("%s is triggered by %s, not %s", r, strings.Join(c.Scales, ", "), ev.Scale), nil
	}
	if !slices.Contains(c.AttackOn, ev.On) {
		return TriggerNotMet, fmt.Sprintf("%s is triggered by attacks on %s, not on %s", r, strings.Join(c.AttackOn, " or "), ev.On), nil
	}
	if !c.ByAny && !slices.Contains(c.By, ev.Attacker) {
		return TriggerNotMet, fmt.Sprintf("%s is triggered only by attacks by %s", r, strings.Join(c.By, ", ")), nil
	}
	if !c.FromAny && !slices.Contains(c.From, ev.From) {
		from := "no named place"
		if ev.From != "" {
			from = e.placeName(ev.From)
		}
		return TriggerNotMet, fmt.Sprintf("%s is triggered only by attacks launched from %s, not from %s", r, strings.Join(c.From, ", "), from), nil
	}
	if c.Involvement == "attacker" && !c.AgainstAny && !slices.Contains(c.Against, ev.Victim) {
		return TriggerNotMet, fmt.Sprintf("%s applies only to attacks on %s", r, strings.Join(c.Against, ", ")), nil
	}
	because = append(because, fmt.Sprintf("the trigger is met: the clause counts %s attacks by %s", ev.Scale, attackerDesc(c)))
	if c.Scope != nil {
		owner := ev.Victim
		zi := slices.IndexFunc(c.Scope, func(z scenario.ResolvedZone) bool { return e.inZone(ev, owner, z) })
		if zi < 0 {
			what := fmt.Sprintf("the territory of %s lies", e.name(ev.Victim))
			if ev.On == scenario.OnForces {
				what = fmt.Sprintf("the forces of %s in %s lie", e.name(ev.Victim), e.placeName(ev.In))
			}
			return OutOfScope, fmt.Sprintf("%s outside the scope of %s, which covers %s", what, r, e.describeScope(c.Scope)), nil
		}
		because = append(because, fmt.Sprintf("the attack falls within the scope of %s: %s", r, e.describeZone(c.Scope[zi])))
	}
	for _, tt := range e.ra.Treaties {
		for _, co := range tt.CarveOuts {
			if co.Target != c.Treaty || co.Clause != c.ID {
				continue
			}
			if !slices.Contains(co.Parties, b) {
				continue
			}
			if !slices.Contains(co.AttackOn, ev.On) {
				because = append(because, fmt.Sprintf("carve-out %s/%s does not apply: it covers attacks on %s only", co.Treaty, co.ID, strings.Join(co.AttackOn, " and ")))
				continue
			}
			if ev.On == scenario.OnForces && ev.In == b && !co.IncludeHomeForces {
				because = append(because, fmt.Sprintf("carve-out %s/%s does not apply: an attack on %s's forces on its own territory counts as an attack on its territory", co.Treaty, co.ID, e.name(b)))
				continue
			}
			if co.While == "engaged" && !e.engaged(b, co.Treaty) {
				because = append(because, fmt.Sprintf("carve-out %s/%s does not apply: %s is not engaged under %s", co.Treaty, co.ID, e.name(b), co.Treaty))
				continue
			}
			cond := ""
			if co.While == "engaged" {
				cond = fmt.Sprintf(", and %s is engaged under %s", e.name(b), co.Treaty)
			}
			return CarvedOut, fmt.Sprintf("%s promised under %s/%s not to invoke %s for attacks on its %s%s", e.name(b), co.Treaty, co.ID, r, strings.Join(co.AttackOn, " or "), cond), nil
		}
	}
	return "", "", because
}

func attackerDesc(c *scenario.ResolvedClause) string {
	if c.ByAny {
		return "any state"
	}
	return strings.Join(c.By, ", ")
}

// inZone reports whether an attack on owner's territory or forces falls in
// the zone.
func (e *engine) inZone(ev scenario.Event, owner string, z scenario.ResolvedZone) bool {
	if z.AttackOn != "any" && z.AttackOn != ev.On {
		return false
	}
	if !z.OfAny && !slices.Contains(z.Of, owner) {
		return false
	}
	place := ev.In
	if !z.InAnywhere && !slices.Contains(z.In, place) {
		return false
	}
	if len(z.Regions) > 0 {
		regions := e.s.PlaceRegions(place)
		if !slices.ContainsFunc(z.Regions, func(r string) bool { return slices.Contains(regions, r) }) {
			return false
		}
	}
	return true
}

func (e *engine) describeZone(z scenario.ResolvedZone) string {
	var b strings.Builder
	switch z.AttackOn {
	case "any":
		b.WriteString("attacks on the territory or forces")
	default:
		b.WriteString("attacks on the " + z.AttackOn)
	}
	b.WriteString(" of " + z.OfText)
	if !z.InAnywhere {
		b.WriteString(" in " + z.InText)
	}
	if len(z.Regions) > 0 {
		b.WriteString(" within " + strings.Join(z.Regions, " or "))
	}
	return b.String()
}

func (e *engine) describeScope(zs []scenario.ResolvedZone) string {
	var out []string
	for i, z := range zs {
		out = append(out, fmt.Sprintf("(%d) %s", i+1, e.describeZone(z)))
	}
	return strings.Join(out, "; ")
}

// side reports whom an obligation puts the party with and against.
func side(o Obligation) (with, against string, ok bool) {
	switch o.Type {
	case scenario.Defence, scenario.Offence:
		return o.Beneficiary, o.Against, true
	}
	return "", "", false
}

func (e *engine) conflicts(events []scenario.Event) {
	ob := e.res.Obliged
	add := func(c Conflict) { e.res.Conflicts = append(e.res.Conflicts, c) }
	for i := range ob {
		wi, ai, oki := side(ob[i])
		for j := i + 1; j < len(ob); j++ {
			if ob[i].Party != ob[j].Party {
				continue
			}
			p := ob[i].Party
			wj, aj, okj := side(ob[j])
			switch {
			case oki && okj && (ai == wj || aj == wi):
				add(Conflict{Party: p, Kind: OpposingSides, Obligations: []int{i, j},
					Detail: fmt.Sprintf("%s is obliged to side with %s against %s (%s/%s) and with %s against %s (%s/%s)",
						e.name(p), e.name(wi), e.name(ai), ob[i].Treaty, ob[i].Clause, e.name(wj), e.name(aj), ob[j].Treaty, ob[j].Clause)})
			case oki && ob[j].Type == scenario.Neutrality && ai == ob[j].Beneficiary,
				okj && ob[i].Type == scenario.Neutrality && aj == ob[i].Beneficiary:
				add(Conflict{Party: p, Kind: NeutralityClash, Obligations: []int{i, j},
					Detail: fmt.Sprintf("%s must fight %s under one pledge and stay neutral toward it under another", e.name(p), e.name(pick(oki, ai, aj)))})
			case oki && ob[j].Type == scenario.NonAggression && ai == ob[j].Beneficiary,
				okj && ob[i].Type == scenario.NonAggression && aj == ob[i].Beneficiary:
				add(Conflict{Party: p, Kind: NonAggressionClash, Obligations: []int{i, j},
					Detail: fmt.Sprintf("%s must fight %s, which it has promised not to attack", e.name(p), e.name(pick(oki, ai, aj)))})
			}
		}
	}
	for k, ev := range events {
		for i, o := range ob {
			if o.Type == scenario.NonAggression && o.Party == ev.Attacker && o.Beneficiary == ev.Victim {
				idx := k
				add(Conflict{Party: o.Party, Kind: Breach, Obligations: []int{i}, Event: &idx,
					Detail: fmt.Sprintf("event %d breaches %s/%s: %s promised not to attack %s", k+1, o.Treaty, o.Clause, e.name(o.Party), e.name(o.Beneficiary))})
			}
		}
	}
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// accessions lists, for each actor an arrangement adds to a group, the
// treaties it thereby joins and who must consent.
func accessions(ra *scenario.ResolvedArrangement) []Accession {
	out := []Accession{}
	for _, acc := range ra.Arrangement.Accessions {
		for _, actor := range acc.Actors {
			for _, t := range ra.Treaties {
				if !slices.Contains(t.Parties, actor) {
					continue
				}
				a := Accession{Actor: actor, Treaty: t.ID, Rule: t.Accession, MustConsent: []string{}}
				switch t.Accession {
				case "unanimity", "majority":
					for _, p := range t.Parties {
						if !slices.Contains(acc.Actors, p) {
							a.MustConsent = append(a.MustConsent, p)
						}
					}
				}
				out = append(out, a)
			}
		}
	}
	return out
}
