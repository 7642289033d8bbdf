// Package yamltree turns YAML source into a small, positioned node tree that
// Bulwark's loaders decode with their own rules.
//
// It wraps goccy/go-yaml's parser with the guards that a loader of untrusted
// input needs and that the parser lacks: a size limit, a UTF-8 check, a
// nesting-depth limit checked by a linear pre-scan (the parser's running time
// grows quadratically with nesting), and a budget on alias expansion checked
// before anything is expanded (so "billion laughs" documents are refused in
// time and memory linear in the file). Duplicate mapping keys are reported
// all at once rather than stopping at the first. Columns count characters.
package yamltree
