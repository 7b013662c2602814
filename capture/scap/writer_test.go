package scap

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

// The byte layout of the note's worked example: SHB, then the 60-byte
// EV_V2 block of EXECVE_19_E("/usr/bin/which") of tid 201 on cpu 0.
func TestWriterBytes(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{})
	if err := w.WriteEvent(0, 0, event(t, 1700000000000000003, 201, ppm.CodeExecveE, ppm.PCharBuf("/usr/bin/which"))); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := concat(shbBytes,
		[]byte{0x16, 0x02, 0, 0, 0x3c, 0, 0, 0, 0, 0},
		[]byte{0x03, 0x00, 0x2a, 0x36, 0xfe, 0x9c, 0x97, 0x17, 0xc9, 0, 0, 0, 0, 0, 0, 0, 0x2b, 0, 0, 0, 0x24, 0x01, 1, 0, 0, 0, 0x0f, 0x00},
		[]byte("/usr/bin/which\x00"), []byte{0, 0, 0}, []byte{0x3c, 0, 0, 0})
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("file\n got %x\nwant %x", buf.Bytes(), want)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{Gzip: true})
	mi := MachineInfo{NumCPUs: 2, MemoryBytes: 1 << 33, MaxPID: 4194304, Hostname: "h", BootTS: 5}
	procs := []Proc{sampleProc(), {TID: 1, PID: 1, Comm: "init", Exe: "/sbin/init", SID: -1, VPGID: -1, PGID: -1, VTID: 1, VPID: 1, LoginUID: 0xFFFFFFFF}}
	users := []User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"}}
	groups := []Group{{GID: 0, Name: "root"}}
	fds := []FDList{{TID: 201, FDs: []FD{{Num: 3, Ino: 9, Type: 2, Name: "/etc"}, {Num: 4, Type: 16, Name: "/etc/passwd", OpenFlags: 1 << 12}}}}
	js := event(t, 1, 0, ppm.CodeContainerJSON2, ppm.PCharBuf(`{"container":{"id":"x"}}`))
	ex := event(t, 2, 201, ppm.CodeExecveX, ppm.PI64(0), ppm.PCharBuf("ls"))
	for _, err := range []error{
		w.WriteMachineInfo(mi), w.WriteProcs(procs), w.WriteFDLists(fds), w.WriteUsers(users, groups),
		w.WriteEvent(0, 0, js), w.WriteEvent(1, 1, ex), w.Close(),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	r, err := NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Section()
	if !reflect.DeepEqual(*s.Machine, mi) || !reflect.DeepEqual(s.Procs, procs) ||
		!reflect.DeepEqual(s.Users, users) || !reflect.DeepEqual(s.Groups, groups) || !reflect.DeepEqual(s.FDLists, fds) {
		t.Errorf("metadata:\n%+v\n%+v\n%+v %+v", s.Machine, s.Procs, s.Users, s.Groups)
	}
	var blocks []string
	for r.Next() {
		e := r.Event()
		blocks = append(blocks, e.Block.String())
		if e.Index == 2 && (e.CPU != 1 || e.Flags != 1 || !bytes.Equal(e.Bytes(), ex)) {
			t.Errorf("execve event: cpu %d flags %d", e.CPU, e.Flags)
		}
	}
	if r.Err() != nil || !reflect.DeepEqual(blocks, []string{"EV_V2_LARGE", "EVF_V2"}) {
		t.Errorf("blocks %v, err %v", blocks, r.Err())
	}
}

func TestWriterRefuses(t *testing.T) {
	newW := func() *Writer {
		w := NewWriter(&bytes.Buffer{}, WriterOptions{})
		if err := w.WriteMachineInfo(MachineInfo{NumCPUs: 2}); err != nil {
			t.Fatal(err)
		}
		return w
	}
	eightByteTTY := make([][]byte, 30)
	eightByteTTY[0], eightByteTTY[16] = ppm.PI64(0), ppm.PU64(34816)
	noNUL := make([][]byte, 30)
	noNUL[0], noNUL[1] = ppm.PI64(0), []byte("ls")
	twoStrings := make([][]byte, 30)
	twoStrings[0], twoStrings[13] = ppm.PI64(0), []byte("ls\x00x\x00")
	cases := []struct {
		name string
		do   func(w *Writer) error
		want string
	}{
		{"wrong fixed size", func(w *Writer) error { return w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeExecveX, eightByteTTY...)) }, "(tty, UINT32) is 8 bytes, libsinsp requires 4"},
		{"string without NUL", func(w *Writer) error { return w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeExecveX, noNUL...)) }, "one NUL-terminated string"},
		{"two strings", func(w *Writer) error { return w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeExecveX, twoStrings...)) }, "(comm) must be one"},
		{"cpu", func(w *Writer) error { return w.WriteEvent(2, 0, event(t, 1, 1, ppm.CodeProcexit)) }, "cpu 2, machine info declares 2"},
		{"malformed", func(w *Writer) error { return w.WriteEvent(0, 0, []byte{1, 2, 3}) }, "shorter than its header"},
		{"too large", func(w *Writer) error {
			return w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeExecveE, ppm.PCharBuf(strings.Repeat("x", 65520))))
		}, "does not fit a non-large event block"},
		{"metadata after events", func(w *Writer) error {
			_ = w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeProcexit))
			return w.WriteProcs(nil)
		}, "after the first event"},
		{"no events", func(w *Writer) error { return w.Close() }, "at least one event"},
		{"long comm", func(w *Writer) error { return w.WriteProcs([]Proc{{Comm: strings.Repeat("c", 1025)}}) }, "comm of 1025 bytes exceeds 1024"},
		{"long args", func(w *Writer) error { return w.WriteProcs([]Proc{{Args: []string{strings.Repeat("a", 4096)}}}) }, "args of 4097 bytes"},
		{"hostname", func(w *Writer) error {
			return w.WriteMachineInfo(MachineInfo{NumCPUs: 1, Hostname: strings.Repeat("h", 128)})
		}, "hostname"},
	}
	for _, c := range cases {
		err := c.do(newW())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	// An absent (empty) fixed-size parameter is fine.
	ok := make([][]byte, 30)
	ok[0] = ppm.PI64(0)
	if err := newW().WriteEvent(0, 0, event(t, 1, 1, ppm.CodeExecveX, ok...)); err != nil {
		t.Errorf("empty parameters: %v", err)
	}
}

// The padding of a block is computed on the whole body: cpuid + event.
func TestBlockPadding(t *testing.T) {
	for n := 0; n < 8; n++ {
		var buf bytes.Buffer
		w := NewWriter(&buf, WriterOptions{})
		_ = w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeExecveE, ppm.PCharBuf(strings.Repeat("p", n))))
		_ = w.Close()
		blk := buf.Bytes()[28:]
		total := binary.LittleEndian.Uint32(blk[4:])
		evLen := 26 + 2 + n + 1
		if int(total) != len(blk) || total%4 != 0 || int(total) != normalize(8+2+evLen+4) {
			t.Errorf("n=%d: block %d bytes, header says %d", n, len(blk), total)
		}
	}
}
