//go:build cgo && linux

// Package cfnmatch calls the C library's fnmatch, as a reference for tests of
// condition.Glob: Falco's glob operators call fnmatch directly.
package cfnmatch

/*
#include <fnmatch.h>
#include <stdlib.h>

static int call_fnmatch(const char *p, const char *s, int fold) {
	return fnmatch(p, s, fold ? FNM_CASEFOLD : 0);
}
*/
import "C"

import (
	"strings"
	"unsafe"
)

// Available reports whether Match calls the C library.
const Available = true

// Match returns fnmatch(pattern, name, fold ? FNM_CASEFOLD : 0) == 0 in the C
// locale (Go programs do not call setlocale). Strings are cut at a NUL byte.
func Match(pattern, name string, fold bool) bool {
	if i := strings.IndexByte(pattern, 0); i >= 0 {
		pattern = pattern[:i]
	}
	if i := strings.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	p := C.CString(pattern)
	s := C.CString(name)
	defer C.free(unsafe.Pointer(p))
	defer C.free(unsafe.Pointer(s))
	f := C.int(0)
	if fold {
		f = 1
	}
	return C.call_fnmatch(p, s, f) == 0
}
