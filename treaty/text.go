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
	name := func(id string) string {
		if n := s.ActorName(id); n != id {
			return fmt.Sprintf("%s (%s)", n, id)
		}
		return id
	}
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
