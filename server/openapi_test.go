package server

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPI checks that openapi.json is an OpenAPI 3.1 document whose
// schemas compile, and that it describes exactly the routes served: every
// /api route of apiRoutes, and /openapi.json.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	if _, err := schemas(); err != nil {
		t.Fatalf("the schemas do not compile: %v", err)
	}
	// Every $ref points at a schema of the document.
	var all any
	if err := json.Unmarshal(openAPI, &all); err != nil {
		t.Fatal(err)
	}
	var comps struct {
		Components struct{ Schemas map[string]json.RawMessage }
	}
	if err := json.Unmarshal(openAPI, &comps); err != nil {
		t.Fatal(err)
	}
	refs := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				refs++
				name, found := strings.CutPrefix(ref, "#/components/schemas/")
				if _, ok := comps.Components.Schemas[name]; !found || !ok {
					t.Errorf("$ref %q resolves to no schema", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(all)
	if refs < 20 {
		t.Errorf("only %d $refs: is the document whole?", refs)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			var o struct {
				OperationID string                     `json:"operationId"`
				Responses   map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil || o.OperationID == "" || len(o.Responses) == 0 {
				t.Errorf("%s %s: no operationId or responses (%v)", method, path, err)
			}
		}
	}
	served := []string{"GET /openapi.json"}
	for _, rt := range apiRoutes() {
		served = append(served, rt.Method+" "+rt.Pattern)
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Errorf("openapi.json documents\n%s\nbut the server serves\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
	// Each documented route answers something other than the catch-all.
	e := newEnv(t, Config{}, true)
	for _, r := range served {
		method, path, _ := strings.Cut(r, " ")
		path = strings.NewReplacer("{id}", "r-1", "{a}", "r-1", "{b}", "r-2").Replace(path)
		resp, b := e.do(method, path, "{}")
		if resp.StatusCode == 405 || strings.Contains(string(b), "no such API route") {
			t.Errorf("%s is documented but not routed", r)
		}
	}
}
