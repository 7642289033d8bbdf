package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/store"
)

// Defaults of a comparison: stop once every probability of every
// arrangement is known to ±0.005 (95% Wilson interval), with seed 1.
const (
	DefaultPrecision = 0.005
	DefaultSeed      = 1
)

// Version returns the module version recorded in the binary, or "devel".
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// InvalidError is a problem with the run's input: its options, its
// scenario (Diags, positioned) or an arrangement it names. Msg is set for
// the first and last; Diags for a scenario with errors.
type InvalidError struct {
	Msg   string
	Diags diag.List
}

func (e *InvalidError) Error() string {
	if e.Msg != "" {
		return e.Msg
	}
	return e.Diags.Error()
}

func invalidf(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}

// Spec says what to run. The zero Spec compares every arrangement of the
// embedded default scenario to DefaultPrecision with seed 0 (callers
// usually set Seed to DefaultSeed, as the command line does).
type Spec struct {
	// File is the scenario file to read; with Source set, only its name in
	// positions. Both empty: the embedded default scenario.
	File string
	// Source, if not nil, is the scenario's YAML text.
	Source []byte
	// Sets are the overrides KEY=VALUE of --set.
	Sets []string
	// Arrangements are the arrangements to compare, in order; none means
	// all, in the scenario's order.
	Arrangements []string
	// Samples, if set, makes exactly that many draws per arrangement;
	// Precision, if set, stops at that 95% half-width. At most one may be
	// set; neither means DefaultPrecision.
	Samples   *int64
	Precision *float64
	Seed      uint64
	// Workers is the number of parallel workers; 0 means one per CPU.
	Workers int
	// MaxSamples, if positive, is a budget: Samples above it is refused,
	// and a precision run stops at MaxSamples draws at the latest.
	MaxSamples int64
}

// Config checks the options other than the scenario and returns the
// Monte Carlo configuration they make (without Progress). Its messages
// name the options as the command line does (--samples, ...).
func (sp *Spec) Config() (montecarlo.Config, error) {
	cfg := montecarlo.Config{Seed: sp.Seed}
	switch {
	case sp.Samples != nil && sp.Precision != nil:
		return cfg, invalidf("give --samples or --precision, not both")
	case sp.Samples != nil:
		n := *sp.Samples
		if n < 1 || n > montecarlo.MaxSamples {
			return cfg, invalidf("--samples %d: give a number of draws from 1 to %d", n, int64(montecarlo.MaxSamples))
		}
		if sp.MaxSamples > 0 && n > sp.MaxSamples {
			return cfg, invalidf("--samples %d: this server makes at most %d draws per arrangement", n, sp.MaxSamples)
		}
		cfg.Samples = n
	default:
		p := DefaultPrecision
		if sp.Precision != nil {
			p = *sp.Precision
		}
		if math.IsNaN(p) || p <= 0 || p >= 1 {
			return cfg, invalidf("--precision %v: give a half-width between 0 and 1, e.g. 0.01", p)
		}
		cfg.Precision = p
		if sp.MaxSamples > 0 {
			cfg.Samples = min(sp.MaxSamples, montecarlo.DefaultMaxSamples)
		}
	}
	if sp.Workers < 0 || sp.Workers > montecarlo.MaxWorkers {
		return cfg, invalidf("--workers %d: give 0 (one per CPU) to %d", sp.Workers, montecarlo.MaxWorkers)
	}
	cfg.Workers = sp.Workers
	return cfg, nil
}

// Load reads the scenario the spec names, with its overrides. Warnings
// are returned with a usable scenario; errors as an *InvalidError.
func (sp *Spec) Load() (*scenario.Scenario, diag.List, error) {
	var s *scenario.Scenario
	var d diag.List
	switch {
	case sp.Source != nil:
		name := sp.File
		if name == "" {
			name = "scenario.yaml"
		}
		s, d = scenario.Load(name, sp.Source, sp.Sets)
	case sp.File != "":
		s, d = scenario.LoadFile(sp.File, sp.Sets)
	default:
		s, d = scenario.Default(sp.Sets)
	}
	if d.HasErrors() {
		return nil, d, &InvalidError{Diags: d}
	}
	return s, d, nil
}

// Plan is a checked run, ready to go: its scenario, model and
// configuration.
type Plan struct {
	Spec     Spec
	Scenario *scenario.Scenario
	Model    *crisis.Model
	Config   montecarlo.Config
}

// Prepare checks the options, loads the scenario, checks the arrangements
// and builds the model, in that order, stopping at the first problem.
// warn, if not nil, is called with the scenario's warnings as soon as it
// is loaded (before the arrangements are checked), so that a command
// shows them even when an arrangement is then refused.
func Prepare(ctx context.Context, sp Spec, warn func(diag.List)) (*Plan, error) {
	cfg, err := sp.Config()
	if err != nil {
		return nil, err
	}
	s, warns, err := sp.Load()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	if warn != nil {
		warn(warns)
	}
	var ids []string
	for _, a := range sp.Arrangements {
		a = strings.TrimSpace(a)
		if _, ok := s.Arrangement(a); !ok {
			hint := diag.DidYouMean(a, s.ArrangementIDs())
			if hint != "" {
				hint = " (" + hint + ")"
			}
			return nil, invalidf("unknown arrangement %q%s; the scenario has %s", a, hint, strings.Join(s.ArrangementIDs(), ", "))
		}
		for _, b := range ids {
			if a == b {
				return nil, invalidf("arrangement %q given twice in --arrangements", a)
			}
		}
		ids = append(ids, a)
	}
	model, err := crisis.New(s, crisis.Options{Arrangements: ids})
	if err != nil {
		return nil, fmt.Errorf("building the crisis model: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Plan{Spec: sp, Scenario: s, Model: model, Config: cfg}, nil
}

// Result is a finished (or interrupted) run.
type Result struct {
	Scenario *scenario.Scenario
	Model    *crisis.Model
	// Report holds the figures; marked partial if the run was interrupted.
	Report   *crisis.Report
	Started  time.Time
	Finished time.Time
	// Err is the run's own error (an interruption, say); Report then holds
	// what was done, marked partial.
	Err error
}

// Run runs the plan, calling progress (if not nil) with every progress
// report, from one goroutine at a time. It returns an error only when
// there are no figures at all; an interruption (ctx cancelled or past its
// deadline) returns the figures so far, marked partial, with Result.Err
// set.
func (p *Plan) Run(ctx context.Context, progress func(montecarlo.Progress)) (*Result, error) {
	cfg := p.Config
	cfg.Progress = progress
	started := time.Now()
	res, runErr := p.Model.Run(ctx, cfg)
	if res == nil {
		return nil, fmt.Errorf("running the crisis model: %w", runErr)
	}
	rep := p.Model.Report(res)
	rep.Version = Version()
	rep.Sets = p.Spec.Sets
	return &Result{Scenario: p.Scenario, Model: p.Model, Report: rep, Started: started, Finished: time.Now(), Err: runErr}, nil
}

// Interrupted reports whether err is an interruption: cancelled or past a
// deadline.
func Interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Record is the store record of a run of command (with arguments args)
// from scenario s that produced rep (nil if none), computed from started
// to finished (Result.Started and Result.Finished; a zero finished is left
// for the store to set when it saves) and ended with runErr: partial if
// rep is partial or the run was interrupted, failed on any other error.
func Record(command string, args []string, s *scenario.Scenario, rep *crisis.Report, started, finished time.Time, runErr error) (store.Run, error) {
	r := store.Run{
		Command:        command,
		Status:         store.StatusComplete,
		Scenario:       s.Doc.ID,
		ScenarioSHA256: s.SHA256(),
		ScenarioText:   string(s.CanonicalJSON()),
		Version:        Version(),
		Args:           args,
		Timings:        store.Timings{Started: started, Finished: finished},
	}
	switch {
	case Interrupted(runErr):
		r.Status = store.StatusPartial
	case runErr != nil:
		r.Status = store.StatusFailed
	}
	if rep != nil {
		if rep.Partial && r.Status == store.StatusComplete {
			r.Status = store.StatusPartial
		}
		r.Seed = rep.Seed
		b, err := json.Marshal(rep)
		if err != nil {
			return r, fmt.Errorf("encoding the results: %w", err)
		}
		r.Results = b
	}
	return r, nil
}

// SaveTimeout bounds how long saving a run may wait for the store.
const SaveTimeout = 30 * time.Second

// Save saves r in st, even after ctx is cancelled (a run interrupted by
// Ctrl-C or a shutdown is saved, marked partial), waiting at most
// SaveTimeout, and returns its id.
func Save(ctx context.Context, st *store.Store, r store.Run) (string, error) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), SaveTimeout)
	defer cancel()
	return st.Save(sctx, r)
}
