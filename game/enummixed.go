package game

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
)

// This file is Gambit's enummixed: every extreme Nash equilibrium of a
// two-player strategic game, exactly, by enumerating the vertices of the two
// players' best-response polytopes (Mangasarian 1964; Winkels 1979; the
// formulation of B. von Stengel, "Computing equilibria for two-person
// games", Handbook of Game Theory vol. 3, 2002, §3, and of Avis, Rosenberg,
// Savani and von Stengel, "Enumeration of Nash equilibria for two-player
// games", Economic Theory 42, 2010). docs/games.md has the write-up.

// DefaultEnumMixedMaxVertices is the bound on the vertices (lexicographic
// bases) visited in each best-response polytope when
// EnumMixedOptions.MaxVertices is zero.
const DefaultEnumMixedMaxVertices = 1 << 18

// DefaultEnumMixedMaxCliques is the bound on the maximal cliques
// EnumMixedCliques lists when EnumMixedOptions.MaxCliques is zero.
const DefaultEnumMixedMaxCliques = 1 << 16

// EnumMixedOptions bounds the work of EnumMixed and EnumMixedCliques.
type EnumMixedOptions struct {
	// MaxVertices bounds the number of lexicographic bases visited in
	// each player's best-response polytope: the vertices of the polytope
	// with its right-hand side symbolically perturbed, one per vertex in
	// a nondegenerate game, possibly several per vertex in a degenerate
	// one. A game that needs more is refused with an error. Zero means
	// DefaultEnumMixedMaxVertices (2^18: about 30 MB of memory per
	// polytope, and at most a few seconds for 12×12 games, some 8 µs a
	// basis, or some 20 s for 20×20 games, whose numbers outgrow int64,
	// some 70 µs a basis), lowered for large games so that the bases
	// times the tableau's entries, rows × (columns+1), stay under 2^28.
	MaxVertices int
	// MaxCliques bounds the number of maximal cliques EnumMixedCliques
	// lists (and the intermediate sets it builds to find them); zero
	// means DefaultEnumMixedMaxCliques (2^16).
	MaxCliques int
}

// emWorkBudget bounds, when EnumMixedOptions.MaxVertices is zero, the
// bases visited times the entries of the tableau (rows × (columns+1)).
const emWorkBudget = 1 << 28

// emMaxCells bounds the strategy pairs m·n of a game EnumMixed accepts:
// the tableau alone takes 8·m·n bytes or more.
const emMaxCells = 1 << 22

// maxVertices is the bound on bases for a polytope with k rows and d
// variables.
func (o EnumMixedOptions) maxVertices(k, d int) int {
	if o.MaxVertices > 0 {
		return o.MaxVertices
	}
	return max(1, min(DefaultEnumMixedMaxVertices, emWorkBudget/(k*(d+1))))
}

func (o EnumMixedOptions) maxCliques() int {
	if o.MaxCliques > 0 {
		return o.MaxCliques
	}
	return DefaultEnumMixedMaxCliques
}

// EnumMixed returns every extreme Nash equilibrium of the two-player
// strategic game g, exactly: the set Gambit's gambit-enummixed reports.
//
// The method (Mangasarian 1964; von Stengel 2002) shifts each player's
// payoffs to be positive — A for player 1, B for player 2, which changes no
// equilibrium — and enumerates the vertices of the best-response polytopes
// P = {x ≥ 0 : Bᵀx ≤ 1} and Q = {y ≥ 0 : Ay ≤ 1}. A vertex carries the
// labels of its tight inequalities: strategy i of player 1 labels x where
// x_i = 0 and y where (Ay)_i = 1, and likewise for player 2. The extreme
// equilibria are exactly the completely labelled vertex pairs (x, y) ≠
// (0, 0), normalised to probabilities; in a degenerate game a whole face of
// equilibria appears as its extreme points, each pair of vertices once.
// Vertices are found by a depth-first search of each polytope's graph with
// integer (fraction-free) pivoting and the lexicographic ratio test, the
// symbolic perturbation that makes a degenerate polytope simple (Avis's
// lrs); arithmetic is int64 with 128-bit intermediates and falls back to
// big.Int per tableau where the numbers outgrow it, so every answer is
// exact.
//
// The equilibria are sorted: player 1's strategy first, player 2's second,
// each in decreasing lexicographic order of its probabilities (so pure
// strategies early in the list come first). Gambit prints them in the
// order of its own vertex search; the set is the same. docs/games.md
// describes the method and its limits.
//
// It returns an error for a game that does not have exactly two players
// or has more than 2^22 strategy pairs, when a polytope has more
// lexicographic bases than EnumMixedOptions.MaxVertices allows, and when
// ctx is cancelled. Each basis visited costs O(m·n) arithmetic
// operations for an m×n game, and memory O(m+n) bits; the random 12×12
// benchmark game (some 8,000 bases) takes well under 0.1 s.
func EnumMixed(ctx context.Context, g *NormalForm, opts EnumMixedOptions) ([]MixedProfile, error) {
	r, err := enumMixed(ctx, g, opts)
	if err != nil {
		return nil, err
	}
	return r.eqs, nil
}

// MixedClique is a maximal set of interchangeable extreme equilibria, a
// maximal clique of the bipartite graph whose nodes are the two players'
// extreme equilibrium strategies and whose edges are the extreme
// equilibria: every pair (Player1[i], Player2[j]) is an extreme
// equilibrium, so every profile in the product of their convex hulls is an
// equilibrium. The union of the cliques' convex sets is the set of all Nash
// equilibria; cliques that share a strategy lie in one connected component.
type MixedClique struct {
	// Player1 and Player2 are the players' extreme strategies in the
	// clique, in the order of the equilibria.
	Player1, Player2 [][]Number
	// Equilibria indexes, into the equilibria EnumMixedCliques returns,
	// the profile (Player1[i], Player2[j]) at position i·len(Player2)+j.
	Equilibria []int
}

// Profiles returns the clique's profiles, (Player1[i], Player2[j]) for
// every i and j, j changing fastest.
func (c MixedClique) Profiles() []MixedProfile {
	out := make([]MixedProfile, 0, len(c.Player1)*len(c.Player2))
	for _, x := range c.Player1 {
		for _, y := range c.Player2 {
			out = append(out, MixedProfile{x, y})
		}
	}
	return out
}

// FormatGambit returns the clique's profiles as gambit-enummixed -c prints
// clique number k (counted from 1): one line per profile, "convex-k," then
// the probabilities as MixedProfile.FormatGambit writes them.
func (c MixedClique) FormatGambit(k, decimals int) []string {
	prefix := "convex-" + strconv.Itoa(k)
	var out []string
	for _, p := range c.Profiles() {
		out = append(out, prefix+p.FormatGambit(decimals)[len("NE"):])
	}
	return out
}

// EnumMixedCliques returns what EnumMixed returns and, as
// gambit-enummixed -c does, the maximal cliques of interchangeable extreme
// equilibria (see MixedClique), sorted by their Equilibria lists. The
// cliques are found as the closed sets of the bipartite equilibrium graph:
// every nonempty intersection of player-1 strategies' neighbourhoods is the
// player-2 side of exactly one maximal clique. It refuses, with an error,
// to build more than opts.MaxCliques such sets.
func EnumMixedCliques(ctx context.Context, g *NormalForm, opts EnumMixedOptions) ([]MixedProfile, []MixedClique, error) {
	r, err := enumMixed(ctx, g, opts)
	if err != nil {
		return nil, nil, err
	}
	cl, err := r.cliques(ctx, opts.maxCliques())
	if err != nil {
		return nil, nil, err
	}
	return r.eqs, cl, nil
}

// emResult holds the extreme equilibria as pairs of extreme strategies.
type emResult struct {
	eqs    []MixedProfile
	xs, ys [][]Number // distinct extreme strategies, in sorted order
	pairs  [][2]int   // eqs[k] = (xs[pairs[k][0]], ys[pairs[k][1]])
}

func enumMixed(ctx context.Context, g *NormalForm, opts EnumMixedOptions) (*emResult, error) {
	if g == nil {
		return nil, errors.New("enummixed: no game")
	}
	if g.NumPlayers() != 2 {
		return nil, fmt.Errorf("enummixed needs a two-player game; this one has %d players", g.NumPlayers())
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m, n := len(g.Strategies[0]), len(g.Strategies[1])
	if m*n > emMaxCells {
		return nil, fmt.Errorf("enummixed: a %d×%d game is too large (the bound is %d strategy pairs)", m, n, emMaxCells)
	}
	a := emPayoffMatrix(g, 0) // m×n
	b := emPayoffMatrix(g, 1) // m×n
	// P = {x ≥ 0 : Bᵀx ≤ 1}: n rows, m variables; x_i is label i, the
	// slack of row j is label m+j.
	bt := make([]*big.Int, n*m)
	for j := range n {
		for i := range m {
			bt[j*m+i] = b[i*n+j]
		}
	}
	pLabel := make([]int, m+n)
	for v := range pLabel {
		pLabel[v] = v
	}
	// Q = {y ≥ 0 : Ay ≤ 1}: m rows, n variables; y_j is label m+j, the
	// slack of row i is label i.
	qLabel := make([]int, m+n)
	for v := range n {
		qLabel[v] = m + v
	}
	for i := range m {
		qLabel[n+i] = i
	}
	p := newEMPoly(n, m, bt, pLabel)
	if err := p.enumerate(ctx, opts.maxVertices(n, m)); err != nil {
		return nil, fmt.Errorf("enummixed: player 1's best-response polytope: %w", err)
	}
	q := newEMPoly(m, n, a, qLabel)
	if err := q.enumerate(ctx, opts.maxVertices(m, n)); err != nil {
		return nil, fmt.Errorf("enummixed: player 2's best-response polytope: %w", err)
	}
	pairs, err := emMatch(ctx, p, q, m, n)
	if err != nil {
		return nil, err
	}
	return emBuild(p, q, pairs), nil
}

// emPayoffMatrix returns player's payoffs as an m×n integer matrix (row i,
// column j at i·n+j), scaled by the common denominator and shifted so that
// the least entry is 1.
func emPayoffMatrix(g *NormalForm, player int) []*big.Int {
	m, n := len(g.Strategies[0]), len(g.Strategies[1])
	vals := make([]*big.Rat, m*n)
	lcm := big.NewInt(1)
	gcd := new(big.Int)
	for i := range m {
		for j := range n {
			r := g.Payoff(g.Profile([]int{i, j}), player).Rat()
			vals[i*n+j] = r
			if d := r.Denom(); !d.IsInt64() || d.Int64() != 1 {
				gcd.GCD(nil, nil, lcm, d)
				lcm.Mul(lcm, new(big.Int).Quo(d, gcd))
			}
		}
	}
	out := make([]*big.Int, m*n)
	var least *big.Int
	for k, r := range vals {
		v := new(big.Int).Quo(lcm, r.Denom())
		v.Mul(v, r.Num())
		out[k] = v
		if least == nil || v.Cmp(least) < 0 {
			least = v
		}
	}
	shift := new(big.Int).Sub(big.NewInt(1), least)
	for _, v := range out {
		v.Add(v, shift)
	}
	return out
}

// emPoly enumerates the vertices of {z ≥ 0 : Mz ≤ 1} for a positive k×d
// integer matrix M. Variables 0..d-1 are z, d..d+k-1 the slacks w of the
// rows; a basis has k basic variables, one per row. The tableau is kept in
// dictionary form with integer pivoting (Edmonds 1967; Bareiss 1968): t
// holds det(B)·B⁻¹·[M I 1] restricted to the nonbasic columns and the
// right-hand side, in k rows of d+1 entries (column d is the right-hand
// side), and den is det(B) > 0 (rows ordered as the basis).
type emPoly struct {
	k, d    int
	stride  int
	labelOf []int // variable -> label
	mat     []*big.Int

	small bool
	t     []int64
	tmp   []int64
	den   int64
	bt    []big.Int
	bden  big.Int
	b1    big.Int
	b2    big.Int
	bp    big.Int
	bic   big.Int
	bzero big.Int // stays zero

	basic []int // row -> variable
	nonb  []int // column -> variable
	pos   []int // variable -> column, or -(row+1) when basic

	words int
	basis []uint64 // the current basis as a set of variables
	nb    []uint64
	lab   []uint64

	seen emKeySet // bases visited

	bigPivots int // pivots done in big.Int arithmetic

	// Vertices, in the order found: their label sets and one basis each.
	nv      int
	vlabels []uint64
	vbasis  []uint64
	vcount  []int32
	vindex  emKeySet // label set -> vertex
}

func newEMPoly(k, d int, mat []*big.Int, labelOf []int) *emPoly {
	nvar := k + d
	w := (nvar + 63) / 64
	p := &emPoly{
		k: k, d: d, stride: d + 1, labelOf: labelOf, mat: mat,
		basic: make([]int, k), nonb: make([]int, d), pos: make([]int, nvar),
		words: w, basis: make([]uint64, w), nb: make([]uint64, w), lab: make([]uint64, w),
		seen: newEMKeySet(w), vindex: newEMKeySet(w),
	}
	for j := range d {
		p.nonb[j] = j
		p.pos[j] = j
	}
	for i := range k {
		p.basic[i] = d + i
		p.pos[d+i] = -(i + 1)
		emSet(p.basis, d+i)
	}
	small := true
	for _, v := range mat {
		if !v.IsInt64() || v.Int64() == math.MinInt64 {
			small = false
			break
		}
	}
	if small {
		p.small = true
		p.den = 1
		p.t = make([]int64, k*p.stride)
		p.tmp = make([]int64, k*p.stride)
		for i := range k {
			for j := range d {
				p.t[i*p.stride+j] = mat[i*d+j].Int64()
			}
			p.t[i*p.stride+d] = 1
		}
	} else {
		p.bt = make([]big.Int, k*p.stride)
		p.bden.SetInt64(1)
		for i := range k {
			for j := range d {
				p.bt[i*p.stride+j].Set(mat[i*d+j])
			}
			p.bt[i*p.stride+d].SetInt64(1)
		}
	}
	return p
}

// enumerate visits every lexicographic basis reachable from the origin —
// all of them, since the perturbed polytope is simple and its graph
// connected — by depth-first search, pivoting forward into each new basis
// and back out of it, so that one tableau suffices.
func (p *emPoly) enumerate(ctx context.Context, limit int) error {
	type frame struct{ r, c, next int }
	p.seen.put(p.basis, 0)
	p.visit()
	stack := []frame{{-1, -1, 0}}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next == p.d {
			if f.r >= 0 {
				p.pivot(f.r, f.c) // back to the parent basis
			}
			stack = stack[:len(stack)-1]
			continue
		}
		c := f.next
		f.next++
		r := p.leave(c)
		if r < 0 {
			return errors.New("unbounded polytope (internal error)")
		}
		copy(p.nb, p.basis)
		emFlip(p.nb, p.basic[r])
		emFlip(p.nb, p.nonb[c])
		if _, ok := p.seen.get(p.nb); ok {
			continue
		}
		if p.seen.len() >= limit {
			return fmt.Errorf("more than %d vertices (lexicographic bases); the bound is EnumMixedOptions.MaxVertices", limit)
		}
		p.seen.put(p.nb, 0)
		if p.seen.len()&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p.pivot(r, c)
		p.visit()
		stack = append(stack, frame{r, c, 0})
	}
	return nil
}

// visit records the vertex of the current basis, if it is new: its labels
// are those of the variables that are zero, nonbasic or basic.
func (p *emPoly) visit() {
	clear(p.lab)
	cnt := int32(0)
	for _, v := range p.nonb {
		emSet(p.lab, p.labelOf[v])
		cnt++
	}
	for i, v := range p.basic {
		if p.rhsZero(i) {
			emSet(p.lab, p.labelOf[v])
			cnt++
		}
	}
	if _, ok := p.vindex.get(p.lab); ok {
		return
	}
	p.vindex.put(p.lab, int32(p.nv))
	p.nv++
	p.vlabels = append(p.vlabels, p.lab...)
	p.vbasis = append(p.vbasis, p.basis...)
	p.vcount = append(p.vcount, cnt)
}

func (p *emPoly) rhsZero(i int) bool {
	if p.small {
		return p.t[i*p.stride+p.d] == 0
	}
	return p.bt[i*p.stride+p.d].Sign() == 0
}

// leave returns the row that leaves when the nonbasic column c enters, by
// the lexicographic minimum-ratio test: among rows with a positive entry in
// column c, the least (rhs, B⁻¹ row) / entry in lexicographic order. The
// rows of B⁻¹ are independent, so the minimum is unique. It returns -1 if
// no entry is positive.
func (p *emPoly) leave(c int) int {
	best := -1
	if p.small {
		for i := range p.k {
			if p.t[i*p.stride+c] <= 0 {
				continue
			}
			if best < 0 || p.lexLess64(i, best, c) {
				best = i
			}
		}
		return best
	}
	for i := range p.k {
		if p.bt[i*p.stride+c].Sign() <= 0 {
			continue
		}
		if best < 0 || p.lexLessBig(i, best, c) {
			best = i
		}
	}
	return best
}

// entry64 returns the tableau entry of variable v in row i: basic
// variables have the columns den·e_row.
func (p *emPoly) entry64(i, v int) int64 {
	if c := p.pos[v]; c >= 0 {
		return p.t[i*p.stride+c]
	} else if -c-1 == i {
		return p.den
	}
	return 0
}

// lexLess64 reports whether row i's ratio vector is lexicographically
// smaller than row l's for entering column c (entries positive).
func (p *emPoly) lexLess64(i, l, c int) bool {
	ti, tl := p.t[i*p.stride+c], p.t[l*p.stride+c]
	if s := emCmpProd(p.t[i*p.stride+p.d], tl, p.t[l*p.stride+p.d], ti); s != 0 {
		return s < 0
	}
	for s := range p.k {
		v := p.d + s
		if s := emCmpProd(p.entry64(i, v), tl, p.entry64(l, v), ti); s != 0 {
			return s < 0
		}
	}
	return false
}

func (p *emPoly) entryBig(i, v int) *big.Int {
	if c := p.pos[v]; c >= 0 {
		return &p.bt[i*p.stride+c]
	} else if -c-1 == i {
		return &p.bden
	}
	return &p.bzero
}

func (p *emPoly) lexLessBig(i, l, c int) bool {
	ti, tl := &p.bt[i*p.stride+c], &p.bt[l*p.stride+c]
	cmp := func(a, b *big.Int) int {
		p.b1.Mul(a, tl)
		p.b2.Mul(b, ti)
		return p.b1.Cmp(&p.b2)
	}
	if s := cmp(&p.bt[i*p.stride+p.d], &p.bt[l*p.stride+p.d]); s != 0 {
		return s < 0
	}
	for s := range p.k {
		v := p.d + s
		if s := cmp(p.entryBig(i, v), p.entryBig(l, v)); s != 0 {
			return s < 0
		}
	}
	return false
}

// pivot exchanges the basic variable of row r with the nonbasic variable
// of column c. With integer pivoting every new entry is
// (t_ij·t_rc − t_ic·t_rj)/den, an exact division; the column of the
// leaving variable becomes −t_ic (and den in row r), and t_rc the new den.
// Pivoting again on (r, c) restores the previous tableau exactly.
func (p *emPoly) pivot(r, c int) {
	if p.small && !p.pivot64(r, c) {
		p.toBig()
	}
	if !p.small {
		p.bigPivots++
		p.pivotBig(r, c)
		p.tryShrink()
	}
	u, v := p.nonb[c], p.basic[r]
	p.basic[r], p.nonb[c] = u, v
	p.pos[u], p.pos[v] = -(r + 1), c
	emFlip(p.basis, u)
	emFlip(p.basis, v)
}

// pivot64 pivots in int64 arithmetic with 128-bit intermediates, into
// p.tmp; it reports false, leaving p.t as it was, if a result does not fit.
func (p *emPoly) pivot64(r, c int) bool {
	s := p.stride
	piv, den := p.t[r*s+c], p.den
	rowR := p.t[r*s : r*s+s]
	for i := range p.k {
		src, dst := p.t[i*s:i*s+s], p.tmp[i*s:i*s+s]
		if i == r {
			copy(dst, src)
			dst[c] = den
			continue
		}
		ic := src[c]
		for j, x := range src {
			if j == c {
				dst[j] = -ic
				continue
			}
			h1, l1 := emMul128(x, piv)
			h2, l2 := emMul128(ic, rowR[j])
			l, borrow := bits.Sub64(l1, l2, 0)
			h := h1 - h2 - int64(borrow)
			q, ok := emDiv128(h, l, den)
			if !ok {
				return false
			}
			dst[j] = q
		}
	}
	p.t, p.tmp = p.tmp, p.t
	p.den = piv
	return true
}

func (p *emPoly) pivotBig(r, c int) {
	s := p.stride
	p.bp.Set(&p.bt[r*s+c])
	rowR := p.bt[r*s : r*s+s]
	for i := range p.k {
		if i == r {
			continue
		}
		row := p.bt[i*s : i*s+s]
		p.bic.Set(&row[c])
		for j := range row {
			if j == c {
				continue
			}
			p.b1.Mul(&row[j], &p.bp)
			p.b2.Mul(&p.bic, &rowR[j])
			p.b1.Sub(&p.b1, &p.b2)
			row[j].Quo(&p.b1, &p.bden)
		}
		row[c].Neg(&p.bic)
	}
	rowR[c].Set(&p.bden)
	p.bden.Set(&p.bp)
}

// toBig moves the tableau to big.Int arithmetic.
func (p *emPoly) toBig() {
	if p.bt == nil {
		p.bt = make([]big.Int, len(p.t))
	}
	for i, x := range p.t {
		p.bt[i].SetInt64(x)
	}
	p.bden.SetInt64(p.den)
	p.small = false
}

// tryShrink moves the tableau back to int64 arithmetic when every entry
// fits again.
func (p *emPoly) tryShrink() {
	if !emFits(&p.bden) {
		return
	}
	for i := range p.bt {
		if !emFits(&p.bt[i]) {
			return
		}
	}
	if p.t == nil {
		p.t = make([]int64, len(p.bt))
		p.tmp = make([]int64, len(p.bt))
	}
	for i := range p.bt {
		p.t[i] = p.bt[i].Int64()
	}
	p.den = p.bden.Int64()
	p.small = true
}

func emFits(x *big.Int) bool { return x.IsInt64() && x.Int64() != math.MinInt64 }

// emMul128 returns a·b as a signed 128-bit number (high word, low word).
func emMul128(a, b int64) (int64, uint64) {
	h, l := bits.Mul64(uint64(a), uint64(b))
	hs := int64(h)
	if a < 0 {
		hs -= b
	}
	if b < 0 {
		hs -= a
	}
	return hs, l
}

// emDiv128 divides the signed 128-bit number (h, l) by d > 0, the division
// being exact; ok is false if the quotient is not in (−2^63, 2^63).
func emDiv128(h int64, l uint64, d int64) (int64, bool) {
	neg := h < 0
	uh := uint64(h)
	if neg {
		var borrow uint64
		l, borrow = bits.Sub64(0, l, 0)
		uh = -uh - borrow
	}
	if uh >= uint64(d) {
		return 0, false
	}
	q, _ := bits.Div64(uh, l, uint64(d))
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// emCmpProd compares a·b with c·d exactly.
func emCmpProd(a, b, c, d int64) int {
	h1, l1 := emMul128(a, b)
	h2, l2 := emMul128(c, d)
	switch {
	case h1 < h2:
		return -1
	case h1 > h2:
		return 1
	case l1 < l2:
		return -1
	case l1 > l2:
		return 1
	}
	return 0
}

// emKeySet maps fixed-length bit sets to int32 values.
type emKeySet struct {
	words int
	one   map[uint64]int32
	many  map[string]int32
	buf   []byte
}

func newEMKeySet(words int) emKeySet {
	if words == 1 {
		return emKeySet{words: 1, one: map[uint64]int32{}}
	}
	return emKeySet{words: words, many: map[string]int32{}, buf: make([]byte, 8*words)}
}

func (s *emKeySet) encode(w []uint64) []byte {
	for i, x := range w {
		binary.LittleEndian.PutUint64(s.buf[8*i:], x)
	}
	return s.buf
}

func (s *emKeySet) get(w []uint64) (int32, bool) {
	if s.one != nil {
		v, ok := s.one[w[0]]
		return v, ok
	}
	v, ok := s.many[string(s.encode(w))]
	return v, ok
}

func (s *emKeySet) put(w []uint64, v int32) {
	if s.one != nil {
		s.one[w[0]] = v
		return
	}
	s.many[string(s.encode(w))] = v
}

func (s *emKeySet) len() int {
	if s.one != nil {
		return len(s.one)
	}
	return len(s.many)
}

func emSet(w []uint64, i int)      { w[i>>6] |= 1 << (i & 63) }
func emFlip(w []uint64, i int)     { w[i>>6] ^= 1 << (i & 63) }
func emHas(w []uint64, i int) bool { return w[i>>6]&(1<<(i&63)) != 0 }

// emMatch returns the completely labelled pairs (x, y) of vertices of P
// and Q other than the origins, x-major in the order the vertices were
// found. For x with exactly m labels the partner must carry the other n
// labels: a simple vertex of Q with exactly those is found by hashing, and
// Q's degenerate vertices (more than n labels) are tried one by one. For a
// degenerate x, the candidates are the intersection of bit sets of Q's
// vertices by label.
func emMatch(ctx context.Context, p, q *emPoly, m, n int) ([][2]int, error) {
	w := p.words // both polytopes have m+n variables and labels
	full := make([]uint64, w)
	for l := range m + n {
		emSet(full, l)
	}
	var qDegenerate []int
	for yi, c := range q.vcount {
		if int(c) > n {
			qDegenerate = append(qDegenerate, yi)
		}
	}
	var qHas [][]uint64 // label -> set of Q's vertices with it
	qw := (q.nv + 63) / 64
	need := make([]uint64, w)
	var cand []uint64
	var pairs [][2]int
	for xi := 1; xi < p.nv; xi++ { // vertex 0 is the origin
		if xi&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		lx := p.vlabels[xi*w : xi*w+w]
		for k := range need {
			need[k] = full[k] &^ lx[k]
		}
		if int(p.vcount[xi]) == m {
			if yi, ok := q.vindex.get(need); ok && yi != 0 && int(q.vcount[yi]) == n {
				pairs = append(pairs, [2]int{xi, int(yi)})
			}
			for _, yi := range qDegenerate {
				ly := q.vlabels[yi*w : yi*w+w]
				sub := true
				for k := range need {
					if need[k]&^ly[k] != 0 {
						sub = false
						break
					}
				}
				if sub && yi != 0 {
					pairs = append(pairs, [2]int{xi, yi})
				}
			}
			continue
		}
		if qHas == nil {
			cand = make([]uint64, qw)
			qHas = make([][]uint64, m+n)
			for l := range qHas {
				qHas[l] = make([]uint64, qw)
			}
			for yi := range q.nv {
				ly := q.vlabels[yi*w : yi*w+w]
				for l := range m + n {
					if emHas(ly, l) {
						emSet(qHas[l], yi)
					}
				}
			}
		}
		for k := range cand {
			cand[k] = ^uint64(0)
		}
		for l := range m + n {
			if emHas(need, l) {
				for k := range cand {
					cand[k] &= qHas[l][k]
				}
			}
		}
		for k, word := range cand {
			for word != 0 {
				yi := k*64 + bits.TrailingZeros64(word)
				word &= word - 1
				if yi != 0 && yi < q.nv {
					pairs = append(pairs, [2]int{xi, yi})
				}
			}
		}
	}
	return pairs, nil
}

// strategy returns the mixed strategy of vertex vi (not the origin): its
// coordinates normalised to sum to one. The basic z-variables Z and the
// rows R whose slacks are nonbasic have |R| = |Z|, and M[R][Z]·z = 1.
func (p *emPoly) strategy(vi int) []Number {
	bas := p.vbasis[vi*p.words : vi*p.words+p.words]
	var zs, rows []int
	for v := range p.d {
		if emHas(bas, v) {
			zs = append(zs, v)
		}
	}
	for i := range p.k {
		if !emHas(bas, p.d+i) {
			rows = append(rows, i)
		}
	}
	num := emSolve(p.mat, p.d, rows, zs)
	sum := new(big.Int)
	for _, x := range num {
		sum.Add(sum, x)
	}
	out := make([]Number, p.d)
	for k := range out {
		out[k] = NewNumber(0, 1)
	}
	for k, v := range zs {
		out[v] = NumberFromRat(new(big.Rat).SetFrac(num[k], sum))
	}
	return out
}

// emSolve solves the nonsingular system M[rows][cols]·z = 1 (M row-major
// with d columns) by fraction-free Gauss–Jordan elimination (Bareiss): it
// returns D·z for a common nonzero D, all integers.
func emSolve(mat []*big.Int, d int, rows, cols []int) []*big.Int {
	s := len(cols)
	a := make([][]*big.Int, s)
	for r, i := range rows {
		a[r] = make([]*big.Int, s+1)
		for c, j := range cols {
			a[r][c] = new(big.Int).Set(mat[i*d+j])
		}
		a[r][s] = big.NewInt(1)
	}
	den := big.NewInt(1)
	t1, t2 := new(big.Int), new(big.Int)
	for c := range s {
		pr := c
		for pr < s && a[pr][c].Sign() == 0 {
			pr++
		}
		a[c], a[pr] = a[pr], a[c]
		piv := new(big.Int).Set(a[c][c])
		for r := range s {
			if r == c {
				continue
			}
			f := new(big.Int).Set(a[r][c])
			for k := range a[r] {
				t1.Mul(a[r][k], piv)
				t2.Mul(f, a[c][k])
				a[r][k].Quo(t1.Sub(t1, t2), den)
			}
		}
		den = piv
	}
	z := make([]*big.Int, s)
	for r := range s {
		z[r] = a[r][s]
	}
	return z
}

// emBuild turns vertex pairs into sorted profiles.
func emBuild(p, q *emPoly, pairs [][2]int) *emResult {
	xOf := map[int]int{}
	yOf := map[int]int{}
	r := &emResult{}
	for _, pr := range pairs {
		if _, ok := xOf[pr[0]]; !ok {
			xOf[pr[0]] = len(r.xs)
			r.xs = append(r.xs, p.strategy(pr[0]))
		}
		if _, ok := yOf[pr[1]]; !ok {
			yOf[pr[1]] = len(r.ys)
			r.ys = append(r.ys, q.strategy(pr[1]))
		}
	}
	// Rank the strategies in decreasing lexicographic order.
	xRank := emRanks(r.xs)
	yRank := emRanks(r.ys)
	xs := make([][]Number, len(r.xs))
	for k, s := range r.xs {
		xs[xRank[k]] = s
	}
	ys := make([][]Number, len(r.ys))
	for k, s := range r.ys {
		ys[yRank[k]] = s
	}
	r.xs, r.ys = xs, ys
	for _, pr := range pairs {
		r.pairs = append(r.pairs, [2]int{xRank[xOf[pr[0]]], yRank[yOf[pr[1]]]})
	}
	slices.SortFunc(r.pairs, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, pr := range r.pairs {
		r.eqs = append(r.eqs, MixedProfile{slices.Clone(r.xs[pr[0]]), slices.Clone(r.ys[pr[1]])})
	}
	return r
}

// emRanks returns each strategy's position in decreasing lexicographic
// order of the probability vectors.
func emRanks(s [][]Number) []int {
	idx := make([]int, len(s))
	for k := range idx {
		idx[k] = k
	}
	slices.SortFunc(idx, func(a, b int) int {
		for k := range s[a] {
			if c := s[a][k].Cmp(s[b][k]); c != 0 {
				return -c
			}
		}
		return 0
	})
	rank := make([]int, len(s))
	for pos, k := range idx {
		rank[k] = pos
	}
	return rank
}

// cliques returns the maximal cliques of the bipartite graph between the
// players' extreme equilibrium strategies. Each is a closed pair (U, V): V
// the common neighbours of U and U those of V. The player-2 sides are
// exactly the nonempty intersections of neighbourhoods N(x), built up one x
// at a time.
func (r *emResult) cliques(ctx context.Context, limit int) ([]MixedClique, error) {
	ny := len(r.ys)
	w := (ny + 63) / 64
	nbr := make([][]uint64, len(r.xs))
	for x := range nbr {
		nbr[x] = make([]uint64, w)
	}
	eqIndex := make(map[[2]int]int, len(r.pairs))
	for k, pr := range r.pairs {
		emSet(nbr[pr[0]], pr[1])
		eqIndex[pr] = k
	}
	set := newEMKeySet(max(w, 2)) // string keys: w may be 0 or 1
	key := make([]uint64, max(w, 2))
	var family [][]uint64
	add := func(v []uint64) error {
		copy(key, v)
		if _, ok := set.get(key); ok {
			return nil
		}
		if len(family) >= limit {
			return fmt.Errorf("enummixed: more than %d cliques; the bound is EnumMixedOptions.MaxCliques", limit)
		}
		set.put(key, int32(len(family)))
		family = append(family, slices.Clone(v))
		return nil
	}
	tmp := make([]uint64, w)
	for x := range nbr {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n0 := len(family)
		if err := add(nbr[x]); err != nil {
			return nil, err
		}
		for k := range n0 {
			empty := true
			for i := range tmp {
				tmp[i] = family[k][i] & nbr[x][i]
				if tmp[i] != 0 {
					empty = false
				}
			}
			if !empty {
				if err := add(tmp); err != nil {
					return nil, err
				}
			}
		}
	}
	var out []MixedClique
	for _, v := range family {
		var c MixedClique
		var ys []int
		for y := range ny {
			if emHas(v, y) {
				ys = append(ys, y)
				c.Player2 = append(c.Player2, r.ys[y])
			}
		}
		for x := range nbr {
			sub := true
			for i := range v {
				if v[i]&^nbr[x][i] != 0 {
					sub = false
					break
				}
			}
			if !sub {
				continue
			}
			c.Player1 = append(c.Player1, r.xs[x])
			for _, y := range ys {
				c.Equilibria = append(c.Equilibria, eqIndex[[2]int{x, y}])
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b MixedClique) int { return slices.Compare(a.Equilibria, b.Equilibria) })
	return out, nil
}
