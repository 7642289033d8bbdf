package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/internal/runner"
)

// TestRunTableReserve checks that a run is found by its id only once it
// has started: a run refused while it was being prepared was never found,
// so no event stream waits for it forever and no cancel reaches it.
func TestRunTableReserve(t *testing.T) {
	var tb runTable
	tb.init()
	var wg sync.WaitGroup
	cases := []struct {
		name  string
		start bool
	}{
		{"refused", false},
		{"started", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := tb.add(1, func() {}, &wg)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := tb.get(r.id); ok {
				t.Fatalf("%s is found before it has started", r.id)
			}
			if _, err := tb.add(1, func() {}, &wg); !errors.Is(err, errBusy) {
				t.Fatalf("a reserved place is not counted: %v", err)
			}
			if !c.start {
				tb.drop(&wg)
				if _, ok := tb.get(r.id); ok {
					t.Fatalf("dropped %s is found", r.id)
				}
				return
			}
			tb.publish(r)
			if got, ok := tb.get(r.id); !ok || got != r {
				t.Fatalf("started %s is not found", r.id)
			}
			close(r.done)
			tb.finish(r)
			wg.Done()
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the wait group still counts a run")
	}
}

// TestRefusedRunStream checks through the API that a run refused at
// start leaves nothing behind: its would-be id is unknown (404), not a
// stream that never ends, and cancelling it does not touch the next run.
func TestRefusedRunStream(t *testing.T) {
	e := newEnv(t, Config{MaxSamples: 1 << 30}, false)
	resp, b := e.do("POST", "/api/runs", map[string]any{"arrangements": []string{"nope"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("refused run: %d %s", resp.StatusCode, b)
	}
	// The refused run took r-1; nothing answers for it.
	for _, p := range []string{"/api/runs/r-1/events", "/api/runs/r-1"} {
		if resp, b := e.do("GET", p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d %s", p, resp.StatusCode, b)
		}
	}
	if resp, b := e.do("POST", "/api/runs/r-1/cancel", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("cancel r-1: %d %s", resp.StatusCode, b)
	}
	id := e.startRun(map[string]any{"samples": 256, "arrangements": []string{"none"}})
	_, done := e.follow(id)
	if done.Status != "complete" {
		t.Errorf("the next run ended %+v", done)
	}
}

// TestRunPanic checks that a panic in a run (here a plan without a
// model) does not take the server down: the run ends failed, saved, and
// its stream closes with an error and done.
func TestRunPanic(t *testing.T) {
	e := newEnv(t, Config{}, false)
	plan, err := runner.Prepare(context.Background(), runner.Spec{Samples: ptr[int64](16)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan.Model = nil
	rn, err := e.srv.runs.add(1, func() {}, &e.srv.wg)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.start(context.Background(), rn, plan, []string{command})
	evs, done := e.follow(rn.id)
	if done.Status != "failed" || len(evs) < 2 || evs[len(evs)-2].Name != "error" ||
		!strings.Contains(evs[len(evs)-2].Data, "internal error") {
		t.Fatalf("events %v", evs)
	}
	got, err := e.st.Get(context.Background(), done.ID)
	if err != nil || got.Status != "failed" {
		t.Fatalf("stored %+v, %v", got, err)
	}
	if resp, b := e.do("GET", "/api/health", nil); resp.StatusCode != 200 {
		t.Errorf("health after the panic: %d %s", resp.StatusCode, b)
	}
}

// TestSaveFailureWarns checks that a complete run the store could not
// save ends with a warning, not an error: its figures are whole, kept in
// memory.
func TestSaveFailureWarns(t *testing.T) {
	e := newEnv(t, Config{}, false)
	e.st.Close() // every save now fails
	id := e.startRun(map[string]any{"samples": 64, "arrangements": []string{"none"}})
	evs, done := e.follow(id)
	var names []string
	for _, ev := range evs {
		if ev.Name != "progress" {
			names = append(names, ev.Name)
		}
	}
	if done.Status != "complete" || done.ID != id || strings.Join(names, ",") != "warning,done" ||
		!strings.Contains(evs[len(evs)-2].Data, "not saved") {
		t.Fatalf("done %+v, events %v", done, evs)
	}
	resp, b := e.do("GET", "/api/runs/"+id, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"warning":"the run was not saved`) || strings.Contains(string(b), `"error"`) {
		t.Fatalf("GET: %d %.400s", resp.StatusCode, b)
	}
	conforms(t, "Run", b)
}

// TestSaveUnencodable checks that a run whose results cannot be encoded
// is stored all the same, failed and without results, and that its
// error tells every reason.
func TestSaveUnencodable(t *testing.T) {
	plan, err := runner.Prepare(context.Background(), runner.Spec{Samples: ptr[int64](16)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	encErr := errors.New("json: unsupported value: NaN")
	cases := []struct {
		name   string
		runErr error
		want   []string
	}{
		{"complete run", nil, []string{"could not be encoded: json: unsupported value: NaN"}},
		{"cancelled run", context.Canceled, []string{"could not be encoded"}},
		{"failed run", errors.New("boom"), []string{"the run failed: boom", "could not be encoded"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, Config{}, false)
			rn, err := e.srv.runs.add(1, func() {}, &e.srv.wg)
			if err != nil {
				t.Fatal(err)
			}
			e.srv.runs.publish(rn)
			rec, _ := runner.Record(command, []string{command}, plan.Scenario, nil, time.Now(), time.Now(), c.runErr)
			rec.Results = []byte(`{"partial":`) // what was encoded before the failure
			e.srv.save(rn, rec, encErr, c.runErr)
			e.srv.runs.finish(rn)
			close(rn.done)
			e.srv.wg.Done()
			sn := rn.snapshot()
			if sn.storeID == "" || sn.status != "failed" || sn.warning != "" {
				t.Fatalf("snapshot %+v", sn)
			}
			for _, w := range c.want {
				if !strings.Contains(sn.errMsg, w) {
					t.Errorf("error %q lacks %q", sn.errMsg, w)
				}
			}
			got, err := e.st.Get(context.Background(), sn.storeID)
			if err != nil || got.Status != "failed" || got.Results != nil {
				t.Fatalf("stored %+v, %v", got, err)
			}
		})
	}
}

// TestStreamHeadersAtOnce checks that an event stream's headers arrive
// before the run's first event: a run that has not reported yet must not
// leave the client waiting to know that its stream is open.
func TestStreamHeadersAtOnce(t *testing.T) {
	e := newEnv(t, Config{}, true)
	rn, err := e.srv.runs.add(1, func() {}, &e.srv.wg)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.runs.publish(rn) // found, but silent: never started
	defer func() {
		close(rn.done)
		e.srv.runs.finish(rn)
		e.srv.wg.Done()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", e.base+"/api/runs/"+rn.id+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		t.Fatalf("no headers within 5 s (the keep-alive comes after %v): %v", keepAlive, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
