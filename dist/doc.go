// Package dist turns a scenario's assumptions into probability
// distributions: point, uniform, triangular, PERT, normal, lognormal and
// beta, each optionally truncated to bounds.
//
// Parameterisations follow docs/scenario.md ("Assumptions"):
//
//   - PERT(min, mode, max) is a beta distribution scaled to [min, max] with
//     α = 1 + 4(mode−min)/(max−min) and β = 1 + 4(max−mode)/(max−min)
//     (Malcolm et al. 1959; Vose, Risk Analysis, 3rd ed., 2008, §9.1.5).
//   - lognormal is given by the mean m and standard deviation s of the
//     quantity itself: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
//   - beta by mean m and sd s: ν = m(1−m)/s² − 1, α = mν, β = (1−m)ν,
//     which requires s² < m(1−m).
//
// Truncation to [lo, hi] renormalises the density on the interval; a value
// is drawn by inverse transform, x = F⁻¹(F(lo) + u·(F(hi) − F(lo))), so one
// uniform number gives one draw and streams stay reproducible.
package dist
