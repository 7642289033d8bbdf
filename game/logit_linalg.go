package game

import "math"

// Dense linear algebra for the logit path tracer (logit.go): an LU
// factorisation with partial pivoting of a square row-major matrix, and
// solves with it. The tracer factors the N×N matrix left when one column
// of the N×(N+1) Jacobian is dropped; see docs/games.md.

// logitLU factors the n×n row-major matrix a in place as P·a = L·U, with
// L unit lower triangular (below the diagonal) and U upper triangular (on
// and above it); piv[k] is the row swapped with row k at step k. It
// returns the sign of det(a) and false when a is singular (a zero or
// non-finite pivot). Cost: n³/3 multiply-adds, in panels of
// logitBlock columns: each panel is factored on its own, then the rest
// of the matrix is updated by all the panel's rows in one pass, which
// reads and writes the trailing matrix a eighth as often as a
// column-by-column elimination.
func logitLU(a []float64, n int, piv []int) (sign float64, ok bool) {
	sign = 1
	for kb := 0; kb < n; kb += logitBlock {
		be := min(kb+logitBlock, n)
		// Factor the panel: columns kb..be−1, rows kb..n−1.
		for k := kb; k < be; k++ {
			p, best := k, math.Abs(a[k*n+k])
			for i := k + 1; i < n; i++ {
				if v := math.Abs(a[i*n+k]); v > best {
					p, best = i, v
				}
			}
			piv[k] = p
			if best == 0 || math.IsNaN(best) || math.IsInf(best, 0) {
				return 0, false
			}
			if p != k {
				rk, rp := a[k*n:k*n+n], a[p*n:p*n+n]
				for j := range rk {
					rk[j], rp[j] = rp[j], rk[j]
				}
				sign = -sign
			}
			pivot := a[k*n+k]
			if pivot < 0 {
				sign = -sign
			}
			inv := 1 / pivot
			rk := a[k*n+k+1 : k*n+be]
			for i := k + 1; i < n; i++ {
				f := a[i*n+k] * inv
				a[i*n+k] = f
				if f != 0 {
					logitAxpy(a[i*n+k+1:i*n+be], rk, -f)
				}
			}
		}
		if be == n {
			break
		}
		// The panel's rows of U right of it: U12 = L11⁻¹·A12.
		for k := kb; k < be; k++ {
			rk := a[k*n+be : k*n+n]
			for i := k + 1; i < be; i++ {
				if f := a[i*n+k]; f != 0 {
					logitAxpy(a[i*n+be:i*n+n], rk, -f)
				}
			}
		}
		// The trailing matrix: A22 −= L21·U12.
		if be-kb == logitBlock {
			var u [logitBlock][]float64
			for b := range u {
				u[b] = a[(kb+b)*n+be : (kb+b)*n+n]
			}
			for i := be; i < n; i++ {
				l := a[i*n+kb : i*n+be]
				if l[0] == 0 && l[1] == 0 && l[2] == 0 && l[3] == 0 && l[4] == 0 && l[5] == 0 && l[6] == 0 && l[7] == 0 {
					continue // sparse Jacobians (trees) have many such rows
				}
				logitAxpy8(a[i*n+be:i*n+n], &u, -l[0], -l[1], -l[2], -l[3], -l[4], -l[5], -l[6], -l[7])
			}
			continue
		}
		for i := be; i < n; i++ {
			row := a[i*n+be : i*n+n]
			for k := kb; k < be; k++ {
				if f := a[i*n+k]; f != 0 {
					logitAxpy(row, a[k*n+be:k*n+n], -f)
				}
			}
		}
	}
	return sign, true
}

// logitBlock is the panel width of logitLU.
const logitBlock = 8

// logitAxpy8 sets y += Σ a_b·x_b over the eight rows x.
func logitAxpy8(y []float64, x *[logitBlock][]float64, a0, a1, a2, a3, a4, a5, a6, a7 float64) {
	n := len(y)
	x0, x1, x2, x3 := x[0][:n], x[1][:n], x[2][:n], x[3][:n]
	x4, x5, x6, x7 := x[4][:n], x[5][:n], x[6][:n], x[7][:n]
	for j := range y {
		s := y[j] + a0*x0[j] + a1*x1[j] + a2*x2[j] + a3*x3[j]
		y[j] = s + a4*x4[j] + a5*x5[j] + a6*x6[j] + a7*x7[j]
	}
}

// logitAxpy sets y += alpha·x; x is at least as long as y.
func logitAxpy(y, x []float64, alpha float64) {
	x = x[:len(y)]
	i := 0
	for ; i+4 <= len(y); i += 4 {
		y[i] += alpha * x[i]
		y[i+1] += alpha * x[i+1]
		y[i+2] += alpha * x[i+2]
		y[i+3] += alpha * x[i+3]
	}
	for ; i < len(y); i++ {
		y[i] += alpha * x[i]
	}
}

// logitDot returns x·y; y is at least as long as x.
func logitDot(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// logitLUSolve overwrites b with the solution of a·x = b, given a as
// factored by logitLU.
func logitLUSolve(a []float64, n int, piv []int, b []float64) {
	for k := range n {
		if p := piv[k]; p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
	for i := 1; i < n; i++ {
		b[i] -= logitDot(a[i*n:i*n+i], b)
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i] - logitDot(a[i*n+i+1:i*n+n], b[i+1:])
		b[i] = s / a[i*n+i]
	}
}
