package scenario

import (
	"fmt"
	"math"
	"reflect"
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
	if n.Kind == yamltree.String && (strings.Contains(want, "number") || strings.Contains(want, "integer")) {
		hint = "remove the quotes around the number"
	}
	d.diags.Add(n.Pos, fmt.Sprintf("expected %s, got %s", want, n.Describe()), hint)
}

// fieldInfo describes one struct field as the scenario language sees it.
type fieldInfo struct {
	name     string
	index    int
	required bool
	enum     []string
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
		for _, part := range splitTag(f.Tag.Get("jsonschema")) {
			switch {
			case part == "required":
				fi.required = true
			case strings.HasPrefix(part, "enum="):
				fi.enum = append(fi.enum, strings.TrimPrefix(part, "enum="))
			}
		}
		out = append(out, fi)
	}
	return out
}

// splitTag splits a jsonschema tag on commas, keeping commas that belong to
// a description's prose together with it.
func splitTag(tag string) []string {
	var out []string
	for _, p := range strings.Split(tag, ",") {
		if len(out) > 0 && strings.HasPrefix(out[len(out)-1], "description=") && !strings.Contains(p, "=") {
			out[len(out)-1] += "," + p
			continue
		}
		out = append(out, p)
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

var (
	stringType  = reflect.TypeFor[string]()
	float64Type = reflect.TypeFor[float64]()
)

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
		d.decode(n, nv.Elem(), path)
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
		for i, it := range n.Items {
			d.decode(it, s.Index(i), indexPath(path, i))
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
			if !slices.Contains(f.enum, e.Value.Text) && !strings.HasPrefix(e.Value.Text, "$") {
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
		d.decode(e.Value, fv, p)
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
