// Package outfiletest makes the outputs that are not regular files (a FIFO,
// a link into /proc as /dev/stdout is), for the tests of the commands that
// write through package outfile.
package outfiletest
