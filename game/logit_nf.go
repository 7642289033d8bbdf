package game

import (
	"context"
	"fmt"
	"math"
)

// logitNF is the strategic-form side of the logit equations: a player's
// strategy values are its expected payoffs against the others' mixed
// strategies. See logit.go and docs/games.md.
type logitNF struct {
	g        *NormalForm
	np       int
	off      []int // first variable of each player
	grp      []logitGroup
	n        int       // variables: strategies in all
	profiles int       // pure profiles
	pay      []float64 // profiles × np, the payoffs as float64, once
	s        []int     // scratch: the current profile's strategies
	pk, pre  []float64 // scratch: their probabilities, prefix products
	vbuf     []float64
	// For two players: a[0][j·m2+k] = u1(j, k), a[1][k·m1+j] = u2(j, k),
	// so that values are matrix–vector products over contiguous rows.
	a [2][]float64
}

// newLogitNF checks g and converts its payoffs to float64. It refuses
// games with more than LogitMaxVariables strategies in all or whose
// profiles × players² exceeds logitMaxWork.
func newLogitNF(g *NormalForm) (*logitNF, error) {
	if g == nil {
		return nil, fmt.Errorf("logit: no game")
	}
	np := len(g.Players)
	if np == 0 {
		return nil, fmt.Errorf("logit: the game has no players")
	}
	if len(g.Strategies) != np {
		return nil, fmt.Errorf("logit: %d players but %d strategy lists", np, len(g.Strategies))
	}
	f := &logitNF{g: g, np: np, off: make([]int, np), profiles: 1}
	for i, st := range g.Strategies {
		if len(st) == 0 {
			return nil, fmt.Errorf("logit: player %d has no strategies", i+1)
		}
		f.off[i] = f.n
		f.grp = append(f.grp, logitGroup{f.n, len(st)})
		f.n += len(st)
		if f.n > LogitMaxVariables {
			return nil, fmt.Errorf("logit: the game has more than %d strategies in all; logit refuses it (every step factors a dense matrix of that order)", LogitMaxVariables)
		}
		if f.profiles > MaxProfiles/len(st) {
			return nil, fmt.Errorf("logit: the game has more than %d strategy profiles", MaxProfiles)
		}
		f.profiles *= len(st)
	}
	if len(g.payoffs) != f.profiles*np {
		return nil, fmt.Errorf("logit: the game has %d payoffs for %d profiles of %d players", len(g.payoffs), f.profiles, np)
	}
	if f.profiles > logitMaxWork/(np*np) {
		return nil, fmt.Errorf("logit: profiles × players² exceeds %d; logit refuses the game (each step visits every profile once per pair of players)", logitMaxWork)
	}
	f.pay = make([]float64, len(g.payoffs))
	for i, x := range g.payoffs {
		f.pay[i] = x.Float()
	}
	if np == 2 {
		m1, m2 := len(g.Strategies[0]), len(g.Strategies[1])
		f.a[0], f.a[1] = make([]float64, m1*m2), make([]float64, m1*m2)
		for k := range m2 {
			for j := range m1 {
				prof := j + k*m1
				f.a[0][j*m2+k] = f.pay[prof*2]
				f.a[1][k*m1+j] = f.pay[prof*2+1]
			}
		}
	}
	f.s = make([]int, np)
	f.pk = make([]float64, np)
	f.pre = make([]float64, np)
	f.vbuf = make([]float64, f.n)
	return f, nil
}

func (f *logitNF) groups() []logitGroup { return f.grp }

// eval visits every profile once. With w the probability of the others'
// strategies in the profile, it adds u_i·w to player i's value of its
// strategy there and, for every other player l, to the derivative of that
// value with respect to the log-probability of l's strategy there.
func (f *logitNF) eval(p, _ []float64, v, d []float64) {
	if f.np == 2 {
		f.eval2(p, v, d)
		return
	}
	clear(v)
	np, n := f.np, f.n
	s := f.s
	clear(s)
	for prof := range f.profiles {
		for k := range np {
			f.pk[k] = p[f.off[k]+s[k]]
		}
		f.pre[0] = 1
		for k := 1; k < np; k++ {
			f.pre[k] = f.pre[k-1] * f.pk[k-1]
		}
		suf := 1.0
		for i := np - 1; i >= 0; i-- {
			w := f.pre[i] * suf
			suf *= f.pk[i]
			x := f.pay[prof*np+i] * w
			if x == 0 {
				continue
			}
			r := f.off[i] + s[i]
			v[r] += x
			if d != nil {
				row := d[r*n : r*n+n]
				for l := range np {
					if l != i {
						row[f.off[l]+s[l]] += x
					}
				}
			}
		}
		for k := range np { // next profile: player 1 fastest
			s[k]++
			if s[k] < len(f.g.Strategies[k]) {
				break
			}
			s[k] = 0
		}
	}
}

// eval2 is eval for two players: v1 = A·p2, v2 = Bᵀ·p1, and the
// derivatives are the matrices scaled column by column.
func (f *logitNF) eval2(p, v, d []float64) {
	n := f.n
	m1, m2 := f.grp[0].size, f.grp[1].size
	p1, p2 := p[:m1], p[m1:n]
	for j := range m1 {
		row := f.a[0][j*m2 : j*m2+m2]
		v[j] = logitDot(row, p2)
		if d != nil {
			dr := d[j*n+m1 : j*n+n]
			for k, x := range row {
				dr[k] = x * p2[k]
			}
		}
	}
	for k := range m2 {
		row := f.a[1][k*m1 : k*m1+m1]
		v[m1+k] = logitDot(row, p1)
		if d != nil {
			dr := d[(m1+k)*n : (m1+k)*n+m1]
			for j, x := range row {
				dr[j] = x * p1[j]
			}
		}
	}
}

// regret returns the largest gain of any player from a best response,
// with the probabilities as given (unnormalised, as Gambit does while
// tracing).
func (f *logitNF) regret(p []float64) float64 {
	f.eval(p, nil, f.vbuf, nil)
	r := 0.0
	for _, g := range f.grp {
		best, exp := math.Inf(-1), 0.0
		for j := range g.size {
			best = max(best, f.vbuf[g.start+j])
			exp += p[g.start+j] * f.vbuf[g.start+j]
		}
		r = max(r, best-exp)
	}
	return r
}

func (f *logitNF) profile(p []float64) [][]float64 {
	out := make([][]float64, f.np)
	for i, g := range f.grp {
		out[i] = append([]float64(nil), p[g.start:g.start+g.size]...)
	}
	return out
}

func (f *logitNF) order() []int {
	o := make([]int, f.np)
	for i := range o {
		o[i] = i
	}
	return o
}

func (f *logitNF) pureNash(pure []int) bool {
	r, err := f.g.Verify(f.g.PureProfile(pure))
	return err == nil && r.Max.Sign() == 0
}

// scale returns the largest minus the smallest payoff.
func (f *logitNF) scale() float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range f.pay {
		lo, hi = min(lo, x), max(hi, x)
	}
	return hi - lo
}

// Logit traces the branch of logit quantal response equilibria of the
// strategic game g from λ = 0 (McKelvey and Palfrey 1995), as Gambit's
// gambit-logit does, and returns its last point: with opts.Lambda = 0 the
// approximation of the limiting Nash equilibrium (gambit-logit -e), at the
// first point whose Nash regret is below opts.MaxRegret × the payoff
// range; with opts.Lambda > 0 the QRE at that λ (gambit-logit -l). The
// method (predictor–corrector continuation in the log-probabilities with
// Gambit's step-size rules) is described in logit.go and docs/games.md.
//
// Arithmetic is float64 throughout; the result's Residual (the largest
// |p − logit response(p)|) certifies a QRE, and Regret measures the limit
// point against Nash equilibrium.
//
// Games in which no player has two strategies are refused (there is
// nothing to mix), as are games with more than LogitMaxVariables
// strategies in all or more than 2^28 profiles × players². Each step costs
// O(N³) for N strategies in all plus O(profiles × players²); a run takes at
// most opts.MaxSteps steps and honours ctx between steps. On a stall or
// when MaxSteps is reached the error says so and the result holds the last
// point reached.
func Logit(ctx context.Context, g *NormalForm, opts LogitOptions) (*LogitResult, error) {
	f, err := newLogitNF(g)
	if err != nil {
		return nil, err
	}
	if f.n == f.np {
		return nil, fmt.Errorf("logit: no player has more than one strategy; there is nothing to mix")
	}
	return logitRun(ctx, f, f.n, f.scale(), opts)
}

// LogitResidual returns the largest |p − logit response(p)| at λ over all
// strategies of the strategic game g: zero exactly when p is the logit QRE
// at λ. p holds each player's probabilities, which must be non-negative
// and sum to one within 1e-9.
func (g *NormalForm) LogitResidual(lambda float64, p [][]float64) (float64, error) {
	f, err := newLogitNF(g)
	if err != nil {
		return 0, err
	}
	flat := make([]float64, 0, f.n)
	if len(p) != f.np {
		return 0, fmt.Errorf("logit: profile has %d players, game has %d", len(p), f.np)
	}
	for i, pi := range p {
		if err := logitCheckDist(pi, len(g.Strategies[i])); err != nil {
			return 0, fmt.Errorf("logit: player %d: %w", i+1, err)
		}
		flat = append(flat, pi...)
	}
	return logitResidual(f, f.grp, flat, lambda), nil
}

// logitCheckDist checks that p is a probability distribution over k
// choices, to within 1e-9.
func logitCheckDist(p []float64, k int) error {
	if len(p) != k {
		return fmt.Errorf("%d probabilities for %d choices", len(p), k)
	}
	sum := 0.0
	for _, x := range p {
		if !(x >= 0) || math.IsInf(x, 0) {
			return fmt.Errorf("probability %v is not a number in [0, 1]", x)
		}
		sum += x
	}
	if math.Abs(sum-1) > 1e-9 {
		return fmt.Errorf("probabilities sum to %v, not 1", sum)
	}
	return nil
}
