package server

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/store"
)

// long is a run that takes minutes unless stopped.
var long = map[string]any{"samples": 50_000_000, "arrangements": []string{"nato"}}

// TestAPI checks each route's answers to good and bad requests, and that
// every JSON answer conforms to the OpenAPI document.
func TestAPI(t *testing.T) {
	e := newEnv(t, Config{MaxSamples: 1 << 30}, false)
	src, _ := scenario.Embedded(scenario.DefaultName)
	broken := strings.Replace(string(src), "id: menon2023", "id: Menon", 1)
	cases := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		schema string   // the answer conforms to this schema
		has    []string // substrings of the answer
	}{
		{"health", "GET", "/api/health", nil, 200, "Health", []string{`"status":"ok"`, `"version":"devel"`}},
		{"default scenario", "GET", "/api/scenario/default", nil, 200, "DefaultScenario", []string{`"name":"menon2023.yaml"`, "bulwark: 1"}},
		{"validate default", "POST", "/api/validate", map[string]any{}, 200, "Validation",
			[]string{`"ok":true`, `"scenario":"menon2023"`, `{"id":"nato","title":"NATO membership"}`, `"id":"defence_pact_honour_rate"`, `"param":"mode"`}},
		{"validate text", "POST", "/api/validate", map[string]any{"yaml": string(src), "set": []string{"assumptions.defence_pact_honour_rate.mean=0.3"}}, 200, "Validation", []string{`"ok":true`}},
		{"validate errors", "POST", "/api/validate", map[string]any{"yaml": broken}, 200, "Validation",
			[]string{`"ok":false`, `"file":"scenario.yaml"`, `"severity":"error"`, `"hint":`}},
		{"validate bad set", "POST", "/api/validate", map[string]any{"set": []string{"assumptions.nope.mean=1"}}, 200, "Validation", []string{`"ok":false`, "nope"}},
		{"validate not yaml", "POST", "/api/validate", map[string]any{"yaml": "{[: ]"}, 200, "Validation", []string{`"ok":false`, `"line":1`}},
		{"validate unknown field", "POST", "/api/validate", `{"yml":""}`, 400, "Error", []string{`unknown field \"yml\"`}},
		{"validate not json", "POST", "/api/validate", `yaml: x`, 400, "Error", []string{"reading the request body"}},
		{"validate two objects", "POST", "/api/validate", `{} {}`, 400, "Error", []string{"extra data"}},
		{"validate stray brace", "POST", "/api/validate", `{}}`, 400, "Error", []string{"extra data"}},
		{"validate stray bracket", "POST", "/api/validate", `{}]`, 400, "Error", []string{"extra data"}},
		{"validate trailing word", "POST", "/api/validate", `{} x`, 400, "Error", []string{"extra data"}},
		{"validate trailing space", "POST", "/api/validate", "{} \n", 200, "Validation", nil},
		{"run stray brace", "POST", "/api/runs", `{"samples":10}}`, 400, "Error", []string{"extra data"}},
		{"validate empty body", "POST", "/api/validate", ``, 400, "Error", []string{"EOF"}},
		{"run bad scenario", "POST", "/api/runs", map[string]any{"yaml": broken}, 400, "Error", []string{"the scenario has errors", `"diagnostics":[`}},
		{"run unknown arrangement", "POST", "/api/runs", map[string]any{"arrangements": []string{"nat"}}, 400, "Error", []string{`unknown arrangement \"nat\"`}},
		{"run both", "POST", "/api/runs", map[string]any{"samples": 10, "precision": 0.1}, 400, "Error", []string{"give samples or precision, not both"}},
		{"run zero samples", "POST", "/api/runs", map[string]any{"samples": 0}, 400, "Error", []string{"samples 0: give a number of draws"}},
		{"run bad precision", "POST", "/api/runs", map[string]any{"precision": 1.5}, 400, "Error", []string{"precision 1.5"}},
		{"run negative seed", "POST", "/api/runs", `{"seed":-1}`, 400, "Error", []string{"reading the request body"}},
		{"run bad workers", "POST", "/api/runs", map[string]any{"workers": -2}, 400, "Error", []string{"workers -2"}},
		{"run too many workers", "POST", "/api/runs", map[string]any{"workers": runtime.GOMAXPROCS(0) + 1}, 400, "Error", []string{"CPUs"}},
		{"run far too many workers", "POST", "/api/runs", map[string]any{"workers": 4096}, 400, "Error", []string{"workers 4096"}},
		{"run wrong type", "POST", "/api/runs", `{"samples":"many"}`, 400, "Error", nil},
		{"list", "GET", "/api/runs", nil, 200, "", []string{`{"runs":[]}`}},
		{"list bad limit", "GET", "/api/runs?limit=-1", nil, 400, "Error", []string{"limit"}},
		{"list huge limit", "GET", "/api/runs?limit=99999999999999999999", nil, 400, "Error", nil},
		{"get unknown", "GET", "/api/runs/99", nil, 404, "Error", []string{`no run with id \"99\"`}},
		{"get unknown provisional", "GET", "/api/runs/r-99", nil, 404, "Error", nil},
		{"get odd id", "GET", "/api/runs/%25_%5C", nil, 404, "Error", nil},
		{"events unknown", "GET", "/api/runs/r-7/events", nil, 404, "Error", nil},
		{"cancel unknown", "POST", "/api/runs/42/cancel", nil, 404, "Error", nil},
		{"delete unknown", "DELETE", "/api/runs/42", nil, 404, "Error", nil},
		{"diff unknown", "GET", "/api/runs/1/diff/2", nil, 404, "Error", nil},
		{"report unknown", "GET", "/api/runs/1/report.html", nil, 404, "Error", nil},
		{"csv unknown", "GET", "/api/runs/1/results.csv", nil, 404, "Error", nil},
		{"json unknown", "GET", "/api/runs/1/results.json", nil, 404, "Error", nil},
		{"unknown api route", "GET", "/api/nope", nil, 404, "Error", []string{"no such API route"}},
		{"wrong method", "PUT", "/api/health", nil, 405, "Error", []string{"use GET"}},
		{"wrong method on a run", "PATCH", "/api/runs/7", nil, 405, "Error", []string{"use GET or DELETE"}},
		{"wrong method on runs", "DELETE", "/api/runs", nil, 405, "Error", []string{"use POST or GET"}},
		{"openapi", "GET", "/openapi.json", nil, 200, "", []string{`"openapi": "3.1.0"`}},
		{"index", "GET", "/", nil, 200, "", []string{"<html"}},
		{"permalink", "GET", "/runs/7-3f9a2c", nil, 200, "", []string{"<html"}},
		{"asset", "GET", "/assets/index.html", nil, 200, "", []string{"<html"}},
		{"missing asset", "GET", "/assets/nope.js", nil, 404, "", nil},
		{"unknown page", "GET", "/nope", nil, 404, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, b := e.do(c.method, c.path, c.body)
			if resp.StatusCode != c.status {
				t.Fatalf("%s %s: %d, want %d: %s", c.method, c.path, resp.StatusCode, c.status, b)
			}
			for _, s := range c.has {
				if !strings.Contains(string(b), s) {
					t.Errorf("answer lacks %q: %s", s, b)
				}
			}
			if c.schema != "" {
				conforms(t, c.schema, b)
				if c.schema == "Error" && !strings.Contains(string(b), `"status":`+strconv.Itoa(c.status)) {
					t.Errorf("error body's status is not %d: %s", c.status, b)
				}
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff header")
			}
		})
	}
}

// TestSliders checks that every slider's range holds its value and that
// setting it through set is accepted.
func TestSliders(t *testing.T) {
	e := newEnv(t, Config{}, true)
	_, b := e.do("POST", "/api/validate", map[string]any{})
	var v struct {
		Assumptions []slider
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Assumptions) < 20 {
		t.Fatalf("only %d sliders", len(v.Assumptions))
	}
	for _, s := range v.Assumptions {
		if !(s.Min <= s.Value && s.Value <= s.Max && s.Min < s.Max && s.Step > 0 && s.Step <= s.Max-s.Min) || s.Source == "" || s.Label == "" {
			t.Errorf("slider %+v", s)
		}
	}
	// Every point of a slider's range is one the scenario accepts: its
	// value and both its ends (a beta's mean of 0, say, is left out).
	for _, at := range []struct {
		name string
		pick func(slider) float64
	}{
		{"value", func(s slider) float64 { return s.Value }},
		{"min", func(s slider) float64 { return s.Min }},
		{"max", func(s slider) float64 { return s.Max }},
	} {
		var sets []string
		for _, s := range v.Assumptions {
			sets = append(sets, "assumptions."+s.ID+"."+s.Param+"="+strconv.FormatFloat(at.pick(s), 'g', -1, 64))
		}
		_, b = e.do("POST", "/api/validate", map[string]any{"set": sets})
		if !strings.Contains(string(b), `"ok":true`) {
			t.Errorf("setting every slider to its %s: %s", at.name, b)
		}
	}
}

func TestNiceStep(t *testing.T) {
	cases := []struct{ in, want float64 }{{0.01, 0.01}, {0.011, 0.02}, {0.03, 0.05}, {0.07, 0.1}, {3, 5}, {0, 1}, {-1, 1}}
	for _, c := range cases {
		if got := niceStep(c.in); got != c.want {
			t.Errorf("niceStep(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestRunLifecycle starts runs, follows them by SSE with a real client,
// reads them by provisional and store id, lists, diffs, downloads and
// removes them.
func TestRunLifecycle(t *testing.T) {
	e := newEnv(t, Config{}, false)
	id := e.startRun(map[string]any{"samples": 4096, "seed": 7, "arrangements": []string{"nato", "none"}})
	evs, done := e.follow(id)
	if done.Status != "complete" || !strings.HasPrefix(done.ID, "1-") || done.URL != "/runs/"+done.ID {
		t.Fatalf("done %+v", done)
	}
	var last progressView
	for _, ev := range evs[:len(evs)-1] {
		if ev.Name != "progress" {
			t.Fatalf("event %+v before done", ev)
		}
		var p progressView
		if err := json.Unmarshal([]byte(ev.Data), &p); err != nil || p.Done < last.Done || p.Total != 4096 {
			t.Fatalf("progress %s after %+v", ev.Data, last)
		}
		last = p
	}
	// A finished run's stream answers done at once, by either id.
	for _, rid := range []string{id, done.ID} {
		evs, d := e.follow(rid)
		if len(evs) != 1 || d != done {
			t.Errorf("stream of finished %s: %v", rid, evs)
		}
	}
	for _, rid := range []string{id, done.ID, "1"} {
		resp, b := e.do("GET", "/api/runs/"+rid, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", rid, resp.StatusCode, b)
		}
		conforms(t, "Run", b)
		var v runView
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if v.ID != done.ID || v.Status != "complete" || !v.Stored || v.Command != "serve" || v.Seed != 7 ||
			!slices.Equal(v.Args, []string{"serve", "--arrangements=nato", "--arrangements=none", "--samples=4096", "--seed=7"}) ||
			!strings.Contains(string(v.Results), `"samples":4096`) {
			t.Errorf("run %s: %s", rid, b)
		}
		// The run's scenario comes back as YAML that loads, and is the one
		// the run computed.
		resp, y := e.do("GET", "/api/runs/"+rid+"/scenario.yaml", nil)
		sc, d := scenario.Load("run.yaml", y, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/yaml; charset=utf-8" ||
			resp.Header.Get("Content-Disposition") != `attachment; filename="run-`+done.ID+`.yaml"` ||
			d.HasErrors() || !strings.HasPrefix(string(y), "bulwark: 1\n") || sc.SHA256() != v.ScenarioSHA256 {
			t.Errorf("run %s: scenario.yaml %d %v %.100q: %v", rid, resp.StatusCode, resp.Header, y, d)
		}
	}
	stored, err := e.st.Get(context.Background(), done.ID)
	if err != nil || stored.Status != store.StatusComplete || stored.Command != "serve" {
		t.Fatalf("stored %+v %v", stored, err)
	}
	id2 := e.startRun(map[string]any{"samples": 4096, "seed": 8, "arrangements": []string{"nato", "none"}})
	_, done2 := e.follow(id2)
	resp, b := e.do("GET", "/api/runs", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), done.ID) || strings.Index(string(b), done2.ID) > strings.Index(string(b), done.ID) {
		t.Errorf("list: %s", b)
	}
	var list struct{ Runs []json.RawMessage }
	if err := json.Unmarshal(b, &list); err != nil || len(list.Runs) != 2 {
		t.Fatalf("list %s", b)
	}
	conforms(t, "Summary", list.Runs[0])
	if _, b := e.do("GET", "/api/runs?limit=1", nil); strings.Contains(string(b), done.ID) {
		t.Errorf("limit=1 lists the older run: %s", b)
	}
	resp, b = e.do("GET", "/api/runs/"+id+"/diff/"+done2.ID, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"same_scenario":true`) || !strings.Contains(string(b), `"--seed=7"`) {
		t.Errorf("diff: %d %s", resp.StatusCode, b)
	}
	conforms(t, "Diff", b)
	downloads := []struct {
		path, ctype, has string
	}{
		{"/report.html", "text/html; charset=utf-8", "<!DOCTYPE html>"},
		{"/results.json", "application/json", `"scenario": "menon2023"`},
		{"/results.csv", "text/csv; charset=utf-8", "arrangement,metric,label,kind,mean,ci95_low,ci95_high,n\nnato,p_attack,"},
	}
	for _, d := range downloads {
		resp, b := e.do("GET", "/api/runs/"+done.ID+d.path, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != d.ctype || !strings.Contains(string(b), d.has) ||
			!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="bulwark-run-`+done.ID) {
			t.Errorf("%s: %d %v %.200s", d.path, resp.StatusCode, resp.Header, b)
		}
	}
	// Cancelling a finished run is a conflict; removing it works once.
	if resp, b := e.do("POST", "/api/runs/"+id+"/cancel", nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("cancel finished: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.do("DELETE", "/api/runs/"+id, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("delete: %d %s", resp.StatusCode, b)
	}
	for _, rid := range []string{id, done.ID} {
		if resp, _ := e.do("GET", "/api/runs/"+rid, nil); resp.StatusCode != 404 {
			t.Errorf("GET %s after delete: %d", rid, resp.StatusCode)
		}
	}
	if resp, _ := e.do("DELETE", "/api/runs/"+done2.ID, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("delete by store id: %d", resp.StatusCode)
	}
}

// TestNoStore keeps finished runs in memory.
func TestNoStore(t *testing.T) {
	e := newEnv(t, Config{}, true)
	id := e.startRun(map[string]any{"samples": 1024, "arrangements": []string{"none"}})
	_, done := e.follow(id)
	if done.ID != id || done.Status != "complete" {
		t.Fatalf("done %+v", done)
	}
	resp, b := e.do("GET", "/api/runs/"+id, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"stored":false`) || !strings.Contains(string(b), `"samples":1024`) {
		t.Fatalf("GET: %d %s", resp.StatusCode, b)
	}
	conforms(t, "Run", b)
	if _, b := e.do("GET", "/api/runs", nil); !strings.Contains(string(b), `"id":"`+id+`"`) || !strings.Contains(string(b), `"samples":1024`) {
		t.Errorf("list: %s", b)
	}
	if resp, _ := e.do("GET", "/api/runs/"+id+"/results.csv", nil); resp.StatusCode != 200 {
		t.Errorf("csv: %d", resp.StatusCode)
	}
	if resp, _ := e.do("DELETE", "/api/runs/"+id, nil); resp.StatusCode != 204 {
		t.Errorf("delete: %d", resp.StatusCode)
	}
	if resp, _ := e.do("GET", "/api/runs/"+id, nil); resp.StatusCode != 404 {
		t.Errorf("GET after delete: %d", resp.StatusCode)
	}
}

// TestCancel stops a computing run: it is stored partial, and the
// running run answers GET with its progress first.
func TestCancel(t *testing.T) {
	e := newEnv(t, Config{MaxSamples: 1 << 30}, false)
	id := e.startRun(long)
	e.waitProgress(id)
	resp, b := e.do("GET", "/api/runs/"+id, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"status":"running"`) || !strings.Contains(string(b), `"results":null`) ||
		!strings.Contains(string(b), `"progress":{"done":`) || !strings.Contains(string(b), `"scenario":"menon2023"`) {
		t.Fatalf("running: %s", b)
	}
	conforms(t, "Run", b)
	for _, p := range []string{"/report.html", "/results.csv", "/diff/" + id} {
		if resp, _ := e.do("GET", "/api/runs/"+id+p, nil); resp.StatusCode != http.StatusConflict {
			t.Errorf("%s of a running run: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := e.do("DELETE", "/api/runs/"+id, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("delete running: %d", resp.StatusCode)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := e.stream(ctx, id)
	resp, b = e.do("POST", "/api/runs/"+id+"/cancel", nil)
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(string(b), `"status":"cancelling"`) {
		t.Fatalf("cancel: %d %s", resp.StatusCode, b)
	}
	conforms(t, "RunStarted", b)
	var done doneEvent
	for ev := range events {
		if ev.Name == "done" {
			_ = json.Unmarshal([]byte(ev.Data), &done)
		}
	}
	if done.Status != "partial" {
		t.Fatalf("done %+v", done)
	}
	r, err := e.st.Get(context.Background(), done.ID)
	if err != nil || r.Status != store.StatusPartial || !strings.Contains(string(r.Results), `"partial":true`) {
		t.Fatalf("stored %v %v", r, err)
	}
}

// TestConcurrencyLimit refuses a run beyond MaxRuns with 429 and
// Retry-After, and accepts one again once a slot is free.
func TestConcurrencyLimit(t *testing.T) {
	e := newEnv(t, Config{MaxRuns: 2, MaxSamples: 1 << 30}, false)
	a, b := e.startRun(long), e.startRun(long)
	resp, body := e.do("POST", "/api/runs", map[string]any{"samples": 100})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "--max-runs") {
		t.Fatalf("third run: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	conforms(t, "Error", body)
	// A refused request with a bad body is still refused, not started.
	if resp, _ := e.do("POST", "/api/runs", map[string]any{"samples": 0}); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("bad run while busy: %d", resp.StatusCode)
	}
	e.do("POST", "/api/runs/"+a+"/cancel", nil)
	e.follow(a)
	c := e.startRun(map[string]any{"samples": 100, "arrangements": []string{"none"}})
	e.do("POST", "/api/runs/"+b+"/cancel", nil)
	for _, id := range []string{b, c} {
		e.follow(id)
	}
	runs, err := e.st.List(context.Background(), store.ListOptions{})
	if err != nil || len(runs) != 3 {
		t.Fatalf("%d runs stored, want 3: %v", len(runs), err)
	}
}

// TestBudgets: a run past the time budget is stored partial; samples
// above the sample budget are refused, and a precision run stops at it.
func TestBudgets(t *testing.T) {
	e := newEnv(t, Config{MaxRunTime: 300 * time.Millisecond, MaxSamples: 1 << 30}, false)
	start := time.Now()
	_, done := e.follow(e.startRun(long))
	if done.Status != "partial" || time.Since(start) > time.Minute {
		t.Fatalf("run past its time budget: %+v after %v", done, time.Since(start))
	}
	e = newEnv(t, Config{MaxSamples: 2048}, false)
	resp, b := e.do("POST", "/api/runs", map[string]any{"samples": 2049})
	if resp.StatusCode != 400 || !strings.Contains(string(b), "at most 2048 draws") {
		t.Errorf("samples over budget: %d %s", resp.StatusCode, b)
	}
	_, done = e.follow(e.startRun(map[string]any{"precision": 0.0001, "arrangements": []string{"none"}}))
	_, b = e.do("GET", "/api/runs/"+done.ID, nil)
	if !strings.Contains(string(b), `"samples":2048`) || done.Status != "complete" {
		t.Errorf("precision run under a 2048 budget: %+v %.300s", done, b)
	}
}

// TestAuth requires the token on /api routes only, compared exactly.
func TestAuth(t *testing.T) {
	e := newEnv(t, Config{Token: "s3cret"}, true)
	cases := []struct {
		name   string
		path   string
		header []string
		status int
	}{
		{"no header", "/api/health", nil, 401},
		{"wrong token", "/api/health", []string{"Authorization", "Bearer s3cre"}, 401},
		{"longer token", "/api/health", []string{"Authorization", "Bearer s3crets"}, 401},
		{"no scheme", "/api/health", []string{"Authorization", "s3cret"}, 401},
		{"basic", "/api/health", []string{"Authorization", "Basic s3cret"}, 401},
		{"right token", "/api/health", []string{"Authorization", "Bearer s3cret"}, 200},
		{"scheme in lower case", "/api/health", []string{"Authorization", "bearer s3cret"}, 200},
		{"scheme in upper case", "/api/health", []string{"Authorization", "BEARER s3cret"}, 200},
		{"token's case matters", "/api/health", []string{"Authorization", "Bearer S3CRET"}, 401},
		{"scheme alone", "/api/health", []string{"Authorization", "Bearer "}, 401},
		{"short header", "/api/health", []string{"Authorization", "Bear"}, 401},
		{"unknown route needs it too", "/api/nope", nil, 401},
		{"runs need it", "/api/runs", nil, 401},
		{"UI is public", "/", nil, 200},
		{"permalink is public", "/runs/1", nil, 200},
		{"openapi is public", "/openapi.json", nil, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, b := e.do("GET", c.path, nil, c.header...)
			if resp.StatusCode != c.status {
				t.Fatalf("%d, want %d: %s", resp.StatusCode, c.status, b)
			}
			if c.status == 401 {
				conforms(t, "Error", b)
				if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Error("no WWW-Authenticate")
				}
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	cases := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true}, {"localhost:80", true}, {"[::1]:8080", true}, {"127.1.2.3:0", true},
		{"0.0.0.0:8080", false}, {":8080", false}, {"[::]:8080", false}, {"192.168.1.2:8080", false},
		{"example.com:80", false}, {"127.0.0.1", false}, {"", false}, {"localhost.evil.com:80", false},
	}
	for _, c := range cases {
		if got := IsLoopback(c.addr); got != c.want {
			t.Errorf("IsLoopback(%q) = %v, want %v", c.addr, got, c.want)
		}
	}
}

// TestBodyLimit answers 413 to a body over MaxBody.
func TestBodyLimit(t *testing.T) {
	e := newEnv(t, Config{MaxBody: 4096}, true)
	cases := []struct {
		name   string
		path   string
		size   int
		status int
	}{
		{"validate small", "/api/validate", 100, 200},
		{"validate large", "/api/validate", 5000, 413},
		{"run large", "/api/runs", 5000, 413},
		{"validate huge", "/api/validate", 10 << 20, 413},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := `{"yaml":"` + strings.Repeat("#", c.size) + `"}`
			resp, b := e.do("POST", c.path, body)
			if resp.StatusCode != c.status {
				t.Fatalf("%d, want %d: %.200s", resp.StatusCode, c.status, b)
			}
			if c.status == 413 && !strings.Contains(string(b), "at most 4 KiB") {
				t.Errorf("413 message: %s", b)
			}
		})
	}
}

// TestCrossSite refuses what a page on another site can make a browser
// send to a server on loopback: simple (non-JSON) bodies, cross-site
// requests, and, through DNS rebinding, requests naming another host.
func TestCrossSite(t *testing.T) {
	e := newEnv(t, Config{}, true)
	cases := []struct {
		name   string
		method string
		path   string
		body   any
		header []string
		status int
	}{
		{"text/plain body", "POST", "/api/runs", `{"samples":10}`, []string{"Content-Type", "text/plain"}, 415},
		{"form body", "POST", "/api/validate", `yaml=x`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
		{"no content type", "POST", "/api/validate", `{}`, []string{"Content-Type", ""}, 415},
		{"json with charset", "POST", "/api/validate", `{}`, []string{"Content-Type", "application/json; charset=utf-8"}, 200},
		{"cross-site post", "POST", "/api/validate", `{}`, []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"cross-origin cancel", "POST", "/api/runs/r-1/cancel", nil, []string{"Origin", "https://evil.example"}, 403},
		{"same-origin post", "POST", "/api/validate", `{}`, []string{"Sec-Fetch-Site", "same-origin"}, 200},
		{"rebound host", "GET", "/api/health", nil, []string{"Host", "evil.example"}, 421},
		{"rebound host with port", "POST", "/api/validate", `{}`, []string{"Host", "evil.example:8080"}, 421},
		{"rebound page", "GET", "/", nil, []string{"Host", "evil.example"}, 421},
		{"localhost", "GET", "/api/health", nil, []string{"Host", "localhost:8080"}, 200},
		{"localhost without port", "GET", "/api/health", nil, []string{"Host", "localhost"}, 200},
		{"ipv6 loopback", "GET", "/api/health", nil, []string{"Host", "[::1]:8080"}, 200},
		{"ipv4 loopback", "GET", "/api/health", nil, []string{"Host", "127.0.0.1"}, 200},
		{"other loopback name", "GET", "/api/health", nil, []string{"Host", "localhost.evil.example"}, 421},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, b := e.do(c.method, c.path, c.body, c.header...)
			if resp.StatusCode != c.status {
				t.Fatalf("%d, want %d: %s", resp.StatusCode, c.status, b)
			}
			if c.status >= 400 {
				conforms(t, "Error", b)
			}
		})
	}
	// With a token the server may answer to any name (it is meant to be
	// reached from elsewhere), but still refuses cross-site requests.
	te := newEnv(t, Config{Token: "tok"}, true)
	resp, b := te.do("GET", "/api/health", nil, "Host", "bulwark.internal:8080", "Authorization", "Bearer tok")
	if resp.StatusCode != 200 {
		t.Errorf("token server, other host: %d %s", resp.StatusCode, b)
	}
	resp, b = te.do("POST", "/api/validate", `{}`, "Sec-Fetch-Site", "cross-site", "Authorization", "Bearer tok")
	if resp.StatusCode != 403 {
		t.Errorf("token server, cross-site: %d %s", resp.StatusCode, b)
	}
}
