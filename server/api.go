package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/bulwark-sim/bulwark/diag"
)

// route is one API route. apiRoutes is the single list that both the mux
// and the OpenAPI document's test read, so that the two agree.
type route struct {
	Method  string
	Pattern string // net/http pattern path, e.g. /api/runs/{id}
	handler func(*Server) http.Handler
}

func hf(f func(*Server, http.ResponseWriter, *http.Request)) func(*Server) http.Handler {
	return func(s *Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f(s, w, r) })
	}
}

// apiRoutes lists every /api route.
func apiRoutes() []route {
	return []route{
		{"GET", "/api/health", hf((*Server).handleHealth)},
		{"GET", "/api/scenario/default", hf((*Server).handleDefaultScenario)},
		{"POST", "/api/validate", hf((*Server).handleValidate)},
		{"POST", "/api/runs", hf((*Server).handleStartRun)},
		{"GET", "/api/runs", hf((*Server).handleListRuns)},
		{"GET", "/api/runs/{id}", hf((*Server).handleGetRun)},
		{"DELETE", "/api/runs/{id}", hf((*Server).handleDeleteRun)},
		{"GET", "/api/runs/{id}/events", hf((*Server).handleEvents)},
		{"POST", "/api/runs/{id}/cancel", hf((*Server).handleCancel)},
		{"GET", "/api/runs/{a}/diff/{b}", hf((*Server).handleDiff)},
		{"GET", "/api/runs/{id}/report.html", hf((*Server).handleReportHTML)},
		{"GET", "/api/runs/{id}/results.json", hf((*Server).handleResultsJSON)},
		{"GET", "/api/runs/{id}/results.csv", hf((*Server).handleResultsCSV)},
		{"GET", "/api/runs/{id}/scenario.yaml", hf((*Server).handleScenarioYAML)},
	}
}

// apiError is the body of every error answer.
type apiError struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Status      int          `json:"status"`
	Message     string       `json:"message"`
	Diagnostics []diagnostic `json:"diagnostics,omitempty"`
}

// diagnostic is a diag.Diagnostic as the API writes it.
type diagnostic struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
	Severity  string `json:"severity"`
	Summary   string `json:"summary"`
	Hint      string `json:"hint,omitempty"`
}

func diagnostics(l diag.List) []diagnostic {
	out := make([]diagnostic, 0, len(l))
	for _, d := range l {
		out = append(out, diagnostic{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Severity: d.Severity.String(), Summary: d.Summary, Hint: d.Hint})
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "encoding the answer: "+err.Error(), nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, status int, msg string, d diag.List) {
	body := apiError{errorBody{Status: status, Message: msg}}
	if len(d) > 0 {
		body.Error.Diagnostics = diagnostics(d)
	}
	b, _ := json.Marshal(body) // strings and ints only: cannot fail
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// decodeBody decodes the JSON request body into v, refusing unknown
// fields and trailing data. It writes the error answer (400 or 413) and
// returns false on failure.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		// Only the end may follow: More alone misses a stray "}" or "]".
		if _, terr := dec.Token(); !errors.Is(terr, io.EOF) {
			var mbe *http.MaxBytesError
			if errors.As(terr, &mbe) {
				err = terr
			} else {
				err = errors.New("extra data after the JSON object")
			}
		}
	}
	if err == nil {
		return true
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, http.StatusRequestEntityTooLarge, "request body too large: at most "+byteSize(mbe.Limit)+" accepted", nil)
		return false
	}
	writeError(w, http.StatusBadRequest, "reading the request body: "+err.Error(), nil)
	return false
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return itoa(n>>10) + " KiB"
	}
	return itoa(n) + " bytes"
}
