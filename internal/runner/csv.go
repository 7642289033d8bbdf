package runner

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/bulwark-sim/bulwark/crisis"
)

// WriteCSV writes a comparison as CSV, one row per arrangement and metric:
// the output of `bulwark compare --format csv`. A figure without a value
// is an empty field.
func WriteCSV(w io.Writer, r *crisis.Report) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"arrangement", "metric", "label", "kind", "mean", "ci95_low", "ci95_high", "n"})
	num := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	for _, a := range r.Arrangements.List {
		if len(a.Estimates) > len(r.Metrics) {
			// A report decoded from elsewhere may be inconsistent.
			return fmt.Errorf("writing CSV: arrangement %s has %d estimates for %d metrics", a.ID, len(a.Estimates), len(r.Metrics))
		}
		for j, e := range a.Estimates {
			mi := r.Metrics[j]
			_ = cw.Write([]string{a.ID, mi.Name, mi.Label, mi.Kind, num(e.Mean), num(e.CI95[0]), num(e.CI95[1]), strconv.FormatInt(e.N, 10)})
		}
	}
	cw.Flush()
	return cw.Error()
}
