package report_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/report"
	"github.com/bulwark-sim/bulwark/scenario"
)

// Render a comparison of two arrangements of the embedded scenario as a
// self-contained HTML page.
func Example() {
	s, diags := scenario.Default(nil)
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	m, err := crisis.New(s, crisis.Options{Arrangements: []string{"nato", "coalition"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := m.Run(context.Background(), montecarlo.Config{Seed: 1, Samples: 256})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := report.Build(s, m.Report(res), "bulwark report -a nato,coalition --samples 256 -o report.html")
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := report.HTML(&page, d); err != nil {
		fmt.Println(err)
		return
	}
	html := page.String()
	fmt.Println("charts:", strings.Count(html, "<svg"))
	fmt.Println("obligation traces:", len(d.Traces))
	fmt.Println("fetches nothing:", !strings.Contains(html, "http"))
	// Output:
	// charts: 12
	// obligation traces: 12
	// fetches nothing: true
}
