package ppm

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// HeaderLen is the size of the packed event header (struct ppm_evt_hdr).
const HeaderLen = 26

// MaxParams bounds the parameter count this package accepts. No event type of
// falcosecurity/libs has more than a few dozen parameters; the bound keeps a
// corrupt header from making a reader walk megabytes of lengths.
const MaxParams = 1024

// Errors returned by Parse. They are wrapped with the offending values.
var (
	ErrShort   = errors.New("ppm: event shorter than its header")
	ErrLength  = errors.New("ppm: event length out of range")
	ErrParams  = errors.New("ppm: parameter lengths exceed the event")
	ErrTooMany = errors.New("ppm: too many parameters")
)

// Event is a read-only view of one raw event. It aliases the bytes given to
// Parse; it stays valid as long as they are not modified.
type Event struct {
	raw     []byte // exactly the event, raw[16:20] bytes long
	nparams int
	lenSize int // 2 or 4
	dataOff int // offset of the first parameter byte
}

// Parse validates the event at the start of b and returns a view of it. b may
// extend past the event; the header's len decides where it ends. Parse checks
// that the header, the length array and every parameter fit inside len, so the
// accessors of Event never read outside the event.
func Parse(b []byte) (Event, error) {
	if len(b) < HeaderLen {
		return Event{}, fmt.Errorf("%w (%d bytes)", ErrShort, len(b))
	}
	n := binary.LittleEndian.Uint32(b[16:20])
	if n < HeaderLen || uint64(n) > uint64(len(b)) {
		return Event{}, fmt.Errorf("%w: len=%d, %d bytes available", ErrLength, n, len(b))
	}
	raw := b[:n]
	np := binary.LittleEndian.Uint32(raw[22:26])
	if np > MaxParams {
		return Event{}, fmt.Errorf("%w: nparams=%d", ErrTooMany, np)
	}
	code := Code(binary.LittleEndian.Uint16(raw[20:22]))
	ls := 2
	if code.LargePayload() {
		ls = 4
	}
	dataOff := HeaderLen + int(np)*ls
	if dataOff > len(raw) {
		return Event{}, fmt.Errorf("%w: %d lengths of %d bytes in a %d-byte event", ErrParams, np, ls, n)
	}
	total := uint64(dataOff) + sumLens(raw[HeaderLen:dataOff], ls)
	if total > uint64(len(raw)) {
		return Event{}, fmt.Errorf("%w: parameters need %d bytes, event has %d", ErrParams, total, n)
	}
	return Event{raw: raw, nparams: int(np), lenSize: ls, dataOff: dataOff}, nil
}

// sumLens adds up a parameter length array. It is the hot loop of Parse, so
// it walks the array directly instead of calling paramLen per element.
func sumLens(lens []byte, ls int) uint64 {
	var total uint64
	if ls == 2 {
		for ; len(lens) >= 2; lens = lens[2:] {
			total += uint64(binary.LittleEndian.Uint16(lens))
		}
		return total
	}
	for ; len(lens) >= 4; lens = lens[4:] {
		total += uint64(binary.LittleEndian.Uint32(lens))
	}
	return total
}

func paramLen(raw []byte, i, ls int) uint32 {
	off := HeaderLen + i*ls
	if ls == 2 {
		return uint32(binary.LittleEndian.Uint16(raw[off:]))
	}
	return binary.LittleEndian.Uint32(raw[off:])
}

// Bytes returns the whole event, header included.
func (e Event) Bytes() []byte { return e.raw }

// Len is the event length from the header (the length of Bytes).
func (e Event) Len() int { return len(e.raw) }

// TS is the event timestamp in nanoseconds since the epoch.
func (e Event) TS() uint64 { return binary.LittleEndian.Uint64(e.raw[0:8]) }

// TID is the id of the thread that produced the event (host pid namespace).
func (e Event) TID() int64 { return int64(binary.LittleEndian.Uint64(e.raw[8:16])) }

// Type is the event code.
func (e Event) Type() Code { return Code(binary.LittleEndian.Uint16(e.raw[20:22])) }

// NParams is the number of parameters the event carries.
func (e Event) NParams() int { return e.nparams }

// Param returns the bytes of parameter i. It returns nil when the event has
// fewer than i+1 parameters and an empty, non-nil slice when the parameter is
// present with length 0; both mean "absent" to libsinsp.
func (e Event) Param(i int) []byte {
	if i < 0 || i >= e.nparams {
		return nil
	}
	off := e.dataOff
	for j := 0; j < i; j++ {
		off += int(paramLen(e.raw, j, e.lenSize))
	}
	n := int(paramLen(e.raw, i, e.lenSize))
	return e.raw[off : off+n : off+n]
}

// Params stores the first len(dst) parameters into dst (nil for those the
// event does not carry) in one pass and returns how many the event carries.
// It does not allocate.
func (e Event) Params(dst [][]byte) int {
	n := min(len(dst), e.nparams)
	lens := e.raw[HeaderLen:e.dataOff]
	data := e.raw[e.dataOff:]
	if e.lenSize == 2 {
		for i := range dst[:n] {
			l := int(binary.LittleEndian.Uint16(lens[2*i:]))
			dst[i], data = data[:l:l], data[l:]
		}
	} else {
		for i := range dst[:n] {
			l := int(binary.LittleEndian.Uint32(lens[4*i:]))
			dst[i], data = data[:l:l], data[l:]
		}
	}
	clear(dst[n:])
	return e.nparams
}
