package scenario

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

const filesScenario = `name: f
processes:
  - {name: sh, pid: 10, exe: /bin/sh, cwd: /root, fds: {3: /etc/, 4: /var/log/syslog}}
execs:
  - parent: sh
    argv: [/bin/tool]
    files:
      - {op: open, path: /tmp, flags: [O_RDONLY, O_DIRECTORY], fd: tmp}
      - {op: create, path: x, dirfd: tmp}
      - {op: create, syscall: open, path: /a, result: EACCES}
      - {op: unlink, path: y, dirfd: "3"}
      - {op: rmdir, path: d}
      - {op: rename, syscall: renameat2, path: a, to: b, to_dirfd: tmp, flag: RENAME_NOREPLACE}
      - {op: close, fd: tmp}
      - {op: creat, path: /c}
`

// The file operations become the events drivers write, with the created
// flag on creations only, fds allocated from 3 past the process list's, and
// a manifest record per operation; the process list's fds are in fd lists.
func TestFileOps(t *testing.T) {
	s, err := Parse("f.yaml", []byte(filesScenario))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	m, err := s.Write(&buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := scap.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var fdLists int
	for r.Next() {
		e := r.Event()
		if len(r.Section().FDLists) > 0 {
			fdLists = len(r.Section().FDLists[0].FDs)
		}
		if e.TID() != m.Files[0].TID || e.Type() == ppm.CodeExecveX || e.Type() == ppm.CodeProcexit || e.Type() == ppm.CodeCloneX {
			continue
		}
		ev := e.Event
		var b strings.Builder
		b.WriteString(e.Type().String())
		for i := range ev.NParams() {
			p := ev.Param(i)
			if len(p) == 8 {
				v, _ := ppm.I64(p)
				b.WriteString(" " + strconv.FormatInt(v, 10))
			} else if len(p) == 4 {
				v, _ := ppm.U32(p)
				b.WriteString(" 0x" + strconv.FormatUint(uint64(v), 16))
			} else {
				s, _ := ppm.CharBuf(p)
				b.WriteString(" " + string(s))
			}
		}
		got = append(got, b.String())
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"> openat -100 /tmp 0x401 0x1a4",
		"< openat 5 -100 /tmp 0x401 0x1a4 0x801 4242", // fds 3 and 4 are the list's
		"> openat 5 x 0x106 0x1a4",
		"< openat 6 5 x 0x4106 0x1a4 0x801 4242", // PPM_O_F_CREATED
		"> open /a 0x106 0x1a4",
		"< open -13 /a 0x106 0x1a4 0x801 4242", // failed: no created flag
		"< unlinkat 0 3 y 0x0",
		"< unlinkat 0 -100 d 0x200",
		"< renameat2 0 -100 a 5 b 0x1",
		"< close 0 5",
		"> creat /c 0x1a4",
		"< creat 5 /c 0x1a4 0x801 4242 ", // the lowest free fd again; no created flag
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fdLists != 2 {
		t.Errorf("fd list of %d entries, want 2", fdLists)
	}
	if len(m.Files) != 8 || m.Files[2].Failed != true || m.Files[1].Path != "x" || m.Files[1].Line != 9 {
		t.Errorf("manifest: %+v", m.Files)
	}
}

func TestFileOpErrors(t *testing.T) {
	base := "name: t\nprocesses:\n  - {name: sh, pid: 10, exe: /bin/sh}\nexecs:\n  - parent: sh\n    argv: [/bin/x]\n    files:\n      - "
	for _, c := range []struct{ op, msg string }{
		{"{op: touch, path: /a}", `unknown file op "touch"`},
		{"{op: create}", "without a path"},
		{"{op: rename, path: /a}", "op rename with to"},
		{"{op: create, path: a, dirfd: nope}", `unknown fd "nope"`},
		{"{op: create, syscall: open, path: a, dirfd: \"3\"}", "dirfd with syscall open"},
		{"{op: unlink, syscall: rename, path: a}", `cannot be syscall "rename"`},
		{"{op: create, path: a, flags: [O_NOPE]}", `unknown flag "O_NOPE"`},
		{"{op: unlink, path: a, flags: [O_RDONLY]}", "flags apply to create and open"},
		{"{op: close, fd: x}", `needs the fd`},
		{"{op: rename, path: a, to: b, flag: RENAME_NOREPLACE}", `flag "RENAME_NOREPLACE"`},
		{"{op: create, path: a, result: EWHAT}", `unknown errno "EWHAT"`},
		{"{op: create, path: a, fd: \"7\"}", "cannot be a number"},
	} {
		_, err := Parse("t.yaml", []byte(base+c.op+"\n"))
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 || !strings.Contains(es[0].Msg, c.msg) || es[0].Line != 8 {
			t.Errorf("%s: %v, want %q at line 8", c.op, err, c.msg)
		}
	}
	// An fd named in an enclosing exec's operations is inherited by its
	// nested execs, not by a sibling.
	ok := base + "{op: open, path: /etc, fd: etc}\n    then:\n      - argv: [/bin/y]\n        files: [{op: create, path: z, dirfd: etc}]\n"
	if _, err := Parse("t.yaml", []byte(ok)); err != nil {
		t.Errorf("inherited fd: %v", err)
	}
	sibling := base + "{op: open, path: /etc, fd: etc}\n  - parent: sh\n    argv: [/bin/y]\n    files: [{op: create, path: z, dirfd: etc}]\n"
	if _, err := Parse("t.yaml", []byte(sibling)); err == nil || !strings.Contains(err.Error(), `unknown fd "etc"`) {
		t.Errorf("sibling's fd: %v", err)
	}
}
