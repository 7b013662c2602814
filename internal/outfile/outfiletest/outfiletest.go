package outfiletest

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Stream is an output that must be written to, never replaced.
type Stream struct {
	Path string      // the output to give the command
	Mode fs.FileMode // its type, which must not change
	r    *os.File
	w    *os.File // the pipe's write end, closed before reading
}

// Streams makes, in dir, a FIFO and a link to the /proc/self/fd entry of a
// pipe (what /dev/stdout is: a link to /proc/self/fd/1). The readers are
// opened first, so a command that replaces the file instead of writing to
// it leaves the reader empty rather than hanging the test.
func Streams(t testing.TB, dir string) []*Stream {
	t.Helper()
	fifo := filepath.Join(dir, "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal("mkfifo:", err)
	}
	fr, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "stdout")
	if err := os.Symlink(fmt.Sprintf("/proc/self/fd/%d", pw.Fd()), link); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _, _ = fr.Close(), pr.Close(), pw.Close() })
	return []*Stream{{Path: fifo, Mode: fs.ModeNamedPipe, r: fr}, {Path: link, Mode: fs.ModeSymlink, r: pr, w: pw}}
}

// Read returns what was written to the stream, and fails the test when the
// stream was replaced.
func (s *Stream) Read(t testing.TB) string {
	t.Helper()
	if s.w != nil {
		_ = s.w.Close()
	}
	b, _ := io.ReadAll(s.r)
	if fi, err := os.Lstat(s.Path); err != nil || fi.Mode().Type() != s.Mode {
		t.Errorf("%s was replaced: %v %v", s.Path, fi.Mode(), err)
	}
	return string(b)
}
