package server

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzRequest sends arbitrary methods, paths and bodies: the server
// never answers 5xx (a panic would be recovered as a 500) and every /api
// error is JSON.
func FuzzRequest(f *testing.F) {
	seeds := []struct{ method, path, body string }{
		{"POST", "/api/validate", `{"yaml":"bulwark: 1\nid: x\n"}`},
		{"POST", "/api/validate", `{"set":["=","a.b.c","assumptions..mean=1","arrangements.nato.guarantors=[","x=1=2"]}`},
		{"POST", "/api/validate", `{"yaml":"\u0000\ufeff- [{"}`},
		{"POST", "/api/validate", `{"yaml":"a: &a [*a]\nb: *a\n"}`},
		{"POST", "/api/runs", `{"samples":100,"arrangements":["none"],"seed":18446744073709551615}`},
		{"POST", "/api/runs", `{"precision":1e-300,"workers":4096}`},
		{"POST", "/api/runs", `{"samples":9223372036854775807}`},
		{"POST", "/api/runs", `{"arrangements":[""," ","nato"]}`},
		{"GET", "/api/runs/r-1/events", ""},
		{"GET", "/api/runs/r-1/diff/r-1", ""},
		{"GET", "/api/runs?limit=abc", ""},
		{"DELETE", "/api/runs/%00", ""},
		{"POST", "/api/runs/r-0/cancel", ""},
		{"GET", "/runs/../../etc/passwd", ""},
		{"GET", "/assets/../server.go", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body)
	}
	srv := New(Config{MaxSamples: 1000, MaxRunTime: time.Second, MaxRuns: 4})
	f.Cleanup(srv.Shutdown)
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \t\r\n#?") || method == "" || strings.ContainsAny(method, " \t\r\n/") {
			return // not a request line a client can send
		}
		req, err := http.NewRequest(method, "http://localhost"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/json")
		rec := doHandlerReq(srv, req)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s %q %q: %d %s", method, path, body, rec.Code, rec.Body)
		}
		if strings.HasPrefix(req.URL.Path, "/api/") && rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("%s %q: %d answered %q", method, path, rec.Code, rec.Header().Get("Content-Type"))
		}
	})
}
