package scenario_test

import (
	"testing"

	"github.com/bulwark-sim/bulwark/scenario"
)

// BenchmarkLoadDefault parses, decodes and validates the embedded default
// scenario (about 300 lines), resolving all four arrangements.
func BenchmarkLoadDefault(b *testing.B) {
	src, _ := scenario.Embedded(scenario.DefaultName)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if s, d := scenario.Load("menon2023.yaml", src, nil); s == nil {
			b.Fatal(d)
		}
	}
}

func BenchmarkParseEvent(b *testing.B) {
	for b.Loop() {
		if _, err := scenario.ParseEvent("RUS attacks POL forces in UKR from BLR strike"); err != nil {
			b.Fatal(err)
		}
	}
}
