package cli

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/report"
)

// runReport runs bulwark report with args (the command is not yet
// registered in the root: run it alone).
func runReport(t *testing.T, ctx context.Context, args ...string) (stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := newCmdReport(&IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	c.SetArgs(args)
	c.SetOut(&out)
	c.SetErr(&errOut)
	c.SilenceUsage = true
	c.SilenceErrors = true
	err = c.ExecuteContext(ctx)
	return errOut.String(), err
}

// wellFormedSVGs decodes every <svg> element in doc as XML and returns
// how many there are.
func wellFormedSVGs(t *testing.T, doc string) int {
	t.Helper()
	svgs := regexp.MustCompile(`(?s)<svg[ >].*?</svg>`).FindAllString(doc, -1)
	for i, s := range svgs {
		dec := xml.NewDecoder(strings.NewReader(s))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("SVG %d: %v", i, err)
			}
		}
		if !strings.Contains(s, "<title>") || !strings.Contains(s, "<desc>") {
			t.Errorf("SVG %d lacks <title> or <desc>", i)
		}
	}
	return len(svgs)
}

func TestReportHTML(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	stderr, err := runReport(t, context.Background(), "--samples", "2048", "-o", path)
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	if n := wellFormedSVGs(t, doc); n != len(crisis.MetricGroups())+4+4 {
		t.Errorf("%d charts, want %d metric groups, 4 funnels and 4 distributions", n, len(crisis.MetricGroups()))
	}
	for _, w := range []string{
		"Bulwark report — menon2023", "<caption>Renewed aggression</caption>", "Escalation under",
		"<caption>Obligations after E1 under coalition</caption>", "<caption>Obligations after E6 under none</caption>",
		"4. Assumptions and sources", "defence_pact_honour_rate", "<th scope=\"col\">Source</th>",
		"5. Citation", "<dd>2048</dd>", "<dd>no</dd>", "bulwark report --seed 1 --samples 2048 -o ",
	} {
		if !strings.Contains(doc, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	for _, bad := range []string{"<script", "<link", "<img", "src=", "url(", "@import", "http://", "https://"} {
		if strings.Contains(strings.ToLower(doc), bad) {
			t.Errorf("report contains %q: it would fetch something", bad)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(doc, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("link outside the document: %s", m[1])
		}
	}
	// The same figures as bulwark compare.
	r := run(t, "compare", "--samples", "2048", "--format", "json")
	if r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	rep, err := report.DecodeReport(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc, rep.ScenarioSHA256) {
		t.Errorf("report lacks the scenario's SHA-256 %s", rep.ScenarioSHA256)
	}
	for _, a := range rep.Arrangements.List {
		e, _ := rep.Get(a.ID, "p_attack")
		want := fmt.Sprintf(">%.0f%% [%.0f–%.0f]<", e.Mean*100, e.CI95[0]*100, e.CI95[1]*100)
		if e.Mean < 0.1 {
			want = fmt.Sprintf(">%.1f%% [%.1f–%.1f]<", e.Mean*100, e.CI95[0]*100, e.CI95[1]*100)
		}
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks compare's p_attack under %s, %s", a.ID, want)
		}
	}
}

func TestReportMarkdown(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.md")
	stderr, err := runReport(t, context.Background(), "--samples", "1024", "-a", "coalition,none", "--set", "arrangements.coalition.guarantors=POL,FIN", "-o", path)
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1+len(crisis.MetricGroups())+2+4 {
		t.Errorf("%d files, want the Markdown and %d charts", len(entries), len(crisis.MetricGroups())+2+4)
	}
	md, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"| Metric | coalition | none |", "![Escalation under", "(out-funnel-coalition.svg)", "arrangements.coalition.guarantors=POL,FIN", "Cost to Finland"} {
		if !strings.Contains(string(md), w) {
			t.Errorf("Markdown lacks %q", w)
		}
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".svg") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if wellFormedSVGs(t, string(b)) != 1 {
				t.Errorf("%s is not one SVG document", e.Name())
			}
		}
	}
}

func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--samples", "16"}, "give the file to write with -o FILE"},
		{[]string{"--samples", "16", "-o", filepath.Join(dir, "x.pdf"), "--format", "pdf"}, `unknown --format "pdf"`},
		{[]string{"--samples", "0", "-o", filepath.Join(dir, "x.html")}, "--samples 0"},
		{[]string{"--samples", "16", "-a", "natto", "-o", filepath.Join(dir, "x.html")}, `unknown arrangement "natto"`},
		{[]string{"--samples", "16", "-o", filepath.Join(dir, "missing", "x.html")}, "writing the report"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			_, err := runReport(t, context.Background(), c.args...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestReportInterrupted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "partial.html")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx = context.WithValue(ctx, progressHookKey{}, func(p montecarlo.Progress) {
		if p.Done > 0 {
			cancel()
		}
	})
	_, err := runReport(t, ctx, "--samples", "2000000", "-a", "none", "-o", path)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "PARTIAL") || !strings.Contains(string(data), "yes: interrupted") {
		t.Error("the interrupted report is not marked partial")
	}
}
