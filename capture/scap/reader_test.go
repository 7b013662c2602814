package scap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/internal/publiccaptures"
)

// Facts of the public captures from their README (block versions, thread
// and event counts) and from libsinsp (the last evt.num).
func TestPublicCaptures(t *testing.T) {
	type facts struct {
		major, minor uint16
		events       int
		procs        int
		gz           bool
	}
	known := map[string]facts{
		"falco_psp_run_as_user_0_container.scap": {1, 2, 4143, 124, true},
		"falco_empty.scap":                       {1, 2, 143, 218, true},
		"libs_curl_google.scap":                  {1, 0, 1536, 54, true},
		"libs_curl_google_comments.scap":         {1, 0, 1536, 54, true},
		"libs_sample.scap":                       {1, 2, 572, 94, false},
	}
	for _, f := range publiccaptures.Files(t) {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			r, err := Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = r.Close() }()
			n := 0
			var last *Event
			for r.Next() {
				n++
				last = r.Event()
				if last.Index != uint64(n) {
					t.Fatalf("index %d at event %d", last.Index, n)
				}
				if _, err := ppm.Parse(last.Bytes()); err != nil {
					t.Fatalf("event %d: %v", n, err)
				}
			}
			if err := r.Err(); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatal("no events")
			}
			fx, ok := known[name]
			if !ok {
				return
			}
			s := r.Section()
			if s.Header.Major != fx.major || s.Header.Minor != fx.minor || n != fx.events || len(s.Procs) != fx.procs {
				t.Errorf("version %d.%d, %d events, %d threads; want %d.%d, %d, %d",
					s.Header.Major, s.Header.Minor, n, len(s.Procs), fx.major, fx.minor, fx.events, fx.procs)
			}
		})
	}
}

func openPublic(t *testing.T, name string) *Reader {
	t.Helper()
	r, err := Open(filepath.Join(publiccaptures.Dir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// The three forms of the V9 entry tail found in real files, and the pcapng
// options of a section header.
func TestPublicProcListTails(t *testing.T) {
	count := func(name string) (tty, login, pidns, n int) {
		s := openPublic(t, name).Section()
		for _, p := range s.Procs {
			if p.TTY != 0 {
				tty++
			}
			if p.LoginUID != 0xFFFFFFFF {
				login++
			}
			if p.PidnsInitStartTS != 0 {
				pidns++
			}
		}
		return tty, login, pidns, len(s.Procs)
	}
	// libs >= 0.10 tail (66 bytes): pidns_init_start_ts and tty before loginuid.
	if tty, login, pidns, n := count("libs_sample.scap"); tty != 9 || login != 14 || pidns != n {
		t.Errorf("sample.scap: tty %d login %d pidns %d of %d", tty, login, pidns, n)
	}
	// 4-byte pre-0.10 tail: loginuid only.
	if tty, login, pidns, _ := count("falco_empty.scap"); tty != 0 || login != 35 || pidns != 0 {
		t.Errorf("empty.scap: tty %d login %d pidns %d", tty, login, pidns)
	}
	// No tail: libscap's defaults.
	if tty, login, pidns, _ := count("libs_single_ipv6_conn.scap"); tty != 0 || login != 0 || pidns != 0 {
		t.Errorf("single_ipv6_conn.scap: tty %d login %d pidns %d", tty, login, pidns)
	}
	s := openPublic(t, "libs_curl_google_comments.scap").Section()
	if len(s.Header.Options) != 88 || !bytes.Contains(s.Header.Options, []byte("File-level comment")) {
		t.Errorf("SHB options %q", s.Header.Options)
	}
	// Older proclist versions lack fields: PL_V5 has no sid, PL_V6 no vpgid.
	if p := openPublic(t, "libs_curl_google.scap").Section().Procs[0]; p.SID != -1 || p.VPGID != -1 || p.ExePath != "" {
		t.Errorf("PL_V5 entry: sid %d vpgid %d exepath %q", p.SID, p.VPGID, p.ExePath)
	}
	if p := openPublic(t, "falco_cat_write.scap").Section().Procs[0]; p.SID != 1 || p.VPGID != -1 {
		t.Errorf("PL_V6 entry: sid %d vpgid %d", p.SID, p.VPGID)
	}
}

// curl_google_comments differs from curl_google only in its section header.
func TestPublicSameEventsDespiteOptions(t *testing.T) {
	read := func(name string) [][]byte {
		r := openPublic(t, name)
		var out [][]byte
		for r.Next() {
			out = append(out, bytes.Clone(r.Event().Bytes()))
		}
		if r.Err() != nil {
			t.Fatal(r.Err())
		}
		return out
	}
	a, b := read("libs_curl_google.scap"), read("libs_curl_google_comments.scap")
	if len(a) != len(b) {
		t.Fatalf("%d vs %d events", len(a), len(b))
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("event %d differs", i+1)
		}
	}
}

// V1 event blocks have no nparams: the reader infers it from the lengths,
// starting from the table's count.
func TestV1EventBlocks(t *testing.T) {
	full := event(t, 10, 7, ppm.CodeProcexit, ppm.PI64(0), ppm.PI64(0), []byte{9}, []byte{0}, ppm.PI64(1))
	short := event(t, 11, 7, ppm.CodeProcexit, ppm.PI64(3)) // an old driver wrote 1 parameter
	withFlags := concat(u16(3), binary.LittleEndian.AppendUint32(nil, 1), v1Event(full))
	file := concat(shbBytes,
		rawBlock(BlockEV, u16(1), v1Event(full)),
		rawBlock(BlockEVInt, u16(2), v1Event(short)),
		rawBlock(BlockEVF, withFlags))
	evs, r, err := readAll(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 || !bytes.Equal(evs[0], full) || !bytes.Equal(evs[1], short) || !bytes.Equal(evs[2], full) {
		t.Fatalf("converted events:\n%x\n%x", evs, [][]byte{full, short})
	}
	if e := r.Event(); e.CPU != 3 || e.Flags != 1 || e.Block != BlockEVF || e.Visible() {
		t.Errorf("EVF block: cpu %d flags %d block %s visible %v", e.CPU, e.Flags, e.Block, e.Visible())
	}

	// Lengths that match no parameter count are an error, as in libscap.
	bad := v1Event(full)
	binary.LittleEndian.PutUint32(bad[16:], uint32(len(bad)-1))
	_, _, err = readAll(concat(shbBytes, rawBlock(BlockEV, u16(0), bad)))
	assertFormatError(t, err, 28, BlockEV, "cannot convert v1 event")
}

func TestV2EventBlockVariants(t *testing.T) {
	big := strings.Repeat("x", 70000) // over 64 KiB: needs a large block
	js := event(t, 1, 0, ppm.CodeContainerJSON2, ppm.PCharBuf(big))
	ex := event(t, 2, 5, ppm.CodeExecveE, ppm.PCharBuf("/bin/ls"))
	file := concat(shbBytes,
		rawBlock(BlockEVV2Large, u16(0), js),
		rawBlock(BlockEVFV2, u16(1), binary.LittleEndian.AppendUint32(nil, 0), ex),
		rawBlock(BlockEVFV2Large, u16(1), binary.LittleEndian.AppendUint32(nil, 1), ex),
		evBlock(event(t, 3, 5, ppm.Code(ppm.NumCodes+5))), // newer driver: skipped
		evBlock(event(t, 4, 5, ppm.CodeExecveE, ppm.PCharBuf("/bin/sh"))))
	r, err := NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for r.Next() {
		e := r.Event()
		got = append(got, e.Block.String()+"/"+e.Type().Name())
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	want := []string{"EV_V2_LARGE/container", "EVF_V2/execve", "EVF_V2_LARGE/execve", "EV_V2/execve"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
}

func TestMetadataBlocks(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{})
	mi := MachineInfo{NumCPUs: 4, MemoryBytes: 1 << 30, MaxPID: 32768, Hostname: "node-1", BootTS: 99, Flags: 0}
	if err := w.WriteMachineInfo(mi); err != nil {
		t.Fatal(err)
	}
	const meta = 28 + 192 // SHB and MI
	_ = w.WriteUsers([]User{{UID: 1000, GID: 1000, Name: "dev", Home: "/home/dev", Shell: "/bin/zsh"}}, []Group{{GID: 1000, Name: "dev"}})
	if err := w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeProcexit)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	// Splice in blocks the writer does not write: old proclists, an fd list,
	// an interface list, a user list and a block of an unknown type.
	p := sampleProc()
	var extra [][]byte
	for v := 1; v <= 8; v++ {
		extra = append(extra, rawBlock(plBlockOf[v], procV(v, p)))
	}
	fdl := binary.LittleEndian.AppendUint64(nil, 201)
	fdEntry := concat(binary.LittleEndian.AppendUint64(nil, 3), binary.LittleEndian.AppendUint64(nil, 77), []byte{16},
		binary.LittleEndian.AppendUint32(nil, 2), u16(4), []byte("/tmp"), binary.LittleEndian.AppendUint32(nil, 8))
	fdl = append(fdl, binary.LittleEndian.AppendUint32(nil, uint32(len(fdEntry)+4))...)
	fdl = append(fdl, fdEntry...)
	ifEntry := concat(u16(ifIPv4), u16(2), []byte{127, 0, 0, 1}, make([]byte, 8), make([]byte, 8), []byte("lo"))
	il := concat(binary.LittleEndian.AppendUint32(nil, uint32(len(ifEntry))), ifEntry)
	extra = append(extra, rawBlock(BlockFDLV2, fdl), rawBlock(BlockILV2, il), rawBlock(BlockType(0x7777), []byte("future")))
	file = concat(file[:meta], concat(extra...), file[meta:])

	r, err := NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	s := r.Section()
	if !reflect.DeepEqual(*s.Machine, mi) {
		t.Errorf("machine info %+v", *s.Machine)
	}
	if len(s.Procs) != 8 {
		t.Fatalf("%d procs", len(s.Procs))
	}
	for v := 1; v <= 8; v++ {
		got := s.Procs[v-1]
		want := Proc{TID: p.TID, PID: p.PID, PTID: p.PTID, SID: -1, VPGID: -1, PGID: -1, Comm: p.Comm, Exe: p.Exe,
			Args: p.Args, Cwd: p.Cwd, FDLimit: p.FDLimit, Flags: p.Flags, UID: p.UID, GID: p.GID, VTID: -1, VPID: -1, LoginUID: 0xFFFFFFFF}
		if v >= 2 {
			want.VMSizeKB, want.VMRSSKB, want.VMSwapKB, want.PFMajor, want.PFMinor = p.VMSizeKB, p.VMRSSKB, p.VMSwapKB, p.PFMajor, p.PFMinor
		}
		if v >= 3 {
			want.Env = p.Env
		}
		if v >= 4 {
			want.VTID, want.VPID, want.Cgroups = p.VTID, p.VPID, p.Cgroups
		}
		if v >= 5 {
			want.Root = p.Root
		}
		if v >= 6 {
			want.SID = p.SID
		}
		if v >= 7 {
			want.ExePath = p.ExePath
		}
		if v >= 8 {
			want.VPGID = p.VPGID
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PL_V%d:\n got %+v\nwant %+v", v, got, want)
		}
	}
	if len(s.FDLists) != 1 || s.FDLists[0].TID != 201 || s.FDLists[0].FDs[0] != (FD{Num: 3, Ino: 77, Type: 16, Name: "/tmp", OpenFlags: 2}) {
		t.Errorf("fd list %+v", s.FDLists)
	}
	if len(s.Interfaces) != 1 || s.Interfaces[0].Name != "lo" || !bytes.Equal(s.Interfaces[0].Addr, []byte{127, 0, 0, 1}) {
		t.Errorf("interfaces %+v", s.Interfaces)
	}
	if len(s.Users) != 1 || s.Users[0].Shell != "/bin/zsh" || len(s.Groups) != 1 || s.Skipped != 1 {
		t.Errorf("users %+v groups %+v skipped %d", s.Users, s.Groups, s.Skipped)
	}
}

// The V9 tail: the writer's full tail round-trips; a tail of 29 bytes or
// less is read with the pre-0.10 layout (no pidns_init_start_ts, no tty).
func TestProcListV9Tails(t *testing.T) {
	p := sampleProc()
	full, err := appendProc(nil, &p)
	if err != nil {
		t.Fatal(err)
	}
	strs := len(p.Comm) + len(p.Exe) + len(p.ExePath) + len(ppm.PStrings(p.Args...)) + len(p.Cwd) +
		len(ppm.PStrings(p.Env...)) + len(ppm.PStrings(p.Cgroups...)) + len(p.Root)
	if len(full) != 200+strs {
		t.Errorf("entry of %d bytes, want 200 + strings = %d", len(full), 200+strs)
	}
	got, msg := parseProcList(full, 9, nil)
	if msg != "" || !reflect.DeepEqual(got[0], p) {
		t.Fatalf("round trip %q:\n got %+v\nwant %+v", msg, got, p)
	}
	fixed := len(full) - 76 // the entry without its tail
	cut := func(tail []byte) []byte {
		e := append(bytes.Clone(full[:fixed]), tail...)
		binary.LittleEndian.PutUint32(e, uint32(len(e)))
		return e
	}
	le := binary.LittleEndian
	old := cut(concat(le.AppendUint32(nil, 1000), []byte{1}, le.AppendUint64(nil, 5), le.AppendUint64(nil, 6), le.AppendUint64(nil, 7)))
	got, msg = parseProcList(old, 9, nil)
	if msg != "" || got[0].LoginUID != 1000 || !got[0].ExeWritable || got[0].CapEffective != 7 || got[0].TTY != 0 || got[0].PidnsInitStartTS != 0 {
		t.Errorf("pre-0.10 tail read as %+v (%s)", got, msg)
	}
	// The trap of the note: pidns(8) + tty(4) + loginuid(4) is 16 bytes, so it
	// is read as an old tail: tty is lost.
	trap := cut(concat(le.AppendUint64(nil, 42), le.AppendUint32(nil, 34816), le.AppendUint32(nil, 1000)))
	got, _ = parseProcList(trap, 9, nil)
	if got[0].TTY != 0 || got[0].LoginUID != 42 {
		t.Errorf("short new-style tail: tty %d loginuid %d", got[0].TTY, got[0].LoginUID)
	}
	none := cut(nil)
	got, _ = parseProcList(none, 9, nil)
	if got[0].LoginUID != 0xFFFFFFFF || got[0].PGID != -1 {
		t.Errorf("no tail: %+v", got[0])
	}
	// Unknown trailing fields (a newer writer) are skipped by length.
	future := cut(append(bytes.Clone(full[fixed:]), 1, 2, 3, 4, 5))
	got, msg = parseProcList(concat(future, full), 9, nil)
	if msg != "" || len(got) != 2 || !reflect.DeepEqual(got[0], p) {
		t.Errorf("entry with future fields: %q %d", msg, len(got))
	}
}

func TestConcatenatedSections(t *testing.T) {
	capture := func(tid int64, gz bool) []byte {
		var buf bytes.Buffer
		w := NewWriter(&buf, WriterOptions{Gzip: gz})
		_ = w.WriteProcs([]Proc{{TID: tid, PID: tid, Comm: "sh", Exe: "sh"}})
		_ = w.WriteEvent(0, 0, event(t, 1, tid, ppm.CodeCloneE)) // dropped by Falco's reader
		_ = w.WriteEvent(0, 0, event(t, 2, tid, ppm.CodeProcexit))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, gz := range []bool{false, true} {
		file := concat(capture(10, gz), capture(20, gz))
		r, err := NewReader(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for r.Next() {
			e := r.Event()
			got = append(got, strings.Join([]string{e.Type().Name(), itoa(e.Num), itoa(e.Index), itoa(uint64(e.Section)),
				itoa(uint64(r.Section().Procs[0].TID))}, "/"))
		}
		if r.Err() != nil {
			t.Fatal(r.Err())
		}
		want := []string{"clone/0/1/0/10", "procexit/1/2/0/10", "clone/0/3/1/20", "procexit/2/4/1/20"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("gzip %v: %v, want %v", gz, got, want)
		}
	}
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

func assertFormatError(t *testing.T, err error, off int64, typ BlockType, detail string) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a FormatError", err, err)
	}
	if fe.Offset != off || fe.Block != typ || !strings.Contains(fe.Detail, detail) {
		t.Errorf("error %q: offset %d block %s, want offset %d block %s containing %q", err, fe.Offset, fe.Block, off, typ, detail)
	}
	if !strings.Contains(err.Error(), "offset ") {
		t.Errorf("message %q lacks the offset", err)
	}
}

func TestCorruptInput(t *testing.T) {
	ev := evBlock(event(t, 1, 1, ppm.CodeProcexit, ppm.PI64(0)))
	mi := rawBlock(BlockMI, make([]byte, miBodyLen))
	badTrailer := bytes.Clone(mi)
	binary.LittleEndian.PutUint32(badTrailer[len(badTrailer)-4:], 12)
	bigMI := rawBlock(BlockMI, make([]byte, miBodyLen+4))
	swapped := bytes.Clone(shbBytes)
	copy(swapped[8:], []byte{0x1a, 0x2b, 0x3c, 0x4d})
	newer := bytes.Clone(shbBytes)
	newer[12] = 2
	shortBlock := concat(shbBytes, []byte{0x16, 2, 0, 0, 8, 0, 0, 0})
	hugeEvent := concat(shbBytes, binary.LittleEndian.AppendUint32(nil, uint32(BlockEVV2)), binary.LittleEndian.AppendUint32(nil, 70000))
	badParam := bytes.Clone(ev)
	binary.LittleEndian.PutUint16(badParam[8+2+26:], 999)
	cases := []struct {
		name   string
		file   []byte
		off    int64
		typ    BlockType
		detail string
	}{
		{"empty", nil, 0, 0, "empty input"},
		{"not a section header", ev, 0, BlockEVV2, "must start with a section header"},
		{"byte-swapped magic", concat(swapped, ev), 0, BlockSHB, "invalid byte-order magic"},
		{"newer major version", concat(newer, ev), 0, BlockSHB, "newer than 1.x"},
		{"no events", concat(shbBytes, mi), 220, 0, "no events in file"},
		{"trailer", concat(shbBytes, badTrailer, ev), 28, BlockMI, "wrong block total length"},
		{"machine info size", concat(shbBytes, bigMI, ev), 28, BlockMI, "libscap reads exactly 180"},
		{"block shorter than its header", shortBlock, 28, BlockEVV2, "shorter than the 12-byte"},
		{"non-large event over 64 KiB", hugeEvent, 28, BlockEVV2, "non-large event blocks"},
		{"truncated block", concat(shbBytes, ev[:len(ev)-3]), 28, BlockEVV2, "truncated"},
		{"truncated header", concat(shbBytes, ev, ev[:5]), 28 + int64(len(ev)), 0, "truncated"},
		{"parameter past the event", concat(shbBytes, badParam), 28, BlockEVV2, "parameter"},
		{"metadata after events", concat(shbBytes, ev, mi), 28 + int64(len(ev)), BlockMI, "only event blocks"},
		{"entry overruns its block", concat(shbBytes, rawBlock(BlockPLV5, procV(5, sampleProc())[:40]), ev), 28, BlockPLV5, "entry 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readAll(c.file)
			assertFormatError(t, err, c.off, c.typ, c.detail)
		})
	}
}

// Every truncation of a valid capture is an error, never a panic or a hang,
// and every prefix that ends on a block boundary after the first event reads
// cleanly.
func TestEveryTruncation(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{})
	_ = w.WriteMachineInfo(MachineInfo{NumCPUs: 1})
	_ = w.WriteProcs([]Proc{sampleProc()})
	_ = w.WriteEvent(0, 0, event(t, 1, 201, ppm.CodeExecveE, ppm.PCharBuf("/bin/ls")))
	_ = w.WriteEvent(0, 0, event(t, 2, 201, ppm.CodeProcexit))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	clean := map[int]bool{} // prefixes that end after a whole event block
	for off, events := 0, false; off < len(file); {
		typ := BlockType(binary.LittleEndian.Uint32(file[off:]))
		off += int(binary.LittleEndian.Uint32(file[off+4:]))
		if typ.IsEvent() {
			events = true
		}
		clean[off] = events
	}
	for n := 0; n < len(file); n++ {
		_, _, err := readAll(file[:n])
		if clean[n] {
			if err != nil {
				t.Errorf("prefix %d ends after a whole event: %v", n, err)
			}
			continue
		}
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("prefix %d: error %v, want a FormatError", n, err)
		}
	}
}

func TestGzipSniff(t *testing.T) {
	var plain, gz bytes.Buffer
	for _, b := range []*bytes.Buffer{&plain, &gz} {
		w := NewWriter(b, WriterOptions{Gzip: b == &gz})
		_ = w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeProcexit))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if gz.Bytes()[0] != 0x1f || gz.Bytes()[1] != 0x8b {
		t.Fatal("not gzip")
	}
	a, _, err1 := readAll(plain.Bytes())
	b, _, err2 := readAll(gz.Bytes())
	if err1 != nil || err2 != nil || len(a) != 1 || !bytes.Equal(a[0], b[0]) {
		t.Fatalf("plain %v, gzip %v", err1, err2)
	}
	// A damaged gzip stream is a positioned error too.
	bad := bytes.Clone(gz.Bytes())
	bad[len(bad)-5] ^= 0xff // CRC
	if _, _, err := readAll(bad); err == nil {
		t.Error("corrupt gzip read without error")
	}
	// Offsets count uncompressed bytes, and say so.
	var big bytes.Buffer
	w := NewWriter(&big, WriterOptions{Gzip: true})
	_ = w.WriteProcs([]Proc{sampleProc()})
	_ = w.WriteEvent(0, 0, event(t, 1, 1, ppm.CodeProcexit))
	_ = w.Close()
	_, _, err := readAll(big.Bytes()[:big.Len()-30])
	var fe *FormatError
	if !errors.As(err, &fe) || !fe.Gzip || !strings.Contains(err.Error(), "(uncompressed)") {
		t.Errorf("truncated gzip: %v", err)
	}
	if _, err := NewReader(bytes.NewReader([]byte{0x1f, 0x8b, 1})); !errors.As(err, &fe) || !strings.Contains(err.Error(), "gzip header") {
		t.Errorf("bad gzip header: %v", err)
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "none.scap")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v", err)
	}
}

// Falco's numbering skips what the converter of libs >= 0.22 drops.
func TestFalcoNumbering(t *testing.T) {
	cases := []struct {
		c       ppm.Code
		counted bool
		visible bool
	}{
		{ppm.CodeExecveX, true, true},
		{ppm.CodeExecveE, true, false},   // stored and passed: numbered, hidden from rules
		{ppm.CodeExecveatE, true, false}, // passed, hidden from rules
		{ppm.CodeExecve16E, true, false}, // converted to EXECVE_19_E
		{ppm.CodeCloneE, false, false},   // old enter, not converter-managed: dropped
		{ppm.CodeCloneX, true, true},
		{ppm.CodeProcexit, true, true},
		{ppm.CodeProcexit + 1, false, false}, // unused
		{ppm.CodeProcexitOld, true, true},    // converted to PROCEXIT_1_E
		{ppm.Code(4), false, false},          // close enter: stored for its exit
		{ppm.Code(5), true, true},
		{ppm.CodeContainerJSON, true, true},
		{ppm.CodeProcinfo, true, true},
	}
	for _, c := range cases {
		e := Event{Event: mustEvent(t, event(t, 1, 1, c.c))}
		if replayed(c.c) {
			e.Num = 1
		}
		if replayed(c.c) != c.counted || e.Visible() != c.visible {
			t.Errorf("%d (%s): counted %v visible %v, want %v %v", c.c, c.c, replayed(c.c), e.Visible(), c.counted, c.visible)
		}
	}
}

func mustEvent(t *testing.T, b []byte) ppm.Event {
	t.Helper()
	e, err := ppm.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
