package crisis

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"

	"github.com/bulwark-sim/bulwark/dist"
	"github.com/bulwark-sim/bulwark/scenario"
)

// param numbers the model's uncertain inputs. Each is read from the
// scenario's assumption of the same id (paramIDs); docs/model.md, section
// 10, gives every one's meaning, default and source.
type param int

const (
	pHonourBase param = iota
	pSupportNonmember
	pSupportMember
	pSupportReference
	pHonourStrength
	pHonourSupport
	pHonourForward
	pHonourFrontline
	pHonourBurden
	pHonourLimited
	pHonourMajor
	pPartialRate
	pPartialEffect
	pDefenderShare
	pPatronShare
	pForwardShare
	pInvocation
	pStrikeLinesCut
	pStrikeTerritoryCut

	pUSDPerEUR
	pWartimeAid
	pAttackerReadiness
	pTargetReadiness
	pAttackerSpending
	pTargetSpending
	pTargetGrowth
	pReconstitution
	pAidEffect
	pErosion

	pLimitedForce
	pFullForce
	pLimitedAim
	pFullAim
	pLimitedYears
	pFullYears
	pGrayValue

	pDecisiveness
	pDifferenceScale
	pDefenceMultiplier

	pLossExchange
	pTargetDamage
	pSanctions
	pSanctionsLimited
	pAttackerValue
	pTargetValue
	pNuclearPatron
	pNuclearGuarantor
	pNuclearTarget
	pNuclearCost

	pDiscount
	pInevitability
	pLogitLambda

	pOccupiedSince2022
	pOccupiedBefore2022
	pWarYears
	pWarGain
	pNeutralityCost
	pMembershipCost
	pDisruption

	nParams
)

// paramIDs are the assumption ids the model reads, in param order.
var paramIDs = [nParams]string{
	pHonourBase:         "defence_pact_honour_rate",
	pSupportNonmember:   "public_support_defend_nonmember",
	pSupportMember:      "public_support_defend_member",
	pSupportReference:   "support_reference",
	pHonourStrength:     "honour_strength_effect",
	pHonourSupport:      "honour_support_effect",
	pHonourForward:      "honour_forward_effect",
	pHonourFrontline:    "honour_frontline_effect",
	pHonourBurden:       "honour_burden_effect",
	pHonourLimited:      "honour_limited_effect",
	pHonourMajor:        "honour_major_power_effect",
	pPartialRate:        "partial_response_rate",
	pPartialEffect:      "partial_effectiveness",
	pDefenderShare:      "defender_force_share",
	pPatronShare:        "patron_force_share",
	pForwardShare:       "forward_presence_share",
	pInvocation:         "alliance_invocation_rate",
	pStrikeLinesCut:     "strike_lines_cut",
	pStrikeTerritoryCut: "strike_territory_cut",

	pUSDPerEUR:         "usd_per_eur",
	pWartimeAid:        "wartime_military_aid_eur_bn",
	pAttackerReadiness: "attacker_initial_readiness",
	pTargetReadiness:   "target_initial_readiness",
	pAttackerSpending:  "attacker_postwar_spending_ratio",
	pTargetSpending:    "target_postwar_spending_ratio",
	pTargetGrowth:      "target_spending_growth",
	pReconstitution:    "reconstitution_rate",
	pAidEffect:         "aid_effectiveness",
	pErosion:           "support_erosion_rate",

	pLimitedForce: "limited_force_share",
	pFullForce:    "full_force_share",
	pLimitedAim:   "limited_aim_share",
	pFullAim:      "full_aim_share",
	pLimitedYears: "limited_war_years",
	pFullYears:    "full_war_years",
	pGrayValue:    "gray_zone_value_eur_bn",

	pDecisiveness:      "contest_decisiveness",
	pDifferenceScale:   "contest_difference_scale",
	pDefenceMultiplier: "defence_multiplier",

	pLossExchange:     "loss_exchange_rate",
	pTargetDamage:     "target_war_damage_eur_bn_per_year",
	pSanctions:        "sanctions_cost_eur_bn",
	pSanctionsLimited: "sanctions_limited_share",
	pAttackerValue:    "attacker_territory_value_eur_bn",
	pTargetValue:      "target_territory_value_eur_bn",
	pNuclearPatron:    "nuclear_use_patron_war",
	pNuclearGuarantor: "nuclear_use_guarantor_war",
	pNuclearTarget:    "nuclear_use_target_war",
	pNuclearCost:      "nuclear_cost_gdp_multiple",

	pDiscount:      "attacker_discount",
	pInevitability: "war_inevitability",
	pLogitLambda:   "attacker_logit_lambda",

	pOccupiedSince2022:  "occupied_share_since_2022",
	pOccupiedBefore2022: "occupied_share_before_2022",
	pWarYears:           "war_continuation_years",
	pWarGain:            "war_continuation_gain_share",
	pNeutralityCost:     "target_neutrality_cost_eur_bn",
	pMembershipCost:     "attacker_membership_cost_eur_bn",
	pDisruption:         "war_disruption_gdp_share",
}

// ParamIDs lists the ids of the assumptions the model reads, in the order
// of docs/model.md, section 10.
func ParamIDs() []string { return slices.Clone(paramIDs[:]) }

// Drawing an assumption. dist.Sample's inverse CDF takes microseconds
// for beta and PERT distributions, too slow for the ~60 draws a sample
// needs, so each distribution's inverse CDF F⁻¹ is tabulated when the
// model is built and interpolated linearly: in bodyCells equal cells of u
// in the body [1/32, 31/32], and, in each tail, in tailSub equal cells of
// each octave of u (or of 1 − u) from 2⁻⁵ down to 2^-(tailOctave0+
// tailOctaves). Beyond that (probability 2⁻¹⁹ per draw and assumption)
// the exact F⁻¹ is used.
// TestSampledTable bounds the interpolation error.
const (
	bodyCells   = 512
	tailOctave0 = 5 // the tails start at u < 2⁻⁵
	tailOctaves = 15
	tailSub     = 16
)

// sampled is one uncertain input, ready to draw from: a point value, or a
// tabulated inverse CDF with the exact one for the far tails.
type sampled struct {
	id     string
	key    uint64 // hash of the id: the draw's uniform for it is mix(word ^ key)
	point  bool
	value  float64   // the value of a point distribution
	body   []float64 // F⁻¹(k/bodyCells), k = 0…bodyCells
	lo, hi []float64 // F⁻¹ at the tails' grid points, octave by octave
	d      *dist.Dist
}

// newSampled prepares an assumption for drawing.
func newSampled(a *scenario.Assumption) (*sampled, error) {
	d, err := dist.New(a.Spec())
	if err != nil {
		return nil, fmt.Errorf("assumption %q: %w", a.ID, err)
	}
	s := &sampled{id: a.ID, key: hashString(a.ID), d: d}
	if a.Dist == scenario.DistPoint {
		s.point, s.value = true, d.Sample(0.5)
		return s, nil
	}
	s.body = make([]float64, bodyCells+1)
	for k := range s.body {
		s.body[k] = d.Quantile(float64(k) / bodyCells)
	}
	n := tailOctaves * (tailSub + 1)
	s.lo, s.hi = make([]float64, n), make([]float64, n)
	for j := range tailOctaves {
		base := math.Ldexp(1, -(tailOctave0 + j + 1)) // the octave [base, 2·base)
		for c := range tailSub + 1 {
			u := base * (1 + float64(c)/tailSub)
			s.lo[j*(tailSub+1)+c] = d.Quantile(u)
			s.hi[j*(tailSub+1)+c] = d.Quantile(1 - u)
		}
	}
	return s, nil
}

// draw maps a uniform u in [0, 1) to a value by the tabulated inverse CDF.
func (s *sampled) draw(u float64) float64 {
	if s.point {
		return s.value
	}
	const lower, upper = 1.0 / (1 << tailOctave0), 1 - 1.0/(1<<tailOctave0)
	switch {
	case u >= lower && u < upper:
		x := u * bodyCells
		k := int(x)
		return s.body[k] + (x-float64(k))*(s.body[k+1]-s.body[k])
	case u < lower:
		if x, ok := tailLookup(s.lo, u); ok {
			return x
		}
	default:
		if x, ok := tailLookup(s.hi, 1-u); ok {
			return x
		}
	}
	return s.d.Sample(u)
}

// tailLookup interpolates a tail table at t in (0, 2⁻⁵): t = f·2^E with
// f in [1, 2) lies in octave −E−1−tailOctave0, cell ⌊(f−1)·tailSub⌋.
func tailLookup(table []float64, t float64) (float64, bool) {
	b := math.Float64bits(t)
	j := 1023 - int(b>>52&0x7ff) - 1 - tailOctave0
	if t <= 0 || j < 0 || j >= tailOctaves {
		return 0, false
	}
	f := math.Float64frombits(b&(1<<52-1)|1023<<52) - 1 // in [0, 1)
	x := f * tailSub
	c := int(x)
	i := j*(tailSub+1) + c
	return table[i] + (x-float64(c))*(table[i+1]-table[i]), true
}

// hashString is FNV-1a of s, the key that ties a random number to a name
// (an assumption or an actor) whatever the other names of the run.
func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// mix is the SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijection
// of 64-bit words whose outputs for nearby inputs look independent.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// unit maps a word to a uniform number in [0, 1) with 53 random bits.
func unit(z uint64) float64 { return float64(z>>11) * 0x1p-53 }

// uniform is the draw's uniform number for the stream word w and key.
func uniform(w, key uint64) float64 { return unit(mix(w ^ key)) }

// logit and logistic are the log-odds and its inverse; logit(0) = −∞ and
// logistic(−∞) = 0, so a zero base rate gives zero everywhere.
func logit(p float64) float64 { return math.Log(p / (1 - p)) }

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
