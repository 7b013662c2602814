package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

// FileOp is an operation on a file by a process: what an exec's process does
// after its exec (files: under an exec), in order. Each becomes the syscall's
// events as the drivers write them: enter and exit for the opens, the exit
// alone for the others (libs 0.25 drivers send no enter event for unlink,
// rename, close, write, chmod and symlinkat).
type FileOp struct {
	// Op is what happens: create (an open that creates the file: O_CREAT
	// and the driver's created flag), open (an open of an existing file),
	// creat (the creat syscall, which reports no created flag), unlink,
	// rmdir (unlinkat with AT_REMOVEDIR), rename, close, write, chmod,
	// symlink (a link at To pointing to Path).
	Op string `yaml:"op"`
	// Syscall picks the syscall of create and open (open, openat, openat2;
	// default openat), unlink (unlink, unlinkat; default unlinkat) and
	// rename (rename, renameat, renameat2; default rename).
	Syscall string `yaml:"syscall"`
	Path    string `yaml:"path"` // as passed; the source of a rename, the target of a symlink
	To      string `yaml:"to"`   // rename: the new path; symlink: the link's path
	// DirFD and ToDirFD are the directory fds of the *at syscalls: the name
	// an earlier open of the process gave its fd (fd: name), an fd number
	// (of the process list's fds), or empty for AT_FDCWD.
	DirFD   string `yaml:"dirfd"`
	ToDirFD string `yaml:"to_dirfd"`
	// Flags are the open flags (O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL,
	// O_TRUNC, O_APPEND, O_DIRECTORY, O_CLOEXEC, O_TMPFILE); default
	// O_WRONLY|O_CREAT|O_TRUNC for create, O_RDONLY for open.
	Flags []string `yaml:"flags"`
	// Created overrides whether the kernel reports the file created by the
	// open: default true for create, false for open.
	Created *bool `yaml:"created"`
	// Flag is the flags argument of renameat2 (RENAME_NOREPLACE,
	// RENAME_EXCHANGE, RENAME_WHITEOUT).
	Flag string `yaml:"flag"`
	// FD names the fd an open returns, for later dirfd, close and write.
	FD string `yaml:"fd"`
	// Result makes the call fail with an errno name or number.
	Result string `yaml:"result"`
	// Thread makes a new thread of the process (pthread_create: it shares
	// the process's files and working directory) perform the call.
	Thread bool `yaml:"thread"`
	// Expect, as an exec's: the verdicts of rules on the operation's exit
	// event (match: {rule: true|false}).
	Expect map[string]any `yaml:"expect"`
	pos    pos
}

// UnmarshalYAML records positions for error messages.
func (f *FileOp) UnmarshalYAML(n *yaml.Node) error {
	type plain FileOp
	f.pos = nodePos(n)
	return n.Decode((*plain)(f))
}

// FileRecord ties a file operation of the scenario to its exit event.
type FileRecord struct {
	Op     string         `json:"op"`
	Line   int            `json:"line"` // line of the operation in the scenario file
	Num    uint64         `json:"num"`  // evt.num of its exit event
	TID    int64          `json:"tid"`
	Path   string         `json:"path"` // as passed
	Failed bool           `json:"failed"`
	Expect map[string]any `json:"expect,omitempty"`
}

// The PPM open flags (driver/ppm_events_public.h; PPM_O_RDONLY is a bit of
// its own).
var openFlags = map[string]uint32{
	"O_RDONLY": 1 << 0, "O_WRONLY": 1 << 1, "O_RDWR": 1<<0 | 1<<1, "O_CREAT": 1 << 2, "O_APPEND": 1 << 3,
	"O_EXCL": 1 << 5, "O_TRUNC": 1 << 8, "O_DIRECTORY": 1 << 10, "O_CLOEXEC": 1 << 12, "O_TMPFILE": 1 << 13,
}

const (
	oFCreated   = 1 << 14 // PPM_O_F_CREATED
	atRemoveDir = 0x200   // PPM_AT_REMOVEDIR
)

// renameat2 flags (PPM_RENAME_*).
var renameFlags = map[string]uint32{"RENAME_NOREPLACE": 1, "RENAME_EXCHANGE": 2, "RENAME_WHITEOUT": 4}

var fileSyscalls = map[string][]string{
	"create": {"openat", "open", "openat2"}, "open": {"openat", "open", "openat2"}, "creat": {"creat"},
	"unlink": {"unlinkat", "unlink"}, "rmdir": {"unlinkat"}, "rename": {"rename", "renameat", "renameat2"},
	"close": {"close"}, "write": {"write"}, "chmod": {"chmod"}, "symlink": {"symlinkat"},
}

// checkFiles validates the file operations of an exec and fills defaults.
// fds are the fd names known before them (the process's), updated.
func (s *Scenario) checkFiles(e *Exec, fds map[string]bool, add func(*Error)) {
	for _, f := range e.Files {
		calls, ok := fileSyscalls[f.Op]
		if !ok {
			ops := make([]string, 0, len(fileSyscalls))
			for op := range fileSyscalls {
				ops = append(ops, op)
			}
			sort.Strings(ops)
			add(s.errorf(f.pos, CodeInvalid, "one of "+strings.Join(ops, ", "), "unknown file op %q", f.Op))
			continue
		}
		if f.Syscall == "" {
			f.Syscall = calls[0]
		}
		if !contains(calls, f.Syscall) {
			add(s.errorf(f.pos, CodeInvalid, "for "+f.Op+": "+strings.Join(calls, ", "), "op %s cannot be syscall %q", f.Op, f.Syscall))
		}
		needPath := f.Op != "close" && f.Op != "write"
		if needPath && f.Path == "" {
			add(s.errorf(f.pos, CodeMissing, "the path as the process passes it", "file op %s without a path", f.Op))
		}
		if (f.Op == "rename" || f.Op == "symlink") != (f.To != "") {
			add(s.errorf(f.pos, CodeInvalid, "`to` is the new path of a rename and the link of a symlink", "op %s with to %q", f.Op, f.To))
		}
		atCall := strings.HasSuffix(f.Syscall, "at") || f.Syscall == "openat2" || f.Syscall == "renameat2"
		if (f.DirFD != "" || f.ToDirFD != "") && !atCall {
			add(s.errorf(f.pos, CodeInvalid, "choose an *at syscall, e.g. `syscall: openat`", "dirfd with syscall %s", f.Syscall))
		}
		for _, ref := range []string{f.DirFD, f.ToDirFD} {
			if ref != "" && !fds[ref] && !isNumber(ref) {
				add(s.errorf(f.pos, CodeUnknownRef, "name the fd of an earlier open with `fd: name`, or give a number", "unknown fd %q", ref))
			}
		}
		if (f.Op == "close" || f.Op == "write") && !fds[f.FD] && !isNumber(f.FD) {
			add(s.errorf(f.pos, CodeUnknownRef, "name the fd of an earlier open, or give a number", "op %s needs the fd: %q is not one", f.Op, f.FD))
		}
		isOpen := f.Op == "create" || f.Op == "open" || f.Op == "creat"
		if len(f.Flags) > 0 && f.Op != "create" && f.Op != "open" {
			add(s.errorf(f.pos, CodeInvalid, "", "flags apply to create and open"))
		}
		for _, fl := range f.Flags {
			if _, ok := openFlags[fl]; !ok {
				add(s.errorf(f.pos, CodeInvalid, "O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_CLOEXEC, O_TMPFILE", "unknown flag %q", fl))
			}
		}
		if f.Created != nil && f.Op != "create" && f.Op != "open" {
			add(s.errorf(f.pos, CodeInvalid, "", "created applies to create and open"))
		}
		if f.Flag != "" {
			if _, ok := renameFlags[f.Flag]; !ok || f.Syscall != "renameat2" {
				add(s.errorf(f.pos, CodeInvalid, "RENAME_NOREPLACE, RENAME_EXCHANGE or RENAME_WHITEOUT, with syscall renameat2", "flag %q", f.Flag))
			}
		}
		if f.FD != "" && isOpen && f.Result == "" {
			if isNumber(f.FD) {
				add(s.errorf(f.pos, CodeInvalid, "a name such as etc or log", "an fd name cannot be a number"))
			}
			fds[f.FD] = true
		}
		if f.Result != "" {
			if _, err := errnoOf(f.Result); err != nil {
				add(s.errorf(f.pos, CodeInvalid, "an errno name such as ENOENT or EACCES, or its number", "%v", err))
			}
		}
		if len(f.Path) > maxPath || len(f.To) > maxPath {
			add(s.errorf(f.pos, CodeInvalid, "", "path longer than %d bytes", maxPath))
		}
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// fileOps returns every file operation of the scenario, nested execs
// included.
func (s *Scenario) fileOps() []*FileOp {
	var out []*FileOp
	var walk func(es []*Exec)
	walk = func(es []*Exec) {
		for _, e := range es {
			out = append(out, e.Files...)
			walk(e.Then)
		}
	}
	walk(s.Execs)
	return out
}

// files writes the file operations of e by process p.
func (b *builder) files(e *Exec, p *proc) {
	for _, f := range e.Files {
		b.fileOp(f, p)
	}
}

// fdOf resolves an fd reference of p: a name given by an earlier open, a
// number, or "" for AT_FDCWD.
func (p *proc) fdOf(ref string) int64 {
	if ref == "" {
		return atFDCWD
	}
	if fd, ok := p.fdNames[ref]; ok { // a nil map has no names
		return fd
	}
	n, _ := strconv.ParseInt(ref, 10, 64)
	return n
}

// newFD allocates the lowest free fd of p from 3, as the kernel does.
func (p *proc) newFD() int64 {
	if p.openFDs == nil {
		p.openFDs = map[int64]bool{}
	}
	for fd := int64(3); ; fd++ {
		if !p.openFDs[fd] {
			p.openFDs[fd] = true
			return fd
		}
	}
}

func (b *builder) fileOp(f *FileOp, p *proc) {
	var res int64
	if f.Result != "" {
		n, _ := errnoOf(f.Result)
		res = -n
	}
	tid := p.tid
	if f.Thread {
		tid = b.thread(p)
	}
	h := ppm.Header{TID: tid}
	ev := func(code ppm.Code, params ...[]byte) {
		h.Type = code
		b.event(tid, h, params...)
	}
	str := ppm.PCharBuf
	dirfd := p.fdOf(f.DirFD)
	switch f.Op {
	case "create", "open", "creat":
		var flags uint32
		names := f.Flags
		if len(names) == 0 {
			names = []string{"O_RDONLY"}
			if f.Op == "create" {
				names = []string{"O_WRONLY", "O_CREAT", "O_TRUNC"}
			}
		}
		for _, n := range names {
			flags |= openFlags[n]
		}
		created := f.Op == "create"
		if f.Created != nil {
			created = *f.Created
		}
		fd := res
		if res == 0 {
			fd = p.newFD()
			if f.FD != "" {
				if p.fdNames == nil {
					p.fdNames = map[string]int64{}
				}
				p.fdNames[f.FD] = fd
			}
		}
		exitFlags := flags
		if created && res == 0 && f.Op != "creat" {
			exitFlags |= oFCreated
		}
		const mode, dev, ino = 0o644, 0x801, 4242
		switch f.Syscall {
		case "open":
			ev(ppm.CodeOpenE, str(f.Path), ppm.PU32(flags), ppm.PU32(mode))
			ev(ppm.CodeOpenX, ppm.PI64(fd), str(f.Path), ppm.PU32(exitFlags), ppm.PU32(mode), ppm.PU32(dev), ppm.PU64(ino))
		case "openat":
			ev(ppm.CodeOpenatE, ppm.PI64(dirfd), str(f.Path), ppm.PU32(flags), ppm.PU32(mode))
			ev(ppm.CodeOpenatX, ppm.PI64(fd), ppm.PI64(dirfd), str(f.Path), ppm.PU32(exitFlags), ppm.PU32(mode), ppm.PU32(dev), ppm.PU64(ino))
		case "openat2":
			ev(ppm.CodeOpenat2E, ppm.PI64(dirfd), str(f.Path), ppm.PU32(flags), ppm.PU32(mode), ppm.PU32(0))
			ev(ppm.CodeOpenat2X, ppm.PI64(fd), ppm.PI64(dirfd), str(f.Path), ppm.PU32(exitFlags), ppm.PU32(mode), ppm.PU32(0), ppm.PU32(dev), ppm.PU64(ino))
		case "creat":
			ev(ppm.CodeCreatE, str(f.Path), ppm.PU32(mode))
			ev(ppm.CodeCreatX, ppm.PI64(fd), str(f.Path), ppm.PU32(mode), ppm.PU32(dev), ppm.PU64(ino), ppm.PU16(0))
		}
	case "unlink", "rmdir":
		if f.Syscall == "unlink" {
			ev(ppm.CodeUnlinkX, ppm.PI64(res), str(f.Path))
		} else {
			var flags uint32
			if f.Op == "rmdir" {
				flags = atRemoveDir
			}
			ev(ppm.CodeUnlinkatX, ppm.PI64(res), ppm.PI64(dirfd), str(f.Path), ppm.PU32(flags))
		}
	case "rename":
		to := p.fdOf(f.ToDirFD)
		switch f.Syscall {
		case "rename":
			ev(ppm.CodeRenameX, ppm.PI64(res), str(f.Path), str(f.To))
		case "renameat":
			ev(ppm.CodeRenameatX, ppm.PI64(res), ppm.PI64(dirfd), str(f.Path), ppm.PI64(to), str(f.To))
		case "renameat2":
			ev(ppm.CodeRenameat2X, ppm.PI64(res), ppm.PI64(dirfd), str(f.Path), ppm.PI64(to), str(f.To), ppm.PU32(renameFlags[f.Flag]))
		}
	case "close":
		fd := p.fdOf(f.FD)
		ev(ppm.CodeCloseX, ppm.PI64(res), ppm.PI64(fd))
		if res == 0 {
			delete(p.openFDs, fd)
		}
	case "write":
		data := []byte("written\n")
		n := int64(len(data))
		if res != 0 {
			n = res
		}
		ev(ppm.CodeWriteX, ppm.PI64(n), data, ppm.PI64(p.fdOf(f.FD)), ppm.PU32(uint32(len(data))))
	case "chmod":
		ev(ppm.CodeChmodX, ppm.PI64(res), str(f.Path), ppm.PU32(0o755))
	case "symlink":
		ev(ppm.CodeSymlinkatX, ppm.PI64(res), str(f.Path), ppm.PI64(p.fdOf(f.ToDirFD)), str(f.To))
	}
	b.man.Files = append(b.man.Files, FileRecord{Op: f.Op, Line: f.pos.line, Num: b.num, TID: tid, Path: f.Path,
		Failed: res != 0, Expect: f.Expect})
}

// String describes the operation for reports.
func (r FileRecord) String() string {
	return fmt.Sprintf("%s %s", r.Op, r.Path)
}
