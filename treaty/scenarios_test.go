package treaty_test

import (
	"slices"
	"testing"

	"github.com/bulwark-sim/bulwark/scenario"
)

// TestSharedScenarios runs the events of shared/docs/scenarios.tsv that the
// event grammar expresses (E1–E6, named events of menon2023) under all four
// arrangements and checks who holds which obligation against that table's
// reading. Column letters refer to the table: A NATO membership, B armed
// neutrality, C no guarantee, D the coalition.
func TestSharedScenarios(t *testing.T) {
	s := load(t)
	nato := natoMembers(t, s)
	guarantors := []string{"EST", "LTU", "LVA", "POL"}
	withUKR := append(slices.Clone(nato), "UKR")
	slices.Sort(withUKR)

	// want maps a beneficiary to the parties that must hold a defence
	// obligation toward it (and no one else may); consult lists the
	// beneficiaries of Article 4 consultation obligations.
	type want struct {
		defence map[string][]string
		consult []string
	}
	none := want{defence: map[string][]string{}}
	cases := []struct {
		event, arrangement, reading string
		want                        want
	}{
		// E1: a strike on a Polish logistics hub during a war in Ukraine.
		{"E1", "nato", "A: Ukraine already covered; the strike on Poland makes a full NATO war, the US included",
			want{defence: map[string][]string{"UKR": nato, "POL": without(withUKR, "POL")}, consult: []string{"UKR", "POL"}}},
		{"E1", "neutrality", "B: a strike on Poland is an attack on NATO territory (Art. 6): an Article 5 case",
			want{defence: map[string][]string{"POL": without(nato, "POL")}, consult: []string{"POL"}}},
		{"E1", "none", "C: little Western flow to hit, but formally the same Article 5 case",
			want{defence: map[string][]string{"POL": without(nato, "POL")}, consult: []string{"POL"}}},
		{"E1", "coalition", "D: guarantors waive Article 5 for the Ukraine fight but keep it for home soil",
			want{defence: map[string][]string{"UKR": guarantors, "POL": without(nato, "POL")}, consult: []string{"POL"}}},
		// E2: a limited incursion into Ukraine's north-east.
		{"E2", "nato", "A: formally Article 5, 'as it deems necessary'",
			want{defence: map[string][]string{"UKR": nato}, consult: []string{"UKR"}}},
		{"E2", "neutrality", "B: Ukraine fights alone with Western arms", none},
		{"E2", "none", "C: Ukraine alone", none},
		{"E2", "coalition", "D: the obligation exists",
			want{defence: map[string][]string{"UKR": guarantors}}},
		// E3: a full re-invasion.
		{"E3", "nato", "A: NATO-Russia war", want{defence: map[string][]string{"UKR": nato}, consult: []string{"UKR"}}},
		{"E3", "neutrality", "B: Ukraine fights alone", none},
		{"E3", "none", "C: most exposed", none},
		{"E3", "coalition", "D: the coalition fights Russia inside Ukraine without the US",
			want{defence: map[string][]string{"UKR": guarantors}}},
		// E4: an attack on Kyiv from Belarus.
		{"E4", "nato", "A: as S3", want{defence: map[string][]string{"UKR": nato}, consult: []string{"UKR"}}},
		{"E4", "neutrality", "B: Ukraine alone", none},
		{"E4", "none", "C: Ukraine alone", none},
		{"E4", "coalition", "D: guarantors fight in Ukraine", want{defence: map[string][]string{"UKR": guarantors}}},
		// E5: a strike kills guarantor troops based in Ukraine.
		{"E5", "nato", "A: troops on member territory: Article 5",
			want{defence: map[string][]string{"POL": without(withUKR, "POL")}, consult: []string{"POL"}}},
		{"E5", "neutrality", "B: no foreign units; NATO's Article 6 does not reach Ukraine", want{defence: map[string][]string{}, consult: []string{"POL"}}},
		{"E5", "none", "C: none", want{defence: map[string][]string{}, consult: []string{"POL"}}},
		{"E5", "coalition", "D: Article 6 does not cover forces in Ukraine: only the coalition treaty",
			want{defence: map[string][]string{"POL": without(guarantors, "POL")}, consult: []string{"POL"}}},
		// E6: sub-threshold sabotage and drones on guarantor territory.
		{"E6", "nato", "A: Article 4 consultations, no Article 5", want{defence: map[string][]string{}, consult: []string{"POL"}}},
		{"E6", "neutrality", "B: same for NATO states", want{defence: map[string][]string{}, consult: []string{"POL"}}},
		{"E6", "none", "C: same", want{defence: map[string][]string{}, consult: []string{"POL"}}},
		{"E6", "coalition", "D: same", want{defence: map[string][]string{}, consult: []string{"POL"}}},
	}
	seen := map[string]int{}
	for _, c := range cases {
		seen[c.event]++
		t.Run(c.event+"/"+c.arrangement, func(t *testing.T) {
			r := resolve(t, s, c.arrangement, c.event)
			got := map[string][]string{}
			for _, o := range r.Obliged {
				if o.Type == scenario.Defence && o.Treaty != "union-state" {
					got[o.Beneficiary] = append(got[o.Beneficiary], o.Party)
				}
			}
			for b := range got {
				slices.Sort(got[b])
				got[b] = slices.Compact(got[b])
			}
			for b, parties := range c.want.defence {
				if !slices.Equal(got[b], parties) {
					t.Errorf("%s\ndefence of %s: got %v\nwant %v", c.reading, b, got[b], parties)
				}
			}
			for b := range got {
				if _, ok := c.want.defence[b]; !ok {
					t.Errorf("%s\nunexpected defence obligations toward %s: %v", c.reading, b, got[b])
				}
			}
			var consulted []string
			for _, o := range r.Obliged {
				if o.Type == scenario.Consultation && !slices.Contains(consulted, o.Beneficiary) {
					consulted = append(consulted, o.Beneficiary)
				}
			}
			slices.Sort(consulted)
			wantConsult := slices.Clone(c.want.consult)
			slices.Sort(wantConsult)
			if !slices.Equal(consulted, wantConsult) {
				t.Errorf("%s\nconsultation toward %v, want %v", c.reading, consulted, wantConsult)
			}
			// The patron's exposure: it is obliged to defend the target
			// only under NATO membership.
			_, usDefendsTarget := r.Find("USA", "nato", "art5", "UKR")
			if usDefendsTarget != (c.arrangement == "nato" && c.want.defence["UKR"] != nil) {
				t.Errorf("USA defence of UKR: %v", usDefendsTarget)
			}
		})
	}
	for _, e := range []string{"E1", "E2", "E3", "E4", "E5", "E6"} {
		if seen[e] != 4 {
			t.Errorf("%s is run under %d arrangements, want 4", e, seen[e])
		}
	}
}
