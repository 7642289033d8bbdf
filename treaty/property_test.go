package treaty_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
	"pgregory.net/rapid"
)

// TestResolveProperties checks invariants of the engine over random event
// sequences under every arrangement of the default scenario.
func TestResolveProperties(t *testing.T) {
	s := load(t)
	var actors []string
	for _, a := range s.Data.Actors {
		actors = append(actors, a.ID)
	}
	places := append(slices.Clone(actors), "mediterranean", "north-atlantic", "baltic-sea", "black-sea")
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 5).Draw(rt, "n")
		var events []scenario.Event
		for range n {
			att := rapid.SampledFrom(actors).Draw(rt, "attacker")
			vic := rapid.SampledFrom(actors).Filter(func(v string) bool { return v != att }).Draw(rt, "victim")
			e := scenario.Event{Attacker: att, Victim: vic, On: scenario.OnTerritory, In: vic,
				Scale: rapid.SampledFrom(scenario.Scales()).Draw(rt, "scale")}
			if rapid.Bool().Draw(rt, "forces") {
				e.On, e.In = scenario.OnForces, rapid.SampledFrom(places).Draw(rt, "in")
			}
			events = append(events, e)
		}
		arr := rapid.SampledFrom(s.ArrangementIDs()).Draw(rt, "arrangement")
		r, err := treaty.Resolve(s, arr, events)
		if err != nil {
			rt.Fatal(err)
		}
		seen := map[[4]string]bool{}
		for _, o := range r.Obliged {
			k := [4]string{o.Party, o.Treaty, o.Clause, o.Beneficiary}
			if seen[k] {
				rt.Fatalf("duplicate obligation %v", k)
			}
			seen[k] = true
			if o.Party == o.Beneficiary {
				rt.Fatalf("%s obliged to itself", o.Party)
			}
			if len(o.Because) == 0 {
				rt.Fatalf("obligation without reasons: %+v", o)
			}
			if o.Event != nil && (*o.Event < 0 || *o.Event >= len(events)) {
				rt.Fatalf("event index %d out of range", *o.Event)
			}
			if o.Event != nil && events[*o.Event].Attacker == o.Party && o.Type == scenario.Defence {
				rt.Fatalf("the attacker is obliged to defend against itself: %+v", o)
			}
		}
		for _, no := range r.NotObliged {
			k := [4]string{no.Party, no.Treaty, no.Clause, no.Beneficiary}
			if seen[k] {
				rt.Fatalf("%v is both obliged and not obliged", k)
			}
			seen[k] = true
			if no.Reason == "" || no.Detail == "" && no.Reason != treaty.IsVictim {
				rt.Fatalf("entry without reason: %+v", no)
			}
		}
		// Deterministic: the same input gives the same output.
		r2, _ := treaty.Resolve(s, arr, events)
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(r2)
		if string(a) != string(b) {
			rt.Fatal("two resolutions of the same events differ")
		}
	})
}
