package game

import "fmt"

// ExtensiveForm returns g as an extensive game in which the players move
// in turn, each without seeing the others' moves: player i has a single
// information set, met once after every combination of the earlier players'
// strategies, and each terminal node carries the payoffs of its profile.
// This is the usual tree of a simultaneous-move game. The tree has
// 1 + k1 + k1·k2 + … + k1·…·kn nodes; games whose tree would exceed
// MaxProfiles·2 nodes are refused.
func (g *NormalForm) ExtensiveForm() (*Extensive, error) {
	n := len(g.Players)
	total, level := 1, 1
	for i := range n {
		level *= len(g.Strategies[i])
		total += level
		if total > 2*MaxProfiles {
			return nil, fmt.Errorf("the game's tree would have more than %d nodes", 2*MaxProfiles)
		}
	}
	e := &Extensive{Title: g.Title, Comment: g.Comment, Players: append([]string(nil), g.Players...)}
	for i := range n {
		e.Infosets = append(e.Infosets, Infoset{Player: i + 1, ID: 1, Label: g.Players[i], Actions: append([]string(nil), g.Strategies[i]...)})
	}
	e.Nodes = make([]Node, 0, total)
	// Build in preorder with an explicit stack of (depth, strategies so
	// far, parent). Children's slots are reserved when the parent is made.
	type frame struct {
		depth  int
		prefix []int
		parent int32
		slot   int32 // index into Children to fill with this node
	}
	stack := []frame{{depth: 0, parent: -1, slot: -1}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		idx := int32(len(e.Nodes))
		if f.slot >= 0 {
			e.Children[f.slot] = idx
		}
		if f.depth == n {
			// Terminal: one outcome per profile.
			prof := g.Profile(f.prefix)
			out := Outcome{Label: fmt.Sprint(prof + 1)}
			for p := range n {
				out.Payoffs = append(out.Payoffs, g.Payoff(prof, p))
			}
			e.Outcomes = append(e.Outcomes, out)
			e.Nodes = append(e.Nodes, Node{Kind: Terminal, Infoset: -1, Outcome: int32(len(e.Outcomes)), Parent: f.parent})
			continue
		}
		k := len(g.Strategies[f.depth])
		start := int32(len(e.Children))
		e.Children = append(e.Children, make([]int32, k)...)
		e.Nodes = append(e.Nodes, Node{Kind: Personal, Infoset: int32(f.depth), Parent: f.parent, ChildStart: start})
		for a := k - 1; a >= 0; a-- { // pushed in reverse so action 1 comes first
			prefix := append(append([]int(nil), f.prefix...), a)
			stack = append(stack, frame{depth: f.depth + 1, prefix: prefix, parent: idx, slot: start + int32(a)})
		}
	}
	return e, nil
}
