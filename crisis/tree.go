package crisis

import (
	"fmt"

	"github.com/bulwark-sim/bulwark/game"
)

// Players of the crisis games, 0-based as game.TreeSolver numbers them.
// Only the attacker moves; the defenders' and entrants' responses are
// chance moves drawn with the attacker's beliefs (docs/model.md, §4). The
// target's payoffs ride along so that one solve also gives its expected
// payoff (for the settlement, §8).
const (
	plAttacker = iota
	plTarget
	nPlayers
)

// Leaf kinds: how an armed option ends in the attacker's belief tree.
const (
	lkAbandon  = iota // no defender acts (or there are none)
	lkPartial         // defenders send arms and sanctions only
	lkContain         // defenders fight; the attacker keeps the war inside the target
	lkLinesOut        // … strikes their supply lines in the target; no entrant joins
	lkLinesIn         // … and the entrants join
	lkTerrOut         // … strikes their territory; no entrant joins
	lkTerrIn          // … and the entrants join
	nLeafKinds
)

var leafNames = [nLeafKinds]string{"defenders abandon", "defenders send arms only", "defenders fight, war contained",
	"strike on supply lines, entrants stay out", "strike on supply lines, entrants join",
	"strike on territory, entrants stay out", "strike on territory, entrants join"}

// leaf is a terminal node of a crisis game with its outcome and the
// nodes whose probabilities (TreeSolver.Prob) multiply to its reach from
// the option (or subgame) node.
type leaf struct {
	kind    int
	outcome int
	node    int
	path    [3]int32
	plen    int
}

// escLayout locates the escalation part of a game: the attacker's choice
// among containing the war, striking supply lines and striking territory.
type escLayout struct {
	node   int    // the attacker's escalation decision node
	strike [3]int // child of node for contain, lines, territory
	entSet [2]int // chance information set of the entrants after a strike (lines, territory); -1 if none
	leaves []leaf // the subgame's leaves (subgames only)
}

// optLayout locates one armed option in the year game.
type optLayout struct {
	node    int // the option's node, child of the root
	blocSet int // chance set of the defenders' response (fight, partial, abandon); -1 if none
	esc     escLayout
	leaves  []leaf
}

// yearLayout locates the parts of the year game.
type yearLayout struct {
	child            [nOptions]int // the root's children: none, gray, limited, full
	noneOut, grayOut int
	opt              [nArmed]optLayout
}

// builder appends nodes to an extensive game in preorder.
type builder struct {
	g   *game.Extensive
	ids [nPlayers + 1]int // information set numbers per player (0 chance)
}

func newBuilder(m *Model, title string) *builder {
	return &builder{g: &game.Extensive{
		Title:   title,
		Players: []string{m.attacker, m.target},
	}}
}

// node appends a decision (player ≥ 0) or chance (player < 0) node with
// the given actions, and builds each child with kids[a](node).
func (b *builder) node(parent int32, player int, label string, actions []string, kids []func(int32) int32) int32 {
	v := int32(len(b.g.Nodes))
	k := int32(len(b.g.Infosets))
	set := game.Infoset{Player: player + 1, Label: label, Actions: actions}
	kind := game.Personal
	if player < 0 {
		set.Player, kind = 0, game.Chance
		for range actions {
			set.Probs = append(set.Probs, game.NewNumber(1, int64(len(actions))))
		}
	}
	b.ids[set.Player]++
	set.ID = b.ids[set.Player]
	b.g.Infosets = append(b.g.Infosets, set)
	start := int32(len(b.g.Children))
	b.g.Children = append(b.g.Children, make([]int32, len(actions))...)
	b.g.Nodes = append(b.g.Nodes, game.Node{Label: label, Kind: kind, Infoset: k, Parent: parent, ChildStart: start})
	for a, kid := range kids {
		b.g.Children[start+int32(a)] = kid(v)
	}
	return v
}

// terminal appends a terminal node with a fresh outcome (payoffs zero,
// set per draw) and returns the node and the outcome number.
func (b *builder) terminal(parent int32, label string) (int32, int) {
	zero := make([]game.Number, len(b.g.Players))
	b.g.Outcomes = append(b.g.Outcomes, game.Outcome{Label: label, Payoffs: zero})
	v := int32(len(b.g.Nodes))
	b.g.Nodes = append(b.g.Nodes, game.Node{Label: label, Kind: game.Terminal, Infoset: -1, Outcome: int32(len(b.g.Outcomes)), Parent: parent})
	return v, len(b.g.Outcomes)
}

// leafAt returns a function that appends a terminal of the given kind
// and records it in leaves (its path is set once the tree is complete).
func (b *builder) leafAt(kind int, prefix string, leaves *[]leaf) func(int32) int32 {
	return func(parent int32) int32 {
		v, out := b.terminal(parent, prefix+leafNames[kind])
		*leaves = append(*leaves, leaf{kind: kind, outcome: out, node: int(v)})
		return v
	}
}

// escalation appends the attacker's escalation choice after defenders
// fight: contain the war, strike the defenders' supply lines inside the
// target, or strike their territory; after a strike, the entrants (if
// any) join or stay out, a chance move.
func (b *builder) escalation(op *option, prefix string, lay *escLayout, leaves *[]leaf) func(int32) int32 {
	strike := func(k, out, in int, name string) func(int32) int32 {
		return func(parent int32) int32 {
			if len(op.ent[k]) == 0 {
				lay.entSet[k] = -1
				return b.leafAt(out, prefix, leaves)(parent)
			}
			lay.entSet[k] = len(b.g.Infosets)
			return b.node(parent, -1, prefix+"entrants after a strike on "+name, []string{"join", "stay out"},
				[]func(int32) int32{b.leafAt(in, prefix, leaves), b.leafAt(out, prefix, leaves)})
		}
	}
	return func(parent int32) int32 {
		v := b.node(parent, plAttacker, prefix+"escalation", []string{"contain", "strike supply lines", "strike territory"},
			[]func(int32) int32{
				b.leafAt(lkContain, prefix, leaves),
				strike(strikeLines, lkLinesOut, lkLinesIn, "supply lines"),
				strike(strikeTerritory, lkTerrOut, lkTerrIn, "territory"),
			})
		lay.node = int(v)
		for a := range 3 {
			lay.strike[a] = b.g.Child(int(v), a)
		}
		return v
	}
}

// buildYear builds an arrangement's crisis game for one year: the
// attacker chooses among no attack, gray-zone pressure, a limited
// incursion and a full invasion; after an armed attack the defenders the
// treaty engine obliges respond (a chance move with the attacker's
// beliefs), and if they fight, the attacker chooses whether to escalate.
// The tree's shape depends only on the obligations; payoffs and chance
// probabilities are set per draw and year.
func buildYear(m *Model, a *arrangement) (*game.Extensive, yearLayout, error) {
	b := newBuilder(m, fmt.Sprintf("crisis year under %s", a.id))
	var lay yearLayout
	optTree := func(o int) func(int32) int32 {
		op := a.opts[o]
		ol := &lay.opt[o]
		prefix := op.scale + ": "
		return func(parent int32) int32 {
			ol.node = len(b.g.Nodes)
			if len(op.defenders) == 0 {
				ol.blocSet = -1
				return b.leafAt(lkAbandon, prefix, &ol.leaves)(parent)
			}
			ol.blocSet = len(b.g.Infosets)
			return b.node(parent, -1, prefix+"defenders respond", []string{"fight", "arms only", "abandon"},
				[]func(int32) int32{
					b.escalation(op, prefix, &ol.esc, &ol.leaves),
					b.leafAt(lkPartial, prefix, &ol.leaves),
					b.leafAt(lkAbandon, prefix, &ol.leaves),
				})
		}
	}
	root := b.node(-1, plAttacker, "attacker's choice", []string{"no attack", "gray-zone pressure", "limited incursion", "full invasion"},
		[]func(int32) int32{
			func(p int32) int32 { v, out := b.terminal(p, "no attack"); lay.noneOut = out; return v },
			func(p int32) int32 { v, out := b.terminal(p, "gray-zone pressure"); lay.grayOut = out; return v },
			optTree(0),
			optTree(1),
		})
	for o := range nOptions {
		lay.child[o] = b.g.Child(int(root), o)
	}
	if _, err := game.NewTreeSolver(b.g); err != nil {
		return nil, lay, fmt.Errorf("year game: %w", err)
	}
	for o := range nArmed {
		ol := &lay.opt[o]
		for i := range ol.leaves {
			setPath(b.g, &ol.leaves[i], ol.node)
		}
	}
	return b.g, lay, nil
}

// setPath sets l's path to the nodes from below top down to l's node.
func setPath(g *game.Extensive, l *leaf, top int) {
	var rev []int32
	for v := int32(l.node); v >= 0 && int(v) != top; v = g.Nodes[v].Parent {
		rev = append(rev, v)
	}
	l.plen = len(rev)
	for i := range rev {
		l.path[i] = rev[len(rev)-1-i]
	}
}

// buildEscalation builds the escalation subgame of one armed option, which
// the attacker plays once it sees who actually fights: contain, strike the
// supply lines or strike the territory of the fighting defenders, the
// entrants then joining or not.
func buildEscalation(m *Model, op *option) (*game.Extensive, escLayout, error) {
	b := newBuilder(m, "escalation after "+op.scale)
	var lay escLayout
	b.escalation(op, "", &lay, &lay.leaves)(-1)
	if _, err := game.NewTreeSolver(b.g); err != nil {
		return nil, lay, fmt.Errorf("escalation game: %w", err)
	}
	for i := range lay.leaves {
		setPath(b.g, &lay.leaves[i], 0)
	}
	return b.g, lay, nil
}
