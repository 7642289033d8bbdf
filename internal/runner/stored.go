package runner

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/report"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/store"
)

// StoredReport builds the report of a stored run from the scenario text
// and the results stored with it. Nothing is computed again, so the report
// shows exactly the run's figures and the version that computed them; its
// reproducing command is storedReproduce's. A run
// without results or without its scenario text is an InvalidError.
func StoredReport(run *store.Run) (*report.Data, error) {
	if res := bytes.TrimSpace(run.Results); len(res) == 0 || bytes.Equal(res, []byte("null")) {
		return nil, invalidf("run %s (%s, %s) has no results to report", run.ID, run.Command, run.Status)
	}
	if run.ScenarioText == "" {
		return nil, invalidf("run %s was saved without its scenario text, which the report needs", run.ID)
	}
	s, diags := scenario.Load("run "+run.ID+" scenario", []byte(run.ScenarioText), nil)
	if diags.HasErrors() {
		return nil, fmt.Errorf("reading the scenario stored with run %s: %w", run.ID, diags)
	}
	rep, err := report.DecodeReport(bytes.NewReader(run.Results))
	if err != nil {
		return nil, fmt.Errorf("reading the results of run %s: %w", run.ID, err)
	}
	data, err := report.Build(s, rep, storedReproduce(run, rep))
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", run.ID, err)
	}
	return data, nil
}

// storedReproduce is the command line that reproduces a stored run's
// figures: a compare or report run's own command line (StoredCommand);
// for any other (the server's, whose arguments are only compare's flags
// in form) the compare command built from the results, with the draws
// actually made, and --scenario run-ID.yaml if the run's scenario was
// posted rather than the embedded default (docs/server.md says how to
// save that file).
func storedReproduce(run *store.Run, rep *crisis.Report) string {
	switch run.Command {
	case "compare", "report":
		return StoredCommand(run.Args)
	}
	cmd := report.ReproduceCommand(rep)
	if slices.Contains(run.Args, PostedScenarioArg) {
		cmd += " --scenario " + Quote("run-"+run.ID+".yaml")
	}
	return cmd
}

// PostedScenarioArg is the argument recorded for a run whose scenario
// was sent with the request (the server's) rather than read from a file.
const PostedScenarioArg = "--scenario=(posted)"

// StoredCommand is the command line that made a stored run, which
// reproduces its figures: "bulwark" and the stored arguments, each quoted
// for a POSIX shell as it needs; "" if none were stored.
func StoredCommand(args []string) string {
	if len(args) == 0 {
		return ""
	}
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = Quote(a)
	}
	return "bulwark " + strings.Join(q, " ")
}

// Quote quotes s for a POSIX shell if it needs it.
func Quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=:+@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
