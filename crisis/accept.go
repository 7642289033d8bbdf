package crisis

import "slices"

// accRole is where a party whose acceptance is computed stands under an
// arrangement: attacker, target, or another state with its place, if
// any, among each option's defenders and entrants, and its share of the
// aid.
type accRole struct {
	p                int
	attacker, target bool
	required         bool
	patron           bool
	force            float64
	donor            float64 // share of the arrangement's aid
	d                [nArmed]int
	e                [nArmed][2]int
}

// roles prepares the acceptance roles of a's parties.
func (m *Model) roles(a *arrangement) []accRole {
	out := make([]accRole, len(a.accept))
	for i, p := range a.accept {
		r := accRole{p: p, attacker: m.parties[p].id == m.attacker, target: m.parties[p].id == m.target,
			required: slices.Contains(a.required, p), patron: m.parties[p].id == m.patron, force: m.parties[p].force}
		for _, d := range a.donors {
			if d.p == p {
				r.donor = d.share
			}
		}
		for o := range nArmed {
			op := a.opts[o]
			r.d[o] = slices.IndexFunc(op.defenders, func(mb member) bool { return mb.p == p })
			for k := range 2 {
				r.e[o][k] = slices.IndexFunc(op.ent[k], func(mb member) bool { return mb.p == p })
			}
		}
		out[i] = r
	}
	return out
}

// accept decides, for every party in the arrangement's acceptance list,
// whether it prefers the arrangement to continuing the war, writing the
// metric actors' answers to acc, and reports whether every required party
// accepts (docs/model.md, §8). Each party weighs its expected payoff
// under the arrangement, an expectation over the attacker's plan and the
// chance moves of the solved year games, against its payoff from D more
// years of the present war.
func (s *sampler) accept(acc []float64) bool {
	m, a, v := s.m, s.a, &s.v
	var W, S1, SH, SL, SHp, SLp [nArmed]float64
	vaSum, vtSum := 0.0, 0.0
	r := 1.0
	for t := 0; t < m.horizon && r > 0; t++ {
		for o := range nArmed {
			w := r * s.prob[t][optLimited+o]
			if w == 0 {
				continue
			}
			ratio := 0.0
			if s.feng[t][o] > 0 {
				ratio = s.fa[t][o] / s.feng[t][o]
			}
			W[o] += w
			S1[o] += w * ratio
			SH[o] += w * s.ph[t][o] * ratio
			SL[o] += w * s.pl[t][o] * ratio
			SHp[o] += w * s.ph[t][o]
			SLp[o] += w * s.pl[t][o]
			vaSum += w * s.va[t][o]
			vtSum += w * s.vt[t][o]
		}
		r *= s.prob[t][optNone] + s.prob[t][optGray]
	}
	warYears := 0.0
	for o := range nArmed {
		warYears += s.durs[o] * W[o]
	}
	aidTotal := 0.0
	for t := 0; t < m.horizon; t++ {
		aidTotal += s.aid * s.w[t]
	}

	// The present war, continued for D years: the attacker gains a share
	// of the target's territory each year and loses force in proportion
	// to the target's wartime force; donors keep paying wartime aid.
	years := v[pWarYears]
	xNow := 1 - v[pOccupiedBefore2022] - v[pOccupiedSince2022]
	xWar := xNow * pow1m(v[pWarGain], years)
	mT := m.parties[m.index[m.target]].force
	fWar := mT + v[pAidEffect]*v[pWartimeAid]*v[pUSDPerEUR]
	nuWar := s.nuclear(false, false) * years

	feasible := true
	for i, role := range s.roles() {
		var yes bool
		switch {
		case role.attacker:
			join := 0.0
			if a.joins {
				join = v[pMembershipCost]
			}
			deal := v[pAttackerValue]*(1-s.x0) + vaSum - join
			cont := v[pAttackerValue]*(1-xWar) - v[pLossExchange]*years*fWar*s.x - nuWar*s.nucA
			yes = deal >= cont
		case role.target:
			neutral := 0.0
			if a.neutral {
				neutral = v[pNeutralityCost]
			}
			deal := v[pTargetValue]*s.x0 + vtSum - neutral
			cont := v[pTargetValue]*xWar - v[pTargetDamage]*years - nuWar*s.nucT
			yes = deal >= cont
		default:
			yes = s.acceptWest(&role, W, S1, SH, SL, SHp, SLp, warYears, aidTotal)
		}
		if i < len(acc) {
			acc[i] = b2f(yes)
		}
		if role.required && !yes {
			feasible = false
		}
	}
	return feasible
}

// acceptWest decides for a state other than the attacker and the target,
// year for year: its expected yearly cost under the arrangement (aid, war
// costs, nuclear risk and the disruption of the years of war it expects,
// over the horizon divided by its length) against its yearly cost of the
// present war (its share of the wartime aid and a year's disruption).
func (s *sampler) acceptWest(role *accRole, W, S1, SH, SL, SHp, SLp [nArmed]float64, warYears, aidTotal float64) bool {
	m, a, v := s.m, s.a, &s.v
	f := v[pDefenderShare] * role.force
	nu := s.nuclear(false, true)
	if role.patron {
		f = v[pPatronShare] * role.force
		nu = s.nuclear(true, true)
	}
	nu *= v[pNuclearCost] * m.parties[role.p].gdp * s.x
	inv := v[pInvocation]
	exp := aidTotal * role.donor
	for o := range nArmed {
		op := a.opts[o]
		war := v[pLossExchange] * s.durs[o] * s.x * f
		if d := role.d[o]; d >= 0 {
			h := s.hD[o][op.dOf[d]]
			invoke := 1.0
			if op.defenders[d].alliance {
				invoke = inv
			}
			pf := invoke * h
			pa := (1-invoke)*h + (1-h)*v[pPartialRate]
			exp += war*pf*S1[o] + v[pPartialEffect]*f*s.durs[o]*s.x*pa*W[o] + nu*pf*W[o]
		}
		for k, sx := range [2][2]float64{{SL[o], SLp[o]}, {SH[o], SHp[o]}} {
			if e := role.e[o][k]; e >= 0 {
				h := s.hE[o][k][op.eOf[k][e]]
				if op.ent[k][e].alliance {
					h *= inv
				}
				exp += war*h*sx[0] + nu*h*sx[1]
			}
		}
	}
	disrupt := v[pDisruption] * m.parties[role.p].gdp * s.x
	deal := (exp + disrupt*warYears) / float64(m.horizon)
	cont := m.warShare[role.p]*v[pWartimeAid] + disrupt
	return deal <= cont
}

// roles returns the acceptance roles of the sampler's arrangement.
func (s *sampler) roles() []accRole { return s.a.roles }

// pow1m is (1 − g)^years, for 0 ≤ g < 1.
func pow1m(g, years float64) float64 {
	if g <= 0 {
		return 1
	}
	return expFast(years * logFast(1-g))
}
