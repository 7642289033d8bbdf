package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Status says how a run ended.
type Status string

// The statuses of a run.
const (
	// StatusComplete: the run finished; its results are final.
	StatusComplete Status = "complete"
	// StatusPartial: the run was interrupted; its results cover the
	// draws made before the interruption.
	StatusPartial Status = "partial"
	// StatusFailed: the run stopped on an error.
	StatusFailed Status = "failed"
)

func (s Status) valid() bool {
	return s == StatusComplete || s == StatusPartial || s == StatusFailed
}

// Run is one saved run.
type Run struct {
	// ID is set by Save; ignored when saving.
	ID string `json:"id"`
	// Command is what made the run: "compare" or "report" (the CLI), "serve"
	// (the server).
	Command string `json:"command"`
	Status  Status `json:"status"`
	// Scenario is the scenario's id; ScenarioSHA256 the SHA-256 of its
	// canonical JSON (scenario.Scenario.SHA256), and ScenarioText that
	// canonical text (Scenario.CanonicalJSON or NormalizedYAML).
	Scenario       string `json:"scenario"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	ScenarioText   string `json:"scenario_text,omitempty"`
	Seed           uint64 `json:"seed"`
	Version        string `json:"version"`
	// Args is the command line, without the program name.
	Args []string `json:"args"`
	// Results is the run's JSON output (for compare, a crisis.Report).
	Results json.RawMessage `json:"results"`
	Timings Timings         `json:"timings"`
	// Saved is when the run was saved; set by Save.
	Saved time.Time `json:"saved"`
}

// Timings are the wall-clock times of a run.
type Timings struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Phases are optional named durations, e.g. "load", "model".
	Phases map[string]time.Duration `json:"phases,omitempty"`
}

// Duration is Finished − Started, or 0 if either is unset.
func (t Timings) Duration() time.Duration {
	if t.Started.IsZero() || t.Finished.IsZero() {
		return 0
	}
	return t.Finished.Sub(t.Started)
}

// Summary is a run as listed: everything but the texts.
type Summary struct {
	ID             string        `json:"id"`
	Command        string        `json:"command"`
	Status         Status        `json:"status"`
	Scenario       string        `json:"scenario"`
	ScenarioSHA256 string        `json:"scenario_sha256"`
	Seed           uint64        `json:"seed"`
	Version        string        `json:"version"`
	Samples        int64         `json:"samples,omitempty"`
	Args           []string      `json:"args"`
	Saved          time.Time     `json:"saved"`
	Duration       time.Duration `json:"duration_ns"`
}

// SummaryOf is r's Summary, as List would give it once r is saved: its
// draws per arrangement are read from its results (0 if it has none, as
// the samples column), which decodes them — call it once per run.
func SummaryOf(r *Run) Summary {
	var res struct {
		Samples int64 `json:"samples"`
	}
	_ = json.Unmarshal(r.Results, &res) // 0 if absent or not a compare report
	return summaryOf(r, res.Samples)
}

func summaryOf(r *Run, samples int64) Summary {
	return Summary{ID: r.ID, Command: r.Command, Status: r.Status, Scenario: r.Scenario,
		ScenarioSHA256: r.ScenarioSHA256, Seed: r.Seed, Version: r.Version, Samples: samples,
		Args: r.Args, Saved: r.Saved, Duration: r.Timings.Duration()}
}

// ListOptions select the runs List returns, newest first.
type ListOptions struct {
	// Limit is the most runs to return; 0 means all.
	Limit int
	// Scenario, if set, keeps the runs of the scenario with this id.
	Scenario string
	// Command, if set, keeps the runs of this command.
	Command string
}

// Store is an open run store. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
}

// Errors returned (wrapped) by Open.
var (
	// ErrNotStore: the file is not a SQLite database, or one that is not a
	// Bulwark run store.
	ErrNotStore = errors.New("not a Bulwark run store")
	// ErrNewerSchema: the store was written by a newer bulwark.
	ErrNewerSchema = errors.New("run store schema is newer than this bulwark supports")
)

// NotFoundError is returned when no run has the given id.
type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no run with id %q (list the runs with `bulwark runs list`)", e.ID)
}

// AmbiguousError is returned when an id prefix matches several runs.
type AmbiguousError struct {
	ID      string
	Matches []string // some of the ids it matches
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("run id %q is ambiguous: it matches %s; give more of the id", e.ID, strings.Join(e.Matches, ", "))
}

// applicationID marks a SQLite file as a Bulwark run store ("BLWK").
const applicationID = 0x424c574b

// busyTimeout is how long a connection waits for another's lock, in ms.
const busyTimeout = 10000

// DefaultPath returns the default location of the store:
// $XDG_DATA_HOME/bulwark/runs.db, or ~/.local/share/bulwark/runs.db when
// XDG_DATA_HOME is unset or relative (as the XDG spec requires).
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the run store: $XDG_DATA_HOME is unset and %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "bulwark", "runs.db"), nil
}

// Open opens the store at path, creating it and its directory if need
// be, and brings its schema up to date.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("opening run store: empty path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("opening run store %s: the path may not contain '?' or '#'", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("opening run store %s: it is a directory", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("opening run store %s: %w", path, err)
	}
	dsn := path + "?_pragma=busy_timeout(" + strconv.Itoa(busyTimeout) + ")&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening run store %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path returns the store's file path.
func (s *Store) Path() string { return s.path }

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// init checks the file is a Bulwark store (or empty), switches it to WAL
// and applies the migrations.
func (s *Store) init(ctx context.Context) error {
	var appID, version, tables int
	err := withRetry(ctx, func() error {
		if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
			return err
		}
		if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return err
		}
		return s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables)
	})
	if err != nil {
		if code(err) == sqlite3.SQLITE_NOTADB {
			return fmt.Errorf("opening run store %s: %w: the file is not a SQLite database", s.path, ErrNotStore)
		}
		return fmt.Errorf("opening run store %s: %w", s.path, err)
	}
	if appID != applicationID && (appID != 0 || tables > 0 || version > 0) {
		return fmt.Errorf("opening run store %s: %w: it is a SQLite database of another application", s.path, ErrNotStore)
	}
	if version > len(migrations()) {
		return fmt.Errorf("opening run store %s: %w: schema version %d, this bulwark knows up to %d; upgrade bulwark or use another --store",
			s.path, ErrNewerSchema, version, len(migrations()))
	}
	err = withRetry(ctx, func() error {
		var mode string
		return s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
	})
	if err != nil {
		return fmt.Errorf("opening run store %s: setting WAL mode: %w", s.path, err)
	}
	if err := s.migrate(ctx); err != nil {
		return fmt.Errorf("opening run store %s: %w", s.path, err)
	}
	return nil
}

// migrate applies each migration the database lacks in its own
// transaction, which also sets user_version: another process migrating
// at the same time waits for the lock, then finds nothing left to do.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	err = withRetry(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var v int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		if v > len(migrations()) {
			return fmt.Errorf("%w: schema version %d, this bulwark knows up to %d", ErrNewerSchema, v, len(migrations()))
		}
		if v == len(migrations()) {
			done = true
			return nil
		}
		if _, err := tx.ExecContext(ctx, migrations()[v]); err != nil {
			return fmt.Errorf("migrating the schema to version %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return err
		}
		return tx.Commit()
	})
	return done, err
}

// code returns the primary SQLite result code of err, or 0.
func code(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// withRetry calls f until it does not fail with SQLITE_BUSY or
// SQLITE_LOCKED, for up to a minute: the busy timeout handles most
// contention, but SQLite returns BUSY at once in some cases (e.g. a
// deadlock between a reader upgrading to a writer and another writer).
func withRetry(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(time.Minute)
	wait := 5 * time.Millisecond
	for {
		err := f()
		if c := code(err); (c != sqlite3.SQLITE_BUSY && c != sqlite3.SQLITE_LOCKED) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// Save stores r in one transaction and returns its new id. r.ID and
// r.Saved are ignored. Timings.Finished defaults to now.
func (s *Store) Save(ctx context.Context, r Run) (string, error) {
	if r.Command == "" {
		return "", errors.New("saving run: no command")
	}
	if !r.Status.valid() {
		return "", fmt.Errorf("saving run: status %q: use complete, partial or failed", r.Status)
	}
	if len(r.Results) > 0 && !json.Valid(r.Results) {
		return "", errors.New("saving run: the results are not valid JSON")
	}
	if r.Args == nil {
		r.Args = []string{}
	}
	args, err := json.Marshal(r.Args)
	if err != nil {
		return "", fmt.Errorf("saving run: %w", err)
	}
	now := time.Now().UTC()
	if r.Timings.Finished.IsZero() {
		r.Timings.Finished = now
	}
	timings, err := json.Marshal(r.Timings)
	if err != nil {
		return "", fmt.Errorf("saving run: %w", err)
	}
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%x", r.ScenarioSHA256, now.UnixNano(), nonce)
	suffix := hex.EncodeToString(h.Sum(nil))[:6]
	var results any
	if len(r.Results) > 0 {
		results = string(r.Results)
	}
	var id string
	err = withRetry(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		// Insert under a provisional id, then name the run by the number
		// SQLite gave it, in the same transaction.
		res, err := tx.ExecContext(ctx, `INSERT INTO runs
			(id, command, status, scenario, scenario_sha256, scenario_text, seed, version, args, results, timings, saved, duration_ns, samples)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
				coalesce(CAST(json_extract(?10, '$.samples') AS INTEGER), 0))`,
			"new-"+suffix, r.Command, string(r.Status), r.Scenario, r.ScenarioSHA256, r.ScenarioText,
			int64(r.Seed), r.Version, string(args), results, string(timings),
			now.Format(time.RFC3339Nano), int64(r.Timings.Duration()))
		if err != nil {
			return err
		}
		seq, err := res.LastInsertId()
		if err != nil {
			return err
		}
		id = strconv.FormatInt(seq, 10) + "-" + suffix
		if _, err := tx.ExecContext(ctx, "UPDATE runs SET id = ? WHERE seq = ?", id, seq); err != nil {
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return "", fmt.Errorf("saving run in %s: %w", s.path, err)
	}
	return id, nil
}

// resolve returns the full id of the run id names: a run number, a full
// id or a unique prefix of one.
func resolve(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", &NotFoundError{ID: id}
	}
	var rows *sql.Rows
	var err error
	if n, perr := strconv.ParseInt(id, 10, 64); perr == nil && !strings.HasPrefix(id, "+") {
		rows, err = q.QueryContext(ctx, "SELECT id FROM runs WHERE seq = ?", n)
	} else {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(id)
		rows, err = q.QueryContext(ctx, `SELECT id FROM runs WHERE id LIKE ? ESCAPE '\' ORDER BY seq LIMIT 6`, esc+"%")
	}
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		ids = append(ids, s)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	switch {
	case len(ids) == 0:
		return "", &NotFoundError{ID: id}
	case len(ids) > 1:
		for _, s := range ids {
			if s == id {
				return s, nil
			}
		}
		return "", &AmbiguousError{ID: id, Matches: ids}
	}
	return ids[0], nil
}

// Get returns the run id names: its number, its full id or a unique
// prefix of it. It returns a *NotFoundError or *AmbiguousError if id
// names no run or several.
func (s *Store) Get(ctx context.Context, id string) (*Run, error) {
	var r Run
	err := withRetry(ctx, func() error {
		full, err := resolve(ctx, s.db, id)
		if err != nil {
			return err
		}
		var status, args, timings, saved string
		var results sql.NullString
		var seed int64
		err = s.db.QueryRowContext(ctx, `SELECT id, command, status, scenario, scenario_sha256, scenario_text,
			seed, version, args, results, timings, saved FROM runs WHERE id = ?`, full).Scan(
			&r.ID, &r.Command, &status, &r.Scenario, &r.ScenarioSHA256, &r.ScenarioText,
			&seed, &r.Version, &args, &results, &timings, &saved)
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{ID: id} // deleted meanwhile
		}
		if err != nil {
			return err
		}
		r.Status = Status(status)
		r.Seed = uint64(seed)
		if results.Valid && results.String != "" {
			r.Results = json.RawMessage(results.String)
		}
		if err := json.Unmarshal([]byte(args), &r.Args); err != nil {
			return fmt.Errorf("run %s: corrupt args: %w", r.ID, err)
		}
		if err := json.Unmarshal([]byte(timings), &r.Timings); err != nil {
			return fmt.Errorf("run %s: corrupt timings: %w", r.ID, err)
		}
		r.Saved, err = time.Parse(time.RFC3339Nano, saved)
		if err != nil {
			return fmt.Errorf("run %s: corrupt time: %w", r.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, wrapLookup(s.path, err)
	}
	return &r, nil
}

// wrapLookup adds the store's path to an error, except to the not-found
// and ambiguous errors, which stand alone.
func wrapLookup(path string, err error) error {
	var nf *NotFoundError
	var amb *AmbiguousError
	if errors.As(err, &nf) || errors.As(err, &amb) {
		return err
	}
	return fmt.Errorf("reading run store %s: %w", path, err)
}

// listQuery selects what a list shows, every column of it in the index
// runs_summary (migration 3), so that SQLite reads the index alone.
const listQuery = `SELECT id, command, status, scenario, scenario_sha256, seed, version, args,
		samples, saved, duration_ns FROM runs WHERE 1`

// List returns summaries of the runs opts selects, newest first.
func (s *Store) List(ctx context.Context, opts ListOptions) ([]Summary, error) {
	if opts.Limit < 0 {
		return nil, fmt.Errorf("listing runs: negative limit %d", opts.Limit)
	}
	q := listQuery
	var params []any
	if opts.Scenario != "" {
		q += " AND scenario = ?"
		params = append(params, opts.Scenario)
	}
	if opts.Command != "" {
		q += " AND command = ?"
		params = append(params, opts.Command)
	}
	q += " ORDER BY seq DESC"
	if opts.Limit > 0 {
		q += " LIMIT ?"
		params = append(params, opts.Limit)
	}
	var out []Summary
	err := withRetry(ctx, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, q, params...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m Summary
			var status, args, saved string
			var seed, dur int64
			var samples int64
			if err := rows.Scan(&m.ID, &m.Command, &status, &m.Scenario, &m.ScenarioSHA256, &seed, &m.Version, &args, &samples, &saved, &dur); err != nil {
				return err
			}
			m.Status, m.Seed, m.Samples, m.Duration = Status(status), uint64(seed), samples, time.Duration(dur)
			if err := json.Unmarshal([]byte(args), &m.Args); err != nil {
				return fmt.Errorf("run %s: corrupt args: %w", m.ID, err)
			}
			if m.Saved, err = time.Parse(time.RFC3339Nano, saved); err != nil {
				return fmt.Errorf("run %s: corrupt time: %w", m.ID, err)
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("listing runs in %s: %w", s.path, err)
	}
	return out, nil
}

// Delete removes the run id names (as for Get) and returns its full id.
func (s *Store) Delete(ctx context.Context, id string) (string, error) {
	var full string
	err := withRetry(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if full, err = resolve(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM runs WHERE id = ?", full); err != nil {
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return "", wrapLookup(s.path, err)
	}
	return full, nil
}
