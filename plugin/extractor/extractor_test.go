package extractor

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/falcosecurity/plugin-sdk-go/pkg/cgo"
	"github.com/falcosecurity/plugin-sdk-go/pkg/ptr"
	"github.com/falcosecurity/plugin-sdk-go/pkg/sdk"
	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/plugin/ecs"
	"github.com/eql2falco/eql2falco/plugin/internal/cputime"
	"github.com/eql2falco/eql2falco/plugin/internal/exectest"
	"github.com/eql2falco/eql2falco/plugin/internal/threadtest"
)

// The struct mirrors must have the C layout of the plugin API on 64-bit
// Linux (the ABI test checks the real header against the built plugin).
func TestMirrorLayout(t *testing.T) {
	if unsafe.Sizeof(eventInput{}) != 24 || unsafe.Sizeof(extractField{}) != 64 || unsafe.Sizeof(extractInput{}) != 80 {
		t.Fatalf("sizes %d %d %d", unsafe.Sizeof(eventInput{}), unsafe.Sizeof(extractField{}), unsafe.Sizeof(extractInput{}))
	}
	var f extractField
	var in extractInput
	if unsafe.Offsetof(f.resLen) != 8 || unsafe.Offsetof(f.fieldID) != 16 || unsafe.Offsetof(f.field) != 24 ||
		unsafe.Offsetof(f.argIndex) != 40 || unsafe.Offsetof(f.ftype) != 52 || unsafe.Offsetof(f.flist) != 56 ||
		unsafe.Offsetof(in.numFields) != 16 || unsafe.Offsetof(in.fields) != 24 || unsafe.Offsetof(in.valueOffsets) != 72 {
		t.Fatal("field offsets differ from the C layout")
	}
}

// call runs plugin_extract_fields for the given fields of raw, as libsinsp
// would, and decodes the results. A nil entry is "no value".
func call(t *testing.T, h cgo.Handle, raw []byte, num uint64, ids ...ecs.FieldID) ([]any, int32) {
	t.Helper()
	fields := make([]extractField, len(ids))
	for i, id := range ids {
		f, ok := ecs.FieldByID(id)
		if !ok { // an unknown id, to test the error
			fields[i] = extractField{fieldID: uint32(id), ftype: ftypeString}
			continue
		}
		fields[i] = extractField{fieldID: uint32(id), ftype: ftype(f.Type), resLen: 99}
		if f.List {
			fields[i].flist = 1
		}
	}
	evt := eventInput{evt: unsafe.Pointer(unsafe.SliceData(raw)), evtnum: num}
	in := extractInput{numFields: uint32(len(fields)), fields: unsafe.Pointer(unsafe.SliceData(fields))}
	rc := ExtractFields(uintptr(h), unsafe.Pointer(&evt), unsafe.Pointer(&in))
	out := make([]any, len(ids))
	for i, f := range fields {
		def, _ := ecs.FieldByID(ecs.FieldID(f.fieldID))
		switch {
		case rc != sdk.SSPluginSuccess || f.resLen == 0:
		case def.Type == ecs.TypeString:
			var l []string
			for _, p := range unsafe.Slice((*unsafe.Pointer)(f.res), f.resLen) {
				l = append(l, ptr.GoString(p))
			}
			if def.List {
				out[i] = l
			} else {
				out[i] = l[0]
			}
		case def.Type == ecs.TypeUint64:
			out[i] = *(*uint64)(f.res)
		default:
			out[i] = *(*uint32)(f.res) == 1
		}
	}
	return out, rc
}

func newHandle(t *testing.T, config string) (cgo.Handle, *Plugin) {
	t.Helper()
	return newHandleWith(t, config, nil)
}

func newHandleWith(t *testing.T, config string, threads ecs.ThreadTable) (cgo.Handle, *Plugin) {
	t.Helper()
	s, err := New(config, threads)
	if err != nil {
		t.Fatal(err)
	}
	h := cgo.NewHandle(s)
	t.Cleanup(func() { s.Destroy(); h.Delete() })
	return h, s
}

func allIDs() []ecs.FieldID {
	var ids []ecs.FieldID
	for _, f := range ecs.Fields() {
		ids = append(ids, f.ID)
	}
	return ids
}

// whichCurlValues are the values of every field for exectest.WhichCurl in
// the table threadtest.WhichCurl, as plugin_extract_fields returns them.
func whichCurlValues() map[string]any {
	want := map[string]any{
		"event.category": "process", "event.kind": "event", "event.type": "start", "event.action": "exec",
		"host.os.type": "linux", "process.name": "dash", "process.executable": "/usr/bin/dash",
		"process.args": []string{"/bin/sh", "/usr/bin/which", "curl"}, "process.args_count": uint64(3),
		"process.command_line": "/bin/sh /usr/bin/which curl", "process.pid": uint64(4242),
		"process.thread.id": uint64(4242), "process.parent.pid": uint64(4100), "process.interactive": true,
		"process.tty.char_device.major": uint64(136), "process.tty.char_device.minor": uint64(0),
		"process.env_vars": []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root", "TERM=xterm"},
		"user.id":          "0", "group.id": "0", "container.id": exectest.ContainerID,
		// No value on an exec: the outcome and the file fields.
		"event.outcome": nil, "file.path": nil, "file.name": nil, "file.extension": nil,
		"file.Ext.original.path": nil, "file.Ext.original.name": nil, "file.Ext.original.extension": nil,
	}
	for k, v := range threadtest.WhichCurlValues() {
		if n, ok := v.(int64); ok {
			v = uint64(n)
		}
		want[k] = v
	}
	return want
}

func TestExtractEveryField(t *testing.T) {
	raw := exectest.WhichCurl().Encode(t)
	values := whichCurlValues()
	var want []any
	for _, f := range ecs.Fields() {
		v, ok := values[f.Name]
		if !ok {
			t.Fatalf("no expected value for %s", f.Name)
		}
		want = append(want, v)
	}
	h, _ := newHandleWith(t, "", threadtest.WhichCurl())
	// All fields in one call, then one field per call as libsinsp does.
	got, rc := call(t, h, raw, 1, allIDs()...)
	if rc != 0 {
		t.Fatalf("rc %d", rc)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("one call (-want +got):\n%s", diff)
	}
	for i, id := range allIDs() {
		got, rc := call(t, h, raw, 2, id)
		if rc != 0 || !cmp.Equal(want[i], got[0]) {
			t.Errorf("field %d alone: rc %d, %v", id, rc, got[0])
		}
	}
}

func TestExtractConfig(t *testing.T) {
	raw := exectest.WhichCurl().Encode(t)
	h, _ := newHandle(t, `{"containerIdFormat":"short"}`)
	if got, rc := call(t, h, raw, 1, ecs.ContainerID); rc != 0 || got[0] != exectest.ContainerID[:12] {
		t.Fatalf("short id: %v %d", got, rc)
	}
	if _, err := New(`{"containerIdFormat":"tiny"}`, nil); err == nil || !strings.Contains(err.Error(), "containerIdFormat") {
		t.Fatalf("bad config: %v", err)
	}
}

func TestExtractNoValue(t *testing.T) {
	h, _ := newHandle(t, "")
	failed := exectest.WhichCurl().Set(ppm.ExecRes, ppm.PI64(-2)).Encode(t)
	got, rc := call(t, h, failed, 1, allIDs()...)
	if rc != 0 {
		t.Fatal(rc)
	}
	for i, v := range got {
		if v != nil {
			t.Errorf("failed exec, field %d: %v", i, v)
		}
	}
	host := exectest.WhichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpu=/")).Encode(t)
	if got, rc := call(t, h, host, 2, ecs.ContainerID, ecs.ProcessName); rc != 0 || got[0] != nil || got[1] != "dash" {
		t.Fatalf("host: %v %d", got, rc)
	}
}

// Values grow their C buffers; earlier values of the same call stay intact.
func TestExtractLargeValues(t *testing.T) {
	h, _ := newHandle(t, "")
	long := strings.Repeat("x", 1000)
	var args []string
	for range 60 {
		args = append(args, long)
	}
	raw := exectest.WhichCurl().Set(ppm.ExecArgs, ppm.PStrings(args...)).Encode(t)
	got, rc := call(t, h, raw, 1, ecs.ProcessName, ecs.ProcessArgs, ecs.ProcessCommandLine, ecs.ContainerID)
	if rc != 0 || got[0] != "dash" || len(got[1].([]string)) != 61 || len(got[2].(string)) != len("/bin/sh")+60*(1+1000) || got[3] != exectest.ContainerID {
		t.Fatalf("rc %d, name %v, %d args", rc, got[0], len(got[1].([]string)))
	}
}

func TestExtractErrors(t *testing.T) {
	h, p := newHandle(t, "")
	raw := exectest.WhichCurl().Encode(t)

	bad := append([]byte(nil), raw...)
	bad[22] = 0xff // nparams beyond the event
	if _, rc := call(t, h, bad, 1, ecs.ProcessName); rc != sdk.SSPluginFailure || !strings.Contains(p.LastError().Error(), "ppm:") {
		t.Fatalf("malformed event: rc %d, %v", rc, p.LastError())
	}
	enter := exectest.WhichCurl().Type(ppm.CodeExecveE).Encode(t)
	if _, rc := call(t, h, enter, 2, ecs.ProcessName); rc != sdk.SSPluginFailure || !errors.Is(p.LastError(), ecs.ErrNotDescribed) {
		t.Fatalf("enter event: rc %d, %v", rc, p.LastError())
	}
	if _, rc := call(t, h, raw, 3, ecs.FieldID(999)); rc != sdk.SSPluginFailure || !strings.Contains(p.LastError().Error(), "unknown field") {
		t.Fatalf("unknown field: rc %d, %v", rc, p.LastError())
	}
	short := append([]byte(nil), raw[:ppm.HeaderLen]...)
	short[16], short[17] = 0, 0 // len = 0
	if _, rc := call(t, h, short, 4, ecs.ProcessName); rc != sdk.SSPluginFailure {
		t.Fatal("event shorter than its header accepted")
	}
	// A field asked with another type than declared.
	fields := []extractField{{fieldID: uint32(ecs.ProcessArgs), ftype: ftypeString}} // flist missing
	evt := eventInput{evt: unsafe.Pointer(&raw[0]), evtnum: 5}
	in := extractInput{numFields: 1, fields: unsafe.Pointer(&fields[0])}
	if rc := ExtractFields(uintptr(h), unsafe.Pointer(&evt), unsafe.Pointer(&in)); rc != sdk.SSPluginFailure {
		t.Fatal("type mismatch accepted")
	}
	// Null pointers and bad handles fail without a panic.
	if ExtractFields(uintptr(h), nil, unsafe.Pointer(&in)) != sdk.SSPluginFailure ||
		ExtractFields(0, unsafe.Pointer(&evt), unsafe.Pointer(&in)) != sdk.SSPluginFailure ||
		ExtractFields(cgo.MaxHandle+1, unsafe.Pointer(&evt), unsafe.Pointer(&in)) != sdk.SSPluginFailure {
		t.Fatal("bad arguments accepted")
	}
	// A handle that was never allocated makes the SDK's Handle.Value panic.
	if ExtractFields(cgo.MaxHandle, unsafe.Pointer(&evt), unsafe.Pointer(&in)) != sdk.SSPluginFailure {
		t.Fatal("stale handle accepted")
	}
	// The plugin still works afterwards.
	if got, rc := call(t, h, raw, 6, ecs.ProcessName); rc != 0 || got[0] != "dash" {
		t.Fatalf("after errors: %v %d %v", got, rc, p.LastError())
	}
}

// plugin_init failed: the SDK keeps a state that is not a *Plugin.
func TestExtractWithoutPlugin(t *testing.T) {
	h := cgo.NewHandle(struct{}{})
	defer h.Delete()
	raw := exectest.WhichCurl().Encode(t)
	if _, rc := call(t, h, raw, 1, ecs.ProcessName); rc != sdk.SSPluginFailure {
		t.Fatal("extracted without a plugin state")
	}
}

func TestLastError(t *testing.T) {
	_, p := newHandle(t, "")
	if p.LastError() == nil {
		t.Fatal("LastError must never be nil (plugin_get_last_error calls Error on it)")
	}
	p.SetLastError(errors.New("boom"))
	if p.LastError().Error() != "boom" || p.LastErrorBuffer() == nil {
		t.Fatal("SetLastError")
	}
}

func TestSDKFields(t *testing.T) {
	fs := Fields()
	b, err := json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for i, f := range ecs.Fields() {
		if fs[i].Name != f.FalcoName() || fs[i].Type != string(f.Type) || fs[i].IsList != f.List || fs[i].Desc != f.Desc {
			t.Errorf("field %d: %+v vs %+v", i, fs[i], f)
		}
		if back[i]["isList"] != f.List {
			t.Errorf("%s: JSON isList %v", f.FalcoName(), back[i]["isList"])
		}
	}
	if InitSchema().Schema != ecs.ConfigSchema {
		t.Fatal("init schema")
	}
}

// BenchmarkExtractFields calls ExtractFields from Go as libsinsp calls
// plugin_extract_fields (one field per call) for the seed rule's fields: the
// plugin's side of the C ABI without the C-to-Go transition.
func BenchmarkExtractFields(b *testing.B) {
	s, err := New("", nil)
	if err != nil {
		b.Fatal(err)
	}
	h := cgo.NewHandle(s)
	defer func() { s.Destroy(); h.Delete() }()
	raw := exectest.WhichCurl().Encode(b)
	seed := []ecs.FieldID{ecs.HostOSType, ecs.EventType, ecs.EventAction, ecs.ProcessName, ecs.ProcessArgs, ecs.ProcessInteractive, ecs.ContainerID}
	fields := make([]extractField, len(seed))
	for i, id := range seed {
		f, _ := ecs.FieldByID(id)
		fields[i] = extractField{fieldID: uint32(id), ftype: ftype(f.Type)}
		if f.List {
			fields[i].flist = 1
		}
	}
	evt := eventInput{evt: unsafe.Pointer(&raw[0])}
	ins := make([]extractInput, len(seed))
	for i := range seed {
		ins[i] = extractInput{numFields: 1, fields: unsafe.Pointer(&fields[i])}
	}
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		evt.evtnum++
		for i := range ins {
			if ExtractFields(uintptr(h), unsafe.Pointer(&evt), unsafe.Pointer(&ins[i])) != 0 {
				b.Fatal(s.LastError())
			}
		}
	}
	cputime.Report(b, cpu, b.N, "event")
}
