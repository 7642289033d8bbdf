package scenario

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/yamltree"
)

// MaxSetLen is the longest --set argument accepted, in bytes.
const MaxSetLen = 64 << 10

var (
	actorSetType = reflect.TypeFor[ActorSet]()
	paramType    = reflect.TypeFor[Param]()
)

// applySet applies one KEY=VALUE override to the node tree. KEY is a dotted
// path: struct fields by their YAML key, map entries by key, list items by
// their id or by index. VALUE is a YAML scalar or flow list, or, where the
// language expects a list, a comma-separated list; where it expects text,
// VALUE is the text as written unless it starts with a quote. The path is
// checked against the language's types, so unknown keys are reported with
// the closest valid ones; the value is then checked like the file.
func applySet(root *yamltree.Node, arg string) diag.List {
	var diags diag.List
	key, value, ok := strings.Cut(arg, "=")
	key = strings.TrimSpace(key)
	file := "--set " + key
	at := func(col int) diag.Pos { return diag.Pos{File: file, Line: 1, Col: col} }
	if len(arg) > MaxSetLen {
		diags.Add(diag.Pos{File: "--set"}, fmt.Sprintf("--set argument is longer than %d bytes", MaxSetLen), "")
		return diags
	}
	if !ok || key == "" {
		diags.Add(diag.Pos{File: "--set " + arg}, "--set takes KEY=VALUE", "e.g. --set arrangements.coalition.guarantors=POL,EST,FIN")
		return diags
	}
	segs := strings.Split(key, ".")
	node := root
	t := reflect.TypeFor[Document]()
	var parentItem **yamltree.Node
	walked := ""
	for i, seg := range segs {
		last := i == len(segs)-1
		if seg == "" {
			diags.Add(diag.Pos{File: file}, fmt.Sprintf("empty segment in key %q", key), "separate keys with single dots")
			return diags
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		var next reflect.Type
		var child *yamltree.Node
		var entry *yamltree.Entry
		switch {
		case t.Kind() == reflect.Struct && t != actorSetType && t != paramType:
			names := fieldNames(t)
			fi := slices.Index(names, seg)
			if fi < 0 {
				hint := diag.DidYouMean(seg, names)
				if hint == "" {
					hint = "valid keys here: " + strings.Join(names, ", ")
				}
				diags.Add(diag.Pos{File: file}, fmt.Sprintf("unknown key %q in %s", joinKey(walked, seg), noun(t)), hint)
				return diags
			}
			next = t.Field(fieldsOf(t)[fi].index).Type
			entry = ensureEntry(node, seg, at(1))
			child = entry.Value
		case t.Kind() == reflect.Map:
			next = t.Elem()
			entry = ensureEntry(node, seg, at(1))
			child = entry.Value
		case t.Kind() == reflect.Slice && t != actorSetType && t.Elem().Kind() != reflect.String:
			next = t.Elem()
			if node.Kind != yamltree.Seq {
				diags.Add(diag.Pos{File: file}, fmt.Sprintf("%s is not a list in the scenario", walked), "")
				return diags
			}
			idx := -1
			var ids []string
			for j, it := range node.Items {
				if e := it.Get("id"); e != nil && e.Value.Kind.IsScalar() {
					ids = append(ids, e.Value.Text)
					if e.Value.Text == seg {
						idx = j
					}
				}
			}
			if idx < 0 {
				if n, err := strconv.Atoi(seg); err == nil && n >= 0 && n < len(node.Items) {
					idx = n
				}
			}
			if idx < 0 {
				hint := diag.DidYouMean(seg, ids)
				if hint == "" && len(ids) > 0 {
					hint = "items here: " + strings.Join(ids, ", ")
				}
				diags.Add(diag.Pos{File: file}, fmt.Sprintf("no item %q in %s", seg, walked), hint)
				return diags
			}
			child = node.Items[idx]
			parentItem = &node.Items[idx]
		default:
			diags.Add(diag.Pos{File: file}, fmt.Sprintf("%s is a value; key %q goes no deeper", walked, seg), "drop the part after "+walked)
			return diags
		}
		walked = joinKey(walked, seg)
		if last {
			nv, d := parseSetValue(file, value, next)
			diags.Append(d)
			if nv == nil {
				return diags
			}
			if entry != nil {
				entry.Value = nv
			} else if parentItem != nil {
				*parentItem = nv
			}
			return diags
		}
		node = child
		t = next
	}
	return diags
}

func joinKey(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// isList reports whether values of type t are written as lists.
func isList(t reflect.Type) bool {
	return t == actorSetType || t == paramType || t.Kind() == reflect.Slice
}

// parseSetValue parses VALUE for a field of type t.
func parseSetValue(file, value string, t reflect.Type) (*yamltree.Node, diag.List) {
	pos := diag.Pos{File: file, Line: 1, Col: 1}
	var d diag.List
	trimmed := strings.TrimSpace(value)
	lead := utf8.RuneCountInString(value) - utf8.RuneCountInString(strings.TrimLeft(value, " \t"))
	if trimmed == "" {
		d.Add(pos, "--set value is empty", "give a value after =, or [] for an empty list")
		return nil, d
	}
	if strings.ContainsAny(value, "\n\r") {
		d.Add(pos, "--set value spans lines", "give a single-line YAML scalar or flow list")
		return nil, d
	}
	if !utf8.ValidString(value) {
		d.Add(pos, "--set value is not valid UTF-8", "")
		return nil, d
	}
	if t.Kind() == reflect.String && !strings.HasPrefix(trimmed, `"`) && !strings.HasPrefix(trimmed, "'") {
		// Text is taken as written: --set title=Plan B: a coalition.
		return &yamltree.Node{Kind: yamltree.String, Text: trimmed, Pos: diag.Pos{File: file, Line: 1, Col: 1 + lead}}, nil
	}
	if isList(t) && !strings.HasPrefix(trimmed, "[") && strings.Contains(trimmed, ",") {
		n := &yamltree.Node{Kind: yamltree.Seq, Pos: pos}
		col := 1
		for _, part := range strings.Split(value, ",") {
			lead := utf8.RuneCountInString(part) - utf8.RuneCountInString(strings.TrimLeft(part, " \t"))
			at := col + lead
			col += utf8.RuneCountInString(part) + 1
			if strings.TrimSpace(part) == "" {
				d.Add(diag.Pos{File: file, Line: 1, Col: at}, "empty item in the --set list", "separate items with single commas")
				continue
			}
			it, pd := parseSetScalar(file, at, strings.TrimSpace(part))
			d.Append(pd)
			if it != nil {
				n.Items = append(n.Items, it)
			}
		}
		if d.HasErrors() {
			return nil, d
		}
		return n, d
	}
	n, pd := parseSetScalar(file, 1+lead, trimmed)
	if n == nil {
		return nil, pd
	}
	if isList(t) && t != paramType && t != actorSetType && n.Kind.IsScalar() && n.Kind != yamltree.Null {
		n = &yamltree.Node{Kind: yamltree.Seq, Pos: n.Pos, Items: []*yamltree.Node{n}}
	}
	return n, pd
}

// parseSetScalar parses one YAML value of a --set argument that starts at
// column col, rewording what the YAML parser says about whole files.
func parseSetScalar(file string, col int, text string) (*yamltree.Node, diag.List) {
	n, d := yamltree.ParseValue(file, col, text)
	for _, x := range d {
		if rest, ok := strings.CutPrefix(x.Summary, "file "); ok {
			x.Summary, x.Hint = "--set value "+rest, ""
			if n == nil && strings.Contains(rest, "no YAML value") {
				x.Summary, x.Hint = "--set value is empty", "give a value after =, or quote text that starts with #"
			}
		}
	}
	if n == nil && !d.HasErrors() {
		d.Add(diag.Pos{File: file, Line: 1, Col: col}, "--set value is empty", "")
	}
	return n, d
}

// ensureEntry returns the entry key of node, making node a mapping and
// adding a null entry at pos if needed.
func ensureEntry(node *yamltree.Node, key string, pos diag.Pos) *yamltree.Entry {
	if node.Kind != yamltree.Map {
		node.Kind, node.Items, node.Text = yamltree.Map, nil, ""
	}
	if e := node.Get(key); e != nil {
		return e
	}
	e := &yamltree.Entry{Key: key, KeyPos: pos, Value: &yamltree.Node{Kind: yamltree.Null, Pos: pos}}
	node.Entries = append(node.Entries, e)
	return e
}
