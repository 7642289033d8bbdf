package montecarlo

import (
	"cmp"
	"math"
	"slices"
)

// Spearman returns Spearman's rank correlation of the pairs (x[i], y[i]):
// the Pearson correlation of their ranks, tied values sharing the mean of
// their ranks. It returns NaN when the slices differ in length, have
// fewer than two pairs, contain NaN, or either is constant.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 || slices.ContainsFunc(x, math.IsNaN) || slices.ContainsFunc(y, math.IsNaN) {
		return math.NaN()
	}
	idx := make([]int, len(x))
	rx, ry := make([]float64, len(x)), make([]float64, len(y))
	midRanks(x, idx, rx)
	midRanks(y, idx, ry)
	var c CoMoments
	for i := range rx {
		c.Add(rx[i], ry[i])
	}
	return c.Pearson()
}

// midRanks sets r[i] to the rank (from 1) of v[i] in v, ties taking the
// mean of their ranks. idx is scratch space of len(v).
func midRanks(v []float64, idx []int, r []float64) {
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(v[a], v[b]) })
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		rank := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = rank
		}
		i = j + 1
	}
}

// rankCorrelations returns Spearman's ρ between the last column (the
// metric) and each of the first nIn columns (the inputs) of a sample
// stored row by row with nIn+1 columns, and the number of rows.
func rankCorrelations(sample []float64, nIn int) ([]float64, int64) {
	stride := nIn + 1
	n := len(sample) / stride
	rho := make([]float64, nIn)
	if n < 2 {
		for k := range rho {
			rho[k] = math.NaN()
		}
		return rho, int64(n)
	}
	col := make([]float64, n)
	idx := make([]int, n)
	ry, rx := make([]float64, n), make([]float64, n)
	for i := range n {
		col[i] = sample[i*stride+nIn]
	}
	midRanks(col, idx, ry)
	for k := range nIn {
		for i := range n {
			col[i] = sample[i*stride+k]
		}
		midRanks(col, idx, rx)
		var c CoMoments
		for i := range n {
			c.Add(rx[i], ry[i])
		}
		rho[k] = c.Pearson()
	}
	return rho, int64(n)
}
