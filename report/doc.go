// Package report renders the result of a comparison of arrangements
// (bulwark compare) as a document a reader can keep, print and cite: a
// self-contained HTML file, or Markdown with its charts as SVG files
// beside it.
//
// The HTML fetches nothing when opened: its style sheet is inline, its
// charts are inline SVG drawn by this package's own small SVG writer, and
// it has no scripts, external fonts or images. It holds, in order:
//
//   - each metric under each arrangement with its 95% interval, one
//     dot-and-whisker chart per group of metrics (as the compare table
//     groups them), followed by the table itself;
//   - the distributions behind the main outcomes, from the histograms the
//     model counts (crisis.Distribution): the chance of a first attack by
//     each year, one line per arrangement, and histograms of the target's
//     territory share and of the attacker's and the target's costs, one
//     row per arrangement, with their median and 5th and 95th
//     percentiles, each with its table;
//   - the escalation funnel of each arrangement: attack, defenders fight,
//     strike on alliance territory, alliance invokes collective defence,
//     patron at war, nuclear use;
//   - the treaty engine's obligation trace for the scenario's named events
//     under each arrangement: who is obliged, to what, and why;
//   - the assumptions, with their distributions and sources;
//   - a citation block: scenario and its SHA-256, seed, draws, version,
//     whether the run was interrupted, and the command that reproduces it.
//
// Build assembles a Data from a scenario and a crisis.Report (DecodeReport
// reads the JSON of bulwark compare --format json); HTML and Markdown
// render it. Every piece of text from the scenario is escaped.
//
// A comparison without distributions (one stored before the model
// counted them) renders without that part.
package report
