// Package cli implements the bulwark command line. It is a thin layer over
// the engine packages: each command parses flags into an options struct and
// calls a plain run function, which the tests drive with in-memory streams.
//
// Exit codes: 0 ok, 1 internal failure, 2 invalid input or usage,
// 130 interrupted.
package cli
