package game

import (
	"context"
	"fmt"
	"math/big"
	"strings"
)

// LP returns a Nash equilibrium of a two-player constant-sum strategic game
// by linear programming, exactly, as Gambit's gambit-lp does on a strategic
// game (docs/games.md). In a constant-sum game the equilibria are the pairs
// of maximin strategies (von Neumann's minimax theorem), and one linear
// program and its dual give both: with A player 1's payoffs shifted so that
// every entry is at least 1,
//
//	maximise Σ_j w_j subject to A w ≤ 1, w ≥ 0
//
// has optimal value 1/v (v the shifted game's value); player 2's strategy
// is w/Σw and player 1's is the optimal dual solution, normalised. The
// program is solved by an exact simplex method (simplex.go). The answer is
// checked with Verify and has regret exactly 0.
//
// The game must have two players and constant sum: the two payoffs add up
// to the same number in every profile (Gambit's test); otherwise LP returns
// an error naming a profile where the sum differs. The simplex tableau has
// (m+1) × (m+n+2) entries for an m×n game and must stay within
// maxSimplexCells (about 4 million); ctx is checked at every pivot.
//
// Where the maximin strategies are unique the answer is Gambit's. Where
// they are not, the optimal vertex the simplex method stops at, and so the
// equilibrium returned, may differ from Gambit's (its LP has another form
// and pivots by other rules); both are exact equilibria with the same
// value.
func LP(ctx context.Context, g *NormalForm) (MixedProfile, error) {
	return lpStrategic(ctx, g, true)
}

// lpStrategic is LP with (useFloat) or without the simplex method's
// floating-point first pass.
func lpStrategic(ctx context.Context, g *NormalForm, useFloat bool) (MixedProfile, error) {
	if g == nil {
		return nil, fmt.Errorf("lp: nil game")
	}
	if len(g.Players) != 2 {
		return nil, fmt.Errorf("lp needs a two-player game; this game has %d players", len(g.Players))
	}
	if err := lpConstantSum(g); err != nil {
		return nil, err
	}
	m, n := len(g.Strategies[0]), len(g.Strategies[1])
	minPay := g.Payoff(0, 0)
	for prof := 1; prof < g.NumProfiles(); prof++ {
		if u := g.Payoff(prof, 0); u.Cmp(minPay) < 0 {
			minPay = u
		}
	}
	shift := new(big.Rat).Sub(big.NewRat(1, 1), minPay.Rat())
	prog := &linearProgram{
		A:   make([][]*big.Rat, m),
		B:   make([]*big.Rat, m),
		C:   make([]*big.Rat, n),
		Rel: make([]lpRel, m),
	}
	one := big.NewRat(1, 1)
	for j := range n {
		prog.C[j] = one
	}
	for i := range m {
		prog.A[i] = make([]*big.Rat, n)
		for j := range n {
			prog.A[i][j] = new(big.Rat).Add(g.Payoff(g.Profile([]int{i, j}), 0).Rat(), shift)
		}
		prog.B[i] = one
		prog.Rel[i] = lpLE
	}
	sol, err := solveLPRule(ctx, prog, simplexDegenerateRun, useFloat)
	if err != nil {
		return nil, fmt.Errorf("lp: %w", err)
	}
	p := MixedProfile{lpNormalise(sol.Y), lpNormalise(sol.X)}
	if p[0] == nil || p[1] == nil {
		return nil, fmt.Errorf("lp: internal error: the linear program's solution is zero")
	}
	if err := lpCheckEquilibrium(g, p); err != nil {
		return nil, fmt.Errorf("lp: internal error: %w", err)
	}
	return p, nil
}

// lpCheckEquilibrium returns an error unless p is a Nash equilibrium of the
// two-player game g, exactly: each player's strategy puts weight only on
// pure best responses to the other's. This is what Verify's zero regret
// means, computed here with integers (payoffs and each player's
// probabilities over common denominators) in O(m·n) multiplications.
func lpCheckEquilibrium(g *NormalForm, p MixedProfile) error {
	m, n := len(g.Strategies[0]), len(g.Strategies[1])
	// Player i's payoffs times a common denominator, and each mixed
	// strategy as integer weights.
	pay := [2][]big.Int{lpIntegers(g, 0), lpIntegers(g, 1)}
	x, y := lpWeights(p[0]), lpWeights(p[1])
	// Player 1's payoff from each row against y, player 2's from each
	// column against x.
	rows, cols := make([]big.Int, m), make([]big.Int, n)
	t := new(big.Int)
	for j := range n {
		for i := range m {
			prof := g.Profile([]int{i, j})
			if y[j].Sign() != 0 {
				rows[i].Add(&rows[i], t.Mul(&pay[0][prof], &y[j]))
			}
			if x[i].Sign() != 0 {
				cols[j].Add(&cols[j], t.Mul(&pay[1][prof], &x[i]))
			}
		}
	}
	for pl, c := range []struct {
		vals, w []big.Int
	}{{rows, x}, {cols, y}} {
		best := &c.vals[0]
		for k := range c.vals {
			if c.vals[k].Cmp(best) > 0 {
				best = &c.vals[k]
			}
		}
		for k := range c.vals {
			if c.w[k].Sign() != 0 && c.vals[k].Cmp(best) != 0 {
				return fmt.Errorf("player %d plays strategy %d, which is not a best response", pl+1, k+1)
			}
		}
	}
	return nil
}

// lpIntegers returns player pl's payoffs, profile by profile, times the
// least common denominator of them all.
func lpIntegers(g *NormalForm, pl int) []big.Int {
	lcm := big.NewInt(1)
	gcd := new(big.Int)
	for prof := range g.NumProfiles() {
		d := g.Payoff(prof, pl).Rat().Denom()
		if d.IsInt64() && d.Int64() == 1 {
			continue
		}
		gcd.GCD(nil, nil, lcm, d)
		lcm.Mul(lcm, new(big.Int).Quo(d, gcd))
	}
	out := make([]big.Int, g.NumProfiles())
	for prof := range out {
		r := g.Payoff(prof, pl).Rat()
		out[prof].Mul(r.Num(), lcm)
		out[prof].Quo(&out[prof], r.Denom())
	}
	return out
}

// lpWeights returns probabilities times their least common denominator.
func lpWeights(p []Number) []big.Int {
	lcm := big.NewInt(1)
	gcd := new(big.Int)
	for _, x := range p {
		d := x.Rat().Denom()
		gcd.GCD(nil, nil, lcm, d)
		lcm.Mul(lcm, new(big.Int).Quo(d, gcd))
	}
	out := make([]big.Int, len(p))
	for k, x := range p {
		r := x.Rat()
		out[k].Mul(r.Num(), lcm)
		out[k].Quo(&out[k], r.Denom())
	}
	return out
}

// lpNormalise returns v divided by its sum, or nil if the sum is not
// positive.
func lpNormalise(v []*big.Rat) []Number {
	sum := new(big.Rat)
	for _, x := range v {
		sum.Add(sum, x)
	}
	if sum.Sign() <= 0 {
		return nil
	}
	out := make([]Number, len(v))
	for i, x := range v {
		out[i] = fromRat(new(big.Rat).Quo(x, sum))
	}
	return out
}

// lpConstantSum returns an error unless the payoffs of g's two players add
// up to the same number in every profile.
func lpConstantSum(g *NormalForm) error {
	sum := func(prof int) *big.Rat {
		return new(big.Rat).Add(g.Payoff(prof, 0).Rat(), g.Payoff(prof, 1).Rat())
	}
	first := sum(0)
	for prof := 1; prof < g.NumProfiles(); prof++ {
		if s := sum(prof); s.Cmp(first) != 0 {
			return fmt.Errorf("lp needs a constant-sum game: the payoffs sum to %s at profile %s but to %s at profile %s",
				RatString(s), lpProfileName(g, prof), RatString(first), lpProfileName(g, 0))
		}
	}
	return nil
}

// lpProfileName names a profile by its strategies' 1-based numbers and,
// where they have them, labels: (2 "b", 1 "x").
func lpProfileName(g *NormalForm, prof int) string {
	s := g.ProfileStrategies(prof)
	parts := make([]string, len(s))
	for i, si := range s {
		parts[i] = fmt.Sprint(si + 1)
		if l := g.Strategies[i][si]; l != "" {
			parts[i] += fmt.Sprintf(" %q", l)
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// LP returns a Nash equilibrium of a two-player constant-sum extensive game
// with perfect recall by the sequence-form linear program of Koller,
// Megiddo and von Stengel (1996), exactly, as Gambit's gambit-lp does on an
// extensive game (docs/games.md). With A player 1's sequence-form payoff
// matrix and E, F the players' constraint matrices (SequenceForm),
//
//	maximise q_0 subject to Fᵀq − Aᵀx ≤ 0, E x = e, x ≥ 0, q free
//
// gives player 1's maximin realisation plan x, q being player 2's values
// of its information sets; the optimal dual multipliers of the first rows
// are player 2's minimax plan y. The program is solved exactly as for the
// strategic LP (simplex.go). It has one row per sequence of player 2 and
// per information set of player 1, and one column per sequence of player
// 1 and two per information set of player 2, so its size is linear in the
// tree; the simplex tableau is dense, quadratic in it.
// The plans are turned into behaviour strategies as Gambit does
// (SequenceForm.Behaviour: sets a player's own plan does not reach get the
// centroid). The answer is checked with VerifyBehaviour and has regret
// exactly 0.
//
// The game must have two players, perfect recall and constant sum in
// Gambit's sense: the payoffs of both players, added up along every play
// from the root to a terminal node, give the same total for every play
// (outcomes on inner nodes count on every play through them). Otherwise LP
// returns an error naming a node whose subtrees differ. The tableau must
// stay within maxSimplexCells (about 4 million entries); ctx is checked at
// every pivot.
//
// Where both players' maximin plans are unique the answer is Gambit's;
// where they are not, the optimal vertex found, and so the equilibrium,
// may differ from Gambit's.
func (g *Extensive) LP(ctx context.Context) (BehaviourProfile, error) {
	return g.lpSequence(ctx, true)
}

// lpSequence is Extensive.LP with (useFloat) or without the simplex
// method's floating-point first pass.
func (g *Extensive) lpSequence(ctx context.Context, useFloat bool) (BehaviourProfile, error) {
	if err := reducedCheck(g); err != nil {
		return nil, fmt.Errorf("lp: %w", err)
	}
	if len(g.Players) != 2 {
		return nil, fmt.Errorf("lp needs a two-player game; this game has %d players", len(g.Players))
	}
	if err := g.lpConstantSum(); err != nil {
		return nil, err
	}
	sf, err := g.SequenceForm()
	if err != nil {
		return nil, fmt.Errorf("lp: %w", err)
	}
	n1, n2 := sf.NumSeqs(0), sf.NumSeqs(1)
	r1, r2 := sf.NumRows(0), sf.NumRows(1)
	// Columns: x (n1), then q⁺ and q⁻ (r2 each). Rows: one per sequence
	// of player 2 (≤ 0), then E x = e (r1 rows).
	ncol := n1 + 2*r2
	rows := n2 + r1
	if rows*ncol > maxSimplexCells {
		return nil, fmt.Errorf("lp: the sequence-form linear program is too large: %d rows × %d columns", rows, ncol)
	}
	zero := new(big.Rat)
	prog := &linearProgram{
		A:   make([][]*big.Rat, rows),
		B:   make([]*big.Rat, rows),
		C:   make([]*big.Rat, ncol),
		Rel: make([]lpRel, rows),
	}
	for i := range prog.A {
		prog.A[i] = make([]*big.Rat, ncol)
		prog.B[i] = zero
	}
	for j := range prog.C {
		prog.C[j] = zero
	}
	prog.C[n1] = big.NewRat(1, 1)
	prog.C[n1+r2] = big.NewRat(-1, 1)
	for _, e := range sf.F {
		// Row τ = e.Col gets F[h][τ]·q_h.
		v := big.NewRat(int64(e.Val), 1)
		prog.A[e.Col][n1+e.Row] = v
		prog.A[e.Col][n1+r2+e.Row] = new(big.Rat).Neg(v)
	}
	for _, e := range sf.A {
		if e.Val.IsZero() {
			continue
		}
		prog.A[e.Col][e.Row] = new(big.Rat).Neg(e.Val.Rat())
	}
	for i := range n2 {
		prog.Rel[i] = lpLE
	}
	for _, e := range sf.E {
		prog.A[n2+e.Row][e.Col] = big.NewRat(int64(e.Val), 1)
	}
	for r := range r1 {
		prog.Rel[n2+r] = lpEQ
	}
	prog.B[n2] = big.NewRat(1, 1)

	sol, err := solveLPRule(ctx, prog, simplexDegenerateRun, useFloat)
	if err != nil {
		return nil, fmt.Errorf("lp: %w", err)
	}
	x := sol.X[:n1]
	y := sol.Y[:n2]
	b, err := sf.Behaviour(x, y)
	if err != nil {
		return nil, fmt.Errorf("lp: internal error: %w", err)
	}
	gain, err := g.VerifyBehaviour(b)
	if err != nil {
		return nil, fmt.Errorf("lp: internal error: %w", err)
	}
	if gain.Sign() != 0 {
		return nil, fmt.Errorf("lp: internal error: the solution has regret %s", RatString(gain))
	}
	return b, nil
}

// lpConstantSum returns an error unless g is constant-sum as Gambit
// defines it for trees: at every node, each child's subtree has the same
// sum of both players' payoffs along every play through it. The nodes are
// in preorder, so one backward pass computes each subtree's sum.
func (g *Extensive) lpConstantSum() error {
	sums := make([]*big.Rat, len(g.Nodes))
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		n := &g.Nodes[v]
		s := new(big.Rat)
		if na := g.NumActions(v); na > 0 {
			s.Set(sums[g.Child(v, 0)])
			for a := 1; a < na; a++ {
				if c := sums[g.Child(v, a)]; c.Cmp(s) != 0 {
					set := &g.Infosets[n.Infoset]
					return fmt.Errorf("lp needs a constant-sum game: at %s, the payoffs along the plays after action %q sum to %s but after action %q to %s",
						lpNodeName(v, n.Label), set.Actions[0], RatString(s), set.Actions[a], RatString(c))
				}
			}
		}
		if n.Outcome > 0 {
			for _, u := range g.Outcomes[n.Outcome-1].Payoffs {
				s.Add(s, u.Rat())
			}
		}
		sums[v] = s
		for a := range g.NumActions(v) {
			sums[g.Child(v, a)] = nil
		}
	}
	return nil
}

// lpNodeName names node v: "the root", or its number in preorder (the
// root being 1) and its label if it has one.
func lpNodeName(v int, label string) string {
	s := "the root"
	if v > 0 {
		s = fmt.Sprintf("node %d in preorder", v+1)
	}
	if label != "" {
		s += fmt.Sprintf(" %q", label)
	}
	return s
}
