package extractor

/*
#include <stdlib.h>
*/
import "C"

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"github.com/falcosecurity/plugin-sdk-go/pkg/cgo"
	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// The plugin implements plugin_extract_fields itself instead of importing
// plugin-sdk-go's symbols/extract. The SDK's version hands every value to
// ExtractRequest.SetValue through an interface (one allocation per string,
// list or number) after a pool lookup per field; libsinsp asks for one field
// per call, and that overhead made a seed-rule event cost ~1.2 µs through
// the C ABI against ~0.8 µs here. It also lets the panic guard sit at the C
// boundary itself.

// Mirrors of the plugin API structs (plugin_types.h, plugin_api.h, API
// 3.11). Go lays them out as C does on 64-bit Linux; the ABI test checks the
// plugin against the real header.

// eventInput is ss_plugin_event_input.
type eventInput struct {
	evt    unsafe.Pointer // const ss_plugin_event*
	evtnum uint64
	evtsrc unsafe.Pointer // const char*
}

// extractField is ss_plugin_extract_field.
type extractField struct {
	res        unsafe.Pointer // union of const char**, uint64_t*, uint32_t* (bool)
	resLen     uint64
	fieldID    uint32
	field      unsafe.Pointer // const char*
	argKey     unsafe.Pointer
	argIndex   uint64
	argPresent uint32
	ftype      uint32
	flist      uint32
}

// extractInput is ss_plugin_field_extract_input.
type extractInput struct {
	owner             unsafe.Pointer
	getOwnerLastError unsafe.Pointer
	numFields         uint32
	fields            unsafe.Pointer // ss_plugin_extract_field*
	tableReader       [4]unsafe.Pointer
	tableReaderExt    unsafe.Pointer
	valueOffsets      unsafe.Pointer // left untouched: no offsets
}

// Field types as libsinsp passes them in ss_plugin_extract_field.ftype.
const (
	ftypeUint64 = 8  // FTYPE_UINT64
	ftypeString = 9  // FTYPE_STRING
	ftypeBool   = 25 // FTYPE_BOOL
)

func ftype(t ecs.Type) uint32 {
	switch t {
	case ecs.TypeString:
		return ftypeString
	case ecs.TypeUint64:
		return ftypeUint64
	case ecs.TypeBool:
		return ftypeBool
	}
	return 0
}

// ExtractFields implements plugin_extract_fields(s, evt, in) for the
// instance behind handle: it sets res and res_len of each requested field
// (res_len 0 = no value) and returns SS_PLUGIN_SUCCESS, or records an error
// for plugin_get_last_error and returns SS_PLUGIN_FAILURE. It never panics.
func ExtractFields(handle uintptr, evt, in unsafe.Pointer) (rc int32) {
	return extractFields(handle, evt, in, nil, -1)
}

// noSlot is what extract writes into the slot of a prefetched field it
// could not extract.
const noSlot = ^uint32(0)

// extractFields is ExtractFields with the result slot of each field given
// by slots (one per field; nil: field i uses slot i). A value stays in its
// slot until the slot's next use, which lets the memo of memo.c keep the
// values of an event in the slots of its entries. The fields from required
// on (none when required is negative) are prefetched: the memo asks for
// them ahead of Falco, so that they fail alone, without an error: their
// slot becomes noSlot, and a later request for the field does the work
// again (and reports the error).
func extractFields(handle uintptr, evt, in unsafe.Pointer, slots *uint32, required int) (rc int32) {
	var p *Plugin
	defer func() {
		if r := recover(); r != nil {
			if p != nil {
				p.SetLastError(fmt.Errorf("ecs: internal error in plugin_extract_fields: %v", r))
			}
			rc = sdk.SSPluginFailure
		}
	}()
	if handle == 0 || handle > cgo.MaxHandle || evt == nil || in == nil {
		return sdk.SSPluginFailure
	}
	p, _ = cgo.Handle(handle).Value().(*Plugin)
	if p == nil || p.ext == nil { // plugin_init failed: no state to extract with
		return sdk.SSPluginFailure
	}
	input := (*extractInput)(in)
	fields := unsafe.Slice((*extractField)(input.fields), input.numFields)
	if p.threads != nil {
		p.threads.reader = input.tableReaderExt
	}
	var sl []uint32
	if slots != nil {
		sl = unsafe.Slice(slots, len(fields))
	}
	if required < 0 || required > len(fields) || sl == nil {
		required = len(fields)
	}
	err := p.extract((*eventInput)(evt), fields, sl, required)
	if p.threads != nil {
		if terr := p.threads.endCall(); err == nil {
			err = terr
		}
	}
	if err != nil {
		p.SetLastError(err)
		return sdk.SSPluginFailure
	}
	return sdk.SSPluginSuccess
}

// extract answers the fields of one call, field i in result slot slots[i]
// (slot i when slots is nil), the fields from required on prefetched.
// Values stay in p.out at least until the next call, as the plugin API
// requires.
func (p *Plugin) extract(evt *eventInput, fields []extractField, slots []uint32, required int) error {
	for i := range fields {
		fields[i].resLen = 0
	}
	if evt.evt == nil {
		return errors.New("ecs: event without data")
	}
	hdr := unsafe.Slice((*byte)(evt.evt), ppm.HeaderLen)
	n := binary.LittleEndian.Uint32(hdr[16:20])
	if n < ppm.HeaderLen {
		return fmt.Errorf("ecs: event length %d is shorter than its header", n)
	}
	raw := unsafe.Slice((*byte)(evt.evt), n)
	nslots := len(fields)
	for _, k := range slots {
		nslots = max(nslots, int(k)+1)
	}
	p.out.reset(nslots)
	for i := range fields {
		if i < required {
			if err := p.extractOne(evt.evtnum, raw, &fields[i], slots, i); err != nil {
				return err
			}
			continue
		}
		if p.threads != nil && p.threads.failed {
			slots[i] = noSlot // the call fails: nothing is kept
			continue
		}
		err := p.extractOne(evt.evtnum, raw, &fields[i], slots, i)
		if p.threads != nil && p.threads.failed {
			// The read is done again, and fails the call, when Falco asks
			// for the field: the extractor must not keep its outcome.
			p.threads.failed = false
			p.ext.Forget()
			err = errors.New("thread table")
		}
		if err != nil {
			fields[i].resLen = 0
			slots[i] = noSlot
		}
	}
	return nil
}

// extractOne answers field f, the i-th of the call.
func (p *Plugin) extractOne(evtnum uint64, raw []byte, f *extractField, slots []uint32, i int) error {
	id := ecs.FieldID(f.fieldID)
	if int(f.fieldID) >= len(p.fields) {
		return fmt.Errorf("ecs: unknown field id %d", f.fieldID)
	}
	def := &p.fields[id]
	if f.ftype != ftype(def.Type) || (f.flist != 0) != def.List {
		return fmt.Errorf("ecs: %s requested as type %d list %d, declared %s list %v",
			def.FalcoName(), f.ftype, f.flist, def.Type, def.List)
	}
	var arg string
	if f.argPresent != 0 && f.argKey != nil {
		arg = cString(f.argKey)
	}
	v, ok, err := p.ext.ExtractArg(evtnum, raw, id, arg)
	if err != nil {
		var ae *ecs.ArgError
		if errors.As(err, &ae) {
			p.logArgError(ae)
		}
		return err
	}
	if !ok {
		return nil
	}
	out := &p.out.slots[i]
	if slots != nil {
		out = &p.out.slots[slots[i]]
	}
	switch {
	case def.List:
		f.res, f.resLen = out.strings(v.List), uint64(len(v.List))
	case def.Type == ecs.TypeString:
		f.res, f.resLen = out.string(v.Str), 1
	case def.Type == ecs.TypeUint64:
		f.res, f.resLen = out.word(v.U64), 1
	default:
		var b uint64
		if v.Bool {
			b = 1
		}
		// ss_plugin_bool is uint32: the low half of the little-endian word.
		f.res, f.resLen = out.word(b), 1
	}
	return nil
}

// cString views the NUL-terminated C string at p without copying; it is
// valid while the C memory is (a field argument lives as long as the rule).
func cString(p unsafe.Pointer) string {
	n := 0
	for *(*byte)(unsafe.Add(p, n)) != 0 {
		n++
	}
	return unsafe.String((*byte)(p), n)
}

// results is the C memory of the values: slots, each holding one field's
// value until its next use, grown when too small.
type results struct {
	slots []slot
}

type slot struct {
	words    unsafe.Pointer // uint64 values, or char* of strings
	nwords   int
	bytes    unsafe.Pointer // NUL-terminated strings
	capBytes int
}

func (r *results) reset(n int) {
	for len(r.slots) < n {
		r.slots = append(r.slots, slot{})
	}
}

func (r *results) free() {
	for i := range r.slots {
		C.free(r.slots[i].words)
		C.free(r.slots[i].bytes)
	}
	r.slots = nil
}

// wordsFor returns room for n 8-byte words.
func (s *slot) wordsFor(n int) []uint64 {
	if n > s.nwords {
		C.free(s.words)
		s.nwords = max(n, 8)
		s.words = C.malloc(C.size_t(8 * s.nwords))
		if s.words == nil {
			panic("out of memory")
		}
	}
	return unsafe.Slice((*uint64)(s.words), n)
}

// bytesFor returns room for n bytes.
func (s *slot) bytesFor(n int) []byte {
	if n > s.capBytes {
		C.free(s.bytes)
		s.capBytes = max(n, 256)
		s.bytes = C.malloc(C.size_t(s.capBytes))
		if s.bytes == nil {
			panic("out of memory")
		}
	}
	return unsafe.Slice((*byte)(s.bytes), n)
}

func (s *slot) word(v uint64) unsafe.Pointer {
	s.wordsFor(1)[0] = v
	return s.words
}

// string stores v as a C string; res points to an array of one char*.
func (s *slot) string(v []byte) unsafe.Pointer {
	return s.strings([][]byte{v})
}

// strings stores l as C strings and returns the array of their pointers.
func (s *slot) strings(l [][]byte) unsafe.Pointer {
	n := 0
	for _, v := range l {
		n += len(v) + 1
	}
	buf := s.bytesFor(n)
	ptrs := s.wordsFor(len(l))
	off := 0
	for i, v := range l {
		copy(buf[off:], v)
		buf[off+len(v)] = 0
		ptrs[i] = uint64(uintptr(unsafe.Add(s.bytes, off)))
		off += len(v) + 1
	}
	return s.words
}
