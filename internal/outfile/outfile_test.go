package outfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/eql2falco/eql2falco/internal/outfile/outfiletest"
)

func write(t *testing.T, path string, stdout io.Writer, data string) error {
	t.Helper()
	return WriteFile(path, stdout, []byte(data))
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noTemp fails when a temporary file is left in dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestNewAndExistingFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.yaml")
	if err := write(t, p, nil, "one"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "one" {
		t.Fatalf("got %q", got)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v", fi.Mode())
	}
	// An existing file keeps its permissions.
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := write(t, p, nil, "two"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); read(t, p) != "two" || fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file %q mode %v", read(t, p), fi.Mode())
	}
	noTemp(t, dir)
}

func TestSymlinkIsWrittenThrough(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	if err := write(t, link, nil, "new"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if got := read(t, real); got != "new" {
		t.Errorf("link target holds %q", got)
	}
	// A link to a file that does not exist yet creates it.
	dangling := filepath.Join(dir, "dangling.yaml")
	if err := os.Symlink("sub/new.yaml", dangling); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := write(t, dangling, nil, "created"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "sub", "new.yaml")); got != "created" {
		t.Errorf("dangling link target holds %q", got)
	}
	noTemp(t, dir)
	noTemp(t, filepath.Join(dir, "sub"))
}

// charDevice returns a character device that discards what is written to
// it. As root (who could replace /dev/null), a copy of /dev/null made in a
// temporary directory, so that a broken build never harms the machine.
func charDevice(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		return os.DevNull
	}
	p := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skip("mknod:", err)
	}
	return p
}

func TestDeviceIsNotReplaced(t *testing.T) {
	dev := charDevice(t)
	if err := write(t, dev, nil, "discarded"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(dev); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", dev, fi.Mode(), err)
	}
}

// A FIFO and a link into /proc, like /dev/stdout (-> /proc/self/fd/1), are
// opened as they are: replacing them would leave the stream empty.
func TestStreams(t *testing.T) {
	dir := t.TempDir()
	for _, s := range outfiletest.Streams(t, dir) {
		if err := write(t, s.Path, nil, "streamed"); err != nil {
			t.Fatal(err)
		}
		if got := s.Read(t); got != "streamed" {
			t.Errorf("%s: the reader got %q", s.Path, got)
		}
	}
	noTemp(t, dir)
}

func TestStdout(t *testing.T) {
	var out bytes.Buffer
	f, err := Create(Stdout, &out)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("data"))
	if out.Len() != 0 {
		t.Fatal("written before Commit")
	}
	if err := f.Commit(); err != nil || out.String() != "data" {
		t.Fatalf("%v %q", err, out.String())
	}
	// Nothing reaches stdout on Abort.
	out.Reset()
	f, _ = Create(Stdout, &out)
	_, _ = f.Write([]byte("data"))
	f.Abort()
	if out.Len() != 0 {
		t.Errorf("aborted output written: %q", out.String())
	}
}

func TestErrorsNameTheGivenPath(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ path, want string }{
		{dir, dir + ": is a directory"},
		{filepath.Join(dir, "missing", "out.yaml"), filepath.Join(dir, "missing", "out.yaml") + ": cannot create: no such file or directory"},
	} {
		err := write(t, tc.path, nil, "x")
		var oe *Error
		if !errors.As(err, &oe) || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.path, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), ".tmp") {
			t.Errorf("error names the temporary file: %v", err)
		}
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		err := write(t, filepath.Join(ro, "out.yaml"), nil, "x")
		if err == nil || err.Error() != filepath.Join(ro, "out.yaml")+": cannot create: permission denied" {
			t.Errorf("read-only directory: %v", err)
		}
	}
}

// A group whose second output cannot be created leaves no trace of the
// first: `synth --manifest BAD -o out.scap` writes neither.
func TestGroupAbortsEverything(t *testing.T) {
	dir := t.TempDir()
	var g Group
	f, err := g.Create(filepath.Join(dir, "out.scap"), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("capture"))
	if _, err := g.Create(filepath.Join(dir, "no", "m.json"), nil); err == nil {
		t.Fatal("created an output in a missing directory")
	}
	g.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	// Committed, both appear.
	g = Group{}
	a, _ := g.Create(filepath.Join(dir, "a"), nil)
	b, _ := g.Create(filepath.Join(dir, "b"), nil)
	_, _ = a.Write([]byte("A"))
	_, _ = b.Write([]byte("B"))
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	g.Abort() // no effect after Commit
	if read(t, filepath.Join(dir, "a")) != "A" || read(t, filepath.Join(dir, "b")) != "B" {
		t.Error("group outputs not written")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "rule.toml")
	if err := os.WriteFile(in, []byte("rule"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink("rule.toml", link); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.yaml")
	dev := charDevice(t)
	for _, tc := range []struct {
		name string
		outs []Output
		want string // "" for no error
	}{
		{"new output", []Output{{"-o", out}, {"--report", filepath.Join(dir, "r.md")}}, ""},
		{"unset flags", []Output{{"-o", ""}, {"--report", ""}}, ""},
		{"input as output", []Output{{"-o", in}}, "-o " + in + " is also an input (" + in + "): choose another output file"},
		{"input through a link", []Output{{"-o", link}}, "-o " + link + " is also an input (" + in + ")"},
		{"same output twice", []Output{{"-o", out}, {"--report", out}}, "-o " + out + " and --report " + out + " name the same file"},
		{"same output by two names", []Output{{"-o", out}, {"--report", filepath.Join(dir, ".", "x", "..", "out.yaml")}}, "name the same file"},
		{"same existing output through a link", []Output{{"-o", in + ".out"}, {"--report", in + ".out"}}, "name the same file"},
		{"stdout twice", []Output{{"-o", Stdout}, {"--report", Stdout}}, "-o - and --report - both write to standard output"},
		{"a device twice", []Output{{"-o", dev}, {"--report", dev}}, ""},
	} {
		err := Check([]string{in}, tc.outs...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}
