package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

type showOptions struct {
	io     *IO
	flags  scenarioFlags
	format string
}

func newCmdScenario(io *IO) *cobra.Command {
	c := &cobra.Command{
		Use:   "scenario",
		Short: "Inspect scenarios",
	}
	opts := &showOptions{io: io}
	show := &cobra.Command{
		Use:   "show [FILE]",
		Short: "Print the normalised scenario, defaults resolved",
		Long: `Show prints a scenario with every default made explicit and --set overrides
applied. Without FILE it prints the embedded default scenario, menon2023.`,
		Example: "  bulwark scenario show\n  bulwark scenario show --format json my.yaml",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.flags.file = args[0]
			}
			return showRun(c.Context(), opts)
		},
	}
	show.Flags().StringVar(&opts.format, "format", "yaml", "output format: yaml or json")
	opts.flags.addSet(show)
	c.AddCommand(show)
	return c
}

func showRun(ctx context.Context, opts *showOptions) error {
	if err := checkFormat(opts.format, "yaml", "json"); err != nil {
		return err
	}
	s, err := opts.flags.start(ctx, opts.io)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		var buf bytes.Buffer
		if err := json.Indent(&buf, s.CanonicalJSON(), "", "  "); err != nil {
			return err
		}
		buf.WriteByte('\n')
		_, err := opts.io.Out.Write(buf.Bytes())
		return err
	}
	y, err := s.NormalizedYAML()
	if err != nil {
		return fmt.Errorf("rendering YAML: %w", err)
	}
	_, err = fmt.Fprintf(opts.io.Out, "# scenario %s, normalised (sha256 %s)\n%s", s.Doc.ID, s.SHA256(), y)
	return err
}
