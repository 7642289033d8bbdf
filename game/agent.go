package game

import (
	"context"
	"fmt"
	"math"
	"math/big"
)

// The agent form of an extensive game gives every information set of a
// player its own "agent", who chooses there alone and is paid the player's
// payoff. An agent Nash equilibrium is a behaviour profile in which no
// agent gains by changing its own choice alone. Every Nash equilibrium is
// an agent equilibrium, not conversely: a player might gain by changing its
// moves at two sets at once. docs/games.md discusses when each is wanted.

// MaxAgentWork bounds EnumPureAgent: the number of pure behaviour profiles
// times the number of nodes. Larger games are refused with an error.
const MaxAgentWork = 2_000_000_000

// AgentRegret returns the largest gain any single agent (a player at one
// of its information sets) could make by changing its own behaviour there
// alone, exactly; b is an agent Nash equilibrium exactly when the result is
// zero. Information sets the profile reaches with probability zero cannot
// gain. Cost: O(players × nodes) exact operations; games of imperfect
// recall in which a set can follow itself on a path are refused.
func (g *Extensive) AgentRegret(b BehaviourProfile) (*big.Rat, error) {
	if err := g.behCheckTree(); err != nil {
		return nil, err
	}
	if err := g.checkBehaviour(b); err != nil {
		return nil, err
	}
	if err := g.agentCheckRecall(); err != nil {
		return nil, err
	}
	return g.agentRegret(b, g.outcomeRats()), nil
}

// outcomeRats returns every outcome's payoffs as big.Rats, to share.
func (g *Extensive) outcomeRats() [][]*big.Rat {
	pays := make([][]*big.Rat, len(g.Outcomes))
	for o := range g.Outcomes {
		pays[o] = make([]*big.Rat, len(g.Players))
		for i, u := range g.Outcomes[o].Payoffs {
			pays[o][i] = u.Rat()
		}
	}
	return pays
}

// agentRegret is AgentRegret for a checked game and profile, with the
// outcomes' payoffs given as pays (from outcomeRats).
func (g *Extensive) agentRegret(b BehaviourProfile, pays [][]*big.Rat) *big.Rat {
	n := len(g.Players)
	reach := g.behReach(b, -1)
	// val[v*n+i]: player i's expected payoff from node v on, under b.
	// Entries are shared where a value passes up unchanged (nil is 0);
	// they are never modified once set.
	val := make([]*big.Rat, len(g.Nodes)*n)
	t := new(big.Rat)
	probs := make([][]*big.Rat, len(g.Infosets))
	for k := range g.Infosets {
		probs[k] = make([]*big.Rat, len(g.Infosets[k].Actions))
		for a := range probs[k] {
			probs[k][a] = g.behProb(b, k, a)
		}
	}
	payoff := func(o int32, i int) *big.Rat { return pays[o-1][i] }
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		node := &g.Nodes[v]
		for a := range g.NumActions(v) {
			p := probs[node.Infoset][a]
			if p.Sign() == 0 {
				continue
			}
			c := g.Child(v, a)
			for i := range n {
				y := val[c*n+i]
				switch x := val[v*n+i]; {
				case y == nil || y.Sign() == 0:
				case x == nil && p.IsInt(): // p is 1
					val[v*n+i] = y
				case x == nil:
					val[v*n+i] = new(big.Rat).Mul(p, y)
				default:
					val[v*n+i] = new(big.Rat).Add(x, t.Mul(p, y))
				}
			}
		}
		if node.Outcome > 0 {
			for i := range n {
				u := payoff(node.Outcome, i)
				if u.Sign() == 0 {
					continue
				}
				if x := val[v*n+i]; x == nil {
					val[v*n+i] = u
				} else {
					val[v*n+i] = new(big.Rat).Add(x, u)
				}
			}
		}
	}
	value := func(v, i int) *big.Rat {
		if x := val[v*n+i]; x != nil {
			return x
		}
		return new(big.Rat)
	}
	// For each set, the reach-weighted value of each action and of the
	// profile's own mix, for the set's player.
	best := new(big.Rat)
	q := make([][]*big.Rat, len(g.Infosets))
	cur := make([]*big.Rat, len(g.Infosets))
	for v := range g.Nodes {
		node := &g.Nodes[v]
		if node.Kind != Personal || reach[v] == nil || reach[v].Sign() == 0 {
			continue
		}
		k := node.Infoset
		p := g.Infosets[k].Player - 1
		if q[k] == nil {
			q[k] = make([]*big.Rat, g.NumActions(v))
			for a := range q[k] {
				q[k][a] = new(big.Rat)
			}
			cur[k] = new(big.Rat)
		}
		for a := range q[k] {
			w := t.Mul(reach[v], value(g.Child(v, a), p))
			q[k][a].Add(q[k][a], w)
		}
		cur[k].Add(cur[k], t.Mul(reach[v], value(v, p)))
		if o := node.Outcome; o > 0 { // val[v] includes v's own outcome; q does not
			cur[k].Sub(cur[k], t.Mul(reach[v], payoff(o, p)))
		}
	}
	gain := new(big.Rat)
	for k := range q {
		if q[k] == nil {
			continue
		}
		for _, x := range q[k] {
			if gain.Sub(x, cur[k]).Cmp(best) > 0 {
				best.Set(gain)
			}
		}
	}
	return best
}

// agentCheckRecall refuses games in which an information set can occur
// twice on one path (absent-mindedness): then an agent's choice is not a
// single move and deviations at one set change the reach of its own nodes.
func (g *Extensive) agentCheckRecall() error {
	onPath := make([]int32, len(g.Infosets)) // times on the current path
	var path []int32
	for v := range g.Nodes {
		node := &g.Nodes[v]
		for len(path) > 0 && path[len(path)-1] != node.Parent {
			top := path[len(path)-1]
			onPath[g.Nodes[top].Infoset]--
			path = path[:len(path)-1]
		}
		if node.Kind == Terminal {
			continue
		}
		k := node.Infoset
		if onPath[k] > 0 && g.Infosets[k].Player > 0 {
			set := &g.Infosets[k]
			return fmt.Errorf("player %d's information set %d (%q) occurs twice on one path (absent-mindedness); agent-form methods need each set at most once per path",
				set.Player, set.ID, set.Label)
		}
		onPath[k]++
		path = append(path, int32(v))
	}
	return nil
}

// EnumPureAgent returns every pure agent Nash equilibrium of g, as Gambit's
// enumpure -A reports them: pure behaviour profiles (probability one on one
// action at every information set, reached or not) in which no player
// gains by changing its action at one information set alone. They are
// listed in odometer order over the information sets, the first set's
// action changing fastest.
//
// Each pure profile is checked with two passes over the tree: a backward
// pass for every player's payoff from every node on, and a forward pass
// summing, over the nodes each set reaches, what each other action would
// gain. Payoffs are exact: chance-weighted outcome payoffs are scaled to
// integers by their common denominator, and the passes run in int64 when
// the scaled values are small enough (always for games with small
// rational data), otherwise every profile is checked by AgentRegret in
// big rationals; either way the test is exact. (The tests check every
// equilibrium found again with AgentRegret.)
// Games whose pure profiles × nodes exceed MaxAgentWork are refused.
func (g *Extensive) EnumPureAgent(ctx context.Context) ([]BehaviourProfile, error) {
	if err := g.behCheckTree(); err != nil {
		return nil, err
	}
	if err := g.agentCheckRecall(); err != nil {
		return nil, err
	}
	var sets []int32 // personal information sets
	profiles := int64(1)
	for k, is := range g.Infosets {
		if is.Player == 0 {
			continue
		}
		sets = append(sets, int32(k))
		profiles = satMulLimit(profiles, int64(len(is.Actions)), MaxAgentWork+1)
	}
	if work := satMulLimit(profiles, int64(len(g.Nodes)), MaxAgentWork+1); work > MaxAgentWork {
		return nil, fmt.Errorf("the agent form is too large to enumerate: %s pure behaviour profiles × %d nodes exceeds %d; try spe (perfect information), lcp or logit",
			agentCount(profiles, MaxAgentWork), len(g.Nodes), int64(MaxAgentWork))
	}
	act := make([]int32, len(g.Infosets)) // current action per set (chance unused)
	check := g.agentFastChecker()
	var pays [][]*big.Rat
	if check == nil {
		pays = g.outcomeRats()
	}
	var out []BehaviourProfile
	for count := int64(0); ; count++ {
		if count&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		var ok bool
		if check != nil {
			ok = check.isEquilibrium(act)
		} else {
			ok = g.agentRegret(g.agentProfile(act), pays).Sign() == 0
		}
		if ok {
			out = append(out, g.agentProfile(act))
		}
		// Next profile: the first set's action changes fastest.
		i := 0
		for ; i < len(sets); i++ {
			k := sets[i]
			act[k]++
			if int(act[k]) < len(g.Infosets[k].Actions) {
				break
			}
			act[k] = 0
		}
		if i == len(sets) {
			return out, nil
		}
	}
}

// agentCount formats a saturated count.
func agentCount(c, limit int64) string {
	if c > limit {
		return fmt.Sprintf("more than %d", limit)
	}
	return fmt.Sprint(c)
}

// satMulLimit multiplies non-negative counts, saturating at limit.
func satMulLimit(a, b, limit int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a >= limit || b >= limit || a > limit/b {
		return limit
	}
	return min(a*b, limit)
}

// agentProfile is the pure behaviour profile choosing act[k] at every
// personal set k (chance sets carry their probabilities).
func (g *Extensive) agentProfile(act []int32) BehaviourProfile {
	b := make(BehaviourProfile, len(g.Infosets))
	one := NewNumber(1, 1)
	for k, is := range g.Infosets {
		if is.Player == 0 {
			b[k] = append([]Number(nil), is.Probs...)
			continue
		}
		b[k] = make([]Number, len(is.Actions))
		b[k][act[k]] = one
	}
	return b
}

// agentFast checks pure profiles in int64 arithmetic: base holds each
// node's outcome payoffs times the chance probability of reaching it,
// scaled to integers by their common denominator.
type agentFast struct {
	g     *Extensive
	n     int
	base  []int64 // node × player
	val   []int64 // node × player, scratch
	gain  []int64 // per action of every set, scratch
	off   []int32 // first action of each set in gain
	reach []bool
}

// agentFastChecker returns an int64 checker, or nil if the scaled payoffs
// could overflow.
func (g *Extensive) agentFastChecker() *agentFast {
	n := len(g.Players)
	weighted := reducedWeightedPayoffs(g)
	lcm := big.NewInt(1)
	t := new(big.Int)
	for _, w := range weighted {
		for _, x := range w {
			d := x.Denom()
			t.GCD(nil, nil, lcm, d)
			lcm.Mul(lcm, t.Quo(d, t))
			if lcm.BitLen() > 62 {
				return nil
			}
		}
	}
	f := &agentFast{g: g, n: n, base: make([]int64, len(g.Nodes)*n), val: make([]int64, len(g.Nodes)*n),
		off: make([]int32, len(g.Infosets)+1), reach: make([]bool, len(g.Nodes))}
	// Every value is a sum of some of the base entries, every gain a sum
	// of differences of values over the nodes of a set: bound both.
	var total float64
	s := new(big.Int)
	for v, w := range weighted {
		for i, x := range w {
			s.Mul(x.Num(), t.Quo(lcm, x.Denom()))
			if !s.IsInt64() {
				return nil
			}
			f.base[v*n+i] = s.Int64()
			total += math.Abs(float64(s.Int64()))
		}
	}
	if 2*total*float64(len(g.Nodes)+1) >= 1<<62 {
		return nil
	}
	for k, is := range g.Infosets {
		f.off[k+1] = f.off[k] + int32(len(is.Actions))
	}
	f.gain = make([]int64, f.off[len(g.Infosets)])
	return f
}

// isEquilibrium reports whether the pure profile act is an agent Nash
// equilibrium.
func (f *agentFast) isEquilibrium(act []int32) bool {
	g, n := f.g, f.n
	val := f.val
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		node := &g.Nodes[v]
		row := val[v*n : v*n+n]
		copy(row, f.base[v*n:v*n+n])
		switch node.Kind {
		case Personal:
			c := int(g.Children[int(node.ChildStart)+int(act[node.Infoset])])
			for i, x := range val[c*n : c*n+n] {
				row[i] += x
			}
		case Chance:
			for a := range g.NumActions(v) {
				c := int(g.Children[int(node.ChildStart)+a])
				for i, x := range val[c*n : c*n+n] {
					row[i] += x
				}
			}
		}
	}
	clear(f.gain)
	f.reach[0] = true
	for v := range g.Nodes {
		node := &g.Nodes[v]
		if v > 0 {
			p := &g.Nodes[node.Parent]
			f.reach[v] = f.reach[node.Parent] && (p.Kind == Chance || g.Children[int(p.ChildStart)+int(act[p.Infoset])] == int32(v))
		}
		if !f.reach[v] || node.Kind != Personal {
			continue
		}
		k := node.Infoset
		pl := g.Infosets[k].Player - 1
		kids := g.Children[node.ChildStart : int(node.ChildStart)+g.NumActions(v)]
		now := val[int(kids[act[k]])*n+pl]
		for a, c := range kids {
			f.gain[int(f.off[k])+a] += val[int(c)*n+pl] - now
		}
	}
	for _, x := range f.gain {
		if x > 0 {
			return false
		}
	}
	return true
}
