package server

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/store"
)

// TestShutdown stops a server with runs computing and clients following
// them: Serve returns once every run is stored, marked partial, the
// streams end, and the listener is closed. No run is lost.
func TestShutdown(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := New(Config{Store: st, MaxRuns: 3, MaxSamples: 1 << 30})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, 5*time.Second) }()
	base := "http://" + ln.Addr().String()
	e := &env{t: t, srv: srv, st: st, base: base, client: &http.Client{}}

	quick := e.startRun(map[string]any{"samples": 512, "arrangements": []string{"none"}})
	e.follow(quick)
	ids := []string{e.startRun(long), e.startRun(long), e.startRun(long)}
	for _, id := range ids {
		e.waitProgress(id)
	}
	streams := make([]<-chan event, len(ids))
	for i, id := range ids {
		streams[i] = e.stream(context.Background(), id)
	}
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Serve did not return")
	}
	// Every stream ended with done, partial.
	for i, ch := range streams {
		var last event
		for ev := range ch {
			last = ev
		}
		if last.Name != "done" {
			t.Errorf("stream of %s ended with %+v", ids[i], last)
		}
	}
	runs, err := st.List(context.Background(), store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[store.Status]int{}
	for _, r := range runs {
		statuses[r.Status]++
	}
	if len(runs) != 4 || statuses[store.StatusPartial] != 3 || statuses[store.StatusComplete] != 1 {
		t.Errorf("stored %d runs: %v", len(runs), statuses)
	}
	if _, err := http.Get(base + "/api/health"); err == nil {
		t.Error("the server still accepts connections")
	}
	// New runs are refused once shut down.
	rec := doHandler(srv, "POST", "/api/runs", `{"samples":10}`)
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("run after shutdown: %d", rec.Code)
	}
}

// TestShutdownGraceAfterSaves checks that the grace period for open
// requests starts once the runs are saved: a save held up by another
// process's lock on the store (longer than the grace period) still lets
// the run's stream end with its done event.
func TestShutdownGraceAfterSaves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := New(Config{Store: st, MaxSamples: 1 << 30})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, 200*time.Millisecond) }()
	e := &env{t: t, srv: srv, st: st, base: "http://" + ln.Addr().String(), client: &http.Client{}}
	id := e.startRun(long)
	e.waitProgress(id)
	ch := e.stream(context.Background(), id)

	// Another process writing: hold the store's write lock for a second.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	stop()
	time.Sleep(time.Second)
	if _, err := conn.ExecContext(context.Background(), "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	var last event
	for ev := range ch {
		last = ev
	}
	if last.Name != "done" || !strings.Contains(last.Data, `"status":"partial"`) {
		t.Errorf("the stream ended with %+v", last)
	}
}
