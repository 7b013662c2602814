package condition

import (
	"errors"
	"strings"
	"testing"
)

// testPluginFields stand for a plugin's fields (the ecs plugin's table lives
// elsewhere).
var testPluginFields = []FieldInfo{
	{Name: "ecs.process.args", Type: TypeString, IsList: true, Plugin: "ecs"},
	{Name: "ecs.process.name", Type: TypeString, Plugin: "ecs"},
	{Name: "ecs.process.interactive", Type: TypeBool, Plugin: "ecs"},
	{Name: "ecs.process.pid", Type: TypeUint64, Plugin: "ecs"},
	{Name: "ecs.nums", Type: TypeUint64, IsList: true, Plugin: "ecs"},
	{Name: "ecs.label", Type: TypeString, Arg: ArgRequired, Plugin: "ecs"},
}

var testCatalog = MustFieldSet(NativeFields, testPluginFields)

// event is a Provider over a map from "name" or "name[arg]" to a value; a
// missing key is "no value".
type event map[string]Value

func (ev event) Extract(f *FieldRef) (Value, bool) {
	key := f.Info.Name
	if f.HasArg {
		key += "[" + f.Arg + "]"
	}
	v, ok := ev[key]
	return v, ok
}

func mustCompile(t testing.TB, cond string) *Program {
	t.Helper()
	e, err := Parse(cond)
	if err != nil {
		t.Fatalf("Parse(%q): %v", cond, err)
	}
	p, err := Compile(e, testCatalog)
	if err != nil {
		t.Fatalf("Compile(%q): %v", cond, err)
	}
	return p
}

var whichCurl = event{
	"evt.type":                Str("execve"),
	"proc.name":               Str("which"),
	"proc.pname":              Str("bash"),
	"proc.tty":                Uint(34816),
	"proc.pid":                Int(-1),
	"user.uid":                Uint(0xffffffff),
	"user.loginuid":           Int(-1),
	"proc.is_vpgid_leader":    Bool(true),
	"proc.exepath":            Str("/usr/bin/which"),
	"proc.cmdline":            Str("which Curl"),
	"proc.aname":              Strs("bash", "sshd", "systemd"),
	"proc.aname[1]":           Str("bash"),
	"ecs.process.args":        Strs("which", "curl"),
	"ecs.process.name":        Str("which"),
	"ecs.process.interactive": Bool(true),
	"ecs.process.pid":         Uint(42),
	"ecs.nums":                Nums(1, 2, 3),
	"ecs.label[team]":         Str("red"),
}

func TestEvalSemantics(t *testing.T) {
	empty := event{"ecs.process.args": Strs(), "evt.type": Str("execve")}
	none := event{"evt.type": Str("execve")}
	cases := []struct {
		cond string
		ev   event
		want bool
	}{
		// List fields: in = every element in the set, intersects = one is.
		{"ecs.process.args in (which, curl, wget)", whichCurl, true},
		{"ecs.process.args in (which)", whichCurl, false},
		{"ecs.process.args in ()", whichCurl, false},
		{"ecs.process.args intersects (curl)", whichCurl, true},
		{"ecs.process.args intersects (nmap, wget)", whichCurl, false},
		{"ecs.process.args intersects ()", whichCurl, false},
		{"ecs.process.args exists", whichCurl, true},
		{"ecs.nums in (1, 2, 3, 4)", whichCurl, true},
		{"ecs.nums intersects (3)", whichCurl, true},
		{"ecs.nums in (1, 2)", whichCurl, false},
		// Matching is exact: case-sensitive, and "cc1*" is literal in a list.
		{"ecs.process.args intersects (CURL)", whichCurl, false},
		{"ecs.process.args intersects (cur*)", whichCurl, false},
		// An empty list is no value: every check is false, even exists ...
		{"ecs.process.args exists", empty, false},
		{"ecs.process.args in (which)", empty, false},
		{"ecs.process.args intersects (which)", empty, false},
		// ... so its negation is true.
		{"not ecs.process.args exists", empty, true},
		{"not ecs.process.args intersects (which)", empty, true},
		// No value: != and exists are false too; not of them is true.
		{"ecs.process.name != which", none, false},
		{"ecs.process.name = which", none, false},
		{"ecs.process.name exists", none, false},
		{"not ecs.process.name exists", none, true},
		{"not ecs.process.name = which", none, true},
		{"not ecs.process.name != which", none, true},
		{"ecs.process.interactive = false", none, false},
		{"len(ecs.process.args) = 0", empty, false}, // no value before the transformer
		// Scalars: in and intersects are membership.
		{"proc.name in (sh, which)", whichCurl, true},
		{"proc.name intersects (sh, which)", whichCurl, true},
		{"proc.name in (sh)", whichCurl, false},
		{"proc.name in ()", whichCurl, false},
		{"evt.type in (execve, execveat)", whichCurl, true},
		// Strings.
		{"proc.name = which", whichCurl, true},
		{"proc.name = Which", whichCurl, false},
		{"proc.name != which", whichCurl, false},
		{"proc.cmdline contains Curl", whichCurl, true},
		{"proc.cmdline contains curl", whichCurl, false},
		{"proc.cmdline icontains CURL", whichCurl, true},
		{"proc.exepath startswith /usr/", whichCurl, true},
		{"proc.exepath endswith /which", whichCurl, true},
		{"proc.exepath endswith /usr/bin/which/", whichCurl, false},
		{"proc.name > val(proc.pname)", whichCurl, true}, // strcmp order ("which" > "bash")
		{"proc.name <= val(proc.pname)", whichCurl, false},
		{"proc.exepath glob /usr/*", whichCurl, true},
		{"proc.exepath glob /usr/*/wh?ch", whichCurl, true},
		{"proc.exepath glob *WHICH", whichCurl, false},
		{"proc.exepath iglob *WHICH", whichCurl, true},
		{"proc.exepath pmatch (/usr/bin)", whichCurl, true},
		{"proc.exepath pmatch (/usr/bi)", whichCurl, false},
		{"proc.exepath pmatch (/usr/bin/which/more)", whichCurl, false},
		// regex is anchored at both ends.
		{"proc.name regex hic", whichCurl, false},
		{"proc.name regex .*hic.*", whichCurl, true},
		{"proc.name regex 'w[a-z]+'", whichCurl, true},
		{"proc.name regex 'W[a-z]+'", whichCurl, false},
		{"proc.name regex 'which|bash'", whichCurl, true},
		// Numbers, at the field's width and sign.
		{"proc.tty != 0", whichCurl, true},
		{"proc.tty > 34815", whichCurl, true},
		{"proc.pid < 0", whichCurl, true},
		{"proc.pid = -1", whichCurl, true},
		{"user.uid = -1", whichCurl, true},         // %u of "-1" is 4294967295
		{"user.uid = 4294967295", whichCurl, true}, // same value
		{"user.uid > 0", whichCurl, true},          // unsigned
		{"user.loginuid < 0", whichCurl, true},     // signed
		{"proc.tty in (1, 34816)", whichCurl, true},
		{"ecs.process.pid >= 42", whichCurl, true},
		{`ecs.process.pid = " 42"`, whichCurl, true}, // sscanf skips leading space
		// Bools.
		{"ecs.process.interactive = true", whichCurl, true},
		{"ecs.process.interactive = false", whichCurl, false},
		{"ecs.process.interactive != false", whichCurl, true},
		{"proc.is_vpgid_leader in (true)", whichCurl, true},
		// Transformers.
		// A string transformer on a list: libsinsp 0.25 never finds the
		// transformed elements with in or intersects (their length counts
		// the NUL terminator), as a real Falco 0.44.1 shows; exists and
		// len() still see them.
		{"tolower(ecs.process.args) intersects (curl)", whichCurl, false},
		{"tolower(ecs.process.args) in (which, curl)", whichCurl, false},
		{"not toupper(ecs.process.args) intersects (CURL)", whichCurl, true},
		{"basename(ecs.process.args) intersects (curl)", whichCurl, false},
		{"tolower(ecs.process.args) exists", whichCurl, true},
		{"len(tolower(ecs.process.args)) = 2", whichCurl, true},
		{"ecs.process.args intersects (curl)", whichCurl, true},
		{"tolower(ecs.process.name) in (which, dash)", whichCurl, true},
		{"toupper(proc.name) = WHICH", whichCurl, true},
		{"tolower(proc.cmdline) = 'which curl'", whichCurl, true},
		{"len(ecs.process.args) = 2", whichCurl, true},
		{"len(proc.name) > 4", whichCurl, true},
		{"basename(proc.exepath) = which", whichCurl, true},
		{"tolower(basename(proc.exepath)) = which", whichCurl, true},
		// Fields on the right.
		{"proc.name = val(ecs.process.name)", whichCurl, true},
		{"proc.name = val(proc.pname)", whichCurl, false},
		{"proc.name != val(proc.pname)", whichCurl, true},
		{"proc.name = val(proc.cwd)", whichCurl, false}, // right side has no value
		{"toupper(proc.name) = toupper(ecs.process.name)", whichCurl, true},
		// Ancestors without an argument: any of them.
		{"proc.aname = sshd", whichCurl, true},
		{"proc.aname = init", whichCurl, false},
		{"proc.aname != bash", whichCurl, true}, // some ancestor is not bash
		{"proc.aname[1] = bash", whichCurl, true},
		{"proc.aname[2] = sshd", whichCurl, false}, // not provided: no value
		// Arguments.
		{"ecs.label[team] = red", whichCurl, true},
		{"ecs.label[other] = red", whichCurl, false},
		// Modifiers (Falco 0.44).
		{"proc.exepath startswith anyof (/bin, /usr)", whichCurl, true},
		{"proc.exepath startswith allof (/usr, /usr/bin)", whichCurl, true},
		{"proc.exepath startswith allof (/usr, /bin)", whichCurl, false},
		{"proc.exepath startswith oneof (/usr, /usr/bin)", whichCurl, false},
		{"proc.exepath startswith oneof (/usr, /bin)", whichCurl, true},
		{"proc.name = anyof (sh, which)", whichCurl, true},
		{"proc.name != allof (sh, bash)", whichCurl, true},
		{"proc.name = anyof ()", whichCurl, false},
		// Boolean structure.
		{"proc.name = which and proc.tty != 0", whichCurl, true},
		{"proc.name = bash or proc.tty = 0", whichCurl, false},
		{"not (proc.name = bash or proc.tty = 0)", whichCurl, true},
	}
	for _, c := range cases {
		p := mustCompile(t, c.cond)
		if got := p.Eval(c.ev); got != c.want {
			t.Errorf("%s: got %v, want %v\n%s", c.cond, got, c.want, p.Explain(c.ev))
		}
		if tr := p.Explain(c.ev); tr.Result != c.want {
			t.Errorf("%s: Explain says %v, Eval %v", c.cond, tr.Result, c.want)
		}
	}
}

// Type errors are compile-time errors, as when Falco loads a rule.
func TestCompileErrors(t *testing.T) {
	cases := []struct{ cond, code, msg string }{
		{"ecs.process.args = curl", CodeOperator, "'=' operator not supported list filters"},
		{"ecs.process.args == curl", CodeOperator, "'=' operator not supported list filters"},
		{"ecs.process.args contains curl", CodeOperator, "list filters"},
		{"ecs.process.args glob c*", CodeOperator, "list filters"},
		{"proc.tty glob 1*", CodeOperator, "'glob' operator not supported for numeric filters"},
		{"proc.tty contains 1", CodeOperator, "numeric filters"},
		{"ecs.process.interactive contains t", CodeOperator, "numeric filters"},
		{"ecs.process.interactive < 1", CodeOperator, "numeric filters"},
		{"proc.name bcontains 41", CodeOperator, "string filters"},
		{"ecs.process.interactive = 1", CodeValue, "unrecognized boolean value"},
		{"ecs.process.interactive = TRUE", CodeValue, "unrecognized boolean value"},
		{"proc.tty = abc", CodeValue, "not a valid number"},
		{"proc.tty = 0x10", CodeValue, "not a valid number"},
		{"proc.tty = '1 '", CodeValue, "not a valid number"},
		{"proc.tty in (1, x)", CodeValue, "not a valid number"},
		{"proc.name regex '('", CodeValue, "invalid regex"},
		{`proc.name regex '\\d+'`, CodeValue, "invalid regex"}, // POSIX syntax: no Perl classes
		{"no.such = x", CodeUnknownField, "unknown field"},
		{"proc.name[1] = x", CodeFieldArg, "does not take an argument"},
		{"ecs.label = x", CodeFieldArg, "requires an argument"},
		{"proc.aname[x] = bash", CodeFieldArg, "not a valid number"},
		{"tolower(proc.tty) = 1", CodeTransformer, "not supported by 'tolower'"},
		{"len(proc.tty) = 1", CodeTransformer, "not supported by 'len'"},
		{"tolower(proc.aname) = bash", CodeTransformer, "does not support transformers"},
		{"b64(proc.name) = x", CodeUnsupported, "b64"},
		{"proc.name = val(proc.tty)", CodeOperator, "incompatible type"},
		{"proc.name = val(proc.aname)", CodeOperator, "can't be used as a right-hand side field"},
		{"proc.aname = val(proc.name)", CodeOperator, "doesn't support right-hand side fields"},
		{"proc.name regex val(proc.pname)", CodeOperator, "doesn't support right-hand side fields"},
		{"some_macro", CodeUnknownMacro, "undefined macro"},
		{"evt.type = exceve", CodeValue, "unknown evt.type value 'exceve'"},
		{"evt.type in (execve, nope)", CodeValue, "unknown evt.type value 'nope'"},
		{"evt.type startswith exec", CodeValue, "unknown evt.type value"}, // libsinsp checks every constant
		{"proc.name pmatch (/a*/x, /b?/y)", CodeUnsupported, "hash-map order"},
	}
	for _, c := range cases {
		e, err := Parse(c.cond)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.cond, err)
			continue
		}
		_, err = Compile(e, testCatalog)
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("Compile(%q) = %v, want an error", c.cond, err)
			continue
		}
		if ce.Code != c.code || !strings.Contains(ce.Msg, c.msg) {
			t.Errorf("Compile(%q) = %s: %s; want %s: ...%s...", c.cond, ce.Code, ce.Msg, c.code, c.msg)
		}
	}
	// Unexpanded list references.
	e, _ := ParseWithLists("proc.name in (a, shells)", func(s string) bool { return s == "shells" })
	if _, err := Compile(e, testCatalog); err == nil || !strings.Contains(err.Error(), CodeUnknownList) {
		t.Errorf("list reference: %v", err)
	}
}

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in     string
		signed bool
		want   uint64
		ok     bool
	}{
		{"42", false, 42, true},
		{"+42", false, 42, true},
		{"-1", false, ^uint64(0), true},
		{"-1", true, ^uint64(0), true},
		{"18446744073709551616", false, ^uint64(0), true}, // saturates like strtoul
		{"9223372036854775808", true, 1<<63 - 1, true},    // saturates like strtol
		{"-9223372036854775809", true, 1 << 63, true},
		{" \t7", false, 7, true},
		{"7 ", false, 0, false},
		{"0x10", false, 0, false},
		{"1.5", false, 0, false},
		{"", false, 0, false},
		{"-", true, 0, false},
	}
	for _, c := range cases {
		got, ok := parseNumber(c.in, c.signed)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseNumber(%q, %v) = %d, %v; want %d, %v", c.in, c.signed, got, ok, c.want, c.ok)
		}
	}
	if normalize(TypeUint32, 1<<32) != 0 || normalize(TypeInt8, 0xff) != ^uint64(0) {
		t.Error("normalize: width truncation or sign extension is wrong")
	}
}

func TestExplain(t *testing.T) {
	p := mustCompile(t, "evt.type in (execve, execveat) and not ecs.process.args intersects (man) and proc.name = val(proc.pname)")
	tr := p.Explain(whichCurl)
	if tr.Result || p.Eval(whichCurl) {
		t.Fatal("expected false")
	}
	want := `false and
true    evt.type in (execve, execveat)    [evt.type="execve"]
true    not
false     ecs.process.args intersects (man)    [ecs.process.args=["which", "curl"]]
false   proc.name = val(proc.pname)    [proc.name="which"; val(proc.pname)="bash"]
`
	if got := tr.String(); got != want {
		t.Errorf("Explain:\n%s\nwant:\n%s", got, want)
	}
	tr = mustCompile(t, "ecs.process.name exists").Explain(event{})
	if !strings.Contains(tr.String(), "ecs.process.name=<no value>") {
		t.Errorf("no value not shown: %s", tr)
	}
}

// seedCondition has the shape of the seed rule's translation: an evt.type
// test, a ~60-value list tested against a list field, a few scalar checks.
func seedCondition() string {
	tools := []string{"curl", "wget", "nc", "ncat", "netcat", "nmap", "socat", "telnet", "ftp", "tftp",
		"ssh", "scp", "sftp", "rsync", "kubectl", "docker", "crictl", "ctr", "podman", "helm",
		"gcc", "cc", "cc1", "cc1*", "g++", "make", "cmake", "clang", "go", "rustc",
		"python", "python2", "python3", "perl", "ruby", "php", "lua", "node", "java", "busybox",
		"openssl", "base64", "xxd", "tcpdump", "tshark", "dig", "nslookup", "host", "ping", "traceroute",
		"ip", "ifconfig", "netstat", "ss", "lsof", "ps", "top", "id", "whoami", "uname", "hostname"}
	return "evt.type in (execve, execveat) and ecs.process.interactive = true and " +
		"(ecs.process.name = which or ecs.process.name in (bash, dash, sh, zsh, ksh) and " +
		"ecs.process.args intersects (which, /bin/which, /usr/bin/which) and " +
		"not ecs.process.args intersects (man, chmod, chown)) and " +
		"ecs.process.args intersects (" + strings.Join(tools, ", ") + ") and ecs.process.pid exists"
}

var seedEvent = event{
	"evt.type":                Str("execve"),
	"ecs.process.interactive": Bool(true),
	"ecs.process.name":        Str("dash"),
	"ecs.process.args":        Strs("/bin/sh", "/usr/bin/which", "ls", "zzz", "nmap"),
	"ecs.process.pid":         Uint(4242),
}

func TestSeedConditionNoAlloc(t *testing.T) {
	p := mustCompile(t, seedCondition())
	if !p.Eval(seedEvent) {
		t.Fatalf("seed condition should match:\n%s", p.Explain(seedEvent))
	}
	if n := testing.AllocsPerRun(1000, func() { p.Eval(seedEvent) }); n != 0 {
		t.Errorf("Eval allocates %.1f times per run", n)
	}
	tl := mustCompile(t, "tolower(ecs.process.args) exists and toupper(ecs.process.name) = DASH")
	tl.Eval(seedEvent)
	if n := testing.AllocsPerRun(1000, func() { tl.Eval(seedEvent) }); n != 0 {
		t.Errorf("Eval with transformers allocates %.1f times per run", n)
	}
}

// slotEvent is a Provider indexed by field, as a real provider maps FieldRefs
// to extractors once; it keeps provider cost out of the evaluator benchmark.
type slotEvent struct {
	slot map[*FieldInfo]int
	vals []Value
	has  []bool
}

func newSlotEvent(p *Program, ev event) *slotEvent {
	s := &slotEvent{slot: map[*FieldInfo]int{}}
	for i, f := range p.Fields() {
		s.slot[f.Info] = i
		v, ok := ev.Extract(f)
		s.vals = append(s.vals, v)
		s.has = append(s.has, ok)
	}
	return s
}

func (s *slotEvent) Extract(f *FieldRef) (Value, bool) {
	i := s.slot[f.Info]
	return s.vals[i], s.has[i]
}

func BenchmarkEvalSeed(b *testing.B) {
	p := mustCompile(b, seedCondition())
	miss := event{
		"evt.type":                Str("execve"),
		"ecs.process.interactive": Bool(true),
		"ecs.process.name":        Str("dash"),
		"ecs.process.args":        Strs("/bin/sh", "/usr/bin/which", "ls", "zzz", "yyy"),
		"ecs.process.pid":         Uint(4242),
	}
	for _, bc := range []struct {
		name string
		ev   Provider
	}{
		{"match", newSlotEvent(p, seedEvent)},
		{"nomatch", newSlotEvent(p, miss)},
		{"otherevent", newSlotEvent(p, event{"evt.type": Str("openat")})}, // most events of a capture
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				p.Eval(bc.ev)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/eval")
		})
	}
}

func BenchmarkCompileSeed(b *testing.B) {
	e, err := Parse(seedCondition())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile(e, testCatalog); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSeed(b *testing.B) {
	src := seedCondition()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}
