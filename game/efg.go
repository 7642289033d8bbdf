package game

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bulwark-sim/bulwark/diag"
)

// ReadEFG reads an extensive game in Gambit's .efg format, version 2, as
// Gambit 17 reads it:
//
//   - information set ids are per player (chance is player 0); the
//     description (label and actions, with probabilities for chance) is
//     required the first time an id appears and, if repeated, must match;
//   - chance probabilities lie in [0,1] and sum to exactly one;
//   - outcomes are numbered across the game, 0 being the null outcome; an
//     outcome is defined where it first appears and may be restated only
//     identically (same label, same payoff texts); outcomes may sit on any
//     node and are renumbered 1, 2, ... in order of first appearance;
//   - a non-empty node label must be unique within the game;
//   - labels of players, actions (per information set) and outcomes are
//     normalised: empty labels become _1, _2, ... and every member of a
//     group of duplicates x gets a suffix, x_1, x_2, ...;
//   - text after the last node is ignored, with a warning.
//
// It never panics, does not recurse per tree level, and runs in time and
// memory linear in the file (save for the exact sum of a chance node's
// probabilities, which is subquadratic in their digits). On errors it
// returns a nil game and the diagnostics; warnings may come with a game.
func ReadEFG(file string, src []byte) (*Extensive, diag.List) {
	var diags diag.List
	if len(src) > MaxFileBytes {
		diags.Add(diag.Pos{File: file}, fmt.Sprintf("file is %d bytes, more than the %d allowed", len(src), MaxFileBytes),
			"split the game or simplify it")
		return nil, diags
	}
	p := &efgParser{lex: newLexer(file, src), diags: &diags}
	g := p.parse()
	if diags.HasErrors() || g == nil {
		diags.Sort()
		return nil, diags
	}
	diags.Sort()
	return g, diags
}

// errEFGAbort is the sentinel for a syntax error after which parsing stops.
var errEFGAbort = errors.New("efg: abort")

// efgParser is a recursive-descent parser over lexer with one token of
// lookahead. Syntax errors stop the parse (the error is already in diags);
// semantic errors are recorded and parsing goes on.
type efgParser struct {
	lex   *lexer
	diags *diag.List
	tok   token // current token
	have  bool  // tok is valid

	g *Extensive

	// infosets maps (player, file id) to an index in g.Infosets: setIDs
	// holds per player, densely, index+1 for small ids (0 = none yet), and
	// the map the rest.
	infosets map[[2]int]int32
	setIDs   [][]int32
	setCount []int
	// outcomes maps a file outcome number to an index in g.Outcomes,
	// densely (index+1) in outIDs for small numbers.
	outcomes map[int]int32
	outIDs   []int32
	// nodeLabels maps a non-empty node label to the line it first appeared on.
	nodeLabels map[string]int
}

// efgRawInfoset is an information set description as written. Labels in
// g stay as written until finish normalises them, so repetitions are
// compared against g itself.
type efgRawInfoset struct {
	label   string
	actions []string
	probs   []string
}

// efgAppend appends v, doubling the capacity when full (append grows
// large slices by only 1.25x, which costs more copying).
func efgAppend[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		ns := make([]T, len(s), 2*cap(s)+16)
		copy(ns, s)
		s = ns
	}
	return append(s, v)
}

// peek returns the current token without consuming it.
func (p *efgParser) peek() token {
	if !p.have {
		t, d := p.lex.next()
		if d != nil {
			*p.diags = append(*p.diags, d)
			panic(errEFGAbort)
		}
		p.tok, p.have = t, true
	}
	return p.tok
}

// take consumes and returns the current token.
func (p *efgParser) take() token {
	t := p.peek()
	p.have = false
	return t
}

// fail records a syntax error and stops the parse.
func (p *efgParser) fail(pos diag.Pos, summary, hint string) {
	p.diags.Add(pos, summary, hint)
	panic(errEFGAbort)
}

// failAt reports that tok is not what was expected.
func (p *efgParser) failAt(tok token, want, hint string) {
	if tok.kind == tokEOF {
		p.fail(tok.pos, "unexpected end of file: expected "+want, hint)
	}
	p.fail(tok.pos, "expected "+want+", found "+tok.describe(), hint)
}

// expect consumes a token of the given kind.
func (p *efgParser) expect(kind tokKind, want, hint string) token {
	t := p.take()
	if t.kind != kind {
		p.failAt(t, want, hint)
	}
	return t
}

// integer consumes a non-negative whole number.
func (p *efgParser) integer(what, hint string) (int, token) {
	t := p.take()
	if t.kind != tokWord {
		p.failAt(t, what, hint)
	}
	if strings.Trim(t.text, "0123456789") != "" {
		p.fail(t.pos, fmt.Sprintf("expected %s (a whole number), found %s", what, t.describe()), hint)
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n > 1<<31-1 {
		p.fail(t.pos, fmt.Sprintf("%s %s is too large", what, t.text), hint)
	}
	return n, t
}

// number consumes a number in Gambit's syntax.
func (p *efgParser) number(what string) (Number, token) {
	t := p.take()
	if t.kind != tokWord {
		p.failAt(t, what, "numbers are written 3, -1/3, 0.25 or 1.5e-1")
	}
	n, err := ParseNumber(t.text)
	if err != nil {
		p.fail(t.pos, err.Error(), "numbers are written 3, -1/3, 0.25 or 1.5e-1; write them without a leading +")
	}
	return n, t
}

func (p *efgParser) parse() (g *Extensive) {
	defer func() {
		if r := recover(); r != nil {
			if r != errEFGAbort {
				panic(r)
			}
			g = nil
		}
	}()
	first := p.peek()
	if first.kind == tokEOF {
		p.fail(first.pos, "empty file", `an .efg file starts with EFG 2 R "title" { "player 1" ... }`)
	}
	p.header()
	p.tree()
	if t := p.peek(); t.kind != tokEOF {
		p.diags.Warn(t.pos, "text after the last node is ignored",
			"the tree is complete before this point; remove the rest or check the action counts above")
	}
	if p.diags.HasErrors() {
		return nil
	}
	p.finish()
	return p.g
}

func (p *efgParser) header() {
	const hint = `an .efg file starts with EFG 2 R "title" { "player 1" ... }`
	t := p.take()
	if t.kind != tokWord || t.text != "EFG" {
		if t.kind == tokWord && t.text == "NFG" {
			p.fail(t.pos, "this is a strategic-form (.nfg) file, not an .efg file", "read it as a .nfg file")
		}
		p.failAt(t, `"EFG"`, hint)
	}
	t = p.take()
	if t.kind != tokWord || t.text != "2" {
		if t.kind == tokWord {
			p.fail(t.pos, fmt.Sprintf("unsupported .efg version %q", t.text), "only version 2 is supported: "+hint)
		}
		p.failAt(t, "the version 2", hint)
	}
	t = p.take()
	if t.kind != tokWord || (t.text != "R" && t.text != "D") {
		p.failAt(t, `"R" or "D"`, hint)
	}
	title := p.expect(tokString, "the quoted title", hint)
	p.expect(tokLBrace, `"{" before the player names`, hint)
	var players []string
	for {
		t := p.take()
		if t.kind == tokRBrace {
			break
		}
		if t.kind != tokString {
			p.failAt(t, `a quoted player name or "}"`, hint)
		}
		players = append(players, t.text)
	}
	g := &Extensive{Title: title.text, Players: players}
	if t := p.peek(); t.kind == tokString {
		p.take()
		g.Comment = t.text
	}
	p.g = g
	p.setIDs = make([][]int32, len(players)+1)
	p.setCount = make([]int, len(players)+1)
	p.infosets = map[[2]int]int32{}
	p.outcomes = map[int]int32{}
	p.nodeLabels = map[string]int{}
}

// efgFrame is a node whose children are still being read.
type efgFrame struct {
	node      int32
	remaining int
	base      int // where its children start in pending
}

// tree reads the nodes in preorder with an explicit stack.
func (p *efgParser) tree() {
	g := p.g
	var (
		stack   []efgFrame
		pending []int32 // children of the nodes on the stack
		kids    []int32 // finished child blocks, in completion order
		start   []int32 // per node, where its block starts in kids
	)
	// Size the big slices from a quick count of the node keywords (an upper
	// bound; a node takes at least 7 bytes), to save regrowing them, but
	// allocate no more than 2^21 nodes ahead.
	rest := p.lex.src[p.lex.off:]
	nodes := min(efgCountNodes(rest), len(rest)/7+1, 1<<21)
	g.Nodes = make([]Node, 0, nodes)
	start = make([]int32, 0, nodes)
	kids = make([]int32, 0, nodes)
	for {
		parent := int32(-1)
		if len(stack) > 0 {
			parent = stack[len(stack)-1].node
		} else if len(g.Nodes) > 0 {
			break
		}
		if len(g.Nodes) >= 1<<31-1 {
			p.fail(p.peek().pos, "the game has too many nodes", "")
		}
		idx := int32(len(g.Nodes))
		k := p.node(parent)
		start = efgAppend(start, -1)
		if len(stack) > 0 {
			f := &stack[len(stack)-1]
			pending = efgAppend(pending, idx)
			f.remaining--
			if f.remaining == 0 {
				start[f.node] = int32(len(kids))
				kids = append(kids, pending[f.base:]...)
				pending = pending[:f.base]
				stack = stack[:len(stack)-1]
			}
		}
		if k > 0 {
			stack = append(stack, efgFrame{node: idx, remaining: k, base: len(pending)})
		}
	}
	// Lay the child blocks out node by node, in preorder.
	g.Children = make([]int32, 0, len(kids))
	for v := range g.Nodes {
		n := &g.Nodes[v]
		n.ChildStart = int32(len(g.Children))
		if k := g.NumActions(v); k > 0 {
			s := int(start[v])
			g.Children = append(g.Children, kids[s:s+k]...)
		}
	}
}

// efgCountNodes counts the words c, p and t outside quoted text: an upper
// bound on the number of nodes.
func efgCountNodes(src []byte) int {
	sep := func(c byte) bool { return isSpace(c) || c == '{' || c == '}' || c == ',' || c == '"' }
	inQuote := false
	nodes := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inQuote {
			if c == '\\' && i+1 < len(src) && (src[i+1] == '"' || src[i+1] == '\\') {
				i++
			} else if c == '"' {
				inQuote = false
			}
			continue
		}
		switch c {
		case '"':
			inQuote = true
		case 'c', 'p', 't':
			if (i == 0 || sep(src[i-1])) && (i+1 == len(src) || sep(src[i+1])) {
				nodes++
			}
		}
	}
	return nodes
}

// node reads one node, appends it and returns its number of children.
func (p *efgParser) node(parent int32) int {
	g := p.g
	t := p.take()
	if t.kind != tokWord || (t.text != "c" && t.text != "p" && t.text != "t") {
		if t.kind == tokEOF {
			p.fail(t.pos, "unexpected end of file: the tree is incomplete",
				"every chance and personal node needs one subtree per action; check the action counts")
		}
		p.fail(t.pos, "expected a node (c, p or t), found "+t.describe(),
			`nodes are written c "label" infoset ..., p "label" player infoset ..., or t "label" outcome ...`)
	}
	label := p.expect(tokString, "the quoted node label", `write "" for a node without a label`)
	if label.text != "" {
		if line, ok := p.nodeLabels[label.text]; ok {
			p.diags.Add(label.pos,
				fmt.Sprintf("node label must be unique within the game: %q is already the label of the node on line %d", label.text, line),
				`rename one of the nodes, or write "" for no label`)
		} else {
			p.nodeLabels[label.text] = label.pos.Line
		}
	}
	n := Node{Label: label.text, Parent: parent, Infoset: -1}
	k := 0
	switch t.text {
	case "c":
		n.Kind = Chance
		n.Infoset, k = p.infoset(0)
	case "p":
		n.Kind = Personal
		pl, pt := p.integer("player number", "a personal node names its player: 1 to the number of players")
		if pl < 1 || pl > len(g.Players) {
			p.fail(pt.pos, fmt.Sprintf("player number %d is out of range: the game has %d players", pl, len(g.Players)),
				fmt.Sprintf("players are numbered 1 to %d in the order of the header; chance nodes are written with c", len(g.Players)))
		}
		n.Infoset, k = p.infoset(pl)
	default:
		n.Kind = Terminal
	}
	n.Outcome = p.outcome()
	g.Nodes = efgAppend(g.Nodes, n)
	return k
}

// infoset reads an information set reference with its optional
// description and returns its index and number of actions.
func (p *efgParser) infoset(player int) (int32, int) {
	g := p.g
	id, idTok := p.integer("information set number", "information sets are numbered 1, 2, ... per player")
	if id < 1 {
		p.fail(idTok.pos, "information set number must be positive", "information sets are numbered 1, 2, ... per player")
	}
	key := [2]int{player, id}
	var idx int32
	var known bool
	if ids := p.setIDs[player]; id < len(ids) && ids[id] != 0 {
		idx, known = ids[id]-1, true
	} else {
		// Also when id < len(ids): the map holds ids that were too large
		// for the dense table when they were stored.
		idx, known = p.infosets[key]
	}
	if p.peek().kind != tokString {
		if !known {
			p.fail(p.peek().pos, fmt.Sprintf("information set %d of %s is new here and needs a description", id, efgWho(player)),
				`give its label and actions the first time it appears: "label" { "a1" "a2" }, with a probability after each action for chance`)
		}
		return idx, len(g.Infosets[idx].Actions)
	}
	labelTok := p.take()
	brace := p.expect(tokLBrace, `"{" to start the action list`,
		`an information set description is "label" { "a1" "a2" ... }`)
	raw := efgRawInfoset{label: labelTok.text}
	var probs []Number
	for {
		t := p.take()
		if t.kind == tokRBrace {
			break
		}
		if t.kind != tokString {
			p.failAt(t, `a quoted action label or "}"`, `actions are quoted: { "a1" "a2" }`)
		}
		raw.actions = append(raw.actions, t.text)
		if player == 0 {
			pr, pt := p.number("the probability of the action")
			if pr.Cmp(Number{}) < 0 || pr.Cmp(numberOne) > 0 {
				p.diags.Add(pt.pos, fmt.Sprintf("probability %s is not between 0 and 1", pt.text), "chance probabilities lie in [0,1]")
			}
			probs = append(probs, pr)
			raw.probs = append(raw.probs, pt.text)
		}
	}
	if len(raw.actions) == 0 {
		p.fail(brace.pos, "an information set needs at least one action", "list its actions between the braces")
	}
	if known {
		is := &g.Infosets[idx]
		old := efgRawInfoset{label: is.Label, actions: is.Actions}
		for _, pr := range is.Probs {
			old.probs = append(old.probs, pr.Text())
		}
		switch {
		case len(old.actions) != len(raw.actions):
			p.diags.Add(labelTok.pos,
				fmt.Sprintf("information set %d of %s has %d actions, but this node lists %d", id, efgWho(player), len(old.actions), len(raw.actions)),
				"a node has one child per action of its information set; leave the description out, or repeat it exactly")
		case !efgRawEqual(old, raw):
			p.diags.Add(labelTok.pos, fmt.Sprintf("the description of information set %d of %s differs from its first one", id, efgWho(player)),
				"leave the description out after the first time, or repeat it exactly")
		}
		return idx, len(g.Infosets[idx].Actions)
	}
	if player == 0 && !efgSumIsOne(probs) {
		p.diags.Add(brace.pos, "probabilities must sum to exactly one", "chance probabilities are exact: write 1/3, not 0.333")
	}
	idx = int32(len(g.Infosets))
	p.setCount[player]++
	var ok bool
	p.setIDs[player], ok = efgDenseSet(p.setIDs[player], id, idx, p.setCount[player])
	if !ok {
		p.infosets[key] = idx
	}
	is := Infoset{Player: player, ID: id, Label: raw.label, Actions: raw.actions}
	if player == 0 {
		is.Probs = probs
	}
	g.Infosets = efgAppend(g.Infosets, is)
	return idx, len(raw.actions)
}

// efgWho names a player for messages.
func efgWho(player int) string {
	if player == 0 {
		return "chance"
	}
	return fmt.Sprintf("player %d", player)
}

func efgRawEqual(a, b efgRawInfoset) bool {
	if a.label != b.label || len(a.actions) != len(b.actions) || len(a.probs) != len(b.probs) {
		return false
	}
	for i := range a.actions {
		if a.actions[i] != b.actions[i] {
			return false
		}
	}
	for i := range a.probs {
		if a.probs[i] != b.probs[i] {
			return false
		}
	}
	return true
}

// efgSumIsOne reports whether the numbers sum to exactly 1. It sums
// pairwise so that large sets of fractions stay cheap.
func efgSumIsOne(ps []Number) bool {
	if s, ok := smallSum(ps); ok {
		return s.Cmp(numberOne) == 0
	}
	rs := make([]*big.Rat, len(ps))
	for i, p := range ps {
		rs[i] = new(big.Rat).Set(p.Rat())
	}
	for len(rs) > 1 {
		h := (len(rs) + 1) / 2
		for i := 0; i < len(rs)/2; i++ {
			rs[i] = rs[2*i].Add(rs[2*i], rs[2*i+1])
		}
		if len(rs)%2 == 1 {
			rs[len(rs)/2] = rs[len(rs)-1]
		}
		rs = rs[:h]
	}
	return len(rs) == 1 && rs[0].Cmp(big.NewRat(1, 1)) == 0
}

// outcome reads an outcome reference with its optional definition and
// returns the outcome's number in g.Outcomes (1-based), or 0.
func (p *efgParser) outcome() int32 {
	g := p.g
	const hint = `a node ends with an outcome number, 0 for none, defined the first time as "label" { u1 u2 ... }`
	id, idTok := p.integer("outcome number", hint)
	if p.peek().kind != tokString {
		if id == 0 {
			return 0
		}
		idx, ok := p.outcomeIndex(id)
		if !ok {
			p.fail(p.peek().pos, fmt.Sprintf("outcome %d is used before it is defined", id),
				fmt.Sprintf(`define it the first time it appears: %d "label" { u1 ... u%d }`, id, len(g.Players)))
		}
		return idx + 1
	}
	labelTok := p.take()
	p.expect(tokLBrace, `"{" to start the payoffs`, `an outcome is defined as "label" { u1 u2 ... }, one payoff per player`)
	var pays []Number
	for {
		t := p.peek()
		if t.kind == tokRBrace {
			p.take()
			if len(pays) != len(g.Players) {
				p.diags.Add(t.pos, fmt.Sprintf("outcome %d has %d payoffs, but the game has %d players", id, len(pays), len(g.Players)),
					"give one payoff per player, in the order of the header")
			}
			break
		}
		if t.kind == tokEOF {
			p.failAt(t, `a payoff or "}"`, "close the payoff list with }")
		}
		u, _ := p.number(`a payoff or "}"`)
		pays = append(pays, u)
		if p.peek().kind == tokComma {
			p.take()
		}
	}
	if id == 0 {
		p.diags.Add(idTok.pos, "the null outcome 0 cannot have a label or payoffs",
			"give the outcome a positive number, or leave the label and payoffs out")
		return 0
	}
	if idx, ok := p.outcomeIndex(id); ok {
		old := &g.Outcomes[idx]
		same := old.Label == labelTok.text && len(old.Payoffs) == len(pays)
		for i := 0; same && i < len(pays); i++ {
			same = old.Payoffs[i].Text() == pays[i].Text()
		}
		if !same {
			p.diags.Add(labelTok.pos, fmt.Sprintf("outcome %d is restated differently from its definition", id),
				"refer to it by number alone, or repeat its label and payoffs exactly as first written")
		}
		return idx + 1
	}
	idx := int32(len(g.Outcomes))
	var ok bool
	if p.outIDs, ok = efgDenseSet(p.outIDs, id, idx, len(g.Outcomes)+1); !ok {
		p.outcomes[id] = idx
	}
	g.Outcomes = efgAppend(g.Outcomes, Outcome{Label: labelTok.text, Payoffs: pays})
	return idx + 1
}

func (p *efgParser) outcomeIndex(id int) (int32, bool) {
	if id < len(p.outIDs) && p.outIDs[id] != 0 {
		return p.outIDs[id] - 1, true
	}
	idx, ok := p.outcomes[id]
	return idx, ok
}

// efgDenseSet stores idx+1 at ids[id], growing ids if id is below twice
// the count of entries plus 16 (so ids stays linear in the entries), and
// reports whether it did; if not, the caller uses a map.
func efgDenseSet(ids []int32, id int, idx int32, count int) ([]int32, bool) {
	if id >= len(ids) {
		if id >= 2*count+16 {
			return ids, false
		}
		n := max(2*len(ids), id+1, 16)
		n = min(n, 2*count+16)
		grown := make([]int32, n)
		copy(grown, ids)
		ids = grown
	}
	ids[id] = idx + 1
	return ids, true
}

// finish normalises labels as Gambit 17 does.
func (p *efgParser) finish() {
	g := p.g
	normaliseLabels(g.Players)
	for i := range g.Infosets {
		normaliseLabels(g.Infosets[i].Actions)
	}
	labels := make([]string, len(g.Outcomes))
	for i, o := range g.Outcomes {
		labels[i] = o.Label
	}
	normaliseLabels(labels)
	for i := range g.Outcomes {
		g.Outcomes[i].Label = labels[i]
	}
}

// WriteEFG writes g in Gambit's .efg format, version 2: one node per line
// in preorder, each information set's description and each outcome's
// definition where it first appears, numbers as their text. Infoset ids
// are g's own when they are positive and unique per player, and are
// renumbered per player otherwise; outcomes are numbered in order of first
// appearance, so outcomes no node uses are not written.
func WriteEFG(w io.Writer, g *Extensive) error {
	if g == nil || len(g.Nodes) == 0 {
		return errors.New("efg: the game has no nodes")
	}
	if err := efgCheck(g); err != nil {
		return err
	}
	for _, s := range append([]string{g.Title, g.Comment}, g.Players...) {
		if !utf8.ValidString(s) {
			return fmt.Errorf("efg: text %q is not valid UTF-8", s)
		}
	}
	ids := efgInfosetIDs(g)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("EFG 2 R ")
	writeQuoted(bw, g.Title)
	bw.WriteString(" {")
	for _, pl := range g.Players {
		bw.WriteByte(' ')
		writeQuoted(bw, pl)
	}
	bw.WriteString(" }\n")
	writeQuoted(bw, g.Comment)
	bw.WriteString("\n\n")

	seenSet := make([]bool, len(g.Infosets))
	outNum := make([]int, len(g.Outcomes)) // file number, 0 = not yet written
	nextOut := 0
	stack := []int32{0}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := &g.Nodes[v]
		switch n.Kind {
		case Chance:
			bw.WriteString("c ")
		case Personal:
			bw.WriteString("p ")
		default:
			bw.WriteString("t ")
		}
		writeQuoted(bw, n.Label)
		if n.Kind != Terminal {
			is := &g.Infosets[n.Infoset]
			if n.Kind == Personal {
				bw.WriteByte(' ')
				bw.WriteString(strconv.Itoa(is.Player))
			}
			bw.WriteByte(' ')
			bw.WriteString(strconv.Itoa(ids[n.Infoset]))
			if !seenSet[n.Infoset] {
				seenSet[n.Infoset] = true
				bw.WriteByte(' ')
				writeQuoted(bw, is.Label)
				bw.WriteString(" {")
				for a, act := range is.Actions {
					bw.WriteByte(' ')
					writeQuoted(bw, act)
					if n.Kind == Chance {
						bw.WriteByte(' ')
						bw.WriteString(is.Probs[a].Text())
					}
				}
				bw.WriteString(" }")
			}
			k := len(is.Actions)
			cs := int(n.ChildStart)
			for a := k - 1; a >= 0; a-- {
				stack = append(stack, g.Children[cs+a])
			}
		}
		bw.WriteByte(' ')
		if n.Outcome == 0 {
			bw.WriteByte('0')
		} else if o := n.Outcome - 1; outNum[o] != 0 {
			bw.WriteString(strconv.Itoa(outNum[o]))
		} else {
			nextOut++
			outNum[o] = nextOut
			bw.WriteString(strconv.Itoa(nextOut))
			bw.WriteByte(' ')
			writeQuoted(bw, g.Outcomes[o].Label)
			bw.WriteString(" {")
			for i, u := range g.Outcomes[o].Payoffs {
				if i > 0 {
					bw.WriteByte(',')
				}
				bw.WriteByte(' ')
				bw.WriteString(u.Text())
			}
			bw.WriteString(" }")
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// efgCheck checks that g is a well-formed tree that WriteEFG can write
// and ReadEFG read back.
func efgCheck(g *Extensive) error {
	np := len(g.Players)
	for i, is := range g.Infosets {
		if is.Player < 0 || is.Player > np {
			return fmt.Errorf("efg: information set %d belongs to player %d, out of range", i, is.Player)
		}
		if len(is.Actions) == 0 {
			return fmt.Errorf("efg: information set %d has no actions", i)
		}
		for _, a := range append([]string{is.Label}, is.Actions...) {
			if !utf8.ValidString(a) {
				return fmt.Errorf("efg: text %q is not valid UTF-8", a)
			}
		}
		if is.Player == 0 {
			if len(is.Probs) != len(is.Actions) {
				return fmt.Errorf("efg: chance information set %d has %d actions but %d probabilities", i, len(is.Actions), len(is.Probs))
			}
			for _, pr := range is.Probs {
				if pr.Cmp(Number{}) < 0 || pr.Cmp(numberOne) > 0 {
					return fmt.Errorf("efg: chance information set %d has probability %s, not in [0,1]", i, pr.Text())
				}
				if _, err := ParseNumber(pr.Text()); err != nil {
					return fmt.Errorf("efg: %v", err)
				}
			}
			if !efgSumIsOne(is.Probs) {
				return fmt.Errorf("efg: the probabilities of chance information set %d do not sum to one", i)
			}
		}
	}
	for i, o := range g.Outcomes {
		if len(o.Payoffs) != np {
			return fmt.Errorf("efg: outcome %d has %d payoffs for %d players", i+1, len(o.Payoffs), np)
		}
		if !utf8.ValidString(o.Label) {
			return fmt.Errorf("efg: text %q is not valid UTF-8", o.Label)
		}
		for _, u := range o.Payoffs {
			if _, err := ParseNumber(u.Text()); err != nil {
				return fmt.Errorf("efg: %v", err)
			}
		}
	}
	visited := make([]bool, len(g.Nodes))
	stack := []int32{0}
	count := 0
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v < 0 || int(v) >= len(g.Nodes) || visited[v] {
			return fmt.Errorf("efg: the nodes do not form a tree (node %d)", v)
		}
		visited[v] = true
		count++
		n := &g.Nodes[v]
		if !utf8.ValidString(n.Label) {
			return fmt.Errorf("efg: text %q is not valid UTF-8", n.Label)
		}
		if n.Outcome < 0 || int(n.Outcome) > len(g.Outcomes) {
			return fmt.Errorf("efg: node %d has outcome %d, out of range", v, n.Outcome)
		}
		switch n.Kind {
		case Terminal:
			continue
		case Chance, Personal:
		default:
			return fmt.Errorf("efg: node %d has an unknown kind %d", v, n.Kind)
		}
		if n.Infoset < 0 || int(n.Infoset) >= len(g.Infosets) {
			return fmt.Errorf("efg: node %d has information set %d, out of range", v, n.Infoset)
		}
		if pl := g.Infosets[n.Infoset].Player; (pl == 0) != (n.Kind == Chance) {
			return fmt.Errorf("efg: node %d is of kind %d but its information set belongs to player %d", v, n.Kind, pl)
		}
		k := len(g.Infosets[n.Infoset].Actions)
		cs := int(n.ChildStart)
		if cs < 0 || cs+k > len(g.Children) {
			return fmt.Errorf("efg: the children of node %d are out of range", v)
		}
		stack = append(stack, g.Children[cs:cs+k]...)
	}
	if count != len(g.Nodes) {
		return fmt.Errorf("efg: %d of %d nodes are not reachable from the root", len(g.Nodes)-count, len(g.Nodes))
	}
	return nil
}

// efgInfosetIDs returns the id to write for each information set: g's own
// if they are positive and unique per player, and 1, 2, ... per player in
// order of g.Infosets otherwise.
func efgInfosetIDs(g *Extensive) []int {
	ids := make([]int, len(g.Infosets))
	seen := make(map[[2]int]bool, len(g.Infosets))
	ok := true
	for i, is := range g.Infosets {
		key := [2]int{is.Player, is.ID}
		if is.ID < 1 || seen[key] {
			ok = false
			break
		}
		seen[key] = true
		ids[i] = is.ID
	}
	if !ok {
		next := make([]int, len(g.Players)+1)
		for i, is := range g.Infosets {
			next[is.Player]++
			ids[i] = next[is.Player]
		}
	}
	return ids
}
