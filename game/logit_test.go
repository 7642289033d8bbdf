package game

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// logitNFG builds a strategic game from payoff rows: pay[profile] lists
// one payoff per player, profiles in Gambit's order (player 1 fastest).
func logitNFG(t testing.TB, sizes []int, pay [][]int64) *NormalForm {
	t.Helper()
	players := make([]string, len(sizes))
	strats := make([][]string, len(sizes))
	for i, k := range sizes {
		players[i] = fmt.Sprint("P", i+1)
		strats[i] = logitLabels(k)
	}
	g, err := NewNormalForm(players, strats)
	if err != nil {
		t.Fatal(err)
	}
	if len(pay) != g.NumProfiles() {
		t.Fatalf("%d payoff rows for %d profiles", len(pay), g.NumProfiles())
	}
	for prof, row := range pay {
		for i, x := range row {
			g.SetPayoff(prof, i, NewNumber(x, 1))
		}
	}
	return g
}

// Asymmetric matching pennies: the row player (payoffs 9/0/0/1) wants to
// match, the column player to mismatch. Its only Nash equilibrium is
// row (1/2, 1/2), column (1/10, 9/10).
func logitPennies(t testing.TB) *NormalForm {
	return logitNFG(t, []int{2, 2}, [][]int64{{9, 0}, {0, 1}, {0, 1}, {1, 0}})
}

// logitResidualBound is the residual a float64 QRE can be expected to
// meet at λ in a game with payoffs of size pay: 1e-10, or about λ·pay·1e-16
// at large λ, where rounding a probability by one part in 2^53 moves
// λ × payoff by that much.
func logitResidualBound(lam, pay float64) float64 {
	return max(1e-10, lam*pay*1e-15)
}

func logitSigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// logitPenniesQRE solves the QRE of logitPennies at λ by bisection: the
// row player's probability p of its first strategy is the root of
// p = σ(λ(10q − 1)) with q = σ(λ(1 − 2p)), whose right side falls in p.
func logitPenniesQRE(lam float64) (p, q float64) {
	lo, hi := 0.0, 1.0
	for range 200 {
		p = (lo + hi) / 2
		q = logitSigmoid(lam * (1 - 2*p))
		if p < logitSigmoid(lam*(10*q-1)) {
			lo = p
		} else {
			hi = p
		}
	}
	p = (lo + hi) / 2
	return p, logitSigmoid(lam * (1 - 2*p))
}

func TestLogitPenniesAtLambda(t *testing.T) {
	g := logitPennies(t)
	for _, lam := range []float64{0.05, 0.3, 1, 2.5, 10, 40} {
		t.Run(fmt.Sprint(lam), func(t *testing.T) {
			r, err := Logit(context.Background(), g, LogitOptions{Lambda: lam})
			if err != nil {
				t.Fatal(err)
			}
			p, q := logitPenniesQRE(lam)
			if r.Lambda != lam || r.Limit {
				t.Errorf("λ = %v (limit %v), want %v", r.Lambda, r.Limit, lam)
			}
			got := []float64{r.Profile[0][0], r.Profile[0][1], r.Profile[1][0], r.Profile[1][1]}
			want := []float64{p, 1 - p, q, 1 - q}
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-12 {
					t.Errorf("profile %v, want %v", got, want)
					break
				}
			}
			if r.Residual > 1e-12 {
				t.Errorf("residual %g", r.Residual)
			}
			res, err := g.LogitResidual(lam, r.Profile)
			if err != nil || res != r.Residual {
				t.Errorf("LogitResidual = %g, %v; result says %g", res, err, r.Residual)
			}
		})
	}
}

// Every point of the trace is a QRE (residual < 1e-10) that matches the
// closed form, the trace starts at the uniform profile at λ = 0 and λ
// rises along it (this game's branch does not turn back), and OnPoint
// sees the same points.
func TestLogitTrace(t *testing.T) {
	g := logitPennies(t)
	var seen []LogitPoint
	r, err := Logit(context.Background(), g, LogitOptions{Lambda: 20, Trace: true, OnPoint: func(pt LogitPoint) { seen = append(seen, pt) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trace) < 10 || len(seen) != len(r.Trace) {
		t.Fatalf("%d trace points, %d seen", len(r.Trace), len(seen))
	}
	first := r.Trace[0]
	if first.Lambda != 0 || first.FormatGambit(-1) != "0.000000,0.5,0.5,0.5,0.5" {
		t.Errorf("first point %q", first.FormatGambit(-1))
	}
	for i, pt := range r.Trace {
		if pt.Residual >= 1e-10 {
			t.Errorf("point %d (λ = %g): residual %g", i, pt.Lambda, pt.Residual)
		}
		// λ rises until the target is passed; then secant steps close in
		// on it from both sides, as in Gambit.
		if i > 0 && r.Trace[i-1].Lambda < 20 && !(pt.Lambda > r.Trace[i-1].Lambda) {
			t.Errorf("λ falls from %g to %g at point %d", r.Trace[i-1].Lambda, pt.Lambda, i)
		}
		if seen[i].FormatGambit(-1) != pt.FormatGambit(-1) {
			t.Errorf("point %d: OnPoint saw %q, trace has %q", i, seen[i].FormatGambit(-1), pt.FormatGambit(-1))
		}
		p, q := logitPenniesQRE(pt.Lambda)
		if math.Abs(pt.Profile[0][0]-p) > 1e-9 || math.Abs(pt.Profile[1][0]-q) > 1e-9 {
			t.Errorf("point %d (λ = %g): (%g, %g), want (%g, %g)", i, pt.Lambda, pt.Profile[0][0], pt.Profile[1][0], p, q)
		}
	}
	if last := r.Trace[len(r.Trace)-1]; math.Abs(last.Lambda-20) > 1e-6 || r.Lambda != 20 {
		t.Errorf("trace ends at λ = %g, result at %g, want 20", last.Lambda, r.Lambda)
	}
}

func TestLogitUniformAtZero(t *testing.T) {
	g := logitNFG(t, []int{3, 2}, [][]int64{{1, 2}, {3, 4}, {5, 6}, {0, 1}, {2, 0}, {7, 7}})
	uniform := [][]float64{{1. / 3, 1. / 3, 1. / 3}, {0.5, 0.5}}
	if res, err := g.LogitResidual(0, uniform); err != nil || res > 1e-16 {
		t.Errorf("residual of the uniform profile at λ = 0: %g, %v", res, err)
	}
	if res, err := g.LogitResidual(1, uniform); err != nil || res < 0.1 {
		t.Errorf("residual of the uniform profile at λ = 1: %g, %v; want it large", res, err)
	}
	r, err := Logit(context.Background(), g, LogitOptions{Lambda: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	for i, pi := range r.Profile {
		for _, x := range pi {
			if math.Abs(x-uniform[i][0]) > 1e-8 {
				t.Errorf("QRE at λ = 1e-9: %v, want nearly uniform", r.Profile)
			}
		}
	}
}

// Traced to the limit, the branch ends near a Nash equilibrium, with
// regret below the tolerance; pure limits are recognised and verified
// exactly.
func TestLogitLimit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		g        *NormalForm
		want     [][]float64
		pure     []int
		pureNash bool
	}{
		{"prisoners' dilemma", logitNFG(t, []int{2, 2}, [][]int64{{3, 3}, {5, 0}, {0, 5}, {1, 1}}),
			[][]float64{{0, 1}, {0, 1}}, []int{1, 1}, true},
		{"asymmetric pennies", logitPennies(t), [][]float64{{0.5, 0.5}, {0.1, 0.9}}, nil, false},
		// Player 2 is indifferent once 1 and 3 settle: a partly mixed
		// equilibrium.
		{"three players", logitNFG(t, []int{2, 2, 2}, [][]int64{{1, 1, 1}, {0, 0, 3}, {0, 3, 0}, {2, 2, 2}, {3, 0, 0}, {2, 2, 0}, {2, 0, 2}, {0, 2, 2}}),
			[][]float64{{1, 0}, {0.5, 0.5}, {0, 1}}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Logit(context.Background(), tc.g, LogitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Limit || !strings.HasPrefix(r.FormatGambit(-1), "NE,") {
				t.Errorf("limit %v, line %q", r.Limit, r.FormatGambit(-1))
			}
			if !(r.AgentRegret < r.RegretTolerance) || math.Abs(r.Regret-r.AgentRegret) > 1e-12 {
				t.Errorf("regret %g, agent regret %g, tolerance %g", r.Regret, r.AgentRegret, r.RegretTolerance)
			}
			if r.Residual > logitResidualBound(r.Lambda, 10) {
				t.Errorf("residual %g at λ = %g", r.Residual, r.Lambda)
			}
			for i := range tc.want {
				for j := range tc.want[i] {
					if math.Abs(r.Profile[i][j]-tc.want[i][j]) > 1e-5 {
						t.Errorf("profile %v, want %v", r.Profile, tc.want)
					}
				}
			}
			if fmt.Sprint(r.Pure) != fmt.Sprint(tc.pure) {
				t.Errorf("pure %v, want %v", r.Pure, tc.pure)
			}
			if r.PureNash != tc.pureNash {
				t.Errorf("pure %v: Nash %v, want %v", r.Pure, r.PureNash, tc.pureNash)
			}
		})
	}
}

// Gambit reports that logit -e converges to the subgame-perfect profile
// on the escalation trees; where that profile is unique (one SPE: depths
// 2, 3, 4 and 6) the limit point is near it at every information set. At
// depth 5 one mover is indifferent (two SPE): the limit agrees with both
// elsewhere and mixes evenly there.
func TestLogitTree2SPE(t *testing.T) {
	for _, d := range []int{2, 3, 4, 5, 6} {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			g := readGamegenEFG(t, fmt.Sprintf("tree2_d%d.efg", d))
			all, err := g.AllSPE(10)
			if err != nil {
				t.Fatal(err)
			}
			r, err := g.Logit(context.Background(), LogitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !(r.AgentRegret < r.RegretTolerance) || r.Regret > r.RegretTolerance || r.Residual > 1e-10 {
				t.Errorf("agent regret %g, regret %g, tolerance %g, residual %g", r.AgentRegret, r.Regret, r.RegretTolerance, r.Residual)
			}
			if len(all) == 1 && (r.Pure == nil || !r.PureNash || r.PureGap > 1e-4) {
				t.Fatalf("limit %s is not near a pure equilibrium (pure %v, gap %g, Nash %v)", r.FormatGambit(-1), r.Pure, r.PureGap, r.PureNash)
			}
			one := NewNumber(1, 1)
			for k, set := range g.Infosets {
				if set.Player == 0 {
					continue
				}
				var spe []int // the action each SPE takes here
				for _, s := range all {
					for a := range s[k] {
						if s[k][a].Cmp(one) == 0 {
							spe = append(spe, a)
						}
					}
				}
				p := r.Profile[k]
				switch {
				case len(all) == 1 && p[spe[0]] < 1-1e-4:
					t.Errorf("information set %d (player %d): %v, SPE plays action %d", set.ID, set.Player, p, spe[0]+1)
				case len(all) == 2 && spe[0] == spe[1] && p[spe[0]] < 1-1e-4:
					t.Errorf("information set %d (player %d): %v, both SPE play action %d", set.ID, set.Player, p, spe[0]+1)
				case len(all) == 2 && spe[0] != spe[1] && math.Abs(p[0]-0.5) > 1e-6:
					t.Errorf("information set %d (player %d): %v, the SPE differ here", set.ID, set.Player, p)
				}
			}
		})
	}
}

// A strategic game and its tree (ExtensiveForm: each player moves once,
// not seeing the others' moves) have the same logit QRE: the agent form's
// beliefs and values at information sets of several nodes must reproduce
// the strategic form's.
func TestLogitAgentMatchesStrategic(t *testing.T) {
	for _, tc := range []struct {
		name  string
		g     *NormalForm
		lam   float64
		limit bool
	}{
		{"pennies λ=2", logitPennies(t), 2, false},
		{"3 players λ=0.7", logitNFG(t, []int{2, 3, 2}, [][]int64{
			{1, 0, 2}, {3, 1, 0}, {0, 2, 1}, {2, 2, 2}, {1, 3, 0}, {0, 0, 3},
			{2, 1, 1}, {0, 3, 2}, {3, 0, 1}, {1, 1, 0}, {2, 0, 3}, {0, 2, 2}}), 0.7, false},
		{"pennies limit", logitPennies(t), 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := tc.g.ExtensiveForm()
			if err != nil {
				t.Fatal(err)
			}
			rn, err := Logit(context.Background(), tc.g, LogitOptions{Lambda: tc.lam})
			if err != nil {
				t.Fatal(err)
			}
			re, err := e.Logit(context.Background(), LogitOptions{Lambda: tc.lam})
			if err != nil {
				t.Fatal(err)
			}
			if rn.Steps != re.Steps || math.Abs(rn.Lambda-re.Lambda) > 1e-9*max(1, rn.Lambda) {
				t.Errorf("strategic: %d steps to λ = %g; agent: %d steps to λ = %g", rn.Steps, rn.Lambda, re.Steps, re.Lambda)
			}
			for i := range rn.Profile {
				for j := range rn.Profile[i] {
					if math.Abs(rn.Profile[i][j]-re.Profile[i][j]) > 1e-9 {
						t.Fatalf("strategic %v, agent %v", rn.Profile, re.Profile)
					}
				}
			}
			if a, b := rn.FormatGambit(-1), re.FormatGambit(-1); a != b {
				t.Errorf("strategic %q, agent %q", a, b)
			}
		})
	}
}

// A game with chance, imperfect information (B cannot tell the types
// apart), an outcome on an interior node and a zero-probability chance
// branch.
const logitSignalGame = `EFG 2 R "signal" { "A" "B" }
""
c "" 1 "type" { "h" 1/3 "l" 2/3 "z" 0 } 0
p "" 1 1 "A-h" { "x" "y" } 1 "toll" { 1, -1 }
p "" 2 1 "B" { "u" "d" } 0
t "" 2 "" { 3, 0 }
p "" 1 2 "A-hd" { "e" "f" } 0
t "" 3 "" { 0, 2 }
t "" 4 "" { 2, 1 }
t "" 5 "" { -1, 4 }
p "" 1 3 "A-l" { "x" "y" } 0
p "" 2 1 "B" { "u" "d" } 0
t "" 6 "" { 1, 1 }
p "" 1 4 "A-ld" { "e" "f" } 0
t "" 7 "" { 0, 0 }
t "" 8 "" { 4, -2 }
t "" 9 "" { 2, 2 }
p "" 2 2 "B-z" { "u" "d" } 0
t "" 10 "" { 5, 5 }
t "" 11 "" { 0, 1 }
`

// The analytic derivatives of the action values (the Jacobian's payoff
// part) agree with finite differences, for both forms.
func TestLogitDerivatives(t *testing.T) {
	e, err := newLogitEF(speRead(t, logitSignalGame))
	if err != nil {
		t.Fatal(err)
	}
	nf, err := newLogitNF(logitNFG(t, []int{2, 3, 2}, [][]int64{
		{1, 0, 2}, {3, 1, 0}, {0, 2, 1}, {2, 2, 2}, {1, 3, 0}, {0, 0, 3},
		{2, 1, 1}, {0, 3, 2}, {3, 0, 1}, {1, 1, 0}, {2, 0, 3}, {0, 2, 2}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		m    logitModel
		n    int
	}{{"agent form", e, e.n}, {"strategic form", nf, nf.n}} {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.n
			lp := make([]float64, n)
			for i := range lp {
				lp[i] = -0.3 - 0.17*float64(i%5) // any interior point
			}
			p := make([]float64, n)
			val := func(lp []float64) []float64 {
				for i := range lp {
					p[i] = math.Exp(lp[i])
				}
				v := make([]float64, n)
				tc.m.eval(p, lp, v, nil)
				return v
			}
			for i := range lp {
				p[i] = math.Exp(lp[i])
			}
			v, d := make([]float64, n), make([]float64, n*n)
			tc.m.eval(p, lp, v, d)
			const h = 1e-6
			for c := range n {
				up := append([]float64(nil), lp...)
				dn := append([]float64(nil), lp...)
				up[c] += h
				dn[c] -= h
				vu, vd := val(up), val(dn)
				for r := range n {
					fd := (vu[r] - vd[r]) / (2 * h)
					if math.Abs(fd-d[r*n+c]) > 1e-7 {
						t.Errorf("∂v%d/∂log p%d = %g, finite difference %g", r, c, d[r*n+c], fd)
					}
				}
			}
		})
	}
}

// The agent form's action values, checked against exact expected payoffs
// (BehaviourValues): switching the mover at set I from action 1 to action
// a changes its expected payoff by ρ(I)·(V(I,a) − V(I,1)), ρ(I) the
// probability of reaching I.
func TestLogitAgentValues(t *testing.T) {
	g := speRead(t, logitSignalGame)
	e, err := newLogitEF(g)
	if err != nil {
		t.Fatal(err)
	}
	fracs := [][2]int64{{1, 3}, {3, 4}, {2, 5}, {1, 6}, {5, 8}, {1, 2}}
	b := make(BehaviourProfile, len(g.Infosets))
	p := make([]float64, e.n)
	for k, set := range g.Infosets {
		if set.Player == 0 {
			continue
		}
		f := fracs[k%len(fracs)]
		b[k] = []Number{NewNumber(f[0], f[1]), NewNumber(f[1]-f[0], f[1])}
		p[e.setStart[k]] = float64(f[0]) / float64(f[1])
		p[e.setStart[k]+1] = float64(f[1]-f[0]) / float64(f[1])
	}
	lp := make([]float64, e.n)
	for i := range p {
		lp[i] = math.Log(p[i])
	}
	v := make([]float64, e.n)
	e.eval(p, lp, v, nil)
	// Probability of reaching each node.
	reach := make([]float64, len(g.Nodes))
	reach[0] = 1
	for x := range g.Nodes {
		k := g.Nodes[x].Infoset
		if k < 0 {
			continue
		}
		for a := range g.Infosets[k].Actions {
			q := 0.0
			if g.Infosets[k].Player == 0 {
				q = g.Infosets[k].Probs[a].Float()
			} else {
				q = p[e.setStart[k]+int32(a)]
			}
			reach[g.Child(x, a)] = reach[x] * q
		}
	}
	checked := 0
	for k, set := range g.Infosets {
		if set.Player == 0 {
			continue
		}
		rho := 0.0
		for x := range g.Nodes {
			if int(g.Nodes[x].Infoset) == k {
				rho += reach[x]
			}
		}
		if rho == 0 {
			continue // behind the zero-probability chance move
		}
		pay := func(a int) float64 {
			c := append(BehaviourProfile(nil), b...)
			c[k] = []Number{NewNumber(0, 1), NewNumber(0, 1)}
			c[k][a] = NewNumber(1, 1)
			vals, err := g.BehaviourValues(c)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := vals[set.Player-1].Float64()
			return f
		}
		s := e.setStart[k]
		if want, got := pay(1)-pay(0), rho*(v[s+1]-v[s]); math.Abs(want-got) > 1e-12 {
			t.Errorf("set %d of player %d: payoff change %g, ρ·ΔV = %g", set.ID, set.Player, want, got)
		}
		checked++
	}
	if checked != 5 {
		t.Errorf("checked %d sets, want 5", checked)
	}
}

func TestLogitSignalGame(t *testing.T) {
	g := speRead(t, logitSignalGame)
	for _, lam := range []float64{0.5, 3, 0} {
		r, err := g.Logit(context.Background(), LogitOptions{Lambda: lam, Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, pt := range r.Trace {
			if pt.Residual >= logitResidualBound(pt.Lambda, 5) {
				t.Errorf("λ = %g: residual %g", pt.Lambda, pt.Residual)
			}
		}
		if got := r.Profile[0]; got[0] != 1./3 || got[2] != 0 {
			t.Errorf("chance entry %v, want the game's probabilities", got)
		}
		if lam == 0 && !(r.AgentRegret < r.RegretTolerance) {
			t.Errorf("limit: agent regret %g, tolerance %g", r.AgentRegret, r.RegretTolerance)
		}
		line := r.FormatGambit(-1)
		if n := strings.Count(line, ","); n != 12 {
			t.Errorf("%q has %d values, want 12 (A's four sets, then B's two)", line, n)
		}
	}
}

func TestLogitRefusals(t *testing.T) {
	big := func() *NormalForm {
		g, err := NewNormalForm([]string{"a", "b"}, [][]string{logitLabels(600), logitLabels(600)})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func() (*LogitResult, error)
		want string
	}{
		{"nothing to mix", func() (*LogitResult, error) {
			return Logit(ctx, logitNFG(t, []int{1, 1}, [][]int64{{1, 2}}), LogitOptions{})
		}, "nothing to mix"},
		{"chance only", func() (*LogitResult, error) {
			return speRead(t, "EFG 2 R \"c\" { \"A\" }\n\"\"\nc \"\" 1 \"\" { \"h\" 1/2 \"t\" 1/2 } 0\nt \"\" 1 \"\" { 1 }\nt \"\" 2 \"\" { 0 }\n").Logit(ctx, LogitOptions{})
		}, "nothing to mix"},
		{"imperfect recall", func() (*LogitResult, error) {
			return speRead(t, "EFG 2 R \"r\" { \"A\" }\n\"\"\np \"\" 1 1 \"\" { \"l\" \"r\" } 0\np \"\" 1 2 \"\" { \"a\" \"b\" } 0\nt \"\" 1 \"\" { 1 }\nt \"\" 2 \"\" { 0 }\np \"\" 1 2 \"\" { \"a\" \"b\" } 0\nt \"\" 3 \"\" { 2 }\nt \"\" 4 \"\" { 3 }\n").Logit(ctx, LogitOptions{})
		}, "imperfect recall"},
		{"too large", func() (*LogitResult, error) { return Logit(ctx, big(), LogitOptions{}) }, "more than 1024 strategies"},
		{"no game", func() (*LogitResult, error) { return Logit(ctx, nil, LogitOptions{}) }, "no game"},
		{"malformed game", func() (*LogitResult, error) {
			return Logit(ctx, &NormalForm{Players: []string{"a"}, Strategies: [][]string{{"x", "y"}}}, LogitOptions{})
		}, "0 payoffs for 2 profiles"},
		{"negative λ", func() (*LogitResult, error) { return Logit(ctx, logitPennies(t), LogitOptions{Lambda: -1}) }, "λ must be"},
		{"NaN λ", func() (*LogitResult, error) { return Logit(ctx, logitPennies(t), LogitOptions{Lambda: math.NaN()}) }, "λ must be"},
		{"acceleration", func() (*LogitResult, error) { return Logit(ctx, logitPennies(t), LogitOptions{MaxAccel: 0.9}) }, "acceleration"},
		{"step", func() (*LogitResult, error) { return Logit(ctx, logitPennies(t), LogitOptions{FirstStep: -1}) }, "first step"},
		{"tolerance", func() (*LogitResult, error) { return Logit(ctx, logitPennies(t), LogitOptions{MaxRegret: -1}) }, "tolerance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) || r != nil {
				t.Errorf("got %v, %v; want an error containing %q", r, err, tc.want)
			}
		})
	}
}

func TestLogitMaxSteps(t *testing.T) {
	r, err := Logit(context.Background(), logitPennies(t), LogitOptions{MaxSteps: 5})
	if err == nil || !strings.Contains(err.Error(), "MaxSteps = 5") {
		t.Fatalf("error %v, want MaxSteps", err)
	}
	if r == nil || r.Steps+r.Refused != 5 || r.Residual > 1e-10 {
		t.Errorf("partial result %+v", r)
	}
}

func TestLogitCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Logit(ctx, logitPennies(t), LogitOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before the start: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	points := 0
	_, err := readGamegenEFG(t, "tree2_d4.efg").Logit(ctx, LogitOptions{OnPoint: func(LogitPoint) {
		if points++; points == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || points != 3 {
		t.Errorf("cancelled after 3 points: %v after %d points", err, points)
	}
}

func TestLogitFormatGambit(t *testing.T) {
	g := speRead(t, logitSignalGame)
	order := []int{1, 3, 4, 5, 2, 6}
	prof := [][]float64{{1. / 3, 2. / 3, 0}, {0.25, 0.75}, {1, 0}, {1 - 1e-9, 1e-9}, {0.5, 0.5}, {1.23456789e-5, 1 - 1.23456789e-5}, {2. / 3, 1. / 3}}
	pt := LogitPoint{Lambda: 1.5, Profile: prof, order: order}
	for _, tc := range []struct {
		dec  int
		want string
	}{
		{-1, "1.500000,0.25,0.75,1,1e-09,0.5,0.5,1.23457e-05,0.999988,1,0,0.666667,0.333333"},
		{3, "1.500,0.25,0.75,1,1e-09,0.5,0.5,1.23e-05,1,1,0,0.667,0.333"},
		{0, "2,0.2,0.8,1,1e-09,0.5,0.5,1e-05,1,1,0,0.7,0.3"},
	} {
		if got := pt.FormatGambit(tc.dec); got != tc.want {
			t.Errorf("decimals %d: %q, want %q", tc.dec, got, tc.want)
		}
	}
	r := &LogitResult{Lambda: 7, Profile: prof, Limit: true, order: order}
	if got, want := r.FormatGambit(-1), "NE,0.25,0.75,1,1e-09,0.5,0.5,1.23457e-05,0.999988,1,0,0.666667,0.333333"; got != want {
		t.Errorf("limit: %q, want %q", got, want)
	}
	// The order is that of the game: by player, then information set.
	res, err := g.Logit(context.Background(), LogitOptions{Lambda: 1})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.order) != fmt.Sprint(order) {
		t.Errorf("order %v, want %v", res.order, order)
	}
}

func TestLogitResidualErrors(t *testing.T) {
	g := logitPennies(t)
	for _, p := range [][][]float64{
		{{0.5, 0.5}},
		{{0.5, 0.5}, {0.5}},
		{{0.5, 0.6}, {0.5, 0.5}},
		{{-0.5, 1.5}, {0.5, 0.5}},
		{{math.NaN(), 1}, {0.5, 0.5}},
	} {
		if _, err := g.LogitResidual(1, p); err == nil {
			t.Errorf("%v: no error", p)
		}
	}
	e := speRead(t, logitSignalGame)
	if _, err := e.LogitResidual(1, [][]float64{{1}}); err == nil {
		t.Error("agent form, wrong number of sets: no error")
	}
	// A pure profile at λ = 0 is far from the uniform response.
	if res, err := g.LogitResidual(0, [][]float64{{1, 0}, {0, 1}}); err != nil || res != 0.5 {
		t.Errorf("pure profile at λ = 0: %g, %v", res, err)
	}
}

func TestLogitDeterministic(t *testing.T) {
	g := readGamegenNFG(t, "bimatrix_14.nfg")
	var first string
	for range 3 {
		r, err := Logit(context.Background(), g, LogitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprint(r.FormatGambit(-1), r.Lambda, r.Steps, r.Refused)
		if first == "" {
			first = line
		} else if line != first {
			t.Fatalf("run gave %q, earlier %q", line, first)
		}
	}
}

func ExampleLogit() {
	// Asymmetric matching pennies: Row wins 9 matching on the first
	// strategy, 1 on the second; Column wins 1 by mismatching.
	g, _ := NewNormalForm([]string{"Row", "Column"}, [][]string{{"H", "T"}, {"H", "T"}})
	for prof, pay := range [][2]int64{{9, 0}, {0, 1}, {0, 1}, {1, 0}} {
		g.SetPayoff(prof, 0, NewNumber(pay[0], 1))
		g.SetPayoff(prof, 1, NewNumber(pay[1], 1))
	}
	qre, _ := Logit(context.Background(), g, LogitOptions{Lambda: 1})
	fmt.Println(qre.FormatGambit(6))
	fmt.Printf("residual below 1e-12: %v\n", qre.Residual < 1e-12)

	limit, _ := Logit(context.Background(), g, LogitOptions{})
	fmt.Println(limit.FormatGambit(4))
	fmt.Printf("regret below tolerance: %v\n", limit.Regret < limit.RegretTolerance)
	// Output:
	// 1.000000,0.893576,0.106424,0.31278,0.68722
	// residual below 1e-12: true
	// NE,0.5,0.5,0.1,0.9
	// regret below tolerance: true
}

func ExampleExtensive_Logit() {
	src := `EFG 2 R "entry" { "Entrant" "Incumbent" }
""
p "" 1 1 "E" { "in" "out" } 0
p "" 2 1 "I" { "fight" "accommodate" } 0
t "" 1 "war" { -1, -1 }
t "" 2 "share" { 1, 1 }
t "" 3 "stay out" { 0, 2 }
`
	g, _ := ReadEFG("entry.efg", []byte(src))
	r, _ := g.Logit(context.Background(), LogitOptions{})
	fmt.Println(r.FormatGambit(3))
	fmt.Println("rounds to", r.Pure, "exact Nash:", r.PureNash)
	// Output:
	// NE,1,2.43e-08,5.89e-16,1
	// rounds to [0 1] exact Nash: true
}

// logitLabels numbers n strategies "1" … "n".
func logitLabels(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprint(i + 1)
	}
	return s
}
