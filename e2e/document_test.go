package e2e

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/eql2falco/eql2falco/capture/threads"
	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// documents returns the ECS document of every event of a scenario that has
// one, by evt.num.
func documents(t *testing.T, name string) map[uint64]map[string]any {
	t.Helper()
	c := openScenario(t, name)
	r, err := c.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	docs := NewDocuments(ecs.DefaultConfig(), ViewD4C)
	out := map[uint64]map[string]any{}
	rp := threads.NewReplayer(r)
	for rp.Next() {
		if d := docs.Document(rp.Event(), rp.Table()); d != nil {
			if !rp.IsExec() {
				t.Errorf("%s#%d: a document for a %s event", name, rp.Event().Num, rp.Event().Type())
			}
			out[rp.Event().Num] = d.Map(ViewD4C)
		}
	}
	return out
}

func TestDocument(t *testing.T) {
	docs := documents(t, "which-debian-script.yaml")
	want := map[string]any{
		"event.category": "process", "event.kind": "event", "event.type": "start", "event.action": "exec",
		"host.os.type":        "linux",
		"process.name":        "dash",
		"process.executable":  "/usr/bin/dash",
		"process.args":        []string{"/bin/sh", "/usr/bin/which", "curl"},
		"process.pid":         int64(1401),
		"process.parent.pid":  int64(1300),
		"process.interactive": true,
		"user.id":             "0",
		"group.id":            "0",
		"container.id":        "cf95f37b9a180851389b5fbd239703c8e07fbe628e471e77d869bc6d861dde3c",
		// The shell of the process list, as the thread table has it.
		"process.parent.name":              "bash",
		"process.parent.executable":        "/usr/bin/bash",
		"process.parent.args":              []string{"bash"},
		"process.parent.working_directory": "/root",
		"process.parent.interactive":       true,
		"process.parent.user.id":           "0",
		"process.parent.group.id":          "0",
		// Inherited from the shell.
		"process.working_directory": "/root",
		// The child stays in the shell's process group.
		"process.group_leader.pid":        int64(1300),
		"process.group_leader.name":       "bash",
		"process.group_leader.executable": "/usr/bin/bash",
		"process.group_leader.args":       []string{"bash"},
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	if diff := cmp.Diff(want, docs[3]); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	// Fields D4C does not populate are left out, though the plugin has them.
	for _, f := range ecs.Fields() {
		if _, ok := docs[3][f.Name]; ok != f.D4C && f.Name != "container.id" {
			t.Errorf("%s in the document: %v, D4C populates it: %v", f.Name, ok, f.D4C)
		}
	}
}

// The parent is the process's parent in the thread table, after the event:
// for a nested exec, the shell that forked it; no terminal, no container.
func TestDocumentParentAndHost(t *testing.T) {
	docs := documents(t, "sh-c-which.yaml")
	var nested map[string]any
	for _, d := range docs {
		if d["process.name"] == "dash" && d["process.parent.name"] == "dash" {
			nested = d
		}
	}
	if nested == nil {
		t.Fatalf("no document of which under sh -c: %v", docs)
	}
	if got := nested["process.parent.args"]; !cmp.Equal(got, []string{"sh", "-c", "which nmap"}) {
		t.Errorf("parent args %v", got)
	}
	for _, d := range documents(t, "host-process.yaml") {
		if _, ok := d["container.id"]; ok {
			t.Errorf("a host process has a container.id: %v", d)
		}
	}
	for _, d := range documents(t, "no-terminal.yaml") {
		if d["process.interactive"] != false {
			t.Errorf("interactive without a terminal: %v", d)
		}
	}
}

// Failed execs have no document: failed-exec.yaml has three execs, one
// succeeds.
func TestNoDocumentForFailedExecs(t *testing.T) {
	if docs := documents(t, "failed-exec.yaml"); len(docs) != 1 {
		t.Errorf("%d documents, want 1: %v", len(docs), docs)
	}
}

// An argument cut in the middle of a character by the 4096-byte limit ends
// in U+FFFD in the document, as a JSON encoder writes the dangling byte.
func TestDocumentInvalidUTF8(t *testing.T) {
	var found bool
	for _, d := range documents(t, "argv-over-4096.yaml") {
		args := d["process.args"].([]string)
		last := args[len(args)-1]
		if strings.HasPrefix(last, "ü") {
			found = true
			if !strings.HasSuffix(last, "ü\uFFFD") || !utf8.ValidString(last) || len(args) != 3 {
				t.Errorf("args %q", args)
			}
		}
	}
	if !found {
		t.Fatal("no exec with the cut argument")
	}
}
