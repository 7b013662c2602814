package scap

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

// Test helpers that build blocks by hand, independently of Writer, to feed
// the reader layouts the writer never produces.

func rawBlock(typ BlockType, body ...[]byte) []byte {
	n := 0
	for _, b := range body {
		n += len(b)
	}
	total := normalize(8 + n + 4)
	out := binary.LittleEndian.AppendUint32(nil, uint32(typ))
	out = binary.LittleEndian.AppendUint32(out, uint32(total))
	for _, b := range body {
		out = append(out, b...)
	}
	out = append(out, make([]byte, total-8-n-4)...)
	return binary.LittleEndian.AppendUint32(out, uint32(total))
}

// shbBytes is the section header libscap writes, byte for byte (scap-format
// note §1.2).
var shbBytes = []byte{0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 2, 0,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1c, 0, 0, 0}

func event(t testing.TB, ts uint64, tid int64, code ppm.Code, params ...[]byte) []byte {
	t.Helper()
	b, err := ppm.Append(nil, ppm.Header{TS: ts, TID: tid, Type: code}, params...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func u16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }

// evBlock wraps an event in an EV_V2 block on cpu 0.
func evBlock(ev []byte) []byte { return rawBlock(BlockEVV2, u16(0), ev) }

// v1Event turns a V2 event into the 22-byte-header layout of V1 blocks.
func v1Event(ev []byte) []byte {
	out := append([]byte(nil), ev[:22]...)
	out = append(out, ev[26:]...)
	binary.LittleEndian.PutUint32(out[16:], uint32(len(out)))
	return out
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// procV encodes a process-list entry in the layout of version v (1-8; 9
// goes through the writer). It follows the field order of libscap's reader.
func procV(v int, p Proc) []byte {
	le := binary.LittleEndian
	str := func(b []byte, s string) []byte { return append(le.AppendUint16(b, uint16(len(s))), s...) }
	list := func(b []byte, l []string) []byte { return str(b, string(ppm.PStrings(l...))) }
	b := le.AppendUint64(nil, uint64(p.TID))
	b = le.AppendUint64(b, uint64(p.PID))
	b = le.AppendUint64(b, uint64(p.PTID))
	if v >= 6 {
		b = le.AppendUint64(b, uint64(p.SID))
	}
	if v >= 8 {
		b = le.AppendUint64(b, uint64(p.VPGID))
	}
	b = str(b, p.Comm)
	b = str(b, p.Exe)
	if v >= 7 {
		b = str(b, p.ExePath)
	}
	b = list(b, p.Args)
	b = str(b, p.Cwd)
	b = le.AppendUint64(b, p.FDLimit)
	b = le.AppendUint32(b, p.Flags)
	b = le.AppendUint32(b, p.UID)
	b = le.AppendUint32(b, p.GID)
	if v >= 2 {
		b = le.AppendUint32(b, p.VMSizeKB)
		b = le.AppendUint32(b, p.VMRSSKB)
		b = le.AppendUint32(b, p.VMSwapKB)
		b = le.AppendUint64(b, p.PFMajor)
		b = le.AppendUint64(b, p.PFMinor)
	}
	if v >= 3 {
		b = list(b, p.Env)
	}
	if v >= 4 {
		b = le.AppendUint64(b, uint64(p.VTID))
		b = le.AppendUint64(b, uint64(p.VPID))
		b = list(b, p.Cgroups)
	}
	if v >= 5 {
		b = str(b, p.Root)
	}
	return b
}

var plBlockOf = map[int]BlockType{1: BlockPLV1, 2: BlockPLV2, 3: BlockPLV3, 4: BlockPLV4, 5: BlockPLV5,
	6: BlockPLV6, 7: BlockPLV7, 8: BlockPLV8, 9: BlockPLV9}

// sampleProc has every field set to a distinct value.
func sampleProc() Proc {
	return Proc{
		TID: 201, PID: 200, PTID: 100, SID: 100, VPGID: 7, PGID: 150,
		Comm: "bash", Exe: "-bash", ExePath: "/usr/bin/bash", Args: []string{"-l", "x y"}, Cwd: "/root",
		FDLimit: 1024, Flags: 1 << 13, UID: 1000, GID: 1001, VMSizeKB: 11, VMRSSKB: 12, VMSwapKB: 13,
		PFMajor: 14, PFMinor: 15, Env: []string{"TERM=xterm", "HOME=/root"}, VTID: 9, VPID: 8,
		Cgroups: []string{"cpu=/docker/abc", "memory=/docker/abc"}, Root: "/",
		PidnsInitStartTS: 16, TTY: 34816, LoginUID: 1000, ExeWritable: true, CapInheritable: 17,
		CapPermitted: 18, CapEffective: 19, ExeUpperLayer: true, ExeIno: 20, ExeInoCtime: 21,
		ExeInoMtime: 22, ExeFromMemfd: true, ExeLowerLayer: true,
	}
}

// readAll reads a whole capture and returns its events' copies, or the error.
func readAll(b []byte) ([][]byte, *Reader, error) {
	r, err := NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, nil, err
	}
	var evs [][]byte
	for r.Next() {
		evs = append(evs, bytes.Clone(r.Event().Bytes()))
	}
	return evs, r, r.Err()
}
