package scenario

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/threads"
)

// sysdigKnows lists the runtimes whose cgroup layouts Debian's sysdig 0.29.3
// (libsinsp of 2022) recognises; nerdctl's systemd scopes and containerd
// namespaces other than "default" came later (Falco's container plugin).
func sysdigKnows(c *Container) bool {
	switch c.Runtime {
	case "nerdctl":
		return c.CgroupDriver != "systemd" && c.Namespace == "default"
	case "containerd":
		return c.Namespace == "default"
	}
	return true
}

const sysdigSep = "|#|"

// Every synthesized capture is read by a real, older libscap/libsinsp
// (Debian's sysdig) with the process name, args, parent, tty, container id
// and result the Go reader reports, event by event.
func TestSysdigReadsSynthesizedCaptures(t *testing.T) {
	sysdig, err := exec.LookPath("sysdig")
	if err != nil {
		t.Skip("sysdig is not on PATH (CI installs it with apt-get): skipping the cross-check with a real reader")
	}
	for _, f := range examples(t) {
		s, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, enter := range []bool{false, true} {
			t.Run(filepath.Base(f)+"/enter="+strconv.FormatBool(enter), func(t *testing.T) {
				t.Parallel() // sysdig spends most of its time waiting
				crossCheck(t, sysdig, f, s, enter)
			})
		}
	}
}

func crossCheck(t *testing.T, sysdig, f string, s *Scenario, enter bool) {
	{
		{
			// The second variant is also gzip-compressed with 31 execve parameters.
			params := map[bool]int{false: 30, true: 31}[enter]
			data, _ := synth(t, s, Options{EnterEvents: enter, Gzip: enter, ExecveParams: params})
			path := filepath.Join(t.TempDir(), "c.scap")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			fields := []string{"%evt.num", "%evt.type", "%evt.dir", "%evt.res", "%proc.name", "%proc.args", "%proc.pname", "%proc.tty", "%container.id", "%proc.exepath"}
			out, err := exec.Command(sysdig, "-r", path, "-p", "*"+strings.Join(fields, sysdigSep), "evt.type in (execve, execveat, procexit)").CombinedOutput()
			if err != nil {
				t.Fatalf("%s: sysdig: %v\n%s", f, err, out)
			}
			got := map[uint64][]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				cols := strings.Split(line, sysdigSep)
				if len(cols) != len(fields) {
					t.Fatalf("%s: sysdig line %q", f, line)
				}
				n, _ := strconv.ParseUint(cols[0], 10, 64)
				got[n] = cols
			}
			checked := compareWithSysdig(t, f, s, data, got, enter)
			if checked == 0 {
				t.Errorf("%s: no events compared", f)
			}
			if len(s.fileOps()) > 0 {
				compareFDNames(t, sysdig, f, path, data)
			}
		}
	}
}

// compareFDNames checks that sysdig names the fd of every successful open
// as the Go replay's fd tables (libsinsp's logic of 2025) do: the path
// joined with the cwd or the directory fd, or "<UNKNOWN>" before it.
func compareFDNames(t *testing.T, sysdig, file, path string, data []byte) {
	out, err := exec.Command(sysdig, "-r", path, "-p", "%evt.num"+sysdigSep+"%evt.rawres"+sysdigSep+"%fd.name",
		"evt.type in (open, openat, openat2, creat) and evt.dir = <").CombinedOutput()
	if err != nil {
		t.Fatalf("%s: sysdig: %v\n%s", file, err, out)
	}
	got := map[uint64]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		cols := strings.Split(line, sysdigSep)
		if len(cols) != 3 {
			t.Fatalf("%s: sysdig line %q", file, line)
		}
		n, _ := strconv.ParseUint(cols[0], 10, 64)
		if res, _ := strconv.ParseInt(cols[1], 10, 64); res >= 0 {
			got[n] = cols[2]
		}
	}
	r, err := scap.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rp := threads.NewReplayer(r)
	checked := 0
	for rp.Next() {
		ev := rp.Event()
		switch ev.Type() {
		case ppm.CodeOpenX, ppm.CodeOpenatX, ppm.CodeOpenat2X, ppm.CodeCreatX:
		default:
			continue
		}
		fd, _ := ppm.I64(ev.ParamByName("fd"))
		if fd < 0 {
			continue
		}
		want := rp.Table().FDTable(rp.Thread())[fd].Name
		if got[ev.Num] != want {
			t.Errorf("%s: event %d %s: sysdig fd.name %q, Go %q", file, ev.Num, ev.Type(), got[ev.Num], want)
		}
		checked++
	}
	if checked == 0 {
		t.Errorf("%s: no opens compared", file)
	}
}

func compareWithSysdig(t *testing.T, file string, s *Scenario, data []byte, got map[uint64][]string, enter bool) int {
	r, err := scap.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rp := threads.NewReplayer(r)
	knows := map[string]bool{"host": true}
	for _, c := range s.Containers {
		knows[c.ExpectedContainerID()] = sysdigKnows(c)
	}
	lastEnter := map[int64]string{}
	execOK := map[int64]bool{} // the thread's tty came from an exec event
	checked := 0
	for rp.Next() {
		ev := rp.Event()
		code := ev.Type()
		if code == ppm.CodeExecveE {
			name, _ := ppm.CharBuf(ev.ParamByName("filename"))
			lastEnter[ev.TID()] = string(name)
		}
		if code.ProcKind() != ppm.ProcExec && code != ppm.CodeProcexit {
			continue
		}
		cols, ok := got[ev.Num]
		if !ok {
			t.Errorf("%s: sysdig did not print event %d (%s)", file, ev.Num, code)
			continue
		}
		th := rp.Thread()
		want := map[string]string{"type": code.Name(), "res": "<NA>"}
		if p, ok := rp.Proc(); ok {
			res, _ := p.Res()
			want["res"] = ResName(res)
		}
		for _, f := range []string{"proc.name", "proc.args", "proc.pname", "proc.tty", "container.id"} {
			want[f], _ = FieldValue(f, ev, th, rp.Parent(), rp.Table())
		}
		have := map[string]string{"type": cols[1], "res": cols[3], "proc.name": cols[4], "proc.args": cols[5],
			"proc.pname": cols[6], "proc.tty": cols[7], "container.id": cols[8]}
		if !knows[want["container.id"]] {
			delete(want, "container.id")
			delete(have, "container.id")
		}
		// sysdig 0.29.3 predates the tty field of process-list entries: a
		// process that has not exec'd yet has tty 0 there.
		if p, ok := rp.Proc(); ok && p.Succeeded() {
			execOK[ev.TID()] = true
		}
		if !execOK[ev.TID()] {
			delete(want, "proc.tty")
			delete(have, "proc.tty")
		}
		for k, w := range want {
			if have[k] != w {
				t.Errorf("%s (enter events %v): event %d %s: sysdig %s=%q, Go %q", file, enter, ev.Num, code, k, have[k], w)
			}
		}
		// The old reader takes proc.exepath from the execve enter event.
		if p, ok := rp.Proc(); ok && enter && code == ppm.CodeExecveX && p.Succeeded() && strings.HasPrefix(lastEnter[ev.TID()], "/") {
			if cols[9] != lastEnter[ev.TID()] {
				t.Errorf("%s: event %d: sysdig exepath %q, enter filename %q", file, ev.Num, cols[9], lastEnter[ev.TID()])
			}
		}
		checked++
	}
	if rp.Err() != nil {
		t.Fatal(rp.Err())
	}
	return checked
}
