// Package server is Bulwark's HTTP server (`bulwark serve`): a JSON API to
// validate scenarios, start comparisons of their arrangements and follow
// them by server-sent events, read, diff, download and remove stored runs,
// and the embedded web UI (server/web) that uses it.
//
// Runs are computed by internal/runner, as `bulwark compare` computes
// them, and saved in the run store with command "serve". A run is known by
// a provisional id "r-N" while it runs; once saved it has its store id
// ("42-3f9a2c"), and the provisional id keeps answering for it. Without a
// store, finished runs are kept in memory (the most recent ones only).
//
// Safety: a server on a non-loopback address must have a token, which
// every /api request then presents as "Authorization: Bearer TOKEN"
// (compared in constant time); request bodies are limited in size; at
// most MaxRuns runs compute at once (more get 429 with Retry-After); each
// run has a sample and a time budget, and a run that exceeds the time
// budget is stored partial. Serve shuts down gracefully: it stops
// accepting connections, cancels the running runs and waits until each is
// saved, marked partial. docs/server.md describes the API.
package server
