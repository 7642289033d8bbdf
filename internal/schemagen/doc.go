// Package schemagen generates Bulwark's published JSON Schemas from the Go
// types they describe, so the schemas cannot drift from the code: the
// scenario language (schema/scenario.schema.json) and the output of
// `bulwark explain --format json` (schema/explain.schema.json).
//
// Regenerate with: go run ./internal/schemagen/gen
// The package's tests fail if the committed files differ from what the
// types generate, and validate real documents against them.
package schemagen
