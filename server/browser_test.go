package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bulwark-sim/bulwark/server"
	"github.com/bulwark-sim/bulwark/store"
)

// The browser test drives the web UI in Debian's headless Chromium. It
// skips when Chromium is missing, unless BULWARK_REQUIRE_BROWSER=1 (as
// ./test.sh sets, after installing it), when it fails. With
// BULWARK_SCREENSHOT=FILE it also writes a PNG of the results page there,
// after a run of 4096 draws; docs/screenshot.png is made so:
//
//	BULWARK_SCREENSHOT=$PWD/docs/screenshot.png go test -run 'TestBrowser$' ./server

const (
	requireBrowserEnv = "BULWARK_REQUIRE_BROWSER"
	screenshotEnv     = "BULWARK_SCREENSHOT"
	chromiumEnv       = "BULWARK_CHROMIUM" // another browser binary, for machines without Debian's
	viewportW         = 1280
	viewportH         = 900
)

// chromium returns the browser to drive, or skips (or fails) the test.
func chromium(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv(chromiumEnv), "/usr/bin/chromium"}
	if p, err := exec.LookPath("chromium"); err == nil {
		candidates = append(candidates, p)
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return c
		}
	}
	if os.Getenv(requireBrowserEnv) == "1" {
		t.Fatalf("%s=1 but no Chromium was found at /usr/bin/chromium or on PATH (apt-get install chromium)", requireBrowserEnv)
	}
	t.Skipf("no Chromium at /usr/bin/chromium or on PATH; set %s=1 to make this a failure", requireBrowserEnv)
	return ""
}

// browser starts a headless Chromium with a fresh profile and returns a
// context for one tab, and the messages the page writes to its console.
func browser(t *testing.T, ctx context.Context) (context.Context, *consoleLog) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox, // root in containers and CI has no user namespace sandbox
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(viewportW, viewportH),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	tctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(viewportW, viewportH)); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	log := &consoleLog{}
	messages := chromedp.Console(tctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			log.add(m)
		}
	}()
	return tctx, log
}

// consoleLog keeps the page's uncaught exceptions and console.error calls.
// Failed requests the browser logs itself (source "network") are not
// counted: some answers, such as 400 for a broken scenario, are expected.
type consoleLog struct {
	mu   sync.Mutex
	errs []string
}

func (c *consoleLog) add(m chromedp.ConsoleMessage) {
	if !m.IsException() && (m.Type != chromedp.ConsoleError || m.Source != "") {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errs = append(c.errs, fmt.Sprintf("%s (%s:%d)", m.String(), m.URL, m.Line+1))
}

func (c *consoleLog) check(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.errs {
		t.Errorf("page console: %s", e)
	}
}

// startServer serves the real handler on a loopback port with a store in
// a temporary directory, which it returns too.
func startServer(t *testing.T, cfg server.Config) (*httptest.Server, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatalf("opening the store: %v", err)
	}
	cfg.Store = st
	srv := server.New(cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		srv.Shutdown()
		if err := st.Close(); err != nil {
			t.Errorf("closing the store: %v", err)
		}
	})
	return ts, st
}

// waitJS polls a JavaScript condition until it is true.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond))(ctx, t)
		return err
	})
}

func evalJS[T any](ctx context.Context, t *testing.T, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// step runs actions with a deadline of its own, so that a hang names the
// step that hung.
func step(ctx context.Context, t *testing.T, what string, d time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		// What the page showed when the step failed, to tell a hang from
		// a slow machine.
		dctx, dcancel := context.WithTimeout(ctx, 5*time.Second)
		defer dcancel()
		page, _ := chromedp.Run(dctx, chromedp.Evaluate[string](pageStateJS))
		t.Fatalf("%s: %v\npage: %s", what, err, page)
	}
}

// click presses the element sel selects once it is shown and enabled,
// with the DOM's click(): a mouse click at the element's position misses
// it when the layout moves between the position's reading and the click,
// as happened on a loaded machine.
func click(sel string) chromedp.Action[chromedp.Void] {
	q, _ := json.Marshal(sel)
	return waitJS(`(() => { const e = document.querySelector(` + string(q) + `);
		if (!e || e.disabled || e.offsetParent === null) return false;
		e.click();
		return true; })()`)
}

// pageStateJS summarises the page's visible state as JSON.
const pageStateJS = `JSON.stringify({
	url: location.pathname,
	status: document.getElementById('status').textContent,
	message: document.getElementById('message').hidden ? '' : document.getElementById('message').textContent,
	validity: document.getElementById('validity').className + ': ' + document.getElementById('validity').textContent,
	run: document.getElementById('run').disabled ? 'disabled' : 'enabled',
	progress: document.getElementById('progress').hidden ? 'hidden' : document.getElementById('progress').textContent.slice(0, 120),
	diff: (document.getElementById('diff').textContent || '').slice(0, 160),
	diffButton: document.getElementById('diff-runs').disabled ? 'disabled' : 'enabled',
	runs: document.querySelectorAll('#runs tr[data-run]').length,
})`

// TestBrowser loads the UI, runs the default scenario, checks the table
// and the charts against the API's figures, opens the run by its
// permalink, and breaks the YAML in two ways to see each error at its
// line.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser; not in -short mode")
	}
	ts, st := startServer(t, server.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	ctx, console := browser(t, ctx)

	step(ctx, t, "loading the page", 60*time.Second,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("editor")),
		// The default scenario is loaded and checked: the arrangements appear.
		waitJS(`document.querySelector('#validity.ok') !== null && document.querySelectorAll('#arrangements input[type=checkbox]').length > 0`),
	)
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#arrangements input[type=checkbox]').length`); n != 4 {
		t.Errorf("the default scenario lists %d arrangements, want 4", n)
	}
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#errors li').length`); n != 0 {
		t.Errorf("the default scenario shows %d problems, want none", n)
	}
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#sliders input[type=range]').length`); n == 0 {
		t.Error("no assumption sliders")
	}
	// The filter narrows the sliders to those that match.
	step(ctx, t, "filtering the sliders", 30*time.Second,
		chromedp.SendKeys(chromedp.ID("slider-filter"), "honour"),
		waitJS(`document.querySelectorAll('#sliders .slider:not([hidden])').length < document.querySelectorAll('#sliders .slider').length`),
	)
	shown := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#sliders .slider:not([hidden]) label')].map(l => l.textContent + ' ' + l.title)`)
	if len(shown) == 0 {
		t.Error(`no slider matches "honour"`)
	}
	for _, l := range shown {
		if !strings.Contains(strings.ToLower(l), "honour") {
			t.Errorf("the slider %q is shown for the filter \"honour\"", l)
		}
	}
	step(ctx, t, "clearing the filter", 10*time.Second,
		chromedp.Evaluate[chromedp.Void](`(() => { const f = document.getElementById('slider-filter');
			f.value = ''; f.dispatchEvent(new Event('input')); })()`),
		waitJS(`document.querySelectorAll('#sliders .slider[hidden]').length === 0`),
	)
	// The gutter numbers every line of the editor.
	if lines, nums := evalJS[int](ctx, t, `document.getElementById('editor').value.split('\n').length`),
		evalJS[int](ctx, t, `document.querySelectorAll('#gutter .ln').length`); lines != nums || lines < 100 {
		t.Errorf("the gutter has %d numbers for %d lines", nums, lines)
	}

	samples := 400
	if os.Getenv(screenshotEnv) != "" {
		samples = 4096 // narrower intervals for the picture
	}
	step(ctx, t, "running the default scenario", 3*time.Minute,
		chromedp.SetValue(chromedp.ID("samples"), strconv.Itoa(samples)),
		click("#run"),
		chromedp.WaitVisible(chromedp.CSS(`#results-table tr[data-metric="p_attack"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#chart svg .mark circle`)),
		waitJS(`document.querySelector('#runs tr[data-run]') !== null`),
	)

	// The address is the run's permalink, and names a stored run.
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/runs/([^/?#]+)$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after the run the address is %s, want /runs/ID", loc)
	}
	id := m[1]
	if href := evalJS[string](ctx, t, `document.getElementById('permalink').getAttribute('href')`); href != "/runs/"+id {
		t.Errorf("#permalink is %q, want /runs/%s", href, id)
	}
	if href := evalJS[string](ctx, t, `document.getElementById('download').getAttribute('href')`); href != "/api/runs/"+id+"/report.html" {
		t.Errorf("#download is %q", href)
	}

	// The table shows the API's figures, in per cent for probabilities.
	rep := fetchResults(t, ts.URL, id)
	if rep.Samples != int64(samples) {
		t.Errorf("the run made %d draws per arrangement, want %d", rep.Samples, samples)
	}
	arrs := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#results-table thead th')].slice(1).map(th => th.textContent)`)
	if len(arrs) != len(rep.Arrangements) {
		t.Errorf("the table has %d arrangement columns, the run %d", len(arrs), len(rep.Arrangements))
	}
	cells := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#results-table tr[data-metric="p_attack"] td')].map(td => td.textContent)`)
	if len(cells) != len(rep.order) {
		t.Fatalf("the p_attack row has %d cells, want %d", len(cells), len(rep.order))
	}
	for i, arr := range rep.order {
		e := rep.Arrangements[arr]["p_attack"]
		if e.Mean == nil {
			t.Fatalf("the API has no p_attack under %s", arr)
		}
		want := fmt.Sprintf("%s%% [%s–%s]", pct(*e.Mean), pct(e.CI95[0]), pct(e.CI95[1]))
		if cells[i] != want {
			t.Errorf("p_attack under %s reads %q, the API says %q", arr, cells[i], want)
		}
	}
	rows := evalJS[int](ctx, t, `document.querySelectorAll('#results-table tr[data-metric]').length`)
	if rows != len(rep.Metrics) {
		t.Errorf("the table has %d metric rows, the run %d metrics", rows, len(rep.Metrics))
	}
	// One chart per metric group, each with a mark per metric and
	// arrangement that has a value, and the funnel.
	if n := evalJS[int](ctx, t, `document.querySelectorAll('figure.chart[data-group]').length`); n < 4 {
		t.Errorf("%d interval charts, want one per metric group (at least 4)", n)
	}
	if n, want := evalJS[int](ctx, t, `document.querySelectorAll('figure.chart[data-group] .mark').length`), rep.valued(); n != want {
		t.Errorf("the interval charts have %d marks, want %d (one per figure with a value)", n, want)
	}
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#funnel rect').length`); n == 0 {
		t.Error("no funnel bars")
	}
	checkHeadings(ctx, t, rep)
	checkTiming(ctx, t, rep)

	if path := os.Getenv(screenshotEnv); path != "" {
		// The progress bar goes once the results are in.
		step(ctx, t, "waiting for the progress bar to go", 10*time.Second, waitJS(`document.getElementById('progress').hidden`))
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", path, len(png))
	}

	// A fresh page at the permalink shows the stored run.
	step(ctx, t, "opening the permalink", 60*time.Second,
		chromedp.Navigate(ts.URL+"/runs/"+id),
		chromedp.WaitVisible(chromedp.CSS(`#results-table tr[data-metric="p_attack"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#chart svg`)),
	)
	again := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#results-table tr[data-metric="p_attack"] td')].map(td => td.textContent)`)
	if strings.Join(again, "|") != strings.Join(cells, "|") {
		t.Errorf("the permalink shows %q, the run showed %q", again, cells)
	}

	// A moved slider becomes a --set override, which the server checks.
	step(ctx, t, "moving a slider", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#sliders input[type=range]');
			s.stepUp(); s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); })()`),
		waitJS(`document.getElementById('cli').textContent.includes('--set assumptions.')`),
		waitJS(`document.querySelector('#validity.ok') !== null`),
	)
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#errors li').length`); n != 0 {
		t.Errorf("a slider moved one step shows %d problems, want none", n)
	}
	// The check does not undo the move.
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#sliders .slider.changed').length`); n != 1 {
		t.Errorf("%d sliders marked as moved after the check, want 1", n)
	}

	// A second run with the override, then the two runs' difference.
	step(ctx, t, "running with the override", 2*time.Minute,
		chromedp.SetValue(chromedp.ID("samples"), strconv.Itoa(samples)),
		click("#run"),
		waitJS(`document.querySelectorAll('#runs tr[data-run]').length === 2 && !location.pathname.endsWith('/`+id+`')`),
		chromedp.WaitVisible(chromedp.CSS(`#results-table tr[data-metric="p_attack"]`)),
		click(`#runs tr[data-run]:nth-child(1) input[type=checkbox]`),
		click(`#runs tr[data-run]:nth-child(2) input[type=checkbox]`),
		click("#diff-runs"),
		chromedp.WaitVisible(chromedp.CSS(`#diff .diff-table tr[data-metric]`)),
	)
	if n, want := evalJS[int](ctx, t, `document.querySelectorAll('#diff .diff-table tr[data-metric]').length`), len(rep.Metrics)*len(rep.order); n != want {
		t.Errorf("the difference has %d rows, want %d (every metric under every arrangement)", n, want)
	}
	if h := evalJS[string](ctx, t, `document.getElementById('diff-heading').textContent`); !strings.Contains(h, id+" →") {
		t.Errorf("the difference is headed %q, want the first run (%s) as A", h, id)
	}
	if notes := evalJS[string](ctx, t, `document.querySelector('#diff .diff-notes').textContent`); !strings.Contains(notes, "--set=assumptions.") {
		t.Errorf("the difference's notes %q do not name the second run's override", notes)
	}
	// A difference the server cannot be asked for is said so, and the
	// button can be pressed again.
	step(ctx, t, "comparing while offline", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](offlineJS(`u.includes('/diff/')`)),
		click("#diff-runs"),
		chromedp.WaitVisible(chromedp.CSS(`#diff .message.error`)),
		waitJS(`!document.getElementById('diff-runs').disabled && document.getElementById('status').textContent === ''`),
		chromedp.Evaluate[chromedp.Void](`window.fetch = window.realFetch`),
	)
	// A value the scenario refuses is reported at the slider, not in the
	// editor's gutter. (The slider's range is widened first: the server
	// offers only sensible ranges, and a probability's mean of -1 is not.)
	step(ctx, t, "moving a slider out of range", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#sliders input[data-key="assumptions.defence_pact_honour_rate.mean"]');
			s.min = -1; s.value = -1; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); })()`),
		waitJS(`document.querySelector('#validity.bad') !== null`),
		chromedp.WaitVisible(chromedp.CSS(`#sliders .slider.invalid .problem`)),
	)
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#gutter .ln.error').length`); n != 0 {
		t.Errorf("an override's error marks %d gutter lines, want none", n)
	}
	step(ctx, t, "resetting the sliders", 30*time.Second,
		click("#reset-sliders"),
		waitJS(`document.querySelector('#validity.ok') !== null && !document.getElementById('cli').textContent.includes('--set')`),
	)
	// The run shown is the second, made with the override: its settings
	// come back into the controls.
	step(ctx, t, "using the shown run's settings", 30*time.Second,
		click("#use-settings"),
		waitJS(`document.querySelector('#validity.ok') !== null && document.getElementById('cli').textContent.includes('--set assumptions.')`),
	)
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#sliders .slider.changed').length`); n != 1 {
		t.Errorf("%d sliders moved by the run's settings, want 1", n)
	}

	// Broken YAML: each error is listed with its line and marked in the
	// gutter at that line.
	def := evalJS[string](ctx, t, `document.getElementById('editor').value`)
	lines := strings.Split(def, "\n")
	target := -1
	for i, l := range lines {
		if l == "  target: UKR" {
			target = i
			break
		}
	}
	if target < 0 {
		t.Fatal(`the default scenario has no line "  target: UKR"`)
	}
	for _, tc := range []struct {
		name string
		edit func([]string) []string
		line int
		want string
	}{
		{"unknown field", func(l []string) []string {
			return append(append(append([]string{}, l[:8]...), "colour: blue"), l[8:]...)
		}, 9, `unknown field "colour"`},
		{"bad indentation", func(l []string) []string {
			out := append([]string{}, l...)
			out[target] = " target: UKR"
			return out
		}, target + 1, "YAML syntax"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, _ := json.Marshal(strings.Join(tc.edit(lines), "\n"))
			sel := fmt.Sprintf(`#errors li[data-line="%d"]`, tc.line)
			step(ctx, t, "breaking the YAML", 30*time.Second,
				// As a paste does: new text, then an input event.
				chromedp.Evaluate[chromedp.Void](`(() => { const e = document.getElementById('editor'); e.value = `+string(text)+`;
					e.dispatchEvent(new Event('input', {bubbles: true})); })()`),
				chromedp.WaitVisible(chromedp.CSS(sel)),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#gutter .ln.error[data-line="%d"]`, tc.line))),
				// The last run's progress bar goes 1.5 s after its end; the
				// Ctrl+Enter check below looks for a new one.
				waitJS(`document.getElementById('progress').hidden`),
			)
			msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(msg, tc.want) || !strings.Contains(msg, fmt.Sprintf("line %d", tc.line)) {
				t.Errorf("the error at line %d reads %q, want it to name the line and say %q", tc.line, msg, tc.want)
			}
			if n := evalJS[int](ctx, t, `document.querySelectorAll('#gutter .ln.error').length`); n != 1 {
				t.Errorf("%d gutter lines marked, want 1", n)
			}
			if title := evalJS[string](ctx, t, fmt.Sprintf(`document.querySelector('#gutter .ln.error[data-line="%d"]').title`, tc.line)); !strings.Contains(title, tc.want) {
				t.Errorf("the gutter mark's title is %q, want the message", title)
			}
			if !evalJS[bool](ctx, t, `document.getElementById('run').disabled`) {
				t.Error("#run is enabled for a broken scenario")
			}
			// Ctrl+Enter does not start a run the disabled button would not:
			// a run's start sets the status at once, before any request.
			before := evalJS[string](ctx, t, `document.getElementById('status').textContent + ' | progress hidden: ' + document.getElementById('progress').hidden`)
			if started := evalJS[string](ctx, t, `(() => { const e = document.getElementById('editor');
				e.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true}));
				const s = document.getElementById('status').textContent, p = document.getElementById('progress').hidden;
				return s.startsWith('Starting') || !p ? s + ' | progress hidden: ' + p : ''; })()`); started != "" {
				t.Errorf("Ctrl+Enter starts a run of a broken scenario: %s (before: %s)", started, before)
			}
		})
	}
	// Fixed, the scenario can run again.
	fixed, _ := json.Marshal(def)
	step(ctx, t, "fixing the YAML", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](`(() => { const e = document.getElementById('editor'); e.value = `+string(fixed)+`;
			e.dispatchEvent(new Event('input', {bubbles: true})); })()`),
		waitJS(`document.querySelector('#validity.ok') !== null && document.querySelectorAll('#errors li').length === 0`),
	)
	if evalJS[bool](ctx, t, `document.getElementById('run').disabled`) {
		t.Error("#run stays disabled after the scenario is fixed")
	}

	// The shown run's scenario, its override applied, replaces the editor's
	// text (the default, so without asking), and checks as valid.
	step(ctx, t, "using the shown run's scenario", 30*time.Second,
		click("#load-run-scenario"),
		waitJS(`document.getElementById('editor').value.startsWith('bulwark: 1\n') && document.querySelector('#validity.ok') !== null`),
	)

	oldResults(ctx, t, ts.URL, st, id)
	console.check(t)
}

// checkHeadings checks that the results table's headings are the run's
// groups, in order (those with a metric), and that each metric's row
// is under its group's heading.
func checkHeadings(ctx context.Context, t *testing.T, rep *results) {
	t.Helper()
	if len(rep.Groups) == 0 {
		t.Fatal("the run's results list no groups")
	}
	title := map[string]string{}
	used := map[string]bool{}
	for _, m := range rep.Metrics {
		used[m.Group] = true
	}
	var want []string
	for _, g := range rep.Groups {
		title[g.ID] = g.Title
		if used[g.ID] {
			want = append(want, g.Title)
		}
	}
	got := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#results-table tr.group th')].map(th => th.textContent)`)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the table's headings are %q, the run's groups %q", got, want)
	}
	// Each row, with the heading above it.
	under := evalJS[[][]string](ctx, t, `(() => { let h = ''; const out = [];
		for (const tr of document.querySelectorAll('#results-table tbody tr')) {
			if (tr.classList.contains('group')) h = tr.textContent; else out.push([tr.dataset.metric, h]);
		}
		return out; })()`)
	if len(under) != len(rep.Metrics) {
		t.Errorf("%d metric rows, want %d", len(under), len(rep.Metrics))
	}
	group := map[string]string{}
	for _, m := range rep.Metrics {
		group[m.Name] = m.Group
	}
	for _, row := range under {
		if len(row) != 2 {
			t.Fatalf("row %q", row)
		}
		if want := title[group[row[0]]]; row[1] != want {
			t.Errorf("%s is under %q, want %q (its group %q)", row[0], row[1], want, group[row[0]])
		}
	}
	// The charts follow the groups too.
	charts := evalJS[[]string](ctx, t, `[...document.querySelectorAll('figure.chart[data-group] figcaption')].map(c => c.textContent)`)
	if strings.Join(charts, "|") != strings.Join(want, "|") {
		t.Errorf("the charts are headed %q, want %q", charts, want)
	}
}

// checkTiming checks the chart of the chance of a first attack by each
// year: a line per arrangement with the attack year's distribution,
// ending at the share of all draws with an attack, after the chart of
// the attack year's group.
func checkTiming(ctx context.Context, t *testing.T, rep *results) {
	t.Helper()
	var want []string
	for _, arr := range rep.order {
		d := rep.Arrangements[arr][attackYear].Distribution
		if d == nil {
			continue
		}
		n := d.Under
		for _, c := range d.Counts {
			n += c
		}
		want = append(want, arr+" "+strconv.FormatFloat(float64(n)/float64(rep.Samples)*100, 'f', 1, 64)+"%")
	}
	if len(want) == 0 {
		t.Fatalf("the run's results have no distribution of %s", attackYear)
	}
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#timing-chart svg .curve polyline').length`); n != len(want) {
		t.Errorf("the timing chart has %d lines, want %d (one per arrangement)", n, len(want))
	}
	got := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#timing-chart svg text.end-label')].map(e => e.textContent)`)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the timing chart's lines end at %q, want %q", got, want)
	}
	group := ""
	for _, m := range rep.Metrics {
		if m.Name == attackYear {
			group = m.Group
		}
	}
	if prev := evalJS[string](ctx, t, `(document.getElementById('timing-chart').previousElementSibling || {dataset: {}}).dataset.group || ''`); prev != group {
		t.Errorf("the timing chart follows the chart of group %q, want %q", prev, group)
	}
}

// oldResults stores a copy of run id's results as a command line would
// have written them before the comparison recorded its groups, and with
// only the flags set (none): the page shows every metric under one
// heading, and "Use its settings" takes the seed and the precision from
// the results.
func oldResults(ctx context.Context, t *testing.T, base string, st *store.Store, id string) {
	t.Helper()
	resp, err := http.Get(base + "/api/runs/" + id + "/results.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	err = json.NewDecoder(resp.Body).Decode(&raw)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	delete(raw, "groups")
	metrics, _ := raw["metrics"].([]any)
	for _, m := range metrics {
		if mm, ok := m.(map[string]any); ok {
			delete(mm, "group")
		}
	}
	raw["seed"], raw["stop"], raw["precision"] = 7, "precision", 0.005
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	old, err := st.Save(context.Background(), store.Run{Command: "compare", Status: store.StatusComplete, Scenario: "menon2023",
		Seed: 7, Args: []string{"compare"}, Results: b})
	if err != nil {
		t.Fatalf("saving the old run: %v", err)
	}
	step(ctx, t, "opening a run stored without groups", 60*time.Second,
		chromedp.Navigate(base+"/runs/"+old),
		chromedp.WaitVisible(chromedp.CSS(`#results-table tr[data-metric="p_attack"]`)),
	)
	if got := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#results-table tr.group th')].map(th => th.textContent)`); strings.Join(got, "|") != "Metrics" {
		t.Errorf("a run without groups is headed %q, want one heading, Metrics", got)
	}
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#results-table tr[data-metric]').length`); n != len(metrics) {
		t.Errorf("a run without groups shows %d metrics, want %d", n, len(metrics))
	}
	if n := evalJS[int](ctx, t, `document.querySelectorAll('#chart[data-group] .mark').length`); n == 0 {
		t.Error("a run without groups has no chart")
	}
	step(ctx, t, "using the old run's settings", 30*time.Second,
		waitJS(`document.querySelector('#validity.ok') !== null`),
		click("#use-settings"),
		waitJS(`document.getElementById('cli').textContent.includes('--precision')`),
	)
	got := evalJS[[]string](ctx, t, `[String(document.getElementById('stop-precision').checked), document.getElementById('precision').value, document.getElementById('seed').value]`)
	if strings.Join(got, " ") != "true 0.005 7" {
		t.Errorf("the old run's settings set precision (checked, value) and seed to %q, want true 0.005 7", got)
	}
}

// TestBrowserToken opens the UI of a server that requires a token, as
// its link ?token=… does, then starts a long run, follows its progress
// (read with fetch, as EventSource cannot send the token) and cancels it.
func TestBrowserToken(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser; not in -short mode")
	}
	const token = "s3cret-token"
	ts, _ := startServer(t, server.Config{Token: token})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ctx, console := browser(t, ctx)

	step(ctx, t, "loading the page with the token", 60*time.Second,
		chromedp.Navigate(ts.URL+"/?token="+token),
		waitJS(`document.querySelector('#validity.ok') !== null`),
	)
	// The token leaves the address, so that a copied link does not carry
	// it, and stays for the tab's session.
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || strings.Contains(loc, token) {
		t.Errorf("the address is %q (%v), want it without the token", loc, err)
	}
	if got := evalJS[string](ctx, t, `sessionStorage.getItem('bulwark.token') || ''`); got != token {
		t.Errorf("the session keeps the token %q, want %q", got, token)
	}

	step(ctx, t, "starting a long run", time.Minute,
		chromedp.SetValue(chromedp.ID("samples"), "1000000"),
		click("#run"),
		// Progress arrives through the event stream.
		waitJS(`document.getElementById('progress-bar').value > 0 && document.getElementById('progress-text').textContent.includes(' of ')`),
	)
	// The run opened again with the network down: the event stream fails,
	// then the first retry's request, and the page tries again after 1 s,
	// then 2 s, and follows the run once the server answers.
	step(ctx, t, "reconnecting to the run", time.Minute,
		chromedp.Evaluate[chromedp.Void](`(() => { const id = location.pathname.split('/').pop(); let events = 0, gets = 0;
			`+offlineJS(`(u.endsWith('/events') && events++ === 0) || (u.endsWith('/api/runs/' + id) && gets++ === 1)`)+`;
			history.pushState({}, '', '/runs/' + id); dispatchEvent(new PopStateEvent('popstate')); })()`),
		waitJS(`document.getElementById('progress-text').textContent.includes('trying again in 1 s')`),
		waitJS(`document.getElementById('progress-text').textContent.includes('trying again in 2 s')`),
		waitJS(`document.getElementById('progress-text').textContent.includes(' of ') && document.getElementById('status').textContent.startsWith('Running')`),
		chromedp.Evaluate[chromedp.Void](`window.fetch = window.realFetch`),
	)
	// A cancellation the server does not hear of leaves Cancel enabled.
	step(ctx, t, "cancelling while offline", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](offlineJS(`u.endsWith('/cancel')`)),
		click("#cancel"),
		waitJS(`!document.getElementById('cancel').disabled && document.getElementById('message').textContent.includes('cannot be reached')`),
		chromedp.Evaluate[chromedp.Void](`window.fetch = window.realFetch`),
	)
	step(ctx, t, "cancelling the run", time.Minute,
		click("#cancel"),
		chromedp.WaitVisible(chromedp.CSS(`#results-table tr[data-metric="p_attack"]`)),
		waitJS(`document.querySelector('#runs tr[data-run] .badge.partial') !== null`),
	)
	if warn := evalJS[string](ctx, t, `(document.querySelector('#results .message.warning') || {}).textContent || ''`); !strings.Contains(warn, "stopped early") {
		t.Errorf("a cancelled run is shown without a warning that it stopped early (%q)", warn)
	}
	if !evalJS[bool](ctx, t, `document.getElementById('cancel').disabled && !document.getElementById('run').disabled`) {
		t.Error("after the cancelled run, Run is not enabled again or Cancel is still enabled")
	}
	console.check(t)
}

// offlineJS returns a script that makes the page's fetch fail, as with
// the network down, for the addresses u for which cond is true; the real
// fetch is kept as window.realFetch.
func offlineJS(cond string) string {
	return `window.realFetch = window.realFetch || window.fetch; window.fetch = (r, init) => { const u = String(r);
		return (` + cond + `) ? Promise.reject(new TypeError('offline (test)')) : window.realFetch(r, init); }`
}

// pct formats a share as the UI does: in per cent, one decimal below ten.
func pct(x float64) string {
	v := x * 100
	dec := 0
	if math.Abs(v) < 10 {
		dec = 1
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if s == "-0" || s == "-0.0" {
		s = s[1:]
	}
	return s
}

// attackYear is the metric whose distribution the timing chart draws.
const attackYear = "attack_year_given_attack"

type estimate struct {
	Mean         *float64   `json:"mean"`
	CI95         [2]float64 `json:"ci95"`
	Distribution *struct {
		Edges  []float64 `json:"edges"`
		Counts []int64   `json:"counts"`
		Under  int64     `json:"under"`
	} `json:"distribution"`
}

type results struct {
	Samples int64 `json:"samples"`
	Metrics []struct {
		Name  string `json:"name"`
		Group string `json:"group"`
	} `json:"metrics"`
	Groups []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"groups"`
	Arrangements map[string]map[string]estimate `json:"arrangements"`
	order        []string                       // arrangement ids in the run's order
}

// valued counts the figures with a value.
func (r *results) valued() int {
	n := 0
	for _, a := range r.Arrangements {
		for _, e := range a {
			if e.Mean != nil {
				n++
			}
		}
	}
	return n
}

// fetchResults reads a run's results from the API, keeping the order of
// the arrangements, which a Go map loses.
func fetchResults(t *testing.T, base, id string) *results {
	t.Helper()
	resp, err := http.Get(base + "/api/runs/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/runs/%s: %s", id, resp.Status)
	}
	var run struct {
		Results json.RawMessage `json:"results"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&run); err != nil {
		t.Fatal(err)
	}
	var r results
	if err := json.Unmarshal(run.Results, &r); err != nil {
		t.Fatalf("the run's results: %v", err)
	}
	var raw struct {
		Arrangements json.RawMessage `json:"arrangements"`
	}
	if err := json.Unmarshal(run.Results, &raw); err != nil {
		t.Fatal(err)
	}
	order, err := objectKeys(raw.Arrangements)
	if err != nil {
		t.Fatal(err)
	}
	r.order = order
	return &r
}

// objectKeys lists a JSON object's keys in order.
func objectKeys(b []byte) ([]string, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("object key %v is not a string", tok)
		}
		keys = append(keys, key)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
