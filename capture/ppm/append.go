package ppm

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Header is the fixed part of an event as Append writes it. Len and NParams are
// computed from the parameters.
type Header struct {
	TS   uint64
	TID  int64
	Type Code
}

// Append encodes an event with the given parameters and appends it to dst. A
// nil or empty parameter is written with length 0 (absent). It fails when a
// parameter does not fit its length field (64 KiB - 1 for ordinary events) or
// when the event would exceed 4 GiB.
func Append(dst []byte, h Header, params ...[]byte) ([]byte, error) {
	ls := 2
	limit := uint64(math.MaxUint16)
	if h.Type.LargePayload() {
		ls = 4
		limit = math.MaxUint32
	}
	total := uint64(HeaderLen + len(params)*ls)
	for i, p := range params {
		if uint64(len(p)) > limit {
			return dst, fmt.Errorf("ppm: %s parameter %d is %d bytes, more than its length field holds", h.Type, i, len(p))
		}
		total += uint64(len(p))
	}
	if total > math.MaxUint32 {
		return dst, fmt.Errorf("ppm: %s event of %d bytes is too large", h.Type, total)
	}
	dst = binary.LittleEndian.AppendUint64(dst, h.TS)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(h.TID))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(total))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(h.Type))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(params)))
	for _, p := range params {
		if ls == 2 {
			dst = binary.LittleEndian.AppendUint16(dst, uint16(len(p)))
		} else {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(len(p)))
		}
	}
	for _, p := range params {
		dst = append(dst, p...)
	}
	return dst, nil
}

// Encoders for parameter values, the inverse of U32, U64, I64, CharBuf and Strings.

// PU16 encodes a 2-byte parameter.
func PU16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }

// PU32 encodes a 4-byte parameter.
func PU32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// PU64 encodes an 8-byte unsigned parameter.
func PU64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// PI64 encodes an 8-byte signed parameter.
func PI64(v int64) []byte { return PU64(uint64(v)) }

// PCharBuf encodes a NUL-terminated string parameter.
func PCharBuf(s string) []byte { return append([]byte(s), 0) }

// PStrings encodes a NUL-separated list with a trailing NUL. An empty list is
// an empty (absent) parameter.
func PStrings(list ...string) []byte {
	var b []byte
	for _, s := range list {
		b = append(b, s...)
		b = append(b, 0)
	}
	return b
}
