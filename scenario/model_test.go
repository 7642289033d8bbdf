package scenario

import (
	"strings"
	"testing"
)

// The model section: defaults made explicit, bad values refused with a
// position and a hint.
func TestModelSection(t *testing.T) {
	s, d := Default(nil)
	if d.HasErrors() {
		t.Fatal(d)
	}
	if m := s.Normalized().Model; m == nil || m.HorizonYears != DefaultHorizonYears || m.Contest != ContestRatio {
		t.Errorf("normalised model section: %+v", m)
	}
	if s.Doc.Model != nil {
		t.Error("normalising changed the document")
	}
	cases := []struct {
		set  string
		want string // "" when valid
	}{
		{"model.horizon_years=15", ""},
		{"model.contest=difference", ""},
		{"model.horizon_years=0", "horizon of 0 years is outside 1 to 50"},
		{"model.horizon_years=51", "horizon of 51 years is outside 1 to 50"},
		{"model.horizon_years=-3", "outside 1 to 50"},
		{"model.contest=logistic", `"logistic" is not one of ratio, difference`},
		{"model.horizon=10", `unknown key "model.horizon"`},
	}
	for _, c := range cases {
		s, d := Default([]string{c.set})
		switch {
		case c.want == "" && d.HasErrors():
			t.Errorf("%s: %v", c.set, d)
		case c.want == "" && s.Normalized().Model.Contest == "":
			t.Errorf("%s: no contest", c.set)
		case c.want != "" && !strings.Contains(d.Error(), c.want):
			t.Errorf("%s: got %v, want %q", c.set, d, c.want)
		}
	}
}
