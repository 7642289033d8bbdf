package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/store"
)

// savedRunID runs bulwark compare with args into the store at path and
// returns the id it printed.
func savedRunID(t *testing.T, path string, args ...string) string {
	t.Helper()
	r := run(t, append([]string{"compare", "--store", path}, args...)...)
	if r.code != ExitOK {
		t.Fatalf("compare: exit %d: %s", r.code, r.stderr)
	}
	m := regexp.MustCompile(`Saved as run (\S+) `).FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("compare printed no run id: %s", r.stderr)
	}
	return m[1]
}

// commandRE matches the report's reproducing command, the one part that
// differs between a report of a fresh run and one rebuilt from the store.
var commandRE = regexp.MustCompile("(?s)<pre><code>bulwark .*?</code></pre>|```\nbulwark [^\n]*\n```")

// TestReportFromRun: a report rebuilt from a stored run (--run) is the
// report of the same comparison run afresh, figure for figure, in HTML
// and in Markdown with its charts; only the reproducing command differs.
func TestReportFromRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	flags := []string{"--samples", "1024", "-a", "coalition,none", "--set", "assumptions.defence_pact_honour_rate.mean=0.3"}
	id := savedRunID(t, db, flags...)
	for _, format := range []string{"html", "markdown"} {
		t.Run(format, func(t *testing.T) {
			fresh := filepath.Join(dir, "fresh-"+format, "r.out")
			stored := filepath.Join(dir, "stored-"+format, "r.out")
			for _, p := range []string{fresh, stored} {
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if r := run(t, append([]string{"report", "--no-store", "--format", format, "-o", fresh}, flags...)...); r.code != ExitOK {
				t.Fatalf("fresh report: exit %d: %s", r.code, r.stderr)
			}
			prefix := strings.SplitN(id, "-", 2)[0]
			r := run(t, "report", "--store", db, "--run", prefix, "--format", format, "-o", stored)
			if r.code != ExitOK {
				t.Fatalf("report --run: exit %d: %s", r.code, r.stderr)
			}
			if strings.Contains(r.stderr, "Saved as run") {
				t.Errorf("report --run saved a run: %s", r.stderr)
			}
			files, err := os.ReadDir(filepath.Dir(fresh))
			if err != nil {
				t.Fatal(err)
			}
			if format == "markdown" && len(files) < 10 {
				t.Errorf("%d files: the charts are missing", len(files))
			}
			for _, f := range files {
				a, err := os.ReadFile(filepath.Join(filepath.Dir(fresh), f.Name()))
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(filepath.Dir(stored), f.Name()))
				if err != nil {
					t.Fatalf("%s: %v", f.Name(), err)
				}
				ca, cb := commandRE.FindString(string(a)), commandRE.FindString(string(b))
				if f.Name() == "r.out" && (ca == "" || !strings.Contains(cb, "bulwark compare") || !strings.Contains(cb, "--samples=1024")) {
					t.Errorf("%s: commands %q and %q", f.Name(), ca, cb)
				}
				if commandRE.ReplaceAllString(string(a), "") != commandRE.ReplaceAllString(string(b), "") {
					t.Errorf("%s differs between the fresh report and the one from run %s", f.Name(), id)
				}
			}
		})
	}
}

func TestReportFromRunRefusals(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	id := savedRunID(t, db, "--samples", "256", "-a", "none")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	failed, err := st.Save(context.Background(), store.Run{Command: "compare", Status: store.StatusFailed, Scenario: "menon2023", ScenarioText: "{}"})
	if err != nil {
		t.Fatal(err)
	}
	noText, err := st.Save(context.Background(), store.Run{Command: "compare", Status: store.StatusComplete, Scenario: "menon2023", Results: []byte(`{"arrangements":{}}`)})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "r.html")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--run", id, "--samples", "100"}, "cannot be combined with --samples"},
		{[]string{"--run", id, "--seed", "2", "--set", "horizon_years=5"}, "cannot be combined with --set, --seed"},
		{[]string{"--run", id, "-a", "nato"}, "cannot be combined with --arrangements"},
		{[]string{"--run", id, "--no-store"}, "cannot be combined with --no-store"},
		{[]string{"--run", "999"}, `no run with id "999"`},
		{[]string{"--run", failed}, "has no results to report"},
		{[]string{"--run", noText}, "without its scenario text"},
		{[]string{"--run", id, "--format", "pdf"}, `unknown --format "pdf"`},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			r := run(t, append([]string{"report", "--store", db, "-o", out}, c.args...)...)
			if r.code != ExitInvalid || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, ExitInvalid, c.want)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused report wrote %s", out)
	}
}
