package scenario

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Scenario is a parsed scenario file.
type Scenario struct {
	Name        string       `yaml:"name"`
	Description string       `yaml:"description"`
	Tags        []string     `yaml:"tags"`
	Host        Host         `yaml:"host"`
	Users       []*User      `yaml:"users"`
	Containers  []*Container `yaml:"containers"`
	Processes   []*Process   `yaml:"processes"`
	Execs       []*Exec      `yaml:"execs"`

	file string
	src  []byte
}

// Host describes the machine and the capture as a whole.
type Host struct {
	Hostname string `yaml:"hostname"`
	CPUs     uint32 `yaml:"cpus"`
	BootTime string `yaml:"boot_time"` // RFC 3339
	Start    string `yaml:"start"`     // RFC 3339, timestamp of the first event
	// EnterEvents adds an execve enter event before each exec exit, as
	// drivers before libs 0.22 did (old readers take proc.exepath from it).
	EnterEvents bool `yaml:"enter_events"`
	pos         pos
}

// User is an account of the host or of a container image.
type User struct {
	Name  string `yaml:"name"`
	UID   uint32 `yaml:"uid"`
	GID   uint32 `yaml:"gid"`
	Home  string `yaml:"home"`
	Shell string `yaml:"shell"`
	pos   pos
}

// Container is a container and the cgroup layout of its runtime.
type Container struct {
	Name string `yaml:"name"`
	// Runtime: docker, containerd (ctr, a containerd namespace), cri-containerd
	// (Kubernetes), crio, podman or nerdctl. Default docker.
	Runtime string `yaml:"runtime"`
	// CgroupDriver: cgroupfs or systemd. Default cgroupfs.
	CgroupDriver string `yaml:"cgroup_driver"`
	// CgroupVersion 1 lists one entry per controller; 2 the unified
	// hierarchy (which libscap also expands to one entry per controller).
	CgroupVersion int    `yaml:"cgroup_version"`
	ID            string `yaml:"id"`         // full id; default derived from the name
	Namespace     string `yaml:"namespace"`  // containerd namespace (containerd, nerdctl); default "default"
	PodUID        string `yaml:"pod_uid"`    // Kubernetes pod uid; default derived from the name
	QoS           string `yaml:"qos"`        // guaranteed, burstable or besteffort (Kubernetes); default besteffort
	CgroupPath    string `yaml:"cgroup"`     // explicit cgroup path, overrides the layout
	Image         string `yaml:"image"`      // for the container metadata event
	Metadata      bool   `yaml:"metadata"`   // write a container metadata event (CONTAINER_JSON_2_E)
	InitStart     string `yaml:"init_start"` // start of the container's pid namespace init; default boot+1h
	pos           pos
}

// Process is a process already running when the capture starts; it goes to
// the capture's process list.
type Process struct {
	Name      string   `yaml:"name"` // reference; default the comm
	PID       int64    `yaml:"pid"`
	VPID      int64    `yaml:"vpid"`   // pid inside its container; default allocated from 1
	Parent    string   `yaml:"parent"` // a process name, or a pid
	Container string   `yaml:"container"`
	Exe       string   `yaml:"exe"` // the executable (proc.exepath)
	Argv      []string `yaml:"argv"`
	Comm      string   `yaml:"comm"` // default the base name of exe, 15 bytes at most
	Cwd       string   `yaml:"cwd"`
	Env       []string `yaml:"env"`
	User      string   `yaml:"user"` // a user name or uid; default root
	TTY       TTY      `yaml:"tty"`
	LoginUID  *uint32  `yaml:"loginuid"`
	// FDs are the process's open files in the capture's fd lists, by
	// number: a path (a directory when it ends with '/', which is not kept).
	FDs map[int64]string `yaml:"fds"`
	pos pos
}

// Exec is a program execution: by default the process named by Parent (or,
// nested under Then, the enclosing exec's process) forks a child that execs.
type Exec struct {
	Name   string `yaml:"name"`   // reference for later execs
	Parent string `yaml:"parent"` // top-level execs only: the forking process
	// Fork false execs in the parent process itself (a shell's exec builtin).
	Fork *bool    `yaml:"fork"`
	Argv []string `yaml:"argv"` // as passed to execve
	// Path is the file passed to execve; default argv[0] when it contains '/'.
	Path string `yaml:"path"`
	// Interpreter makes Path a "#!" script run by this interpreter: the
	// kernel rewrites argv to [interpreter, (interpreter_arg,) path, argv[1:]...].
	Interpreter    string `yaml:"interpreter"`
	InterpreterArg string `yaml:"interpreter_arg"`
	// Exe is the executable the kernel runs (trusted_exepath, proc.exepath):
	// the symlink target, busybox for an applet, the interpreter of a script.
	// Default the interpreter, else Path.
	Exe  string `yaml:"exe"`
	Comm string `yaml:"comm"` // default the base name of Path, 15 bytes at most
	// Result is the failure of the exec, an errno name (ENOENT) or number;
	// empty for success.
	Result string `yaml:"result"`
	// Syscall is execve (default) or execveat.
	Syscall   string   `yaml:"syscall"`
	DirFD     *int64   `yaml:"dirfd"`      // execveat: the directory fd; default AT_FDCWD
	EmptyPath bool     `yaml:"empty_path"` // execveat with AT_EMPTY_PATH (fexecve)
	Env       []string `yaml:"env"`
	User      string   `yaml:"user"`
	TTY       TTY      `yaml:"tty"`
	Keep      bool     `yaml:"keep"` // do not exit: later execs may use it as parent
	Then      []*Exec  `yaml:"then"` // run by this exec's process, before it exits
	// Exec false forks a child that does not exec: it runs Then and exits
	// (a subshell). Argv is then empty.
	Exec *bool `yaml:"exec"`
	// What the process about to exec does first, in this order: Setsid
	// starts a new session (and process group), Setpgid a new process group,
	// Chdir changes the working directory (a path relative to the current
	// one, or absolute).
	Setsid  bool   `yaml:"setsid"`
	Setpgid bool   `yaml:"setpgid"`
	Chdir   string `yaml:"chdir"`
	// ParentExits makes the parent exit right after the fork, before the
	// child's exec: the kernel hands the child to Reaper (a process name or
	// pid; default the init of the child's pid namespace: pid 1 on the
	// host, the container's process of vpid 1).
	ParentExits bool   `yaml:"parent_exits"`
	Reaper      string `yaml:"reaper"`
	// Thread makes a new thread of the process perform the exec: the old
	// main thread exits and the exec'ing thread takes over the process id,
	// as the kernel's de_thread does.
	Thread bool `yaml:"thread"`
	// Files are the file operations of the process after its exec (or,
	// with exec: false, of the child; with fork: false and exec: false, of
	// the parent itself), before the nested execs.
	Files []*FileOp `yaml:"files"`
	// Expect lists facts a reader must report for this exec's exit event,
	// keyed by Falco field name (proc.name, proc.exepath, proc.args,
	// proc.cmdline, proc.pname, proc.tty, proc.vpid, container.id, user.uid,
	// evt.res). Other keys are kept for other consumers.
	Expect map[string]any `yaml:"expect"`
	pos    pos
	fds    map[string]bool // fd names its file operations may use (validation)
}

// TTY is a controlling terminal: "pts/N", "ttyN", "ttySN", "console",
// "none", a device number, or a mapping {major, minor}.
type TTY struct {
	Set  bool
	Dev  uint32
	Text string
}

type pos struct{ line, col int }

func nodePos(n *yaml.Node) pos { return pos{n.Line, n.Column} }

// UnmarshalYAML records positions for error messages.
func (h *Host) UnmarshalYAML(n *yaml.Node) error {
	type plain Host
	h.pos = nodePos(n)
	return n.Decode((*plain)(h))
}

// UnmarshalYAML records positions for error messages.
func (u *User) UnmarshalYAML(n *yaml.Node) error {
	type plain User
	u.pos = nodePos(n)
	return n.Decode((*plain)(u))
}

// UnmarshalYAML records positions for error messages.
func (c *Container) UnmarshalYAML(n *yaml.Node) error {
	type plain Container
	c.pos = nodePos(n)
	return n.Decode((*plain)(c))
}

// UnmarshalYAML records positions for error messages.
func (p *Process) UnmarshalYAML(n *yaml.Node) error {
	type plain Process
	p.pos = nodePos(n)
	return n.Decode((*plain)(p))
}

// UnmarshalYAML records positions for error messages.
func (e *Exec) UnmarshalYAML(n *yaml.Node) error {
	type plain Exec
	e.pos = nodePos(n)
	return n.Decode((*plain)(e))
}

// UnmarshalYAML parses the terminal notations.
func (t *TTY) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		var mm struct {
			Major uint32 `yaml:"major"`
			Minor uint32 `yaml:"minor"`
		}
		if err := n.Decode(&mm); err != nil {
			return err
		}
		*t = TTY{Set: true, Dev: encodeDev(mm.Major, mm.Minor), Text: fmt.Sprintf("%d:%d", mm.Major, mm.Minor)}
		return nil
	}
	dev, err := parseTTY(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*t = TTY{Set: true, Dev: dev, Text: n.Value}
	return nil
}

// encodeDev is the kernel's new_encode_dev, the tty number drivers report.
func encodeDev(major, minor uint32) uint32 {
	return minor&0xff | major<<8 | (minor&^0xff)<<12
}

func parseTTY(s string) (uint32, error) {
	num := func(p string) (uint32, bool) {
		v, err := strconv.ParseUint(p, 10, 20)
		return uint32(v), err == nil
	}
	switch {
	case s == "none" || s == "0":
		return 0, nil
	case s == "console":
		return encodeDev(5, 1), nil
	case strings.HasPrefix(s, "pts/"):
		if n, ok := num(s[4:]); ok && n < 2048 {
			// Unix98 pty slaves use majors 136 to 143, 256 minors each.
			return encodeDev(136+n/256, n%256), nil
		}
	case strings.HasPrefix(s, "ttyS"):
		if n, ok := num(s[4:]); ok && n < 192 {
			return encodeDev(4, 64+n), nil
		}
	case strings.HasPrefix(s, "tty"):
		if n, ok := num(s[3:]); ok && n < 64 {
			return encodeDev(4, n), nil
		}
	default:
		if n, ok := num(s); ok {
			return n, nil
		}
	}
	return 0, fmt.Errorf("invalid tty %q: want pts/N, ttyN, ttySN, console, none, a device number or {major, minor}", s)
}

// Error is a problem in a scenario file, with its position.
type Error struct {
	File      string
	Line, Col int
	Code      string
	Msg       string
	Hint      string
	snippet   string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s: %s", e.File, e.Line, e.Col, e.Code, e.Msg)
	if e.snippet != "" {
		fmt.Fprintf(&b, "\n    %s\n    %s^", e.snippet, strings.Repeat(" ", max(e.Col-1, 0)))
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "\n    hint: %s", e.Hint)
	}
	return b.String()
}

// Errors is the list of problems found in a scenario.
type Errors []*Error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Error codes.
const (
	CodeSyntax       = "syntax"
	CodeUnknownField = "unknown-field"
	CodeMissing      = "missing"
	CodeInvalid      = "invalid"
	CodeUnknownRef   = "unknown-reference"
	CodeDuplicate    = "duplicate"
)

func (s *Scenario) errorf(p pos, code, hint, format string, args ...any) *Error {
	e := &Error{File: s.file, Line: p.line, Col: p.col, Code: code, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if lines := bytes.Split(s.src, []byte("\n")); p.line >= 1 && p.line <= len(lines) {
		e.snippet = strings.TrimRight(string(lines[p.line-1]), "\r")
	}
	return e
}

// Load reads and validates a scenario file.
func Load(path string) (*Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse parses and validates a scenario; name is used in error messages.
func Parse(name string, src []byte) (*Scenario, error) {
	s := &Scenario{file: name, src: src}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, Errors{s.yamlError(err)}
	}
	if len(root.Content) == 0 {
		return nil, Errors{s.errorf(pos{1, 1}, CodeMissing, "", "empty scenario")}
	}
	var errs Errors
	checkFields(s, root.Content[0], reflect.TypeOf(*s), &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	if err := root.Content[0].Decode(s); err != nil {
		return nil, Errors{s.yamlError(err)}
	}
	if errs := s.validate(); len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// yamlError turns a yaml.v3 error ("yaml: line 3: ...") into a positioned Error.
func (s *Scenario) yamlError(err error) *Error {
	msg := err.Error()
	line := 1
	if i := strings.Index(msg, "line "); i >= 0 {
		rest := msg[i+5:]
		if j := strings.IndexByte(rest, ':'); j > 0 {
			if n, err := strconv.Atoi(rest[:j]); err == nil {
				line = n
				msg = strings.TrimSpace(rest[j+1:])
			}
		}
	}
	msg = strings.TrimPrefix(strings.TrimPrefix(msg, "yaml: "), "unmarshal errors:\n")
	return s.errorf(pos{line, 1}, CodeSyntax, "", "%s", strings.TrimSpace(msg))
}

// checkFields reports mapping keys that the target struct type does not
// have, recursively (yaml.v3 cannot check them through UnmarshalYAML).
func checkFields(s *Scenario, n *yaml.Node, t reflect.Type, errs *Errors) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.AliasNode:
		checkFields(s, n.Alias, t, errs)
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		elem := t.Elem()
		for elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		for _, c := range n.Content {
			target := c
			if target.Kind == yaml.AliasNode && target.Alias != nil {
				target = target.Alias
			}
			if elem.Kind() == reflect.Struct && target.Kind != yaml.MappingNode {
				*errs = append(*errs, s.errorf(nodePos(c), CodeInvalid, "write the entry as `key: value` lines or {key: value, ...}",
					"list entry is not a mapping"))
				continue
			}
			checkFields(s, c, t.Elem(), errs)
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode && t != reflect.TypeOf(TTY{}):
		fields := map[string]reflect.Type{}
		var known []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if tag := strings.Split(f.Tag.Get("yaml"), ",")[0]; tag != "" && tag != "-" {
				fields[tag] = f.Type
				known = append(known, tag)
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				*errs = append(*errs, s.errorf(nodePos(k), CodeUnknownField, "known fields: "+strings.Join(known, ", "),
					"unknown field %q in %s", k.Value, strings.ToLower(t.Name())))
				continue
			}
			checkFields(s, n.Content[i+1], ft, errs)
		}
	}
}

func parseTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}
