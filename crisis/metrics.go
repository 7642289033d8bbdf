package crisis

import (
	"fmt"
	"math"
	"strconv"
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
	// MetricAttackYear is the year of the first armed attack (1 for the
	// first year of the horizon), given an attack; its histogram, one bin
	// per year, gives the chance of an attack by each year.
	MetricAttackYear = "attack_year_given_attack"
	firstActorColumn = 10 // columns before the per-actor metrics
)

// Bins of the metrics' histograms (montecarlo.Metric.Bins).
const (
	// territoryBins is the number of bins of the territory share on
	// [0, 1]: two points of share each.
	territoryBins = 50
	// costBinsPerDecade is the number of bins of a cost per factor of
	// ten, from 10^minCostDecade to 10^maxCostDecade EUR bn: a cost's
	// quantiles in that range are read to within a factor of 10^(1/10),
	// 26%; below it (in the bin [10⁻⁶, 0.01)) only as under EUR 0.01 bn,
	// above it not at all (counted as over the bins).
	costBinsPerDecade = 10
	minCostDecade     = -2 // EUR 10 m
	maxCostDecade     = 5  // EUR 100,000 bn
)

// costBins are the edges of a cost's histogram: [0, 10⁻⁶) for no cost
// (under EUR 1,000: most draws of a party that neither fights nor pays
// aid, whose percentiles should then read 0, not half a bin's width),
// [10⁻⁶, 0.01) for a cost too small to matter, then costBinsPerDecade
// bins of equal width on a log scale up to 10⁵ EUR bn. Costs vary over orders of magnitude between actors,
// arrangements and draws, which equal bins on a linear scale would lump
// into one or two bins. The edges are rounded to three significant
// digits (0.0126, not 0.012589254117941675), so that the JSON reads
// easily; the bins are what the edges say.
func costBins() []float64 {
	edges := []float64{0, 1e-6}
	for k := minCostDecade * costBinsPerDecade; k <= maxCostDecade*costBinsPerDecade; k++ {
		e := math.Pow(10, float64(k)/costBinsPerDecade)
		e, _ = strconv.ParseFloat(strconv.FormatFloat(e, 'g', 3, 64), 64)
		edges = append(edges, e)
	}
	return edges
}

// yearBins are the edges of the attack year's histogram: one bin per
// year of the horizon, centred on the year's number.
func yearBins(horizon int) []float64 {
	return montecarlo.LinearBins(0.5, float64(horizon)+0.5, horizon)
}

// MetricGroup is a heading under which tables and charts show metrics:
// the rows of bulwark compare's table, the charts of a report (docs/model.md,
// §9). Has reports whether a metric, by name, belongs to the group.
type MetricGroup struct {
	ID    string                 `json:"id"`
	Title string                 `json:"title"`
	Has   func(name string) bool `json:"-"`
}

// MetricGroups lists the groups in the order they are shown. Every metric
// of a Report is in exactly one.
func MetricGroups() []MetricGroup {
	return []MetricGroup{
		{"aggression", "Renewed aggression", func(n string) bool {
			return n == MetricAttack || n == MetricFullInvasion || n == MetricGrayZone
		}},
		{"timing", "When aggression comes", func(n string) bool { return n == MetricAttackYear }},
		{"widening", "If war comes: how far it widens", func(n string) bool {
			switch n {
			case MetricGuarantorsFight, MetricStrikeAlliance, MetricAllianceInvoked,
				MetricPatronAtWar, MetricPatronAtWarAttack, MetricNuclearUse:
				return true
			}
			return false
		}},
		{"outcome", "Outcome", func(n string) bool { return n == MetricTerritoryShare }},
		{"costs", "Costs, EUR bn over the horizon (aid, war, sanctions)", func(n string) bool { return strings.HasPrefix(n, MetricCostPrefix) }},
		{"acceptance", "Who accepts the arrangement rather than continue the war", func(n string) bool {
			return strings.HasPrefix(n, MetricAcceptedPrefix) || n == MetricFeasible
		}},
	}
}

// metricSpec is one output column: its name, kind and a label in words,
// with the actors' names.
type metricSpec struct {
	name, label string
	kind        montecarlo.Kind
	actor       int       // party index of a per-actor metric, else -1
	bins        []float64 // the edges of its histogram, if it has one
}

// metricSpecs lists the model's metrics in record order.
func (m *Model) metricSpecs() []metricSpec {
	A, T, P := m.s.ActorName(m.attacker), m.s.ActorName(m.target), m.s.ActorName(m.patron)
	N := m.allianceName()
	prob, cond, mean := montecarlo.Probability, montecarlo.CondProbability, montecarlo.Mean
	out := []metricSpec{
		{MetricAttack, fmt.Sprintf("P(%s attacks %s within %s)", A, T, years(m.horizon)), prob, -1, nil},
		{MetricFullInvasion, fmt.Sprintf("P(full invasion of %s)", T), prob, -1, nil},
		{MetricGrayZone, "P(gray-zone pressure before any armed attack)", prob, -1, nil},
		{MetricGuarantorsFight, fmt.Sprintf("P(%s's defenders fight | attack)", T), cond, -1, nil},
		{MetricStrikeAlliance, fmt.Sprintf("P(%s strikes %s territory)", A, N), prob, -1, nil},
		{MetricAllianceInvoked, fmt.Sprintf("P(%s invokes collective defence)", N), prob, -1, nil},
		{MetricPatronAtWar, fmt.Sprintf("P(%s at war with %s)", P, A), prob, -1, nil},
		{MetricPatronAtWarAttack, fmt.Sprintf("P(%s at war with %s | attack)", P, A), cond, -1, nil},
		{MetricNuclearUse, "P(nuclear use)", prob, -1, nil},
		{MetricTerritoryShare, fmt.Sprintf("%s's share of its territory in %s", T, years(m.horizon)), mean, -1,
			montecarlo.LinearBins(0, 1, territoryBins)},
	}
	costs := costBins()
	for _, p := range m.actors {
		id := m.parties[p].id
		out = append(out, metricSpec{MetricCostPrefix + id, fmt.Sprintf("Cost to %s, EUR bn over %s", m.s.ActorName(id), years(m.horizon)), mean, p, costs})
	}
	for _, p := range m.actors {
		id := m.parties[p].id
		out = append(out, metricSpec{MetricAcceptedPrefix + id, fmt.Sprintf("P(%s accepts)", m.s.ActorName(id)), prob, p, nil})
	}
	out = append(out, metricSpec{MetricFeasible, "P(feasible: every party whose consent it needs accepts)", prob, -1, nil})
	// New metrics go last, so that adding one leaves the others' columns,
	// and the order of the JSON, as they were.
	out = append(out, metricSpec{MetricAttackYear, fmt.Sprintf("Year of %s's first attack on %s | attack", A, T), montecarlo.CondMean, -1, yearBins(m.horizon)})
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
		out[i] = montecarlo.Metric{Name: s.name, Kind: s.kind, Bins: s.bins}
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
