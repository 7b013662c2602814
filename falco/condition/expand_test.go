package condition

import (
	"errors"
	"strings"
	"testing"
)

func mustParseT(t *testing.T, s string) Expr {
	t.Helper()
	e, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return e
}

func TestExpandMacros(t *testing.T) {
	macros := map[string]Expr{
		"spawned_process": mustParseT(t, "evt.type in (execve, execveat)"),
		"container":       mustParseT(t, "container.id != host"),
		"interactive":     mustParseT(t, "proc.tty != 0 and container"),
	}
	e, err := ExpandMacros(mustParseT(t, "spawned_process and not interactive"), macros)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Print(e)
	if want := "evt.type in (execve, execveat) and not (proc.tty != 0 and container.id != host)"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	// The macro bodies are not modified and not shared with the result.
	e.(*And).Terms[0].(*Check).Op = OpNe
	if macros["spawned_process"].(*Check).Op != OpIn {
		t.Error("expansion shares nodes with the macro definitions")
	}

	_, err = ExpandMacros(mustParseT(t, "a and nope"), map[string]Expr{"a": mustParseT(t, "x.y exists")})
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != CodeUnknownMacro || ce.Offset != 6 {
		t.Errorf("undefined macro: %v", err)
	}
	cyclic := map[string]Expr{
		"a": mustParseT(t, "x.y exists and b"),
		"b": mustParseT(t, "not c"),
		"c": mustParseT(t, "a"),
	}
	_, err = ExpandMacros(mustParseT(t, "a"), cyclic)
	if !errors.As(err, &ce) || ce.Code != CodeCycle || !strings.Contains(ce.Msg, "a -> b -> c -> a") {
		t.Errorf("cycle: %v", err)
	}
}

func TestExpandLists(t *testing.T) {
	isList := func(s string) bool { return s == "shells" || s == "more" || s == "empty" || s == "loop" }
	item := func(s string) Operand {
		o, err := ParseListItem(s, isList)
		if err != nil {
			t.Fatalf("ParseListItem(%q): %v", s, err)
		}
		return o
	}
	lists := map[string][]Operand{
		"shells": {item("bash"), item("sh"), item("more")},
		"more":   {item("zsh"), item(`"a b"`), item("c d")},
		"empty":  nil,
		"loop":   {item("x"), item("loop")},
	}
	e, err := ParseWithLists("p.n in (shells, fish) and p.n in shells and p.n in (empty)", isList)
	if err != nil {
		t.Fatal(err)
	}
	x, err := ExpandLists(e, lists)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Print(x)
	want := `p.n in (bash, sh, zsh, "a b", "c d", fish) and p.n in (bash, sh, zsh, "a b", "c d") and p.n in ()`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	e, _ = ParseWithLists("p.n in (loop)", isList)
	var ce *Error
	if _, err := ExpandLists(e, lists); !errors.As(err, &ce) || ce.Code != CodeCycle {
		t.Errorf("cycle: %v", err)
	}
	e, _ = ParseWithLists("p.n in (ghost)", func(s string) bool { return s == "ghost" })
	if _, err := ExpandLists(e, lists); !errors.As(err, &ce) || ce.Code != CodeUnknownList {
		t.Errorf("unknown list: %v", err)
	}
}

func TestParseListItem(t *testing.T) {
	ok := map[string]string{
		"bash":         "bash",
		"a b":          "a b", // Falco wraps items holding a space in quotes
		`"a=b"`:        "a=b",
		`'x,y'`:        "x,y",
		`"say \"hi\""`: `say "hi"`,
		"cc1*":         "cc1*",
	}
	for in, want := range ok {
		o, err := ParseListItem(in, nil)
		if err != nil {
			t.Errorf("ParseListItem(%q): %v", in, err)
			continue
		}
		if l, isLit := o.(*Lit); !isLit || l.Text != want {
			t.Errorf("ParseListItem(%q) = %#v, want %q", in, o, want)
		}
	}
	for _, in := range []string{"a,b", "a=b", "(x)", `a "b" c`, "", `"unterminated`, `"C:\\"`} {
		if _, err := ParseListItem(in, nil); err == nil {
			t.Errorf("ParseListItem(%q) should fail", in)
		}
	}
	if o, _ := ParseListItem("shells", func(s string) bool { return s == "shells" }); o == nil {
		t.Error("nil")
	} else if _, isRef := o.(*ListRef); !isRef {
		t.Errorf("a list name item should be a reference: %#v", o)
	}
}

// Falco substitutes lists in the condition text; these rows pin that
// behaviour, quirks included.
func TestExpandListsText(t *testing.T) {
	lists := []NamedList{
		{Name: "shell_binaries", Items: []string{"bash", "sh"}},
		{Name: "spaced", Items: []string{"a b", `"c d"`}},
		{Name: "empty"},
		{Name: "one", Items: []string{"x"}},
	}
	cases := []struct{ in, out string }{
		{"proc.name in (shell_binaries)", "proc.name in ( bash, sh )"},
		{"proc.name in (shell_binaries, zsh)", "proc.name in ( bash, sh , zsh)"},
		{"proc.name in (spaced)", `proc.name in ( "a b", "c d" )`},
		{"proc.name in (zsh, empty)", "proc.name in (zsh  )"}, // the comma goes too
		{"proc.name in (empty, zsh)", "proc.name in (   zsh)"},
		{"proc.name in (empty)", "proc.name in (  )"},
		{"proc.name in shell_binaries", "proc.name in bash, sh "},                    // then a parse error
		{"proc.name in one", "proc.name in x "},                                      // a one-item list works bare
		{"proc.name = one", "proc.name = x "},                                        // outside lists too
		{`proc.cmdline contains "run one now"`, `proc.cmdline contains "run x now"`}, // and inside quotes
		{"proc.name in (shell_binariesx, xone)", "proc.name in (shell_binariesx, xone)"},
		{"proc.name[one] = a", "proc.name[one] = a"}, // '[' is not a delimiter
	}
	for _, c := range cases {
		got, _ := ExpandListsText(c.in, lists)
		if got != c.out {
			t.Errorf("ExpandListsText(%q)\n got %q\nwant %q", c.in, got, c.out)
		}
	}
	_, used := ExpandListsText("a in (one, empty)", lists)
	if strings.Join(used, ",") != "empty,one" {
		t.Errorf("used lists: %v", used)
	}
	// The substituted text parses, and agrees with the AST expansion, when
	// lists are only used as list items.
	text, _ := ExpandListsText("proc.name in (shell_binaries, spaced) and proc.name in (empty)", lists)
	viaText, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	isList := func(s string) bool {
		for _, l := range lists {
			if l.Name == s {
				return true
			}
		}
		return false
	}
	items := map[string][]Operand{}
	for _, l := range lists {
		items[l.Name] = []Operand{}
		for _, it := range l.Items {
			o, err := ParseListItem(it, isList)
			if err != nil {
				t.Fatal(err)
			}
			items[l.Name] = append(items[l.Name], o)
		}
	}
	e, _ := ParseWithLists("proc.name in (shell_binaries, spaced) and proc.name in (empty)", isList)
	viaAST, err := ExpandLists(e, items)
	if err != nil || !Equal(viaText, viaAST) {
		t.Errorf("text and AST expansions differ: %v", err)
	}
}

func TestRequirements(t *testing.T) {
	cases := []struct {
		cond string
		min  string
	}{
		{"proc.name = bash and proc.args contains x and x.y in (a) and x.y pmatch (/a)", "0.0.0"},
		{"proc.name iglob b*", "0.38.0"},
		{"proc.name = val(proc.pname)", "0.38.0"},
		{"tolower(proc.name) = b", "0.38.0"},
		{"proc.name regex b", "0.39.0"},
		{"basename(proc.exepath) = b", "0.39.0"},
		{"len(proc.name) > 1", "0.40.0"},
		{"proc.name startswith anyof (a)", "0.44.0"},
		{"getopt(proc.args, 1) = a", "0.44.0"},
		{"tolower(proc.name)[0] = a", "0.44.0"},
		{"proc.name iglob a or proc.name = anyof (b)", "0.44.0"},
	}
	for _, c := range cases {
		v, _ := MinFalco(mustParseT(t, c.cond))
		if v.String() != c.min {
			t.Errorf("MinFalco(%q) = %s, want %s", c.cond, v, c.min)
		}
	}
	if _, err := ParseVersion("0.5"); err == nil {
		t.Error("ParseVersion(0.5) should fail")
	}
	if v, err := ParseVersion("0.62.0"); err != nil || v != (Version{0, 62, 0}) {
		t.Errorf("ParseVersion: %v %v", v, err)
	}
}
