package crisis

// Record columns of the fixed metrics, in metricSpecs order.
const (
	colAttack = iota
	colFull
	colGray
	colFight
	colStrike
	colInvoked
	colPatron
	colPatronAttack
	colNuclear
	colTerritory
)

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// war is what happened in the draw's war, if any.
type war struct {
	year, opt              int
	fight, patron, invoked bool
	allianceStrike         bool
	nuclear                bool
	loss                   float64
}

// play plays the years forwards: the attacker's choice each year from
// the solved year games, then, in the first year of an armed attack, the
// actual responses drawn from the parties' types, the escalation subgame,
// the war's outcome; then the costs and each party's acceptance of the
// arrangement (docs/model.md, §§1, 5–8).
func (s *sampler) play(wParties, wEvents uint64, rec []float64) {
	m := s.m
	clear(s.cost)
	gray := false
	wr := war{year: -1}
	for t := 0; t < m.horizon; t++ {
		c := pick(s.prob[t][:], uniform(wEvents, keyChoice+uint64(t)))
		if c == optGray {
			gray = true
		}
		if c >= optLimited {
			wr.year, wr.opt = t, c-optLimited
			s.fightWar(&wr, wParties, wEvents)
			break
		}
	}
	s.aidCosts()
	attack := wr.year >= 0
	rec[colAttack] = b2f(attack)
	rec[colFull] = b2f(attack && wr.opt == 1)
	rec[colGray] = b2f(gray)
	rec[colStrike] = b2f(wr.allianceStrike)
	rec[colInvoked] = b2f(wr.invoked)
	rec[colPatron] = b2f(wr.patron)
	if attack {
		rec[colFight] = b2f(wr.fight)
		rec[colPatronAttack] = b2f(wr.patron)
	}
	rec[colNuclear] = b2f(wr.nuclear)
	rec[colTerritory] = s.x0 - wr.loss
	n := len(m.actors)
	for i, p := range m.actors {
		rec[firstActorColumn+i] = s.cost[p]
	}
	feasible := s.accept(rec[firstActorColumn+n : firstActorColumn+2*n])
	rec[firstActorColumn+2*n] = b2f(feasible)
	if attack {
		rec[firstActorColumn+2*n+1] = float64(wr.year + 1)
	}
}

// fightWar plays out the war of armed option wr.opt in year wr.year with
// the parties' actual types (docs/model.md, §§5–7).
func (s *sampler) fightWar(wr *war, wParties, wEvents uint64) {
	m, v := s.m, &s.v
	o, t := wr.opt, wr.year
	op := s.a.opts[o]
	kT, X, w := s.kT[t], s.x0, s.w[t]
	fa := s.forceShare[o] * s.kA[t]
	inv := v[pInvocation]
	invokedD := uniform(wEvents, keyInvokeD) < inv

	// The defenders' actual responses: party i honours iff its uniform is
	// below its honour probability (and, for the alliance's obligations,
	// the alliance invokes them); otherwise it sends arms only iff the
	// uniform is below h + (1−h)·π.
	ffight, farms := 0.0, 0.0
	patronFights := false
	for i, mb := range op.defenders {
		h := s.hD[o][op.dOf[i]]
		u := uniform(wParties, m.parties[mb.p].key)
		s.fight[i] = u < h && (!mb.alliance || invokedD)
		s.arm[i] = !s.fight[i] && u < h+(1-h)*v[pPartialRate]
		f := s.commit(mb)
		if s.fight[i] {
			ffight += f
			wr.fight = true
			patronFights = patronFights || mb.patron
		} else if s.arm[i] {
			farms += f
		}
		if mb.alliance && invokedD {
			wr.invoked = true
		}
	}
	farms *= v[pPartialEffect]

	// Escalation: once defenders fight, the attacker plays the escalation
	// subgame against the actual forces, the entrants being those obliged
	// toward the struck frontline defenders.
	strike := -1
	var fjoin float64
	patronJoins, anyJoin := false, false
	if wr.fight {
		s.strikeSet(op)
		es, el := s.es[o], &s.a.el[o]
		var fe, pe [2]float64
		for k := range 2 {
			for j, mb := range op.ent[k] {
				if s.struck[k][j/64]&(1<<(j%64)) == 0 {
					continue
				}
				h := s.hE[o][k][op.eOf[k][j]]
				if mb.alliance {
					h *= inv
				}
				f := s.commit(mb)
				fe[k] += f
				pe[k] += f * h
			}
			if fe[k] > 0 {
				pe[k] /= fe[k]
			}
			if set := el.entSet[k]; set >= 0 {
				es.SetProb(set, 0, pe[k])
				es.SetProb(set, 1, 1-pe[k])
			}
		}
		for _, l := range el.leaves {
			var u outcome
			cut := 0.0
			switch l.kind {
			case lkLinesOut, lkLinesIn:
				cut = v[pStrikeLinesCut]
			case lkTerrOut, lkTerrIn:
				cut = v[pStrikeTerritoryCut]
			}
			fb := (1-cut)*ffight + farms
			switch l.kind {
			case lkContain, lkLinesOut, lkTerrOut:
				u = s.payoffs(o, fa, kT, fb, 0, true, false, patronFights, X, w)
			case lkLinesIn:
				u = s.payoffs(o, fa, kT, fb, fe[strikeLines], true, true, patronFights || op.patronEnt[strikeLines], X, w)
			case lkTerrIn:
				u = s.payoffs(o, fa, kT, fb, fe[strikeTerritory], true, true, patronFights || op.patronEnt[strikeTerritory], X, w)
			}
			setOutcome(es, l.outcome, u)
		}
		es.Solve()
		var probs [3]float64
		for a := range 3 {
			probs[a] = es.Prob(el.strike[a])
		}
		if c := pick(probs[:], uniform(wEvents, keyEscalation)); c > 0 {
			strike = c - 1
		}
	}

	// After a strike, the alliance decides whether to invoke its clause
	// and each entrant whether to join.
	if strike >= 0 {
		for f := range op.frontline {
			if s.frontStruck(op, f) && op.allyStruck[strike][f] && strike == strikeTerritory {
				wr.allianceStrike = true
			}
		}
		invokedE := uniform(wEvents, keyInvokeE) < inv
		for j, mb := range op.ent[strike] {
			s.join[j] = false
			if s.struck[strike][j/64]&(1<<(j%64)) == 0 {
				continue
			}
			if mb.alliance && invokedE {
				wr.invoked = true
			}
			h := s.hE[o][strike][op.eOf[strike][j]]
			if uniform(wParties, m.parties[mb.p].key) < h && (!mb.alliance || invokedE) {
				s.join[j] = true
				fjoin += s.commit(mb)
				anyJoin = true
				patronJoins = patronJoins || mb.patron
			}
		}
	}

	cut := 0.0
	switch strike {
	case strikeLines:
		cut = v[pStrikeLinesCut]
	case strikeTerritory:
		cut = v[pStrikeTerritoryCut]
	}
	fb := (1-cut)*ffight + farms
	scale := s.forceShare[o] / v[pFullForce]
	feng := scale * (kT + fb + fjoin)
	p := s.contest(fa, v[pDefenceMultiplier]*feng)
	if uniform(wEvents, keyWar) < p {
		wr.loss = s.aims[o] * X
	}
	wr.patron = patronFights || patronJoins
	nu := scale * s.nuclear(wr.patron, wr.fight || anyJoin)
	wr.nuclear = uniform(wEvents, keyNuclear) < nu

	// Costs of the war (docs/model.md, §7).
	warCost := v[pLossExchange] * s.durs[o] * s.x
	s.cost[m.index[m.attacker]] += warCost*feng + s.sanctions(o, w)
	s.cost[m.index[m.target]] += v[pTargetDamage] * s.durs[o] * scale
	if feng > 0 {
		for i, mb := range op.defenders {
			switch {
			case s.fight[i]:
				s.cost[mb.p] += warCost * fa * scale * (1 - cut) * s.commit(mb) / feng
			case s.arm[i]:
				s.cost[mb.p] += v[pPartialEffect] * s.commit(mb) * s.durs[o] * s.x
			}
		}
		if strike >= 0 {
			for j, mb := range op.ent[strike] {
				if s.join[j] {
					s.cost[mb.p] += warCost * fa * scale * s.commit(mb) / feng
				}
			}
		}
	}
}

// commit is the force a party commits to a war (USD bn).
func (s *sampler) commit(mb member) float64 {
	if mb.patron {
		return s.v[pPatronShare] * mb.force
	}
	return s.v[pDefenderShare] * mb.force
}

// strikeSet marks in s.struck[k] the entrants obliged toward the struck
// defenders after a strike of kind k: the fighting frontline defenders, or
// every frontline defender if none of them fights.
func (s *sampler) strikeSet(op *option) {
	for k := range 2 {
		clear(s.struck[k])
		for f := range op.frontline {
			if s.frontStruck(op, f) {
				for w, bits := range op.mask[k][f] {
					s.struck[k][w] |= bits
				}
			}
		}
	}
}

// frontStruck reports whether frontline defender f would be struck: it
// fights, or no frontline defender fights.
func (s *sampler) frontStruck(op *option, f int) bool {
	for _, i := range op.frontline {
		if s.fight[i] {
			return s.fight[op.frontline[f]]
		}
	}
	return true
}

// aidCosts adds every donor's share of the aid, year by year.
func (s *sampler) aidCosts() {
	if s.aid == 0 {
		return
	}
	total := 0.0
	for t := 0; t < s.m.horizon; t++ {
		total += s.aid * s.w[t]
	}
	for _, d := range s.a.donors {
		s.cost[d.p] += total * d.share
	}
}
