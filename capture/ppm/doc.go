// Package ppm reads and writes single syscall events in the binary layout used by
// falcosecurity/libs: a packed 26-byte header (struct ppm_evt_hdr) followed by one
// length per parameter and the parameter bytes back to back.
//
//	off  size  field
//	0    8     ts       nanoseconds since the epoch
//	8    8     tid      thread id in the host pid namespace
//	16   4     len      whole event, header included
//	20   2     type     event code (PPME_*); even = enter, odd = exit
//	22   4     nparams
//	26   ...   nparams lengths (u16, or u32 for large-payload event types), then the params
//
// All integers are little-endian. A parameter of length 0 is absent. Event is a
// zero-copy, bounds-checked view of such bytes; Append encodes one.
//
// The package also carries the facts of the driver's event table
// (driver/event_table.c of falcosecurity/libs 0.25): the name, parameter count
// and flags of every event code (Code.Name, Code.TableParams, Code.Flags),
// and the parameter names and types of the process events of every version
// (Code.Params, Code.ParamIndex). Versions differ in layout, not only in
// length, so parameters are looked up by name; DecodeProc does that once for
// exec and clone exits and exposes their parameters by Field.
//
// The same bytes travel in .scap capture files (package scap) and through the plugin
// API to field extractors (package plugin/ecs), so both decode events with this package.
package ppm
