package scap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/internal/publiccaptures"
)

// fuzzSeeds are small captures covering every block family: a writer
// capture with metadata and large events, V1 and EVF blocks, old process
// lists, and a concatenated pair.
func fuzzSeeds(t testing.TB) [][]byte {
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{})
	_ = w.WriteMachineInfo(MachineInfo{NumCPUs: 2, Hostname: "h"})
	_ = w.WriteProcs([]Proc{sampleProc()})
	_ = w.WriteUsers([]User{{Name: "root", Home: "/root", Shell: "/bin/sh"}}, []Group{{Name: "root"}})
	_ = w.WriteEvent(0, 0, event(t, 1, 0, ppm.CodeContainerJSON2, ppm.PCharBuf(`{"container":{}}`)))
	_ = w.WriteEvent(1, 1, event(t, 2, 201, ppm.CodeCloneX, ppm.PI64(0), ppm.PCharBuf("bash"), nil, ppm.PI64(201), ppm.PI64(201), ppm.PI64(200)))
	_ = w.WriteEvent(1, 0, event(t, 3, 201, ppm.CodeExecveX, ppm.PI64(0), ppm.PCharBuf("ls"), ppm.PStrings("-l")))
	_ = w.WriteEvent(0, 0, event(t, 4, 201, ppm.CodeProcexit, ppm.PI64(0)))
	_ = w.Close()
	modern := buf.Bytes()
	full := event(t, 10, 7, ppm.CodeProcexit, ppm.PI64(0), ppm.PI64(0), []byte{9}, []byte{0}, ppm.PI64(1))
	v1 := concat(shbBytes, rawBlock(BlockPLV5, procV(5, sampleProc())), rawBlock(BlockEV, u16(1), v1Event(full)),
		rawBlock(BlockEVF, u16(0), binary.LittleEndian.AppendUint32(nil, 1), v1Event(full)))
	seeds := [][]byte{modern, v1, concat(modern, v1), shbBytes}
	return append(seeds, publiccaptures.Seeds(t)...)
}

// FuzzReader: any input gives events or a FormatError, never a panic or a
// hang, and every event the reader yields is a valid view.
func FuzzReader(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
			return
		}
		params := make([][]byte, 64)
		var last uint64
		for r.Next() {
			e := r.Event()
			if e.Index != last+1 {
				t.Fatalf("index %d after %d", e.Index, last)
			}
			last = e.Index
			if int64(len(data)) < e.Offset {
				t.Fatalf("offset %d past the input", e.Offset)
			}
			e.Params(params)
			if p, ok := ppm.DecodeProc(e.Event); ok {
				p.Res()
				p.TTY()
				ppm.Strings(p.Raw(ppm.FieldArgs), func([]byte) bool { return true })
			}
			_ = CheckEvent(e.Event)
		}
		if err := r.Err(); err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
		}
	})
}
