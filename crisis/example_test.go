package crisis_test

import (
	"context"
	"fmt"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/bulwark-sim/bulwark/scenario"
)

// Compare two arrangements of the embedded scenario on 4,096 draws: how
// likely a renewed attack is within ten years, and how likely the United
// States is then at war with Russia.
func Example() {
	s, diags := scenario.Default(nil)
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	m, err := crisis.New(s, crisis.Options{Arrangements: []string{"nato", "coalition"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := m.Run(context.Background(), montecarlo.Config{Seed: 1, Samples: 4096})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := m.Report(res)
	for _, a := range m.Arrangements() {
		attack, _ := r.Get(a, crisis.MetricAttack)
		patron, _ := r.Get(a, crisis.MetricPatronAtWarAttack)
		fmt.Printf("%-9s p_attack %.2f, US at war if attacked %.2f\n", a, attack.Mean, patron.Mean)
	}
	fmt.Println(m.Label(crisis.MetricPatronAtWar))
	// Output:
	// nato      p_attack 0.08, US at war if attacked 0.33
	// coalition p_attack 0.52, US at war if attacked 0.00
	// P(United States at war with Russia)
}

// A sampler of one arrangement fills one record per draw; montecarlo.Run
// makes one per worker.
func ExampleModel_NewSampler() {
	s, _ := scenario.Default(nil)
	m, err := crisis.New(s, crisis.Options{Arrangements: []string{"none"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	smp, err := m.NewSampler("none")
	if err != nil {
		fmt.Println(err)
		return
	}
	metrics := m.Metrics()
	fmt.Println(len(metrics), "metrics; the first is", metrics[0].Name, "of kind", metrics[0].Kind)
	_ = smp // smp.Sample(rng, record) fills a record of len(metrics) values
	// Output:
	// 18 metrics; the first is p_attack of kind probability
}
