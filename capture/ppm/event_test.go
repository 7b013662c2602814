package ppm

import (
	"bytes"
	"errors"
	"testing"
)

func TestAppendParseRoundTrip(t *testing.T) {
	h := Header{TS: 1700000000000000003, TID: 201, Type: CodeExecveE}
	b, err := Append(nil, h, PCharBuf("/usr/bin/which"))
	if err != nil {
		t.Fatal(err)
	}
	// The 43-byte EXECVE_19_E worked example of the scap-format note.
	want := []byte{0x03, 0x00, 0x2a, 0x36, 0xfe, 0x9c, 0x97, 0x17, 0xc9, 0, 0, 0, 0, 0, 0, 0, 0x2b, 0, 0, 0, 0x24, 0x01, 1, 0, 0, 0, 0x0f, 0x00}
	want = append(want, "/usr/bin/which\x00"...)
	if !bytes.Equal(b, want) {
		t.Fatalf("encoding\n got %x\nwant %x", b, want)
	}
	e, err := Parse(append(b, 0xff, 0xff)) // trailing bytes are not part of the event
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != 43 || e.TS() != h.TS || e.TID() != 201 || e.Type() != CodeExecveE || e.NParams() != 1 {
		t.Fatalf("header: len=%d ts=%d tid=%d type=%d n=%d", e.Len(), e.TS(), e.TID(), e.Type(), e.NParams())
	}
	s, ok := CharBuf(e.Param(0))
	if !ok || string(s) != "/usr/bin/which" {
		t.Fatalf("param 0 = %q %v", s, ok)
	}
	if e.Param(1) != nil || e.Param(-1) != nil {
		t.Fatal("absent params must be nil")
	}
}

func TestParamsAndEmpty(t *testing.T) {
	b, err := Append(nil, Header{Type: CodeExecveX}, PI64(0), nil, PStrings("a", "", "b"), PU32(34816))
	if err != nil {
		t.Fatal(err)
	}
	e, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([][]byte, 6)
	if n := e.Params(dst); n != 4 {
		t.Fatalf("nparams %d", n)
	}
	if dst[1] == nil || len(dst[1]) != 0 {
		t.Fatalf("present empty param: %v", dst[1])
	}
	if dst[4] != nil || dst[5] != nil {
		t.Fatal("params past nparams must be nil")
	}
	if v, ok := I64(dst[0]); !ok || v != 0 {
		t.Fatal("res")
	}
	if v, ok := U32(dst[3]); !ok || v != 34816 {
		t.Fatal("tty")
	}
	if _, ok := U32(dst[1]); ok {
		t.Fatal("empty param decoded as u32")
	}
	var got []string
	Strings(dst[2], func(s []byte) bool { got = append(got, string(s)); return true })
	if len(got) != 3 || got[0] != "a" || got[1] != "" || got[2] != "b" || CountStrings(dst[2]) != 3 {
		t.Fatalf("strings %q", got)
	}
	if CountStrings(nil) != 0 || CountStrings([]byte{0}) != 0 || CountStrings([]byte("x")) != 1 {
		t.Fatal("CountStrings edge cases")
	}
}

func TestLargePayloadLengths(t *testing.T) {
	b, err := Append(nil, Header{Type: CodeContainerJSON2}, PCharBuf(`{"container":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != HeaderLen+4+17 {
		t.Fatalf("len %d", len(b))
	}
	e, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := CharBuf(e.Param(0)); string(s) != `{"container":{}}` {
		t.Fatalf("%q", s)
	}
}

func TestParseRejects(t *testing.T) {
	good, _ := Append(nil, Header{Type: CodeExecveX}, PI64(0), PCharBuf("x"))
	cases := []struct {
		name string
		b    []byte
		err  error
	}{
		{"short", good[:10], ErrShort},
		{"len past buffer", good[:len(good)-1], ErrLength},
		{"len below header", func() []byte { b := bytes.Clone(good); b[16] = 3; return b }(), ErrLength},
		{"param past len", func() []byte { b := bytes.Clone(good); b[26] = 200; return b }(), ErrParams},
		{"lengths past len", func() []byte { b := bytes.Clone(good); b[22] = 200; return b }(), ErrParams},
		{"too many", func() []byte { b := bytes.Clone(good); b[24] = 1; return b }(), ErrTooMany},
	}
	for _, c := range cases {
		if _, err := Parse(c.b); !errors.Is(err, c.err) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.err)
		}
	}
}

func FuzzParse(f *testing.F) {
	good, _ := Append(nil, Header{TS: 1, TID: 2, Type: CodeExecveX}, PI64(0), PCharBuf("which"), PStrings("curl"))
	f.Add(good)
	f.Add(good[:30])
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Parse(b)
		if err != nil {
			return
		}
		dst := make([][]byte, e.NParams()+1)
		e.Params(dst)
		offs := make([]uint32, e.NParams()+2)
		e.ParamOffsets(offs)
		for i := range dst {
			if !bytes.Equal(dst[i], e.Bytes()[offs[i]:offs[i+1]]) {
				t.Fatalf("ParamOffsets and Params disagree on %d", i)
			}
		}
		total := HeaderLen
		for i := 0; i < e.NParams(); i++ {
			if !bytes.Equal(dst[i], e.Param(i)) {
				t.Fatalf("Params and Param disagree on %d", i)
			}
			total += 2 + len(dst[i])
			if e.Type().LargePayload() {
				total += 2
			}
			Strings(dst[i], func([]byte) bool { return true })
		}
		if total > e.Len() {
			t.Fatalf("params cover %d bytes of a %d-byte event", total, e.Len())
		}
	})
}

func BenchmarkParams(b *testing.B) {
	params := make([][]byte, ExecMaxParams)
	for i := range params {
		params[i] = PU64(uint64(i))
	}
	ev, _ := Append(nil, Header{Type: CodeExecveX}, params...)
	dst := make([][]byte, ExecMaxParams)
	b.ReportAllocs()
	for b.Loop() {
		e, err := Parse(ev)
		if err != nil {
			b.Fatal(err)
		}
		e.Params(dst)
	}
}
