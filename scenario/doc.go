// Package scenario is Bulwark's scenario language, version 1: the Go types
// of a scenario file, its strict YAML loader, validation, --set overrides,
// the event grammar, and the resolution of an arrangement into concrete
// treaties for the treaty engine.
//
// A scenario names actors (states by ISO 3166-1 alpha-3 code, drawn from
// the embedded dataset, and declared organisations), groups, roles
// (attacker, target, alliance, patron), treaties made of typed clauses,
// arrangements that bundle treaties with guarantors, parameters, aid and
// settlement terms, uncertain assumptions, and named events.
//
// Load parses a file into a node tree, applies --set overrides, decodes it
// into Document with the language's rules (unknown fields, types, required
// fields and enumerations, the last two read from the same struct tags that
// generate schema/scenario.schema.json), and validates every cross-reference.
// It reports every problem at once as a position-sorted diag.List, each
// with FILE:LINE:COL (columns in characters) and, where one is known, a fix.
//
// docs/scenario.md is the language reference; the embedded default
// scenario, menon2023, encodes the four arrangements of Bulwark's founding
// essay.
package scenario
