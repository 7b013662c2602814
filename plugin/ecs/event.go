package ecs

import (
	"errors"
	"fmt"

	"github.com/eql2falco/eql2falco/capture/containerid"
	"github.com/eql2falco/eql2falco/capture/ppm"
)

// ErrNotDescribed is returned by Event.Decode for an event type the plugin
// describes no document for (see EventTypes).
var ErrNotDescribed = errors.New("ecs: not an event type the plugin describes (exec, file creation, deletion or rename exits)")

// Kind is what an event is a document of.
type Kind uint8

const (
	// KindNone is no document: a failed exec or file operation, an open
	// that created nothing, an unlinkat of a directory.
	KindNone Kind = iota
	// KindExec is a successful execve or execveat, a process start
	// document.
	KindExec
	// KindFile is a file creation, deletion or rename, a file document.
	KindFile
)

// FileAction is the event.action of a file document.
type FileAction uint8

// The file actions the plugin describes, with Elastic Defend's event.action
// values (elastic/endpoint-package, custom_documentation linux_file_*.yaml).
const (
	FileCreation FileAction = iota + 1 // a new file, from an open that created it
	FileDeletion                       // unlink, unlinkat without AT_REMOVEDIR
	FileRename                         // rename, renameat, renameat2
)

var fileActions = [...]struct{ action, typ string }{
	FileCreation: {"creation", "creation"},
	FileDeletion: {"deletion", "deletion"},
	FileRename:   {"rename", "change"},
}

// String is the action's event.action value.
func (a FileAction) String() string {
	if int(a) < len(fileActions) && a > 0 {
		return fileActions[a].action
	}
	return "unknown"
}

// EventType is the action's event.type value.
func (a FileAction) EventType() string {
	if int(a) < len(fileActions) && a > 0 {
		return fileActions[a].typ
	}
	return "unknown"
}

// Event is a decoded event: a view of the raw bytes, with the parameters
// located once. It aliases the bytes given to Decode and stays valid while
// they are unchanged. Decoding does not allocate.
//
// Exec exits take every parameter count: 31 (execve, libs >= 0.23), 30
// (execve from older drivers, execveat), and fewer from old captures, where
// the missing parameters are absent; Falco >= 0.42 replays old captures
// through a converter that pads them with empty parameters, which are absent
// too. A file event lacking a parameter it needs has no document.
type Event struct {
	ev   ppm.Event
	raw  []byte
	off  [ppm.ExecMaxParams + 1]uint32 // parameter i is raw[off[i]:off[i+1]]
	kind Kind
	file fileOp

	// The container id is searched for on first use, in cids when set.
	cidDone bool
	cid     []byte
	cids    *cidCache

	// The thread table the process context is read from (nil: none), and
	// what was read of it for this event.
	threads ThreadTable
	rel     [numRelatives]related
}

// Decode makes x a view of the event at the start of raw. It fails on a
// malformed event (see ppm.Parse) and with ErrNotDescribed on an event type
// the plugin has no document for.
func (x *Event) Decode(raw []byte) error {
	ev, err := ppm.Parse(raw)
	if err != nil {
		return err
	}
	t := ev.Type()
	l, file := fileLayoutOf(t)
	if t != ppm.CodeExecveX && t != ppm.CodeExecveatX && !file {
		return fmt.Errorf("%w: event type %d", ErrNotDescribed, t)
	}
	x.ev, x.raw = ev, ev.Bytes()
	ev.ParamOffsets(x.off[:])
	x.kind = KindNone
	if file {
		if x.file.decode(x, l); x.file.action != 0 {
			x.kind = KindFile
		}
	} else if res, ok := ppm.I64(x.param(ppm.ExecRes)); ok && res == 0 {
		x.kind = KindExec
	}
	x.cidDone, x.cid = false, nil
	x.resetThreads()
	return nil
}

// Raw is the raw event view.
func (x *Event) Raw() ppm.Event { return x.ev }

// Kind is the kind of document the event is; KindNone has no value for any
// field.
func (x *Event) Kind() Kind { return x.kind }

// Succeeded reports whether the event is a document (a successful exec or
// file operation the plugin describes).
func (x *Event) Succeeded() bool { return x.kind != KindNone }

// param returns parameter i, empty when absent.
func (x *Event) param(i int) []byte { return x.raw[x.off[i]:x.off[i+1]] }

// containerID returns the container id found in the cgroups parameter with
// the layouts of the families in, searching on first use.
func (x *Event) containerID(in containerid.Runtimes) []byte {
	if !x.cidDone {
		x.cidDone = true
		cg := x.param(ppm.ExecCgroups)
		if x.cids != nil {
			x.cid = x.cids.find(cg, in)
		} else {
			x.cid, _, _ = containerid.FindBytesIn(cg, in)
		}
	}
	return x.cid
}

// cidCache remembers the container id of the cgroups parameters it has seen,
// as Falco's container plugin caches its matches per cgroup path: the
// processes of a container, or of the host, exec with the same cgroups.
type cidCache struct {
	m  map[string][]byte    // cgroups parameter -> container id (nil: host)
	in containerid.Runtimes // the layout families the ids were found with
}

// cidCacheMax bounds the cache; it is emptied when full.
const cidCacheMax = 4096

func (c *cidCache) find(cg []byte, in containerid.Runtimes) []byte {
	if id, ok := c.m[string(cg)]; ok && c.in == in { // no allocation for the lookup
		return id
	}
	id, _, ok := containerid.FindBytesIn(cg, in)
	if ok {
		id = append([]byte(nil), id...) // cg is the event's, reused by Falco
	}
	if c.m == nil || len(c.m) >= cidCacheMax || c.in != in {
		c.m, c.in = make(map[string][]byte), in
	}
	c.m[string(cg)] = id
	return id
}

// exe returns argv[0] (the exe parameter); ok is false when it is absent.
func (x *Event) exe() ([]byte, bool) { return ppm.CharBuf(x.param(ppm.ExecExe)) }

// exePath returns the executable the kernel ran (trusted_exepath).
func (x *Event) exePath() ([]byte, bool) {
	p, ok := ppm.CharBuf(x.param(ppm.ExecTrustedExepath))
	return p, ok && len(p) > 0
}
