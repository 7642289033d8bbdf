package schemagen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestCommittedSchemasAreCurrent fails when a Go type changed without the
// schema being regenerated.
func TestCommittedSchemasAreCurrent(t *testing.T) {
	for name, gen := range Files {
		want, err := gen()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "schema", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("schema/%s is out of date with the Go types; run: go run ./internal/schemagen/gen", name)
		}
	}
}

func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(BaseURL+name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(BaseURL + name)
	if err != nil {
		t.Fatalf("schema/%s does not compile: %v", name, err)
	}
	return s
}

// yamlToJSONValue converts YAML source to the value a JSON decoder would
// produce, for validation against the schema.
func yamlToJSONValue(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestScenarioSchemaAcceptsValidDocuments(t *testing.T) {
	sch := compile(t, "scenario.schema.json")
	for _, name := range scenario.EmbeddedNames() {
		src, _ := scenario.Embedded(name)
		if err := sch.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("embedded %s as written: %v", name, err)
		}
		s, d := scenario.Load(name, src, nil)
		if s == nil {
			t.Fatal(d)
		}
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(s.CanonicalJSON()))
		if err := sch.Validate(v); err != nil {
			t.Errorf("embedded %s normalised: %v", name, err)
		}
	}
}

// TestSchemaAndLoaderAgreeOnBadDocuments checks that documents the loader
// rejects for structural reasons are rejected by the schema too.
func TestSchemaAndLoaderAgreeOnBadDocuments(t *testing.T) {
	sch := compile(t, "scenario.schema.json")
	base, _ := scenario.Embedded(scenario.DefaultName)
	cases := []struct{ name, old, new string }{
		{"unknown top-level field", "bulwark: 1\n", "bulwark: 1\nscenery: x\n"},
		{"unknown clause field", "        type: consultation\n", "        type: consultation\n        obligaton: x\n"},
		{"bad clause type", "type: defence\n        strength: as-deemed-necessary", "type: defense\n        strength: as-deemed-necessary"},
		{"bad strength", "strength: as-deemed-necessary # \"such", "strength: sometimes # \"such"},
		{"wrong version", "bulwark: 1\n", "bulwark: 2\n"},
		{"string for number", "    mean: 0.41\n", "    mean: \"0.41\"\n"},
		{"missing required roles", "roles:\n  attacker: RUS\n", "rolez:\n  attacker: RUS\n"},
		{"bad treaty id", "  - id: union-state\n", "  - id: Union State\n"},
		{"empty event sequence", `sequence: ["RUS attacks UKR limited"]`, `sequence: []`},
		{"mapping for list", "treaties: [nato, union-state]\n    accessions", "treaties: {nato: 1}\n    accessions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(string(base), c.old, c.new, 1)
			if src == string(base) {
				t.Fatalf("edit %q not found in the default scenario", c.old)
			}
			if s, _ := scenario.Load("x.yaml", []byte(src), nil); s != nil {
				t.Errorf("loader accepted the document")
			}
			if err := sch.Validate(yamlToJSONValue(t, []byte(src))); err == nil {
				t.Errorf("schema accepted the document")
			}
		})
	}
}

func TestExplainOutputMatchesSchema(t *testing.T) {
	sch := compile(t, "explain.schema.json")
	s, d := scenario.Default(nil)
	if s == nil {
		t.Fatal(d)
	}
	for _, arr := range s.ArrangementIDs() {
		for _, ev := range []string{"E1", "E2", "E3", "E4", "E5", "E6"} {
			events, d := s.Events("--event", []string{ev})
			if d.HasErrors() {
				t.Fatal(d)
			}
			r, err := treaty.Resolve(s, arr, events)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(r)
			v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err := sch.Validate(v); err != nil {
				t.Errorf("%s %s: %v", arr, ev, err)
			}
		}
	}
}
