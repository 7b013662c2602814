// Package tarball writes and reads the .tar.gz archives of a release, made
// reproducible: the same files give the same bytes on every run and machine.
//
// Write puts regular files at the root of the archive (falcoctl unpacks an
// artifact's tarball into one directory, so a plugin's tarball holds the .so
// itself and a rules tarball its rules files), sorted by name, with owner and
// group 0 and no user or group name, the permission bits given, one
// modification time for every entry, in the USTAR format (no PAX records
// carrying access or change times). The gzip header has no file name, a zero
// modification time and the "unknown" operating system.
package tarball
