// Package diag holds positioned diagnostics: the errors and warnings that
// Bulwark's loaders report about user input.
//
// A Diagnostic names a position (file, line and column, columns counting
// characters rather than bytes), a one-line summary and an optional hint
// that says how to fix the problem. A List collects every diagnostic a loader
// found; it sorts by position, as go/scanner's ErrorList does, so that a user
// sees all problems at once, in file order.
//
// Renderers are separate from the data: List.Error gives the compact
// "FILE:LINE:COL: message" form used by the CLI, WriteText adds hint lines,
// and the JSON encoding serves the HTTP API and the web UI.
package diag
