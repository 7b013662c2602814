package extractor

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/falcosecurity/plugin-sdk-go/pkg/cgo"
	"github.com/falcosecurity/plugin-sdk-go/pkg/ptr"
	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk"

	"github.com/eql2falco/eql2falco/plugin/ecs"
	"github.com/eql2falco/eql2falco/plugin/internal/exectest"
)

func field(t *testing.T, name string) extractField {
	t.Helper()
	f, ok := ecs.Lookup(name)
	if !ok {
		t.Fatalf("no field %s", name)
	}
	e := extractField{fieldID: uint32(f.ID), ftype: ftype(f.Type)}
	if f.List {
		e.flist = 1
	}
	return e
}

// A field the memo of memo.c prefetches fails alone: a read of the thread
// table that fails, or a request Go refuses, leaves the call successful
// and the field's slot noSlot; Falco's own request for the field on the
// same event then meets the failure, as it would without the prefetch.
func TestPrefetchFailsAlone(t *testing.T) {
	tt := &threadTable{} // no reader in the calls below: every read fails
	p, err := New("", tt)
	if err != nil {
		t.Fatal(err)
	}
	p.threads = tt
	h := cgo.NewHandle(p)
	t.Cleanup(func() { p.Destroy(); h.Delete() })
	raw := exectest.WhichCurl().Encode(t)
	evt := eventInput{evt: unsafe.Pointer(unsafe.SliceData(raw)), evtnum: 7}
	wrongType := field(t, "process.pid")
	wrongType.ftype = ftypeString
	fields := []extractField{field(t, "process.name"), field(t, "process.parent.name"), wrongType, field(t, "user.id")}
	slots := []uint32{0, 1, 2, 3}
	in := extractInput{numFields: uint32(len(fields)), fields: unsafe.Pointer(unsafe.SliceData(fields))}
	if rc := extractFields(uintptr(h), unsafe.Pointer(&evt), unsafe.Pointer(&in), &slots[0], 1); rc != sdk.SSPluginSuccess {
		t.Fatalf("rc %d: %v", rc, p.LastError())
	}
	str := func(f extractField) string { return ptr.GoString(*(*unsafe.Pointer)(f.res)) }
	if fields[0].resLen != 1 || str(fields[0]) != "dash" || slots[0] != 0 {
		t.Errorf("required field: %d values, slot %d", fields[0].resLen, slots[0])
	}
	if slots[1] != noSlot || slots[2] != noSlot || fields[1].resLen != 0 || fields[2].resLen != 0 {
		t.Errorf("failed prefetches: slots %v", slots)
	}
	if slots[3] != 3 || fields[3].resLen != 1 || str(fields[3]) != "0" {
		t.Errorf("prefetch after the failures: slot %d, %d values", slots[3], fields[3].resLen)
	}
	// Falco asks for the parent's name on the same event: the read is done
	// again, and fails the call.
	one := []extractField{field(t, "process.parent.name")}
	in1 := extractInput{numFields: 1, fields: unsafe.Pointer(unsafe.SliceData(one))}
	if rc := ExtractFields(uintptr(h), unsafe.Pointer(&evt), unsafe.Pointer(&in1)); rc != sdk.SSPluginFailure ||
		!strings.Contains(p.LastError().Error(), "thread table failed") {
		t.Errorf("request after the failed prefetch: rc %d, %v", rc, p.LastError())
	}
	// A required field whose read fails fails the call, prefetches or not.
	fields = []extractField{field(t, "process.parent.name"), field(t, "process.name")}
	slots = []uint32{0, 1}
	in.numFields, in.fields = 2, unsafe.Pointer(unsafe.SliceData(fields))
	evt.evtnum++
	if rc := extractFields(uintptr(h), unsafe.Pointer(&evt), unsafe.Pointer(&in), &slots[0], 1); rc != sdk.SSPluginFailure {
		t.Errorf("required read failed: rc %d", rc)
	}
}
