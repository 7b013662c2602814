package ppm

import "strconv"

// Code is an event type (enum ppm_event_code in falcosecurity/libs
// driver/ppm_events_public.h). Even codes are enter events, odd codes exit
// events, except for the few enter-only tracepoint and metadata events.
type Code uint16

// Event codes used by this project.
const (
	CodeCloneE         Code = 222 // PPME_SYSCALL_CLONE_20_E
	CodeCloneX         Code = 223 // PPME_SYSCALL_CLONE_20_X
	CodeForkE          Code = 224 // PPME_SYSCALL_FORK_20_E
	CodeForkX          Code = 225 // PPME_SYSCALL_FORK_20_X
	CodeVforkE         Code = 226 // PPME_SYSCALL_VFORK_20_E
	CodeVforkX         Code = 227 // PPME_SYSCALL_VFORK_20_X
	CodeClone3E        Code = 334 // PPME_SYSCALL_CLONE3_E
	CodeClone3X        Code = 335 // PPME_SYSCALL_CLONE3_X
	CodeExecveE        Code = 292 // PPME_SYSCALL_EXECVE_19_E
	CodeExecveX        Code = 293 // PPME_SYSCALL_EXECVE_19_X
	CodeExecveatE      Code = 330 // PPME_SYSCALL_EXECVEAT_E
	CodeExecveatX      Code = 331 // PPME_SYSCALL_EXECVEAT_X
	CodeProcexit       Code = 186 // PPME_PROCEXIT_1_E
	CodePluginE        Code = 322 // PPME_PLUGINEVENT_E
	CodeContainerJSON2 Code = 324 // PPME_CONTAINER_JSON_2_E
	CodeAsyncE         Code = 402 // PPME_ASYNCEVENT_E
)

// LargePayload reports whether events of this type carry u32 parameter
// lengths (EF_LARGE_PAYLOAD) instead of u16.
func (c Code) LargePayload() bool {
	switch c {
	case CodePluginE, CodeContainerJSON2, CodeAsyncE:
		return true
	}
	return false
}

// IsExit reports whether c is the exit half of a syscall pair.
func (c Code) IsExit() bool { return c&1 == 1 }

var codeNames = map[Code]string{
	CodeCloneE: "clone", CodeCloneX: "clone",
	CodeForkE: "fork", CodeForkX: "fork",
	CodeVforkE: "vfork", CodeVforkX: "vfork",
	CodeClone3E: "clone3", CodeClone3X: "clone3",
	CodeExecveE: "execve", CodeExecveX: "execve",
	CodeExecveatE: "execveat", CodeExecveatX: "execveat",
	CodeProcexit: "procexit", CodePluginE: "pluginevent",
	CodeContainerJSON2: "container", CodeAsyncE: "asyncevent",
}

// Name is the event name as Falco's evt.type shows it ("execve"), or
// "event_<code>" for codes this package does not know.
func (c Code) Name() string {
	if n, ok := codeNames[c]; ok {
		return n
	}
	return "event_" + strconv.Itoa(int(c))
}

// String returns the name with the direction, as sysdig prints it: "> execve"
// for an enter event, "< execve" for an exit event.
func (c Code) String() string {
	if c.IsExit() {
		return "< " + c.Name()
	}
	return "> " + c.Name()
}

// Parameter indices of PPME_SYSCALL_EXECVE_19_X (293), in driver order.
// PPME_SYSCALL_EXECVEAT_X (331) has the same first 30 parameters and no
// ExecFilename. Older captures and older drivers carry fewer parameters: every
// index at or above Event.NParams is absent.
const (
	ExecRes            = 0  // PT_ERRNO, 0 on success
	ExecExe            = 1  // PT_CHARBUF, argv[0] as passed
	ExecArgs           = 2  // PT_BYTEBUF, argv[1:] NUL-separated
	ExecTID            = 3  // PT_PID
	ExecPID            = 4  // PT_PID
	ExecPTID           = 5  // PT_PID
	ExecCwd            = 6  // PT_CHARBUF, empty from current drivers
	ExecFdlimit        = 7  // PT_UINT64
	ExecPgftMaj        = 8  // PT_UINT64
	ExecPgftMin        = 9  // PT_UINT64
	ExecVMSize         = 10 // PT_UINT32
	ExecVMRSS          = 11 // PT_UINT32
	ExecVMSwap         = 12 // PT_UINT32
	ExecComm           = 13 // PT_CHARBUF, task comm
	ExecCgroups        = 14 // PT_BYTEBUF, "subsys=path" NUL-separated
	ExecEnv            = 15 // PT_BYTEBUF, "K=V" NUL-separated
	ExecTTY            = 16 // PT_UINT32, 0 = no controlling terminal
	ExecVPGID          = 17 // PT_PID
	ExecLoginUID       = 18 // PT_UID
	ExecFlags          = 19 // PT_FLAGS32
	ExecCapInheritable = 20 // PT_UINT64
	ExecCapPermitted   = 21 // PT_UINT64
	ExecCapEffective   = 22 // PT_UINT64
	ExecExeIno         = 23 // PT_UINT64
	ExecExeInoCtime    = 24 // PT_ABSTIME
	ExecExeInoMtime    = 25 // PT_ABSTIME
	ExecUID            = 26 // PT_UID, effective uid
	ExecTrustedExepath = 27 // PT_FSPATH, the executable the kernel ran
	ExecPGID           = 28 // PT_PID
	ExecGID            = 29 // PT_GID, effective gid
	ExecFilename       = 30 // PT_FSPATH, execve only: path passed to exec
	// ExecMaxParams is the parameter count of EXECVE_19_X in the newest driver.
	ExecMaxParams = 31
)
