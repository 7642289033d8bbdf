package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/bulwark-sim/bulwark/store"
)

func Example() {
	dir, err := os.MkdirTemp("", "bulwark-store-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// The CLI uses store.DefaultPath(); an example keeps to a temporary file.
	s, err := store.Open(filepath.Join(dir, "runs.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	run := func(seed uint64, pAttack float64) store.Run {
		return store.Run{
			Command: "compare", Status: store.StatusComplete,
			Scenario: "menon2023", ScenarioSHA256: "9f2c…", Seed: seed, Version: "v0.3.0",
			Args:    []string{"compare", "--samples", "1000", "--seed", fmt.Sprint(seed)},
			Results: json.RawMessage(fmt.Sprintf(`{"samples":1000,"arrangements":{"nato":{"p_attack":{"mean":%g,"ci95":[%g,%g],"n":1000}}}}`, pAttack, pAttack-0.02, pAttack+0.02)),
		}
	}
	if _, err := s.Save(ctx, run(1, 0.10)); err != nil {
		log.Fatal(err)
	}
	if _, err := s.Save(ctx, run(2, 0.16)); err != nil {
		log.Fatal(err)
	}
	// Runs can be named by number: "1" and "2".
	a, err := s.Get(ctx, "1")
	if err != nil {
		log.Fatal(err)
	}
	b, err := s.Get(ctx, "2")
	if err != nil {
		log.Fatal(err)
	}
	d, err := store.Diff(a, b)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range d.Metrics {
		fmt.Printf("%s %s: %.2f → %.2f (%+.2f), intervals overlap: %v\n", m.Arrangement, m.Metric, *m.A, *m.B, *m.Change, m.Overlap)
	}
	_, err = s.Get(ctx, "7")
	fmt.Println(err)
	// Output:
	// nato p_attack: 0.10 → 0.16 (+0.06), intervals overlap: false
	// no run with id "7" (list the runs with `bulwark runs list`)
}
