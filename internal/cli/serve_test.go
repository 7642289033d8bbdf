package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/store"
)

func TestServeRefuses(t *testing.T) {
	t.Setenv("BULWARK_TOKEN", "")
	cases := []struct {
		name string
		args []string
		err  string
	}{
		{"non-loopback without token", []string{"--addr", "0.0.0.0:0"}, "reachable from other machines: give a token"},
		{"all interfaces without token", []string{"--addr", ":0"}, "give a token"},
		{"bad address", []string{"--addr", "8080"}, `--addr "8080": give host:port`},
		{"no runs", []string{"--max-runs", "0"}, "--max-runs 0"},
		{"no samples", []string{"--max-samples", "0"}, "--max-samples 0"},
		{"no time", []string{"--max-run-time", "0s"}, "--max-run-time 0s"},
		{"tiny body", []string{"--max-body", "10"}, "--max-body 10"},
		{"store and no store", []string{"--store", "x.db", "--no-store"}, "not both"},
		{"arguments", []string{"extra"}, "unknown command"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, append([]string{"serve"}, c.args...)...)
			if r.code != ExitInvalid || !strings.Contains(r.stderr, c.err) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, c.err)
			}
		})
	}
}

// TestServe starts bulwark serve, starts a run through the API and stops
// the server as SIGINT would: the run is saved partial and serve exits 0.
func TestServe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	addrc := make(chan string, 1)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	ctx = context.WithValue(ctx, listenHookKey{}, func(addr string) { addrc <- addr })
	done := make(chan result, 1)
	// A token that cannot turn up in the output by chance: serve must
	// never print it.
	const token = "tok-5f3a9c1e7b2d"
	go func() {
		done <- runCtx(t, ctx, "serve", "--addr", "127.0.0.1:0", "--store", path, "--token", token, "--max-samples", "100000000")
	}()
	var base string
	select {
	case a := <-addrc:
		base = "http://" + a
	case r := <-done:
		t.Fatalf("serve exited %d: %s", r.code, r.stderr)
	}
	call := func(method, p, body string) (int, string) {
		req, _ := http.NewRequest(method, base+p, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, b := call("GET", "/api/health", ""); code != 200 || !strings.Contains(b, `"version":"`+Version()+`"`) {
		t.Fatalf("health: %d %s", code, b)
	}
	if code, b := call("POST", "/api/runs", `{"samples":50000000,"arrangements":["nato"]}`); code != http.StatusAccepted {
		t.Fatalf("run: %d %s", code, b)
	}
	for deadline := time.Now().Add(time.Minute); ; {
		_, b := call("GET", "/api/runs/r-1", "")
		var v struct{ Progress struct{ Done int64 } }
		if json.Unmarshal([]byte(b), &v) == nil && v.Progress.Done > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no progress: %s", b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	r := <-done
	if r.code != ExitOK || !strings.Contains(r.stderr, "serving on http://127.0.0.1:") || !strings.Contains(r.stderr, "?token=…") ||
		strings.Contains(r.stderr, token) || strings.Contains(r.stdout, token) || !strings.Contains(r.stderr, "Stopped") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.List(context.Background(), store.ListOptions{})
	if err != nil || len(runs) != 1 || runs[0].Status != store.StatusPartial || runs[0].Command != "serve" {
		t.Fatalf("stored %+v %v", runs, err)
	}
}
