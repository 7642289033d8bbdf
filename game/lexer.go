package game

import (
	"fmt"
	"unicode/utf8"

	"github.com/bulwark-sim/bulwark/diag"
)

// MaxFileBytes is the largest game file accepted: 256 MiB.
const MaxFileBytes = 256 << 20

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokLBrace
	tokRBrace
	tokComma
	tokString // double-quoted text, unescaped
	tokWord   // any other run of characters: numbers, EFG, NFG, R, D, c, p, t
	tokError  // malformed text (a parser's stand-in for the lexer's error)
)

func (k tokKind) String() string {
	return [...]string{"end of file", `"{"`, `"}"`, `","`, "quoted text", "word", "malformed text"}[k]
}

// token is one token: its kind, where its text is and where it starts.
// It holds no pointers (and so costs no allocation or write barrier to
// copy): the text is the byte range [start, end) of the source, or, for
// quoted text with escapes, of the lexer's buffer of unescaped text. The
// lexer's raw, posOf and describe turn it into bytes, a position and a
// name.
type token struct {
	kind       tokKind
	esc        bool // the text is in lexer.esc
	start, end int32
	line, col  int32
}

// lexer splits Gambit game files into tokens. Whitespace only separates
// tokens; "{", "}" and "," are tokens of their own; text is double-quoted
// with \" for a quote (and \\ for a backslash). Positions count characters.
// It works on bytes, with a fast path for ASCII, and allocates only to
// unescape quoted text that has escapes. src must be at most MaxFileBytes
// long (offsets are int32).
type lexer struct {
	file      string
	src       []byte
	off       int
	line, col int
	// esc holds the unescaped text of quoted tokens with escapes. It is
	// only appended to, so a token's text stays valid for the whole read.
	esc []byte
}

func newLexer(file string, src []byte) *lexer {
	return &lexer{file: file, src: src, line: 1, col: 1}
}

func (l *lexer) pos() diag.Pos { return diag.Pos{File: l.file, Line: l.line, Col: l.col} }

// posOf returns the position where t starts.
func (l *lexer) posOf(t *token) diag.Pos {
	return diag.Pos{File: l.file, Line: int(t.line), Col: int(t.col)}
}

// raw returns t's text (unescaped, without quotes). The bytes must not be
// modified; they stay valid for the lexer's lifetime.
func (l *lexer) raw(t *token) []byte {
	if t.esc {
		return l.esc[t.start:t.end:t.end]
	}
	return l.src[t.start:t.end:t.end]
}

// describe names a token for messages: `"}"`, `word "x"`, `quoted text "x"`.
func (l *lexer) describe(t *token) string {
	switch t.kind {
	case tokString, tokWord:
		s := string(l.raw(t))
		if utf8.RuneCountInString(s) > 30 {
			s = string([]rune(s)[:30]) + "…"
		}
		return fmt.Sprintf("%s %q", t.kind, s)
	}
	return t.kind.String()
}

// Bit sets of the ASCII bytes that end a word: whitespace, braces, comma
// and double quote; bit c of sepLo for c < 64, bit c-64 of sepHi otherwise.
const (
	spaceLo = 1<<' ' | 1<<'\t' | 1<<'\n' | 1<<'\r' | 1<<'\f' | 1<<'\v'
	sepLo   = spaceLo | 1<<',' | 1<<'"'
	sepHi   = 1<<('{'-64) | 1<<('}'-64)
)

func isSpace(b byte) bool { return b < 64 && spaceLo&(uint64(1)<<b) != 0 }

// isSep reports whether b ends a word.
func isSep(b byte) bool {
	if b < 64 {
		return sepLo&(uint64(1)<<b) != 0
	}
	return b < 128 && sepHi&(uint64(1)<<(b-64)) != 0
}

// next returns the next token, or a diagnostic for malformed input.
func (l *lexer) next() (token, *diag.Diagnostic) {
	var t token
	d := l.scan(&t)
	return t, d
}

// scan reads the next token into t, or returns a diagnostic for malformed
// input (t is then the zero token).
func (l *lexer) scan(t *token) *diag.Diagnostic {
	src := l.src
	off := l.off
	for off < len(src) && isSpace(src[off]) {
		if src[off] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		off++
	}
	l.off = off
	*t = token{start: int32(off), end: int32(off), line: int32(l.line), col: int32(l.col)}
	if off >= len(src) {
		return nil
	}
	switch c := src[off]; c {
	case '{':
		t.kind = tokLBrace
	case '}':
		t.kind = tokRBrace
	case ',':
		t.kind = tokComma
	case '"':
		return l.quoted(t)
	default:
		col := l.col
		for off < len(src) {
			c := src[off]
			if c < utf8.RuneSelf {
				if isSep(c) {
					break
				}
				off++
				col++
				continue
			}
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size == 1 {
				l.off, l.col = off, col
				*t = token{}
				return &diag.Diagnostic{Pos: l.pos(), Summary: "file is not valid UTF-8", Hint: "save the file as UTF-8"}
			}
			off += size
			col++
		}
		l.off, l.col = off, col
		t.kind, t.end = tokWord, int32(off)
		return nil
	}
	l.off++
	l.col++
	return nil
}

// quoted reads quoted text into t, which starts at the opening quote.
func (l *lexer) quoted(t *token) *diag.Diagnostic {
	src := l.src
	off := l.off + 1
	col := l.col + 1
	start := off
	escaped := false // the text so far is in l.esc from t.start
	for {
		if off >= len(src) {
			l.off, l.col = off, col
			d := &diag.Diagnostic{Pos: l.posOf(t), Summary: "unterminated quoted text", Hint: "close the text with a double quote"}
			*t = token{}
			return d
		}
		c := src[off]
		switch {
		case c == '"':
			l.off, l.col = off+1, col+1
			t.kind = tokString
			if !escaped {
				t.start, t.end = int32(start), int32(off)
				return nil
			}
			l.esc = append(l.esc, src[start:off]...)
			t.esc, t.end = true, int32(len(l.esc))
			return nil
		case c == '\\' && off+1 < len(src) && (src[off+1] == '"' || src[off+1] == '\\'):
			if !escaped {
				escaped = true
				t.start = int32(len(l.esc))
			}
			l.esc = append(l.esc, src[start:off]...)
			l.esc = append(l.esc, src[off+1])
			off += 2
			col += 2
			start = off
		case c == '\n':
			off++
			l.line++
			col = 1
		case c < utf8.RuneSelf:
			off++
			col++
		default:
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size == 1 {
				l.off, l.col = off, col
				*t = token{}
				return &diag.Diagnostic{Pos: l.pos(), Summary: "text is not valid UTF-8", Hint: "save the file as UTF-8"}
			}
			off += size
			col++
		}
	}
}
