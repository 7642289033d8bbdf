package game

import (
	"fmt"
	"math/big"
	"strings"
)

// BehaviourProfile gives, for each information set of an extensive game, in
// Extensive.Infosets order, a probability for each of its actions. Entries
// for chance sets hold the chance probabilities; they may also be left
// empty, and the game's own probabilities are always the ones used.
type BehaviourProfile [][]Number

// behCheckTree returns an error unless g's nodes are stored in exact
// preorder (every node's children follow it, each child's subtree in full
// before the next child) with indices, information sets and outcomes in
// range. It walks the tree with an explicit stack.
func (g *Extensive) behCheckTree() error {
	if len(g.Nodes) == 0 {
		return fmt.Errorf("the game has no nodes")
	}
	if len(g.Players) == 0 {
		return fmt.Errorf("the game has no players")
	}
	for i, o := range g.Outcomes {
		if len(o.Payoffs) != len(g.Players) {
			return fmt.Errorf("outcome %d has %d payoffs for %d players", i+1, len(o.Payoffs), len(g.Players))
		}
	}
	for k := range g.Infosets {
		set := &g.Infosets[k]
		if set.Player < 0 || set.Player > len(g.Players) {
			return fmt.Errorf("information set %d belongs to player %d, out of range", k, set.Player)
		}
		if len(set.Actions) == 0 {
			return fmt.Errorf("information set %d has no actions", k)
		}
		if set.Player == 0 && len(set.Probs) != len(set.Actions) {
			return fmt.Errorf("chance information set %d has %d probabilities for %d actions", k, len(set.Probs), len(set.Actions))
		}
	}
	stack := []int32{0}
	next := 0
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if int(v) != next || next >= len(g.Nodes) {
			return fmt.Errorf("the nodes are not a tree stored in preorder (node %d where %d was expected)", v, next)
		}
		next++
		n := &g.Nodes[v]
		if n.Outcome < 0 || int(n.Outcome) > len(g.Outcomes) {
			return fmt.Errorf("node %d has outcome %d, out of range", v, n.Outcome)
		}
		if n.Kind == Terminal {
			if n.Infoset >= 0 {
				return fmt.Errorf("terminal node %d has an information set", v)
			}
			continue
		}
		if n.Infoset < 0 || int(n.Infoset) >= len(g.Infosets) {
			return fmt.Errorf("node %d has information set %d, out of range", v, n.Infoset)
		}
		if pl := g.Infosets[n.Infoset].Player; (pl == 0) != (n.Kind == Chance) {
			return fmt.Errorf("node %d is of kind %d but its information set belongs to player %d", v, n.Kind, pl)
		}
		k := len(g.Infosets[n.Infoset].Actions)
		cs := int(n.ChildStart)
		if cs < 0 || cs+k > len(g.Children) {
			return fmt.Errorf("the children of node %d are out of range", v)
		}
		for a := k - 1; a >= 0; a-- {
			stack = append(stack, g.Children[cs+a])
		}
	}
	if next != len(g.Nodes) {
		return fmt.Errorf("%d of %d nodes are not reachable from the root", len(g.Nodes)-next, len(g.Nodes))
	}
	return nil
}

// checkBehaviour returns an error unless b is a behaviour profile of g: one
// probability distribution per personal information set, and for chance
// sets either nothing or the game's own probabilities.
func (g *Extensive) checkBehaviour(b BehaviourProfile) error {
	if len(b) != len(g.Infosets) {
		return fmt.Errorf("profile has %d information sets, game has %d", len(b), len(g.Infosets))
	}
	one := big.NewRat(1, 1)
	sum := new(big.Rat)
	for k, bk := range b {
		set := &g.Infosets[k]
		if set.Player == 0 {
			if len(bk) == 0 {
				continue
			}
			if len(bk) != len(set.Probs) {
				return fmt.Errorf("chance information set %d: %d probabilities for %d actions", set.ID, len(bk), len(set.Probs))
			}
			for a := range bk {
				if bk[a].Cmp(set.Probs[a]) != 0 {
					return fmt.Errorf("chance information set %d: probability %s of action %d is not the game's %s",
						set.ID, bk[a].Text(), a+1, set.Probs[a].Text())
				}
			}
			continue
		}
		if len(bk) != len(set.Actions) {
			return fmt.Errorf("player %d, information set %d: %d probabilities for %d actions", set.Player, set.ID, len(bk), len(set.Actions))
		}
		sum.SetInt64(0)
		for _, x := range bk {
			if x.Rat().Sign() < 0 {
				return fmt.Errorf("player %d, information set %d: negative probability %s", set.Player, set.ID, x.Text())
			}
			sum.Add(sum, x.Rat())
		}
		if sum.Cmp(one) != 0 {
			return fmt.Errorf("player %d, information set %d: probabilities sum to %s, not 1", set.Player, set.ID, RatString(sum))
		}
	}
	return nil
}

// FormatGambit returns b as Gambit's solvers print a profile: "NE," then
// the probabilities, comma-separated, by player (1..n), then by that
// player's information sets in g.Infosets order (depth-first first
// appearance), then by action. Chance sets are not printed. With decimals
// < 0 the probabilities are exact (an integer or a/b); otherwise they are
// rounded to that many decimal places. b must have one entry per
// information set.
func (g *Extensive) FormatGambit(b BehaviourProfile, decimals int) string {
	var sb strings.Builder
	sb.WriteString("NE")
	for pl := 1; pl <= len(g.Players); pl++ {
		for k := range g.Infosets {
			if g.Infosets[k].Player != pl || k >= len(b) {
				continue
			}
			writeProbs(&sb, b[k], decimals)
		}
	}
	return sb.String()
}

// behProb returns the probability of action a at information set k: the
// game's for chance sets, b's otherwise.
func (g *Extensive) behProb(b BehaviourProfile, k, a int) *big.Rat {
	set := &g.Infosets[k]
	if set.Player == 0 {
		return set.Probs[a].Rat()
	}
	return b[k][a].Rat()
}

// behReach returns, for every node, the probability that play following b
// reaches it, except that the moves of player skip (1..n; any other value
// skips no one) count as probability one. A nil entry means 0; entries may
// share (immutable) values. It is one pass over the nodes in preorder.
func (g *Extensive) behReach(b BehaviourProfile, skip int) []*big.Rat {
	one := big.NewRat(1, 1)
	reach := make([]*big.Rat, len(g.Nodes))
	reach[0] = one
	for v := range g.Nodes {
		r := reach[v]
		n := &g.Nodes[v]
		if r == nil || n.Infoset < 0 {
			continue
		}
		set := &g.Infosets[n.Infoset]
		for a := range set.Actions {
			c := g.Child(v, a)
			if set.Player == skip {
				reach[c] = r
				continue
			}
			p := g.behProb(b, int(n.Infoset), a)
			switch {
			case p.Sign() == 0:
			case p.Cmp(one) == 0:
				reach[c] = r
			default:
				reach[c] = new(big.Rat).Mul(r, p)
			}
		}
	}
	return reach
}

// BehaviourValues returns each player's expected payoff under b, exactly:
// the sum, over the nodes, of the probability of reaching the node times
// its outcome (outcomes add up along a path). It makes one pass over the
// nodes in preorder, without recursion, so trees of any depth are fine;
// memory is linear in the number of nodes.
func (g *Extensive) BehaviourValues(b BehaviourProfile) ([]*big.Rat, error) {
	if err := g.behCheckTree(); err != nil {
		return nil, err
	}
	if err := g.checkBehaviour(b); err != nil {
		return nil, err
	}
	return g.behValues(b), nil
}

func (g *Extensive) behValues(b BehaviourProfile) []*big.Rat {
	reach := g.behReach(b, -1)
	vals := make([]*big.Rat, len(g.Players))
	for i := range vals {
		vals[i] = new(big.Rat)
	}
	t := new(big.Rat)
	for v := range g.Nodes {
		o := g.Nodes[v].Outcome
		if reach[v] == nil || o == 0 {
			continue
		}
		for i, u := range g.Outcomes[o-1].Payoffs {
			vals[i].Add(vals[i], t.Mul(reach[v], u.Rat()))
		}
	}
	return vals
}

// VerifyBehaviour returns the largest gain any player could make by
// deviating unilaterally from b, exactly; b is a Nash equilibrium exactly
// when the gain is zero.
//
// Each player's best-response value is found by backward induction over
// its own sequences: with the others' moves and chance weighted in, the
// value of a player's information set is the best, over its actions, of
// the payoff collected directly under that action plus the values of the
// player's information sets that follow it. That is exact for games of
// perfect recall, perfect or imperfect information; games in which a
// player forgets its own earlier moves are refused. Cost: O(players ×
// nodes) exact operations, no recursion.
func (g *Extensive) VerifyBehaviour(b BehaviourProfile) (*big.Rat, error) {
	if err := g.behCheckTree(); err != nil {
		return nil, err
	}
	if err := g.checkBehaviour(b); err != nil {
		return nil, err
	}
	vals := g.behValues(b)
	gain := new(big.Rat)
	base := make([]int32, len(g.Infosets)) // first sequence of each set, +1
	parent := make([]int32, len(g.Infosets))
	seq := make([]int32, len(g.Nodes)) // the player's last own sequence, +1 (0 = none)
	t := new(big.Rat)
	for pl := 1; pl <= len(g.Players); pl++ {
		nseq := int32(1)
		for k := range g.Infosets {
			parent[k] = -1
			if g.Infosets[k].Player == pl {
				base[k] = nseq
				nseq += int32(len(g.Infosets[k].Actions))
			}
		}
		reach := g.behReach(b, pl)
		c := make([]*big.Rat, nseq)
		for s := range c {
			c[s] = new(big.Rat)
		}
		seq[0] = 0
		for v := range g.Nodes {
			n := &g.Nodes[v]
			if o := n.Outcome; o != 0 && reach[v] != nil {
				c[seq[v]].Add(c[seq[v]], t.Mul(reach[v], g.Outcomes[o-1].Payoffs[pl-1].Rat()))
			}
			if n.Infoset < 0 {
				continue
			}
			k := n.Infoset
			own := g.Infosets[k].Player == pl
			if own {
				switch parent[k] {
				case -1:
					parent[k] = seq[v]
				case seq[v]:
				default:
					return nil, fmt.Errorf("VerifyBehaviour: player %d forgets its own earlier moves at information set %d (imperfect recall is not supported)",
						pl, g.Infosets[k].ID)
				}
			}
			for a := range g.Infosets[k].Actions {
				if own {
					seq[g.Child(v, a)] = base[k] + int32(a)
				} else {
					seq[g.Child(v, a)] = seq[v]
				}
			}
		}
		for k := len(g.Infosets) - 1; k >= 0; k-- {
			if g.Infosets[k].Player != pl || parent[k] < 0 {
				continue
			}
			best := c[base[k]]
			for a := 1; a < len(g.Infosets[k].Actions); a++ {
				if x := c[base[k]+int32(a)]; x.Cmp(best) > 0 {
					best = x
				}
			}
			c[parent[k]].Add(c[parent[k]], best)
		}
		if d := t.Sub(c[0], vals[pl-1]); d.Cmp(gain) > 0 {
			gain.Set(d)
		}
	}
	return gain, nil
}
