package scenario

import "github.com/bulwark-sim/bulwark/dist"

// The Go types below are the scenario language, version 1. Their json tags
// are the YAML keys; their jsonschema tags drive both the published JSON
// Schema (schema/scenario.schema.json) and the loader's checks of required
// fields and enumerations, so the two cannot drift apart. docs/scenario.md
// documents every field.

// Version is the scenario language version this package reads.
const Version = 1

// Document is a scenario file.
type Document struct {
	Bulwark      int           `json:"bulwark" jsonschema:"required,enum=1" jsonschema_description:"Scenario language version; must be 1."`
	ID           string        `json:"id" jsonschema:"required,pattern=^[a-z][a-z0-9_-]*$" jsonschema_description:"Identifier of the scenario."`
	Title        string        `json:"title,omitempty" jsonschema_description:"Human-readable title."`
	Description  string        `json:"description,omitempty"`
	Sources      []string      `json:"sources,omitempty" jsonschema_description:"Publications the scenario is based on."`
	Roles        Roles         `json:"roles" jsonschema:"required"`
	Actors       []Actor       `json:"actors,omitempty" jsonschema_description:"Actors declared in the scenario or overriding the embedded dataset."`
	Groups       []Group       `json:"groups,omitempty" jsonschema_description:"Named groups of actors; nato and eu come from the embedded dataset."`
	Places       []Place       `json:"places,omitempty" jsonschema_description:"Extra places (sea areas, regions) beyond the embedded ones."`
	Treaties     []Treaty      `json:"treaties" jsonschema:"required,minItems=1"`
	Arrangements []Arrangement `json:"arrangements" jsonschema:"required,minItems=1"`
	Assumptions  []Assumption  `json:"assumptions,omitempty"`
	Model        *Model        `json:"model,omitempty" jsonschema_description:"Settings of the crisis model that bulwark compare runs (docs/model.md); its uncertain inputs are assumptions."`
	Events       []NamedEvent  `json:"events,omitempty" jsonschema_description:"Named event sequences, usable by id wherever an event is expected."`
}

// Contest success function forms of the crisis model (docs/model.md).
const (
	ContestRatio      = "ratio"
	ContestDifference = "difference"
)

// DefaultHorizonYears is the crisis model's default horizon, and
// MaxHorizonYears the longest it accepts.
const (
	DefaultHorizonYears = 10
	MaxHorizonYears     = 50
)

// Model holds the crisis model's settings that are not uncertain
// quantities. The model's uncertain inputs are assumptions, read by id
// (docs/model.md lists them).
type Model struct {
	HorizonYears int    `json:"horizon_years,omitempty" jsonschema_description:"Years the crisis model simulates, 1 to 50; default 10."`
	Contest      string `json:"contest,omitempty" jsonschema:"enum=ratio,enum=difference" jsonschema_description:"Contest success function: ratio (default; Tullock/Hirshleifer) or difference (logistic in the force difference)."`
}

// Roles names who plays which part; later metrics are named by role.
type Roles struct {
	Attacker string `json:"attacker" jsonschema:"required" jsonschema_description:"Actor whose aggression the arrangements are meant to deter."`
	Target   string `json:"target" jsonschema:"required" jsonschema_description:"Actor the arrangements protect."`
	Alliance string `json:"alliance" jsonschema:"required" jsonschema_description:"Group whose collective-defence clause can be triggered."`
	Patron   string `json:"patron" jsonschema:"required" jsonschema_description:"Leading member of the alliance."`
}

// Actor declares an actor or overrides the embedded dataset's entry.
type Actor struct {
	ID      string            `json:"id" jsonschema:"required,pattern=^[A-Za-z][A-Za-z0-9_-]*$" jsonschema_description:"ISO 3166-1 alpha-3 code for a state; a declared id for an organisation."`
	Name    string            `json:"name,omitempty"`
	Kind    string            `json:"kind,omitempty" jsonschema:"enum=state,enum=organisation" jsonschema_description:"state (default for ISO codes) or organisation."`
	Regions []string          `json:"regions,omitempty" jsonschema_description:"Regions the actor's territory lies in (europe, north-america, asia, africa, or a declared place)."`
	Figures map[string]Figure `json:"figures,omitempty" jsonschema_description:"Figures overriding or adding to the dataset's, each with its source."`
}

// Figure is one sourced number.
type Figure struct {
	Value  float64 `json:"value" jsonschema:"required"`
	Source string  `json:"source" jsonschema:"required,minLength=1" jsonschema_description:"Publication, edition and year; or 'assumption: ' and a rationale."`
}

// Group is a named set of actors and groups.
type Group struct {
	ID      string   `json:"id" jsonschema:"required,pattern=^[a-z][a-z0-9_-]*$"`
	Name    string   `json:"name,omitempty"`
	Members []string `json:"members" jsonschema:"required" jsonschema_description:"Actor or group ids."`
	Source  string   `json:"source,omitempty"`
}

// Place is a named area that is not a state's territory, such as a sea.
type Place struct {
	ID      string   `json:"id" jsonschema:"required,pattern=^[a-z][a-z0-9_-]*$"`
	Name    string   `json:"name,omitempty"`
	Regions []string `json:"regions,omitempty" jsonschema_description:"Regions the place belongs to."`
	Source  string   `json:"source,omitempty"`
}

// Treaty is a set of clauses binding its parties.
type Treaty struct {
	ID        string     `json:"id" jsonschema:"required,pattern=^[a-z][a-z0-9_-]*$"`
	Name      string     `json:"name,omitempty"`
	Source    string     `json:"source,omitempty" jsonschema_description:"Where the treaty text comes from."`
	Parties   ActorSet   `json:"parties" jsonschema:"required"`
	Accession string     `json:"accession,omitempty" jsonschema:"enum=unanimity,enum=majority,enum=open,enum=closed" jsonschema_description:"How new parties join; default unanimity."`
	Clauses   []Clause   `json:"clauses" jsonschema:"required,minItems=1"`
	CarveOuts []CarveOut `json:"carve_outs,omitempty" jsonschema_description:"Promises by this treaty's parties not to invoke another treaty's clause."`
}

// Clause types, after the ATOP codebook (Leeds et al. 2002), plus
// assistance short of war.
const (
	Defence       = "defence"
	Offence       = "offence"
	Neutrality    = "neutrality"
	NonAggression = "non-aggression"
	Consultation  = "consultation"
	Assistance    = "assistance"
)

// Obligation strengths (S9).
const (
	Automatic         = "automatic"
	AsDeemedNecessary = "as-deemed-necessary"
	Consult           = "consult"
)

// Clause is one commitment.
type Clause struct {
	ID            string   `json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9_-]*$"`
	Name          string   `json:"name,omitempty"`
	Text          string   `json:"text,omitempty" jsonschema_description:"The clause's wording, quoted or paraphrased."`
	Type          string   `json:"type" jsonschema:"required,enum=defence,enum=offence,enum=neutrality,enum=non-aggression,enum=consultation,enum=assistance"`
	Forms         []string `json:"forms,omitempty" jsonschema_description:"For assistance clauses: arms, training, finance, sanctions."`
	Parties       ActorSet `json:"parties,omitempty" jsonschema_description:"Who is bound; default the treaty's parties."`
	Beneficiaries ActorSet `json:"beneficiaries,omitempty" jsonschema_description:"Whom the clause protects or supports; default the treaty's parties."`
	Trigger       *Trigger `json:"trigger,omitempty" jsonschema_description:"What sets the clause off; default an armed attack on a beneficiary."`
	Scope         []Zone   `json:"scope,omitempty" jsonschema_description:"Where an attack must fall to count; default anywhere."`
	Strength      string   `json:"strength,omitempty" jsonschema:"pattern=^(automatic|as-deemed-necessary|consult|[$][a-z_][a-z0-9_-]*)$" jsonschema_description:"automatic, as-deemed-necessary or consult, or a $parameter; default as-deemed-necessary (consult for consultation clauses)."`
}

// Trigger says which events set a clause off.
type Trigger struct {
	Always      bool     `json:"always,omitempty" jsonschema_description:"The obligation holds whatever happens (e.g. open-ended arms aid)."`
	AttackOn    []string `json:"attack_on,omitempty" jsonschema_description:"territory, forces or both (default both)."`
	By          ActorSet `json:"by,omitempty" jsonschema_description:"Attackers that count; default any state."`
	Against     ActorSet `json:"against,omitempty" jsonschema_description:"Offence clauses: victims that count; default any."`
	From        ActorSet `json:"from,omitempty" jsonschema_description:"Places the attack must be launched from (actors' territory or declared places); default anywhere."`
	Scales      []string `json:"scales,omitempty" jsonschema_description:"Scales that count: gray-zone, limited, full, strike; default limited, full, strike."`
	Involvement string   `json:"involvement,omitempty" jsonschema:"enum=victim,enum=attacker" jsonschema_description:"Whether the beneficiary must be the victim or the attacker; default attacker for offence clauses, victim otherwise."`
}

// Zone is one part of a clause's territorial scope: an attack counts if it
// falls in any zone. Within a zone every stated condition must hold.
type Zone struct {
	AttackOn string   `json:"attack_on" jsonschema:"required,enum=territory,enum=forces,enum=any"`
	Of       ActorSet `json:"of,omitempty" jsonschema_description:"Whose territory or forces; default the clause's beneficiaries."`
	In       ActorSet `json:"in,omitempty" jsonschema_description:"Where the attacked territory or forces must be: places, actors (their territory) or groups; default anywhere."`
	Regions  []string `json:"regions,omitempty" jsonschema_description:"The place must also lie in one of these regions."`
}

// CarveOut is a promise by some parties not to invoke a clause of another
// treaty in some circumstances (S3c).
type CarveOut struct {
	ID                string   `json:"id" jsonschema:"required,pattern=^[a-z0-9][a-z0-9_-]*$"`
	Clause            string   `json:"clause" jsonschema:"required" jsonschema_description:"The clause given up, as treaty/clause."`
	Parties           ActorSet `json:"parties,omitempty" jsonschema_description:"Who promises not to invoke it; default this treaty's parties."`
	AttackOn          []string `json:"attack_on,omitempty" jsonschema_description:"Attacks on what are not invoked: territory, forces (default forces)."`
	IncludeHomeForces bool     `json:"include_home_forces,omitempty" jsonschema_description:"Also carve out attacks on a party's forces on its own territory; by default those count as attacks on its territory and stay covered (S3d)."`
	While             string   `json:"while,omitempty" jsonschema:"enum=engaged,enum=always" jsonschema_description:"engaged (default): only while the party is obliged under this treaty; always."`
	Rationale         string   `json:"rationale,omitempty"`
}

// Arrangement is a named bundle of treaties, aid and settlement terms.
type Arrangement struct {
	ID          string            `json:"id" jsonschema:"required,pattern=^[a-z][a-z0-9_-]*$"`
	Title       string            `json:"title,omitempty"`
	Description string            `json:"description,omitempty"`
	Claim       string            `json:"claim,omitempty" jsonschema_description:"The claim of the essay the arrangement encodes (S1...)."`
	Guarantors  ActorSet          `json:"guarantors,omitempty" jsonschema_description:"Actors that guarantee the target; available to treaties as $guarantors."`
	Parameters  map[string]Param  `json:"parameters,omitempty" jsonschema_description:"Named values the treaties refer to as $name."`
	Treaties    []string          `json:"treaties" jsonschema:"required" jsonschema_description:"Ids of the treaties in force."`
	Accessions  []Accession       `json:"accessions,omitempty" jsonschema_description:"Actors joining a group under this arrangement."`
	Aid         []AidFlow         `json:"aid,omitempty"`
	Settlement  *Settlement       `json:"settlement,omitempty"`
	Notes       map[string]string `json:"notes,omitempty"`
}

// Accession adds actors to a group, and so to every treaty whose parties
// are drawn from it, under one arrangement.
type Accession struct {
	Group  string   `json:"group" jsonschema:"required"`
	Actors []string `json:"actors" jsonschema:"required,minItems=1"`
}

// AidFlow is assistance from donors to a recipient.
type AidFlow struct {
	From   ActorSet `json:"from" jsonschema:"required"`
	To     string   `json:"to" jsonschema:"required"`
	Forms  []string `json:"forms" jsonschema:"required,minItems=1" jsonschema_description:"arms, training, finance, sanctions."`
	Amount string   `json:"amount,omitempty" jsonschema_description:"Id of the assumption giving the yearly amount."`
	Source string   `json:"source,omitempty"`
}

// Settlement holds the terms that end the war under an arrangement.
type Settlement struct {
	TargetJoinsAlliance bool   `json:"target_joins_alliance,omitempty"`
	TargetNeutral       bool   `json:"target_neutral,omitempty" jsonschema_description:"The target pledges not to join the alliance (S5)."`
	TerritoryReturned   string `json:"territory_returned,omitempty" jsonschema_description:"Id of the assumption giving the share of occupied territory returned."`
	ForceCapThousands   string `json:"force_cap_thousands,omitempty" jsonschema_description:"Id of the assumption giving a cap on the target's forces, if any."`
	Notes               string `json:"notes,omitempty"`
}

// Distribution families an assumption may use.
const (
	DistPoint      = "point"
	DistUniform    = "uniform"
	DistTriangular = "triangular"
	DistPERT       = "pert"
	DistNormal     = "normal"
	DistLognormal  = "lognormal"
	DistBeta       = "beta"
)

// Assumption is a named uncertain quantity.
type Assumption struct {
	ID          string    `json:"id" jsonschema:"required,pattern=^[a-z][a-z0-9_]*$"`
	Description string    `json:"description,omitempty"`
	Unit        string    `json:"unit,omitempty" jsonschema_description:"Unit of the quantity; 'probability' and 'share' restrict it to [0,1]."`
	Dist        string    `json:"dist" jsonschema:"required,enum=point,enum=uniform,enum=triangular,enum=pert,enum=normal,enum=lognormal,enum=beta"`
	Value       *float64  `json:"value,omitempty" jsonschema_description:"point: the value."`
	Min         *float64  `json:"min,omitempty" jsonschema_description:"uniform, triangular, pert: lower end."`
	Mode        *float64  `json:"mode,omitempty" jsonschema_description:"triangular, pert: most likely value."`
	Max         *float64  `json:"max,omitempty" jsonschema_description:"uniform, triangular, pert: upper end."`
	Mean        *float64  `json:"mean,omitempty" jsonschema_description:"normal, lognormal, beta: mean of the quantity."`
	SD          *float64  `json:"sd,omitempty" jsonschema_description:"normal, lognormal, beta: standard deviation of the quantity."`
	Alpha       *float64  `json:"alpha,omitempty" jsonschema_description:"beta: shape α."`
	Beta        *float64  `json:"beta,omitempty" jsonschema_description:"beta: shape β."`
	Bounds      []float64 `json:"bounds,omitempty" jsonschema:"minItems=2,maxItems=2" jsonschema_description:"Truncation to [low, high]."`
	Source      string    `json:"source" jsonschema:"required,minLength=1" jsonschema_description:"Publication or rationale."`
}

// Spec is the assumption's distribution as the dist package takes it.
func (a *Assumption) Spec() dist.Spec {
	return dist.Spec{ID: a.ID, Dist: a.Dist, Value: a.Value, Min: a.Min, Mode: a.Mode, Max: a.Max,
		Mean: a.Mean, SD: a.SD, Alpha: a.Alpha, Beta: a.Beta, Bounds: a.Bounds}
}

// NamedEvent is a named sequence of events.
type NamedEvent struct {
	ID       string   `json:"id" jsonschema:"required,pattern=^[A-Za-z][A-Za-z0-9_-]*$"`
	Title    string   `json:"title,omitempty"`
	Anchor   string   `json:"anchor,omitempty" jsonschema_description:"Real incident the event is modelled on."`
	Sequence []string `json:"sequence" jsonschema:"required,minItems=1" jsonschema_description:"Events in the event grammar, applied in order."`
}
