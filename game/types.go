package game

import (
	"fmt"
	"math"
)

// Outcome is a labelled payoff vector, one payoff per player.
type Outcome struct {
	Label   string
	Payoffs []Number
}

// NormalForm is an n-player strategic-form game. Pure-strategy profiles are
// numbered as Gambit numbers them: player 1's strategy changes fastest.
type NormalForm struct {
	Title, Comment string
	Players        []string
	// Strategies holds each player's strategy labels.
	Strategies [][]string
	// payoffs holds, for each profile in order, one payoff per player.
	payoffs []Number
	// Outcomes and OutcomeOf are set when the game was read from (or is to
	// be written in) Gambit's outcome form: OutcomeOf[profile] is an outcome
	// number, 1-based into Outcomes, or 0 for the null outcome.
	Outcomes  []Outcome
	OutcomeOf []int
}

// MaxProfiles bounds the number of pure-strategy profiles of a strategic
// form that Bulwark will build (and so the memory it takes).
const MaxProfiles = 1 << 26

// NewNormalForm returns a game with the given players and strategy labels
// and all payoffs zero.
func NewNormalForm(players []string, strategies [][]string) (*NormalForm, error) {
	if len(players) == 0 {
		return nil, fmt.Errorf("a game needs at least one player")
	}
	if len(strategies) != len(players) {
		return nil, fmt.Errorf("%d players but %d strategy lists", len(players), len(strategies))
	}
	profiles := 1
	for i, s := range strategies {
		if len(s) == 0 {
			return nil, fmt.Errorf("player %d has no strategies", i+1)
		}
		if profiles > MaxProfiles/len(s) {
			return nil, fmt.Errorf("the game has more than %d strategy profiles", MaxProfiles)
		}
		profiles *= len(s)
	}
	if profiles > math.MaxInt/len(players) {
		return nil, fmt.Errorf("the game is too large")
	}
	return &NormalForm{Players: players, Strategies: strategies, payoffs: make([]Number, profiles*len(players))}, nil
}

// NumPlayers returns the number of players.
func (g *NormalForm) NumPlayers() int { return len(g.Players) }

// NumProfiles returns the number of pure-strategy profiles.
func (g *NormalForm) NumProfiles() int { return len(g.payoffs) / len(g.Players) }

// Profile returns the index of the profile in which player i plays
// strategy s[i] (0-based).
func (g *NormalForm) Profile(s []int) int {
	idx, mul := 0, 1
	for i, si := range s {
		idx += si * mul
		mul *= len(g.Strategies[i])
	}
	return idx
}

// Strategies of a profile index, 0-based per player.
func (g *NormalForm) ProfileStrategies(profile int) []int {
	s := make([]int, len(g.Players))
	for i := range s {
		n := len(g.Strategies[i])
		s[i] = profile % n
		profile /= n
	}
	return s
}

// Payoff returns player's (0-based) payoff at a profile index.
func (g *NormalForm) Payoff(profile, player int) Number {
	return g.payoffs[profile*len(g.Players)+player]
}

// SetPayoff sets player's payoff at a profile index.
func (g *NormalForm) SetPayoff(profile, player int, v Number) {
	g.payoffs[profile*len(g.Players)+player] = v
}

// NodeKind tells chance, personal and terminal nodes apart.
type NodeKind uint8

// Node kinds.
const (
	Terminal NodeKind = iota
	Chance
	Personal
)

// Node is one node of an extensive game.
type Node struct {
	Label string
	Kind  NodeKind
	// Infoset indexes Extensive.Infosets; -1 for terminal nodes.
	Infoset int32
	// Outcome is an outcome number, 1-based into Extensive.Outcomes, or 0.
	Outcome int32
	// Parent is the parent's index, -1 for the root.
	Parent int32
	// ChildStart is where the node's children start in
	// Extensive.Children; a node has one child per action of its
	// information set.
	ChildStart int32
}

// Infoset is an information set: the nodes a player cannot tell apart.
type Infoset struct {
	// Player is 0 for chance, 1..n for the players.
	Player int
	// ID is the number the file gave the set (unique per player).
	ID      int
	Label   string
	Actions []string
	// Probs are the chance probabilities, one per action (chance only).
	Probs []Number
}

// Extensive is an extensive-form game. Nodes are stored flat, in preorder
// (depth-first, children in action order), so that the memory a game takes
// is linear in its size; Nodes[0] is the root.
type Extensive struct {
	Title, Comment string
	Players        []string
	Nodes          []Node
	// Children lists every node's children, node by node: those of node v
	// are Children[v.ChildStart : v.ChildStart+len(actions)].
	Children []int32
	// Infosets are in order of first appearance in a depth-first walk.
	Infosets []Infoset
	// Outcomes are numbered from 1: outcome k is Outcomes[k-1].
	Outcomes []Outcome
}

// NumActions returns the number of actions (and children) at node v.
func (g *Extensive) NumActions(v int) int {
	n := &g.Nodes[v]
	if n.Infoset < 0 {
		return 0
	}
	return len(g.Infosets[n.Infoset].Actions)
}

// Child returns the child of node v reached by action a (0-based).
func (g *Extensive) Child(v, a int) int {
	return int(g.Children[int(g.Nodes[v].ChildStart)+a])
}
