package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/goccy/go-yaml"
)

// Normalized returns a copy of the document with every default made
// explicit (see docs/scenario.md, "Defaults"). The scenario itself is not
// changed.
func (s *Scenario) Normalized() *Document {
	d := *s.Doc
	d.Treaties = slices.Clone(d.Treaties)
	for i := range d.Treaties {
		t := &d.Treaties[i]
		t.Accession = cmpOr(t.Accession, "unanimity")
		t.Clauses = slices.Clone(t.Clauses)
		for j := range t.Clauses {
			c := &t.Clauses[j]
			if c.Parties == nil {
				c.Parties = ActorSet{"parties"}
			}
			if c.Beneficiaries == nil {
				c.Beneficiaries = ActorSet{"parties"}
			}
			c.Strength = cmpOr(c.Strength, DefaultStrength(c.Type))
			tr := Trigger{}
			if c.Trigger != nil {
				tr = *c.Trigger
			}
			if !tr.Always && c.Type != NonAggression {
				if tr.AttackOn == nil {
					tr.AttackOn = []string{OnTerritory, OnForces}
				}
				if tr.By == nil {
					tr.By = ActorSet{"any"}
				}
				if tr.Scales == nil {
					tr.Scales = DefaultScales(c.Type)
				}
				tr.Involvement = cmpOr(tr.Involvement, DefaultInvolvement(c.Type))
				if c.Type == Offence && tr.Against == nil {
					tr.Against = ActorSet{"any"}
				}
			}
			c.Trigger = &tr
			c.Scope = slices.Clone(c.Scope)
			for k := range c.Scope {
				if c.Scope[k].Of == nil {
					c.Scope[k].Of = ActorSet{"beneficiaries"}
				}
			}
		}
		t.CarveOuts = slices.Clone(t.CarveOuts)
		for j := range t.CarveOuts {
			co := &t.CarveOuts[j]
			if co.Parties == nil {
				co.Parties = ActorSet{"parties"}
			}
			if co.AttackOn == nil {
				co.AttackOn = []string{OnForces}
			}
			co.While = cmpOr(co.While, "engaged")
		}
	}
	m := Model{}
	if d.Model != nil {
		m = *d.Model
	}
	if m.HorizonYears == 0 {
		m.HorizonYears = DefaultHorizonYears
	}
	m.Contest = cmpOr(m.Contest, ContestRatio)
	d.Model = &m
	return &d
}

// CanonicalJSON is the normalised document as compact JSON: the text whose
// SHA-256 identifies a scenario in results.
func (s *Scenario) CanonicalJSON() []byte {
	b, err := json.Marshal(s.Normalized())
	if err != nil {
		panic("scenario: normalised document does not encode: " + err.Error())
	}
	return b
}

// SHA256 is the hex SHA-256 of CanonicalJSON.
func (s *Scenario) SHA256() string {
	h := sha256.Sum256(s.CanonicalJSON())
	return hex.EncodeToString(h[:])
}

// NormalizedYAML renders the normalised document as YAML, keys in the
// language's order.
func (s *Scenario) NormalizedYAML() ([]byte, error) {
	return yaml.JSONToYAML(s.CanonicalJSON())
}
