package game

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bulwark-sim/bulwark/diag"
)

// Limits that keep ReadNFG linear in the size of its input. Building the
// exact value of a number costs time quadratic in its length, and a decimal
// exponent e costs about e^1.5; these bounds cap that work by a constant
// (a few tens of milliseconds) whatever the file.
const (
	// nfgMaxNumberChars is the longest number text accepted.
	nfgMaxNumberChars = 10_000
	// nfgBigNumberBudget bounds, over a whole file, the sum of length plus
	// exponent of the numbers that are long (over 256 characters) or that
	// have a large exponent (over 64).
	nfgBigNumberBudget = 2_000_000
)

const nfgNumberHint = "write numbers as 3, -3, 0.25, .25, 1/3 or 1.5e-1"

// nfgParser reads one .nfg file. It wraps the shared lexer with one token
// of lookahead (tok) and stops at the first error: after fail, tok is end
// of file and no further diagnostics are added.
type nfgParser struct {
	lx     *lexer
	file   string
	size   int
	tok    token
	failed bool
	diags  diag.List
	budget int
	// cache holds the numbers parsed so far by text: payoff tables repeat
	// values, and a Number's value is never modified, so equal texts can
	// share one.
	cache map[string]Number
}

const nfgCacheMax = 1 << 16 // entries

// pos, raw, text, is and describe give a token's position and text (see
// lexer).
func (p *nfgParser) pos(t *token) diag.Pos      { return p.lx.posOf(t) }
func (p *nfgParser) raw(t *token) []byte        { return p.lx.raw(t) }
func (p *nfgParser) text(t *token) string       { return string(p.lx.raw(t)) }
func (p *nfgParser) is(t *token, s string) bool { return string(p.lx.raw(t)) == s }
func (p *nfgParser) describe(t *token) string   { return p.lx.describe(t) }

// next moves to the next token. A lexer error is recorded and ends the parse.
func (p *nfgParser) next() {
	if p.failed {
		p.tok = token{kind: tokEOF, line: p.tok.line, col: p.tok.col}
		return
	}
	t, d := p.lx.next()
	if d != nil {
		p.diags = append(p.diags, d)
		p.failed = true
		p.tok = token{kind: tokEOF, line: int32(d.Pos.Line), col: int32(d.Pos.Col)}
		return
	}
	p.tok = t
}

// fail records an error, unless one was recorded already, and returns false.
func (p *nfgParser) fail(pos diag.Pos, summary, hint string) bool {
	if !p.failed {
		p.diags.Add(pos, summary, hint)
		p.failed = true
	}
	p.tok = token{kind: tokEOF, line: p.tok.line, col: p.tok.col}
	return false
}

// expected reports that the current token is not what was expected.
func (p *nfgParser) expected(what, hint string) bool {
	return p.fail(p.pos(&p.tok), "expected "+what+", found "+p.describe(&p.tok), hint)
}

// expect consumes a token of the given kind or reports an error.
func (p *nfgParser) expect(k tokKind, what, hint string) bool {
	if p.tok.kind != k {
		return p.expected(what, hint)
	}
	p.next()
	return true
}

// remaining is the number of bytes from the start of the current token to
// the end of the file.
func (p *nfgParser) remaining() int {
	return p.size - p.lx.off + len(p.raw(&p.tok))
}

// number parses the current token (a word) as a Number. An integer
// written plainly (as most payoffs are) is parsed straight from the
// token's bytes, others are looked up in the cache of texts, and a short
// number written canonically is not added to the cache.
func (p *nfgParser) number() (Number, bool) {
	t := &p.tok
	raw := p.raw(t)
	if v, ok := plainIntValue(raw); ok {
		return Number{num: v}, true
	}
	if v, ok := p.cache[string(raw)]; ok {
		return v, true
	}
	if len(raw) <= 32 {
		if v, ok := parseSmall(raw); ok && v.isCanonicalBytes(raw) {
			return v, true
		}
	}
	if n := utf8.RuneCount(p.raw(t)); n > nfgMaxNumberChars {
		return Number{}, p.fail(p.pos(t), fmt.Sprintf("number is too long: %d characters, the limit is %d", n, nfgMaxNumberChars), "write the number with fewer digits")
	}
	text := p.text(t)
	if err := checkNumberSyntax(text); err != nil {
		return Number{}, p.fail(p.pos(t), err.Error(), nfgNumberHint)
	}
	if e := nfgExponent(text); len(text) > 256 || e > 64 {
		p.budget -= len(text) + e
		if p.budget < 0 {
			return Number{}, p.fail(p.pos(t), fmt.Sprintf("the file's long numbers and large exponents add up to more than %d digits", nfgBigNumberBudget),
				"write payoffs with fewer digits and smaller exponents")
		}
	}
	v, err := ParseNumber(text)
	if err != nil {
		return Number{}, p.fail(p.pos(t), err.Error(), nfgNumberHint)
	}
	if len(text) <= 32 && len(p.cache) < nfgCacheMax {
		if p.cache == nil {
			p.cache = make(map[string]Number)
		}
		p.cache[text] = v
	}
	return v, true
}

// nfgExponent returns the magnitude of the decimal exponent of a number's
// text (0 if none), saturating at 10^7.
func nfgExponent(s string) int {
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return 0
	}
	e := 0
	for _, c := range s[i+1:] {
		if c >= '0' && c <= '9' {
			e = min(e*10+int(c-'0'), 10_000_000)
		}
	}
	return e
}

// nfgInt parses a word of decimal digits with an optional leading minus,
// saturating at ±(MaxProfiles+1) so that huge values stay huge.
func nfgInt[T string | []byte](s T) (int, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, false
	}
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = min(n*10+int(c-'0'), MaxProfiles+1)
	}
	if neg {
		n = -n
	}
	return n, true
}

// ReadNFG reads a strategic-form game in Gambit's .nfg format, version 1:
//
//	NFG 1 R "title" { "player 1" ... } <strategies> ["comment"] <body>
//
// where <strategies> is either counts, { 3 2 } (strategies are then
// labelled 1, 2, ...), or labels, { { "U" "D" } { "L" "R" } }. The body is
// either the payoff version, a flat list of exactly n·∏kᵢ numbers (a comma
// after each number is optional), one block of n payoffs per profile with
// player 1's strategy changing fastest; or the outcome version, a list of
// outcomes { { "label" u1 u2 ... } ... } followed by one outcome number per
// profile (0 is the null outcome, which pays 0). Nothing may follow the
// body. The header letter may be R or D.
//
// Numbers are kept exactly, with their text. Player, strategy and outcome
// labels are normalised as Gambit 17 does (see normaliseLabels): empty
// labels become _1, _2, ..., and duplicates x x become x_1 x_2. Games read
// from the outcome version have Outcomes and OutcomeOf set as well as the
// payoff table.
//
// On malformed input ReadNFG returns nil and positioned diagnostics (it
// stops at the first error). It never panics and runs in time linear in
// len(src); files over MaxFileBytes, games over MaxProfiles profiles,
// numbers over 10,000 characters, and files whose long numbers and large
// exponents add up to over 2,000,000 digits are refused.
func ReadNFG(file string, src []byte) (*NormalForm, diag.List) {
	if len(src) > MaxFileBytes {
		var l diag.List
		l.Add(diag.Pos{File: file}, fmt.Sprintf("file is too large: %d bytes, the limit is %d", len(src), MaxFileBytes), "")
		return nil, l
	}
	p := &nfgParser{lx: newLexer(file, src), file: file, size: len(src), budget: nfgBigNumberBudget}
	p.next()
	g := p.parse()
	if p.failed || g == nil {
		if len(p.diags) == 0 { // cannot happen; keep the contract anyway
			p.diags.Add(diag.Pos{File: file}, "cannot read the game", "")
		}
		return nil, p.diags
	}
	return g, nil
}

func (p *nfgParser) parse() *NormalForm {
	// Magic, version, R|D.
	switch {
	case p.tok.kind == tokEOF:
		p.fail(p.pos(&p.tok), "file is empty", `a strategic-form game file starts with NFG 1 R "title"`)
		return nil
	case p.tok.kind == tokWord && p.is(&p.tok, "EFG"):
		p.fail(p.pos(&p.tok), "this is an extensive-form game (.efg), not a strategic-form one (.nfg)", "read it as an .efg file")
		return nil
	case p.tok.kind != tokWord || !p.is(&p.tok, "NFG"):
		p.expected("NFG at the start of the file", `a strategic-form game file starts with NFG 1 R "title"`)
		return nil
	}
	p.next()
	if p.tok.kind == tokWord && !p.is(&p.tok, "1") {
		p.fail(p.pos(&p.tok), fmt.Sprintf("unsupported NFG version %q", p.text(&p.tok)), "only version 1 is supported: the file should start with NFG 1 R")
		return nil
	}
	if !p.expect(tokWord, "the version 1 after NFG", "the file should start with NFG 1 R") {
		return nil
	}
	if p.tok.kind != tokWord || (!p.is(&p.tok, "R") && !p.is(&p.tok, "D")) {
		p.expected("R or D after NFG 1", "the file should start with NFG 1 R")
		return nil
	}
	p.next()
	if p.tok.kind != tokString {
		p.expected("the game's title in double quotes", `write a title such as "my game" after NFG 1 R (it may be "")`)
		return nil
	}
	title := p.text(&p.tok)
	p.next()

	// Players.
	open := p.pos(&p.tok)
	if !p.expect(tokLBrace, `"{" to open the list of players`, `list the players as { "Player 1" "Player 2" }`) {
		return nil
	}
	var players []string
	for p.tok.kind == tokString {
		players = append(players, p.text(&p.tok))
		p.next()
	}
	if !p.expect(tokRBrace, `a player name in double quotes or "}"`, `list the players as { "Player 1" "Player 2" }`) {
		return nil
	}
	if len(players) == 0 {
		p.fail(open, "a game needs at least one player", `list the players as { "Player 1" "Player 2" }`)
		return nil
	}
	n := len(players)
	normaliseLabels(players)

	// Strategies.
	counts, strategies, ok := p.strategies(n)
	if !ok {
		return nil
	}

	// Optional comment.
	var comment string
	if p.tok.kind == tokString {
		comment = p.text(&p.tok)
		p.next()
	}

	profiles := 1
	for _, k := range counts {
		profiles *= k // bounded by MaxProfiles in strategies()
	}
	if profiles > math.MaxInt/n { // only possible where int is 32 bits
		p.fail(p.pos(&p.tok), "the game is too large", "")
		return nil
	}
	var g *NormalForm
	var outcomes []Outcome
	var outcomeOf []int
	switch p.tok.kind {
	case tokWord:
		g = p.payoffBody(players, counts, strategies, profiles)
	case tokLBrace:
		g, outcomes, outcomeOf = p.outcomeBody(players, counts, strategies, profiles)
	case tokEOF:
		p.fail(p.pos(&p.tok), fmt.Sprintf("expected a payoff, found end of file: the table needs %d numbers (%d players × %d profiles) and has 0", n*profiles, n, profiles),
			"add the payoffs after the header, player 1's strategy changing fastest")
	default:
		p.expected("payoffs or a list of outcomes", "after the header comes either a flat list of payoffs or { { \"outcome\" u1 u2 ... } ... } and outcome numbers")
	}
	if g == nil || p.failed {
		return nil
	}
	if p.tok.kind != tokEOF {
		hint := fmt.Sprintf("the table is complete with %d numbers (%d players × %d profiles); remove what follows or check the strategy counts", n*profiles, n, profiles)
		if outcomeOf != nil {
			hint = fmt.Sprintf("the game has %d profiles and needs one outcome number for each; remove what follows or check the strategy counts", profiles)
		}
		p.expected("end of file", hint)
		return nil
	}
	g.Title, g.Comment = title, comment
	g.Outcomes, g.OutcomeOf = outcomes, outcomeOf
	return g
}

// strategies reads { k1 k2 ... } or { { "s" ... } ... } for n players and
// checks that the game has at most MaxProfiles profiles. It returns the
// strategy counts, and the labels if the file gives them. Labels for counts
// are made only once the file is known to be long enough (see newGame), so
// that a short file cannot make the reader build millions of them.
func (p *nfgParser) strategies(n int) ([]int, [][]string, bool) {
	const hint = `give one strategy count per player, { 2 3 }, or one list of labels per player, { { "U" "D" } { "L" "M" "R" } }`
	open := p.pos(&p.tok)
	if !p.expect(tokLBrace, `"{" to open the strategies`, hint) {
		return nil, nil, false
	}
	var counts []int
	var labels [][]string
	switch p.tok.kind {
	case tokWord:
		for p.tok.kind == tokWord {
			k, ok := nfgInt(p.raw(&p.tok))
			if !ok || k < 0 {
				return nil, nil, p.expected("a strategy count (a positive integer)", hint)
			}
			if len(counts) == n {
				return nil, nil, p.fail(p.pos(&p.tok), fmt.Sprintf("more strategy counts than players (%d)", n), hint)
			}
			if k == 0 {
				return nil, nil, p.fail(p.pos(&p.tok), fmt.Sprintf("player %d has no strategies", len(counts)+1), "every player needs at least one strategy")
			}
			counts = append(counts, k)
			p.next()
		}
	case tokLBrace:
		for p.tok.kind == tokLBrace {
			if len(labels) == n {
				return nil, nil, p.fail(p.pos(&p.tok), fmt.Sprintf("more strategy lists than players (%d)", n), hint)
			}
			inner := p.pos(&p.tok)
			p.next()
			var s []string
			for p.tok.kind == tokString {
				s = append(s, p.text(&p.tok))
				p.next()
			}
			if !p.expect(tokRBrace, `a strategy label in double quotes or "}"`, hint) {
				return nil, nil, false
			}
			if len(s) == 0 {
				return nil, nil, p.fail(inner, fmt.Sprintf("player %d has no strategies", len(labels)+1), "every player needs at least one strategy")
			}
			normaliseLabels(s)
			labels = append(labels, s)
		}
	}
	got := max(len(counts), len(labels))
	if p.tok.kind == tokRBrace && got < n {
		return nil, nil, p.fail(p.pos(&p.tok), fmt.Sprintf("strategies are given for %d of the %d players", got, n), hint)
	}
	if !p.expect(tokRBrace, `"}" to close the strategies`, hint) {
		return nil, nil, false
	}
	profiles := 1
	for i := range n {
		k := 0
		if counts != nil {
			k = counts[i]
		} else {
			k = len(labels[i])
		}
		if profiles > MaxProfiles/k {
			return nil, nil, p.fail(open, fmt.Sprintf("the game has more than %d strategy profiles", MaxProfiles), "Bulwark reads strategic forms of up to 67,108,864 profiles")
		}
		profiles *= k
	}
	if counts == nil {
		for _, s := range labels {
			counts = append(counts, len(s))
		}
	}
	return counts, labels, true
}

// newGame allocates the game once the file is known to be long enough to
// hold items more entries, so that a short file cannot make the reader
// allocate a large table; otherwise it returns nil and the body is only
// checked (it will end too early, and that is reported). Strategies given
// by counts get the labels 1, 2, ...; their number is at most n + items, as
// items ≥ the number of profiles ≥ every count.
func (p *nfgParser) newGame(players []string, counts []int, strategies [][]string, items int) *NormalForm {
	if items > p.remaining() {
		return nil
	}
	if strategies == nil {
		strategies = make([][]string, len(counts))
		for i, k := range counts {
			strategies[i] = make([]string, k)
			for j := range k {
				strategies[i][j] = strconv.Itoa(j + 1)
			}
		}
	}
	g, err := NewNormalForm(players, strategies)
	if err != nil {
		p.fail(p.pos(&p.tok), err.Error(), "")
		return nil
	}
	return g
}

// payoffBody reads the flat payoff table.
func (p *nfgParser) payoffBody(players []string, counts []int, strategies [][]string, profiles int) *NormalForm {
	n := len(players)
	need := n * profiles
	g := p.newGame(players, counts, strategies, need)
	for i := range need {
		if p.tok.kind != tokWord {
			p.fail(p.pos(&p.tok), fmt.Sprintf("expected a payoff, found %s: the table needs %d numbers (%d players × %d profiles) and has %d", p.describe(&p.tok), need, n, profiles, i),
				"check the strategy counts, or add the missing payoffs (player 1's strategy changes fastest)")
			return nil
		}
		v, ok := p.number()
		if !ok {
			return nil
		}
		if g != nil {
			g.payoffs[i] = v
		}
		p.next()
		if p.tok.kind == tokComma {
			p.next()
		}
	}
	if p.failed {
		return nil
	}
	return g
}

// outcomeBody reads the outcome list and one outcome number per profile.
func (p *nfgParser) outcomeBody(players []string, counts []int, strategies [][]string, profiles int) (*NormalForm, []Outcome, []int) {
	n := len(players)
	const hint = `write outcomes as { { "label" u1 u2 ... } ... }`
	p.next() // "{"
	var outcomes []Outcome
	for p.tok.kind == tokLBrace {
		p.next()
		if p.tok.kind != tokString {
			p.expected("the outcome's label in double quotes", hint)
			return nil, nil, nil
		}
		o := Outcome{Label: p.text(&p.tok), Payoffs: make([]Number, 0, n)}
		p.next()
		for p.tok.kind == tokWord {
			if len(o.Payoffs) == n {
				p.fail(p.pos(&p.tok), fmt.Sprintf("outcome %d has more than %d payoffs", len(outcomes)+1, n), fmt.Sprintf("give one payoff per player (%d)", n))
				return nil, nil, nil
			}
			v, ok := p.number()
			if !ok {
				return nil, nil, nil
			}
			o.Payoffs = append(o.Payoffs, v)
			p.next()
			if p.tok.kind == tokComma {
				p.next()
			}
		}
		if p.tok.kind == tokRBrace && len(o.Payoffs) < n {
			p.fail(p.pos(&p.tok), fmt.Sprintf("outcome %d has %d payoffs but the game has %d players", len(outcomes)+1, len(o.Payoffs), n), fmt.Sprintf("give one payoff per player (%d)", n))
			return nil, nil, nil
		}
		if !p.expect(tokRBrace, `a payoff or "}"`, hint) {
			return nil, nil, nil
		}
		outcomes = append(outcomes, o)
	}
	if !p.expect(tokRBrace, `an outcome "{" or "}" to close the outcomes`, hint) {
		return nil, nil, nil
	}
	labels := make([]string, len(outcomes))
	for i, o := range outcomes {
		labels[i] = o.Label
	}
	normaliseLabels(labels)
	for i := range outcomes {
		outcomes[i].Label = labels[i]
	}

	g := p.newGame(players, counts, strategies, profiles)
	var of []int
	if g != nil {
		of = make([]int, profiles)
	}
	for i := range profiles {
		if p.tok.kind != tokWord {
			p.fail(p.pos(&p.tok), fmt.Sprintf("expected an outcome number, found %s: the game has %d profiles and needs one for each, and the file has %d", p.describe(&p.tok), profiles, i),
				"give one outcome number per profile, separated by spaces (0 for none)")
			return nil, nil, nil
		}
		k, ok := nfgInt(p.raw(&p.tok))
		if !ok {
			p.expected("an outcome number", "outcome numbers are integers: 1 for the first outcome, 0 for none")
			return nil, nil, nil
		}
		if k < 0 || k > len(outcomes) {
			p.fail(p.pos(&p.tok), fmt.Sprintf("outcome number %s is out of range", p.text(&p.tok)), fmt.Sprintf("there are %d outcomes: use 1 to %d, or 0 for none", len(outcomes), len(outcomes)))
			return nil, nil, nil
		}
		if g != nil {
			of[i] = k
			if k > 0 {
				copy(g.payoffs[i*n:(i+1)*n], outcomes[k-1].Payoffs)
			}
		}
		p.next()
	}
	if p.failed {
		return nil, nil, nil
	}
	return g, outcomes, of
}

// WriteNFG writes g in Gambit's .nfg format, version 1, with labelled
// strategies: the outcome version if g.OutcomeOf is set (the payoff table
// is then not written: the outcomes define the payoffs), and the payoff
// version otherwise. Text is quoted with \" and \\; numbers are written by
// Number.Text. ReadNFG reads the output back to the same game, provided the
// labels are non-empty and unique within their scope (ReadNFG would
// normalise them otherwise).
func WriteNFG(w io.Writer, g *NormalForm) error {
	if err := nfgCheckWritable(g); err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	b.WriteString("NFG 1 R ")
	writeQuoted(b, g.Title)
	b.WriteString(" {")
	for _, s := range g.Players {
		b.WriteString(" ")
		writeQuoted(b, s)
	}
	b.WriteString(" } {")
	for _, ss := range g.Strategies {
		b.WriteString(" {")
		for _, s := range ss {
			b.WriteString(" ")
			writeQuoted(b, s)
		}
		b.WriteString(" }")
	}
	b.WriteString(" }\n")
	writeQuoted(b, g.Comment)
	b.WriteString("\n\n")
	n := len(g.Players)
	if g.OutcomeOf != nil {
		b.WriteString("{\n")
		for _, o := range g.Outcomes {
			b.WriteString("{ ")
			writeQuoted(b, o.Label)
			for i, v := range o.Payoffs {
				b.WriteString(" ")
				b.WriteString(v.Text())
				if i < len(o.Payoffs)-1 {
					b.WriteString(",")
				}
			}
			b.WriteString(" }\n")
		}
		b.WriteString("}\n")
		row := len(g.Strategies[0])
		for i, k := range g.OutcomeOf {
			b.WriteString(strconv.Itoa(k))
			if (i+1)%row == 0 || i == len(g.OutcomeOf)-1 {
				b.WriteString("\n")
			} else {
				b.WriteString(" ")
			}
		}
	} else {
		for i, v := range g.payoffs {
			b.WriteString(v.Text())
			if (i+1)%n == 0 {
				b.WriteString("\n")
			} else {
				b.WriteString(" ")
			}
		}
	}
	return b.Flush()
}

// nfgCheckWritable checks that g is consistent enough to be written.
func nfgCheckWritable(g *NormalForm) error {
	if g == nil {
		return fmt.Errorf("nfg: nil game")
	}
	n := len(g.Players)
	if n == 0 {
		return fmt.Errorf("nfg: the game has no players")
	}
	if len(g.Strategies) != n {
		return fmt.Errorf("nfg: %d players but %d strategy lists", n, len(g.Strategies))
	}
	texts := []string{g.Title, g.Comment}
	texts = append(texts, g.Players...)
	profiles := 1
	for i, s := range g.Strategies {
		if len(s) == 0 {
			return fmt.Errorf("nfg: player %d has no strategies", i+1)
		}
		if profiles > MaxProfiles/len(s) {
			return fmt.Errorf("nfg: the game has more than %d strategy profiles", MaxProfiles)
		}
		profiles *= len(s)
		texts = append(texts, s...)
	}
	if g.OutcomeOf != nil {
		if len(g.OutcomeOf) != profiles {
			return fmt.Errorf("nfg: %d outcome numbers for %d profiles", len(g.OutcomeOf), profiles)
		}
		for i, o := range g.Outcomes {
			if len(o.Payoffs) != n {
				return fmt.Errorf("nfg: outcome %d has %d payoffs for %d players", i+1, len(o.Payoffs), n)
			}
			texts = append(texts, o.Label)
		}
		for i, k := range g.OutcomeOf {
			if k < 0 || k > len(g.Outcomes) {
				return fmt.Errorf("nfg: profile %d has outcome %d, out of range 0..%d", i, k, len(g.Outcomes))
			}
		}
	} else if len(g.payoffs) != profiles*n {
		return fmt.Errorf("nfg: the payoff table has %d numbers, want %d", len(g.payoffs), profiles*n)
	}
	for _, s := range texts {
		if !utf8.ValidString(s) {
			return fmt.Errorf("nfg: text %q is not valid UTF-8", s)
		}
	}
	return nil
}
