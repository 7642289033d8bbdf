package dataset

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/*.csv
var files embed.FS

// A Figure is a sourced number.
type Figure struct {
	Value  float64 `json:"value"`
	Source string  `json:"source"`
}

// Actor is a state or an organisation.
type Actor struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is "state" or "organisation".
	Kind string `json:"kind"`
	// Regions are the continents (UN M49) the actor's territory lies in.
	Regions []string `json:"regions,omitempty"`
	// Borders are the listed actors it shares a land border with.
	Borders []string `json:"borders,omitempty"`
	// EUMember and NATOSince restate membership facts from the data;
	// NATOSince is 0 for non-members.
	EUMember  bool `json:"eu_member"`
	NATOSince int  `json:"nato_member_since,omitempty"`
	// Figures holds every sourced number, by column name. Missing cells
	// are absent.
	Figures map[string]Figure `json:"figures,omitempty"`
}

// Figure returns the named figure and whether it is known.
func (a *Actor) Figure(column string) (Figure, bool) {
	f, ok := a.Figures[column]
	return f, ok
}

// Group is a named set of actors defined by data.
type Group struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Members []string `json:"members"`
	Source  string   `json:"source"`
}

// Place is a named area that is not a state's territory.
type Place struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Regions []string `json:"regions"`
	Source  string   `json:"source"`
}

// Column describes one column of the actor table.
type Column struct {
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	Description string `json:"description"`
	Source      string `json:"source"`
	Numeric     bool   `json:"numeric"`
}

// AidRecord is one donor's cumulative aid to a recipient.
type AidRecord struct {
	Donor     string            `json:"donor"`
	Recipient string            `json:"recipient"`
	Figures   map[string]Figure `json:"figures"`
}

// Dataset is the whole embedded dataset. It is read-only once loaded.
type Dataset struct {
	Actors  []*Actor
	Groups  []*Group
	Places  []*Place
	Columns []*Column
	Aid     []*AidRecord
	actors  map[string]*Actor
}

// textColumns are the actor-table columns that hold text, not figures.
//
// nato_member_since is a year, but an empty cell there means "not a
// member", not a missing figure, so it is not reported as missing.
var textColumns = []string{"iso3", "name", "eu_member", "nato_member_since", "milex_sipri_estimate_2024", "land_borders", "kind", "regions"}

// Load returns the embedded dataset. It parses the files once; the result
// is shared and must not be modified.
var Load = sync.OnceValues(load)

// Actor returns the actor with the given id.
func (d *Dataset) Actor(id string) (*Actor, bool) {
	a, ok := d.actors[id]
	return a, ok
}

// Group returns the group with the given id.
func (d *Dataset) Group(id string) (*Group, bool) {
	i := slices.IndexFunc(d.Groups, func(g *Group) bool { return g.ID == id })
	if i < 0 {
		return nil, false
	}
	return d.Groups[i], true
}

// Place returns the place with the given id.
func (d *Dataset) Place(id string) (*Place, bool) {
	i := slices.IndexFunc(d.Places, func(p *Place) bool { return p.ID == id })
	if i < 0 {
		return nil, false
	}
	return d.Places[i], true
}

// Missing returns the numeric columns for which the actor has no figure.
func (d *Dataset) Missing(id string) []string {
	a, ok := d.actors[id]
	if !ok {
		return nil
	}
	return d.MissingFrom(a.Figures)
}

// MissingFrom returns the numeric columns that figures lacks, in column
// order: the dataset's gaps for an actor whose figures a scenario may
// have overridden or completed.
func (d *Dataset) MissingFrom(figures map[string]Figure) []string {
	out := []string{}
	for _, c := range d.Columns {
		if _, has := figures[c.Name]; c.Numeric && !has {
			out = append(out, c.Name)
		}
	}
	return out
}

func readCSV(name string) ([]string, []map[string]string, error) {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		row := map[string]string{}
		for i, h := range header {
			row[h] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, row)
	}
	return header, rows, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func load() (*Dataset, error) {
	d := &Dataset{actors: map[string]*Actor{}}
	_, cols, err := readCSV("columns.csv")
	if err != nil {
		return nil, err
	}
	colSource := map[string]string{}
	for _, c := range cols {
		col := &Column{Name: c["column"], Unit: c["unit"], Description: c["description"], Source: c["source"],
			Numeric: !slices.Contains(textColumns, c["column"])}
		d.Columns = append(d.Columns, col)
		colSource[col.Name] = col.Source
	}
	_, cells, err := readCSV("cell_sources.csv")
	if err != nil {
		return nil, err
	}
	cellSource := map[[2]string]string{}
	for _, c := range cells {
		cellSource[[2]string{c["iso3"], c["column"]}] = c["source"]
	}
	header, rows, err := readCSV("actors.csv")
	if err != nil {
		return nil, err
	}
	for _, h := range header {
		if _, ok := colSource[h]; !ok {
			return nil, fmt.Errorf("actors.csv: column %q has no entry in columns.csv", h)
		}
	}
	for _, r := range rows {
		a := &Actor{ID: r["iso3"], Name: r["name"], Kind: r["kind"], Regions: splitList(r["regions"]),
			Borders: splitList(r["land_borders"]), EUMember: r["eu_member"] == "true", Figures: map[string]Figure{}}
		if y := r["nato_member_since"]; y != "" {
			if a.NATOSince, err = strconv.Atoi(y); err != nil {
				return nil, fmt.Errorf("actors.csv: %s nato_member_since: %w", a.ID, err)
			}
		}
		if a.Kind == "" {
			a.Kind = "state"
		}
		for _, h := range header {
			if slices.Contains(textColumns, h) || r[h] == "" {
				continue
			}
			v, err := strconv.ParseFloat(r[h], 64)
			if err != nil {
				return nil, fmt.Errorf("actors.csv: %s %s: %w", a.ID, h, err)
			}
			src := colSource[h]
			if s, ok := cellSource[[2]string{a.ID, h}]; ok {
				src = s
			}
			a.Figures[h] = Figure{Value: v, Source: src}
		}
		if _, dup := d.actors[a.ID]; dup {
			return nil, fmt.Errorf("actors.csv: duplicate actor %s", a.ID)
		}
		d.Actors = append(d.Actors, a)
		d.actors[a.ID] = a
	}
	_, groups, err := readCSV("groups.csv")
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		grp := &Group{ID: g["id"], Name: g["name"], Members: splitList(g["members"]), Source: g["source"]}
		for _, m := range grp.Members {
			if _, ok := d.actors[m]; !ok {
				return nil, fmt.Errorf("groups.csv: group %s lists unknown actor %s", grp.ID, m)
			}
		}
		d.Groups = append(d.Groups, grp)
	}
	_, places, err := readCSV("places.csv")
	if err != nil {
		return nil, err
	}
	for _, p := range places {
		d.Places = append(d.Places, &Place{ID: p["id"], Name: p["name"], Kind: p["kind"], Regions: splitList(p["regions"]), Source: p["source"]})
	}
	aidHeader, aid, err := readCSV("ukraine_aid.csv")
	if err != nil {
		return nil, err
	}
	for _, r := range aid {
		rec := &AidRecord{Donor: r["iso3"], Recipient: "UKR", Figures: map[string]Figure{}}
		src := fmt.Sprintf("Kiel Institute for the World Economy, Ukraine Support Tracker, release %s (allocations through %s)", r["kiel_release"], r["allocations_through"])
		for _, h := range aidHeader {
			if !strings.HasSuffix(h, "_eur_bn") || r[h] == "" {
				continue
			}
			v, err := strconv.ParseFloat(r[h], 64)
			if err != nil {
				return nil, fmt.Errorf("ukraine_aid.csv: %s %s: %w", rec.Donor, h, err)
			}
			rec.Figures[h] = Figure{Value: v, Source: src}
		}
		d.Aid = append(d.Aid, rec)
	}
	return d, nil
}
