package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/bulwark-sim/bulwark/server"
	"github.com/bulwark-sim/bulwark/store"
	"github.com/spf13/cobra"
)

// shutdownGrace is how long bulwark serve waits for open requests once
// asked to stop (the runs themselves are cancelled and saved at once).
const shutdownGrace = 10 * time.Second

type serveOptions struct {
	io         *IO
	addr       string
	store      storeFlags
	token      string
	maxRuns    int
	maxSamples int64
	maxRunTime time.Duration
	maxBody    int64
}

// listenHookKey keys an optional func(addr string) in the context, called
// with the address bulwark serve listens on once it does (tests serve on
// port 0 with it).
type listenHookKey struct{}

func newCmdServe(io *IO) *cobra.Command {
	opts := &serveOptions{io: io}
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--store PATH | --no-store] [--token T]",
		Short: "Serve the web UI and the JSON API: edit a scenario, run comparisons, browse stored runs",
		Long: `Serve starts an HTTP server with a web UI and a JSON API (docs/server.md;
the OpenAPI document is at /openapi.json): edit and validate a scenario, move
its main assumptions with sliders, run comparisons and follow their progress,
read, compare and download stored runs. Runs are saved in the run store, like
those of bulwark compare, with command "serve".

By default it listens on 127.0.0.1:8080, on this machine's loopback; it
refuses requests naming another host than localhost (DNS rebinding) and
browsers' cross-origin requests (docs/server.md, Safety). To listen on
another address, give a token with --token or $BULWARK_TOKEN: every
API request must then carry "Authorization: Bearer TOKEN" (the UI takes it
from ?token=TOKEN in its address). At most --max-runs runs compute at once;
each makes at most --max-samples draws per arrangement and stops after
--max-run-time, saved partial. Ctrl-C or SIGTERM stops the server: running
runs are cancelled and saved partial before it exits.`,
		Example: `  bulwark serve
  bulwark serve --addr 127.0.0.1:9000 --no-store
  BULWARK_TOKEN=$(openssl rand -hex 16) bulwark serve --addr 0.0.0.0:8080`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return serveRun(c.Context(), opts)
		},
	}
	c.Flags().StringVar(&opts.addr, "addr", "127.0.0.1:8080", "address to listen on, host:port; a non-loopback host needs --token")
	opts.store.add(c)
	c.Flags().Lookup("store").Usage = "save the runs in this run store (default: $XDG_DATA_HOME/bulwark/runs.db; see bulwark runs)"
	c.Flags().Lookup("no-store").Usage = "do not save the runs: keep the most recent in memory only"
	c.Flags().StringVar(&opts.token, "token", "", "require this bearer token on every API request (default: $BULWARK_TOKEN)")
	c.Flags().IntVar(&opts.maxRuns, "max-runs", server.DefaultMaxRuns, "runs computing at once; more are refused with 429")
	c.Flags().Int64Var(&opts.maxSamples, "max-samples", server.DefaultMaxSamples, "most draws per arrangement a run may make")
	c.Flags().DurationVar(&opts.maxRunTime, "max-run-time", server.DefaultMaxRunTime, "longest a run may compute; it is then stopped and saved partial")
	c.Flags().Int64Var(&opts.maxBody, "max-body", server.DefaultMaxBody, "largest request body accepted, in bytes")
	return c
}

func serveRun(ctx context.Context, opts *serveOptions) error {
	if opts.token == "" {
		opts.token = os.Getenv("BULWARK_TOKEN")
	}
	switch {
	case opts.maxRuns < 1:
		return invalidf("--max-runs %d: give 1 or more", opts.maxRuns)
	case opts.maxSamples < 1:
		return invalidf("--max-samples %d: give 1 or more", opts.maxSamples)
	case opts.maxRunTime <= 0:
		return invalidf("--max-run-time %v: give a positive duration, e.g. 5m", opts.maxRunTime)
	case opts.maxBody < 1024:
		return invalidf("--max-body %d: give at least 1024 bytes", opts.maxBody)
	case opts.store.noStore && opts.store.path != "":
		return invalidf("give --store or --no-store, not both")
	}
	if _, _, err := net.SplitHostPort(opts.addr); err != nil {
		return invalidf("--addr %q: give host:port, e.g. 127.0.0.1:8080", opts.addr)
	}
	if !server.IsLoopback(opts.addr) && opts.token == "" {
		return invalidf("--addr %s is reachable from other machines: give a token with --token or $BULWARK_TOKEN, which every API request must then present", opts.addr)
	}
	var st *store.Store
	if !opts.store.noStore {
		var err error
		if st, err = openRunStore(opts.store.path); err != nil {
			return err
		}
		defer st.Close()
	}
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", opts.addr, err)
	}
	logger := slog.New(slog.NewTextHandler(opts.io.ErrOut, nil))
	srv := server.New(server.Config{
		Store: st, Token: opts.token, MaxRuns: opts.maxRuns, MaxSamples: opts.maxSamples,
		MaxRunTime: opts.maxRunTime, MaxBody: opts.maxBody, Logger: logger,
	})
	where := "runs are not saved (--no-store)"
	if st != nil {
		where = "runs are saved in " + st.Path()
	}
	url := "http://" + ln.Addr().String() + "/"
	if opts.token != "" {
		url += "?token=…"
	}
	fmt.Fprintf(opts.io.ErrOut, "Bulwark %s serving on %s; %s. Ctrl-C stops.\n", Version(), url, where)
	if hook, ok := ctx.Value(listenHookKey{}).(func(string)); ok {
		hook(ln.Addr().String())
	}
	if err := srv.Serve(ctx, ln, shutdownGrace); err != nil {
		return err
	}
	if st != nil {
		fmt.Fprintln(opts.io.ErrOut, "Stopped; any run still computing was saved, marked partial.")
	} else {
		fmt.Fprintln(opts.io.ErrOut, "Stopped.")
	}
	return nil
}
