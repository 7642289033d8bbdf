package game

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
)

// This file holds an exact two-phase simplex method for small dense linear
// programs, the engine of the lp solvers (lp.go; docs/games.md).
//
// First, the method runs in float64 (floatSimplex) and the basis it ends
// at is proved optimal, or rejected, in exact arithmetic (certifyBasis):
// the basic solution and the duals are computed exactly by fraction-free
// Gaussian elimination (Bareiss 1968) and checked for primal and dual
// feasibility, which by LP duality proves optimality. Floating point thus
// only proposes; every answer is exact.
//
// If the float pass fails (or its basis is not optimal), the exact method
// runs on an all-integer tableau with fraction-free pivoting (Edmonds
// 1967): every entry is an integer and the tableau's values are the
// entries divided by one common positive integer, the determinant of the
// current basis, so no rational is ever normalised and the entries stay
// as small as the basis's minors.
//
// Both passes choose the entering column by Dantzig's rule (the most
// negative reduced cost) and the leaving row by the lexicographic rule
// (Dantzig, Orden & Wolfe 1955), which rules out cycling at degenerate
// vertices. In the exact method, once artificial variables have been
// driven out of the basis after phase 1 (which may break the lexicographic
// order), a run of degenerate pivots switches it to Bland's rule (the
// lowest eligible column, ties to the lowest basic variable; Bland 1977)
// until the objective moves again, which also rules out cycling.

// lpRel is the relation of a constraint row.
type lpRel int8

const (
	lpLE lpRel = iota // a·x ≤ b
	lpEQ              // a·x = b
	lpGE              // a·x ≥ b
)

// linearProgram is: maximise C·x subject to A_i·x (Rel_i) B_i for every
// row i, and x ≥ 0. A is dense, m×n; nil entries count as zero.
type linearProgram struct {
	A   [][]*big.Rat
	B   []*big.Rat
	C   []*big.Rat
	Rel []lpRel
}

// lpSolution is an optimal basic solution and the matching dual solution:
// Y_i is the multiplier of row i (≥ 0 for ≤ rows, ≤ 0 for ≥ rows, free for
// equations), so that Σ_i Y_i A_i ≥ C componentwise, with equality where
// X_j > 0, and Σ_i Y_i B_i = Value.
type lpSolution struct {
	X      []*big.Rat
	Y      []*big.Rat
	Value  *big.Rat
	Pivots int
	// FromFloat is true when the floating-point pass found the basis
	// (proved optimal exactly), false when the exact method did.
	FromFloat bool
}

var (
	errLPInfeasible = errors.New("the linear program has no feasible solution")
	errLPUnbounded  = errors.New("the linear program is unbounded")
)

// maxSimplexCells bounds the size of the tableau: (rows+1) × (columns+1)
// integers, rows the number of constraints and columns the variables plus
// one slack or artificial variable per constraint (two for ≥ rows).
const maxSimplexCells = 1 << 22

// simplexDegenerateRun is the number of consecutive degenerate pivots
// after which the entering rule changes from Dantzig's to Bland's.
const simplexDegenerateRun = 20

// simplexPivotLimit returns the largest number of pivots solveLP makes on
// a tableau of m rows and ncol columns before giving up with an error.
func simplexPivotLimit(m, ncol int) int { return 50*(m+ncol) + 1000 }

// simplexTableau is the working state of solveLP.
type simplexTableau struct {
	m, ncol int         // constraint rows; columns without the right-hand side
	t       [][]big.Int // m+1 rows (the last is the objective) × ncol+1 (the last is the rhs)
	det     big.Int     // the common denominator, > 0
	basis   []int       // basic column of each row
	barred  []bool      // columns that may not enter (artificials in phase 2)
	pivots  int
	limit   int
	// blandAfter is the number of consecutive degenerate pivots after
	// which the entering rule becomes Bland's, when lexValid is false.
	blandAfter int
	// unit[i] is the column that was row i's basic variable at the
	// start: together these columns hold the inverse of the basis.
	unit []int
	// lexValid is true while every row of (rhs | inverse basis) is
	// lexicographically positive, as at the start; the lexicographic
	// ratio test then rules out cycling.
	lexValid bool
	ctx      context.Context

	tmp, tmp2, rem big.Int
}

// solveLP solves lp exactly. It returns errLPInfeasible or errLPUnbounded
// when there is no optimum, and an error for malformed programs, tableaux
// over maxSimplexCells, more pivots than simplexPivotLimit, or a cancelled
// ctx (checked at every pivot of both passes).
func solveLP(ctx context.Context, lp *linearProgram) (*lpSolution, error) {
	return solveLPRule(ctx, lp, simplexDegenerateRun, true)
}

// solveLPRule is solveLP switching to Bland's rule after degenerateRun
// consecutive degenerate pivots (0: Bland's rule throughout), with
// (useFloat) or without the floating-point first pass.
func solveLPRule(ctx context.Context, lp *linearProgram, degenerateRun int, useFloat bool) (*lpSolution, error) {
	m, n := len(lp.B), len(lp.C)
	if len(lp.A) != m || len(lp.Rel) != m {
		return nil, fmt.Errorf("linear program: %d rows of A, %d relations, %d right-hand sides", len(lp.A), len(lp.Rel), m)
	}
	for i, row := range lp.A {
		if len(row) != n {
			return nil, fmt.Errorf("linear program: row %d has %d entries for %d variables", i, len(row), n)
		}
	}

	// Integer rows: each row (and the objective) is scaled by a positive
	// rational to a primitive integer vector, and rows with a negative
	// right-hand side are negated (flipping ≤ and ≥), so that b ≥ 0.
	rowA := make([][]big.Int, m)
	rowB := make([]big.Int, m)
	scale := make([]*big.Rat, m)
	rel := make([]lpRel, m)
	for i := range m {
		vals := append(append([]*big.Rat(nil), lp.A[i]...), lp.B[i])
		ints, s := integerRow(vals)
		if ints[n].Sign() < 0 {
			for j := range ints {
				ints[j].Neg(&ints[j])
			}
			s.Neg(s)
		}
		rowA[i], rowB[i], scale[i] = ints[:n], ints[n], s
		rel[i] = lp.Rel[i]
		if s.Sign() < 0 {
			switch rel[i] {
			case lpLE:
				rel[i] = lpGE
			case lpGE:
				rel[i] = lpLE
			}
		}
	}
	cInts, gamma := integerRow(lp.C)

	// Columns: the n variables, then a slack (+1) for each ≤ row and a
	// surplus (-1) for each ≥ row, then an artificial (+1) for each ≥ and
	// = row. unit[i] is the column that starts as row i's basic variable:
	// its slack or its artificial.
	unit := make([]int, m)
	aux := make([]int, m) // slack or surplus column, -1 for equations
	ncol := n
	for i := range m {
		aux[i] = -1
		if rel[i] != lpEQ {
			aux[i] = ncol
			ncol++
		}
	}
	nart := 0
	for i := range m {
		if rel[i] == lpLE {
			unit[i] = aux[i]
		} else {
			unit[i] = ncol + nart
			nart++
		}
	}
	firstArt := ncol
	ncol += nart
	if (m+1)*(ncol+1) > maxSimplexCells || m+1 > maxSimplexCells {
		return nil, fmt.Errorf("the linear program is too large: its tableau would have %d×%d entries, more than %d", m+1, ncol+1, maxSimplexCells)
	}

	tb := &simplexTableau{m: m, ncol: ncol, basis: append([]int(nil), unit...), barred: make([]bool, ncol), ctx: ctx}
	tb.limit = simplexPivotLimit(m, ncol)
	tb.blandAfter = degenerateRun
	tb.unit = unit
	tb.lexValid = degenerateRun > 0
	tb.det.SetInt64(1)
	tb.t = make([][]big.Int, m+1)
	for i := range m {
		row := make([]big.Int, ncol+1)
		for j := range n {
			row[j].Set(&rowA[i][j])
		}
		switch rel[i] {
		case lpLE:
			row[aux[i]].SetInt64(1)
		case lpGE:
			row[aux[i]].SetInt64(-1)
		}
		if unit[i] >= firstArt {
			row[unit[i]].SetInt64(1)
		}
		row[ncol].Set(&rowB[i])
		tb.t[i] = row
	}
	tb.t[m] = make([]big.Int, ncol+1)
	cost := make([]big.Int, ncol)
	for j := range n {
		cost[j].Set(&cInts[j])
	}
	finish := func(x, pi []*big.Rat, value *big.Rat, pivots int, fromFloat bool) *lpSolution {
		// Undo the scaling of the rows and of the objective.
		for i := range pi {
			pi[i].Mul(pi[i], scale[i])
			pi[i].Quo(pi[i], gamma)
		}
		return &lpSolution{X: x, Y: pi, Value: value.Quo(value, gamma), Pivots: pivots, FromFloat: fromFloat}
	}

	// First pass: the same method in floating point, then the basis it
	// ends at is checked exactly. Only a basis proved optimal is used.
	if useFloat {
		if basis, pivots, ok := floatSimplex(ctx, tb.t, m, ncol, firstArt, unit, cost, tb.limit); ok {
			if x, pi, value, ok := certifyBasis(ctx, tb.t, m, n, ncol, firstArt, unit, aux, basis, cost); ok {
				return finish(x, pi, value, pivots, true), nil
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}

	// Phase 1: maximise minus the sum of the artificials.
	if nart > 0 {
		cost := make([]big.Int, ncol)
		for j := firstArt; j < ncol; j++ {
			cost[j].SetInt64(-1)
		}
		tb.setObjective(cost)
		if err := tb.run(false); err != nil {
			return nil, err
		}
		if tb.t[m][ncol].Sign() != 0 {
			return nil, errLPInfeasible
		}
		// Drive artificials at level zero out of the basis where the row
		// has another nonzero; rows without one are redundant and keep
		// their artificial, which can then never change.
		for i := range m {
			if tb.basis[i] < firstArt {
				continue
			}
			for j := range firstArt {
				if tb.t[i][j].Sign() != 0 {
					if err := tb.pivot(i, j); err != nil {
						return nil, err
					}
					// This pivot ignores the ratio test; the rows may no
					// longer be lexicographically positive.
					tb.lexValid = false
					break
				}
			}
		}
		for j := firstArt; j < ncol; j++ {
			tb.barred[j] = true
		}
	}

	// Phase 2: the real objective.
	tb.setObjective(cost)
	if err := tb.run(true); err != nil {
		return nil, err
	}

	x := make([]*big.Rat, n)
	for j := range x {
		x[j] = new(big.Rat)
	}
	for i, j := range tb.basis {
		if j < n {
			x[j].SetFrac(&tb.t[i][ncol], &tb.det)
		}
	}
	// The dual value of a (scaled) row is the reduced cost of its unit
	// column.
	pi := make([]*big.Rat, m)
	for i := range m {
		pi[i] = new(big.Rat).SetFrac(&tb.t[m][unit[i]], &tb.det)
	}
	return finish(x, pi, new(big.Rat).SetFrac(&tb.t[m][ncol], &tb.det), tb.pivots, false), nil
}

// integerRow returns the integers k·v_j for the positive rational k that
// makes them coprime integers (k = 1 if all are zero), and k.
func integerRow(v []*big.Rat) ([]big.Int, *big.Rat) {
	lcm := big.NewInt(1)
	g := new(big.Int)
	for _, r := range v {
		if r == nil || r.Sign() == 0 {
			continue
		}
		d := r.Denom()
		g.GCD(nil, nil, lcm, d)
		lcm.Mul(lcm, new(big.Int).Quo(d, g))
	}
	out := make([]big.Int, len(v))
	content := new(big.Int)
	for j, r := range v {
		if r == nil || r.Sign() == 0 {
			continue
		}
		out[j].Mul(r.Num(), new(big.Int).Quo(lcm, r.Denom()))
		content.GCD(nil, nil, content, new(big.Int).Abs(&out[j]))
	}
	if content.Sign() == 0 {
		return out, big.NewRat(1, 1)
	}
	if content.Cmp(big.NewInt(1)) != 0 {
		for j := range out {
			out[j].Quo(&out[j], content)
		}
	}
	return out, new(big.Rat).SetFrac(lcm, content)
}

// setObjective sets the objective row to the reduced costs of maximising
// cost·x at the current basis: entry j is Σ_i cost[basis_i]·t[i][j] −
// cost[j]·det, and the right-hand side is the objective value times det.
func (tb *simplexTableau) setObjective(cost []big.Int) {
	obj := tb.t[tb.m]
	for j := range obj {
		obj[j].SetInt64(0)
		if j < tb.ncol {
			obj[j].Mul(&cost[j], &tb.det)
			obj[j].Neg(&obj[j])
		}
	}
	for i := range tb.m {
		c := &cost[tb.basis[i]]
		if c.Sign() == 0 {
			continue
		}
		for j := range obj {
			if tb.t[i][j].Sign() != 0 {
				tb.tmp.Mul(c, &tb.t[i][j])
				obj[j].Add(&obj[j], &tb.tmp)
			}
		}
	}
}

// run pivots until the objective row has no negative reduced cost among
// the columns allowed to enter. With canBeUnbounded false an unbounded
// direction is reported as an internal error (phase 1 is bounded).
func (tb *simplexTableau) run(canBeUnbounded bool) error {
	obj := tb.t[tb.m]
	degenerate := 0
	rhs := tb.ncol
	var ties []int
	for {
		if err := tb.ctx.Err(); err != nil {
			return err
		}
		bland := !tb.lexValid && degenerate >= tb.blandAfter
		s := -1
		for j := range tb.ncol {
			if tb.barred[j] || obj[j].Sign() >= 0 {
				continue
			}
			if s < 0 {
				s = j
				if bland {
					break
				}
			} else if obj[j].Cmp(&obj[s]) < 0 {
				s = j
			}
		}
		if s < 0 {
			return nil
		}
		// Ratio test: the rows with the smallest rhs_i / t[i][s] over
		// t[i][s] > 0.
		ties = ties[:0]
		for i := range tb.m {
			a := &tb.t[i][s]
			if a.Sign() <= 0 {
				continue
			}
			if len(ties) == 0 {
				ties = append(ties, i)
				continue
			}
			r := ties[0]
			tb.tmp.Mul(&tb.t[i][rhs], &tb.t[r][s])
			tb.tmp2.Mul(&tb.t[r][rhs], a)
			switch tb.tmp.Cmp(&tb.tmp2) {
			case -1:
				ties = append(ties[:0], i)
			case 0:
				ties = append(ties, i)
			}
		}
		if len(ties) == 0 {
			if canBeUnbounded {
				return errLPUnbounded
			}
			return fmt.Errorf("internal error: phase 1 of the simplex method is unbounded")
		}
		r := ties[0]
		if tb.lexValid {
			// Lexicographic rule: among tied rows, the smallest
			// (row of the inverse basis) / t[i][s], compared column by
			// column of the initial unit columns.
			for k := 0; k < tb.m && len(ties) > 1; k++ {
				u := tb.unit[k]
				kept := ties[:1]
				for _, i := range ties[1:] {
					b := kept[0]
					tb.tmp.Mul(&tb.t[i][u], &tb.t[b][s])
					tb.tmp2.Mul(&tb.t[b][u], &tb.t[i][s])
					switch tb.tmp.Cmp(&tb.tmp2) {
					case -1:
						kept = append(kept[:0], i)
					case 0:
						kept = append(kept, i)
					}
				}
				ties = kept
			}
			r = ties[0]
		} else {
			// Bland's tie-break: the lowest basic column.
			for _, i := range ties[1:] {
				if tb.basis[i] < tb.basis[r] {
					r = i
				}
			}
		}
		if tb.t[r][rhs].Sign() == 0 {
			degenerate++
		} else {
			degenerate = 0
		}
		if err := tb.pivot(r, s); err != nil {
			return err
		}
	}
}

// pivot makes column s basic in row r by a fraction-free pivot: every
// other entry becomes (t_ij·t_rs − t_is·t_rj) / det, exactly divisible,
// and det becomes t_rs. A negative pivot (used only to drive artificials
// out at level zero) is followed by negating the whole tableau.
func (tb *simplexTableau) pivot(r, s int) error {
	if tb.pivots >= tb.limit {
		return fmt.Errorf("the simplex method made %d pivots without finishing (the limit for this size)", tb.pivots)
	}
	tb.pivots++
	prow := tb.t[r]
	p := new(big.Int).Set(&prow[s])
	one := tb.det.IsInt64() && tb.det.Int64() == 1
	f := new(big.Int)
	// Products go to tmp2 and are divided into place, so that no big.Int
	// operation has its result aliasing an operand (which would allocate).
	for i := range tb.t {
		if i == r {
			continue
		}
		row := tb.t[i]
		f.Set(&row[s])
		fzero := f.Sign() == 0
		for j := range row {
			x := &row[j]
			if fzero || prow[j].Sign() == 0 {
				if x.Sign() == 0 {
					continue
				}
				tb.tmp2.Mul(x, p)
			} else {
				tb.tmp.Mul(f, &prow[j])
				tb.tmp2.Mul(x, p)
				tb.tmp2.Sub(&tb.tmp2, &tb.tmp)
			}
			if one {
				x.Set(&tb.tmp2)
			} else {
				x.QuoRem(&tb.tmp2, &tb.det, &tb.rem)
			}
		}
		row[s].SetInt64(0)
	}
	tb.det.Set(p)
	if tb.det.Sign() < 0 {
		tb.det.Neg(&tb.det)
		for i := range tb.t {
			for j := range tb.t[i] {
				tb.t[i][j].Neg(&tb.t[i][j])
			}
		}
	}
	tb.basis[r] = s
	return nil
}

// Tolerances of the floating-point pass. Its answer is only a candidate
// basis, proved optimal or rejected exactly by certifyBasis, so they
// affect speed, never correctness.
const (
	floatPivotTol = 1e-9  // smallest pivot element
	floatCostTol  = 1e-9  // a reduced cost below -floatCostTol may enter
	floatZeroTol  = 1e-12 // a ratio this small makes a degenerate pivot
	floatFeasTol  = 1e-7  // phase 1 ends feasible above -floatFeasTol
)

// floatSimplex runs the two-phase method of solveLP in float64 on a copy
// of the initial integer tableau t0 (m rows and the objective row, ncol
// columns and the right-hand side; artificials from firstArt on) and
// returns the basis it ends at. ok is false if it finds the program
// infeasible or unbounded, or makes more than limit pivots: the exact
// method then decides. Each constraint row is divided by the largest
// absolute value among its variables' coefficients and right-hand side,
// and its slack, surplus or artificial column multiplied back (which
// changes neither the bases nor which of them are optimal).
func floatSimplex(ctx context.Context, t0 [][]big.Int, m, ncol, firstArt int, unit []int, cost []big.Int, limit int) (basis []int, pivots int, ok bool) {
	rhs := ncol
	// single[j]: column j has one nonzero, ±1 (slacks, surpluses,
	// artificials, and some variables); it is left unscaled.
	single := make([]bool, ncol)
	for j := range ncol {
		nz := 0
		for i := range m {
			if t0[i][j].Sign() != 0 {
				nz++
				if !t0[i][j].IsInt64() || (t0[i][j].Int64() != 1 && t0[i][j].Int64() != -1) {
					nz = 2
				}
			}
		}
		single[j] = nz == 1
	}
	t := make([][]float64, m+1)
	for i := range m {
		row := make([]float64, ncol+1)
		largest := 0.0
		for j := range row {
			if t0[i][j].Sign() == 0 {
				continue
			}
			row[j], _ = new(big.Float).SetInt(&t0[i][j]).Float64()
			if j == rhs || !single[j] {
				largest = max(largest, math.Abs(row[j]))
			}
		}
		if largest > 0 {
			for j := range row {
				if j == rhs || !single[j] {
					row[j] /= largest
				}
			}
		}
		t[i] = row
	}
	basis = append([]int(nil), unit...)
	t[m] = make([]float64, ncol+1)
	barred := make([]bool, ncol)

	setObjective := func(c []float64) {
		obj := t[m]
		for j := range obj {
			obj[j] = 0
			if j < ncol {
				obj[j] = -c[j]
			}
		}
		for i := range m {
			if cb := c[basis[i]]; cb != 0 {
				for j, v := range t[i] {
					obj[j] += cb * v
				}
			}
		}
	}
	pivot := func(r, s int) {
		prow := t[r]
		p := prow[s]
		for j := range prow {
			prow[j] /= p
		}
		prow[s] = 1
		for i := range t {
			if i == r {
				continue
			}
			f := t[i][s]
			if f == 0 {
				continue
			}
			row := t[i]
			for j, v := range prow {
				if v != 0 {
					row[j] -= f * v
				}
			}
			row[s] = 0
			if i < m && row[rhs] < 0 && row[rhs] > -floatZeroTol {
				row[rhs] = 0
			}
		}
		basis[r] = s
		pivots++
	}
	// run returns false when unbounded, over the limit or cancelled.
	// The entering column is Dantzig's; the leaving row is chosen by the
	// lexicographic rule: the smallest ratio, ties broken by comparing
	// the rows of the inverse basis (the initial unit columns) divided by
	// the pivot column, which keeps degenerate vertices from cycling.
	ties := make([]int, 0, m)
	run := func() bool {
		obj := t[m]
		for {
			if pivots >= limit || ctx.Err() != nil {
				return false
			}
			s := -1
			for j := range ncol {
				if barred[j] || obj[j] >= -floatCostTol {
					continue
				}
				if s < 0 || obj[j] < obj[s] {
					s = j
				}
			}
			if s < 0 {
				return true
			}
			best := math.Inf(1)
			for i := range m {
				if a := t[i][s]; a > floatPivotTol {
					best = min(best, t[i][rhs]/a)
				}
			}
			if math.IsInf(best, 1) {
				return false
			}
			ties = ties[:0]
			for i := range m {
				if a := t[i][s]; a > floatPivotTol && t[i][rhs]/a <= best+floatZeroTol*(1+best) {
					ties = append(ties, i)
				}
			}
			for k := 0; k < m && len(ties) > 1; k++ {
				u := unit[k]
				lo := math.Inf(1)
				for _, i := range ties {
					lo = min(lo, t[i][u]/t[i][s])
				}
				kept := ties[:0]
				for _, i := range ties {
					if t[i][u]/t[i][s] <= lo+floatZeroTol*(1+math.Abs(lo)) {
						kept = append(kept, i)
					}
				}
				ties = kept
			}
			pivot(ties[0], s)
		}
	}

	c := make([]float64, ncol)
	if firstArt < ncol {
		for j := firstArt; j < ncol; j++ {
			c[j] = -1
		}
		setObjective(c)
		if !run() || t[m][rhs] < -floatFeasTol {
			return nil, pivots, false
		}
		for i := range m {
			if basis[i] < firstArt {
				continue
			}
			s, largest := -1, floatPivotTol
			for j := range firstArt {
				if a := math.Abs(t[i][j]); a > largest {
					s, largest = j, a
				}
			}
			if s >= 0 {
				pivot(i, s)
			}
		}
		for j := firstArt; j < ncol; j++ {
			barred[j] = true
		}
	}
	scaleC := 0.0
	for j := range c {
		c[j], _ = new(big.Float).SetInt(&cost[j]).Float64()
		scaleC = max(scaleC, math.Abs(c[j]))
	}
	if scaleC > 0 {
		for j := range c {
			c[j] /= scaleC
		}
	}
	setObjective(c)
	if !run() {
		return nil, pivots, false
	}
	return basis, pivots, true
}

// certifyBasis decides exactly whether basis (one column per row of the
// initial integer tableau t0, as floatSimplex returns it) is an optimal
// basis of the program, and if so returns its solution: the variables x
// (the first n columns), the duals pi of the (scaled) rows and the
// objective value, all exact. Columns with a single nonzero in their row
// (slacks, surpluses and artificials, from column n on) are eliminated
// first, so only the square system of the basic variables and the rows
// without a basic slack is solved, by fraction-free Gaussian elimination.
// The basis is optimal when the basic solution is nonnegative with its
// artificials zero (primal feasible) and every reduced cost of a column
// that may enter is nonnegative (dual feasible).
func certifyBasis(ctx context.Context, t0 [][]big.Int, m, n, ncol, firstArt int, unit, aux []int, basis []int, cost []big.Int) (x, pi []*big.Rat, value *big.Rat, ok bool) {
	rhs := ncol
	rowOf := make([]int, ncol) // the row of a slack, surplus or artificial
	for i := range m {
		if aux[i] >= 0 {
			rowOf[aux[i]] = i
		}
		if unit[i] >= firstArt {
			rowOf[unit[i]] = i
		}
	}
	coveredBy := make([]int, m) // the basic slack-like column of a row, or -1
	for i := range coveredBy {
		coveredBy[i] = -1
	}
	var cols, rows []int
	for _, j := range basis {
		if j < n {
			cols = append(cols, j)
			continue
		}
		i := rowOf[j]
		if coveredBy[i] >= 0 {
			return nil, nil, nil, false
		}
		coveredBy[i] = j
	}
	for i := range m {
		if coveredBy[i] < 0 {
			rows = append(rows, i)
		}
	}
	k := len(cols)
	if len(rows) != k {
		return nil, nil, nil, false
	}
	bk := make([][]big.Int, k)
	bt := make([][]big.Int, k)
	for r := range k {
		bk[r] = make([]big.Int, k+1)
		bt[r] = make([]big.Int, k+1)
	}
	for r, i := range rows {
		for c, j := range cols {
			bk[r][c].Set(&t0[i][j])
			bt[c][r].Set(&t0[i][j])
		}
		bk[r][k].Set(&t0[i][rhs])
	}
	for c, j := range cols {
		bt[c][k].Set(&cost[j])
	}
	xn, d, ok := bareissSolve(ctx, bk)
	if !ok {
		return nil, nil, nil, false
	}
	for c := range xn {
		if xn[c].Sign() < 0 {
			return nil, nil, nil, false
		}
	}
	// The basic slack-like variables: e·(b_i·d − Σ t0[i][j]·x_j) ≥ 0,
	// and zero for artificials.
	v, tmp := new(big.Int), new(big.Int)
	for i := range m {
		j := coveredBy[i]
		if j < 0 {
			continue
		}
		v.Mul(&t0[i][rhs], d)
		for c, jc := range cols {
			if t0[i][jc].Sign() != 0 {
				v.Sub(v, tmp.Mul(&t0[i][jc], &xn[c]))
			}
		}
		if t0[i][j].Sign() < 0 {
			v.Neg(v)
		}
		if v.Sign() < 0 || j >= firstArt && v.Sign() != 0 {
			return nil, nil, nil, false
		}
	}
	pn, d2, ok := bareissSolve(ctx, bt)
	if !ok {
		return nil, nil, nil, false
	}
	basic := make([]bool, ncol)
	for _, j := range basis {
		basic[j] = true
	}
	for j := range firstArt {
		if basic[j] {
			continue
		}
		v.Mul(&cost[j], d2)
		v.Neg(v)
		for r, i := range rows {
			if t0[i][j].Sign() != 0 && pn[r].Sign() != 0 {
				v.Add(v, tmp.Mul(&pn[r], &t0[i][j]))
			}
		}
		if v.Sign() < 0 {
			return nil, nil, nil, false
		}
	}
	x = make([]*big.Rat, n)
	for j := range x {
		x[j] = new(big.Rat)
	}
	value = new(big.Rat)
	for c, j := range cols {
		x[j].SetFrac(&xn[c], d)
		value.Add(value, new(big.Rat).Mul(x[j], new(big.Rat).SetInt(&cost[j])))
	}
	pi = make([]*big.Rat, m)
	for i := range pi {
		pi[i] = new(big.Rat)
	}
	for r, i := range rows {
		pi[i].SetFrac(&pn[r], d2)
	}
	return x, pi, value, true
}

// bareissSolve solves the square system given as an augmented k×(k+1)
// integer matrix [B | b] (overwritten) by fraction-free Gaussian
// elimination (Bareiss 1968): it returns integers xn and d > 0 with
// B·xn = d·b, d = |det B|, or ok = false if B is singular or ctx is
// cancelled (checked at every elimination step).
func bareissSolve(ctx context.Context, a [][]big.Int) (xn []big.Int, d *big.Int, ok bool) {
	k := len(a)
	prev := big.NewInt(1)
	tmp, tmp2, rem := new(big.Int), new(big.Int), new(big.Int)
	for p := range k {
		if ctx.Err() != nil {
			return nil, nil, false
		}
		if a[p][p].Sign() == 0 {
			q := p + 1
			for q < k && a[q][p].Sign() == 0 {
				q++
			}
			if q == k {
				return nil, nil, false
			}
			a[p], a[q] = a[q], a[p]
		}
		piv := &a[p][p]
		for i := p + 1; i < k; i++ {
			f := &a[i][p]
			fzero := f.Sign() == 0
			for j := p + 1; j <= k; j++ {
				x := &a[i][j]
				if fzero || a[p][j].Sign() == 0 {
					if x.Sign() == 0 {
						continue
					}
					tmp2.Mul(x, piv)
				} else {
					tmp.Mul(f, &a[p][j])
					tmp2.Mul(x, piv)
					tmp2.Sub(tmp2, tmp)
				}
				x.QuoRem(tmp2, prev, rem)
			}
			f.SetInt64(0)
		}
		prev.Set(piv)
	}
	// a is upper triangular with a[k-1][k-1] = ±det B; back substitution
	// for xn = det·x, exactly divisible at each step (Cramer's rule).
	det := big.NewInt(1)
	if k > 0 {
		det.Set(&a[k-1][k-1])
	}
	xn = make([]big.Int, k)
	for i := k - 1; i >= 0; i-- {
		tmp2.Mul(&a[i][k], det)
		for j := i + 1; j < k; j++ {
			if a[i][j].Sign() != 0 && xn[j].Sign() != 0 {
				tmp2.Sub(tmp2, tmp.Mul(&a[i][j], &xn[j]))
			}
		}
		xn[i].QuoRem(tmp2, &a[i][i], rem)
		if rem.Sign() != 0 {
			return nil, nil, false // cannot happen for a nonsingular B
		}
	}
	if det.Sign() < 0 {
		det.Neg(det)
		for i := range xn {
			xn[i].Neg(&xn[i])
		}
	}
	return xn, det, true
}
