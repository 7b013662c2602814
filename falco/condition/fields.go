package condition

import (
	"fmt"
	"sort"
)

func init() {
	if !sort.StringsAreSorted(eventNames) {
		panic("condition: eventNames must be sorted")
	}
}

// Type is the type of a field's values, after libsinsp's parameter types.
// Comparisons follow the type: numbers compare at their width and signedness,
// strings byte-wise as C strings.
type Type int

// Field types.
const (
	TypeInvalid Type = iota
	TypeString       // PT_CHARBUF, PT_FSPATH
	TypeBool         // PT_BOOL: the constants true and false only
	TypeInt8         // PT_INT8
	TypeInt16        // PT_INT16
	TypeInt32        // PT_INT32
	TypeInt64        // PT_INT64, PT_PID, PT_ERRNO, PT_FD
	TypeUint8        // PT_UINT8
	TypeUint16       // PT_UINT16
	TypeUint32       // PT_UINT32, PT_UID, PT_GID, PT_FLAGS32, PT_MODE
	TypeUint64       // PT_UINT64
	TypeRelTime      // PT_RELTIME: nanoseconds
	TypeAbsTime      // PT_ABSTIME: nanoseconds since the epoch
)

var typeNames = [...]string{
	TypeInvalid: "invalid", TypeString: "string", TypeBool: "bool",
	TypeInt8: "int8", TypeInt16: "int16", TypeInt32: "int32", TypeInt64: "int64",
	TypeUint8: "uint8", TypeUint16: "uint16", TypeUint32: "uint32", TypeUint64: "uint64",
	TypeRelTime: "reltime", TypeAbsTime: "abstime",
}

func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// IsNumeric reports whether values of t are numbers.
func (t Type) IsNumeric() bool { return t >= TypeInt8 && t <= TypeAbsTime }

func (t Type) signed() bool { return t >= TypeInt8 && t <= TypeInt64 }

// bits is the width of a numeric type.
func (t Type) bits() uint {
	switch t {
	case TypeInt8, TypeUint8:
		return 8
	case TypeInt16, TypeUint16:
		return 16
	case TypeInt32, TypeUint32:
		return 32
	}
	return 64
}

// ArgKind tells whether a field takes an argument between brackets.
type ArgKind int

// Argument kinds.
const (
	ArgNone     ArgKind = iota // no argument
	ArgOptional                // proc.aname or proc.aname[2]
	ArgRequired                // container.label[key]
)

// FieldInfo describes a field a condition may use.
type FieldInfo struct {
	Name   string
	Type   Type
	IsList bool // the field yields a list: only in, intersects and exists apply
	Arg    ArgKind
	// ArgIndex requires the argument to be an integer (libsinsp parses it
	// with sscanf "%d").
	ArgIndex bool
	// CheckArg, when set, validates the argument as the field's provider
	// will read it (a plugin's key argument, which libsinsp passes on
	// unchecked).
	CheckArg func(arg string) error
	// AnyWithoutArg marks libsinsp's ancestor fields (proc.aname, proc.apid,
	// ...): without an argument the field stands for every ancestor, the
	// Provider returns one value per ancestor in Value.Strs or Value.Nums
	// (parent first, the process itself excluded, as libsinsp walks them),
	// and a check holds when it holds for one of them. With an argument N it
	// is the ancestor N levels up (0 is the process itself).
	AnyWithoutArg bool
	NoRHS         bool // cannot appear in val() on the right of a check
	NoTransformer bool // no transformer may be applied
	// Plugin names the Falco plugin that provides the field; empty for fields
	// of Falco itself. A rules file using the field must require the plugin.
	Plugin string
	// Values, when not nil, are the only constants the field may be
	// compared with, sorted (libsinsp refuses other evt.type values).
	Values []string
	// Deprecated is the warning to give when the field is used, if any.
	Deprecated string
	Desc       string
	// ID is free for the catalog's owner, for example to map a FieldRef to
	// its extractor without comparing names.
	ID int
}

// Catalog is the set of fields conditions may use.
type Catalog interface {
	// Field returns the field named name, or false.
	Field(name string) (*FieldInfo, bool)
}

// FieldSet is a Catalog built from field tables.
type FieldSet struct {
	byName map[string]*FieldInfo
	all    []*FieldInfo
}

// NewFieldSet builds a catalog from field tables, for example NativeFields
// and a plugin's fields. Like Falco, it refuses a field name defined twice.
func NewFieldSet(tables ...[]FieldInfo) (*FieldSet, error) {
	s := &FieldSet{byName: map[string]*FieldInfo{}}
	for _, t := range tables {
		for i := range t {
			f := &t[i]
			if !IsFieldName(f.Name) {
				return nil, fmt.Errorf("field %q: not a valid field name", f.Name)
			}
			if f.Type == TypeInvalid {
				return nil, fmt.Errorf("field %q: no type", f.Name)
			}
			if old, dup := s.byName[f.Name]; dup {
				return nil, fmt.Errorf("field %q defined twice (%s and %s)", f.Name, origin(old), origin(f))
			}
			s.byName[f.Name] = f
			s.all = append(s.all, f)
		}
	}
	return s, nil
}

func origin(f *FieldInfo) string {
	if f.Plugin == "" {
		return "Falco"
	}
	return "plugin " + f.Plugin
}

// MustFieldSet is NewFieldSet for tables known to be valid; it panics otherwise.
func MustFieldSet(tables ...[]FieldInfo) *FieldSet {
	s, err := NewFieldSet(tables...)
	if err != nil {
		panic(err)
	}
	return s
}

// Field implements Catalog.
func (s *FieldSet) Field(name string) (*FieldInfo, bool) {
	f, ok := s.byName[name]
	return f, ok
}

// Fields returns the fields sorted by name.
func (s *FieldSet) Fields() []*FieldInfo {
	out := append([]*FieldInfo(nil), s.all...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Plugin fields come from the container plugin since Falco 0.41.
const containerPlugin = "container"

// NativeFields are the fields of Falco (libsinsp and, since Falco 0.41, the
// container plugin) that this project's rules and tests use, with the types
// of libs 0.21-0.25. It is not Falco's whole catalog.
var NativeFields = []FieldInfo{
	{Name: "evt.type", Type: TypeString, Values: eventNames, Desc: "event type name (execve, open, ...)"},
	{Name: "evt.num", Type: TypeUint64, Desc: "event number"},
	{Name: "evt.dir", Type: TypeString, Deprecated: "evt.dir is deprecated since Falco 0.42 (enter events are no longer generated)", Desc: "event direction, > enter or < exit"},
	{Name: "evt.time", Type: TypeString, Desc: "event timestamp as a string"},
	{Name: "evt.rawtime", Type: TypeAbsTime, Desc: "event timestamp, nanoseconds since the epoch"},
	{Name: "evt.res", Type: TypeString, Desc: "event result as a string (SUCCESS or an errno name)"},
	{Name: "evt.rawres", Type: TypeInt64, Desc: "event return value"},
	{Name: "evt.failed", Type: TypeBool, Desc: "true for events that returned an error"},
	{Name: "evt.arg.flags", Type: TypeString, Desc: "the event's flags argument (for exec events: exe_writable, exe_upper_layer, ...)"},
	{Name: "evt.source", Type: TypeString, Desc: "event source name"},
	{Name: "evt.hostname", Type: TypeString, Desc: "host name"},
	{Name: "proc.name", Type: TypeString, Desc: "process name (task comm, at most 16 characters)"},
	{Name: "proc.exe", Type: TypeString, Desc: "argv[0]"},
	{Name: "proc.exepath", Type: TypeString, Desc: "full executable path"},
	{Name: "proc.args", Type: TypeString, Arg: ArgOptional, ArgIndex: true, Desc: "arguments excluding argv[0], space-separated; with an index N, argument N (0 is the first after argv[0])"},
	{Name: "proc.cmdline", Type: TypeString, Desc: "proc.name followed by proc.args"},
	{Name: "proc.exeline", Type: TypeString, Desc: "proc.exe followed by proc.args"},
	{Name: "proc.cmdnargs", Type: TypeUint64, Desc: "number of arguments, argv[0] excluded"},
	{Name: "proc.cmdlenargs", Type: TypeUint64, Desc: "total length of the arguments"},
	{Name: "proc.cwd", Type: TypeString, Desc: "current working directory"},
	{Name: "proc.env", Type: TypeString, Arg: ArgOptional, Desc: "environment, or one variable with an argument"},
	{Name: "proc.pid", Type: TypeInt64, Desc: "process id"},
	{Name: "proc.ppid", Type: TypeInt64, Desc: "parent process id"},
	{Name: "proc.vpid", Type: TypeInt64, Desc: "process id in its pid namespace"},
	{Name: "proc.sid", Type: TypeInt64, Desc: "session id"},
	{Name: "proc.vpgid", Type: TypeInt64, Desc: "process group id in its pid namespace"},
	{Name: "proc.is_vpgid_leader", Type: TypeBool, Desc: "true for a process group leader"},
	{Name: "proc.tty", Type: TypeUint32, Desc: "controlling terminal, 0 for none"},
	{Name: "proc.pname", Type: TypeString, Desc: "parent process name"},
	{Name: "proc.pexe", Type: TypeString, Desc: "parent argv[0]"},
	{Name: "proc.pexepath", Type: TypeString, Desc: "parent executable path"},
	{Name: "proc.pcmdline", Type: TypeString, Desc: "parent command line"},
	{Name: "proc.aname", Type: TypeString, Arg: ArgOptional, ArgIndex: true, AnyWithoutArg: true, NoRHS: true, NoTransformer: true, Desc: "name of the ancestor at a level (0 = the process), or of any ancestor without argument"},
	{Name: "proc.aexe", Type: TypeString, Arg: ArgOptional, ArgIndex: true, AnyWithoutArg: true, NoRHS: true, NoTransformer: true, Desc: "argv[0] of an ancestor"},
	{Name: "proc.aexepath", Type: TypeString, Arg: ArgOptional, ArgIndex: true, AnyWithoutArg: true, NoRHS: true, NoTransformer: true, Desc: "executable path of an ancestor"},
	{Name: "proc.acmdline", Type: TypeString, Arg: ArgOptional, ArgIndex: true, AnyWithoutArg: true, NoRHS: true, NoTransformer: true, Desc: "command line of an ancestor"},
	{Name: "proc.apid", Type: TypeInt64, Arg: ArgOptional, ArgIndex: true, AnyWithoutArg: true, NoRHS: true, NoTransformer: true, Desc: "pid of an ancestor"},
	{Name: "proc.is_exe_writable", Type: TypeBool, Desc: "executable writable by the process's user"},
	{Name: "proc.is_exe_upper_layer", Type: TypeBool, Desc: "executable in the upper layer of an overlay file system"},
	{Name: "proc.is_exe_from_memfd", Type: TypeBool, Desc: "executable from a memfd"},
	{Name: "thread.tid", Type: TypeInt64, Desc: "thread id"},
	{Name: "user.uid", Type: TypeUint32, Desc: "effective user id"},
	{Name: "user.name", Type: TypeString, Desc: "user name"},
	{Name: "user.loginuid", Type: TypeInt64, Desc: "audit login uid, -1 when unset"},
	{Name: "user.loginname", Type: TypeString, Desc: "audit login user name"},
	{Name: "group.gid", Type: TypeUint32, Desc: "effective group id"},
	{Name: "group.name", Type: TypeString, Desc: "group name"},
	{Name: "container.id", Type: TypeString, Plugin: containerPlugin, Desc: "container id (12 characters), host for host processes"},
	{Name: "container.full_id", Type: TypeString, Plugin: containerPlugin, Desc: "full container id"},
	{Name: "container.name", Type: TypeString, Plugin: containerPlugin, Desc: "container name, host for host processes"},
	{Name: "container.image", Type: TypeString, Plugin: containerPlugin, Desc: "container image"},
	{Name: "container.image.repository", Type: TypeString, Plugin: containerPlugin, Desc: "container image repository"},
	{Name: "container.image.tag", Type: TypeString, Plugin: containerPlugin, Desc: "container image tag"},
	{Name: "container.type", Type: TypeString, Plugin: containerPlugin, Desc: "container runtime type"},
	{Name: "container.privileged", Type: TypeBool, Plugin: containerPlugin, Desc: "privileged container"},
	{Name: "k8s.pod.name", Type: TypeString, Plugin: containerPlugin, Desc: "Kubernetes pod name"},
	{Name: "k8s.ns.name", Type: TypeString, Plugin: containerPlugin, Desc: "Kubernetes namespace name"},
}

// fieldSummary renders a field's type for messages: "string", "uint64 list".
func fieldSummary(t Type, list bool) string {
	if list {
		return t.String() + " list"
	}
	return t.String()
}

// describeOp is used in messages.
func describeOp(op Op, mod Modifier) string {
	if mod != ModNone {
		return string(op) + " " + string(mod)
	}
	return string(op)
}
