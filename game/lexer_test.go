package game

import (
	"strings"
	"testing"
)

func TestLexer(t *testing.T) {
	src := "EFG 2 R \"a \\\"q\\\" é\" {\n  \"P1\", -1/3 }\n"
	l := newLexer("x.efg", []byte(src))
	var got []string
	for {
		tok, d := l.next()
		if d != nil {
			t.Fatal(d)
		}
		if tok.kind == tokEOF {
			break
		}
		got = append(got, l.posOf(&tok).String()+" "+l.describe(&tok))
	}
	want := []string{
		`x.efg:1:1 word "EFG"`, `x.efg:1:5 word "2"`, `x.efg:1:7 word "R"`,
		`x.efg:1:9 quoted text "a \"q\" é"`, `x.efg:1:21 "{"`,
		`x.efg:2:3 quoted text "P1"`, `x.efg:2:7 ","`, `x.efg:2:9 word "-1/3"`, `x.efg:2:14 "}"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, bad := range []struct{ src, pos, msg string }{
		{`"open`, "x:1:1", "unterminated quoted text"},
		{"\"a\xffb\"", "x:1:3", "not valid UTF-8"},
		{"ab\xff", "x:1:3", "not valid UTF-8"},
	} {
		l := newLexer("x", []byte(bad.src))
		var d interface{ Error() string }
		for {
			tok, e := l.next()
			if e != nil {
				d = e
				break
			}
			if tok.kind == tokEOF {
				break
			}
		}
		if d == nil || !strings.HasPrefix(d.Error(), bad.pos+": ") || !strings.Contains(d.Error(), bad.msg) {
			t.Errorf("%q: %v", bad.src, d)
		}
	}
}

// Escaped text goes to the lexer's own buffer, which only grows, so the
// text of an earlier token stays right after later ones are read; columns
// count characters, also after escapes, multi-byte characters and line
// breaks inside quotes.
func TestLexerEscapesAndPositions(t *testing.T) {
	src := "\"a\\\"b\" \"plain\" \"c\\\\d\\\"\"\n\"é\\\"\" x\"two\nlines\" é1 \"\" ,"
	l := newLexer("f", []byte(src))
	var toks []token
	for {
		tok, d := l.next()
		if d != nil {
			t.Fatal(d)
		}
		if tok.kind == tokEOF {
			break
		}
		toks = append(toks, tok)
	}
	want := []struct {
		kind tokKind
		text string
		pos  string
	}{
		{tokString, `a"b`, "f:1:1"},
		{tokString, "plain", "f:1:8"},
		{tokString, `c\d"`, "f:1:16"},
		{tokString, `é"`, "f:2:1"},
		{tokWord, "x", "f:2:7"},
		{tokString, "two\nlines", "f:2:8"},
		{tokWord, "é1", "f:3:8"},
		{tokString, "", "f:3:11"},
		{tokComma, "", "f:3:14"},
	}
	if len(toks) != len(want) {
		t.Fatalf("%d tokens, want %d", len(toks), len(want))
	}
	for i, w := range want {
		tok := &toks[i]
		if tok.kind != w.kind || string(l.raw(tok)) != w.text || l.posOf(tok).String() != w.pos {
			t.Errorf("token %d: %v %q at %s, want %v %q at %s", i, tok.kind, l.raw(tok), l.posOf(tok), w.kind, w.text, w.pos)
		}
	}
}

func TestLexerNoAllocs(t *testing.T) {
	src := []byte(`p "" 1 1 "" { "backdown" "hold" } 0 t "" 1 "o1" { -3, 20 }` + "\n")
	n := testing.AllocsPerRun(20, func() {
		l := lexer{src: src, line: 1, col: 1}
		var tok token
		for {
			if d := l.scan(&tok); d != nil || tok.kind == tokEOF {
				break
			}
		}
	})
	if n != 0 {
		t.Errorf("lexing allocates %v times", n)
	}
}
