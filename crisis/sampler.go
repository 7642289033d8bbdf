package crisis

import (
	"math/rand/v2"

	"github.com/bulwark-sim/bulwark/game"
	"github.com/bulwark-sim/bulwark/montecarlo"
)

// Keys of the draw's event uniforms (docs/model.md, §11): the attacker's
// choice in year t uses key keyChoice+t; the others are used once.
const (
	keyChoice     = 0x100
	keyInvokeD    = 1
	keyInvokeE    = 2
	keyEscalation = 3
	keyWar        = 4
	keyNuclear    = 5
)

// sampler makes the draws of one arrangement for one worker. Everything
// it writes per draw lives in it, allocated once.
type sampler struct {
	m  *Model
	a  *arrangement
	v  [nParams]float64
	ys *game.TreeSolver
	es [nArmed]*game.TreeSolver

	// Per draw.
	x                float64 // EUR per USD
	nucA, nucT       float64 // the attacker's and the target's cost of nuclear use
	aid, returned    float64
	h0logit          float64
	kT, kA, w        []float64 // state on the no-war path, t = 0…H
	x0               float64   // the target's territory share after the settlement
	hD               [nArmed][]float64
	hE               [nArmed][2][]float64
	fB, bf, bp       [nArmed]float64
	fE, pe           [nArmed][2]float64
	durs, forceShare [nArmed]float64
	aims             [nArmed]float64

	// Per year t = 0…H, from the solved year game.
	prob       [][nOptions]float64
	va, vt     [][nArmed]float64
	fa, feng   [][nArmed]float64
	ph, pl     [][nArmed]float64
	ustar      []float64
	extra      [nArmed][maxLeaves]float64 // per leaf: engaged force beyond the target's
	nuA, nuT   [nArmed][maxLeaves]float64 // per leaf: nuclear risk × cost
	uA, uT     []float64                  // per year, option and leaf: payoffs
	lnA, cz    []float64                  // scratch of contests and leafPayoffs
	fight, arm []bool                     // realized responses of defenders
	join       []bool                     // realized entrants
	struck     [2][]uint64
	cost       []float64 // realized cost per party
}

// NewSampler returns a sampler of the named arrangement for one worker:
// it implements montecarlo.Sampler and makes no allocation per draw.
func (m *Model) NewSampler(arrangement string) (montecarlo.Sampler, error) {
	for _, a := range m.arrs {
		if a.id == arrangement {
			return m.newSampler(a)
		}
	}
	return nil, errUnknownArrangement(arrangement)
}

func (m *Model) newSampler(a *arrangement) (*sampler, error) {
	s := &sampler{m: m, a: a}
	var err error
	if s.ys, err = game.NewTreeSolver(a.year); err != nil {
		return nil, err
	}
	for o := range nArmed {
		if s.es[o], err = game.NewTreeSolver(a.esc[o]); err != nil {
			return nil, err
		}
	}
	n := m.horizon + 1
	s.kT, s.kA, s.w = make([]float64, n), make([]float64, n), make([]float64, n)
	s.prob = make([][nOptions]float64, n)
	s.va, s.vt = make([][nArmed]float64, n), make([][nArmed]float64, n)
	s.fa, s.feng = make([][nArmed]float64, n), make([][nArmed]float64, n)
	s.ph, s.pl = make([][nArmed]float64, n), make([][nArmed]float64, n)
	s.ustar = make([]float64, n)
	maxD, maxE := 0, 0
	for o := range nArmed {
		op := a.opts[o]
		s.hD[o] = make([]float64, len(op.dClass))
		maxD = max(maxD, len(op.defenders))
		for k := range 2 {
			s.hE[o][k] = make([]float64, len(op.eClass[k]))
			maxE = max(maxE, len(op.ent[k]))
		}
	}
	s.fight, s.arm = make([]bool, maxD), make([]bool, maxD)
	s.join = make([]bool, maxE)
	for k := range 2 {
		s.struck[k] = make([]uint64, (maxE+63)/64)
	}
	s.cost = make([]float64, len(m.parties))
	s.uA, s.uT = make([]float64, n*nArmed*maxLeaves), make([]float64, n*nArmed*maxLeaves)
	s.lnA, s.cz = make([]float64, n), make([]float64, n+2*n*maxLeaves)
	return s, nil
}

// Sample makes one draw: it draws the uncertain inputs, solves the year
// game of every year backwards, plays the years forwards with the actual
// responses, and fills the record (docs/model.md, §1).
func (s *sampler) Sample(rng *rand.Rand, rec []float64) error {
	m, a := s.m, s.a
	wParams, wParties, wEvents := rng.Uint64(), rng.Uint64(), rng.Uint64()
	for k, p := range m.params {
		s.v[k] = p.draw(uniform(wParams, p.key))
	}
	s.aid = 0
	for _, p := range a.aidIDs {
		s.aid += p.draw(uniform(wParams, p.key))
	}
	s.returned = 0
	if a.returned != nil {
		s.returned = a.returned.draw(uniform(wParams, a.returned.key))
	}
	v := &s.v
	if m.attackerLambda() {
		if err := s.ys.SetLambda(plAttacker, v[pLogitLambda]); err != nil {
			return err
		}
		for o := range nArmed {
			if err := s.es[o].SetLambda(plAttacker, v[pLogitLambda]); err != nil {
				return err
			}
		}
	}
	s.x = 1 / v[pUSDPerEUR]
	s.nucA = v[pNuclearCost] * m.parties[m.index[m.attacker]].gdp * s.x
	s.nucT = v[pNuclearCost] * m.parties[m.index[m.target]].gdp * s.x
	s.h0logit = logit(v[pHonourBase])
	s.durs = [nArmed]float64{v[pLimitedYears], v[pFullYears]}
	s.forceShare = [nArmed]float64{v[pLimitedForce], v[pFullForce]}
	s.aims = [nArmed]float64{v[pLimitedAim], v[pFullAim]}
	for o := range nArmed {
		s.beliefs(o)
		s.plan(o)
	}
	s.path()
	s.leafPayoffs()
	for t := m.horizon; t >= 0; t-- {
		s.year(t)
	}
	s.play(wParties, wEvents, rec)
	return nil
}

// attackerLambda reports whether the logit rationality can be non-zero.
func (m *Model) attackerLambda() bool {
	p := m.params[pLogitLambda]
	return !p.point || p.value != 0
}

// honour is the probability that a class of obliged parties honours its
// obligation once the casus foederis arises (docs/model.md, §5, eq. 5.1),
// with ln n = lnN for the n parties sharing the burden, and armed option o.
func (s *sampler) honour(c *hclass, lnN float64, o int) float64 {
	v := &s.v
	support := v[pSupportNonmember]
	if c.ally {
		support = v[pSupportMember]
	}
	z := s.h0logit + v[pHonourStrength]*(c.strength-0.5) + v[pHonourSupport]*(support-v[pSupportReference])
	if c.forward {
		z += v[pHonourForward] * v[pForwardShare]
	}
	if c.front {
		z += v[pHonourFrontline]
	}
	if lnN != 0 {
		z += v[pHonourBurden] * lnN
	}
	if o == 0 {
		z += v[pHonourLimited]
	}
	if c.major {
		z += v[pHonourMajor]
	}
	return logistic(z)
}

// committed is the force a class commits to a war: the patron's share of
// its forces and every other party's.
func (s *sampler) committed(c *hclass) float64 {
	return s.v[pPatronShare]*c.forcePatron + s.v[pDefenderShare]*c.forceOthers
}

// beliefs computes, for armed option o, every class's honour probability
// and the attacker's beliefs about the defenders as a bloc: the
// force-weighted probabilities that they fight or send arms only (eq.
// 4.2), and about the entrants after a strike.
func (s *sampler) beliefs(o int) {
	op := s.a.opts[o]
	inv := s.v[pInvocation]
	s.fB[o], s.bf[o], s.bp[o] = 0, 0, 0
	for j := range op.dClass {
		c := &op.dClass[j]
		h := s.honour(c, op.lnD, o)
		s.hD[o][j] = h
		f := s.committed(c)
		invoke := 1.0
		if c.alliance {
			invoke = inv
		}
		s.fB[o] += f
		s.bf[o] += f * invoke * h
		s.bp[o] += f * ((1-invoke)*h + (1-h)*s.v[pPartialRate])
	}
	if s.fB[o] > 0 {
		s.bf[o] /= s.fB[o]
		s.bp[o] /= s.fB[o]
	}
	for k := range 2 {
		s.fE[o][k], s.pe[o][k] = 0, 0
		for j := range op.eClass[k] {
			c := &op.eClass[k][j]
			h := s.honour(c, op.lnE[k], o)
			s.hE[o][k][j] = h
			f := s.committed(c)
			if c.alliance {
				h *= inv
			}
			s.fE[o][k] += f
			s.pe[o][k] += f * h
		}
		if s.fE[o][k] > 0 {
			s.pe[o][k] /= s.fE[o][k]
		}
	}
	lay := &s.a.yl.opt[o]
	if lay.blocSet >= 0 {
		s.ys.SetProb(lay.blocSet, 0, s.bf[o])
		s.ys.SetProb(lay.blocSet, 1, s.bp[o])
		s.ys.SetProb(lay.blocSet, 2, max(0, 1-s.bf[o]-s.bp[o]))
		for k := range 2 {
			if set := lay.esc.entSet[k]; set >= 0 {
				s.ys.SetProb(set, 0, s.pe[o][k])
				s.ys.SetProb(set, 1, 1-s.pe[o][k])
			}
		}
	}
}

// path computes the state on the no-war path (docs/model.md, §3): the
// target's and the attacker's capabilities and Western support, t = 0…H.
func (s *sampler) path() {
	m, v := s.m, &s.v
	mT := m.parties[m.index[m.target]].force
	mA := m.parties[m.index[m.attacker]].force
	usd := v[pUSDPerEUR]
	s.kT[0] = v[pTargetReadiness] * (mT + v[pAidEffect]*v[pWartimeAid]*usd)
	s.kA[0] = v[pAttackerReadiness] * mA
	s.w[0] = 1
	rho := v[pReconstitution]
	iA := v[pAttackerSpending] * mA
	own := v[pTargetSpending] * mT
	for t := 0; t < m.horizon; t++ {
		iT := own + v[pAidEffect]*s.aid*s.w[t]*usd
		s.kT[t+1] = s.kT[t] + rho*(iT-s.kT[t])
		s.kA[t+1] = s.kA[t] + rho*(iA-s.kA[t])
		s.w[t+1] = s.w[t] * (1 - v[pErosion])
		own *= 1 + v[pTargetGrowth]
	}
	s.x0 = 1 - v[pOccupiedBefore2022] - v[pOccupiedSince2022]*(1-s.returned)
}

// contest is the attacker's probability of achieving its aim with force
// fa against effective defence fd: contests for one pair.
func (s *sampler) contest(fa, fd float64) float64 {
	a, d, p := [1]float64{fa}, [1]float64{fd}, [1]float64{}
	s.contests(a[:], d[:], p[:], 1)
	return p[0]
}

// sanctions is the attacker's sanctions cost after armed option o in a
// year with Western support w (docs/model.md, §7).
func (s *sampler) sanctions(o int, w float64) float64 {
	if !s.a.opts[o].sanctions {
		return 0
	}
	c := s.v[pSanctions] * w
	if o == 0 {
		c *= s.v[pSanctionsLimited]
	}
	return c
}

// nuclear is the probability of nuclear use in a war in which the patron
// fights, or other defenders fight, or the target fights alone.
func (s *sampler) nuclear(patron, fight bool) float64 {
	switch {
	case !s.m.attackerNuclear:
		return 0
	case patron:
		return s.v[pNuclearPatron]
	case fight:
		return s.v[pNuclearGuarantor]
	}
	return s.v[pNuclearTarget]
}

// outcome holds the players' payoffs at one way an armed option can end.
type outcome struct {
	attacker, target float64
}

// payoffs are the players' payoffs when armed option o is fought with the
// attacker's force fa against the target's force kT, the defenders'
// engaged force fb and the entrants' fe, in a year with Western support w
// and territory share X (docs/model.md, §7, eq. 7.1–7.4). The defence
// meets the attack in proportion to its scale: it engages the share
// scale_o = c_o/c_full of its forces.
func (s *sampler) payoffs(o int, fa, kT, fb, fe float64, fight, join, patron bool, X, w float64) outcome {
	v := &s.v
	scale := s.forceShare[o] / v[pFullForce]
	feng := scale * (kT + fb + fe)
	p := s.contest(fa, v[pDefenceMultiplier]*feng)
	loss := p * s.aims[o] * X
	nu := scale * s.nuclear(patron, fight || join)
	war := v[pLossExchange] * s.durs[o] * s.x
	return outcome{
		attacker: v[pAttackerValue]*loss - war*feng - s.sanctions(o, w) - nu*s.nucA,
		target:   -v[pTargetValue]*loss - v[pTargetDamage]*s.durs[o]*scale - nu*s.nucT,
	}
}

func setOutcome(ts *game.TreeSolver, outcome int, u outcome) {
	ts.SetPayoff(outcome, plAttacker, u.attacker)
	ts.SetPayoff(outcome, plTarget, u.target)
}

// maxLeaves bounds the leaves of an armed option in the year game.
const maxLeaves = nLeafKinds

// plan prepares, for armed option o, what each leaf of the year game adds
// to the target's force (the defenders' and entrants' engaged force,
// before scaling) and its nuclear risk, both the same in every year.
func (s *sampler) plan(o int) {
	v, op, ol := &s.v, s.a.opts[o], &s.a.yl.opt[o]
	fb := s.fB[o]
	scale := s.forceShare[o] / v[pFullForce]
	for i, l := range ol.leaves {
		var extra float64
		fight, join, patron := false, false, op.patronIn
		switch l.kind {
		case lkPartial:
			extra = v[pPartialEffect] * fb
		case lkContain:
			extra, fight = fb, true
		case lkLinesOut:
			extra, fight = (1-v[pStrikeLinesCut])*fb, true
		case lkLinesIn:
			extra, fight, join = (1-v[pStrikeLinesCut])*fb+s.fE[o][strikeLines], true, true
			patron = patron || op.patronEnt[strikeLines]
		case lkTerrOut:
			extra, fight = (1-v[pStrikeTerritoryCut])*fb, true
		case lkTerrIn:
			extra, fight, join = (1-v[pStrikeTerritoryCut])*fb+s.fE[o][strikeTerritory], true, true
			patron = patron || op.patronEnt[strikeTerritory]
		}
		nu := scale * s.nuclear(patron && fight, fight || join)
		s.extra[o][i], s.nuA[o][i], s.nuT[o][i] = extra, nu*s.nucA, nu*s.nucT
	}
}

// leafPayoffs computes every leaf's payoffs in every year t = 0…H on the
// no-war path, in one pass per option (eq. 7.1–7.4): this is most of a
// draw's arithmetic. The contests of an option's leaves and years are
// independent, so they are evaluated together (contests).
func (s *sampler) leafPayoffs() {
	v := &s.v
	n := len(s.kT)
	for o := range nArmed {
		ol := &s.a.yl.opt[o]
		nl := len(ol.leaves)
		scale := s.forceShare[o] / v[pFullForce]
		gain := v[pAttackerValue] * s.aims[o] * s.x0
		loss := v[pTargetValue] * s.aims[o] * s.x0
		war := v[pLossExchange] * s.durs[o] * s.x * scale
		damage := v[pTargetDamage] * s.durs[o] * scale
		omega := v[pDefenceMultiplier] * scale
		fa, fd, p := s.cz[:n], s.cz[n:n+n*nl], s.cz[n+n*nl:n+2*n*nl]
		for t := range n {
			fa[t] = s.forceShare[o] * s.kA[t]
			for i := range nl {
				fd[t*nl+i] = omega * (s.kT[t] + s.extra[o][i])
			}
		}
		s.contests(fa, fd, p, nl)
		for t := range n {
			sanc := s.sanctions(o, s.w[t])
			row := (t*nArmed + o) * maxLeaves
			for i := range nl {
				f := s.kT[t] + s.extra[o][i]
				s.uA[row+i] = gain*p[t*nl+i] - war*f - sanc - s.nuA[o][i]
				s.uT[row+i] = -loss*p[t*nl+i] - damage - s.nuT[o][i]
			}
			s.fa[t][o], s.feng[t][o] = fa[t], s.kT[t]+s.fB[o]
		}
	}
}

// contests sets p[t·nl+i] to the attacker's probability of achieving its
// aim with force fa[t] against effective defence fd[t·nl+i] (docs/model.md,
// §6, eq. 6.1–6.2), for every t and i < nl, a slice at a time: logSlice
// and expSlice are loops with no call in their bodies, so the processor
// overlaps the evaluations. fa and fd are left as they are.
func (s *sampler) contests(fa, fd, p []float64, nl int) {
	if s.m.difference {
		c := s.v[pDifferenceScale]
		for t, a := range fa {
			row := p[t*nl : (t+1)*nl]
			for i, d := range fd[t*nl : (t+1)*nl] {
				row[i] = c * (d - a)
			}
		}
	} else {
		lnA := s.lnA[:len(fa)]
		copy(lnA, fa)
		logSlice(lnA)
		copy(p, fd)
		logSlice(p)
		k := s.v[pDecisiveness]
		for t, l := range lnA {
			row := p[t*nl : (t+1)*nl]
			for i := range row {
				row[i] = k * (row[i] - l)
			}
		}
	}
	expSlice(p)
	for t, a := range fa {
		row := p[t*nl : (t+1)*nl]
		for i, d := range fd[t*nl : (t+1)*nl] {
			switch {
			case a <= 0:
				row[i] = 0
			case !s.m.difference && d <= 0:
				row[i] = 1
			default:
				row[i] = 1 / (1 + row[i])
			}
		}
	}
}

// year sets the payoffs of year t's game on the no-war path and solves
// it, recording what the later stages need. Years are solved from the
// horizon backwards, since the value of waiting in year t is the best
// attack's value in year t+1 (the preventive motive, eq. 4.3).
func (s *sampler) year(t int) {
	m, a, v, ys := s.m, s.a, &s.v, s.ys
	lay := &a.yl
	wait := 0.0
	if t < m.horizon {
		wait = v[pInevitability] * v[pDiscount] * s.ustar[t+1]
	}
	ys.SetPayoff(lay.noneOut, plAttacker, wait)
	ys.SetPayoff(lay.grayOut, plAttacker, v[pGrayValue]+wait)
	for o := range nArmed {
		row := (t*nArmed + o) * maxLeaves
		for i, l := range lay.opt[o].leaves {
			ys.SetPayoff(l.outcome, plAttacker, s.uA[row+i])
			ys.SetPayoff(l.outcome, plTarget, s.uT[row+i])
		}
	}
	ys.Solve()
	for c := range nOptions {
		s.prob[t][c] = ys.Prob(lay.child[c])
	}
	for o := range nArmed {
		ch := lay.child[optLimited+o]
		s.va[t][o] = ys.Value(ch, plAttacker)
		s.vt[t][o] = ys.Value(ch, plTarget)
		s.ph[t][o], s.pl[t][o] = 0, 0
		if ol := &lay.opt[o]; ol.blocSet >= 0 {
			s.pl[t][o] = s.bf[o] * ys.Prob(ol.esc.strike[1])
			s.ph[t][o] = s.bf[o] * ys.Prob(ol.esc.strike[2])
		}
	}
	s.ustar[t] = max(s.va[t][0], s.va[t][1])
}

// pick returns the index of the first probability whose running sum
// exceeds u (the last positive one if rounding leaves u above the sum).
func pick(probs []float64, u float64) int {
	last := 0
	for i, p := range probs {
		if p <= 0 {
			continue
		}
		last = i
		if u < p {
			return i
		}
		u -= p
	}
	return last
}

// payoffAt and probAt read back the year game's current payoffs and
// chance probabilities, for tests.
func (s *sampler) payoffAt(outcome, player int) float64 {
	for _, v := range []int{s.a.yl.noneOut, s.a.yl.grayOut} {
		if v == outcome {
			return s.rootPayoff(outcome, player)
		}
	}
	for o := range nArmed {
		for i, l := range s.a.yl.opt[o].leaves {
			if l.outcome == outcome {
				row := o * maxLeaves // year 0
				if player == plAttacker {
					return s.uA[row+i]
				}
				return s.uT[row+i]
			}
		}
	}
	return 0
}

func (s *sampler) rootPayoff(outcome, player int) float64 {
	if player != plAttacker {
		return 0
	}
	wait := s.v[pInevitability] * s.v[pDiscount] * s.ustar[1]
	if outcome == s.a.yl.grayOut {
		return s.v[pGrayValue] + wait
	}
	return wait
}

func (s *sampler) probAt(set, action int) float64 {
	for o := range nArmed {
		ol := &s.a.yl.opt[o]
		switch set {
		case ol.blocSet:
			return [3]float64{s.bf[o], s.bp[o], max(0, 1-s.bf[o]-s.bp[o])}[action]
		case ol.esc.entSet[0]:
			return [2]float64{s.pe[o][0], 1 - s.pe[o][0]}[action]
		case ol.esc.entSet[1]:
			return [2]float64{s.pe[o][1], 1 - s.pe[o][1]}[action]
		}
	}
	return 0
}
