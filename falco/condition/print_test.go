package condition

import (
	"errors"
	"strings"
	"testing"
)

func eq(field, value string) *Check {
	return &Check{Field: &Field{Name: field}, Op: OpEq, Value: &Lit{Text: value}}
}

// Quoting is chosen per value: bare when safe, double-quoted otherwise.
func TestPrintQuoting(t *testing.T) {
	cases := []struct{ value, text string }{
		{"which", "which"},
		{"/usr/bin/which", "/usr/bin/which"},
		{"cc1*", "cc1*"},
		{"a[*]b", "a[*]b"},
		{`C:\`, `C:\`}, // bare: a trailing backslash is fine unquoted
		{`a\b`, `a\b`},
		{"", `""`},
		{"a b", `"a b"`},
		{"(p)", `"(p)"`},
		{"a)", `"a)"`},
		{"a=b", `"a=b"`},
		{"x,y", `"x,y"`},
		{`say "hi"`, `"say \"hi\""`},
		{"it's", `"it's"`},
		{`a\ b`, `"a\\ b"`},
		{"tab\t", `"tab\t"`},
		{"nl\n", `"nl\n"`},
		{"\b\f\r", `"\b\f\r"`},
		{"\v", "\"\v\""}, // no escape exists: written raw inside quotes
		{"é", `"é"`},     // non-ASCII is quoted
		{"\x01", "\"\x01\""},
		{`"`, `"\""`},
		{`\"`, `"\\\""`},
	}
	for _, c := range cases {
		e := eq("proc.name", c.value)
		got, err := Print(e)
		if err != nil {
			t.Errorf("Print(%q): %v", c.value, err)
			continue
		}
		if want := "proc.name = " + c.text; got != want {
			t.Errorf("Print(%q) = %s, want %s", c.value, got, want)
		}
		back, err := Parse(got)
		if err != nil {
			t.Errorf("Parse(%s): %v", got, err)
			continue
		}
		if v := back.(*Check).Value.(*Lit).Text; v != c.value {
			t.Errorf("%s reads back as %q, want %q", got, v, c.value)
		}
		// The same value as a list item.
		l := &Check{Field: &Field{Name: "proc.name"}, Op: OpIn, Value: &List{Items: []Operand{&Lit{Text: c.value}, &Lit{Text: "z"}}}}
		got, err = Print(l)
		if err != nil {
			t.Errorf("Print(list %q): %v", c.value, err)
			continue
		}
		back, err = Parse(got)
		if err != nil || !Equal(back, l) {
			t.Errorf("list item %q: %s does not read back: %v", c.value, got, err)
		}
	}
}

// Values Falco cannot represent are refused with CodeUnprintable.
func TestPrintRefusals(t *testing.T) {
	cases := []struct {
		e   Expr
		msg string
	}{
		{eq("proc.name", `C:\ `[:3]+" x\\"), "ends in a backslash"}, // needs quotes and ends in '\'
		{eq("proc.name", "a b\\"), "ends in a backslash"},
		{eq("proc.name", "a\x00b"), "NUL"},
		{&And{Terms: []Expr{eq("a.b", "c")}}, "at least 2"},
		{&Or{}, "at least 2"},
		{&Not{}, "not without operand"},
		{&Ident{Name: "not"}, "identifier 'not'"},
		{&Ident{Name: "a.b"}, "not a valid identifier"},
		{eq("name", "x"), "not a valid field name"},
		{&Check{Field: &Field{Name: "a.b"}, Op: OpLT, Value: &Lit{Text: "abc"}}, "needs a number"},
		{&Check{Field: &Field{Name: "a.b"}, Op: OpIn, Value: &Lit{Text: "a b"}}, "parenthesised list"},
		{&Check{Field: &Field{Name: "a.b"}, Op: OpExists, Value: &Lit{Text: "x"}}, "takes no value"},
		{&Check{Field: &Field{Name: "a.b"}, Op: OpEq}, "needs a value"},
		{&Check{Field: &Field{Name: "a.b"}, Op: "~"}, "unknown operator"},
		{&Check{Field: &Field{Name: "a.b"}, Op: OpEq, Mod: ModAnyOf, Value: &Lit{Text: "and_x"}}, "boolean operator"},
		{&Check{Field: &Field{Name: "a.b"}, Op: OpIn, Mod: ModAnyOf, Value: &List{}}, "only applies to string operators"},
		{&Check{Field: &Transform{Name: "val", Args: []Operand{&Field{Name: "a.b"}}}, Op: OpExists}, "only valid on the right"},
		{&Check{Field: &Transform{Name: "lower", Args: []Operand{&Field{Name: "a.b"}}}, Op: OpExists}, "unknown transformer"},
		{&Check{Field: &Field{Name: "a.b", HasArg: true, Arg: "x\\"}, Op: OpExists}, ""}, // bare arg is fine
		{&Check{Field: &Field{Name: "a.b", HasArg: true, Arg: "x y\\"}, Op: OpExists}, "ends in a backslash"},
	}
	for _, c := range cases {
		out, err := Print(c.e)
		if c.msg == "" {
			if err != nil {
				t.Errorf("Print(%#v): %v", c.e, err)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) || pe.Code != CodeUnprintable {
			t.Errorf("Print(%#v) = %q, %v; want a %s error", c.e, out, err, CodeUnprintable)
			continue
		}
		if !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("Print(%#v): %q does not mention %q", c.e, pe.Msg, c.msg)
		}
	}
}

func TestPrintParens(t *testing.T) {
	a, b, c := &Ident{Name: "a"}, &Ident{Name: "b"}, &Ident{Name: "c"}
	cases := []struct {
		e    Expr
		want string
	}{
		{&And{Terms: []Expr{a, &Or{Terms: []Expr{b, c}}}}, "a and (b or c)"},
		{&Or{Terms: []Expr{a, &And{Terms: []Expr{b, c}}}}, "a or b and c"},
		{&Or{Terms: []Expr{a, &Or{Terms: []Expr{b, c}}}}, "a or (b or c)"},
		{&And{Terms: []Expr{&And{Terms: []Expr{a, b}}, c}}, "(a and b) and c"},
		{&Not{X: &And{Terms: []Expr{a, b}}}, "not (a and b)"},
		{&Not{X: &Not{X: a}}, "not (not a)"},
		{&And{Terms: []Expr{&Not{X: a}, b}}, "not a and b"},
	}
	for _, c := range cases {
		got, err := Print(c.e)
		if err != nil || got != c.want {
			t.Errorf("Print = %q, %v; want %q", got, err, c.want)
			continue
		}
		back, err := Parse(got)
		if err != nil || !Equal(back, c.e) {
			t.Errorf("%q does not read back as printed: %v", got, err)
		}
	}
}

func TestPrintGroupAnd(t *testing.T) {
	a, b, c := &Ident{Name: "a"}, &Ident{Name: "b"}, &Ident{Name: "c"}
	e := &Or{Terms: []Expr{a, &And{Terms: []Expr{b, c}}}}
	got, err := Printer{GroupAnd: true}.Print(e)
	if err != nil || got != "a or (b and c)" {
		t.Fatalf("GroupAnd: %q, %v", got, err)
	}
	if back, err := Parse(got); err != nil || !Equal(back, e) {
		t.Errorf("%q does not read back as printed: %v", got, err)
	}
	// A conjunction elsewhere is not grouped.
	and := &And{Terms: []Expr{a, &Not{X: b}}}
	if got, _ := (Printer{GroupAnd: true}).Print(and); got != "a and not b" {
		t.Errorf("GroupAnd on a conjunction: %q", got)
	}
}

func TestPrintWidth(t *testing.T) {
	e, err := Parse("evt.type in (execve, execveat) and proc.name in (bash, sh, zsh, dash, ksh, csh, tcsh) and not proc.pname in (man, chmod)")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Printer{Width: 40}.Print(e)
	if err != nil {
		t.Fatal(err)
	}
	want := "evt.type in (execve, execveat)\nand proc.name in (bash, sh, zsh, dash,\nksh, csh, tcsh)\nand not proc.pname in (man, chmod)"
	if out != want {
		t.Errorf("Width 40:\n%s\nwant:\n%s", out, want)
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 40 {
			t.Errorf("line longer than 40: %q", line)
		}
	}
	back, err := Parse(out)
	if err != nil || !Equal(back, e) {
		t.Errorf("wrapped text does not read back: %v", err)
	}
}

func TestPrintTransforms(t *testing.T) {
	e := &Check{
		Field: &Transform{Name: "join", Args: []Operand{&Lit{Text: ","}, &TList{Items: []Operand{&Field{Name: "a.b"}, &Lit{Text: "12"}, &Lit{Text: "x y"}}}}},
		Op:    OpEq,
		Value: &Transform{Name: "val", Args: []Operand{&Field{Name: "c.d", HasArg: true, Arg: "k"}}},
	}
	got, err := Print(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := `join(",", (a.b, 12, "x y")) = val(c.d[k])`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	back, err := Parse(got)
	if err != nil || !Equal(back, e) {
		t.Errorf("does not read back: %v", err)
	}
}

func TestValueText(t *testing.T) {
	for in, want := range map[string]string{"bash": "bash", "a b": `"a b"`, "a=b": `"a=b"`} {
		if got, err := ValueText(in); err != nil || got != want {
			t.Errorf("ValueText(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ValueText(`a b\`); err == nil {
		t.Error("ValueText of a value needing quotes and ending in a backslash must fail")
	}
}
