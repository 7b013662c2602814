package ecs

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/eql2falco/eql2falco/capture/containerid"
	"github.com/eql2falco/eql2falco/capture/ppm"
)

// Value receives the value of one field. The member that is set follows the
// field's Type and List: Str for a string, List for a string list, U64 for a
// uint64, Bool for a bool. Str and List elements alias the event bytes or
// the Value's own scratch space; they are read-only and valid until the next
// extraction into the same Value. A Value is reused from one extraction to the next, so
// extracting does not allocate once its buffers have grown.
type Value struct {
	Str  []byte
	List [][]byte
	U64  uint64
	Bool bool

	buf []byte // scratch for values built from the event (ids, command line)
}

// extractFn computes a field of a decoded document (an exec or a file
// event, by the function's place in the field table) into v and reports
// whether it has a value. It sets only the member of v its field uses.
type extractFn func(x *Event, c *Config, v *Value) bool

// extract computes field f of x into v. It applies what is common to every
// field: an event that is no document (a failed exec, an open that created
// nothing) has no value, and values longer than IgnoreAbove are left out as
// Elasticsearch leaves them out of its index.
func (f *Field) extract(x *Event, c *Config, v *Value) bool {
	var fn extractFn
	switch x.kind {
	case KindExec:
		fn = f.exec
	case KindFile:
		fn = f.file
	}
	if fn == nil || !fn(x, c, v) {
		return false
	}
	if f.IgnoreAbove == 0 {
		return true
	}
	if !f.List {
		return !exceeds(v.Str, f.IgnoreAbove)
	}
	kept := v.List[:0]
	for _, s := range v.List {
		if !exceeds(s, f.IgnoreAbove) {
			kept = append(kept, s)
		}
	}
	v.List = kept
	return len(kept) > 0
}

// exceeds reports whether s is longer than limit in the unit of
// Elasticsearch's ignore_above: characters of a Java string (UTF-16 code
// units). A code point above U+FFFF counts two; an invalid UTF-8 byte counts
// one, like the U+FFFD a JSON encoder puts in its place.
func exceeds(s []byte, limit int) bool {
	if len(s) <= limit { // UTF-8 never takes fewer bytes than UTF-16 units
		return false
	}
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		if n++; r > 0xFFFF {
			n++
		}
		if n > limit {
			return true
		}
	}
	return false
}

func constant(s string) extractFn {
	b := []byte(s)
	return func(_ *Event, _ *Config, v *Value) bool {
		v.Str = b
		return true
	}
}

func processName(x *Event, _ *Config, v *Value) bool {
	p, ok := x.exePath()
	if !ok {
		return false
	}
	v.Str = p[bytes.LastIndexByte(p, '/')+1:]
	return len(v.Str) > 0
}

func processExecutable(x *Event, _ *Config, v *Value) bool {
	p, ok := x.exePath()
	v.Str = p
	return ok
}

// argv calls fn for argv[0] (the exe parameter) and each element of the args
// parameter. It returns false, without calling fn, when exe is absent: argv
// cannot be rebuilt without its first element.
func argv(x *Event, fn func(s []byte) bool) bool {
	exe, ok := x.exe()
	if !ok {
		return false
	}
	if fn(exe) {
		ppm.Strings(x.param(ppm.ExecArgs), fn)
	}
	return true
}

func processArgs(x *Event, _ *Config, v *Value) bool {
	v.List = v.List[:0]
	return argv(x, func(s []byte) bool {
		v.List = append(v.List, s)
		return true
	})
}

func processArgsCount(x *Event, _ *Config, v *Value) bool {
	if _, ok := x.exe(); !ok {
		return false
	}
	v.U64 = 1 + uint64(ppm.CountStrings(x.param(ppm.ExecArgs)))
	return true
}

func processCommandLine(x *Event, _ *Config, v *Value) bool {
	v.buf = v.buf[:0]
	first := true
	ok := argv(x, func(s []byte) bool {
		if !first {
			v.buf = append(v.buf, ' ')
		}
		first = false
		v.buf = append(v.buf, s...)
		return true
	})
	v.Str = v.buf
	return ok
}

func processEnvVars(x *Event, _ *Config, v *Value) bool {
	v.List = v.List[:0]
	ppm.Strings(x.param(ppm.ExecEnv), func(s []byte) bool {
		v.List = append(v.List, s)
		return true
	})
	return len(v.List) > 0
}

// pidParam reads a PT_PID parameter. A negative id has no uint64 value.
func pidParam(i int) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		id, ok := ppm.I64(x.param(i))
		v.U64 = uint64(id)
		return ok && id >= 0
	}
}

// idParam reads a PT_UID/PT_GID parameter as a decimal string.
func idParam(i int) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		id, ok := ppm.U32(x.param(i))
		if !ok {
			return false
		}
		v.buf = strconv.AppendUint(v.buf[:0], uint64(id), 10)
		v.Str = v.buf
		return true
	}
}

func processInteractive(x *Event, _ *Config, v *Value) bool {
	tty, ok := ppm.U32(x.param(ppm.ExecTTY))
	v.Bool = tty != 0
	return ok
}

// The tty parameter is a device number in the kernel's new_encode_dev form:
// minor bits 0-7, major bits 8-19, minor bits 8-19 in bits 20-31.
func ttyMajor(x *Event, _ *Config, v *Value) bool {
	tty, ok := ppm.U32(x.param(ppm.ExecTTY))
	v.U64 = uint64(tty&0xfff00) >> 8
	return ok && tty != 0
}

func ttyMinor(x *Event, _ *Config, v *Value) bool {
	tty, ok := ppm.U32(x.param(ppm.ExecTTY))
	v.U64 = uint64(tty&0xff | tty>>12&0xfff00)
	return ok && tty != 0
}

func containerID(x *Event, c *Config, v *Value) bool {
	id := x.containerID(c.ContainerLayouts)
	if c.ContainerIDFormat == ContainerIDShort {
		id = containerid.ShortBytes(id)
	}
	v.Str = id
	return len(id) > 0
}

// The fields of related processes, read from the thread table.

// absolute reports whether p is an absolute path: libsinsp keeps "<NA>"
// where it could not tell the executable.
func absolute(p []byte) bool { return len(p) > 0 && p[0] == '/' }

func threadName(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		t, ok := x.thread(r, ThreadExePath)
		if !ok || !absolute(t.ExePath) {
			return false
		}
		v.Str = t.ExePath[bytes.LastIndexByte(t.ExePath, '/')+1:]
		return len(v.Str) > 0
	}
}

func threadExecutable(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		t, ok := x.thread(r, ThreadExePath)
		if !ok || !absolute(t.ExePath) {
			return false
		}
		v.Str = t.ExePath
		return true
	}
}

// threadArgv calls fn for argv[0] (exe) and each argument of relative r.
func threadArgv(x *Event, r relative, fn func(s []byte)) bool {
	t, ok := x.thread(r, ThreadExe|ThreadArgs)
	if !ok {
		return false
	}
	fn(t.Exe)
	for _, a := range t.Args {
		fn(a)
	}
	return true
}

func threadArgs(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		v.List = v.List[:0]
		return threadArgv(x, r, func(s []byte) { v.List = append(v.List, s) })
	}
}

func threadArgsCount(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		t, ok := x.thread(r, ThreadExe|ThreadArgs)
		if !ok {
			return false
		}
		v.U64 = 1 + uint64(len(t.Args))
		return true
	}
}

func threadCommandLine(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		v.buf = v.buf[:0]
		first := true
		ok := threadArgv(x, r, func(s []byte) {
			if !first {
				v.buf = append(v.buf, ' ')
			}
			first = false
			v.buf = append(v.buf, s...)
		})
		v.Str = v.buf
		return ok
	}
}

// workingDirectory gives the cwd of relative r without libsinsp's trailing
// slash.
func workingDirectory(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		t, ok := x.thread(r, ThreadCwd)
		if !ok || !absolute(t.Cwd) {
			return false
		}
		v.Str = t.Cwd
		if len(v.Str) > 1 && v.Str[len(v.Str)-1] == '/' {
			v.Str = v.Str[:len(v.Str)-1]
		}
		return true
	}
}

func threadInteractive(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		t, ok := x.thread(r, ThreadTTY)
		if ok {
			v.Bool = t.TTY != 0
		}
		return ok
	}
}

// unknownID is the id libsinsp gives a thread whose user it does not know.
const unknownID = 0xFFFFFFFF

// threadUser gives the effective uid (or, with group, gid) of relative r.
func threadUser(r relative, group bool) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		t, ok := x.thread(r, ThreadUser)
		if !ok {
			return false
		}
		id := t.UID
		if group {
			id = t.GID
		}
		if id == unknownID {
			return false
		}
		v.buf = strconv.AppendUint(v.buf[:0], uint64(id), 10)
		v.Str = v.buf
		return true
	}
}

// threadPID gives the pid of relative r's entry.
func threadPID(r relative) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		t, ok := x.thread(r, ThreadIDs)
		if ok {
			v.U64 = uint64(t.PID)
		}
		return ok
	}
}

// The fields of file events.

func fileEventType(x *Event, _ *Config, v *Value) bool {
	v.Str = fileTypeBytes[x.file.action]
	return v.Str != nil
}

func fileEventAction(x *Event, _ *Config, v *Value) bool {
	v.Str = fileActionBytes[x.file.action]
	return v.Str != nil
}

// The event.type and event.action values, as bytes, by FileAction.
var fileTypeBytes, fileActionBytes = func() (t, a [len(fileActions)][]byte) {
	for i := 1; i < len(fileActions); i++ {
		t[i], a[i] = []byte(fileActions[i].typ), []byte(fileActions[i].action)
	}
	return t, a
}()

func filePath(old bool) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		p, ok := x.filePath(old)
		v.Str = p
		return ok
	}
}

func fileName(old bool) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		p, ok := x.filePath(old)
		if !ok {
			return false
		}
		v.Str = baseName(p)
		return len(v.Str) > 0
	}
}

func fileExtension(old bool) extractFn {
	return func(x *Event, _ *Config, v *Value) bool {
		p, ok := x.filePath(old)
		if !ok {
			return false
		}
		v.Str, ok = extension(baseName(p))
		return ok
	}
}
