package server

import (
	"net/http"
	"testing"
)

// BenchmarkHandlers measures the routes a UI session calls most, served
// directly (no network): what a request costs the server's CPU.
func BenchmarkHandlers(b *testing.B) {
	srv := New(Config{})
	defer srv.Shutdown()
	cases := []struct{ name, method, path, body string }{
		{"health", "GET", "/api/health", ""},
		{"default", "GET", "/api/scenario/default", ""},
		{"validate", "POST", "/api/validate", `{"set":["assumptions.defence_pact_honour_rate.mean=0.3"]}`},
		{"validate-errors", "POST", "/api/validate", `{"yaml":"bulwark: 1\nid: Draft\n"}`},
		{"list", "GET", "/api/runs", ""},
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
