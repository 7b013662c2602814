package ppm

import (
	"testing"
)

func TestTableFacts(t *testing.T) {
	cases := []struct {
		c       Code
		name    string
		nparams int
		flags   EventFlags
	}{
		{CodeExecveX, "execve", 31, FlagModifiesState | FlagConverterManaged},
		{CodeExecveE, "execve", 1, FlagOld | FlagModifiesState | FlagConverterManaged},
		{CodeExecveatX, "execveat", 30, FlagModifiesState | FlagConverterManaged},
		{CodeCloneX, "clone", 21, FlagModifiesState | FlagConverterManaged},
		{CodeCloneE, "clone", 0, FlagOld | FlagModifiesState},
		{CodeClone3X, "clone3", 21, FlagModifiesState | FlagConverterManaged},
		{CodeProcexit, "procexit", 5, FlagModifiesState},
		{CodeProcexit + 1, "NA", 0, FlagUnused},
		{CodeExecve16X, "execve", 16, FlagOld | FlagModifiesState | FlagConverterManaged},
		{CodeContainerJSON2, "container", 1, FlagModifiesState | FlagLargePayload},
		{CodeAsyncE, "asyncevent", 3, FlagLargePayload},
		{2, "open", 3, FlagModifiesState | FlagConverterManaged}, // passed on (TOCTOU), not stored
		{4, "close", 1, FlagOld | FlagModifiesState | FlagConverterManaged | FlagConverterDrops},
		{CodeProcinfo, "procinfo", 2, FlagSkipParseReset},
	}
	for _, c := range cases {
		if c.c.Name() != c.name || c.c.TableParams() != c.nparams || c.c.Flags() != c.flags {
			t.Errorf("%d: got %s/%d/%b, want %s/%d/%b", c.c, c.c.Name(), c.c.TableParams(), c.c.Flags(), c.name, c.nparams, c.flags)
		}
	}
	if got := Code(NumCodes).Name(); got != "event_454" {
		t.Errorf("unknown code name %q", got)
	}
	if Code(NumCodes).Known() || Code(NumCodes).Flags() != 0 || Code(NumCodes).TableParams() != 0 {
		t.Error("codes past the table must be unknown")
	}
	if CodeExecveX.String() != "< execve" || CodeProcexit.String() != "> procexit" {
		t.Errorf("String: %q %q", CodeExecveX.String(), CodeProcexit.String())
	}
}

func TestLargePayloadCodes(t *testing.T) {
	var large []Code
	for c := Code(0); c < NumCodes; c++ {
		if c.LargePayload() {
			large = append(large, c)
		}
	}
	want := []Code{CodePluginE, CodeContainerJSON2, CodeAsyncE}
	if len(large) != len(want) {
		t.Fatalf("large-payload codes %v, want %v", large, want)
	}
	for i := range want {
		if large[i] != want[i] {
			t.Fatalf("large-payload codes %v, want %v", large, want)
		}
	}
}

// Every parameter list agrees with the table's parameter count, names are
// unique, and the enter/exit pairs share a name.
func TestParamTableConsistent(t *testing.T) {
	for c, ps := range paramTable {
		if len(ps) != c.TableParams() {
			t.Errorf("%d (%s): %d parameters listed, table says %d", c, c.Name(), len(ps), c.TableParams())
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if seen[p.Name] {
				t.Errorf("%d: parameter %s twice", c, p.Name)
			}
			seen[p.Name] = true
		}
	}
	for c := Code(0); c+1 < NumCodes; c += 2 {
		if c.Name() != (c+1).Name() && c.Name() != "NA" && (c+1).Name() != "NA" {
			t.Errorf("pair %d/%d named %s/%s", c, c+1, c.Name(), (c + 1).Name())
		}
	}
	for c := Code(0); c < NumCodes; c++ {
		if c.ProcKind() != NotProc && len(procFields[c]) != c.TableParams() {
			t.Errorf("%d: no field map", c)
		}
	}
}

// Old event versions differ in the middle of their layout, so lookups go
// by name.
func TestParamIndexAcrossVersions(t *testing.T) {
	cases := []struct {
		c    Code
		name string
		idx  int
	}{
		{CodeExecveX, "tty", ExecTTY},
		{CodeExecveX, "trusted_exepath", ExecTrustedExepath},
		{CodeExecveX, "filename", ExecFilename},
		{CodeExecveatX, "filename", -1},
		{CodeExecveatX, "gid", ExecGID},
		{CodeExecve16X, "tty", -1},
		{CodeExecve16X, "cgroups", 14},
		{CodeExecve16X, "env", 15},
		{CodeExecve15X, "comm", 13},
		{CodeExecve15X, "env", 14},
		{CodeExecve17X, "tty", 16},
		{CodeExecve14X, "env", 13},
		{CodeExecve8X, "fdlimit", 7},
		{CodeClone16X, "comm", -1},
		{CodeClone16X, "flags", 13},
		{CodeClone17X, "flags", 14},
		{CodeClone11X, "flags", 8},
		{CodeClone11X, "uid", 9},
		{CodeCloneX, "flags", 15},
		{CodeCloneX, "vpid", 19},
		{CodeExecveatE, "pathname", 1},
		{CodeProcexit, "reaper_tid", 4},
		{CodeUserAdded, "container_id", 5},
		{CodeOpenX, "fd", 0},
		{CodeRenameat2X, "newpath", 4},
		{Code(125), "res", -1}, // not described (DUP_X, an old layout)
	}
	for _, c := range cases {
		if got := c.c.ParamIndex(c.name); got != c.idx {
			t.Errorf("%d.%s: index %d, want %d", c.c, c.name, got, c.idx)
		}
	}
	if CodeExecve17X.Params()[16].Type != PTInt32 || CodeExecveX.Params()[16].Type != PTUint32 {
		t.Error("tty was INT32 before EXECVE_19")
	}
}

func TestDecodeProcOldLayout(t *testing.T) {
	// EXECVE_15_X: ..., vm_swap(12), comm(13), env(14): no cgroups, no tty.
	params := [][]byte{PI64(0), PCharBuf("ls"), PStrings("-l"), PI64(7), PI64(7), PI64(1), PCharBuf("/"),
		PU64(1024), PU64(0), PU64(0), PU32(1), PU32(2), PU32(3), PCharBuf("ls"), PStrings("A=1", "B=2")}
	b, err := Append(nil, Header{Type: CodeExecve15X}, params...)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := Parse(b)
	p, ok := DecodeProc(e)
	if !ok || p.Kind != ProcExec {
		t.Fatal("not decoded as exec")
	}
	if c, _ := p.String(FieldComm); string(c) != "ls" {
		t.Errorf("comm %q", c)
	}
	if CountStrings(p.Raw(FieldEnv)) != 2 || p.Raw(FieldCgroups) != nil {
		t.Errorf("env %q cgroups %q", p.Raw(FieldEnv), p.Raw(FieldCgroups))
	}
	if _, ok := p.TTY(); ok {
		t.Error("EXECVE_15_X has no tty")
	}
	if v, _ := p.Uint32(FieldVMSwap); v != 3 {
		t.Errorf("vm_swap %d", v)
	}
	if !p.Succeeded() {
		t.Error("res 0 is success")
	}
	if s := string(e.ParamByName("env")); s != "A=1\x00B=2\x00" {
		t.Errorf("ParamByName env %q", s)
	}

	// A clone event with fewer parameters than the table (20 of 21).
	cp := make([][]byte, 20)
	cp[0], cp[15] = PI64(0), PU32(1<<13)
	b, _ = Append(nil, Header{Type: CodeCloneX}, cp...)
	e, _ = Parse(b)
	p, ok = DecodeProc(e)
	if !ok || p.Kind != ProcClone {
		t.Fatal("clone not decoded")
	}
	if f, _ := p.Uint32(FieldFlags); f != 1<<13 {
		t.Errorf("clone flags %x", f)
	}
	if p.Raw(FieldPidnsInitStartTS) != nil {
		t.Error("missing parameter must be nil")
	}
	b, _ = Append(nil, Header{Type: CodeProcexit}, PI64(0))
	if _, ok := DecodeProc(mustParse(t, b)); ok {
		t.Error("procexit is not a process event")
	}
}

func mustParse(t *testing.T, b []byte) Event {
	t.Helper()
	e, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestParamTypeSizes(t *testing.T) {
	for _, p := range CodeExecveX.Params() {
		switch p.Name {
		case "tty", "loginuid", "uid", "gid", "flags", "vm_size", "vm_rss", "vm_swap":
			if p.Type.Size() != 4 {
				t.Errorf("%s size %d", p.Name, p.Type.Size())
			}
		case "exe", "args", "comm", "cgroups", "env", "trusted_exepath", "filename", "cwd":
			if p.Type.Size() != 0 {
				t.Errorf("%s must be variable-size", p.Name)
			}
		default:
			if p.Type.Size() != 8 {
				t.Errorf("%s size %d", p.Name, p.Type.Size())
			}
		}
	}
	if PTSigType.Size() != 1 || PTMode.Size() != 4 || PTFlags32.String() != "FLAGS32" || ParamType(99).String() != "PT_99" {
		t.Error("type helpers")
	}
}

func BenchmarkDecodeProc(b *testing.B) {
	params := make([][]byte, ExecMaxParams-1)
	for i, p := range CodeExecveX.Params()[:30] {
		switch p.Type.Size() {
		case 4:
			params[i] = PU32(uint32(i))
		case 8:
			params[i] = PU64(uint64(i))
		default:
			params[i] = PCharBuf("/usr/bin/which")
		}
	}
	ev, _ := Append(nil, Header{Type: CodeExecveX}, params...)
	b.ReportAllocs()
	for b.Loop() {
		e, _ := Parse(ev)
		p, _ := DecodeProc(e)
		if _, ok := p.TTY(); !ok {
			b.Fatal("tty")
		}
	}
}
