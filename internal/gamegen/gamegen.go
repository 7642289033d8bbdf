package gamegen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// DefaultSeed is the scripts' default --seed.
const DefaultSeed = 12345

// Bounds on the generators' arguments, so that a mistyped argument is
// refused instead of writing gigabytes. Each is comfortably above what the
// benchmarks use and above the 256 MiB that Bulwark's readers accept.
const (
	// MaxTreeNodes bounds the nodes of an escalation tree (about 32 bytes
	// of text each, so about 0.5 GB of output); it also bounds the depth.
	MaxTreeNodes = 1 << 24
	// MaxBimatrixCells bounds n×m of a bimatrix game (about 6 bytes of
	// text per cell with the default PayMax).
	MaxBimatrixCells = 1 << 24
	// MaxGuarantors bounds k of a guarantee game: k = 10 has about 2^20
	// terminal nodes (2^21 with Probe), about 70 MB (140 MB) of text.
	MaxGuarantors = 10
	// MaxPayMax bounds PayMax, so that every payoff is exactly
	// representable as a float64.
	MaxPayMax = 1 << 53
)

// bufSize is the size of the output buffer; lineFlush is the length at
// which a long line is passed on to it in pieces (every piece of text the
// generators append is much shorter than lineFlush, so the line buffer
// never grows past its initial 2×lineFlush).
const (
	bufSize   = 64 << 10
	lineFlush = 4 << 10
)

// TreeOptions are the options of escalation_tree.py. A zero field takes
// the script's default, so the script's --seed 0 and --paymax 0 have no
// counterpart here.
type TreeOptions struct {
	Seed    int64 // --seed; 0 means DefaultSeed
	PayMax  int   // --paymax: payoffs are uniform in [-PayMax, PayMax]; 0 means 20
	Concede bool  // --concede: level 0 ("backdown") ends the crisis at once
}

// BimatrixOptions are the options of random_bimatrix.py. A zero field takes
// the script's default, so the script's --seed 0 and --paymax 0 have no
// counterpart here.
type BimatrixOptions struct {
	Seed   int64 // --seed; 0 means DefaultSeed
	PayMax int   // --paymax: payoffs are uniform in [0, PayMax]; 0 means 99
}

// GuarantorOptions are the options of guarantor_bayes.py. A zero Seed
// takes the script's default, so the script's --seed 0 has no counterpart
// here.
type GuarantorOptions struct {
	Seed  int64 // --seed; 0 means DefaultSeed
	Probe bool  // --probe: the Attacker also has a cheap attack, Probe
}

func orDefault[T int | int64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// writer is a bufio.Writer with a reusable line buffer; it remembers the
// first write error, after which the generators stop.
type writer struct {
	bw   *bufio.Writer
	line []byte
	err  error
}

func newWriter(w io.Writer) *writer {
	return &writer{bw: bufio.NewWriterSize(w, bufSize), line: make([]byte, 0, 2*lineFlush)}
}

// flushLine writes the line buffer and empties it.
func (w *writer) flushLine() {
	if w.err == nil {
		_, w.err = w.bw.Write(w.line)
	}
	w.line = w.line[:0]
}

func (w *writer) str(s string) { w.line = append(w.line, s...) }
func (w *writer) int(v int64)  { w.line = strconv.AppendInt(w.line, v, 10) }

func (w *writer) finish() error {
	if w.err != nil {
		return w.err
	}
	return w.bw.Flush()
}

var levels = []string{"backdown", "hold", "mobilise", "blockade", "strike", "invade", "nuclear"}

// treeNodes is the number of nodes of an escalation tree, or more than
// MaxTreeNodes if it is larger. 0 ≤ depth and 1 ≤ branch ≤ MaxTreeNodes,
// so nothing overflows.
func treeNodes(depth, branch int, concede bool) int {
	n := 1 // a subtree of height 0 is one terminal
	for h := 1; h <= depth && n <= MaxTreeNodes; h++ {
		if concede {
			n = 2 + (branch-1)*n // the node, its "backdown" terminal, the other subtrees
		} else {
			n = 1 + branch*n
		}
		if concede && branch == 1 {
			break // the tree stops at the first "backdown": 2 nodes
		}
	}
	return n
}

// EscalationTree writes escalation_tree.py DEPTH BRANCH's game to w: a
// two-player perfect-information crisis-escalation tree in Gambit's .efg
// format, with branch actions at every decision node, the players
// alternating, and payoffs drawn uniformly from [-PayMax, PayMax] at the
// b^depth terminal nodes (with Concede, action 0 leads to a terminal node at
// once). The output is byte-identical to the script's for the same
// arguments.
//
// It refuses depth < 0, branch < 1, PayMax outside [0, MaxPayMax] and trees
// of more than MaxTreeNodes nodes ((b^(d+1)-1)/(b-1) without Concede),
// depth or branching. Memory is O(depth).
func EscalationTree(w io.Writer, depth, branch int, opts TreeOptions) error {
	seed := orDefault(opts.Seed, DefaultSeed)
	payMax := int64(orDefault(opts.PayMax, 20))
	switch {
	case depth < 0:
		return fmt.Errorf("escalation tree: depth %d is negative", depth)
	case branch < 1:
		return fmt.Errorf("escalation tree: branching %d is below 1", branch)
	case payMax < 0 || payMax > MaxPayMax:
		return fmt.Errorf("escalation tree: paymax %d is outside [0, %d]", payMax, int64(MaxPayMax))
	case depth > MaxTreeNodes:
		return fmt.Errorf("escalation tree: depth %d is over %d", depth, MaxTreeNodes)
	case branch > MaxTreeNodes:
		return fmt.Errorf("escalation tree: branching %d is over %d", branch, MaxTreeNodes)
	}
	nodes := treeNodes(depth, branch, opts.Concede)
	if nodes > MaxTreeNodes {
		return fmt.Errorf("escalation tree: depth %d, branching %d gives over %d nodes", depth, branch, MaxTreeNodes)
	}
	rng := newPyRandom(seed)
	out := newWriter(w)

	out.str(`EFG 2 R "Crisis escalation d=`)
	out.int(int64(depth))
	out.str(" b=")
	out.int(int64(branch))
	out.str(" seed=")
	out.int(seed)
	if opts.Concede {
		out.str(" concede")
	}
	out.str("\" { \"Challenger\" \"Defender\" }\n\"\"\n\n")
	out.flushLine()

	// The decision-node line after its infoset number: " "" { actions } 0".
	// appendActions appends it to the line buffer, writing the buffer out
	// whenever it fills, so that a wide node needs no more memory than a
	// narrow one; for up to actionsKept actions the text is kept instead.
	const actionsKept = 64
	appendActions := func() {
		out.str(` "" { `)
		for j := 0; j < branch && out.err == nil; j++ {
			if j > 0 {
				out.line = append(out.line, ' ')
			}
			out.line = append(out.line, '"')
			if branch <= len(levels) {
				out.str(levels[j])
			} else {
				out.line = append(out.line, 'L')
				out.int(int64(j))
			}
			out.line = append(out.line, '"')
			if len(out.line) >= lineFlush {
				out.flushLine()
			}
		}
		out.str(" } 0\n")
	}
	var actions []byte
	if branch <= actionsKept {
		appendActions()
		actions = append(actions, out.line...)
		out.line = out.line[:0]
	}
	var infoset [2]int64
	decision := func(d int) {
		pl := d % 2
		infoset[pl]++
		out.str(`p "" `)
		out.int(int64(pl + 1))
		out.line = append(out.line, ' ')
		out.int(infoset[pl])
		if actions != nil {
			out.line = append(out.line, actions...)
		} else {
			appendActions()
		}
		out.flushLine()
	}
	var outcome int64
	terminal := func() {
		outcome++
		u1 := rng.randint(-payMax, payMax)
		u2 := rng.randint(-payMax, payMax)
		out.str(`t "" `)
		out.int(outcome)
		out.str(` "o`)
		out.int(outcome)
		out.str(`" { `)
		out.int(u1)
		out.line = append(out.line, ' ')
		out.int(u2)
		out.str(" }\n")
		out.flushLine()
	}

	// Preorder walk: next[l] is the next child to visit of the decision
	// node at depth l on the current path.
	if depth == 0 {
		terminal()
		return out.finish()
	}
	next := make([]int32, min(depth, nodes)) // the walk goes no deeper than either
	decision(0)
	for top := 0; top >= 0 && out.err == nil; {
		j := int(next[top])
		if j == branch {
			top--
			continue
		}
		next[top]++
		if (opts.Concede && j == 0) || top+1 == depth {
			terminal()
			continue
		}
		top++
		next[top] = 0
		decision(top)
	}
	return out.finish()
}

// RandomBimatrix writes random_bimatrix.py N M's game to w: a two-player
// n×m strategic game in Gambit's .nfg payoff format, with each payoff drawn
// uniformly from [0, PayMax], the row player's strategy varying fastest. As
// in the script (m = a.m or a.n), m = 0 means m = n. The output is
// byte-identical to the script's for the same arguments.
//
// It refuses n < 1, m < 0, PayMax outside [0, MaxPayMax] and n×m over
// MaxBimatrixCells. Memory is O(1).
func RandomBimatrix(w io.Writer, n, m int, opts BimatrixOptions) error {
	seed := orDefault(opts.Seed, DefaultSeed)
	payMax := int64(orDefault(opts.PayMax, 99))
	if m == 0 {
		m = n
	}
	switch {
	case n < 1:
		return fmt.Errorf("random bimatrix: %d rows, need at least 1", n)
	case m < 1:
		return fmt.Errorf("random bimatrix: %d columns, need at least 1", m)
	case payMax < 0 || payMax > MaxPayMax:
		return fmt.Errorf("random bimatrix: paymax %d is outside [0, %d]", payMax, int64(MaxPayMax))
	case n > MaxBimatrixCells/m:
		return fmt.Errorf("random bimatrix: %d×%d is over %d cells", n, m, MaxBimatrixCells)
	}
	rng := newPyRandom(seed)
	out := newWriter(w)
	out.str(`NFG 1 R "Random bimatrix `)
	out.int(int64(n))
	out.line = append(out.line, 'x')
	out.int(int64(m))
	out.str(" seed=")
	out.int(seed)
	out.str(`" { "Row" "Column" } { `)
	out.int(int64(n))
	out.line = append(out.line, ' ')
	out.int(int64(m))
	out.str(" }\n\n")
	out.flushLine()
	for j := 0; j < m && out.err == nil; j++ {
		for i := range n {
			if i > 0 {
				out.line = append(out.line, ' ')
			}
			out.int(rng.randint(0, payMax))
			out.line = append(out.line, ' ')
			out.int(rng.randint(0, payMax))
			if len(out.line) >= lineFlush {
				out.flushLine()
			}
		}
		out.line = append(out.line, '\n')
		out.flushLine()
	}
	return out.finish()
}

// The priors guarantor_bayes.py draws from, with their complements.
var priors = [][2]string{{"1/4", "3/4"}, {"1/3", "2/3"}, {"1/2", "1/2"}, {"2/3", "1/3"}, {"3/4", "1/4"}}

// GuarantorBayes writes guarantor_bayes.py K's game to w: an Attacker
// facing k guarantors of private type (Resolute with a seeded prior from
// {1/4, 1/3, 1/2, 2/3, 3/4}), in Gambit's .efg format, with the payoffs and
// seeded noise of the script. The output is byte-identical to the script's
// for the same arguments.
//
// It refuses k < 1 and k > MaxGuarantors. Memory is O(k).
func GuarantorBayes(w io.Writer, k int, opts GuarantorOptions) error {
	seed := orDefault(opts.Seed, DefaultSeed)
	if k < 1 || k > MaxGuarantors {
		return fmt.Errorf("guarantee game: %d guarantors, need 1 to %d", k, MaxGuarantors)
	}
	g := &guarantorGen{
		k:      k,
		probe:  opts.Probe,
		rng:    newPyRandom(seed),
		out:    newWriter(w),
		types:  make([]bool, k),
		honour: make([]bool, k),
		pay:    make([]int64, k+1),
		prior:  make([]int, k),

		gDeclared: make([][2]bool, k),
	}
	for i := range g.prior {
		g.prior[i] = g.rng.choice(len(priors))
	}
	out := g.out
	out.str(`EFG 2 R "Guarantee game k=`)
	out.int(int64(k))
	out.str(" seed=")
	out.int(seed)
	if opts.Probe {
		out.str(" probe")
	}
	out.str(`" { "Attacker"`)
	for i := 1; i <= k; i++ {
		out.str(` "Guarantor`)
		out.int(int64(i))
		out.line = append(out.line, '"')
	}
	out.str(" }\n\"\"\n\n")
	out.flushLine()
	g.chance(0)
	return out.finish()
}

// guarantorGen holds the state of one guarantee game's generation: the
// recursion of guarantor_bayes.py with its counters, the current path's
// types and choices.
type guarantorGen struct {
	k             int
	probe         bool
	rng           *pyRandom
	out           *writer
	prior         []int // index into priors, per guarantor
	types         []bool
	honour        []bool
	pay           []int64
	chanceN, outN int64
	attDeclared   bool
	gDeclared     [][2]bool // per guarantor, per infoset (Resolute, Irresolute)
}

// The constants of the script's payoffs.
const (
	gainV = 4 // the Attacker's gain
	costC = 3 // the Attacker's cost per honouring guarantor
	warW  = 1 // a guarantor's cost of war
)

func (g *guarantorGen) noise() int64 { return g.rng.randint(-1, 1) }

func (g *guarantorGen) terminal() {
	out := g.out
	g.outN++
	out.str(`t "" `)
	out.int(g.outN)
	out.str(` "o`)
	out.int(g.outN)
	out.str(`" {`)
	for _, x := range g.pay {
		out.line = append(out.line, ' ')
		out.int(x)
	}
	out.str(" }\n")
	out.flushLine()
}

func (g *guarantorGen) chance(i int) {
	if g.out.err != nil {
		return
	}
	if i == g.k {
		g.attacker()
		return
	}
	g.chanceN++
	p := priors[g.prior[i]]
	out := g.out
	out.str(`c "" `)
	out.int(g.chanceN)
	out.str(` "type`)
	out.int(int64(i + 1))
	out.line = append(out.line, '.')
	out.int(g.chanceN)
	out.str(`" { "G`)
	out.int(int64(i + 1))
	out.str(`-Resolute" `)
	out.str(p[0])
	out.str(` "G`)
	out.int(int64(i + 1))
	out.str(`-Irresolute" `)
	out.str(p[1])
	out.str(" } 0\n")
	out.flushLine()
	g.types[i] = true
	g.chance(i + 1)
	g.types[i] = false
	g.chance(i + 1)
}

func (g *guarantorGen) attacker() {
	out := g.out
	if g.attDeclared {
		out.str("p \"\" 1 1 0\n")
	} else {
		g.attDeclared = true
		out.str(`p "" 1 1 "Attacker" { "Refrain" "Attack"`)
		if g.probe {
			out.str(` "Probe"`)
		}
		out.str(" } 0\n")
	}
	out.flushLine()
	// Refrain: the Attacker's noise first, then each guarantor's.
	g.pay[0] = g.noise()
	for j := 1; j <= g.k; j++ {
		g.pay[j] = 1 + g.noise()
	}
	g.terminal()
	g.guarantors(0, 2) // Attack: V*2/2 = V
	if g.probe {
		g.guarantors(0, 1) // Probe: V/2
	}
}

func (g *guarantorGen) guarantors(i int, scale int64) {
	if g.out.err != nil {
		return
	}
	k := g.k
	if i == k {
		var h int64
		for _, x := range g.honour {
			if x {
				h++
			}
		}
		att := gainV*scale/2 - costC*h
		if 2*h >= int64(k) {
			att -= 2
		}
		g.pay[0] = att + g.noise()
		for j := range k {
			res := g.types[j]
			var v int64
			switch {
			case g.honour[j] && res:
				v = 2 - warW
			case g.honour[j]:
				v = -3 - warW
			case res:
				v = -2
			}
			if h == 0 {
				v -= 2
			}
			g.pay[j+1] = v + g.noise()
		}
		g.terminal()
		return
	}
	res := g.types[i]
	iset := 2
	if res {
		iset = 1
	}
	out := g.out
	out.str(`p "" `)
	out.int(int64(i + 2))
	out.line = append(out.line, ' ')
	out.int(int64(iset))
	if g.gDeclared[i][iset-1] {
		out.str(" 0\n")
	} else {
		g.gDeclared[i][iset-1] = true
		out.str(` "G`)
		out.int(int64(i + 1))
		if res {
			out.str(`-Resolute" { "Honour" "Abandon" } 0` + "\n")
		} else {
			out.str(`-Irresolute" { "Honour" "Abandon" } 0` + "\n")
		}
	}
	out.flushLine()
	g.honour[i] = true
	g.guarantors(i+1, scale)
	g.honour[i] = false
	g.guarantors(i+1, scale)
}
