package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
)

// compare runs the crisis model on the embedded scenario with sets and
// returns the report data.
func compare(t testing.TB, sets []string, arrangements ...string) *Data {
	t.Helper()
	s, diags := scenario.Default(sets)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	m, err := crisis.New(s, crisis.Options{Arrangements: arrangements})
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Run(context.Background(), montecarlo.Config{Seed: 1, Samples: 512})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Report(res)
	r.Version = "test"
	r.Sets = sets
	d, err := Build(s, r, "bulwark report --samples 512 -o report.html")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func render(t testing.TB, d *Data) string {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var svgRE = regexp.MustCompile(`(?s)<svg[ >].*?</svg>`)

// checkSVG decodes every SVG document in doc as XML and checks that it has
// a title and a description; it returns how many there are.
func checkSVG(t *testing.T, doc string) int {
	t.Helper()
	svgs := svgRE.FindAllString(doc, -1)
	for i, s := range svgs {
		dec := xml.NewDecoder(strings.NewReader(s))
		var names []string
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("SVG %d is not well-formed XML: %v\n%s", i, err, s)
			}
			if se, ok := tok.(xml.StartElement); ok {
				names = append(names, se.Name.Local)
			}
		}
		if len(names) < 3 || names[0] != "svg" || names[1] != "title" || names[2] != "desc" {
			t.Errorf("SVG %d does not open with <title> and <desc>: %v", i, names[:min(3, len(names))])
		}
	}
	return len(svgs)
}

// checkSelfContained fails if doc would fetch anything when opened.
func checkSelfContained(t *testing.T, doc string) {
	t.Helper()
	attr := regexp.MustCompile(`(?i)\b(src|href|srcset|action|data|poster|xlink:href)\s*=\s*["']?([^"' >]*)`)
	for _, m := range attr.FindAllStringSubmatch(doc, -1) {
		if !strings.HasPrefix(m[2], "#") {
			t.Errorf("attribute %s=%q points outside the document", m[1], m[2])
		}
	}
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "@font-face", "http://", "https://"} {
		if strings.Contains(strings.ToLower(doc), bad) {
			t.Errorf("output contains %q", bad)
		}
	}
}

func TestHTML(t *testing.T) {
	d := compare(t, nil)
	doc := render(t, d)
	checkSelfContained(t, doc)
	n := checkSVG(t, doc)
	// The interval charts, the funnels, the attack timing and the three
	// histograms (territory share, the attacker's and the target's costs).
	if want := len(crisis.MetricGroups()) + len(d.Report.Arrangements.List) + 1 + 3; n != want {
		t.Errorf("%d charts, want %d", n, want)
	}
	if len(d.Traces) != len(d.Scenario.Doc.Events)*len(d.Report.Arrangements.List) || len(d.Traces) == 0 {
		t.Errorf("%d traces for %d events and %d arrangements", len(d.Traces), len(d.Scenario.Doc.Events), len(d.Report.Arrangements.List))
	}
	want := []string{
		"<!DOCTYPE html>", `<html lang="en">`, "Bulwark report — menon2023",
		"<caption>Renewed aggression</caption>", "P(Russia attacks Ukraine within 10 years)", "Cost to Poland",
		`<h3 id="distributions">Distributions of the main outcomes</h3>`, "P(Russia&#39;s first attack on Ukraine by year t)",
		"By the end of year 10", "Distribution: Cost to Russia, EUR bn over 10 years", "95th percentile",
		"Escalation under", "P(NATO invokes collective defence)", "P(nuclear use)",
		"3. Obligations after the named events", "<caption>Obligations after E1 under coalition</caption>",
		"defence of Ukraine (UKR) against Russia (RUS)", "coalition-pact/guarantee",
		"4. Assumptions and sources", d.Scenario.Doc.Assumptions[0].ID, html(d.Scenario.Doc.Assumptions[0].Source),
		"5. Citation", d.Report.ScenarioSHA256, "<dd>512</dd>", "<dd>no</dd>", "bulwark report --samples 512 -o report.html", "<dd>test</dd>",
	}
	for _, w := range want {
		if !strings.Contains(doc, w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
}

// html escapes s as html/template does in text.
func html(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestEscaping(t *testing.T) {
	const evil = `<script>alert("x")</script> & Co`
	d := compare(t, []string{
		"title=" + evil,
		"arrangements.nato.title=" + evil,
		"assumptions.defence_pact_honour_rate.source=" + evil,
	}, "nato", "none")
	doc := render(t, d)
	if strings.Contains(strings.ToLower(doc), "<script") {
		t.Error("HTML contains an unescaped <script>")
	}
	if strings.Contains(doc, "& Co") {
		t.Error("HTML contains an unescaped &")
	}
	if !strings.Contains(doc, "&lt;script&gt;") {
		t.Error("HTML lacks the escaped title")
	}
	checkSVG(t, doc)
	files, err := Markdown(d, "r.md")
	if err != nil {
		t.Fatal(err)
	}
	// Code spans are literal text in Markdown: what they hold is not markup.
	spans := regexp.MustCompile("`[^`]*`")
	for name, data := range files {
		if strings.Contains(strings.ToLower(string(spans.ReplaceAll(data, nil))), "<script") {
			t.Errorf("%s contains an unescaped <script>: %s", name, regexp.MustCompile(`(?i).{40}<script.{20}`).FindAllString(string(data), -1))
		}
	}
	if !strings.Contains(string(files["r.md"]), "&lt;script&gt;") {
		t.Error("Markdown lacks the escaped title")
	}
}

func TestMarkdown(t *testing.T) {
	d := compare(t, nil, "coalition", "none")
	files, err := Markdown(d, "out.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(files["out.md"])
	if doc == "" {
		t.Fatal("no out.md")
	}
	refs := regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`).FindAllStringSubmatch(doc, -1)
	if want := len(crisis.MetricGroups()) + 2 + 1 + 3; len(refs) != want || len(files) != want+1 {
		t.Errorf("%d chart references and %d files, want %d and %d", len(refs), len(files), want, want+1)
	}
	for _, r := range refs {
		svg, ok := files[r[1]]
		if !ok {
			t.Errorf("Markdown refers to %s, which is not among the files", r[1])
			continue
		}
		if !strings.HasPrefix(r[1], "out-") || !strings.HasSuffix(r[1], ".svg") {
			t.Errorf("chart file %s is not named out-….svg", r[1])
		}
		if !bytes.Contains(svg, []byte(`xmlns="`+svgNS+`"`)) {
			t.Errorf("%s lacks the SVG namespace", r[1])
		}
		if n := checkSVG(t, string(svg)); n != 1 {
			t.Errorf("%s holds %d SVG documents", r[1], n)
		}
	}
	for _, w := range []string{"# Bulwark report — menon2023", "| Metric | coalition | none |", "### Distributions of the main outcomes",
		"(out-dist-attack-timing.svg)", "| By the end of year 1 |", "(out-dist-expected_cost_UKR.svg)", "| Median |",
		"## 5. Citation", d.Report.ScenarioSHA256, "```\nbulwark report"} {
		if !strings.Contains(doc, w) {
			t.Errorf("Markdown lacks %q", w)
		}
	}
	if _, err := Markdown(d, "dir/out.md"); err == nil {
		t.Error("Markdown accepted a path for a file name")
	}
}

func TestDecodeReport(t *testing.T) {
	d := compare(t, nil, "nato", "none")
	r := d.Report
	r.Arrangements.List[0].Estimates[0] = crisis.Estimate{Mean: math.NaN(), CI95: [2]float64{math.NaN(), math.NaN()}}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeReport(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("round trip changed the report:\n%s\n%s", data, again)
	}
	if got.Arrangements.List[0].ID != "nato" || got.Arrangements.List[1].ID != "none" {
		t.Errorf("arrangements out of order: %v", got.Arrangements.List)
	}
	bad := []string{``, `{`, `{"arrangements": []}`, `{"arrangements": {"x": 3}}`}
	for _, b := range bad {
		if _, err := DecodeReport(strings.NewReader(b)); err == nil {
			t.Errorf("DecodeReport(%q) succeeded", b)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	d := compare(t, nil, "none")
	other, diags := scenario.Default([]string{"title=other"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	cases := []struct {
		name string
		s    *scenario.Scenario
		r    *crisis.Report
		want string
	}{
		{"no scenario", nil, d.Report, "a scenario and a comparison are needed"},
		{"no report", d.Scenario, nil, "a scenario and a comparison are needed"},
		{"other scenario", other, d.Report, "not this one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build(c.s, c.r, "")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Build: %v, want an error containing %q", err, c.want)
			}
		})
	}
	if err := HTML(io.Discard, &Data{}); err == nil {
		t.Error("HTML rendered empty data")
	}
}

func TestFormat(t *testing.T) {
	prob := crisis.MetricInfo{Name: crisis.MetricAttack, Kind: "probability"}
	cost := crisis.MetricInfo{Name: crisis.MetricCostPrefix + "POL", Kind: "mean"}
	nan := math.NaN()
	cases := []struct {
		mi   crisis.MetricInfo
		e    crisis.Estimate
		want string
	}{
		{prob, crisis.Estimate{Mean: 0.5234, CI95: [2]float64{0.5, 0.55}}, "52% [50–55]"},
		{prob, crisis.Estimate{Mean: 0.012, CI95: [2]float64{0.005, 0.02}}, "1.2% [0.5–2.0]"},
		{prob, crisis.Estimate{Mean: nan, CI95: [2]float64{nan, nan}}, "—"},
		{cost, crisis.Estimate{Mean: 123.4, CI95: [2]float64{nan, nan}}, "123"},
		{cost, crisis.Estimate{Mean: -0.01, CI95: [2]float64{-0.04, 0.02}}, "0.0 [0.0–0.0]"},
	}
	for _, c := range cases {
		if got := c.mi.Format(c.e, true); got != c.want {
			t.Errorf("%v.Format(%v, true) = %q, want %q", c.mi.Name, c.e, got, c.want)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	cases := []struct{ x, want float64 }{{0, 1}, {-3, 1}, {0.7, 1}, {1, 1}, {1.2, 2}, {3, 5}, {7, 10}, {120, 200}, {4800, 5000}}
	for _, c := range cases {
		if got := niceCeil(c.x); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("niceCeil(%g) = %g, want %g", c.x, got, c.want)
		}
	}
}

func TestEsc(t *testing.T) {
	cases := []struct{ in, want string }{
		{`a<b>&"c'`, "a&lt;b&gt;&amp;&#34;c&#39;"},
		{"bell\x07", "bell"},
		{"Україна", "Україна"},
	}
	for _, c := range cases {
		if got := esc(c.in); got != c.want {
			t.Errorf("esc(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestScaleFor(t *testing.T) {
	prob := crisis.MetricInfo{Name: crisis.MetricAttack, Kind: "probability"}
	cost := crisis.MetricInfo{Name: crisis.MetricCostPrefix + "POL", Kind: "mean"}
	est := func(lo, mean, hi float64) crisis.Estimate {
		return crisis.Estimate{Mean: mean, CI95: [2]float64{lo, hi}, N: 1}
	}
	cases := []struct {
		name          string
		mi            crisis.MetricInfo
		e             crisis.Estimate
		min, max      float64
		wantInChart   string
		wantNotInPlot bool
	}{
		{"probability", prob, est(0.1, 0.2, 0.3), 0, 100, "100%", false},
		{"costs", cost, est(80, 123, 150), 0, 200, "200", false},
		{"gain and loss", cost, est(-30, 10, 50), -50, 50, "-50", false},
		{"gains only", cost, est(-30, -20, -10), -50, 0, "-25", false},
		{"no value", cost, crisis.Estimate{Mean: math.NaN(), CI95: [2]float64{math.NaN(), math.NaN()}}, 0, 1, "—", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &crisis.Report{Metrics: []crisis.MetricInfo{c.mi}}
			r.Arrangements.List = []crisis.ArrangementEstimates{{ID: "a", Estimates: []crisis.Estimate{c.e}}}
			sc := scaleFor(r.Metrics, r, []int{0})
			if sc.min != c.min || sc.max != c.max {
				t.Errorf("scale [%g, %g], want [%g, %g]", sc.min, sc.max, c.min, c.max)
			}
			svg := intervalChart(r, "T", []int{0})
			if !strings.Contains(svg, c.wantInChart) {
				t.Errorf("chart lacks %q", c.wantInChart)
			}
			if got := strings.Contains(svg, "<circle"); got == c.wantNotInPlot {
				t.Errorf("dot drawn: %v", got)
			}
			if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
				t.Error("chart has NaN or Inf coordinates")
			}
		})
	}
}
