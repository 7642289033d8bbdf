package yamltree

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Limits on input, documented in docs/scenario.md ("Limits").
const (
	// MaxBytes is the largest input accepted: 10 MiB.
	MaxBytes = 10 << 20
	// MaxDepth is the deepest nesting of mappings and sequences accepted.
	MaxDepth = 64
	// MaxAliasNodes is the most nodes that alias expansion may add to a
	// document in total.
	MaxAliasNodes = 100_000
	// MaxNodes is the most values (scalars, list items, mappings and
	// lists, estimated before parsing) a document may hold. The parser
	// spends a few microseconds on each, so this bounds the time a
	// 10 MiB file can take; text is cheap and not limited.
	MaxNodes = 250_000
	// MaxMapEntries is the most entries one block mapping may hold: the
	// parser's time grows quadratically with it.
	MaxMapEntries = 2_000
)

// Kind is the kind of a node.
type Kind uint8

// Node kinds. Scalars keep their source text; Kind records how YAML typed
// them.
const (
	Null Kind = iota
	Bool
	Int
	Float
	String
	Map
	Seq
)

var kindNames = [...]string{"null", "boolean", "integer", "number", "string", "mapping", "list"}

// String names the kind as users know it ("mapping", "list", "string"…).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// IsScalar reports whether k is a scalar kind.
func (k Kind) IsScalar() bool { return k < Map }

// A Node is one YAML value with its position.
type Node struct {
	Kind Kind
	// Pos is where the value starts: for a quoted scalar, its first
	// character after the opening quote, so that columns within a
	// one-line Text map onto the source.
	Pos     diag.Pos
	Text    string   // scalars: the value's text (unquoted)
	Entries []*Entry // Map: entries in source order, keys unique
	Items   []*Node  // Seq
}

// An Entry is one key and its value in a mapping.
type Entry struct {
	Key    string
	KeyPos diag.Pos
	Value  *Node
}

// Get returns the entry with the given key, or nil.
func (n *Node) Get(key string) *Entry {
	if n == nil || n.Kind != Map {
		return nil
	}
	for _, e := range n.Entries {
		if e.Key == key {
			return e
		}
	}
	return nil
}

// Describe names the node's kind and, for scalars, its text, for messages:
// `string "abc"`, `number 1.5`, `list`.
func (n *Node) Describe() string {
	switch n.Kind {
	case Map, Seq, Null:
		return n.Kind.String()
	case String:
		t := n.Text
		if utf8.RuneCountInString(t) > 40 {
			t = string([]rune(t)[:40]) + "…"
		}
		return fmt.Sprintf("string %q", t)
	default:
		return n.Kind.String() + " " + n.Text
	}
}

// Clone returns a deep copy of n.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Entries = make([]*Entry, len(n.Entries))
	for i, e := range n.Entries {
		ce := *e
		ce.Value = e.Value.Clone()
		c.Entries[i] = &ce
	}
	c.Items = make([]*Node, len(n.Items))
	for i, it := range n.Items {
		c.Items[i] = it.Clone()
	}
	return &c
}

// Parse parses src, named file in positions, into a node tree. It returns
// the tree (nil if the document could not be parsed at all) and every
// problem found, sorted by position.
func Parse(file string, src []byte) (root *Node, diags diag.List) {
	defer func() { diags.Sort() }()
	at := func(line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
	if len(src) > MaxBytes {
		diags.Add(diag.Pos{File: file}, fmt.Sprintf("file is %d bytes, over the %d-byte (10 MiB) limit", len(src), MaxBytes),
			"split the scenario or remove unused parts")
		return nil, diags
	}
	if strings.TrimSpace(string(src)) == "" {
		diags.Add(at(1, 1), "file is empty", "a scenario starts with \"bulwark: 1\"; see docs/scenario.md")
		return nil, diags
	}
	if line, col, ok := invalidUTF8(src); ok {
		diags.Add(at(line, col), "file is not valid UTF-8", "save the file as UTF-8")
		return nil, diags
	}
	scan := scanSource(src)
	if scan.msg != "" {
		diags.Add(at(scan.line, scan.col), scan.msg, scan.hint)
		return nil, diags
	}
	if scan.cut >= 0 {
		// Parse the first document only; the parser's time grows
		// quadratically with the number of documents.
		if scan.second {
			diags.Add(at(scan.cutLine, 1), "file holds more than one YAML document", "keep one document per file; remove the \"---\" separator")
		}
		src = src[:scan.cut]
	}
	f, err := parseSafely(src)
	if err != nil {
		var pe interface {
			GetToken() *token.Token
			GetMessage() string
		}
		if errors.As(err, &pe) && pe.GetToken() != nil {
			p := pe.GetToken().Position
			diags.Add(at(p.Line, p.Column), "YAML syntax: "+pe.GetMessage(), syntaxHint(pe.GetMessage()))
		} else {
			diags.Add(at(1, 1), "YAML syntax: "+err.Error(), "")
		}
		return nil, diags
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		if _, directive := d.Body.(*ast.DirectiveNode); !directive {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		diags.Add(at(1, 1), "file holds no YAML value", "a scenario starts with \"bulwark: 1\"")
		return nil, diags
	}
	if len(docs) > 1 {
		// scanSource finds second documents; this is a fallback.
		tk := docs[1].Start
		if tk == nil {
			tk = docs[1].Body.GetToken()
		}
		p := tk.Position
		diags.Add(at(p.Line, p.Column), "file holds more than one YAML document", "keep one document per file; remove the \"---\" separator")
	}
	c := &converter{file: file, anchors: map[string]ast.Node{}, sizes: map[ast.Node]int{}}
	if a := c.budget(docs[0].Body); a != nil {
		// Refuse the document before expanding anything.
		diags.Add(c.pos(a.GetToken()), fmt.Sprintf("aliases expand to more than %d nodes", MaxAliasNodes), "use fewer or smaller aliases")
		diags.Sort()
		return nil, diags
	}
	c.anchors, c.expanded = map[string]ast.Node{}, 0
	root = c.node(docs[0].Body, 0)
	diags.Append(c.diags)
	diags.Sort()
	return root, diags
}

// syntaxHint suggests a fix for some of the parser's messages.
func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "'\t'") || strings.Contains(msg, "tab character"):
		return "indent with spaces: YAML does not allow tabs"
	case strings.Contains(msg, "mapping value is not allowed"):
		return `put quotes around a value that contains ": ", e.g. title: "Plan B: guarantees"`
	case strings.Contains(msg, "could not find end character"):
		return "close the quoted text"
	case strings.Contains(msg, "']' not found"):
		return "close the list with ]"
	case strings.Contains(msg, "'}' not found"):
		return "close the mapping with }"
	}
	return ""
}

// ParseValue parses a single YAML value given on a command line (a --set
// value, say). Positions are reported in file at line 1, shifted right by
// col-1 characters.
func ParseValue(file string, col int, src string) (*Node, diag.List) {
	n, d := Parse(file, []byte(src))
	shift := func(p *diag.Pos) {
		if p.Line == 1 {
			p.Col += col - 1
		}
	}
	for _, x := range d {
		shift(&x.Pos)
	}
	walk(n, func(m *Node) {
		shift(&m.Pos)
		for _, e := range m.Entries {
			shift(&e.KeyPos)
		}
	})
	return n, d
}

func walk(n *Node, f func(*Node)) {
	if n == nil {
		return
	}
	f(n)
	for _, e := range n.Entries {
		walk(e.Value, f)
	}
	for _, it := range n.Items {
		walk(it, f)
	}
}

func parseSafely(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			// The parser should never panic; if it does, the input is
			// rejected rather than crashing the program.
			f, err = nil, fmt.Errorf("parser failed on this input (%v)", r)
		}
	}()
	return parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
}

// invalidUTF8 finds the first invalid byte and returns its line and column.
func invalidUTF8(src []byte) (line, col int, bad bool) {
	if utf8.Valid(src) {
		return 0, 0, false
	}
	line, col = 1, 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size == 1 {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		src = src[size:]
	}
	return line, col, true
}

// A prescan is what one linear pass over the source learns before the
// parser sees it. goccy/go-yaml's parser needs time that grows
// quadratically with nesting depth, with the number of entries of one block
// mapping (each entry is parsed by a recursive call that copies the rest)
// and with the number of documents, and it spends microseconds on every
// token; the pass estimates each of these so that Parse can refuse a
// hostile document before parsing it.
//
// The estimates err on the high side for the shapes that cost time: flow
// brackets and quotes are recognised only where a value can start, block
// scalars' text and quoted text are skipped, and indentation, chained "- "
// and "? " entries, anchors and tags before them are all counted.
type prescan struct {
	// line and col locate the first limit exceeded, if any, and msg and
	// hint describe it.
	line, col int
	msg, hint string
	// cut is the byte offset where a second document starts, or -1;
	// cutLine is its line, and second says whether it has content.
	cut, cutLine int
	second       bool
}

type level struct {
	ind  int // indentation in characters
	keys int // lines at this indentation that hold a mapping key
}

func scanSource(src []byte) prescan {
	r := prescan{cut: -1}
	var (
		indents     []level
		flow        int
		quote       rune // open quoted scalar, carried across lines
		nodes       int
		inBlock     bool // inside a block scalar's text
		blockParent int  // the indentation its text must exceed
		content     bool // the document has content
		docEnded    bool // a "..." line ended the document
	)
	fail := func(line, col int, msg, hint string) prescan {
		r.line, r.col, r.msg, r.hint = line, col, msg, hint
		return r
	}
	tooDeep := func(line, col int) prescan {
		return fail(line, col, fmt.Sprintf("nesting is deeper than %d levels", MaxDepth), "flatten the document")
	}
	s := string(src)
	off := 0
	for line := 1; off < len(s); line++ {
		lineStart := off
		ln := s[off:]
		if i := strings.IndexByte(ln, '\n'); i >= 0 {
			ln, off = ln[:i], off+i+1
		} else {
			off = len(s)
		}
		ln = strings.TrimSuffix(ln, "\r")
		body := strings.TrimLeft(ln, " \t")
		ind := utf8.RuneCountInString(ln[:len(ln)-len(body)])
		blank := body == "" || body[0] == '#'
		// A directive starts a document only outside one; inside, the
		// parser reports it.
		directive := !blank && body[0] == '%' && (!content || docEnded)
		if quote == 0 && flow == 0 && ind == 0 && !blank && (isMarker(ln, "---") || isMarker(ln, "...") || directive || docEnded) {
			// Document boundaries.
			inBlock = false
			switch {
			case isMarker(ln, "..."):
				docEnded = docEnded || content
				continue
			case content:
				// A second document: the parser is never shown it.
				r.cut, r.cutLine, r.second = lineStart, line, hasContent(s[lineStart:])
				return r
			case directive:
				continue
			}
			// The "---" that starts the first document; what follows it
			// on the line is the document's root.
			body = strings.TrimLeft(body[3:], " \t")
			if body == "" || body[0] == '#' {
				continue
			}
			ind = -1
		}
		if quote == 0 && flow == 0 {
			if inBlock {
				if blank || ind > blockParent {
					continue
				}
				inBlock = false
			}
			if blank {
				continue
			}
			content = true
			for len(indents) > 0 && indents[len(indents)-1].ind > ind {
				indents = indents[:len(indents)-1]
			}
			if len(indents) == 0 || indents[len(indents)-1].ind < ind {
				indents = append(indents, level{ind: ind})
				if len(indents) > MaxDepth {
					return tooDeep(line, ind+1)
				}
			}
		} else if !blank {
			content = true
		}
		// Scan the characters of the line.
		col := utf8.RuneCountInString(ln[:len(ln)-len(body)]) // characters before body
		if flow > 0 && quote == 0 {
			col, body = 0, ln
		}
		valueStart := quote == 0 && flow == 0 // a value may start here
		chained := 0                          // "- " and "? " entries on this line
		parent := ind                         // indentation of the node a block scalar would belong to
		key := false                          // the line holds a block mapping key
		scalarCol := 0                        // where the last scalar started
		prev := ' '
		for i := 0; i < len(body); {
			c, size := utf8.DecodeRuneInString(body[i:])
			i += size
			col++
			next := byte(' ')
			if i < len(body) {
				next = body[i]
			}
			spaceNext := next == ' ' || next == '\t'
			switch {
			case quote == '"':
				if c == '\\' && i < len(body) {
					_, n := utf8.DecodeRuneInString(body[i:])
					i += n
					col++
				} else if c == '"' {
					quote = 0
				}
			case quote == '\'':
				if c == '\'' {
					if next == '\'' && i < len(body) {
						i++
						col++
					} else {
						quote = 0
					}
				}
			case c == ' ' || c == '\t':
			case c == '#' && (prev == ' ' || prev == '\t'):
				i = len(body) // a comment
			case valueStart && (c == '"' || c == '\''):
				quote = c
				nodes++
				scalarCol = col - 1
				valueStart = false
			case valueStart && (c == '&' || c == '!'):
				// An anchor or a tag: the value follows it.
				nodes++
				for i < len(body) && body[i] != ' ' && body[i] != '\t' && (flow == 0 || strings.IndexByte(",[]{}", body[i]) < 0) {
					_, n := utf8.DecodeRuneInString(body[i:])
					i += n
					col++
				}
			case valueStart && flow == 0 && (c == '-' || c == '?') && spaceNext:
				chained++
				nodes++
				parent = col - 1
				if len(indents)+chained > MaxDepth {
					return tooDeep(line, col)
				}
			case valueStart && flow == 0 && (c == '|' || c == '>'):
				rest := strings.TrimLeft(body[i:], "0123456789+-")
				if t := strings.TrimLeft(rest, " \t"); t == "" || t[0] == '#' && len(t) < len(rest) {
					inBlock, blockParent = true, parent
					i = len(body)
				}
				nodes++
				valueStart = false
			case c == '[' || c == '{':
				if flow == 0 && !valueStart {
					break // part of a plain scalar
				}
				flow++
				nodes++
				if len(indents)+chained+flow > MaxDepth {
					return tooDeep(line, col)
				}
				valueStart = true
			case flow > 0 && (c == ']' || c == '}'):
				flow--
				valueStart = false
			case flow > 0 && c == ',':
				valueStart = true
			case c == ':' && (spaceNext || flow > 0 && (strings.IndexByte(",[]{}", next) >= 0 || prev == '"' || prev == '\'')):
				if flow == 0 {
					key = true
					parent = scalarCol
				}
				valueStart = true
			default:
				if valueStart {
					nodes++
					scalarCol = col - 1
				}
				valueStart = false
			}
			prev = c
		}
		if nodes > MaxNodes {
			return fail(line, 1, fmt.Sprintf("document holds more than %d values", MaxNodes), "split the scenario, or remove unused parts")
		}
		if key && chained == 0 && flow == 0 && len(indents) > 0 {
			top := &indents[len(indents)-1]
			top.keys++
			if top.keys > MaxMapEntries {
				return fail(line, top.ind+1, fmt.Sprintf("a mapping has more than %d entries", MaxMapEntries), "use a list, or split the mapping")
			}
		}
	}
	return r
}

// isMarker reports whether ln is the document marker m ("---" or "...")
// alone or followed by white space.
func isMarker(ln, m string) bool {
	return strings.HasPrefix(ln, m) && (len(ln) == 3 || ln[3] == ' ' || ln[3] == '\t' || ln[3] == '\r')
}

// hasContent reports whether s, which starts at a document boundary, holds
// anything but blank lines, comments, directives and markers.
func hasContent(s string) bool {
	for s != "" {
		ln := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			ln, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		ln = strings.TrimSuffix(ln, "\r")
		if isMarker(ln, "---") || isMarker(ln, "...") {
			ln = ln[3:]
		} else if strings.HasPrefix(ln, "%") {
			continue
		}
		if t := strings.TrimLeft(ln, " \t"); t != "" && t[0] != '#' {
			return true
		}
	}
	return false
}

type converter struct {
	file     string
	anchors  map[string]ast.Node
	sizes    map[ast.Node]int
	expanded int  // nodes added by aliases so far
	inAlias  int  // depth of alias expansion under way
	overrun  bool // the alias budget was exceeded and reported
	diags    diag.List
}

// budget walks n in document order, as node will, registering anchors and
// adding up the nodes each alias expands to. It returns the first alias
// that takes the total over MaxAliasNodes, or nil. It expands nothing, and
// sizes are memoised, so it takes time linear in the document.
func (c *converter) budget(n ast.Node) *ast.AliasNode {
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, mv := range v.Values {
			if a := c.budget(mv.Value); a != nil {
				return a
			}
		}
	case *ast.MappingValueNode:
		return c.budget(v.Value)
	case *ast.SequenceNode:
		for _, it := range v.Values {
			if a := c.budget(it); a != nil {
				return a
			}
		}
	case *ast.TagNode:
		return c.budget(v.Value)
	case *ast.AnchorNode:
		a := c.budget(v.Value)
		c.anchors[anchorName(v)] = v.Value
		return a
	case *ast.AliasNode:
		if target, ok := c.anchors[aliasName(v)]; ok {
			c.expanded += c.size(target)
			if c.expanded > MaxAliasNodes {
				return v
			}
		}
	}
	return nil
}

func (c *converter) pos(tk *token.Token) diag.Pos {
	if tk == nil || tk.Position == nil {
		return diag.Pos{File: c.file}
	}
	return diag.Pos{File: c.file, Line: tk.Position.Line, Col: tk.Position.Column}
}

// size counts the nodes n expands to, aliases included, memoised per node.
func (c *converter) size(n ast.Node) int {
	if n == nil {
		return 1
	}
	if s, ok := c.sizes[n]; ok {
		return s
	}
	// A node that contains an alias to its own anchor (a: &x [*x], then
	// *x) would expand for ever: while n is being sized, it counts as over
	// budget, so that the recursion ends and the document is refused.
	c.sizes[n] = MaxAliasNodes * 10
	s := 1
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, mv := range v.Values {
			s += c.size(mv.Value)
		}
	case *ast.MappingValueNode:
		s = c.size(v.Value)
	case *ast.SequenceNode:
		for _, it := range v.Values {
			s += c.size(it)
		}
	case *ast.AnchorNode:
		s = c.size(v.Value)
	case *ast.TagNode:
		s = c.size(v.Value)
	case *ast.AliasNode:
		if a, ok := c.anchors[aliasName(v)]; ok {
			s = c.size(a)
		}
	}
	if s > MaxAliasNodes*10 {
		s = MaxAliasNodes * 10 // saturate: it is over budget either way
	}
	c.sizes[n] = s
	return s
}

func anchorName(a *ast.AnchorNode) string {
	if a.Name == nil {
		return ""
	}
	return a.Name.GetToken().Value
}

func aliasName(a *ast.AliasNode) string {
	if a.Value == nil {
		return ""
	}
	return a.Value.GetToken().Value
}

func (c *converter) node(n ast.Node, depth int) *Node {
	if depth > MaxDepth {
		c.diags.Add(c.pos(n.GetToken()), fmt.Sprintf("nesting is deeper than %d levels", MaxDepth), "flatten the document")
		return &Node{Kind: Null, Pos: c.pos(n.GetToken())}
	}
	switch v := n.(type) {
	case nil:
		return &Node{Kind: Null}
	case *ast.NullNode:
		return &Node{Kind: Null, Pos: c.pos(v.GetToken())}
	case *ast.BoolNode:
		return &Node{Kind: Bool, Pos: c.pos(v.GetToken()), Text: strconv.FormatBool(v.Value)}
	case *ast.IntegerNode:
		return &Node{Kind: Int, Pos: c.pos(v.GetToken()), Text: v.GetToken().Value}
	case *ast.FloatNode:
		return &Node{Kind: Float, Pos: c.pos(v.GetToken()), Text: v.GetToken().Value}
	case *ast.InfinityNode, *ast.NanNode:
		return &Node{Kind: Float, Pos: c.pos(v.GetToken()), Text: v.GetToken().Value}
	case *ast.StringNode:
		p := c.pos(v.GetToken())
		t := v.GetToken()
		if t != nil && (t.Type == token.DoubleQuoteType || t.Type == token.SingleQuoteType) {
			if p.Line > 0 {
				p.Col++ // the text starts after the quote
			}
		} else if plainInt.MatchString(v.Value) {
			// The parser makes strings of numbers it cannot represent;
			// keep them numbers so that the message says so.
			return &Node{Kind: Int, Pos: p, Text: v.Value}
		} else if plainFloat.MatchString(v.Value) {
			return &Node{Kind: Float, Pos: p, Text: v.Value}
		}
		return &Node{Kind: String, Pos: p, Text: v.Value}
	case *ast.LiteralNode:
		text := ""
		if v.Value != nil {
			text = v.Value.Value
		}
		return &Node{Kind: String, Pos: c.pos(v.GetToken()), Text: text}
	case *ast.TagNode:
		inner := c.node(v.Value, depth)
		switch v.Start.Value {
		case "!!str":
			if inner.Kind.IsScalar() {
				inner.Kind = String
			}
		case "!!map", "!!seq", "!!int", "!!float", "!!bool", "!!null":
		default:
			c.diags.Add(c.pos(v.GetToken()), fmt.Sprintf("unsupported YAML tag %q", v.Start.Value), "remove the tag")
		}
		return inner
	case *ast.AnchorNode:
		out := c.node(v.Value, depth)
		c.anchors[anchorName(v)] = v.Value
		return out
	case *ast.AliasNode:
		name := aliasName(v)
		target, ok := c.anchors[name]
		p := c.pos(v.GetToken())
		if !ok {
			c.diags.Add(p, fmt.Sprintf("alias *%s refers to no anchor defined before it", name), "define &"+name+" earlier in the file")
			return &Node{Kind: Null, Pos: p}
		}
		if c.inAlias == 0 {
			// The target's size counts the aliases inside it.
			c.expanded += c.size(target)
		}
		if c.expanded > MaxAliasNodes {
			// budget refuses such documents; this is a backstop.
			if !c.overrun {
				c.diags.Add(p, fmt.Sprintf("aliases expand to more than %d nodes", MaxAliasNodes), "use fewer or smaller aliases")
				c.overrun = true
			}
			return &Node{Kind: Null, Pos: p}
		}
		c.inAlias++
		out := c.node(target, depth) // a fresh tree: nothing is shared
		c.inAlias--
		walk(out, func(m *Node) { m.Pos = p })
		return out
	case *ast.MappingValueNode:
		m := &ast.MappingNode{BaseNode: &ast.BaseNode{}, Values: []*ast.MappingValueNode{v}}
		return c.mapping(m, depth)
	case *ast.MappingNode:
		return c.mapping(v, depth)
	case *ast.SequenceNode:
		out := &Node{Kind: Seq, Pos: c.pos(v.GetToken())}
		for _, it := range v.Values {
			out.Items = append(out.Items, c.node(it, depth+1))
		}
		return out
	default:
		p := c.pos(n.GetToken())
		c.diags.Addf(p, "unsupported YAML construct (%s)", n.Type())
		return &Node{Kind: Null, Pos: p}
	}
}

func (c *converter) mapping(m *ast.MappingNode, depth int) *Node {
	out := &Node{Kind: Map}
	if m.IsFlowStyle && m.Start != nil {
		out.Pos = c.pos(m.Start) // the "{"
	} else if len(m.Values) > 0 && m.Values[0].Key != nil {
		out.Pos = c.pos(m.Values[0].Key.GetToken())
	} else if m.Start != nil {
		out.Pos = c.pos(m.Start)
	}
	seen := map[string]diag.Pos{}
	var merges []*Node
	for _, mv := range m.Values {
		if mv.Key == nil {
			continue
		}
		kp := c.pos(mv.Key.GetToken())
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			merges = append(merges, c.node(mv.Value, depth+1))
			continue
		}
		key, ok := scalarKey(mv.Key)
		if !ok {
			c.diags.Add(kp, "mapping keys must be plain scalars", "")
			continue
		}
		if first, dup := seen[key]; dup {
			c.diags.Add(kp, fmt.Sprintf("duplicate key %q (first defined at line %d)", key, first.Line), "remove or rename one of them")
			continue
		}
		seen[key] = kp
		out.Entries = append(out.Entries, &Entry{Key: key, KeyPos: kp, Value: c.node(mv.Value, depth+1)})
	}
	for _, mg := range merges {
		srcs := []*Node{mg}
		if mg.Kind == Seq {
			srcs = mg.Items
		}
		for _, s := range srcs {
			if s.Kind != Map {
				c.diags.Add(s.Pos, "a merge key (<<) takes a mapping or a list of mappings", "")
				continue
			}
			for _, e := range s.Entries {
				if _, ok := seen[e.Key]; !ok {
					seen[e.Key] = e.KeyPos
					out.Entries = append(out.Entries, e)
				}
			}
		}
	}
	return out
}

var (
	plainInt   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	plainFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

func scalarKey(k ast.MapKeyNode) (string, bool) {
	switch v := k.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode:
		return v.GetToken().Value, true
	case *ast.TagNode:
		if s, ok := v.Value.(ast.MapKeyNode); ok {
			return scalarKey(s)
		}
	case *ast.MappingKeyNode: // "? key"
		if s, ok := v.Value.(ast.MapKeyNode); ok {
			return scalarKey(s)
		}
	}
	return "", false
}
