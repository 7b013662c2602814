package outfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Stdout is the output name that means standard output.
const Stdout = "-"

// Error is a problem with one output, named by the path the user gave.
type Error struct {
	Path string // the output as the user gave it
	Msg  string // what could not be done
	Err  error  // the cause, without any path; may be nil
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Path + ": " + e.Msg
	}
	return e.Path + ": " + e.Msg + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// fail builds an Error, dropping the file names os errors carry (they would
// name the temporary file).
func fail(path, msg string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &Error{Path: path, Msg: msg, Err: err}
}

// How a File reaches its target.
const (
	toStdout = iota // the io.Writer given to Create
	toFile          // a temporary file renamed over the target
	toStream        // a device, FIFO or /proc link, written as it is
)

// File is one output being written. Write to it, then Commit or Abort.
type File struct {
	path   string      // as given
	how    int         // toStdout, toFile or toStream
	target string      // toFile: the file replaced, links resolved
	mode   fs.FileMode // toFile: permissions of the result
	tmp    *os.File    // toFile
	stream io.Writer   // toStdout: standard output; toStream: the opened target
	buf    bytes.Buffer
	done   bool
}

// Create opens the output path ("-" for stdout). Nothing is visible at path
// before Commit.
func Create(path string, stdout io.Writer) (*File, error) {
	if path == Stdout {
		return &File{path: path, how: toStdout, stream: stdout}, nil
	}
	if path == "" {
		return nil, &Error{Path: `""`, Msg: "empty output name"}
	}
	t, err := resolve(path)
	if err != nil {
		return nil, fail(path, "cannot resolve", err)
	}
	f := &File{path: path, target: t.path, mode: 0o644}
	switch {
	case t.info == nil:
		f.how = toFile
	case t.info.IsDir():
		return nil, &Error{Path: path, Msg: "is a directory"}
	case t.info.Mode().IsRegular() && !t.proc:
		f.how, f.mode = toFile, t.info.Mode().Perm()
	default: // a device, a FIFO, a socket, or a file behind a /proc link
		fd, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return nil, fail(path, "cannot open for writing", err)
		}
		f.how, f.stream = toStream, fd
		return f, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.target), "."+filepath.Base(f.target)+".*.tmp")
	if err != nil {
		return nil, fail(path, "cannot create", err)
	}
	f.tmp = tmp
	return f, nil
}

// Write writes to the output: the temporary file, or a buffer for a stream.
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, &Error{Path: f.path, Msg: "write after commit or abort"}
	}
	if f.how != toFile {
		return f.buf.Write(p)
	}
	n, err := f.tmp.Write(p)
	if err != nil {
		return n, fail(f.path, "cannot write", err)
	}
	return n, nil
}

// Commit makes the output appear: the temporary file renamed over the
// target, or the buffered data written to the stream.
func (f *File) Commit() error {
	if f.done {
		return &Error{Path: f.path, Msg: "committed twice"}
	}
	f.done = true
	switch f.how {
	case toStdout:
		_, err := f.stream.Write(f.buf.Bytes())
		return err
	case toStream:
		_, err := f.stream.Write(f.buf.Bytes())
		if cerr := f.stream.(*os.File).Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(f.path, "cannot write", err)
		}
		return nil
	}
	err := f.tmp.Sync()
	if err == nil {
		err = f.tmp.Chmod(f.mode)
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.target)
	}
	if err != nil {
		_ = os.Remove(f.tmp.Name()) // best effort: the write error is the one to report
		return fail(f.path, "cannot write", err)
	}
	return nil
}

// Abort drops the output: the temporary file is removed and a stream gets
// nothing. After Commit it does nothing.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	switch f.how {
	case toFile:
		_ = f.tmp.Close()
		_ = os.Remove(f.tmp.Name())
	case toStream:
		_ = f.stream.(*os.File).Close()
	}
}

// WriteFile writes data to the output path in one step.
func WriteFile(path string, stdout io.Writer, data []byte) error {
	f, err := Create(path, stdout)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// Group is the outputs of one run, committed together.
type Group struct {
	files []*File
}

// Create opens an output of the group (see Create).
func (g *Group) Create(path string, stdout io.Writer) (*File, error) {
	f, err := Create(path, stdout)
	if err == nil {
		g.files = append(g.files, f)
	}
	return f, err
}

// Commit commits every output in order; at the first failure the outputs not
// yet committed are aborted.
func (g *Group) Commit() error {
	for i, f := range g.files {
		if err := f.Commit(); err != nil {
			for _, rest := range g.files[i+1:] {
				rest.Abort()
			}
			return err
		}
	}
	return nil
}

// Abort aborts every output not yet committed.
func (g *Group) Abort() {
	for _, f := range g.files {
		f.Abort()
	}
}

// target is where an output path leads.
type target struct {
	path string      // the file to write, symbolic links resolved
	info fs.FileInfo // nil when it does not exist
	proc bool        // reached through a link into /proc (/dev/stdout): write as it is
}

// resolve follows the symbolic links of path one by one. A link into /proc
// (the magic links of /proc/self/fd, behind /dev/stdout and /dev/fd/N) ends
// the walk: such a file is opened, never replaced.
func resolve(path string) (target, error) {
	p := path
	for hops := 0; ; hops++ {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return target{path: p}, nil
		}
		if err != nil {
			return target{}, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return target{path: p, info: fi}, nil
		}
		if hops == 40 {
			return target{}, syscall.ELOOP
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return target{}, err
		}
		if !filepath.IsAbs(dest) {
			// Not filepath.Join: ".." must be resolved by the system, after
			// the links of the directory.
			dest = filepath.Dir(p) + string(filepath.Separator) + dest
		}
		if dest == "/proc" || strings.HasPrefix(dest, "/proc/") {
			fi, err := os.Stat(path)
			if err != nil {
				return target{}, err
			}
			return target{path: path, info: fi, proc: true}, nil
		}
		p = dest
	}
}

// Output is an output of a run for Check: the flag that named it and its
// path ("" when the flag is not set).
type Output struct {
	Flag string // "-o", "--report", ...
	Path string
}

// Check refuses outputs that would destroy an input or each other: an output
// that is the same file as one of inputs (through any link), two outputs
// naming the same file, and two outputs on standard output. Character
// devices (a terminal, /dev/null) may be named more than once.
func Check(inputs []string, outputs ...Output) error {
	for i, o := range outputs {
		if o.Path == "" {
			continue
		}
		for _, p := range outputs[:i] {
			if p.Path == "" {
				continue
			}
			if sameOutput(o.Path, p.Path) {
				if o.Path == Stdout {
					return fmt.Errorf("%s - and %s - both write to standard output: give one of them a file", p.Flag, o.Flag)
				}
				return fmt.Errorf("%s %s and %s %s name the same file: give each output its own file", p.Flag, p.Path, o.Flag, o.Path)
			}
		}
		if o.Path == Stdout {
			continue
		}
		out, err := os.Stat(o.Path)
		if err != nil || out.Mode()&fs.ModeCharDevice != 0 {
			continue // a new file is no input; a device is never replaced
		}
		for _, in := range inputs {
			if st, err := os.Stat(in); err == nil && os.SameFile(st, out) {
				return fmt.Errorf("%s %s is also an input (%s): choose another output file", o.Flag, o.Path, in)
			}
		}
	}
	return nil
}

// sameOutput reports whether two output names lead to the same file.
func sameOutput(a, b string) bool {
	if a == Stdout || b == Stdout {
		return a == b
	}
	sa, ea := os.Stat(a)
	sb, eb := os.Stat(b)
	if ea == nil && eb == nil {
		return os.SameFile(sa, sb) && sa.Mode()&fs.ModeCharDevice == 0
	}
	return canonical(a) == canonical(b)
}

// canonical is the absolute path of a file that may not exist yet, with the
// links of its directory resolved.
func canonical(path string) string {
	if t, err := resolve(path); err == nil {
		path = t.path
	}
	dir, base := filepath.Split(path)
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	abs, err := filepath.Abs(filepath.Join(dir, base))
	if err != nil {
		return path
	}
	return abs
}
