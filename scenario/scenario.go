package scenario

import (
	"embed"
	"reflect"
	"slices"
	"strings"

	"github.com/bulwark-sim/bulwark/dataset"
	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/source"
	"github.com/bulwark-sim/bulwark/internal/yamltree"
)

//go:embed scenarios/*.yaml
var embedded embed.FS

// DefaultName is the name of the embedded default scenario.
const DefaultName = "menon2023"

// Embedded returns the source of an embedded scenario by name.
func Embedded(name string) ([]byte, bool) {
	b, err := embedded.ReadFile("scenarios/" + name + ".yaml")
	return b, err == nil
}

// EmbeddedNames lists the embedded scenarios.
func EmbeddedNames() []string {
	ents, _ := embedded.ReadDir("scenarios")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

// ActorInfo is an actor as a scenario sees it: the dataset's entry merged
// with the scenario's declaration, if any.
type ActorInfo struct {
	ID       string                    `json:"id"`
	Name     string                    `json:"name"`
	Kind     string                    `json:"kind"`
	Regions  []string                  `json:"regions,omitempty"`
	Figures  map[string]dataset.Figure `json:"figures,omitempty"`
	Declared bool                      `json:"declared,omitempty"`
}

// Scenario is a loaded, validated scenario.
type Scenario struct {
	// Doc is the document as written, with --set overrides applied.
	Doc *Document
	// File names the source in positions.
	File string
	// Data is the dataset the scenario draws actors from.
	Data *dataset.Dataset

	pos     map[string]diag.Pos
	actors  map[string]*ActorInfo
	groups  map[string][]string // expanded to actor ids, sorted
	places  map[string][]string // place id -> regions
	regions map[string]bool
}

// LoadFile reads and loads a scenario file.
func LoadFile(path string, sets []string) (*Scenario, diag.List) {
	name, src, d := source.Read(path, nil, yamltree.MaxBytes, "10 MiB")
	if d != nil {
		return nil, d
	}
	return Load(name, src, sets)
}

// Default loads the embedded default scenario.
func Default(sets []string) (*Scenario, diag.List) {
	src, _ := Embedded(DefaultName)
	return Load(DefaultName+".yaml", src, sets)
}

// Load parses src (named file in positions), applies the --set overrides
// and validates the result. It returns the scenario, or nil if it has
// errors, and every diagnostic found, sorted by position.
func Load(file string, src []byte, sets []string) (*Scenario, diag.List) {
	data, err := dataset.Load()
	if err != nil {
		var d diag.List
		d.Add(diag.Pos{File: "dataset"}, "embedded dataset is broken: "+err.Error(), "")
		return nil, d
	}
	root, diags := yamltree.Parse(file, src)
	if root == nil {
		return nil, diags
	}
	if root.Kind != yamltree.Map {
		diags.Add(root.Pos, "a scenario is a mapping, got "+root.Describe(), "start the file with \"bulwark: 1\"")
		diags.Sort()
		return nil, diags
	}
	for _, s := range sets {
		diags.Append(applySet(root, s))
	}
	d := &decoder{pos: map[string]diag.Pos{}}
	doc := &Document{}
	d.decode(root, reflect.ValueOf(doc).Elem(), "")
	diags.Append(d.diags)
	s := &Scenario{Doc: doc, File: file, Data: data, pos: d.pos}
	// Validate even when decoding failed, so that every problem is
	// reported at once; fields that failed to decode are left empty and
	// the checks skip empty values.
	diags.Append(s.validate())
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return s, diags
}

// Pos returns the position of the value at path (e.g.
// "treaties[0].clauses[1].type"), or of its nearest recorded ancestor.
func (s *Scenario) Pos(path string) diag.Pos {
	for {
		if p, ok := s.pos[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[#")
		if i <= 0 {
			if p, ok := s.pos[""]; ok {
				return p
			}
			return diag.Pos{File: s.File, Line: 1, Col: 1}
		}
		path = path[:i]
	}
}

// Actor returns an actor known to the scenario.
func (s *Scenario) Actor(id string) (*ActorInfo, bool) {
	a, ok := s.actors[id]
	return a, ok
}

// ActorName returns the actor's name, or its id if unknown.
func (s *Scenario) ActorName(id string) string {
	if a, ok := s.actors[id]; ok && a.Name != "" {
		return a.Name
	}
	return id
}

// Group returns a group's members, expanded to actor ids and sorted.
func (s *Scenario) Group(id string) ([]string, bool) {
	g, ok := s.groups[id]
	return g, ok
}

// IsPlace reports whether id names a place: an actor's territory or a
// declared or embedded place such as a sea area.
func (s *Scenario) IsPlace(id string) bool {
	if _, ok := s.actors[id]; ok {
		return true
	}
	_, ok := s.places[id]
	return ok
}

// PlaceRegions returns the regions a place lies in.
func (s *Scenario) PlaceRegions(id string) []string {
	if a, ok := s.actors[id]; ok {
		return a.Regions
	}
	return s.places[id]
}

// Arrangement returns the arrangement with the given id.
func (s *Scenario) Arrangement(id string) (*Arrangement, bool) {
	i := slices.IndexFunc(s.Doc.Arrangements, func(a Arrangement) bool { return a.ID == id })
	if i < 0 {
		return nil, false
	}
	return &s.Doc.Arrangements[i], true
}

// ArrangementIDs lists the arrangements in document order.
func (s *Scenario) ArrangementIDs() []string {
	var out []string
	for _, a := range s.Doc.Arrangements {
		out = append(out, a.ID)
	}
	return out
}

// Treaty returns the treaty with the given id.
func (s *Scenario) Treaty(id string) (*Treaty, bool) {
	i := slices.IndexFunc(s.Doc.Treaties, func(t Treaty) bool { return t.ID == id })
	if i < 0 {
		return nil, false
	}
	return &s.Doc.Treaties[i], true
}

// GroupsOf lists, sorted, the groups the actor belongs to.
func (s *Scenario) GroupsOf(id string) []string {
	var out []string
	for g, members := range s.groups {
		if slices.Contains(members, id) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}
