package crisis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/bulwark-sim/bulwark/game"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
)

// Figures of the embedded dataset the model reads (docs/model.md, §2).
const (
	figMilex    = "military_expenditure_usd_bn_2024"
	figGDP      = "gdp_usd_bn_2023"
	figWarheads = "nuclear_warheads_fas_2024"
	figKielMil  = "military_eur_bn"
)

// Options configure New.
type Options struct {
	// Arrangements to model, in this order; nil means all of the
	// scenario's, in document order.
	Arrangements []string
}

// Model is the crisis model of one scenario, ready to sample: its roles,
// the obligations the treaty engine gives for every event the model can
// produce, each arrangement's crisis game, and the distributions of its
// uncertain inputs. It is read-only once built and shared by all workers.
type Model struct {
	s                *scenario.Scenario
	attacker, target string
	patron, alliance string
	horizon          int
	difference       bool // contest success function: difference form
	params           [nParams]*sampled
	inherited        []string
	attackerNuclear  bool

	parties []party
	index   map[string]int
	arrs    []*arrangement
	// actors are the parties with a cost and an acceptance metric: the
	// attacker, the target, the patron, then every arrangement's
	// guarantors in order of first appearance.
	actors  []int
	metrics []metricSpec
	// warShare is each party's share of the target's wartime military aid
	// (Kiel Ukraine Support Tracker), for the cost of continuing the war.
	warShare []float64
	// armedOptions are the scales of the attacker's armed options.
	armedOptions [nArmed]string
}

// party is an actor the model may need: a role holder, a defender, a
// donor, a member whose consent is needed.
type party struct {
	id        string
	key       uint64  // hash of the id, for the party's uniform number
	force     float64 // military expenditure, USD bn (SIPRI 2024); 0 if unknown
	gdp       float64 // GDP, USD bn (World Bank 2023); 0 if unknown
	frontline bool    // shares a land border with the attacker or the target
	major     bool    // holds nuclear weapons (FAS 2024)
	kiel      float64 // military aid to the target, EUR bn (Kiel tracker)
}

// Attack options: the attacker's choices in a year, and the armed ones.
const (
	optNone = iota
	optGray
	optLimited
	optFull
	nOptions
)

const nArmed = 2 // limited, full: option optLimited+i

// arrangement is one arrangement as the model sees it.
type arrangement struct {
	id, title  string
	guarantors []int
	aidIDs     []*sampled
	donors     []share
	returned   *sampled // share of territory occupied since 2022 returned; nil: none
	joins      bool     // the target joins the alliance
	neutral    bool     // the target pledges neutrality
	consenters []int    // members whose consent accession needs (S10)
	required   []int    // parties whose acceptance makes it feasible
	opts       [nArmed]*option
	year       *game.Extensive // the year's crisis game
	yl         yearLayout
	esc        [nArmed]*game.Extensive // the escalation subgame of each armed option
	el         [nArmed]escLayout
	// accept lists the parties whose acceptance is computed: metric
	// actors and required parties; roles says where each stands.
	accept []int
	roles  []accRole
}

type share struct {
	p     int
	share float64
}

// option is one armed option (limited or full) under an arrangement: who
// is obliged to defend the target, and who would be obliged if the
// attacker struck a defender's supply lines or territory.
type option struct {
	scale     string
	defenders []member // obliged to defend the target (the treaty engine's D)
	patronIn  bool     // the patron is among the defenders
	sanctions bool     // someone is obliged to sanction the attacker
	// frontline lists the defenders (indices into defenders) whose
	// territory or supply lines the attacker would strike.
	frontline []int
	// ent[k] are the new entrants after a strike of kind k (lines,
	// territory): obliged toward a struck defender and not already
	// defenders; mask[k][f] marks, as a bitset over ent[k], those obliged
	// toward frontline defender f.
	ent        [2][]member
	mask       [2][][]uint64
	patronEnt  [2]bool   // the patron is among the entrants
	allyStruck [2][]bool // frontline defender f is an alliance member
	// Members with the same covariates share an honour probability:
	// dClass are the defenders' classes, dOf each defender's class; eClass
	// and eOf the same for the entrants.
	dClass []hclass
	dOf    []int
	eClass [2][]hclass
	eOf    [2][]int
	// lnD and lnE[k] are ln n for the n defenders and entrants sharing
	// the burden (eq. 5.1), 0 for one or none.
	lnD float64
	lnE [2]float64
}

// lnBurden is ln n for n parties sharing a burden, 0 for one or none.
func lnBurden(n int) float64 {
	if n > 1 {
		return math.Log(float64(n))
	}
	return 0
}

// hclass is a set of obliged parties with the same covariates of the
// honour equation (docs/model.md, §5), and their total forces.
type hclass struct {
	strength                              float64
	ally, alliance, forward, front, major bool
	forcePatron, forceOthers              float64
}

// classify groups members by the covariates of the honour equation.
func classify(members []member) ([]hclass, []int) {
	var cls []hclass
	of := make([]int, len(members))
	for i, mb := range members {
		c := hclass{strength: mb.strength, ally: mb.ally, alliance: mb.alliance, forward: mb.forward, front: mb.frontline, major: mb.major}
		j := slices.IndexFunc(cls, func(x hclass) bool {
			return x.strength == c.strength && x.ally == c.ally && x.alliance == c.alliance && x.forward == c.forward && x.front == c.front && x.major == c.major
		})
		if j < 0 {
			j = len(cls)
			cls = append(cls, c)
		}
		if mb.patron {
			cls[j].forcePatron += mb.force
		} else {
			cls[j].forceOthers += mb.force
		}
		of[i] = j
	}
	return cls, of
}

// Strike kinds.
const (
	strikeLines = iota
	strikeTerritory
)

// member is one obliged party of an option.
type member struct {
	p         int
	patron    bool
	strength  float64 // σ: automatic 1, as-deemed-necessary ½, consult 0.1
	ally      bool    // the beneficiary is an alliance member: member-level support
	alliance  bool    // the obligation is the alliance's: it needs invocation
	frontline bool
	forward   bool // the party keeps forces forward in the target
	major     bool
	force     float64
}

// strengthValue maps an obligation strength to σ (docs/model.md, §2).
func strengthValue(s string) float64 {
	switch s {
	case scenario.Automatic:
		return 1
	case scenario.Consult:
		return 0.1
	}
	return 0.5
}

// New builds the crisis model of s. Assumptions the model reads that s
// lacks are taken from the embedded default scenario and listed by
// Inherited.
func New(s *scenario.Scenario, opts Options) (*Model, error) {
	r := s.Doc.Roles
	m := &Model{s: s, attacker: r.Attacker, target: r.Target, patron: r.Patron, alliance: r.Alliance,
		horizon: scenario.DefaultHorizonYears, index: map[string]int{}}
	m.armedOptions = [nArmed]string{scenario.ScaleLimited, scenario.ScaleFull}
	if ms := s.Doc.Model; ms != nil {
		if ms.HorizonYears != 0 {
			m.horizon = ms.HorizonYears
		}
		m.difference = ms.Contest == scenario.ContestDifference
	}
	if m.horizon < 1 || m.horizon > scenario.MaxHorizonYears {
		return nil, fmt.Errorf("crisis: horizon of %d years is outside 1 to %d", m.horizon, scenario.MaxHorizonYears)
	}
	if err := m.loadParams(); err != nil {
		return nil, err
	}
	ids := opts.Arrangements
	if ids == nil {
		ids = s.ArrangementIDs()
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("crisis: no arrangements to model")
	}
	for i, id := range ids {
		if _, ok := s.Arrangement(id); !ok {
			return nil, fmt.Errorf("crisis: unknown arrangement %q; the scenario has %s", id, strings.Join(s.ArrangementIDs(), ", "))
		}
		if slices.Contains(ids[:i], id) {
			return nil, fmt.Errorf("crisis: arrangement %q given twice", id)
		}
	}
	for _, id := range []string{m.attacker, m.target, m.patron} {
		m.party(id)
	}
	if members, ok := s.Group(m.alliance); ok {
		for _, id := range members {
			m.party(id)
		}
	}
	if a, ok := s.Data.Actor(m.attacker); ok {
		if f, ok := a.Figure(figWarheads); ok && f.Value > 0 {
			m.attackerNuclear = true
		}
	}

	// The treaty engine's answers for every event pattern, per arrangement,
	// in parallel: resolving is the slow part of building a model.
	m.arrs = make([]*arrangement, len(ids))
	res := make([]*resolved, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { res[i], errs[i] = m.resolveAll(id) })
	}
	wg.Wait()
	for i, id := range ids {
		if errs[i] != nil {
			return nil, fmt.Errorf("crisis: arrangement %q: %w", id, errs[i])
		}
		a, err := m.build(id, res[i])
		if err != nil {
			return nil, fmt.Errorf("crisis: arrangement %q: %w", id, err)
		}
		m.arrs[i] = a
	}
	m.finish()
	return m, nil
}

// zeroIfMissing reports whether an input describes the present war of a
// scenario rather than the model, so that a scenario lacking it gets 0
// instead of the embedded default's value.
func zeroIfMissing(k int) bool {
	switch param(k) {
	case pOccupiedSince2022, pOccupiedBefore2022, pWartimeAid:
		return true
	}
	return false
}

// loadParams prepares every assumption the model reads, from s or, when s
// lacks it, from the embedded default scenario.
func (m *Model) loadParams() error {
	var def *scenario.Scenario
	var asms [nParams]*scenario.Assumption
	for k, id := range paramIDs {
		a := m.assumption(m.s, id)
		if a == nil && zeroIfMissing(k) {
			// The present war of the default scenario is not another
			// scenario's: no occupied territory, no wartime aid.
			zero := 0.0
			a = &scenario.Assumption{ID: id, Dist: scenario.DistPoint, Value: &zero, Source: "absent from the scenario: 0"}
			m.inherited = append(m.inherited, id)
		}
		if a == nil {
			if def == nil {
				d, diags := scenario.Default(nil)
				if diags.HasErrors() {
					return fmt.Errorf("crisis: the embedded scenario does not load: %s", diags.Error())
				}
				def = d
			}
			if a = m.assumption(def, id); a == nil {
				return fmt.Errorf("crisis: assumption %q is in neither the scenario nor the embedded default", id)
			}
			m.inherited = append(m.inherited, id)
		}
		asms[k] = a
	}
	// Tabulating the distributions is the other slow part of building a
	// model; the tables are independent.
	var errs [nParams]error
	var wg sync.WaitGroup
	for k := range asms {
		wg.Go(func() { m.params[k], errs[k] = newSampled(asms[k]) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("crisis: %w", err)
		}
	}
	return nil
}

func (m *Model) assumption(s *scenario.Scenario, id string) *scenario.Assumption {
	for i := range s.Doc.Assumptions {
		if s.Doc.Assumptions[i].ID == id {
			return &s.Doc.Assumptions[i]
		}
	}
	return nil
}

// party returns the index of the party with the given id, adding it.
func (m *Model) party(id string) int {
	if i, ok := m.index[id]; ok {
		return i
	}
	p := party{id: id, key: hashString(id)}
	if info, ok := m.s.Actor(id); ok {
		if f, ok := info.Figures[figMilex]; ok && f.Value > 0 {
			p.force = f.Value
		}
		if f, ok := info.Figures[figGDP]; ok && f.Value > 0 {
			p.gdp = f.Value
		}
		if f, ok := info.Figures[figWarheads]; ok && f.Value > 0 {
			p.major = true
		}
	}
	p.frontline = m.isFrontline(id)
	for _, rec := range m.s.Data.Aid {
		if rec.Donor == id && rec.Recipient == m.target {
			if f, ok := rec.Figures[figKielMil]; ok && f.Value > 0 {
				p.kiel = f.Value
			}
		}
	}
	m.index[id] = len(m.parties)
	m.parties = append(m.parties, p)
	return len(m.parties) - 1
}

// resolved holds the treaty engine's answers for one arrangement.
type resolved struct {
	ra     *scenario.ResolvedArrangement
	attack [nArmed]*treaty.Result
	// strike[o][k][g]: the answer for the armed option o followed by a
	// strike of kind k on defender g (keyed by id).
	strike [nArmed][2]map[string]*treaty.Result
}

// resolveAll asks the treaty engine about every event pattern the model
// can produce under one arrangement: each armed attack on the target,
// then a strike on each frontline defender's supply lines inside the
// target or on its territory. Answers are cached for all draws.
func (m *Model) resolveAll(id string) (*resolved, error) {
	ra, err := m.s.Resolve(id)
	if err != nil {
		return nil, err
	}
	out := &resolved{ra: ra}
	for o, scale := range m.armedOptions {
		attack := m.event("%s attacks %s %s", m.attacker, m.target, scale)
		if attack.Scale == "" {
			return nil, fmt.Errorf("cannot express an attack of scale %q", scale)
		}
		r, err := treaty.Resolve(m.s, id, []scenario.Event{attack})
		if err != nil {
			return nil, err
		}
		out.attack[o] = r
		defenders := m.defendersOf(r, m.target, 0, nil)
		for k := range 2 {
			out.strike[o][k] = map[string]*treaty.Result{}
			for _, g := range frontlineOf(m, defenders) {
				var strike scenario.Event
				if k == strikeLines {
					strike = m.event("%s attacks %s forces in %s strike", m.attacker, g, m.target)
				} else {
					strike = m.event("%s attacks %s strike", m.attacker, g)
				}
				rs, err := treaty.Resolve(m.s, id, []scenario.Event{attack, strike})
				if err != nil {
					return nil, err
				}
				out.strike[o][k][g] = rs
			}
		}
	}
	return out, nil
}

func (m *Model) event(format string, args ...any) scenario.Event {
	e, err := scenario.ParseEvent(fmt.Sprintf(format, args...))
	if err != nil {
		return scenario.Event{}
	}
	return e
}

// obligedParty is one party's strongest defence obligation toward a
// beneficiary after an event.
type obligedParty struct {
	id       string
	strength float64
	alliance bool // every such obligation is the alliance's
}

// defendersOf lists the parties the result obliges to defend beneficiary
// after event index ev, strongest obligation first per party, skipping
// the ids in except; in order of the result.
func (m *Model) defendersOf(r *treaty.Result, beneficiary string, ev int, except []string) []obligedParty {
	var out []obligedParty
	at := map[string]int{}
	for _, ob := range r.Obliged {
		if ob.Type != scenario.Defence || ob.Beneficiary != beneficiary || ob.Event == nil || *ob.Event != ev {
			continue
		}
		if ob.Party == beneficiary || ob.Party == m.attacker || ob.Party == m.target || slices.Contains(except, ob.Party) {
			continue
		}
		alliance := m.isAllianceTreaty(ob.Treaty)
		i, ok := at[ob.Party]
		if !ok {
			at[ob.Party] = len(out)
			out = append(out, obligedParty{id: ob.Party, strength: strengthValue(ob.Strength), alliance: alliance})
			continue
		}
		out[i].strength = max(out[i].strength, strengthValue(ob.Strength))
		out[i].alliance = out[i].alliance && alliance
	}
	return out
}

// isAllianceTreaty reports whether treaty id binds every member of the
// alliance group: its obligations are the alliance's, and invoking them
// is the alliance's decision.
func (m *Model) isAllianceTreaty(id string) bool {
	t, ok := m.s.Treaty(id)
	return ok && slices.Contains(t.Parties, m.alliance)
}

// isFrontline reports whether the actor shares a land border with the
// attacker or the target (dataset: land_borders). It only reads.
func (m *Model) isFrontline(id string) bool {
	a, ok := m.s.Data.Actor(id)
	return ok && (slices.Contains(a.Borders, m.attacker) || slices.Contains(a.Borders, m.target))
}

// frontlineOf returns the defenders the attacker would strike: those that
// border the attacker or the target (their territory holds the supply
// hubs, as Rzeszów in Poland, E1), or all of them if none does.
func frontlineOf(m *Model, defenders []obligedParty) []string {
	var out []string
	for _, d := range defenders {
		if m.isFrontline(d.id) {
			out = append(out, d.id)
		}
	}
	if len(out) == 0 {
		for _, d := range defenders {
			out = append(out, d.id)
		}
	}
	return out
}

// build turns one arrangement's treaty answers into the model's terms and
// builds its games.
func (m *Model) build(id string, r *resolved) (*arrangement, error) {
	arr, _ := m.s.Arrangement(id)
	a := &arrangement{id: id, title: arr.Title}
	for _, g := range r.ra.Guarantors {
		a.guarantors = append(a.guarantors, m.party(g))
	}
	if st := arr.Settlement; st != nil {
		a.joins, a.neutral = st.TargetJoinsAlliance, st.TargetNeutral
		if st.TerritoryReturned != "" {
			asm := m.assumption(m.s, st.TerritoryReturned)
			if asm == nil {
				return nil, fmt.Errorf("settlement names unknown assumption %q", st.TerritoryReturned)
			}
			p, err := newSampled(asm)
			if err != nil {
				return nil, err
			}
			a.returned = p
		}
	}
	for _, flow := range arr.Aid {
		if flow.To != m.target && flow.To != "target" || flow.Amount == "" {
			continue
		}
		asm := m.assumption(m.s, flow.Amount)
		if asm == nil {
			return nil, fmt.Errorf("aid names unknown assumption %q", flow.Amount)
		}
		p, err := newSampled(asm)
		if err != nil {
			return nil, err
		}
		a.aidIDs = append(a.aidIDs, p)
	}
	// Donors: the parties with a standing obligation to arm or train the
	// target; each pays its share of the aid in proportion to its military
	// aid to the target so far (Kiel), or equally if none gave any.
	var donorIDs []string
	for _, ob := range r.attack[0].Obliged {
		if ob.Type == scenario.Assistance && ob.Event == nil && ob.Beneficiary == m.target &&
			(slices.Contains(ob.Forms, "arms") || slices.Contains(ob.Forms, "training")) && !slices.Contains(donorIDs, ob.Party) {
			donorIDs = append(donorIDs, ob.Party)
		}
	}
	total := 0.0
	for _, d := range donorIDs {
		total += m.parties[m.party(d)].kiel
	}
	for _, d := range donorIDs {
		p := m.party(d)
		sh := 1 / float64(len(donorIDs))
		if total > 0 {
			sh = m.parties[p].kiel / total
		}
		a.donors = append(a.donors, share{p, sh})
	}
	for _, acc := range r.attack[0].Accessions {
		if acc.Actor != m.target {
			continue
		}
		for _, c := range acc.MustConsent {
			if p := m.party(c); !slices.Contains(a.consenters, p) {
				a.consenters = append(a.consenters, p)
			}
		}
	}
	allyAfter := m.alliancePartiesUnder(r.ra)

	for o := range nArmed {
		op := &option{scale: m.armedOptions[o]}
		rs := r.attack[o]
		for _, ob := range rs.Obliged {
			if ob.Type == scenario.Assistance && ob.Event != nil && ob.Against == m.attacker && slices.Contains(ob.Forms, "sanctions") {
				op.sanctions = true
			}
		}
		defs := m.defendersOf(rs, m.target, 0, nil)
		var defIDs []string
		for _, d := range defs {
			mb := m.member(d, slices.Contains(allyAfter, m.target), true)
			op.defenders = append(op.defenders, mb)
			op.patronIn = op.patronIn || mb.patron
			defIDs = append(defIDs, d.id)
		}
		front := frontlineOf(m, defs)
		for _, g := range front {
			op.frontline = append(op.frontline, slices.Index(defIDs, g))
		}
		for k := range 2 {
			entIdx := map[string]int{}
			perFront := make([][]string, len(front))
			for f, g := range front {
				rsg := r.strike[o][k][g]
				for _, e := range m.defendersOf(rsg, g, 1, defIDs) {
					if _, ok := entIdx[e.id]; !ok {
						entIdx[e.id] = len(op.ent[k])
						op.ent[k] = append(op.ent[k], m.member(e, slices.Contains(allyAfter, g), false))
					}
					perFront[f] = append(perFront[f], e.id)
				}
				op.allyStruck[k] = append(op.allyStruck[k], slices.Contains(allyAfter, g))
			}
			words := (len(op.ent[k]) + 63) / 64
			op.mask[k] = make([][]uint64, len(front))
			for f := range front {
				op.mask[k][f] = make([]uint64, words)
				for _, e := range perFront[f] {
					j := entIdx[e]
					op.mask[k][f][j/64] |= 1 << (j % 64)
				}
			}
			for _, e := range op.ent[k] {
				op.patronEnt[k] = op.patronEnt[k] || e.patron
			}
		}
		op.dClass, op.dOf = classify(op.defenders)
		op.lnD = lnBurden(len(op.defenders))
		for k := range 2 {
			op.eClass[k], op.eOf[k] = classify(op.ent[k])
			op.lnE[k] = lnBurden(len(op.ent[k]))
		}
		a.opts[o] = op
	}

	a.required = append(a.required, m.party(m.attacker), m.party(m.target))
	for _, g := range a.guarantors {
		if !slices.Contains(a.required, g) {
			a.required = append(a.required, g)
		}
	}
	for _, c := range a.consenters {
		if !slices.Contains(a.required, c) {
			a.required = append(a.required, c)
		}
	}
	var err error
	if a.year, a.yl, err = buildYear(m, a); err != nil {
		return nil, err
	}
	for o := range nArmed {
		if a.esc[o], a.el[o], err = buildEscalation(m, a.opts[o]); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// alliancePartiesUnder lists the parties of the alliance's treaties under
// the resolved arrangement, accessions included: the states whose defence
// the alliance's publics see as defending a member (P1).
func (m *Model) alliancePartiesUnder(ra *scenario.ResolvedArrangement) []string {
	var out []string
	for _, t := range ra.Treaties {
		if m.isAllianceTreaty(t.ID) {
			out = append(out, t.Parties...)
		}
	}
	if len(out) == 0 {
		out, _ = m.s.Group(m.alliance)
	}
	return out
}

func (m *Model) member(d obligedParty, ally, forward bool) member {
	p := m.party(d.id)
	pt := &m.parties[p]
	return member{p: p, patron: d.id == m.patron, strength: d.strength, ally: ally, alliance: d.alliance,
		frontline: pt.frontline, forward: forward, major: pt.major, force: pt.force}
}

// finish lists the metric actors and the metrics, and the wartime aid
// shares.
func (m *Model) finish() {
	add := func(p int) {
		if !slices.Contains(m.actors, p) {
			m.actors = append(m.actors, p)
		}
	}
	add(m.party(m.attacker))
	add(m.party(m.target))
	add(m.party(m.patron))
	for _, a := range m.arrs {
		for _, g := range a.guarantors {
			add(g)
		}
	}
	for _, a := range m.arrs {
		a.accept = slices.Clone(m.actors)
		for _, p := range a.required {
			if !slices.Contains(a.accept, p) {
				a.accept = append(a.accept, p)
			}
		}
	}
	// Wartime donors: every recorded donor of military aid to the target.
	total := 0.0
	for _, rec := range m.s.Data.Aid {
		if rec.Recipient != m.target {
			continue
		}
		if _, ok := m.s.Actor(rec.Donor); ok {
			m.party(rec.Donor)
		}
	}
	m.warShare = make([]float64, len(m.parties))
	for i := range m.parties {
		total += m.parties[i].kiel
	}
	if total > 0 {
		for i := range m.parties {
			m.warShare[i] = m.parties[i].kiel / total
		}
	}
	for _, a := range m.arrs {
		a.roles = m.roles(a)
	}
	m.metrics = m.metricSpecs()
}
