// Package scap reads and writes syscall capture files (.scap), the format of
// falcosecurity/libs that Falco replays with engine.kind=replay.
//
// A capture is an optional gzip wrapper around little-endian, pcapng-like
// blocks: a section header (SHB), metadata blocks (machine info MI, process
// list PL_V1..PL_V9, fd lists FDL, interface list IL, user list UL; unknown
// types are skipped by length), then event blocks (EV/EVF, V1 with the
// 22-byte event header, V2 and V2_LARGE with the 26-byte one). A further
// section header after events starts a concatenated capture.
//
// Reader streams a capture in constant memory (one buffer that holds at
// least the current block) and yields each event as a zero-copy ppm.Event
// with its cpuid, dump flags and Falco's event number; V1 events are
// rewritten to the V2 layout in a scratch buffer, inferring their parameter
// count as libscap does. Corrupt or truncated input gives a *FormatError
// naming the byte offset and block type.
//
// Writer produces what Falco 0.41 to 0.44 replay: SHB 1.2, MI, PL_V9 with
// the full 76-byte entry tail, UL_V2 and EV_V2/EVF_V2 (LARGE for
// large-payload event types), optionally gzip-compressed, refusing events
// libsinsp would reject (wrong fixed parameter sizes, cpuid beyond the
// machine's cpus).
//
// The format facts and their sources are in the project notes
// (shared/notes/scap-format.md).
package scap
