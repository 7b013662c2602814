//go:build !cgo || !linux

// Package cfnmatch calls the C library's fnmatch, as a reference for tests of
// condition.Glob. Without cgo it is not available.
package cfnmatch

// Available reports whether Match calls the C library.
const Available = false

// Match is not available without cgo; it panics.
func Match(pattern, name string, fold bool) bool { panic("cfnmatch: built without cgo") }
