package scenario

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/yamltree"
)

// nodeDecoder is implemented by types that decode themselves from a node.
type nodeDecoder interface {
	decodeNode(d *decoder, n *yamltree.Node, path string)
}

// decoder fills Go values from a node tree, using the json tags of struct
// fields as keys and their jsonschema tags for required fields and enums. It
// records the position of every value it decodes by path
// ("treaties[0].clauses[1].type"), and collects every problem rather than
// stopping at the first.
type decoder struct {
	pos   map[string]diag.Pos
	diags diag.List
}

func (d *decoder) record(path string, p diag.Pos) {
	if _, ok := d.pos[path]; !ok {
		d.pos[path] = p
	}
}

func indexPath(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func fieldPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (d *decoder) typeError(n *yamltree.Node, want string) {
	hint := ""
	if n.Kind.IsScalar() && strings.Contains(want, "list") {
		hint = "write a list, e.g. [A, B] or one \"- item\" per line"
	}
	if _, err := strconv.ParseFloat(n.Text, 64); err == nil && n.Kind == yamltree.String && (strings.Contains(want, "number") || strings.Contains(want, "integer")) {
		hint = "remove the quotes around the number"
	}
	d.diags.Add(n.Pos, fmt.Sprintf("expected %s, got %s", want, n.Describe()), hint)
}

// fieldInfo describes one struct field as the scenario language sees it.
type fieldInfo struct {
	name      string
	index     int
	required  bool
	enum      []string
	pattern   *regexp.Regexp
	minItems  int
	maxItems  int
	minLength int
}

func fieldsOf(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fi := fieldInfo{name: name, index: i}
		for _, part := range strings.Split(f.Tag.Get("jsonschema"), ",") {
			switch {
			case part == "required":
				fi.required = true
			case strings.HasPrefix(part, "enum="):
				fi.enum = append(fi.enum, strings.TrimPrefix(part, "enum="))
			case strings.HasPrefix(part, "pattern="):
				fi.pattern = regexp.MustCompile(strings.TrimPrefix(part, "pattern="))
			case strings.HasPrefix(part, "minItems="):
				fi.minItems, _ = strconv.Atoi(strings.TrimPrefix(part, "minItems="))
			case strings.HasPrefix(part, "maxItems="):
				fi.maxItems, _ = strconv.Atoi(strings.TrimPrefix(part, "maxItems="))
			case strings.HasPrefix(part, "minLength="):
				fi.minLength, _ = strconv.Atoi(strings.TrimPrefix(part, "minLength="))
			}
		}
		out = append(out, fi)
	}
	return out
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for _, f := range fieldsOf(t) {
		names = append(names, f.name)
	}
	return names
}

// noun names a struct type for messages: "treaty", "carve-out".
func noun(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[Document]():
		return "scenario"
	case reflect.TypeFor[CarveOut]():
		return "carve-out"
	case reflect.TypeFor[NamedEvent]():
		return "event"
	case reflect.TypeFor[AidFlow]():
		return "aid flow"
	}
	return strings.ToLower(t.Name())
}

func (d *decoder) decode(n *yamltree.Node, v reflect.Value, path string) {
	d.record(path, n.Pos)
	if v.CanAddr() {
		if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
			nd.decodeNode(d, n, path)
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Kind == yamltree.Null {
			v.SetZero()
			return
		}
		nv := reflect.New(v.Type().Elem())
		before := len(d.diags)
		d.decode(n, nv.Elem(), path)
		if len(d.diags) > before && nv.Elem().Kind() != reflect.Struct {
			// Leave a value that failed to decode unset, so that the
			// checks do not report its zero value as well.
			return
		}
		v.Set(nv)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind == yamltree.Null {
			v.SetZero()
			return
		}
		if n.Kind != yamltree.Seq {
			d.typeError(n, "a list")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Items), len(n.Items))
		before := len(d.diags)
		for i, it := range n.Items {
			d.decode(it, s.Index(i), indexPath(path, i))
		}
		if len(d.diags) > before && v.Type().Elem().Kind() != reflect.Struct {
			// As for pointers: a list of values with a bad item is left
			// unset rather than checked with a zero in its place.
			return
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind == yamltree.Null {
			v.SetZero()
			return
		}
		if n.Kind != yamltree.Map {
			d.typeError(n, "a mapping")
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Entries))
		for _, e := range n.Entries {
			ev := reflect.New(v.Type().Elem()).Elem()
			p := fieldPath(path, e.Key)
			d.record(p+"#key", e.KeyPos)
			d.decode(e.Value, ev, p)
			m.SetMapIndex(reflect.ValueOf(e.Key), ev)
		}
		v.Set(m)
	case reflect.String:
		if !n.Kind.IsScalar() || n.Kind == yamltree.Null {
			d.typeError(n, "a string")
			return
		}
		v.SetString(n.Text)
	case reflect.Bool:
		if n.Kind != yamltree.Bool {
			d.typeError(n, "true or false")
			return
		}
		v.SetBool(n.Text == "true")
	case reflect.Int:
		if n.Kind != yamltree.Int {
			d.typeError(n, "an integer")
			return
		}
		i, err := strconv.ParseInt(n.Text, 0, 64)
		if err != nil {
			d.diags.Add(n.Pos, fmt.Sprintf("integer %s is out of range", n.Text), "")
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		if n.Kind != yamltree.Int && n.Kind != yamltree.Float {
			d.typeError(n, "a number")
			return
		}
		f, err := parseFloat(n.Text)
		if err != nil {
			d.diags.Add(n.Pos, fmt.Sprintf("%s is not a finite number", n.Text), "write a plain decimal number such as 0.25")
			return
		}
		v.SetFloat(f)
	default:
		panic("scenario: no decoder for " + v.Type().String())
	}
}

func parseFloat(text string) (float64, error) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(text, "_", ""), 64)
	if err != nil {
		i, ierr := strconv.ParseInt(text, 0, 64)
		if ierr != nil {
			return 0, err
		}
		f = float64(i)
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("not finite")
	}
	return f, nil
}

func (d *decoder) decodeStruct(n *yamltree.Node, v reflect.Value, path string) {
	t := v.Type()
	if n.Kind != yamltree.Map {
		d.typeError(n, "a mapping (a "+noun(t)+")")
		return
	}
	fields := fieldsOf(t)
	for _, e := range n.Entries {
		i := slices.IndexFunc(fields, func(f fieldInfo) bool { return f.name == e.Key })
		if i < 0 {
			hint := diag.DidYouMean(e.Key, fieldNames(t))
			if hint == "" {
				hint = "valid fields: " + strings.Join(fieldNames(t), ", ")
			}
			d.diags.Add(e.KeyPos, fmt.Sprintf("unknown field %q in %s", e.Key, noun(t)), hint)
			continue
		}
		f := fields[i]
		p := fieldPath(path, f.name)
		d.record(p+"#key", e.KeyPos)
		fv := v.Field(f.index)
		if len(f.enum) > 0 && fv.Kind() == reflect.String && e.Value.Kind.IsScalar() && e.Value.Kind != yamltree.Null {
			if !slices.Contains(f.enum, e.Value.Text) {
				hint := diag.DidYouMean(e.Value.Text, f.enum)
				if hint == "" {
					hint = "use one of: " + strings.Join(f.enum, ", ")
				}
				d.record(p, e.Value.Pos)
				d.diags.Add(e.Value.Pos, fmt.Sprintf("%s %q is not one of %s", f.name, e.Value.Text, strings.Join(f.enum, ", ")), hint)
				continue
			}
		}
		if len(f.enum) > 0 && fv.Kind() == reflect.Int && e.Value.Kind == yamltree.Int && !slices.Contains(f.enum, e.Value.Text) {
			d.record(p, e.Value.Pos)
			d.diags.Add(e.Value.Pos, fmt.Sprintf("%s %s is not supported (this version reads %s)", f.name, e.Value.Text, strings.Join(f.enum, ", ")),
				"set "+f.name+": "+f.enum[0])
			continue
		}
		if f.required && e.Value.Kind == yamltree.Null {
			continue // reported below as missing
		}
		d.decode(e.Value, fv, p)
		d.constrain(f, fv, e.Value)
	}
	for _, f := range fields {
		if !f.required {
			continue
		}
		if e := n.Get(f.name); e == nil || e.Value.Kind == yamltree.Null {
			at := n.Pos
			if e != nil {
				at = e.KeyPos
			}
			d.diags.Add(at, fmt.Sprintf("%s is missing required field %q", noun(t), f.name), "")
		}
	}
}

// constrain checks the pattern, length and item-count constraints of a
// field's jsonschema tag, the same ones the published schema states.
func (d *decoder) constrain(f fieldInfo, v reflect.Value, n *yamltree.Node) {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if f.pattern != nil && s != "" && !f.pattern.MatchString(s) {
			if alts := alternatives(f.pattern.String()); alts != nil {
				d.diags.Add(n.Pos, fmt.Sprintf("%s %q is not one of %s, or a $parameter", f.name, s, strings.Join(alts, ", ")),
					hintOr(diag.DidYouMean(s, alts), "use one of: "+strings.Join(alts, ", ")))
				return
			}
			d.diags.Add(n.Pos, fmt.Sprintf("%s %q is not valid: it must match %s", f.name, s, f.pattern), patternHint(f.pattern.String()))
		}
		if f.minLength > 0 && n.Kind != yamltree.Null && len(strings.TrimSpace(s)) < f.minLength {
			d.diags.Add(n.Pos, fmt.Sprintf("%s must not be empty", f.name), "")
		}
	case reflect.Slice:
		if n.Kind != yamltree.Seq {
			return
		}
		// Count the items written: a list with a bad item is left unset.
		if k := len(n.Items); f.minItems > 0 && k < f.minItems {
			d.diags.Add(n.Pos, fmt.Sprintf("%s needs at least %d item(s), got %d", f.name, f.minItems, k), "")
		}
		if k := len(n.Items); f.maxItems > 0 && k > f.maxItems {
			d.diags.Add(n.Pos, fmt.Sprintf("%s takes at most %d items, got %d", f.name, f.maxItems, k), "")
		}
	}
}

func patternHint(p string) string {
	switch p {
	case "^[a-z][a-z0-9_-]*$":
		return "use lower-case letters, digits, - and _, starting with a letter, e.g. coalition-pact"
	case "^[a-z0-9][a-z0-9_-]*$":
		return "use lower-case letters, digits, - and _, e.g. art5"
	case "^[a-z][a-z0-9_]*$":
		return "use lower-case letters, digits and _, starting with a letter, e.g. honour_rate"
	case "^[A-Za-z][A-Za-z0-9_-]*$":
		return "use letters, digits, - and _, starting with a letter"
	}
	return ""
}

// alternatives returns the literal words of a pattern of the form
// ^(a|b|c|[$]…)$, or nil.
func alternatives(p string) []string {
	if !strings.HasPrefix(p, "^(") || !strings.HasSuffix(p, ")$") {
		return nil
	}
	var out []string
	for _, a := range strings.Split(p[2:len(p)-2], "|") {
		if regexp.QuoteMeta(a) == a {
			out = append(out, a)
		}
	}
	return out
}
