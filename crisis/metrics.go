package crisis

import (
	"fmt"
	"strings"

	"github.com/bulwark-sim/bulwark/montecarlo"
)

// Metric names (docs/model.md, §9). Per-actor metrics append the actor's
// id: expected_cost_RUS, p_accepted_UKR.
const (
	MetricAttack            = "p_attack"
	MetricFullInvasion      = "p_full_invasion"
	MetricGrayZone          = "p_gray_zone"
	MetricGuarantorsFight   = "p_guarantors_fight_given_attack"
	MetricStrikeAlliance    = "p_strike_on_alliance_territory"
	MetricAllianceInvoked   = "p_alliance_invoked"
	MetricPatronAtWar       = "p_patron_at_war"
	MetricPatronAtWarAttack = "p_patron_at_war_given_attack"
	MetricNuclearUse        = "p_nuclear_use"
	MetricTerritoryShare    = "expected_target_territory_share"
	MetricCostPrefix        = "expected_cost_"
	MetricAcceptedPrefix    = "p_accepted_"
	MetricFeasible          = "p_feasible"
	firstActorColumn        = 10 // columns before the per-actor metrics
)

// metricSpec is one output column: its name, kind and a label in words,
// with the actors' names.
type metricSpec struct {
	name, label string
	kind        montecarlo.Kind
	actor       int // party index of a per-actor metric, else -1
}

// metricSpecs lists the model's metrics in record order.
func (m *Model) metricSpecs() []metricSpec {
	A, T, P := m.s.ActorName(m.attacker), m.s.ActorName(m.target), m.s.ActorName(m.patron)
	N := m.allianceName()
	prob, cond, mean := montecarlo.Probability, montecarlo.CondProbability, montecarlo.Mean
	out := []metricSpec{
		{MetricAttack, fmt.Sprintf("P(%s attacks %s within %s)", A, T, years(m.horizon)), prob, -1},
		{MetricFullInvasion, fmt.Sprintf("P(full invasion of %s)", T), prob, -1},
		{MetricGrayZone, "P(gray-zone pressure before any armed attack)", prob, -1},
		{MetricGuarantorsFight, fmt.Sprintf("P(%s's defenders fight | attack)", T), cond, -1},
		{MetricStrikeAlliance, fmt.Sprintf("P(%s strikes %s territory)", A, N), prob, -1},
		{MetricAllianceInvoked, fmt.Sprintf("P(%s invokes collective defence)", N), prob, -1},
		{MetricPatronAtWar, fmt.Sprintf("P(%s at war with %s)", P, A), prob, -1},
		{MetricPatronAtWarAttack, fmt.Sprintf("P(%s at war with %s | attack)", P, A), cond, -1},
		{MetricNuclearUse, "P(nuclear use)", prob, -1},
		{MetricTerritoryShare, fmt.Sprintf("%s's share of its territory in %s", T, years(m.horizon)), mean, -1},
	}
	for _, p := range m.actors {
		id := m.parties[p].id
		out = append(out, metricSpec{MetricCostPrefix + id, fmt.Sprintf("Cost to %s, EUR bn over %s", m.s.ActorName(id), years(m.horizon)), mean, p})
	}
	for _, p := range m.actors {
		id := m.parties[p].id
		out = append(out, metricSpec{MetricAcceptedPrefix + id, fmt.Sprintf("P(%s accepts)", m.s.ActorName(id)), prob, p})
	}
	out = append(out, metricSpec{MetricFeasible, "P(feasible: every party whose consent it needs accepts)", prob, -1})
	return out
}

// allianceName is the alliance's name for labels: the name the scenario
// gives its group if short, else its id in capitals if short (nato:
// NATO), else the group's name, else its id.
func (m *Model) allianceName() string {
	name := ""
	for _, g := range m.s.Doc.Groups {
		if g.ID == m.alliance {
			name = g.Name
		}
	}
	if name == "" {
		if g, ok := m.s.Data.Group(m.alliance); ok {
			name = g.Name
		}
	}
	switch {
	case name != "" && len([]rune(name)) <= 24:
		return name
	case len(m.alliance) <= 6:
		return strings.ToUpper(m.alliance)
	case name != "":
		return name
	}
	return m.alliance
}

// years is "1 year" or "N years".
func years(n int) string {
	if n == 1 {
		return "1 year"
	}
	return fmt.Sprintf("%d years", n)
}

// Metrics returns the model's metrics, in record order, for a
// montecarlo.Config.
func (m *Model) Metrics() []montecarlo.Metric {
	out := make([]montecarlo.Metric, len(m.metrics))
	for i, s := range m.metrics {
		out[i] = montecarlo.Metric{Name: s.name, Kind: s.kind}
	}
	return out
}

// Label returns the metric's label in words, with the actors' names
// ("P(United States at war with Russia)"), or the name itself if unknown.
func (m *Model) Label(metric string) string {
	for _, s := range m.metrics {
		if s.name == metric {
			return s.label
		}
	}
	return metric
}
