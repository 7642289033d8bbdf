package game

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

func lpRats(s ...string) []*big.Rat {
	out := make([]*big.Rat, len(s))
	for i, v := range s {
		r, ok := new(big.Rat).SetString(v)
		if !ok {
			panic(v)
		}
		out[i] = r
	}
	return out
}

func lpRatsString(rs []*big.Rat) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = RatString(r)
	}
	return strings.Join(s, " ")
}

// lpCertify checks that sol is optimal for lp by LP duality, exactly: x is
// feasible, y is dual feasible with the right signs, and c·x = y·b.
func lpCertify(t *testing.T, lp *linearProgram, sol *lpSolution) {
	t.Helper()
	cx, yb, tmp := new(big.Rat), new(big.Rat), new(big.Rat)
	for j, x := range sol.X {
		if x.Sign() < 0 {
			t.Errorf("x_%d = %s < 0", j, RatString(x))
		}
		cx.Add(cx, tmp.Mul(lp.C[j], x))
	}
	for i, row := range lp.A {
		ax := new(big.Rat)
		for j, a := range row {
			if a != nil {
				ax.Add(ax, tmp.Mul(a, sol.X[j]))
			}
		}
		c := ax.Cmp(lp.B[i])
		y := sol.Y[i]
		switch lp.Rel[i] {
		case lpLE:
			if c > 0 || y.Sign() < 0 {
				t.Errorf("row %d (≤): a·x = %s, b = %s, y = %s", i, RatString(ax), RatString(lp.B[i]), RatString(y))
			}
		case lpGE:
			if c < 0 || y.Sign() > 0 {
				t.Errorf("row %d (≥): a·x = %s, b = %s, y = %s", i, RatString(ax), RatString(lp.B[i]), RatString(y))
			}
		case lpEQ:
			if c != 0 {
				t.Errorf("row %d (=): a·x = %s, b = %s", i, RatString(ax), RatString(lp.B[i]))
			}
		}
		yb.Add(yb, tmp.Mul(y, lp.B[i]))
	}
	for j := range lp.C {
		ya := new(big.Rat)
		for i := range lp.A {
			if a := lp.A[i][j]; a != nil {
				ya.Add(ya, tmp.Mul(sol.Y[i], a))
			}
		}
		if ya.Cmp(lp.C[j]) < 0 {
			t.Errorf("column %d: y·A = %s < c = %s", j, RatString(ya), RatString(lp.C[j]))
		}
	}
	if cx.Cmp(sol.Value) != 0 || yb.Cmp(sol.Value) != 0 {
		t.Errorf("c·x = %s, y·b = %s, value %s", RatString(cx), RatString(yb), RatString(sol.Value))
	}
}

func TestSolveLP(t *testing.T) {
	tests := []struct {
		name  string
		lp    linearProgram
		x, y  string
		value string
		err   error
	}{
		{
			name: "textbook",
			lp: linearProgram{
				A:   [][]*big.Rat{lpRats("1", "0"), lpRats("0", "2"), lpRats("3", "2")},
				B:   lpRats("4", "12", "18"),
				C:   lpRats("3", "5"),
				Rel: []lpRel{lpLE, lpLE, lpLE},
			},
			x: "2 6", y: "0 3/2 1", value: "36",
		},
		{
			name: "covering (≥ rows, phase 1)",
			lp: linearProgram{
				A:   [][]*big.Rat{lpRats("1", "2"), lpRats("3", "1")},
				B:   lpRats("4", "6"),
				C:   lpRats("-1", "-1"),
				Rel: []lpRel{lpGE, lpGE},
			},
			x: "8/5 6/5", y: "-2/5 -1/5", value: "-14/5",
		},
		{
			name: "equation with a negative right-hand side",
			lp: linearProgram{
				A:   [][]*big.Rat{lpRats("1", "-1")},
				B:   lpRats("-2"),
				C:   lpRats("-1", "-1"),
				Rel: []lpRel{lpEQ},
			},
			x: "0 2", y: "1", value: "-2",
		},
		{
			name: "redundant equation",
			lp: linearProgram{
				A:   [][]*big.Rat{lpRats("1", "1"), lpRats("2", "2")},
				B:   lpRats("1", "2"),
				C:   lpRats("1", "0"),
				Rel: []lpRel{lpEQ, lpEQ},
			},
			x: "1 0", value: "1",
		},
		{
			name: "fractions",
			lp: linearProgram{
				A:   [][]*big.Rat{lpRats("1/3", "1/2"), lpRats("1/7", "0")},
				B:   lpRats("5/6", "1/14"),
				C:   lpRats("1/2", "1/3"),
				Rel: []lpRel{lpLE, lpLE},
			},
			x: "1/2 4/3", y: "2/3 35/18", value: "25/36",
		},
		{
			// Beale's example: Dantzig's rule with lowest-index ties
			// cycles here without an anti-cycling rule.
			name: "Beale's cycling example",
			lp: linearProgram{
				A: [][]*big.Rat{
					lpRats("1/4", "-8", "-1", "9"),
					lpRats("1/2", "-12", "-1/2", "3"),
					lpRats("0", "0", "1", "0"),
				},
				B:   lpRats("0", "0", "1"),
				C:   lpRats("3/4", "-20", "1/2", "-6"),
				Rel: []lpRel{lpLE, lpLE, lpLE},
			},
			x: "1 0 1 0", value: "5/4",
		},
		{
			name: "infeasible",
			lp: linearProgram{
				A:   [][]*big.Rat{lpRats("1"), lpRats("1")},
				B:   lpRats("1", "2"),
				C:   lpRats("1"),
				Rel: []lpRel{lpLE, lpGE},
			},
			err: errLPInfeasible,
		},
		{
			name: "unbounded",
			lp: linearProgram{
				A:   [][]*big.Rat{lpRats("1", "-1")},
				B:   lpRats("1"),
				C:   lpRats("1", "0"),
				Rel: []lpRel{lpLE},
			},
			err: errLPUnbounded,
		},
	}
	for _, tc := range tests {
		for _, useFloat := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/float=%v", tc.name, useFloat), func(t *testing.T) {
				sol, err := solveLPRule(context.Background(), &tc.lp, simplexDegenerateRun, useFloat)
				if tc.err != nil {
					if !errors.Is(err, tc.err) {
						t.Fatalf("err %v, want %v", err, tc.err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if sol.FromFloat != useFloat {
					t.Errorf("FromFloat = %v", sol.FromFloat)
				}
				if got := lpRatsString(sol.X); got != tc.x {
					t.Errorf("x = %s, want %s", got, tc.x)
				}
				if got := lpRatsString(sol.Y); tc.y != "" && got != tc.y {
					t.Errorf("y = %s, want %s", got, tc.y)
				}
				if got := RatString(sol.Value); got != tc.value {
					t.Errorf("value %s, want %s", got, tc.value)
				}
				lpCertify(t, &tc.lp, sol)
			})
		}
	}
}

// Random small programs with a known feasible point and bounded variables:
// every answer must carry its own duality certificate.
func TestSolveLPRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fromFloat := 0
	for trial := range 200 {
		m, n := 1+rng.IntN(6), 1+rng.IntN(6)
		lp := &linearProgram{C: make([]*big.Rat, n)}
		x0 := make([]int64, n)
		for j := range n {
			x0[j] = rng.Int64N(3)
			lp.C[j] = big.NewRat(rng.Int64N(11)-5, 1+rng.Int64N(3))
		}
		for range m {
			row := make([]*big.Rat, n)
			ax := int64(0)
			for j := range n {
				a := rng.Int64N(7) - 3
				if rng.IntN(3) == 0 {
					a = 0
				}
				row[j] = big.NewRat(a, 1)
				ax += a * x0[j]
			}
			rel := lpRel(rng.IntN(3))
			b := ax
			switch rel {
			case lpLE:
				b += rng.Int64N(3)
			case lpGE:
				b -= rng.Int64N(3)
			}
			lp.A = append(lp.A, row)
			lp.B = append(lp.B, big.NewRat(b, 1))
			lp.Rel = append(lp.Rel, rel)
		}
		// Box every variable so the program is bounded.
		for j := range n {
			row := make([]*big.Rat, n)
			for k := range row {
				row[k] = new(big.Rat)
			}
			row[j].SetInt64(5)
			lp.A = append(lp.A, row)
			lp.B = append(lp.B, big.NewRat(5*(x0[j]+1), 1))
			lp.Rel = append(lp.Rel, lpLE)
		}
		// The float pass with its exact check, the exact method, and the
		// exact method with Bland's rule throughout.
		for _, c := range []struct {
			run      int
			useFloat bool
		}{{simplexDegenerateRun, true}, {simplexDegenerateRun, false}, {0, false}} {
			sol, err := solveLPRule(context.Background(), lp, c.run, c.useFloat)
			if err != nil {
				t.Fatalf("trial %d: %v", trial, err)
			}
			lpCertify(t, lp, sol)
			if sol.FromFloat {
				fromFloat++
			}
		}
	}
	// On these small well-scaled programs the float pass always finds an
	// optimal basis.
	if fromFloat != 200 {
		t.Errorf("the float pass's basis was used %d times of 200", fromFloat)
	}
}

func TestSolveLPLimits(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lp := &linearProgram{A: [][]*big.Rat{lpRats("1")}, B: lpRats("1"), C: lpRats("1"), Rel: []lpRel{lpLE}}
	if _, err := solveLP(ctx, lp); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	huge := &linearProgram{C: lpRats("1")}
	for range 2100 {
		huge.A = append(huge.A, lpRats("1"))
		huge.B = append(huge.B, lpRats("1")[0])
		huge.Rel = append(huge.Rel, lpLE)
	}
	if _, err := solveLP(context.Background(), huge); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("large: %v", err)
	}
	bad := &linearProgram{A: [][]*big.Rat{lpRats("1", "2")}, B: lpRats("1"), C: lpRats("1"), Rel: []lpRel{lpLE}}
	if _, err := solveLP(context.Background(), bad); err == nil {
		t.Error("ragged program: no error")
	}
}
