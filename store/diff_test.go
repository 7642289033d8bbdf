package store

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a := testRun("menon2023", StatusComplete)
	a.ID = "1-aaaaaa"
	b := testRun("menon2023", StatusPartial)
	b.ID = "2-bbbbbb"
	b.Seed = 2
	b.Args = []string{"compare", "--samples", "1000", "--seed", "2"}
	b.ScenarioSHA256 = strings.Repeat("f", 64)
	b.Results = json.RawMessage(`{"samples":500,"arrangements":{"none":{"p_attack":{"mean":0.6,"ci95":[0.58,0.62],"n":500},
		"p_nuclear_use":{"mean":0.01,"ci95":[0.005,0.02],"n":500}},"nato":{"p_attack":{"mean":0.11,"ci95":[0.09,0.13],"n":500}},
		"coalition":{"p_attack":{"mean":0.2,"ci95":[0.1,0.3],"n":500}}}}`)
	d, err := Diff(&a, &b)
	if err != nil {
		t.Fatal(err)
	}
	if d.SameScenario || d.A.Seed != 1 || d.B.Seed != 2 || d.A.Samples != 1000 || d.B.Samples != 500 ||
		strings.Join(d.ArgsOnlyB, " ") != "--seed 2" || len(d.ArgsOnlyA) != 0 {
		t.Errorf("header: %+v", d)
	}
	f := func(x float64) *float64 { return &x }
	cases := []struct {
		arr, metric string
		a, b        *float64
		change      *float64
		overlap     bool
	}{
		{"nato", "p_attack", f(0.1), f(0.11), f(0.01), true},
		{"nato", "p_nuclear_use", nil, nil, nil, false},
		{"none", "p_attack", f(0.5), f(0.6), f(0.1), false},
		{"none", "p_nuclear_use", f(0.01), f(0.01), f(0), true},
		{"coalition", "p_attack", nil, f(0.2), nil, false},
	}
	if len(d.Metrics) != len(cases) {
		t.Fatalf("metrics %+v", d.Metrics)
	}
	eq := func(x, y *float64) bool {
		if x == nil || y == nil {
			return x == y
		}
		return *x-*y < 1e-12 && *y-*x < 1e-12
	}
	for i, c := range cases {
		m := d.Metrics[i]
		if m.Arrangement != c.arr || m.Metric != c.metric || !eq(m.A, c.a) || !eq(m.B, c.b) || !eq(m.Change, c.change) || m.Overlap != c.overlap {
			t.Errorf("metric %d: got %+v, want %+v", i, m, c)
		}
	}
	var buf bytes.Buffer
	if err := WriteDiff(&buf, d); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"run", "1-aaaaaa", "2-bbbbbb", "seed", "≠", "--seed 2", "3 of 5 metrics changed",
		"none         p_attack", "+0.1000 *", "coalition    p_attack  —       0.2000  —\n"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("diff text lacks %q:\n%s", w, buf.String())
		}
	}
	js, err := json.Marshal(d)
	if err != nil || !bytes.Contains(js, []byte(`"a":{"id":"1-aaaaaa"`)) || !bytes.Contains(js, []byte(`"same_scenario":false`)) {
		t.Errorf("json %s, %v", js, err)
	}
}

func TestDiffOddResults(t *testing.T) {
	cases := []struct {
		name    string
		results string
		metrics int
		isErr   bool
	}{
		{"none", "", 0, false},
		{"not compare", `{"foo":1}`, 0, false},
		{"array", `[1,2]`, 0, false},
		{"arrangements not object", `{"arrangements":[1]}`, 0, false},
		{"metric not object", `{"arrangements":{"a":{"m":3,"k":{"mean":1}}}}`, 1, false},
		{"invalid", `{"arr`, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Run{ID: "1", Results: json.RawMessage(c.results)}
			d, err := Diff(&a, &a)
			if (err != nil) != c.isErr {
				t.Fatalf("err %v", err)
			}
			if err == nil && len(d.Metrics) != c.metrics {
				t.Errorf("metrics %+v", d.Metrics)
			}
		})
	}
	if _, err := Diff(nil, &Run{}); err == nil {
		t.Error("Diff(nil) gave no error")
	}
}

func TestWriteListRun(t *testing.T) {
	s, _ := openTemp(t)
	var buf bytes.Buffer
	if err := WriteList(&buf, nil); err != nil || !strings.Contains(buf.String(), "No runs") {
		t.Errorf("empty list: %q %v", buf.String(), err)
	}
	ctx := t.Context()
	for _, st := range []Status{StatusComplete, StatusPartial} {
		if _, err := s.Save(ctx, testRun("menon2023", st)); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := s.List(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteList(&buf, runs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[1], "partial") ||
		!strings.Contains(lines[2], "complete") || !strings.Contains(lines[1], "0123456789ab ") || !strings.Contains(lines[1], " 2s ") {
		t.Errorf("list:\n%s", buf.String())
	}
	// Columns are aligned: STATUS starts at the same offset on every line.
	col := strings.Index(lines[0], "STATUS")
	for _, l := range lines[1:] {
		if i := strings.Index(l, "complete"); i >= 0 && i != col {
			t.Errorf("misaligned %q", l)
		}
	}
	r, err := s.Get(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteRun(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Run       1-", "Command   bulwark compare --samples 1000", "Status    complete", "Seed      1",
		"Estimates (1000 draws per arrangement)", "nato         p_nuclear_use  —       —", "none         p_attack       0.5000  [0.4700, 0.5300]"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("show lacks %q:\n%s", w, buf.String())
		}
	}
}
