package containerid

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// Runtime names the layout family that matched.
type Runtime string

// Runtimes recognised by Find.
const (
	Docker     Runtime = "docker"
	Podman     Runtime = "podman"
	CRI        Runtime = "cri" // containerd via CRI, cri-o, nerdctl
	Containerd Runtime = "containerd"
	LXC        Runtime = "lxc"
)

// Runtimes is a set of layout families, the ones a search accepts. It is a
// bit set, so that a configuration holding one stays comparable; its JSON
// form is the list of the family names. The zero value is the empty set:
// every process is on the host.
type Runtimes uint8

// order is the order Falco's container plugin tries the families in.
var order = [...]Runtime{Podman, Docker, CRI, Containerd, LXC}

// AllRuntimes is every family, as Falco's container plugin tries them.
const AllRuntimes Runtimes = 1<<len(order) - 1

func (r Runtime) bit() Runtimes {
	for i, o := range order {
		if o == r {
			return 1 << i
		}
	}
	return 0
}

// NewRuntimes returns the set of the given families; unknown names are
// ignored (see ParseRuntime).
func NewRuntimes(rs ...Runtime) Runtimes {
	var s Runtimes
	for _, r := range rs {
		s |= r.bit()
	}
	return s
}

// ParseRuntime returns the family of a name ("docker", "podman", "cri",
// "containerd", "lxc").
func ParseRuntime(name string) (Runtime, bool) {
	r := Runtime(name)
	return r, r.bit() != 0
}

// Has reports whether the set holds r.
func (s Runtimes) Has(r Runtime) bool { return s&r.bit() != 0 }

// List returns the families of the set, in the order they are tried.
func (s Runtimes) List() []Runtime {
	out := []Runtime{}
	for _, r := range order {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// MarshalJSON encodes the set as the list of its family names.
func (s Runtimes) MarshalJSON() ([]byte, error) { return json.Marshal(s.List()) }

// UnmarshalJSON decodes a list of family names; an unknown name is an error.
func (s *Runtimes) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	*s = 0
	for _, n := range names {
		r, ok := ParseRuntime(n)
		if !ok {
			return fmt.Errorf("containerid: unknown layout family %q (known: %v)", n, AllRuntimes.List())
		}
		*s |= r.bit()
	}
	return nil
}

// ID is a container found in a cgroup path.
type ID struct {
	ID      string  // full id as it appears in the cgroup path
	Runtime Runtime // layout family that matched
}

// layout is a cgroup path shape: the id follows prefix and is followed by the
// suffix kind (nothing, ".scope" or ".scope/container").
type layout struct {
	prefix string
	suffix int
}

// Suffix kinds of layout.
const (
	sufNone           = iota // the id ends the path
	sufScope                 // the id is followed by the last ".scope"
	sufScopeContainer        // the id is followed by the last ".scope/container"
)

var matchers = []struct {
	runtime Runtime
	layouts []layout
}{
	{Podman, []layout{
		{"/libpod-", sufScope}, {"/libpod-", sufScopeContainer}, {"/libpod-", sufNone},
		{"/libpod-payload-", sufScope}, {"/libpod-payload-", sufScopeContainer}, {"/libpod-payload-", sufNone},
	}},
	{Docker, []layout{{"/", sufNone}, {"/docker-", sufScope}}},
	{CRI, []layout{
		{"/", sufNone}, {"/crio-", sufNone}, {"/cri-containerd-", sufScope}, {"/crio-", sufScope},
		{":cri-containerd:", sufNone}, {"/docker-", sufScope}, {"/nerdctl-", sufScope},
	}},
}

// Find returns the container of the first cgroup entry that matches a runtime
// layout. cgroups is the raw parameter: NUL-separated "subsys=path" entries
// (a trailing NUL is optional). ok is false for a host process.
func Find(cgroups []byte) (id ID, ok bool) {
	b, rt, ok := FindBytes(cgroups)
	if !ok {
		return ID{}, false
	}
	return ID{ID: string(b), Runtime: rt}, true
}

// FindBytes is Find without allocation: the id aliases cgroups.
func FindBytes(cgroups []byte) (id []byte, rt Runtime, ok bool) {
	return FindBytesIn(cgroups, AllRuntimes)
}

// FindBytesIn is FindBytes with only the layouts of the families in the set:
// a path that only another family's layout matches is the host's.
func FindBytesIn(cgroups []byte, in Runtimes) (id []byte, rt Runtime, ok bool) {
	var prev []byte // the path just tried; subsystems often share one
	for first := true; len(cgroups) > 0; first = false {
		entry := cgroups
		if i := bytes.IndexByte(cgroups, 0); i >= 0 {
			entry, cgroups = cgroups[:i], cgroups[i+1:]
		} else {
			cgroups = nil
		}
		if i := bytes.IndexByte(entry, '='); i >= 0 {
			entry = entry[i+1:]
		}
		if !first && bytes.Equal(entry, prev) {
			continue
		}
		prev = entry
		if id, rt, ok := findPath(entry, in); ok {
			return id, rt, true
		}
	}
	return nil, "", false
}

// FindPath matches one cgroup path ("/docker/<id>").
func FindPath(path string) (ID, bool) {
	id, rt, ok := findPath([]byte(path), AllRuntimes)
	if !ok {
		return ID{}, false
	}
	return ID{ID: string(id), Runtime: rt}, true
}

func findPath(path []byte, in Runtimes) ([]byte, Runtime, bool) {
	if id, rt, ok := matchLayouts(path, in); ok {
		return id, rt, true
	}
	if in.Has(Containerd) {
		if id, ok := matchContainerdNamespace(path); ok {
			return id, Containerd, true
		}
	}
	if in.Has(LXC) {
		if id, ok := matchLXC(path); ok {
			return id, LXC, true
		}
	}
	return nil, "", false
}

// A layout {prefix, suffix} matches a path when the text between the last
// occurrence of prefix and the last occurrence of suffix (the end of the path
// when there is no suffix) is exactly 64 hex digits. matchLayouts decides that
// without searching the path once per layout:
//
//   - The id can only end at one of three places: the end of the path, the
//     last ".scope" or the last ".scope/container". The 64 bytes before each
//     are hex-checked at most once, when a layout's prefix precedes them.
//   - Every prefix ends in a non-hex byte ('/', '-' or ':'), so no occurrence
//     of it can start after the one just before the id and end inside the id.
//     "prefix occurs just before the id and nowhere after the id's start" is
//     therefore the same as "the last occurrence of prefix is just before the
//     id".
//
// The tests check this against the direct formulation (one last-index search
// per layout) on the fixtures and under fuzzing.
func matchLayouts(path []byte, in Runtimes) ([]byte, Runtime, bool) {
	var ends [3]int // where the id would end, per suffix kind
	ends[sufNone] = len(path)
	ends[sufScope] = lastScope(path)
	// Only podman layouts end at ".scope/container", and all of them need
	// "/libpod-" in the path.
	podman := bytes.Contains(path, []byte("/libpod-"))
	ends[sufScopeContainer] = -1
	if podman {
		ends[sufScopeContainer] = lastScopeContainer(path, ends[sufScope])
	}
	var hex [3]int8 // per suffix kind: 0 not checked yet, 1 hex, -1 not hex
	for _, m := range matchers {
		if m.runtime == Podman && !podman || !in.Has(m.runtime) {
			continue
		}
		for _, l := range m.layouts {
			e := ends[l.suffix]
			p := e - 64 - len(l.prefix)
			if p < 0 || string(path[p:e-64]) != l.prefix {
				continue
			}
			if hex[l.suffix] == 0 {
				hex[l.suffix] = -1
				if isHex(path[e-64 : e]) {
					hex[l.suffix] = 1
				}
			}
			if hex[l.suffix] < 0 {
				continue
			}
			// No later occurrence of the prefix may start after the id.
			if lastIndex(path[e-len(l.prefix)+1:], l.prefix) >= 0 {
				continue
			}
			return path[e-64 : e], m.runtime, true
		}
	}
	return nil, "", false
}

// lastScope is lastIndex(path, ".scope"), in constant time for the paths
// that end with ".scope" or ".scope/container" (no ".scope" fits after
// those).
func lastScope(path []byte) int {
	switch {
	case bytes.HasSuffix(path, []byte(".scope")):
		return len(path) - len(".scope")
	case bytes.HasSuffix(path, []byte(".scope/container")):
		return len(path) - len(".scope/container")
	}
	return lastIndex(path, ".scope")
}

// lastScopeContainer is lastIndex(path, ".scope/container") given the last
// ".scope" at sc: every ".scope/container" starts with a ".scope", so it is
// either at sc or starts before it.
func lastScopeContainer(path []byte, sc int) int {
	const sep = ".scope/container"
	if sc < 0 {
		return -1
	}
	if bytes.HasPrefix(path[sc:], []byte(sep)) {
		return sc
	}
	return lastIndex(path[:min(len(path), sc+len(sep)-1)], sep)
}

// lastIndex is bytes.LastIndex for a string needle. It searches forward with
// the vectorized bytes.Index: needles are rare in cgroup paths, so this
// visits each byte about once, faster than a backward byte-by-byte scan.
func lastIndex(s []byte, sep string) int {
	last := -1
	for off := 0; ; {
		i := bytes.Index(s[off:], []byte(sep))
		if i < 0 {
			return last
		}
		last = off + i
		off = last + 1
	}
}

// matchContainerdNamespace handles containers started by containerd directly
// (ctr, not CRI): "/<namespace>/<id>", where the id may be any name of 1 to 64
// characters. Paths of systemd units are left to the other layouts.
func matchContainerdNamespace(path []byte) ([]byte, bool) {
	if bytes.HasSuffix(path, []byte(".service")) || bytes.HasSuffix(path, []byte(".slice")) || bytes.HasSuffix(path, []byte(".scope")) {
		return nil, false
	}
	ns, ok := firstNamespace(path)
	if !ok {
		return nil, false
	}
	// The id follows the last occurrence of "/<ns>/".
	var id []byte
	for i := len(path) - len(ns) - 2; i >= 0; i-- {
		if path[i] == '/' && path[i+len(ns)+1] == '/' && bytes.Equal(path[i+1:i+1+len(ns)], ns) {
			id = path[i+len(ns)+2:]
			break
		}
	}
	if len(id) == 0 || len(id) > 64 {
		return nil, false
	}
	return id, true
}

// firstNamespace finds the first "/<ns>/" where ns is alphanumeric runs joined
// by single '.', '_' or '-' characters.
func firstNamespace(path []byte) ([]byte, bool) {
	for i := 0; i < len(path); i++ {
		if path[i] != '/' {
			continue
		}
		j := i + 1
		for j < len(path) && path[j] != '/' {
			j++
		}
		if j < len(path) && validNamespace(path[i+1:j]) {
			return path[i+1 : j], true
		}
	}
	return nil, false
}

func validNamespace(s []byte) bool {
	if len(s) == 0 || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if isAlnum(c) {
			continue
		}
		if c != '.' && c != '_' && c != '-' || !isAlnum(s[i-1]) {
			return false
		}
	}
	return true
}

// matchLXC handles "/lxc/<name>", "/lxc.payload/<name>" and "/lxc.payload.<name>".
func matchLXC(path []byte) ([]byte, bool) {
	for _, marker := range lxcMarkers {
		i := bytes.Index(path, marker)
		if i < 0 {
			continue
		}
		rest := path[i+len(marker):]
		if j := bytes.IndexByte(rest, '/'); j >= 0 {
			rest = rest[:j]
		}
		if len(rest) > 0 {
			return rest, true
		}
	}
	return nil, false
}

var lxcMarkers = [][]byte{[]byte("/lxc/"), []byte("/lxc.payload/"), []byte("/lxc.payload.")}

// Short returns the id as Falco's container.id shows it: the first 12
// characters of a 64-hex-digit id, other ids unchanged.
func Short(id string) string {
	return id[:len(ShortBytes([]byte(id)))]
}

// ShortBytes is Short for an id held in bytes; the result aliases id.
func ShortBytes(id []byte) []byte {
	if len(id) == 64 && isHex(id) {
		return id[:12]
	}
	return id
}

// hexDigit[c] is true for the hex digits 0-9, a-f, A-F.
var hexDigit = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdefABCDEF") {
		t[c] = true
	}
	return t
}()

func isHex(s []byte) bool {
	for ; len(s) >= 8; s = s[8:] {
		if !hexWord(binary.LittleEndian.Uint64(s)) {
			return false
		}
	}
	for _, c := range s {
		if !hexDigit[c] {
			return false
		}
	}
	return true
}

// hexWord reports whether all 8 bytes of x are hex digits, testing them in
// parallel. For bytes below 0x80, ((x | 0x80..) - n*0x01..) & 0x80.. sets a
// byte's high bit exactly when the byte is >= n: the forced high bit stops
// borrows from crossing bytes.
func hexWord(x uint64) bool {
	const hi, ones = 0x8080808080808080, 0x0101010101010101
	if x&hi != 0 {
		return false
	}
	ge := func(x, n uint64) uint64 { return ((x | hi) - n*ones) & hi }
	digit := ge(x, '0') &^ ge(x, '9'+1)
	lower := x | 0x2020202020202020 // 'A'-'F' -> 'a'-'f'; digits keep their bit 5
	letter := ge(lower, 'a') &^ ge(lower, 'f'+1)
	return digit|letter == hi
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
