package cli

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/treaty"
	"github.com/spf13/cobra"
)

type explainOptions struct {
	io          *IO
	flags       scenarioFlags
	arrangement string
	events      []string
	format      string
}

func newCmdExplain(io *IO) *cobra.Command {
	opts := &explainOptions{io: io}
	c := &cobra.Command{
		Use:   "explain --arrangement NAME --event EVENT [--event EVENT]...",
		Short: "Who is obliged to do what after the given events, and why",
		Long: `Explain resolves events, applied in order, under one arrangement of the
scenario, and reports every obligation with its chain of reasons, every party
that is not obliged with a reason code, and any conflicts between pledges.

An event is written in the event grammar (docs/scenario.md):

  ACTOR attacks ACTOR [forces in PLACE] [from PLACE] [gray-zone|limited|full|strike]

or given by the id of a named event of the scenario (E1…E6 in menon2023).`,
		Example: `  bulwark explain --arrangement coalition --event "RUS attacks UKR"
  bulwark explain --arrangement coalition --event "RUS attacks UKR" --event "RUS attacks POL strike"
  bulwark explain --arrangement nato --event E5 --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return explainRun(c.Context(), opts)
		},
	}
	opts.flags.addScenario(c)
	c.Flags().StringVarP(&opts.arrangement, "arrangement", "a", "", "arrangement to apply (required)")
	c.Flags().StringArrayVarP(&opts.events, "event", "e", nil, "event, in the event grammar or by id (repeatable; applied in order)")
	c.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	return c
}

func explainRun(ctx context.Context, opts *explainOptions) error {
	if err := checkFormat(opts.format, "text", "json"); err != nil {
		return err
	}
	s, err := opts.flags.start(ctx, opts.io)
	if err != nil {
		return err
	}
	if opts.arrangement == "" {
		return invalidf("--arrangement is required: one of %s", strings.Join(s.ArrangementIDs(), ", "))
	}
	if _, ok := s.Arrangement(opts.arrangement); !ok {
		hint := diag.DidYouMean(opts.arrangement, s.ArrangementIDs())
		if hint != "" {
			hint = " (" + hint + ")"
		}
		return invalidf("unknown arrangement %q%s; the scenario has %s", opts.arrangement, hint, strings.Join(s.ArrangementIDs(), ", "))
	}
	if len(opts.events) == 0 {
		return invalidf("give at least one --event, e.g. --event \"%s attacks %s\"", s.Doc.Roles.Attacker, s.Doc.Roles.Target)
	}
	events, d := s.Events("--event", opts.events)
	if d.HasErrors() {
		return invalidDiags(d)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r, err := treaty.Resolve(s, opts.arrangement, events)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		enc := json.NewEncoder(opts.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return treaty.WriteText(opts.io.Out, s, r)
}
