package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/bulwark-sim/bulwark/store"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// defaultRunsLimit is how many runs `bulwark runs list` shows by default.
const defaultRunsLimit = 20

type runsOptions struct {
	io     *IO
	store  string
	format string
	list   store.ListOptions
}

func newCmdRuns(io *IO) *cobra.Command {
	opts := &runsOptions{io: io}
	c := &cobra.Command{
		Use:   "runs",
		Short: "List, show, compare and remove saved runs",
		Long: `Every run of bulwark compare is saved in the run store, an SQLite database at
$XDG_DATA_HOME/bulwark/runs.db (default ~/.local/share/bulwark/runs.db), or
the file --store names: the canonical scenario and its SHA-256, seed, version,
command line, results and timings. An interrupted run is saved marked partial.

A run is named by its id, e.g. 7-3f9a2c, by its number alone (7), or by a
unique prefix of its id.`,
		Example: `  bulwark runs list
  bulwark runs show 7
  bulwark runs diff 7 9
  bulwark runs rm 7-3f9a2c`,
	}
	c.PersistentFlags().StringVar(&opts.store, "store", "", "run store file (default: $XDG_DATA_HOME/bulwark/runs.db)")
	c.PersistentFlags().StringVar(&opts.format, "format", "text", "output format: text or json")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the saved runs, newest first",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runsList(c.Context(), opts)
		},
	}
	list.Flags().IntVarP(&opts.list.Limit, "limit", "n", defaultRunsLimit, "show at most N runs (0: all)")
	list.Flags().StringVar(&opts.list.Scenario, "scenario", "", "only the runs of the scenario with this id")
	list.Flags().StringVar(&opts.list.Command, "command", "", "only the runs of this command, e.g. compare")

	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show a saved run: what produced it and its estimates",
		Long: `Show prints a run's record and its estimates. --format json prints everything
saved, with the canonical scenario text and the full results.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runsShow(c.Context(), opts, args[0])
		},
	}
	diff := &cobra.Command{
		Use:   "diff ID ID",
		Short: "Compare two saved runs: scenario, seed, flags and every estimate",
		Args:  cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			return runsDiff(c.Context(), opts, args[0], args[1])
		},
	}
	rm := &cobra.Command{
		Use:   "rm ID",
		Short: "Remove a saved run",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runsRemove(c.Context(), opts, args[0])
		},
	}
	c.AddCommand(list, show, diff, rm)
	return c
}

// openStore checks --format and opens the store --store names, or the
// default one.
func (o *runsOptions) openStore() (*store.Store, error) {
	if o.format != "text" && o.format != "json" {
		return nil, invalidf("unknown --format %q: use text or json", o.format)
	}
	return openRunStore(o.store)
}

// openRunStore opens the store at path, or at the default path if empty.
// A file that is not a usable store is an input error (exit 2).
func openRunStore(path string) (*store.Store, error) {
	if path == "" {
		p, err := store.DefaultPath()
		if err != nil {
			return nil, invalidf("%v; give the run store with --store PATH", err)
		}
		path = p
	}
	s, err := store.Open(path)
	if err != nil {
		return nil, invalidf("%v", err)
	}
	return s, nil
}

// lookupErr turns a bad run id into an input error (exit 2).
func lookupErr(err error) error {
	var nf *store.NotFoundError
	var amb *store.AmbiguousError
	if errors.As(err, &nf) || errors.As(err, &amb) {
		return invalidf("%v", err)
	}
	return err
}

func runsList(ctx context.Context, opts *runsOptions) error {
	if opts.list.Limit < 0 {
		return invalidf("--limit %d: give 0 (all) or more", opts.list.Limit)
	}
	s, err := opts.openStore()
	if err != nil {
		return err
	}
	defer s.Close()
	runs, err := s.List(ctx, opts.list)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		if runs == nil {
			runs = []store.Summary{}
		}
		return store.WriteJSON(opts.io.Out, runs)
	}
	return store.WriteList(opts.io.Out, runs)
}

func runsShow(ctx context.Context, opts *runsOptions, id string) error {
	s, err := opts.openStore()
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Get(ctx, id)
	if err != nil {
		return lookupErr(err)
	}
	if opts.format == "json" {
		return store.WriteJSON(opts.io.Out, r)
	}
	return store.WriteRun(opts.io.Out, r)
}

func runsDiff(ctx context.Context, opts *runsOptions, idA, idB string) error {
	s, err := opts.openStore()
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := s.Get(ctx, idA)
	if err != nil {
		return lookupErr(err)
	}
	b, err := s.Get(ctx, idB)
	if err != nil {
		return lookupErr(err)
	}
	d, err := store.Diff(a, b)
	if err != nil {
		return err
	}
	if opts.format == "json" {
		return store.WriteJSON(opts.io.Out, d)
	}
	return store.WriteDiff(opts.io.Out, d)
}

func runsRemove(ctx context.Context, opts *runsOptions, id string) error {
	s, err := opts.openStore()
	if err != nil {
		return err
	}
	defer s.Close()
	full, err := s.Delete(ctx, id)
	if err != nil {
		return lookupErr(err)
	}
	if opts.format == "json" {
		return store.WriteJSON(opts.io.Out, map[string]string{"removed": full})
	}
	_, err = fmt.Fprintf(opts.io.Out, "removed run %s\n", full)
	return err
}

// storeFlags are the flags of a command that saves its runs.
type storeFlags struct {
	path    string
	noStore bool
}

func (f *storeFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.path, "store", "", "save the run in this run store (default: $XDG_DATA_HOME/bulwark/runs.db; see bulwark runs)")
	c.Flags().BoolVar(&f.noStore, "no-store", false, "do not save the run")
}

// saveReport saves run, a run of command c (nil if it made no figures),
// as runner.Record describes: partial if interrupted, failed on any other
// error. It runs even after Ctrl-C. Saving is best effort: a failure is
// printed as a warning and does not change the command's outcome. On
// success it prints the run's id on standard error.
func (f *storeFlags) saveReport(ctx context.Context, c *cobra.Command, io *IO, run *runner.Result) {
	if f.noStore || run == nil || run.Scenario == nil {
		return
	}
	r, err := runner.Record(c.Name(), commandLine(c), run.Scenario, run.Report, run.Started, run.Finished, run.Err)
	if err != nil {
		fmt.Fprintf(io.ErrOut, "bulwark: warning: run not saved: %v\n", err)
		return
	}
	st, err := openRunStore(f.path)
	if err != nil {
		fmt.Fprintf(io.ErrOut, "bulwark: warning: run not saved: %v\n", err)
		return
	}
	defer st.Close()
	id, err := runner.Save(ctx, st, r)
	if err != nil {
		fmt.Fprintf(io.ErrOut, "bulwark: warning: run not saved: %v\n", err)
		return
	}
	note := ""
	if r.Status != store.StatusComplete {
		note = ", marked " + string(r.Status)
	}
	fmt.Fprintf(io.ErrOut, "Saved as run %s%s (bulwark runs show %s).\n", id, note, strings.SplitN(id, "-", 2)[0])
}

// commandLine reconstructs c's command line in a canonical form: the
// command path without the program name, then every flag set, as
// --name=value in name order (a list flag once per item). --store and
// --no-store, which do not change the results, are left out.
func commandLine(c *cobra.Command) []string {
	var args []string
	for p := c; p.HasParent(); p = p.Parent() {
		args = append([]string{p.Name()}, args...)
	}
	c.Flags().Visit(func(f *pflag.Flag) {
		if f.Name == "store" || f.Name == "no-store" {
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				args = append(args, "--"+f.Name+"="+v)
			}
			return
		}
		args = append(args, "--"+f.Name+"="+f.Value.String())
	})
	return args
}
