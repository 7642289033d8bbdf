package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/bulwark-sim/bulwark/dist"
	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/report"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/store"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": runner.Version()})
}

func (s *Server) handleDefaultScenario(w http.ResponseWriter, r *http.Request) {
	src, _ := scenario.Embedded(scenario.DefaultName)
	writeJSON(w, http.StatusOK, map[string]string{"name": scenario.DefaultName + ".yaml", "yaml": string(src)})
}

// scenarioInput is the scenario part of a request: YAML text (empty: the
// embedded default) and --set overrides.
type scenarioInput struct {
	YAML string   `json:"yaml"`
	Set  []string `json:"set"`
}

// spec makes the runner's scenario spec of in.
func (in scenarioInput) spec() runner.Spec {
	sp := runner.Spec{Sets: in.Set}
	if in.YAML != "" {
		sp.File, sp.Source = "scenario.yaml", []byte(in.YAML)
	}
	return sp
}

type validateAnswer struct {
	OK           bool              `json:"ok"`
	Scenario     string            `json:"scenario,omitempty"`
	Title        string            `json:"title,omitempty"`
	Arrangements []arrangementInfo `json:"arrangements,omitempty"`
	Assumptions  []slider          `json:"assumptions,omitempty"`
	Diagnostics  []diagnostic      `json:"diagnostics"`
}

type arrangementInfo struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) {
	var in scenarioInput
	if !decodeBody(w, r, &in) {
		return
	}
	sp := in.spec()
	sc, d, err := sp.Load()
	if err != nil {
		writeJSON(w, http.StatusOK, validateAnswer{OK: false, Diagnostics: diagnostics(d)})
		return
	}
	a := validateAnswer{OK: true, Scenario: sc.Doc.ID, Title: sc.Doc.Title, Diagnostics: diagnostics(d),
		Arrangements: []arrangementInfo{}, Assumptions: sliders(sc)}
	for _, arr := range sc.Doc.Arrangements {
		a.Arrangements = append(a.Arrangements, arrangementInfo{ID: arr.ID, Title: arr.Title})
	}
	writeJSON(w, http.StatusOK, a)
}

// runRequest is the body of POST /api/runs.
type runRequest struct {
	scenarioInput
	Arrangements []string `json:"arrangements"`
	Samples      *int64   `json:"samples"`
	Precision    *float64 `json:"precision"`
	Seed         *uint64  `json:"seed"`
	Workers      int      `json:"workers"`
}

// spec makes the runner's spec of the request, within the server's
// sample budget.
func (req runRequest) spec(maxSamples int64) runner.Spec {
	sp := req.scenarioInput.spec()
	sp.Arrangements = req.Arrangements
	sp.Samples, sp.Precision = req.Samples, req.Precision
	sp.Seed = runner.DefaultSeed
	if req.Seed != nil {
		sp.Seed = *req.Seed
	}
	sp.Workers = req.Workers
	sp.MaxSamples = maxSamples
	return sp
}

// args is the run's recorded command line: what the request chose, in
// the form of compare's flags, in name order.
func (req runRequest) args(sp runner.Spec, cfgPrecision float64) []string {
	args := []string{command}
	for _, a := range sp.Arrangements {
		args = append(args, "--arrangements="+a)
	}
	if sp.Samples != nil {
		args = append(args, "--samples="+itoa(*sp.Samples))
	} else {
		args = append(args, "--precision="+strconv.FormatFloat(cfgPrecision, 'g', -1, 64))
	}
	if req.YAML != "" {
		args = append(args, runner.PostedScenarioArg)
	}
	args = append(args, "--seed="+strconv.FormatUint(sp.Seed, 10))
	for _, v := range sp.Sets {
		args = append(args, "--set="+v)
	}
	if req.Workers != 0 {
		args = append(args, "--workers="+strconv.Itoa(req.Workers))
	}
	return args
}

// retryAfter is the Retry-After (seconds) of a 429: runs of the UI's
// sizes take seconds.
const retryAfter = "5"

func (s *Server) handleStartRun(w http.ResponseWriter, r *http.Request) {
	var req runRequest
	if !decodeBody(w, r, &req) {
		return
	}
	// More workers than CPUs only add contention; on a shared server they
	// would take the CPUs from the other runs and the API.
	if n := runtime.GOMAXPROCS(0); req.Workers > n {
		writeError(w, http.StatusBadRequest, "workers "+strconv.Itoa(req.Workers)+": this server has "+strconv.Itoa(n)+
			" CPUs; give 1 to "+strconv.Itoa(n)+", or 0 for its share of them", nil)
		return
	}
	ctx, cancel := context.WithTimeout(s.base, s.cfg.MaxRunTime)
	rn, err := s.runs.add(s.cfg.MaxRuns, cancel, &s.wg)
	if err != nil {
		cancel()
		if errors.Is(err, errClosed) {
			writeError(w, http.StatusServiceUnavailable, "the server is shutting down", nil)
			return
		}
		w.Header().Set("Retry-After", retryAfter)
		writeError(w, http.StatusTooManyRequests, "the server is already running "+strconv.Itoa(s.cfg.MaxRuns)+" runs (its --max-runs); try again shortly", nil)
		return
	}
	sp := req.spec(s.cfg.MaxSamples)
	if sp.Workers == 0 {
		// The runs share the CPUs rather than each taking them all, which
		// leaves the server responsive while MaxRuns runs compute. Results
		// do not depend on the number of workers.
		sp.Workers = max(1, runtime.GOMAXPROCS(0)/s.cfg.MaxRuns)
	}
	plan, err := runner.Prepare(r.Context(), sp, nil)
	if err == nil && s.base.Err() != nil {
		err = errClosed // shut down while the scenario was loading
	}
	if err != nil {
		s.runs.drop(&s.wg)
		cancel()
		if errors.Is(err, errClosed) {
			writeError(w, http.StatusServiceUnavailable, "the server is shutting down", nil)
			return
		}
		var inv *runner.InvalidError
		if errors.As(err, &inv) {
			msg := inv.Msg
			if msg == "" {
				msg = "the scenario has errors"
			}
			writeError(w, http.StatusBadRequest, apiOptionNames(msg), inv.Diags)
			return
		}
		if r.Context().Err() != nil {
			return // the client went away
		}
		// The scenario is valid but the crisis model cannot use it (say, an
		// arrangement whose treaties do not resolve).
		writeError(w, http.StatusUnprocessableEntity, err.Error(), nil)
		return
	}
	s.start(ctx, rn, plan, req.args(sp, plan.Config.Precision))
	url := "/runs/" + rn.id
	w.Header().Set("Location", "/api/runs/"+rn.id)
	writeJSON(w, http.StatusAccepted, map[string]string{"id": rn.id, "status": "running", "url": url})
}

// apiOptionNames names the options in the runner's messages as the
// request's fields ("samples") rather than the command line's flags
// ("--samples").
func apiOptionNames(msg string) string {
	return strings.NewReplacer("--samples", "samples", "--precision", "precision", "--workers", "workers",
		"--arrangements", "arrangements").Replace(msg)
}

// runView is a run as GET /api/runs/{id} shows it.
type runView struct {
	ID             string          `json:"id"`
	Status         string          `json:"status"`
	Command        string          `json:"command"`
	Scenario       string          `json:"scenario"`
	ScenarioSHA256 string          `json:"scenario_sha256"`
	Seed           uint64          `json:"seed"`
	Version        string          `json:"version"`
	Args           []string        `json:"args"`
	Saved          *time.Time      `json:"saved"`
	DurationNS     int64           `json:"duration_ns"`
	Results        json.RawMessage `json:"results"`
	Progress       *progressView   `json:"progress,omitempty"`
	Stored         bool            `json:"stored"`
	Error          string          `json:"error,omitempty"`
	// Warning says why a run that did not fail was not saved.
	Warning string `json:"warning,omitempty"`
	URL     string `json:"url"`
}

// progressView is a progress report as the API writes it.
type progressView struct {
	Done      int64 `json:"done"`
	Total     int64 `json:"total"`
	Estimated bool  `json:"estimated"`
}

func progressOf(p montecarlo.Progress) progressView {
	return progressView{Done: p.Done, Total: p.Total, Estimated: p.Estimated}
}

func ptr[T any](v T) *T { return &v }

func recordView(rec *store.Run, stored bool, errMsg, warning string) runView {
	saved := rec.Saved
	v := runView{ID: rec.ID, Status: string(rec.Status), Command: rec.Command, Scenario: rec.Scenario,
		ScenarioSHA256: rec.ScenarioSHA256, Seed: rec.Seed, Version: rec.Version, Args: rec.Args,
		Saved: &saved, DurationNS: int64(rec.Timings.Duration()), Results: rec.Results, Stored: stored,
		Error: errMsg, Warning: warning, URL: "/runs/" + rec.ID}
	if v.Args == nil {
		v.Args = []string{}
	}
	if len(v.Results) == 0 {
		v.Results = json.RawMessage("null")
	}
	return v
}

// lookup finds the run id names: a provisional id, or a store id (its
// number, the full id or a unique prefix). It returns the running run, or
// the finished run's record; or writes the error answer and returns false.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request, id string) (found, bool) {
	if rn, ok := s.runs.get(id); ok {
		sn := rn.snapshot()
		switch {
		case !sn.finished:
			return found{running: rn}, true
		case sn.record != nil:
			return found{rec: sn.record, errMsg: sn.errMsg, warning: sn.warning}, true
		}
		id = sn.storeID
	}
	if s.cfg.Store == nil {
		writeError(w, http.StatusNotFound, "no run with id "+strconv.Quote(id)+" (the server keeps no store, and only its recent runs in memory)", nil)
		return found{}, false
	}
	got, err := s.cfg.Store.Get(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return found{}, false
	}
	return found{rec: got, stored: true}, true
}

// found is a run lookup found: a running run, or a finished run's record,
// from the store or kept in memory (with why it is not in the store).
type found struct {
	running *run
	rec     *store.Run
	errMsg  string
	warning string
	stored  bool
}

// storeError answers a store error: 404 for an unknown id, 400 for an
// ambiguous one, 500 otherwise.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	var nf *store.NotFoundError
	var amb *store.AmbiguousError
	switch {
	case errors.As(err, &nf):
		writeError(w, http.StatusNotFound, "no run with id "+strconv.Quote(nf.ID), nil)
	case errors.As(err, &amb):
		writeError(w, http.StatusBadRequest, amb.Error(), nil)
	case r.Context().Err() != nil:
		// The client went away; nobody reads the answer.
	default:
		s.log.Error("reading the run store", "err", err)
		writeError(w, http.StatusInternalServerError, "reading the run store failed", nil)
	}
}

func (s *Server) handleGetRun(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f, ok := s.lookup(w, r, id)
	if !ok {
		return
	}
	if f.rec != nil {
		writeJSON(w, http.StatusOK, recordView(f.rec, f.stored, f.errMsg, f.warning))
		return
	}
	writeJSON(w, http.StatusOK, runningView(f.running))
}

// runningView shows a run still computing.
func runningView(rn *run) runView {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	v := runView{ID: rn.id, Status: "running", Command: command, Version: runner.Version(), Args: rn.args,
		Results: json.RawMessage("null"), URL: "/runs/" + rn.id,
		Progress:   ptr(progressOf(rn.progress)),
		DurationNS: int64(time.Since(rn.created))}
	if rn.plan != nil {
		v.Scenario, v.ScenarioSHA256, v.Seed = rn.plan.Scenario.Doc.ID, rn.plan.Scenario.SHA256(), rn.plan.Config.Seed
	}
	if v.Args == nil {
		v.Args = []string{}
	}
	return v
}

// parseLimit reads ?limit=N, default 50.
func parseLimit(r *http.Request) (int, bool) {
	q := r.URL.Query().Get("limit")
	if q == "" {
		return 50, true
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 0 || n > 10000 {
		return 0, false
	}
	return n, true
}

func (s *Server) handleListRuns(w http.ResponseWriter, r *http.Request) {
	limit, ok := parseLimit(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "limit: give a number of runs from 0 (all) to 10000", nil)
		return
	}
	runs := []store.Summary{}
	if s.cfg.Store != nil {
		got, err := s.cfg.Store.List(r.Context(), store.ListOptions{Limit: limit})
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		runs = append(runs, got...)
	} else {
		for _, rn := range s.runs.inMemory() {
			if limit > 0 && len(runs) >= limit {
				break
			}
			if sn := rn.snapshot(); sn.record != nil {
				runs = append(runs, sn.summary)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

func (s *Server) handleDeleteRun(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if rn, found := s.runs.get(id); found {
		sn := rn.snapshot()
		if !sn.finished {
			writeError(w, http.StatusConflict, "run "+id+" is still running: cancel it first", nil)
			return
		}
		if sn.storeID == "" {
			s.runs.remove(id)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		id = sn.storeID
	}
	if s.cfg.Store == nil {
		writeError(w, http.StatusNotFound, "no run with id "+strconv.Quote(id), nil)
		return
	}
	full, err := s.cfg.Store.Delete(r.Context(), id)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	if rn, found := s.runs.byStoreID(full); found {
		s.runs.remove(rn.id)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rn, found := s.runs.get(id)
	if !found {
		if s.cfg.Store != nil {
			if _, err := s.cfg.Store.Get(r.Context(), id); err != nil {
				s.storeError(w, r, err)
				return
			}
			writeError(w, http.StatusConflict, "run "+id+" has already finished", nil)
			return
		}
		writeError(w, http.StatusNotFound, "no run with id "+strconv.Quote(id), nil)
		return
	}
	if rn.snapshot().finished {
		writeError(w, http.StatusConflict, "run "+id+" has already finished", nil)
		return
	}
	rn.cancel()
	writeJSON(w, http.StatusAccepted, map[string]string{"id": rn.id, "status": "cancelling", "url": "/runs/" + rn.id})
}

// finished returns the record of a finished run, writing the error answer
// (409 for a running run) and returning nil otherwise.
func (s *Server) finished(w http.ResponseWriter, r *http.Request, id string) *store.Run {
	f, ok := s.lookup(w, r, id)
	if !ok {
		return nil
	}
	rec := f.rec
	if f.running != nil {
		writeError(w, http.StatusConflict, "run "+id+" is still running", nil)
		return nil
	}
	if len(rec.Results) == 0 {
		writeError(w, http.StatusConflict, "run "+rec.ID+" has no results (status "+string(rec.Status)+")", nil)
		return nil
	}
	return rec
}

func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	a := s.finished(w, r, r.PathValue("a"))
	if a == nil {
		return
	}
	b := s.finished(w, r, r.PathValue("b"))
	if b == nil {
		return
	}
	d, err := store.Diff(a, b)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error(), nil)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// attachment marks the answer as a file to save as name.
func attachment(w http.ResponseWriter, name, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// fileBase is the base of a downloaded file's name: bulwark-run-ID.
func fileBase(rec *store.Run) string {
	return "bulwark-run-" + strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' {
			return r
		}
		return '_'
	}, rec.ID)
}

func (s *Server) handleResultsJSON(w http.ResponseWriter, r *http.Request) {
	rec := s.finished(w, r, r.PathValue("id"))
	if rec == nil {
		return
	}
	var b bytes.Buffer
	if err := json.Indent(&b, rec.Results, "", "  "); err != nil {
		writeError(w, http.StatusInternalServerError, "the stored results are not valid JSON", nil)
		return
	}
	b.WriteByte('\n')
	attachment(w, fileBase(rec)+".json", "application/json")
	_, _ = w.Write(b.Bytes())
}

func (s *Server) handleResultsCSV(w http.ResponseWriter, r *http.Request) {
	rec := s.finished(w, r, r.PathValue("id"))
	if rec == nil {
		return
	}
	rep, err := report.DecodeReport(bytes.NewReader(rec.Results))
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "the run's results cannot be read: "+err.Error(), nil)
		return
	}
	var b bytes.Buffer
	if err := runner.WriteCSV(&b, rep); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	attachment(w, fileBase(rec)+".csv", "text/csv; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

// handleScenarioYAML answers the scenario a finished run computed, its
// --set overrides applied, as normalised YAML (bulwark scenario show), as
// the file run-ID.yaml that the run's reproducing command reads. Loading
// and normalising the stored scenario takes tens of milliseconds, which
// is why the run's own view does not carry it.
func (s *Server) handleScenarioYAML(w http.ResponseWriter, r *http.Request) {
	rec := s.finished(w, r, r.PathValue("id"))
	if rec == nil {
		return
	}
	if rec.ScenarioText == "" {
		writeError(w, http.StatusUnprocessableEntity, "run "+rec.ID+" was kept without its scenario", nil)
		return
	}
	sc, d := scenario.Load("run "+rec.ID+" scenario", []byte(rec.ScenarioText), nil)
	if d.HasErrors() {
		writeError(w, http.StatusUnprocessableEntity, "the scenario stored with run "+rec.ID+" no longer loads", d)
		return
	}
	y, err := sc.NormalizedYAML()
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	attachment(w, "run-"+strings.TrimPrefix(fileBase(rec), "bulwark-run-")+".yaml", "application/yaml; charset=utf-8")
	_, _ = w.Write(y)
}

func (s *Server) handleReportHTML(w http.ResponseWriter, r *http.Request) {
	rec := s.finished(w, r, r.PathValue("id"))
	if rec == nil {
		return
	}
	data, err := runner.StoredReport(rec)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error(), nil)
		return
	}
	var b bytes.Buffer
	if err := report.HTML(&b, data); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	attachment(w, fileBase(rec)+".html", "text/html; charset=utf-8")
	// The report is self-contained, with inline styles and SVG.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
	_, _ = w.Write(b.Bytes())
}

// slider is an assumption the UI can set with a slider: one with a single
// numeric central parameter, set through "assumptions.ID.PARAM=VALUE".
type slider struct {
	ID     string  `json:"id"`
	Label  string  `json:"label"`
	Source string  `json:"source"`
	Unit   string  `json:"unit,omitempty"`
	Param  string  `json:"param"`
	Value  float64 `json:"value"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	Step   float64 `json:"step"`
}

// sliders lists the scenario's assumptions that have one central
// parameter, with a range to slide it over: the assumption's bounds, or
// [0, 1] for a probability or share, or the distribution's own range.
func sliders(sc *scenario.Scenario) []slider {
	out := []slider{}
	for _, a := range sc.Doc.Assumptions {
		var param string
		var v *float64
		switch a.Dist {
		case scenario.DistPoint:
			param, v = "value", a.Value
		case scenario.DistTriangular, scenario.DistPERT:
			param, v = "mode", a.Mode
		case scenario.DistNormal, scenario.DistLognormal, scenario.DistBeta:
			param, v = "mean", a.Mean
		}
		if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
			continue
		}
		lo, hi := rangeOf(a, *v)
		if !(lo < hi) || *v < lo || *v > hi {
			continue
		}
		valid := func(x float64) bool {
			b := a
			switch param {
			case "value":
				b.Value = &x
			case "mode":
				b.Mode = &x
			default:
				b.Mean = &x
			}
			_, err := dist.New(b.Spec())
			return err == nil
		}
		if !valid(*v) {
			continue // the scenario would not load; its own error says why
		}
		lo, hi = validEnd(lo, *v, valid), validEnd(hi, *v, valid)
		if !(lo < hi) {
			continue
		}
		step := niceStep((hi - lo) / 100)
		lo, hi = snap(lo, *v, step, valid), snap(hi, *v, step, valid)
		label := a.Description
		if label == "" {
			label = strings.ReplaceAll(a.ID, "_", " ")
		}
		out = append(out, slider{ID: a.ID, Label: label, Source: a.Source, Unit: a.Unit, Param: param,
			Value: *v, Min: lo, Max: hi, Step: step})
	}
	return out
}

// validEnd moves a slider's end inward, toward the valid value v, to the
// last value the distribution accepts (a beta's mean must lie strictly
// inside its range, a triangular mode between its ends), by bisection.
func validEnd(end, v float64, valid func(float64) bool) float64 {
	if valid(end) {
		return end
	}
	bad, good := end, v
	for range 64 {
		mid := bad + (good-bad)/2
		if mid == bad || mid == good {
			break
		}
		if valid(mid) {
			good = mid
		} else {
			bad = mid
		}
	}
	return good
}

// snap moves a valid end inward to the step grid, if the grid point is
// valid and not past v; else it keeps the end.
func snap(end, v, step float64, valid func(float64) bool) float64 {
	var g float64
	if end < v {
		g = math.Ceil(end/step) * step
	} else {
		g = math.Floor(end/step) * step
	}
	if g == end || (end < v) != (g <= v) || (end > v) != (g >= v) || !valid(g) {
		return end
	}
	return g
}

func rangeOf(a scenario.Assumption, v float64) (lo, hi float64) {
	switch {
	case len(a.Bounds) == 2:
		return a.Bounds[0], a.Bounds[1]
	case a.Unit == "probability" || a.Unit == "share" || a.Dist == scenario.DistBeta:
		return 0, 1
	case a.Min != nil && a.Max != nil:
		return *a.Min, *a.Max
	case a.SD != nil && (a.Dist == scenario.DistNormal || a.Dist == scenario.DistLognormal):
		lo, hi = v-3**a.SD, v+3**a.SD
		if a.Dist == scenario.DistLognormal {
			lo = math.Max(0, lo)
		}
		return lo, hi
	case v == 0:
		return 0, 1
	}
	return math.Min(0, 2*v), math.Max(0, 2*v)
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if x <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}
