package tarball

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// File is one regular file of an archive.
type File struct {
	// Name is the file's name at the root of the archive: no directory, no
	// "." or "..".
	Name string
	// Mode holds the permission bits (0o644, 0o755, ...); other bits are
	// refused.
	Mode fs.FileMode
	// Data is the file's content.
	Data []byte
}

// Write writes files as a gzip-compressed tar archive to w, every entry
// with modification time mtime (whole seconds are kept). The archive is
// written only when every file is valid: a name with a directory, a
// duplicate name or a mode with more than permission bits is an error and
// nothing is written.
func Write(w io.Writer, files []File, mtime time.Time) error {
	sorted := slices.Clone(files)
	slices.SortFunc(sorted, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	for i, f := range sorted {
		if err := checkName(f.Name); err != nil {
			return err
		}
		if i > 0 && sorted[i-1].Name == f.Name {
			return fmt.Errorf("tarball: %q is listed twice", f.Name)
		}
		if f.Mode&^fs.ModePerm != 0 {
			return fmt.Errorf("tarball: %s: mode %v is not permission bits only", f.Name, f.Mode)
		}
	}
	if mtime.Unix() < 0 {
		return fmt.Errorf("tarball: modification time %s is before 1970", mtime.UTC().Format(time.RFC3339))
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.OS = 255 // unknown: the same header on every system
	tw := tar.NewWriter(zw)
	for _, f := range sorted {
		hdr := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     f.Name,
			Mode:     int64(f.Mode),
			Size:     int64(len(f.Data)),
			ModTime:  time.Unix(mtime.Unix(), 0),
			Format:   tar.FormatUSTAR,
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("tarball: %s: %w", f.Name, err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func checkName(name string) error {
	switch {
	case name == "", name == ".", name == "..":
		return fmt.Errorf("tarball: %q is not a file name", name)
	case strings.ContainsAny(name, "/\\\x00"):
		return fmt.Errorf("tarball: %q: files go at the root of the archive (no directory, no / or \\)", name)
	}
	return nil
}

// Read reads a gzip-compressed tar archive of regular files at its root, as
// Write makes them, and returns its files in archive order and their
// modification time (UTC). Other entries (directories, links, names with a
// directory) are errors, as are names listed twice and entries of different
// modification times.
func Read(r io.Reader) ([]File, time.Time, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("tarball: not a gzip file: %w", err)
	}
	tr := tar.NewReader(zr)
	var files []File
	var mtime time.Time
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("tarball: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, time.Time{}, fmt.Errorf("tarball: %s is not a regular file (type %q)", hdr.Name, hdr.Typeflag)
		}
		if err := checkName(hdr.Name); err != nil {
			return nil, time.Time{}, err
		}
		if seen[hdr.Name] {
			return nil, time.Time{}, fmt.Errorf("tarball: %q is listed twice", hdr.Name)
		}
		seen[hdr.Name] = true
		if len(files) == 0 {
			mtime = hdr.ModTime.UTC()
		} else if !hdr.ModTime.Equal(mtime) {
			return nil, time.Time{}, fmt.Errorf("tarball: %s has modification time %s, the entries before it %s",
				hdr.Name, hdr.ModTime.UTC().Format(time.RFC3339), mtime.Format(time.RFC3339))
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("tarball: %s: %w", hdr.Name, err)
		}
		files = append(files, File{Name: hdr.Name, Mode: fs.FileMode(hdr.Mode).Perm(), Data: data})
	}
	// Read to the end of the gzip stream, which checks its CRC and length.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, time.Time{}, fmt.Errorf("tarball: %w", err)
	}
	return files, mtime, nil
}
