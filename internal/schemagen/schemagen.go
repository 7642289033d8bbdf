package schemagen

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/bulwark-sim/bulwark/crisis"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/bulwark-sim/bulwark/treaty"
	"github.com/invopop/jsonschema"
)

// BaseURL is where the schemas are published; their $id is BaseURL + file.
const BaseURL = "https://github.com/bulwark-sim/bulwark/blob/main/schema/"

// Files maps each schema's file name under schema/ to its generator.
var Files = map[string]func() ([]byte, error){
	"scenario.schema.json": Scenario,
	"explain.schema.json":  Explain,
	"compare.schema.json":  Compare,
}

func reflector() *jsonschema.Reflector {
	return &jsonschema.Reflector{
		RequiredFromJSONSchemaTags: true,
		// Treaty results embed scenario.Event; keep its fields inline.
		ExpandedStruct: true,
		Namer: func(t reflect.Type) string {
			return t.Name()
		},
	}
}

func render(s *jsonschema.Schema, file, title string) ([]byte, error) {
	s.ID = jsonschema.ID(BaseURL + file)
	s.Title = title
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", file, err)
	}
	return append(b, '\n'), nil
}

// Scenario returns the JSON Schema of the scenario language.
func Scenario() ([]byte, error) {
	r := reflector()
	s := r.Reflect(&scenario.Document{})
	s.Description = fmt.Sprintf("Bulwark scenario language, version %d. Documented in docs/scenario.md.", scenario.Version)
	return render(s, "scenario.schema.json", "Bulwark scenario")
}

// Explain returns the JSON Schema of `bulwark explain --format json`.
func Explain() ([]byte, error) {
	r := reflector()
	r.RequiredFromJSONSchemaTags = false // every field of a result is always present
	s := r.Reflect(&treaty.Result{})
	s.Description = "Output of bulwark explain --format json: obligations after events under one arrangement. Documented in docs/scenario.md."
	return render(s, "explain.schema.json", "Bulwark explain result")
}

// Compare returns the JSON Schema of `bulwark compare --format json`.
func Compare() ([]byte, error) {
	r := reflector()
	r.RequiredFromJSONSchemaTags = false // every field without omitempty is always present
	s := r.Reflect(&crisis.Report{})
	s.Description = "Output of bulwark compare --format json: each metric's mean and 95% interval under each arrangement. Documented in docs/model.md."
	return render(s, "compare.schema.json", "Bulwark compare result")
}
