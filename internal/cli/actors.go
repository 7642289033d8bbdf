package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/bulwark-sim/bulwark/dataset"
	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/spf13/cobra"
)

type actorsOptions struct {
	io     *IO
	flags  scenarioFlags
	ids    []string
	format string
}

func newCmdActors(io *IO) *cobra.Command {
	opts := &actorsOptions{io: io}
	c := &cobra.Command{
		Use:   "actors [ID]...",
		Short: "List actors, or show an actor's figures with their sources",
		Long: `Without IDs, actors lists every actor the scenario knows: the embedded
dataset's and the scenario's own. With IDs, it shows each actor's figures with
the source of every number; a figure the sources do not give is shown as
missing, never as zero. Scenario overrides (actors: … figures:) are included.`,
		Example: "  bulwark actors\n  bulwark actors POL UKR\n  bulwark actors --format json RUS",
		RunE: func(c *cobra.Command, args []string) error {
			opts.ids = args
			return actorsRun(c.Context(), opts)
		},
	}
	opts.flags.addScenario(c)
	c.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	return c
}

type actorView struct {
	*scenario.ActorInfo
	Groups  []string `json:"groups"`
	Missing []string `json:"missing"`
}

func actorsRun(ctx context.Context, opts *actorsOptions) error {
	if err := checkFormat(opts.format, "text", "json"); err != nil {
		return err
	}
	s, err := opts.flags.start(ctx, opts.io)
	if err != nil {
		return err
	}
	ids := opts.ids
	if len(ids) == 0 {
		for _, a := range s.Data.Actors {
			ids = append(ids, a.ID)
		}
		for _, a := range s.Doc.Actors {
			if !slices.Contains(ids, a.ID) {
				ids = append(ids, a.ID)
			}
		}
	}
	var views []actorView
	var bad diag.List
	for i, id := range ids {
		a, ok := s.Actor(id)
		if !ok {
			var known []string
			for _, x := range s.Data.Actors {
				known = append(known, x.ID)
			}
			bad.Add(diag.Pos{File: fmt.Sprintf("argument #%d", i+1)}, fmt.Sprintf("unknown actor %q", id), diag.DidYouMean(id, known))
			continue
		}
		views = append(views, actorView{ActorInfo: a, Groups: s.GroupsOf(id), Missing: s.Data.MissingFrom(a.Figures)})
	}
	if bad.HasErrors() {
		return invalidDiags(bad)
	}
	if opts.format == "json" {
		enc := json.NewEncoder(opts.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(views)
	}
	tw := tabwriter.NewWriter(opts.io.Out, 0, 4, 2, ' ', 0)
	if len(opts.ids) == 0 {
		fmt.Fprintln(tw, "ID\tNAME\tKIND\tGROUPS\tFIGURES\tMISSING")
		for _, v := range views {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\n", v.ID, v.Name, v.Kind, strings.Join(v.Groups, ","), len(v.Figures), len(v.Missing))
		}
		return tw.Flush()
	}
	for i, v := range views {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%s (%s), %s; regions %s; groups %s\n", v.Name, v.ID, v.Kind, orNone(v.Regions), orNone(v.Groups))
		fmt.Fprintln(tw, "FIGURE\tVALUE\tUNIT\tSOURCE")
		for _, c := range s.Data.Columns {
			if !c.Numeric {
				continue
			}
			if f, ok := v.Figures[c.Name]; ok {
				fmt.Fprintf(tw, "%s\t%g\t%s\t%s\n", c.Name, f.Value, c.Unit, f.Source)
			} else {
				fmt.Fprintf(tw, "%s\tmissing\t%s\t(no source gives it)\n", c.Name, c.Unit)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(v.Figures)) {
			if !slices.ContainsFunc(s.Data.Columns, func(c *dataset.Column) bool { return c.Name == name }) {
				f := v.Figures[name]
				fmt.Fprintf(tw, "%s\t%g\t\t%s\n", name, f.Value, f.Source)
			}
		}
	}
	return tw.Flush()
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}
