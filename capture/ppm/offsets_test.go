package ppm

import (
	"bytes"
	"testing"
)

func TestParamOffsets(t *testing.T) {
	for _, typ := range []Code{CodeExecveX, CodeContainerJSON2} { // u16 and u32 lengths
		b, err := Append(nil, Header{Type: typ}, PI64(0), nil, PStrings("a", "b"), PCharBuf("x"))
		if err != nil {
			t.Fatal(err)
		}
		e, err := Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 3, 5, 8} {
			dst := make([]uint32, n)
			for i := range dst {
				dst[i] = 12345 // must be overwritten
			}
			if got := e.ParamOffsets(dst); got != 4 {
				t.Fatalf("nparams %d", got)
			}
			for i := 0; i+1 < n; i++ {
				p := e.Bytes()[dst[i]:dst[i+1]]
				if !bytes.Equal(p, e.Param(i)) {
					t.Fatalf("%s n=%d param %d: %q, Param gives %q", typ, n, i, p, e.Param(i))
				}
			}
		}
	}
}
