package scenario

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/scap"
)

const minimal = `name: t
processes:
  - {name: sh, pid: 10, exe: /bin/sh}
execs:
  - {parent: sh, argv: [/bin/true]}
`

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line, col int
		code      string
		msg       string
		hint      string
	}{
		{"unknown top-level field", "name: t\nprocess:\n  - {pid: 1}\n", 2, 1, CodeUnknownField, `unknown field "process" in scenario`, "known fields: name,"},
		{"unknown nested field", strings.Replace(minimal, "{parent: sh,", "{parent: sh, agrv: [x],", 1), 5, 18, CodeUnknownField, `unknown field "agrv" in exec`, "argv"},
		{"syntax", "name: [t\n", 1, 1, CodeSyntax, "", ""},
		{"unknown parent", strings.Replace(minimal, "{parent: sh,", "{parent: bash,", 1), 5, 5, CodeUnknownRef, `unknown parent "bash"`, "keep: true"},
		{"no path", strings.Replace(minimal, "/bin/true", "true", 1), 5, 5, CodeMissing, "no path and argv[0] is not a path", "path: /usr/bin/true"},
		{"bad errno", strings.Replace(minimal, "argv: [/bin/true]", "argv: [/bin/true], result: ENOPE", 1), 5, 5, CodeInvalid, `unknown errno "ENOPE"`, ""},
		{"bad tty", strings.Replace(minimal, "exe: /bin/sh", "exe: /bin/sh, tty: pts/x", 1), 3, 1, CodeSyntax, "invalid tty", ""},
		{"relative exe", strings.Replace(minimal, "exe: /bin/sh", "exe: sh", 1), 3, 5, CodeInvalid, `exe "sh" is not an absolute path`, ""},
		{"unknown container", strings.Replace(minimal, "exe: /bin/sh", "exe: /bin/sh, container: web", 1), 3, 5, CodeUnknownRef, `unknown container "web"`, ""},
		{"bad runtime", minimal + "containers:\n  - {name: c, runtime: lxd}\n", 7, 5, CodeInvalid, `unknown runtime "lxd"`, "docker"},
		{"short docker id", minimal + "containers:\n  - {name: c, id: abc}\n", 7, 5, CodeInvalid, "not 64 hex digits", ""},
		{"duplicate pid", strings.Replace(minimal, "processes:\n", "processes:\n  - {name: x, pid: 10, exe: /bin/x}\n", 1), 4, 5, CodeDuplicate, "pid 10 is used twice", ""},
		{"no execs", "name: t\n", 1, 1, CodeMissing, "no execs", ""},
		{"expect typo", strings.Replace(minimal, "argv: [/bin/true]", "argv: [/bin/true], expect: {proc.nmae: x}", 1), 5, 5, CodeInvalid, `unknown expected field "proc.nmae"`, "proc.name"},
		{"nested parent", strings.Replace(minimal, "argv: [/bin/true]", "argv: [/bin/true], then: [{parent: sh, argv: [/bin/ls]}]", 1), 5, 44, CodeInvalid, "top-level execs only", ""},
		{"keep without name", strings.Replace(minimal, "argv: [/bin/true]", "argv: [/bin/true], keep: true", 1), 5, 5, CodeMissing, "needs a `name`", ""},
		{"bad time", "name: t\nhost: {start: yesterday}\n" + minimal[8:], 2, 7, CodeInvalid, "start:", "RFC 3339"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(c.src))
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v (%T)", err, err)
			}
			e := es[0]
			if e.Line != c.line || (c.col != 0 && e.Col != c.col) || e.Code != c.code || !strings.Contains(e.Msg, c.msg) || !strings.Contains(e.Hint, c.hint) {
				t.Errorf("got %s:%d:%d %s %q hint %q\nwant line %d col %d %s %q hint %q", e.File, e.Line, e.Col, e.Code, e.Msg, e.Hint, c.line, c.col, c.code, c.msg, c.hint)
			}
			text := err.Error()
			if !strings.HasPrefix(text, "s.yaml:") || !strings.Contains(text, "^") {
				t.Errorf("message lacks position or caret:\n%s", text)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	s, err := Parse("s.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if s.Host.Hostname != DefaultHostname || s.Host.CPUs != DefaultCPUs || s.Host.BootTime != DefaultBootTime || s.Host.Start == "" {
		t.Errorf("host defaults %+v", s.Host)
	}
	p := s.Processes[0]
	if p.Comm != "sh" || p.Cwd != "/" || len(p.Argv) != 1 || p.Argv[0] != "/bin/sh" {
		t.Errorf("process defaults %+v", p)
	}
	if e := s.Execs[0]; e.Path != "/bin/true" || e.Syscall != "execve" {
		t.Errorf("exec defaults %+v", e)
	}
	src := minimal + "containers:\n  - {name: c}\n"
	s, err = Parse("s.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Containers[0]; c.Runtime != "docker" || c.CgroupDriver != "cgroupfs" || c.CgroupVersion != 1 || len(c.ID) != 64 || c.QoS != "besteffort" {
		t.Errorf("container defaults %+v", c)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	for _, path := range []string{"testdata/docker-which-curl.yaml", "testdata/k8s-sh-c-which-nmap.yaml", "testdata/failed-exec-execveat.yaml"} {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("f.yaml", src)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 || es[0].Line < 1 {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		// A valid scenario synthesizes (or fails cleanly), and the capture
		// reads back.
		var buf bytes.Buffer
		m, err := s.Write(&buf, Options{})
		if err != nil {
			return
		}
		r, err := scap.NewReader(&buf)
		if err != nil {
			t.Fatalf("synthesized capture unreadable: %v", err)
		}
		if err := s.Verify(&Manifest{Execs: m.Execs}, r); err != nil && strings.Contains(err.Error(), "exec events found") {
			t.Fatal(err)
		}
	})
}
