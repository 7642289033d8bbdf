package dataset_test

import (
	"fmt"

	"github.com/bulwark-sim/bulwark/dataset"
)

func ExampleActor_Figure() {
	d, err := dataset.Load()
	if err != nil {
		panic(err)
	}
	pol, _ := d.Actor("POL")
	f, _ := pol.Figure("population_millions_2024")
	fmt.Printf("%s: %.3f million (%s)\n", pol.Name, f.Value, f.Source[:32])
	if _, ok := pol.Figure("reserve_personnel_thousands_iiss"); !ok {
		fmt.Println("IISS reserves: missing")
	}
	// Output:
	// Poland: 36.559 million (World Bank, World Development In)
	// IISS reserves: missing
}
