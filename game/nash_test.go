package game

import (
	"fmt"
	"math/big"
	"slices"
	"testing"
)

// bimatrix builds a two-player game from payoff tables a (row player) and
// b (column player), given as integers.
// notTwoPlayer returns a three-player and a one-player game, for the
// refusals of the two-player methods.
func notTwoPlayer(t testing.TB) (three, one *NormalForm) {
	t.Helper()
	three, err := NewNormalForm([]string{"a", "b", "c"}, [][]string{{"1"}, {"1"}, {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	one, err = NewNormalForm([]string{"a"}, [][]string{{"1", "2"}})
	if err != nil {
		t.Fatal(err)
	}
	return three, one
}

func bimatrix(t testing.TB, a, b [][]int64) *NormalForm {
	t.Helper()
	rows, cols := make([]string, len(a)), make([]string, len(a[0]))
	for i := range rows {
		rows[i] = fmt.Sprint("r", i+1)
	}
	for j := range cols {
		cols[j] = fmt.Sprint("c", j+1)
	}
	g, err := NewNormalForm([]string{"Row", "Col"}, [][]string{rows, cols})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		for j := range a[i] {
			p := g.Profile([]int{i, j})
			g.SetPayoff(p, 0, NewNumber(a[i][j], 1))
			g.SetPayoff(p, 1, NewNumber(b[i][j], 1))
		}
	}
	return g
}

func TestEnumPure(t *testing.T) {
	cases := []struct {
		name string
		a, b [][]int64
		want [][]int
	}{
		{"prisoners' dilemma", [][]int64{{3, 0}, {5, 1}}, [][]int64{{3, 5}, {0, 1}}, [][]int{{1, 1}}},
		{"coordination", [][]int64{{2, 0}, {0, 1}}, [][]int64{{2, 0}, {0, 1}}, [][]int{{0, 0}, {1, 1}}},
		{"matching pennies", [][]int64{{1, -1}, {-1, 1}}, [][]int64{{-1, 1}, {1, -1}}, nil},
		// The 2x3 guarantee game of gambit-formats.md: Guarantor rows, Challenger columns.
		{"pledge 2x3", [][]int64{{2, 0, -3}, {1, 0, -2}}, [][]int64{{-1, 1, -4}, {1, 0, 3}}, [][]int{{0, 1}, {1, 2}}},
		{"ties count", [][]int64{{1, 1}, {1, 1}}, [][]int64{{0, 0}, {0, 0}}, [][]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}}},
	}
	for _, c := range cases {
		g := bimatrix(t, c.a, c.b)
		got := EnumPure(g)
		if !slices.EqualFunc(got, c.want, slices.Equal[[]int]) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		for _, s := range got {
			r, err := g.Verify(g.PureProfile(s))
			if err != nil || r.Max.Sign() != 0 {
				t.Errorf("%s: equilibrium %v has regret %v (%v)", c.name, s, r.Max, err)
			}
		}
	}
}

func TestVerifyMixed(t *testing.T) {
	// Matching pennies: (1/2, 1/2) for both is the equilibrium; (1, 0)
	// against it is not (regret 1 for the column player... and 0 for row).
	g := bimatrix(t, [][]int64{{1, -1}, {-1, 1}}, [][]int64{{-1, 1}, {1, -1}})
	half := NewNumber(1, 2)
	r, err := g.Verify(MixedProfile{{half, half}, {half, half}})
	if err != nil || r.Max.Sign() != 0 {
		t.Fatalf("regret %v, %v", r.Max, err)
	}
	r, _ = g.Verify(MixedProfile{{NewNumber(1, 1), NewNumber(0, 1)}, {half, half}})
	if r.PerPlayer[0].Sign() != 0 || r.PerPlayer[1].Cmp(big.NewRat(1, 1)) != 0 || !slices.Equal(r.BestResponses[1], []int{1}) {
		t.Errorf("regrets %v, best responses %v", r.PerPlayer, r.BestResponses)
	}
	if _, err := g.Verify(MixedProfile{{half, half}, {half}}); err == nil {
		t.Error("wrong-length profile accepted")
	}
	if _, err := g.Verify(MixedProfile{{half, half}, {half, NewNumber(1, 3)}}); err == nil {
		t.Error("probabilities summing to 5/6 accepted")
	}
}

func ExampleEnumPure() {
	// Guarantor {Pledge, NoPledge} against Challenger {Probe, Wait, Strike}.
	g, _ := NewNormalForm([]string{"Guarantor", "Challenger"}, [][]string{{"Pledge", "NoPledge"}, {"Probe", "Wait", "Strike"}})
	pay := [][3][2]int64{ // [row][col] -> (guarantor, challenger)
		{{2, -1}, {0, 1}, {-3, -4}},
		{{1, 1}, {0, 0}, {-2, 3}},
	}
	for r := range 2 {
		for c := range 3 {
			p := g.Profile([]int{r, c})
			g.SetPayoff(p, 0, NewNumber(pay[r][c][0], 1))
			g.SetPayoff(p, 1, NewNumber(pay[r][c][1], 1))
		}
	}
	for _, eq := range EnumPure(g) {
		fmt.Println(g.Strategies[0][eq[0]], g.Strategies[1][eq[1]])
	}
	// Output:
	// Pledge Wait
	// NoPledge Strike
}

func BenchmarkEnumPure100(b *testing.B) {
	a := make([][]int64, 100)
	c := make([][]int64, 100)
	for i := range a {
		a[i] = make([]int64, 100)
		c[i] = make([]int64, 100)
		for j := range a[i] {
			a[i][j] = int64((i*31 + j*17) % 23)
			c[i][j] = int64((i*13 + j*29) % 19)
		}
	}
	g := bimatrix(b, a, c)
	for b.Loop() {
		EnumPure(g)
	}
}
