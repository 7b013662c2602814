package ppm

import (
	"bytes"
	"encoding/binary"
)

// The decoders below return ok=false when the parameter does not have the
// exact size of its type, which covers absent (nil or empty) parameters.
// libsinsp rejects a fixed-size parameter of the wrong size; so do they.

// U8 decodes a 1-byte parameter (PT_UINT8, PT_ENUMFLAGS8, PT_FLAGS8).
func U8(p []byte) (uint8, bool) {
	if len(p) != 1 {
		return 0, false
	}
	return p[0], true
}

// U16 decodes a 2-byte parameter (PT_UINT16, PT_FLAGS16).
func U16(p []byte) (uint16, bool) {
	if len(p) != 2 {
		return 0, false
	}
	return binary.LittleEndian.Uint16(p), true
}

// U32 decodes a 4-byte parameter (PT_UINT32, PT_UID, PT_GID, PT_FLAGS32, ...).
func U32(p []byte) (uint32, bool) {
	if len(p) != 4 {
		return 0, false
	}
	return binary.LittleEndian.Uint32(p), true
}

// U64 decodes an 8-byte unsigned parameter (PT_UINT64, PT_ABSTIME, ...).
func U64(p []byte) (uint64, bool) {
	if len(p) != 8 {
		return 0, false
	}
	return binary.LittleEndian.Uint64(p), true
}

// I64 decodes an 8-byte signed parameter (PT_ERRNO, PT_PID, PT_FD, PT_INT64).
func I64(p []byte) (int64, bool) {
	v, ok := U64(p)
	return int64(v), ok
}

// CharBuf returns the text of a NUL-terminated string parameter (PT_CHARBUF,
// PT_FSPATH) without its terminator. A missing terminator is tolerated: the
// text then runs to the end of the parameter. ok is false for an absent
// (empty) parameter. Text after an embedded NUL is ignored, as C readers do.
func CharBuf(p []byte) ([]byte, bool) {
	if len(p) == 0 {
		return nil, false
	}
	if i := bytes.IndexByte(p, 0); i >= 0 {
		p = p[:i]
	}
	return p, true
}

// Strings iterates over a NUL-separated list parameter (PT_BYTEBUF used for
// args, env and cgroups: "a\0b\0"). One trailing NUL is a terminator, not an
// empty last element; a missing trailing NUL is accepted. fn returns false to
// stop. Elements alias p.
func Strings(p []byte, fn func(s []byte) bool) {
	if len(p) > 0 && p[len(p)-1] == 0 {
		p = p[:len(p)-1]
	}
	if len(p) == 0 {
		return
	}
	for {
		i := bytes.IndexByte(p, 0)
		if i < 0 {
			fn(p)
			return
		}
		if !fn(p[:i]) {
			return
		}
		p = p[i+1:]
	}
}

// CountStrings returns the number of elements Strings would visit.
func CountStrings(p []byte) int {
	if len(p) > 0 && p[len(p)-1] == 0 {
		p = p[:len(p)-1]
	}
	if len(p) == 0 {
		return 0
	}
	return bytes.Count(p, []byte{0}) + 1
}
