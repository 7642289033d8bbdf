package cli

import (
	"context"
	"slices"
	"strings"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/scenario"
	"github.com/spf13/cobra"
)

// scenarioFlags are the flags of every command that reads a scenario.
type scenarioFlags struct {
	file string
	sets []string
}

func (f *scenarioFlags) addSet(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.sets, "set", nil, "override a scenario value: KEY=VALUE, KEY a dotted path (list items by id), e.g. arrangements.coalition.guarantors=POL,EST,FIN (repeatable)")
}

func (f *scenarioFlags) addScenario(c *cobra.Command) {
	c.Flags().StringVar(&f.file, "scenario", "", "scenario file (default: the embedded menon2023)")
	f.addSet(c)
}

// load reads the scenario named by the flags, or the embedded default.
// Warnings are returned with a usable scenario; errors are an
// invalidError.
func (f *scenarioFlags) load() (*scenario.Scenario, diag.List, error) {
	sp := runner.Spec{File: f.file, Sets: f.sets}
	return sp.Load()
}

// checkFormat refuses a --format value that is not one of formats.
func checkFormat(format string, formats ...string) error {
	if !slices.Contains(formats, format) {
		return invalidf("unknown --format %q: use %s", format, strings.Join(formats, " or "))
	}
	return nil
}

// start does what every command that reads a scenario does first (after
// checkFormat): load the scenario, stop if interrupted, and print any
// warnings.
func (f *scenarioFlags) start(ctx context.Context, io *IO) (*scenario.Scenario, error) {
	s, warns, err := f.load()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	warns.WriteText(io.ErrOut)
	return s, nil
}
