package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eql2falco/eql2falco/internal/outfile/outfiletest"
)

// Outputs of translate and synth: what -o does with links, devices, inputs,
// duplicates and "-" (issue 13, item 1).

// leftovers fails when dir holds a name other than keep.
func leftovers(t *testing.T, dir string, keep ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		found := false
		for _, k := range keep {
			found = found || e.Name() == k
		}
		if !found {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestTranslateOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "nmap.toml", execTOML)
	real := writeFile(t, dir, "real.yaml", "old")
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "translate", "-o", link, in); code != exitOK {
		t.Fatalf("code %d\n%s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("-o replaced the symlink with a regular file: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(real); !strings.Contains(string(b), "- rule: Nmap Started") {
		t.Errorf("the link's target holds:\n%s", b)
	}
	leftovers(t, dir, "nmap.toml", "real.yaml", "link.yaml")
}

// A FIFO and /dev/stdout (a link to /proc/self/fd/1) are written to, not
// replaced: as root, the old -o replaced /dev/stdout itself.
func TestTranslateOutputStreams(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "nmap.toml", execTOML)
	for _, s := range outfiletest.Streams(t, dir) {
		code, _, stderr := runCLI(t, "translate", "-o", s.Path, in)
		if code != exitOK {
			t.Fatalf("%s: code %d\n%s", s.Path, code, stderr)
		}
		if got := s.Read(t); !strings.Contains(got, "- rule: Nmap Started") {
			t.Errorf("%s: the reader got %q", s.Path, got)
		}
	}
	leftovers(t, dir, "nmap.toml", "out.fifo", "stdout")
}

func TestTranslateOutputIsAnInput(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "nmap.toml", execTOML)
	for _, args := range [][]string{
		{"translate", "-o", in, in},
		{"translate", "-o", in, dir},                 // found by walking the directory
		{"translate", "--report", in, "-o", "-", in}, // the report too
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, in+" is also an input") {
			t.Errorf("%v: code %d stdout %q stderr %q", args, code, stdout, stderr)
		}
		if b, _ := os.ReadFile(in); string(b) != execTOML {
			t.Fatalf("%v overwrote the input rule:\n%s", args, b)
		}
	}
	leftovers(t, dir, "nmap.toml")
}

func TestTranslateSameOutputTwice(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "nmap.toml", execTOML)
	out := filepath.Join(dir, "out.yaml")
	code, _, stderr := runCLI(t, "translate", "-o", out, "--report", out, in)
	if code != exitUsage || !strings.Contains(stderr, "-o "+out+" and --report "+out+" name the same file") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "translate", "--report", "-", in) // -o defaults to stdout
	if code != exitUsage || !strings.Contains(stderr, "-o - and --report - both write to standard output") {
		t.Errorf("report on stdout with the rules: code %d stderr %q", code, stderr)
	}
	leftovers(t, dir, "nmap.toml")
}

func TestTranslateDashIsStdout(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "nmap.toml", execTOML)
	t.Chdir(dir)
	code, stdout, stderr := runCLI(t, "translate", "-o", "-", "--report", "r.md", in)
	if code != exitOK || !strings.Contains(stdout, "- rule: Nmap Started") {
		t.Fatalf("code %d stdout %q\n%s", code, stdout, stderr)
	}
	leftovers(t, dir, "nmap.toml", "r.md")
}

// A failure leaves neither output, and the error names the path given.
func TestTranslateOutputErrors(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "nmap.toml", execTOML)
	out := filepath.Join(dir, "out.yaml")
	missing := filepath.Join(dir, "missing", "r.md")
	code, _, stderr := runCLI(t, "translate", "-o", out, "--report", missing, in)
	if code != exitUsage || !strings.Contains(stderr, "translate: report: "+missing+": cannot create: no such file or directory") ||
		strings.Contains(stderr, ".tmp") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "translate", "-o", dir, "--report", filepath.Join(dir, "r.md"), in)
	if code != exitUsage || !strings.Contains(stderr, "translate: "+dir+": is a directory") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	leftovers(t, dir, "nmap.toml")
}

func TestSynthOutputs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.scap")
	// A manifest that cannot be written: no capture either.
	code, _, stderr := runCLI(t, "synth", example, "-o", out, "--manifest", filepath.Join(dir, "no", "m.json"))
	if code != exitUsage || !strings.Contains(stderr, filepath.Join(dir, "no", "m.json")+": cannot create") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
	leftovers(t, dir)
	// The scenario as its own output, the capture as the manifest.
	scen, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	s := writeFile(t, dir, "s.yaml", string(scen))
	for _, args := range [][]string{
		{"synth", s, "-o", s},
		{"synth", s, "-o", out, "--manifest", out},
	} {
		if code, _, stderr := runCLI(t, args...); code != exitUsage || !strings.Contains(stderr, "also an input") && !strings.Contains(stderr, "same file") {
			t.Errorf("%v: code %d stderr %q", args, code, stderr)
		}
	}
	if b, _ := os.ReadFile(s); string(b) != string(scen) {
		t.Error("synth overwrote its scenario")
	}
	leftovers(t, dir, "s.yaml")
	// -o - writes the capture to stdout.
	code, stdout, stderr := runCLI(t, "synth", s, "-o", "-")
	if code != exitOK || !strings.HasPrefix(stdout, "\x0a\x0d\x0d\x0a") {
		t.Errorf("synth -o -: code %d, %d bytes on stdout\n%s", code, len(stdout), stderr)
	}
	leftovers(t, dir, "s.yaml")
}
