package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/bulwark-sim/bulwark/game"
)

// solution is one answer of a solver, ready for every output format.
type solution struct {
	// Gambit is the line Gambit's command-line tool prints for it.
	Gambit string `json:"gambit"`
	// Strategies names each player's strategy, for pure strategic answers.
	Strategies []string `json:"strategies,omitempty"`
	// Probabilities are by player and strategy (strategic answers) or by
	// information set and action (behaviour profiles; see Sets).
	Probabilities [][]string `json:"probabilities"`
	// Sets names the information set of each row of a behaviour profile.
	Sets []string `json:"information_sets,omitempty"`
	// Payoffs are the players' expected payoffs.
	Payoffs []string `json:"payoffs,omitempty"`
	// Regret is the exact largest gain from a unilateral deviation (0 for
	// a Nash equilibrium), or from a deviation at one information set for
	// agent-form answers.
	Regret string `json:"regret,omitempty"`
	// Lambda and Residual describe a logit quantal response equilibrium.
	Lambda   *float64 `json:"lambda,omitempty"`
	Residual *float64 `json:"residual,omitempty"`
	// NashRegret is a logit limit point's largest gain from a unilateral
	// deviation, in floating point.
	NashRegret *float64 `json:"nash_regret,omitempty"`
	text       string
}

// solveResult is what game solve prints with --format json.
type solveResult struct {
	Method string `json:"method"`
	Title  string `json:"game"`
	// Form is the representation solved: strategic, reduced strategic,
	// extensive (behaviour strategies) or agent.
	Form       string     `json:"form"`
	Equilibria []solution `json:"equilibria"`
	TiedNodes  *int       `json:"tied_nodes,omitempty"`
	// Cliques are enummixed's maximal cliques of interchangeable extreme
	// equilibria, as gambit-enummixed -c prints them.
	Cliques []string `json:"cliques,omitempty"`
	// Trace holds logit's points along the branch, with --trace.
	Trace []string `json:"trace,omitempty"`
	Notes []string `json:"notes,omitempty"`
}

// formatRat writes x exactly (decimals < 0) or rounded.
func formatRat(x *big.Rat, decimals int) string {
	if decimals < 0 {
		return game.RatString(x)
	}
	return x.FloatString(decimals)
}

// strategicSolutions turns strategic-form profiles into solutions, checking
// each one's exact regret. If red is set, the game is the reduced strategic
// form of red's tree and, unless strategic output is asked for, the
// profiles are printed as the behaviour profiles they induce, as Gambit
// prints strategic answers for extensive games.
func strategicSolutions(opts *gameSolveOptions, g *game.NormalForm, profiles []game.MixedProfile, ef *game.Extensive, red *game.Reduced) ([]solution, error) {
	var out []solution
	for _, p := range profiles {
		r, err := g.Verify(p)
		if err != nil {
			return nil, err
		}
		if r.Max.Sign() != 0 {
			return nil, fmt.Errorf("internal error: %s returned a profile with regret %s", opts.method, game.RatString(r.Max))
		}
		vals, err := g.StrategyValues(p)
		if err != nil {
			return nil, err
		}
		sol := solution{Regret: "0"}
		pure := true
		var parts []string
		for i, pi := range p {
			row := make([]string, len(pi))
			var mix []string
			for j, x := range pi {
				row[j] = formatRat(x.Rat(), opts.decimals)
				if !x.IsZero() {
					mix = append(mix, fmt.Sprintf("%s %s", g.Strategies[i][j], row[j]))
					sol.Strategies = append(sol.Strategies, g.Strategies[i][j])
				}
			}
			if len(mix) != 1 {
				pure = false
			} else {
				mix[0] = sol.Strategies[len(sol.Strategies)-1]
			}
			sol.Probabilities = append(sol.Probabilities, row)
			parts = append(parts, fmt.Sprintf("%s: %s", g.Players[i], strings.Join(mix, ", ")))
			// A player's payoff: the value of any strategy it plays.
			for j, x := range pi {
				if !x.IsZero() {
					sol.Payoffs = append(sol.Payoffs, formatRat(vals[i][j], opts.decimals))
					break
				}
			}
		}
		if !pure {
			sol.Strategies = nil
		}
		if pure {
			parts = parts[:0]
			for i, s := range sol.Strategies {
				parts = append(parts, fmt.Sprintf("%s plays %s", g.Players[i], s))
			}
		}
		sol.text = strings.Join(parts, "; ") + "  (payoffs: " + namedValues(g.Players, sol.Payoffs) + ")"
		if red != nil && !opts.strategic {
			b, err := red.Behaviour(p)
			if err != nil {
				return nil, err
			}
			sol.Gambit = ef.FormatGambit(b, opts.decimals)
			sol.Sets, sol.Probabilities = behaviourRows(ef, b, opts.decimals)
			sol.text = behaviourText(ef, b, sol.Payoffs, opts.decimals)
		} else {
			sol.Gambit = p.FormatGambit(opts.decimals)
		}
		out = append(out, sol)
	}
	return out, nil
}

// behaviourRows lists a behaviour profile's personal information sets, in
// the order Gambit prints them (by player, then depth-first first
// appearance), with their probabilities.
func behaviourRows(g *game.Extensive, b game.BehaviourProfile, decimals int) ([]string, [][]string) {
	var names []string
	var rows [][]string
	for pl := 1; pl <= len(g.Players); pl++ {
		for k, set := range g.Infosets {
			if set.Player != pl {
				continue
			}
			name := fmt.Sprintf("%s: %d", g.Players[pl-1], set.ID)
			if set.Label != "" {
				name += fmt.Sprintf(" %q", set.Label)
			}
			row := make([]string, len(b[k]))
			for a, x := range b[k] {
				row[a] = formatRat(x.Rat(), decimals)
			}
			names, rows = append(names, name), append(rows, row)
		}
	}
	return names, rows
}

// behaviourText describes a behaviour profile for people: each player's
// choice at each of its information sets (named by label, or by number),
// mixtures with their probabilities, "-" at a set the player's own strategy
// rules out, then the payoffs.
func behaviourText(g *game.Extensive, b game.BehaviourProfile, payoffs []string, decimals int) string {
	var players []string
	for pl := 1; pl <= len(g.Players); pl++ {
		var sets []string
		for k, set := range g.Infosets {
			if set.Player != pl {
				continue
			}
			name := set.Label
			if name == "" {
				name = fmt.Sprintf("set %d", set.ID)
			}
			var acts []string
			for a, x := range b[k] {
				switch {
				case x.IsZero():
				case x.Rat().IsInt():
					acts = append(acts, set.Actions[a])
				default:
					acts = append(acts, set.Actions[a]+" "+formatRat(x.Rat(), decimals))
				}
			}
			if len(acts) == 0 {
				acts = []string{"-"}
			}
			sets = append(sets, name+": "+strings.Join(acts, ", "))
		}
		players = append(players, fmt.Sprintf("%s [%s]", g.Players[pl-1], strings.Join(sets, "; ")))
	}
	return strings.Join(players, " ") + "  (payoffs: " + namedValues(g.Players, payoffs) + ")"
}

// namedValues pairs players with values: "A 1, B -2".
func namedValues(players, values []string) string {
	var parts []string
	for i, v := range values {
		parts = append(parts, players[i]+" "+v)
	}
	return strings.Join(parts, ", ")
}

// behaviourSolutions turns behaviour profiles into solutions. check
// returns each profile's exact regret, which must be zero.
func behaviourSolutions(opts *gameSolveOptions, g *game.Extensive, profiles []game.BehaviourProfile, check func(game.BehaviourProfile) (*big.Rat, error)) ([]solution, error) {
	var out []solution
	for _, b := range profiles {
		gain, err := check(b)
		if err != nil {
			return nil, err
		}
		if gain.Sign() != 0 {
			return nil, fmt.Errorf("internal error: %s returned a profile with regret %s", opts.method, game.RatString(gain))
		}
		vals, err := g.BehaviourValues(b)
		if err != nil {
			return nil, err
		}
		sol := solution{Gambit: g.FormatGambit(b, opts.decimals), Regret: "0"}
		sol.Sets, sol.Probabilities = behaviourRows(g, b, opts.decimals)
		for _, v := range vals {
			sol.Payoffs = append(sol.Payoffs, formatRat(v, opts.decimals))
		}
		sol.text = behaviourText(g, b, sol.Payoffs, opts.decimals)
		out = append(out, sol)
	}
	return out, nil
}

// printSolutions writes res in the chosen format.
func printSolutions(opts *gameSolveOptions, res *solveResult) error {
	w := opts.io.Out
	switch opts.format {
	case "json":
		if res.Equilibria == nil {
			res.Equilibria = []solution{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "text":
		for _, s := range res.Equilibria {
			fmt.Fprintln(w, s.text)
		}
		if len(res.Cliques) > 0 {
			fmt.Fprintln(w, "cliques (every mixture of the equilibria within one is an equilibrium):")
			for _, c := range res.Cliques {
				fmt.Fprintln(w, "  "+c)
			}
		}
		if len(res.Equilibria) == 0 {
			fmt.Fprintf(w, "%s found no equilibrium\n", res.Method)
		}
		for _, n := range res.Notes {
			fmt.Fprintln(w, n)
		}
	default:
		for _, t := range res.Trace {
			fmt.Fprintln(w, t)
		}
		for _, s := range res.Equilibria {
			fmt.Fprintln(w, s.Gambit)
		}
		for _, c := range res.Cliques {
			fmt.Fprintln(w, c)
		}
		for _, n := range res.Notes {
			fmt.Fprintln(opts.io.ErrOut, "note: "+n)
		}
	}
	return nil
}

// solveMethods lists the solvers by name. strategic solves a strategic
// game; extensive, if set, solves a tree directly (otherwise a tree is
// solved through its reduced strategic form).
type solveMethod struct {
	strategic func(ctx context.Context, opts *gameSolveOptions, g *game.NormalForm, res *solveResult) ([]game.MixedProfile, error)
	extensive func(ctx context.Context, opts *gameSolveOptions, g *game.Extensive, res *solveResult) error
	// custom, if set, does the whole job for either kind of game (one of
	// nf and ef is set).
	custom func(ctx context.Context, opts *gameSolveOptions, nf *game.NormalForm, ef *game.Extensive, res *solveResult) error
	// mixedOnTrees: answers for a tree found on its reduced strategic
	// form are printed as mixed strategies, as Gambit's tool for the
	// method prints them, rather than as behaviour profiles.
	mixedOnTrees bool
}

func solveMethods() map[string]solveMethod {
	return map[string]solveMethod{
		"enumpure": {
			strategic: func(ctx context.Context, _ *gameSolveOptions, g *game.NormalForm, _ *solveResult) ([]game.MixedProfile, error) {
				var out []game.MixedProfile
				for _, s := range game.EnumPure(g) {
					out = append(out, g.PureProfile(s))
				}
				return out, ctx.Err()
			},
			extensive: enumPureAgentRun,
		},
		"spe":       {extensive: speRun},
		"enummixed": {strategic: enumMixedRun, mixedOnTrees: true},
		"logit":     {custom: logitRun},
		"lcp": {
			strategic: func(ctx context.Context, opts *gameSolveOptions, g *game.NormalForm, _ *solveResult) ([]game.MixedProfile, error) {
				return game.LCP(ctx, g, game.LCPOptions{Count: opts.count})
			},
			extensive: func(ctx context.Context, opts *gameSolveOptions, g *game.Extensive, res *solveResult) error {
				eqs, err := g.LCP(ctx, game.LCPOptions{Count: opts.count})
				if err != nil {
					return err
				}
				res.Form = "sequence form"
				res.Equilibria, err = behaviourSolutions(opts, g, eqs, g.VerifyBehaviour)
				return err
			},
			mixedOnTrees: true,
		},
		"lp": {
			strategic: func(ctx context.Context, _ *gameSolveOptions, g *game.NormalForm, _ *solveResult) ([]game.MixedProfile, error) {
				p, err := game.LP(ctx, g)
				if err != nil {
					return nil, err
				}
				return []game.MixedProfile{p}, nil
			},
			extensive: func(ctx context.Context, opts *gameSolveOptions, g *game.Extensive, res *solveResult) error {
				b, err := g.LP(ctx)
				if err != nil {
					return err
				}
				res.Form = "sequence form"
				res.Equilibria, err = behaviourSolutions(opts, g, []game.BehaviourProfile{b}, g.VerifyBehaviour)
				return err
			},
			mixedOnTrees: true,
		},
	}
}

// methodNames lists the methods in the order the help gives them.
var methodNames = []string{"enumpure", "spe", "enummixed", "lcp", "lp", "logit"}

// logitRun traces the logit quantal response equilibria of a strategic
// game, of an extensive game's agent form, or (--strategic) of its reduced
// strategic form, to the limit or to --lambda.
func logitRun(ctx context.Context, opts *gameSolveOptions, nf *game.NormalForm, ef *game.Extensive, res *solveResult) error {
	o := game.LogitOptions{Lambda: opts.lambda, Trace: opts.trace}
	var r *game.LogitResult
	var err error
	var names [][]string // labels of each row of the profile
	var rows []string
	switch {
	case nf != nil:
		r, err = game.Logit(ctx, nf, o)
		names, rows = nf.Strategies, nf.Players
	case opts.strategic:
		red, rerr := ef.Reduce()
		if rerr != nil {
			return fmt.Errorf("the game is too large for logit on its reduced strategic form: %w", rerr)
		}
		res.Form = "reduced strategic"
		r, err = game.Logit(ctx, red.Game, o)
		names, rows = red.Game.Strategies, red.Game.Players
	default:
		res.Form = "agent"
		r, err = ef.Logit(ctx, o)
		for _, set := range ef.Infosets {
			names = append(names, set.Actions)
			if set.Player == 0 {
				rows = append(rows, "chance")
			} else {
				rows = append(rows, fmt.Sprintf("%s: %d %q", ef.Players[set.Player-1], set.ID, set.Label))
			}
		}
	}
	if r == nil {
		return err
	}
	if err != nil {
		// The tracer stalled: report the last point reached, as Gambit does.
		res.Notes = append(res.Notes, err.Error()+"; the last point reached is shown")
	}
	dec := opts.decimals
	if dec < 0 {
		dec = 6 // Gambit's default
	}
	lambda, resid := r.Lambda, r.Residual
	sol := solution{Gambit: r.FormatGambit(dec), Lambda: &lambda, Residual: &resid}
	if opts.trace {
		// Points that print alike (the secant's landing on λ and its
		// refinement; the final point, which closes the trace) print once.
		for _, pt := range r.Trace {
			line := pt.FormatGambit(dec)
			if n := len(res.Trace); line != sol.Gambit && (n == 0 || res.Trace[n-1] != line) {
				res.Trace = append(res.Trace, line)
			}
		}
	}
	var parts []string
	for i, probs := range r.Profile {
		if rows[i] == "chance" {
			continue
		}
		row := make([]string, len(probs))
		var mix []string
		for a, x := range probs {
			row[a] = strconv.FormatFloat(x, 'g', dec, 64)
			if x >= 0.5e-3 {
				mix = append(mix, fmt.Sprintf("%s %.3f", names[i][a], x))
			}
		}
		sol.Probabilities = append(sol.Probabilities, row)
		sol.Sets = append(sol.Sets, rows[i])
		parts = append(parts, fmt.Sprintf("%s [%s]", rows[i], strings.Join(mix, ", ")))
	}
	if nf != nil || opts.strategic {
		sol.Sets = nil
	}
	if r.Limit {
		reg := r.Regret
		sol.NashRegret = &reg
	}
	sol.text = fmt.Sprintf("λ = %.4g: %s  (residual %.2g", r.Lambda, strings.Join(parts, " "), r.Residual)
	if r.Limit {
		sol.text += fmt.Sprintf(", Nash regret %.2g", r.Regret)
		if r.Pure != nil && r.PureNash {
			sol.text += "; its pure neighbour is an exact Nash equilibrium"
		}
	}
	sol.text += ")"
	res.Equilibria = []solution{sol}
	return nil
}

// enumMixedRun lists every extreme equilibrium of a two-player game and,
// with --cliques, the maximal cliques of interchangeable ones.
func enumMixedRun(ctx context.Context, opts *gameSolveOptions, g *game.NormalForm, res *solveResult) ([]game.MixedProfile, error) {
	o := game.EnumMixedOptions{MaxVertices: opts.limit}
	if !opts.cliques {
		return game.EnumMixed(ctx, g, o)
	}
	eqs, cliques, err := game.EnumMixedCliques(ctx, g, o)
	if err != nil {
		return nil, err
	}
	for k, c := range cliques {
		res.Cliques = append(res.Cliques, c.FormatGambit(k+1, opts.decimals)...)
	}
	return eqs, nil
}

func gameSolveRun(ctx context.Context, opts *gameSolveOptions) error {
	switch opts.format {
	case "gambit", "json", "text":
	default:
		return invalidf("unknown --format %q: use gambit, json or text", opts.format)
	}
	m, ok := solveMethods()[opts.method]
	if !ok {
		return invalidf("unknown --method %q: use one of %s", opts.method, strings.Join(methodNames, ", "))
	}
	if opts.decimals < -1 || opts.decimals > 100 {
		return invalidf("--decimals must be between 0 and 100 (or -1 for exact), not %d", opts.decimals)
	}
	if opts.agent && opts.strategic {
		return invalidf("--agent and --strategic exclude each other")
	}
	if opts.all && opts.method != "spe" {
		return invalidf("--all belongs to --method spe")
	}
	if (opts.lambda != 0 || opts.trace) && opts.method != "logit" {
		return invalidf("--lambda and --trace belong to --method logit")
	}
	if opts.lambda < 0 || math.IsNaN(opts.lambda) || math.IsInf(opts.lambda, 0) {
		return invalidf("--lambda must be a positive number, not %v", opts.lambda)
	}
	if opts.agent && opts.method != "enumpure" {
		return invalidf("--agent belongs to --method enumpure (logit works on the agent form of a tree already)")
	}
	if opts.count != 1 && opts.method != "lcp" {
		return invalidf("--count belongs to --method lcp")
	}
	if opts.count < 0 {
		return invalidf("--count must be 0 (every accessible equilibrium) or more, not %d", opts.count)
	}
	if opts.cliques && opts.method != "enummixed" {
		return invalidf("--cliques belongs to --method enummixed")
	}
	if opts.limit < 0 {
		return invalidf("--limit must be positive (or 0 for the method's default), not %d", opts.limit)
	}
	nf, ef, err := readGame(opts.file, opts.io)
	if err != nil {
		return err
	}
	res := &solveResult{Method: opts.method}
	if (opts.agent || opts.strategic) && nf != nil {
		return invalidf("--agent and --strategic apply to extensive games; %s is a strategic game", opts.file)
	}
	switch {
	case m.custom != nil:
		res.Form = "strategic"
		if nf != nil {
			res.Title = nf.Title
		} else {
			res.Title, res.Form = ef.Title, "extensive"
		}
		if err := m.custom(ctx, opts, nf, ef, res); err != nil {
			return solveErr(ctx, opts, err)
		}
	case nf != nil:
		if m.strategic == nil {
			return invalidf("%s needs an extensive game (.efg); %s is a strategic game", opts.method, opts.file)
		}
		res.Title, res.Form = nf.Title, "strategic"
		profiles, err := m.strategic(ctx, opts, nf, res)
		if err != nil {
			return solveErr(ctx, opts, err)
		}
		if res.Equilibria, err = strategicSolutions(opts, nf, profiles, nil, nil); err != nil {
			return err
		}
	case m.extensive != nil && !opts.strategic:
		res.Title, res.Form = ef.Title, "extensive"
		if err := m.extensive(ctx, opts, ef, res); err != nil {
			return solveErr(ctx, opts, err)
		}
	default:
		if m.strategic == nil {
			return invalidf("%s does not work on the strategic form; drop --strategic", opts.method)
		}
		red, err := ef.Reduce()
		if err != nil {
			return invalidf("%s: the game is too large for %s on its reduced strategic form: %v", opts.file, opts.method, err)
		}
		res.Title, res.Form = ef.Title, "reduced strategic"
		profiles, err := m.strategic(ctx, opts, red.Game, res)
		if err != nil {
			return solveErr(ctx, opts, err)
		}
		conv := red // to print behaviour profiles
		if m.mixedOnTrees {
			conv = nil
		}
		if res.Equilibria, err = strategicSolutions(opts, red.Game, profiles, ef, conv); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return printSolutions(opts, res)
}

// solveErr reports a solver's refusal as an input error (exit 2), unless
// the run was cancelled.
func solveErr(ctx context.Context, opts *gameSolveOptions, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return invalidf("%s: %s: %v", opts.file, opts.method, err)
}

// enumPureAgentRun is enumpure on a tree: with --agent the pure agent
// equilibria, otherwise those of the reduced strategic form.
func enumPureAgentRun(ctx context.Context, opts *gameSolveOptions, g *game.Extensive, res *solveResult) error {
	if !opts.agent {
		red, err := g.Reduce()
		if err != nil {
			return fmt.Errorf("the game is too large for enumpure on its reduced strategic form: %w (try --agent)", err)
		}
		res.Form = "reduced strategic"
		var profiles []game.MixedProfile
		for _, s := range game.EnumPure(red.Game) {
			profiles = append(profiles, red.Game.PureProfile(s))
		}
		res.Equilibria, err = strategicSolutions(opts, red.Game, profiles, g, red)
		return err
	}
	res.Form = "agent"
	eqs, err := g.EnumPureAgent(ctx)
	if err != nil {
		return err
	}
	res.Equilibria, err = behaviourSolutions(opts, g, eqs, g.AgentRegret)
	return err
}

// speRun solves a perfect-information game by backward induction.
func speRun(ctx context.Context, opts *gameSolveOptions, g *game.Extensive, res *solveResult) error {
	var profiles []game.BehaviourProfile
	if opts.all {
		limit := opts.limit
		if limit == 0 {
			limit = 10000
		}
		all, err := g.AllSPE(limit)
		if err != nil {
			return fmt.Errorf("%w (raise --limit to list more)", err)
		}
		profiles = all
	} else {
		r, err := g.SPE()
		if err != nil {
			return err
		}
		profiles = []game.BehaviourProfile{r.Profile}
		res.TiedNodes = &r.Ties
		if r.Ties > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("%d decision nodes had tied best actions; the lowest-numbered was taken (see --all)", r.Ties))
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var err error
	res.Equilibria, err = behaviourSolutions(opts, g, profiles, g.VerifyBehaviour)
	return err
}
