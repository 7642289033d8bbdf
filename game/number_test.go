package game

import (
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
	for _, in := range []string{"", "+3", "2.5e+1", "1/-3", "1/0", "1/00", "-", ".", "e5", "1e", "1/2/3", "1.5/2", "abc", "1x", "1e9999999", "1e401", "1e-401", "--1", "/3"} {
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
		if err != nil {
			return
		}
		// The value survives a round trip through its canonical form.
		m, err := ParseNumber(RatString(n.Rat()))
		if err != nil || m.Cmp(n) != 0 {
			t.Fatalf("%q: canonical form %q does not parse back (%v)", s, RatString(n.Rat()), err)
		}
	})
}
