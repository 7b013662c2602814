package scap

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// SectionHeader is the section header block that opens a capture and each
// capture concatenated to it.
type SectionHeader struct {
	Major, Minor uint16
	// Options holds the pcapng options that follow the 16-byte body, if any
	// (libscap skips them).
	Options []byte
}

// MachineInfo is the machine-info block (struct scap_machine_info).
type MachineInfo struct {
	NumCPUs     uint32 // must exceed every event's cpuid (thread.exectime indexes by it)
	MemoryBytes uint64
	MaxPID      uint64
	Hostname    string // at most 127 bytes
	BootTS      uint64 // boot time, ns since the epoch
	Flags       uint64
}

// Proc is one thread of a process-list block. Fields a block version lacks
// hold libscap's defaults: -1 for SID, VPGID, PGID, VTID and VPID,
// 0xFFFFFFFF for LoginUID, zero otherwise.
type Proc struct {
	TID, PID, PTID   int64
	SID, VPGID, PGID int64
	Comm             string // task comm
	Exe              string // argv[0]
	ExePath          string // /proc/pid/exe target
	Args             []string
	Cwd              string
	FDLimit          uint64
	Flags            uint32 // PPM_CL_* flags
	UID, GID         uint32
	VMSizeKB         uint32
	VMRSSKB          uint32
	VMSwapKB         uint32
	PFMajor, PFMinor uint64
	Env              []string
	VTID, VPID       int64
	Cgroups          []string // "subsys=path"
	Root             string
	PidnsInitStartTS uint64
	TTY              uint32
	LoginUID         uint32
	ExeWritable      bool
	ExeUpperLayer    bool
	ExeLowerLayer    bool
	ExeFromMemfd     bool
	CapInheritable   uint64
	CapPermitted     uint64
	CapEffective     uint64
	ExeIno           uint64
	ExeInoCtime      uint64
	ExeInoMtime      uint64
}

// FD is one entry of an fd-list block. Name is the file name, socket path or
// empty, depending on Type (scap_fd_type).
type FD struct {
	Num  int64
	Ino  uint64
	Type uint8
	Name string
	// OpenFlags are the PPM_O_* flags of a file (type SCAP_FD_FILE_V2).
	OpenFlags uint32
}

// FDList is one fd-list block: the open files of one thread.
type FDList struct {
	TID int64
	FDs []FD
}

// User and Group are the entries of a user-list block.
type User struct {
	UID, GID          uint32
	Name, Home, Shell string
}

// Group is a group of a user-list block.
type Group struct {
	GID  uint32
	Name string
}

// Interface is one entry of an interface-list block.
type Interface struct {
	Name      string
	IPv6      bool
	Addr      []byte // 4 or 16 bytes
	LinkSpeed uint64
}

// Section is the metadata of one capture section: everything before its first
// event block.
type Section struct {
	Index      int   // 0 for the first section of a file
	Offset     int64 // offset of its SHB
	Header     SectionHeader
	Machine    *MachineInfo // nil when the section has no MI block
	Procs      []Proc       // process-list entries, in file order
	FDLists    []FDList
	Users      []User
	Groups     []Group
	Interfaces []Interface
	// Skipped counts blocks of unknown types that were skipped by length.
	Skipped int
}

// cursor reads little-endian fields from a block body and records the first
// overrun as an error.
type cursor struct {
	b   []byte
	pos int
	err string
}

func (c *cursor) need(n int, what string) bool {
	if c.err != "" {
		return false
	}
	if n < 0 || len(c.b)-c.pos < n {
		c.err = fmt.Sprintf("%s at body offset %d: needs %d bytes, %d left", what, c.pos, n, len(c.b)-c.pos)
		return false
	}
	return true
}

func (c *cursor) fail(format string, args ...any) {
	if c.err == "" {
		c.err = fmt.Sprintf(format, args...)
	}
}

func (c *cursor) left() int { return len(c.b) - c.pos }

func (c *cursor) bytes(n int, what string) []byte {
	if !c.need(n, what) {
		return nil
	}
	b := c.b[c.pos : c.pos+n]
	c.pos += n
	return b
}

func (c *cursor) u8(what string) uint8 {
	if b := c.bytes(1, what); b != nil {
		return b[0]
	}
	return 0
}

func (c *cursor) u16(what string) uint16 {
	if b := c.bytes(2, what); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (c *cursor) u32(what string) uint32 {
	if b := c.bytes(4, what); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (c *cursor) u64(what string) uint64 {
	if b := c.bytes(8, what); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (c *cursor) i64(what string) int64 { return int64(c.u64(what)) }

// str reads a u16-length-prefixed string of at most limit bytes.
func (c *cursor) str(what string, limit int) []byte {
	n := int(c.u16(what + " length"))
	if c.err == "" && n > limit {
		c.fail("%s length %d exceeds %d", what, n, limit)
		return nil
	}
	return c.bytes(n, what)
}

// splitList splits a NUL-separated list with an optional trailing NUL.
func splitList(b []byte) []string {
	b = bytes.TrimSuffix(b, []byte{0})
	if len(b) == 0 {
		return nil
	}
	parts := bytes.Split(b, []byte{0})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return out
}

// cstr returns the text of b up to its first NUL.
func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

func parseMachineInfo(body []byte) (*MachineInfo, string) {
	if len(body) != miBodyLen {
		return nil, fmt.Sprintf("body is %d bytes, libscap reads exactly %d", len(body), miBodyLen)
	}
	c := cursor{b: body}
	mi := &MachineInfo{
		NumCPUs:     c.u32("num_cpus"),
		MemoryBytes: c.u64("memory_size_bytes"),
		MaxPID:      c.u64("max_pid"),
	}
	mi.Hostname = cstr(c.bytes(128, "hostname"))
	mi.BootTS = c.u64("boot_ts_epoch")
	mi.Flags = c.u64("flags")
	return mi, c.err
}

// parseProcList parses the entries of a PL block of the given version (1-9).
func parseProcList(body []byte, version int, dst []Proc) ([]Proc, string) {
	c := cursor{b: body}
	for c.left() >= 4 {
		start := c.pos
		p, subLen := parseProc(&c, version)
		if c.err != "" {
			return dst, fmt.Sprintf("entry %d (body offset %d): %s", len(dst), start, c.err)
		}
		if version == 9 && subLen > 0 {
			used := c.pos - start
			if used > int(subLen) {
				return dst, fmt.Sprintf("entry %d (body offset %d): fields need %d bytes, entry length is %d", len(dst), start, used, subLen)
			}
			c.bytes(int(subLen)-used, "rest of entry")
			if c.err != "" {
				return dst, fmt.Sprintf("entry %d (body offset %d): %s", len(dst), start, c.err)
			}
		}
		dst = append(dst, p)
	}
	return dst, ""
}

func parseProc(c *cursor, v int) (Proc, uint32) {
	p := Proc{SID: -1, VPGID: -1, PGID: -1, VTID: -1, VPID: -1, LoginUID: 0xFFFFFFFF}
	var subLen uint32
	start := c.pos
	if v == 9 {
		subLen = c.u32("sub_len")
		if c.err == "" && int64(subLen)-4 > int64(c.left()) {
			c.fail("entry length %d exceeds the %d bytes left in the block", subLen, c.left()+4)
		}
	}
	p.TID = c.i64("tid")
	p.PID = c.i64("pid")
	p.PTID = c.i64("ptid")
	if v >= 6 {
		p.SID = c.i64("sid")
	}
	if v >= 8 {
		p.VPGID = c.i64("vpgid")
	}
	p.Comm = string(c.str("comm", maxPathLen))
	p.Exe = string(c.str("exe", maxPathLen))
	if v >= 7 {
		p.ExePath = string(c.str("exepath", maxPathLen))
	}
	p.Args = splitList(c.str("args", maxArgsLen))
	p.Cwd = string(c.str("cwd", maxPathLen))
	p.FDLimit = c.u64("fdlimit")
	p.Flags = c.u32("flags")
	p.UID = c.u32("uid")
	p.GID = c.u32("gid")
	if v >= 2 {
		p.VMSizeKB = c.u32("vmsize_kb")
		p.VMRSSKB = c.u32("vmrss_kb")
		p.VMSwapKB = c.u32("vmswap_kb")
		p.PFMajor = c.u64("pfmajor")
		p.PFMinor = c.u64("pfminor")
	}
	if v >= 3 {
		p.Env = splitList(c.str("env", maxArgsLen))
	}
	if v >= 4 {
		p.VTID = c.i64("vtid")
		p.VPID = c.i64("vpid")
		p.Cgroups = splitList(c.str("cgroups", maxArgsLen))
	}
	if v >= 5 {
		p.Root = string(c.str("root", maxPathLen))
	}
	if v < 9 || subLen == 0 || c.err != "" {
		return p, subLen
	}
	// The V9 tail: each field is read only if it fits in the entry. libs < 0.10
	// wrote loginuid, exe_writable and the three capability sets only (at most
	// 29 bytes); 0.10 inserted pidns_init_start_ts and tty before loginuid, so a
	// tail of 29 bytes or less is read with the old layout.
	fits := func(n int) bool { return c.pos-start+n <= int(subLen) }
	if int(subLen)-(c.pos-start) > pre010TailMax {
		if fits(8) {
			p.PidnsInitStartTS = c.u64("pidns_init_start_ts")
		}
		if fits(4) {
			p.TTY = c.u32("tty")
		}
	}
	if fits(4) {
		p.LoginUID = c.u32("loginuid")
	}
	if fits(1) {
		p.ExeWritable = c.u8("exe_writable") != 0
	}
	if fits(8) {
		p.CapInheritable = c.u64("cap_inheritable")
	}
	if fits(8) {
		p.CapPermitted = c.u64("cap_permitted")
	}
	if fits(8) {
		p.CapEffective = c.u64("cap_effective")
	}
	if fits(1) {
		p.ExeUpperLayer = c.u8("exe_upper_layer") != 0
	}
	if fits(8) {
		p.ExeIno = c.u64("exe_ino")
	}
	if fits(8) {
		p.ExeInoCtime = c.u64("exe_ino_ctime")
	}
	if fits(8) {
		p.ExeInoMtime = c.u64("exe_ino_mtime")
	}
	if fits(1) {
		p.ExeFromMemfd = c.u8("exe_from_memfd") != 0
	}
	if fits(1) {
		p.ExeLowerLayer = c.u8("exe_lower_layer") != 0
	}
	if fits(8) {
		p.PGID = c.i64("pgid")
	}
	return p, subLen
}

// fd types of scap_fd_type that the fd-list layout distinguishes.
const (
	fdFile         = 1
	fdIPv4Sock     = 3
	fdIPv6Sock     = 4
	fdIPv4ServSock = 5
	fdIPv6ServSock = 6
	fdUnixSock     = 8
	fdFileV2       = 16
	fdPIDFD        = 21
)

func parseFDList(body []byte, v2 bool) (FDList, string) {
	c := cursor{b: body}
	l := FDList{TID: c.i64("tid")}
	for c.err == "" && c.left() >= 4 {
		start := c.pos
		var subLen uint32
		if v2 {
			subLen = c.u32("entry length")
		}
		fd := FD{Num: c.i64("fd"), Ino: c.u64("ino"), Type: c.u8("type")}
		switch fd.Type {
		case fdIPv4Sock:
			c.bytes(13, "ipv4 socket")
		case fdIPv4ServSock:
			c.bytes(7, "ipv4 server socket")
		case fdIPv6Sock:
			c.bytes(37, "ipv6 socket")
		case fdIPv6ServSock:
			c.bytes(19, "ipv6 server socket")
		case fdUnixSock:
			c.bytes(16, "unix socket")
			fd.Name = string(c.str("name", maxPathLen-1))
		case fdFileV2:
			fd.OpenFlags = c.u32("open flags")
			fd.Name = string(c.str("name", maxPathLen-1))
			if subLen > 0 && c.pos-start+4 <= int(subLen) {
				c.u32("dev")
			}
		default:
			if fd.Type >= fdFile && fd.Type <= fdPIDFD {
				fd.Name = string(c.str("name", maxPathLen-1))
			}
		}
		if c.err == "" && subLen > 0 {
			used := c.pos - start
			if used > int(subLen) {
				c.fail("fd entry %d: fields need %d bytes, entry length is %d", len(l.FDs), used, subLen)
			} else {
				c.bytes(int(subLen)-used, "rest of fd entry")
			}
		}
		if c.err != "" {
			return l, fmt.Sprintf("fd entry %d (body offset %d): %s", len(l.FDs), start, c.err)
		}
		l.FDs = append(l.FDs, fd)
	}
	return l, c.err
}

func parseUserList(body []byte, v2 bool, s *Section) string {
	c := cursor{b: body}
	for c.left() >= 4 {
		start := c.pos
		var subLen uint32
		if v2 {
			subLen = c.u32("entry length")
		}
		if c.u8("type") == 0 {
			u := User{UID: c.u32("uid"), GID: c.u32("gid")}
			u.Name = string(c.str("name", maxCredLen-1))
			u.Home = string(c.str("home", maxCredLen-1))
			u.Shell = string(c.str("shell", maxCredLen-1))
			s.Users = append(s.Users, u)
		} else {
			g := Group{GID: c.u32("gid")}
			g.Name = string(c.str("name", maxCredLen-1))
			s.Groups = append(s.Groups, g)
		}
		if c.err == "" && subLen > 0 {
			used := c.pos - start
			if used > int(subLen) {
				c.fail("fields need %d bytes, entry length is %d", used, subLen)
			} else {
				c.bytes(int(subLen)-used, "rest of entry")
			}
		}
		if c.err != "" {
			return fmt.Sprintf("entry at body offset %d: %s", start, c.err)
		}
	}
	return ""
}

// Interface types of the interface list.
const (
	ifIPv4            = 1
	ifIPv6            = 2
	ifIPv4NoLinkSpeed = 3
	ifIPv6NoLinkSpeed = 4
)

func parseIfList(body []byte, v2 bool, s *Section) string {
	c := cursor{b: body}
	for c.left() >= 4 {
		start := c.pos
		entry := &c
		var sub cursor
		if v2 {
			// The V2 entry length excludes its own 4 bytes.
			n := int(c.u32("entry length"))
			sub = cursor{b: c.bytes(n, "entry")}
			entry = &sub
		}
		typ := entry.u16("type")
		nameLen := int(entry.u16("name length"))
		if entry.err == "" && nameLen >= maxPathLen {
			entry.fail("name length %d exceeds %d", nameLen, maxPathLen-1)
		}
		var it Interface
		switch typ {
		case ifIPv4, ifIPv4NoLinkSpeed:
			it.Addr = entry.bytes(4, "address")
			entry.bytes(8, "netmask and broadcast")
		case ifIPv6, ifIPv6NoLinkSpeed:
			it.IPv6 = true
			it.Addr = entry.bytes(16, "address")
			entry.bytes(32, "netmask and broadcast")
		default:
			entry.fail("unknown interface type %d", typ)
		}
		if typ == ifIPv4 || typ == ifIPv6 {
			it.LinkSpeed = entry.u64("link speed")
		}
		it.Name = string(entry.bytes(nameLen, "name"))
		if entry.err != "" {
			return fmt.Sprintf("entry at body offset %d: %s", start, entry.err)
		}
		if c.err != "" {
			return fmt.Sprintf("entry at body offset %d: %s", start, c.err)
		}
		it.Addr = bytes.Clone(it.Addr)
		s.Interfaces = append(s.Interfaces, it)
	}
	return ""
}
