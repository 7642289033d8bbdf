package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/store"
	"github.com/spf13/cobra"
)

// TestMain points XDG_DATA_HOME at a temporary directory for the whole
// package, so that no test (compare saves its runs) writes to the real
// run store.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bulwark-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_DATA_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runRuns runs the command line args on a root with `runs` registered
// (added here if root.go does not register it yet) and maps errors to
// exit codes as Run does.
func runRuns(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	io := &IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	root := NewCmdRoot(io)
	if !hasCommand(root, "runs") {
		root.AddCommand(newCmdRuns(io))
	}
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	code := ExitOK
	var inv *invalidError
	switch {
	case err == nil:
	case errors.As(err, &inv):
		code = ExitInvalid
		errOut.WriteString("bulwark: " + inv.Error() + "\n")
	case isUsageError(err):
		code = ExitInvalid
		errOut.WriteString("bulwark: " + err.Error() + "\n")
	default:
		code = ExitError
		errOut.WriteString("bulwark: internal error: " + err.Error() + "\n")
	}
	return result{code, out.String(), errOut.String()}
}

func hasCommand(c *cobra.Command, name string) bool {
	for _, s := range c.Commands() {
		if s.Name() == name {
			return true
		}
	}
	return false
}

// saveCompare runs the crisis model as compare would with flags, then
// saves it as compare does, into the store at path, and returns what
// saveReport printed. interrupt marks the run as cut short by Ctrl-C.
func saveCompare(t *testing.T, path string, interrupt bool, flags ...string) string {
	t.Helper()
	var errOut bytes.Buffer
	io := &IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &errOut}
	var cmp *cobra.Command
	for _, c := range NewCmdRoot(io).Commands() {
		if c.Name() == "compare" {
			cmp = c
		}
	}
	if err := cmp.ParseFlags(flags); err != nil {
		t.Fatal(err)
	}
	seed, _ := cmp.Flags().GetUint64("seed")
	samples, _ := cmp.Flags().GetInt64("samples")
	s, d := scenario.Default(nil)
	if d.HasErrors() {
		t.Fatal(d)
	}
	m, err := crisis.New(s, crisis.Options{Arrangements: []string{"nato", "none"}})
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	res, err := m.Run(context.Background(), montecarlo.Config{Seed: seed, Samples: samples})
	if err != nil {
		t.Fatal(err)
	}
	rep := m.Report(res)
	rep.Version = Version()
	var runErr error
	if interrupt {
		rep.Partial, runErr = true, context.Canceled
	}
	f := storeFlags{path: path}
	f.saveReport(context.Background(), cmp, io, &runner.Result{Scenario: s, Model: m, Report: rep, Started: started, Err: runErr})
	return errOut.String()
}

func TestRunsCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	if got := saveCompare(t, path, false, "--samples", "256", "--seed", "1"); !strings.Contains(got, "Saved as run 1-") || !strings.Contains(got, "bulwark runs show 1") {
		t.Fatalf("save printed %q", got)
	}
	if got := saveCompare(t, path, true, "--samples", "256", "--seed", "2"); !strings.Contains(got, "Saved as run 2-") || !strings.Contains(got, "marked partial") {
		t.Fatalf("save printed %q", got)
	}
	st := "--store=" + path
	cases := []struct {
		name string
		args []string
		code int
		out  []string
		err  string
	}{
		{"list", []string{"runs", "list", st}, ExitOK, []string{"ID", "STATUS", "2-", "partial", "1-", "complete", "menon2023", "256"}, ""},
		{"list limit", []string{"runs", "list", st, "-n", "1"}, ExitOK, []string{"2-"}, ""},
		{"list scenario none", []string{"runs", "list", st, "--scenario", "nope"}, ExitOK, []string{"No runs saved yet"}, ""},
		{"list json", []string{"runs", "list", st, "--format", "json"}, ExitOK, []string{`"id": "2-`, `"status": "partial"`, `"samples": 256`}, ""},
		{"show", []string{"runs", "show", st, "1"}, ExitOK, []string{"Run       1-", "Command   bulwark compare --samples=256 --seed=1", "Status    complete",
			"Estimates (256 draws per arrangement)", "nato         p_attack"}, ""},
		{"show json", []string{"runs", "show", st, "2", "--format", "json"}, ExitOK, []string{`"status": "partial"`, `"scenario_text": "{`, `"partial": true`, `"seed": 2`}, ""},
		{"diff", []string{"runs", "diff", st, "1", "2"}, ExitOK, []string{"seed", "≠", "--seed=1", "--seed=2", "metrics changed", "CHANGE"}, ""},
		{"diff json", []string{"runs", "diff", st, "1", "2", "--format", "json"}, ExitOK, []string{`"same_scenario": true`, `"arrangement": "nato"`}, ""},
		{"show missing", []string{"runs", "show", st, "9"}, ExitInvalid, nil, `no run with id "9" (list the runs with` + " `bulwark runs list`)"},
		{"diff missing", []string{"runs", "diff", st, "1", "x"}, ExitInvalid, nil, `no run with id "x"`},
		{"bad format", []string{"runs", "list", st, "--format", "yaml"}, ExitInvalid, nil, `unknown --format "yaml"`},
		{"bad limit", []string{"runs", "list", st, "-n", "-1"}, ExitInvalid, nil, "--limit -1"},
		{"show no id", []string{"runs", "show", st}, ExitInvalid, nil, "accepts 1 arg"},
		{"rm", []string{"runs", "rm", st, "1"}, ExitOK, []string{"removed run 1-"}, ""},
		{"rm again", []string{"runs", "rm", st, "1"}, ExitInvalid, nil, `no run with id "1"`},
		{"list after rm", []string{"runs", "list", st, "--format", "json"}, ExitOK, []string{`"id": "2-`}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runRuns(t, c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", r.code, c.code, r.stdout, r.stderr)
			}
			for _, w := range c.out {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			if !strings.Contains(r.stderr, c.err) {
				t.Errorf("stderr lacks %q:\n%s", c.err, r.stderr)
			}
		})
	}
	// The saved results are the compare JSON, which Diff reads.
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Get(context.Background(), "2")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		ScenarioSHA256 string `json:"scenario_sha256"`
		Samples        int64  `json:"samples"`
	}
	if err := json.Unmarshal(r.Results, &rep); err != nil || rep.ScenarioSHA256 != r.ScenarioSHA256 || rep.Samples != 256 || r.Status != store.StatusPartial {
		t.Errorf("saved run %+v: %v", rep, err)
	}
}

func TestRunsStoreErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("garbage!"), 200), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runRuns(t, "runs", "list", "--store", garbage)
	if r.code != ExitInvalid || !strings.Contains(r.stderr, garbage) || !strings.Contains(r.stderr, "not a Bulwark run store") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	// Saving to a bad store warns and does not fail.
	if got := saveCompare(t, garbage, false, "--samples", "64"); !strings.Contains(got, "warning: run not saved") {
		t.Errorf("save printed %q", got)
	}
	// --no-store saves nothing.
	path := filepath.Join(dir, "none.db")
	f := storeFlags{path: path, noStore: true}
	f.saveReport(context.Background(), &cobra.Command{}, &IO{}, &runner.Result{Started: time.Now()})
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("--no-store created %s", path)
	}
}

// TestRunsDefaultStore uses the XDG data directory when --store is not given.
func TestRunsDefaultStore(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	saveCompare(t, "", false, "--samples", "64", "-a", "nato")
	if _, err := os.Stat(filepath.Join(xdg, "bulwark", "runs.db")); err != nil {
		t.Fatal(err)
	}
	r := runRuns(t, "runs", "list")
	if r.code != ExitOK || !strings.Contains(r.stdout, "1-") || !strings.Contains(r.stdout, "64") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestCommandLine(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "compare"},
		{[]string{"--store", "/x.db", "--seed", "3", "-a", "nato,none", "--set", "a.b=1,2", "--set", "c=d"},
			"compare --arrangements=nato --arrangements=none --seed=3 --set=a.b=1,2 --set=c=d"},
	}
	for i, c := range cases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			io := &IO{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
			var cmp *cobra.Command
			for _, s := range NewCmdRoot(io).Commands() {
				if s.Name() == "compare" {
					cmp = s
				}
			}
			if cmp.Flags().Lookup("store") == nil { // until compare.go adds them
				var f storeFlags
				f.add(cmp)
			}
			if err := cmp.ParseFlags(c.args); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(commandLine(cmp), " "); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestStoreFlags(t *testing.T) {
	cases := []struct {
		args    []string
		path    string
		noStore bool
	}{
		{nil, "", false},
		{[]string{"--store", "/tmp/x.db"}, "/tmp/x.db", false},
		{[]string{"--no-store"}, "", true},
	}
	for i, c := range cases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			var f storeFlags
			cmd := &cobra.Command{Use: "x"}
			f.add(cmd)
			if err := cmd.ParseFlags(c.args); err != nil {
				t.Fatal(err)
			}
			if f.path != c.path || f.noStore != c.noStore {
				t.Errorf("got %+v", f)
			}
		})
	}
}
