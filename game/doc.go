// Package game holds games as data: n-player strategic-form games
// (NormalForm) and extensive-form games with chance, information sets and
// outcomes on any node (Extensive), and reads and writes them in Gambit's
// file formats (.nfg version 1, .efg version 2).
//
// Numbers are exact: a Number keeps the rational value of the text it was
// read from (3, -1/3, .25, 1.5e-1) and that text, so a game read and written
// again keeps its figures. Readers report positioned errors (diag.List,
// FILE:LINE:COL, columns in characters) and never panic; they run in time
// linear in the file. docs/games.md documents the formats' edge cases and
// where Bulwark follows Gambit 17 rather than 16.
package game
