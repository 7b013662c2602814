// Package outfile writes the files a command produces, so that a failed run
// leaves nothing behind and a run never destroys a file it was not asked to
// write.
//
// Create opens one output, named as the user gave it:
//
//   - "-" is standard output;
//   - a new file, or an existing regular file, is written to a temporary
//     file beside it and renamed over it on Commit: the file is either
//     untouched or complete. An existing file keeps its permissions;
//   - a symbolic link is written through: the regular file it points to is
//     replaced as above and the link stays a link (a link to a missing file
//     creates that file);
//   - a device, a FIFO or a link into /proc (/dev/stdout, /dev/fd/1) is
//     opened for writing as it is, never replaced;
//   - a directory, or a path whose directory is missing, is refused.
//
// Streams (standard output, devices, FIFOs) get the data on Commit, from a
// buffer, so a run that fails before committing writes nothing to them
// either. Abort removes the temporary file; after Commit it does nothing, so
// callers defer it.
//
// Check refuses, before anything is written, an output that is also one of
// the inputs (the same file, through any link) or the same file as another
// output. Errors name the path the user gave, never a temporary file.
//
// Group commits several outputs of one run together: Create them all first
// (so that a bad path fails before any output appears), write them, then
// Commit.
package outfile
