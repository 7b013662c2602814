package exectest

import "github.com/eql2falco/eql2falco/capture/ppm"

// The flags of file events (driver/ppm_events_public.h).
const (
	OWronly   = 1 << 1  // PPM_O_WRONLY
	OCreat    = 1 << 2  // PPM_O_CREAT
	OTrunc    = 1 << 8  // PPM_O_TRUNC
	OTmpfile  = 1 << 13 // PPM_O_TMPFILE
	OFCreated = 1 << 14 // PPM_O_F_CREATED: the open created the file
	AtFDCWD   = -100    // PPM_AT_FDCWD
	AtRemove  = 0x200   // PPM_AT_REMOVEDIR
)

func params(code ppm.Code, ps ...[]byte) *Event {
	e := &Event{Code: code, N: len(ps)}
	copy(e.Params[:], ps)
	return e
}

// Open is an open exit (PPME_SYSCALL_OPEN_X): fd, name, flags, mode, dev,
// ino.
func Open(fd int64, name string, flags uint32) *Event {
	return params(ppm.CodeOpenX, ppm.PI64(fd), ppm.PCharBuf(name), ppm.PU32(flags), ppm.PU32(0o644),
		ppm.PU32(0x801), ppm.PU64(1234))
}

// Openat is an openat exit (PPME_SYSCALL_OPENAT_2_X): fd, dirfd, name,
// flags, mode, dev, ino.
func Openat(fd, dirfd int64, name string, flags uint32) *Event {
	return params(ppm.CodeOpenatX, ppm.PI64(fd), ppm.PI64(dirfd), ppm.PCharBuf(name), ppm.PU32(flags),
		ppm.PU32(0o644), ppm.PU32(0x801), ppm.PU64(1234))
}

// Openat2 is an openat2 exit (PPME_SYSCALL_OPENAT2_X): fd, dirfd, name,
// flags, mode, resolve, dev, ino.
func Openat2(fd, dirfd int64, name string, flags uint32) *Event {
	return params(ppm.CodeOpenat2X, ppm.PI64(fd), ppm.PI64(dirfd), ppm.PCharBuf(name), ppm.PU32(flags),
		ppm.PU32(0o644), ppm.PU32(0), ppm.PU32(0x801), ppm.PU64(1234))
}

// Unlink is an unlink exit (PPME_SYSCALL_UNLINK_2_X): res, path.
func Unlink(res int64, path string) *Event {
	return params(ppm.CodeUnlinkX, ppm.PI64(res), ppm.PCharBuf(path))
}

// Unlinkat is an unlinkat exit (PPME_SYSCALL_UNLINKAT_2_X): res, dirfd,
// name, flags.
func Unlinkat(res, dirfd int64, name string, flags uint32) *Event {
	return params(ppm.CodeUnlinkatX, ppm.PI64(res), ppm.PI64(dirfd), ppm.PCharBuf(name), ppm.PU32(flags))
}

// Rename is a rename exit (PPME_SYSCALL_RENAME_X): res, oldpath, newpath.
func Rename(res int64, oldpath, newpath string) *Event {
	return params(ppm.CodeRenameX, ppm.PI64(res), ppm.PCharBuf(oldpath), ppm.PCharBuf(newpath))
}

// Renameat is a renameat exit (PPME_SYSCALL_RENAMEAT_X): res, olddirfd,
// oldpath, newdirfd, newpath.
func Renameat(res, olddirfd int64, oldpath string, newdirfd int64, newpath string) *Event {
	return params(ppm.CodeRenameatX, ppm.PI64(res), ppm.PI64(olddirfd), ppm.PCharBuf(oldpath),
		ppm.PI64(newdirfd), ppm.PCharBuf(newpath))
}

// Renameat2 is a renameat2 exit (PPME_SYSCALL_RENAMEAT2_X): renameat's
// parameters and flags.
func Renameat2(res, olddirfd int64, oldpath string, newdirfd int64, newpath string, flags uint32) *Event {
	return params(ppm.CodeRenameat2X, ppm.PI64(res), ppm.PI64(olddirfd), ppm.PCharBuf(oldpath),
		ppm.PI64(newdirfd), ppm.PCharBuf(newpath), ppm.PU32(flags))
}
