package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMETour runs every `go run ./cmd/bulwark …` command of the README
// as written, in order, in a scratch directory (so that commands that
// write files and commands that read them work together), and requires
// each to succeed.
func TestREADMETour(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Chdir(t.TempDir())
	var cmds []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```sh"):
			in = true
		case strings.HasPrefix(line, "```"):
			in = false
		case in && strings.HasPrefix(line, "go run ./cmd/bulwark "):
			cmds = append(cmds, strings.TrimPrefix(line, "go run ./cmd/bulwark "))
		}
	}
	if len(cmds) < 6 {
		t.Fatalf("found %d tour commands in the README", len(cmds))
	}
	for _, c := range cmds {
		args, redirect := splitShell(t, c)
		r := run(t, args...)
		if r.code != ExitOK {
			t.Errorf("README command %q: exit %d\n%s", c, r.code, r.stderr)
			continue
		}
		if redirect != "" {
			if err := os.WriteFile(redirect, []byte(r.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// splitShell splits a command line on spaces, honouring double quotes and
// a trailing "> FILE" redirection.
func splitShell(t *testing.T, s string) (args []string, redirect string) {
	var cur strings.Builder
	quoted, have := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			have = true
		case r == ' ' && !quoted:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	if quoted {
		t.Fatalf("unbalanced quotes in %q", s)
	}
	if n := len(args); n >= 2 && args[n-2] == ">" {
		return args[:n-2], args[n-1]
	}
	return args, ""
}
