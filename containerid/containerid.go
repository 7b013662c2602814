package containerid

import "bytes"

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

// ID is a container found in a cgroup path.
type ID struct {
	ID      string  // full id as it appears in the cgroup path
	Runtime Runtime // layout family that matched
}

type layout struct{ prefix, suffix string }

var matchers = []struct {
	runtime Runtime
	layouts []layout
}{
	{Podman, []layout{
		{"/libpod-", ".scope"}, {"/libpod-", ".scope/container"}, {"/libpod-", ""},
		{"/libpod-payload-", ".scope"}, {"/libpod-payload-", ".scope/container"}, {"/libpod-payload-", ""},
	}},
	{Docker, []layout{{"/", ""}, {"/docker-", ".scope"}}},
	{CRI, []layout{
		{"/", ""}, {"/crio-", ""}, {"/cri-containerd-", ".scope"}, {"/crio-", ".scope"},
		{":cri-containerd:", ""}, {"/docker-", ".scope"}, {"/nerdctl-", ".scope"},
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
	for len(cgroups) > 0 {
		entry := cgroups
		if i := bytes.IndexByte(cgroups, 0); i >= 0 {
			entry, cgroups = cgroups[:i], cgroups[i+1:]
		} else {
			cgroups = nil
		}
		if i := bytes.IndexByte(entry, '='); i >= 0 {
			entry = entry[i+1:]
		}
		if id, rt, ok := findPath(entry); ok {
			return id, rt, true
		}
	}
	return nil, "", false
}

// FindPath matches one cgroup path ("/docker/<id>").
func FindPath(path string) (ID, bool) {
	id, rt, ok := findPath([]byte(path))
	if !ok {
		return ID{}, false
	}
	return ID{ID: string(id), Runtime: rt}, true
}

func findPath(path []byte) ([]byte, Runtime, bool) {
	if hasHexRun(path, 64) {
		for _, m := range matchers {
			for _, l := range m.layouts {
				if id, ok := matchFull(path, l); ok {
					return id, m.runtime, true
				}
			}
		}
	}
	if id, ok := matchContainerdNamespace(path); ok {
		return id, Containerd, true
	}
	if id, ok := matchLXC(path); ok {
		return id, LXC, true
	}
	return nil, "", false
}

// matchFull takes the text between the last prefix and the last suffix (the end
// of the path when the suffix is empty) and accepts it if it is 64 hex digits.
func matchFull(path []byte, l layout) ([]byte, bool) {
	id, ok := between(path, l.prefix, l.suffix)
	if !ok || len(id) != 64 || !isHex(id) {
		return nil, false
	}
	return id, true
}

func between(path []byte, prefix, suffix string) ([]byte, bool) {
	p := lastIndex(path, prefix)
	if p < 0 {
		return nil, false
	}
	start := p + len(prefix)
	end := len(path)
	if suffix != "" {
		end = lastIndex(path, suffix)
		if end < start {
			return nil, false
		}
	}
	return path[start:end], true
}

// lastIndex is bytes.LastIndex for a string needle, without converting it.
func lastIndex(s []byte, sep string) int {
	n := len(sep)
	for i := len(s) - n; i >= 0; i-- {
		// Compare the last byte first: layout suffixes and prefixes end in
		// characters ('-', 'e', '/') that are rare at a given position.
		if s[i+n-1] == sep[n-1] && string(s[i:i+n]) == sep {
			return i
		}
	}
	return -1
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
	if len(id) == 64 && isHex([]byte(id)) {
		return id[:12]
	}
	return id
}

// hasHexRun reports whether s holds n hex digits in a row; the layouts of
// matchers can only match a path that does.
func hasHexRun(s []byte, n int) bool {
	run := 0
	for _, c := range s {
		if isHexDigit(c) {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isHex(s []byte) bool {
	for _, c := range s {
		if !isHexDigit(c) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
