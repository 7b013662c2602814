package ecs

import (
	"bytes"

	"github.com/eql2falco/eql2falco/capture/fspath"
	"github.com/eql2falco/eql2falco/capture/ppm"
)

// File events: the documents Elastic Defend writes for file creations,
// deletions and renames on Linux, from the syscall exits that carry them.
// The model, with its sources and the decisions per document, is in
// docs/file-events.md; in short:
//
//   - creation: open, openat or openat2 returned an fd and the driver set
//     PPM_O_F_CREATED (the kernel's FMODE_CREATED: the call created the
//     file), without O_TMPFILE. Defend emits its creation at the same point
//     (fexit of do_filp_open with FMODE_CREATED). creat(2) is missed: its
//     exit event carries no created bit.
//   - deletion: unlink, or unlinkat without AT_REMOVEDIR, returned 0
//     (Defend: vfs_unlink returned 0; no rmdir).
//   - rename: rename, renameat or renameat2 returned 0 (Defend: vfs_rename
//     returned 0); file.path is the new path, file.Ext.original.path the
//     old one.
//
// Paths are joined as libsinsp joins them (fspath.Concat): an absolute path
// as it is, a relative one with the process's working directory or the
// directory fd's name, lexically. A path that cannot be made absolute (an
// unknown directory fd, no working directory) has no value.

// PPM flags and constants of file events (driver/ppm_events_public.h).
const (
	pOTmpfile    = 1 << 13 // PPM_O_TMPFILE
	pOFCreated   = 1 << 14 // PPM_O_F_CREATED: the file was created by the call
	pAtFDCWD     = -100    // PPM_AT_FDCWD
	pAtRemoveDir = 0x200   // PPM_AT_REMOVEDIR
)

// fileLayoutOf locates the parameters of the exit events a file document
// can come from (driver/event_table.c); ok is false for other events.
func fileLayoutOf(c ppm.Code) (l fileLayout, ok bool) {
	switch c {
	case ppm.CodeOpenX:
		return fileLayout{result: 0, fd: true, dirfd: -1, name: 1, flags: 2, action: FileCreation}, true
	case ppm.CodeOpenatX, ppm.CodeOpenat2X:
		return fileLayout{result: 0, fd: true, dirfd: 1, name: 2, flags: 3, action: FileCreation}, true
	case ppm.CodeUnlinkX:
		return fileLayout{result: 0, dirfd: -1, name: 1, flags: -1, action: FileDeletion}, true
	case ppm.CodeUnlinkatX:
		return fileLayout{result: 0, dirfd: 1, name: 2, flags: 3, action: FileDeletion}, true
	case ppm.CodeRenameX:
		return fileLayout{result: 0, oldDirfd: -1, oldName: 1, dirfd: -1, name: 2, flags: -1, action: FileRename}, true
	case ppm.CodeRenameatX, ppm.CodeRenameat2X:
		return fileLayout{result: 0, oldDirfd: 1, oldName: 2, dirfd: 3, name: 4, flags: -1, action: FileRename}, true
	}
	return fileLayout{}, false
}

// fileLayout locates the parameters of a file event; -1 is none (a dirfd:
// AT_FDCWD, the syscall takes none).
type fileLayout struct {
	result            int  // res, or the fd for an open
	fd                bool // result is an fd (>= 0 on success), not 0/-errno
	dirfd, name       int
	oldDirfd, oldName int // renames: the source
	flags             int
	action            FileAction
}

// fileOp is the file operation of a decoded file event: what the event
// says, and the paths resolved from it on first use.
type fileOp struct {
	action        FileAction // 0: no document
	name, oldName []byte     // the path parameters, as the caller passed them
	dirfd         int64
	oldDirfd      int64

	resolved bool
	path     []byte // nil: no value
	oldPath  []byte
	buf      []byte // holds path and oldPath
	dir      []byte // scratch: the name of a directory fd
}

// decode reads the operation of x, a file event of layout l, setting action
// to 0 when the event is no document.
func (f *fileOp) decode(x *Event, l fileLayout) {
	f.action, f.resolved, f.path, f.oldPath = 0, false, nil, nil
	res, ok := ppm.I64(x.param(l.result))
	switch {
	case !ok, l.fd && res < 0, !l.fd && res != 0:
		return
	}
	var flags uint32
	if l.flags >= 0 {
		if flags, ok = ppm.U32(x.param(l.flags)); !ok {
			return
		}
	}
	switch l.action {
	case FileCreation:
		if flags&pOFCreated == 0 || flags&pOTmpfile != 0 {
			return
		}
	case FileDeletion:
		if flags&pAtRemoveDir != 0 {
			return
		}
	}
	if f.name, ok = ppm.CharBuf(x.param(l.name)); !ok {
		return
	}
	if f.dirfd, ok = dirfdParam(x, l.dirfd); !ok {
		return
	}
	if l.action == FileRename {
		if f.oldName, ok = ppm.CharBuf(x.param(l.oldName)); !ok {
			return
		}
		if f.oldDirfd, ok = dirfdParam(x, l.oldDirfd); !ok {
			return
		}
	}
	f.action = l.action
}

// dirfdParam reads a PT_FD directory parameter; index -1 is AT_FDCWD.
func dirfdParam(x *Event, i int) (int64, bool) {
	if i < 0 {
		return pAtFDCWD, true
	}
	return ppm.I64(x.param(i))
}

// filePath returns the absolute path of the file (old: the source of a
// rename), resolving both paths on first use.
func (x *Event) filePath(old bool) ([]byte, bool) {
	f := &x.file
	if !f.resolved {
		f.resolved = true
		f.buf = f.buf[:0]
		f.path = x.resolve(f.dirfd, f.name)
		if f.action == FileRename {
			f.oldPath = x.resolve(f.oldDirfd, f.oldName)
		}
	}
	p := f.path
	if old {
		p = f.oldPath
	}
	return p, p != nil
}

// resolve joins name with the directory it is relative to, as libsinsp's
// parse_dirfd and concatenate_paths do, appending to x.file.buf; nil when
// the result is not an absolute path.
func (x *Event) resolve(dirfd int64, name []byte) []byte {
	f := &x.file
	var dir []byte
	switch {
	case len(name) > 0 && name[0] == '/':
	case dirfd == pAtFDCWD:
		// libsinsp's get_cwd: the main thread's, with a trailing '/'.
		t, ok := x.thread(relSelf, ThreadCwd)
		if !ok {
			return nil
		}
		dir = t.Cwd
	default:
		if x.threads == nil {
			return nil
		}
		var ok bool
		f.dir, ok = x.threads.ReadFD(x.ev.TID(), dirfd, f.dir[:0])
		if !ok {
			return nil // libsinsp's "<UNKNOWN>"
		}
		dir = f.dir
		if len(dir) > 0 && dir[len(dir)-1] != '/' {
			f.dir = append(f.dir, '/')
			dir = f.dir
		}
	}
	start := len(f.buf)
	f.buf = fspath.AppendConcat(f.buf, dir, name)
	p := f.buf[start:len(f.buf):len(f.buf)]
	if !absolute(p) || fspath.TooLong(p) {
		f.buf = f.buf[:start]
		return nil
	}
	return p
}

// baseName is the last component of an absolute path ("" for "/").
func baseName(p []byte) []byte { return p[bytes.LastIndexByte(p, '/')+1:] }

// extension is what follows the last '.' of a file name, the leading dot of
// a dot file included (".bashrc": "bashrc"), as Elastic's quark computes
// file.extension; ok is false without a dot or with nothing after it.
func extension(name []byte) ([]byte, bool) {
	i := bytes.LastIndexByte(name, '.')
	if i < 0 || i == len(name)-1 {
		return nil, false
	}
	return name[i+1:], true
}
