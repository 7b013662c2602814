package ppm

// ProcKind classifies the events that describe a process.
type ProcKind uint8

// Process event kinds.
const (
	NotProc   ProcKind = iota
	ProcExec           // exit of execve or execveat, any version
	ProcClone          // exit of clone, fork, vfork or clone3, any version
)

// ProcKind tells whether c is an exec or clone-family exit event.
func (c Code) ProcKind() ProcKind {
	if c.Known() {
		return procKinds[c]
	}
	return NotProc
}

var procKinds = func() (k [NumCodes]ProcKind) {
	for _, c := range []Code{CodeExecve8X, CodeExecve13X, CodeExecve14X, CodeExecve15X, CodeExecve16X,
		CodeExecve17X, CodeExecve18X, CodeExecveX, CodeExecveatX} {
		k[c] = ProcExec
	}
	for _, c := range []Code{CodeClone11X, CodeClone16X, CodeClone17X, CodeForkOldX, CodeFork17X,
		CodeVforkOldX, CodeVfork17X, CodeCloneX, CodeForkX, CodeVforkX, CodeClone3X} {
		k[c] = ProcClone
	}
	return k
}()

// Field names a process parameter independently of the event version that
// carries it. Flags means the exe flags (PPM_EXE_*) in exec events and the
// clone flags (PPM_CL_*) in clone events, as the drivers name both "flags".
type Field uint8

// Process fields, named after the driver's parameter names.
const (
	FieldRes Field = iota
	FieldExe
	FieldArgs
	FieldTID
	FieldPID
	FieldPTID
	FieldCwd
	FieldFdlimit
	FieldPgftMaj
	FieldPgftMin
	FieldVMSize
	FieldVMRSS
	FieldVMSwap
	FieldComm
	FieldCgroups
	FieldEnv
	FieldTTY
	FieldVPGID
	FieldLoginUID
	FieldFlags
	FieldCapInheritable
	FieldCapPermitted
	FieldCapEffective
	FieldExeIno
	FieldExeInoCtime
	FieldExeInoMtime
	FieldUID
	FieldTrustedExepath
	FieldPGID
	FieldGID
	FieldFilename
	FieldVTID
	FieldVPID
	FieldPidnsInitStartTS
	numFields
)

var fieldNames = [numFields]string{
	"res", "exe", "args", "tid", "pid", "ptid", "cwd", "fdlimit", "pgft_maj", "pgft_min",
	"vm_size", "vm_rss", "vm_swap", "comm", "cgroups", "env", "tty", "vpgid", "loginuid", "flags",
	"cap_inheritable", "cap_permitted", "cap_effective", "exe_ino", "exe_ino_ctime",
	"exe_ino_mtime", "uid", "trusted_exepath", "pgid", "gid", "filename", "vtid", "vpid",
	"pidns_init_start_ts",
}

// String is the driver's parameter name.
func (f Field) String() string {
	if f < numFields {
		return fieldNames[f]
	}
	return "field?"
}

// procFields maps, for each process event code, parameter index -> Field.
var procFields = func() (m [NumCodes][]Field) {
	byName := map[string]Field{}
	for f, n := range fieldNames {
		byName[n] = Field(f)
	}
	for c := Code(0); c < NumCodes; c++ {
		if c.ProcKind() == NotProc {
			continue
		}
		ps := c.Params()
		m[c] = make([]Field, len(ps))
		for i, p := range ps {
			f, ok := byName[p.Name]
			if !ok {
				panic("ppm: unmapped process parameter " + p.Name) // caught by tests
			}
			m[c][i] = f
		}
	}
	return m
}()

// Proc is a decoded exec or clone-family exit event: its parameters by Field,
// whatever the event version. The byte slices alias the event; nil means the
// event does not carry the parameter, empty means it is present but empty.
// Both mean "absent" to libsinsp.
type Proc struct {
	Kind ProcKind
	Type Code
	raw  [numFields][]byte
}

// DecodeProc decodes an exec or clone-family exit event. ok is false for
// other events. It walks the parameters once and does not allocate.
func DecodeProc(e Event) (p Proc, ok bool) {
	c := e.Type()
	p.Kind = c.ProcKind()
	if p.Kind == NotProc {
		return p, false
	}
	p.Type = c
	fields := procFields[c]
	n := min(e.nparams, len(fields))
	off := e.dataOff
	for i := 0; i < n; i++ {
		l := int(paramLen(e.raw, i, e.lenSize))
		p.raw[fields[i]] = e.raw[off : off+l : off+l]
		off += l
	}
	return p, true
}

// Raw returns the bytes of field f (nil when absent from the event).
func (p *Proc) Raw(f Field) []byte {
	if f >= numFields {
		return nil
	}
	return p.raw[f]
}

// Has reports whether field f is present with a non-zero length.
func (p *Proc) Has(f Field) bool { return len(p.Raw(f)) > 0 }

// Int64 decodes an 8-byte field (res, tids, pids, pgid, ...).
func (p *Proc) Int64(f Field) (int64, bool) { return I64(p.Raw(f)) }

// Uint64 decodes an 8-byte unsigned field (fdlimit, caps, exe_ino, times).
func (p *Proc) Uint64(f Field) (uint64, bool) { return U64(p.Raw(f)) }

// Uint32 decodes a 4-byte field (tty, uid, gid, loginuid, flags, vm_*).
func (p *Proc) Uint32(f Field) (uint32, bool) { return U32(p.Raw(f)) }

// String returns the text of a string field (exe, comm, cwd, trusted_exepath,
// filename) without its NUL; ok is false when absent.
func (p *Proc) String(f Field) ([]byte, bool) { return CharBuf(p.Raw(f)) }

// Res is the return value: 0 for a successful exec, the child's tid in the
// parent and 0 in the child for clones, -errno on failure. ok is false when the
// event lacks it (corrupt event).
func (p *Proc) Res() (int64, bool) { return p.Int64(FieldRes) }

// Succeeded reports whether the syscall succeeded (res >= 0).
func (p *Proc) Succeeded() bool {
	r, ok := p.Res()
	return ok && r >= 0
}

// TTY is the controlling terminal device number (0 = none); ok is false when
// the event predates the parameter.
func (p *Proc) TTY() (uint32, bool) { return p.Uint32(FieldTTY) }
