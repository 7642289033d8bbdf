package game

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
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
// probabilities, which is subquadratic in their digits), also with many
// outcomes and labelled nodes. On errors it returns a nil game and the
// diagnostics; warnings may come with a game.
//
// To keep large trees cheap, information sets whose actions are written
// alike share one Actions slice, and outcomes' Payoffs are cut from shared
// blocks (each with its capacity capped): treat the slices of a game read
// from a file as read-only, and copy one before changing it.
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
//
// It allocates only for what the game keeps: tokens are byte ranges, empty
// labels cost nothing, numbers are parsed from the bytes, outcomes' payoffs
// are cut from shared blocks, and information sets whose actions are
// written alike share one []string.
type efgParser struct {
	lex    *lexer
	diags  *diag.List
	tok    token            // the current token
	lexErr *diag.Diagnostic // the lexer's error, when tok is a tokError

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

	// Scratch space for one information set description or outcome.
	acts      [][]byte
	probs     []Number
	probTexts [][]byte
	pays      []Number
	key       []byte

	// actionLists interns action lists by their labels as written (each
	// label length-prefixed), lastActions is the list made or found last,
	// and distinctActions holds each list once, for finish to normalise.
	actionLists     map[string][]string
	lastActions     []string
	distinctActions [][]string

	// slab is the unused part of the current block that outcomes' payoffs
	// are cut from.
	slab []Number
}

// efgInternMax bounds the number of action lists kept for interning.
const efgInternMax = 1 << 12

// efgSlabNumbers is the size of the blocks that payoffs are cut from.
const efgSlabNumbers = 1 << 12

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

// next moves to the next token. A lexer error makes the current token a
// tokError, and it stops the parse when the parser looks at that token (a
// failAt or checkLex): the parser reads one token ahead, and errors are
// reported in the order of the text, as by a parser that reads a token
// only when it needs it.
func (p *efgParser) next() {
	if p.lexErr != nil {
		return
	}
	if d := p.lex.scan(&p.tok); d != nil {
		p.tok.kind = tokError
		p.lexErr = d
	}
}

// checkLex stops the parse with the lexer's error if t is a tokError.
func (p *efgParser) checkLex(t *token) {
	if t.kind == tokError {
		*p.diags = append(*p.diags, p.lexErr)
		panic(errEFGAbort)
	}
}

// pos, raw, text, is and describe give a token's position and text (see
// lexer).
func (p *efgParser) pos(t *token) diag.Pos      { return p.lex.posOf(t) }
func (p *efgParser) raw(t *token) []byte        { return p.lex.raw(t) }
func (p *efgParser) text(t *token) string       { return string(p.lex.raw(t)) }
func (p *efgParser) is(t *token, s string) bool { return string(p.lex.raw(t)) == s }
func (p *efgParser) describe(t *token) string   { return p.lex.describe(t) }

// take consumes and returns the current token.
func (p *efgParser) take() token {
	t := p.tok
	p.next()
	return t
}

// fail records a syntax error and stops the parse.
func (p *efgParser) fail(pos diag.Pos, summary, hint string) {
	p.diags.Add(pos, summary, hint)
	panic(errEFGAbort)
}

// failAt reports that tok is not what was expected.
func (p *efgParser) failAt(tok *token, want, hint string) {
	p.checkLex(tok)
	if tok.kind == tokEOF {
		p.fail(p.pos(tok), "unexpected end of file: expected "+want, hint)
	}
	p.fail(p.pos(tok), "expected "+want+", found "+p.describe(tok), hint)
}

// expect consumes a token of the given kind and returns its position.
func (p *efgParser) expect(kind tokKind, want, hint string) diag.Pos {
	if p.tok.kind != kind {
		p.failAt(&p.tok, want, hint)
	}
	pos := p.pos(&p.tok)
	p.next()
	return pos
}

// integer consumes a non-negative whole number below 2^31.
func (p *efgParser) integer(what, hint string) (int, diag.Pos) {
	t := &p.tok
	if t.kind != tokWord {
		p.failAt(t, what, hint)
	}
	n := 0
	for _, c := range p.raw(t) {
		if c < '0' || c > '9' {
			p.fail(p.pos(t), fmt.Sprintf("expected %s (a whole number), found %s", what, p.describe(t)), hint)
		}
		if n < 1<<31 {
			n = n*10 + int(c-'0')
		}
	}
	if n > 1<<31-1 {
		p.fail(p.pos(t), fmt.Sprintf("%s %s is too large", what, p.text(t)), hint)
	}
	pos := p.pos(t)
	p.next()
	return n, pos
}

// number consumes a number in Gambit's syntax and returns it with its
// token.
func (p *efgParser) number(what string) (Number, token) {
	t := p.tok
	if t.kind != tokWord {
		p.failAt(&t, what, "numbers are written 3, -1/3, 0.25 or 1.5e-1")
	}
	n, err := parseNumberBytes(p.raw(&t))
	if err != nil {
		p.fail(p.pos(&t), err.Error(), "numbers are written 3, -1/3, 0.25 or 1.5e-1; write them without a leading +")
	}
	p.next()
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
	p.next()
	if p.tok.kind == tokEOF {
		p.fail(p.pos(&p.tok), "empty file", `an .efg file starts with EFG 2 R "title" { "player 1" ... }`)
	}
	p.header()
	p.tree()
	p.checkLex(&p.tok)
	if p.tok.kind != tokEOF {
		p.diags.Warn(p.pos(&p.tok), "text after the last node is ignored",
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
	t := &p.tok
	if t.kind != tokWord || !p.is(t, "EFG") {
		if t.kind == tokWord && p.is(t, "NFG") {
			p.fail(p.pos(t), "this is a strategic-form (.nfg) file, not an .efg file", "read it as a .nfg file")
		}
		p.failAt(t, `"EFG"`, hint)
	}
	p.next()
	if t.kind != tokWord || !p.is(t, "2") {
		if t.kind == tokWord {
			p.fail(p.pos(t), fmt.Sprintf("unsupported .efg version %q", p.text(t)), "only version 2 is supported: "+hint)
		}
		p.failAt(t, "the version 2", hint)
	}
	p.next()
	if t.kind != tokWord || (!p.is(t, "R") && !p.is(t, "D")) {
		p.failAt(t, `"R" or "D"`, hint)
	}
	p.next()
	if t.kind != tokString {
		p.failAt(t, "the quoted title", hint)
	}
	title := p.text(t)
	p.next()
	p.expect(tokLBrace, `"{" before the player names`, hint)
	var players []string
	for t.kind != tokRBrace {
		if t.kind != tokString {
			p.failAt(t, `a quoted player name or "}"`, hint)
		}
		players = append(players, p.text(t))
		p.next()
	}
	p.next()
	g := &Extensive{Title: title, Players: players}
	if t.kind == tokString {
		g.Comment = p.text(t)
		p.next()
	}
	p.g = g
	p.setIDs = make([][]int32, len(players)+1)
	p.setCount = make([]int, len(players)+1)
	p.infosets = map[[2]int]int32{}
	p.outcomes = map[int]int32{}
	p.nodeLabels = map[string]int{}
	p.actionLists = map[string][]string{}
}

// efgFrame is a node whose children are still being read: the next
// child's slot in Children, and the end of its slots.
type efgFrame struct {
	node      int32
	next, end int32
}

// tree reads the nodes in preorder with an explicit stack. Each node's
// child slots are reserved in g.Children when the node is read (so
// ChildStart is the number of children of the nodes before it) and
// filled in as its children are read.
func (p *efgParser) tree() {
	g := p.g
	// Size the big slices from an estimate of the number of nodes (capped
	// by the fact that a node takes at least 7 bytes), to save regrowing
	// them, but allocate no more than 2^21 nodes ahead. The current token
	// (the first node's keyword) has been read already.
	rest := p.lex.src[p.lex.off:]
	nodes, terminals := efgCountWords(rest)
	nodes = min(nodes+1, len(rest)/7+1, 1<<21)
	terminals = min(terminals+1, nodes)
	g.Nodes = make([]Node, 0, nodes)
	g.Children = make([]int32, 0, nodes)
	g.Infosets = make([]Infoset, 0, nodes-terminals+1)
	g.Outcomes = make([]Outcome, 0, terminals)
	var stack []efgFrame
	for {
		parent := int32(-1)
		if len(stack) > 0 {
			parent = stack[len(stack)-1].node
		} else if len(g.Nodes) > 0 {
			break
		}
		if len(g.Nodes) >= 1<<31-1 {
			p.fail(p.pos(&p.tok), "the game has too many nodes", "")
		}
		idx := int32(len(g.Nodes))
		k := p.node(parent)
		if len(stack) > 0 {
			f := &stack[len(stack)-1]
			g.Children[f.next] = idx
			f.next++
			if f.next == f.end {
				stack = stack[:len(stack)-1]
			}
		}
		if k > 0 {
			cs := len(g.Children)
			if cs > 1<<31-1-k {
				p.fail(p.pos(&p.tok), "the game has too many nodes", "")
			}
			for range k {
				g.Children = efgAppend(g.Children, -1)
			}
			stack = append(stack, efgFrame{node: idx, next: int32(cs), end: int32(cs + k)})
		}
	}
}

// efgCountNodes estimates the number of nodes: see efgCountWords.
func efgCountNodes(src []byte) int {
	n, _ := efgCountWords(src)
	return n
}

// efgCountWords estimates the number of nodes and of terminal nodes by
// counting the lines that start with the word c, p or t (and t), as a
// file has them when it is written one node per line, as Gambit and
// WriteEFG write it. It only sizes the parser's slices, so it may be off
// either way (the parser grows them as needed), and it is cheap: it looks
// at the start of each line only.
func efgCountWords(src []byte) (nodes, terminals int) {
	for i := 0; i < len(src); {
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		if i+1 < len(src) && isSep(src[i+1]) {
			switch src[i] {
			case 'c', 'p':
				nodes++
			case 't':
				nodes++
				terminals++
			}
		}
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return nodes, terminals
}

// node reads one node, appends it and returns its number of children.
func (p *efgParser) node(parent int32) int {
	g := p.g
	t := &p.tok
	var kind byte
	if t.kind == tokWord && len(p.raw(t)) == 1 {
		kind = p.raw(t)[0]
	}
	if kind != 'c' && kind != 'p' && kind != 't' {
		p.checkLex(t)
		if t.kind == tokEOF {
			p.fail(p.pos(t), "unexpected end of file: the tree is incomplete",
				"every chance and personal node needs one subtree per action; check the action counts")
		}
		p.fail(p.pos(t), "expected a node (c, p or t), found "+p.describe(t),
			`nodes are written c "label" infoset ..., p "label" player infoset ..., or t "label" outcome ...`)
	}
	p.next()
	if t.kind != tokString {
		p.failAt(t, "the quoted node label", `write "" for a node without a label`)
	}
	n := Node{Parent: parent, Infoset: -1, ChildStart: int32(len(g.Children))}
	if len(p.raw(t)) > 0 {
		n.Label = p.text(t)
		if line, ok := p.nodeLabels[n.Label]; ok {
			p.diags.Add(p.pos(t),
				fmt.Sprintf("node label must be unique within the game: %q is already the label of the node on line %d", n.Label, line),
				`rename one of the nodes, or write "" for no label`)
		} else {
			p.nodeLabels[n.Label] = p.pos(t).Line
		}
	}
	p.next()
	k := 0
	switch kind {
	case 'c':
		n.Kind = Chance
		n.Infoset, k = p.infoset(0)
	case 'p':
		n.Kind = Personal
		pl, pos := p.integer("player number", "a personal node names its player: 1 to the number of players")
		if pl < 1 || pl > len(g.Players) {
			p.fail(pos, fmt.Sprintf("player number %d is out of range: the game has %d players", pl, len(g.Players)),
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
	id, idPos := p.integer("information set number", "information sets are numbered 1, 2, ... per player")
	if id < 1 {
		p.fail(idPos, "information set number must be positive", "information sets are numbered 1, 2, ... per player")
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
	t := &p.tok
	if t.kind != tokString {
		p.checkLex(t)
		if !known {
			p.fail(p.pos(t), fmt.Sprintf("information set %d of %s is new here and needs a description", id, efgWho(player)),
				`give its label and actions the first time it appears: "label" { "a1" "a2" }, with a probability after each action for chance`)
		}
		return idx, len(g.Infosets[idx].Actions)
	}
	labelTok := p.take()
	brace := p.expect(tokLBrace, `"{" to start the action list`,
		`an information set description is "label" { "a1" "a2" ... }`)
	acts, probs, probTexts := p.acts[:0], p.probs[:0], p.probTexts[:0]
	for t.kind != tokRBrace {
		if t.kind != tokString {
			p.failAt(t, `a quoted action label or "}"`, `actions are quoted: { "a1" "a2" }`)
		}
		acts = append(acts, p.raw(t))
		p.next()
		if player == 0 {
			pr, pt := p.number("the probability of the action")
			if pr.Cmp(Number{}) < 0 || pr.Cmp(numberOne) > 0 {
				p.diags.Add(p.pos(&pt), fmt.Sprintf("probability %s is not between 0 and 1", p.text(&pt)), "chance probabilities lie in [0,1]")
			}
			probs = append(probs, pr)
			probTexts = append(probTexts, p.raw(&pt))
		}
	}
	p.next()
	p.acts, p.probs, p.probTexts = acts, probs, probTexts
	if len(acts) == 0 {
		p.fail(brace, "an information set needs at least one action", "list its actions between the braces")
	}
	if known {
		is := &g.Infosets[idx]
		switch {
		case len(is.Actions) != len(acts):
			p.diags.Add(p.pos(&labelTok),
				fmt.Sprintf("information set %d of %s has %d actions, but this node lists %d", id, efgWho(player), len(is.Actions), len(acts)),
				"a node has one child per action of its information set; leave the description out, or repeat it exactly")
		case !efgSameDescription(is, p.raw(&labelTok), acts, probTexts):
			p.diags.Add(p.pos(&labelTok), fmt.Sprintf("the description of information set %d of %s differs from its first one", id, efgWho(player)),
				"leave the description out after the first time, or repeat it exactly")
		}
		return idx, len(is.Actions)
	}
	if player == 0 && !efgSumIsOne(probs) {
		p.diags.Add(brace, "probabilities must sum to exactly one", "chance probabilities are exact: write 1/3, not 0.333")
	}
	idx = int32(len(g.Infosets))
	p.setCount[player]++
	var ok bool
	p.setIDs[player], ok = efgDenseSet(p.setIDs[player], id, idx, p.setCount[player])
	if !ok {
		p.infosets[key] = idx
	}
	is := Infoset{Player: player, ID: id, Label: p.text(&labelTok), Actions: p.internActions(acts)}
	if player == 0 {
		is.Probs = slices.Clone(probs)
	}
	g.Infosets = efgAppend(g.Infosets, is)
	return idx, len(acts)
}

// internActions returns the action labels as a []string, the same one for
// every information set whose actions are written alike (up to
// efgInternMax different lists; the rest get lists of their own).
func (p *efgParser) internActions(acts [][]byte) []string {
	if last := p.lastActions; len(last) == len(acts) {
		same := true
		for i, a := range acts {
			if string(a) != last[i] {
				same = false
				break
			}
		}
		if same {
			return last
		}
	}
	key := p.key[:0]
	for _, a := range acts {
		key = binary.AppendUvarint(key, uint64(len(a)))
		key = append(key, a...)
	}
	p.key = key
	if l, ok := p.actionLists[string(key)]; ok {
		p.lastActions = l
		return l
	}
	l := make([]string, len(acts))
	for i, a := range acts {
		l[i] = string(a)
	}
	if len(p.actionLists) < efgInternMax {
		p.actionLists[string(key)] = l
	}
	p.distinctActions = append(p.distinctActions, l)
	p.lastActions = l
	return l
}

// efgWho names a player for messages.
func efgWho(player int) string {
	if player == 0 {
		return "chance"
	}
	return fmt.Sprintf("player %d", player)
}

// efgSameDescription reports whether an information set description as
// written (label, action labels, probability texts) is that of is, whose
// labels are still as written.
func efgSameDescription(is *Infoset, label []byte, acts, probTexts [][]byte) bool {
	if string(label) != is.Label || len(acts) != len(is.Actions) || len(probTexts) != len(is.Probs) {
		return false
	}
	for i, a := range acts {
		if string(a) != is.Actions[i] {
			return false
		}
	}
	for i, pt := range probTexts {
		if string(pt) != is.Probs[i].Text() {
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
	id, idPos := p.integer("outcome number", hint)
	t := &p.tok
	if t.kind != tokString {
		if id == 0 {
			return 0
		}
		idx, ok := p.outcomeIndex(id)
		if !ok {
			p.checkLex(t)
			p.fail(p.pos(t), fmt.Sprintf("outcome %d is used before it is defined", id),
				fmt.Sprintf(`define it the first time it appears: %d "label" { u1 ... u%d }`, id, len(g.Players)))
		}
		return idx + 1
	}
	labelTok := p.take()
	p.expect(tokLBrace, `"{" to start the payoffs`, `an outcome is defined as "label" { u1 u2 ... }, one payoff per player`)
	pays := p.pays[:0]
	for {
		if t.kind == tokRBrace {
			if len(pays) != len(g.Players) {
				p.diags.Add(p.pos(t), fmt.Sprintf("outcome %d has %d payoffs, but the game has %d players", id, len(pays), len(g.Players)),
					"give one payoff per player, in the order of the header")
			}
			p.next()
			break
		}
		if t.kind == tokEOF {
			p.failAt(t, `a payoff or "}"`, "close the payoff list with }")
		}
		u, _ := p.number(`a payoff or "}"`)
		pays = append(pays, u)
		if t.kind == tokComma {
			p.next()
		}
	}
	p.pays = pays
	if id == 0 {
		p.diags.Add(idPos, "the null outcome 0 cannot have a label or payoffs",
			"give the outcome a positive number, or leave the label and payoffs out")
		return 0
	}
	if idx, ok := p.outcomeIndex(id); ok {
		old := &g.Outcomes[idx]
		same := old.Label == string(p.raw(&labelTok)) && len(old.Payoffs) == len(pays)
		for i := 0; same && i < len(pays); i++ {
			same = old.Payoffs[i].Text() == pays[i].Text()
		}
		if !same {
			p.diags.Add(p.pos(&labelTok), fmt.Sprintf("outcome %d is restated differently from its definition", id),
				"refer to it by number alone, or repeat its label and payoffs exactly as first written")
		}
		return idx + 1
	}
	idx := int32(len(g.Outcomes))
	var ok bool
	if p.outIDs, ok = efgDenseSet(p.outIDs, id, idx, len(g.Outcomes)+1); !ok {
		p.outcomes[id] = idx
	}
	g.Outcomes = efgAppend(g.Outcomes, Outcome{Label: p.text(&labelTok), Payoffs: p.keepNumbers(pays)})
	return idx + 1
}

// keepNumbers returns a copy of ns cut from a shared block (with its
// capacity capped, so appending to it cannot overwrite a neighbour).
func (p *efgParser) keepNumbers(ns []Number) []Number {
	if len(ns) > len(p.slab) {
		if len(ns) > efgSlabNumbers/4 {
			return slices.Clone(ns)
		}
		p.slab = make([]Number, efgSlabNumbers)
	}
	k := copy(p.slab, ns)
	out := p.slab[:k:k]
	p.slab = p.slab[k:]
	return out
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

// finish normalises labels as Gambit 17 does: those of the players, of
// each distinct action list (shared lists once), and of the outcomes.
func (p *efgParser) finish() {
	g := p.g
	normaliseLabels(g.Players)
	for _, l := range p.distinctActions {
		normaliseLabels(l)
	}
	if labelsCleanFunc(len(g.Outcomes), func(i int) string { return g.Outcomes[i].Label }) {
		return
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
