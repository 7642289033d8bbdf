package server

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/store"
)

// BenchmarkHandlers measures the routes a UI session calls most, served
// directly (no network): what a request costs the server's CPU. The
// routes reading runs have a store of 50 runs of every arrangement.
func BenchmarkHandlers(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "runs.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	srv := New(Config{Store: st, MaxRuns: 50})
	defer srv.Shutdown()
	for range 50 {
		if rec := doHandler(srv, "POST", "/api/runs", `{"samples":256}`); rec.Code != http.StatusAccepted {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		runs, err := st.List(context.Background(), store.ListOptions{})
		if err != nil || time.Now().After(deadline) {
			b.Fatal("runs not saved", err)
		}
		if len(runs) == 50 {
			break
		}
	}
	cases := []struct{ name, method, path, body string }{
		{"health", "GET", "/api/health", ""},
		{"default", "GET", "/api/scenario/default", ""},
		{"validate", "POST", "/api/validate", `{"set":["assumptions.defence_pact_honour_rate.mean=0.3"]}`},
		{"validate-errors", "POST", "/api/validate", `{"yaml":"bulwark: 1\nid: Draft\n"}`},
		{"list", "GET", "/api/runs", ""},
		{"get", "GET", "/api/runs/25", ""},
		{"csv", "GET", "/api/runs/25/results.csv", ""},
		{"report", "GET", "/api/runs/25/report.html", ""},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if rec := doHandler(srv, c.method, c.path, c.body); rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
