package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/store"
)

func ptr[T any](v T) *T { return &v }

func TestConfig(t *testing.T) {
	cases := []struct {
		name    string
		spec    Spec
		err     string // substring; "" means valid
		samples int64
		prec    float64
	}{
		{"default precision", Spec{}, "", 0, DefaultPrecision},
		{"samples", Spec{Samples: ptr[int64](100)}, "", 100, 0},
		{"precision", Spec{Precision: ptr(0.01)}, "", 0, 0.01},
		{"both", Spec{Samples: ptr[int64](100), Precision: ptr(0.01)}, "not both", 0, 0},
		{"zero samples", Spec{Samples: ptr[int64](0)}, "--samples 0: give a number of draws from 1", 0, 0},
		{"too many samples", Spec{Samples: ptr[int64](montecarlo.MaxSamples + 1)}, "give a number of draws", 0, 0},
		{"over budget", Spec{Samples: ptr[int64](101), MaxSamples: 100}, "at most 100 draws", 0, 0},
		{"at budget", Spec{Samples: ptr[int64](100), MaxSamples: 100}, "", 100, 0},
		{"precision capped by budget", Spec{MaxSamples: 5000}, "", 5000, DefaultPrecision},
		{"precision zero", Spec{Precision: ptr(0.0)}, "--precision 0", 0, 0},
		{"precision one", Spec{Precision: ptr(1.0)}, "--precision 1", 0, 0},
		{"negative workers", Spec{Workers: -1}, "--workers -1", 0, 0},
		{"too many workers", Spec{Workers: montecarlo.MaxWorkers + 1}, "--workers", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := c.spec.Config()
			if c.err != "" {
				var inv *InvalidError
				if !errors.As(err, &inv) || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want an InvalidError with %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Samples != c.samples || cfg.Precision != c.prec {
				t.Errorf("samples %d precision %v, want %d %v", cfg.Samples, cfg.Precision, c.samples, c.prec)
			}
		})
	}
}

func TestPrepare(t *testing.T) {
	cases := []struct {
		name  string
		spec  Spec
		err   string
		diags bool // the error carries positioned diagnostics
		arrs  []string
	}{
		{"default", Spec{}, "", false, []string{"nato", "neutrality", "coalition", "none"}},
		{"chosen arrangements", Spec{Arrangements: []string{" none", "nato"}}, "", false, []string{"none", "nato"}},
		{"unknown arrangement", Spec{Arrangements: []string{"nat"}}, `unknown arrangement "nat" (did you mean "nato"?)`, false, nil},
		{"twice", Spec{Arrangements: []string{"nato", "nato"}}, "given twice", false, nil},
		{"bad set", Spec{Sets: []string{"assumptions.nope.mean=1"}}, "", true, nil},
		{"bad source", Spec{Source: []byte("bulwark: 1\nid: X\n")}, "", true, nil},
		{"not yaml", Spec{Source: []byte("{[")}, "", true, nil},
		{"missing file", Spec{File: "/nonexistent/s.yaml"}, "", true, nil},
		{"bad option first", Spec{Workers: -1, Source: []byte("{[")}, "--workers", false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var warned bool
			p, err := Prepare(context.Background(), c.spec, func(diag.List) { warned = true })
			if c.err == "" && !c.diags {
				if err != nil {
					t.Fatal(err)
				}
				if !warned {
					t.Error("warn was not called")
				}
				if got := p.Model.Arrangements(); strings.Join(got, ",") != strings.Join(c.arrs, ",") {
					t.Errorf("arrangements %v, want %v", got, c.arrs)
				}
				return
			}
			var inv *InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("err = %v, want an InvalidError", err)
			}
			if c.diags && (len(inv.Diags) == 0 || !inv.Diags.HasErrors()) {
				t.Errorf("no diagnostics in %v", err)
			}
			if !strings.Contains(err.Error(), c.err) {
				t.Errorf("err = %v, want %q", err, c.err)
			}
		})
	}
}

func TestPrepareCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Prepare(ctx, Spec{}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestRunAndRecord runs a small comparison to the end and interrupted,
// and checks the records made of each.
func TestRunAndRecord(t *testing.T) {
	p, err := Prepare(context.Background(), Spec{Samples: ptr[int64](4096), Seed: 3, Arrangements: []string{"nato", "none"},
		Sets: []string{"assumptions.defence_pact_honour_rate.mean=0.3"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var reports int
	res, err := p.Run(context.Background(), func(montecarlo.Progress) { reports++ })
	if err != nil || res.Err != nil {
		t.Fatal(err, res.Err)
	}
	if reports == 0 || res.Report.Samples != 4096 || res.Report.Partial || res.Report.Seed != 3 ||
		res.Report.Version != Version() || len(res.Report.Sets) != 1 || !res.Finished.After(res.Started) {
		t.Fatalf("reports %d, report %+v", reports, res.Report)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	part, err := p.Run(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !Interrupted(part.Err) || !part.Report.Partial {
		t.Fatalf("interrupted run: err %v, partial %v", part.Err, part.Report.Partial)
	}
	cases := []struct {
		name   string
		rep    *crisis.Report
		err    error
		status store.Status
	}{
		{"complete", res.Report, nil, store.StatusComplete},
		// A report not marked partial: only the error makes these partial.
		{"cancelled", res.Report, context.Canceled, store.StatusPartial},
		{"past its deadline", res.Report, context.DeadlineExceeded, store.StatusPartial},
		{"cancelled, wrapped", res.Report, fmt.Errorf("running: %w", context.Canceled), store.StatusPartial},
		{"interrupted run", part.Report, part.Err, store.StatusPartial},
		{"partial report without error", part.Report, nil, store.StatusPartial},
		{"failed with figures", res.Report, errors.New("boom"), store.StatusFailed},
		{"failed without figures", nil, errors.New("boom"), store.StatusFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Record("serve", []string{"serve", "--seed=3"}, p.Scenario, c.rep, res.Started, res.Finished, c.err)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Timings.Started.Equal(res.Started) || !r.Timings.Finished.Equal(res.Finished) {
				t.Errorf("timings %v, run from %v to %v", r.Timings, res.Started, res.Finished)
			}
			if r.Status != c.status || r.Command != "serve" || r.Scenario != "menon2023" || r.ScenarioSHA256 != p.Scenario.SHA256() {
				t.Fatalf("record %+v", r)
			}
			if (c.rep == nil) != (r.Results == nil) {
				t.Fatalf("results %q for report %v", r.Results, c.rep != nil)
			}
			if c.rep != nil {
				var back crisis.Report
				if err := json.Unmarshal(r.Results, &back); err != nil || back.Samples != c.rep.Samples || r.Seed != 3 {
					t.Fatalf("results do not decode to the report: %v", err)
				}
			}
		})
	}
	st, err := store.Open(t.TempDir() + "/runs.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec, _ := Record("serve", nil, p.Scenario, res.Report, res.Started, res.Finished, nil)
	ctx, cancel = context.WithCancel(context.Background())
	cancel() // Save saves even after cancellation
	id, err := Save(ctx, st, rec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(context.Background(), id)
	if err != nil || got.Status != store.StatusComplete || got.Timings.Duration() <= 0 || got.Timings.Duration() > time.Minute {
		t.Fatalf("stored %+v, %v", got, err)
	}

	var csv bytes.Buffer
	if err := WriteCSV(&csv, res.Report); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	if want := 1 + 2*len(res.Report.Metrics); len(lines) != want || !strings.HasPrefix(lines[1], "nato,p_attack,") {
		t.Errorf("CSV has %d lines, want %d; first row %q", len(lines), want, lines[1])
	}
	bad := *res.Report
	bad.Metrics = bad.Metrics[:1]
	if err := WriteCSV(&bytes.Buffer{}, &bad); err == nil {
		t.Error("WriteCSV accepted more estimates than metrics")
	}
}
