package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.txt")
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(small, []byte("abc"), 0o644)
	os.WriteFile(big, []byte("0123456789"), 0o644)
	cases := []struct {
		path, stdin, name, src, err string
	}{
		{small, "", small, "abc", ""},
		{big, "", big, "", "big.txt: file is 10 bytes, over the 5-byte (5 B) limit"},
		{filepath.Join(dir, "none"), "", "", "", "none: cannot read file: no such file or directory"},
		{"-", "xyz", StdinName, "xyz", ""},
		{"-", "too long input", StdinName, "", "<stdin>: standard input is over the 5-byte (5 B) limit"},
	}
	for _, c := range cases {
		name, src, d := Read(c.path, strings.NewReader(c.stdin), 5, "5 B")
		if c.err != "" {
			if d == nil || !strings.Contains(d.Error(), c.err) {
				t.Errorf("%s: %v, want %q", c.path, d, c.err)
			}
			continue
		}
		if d != nil || name != c.name || string(src) != c.src {
			t.Errorf("%s: %q %q %v", c.path, name, src, d)
		}
	}
}
