package scenario

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bulwark-sim/bulwark/dataset"
	"github.com/bulwark-sim/bulwark/diag"
)

type datasetFigure = dataset.Figure

// ResolvedArrangement is an arrangement with every reference resolved:
// parameters substituted, groups expanded to actor ids, defaults applied.
// The treaty engine works on it.
type ResolvedArrangement struct {
	ID          string
	Arrangement *Arrangement
	Guarantors  []string
	Treaties    []*ResolvedTreaty
}

// ResolvedTreaty is a treaty in force under an arrangement.
type ResolvedTreaty struct {
	ID        string
	Name      string
	Parties   []string
	Accession string
	Clauses   []*ResolvedClause
	CarveOuts []*ResolvedCarveOut
}

// ResolvedClause is a clause with concrete actor sets.
type ResolvedClause struct {
	ID, Name, Type string
	Treaty         string
	Forms          []string
	Parties        []string
	Beneficiaries  []string
	Strength       string
	Always         bool
	AttackOn       []string
	// By lists the attackers that count; ByAny means any state.
	By    []string
	ByAny bool
	// Against lists, for offence clauses, the victims that count.
	Against    []string
	AgainstAny bool
	// From lists the places an attack must be launched from; FromAny means
	// anywhere.
	From        []string
	FromAny     bool
	Scales      []string
	Involvement string
	// Scope is nil when the clause covers attacks anywhere.
	Scope []ResolvedZone
}

// ResolvedZone is one zone of a clause's scope.
type ResolvedZone struct {
	AttackOn string
	Of       []string
	// In lists the places (actor ids for territory, place ids) the attack
	// must fall in; InAnywhere means no such condition.
	In         []string
	InAnywhere bool
	// OfAny means the zone covers attacks on anyone's territory or forces.
	OfAny   bool
	Regions []string
	// OfText and InText are the zone's actor sets as written, for
	// explanations ("parties", "mediterranean, north-atlantic").
	OfText, InText string
}

// ResolvedCarveOut is a promise not to invoke another treaty's clause.
type ResolvedCarveOut struct {
	ID       string
	Treaty   string // the treaty that makes the promise
	Target   string // the treaty whose clause is given up
	Clause   string
	Parties  []string
	AttackOn []string
	// IncludeHomeForces extends the carve-out to attacks on a party's
	// forces on its own territory.
	IncludeHomeForces bool
	While             string
	Rationale         string
}

// Resolve resolves the named arrangement.
func (s *Scenario) Resolve(id string) (*ResolvedArrangement, error) {
	a, ok := s.Arrangement(id)
	if !ok {
		return nil, fmt.Errorf("unknown arrangement %q (%s)", id, hintOr(diag.DidYouMean(id, s.ArrangementIDs()), "the scenario has "+strings.Join(s.ArrangementIDs(), ", ")))
	}
	r, d := s.resolve(a)
	if err := d.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// roleKeywords may stand in any actor set for the actors holding a role:
// the scenario's attacker, target and patron, the alliance's members and
// the arrangement's guarantors.
var roleKeywords = []string{"attacker", "target", "patron", "alliance", "guarantors"}

// keywords are reserved words of actor sets; no actor, group or place may
// use one as its id.
var keywords = append([]string{"any", "parties", "beneficiaries"}, roleKeywords...)

type setCtx struct {
	arr           *Arrangement
	path          string // path of the arrangement, for messages
	parties       []string
	beneficiaries []string
	// hasParties and hasBeneficiaries say whether the keywords may be used
	// here (the sets themselves may be empty).
	hasParties, hasBeneficiaries bool
	allowAny                     bool
	allowPlaces                  bool
	inParams                     bool
}

type resolver struct {
	s     *Scenario
	diags diag.List
}

func (r *resolver) errf(path, hint, format string, args ...any) {
	r.diags.Add(r.s.Pos(path), fmt.Sprintf(format, args...), hint)
}

// members returns a group's members under an arrangement's accessions.
func (r *resolver) members(group string, a *Arrangement) []string {
	m := r.s.groups[group]
	for _, acc := range a.Accessions {
		if acc.Group == group {
			m = append(slices.Clone(m), acc.Actors...)
		}
	}
	slices.Sort(m)
	return slices.Compact(m)
}

// set resolves an ActorSet. It returns the actor (and place) ids and
// whether the set contained "any".
func (r *resolver) set(set ActorSet, path string, c setCtx) ([]string, bool) {
	out := map[string]bool{}
	anyOK := false
	add := func(ids ...string) {
		for _, id := range ids {
			out[id] = true
		}
	}
	for i, item := range set {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case item == "any" && c.allowAny:
			anyOK = true
		case item == "parties" && c.hasParties:
			add(c.parties...)
		case item == "beneficiaries" && c.hasBeneficiaries:
			add(c.beneficiaries...)
		case item == "attacker":
			add(r.s.Doc.Roles.Attacker)
		case item == "target":
			add(r.s.Doc.Roles.Target)
		case item == "patron":
			add(r.s.Doc.Roles.Patron)
		case item == "alliance":
			add(r.members(r.s.Doc.Roles.Alliance, c.arr)...)
		case item == "guarantors" && !c.inParams:
			g, _ := r.set(c.arr.Guarantors, c.path+".guarantors", setCtx{arr: c.arr, path: c.path, inParams: true})
			add(g...)
		case strings.HasPrefix(item, "$"):
			name := item[1:]
			if c.inParams {
				r.errf(p, "parameter values name actors and groups directly", "parameter reference %q inside a parameter", item)
				continue
			}
			if name == "guarantors" {
				g, _ := r.set(c.arr.Guarantors, c.path+".guarantors", setCtx{arr: c.arr, path: c.path, inParams: true})
				add(g...)
				continue
			}
			pv, ok := c.arr.Parameters[name]
			if !ok {
				hint := "define it under the arrangement's parameters:"
				if h := diag.DidYouMean(name, append(slices.Collect(maps.Keys(c.arr.Parameters)), "guarantors")); h != "" {
					hint = h
				}
				r.errf(p, hint, "%s refers to parameter %q, which arrangement %q does not define", item, name, c.arr.ID)
				continue
			}
			ids, _ := r.set(ActorSet(pv.Values), c.path+".parameters."+name, setCtx{arr: c.arr, path: c.path, inParams: true})
			add(ids...)
		case r.s.actors[item] != nil:
			add(item)
		case r.s.groups[item] != nil:
			add(r.members(item, c.arr)...)
		case c.allowPlaces && r.s.places[item] != nil:
			add(item)
		default:
			hint := ""
			cands := slices.Collect(maps.Keys(r.s.actors))
			cands = append(cands, slices.Collect(maps.Keys(r.s.groups))...)
			if c.allowPlaces {
				cands = append(cands, slices.Collect(maps.Keys(r.s.places))...)
			}
			var kw []string
			if c.allowAny {
				kw = append(kw, "any")
			}
			if c.hasParties {
				kw = append(kw, "parties")
			}
			if c.hasBeneficiaries {
				kw = append(kw, "beneficiaries")
			}
			kw = append(kw, roleKeywords...)
			if slices.Contains(keywords, item) {
				hint = fmt.Sprintf("the keyword %q cannot be used here", item)
				if c.inParams {
					hint = "guarantors and parameter values name actors and groups directly"
				}
			} else {
				hint = diag.DidYouMean(item, append(cands, kw...))
			}
			if hint == "" {
				hint = "use an actor id (ISO 3166-1 alpha-3), a group, a $parameter or a role (attacker, target, patron, alliance, guarantors)"
			}
			r.errf(p, hint, "unknown actor or group %q", item)
		}
	}
	return slices.Sorted(maps.Keys(out)), anyOK
}

func (s *Scenario) resolve(a *Arrangement) (*ResolvedArrangement, diag.List) {
	r := &resolver{s: s}
	ai := slices.IndexFunc(s.Doc.Arrangements, func(x Arrangement) bool { return x.ID == a.ID })
	ap := fmt.Sprintf("arrangements[%d]", ai)
	base := setCtx{arr: a, path: ap}
	out := &ResolvedArrangement{ID: a.ID, Arrangement: a}
	out.Guarantors, _ = r.set(a.Guarantors, ap+".guarantors", setCtx{arr: a, path: ap, inParams: true})
	for name, pv := range a.Parameters {
		if pv.List {
			r.set(ActorSet(pv.Values), ap+".parameters."+name, setCtx{arr: a, path: ap, inParams: true})
		}
	}
	for _, f := range a.Aid {
		r.set(f.From, ap+".aid.from", base)
	}
	for _, tid := range a.Treaties {
		ti := slices.IndexFunc(s.Doc.Treaties, func(t Treaty) bool { return t.ID == tid })
		if ti < 0 {
			continue
		}
		t := &s.Doc.Treaties[ti]
		tp := fmt.Sprintf("treaties[%d]", ti)
		rt := &ResolvedTreaty{ID: t.ID, Name: t.Name, Accession: cmpOr(t.Accession, "unanimity")}
		rt.Parties, _ = r.set(t.Parties, tp+".parties", base)
		for ci := range t.Clauses {
			rt.Clauses = append(rt.Clauses, r.clause(t, rt, &t.Clauses[ci], fmt.Sprintf("%s.clauses[%d]", tp, ci), base))
		}
		for ci, co := range t.CarveOuts {
			cp := fmt.Sprintf("%s.carve_outs[%d]", tp, ci)
			target, clause, _ := strings.Cut(co.Clause, "/")
			rc := &ResolvedCarveOut{ID: co.ID, Treaty: t.ID, Target: target, Clause: clause,
				AttackOn: co.AttackOn, IncludeHomeForces: co.IncludeHomeForces, While: cmpOr(co.While, "engaged"), Rationale: co.Rationale}
			if rc.AttackOn == nil {
				rc.AttackOn = []string{OnForces}
			}
			if co.Parties == nil {
				rc.Parties = rt.Parties
			} else {
				c := base
				c.parties, c.hasParties = rt.Parties, true
				rc.Parties, _ = r.set(co.Parties, cp+".parties", c)
			}
			if _, known := s.Treaty(target); known && !slices.Contains(a.Treaties, target) {
				r.errf(cp+".clause", "add the treaty to the arrangement or drop the carve-out", "carve-out %q limits treaty %q, which arrangement %q does not include", co.ID, target, a.ID)
			}
			rt.CarveOuts = append(rt.CarveOuts, rc)
		}
		out.Treaties = append(out.Treaties, rt)
	}
	return out, r.diags
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// DefaultStrength is a clause's strength when none is given.
func DefaultStrength(clauseType string) string {
	if clauseType == Consultation {
		return Consult
	}
	return AsDeemedNecessary
}

// DefaultScales are the scales a clause's trigger counts when none are
// given: every scale for consultation, armed attacks otherwise.
func DefaultScales(clauseType string) []string {
	if clauseType == Consultation {
		return slices.Clone(scales)
	}
	return slices.Clone(armedAttackScales)
}

// DefaultInvolvement is the beneficiary's part in the triggering event.
func DefaultInvolvement(clauseType string) string {
	if clauseType == Offence {
		return "attacker"
	}
	return "victim"
}

func (r *resolver) clause(t *Treaty, rt *ResolvedTreaty, c *Clause, cp string, base setCtx) *ResolvedClause {
	rc := &ResolvedClause{ID: c.ID, Name: c.Name, Type: c.Type, Treaty: t.ID, Forms: c.Forms}
	withParties := base
	withParties.parties, withParties.hasParties = rt.Parties, true
	rc.Parties = rt.Parties
	if c.Parties != nil {
		rc.Parties, _ = r.set(c.Parties, cp+".parties", withParties)
	}
	rc.Beneficiaries = rt.Parties
	if c.Beneficiaries != nil {
		rc.Beneficiaries, _ = r.set(c.Beneficiaries, cp+".beneficiaries", withParties)
	}
	rc.Strength = cmpOr(c.Strength, DefaultStrength(c.Type))
	if strings.HasPrefix(rc.Strength, "$") {
		name := rc.Strength[1:]
		pv, ok := base.arr.Parameters[name]
		switch {
		case !ok:
			r.errf(cp+".strength", hintOr(diag.DidYouMean(name, slices.Collect(maps.Keys(base.arr.Parameters))), "define it under the arrangement's parameters:"),
				"strength refers to parameter %q, which arrangement %q does not define", name, base.arr.ID)
		case pv.List || !slices.Contains(strengths, pv.String()):
			r.errf(base.path+".parameters."+name, "use one of: "+strings.Join(strengths, ", "), "parameter %q is used as a strength but is %q", name, pv.String())
		default:
			rc.Strength = pv.String()
		}
	}
	full := withParties
	full.beneficiaries, full.hasBeneficiaries = rc.Beneficiaries, true
	tr := c.Trigger
	if tr == nil {
		tr = &Trigger{}
	}
	rc.Always = tr.Always
	rc.AttackOn = tr.AttackOn
	if rc.AttackOn == nil {
		rc.AttackOn = []string{OnTerritory, OnForces}
	}
	rc.Scales = tr.Scales
	if rc.Scales == nil {
		rc.Scales = DefaultScales(c.Type)
	}
	rc.Involvement = cmpOr(tr.Involvement, DefaultInvolvement(c.Type))
	anyCtx := full
	anyCtx.allowAny = true
	if tr.By == nil {
		rc.ByAny = true
	} else {
		rc.By, rc.ByAny = r.set(tr.By, cp+".trigger.by", anyCtx)
	}
	if tr.Against == nil {
		rc.AgainstAny = true
	} else {
		rc.Against, rc.AgainstAny = r.set(tr.Against, cp+".trigger.against", anyCtx)
	}
	placeCtx := full
	placeCtx.allowPlaces = true
	if tr.From == nil {
		rc.FromAny = true
	} else {
		rc.From, _ = r.set(tr.From, cp+".trigger.from", placeCtx)
	}
	for zi, z := range c.Scope {
		zp := fmt.Sprintf("%s.scope[%d]", cp, zi)
		rz := ResolvedZone{AttackOn: z.AttackOn, Regions: z.Regions, Of: rc.Beneficiaries, InAnywhere: z.In == nil,
			OfText: "the beneficiaries", InText: r.friendly(z.In, base.arr)}
		if c.Type == Offence && z.Of == nil {
			// An offence clause's zones say where the beneficiary's attack
			// may land; by default, on anyone.
			rz.Of, rz.OfAny, rz.OfText = nil, true, "any state"
		}
		if z.Of != nil {
			rz.OfText = r.friendly(z.Of, base.arr)
		}
		if z.Of != nil {
			rz.Of, _ = r.set(z.Of, zp+".of", full)
		}
		if z.In != nil {
			rz.In, _ = r.set(z.In, zp+".in", placeCtx)
		}
		rc.Scope = append(rc.Scope, rz)
	}
	return rc
}

// parseEvent parses one event and checks its actors and places. pos is the
// position of the event's text; path its document path ("" for the CLI).
func (s *Scenario) parseEvent(text string, pos diag.Pos) (Event, diag.List) {
	var d diag.List
	e, cols, err := parseEventCols(text)
	if err != nil {
		ee := err.(*EventError)
		p := pos
		if p.Line > 0 {
			p.Col += ee.Col - 1
		}
		d.Add(p, "event: "+ee.Msg, ee.Hint)
		return e, d
	}
	at := func(col int) diag.Pos {
		p := pos
		if p.Line > 0 {
			p.Col += col - 1
		}
		return p
	}
	actorIDs := func() []string { return slices.Collect(maps.Keys(s.actors)) }
	for _, x := range []struct {
		what, id string
		col      int
	}{{"attacker", e.Attacker, cols.attacker}, {"attacked actor", e.Victim, cols.victim}} {
		if s.actors[x.id] == nil {
			hint := diag.DidYouMean(x.id, actorIDs())
			if g, ok := s.groups[x.id]; ok {
				hint = fmt.Sprintf("%q is a group (%d members); events name one actor", x.id, len(g))
			}
			d.Add(at(x.col), fmt.Sprintf("event: unknown %s %q", x.what, x.id), hint)
		}
	}
	if e.Attacker == e.Victim && s.actors[e.Attacker] != nil {
		d.Add(at(cols.victim), "event: an actor cannot attack itself", "")
	}
	for _, x := range []struct {
		id  string
		col int
	}{{e.In, cols.in}, {e.From, cols.from}} {
		if x.id != "" && x.id != e.Victim && !s.IsPlace(x.id) {
			cands := append(actorIDs(), slices.Collect(maps.Keys(s.places))...)
			d.Add(at(x.col), fmt.Sprintf("event: unknown place %q", x.id), hintOr(diag.DidYouMean(x.id, cands), "a place is an actor's territory or a declared place"))
		}
	}
	if e.On == OnForces && s.actors[e.Victim] != nil && s.actors[e.Victim].Kind == "organisation" {
		d.Add(at(cols.victim), fmt.Sprintf("event: %q is an organisation; attack its members' forces instead", e.Victim), "")
	}
	return e, d
}

// Events parses events given on a command line or in a request, expanding
// ids of the scenario's named events into their sequences. Positions name
// source ("--event") and the event's ordinal.
func (s *Scenario) Events(source string, texts []string) ([]Event, diag.List) {
	var out []Event
	var diags diag.List
	for i, t := range texts {
		if j := slices.IndexFunc(s.Doc.Events, func(n NamedEvent) bool { return n.ID == strings.TrimSpace(t) }); j >= 0 {
			for k, seq := range s.Doc.Events[j].Sequence {
				e, d := s.parseEvent(seq, s.Pos(fmt.Sprintf("events[%d].sequence[%d]", j, k)))
				diags.Append(d)
				out = append(out, e)
			}
			continue
		}
		pos := diag.Pos{File: fmt.Sprintf("%s #%d", source, i+1), Line: 1, Col: 1}
		if w := strings.Fields(t); len(w) == 1 && isID(w[0]) && len(s.Doc.Events) > 0 {
			// One word that is not a named event.
			var ids []string
			for _, n := range s.Doc.Events {
				ids = append(ids, n.ID)
			}
			near := diag.Closest(w[0], ids, 2)
			if len(near) > 0 || s.actors[w[0]] == nil {
				hint := "named events: " + strings.Join(ids, ", ") + "; or write an event such as \"" + s.Doc.Roles.Attacker + " attacks " + s.Doc.Roles.Target + "\""
				if len(near) == 1 {
					hint = fmt.Sprintf("did you mean %q?", near[0])
				}
				diags.Add(pos, fmt.Sprintf("unknown named event %q", w[0]), hint)
				continue
			}
		}
		e, d := s.parseEvent(t, pos)
		diags.Append(d)
		out = append(out, e)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return out, diags
}

// friendly renders an actor set as written, for explanations: keywords
// become phrases and roles name their holder.
func (r *resolver) friendly(set ActorSet, a *Arrangement) string {
	var out []string
	for _, item := range set {
		switch item {
		case "parties", "beneficiaries":
			out = append(out, "the "+item)
		case "attacker", "target", "patron":
			id := map[string]string{"attacker": r.s.Doc.Roles.Attacker, "target": r.s.Doc.Roles.Target, "patron": r.s.Doc.Roles.Patron}[item]
			out = append(out, fmt.Sprintf("the %s (%s)", item, id))
		case "alliance":
			out = append(out, fmt.Sprintf("the alliance (%s)", r.s.Doc.Roles.Alliance))
		case "guarantors":
			out = append(out, "the guarantors")
		default:
			out = append(out, item)
		}
	}
	return strings.Join(out, ", ")
}
