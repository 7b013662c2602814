package threads_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/scenario"
	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/eql2falco/eql2falco/internal/benchcapture"
	"github.com/eql2falco/eql2falco/internal/publiccaptures"
)

// FuzzReplay feeds arbitrary captures through the reader and the thread
// table: whatever the events say, the table must not panic or loop.
func FuzzReplay(f *testing.F) {
	files, _ := filepath.Glob("../scenario/testdata/*.yaml")
	for _, name := range files {
		s, err := scenario.Load(name)
		if err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := s.Write(&buf, scenario.Options{EnterEvents: true}); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	for _, s := range publiccaptures.Seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := scap.NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		rp := threads.NewReplayer(r)
		for rp.Next() {
			th := rp.Thread()
			_ = rp.Parent()
			_ = rp.IsExec()
			if th != nil {
				rp.Table().Ancestors(th, func(*threads.Thread) bool { return true })
				_ = th.Cmdline()
				_ = rp.Table().Main(th)
			}
		}
		if rp.Table().Len() > len(data) {
			t.Fatalf("%d threads from %d bytes", rp.Table().Len(), len(data))
		}
	})
}

// BenchmarkReplay replays a capture of process events through the thread
// table (every event is a clone, exec or exit).
func BenchmarkReplay(b *testing.B) {
	name := benchcapture.Write(b, b.TempDir(), 1_000_000, false)
	b.ReportAllocs()
	var execs int
	for b.Loop() {
		r, err := scap.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		rp := threads.NewReplayer(r)
		execs = 0
		for rp.Next() {
			if rp.IsExec() && rp.Parent() != nil {
				execs++
			}
		}
		if rp.Err() != nil || execs == 0 {
			b.Fatal(rp.Err(), execs)
		}
		_ = r.Close()
	}
	b.ReportMetric(float64(1_000_000)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(execs)*float64(b.N)/b.Elapsed().Seconds(), "execs/s")
}
