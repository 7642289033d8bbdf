package game

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// Number is an exact rational together with the text it was written as.
// The zero Number is 0.
//
// A value whose numerator and denominator both fit in an int64 is held
// directly (num/den in lowest terms); only other values use a big.Rat.
// The text is kept only when it differs from the canonical form.
type Number struct {
	num  int64    // numerator, when r is nil
	den  int64    // denominator minus 1 (so the zero Number is 0/1), when r is nil
	r    *big.Rat // non-nil only for values that do not fit num/den
	text string   // as read, when it differs from the canonical form
}

// small returns a Number with the value neg·n/d (d > 0) in lowest terms,
// falling back to big.Rat if the reduced value does not fit in int64.
func smallNumber(neg bool, n, d uint64) Number {
	if n == 0 {
		return Number{}
	}
	if g := gcd64(n, d); g != 1 {
		n /= g
		d /= g
	}
	if d <= math.MaxInt64 {
		if !neg && n <= math.MaxInt64 {
			return Number{num: int64(n), den: int64(d - 1)}
		}
		if neg && n <= 1<<63 {
			return Number{num: int64(-n), den: int64(d - 1)} // -2^63 wraps correctly
		}
	}
	a := new(big.Int).SetUint64(n)
	if neg {
		a.Neg(a)
	}
	return Number{r: new(big.Rat).SetFrac(a, new(big.Int).SetUint64(d))}
}

func gcd64(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// abs64 returns |a| and whether a < 0; |-2^63| is 2^63.
func abs64(a int64) (uint64, bool) {
	if a < 0 {
		return uint64(-a), true
	}
	return uint64(a), false
}

// fromRat returns the value of r, held small if it fits. r is retained.
func fromRat(r *big.Rat) Number {
	if r.Num().IsInt64() && r.Denom().IsInt64() {
		return Number{num: r.Num().Int64(), den: r.Denom().Int64() - 1}
	}
	return Number{r: r}
}

// NewNumber returns the number a/b. It panics if b is 0.
func NewNumber(a, b int64) Number {
	if b == 0 {
		panic("game: NewNumber with zero denominator")
	}
	ua, na := abs64(a)
	ub, nb := abs64(b)
	return smallNumber(na != nb, ua, ub)
}

// NumberFromRat returns a Number with the value of r (copied).
func NumberFromRat(r *big.Rat) Number { return fromRat(new(big.Rat).Set(r)) }

// NumberFromFloat returns the exact value of a finite float64.
func NumberFromFloat(f float64) (Number, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Number{}, fmt.Errorf("%v is not a finite number", f)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<62 {
		return Number{num: int64(f)}, nil
	}
	r := new(big.Rat)
	r.SetFloat64(f)
	return fromRat(r), nil
}

// Frac64 returns the value as a numerator and a positive denominator in
// lowest terms, without allocating, and ok = true when both fit in an
// int64; otherwise it returns 0, 1, false and the value is only available
// through Rat.
func (n Number) Frac64() (num, den int64, ok bool) {
	if n.r != nil {
		return 0, 1, false
	}
	return n.num, n.den + 1, true
}

// Rat returns the value. The result must not be modified. For values that
// fit in int64 it allocates a new big.Rat on every call; hot loops should
// use Cmp, IsZero, Float or Frac64 instead.
func (n Number) Rat() *big.Rat {
	if n.r != nil {
		return n.r
	}
	return n.setRat(new(big.Rat))
}

// Float returns the nearest float64.
func (n Number) Float() float64 {
	if n.r == nil {
		// Both operands exact in float64: the quotient is correctly rounded.
		const exact = 1 << 53
		d := n.den + 1
		if n.num >= -exact && n.num <= exact && d <= exact {
			return float64(n.num) / float64(d)
		}
	}
	f, _ := n.Rat().Float64()
	return f
}

// Text returns the number as it was written, or, for computed numbers, as
// an integer or a fraction a/b.
func (n Number) Text() string {
	if n.text != "" {
		return n.text
	}
	if n.r != nil {
		return RatString(n.r)
	}
	if n.den == 0 {
		return strconv.FormatInt(n.num, 10)
	}
	return strconv.FormatInt(n.num, 10) + "/" + strconv.FormatInt(n.den+1, 10)
}

// isCanonical reports whether s is the canonical text of the small value
// n, without allocating.
func (n Number) isCanonical(s string) bool {
	var buf [48]byte
	return string(n.appendCanonical(buf[:0])) == s
}

// isCanonicalBytes is isCanonical for a byte slice.
func (n Number) isCanonicalBytes(s []byte) bool {
	if plainInt(s) {
		return true // the common case, decided without formatting n
	}
	var buf [48]byte
	return string(n.appendCanonical(buf[:0])) == string(s)
}

// plainInt reports whether s is an integer as Number.Text writes it: an
// optional minus, then digits without a leading zero (or just 0), and at
// most 18 of them, so that parseSmall reads it exactly.
func plainInt(s []byte) bool {
	d := s
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 || d[0] == '0' && (len(d) > 1 || len(s) > 1) {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// plainIntValue returns the value of s if plainInt(s).
func plainIntValue(s []byte) (int64, bool) {
	if !plainInt(s) {
		return 0, false
	}
	d, neg := s, false
	if d[0] == '-' {
		d, neg = d[1:], true
	}
	var v int64
	for _, c := range d {
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// appendCanonical appends the canonical text of the small value n.
func (n Number) appendCanonical(b []byte) []byte {
	b = strconv.AppendInt(b, n.num, 10)
	if n.den != 0 {
		b = append(b, '/')
		b = strconv.AppendInt(b, n.den+1, 10)
	}
	return b
}

// setRat sets z to the value of n and returns z.
func (n Number) setRat(z *big.Rat) *big.Rat {
	if n.r != nil {
		return z.Set(n.r)
	}
	if n.den == 0 {
		return z.SetInt64(n.num)
	}
	return z.SetFrac64(n.num, n.den+1)
}

// String is Text.
func (n Number) String() string { return n.Text() }

// Cmp compares the values of n and m. It does not allocate when both fit
// in int64.
func (n Number) Cmp(m Number) int {
	if n.r != nil || m.r != nil {
		return n.Rat().Cmp(m.Rat())
	}
	return q64{n.num, n.den + 1}.cmp(q64{m.num, m.den + 1})
}

func sign64(a int64) int {
	switch {
	case a < 0:
		return -1
	case a > 0:
		return 1
	}
	return 0
}

// IsZero reports whether n is 0.
func (n Number) IsZero() bool { return n.r == nil && n.num == 0 }

// RatString formats r as Gambit does: an integer, or a/b in lowest terms.
func RatString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	return r.Num().String() + "/" + r.Denom().String()
}

// ParseNumber parses a number in Gambit's syntax: an optional minus sign,
// then an integer (3), a decimal (0.25, .25, 2.), a decimal with an
// exponent (1.5e-1, 1e2, with an optional minus in the exponent), or a
// fraction of integers (1/3). A leading plus, a plus in the exponent and a
// signed denominator are rejected, as Gambit 17 rejects them.
func ParseNumber(s string) (Number, error) {
	if n, ok := parseSmall(s); ok {
		if !n.isCanonical(s) {
			n.text = s
		}
		return n, nil
	}
	if err := checkNumberSyntax(s); err != nil {
		return Number{}, err
	}
	var r *big.Rat
	if num, den, isFrac := strings.Cut(s, "/"); isFrac {
		// big.Rat.SetString would read a leading 0 as octal; Gambit's
		// integers are decimal.
		a, okA := new(big.Int).SetString(num, 10)
		b, okB := new(big.Int).SetString(den, 10)
		if !okA || !okB || b.Sign() == 0 {
			return Number{}, fmt.Errorf("%q is not a number", s)
		}
		r = new(big.Rat).SetFrac(a, b)
	} else {
		var ok bool
		if r, ok = new(big.Rat).SetString(s); !ok {
			return Number{}, fmt.Errorf("%q is not a number", s)
		}
	}
	n := fromRat(r)
	if n.Text() != s {
		n.text = s
	}
	return n, nil
}

// parseNumberBytes is ParseNumber for the bytes of a token: it allocates
// nothing for a short number written canonically.
func parseNumberBytes(b []byte) (Number, error) {
	if v, ok := plainIntValue(b); ok {
		return Number{num: v}, nil
	}
	if n, ok := parseSmall(b); ok {
		if !n.isCanonicalBytes(b) {
			n.text = string(b)
		}
		return n, nil
	}
	return ParseNumber(string(b))
}

// pow10 holds 10^0 … 10^19.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// parseSmall parses s without big arithmetic when it is well-formed and
// short enough: at most 18 significant digits in each integer part and a
// small exponent. ok = false means "use the general parser", which also
// reports any syntax error.
func parseSmall[T string | []byte](s T) (Number, bool) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	// digits reads a run of decimal digits into v; ok = false if more than
	// 18 digits (after leading zeros), which may not fit.
	digits := func() (v uint64, count int, ok bool) {
		start := i
		sig := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if v != 0 || s[i] != '0' {
				sig++
			}
			v = v*10 + uint64(s[i]-'0')
			i++
			if sig > 18 {
				return 0, 0, false
			}
		}
		return v, i - start, true
	}
	mant, intDigits, ok := digits()
	if !ok {
		return Number{}, false
	}
	if i < len(s) && s[i] == '/' {
		if intDigits == 0 {
			return Number{}, false
		}
		i++
		d, denDigits, ok := digits()
		if !ok || denDigits == 0 || i != len(s) || d == 0 {
			return Number{}, false
		}
		return smallNumber(neg, mant, d), true
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if mant > (math.MaxUint64-9)/10 || mant >= pow10[18] {
				return Number{}, false
			}
			mant = mant*10 + uint64(s[i]-'0')
			fracDigits++
			i++
		}
	}
	if intDigits+fracDigits == 0 {
		return Number{}, false
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && s[i] == '-' {
			eneg = true
			i++
		}
		start, sig := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if sig > 0 || s[i] != '0' {
				sig++
			}
			if exp <= 100 { // saturating: declined below if it matters
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		// Zero times any power of ten is zero, but the exponent must
		// still be one that checkNumberSyntax accepts.
		if i == start || sig > maxZeroExponentDigits || exp > 100 && mant != 0 {
			return Number{}, false
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(s) {
		return Number{}, false
	}
	exp -= fracDigits
	switch {
	case mant == 0:
		return Number{}, true
	case exp >= 0:
		if exp >= len(pow10) {
			return Number{}, false
		}
		hi, lo := bits.Mul64(mant, pow10[exp])
		if hi != 0 {
			return Number{}, false
		}
		return smallNumber(neg, lo, 1), true
	default:
		if -exp >= len(pow10) {
			return Number{}, false
		}
		return smallNumber(neg, mant, pow10[-exp]), true
	}
}

// maxExponent bounds decimal exponents. float64 spans about 10^±308, so no
// payoff or probability a solver can use needs more, and a larger exponent
// would make the exact rational costly to build (a file of 1e-100000 tokens
// would not load in memory linear in its size).
const maxExponent = 400

// maxZeroExponentDigits bounds the digits of the exponent of a zero (0e5,
// 0.0e-999): its value is 0 whatever the exponent, and big.Rat reads
// exponents of up to 18 digits.
const maxZeroExponentDigits = 18

func checkNumberSyntax(s string) error {
	bad := func(why string) error { return fmt.Errorf("%q is not a number: %s", s, why) }
	if s == "" {
		return bad("empty")
	}
	i := 0
	if s[0] == '+' {
		return bad("a leading + is not allowed")
	}
	if s[0] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	intDigits := digits()
	if i < len(s) && s[i] == '/' {
		if intDigits == 0 {
			return bad("a fraction needs an integer numerator")
		}
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			return bad("the denominator may not carry a sign")
		}
		if digits() == 0 || i != len(s) {
			return bad("a fraction is written a/b with integers a and b")
		}
		if strings.Trim(s[strings.IndexByte(s, '/')+1:], "0") == "" {
			return bad("division by zero")
		}
		return nil
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		fracDigits = digits()
	}
	if intDigits+fracDigits == 0 {
		return bad("no digits")
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && s[i] == '+' {
			return bad("a + in the exponent is not allowed")
		}
		if i < len(s) && s[i] == '-' {
			i++
		}
		start := i
		if digits() == 0 {
			return bad("the exponent has no digits")
		}
		exp := strings.TrimLeft(s[start:i], "0")
		if strings.Trim(s[:strings.IndexAny(s, "eE")], "-0.") == "" {
			// Zero times any power of ten is zero, and cheap.
			if len(exp) > maxZeroExponentDigits {
				return bad(fmt.Sprintf("the exponent has more than %d digits", maxZeroExponentDigits))
			}
		} else if len(exp) > 6 || exp != "" && atoiSmall(exp) > maxExponent {
			return bad(fmt.Sprintf("the exponent is larger than %d", maxExponent))
		}
	}
	if i != len(s) {
		return bad(fmt.Sprintf("unexpected %q", s[i:]))
	}
	return nil
}

func atoiSmall(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// numberOne is 1.
var numberOne = Number{num: 1}

// smallSum returns the sum of ps when every term and every partial sum fits
// in int64 (as for chance probabilities with a common small denominator);
// ok = false means "sum with big.Rat".
func smallSum(ps []Number) (sum Number, ok bool) {
	var sn, sd int64 = 0, 1
	for _, p := range ps {
		pn, pd, ok := p.Frac64()
		if !ok {
			return Number{}, false
		}
		// sn/sd + pn/pd = (sn·(pd/g) + pn·(sd/g)) / (sd/g·pd), g = gcd(sd, pd).
		g := int64(gcd64(uint64(sd), uint64(pd)))
		a, ok1 := mul64(sn, pd/g)
		b, ok2 := mul64(pn, sd/g)
		d, ok3 := mul64(sd/g, pd)
		n := a + b
		if !ok1 || !ok2 || !ok3 || (a > 0 && b > 0 && n < 0) || (a < 0 && b < 0 && n >= 0) {
			return Number{}, false
		}
		un, neg := abs64(n)
		r := smallNumber(neg, un, uint64(d))
		if sn, sd, ok = r.Frac64(); !ok {
			return Number{}, false
		}
	}
	return NewNumber(sn, sd), true
}

// mul64 returns a·b and whether it did not overflow.
func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return c, true
}

// q64 is a rational n/d in lowest terms with d > 0 and both in int64,
// excluding n = -2^63: the fixed-size form of Number's fast path, for the
// inner loops of solvers. Its operations report overflow instead of
// wrapping, so a caller can fall back to big.Rat and stay exact.
type q64 struct{ n, d int64 }

// q64Of returns n as a q64, or ok = false if n does not fit.
func q64Of(n Number) (q q64, ok bool) {
	if n.r != nil || n.num == math.MinInt64 {
		return q64{}, false
	}
	return q64{n.num, n.den + 1}, true
}

// add64 returns a+b and whether it fits (with -2^63 counted as overflow).
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

// q64Reduce returns n/d (d > 0) in lowest terms.
func q64Reduce(n, d int64) (q64, bool) {
	if n == math.MinInt64 || d <= 0 {
		return q64{}, false
	}
	if n == 0 {
		return q64{0, 1}, true
	}
	an, _ := abs64(n)
	if g := int64(gcd64(an, uint64(d))); g != 1 {
		n /= g
		d /= g
	}
	return q64{n, d}, true
}

// add returns a+b.
func (a q64) add(b q64) (q64, bool) {
	if a.d == b.d {
		s, ok := add64(a.n, b.n)
		if !ok {
			return q64{}, false
		}
		if a.d == 1 {
			return q64{s, 1}, true
		}
		return q64Reduce(s, a.d)
	}
	g := int64(gcd64(uint64(a.d), uint64(b.d)))
	x, ok1 := mul64(a.n, b.d/g)
	y, ok2 := mul64(b.n, a.d/g)
	d, ok3 := mul64(a.d/g, b.d)
	if !ok1 || !ok2 || !ok3 {
		return q64{}, false
	}
	s, ok := add64(x, y)
	if !ok {
		return q64{}, false
	}
	return q64Reduce(s, d)
}

// mul returns a·b.
func (a q64) mul(b q64) (q64, bool) {
	if a.n == 0 || b.n == 0 {
		return q64{0, 1}, true
	}
	an, _ := abs64(a.n)
	bn, _ := abs64(b.n)
	g1 := int64(gcd64(an, uint64(b.d)))
	g2 := int64(gcd64(bn, uint64(a.d)))
	n, ok1 := mul64(a.n/g1, b.n/g2)
	d, ok2 := mul64(a.d/g2, b.d/g1)
	if !ok1 || !ok2 || n == math.MinInt64 {
		return q64{}, false
	}
	return q64{n, d}, true
}

// cmp compares a and b exactly.
func (a q64) cmp(b q64) int {
	if a.d == b.d {
		switch {
		case a.n < b.n:
			return -1
		case a.n > b.n:
			return 1
		}
		return 0
	}
	sa, sb := sign64(a.n), sign64(b.n)
	if sa != sb || sa == 0 {
		switch {
		case sa < sb:
			return -1
		case sa > sb:
			return 1
		}
		return 0
	}
	an, _ := abs64(a.n)
	bn, _ := abs64(b.n)
	h1, l1 := bits.Mul64(an, uint64(b.d))
	h2, l2 := bits.Mul64(bn, uint64(a.d))
	c := 0
	switch {
	case h1 < h2 || h1 == h2 && l1 < l2:
		c = -1
	case h1 > h2 || l1 > l2:
		c = 1
	}
	return c * sa
}

// number returns q as a Number.
func (q q64) number() Number { return Number{num: q.n, den: q.d - 1} }
