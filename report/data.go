package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
)

// Data is everything a report shows.
type Data struct {
	// Report is the comparison: every metric under every arrangement.
	Report *crisis.Report
	// Scenario is the scenario the comparison ran, --set overrides applied.
	Scenario *scenario.Scenario
	// Traces are the obligation traces of the scenario's named events
	// under each arrangement of the report, arrangement by arrangement.
	Traces []Trace
	// Inherited are the assumptions the scenario lacks that the model took
	// from the embedded default scenario (Report.Inherited), as far as the
	// default describes them.
	Inherited []scenario.Assumption
	// Command is the command line that reproduces the report.
	Command string
}

// Trace is the treaty engine's result for one named event sequence under
// one arrangement.
type Trace struct {
	Arrangement string
	Event       scenario.NamedEvent
	Result      *treaty.Result
}

// Build assembles a report's data from a scenario and a comparison run on
// it: it resolves every named event of the scenario under every
// arrangement of the report, and looks up the inherited assumptions in the
// embedded default scenario. command is the command line printed to
// reproduce the figures; the version cited is the comparison's own
// (Report.Version), the one that computed them.
func Build(s *scenario.Scenario, r *crisis.Report, command string) (*Data, error) {
	if s == nil || r == nil {
		return nil, errors.New("report: a scenario and a comparison are needed")
	}
	if r.ScenarioSHA256 != "" && r.ScenarioSHA256 != s.SHA256() {
		return nil, fmt.Errorf("report: the comparison ran scenario %s (sha256 %.12s…), not this one (sha256 %.12s…)",
			r.Scenario, r.ScenarioSHA256, s.SHA256())
	}
	// The titles are the report's own: the caller's comparison is left
	// as it is.
	rc := *r
	rc.Arrangements.List = slices.Clone(r.Arrangements.List)
	r = &rc
	d := &Data{Report: r, Scenario: s, Command: command}
	for i, a := range r.Arrangements.List {
		if a.Title == "" || a.Title == a.ID {
			// crisis.Model.Title falls back to the id; the report would
			// print it twice ("pact (pact)").
			a.Title = ""
			if arr, ok := s.Arrangement(a.ID); ok {
				a.Title = arr.Title
			}
			r.Arrangements.List[i].Title = a.Title
		}
		for _, ne := range s.Doc.Events {
			evs, diags := s.Events("events", []string{ne.ID})
			if diags.HasErrors() {
				return nil, fmt.Errorf("report: named event %s: %w", ne.ID, diags)
			}
			res, err := treaty.Resolve(s, a.ID, evs)
			if err != nil {
				return nil, fmt.Errorf("report: resolving %s under %s: %w", ne.ID, a.ID, err)
			}
			d.Traces = append(d.Traces, Trace{Arrangement: a.ID, Event: ne, Result: res})
		}
	}
	if len(r.Inherited) > 0 {
		def, diags := scenario.Default(nil)
		if !diags.HasErrors() {
			for _, id := range r.Inherited {
				for _, as := range def.Doc.Assumptions {
					if as.ID == id {
						d.Inherited = append(d.Inherited, as)
					}
				}
			}
		}
	}
	return d, nil
}

// DecodeReport reads a comparison in the JSON of bulwark compare --format
// json (schema/compare.schema.json), keeping the order of arrangements and
// metrics; null figures become NaN. Arrangement titles are not in the JSON:
// Build fills them in from the scenario.
func DecodeReport(rd io.Reader) (*crisis.Report, error) {
	var raw struct {
		crisis.Report
		Arrangements json.RawMessage `json:"arrangements"`
	}
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("report: reading the comparison: %w", err)
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("report: decoding the comparison: %w", err)
	}
	r := raw.Report
	for _, m := range r.Metrics {
		r.Arrangements.Metrics = append(r.Arrangements.Metrics, m.Name)
	}
	dec := json.NewDecoder(bytes.NewReader(raw.Arrangements))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("report: decoding the arrangements: %w", err)
		}
		id, _ := tok.(string)
		var est map[string]struct {
			Mean         *float64             `json:"mean"`
			CI95         *[2]float64          `json:"ci95"`
			N            int64                `json:"n"`
			Distribution *crisis.Distribution `json:"distribution"`
		}
		if err := dec.Decode(&est); err != nil {
			return nil, fmt.Errorf("report: decoding arrangement %s: %w", id, err)
		}
		ae := crisis.ArrangementEstimates{ID: id}
		for _, m := range r.Metrics {
			e := crisis.Estimate{Mean: math.NaN(), CI95: [2]float64{math.NaN(), math.NaN()}}
			if v, ok := est[m.Name]; ok {
				if v.Mean != nil {
					e.Mean = *v.Mean
				}
				if v.CI95 != nil {
					e.CI95 = *v.CI95
				}
				e.N = v.N
				e.Distribution = v.Distribution
			}
			ae.Estimates = append(ae.Estimates, e)
		}
		r.Arrangements.List = append(r.Arrangements.List, ae)
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	return &r, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("report: decoding the arrangements: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("report: decoding the arrangements: want %q, got %v", want, tok)
	}
	return nil
}
