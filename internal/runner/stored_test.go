package runner

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
)

// TestStoredReproduce checks the command a stored run's report prints:
// a compare run's own command line, and for a server run a compare
// command that runs and gives the same figures — the draws actually
// made, and the posted scenario's file.
func TestStoredReproduce(t *testing.T) {
	set := "assumptions.defence_pact_honour_rate.mean=0.3"
	p, err := Prepare(context.Background(), Spec{Precision: ptr(0.05), Seed: 7, Arrangements: []string{"nato"}, Sets: []string{set}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(context.Background(), nil)
	if err != nil || res.Err != nil {
		t.Fatal(err, res.Err)
	}
	draws := strconv.FormatInt(res.Report.Samples, 10)
	compareArgs := []string{"compare", "--seed=7", "--set=" + set}
	serveArgs := []string{"serve", "--arrangements=nato", "--precision=0.05", "--seed=7", "--set=" + set}
	cases := []struct {
		name    string
		command string
		args    []string
		want    string
	}{
		{"compare", "compare", compareArgs, "bulwark compare --seed=7 --set=" + set},
		{"report", "report", []string{"report", "--seed=7", "-o", "a b.html"}, "bulwark report --seed=7 -o 'a b.html'"},
		{"serve, default scenario", "serve", serveArgs,
			"bulwark compare --arrangements nato --seed 7 --samples " + draws + " --set " + set},
		{"serve, posted scenario", "serve", append(serveArgs, PostedScenarioArg),
			"bulwark compare --arrangements nato --seed 7 --samples " + draws + " --set " + set + " --scenario run-12-3f9a2c.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec, err := Record(c.command, c.args, p.Scenario, res.Report, res.Started, res.Finished, nil)
			if err != nil {
				t.Fatal(err)
			}
			rec.ID = "12-3f9a2c"
			data, err := StoredReport(&rec)
			if err != nil {
				t.Fatal(err)
			}
			if data.Command != c.want {
				t.Errorf("command\n%s\nwant\n%s", data.Command, c.want)
			}
		})
	}

	// The server's command, run on the saved scenario, gives the same
	// figures: the precision run's draws as --samples reproduce it.
	rec, _ := Record("serve", serveArgs, p.Scenario, res.Report, res.Started, res.Finished, nil)
	again, err := Prepare(context.Background(), Spec{File: "run-12-3f9a2c.yaml", Source: []byte(rec.ScenarioText),
		Samples: ptr(res.Report.Samples), Seed: 7, Arrangements: []string{"nato"}, Sets: []string{set}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res2, err := again.Run(context.Background(), nil)
	if err != nil || res2.Err != nil {
		t.Fatal(err, res2.Err)
	}
	a, _ := json.Marshal(res.Report.Arrangements)
	b, _ := json.Marshal(res2.Report.Arrangements)
	if string(a) != string(b) || res2.Report.ScenarioSHA256 != res.Report.ScenarioSHA256 {
		t.Errorf("the reproduced run differs:\n%.300s\n%.300s", a, b)
	}
}
