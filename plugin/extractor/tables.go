package extractor

/*
#include <stdlib.h>
#include "tables.h"

static void ecs_log(void* fn, void* owner, const char* msg, int sev) {
	((void (*)(void*, const char*, const char*, int))fn)(owner, NULL, msg, sev);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/eql2falco/eql2falco/plugin/ecs"
)

// threadTable is ecs.ThreadTable on libsinsp's thread table, through the
// plugin API's state tables (tables.h). Accessors come from plugin_init; the
// reader vtable comes with each plugin_extract_fields call (libsinsp builds
// it on the stack of every call) and is set by ExtractFields.
type threadTable struct {
	c      *C.ecs_threads // C memory: the table and its accessors
	out    *C.ecs_thread  // C memory: the last entry read
	reader unsafe.Pointer // the current call's ss_plugin_table_reader_vtable_ext
	failed bool           // a read failed during the current call

	log      logger // for failures
	failures uint64
}

// logger logs through the owner's log function (ss_plugin_log_fn_t); the
// zero logger discards.
type logger struct {
	owner, fn unsafe.Pointer
}

// error logs msg with severity SS_PLUGIN_LOG_SEV_ERROR.
func (l logger) error(msg string) {
	if l.fn == nil {
		return
	}
	c := C.CString(msg)
	C.ecs_log(l.fn, l.owner, c, 3)
	C.free(unsafe.Pointer(c))
}

// newThreadTable gets the thread table and its accessors from the
// ss_plugin_init_input in. It fails when the owner has no state tables, no
// "threads" table or not the fields the plugin reads.
func newThreadTable(in unsafe.Pointer) (*threadTable, error) {
	t := &threadTable{
		c:   (*C.ecs_threads)(C.calloc(1, C.sizeof_ecs_threads)),
		out: (*C.ecs_thread)(C.calloc(1, C.sizeof_ecs_thread)),
	}
	if t.c == nil || t.out == nil {
		t.free()
		return nil, errors.New("ecs: out of memory")
	}
	var msg [512]C.char
	if C.ecs_threads_init((*C.ecs_init_input)(in), t.c, &msg[0], C.int(len(msg))) != 0 {
		t.free()
		return nil, fmt.Errorf("ecs: %s", C.GoString(&msg[0]))
	}
	ci := (*C.ecs_init_input)(in)
	t.log = logger{owner: ci.owner, fn: ci.log_fn}
	return t, nil
}

func (t *threadTable) free() {
	if t.out != nil {
		C.ecs_thread_free(t.out)
	}
	C.free(unsafe.Pointer(t.out))
	C.free(unsafe.Pointer(t.c))
	t.out, t.c = nil, nil
}

// ReadThread implements ecs.ThreadTable.
func (t *threadTable) ReadThread(tid int64, want ecs.ThreadFields, th *ecs.Thread) bool {
	if t.reader == nil {
		t.failed = true
		return false
	}
	switch C.ecs_read_thread(t.c, (*C.ecs_reader_vtable)(t.reader), C.int64_t(tid), C.uint32_t(want), t.out) {
	case 0:
		return false
	case 1:
	default:
		t.failed = true
		return false
	}
	o := t.out
	if want&ecs.ThreadIDs != 0 {
		th.TID, th.PID, th.PTID = int64(o.tid), int64(o.pid), int64(o.ptid)
	}
	if want&ecs.ThreadExe != 0 {
		th.Exe = appendString(&th.Buf, o.exe)
	}
	if want&ecs.ThreadExePath != 0 {
		th.ExePath = appendString(&th.Buf, o.exepath)
	}
	if want&ecs.ThreadCwd != 0 {
		th.Cwd = appendString(&th.Buf, o.cwd)
	}
	if want&ecs.ThreadTTY != 0 {
		th.TTY = uint32(o.tty)
	}
	if want&ecs.ThreadUser != 0 {
		th.UID, th.GID = uint32(o.uid), uint32(o.gid)
	}
	if want&ecs.ThreadArgs != 0 {
		th.Args = th.Args[:0]
		if o.nargs > 0 {
			for _, s := range unsafe.Slice(o.args, o.nargs) {
				th.Args = append(th.Args, appendString(&th.Buf, s))
			}
		}
	}
	return true
}

// ReadFD implements ecs.ThreadTable.
func (t *threadTable) ReadFD(tid, fd int64, buf []byte) ([]byte, bool) {
	if t.reader == nil {
		t.failed = true
		return buf, false
	}
	var s C.ecs_string
	switch C.ecs_read_fd(t.c, (*C.ecs_reader_vtable)(t.reader), C.int64_t(tid), C.int64_t(fd), &s) {
	case 0:
		return buf, false
	case 1:
	default:
		t.failed = true
		return buf, false
	}
	appendString(&buf, s)
	return buf, true
}

// appendString copies s to the end of *buf and returns the copy. Earlier
// copies stay valid when append moves *buf.
func appendString(buf *[]byte, s C.ecs_string) []byte {
	start := len(*buf)
	if s.n > 0 {
		*buf = append(*buf, unsafe.Slice((*byte)(unsafe.Pointer(s.p)), int(s.n))...)
	}
	return (*buf)[start:len(*buf):len(*buf)]
}

// endCall reports whether a read of the call failed, and logs the first
// failure and every 10000th after it through the owner's logger.
func (t *threadTable) endCall() error {
	t.reader = nil
	if !t.failed {
		return nil
	}
	t.failed = false
	t.failures++
	err := fmt.Errorf("ecs: reading Falco's thread table failed (%d times): the fields of the parent, "+
		"working directory, group leader and file events' process and paths have no value", t.failures)
	if t.failures%10000 == 1 {
		t.log.error(err.Error())
	}
	return err
}
