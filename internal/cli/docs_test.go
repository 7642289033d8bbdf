package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocsTranscripts replays every "$ bulwark …" transcript of
// docs/scenario.md and docs/games.md and checks that the output shown there is what the
// command prints now. A transcript may leave lines out, marked "…"; the
// lines it shows must appear in order. YAML blocks preceded by a
// "<!-- file: NAME -->" comment are written to NAME first, so that
// transcripts can read them (any block after such a comment).
func TestDocsTranscripts(t *testing.T) {
	for _, doc := range []string{"scenario.md", "games.md"} {
		t.Run(doc, func(t *testing.T) { replayDoc(t, doc) })
	}
}

func replayDoc(t *testing.T, doc string) {
	f, err := os.Open(filepath.Join("..", "..", "docs", doc))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Chdir(t.TempDir())

	type transcript struct {
		line int
		cmd  string
		want []string
	}
	var ts []transcript
	var fileName string
	var block []string
	inBlock, inText, inFile := false, false, false
	cur := -1 // the transcript the current text block is showing
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "<!-- file: "):
			fileName = strings.TrimSuffix(strings.TrimPrefix(line, "<!-- file: "), " -->")
		case !inBlock && strings.HasPrefix(line, "```"):
			inBlock = true
			inText = line == "```text"
			inFile = fileName != ""
			block = nil
			cur = -1
		case inBlock && line == "```":
			inBlock = false
			if inFile {
				if err := os.WriteFile(fileName, []byte(strings.Join(block, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				fileName = ""
			}
		case inBlock && inFile:
			block = append(block, line)
		case inBlock && inText && strings.HasPrefix(line, "$ bulwark "):
			ts = append(ts, transcript{line: n, cmd: strings.TrimPrefix(line, "$ bulwark ")})
			cur = len(ts) - 1
		case inBlock && inText && cur >= 0:
			ts[cur].want = append(ts[cur].want, line)
		}
	}
	if len(ts) == 0 {
		t.Fatalf("found no transcripts in docs/%s", doc)
	}
	for _, tr := range ts {
		args, redirect := splitShell(t, tr.cmd)
		r := run(t, args...)
		if redirect != "" {
			os.WriteFile(redirect, []byte(r.stdout), 0o644)
		}
		got := strings.Split(r.stdout+r.stderr, "\n")
		i := 0
		for _, w := range tr.want {
			if strings.TrimSpace(w) == "…" || strings.TrimSpace(w) == "" {
				continue
			}
			for i < len(got) && got[i] != w {
				i++
			}
			if i == len(got) {
				t.Errorf("docs/%s:%d: $ bulwark %s\n  output lacks (in order): %q", doc, tr.line, tr.cmd, w)
				break
			}
			i++
		}
	}
}
