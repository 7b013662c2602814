package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/eql2falco/eql2falco/falco/catalog"
	"github.com/eql2falco/eql2falco/falco/condition"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// Native fields the embedded evaluator computes, by FieldInfo.ID. A rule
// using any other native field is refused by CheckFields: its value would be
// a guess.
const (
	nativeNone = iota
	evtType
	evtNum
	evtDir
	evtRawTime
	evtSource
	procName
	procExe
	procExePath
	procArgs
	procCmdline
	procExeline
	procCmdnargs
	procPID
	procPPID
	procVPID
	procTTY
	procPName
	procPExe
	procPExePath
	procPCmdline
	threadTID
	userUID
	groupGID
	containerID
	numNative

	// ecsBase + ecs.FieldID is the ID of a plugin field.
	ecsBase = 1000
)

var nativeIDs = map[string]int{
	"evt.type": evtType, "evt.num": evtNum, "evt.dir": evtDir, "evt.rawtime": evtRawTime,
	"evt.source": evtSource, "proc.name": procName, "proc.exe": procExe, "proc.exepath": procExePath,
	"proc.args": procArgs, "proc.cmdline": procCmdline, "proc.exeline": procExeline,
	"proc.cmdnargs": procCmdnargs, "proc.pid": procPID, "proc.ppid": procPPID, "proc.vpid": procVPID,
	"proc.tty": procTTY, "proc.pname": procPName, "proc.pexe": procPExe, "proc.pexepath": procPExePath,
	"proc.pcmdline": procPCmdline, "thread.tid": threadTID, "user.uid": userUID, "group.gid": groupGID,
	"container.id": containerID,
}

// Catalog returns the fields generated rules may use, for rulesfile.Load and
// condition.Compile: Falco's native fields (condition.NativeFields) and the
// ecs plugin's fields (catalog.ECSFields), the catalog the translator
// checks its output with. Each FieldInfo's ID tells Event how to compute the
// field: ecsBase + ecs.FieldID for a plugin field, a native field's own
// number, 0 for a native field Event cannot compute.
func Catalog() *condition.FieldSet {
	native := make([]condition.FieldInfo, len(condition.NativeFields))
	copy(native, condition.NativeFields)
	for i := range native {
		native[i].ID = nativeIDs[native[i].Name]
	}
	plugin := catalog.ECSFields()
	for i := range plugin {
		plugin[i].ID += ecsBase
	}
	return condition.MustFieldSet(native, plugin)
}

// CheckFields reports the fields of p that Event cannot compute (native
// fields outside its list, arguments it does not support), so that a rule
// is refused instead of evaluated on guesses.
func CheckFields(p *condition.Program) error {
	var bad []string
	for _, f := range p.Fields() {
		id := f.Info.ID
		switch {
		case id >= ecsBase && id < ecsBase+len(ecs.PluginFields()):
		case id > nativeNone && id < numNative && !f.HasArg:
		default:
			name := f.Info.Name
			if f.HasArg {
				name += "[" + f.Arg + "]"
			}
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("the embedded Falco evaluator does not compute %s (run the rule through a real Falco with --falco)", strings.Join(bad, ", "))
	}
	return nil
}

// Event is the condition.Provider of the embedded Falco evaluator for one
// event of a replay: ecs.* values from the plugin's extraction code on the
// raw event, only for the event types the plugin declares (ecs.EventTypes:
// the exits of execve, execveat and the file operations, as libsinsp calls
// a plugin only for those), and native
// fields from the thread table as libsinsp computes them. Set moves it to
// the next event; values stay valid until then.
type Event struct {
	ev     *scap.Event
	th     *threads.Thread
	parent *threads.Thread
	table  *threads.Table
	view   tableView // the table as the plugin reads it

	ext    *ecs.Extractor
	fields []ecs.Field // the plugin's field table, by FieldID
	strs   [][]string  // per ecs field: list values, reused
	bufs   [][]byte    // per ecs field: string values, copied out of the extractor
}

// NewEvent returns an Event extracting ecs fields with the plugin
// configuration cfg.
func NewEvent(cfg ecs.Config) *Event {
	fs := ecs.PluginFields()
	e := &Event{fields: fs, strs: make([][]string, len(fs)), bufs: make([][]byte, len(fs))}
	e.ext = ecs.NewExtractor(cfg, &e.view)
	return e
}

// Set makes e describe ev, whose thread after the event is th (nil when the
// event has none), in the replay's thread table.
func (e *Event) Set(ev *scap.Event, th *threads.Thread, table *threads.Table) {
	e.ev, e.th, e.table = ev, th, table
	e.parent = table.Parent(th)
	e.view.t = table
}

// Extract implements condition.Provider.
func (e *Event) Extract(f *condition.FieldRef) (condition.Value, bool) {
	id := f.Info.ID
	if id >= ecsBase {
		return e.plugin(ecs.FieldID(id-ecsBase), f.Arg)
	}
	ev, th := e.ev, e.th
	switch id {
	case evtType:
		return condition.Str(ev.Type().Name()), true
	case evtNum:
		return condition.Uint(ev.Num), true
	case evtDir:
		if ev.Type().IsExit() {
			return condition.Str("<"), true
		}
		return condition.Str(">"), true
	case evtRawTime:
		return condition.Uint(ev.TS()), true
	case evtSource:
		return condition.Str("syscall"), true
	}
	if th == nil {
		return condition.Value{}, false
	}
	switch id {
	case procName:
		return condition.Str(th.Comm), true
	case procExe:
		return condition.Str(th.Exe), true
	case procExePath:
		return condition.Str(th.ExePath), true
	case procArgs:
		return condition.Str(strings.Join(th.Args, " ")), true
	case procCmdline:
		return condition.Str(th.Cmdline()), true
	case procExeline:
		return condition.Str(exeline(th)), true
	case procCmdnargs:
		return condition.Uint(uint64(len(th.Args))), true
	case procPID:
		return condition.Int(th.PID), true
	case procPPID:
		// libsinsp: the parent of the process, i.e. of its main thread.
		if m := e.table.Main(th); m != nil {
			return condition.Int(m.PTID), true
		}
		return condition.Int(th.PTID), true
	case procVPID:
		return condition.Int(th.VPID), true
	case procTTY:
		return condition.Uint(uint64(th.TTY)), true
	case threadTID:
		return condition.Int(th.TID), true
	case userUID:
		return condition.Uint(uint64(th.UID)), true
	case groupGID:
		return condition.Uint(uint64(th.GID)), true
	case containerID:
		return condition.Str(th.Container()), true
	}
	p := e.parent
	if p == nil {
		return condition.Value{}, false // libsinsp: no parent thread, no value
	}
	switch id {
	case procPName:
		return condition.Str(p.Comm), true
	case procPExe:
		return condition.Str(p.Exe), true
	case procPExePath:
		return condition.Str(p.ExePath), true
	case procPCmdline:
		return condition.Str(p.Cmdline()), true
	}
	return condition.Value{}, false
}

func exeline(th *threads.Thread) string {
	if len(th.Args) == 0 {
		return th.Exe
	}
	return th.Exe + " " + strings.Join(th.Args, " ")
}

// plugin extracts an ecs field as libsinsp would get it from libecs.so, with
// the argument libsinsp passes (FieldRef.Arg, found as libsinsp finds it).
func (e *Event) plugin(id ecs.FieldID, arg string) (condition.Value, bool) {
	if !pluginEvent(e.ev) {
		return condition.Value{}, false // not an event type the plugin declares
	}
	v, ok, err := e.ext.ExtractArg(e.ev.Num, e.ev.Bytes(), id, arg)
	if err != nil || !ok {
		return condition.Value{}, false
	}
	f := &e.fields[id]
	switch {
	case f.List:
		l := e.strs[id][:0]
		for _, s := range v.List {
			// Aliases the event bytes or the thread table's strings, both
			// valid until the next event.
			l = append(l, unsafeString(s))
		}
		e.strs[id] = l
		if len(l) == 0 {
			return condition.Value{}, false
		}
		return condition.Value{Strs: l}, true
	case f.Type == ecs.TypeString:
		// Str may alias the extractor's scratch space, which the next
		// extraction overwrites: copy it.
		e.bufs[id] = append(e.bufs[id][:0], v.Str...)
		return condition.Str(unsafeString(e.bufs[id])), true
	case f.Type == ecs.TypeUint64:
		return condition.Uint(v.U64), true
	default:
		return condition.Bool(v.Bool), true
	}
}

func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// FieldValues renders the value of every field p uses on the current event,
// as Falco would print them in an output ("<NA>" for no value).
func (e *Event) FieldValues(p *condition.Program) []string {
	var out []string
	for _, f := range p.Fields() {
		name := f.Info.Name
		v, ok := e.Extract(f)
		if !ok {
			out = append(out, name+"=<NA>")
			continue
		}
		out = append(out, name+"="+formatValue(f.Info, v))
	}
	return out
}

func formatValue(f *condition.FieldInfo, v condition.Value) string {
	switch {
	case f.IsList && f.Type == condition.TypeString:
		q := make([]string, len(v.Strs))
		for i, s := range v.Strs {
			q[i] = strconv.Quote(s)
		}
		return "(" + strings.Join(q, ",") + ")"
	case f.IsList:
		q := make([]string, len(v.Nums))
		for i, n := range v.Nums {
			q[i] = strconv.FormatUint(n, 10)
		}
		return "(" + strings.Join(q, ",") + ")"
	case f.Type == condition.TypeString:
		return strconv.Quote(v.Str)
	case f.Type == condition.TypeBool:
		return strconv.FormatBool(v.Num != 0)
	case f.Type >= condition.TypeInt8 && f.Type <= condition.TypeInt64:
		return strconv.FormatInt(int64(v.Num), 10)
	}
	return strconv.FormatUint(v.Num, 10)
}
