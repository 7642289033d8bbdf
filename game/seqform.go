package game

import (
	"fmt"
	"math/big"
	"sort"
)

// Sequence is one sequence of a player in the sequence form: the empty
// sequence, or the player's own moves on a path, named by the last of them
// (an information set and an action there); with perfect recall that last
// move fixes the whole sequence.
type Sequence struct {
	// Infoset indexes Extensive.Infosets; -1 for the empty sequence.
	Infoset int
	// Action is the 0-based action at Infoset; -1 for the empty sequence.
	Action int
	// Parent is the index of the sequence this one extends (the player's
	// sequence leading to Infoset); -1 for the empty sequence.
	Parent int
}

// ConstraintEntry is one nonzero entry, +1 or -1, of a sequence-form
// constraint matrix E or F.
type ConstraintEntry struct {
	Row, Col, Val int
}

// PayoffEntry is one entry of a sparse sequence-form payoff matrix A or B:
// Row is a sequence of player 1, Col one of player 2, Val the exact value
// and Float the nearest float64.
type PayoffEntry struct {
	Row, Col int
	Val      Number
	Float    float64
}

// SequenceForm is the sequence form of a two-player extensive game with
// perfect recall (Koller, Megiddo & von Stengel 1996; von Stengel 1996;
// docs/games.md). Index p = 0 stands for player 1 and p = 1 for player 2.
//
// A realisation plan of player p is a vector with one weight per sequence
// of the player, Seqs[p] order, with weight 1 on the empty sequence and,
// at each of the player's information sets, the weights of the set's
// sequences summing to the weight of the sequence leading to the set:
// E x = e for player 1 and F y = f for player 2, x, y ≥ 0, where e and f
// are (1, 0, …, 0). The expected payoffs of plans x and y are xᵀA y and
// xᵀB y.
type SequenceForm struct {
	// Seqs[p] lists player p+1's sequences. Seqs[p][0] is the empty
	// sequence; then come one sequence per (information set, action) of
	// the player, information sets in Extensive.Infosets order, actions in
	// order.
	Seqs [2][]Sequence
	// Sets[p] lists player p+1's information sets (indices into
	// Extensive.Infosets) in order. Row 0 of the player's constraint
	// matrix is the empty sequence's; row r ≥ 1 is that of Sets[p][r-1].
	Sets [2][]int
	// SeqStart[k] is the index, among its player's sequences, of the
	// sequence (k, action 0), so (k, a) is SeqStart[k]+a; ParentSeq[k] is
	// the player's sequence leading to set k (0 for the empty one); Row[k]
	// is set k's row in its player's constraint matrix. All three are -1
	// for chance sets.
	SeqStart, ParentSeq, Row []int
	// E and F are the constraint matrices of players 1 and 2, sparse, in
	// row order: E has len(Sets[0])+1 rows and len(Seqs[0]) columns. Row 0
	// holds +1 at the empty sequence; the row of an information set holds
	// -1 at the sequence leading to it and +1 at each of its sequences.
	E, F []ConstraintEntry
	// A and B are the payoff matrices of players 1 and 2, sparse, sorted by
	// (Row, Col). They share one pattern: an entry for each pair of
	// sequences (σ1, σ2) that leads to some node with an outcome; its value
	// is the sum, over those nodes, of the product of the chance
	// probabilities on the path times the outcome's payoff. Outcomes on
	// inner nodes count at the node where they sit, so payoffs add up along
	// a path as they do in the game. Entries may be zero.
	A, B []PayoffEntry

	game *Extensive
}

// SequenceForm returns the sequence form of g. g must have two players and
// perfect recall: every information set of a player must be reached by one
// and the same sequence of the player's own moves at all its nodes
// (absent-mindedness included, other games are refused with an error).
// Chance nodes are allowed. Time and memory are linear in the size of the
// tree (exact rational arithmetic on the chance probabilities and
// payoffs), with no recursion.
func (g *Extensive) SequenceForm() (*SequenceForm, error) {
	if err := reducedCheck(g); err != nil {
		return nil, err
	}
	if len(g.Players) != 2 {
		return nil, fmt.Errorf("the sequence form needs a two-player game; this game has %d players", len(g.Players))
	}
	sf := &SequenceForm{
		SeqStart:  make([]int, len(g.Infosets)),
		ParentSeq: make([]int, len(g.Infosets)),
		Row:       make([]int, len(g.Infosets)),
		game:      g,
	}
	for p := range 2 {
		sf.Seqs[p] = []Sequence{{Infoset: -1, Action: -1, Parent: -1}}
	}
	for k, set := range g.Infosets {
		sf.SeqStart[k], sf.ParentSeq[k], sf.Row[k] = -1, -1, -1
		if set.Player == 0 {
			continue
		}
		p := set.Player - 1
		sf.Sets[p] = append(sf.Sets[p], k)
		sf.Row[k] = len(sf.Sets[p])
		sf.SeqStart[k] = len(sf.Seqs[p])
		for a := range set.Actions {
			sf.Seqs[p] = append(sf.Seqs[p], Sequence{Infoset: k, Action: a, Parent: -1})
		}
	}

	// One pass in node order (parents before children): each node's last
	// sequence of each player and chance probability of being reached.
	seq := [2][]int32{make([]int32, len(g.Nodes)), make([]int32, len(g.Nodes))}
	prob := make([]*big.Rat, len(g.Nodes))
	one := big.NewRat(1, 1)
	prob[0] = one
	type key struct{ s1, s2 int32 }
	index := make(map[key]int)
	var sumA, sumB []*big.Rat
	t := new(big.Rat)
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if n.Outcome != 0 && prob[v].Sign() != 0 {
			kk := key{seq[0][v], seq[1][v]}
			i, ok := index[kk]
			if !ok {
				i = len(sf.A)
				index[kk] = i
				sf.A = append(sf.A, PayoffEntry{Row: int(kk.s1), Col: int(kk.s2)})
				sf.B = append(sf.B, PayoffEntry{Row: int(kk.s1), Col: int(kk.s2)})
				sumA = append(sumA, new(big.Rat))
				sumB = append(sumB, new(big.Rat))
			}
			u := g.Outcomes[n.Outcome-1].Payoffs
			sumA[i].Add(sumA[i], t.Mul(prob[v], u[0].Rat()))
			sumB[i].Add(sumB[i], t.Mul(prob[v], u[1].Rat()))
		}
		if n.Infoset < 0 {
			continue
		}
		k := int(n.Infoset)
		set := &g.Infosets[k]
		if set.Player != 0 {
			p := set.Player - 1
			switch ps := int(seq[p][v]); sf.ParentSeq[k] {
			case -1:
				sf.ParentSeq[k] = ps
			case ps:
			default:
				return nil, fmt.Errorf("player %d forgets its own earlier moves at information set %d (%q): the game lacks perfect recall, which the sequence form needs",
					set.Player, set.ID, set.Label)
			}
		}
		for a := range set.Actions {
			c := g.Child(v, a)
			seq[0][c], seq[1][c] = seq[0][v], seq[1][v]
			prob[c] = prob[v]
			if set.Player == 0 {
				if pr := set.Probs[a]; pr.Cmp(Number{}) < 0 {
					return nil, fmt.Errorf("chance information set %d has negative probability %s", set.ID, pr.Text())
				} else if pr.Cmp(numberOne) != 0 {
					prob[c] = new(big.Rat).Mul(prob[v], pr.Rat())
				}
				continue
			}
			seq[set.Player-1][c] = int32(sf.SeqStart[k] + a)
		}
	}
	for k, set := range g.Infosets {
		if set.Player != 0 && sf.ParentSeq[k] < 0 {
			return nil, fmt.Errorf("information set %d of player %d has no nodes", set.ID, set.Player)
		}
	}
	for i := range sf.A {
		sf.A[i].Val = fromRat(sumA[i])
		sf.A[i].Float = sf.A[i].Val.Float()
		sf.B[i].Val = fromRat(sumB[i])
		sf.B[i].Float = sf.B[i].Val.Float()
	}
	sort.Slice(sf.A, func(i, j int) bool {
		return sf.A[i].Row < sf.A[j].Row || sf.A[i].Row == sf.A[j].Row && sf.A[i].Col < sf.A[j].Col
	})
	sort.Slice(sf.B, func(i, j int) bool {
		return sf.B[i].Row < sf.B[j].Row || sf.B[i].Row == sf.B[j].Row && sf.B[i].Col < sf.B[j].Col
	})

	for p := range 2 {
		con := []ConstraintEntry{{Row: 0, Col: 0, Val: 1}}
		for r, k := range sf.Sets[p] {
			par := sf.ParentSeq[k]
			con = append(con, ConstraintEntry{Row: r + 1, Col: par, Val: -1})
			for a := range g.Infosets[k].Actions {
				s := sf.SeqStart[k] + a
				sf.Seqs[p][s].Parent = par
				con = append(con, ConstraintEntry{Row: r + 1, Col: s, Val: 1})
			}
		}
		if p == 0 {
			sf.E = con
		} else {
			sf.F = con
		}
	}
	return sf, nil
}

// Game returns the game sf was built from.
func (sf *SequenceForm) Game() *Extensive { return sf.game }

// NumSeqs returns the number of sequences of player p+1 (p = 0, 1), the
// empty sequence included: the number of columns of E (p = 0) or F.
func (sf *SequenceForm) NumSeqs(p int) int { return len(sf.Seqs[p]) }

// NumRows returns the number of rows of player p+1's constraint matrix:
// one more than the player's number of information sets.
func (sf *SequenceForm) NumRows(p int) int { return len(sf.Sets[p]) + 1 }

// MaxDenseSeqCells bounds the size (rows × columns) of the dense matrices
// that SequenceForm.DensePayoff and DenseConstraints return.
const MaxDenseSeqCells = 1 << 24

// DensePayoff returns player p+1's payoff matrix (A for p = 0, B for
// p = 1) as a dense NumSeqs(0) × NumSeqs(1) matrix of exact values, and
// the same in float64. It refuses matrices of more than MaxDenseSeqCells
// entries.
func (sf *SequenceForm) DensePayoff(p int) ([][]*big.Rat, [][]float64, error) {
	if p != 0 && p != 1 {
		return nil, nil, fmt.Errorf("player index %d: want 0 or 1", p)
	}
	m, n := len(sf.Seqs[0]), len(sf.Seqs[1])
	if n > 0 && m > MaxDenseSeqCells/n {
		return nil, nil, fmt.Errorf("the dense payoff matrix would have %d×%d entries, more than %d", m, n, MaxDenseSeqCells)
	}
	entries := sf.A
	if p == 1 {
		entries = sf.B
	}
	r := make([][]*big.Rat, m)
	f := make([][]float64, m)
	for i := range r {
		r[i] = make([]*big.Rat, n)
		for j := range r[i] {
			r[i][j] = new(big.Rat)
		}
		f[i] = make([]float64, n)
	}
	for _, e := range entries {
		r[e.Row][e.Col].Set(e.Val.Rat())
		f[e.Row][e.Col] = e.Float
	}
	return r, f, nil
}

// DenseConstraints returns player p+1's constraint matrix (E for p = 0, F
// for p = 1) as a dense NumRows(p) × NumSeqs(p) matrix of -1, 0 and +1. It
// refuses matrices of more than MaxDenseSeqCells entries.
func (sf *SequenceForm) DenseConstraints(p int) ([][]int, error) {
	if p != 0 && p != 1 {
		return nil, fmt.Errorf("player index %d: want 0 or 1", p)
	}
	m, n := sf.NumRows(p), sf.NumSeqs(p)
	if m > MaxDenseSeqCells/n {
		return nil, fmt.Errorf("the dense constraint matrix would have %d×%d entries, more than %d", m, n, MaxDenseSeqCells)
	}
	entries := sf.E
	if p == 1 {
		entries = sf.F
	}
	d := make([][]int, m)
	for i := range d {
		d[i] = make([]int, n)
	}
	for _, e := range entries {
		d[e.Row][e.Col] = e.Val
	}
	return d, nil
}

// CheckPlan returns an error unless x is a realisation plan of player p+1,
// exactly: one nonnegative weight per sequence, weight 1 on the empty
// sequence, and at each information set the weights of its sequences
// summing to the weight of the sequence leading to it.
func (sf *SequenceForm) CheckPlan(p int, x []*big.Rat) error {
	if p != 0 && p != 1 {
		return fmt.Errorf("player index %d: want 0 or 1", p)
	}
	if len(x) != len(sf.Seqs[p]) {
		return fmt.Errorf("player %d: %d weights for %d sequences", p+1, len(x), len(sf.Seqs[p]))
	}
	for s, w := range x {
		if w == nil || w.Sign() < 0 {
			return fmt.Errorf("player %d: sequence %d has weight %v, not a nonnegative number", p+1, s, w)
		}
	}
	if x[0].Cmp(big.NewRat(1, 1)) != 0 {
		return fmt.Errorf("player %d: the empty sequence has weight %s, not 1", p+1, RatString(x[0]))
	}
	sum := new(big.Rat)
	for _, k := range sf.Sets[p] {
		sum.SetInt64(0)
		for a := range sf.game.Infosets[k].Actions {
			sum.Add(sum, x[sf.SeqStart[k]+a])
		}
		if sum.Cmp(x[sf.ParentSeq[k]]) != 0 {
			return fmt.Errorf("player %d, information set %d: weights sum to %s, not %s, the weight of the sequence leading to it",
				p+1, sf.game.Infosets[k].ID, RatString(sum), RatString(x[sf.ParentSeq[k]]))
		}
	}
	return nil
}

// Payoffs returns the expected payoffs xᵀA y and xᵀB y of realisation
// plans x (player 1) and y (player 2), exactly. Lengths are not checked
// beyond what indexing needs: use CheckPlan first.
func (sf *SequenceForm) Payoffs(x, y []*big.Rat) ([2]*big.Rat, error) {
	if len(x) != len(sf.Seqs[0]) || len(y) != len(sf.Seqs[1]) {
		return [2]*big.Rat{}, fmt.Errorf("plans of %d and %d weights for %d and %d sequences", len(x), len(y), len(sf.Seqs[0]), len(sf.Seqs[1]))
	}
	u := [2]*big.Rat{new(big.Rat), new(big.Rat)}
	t := new(big.Rat)
	for i := range sf.A {
		r, c := sf.A[i].Row, sf.A[i].Col
		if x[r].Sign() == 0 || y[c].Sign() == 0 {
			continue
		}
		t.Mul(x[r], y[c])
		u[0].Add(u[0], new(big.Rat).Mul(t, sf.A[i].Val.Rat()))
		u[1].Add(u[1], new(big.Rat).Mul(t, sf.B[i].Val.Rat()))
	}
	return u, nil
}

// RealisationPlan returns player p+1's realisation plan of behaviour
// profile b: the weight of a sequence is the product of the player's
// probabilities of the moves in it.
func (sf *SequenceForm) RealisationPlan(p int, b BehaviourProfile) ([]*big.Rat, error) {
	if p != 0 && p != 1 {
		return nil, fmt.Errorf("player index %d: want 0 or 1", p)
	}
	if err := sf.game.checkBehaviour(b); err != nil {
		return nil, err
	}
	x := make([]*big.Rat, len(sf.Seqs[p]))
	x[0] = big.NewRat(1, 1)
	// Sets come in depth-first order, so a set's parent sequence belongs
	// to an earlier set (or is empty) and is filled in first.
	for _, k := range sf.Sets[p] {
		par := x[sf.ParentSeq[k]]
		if par == nil {
			return nil, fmt.Errorf("information set %d comes before the set it follows: the sets are not in depth-first order", sf.game.Infosets[k].ID)
		}
		for a := range sf.game.Infosets[k].Actions {
			x[sf.SeqStart[k]+a] = new(big.Rat).Mul(par, b[k][a].Rat())
		}
	}
	return x, nil
}

// Behaviour converts realisation plans x (player 1) and y (player 2) to a
// behaviour profile: at an information set reached by the player's
// sequence σ with weight x(σ) > 0, action a has probability x(σa)/x(σ).
// At a set that the player's own plan does not reach (x(σ) = 0) every
// action gets the same probability 1/(number of actions). This is what
// Gambit prints for its sequence-form lcp and lp solvers: it divides by
// the parent sequence's weight where that is positive, writes zeros
// elsewhere, and then (MixedBehaviorProfile::UndefinedToCentroid) replaces
// the all-zero sets, which are reached with probability zero, by the
// centroid. Chance sets get the game's probabilities. The plans are
// checked exactly with CheckPlan.
func (sf *SequenceForm) Behaviour(x, y []*big.Rat) (BehaviourProfile, error) {
	if err := sf.CheckPlan(0, x); err != nil {
		return nil, err
	}
	if err := sf.CheckPlan(1, y); err != nil {
		return nil, err
	}
	plans := [2][]*big.Rat{x, y}
	g := sf.game
	b := make(BehaviourProfile, len(g.Infosets))
	for k, set := range g.Infosets {
		if set.Player == 0 {
			b[k] = append([]Number(nil), set.Probs...)
			continue
		}
		w := plans[set.Player-1]
		par := w[sf.ParentSeq[k]]
		b[k] = make([]Number, len(set.Actions))
		for a := range set.Actions {
			if par.Sign() == 0 {
				b[k][a] = NewNumber(1, int64(len(set.Actions)))
			} else {
				b[k][a] = fromRat(new(big.Rat).Quo(w[sf.SeqStart[k]+a], par))
			}
		}
	}
	return b, nil
}

// BehaviourFloat is Behaviour in floating point, for plans computed in
// float64: it returns one probability per action of every information set
// (the game's probabilities at chance sets), with the same rule, a set
// counting as unreached when its parent sequence's weight is at most tol.
// It checks only the plans' lengths.
func (sf *SequenceForm) BehaviourFloat(x, y []float64, tol float64) ([][]float64, error) {
	if len(x) != len(sf.Seqs[0]) || len(y) != len(sf.Seqs[1]) {
		return nil, fmt.Errorf("plans of %d and %d weights for %d and %d sequences", len(x), len(y), len(sf.Seqs[0]), len(sf.Seqs[1]))
	}
	plans := [2][]float64{x, y}
	g := sf.game
	b := make([][]float64, len(g.Infosets))
	for k, set := range g.Infosets {
		b[k] = make([]float64, len(set.Actions))
		if set.Player == 0 {
			for a := range set.Probs {
				b[k][a] = set.Probs[a].Float()
			}
			continue
		}
		w := plans[set.Player-1]
		par := w[sf.ParentSeq[k]]
		for a := range set.Actions {
			if par <= tol {
				b[k][a] = 1 / float64(len(set.Actions))
			} else {
				b[k][a] = w[sf.SeqStart[k]+a] / par
			}
		}
	}
	return b, nil
}
