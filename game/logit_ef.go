package game

import (
	"context"
	"fmt"
	"math"
)

// logitEF is the agent-form side of the logit equations for an extensive
// game of perfect recall: one logit response per personal information
// set, the value of an action being the mover's expected payoff after it,
// conditional on reaching the set, with beliefs from Bayes' rule (uniform
// over the set's nodes when chance makes the set unreachable, as Gambit
// does). See logit.go and docs/games.md.
//
// Log-derivatives of those values (the Jacobian) come from one walk up
// the tree from every personal node: with ρ the realisation probability,
// the value of action a at set I is V(I,a) = Σ_{v∈I} μ(v)·W(child(v,a)),
// μ(v) = ρ(v)/ρ(I), W the mover's expected payoff below a node. Its
// derivative with respect to log p(J,b) collects μ(v)·π(c→y)·p(b)·W(y·b)
// for every node y of J below the edge v→c, and, through the beliefs,
// μ(v)·(W(child(v,a)) − V(I,a)) for every edge (J,b) above v.
type logitEF struct {
	g         *Extensive
	np, nn, n int
	grp       []logitGroup
	grpSet    []int32   // group → information set
	setStart  []int32   // information set → first variable, −1 for chance
	varPlayer []int32   // variable → player, 0-based
	varSeq    []int32   // variable → sequence number of its player (from 1)
	members   [][]int32 // group → nodes
	parent    []int32
	inVar     []int32   // variable of the personal edge into a node, or −1
	inProb    []float64 // chance probability of the edge into a node
	inLog     []float64 // its logarithm (−Inf for zero)
	pay       []float64 // nn × np outcome payoffs at the nodes
	payNodes  []int32   // nodes with an outcome
	// For regret: each player's sets in order, with the sequence before
	// them, and the number of the player's sequences.
	playerSets [][]int32
	seqParent  []int32
	nseq       []int32
	// scratch
	kz         []int32
	lr, mu, w  []float64
	reachO     []float64
	reachA     []float64
	seq        []int32
	cbuf, vbuf []float64
	ev         []float64
}

// newLogitEF checks g (a well-formed tree of perfect recall) and builds
// the model. It refuses games with more than LogitMaxVariables actions at
// personal sets, or whose work per evaluation (nodes × players) or per
// Jacobian (personal nodes × actions × depth) exceeds logitMaxWork.
func newLogitEF(g *Extensive) (*logitEF, error) {
	if g == nil {
		return nil, fmt.Errorf("logit: no game")
	}
	if err := g.behCheckTree(); err != nil {
		return nil, fmt.Errorf("logit: %w", err)
	}
	np, nn := len(g.Players), len(g.Nodes)
	e := &logitEF{g: g, np: np, nn: nn, setStart: make([]int32, len(g.Infosets))}
	for k := range e.setStart {
		e.setStart[k] = -1
	}
	for pl := 1; pl <= np; pl++ {
		for k := range g.Infosets {
			set := &g.Infosets[k]
			if set.Player != pl {
				continue
			}
			e.setStart[k] = int32(e.n)
			e.grp = append(e.grp, logitGroup{e.n, len(set.Actions)})
			e.grpSet = append(e.grpSet, int32(k))
			for range set.Actions {
				e.varPlayer = append(e.varPlayer, int32(pl-1))
			}
			e.n += len(set.Actions)
			if e.n > LogitMaxVariables {
				return nil, fmt.Errorf("logit: the game has more than %d actions at personal information sets; logit refuses it (every step factors a dense matrix of that order)", LogitMaxVariables)
			}
		}
	}
	if nn > logitMaxWork/max(np, 1) {
		return nil, fmt.Errorf("logit: nodes × players exceeds %d; logit refuses the game", logitMaxWork)
	}
	e.parent = make([]int32, nn)
	e.inVar = make([]int32, nn)
	e.inProb = make([]float64, nn)
	e.inLog = make([]float64, nn)
	e.pay = make([]float64, nn*np)
	depth := make([]int32, nn)
	e.members = make([][]int32, len(e.grp))
	grpOf := make([]int32, len(g.Infosets))
	for gi, k := range e.grpSet {
		grpOf[k] = int32(gi)
	}
	e.parent[0], e.inVar[0], e.inProb[0] = -1, -1, 1
	work := 0
	for v := range g.Nodes {
		node := &g.Nodes[v]
		if o := node.Outcome; o != 0 {
			e.payNodes = append(e.payNodes, int32(v))
			for i, x := range g.Outcomes[o-1].Payoffs {
				e.pay[v*np+i] = x.Float()
			}
		}
		if node.Infoset < 0 {
			continue
		}
		k := node.Infoset
		set := &g.Infosets[k]
		start := e.setStart[k]
		if start >= 0 {
			gi := grpOf[k]
			e.members[gi] = append(e.members[gi], int32(v))
			work += len(set.Actions) * int(depth[v]+1)
			if work > logitMaxWork {
				return nil, fmt.Errorf("logit: personal nodes × actions × depth exceeds %d; logit refuses the game", logitMaxWork)
			}
		}
		for a := range set.Actions {
			c := g.Child(v, a)
			e.parent[c] = int32(v)
			depth[c] = depth[v] + 1
			if start >= 0 {
				e.inVar[c] = start + int32(a)
			} else {
				e.inVar[c] = -1
				e.inProb[c] = set.Probs[a].Float()
				e.inLog[c] = math.Log(e.inProb[c])
			}
		}
	}
	// Terms through the beliefs cost actions × depth per node of a set
	// with several nodes; they are within the bound above.
	if err := e.buildSequences(); err != nil {
		return nil, err
	}
	e.kz = make([]int32, nn)
	e.lr = make([]float64, nn)
	e.mu = make([]float64, nn)
	e.w = make([]float64, nn*np)
	e.reachO = make([]float64, nn)
	e.reachA = make([]float64, nn)
	e.seq = make([]int32, nn)
	maxSeq := int32(1)
	for _, s := range e.nseq {
		maxSeq = max(maxSeq, s)
	}
	e.cbuf = make([]float64, maxSeq)
	e.vbuf = make([]float64, e.n)
	e.ev = make([]float64, np)
	return e, nil
}

// buildSequences numbers each player's sequences (from 1; 0 is the empty
// sequence) and records the sequence that leads to each of its sets,
// refusing games in which a player forgets its own earlier moves.
func (e *logitEF) buildSequences() error {
	g := e.g
	e.varSeq = make([]int32, e.n)
	e.seqParent = make([]int32, len(g.Infosets))
	e.nseq = make([]int32, e.np)
	e.playerSets = make([][]int32, e.np)
	for k := range e.seqParent {
		e.seqParent[k] = -1
	}
	for _, k := range e.grpSet {
		pl := g.Infosets[k].Player - 1
		e.playerSets[pl] = append(e.playerSets[pl], k)
	}
	for pl := range e.np {
		next := int32(1)
		for _, k := range e.playerSets[pl] {
			for a := range g.Infosets[k].Actions {
				e.varSeq[e.setStart[k]+int32(a)] = next
				next++
			}
		}
		e.nseq[pl] = next
	}
	seq := make([]int32, e.nn)
	for pl := range e.np {
		seq[0] = 0
		for v := range g.Nodes {
			if v > 0 {
				if iv := e.inVar[v]; iv >= 0 && int(e.varPlayer[iv]) == pl {
					seq[v] = e.varSeq[iv]
				} else {
					seq[v] = seq[e.parent[v]]
				}
			}
			k := g.Nodes[v].Infoset
			if k < 0 || g.Infosets[k].Player != pl+1 {
				continue
			}
			switch e.seqParent[k] {
			case -1:
				e.seqParent[k] = seq[v]
			case seq[v]:
			default:
				return fmt.Errorf("logit: player %d forgets its own earlier moves at information set %d (games of imperfect recall are not supported)", pl+1, g.Infosets[k].ID)
			}
		}
	}
	return nil
}

func (e *logitEF) groups() []logitGroup { return e.grp }

// edge returns the probability of the edge into node c and its log.
func (e *logitEF) edge(p, lp []float64, c int) (float64, float64) {
	if iv := e.inVar[c]; iv >= 0 {
		return p[iv], lp[iv]
	}
	return e.inProb[c], e.inLog[c]
}

func (e *logitEF) eval(p, lp, v, d []float64) {
	g, np, n := e.g, e.np, e.n
	// Realisation probabilities, as a count of zero-probability edges
	// and the log of the product of the others.
	e.kz[0], e.lr[0] = 0, 0
	for c := 1; c < e.nn; c++ {
		par := e.parent[c]
		_, le := e.edge(p, lp, c)
		if math.IsInf(le, -1) {
			e.kz[c], e.lr[c] = e.kz[par]+1, e.lr[par]
		} else {
			e.kz[c], e.lr[c] = e.kz[par], e.lr[par]+le
		}
	}
	// Beliefs.
	for gi := range e.grp {
		mem := e.members[gi]
		kmin := e.kz[mem[0]]
		for _, x := range mem {
			kmin = min(kmin, e.kz[x])
		}
		if kmin > 0 {
			for _, x := range mem {
				e.mu[x] = 1 / float64(len(mem))
			}
			continue
		}
		mx := math.Inf(-1)
		for _, x := range mem {
			if e.kz[x] == 0 {
				mx = max(mx, e.lr[x])
			}
		}
		sum := 0.0
		for _, x := range mem {
			if e.kz[x] == 0 {
				e.mu[x] = math.Exp(e.lr[x] - mx)
				sum += e.mu[x]
			} else {
				e.mu[x] = 0
			}
		}
		for _, x := range mem {
			e.mu[x] /= sum
		}
	}
	// Expected payoffs below every node.
	copy(e.w, e.pay)
	for c := e.nn - 1; c > 0; c-- {
		pe, _ := e.edge(p, lp, c)
		if pe == 0 {
			continue
		}
		par := int(e.parent[c])
		for i := range np {
			e.w[par*np+i] += pe * e.w[c*np+i]
		}
	}
	// Action values.
	for gi, grp := range e.grp {
		k := e.grpSet[gi]
		pl := g.Infosets[k].Player - 1
		for a := range grp.size {
			s := 0.0
			for _, x := range e.members[gi] {
				if e.mu[x] != 0 {
					s += e.mu[x] * e.w[g.Child(int(x), a)*np+pl]
				}
			}
			v[grp.start+a] = s
		}
	}
	if d == nil {
		return
	}
	// Derivatives through the payoffs below an edge.
	for gi, grp := range e.grp {
		for _, y := range e.members[gi] {
			cs := int(g.Nodes[y].ChildStart)
			for c := y; c != 0 && e.kz[c] == e.kz[y]; {
				par := e.parent[c]
				if iv := e.inVar[c]; iv >= 0 && e.mu[par] != 0 {
					i := int(e.varPlayer[iv])
					base := e.mu[par] * math.Exp(e.lr[y]-e.lr[c])
					row := d[int(iv)*n : int(iv)*n+n]
					for b := range grp.size {
						row[grp.start+b] += base * p[grp.start+b] * e.w[int(g.Children[cs+b])*np+i]
					}
				}
				c = par
			}
		}
	}
	// Derivatives through the beliefs, at sets with several nodes.
	for gi, grp := range e.grp {
		mem := e.members[gi]
		if len(mem) < 2 || e.allUnreached(mem) {
			continue
		}
		pl := g.Infosets[e.grpSet[gi]].Player - 1
		for _, x := range mem {
			if e.mu[x] == 0 {
				continue
			}
			cs := int(g.Nodes[x].ChildStart)
			for c := x; c != 0; c = e.parent[c] {
				iv := e.inVar[c]
				if iv < 0 {
					continue
				}
				for a := range grp.size {
					diff := e.w[int(g.Children[cs+a])*np+pl] - v[grp.start+a]
					d[(grp.start+a)*n+int(iv)] += e.mu[x] * diff
				}
			}
		}
	}
}

// allUnreached reports whether every node of mem is behind an edge of
// probability zero (its beliefs are then uniform and constant).
func (e *logitEF) allUnreached(mem []int32) bool {
	for _, x := range mem {
		if e.kz[x] == 0 {
			return false
		}
	}
	return true
}

// regret returns the largest gain of any player from a best response to
// the behaviour profile p: for each player, the best value over its own
// sequences (the others' moves and chance weighted in) minus its expected
// payoff. O(players × nodes).
func (e *logitEF) regret(p []float64) float64 {
	g, np := e.g, e.np
	clear(e.ev)
	e.reachA[0] = 1
	for c := 1; c < e.nn; c++ {
		pe := e.inProb[c]
		if iv := e.inVar[c]; iv >= 0 {
			pe = p[iv]
		}
		e.reachA[c] = e.reachA[e.parent[c]] * pe
	}
	for _, x := range e.payNodes {
		for i := range np {
			e.ev[i] += e.reachA[x] * e.pay[int(x)*np+i]
		}
	}
	r := 0.0
	for pl := range np {
		c := e.cbuf[:e.nseq[pl]]
		clear(c)
		e.reachO[0], e.seq[0] = 1, 0
		for v := 1; v < e.nn; v++ {
			par := e.parent[v]
			if iv := e.inVar[v]; iv >= 0 && int(e.varPlayer[iv]) == pl {
				e.reachO[v], e.seq[v] = e.reachO[par], e.varSeq[iv]
			} else {
				pe := e.inProb[v]
				if iv >= 0 {
					pe = p[iv]
				}
				e.reachO[v], e.seq[v] = e.reachO[par]*pe, e.seq[par]
			}
		}
		for _, x := range e.payNodes {
			c[e.seq[x]] += e.reachO[x] * e.pay[int(x)*np+pl]
		}
		sets := e.playerSets[pl]
		for j := len(sets) - 1; j >= 0; j-- {
			k := sets[j]
			if e.seqParent[k] < 0 {
				continue
			}
			first := e.varSeq[e.setStart[k]]
			best := c[first]
			for a := 1; a < len(g.Infosets[k].Actions); a++ {
				best = max(best, c[first+int32(a)])
			}
			c[e.seqParent[k]] += best
		}
		r = max(r, c[0]-e.ev[pl])
	}
	return r
}

func (e *logitEF) profile(p []float64) [][]float64 {
	out := make([][]float64, len(e.g.Infosets))
	for k := range e.g.Infosets {
		set := &e.g.Infosets[k]
		if s := e.setStart[k]; s >= 0 {
			out[k] = append([]float64(nil), p[s:int(s)+len(set.Actions)]...)
			continue
		}
		out[k] = make([]float64, len(set.Probs))
		for a, x := range set.Probs {
			out[k][a] = x.Float()
		}
	}
	return out
}

func (e *logitEF) order() []int {
	o := make([]int, len(e.grpSet))
	for i, k := range e.grpSet {
		o[i] = int(k)
	}
	return o
}

func (e *logitEF) pureNash(pure []int) bool {
	b := make(BehaviourProfile, len(e.g.Infosets))
	zero, one := NewNumber(0, 1), NewNumber(1, 1)
	for _, k := range e.grpSet {
		b[k] = make([]Number, len(e.g.Infosets[k].Actions))
		for a := range b[k] {
			b[k][a] = zero
		}
		b[k][pure[k]] = one
	}
	gain, err := e.g.VerifyBehaviour(b)
	return err == nil && gain.Sign() == 0
}

// scale returns the largest minus the smallest payoff of any player in
// any play (the sum of the outcomes along a path to a terminal node).
func (e *logitEF) scale() float64 {
	np := e.np
	cum := make([]float64, e.nn*np)
	copy(cum[:np], e.pay[:np])
	lo, hi := math.Inf(1), math.Inf(-1)
	for v := range e.nn {
		if v > 0 {
			par := int(e.parent[v])
			for i := range np {
				cum[v*np+i] = cum[par*np+i] + e.pay[v*np+i]
			}
		}
		if e.g.Nodes[v].Infoset < 0 {
			for i := range np {
				lo, hi = min(lo, cum[v*np+i]), max(hi, cum[v*np+i])
			}
		}
	}
	if lo > hi {
		return 0
	}
	return hi - lo
}

// Logit traces the branch of agent logit quantal response equilibria of
// the extensive game g from λ = 0, as Gambit's gambit-logit does for an
// .efg file: behaviour strategies, one logit response per personal
// information set, actions valued by the mover's expected payoff
// conditional on reaching the set (McKelvey and Palfrey 1998). It returns
// the branch's last point as the strategic-form Logit does (see there for
// the options, the stopping rule and the errors); the profile has one
// entry per information set in g.Infosets order, chance sets holding the
// chance probabilities.
//
// The game must be of perfect recall. Games with no personal information
// set with two actions are refused (nothing to mix), as are games with
// more than LogitMaxVariables actions at personal sets or whose nodes ×
// players or personal nodes × actions × depth exceeds 2^28. Each step
// costs O(N³) for N such actions plus O(nodes × (players + actions ×
// depth)); a run takes at most opts.MaxSteps steps and honours ctx between
// steps.
func (g *Extensive) Logit(ctx context.Context, opts LogitOptions) (*LogitResult, error) {
	e, err := newLogitEF(g)
	if err != nil {
		return nil, err
	}
	if e.n == len(e.grp) {
		return nil, fmt.Errorf("logit: no personal information set has more than one action; there is nothing to mix")
	}
	return logitRun(ctx, e, e.n, e.scale(), opts)
}

// LogitResidual returns the largest |b − logit response(b)| at λ over the
// actions of the personal information sets of g (agent form, as
// Extensive.Logit): zero exactly when b is the agent logit QRE at λ. b has
// one entry per information set in g.Infosets order; entries of personal
// sets must be distributions (to within 1e-9), those of chance sets are
// ignored (the game's probabilities are used).
func (g *Extensive) LogitResidual(lambda float64, b [][]float64) (float64, error) {
	e, err := newLogitEF(g)
	if err != nil {
		return 0, err
	}
	if len(b) != len(g.Infosets) {
		return 0, fmt.Errorf("logit: profile has %d information sets, game has %d", len(b), len(g.Infosets))
	}
	flat := make([]float64, e.n)
	for _, k := range e.grpSet {
		set := &g.Infosets[k]
		if err := logitCheckDist(b[k], len(set.Actions)); err != nil {
			return 0, fmt.Errorf("logit: player %d, information set %d: %w", set.Player, set.ID, err)
		}
		copy(flat[e.setStart[k]:], b[k])
	}
	return logitResidual(e, e.grp, flat, lambda), nil
}
