package game

import (
	"fmt"
	"math"
)

// TreeSolver solves, in float64 and without allocating, many games of
// perfect information (chance nodes allowed) that share one tree: set the
// outcomes' payoffs and the chance probabilities for the case at hand, then
// Solve. It is the fast path the crisis model uses to solve one game per
// simulated year; exact answers for a single game come from SPE.
//
// At each decision node the mover takes the action of highest value to it,
// ties going to the lowest-numbered action (as SPE breaks them), unless
// the mover has a logit rationality λ (SetLambda): then it plays every
// action with probability proportional to exp(λ·value), the agent logit
// quantal response of McKelvey & Palfrey (1998), and the node's value is
// the expectation under those probabilities. docs/games.md describes it.
//
// A TreeSolver is not safe for concurrent use; make one per goroutine
// (they share nothing but the game, which they only read).
type TreeSolver struct {
	players int
	nodes   []tsNode
	kids    []int32   // children, node by node
	pay     []float64 // outcome × player
	prob    []float64 // chance probabilities, set by set
	probOff []int32   // first entry of each information set in prob (-1: personal)
	lambda  []float64 // per player; 0 = rational
	val     []float64 // node × player
	choice  []int32   // chosen action per node (-1 where none)
	weights []float64 // scratch for logit choices
	mix     []float64 // logit probabilities, per node (of its parent's mover)
}

type tsNode struct {
	mover   int32 // 0-based player, -1 chance, -2 terminal
	infoset int32
	outcome int32 // 1-based, 0 none
	first   int32 // first child in kids
	nact    int32
	parent  int32 // -1 for the root
	action  int32 // the action leading here from the parent
}

// NewTreeSolver prepares g for repeated solving. g must be a tree of
// perfect information (every personal information set a single node);
// payoffs and chance probabilities start as g's own, as floats.
func NewTreeSolver(g *Extensive) (*TreeSolver, error) {
	if err := g.spePerfectInfo(); err != nil {
		return nil, err
	}
	n := len(g.Players)
	s := &TreeSolver{
		players: n,
		nodes:   make([]tsNode, len(g.Nodes)),
		kids:    append([]int32(nil), g.Children...),
		pay:     make([]float64, len(g.Outcomes)*n),
		probOff: make([]int32, len(g.Infosets)),
		lambda:  make([]float64, n),
		val:     make([]float64, len(g.Nodes)*n),
		choice:  make([]int32, len(g.Nodes)),
	}
	for o, out := range g.Outcomes {
		for i, u := range out.Payoffs {
			s.pay[o*n+i] = u.Float()
		}
	}
	maxAct := 0
	for k, set := range g.Infosets {
		maxAct = max(maxAct, len(set.Actions))
		if set.Player != 0 {
			s.probOff[k] = -1
			continue
		}
		s.probOff[k] = int32(len(s.prob))
		for _, p := range set.Probs {
			s.prob = append(s.prob, p.Float())
		}
	}
	s.weights = make([]float64, maxAct)
	s.mix = make([]float64, len(g.Nodes))
	for v, node := range g.Nodes {
		t := tsNode{mover: -2, infoset: node.Infoset, outcome: node.Outcome, first: node.ChildStart, parent: node.Parent}
		if node.Kind != Terminal {
			t.nact = int32(len(g.Infosets[node.Infoset].Actions))
			t.mover = int32(g.Infosets[node.Infoset].Player - 1)
			for a := range t.nact {
				s.nodes[g.Children[t.first+a]].action = a
			}
		}
		s.nodes[v].mover, s.nodes[v].infoset, s.nodes[v].outcome = t.mover, t.infoset, t.outcome
		s.nodes[v].first, s.nodes[v].nact, s.nodes[v].parent = t.first, t.nact, t.parent
	}
	return s, nil
}

// SetPayoff sets player's (0-based) payoff at outcome (1-based, as in
// Extensive.Outcomes).
func (s *TreeSolver) SetPayoff(outcome, player int, v float64) {
	s.pay[(outcome-1)*s.players+player] = v
}

// SetProb sets the probability of action a (0-based) at chance
// information set k (an index into Extensive.Infosets). The caller keeps
// each set's probabilities summing to one.
func (s *TreeSolver) SetProb(k, a int, p float64) {
	s.prob[int(s.probOff[k])+a] = p
}

// SetLambda gives player (0-based) a logit rationality λ ≥ 0: at its
// nodes it plays each action with probability ∝ exp(λ·value). λ = 0 (the
// default) means a rational, arg-max player, not a uniform one; use a
// small positive λ for near-uniform play.
func (s *TreeSolver) SetLambda(player int, lambda float64) error {
	if lambda < 0 || math.IsNaN(lambda) || math.IsInf(lambda, 0) {
		return fmt.Errorf("logit rationality must be a finite λ ≥ 0, not %v", lambda)
	}
	s.lambda[player] = lambda
	return nil
}

// Solve computes every node's value for every player by backward
// induction, in one pass over the nodes in reverse preorder.
func (s *TreeSolver) Solve() {
	if s.players == 2 {
		s.solve2()
		return
	}
	n := s.players
	for v := len(s.nodes) - 1; v >= 0; v-- {
		node := &s.nodes[v]
		row := s.val[v*n : v*n+n]
		if node.outcome > 0 {
			copy(row, s.pay[int(node.outcome-1)*n:int(node.outcome)*n])
		} else {
			clear(row)
		}
		s.choice[v] = -1
		kids := s.kids[node.first : node.first+node.nact]
		switch {
		case node.mover == -2:
		case node.mover == -1:
			probs := s.prob[s.probOff[node.infoset]:]
			for a, c := range kids {
				p := probs[a]
				for i, x := range s.val[int(c)*n : int(c)*n+n] {
					row[i] += p * x
				}
			}
		case s.lambda[node.mover] > 0:
			s.logitNode(row, kids, int(node.mover), s.lambda[node.mover])
		default:
			pl := int(node.mover)
			best := int32(0)
			bestVal := s.val[int(kids[0])*n+pl]
			for a := 1; a < len(kids); a++ {
				if x := s.val[int(kids[a])*n+pl]; x > bestVal {
					best, bestVal = int32(a), x
				}
			}
			s.choice[v] = best
			for i, x := range s.val[int(kids[best])*n : int(kids[best])*n+n] {
				row[i] += x
			}
		}
	}
}

// solve2 is Solve for two players, with the values kept in registers.
func (s *TreeSolver) solve2() {
	val, kids := s.val, s.kids
	for v := len(s.nodes) - 1; v >= 0; v-- {
		node := &s.nodes[v]
		var x0, x1 float64
		if o := int(node.outcome); o > 0 {
			x0, x1 = s.pay[2*o-2], s.pay[2*o-1]
		}
		s.choice[v] = -1
		ks := kids[node.first : node.first+node.nact]
		switch mv := node.mover; {
		case mv == -2:
		case mv == -1:
			probs := s.prob[s.probOff[node.infoset]:]
			for a, c := range ks {
				p := probs[a]
				x0 += p * val[2*c]
				x1 += p * val[2*c+1]
			}
		case s.lambda[mv] > 0:
			row := val[2*v : 2*v+2]
			row[0], row[1] = x0, x1
			s.logitNode(row, ks, int(mv), s.lambda[mv])
			continue
		default:
			best, bc := 0, ks[0]
			bv := val[2*int(bc)+int(mv)]
			for a := 1; a < len(ks); a++ {
				if x := val[2*int(ks[a])+int(mv)]; x > bv {
					best, bc, bv = a, ks[a], x
				}
			}
			s.choice[v] = int32(best)
			x0 += val[2*bc]
			x1 += val[2*bc+1]
		}
		val[2*v], val[2*v+1] = x0, x1
	}
}

// logitNode sets a logit mover's node: choice probabilities ∝
// exp(λ·value), computed stably by subtracting the largest value.
func (s *TreeSolver) logitNode(row []float64, kids []int32, pl int, lambda float64) {
	n := s.players
	hi := math.Inf(-1)
	for _, c := range kids {
		hi = max(hi, s.val[int(c)*n+pl])
	}
	w := s.weights[:len(kids)]
	sum := 0.0
	for a, c := range kids {
		w[a] = math.Exp(lambda * (s.val[int(c)*n+pl] - hi))
		sum += w[a]
	}
	for a, c := range kids {
		p := w[a] / sum
		s.mix[c] = p
		for i, x := range s.val[int(c)*n : int(c)*n+n] {
			row[i] += p * x
		}
	}
}

// Value returns player's (0-based) value at node v after Solve: its
// expected payoff from v on, counting outcomes at v and below.
func (s *TreeSolver) Value(v, player int) float64 { return s.val[v*s.players+player] }

// Choice returns the action (0-based) a rational mover takes at decision
// node v after Solve, or -1 at chance and terminal nodes and at nodes of
// logit movers.
func (s *TreeSolver) Choice(v int) int { return int(s.choice[v]) }

// Prob returns the probability with which play, once at the parent of
// node c, moves to c, after Solve: the chance probability, 1 or 0 for a
// rational mover, the logit probability for a logit mover; 1 at the root.
func (s *TreeSolver) Prob(c int) float64 {
	node := &s.nodes[c]
	p := node.parent
	if p < 0 {
		return 1
	}
	parent := &s.nodes[p]
	switch {
	case parent.mover == -1:
		return s.prob[s.probOff[parent.infoset]+node.action]
	case s.lambda[parent.mover] > 0:
		return s.mix[c]
	case s.choice[p] == node.action:
		return 1
	}
	return 0
}

// Child returns the child of node v reached by action a (0-based).
func (s *TreeSolver) Child(v, a int) int { return int(s.kids[int(s.nodes[v].first)+a]) }
