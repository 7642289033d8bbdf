package game

import (
	"bytes"
	"os"
	"testing"
)

// A strategic game written as a tree and reduced again is the same game.
func TestExtensiveFormRoundTrip(t *testing.T) {
	src, err := os.ReadFile("testdata/nfg/pledge_payoff.nfg")
	if err != nil {
		t.Fatal(err)
	}
	g, d := ReadNFG("pledge.nfg", src)
	if g == nil {
		t.Fatal(d)
	}
	e, err := g.ExtensiveForm()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Nodes) != 1+2+6 || len(e.Infosets) != 2 {
		t.Fatalf("%d nodes, %d infosets", len(e.Nodes), len(e.Infosets))
	}
	var buf bytes.Buffer
	if err := WriteEFG(&buf, e); err != nil {
		t.Fatal(err)
	}
	e2, d := ReadEFG("pledge.efg", buf.Bytes())
	if e2 == nil {
		t.Fatalf("%v\n%s", d, buf.String())
	}
	r, err := e2.ReducedNormalForm()
	if err != nil {
		t.Fatal(err)
	}
	if r.NumProfiles() != g.NumProfiles() {
		t.Fatalf("%d profiles, want %d", r.NumProfiles(), g.NumProfiles())
	}
	for p := range g.NumProfiles() {
		for i := range 2 {
			if r.Payoff(p, i).Cmp(g.Payoff(p, i)) != 0 {
				t.Errorf("profile %d player %d: %s, want %s", p, i, r.Payoff(p, i), g.Payoff(p, i))
			}
		}
	}
	if eq, eq2 := EnumPure(g), EnumPure(r); len(eq) != 2 || len(eq2) != 2 {
		t.Errorf("equilibria %v and %v", eq, eq2)
	}
}
