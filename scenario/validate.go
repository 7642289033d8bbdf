package scenario

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/dist"
)

var (
	isoCode       = regexp.MustCompile(`^[A-Z]{3}$`)
	assistForms   = []string{"arms", "training", "finance", "sanctions"}
	attackObjects = []string{OnTerritory, OnForces}
)

type validator struct {
	s     *Scenario
	diags diag.List
	// suggestions is what is left of the budget for "did you mean"
	// hints, in candidates compared; see didYouMean.
	suggestions   int
	treatyIdx     map[string]int // treaty id -> first index
	assumptionIDs map[string]bool
}

func (v *validator) errf(path, hint, format string, args ...any) {
	v.diags.Add(v.s.Pos(path), fmt.Sprintf(format, args...), hint)
}

// validate builds the scenario's tables and checks every cross-reference.
func (s *Scenario) validate() diag.List {
	v := &validator{s: s, suggestions: maxSuggestionWork, treatyIdx: map[string]int{}}
	for i, t := range s.Doc.Treaties {
		if _, dup := v.treatyIdx[t.ID]; !dup {
			v.treatyIdx[t.ID] = i
		}
	}
	v.actors()
	v.places()
	v.groups()
	v.roles()
	v.treaties()
	v.assumptions()
	v.arrangements()
	v.model()
	v.events()
	return v.diags
}

// model checks the crisis model's settings (the contest form is an
// enumeration the decoder checks).
func (v *validator) model() {
	m := v.s.Doc.Model
	if m == nil {
		return
	}
	_, written := v.s.pos["model.horizon_years#key"]
	if (written || m.HorizonYears != 0) && (m.HorizonYears < 1 || m.HorizonYears > MaxHorizonYears) {
		v.errf("model.horizon_years", fmt.Sprintf("use 1 to %d years (default %d)", MaxHorizonYears, DefaultHorizonYears),
			"horizon of %d years is outside 1 to %d", m.HorizonYears, MaxHorizonYears)
	}
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
		if slices.Contains(keywords, x) && (kind == "actor" || kind == "group" || kind == "place") {
			v.errf(path(i)+".id", "reserved words: "+strings.Join(keywords, ", "), "%s id %q is a reserved word", kind, x)
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
			if _, g := s.Data.Group(a.ID); g {
				v.errf(p+".id", "actors, groups and places share one namespace; choose another id", "actor id %q is already used by the embedded group %s", a.ID, a.ID)
				continue
			}
			if _, pl := s.Data.Place(a.ID); pl {
				v.errf(p+".id", "actors, groups and places share one namespace; choose another id", "actor id %q is already used by the embedded place %s", a.ID, a.ID)
				continue
			}
			if a.Kind == "" && isoCode.MatchString(a.ID) {
				a.Kind = "state" // a new ISO-coded actor is a state unless declared otherwise
			}
			if a.Name == "" || a.Kind == "" {
				hint := "to declare a new actor give it a name (and, unless its id is an ISO 3166-1 alpha-3 code, a kind: state or organisation)"
				if a.Name == "" {
					if h := v.didYouMean(a.ID, func() []string { return known }); h != "" {
						hint = h + " Or, to declare a new actor, give it a name."
					}
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
			// The decoder reports a missing or empty source.
			if info.Figures == nil {
				info.Figures = map[string]datasetFigure{}
			}
			info.Figures[name] = datasetFigure{Value: f.Value, Source: f.Source}
		}
	}
}

// regionHint suggests a known region for a bad one.
func (v *validator) regionHint(r string) string {
	known := slices.Sorted(maps.Keys(v.s.regions))
	if h := v.didYouMean(r, func() []string { return known }); h != "" {
		return h
	}
	if len(known) > 20 {
		known = append(known[:20], "…")
	}
	return "known regions: " + strings.Join(known, ", ")
}

// continents are the regions every scenario knows (UN M49 continents,
// with the Americas split as the North Atlantic Treaty requires).
var continents = []string{"africa", "asia", "europe", "north-america", "oceania", "south-america"}

func (v *validator) places() {
	s := v.s
	s.places = map[string][]string{}
	s.regions = map[string]bool{}
	for _, p := range s.Data.Places {
		s.places[p.ID] = p.Regions
	}
	// Known regions: the continents, those the dataset uses, and places.
	// A declared actor's regions must be among them.
	for _, r := range continents {
		s.regions[r] = true
	}
	for _, a := range s.Data.Actors {
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
				v.errf(fmt.Sprintf("actors[%d].regions[%d]", i, j), v.regionHint(r), "unknown region %q", r)
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
	work, over := 0, false    // members expanded so far; over maxGroupMembers
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
		if over {
			state[id] = 2
			s.groups[id] = []string{}
			return nil
		}
		state[id] = 1
		set := map[string]bool{}
		for j, m := range raw[id] {
			_, isGroup := raw[m]
			switch {
			case s.actors[m] != nil:
				set[m] = true
			case isGroup:
				sub := expand(m, append(stack, id))
				if work += len(sub); work > maxGroupMembers && !over {
					over = true
					v.errf(cmp.Or(rawPath[id], "groups"), "use fewer or flatter groups", "groups have more than %d members in all once expanded", maxGroupMembers)
				}
				if over {
					break
				}
				for _, x := range sub {
					set[x] = true
				}
			default:
				if p, ok := rawPath[id]; ok {
					v.errf(fmt.Sprintf("%s.members[%d]", p, j), v.suggestRef(m), "group %q: unknown member %q", id, m)
				}
			}
		}
		state[id] = 2
		// Never nil, even for an empty group: other checks tell groups
		// from unknown ids by a nil look-up.
		s.groups[id] = append([]string{}, slices.Sorted(maps.Keys(set))...)
		return s.groups[id]
	}
	// The dataset's groups first: they are small, and complete even if
	// the declared ones run over budget.
	for _, g := range s.Data.Groups {
		expand(g.ID, nil)
	}
	for _, id := range slices.Sorted(maps.Keys(raw)) {
		expand(id, nil)
	}
}

// suggestRef proposes actor and group ids close to a bad reference.
func (v *validator) suggestRef(ref string) string {
	if h := v.didYouMean(ref, func() []string {
		return append(slices.Collect(maps.Keys(v.s.actors)), slices.Collect(maps.Keys(v.s.groups))...)
	}); h != "" {
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
			v.errf("roles.alliance", v.didYouMean(r.Alliance, func() []string { return slices.Collect(maps.Keys(s.groups)) }), "role alliance: unknown group %q", r.Alliance)
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
		cos := t.CarveOuts
		v.unique("carve-out", len(cos), func(j int) string { return cos[j].ID }, func(j int) string { return fmt.Sprintf("%s.carve_outs[%d]", tp, j) }, nil)
		cs := t.Clauses
		v.unique("clause", len(cs), func(j int) string { return cs[j].ID }, func(j int) string { return fmt.Sprintf("%s.clauses[%d]", tp, j) }, nil)
		for j, c := range cs {
			cp := fmt.Sprintf("%s.clauses[%d]", tp, j)
			if c.Type == Assistance {
				if _, written := v.s.pos[cp+".forms#key"]; len(c.Forms) == 0 && !written { // written but bad: the decoder said why
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
			if tr := c.Trigger; tr != nil {
				v.enumList(cp+".trigger.attack_on", tr.AttackOn, attackObjects, "attack object")
				v.enumList(cp+".trigger.scales", tr.Scales, scales, "scale")
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
						v.errf(fmt.Sprintf("%s.scope[%d].regions[%d]", cp, k, m), v.regionHint(r), "unknown region %q", r)
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
			ti, found := v.treatyIdx[tid]
			if !found {
				v.errf(pp+".clause", v.didYouMean(tid, func() []string { return treatyIDs(ts) }), "carve-out refers to unknown treaty %q", tid)
				continue
			}
			ot := &ts[ti]
			if !slices.ContainsFunc(ot.Clauses, func(c Clause) bool { return c.ID == cid }) {
				v.errf(pp+".clause", v.didYouMean(cid, func() []string { return clauseIDs(ot) }), "treaty %q has no clause %q", tid, cid)
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
	used := map[string]bool{}
	complete := true // every arrangement's treaty list was read
	for i, a := range s.Doc.Arrangements {
		for _, t := range a.Treaties {
			used[t] = true
		}
		if _, written := s.pos[fmt.Sprintf("arrangements[%d].treaties#key", i)]; written && a.Treaties == nil {
			complete = false
		}
	}
	for i, t := range s.Doc.Treaties {
		if complete && t.ID != "" && !used[t.ID] {
			v.diags.Warn(s.Pos(fmt.Sprintf("treaties[%d].id", i)), fmt.Sprintf("treaty %q is in no arrangement, so it never applies", t.ID), "list it under an arrangement's treaties:")
		}
	}
	as := s.Doc.Arrangements
	v.unique("arrangement", len(as), func(i int) string { return as[i].ID }, func(i int) string { return fmt.Sprintf("arrangements[%d]", i) }, nil)
	for i := range as {
		a := &as[i]
		ap := fmt.Sprintf("arrangements[%d]", i)
		for j, t := range a.Treaties {
			if _, ok := v.treatyIdx[t]; !ok && s.Doc.Treaties != nil { // nil: reported as missing or mistyped
				v.errf(fmt.Sprintf("%s.treaties[%d]", ap, j), v.didYouMean(t, func() []string { return treatyIDs(s.Doc.Treaties) }), "arrangement %q: unknown treaty %q", a.ID, t)
			}
		}
		if i := firstDup(a.Treaties); i >= 0 {
			v.errf(fmt.Sprintf("%s.treaties[%d]", ap, i), "list each treaty once", "arrangement %q lists treaty %q twice", a.ID, a.Treaties[i])
		}
		for j, acc := range a.Accessions {
			jp := fmt.Sprintf("%s.accessions[%d]", ap, j)
			if _, ok := s.groups[acc.Group]; !ok {
				v.errf(jp+".group", v.didYouMean(acc.Group, func() []string { return slices.Collect(maps.Keys(s.groups)) }), "accession to unknown group %q", acc.Group)
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
			if s.actors[f.To] == nil && !slices.Contains([]string{"attacker", "target", "patron"}, f.To) {
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
	}
	// Resolving checks every actor set of every treaty under every
	// arrangement that includes it; refuse to when that would take long.
	if cost, unknown := v.resolveCost(maxResolveWork); cost > maxResolveWork {
		v.errf("arrangements#key", "use fewer arrangements or smaller treaties; unknown actors cost most, so fix those first",
			"the arrangements are too large to check: resolving them would take over %d steps", maxResolveWork)
		for _, u := range unknown {
			v.errf(u.path, "", "unknown actor or group %q", u.item)
		}
		return
	}
	for i := range as {
		if _, d := s.resolve(&as[i]); len(d) > 0 {
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
	if v.assumptionIDs == nil {
		v.assumptionIDs = map[string]bool{}
		for _, a := range v.s.Doc.Assumptions {
			v.assumptionIDs[a.ID] = true
		}
	}
	if v.assumptionIDs[id] {
		return
	}
	ids := func() []string {
		var ids []string
		for _, a := range v.s.Doc.Assumptions {
			ids = append(ids, a.ID)
		}
		return ids
	}
	v.errf(path, hintOr(v.didYouMean(id, ids), "declare it under assumptions:"), "unknown assumption %q", id)
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
	before := len(v.diags)
	defer func() {
		if len(v.diags) > before {
			return
		}
		for name, val := range given {
			if _, written := v.s.pos[p+"."+name+"#key"]; written && val == nil {
				return // the decoder rejected this value and said why
			}
		}
		// The parameters are sound one by one; now check that the
		// distribution exists as a whole (e.g. that its bounds keep some
		// of its probability).
		if _, err := dist.New(a.Spec()); err != nil {
			field := "dist"
			if a.Bounds != nil {
				field = "bounds"
			}
			v.errf(p+"."+field, "widen the bounds or move the distribution inside them", "%s", err.Error())
		}
	}()
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
		if _, written := v.s.pos[p+"."+name+"#key"]; given[name] == nil && !written { // written but bad: the decoder said why
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
			// The decoder reports the item count.
		} else if !(a.Bounds[0] < a.Bounds[1]) {
			bad("bounds", "bounds [%g, %g] are empty: low must be below high", a.Bounds[0], a.Bounds[1])
		} else {
			lo, hi = a.Bounds[0], a.Bounds[1]
		}
	}
	unitLo, unitHi := math.Inf(-1), math.Inf(1)
	isShare := a.Unit == "probability" || a.Unit == "share"
	_, boundsWritten := v.s.pos[p+".bounds#key"] // if bad, the decoder said why
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
		if isShare && a.Bounds == nil && !boundsWritten {
			bad("dist", "a normal distribution is unbounded; a %s needs bounds: [0, 1] or a beta distribution", a.Unit)
		}
	case DistLognormal:
		if m := val("mean"); m <= 0 {
			bad("mean", "a lognormal quantity's mean must be positive, got %g", m)
		}
		if sd := val("sd"); sd <= 0 {
			bad("sd", "sd must be positive, got %g", sd)
		}
		if isShare && a.Bounds == nil && !boundsWritten {
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
	if len(a.Bounds) == 2 && isShare && (a.Bounds[0] < 0 || a.Bounds[1] > 1) {
		bad("bounds", "bounds [%g, %g] reach outside [0, 1] (unit %s)", a.Bounds[0], a.Bounds[1], a.Unit)
	}
}

func (v *validator) events() {
	evs := v.s.Doc.Events
	v.unique("event", len(evs), func(i int) string { return evs[i].ID }, func(i int) string { return fmt.Sprintf("events[%d]", i) }, nil)
	// Checking an event compares it with every actor and place, and a
	// hint for an unknown one costs more still: keep to a budget.
	work, size := 0, len(v.s.actors)+len(v.s.places)+10
	for i, ne := range evs {
		for j, text := range ne.Sequence {
			p := fmt.Sprintf("events[%d].sequence[%d]", i, j)
			cost := size + len(text)/8
			if e, err := ParseEvent(text); err == nil && (v.s.actors[e.Attacker] == nil || v.s.actors[e.Victim] == nil || !v.s.IsPlace(e.In) || e.From != "" && !v.s.IsPlace(e.From)) {
				cost += 40 * size
			}
			if work += cost; work > maxEventWork {
				v.errf(p, "use fewer events, or fewer actors and places", "too many events to check against %d actors and places; this one and later ones are not checked", size-10)
				return
			}
			if _, d := v.s.parseEvent(text, v.s.Pos(p)); len(d) > 0 {
				v.diags.Append(d)
			}
		}
	}
}

// Budgets. Some checks take time that grows with the product of two sizes
// (references times candidates for a "did you mean" hint, arrangements
// times the treaties they include); these budgets keep a hostile or
// runaway scenario from taking more than about a second each.
const (
	// maxSuggestionWork is how many candidates the "did you mean" hints
	// of one load may compare in all; later hints are left out.
	maxSuggestionWork = 2_000_000
	// maxGroupMembers is how many members all groups may have in all,
	// once expanded.
	maxGroupMembers = 1_000_000
	// maxEventWork bounds the events checked times the actors each is
	// checked against.
	maxEventWork = 20_000_000
	// maxResolveWork bounds the work of resolving every arrangement, in
	// steps of roughly a quarter of a microsecond (see resolveCost).
	maxResolveWork = 8_000_000
)

// didYouMean is diag.DidYouMean within the load's suggestion budget:
// cands is called only if the budget allows.
func (v *validator) didYouMean(name string, cands func() []string) string {
	if v.suggestions <= 0 {
		return ""
	}
	c := cands()
	v.suggestions -= len(c) + 1
	return diag.DidYouMean(name, c)
}

type unknownRef struct{ path, item string }

// treatyCost is what resolving one treaty costs, apart from what depends
// on the arrangement that includes it.
type treatyCost struct {
	fixed      int
	guarantors int            // uses of guarantors and $guarantors
	params     map[string]int // uses of $name
	groups     map[string]int // uses of each group, which accessions enlarge
	carveOuts  int
}

// resolveCost estimates what resolving every arrangement takes, in steps
// of roughly a quarter of a microsecond, by counting the items of the
// actor sets that resolution visits, weighted by what each costs: a group
// its members, a parameter its values, an unknown id a search of every
// candidate for a hint. It stops counting once past limit. It also
// returns the first few items that are certainly unknown.
func (v *validator) resolveCost(limit int) (int, []unknownRef) {
	s := v.s
	cands := len(s.actors) + len(s.groups) + len(s.places) + 8
	var unknown []unknownRef
	seen := map[string]bool{}
	note := func(path, item string) {
		if len(unknown) < 20 && !seen[path] {
			seen[path] = true
			unknown = append(unknown, unknownRef{path, item})
		}
	}
	// item is the cost of one item that does not depend on the
	// arrangement; special items are left to the caller.
	item := func(x, path string) int {
		switch {
		case x == "any" || x == "attacker" || x == "target" || x == "patron":
			return 1
		case x == "parties" || x == "beneficiaries":
			return 1 + len(s.actors)
		case s.actors[x] != nil:
			return 1
		case s.groups[x] != nil:
			return 1 + 2*len(s.groups[x])
		case s.places[x] != nil:
			return 1
		}
		if !slices.Contains(keywords, x) && !strings.HasPrefix(x, "$") {
			note(path, x)
		}
		return 2 * cands
	}
	// inParams is the cost of a set of guarantors or parameter values.
	inParams := func(set []string, path string) int {
		c := 0
		for i, x := range set {
			c += item(x, indexPath(path, i))
		}
		return c
	}
	tcs := map[int]*treatyCost{}
	treaty := func(ti int) *treatyCost {
		if tc, ok := tcs[ti]; ok {
			return tc
		}
		t := &s.Doc.Treaties[ti]
		tc := &treatyCost{params: map[string]int{}, groups: map[string]int{}, carveOuts: len(t.CarveOuts)}
		tc.fixed = 10 + 8*len(t.Clauses) + 4*len(t.CarveOuts)
		eachActorRef(reflect.ValueOf(t).Elem(), fmt.Sprintf("treaties[%d]", ti), func(path, x string) {
			switch {
			case x == "guarantors" || x == "$guarantors":
				tc.guarantors++
			case strings.HasPrefix(x, "$"):
				tc.params[x[1:]]++
			case x == "alliance":
				tc.groups[s.Doc.Roles.Alliance]++
				tc.fixed += 1 + 2*len(s.groups[s.Doc.Roles.Alliance])
			default:
				if s.groups[x] != nil {
					tc.groups[x]++
				}
				tc.fixed += item(x, path)
			}
		})
		tcs[ti] = tc
		return tc
	}
	as := s.Doc.Arrangements
	total := 0
	for ai := range as {
		a := &as[ai]
		ap := fmt.Sprintf("arrangements[%d]", ai)
		guar := inParams(a.Guarantors, ap+".guarantors")
		params := map[string]int{}
		param := func(name string) int {
			if c, ok := params[name]; ok {
				return c
			}
			c := 1 + len(a.Parameters)
			if pv, ok := a.Parameters[name]; ok {
				c = inParams(pv.Values, ap+".parameters."+name)
			}
			params[name] = c
			return c
		}
		acc := map[string]int{}
		for _, x := range a.Accessions {
			acc[x.Group] += 2 * len(x.Actors)
		}
		total += 10 + len(as)/50 + guar
		for name, pv := range a.Parameters {
			if pv.List {
				total += param(name)
			}
		}
		for j, f := range a.Aid {
			for k, x := range f.From {
				switch {
				case x == "guarantors" || x == "$guarantors":
					total += 1 + guar
				case strings.HasPrefix(x, "$"):
					total += 1 + param(x[1:])
				default:
					total += item(x, fmt.Sprintf("%s.aid[%d].from[%d]", ap, j, k))
				}
			}
		}
		for _, tid := range a.Treaties {
			total += 5 + len(s.Doc.Treaties)/50
			ti, ok := v.treatyIdx[tid]
			if !ok {
				continue
			}
			tc := treaty(ti)
			total += tc.fixed + tc.guarantors*(1+guar) + tc.carveOuts*len(a.Treaties)/50
			for name, n := range tc.params {
				total += n * (1 + param(name))
			}
			for g, n := range tc.groups {
				total += n * acc[g]
			}
			if total > limit {
				return total, unknown
			}
		}
		if total > limit {
			return total, unknown
		}
	}
	return total, unknown
}

// eachActorRef calls f with the path and text of every actor-set item
// and list-parameter value in v, a value of the scenario's types, in the
// paths the decoder records.
func eachActorRef(v reflect.Value, path string, f func(path, item string)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			eachActorRef(v.Elem(), path, f)
		}
	case reflect.Struct:
		if v.Type() == paramType {
			if p := v.Interface().(Param); p.List {
				for i, x := range p.Values {
					f(indexPath(path, i), x)
				}
			}
			return
		}
		for _, fi := range cachedFields(v.Type()) {
			eachActorRef(v.Field(fi.index), fieldPath(path, fi.name), f)
		}
	case reflect.Slice:
		if v.Type() == actorSetType {
			for i := range v.Len() {
				f(indexPath(path, i), v.Index(i).String())
			}
			return
		}
		if k := v.Type().Elem().Kind(); k == reflect.Struct || k == reflect.Pointer {
			for i := range v.Len() {
				eachActorRef(v.Index(i), indexPath(path, i), f)
			}
		}
	case reflect.Map:
		if k := v.Type().Elem().Kind(); k == reflect.Struct || k == reflect.Pointer {
			keys := v.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
			for _, k := range keys {
				eachActorRef(v.MapIndex(k), fieldPath(path, k.String()), f)
			}
		}
	}
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

func cachedFields(t reflect.Type) []fieldInfo {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]fieldInfo)
	}
	fs := fieldsOf(t)
	fieldCache.Store(t, fs)
	return fs
}
