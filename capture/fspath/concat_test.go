package fspath

import (
	"strings"
	"testing"
)

// Concat joins as libsinsp 0.25's concatenate_paths (these cases were
// checked against that C code).
func TestPaths(t *testing.T) {
	cases := [][3]string{
		{"/root/", "bin/../tool", "/root/tool"},
		{"/root/", "/a//b/./c", "/a/b/c"}, // an absolute path replaces the directory
		{"/", "../../x", "/x"},            // never above the root
		{"/a/b/", "../../../c", "/c"},
		{"/a/b/", "./../c/", "/a/c"}, // .. climbs into the directory; the trailing / goes
		{"/w/", "", ""},              // nothing to join
		{"/w/", "d/", "/w/d"},        // trailing / removed
		{"/w/", "/", "/"},            // but the root keeps its own
		{"/r/", "a/..", "/r"},        // back to the directory, without its slash
		{"/r/", "a/./b/.", "/r/a/b"}, // . dropped
		{"/x//y/", "z", "/x//y/z"},   // the directory is taken as it is
		{"", "foo/../a", "a"},        // relative stays relative
		{"", "/foo/../a", "/a"},      //
		{"rel/", "../../x", "x"},     //
		{"/r/", ".hidden", "/r/.hidden"},
		{"/r/", "...", "/r/..."},
		{"/r/", "a\x00b", "/r/a"},                // the C string ends at NUL
		{"/r/", "tab\there", "/r/tab\uFFFDhere"}, // controls, DEL: U+FFFD
		{"/r/", "del\x7f", "/r/del\uFFFD"},
		{"/r/", "\xc2\x85x", "/r/\uFFFDx"},                         // C1 control, valid but not printable
		{"/r/", "\xe0\xa0", "/r/\uFFFD"},                           // broken: one maximal subpart
		{"/r/", "\xe0\x80\x80", "/r/\uFFFD\uFFFD\uFFFD"},           // overlong: byte by byte
		{"/r/", "\xed\xa0\x80", "/r/\uFFFD\uFFFD\uFFFD"},           // surrogate
		{"/r/", "\xef\xb7\x90", "/r/\uFFFD"},                       // non-character U+FDD0
		{"/r/", "\xf4\x90\x80\x80", "/r/\uFFFD\uFFFD\uFFFD\uFFFD"}, // above U+10FFFF
		{"/r/", "\xff\xfe", "/r/\uFFFD\uFFFD"},
		{"/r/", "caf\u00e9 \U0001F600", "/r/caf\u00e9 \U0001F600"},
		{"/r/", strings.Repeat("a", 4093), tooLong},                       // does not fit
		{"/", strings.Repeat("a", 4094), "/" + strings.Repeat("a", 4094)}, // fits exactly
	}
	for _, c := range cases {
		if got := Concat(c[0], c[1]); got != c[2] {
			t.Errorf("Concat(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
		for _, prefix := range []string{"", "kept/"} {
			dst := append(make([]byte, 0, 8), prefix...)
			if got := string(AppendConcat(dst, []byte(c[0]), []byte(c[1]))); got != prefix+c[2] {
				t.Errorf("AppendConcat(%q, %q, %q) = %q, want %q", prefix, c[0], c[1], got, prefix+c[2])
			}
		}
	}
	if !TooLong(Concat("/r/", strings.Repeat("a", 4093))) || TooLong("/r/a") {
		t.Error("TooLong")
	}
}

// AppendConcat is Concat appending, whatever the room left in dst.
func FuzzAppendConcat(f *testing.F) {
	f.Add("/root/", "bin/../tool", 0)
	f.Add("", "/a//b/./c", 3)
	f.Add("/r/", "a\x00b\xe0\xa0", 64)
	f.Fuzz(func(t *testing.T, dir, p string, room int) {
		if room < 0 || room > 8192 {
			room = 0
		}
		dst := make([]byte, 1, 1+room)
		dst[0] = '>'
		got := AppendConcat(dst, []byte(dir), []byte(p))
		if want := ">" + Concat(dir, p); string(got) != want {
			t.Fatalf("AppendConcat(%q, %q) = %q, want %q", dir, p, got, want)
		}
		if n := testing.AllocsPerRun(1, func() {
			AppendConcat(make([]byte, 0, 8192), []byte(dir), []byte(p))
		}); n > 1 {
			t.Fatalf("AppendConcat allocates %.0f times with room", n)
		}
	})
}
