package e2e

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/eql2falco/eql2falco/capture/scap"
	"github.com/eql2falco/eql2falco/capture/scenario"
)

// Capture is a capture to replay: a .scap file (plain or gzip), or a
// scenario file synthesized into a capture in memory.
type Capture struct {
	// Name names the capture in reports and exception cases: the file's
	// base name.
	Name string
	// Path is the file the capture came from.
	Path string
	// Scenario and Manifest are set for a scenario: the manifest ties each
	// exec (and its expectations) to the evt.num of its exit event.
	Scenario *scenario.Scenario
	Manifest *scenario.Manifest

	data []byte // the synthesized capture of a scenario
}

// IsScenario reports whether a file name is a scenario (.yaml, .yml).
func IsScenario(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// IsCapture reports whether a file name is a capture (.scap, .scap.gz).
func IsCapture(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".scap") || strings.HasSuffix(n, ".scap.gz")
}

// OpenCapture opens a capture file, or loads and synthesizes a scenario.
// The synthesized capture uses the scenario package's defaults (execve exit
// events with 30 parameters, which Falco 0.41 to 0.44 all replay).
func OpenCapture(path string) (*Capture, error) {
	c := &Capture{Name: filepath.Base(path), Path: path}
	if !IsScenario(path) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		return c, f.Close()
	}
	s, err := scenario.Load(path)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	m, err := s.Write(&buf, scenario.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Scenario, c.Manifest, c.data = s, m, buf.Bytes()
	return c, nil
}

// FindCaptures opens the captures named by paths: files are taken as they
// are (a scenario or a capture), directories are walked for *.scap,
// *.scap.gz, *.yaml and *.yml files (sorted by path). Directories named
// testdata/fuzz are skipped.
func FindCaptures(paths ...string) ([]*Capture, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "fuzz" && filepath.Base(filepath.Dir(q)) == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if IsCapture(q) || IsScenario(q) {
				found = append(found, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no captures (*.scap, *.scap.gz) or scenarios (*.yaml) in the directory", p)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	var out []*Capture
	seen := map[string]string{}
	for _, f := range files {
		c, err := OpenCapture(f)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[c.Name]; dup {
			return nil, fmt.Errorf("%s and %s: two captures named %s (reports and exceptions name captures by file name)", prev, f, c.Name)
		}
		seen[c.Name] = f
		out = append(out, c)
	}
	return out, nil
}

// Reader opens the capture for reading. The caller closes it.
func (c *Capture) Reader() (*scap.Reader, error) {
	if c.data != nil {
		return scap.NewReader(bytes.NewReader(c.data))
	}
	return scap.Open(c.Path)
}

// File returns a path where the capture exists as a .scap file, writing a
// synthesized scenario into dir if needed (a real Falco replays files).
func (c *Capture) File(dir string) (string, error) {
	if c.data == nil {
		return filepath.Abs(c.Path)
	}
	name := filepath.Join(dir, strings.TrimSuffix(c.Name, filepath.Ext(c.Name))+".scap")
	if err := os.WriteFile(name, c.data, 0o644); err != nil {
		return "", err
	}
	return filepath.Abs(name)
}
