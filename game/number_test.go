package game

import (
	"math"
	"math/big"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	good := map[string]string{
		"3": "3", "-3": "-3", "0.25": "1/4", ".25": "1/4", "1/3": "1/3", "-1/3": "-1/3",
		"1e2": "100", "1.5e2": "150", "1.5E-1": "3/20", "1.5e-1": "3/20", "0.1": "1/10", "1/10": "1/10",
		"2.": "2", "007": "7", "6/4": "3/2", "010/3": "10/3", "1/010": "1/10", "08/3": "8/3", "1e400": "1" + strings.Repeat("0", 400),
	}
	for in, want := range good {
		n, err := ParseNumber(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := RatString(n.Rat()); got != want {
			t.Errorf("%q = %s, want %s", in, got, want)
		}
		if n.Text() != in {
			t.Errorf("%q: text %q not kept", in, n.Text())
		}
	}
	for _, in := range []string{"", "+3", "2.5e+1", "1/-3", "1/0", "1/00", "-", ".", "e5", "1e", "1/2/3", "1.5/2", "abc", "1x", "1e9999999", "1e401", "1e-401", "--1", "/3", "1.0e401", ".01e-9999999", "0e1234567890123456789", "-.0e-10000000000000000000"} {
		if _, err := ParseNumber(in); err == nil {
			t.Errorf("%q: accepted", in)
		}
	}
}

func TestNumberArithmeticView(t *testing.T) {
	n := NewNumber(-2, 6)
	if n.Text() != "-1/3" || n.Float() != -1.0/3 {
		t.Errorf("%v %v", n.Text(), n.Float())
	}
	var zero Number
	if !zero.IsZero() || zero.Text() != "0" || zero.Cmp(NewNumber(0, 1)) != 0 {
		t.Error("zero Number")
	}
	f, _ := NumberFromFloat(0.5)
	if f.Rat().Cmp(big.NewRat(1, 2)) != 0 {
		t.Error("float")
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"3", "-1/3", ".25", "1.5e-1", "+3", "1/-3", "1e99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if _, fast := parseSmall(s); fast && checkNumberSyntax(s) != nil {
			t.Fatalf("%q: fast path accepts what the syntax rejects", s)
		}
		if err != nil {
			return
		}
		if n.Text() != s {
			t.Fatalf("%q: text %q", s, n.Text())
		}
		if _, _, small := n.Frac64(); small != (n.Rat().Num().IsInt64() && n.Rat().Denom().IsInt64()) {
			t.Fatalf("%q: not normalised", s)
		}
		if !strings.Contains(s, "/") {
			if r, ok := new(big.Rat).SetString(s); !ok || r.Cmp(n.Rat()) != 0 {
				t.Fatalf("%q: value %s differs from big.Rat", s, n.Rat())
			}
		}
		// The value survives a round trip through its canonical form.
		m, err := ParseNumber(RatString(n.Rat()))
		if err != nil || m.Cmp(n) != 0 {
			t.Fatalf("%q: canonical form %q does not parse back (%v)", s, RatString(n.Rat()), err)
		}
	})
}

func TestParseNumberFastPath(t *testing.T) {
	cases := map[string]string{
		"9223372036854775807":     "9223372036854775807",
		"-9223372036854775808":    "-9223372036854775808",
		"9223372036854775808":     "9223372036854775808",  // 2^63: big
		"-9223372036854775809":    "-9223372036854775809", // big
		"999999999999999999":      "999999999999999999",
		"1000000000000000000":     "1000000000000000000",
		"18446744073709551616":    "18446744073709551616",
		"6/4":                     "3/2",
		"-10/4":                   "-5/2",
		"0/7":                     "0",
		"-0":                      "0",
		"1/9223372036854775807":   "1/9223372036854775807",
		"1/9223372036854775808":   "1/9223372036854775808", // big denominator
		"2/18446744073709551616":  "1/9223372036854775808",
		"0.000000000000000001":    "1/1000000000000000000",
		"0.0000000000000000001":   "1/10000000000000000000", // 10^19: big
		"1e18":                    "1000000000000000000",
		"1e19":                    "10000000000000000000", // big
		"9.223372036854775807e18": "9223372036854775807",
		"9.223372036854775808e18": "9223372036854775808",
		"1e-18":                   "1/1000000000000000000",
		"25e-2":                   "1/4",
		"0.50":                    "1/2",
		"0e999":                   "0",
		"0e1000":                  "0", // zero: any exponent
		"-0.00e-99999999999":      "0",
		"0e000123456789012345678": "0",
		"1e0000000002":            "100",
	}
	for in, want := range cases {
		n, err := ParseNumber(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := RatString(n.Rat()); got != want {
			t.Errorf("%q = %s, want %s", in, got, want)
		}
		if n.Text() != in {
			t.Errorf("%q: text %q", in, n.Text())
		}
		w, _ := new(big.Rat).SetString(want)
		if n.Rat().Cmp(w) != 0 || n.Float() != mustFloat(w) {
			t.Errorf("%q: value or float wrong", in)
		}
		_, _, small := n.Frac64()
		fits := w.Num().IsInt64() && w.Denom().IsInt64()
		if small != fits {
			t.Errorf("%q: small = %v, want %v", in, small, fits)
		}
	}
}

func mustFloat(r *big.Rat) float64 { f, _ := r.Float64(); return f }

func TestNumberSmallEdges(t *testing.T) {
	const minI, maxI = math.MinInt64, math.MaxInt64
	if n := NewNumber(minI, 1); n.Text() != "-9223372036854775808" {
		t.Errorf("min: %s", n.Text())
	}
	if n := NewNumber(minI, -1); n.Text() != "9223372036854775808" {
		t.Errorf("min/-1: %s", n.Text())
	}
	if n := NewNumber(1, minI); n.Text() != "-1/9223372036854775808" {
		t.Errorf("1/min: %s", n.Text())
	}
	if n := NewNumber(minI, minI); n.Text() != "1" || n.Cmp(NewNumber(1, 1)) != 0 {
		t.Errorf("min/min: %s", n.Text())
	}
	if n := NewNumber(6, -4); n.Text() != "-3/2" {
		t.Errorf("6/-4: %s", n.Text())
	}
	a, _ := ParseNumber("0.1")
	b, _ := ParseNumber("1/10")
	if a.Cmp(b) != 0 || a.Text() != "0.1" || b.Text() != "1/10" || a.Cmp(NewNumber(1, 10)) != 0 {
		t.Error("0.1 vs 1/10")
	}
	// Cross products that overflow int64.
	ordered := []Number{
		NewNumber(minI, 1), NewNumber(minI+1, 1), NewNumber(-maxI, maxI-1), NewNumber(-1, 1),
		NewNumber(-1, maxI), {}, NewNumber(1, maxI),
		NewNumber(maxI-1, maxI), NewNumber(1, 1), NewNumber(maxI, maxI-1), NewNumber(maxI, 1),
		NumberFromRat(new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))),
	}
	for i, x := range ordered {
		for j, y := range ordered {
			want := x.Rat().Cmp(y.Rat())
			if got := x.Cmp(y); got != want {
				t.Errorf("Cmp(%s, %s) = %d, want %d", x, y, got, want)
			}
			if i < j && want > 0 {
				t.Errorf("%s > %s", x, y)
			}
		}
	}
	f, _ := NumberFromFloat(-3)
	g, _ := NumberFromFloat(0.1)
	if f.Text() != "-3" || g.Rat().Cmp(new(big.Rat).SetFloat64(0.1)) != 0 || g.Float() != 0.1 {
		t.Errorf("floats: %s %s", f, g)
	}
	if NumberFromRat(big.NewRat(4, 6)).Text() != "2/3" {
		t.Error("from rat")
	}
	if n := NumberFromRat(new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), 70), big.NewInt(3))); n.Text() != "1180591620717411303424/3" || n.IsZero() {
		t.Errorf("big: %s", n)
	}
	if !smallSumIsOne(t, "1/3", "1/3", "1/3") || smallSumIsOne(t, "1/3", "1/3") || !smallSumIsOne(t, "0.5", ".25", "1/4") {
		t.Error("efgSumIsOne")
	}
}

func smallSumIsOne(t *testing.T, ss ...string) bool {
	var ps []Number
	for _, s := range ss {
		n, err := ParseNumber(s)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, n)
	}
	return efgSumIsOne(ps)
}

func TestNumberCmpNoAlloc(t *testing.T) {
	a, b := NewNumber(-7, 3), NewNumber(5, 9)
	if n := testing.AllocsPerRun(100, func() { _ = a.Cmp(b) + b.Cmp(a) }); n != 0 {
		t.Errorf("Cmp allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = ParseNumber("-12.5") }); n != 0 {
		t.Errorf("ParseNumber allocates %v times", n)
	}
}

func BenchmarkParseNumber(b *testing.B) {
	in := []string{"3", "-1", "0.25", "1/3", "1.5e-1", "100", "-7/12", "12345678"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseNumber(in[i%len(in)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCmp(b *testing.B) {
	ns := []Number{NewNumber(3, 1), NewNumber(-1, 3), NewNumber(1, 4), NewNumber(7, 12), NewNumber(100, 1)}
	b.ReportAllocs()
	s := 0
	for i := 0; b.Loop(); i++ {
		s += ns[i%len(ns)].Cmp(ns[(i+1)%len(ns)])
	}
	_ = s
}

func TestParseNumberBytes(t *testing.T) {
	for _, in := range []string{
		"3", "-3", "0", "-0", "0.25", ".25", "1/3", "-6/4", "1e2", "1.5E-1", "2.", "007", "010/3",
		"123456789012345678", "1234567890123456789012", "-9223372036854775808", "9223372036854775808",
		"1e400", "1/99999999999999999999", "", "+3", "1/0", "abc", "1e401", "0e1000", "0e200", "0.0e-101",
	} {
		want, wantErr := ParseNumber(in)
		got, err := parseNumberBytes([]byte(in))
		if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Errorf("%q: error %v, ParseNumber's %v", in, err, wantErr)
			continue
		}
		if err == nil && (got.Cmp(want) != 0 || got.Text() != want.Text()) {
			t.Errorf("%q: %s (%s), ParseNumber gives %s (%s)", in, got.Text(), RatString(got.Rat()), want.Text(), RatString(want.Rat()))
		}
	}
	b := []byte("-12")
	if n := testing.AllocsPerRun(100, func() { _, _ = parseNumberBytes(b) }); n != 0 {
		t.Errorf("parseNumberBytes allocates %v times for a canonical number", n)
	}
}

func TestQ64(t *testing.T) {
	const maxI = math.MaxInt64
	q := func(n, d int64) q64 { return q64{n, d} }
	rat := func(x q64) *big.Rat { return big.NewRat(x.n, x.d) }
	cases := []struct {
		a, b         q64
		addOK, mulOK bool
		cmp          int
	}{
		{q(1, 1), q(2, 1), true, true, -1},
		{q(-1, 3), q(1, 6), true, true, -1},
		{q(1, 2), q(1, 2), true, true, 0},
		{q(5, 7), q(-5, 7), true, true, 1},
		{q(0, 1), q(-3, 4), true, true, 1},
		{q(maxI, 1), q(1, 1), false, true, 1},
		{q(maxI-1, 1), q(1, 1), true, true, 1},
		{q(-maxI, 1), q(-1, 1), false, true, -1},
		{q(maxI, 1), q(2, 1), false, false, 1},
		{q(1, maxI), q(1, maxI-1), false, false, -1},
		{q(maxI, maxI-1), q(maxI-1, maxI-2), false, true, -1},
		{q(1<<62, 3), q(1<<62, 3), false, false, 0},
		{q(1<<61, 3), q(1<<61, 3), true, false, 0},
		{q(3, 1<<62), q(1<<62, 3), false, true, -1},
	}
	for _, c := range cases {
		want := new(big.Rat).Add(rat(c.a), rat(c.b))
		s, ok := c.a.add(c.b)
		if ok != c.addOK || ok && rat(s).Cmp(want) != 0 {
			t.Errorf("%v + %v = %v %v, want %s ok=%v", c.a, c.b, s, ok, RatString(want), c.addOK)
		}
		if ok {
			if r, _ := q64Reduce(s.n, s.d); r != s {
				t.Errorf("%v + %v = %v, not in lowest terms", c.a, c.b, s)
			}
		}
		want = new(big.Rat).Mul(rat(c.a), rat(c.b))
		p, ok := c.a.mul(c.b)
		if ok != c.mulOK || ok && (rat(p).Cmp(want) != 0 || p.d <= 0) {
			t.Errorf("%v · %v = %v %v, want %s ok=%v", c.a, c.b, p, ok, RatString(want), c.mulOK)
		}
		if got, want := c.a.cmp(c.b), rat(c.a).Cmp(rat(c.b)); got != want || want != c.cmp {
			t.Errorf("cmp(%v, %v) = %d, big.Rat %d, table %d", c.a, c.b, got, want, c.cmp)
		}
		if got := c.b.cmp(c.a); got != -c.cmp {
			t.Errorf("cmp(%v, %v) = %d, want %d", c.b, c.a, got, -c.cmp)
		}
	}
	for _, n := range []Number{NewNumber(math.MinInt64, 1), NumberFromRat(new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 70)))} {
		if _, ok := q64Of(n); ok {
			t.Errorf("q64Of(%s) accepted", n.Text())
		}
	}
	if x, ok := q64Of(NewNumber(-4, 6)); !ok || x != q(-2, 3) || x.number().Cmp(NewNumber(-2, 3)) != 0 {
		t.Errorf("q64Of(-4/6) = %v %v", x, ok)
	}
}

func TestPlainInt(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "7": true, "-7": true, "123456789012345678": true, "-123456789012345678": true,
		"": false, "-": false, "-0": false, "007": false, "1234567890123456789": false, "1.": false, "1/2": false, "1e2": false, "+1": false,
	} {
		if got := plainInt([]byte(s)); got != want {
			t.Errorf("plainInt(%q) = %v", s, got)
		}
		if n, err := ParseNumber(s); want && (err != nil || n.Text() != s || n.text != "") {
			t.Errorf("%q: a plain integer, but ParseNumber keeps text %q (%v)", s, n.text, err)
		}
		if v, ok := plainIntValue([]byte(s)); ok != want || ok && (Number{num: v}).Text() != s {
			t.Errorf("plainIntValue(%q) = %d, %v", s, v, ok)
		}
	}
}
