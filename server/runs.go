package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/store"
)

// maxRemembered is how many finished runs the table remembers by their
// provisional id (and, without a store, keeps whole in memory).
const maxRemembered = 256

// provisionalPrefix starts every provisional run id. Store ids start with
// a digit, so the two never collide.
const provisionalPrefix = "r-"

// Errors of runTable.add.
var (
	errBusy   = errors.New("busy")
	errClosed = errors.New("shutting down")
)

// run is one run started by the server.
type run struct {
	id      string // provisional id, "r-N"
	created time.Time
	cancel  context.CancelFunc
	done    chan struct{} // closed once the run has ended and been saved

	mu       sync.Mutex
	plan     *runner.Plan // set once the run has started
	args     []string
	progress montecarlo.Progress
	reported bool          // progress has been reported at least once
	updated  chan struct{} // closed and replaced at every progress report
	// Set before done is closed.
	storeID string        // the store's id, if saved
	record  *store.Run    // the record, kept when not in the store
	summary store.Summary // the record's, made once: listing reads it
	status  store.Status
	errMsg  string // why the run failed
	warning string // why a run that did not fail was not saved
}

// snapshot is what a reader sees of a run at one moment.
type snapshot struct {
	progress montecarlo.Progress
	reported bool
	updated  <-chan struct{}
	finished bool
	storeID  string
	record   *store.Run
	summary  store.Summary
	status   store.Status
	errMsg   string
	warning  string
}

func (r *run) snapshot() snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := snapshot{progress: r.progress, reported: r.reported, updated: r.updated,
		storeID: r.storeID, record: r.record, summary: r.summary, status: r.status, errMsg: r.errMsg, warning: r.warning}
	select {
	case <-r.done:
		s.finished = true
	default:
	}
	return s
}

func (r *run) report(p montecarlo.Progress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.progress, r.reported = p, true
	close(r.updated)
	r.updated = make(chan struct{})
}

// finalID is the id a finished run is known by: its store id, or its
// provisional id when it is not in the store.
func (s snapshot) finalID(provisional string) string {
	if s.storeID != "" {
		return s.storeID
	}
	return provisional
}

// runTable holds the server's runs: running ones and the most recently
// finished.
type runTable struct {
	mu       sync.Mutex
	next     int64
	running  int
	closed   bool
	byID     map[string]*run
	finished []string // provisional ids of finished runs, oldest first
}

func (t *runTable) init() { t.byID = map[string]*run{} }

// add reserves a place for a new run unless max runs are running or the
// table is closed. It adds the run to wg under the table's lock, so that
// once close has returned, wg counts every run that will ever start: a
// shutdown waiting on wg loses none. The run is not yet found by its id:
// publish makes it so once it has started, so that nobody follows or
// cancels a run that may never start (its stream would never end).
func (t *runTable) add(max int, cancel context.CancelFunc, wg *sync.WaitGroup) (*run, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.closed:
		return nil, errClosed
	case t.running >= max:
		return nil, errBusy
	}
	wg.Add(1)
	t.next++
	t.running++
	r := &run{id: provisionalPrefix + strconv.FormatInt(t.next, 10), created: time.Now(), cancel: cancel,
		done: make(chan struct{}), updated: make(chan struct{})}
	return r, nil
}

// publish makes a started run found by its id.
func (t *runTable) publish(r *run) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byID[r.id] = r
}

// drop gives back the place of a run that never started (its scenario
// was refused), and takes it off wg. Nobody can have found it.
func (t *runTable) drop(wg *sync.WaitGroup) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.running--
	wg.Done()
}

// finish records that r has ended, and forgets the oldest finished runs
// beyond maxRemembered.
func (t *runTable) finish(r *run) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.running--
	t.finished = append(t.finished, r.id)
	for len(t.finished) > maxRemembered {
		delete(t.byID, t.finished[0])
		t.finished = t.finished[1:]
	}
}

func (t *runTable) get(id string) (*run, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.byID[id]
	return r, ok
}

// remove forgets a finished run (after it was deleted).
func (t *runTable) remove(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byID, id)
}

// byStoreID finds the finished run saved as id, if remembered.
func (t *runTable) byStoreID(id string) (*run, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, pid := range t.finished {
		r := t.byID[pid]
		if r != nil && r.storeID == id {
			return r, true
		}
	}
	return nil, false
}

// inMemory lists the finished runs kept in memory (not in the store),
// newest first.
func (t *runTable) inMemory() []*run {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []*run
	for i := len(t.finished) - 1; i >= 0; i-- {
		if r := t.byID[t.finished[i]]; r != nil && r.storeID == "" {
			out = append(out, r)
		}
	}
	return out
}

func (t *runTable) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
}

// start runs plan as r in the background, within the time budget, and
// saves it when it ends, however it ends. r is already counted in s.wg
// (runTable.add).
func (s *Server) start(ctx context.Context, r *run, plan *runner.Plan, args []string) {
	r.mu.Lock()
	r.plan, r.args = plan, args
	r.mu.Unlock()
	s.runs.publish(r)
	go func() {
		defer s.wg.Done()
		defer r.cancel()
		started := time.Now()
		res, err := s.runPlan(ctx, r, plan)
		var rec store.Run
		var recErr error
		if res != nil {
			rec, recErr = runner.Record(command, args, res.Scenario, res.Report, res.Started, res.Finished, res.Err)
			err = res.Err
		} else {
			rec, recErr = runner.Record(command, args, plan.Scenario, nil, started, time.Now(), err)
		}
		s.save(r, rec, recErr, err)
		s.runs.finish(r)
		close(r.done)
	}()
}

// runPlan runs plan as r. A panic (a bug, never an answer to input)
// becomes the run's error, so that the run still ends as every run does —
// saved as failed, its streams closed — and the server keeps serving.
func (s *Server) runPlan(ctx context.Context, r *run, plan *runner.Plan) (res *runner.Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic in a run", "run", r.id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			res, err = nil, fmt.Errorf("internal error: %v", v)
		}
	}()
	return plan.Run(ctx, r.report)
}

// command is the command recorded for the server's runs.
const command = "serve"

// save stores the run's record, or keeps it in memory if there is no
// store or saving fails. A run whose results could not be encoded is
// stored all the same, failed and without results, so that the store
// keeps every run. Why the run failed is its error; that a run which did
// not fail was not saved is only a warning: its figures are whole, and
// kept in memory.
func (s *Server) save(r *run, rec store.Run, recErr, runErr error) {
	var id, warning string
	var msgs []string
	if rec.Status == store.StatusFailed && runErr != nil && !runner.Interrupted(runErr) {
		msgs = append(msgs, fmt.Sprintf("the run failed: %v", runErr))
	}
	if recErr != nil {
		msgs = append(msgs, "the run's results could not be encoded: "+recErr.Error())
		rec.Status, rec.Results = store.StatusFailed, nil
	}
	if s.cfg.Store != nil {
		var err error
		id, err = runner.Save(context.Background(), s.cfg.Store, rec)
		if err != nil {
			warning = "the run was not saved: " + err.Error()
			s.log.Error("saving a run", "run", r.id, "err", err)
		}
	}
	msg := strings.Join(msgs, "; ")
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status, r.storeID, r.errMsg, r.warning = rec.Status, id, msg, warning
	if id == "" {
		rec.ID = r.id
		rec.Saved = time.Now().UTC()
		r.record = &rec
		r.summary = store.SummaryOf(&rec)
	}
	r.plan = nil // the model is large; the record has what readers need
}
