package diag

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestPosition(t *testing.T) {
	f := NewFile("f.txt", "ab\n\tcé d\r\nlast")
	tests := []struct {
		off       int
		line, col int
	}{
		{0, 1, 1},
		{2, 1, 3},  // the "\n" itself
		{3, 2, 1},  // the tab
		{4, 2, 2},  // a tab is one column
		{5, 2, 3},  // é starts here
		{7, 2, 4},  // after é (2 bytes, 1 column)
		{10, 2, 7}, // the "\n" after "\r"
		{11, 3, 1},
		{15, 3, 5}, // end of text
		{99, 3, 5}, // clamped
		{-4, 1, 1}, // clamped
	}
	for _, tt := range tests {
		p := f.Position(tt.off)
		if p.Line != tt.line || p.Col != tt.col || p.File != "f.txt" {
			t.Errorf("Position(%d) = %s, want %d:%d", tt.off, p, tt.line, tt.col)
		}
	}
	if got := f.Line(2); got != "\tcé d" {
		t.Errorf("Line(2) = %q: the \\r must not be part of the line", got)
	}
	if f.Line(0) != "" || f.Line(4) != "" || f.LineCount() != 3 || f.LineStart(3) != 11 || f.LineStart(9) != -1 {
		t.Errorf("line bounds: Line(0)=%q Line(4)=%q count=%d start(3)=%d", f.Line(0), f.Line(4), f.LineCount(), f.LineStart(3))
	}
}

func TestRender(t *testing.T) {
	f := NewFile("rules/x.toml", "query = '''\nprocess where\ta = 1 and é == 2\n'''\n")
	src := f.Fragment("process where\ta = 1 and é == 2\n", 12)
	e := src.Errorf("eql/syntax", 16, 17, "expected an operator, found %q", "=")
	e.Hint = "compare with =="
	want := "rules/x.toml:2:17: eql/syntax: expected an operator, found \"=\"\n" +
		"    process where\ta = 1 and é == 2\n" +
		"                 \t  ^\n" +
		"    hint: compare with ==\n"
	if got := e.Render(); got != want {
		t.Errorf("Render:\n%s\nwant:\n%s", got, want)
	}
	// A span on one line is underlined; a span running past the line is
	// underlined to its end.
	e = src.Errorf("eql/x", 14, 19, "m")
	if got := strings.Split(e.Render(), "\n")[2]; got != "                 \t^~~~~" {
		t.Errorf("span caret = %q", got)
	}
	e = src.Errorf("eql/x", 24, 40, "m")
	if got := strings.Split(e.Render(), "\n")[2]; got != "                 \t          ^~~~~~" {
		t.Errorf("multi-line span caret = %q", got)
	}
	// Non-error severities are named; no snippet without a file.
	info := New("rule/ndjson-skipped-line", "export summary: skipped").WithSeverity(SeverityInfo).At(Pos{File: "a.ndjson", Line: 3})
	if got := info.Render(); got != "a.ndjson:3: info: rule/ndjson-skipped-line: export summary: skipped\n" {
		t.Errorf("info Render = %q", got)
	}
}

func TestRenderLongLine(t *testing.T) {
	line := strings.Repeat("a", 300) + "X" + strings.Repeat("b", 300)
	f := NewFile("l.ndjson", line)
	e := f.Errorf("rule/x", 300, 301, "here")
	lines := strings.Split(e.Render(), "\n")
	src, caret := lines[1], lines[2]
	if len([]rune(src)) > snippetWidth+10 || !strings.HasPrefix(src, "    ...") || !strings.HasSuffix(src, "...") {
		t.Fatalf("long line not windowed: %q", src)
	}
	if i := strings.Index(caret, "^"); i < 0 || src[i] != 'X' {
		t.Errorf("caret at %d does not point at X in\n%s\n%s", i, src, caret)
	}
}

func TestMapped(t *testing.T) {
	// The file holds a JSON string "a\nb": the decoded text "a\nb" (3 bytes)
	// comes from 4 bytes of the file.
	f := NewFile("x.ndjson", `{"query":"a\nb"}`)
	src := f.Mapped("a\nb", []int{10, 11, 13, 14})
	if p := src.Pos(2); p.Col != 14 || p.Offset != 13 {
		t.Errorf("Pos(2) = %+v, want column 14 (the b)", p)
	}
	if p := src.Pos(1); p.Col != 12 {
		t.Errorf("Pos(1) = %+v, want column 12 (the escape)", p)
	}
	if p := src.Pos(3); p.Offset != 14 {
		t.Errorf("Pos(end) = %+v, want offset 14", p)
	}
	defer func() {
		if recover() == nil {
			t.Error("Mapped with a wrong offset count did not panic")
		}
	}()
	f.Mapped("abc", []int{1})
}

func TestListAndJSON(t *testing.T) {
	f := NewFile("b.toml", "x\ny\n")
	l := List{
		f.Errorf("rule/b", 2, 3, "second"),
		New("rule/a", "no position").At(Pos{File: "a.toml"}),
		f.Errorf("rule/c", 0, -1, "first").WithSeverity(SeverityWarning),
	}
	if l.Err() == nil || !l.HasErrors() || len(l.Errors()) != 2 {
		t.Fatalf("Err/HasErrors/Errors wrong on %v", l)
	}
	l.Sort()
	var codes []string
	for _, e := range l {
		codes = append(codes, e.Code)
	}
	if strings.Join(codes, ",") != "rule/a,rule/c,rule/b" {
		t.Errorf("sorted = %v", codes)
	}
	if got := l.Error(); got != "a.toml: rule/a: no position\nb.toml:1:1: warning: rule/c: first\nb.toml:2:1: rule/b: second" {
		t.Errorf("Error() = %q", got)
	}
	var err error = l
	var asList List
	if !errors.As(err, &asList) {
		t.Error("List is not usable with errors.As")
	}
	if (List{New("x", "y").WithSeverity(SeverityInfo)}).Err() != nil {
		t.Error("a list of infos is an error")
	}

	b, err := json.Marshal(l[2])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":"rule/b","severity":"error","file":"b.toml","line":2,"col":1,"offset":2,"end_line":2,"end_col":2,"end_offset":3,"message":"second"}`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant %s", b, want)
	}
	var back Error
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Code != "rule/b" || back.Pos != l[2].Pos || back.End != l[2].End || back.Msg != "second" {
		t.Errorf("JSON round trip = %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"severity":"fatal"}`), &back); err == nil {
		t.Error("unknown severity accepted")
	}
}

func TestLimit(t *testing.T) {
	var l List
	for i := 1; i <= 13; i++ {
		l.Add(New("x/y", "error %d", i).At(Pos{File: "a.toml", Line: i}))
	}
	l.Add(New("x/y", "only one").At(Pos{File: "b.toml", Line: 1}))
	for i := 1; i <= 11; i++ {
		l.Add(New("x/y", "error %d", i).At(Pos{File: "c.toml", Line: i}))
	}
	got := l.Limit(10, "--max-diagnostics 0 shows them all")
	var lines []string
	for _, e := range got {
		lines = append(lines, e.Error())
	}
	want := []string{}
	for i := 1; i <= 10; i++ {
		want = append(want, fmt.Sprintf("a.toml:%d: x/y: error %d", i, i))
	}
	want = append(want, "a.toml: info: diag/omitted: 3 more diagnostics not shown", "b.toml:1: x/y: only one")
	for i := 1; i <= 10; i++ {
		want = append(want, fmt.Sprintf("c.toml:%d: x/y: error %d", i, i))
	}
	want = append(want, "c.toml: info: diag/omitted: 1 more diagnostic not shown")
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got[10].Hint != "--max-diagnostics 0 shows them all" {
		t.Errorf("hint %q", got[10].Hint)
	}
	if all := l.Limit(0, ""); len(all) != len(l) {
		t.Errorf("Limit(0) kept %d of %d", len(all), len(l))
	}
}
