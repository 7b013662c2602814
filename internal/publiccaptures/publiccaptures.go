// Package publiccaptures locates the real .scap captures shared with the
// project (../shared/captures/public next to the repository root, with a
// README of golden values) for tests. They are not copied into the repository.
package publiccaptures

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// EnvDir overrides the directory (for a checkout that is not next to shared/).
const EnvDir = "EQL2FALCO_CAPTURES"

// Dir returns the captures directory, or skips the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := find()
	if err != nil {
		t.Skipf("public captures not found: %v (set %s to their directory)", err, EnvDir)
	}
	return dir
}

// Find returns the captures directory and whether it exists, for tests
// that carry on without it.
func Find() (string, bool) {
	dir, err := find()
	return dir, err == nil
}

func find() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(d, "..", "shared", "captures", "public")
			if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
				return "", err
			}
			return dir, nil
		}
	}
	return "", errors.New("repository root (go.mod) not found from " + wd)
}

// Files returns the .scap files of the captures directory.
func Files(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(Dir(t), "*.scap"))
	if err != nil || len(files) == 0 {
		t.Skipf("no captures in %s", Dir(t))
	}
	return files
}

// Seeds returns small, valid captures cut from the public ones, uncompressed,
// to seed fuzz targets: each keeps the section header, the metadata blocks of
// at most 4 KiB and the first events, up to about 8 KiB (the fuzzer minimizes
// every new input; large seeds make that slow). It returns nil when the
// captures are absent.
func Seeds(t testing.TB) [][]byte {
	t.Helper()
	dir, err := find()
	if err != nil {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.scap"))
	var seeds [][]byte
	for _, f := range files {
		if b := trim(readPlain(f)); b != nil {
			seeds = append(seeds, b)
		}
	}
	return seeds
}

func readPlain(name string) []byte {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer func() { _ = f.Close() }() // read-only
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil
		}
		r = zr
	}
	b, _ := io.ReadAll(io.LimitReader(r, 8<<20))
	return b
}

// trim keeps whole blocks: the first (the section header), metadata blocks
// up to 4 KiB and the blocks after them up to 8 KiB in all.
func trim(b []byte) []byte {
	var out []byte
	for off := 0; off+8 <= len(b); {
		typ := binary.LittleEndian.Uint32(b[off:])
		n := int(binary.LittleEndian.Uint32(b[off+4:]))
		if n < 12 || off+n > len(b) {
			break
		}
		isEvent := typ == 0x204 || typ == 0x208 || typ == 0x216 || typ == 0x217 || typ == 0x221 || typ == 0x222 || typ == 0x8010ABCD
		if off == 0 || isEvent || n <= 4<<10 {
			out = append(out, b[off:off+n]...)
		}
		off += n
		if len(out) > 8<<10 && isEvent {
			break
		}
	}
	return out
}
