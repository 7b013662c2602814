package ecs

import (
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/capture/containerid"
	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/elastic/ecsmapping"
)

// without returns doc minus the given fields.
func without(doc map[string]any, names ...string) map[string]any {
	doc = maps.Clone(doc)
	for _, n := range names {
		if _, ok := doc[n]; !ok {
			panic("test bug: no field " + n)
		}
		delete(doc, n)
	}
	return doc
}

// with returns doc with the given fields replaced.
func with(doc map[string]any, kv ...any) map[string]any {
	doc = maps.Clone(doc)
	for i := 0; i < len(kv); i += 2 {
		doc[kv[i].(string)] = kv[i+1]
	}
	return doc
}

var (
	noTrusted = []string{"process.name", "process.executable"}
	noTTY     = []string{"process.tty.char_device.major", "process.tty.char_device.minor"}
	noArgv    = []string{"process.args", "process.args_count", "process.command_line"}
)

func TestDocument(t *testing.T) {
	base := whichCurlDoc()
	long := strings.Repeat("a", 1025)
	cases := []struct {
		name string
		ev   *execEvent
		want map[string]any
	}{
		{"execve, 31 params (libs >= 0.23)", whichCurl(), base},
		{"execve, 30 params (libs 0.20-0.22)", whichCurl().Count(30), base},
		{"execveat, 30 params", func() *execEvent { e := whichCurl().Count(30); e.Code = ppm.CodeExecveatX; return e }(), base},
		{"29 params: no gid (libs 0.19)", whichCurl().Count(29), without(base, "group.id")},
		{"27 params: no trusted_exepath (libs 0.11-0.12)", whichCurl().Count(27), without(base, append(noTrusted, "group.id", "process.group_leader.pid")...)},
		{"26 params: no uid (libs 0.10)", whichCurl().Count(26), without(base, append(noTrusted, "group.id", "user.id", "process.group_leader.pid")...)},
		{"16 params: no tty", whichCurl().Count(16), without(base, append(noTrusted, append(noTTY, "process.interactive", "group.id", "user.id", "process.group_leader.pid")...)...)},
		{"padded by the replay converter: params 19-30 empty", func() *execEvent {
			e := whichCurl()
			for i := 19; i < ppm.ExecMaxParams; i++ {
				e.Set(i, nil)
			}
			return e
		}(), without(base, append(noTrusted, "group.id", "user.id", "process.group_leader.pid")...)},

		{"busybox applet through a symlink", whichCurl().
			Set(ppm.ExecExe, ppm.PCharBuf("which")).Set(ppm.ExecArgs, ppm.PStrings("curl")).
			Set(ppm.ExecTrustedExepath, ppm.PCharBuf("/usr/bin/busybox")),
			with(base, "process.name", "busybox", "process.executable", "/usr/bin/busybox",
				"process.args", []string{"which", "curl"}, "process.args_count", int64(2), "process.command_line", "which curl")},
		{"busybox called by name", whichCurl().
			Set(ppm.ExecExe, ppm.PCharBuf("busybox")).Set(ppm.ExecArgs, ppm.PStrings("which", "ls")).
			Set(ppm.ExecTrustedExepath, ppm.PCharBuf("/bin/busybox")),
			with(base, "process.name", "busybox", "process.executable", "/bin/busybox",
				"process.args", []string{"busybox", "which", "ls"}, "process.command_line", "busybox which ls")},
		{"sh -c keeps the command as one element", whichCurl().
			Set(ppm.ExecExe, ppm.PCharBuf("sh")).Set(ppm.ExecArgs, ppm.PStrings("-c", "which nmap")),
			with(base, "process.args", []string{"sh", "-c", "which nmap"}, "process.command_line", "sh -c which nmap")},

		{"no terminal", whichCurl().Set(ppm.ExecTTY, ppm.PU32(0)),
			with(without(base, noTTY...), "process.interactive", false)},
		{"console 4:1", whichCurl().Set(ppm.ExecTTY, ppm.PU32(4<<8|1)),
			with(base, "process.tty.char_device.major", int64(4), "process.tty.char_device.minor", int64(1))},
		{"pts 300: minor above 255", whichCurl().Set(ppm.ExecTTY, ppm.PU32(300&0xff|136<<8|(300&^0xff)<<12)),
			with(base, "process.tty.char_device.minor", int64(300))},
		{"tty of the wrong size is absent", whichCurl().Set(ppm.ExecTTY, []byte{0, 0x88}),
			without(base, append(noTTY, "process.interactive")...)},

		{"failed exec", whichCurl().Set(ppm.ExecRes, ppm.PI64(-2)), nil},
		{"res absent", whichCurl().Set(ppm.ExecRes, nil), nil},

		{"exe absent: argv cannot be rebuilt", whichCurl().Set(ppm.ExecExe, nil), without(base, noArgv...)},
		{"exe is an empty string", whichCurl().Set(ppm.ExecExe, ppm.PCharBuf("")),
			with(base, "process.args", []string{"", "/usr/bin/which", "curl"}, "process.command_line", " /usr/bin/which curl")},
		{"no arguments after argv[0]", whichCurl().Set(ppm.ExecExe, ppm.PCharBuf("ls")).Set(ppm.ExecArgs, nil),
			with(base, "process.args", []string{"ls"}, "process.args_count", int64(1), "process.command_line", "ls")},
		{"empty last argument", whichCurl().Set(ppm.ExecArgs, ppm.PStrings("-c", "")),
			with(base, "process.args", []string{"/bin/sh", "-c", ""}, "process.command_line", "/bin/sh -c ")},
		{"args truncated without a final NUL", whichCurl().Set(ppm.ExecArgs, []byte("-c\x00ech")),
			with(base, "process.args", []string{"/bin/sh", "-c", "ech"}, "process.command_line", "/bin/sh -c ech")},
		{"env absent", whichCurl().Set(ppm.ExecEnv, nil), without(base, "process.env_vars")},

		{"trusted_exepath is an empty string", whichCurl().Set(ppm.ExecTrustedExepath, ppm.PCharBuf("")), without(base, noTrusted...)},
		{"trusted_exepath without a slash", whichCurl().Set(ppm.ExecTrustedExepath, ppm.PCharBuf("dash")),
			with(base, "process.executable", "dash")},
		{"trusted_exepath ending in a slash", whichCurl().Set(ppm.ExecTrustedExepath, ppm.PCharBuf("/usr/bin/")),
			with(without(base, "process.name"), "process.executable", "/usr/bin/")},
		{"negative pid", whichCurl().Set(ppm.ExecPID, ppm.PI64(-1)), without(base, "process.pid")},
		{"uid above 2^31", whichCurl().Set(ppm.ExecUID, ppm.PU32(4294967294)), with(base, "user.id", "4294967294")},

		{"ignore_above: a 1025-character argument is left out, not counted out", whichCurl().
			Set(ppm.ExecArgs, ppm.PStrings(long, strings.Repeat("b", 1024))),
			with(base, "process.args", []string{"/bin/sh", strings.Repeat("b", 1024)}, "process.args_count", int64(3),
				"process.command_line", "/bin/sh "+long+" "+strings.Repeat("b", 1024))},
		{"ignore_above counts UTF-16 units", whichCurl().
			Set(ppm.ExecArgs, ppm.PStrings(strings.Repeat("é", 1000), strings.Repeat("😀", 513), strings.Repeat("😀", 512))),
			with(base, "process.args", []string{"/bin/sh", strings.Repeat("é", 1000), strings.Repeat("😀", 512)}, "process.args_count", int64(4),
				"process.command_line", "/bin/sh "+strings.Repeat("é", 1000)+" "+strings.Repeat("😀", 513)+" "+strings.Repeat("😀", 512))},
		{"ignore_above: every argument too long", whichCurl().Set(ppm.ExecExe, ppm.PCharBuf(long)).Set(ppm.ExecArgs, nil),
			with(without(base, "process.args"), "process.args_count", int64(1), "process.command_line", long)},
		{"ignore_above on a long executable path keeps its short basename", whichCurl().
			Set(ppm.ExecTrustedExepath, ppm.PCharBuf("/"+long+"/dash")),
			without(base, "process.executable")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Document(c.ev.Encode(t), DefaultConfig(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Document (-want +got):\n%s", diff)
			}
		})
	}
}

// Events recorded by a real kernel module in 2019: 19 parameters.
func TestDocumentRealEvents(t *testing.T) {
	const id = "697956520d891b5cb0e215093970c733549a3f745f52263c05b37f8a488994f3"
	lsTTY := map[string]any{
		"event.category": "process", "event.kind": "event", "event.type": "start", "event.action": "exec",
		"host.os.type": "linux",
		"process.args": []string{"ls"}, "process.args_count": int64(1), "process.command_line": "ls",
		"process.pid": int64(32052), "process.thread.id": int64(32052), "process.parent.pid": int64(25754),
		"process.interactive": true, "process.tty.char_device.major": int64(136), "process.tty.char_device.minor": int64(0),
		"process.env_vars": []string{"HOSTNAME=697956520d89", "NJS_VERSION=0.3.3", "NGINX_VERSION=1.17.1",
			"PKG_RELEASE=1~stretch", "PWD=/", "HOME=/root", "TERM=xterm", "SHLVL=1",
			"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "_=/bin/ls"},
		"container.id": id,
	}
	suNologin := map[string]any{
		"event.category": "process", "event.kind": "event", "event.type": "start", "event.action": "exec",
		"host.os.type": "linux",
		"process.args": []string{"-su", "ls"}, "process.args_count": int64(2), "process.command_line": "-su ls",
		"process.pid": int64(8313), "process.thread.id": int64(8313), "process.parent.pid": int64(8312),
		"process.interactive": false,
		"process.env_vars": []string{"TERM=xterm", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games",
			"MAIL=/var/mail/nobody", "HOME=/", "SHELL=/usr/sbin/nologin", "USER=nobody", "LOGNAME=nobody"},
		"container.id": id,
	}
	for file, want := range map[string]map[string]any{"execve19_ls_tty.bin": lsTTY, "execve19_su_nologin.bin": suNologin} {
		got, err := Document(readEvent(t, file), DefaultConfig(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", file, diff)
		}
		short, _ := Document(readEvent(t, file), Config{ContainerIDFormat: ContainerIDShort, ContainerLayouts: D4CContainerLayouts()}, nil)
		if short["container.id"] != id[:12] {
			t.Errorf("%s short id %v", file, short["container.id"])
		}
	}
}

// Each cgroup layout, with the default layout families (Defend for
// Containers' model: runtime ids of 64 hex digits) and with all of them
// (Falco's container plugin), in both id formats.
func TestContainerIDLayouts(t *testing.T) {
	cases := []struct {
		name    string
		cgroups []string
		id      string // with every family; "" = host: no value
		d4c     bool   // the default families give the id too
	}{
		{"docker, cgroup v1", []string{"cpuset=/docker/" + hex64, "cpu=/docker/" + hex64}, hex64, true},
		{"docker, systemd driver", []string{"cpuset=/system.slice/docker-" + hex64 + ".scope"}, hex64, true},
		{"kubelet cgroupfs (docker or containerd)", []string{"cpu=/kubepods/besteffort/pod0f3c/" + hex64}, hex64, true},
		{"containerd CRI, systemd", []string{"cpu=/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f3c.slice/cri-containerd-" + hex64 + ".scope"}, hex64, true},
		{"containerd CRI, cgroup v2 namespaced", []string{"cpu=/system.slice/containerd.service/kubepods-burstable-pod0f3c.slice:cri-containerd:" + hex64}, hex64, true},
		{"cri-o, cgroupfs", []string{"cpu=/kubepods/burstable/pod0f3c/crio-" + hex64}, hex64, true},
		{"cri-o, systemd", []string{"cpu=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f3c.slice/crio-" + hex64 + ".scope"}, hex64, true},
		{"podman", []string{"cpu=/machine.slice/libpod-" + hex64 + ".scope/container"}, hex64, true},
		{"podman rootless", []string{"cpu=/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + hex64 + ".scope"}, hex64, true},
		{"nerdctl", []string{"cpu=/system.slice/nerdctl-" + hex64 + ".scope"}, hex64, true},
		{"ctr, a 64-hex id (/<namespace>/<id>)", []string{"cpu=/default/" + hex64}, hex64, true},
		{"ctr, a name (/<namespace>/<name>)", []string{"cpu=/default/web"}, "web", false},
		{"host cgroup of another program (/<name>/<32 hex>)", []string{"memory=/sandbox/" + hex64[:32]}, hex64[:32], false},
		{"lxc", []string{"cpu=/lxc.payload.web01/init.scope"}, "web01", false},
		{"container path after host paths", []string{"cpuset=/", "cpu=/docker/" + hex64}, hex64, true},
		{"host: systemd session", []string{"cpuset=/", "cpu=/user.slice/user-1000.slice/session-3.scope"}, "", false},
		{"host: root cgroup", []string{"cpuset=/", "cpu=/"}, "", false},
		{"host: service", []string{"cpu=/system.slice/cron.service"}, "", false},
		{"cgroups absent", nil, "", false},
	}
	all := DefaultConfig()
	all.ContainerLayouts = containerid.AllRuntimes
	short := all
	short.ContainerIDFormat = ContainerIDShort
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := whichCurl().Set(ppm.ExecCgroups, ppm.PStrings(c.cgroups...)).Encode(t)
			d4c := ""
			if c.d4c {
				d4c = c.id
			}
			for _, f := range []struct {
				name string
				cfg  Config
				want string
			}{{"default", DefaultConfig(), d4c}, {"all", all, c.id}, {"all, short", short, containerid.Short(c.id)}} {
				doc, err := Document(raw, f.cfg, nil)
				if err != nil {
					t.Fatal(err)
				}
				got, ok := doc["container.id"]
				if f.want == "" && ok || f.want != "" && got != f.want {
					t.Errorf("%s: container.id = %v (present %v), want %q", f.name, got, ok, f.want)
				}
			}
		})
	}
}

// The Extractor (the plugin's path) and Document (the harness's path) agree
// on every field, including on a second event after the first.
func TestExtractorAgreesWithDocument(t *testing.T) {
	evs := [][]byte{
		whichCurl().Encode(t),
		whichCurl().Set(ppm.ExecTTY, ppm.PU32(0)).Set(ppm.ExecCgroups, nil).Count(27).Encode(t),
		whichCurl().Set(ppm.ExecRes, ppm.PI64(-13)).Encode(t),
	}
	for _, cfg := range []Config{DefaultConfig(), {ContainerIDFormat: ContainerIDShort}} {
		e := NewExtractor(cfg, nil)
		for n, raw := range evs {
			doc, err := Document(raw, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range Fields() {
				v, ok, err := e.Extract(uint64(n), raw, f.ID)
				if err != nil {
					t.Fatal(err)
				}
				want, wantOK := doc[f.Name]
				if ok != wantOK {
					t.Fatalf("event %d %s: Extract ok=%v, Document has it: %v", n, f.Name, ok, wantOK)
				}
				if !ok {
					continue
				}
				var got any
				switch {
				case f.List:
					var l []string
					for _, s := range v.List {
						l = append(l, string(s))
					}
					got = l
				case f.Type == TypeString:
					got = string(v.Str)
				case f.Type == TypeUint64:
					got = int64(v.U64)
				default:
					got = v.Bool
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("event %d %s (-Document +Extract):\n%s", n, f.Name, diff)
				}
			}
		}
	}
}

func TestExtractorDecodesOncePerEvent(t *testing.T) {
	raw := whichCurl().Encode(t)
	e := NewExtractor(DefaultConfig(), nil)
	if _, ok, err := e.Extract(7, raw, ProcessName); !ok || err != nil {
		t.Fatal(ok, err)
	}
	// Corrupt the header's length: only a new decode would notice.
	saved := raw[16]
	raw[16] = 0xff
	if v, ok, err := e.Extract(7, raw, ProcessArgs); !ok || err != nil || len(v.List) != 3 {
		t.Fatalf("same event number: decoded again (%v %v)", ok, err)
	}
	if _, _, err := e.Extract(8, raw, ProcessArgs); err == nil {
		t.Fatal("new event number: not decoded again")
	}
	raw[16] = saved
	if _, ok, err := e.Extract(8, raw, ProcessArgs); !ok || err != nil {
		t.Fatal("after a decode error the next call decodes again")
	}
	// Same number, other bytes: decoded again.
	other := whichCurl().Set(ppm.ExecTrustedExepath, ppm.PCharBuf("/bin/busybox")).Encode(t)
	if v, _, _ := e.Extract(8, other, ProcessName); string(v.Str) != "busybox" {
		t.Fatalf("same number, other event: got %q", v.Str)
	}
}

func TestExtractorErrors(t *testing.T) {
	e := NewExtractor(DefaultConfig(), nil)
	raw := whichCurl().Encode(t)
	if _, _, err := e.Extract(1, raw, numFields+FieldID(len(patternFields))); err == nil {
		t.Fatal("unknown field id accepted")
	}
	if _, _, err := e.Extract(1, raw, -1); err == nil {
		t.Fatal("negative field id accepted")
	}
	ev := whichCurl()
	ev.Code = ppm.CodeExecveE
	if _, _, err := e.Extract(2, ev.Encode(t), ProcessName); !errors.Is(err, ErrNotDescribed) {
		t.Fatalf("enter event: %v", err)
	}
	if _, _, err := e.Extract(3, raw[:40], ProcessName); err == nil {
		t.Fatal("truncated event accepted")
	}
	if _, err := Document(raw[:40], DefaultConfig(), nil); err == nil {
		t.Fatal("Document accepted a truncated event")
	}
}

// libsinsp's field name syntax (filter/parser.cpp).
var falcoFieldName = regexp.MustCompile(`^[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+$`)

func TestFieldTable(t *testing.T) {
	fs := Fields()
	if len(fs) != int(numFields) {
		t.Fatalf("%d fields, %d ids", len(fs), numFields)
	}
	seen := map[string]bool{}
	for i, f := range fs {
		if f.ID != FieldID(i) || f.Name == "" || f.Desc == "" || (f.exec == nil && f.file == nil) {
			t.Fatalf("field %d incomplete: %+v", i, f)
		}
		if seen[f.Name] {
			t.Fatalf("duplicate %s", f.Name)
		}
		seen[f.Name] = true
		if !falcoFieldName.MatchString(f.FalcoName()) || !strings.HasPrefix(f.FalcoName(), "ecs.") {
			t.Errorf("%s: not a valid Falco field name", f.FalcoName())
		}
		if g, ok := FieldByID(f.ID); !ok || g.Name != f.Name {
			t.Errorf("FieldByID(%d)", f.ID)
		}
		if g, ok := Lookup(f.Name); !ok || g.ID != f.ID {
			t.Errorf("Lookup(%s)", f.Name)
		}
		if g, ok := LookupFalco(f.FalcoName()); !ok || g.ID != f.ID {
			t.Errorf("LookupFalco(%s)", f.FalcoName())
		}
		want := map[Type][]string{TypeString: {ESKeyword, ESWildcard}, TypeUint64: {ESLong}, TypeBool: {ESBoolean}}[f.Type]
		if !slices.Contains(want, f.ESType) {
			t.Errorf("%s: Falco type %s with Elasticsearch type %s", f.Name, f.Type, f.ESType)
		}
		if f.List && f.Type != TypeString {
			t.Errorf("%s: only string lists are used", f.Name)
		}
		if (f.IgnoreAbove > 0) != (f.ESType == ESKeyword) {
			t.Errorf("%s: ignore_above %d on %s", f.Name, f.IgnoreAbove, f.ESType)
		}
	}
	for _, bad := range []string{"process.nope", "ecs.", "ecs", "proc.name", "process.name"} {
		if _, ok := LookupFalco(bad); ok {
			t.Errorf("LookupFalco(%q) found a field", bad)
		}
	}
	if _, ok := FieldByID(numFields + FieldID(len(patternFields))); ok {
		t.Error("FieldByID past the table")
	}
	if _, ok := FieldByID(-1); ok {
		t.Error("FieldByID(-1)")
	}
	if _, ok := Lookup("ecs.process.name"); ok {
		t.Error("Lookup takes ECS names")
	}
	// Fields returns a copy.
	fs[0].Name = "changed"
	if Fields()[0].Name == "changed" {
		t.Fatal("Fields exposes the table")
	}
}

// The Elasticsearch mapping in the table is ECS's: package ecsmapping embeds
// it, generated from elastic/ecs's ecs_flat.yml (with its own staleness test).
func TestFieldTableMatchesECS(t *testing.T) {
	schema := ecsmapping.Load()
	// Elastic Defend's own fields, outside ECS: keyword with ignore_above
	// 1024 in its index template (elastic/endpoint-package
	// custom_schemas/custom_file.yml), as ecs@mappings maps a string.
	defend := map[string]bool{"file.Ext.original.path": true, "file.Ext.original.name": true, "file.Ext.original.extension": true}
	for _, f := range Fields() {
		m, ok := schema.Lookup(f.Name)
		if !ok && defend[f.Name] {
			m, ok = ecsmapping.Field{Name: f.Name, Type: ecsmapping.Keyword, IgnoreAbove: 1024}, true
		}
		if !ok {
			t.Errorf("%s is not an ECS field", f.Name)
			continue
		}
		if string(m.Type) != f.ESType || m.IgnoreAbove != f.IgnoreAbove {
			t.Errorf("%s: table says %s/%d, ECS says %s/%d", f.Name, f.ESType, f.IgnoreAbove, m.Type, m.IgnoreAbove)
		}
	}
}

func TestEventTypes(t *testing.T) {
	// The exits of execve, execveat, open, openat, openat2, unlink,
	// unlinkat, rename, renameat, renameat2 (driver/event_table.c).
	want := []ppm.Code{293, 331, 3, 307, 327, 301, 303, 175, 177, 319}
	if got := EventTypes(); !slices.Equal(got, want) {
		t.Fatalf("EventTypes = %v, want %v", got, want)
	}
}

// The Extractor caches container ids by cgroups parameter, as Falco's
// container plugin does by cgroup path. Falco reuses its event buffer: an id
// must survive the bytes it was found in, and another cgroups parameter, of
// the same length, must not hit the cache.
func TestExtractorContainerIDCache(t *testing.T) {
	other := strings.Repeat("ab", 32)
	docker := func(id string) []byte {
		return whichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpu=/docker/"+id)).Encode(t)
	}
	e := NewExtractor(DefaultConfig(), nil)
	buf := docker(hex64)
	for n, want := range []string{hex64, other, hex64, ""} {
		switch want {
		case other:
			copy(buf, docker(other)) // same length, in the same buffer
		case hex64:
			copy(buf, docker(hex64))
		case "":
			buf = whichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpu=/user.slice")).Encode(t)
		}
		v, ok, err := e.Extract(uint64(n), buf, ContainerID)
		if err != nil {
			t.Fatal(err)
		}
		if got := ""; ok {
			got = string(v.Str)
			if got != want {
				t.Errorf("event %d: container.id %q, want %q", n, got, want)
			}
		} else if want != "" {
			t.Errorf("event %d: no container.id, want %q", n, want)
		}
	}
	// The cache holds copies: clobbering the last container event's bytes
	// changes nothing for a new event with those cgroups.
	buf = docker(hex64)
	if v, _, _ := e.Extract(10, buf, ContainerID); string(v.Str) != hex64 {
		t.Fatalf("got %q", v.Str)
	}
	for i := range buf {
		buf[i] = 'x'
	}
	if v, _, _ := e.Extract(11, docker(hex64), ContainerID); string(v.Str) != hex64 {
		t.Fatalf("cached id clobbered: %q", v.Str)
	}
}
