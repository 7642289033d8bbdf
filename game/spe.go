package game

import (
	"fmt"
	"math/big"
	"slices"
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
// and the chance sets' probabilities, its personal entries cut from a few
// large blocks (of at most speBlock Numbers, so that no one allocation is
// so large that zeroing it holds up the garbage collector).
func (g *Extensive) speEmptyProfile(zero Number) BehaviourProfile {
	total := 0
	for k := range g.Infosets {
		if g.Infosets[k].Player > 0 {
			total += len(g.Infosets[k].Actions)
		}
	}
	var flat []Number
	p := make(BehaviourProfile, len(g.Infosets))
	for k := range g.Infosets {
		set := &g.Infosets[k]
		if set.Player == 0 {
			p[k] = append([]Number(nil), set.Probs...)
			continue
		}
		m := len(set.Actions)
		if len(flat) < m {
			flat = make([]Number, max(min(total, speBlock), m))
			if zero != (Number{}) {
				for i := range flat {
					flat[i] = zero
				}
			}
		}
		p[k], flat = flat[:m:m], flat[m:]
		total -= m
	}
	return p
}

// speBlock is the largest block of Numbers speEmptyProfile allocates at
// once (2.5 MB).
const speBlock = 1 << 16

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
// are allowed), by backward induction (Zermelo 1913; Kuhn 1953, "Extensive
// games and the problem of information") with exact arithmetic. Ties are
// broken toward the lowest action index. Outcomes on interior nodes add to
// the payoffs. It makes one pass over the nodes from last to first (in
// preorder, children follow their parent), keeping the values of pending
// subtrees on a stack, so it never recurses; time and memory are linear in
// the number of nodes.
//
// The values are computed as int64 fractions while every payoff,
// probability and intermediate value fits (as they do for payoffs and
// probabilities with small numerators and denominators), with every
// operation checked for overflow; on the first overflow the whole pass is
// redone with big.Rat. Either way the answer is exact. The write-up is in
// docs/games.md.
func (g *Extensive) SPE() (*SPEResult, error) {
	if err := g.spePerfectInfo(); err != nil {
		return nil, err
	}
	if res, ok := g.speSmall(); ok {
		return res, nil
	}
	return g.speExact(), nil
}

// speSmall is SPE's backward induction over int64 fractions, on a flat
// stack of n values per pending subtree. ok = false means a payoff or
// probability does not fit, or a value overflowed.
func (g *Extensive) speSmall() (res *SPEResult, ok bool) {
	n := len(g.Players)
	res = &SPEResult{Profile: g.speEmptyProfile(Number{})}
	stack := make([]q64, 0, 64*n) // n values per pending subtree; the top is the latest
	acc := make([]q64, n)
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		node := &g.Nodes[v]
		if node.Infoset < 0 {
			for range n {
				stack = append(stack, q64{0, 1})
			}
		} else {
			set := &g.Infosets[node.Infoset]
			k := len(set.Actions)
			top := len(stack) - n // child a's values start at top - a·n
			base := top - (k-1)*n // where this node's values go
			if set.Player == 0 {
				for i := range acc {
					acc[i] = q64{0, 1}
				}
				for a := range k {
					p, ok := q64Of(set.Probs[a])
					if !ok {
						return nil, false
					}
					for i, x := range stack[top-a*n : top-a*n+n] {
						t, ok1 := p.mul(x)
						s, ok2 := acc[i].add(t)
						if !ok1 || !ok2 {
							return nil, false
						}
						acc[i] = s
					}
				}
				copy(stack[base:base+n], acc)
			} else {
				pl := set.Player - 1
				best, ties := 0, 1
				for a := 1; a < k; a++ {
					switch c := stack[top-a*n+pl].cmp(stack[top-best*n+pl]); {
					case c > 0:
						best, ties = a, 1
					case c == 0:
						ties++
					}
				}
				if ties > 1 {
					res.Ties++
				}
				copy(stack[base:base+n], stack[top-best*n:top-best*n+n])
				res.Profile[node.Infoset][best] = numberOne
			}
			stack = stack[:base+n]
		}
		if o := node.Outcome; o != 0 {
			val := stack[len(stack)-n:]
			for i, u := range g.Outcomes[o-1].Payoffs {
				q, ok := q64Of(u)
				if !ok {
					return nil, false
				}
				if val[i], ok = val[i].add(q); !ok {
					return nil, false
				}
			}
		}
	}
	res.Values = make([]*big.Rat, n)
	for i, x := range stack[:n] {
		res.Values[i] = big.NewRat(x.n, x.d)
	}
	return res, true
}

// speExact is SPE's backward induction with big.Rat values.
func (g *Extensive) speExact() *SPEResult {
	n := len(g.Players)
	res := &SPEResult{Profile: g.speEmptyProfile(Number{})}
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
				res.Profile[node.Infoset][best] = numberOne
			}
			clear(stack[len(stack)-k:])
			stack = stack[:len(stack)-k]
		}
		g.speAddOutcome(v, val)
		stack = append(stack, val)
	}
	res.Values = stack[0]
	return res
}

// speChoice records, as a DAG shared between equilibria, the choices made
// in a subtree: action at node (-1 for chance nodes) and the choices in
// each child's subtree (nil for a subtree without decisions).
type speChoice struct {
	node, action int32
	parts        []*speChoice
	// uses is the number of equilibria of the whole game whose choices
	// include these, and seg, if made, their part of a behaviour profile
	// (see speSegments).
	uses int32
	seg  [][]Number
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
//
// The profiles returned share their probability vectors (one per
// information set and pure choice, and one copy of each chance set's
// probabilities), so that each costs one slice header per information
// set: treat them as read-only, and copy an entry before changing it.
// When the sets are numbered in order of first appearance (as ReadEFG
// numbers them), the part of a profile for a subtree equilibrium shared
// by several equilibria is built once and copied (see speSegmentProfiles);
// the write-up is in docs/games.md.
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
	var choices []*speChoice // in order of creation: parts before their users
	newChoice := func(v, a int, parts []*speChoice) *speChoice {
		c := &speChoice{node: int32(v), action: int32(a), parts: parts}
		choices = append(choices, c)
		return c
	}
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
					out = append(out, speEntry{vals: val, ch: newChoice(v, -1, parts)})
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
							out = append(out, speEntry{vals: withOutcome(s.vals), ch: newChoice(v, a, parts)})
						})
					}
				}
			}
		}
		stack = append(stack, out)
	}
	vecs := g.speVectors()
	if first, size := g.speSegments(); first != nil {
		return g.speSegmentProfiles(stack[0], choices, vecs, first, size), nil
	}
	return g.speProfiles(stack[0], vecs), nil
}

// speSegmentProfiles makes the profiles of the equilibria eqs when the
// information sets are numbered as speSegments needs; choices lists every
// speChoice, parts before their users. A subtree's part of a profile is
// then a contiguous run of entries: the vector of its root's set, if the
// set first appears there, then its children's parts in order. The part
// of a subtree equilibrium used by two or more equilibria of the game is
// made once and copied into each; the others are filled in by walking
// their choices, once each. So every profile costs a few copies rather
// than one write per information set, and the work is linear in the
// choices plus the profiles' size (a chain of unique choices is walked
// once, not copied at every level).
func (g *Extensive) speSegmentProfiles(eqs []speEntry, choices []*speChoice, vecs []speVector, first []bool, size []int32) []BehaviourProfile {
	for _, e := range eqs {
		if e.ch != nil {
			e.ch.uses = 1
		}
	}
	for i := len(choices) - 1; i >= 0; i-- { // users before their parts
		c := choices[i]
		for _, p := range c.parts {
			if p != nil {
				p.uses += c.uses
			}
		}
	}
	var stack []*speChoice
	// fill writes c's part of a profile into out, which has its length.
	fill := func(c *speChoice, out [][]Number) {
		i := 0
		stack = append(stack[:0], c)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if c == nil {
				continue
			}
			if c.seg != nil {
				i += copy(out[i:], c.seg)
				continue
			}
			if first[c.node] {
				k := g.Nodes[c.node].Infoset
				if c.action >= 0 {
					out[i] = vecs[k].unit(int(c.action))
				} else {
					out[i] = vecs[k].probs
				}
				i++
			}
			for a := len(c.parts) - 1; a >= 0; a-- {
				stack = append(stack, c.parts[a])
			}
		}
	}
	for _, c := range choices { // parts before their users
		if c.uses >= 2 {
			seg := make([][]Number, size[c.node])
			fill(c, seg)
			c.seg = seg
		}
	}
	profiles := make([]BehaviourProfile, len(eqs))
	for i, e := range eqs {
		p := make(BehaviourProfile, len(g.Infosets))
		if e.ch != nil {
			fill(e.ch, p)
		}
		profiles[i] = p
	}
	return profiles
}

// speVector holds the read-only probability vectors that AllSPE's
// profiles share for one information set: the m unit vectors of a
// personal set with m actions (and a zero vector), or the probabilities
// of a chance set.
type speVector struct {
	units []Number // m·(m+1) numbers: unit vector a at a·m, zeros at m·m
	probs []Number
}

// unit returns the vector that puts probability one on action a.
func (s speVector) unit(a int) []Number {
	m := len(s.probs)
	return s.units[a*m : a*m+m : a*m+m]
}

// speVectors makes the shared vectors of every information set.
func (g *Extensive) speVectors() []speVector {
	vecs := make([]speVector, len(g.Infosets))
	for k := range g.Infosets {
		set := &g.Infosets[k]
		m := len(set.Actions)
		if set.Player == 0 {
			vecs[k].probs = slices.Clip(slices.Clone(set.Probs))
			continue
		}
		u := make([]Number, m*(m+1))
		for a := range m {
			u[a*m+a] = numberOne
		}
		vecs[k].units = u
		vecs[k].probs = u[m*m : m*m+m : m*m+m] // zeros: the length is what unit needs
	}
	return vecs
}

// speSegments returns, for every node, whether its information set first
// appears there, and the number of sets that first appear in its subtree,
// if the sets are numbered in order of first appearance in preorder (as
// ReadEFG numbers them) and every set appears; nil otherwise. Then the
// sets that first appear in a subtree are a contiguous run of numbers.
func (g *Extensive) speSegments() (first []bool, size []int32) {
	first = make([]bool, len(g.Nodes))
	next := int32(0)
	for v := range g.Nodes {
		k := g.Nodes[v].Infoset
		switch {
		case k < 0 || k < next:
		case k == next:
			first[v] = true
			next++
		default:
			return nil, nil
		}
	}
	if int(next) != len(g.Infosets) {
		return nil, nil
	}
	size = make([]int32, len(g.Nodes))
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		if first[v] {
			size[v]++
		}
		for a := range g.NumActions(v) {
			size[v] += size[g.Child(v, a)]
		}
	}
	return first, size
}

// speProfiles turns the equilibria of the whole tree into behaviour
// profiles by walking their choices, for games whose information sets are
// not numbered as speSegments needs. The profiles share the vectors vecs.
func (g *Extensive) speProfiles(eqs []speEntry, vecs []speVector) []BehaviourProfile {
	sets := len(g.Infosets)
	headers := make([][]Number, len(eqs)*sets)
	profiles := make([]BehaviourProfile, len(eqs))
	var walk []*speChoice
	for i, e := range eqs {
		p := BehaviourProfile(headers[i*sets : (i+1)*sets : (i+1)*sets])
		walk = append(walk[:0], e.ch)
		for len(walk) > 0 {
			c := walk[len(walk)-1]
			walk = walk[:len(walk)-1]
			if c == nil {
				continue
			}
			if c.action >= 0 {
				k := g.Nodes[c.node].Infoset
				p[k] = vecs[k].unit(int(c.action))
			}
			walk = append(walk, c.parts...)
		}
		for k := range p {
			if p[k] == nil { // chance sets, and sets at no node
				p[k] = vecs[k].probs
			}
		}
		profiles[i] = p
	}
	return profiles
}
