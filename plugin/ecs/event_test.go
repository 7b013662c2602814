package ecs

import (
	"errors"
	"os"
	"testing"

	"github.com/eql2falco/eql2falco/capture/containerid"
	"github.com/eql2falco/eql2falco/capture/ppm"
	"github.com/eql2falco/eql2falco/plugin/internal/exectest"
)

const hex64 = exectest.ContainerID

// execEvent and whichCurl are shorthands for the exectest builder.
type execEvent = exectest.Event

func whichCurl() *execEvent { return exectest.WhichCurl() }

// whichCurlDoc is what Document gives for whichCurl.
func whichCurlDoc() map[string]any {
	return map[string]any{
		"event.category": "process", "event.kind": "event", "event.type": "start", "event.action": "exec",
		"host.os.type":                  "linux",
		"process.name":                  "dash",
		"process.executable":            "/usr/bin/dash",
		"process.args":                  []string{"/bin/sh", "/usr/bin/which", "curl"},
		"process.args_count":            int64(3),
		"process.command_line":          "/bin/sh /usr/bin/which curl",
		"process.pid":                   int64(4242),
		"process.thread.id":             int64(4242),
		"process.parent.pid":            int64(4100),
		"process.interactive":           true,
		"process.tty.char_device.major": int64(136),
		"process.tty.char_device.minor": int64(0),
		"process.env_vars":              []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root", "TERM=xterm"},
		"user.id":                       "0",
		"group.id":                      "0",
		"container.id":                  hex64,
		"process.group_leader.pid":      int64(4200),
	}
}

func readEvent(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeRejects(t *testing.T) {
	var x Event
	good := whichCurl().Encode(t)
	if err := x.Decode(good[:len(good)-1]); err == nil {
		t.Fatal("truncated event decoded")
	}
	e := whichCurl()
	e.Code = ppm.CodeCloneX
	if err := x.Decode(e.Encode(t)); !errors.Is(err, ErrNotDescribed) {
		t.Fatalf("clone exit: %v", err)
	}
	e.Code = ppm.CodeExecveE
	if err := x.Decode(e.Encode(t)); err == nil {
		t.Fatal("execve enter decoded")
	}
	if err := x.Decode(good); err != nil || !x.Succeeded() || x.Raw().NParams() != 31 {
		t.Fatalf("good event: %v", err)
	}
}

// A stale container id from a previous event must not survive Decode.
func TestDecodeResetsContainerID(t *testing.T) {
	var x Event
	if err := x.Decode(whichCurl().Encode(t)); err != nil {
		t.Fatal(err)
	}
	if string(x.containerID(containerid.AllRuntimes)) != hex64 {
		t.Fatal("container id")
	}
	if err := x.Decode(whichCurl().Set(ppm.ExecCgroups, ppm.PStrings("cpu=/user.slice")).Encode(t)); err != nil {
		t.Fatal(err)
	}
	if x.containerID(containerid.AllRuntimes) != nil {
		t.Fatalf("host event kept container id %q", x.containerID(containerid.AllRuntimes))
	}
}
