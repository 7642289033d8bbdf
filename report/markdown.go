package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Markdown renders the report as Markdown, with its charts as separate SVG
// files. It returns the files by name: name itself for the Markdown, and
// name's base without extension, a hyphen and the chart's name for each
// chart (report.md, report-chart-aggression.svg, report-funnel-nato.svg…),
// to be written in one directory; the Markdown refers to the charts by
// these relative names.
func Markdown(d *Data, name string) (map[string][]byte, error) {
	v, err := buildView(d)
	if err != nil {
		return nil, err
	}
	if name == "" || name != filepath.Base(name) {
		return nil, fmt.Errorf("report: %q is not a file name", name)
	}
	prefix := strings.TrimSuffix(name, filepath.Ext(name)) + "-"
	files := map[string][]byte{}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Bulwark report — %s\n\n", md(v.Title))
	p("%s Each figure: mean [95%% interval]; probabilities and shares in per cent, costs in EUR bn.\n\n", md(v.Summary))
	if v.Partial {
		p("**PARTIAL: the run was interrupted; the figures cover only the draws made before it stopped.**\n\n")
	}
	if v.Description != "" {
		p("%s\n\n", md(v.Description))
	}
	p("Arrangements:\n\n")
	for _, a := range v.Arrangements {
		p("- `%s`", code(a.ID))
		if a.Title != "" {
			p(": %s", md(a.Title))
		}
		p("\n")
	}

	p("\n## 1. Metrics under each arrangement\n\n")
	p("Dots are means, whiskers 95%% intervals (Wilson's for probabilities).\n\n")
	for i, g := range v.Groups {
		file := prefix + g.File
		files[file] = []byte(g.SVG)
		p("![Figure %d. %s](%s)\n\n", i+1, md(g.Title), file)
		p("| Metric |")
		for _, a := range v.Arrangements {
			p(" %s |", cell(a.ID))
		}
		p("\n|---|%s\n", strings.Repeat("---|", len(v.Arrangements)))
		for _, r := range g.Rows {
			p("| %s |", cell(r.Label))
			for _, c := range r.Cells {
				p(" %s |", c) // figures formatted by format: no markup
			}
			p("\n")
		}
		p("\n")
	}

	if v.Timing != nil || len(v.Dists) > 0 {
		p("### Distributions of the main outcomes\n\n")
		p("What the means hide: when an attack comes, and how widely the outcomes spread over the draws. The model counts every draw's value in fixed bins; percentiles are read from the counts, exact to within a bin.\n\n")
		table := func(first string, rows []tableRow) {
			p("| %s |", first)
			for _, a := range v.Arrangements {
				p(" %s |", cell(a.ID))
			}
			p("\n|---|%s\n", strings.Repeat("---|", len(v.Arrangements)))
			for _, r := range rows {
				p("| %s |", cell(r.Label))
				for _, c := range r.Cells {
					p(" %s |", c) // figures: no markup
				}
				p("\n")
			}
			p("\n")
		}
		if t := v.Timing; t != nil {
			file := prefix + t.File
			files[file] = []byte(t.SVG)
			p("![%s](%s)\n\n", md(t.Title), file)
			p("The share of all draws with a first armed attack by the end of each year of the horizon; each line ends at the probability of an attack.\n\n")
			table("Year", t.Rows)
		}
		for _, g := range v.Dists {
			file := prefix + g.File
			files[file] = []byte(g.SVG)
			p("![%s](%s)\n\n", md(g.Title), file)
			p("Bars are shares of the draws (each row scaled to its tallest bar); the solid line is the median, the dashed lines the 5th and 95th percentiles.\n\n")
			table("Figure", g.Rows)
		}
	}

	p("## 2. Escalation funnel\n\n")
	p("From an attack to nuclear use, each stage's probability over the horizon with its 95%% interval; the defenders' fighting is conditional on an attack.\n\n")
	for _, f := range v.Funnels {
		file := prefix + f.File
		files[file] = []byte(f.SVG)
		p("![Escalation under %s](%s)\n\n", md(f.Title), file)
	}

	p("## 3. Obligations after the named events\n\n")
	p("The treaty engine's trace (`bulwark explain`): who is obliged to do what after each of the scenario's named event sequences, and why. The reasons given are those of the first party listed.\n\n")
	if len(v.Traces) == 0 {
		p("The scenario names no events.\n\n")
	}
	for _, t := range v.Traces {
		p("### %s", md(t.EventID))
		if t.EventTitle != "" {
			p(": %s", md(t.EventTitle))
		}
		p(" — under %s", md(t.Arrangement))
		if t.ArrTitle != "" {
			p(" (%s)", md(t.ArrTitle))
		}
		p("\n\n")
		if t.Anchor != "" {
			p("Modelled on: %s\n\n", md(t.Anchor))
		}
		for i, e := range t.Events {
			p("%d. `%s`\n", i+1, code(e))
		}
		p("\n| Obligation | Who | Clause | Strength | When | Why |\n|---|---|---|---|---|---|\n")
		for _, o := range t.Obliged {
			why := make([]string, len(o.Why))
			for i, w := range o.Why {
				why[i] = cell(w)
			}
			p("| %s | %s | `%s` | %s | %s | %s |\n", cell(o.What), cell(o.Who), code(o.Clause), cell(o.Strength), cell(o.When), strings.Join(why, "; "))
		}
		if len(t.Obliged) == 0 {
			p("| Nobody is obliged. | | | | | |\n")
		}
		p("\n")
		if len(t.Conflicts) > 0 {
			p("| Party | Conflict | Detail |\n|---|---|---|\n")
			for _, c := range t.Conflicts {
				p("| %s | %s | %s |\n", cell(c.Party), cell(c.Kind), cell(c.Detail))
			}
			p("\n")
		}
		p("%d party–clause pairs not obliged (listed with reasons by `bulwark explain`).\n\n", t.NotObliged)
	}

	p("## 4. Assumptions and sources\n\n")
	p("| Assumption | Description | Unit | Distribution | Source |\n|---|---|---|---|---|\n")
	for _, a := range v.Assumptions {
		id := "`" + code(a.ID) + "`"
		if a.Inherited {
			id += " (from the embedded default scenario)"
		}
		p("| %s | %s | %s | %s | %s |\n", id, cell(a.Description), cell(a.Unit), cell(a.Dist), cell(a.Source))
	}
	if len(v.Assumptions) == 0 {
		p("| The scenario states no assumptions. | | | | |\n")
	}
	p("\n")
	if len(v.Inherited) > 0 {
		p("Also taken from the embedded default: %s.\n\n", md(strings.Join(v.Inherited, ", ")))
	}
	if len(v.Sources) > 0 {
		p("Publications the scenario is based on:\n\n")
		for _, s := range v.Sources {
			p("- %s\n", md(s))
		}
		p("\n")
	}

	c := v.Citation
	p("## 5. Citation\n\n")
	p("- Scenario: %s\n- Scenario SHA-256: `%s`\n", md(c.Scenario), code(c.SHA256))
	if c.Sets != "" {
		p("- Overrides (--set): `%s`\n", code(c.Sets))
	}
	p("- Seed: %d\n- Draws per arrangement: %d\n- Stopped by: %s", c.Seed, c.Samples, md(c.Stop))
	if c.Precision != 0 {
		p(" (target ±%g)", c.Precision)
	}
	partial := "no"
	if c.Partial {
		partial = "yes: interrupted"
	}
	p("\n- Horizon: %d years\n- Partial: %s\n- Bulwark version: %s\n\n", c.Horizon, partial, md(c.Version))
	p("To reproduce (the same scenario, seed and version give the same figures at any number of workers):\n\n")
	p("```\n%s\n```\n", strings.ReplaceAll(c.Command, "```", "'''"))
	files[name] = []byte(b.String())
	return files, nil
}

// WriteMarkdown writes the Markdown report to path and its charts beside
// it (see Markdown).
func WriteMarkdown(path string, d *Data) error {
	files, err := Markdown(d, filepath.Base(path))
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// md escapes text for Markdown prose: HTML's special characters become
// entities, so that no text from a scenario becomes markup, and
// Markdown's are backslash-escaped.
func md(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cell escapes text for a Markdown table cell.
func cell(s string) string { return md(s) }

// code makes text safe inside a code span: backticks and line breaks
// would end it.
func code(s string) string {
	return strings.NewReplacer("`", "'", "\n", " ", "\r", " ", "|", "\\|").Replace(s)
}
