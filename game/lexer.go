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
)

func (k tokKind) String() string {
	return [...]string{"end of file", `"{"`, `"}"`, `","`, "quoted text", "word"}[k]
}

type token struct {
	kind tokKind
	text string
	pos  diag.Pos
}

// describe names a token for messages: `"}"`, `word "x"`, `quoted text "x"`.
func (t token) describe() string {
	switch t.kind {
	case tokString, tokWord:
		s := t.text
		if utf8.RuneCountInString(s) > 30 {
			s = string([]rune(s)[:30]) + "…"
		}
		return fmt.Sprintf("%s %q", t.kind, s)
	}
	return t.kind.String()
}

// lexer splits Gambit game files into tokens. Whitespace only separates
// tokens; "{", "}" and "," are tokens of their own; text is double-quoted
// with \" for a quote (and \\ for a backslash). Positions count characters.
type lexer struct {
	file      string
	src       []byte
	off       int
	line, col int
}

func newLexer(file string, src []byte) *lexer {
	return &lexer{file: file, src: src, line: 1, col: 1}
}

func (l *lexer) pos() diag.Pos { return diag.Pos{File: l.file, Line: l.line, Col: l.col} }

// advance moves past one character.
func (l *lexer) advance() rune {
	r, size := utf8.DecodeRune(l.src[l.off:])
	l.off += size
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

// next returns the next token, or a diagnostic for malformed input.
func (l *lexer) next() (token, *diag.Diagnostic) {
	for l.off < len(l.src) && isSpace(l.src[l.off]) {
		l.advance()
	}
	p := l.pos()
	if l.off >= len(l.src) {
		return token{kind: tokEOF, pos: p}, nil
	}
	switch c := l.src[l.off]; c {
	case '{':
		l.advance()
		return token{kind: tokLBrace, text: "{", pos: p}, nil
	case '}':
		l.advance()
		return token{kind: tokRBrace, text: "}", pos: p}, nil
	case ',':
		l.advance()
		return token{kind: tokComma, text: ",", pos: p}, nil
	case '"':
		l.advance()
		var buf []byte
		for {
			if l.off >= len(l.src) {
				return token{}, &diag.Diagnostic{Pos: p, Summary: "unterminated quoted text", Hint: "close the text with a double quote"}
			}
			r, size := utf8.DecodeRune(l.src[l.off:])
			if r == utf8.RuneError && size == 1 {
				return token{}, &diag.Diagnostic{Pos: l.pos(), Summary: "text is not valid UTF-8", Hint: "save the file as UTF-8"}
			}
			if r == '"' {
				l.advance()
				return token{kind: tokString, text: string(buf), pos: p}, nil
			}
			if r == '\\' && l.off+1 < len(l.src) && (l.src[l.off+1] == '"' || l.src[l.off+1] == '\\') {
				l.advance()
				buf = append(buf, l.src[l.off])
				l.advance()
				continue
			}
			buf = append(buf, l.src[l.off:l.off+size]...)
			l.advance()
		}
	default:
		start := l.off
		for l.off < len(l.src) {
			c := l.src[l.off]
			if isSpace(c) || c == '{' || c == '}' || c == ',' || c == '"' {
				break
			}
			r, size := utf8.DecodeRune(l.src[l.off:])
			if r == utf8.RuneError && size == 1 {
				return token{}, &diag.Diagnostic{Pos: l.pos(), Summary: "file is not valid UTF-8", Hint: "save the file as UTF-8"}
			}
			l.advance()
		}
		return token{kind: tokWord, text: string(l.src[start:l.off]), pos: p}, nil
	}
}
