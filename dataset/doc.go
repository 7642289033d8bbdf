// Package dataset is Bulwark's embedded, sourced data about actors: states
// and organisations, the groups they form (nato, eu) and the places
// (sea areas) that treaties refer to.
//
// Every figure carries its source (publication, edition, year). A cell the
// sources did not give is missing, never zero: Actor.Figure reports it as
// absent and Dataset.Missing lists it. data/SOURCES.md says where each
// column came from; data/columns.csv gives each column's unit and source,
// and data/cell_sources.csv the few cells whose source differs from their
// column's.
package dataset
