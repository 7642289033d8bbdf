package diag

import (
	"fmt"
	"slices"
	"strings"
)

// Closest returns up to n of the candidates nearest to name by edit
// distance (all at the smallest distance found), keeping only those close enough to be a plausible typo
// (distance at most a third of the longer string, and at least 1 for short
// names). Comparison ignores case.
func Closest(name string, candidates []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	var best []scored
	lname := strings.ToLower(name)
	for _, c := range candidates {
		d := distance(lname, strings.ToLower(c))
		limit := max(len([]rune(name)), len([]rune(c))) / 3
		if limit < 1 {
			limit = 1
		}
		if strings.HasPrefix(strings.ToLower(c), lname) && lname != "" {
			d = min(d, 1)
		}
		if d <= limit {
			best = append(best, scored{c, d})
		}
	}
	slices.SortStableFunc(best, func(a, b scored) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.s, b.s)
	})
	var out []string
	for _, b := range best {
		if b.d > best[0].d {
			break // only the nearest candidates
		}
		if !slices.Contains(out, b.s) {
			out = append(out, b.s)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// DidYouMean returns a hint such as `did you mean "defence"?` naming the
// candidates closest to name, or "" when none is close.
func DidYouMean(name string, candidates []string) string {
	c := Closest(name, candidates, 3)
	if len(c) == 0 {
		return ""
	}
	q := make([]string, len(c))
	for i, s := range c {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return "did you mean " + q[0] + "?"
	}
	return "did you mean " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1] + "?"
}

// distance is the Levenshtein edit distance between a and b, over runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		// Long strings are never typos of short identifiers; avoid
		// quadratic work on hostile input.
		if a == b {
			return 0
		}
		return max(len(ra), len(rb))
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
