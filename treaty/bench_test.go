package treaty_test

import (
	"testing"

	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
)

// BenchmarkResolve resolves the named events E1 (two events) and E5 under
// the coalition arrangement of the default scenario: 32 NATO parties, four
// treaties, a carve-out.
func BenchmarkResolve(b *testing.B) {
	s, _ := scenario.Default(nil)
	for _, ev := range []string{"E1", "E5"} {
		events, _ := s.Events("bench", []string{ev})
		b.Run(ev, func(b *testing.B) {
			for b.Loop() {
				if _, err := treaty.Resolve(s, "coalition", events); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
