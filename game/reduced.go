package game

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// MaxReducedWork bounds the work ReducedNormalForm may do: the number of
// reduced strategy profiles times the number of nodes of the tree (each
// profile's payoffs are found by a walk over at most every node). Games
// over the bound are refused with an error rather than computed.
const MaxReducedWork = 200_000_000

// ownMove is a player's own move: an information set (index into
// Extensive.Infosets, or -1 for none) and a 1-based action.
type ownMove struct {
	iset int32
	act  int32
}

// ReducedNormalForm returns the reduced strategic form of g, as Gambit
// builds it for gambit-enumpure on an .efg and for .efg → .nfg conversion.
//
// A reduced pure strategy of a player fixes an action at each of the
// player's information sets that its own earlier choices do not rule out;
// sets it rules out are left unspecified, and strategies differing only
// there are one reduced strategy. Each strategy is labelled with one entry
// per information set of the player, in the player's information-set order
// (depth-first first appearance): the 1-based action number, or "*" where
// unspecified, e.g. "12" or "1*". If some information set of the player
// has 10 or more actions the entries are separated by commas ("10,*"), so
// that labels stay unambiguous; Gambit itself concatenates the numbers. A
// player with no information sets has one strategy, labelled "".
//
// Strategies are ordered lexicographically over the player's information
// sets in order, action 1 first; this is the order in which Gambit's
// depth-first construction produces them for games with perfect recall.
//
// The payoff of a profile is each player's expected payoff, exactly: the
// sum of the outcomes met on every path the profile follows (outcomes on
// interior nodes count), weighted by the chance probabilities on the path.
//
// Reduced strategies are enumerated directly, branching only on the
// information sets that the player's earlier choices leave reachable; this
// needs each player's information sets to be reached by a unique sequence
// of the player's own moves (own-move perfect recall, which excludes
// absent-mindedness). Other games, games with more than MaxProfiles reduced
// profiles and games whose profiles × nodes exceed MaxReducedWork are
// refused with an error. Time is O(profiles × nodes) big-rational
// additions; memory is linear in the game plus the output.
func (g *Extensive) ReducedNormalForm() (*NormalForm, error) {
	r, err := g.Reduce()
	if err != nil {
		return nil, err
	}
	return r.Game, nil
}

// Reduced is the reduced strategic form of an extensive game together with
// what each reduced strategy does in the tree, so that strategic-form
// answers can be read back as behaviour profiles.
type Reduced struct {
	// Game is the reduced strategic form (see ReducedNormalForm).
	Game *NormalForm
	tree *Extensive
	// sets[p] lists player p's information sets in order; local[k] is
	// set k's index in its player's list; behav[p] holds, strategy by
	// strategy, one 1-based action (0 for unspecified) per set of p.
	sets  [][]int32
	local []int32
	behav [][]int32
}

// Reduce builds the reduced strategic form of g; see ReducedNormalForm.
func (g *Extensive) Reduce() (*Reduced, error) {
	if err := reducedCheck(g); err != nil {
		return nil, err
	}
	n := len(g.Players)

	// Each player's information sets, in order, and each set's index
	// within its player's list.
	playerSets := make([][]int32, n+1)
	local := make([]int32, len(g.Infosets))
	for k, is := range g.Infosets {
		local[k] = int32(len(playerSets[is.Player]))
		playerSets[is.Player] = append(playerSets[is.Player], int32(k))
	}

	pred, err := reducedPredecessors(g)
	if err != nil {
		return nil, err
	}

	// Count each player's reduced strategies (saturating above
	// MaxProfiles) before building any of them.
	counts := reducedCounts(g, pred)
	profiles := int64(1)
	for p := 1; p <= n; p++ {
		profiles = satMul(profiles, counts[p])
	}
	if profiles > MaxProfiles {
		return nil, fmt.Errorf("the reduced strategic form has more than %d strategy profiles", MaxProfiles)
	}
	if profiles > MaxReducedWork/int64(len(g.Nodes)) {
		return nil, fmt.Errorf("the reduced strategic form is too costly to build: %d profiles × %d nodes exceeds %d",
			profiles, len(g.Nodes), MaxReducedWork)
	}

	// Enumerate each player's reduced strategies: behav[p] holds, strategy
	// by strategy, one 1-based action (0 for unspecified) per information
	// set of the player.
	behav := make([][]int32, n+1)
	labels := make([][]string, n)
	for p := 1; p <= n; p++ {
		sets := playerSets[p]
		behav[p] = reducedEnumerate(g, sets, local, pred, counts[p])
		labels[p-1] = reducedLabels(g, sets, behav[p])
	}

	nf, err := NewNormalForm(append([]string(nil), g.Players...), labels)
	if err != nil {
		return nil, err
	}
	nf.Title, nf.Comment = g.Title, g.Comment

	// Outcome payoffs weighted by the chance probability of reaching the
	// node, for every node with an outcome.
	weighted := reducedWeightedPayoffs(g)

	s := make([]int, n)
	sums := make([]*big.Rat, n)
	for i := range sums {
		sums[i] = new(big.Rat)
	}
	stack := make([]int32, 0, 64)
	for prof := 0; prof < nf.NumProfiles(); prof++ {
		for i := range sums {
			sums[i].SetInt64(0)
		}
		stack = append(stack[:0], 0)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			node := &g.Nodes[v]
			if w := weighted[v]; w != nil {
				for i := range sums {
					sums[i].Add(sums[i], w[i])
				}
			}
			switch node.Kind {
			case Chance:
				na := g.NumActions(int(v))
				for a := na - 1; a >= 0; a-- {
					stack = append(stack, int32(g.Child(int(v), a)))
				}
			case Personal:
				p := g.Infosets[node.Infoset].Player
				nsets := len(playerSets[p])
				a := behav[p][s[p-1]*nsets+int(local[node.Infoset])]
				if a <= 0 {
					// Cannot happen: a node the profile reaches is
					// reached by its player's own choices.
					return nil, fmt.Errorf("internal error: information set %d unspecified but reached", node.Infoset)
				}
				stack = append(stack, int32(g.Child(int(v), int(a)-1)))
			}
		}
		for i := range sums {
			nf.SetPayoff(prof, i, NumberFromRat(sums[i]))
		}
		for k := range n { // next profile: player 1 fastest
			s[k]++
			if s[k] < len(labels[k]) {
				break
			}
			s[k] = 0
		}
	}
	return &Reduced{Game: nf, tree: g, sets: playerSets, local: local, behav: behav}, nil
}

// reducedCheck checks that g is consistent enough to walk.
func reducedCheck(g *Extensive) error {
	if g == nil {
		return fmt.Errorf("nil game")
	}
	n := len(g.Players)
	if n == 0 {
		return fmt.Errorf("the game has no players")
	}
	if len(g.Nodes) == 0 {
		return fmt.Errorf("the game has no nodes")
	}
	for k, is := range g.Infosets {
		if is.Player < 0 || is.Player > n {
			return fmt.Errorf("information set %d belongs to player %d, out of range 0..%d", k, is.Player, n)
		}
		if len(is.Actions) == 0 {
			return fmt.Errorf("information set %d has no actions", k)
		}
		if is.Player == 0 && len(is.Probs) != len(is.Actions) {
			return fmt.Errorf("chance information set %d has %d probabilities for %d actions", k, len(is.Probs), len(is.Actions))
		}
	}
	for i, o := range g.Outcomes {
		if len(o.Payoffs) != n {
			return fmt.Errorf("outcome %d has %d payoffs for %d players", i+1, len(o.Payoffs), n)
		}
	}
	if g.Nodes[0].Parent != -1 {
		return fmt.Errorf("node 0 is not the root")
	}
	for v := range g.Nodes {
		node := &g.Nodes[v]
		if v > 0 && (node.Parent < 0 || int(node.Parent) >= v) {
			return fmt.Errorf("node %d: the nodes are not in preorder", v)
		}
		if node.Outcome < 0 || int(node.Outcome) > len(g.Outcomes) {
			return fmt.Errorf("node %d has outcome %d, out of range 0..%d", v, node.Outcome, len(g.Outcomes))
		}
		switch node.Kind {
		case Terminal:
			if node.Infoset >= 0 {
				return fmt.Errorf("terminal node %d has an information set", v)
			}
			continue
		case Chance, Personal:
		default:
			return fmt.Errorf("node %d has unknown kind %d", v, node.Kind)
		}
		if node.Infoset < 0 || int(node.Infoset) >= len(g.Infosets) {
			return fmt.Errorf("node %d has information set %d, out of range", v, node.Infoset)
		}
		if isChance := g.Infosets[node.Infoset].Player == 0; isChance != (node.Kind == Chance) {
			return fmt.Errorf("node %d: kind and information set owner disagree", v)
		}
		na := g.NumActions(v)
		if node.ChildStart < 0 || int(node.ChildStart)+na > len(g.Children) {
			return fmt.Errorf("node %d: children out of range", v)
		}
		for a := range na {
			c := g.Child(v, a)
			if c <= v || c >= len(g.Nodes) || int(g.Nodes[c].Parent) != v {
				return fmt.Errorf("node %d: child %d is not a later node with it as parent", v, a+1)
			}
		}
	}
	return nil
}

// reducedPredecessors returns, for every information set, the last own
// move of its player on the path to its nodes (iset -1 if none). It fails
// if the nodes of a set disagree: then a player's reduced strategies are
// not determined by its own moves alone (imperfect recall of its own
// actions, such as absent-mindedness), which is not supported.
//
// The nodes are in preorder, so one pass with a stack of the current path
// suffices; it runs in time linear in the tree.
func reducedPredecessors(g *Extensive) ([]ownMove, error) {
	type pathEntry struct {
		node      int32
		player    int     // mover, 0 for chance
		prev      ownMove // the mover's last own move before this node
		nextChild int32
	}
	n := len(g.Players)
	last := make([]ownMove, n+1)
	for p := range last {
		last[p] = ownMove{iset: -1}
	}
	pred := make([]ownMove, len(g.Infosets))
	seen := make([]bool, len(g.Infosets))
	var path []pathEntry
	for v := range g.Nodes {
		node := &g.Nodes[v]
		for len(path) > 0 && path[len(path)-1].node != node.Parent {
			top := path[len(path)-1]
			last[top.player] = top.prev
			path = path[:len(path)-1]
		}
		if node.Parent >= 0 {
			if len(path) == 0 {
				return nil, fmt.Errorf("the nodes are not in preorder (node %d)", v)
			}
			top := &path[len(path)-1]
			if g.Child(int(top.node), int(top.nextChild)) != v {
				return nil, fmt.Errorf("the nodes are not in preorder (node %d)", v)
			}
			top.nextChild++
			if top.player > 0 {
				last[top.player] = ownMove{iset: g.Nodes[top.node].Infoset, act: top.nextChild}
			}
		}
		if node.Kind == Terminal {
			continue
		}
		p := g.Infosets[node.Infoset].Player
		if p > 0 {
			k := node.Infoset
			if !seen[k] {
				seen[k], pred[k] = true, last[p]
			} else if pred[k] != last[p] {
				return nil, fmt.Errorf("player %d's information set %d (%q) is reached by different sequences of the player's own moves (imperfect recall); reduced strategies need perfect recall",
					p, g.Infosets[k].ID, g.Infosets[k].Label)
			}
		}
		path = append(path, pathEntry{node: int32(v), player: p, prev: last[p]})
	}
	return pred, nil
}

// satMul and satAdd are products and sums of non-negative counts that
// saturate at MaxProfiles+1.
func satMul(a, b int64) int64 {
	const limit = MaxProfiles + 1
	if a == 0 || b == 0 {
		return 0
	}
	if a >= limit || b >= limit || a > limit/b {
		return limit
	}
	return min(a*b, limit)
}

func satAdd(a, b int64) int64 {
	return min(a+b, MaxProfiles+1) // a, b ≤ MaxProfiles+1: no overflow
}

// reducedCounts returns each player's number of reduced strategies,
// saturated at MaxProfiles+1 (index 0, chance, is unused). Under own-move
// perfect recall a player's sets form a forest under "first reached after
// my move (k, a)": a set's count is the sum over its actions of the
// product of the counts of the sets that action leads to, and a player's
// count is the product over the roots.
func reducedCounts(g *Extensive, pred []ownMove) []int64 {
	counts := make([]int64, len(g.Players)+1)
	for p := range counts {
		counts[p] = 1
	}
	offset := make([]int, len(g.Infosets)+1)
	for k, is := range g.Infosets {
		offset[k+1] = offset[k] + len(is.Actions)
	}
	prod := make([]int64, offset[len(g.Infosets)])
	for i := range prod {
		prod[i] = 1
	}
	// A set comes after the set of its predecessor move, so a reverse pass
	// sees every set after all the sets that follow it.
	for k := len(g.Infosets) - 1; k >= 0; k-- {
		is := &g.Infosets[k]
		if is.Player == 0 {
			continue
		}
		c := int64(0)
		for a := range is.Actions {
			c = satAdd(c, prod[offset[k]+a])
		}
		if pm := pred[k]; pm.iset >= 0 {
			i := offset[pm.iset] + int(pm.act) - 1
			prod[i] = satMul(prod[i], c)
		} else {
			counts[is.Player] = satMul(counts[is.Player], c)
		}
	}
	return counts
}

// reducedEnumerate lists a player's reduced strategies (count of them), in
// lexicographic order over the player's sets, action 1 first: one 1-based
// action per set, 0 where the player's own earlier choices rule the set
// out.
func reducedEnumerate(g *Extensive, sets, local []int32, pred []ownMove, count int64) []int32 {
	m := len(sets)
	out := make([]int32, 0, int(count)*m)
	cur := make([]int32, m)
	var rec func(i int)
	rec = func(i int) {
		if i == m {
			out = append(out, cur...)
			return
		}
		k := sets[i]
		pm := pred[k]
		if pm.iset >= 0 && cur[local[pm.iset]] != pm.act {
			cur[i] = 0
			rec(i + 1)
			return
		}
		for a := range g.Infosets[k].Actions {
			cur[i] = int32(a + 1)
			rec(i + 1)
		}
	}
	rec(0)
	return out
}

// reducedLabels labels a player's reduced strategies as Gambit does: one
// entry per set, the action number or "*". If some set has 10 or more
// actions the entries are separated by commas (Gambit would concatenate
// them, which can make two strategies' labels equal).
func reducedLabels(g *Extensive, sets []int32, behav []int32) []string {
	m := len(sets)
	sep := ""
	for _, k := range sets {
		if len(g.Infosets[k].Actions) >= 10 {
			sep = ","
		}
	}
	if m == 0 {
		return []string{""}
	}
	labels := make([]string, len(behav)/m)
	var b strings.Builder
	for st := range labels {
		b.Reset()
		for i, a := range behav[st*m : (st+1)*m] {
			if i > 0 {
				b.WriteString(sep)
			}
			if a == 0 {
				b.WriteByte('*')
			} else {
				b.WriteString(strconv.Itoa(int(a)))
			}
		}
		labels[st] = b.String()
	}
	return labels
}

// reducedWeightedPayoffs returns, for each node with an outcome, the
// outcome's payoffs times the product of the chance probabilities on the
// path to the node (nil for other nodes).
func reducedWeightedPayoffs(g *Extensive) [][]*big.Rat {
	prob := make([]*big.Rat, len(g.Nodes))
	prob[0] = big.NewRat(1, 1)
	weighted := make([][]*big.Rat, len(g.Nodes))
	for v := range g.Nodes {
		node := &g.Nodes[v]
		if node.Kind != Terminal {
			is := &g.Infosets[node.Infoset]
			for a := range is.Actions {
				c := g.Child(v, a)
				if node.Kind == Chance {
					pc := is.Probs[a].setRat(new(big.Rat))
					prob[c] = pc.Mul(pc, prob[v])
				} else {
					prob[c] = prob[v] // shared, never modified
				}
			}
		}
		if node.Outcome > 0 {
			o := &g.Outcomes[node.Outcome-1]
			w := make([]*big.Rat, len(o.Payoffs))
			for i, u := range o.Payoffs {
				wi := u.setRat(new(big.Rat))
				w[i] = wi.Mul(wi, prob[v])
			}
			weighted[v] = w
		}
		prob[v] = nil // children have their own; keep memory to the frontier
	}
	return weighted
}

// Behaviour returns the behaviour profile that the mixed profile p of the
// reduced strategic form induces in the tree, as Gambit computes it when
// it prints a strategic-form answer for an extensive game (its
// MixedBehaviorProfile from a MixedStrategyProfile): at an information set
// of player i, the probability of action a is the total probability of
// i's strategies that reach the set and choose a there, divided by the
// total probability of i's strategies that reach the set. Where that total
// is zero — the set is ruled out by i's own choices, or reached only
// through chance moves of probability zero — every action gets probability
// 0, as in Gambit, so such a set's probabilities sum to 0, not 1. Chance
// sets carry their probabilities.
func (r *Reduced) Behaviour(p MixedProfile) (BehaviourProfile, error) {
	if err := r.Game.check(p); err != nil {
		return nil, err
	}
	g := r.tree
	// Sets with a node that chance reaches with positive probability.
	chancePos := make([]bool, len(g.Nodes))
	setPos := make([]bool, len(g.Infosets))
	chancePos[0] = true
	for v := range g.Nodes {
		node := &g.Nodes[v]
		if node.Kind == Terminal {
			continue
		}
		if chancePos[v] {
			setPos[node.Infoset] = true
		}
		set := &g.Infosets[node.Infoset]
		for a := range set.Actions {
			chancePos[g.Child(v, a)] = chancePos[v] && (node.Kind != Chance || !set.Probs[a].IsZero())
		}
	}
	b := make(BehaviourProfile, len(g.Infosets))
	zero := NewNumber(0, 1)
	for k, set := range g.Infosets {
		if set.Player == 0 {
			b[k] = append([]Number(nil), set.Probs...)
			continue
		}
		b[k] = make([]Number, len(set.Actions))
		for a := range b[k] {
			b[k][a] = zero
		}
		if !setPos[k] {
			continue
		}
		pl := set.Player
		m := len(r.sets[pl])
		total := new(big.Rat)
		mass := make([]*big.Rat, len(set.Actions))
		for a := range mass {
			mass[a] = new(big.Rat)
		}
		for s, x := range p[pl-1] {
			if x.IsZero() {
				continue
			}
			if a := r.behav[pl][s*m+int(r.local[k])]; a > 0 {
				total.Add(total, x.Rat())
				mass[a-1].Add(mass[a-1], x.Rat())
			}
		}
		if total.Sign() == 0 {
			continue
		}
		for a := range mass {
			b[k][a] = fromRat(mass[a].Quo(mass[a], total))
		}
	}
	return b, nil
}
