// Package testslack scales the time limits of tests that guard against
// hangs and quadratic blow-ups. Such a limit is set generously for a normal
// build; under the race detector, which slows code five- to twenty-fold,
// or on a loaded machine (BULWARK_TEST_SLACK=N multiplies every limit by
// N), Scale stretches it so that the guard still catches a hang without
// failing on a slow but correct run. Speed targets themselves live in
// benchmarks, never in these limits.
package testslack
