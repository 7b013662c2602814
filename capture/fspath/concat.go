package fspath

// Paths as libsinsp joins them (sinsp_utils::concatenate_paths, libs 0.25):
// the working directory of chdir, the executable derived from an exec's enter
// event, and, for file events, the names of files opened by relative path.
// The kernel resolves paths against the file system; libsinsp works on the
// text alone, so ".." climbs lexically and symlinks are not followed.

// maxPath is SCAP_MAX_PATH_SIZE, the buffer libsinsp joins paths in.
const maxPath = 4096

// tooLong is what libsinsp gives for a join that does not fit maxPath.
const tooLong = "/DIR_TOO_LONG/FILENAME_TOO_LONG"

// Concat joins dir and p as libsinsp does. An empty or absolute p
// replaces dir; otherwise dir (which libsinsp keeps with a trailing '/') is
// taken as it is and p appended. The part that comes from p is sanitized: "."
// components and repeated '/' are dropped, ".." removes the previous
// component (of dir too, never the leading '/'), a trailing '/' is removed,
// the text ends at a NUL byte, and bytes that are not printable UTF-8
// (controls, DEL, invalid or broken sequences, C1 controls, non-characters)
// become U+FFFD, one per maximal subpart. A result that would not fit in
// 4096 bytes is "/DIR_TOO_LONG/FILENAME_TOO_LONG".
func Concat(dir, p string) string {
	if maxPath < len(dir)+len(p)+1 {
		return tooLong
	}
	buf := make([]byte, 0, maxPath)
	if p != "" && p[0] != '/' {
		buf = append(buf, dir...)
		buf = sanitizePath(buf, len(dir) == 0, p)
	} else {
		buf = sanitizePath(buf, true, p)
	}
	for i, c := range buf { // std::string of the C buffer stops at a NUL
		if c == 0 {
			return string(buf[:i])
		}
	}
	return string(buf)
}

// AppendConcat appends to dst what Concat(dir, p) returns, without
// allocating when dst has room.
func AppendConcat(dst, dir, p []byte) []byte {
	if maxPath < len(dir)+len(p)+1 {
		return append(dst, tooLong...)
	}
	// Join in the free capacity of dst, from its end: sanitizePath sees an
	// empty target, as Concat's.
	buf := dst[len(dst):]
	if len(p) > 0 && p[0] != '/' {
		buf = append(buf, dir...)
		buf = sanitizePath(buf, len(dir) == 0, p)
	} else {
		buf = sanitizePath(buf, true, p)
	}
	for i, c := range buf {
		if c == 0 {
			buf = buf[:i]
			break
		}
	}
	return append(dst, buf...) // a copy onto itself when buf is in dst's capacity
}

// TooLong reports whether a joined path is the placeholder libsinsp gives a
// join that does not fit its buffer.
func TooLong[S ~string | ~[]byte](path S) bool { return string(path) == tooLong }

// sanitizePath appends p to target as libsinsp's copy_and_sanitize_path
// does, the base of the path being the start of target; emptyBase tells
// whether target was empty before.
func sanitizePath[S ~string | ~[]byte](target []byte, emptyBase bool, p S) []byte {
	at := func(i int) byte { // the C string's bytes, NUL past the end
		if i < len(p) {
			return p[i]
		}
		return 0
	}
	last := func() byte { return target[len(target)-1] }
	// rewind goes back to the previous component, not past the base's
	// first byte, and skips delta bytes of p.
	rewind := func(pc *int, delta int) {
		if len(target) > 1 {
			target = target[:len(target)-1]
			for len(target) >= 1 && target[len(target)-1] != '/' {
				target = target[:len(target)-1]
			}
		}
		*pc += delta
	}
	for pc := 0; ; {
		c := at(pc)
		if c == 0 {
			// A trailing separator is removed, as the OS does; "/" stays.
			if len(target) > 1 && last() == '/' {
				target = target[:len(target)-1]
			}
			return target
		}
		switch n := utf8SeqLen(p[pc:]); {
		case n > 1:
			if len(target)+n >= maxPath {
				return target
			}
			target = append(target, p[pc:pc+n]...)
			pc += n
		case n < 0:
			if len(target)+3 >= maxPath {
				return target
			}
			target = append(target, "\uFFFD"...)
			pc += -n
		case c == '.' && (len(target) == 0 || last() == '/'):
			switch {
			case at(pc+1) == '.' && at(pc+2) == '/':
				rewind(&pc, 3)
			case at(pc+1) == '.' && at(pc+2) == 0:
				rewind(&pc, 2)
			case at(pc+1) == '/':
				pc += 2
			case at(pc+1) == 0:
				pc++
			default:
				if len(target)+1 >= maxPath {
					return target
				}
				target = append(target, c)
				pc++
			}
		case c == '/':
			if (len(target) > 0 && last() == '/') || (len(target) == 0 && !emptyBase) {
				pc++
				continue
			}
			if len(target)+1 >= maxPath {
				return target
			}
			target = append(target, c)
			pc++
		default:
			if len(target)+1 >= maxPath {
				return target
			}
			target = append(target, c)
			pc++
		}
	}
}

// utf8SeqLen classifies the UTF-8 sequence at the start of p as libsinsp's
// utf8_seq_len does: n > 0 for a printable sequence of n bytes, -n for n
// bytes to replace by one U+FFFD (an invalid byte, the maximal subpart of a
// broken sequence, or a valid but non-printable sequence). p is not empty.
func utf8SeqLen[S ~string | ~[]byte](p S) int {
	c := p[0]
	cont := func(i int, lo, hi byte) bool { return i < len(p) && p[i] >= lo && p[i] <= hi }
	switch {
	case c < 0x80:
		if c >= 0x20 && c != 0x7F {
			return 1
		}
		return -1
	case c < 0xC2:
		return -1
	case c < 0xE0:
		if !cont(1, 0x80, 0xBF) {
			return -1
		}
		if cp := rune(c&0x1F)<<6 | rune(p[1]&0x3F); cp <= 0x9F {
			return -2 // C1 control
		}
		return 2
	case c < 0xF0:
		lo, hi := byte(0x80), byte(0xBF)
		if c == 0xE0 {
			lo = 0xA0
		}
		if c == 0xED {
			hi = 0x9F
		}
		if !cont(1, lo, hi) {
			return -1
		}
		if !cont(2, 0x80, 0xBF) {
			return -2
		}
		cp := rune(c&0x0F)<<12 | rune(p[1]&0x3F)<<6 | rune(p[2]&0x3F)
		if (cp >= 0xFDD0 && cp <= 0xFDEF) || cp >= 0xFFFE {
			return -3 // non-character
		}
		return 3
	case c <= 0xF4:
		lo, hi := byte(0x80), byte(0xBF)
		if c == 0xF0 {
			lo = 0x90
		}
		if c == 0xF4 {
			hi = 0x8F
		}
		if !cont(1, lo, hi) {
			return -1
		}
		if !cont(2, 0x80, 0xBF) {
			return -2
		}
		if !cont(3, 0x80, 0xBF) {
			return -3
		}
		cp := rune(c&0x07)<<18 | rune(p[1]&0x3F)<<12 | rune(p[2]&0x3F)<<6 | rune(p[3]&0x3F)
		if cp&0xFFFF >= 0xFFFE {
			return -4
		}
		return 4
	}
	return -1
}
