package treaty_test

import (
	"fmt"

	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
)

// Under the coalition guarantee, a Russian attack on Ukraine obliges the
// four guarantors and not the United States, for whom NATO's Article 5
// does not reach Ukraine.
func ExampleResolve() {
	s, _ := scenario.Default(nil)
	events, _ := s.Events("example", []string{"RUS attacks UKR"})
	r, err := treaty.Resolve(s, "coalition", events)
	if err != nil {
		panic(err)
	}
	for _, o := range r.Obliged {
		if o.Type == scenario.Defence {
			fmt.Println(o.Party, "defends", o.Beneficiary, "under", o.Treaty, "("+o.Strength+")")
		}
	}
	fmt.Println("USA under nato/art5:", r.Reason("USA", "nato", "art5", "UKR"))
	// Output:
	// EST defends UKR under coalition-pact (as-deemed-necessary)
	// LTU defends UKR under coalition-pact (as-deemed-necessary)
	// LVA defends UKR under coalition-pact (as-deemed-necessary)
	// POL defends UKR under coalition-pact (as-deemed-necessary)
	// USA under nato/art5: out-of-scope
}
