package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bulwark-sim/bulwark/store"
)

//go:embed web
var webFS embed.FS

// Defaults of a Config's zero fields.
const (
	DefaultMaxRuns    = 2
	DefaultMaxBody    = 1 << 20 // 1 MiB
	DefaultMaxSamples = 1_000_000
	DefaultMaxRunTime = 5 * time.Minute
)

// Config configures a Server. Zero fields take the defaults above.
type Config struct {
	// Store saves the runs; nil keeps them in memory only (the most recent
	// ones).
	Store *store.Store
	// Token, if set, must be presented by every /api request as
	// "Authorization: Bearer TOKEN".
	Token string
	// MaxRuns is how many runs may compute at once.
	MaxRuns int
	// MaxBody is the largest request body accepted, in bytes.
	MaxBody int64
	// MaxSamples is the most draws per arrangement a run may make.
	MaxSamples int64
	// MaxRunTime is how long a run may compute before it is stopped and
	// saved partial.
	MaxRunTime time.Duration
	// Logger receives one line per failure worth an operator's attention;
	// nil discards them.
	Logger *slog.Logger
}

// Server serves the API and the web UI. Create it with New; it is an
// http.Handler.
type Server struct {
	cfg     Config
	handler http.Handler
	log     *slog.Logger
	web     fs.FS

	// base is cancelled by Shutdown: every run's context derives from it.
	base       context.Context
	cancelBase context.CancelFunc
	runs       runTable
	wg         sync.WaitGroup // one per run goroutine, done once saved
}

// New returns a server with cfg, defaults filled in.
func New(cfg Config) *Server {
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = DefaultMaxRuns
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxSamples <= 0 {
		cfg.MaxSamples = DefaultMaxSamples
	}
	if cfg.MaxRunTime <= 0 {
		cfg.MaxRunTime = DefaultMaxRunTime
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	// fs.Sub fails only on an invalid directory name; "web" is valid.
	s.web, _ = fs.Sub(webFS, "web")
	s.base, s.cancelBase = context.WithCancel(context.Background())
	s.runs.init()
	s.handler = s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// routes builds the handler: the routes of the API (see apiRoutes), the UI,
// and the middleware every request goes through.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// paths matches a request's path alone, to tell a wrong method (405)
	// from a wrong path (404) in the answer of the catch-all.
	paths := http.NewServeMux()
	allowed := map[string][]string{}
	for _, rt := range apiRoutes() {
		mux.Handle(rt.Method+" "+rt.Pattern, rt.handler(s))
		if _, ok := allowed[rt.Pattern]; !ok {
			paths.Handle(rt.Pattern, http.NotFoundHandler())
		}
		allowed[rt.Pattern] = append(allowed[rt.Pattern], rt.Method)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := paths.Handler(r); allowed[pattern] != nil {
			w.Header().Set("Allow", strings.Join(allowed[pattern], ", "))
			writeError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path+"; use "+strings.Join(allowed[pattern], " or "), nil)
			return
		}
		writeError(w, http.StatusNotFound, "no such API route: "+r.Method+" "+r.URL.Path+" (see /openapi.json)", nil)
	})
	mux.HandleFunc("GET /openapi.json", s.handleOpenAPI)
	mux.HandleFunc("GET /{$}", s.handleIndex)
	mux.HandleFunc("GET /runs/{id}", s.handleIndex)
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServerFS(s.web)))
	return s.recoverPanics(s.secure(mux))
}

// secure sets the headers every response carries, then refuses what a
// browser may send on another site's behalf, checks the token of /api
// requests and limits request bodies.
//
// A page elsewhere can make the user's browser send requests to a server
// on loopback: cross-site requests (refused by CrossOriginProtection,
// which reads Sec-Fetch-Site and Origin), "simple" text/plain or form
// POSTs that need no CORS preflight (refused by requiring JSON bodies),
// and, through DNS rebinding, same-origin requests to a name of the
// attacker's that resolves to 127.0.0.1 (refused by checking Host, when
// no token stands in the way).
func (s *Server) secure(next http.Handler) http.Handler {
	var want [32]byte
	if s.cfg.Token != "" {
		want = sha256.Sum256([]byte(s.cfg.Token))
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused: the API answers only pages served by this server", nil)
	}))
	inner := cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if s.cfg.Token != "" && strings.HasPrefix(r.URL.Path, "/api/") {
			// Compare hashes, so that neither the length nor the content of
			// the token leaks through timing. The scheme's name is
			// case-insensitive (RFC 9110, section 11.1).
			got, ok := bearer(r.Header.Get("Authorization"))
			sum := sha256.Sum256([]byte(got))
			if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 || !ok {
				h.Set("WWW-Authenticate", `Bearer realm="bulwark"`)
				writeError(w, http.StatusUnauthorized, "missing or wrong token: send the header \"Authorization: Bearer TOKEN\" with the token bulwark serve was started with", nil)
				return
			}
		}
		if hasBody(r) && strings.HasPrefix(r.URL.Path, "/api/") && !isJSON(r.Header.Get("Content-Type")) {
			writeError(w, http.StatusUnsupportedMediaType, "send the request body as JSON, with the header \"Content-Type: application/json\"", nil)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		}
		next.ServeHTTP(w, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")
		if s.cfg.Token == "" && !localHost(r.Host) {
			writeError(w, http.StatusMisdirectedRequest, "this server answers only to localhost, 127.0.0.1 or [::1], not "+strconv.Quote(r.Host)+" (start it with a token to serve other names)", nil)
			return
		}
		inner.ServeHTTP(w, r)
	})
}

// bearer returns the credentials of an Authorization header of the
// Bearer scheme, whatever the case of its name.
func bearer(auth string) (string, bool) {
	const scheme = "Bearer "
	if len(auth) < len(scheme) || !strings.EqualFold(auth[:len(scheme)], scheme) {
		return "", false
	}
	return auth[len(scheme):], true
}

// hasBody reports whether r carries a body: a positive or unknown
// (chunked) length.
func hasBody(r *http.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0
}

// isJSON reports whether a Content-Type header names JSON.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// localHost reports whether a request's Host names this machine's
// loopback: localhost, 127.0.0.1 or [::1], with or without a port.
func localHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	return strings.EqualFold(host, "localhost") || host == "127.0.0.1" || host == "::1"
}

// recoverPanics answers 500 instead of dropping the connection should a
// handler panic, and logs the stack: a bug, never an answer to input.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeError(w, http.StatusInternalServerError, "internal error", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(s.web, "index.html")
	if err != nil {
		http.Error(w, "the web UI is not built into this binary", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// IsLoopback reports whether addr (host:port, as for net.Listen) binds
// only loopback interfaces: localhost or a loopback IP. An empty host
// binds every interface and is not loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting connections, cancels the running runs and waits until
// each is saved (marked partial), and then waits up to grace for the open
// requests to finish. It returns once every run is saved; the caller then
// closes the store.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		// No WriteTimeout: event streams stay open as long as their run.
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.Shutdown()
		return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	// Stop accepting and wait for the open requests while the runs are
	// cancelled: event streams end when their run is saved. The grace
	// period starts only once every run is saved (which may take up to
	// runner.SaveTimeout each), so that it is the streams' time to send
	// their last events, not eaten by the saves.
	gctx, cancelGrace := context.WithCancel(context.Background())
	defer cancelGrace()
	done := make(chan error, 1)
	go func() { done <- hs.Shutdown(gctx) }()
	s.Shutdown()
	timer := time.AfterFunc(grace, cancelGrace)
	defer timer.Stop()
	err := <-done
	if err != nil && gctx.Err() != nil {
		hs.Close()
		err = nil
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	return err
}

// Shutdown refuses new runs, cancels the running ones and returns once
// each has been saved, marked partial. The handler stays usable for
// reading stored runs.
func (s *Server) Shutdown() {
	s.runs.close()
	s.cancelBase()
	s.wg.Wait()
}
