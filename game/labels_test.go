package game

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Cases from reading .efg files.
func TestNormaliseLabels(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"a", "b"}, []string{"a", "b"}},
		{[]string{"", ""}, []string{"_1", "_2"}},
		{[]string{""}, []string{"_1"}},
		{[]string{"x", "y", "x"}, []string{"x_1", "y", "x_2"}},
		{[]string{"x", "x", "x_1"}, []string{"x_2", "x_3", "x_1"}},
		{[]string{"", "_1"}, []string{"_2", "_1"}},
	} {
		got := slices.Clone(c.in)
		normaliseLabels(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q → %q, want %q", c.in, got, c.want)
		}
	}
}

// Cases from reading .nfg files, including clashes between a suffixed
// name and an existing label.
func TestNormaliseLabelsClashes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a b c", "a b c"},
		{"x x", "x_1 x_2"},
		{"x y x x", "x_1 y x_2 x_3"},
		{"x x x_1", "x_2 x_3 x_1"},
		{"x x x_1 x_1", "x_2 x_3 x_1_1 x_1_2"},
		{"_ _ a", "__1 __2 a"},
	} {
		in := strings.Fields(tc.in)
		normaliseLabels(in)
		if got := strings.Join(in, " "); got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
		}
	}
	in := []string{"", "a", "", "_1"}
	normaliseLabels(in)
	if want := []string{"_2", "a", "_3", "_1"}; !slices.Equal(in, want) {
		t.Errorf("empties → %q, want %q", in, want)
	}
}

func TestWriteQuoted(t *testing.T) {
	for in, want := range map[string]string{"": `""`, "a b": `"a b"`, `say "hi"`: `"say \"hi\""`, `a\b`: `"a\\b"`, `"`: `"\""`} {
		var b strings.Builder
		writeQuoted(&b, in)
		if b.String() != want {
			t.Errorf("%q → %s, want %s", in, b.String(), want)
		}
	}
}

// labelsClean, the fast check normaliseLabels starts with, agrees with a
// map on short and long lists, clean or with one empty or repeated label
// anywhere.
func TestLabelsClean(t *testing.T) {
	truth := func(labels []string) bool {
		seen := map[string]bool{}
		for _, s := range labels {
			if s == "" || seen[s] {
				return false
			}
			seen[s] = true
		}
		return true
	}
	for _, n := range []int{0, 1, 2, 8, 9, 100, 5000} {
		clean := make([]string, n)
		for i := range clean {
			clean[i] = "o" + strconv.Itoa(i+1)
		}
		cases := [][]string{clean}
		for _, at := range []int{0, n / 2, n - 1} {
			if n == 0 {
				break
			}
			empty := slices.Clone(clean)
			empty[at] = ""
			cases = append(cases, empty)
			if n > 1 {
				dup := slices.Clone(clean)
				dup[at] = clean[(at+1)%n]
				cases = append(cases, dup)
			}
		}
		for _, c := range cases {
			if got, want := labelsClean(c), truth(c); got != want {
				t.Errorf("n=%d: labelsClean = %v, want %v", n, got, want)
			}
		}
	}
}
