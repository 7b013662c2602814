package containerid

import (
	"encoding/json"
	"strings"
	"testing"
)

const hex64 = "3f1c2b4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708"

func TestFindPath(t *testing.T) {
	cases := []struct {
		path    string
		id      string
		runtime Runtime
	}{
		{"/docker/" + hex64, hex64, Docker},
		{"/system.slice/docker-" + hex64 + ".scope", hex64, Docker},
		{"/kubepods/besteffort/pod1234-5678/" + hex64, hex64, Docker}, // docker layout wins over CRI's identical one
		{"/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod12.slice/cri-containerd-" + hex64 + ".scope", hex64, CRI},
		{"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice/crio-" + hex64 + ".scope", hex64, CRI},
		{"/kubepods/burstable/pod12/crio-" + hex64, hex64, CRI},
		{"/system.slice/containerd.service/kubepods-pod12.slice:cri-containerd:" + hex64, hex64, CRI},
		{"/system.slice/nerdctl-" + hex64 + ".scope", hex64, CRI},
		{"/machine.slice/libpod-" + hex64 + ".scope", hex64, Podman},
		{"/machine.slice/libpod-" + hex64 + ".scope/container", hex64, Podman},
		{"/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-payload-" + hex64, hex64, Podman},
		{"/default/myctr", "myctr", Containerd},
		// As in the container plugin, the containerd-namespace layout is tried
		// before lxc and claims "/lxc/<name>"; the id is the same either way.
		{"/lxc/web01", "web01", Containerd},
		{"/lxc.payload.web01/init.scope", "web01", LXC},
		{"/lxc.payload.web01", "web01", LXC},
		// Not 64 hex digits: only the containerd-namespace layout accepts it.
		{"/docker/" + hex64[:63], hex64[:63], Containerd},
	}
	for _, c := range cases {
		got, ok := FindPath(c.path)
		if !ok || got.ID != c.id || got.Runtime != c.runtime {
			t.Errorf("FindPath(%q) = %+v, %v; want %s %s", c.path, got, ok, c.id, c.runtime)
		}
	}
}

func TestHostPaths(t *testing.T) {
	for _, p := range []string{
		"", "/", "/init.scope", "/system.slice/cron.service",
		"/user.slice/user-1000.slice/session-3.scope",
		"/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope",
		"/docker/" + hex64 + "0", // 65 characters: too long for any layout
		"/system.slice/docker-" + hex64 + ".mount",
	} {
		if got, ok := FindPath(p); ok {
			t.Errorf("FindPath(%q) = %+v, want host", p, got)
		}
	}
}

func TestFindParam(t *testing.T) {
	cg := []byte("cpuset=/\x00cpu=/docker/" + hex64 + "\x00memory=/docker/" + hex64 + "\x00")
	got, ok := Find(cg)
	if !ok || got.ID != hex64 || got.Runtime != Docker {
		t.Fatalf("Find = %+v %v", got, ok)
	}
	if _, ok := Find([]byte("cpuset=/\x00cpu=/user.slice\x00")); ok {
		t.Fatal("host cgroups matched")
	}
	if _, ok := Find(nil); ok {
		t.Fatal("empty cgroups matched")
	}
	// No trailing NUL, and an entry without '='.
	if got, ok := Find([]byte("/docker/" + hex64)); !ok || got.ID != hex64 {
		t.Fatalf("bare path: %+v %v", got, ok)
	}
}

func TestShort(t *testing.T) {
	if Short(hex64) != hex64[:12] || Short("myctr") != "myctr" || Short(strings.Repeat("z", 64)) != strings.Repeat("z", 64) {
		t.Fatal("Short")
	}
	if string(ShortBytes([]byte(hex64))) != hex64[:12] || string(ShortBytes([]byte("myctr"))) != "myctr" {
		t.Fatal("ShortBytes")
	}
}

func FuzzFind(f *testing.F) {
	f.Add([]byte("cpu=/docker/" + hex64 + "\x00"))
	f.Add([]byte("cpu=/kubepods/pod1/crio-" + hex64 + ".scope\x00"))
	f.Add([]byte("cpu=/lxc.payload.x\x00cpu=/default/a/"))
	f.Fuzz(func(t *testing.T, b []byte) {
		id, ok := Find(b)
		if ok && (id.ID == "" || len(id.ID) > 64 && id.Runtime != LXC) {
			t.Fatalf("bad id %+v", id)
		}
	})
}

func BenchmarkFind(b *testing.B) {
	cg := []byte("cpuset=/docker/" + hex64 + "\x00cpu=/docker/" + hex64 + "\x00")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Find(cg); !ok {
			b.Fatal("no match")
		}
	}
}

// slowLayouts is the direct formulation of the layout rule that matchLayouts
// implements faster: for each layout in order, the text between the last
// prefix and the last suffix must be 64 hex digits.
func slowLayouts(path []byte) ([]byte, Runtime, bool) {
	suffixes := [...]string{sufNone: "", sufScope: ".scope", sufScopeContainer: ".scope/container"}
	for _, m := range matchers {
		for _, l := range m.layouts {
			p := strings.LastIndex(string(path), l.prefix)
			if p < 0 {
				continue
			}
			start, end := p+len(l.prefix), len(path)
			if s := suffixes[l.suffix]; s != "" {
				if end = strings.LastIndex(string(path), s); end < start {
					continue
				}
			}
			if id := path[start:end]; len(id) == 64 && isHex(id) {
				return id, m.runtime, true
			}
		}
	}
	return nil, "", false
}

func checkLayoutsAgree(t *testing.T, path []byte) {
	t.Helper()
	id, rt, ok := matchLayouts(path, AllRuntimes)
	wid, wrt, wok := slowLayouts(path)
	if ok != wok || rt != wrt || string(id) != string(wid) {
		t.Fatalf("matchLayouts(%q) = %q %s %v, direct rule gives %q %s %v", path, id, rt, ok, wid, wrt, wok)
	}
}

func TestLayoutsAgreeWithDirectRule(t *testing.T) {
	paths := []string{
		"/libpod-" + hex64 + ".scope/libpod-x",                    // a later prefix disqualifies podman
		"/libpod-" + hex64 + ".scope/" + hex64,                    // podman wins over docker
		"/docker-" + hex64 + ".scope/x.scope",                     // the id must end at the last .scope
		"/crio-" + hex64 + ".scope/container",                     // cri-o, not a podman ".scope/container"
		"/libpod-payload-" + hex64 + ".scope/container",           // podman payload
		"/a:cri-containerd:" + hex64 + ":cri-containerd:" + hex64, // the last prefix wins
		"/" + hex64 + "/" + hex64,
		hex64, "/" + hex64[:63], ".scope", "",
	}
	for _, p := range paths {
		checkLayoutsAgree(t, []byte(p))
	}
}

func FuzzLayouts(f *testing.F) {
	f.Add("/libpod-" + hex64 + ".scope/container")
	f.Add("/kubepods/pod1/crio-" + hex64 + ".scope")
	f.Add("/x:cri-containerd:" + hex64)
	f.Fuzz(func(t *testing.T, path string) {
		checkLayoutsAgree(t, []byte(path))
	})
}

func TestRepeatedEntriesTriedOnce(t *testing.T) {
	// A host process: every subsystem shows the same path; the answer does not
	// depend on how many times it is repeated, nor does a container path after it.
	host := "cpuset=/user.slice\x00cpu=/user.slice\x00memory=/user.slice\x00"
	if _, ok := Find([]byte(host)); ok {
		t.Fatal("host matched")
	}
	got, ok := Find([]byte(host + "pids=/docker/" + hex64 + "\x00"))
	if !ok || got.ID != hex64 {
		t.Fatalf("container after repeated host entries: %+v %v", got, ok)
	}
}

func BenchmarkFindBytes(b *testing.B) {
	for _, c := range []struct{ name, cg string }{
		{"docker", "cpuset=/docker/" + hex64 + "\x00cpu=/docker/" + hex64 + "\x00cpuacct=/docker/" + hex64 + "\x00io=/docker/" + hex64 + "\x00memory=/docker/" + hex64 + "\x00"},
		{"cri-containerd", "cpuset=/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1a2b.slice/cri-containerd-" + hex64 + ".scope\x00"},
		{"host", "cpuset=/\x00cpu=/user.slice/user-1000.slice/session-3.scope\x00cpuacct=/user.slice/user-1000.slice/session-3.scope\x00io=/user.slice/user-1000.slice/session-3.scope\x00memory=/user.slice/user-1000.slice/session-3.scope\x00"},
	} {
		cg := []byte(c.cg)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				FindBytes(cg)
			}
		})
	}
}

func TestIsHexEveryByteEveryPosition(t *testing.T) {
	for pos := 0; pos < 9; pos++ {
		for c := 0; c < 256; c++ {
			b := []byte("0123456789")[:9]
			b[pos] = byte(c)
			want := '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
			if got := isHex(b); got != want {
				t.Fatalf("isHex with %#x at %d = %v", c, pos, got)
			}
		}
	}
}

// Each layout gives an id only when its family is in the set: alone, it
// matches; without its family (and the others whose layouts also match the
// path), the path is the host's.
func TestFindBytesIn(t *testing.T) {
	hex32 := hex64[:32]
	for _, c := range []struct {
		path string
		by   []Runtime // the families whose layouts match it
	}{
		{"/docker/" + hex64, []Runtime{Docker, CRI, Containerd}}, // namespace "docker", a 64-character name
		{"/system.slice/docker-" + hex64 + ".scope", []Runtime{Docker, CRI}},
		{"/kubepods/besteffort/pod1234-5678/" + hex64, []Runtime{Docker, CRI}},
		{"/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod12.slice/cri-containerd-" + hex64 + ".scope", []Runtime{CRI}},
		{"/kubepods/burstable/pod12/crio-" + hex64, []Runtime{CRI}},
		{"/system.slice/containerd.service/kubepods-pod12.slice:cri-containerd:" + hex64, []Runtime{CRI}},
		{"/system.slice/nerdctl-" + hex64 + ".scope", []Runtime{CRI}},
		{"/machine.slice/libpod-" + hex64 + ".scope", []Runtime{Podman}},
		{"/default/myctr", []Runtime{Containerd}},
		{"/user.slice/" + hex32, []Runtime{Containerd}}, // what a live host showed: no runtime made it
		{"/lxc.payload.web01", []Runtime{LXC}},
	} {
		by := NewRuntimes(c.by...)
		for _, r := range AllRuntimes.List() {
			id, rt, ok := FindBytesIn([]byte("memory="+c.path), NewRuntimes(r))
			if ok != by.Has(r) || ok && (rt != r || len(id) == 0) {
				t.Errorf("%s with only %s: %q %s %v, want a match: %v", c.path, r, id, rt, ok, by.Has(r))
			}
		}
		if _, _, ok := FindBytesIn([]byte("memory="+c.path), AllRuntimes&^by); ok {
			t.Errorf("%s matched without %v", c.path, c.by)
		}
		if _, _, ok := FindBytesIn([]byte("memory="+c.path), 0); ok {
			t.Errorf("%s matched with no family", c.path)
		}
	}
}

func TestRuntimesJSON(t *testing.T) {
	s := NewRuntimes(CRI, Docker)
	b, err := json.Marshal(s)
	if err != nil || string(b) != `["docker","cri"]` {
		t.Fatalf("%s %v", b, err)
	}
	var back Runtimes
	if err := json.Unmarshal([]byte(`["cri","docker"]`), &back); err != nil || back != s {
		t.Fatalf("%v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`[]`), &back); err != nil || back != 0 || back.Has(Docker) {
		t.Fatalf("empty set: %v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`["rkt"]`), &back); err == nil || !strings.Contains(err.Error(), `unknown layout family "rkt"`) {
		t.Errorf("unknown family: %v", err)
	}
	if b, _ := json.Marshal(AllRuntimes); string(b) != `["podman","docker","cri","containerd","lxc"]` {
		t.Errorf("all: %s", b)
	}
}
