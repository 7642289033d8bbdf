package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestStreamOutlivesReadTimeout follows a run that lasts longer than the
// HTTP server's ReadTimeout (Serve sets one): the stream still ends with
// done, and the run stops at its MaxRunTime, partial. net/http bounds
// only the reading of the request with ReadTimeout — it clears the read
// deadline once the request is read, before the background read that
// notices a client going away — so this holds by net/http's design; the
// test keeps it so should the server ever set deadlines of its own on
// streams (a WriteTimeout, say, would cut them).
func TestStreamOutlivesReadTimeout(t *testing.T) {
	srv := New(Config{MaxRunTime: 2500 * time.Millisecond, MaxSamples: 1 << 30})
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ReadTimeout = 500 * time.Millisecond
	ts.Start()
	e := &env{t: t, srv: srv, base: ts.URL, client: ts.Client()}
	t.Cleanup(func() {
		srv.Shutdown()
		ts.Close()
	})
	start := time.Now()
	_, done := e.follow(e.startRun(long))
	if done.Status != "partial" || time.Since(start) < 2*time.Second {
		t.Fatalf("done %+v after %v", done, time.Since(start))
	}
	if resp, _ := e.do("GET", "/api/health", nil); resp.StatusCode != http.StatusOK {
		t.Fatal(resp.Status)
	}
}
