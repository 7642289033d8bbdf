package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/store"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// env is a server under test behind httptest, with its store.
type env struct {
	t      *testing.T
	srv    *Server
	base   string // the server's URL
	client *http.Client
	st     *store.Store
}

// newEnv starts a server with cfg and, unless noStore, a fresh store.
func newEnv(t *testing.T, cfg Config, noStore bool) *env {
	t.Helper()
	e := &env{t: t}
	if !noStore {
		st, err := store.Open(filepath.Join(t.TempDir(), "runs.db"))
		if err != nil {
			t.Fatal(err)
		}
		e.st, cfg.Store = st, st
	}
	e.srv = New(cfg)
	ts := httptest.NewServer(e.srv)
	e.base, e.client = ts.URL, ts.Client()
	t.Cleanup(func() {
		e.srv.Shutdown() // cancels and saves the runs, ending their streams
		ts.Close()
		if e.st != nil {
			e.st.Close()
		}
	})
	return e
}

// do sends a request with body (a string is sent as is, anything else as
// JSON) and returns the answer and its body.
func (e *env) do(method, path string, body any, header ...string) (*http.Response, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.base+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json") // as the UI sends
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" { // net/http sends req.Host, not the header
			req.Host = header[i+1]
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, b
}

// startRun starts a run and returns its provisional id.
func (e *env) startRun(req map[string]any) string {
	e.t.Helper()
	resp, b := e.do("POST", "/api/runs", req)
	if resp.StatusCode != http.StatusAccepted {
		e.t.Fatalf("POST /api/runs: %d %s", resp.StatusCode, b)
	}
	var got struct{ ID, Status, URL string }
	if err := json.Unmarshal(b, &got); err != nil {
		e.t.Fatal(err)
	}
	if got.Status != "running" || got.URL != "/runs/"+got.ID || resp.Header.Get("Location") != "/api/runs/"+got.ID {
		e.t.Fatalf("started %s, Location %q", b, resp.Header.Get("Location"))
	}
	return got.ID
}

// event is one server-sent event.
type event struct {
	Name string
	Data string
}

// stream follows a run's events with a real HTTP client and sends them on
// the channel, closed at the end of the stream.
func (e *env) stream(ctx context.Context, id string) <-chan event {
	e.t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", e.base+"/api/runs/"+id+"/events", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		resp.Body.Close()
		e.t.Fatalf("events of %s: %d %s", id, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ch := make(chan event, 1024)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		readEvents(resp.Body, func(ev event) { ch <- ev })
	}()
	return ch
}

// readEvents parses an event stream, calling f with each event.
func readEvents(r io.Reader, f func(event)) {
	sc := bufio.NewScanner(r)
	var ev event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.Name != "" || ev.Data != "" {
				f(ev)
			}
			ev = event{}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event: "):
			ev.Name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			ev.Data += strings.TrimPrefix(line, "data: ")
		}
	}
}

// follow reads a run's whole stream and returns its events and the done
// event's data.
func (e *env) follow(id string) ([]event, doneEvent) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var evs []event
	for ev := range e.stream(ctx, id) {
		evs = append(evs, ev)
	}
	if len(evs) == 0 || evs[len(evs)-1].Name != "done" {
		e.t.Fatalf("stream of %s ended without done: %v", id, evs)
	}
	var d doneEvent
	if err := json.Unmarshal([]byte(evs[len(evs)-1].Data), &d); err != nil {
		e.t.Fatal(err)
	}
	return evs, d
}

// waitProgress waits until the run has reported progress, so that a test
// acts on a run that is computing.
func (e *env) waitProgress(id string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for ev := range e.stream(ctx, id) {
		if ev.Name == "progress" {
			return
		}
		if ev.Name == "done" {
			e.t.Fatalf("run %s ended before a progress event: %s", id, ev.Data)
		}
	}
	e.t.Fatalf("no progress from %s", id)
}

// schemas compiles the OpenAPI document's component schemas.
func schemas() (map[string]*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("openapi.json", doc); err != nil {
		return nil, err
	}
	var d struct {
		Components struct {
			Schemas map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(openAPI, &d); err != nil {
		return nil, err
	}
	out := map[string]*jsonschema.Schema{}
	for name := range d.Components.Schemas {
		s, err := c.Compile("openapi.json#/components/schemas/" + name)
		if err != nil {
			return nil, err
		}
		out[name] = s
	}
	return out, nil
}

// conforms fails the test unless body is valid against the named schema
// of the OpenAPI document.
func conforms(t *testing.T, schema string, body []byte) {
	t.Helper()
	all, err := schemas()
	if err != nil {
		t.Fatal(err)
	}
	s, ok := all[schema]
	if !ok {
		t.Fatalf("no schema %s in openapi.json", schema)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v: %s", schema, err, body)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("answer does not conform to %s: %v\n%s", schema, err, body)
	}
}

// doHandler serves one request directly through h.
func doHandler(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, "http://localhost"+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	h.ServeHTTP(rec, req)
	return rec
}

// doHandlerReq serves req directly through h.
func doHandlerReq(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
