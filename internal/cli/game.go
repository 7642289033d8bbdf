package cli

import (
	"strings"

	"github.com/bulwark-sim/bulwark/game"
	"github.com/bulwark-sim/bulwark/internal/source"
	"github.com/spf13/cobra"
)

type gameSolveOptions struct {
	io        *IO
	file      string
	method    string
	format    string
	all       bool
	limit     int
	agent     bool
	strategic bool
	cliques   bool
	lambda    float64
	count     int
	trace     bool
	decimals  int
}

func newCmdGame(io *IO) *cobra.Command {
	c := &cobra.Command{
		Use:   "game",
		Short: "Read, convert and solve games in Gambit's formats",
		Long: `Game works on games as data: strategic-form games in Gambit's .nfg format and
extensive-form games in its .efg format. See docs/games.md.`,
	}
	opts := &gameSolveOptions{io: io}
	solve := &cobra.Command{
		Use:   "solve FILE",
		Short: "Find equilibria of a game",
		Long: `Solve reads a game and prints its equilibria. With --format gambit (the
default) it prints one NE,… line per equilibrium, as Gambit 17's command-line
tools do: probabilities by player, then strategy (strategic games) or
information set in depth-first order and action (extensive games), exact
rationals unless --decimals is given. --format text and json add names,
payoffs and each answer's exact regret. See docs/games.md.

Methods:
  enumpure  every pure-strategy Nash equilibrium; for an extensive game those
            of its reduced strategic form, printed as behaviour profiles (as
            Gambit does), or with --agent those of its agent form
  spe       a subgame-perfect equilibrium of a perfect-information extensive
            game (chance allowed) by backward induction, ties broken toward the
            lowest action; --all lists every pure SPE, refusing beyond --limit
  enummixed every extreme Nash equilibrium of a two-player game, exact (vertex
            enumeration); --cliques adds the maximal cliques of interchangeable
            equilibria; trees are solved on their reduced strategic form and
            printed as mixed strategies, as Gambit does
  lcp       Lemke–Howson for two-player strategic games (one equilibrium, the
            one gambit-lcp -e 1 finds; --count N for more, 0 for every
            accessible one); Lemke's algorithm on the sequence form of
            two-player trees; exact answers, float pivoting for large games
  lp        one equilibrium of a two-player constant-sum game by linear
            programming, exact; a tree is solved in its sequence form
            (Koller, Megiddo and von Stengel)
  logit     the logit quantal response equilibrium branch, traced from λ = 0
            to its limit (an approximate Nash equilibrium), or to --lambda;
            for a tree, in its agent form; --trace prints every point;
            float64, printed with --decimals significant digits (default 6)

For an extensive game, --strategic solves its reduced strategic form and
prints mixed strategies over reduced strategies (Gambit's -S).`,
		Example: "  bulwark game solve pledge.nfg\n  bulwark game solve --format json pledge.nfg",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = args[0]
			return gameSolveRun(c.Context(), opts)
		},
	}
	solve.Flags().StringVar(&opts.method, "method", "enumpure", "solver: "+strings.Join(methodNames, ", "))
	solve.Flags().BoolVar(&opts.agent, "agent", false, "extensive games: solve the agent form (enumpure)")
	solve.Flags().BoolVar(&opts.strategic, "strategic", false, "extensive games: solve the reduced strategic form and print mixed strategies")
	solve.Flags().IntVar(&opts.decimals, "decimals", -1, "print probabilities rounded to this many decimals (-1: exact)")
	solve.Flags().BoolVar(&opts.all, "all", false, "spe: every pure subgame-perfect equilibrium")
	solve.Flags().IntVar(&opts.limit, "limit", 0, "a bound on the work: spe --all refuses games with more equilibria (default 10000); enummixed visits at most this many bases per polytope (default 262144); 0 means the default")
	solve.Flags().IntVar(&opts.count, "count", 1, "lcp: stop after this many equilibria; 0 finds every accessible one, as gambit-lcp does by default")
	solve.Flags().Float64Var(&opts.lambda, "lambda", 0, "logit: the quantal response equilibrium at this λ (default: trace to the limit)")
	solve.Flags().BoolVar(&opts.trace, "trace", false, "logit: print every point of the branch, as gambit-logit does without -e")
	solve.Flags().BoolVar(&opts.cliques, "cliques", false, "enummixed: also print the maximal cliques of interchangeable equilibria (Gambit's -c)")
	solve.Flags().StringVar(&opts.format, "format", "gambit", "output format: gambit, json or text")
	c.AddCommand(solve, newCmdGameConvert(io))
	return c
}

func newCmdGameConvert(streams *IO) *cobra.Command {
	var to string
	c := &cobra.Command{
		Use:   "convert FILE --to nfg|efg",
		Short: "Convert a game between Gambit's formats",
		Long: `Convert writes a game to standard output in Gambit's .nfg or .efg format. An
extensive game becomes its reduced strategic form (strategies labelled by the
action taken at each of the player's information sets, * where the player's own
earlier moves rule the set out); a strategic game becomes a tree in which the
players move in turn without seeing each other's moves. Converting to a game's
own format rewrites it with labels normalised.`,
		Example: "  bulwark game convert pledge.efg --to nfg\n  bulwark game convert pledge.nfg --to efg",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if to != "nfg" && to != "efg" {
				return invalidf("--to must be nfg or efg, not %q", to)
			}
			nf, ef, err := readGame(args[0], streams)
			if err != nil {
				return err
			}
			switch {
			case to == "nfg" && nf != nil:
				return game.WriteNFG(streams.Out, nf)
			case to == "nfg":
				if nf, err = ef.ReducedNormalForm(); err != nil {
					return invalidf("%s: %v", args[0], err)
				}
				return game.WriteNFG(streams.Out, nf)
			case ef != nil:
				return game.WriteEFG(streams.Out, ef)
			default:
				if ef, err = nf.ExtensiveForm(); err != nil {
					return invalidf("%s: %v", args[0], err)
				}
				return game.WriteEFG(streams.Out, ef)
			}
		},
	}
	c.Flags().StringVar(&to, "to", "", "target format: nfg or efg (required)")
	return c
}

// readGame reads a game file of either format, chosen by its first word
// (NFG or EFG). Exactly one of the results is set; warnings are printed.
func readGame(path string, streams *IO) (*game.NormalForm, *game.Extensive, error) {
	path, src, d := source.Read(path, streams.In, game.MaxFileBytes, "256 MiB")
	if d != nil {
		return nil, nil, invalidDiags(d)
	}
	var nf *game.NormalForm
	var ef *game.Extensive
	if head := strings.TrimLeft(string(src[:min(len(src), 64)]), " \t\r\n"); strings.HasPrefix(head, "EFG") {
		ef, d = game.ReadEFG(path, src)
	} else {
		nf, d = game.ReadNFG(path, src)
	}
	d.Sort()
	if d.HasErrors() {
		return nil, nil, invalidDiags(d)
	}
	d.WriteText(streams.ErrOut)
	return nf, ef, nil
}
