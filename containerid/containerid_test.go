package containerid

import (
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
