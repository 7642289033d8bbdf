// Package yamltree turns YAML source into a small, positioned node tree that
// Bulwark's loaders decode with their own rules.
//
// It wraps goccy/go-yaml's parser with the guards that a loader of untrusted
// input needs and that the parser lacks. One linear pre-scan, before the
// parser runs, enforces a size limit (MaxBytes), UTF-8, a nesting-depth
// limit (MaxDepth), a limit on entries per mapping (MaxMapEntries) and on
// values per document (MaxNodes): the parser's running time grows
// quadratically with nesting and with mapping size. Alias expansion is
// budgeted (MaxAliasNodes) before anything is expanded, so "billion laughs"
// documents are refused in time and memory linear in the file. Duplicate
// mapping keys are reported all at once rather than stopping at the first.
// Columns count characters. docs/scenario.md ("Limits") documents the
// limits for users.
package yamltree
