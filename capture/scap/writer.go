package scap

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

// Writer writes a capture in the layout libscap's own writer produces and
// Falco 0.41 to 0.44 replay: SHB 1.2, then optional MI, PL_V9 and UL_V2 blocks,
// then events in EV_V2 blocks (EVF_V2 when dump flags are set, the _LARGE
// variants for large-payload event types). Metadata must precede events.
type Writer struct {
	dst     *bufio.Writer
	gz      *gzip.Writer
	events  bool
	numCPUs uint32 // 0 when no MI block was written
	scratch []byte
	blk     []byte // the block being written
	err     error
}

// WriterOptions configure a Writer.
type WriterOptions struct {
	Gzip bool // compress the whole file (libscap reads gzip and plain files)
}

// NewWriter writes the section header to w and returns a Writer. Call Close
// to flush.
func NewWriter(w io.Writer, opts WriterOptions) *Writer {
	out := &Writer{}
	if opts.Gzip {
		out.gz = gzip.NewWriter(w)
		out.dst = bufio.NewWriterSize(out.gz, 256<<10)
	} else {
		out.dst = bufio.NewWriterSize(w, 256<<10)
	}
	var b [shbBodyLen]byte
	binary.LittleEndian.PutUint32(b[0:], shbMagic)
	binary.LittleEndian.PutUint16(b[4:], shbMajor)
	binary.LittleEndian.PutUint16(b[6:], shbMinor)
	binary.LittleEndian.PutUint64(b[8:], ^uint64(0)) // section length: unknown
	out.block(BlockSHB, b[:])
	return out
}

// block writes one block: header, body, zero padding to 4 bytes, trailer.
func (w *Writer) block(typ BlockType, body ...[]byte) {
	if w.err != nil {
		return
	}
	n := 0
	for _, b := range body {
		n += len(b)
	}
	total := normalize(8 + n + 4)
	b := binary.LittleEndian.AppendUint32(w.blk[:0], uint32(typ))
	b = binary.LittleEndian.AppendUint32(b, uint32(total))
	for _, part := range body {
		b = append(b, part...)
	}
	b = append(b, make([]byte, total-8-n-4)...)
	b = binary.LittleEndian.AppendUint32(b, uint32(total))
	w.blk = b
	_, w.err = w.dst.Write(b)
}

func (w *Writer) metadata(what string) error {
	if w.err != nil {
		return w.err
	}
	if w.events {
		return fmt.Errorf("scap: %s after the first event: readers accept only event blocks there", what)
	}
	return nil
}

// WriteMachineInfo writes an MI block. Every event's cpuid must then be below
// NumCPUs (libsinsp indexes a NumCPUs-sized vector with it).
func (w *Writer) WriteMachineInfo(mi MachineInfo) error {
	if err := w.metadata("machine info"); err != nil {
		return err
	}
	if mi.NumCPUs == 0 {
		return errors.New("scap: machine info needs NumCPUs > 0")
	}
	if len(mi.Hostname) > 127 {
		return fmt.Errorf("scap: hostname of %d bytes exceeds 127", len(mi.Hostname))
	}
	b := make([]byte, miBodyLen)
	binary.LittleEndian.PutUint32(b[0:], mi.NumCPUs)
	binary.LittleEndian.PutUint64(b[4:], mi.MemoryBytes)
	binary.LittleEndian.PutUint64(b[12:], mi.MaxPID)
	copy(b[20:148], mi.Hostname)
	binary.LittleEndian.PutUint64(b[148:], mi.BootTS)
	binary.LittleEndian.PutUint64(b[156:], mi.Flags)
	w.numCPUs = mi.NumCPUs
	w.block(BlockMI, b)
	return w.err
}

// WriteProcs writes the threads in one PL_V9 block, each entry with the full
// 76-byte tail of libs >= 0.25 (a tail of 29 bytes or less would be read with
// the pre-0.10 layout and lose tty).
func (w *Writer) WriteProcs(procs []Proc) error {
	if err := w.metadata("process list"); err != nil {
		return err
	}
	var body []byte
	for i := range procs {
		var err error
		if body, err = appendProc(body, &procs[i]); err != nil {
			return fmt.Errorf("scap: process list entry %d (tid %d): %w", i, procs[i].TID, err)
		}
	}
	w.block(BlockPLV9, body)
	return w.err
}

func appendStr(b []byte, what, s string, limit int) ([]byte, error) {
	if len(s) > limit {
		return b, fmt.Errorf("%s of %d bytes exceeds %d", what, len(s), limit)
	}
	b = binary.LittleEndian.AppendUint16(b, uint16(len(s)))
	return append(b, s...), nil
}

func appendList(b []byte, what string, list []string, limit int) ([]byte, error) {
	return appendStr(b, what, string(ppm.PStrings(list...)), limit)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func appendProc(b []byte, p *Proc) ([]byte, error) {
	start := len(b)
	le := binary.LittleEndian
	b = le.AppendUint32(b, 0) // sub_len, patched below
	for _, v := range []int64{p.TID, p.PID, p.PTID, p.SID, p.VPGID} {
		b = le.AppendUint64(b, uint64(v))
	}
	var err error
	for _, s := range [][2]string{{"comm", p.Comm}, {"exe", p.Exe}, {"exepath", p.ExePath}} {
		if b, err = appendStr(b, s[0], s[1], maxPathLen); err != nil {
			return b, err
		}
	}
	if b, err = appendList(b, "args", p.Args, maxArgsLen); err != nil {
		return b, err
	}
	if b, err = appendStr(b, "cwd", p.Cwd, maxPathLen); err != nil {
		return b, err
	}
	b = le.AppendUint64(b, p.FDLimit)
	b = le.AppendUint32(b, p.Flags)
	b = le.AppendUint32(b, p.UID)
	b = le.AppendUint32(b, p.GID)
	b = le.AppendUint32(b, p.VMSizeKB)
	b = le.AppendUint32(b, p.VMRSSKB)
	b = le.AppendUint32(b, p.VMSwapKB)
	b = le.AppendUint64(b, p.PFMajor)
	b = le.AppendUint64(b, p.PFMinor)
	if b, err = appendList(b, "env", p.Env, maxArgsLen); err != nil {
		return b, err
	}
	b = le.AppendUint64(b, uint64(p.VTID))
	b = le.AppendUint64(b, uint64(p.VPID))
	if b, err = appendList(b, "cgroups", p.Cgroups, maxArgsLen); err != nil {
		return b, err
	}
	if b, err = appendStr(b, "root", p.Root, maxPathLen); err != nil {
		return b, err
	}
	b = le.AppendUint64(b, p.PidnsInitStartTS)
	b = le.AppendUint32(b, p.TTY)
	b = le.AppendUint32(b, p.LoginUID)
	b = append(b, boolByte(p.ExeWritable))
	b = le.AppendUint64(b, p.CapInheritable)
	b = le.AppendUint64(b, p.CapPermitted)
	b = le.AppendUint64(b, p.CapEffective)
	b = append(b, boolByte(p.ExeUpperLayer))
	b = le.AppendUint64(b, p.ExeIno)
	b = le.AppendUint64(b, p.ExeInoCtime)
	b = le.AppendUint64(b, p.ExeInoMtime)
	b = append(b, boolByte(p.ExeFromMemfd), boolByte(p.ExeLowerLayer))
	b = le.AppendUint64(b, uint64(p.PGID))
	le.PutUint32(b[start:], uint32(len(b)-start))
	return b, nil
}

// WriteFDLists writes one FDL_V2 block per list: the open files of a
// process when the capture starts. Entries of type SCAP_FD_FILE_V2 carry
// their open flags (and a device number of 0); directories and the other
// named types their name; socket types are not supported.
func (w *Writer) WriteFDLists(lists []FDList) error {
	if err := w.metadata("fd list"); err != nil {
		return err
	}
	le := binary.LittleEndian
	for _, l := range lists {
		body := le.AppendUint64(nil, uint64(l.TID))
		for _, fd := range l.FDs {
			start := len(body)
			body = le.AppendUint32(body, 0)
			body = le.AppendUint64(body, uint64(fd.Num))
			body = le.AppendUint64(body, fd.Ino)
			body = append(body, fd.Type)
			var err error
			switch {
			case fd.Type == fdFileV2:
				body = le.AppendUint32(body, fd.OpenFlags)
				if body, err = appendStr(body, "fd name", fd.Name, maxPathLen-1); err == nil {
					body = le.AppendUint32(body, 0) // dev
				}
			case fd.Type >= fdFile && fd.Type <= fdPIDFD && fd.Type != fdIPv4Sock && fd.Type != fdIPv6Sock &&
				fd.Type != fdIPv4ServSock && fd.Type != fdIPv6ServSock && fd.Type != fdUnixSock:
				body, err = appendStr(body, "fd name", fd.Name, maxPathLen-1)
			default:
				err = fmt.Errorf("fd type %d is not supported", fd.Type)
			}
			if err != nil {
				return fmt.Errorf("scap: fd %d of tid %d: %w", fd.Num, l.TID, err)
			}
			le.PutUint32(body[start:], uint32(len(body)-start))
		}
		w.block(BlockFDLV2, body)
	}
	return w.err
}

// WriteUsers writes a UL_V2 block. Users and groups are optional: libsinsp
// reads them only when asked to import users.
func (w *Writer) WriteUsers(users []User, groups []Group) error {
	if err := w.metadata("user list"); err != nil {
		return err
	}
	le := binary.LittleEndian
	var body []byte
	var err error
	for _, u := range users {
		start := len(body)
		body = le.AppendUint32(body, 0)
		body = append(body, 0)
		body = le.AppendUint32(body, u.UID)
		body = le.AppendUint32(body, u.GID)
		for _, s := range []string{u.Name, u.Home, u.Shell} {
			if body, err = appendStr(body, "user field", s, maxCredLen-1); err != nil {
				return fmt.Errorf("scap: user %d: %w", u.UID, err)
			}
		}
		le.PutUint32(body[start:], uint32(len(body)-start))
	}
	for _, g := range groups {
		start := len(body)
		body = le.AppendUint32(body, 0)
		body = append(body, 1)
		body = le.AppendUint32(body, g.GID)
		if body, err = appendStr(body, "group name", g.Name, maxCredLen-1); err != nil {
			return fmt.Errorf("scap: group %d: %w", g.GID, err)
		}
		le.PutUint32(body[start:], uint32(len(body)-start))
	}
	w.block(BlockULV2, body)
	return w.err
}

// WriteEvent writes one event (the bytes of ppm.Append) with its cpuid and
// dump flags. It checks what would make libsinsp reject or crash on the
// event: a malformed layout, a fixed-size parameter of the wrong size, a cpuid
// not below the machine info's NumCPUs, a non-large event over 64 KiB.
func (w *Writer) WriteEvent(cpu uint16, flags uint32, event []byte) error {
	if w.err != nil {
		return w.err
	}
	e, err := ppm.Parse(event)
	if err != nil {
		return fmt.Errorf("scap: %w", err)
	}
	event = e.Bytes()
	if err := CheckEvent(e); err != nil {
		return err
	}
	if w.numCPUs > 0 && uint32(cpu) >= w.numCPUs {
		return fmt.Errorf("scap: %s event on cpu %d, machine info declares %d cpus", e.Type(), cpu, w.numCPUs)
	}
	typ := BlockEVV2
	hdr := w.scratch[:0]
	hdr = binary.LittleEndian.AppendUint16(hdr, cpu)
	if flags != 0 {
		typ = BlockEVFV2
		hdr = binary.LittleEndian.AppendUint32(hdr, flags)
	}
	if e.Type().LargePayload() {
		if flags != 0 {
			typ = BlockEVFV2Large
		} else {
			typ = BlockEVV2Large
		}
	} else if normalize(8+len(hdr)+len(event)+4)-8 > maxNonLargeBlock {
		return fmt.Errorf("scap: %s event of %d bytes does not fit a non-large event block", e.Type(), len(event))
	}
	w.scratch = hdr
	w.events = true
	w.block(typ, hdr, event)
	return w.err
}

// CheckEvent reports parameters libsinsp would refuse: a present parameter of
// a fixed-size type whose length is not that size, or a string parameter that
// is not exactly one NUL-terminated string. Events of types this package does not describe
// pass.
func CheckEvent(e ppm.Event) error {
	ps := e.Type().Params()
	for i := 0; i < min(len(ps), e.NParams()); i++ {
		p := e.Param(i)
		if len(p) == 0 {
			continue
		}
		t := ps[i].Type
		if sz := t.Size(); sz > 0 && len(p) != sz {
			return fmt.Errorf("scap: %s parameter %d (%s, %s) is %d bytes, libsinsp requires %d", e.Type(), i, ps[i].Name, t, len(p), sz)
		}
		if (t == ppm.PTCharBuf || t == ppm.PTFSPath || t == ppm.PTFSRelPath) && bytes.IndexByte(p, 0) != len(p)-1 {
			return fmt.Errorf("scap: %s parameter %d (%s) must be one NUL-terminated string", e.Type(), i, ps[i].Name)
		}
	}
	return nil
}

// Close flushes the capture (and finishes the gzip stream). It does not close
// the underlying writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if !w.events {
		return errors.New("scap: a capture needs at least one event (readers refuse a file without)")
	}
	if err := w.dst.Flush(); err != nil {
		return err
	}
	if w.gz != nil {
		return w.gz.Close()
	}
	return nil
}
