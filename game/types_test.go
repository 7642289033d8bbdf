package game

import (
	"slices"
	"testing"
)

func TestNormalFormProfiles(t *testing.T) {
	g, err := NewNormalForm([]string{"A", "B", "C"}, [][]string{{"a1", "a2"}, {"b1", "b2", "b3"}, {"c1", "c2"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.NumProfiles() != 12 || g.NumPlayers() != 3 {
		t.Fatalf("%d profiles", g.NumProfiles())
	}
	// Player 1's strategy changes fastest, as in Gambit.
	for i, want := range [][]int{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {0, 2, 0}} {
		if got := g.ProfileStrategies(i); !slices.Equal(got, want) {
			t.Errorf("profile %d = %v, want %v", i, got, want)
		}
		if g.Profile(want) != i {
			t.Errorf("Profile(%v) = %d, want %d", want, g.Profile(want), i)
		}
	}
	g.SetPayoff(g.Profile([]int{1, 2, 1}), 2, NewNumber(7, 2))
	if got := g.Payoff(11, 2); got.Text() != "7/2" {
		t.Errorf("payoff %s", got)
	}
}

func TestNewNormalFormRefusesHugeGames(t *testing.T) {
	strats := make([][]string, 30)
	players := make([]string, 30)
	for i := range strats {
		strats[i] = []string{"a", "b"}
		players[i] = "p"
	}
	if _, err := NewNormalForm(players, strats); err == nil {
		t.Error("2^30 profiles accepted")
	}
	if _, err := NewNormalForm([]string{"A"}, [][]string{{}}); err == nil {
		t.Error("a player without strategies accepted")
	}
}
