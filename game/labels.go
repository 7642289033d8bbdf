package game

import (
	"hash/maphash"
	"strconv"
)

// normaliseLabels makes the labels of one scope (the players, one player's
// strategies, the outcomes) non-empty and unique, as Gambit 17 does when it
// reads a file, rather than rejecting the file: empty labels become _1, _2,
// ... in order, and every member of a group of equal labels gets a suffix,
// so x x becomes x_1 x_2. A suffixed name that would equal another label of
// the scope is skipped (x x x_1 becomes x_2 x_3 x_1). Labels that are
// already non-empty and unique are left alone. Time is linear (expected).
func normaliseLabels(labels []string) {
	if labelsClean(labels) {
		return
	}
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

// labelsClean reports whether every label is non-empty and unique: by
// comparing pairs for a few labels, and otherwise with an open-addressing
// hash set of indices (4 bytes a slot, randomly seeded), which costs far
// less than a map of strings for the hundreds of thousands of outcome
// labels of a large tree.
func labelsClean(labels []string) bool {
	return labelsCleanFunc(len(labels), func(i int) string { return labels[i] })
}

// labelsCleanFunc is labelsClean for the n labels label(0), ...,
// label(n-1), so that callers need not collect them in a slice.
func labelsCleanFunc(n int, label func(int) string) bool {
	for i := range n {
		if label(i) == "" {
			return false
		}
	}
	if n <= 8 {
		for i := 1; i < n; i++ {
			for j := range i {
				if label(i) == label(j) {
					return false
				}
			}
		}
		return true
	}
	if n >= 1<<30 {
		return false // let the general path decide
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	slots := make([]int32, size) // index+1; 0 is empty
	mask := uint64(size - 1)
	seed := maphash.MakeSeed()
	for i := range n {
		s := label(i)
		h := maphash.String(seed, s) & mask
		for slots[h] != 0 {
			if label(int(slots[h]-1)) == s {
				return false
			}
			h = (h + 1) & mask
		}
		slots[h] = int32(i + 1)
	}
	return true
}
