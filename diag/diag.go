package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Pos is a position in a named input. Line and Col are 1-based; Col counts
// characters (Unicode code points), not bytes. The zero Pos means "no
// position known"; a Pos with only File set names the input as a whole.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// IsValid reports whether the position has a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as FILE:LINE:COL, dropping parts that are
// unknown.
func (p Pos) String() string {
	s := p.File
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += fmt.Sprintf("%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// Compare orders positions by file, line and column.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(
		cmp.Compare(p.File, q.File),
		cmp.Compare(p.Line, q.Line),
		cmp.Compare(p.Col, q.Col),
	)
}

// Severity says whether a diagnostic stops the input from being used.
type Severity int

const (
	// Error diagnostics make the input invalid.
	Error Severity = iota
	// Warning diagnostics are reported but do not make the input invalid.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// A Diagnostic is one problem at one place.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	// Summary is a short sentence saying what is wrong.
	Summary string `json:"summary"`
	// Hint, if not empty, says how to fix it.
	Hint string `json:"hint,omitempty"`
}

// Error formats the diagnostic as "FILE:LINE:COL: summary".
func (d *Diagnostic) Error() string {
	s := d.Pos.String() + ": "
	if d.Severity == Warning {
		s += "warning: "
	}
	return s + d.Summary
}

// List is a list of diagnostics. The zero value is an empty list ready to
// use.
type List []*Diagnostic

// Add appends an error diagnostic.
func (l *List) Add(pos Pos, summary, hint string) {
	*l = append(*l, &Diagnostic{Pos: pos, Summary: summary, Hint: hint})
}

// Addf appends an error diagnostic with a formatted summary and no hint.
func (l *List) Addf(pos Pos, format string, args ...any) {
	l.Add(pos, fmt.Sprintf(format, args...), "")
}

// Warn appends a warning diagnostic.
func (l *List) Warn(pos Pos, summary, hint string) {
	*l = append(*l, &Diagnostic{Pos: pos, Severity: Warning, Summary: summary, Hint: hint})
}

// Append adds every diagnostic of m to l.
func (l *List) Append(m List) { *l = append(*l, m...) }

// Sort orders the list by position, then severity, then summary, and drops
// exact duplicates.
func (l *List) Sort() {
	slices.SortStableFunc(*l, func(a, b *Diagnostic) int {
		return cmp.Or(a.Pos.Compare(b.Pos), cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Summary, b.Summary))
	})
	*l = slices.CompactFunc(*l, func(a, b *Diagnostic) bool {
		return a.Pos == b.Pos && a.Severity == b.Severity && a.Summary == b.Summary
	})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the error diagnostics.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the list as an error if it holds any error diagnostic, and nil
// otherwise.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l
}

// Error joins the diagnostics, one per line.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// WriteText writes each diagnostic as "FILE:LINE:COL: summary", followed by
// an indented "hint: …" line where a fix is known.
func (l List) WriteText(w io.Writer) error {
	for _, d := range l {
		if _, err := fmt.Fprintln(w, d.Error()); err != nil {
			return err
		}
		if d.Hint != "" {
			if _, err := fmt.Fprintf(w, "\thint: %s\n", d.Hint); err != nil {
				return err
			}
		}
	}
	return nil
}
