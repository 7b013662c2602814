package ppm

import "encoding/binary"

// ParamOffsets locates the first len(dst)-1 parameters in one pass, without
// storing slices: parameter i is Bytes()[dst[i]:dst[i+1]]. Parameters the
// event does not carry come out empty (absent). It returns the event's
// parameter count. It does nothing when dst is empty.
//
// It is Params for hot paths that keep the location of many parameters:
// offsets are plain integers, cheaper to store than slices.
func (e Event) ParamOffsets(dst []uint32) int {
	if len(dst) == 0 {
		return e.nparams
	}
	n := min(len(dst)-1, e.nparams)
	lens := e.raw[HeaderLen:e.dataOff]
	off := uint32(e.dataOff)
	dst[0] = off
	if e.lenSize == 2 {
		for i := range n {
			off += uint32(binary.LittleEndian.Uint16(lens[2*i:]))
			dst[i+1] = off
		}
	} else {
		for i := range n {
			off += binary.LittleEndian.Uint32(lens[4*i:])
			dst[i+1] = off
		}
	}
	for i := n + 1; i < len(dst); i++ {
		dst[i] = off
	}
	return e.nparams
}
