package treaty

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/bulwark-sim/bulwark/scenario"
)

// WriteText writes the result as a short brief: the events, who is obliged
// to do what and why, who is not and why, and any conflicts. Parties that
// share an obligation (same clause, beneficiary and event) are listed
// together.
func WriteText(w io.Writer, s *scenario.Scenario, r *Result) error {
	var b strings.Builder
	parties := map[string][]string{} // treaty/clause -> parties
	if ra, err := s.Resolve(r.Arrangement); err == nil {
		for _, t := range ra.Treaties {
			for _, c := range t.Clauses {
				parties[t.ID+"/"+c.ID] = c.Parties
			}
		}
	}
	who := func(treatyClause string, ids []string) string {
		return describeParties(s, treatyClause, parties[treatyClause], ids)
	}
	name := func(id string) string { return label(s, id) }
	title := r.Arrangement
	if r.Title != "" {
		title = fmt.Sprintf("%s — %s", r.Arrangement, r.Title)
	}
	fmt.Fprintf(&b, "Arrangement %s\n\n", title)
	if len(r.Events) == 0 {
		b.WriteString("No events: only standing obligations apply.\n\n")
	} else {
		b.WriteString("Events, in order:\n")
		for _, ev := range r.Events {
			fmt.Fprintf(&b, "  %d. %s\n", ev.Index+1, ev.Text)
		}
		b.WriteString("\n")
	}

	writeSummary(&b, s, r, name)

	type group struct {
		head    string
		clause  string
		parties []string
		because []string
	}
	var groups []*group
	index := map[string]*group{}
	for _, o := range r.Obliged {
		ev := "whatever happens"
		if o.Event != nil {
			ev = fmt.Sprintf("after event %d", *o.Event+1)
		}
		what := o.Type
		if len(o.Forms) > 0 {
			what += " (" + strings.Join(o.Forms, ", ") + ")"
		}
		head := fmt.Sprintf("%s of %s", what, name(o.Beneficiary))
		if o.Against != "" {
			head += " against " + name(o.Against)
		}
		head += fmt.Sprintf(" — %s/%s, %s, %s", o.Treaty, o.Clause, o.Strength, ev)
		g, ok := index[head]
		if !ok {
			g = &group{head: head, because: o.Because, clause: o.Treaty + "/" + o.Clause}
			index[head] = g
			groups = append(groups, g)
		}
		g.parties = append(g.parties, o.Party)
	}
	fmt.Fprintf(&b, "Obliged (%s):\n", count(len(r.Obliged), "obligation", "obligations"))
	if len(groups) == 0 {
		b.WriteString("  nobody\n")
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "  • %s\n", g.head)
		fmt.Fprintf(&b, "    %s\n", who(g.clause, g.parties))
		// The reasons of the first party stand for the group; the last
		// line names that party, so generalise it.
		for _, why := range g.because[:len(g.because)-1] {
			fmt.Fprintf(&b, "    because %s\n", why)
		}
	}
	b.WriteString("\n")

	type ngroup struct {
		head, detail, clause string
		parties              []string
	}
	var ngroups []*ngroup
	nindex := map[string]*ngroup{}
	for _, n := range r.NotObliged {
		head := fmt.Sprintf("%s/%s toward %s: %s", n.Treaty, n.Clause, name(n.Beneficiary), n.Reason)
		detail := n.Detail
		if n.Reason == NotParty || n.Reason == IsVictim || n.Reason == IsAttacker {
			detail = ""
		}
		k := head + "\x00" + detail
		g, ok := nindex[k]
		if !ok {
			g = &ngroup{head: head, detail: detail, clause: n.Treaty + "/" + n.Clause}
			nindex[k] = g
			ngroups = append(ngroups, g)
		}
		g.parties = append(g.parties, n.Party)
	}
	fmt.Fprintf(&b, "Not obliged (%s):\n", count(len(r.NotObliged), "entry", "entries"))
	if len(ngroups) == 0 {
		b.WriteString("  none\n")
	}
	for _, g := range ngroups {
		fmt.Fprintf(&b, "  • %s — %s\n", g.head, who(g.clause, g.parties))
		if g.detail != "" {
			fmt.Fprintf(&b, "    %s\n", g.detail)
		}
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "Conflicts: ")
	if len(r.Conflicts) == 0 {
		b.WriteString("none\n")
	} else {
		b.WriteString("\n")
		for _, c := range r.Conflicts {
			fmt.Fprintf(&b, "  • %s: %s\n", c.Kind, c.Detail)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// describeParties names a group of parties of a clause: in full when
// there are few, as "all 31 parties of nato/art5 but POL" when the group is
// the clause's parties less one or two, and as a list of codes otherwise.
func describeParties(s *scenario.Scenario, clause string, all, ids []string) string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	if len(ids) <= 4 {
		var out []string
		for _, id := range ids {
			out = append(out, fmt.Sprintf("%s (%s)", s.ActorName(id), id))
		}
		return strings.Join(out, ", ")
	}
	var missing []string
	for _, p := range all {
		if !slices.Contains(ids, p) {
			missing = append(missing, p)
		}
	}
	covered := len(all) > 0 && len(missing) <= 2 && len(ids)+len(missing) == len(all)
	switch {
	case covered && len(missing) == 0:
		return fmt.Sprintf("all %d parties of %s", len(ids), clause)
	case covered:
		return fmt.Sprintf("all %d parties of %s but %s", len(ids), clause, strings.Join(missing, " and "))
	}
	return fmt.Sprintf("%d parties: %s", len(ids), strings.Join(ids, ", "))
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeSummary says in a few lines who must fight for whom, and where the
// patron stands: the answers most readers look for first.
func writeSummary(b *strings.Builder, s *scenario.Scenario, r *Result, name func(string) string) {
	type key struct{ typ, beneficiary, against string }
	var order []key
	defenders := map[key][]string{}
	for _, o := range r.Obliged {
		if o.Type != scenario.Defence && o.Type != scenario.Offence {
			continue
		}
		k := key{o.Type, o.Beneficiary, o.Against}
		if _, ok := defenders[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(defenders[k], o.Party) {
			defenders[k] = append(defenders[k], o.Party)
		}
	}
	b.WriteString("In short:\n")
	if len(order) == 0 {
		b.WriteString("  • No one is obliged to fight.\n")
	}
	for _, k := range order {
		ps := defenders[k]
		slices.Sort(ps)
		list := strings.Join(ps, ", ")
		if len(ps) > 8 {
			list = fmt.Sprintf("%d parties", len(ps))
		}
		if k.typ == scenario.Offence {
			fmt.Fprintf(b, "  • %s must be joined in its attack on %s by %s.\n", name(k.beneficiary), name(k.against), list)
		} else {
			fmt.Fprintf(b, "  • %s must be defended against %s by %s.\n", name(k.beneficiary), name(k.against), list)
		}
	}
	patron := s.Doc.Roles.Patron
	var duties []string
	for _, o := range r.Obliged {
		if o.Party == patron && (o.Type == scenario.Defence || o.Type == scenario.Offence) {
			duties = append(duties, fmt.Sprintf("%s of %s (%s/%s, %s)", o.Type, name(o.Beneficiary), o.Treaty, o.Clause, o.Strength))
		}
	}
	if len(duties) == 0 {
		fmt.Fprintf(b, "  • The patron, %s, holds no defence obligation.\n", name(patron))
	} else {
		fmt.Fprintf(b, "  • The patron, %s, holds %s: %s.\n", name(patron), count(len(duties), "obligation to fight", "obligations to fight"), strings.Join(duties, "; "))
	}
	for _, a := range r.Accessions {
		switch a.Rule {
		case "unanimity":
			fmt.Fprintf(b, "  • %s joins %s under this arrangement: all %d parties must consent (unanimity).\n", name(a.Actor), a.Treaty, len(a.MustConsent))
		case "majority":
			fmt.Fprintf(b, "  • %s joins %s under this arrangement: a majority of its %d parties must consent.\n", name(a.Actor), a.Treaty, len(a.MustConsent))
		case "closed":
			fmt.Fprintf(b, "  • %s joins %s under this arrangement, although the treaty is closed to new parties.\n", name(a.Actor), a.Treaty)
		default:
			fmt.Fprintf(b, "  • %s joins %s under this arrangement (open accession).\n", name(a.Actor), a.Treaty)
		}
	}
	if len(r.Conflicts) > 0 {
		fmt.Fprintf(b, "  • %s between pledges (below).\n", count(len(r.Conflicts), "conflict", "conflicts"))
	}
	b.WriteString("\n")
}
