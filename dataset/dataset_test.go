package dataset

import (
	"slices"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	nato, ok := d.Group("nato")
	if !ok || len(nato.Members) != 32 {
		t.Fatalf("nato: %v", nato)
	}
	eu, ok := d.Group("eu")
	if !ok || len(eu.Members) != 27 {
		t.Fatalf("eu: %v", eu)
	}
	// Every NATO and EU member and the region's states are covered.
	for _, id := range append(append(slices.Clone(nato.Members), eu.Members...), "RUS", "BLR", "UKR", "MDA", "GEO") {
		if _, ok := d.Actor(id); !ok {
			t.Errorf("actor %s missing", id)
		}
	}
	for _, a := range d.Actors {
		// Group membership is data, consistent with the membership columns.
		if (a.NATOSince > 0) != slices.Contains(nato.Members, a.ID) {
			t.Errorf("%s: nato_member_since and group nato disagree", a.ID)
		}
		if a.EUMember != slices.Contains(eu.Members, a.ID) {
			t.Errorf("%s: eu_member and group eu disagree", a.ID)
		}
		if a.Kind == "state" && len(a.Regions) == 0 {
			t.Errorf("%s has no region", a.ID)
		}
		for col, f := range a.Figures {
			if strings.TrimSpace(f.Source) == "" {
				t.Errorf("%s %s has no source", a.ID, col)
			}
		}
		for _, b := range a.Borders {
			other, ok := d.Actor(b)
			if !ok || !slices.Contains(other.Borders, a.ID) {
				t.Errorf("border %s–%s is not symmetric", a.ID, b)
			}
		}
	}
	for _, c := range d.Columns {
		if c.Source == "" || c.Unit == "" {
			t.Errorf("column %s lacks unit or source", c.Name)
		}
	}
	for _, p := range d.Places {
		if p.Source == "" {
			t.Errorf("place %s has no source", p.ID)
		}
	}
}

// Missing cells are missing, not zero.
func TestMissingIsNotZero(t *testing.T) {
	d, _ := Load()
	usa, _ := d.Actor("USA")
	if _, ok := usa.Figure("reserve_personnel_thousands_iiss"); ok {
		t.Error("IISS reserves are not in the sources; the cell must be missing")
	}
	if !slices.Contains(d.Missing("USA"), "reserve_personnel_thousands_iiss") {
		t.Error("Missing does not report the empty cell")
	}
	rus, _ := d.Actor("RUS")
	f, ok := rus.Figure("active_personnel_thousands_iiss")
	if !ok || f.Value != 1134 || !strings.Contains(f.Source, "Military Balance 2025") {
		t.Errorf("RUS IISS cell: %+v %v (its cell source must override the column's)", f, ok)
	}
	blr, _ := d.Actor("BLR")
	if f, ok := blr.Figure("nuclear_warheads_fas_2024"); !ok || f.Value != 0 {
		t.Error("warheads: 0 means a non-possessor and must be kept as a figure")
	}
}

func TestAid(t *testing.T) {
	d, _ := Load()
	i := slices.IndexFunc(d.Aid, func(a *AidRecord) bool { return a.Donor == "USA" })
	if i < 0 {
		t.Fatal("no US aid record")
	}
	f := d.Aid[i].Figures["total_bilateral_allocations_eur_bn"]
	if f.Value != 115.381 || !strings.Contains(f.Source, "release 29") {
		t.Errorf("US aid: %+v", f)
	}
}
