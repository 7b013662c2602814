package ecs

import (
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/plugin/internal/cputime"
)

// SeedRuleFields are the fields "Tool Enumeration Detected via Defend for
// Containers" reads, in the order of its condition.
var seedRuleFields = []FieldID{HostOSType, EventType, EventAction, ProcessName, ProcessArgs, ProcessInteractive, ContainerID}

// BenchmarkSeedRuleEvent decodes an exec event and extracts every field the
// seed rule reads, one Extract call per field as Falco asks for them. Each
// iteration is a new event (a new event number), so it decodes once.
func BenchmarkSeedRuleEvent(b *testing.B) {
	for _, c := range []struct {
		name string
		ev   *execEvent
	}{
		{"docker", whichCurl()},
		{"cri-containerd", whichCurl().Set(ppm.ExecCgroups, ppm.PStrings(
			"cpuset=/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f3c.slice/cri-containerd-"+hex64+".scope",
			"cpu=/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f3c.slice/cri-containerd-"+hex64+".scope"))},
		{"host", whichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpuset=/", "cpu=/user.slice/user-1000.slice/session-3.scope",
			"cpuacct=/user.slice/user-1000.slice/session-3.scope", "io=/user.slice/user-1000.slice/session-3.scope",
			"memory=/user.slice/user-1000.slice/session-3.scope"))},
	} {
		raw := c.ev.Encode(b)
		b.Run(c.name, func(b *testing.B) {
			e := NewExtractor(DefaultConfig(), nil)
			var num uint64
			b.ReportAllocs()
			cpu := cputime.Process()
			for b.Loop() {
				num++
				for _, id := range seedRuleFields {
					if _, _, err := e.Extract(num, raw, id); err != nil {
						b.Fatal(err)
					}
				}
			}
			cputime.Report(b, cpu, b.N, "event")
		})
	}
}

// BenchmarkAllFields extracts every field of one event.
func BenchmarkAllFields(b *testing.B) {
	raw := whichCurl().Encode(b)
	e := NewExtractor(DefaultConfig(), nil)
	var num uint64
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		num++
		for id := FieldID(0); id < numFields; id++ {
			if _, _, err := e.Extract(num, raw, id); err != nil {
				b.Fatal(err)
			}
		}
	}
	cputime.Report(b, cpu, b.N, "event")
}

// BenchmarkDecode is the decoding alone.
func BenchmarkDecode(b *testing.B) {
	raw := whichCurl().Encode(b)
	var x Event
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		if err := x.Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu, b.N, "event")
}

// BenchmarkPatternField extracts one pattern field of a 20-element argv per
// event (a new event each time, so it decodes once): a case-insensitive
// contains matching no element, as most events meet a rule's patterns.
func BenchmarkPatternField(b *testing.B) {
	argv := []string{"--silent", "--show-error", "--location", "--retry", "3", "--connect-timeout", "10",
		"-H", "Accept: */*", "-H", "User-Agent: deploy/1.0", "--output", "/tmp/release.tgz", "--fail",
		"--compressed", "-x", "http://proxy:3128", "--max-time", "60"}
	raw := whichCurl().Set(ppm.ExecExe, ppm.PCharBuf("curl")).Set(ppm.ExecArgs, ppm.PStrings(argv...)).Encode(b)
	f, _ := PatternField(ProcessArgs, PatternILike)
	e := NewExtractor(DefaultConfig(), nil)
	var num uint64
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		num++
		if _, _, err := e.ExtractArg(num, raw, f.ID, benchPattern); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, cpu, b.N, "extraction")
}

var benchPattern = "*--socks5*"

// benchTable is a one-process ThreadTable for the benchmarks: thread 4242,
// dash, cwd /root/, /etc open as fd 3.
type benchTable struct{}

func (benchTable) ReadThread(tid int64, want ThreadFields, t *Thread) bool {
	if tid != 4242 {
		return false
	}
	t.TID, t.PID, t.PTID = 4242, 4242, 4100
	cp := func(s string) []byte {
		start := len(t.Buf)
		t.Buf = append(t.Buf, s...)
		return t.Buf[start:]
	}
	if want&ThreadExePath != 0 {
		t.ExePath = cp("/usr/bin/dash")
	}
	if want&ThreadCwd != 0 {
		t.Cwd = cp("/root/")
	}
	return true
}

func (benchTable) ReadFD(tid, fd int64, buf []byte) ([]byte, bool) {
	if tid != 4242 || fd != 3 {
		return buf, false
	}
	return append(buf, "/etc"...), true
}

// BenchmarkFileEvent extracts what a file rule reads most (the action, the
// path, the process name) from an openat that created cron.d/job relative
// to a directory fd, a new event each time.
func BenchmarkFileEvent(b *testing.B) {
	raw, err := ppm.Append(nil, ppm.Header{TID: 4242, Type: ppm.CodeOpenatX}, ppm.PI64(5), ppm.PI64(3),
		ppm.PCharBuf("cron.d/job"), ppm.PU32(pOFCreated|1<<2|1<<1), ppm.PU32(0o644), ppm.PU32(0), ppm.PU64(1))
	if err != nil {
		b.Fatal(err)
	}
	e := NewExtractor(DefaultConfig(), benchTable{})
	var num uint64
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		num++
		for _, id := range []FieldID{EventAction, FilePath, ProcessName} {
			if _, ok, err := e.Extract(num, raw, id); err != nil || !ok {
				b.Fatal(id, err)
			}
		}
	}
	cputime.Report(b, cpu, b.N, "event")
}
