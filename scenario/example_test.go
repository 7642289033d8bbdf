package scenario_test

import (
	"fmt"

	"github.com/bulwark-sim/bulwark/scenario"
)

func ExampleParseEvent() {
	e, err := scenario.ParseEvent("RUS attacks UKR from BLR limited")
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Attacker, e.Victim, e.On, e.From, e.Scale)
	_, err = scenario.ParseEvent("RUS attack UKR")
	fmt.Println(err)
	// Output:
	// RUS UKR territory BLR limited
	// column 5: expected "attacks", got "attack"
}

func ExampleLoad() {
	src := []byte(`bulwark: 1
id: baltic
roles: {attacker: RUS, target: EST, alliance: nato, patron: USA}
treaties:
  - id: pact
    parties: [FIN, EST]
    clauses:
      - id: art1
        type: defence
        strength: automatic
arrangements:
  - id: pact
    treaties: [pact]
`)
	s, diags := scenario.Load("baltic.yaml", src, []string{"treaties.pact.parties=FIN,EST,SWE"})
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	r, _ := s.Resolve("pact")
	fmt.Println(r.Treaties[0].Parties)

	_, diags = scenario.Load("bad.yaml", []byte("bulwark: 1\nid: x\nrolez: {}\n"), nil)
	fmt.Println(diags)
	// Output:
	// [EST FIN SWE]
	// bad.yaml:1:1: scenario is missing required field "arrangements"
	// bad.yaml:1:1: scenario is missing required field "roles"
	// bad.yaml:1:1: scenario is missing required field "treaties"
	// bad.yaml:3:1: unknown field "rolez" in scenario
}
