package game

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// Number is an exact rational together with the text it was written as.
// The zero Number is 0.
type Number struct {
	r    *big.Rat // nil means 0
	text string   // as read; "" means format from r
}

// NewNumber returns the number a/b. It panics if b is 0.
func NewNumber(a, b int64) Number {
	if b == 0 {
		panic("game: NewNumber with zero denominator")
	}
	return Number{r: big.NewRat(a, b)}
}

// NumberFromRat returns a Number with the value of r (copied).
func NumberFromRat(r *big.Rat) Number { return Number{r: new(big.Rat).Set(r)} }

// NumberFromFloat returns the exact value of a finite float64.
func NumberFromFloat(f float64) (Number, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Number{}, fmt.Errorf("%v is not a finite number", f)
	}
	r := new(big.Rat)
	r.SetFloat64(f)
	return Number{r: r}, nil
}

// Rat returns the value. The result must not be modified.
func (n Number) Rat() *big.Rat {
	if n.r == nil {
		return new(big.Rat)
	}
	return n.r
}

// Float returns the nearest float64.
func (n Number) Float() float64 {
	if n.r == nil {
		return 0
	}
	f, _ := n.r.Float64()
	return f
}

// Text returns the number as it was written, or, for computed numbers, as
// an integer or a fraction a/b.
func (n Number) Text() string {
	if n.text != "" {
		return n.text
	}
	return RatString(n.Rat())
}

// String is Text.
func (n Number) String() string { return n.Text() }

// Cmp compares the values of n and m.
func (n Number) Cmp(m Number) int { return n.Rat().Cmp(m.Rat()) }

// IsZero reports whether n is 0.
func (n Number) IsZero() bool { return n.r == nil || n.r.Sign() == 0 }

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
	return Number{r: r, text: s}, nil
}

// maxExponent bounds decimal exponents. float64 spans about 10^±308, so no
// payoff or probability a solver can use needs more, and a larger exponent
// would make the exact rational costly to build (a file of 1e-100000 tokens
// would not load in memory linear in its size).
const maxExponent = 400

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
		if len(exp) > 6 || exp != "" && atoiSmall(exp) > maxExponent {
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
