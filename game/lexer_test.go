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
		got = append(got, tok.pos.String()+" "+tok.describe())
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
