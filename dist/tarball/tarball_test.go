package tarball

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var mtime = time.Date(2026, 8, 21, 10, 30, 0, 0, time.UTC)

func sample() []File {
	return []File{
		{Name: "libecs.so", Mode: 0o755, Data: bytes.Repeat([]byte("ELF"), 1000)},
		{Name: "README.md", Mode: 0o644, Data: []byte("# ecs\n")},
		{Name: "ecs_rules.yaml", Mode: 0o644, Data: []byte("- required_engine_version: 0.50.0\n")},
	}
}

func write(t *testing.T, files []File, mtime time.Time) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, files, mtime); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReproducible writes the same files twice, in different orders and
// from different time zones: the bytes are the same.
func TestReproducible(t *testing.T) {
	a := write(t, sample(), mtime)
	files := sample()
	files[0], files[2] = files[2], files[0]
	b := write(t, files, mtime.In(time.FixedZone("X", 5*3600)).Add(400*time.Millisecond))
	if !bytes.Equal(a, b) {
		t.Fatal("two archives of the same files differ")
	}
	if c := write(t, sample(), mtime.Add(time.Second)); bytes.Equal(a, c) {
		t.Fatal("the modification time is not in the archive")
	}
}

// TestLayout lists the archive with archive/tar and compress/gzip: sorted
// regular files at the root, owner 0/0 without names, the one mtime, the
// modes given, USTAR; a gzip header without name or time.
func TestLayout(t *testing.T) {
	data := write(t, sample(), mtime)
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" || zr.Extra != nil || zr.OS != 255 {
		t.Errorf("gzip header: name %q mtime %v comment %q extra %v OS %d", zr.Name, zr.ModTime, zr.Comment, zr.Extra, zr.OS)
	}
	// The raw MTIME field (bytes 4-7) is zero.
	if !bytes.Equal(data[4:8], []byte{0, 0, 0, 0}) {
		t.Errorf("gzip MTIME bytes %x", data[4:8])
	}
	type entry struct {
		Name         string
		Type         byte
		Mode         int64
		Size         int64
		UID, GID     int
		Uname, Gname string
		ModTime      time.Time
		Format       tar.Format
		PAX          map[string]string
	}
	var got []entry
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, entry{h.Name, h.Typeflag, h.Mode, h.Size, h.Uid, h.Gid, h.Uname, h.Gname, h.ModTime.UTC(), h.Format, h.PAXRecords})
	}
	want := []entry{
		{"README.md", tar.TypeReg, 0o644, 6, 0, 0, "", "", mtime, tar.FormatUSTAR, nil},
		{"ecs_rules.yaml", tar.TypeReg, 0o644, 34, 0, 0, "", "", mtime, tar.FormatUSTAR, nil},
		{"libecs.so", tar.TypeReg, 0o755, 3000, 0, 0, "", "", mtime, tar.FormatUSTAR, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestReadBack(t *testing.T) {
	got, gotTime, err := Read(bytes.NewReader(write(t, sample(), mtime)))
	if err != nil {
		t.Fatal(err)
	}
	if !gotTime.Equal(mtime) || gotTime.Location() != time.UTC {
		t.Errorf("modification time %v, want %v", gotTime, mtime)
	}
	want := sample()
	want[0], want[1], want[2] = want[1], want[2], want[0] // sorted by name
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func TestWriteRefuses(t *testing.T) {
	for _, c := range []struct {
		files []File
		mtime time.Time
		want  string
	}{
		{[]File{{Name: "rules/x.yaml", Mode: 0o644}}, mtime, "root of the archive"},
		{[]File{{Name: "..", Mode: 0o644}}, mtime, "not a file name"},
		{[]File{{Name: "", Mode: 0o644}}, mtime, "not a file name"},
		{[]File{{Name: "a", Mode: 0o644}, {Name: "a", Mode: 0o755}}, mtime, "listed twice"},
		{[]File{{Name: "a", Mode: 0o4755}}, mtime, "permission bits only"},
		{[]File{{Name: strings.Repeat("n", 101), Mode: 0o644}}, mtime, "USTAR"},
		{[]File{{Name: "a", Mode: 0o644}}, time.Unix(-1, 0), "before 1970"},
	} {
		var b bytes.Buffer
		err := Write(&b, c.files, c.mtime)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.files, err, c.want)
		}
		if b.Len() != 0 {
			t.Errorf("%v: %d bytes written despite the error", c.files, b.Len())
		}
	}
}

func TestReadRefuses(t *testing.T) {
	tarGz := func(hdrs ...*tar.Header) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		tw := tar.NewWriter(zw)
		for _, h := range hdrs {
			if err := tw.WriteHeader(h); err != nil {
				t.Fatal(err)
			}
			if _, err := tw.Write(make([]byte, h.Size)); err != nil {
				t.Fatal(err)
			}
		}
		_ = tw.Close()
		_ = zw.Close()
		return b.Bytes()
	}
	good := write(t, sample(), mtime)
	corrupt := bytes.Clone(good)
	corrupt[len(corrupt)-5] ^= 0xff // the CRC
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"not gzip":  {[]byte("plain text"), "not a gzip file"},
		"directory": {tarGz(&tar.Header{Typeflag: tar.TypeDir, Name: "d/", Mode: 0o755}), "not a regular file"},
		"symlink":   {tarGz(&tar.Header{Typeflag: tar.TypeSymlink, Name: "l", Linkname: "/etc/passwd"}), "not a regular file"},
		"subdir":    {tarGz(&tar.Header{Typeflag: tar.TypeReg, Name: "d/f", Size: 1, Mode: 0o644}), "root of the archive"},
		"twice":     {tarGz(&tar.Header{Typeflag: tar.TypeReg, Name: "f", Mode: 0o644}, &tar.Header{Typeflag: tar.TypeReg, Name: "f", Mode: 0o644}), "listed twice"},
		"two times": {tarGz(&tar.Header{Typeflag: tar.TypeReg, Name: "f", Mode: 0o644, ModTime: mtime}, &tar.Header{Typeflag: tar.TypeReg, Name: "g", Mode: 0o644, ModTime: mtime.Add(time.Second)}), "g has modification time"},
		"crc":       {corrupt, "checksum"},
	} {
		_, _, err := Read(bytes.NewReader(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
}
