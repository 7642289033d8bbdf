package yamltree

import (
	"errors"
	"fmt"
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
	Kind    Kind
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
	if line, col, ok := tooDeep(src); ok {
		diags.Add(at(line, col), fmt.Sprintf("nesting is deeper than %d levels", MaxDepth), "flatten the document")
		return nil, diags
	}
	f, err := parseSafely(src)
	if err != nil {
		var pe interface {
			GetToken() *token.Token
			GetMessage() string
		}
		if errors.As(err, &pe) && pe.GetToken() != nil {
			p := pe.GetToken().Position
			diags.Add(at(p.Line, p.Column), "YAML syntax: "+pe.GetMessage(), "")
		} else {
			diags.Add(at(1, 1), "YAML syntax: "+err.Error(), "")
		}
		return nil, diags
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		diags.Add(at(1, 1), "file holds no YAML value", "a scenario starts with \"bulwark: 1\"")
		return nil, diags
	}
	if len(docs) > 1 {
		p := docs[1].Body.GetToken().Position
		diags.Add(at(p.Line, p.Column), "file holds more than one YAML document", "keep one document per file; remove the \"---\" separator")
	}
	c := &converter{file: file, anchors: map[string]ast.Node{}, sizes: map[ast.Node]int{}}
	root = c.node(docs[0].Body, 0)
	diags.Append(c.diags)
	diags.Sort()
	return root, diags
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

// tooDeep over-estimates nesting depth in one linear pass: flow brackets
// outside quotes and comments, plus block indentation levels and chained
// "- " entries on a line. It reports the first place the estimate exceeds
// MaxDepth.
func tooDeep(src []byte) (line, col int, deep bool) {
	var indents []int // indentation stack of block levels
	flow := 0
	s := string(src)
	line = 0
	for len(s) > 0 {
		line++
		var ln string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			ln, s = s[:i], s[i+1:]
		} else {
			ln, s = s, ""
		}
		trimmed := strings.TrimLeft(ln, " ")
		if flow == 0 && trimmed != "" && trimmed[0] != '#' {
			ind := len(ln) - len(trimmed)
			for len(indents) > 0 && indents[len(indents)-1] >= ind {
				indents = indents[:len(indents)-1]
			}
			indents = append(indents, ind)
			dashes := 0
			for t := trimmed; strings.HasPrefix(t, "- ") || t == "-"; t = strings.TrimLeft(t[1:], " ") {
				dashes++
			}
			if len(indents)+dashes > MaxDepth {
				return line, ind + 1, true
			}
		}
		var quote rune
		c := 0
		prevSpace := true
		for _, r := range ln {
			c++
			switch {
			case quote != 0:
				if r == quote {
					quote = 0
				}
			case r == '#' && prevSpace:
				goto nextLine
			case r == '"' || r == '\'':
				if prevSpace || flow > 0 {
					quote = r
				}
			case r == '[' || r == '{':
				flow++
				if flow+len(indents) > MaxDepth {
					return line, c, true
				}
			case r == ']' || r == '}':
				if flow > 0 {
					flow--
				}
			}
			prevSpace = r == ' ' || r == '\t' || r == '[' || r == '{' || r == ',' || r == ':'
		}
	nextLine:
		if quote == '\'' {
			quote = 0 // single-quoted scalars may span lines; keep it simple
		}
	}
	return 0, 0, false
}

type converter struct {
	file     string
	anchors  map[string]ast.Node
	sizes    map[ast.Node]int
	expanded int
	diags    diag.List
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
		return &Node{Kind: String, Pos: c.pos(v.GetToken()), Text: v.Value}
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
		name := ""
		if v.Name != nil {
			name = v.Name.GetToken().Value
		}
		out := c.node(v.Value, depth)
		c.anchors[name] = v.Value
		return out
	case *ast.AliasNode:
		name := aliasName(v)
		target, ok := c.anchors[name]
		p := c.pos(v.GetToken())
		if !ok {
			c.diags.Add(p, fmt.Sprintf("alias *%s refers to no anchor defined before it", name), "define &"+name+" earlier in the file")
			return &Node{Kind: Null, Pos: p}
		}
		c.expanded += c.size(target)
		if c.expanded > MaxAliasNodes {
			c.diags.Add(p, fmt.Sprintf("aliases expand to more than %d nodes", MaxAliasNodes), "use fewer or smaller aliases")
			return &Node{Kind: Null, Pos: p}
		}
		out := c.node(target, depth)
		out = out.Clone()
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
	if len(m.Values) > 0 && m.Values[0].Key != nil {
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
	}
	return "", false
}
