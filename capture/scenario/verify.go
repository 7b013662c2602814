package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/eql2falco/eql2falco/internal/plural"
)

// Fields lists the Falco fields an exec's expect block may name; Verify
// checks them. Keys with other prefixes (ecs.*, ...) are left to other
// consumers.
var Fields = []string{
	"proc.name", "proc.exe", "proc.exepath", "proc.args", "proc.cmdline", "proc.pname", "proc.tty",
	"proc.pid", "proc.vpid", "proc.cwd", "container.id", "user.uid", "evt.res",
	"proc.ppid", "proc.sid", "proc.pexepath",
}

var checkedPrefixes = []string{"proc.", "thread.", "container.", "user.", "evt."}

func knownField(k string) bool {
	for _, f := range Fields {
		if f == k {
			return true
		}
	}
	return false
}

// FieldValue renders a Falco field of an exec exit event as Falco prints it,
// from the thread table after the event. ok is false for fields not in
// Fields.
func FieldValue(field string, ev *scap.Event, th, parent *threads.Thread, tab *threads.Table) (string, bool) {
	if th == nil {
		return "", false
	}
	switch field {
	case "proc.name":
		return th.Comm, true
	case "proc.exe":
		return th.Exe, true
	case "proc.exepath":
		return th.ExePath, true
	case "proc.args":
		return strings.Join(th.Args, " "), true
	case "proc.cmdline":
		return th.Cmdline(), true
	case "proc.pname":
		if parent == nil {
			return threads.NA, true
		}
		return parent.Comm, true
	case "proc.tty":
		return strconv.FormatUint(uint64(th.TTY), 10), true
	case "proc.pid":
		return strconv.FormatInt(th.PID, 10), true
	case "proc.vpid":
		return strconv.FormatInt(th.VPID, 10), true
	case "proc.cwd":
		if m := tab.Main(th); m != nil {
			return m.Cwd, true
		}
		return "", true
	case "container.id":
		return th.Container(), true
	case "user.uid":
		return strconv.FormatUint(uint64(th.UID), 10), true
	case "evt.res":
		res, _ := evRes(ev)
		return ResName(res), true
	case "proc.ppid":
		if m := tab.Main(th); m != nil {
			return strconv.FormatInt(m.PTID, 10), true
		}
		return strconv.FormatInt(th.PTID, 10), true
	case "proc.sid":
		return strconv.FormatInt(th.SID, 10), true
	case "proc.pexepath":
		if parent == nil {
			return "", true
		}
		return parent.ExePath, true
	}
	return "", false
}

func evRes(ev *scap.Event) (int64, bool) {
	p, ok := ppm.DecodeProc(ev.Event)
	if !ok {
		return 0, false
	}
	return p.Res()
}

// ResName renders a return value as Falco's evt.res does: SUCCESS, or the
// errno name of a failure.
func ResName(res int64) string {
	if res >= 0 {
		return "SUCCESS"
	}
	for name, n := range errnos {
		if n == -res {
			return name
		}
	}
	return strconv.FormatInt(res, 10)
}

// expectString renders an expected value: lists are joined with spaces, and
// "{name}" stands for the container.id of the container called name.
func (s *Scenario) expectString(v any) string {
	var str string
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		str = strings.Join(parts, " ")
	default:
		str = fmt.Sprint(x)
	}
	for _, c := range s.Containers {
		str = strings.ReplaceAll(str, "{"+c.Name+"}", c.ExpectedContainerID())
	}
	return str
}

// Verify replays a capture written from s and checks every exec's
// expectations (and that each exec's exit event is where the manifest says).
// It returns one error line per mismatch.
func (s *Scenario) Verify(m *Manifest, r *scap.Reader) error {
	byNum := map[uint64]*ExecRecord{}
	for i := range m.Execs {
		byNum[m.Execs[i].Num] = &m.Execs[i]
	}
	var problems []string
	seen := 0
	rp := threads.NewReplayer(r)
	for rp.Next() {
		ev := rp.Event()
		rec := byNum[ev.Num]
		if rec == nil || ev.Dropped() {
			continue
		}
		seen++
		if ev.Type().ProcKind() != ppm.ProcExec {
			problems = append(problems, fmt.Sprintf("%s:%d: event %d is a %s, not an exec", s.file, rec.Line, ev.Num, ev.Type()))
			continue
		}
		for k, v := range rec.Expect {
			got, ok := FieldValue(k, ev, rp.Thread(), rp.Parent(), rp.Table())
			if !ok {
				continue
			}
			if want := s.expectString(v); got != want {
				problems = append(problems, fmt.Sprintf("%s:%d: %s (event %d): %s is %q, want %q", s.file, rec.Line, rec.Name, ev.Num, k, got, want))
			}
		}
	}
	if err := rp.Err(); err != nil {
		return err
	}
	if seen != len(m.Execs) {
		problems = append(problems, fmt.Sprintf("%s: %d of %s found", s.file, seen, plural.Count(len(m.Execs), "exec event")))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return nil
}
