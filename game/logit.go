package game

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The logit quantal response equilibrium (QRE) of McKelvey and Palfrey,
// "Quantal Response Equilibria for Normal Form Games", Games and Economic
// Behavior 10 (1995) 6–38, and its agent form for extensive games
// (McKelvey and Palfrey, "Quantal Response Equilibria for Extensive Form
// Games", Experimental Economics 1 (1998) 9–41): every player (every
// information set, in the agent form) chooses each strategy with
// probability proportional to exp(λ·its expected payoff). At λ = 0 play is
// uniform; as λ grows, the principal branch of QREs converges to a Nash
// equilibrium (in the agent form, to a sequential equilibrium).
//
// The branch is traced from λ = 0 as Gambit's gambit-logit traces it
// (Turocy, "A dynamic homotopy interpretation of the logistic quantal
// response equilibrium correspondence", Games and Economic Behavior 51
// (2005) 243–263): the unknowns are the log-probabilities and λ, the
// equations per player (or information set) are Σ p = 1 and
// log p_j − log p_1 = λ·(u_j − u_1), and the curve is followed by an
// Euler predictor and a chord-Newton corrector with Moore–Penrose steps and
// Gambit's step-size rules (Allgower and Georg, "Introduction to Numerical
// Continuation Methods", SIAM 2003, ch. 6). docs/games.md has the
// write-up.

// Defaults of LogitOptions, those of gambit-logit.
const (
	// LogitDefaultFirstStep is the first step length along the branch
	// (gambit-logit -s).
	LogitDefaultFirstStep = 0.03
	// LogitDefaultMaxAccel is the largest factor by which one step may be
	// longer than the one before (gambit-logit -a).
	LogitDefaultMaxAccel = 1.1
	// LogitDefaultMaxRegret is the stopping rule of a trace to the limit:
	// stop at the first point whose agent regret (LogitResult.AgentRegret)
	// is below this fraction of the game's payoff range (gambit-logit -m).
	LogitDefaultMaxRegret = 1e-8
	// LogitDefaultMaxSteps bounds the predictor–corrector steps (accepted
	// or not) of one run; the benchmark games need at most about 1,000.
	LogitDefaultMaxSteps = 20000
	// LogitMaxVariables bounds the number of strategies (of actions at
	// personal information sets, in the agent form) of the games Logit
	// accepts: every step factors a dense matrix of that order, at a cost
	// cubic in it.
	LogitMaxVariables = 1024
	// logitMaxWork bounds the work of one Jacobian evaluation: profiles ×
	// players² for a strategic game; for the agent form, the sum over
	// personal nodes of actions × depth.
	logitMaxWork = 1 << 28
)

// Constants of the predictor–corrector, those of Gambit's path tracer.
const (
	logitCorrTol   = 1e-4 // corrector converged when its step is this short
	logitMaxDist   = 0.4  // largest corrector step before the step is refused
	logitMaxContr  = 0.6  // largest contraction rate of the corrector
	logitEta       = 0.1  // guards the contraction rate against 0/0
	logitMinStep   = 1e-8 // the tracer gives up below this step length
	logitMaxIter   = 100  // corrector iterations per step
	logitNewtonTol = 1e-8 // |λ − target| accepted when stepping onto a target λ
	logitPert      = 1e-7 // perturbation applied near a bifurcation
)

// LogitOptions control Logit. The zero value traces the branch to its
// limit with gambit-logit's defaults.
type LogitOptions struct {
	// Lambda, when positive, asks for the QRE at that λ (gambit-logit -l):
	// the branch is traced until it reaches λ, then the point is refined
	// at exactly that λ. Zero traces the branch to its limit, stopping at
	// the first point whose agent regret is below MaxRegret times the
	// payoff range (gambit-logit -e).
	Lambda float64
	// FirstStep is the first step length (default 0.03, as gambit-logit -s).
	FirstStep float64
	// MaxAccel is the largest growth factor of the step length from one
	// step to the next, > 1 (default 1.1, as gambit-logit -a).
	MaxAccel float64
	// MaxRegret is the stopping tolerance of a trace to the limit, as a
	// fraction of the game's payoff range (largest minus smallest payoff
	// of any player in any play; default 1e-8, as gambit-logit -m).
	MaxRegret float64
	// MaxSteps bounds the number of predictor–corrector steps, accepted
	// or refused (default LogitDefaultMaxSteps). A run that needs more
	// stops with an error.
	MaxSteps int
	// Trace records every accepted point of the branch in
	// LogitResult.Trace. Each recorded point is refined by Newton's method
	// at its λ until its residual is at rounding level, which costs one or
	// two more factorisations per point.
	Trace bool
	// OnPoint, if set, is called with every accepted point of the branch,
	// refined as for Trace, in order, starting with λ = 0.
	OnPoint func(LogitPoint)
}

// LogitPoint is one point of the logit branch.
type LogitPoint struct {
	// Lambda is the point's λ.
	Lambda float64
	// Profile holds, for a strategic game, each player's probabilities
	// for its strategies; for an extensive game, in Extensive.Infosets
	// order, each information set's probabilities for its actions (chance
	// sets hold the chance probabilities).
	Profile [][]float64
	// Residual is the largest |p − logit response(p)| at Lambda over all
	// strategies (actions): how far Profile is from being exactly a QRE.
	Residual float64
	// order lists the entries of Profile that Gambit prints, in order.
	order []int
}

// LogitResult is the outcome of Logit: the last point of the branch.
type LogitResult struct {
	// Lambda, Profile and Residual are as in LogitPoint, for the final
	// point: the QRE at the requested λ, or the limit approximation.
	Lambda   float64
	Profile  [][]float64
	Residual float64
	// Limit is true when the branch was traced to its limit (Lambda
	// option zero): Profile then approximates a Nash equilibrium.
	Limit bool
	// Regret is the Nash regret of Profile: the largest gain any player
	// could make by deviating unilaterally to a best response, in
	// floating point.
	Regret float64
	// AgentRegret is the largest regret of an agent: of a player of a
	// strategic game (there it equals Regret), of the mover at a personal
	// information set of an extensive game, conditional on reaching the
	// set. A trace to the limit stops at the first point where it is below
	// RegretTolerance, as gambit-logit -e does.
	AgentRegret float64
	// RegretTolerance is MaxRegret times the game's payoff range (or
	// MaxRegret itself when all payoffs are equal).
	RegretTolerance float64
	// Pure is the pure profile near Profile, when every player
	// (information set) puts at least 0.99 on one strategy (action):
	// those strategies, indexed like Profile (−1 for chance sets); nil
	// otherwise. PureGap is then the largest probability Profile puts off
	// Pure in any one player (set), at most 0.01.
	Pure    []int
	PureGap float64
	// PureNash reports whether Pure, taken as a pure profile, is a Nash
	// equilibrium by exact verification (Verify or VerifyBehaviour:
	// regret exactly zero).
	PureNash bool
	// Steps and Refused count the accepted and refused
	// predictor–corrector steps.
	Steps, Refused int
	// Trace holds the accepted points, from λ = 0, when
	// LogitOptions.Trace is set. For a trace to the limit the last is the
	// final point; for a given λ the final point is refined at exactly
	// that λ from the last.
	Trace []LogitPoint
	order []int
}

// ErrLogitStalled is returned (wrapped) when the branch cannot be followed
// further: the step length fell below 1e-8 or the corrector failed. The
// result then holds the last point reached.
var ErrLogitStalled = errors.New("logit: the path tracer stalled")

// logitGroup is a block of variables with one distribution: a player's
// strategies or an information set's actions. Its equations are the
// sum-to-one equation (first row) and one ratio equation per other
// variable.
type logitGroup struct{ start, size int }

// logitModel supplies the payoff side of the equations.
type logitModel interface {
	// groups lists the variable groups in equation order.
	groups() []logitGroup
	// eval sets v to the values (expected payoffs) of the variables
	// given probabilities p and their logarithms lp (−Inf where p is 0);
	// if d is not nil, it also fills d (N×N, row-major, zeroed by the
	// caller) with the derivatives ∂v_r/∂log p_c.
	eval(p, lp, v, d []float64)
	// regret returns the Nash regret of the profile p: the largest gain
	// of any player from a unilateral deviation.
	regret(p []float64) float64
	// profile returns the point's profile in the public layout, from
	// normalised probabilities.
	profile(p []float64) [][]float64
	// order lists the entries of that profile Gambit prints.
	order() []int
	// pure checks a pure profile (indexed like profile) exactly.
	pureNash(pure []int) bool
}

// logitTracer holds the state and scratch space of one run.
type logitTracer struct {
	m    logitModel
	grp  []logitGroup
	n    int       // variables
	p    []float64 // exp of the point's log-probabilities
	lp   []float64
	v, d []float64
	jac  []float64 // n × (n+1), row-major
	lu   []float64 // n × n
	piv  []int
	col  []float64
}

func newLogitTracer(m logitModel, n int) *logitTracer {
	return &logitTracer{
		m: m, grp: m.groups(), n: n,
		p: make([]float64, n), lp: make([]float64, n), v: make([]float64, n),
		d: make([]float64, n*n), jac: make([]float64, n*(n+1)), lu: make([]float64, n*n),
		piv: make([]int, n), col: make([]float64, n),
	}
}

// load sets p and lp from the point x.
func (tr *logitTracer) load(x []float64) {
	for i := range tr.n {
		tr.lp[i] = x[i]
		tr.p[i] = math.Exp(x[i])
	}
}

// value sets out to H(x).
func (tr *logitTracer) value(x, out []float64) {
	tr.load(x)
	tr.m.eval(tr.p, tr.lp, tr.v, nil)
	lam := x[tr.n]
	for _, g := range tr.grp {
		s := g.start
		sum := -1.0
		for j := range g.size {
			sum += tr.p[s+j]
		}
		out[s] = sum
		for j := 1; j < g.size; j++ {
			out[s+j] = x[s+j] - x[s] - lam*(tr.v[s+j]-tr.v[s])
		}
	}
}

// jacobian sets tr.jac to H'(x), one row per equation, the λ column last.
func (tr *logitTracer) jacobian(x []float64) {
	n := tr.n
	tr.load(x)
	clear(tr.d)
	tr.m.eval(tr.p, tr.lp, tr.v, tr.d)
	lam := x[n]
	w := n + 1
	for _, g := range tr.grp {
		s := g.start
		row := tr.jac[s*w : s*w+w]
		clear(row)
		for j := range g.size {
			row[s+j] = tr.p[s+j]
		}
		d0 := tr.d[s*n : s*n+n]
		for j := 1; j < g.size; j++ {
			r := s + j
			row := tr.jac[r*w : r*w+w]
			dj := tr.d[r*n : r*n+n]
			for c := range n {
				row[c] = -lam * (dj[c] - d0[c])
			}
			row[r]++
			row[s]--
			row[n] = -(tr.v[r] - tr.v[s])
		}
	}
}

// factor LU-factors the Jacobian without column k, returning the sign of
// its determinant.
func (tr *logitTracer) factor(k int) (float64, bool) {
	n, w := tr.n, tr.n+1
	for r := range n {
		src := tr.jac[r*w : r*w+w]
		dst := tr.lu[r*n : r*n+n]
		copy(dst[:k], src[:k])
		copy(dst[k:], src[k+1:])
	}
	return logitLU(tr.lu, n, tr.piv)
}

// tangent sets t to the unit tangent of the curve, from the factorisation
// without column k, oriented so that det [H'; tᵀ] > 0 (times orient): the
// orientation of Gambit's QR-based tracer, in which λ increases at λ = 0.
func (tr *logitTracer) tangent(k int, sign, orient float64, t []float64) {
	n, w := tr.n, tr.n+1
	for r := range n {
		tr.col[r] = tr.jac[r*w+k]
	}
	logitLUSolve(tr.lu, n, tr.piv, tr.col)
	norm := 1.0
	for _, z := range tr.col {
		norm += z * z
	}
	norm = math.Sqrt(norm)
	// det [H'; vᵀ] for v = (−z with 1 at k) has the sign of
	// (−1)^(n−k)·det(H' without column k).
	if (n-k)%2 == 1 {
		sign = -sign
	}
	f := sign * orient / norm
	for i := range k {
		t[i] = -tr.col[i] * f
	}
	t[k] = f
	for i := k + 1; i <= n; i++ {
		t[i] = -tr.col[i-1] * f
	}
}

// newton sets delta to the minimum-norm solution of H'·delta = y, from the
// factorisation without column k and the unit tangent t (the kernel of
// H'), and returns its length.
func (tr *logitTracer) newton(k int, y, t, delta []float64) float64 {
	n := tr.n
	copy(tr.col, y)
	logitLUSolve(tr.lu, n, tr.piv, tr.col)
	copy(delta[:k], tr.col[:k])
	delta[k] = 0
	copy(delta[k+1:], tr.col[k:])
	dt := logitDot(delta, t)
	norm := 0.0
	for i := range delta {
		delta[i] -= dt * t[i]
		norm += delta[i] * delta[i]
	}
	return math.Sqrt(norm)
}

// polish refines x at its fixed λ by Newton's method on the square system
// (λ fixed) and returns the refined copy, or x itself when the Jacobian
// is singular there.
func (tr *logitTracer) polish(x []float64) []float64 {
	n := tr.n
	best := append([]float64(nil), x...)
	cur := append([]float64(nil), x...)
	y := make([]float64, n)
	tr.value(cur, y)
	bestRes := logitMaxAbs(y)
	for range 8 {
		if bestRes == 0 {
			break
		}
		tr.jacobian(cur)
		if _, ok := tr.factor(n); !ok {
			break
		}
		logitLUSolve(tr.lu, n, tr.piv, y)
		step := 0.0
		for i := range n {
			cur[i] -= y[i]
			step = max(step, math.Abs(y[i]))
		}
		tr.value(cur, y)
		res := logitMaxAbs(y)
		if !(res < bestRes) {
			break
		}
		bestRes = res
		copy(best, cur)
		if step < 1e-14 {
			break
		}
	}
	return best
}

// agentRegret returns the largest regret of any agent (a player of a
// strategic game, a personal information set of an extensive game) at the
// profile p: its best value minus its expected value, conditional on
// reaching it. It is the quantity on which a trace to the limit stops, as
// in Gambit; p is used as given (unnormalised on the path, as in Gambit).
func (tr *logitTracer) agentRegret(p, lp []float64) float64 {
	tr.m.eval(p, lp, tr.v, nil)
	r := 0.0
	for _, g := range tr.grp {
		best, exp := math.Inf(-1), 0.0
		for j := range g.size {
			best = max(best, tr.v[g.start+j])
			exp += p[g.start+j] * tr.v[g.start+j]
		}
		r = max(r, best-exp)
	}
	return r
}

func logitMaxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		if a := math.Abs(x); a > m || math.IsNaN(a) {
			m = a
		}
	}
	return m
}

// normalise returns the probabilities of the point x, scaled to sum to
// one in every group.
func (tr *logitTracer) normalise(x []float64) []float64 {
	p := make([]float64, tr.n)
	for _, g := range tr.grp {
		mx := math.Inf(-1)
		for j := range g.size {
			mx = max(mx, x[g.start+j])
		}
		sum := 0.0
		for j := range g.size {
			p[g.start+j] = math.Exp(x[g.start+j] - mx)
			sum += p[g.start+j]
		}
		for j := range g.size {
			p[g.start+j] /= sum
		}
	}
	return p
}

// logitResidual returns the largest |p − logit response(p)| at λ for the
// normalised profile p.
func logitResidual(m logitModel, grp []logitGroup, p []float64, lam float64) float64 {
	n := len(p)
	lp := make([]float64, n)
	for i, x := range p {
		lp[i] = math.Log(x)
	}
	v := make([]float64, n)
	m.eval(p, lp, v, nil)
	res := 0.0
	for _, g := range grp {
		mx := math.Inf(-1)
		for j := range g.size {
			mx = max(mx, lam*v[g.start+j])
		}
		sum := 0.0
		for j := range g.size {
			sum += math.Exp(lam*v[g.start+j] - mx)
		}
		for j := range g.size {
			r := math.Exp(lam*v[g.start+j]-mx) / sum
			if d := math.Abs(p[g.start+j] - r); d > res || math.IsNaN(d) {
				res = d
			}
		}
	}
	return res
}

// point builds the public form of the point x, refined first when
// refine is set.
func (tr *logitTracer) point(x []float64, refine bool) LogitPoint {
	if refine {
		x = tr.polish(x)
	}
	p := tr.normalise(x)
	return LogitPoint{
		Lambda:   x[tr.n],
		Profile:  tr.m.profile(p),
		Residual: logitResidual(tr.m, tr.grp, p, x[tr.n]),
		order:    tr.m.order(),
	}
}

// logitRun traces the branch of m from λ = 0 (see the package comment
// above) and returns the result. scale is the game's payoff range.
func logitRun(ctx context.Context, m logitModel, n int, scale float64, opts LogitOptions) (*LogitResult, error) {
	if math.IsNaN(opts.Lambda) || opts.Lambda < 0 || math.IsInf(opts.Lambda, 0) {
		return nil, fmt.Errorf("logit: λ must be a finite number ≥ 0, not %v", opts.Lambda)
	}
	h := opts.FirstStep
	if h == 0 {
		h = LogitDefaultFirstStep
	}
	maxAccel := opts.MaxAccel
	if maxAccel == 0 {
		maxAccel = LogitDefaultMaxAccel
	}
	maxRegret := opts.MaxRegret
	if maxRegret == 0 {
		maxRegret = LogitDefaultMaxRegret
	}
	maxSteps := opts.MaxSteps
	if maxSteps == 0 {
		maxSteps = LogitDefaultMaxSteps
	}
	switch {
	case !(h > 0) || math.IsInf(h, 0):
		return nil, fmt.Errorf("logit: the first step must be positive, not %v", opts.FirstStep)
	case !(maxAccel > 1) || math.IsInf(maxAccel, 0):
		return nil, fmt.Errorf("logit: the maximum acceleration must exceed 1, not %v", opts.MaxAccel)
	case !(maxRegret > 0) || math.IsInf(maxRegret, 0):
		return nil, fmt.Errorf("logit: the regret tolerance must be positive, not %v", opts.MaxRegret)
	case maxSteps < 0:
		return nil, fmt.Errorf("logit: MaxSteps must be positive, not %d", opts.MaxSteps)
	}
	tol := maxRegret
	if scale != 0 {
		tol *= scale
	}
	limit := opts.Lambda == 0
	target := opts.Lambda
	refine := opts.Trace || opts.OnPoint != nil

	tr := newLogitTracer(m, n)
	res := &LogitResult{Limit: limit, RegretTolerance: tol, order: m.order()}
	emit := func(x []float64) {
		if !refine {
			return
		}
		pt := tr.point(x, true)
		if opts.Trace {
			res.Trace = append(res.Trace, pt)
		}
		if opts.OnPoint != nil {
			opts.OnPoint(pt)
		}
	}
	newton := false
	terminate := func(x []float64) bool {
		if x[n] < 0 && !newton {
			// The branch turned back below λ = 0 (not while stepping
			// onto a small target λ by the secant rule, where λ may dip
			// below 0 in passing).
			return true
		}
		if !limit {
			return false
		}
		tr.load(x)
		return tr.agentRegret(tr.p, tr.lp) < tol
	}
	crit := func(x []float64) float64 { return x[n] - target }

	x := make([]float64, n+1)
	for _, g := range tr.grp {
		for j := range g.size {
			x[g.start+j] = -math.Log(float64(g.size))
		}
	}
	t := make([]float64, n+1)
	newT := make([]float64, n+1)
	u := make([]float64, n+1)
	y := make([]float64, n)
	delta := make([]float64, n+1)

	tr.jacobian(x)
	sign, ok := tr.factor(n)
	if !ok {
		return nil, fmt.Errorf("logit: the equations are singular at λ = 0")
	}
	orient := 1.0
	tr.tangent(n, sign, orient, t)
	if t[n] < 0 { // not expected: Gambit's orientation starts with λ increasing
		orient = -1
		for i := range t {
			t[i] = -t[i]
		}
	}
	emit(x)

	finish := func(err error) (*LogitResult, error) {
		final := append([]float64(nil), x...)
		if !limit && err == nil {
			final[n] = target
		}
		final = tr.polish(final)
		p := tr.normalise(final)
		res.Lambda = final[n]
		res.Profile = m.profile(p)
		res.Residual = logitResidual(m, tr.grp, p, final[n])
		res.Regret = m.regret(p)
		lp := make([]float64, n)
		for i, q := range p {
			lp[i] = math.Log(q)
		}
		res.AgentRegret = tr.agentRegret(p, lp)
		res.Pure, res.PureGap = logitPure(res.Profile, res.order)
		if res.Pure != nil {
			res.PureNash = m.pureNash(res.Pure)
		}
		return res, err
	}

	pert, pertCountdown := 0.0, 0.0
	stalled := func() (*LogitResult, error) {
		if newton && math.Abs(crit(x)) < logitNewtonTol {
			return finish(nil)
		}
		return finish(fmt.Errorf("%w at λ = %g: the step length fell below %g", ErrLogitStalled, x[n], logitMinStep))
	}
	for stop := terminate(x); !stop; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if res.Steps+res.Refused >= maxSteps {
			return finish(fmt.Errorf("logit: stopped after MaxSteps = %d predictor–corrector steps at λ = %g", maxSteps, x[n]))
		}
		if math.Abs(h) <= logitMinStep {
			return stalled()
		}
		for i := range u {
			u[i] = x[i] + h*t[i]
		}
		decel := 1 / maxAccel
		k := 0
		for i := range t {
			if math.Abs(t[i]) > math.Abs(t[k]) {
				k = i
			}
		}
		tr.jacobian(u)
		sign, ok := tr.factor(k)
		accept := ok
		if ok {
			disto := 0.0
			for iter := 1; ; iter++ {
				tr.value(u, y)
				y[0] += pert
				dist := tr.newton(k, y, t, delta)
				for i := range u {
					u[i] -= delta[i]
				}
				if !(dist < logitMaxDist) {
					accept = false
					break
				}
				decel = max(decel, math.Sqrt(dist/logitMaxDist)*maxAccel)
				if iter >= 2 {
					contr := dist / (disto + logitCorrTol*logitEta)
					if contr > logitMaxContr {
						accept = false
						break
					}
					decel = max(decel, math.Sqrt(contr/logitMaxContr)*maxAccel)
				}
				if dist <= logitCorrTol {
					break
				}
				disto = dist
				if iter >= logitMaxIter {
					return finish(fmt.Errorf("%w at λ = %g: the corrector did not converge in %d iterations", ErrLogitStalled, x[n], logitMaxIter))
				}
			}
			tr.tangent(k, sign, orient, newT)
			if logitDot(t, newT) < 0 {
				// The orientation flipped: a bifurcation. Perturb the
				// first equation until past it, and retry shorter.
				if pertCountdown == 0 {
					pert = logitPert
					pertCountdown = math.Abs(2 * h)
				}
				accept = false
			}
		}
		if !accept {
			res.Refused++
			h /= maxAccel
			if math.Abs(h) <= logitMinStep {
				return stalled()
			}
			continue
		}
		decel = min(decel, maxAccel)
		if !limit && !newton && crit(x)*crit(u) < 0 {
			newton = true
		}
		if newton {
			cu := crit(u)
			h *= -cu / (cu - crit(x))
		} else {
			h = math.Abs(h / decel)
		}
		x, u = u, x
		t, newT = newT, t
		res.Steps++
		emit(x)
		stop = terminate(x)
		if pertCountdown > 0 {
			pertCountdown -= math.Abs(h)
			if pertCountdown < 0 {
				pert, pertCountdown = 0, 0
			}
		}
	}
	if x[n] < 0 {
		return finish(fmt.Errorf("%w: the branch turned back below λ = 0", ErrLogitStalled))
	}
	// Only a trace to the limit ends here; a given λ ends when the
	// secant steps have shrunk below logitMinStep.
	if !limit {
		return finish(fmt.Errorf("%w before reaching λ = %g", ErrLogitStalled, target))
	}
	return finish(nil)
}

// logitPure returns the pure profile near prof (every printed entry has
// a choice of probability at least 0.99) and the largest probability off
// it, or nil.
func logitPure(prof [][]float64, order []int) ([]int, float64) {
	pure := make([]int, len(prof))
	for i := range pure {
		pure[i] = -1
	}
	gap := 0.0
	for _, i := range order {
		best := 0
		for j, x := range prof[i] {
			if x > prof[i][best] {
				best = j
			}
		}
		if !(prof[i][best] >= 0.99) {
			return nil, 0
		}
		pure[i] = best
		off := 0.0
		for j, x := range prof[i] {
			if j != best {
				off += x
			}
		}
		gap = max(gap, off)
	}
	return pure, gap
}

// logitDecimals is gambit-logit's default number of digits (-d).
const logitDecimals = 6

// logitFormat writes the probabilities of prof in Gambit's order, each
// as C++ prints a double at precision decimals (%g: that many significant
// digits, trailing zeros dropped).
func logitFormat(sb *strings.Builder, prof [][]float64, order []int, decimals int) {
	for _, i := range order {
		for _, x := range prof[i] {
			sb.WriteByte(',')
			sb.WriteString(strconv.FormatFloat(x, 'g', decimals, 64))
		}
	}
}

// FormatGambit returns the point as gambit-logit prints a point of the
// branch: λ in fixed notation with decimals digits after the point, then
// the probabilities, comma-separated, player by player (for an extensive
// game: by player, then information set in depth-first order of first
// appearance, then action; chance sets are not printed), each with
// decimals significant digits as C++ streams print a double
// (strconv's 'g' format; 1e-05 style below 1e-4). decimals < 0 means
// gambit-logit's default, 6. Example: "1.500000,0.731059,0.268941".
func (pt LogitPoint) FormatGambit(decimals int) string {
	if decimals < 0 {
		decimals = logitDecimals
	}
	var sb strings.Builder
	sb.WriteString(strconv.FormatFloat(pt.Lambda, 'f', decimals, 64))
	logitFormat(&sb, pt.Profile, pt.order, decimals)
	return sb.String()
}

// FormatGambit returns the final point as gambit-logit prints it: for a
// trace to the limit (gambit-logit -e) "NE," and the probabilities; for
// a QRE at a given λ (-e -l λ) the line of that point, λ first (see
// LogitPoint.FormatGambit for the number format and order). decimals < 0
// means gambit-logit's default, 6.
func (r *LogitResult) FormatGambit(decimals int) string {
	if decimals < 0 {
		decimals = logitDecimals
	}
	if !r.Limit {
		return LogitPoint{Lambda: r.Lambda, Profile: r.Profile, order: r.order}.FormatGambit(decimals)
	}
	var sb strings.Builder
	sb.WriteString("NE")
	logitFormat(&sb, r.Profile, r.order, decimals)
	return sb.String()
}
