package scap

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/eql2falco/eql2falco/capture/ppm"
)

// Event is one event of a capture, as the Reader yields it. The embedded
// ppm.Event aliases the Reader's buffer and stays valid until the next call
// of Next.
type Event struct {
	ppm.Event
	// Num is evt.num as Falco numbers it: the events that reach libsinsp,
	// counted from 1 across the whole file. It is 0 for events the savefile
	// reader of libs >= 0.22 (Falco >= 0.42) drops before libsinsp sees them:
	// unused events, old-version enter events and the enter events its
	// converter keeps only as input for their exit event.
	Num uint64
	// Index counts every event the Reader yields, from 1.
	Index   uint64
	CPU     uint16    // cpuid of the block
	Flags   uint32    // dump flags of EVF blocks (1 = SCAP_DF_STATE_ONLY), else 0
	Block   BlockType // the event block's type
	Offset  int64     // offset of the block in the uncompressed stream
	Section int       // index of the section the event belongs to
}

// Dropped reports whether Falco's reader drops the event (Num == 0).
func (e *Event) Dropped() bool { return e.Num == 0 }

// Visible reports whether the event reaches Falco's rules when libs >= 0.22
// (Falco >= 0.42) replays the capture: it is not dropped, not flagged
// state-only (EVF flag SCAP_DF_STATE_ONLY), and not one of the enter events
// libsinsp consumes itself (execve, execveat, open, openat, openat2, creat,
// connect enters, which serve only as fallback data for their exit).
// Falco 0.41 shows those enter events to rules as well.
func (e *Event) Visible() bool {
	if e.Dropped() || e.Flags&flagStateOnly != 0 {
		return false
	}
	c := e.Type()
	if c.IsExit() || c.Flags()&ppm.FlagConverterManaged == 0 {
		return true
	}
	switch c.Name() {
	case "execve", "execveat", "open", "openat", "openat2", "creat", "connect":
		return false
	}
	return true
}

// flagStateOnly is SCAP_DF_STATE_ONLY: the event updates state but is
// filtered out before rules.
const flagStateOnly = 1

// Reader reads a capture file block by block, in constant memory: one buffer
// that holds at least the current block. Events are views into it.
type Reader struct {
	src    io.Reader
	closer io.Closer
	gz     *gzip.Reader

	buf  []byte
	r, w int   // unread data is buf[r:w]
	base int64 // stream offset of buf[0]
	rerr error // sticky error of src

	sec   *Section
	ev    Event
	v1    []byte // scratch for V1 events converted to the V2 layout
	index uint64
	num   uint64
	err   error
	done  bool
}

// The buffer starts small (many captures are a few KiB) and grows to
// bufSize once the input proves large, so that reads are big.
const (
	initialBufSize = 64 << 10
	bufSize        = 256 << 10
)

// Open opens a capture file; see NewReader.
func Open(name string) (*Reader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	r, err := NewReader(f)
	if err != nil {
		_ = f.Close() // read-only: the NewReader error is the one that matters
		return nil, err
	}
	r.closer = f
	return r, nil
}

// NewReader starts reading a capture: gzip-compressed (recognised by its
// magic bytes 1f 8b) or plain, as libscap's gzopen accepts both. It reads the
// first section's header and metadata blocks, up to the first event block.
func NewReader(src io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(src, 64<<10)
	magic, _ := br.Peek(2)
	r := &Reader{src: br, buf: make([]byte, initialBufSize)}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, &FormatError{Detail: fmt.Sprintf("gzip header: %v", err)}
		}
		r.gz, r.src = gz, gz
	}
	if err := r.readSection(0); err != nil {
		return nil, r.mark(err)
	}
	return r, nil
}

// Close releases the file opened by Open.
func (r *Reader) Close() error {
	var err error
	if r.gz != nil {
		err = r.gz.Close()
	}
	if r.closer != nil {
		if cerr := r.closer.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// Section returns the metadata of the section the last event belongs to (the
// first section before the first call of Next).
func (r *Reader) Section() *Section { return r.sec }

// Err returns the error that stopped Next, nil at a clean end of file.
func (r *Reader) Err() error { return r.err }

// Event returns the event Next moved to.
func (r *Reader) Event() *Event { return &r.ev }

// Next moves to the next event. It returns false at the end of the file or on
// an error (see Err). A section header after events starts a concatenated
// capture: its metadata replaces Section and Event.Section grows by one.
func (r *Reader) Next() bool {
	if r.done {
		return false
	}
	for {
		typ, blk, off, err := r.peekBlock()
		if errors.Is(err, io.EOF) {
			r.done = true
			return false
		}
		if err != nil {
			return r.stop(err)
		}
		switch {
		case typ.IsEvent():
			r.consume(len(blk))
			ok, err := r.decodeEvent(typ, blk, off)
			if err != nil {
				return r.stop(err)
			}
			if ok {
				return true
			}
		case typ == BlockSHB:
			if err := r.readSection(r.sec.Index + 1); err != nil {
				return r.stop(err)
			}
		default:
			return r.stop(formatError(off, typ, "only event blocks or a new section header may follow the first event block"))
		}
	}
}

func (r *Reader) stop(err error) bool {
	r.err, r.done = r.mark(err), true
	return false
}

// mark notes on a FormatError that its offset is in the uncompressed stream.
func (r *Reader) mark(err error) error {
	var fe *FormatError
	if r.gz != nil && errors.As(err, &fe) {
		fe.Gzip = true
	}
	return err
}

// fill makes at least n unread bytes available. It grows the buffer only
// while the data read so far fills it, so a corrupt length costs no more
// memory than the input provides.
func (r *Reader) fill(n int) error {
	for r.w-r.r < n {
		if r.rerr != nil {
			return r.rerr
		}
		if len(r.buf)-r.r < n && r.r > 0 {
			if len(r.buf) < bufSize && r.base > 4*bufSize {
				r.buf = append(r.buf, make([]byte, bufSize-len(r.buf))...)
			}
			copy(r.buf, r.buf[r.r:r.w])
			r.base += int64(r.r)
			r.w -= r.r
			r.r = 0
		}
		if r.w == len(r.buf) {
			nb := make([]byte, min(2*len(r.buf), max(n, len(r.buf)+1)))
			copy(nb, r.buf[r.r:r.w])
			r.base += int64(r.r)
			r.w -= r.r
			r.r = 0
			r.buf = nb
		}
		m, err := r.src.Read(r.buf[r.w:])
		r.w += m
		if err != nil {
			r.rerr = err
		}
	}
	return nil
}

func (r *Reader) consume(n int) { r.r += n }

func (r *Reader) offset() int64 { return r.base + int64(r.r) }

// peekBlock returns the next whole block without consuming it. It returns
// io.EOF only at a clean end of input (no byte of a further block).
func (r *Reader) peekBlock() (BlockType, []byte, int64, error) {
	off := r.offset()
	if r.w-r.r < 8 {
		if err := r.fill(8); err != nil {
			if errors.Is(err, io.EOF) && r.w == r.r {
				return 0, nil, off, io.EOF
			}
			return 0, nil, off, r.readErr(off, 0, "block header", err)
		}
	}
	typ := BlockType(binary.LittleEndian.Uint32(r.buf[r.r:]))
	total := binary.LittleEndian.Uint32(r.buf[r.r+4:])
	switch {
	case typ == BlockEVV2 && total >= blockOverhead && total-8 <= maxNonLargeBlock:
		// the common case, checked first
	case total < blockOverhead:
		return typ, nil, off, formatError(off, typ, fmt.Sprintf("block length %d is shorter than the %d-byte header and trailer", total, blockOverhead))
	case typ.IsEvent() && !typ.isLarge() && total-8 > maxNonLargeBlock:
		return typ, nil, off, formatError(off, typ, fmt.Sprintf("block length %d exceeds the %d bytes allowed for non-large event blocks", total, maxNonLargeBlock+8))
	case total > defaultBlockLimit:
		return typ, nil, off, formatError(off, typ, fmt.Sprintf("block length %d exceeds this reader's limit of %d", total, defaultBlockLimit))
	}
	if r.w-r.r < int(total) {
		if err := r.fill(int(total)); err != nil {
			return typ, nil, off, r.readErr(off, typ, fmt.Sprintf("block of %d bytes", total), err)
		}
	}
	return typ, r.buf[r.r : r.r+int(total)], off, nil
}

func (r *Reader) readErr(off int64, typ BlockType, what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return formatError(off, typ, fmt.Sprintf("truncated: %s ends after %d bytes", what, r.w-r.r))
	}
	var fe *FormatError
	if errors.As(err, &fe) {
		return err
	}
	return formatError(off, typ, fmt.Sprintf("reading %s: %v", what, err))
}

// readSection reads a section header and the metadata blocks after it, up to
// (not including) the first event block.
func (r *Reader) readSection(index int) error {
	typ, blk, off, err := r.peekBlock()
	if errors.Is(err, io.EOF) {
		return formatError(off, 0, "empty input: a capture starts with a section header block")
	}
	if err != nil {
		return err
	}
	if typ != BlockSHB {
		return formatError(off, typ, "a capture (and each concatenated capture) must start with a section header block")
	}
	sec := &Section{Index: index, Offset: off}
	if err := parseSHB(blk, off, &sec.Header); err != nil {
		return err
	}
	r.consume(len(blk))
	r.sec = sec
	for {
		typ, blk, off, err := r.peekBlock()
		if errors.Is(err, io.EOF) {
			return formatError(off, 0, "no events in file: the section ends before its first event block")
		}
		if err != nil {
			return err
		}
		if typ.IsEvent() {
			return nil
		}
		if typ == BlockSHB {
			return formatError(off, typ, "no events in file: a new section starts before the first event block")
		}
		total := len(blk)
		if trailer := binary.LittleEndian.Uint32(blk[total-4:]); trailer != uint32(total) {
			return formatError(off, typ, fmt.Sprintf("wrong block total length: header %d, trailer %d", total, trailer))
		}
		if msg := parseMeta(typ, blk[8:total-4], sec); msg != "" {
			return formatError(off, typ, msg)
		}
		r.consume(total)
	}
}

func parseSHB(blk []byte, off int64, h *SectionHeader) error {
	if len(blk) < blockOverhead+shbBodyLen {
		return formatError(off, BlockSHB, fmt.Sprintf("block length %d is shorter than %d", len(blk), blockOverhead+shbBodyLen))
	}
	body := blk[8:]
	if m := binary.LittleEndian.Uint32(body); m != shbMagic {
		return formatError(off, BlockSHB, fmt.Sprintf("invalid byte-order magic %#x (want %#x, little-endian)", m, shbMagic))
	}
	h.Major = binary.LittleEndian.Uint16(body[4:])
	h.Minor = binary.LittleEndian.Uint16(body[6:])
	if h.Major > shbMajor {
		return formatError(off, BlockSHB, fmt.Sprintf("format version %d.%d is newer than %d.x", h.Major, h.Minor, shbMajor))
	}
	if opts := blk[8+shbBodyLen : len(blk)-4]; len(opts) > 0 {
		h.Options = append([]byte(nil), opts...)
	}
	return nil
}

// parseMeta parses one metadata block body into sec; it returns an error
// message or "".
func parseMeta(typ BlockType, body []byte, sec *Section) string {
	switch typ {
	case BlockMI, BlockMIInt:
		mi, msg := parseMachineInfo(body)
		if msg == "" {
			sec.Machine = mi
		}
		return msg
	case BlockFDL, BlockFDLInt, BlockFDLV2:
		l, msg := parseFDList(body, typ == BlockFDLV2)
		if msg == "" {
			sec.FDLists = append(sec.FDLists, l)
		}
		return msg
	case BlockUL, BlockULInt, BlockULV2:
		return parseUserList(body, typ == BlockULV2, sec)
	case BlockIL, BlockILInt, BlockILV2:
		return parseIfList(body, typ == BlockILV2, sec)
	}
	if v := typ.plVersion(); v > 0 {
		var msg string
		sec.Procs, msg = parseProcList(body, v, sec.Procs)
		return msg
	}
	sec.Skipped++
	return ""
}

// decodeEvent turns an event block into r.ev. It returns false for events
// libscap skips (types past the event table).
func (r *Reader) decodeEvent(typ BlockType, blk []byte, off int64) (bool, error) {
	body := blk[8 : len(blk)-4]
	hdr := 2
	if typ.hasFlags() {
		hdr = 6
	}
	minEvt := ppm.HeaderLen
	if typ.isV1Event() {
		minEvt = ppm.HeaderLen - 4
	}
	if len(body) < hdr+minEvt {
		return false, formatError(off, typ, fmt.Sprintf("body of %d bytes cannot hold the %d-byte cpuid/flags and a %d-byte event header", len(body), hdr, minEvt))
	}
	ev := body[hdr:]
	code := ppm.Code(binary.LittleEndian.Uint16(ev[20:22]))
	if !code.Known() {
		return false, nil
	}
	var e ppm.Event
	var err error
	if typ.isV1Event() {
		e, err = r.convertV1(ev)
	} else {
		e, err = ppm.Parse(ev)
	}
	if err != nil {
		return false, formatError(off, typ, fmt.Sprintf("%s event: %v", code, err))
	}
	r.index++
	out := &r.ev
	out.Event, out.Index, out.Num = e, r.index, 0
	if replayed(code) {
		r.num++
		out.Num = r.num
	}
	out.CPU, out.Flags, out.Block, out.Offset, out.Section = binary.LittleEndian.Uint16(body), 0, typ, off, r.sec.Index
	if hdr == 6 {
		out.Flags = binary.LittleEndian.Uint32(body[2:])
	}
	return true, nil
}

// convertV1 rewrites an event with the 22-byte header of V1 blocks into the
// 26-byte layout, inferring nparams as libscap does: starting from the
// table's count for the type, the largest count whose lengths add up exactly
// to the event length.
func (r *Reader) convertV1(ev []byte) (ppm.Event, error) {
	const h1 = ppm.HeaderLen - 4
	l1 := binary.LittleEndian.Uint32(ev[16:20])
	if l1 < h1 || uint64(l1) > uint64(len(ev)) {
		return ppm.Event{}, fmt.Errorf("v1 event length %d outside [%d, %d]", l1, h1, len(ev))
	}
	code := ppm.Code(binary.LittleEndian.Uint16(ev[20:22]))
	n2 := int(l1) + 4
	if code == ppm.CodeNotification || code == ppm.CodeInfrastructure {
		// Old captures stored these two with a length 3 bytes too large.
		n2 -= 3
		if n2 < ppm.HeaderLen {
			return ppm.Event{}, fmt.Errorf("v1 event length %d too short for its type", l1)
		}
	}
	buf := append(r.v1[:0], ev[:h1]...)
	buf = append(buf, 0, 0, 0, 0)
	buf = append(buf, ev[h1:n2-4]...)
	r.v1 = buf
	binary.LittleEndian.PutUint32(buf[16:], uint32(n2))
	np, ok := inferParams(buf, code.TableParams())
	if !ok {
		return ppm.Event{}, fmt.Errorf("cannot convert v1 event to v2: no parameter count up to %d matches its length %d", code.TableParams(), l1)
	}
	binary.LittleEndian.PutUint32(buf[22:], uint32(np))
	return ppm.Parse(buf)
}

func inferParams(ev []byte, max int) (int, bool) {
	end := len(ev)
	for n := max; n >= 0; n-- {
		p := ppm.HeaderLen + 2*n
		if p > end {
			continue
		}
		for i := 0; i < n; i++ {
			p += int(binary.LittleEndian.Uint16(ev[ppm.HeaderLen+2*i:]))
		}
		if p < end {
			return 0, false
		}
		if p == end {
			return n, true
		}
	}
	return 0, false
}

// replayed reports whether an event of type c reaches libsinsp when libs >=
// 0.22 reads a capture (the savefile converter's rules): unused events are
// dropped; events the converter does not manage pass unless they are
// old-version enter events; managed exit events pass (converted); managed
// enter events pass unless the converter stores them for their exit.
func replayed(c ppm.Code) bool { return c.Known() && replayedCodes[c] }

var replayedCodes = func() (t [ppm.NumCodes]bool) {
	for c := range t {
		t[c] = replayedByFlags(ppm.Code(c))
	}
	return t
}()

func replayedByFlags(c ppm.Code) bool {
	f := c.Flags()
	switch {
	case f&ppm.FlagUnused != 0:
		return false
	case f&ppm.FlagConverterManaged == 0:
		return f&ppm.FlagOld == 0 || c.IsExit()
	default:
		return c.IsExit() || f&ppm.FlagConverterDrops == 0
	}
}

func formatError(off int64, typ BlockType, detail string) *FormatError {
	return &FormatError{Offset: off, Block: typ, Detail: detail}
}
