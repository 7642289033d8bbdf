package game

import "strconv"

// normaliseLabels makes the labels of one scope (the players, one player's
// strategies, the outcomes) non-empty and unique, as Gambit 17 does when it
// reads a file, rather than rejecting the file: empty labels become _1, _2,
// ... in order, and every member of a group of equal labels gets a suffix,
// so x x becomes x_1 x_2. A suffixed name that would equal another label of
// the scope is skipped (x x x_1 becomes x_2 x_3 x_1). Labels that are
// already non-empty and unique are left alone. Time is linear.
func normaliseLabels(labels []string) {
	count := make(map[string]int, len(labels))
	dirty := false
	for _, s := range labels {
		count[s]++
		if s == "" || count[s] > 1 {
			dirty = true
		}
	}
	if !dirty {
		return
	}
	used := make(map[string]bool, len(labels))
	for s := range count {
		used[s] = true
	}
	last := make(map[string]int)
	for i, s := range labels {
		if s != "" && count[s] == 1 {
			continue
		}
		k := last[s]
		for {
			k++
			c := s + "_" + strconv.Itoa(k)
			if !used[c] {
				used[c] = true
				labels[i] = c
				break
			}
		}
		last[s] = k
	}
}

// quotedWriter is what writeQuoted writes to: a strings.Builder or a
// bufio.Writer.
type quotedWriter interface {
	WriteByte(byte) error
	WriteString(string) (int, error)
}

// writeQuoted writes s as Gambit text: in double quotes, with quotes and
// backslashes escaped by a backslash.
func writeQuoted(w quotedWriter, s string) {
	w.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			w.WriteString(s[start:i])
			w.WriteByte('\\')
			start = i
		}
	}
	w.WriteString(s[start:])
	w.WriteByte('"')
}
