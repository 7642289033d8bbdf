package report

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bulwark-sim/bulwark/crisis"
)

// distMetrics are the indices in r.Metrics of the outcomes whose
// distributions the report draws, in order: the target's territory share,
// the attacker's cost and the target's cost; those without a distribution
// under any arrangement (a comparison stored before the model had them)
// are left out.
func distMetrics(r *crisis.Report) []int {
	names := []string{crisis.MetricTerritoryShare,
		crisis.MetricCostPrefix + r.Roles.Attacker, crisis.MetricCostPrefix + r.Roles.Target}
	var out []int
	for _, name := range names {
		if j := metricIndex(r, name); j >= 0 && hasDistribution(r, j) {
			out = append(out, j)
		}
	}
	return out
}

func metricIndex(r *crisis.Report, name string) int {
	for j, mi := range r.Metrics {
		if mi.Name == name {
			return j
		}
	}
	return -1
}

func hasDistribution(r *crisis.Report, j int) bool {
	for _, a := range r.Arrangements.List {
		if usable(a.Estimates[j].Distribution) {
			return true
		}
	}
	return false
}

// usable reports whether d has well-formed bins and counts something.
func usable(d *crisis.Distribution) bool {
	return d != nil && len(d.Edges) == len(d.Counts)+1 && len(d.Counts) > 0 && d.Histogram().Total() > 0
}

// isCost reports whether a metric is a cost, whose bins are equal on a
// log scale.
func isCost(mi crisis.MetricInfo) bool { return strings.HasPrefix(mi.Name, crisis.MetricCostPrefix) }

// value formats one value of a distribution: shares in per cent, costs in
// EUR bn, "0" for a cost under EUR 5 m.
func value(mi crisis.MetricInfo, v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	if mi.InPercent() {
		v *= 100
	}
	dec := 0
	switch {
	case isCost(mi) && math.Abs(v) < 0.005:
		return "0"
	case math.Abs(v) < 10:
		dec = 1
	}
	if isCost(mi) && math.Abs(v) < 1 {
		dec = 2
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if mi.InPercent() {
		s += "%"
	}
	return s
}

// binPos maps a value onto the bins' index scale: k + the fraction of
// bin k below v, for v in bin k, as Quantile interpolates; values
// outside the bins are put at the ends.
func binPos(edges []float64, v float64) float64 {
	n := len(edges) - 1
	switch {
	case v <= edges[0]:
		return 0
	case v >= edges[n]:
		return float64(n)
	}
	k := sort.SearchFloat64s(edges, v) // first edge ≥ v
	if edges[k] == v {
		return float64(k)
	}
	k--
	return float64(k) + (v-edges[k])/(edges[k+1]-edges[k])
}

// histogramChart draws metric j's distribution under every arrangement
// that has one, as small multiples on one scale: one row of bars per
// arrangement, each bin a bar of equal width, so that bins equal on a log
// scale (costs) make a log axis; with the median (solid) and the 5th and
// 95th percentiles (dashed). Each row is scaled to its tallest bar: the
// chart compares shapes and positions, the table beside it the figures.
func histogramChart(r *crisis.Report, j int) string {
	mi := r.Metrics[j]
	type row struct {
		i    int
		a    crisis.ArrangementEstimates
		d    *crisis.Distribution
		peak int64
	}
	var rows []row
	var edges []float64
	// A cost's first bin holds the draws with no cost at all, often most
	// of them; drawn as a bar it would dwarf the rest, so its share is
	// written out instead, and the bars show the draws with a cost.
	first := 0
	if isCost(mi) {
		first = 1
	}
	lo, hi := math.MaxInt, -1 // the non-empty bins of every row
	for i, a := range r.Arrangements.List {
		d := a.Estimates[j].Distribution
		if !usable(d) {
			continue
		}
		if edges == nil {
			edges = d.Edges
		}
		if !slices.Equal(d.Edges, edges) || len(edges) < first+2 {
			continue // bins differ from the first row's: not comparable
		}
		rw := row{i: i, a: a, d: d}
		for k := first; k < len(d.Counts); k++ {
			if c := d.Counts[k]; c > 0 {
				lo, hi = min(lo, k), max(hi, k)
				rw.peak = max(rw.peak, c)
			}
		}
		rows = append(rows, rw)
	}
	if len(rows) == 0 {
		return ""
	}
	if hi < 0 { // every draw in the first bin
		lo, hi = first, first
	}
	// One empty bin either side, so that the outermost bars do not touch
	// the frame.
	lo, hi = max(lo-1, first), min(hi+1, len(edges)-2)

	const (
		left, right = 150, chartWidth - 200
		rowH, barH  = 58, 40
		top         = 12
	)
	height := top + len(rows)*rowH + axisHeight
	scaleDesc := "bins of equal width on a linear scale"
	if isCost(mi) {
		scaleDesc = "bins of equal width on a logarithmic scale, the first for costs under EUR 0.01 bn; the share of draws with no cost is written beside each row"
	}
	desc := fmt.Sprintf("Histogram of %s under each of %d arrangements, one row each, from %s to %s (%s); bar heights are shares of the draws, each row scaled to its tallest bar. "+
		"A solid line marks the median, dashed lines the 5th and 95th percentiles.",
		mi.Label, len(rows), value(mi, edges[lo]), value(mi, edges[hi+1]), scaleDesc)
	w := newSVG(chartWidth, height, "Distribution: "+mi.Label, desc)
	x := func(pos float64) float64 {
		pos = math.Min(math.Max(pos, float64(lo)), float64(hi+1))
		return left + (pos-float64(lo))/float64(hi+1-lo)*(right-left)
	}
	bottom := float64(top + len(rows)*rowH)
	for _, k := range ticks(mi, edges, lo, hi+1) {
		gx := x(float64(k))
		w.line(gx, top, gx, bottom+4, "#ddd", 0.6, false)
		w.text(gx, bottom+18, "middle", "normal", tickLabel(mi, edges[k]))
	}
	for n, rw := range rows {
		y0 := float64(top + n*rowH)
		base := y0 + barH + 4
		if n%2 == 0 {
			w.rect(0, y0, chartWidth, rowH, "#f6f6f6")
		}
		w.text(6, y0+16, "start", "bold", rw.a.ID)
		total := float64(rw.d.Histogram().Total())
		w.text(6, y0+31, "start", "normal", fmt.Sprintf("%d draws", int64(total)))
		if first > 0 {
			zero := float64(rw.d.Counts[0]) / total
			w.text(6, y0+46, "start", "normal", "no cost: "+strconv.FormatFloat(zero*100, 'f', 0, 64)+"%")
		}
		for k := lo; k <= hi; k++ {
			c := rw.d.Counts[k]
			if c == 0 {
				continue
			}
			h := float64(c) / float64(rw.peak) * barH
			x0, x1 := x(float64(k)), x(float64(k+1))
			w.bar(x0+0.3, base-h, math.Max(x1-x0-0.6, 0.8), h, colour(rw.i))
		}
		w.line(left, base, right, base, "#888", 0.8, false)
		for _, q := range []struct {
			v    float64
			dash bool
		}{{rw.d.P5, true}, {rw.d.P50, false}, {rw.d.P95, true}} {
			if math.IsNaN(q.v) || q.v < edges[first] {
				continue // a percentile among the draws with no cost: the text says 0
			}
			qx := x(binPos(edges, q.v))
			w.line(qx, base-barH-2, qx, base+2, "#222", 1.4, q.dash)
		}
		w.text(chartWidth-4, y0+barH/2-2, "end", "normal", "median "+value(mi, rw.d.P50))
		w.text(chartWidth-4, y0+barH/2+14, "end", "normal", "90% in "+value(mi, rw.d.P5)+" – "+value(mi, rw.d.P95))
		if out := rw.d.Under + rw.d.Over; out > 0 {
			w.text(chartWidth-4, y0+barH/2+30, "end", "normal", fmt.Sprintf("%d outside the bins", out))
		}
	}
	return w.String()
}

// ticks chooses the edges to label on a histogram's axis, at most about
// eight: for a cost the powers of ten from 0.01 up (every other one if
// there are many); otherwise every k-th edge, k being 1, 2 or 5 times a
// power of ten.
func ticks(mi crisis.MetricInfo, edges []float64, lo, hi int) []int {
	var out []int
	if isCost(mi) {
		for k := lo; k <= hi; k++ {
			e := edges[k]
			if l := math.Log10(e); e >= 0.01 && math.Abs(l-math.Round(l)) < 1e-9 {
				out = append(out, k)
			}
		}
		if len(out) >= 2 {
			for len(out) > 9 {
				thin := out[:0:0]
				for i := 0; i < len(out); i += 2 {
					thin = append(thin, out[i])
				}
				out = thin
			}
			return out
		}
		out = nil
	}
	step := 1
	for p := 1; step*7 < hi-lo; p *= 10 {
		for _, m := range []int{1, 2, 5, 10} {
			if step = m * p; step*7 >= hi-lo {
				break
			}
		}
	}
	for k := lo; k <= hi; k++ {
		if k%step == 0 {
			out = append(out, k)
		}
	}
	return out
}

// tickLabel formats an axis label: a share in per cent, a cost as the
// shortest decimal (0.01, 0.1, 1, 10).
func tickLabel(mi crisis.MetricInfo, e float64) string {
	if isCost(mi) {
		return strconv.FormatFloat(e, 'g', -1, 64)
	}
	return value(mi, e)
}

// attackCurves returns, per arrangement with the attack year's
// distribution, the chance of a first attack by the end of each year:
// cum[t] for years t = 0 (none) to the last bin.
func attackCurves(r *crisis.Report, j int) (idx []int, cum [][]float64) {
	if r.Samples <= 0 {
		return nil, nil
	}
	for i, a := range r.Arrangements.List {
		d := a.Estimates[j].Distribution
		if d == nil || len(d.Edges) != len(d.Counts)+1 || len(d.Counts) == 0 {
			continue
		}
		c := make([]float64, len(d.Counts)+1)
		run := d.Under
		for k, n := range d.Counts {
			run += n
			c[k+1] = float64(run) / float64(r.Samples)
		}
		idx, cum = append(idx, i), append(cum, c)
	}
	return idx, cum
}

// timingChart draws P(first attack by year t) under each arrangement, one
// line each, from the attack year's distribution: the counts of first
// attacks per year over all draws, summed.
func timingChart(r *crisis.Report, j int, name func(id string) string) (svg string, idx []int, cum [][]float64) {
	idx, cum = attackCurves(r, j)
	if len(idx) == 0 {
		return "", nil, nil
	}
	years := len(cum[0]) - 1
	top := 0.0
	for _, c := range cum {
		years = max(years, len(c)-1)
		top = math.Max(top, c[len(c)-1])
	}
	ymax := math.Min(niceCeil(top*100), 100)
	const (
		left, right  = 56, chartWidth - 190
		plotTop, plH = 16, 240
	)
	height := plotTop + plH + 46
	title := "P(" + name(r.Roles.Attacker) + "'s first attack on " + name(r.Roles.Target) + " by year t)"
	desc := fmt.Sprintf("Line chart: under each of %d arrangements, the probability of a first armed attack by the end of each year, from year 0 (none) to year %d, "+
		"on a scale from 0 to %g%%. Each line ends at the probability of an attack within the horizon, labelled with the arrangement.", len(idx), years, ymax)
	w := newSVG(chartWidth, height, title, desc)
	x := func(t float64) float64 { return left + t/float64(years)*(right-left) }
	y := func(p float64) float64 { return plotTop + plH - math.Min(p*100/ymax, 1)*plH }
	for k := 0; k <= 4; k++ {
		v := ymax * float64(k) / 4
		gy := y(v / 100)
		w.line(left, gy, right, gy, "#ccc", 0.6, k > 0)
		w.text(left-6, gy+4, "end", "normal", strconv.FormatFloat(v, 'g', 4, 64)+"%")
	}
	step := max((years+11)/12, 1)
	for t := 0; t <= years; t++ {
		gx := x(float64(t))
		w.line(gx, plotTop+plH, gx, plotTop+plH+4, "#888", 0.8, false)
		if t%step == 0 {
			w.text(gx, plotTop+plH+18, "middle", "normal", strconv.Itoa(t))
		}
	}
	w.text((left+right)/2, plotTop+plH+38, "middle", "normal", "year of the horizon")
	dashes := []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"}
	type end struct {
		y     float64
		label string
		i     int
	}
	var ends []end
	for n, i := range idx {
		c := cum[n]
		pts := make([]string, len(c))
		for t, p := range c {
			pts[t] = num(x(float64(t))) + "," + num(y(p))
		}
		dash := ""
		if d := dashes[i%len(dashes)]; d != "" {
			dash = ` stroke-dasharray="` + d + `"`
		}
		fmt.Fprintf(&w.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.2"%s/>`, strings.Join(pts, " "), colour(i), dash)
		for t, p := range c {
			w.circle(x(float64(t)), y(p), 2.6, colour(i))
		}
		last := c[len(c)-1]
		ends = append(ends, end{y(last), fmt.Sprintf("%s %s", r.Arrangements.List[i].ID, strconv.FormatFloat(last*100, 'f', 1, 64)+"%"), i})
	}
	// End labels, nudged apart so that none overlaps another.
	sort.SliceStable(ends, func(a, b int) bool { return ends[a].y < ends[b].y })
	for k := 1; k < len(ends); k++ {
		ends[k].y = math.Max(ends[k].y, ends[k-1].y+14)
	}
	for _, e := range ends {
		w.text(right+8, e.y+4, "start", "bold", e.label)
	}
	return w.String(), idx, cum
}

// distributionViews builds the charts and tables of the distributions:
// the timing of an attack first, then each outcome's histogram.
func distributionViews(r *crisis.Report, name func(id string) string) (timing *chartGroup, hists []chartGroup) {
	if j := metricIndex(r, crisis.MetricAttackYear); j >= 0 {
		if svg, idx, cum := timingChart(r, j, name); svg != "" {
			title := "Chance of a first attack by each year"
			timing = &chartGroup{chart: chart{Title: title, File: "dist-attack-timing.svg", SVG: svg}}
			years := 0
			for _, c := range cum {
				years = max(years, len(c)-1)
			}
			cells := make([]int, len(r.Arrangements.List)) // arrangement → its curve, or −1
			for i := range cells {
				cells[i] = -1
			}
			for n, i := range idx {
				cells[i] = n
			}
			for t := 1; t <= years; t++ {
				row := tableRow{Label: "By the end of year " + strconv.Itoa(t)}
				for _, n := range cells {
					cellText := "—"
					if n >= 0 && t < len(cum[n]) {
						cellText = strconv.FormatFloat(cum[n][t]*100, 'f', 1, 64) + "%"
					}
					row.Cells = append(row.Cells, cellText)
				}
				timing.Rows = append(timing.Rows, row)
			}
		}
	}
	for _, j := range distMetrics(r) {
		mi := r.Metrics[j]
		svg := histogramChart(r, j)
		if svg == "" {
			continue
		}
		cg := chartGroup{chart: chart{Title: "Distribution: " + mi.Label, File: "dist-" + slug(mi.Name) + ".svg", SVG: svg}}
		for _, q := range []struct {
			label string
			f     func(*crisis.Distribution) float64
		}{
			{"5th percentile", func(d *crisis.Distribution) float64 { return d.P5 }},
			{"Median", func(d *crisis.Distribution) float64 { return d.P50 }},
			{"95th percentile", func(d *crisis.Distribution) float64 { return d.P95 }},
		} {
			row := tableRow{Label: q.label}
			for _, a := range r.Arrangements.List {
				c := "—"
				if d := a.Estimates[j].Distribution; usable(d) {
					c = value(mi, q.f(d))
				}
				row.Cells = append(row.Cells, c)
			}
			cg.Rows = append(cg.Rows, row)
		}
		mean := tableRow{Label: "Mean [95% interval]"}
		for _, a := range r.Arrangements.List {
			mean.Cells = append(mean.Cells, mi.Format(a.Estimates[j], true))
		}
		cg.Rows = append(cg.Rows, mean)
		hists = append(hists, cg)
	}
	return timing, hists
}
