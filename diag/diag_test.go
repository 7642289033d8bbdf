package diag

import (
	"bytes"
	"fmt"
	"testing"
)

func TestSortAndDedupe(t *testing.T) {
	var l List
	l.Add(Pos{File: "b.yaml", Line: 1, Col: 1}, "z", "")
	l.Add(Pos{File: "a.yaml", Line: 10, Col: 2}, "y", "")
	l.Add(Pos{File: "a.yaml", Line: 2, Col: 9}, "x", "fix it")
	l.Add(Pos{File: "a.yaml", Line: 2, Col: 9}, "x", "fix it")
	l.Warn(Pos{File: "a.yaml", Line: 2, Col: 3}, "w", "")
	l.Sort()
	want := "a.yaml:2:3: warning: w\na.yaml:2:9: x\na.yaml:10:2: y\nb.yaml:1:1: z"
	if got := l.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !l.HasErrors() || len(l.Errors()) != 3 {
		t.Errorf("errors: %v", l.Errors())
	}
	var warnOnly List
	warnOnly.Warn(Pos{File: "x"}, "w", "")
	if warnOnly.Err() != nil {
		t.Error("a list of warnings is not an error")
	}
	if (List{}).Err() != nil {
		t.Error("empty list is not an error")
	}
}

func TestPosString(t *testing.T) {
	for _, c := range []struct {
		p    Pos
		want string
	}{
		{Pos{File: "f", Line: 3, Col: 4}, "f:3:4"},
		{Pos{File: "f", Line: 3}, "f:3"},
		{Pos{File: "f"}, "f"},
		{Pos{}, "-"},
		{Pos{Line: 1, Col: 2}, "1:2"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.p, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"defence", "offence", "neutrality", "non-aggression", "consultation", "assistance"}
	for _, c := range []struct{ in, want string }{
		{"defense", `did you mean "defence"?`},
		{"consultaton", `did you mean "consultation"?`},
		{"DEFENCE", `did you mean "defence"?`},
		{"xyzzy", ""},
		{"", ""},
	} {
		if got := DidYouMean(c.in, cands); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
	if got := DidYouMean("fence", []string{"defence", "offence"}); got != `did you mean "defence" or "offence"?` {
		t.Errorf("two candidates: %q", got)
	}
}

func ExampleList_WriteText() {
	var l List
	l.Add(Pos{File: "baltic.yaml", Line: 14, Col: 5}, `unknown field "obligaton" in clause`, `did you mean "strength"?`)
	l.Add(Pos{File: "baltic.yaml", Line: 3, Col: 11}, `role target: unknown actor "UKRR"`, `did you mean "UKR"?`)
	l.Sort()
	var b bytes.Buffer
	l.WriteText(&b)
	fmt.Print(b.String())
	// Output:
	// baltic.yaml:3:11: role target: unknown actor "UKRR"
	// 	hint: did you mean "UKR"?
	// baltic.yaml:14:5: unknown field "obligaton" in clause
	// 	hint: did you mean "strength"?
}
