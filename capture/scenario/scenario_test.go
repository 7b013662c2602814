package scenario

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/containerid"
	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/threads"
)

func examples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no example scenarios")
	}
	return files
}

func synth(t *testing.T, s *Scenario, opt Options) ([]byte, *Manifest) {
	t.Helper()
	var buf bytes.Buffer
	m, err := s.Write(&buf, opt)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), m
}

// Every example becomes a capture whose replay reports the facts the
// scenario expects, in every output variant.
func TestExamplesMeetTheirExpectations(t *testing.T) {
	for _, f := range examples(t) {
		s, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []Options{{}, {ExecveParams: 31, EnterEvents: true}, {Gzip: true}} {
			b, m := synth(t, s, opt)
			r, err := scap.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			expects := 0
			for _, e := range m.Execs {
				expects += len(e.Expect)
			}
			if expects == 0 {
				t.Errorf("%s: no expectations", f)
			}
			if err := s.Verify(m, r); err != nil {
				t.Errorf("%s %+v:\n%v", f, opt, err)
			}
		}
	}
}

// Falco 0.41 to 0.44 replay 30-parameter execve exits; 31 is opt-in.
func TestExecveParameterCount(t *testing.T) {
	s, err := Load("testdata/docker-which-curl.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{30, 31} {
		b, _ := synth(t, s, Options{ExecveParams: n})
		r, _ := scap.NewReader(bytes.NewReader(b))
		for r.Next() {
			e := r.Event()
			if e.Type() == ppm.CodeExecveX && e.NParams() != n {
				t.Errorf("execve exit with %d params, want %d", e.NParams(), n)
			}
			if e.Type() == ppm.CodeCloneX && e.NParams() != 21 || e.Type() == ppm.CodeProcexit && e.NParams() != 5 {
				t.Errorf("%s with %d params", e.Type(), e.NParams())
			}
			if err := scap.CheckEvent(e.Event); err != nil {
				t.Error(err)
			}
		}
		if r.Err() != nil {
			t.Fatal(r.Err())
		}
	}
	if _, err := s.Write(&bytes.Buffer{}, Options{ExecveParams: 32}); err == nil {
		t.Error("32 parameters accepted")
	}
}

func TestDeterministic(t *testing.T) {
	for _, f := range examples(t) {
		s, _ := Load(f)
		a, _ := synth(t, s, Options{})
		b, _ := synth(t, s, Options{})
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two writes differ", f)
		}
	}
}

// The kernel's binfmt_script rewrite, a failed exec and a busybox applet, as
// the exec events record them.
func TestExecShapes(t *testing.T) {
	src := `
name: shapes
processes:
  - {name: sh, pid: 10, exe: /bin/dash, argv: [sh], comm: sh, tty: pts/1, env: [A=1]}
execs:
  - {parent: sh, argv: [which, -a, ls], path: /usr/bin/which, interpreter: /bin/sh, interpreter_arg: -e, exe: /usr/bin/dash}
  - {parent: sh, argv: [nope, x], path: /nope, result: ENOENT}
  - {parent: sh, argv: [which, ls], path: /bin/which, exe: /bin/busybox, env: [B=2], user: "1000", tty: none}
`
	s, err := Parse("shapes.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth(t, s, Options{ExecveParams: 31})
	r, _ := scap.NewReader(bytes.NewReader(b))
	var execs []ppm.Proc
	for r.Next() {
		if p, ok := ppm.DecodeProc(r.Event().Event); ok && p.Kind == ppm.ProcExec {
			execs = append(execs, p)
		}
	}
	if len(execs) != 3 {
		t.Fatalf("%d execs", len(execs))
	}
	str := func(p ppm.Proc, f ppm.Field) string { s, _ := p.String(f); return string(s) }
	list := func(p ppm.Proc, f ppm.Field) string { return strings.ReplaceAll(string(p.Raw(f)), "\x00", "|") }
	u32 := func(p ppm.Proc, f ppm.Field) uint32 { v, _ := p.Uint32(f); return v }
	script, failed, applet := execs[0], execs[1], execs[2]
	if str(script, ppm.FieldExe) != "/bin/sh" || list(script, ppm.FieldArgs) != "-e|/usr/bin/which|-a|ls|" ||
		str(script, ppm.FieldComm) != "which" || str(script, ppm.FieldTrustedExepath) != "/usr/bin/dash" ||
		str(script, ppm.FieldFilename) != "/usr/bin/which" || u32(script, ppm.FieldTTY) != 34817 {
		t.Errorf("script exec: exe %q args %q comm %q exepath %q", str(script, ppm.FieldExe), list(script, ppm.FieldArgs),
			str(script, ppm.FieldComm), str(script, ppm.FieldTrustedExepath))
	}
	if res, _ := failed.Res(); res != -2 || str(failed, ppm.FieldExe) != "nope" || list(failed, ppm.FieldArgs) != "x|" ||
		str(failed, ppm.FieldComm) != "sh" || str(failed, ppm.FieldTrustedExepath) != "/bin/dash" || str(failed, ppm.FieldFilename) != "/nope" {
		t.Errorf("failed exec: res %d exe %q comm %q exepath %q", res, str(failed, ppm.FieldExe), str(failed, ppm.FieldComm), str(failed, ppm.FieldTrustedExepath))
	}
	if str(applet, ppm.FieldExe) != "which" || str(applet, ppm.FieldComm) != "which" || str(applet, ppm.FieldTrustedExepath) != "/bin/busybox" ||
		list(applet, ppm.FieldEnv) != "B=2|" || u32(applet, ppm.FieldUID) != 1000 || u32(applet, ppm.FieldTTY) != 0 {
		t.Errorf("applet exec: exe %q comm %q exepath %q env %q", str(applet, ppm.FieldExe), str(applet, ppm.FieldComm),
			str(applet, ppm.FieldTrustedExepath), list(applet, ppm.FieldEnv))
	}
}

// The drivers cap exe + args at 4096 bytes and force the last byte to NUL.
func TestArgvCap(t *testing.T) {
	long := strings.Repeat("a", 3000)
	cases := []struct {
		argv     []string
		exe, arg int // expected lengths
	}{
		{[]string{"echo", "hi"}, 5, 3},
		{[]string{"echo", long, long}, 5, 4091},
		{[]string{long, long}, 3001, 1095},
		{[]string{strings.Repeat("e", 5000), "x"}, 4096, 0},
		{[]string{strings.Repeat("e", 4095), "x"}, 4096, 0},
	}
	for _, c := range cases {
		exe, args := capArgs(c.argv)
		if len(exe) != c.exe || len(args) != c.arg || len(exe)+len(args) > 4096 {
			t.Errorf("argv of %d: exe %d args %d, want %d %d", len(c.argv), len(exe), len(args), c.exe, c.arg)
		}
		if exe[len(exe)-1] != 0 || (len(args) > 0 && args[len(args)-1] != 0) {
			t.Errorf("argv of %d: not NUL-terminated", len(c.argv))
		}
	}
	exe, args := capArgs([]string{"echo", long, long})
	if !bytes.HasPrefix(args, []byte(long+"\x00"+long[:1000])) || string(exe) != "echo\x00" {
		t.Error("truncation must keep the head of the arguments")
	}
	if env := capEnv([]string{long, long}); len(env) != 4096 || env[4095] != 0 {
		t.Errorf("env of %d bytes", len(env))
	}
}

// Each runtime's cgroup layout is recognised as the container plugin does.
func TestCgroupLayouts(t *testing.T) {
	id := derivedHex("container", "c")
	for _, rt := range []string{"docker", "podman", "cri-containerd", "crio", "nerdctl"} {
		for _, drv := range []string{"cgroupfs", "systemd"} {
			for _, qos := range []string{"besteffort", "guaranteed"} {
				c := &Container{Name: "c", Runtime: rt, CgroupDriver: drv, ID: id, QoS: qos, PodUID: "0f8e2c1a-1111-2222-3333-444455556666", Namespace: "default"}
				p := c.cgroupPath()
				got, ok := containerid.FindPath(p)
				if !ok || containerid.Short(got.ID) != c.ExpectedContainerID() {
					t.Errorf("%s/%s: %s -> %+v %v", rt, drv, p, got, ok)
				}
			}
		}
	}
	c := &Container{Name: "n", Runtime: "containerd", Namespace: "k8s.io", ID: "build-42"}
	if got, ok := containerid.FindPath(c.cgroupPath()); !ok || got.ID != "build-42" || got.Runtime != containerid.Containerd {
		t.Errorf("containerd: %s -> %+v", c.cgroupPath(), got)
	}
	if _, ok := containerid.FindPath("/user.slice"); ok {
		t.Error("the host cgroup looks like a container")
	}
}

func TestTTYNotations(t *testing.T) {
	cases := map[string]uint32{"pts/0": 34816, "pts/3": 34819, "pts/256": 35072, "tty1": 1025, "ttyS0": 1088,
		"console": 1281, "none": 0, "0": 0, "34816": 34816}
	for in, want := range cases {
		got, err := parseTTY(in)
		if err != nil || got != want {
			t.Errorf("%s: %d %v, want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"pts/x", "tty99", "pty", ""} {
		if _, err := parseTTY(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	// new_encode_dev puts minor bits above 255 at bit 20.
	if got := encodeDev(136, 300); got != 1083436 {
		t.Errorf("encodeDev(136, 300) = %d", got)
	}
}

// keep, fork: false and nested execs give the process tree and event order
// of a shell session: children exit before their parent, a kept process
// stays for later execs, an exec in place keeps the tid.
func TestExecTree(t *testing.T) {
	src := `
name: tree
processes:
  - {name: bash, pid: 10, exe: /bin/bash, argv: [bash]}
execs:
  - name: sub
    parent: bash
    argv: [/bin/bash]
    keep: true
    then:
      - {argv: [/bin/sh, -c, x], then: [{argv: [/bin/x]}]}
  - {parent: sub, argv: [/usr/bin/env, ls], then: [{fork: false, argv: [/bin/ls]}]}
  - {parent: bash, fork: false, argv: [/usr/bin/zsh]}
`
	s, err := Parse("tree.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, m := synth(t, s, Options{})
	r, _ := scap.NewReader(bytes.NewReader(b))
	var got []string
	for r.Next() {
		e := r.Event()
		line := e.Type().String() + " " + strconv.FormatInt(e.TID(), 10)
		if p, ok := ppm.DecodeProc(e.Event); ok {
			res, _ := p.Res()
			ptid, _ := p.Int64(ppm.FieldPTID)
			line += " res=" + strconv.FormatInt(res, 10) + " ptid=" + strconv.FormatInt(ptid, 10)
		}
		got = append(got, line)
	}
	want := []string{
		"< clone 10 res=111 ptid=0", "< clone 111 res=0 ptid=10", "< execve 111 res=0 ptid=10", // sub
		"< clone 111 res=112 ptid=10", "< clone 112 res=0 ptid=111", "< execve 112 res=0 ptid=111", // sh -c
		"< clone 112 res=113 ptid=111", "< clone 113 res=0 ptid=112", "< execve 113 res=0 ptid=112", // x
		"> procexit 113", "> procexit 112", // sub is kept
		"< clone 111 res=114 ptid=10", "< clone 114 res=0 ptid=111", "< execve 114 res=0 ptid=111", // env
		"< execve 114 res=0 ptid=111", "> procexit 114", // ls replaces env
		"< execve 10 res=0 ptid=0", // bash execs zsh in place, and does not exit
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(m.Execs) != 6 || m.Execs[4].TID != 114 || m.Execs[4].Num != 15 {
		t.Errorf("manifest %+v", m.Execs)
	}
}

// What a process does before its exec (setsid, setpgid, chdir), a parent
// that exits before its child's exec, an exec by a new thread and a fork
// without exec give the events and the process state the kernel and
// drivers would report.
func TestProcessContextActions(t *testing.T) {
	src := `
name: context
containers:
  - {name: web}
processes:
  - {name: sshd, pid: 10, exe: /usr/sbin/sshd, argv: [sshd], cwd: /}
  - {name: init, pid: 20, vpid: 1, container: web, exe: /bin/sh, argv: [sh]}
execs:
  - name: shell
    parent: sshd
    argv: [/bin/bash, -l]
    setsid: true
    keep: true
    then:
      - {argv: [/usr/bin/make], setpgid: true, chdir: /src/app, then: [{argv: [/usr/bin/cc]}]}
      - exec: false
        chdir: ..
        then: [{argv: [/bin/ls]}]
  - {parent: shell, argv: [/usr/bin/nohup, x], parent_exits: true}
  - {parent: init, argv: [/bin/orphan], parent_exits: true, reaper: init, fork: true}
  - {parent: sshd, argv: [/usr/bin/java], thread: true}
`
	s, err := Parse("context.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, m := synth(t, s, Options{})
	r, _ := scap.NewReader(bytes.NewReader(b))
	rp := threads.NewReplayer(r)
	type state struct {
		name, cwd        string
		pid, ptid, sid   int64
		pgid, vpgid, tid int64
	}
	var got []state
	var events []string
	for rp.Next() {
		e := rp.Event()
		events = append(events, e.Type().String()+" "+strconv.FormatInt(e.TID(), 10))
		if !rp.IsExec() {
			continue
		}
		th := rp.Thread()
		p, _ := rp.Proc()
		pgid, _ := p.Int64(ppm.FieldPGID)
		vpgid, _ := p.Int64(ppm.FieldVPGID)
		got = append(got, state{th.Comm, rp.Table().Main(th).Cwd, th.PID, th.PTID, th.SID, pgid, vpgid, e.TID()})
	}
	want := []state{
		{"bash", "/", 121, 10, 121, 121, 121, 121},          // setsid: a new session and group
		{"make", "/src/app/", 122, 121, 121, 122, 122, 122}, // setpgid, chdir
		{"cc", "/src/app/", 123, 122, 121, 122, 122, 123},   // inherits group and cwd
		{"ls", "/", 125, 124, 121, 121, 121, 125},           // the subshell (124) went back up
		// The shell exited: the kernel gives nohup to init (ptid 1 in the
		// event); libsinsp, which has no pid 1, links it to 0.
		{"nohup", "/", 126, 0, 121, 121, 121, 126},
		{"orphan", "/", 127, 20, 20, 20, 1, 127}, // the container's init reaps
		{"java", "/", 128, 10, 10, 10, 10, 128},  // the thread took the process id
	}
	if len(got) != len(want) {
		t.Fatalf("execs %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("exec %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	joined := strings.Join(events, "\n")
	for _, seq := range []string{
		"< setsid 121\n< execve 121", "< setpgid 122\n< chdir 122\n< execve 122", "< clone 124\n< chdir 124",
		"> procexit 121\n< execve 126",                           // the parent's exit comes before the orphan's exec
		"< clone 128\n< clone 129\n> procexit 128\n< execve 128", // thread 129 execs as 128
	} {
		if !strings.Contains(joined, seq) {
			t.Errorf("events lack %q:\n%s", seq, joined)
		}
	}
	if len(m.Execs) != 7 {
		t.Errorf("%d execs in the manifest", len(m.Execs))
	}
}
