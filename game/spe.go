package game

import (
	"fmt"
	"math/big"
)

// SPEResult is a subgame-perfect equilibrium found by backward induction.
type SPEResult struct {
	// Profile is a pure behaviour profile (chance sets hold the chance
	// probabilities).
	Profile BehaviourProfile
	// Values holds each player's payoff, exactly.
	Values []*big.Rat
	// Ties is the number of decision nodes at which more than one action
	// attained the mover's maximum (the lowest such action was chosen).
	Ties int
}

// spePerfectInfo checks that g is a well-formed tree of perfect
// information: every personal information set has exactly one node.
func (g *Extensive) spePerfectInfo() error {
	if err := g.behCheckTree(); err != nil {
		return err
	}
	count := make([]int32, len(g.Infosets))
	for v := range g.Nodes {
		if k := g.Nodes[v].Infoset; k >= 0 {
			count[k]++
		}
	}
	for k := range g.Infosets {
		if set := &g.Infosets[k]; set.Player > 0 && count[k] > 1 {
			return fmt.Errorf("spe needs perfect information: information set %d of player %d has %d nodes", set.ID, set.Player, count[k])
		}
	}
	return nil
}

// speEmptyProfile returns a profile with every personal probability zero
// and the chance sets' probabilities, its personal entries cut from one
// backing array.
func (g *Extensive) speEmptyProfile(zero Number) BehaviourProfile {
	total := 0
	for k := range g.Infosets {
		if g.Infosets[k].Player > 0 {
			total += len(g.Infosets[k].Actions)
		}
	}
	flat := make([]Number, total)
	for i := range flat {
		flat[i] = zero
	}
	p := make(BehaviourProfile, len(g.Infosets))
	for k := range g.Infosets {
		set := &g.Infosets[k]
		if set.Player == 0 {
			p[k] = append([]Number(nil), set.Probs...)
			continue
		}
		p[k], flat = flat[:len(set.Actions):len(set.Actions)], flat[len(set.Actions):]
	}
	return p
}

// speAddOutcome adds node v's outcome to the payoff vector val in place.
func (g *Extensive) speAddOutcome(v int, val []*big.Rat) {
	if o := g.Nodes[v].Outcome; o != 0 {
		for i, u := range g.Outcomes[o-1].Payoffs {
			val[i].Add(val[i], u.Rat())
		}
	}
}

// SPE returns a subgame-perfect equilibrium of a game of perfect
// information (every personal information set has one node; chance nodes
// are allowed), by backward induction with exact arithmetic. Ties are
// broken toward the lowest action index. Outcomes on interior nodes add to
// the payoffs. It makes one pass over the nodes from last to first (in
// preorder, children follow their parent), keeping the values of pending
// subtrees on a stack, so it never recurses; time and memory are linear in
// the number of nodes.
func (g *Extensive) SPE() (*SPEResult, error) {
	if err := g.spePerfectInfo(); err != nil {
		return nil, err
	}
	n := len(g.Players)
	zero, one := NewNumber(0, 1), NewNumber(1, 1)
	res := &SPEResult{Profile: g.speEmptyProfile(zero)}
	var stack [][]*big.Rat // top: the value of the most recent subtree
	t := new(big.Rat)
	newVec := func() []*big.Rat {
		val := make([]*big.Rat, n)
		for i := range val {
			val[i] = new(big.Rat)
		}
		return val
	}
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		node := &g.Nodes[v]
		var val []*big.Rat
		if node.Infoset < 0 {
			val = newVec()
		} else {
			set := &g.Infosets[node.Infoset]
			k := len(set.Actions)
			top := len(stack) - 1 // child a's value is stack[top-a]
			if set.Player == 0 {
				val = newVec()
				for a := range k {
					p := set.Probs[a].Rat()
					for i, x := range stack[top-a] {
						val[i].Add(val[i], t.Mul(p, x))
					}
				}
			} else {
				pl := set.Player - 1
				best, ties := 0, 1
				for a := 1; a < k; a++ {
					switch c := stack[top-a][pl].Cmp(stack[top-best][pl]); {
					case c > 0:
						best, ties = a, 1
					case c == 0:
						ties++
					}
				}
				if ties > 1 {
					res.Ties++
				}
				val = stack[top-best] // owned by this subtree alone: reuse it
				res.Profile[node.Infoset][best] = one
			}
			clear(stack[len(stack)-k:])
			stack = stack[:len(stack)-k]
		}
		g.speAddOutcome(v, val)
		stack = append(stack, val)
	}
	res.Values = stack[0]
	return res, nil
}

// speChoice records, as a DAG shared between equilibria, the choices made
// in a subtree: action at node (-1 for chance nodes) and the choices in
// each child's subtree (nil for a subtree without decisions).
type speChoice struct {
	node, action int32
	parts        []*speChoice
}

// speEntry is one subgame-perfect equilibrium of a subtree.
type speEntry struct {
	vals []*big.Rat
	ch   *speChoice
}

// speMulSat and speAddSat are saturating at limit+1.
func speMulSat(a, b, cap int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > cap/b {
		return cap
	}
	return min(a*b, cap)
}

func speAddSat(a, b, cap int) int { return min(a+b, cap) }

// speProduct calls f with every combination of one index per list,
// the first list's index changing fastest.
func speProduct(sizes []int, f func(idx []int)) {
	for _, s := range sizes {
		if s == 0 {
			return
		}
	}
	idx := make([]int, len(sizes))
	for {
		f(idx)
		i := 0
		for ; i < len(idx); i++ {
			idx[i]++
			if idx[i] < sizes[i] {
				break
			}
			idx[i] = 0
		}
		if i == len(idx) {
			return
		}
	}
}

// AllSPE returns every pure subgame-perfect equilibrium of a game of
// perfect information. A profile is one when, at every decision node, the
// chosen action is a best one for the mover given the equilibrium play in
// every subgame; different tied choices deep in the tree can change which
// actions are best higher up, so the equilibria of each subtree are
// combined with their payoffs. The equilibria of every subtree are counted
// (saturating) before they are built, and AllSPE refuses when the count
// exceeds limit: each subtree's equilibria extend to equilibria of the
// whole game, so no subtree ever holds more than limit of them. Time and
// memory are O(nodes × limit²) at worst; for a game with a unique SPE,
// linear in the nodes, without recursion.
func (g *Extensive) AllSPE(limit int) ([]BehaviourProfile, error) {
	if err := g.spePerfectInfo(); err != nil {
		return nil, err
	}
	if limit < 1 {
		return nil, fmt.Errorf("AllSPE: limit %d is less than 1", limit)
	}
	n := len(g.Players)
	capn := limit + 1
	tooMany := fmt.Errorf("AllSPE: the game has more than %d subgame-perfect equilibria", limit)
	var stack [][]speEntry
	t := new(big.Rat)
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		node := &g.Nodes[v]
		var out []speEntry
		if node.Infoset < 0 {
			val := make([]*big.Rat, n)
			for i := range val {
				val[i] = new(big.Rat)
			}
			g.speAddOutcome(v, val)
			out = []speEntry{{vals: val}}
		} else {
			set := &g.Infosets[node.Infoset]
			k := len(set.Actions)
			kids := make([][]speEntry, k)
			for a := range k {
				kids[a] = stack[len(stack)-1-a]
			}
			clear(stack[len(stack)-k:])
			stack = stack[:len(stack)-k]
			withOutcome := func(val []*big.Rat) []*big.Rat {
				o := node.Outcome
				if o == 0 {
					return val
				}
				w := make([]*big.Rat, n)
				for i, u := range g.Outcomes[o-1].Payoffs {
					w[i] = new(big.Rat).Add(val[i], u.Rat())
				}
				return w
			}
			sizes := make([]int, k)
			if set.Player == 0 {
				count := 1
				for a := range k {
					sizes[a] = len(kids[a])
					count = speMulSat(count, sizes[a], capn)
				}
				if count > limit {
					return nil, tooMany
				}
				speProduct(sizes, func(idx []int) {
					val := make([]*big.Rat, n)
					parts := make([]*speChoice, k)
					for i := range val {
						val[i] = new(big.Rat)
					}
					for a := range k {
						e := kids[a][idx[a]]
						parts[a] = e.ch
						p := set.Probs[a].Rat()
						for i, x := range e.vals {
							val[i].Add(val[i], t.Mul(p, x))
						}
					}
					g.speAddOutcome(v, val)
					out = append(out, speEntry{vals: val, ch: &speChoice{node: int32(v), action: -1, parts: parts}})
				})
			} else {
				pl := set.Player - 1
				// Count: choose a and an equilibrium s of child a, then for
				// every other child one whose value to the mover is at most s's.
				count := 0
				for a := range k {
					for _, s := range kids[a] {
						c := 1
						for b := range k {
							if b == a {
								continue
							}
							m := 0
							for _, e := range kids[b] {
								if e.vals[pl].Cmp(s.vals[pl]) <= 0 {
									m++
								}
							}
							c = speMulSat(c, m, capn)
						}
						count = speAddSat(count, c, capn)
					}
				}
				if count > limit {
					return nil, tooMany
				}
				lists := make([][]speEntry, k)
				for a := range k {
					for _, s := range kids[a] {
						for b := range k {
							lists[b] = lists[b][:0]
							if b == a {
								lists[b] = append(lists[b], s)
								continue
							}
							for _, e := range kids[b] {
								if e.vals[pl].Cmp(s.vals[pl]) <= 0 {
									lists[b] = append(lists[b], e)
								}
							}
							sizes[b] = len(lists[b])
						}
						sizes[a] = 1
						speProduct(sizes, func(idx []int) {
							parts := make([]*speChoice, k)
							for b := range k {
								parts[b] = lists[b][idx[b]].ch
							}
							out = append(out, speEntry{vals: withOutcome(s.vals),
								ch: &speChoice{node: int32(v), action: int32(a), parts: parts}})
						})
					}
				}
			}
		}
		stack = append(stack, out)
	}
	zero, one := NewNumber(0, 1), NewNumber(1, 1)
	var profiles []BehaviourProfile
	var walk []*speChoice
	for _, e := range stack[0] {
		p := g.speEmptyProfile(zero)
		walk = append(walk[:0], e.ch)
		for len(walk) > 0 {
			c := walk[len(walk)-1]
			walk = walk[:len(walk)-1]
			if c == nil {
				continue
			}
			if c.action >= 0 {
				p[g.Nodes[c.node].Infoset][c.action] = one
			}
			walk = append(walk, c.parts...)
		}
		profiles = append(profiles, p)
	}
	return profiles, nil
}
