package store

// migrations returns the schema's versions: the i-th takes the schema
// from version i to i+1 (PRAGMA user_version). Append only; never edit a
// released migration.
func migrations() []string {
	return []string{
		// 1: the runs table. seq is the run's number (AUTOINCREMENT: never
		// reused, even after the latest run is removed), id "seq-hash6"; seed is
		// the uint64 seed's bits as a signed integer; args and timings are
		// JSON; results the command's JSON output (NULL if none); saved an
		// RFC 3339 UTC time.
		`CREATE TABLE runs (
		seq             INTEGER PRIMARY KEY AUTOINCREMENT,
		id              TEXT    NOT NULL UNIQUE,
		command         TEXT    NOT NULL,
		status          TEXT    NOT NULL CHECK (status IN ('complete', 'partial', 'failed')),
		scenario        TEXT    NOT NULL,
		scenario_sha256 TEXT    NOT NULL,
		scenario_text   TEXT    NOT NULL,
		seed            INTEGER NOT NULL,
		version         TEXT    NOT NULL,
		args            TEXT    NOT NULL,
		results         TEXT,
		timings         TEXT    NOT NULL,
		saved           TEXT    NOT NULL,
		duration_ns     INTEGER NOT NULL
	);
	CREATE INDEX runs_scenario ON runs (scenario, seq);`,
		// 2: the number of draws of a run with results (0 if none) as a
		// column, so that a list does not parse every run's results
		// (a comparison's JSON is 100 KB and more with its distributions).
		`ALTER TABLE runs ADD COLUMN samples INTEGER NOT NULL DEFAULT 0;
	UPDATE runs SET samples = coalesce(CAST(json_extract(results, '$.samples') AS INTEGER), 0);`,
		// 3: an index holding every column a list shows, so that a list is
		// read from it alone: in the table, the columns after the scenario
		// text and the results can only be reached through those texts'
		// overflow pages, hundreds of kilobytes a run.
		`CREATE INDEX runs_summary ON runs
		(seq, id, command, status, scenario, scenario_sha256, seed, version, args, samples, saved, duration_ns);`,
	}
}
