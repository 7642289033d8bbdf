package game

import (
	"fmt"
	"math/big"
	"strings"
)

// MixedProfile gives, for each player, a probability for each of its
// strategies.
type MixedProfile [][]Number

// PureProfile returns the mixed profile that puts probability one on the
// given strategies (0-based, one per player).
func (g *NormalForm) PureProfile(s []int) MixedProfile {
	p := make(MixedProfile, len(g.Players))
	for i := range p {
		p[i] = make([]Number, len(g.Strategies[i]))
		for j := range p[i] {
			p[i][j] = NewNumber(0, 1)
		}
		p[i][s[i]] = NewNumber(1, 1)
	}
	return p
}

// check returns an error unless p is a probability distribution over each
// player's strategies.
func (g *NormalForm) check(p MixedProfile) error {
	if len(p) != len(g.Players) {
		return fmt.Errorf("profile has %d players, game has %d", len(p), len(g.Players))
	}
	one := big.NewRat(1, 1)
	for i, pi := range p {
		if len(pi) != len(g.Strategies[i]) {
			return fmt.Errorf("player %d: %d probabilities for %d strategies", i+1, len(pi), len(g.Strategies[i]))
		}
		sum := new(big.Rat)
		for _, x := range pi {
			if x.Rat().Sign() < 0 {
				return fmt.Errorf("player %d: negative probability %s", i+1, x.Text())
			}
			sum.Add(sum, x.Rat())
		}
		if sum.Cmp(one) != 0 {
			return fmt.Errorf("player %d: probabilities sum to %s, not 1", i+1, RatString(sum))
		}
	}
	return nil
}

// StrategyValues returns, for each player i and strategy s, player i's
// expected payoff from playing s against the others' mixed strategies in p,
// exactly. It visits every profile once: O(profiles × players).
func (g *NormalForm) StrategyValues(p MixedProfile) ([][]*big.Rat, error) {
	if err := g.check(p); err != nil {
		return nil, err
	}
	n := len(g.Players)
	vals := make([][]*big.Rat, n)
	for i := range vals {
		vals[i] = make([]*big.Rat, len(g.Strategies[i]))
		for j := range vals[i] {
			vals[i][j] = new(big.Rat)
		}
	}
	s := make([]int, n)
	w, t := new(big.Rat), new(big.Rat)
	for prof := 0; prof < g.NumProfiles(); prof++ {
		for i := range n {
			// Weight of the others' strategies in this profile.
			w.SetInt64(1)
			for k := range n {
				if k != i {
					w.Mul(w, p[k][s[k]].Rat())
				}
			}
			if w.Sign() != 0 {
				t.Mul(w, g.Payoff(prof, i).Rat())
				vals[i][s[i]].Add(vals[i][s[i]], t)
			}
		}
		for k := range n { // next profile: player 1 fastest
			s[k]++
			if s[k] < len(g.Strategies[k]) {
				break
			}
			s[k] = 0
		}
	}
	return vals, nil
}

// Regret measures how far p is from a Nash equilibrium: for each player, the
// gain from switching to a best pure response, exactly. A profile is a Nash
// equilibrium exactly when every regret is zero.
type Regret struct {
	// PerPlayer[i] is player i's gain from its best response.
	PerPlayer []*big.Rat
	// Max is the largest of them.
	Max *big.Rat
	// BestResponses[i] lists player i's best pure responses to p.
	BestResponses [][]int
}

// Verify computes the regret of every player at p.
func (g *NormalForm) Verify(p MixedProfile) (*Regret, error) {
	vals, err := g.StrategyValues(p)
	if err != nil {
		return nil, err
	}
	r := &Regret{Max: new(big.Rat)}
	for i, vi := range vals {
		best := vi[0]
		for _, v := range vi[1:] {
			if v.Cmp(best) > 0 {
				best = v
			}
		}
		var brs []int
		exp, t := new(big.Rat), new(big.Rat)
		for j, v := range vi {
			if v.Cmp(best) == 0 {
				brs = append(brs, j)
			}
			exp.Add(exp, t.Mul(p[i][j].Rat(), v))
		}
		reg := new(big.Rat).Sub(best, exp)
		r.PerPlayer = append(r.PerPlayer, reg)
		r.BestResponses = append(r.BestResponses, brs)
		if reg.Cmp(r.Max) > 0 {
			r.Max = reg
		}
	}
	return r, nil
}

// EnumPure returns every pure-strategy Nash equilibrium of g, as strategy
// indices per player, in profile order (player 1's strategy changing
// fastest). It is Gambit's enumpure on a strategic game: a profile is an
// equilibrium when no player gains by a unilateral deviation. Cost:
// O(profiles × Σ strategies) exact comparisons.
func EnumPure(g *NormalForm) [][]int {
	var out [][]int
	n := len(g.Players)
	stride := make([]int, n)
	mul := 1
	for i := range n {
		stride[i] = mul
		mul *= len(g.Strategies[i])
	}
	s := make([]int, n)
	for prof := 0; prof < g.NumProfiles(); prof++ {
		eq := true
		for i := 0; i < n && eq; i++ {
			cur := g.Payoff(prof, i)
			base := prof - s[i]*stride[i]
			for j := range len(g.Strategies[i]) {
				if j != s[i] && g.Payoff(base+j*stride[i], i).Cmp(cur) > 0 {
					eq = false
					break
				}
			}
		}
		if eq {
			out = append(out, append([]int(nil), s...))
		}
		for k := range n {
			s[k]++
			if s[k] < len(g.Strategies[k]) {
				break
			}
			s[k] = 0
		}
	}
	return out
}

// FormatGambit returns p as Gambit's solvers print a mixed profile: "NE,"
// then the probabilities, comma-separated, player by player and strategy by
// strategy. With decimals < 0 they are exact (an integer or a/b); otherwise
// they are rounded to that many decimal places.
func (p MixedProfile) FormatGambit(decimals int) string {
	var sb strings.Builder
	sb.WriteString("NE")
	for _, pi := range p {
		writeProbs(&sb, pi, decimals)
	}
	return sb.String()
}

// writeProbs writes ",x" for each probability: exact (an integer or a/b)
// with decimals < 0, otherwise rounded to that many decimal places.
func writeProbs(sb *strings.Builder, probs []Number, decimals int) {
	for _, x := range probs {
		sb.WriteByte(',')
		if decimals < 0 {
			sb.WriteString(RatString(x.Rat()))
		} else {
			sb.WriteString(x.Rat().FloatString(decimals))
		}
	}
}
