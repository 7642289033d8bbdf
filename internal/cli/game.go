package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bulwark-sim/bulwark/game"
	"github.com/bulwark-sim/bulwark/internal/source"
	"github.com/spf13/cobra"
)

type gameSolveOptions struct {
	io     *IO
	file   string
	method string
	format string
	all    bool
	limit  int
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
		Long: `Solve reads a game and prints its equilibria. With --format gambit it prints
one NE,… line per equilibrium, as Gambit's command-line tools do: probabilities
by player, then strategy, exact rationals.

Methods available so far:
  enumpure  every pure-strategy Nash equilibrium of a strategic game; for an
            extensive game, of its reduced strategic form, listed as reduced
            strategies such as "12" or "1*" with --format text or json
  spe       a subgame-perfect equilibrium of a perfect-information extensive
            game (chance allowed) by backward induction, ties broken toward the
            lowest action; --all lists every pure SPE, refusing beyond --limit`,
		Example: "  bulwark game solve pledge.nfg\n  bulwark game solve --format json pledge.nfg",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = args[0]
			return gameSolveRun(c.Context(), opts)
		},
	}
	solve.Flags().StringVar(&opts.method, "method", "enumpure", "solver: enumpure or spe")
	solve.Flags().BoolVar(&opts.all, "all", false, "spe: every pure subgame-perfect equilibrium")
	solve.Flags().IntVar(&opts.limit, "limit", 10000, "spe --all: refuse games with more equilibria than this")
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

func gameSolveRun(ctx context.Context, opts *gameSolveOptions) error {
	switch opts.format {
	case "gambit", "json", "text":
	default:
		return invalidf("unknown --format %q: use gambit, json or text", opts.format)
	}
	if opts.method != "enumpure" && opts.method != "spe" {
		return invalidf("unknown --method %q: available so far: enumpure, spe", opts.method)
	}
	nf, ef, err := readGame(opts.file, opts.io)
	if err != nil {
		return err
	}
	if opts.method == "spe" {
		if ef == nil {
			return invalidf("spe needs an extensive game (.efg); %s is a strategic game", opts.file)
		}
		return speRun(ctx, opts, ef)
	}
	g := nf
	if ef != nil {
		if opts.format == "gambit" {
			return invalidf("--format gambit for extensive games (behaviour profiles) is not implemented yet; use --format text or json, which list reduced strategies")
		}
		if g, err = ef.ReducedNormalForm(); err != nil {
			return invalidf("%s: the game is too large for enumpure on its reduced strategic form: %v", opts.file, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	eqs := game.EnumPure(g)
	type eqJSON struct {
		Strategies    []string   `json:"strategies"`
		Probabilities [][]string `json:"probabilities"`
		Regret        string     `json:"regret"`
	}
	var out []eqJSON
	for _, s := range eqs {
		p := g.PureProfile(s)
		r, err := g.Verify(p)
		if err != nil {
			return err
		}
		if r.Max.Sign() != 0 {
			return fmt.Errorf("enumpure returned a profile with regret %s", game.RatString(r.Max))
		}
		e := eqJSON{Regret: game.RatString(r.Max)}
		var flat []string
		for i, si := range s {
			e.Strategies = append(e.Strategies, g.Strategies[i][si])
			var probs []string
			for _, x := range p[i] {
				probs = append(probs, x.Text())
				flat = append(flat, x.Text())
			}
			e.Probabilities = append(e.Probabilities, probs)
		}
		out = append(out, e)
		switch opts.format {
		case "gambit":
			fmt.Fprintln(opts.io.Out, "NE,"+strings.Join(flat, ","))
		case "text":
			var parts []string
			for i, name := range e.Strategies {
				parts = append(parts, fmt.Sprintf("%s plays %s", g.Players[i], name))
			}
			fmt.Fprintln(opts.io.Out, strings.Join(parts, "; "))
		}
	}
	switch opts.format {
	case "json":
		if out == nil {
			out = []eqJSON{}
		}
		enc := json.NewEncoder(opts.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"method": opts.method, "equilibria": out})
	case "text":
		if len(eqs) == 0 {
			fmt.Fprintln(opts.io.Out, "no pure-strategy equilibrium")
		}
	}
	return nil
}

// speRun solves a perfect-information game by backward induction.
func speRun(ctx context.Context, opts *gameSolveOptions, g *game.Extensive) error {
	var profiles []game.BehaviourProfile
	ties := -1
	if opts.all {
		all, err := g.AllSPE(opts.limit)
		if err != nil {
			return invalidf("%s: %v (raise --limit to list more)", opts.file, err)
		}
		profiles = all
	} else {
		r, err := g.SPE()
		if err != nil {
			return invalidf("%s: %v", opts.file, err)
		}
		profiles, ties = []game.BehaviourProfile{r.Profile}, r.Ties
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	type eqJSON struct {
		Profile string   `json:"profile"`
		Values  []string `json:"values"`
		Regret  string   `json:"regret"`
	}
	var out []eqJSON
	for _, b := range profiles {
		gain, err := g.VerifyBehaviour(b)
		if err != nil {
			return err
		}
		if gain.Sign() != 0 {
			return fmt.Errorf("spe returned a profile with regret %s", game.RatString(gain))
		}
		vals, err := g.BehaviourValues(b)
		if err != nil {
			return err
		}
		e := eqJSON{Profile: g.FormatGambit(b, -1), Regret: "0"}
		for _, v := range vals {
			e.Values = append(e.Values, game.RatString(v))
		}
		out = append(out, e)
		switch opts.format {
		case "gambit":
			fmt.Fprintln(opts.io.Out, e.Profile)
		case "text":
			var parts []string
			for i, p := range g.Players {
				parts = append(parts, fmt.Sprintf("%s %s", p, e.Values[i]))
			}
			fmt.Fprintf(opts.io.Out, "%s  (payoffs: %s)\n", e.Profile, strings.Join(parts, ", "))
		}
	}
	switch opts.format {
	case "json":
		res := map[string]any{"method": "spe", "equilibria": out}
		if ties >= 0 {
			res["tied_nodes"] = ties
		}
		enc := json.NewEncoder(opts.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "text":
		if ties > 0 {
			fmt.Fprintf(opts.io.Out, "%d decision nodes had tied best actions; the lowest-numbered was taken (see --all)\n", ties)
		}
	default:
		if ties > 0 {
			fmt.Fprintf(opts.io.ErrOut, "note: %d decision nodes had tied best actions; the lowest-numbered was taken (see --all)\n", ties)
		}
	}
	return nil
}
