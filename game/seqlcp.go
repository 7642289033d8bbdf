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

// This file holds the sequence-form LCP solver for two-player extensive
// games (Extensive.LCP) and the sparse exact tableau it pivots on.
// docs/games.md ("lcp") describes the method for users.

// MaxSeqLCPSize bounds the dimension of the sequence-form LCP that
// Extensive.LCP builds: sequences plus information sets of both players,
// plus two.
const MaxSeqLCPSize = 1 << 20

// MaxSeqLCPEntries bounds the number of nonzero entries its sparse tableau
// may hold (fill-in grows with pivoting); a run that needs more stops with
// an error. Each entry takes about 12 bytes.
const MaxSeqLCPEntries = 1 << 26

// spLim bounds the magnitude of int64 entries of a sparse row.
const spLim = 1 << 62

// spRow is one row of a sparse exact tableau: the value of the entry in
// column col[k] is num[k]/den, the right-hand side rhs/den, den > 0, and
// the integers have no common factor. Rows whose integers do not fit in
// (−2^62, 2^62) hold them in bn (numerators, then rhs, then den) instead.
type spRow struct {
	col []int32
	num []int64
	rhs int64
	den int64
	bn  []*big.Int
}

func (r *spRow) find(c int32) (int, bool) {
	return slices.BinarySearch(r.col, c)
}

func (r *spRow) bigRhs() *big.Int {
	if r.bn != nil {
		return r.bn[len(r.col)]
	}
	return big.NewInt(r.rhs)
}

func (r *spRow) bigDen() *big.Int {
	if r.bn != nil {
		return r.bn[len(r.col)+1]
	}
	return big.NewInt(r.den)
}

// sign returns the sign of the entry in column c.
func (r *spRow) sign(c int32) int {
	k, ok := r.find(c)
	if !ok {
		return 0
	}
	if r.bn != nil {
		return r.bn[k].Sign()
	}
	return sign64(r.num[k])
}

func (r *spRow) clone() spRow {
	c := spRow{col: slices.Clone(r.col), num: slices.Clone(r.num), rhs: r.rhs, den: r.den}
	if r.bn != nil {
		c.bn = make([]*big.Int, len(r.bn))
		for k, x := range r.bn {
			c.bn[k] = new(big.Int).Set(x)
		}
	}
	return c
}

// toBig gives the row big.Int form.
func (r *spRow) toBig() {
	if r.bn != nil {
		return
	}
	r.bn = make([]*big.Int, len(r.col)+2)
	for k, v := range r.num {
		r.bn[k] = big.NewInt(v)
	}
	r.bn[len(r.col)] = big.NewInt(r.rhs)
	r.bn[len(r.col)+1] = big.NewInt(r.den)
	r.num = nil
}

// normalize divides the row by the greatest common divisor of its
// integers, makes den positive, and returns to int64 form when they fit.
func (r *spRow) normalize() {
	if r.bn == nil {
		if r.den < 0 {
			r.den, r.rhs = -r.den, -r.rhs
			for k := range r.num {
				r.num[k] = -r.num[k]
			}
		}
		g := uint64(r.den)
		g = gcd64(g, absMask(r.rhs))
		for _, v := range r.num {
			if g == 1 {
				return
			}
			g = gcd64(g, absMask(v))
		}
		if g > 1 {
			d := int64(g)
			r.den /= d
			r.rhs /= d
			for k := range r.num {
				r.num[k] /= d
			}
		}
		return
	}
	den := r.bn[len(r.bn)-1]
	if den.Sign() < 0 {
		for _, x := range r.bn {
			x.Neg(x)
		}
	}
	g := new(big.Int).Set(den)
	for _, x := range r.bn[:len(r.bn)-1] {
		if g.IsInt64() && g.Int64() == 1 {
			break
		}
		if x.Sign() != 0 {
			g.GCD(nil, nil, g, new(big.Int).Abs(x))
		}
	}
	if !(g.IsInt64() && g.Int64() == 1) {
		for _, x := range r.bn {
			x.Quo(x, g)
		}
	}
	for _, x := range r.bn {
		if x.BitLen() > 61 {
			return
		}
	}
	r.num = make([]int64, len(r.col))
	for k := range r.num {
		r.num[k] = r.bn[k].Int64()
	}
	r.rhs = r.bn[len(r.col)].Int64()
	r.den = r.bn[len(r.col)+1].Int64()
	r.bn = nil
}

func mul62(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(absMask(a), absMask(b))
	if hi != 0 || lo >= spLim {
		return 0, false
	}
	if (a < 0) != (b < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

// lin returns a·x − b·y for entries of magnitude below 2^62.
func lin(a, x, b, y int64) (int64, bool) {
	p, ok1 := mul62(a, x)
	q, ok2 := mul62(b, y)
	if !ok1 || !ok2 {
		return 0, false
	}
	s := p - q
	if s >= spLim || s <= -spLim {
		return 0, false
	}
	return s, true
}

// spTab is a sparse exact tableau B⁻¹[N | b], row by row (spRow), with
// the labels, lexicographic ratio test and pivoting rules of exTab. Rows
// whose entry in the pivot column is zero are left untouched, so a pivot
// costs time in proportion to the entries of the rows it changes.
type spTab struct {
	m, nc  int
	rows   []spRow
	rowLab []int
	colLab []int
	slack  []int // label of each row's slack (never changes)
	pos    []int32
	has    []bool
	off    int
	tieMax bool
	nnz    int // entries held in all rows
	// limits
	maxNNZ int
	// scratch
	cidx []int32
	cnum []int64
	// lexicographic comparisons
	bv             []lexEnt
	lexAt          []lexEnt
	stampA, stampB []uint32
	epochA, epochB uint32
	// slackIdx, by label+off: the row whose slack has that label.
	slackIdx []int32
}

// newSpTab returns a tableau for data·z + s = rhs with all slacks basic;
// rows[r] lists row r's nonzero entries by column, with right-hand side
// rhs[r]; labels as for newExTab.
func newSpTab(rows []spRow, slack, colLab []int, off int, tieMax bool) *spTab {
	t := &spTab{m: len(rows), nc: len(colLab), rows: rows, off: off, tieMax: tieMax, maxNNZ: MaxSeqLCPEntries}
	t.slack = slices.Clone(slack)
	t.rowLab = slices.Clone(slack)
	t.colLab = slices.Clone(colLab)
	t.pos = make([]int32, 2*off+1)
	t.has = make([]bool, 2*off+1)
	t.slackIdx = make([]int32, 2*off+1)
	for r, l := range slack {
		t.pos[l+off] = int32(r)
		t.has[l+off] = true
		t.slackIdx[l+off] = int32(r)
	}
	for j, l := range colLab {
		t.pos[l+off] = int32(-(j + 1))
		t.has[l+off] = true
	}
	for i := range rows {
		t.nnz += len(rows[i].col)
	}
	return t
}

func (t *spTab) isBasic(label int) bool {
	i := label + t.off
	return i >= 0 && i < len(t.pos) && t.has[i] && t.pos[i] >= 0
}

func (t *spTab) cloneSp() *spTab {
	c := &spTab{m: t.m, nc: t.nc, slack: t.slack, has: t.has, slackIdx: t.slackIdx, off: t.off, tieMax: t.tieMax, nnz: t.nnz, maxNNZ: t.maxNNZ}
	c.rowLab = slices.Clone(t.rowLab)
	c.colLab = slices.Clone(t.colLab)
	c.pos = slices.Clone(t.pos)
	c.rows = make([]spRow, len(t.rows))
	for i := range t.rows {
		c.rows[i] = t.rows[i].clone()
	}
	return c
}

// cmpRatio compares x1/y1 with x2/y2 for y1, y2 > 0.
func cmpRatio(x1, y1, x2, y2 *big.Int) int {
	var a, b big.Int
	return a.Mul(x1, y2).Cmp(b.Mul(x2, y1))
}

// spRatio holds one candidate row of a ratio test: its entry in the
// entering column, as int64 when small.
type spRatio struct {
	row   int
	small bool
	e     int64
	be    *big.Int
}

// leavingRow is exTab.leavingRow for the sparse tableau.
func (t *spTab) leavingRow(c int) int {
	cc := int32(c)
	var cand []spRatio
	for i := range t.rows {
		r := &t.rows[i]
		k, ok := r.find(cc)
		if !ok {
			continue
		}
		if r.bn != nil {
			if r.bn[k].Sign() > 0 {
				cand = append(cand, spRatio{row: i, be: r.bn[k]})
			}
		} else if r.num[k] > 0 {
			cand = append(cand, spRatio{row: i, small: true, e: r.num[k]})
		}
	}
	if len(cand) == 0 {
		return -1
	}
	// The minimum-ratio test: keep the rows with the least rhs/entry.
	rhs := func(k spRatio) (int64, *big.Int) {
		r := &t.rows[k.row]
		if r.bn != nil {
			return 0, r.bigRhs()
		}
		return r.rhs, nil
	}
	keep := cand[:1]
	for _, k := range cand[1:] {
		b := keep[0]
		kn, kb := rhs(k)
		bn, bb := rhs(b)
		var s int
		if kb == nil && bb == nil && k.small && b.small {
			h1, l1 := smul128(kn, b.e)
			h2, l2 := smul128(bn, k.e)
			s = cmp128(h1, l1, h2, l2)
		} else {
			if kb == nil {
				kb = big.NewInt(kn)
			}
			if bb == nil {
				bb = big.NewInt(bn)
			}
			s = cmpRatio(kb, k.bigE(), bb, b.bigE())
		}
		switch {
		case s < 0:
			keep = append(keep[:0], k)
		case s == 0:
			keep = append(keep, k)
		}
	}
	cand = keep
	if len(cand) == 1 {
		return cand[0].row
	}
	// The lexicographic rule compares the candidates' rows of B⁻¹ (over
	// their entries in the entering column) column by column in row
	// order, keeping the least (or, with tieMax, the greatest) at each
	// column: that leaves the lexicographic minimum (maximum), found here
	// by comparing sparse rows pairwise. Row i of B⁻¹ has, in the column
	// of row q's slack, the tableau entry if that slack is nonbasic, 1 if
	// it is basic in row i, and 0 otherwise.
	if len(t.lexAt) < t.m {
		t.lexAt = make([]lexEnt, t.m)
		t.stampA = make([]uint32, t.m)
		t.stampB = make([]uint32, t.m)
	}
	best := cand[0]
	bv := t.lexVec(best.row, t.bv[:0])
	t.scatter(bv)
	var kv []lexEnt
	for _, k := range cand[1:] {
		kv = t.lexVec(k.row, kv[:0])
		s := t.lexCmp(k, kv, best, bv)
		if t.tieMax {
			s = -s
		}
		if s < 0 {
			best = k
			bv, kv = kv, bv
			t.scatter(bv)
		}
	}
	t.bv = bv
	return best.row
}

// scatter records row v of B⁻¹ by column, for lexCmp.
func (t *spTab) scatter(v []lexEnt) {
	t.epochA++
	for _, e := range v {
		t.lexAt[e.q] = e
		t.stampA[e.q] = t.epochA
	}
}

// lexCmp compares the rows va/a.e and vb/b.e of B⁻¹ lexicographically,
// vb being the one last scattered: the first column where they differ
// decides. The entries need not be sorted.
func (t *spTab) lexCmp(a spRatio, va []lexEnt, b spRatio, vb []lexEnt) int {
	t.epochB++
	first, sign := int32(math.MaxInt32), 0
	var zero lexEnt
	for k := range va {
		x := &va[k]
		t.stampB[x.q] = t.epochB
		if x.q > first {
			continue
		}
		y := &zero
		if t.stampA[x.q] == t.epochA {
			y = &t.lexAt[x.q]
		}
		if s := cmpLex(x, a, y, b); s != 0 {
			first, sign = x.q, s
		}
	}
	for k := range vb {
		y := &vb[k]
		if y.q > first || t.stampB[y.q] == t.epochB {
			continue
		}
		if s := cmpLex(&zero, a, y, b); s != 0 {
			first, sign = y.q, s
		}
	}
	return sign
}

// cmpLex compares x/a.e with y/b.e.
func cmpLex(x *lexEnt, a spRatio, y *lexEnt, b spRatio) int {
	if x.b == nil && y.b == nil && a.small && b.small {
		h1, l1 := smul128(x.v, b.e)
		h2, l2 := smul128(y.v, a.e)
		return cmp128(h1, l1, h2, l2)
	}
	return cmpRatio(x.big(), a.bigE(), y.big(), b.bigE())
}

// lexEnt is an entry of a row of B⁻¹: its column q (a row's slack) and
// numerator over the row's denominator.
type lexEnt struct {
	q int32
	v int64
	b *big.Int // non-nil for big values
}

// lexVec returns row i of B⁻¹'s nonzero entries.
func (t *spTab) lexVec(i int, buf []lexEnt) []lexEnt {
	r := &t.rows[i]
	for k, cl := range r.col {
		if l := t.colLab[cl]; l < 0 {
			e := lexEnt{q: t.slackIdx[l+t.off]}
			if r.bn != nil {
				e.b = r.bn[k]
			} else {
				e.v = r.num[k]
			}
			buf = append(buf, e)
		}
	}
	if l := t.rowLab[i]; l < 0 {
		e := lexEnt{q: t.slackIdx[l+t.off]}
		if r.bn != nil {
			e.b = r.bigDen()
		} else {
			e.v = r.den
		}
		buf = append(buf, e)
	}
	return buf
}

func (e *lexEnt) big() *big.Int {
	if e.b != nil {
		return e.b
	}
	return big.NewInt(e.v)
}

func (k spRatio) bigE() *big.Int {
	if k.small {
		return big.NewInt(k.e)
	}
	return k.be
}

func (t *spTab) enter(label int) (int, error) {
	c, err := nonbasicColumn(t.pos, t.has, t.off, label)
	if err != nil {
		return 0, err
	}
	r := t.leavingRow(c)
	if r < 0 {
		return 0, errUnbounded
	}
	if err := t.pivot(r, c); err != nil {
		return 0, err
	}
	return t.relabel(r, c, label), nil
}

// pivotAt pivots the variable with the label in at row r, whatever the
// ratio test says (Gambit's first step of Lemke's algorithm), and returns
// the label that leaves.
func (t *spTab) pivotAt(r, label int) (int, error) {
	c := int(-t.pos[label+t.off]) - 1
	if t.rows[r].sign(int32(c)) == 0 {
		return 0, fmt.Errorf("lcp: internal error: zero pivot")
	}
	if err := t.pivot(r, c); err != nil {
		return 0, err
	}
	return t.relabel(r, c, label), nil
}

func (t *spTab) relabel(r, c, label int) int {
	leave := t.rowLab[r]
	t.rowLab[r] = label
	t.colLab[c] = leave
	t.pos[label+t.off] = int32(r)
	t.pos[leave+t.off] = int32(-(c + 1))
	return leave
}

// pivot exchanges row r's basic variable with column c's nonbasic one.
// Row r, over its entry p = R[c], becomes the entering variable's row;
// column c becomes the leaving variable's; every row i with an entry
// f = N[c] becomes (P·N − f·M) / (D·P), with M the new row r (its column
// c holding the old row's denominator) and P its denominator.
func (t *spTab) pivot(r, c int) error {
	cc := int32(c)
	R := &t.rows[r]
	k, _ := R.find(cc)
	// New row r: numerators with column c replaced by the old den, over
	// den |p|, negated if p < 0.
	if R.bn == nil {
		p := R.num[k]
		R.num[k] = R.den
		R.den = p
	} else {
		p := R.bn[k]
		R.bn[k] = R.bn[len(R.col)+1]
		R.bn[len(R.col)+1] = p
	}
	R.normalize()
	for i := range t.rows {
		if i == r {
			continue
		}
		if t.rows[i].sign(cc) == 0 {
			continue
		}
		before := len(t.rows[i].col)
		t.update(&t.rows[i], R, cc)
		t.nnz += len(t.rows[i].col) - before
	}
	if t.nnz > t.maxNNZ {
		return fmt.Errorf("lcp: the tableau has more than %d nonzero entries", t.maxNNZ)
	}
	return nil
}

// update sets row a to (P·a[c:=0] − f·M)/(D·P) where M, P are row m's
// numerators and den and f is a's numerator in column c.
func (t *spTab) update(a, m *spRow, c int32) {
	if a.bn == nil && m.bn == nil {
		if t.updateSmall(a, m, c) {
			return
		}
	}
	a.toBig()
	mb := *m
	if m.bn == nil {
		mb = m.clone()
		mb.toBig()
	}
	ka, _ := a.find(c)
	f := new(big.Int).Set(a.bn[ka])
	P := mb.bn[len(mb.col)+1]
	var col []int32
	var out []*big.Int
	i, j := 0, 0
	na, nm := len(a.col), len(mb.col)
	for i < na || j < nm {
		var x *big.Int
		var cl int32
		switch {
		case j >= nm || i < na && a.col[i] < mb.col[j]:
			cl = a.col[i]
			if cl == c {
				i++
				continue
			}
			x = new(big.Int).Mul(P, a.bn[i])
			i++
		case i >= na || mb.col[j] < a.col[i]:
			cl = mb.col[j]
			x = new(big.Int).Mul(f, mb.bn[j])
			x.Neg(x)
			j++
		default:
			cl = a.col[i]
			x = new(big.Int).Mul(P, a.bn[i])
			if cl == c {
				x.SetInt64(0)
			}
			x.Sub(x, new(big.Int).Mul(f, mb.bn[j]))
			i++
			j++
		}
		if x.Sign() != 0 {
			col = append(col, cl)
			out = append(out, x)
		}
	}
	rhs := new(big.Int).Mul(P, a.bn[na])
	rhs.Sub(rhs, new(big.Int).Mul(f, mb.bn[nm]))
	den := new(big.Int).Mul(P, a.bn[na+1])
	a.col = col
	a.bn = append(out, rhs, den)
	a.num = nil
	a.normalize()
}

// updateSmall is update in int64; it reports false, leaving a unchanged,
// if an intermediate value does not fit.
func (t *spTab) updateSmall(a, m *spRow, c int32) bool {
	ka, _ := a.find(c)
	f := a.num[ka]
	P := m.den
	if small31(m) && small31(a) {
		t.updateSmall31(a, m, c, f, P)
		return true
	}
	col, num := t.cidx[:0], t.cnum[:0]
	i, j := 0, 0
	na, nm := len(a.col), len(m.col)
	for i < na || j < nm {
		var x int64
		var cl int32
		ok := true
		switch {
		case j >= nm || i < na && a.col[i] < m.col[j]:
			cl = a.col[i]
			if cl == c {
				i++
				continue
			}
			x, ok = mul62(P, a.num[i])
			i++
		case i >= na || m.col[j] < a.col[i]:
			cl = m.col[j]
			x, ok = mul62(f, m.num[j])
			x = -x
			j++
		default:
			cl = a.col[i]
			v := a.num[i]
			if cl == c {
				v = 0
			}
			x, ok = lin(P, v, f, m.num[j])
			i++
			j++
		}
		if !ok {
			t.cidx, t.cnum = col, num
			return false
		}
		if x != 0 {
			col = append(col, cl)
			num = append(num, x)
		}
	}
	rhs, ok1 := lin(P, a.rhs, f, m.rhs)
	den, ok2 := mul62(P, a.den)
	t.cidx, t.cnum = col, num
	if !ok1 || !ok2 {
		return false
	}
	a.col = append(a.col[:0], col...)
	a.num = append(a.num[:0], num...)
	a.rhs, a.den = rhs, den
	a.normalize()
	return true
}

// small31 reports whether every integer of an int64 row is below 2^31 in
// magnitude, so that a·x − b·y of two of them fits in int64 unchecked.
func small31(r *spRow) bool {
	acc := absMask(r.rhs) | absMask(r.den)
	for _, v := range r.num {
		acc |= absMask(v)
	}
	return acc < 1<<31
}

// updateSmall31 is updateSmall for rows of small integers (small31).
func (t *spTab) updateSmall31(a, m *spRow, c int32, f, P int64) {
	col, num := t.cidx[:0], t.cnum[:0]
	i, j := 0, 0
	na, nm := len(a.col), len(m.col)
	for i < na || j < nm {
		var x int64
		var cl int32
		switch {
		case j >= nm || i < na && a.col[i] < m.col[j]:
			cl = a.col[i]
			x = P * a.num[i]
			if cl == c {
				x = 0
			}
			i++
		case i >= na || m.col[j] < a.col[i]:
			cl = m.col[j]
			x = -f * m.num[j]
			j++
		default:
			cl = a.col[i]
			x = -f * m.num[j]
			if cl != c {
				x += P * a.num[i]
			}
			i++
			j++
		}
		if x != 0 {
			col = append(col, cl)
			num = append(num, x)
		}
	}
	t.cidx, t.cnum = col, num
	a.col = append(a.col[:0], col...)
	a.num = append(a.num[:0], num...)
	a.rhs, a.den = P*a.rhs-f*m.rhs, P*a.den
	a.normalize()
}

// value returns the basic variable of row i's value, in lowest terms.
func (t *spTab) value(i int) *big.Rat {
	r := &t.rows[i]
	return new(big.Rat).SetFrac(r.bigRhs(), r.bigDen())
}

// ---------------------------------------------------------------------------
// The sequence-form LCP.

// sfLCP is the sequence-form linear complementarity problem of a game, in
// Gambit's layout (efglcp.cc): with n = ns1 + ns2 + ni1 + ni2, the
// variables are z0 (the covering variable), then player 1's sequences,
// player 2's sequences, player 1's information-set variables (the first
// for the empty sequence's constraint) and player 2's, each paired with
// the slack of the row of the same number. Row and column numbers below
// are 0-based: row r is Gambit's row r+1, variable j is Gambit's column j.
type sfLCP struct {
	g              *Extensive
	sf             *SequenceForm
	ns1, ns2       int
	ni1, ni2       int
	n              int
	seqRow         [2][]int // helper sequence index → its row (Gambit's numbering)
	data           []spRow  // the tableau at the start: columns 0..n (z0 first)
	r0, r0p        int      // the rows of the players' empty-sequence constraints
	slack, colLabs []int
}

// The labels: column j (z0 is column 0) has label j+1; row r's slack has
// label −(r+2), the complement of the label of column r+1.
func sfColLabel(j int) int   { return j + 1 }
func sfSlackLabel(r int) int { return -(r + 2) }

// newSFLCP builds the LCP of g. The payoffs at the leaves are shifted down
// by c = (the largest payoff of any outcome, or of any leaf's total) + 1,
// Gambit's "maxpay", and weighted by the chance probability of the leaf.
func newSFLCP(g *Extensive) (*sfLCP, error) {
	sf, err := g.SequenceForm()
	if err != nil {
		return nil, err
	}
	p := &sfLCP{g: g, sf: sf}
	p.ns1, p.ns2 = sf.NumSeqs(0), sf.NumSeqs(1)
	p.ni1, p.ni2 = sf.NumRows(0), sf.NumRows(1)
	p.n = p.ns1 + p.ns2 + p.ni1 + p.ni2
	if p.n > MaxSeqLCPSize {
		return nil, fmt.Errorf("lcp: the sequence-form LCP would have %d rows, more than %d", p.n, MaxSeqLCPSize)
	}
	// Gambit numbers a player's sequences as a depth-first walk meets the
	// actions.
	p.numberSequences()

	// Leaf payoffs: the outcomes on the path summed, less c, times the
	// chance probability.
	one := big.NewRat(1, 1)
	prob := make([]*big.Rat, len(g.Nodes))
	total := make([][2]*big.Rat, len(g.Nodes))
	seq := [2][]int32{make([]int32, len(g.Nodes)), make([]int32, len(g.Nodes))}
	prob[0] = one
	maxpay := new(big.Rat)
	first := true
	for _, o := range g.Outcomes {
		for _, x := range o.Payoffs {
			if first || x.Rat().Cmp(maxpay) > 0 {
				maxpay.Set(x.Rat())
				first = false
			}
		}
	}
	type leaf struct {
		s1   int32
		s2   int32
		u1   *big.Rat
		u2   *big.Rat
		prob *big.Rat
	}
	var leaves []leaf
	for v := range g.Nodes {
		n := &g.Nodes[v]
		var u [2]*big.Rat
		if v == 0 {
			u = [2]*big.Rat{new(big.Rat), new(big.Rat)}
		} else {
			u = total[v]
		}
		if n.Outcome != 0 {
			o := g.Outcomes[n.Outcome-1].Payoffs
			u = [2]*big.Rat{new(big.Rat).Add(u[0], o[0].Rat()), new(big.Rat).Add(u[1], o[1].Rat())}
		}
		total[v] = u
		if n.Infoset < 0 {
			if prob[v].Sign() != 0 {
				leaves = append(leaves, leaf{seq[0][v], seq[1][v], u[0], u[1], prob[v]})
				for _, x := range u {
					if x.Cmp(maxpay) > 0 {
						maxpay.Set(x)
					}
				}
			}
			continue
		}
		set := &g.Infosets[n.Infoset]
		for a := range set.Actions {
			c := g.Child(v, a)
			seq[0][c], seq[1][c] = seq[0][v], seq[1][v]
			total[c] = u
			prob[c] = prob[v]
			if set.Player == 0 {
				if pr := set.Probs[a]; pr.Cmp(numberOne) != 0 {
					prob[c] = new(big.Rat).Mul(prob[v], pr.Rat())
				}
				continue
			}
			seq[set.Player-1][c] = int32(sf.SeqStart[n.Infoset] + a)
		}
	}
	maxpay.Add(maxpay, one)
	type pair struct{ s1, s2 int32 }
	pay := map[pair]*[2]*big.Rat{}
	var order []pair
	for _, l := range leaves {
		k := pair{l.s1, l.s2}
		e := pay[k]
		if e == nil {
			e = &[2]*big.Rat{new(big.Rat), new(big.Rat)}
			pay[k] = e
			order = append(order, k)
		}
		t := new(big.Rat)
		e[0].Add(e[0], t.Mul(l.prob, t.Sub(l.u1, maxpay)))
		t = new(big.Rat)
		e[1].Add(e[1], t.Mul(l.prob, t.Sub(l.u2, maxpay)))
	}
	// Scale every row by the common denominator.
	lcm := big.NewInt(1)
	for _, k := range order {
		for _, x := range pay[k] {
			d := x.Denom()
			gcd := new(big.Int).GCD(nil, nil, lcm, d)
			lcm.Mul(lcm, new(big.Int).Quo(d, gcd))
		}
	}
	L := new(big.Rat).SetInt(lcm)

	n := p.n
	ns1, ns2, ni1 := p.ns1, p.ns2, p.ni1
	p.r0, p.r0p = ns1+ns2, ns1+ns2+ni1
	type ent struct {
		col int32
		v   *big.Int
	}
	rows := make([][]ent, n)
	rhs := make([]*big.Int, n)
	add := func(r, j int, v *big.Int) { rows[r] = append(rows[r], ent{int32(j), v}) }
	Lint := lcm
	negL := new(big.Int).Neg(Lint)
	for r := range n {
		rhs[r] = new(big.Int)
		add(r, 0, negL) // the covering vector
	}
	rhs[p.r0] = new(big.Int).Set(negL)
	rhs[p.r0p] = new(big.Int).Set(negL)
	// Constraints. Gambit's A(parent, h) = −1, A(h, parent) = 1,
	// A(seq, h) = 1, A(h, seq) = −1 for each sequence seq of information
	// set h with parent sequence parent; and for the empty sequences
	// A(empty, r0) = 1, A(r0, empty) = −1.
	seqBase := [2]int{0, ns1}
	setBase := [2]int{ns1 + ns2, ns1 + ns2 + ni1}
	for q := range 2 {
		e, r := seqBase[q]+p.seqRow[q][0], setBase[q]
		add(e, r+1, Lint)
		add(r, e+1, negL)
		for hi, k := range sf.Sets[q] {
			h := setBase[q] + 1 + hi
			par := seqBase[q] + p.seqRow[q][sf.ParentSeq[k]]
			add(par, h+1, negL)
			add(h, par+1, Lint)
			for a := range g.Infosets[k].Actions {
				s := seqBase[q] + p.seqRow[q][sf.SeqStart[k]+a]
				add(s, h+1, Lint)
				add(h, s+1, negL)
			}
		}
	}
	for _, k := range order {
		e := pay[k]
		s1, s2 := p.seqRow[0][k.s1], ns1+p.seqRow[1][k.s2]
		v1 := new(big.Rat).Mul(e[0], L)
		v2 := new(big.Rat).Mul(e[1], L)
		if v1.Sign() != 0 {
			add(s1, s2+1, new(big.Int).Set(v1.Num()))
		}
		if v2.Sign() != 0 {
			add(s2, s1+1, new(big.Int).Set(v2.Num()))
		}
	}
	p.data = make([]spRow, n)
	for r := range n {
		es := rows[r]
		slices.SortFunc(es, func(a, b ent) int { return int(a.col) - int(b.col) })
		row := spRow{den: 1}
		wide := rhs[r].BitLen() > 61
		for _, x := range es {
			if x.v.BitLen() > 61 {
				wide = true
			}
		}
		for _, x := range es {
			row.col = append(row.col, x.col)
			if wide {
				row.bn = append(row.bn, x.v)
			} else {
				row.num = append(row.num, x.v.Int64())
			}
		}
		if wide {
			row.bn = append(row.bn, rhs[r], big.NewInt(1))
			row.num = nil
		} else {
			row.rhs = rhs[r].Int64()
		}
		row.normalize()
		p.data[r] = row
	}
	p.slack = make([]int, n)
	for r := range n {
		p.slack[r] = sfSlackLabel(r)
	}
	p.colLabs = make([]int, n+1)
	for j := range n + 1 {
		p.colLabs[j] = sfColLabel(j)
	}
	return p, nil
}

// numberSequences sets seqRow in Gambit's order: a depth-first walk that,
// at each node of a player, takes the actions in turn and, before going
// down the action's child, numbers the sequence (set, action) if it has
// no number yet.
func (p *sfLCP) numberSequences() {
	g, sf := p.g, p.sf
	for q := range 2 {
		p.seqRow[q] = make([]int, sf.NumSeqs(q))
		for s := range p.seqRow[q] {
			p.seqRow[q][s] = -1
		}
		p.seqRow[q][0] = 0
	}
	next := [2]int{1, 1}
	// Nodes are in preorder, so a node's children's subtrees come in
	// action order: numbering each sequence when its child is reached is
	// numbering it just before going down that child.
	for v := 1; v < len(g.Nodes); v++ {
		par := int(g.Nodes[v].Parent)
		k := g.Nodes[par].Infoset
		set := &g.Infosets[k]
		if set.Player == 0 {
			continue
		}
		// The action: the child's position among the parent's children.
		cs := int(g.Nodes[par].ChildStart)
		a := 0
		for ; a < len(set.Actions); a++ {
			if int(g.Children[cs+a]) == v {
				break
			}
		}
		q := set.Player - 1
		s := sf.SeqStart[k] + a
		if p.seqRow[q][s] < 0 {
			p.seqRow[q][s] = next[q]
			next[q]++
		}
	}
}

// tableau returns the LCP's sparse tableau with every slack basic.
func (p *sfLCP) tableau() *spTab {
	rows := make([]spRow, len(p.data))
	for i := range p.data {
		rows[i] = p.data[i].clone()
	}
	return newSpTab(rows, p.slack, p.colLabs, p.n+1, false)
}

// sfRun is one run of the sequence-form search.
type sfRun struct {
	ctx       context.Context
	p         *sfLCP
	opts      LCPOptions
	pivots    int
	maxPivots int
	seen      map[string]bool
	eqs       []BehaviourProfile
}

// LCP computes Nash equilibria of a two-player extensive game with
// perfect recall by Lemke's algorithm on its sequence form (Koller,
// Megiddo and von Stengel 1996; von Stengel 1996), as Gambit's
// gambit-lcp does on an extensive game; docs/games.md ("lcp") has the
// details. Chance moves and imperfect information are allowed.
//
// The LCP is Gambit's (efglcp.cc): variables for both players' sequences
// and information sets, each paired with a slack, and a covering variable
// z0 with covering vector 1; the payoff blocks hold each leaf's payoffs
// (the outcomes on its path summed) less Gambit's constant maxpay (the
// largest outcome payoff, or leaf total, plus 1), weighted by the leaf's
// chance probability. That is Gambit's matrix whenever every leaf has an
// outcome, no outcome sits on an inner node and no two leaves share a
// pair of sequences (as in games without chance); elsewhere Gambit
// subtracts maxpay once per pair of sequences and keeps inner outcomes
// at their own pairs, which is not always the same game, so Bulwark
// shifts leaves instead (docs/games.md). Sequences are numbered as
// Gambit numbers them (a depth-first walk, by action), information sets
// in depth-first order of first appearance. With opts.Count == 1, z0
// enters at the row of player 1's empty sequence and the complementary
// pivoting runs until z0 leaves, as `gambit-lcp -e 1` does. Otherwise
// the search is what Gambit 17's runs: that path, then, from each new
// equilibrium, Lemke's algorithm restarted by z0 entering, until it ends
// on a ray or at a basis seen before (see sfRun.all). Ties in the ratio
// test are broken by Gambit's lexicographic rule for this tableau (least
// ratios of the basis inverse's columns, in row order). Pivoting is
// exact, on a sparse tableau whose rows are held as integers over a
// common denominator (int64 while they fit, big.Int otherwise), so that a
// pivot touches only the rows with an entry in its column.
//
// Each solution's realisation plans become behaviour probabilities,
// x(σa) over the sum of x(σb) at the set (which is x(σ) whenever the
// set's constraint is tight, as in Gambit), and the centroid at sets the
// plan does not reach; every profile returned has passed
// g.VerifyBehaviour with regret exactly 0.
//
// Limits: two players, perfect recall; the LCP has at most MaxSeqLCPSize
// rows and its tableau at most MaxSeqLCPEntries nonzeros; opts.MaxPivots
// pivots in all (DefaultLCPMaxPivots if 0). ctx is checked at every
// pivot. opts.Arithmetic is ignored: pivoting is always exact.
func (g *Extensive) LCP(ctx context.Context, opts LCPOptions) ([]BehaviourProfile, error) {
	if g == nil {
		return nil, fmt.Errorf("lcp: no game")
	}
	if err := g.behCheckTree(); err != nil {
		return nil, fmt.Errorf("lcp: %w", err)
	}
	if len(g.Players) != 2 {
		return nil, fmt.Errorf("lcp: the sequence-form LCP needs a two-player game; this game has %d players", len(g.Players))
	}
	if opts.Count < 0 || opts.MaxDepth < 0 || opts.MaxPivots < 0 {
		return nil, fmt.Errorf("lcp: negative count, depth or pivot bound")
	}
	p, err := newSFLCP(g)
	if err != nil {
		if strings.HasPrefix(err.Error(), "lcp:") {
			return nil, err
		}
		return nil, fmt.Errorf("lcp: %w", err)
	}
	run := &sfRun{ctx: ctx, p: p, opts: opts, maxPivots: opts.MaxPivots, seen: map[string]bool{}}
	if run.maxPivots == 0 {
		run.maxPivots = DefaultLCPMaxPivots
	}
	t := p.tableau()
	z0 := sfColLabel(0)
	if opts.Count == 1 {
		if _, err := t.pivotAt(p.r0, z0); err != nil {
			return nil, err
		}
		ok, err := run.path(t, sfColLabel(p.r0+1))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("lcp: Lemke's algorithm ended on a ray")
		}
		prof, err := run.profile(t)
		if err != nil {
			return nil, err
		}
		return []BehaviourProfile{prof}, nil
	}
	if err := run.all(t, p.r0, 0); err != nil && !errors.Is(err, errLimit) {
		return nil, err
	}
	return run.eqs, nil
}

// path pivots from entering label enter until z0 leaves (true) or no row
// limits the entering variable (false).
func (r *sfRun) path(t *spTab, enter int) (bool, error) {
	z0 := sfColLabel(0)
	for {
		if err := r.ctx.Err(); err != nil {
			return false, err
		}
		if r.pivots >= r.maxPivots {
			return false, fmt.Errorf("lcp: more than %d pivots", r.maxPivots)
		}
		r.pivots++
		leave, err := t.enter(enter)
		if errors.Is(err, errUnbounded) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if leave == z0 {
			return true, nil
		}
		enter = -leave
	}
}

// all is Gambit's AllLemke for the sequence form. Gambit's version, from
// the tableau t (at depth 0 the initial one, else an equilibrium's),
// tries each row i but j in turn until a new equilibrium turns up: it
// cuts the covering vector's entry in row i to 1/1000 in its copy of the
// LCP's data, refactors the tableau and runs Lemke's algorithm — at depth
// 0 with z0 pivoted in at row j, else with z0 entering by the ratio test
// — and recurses from a new equilibrium. But Gambit 17's tableau keeps
// its own copy of the data, taken when it was built, so the cut changes
// nothing and every row i runs the same path: it is run once here. The
// result is a chain: the path of Count 1, then, from each new
// equilibrium, Lemke's algorithm restarted by z0 entering, until it ends
// on a ray or at a basis seen before (compared by basic variables, as
// Gambit compares them).
func (r *sfRun) all(t *spTab, j, depth int) error {
	z0 := sfColLabel(0)
	for {
		if r.opts.MaxDepth != 0 && depth > r.opts.MaxDepth {
			return nil
		}
		if r.p.n < 2 { // no row i ≠ j to try
			return nil
		}
		c := t.cloneSp()
		var missing int
		if depth == 0 {
			if _, err := c.pivotAt(j, z0); err != nil {
				return err
			}
			missing = sfSlackLabel(j)
		} else {
			if err := r.ctx.Err(); err != nil {
				return err
			}
			r.pivots++
			leave, err := c.enter(z0)
			switch {
			case errors.Is(err, errUnbounded):
				return nil
			case err != nil:
				return err
			}
			missing = leave
		}
		ok, err := r.path(c, -missing)
		if err != nil || !ok {
			return err
		}
		key := r.key(c)
		if r.seen[key] {
			return nil
		}
		r.seen[key] = true
		prof, err := r.profile(c)
		if err != nil {
			return err
		}
		r.eqs = append(r.eqs, prof)
		if r.opts.Count > 0 && len(r.eqs) >= r.opts.Count {
			return errLimit
		}
		t, depth = c, depth+1
	}
}

// key identifies a basic solution as Gambit's BFS comparison does: by its
// basic variables, slacks aside (not by their values).
func (r *sfRun) key(t *spTab) string {
	var sb strings.Builder
	for l := 1; l <= r.p.n+1; l++ {
		if t.isBasic(l) {
			fmt.Fprintf(&sb, "%d,", l)
		}
	}
	return sb.String()
}

// profile converts a complementary solution to a verified behaviour
// profile.
func (r *sfRun) profile(t *spTab) (BehaviourProfile, error) {
	p := r.p
	g := p.g
	plans := [2][]*big.Rat{make([]*big.Rat, p.ns1), make([]*big.Rat, p.ns2)}
	base := [2]int{0, p.ns1}
	for q := range 2 {
		for s := range plans[q] {
			l := sfColLabel(base[q] + p.seqRow[q][s] + 1)
			if t.isBasic(l) {
				plans[q][s] = t.value(int(t.pos[l+t.off]))
			} else {
				plans[q][s] = new(big.Rat)
			}
		}
	}
	b := make(BehaviourProfile, len(g.Infosets))
	sum := new(big.Rat)
	for k := range g.Infosets {
		set := &g.Infosets[k]
		if set.Player == 0 {
			b[k] = slices.Clone(set.Probs)
			continue
		}
		w := plans[set.Player-1]
		sum.SetInt64(0)
		for a := range set.Actions {
			sum.Add(sum, w[p.sf.SeqStart[k]+a])
		}
		b[k] = make([]Number, len(set.Actions))
		for a := range set.Actions {
			if sum.Sign() == 0 {
				b[k][a] = NewNumber(1, int64(len(set.Actions)))
			} else {
				b[k][a] = NumberFromRat(new(big.Rat).Quo(w[p.sf.SeqStart[k]+a], sum))
			}
		}
	}
	reg, err := g.VerifyBehaviour(b)
	if err != nil {
		return nil, err
	}
	if reg.Sign() != 0 {
		return nil, fmt.Errorf("lcp: internal error: the sequence-form solution has regret %s", RatString(reg))
	}
	return b, nil
}
