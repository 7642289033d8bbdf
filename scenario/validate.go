package scenario

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/bulwark-sim/bulwark/diag"
)

var (
	isoCode       = regexp.MustCompile(`^[A-Z]{3}$`)
	assistForms   = []string{"arms", "training", "finance", "sanctions"}
	attackObjects = []string{OnTerritory, OnForces}
)

type validator struct {
	s     *Scenario
	diags diag.List
}

func (v *validator) errf(path, hint, format string, args ...any) {
	v.diags.Add(v.s.Pos(path), fmt.Sprintf(format, args...), hint)
}

// validate builds the scenario's tables and checks every cross-reference.
func (s *Scenario) validate() diag.List {
	v := &validator{s: s}
	v.actors()
	v.places()
	v.groups()
	v.roles()
	v.treaties()
	v.assumptions()
	v.arrangements()
	v.events()
	return v.diags
}

func (v *validator) unique(kind string, n int, id func(int) string, path func(int) string, taken map[string]string) {
	seen := map[string]int{}
	for i := range n {
		x := id(i)
		if x == "" {
			continue
		}
		if j, dup := seen[x]; dup {
			v.errf(path(i)+".id", "ids must be unique", "duplicate %s id %q (first at line %d)", kind, x, v.s.Pos(path(j)+".id").Line)
			continue
		}
		seen[x] = i
		if slices.Contains(Keywords, x) && kind != "treaty" && kind != "arrangement" && kind != "assumption" && kind != "event" {
			v.errf(path(i)+".id", "reserved words: "+strings.Join(Keywords, ", "), "%s id %q is a reserved word", kind, x)
			continue
		}
		if taken != nil {
			if other, ok := taken[x]; ok {
				v.errf(path(i)+".id", "actors, groups and places share one namespace; rename one", "%s id %q is already used by %s", kind, x, other)
				continue
			}
			taken[x] = kind + " " + x
		}
	}
}

func (v *validator) actors() {
	s := v.s
	s.actors = map[string]*ActorInfo{}
	for _, a := range s.Data.Actors {
		s.actors[a.ID] = &ActorInfo{ID: a.ID, Name: a.Name, Kind: a.Kind, Regions: a.Regions, Figures: a.Figures}
	}
	acts := s.Doc.Actors
	v.unique("actor", len(acts), func(i int) string { return acts[i].ID }, func(i int) string { return fmt.Sprintf("actors[%d]", i) }, nil)
	known := slices.Sorted(maps.Keys(s.actors))
	for i, a := range acts {
		p := fmt.Sprintf("actors[%d]", i)
		info, inData := s.actors[a.ID]
		if !inData {
			if a.Name == "" || a.Kind == "" {
				hint := diag.DidYouMean(a.ID, known)
				if hint == "" {
					hint = "to declare a new actor give it a name and a kind (state or organisation)"
				}
				v.errf(p+".id", hint, "unknown actor %q: not in the embedded dataset and not declared with a name and kind", a.ID)
				continue
			}
			if a.Kind == "state" && !isoCode.MatchString(a.ID) {
				v.errf(p+".id", "states are named by their ISO 3166-1 alpha-3 code, e.g. POL", "state id %q is not an ISO 3166-1 alpha-3 code", a.ID)
			}
			info = &ActorInfo{ID: a.ID, Kind: a.Kind}
			s.actors[a.ID] = info
		} else {
			c := *info
			c.Figures = maps.Clone(info.Figures)
			info = &c
			s.actors[a.ID] = info
		}
		info.Declared = true
		if a.Name != "" {
			info.Name = a.Name
		}
		if a.Kind != "" {
			info.Kind = a.Kind
		}
		if a.Regions != nil {
			info.Regions = a.Regions
		}
		for name, f := range a.Figures {
			fp := p + ".figures." + name
			if strings.TrimSpace(f.Source) == "" {
				v.errf(fp+".source", "give the publication, edition and year, or 'assumption: ' and why", "figure %q has no source", name)
			}
			if info.Figures == nil {
				info.Figures = map[string]datasetFigure{}
			}
			info.Figures[name] = datasetFigure{Value: f.Value, Source: f.Source}
		}
	}
}

func (v *validator) places() {
	s := v.s
	s.places = map[string][]string{}
	s.regions = map[string]bool{}
	for _, p := range s.Data.Places {
		s.places[p.ID] = p.Regions
	}
	for _, a := range s.actors {
		for _, r := range a.Regions {
			s.regions[r] = true
		}
	}
	taken := map[string]string{}
	for id := range s.actors {
		taken[id] = "actor " + id
	}
	for _, g := range s.Data.Groups {
		taken[g.ID] = "group " + g.ID
	}
	for _, p := range s.Data.Places {
		taken[p.ID] = "place " + p.ID
	}
	pl := s.Doc.Places
	v.unique("place", len(pl), func(i int) string { return pl[i].ID }, func(i int) string { return fmt.Sprintf("places[%d]", i) }, taken)
	for _, p := range pl {
		s.places[p.ID] = p.Regions
	}
	for _, regs := range s.places {
		for _, r := range regs {
			s.regions[r] = true
		}
	}
	for id := range s.places {
		s.regions[id] = true
	}
	for i, a := range s.Doc.Actors {
		for j, r := range a.Regions {
			if !s.regions[r] {
				v.errf(fmt.Sprintf("actors[%d].regions[%d]", i, j), diag.DidYouMean(r, slices.Sorted(maps.Keys(s.regions))), "unknown region %q", r)
			}
		}
	}
	gs := s.Doc.Groups
	v.unique("group", len(gs), func(i int) string { return gs[i].ID }, func(i int) string { return fmt.Sprintf("groups[%d]", i) }, taken)
}

// groups expands every group to actor ids, reporting unknown members and
// cycles.
func (v *validator) groups() {
	s := v.s
	raw := map[string][]string{}
	rawPath := map[string]string{}
	for _, g := range s.Data.Groups {
		raw[g.ID] = g.Members
	}
	for i, g := range s.Doc.Groups {
		raw[g.ID] = g.Members
		rawPath[g.ID] = fmt.Sprintf("groups[%d]", i)
	}
	s.groups = map[string][]string{}
	state := map[string]int{} // 0 new, 1 visiting, 2 done
	var expand func(id string, stack []string) []string
	expand = func(id string, stack []string) []string {
		switch state[id] {
		case 1:
			cycle := append(slices.Clone(stack[slices.Index(stack, id):]), id)
			v.errf(rawPath[id]+".members", "a group may not contain itself, directly or through other groups", "cyclic groups: %s", strings.Join(cycle, " → "))
			return nil
		case 2:
			return s.groups[id]
		}
		state[id] = 1
		set := map[string]bool{}
		for j, m := range raw[id] {
			switch {
			case s.actors[m] != nil:
				set[m] = true
			case raw[m] != nil:
				for _, x := range expand(m, append(stack, id)) {
					set[x] = true
				}
			default:
				if p, ok := rawPath[id]; ok {
					v.errf(fmt.Sprintf("%s.members[%d]", p, j), v.suggestRef(m), "group %q: unknown member %q", id, m)
				}
			}
		}
		state[id] = 2
		s.groups[id] = slices.Sorted(maps.Keys(set))
		return s.groups[id]
	}
	for _, id := range slices.Sorted(maps.Keys(raw)) {
		expand(id, nil)
	}
}

// suggestRef proposes actor and group ids close to a bad reference.
func (v *validator) suggestRef(ref string) string {
	cands := slices.Collect(maps.Keys(v.s.actors))
	cands = append(cands, slices.Collect(maps.Keys(v.s.groups))...)
	if h := diag.DidYouMean(ref, cands); h != "" {
		return h
	}
	if isoCode.MatchString(strings.ToUpper(ref)) && v.s.actors[strings.ToUpper(ref)] != nil {
		return fmt.Sprintf("ids are case-sensitive: did you mean %q?", strings.ToUpper(ref))
	}
	return "declare it under actors: or groups:, or use an ISO 3166-1 alpha-3 code from the embedded dataset"
}

func (v *validator) roles() {
	s := v.s
	r := s.Doc.Roles
	for _, x := range []struct{ name, id string }{{"attacker", r.Attacker}, {"target", r.Target}, {"patron", r.Patron}} {
		if x.id != "" && s.actors[x.id] == nil {
			v.errf("roles."+x.name, v.suggestRef(x.id), "role %s: unknown actor %q", x.name, x.id)
		}
	}
	if r.Alliance != "" {
		if _, ok := s.groups[r.Alliance]; !ok {
			v.errf("roles.alliance", diag.DidYouMean(r.Alliance, slices.Collect(maps.Keys(s.groups))), "role alliance: unknown group %q", r.Alliance)
		} else if r.Patron != "" && !slices.Contains(s.groups[r.Alliance], r.Patron) {
			v.errf("roles.patron", "the patron is the alliance's leading member", "patron %q is not a member of alliance %q", r.Patron, r.Alliance)
		}
	}
	if r.Attacker != "" && r.Attacker == r.Target {
		v.errf("roles.target", "", "the target must differ from the attacker")
	}
}

func (v *validator) treaties() {
	s := v.s
	ts := s.Doc.Treaties
	v.unique("treaty", len(ts), func(i int) string { return ts[i].ID }, func(i int) string { return fmt.Sprintf("treaties[%d]", i) }, nil)
	for i, t := range ts {
		tp := fmt.Sprintf("treaties[%d]", i)
		cs := t.Clauses
		v.unique("clause", len(cs), func(j int) string { return cs[j].ID }, func(j int) string { return fmt.Sprintf("%s.clauses[%d]", tp, j) }, nil)
		for j, c := range cs {
			cp := fmt.Sprintf("%s.clauses[%d]", tp, j)
			if c.Type == Assistance {
				if len(c.Forms) == 0 {
					v.errf(cp+".type", "e.g. forms: [arms, training]", "assistance clause %q needs forms", c.ID)
				}
				for k, f := range c.Forms {
					if !slices.Contains(assistForms, f) {
						v.errf(fmt.Sprintf("%s.forms[%d]", cp, k), hintOr(diag.DidYouMean(f, assistForms), "use one of: "+strings.Join(assistForms, ", ")), "unknown form of assistance %q", f)
					}
				}
			} else if len(c.Forms) > 0 {
				v.errf(cp+".forms", "remove forms, or make the clause type assistance", "forms apply only to assistance clauses, not %s", c.Type)
			}
			if c.Strength != "" && !strings.HasPrefix(c.Strength, "$") && !slices.Contains(strengths, c.Strength) {
				v.errf(cp+".strength", hintOr(diag.DidYouMean(c.Strength, strengths), "use one of: "+strings.Join(strengths, ", ")), "strength %q is not one of %s", c.Strength, strings.Join(strengths, ", "))
			}
			if tr := c.Trigger; tr != nil {
				v.enumList(cp+".trigger.attack_on", tr.AttackOn, attackObjects, "attack object")
				v.enumList(cp+".trigger.scales", tr.Scales, Scales, "scale")
				if tr.Always && (tr.AttackOn != nil || tr.By != nil || tr.Scales != nil || tr.Against != nil) {
					v.errf(cp+".trigger.always", "an unconditional clause has no attack conditions; remove them or always", "trigger sets always together with attack conditions")
				}
				if tr.Against != nil && c.Type != Offence {
					v.errf(cp+".trigger.against", "against names the victims of an offence clause's beneficiary", "against applies only to offence clauses")
				}
			}
			for k, z := range c.Scope {
				for m, r := range z.Regions {
					if !s.regions[r] {
						v.errf(fmt.Sprintf("%s.scope[%d].regions[%d]", cp, k, m), diag.DidYouMean(r, slices.Sorted(maps.Keys(s.regions))), "unknown region %q", r)
					}
				}
			}
		}
		for j, co := range t.CarveOuts {
			pp := fmt.Sprintf("%s.carve_outs[%d]", tp, j)
			v.enumList(pp+".attack_on", co.AttackOn, attackObjects, "attack object")
			tid, cid, ok := strings.Cut(co.Clause, "/")
			if !ok {
				v.errf(pp+".clause", "write treaty/clause, e.g. nato/art5", "carve-out clause %q is not of the form treaty/clause", co.Clause)
				continue
			}
			ot, found := s.Treaty(tid)
			if !found {
				v.errf(pp+".clause", diag.DidYouMean(tid, treatyIDs(ts)), "carve-out refers to unknown treaty %q", tid)
				continue
			}
			if !slices.ContainsFunc(ot.Clauses, func(c Clause) bool { return c.ID == cid }) {
				v.errf(pp+".clause", diag.DidYouMean(cid, clauseIDs(ot)), "treaty %q has no clause %q", tid, cid)
			}
			if tid == t.ID {
				v.errf(pp+".clause", "a carve-out limits another treaty's clause", "treaty %q carves out its own clause", t.ID)
			}
		}
	}
}

func hintOr(h, alt string) string {
	if h != "" {
		return h
	}
	return alt
}

var strengths = []string{Automatic, AsDeemedNecessary, Consult}

func treatyIDs(ts []Treaty) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

func clauseIDs(t *Treaty) []string {
	var out []string
	for _, c := range t.Clauses {
		out = append(out, c.ID)
	}
	return out
}

func (v *validator) enumList(path string, vals, allowed []string, what string) {
	for i, x := range vals {
		if !slices.Contains(allowed, x) {
			v.errf(fmt.Sprintf("%s[%d]", path, i), hintOr(diag.DidYouMean(x, allowed), "use one of: "+strings.Join(allowed, ", ")), "unknown %s %q", what, x)
		}
	}
}

func (v *validator) arrangements() {
	s := v.s
	as := s.Doc.Arrangements
	v.unique("arrangement", len(as), func(i int) string { return as[i].ID }, func(i int) string { return fmt.Sprintf("arrangements[%d]", i) }, nil)
	if len(as) == 0 {
		v.errf("arrangements", "add at least one arrangement", "the scenario has no arrangements")
	}
	for i := range as {
		a := &as[i]
		ap := fmt.Sprintf("arrangements[%d]", i)
		for j, t := range a.Treaties {
			if _, ok := s.Treaty(t); !ok {
				v.errf(fmt.Sprintf("%s.treaties[%d]", ap, j), diag.DidYouMean(t, treatyIDs(s.Doc.Treaties)), "arrangement %q: unknown treaty %q", a.ID, t)
			}
		}
		if i := firstDup(a.Treaties); i >= 0 {
			v.errf(fmt.Sprintf("%s.treaties[%d]", ap, i), "list each treaty once", "arrangement %q lists treaty %q twice", a.ID, a.Treaties[i])
		}
		for j, acc := range a.Accessions {
			jp := fmt.Sprintf("%s.accessions[%d]", ap, j)
			if _, ok := s.groups[acc.Group]; !ok {
				v.errf(jp+".group", diag.DidYouMean(acc.Group, slices.Collect(maps.Keys(s.groups))), "accession to unknown group %q", acc.Group)
			}
			for k, x := range acc.Actors {
				if s.actors[x] == nil {
					v.errf(fmt.Sprintf("%s.actors[%d]", jp, k), v.suggestRef(x), "unknown actor %q", x)
				} else if slices.Contains(s.groups[acc.Group], x) {
					v.errf(fmt.Sprintf("%s.actors[%d]", jp, k), "remove it from the accession", "%q is already a member of %q", x, acc.Group)
				}
			}
		}
		for j, f := range a.Aid {
			fp := fmt.Sprintf("%s.aid[%d]", ap, j)
			if s.actors[f.To] == nil {
				v.errf(fp+".to", v.suggestRef(f.To), "aid to unknown actor %q", f.To)
			}
			v.enumList(fp+".forms", f.Forms, assistForms, "form of assistance")
			v.assumptionRef(fp+".amount", f.Amount)
		}
		if st := a.Settlement; st != nil {
			v.assumptionRef(ap+".settlement.territory_returned", st.TerritoryReturned)
			v.assumptionRef(ap+".settlement.force_cap_thousands", st.ForceCapThousands)
			if st.TargetJoinsAlliance && st.TargetNeutral {
				v.errf(ap+".settlement.target_neutral", "choose one", "the target cannot both join the alliance and stay neutral")
			}
		}
		for _, name := range slices.Sorted(maps.Keys(a.Parameters)) {
			if name == "guarantors" {
				v.errf(ap+".parameters."+name+"#key", "set the arrangement's guarantors field instead", "parameter name %q is reserved", name)
			}
		}
		if _, d := s.resolve(a); len(d) > 0 {
			v.diags.Append(d)
		}
	}
}

func firstDup(xs []string) int {
	seen := map[string]bool{}
	for i, x := range xs {
		if seen[x] {
			return i
		}
		seen[x] = true
	}
	return -1
}

func (v *validator) assumptionRef(path, id string) {
	if id == "" {
		return
	}
	for _, a := range v.s.Doc.Assumptions {
		if a.ID == id {
			return
		}
	}
	var ids []string
	for _, a := range v.s.Doc.Assumptions {
		ids = append(ids, a.ID)
	}
	v.errf(path, hintOr(diag.DidYouMean(id, ids), "declare it under assumptions:"), "unknown assumption %q", id)
}

// distParams lists the parameters each distribution family takes.
var distParams = map[string][][]string{
	DistPoint:      {{"value"}},
	DistUniform:    {{"min", "max"}},
	DistTriangular: {{"min", "mode", "max"}},
	DistPERT:       {{"min", "mode", "max"}},
	DistNormal:     {{"mean", "sd"}},
	DistLognormal:  {{"mean", "sd"}},
	DistBeta:       {{"mean", "sd"}, {"alpha", "beta"}},
}

func (v *validator) assumptions() {
	as := v.s.Doc.Assumptions
	v.unique("assumption", len(as), func(i int) string { return as[i].ID }, func(i int) string { return fmt.Sprintf("assumptions[%d]", i) }, nil)
	for i := range as {
		v.assumption(fmt.Sprintf("assumptions[%d]", i), &as[i])
	}
}

func (v *validator) assumption(p string, a *Assumption) {
	given := map[string]*float64{"value": a.Value, "min": a.Min, "mode": a.Mode, "max": a.Max, "mean": a.Mean, "sd": a.SD, "alpha": a.Alpha, "beta": a.Beta}
	forms, ok := distParams[a.Dist]
	if !ok {
		return // the decoder reported the bad family
	}
	var form []string
	for _, f := range forms {
		if given[f[0]] != nil {
			form = f
		}
	}
	if form == nil {
		form = forms[0]
	}
	var alts []string
	for _, f := range forms {
		alts = append(alts, strings.Join(f, ", "))
	}
	for _, name := range form {
		if given[name] == nil {
			v.errf(p+".dist", "a "+a.Dist+" distribution takes "+strings.Join(alts, " or "), "assumption %q: %s distribution needs %s", a.ID, a.Dist, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(given)) {
		if given[name] != nil && !slices.Contains(form, name) {
			v.errf(p+"."+name, "a "+a.Dist+" distribution takes "+strings.Join(alts, " or "), "assumption %q: %s does not apply to a %s distribution", a.ID, name, a.Dist)
		}
	}
	val := func(name string) float64 {
		if x := given[name]; x != nil {
			return *x
		}
		return math.NaN()
	}
	bad := func(field, format string, args ...any) {
		v.errf(p+"."+field, "", "assumption %q: "+format, append([]any{a.ID}, args...)...)
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if a.Bounds != nil {
		if len(a.Bounds) != 2 {
			bad("bounds", "bounds must be [low, high]")
		} else if !(a.Bounds[0] < a.Bounds[1]) {
			bad("bounds", "bounds [%g, %g] are empty: low must be below high", a.Bounds[0], a.Bounds[1])
		} else {
			lo, hi = a.Bounds[0], a.Bounds[1]
		}
	}
	unitLo, unitHi := math.Inf(-1), math.Inf(1)
	isShare := a.Unit == "probability" || a.Unit == "share"
	if isShare {
		unitLo, unitHi = 0, 1
	}
	inUnit := func(field string) {
		x := val(field)
		if !math.IsNaN(x) && (x < unitLo || x > unitHi) {
			bad(field, "%s %g is outside [0, 1] (unit %s)", field, x, a.Unit)
		}
	}
	switch a.Dist {
	case DistPoint:
		inUnit("value")
		if x := val("value"); x < lo || x > hi {
			bad("value", "value %g lies outside its bounds", x)
		}
	case DistUniform:
		inUnit("min")
		inUnit("max")
		if !(val("min") < val("max")) && given["min"] != nil && given["max"] != nil {
			bad("max", "max %g must exceed min %g", val("max"), val("min"))
		}
	case DistTriangular, DistPERT:
		inUnit("min")
		inUnit("mode")
		inUnit("max")
		mn, md, mx := val("min"), val("mode"), val("max")
		if !math.IsNaN(mn + md + mx) {
			if !(mn < mx) {
				bad("max", "max %g must exceed min %g", mx, mn)
			} else if md < mn || md > mx {
				bad("mode", "mode %g lies outside [min, max] = [%g, %g]", md, mn, mx)
			}
		}
	case DistNormal:
		if sd := val("sd"); sd <= 0 {
			bad("sd", "sd must be positive, got %g", sd)
		}
		if isShare && a.Bounds == nil {
			bad("dist", "a normal distribution is unbounded; a %s needs bounds: [0, 1] or a beta distribution", a.Unit)
		}
	case DistLognormal:
		if m := val("mean"); m <= 0 {
			bad("mean", "a lognormal quantity's mean must be positive, got %g", m)
		}
		if sd := val("sd"); sd <= 0 {
			bad("sd", "sd must be positive, got %g", sd)
		}
		if isShare && a.Bounds == nil {
			bad("dist", "a lognormal distribution is unbounded above; a %s needs bounds", a.Unit)
		}
	case DistBeta:
		if given["alpha"] != nil {
			if x := val("alpha"); x <= 0 {
				bad("alpha", "alpha must be positive, got %g", x)
			}
			if x := val("beta"); x <= 0 {
				bad("beta", "beta must be positive, got %g", x)
			}
		} else {
			m, sd := val("mean"), val("sd")
			switch {
			case m <= 0 || m >= 1:
				bad("mean", "a beta distribution's mean must lie strictly between 0 and 1, got %g", m)
			case sd <= 0:
				bad("sd", "sd must be positive, got %g", sd)
			case sd*sd >= m*(1-m):
				bad("sd", "sd %g is too large for mean %g: a beta distribution needs sd < %.4g", sd, m, math.Sqrt(m*(1-m)))
			}
		}
		if a.Unit != "" && !isShare {
			bad("unit", "a beta distribution lies in [0, 1]; its unit should be probability or share")
		}
	}
	if a.Bounds != nil && len(a.Bounds) == 2 && isShare && (a.Bounds[0] < 0 || a.Bounds[1] > 1) {
		bad("bounds", "bounds [%g, %g] reach outside [0, 1] (unit %s)", a.Bounds[0], a.Bounds[1], a.Unit)
	}
}

func (v *validator) events() {
	evs := v.s.Doc.Events
	v.unique("event", len(evs), func(i int) string { return evs[i].ID }, func(i int) string { return fmt.Sprintf("events[%d]", i) }, nil)
	for i, ne := range evs {
		for j, text := range ne.Sequence {
			p := fmt.Sprintf("events[%d].sequence[%d]", i, j)
			if _, d := v.s.parseEvent(text, v.s.Pos(p), p); len(d) > 0 {
				v.diags.Append(d)
			}
		}
	}
}
