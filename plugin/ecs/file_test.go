package ecs_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/plugin/ecs"
	"github.com/eql2falco/eql2falco/plugin/internal/exectest"
	"github.com/eql2falco/eql2falco/plugin/internal/threadtest"
)

// fileTable is WhichCurl's table after the exec, with open directories in
// the process's fd table and a second thread (4243) that changed its own
// user with a raw setuid.
func fileTable() *threadtest.Table {
	tb := threadtest.WhichCurl()
	fds := map[int64]string{3: "/etc", 4: "/var/log/", 7: "/"}
	tb.Entries[4242].FDs = fds
	main := *tb.Entries[4242]
	thread := main
	thread.TID, thread.UID, thread.GID = 4243, 1000, 1001
	tb.Add(thread)
	return tb
}

// The document of a file creation: the event fields, the acting process
// from the thread table, the file fields; nothing of the process context
// Elastic Defend's file documents lack.
func TestFileDocument(t *testing.T) {
	raw := exectest.Openat(5, exectest.AtFDCWD, "notes/../todo.tar.gz", exectest.OWronly|exectest.OCreat|exectest.OFCreated).Encode(t)
	doc, err := ecs.Document(raw, ecs.DefaultConfig(), fileTable())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"event.category": "file", "event.kind": "event", "event.type": "creation", "event.action": "creation",
		"event.outcome": "success", "host.os.type": "linux",
		"process.name": "dash", "process.executable": "/usr/bin/dash", "process.pid": int64(4242),
		"process.command_line": "/bin/sh /usr/bin/which curl",
		"user.id":              "0", "group.id": "0",
		"file.path": "/root/todo.tar.gz", "file.name": "todo.tar.gz", "file.extension": "gz",
	}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("creation document (-want +got):\n%s", diff)
	}
}

func TestFileActions(t *testing.T) {
	created := uint32(exectest.OWronly | exectest.OCreat | exectest.OFCreated)
	cases := []struct {
		name string
		ev   *exectest.Event
		want map[string]any // the file and event fields; nil: no document
	}{
		{"open created", exectest.Open(3, "/tmp/x.sh", created),
			map[string]any{"event.action": "creation", "event.type": "creation", "file.path": "/tmp/x.sh"}},
		{"openat2 created", exectest.Openat2(3, 3, "ld.so.preload", created),
			map[string]any{"event.action": "creation", "event.type": "creation", "file.path": "/etc/ld.so.preload"}},
		{"O_CREAT of an existing file", exectest.Openat(3, exectest.AtFDCWD, "/etc/passwd", exectest.OWronly|exectest.OCreat), nil},
		{"read", exectest.Open(3, "/etc/shadow", 1), nil},
		{"failed create", exectest.Openat(-13, exectest.AtFDCWD, "/etc/x", created), nil},
		{"O_TMPFILE", exectest.Openat(3, exectest.AtFDCWD, "/tmp", exectest.OWronly|exectest.OTmpfile|exectest.OFCreated), nil},
		{"unlink", exectest.Unlink(0, "/var/log/wtmp"),
			map[string]any{"event.action": "deletion", "event.type": "deletion", "file.path": "/var/log/wtmp"}},
		{"failed unlink", exectest.Unlink(-2, "/var/log/wtmp"), nil},
		{"unlinkat", exectest.Unlinkat(0, 4, "btmp", 0),
			map[string]any{"event.action": "deletion", "event.type": "deletion", "file.path": "/var/log/btmp"}},
		{"rmdir by unlinkat", exectest.Unlinkat(0, 4, "old", exectest.AtRemove), nil},
		{"rename", exectest.Rename(0, "a.dpkg-new", "/etc/systemd/system/x.service"),
			map[string]any{"event.action": "rename", "event.type": "change", "file.path": "/etc/systemd/system/x.service",
				"file.Ext.original.path": "/root/a.dpkg-new", "file.Ext.original.name": "a.dpkg-new",
				"file.Ext.original.extension": "dpkg-new"}},
		{"renameat across dirfds", exectest.Renameat(0, 4, "syslog", 3, "cron.d/job"),
			map[string]any{"event.action": "rename", "event.type": "change", "file.path": "/etc/cron.d/job",
				"file.Ext.original.path": "/var/log/syslog"}},
		{"renameat2 RENAME_EXCHANGE", exectest.Renameat2(0, exectest.AtFDCWD, "x", 7, "y", 2),
			map[string]any{"event.action": "rename", "event.type": "change", "file.path": "/y",
				"file.Ext.original.path": "/root/x"}},
		{"failed rename", exectest.Renameat2(-18, exectest.AtFDCWD, "x", 7, "y", 0), nil},
		{"parameters missing", exectest.Unlinkat(0, 4, "btmp", 0).Count(3), nil},
	}
	for _, c := range cases {
		doc, err := ecs.Document(c.ev.Encode(t), ecs.DefaultConfig(), fileTable())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.want == nil {
			if doc != nil {
				t.Errorf("%s: a document %v", c.name, doc)
			}
			continue
		}
		got := map[string]any{}
		for k := range c.want {
			got[k] = doc[k]
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
		if doc["process.name"] != "dash" || doc["event.category"] != "file" {
			t.Errorf("%s: %v", c.name, doc)
		}
	}
}

// Paths are joined as libsinsp joins them; a path that cannot be made
// absolute has no value, the rest of the document stays.
func TestFilePaths(t *testing.T) {
	created := uint32(exectest.OWronly | exectest.OCreat | exectest.OFCreated)
	cases := []struct {
		ev   *exectest.Event
		path any // nil: no value
	}{
		{exectest.Openat(5, exectest.AtFDCWD, "../etc/./cron.d//x", created), "/etc/cron.d/x"},
		{exectest.Openat(5, exectest.AtFDCWD, "../../../../x", created), "/x"},
		{exectest.Openat(5, 3, "/abs/y", created), "/abs/y"}, // an absolute path ignores the dirfd
		{exectest.Openat(5, 9, "y", created), nil},           // an fd libsinsp does not know
		{exectest.Openat(5, 9, "/abs/y", created), "/abs/y"},
		{exectest.Openat(5, 3, "", created), nil}, // libsinsp's join of an empty name is empty
		{exectest.Unlink(0, "tab\there"), "/root/tab\uFFFDhere"},
	}
	for _, c := range cases {
		doc, err := ecs.Document(c.ev.Encode(t), ecs.DefaultConfig(), fileTable())
		if err != nil || doc == nil {
			t.Fatalf("%v: %v %v", c.ev, err, doc)
		}
		if got := doc["file.path"]; got != c.path {
			t.Errorf("%q: file.path %q, want %q", c.ev.Params[2], got, c.path)
		}
		if c.path == nil && (doc["file.name"] != nil || doc["file.extension"] != nil || doc["event.action"] != "creation") {
			t.Errorf("%q: %v", c.ev.Params[2], doc)
		}
	}
	// Without a thread table a relative path has no value, an absolute one
	// does; the process has none.
	doc, _ := ecs.Document(exectest.Unlink(0, "x").Encode(t), ecs.DefaultConfig(), nil)
	if _, ok := doc["file.path"]; ok || doc["event.action"] != "deletion" || doc["process.name"] != nil {
		t.Errorf("no table, relative: %v", doc)
	}
	doc, _ = ecs.Document(exectest.Unlink(0, "/x").Encode(t), ecs.DefaultConfig(), nil)
	if doc["file.path"] != "/x" {
		t.Errorf("no table, absolute: %v", doc)
	}
}

// A thread other than the main one: the process is the main thread's, the
// user the thread's own.
func TestFileActingThread(t *testing.T) {
	raw := exectest.Unlinkat(0, 3, "shadow", 0).TID(4243).Encode(t)
	doc, err := ecs.Document(raw, ecs.DefaultConfig(), fileTable())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"process.pid": int64(4242), "process.name": "dash", "user.id": "1000", "group.id": "1001",
		"file.path": "/etc/shadow"}
	for k, v := range want {
		if doc[k] != v {
			t.Errorf("%s = %v, want %v", k, doc[k], v)
		}
	}
	// A thread whose process's main thread the table lacks: no process
	// fields (its cwd is the main thread's: no relative path either), the
	// thread's user stays.
	tb := fileTable()
	delete(tb.Entries, 4242)
	doc, _ = ecs.Document(exectest.Unlink(0, "x").TID(4243).Encode(t), ecs.DefaultConfig(), tb)
	if doc["process.name"] != nil || doc["file.path"] != nil || doc["user.id"] != "1000" || doc["process.pid"] != int64(4242) {
		t.Errorf("no main thread: %v", doc)
	}
}

func TestFileExtension(t *testing.T) {
	for name, want := range map[string]any{
		"a.tar.gz": "gz", ".bashrc": "bashrc", "noext": nil, "trail.": nil, "x.SWP": "SWP", ".": nil,
	} {
		doc, _ := ecs.Document(exectest.Unlink(0, "/d/"+name).Encode(t), ecs.DefaultConfig(), nil)
		if got := doc["file.extension"]; got != want {
			t.Errorf("%q: extension %v, want %v", name, got, want)
		}
	}
	// The root has no name.
	doc, _ := ecs.Document(exectest.Rename(0, "/", "/x").Encode(t), ecs.DefaultConfig(), nil)
	if _, ok := doc["file.Ext.original.name"]; ok || doc["file.Ext.original.path"] != "/" {
		t.Errorf("root: %v", doc)
	}
}

// On file events the fields Elastic Defend's file documents carry (its
// linux_file_*.yaml), nothing of the process context; on exec events no
// file field and no outcome.
func TestFileFieldsByKind(t *testing.T) {
	fileFields := []string{"event.category", "event.kind", "event.type", "event.action", "event.outcome",
		"host.os.type", "process.name", "process.executable", "process.command_line", "process.pid",
		"user.id", "group.id", "file.path", "file.name", "file.extension"}
	renameFields := append(fileFields, "file.Ext.original.path", "file.Ext.original.name", "file.Ext.original.extension")
	for _, c := range []struct {
		ev   *exectest.Event
		want []string
	}{
		{exectest.Unlink(0, "/x.y").TID(4243), fileFields},
		{exectest.Renameat2(0, 3, "a.b", 4, "c.d", 0), renameFields},
	} {
		doc, _ := ecs.Document(c.ev.Encode(t), ecs.DefaultConfig(), fileTable())
		var got []string
		for _, f := range ecs.Fields() {
			if _, ok := doc[f.Name]; ok {
				got = append(got, f.Name)
			}
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("fields of a file event (-want +got):\n%s", diff)
		}
	}
	execDoc, _ := ecs.Document(exectest.WhichCurl().Encode(t), ecs.DefaultConfig(), fileTable())
	for k := range execDoc {
		if k == "event.outcome" || len(k) > 5 && k[:5] == "file." {
			t.Errorf("%s on an exec event", k)
		}
	}
}

func TestFileDecodeErrors(t *testing.T) {
	var x ecs.Event
	for _, c := range []ppm.Code{ppm.CodeCloseX, ppm.CodeCreatX, ppm.CodeOpenE, ppm.CodeDupX} {
		ev := exectest.Unlink(0, "/x").Type(c)
		if err := x.Decode(ev.Encode(t)); !errors.Is(err, ecs.ErrNotDescribed) {
			t.Errorf("type %d: %v", c, err)
		}
	}
}

// Reading paths and the process reads each table entry once per event,
// whatever the number of fields.
func TestFileTableReads(t *testing.T) {
	tb := fileTable()
	e := ecs.NewExtractor(ecs.DefaultConfig(), tb)
	raw := exectest.Renameat(0, 4, "a", 3, "b").Encode(t)
	for _, id := range []ecs.FieldID{ecs.FilePath, ecs.FileName, ecs.FileExtension, ecs.FileOriginalPath, ecs.ProcessName, ecs.ProcessExecutable, ecs.UserID, ecs.ProcessPID} {
		if _, _, err := e.Extract(1, raw, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := tb.FDReads(); n != 2 {
		t.Errorf("%d fd reads, want 2", n)
	}
	if n := tb.Reads[ecs.ThreadIDs]; n != 2 { // the actor, and the main thread through it
		t.Errorf("%d entry lookups, want 2", n)
	}
}
