package game

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"
)

// This file holds the Lemke–Howson solver for two-player strategic games
// (LCP) and the pivoting tableaux it shares with the sequence-form solver
// in seqlcp.go. docs/games.md ("lcp") describes the method for users.

// LCPArithmetic selects how the LCP solvers pivot. Whatever it is, every
// equilibrium they return is exact and has been checked to have regret
// exactly zero.
type LCPArithmetic int

const (
	// LCPAuto pivots exactly for small games and in float64, with exact
	// recovery and verification, for large ones (see LCP).
	LCPAuto LCPArithmetic = iota
	// LCPExact pivots only in exact integer arithmetic.
	LCPExact
	// LCPFloat pivots in float64; a pivot whose choice is not clear in
	// floating point is decided exactly, the bases found are solved again
	// exactly, and each equilibrium is verified; an answer that does not
	// verify makes the solver start again in exact arithmetic. The
	// sequence-form solver (Extensive.LCP) always pivots exactly.
	LCPFloat
)

// LCPOptions configures LCP and Extensive.LCP.
type LCPOptions struct {
	// Count is the number of equilibria wanted. 1 follows a single path
	// (Gambit's `lcp -e 1`; Bulwark's command line asks for this by
	// default); 0 finds every equilibrium Gambit's lcp finds (the
	// "accessible" ones, reached by following every path from every
	// equilibrium found); N > 1 stops after N of those.
	Count int
	// MaxDepth bounds the depth of that recursion, as Gambit's lcp -r
	// does; 0 means no bound.
	MaxDepth int
	// MaxPivots bounds the number of pivots over the whole run; 0 means
	// DefaultLCPMaxPivots. A run that needs more returns an error.
	MaxPivots int
	// Arithmetic selects exact or floating-point pivoting.
	Arithmetic LCPArithmetic
}

// DefaultLCPMaxPivots is the pivot budget of a run when
// LCPOptions.MaxPivots is 0. Lemke–Howson paths can be exponentially long
// (Savani and von Stengel 2006), so some bound is needed.
const DefaultLCPMaxPivots = 2_000_000

// MaxLCPCells bounds the size of a bimatrix game LCP accepts: the number
// of strategy pairs n1·n2. Its two tableaux and their integer data take
// about 32 bytes per pair, more in exact arithmetic once the entries
// outgrow 64 bits.
const MaxLCPCells = 1 << 22

// lcpFloatFrom is the smallest n1+n2 for which LCPAuto pivots in float64.
const lcpFloatFrom = 96

var (
	// errUnbounded reports a ray: no row limits the entering variable.
	errUnbounded = errors.New("lcp: the entering variable is unbounded (ray termination)")
)

// lcpTab is one pivoting tableau: the rows of B⁻¹[N | b] for the current
// basis B, with variables named by nonzero integer labels.
type lcpTab interface {
	// isBasic reports whether the variable with the label is basic.
	isBasic(label int) bool
	// enter pivots the variable into the basis, choosing the leaving row
	// by the minimum-ratio test with lexicographic tie-breaking, and
	// returns the leaving variable's label.
	enter(label int) (int, error)
	clone() lcpTab
}

// ---------------------------------------------------------------------------
// Exact tableau: fraction-free integer pivoting.

// exTab is an exact tableau in fraction-free form (Edmonds 1967; Bareiss
// 1968): the stored integers are det·B⁻¹[N | b], where det > 0 is the
// absolute value of the current basis's determinant in the integer
// scaling of the input, so that every division in a pivot is exact. Each
// row's constraint has a slack variable; the tableau keeps only the
// nonbasic columns. The entries are held in the narrowest of three tiers
// that fits them all: int64 (with 128-bit products), 128-bit integers
// (with 256-bit products), or big.Int; a pivot that overflows its tier
// moves the tableau up, and one whose results fit a narrower tier moves
// it down again.
type exTab struct {
	m, nc, w int   // rows, nonbasic columns, row stride (nc+1: the last column is the right-hand side)
	rowLab   []int // label of each row's basic variable
	colLab   []int // label of each column's nonbasic variable
	slack    []int // label of each row's slack, in row order (never changes)
	// pos, by label+off: the variable's row (≥ 0) if basic, or
	// -(column+1) if nonbasic; has tells which labels the tableau holds.
	pos []int32
	has []bool
	off int
	// tieMax selects the tie-break of Gambit's Lemke–Howson tableau (keep
	// the rows maximising B⁻¹'s column over the entering column) rather
	// than that of its sequence-form tableau (keep the minimisers).
	tieMax bool

	tier   int
	small  []int64
	det    int64
	maxAbs uint64 // in tierSmall: the OR of every |entry| and det
	mid    []i128
	midDet i128
	big    []big.Int
	bigDet big.Int

	cand, best []int
	rowBuf     []int64
	midBuf     []i128
	t1, t2     big.Int
	zero       big.Int
}

// The tiers of an exTab's entries.
const (
	tierSmall = iota
	tierMid
	tierBig
)

// newExTab returns a tableau for the constraints data·z + s = rhs with all
// slacks basic. data has m rows of nc+1 integers, the last being the
// right-hand side; slack[r] is the label (< 0) of row r's slack and
// colLab[j] (> 0) that of column j's variable; labels lie in [-off, off].
func newExTab(data *intMat, slack, colLab []int, off int, tieMax bool) *exTab {
	m, nc := data.rows, data.cols-1
	t := &exTab{m: m, nc: nc, w: nc + 1, off: off, tieMax: tieMax}
	t.slack = append([]int(nil), slack...)
	t.rowLab = append([]int(nil), slack...)
	t.colLab = append([]int(nil), colLab...)
	t.pos = make([]int32, 2*off+1)
	t.has = make([]bool, 2*off+1)
	for r, l := range slack {
		t.pos[l+off] = int32(r)
		t.has[l+off] = true
	}
	for j, l := range colLab {
		t.pos[l+off] = int32(-(j + 1))
		t.has[l+off] = true
	}
	if data.small != nil {
		t.small = append([]int64(nil), data.small...)
		t.maxAbs = 1
		for _, v := range t.small {
			t.maxAbs |= absMask(v)
		}
		t.det = 1
	} else {
		t.tier = tierBig
		t.big = make([]big.Int, len(data.big))
		for i, x := range data.big {
			t.big[i].Set(x)
		}
		t.bigDet.SetInt64(1)
		t.demote()
	}
	return t
}

// intMat is a dense integer matrix, held in int64 when every entry fits
// (with |entry| < 2^62) and in big.Int otherwise.
type intMat struct {
	rows, cols int
	small      []int64
	big        []*big.Int
}

// newIntMat returns a matrix from big.Int entries in row order.
func newIntMat(rows, cols int, e []*big.Int) *intMat {
	m := &intMat{rows: rows, cols: cols}
	for _, x := range e {
		if x.BitLen() > 62 {
			m.big = e
			return m
		}
	}
	m.small = make([]int64, len(e))
	for i, x := range e {
		m.small[i] = x.Int64()
	}
	return m
}

// at returns entry (i, j); the result must not be modified.
func (m *intMat) at(i, j int) *big.Int {
	if m.small != nil {
		return big.NewInt(m.small[i*m.cols+j])
	}
	return m.big[i*m.cols+j]
}

// float returns entry (i, j) as the nearest float64.
func (m *intMat) float(i, j int) float64 {
	if m.small != nil {
		return float64(m.small[i*m.cols+j])
	}
	f, _ := new(big.Float).SetInt(m.big[i*m.cols+j]).Float64()
	return f
}

// absMask returns |v| as a uint64 (v > MinInt64).
func absMask(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

func (t *exTab) isBasic(label int) bool {
	i := label + t.off
	return i >= 0 && i < len(t.pos) && t.has[i] && t.pos[i] >= 0
}

func (t *exTab) clone() lcpTab {
	c := &exTab{m: t.m, nc: t.nc, w: t.w, slack: t.slack, has: t.has, off: t.off, tieMax: t.tieMax, tier: t.tier,
		det: t.det, maxAbs: t.maxAbs, midDet: t.midDet}
	c.rowLab = append([]int(nil), t.rowLab...)
	c.colLab = append([]int(nil), t.colLab...)
	c.pos = append([]int32(nil), t.pos...)
	switch t.tier {
	case tierSmall:
		c.small = append([]int64(nil), t.small...)
	case tierMid:
		c.mid = append([]i128(nil), t.mid...)
	default:
		c.big = make([]big.Int, len(t.big))
		for i := range t.big {
			c.big[i].Set(&t.big[i])
		}
		c.bigDet.Set(&t.bigDet)
	}
	return c
}

// tieCol returns, for row k's slack, the column of B⁻¹ that the
// lexicographic rule looks at: a tableau column j ≥ 0 when the slack is
// nonbasic, or -(p+1) for the unit column of a slack basic in row p.
func (t *exTab) tieCol(k int) int {
	p := int(t.pos[t.slack[k]+t.off])
	if p >= 0 {
		return -(p + 1)
	}
	return -p - 1
}

// sgn returns the sign of entry (r, j).
func (t *exTab) sgn(r, j int) int {
	switch t.tier {
	case tierSmall:
		return sign64(t.small[r*t.w+j])
	case tierMid:
		return t.mid[r*t.w+j].sign()
	}
	return t.big[r*t.w+j].Sign()
}

// cmpRatio compares e(r1, j)/T[r1][c] with e(r2, j)/T[r2][c], where both
// denominators are positive and e is the tableau, or for j < 0 the unit
// column of row -(j+1) scaled by det.
func (t *exTab) cmpRatio(r1, r2, j, c int) int {
	switch t.tier {
	case tierSmall:
		a, b := t.smallEntry(r1, j), t.small[r1*t.w+c]
		x, y := t.smallEntry(r2, j), t.small[r2*t.w+c]
		h1, l1 := smul128(a, y)
		h2, l2 := smul128(x, b)
		return cmp128(h1, l1, h2, l2)
	case tierMid:
		a, b := t.midEntry(r1, j), t.mid[r1*t.w+c]
		x, y := t.midEntry(r2, j), t.mid[r2*t.w+c]
		return cmp256(mul256(a, y), mul256(x, b))
	}
	a, b := t.bigEntry(r1, j), &t.big[r1*t.w+c]
	x, y := t.bigEntry(r2, j), &t.big[r2*t.w+c]
	t.t1.Mul(a, y)
	t.t2.Mul(x, b)
	return t.t1.Cmp(&t.t2)
}

func (t *exTab) smallEntry(r, j int) int64 {
	if j >= 0 {
		return t.small[r*t.w+j]
	}
	if r == -(j + 1) {
		return t.det
	}
	return 0
}

func (t *exTab) midEntry(r, j int) i128 {
	if j >= 0 {
		return t.mid[r*t.w+j]
	}
	if r == -(j + 1) {
		return t.midDet
	}
	return i128{}
}

func (t *exTab) bigEntry(r, j int) *big.Int {
	if j >= 0 {
		return &t.big[r*t.w+j]
	}
	if r == -(j + 1) {
		return &t.bigDet
	}
	return &t.zero
}

// leavingRow returns the row that leaves when column c enters, or -1 if
// no entry of the column is positive. Among the rows with the smallest
// ratio of right-hand side to column entry, ties are broken as Gambit
// breaks them, by B⁻¹'s columns in row order (Eaves' lexicographic rule,
// 1971), which makes the choice unique.
func (t *exTab) leavingRow(c int) int {
	cand := t.cand[:0]
	for r := 0; r < t.m; r++ {
		if t.sgn(r, c) > 0 {
			cand = append(cand, r)
		}
	}
	t.cand = cand
	if len(cand) == 0 {
		return -1
	}
	best := t.filter(cand, t.nc, c, false)
	for k := 0; len(best) > 1 && k < t.m; k++ {
		best = t.filter(best, t.tieCol(k), c, t.tieMax)
	}
	return best[0]
}

// filter returns the rows of rows (which must be t.cand) whose ratio
// e(r, j)/T[r][c] is smallest (or largest, with max).
func (t *exTab) filter(rows []int, j, c int, max bool) []int {
	best := t.best[:0]
	for _, r := range rows {
		if len(best) == 0 {
			best = append(best, r)
			continue
		}
		s := t.cmpRatio(r, best[0], j, c)
		if max {
			s = -s
		}
		switch {
		case s < 0:
			best = append(best[:0], r)
		case s == 0:
			best = append(best, r)
		}
	}
	// Swap the buffers, so that the next call reads t.cand again.
	t.best, t.cand = rows[:0], best
	return best
}

func (t *exTab) enter(label int) (int, error) {
	c, err := nonbasicColumn(t.pos, t.has, t.off, label)
	if err != nil {
		return 0, err
	}
	r := t.leavingRow(c)
	if r < 0 {
		return 0, errUnbounded
	}
	t.pivot(r, c)
	leave := t.rowLab[r]
	t.rowLab[r] = label
	t.colLab[c] = leave
	t.pos[label+t.off] = int32(r)
	t.pos[leave+t.off] = int32(-(c + 1))
	return leave, nil
}

// pivot exchanges row r's basic variable with column c's nonbasic one.
// With p = T[r][c] and d = det, every other entry becomes
// (p·T[i][j] − T[r][j]·T[i][c]) / d, exactly; column c takes −T[i][c]
// (and d in row r), and det becomes p.
func (t *exTab) pivot(r, c int) {
	if t.tier == tierSmall {
		upto := t.pivotSmall(r, c)
		if upto < 0 {
			return
		}
		t.toBig()
		t.revert(r, c, upto)
		t.toMid()
	}
	if t.tier == tierMid {
		upto := t.pivotMid(r, c)
		if upto < 0 {
			return
		}
		t.toBig()
		t.revert(r, c, upto)
	}
	t.pivotBig(r, c)
	t.demote()
}

// pivotSmall pivots in int64 and returns -1, or, when an entry does not
// fit, the row it was working on: rows before it have been pivoted,
// rows from it on not.
func (t *exTab) pivotSmall(r, c int) int {
	w, T := t.w, t.small
	p, d := T[r*w+c], t.det
	rowR := T[r*w : r*w+w]
	acc := t.maxAbs | absMask(p)
	if bits.Len64(t.maxAbs) <= 31 {
		// Every product fits in 62 bits: plain int64 arithmetic.
		for i := 0; i < t.m; i++ {
			if i == r {
				continue
			}
			row := T[i*w : i*w+w]
			f := row[c]
			if f == 0 {
				if p != d {
					for j, v := range row {
						if v != 0 {
							v = v * p / d
							row[j] = v
							acc |= absMask(v)
						}
					}
				}
				continue
			}
			if d == 1 {
				for j, v := range row {
					v = p*v - rowR[j]*f
					row[j] = v
					acc |= absMask(v)
				}
			} else {
				for j, v := range row {
					v = (p*v - rowR[j]*f) / d
					row[j] = v
					acc |= absMask(v)
				}
			}
			row[c] = -f
		}
	} else {
		if cap(t.rowBuf) < w {
			t.rowBuf = make([]int64, w)
		}
		buf := t.rowBuf[:w]
		// Exact division by d = 2^tz·odd: shift, then multiply by odd's
		// inverse modulo 2^64; the check q·odd = x confirms that the
		// quotient fits.
		tz := uint(bits.TrailingZeros64(uint64(d)))
		odd := d >> tz
		inv := inverse64(uint64(odd))
		for i := 0; i < t.m; i++ {
			if i == r {
				continue
			}
			row := T[i*w : i*w+w]
			f := row[c]
			for j, v := range row {
				ph, pl := smul128(p, v)
				qh, ql := smul128(rowR[j], f)
				lo, borrow := bits.Sub64(pl, ql, 0)
				hi := ph - qh - borrow
				xl, xh := lo, int64(hi)
				if tz > 0 {
					xl = lo>>tz | hi<<(64-tz)
					xh >>= tz
				}
				q := int64(xl * inv)
				if ch, cl := smul128(q, odd); cl != xl || int64(ch) != xh || q == math.MinInt64 {
					return i
				}
				buf[j] = q
				acc |= absMask(q)
			}
			copy(row, buf)
			row[c] = -f
		}
	}
	rowR[c] = d
	t.det = p
	t.maxAbs = acc
	return -1
}

// pivotMid is pivotSmall for 128-bit entries.
func (t *exTab) pivotMid(r, c int) int {
	w, T := t.w, t.mid
	p, d := T[r*w+c], t.midDet
	rowR := T[r*w : r*w+w]
	if cap(t.midBuf) < w {
		t.midBuf = make([]i128, w)
	}
	buf := t.midBuf[:w]
	tz := d.trailingZeros()
	odd := d.sar(tz)
	inv := odd.inverse()
	narrow := fitsSmall(d)
	for _, v := range rowR {
		narrow = narrow && fitsSmall(v)
	}
	for i := 0; i < t.m; i++ {
		if i == r {
			continue
		}
		row := T[i*w : i*w+w]
		f := row[c]
		for j, v := range row {
			x := sub256(mul256(p, v), mul256(rowR[j], f))
			x = sar256(x, tz)
			q := mullo128(i128{x[0], int64(x[1])}, inv)
			if mul256(q, odd) != x {
				return i
			}
			buf[j] = q
			narrow = narrow && fitsSmall(q)
		}
		copy(row, buf)
		row[c] = f.neg()
	}
	rowR[c] = d
	t.midDet = p
	if narrow {
		t.small = make([]int64, len(t.mid))
		acc := absMask(int64(t.midDet.lo))
		for k, v := range t.mid {
			t.small[k] = int64(v.lo)
			acc |= absMask(int64(v.lo))
		}
		t.det, t.maxAbs = int64(t.midDet.lo), acc
		t.mid, t.tier = nil, tierSmall
	}
	return -1
}

func (t *exTab) pivotBig(r, c int) {
	w, T := t.w, t.big
	var p, d big.Int
	p.Set(&T[r*w+c])
	d.Set(&t.bigDet)
	rowR := T[r*w : r*w+w]
	same := p.Cmp(&d) == 0
	x := &t.t1
	for i := 0; i < t.m; i++ {
		if i == r {
			continue
		}
		row := T[i*w : i*w+w]
		var f big.Int
		f.Set(&row[c])
		if f.Sign() == 0 {
			if !same {
				for j := range row {
					if row[j].Sign() != 0 {
						row[j].Mul(&row[j], &p)
						row[j].Quo(&row[j], &d)
					}
				}
			}
			continue
		}
		for j := range row {
			e := &row[j]
			if rowR[j].Sign() == 0 {
				if e.Sign() != 0 && !same {
					e.Mul(e, &p)
					e.Quo(e, &d)
				}
				continue
			}
			x.Mul(&rowR[j], &f)
			e.Mul(e, &p)
			e.Sub(e, x)
			e.Quo(e, &d)
		}
		row[c].Neg(&f)
	}
	rowR[c].Set(&d)
	t.bigDet.Set(&p)
}

// toBig moves the tableau's entries to big.Int.
func (t *exTab) toBig() {
	switch t.tier {
	case tierSmall:
		t.big = make([]big.Int, len(t.small))
		for k, v := range t.small {
			t.big[k].SetInt64(v)
		}
		t.bigDet.SetInt64(t.det)
		t.small = nil
	case tierMid:
		t.big = make([]big.Int, len(t.mid))
		for k, v := range t.mid {
			v.setBig(&t.big[k])
		}
		t.midDet.setBig(&t.bigDet)
		t.mid = nil
	}
	t.tier = tierBig
}

// toMid moves big.Int entries, which must fit, to 128 bits.
func (t *exTab) toMid() {
	t.mid = make([]i128, len(t.big))
	for k := range t.big {
		t.mid[k] = i128FromBig(&t.big[k])
	}
	t.midDet = i128FromBig(&t.bigDet)
	t.big, t.bigDet, t.tier = nil, big.Int{}, tierMid
}

// revert undoes, in big.Int form, a pivot at (r, c) that had updated
// rows 0..upto-1 (other than r): old T[i][j] = (d·new + T[r][j]·f)/p with
// f = −new T[i][c], the old T[i][c].
func (t *exTab) revert(r, c, upto int) {
	w := t.w
	var p, f, x big.Int
	p.Set(&t.big[r*w+c])
	d := &t.bigDet
	for i := 0; i < upto; i++ {
		if i == r {
			continue
		}
		f.Neg(&t.big[i*w+c])
		for j := 0; j < w; j++ {
			e := &t.big[i*w+j]
			if j == c {
				e.Set(&f)
				continue
			}
			x.Mul(&t.big[r*w+j], &f)
			e.Mul(e, d)
			e.Add(e, &x)
			e.Quo(e, &p)
		}
	}
}

// demote moves big.Int entries to the narrowest tier that fits them all.
func (t *exTab) demote() {
	n := t.bigDet.BitLen()
	for k := range t.big {
		n = max(n, t.big[k].BitLen())
	}
	switch {
	case n <= 62:
		t.small = make([]int64, len(t.big))
		acc := absMask(t.bigDet.Int64())
		for k := range t.big {
			v := t.big[k].Int64()
			t.small[k] = v
			acc |= absMask(v)
		}
		t.det, t.maxAbs = t.bigDet.Int64(), acc
		t.big, t.bigDet, t.tier = nil, big.Int{}, tierSmall
	case n <= 126:
		t.toMid()
	}
}

// value returns the value of the basic variable in row r as num/den
// (den > 0).
func (t *exTab) value(r int) (num, den *big.Int) {
	k := r*t.w + t.nc
	switch t.tier {
	case tierSmall:
		return big.NewInt(t.small[k]), big.NewInt(t.det)
	case tierMid:
		return t.mid[k].setBig(new(big.Int)), t.midDet.setBig(new(big.Int))
	}
	return new(big.Int).Set(&t.big[k]), new(big.Int).Set(&t.bigDet)
}

// smul128 returns a·b as a 128-bit two's-complement integer.
func smul128(a, b int64) (hi, lo uint64) {
	h, l := bits.Mul64(uint64(a), uint64(b))
	return h - uint64((a>>63)&b) - uint64((b>>63)&a), l
}

// inverse64 returns the inverse of an odd x modulo 2^64 (Newton's
// iteration doubles the number of correct low bits from 3).
func inverse64(x uint64) uint64 {
	y := x
	for range 5 {
		y *= 2 - x*y
	}
	return y
}

// cmp128 compares two 128-bit two's-complement integers.
func cmp128(h1, l1, h2, l2 uint64) int {
	switch {
	case int64(h1) < int64(h2):
		return -1
	case int64(h1) > int64(h2):
		return 1
	case l1 < l2:
		return -1
	case l1 > l2:
		return 1
	}
	return 0
}

// i128 is a 128-bit two's-complement integer.
type i128 struct {
	lo uint64
	hi int64
}

// u256 is a 256-bit two's-complement integer, least significant word first.
type u256 [4]uint64

func (a i128) sign() int {
	switch {
	case a.hi < 0:
		return -1
	case a.hi > 0 || a.lo != 0:
		return 1
	}
	return 0
}

func (a i128) neg() i128 {
	lo := ^a.lo + 1
	hi := ^a.hi
	if lo == 0 {
		hi++
	}
	return i128{lo, hi}
}

// fitsSmall reports whether a lies in (−2^62, 2^62).
func fitsSmall(a i128) bool {
	v := int64(a.lo)
	return a.hi == v>>63 && v > -(1<<62) && v < 1<<62
}

func (a i128) trailingZeros() uint {
	if a.lo != 0 {
		return uint(bits.TrailingZeros64(a.lo))
	}
	return 64 + uint(bits.TrailingZeros64(uint64(a.hi)))
}

// sar shifts right arithmetically by s < 128.
func (a i128) sar(s uint) i128 {
	switch {
	case s == 0:
		return a
	case s < 64:
		return i128{a.lo>>s | uint64(a.hi)<<(64-s), a.hi >> s}
	}
	return i128{uint64(a.hi >> (s - 64)), a.hi >> 63}
}

// mullo128 returns a·b modulo 2^128.
func mullo128(a, b i128) i128 {
	h, l := bits.Mul64(a.lo, b.lo)
	h += a.lo*uint64(b.hi) + uint64(a.hi)*b.lo
	return i128{l, int64(h)}
}

// inverse returns the inverse of an odd a modulo 2^128.
func (a i128) inverse() i128 {
	y := a
	two := i128{lo: 2}
	for range 6 {
		y = mullo128(y, sub128(two, mullo128(a, y)))
	}
	return y
}

func sub128(a, b i128) i128 {
	lo, borrow := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(uint64(a.hi), uint64(b.hi), borrow)
	return i128{lo, int64(hi)}
}

// mul256 returns a·b exactly.
func mul256(a, b i128) u256 {
	na, nb := a.hi < 0, b.hi < 0
	if na {
		a = a.neg()
	}
	if nb {
		b = b.neg()
	}
	a1, a0, b1, b0 := uint64(a.hi), a.lo, uint64(b.hi), b.lo
	h00, l00 := bits.Mul64(a0, b0)
	h01, l01 := bits.Mul64(a0, b1)
	h10, l10 := bits.Mul64(a1, b0)
	h11, l11 := bits.Mul64(a1, b1)
	var x u256
	x[0] = l00
	var c1, c2, c3 uint64
	x[1], c1 = bits.Add64(h00, l01, 0)
	x[1], c2 = bits.Add64(x[1], l10, 0)
	x[2], c3 = bits.Add64(h01, h10, c1)
	var c4 uint64
	x[2], c4 = bits.Add64(x[2], l11, c2)
	x[3] = h11 + c3 + c4
	if na != nb {
		x = neg256(x)
	}
	return x
}

func neg256(x u256) u256 {
	var c uint64 = 1
	for k := range x {
		x[k], c = bits.Add64(^x[k], 0, c)
	}
	return x
}

func sub256(x, y u256) u256 {
	var b uint64
	for k := range x {
		x[k], b = bits.Sub64(x[k], y[k], b)
	}
	return x
}

// sar256 shifts right arithmetically by s < 128.
func sar256(x u256, s uint) u256 {
	if s == 0 {
		return x
	}
	if s >= 64 {
		x = u256{x[1], x[2], x[3], uint64(int64(x[3]) >> 63)}
		s -= 64
		if s == 0 {
			return x
		}
	}
	return u256{x[0]>>s | x[1]<<(64-s), x[1]>>s | x[2]<<(64-s), x[2]>>s | x[3]<<(64-s), uint64(int64(x[3]) >> s)}
}

func cmp256(x, y u256) int {
	if int64(x[3]) != int64(y[3]) {
		if int64(x[3]) < int64(y[3]) {
			return -1
		}
		return 1
	}
	for k := 2; k >= 0; k-- {
		if x[k] != y[k] {
			if x[k] < y[k] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// setBig sets z to a and returns z.
func (a i128) setBig(z *big.Int) *big.Int {
	neg := a.hi < 0
	if neg {
		a = a.neg()
	}
	z.SetUint64(uint64(a.hi))
	z.Lsh(z, 64)
	var lo big.Int
	z.Or(z, lo.SetUint64(a.lo))
	if neg {
		z.Neg(z)
	}
	return z
}

// i128FromBig returns x, which must fit in 127 bits.
func i128FromBig(x *big.Int) i128 {
	var a big.Int
	a.Abs(x)
	lo := a.Uint64()
	a.Rsh(&a, 64)
	v := i128{lo, int64(a.Uint64())}
	if x.Sign() < 0 {
		v = v.neg()
	}
	return v
}

// ---------------------------------------------------------------------------
// Floating-point tableau.

// rvTab is a floating-point tableau for the constraints A·z + s = b (m rows,
// n variables), held in revised form: the basic variables S, the rows J
// whose slacks are nonbasic (|S| = |J| = k), the inverse of A[J][S]
// (k×k) and the basic variables' values. The rest of B⁻¹ follows from
// them: for a column v, (B⁻¹v)_S = A[J][S]⁻¹·v[J] and a basic slack's
// entry is v_i − A[i][S]·(B⁻¹v)_S. So a pivot costs O(m·k + k²), not the
// O(m·n) of a full tableau, which matters when the supports are small and
// the game is large. The inverse is updated at each pivot (bordered,
// shrunk, or changed by a rank-one term) and recomputed from A every
// rvRefactor pivots.
//
// A pivot whose leaving variable is clear by a margin is taken in
// floating point; when two or more candidates come within the margin of
// the minimum ratio (degenerate or nearly so), or an entry of the
// entering column is too small to sign, the choice is made exactly
// instead: the basis is solved exactly from the original integer data and
// the exact lexicographic rule applied (resolve). So the path is the
// exact one as long as floating-point errors stay below the margins.
type rvTab struct {
	m, n        int
	a           []float64 // m×n, row i scaled by scale[i]
	b           []float64
	orig        *intMat // the exact data, m × (n+1), right-hand side last; shared
	slack, vars []int   // labels of the rows' slacks and of the variables
	off         int
	idx         []int32 // by label+off: the row or variable index; shared
	tieMax      bool
	S, J        []int32
	posS, posJ  []int32   // by variable / row: position in S / J, or −1
	minv        []float64 // k×k: rows by S position, columns by J position
	xS          []float64 // values of S, by position
	sv          []float64 // values of the basic slacks, by row
	since       int       // pivots since the inverse was last recomputed
	dS, dSl     []float64 // scratch: the entering column in B⁻¹ terms
}

// rvRefactor is how many pivots an rvTab makes between recomputations of
// its inverse.
const rvRefactor = 64

// newRvTab returns a floating-point tableau for the exact data orig (see
// newExTab) with every slack basic.
func newRvTab(orig *intMat, slack, vars []int, off int, tieMax bool) *rvTab {
	m, n := orig.rows, orig.cols-1
	t := &rvTab{m: m, n: n, orig: orig, off: off, tieMax: tieMax, slack: slices.Clone(slack), vars: slices.Clone(vars)}
	t.a = make([]float64, m*n)
	t.b = make([]float64, m)
	for i := range m {
		scale := 0.0
		for j := 0; j <= n; j++ {
			scale = math.Max(scale, math.Abs(orig.float(i, j)))
		}
		if scale == 0 {
			scale = 1
		}
		for j := range n {
			t.a[i*n+j] = orig.float(i, j) / scale
		}
		t.b[i] = orig.float(i, n) / scale
	}
	t.idx = make([]int32, 2*off+1)
	for i, l := range slack {
		t.idx[l+off] = int32(i)
	}
	for j, l := range vars {
		t.idx[l+off] = int32(j)
	}
	t.posS = make([]int32, n)
	for j := range t.posS {
		t.posS[j] = -1
	}
	t.posJ = make([]int32, m)
	for i := range t.posJ {
		t.posJ[i] = -1
	}
	t.sv = slices.Clone(t.b)
	return t
}

func (t *rvTab) isBasic(label int) bool {
	if label > 0 {
		return t.posS[t.idx[label+t.off]] >= 0
	}
	return t.posJ[t.idx[label+t.off]] < 0
}

func (t *rvTab) clone() lcpTab {
	c := *t
	c.S, c.J = slices.Clone(t.S), slices.Clone(t.J)
	c.posS, c.posJ = slices.Clone(t.posS), slices.Clone(t.posJ)
	c.minv, c.xS, c.sv = slices.Clone(t.minv), slices.Clone(t.xS), slices.Clone(t.sv)
	c.dS, c.dSl = nil, nil
	return &c
}

// Tolerances of the floating-point ratio test. Entries of the entering
// column above flPivTol (relative to the column's largest) are positive,
// those at most flZeroTol are zero, and any between is decided exactly;
// candidates whose ratio is within flTieTol (relative) or flAbsTol of the
// smallest are compared exactly.
const (
	flPivTol  = 1e-9
	flZeroTol = 1e-13
	flTieTol  = 1e-7
	flAbsTol  = 1e-9
)

// rvCand is a basic variable in a ratio test: a position in S (slack
// false) or a row whose slack is basic (slack true).
type rvCand struct {
	at    int
	slack bool
}

func (t *rvTab) enter(label int) (int, error) {
	if label == 0 || label+t.off < 0 || label+t.off >= len(t.idx) || t.isBasic(label) {
		return 0, fmt.Errorf("lcp: internal error: variable %d cannot enter", label)
	}
	t.column(label)
	k := len(t.S)
	dS, dSl := t.dS, t.dSl
	colMax := 0.0
	for p := range k {
		colMax = math.Max(colMax, math.Abs(dS[p]))
	}
	for i := range t.m {
		if t.posJ[i] < 0 {
			colMax = math.Max(colMax, math.Abs(dSl[i]))
		}
	}
	tol, zero := flPivTol*math.Max(colMax, 1), flZeroTol*math.Max(colMax, 1)
	// Two passes over the basic variables: the least ratio among clear
	// candidates, then the suspects near it.
	each := func(f func(c rvCand, d, x float64)) {
		for p := range k {
			f(rvCand{p, false}, dS[p], t.xS[p])
		}
		for i := range t.m {
			if t.posJ[i] < 0 {
				f(rvCand{i, true}, dSl[i], t.sv[i])
			}
		}
	}
	best, theta, unsure := rvCand{at: -1}, math.Inf(1), false
	each(func(c rvCand, d, x float64) {
		if d > tol {
			if q := x / d; q < theta {
				best, theta = c, q
			}
		} else if math.Abs(d) > zero {
			unsure = true
		}
	})
	band := theta + flTieTol*math.Abs(theta) + flAbsTol
	var suspects []rvCand
	each(func(c rvCand, d, x float64) {
		switch {
		case d > tol:
			if c != best && x/d <= band {
				suspects = append(suspects, c)
			}
		case unsure && math.Abs(d) > zero:
			// Positive in exact arithmetic, its ratio is at least x/tol: a
			// contender only if x is that small.
			if best.at < 0 || x <= math.Abs(theta)*tol+flAbsTol {
				suspects = append(suspects, c)
			}
		}
	})
	if len(suspects) > 0 {
		if best.at >= 0 {
			suspects = append(suspects, best)
		}
		c, err := t.resolve(label, suspects)
		if err != nil {
			return 0, err
		}
		best = c
		if best.at >= 0 {
			if best.slack {
				theta = t.sv[best.at] / dSl[best.at]
			} else {
				theta = t.xS[best.at] / dS[best.at]
			}
		}
	}
	if best.at < 0 {
		return 0, errUnbounded
	}
	return t.pivot(label, best, theta), nil
}

// column sets dS and dSl to the entering variable's column in B⁻¹ terms.
func (t *rvTab) column(label int) {
	k, n := len(t.S), t.n
	if cap(t.dS) < min(t.m, t.n)+1 {
		t.dS = make([]float64, 0, min(t.m, t.n)+1)
	}
	if cap(t.dSl) < t.m {
		t.dSl = make([]float64, t.m)
	}
	dS, dSl := t.dS[:k], t.dSl[:t.m]
	t.dS = dS
	if label > 0 {
		e := int(t.idx[label+t.off])
		for p := range k {
			s := 0.0
			row := t.minv[p*k : p*k+k]
			for q, r := range t.J {
				s += row[q] * t.a[int(r)*n+e]
			}
			dS[p] = s
		}
		for i := range t.m {
			if t.posJ[i] >= 0 {
				continue
			}
			s := t.a[i*n+e]
			ai := t.a[i*n : i*n+n]
			for p, v := range t.S {
				s -= ai[v] * dS[p]
			}
			dSl[i] = s
		}
		return
	}
	pq := int(t.posJ[t.idx[label+t.off]])
	for p := range k {
		dS[p] = t.minv[p*k+pq]
	}
	for i := range t.m {
		if t.posJ[i] >= 0 {
			continue
		}
		s := 0.0
		ai := t.a[i*n : i*n+n]
		for p, v := range t.S {
			s -= ai[v] * dS[p]
		}
		dSl[i] = s
	}
}

// pivot brings the variable with the label in, at value theta, and takes
// the candidate c out, returning its label.
func (t *rvTab) pivot(label int, c rvCand, theta float64) int {
	k, n := len(t.S), t.n
	dS, dSl := t.dS, t.dSl
	for p := range k {
		t.xS[p] -= theta * dS[p]
	}
	for i := range t.m {
		if t.posJ[i] < 0 {
			t.sv[i] -= theta * dSl[i]
		}
	}
	var leave int
	if c.slack {
		leave = t.slack[c.at]
	} else {
		leave = t.vars[t.S[c.at]]
	}
	minv := t.minv
	switch {
	case label > 0 && c.slack:
		// Border: S gains the variable, J the row.
		il := c.at
		piv := dSl[il]
		w := t.rowTimesInverse(il, n, k)
		k1 := k + 1
		nm := make([]float64, k1*k1)
		for p := range k {
			for q := range k {
				nm[p*k1+q] = minv[p*k+q] + dS[p]*w[q]/piv
			}
			nm[p*k1+k] = -dS[p] / piv
		}
		for q := range k {
			nm[k*k1+q] = -w[q] / piv
		}
		nm[k*k1+k] = 1 / piv
		t.minv = nm
		e := t.idx[label+t.off]
		t.S = append(t.S, e)
		t.J = append(t.J, int32(il))
		t.posS[e] = int32(k)
		t.posJ[il] = int32(k)
		t.xS = append(t.xS, theta)
	case label > 0:
		// Replace a column: S's variable at c.at makes way.
		pl := c.at
		piv := dS[pl]
		rowL := minv[pl*k : pl*k+k]
		for q := range k {
			rowL[q] /= piv
		}
		for p := range k {
			if p == pl || dS[p] == 0 {
				continue
			}
			f := dS[p]
			row := minv[p*k : p*k+k]
			for q := range k {
				row[q] -= f * rowL[q]
			}
		}
		e := t.idx[label+t.off]
		t.posS[t.S[pl]] = -1
		t.S[pl] = e
		t.posS[e] = int32(pl)
		t.xS[pl] = theta
	case c.slack:
		// Replace a row: the entering slack's row leaves J, row c.at joins.
		il := c.at
		q0 := t.idx[label+t.off]
		pq := int(t.posJ[q0])
		piv := dSl[il]
		w := t.rowTimesInverse(il, n, k)
		w[pq]--
		for p := range k {
			f := dS[p] / piv
			if f == 0 {
				continue
			}
			row := minv[p*k : p*k+k]
			for q := range k {
				row[q] += f * w[q]
			}
		}
		t.posJ[q0] = -1
		t.J[pq] = int32(il)
		t.posJ[il] = int32(pq)
		t.sv[q0] = theta
	default:
		// Shrink: S loses the variable at c.at, J the entering slack's row.
		pl := c.at
		q0 := t.idx[label+t.off]
		pq := int(t.posJ[q0])
		h := minv[pl*k+pq]
		k1 := k - 1
		nm := make([]float64, k1*k1)
		for p, np := 0, 0; p < k; p++ {
			if p == pl {
				continue
			}
			f := minv[p*k+pq] / h
			for q, nq := 0, 0; q < k; q++ {
				if q == pq {
					continue
				}
				nm[np*k1+nq] = minv[p*k+q] - f*minv[pl*k+q]
				nq++
			}
			np++
		}
		t.minv = nm
		t.posS[t.S[pl]] = -1
		t.posJ[q0] = -1
		t.S = slices.Delete(t.S, pl, pl+1)
		t.xS = slices.Delete(t.xS, pl, pl+1)
		t.J = slices.Delete(t.J, pq, pq+1)
		for p, v := range t.S {
			t.posS[v] = int32(p)
		}
		for q, r := range t.J {
			t.posJ[r] = int32(q)
		}
		t.sv[q0] = theta
	}
	t.since++
	if t.since >= rvRefactor {
		t.refactor()
	}
	return leave
}

// refactor recomputes the inverse of A[J][S] by Gauss–Jordan elimination
// with partial pivoting, and the basic variables' values from it. A
// singular matrix (which floating point could bring) leaves the inverse
// as it was; the exact checks downstream catch any harm.
func (t *rvTab) refactor() {
	t.since = 0
	k, n := len(t.S), t.n
	if k == 0 {
		return
	}
	w := 2 * k
	m := make([]float64, k*w)
	for p, r := range t.J {
		for q, v := range t.S {
			m[p*w+q] = t.a[int(r)*n+int(v)]
		}
		m[p*w+k+p] = 1
	}
	for c := range k {
		piv, best := c, math.Abs(m[c*w+c])
		for r := c + 1; r < k; r++ {
			if v := math.Abs(m[r*w+c]); v > best {
				piv, best = r, v
			}
		}
		if best == 0 {
			return
		}
		if piv != c {
			for j := range w {
				m[c*w+j], m[piv*w+j] = m[piv*w+j], m[c*w+j]
			}
		}
		inv := 1 / m[c*w+c]
		for j := range w {
			m[c*w+j] *= inv
		}
		for r := range k {
			if r == c || m[r*w+c] == 0 {
				continue
			}
			f := m[r*w+c]
			for j := range w {
				m[r*w+j] -= f * m[c*w+j]
			}
		}
	}
	// m = [I | M⁻¹] with M's rows by J position, columns by S position:
	// M⁻¹'s rows are by S position, columns by J position.
	for p := range k {
		copy(t.minv[p*k:p*k+k], m[p*w+k:p*w+w])
	}
	for p := range k {
		s := 0.0
		for q, r := range t.J {
			s += t.minv[p*k+q] * t.b[r]
		}
		t.xS[p] = s
	}
	for i := range t.m {
		if t.posJ[i] >= 0 {
			continue
		}
		s := t.b[i]
		for p, v := range t.S {
			s -= t.a[i*n+int(v)] * t.xS[p]
		}
		t.sv[i] = s
	}
}

// resolve chooses exactly, among the candidates cs, the basic variable
// that leaves when the variable with the label enters: it solves the
// basis exactly from the original data and applies the minimum-ratio
// test and the lexicographic rule of exTab.leavingRow to the exact
// entries of B⁻¹. B·u = v reduces to orig[J][S]·u_S = v[J], and a basic
// slack's u_i is v_i less orig[i][S]·u_S.
func (t *rvTab) resolve(label int, cs []rvCand) (rvCand, error) {
	k := len(t.S)
	mat := make([][]*big.Int, k)
	for p, r := range t.J {
		mat[p] = make([]*big.Int, k)
		for q, v := range t.S {
			mat[p][q] = t.orig.at(int(r), int(v))
		}
	}
	adj, det, err := adjugate(mat)
	if err != nil {
		return rvCand{}, err
	}
	// solve returns det·(B⁻¹v) for the candidates.
	solve := func(v func(i int) *big.Int, cs []rvCand) []*big.Int {
		uS := make([]*big.Int, k)
		x := new(big.Int)
		for p := range k {
			s := new(big.Int)
			for q, r := range t.J {
				if e := v(int(r)); e.Sign() != 0 {
					s.Add(s, x.Mul(adj[p][q], e))
				}
			}
			uS[p] = s
		}
		out := make([]*big.Int, len(cs))
		for z, c := range cs {
			if !c.slack {
				out[z] = uS[c.at]
				continue
			}
			s := new(big.Int).Mul(det, v(c.at))
			for p, col := range t.S {
				if e := t.orig.at(c.at, int(col)); e.Sign() != 0 && uS[p].Sign() != 0 {
					s.Sub(s, x.Mul(e, uS[p]))
				}
			}
			out[z] = s
		}
		return out
	}
	unit := func(q int) func(i int) *big.Int {
		one, zero := big.NewInt(1), new(big.Int)
		return func(i int) *big.Int {
			if i == q {
				return one
			}
			return zero
		}
	}
	var enterCol func(i int) *big.Int
	if label > 0 {
		e := int(t.idx[label+t.off])
		enterCol = func(i int) *big.Int { return t.orig.at(i, e) }
	} else {
		enterCol = unit(int(t.idx[label+t.off]))
	}
	dcol := solve(enterCol, cs)
	var cand []rvCand
	var dc []*big.Int
	for z, c := range cs {
		if dcol[z].Sign() > 0 {
			cand = append(cand, c)
			dc = append(dc, dcol[z])
		}
	}
	if len(cand) == 0 {
		return rvCand{at: -1}, nil
	}
	// filter keeps the candidates whose ratio num/dc is least (or most).
	filter := func(num []*big.Int, max bool) {
		x, y := new(big.Int), new(big.Int)
		keep := []int{0}
		for q := 1; q < len(cand); q++ {
			b := keep[0]
			s := x.Mul(num[q], dc[b]).Cmp(y.Mul(num[b], dc[q]))
			if max {
				s = -s
			}
			switch {
			case s < 0:
				keep = append(keep[:0], q)
			case s == 0:
				keep = append(keep, q)
			}
		}
		nc, nd := make([]rvCand, len(keep)), make([]*big.Int, len(keep))
		for z, q := range keep {
			nc[z], nd[z] = cand[q], dc[q]
		}
		cand, dc = nc, nd
	}
	filter(solve(func(i int) *big.Int { return t.orig.at(i, t.n) }, cand), false)
	for q := 0; len(cand) > 1 && q < t.m; q++ {
		filter(solve(unit(q), cand), t.tieMax)
	}
	return cand[0], nil
}

// adjugate returns d·M⁻¹ and d, with d = |det M| > 0, for a square
// integer matrix M, by fraction-free Gauss–Jordan elimination (Bareiss
// 1968). It does not modify M.
func adjugate(mat [][]*big.Int) ([][]*big.Int, *big.Int, error) {
	k := len(mat)
	w := 2 * k
	m := make([][]*big.Int, k)
	for i := range m {
		m[i] = make([]*big.Int, w)
		for j := range k {
			m[i][j] = new(big.Int).Set(mat[i][j])
			m[i][k+j] = new(big.Int)
		}
		m[i][k+i].SetInt64(1)
	}
	prev := big.NewInt(1)
	x := new(big.Int)
	for c := 0; c < k; c++ {
		p := -1
		for r := c; r < k; r++ {
			if m[r][c].Sign() != 0 {
				p = r
				break
			}
		}
		if p < 0 {
			return nil, nil, errSingular
		}
		m[c], m[p] = m[p], m[c]
		piv := new(big.Int).Set(m[c][c])
		for r := 0; r < k; r++ {
			if r == c {
				continue
			}
			f := new(big.Int).Set(m[r][c])
			for j := 0; j < w; j++ {
				if j == c {
					continue
				}
				e := m[r][j]
				e.Mul(e, piv)
				e.Sub(e, x.Mul(m[c][j], f))
				e.Quo(e, prev)
			}
			m[r][c].SetInt64(0)
		}
		prev = piv
	}
	// Now m = [p·I | p·M⁻¹] with p = ±det M, the last pivot: each row's
	// diagonal entry is scaled by every later pivot over the one before.
	det := new(big.Int).Set(prev)
	adj := make([][]*big.Int, k)
	neg := det.Sign() < 0
	for i := range adj {
		adj[i] = m[i][k:]
		if m[i][i].Cmp(det) != 0 {
			return nil, nil, fmt.Errorf("lcp: internal error: fraction-free elimination")
		}
		if neg {
			for _, e := range adj[i] {
				e.Neg(e)
			}
		}
	}
	if neg {
		det.Neg(det)
	}
	return adj, det, nil
}

// ---------------------------------------------------------------------------
// Lemke–Howson for bimatrix games.

// LCP computes Nash equilibria of a two-player strategic game g by the
// Lemke–Howson algorithm (Lemke and Howson 1964), as Gambit's gambit-lcp
// does on a strategic game; docs/games.md ("lcp") has the details.
//
// The game becomes two tableaux, Gambit's: for player 2's strategies y,
// A·y + s = 1 with one row per strategy of player 1, and for player 1's
// x, Bᵀ·x + r = 1 with one row per strategy of player 2, where A and B
// are the payoffs less (min(0, least payoff of the game) − 1), so
// positive. Labels are numbered 1..n1 for player 1's strategies, n1+1..
// n1+n2 for player 2's. With opts.Count == 1 the solver follows the path
// that drops label 1 from the artificial equilibrium, as `gambit-lcp
// -e 1` does. Otherwise it enumerates what Gambit enumerates: from the
// artificial equilibrium and, recursively, from every new equilibrium
// found, it follows the path of every label (but the one it arrived by),
// and reports each complementary basis not seen before, in the order of
// that depth-first search, stopping after opts.Count if that is positive.
// These are the "accessible" equilibria, not necessarily all of them.
//
// Pivoting follows Gambit's rules exactly: the minimum-ratio test, with
// ties broken lexicographically by the columns of the basis inverse in
// row order (keeping the maximisers, as Gambit's Lemke–Howson tableau
// does), so the path, and the equilibria found, are Gambit's. In exact
// mode the tableaux are fraction-free integer tableaux (int64 with
// 128-bit products while the entries fit, then 128-bit entries, then
// big.Int), and the equilibria are exact by construction. In float mode
// (LCPFloat, or LCPAuto when n1+n2 ≥ 96) each tableau is kept in revised
// form in float64 (the inverse of the basis's k×k core, k the number of
// strategies in the support), so that a pivot costs O(n·k); a pivot whose
// leaving row is not clear by a margin is decided exactly from the
// integer data, and each basis found is solved exactly (its supports'
// indifference equations) and checked with g.Verify to have regret
// exactly zero; if that fails the run restarts in exact arithmetic.
//
// Limits: two players; n1·n2 ≤ MaxLCPCells; opts.MaxPivots pivots in all
// (DefaultLCPMaxPivots if 0). An exact pivot costs O(n1·n2) operations on
// integers whose size grows with the supports; a floating-point one
// O((n1+n2)·k). ctx is checked at every pivot.
func LCP(ctx context.Context, g *NormalForm, opts LCPOptions) ([]MixedProfile, error) {
	if g == nil || len(g.Players) != 2 {
		return nil, fmt.Errorf("lcp: Lemke–Howson needs a two-player game")
	}
	if opts.Count < 0 || opts.MaxDepth < 0 || opts.MaxPivots < 0 {
		return nil, fmt.Errorf("lcp: negative count, depth or pivot bound")
	}
	n1, n2 := len(g.Strategies[0]), len(g.Strategies[1])
	if n1 == 0 || n2 == 0 {
		return nil, fmt.Errorf("lcp: a player has no strategies")
	}
	if n1 > MaxLCPCells/n2 {
		return nil, fmt.Errorf("lcp: the game has %d×%d strategy pairs, more than the %d Lemke–Howson accepts", n1, n2, MaxLCPCells)
	}
	if len(g.payoffs) != 2*n1*n2 {
		return nil, fmt.Errorf("lcp: the game has %d payoffs for %d×%d strategies", len(g.payoffs), n1, n2)
	}
	lh := newLHProblem(g)
	mode := opts.Arithmetic
	if mode == LCPAuto {
		mode = LCPExact
		if n1+n2 >= lcpFloatFrom {
			mode = LCPFloat
		}
	}
	if mode == LCPFloat {
		eqs, err := lh.solve(ctx, opts, true)
		if err == nil {
			return eqs, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		// Anything else that went wrong in floating point (a basis that
		// does not verify, a path that ends on a ray or runs out of
		// pivots after a wrong turn) is retried exactly.
	}
	return lh.solve(ctx, opts, false)
}

// errNotVerified reports a floating-point answer that did not verify.
var errNotVerified = errors.New("lcp: the floating-point basis is not an exact equilibrium")

// lhProblem holds a bimatrix game's Lemke–Howson tableau data: d1 for
// Gambit's T1 (A·y + s = 1: n1 rows of player 1's shifted payoffs over
// player 2's strategies, then 1) and d2 for T2 (Bᵀ·x + r = 1).
type lhProblem struct {
	g      *NormalForm
	n1, n2 int
	d1, d2 *intMat
}

func newLHProblem(g *NormalForm) *lhProblem {
	n1, n2 := len(g.Strategies[0]), len(g.Strategies[1])
	p := &lhProblem{g: g, n1: n1, n2: n2}
	// The shift is min(0, least payoff) − 1, over the payoffs and, as
	// Gambit takes it, every outcome of the game; payoffs are scaled by
	// the common denominator to integers (a positive scale changes no
	// pivot).
	// Integer payoffs of moderate size (the common case) go straight to
	// int64.
	small := true
	lo64 := int64(0)
	note := func(x Number) {
		n, d, ok := x.Frac64()
		if !ok || d != 1 || n > 1<<60 || n < -(1<<60) {
			small = false
			return
		}
		lo64 = min(lo64, n)
	}
	for _, x := range g.payoffs {
		note(x)
	}
	for _, o := range g.Outcomes {
		for _, x := range o.Payoffs {
			note(x)
		}
	}
	if small {
		lo64--
		d1 := &intMat{rows: n1, cols: n2 + 1, small: make([]int64, n1*(n2+1))}
		d2 := &intMat{rows: n2, cols: n1 + 1, small: make([]int64, n2*(n1+1))}
		for j := range n2 {
			for i := range n1 {
				prof := i + j*n1 // player 1's strategy changes fastest
				u1, _, _ := g.payoffs[2*prof].Frac64()
				u2, _, _ := g.payoffs[2*prof+1].Frac64()
				d1.small[i*(n2+1)+j] = u1 - lo64
				d2.small[j*(n1+1)+i] = u2 - lo64
			}
			d2.small[j*(n1+1)+n1] = 1
		}
		for i := range n1 {
			d1.small[i*(n2+1)+n2] = 1
		}
		p.d1, p.d2 = d1, d2
		return p
	}
	var all []Number
	all = append(all, g.payoffs...)
	for _, o := range g.Outcomes {
		all = append(all, o.Payoffs...)
	}
	lo := new(big.Rat)
	lcm := big.NewInt(1)
	for _, x := range all {
		r := x.Rat()
		if r.Cmp(lo) < 0 {
			lo.Set(r)
		}
		if !r.IsInt() {
			d := r.Denom()
			gcd := new(big.Int).GCD(nil, nil, lcm, d)
			lcm.Mul(lcm, new(big.Int).Quo(d, gcd))
		}
	}
	lo.Sub(lo, big.NewRat(1, 1))
	lcmRat := new(big.Rat).SetInt(lcm)
	shift := func(x Number) *big.Int {
		r := new(big.Rat).Sub(x.Rat(), lo)
		r.Mul(r, lcmRat)
		return new(big.Int).Set(r.Num()) // an integer: lcm clears every denominator
	}
	e1 := make([]*big.Int, n1*(n2+1))
	e2 := make([]*big.Int, n2*(n1+1))
	one := big.NewInt(1)
	s := []int{0, 0}
	for i := range n1 {
		for j := range n2 {
			s[0], s[1] = i, j
			prof := g.Profile(s)
			e1[i*(n2+1)+j] = shift(g.Payoff(prof, 0))
			e2[j*(n1+1)+i] = shift(g.Payoff(prof, 1))
		}
		e1[i*(n2+1)+n2] = one
	}
	for j := range n2 {
		e2[j*(n1+1)+n1] = one
	}
	p.d1 = newIntMat(n1, n2+1, e1)
	p.d2 = newIntMat(n2, n1+1, e2)
	return p
}

// tableaux returns the two tableaux at the artificial equilibrium: t[0]
// is Gambit's T1 (rows: player 1's strategies, slack labels −1..−n1;
// columns: y with labels n1+1..n1+n2), t[1] its T2 (rows: player 2's
// strategies, slack labels −(n1+1)..; columns: x with labels 1..n1).
func (p *lhProblem) tableaux(float bool) [2]lcpTab {
	n1, off := p.n1, p.n1+p.n2
	build := func(d *intMat, slackBase, colBase int) lcpTab {
		slack := make([]int, d.rows)
		for r := range slack {
			slack[r] = -(slackBase + r + 1)
		}
		cols := make([]int, d.cols-1)
		for j := range cols {
			cols[j] = colBase + j + 1
		}
		if float {
			return newRvTab(d, slack, cols, off, true)
		}
		return newExTab(d, slack, cols, off, true)
	}
	return [2]lcpTab{build(p.d1, 0, n1), build(p.d2, n1, 0)}
}

// lhRun is one run of the Lemke–Howson search.
type lhRun struct {
	ctx       context.Context
	p         *lhProblem
	opts      LCPOptions
	float     bool
	pivots    int
	maxPivots int
	seen      map[string]bool
	eqs       []MixedProfile
}

// errLimit stops the search once Count equilibria are found.
var errLimit = errors.New("lcp: equilibrium limit reached")

func (p *lhProblem) solve(ctx context.Context, opts LCPOptions, float bool) ([]MixedProfile, error) {
	run := &lhRun{ctx: ctx, p: p, opts: opts, float: float, maxPivots: opts.MaxPivots, seen: map[string]bool{}}
	if run.maxPivots == 0 {
		run.maxPivots = DefaultLCPMaxPivots
	}
	t := p.tableaux(float)
	if opts.Count == 1 {
		if err := run.path(&t, 1); err != nil {
			return nil, err
		}
		if _, err := run.onBFS(&t); err != nil && !errors.Is(err, errLimit) {
			return nil, err
		}
		return run.eqs, nil
	}
	if err := run.all(&t, 0, 0); err != nil && !errors.Is(err, errLimit) {
		return nil, err
	}
	return run.eqs, nil
}

// owner returns which tableau holds the variable with the label.
func (r *lhRun) owner(label int) int {
	n1 := r.p.n1
	if label > 0 {
		if label <= n1 {
			return 1
		}
		return 0
	}
	if -label <= n1 {
		return 0
	}
	return 1
}

// path follows the Lemke–Howson path that drops label dup: the variable
// labelled dup (or its slack, if the variable is basic) enters, then the
// complement of each leaving variable, until dup or its complement leaves.
func (r *lhRun) path(t *[2]lcpTab, dup int) error {
	enter := dup
	if t[r.owner(dup)].isBasic(dup) {
		enter = -dup
	}
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if r.pivots >= r.maxPivots {
			return fmt.Errorf("lcp: more than %d pivots", r.maxPivots)
		}
		r.pivots++
		leave, err := t[r.owner(enter)].enter(enter)
		if err != nil {
			return err
		}
		if leave == dup || leave == -dup {
			return nil
		}
		enter = -leave
	}
}

// all is Gambit's AllLemke: at depth > 0 it records the equilibrium of t,
// then from t follows the path of every label but j.
func (r *lhRun) all(t *[2]lcpTab, j, depth int) error {
	if r.opts.MaxDepth != 0 && depth > r.opts.MaxDepth {
		return nil
	}
	if depth > 0 {
		cont, err := r.onBFS(t)
		if err != nil || !cont {
			return err
		}
	}
	for i := 1; i <= r.p.n1+r.p.n2; i++ {
		if i == j {
			continue
		}
		c := [2]lcpTab{t[0].clone(), t[1].clone()}
		if err := r.path(&c, i); err != nil {
			return err
		}
		if err := r.all(&c, i, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// onBFS records the equilibrium of a complementary basis unless its
// basic strategy variables were seen before or it is the artificial one;
// it reports whether the search goes on from here.
func (r *lhRun) onBFS(t *[2]lcpTab) (bool, error) {
	n := r.p.n1 + r.p.n2
	var key strings.Builder
	for l := 1; l <= n; l++ {
		if t[r.owner(l)].isBasic(l) {
			key.WriteByte('1')
		} else {
			key.WriteByte('0')
		}
	}
	k := key.String()
	if r.seen[k] {
		return false, nil
	}
	r.seen[k] = true
	prof, trivial, err := r.profile(t)
	if err != nil {
		return false, err
	}
	if trivial {
		return false, nil
	}
	r.eqs = append(r.eqs, prof)
	if r.opts.Count > 0 && len(r.eqs) >= r.opts.Count {
		return false, errLimit
	}
	return true, nil
}

// profile returns the mixed profile of a complementary basis, exactly,
// verified, or trivial = true for the artificial equilibrium.
func (r *lhRun) profile(t *[2]lcpTab) (MixedProfile, bool, error) {
	var prof MixedProfile
	if r.float {
		x, ok, err := r.recover(t[1].(*rvTab))
		if err != nil || !ok {
			return nil, !ok, err
		}
		y, ok, err := r.recover(t[0].(*rvTab))
		if err != nil {
			return nil, false, err
		}
		if !ok {
			return nil, false, errNotVerified
		}
		prof = MixedProfile{x, y}
	} else {
		x := exactStrategy(t[1].(*exTab), 1, r.p.n1)
		if x == nil {
			return nil, true, nil
		}
		y := exactStrategy(t[0].(*exTab), r.p.n1+1, r.p.n2)
		if y == nil {
			return nil, false, fmt.Errorf("lcp: internal error: basis with no strategy of player 2")
		}
		prof = MixedProfile{x, y}
	}
	if r.float {
		// The exact solution of a basis found in floating point is an
		// equilibrium only if that basis is feasible and complementary
		// in exact arithmetic too: check.
		reg, err := r.p.g.Verify(prof)
		if err != nil {
			return nil, false, err
		}
		if reg.Max.Sign() != 0 {
			return nil, false, errNotVerified
		}
	}
	return prof, false, nil
}

// exactStrategy reads the mixed strategy over variables first..first+n-1
// from a tableau: each basic variable's value over their sum. It returns
// nil when the values sum to zero.
func exactStrategy(t *exTab, first, n int) []Number {
	vals := make([]*big.Int, n)
	sum := new(big.Int)
	for k := range n {
		l := first + k
		if !t.isBasic(l) {
			continue
		}
		num, _ := t.value(int(t.pos[l+t.off]))
		vals[k] = num
		sum.Add(sum, num)
	}
	if sum.Sign() == 0 {
		return nil
	}
	out := make([]Number, n)
	for k, v := range vals {
		if v == nil || v.Sign() == 0 {
			out[k] = Number{}
			continue
		}
		out[k] = NumberFromRat(new(big.Rat).SetFrac(v, sum))
	}
	return out
}

// recover solves a floating-point tableau's basis exactly: with S its
// basic variables and J the rows whose slacks are nonbasic, it solves
// orig[J][S]·z = rhs[J] and returns z normalised to sum 1, one entry per
// variable. ok is false for a basis with no variable or with no exact
// solution.
func (r *lhRun) recover(t *rvTab) ([]Number, bool, error) {
	if len(t.S) == 0 {
		return nil, false, nil
	}
	m := make([][]*big.Int, len(t.J))
	for a, row := range t.J {
		m[a] = make([]*big.Int, len(t.S)+1)
		for b, col := range t.S {
			m[a][b] = new(big.Int).Set(t.orig.at(int(row), int(col)))
		}
		m[a][len(t.S)] = new(big.Int).Set(t.orig.at(int(row), t.n))
	}
	z, err := solveExact(r.ctx, m)
	if err != nil {
		if errors.Is(err, errSingular) {
			return nil, false, errNotVerified
		}
		return nil, false, err
	}
	sum := new(big.Rat)
	for _, v := range z {
		if v.Sign() < 0 {
			return nil, false, errNotVerified
		}
		sum.Add(sum, v)
	}
	if sum.Sign() == 0 {
		return nil, false, errNotVerified
	}
	out := make([]Number, t.n)
	for b, col := range t.S {
		out[col] = NumberFromRat(new(big.Rat).Quo(z[b], sum))
	}
	return out, true, nil
}

// errSingular reports a singular system in solveExact.
var errSingular = errors.New("lcp: singular system")

// solveExact solves the square system given as an augmented integer
// matrix m (k rows of k+1 entries) by fraction-free Gaussian elimination
// (Bareiss 1968) and back substitution. It modifies m.
func solveExact(ctx context.Context, m [][]*big.Int) ([]*big.Rat, error) {
	k := len(m)
	prev := big.NewInt(1)
	x, y := new(big.Int), new(big.Int)
	for c := 0; c < k; c++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := -1
		for r := c; r < k; r++ {
			if m[r][c].Sign() != 0 {
				p = r
				break
			}
		}
		if p < 0 {
			return nil, errSingular
		}
		m[c], m[p] = m[p], m[c]
		piv := m[c][c]
		for r := c + 1; r < k; r++ {
			f := m[r][c]
			for j := c + 1; j <= k; j++ {
				x.Mul(piv, m[r][j])
				y.Mul(m[c][j], f)
				x.Sub(x, y)
				m[r][j] = new(big.Int).Quo(x, prev)
			}
			m[r][c] = new(big.Int)
		}
		prev = piv
	}
	z := make([]*big.Rat, k)
	t := new(big.Rat)
	for r := k - 1; r >= 0; r-- {
		s := new(big.Rat).SetInt(m[r][k])
		for j := r + 1; j < k; j++ {
			s.Sub(s, t.Mul(new(big.Rat).SetInt(m[r][j]), z[j]))
		}
		z[r] = s.Quo(s, new(big.Rat).SetInt(m[r][r]))
	}
	return z, nil
}

// rowTimesInverse returns row il of the tableau, restricted to the basis
// core's columns t.S, times the core's inverse (k×k, row-major in t.minv).
func (t *rvTab) rowTimesInverse(il, n, k int) []float64 {
	w := make([]float64, k)
	ai := t.a[il*n : il*n+n]
	for p, v := range t.S {
		f := ai[v]
		if f == 0 {
			continue
		}
		row := t.minv[p*k : p*k+k]
		for q := range k {
			w[q] += f * row[q]
		}
	}
	return w
}

// nonbasicColumn returns the column of the nonbasic variable with the given
// label in a tableau that keeps, by label+off, whether the label exists
// (has) and its position (pos: row ≥ 0 when basic, −column−1 when not).
func nonbasicColumn(pos []int32, has []bool, off, label int) (int, error) {
	i := label + off
	if i < 0 || i >= len(pos) || !has[i] || pos[i] >= 0 {
		return 0, fmt.Errorf("lcp: internal error: variable %d cannot enter", label)
	}
	return int(-pos[i]) - 1, nil
}
