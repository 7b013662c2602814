package threads

import (
	"github.com/eql2falco/eql2falco/capture/fspath"
	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/capture/scap"
)

// FD is an entry of a thread's file descriptor table, as far as libsinsp
// keeps names: the files and directories opened during the capture or listed
// in its fd lists.
type FD struct {
	// Name is libsinsp's fd.name: the opened path joined with the cwd or
	// the directory fd's name (fspath.Concat).
	Name string
	// Dir marks a directory (opened with O_DIRECTORY, or a directory of
	// the fd list); Cloexec an fd closed at exec.
	Dir, Cloexec bool
}

// FDs is a file descriptor table.
type FDs map[int64]FD

// MaxFDs is libsinsp's limit on the entries of one fd table
// (MAX_FD_TABLE_SIZE): a new fd is not added to a full table, an existing
// one is replaced (sinsp_fdtable::add_ref).
const MaxFDs = 4096

// add sets the entry of fd, as libsinsp's add_ref does.
func (fds FDs) add(fd int64, e FD) {
	if _, ok := fds[fd]; !ok && len(fds) >= MaxFDs {
		return
	}
	fds[fd] = e
}

// PPM flags and constants the fd table reads (driver/ppm_events_public.h).
const (
	oDirectory   = 1 << 10 // PPM_O_DIRECTORY
	oCloexec     = 1 << 12 // PPM_O_CLOEXEC
	atFDCWD      = -100    // PPM_AT_FDCWD
	fcntlDupFD   = 1       // PPM_FCNTL_F_DUPFD
	fcntlDupFDCx = 26      // PPM_FCNTL_F_DUPFD_CLOEXEC
	scapFDDir    = 2       // SCAP_FD_DIRECTORY
)

// FDTable returns the file descriptor table th uses: its own, or for a
// thread sharing its process's files (CLONE_FILES) the main thread's, as
// libsinsp's get_fd_table. It is nil when the main thread is unknown.
func (t *Table) FDTable(th *Thread) FDs {
	if th == nil {
		return nil
	}
	if th.Flags&FlagCloneFiles == 0 {
		if th.fds == nil {
			th.fds = FDs{}
		}
		return th.fds
	}
	if m := t.Main(th); m != nil {
		if m.fds == nil {
			m.fds = FDs{}
		}
		return m.fds
	}
	return nil
}

// Dir returns the directory a relative path of th is joined with, as
// libsinsp's parse_dirfd: "." for an absolute path, the cwd for AT_FDCWD,
// else the name of the fd, with a trailing '/'. ok is false when the fd is
// not in the table (libsinsp's "<UNKNOWN>").
func (t *Table) Dir(th *Thread, dirfd int64, path string) (dir string, ok bool) {
	switch {
	case path != "" && path[0] == '/':
		return ".", true
	case th == nil:
		return "", false
	case dirfd == atFDCWD:
		return t.cwd(th), true
	}
	fd, found := t.FDTable(th)[dirfd]
	if !found {
		return "", false
	}
	if fd.Name == "" || fd.Name[len(fd.Name)-1] == '/' {
		return fd.Name, true
	}
	return fd.Name + "/", true
}

// cwd is libsinsp's get_cwd: the main thread's, "./" without one.
func (t *Table) cwd(th *Thread) string {
	if m := t.Main(th); m != nil {
		return m.Cwd
	}
	return "./"
}

// loadFDs fills the fd tables of the process list's threads from the
// section's fd lists.
func (t *Table) loadFDs(lists []scap.FDList) {
	for _, l := range lists {
		th := t.threads[l.TID]
		if th == nil {
			continue
		}
		fds := t.FDTable(th)
		if fds == nil {
			continue
		}
		for _, fd := range l.FDs {
			fds.add(fd.Num, FD{Name: fd.Name, Dir: fd.Type == scapFDDir, Cloexec: fd.OpenFlags&oCloexec != 0})
		}
	}
}

// fdEvent applies an exit event that changes the fd table: the opens, close,
// the dups and fcntl's F_DUPFD (sinsp_parser's parse_open_openat_creat_exit,
// parse_close_exit, parse_dup_exit, parse_fcntl_exit). It reports whether e
// was one of them.
func (t *Table) fdEvent(e ppm.Event, th *Thread) bool {
	switch e.Type().Name() {
	case "open", "openat", "openat2", "creat":
		t.open(e, th)
	case "close":
		if res, ok := ppm.I64(e.ParamByName("res")); ok && res >= 0 {
			if fd, ok := ppm.I64(t.param(e, "fd")); ok {
				delete(t.FDTable(th), fd)
			}
		}
	case "dup", "dup2", "dup3":
		t.dup(e, th, "oldfd")
	case "fcntl":
		if cmd, ok := ppm.U8(e.ParamByName("cmd")); ok && (cmd == fcntlDupFD || cmd == fcntlDupFDCx) {
			t.dup(e, th, "fd")
		}
	default:
		return false
	}
	return true
}

// open adds the fd an open returned, named as libsinsp names it.
func (t *Table) open(e ppm.Event, th *Thread) {
	fd, ok := ppm.I64(e.ParamByName("fd"))
	fds := t.FDTable(th)
	if !ok || fd < 0 || fds == nil {
		return
	}
	name, ok := ppm.CharBuf(e.ParamByName("name"))
	if !ok {
		return // an open of an old layout: not followed
	}
	flags, _ := ppm.U32(e.ParamByName("flags"))
	var dir string
	switch e.Type().Name() {
	case "openat", "openat2":
		dirfd, _ := ppm.I64(e.ParamByName("dirfd"))
		if d, found := t.Dir(th, dirfd, string(name)); found {
			dir = d
		} else {
			dir = "<UNKNOWN>"
		}
	default: // open and creat: the cwd
		dir = t.cwd(th)
	}
	fds.add(fd, FD{Name: fspath.Concat(dir, string(name)), Dir: flags&oDirectory != 0, Cloexec: flags&oCloexec != 0})
}

// dup copies the entry of the fd in parameter from to the fd returned.
func (t *Table) dup(e ppm.Event, th *Thread, from string) {
	res, ok := ppm.I64(e.ParamByName("res"))
	fds := t.FDTable(th)
	if !ok || res < 0 || fds == nil {
		return
	}
	old, ok := ppm.I64(e.ParamByName(from))
	src, found := fds[old]
	if !ok || !found {
		return
	}
	src.Cloexec = false
	if e.Type().Name() == "dup3" {
		fl, _ := ppm.U32(e.ParamByName("flags"))
		src.Cloexec = fl&oCloexec != 0
	}
	if e.Type().Name() == "fcntl" {
		cmd, _ := ppm.U8(e.ParamByName("cmd"))
		src.Cloexec = cmd == fcntlDupFDCx
	}
	fds.add(res, src)
}

// closeOnExec drops the fds marked close-on-exec, as libsinsp does at a
// successful exec.
func (t *Table) closeOnExec(th *Thread) {
	fds := t.FDTable(th)
	for fd, e := range fds {
		if e.Cloexec {
			delete(fds, fd)
		}
	}
}

// copyFDs gives a new process a copy of the fd table it was forked from.
func copyFDs(from FDs) FDs {
	out := make(FDs, len(from))
	for fd, e := range from {
		out[fd] = e
	}
	return out
}
