package scenario

import (
	"encoding/json"

	"github.com/bulwark-sim/bulwark/internal/yamltree"
	"github.com/invopop/jsonschema"
)

// ActorSet is a list of actor references. Each item is an actor id, a
// group id (all its members), a place-free keyword (parties, beneficiaries,
// guarantors, any) or a $parameter of the arrangement. In YAML a single item
// may be written without brackets: `parties: $guarantors`.
type ActorSet []string

func (s *ActorSet) decodeNode(d *decoder, n *yamltree.Node, path string) {
	switch {
	case n.Kind == yamltree.Seq:
		out := make(ActorSet, 0, len(n.Items))
		for i, it := range n.Items {
			p := indexPath(path, i)
			d.record(p, it.Pos)
			if it.Kind != yamltree.String {
				d.typeError(it, "an actor, group or $parameter id")
				continue
			}
			out = append(out, it.Text)
		}
		*s = out
	case n.Kind == yamltree.String:
		d.record(indexPath(path, 0), n.Pos)
		*s = ActorSet{n.Text}
	case n.Kind == yamltree.Null:
		*s = nil
	default:
		d.typeError(n, "a list of actor or group ids")
	}
}

// JSONSchema describes an ActorSet: one id or a list of ids.
func (ActorSet) JSONSchema() *jsonschema.Schema {
	item := &jsonschema.Schema{Type: "string", MinLength: ptr(uint64(1))}
	return &jsonschema.Schema{
		Description: "One actor/group id, keyword or $parameter, or a list of them.",
		OneOf: []*jsonschema.Schema{
			item,
			{Type: "array", Items: item},
		},
	}
}

func ptr[T any](v T) *T { return &v }

// Param is an arrangement parameter: a scalar or a list of strings.
type Param struct {
	Values []string
	List   bool
}

func (p *Param) decodeNode(d *decoder, n *yamltree.Node, path string) {
	switch {
	case n.Kind == yamltree.Seq:
		p.List = true
		p.Values = nil
		for i, it := range n.Items {
			d.record(indexPath(path, i), it.Pos)
			if !it.Kind.IsScalar() || it.Kind == yamltree.Null {
				d.typeError(it, "a scalar")
				continue
			}
			p.Values = append(p.Values, it.Text)
		}
	case n.Kind.IsScalar() && n.Kind != yamltree.Null:
		*p = Param{Values: []string{n.Text}}
	default:
		d.typeError(n, "a scalar or a list of scalars")
	}
}

// String returns a scalar parameter's value, or the first of a list.
func (p Param) String() string {
	if len(p.Values) == 0 {
		return ""
	}
	return p.Values[0]
}

// MarshalJSON encodes a scalar as a string and a list as an array.
func (p Param) MarshalJSON() ([]byte, error) {
	if p.List {
		if p.Values == nil {
			return []byte("[]"), nil
		}
		return json.Marshal(p.Values)
	}
	return json.Marshal(p.String())
}

// JSONSchema describes a Param: a scalar or a list of strings.
func (Param) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: "A scalar, or a list of strings.",
		OneOf: []*jsonschema.Schema{
			{Type: "string"}, {Type: "number"}, {Type: "boolean"},
			{Type: "array", Items: &jsonschema.Schema{Type: "string"}},
		},
	}
}
