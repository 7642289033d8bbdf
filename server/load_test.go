package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulwark-sim/bulwark/store"
)

// TestLoad is a load test, run only with BULWARK_LOAD=1 (docs/performance.md):
//
//	BULWARK_LOAD=1 go test ./server -run TestLoad -v -timeout 10m
//
// BULWARK_LOAD_CLIENTS (default 50) clients over loopback for
// BULWARK_LOAD_DURATION (default 60s) do what users of the UI do:
// validate edited scenarios, start small runs and follow them to the end,
// read their results and reports, list the stored runs. Then it starts a
// few runs and shuts the server down while they compute. It fails on any
// 5xx answer or transport error, on any accepted run whose stream did not
// end with done, on any run not in the store under the id its done event
// gave with a final status (partial for those the shutdown stopped), and
// on any other run in the store; it prints
// requests per second, latency percentiles per route, runs completed and
// 429s.
func TestLoad(t *testing.T) {
	if os.Getenv("BULWARK_LOAD") != "1" {
		t.Skip("a load test: set BULWARK_LOAD=1 to run it")
	}
	clients := envInt(t, "BULWARK_LOAD_CLIENTS", 50)
	duration := 60 * time.Second
	if v := os.Getenv("BULWARK_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("BULWARK_LOAD_DURATION: %v", err)
		}
		duration = d
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := New(Config{Store: st})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2}, Timeout: 2 * time.Minute}

	var stats loadStats
	stats.lat = map[string][]time.Duration{}
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &loadClient{base: ts.URL, http: client, stats: &stats, rng: rand.New(rand.NewPCG(uint64(i), 42))}
			for ctx.Err() == nil {
				c.step(ctx)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	// Runs computing when the server shuts down are saved partial. (The
	// clients' runs have all ended: each client follows its run to done.)
	var leftDone []<-chan string
	for range DefaultMaxRuns {
		c := &loadClient{base: ts.URL, http: client, stats: &stats}
		code, b := c.do(context.Background(), "POST /api/runs", "POST", "/api/runs", `{"samples":1000000,"arrangements":["nato"]}`)
		var started struct{ ID string }
		if code != http.StatusAccepted || json.Unmarshal(b, &started) != nil {
			t.Fatalf("starting a run to leave computing: %d %s", code, b)
		}
		progressed, done := followLoad(t, client, ts.URL, started.ID)
		select {
		case <-progressed:
		case <-time.After(time.Minute):
			t.Fatalf("run %s made no progress", started.ID)
		}
		leftDone = append(leftDone, done)
	}
	srv.Shutdown()
	var left []string
	for _, ch := range leftDone {
		id := <-ch
		if id == "" {
			t.Fatal("the stream of a run stopped by the shutdown ended without done")
		}
		left = append(left, id)
	}
	stats.report(t, elapsed, clients)

	if len(stats.failures) > 0 {
		t.Errorf("%d failed requests, e.g. %s", len(stats.failures), strings.Join(stats.failures[:min(5, len(stats.failures))], "; "))
	}
	// No lost run: every accepted run ended with done, under a store id
	// (provisional ids are forgotten after maxRemembered runs) that the
	// store has with a final status; and the store holds nothing else.
	if len(stats.finished) != len(stats.accepted) {
		t.Errorf("%d runs accepted, %d followed to done", len(stats.accepted), len(stats.finished))
	}
	bg := context.Background()
	check := func(id string, statuses ...store.Status) {
		r, err := st.Get(bg, id)
		if err != nil || !slices.Contains(statuses, r.Status) {
			t.Errorf("run %s: %v, want %v", id, err, statuses)
		} else if r.Status != store.StatusPartial && r.Results == nil {
			t.Errorf("run %s: %s without results", id, r.Status)
		}
	}
	for _, id := range stats.finished {
		check(id, store.StatusComplete, store.StatusPartial)
	}
	for _, id := range left {
		check(id, store.StatusPartial)
	}
	runs, err := st.List(bg, store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(stats.accepted) + len(left); len(runs) != want {
		t.Errorf("%d runs accepted, %d stored", want, len(runs))
	}
}

// followLoad follows a run's events: progressed is closed at its first
// progress event, and done receives its done event's id ("" if the
// stream ended without one).
func followLoad(t *testing.T, client *http.Client, base, id string) (progressed <-chan struct{}, done <-chan string) {
	t.Helper()
	resp, err := client.Get(base + "/api/runs/" + id + "/events")
	if err != nil {
		t.Fatal(err)
	}
	p, d := make(chan struct{}), make(chan string, 1)
	go func() {
		defer resp.Body.Close()
		var doneID string
		readEvents(resp.Body, func(ev event) {
			switch ev.Name {
			case "progress":
				select {
				case <-p:
				default:
					close(p)
				}
			case "done":
				var de doneEvent
				_ = json.Unmarshal([]byte(ev.Data), &de)
				doneID = de.ID
			}
		})
		d <- doneID
	}()
	return p, d
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: give a positive number", name, v)
	}
	return n
}

// loadStats gathers the figures of a load test from all its clients.
type loadStats struct {
	mu        sync.Mutex
	lat       map[string][]time.Duration // per route
	codes     map[int]int
	accepted  []string // provisional ids of the runs started
	completed int      // runs followed to a done event
	failures  []string
	finished  []string // store ids of finished runs (their done events')
}

func (s *loadStats) record(route string, code int, d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.codes == nil {
		s.codes = map[int]int{}
	}
	s.lat[route] = append(s.lat[route], d)
	s.codes[code]++
	if err != nil {
		s.failures = append(s.failures, route+": "+err.Error())
	} else if code >= 500 {
		s.failures = append(s.failures, fmt.Sprintf("%s: %d", route, code))
	}
}

func (s *loadStats) finishedRun() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.finished) == 0 {
		return "", false
	}
	return s.finished[len(s.finished)-1-rand.IntN(min(len(s.finished), 20))], true
}

func (s *loadStats) report(t *testing.T, elapsed time.Duration, clients int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	routes := make([]string, 0, len(s.lat))
	for r, l := range s.lat {
		total += len(l)
		routes = append(routes, r)
	}
	sort.Strings(routes)
	var b strings.Builder
	fmt.Fprintf(&b, "%d clients, %.0f s: %d requests, %.0f requests/s; %d runs accepted, %d followed to the end, %d answered 429\n",
		clients, elapsed.Seconds(), total, float64(total)/elapsed.Seconds(), len(s.accepted), s.completed, s.codes[http.StatusTooManyRequests])
	fmt.Fprintf(&b, "%-42s %8s %9s %9s %9s\n", "route", "requests", "p50 ms", "p95 ms", "p99 ms")
	for _, r := range routes {
		l := s.lat[r]
		slices.Sort(l)
		q := func(p float64) float64 {
			return float64(l[min(len(l)-1, int(p*float64(len(l))))].Microseconds()) / 1000
		}
		fmt.Fprintf(&b, "%-42s %8d %9.1f %9.1f %9.1f\n", r, len(l), q(0.50), q(0.95), q(0.99))
	}
	codes := make([]int, 0, len(s.codes))
	for c := range s.codes {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	b.WriteString("status codes:")
	for _, c := range codes {
		fmt.Fprintf(&b, " %d×%d", c, s.codes[c])
	}
	t.Log("\n" + b.String())
}

// loadClient is one simulated user.
type loadClient struct {
	base  string
	http  *http.Client
	stats *loadStats
	rng   *rand.Rand
}

// do sends a request and records its latency under route.
func (c *loadClient) do(ctx context.Context, route, method, path, body string) (int, []byte) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.stats.record(route, 0, 0, err)
		return 0, nil
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	t0 := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			c.stats.record(route, 0, time.Since(t0), err)
		}
		return 0, nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil && ctx.Err() != nil {
		return 0, nil // the test's end cut the answer short
	}
	c.stats.record(route, resp.StatusCode, time.Since(t0), err)
	return resp.StatusCode, b
}

// step does one thing a user does, chosen at random with the weights of
// an editing session: mostly validations while typing, some runs.
func (c *loadClient) step(ctx context.Context) {
	switch x := c.rng.IntN(100); {
	case x < 40:
		mean := 0.2 + 0.4*c.rng.Float64()
		body := fmt.Sprintf(`{"set":["assumptions.defence_pact_honour_rate.mean=%.3f"]}`, mean)
		if c.rng.IntN(4) == 0 {
			body = `{"yaml":"bulwark: 1\nid: Draft\n"}` // a scenario with errors
		}
		c.do(ctx, "POST /api/validate", "POST", "/api/validate", body)
	case x < 55:
		c.run(ctx)
	case x < 70:
		c.do(ctx, "GET /api/runs", "GET", "/api/runs?limit=50", "")
	case x < 85:
		if id, ok := c.stats.finishedRun(); ok {
			c.do(ctx, "GET /api/runs/{id}", "GET", "/api/runs/"+id, "")
		}
	case x < 90:
		if id, ok := c.stats.finishedRun(); ok {
			c.do(ctx, "GET /api/runs/{id}/results.csv", "GET", "/api/runs/"+id+"/results.csv", "")
		}
	case x < 93:
		if id, ok := c.stats.finishedRun(); ok {
			c.do(ctx, "GET /api/runs/{id}/report.html", "GET", "/api/runs/"+id+"/report.html", "")
		}
	case x < 97:
		c.do(ctx, "GET /api/scenario/default", "GET", "/api/scenario/default", "")
	default:
		c.do(ctx, "GET /api/health", "GET", "/api/health", "")
	}
	// Think time: a user reads before the next action.
	select {
	case <-ctx.Done():
	case <-time.After(time.Duration(50+c.rng.IntN(200)) * time.Millisecond):
	}
}

// run starts a small run, follows its events to the end and reads it.
func (c *loadClient) run(ctx context.Context) {
	arrs := []string{"nato", "neutrality", "coalition", "none"}
	c.rng.Shuffle(len(arrs), func(i, j int) { arrs[i], arrs[j] = arrs[j], arrs[i] })
	arrs = arrs[:1+c.rng.IntN(len(arrs))]
	a, _ := json.Marshal(arrs)
	body := fmt.Sprintf(`{"samples":%d,"seed":%d,"arrangements":%s}`, 1024*(1+c.rng.IntN(8)), c.rng.Uint64(), a)
	// The start is sent even if the test ends meanwhile, so that every run
	// the server accepts is counted.
	code, b := c.do(context.WithoutCancel(ctx), "POST /api/runs", "POST", "/api/runs", body)
	if code != http.StatusAccepted {
		return
	}
	var started struct{ ID string }
	if json.Unmarshal(b, &started) != nil {
		c.stats.record("POST /api/runs", code, 0, fmt.Errorf("bad answer %q", b))
		return
	}
	c.stats.mu.Lock()
	c.stats.accepted = append(c.stats.accepted, started.ID)
	c.stats.mu.Unlock()

	// Follow the events with a context of its own: a run accepted before
	// the end is followed to its end.
	ectx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ectx, "GET", c.base+"/api/runs/"+started.ID+"/events", nil)
	t0 := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.stats.record("GET /api/runs/{id}/events (to done)", 0, time.Since(t0), err)
		return
	}
	var done doneEvent
	readEvents(resp.Body, func(ev event) {
		if ev.Name == "done" {
			_ = json.Unmarshal([]byte(ev.Data), &done)
		}
	})
	resp.Body.Close()
	if done.ID == "" {
		c.stats.record("GET /api/runs/{id}/events (to done)", resp.StatusCode, time.Since(t0), fmt.Errorf("stream of %s ended without done", started.ID))
		return
	}
	c.stats.record("GET /api/runs/{id}/events (to done)", resp.StatusCode, time.Since(t0), nil)
	c.stats.mu.Lock()
	c.stats.completed++
	c.stats.finished = append(c.stats.finished, done.ID)
	c.stats.mu.Unlock()
	c.do(ectx, "GET /api/runs/{id}", "GET", "/api/runs/"+done.ID, "")
}
