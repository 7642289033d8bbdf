package crisis

import (
	"context"
	"fmt"

	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
)

func errUnknownArrangement(id string) error {
	return fmt.Errorf("crisis: the model has no arrangement %q", id)
}

// Arrangements lists the model's arrangements, in order.
func (m *Model) Arrangements() []string {
	out := make([]string, len(m.arrs))
	for i, a := range m.arrs {
		out[i] = a.id
	}
	return out
}

// Title returns an arrangement's title, or its id.
func (m *Model) Title(arrangement string) string {
	for _, a := range m.arrs {
		if a.id == arrangement && a.title != "" {
			return a.title
		}
	}
	return arrangement
}

// Horizon is the number of years simulated.
func (m *Model) Horizon() int { return m.horizon }

// Scenario returns the scenario the model was built from.
func (m *Model) Scenario() *scenario.Scenario { return m.s }

// Inherited lists the assumptions the scenario lacks: the model took them
// from the embedded default scenario, except the three that describe the
// default's present war (occupied shares, wartime aid), which are 0.
func (m *Model) Inherited() []string { return append([]string(nil), m.inherited...) }

// Groups returns one montecarlo.Group per arrangement, in order: each
// makes a sampler per worker.
func (m *Model) Groups() []montecarlo.Group {
	out := make([]montecarlo.Group, len(m.arrs))
	for i, a := range m.arrs {
		out[i] = montecarlo.Group{Name: a.id, New: func(int) (montecarlo.Sampler, error) { return m.newSampler(a) }}
	}
	return out
}

// Run runs the model's arrangements over one random stream with the
// engine's configuration cfg, whose Metrics it sets; cfg.Inputs must be
// empty (the model records no inputs).
func (m *Model) Run(ctx context.Context, cfg montecarlo.Config) (*montecarlo.Result, error) {
	if len(cfg.Inputs) > 0 {
		return nil, fmt.Errorf("crisis: the model records no inputs; leave Config.Inputs empty")
	}
	cfg.Metrics = m.Metrics()
	return montecarlo.Run(ctx, cfg, m.Groups()...)
}
