// Package runner runs a comparison of a scenario's arrangements — what
// `bulwark compare`, `bulwark report` and `bulwark serve` all do — outside
// any command-line framework: it checks the run's options, loads the
// scenario with its --set overrides, builds the crisis model, runs it with
// a progress callback, turns the result into a crisis.Report and that into
// the store.Run that records it.
//
// The command line and the HTTP server both call it, so that a run started
// from either is the same computation with the same checks and messages,
// and saved the same way.
package runner
