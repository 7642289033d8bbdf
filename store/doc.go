// Package store keeps a record of every bulwark run in an embedded SQLite
// database (modernc.org/sqlite, pure Go): the canonical scenario text and
// its SHA-256, the seed, the bulwark version, the command line, the
// results (the JSON of `bulwark compare --format json`) and timings.
//
// # Location
//
// By default the database is $XDG_DATA_HOME/bulwark/runs.db, or
// ~/.local/share/bulwark/runs.db when XDG_DATA_HOME is unset or not an
// absolute path (see DefaultPath). Open takes an explicit path.
//
// # Run ids
//
// A run's id is its number in the store, a dash, and six hex digits of a
// hash of its scenario hash, time and random bytes: "42-3f9a2c". The
// number makes ids short and sortable; the hash makes an id cited from
// one machine's store unlikely to name a different run in another's.
// Numbers are never reused, even after a run is removed.
// Get, Delete and the CLI accept the number alone ("42"), the full id, or
// a unique prefix of the full id ("42-3f"); a prefix matching several
// runs is an error.
//
// # Completeness and concurrency
//
// A run is written at its end, as one INSERT in one transaction, with all
// its data: a process killed before or during Save leaves no row at all,
// never a half-written one. The status column says how the run ended:
// "complete"; "partial" when it was interrupted (Ctrl-C) and the results
// cover only the draws made so far; "failed" when it stopped on an error.
// A partial result is never stored as complete.
//
// The database is in WAL mode with a busy timeout, and Save retries a
// write that still finds the database locked, so several processes can
// save runs at once without losing any.
//
// # Schema versions
//
// The schema is versioned with PRAGMA user_version and the file marked as
// a Bulwark store with PRAGMA application_id. Open applies each missing
// migration in its own transaction, refuses a database whose schema is
// newer than this package knows (written by a newer bulwark), and refuses
// a SQLite file that is not a Bulwark store.
package store
