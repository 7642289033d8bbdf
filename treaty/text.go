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
			g = &group{head: head, because: o.Because}
			index[head] = g
			groups = append(groups, g)
		}
		g.parties = append(g.parties, o.Party)
	}
	fmt.Fprintf(&b, "Obliged (%d obligations):\n", len(r.Obliged))
	if len(groups) == 0 {
		b.WriteString("  nobody\n")
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "  • %s\n", g.head)
		fmt.Fprintf(&b, "    %s: %s\n", plural(len(g.parties), "party", "parties"), partyList(s, g.parties))
		// The reasons of the first party stand for the group; the last
		// line names that party, so generalise it.
		for _, why := range g.because[:len(g.because)-1] {
			fmt.Fprintf(&b, "    because %s\n", why)
		}
	}
	b.WriteString("\n")

	type ngroup struct {
		head, detail string
		parties      []string
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
			g = &ngroup{head: head, detail: detail}
			nindex[k] = g
			ngroups = append(ngroups, g)
		}
		g.parties = append(g.parties, n.Party)
	}
	fmt.Fprintf(&b, "Not obliged (%d entries):\n", len(r.NotObliged))
	if len(ngroups) == 0 {
		b.WriteString("  none\n")
	}
	for _, g := range ngroups {
		fmt.Fprintf(&b, "  • %s — %s\n", g.head, partyList(s, g.parties))
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

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// partyList names a few parties in full and abbreviates long lists, saying
// when a list is a whole group.
func partyList(s *scenario.Scenario, ids []string) string {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	if len(ids) <= 6 {
		var out []string
		for _, id := range ids {
			out = append(out, fmt.Sprintf("%s (%s)", s.ActorName(id), id))
		}
		return strings.Join(out, ", ")
	}
	return strings.Join(ids, ", ")
}
