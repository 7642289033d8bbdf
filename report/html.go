package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
)

// htmlTemplate is the report page. Its charts are inline SVG from
// svgWriter, which escapes all text; everything else is escaped by
// html/template.
const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bulwark {{.Citation.Version}}">
<title>Bulwark report — {{.Title}}</title>
<style>
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1, h2, h3, h4, caption, th, .note { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0 1.4rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #444; }
ul.why { margin: 0; padding-left: 1.1rem; }
.partial { border: 2px solid #D55E00; padding: .5rem .8rem; font-weight: bold; }
.note { font-size: .85rem; color: #444; }
pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem; }
pre { background: #f6f6f6; padding: .6rem; white-space: pre-wrap; word-break: break-all; }
dl.cite { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.cite dt { font-weight: bold; }
dl.cite dd { margin: 0; word-break: break-all; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  figure, table { break-inside: avoid; }
}
</style>
</head>
<body>
<header>
<h1>Bulwark report — {{.Title}}</h1>
<p>{{.Summary}} Each figure: mean [95% interval]; probabilities and shares in per cent, costs in EUR bn.</p>
{{if .Partial}}<p class="partial" role="alert">PARTIAL: the run was interrupted; the figures cover only the draws made before it stopped.</p>{{end}}
{{with .Description}}<p>{{.}}</p>{{end}}
<p>Arrangements:</p>
<ul>{{range .Arrangements}}<li><code>{{.ID}}</code>{{with .Title}}: {{.}}{{end}}</li>{{end}}</ul>
</header>
<nav aria-label="Contents"><ol>
<li><a href="#metrics">Metrics under each arrangement</a>{{if or .Timing .Dists}}<ol><li><a href="#distributions">Distributions of the main outcomes</a></li></ol>{{end}}</li>
<li><a href="#funnel">Escalation funnel</a></li>
<li><a href="#obligations">Obligations after the named events</a></li>
<li><a href="#assumptions">Assumptions and sources</a></li>
<li><a href="#citation">Citation</a></li>
</ol></nav>
<main>
<section id="metrics">
<h2>1. Metrics under each arrangement</h2>
<p class="note">Dots are means, whiskers 95% intervals (Wilson's for probabilities).</p>
{{range $i, $g := .Groups}}
<figure>
{{svg $g.SVG}}
<figcaption>Figure {{inc $i}}. {{$g.Title}}.</figcaption>
</figure>
<table>
<caption>{{$g.Title}}</caption>
<thead><tr><th scope="col">Metric</th>{{range $.Arrangements}}<th scope="col">{{.ID}}</th>{{end}}</tr></thead>
<tbody>{{range $g.Rows}}<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td class="num">{{.}}</td>{{end}}</tr>{{end}}</tbody>
</table>
{{end}}
{{if or .Timing .Dists}}
<h3 id="distributions">Distributions of the main outcomes</h3>
<p class="note">What the means hide: when an attack comes, and how widely the outcomes spread over the draws. The model counts every draw's value in fixed bins; percentiles are read from the counts, exact to within a bin.</p>
{{with .Timing}}
<figure>
{{svg .SVG}}
<figcaption>{{.Title}}: the share of all draws with a first armed attack by the end of each year of the horizon; each line ends at the probability of an attack.</figcaption>
</figure>
<table>
<caption>{{.Title}}</caption>
<thead><tr><th scope="col">Year</th>{{range $.Arrangements}}<th scope="col">{{.ID}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td class="num">{{.}}</td>{{end}}</tr>{{end}}</tbody>
</table>
{{end}}
{{range .Dists}}
<figure>
{{svg .SVG}}
<figcaption>{{.Title}}, under each arrangement: bars are shares of the draws (each row scaled to its tallest bar); the solid line is the median, the dashed lines the 5th and 95th percentiles.</figcaption>
</figure>
<table>
<caption>{{.Title}}</caption>
<thead><tr><th scope="col">Figure</th>{{range $.Arrangements}}<th scope="col">{{.ID}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td class="num">{{.}}</td>{{end}}</tr>{{end}}</tbody>
</table>
{{end}}
{{end}}
</section>
<section id="funnel">
<h2>2. Escalation funnel</h2>
<p class="note">From an attack to nuclear use, each stage's probability over the horizon with its 95% interval; the defenders' fighting is conditional on an attack.</p>
{{range .Funnels}}
<figure>
{{svg .SVG}}
<figcaption>Escalation under {{.Title}}.</figcaption>
</figure>
{{end}}
</section>
<section id="obligations">
<h2>3. Obligations after the named events</h2>
<p class="note">The treaty engine's trace (bulwark explain): who is obliged to do what after each of the scenario's named event sequences, and why. The reasons given are those of the first party listed.</p>
{{if not .Traces}}<p>The scenario names no events.</p>{{end}}
{{range .Traces}}
<h3>{{.EventID}}{{with .EventTitle}}: {{.}}{{end}} — under {{.Arrangement}}{{with .ArrTitle}} ({{.}}){{end}}</h3>
{{with .Anchor}}<p class="note">Modelled on: {{.}}</p>{{end}}
<ol>{{range .Events}}<li><code>{{.}}</code></li>{{end}}</ol>
<table>
<caption>Obligations after {{.EventID}} under {{.Arrangement}}</caption>
<thead><tr><th scope="col">Obligation</th><th scope="col">Who</th><th scope="col">Clause</th><th scope="col">Strength</th><th scope="col">When</th><th scope="col">Why</th></tr></thead>
<tbody>{{range .Obliged}}<tr><td>{{.What}}</td><td>{{.Who}}</td><td><code>{{.Clause}}</code></td><td>{{.Strength}}</td><td>{{.When}}</td><td><ul class="why">{{range .Why}}<li>{{.}}</li>{{end}}</ul></td></tr>
{{else}}<tr><td colspan="6">Nobody is obliged.</td></tr>{{end}}</tbody>
</table>
{{if .Conflicts}}<table>
<caption>Conflicts after {{.EventID}} under {{.Arrangement}}</caption>
<thead><tr><th scope="col">Party</th><th scope="col">Kind</th><th scope="col">Detail</th></tr></thead>
<tbody>{{range .Conflicts}}<tr><td>{{.Party}}</td><td>{{.Kind}}</td><td>{{.Detail}}</td></tr>{{end}}</tbody>
</table>{{end}}
<p class="note">{{.NotObliged}} party–clause pairs not obliged (listed with reasons by <code>bulwark explain</code>).</p>
{{end}}
</section>
<section id="assumptions">
<h2>4. Assumptions and sources</h2>
<table>
<caption>The model's uncertain inputs, with their distributions and sources</caption>
<thead><tr><th scope="col">Assumption</th><th scope="col">Description</th><th scope="col">Unit</th><th scope="col">Distribution</th><th scope="col">Source</th></tr></thead>
<tbody>{{range .Assumptions}}<tr><td><code>{{.ID}}</code>{{if .Inherited}} <span class="note">(from the embedded default scenario)</span>{{end}}</td><td>{{.Description}}</td><td>{{.Unit}}</td><td>{{.Dist}}</td><td>{{.Source}}</td></tr>
{{else}}<tr><td colspan="5">The scenario states no assumptions.</td></tr>{{end}}</tbody>
</table>
{{if .Inherited}}<p class="note">Also taken from the embedded default: {{range $i, $id := .Inherited}}{{if $i}}, {{end}}<code>{{$id}}</code>{{end}}.</p>{{end}}
{{if .Sources}}<h3>Publications the scenario is based on</h3>
<ul>{{range .Sources}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>
<section id="citation">
<h2>5. Citation</h2>
<dl class="cite">
<dt>Scenario</dt><dd>{{.Citation.Scenario}}</dd>
<dt>Scenario SHA-256</dt><dd><code>{{.Citation.SHA256}}</code></dd>
{{with .Citation.Sets}}<dt>Overrides (--set)</dt><dd><code>{{.}}</code></dd>{{end}}
<dt>Seed</dt><dd>{{.Citation.Seed}}</dd>
<dt>Draws per arrangement</dt><dd>{{.Citation.Samples}}</dd>
<dt>Stopped by</dt><dd>{{.Citation.Stop}}{{if .Citation.Precision}} (target ±{{.Citation.Precision}}){{end}}</dd>
<dt>Horizon</dt><dd>{{.Citation.Horizon}} years</dd>
<dt>Partial</dt><dd>{{if .Citation.Partial}}yes: interrupted{{else}}no{{end}}</dd>
<dt>Bulwark version</dt><dd>{{.Citation.Version}}</dd>
</dl>
<p>To reproduce (the same scenario, seed and version give the same figures at any number of workers):</p>
<pre><code>{{.Citation.Command}}</code></pre>
</section>
</main>
</body>
</html>
`

// HTML writes the report as one self-contained HTML document.
func HTML(w io.Writer, d *Data) error {
	v, err := buildView(d)
	if err != nil {
		return err
	}
	t, err := template.New("report").Funcs(template.FuncMap{
		// svg marks a chart from svgWriter, whose text is escaped, as safe.
		"svg": func(s string) template.HTML { return template.HTML(inlineSVG(s)) },
		"inc": func(i int) int { return i + 1 },
	}).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("report: parsing the HTML template: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return fmt.Errorf("report: rendering HTML: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("report: writing HTML: %w", err)
	}
	return nil
}
