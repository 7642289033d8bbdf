package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bulwark-sim/bulwark/crisis"
)

// palette is Okabe and Ito's colour-blind-safe palette, without its
// yellow, which is unreadable on white; every mark is also labelled in
// text, so colour is never the only cue.
func colour(i int) string {
	palette := [...]string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}
	return palette[i%len(palette)]
}

// svgNS is the SVG namespace, which a standalone SVG file must declare;
// inline in HTML it is implied (inlineSVG drops it).
const svgNS = "http://www.w3.org/2000/svg"

// inlineSVG drops the namespace declaration from an SVG document made by
// svgWriter, for inclusion in HTML, where it is implied.
func inlineSVG(s string) string { return strings.Replace(s, ` xmlns="`+svgNS+`"`, "", 1) }

// svgWriter builds one SVG document. Every text it writes is escaped.
type svgWriter struct {
	b strings.Builder
}

func newSVG(width, height int, title, desc string) *svgWriter {
	w := &svgWriter{}
	fmt.Fprintf(&w.b, `<svg xmlns="`+svgNS+`" width="%d" height="%d" viewBox="0 0 %d %d" role="img" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
		width, height, width, height)
	fmt.Fprintf(&w.b, "<title>%s</title><desc>%s</desc>", esc(title), esc(desc))
	return w
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
				continue // not allowed in XML 1.0
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func (w *svgWriter) text(x, y float64, anchor, weight, s string) {
	fmt.Fprintf(&w.b, `<text x="%s" y="%s" text-anchor="%s" font-weight="%s" fill="#222">%s</text>`, num(x), num(y), anchor, weight, esc(s))
}

func (w *svgWriter) line(x1, y1, x2, y2 float64, stroke string, width float64, dash bool) {
	d := ""
	if dash {
		d = ` stroke-dasharray="2 3"`
	}
	fmt.Fprintf(&w.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`, num(x1), num(y1), num(x2), num(y2), stroke, num(width), d)
}

func (w *svgWriter) rect(x, y, width, height float64, fill string) {
	fmt.Fprintf(&w.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(y), num(math.Max(width, 0)), num(height), fill)
}

// bar is a rect, lighter than its colour, so that a dark whisker over it
// stays legible.
func (w *svgWriter) bar(x, y, width, height float64, fill string) {
	fmt.Fprintf(&w.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" fill-opacity="0.55"/>`, num(x), num(y), num(math.Max(width, 0)), num(height), fill)
}

func (w *svgWriter) circle(x, y, r float64, fill string) {
	fmt.Fprintf(&w.b, `<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="#fff" stroke-width="1"/>`, num(x), num(y), num(r), fill)
}

func (w *svgWriter) String() string { return w.b.String() + "</svg>" }

// scale maps a metric's values onto the chart: probabilities and shares
// in per cent on 0–100, other means on 0 to a rounded maximum.
type scale struct {
	factor   float64 // value → displayed number
	min, max float64 // in displayed units
	unit     string  // "%" or ""
}

func scaleFor(metrics []crisis.MetricInfo, r *crisis.Report, idx []int) scale {
	if metrics[idx[0]].InPercent() {
		return scale{factor: 100, max: 100, unit: "%"}
	}
	lo, hi := 0.0, 0.0
	for _, a := range r.Arrangements.List {
		for _, j := range idx {
			e := a.Estimates[j]
			for _, v := range []float64{e.Mean, e.CI95[0], e.CI95[1]} {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	sc := scale{factor: 1, max: niceCeil(hi)}
	if lo < 0 {
		sc.min = -niceCeil(-lo)
		if hi <= 0 {
			sc.max = 0
		}
	}
	return sc
}

// niceCeil rounds x up to 1, 2 or 5 times a power of ten.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

const (
	chartWidth  = 760
	labelWidth  = 230
	valueWidth  = 150
	rowHeight   = 18
	metricGap   = 22
	axisHeight  = 28
	plotLeft    = labelWidth
	plotRight   = chartWidth - valueWidth
	plotPadding = 6
)

// intervalChart draws the metrics idx of r, each under every arrangement,
// as dots (means) with whiskers (95% intervals) on one axis.
func intervalChart(r *crisis.Report, title string, idx []int) string {
	sc := scaleFor(r.Metrics, r, idx)
	n := len(r.Arrangements.List)
	height := axisHeight + len(idx)*(metricGap+n*rowHeight) + 10
	desc := fmt.Sprintf("Dot-and-whisker chart: the mean (dot) and 95%% interval (whisker) of %d metrics under each of %d arrangements, on a scale from %g to %g%s.",
		len(idx), n, sc.min, sc.max, sc.unit)
	w := newSVG(chartWidth, height, title, desc)
	x := func(v float64) float64 {
		v = math.Min(math.Max(v*sc.factor, sc.min), sc.max)
		return plotLeft + plotPadding + (v-sc.min)/(sc.max-sc.min)*(plotRight-plotLeft-2*plotPadding)
	}
	// Axis with five gridlines.
	bottom := float64(height - 10)
	for k := 0; k <= 4; k++ {
		v := sc.min + (sc.max-sc.min)*float64(k)/4
		gx := x(v / sc.factor)
		w.line(gx, axisHeight-6, gx, bottom, "#bbb", 0.6, k > 0 && k < 4 && v != 0)
		w.text(gx, axisHeight-10, "middle", "normal", strconv.FormatFloat(v, 'g', 4, 64)+sc.unit)
	}
	y := float64(axisHeight)
	for _, j := range idx {
		mi := r.Metrics[j]
		y += metricGap
		w.text(4, y-6, "start", "bold", mi.Label)
		for i, a := range r.Arrangements.List {
			e := a.Estimates[j]
			cy := y + float64(rowHeight)/2
			if i%2 == 0 {
				w.rect(0, y, chartWidth, rowHeight, "#f3f3f3")
			}
			w.text(14, cy+4, "start", "normal", a.ID)
			if !math.IsNaN(e.CI95[0]) && !math.IsNaN(e.CI95[1]) {
				w.line(x(e.CI95[0]), cy, x(e.CI95[1]), cy, colour(i), 2, false)
				w.line(x(e.CI95[0]), cy-4, x(e.CI95[0]), cy+4, colour(i), 1.5, false)
				w.line(x(e.CI95[1]), cy-4, x(e.CI95[1]), cy+4, colour(i), 1.5, false)
			}
			if !math.IsNaN(e.Mean) {
				w.circle(x(e.Mean), cy, 4.5, colour(i))
			}
			w.text(chartWidth-4, cy+4, "end", "normal", mi.Format(e, true))
			y += rowHeight
		}
	}
	return w.String()
}

// funnelStages are the metrics of the escalation funnel, in order.
func funnelStages() []string {
	return []string{
		crisis.MetricAttack, crisis.MetricGuarantorsFight, crisis.MetricStrikeAlliance,
		crisis.MetricAllianceInvoked, crisis.MetricPatronAtWar, crisis.MetricNuclearUse,
	}
}

// funnelChart draws arrangement i's escalation funnel: one bar per stage
// with its 95% interval, in per cent.
func funnelChart(r *crisis.Report, i int) string {
	a := r.Arrangements.List[i]
	var idx []int
	for _, name := range funnelStages() {
		for j, mi := range r.Metrics {
			if mi.Name == name {
				idx = append(idx, j)
			}
		}
	}
	const bar, label, gap = 18, 16, 8
	height := axisHeight + len(idx)*(label+bar+gap) + 6
	name := a.ID
	if a.Title != "" {
		name = a.Title + " (" + a.ID + ")"
	}
	title := "Escalation under " + name
	desc := "Bar chart: the probability of each stage of escalation, from an attack to nuclear use, with its 95% interval, in per cent on a scale from 0 to 100. " +
		"Each stage is over the horizon, except the defenders' fighting, which is given an attack."
	w := newSVG(chartWidth, height, title, desc)
	const left = 10
	x := func(v float64) float64 {
		v = math.Min(math.Max(v, 0), 1)
		return left + plotPadding + v*(plotRight-left-2*plotPadding)
	}
	bottom := float64(height - 6)
	for k := 0; k <= 4; k++ {
		gx := x(float64(k) / 4)
		w.line(gx, axisHeight-6, gx, bottom, "#bbb", 0.6, k > 0 && k < 4)
		w.text(gx, axisHeight-10, "middle", "normal", strconv.Itoa(25*k)+"%")
	}
	y := float64(axisHeight)
	for _, j := range idx {
		mi := r.Metrics[j]
		e := a.Estimates[j]
		w.text(left, y+label-4, "start", "bold", mi.Label)
		y += label
		if !math.IsNaN(e.Mean) {
			w.bar(x(0), y, x(e.Mean)-x(0), bar, colour(i))
		}
		if !math.IsNaN(e.CI95[0]) && !math.IsNaN(e.CI95[1]) {
			cy := y + bar/2
			w.line(x(e.CI95[0]), cy, x(e.CI95[1]), cy, "#222", 1.5, false)
			w.line(x(e.CI95[0]), cy-5, x(e.CI95[0]), cy+5, "#222", 1.5, false)
			w.line(x(e.CI95[1]), cy-5, x(e.CI95[1]), cy+5, "#222", 1.5, false)
		}
		w.text(chartWidth-4, y+bar/2+4, "end", "normal", mi.Format(e, true))
		y += bar + gap
	}
	return w.String()
}
