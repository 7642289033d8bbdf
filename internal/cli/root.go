package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/bulwark-sim/bulwark/diag"
	"github.com/bulwark-sim/bulwark/internal/runner"
	"github.com/spf13/cobra"
)

// Exit codes.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitInvalid   = 2
	ExitInterrupt = 130
)

// IO holds a command's streams.
type IO struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
}

// invalidError marks input or usage errors (exit code 2): the runner's
// (a bad option, scenario or arrangement) and the command line's own. If
// Diags is set, it is printed in full.
type invalidError = runner.InvalidError

func invalidf(format string, args ...any) error {
	return &invalidError{Msg: fmt.Sprintf(format, args...)}
}

func invalidDiags(d diag.List) error { return &invalidError{Diags: d} }

// Version returns the module version recorded in the binary, or "devel".
func Version() string { return runner.Version() }

// NewCmdRoot builds the bulwark command tree.
func NewCmdRoot(io *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "bulwark",
		Short: "Model security guarantees between states",
		Long: `Bulwark turns proposals for security guarantees between states into
executable models: who is obliged to act after an attack, and why.

Without --scenario, commands use the embedded default scenario menon2023,
the four arrangements for Ukraine of Bulwark's founding essay.`,
		Version:       Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &invalidError{Msg: err.Error() + "\nRun '" + c.CommandPath() + " --help' for usage."}
	})
	root.AddCommand(newCmdCompare(io), newCmdValidate(io), newCmdScenario(io), newCmdExplain(io), newCmdActors(io), newCmdGame(io), newCmdReport(io), newCmdRuns(io), newCmdServe(io))
	return root
}

// Main runs the command line with os.Args and returns the exit code.
func Main() int {
	// SIGTERM stops a command as Ctrl-C does: bulwark serve shuts down
	// gracefully, and a comparison is saved partial.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, os.Args[1:], &IO{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr})
}

// Run runs the command line with the given arguments and streams.
func Run(ctx context.Context, args []string, io *IO) int {
	root := NewCmdRoot(io)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var inv *invalidError
	switch {
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		fmt.Fprintln(io.ErrOut, "interrupted")
		return ExitInterrupt
	case errors.As(err, &inv):
		if inv.Diags != nil {
			inv.Diags.WriteText(io.ErrOut)
		} else {
			fmt.Fprintln(io.ErrOut, "bulwark: "+inv.Msg)
		}
		return ExitInvalid
	case isUsageError(err):
		fmt.Fprintf(io.ErrOut, "bulwark: %v\nRun 'bulwark --help' for usage.\n", err)
		return ExitInvalid
	default:
		fmt.Fprintln(io.ErrOut, "bulwark: internal error: "+err.Error())
		return ExitError
	}
}

// isUsageError recognises cobra's argument and command errors.
func isUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires ", "unknown flag", "unknown shorthand", "invalid argument", "flag needs"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
