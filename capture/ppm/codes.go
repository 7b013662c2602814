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

// File events: the opens, unlinks and renames the ecs plugin describes,
// the events that change the fd table, and other operations on files.
const (
	CodeOpenE      Code = 2   // PPME_SYSCALL_OPEN_E
	CodeOpenX      Code = 3   // PPME_SYSCALL_OPEN_X
	CodeCloseE     Code = 4   // PPME_SYSCALL_CLOSE_E
	CodeCloseX     Code = 5   // PPME_SYSCALL_CLOSE_X
	CodeCreatE     Code = 58  // PPME_SYSCALL_CREAT_E
	CodeCreatX     Code = 59  // PPME_SYSCALL_CREAT_X
	CodeRenameX    Code = 175 // PPME_SYSCALL_RENAME_X
	CodeRenameatX  Code = 177 // PPME_SYSCALL_RENAMEAT_X
	CodeUnlinkX    Code = 301 // PPME_SYSCALL_UNLINK_2_X
	CodeUnlinkatX  Code = 303 // PPME_SYSCALL_UNLINKAT_2_X
	CodeOpenatE    Code = 306 // PPME_SYSCALL_OPENAT_2_E
	CodeOpenatX    Code = 307 // PPME_SYSCALL_OPENAT_2_X
	CodeRenameat2X Code = 319 // PPME_SYSCALL_RENAMEAT2_X
	CodeOpenat2E   Code = 326 // PPME_SYSCALL_OPENAT2_E
	CodeOpenat2X   Code = 327 // PPME_SYSCALL_OPENAT2_X
	CodeDup2X      Code = 363 // PPME_SYSCALL_DUP2_X
	CodeDup3X      Code = 365 // PPME_SYSCALL_DUP3_X
	CodeDupX       Code = 367 // PPME_SYSCALL_DUP_1_X
	CodeFcntlX     Code = 151 // PPME_SYSCALL_FCNTL_X
	// Operations on files that are no file document of the plugin.
	CodeWriteX     Code = 9   // PPME_SYSCALL_WRITE_X
	CodeChmodX     Code = 315 // PPME_SYSCALL_CHMOD_X
	CodeSymlinkatX Code = 181 // PPME_SYSCALL_SYMLINKAT_X
)

// Syscalls whose exit events change the thread table besides clone, exec
// and procexit (working directory, session, user and group ids).
const (
	CodeChdirX     Code = 95  // PPME_SYSCALL_CHDIR_X
	CodeFchdirE    Code = 96  // PPME_SYSCALL_FCHDIR_E
	CodeFchdirX    Code = 97  // PPME_SYSCALL_FCHDIR_X
	CodeSetresuidE Code = 192 // PPME_SYSCALL_SETRESUID_E
	CodeSetresuidX Code = 193 // PPME_SYSCALL_SETRESUID_X
	CodeSetresgidE Code = 194 // PPME_SYSCALL_SETRESGID_E
	CodeSetresgidX Code = 195 // PPME_SYSCALL_SETRESGID_X
	CodeSetuidE    Code = 198 // PPME_SYSCALL_SETUID_E
	CodeSetuidX    Code = 199 // PPME_SYSCALL_SETUID_X
	CodeSetgidE    Code = 200 // PPME_SYSCALL_SETGID_E
	CodeSetgidX    Code = 201 // PPME_SYSCALL_SETGID_X
	CodeSetpgidX   Code = 295 // PPME_SYSCALL_SETPGID_X
	CodeSetsidX    Code = 275 // PPME_SYSCALL_SETSID_X
	CodeSetreuidX  Code = 427 // PPME_SYSCALL_SETREUID_X
	CodeSetregidX  Code = 429 // PPME_SYSCALL_SETREGID_X
)

// Older versions of the process events, found in captures recorded by older
// drivers, and the metadata events a capture may carry.
const (
	CodeExecve8E       Code = 12  // PPME_SYSCALL_EXECVE_8_E
	CodeExecve8X       Code = 13  // PPME_SYSCALL_EXECVE_8_X
	CodeExecve13E      Code = 154 // PPME_SYSCALL_EXECVE_13_E
	CodeExecve13X      Code = 155 // PPME_SYSCALL_EXECVE_13_X
	CodeExecve14E      Code = 172 // PPME_SYSCALL_EXECVE_14_E
	CodeExecve14X      Code = 173 // PPME_SYSCALL_EXECVE_14_X
	CodeExecve15E      Code = 214 // PPME_SYSCALL_EXECVE_15_E
	CodeExecve15X      Code = 215 // PPME_SYSCALL_EXECVE_15_X
	CodeExecve16E      Code = 230 // PPME_SYSCALL_EXECVE_16_E
	CodeExecve16X      Code = 231 // PPME_SYSCALL_EXECVE_16_X
	CodeExecve17E      Code = 282 // PPME_SYSCALL_EXECVE_17_E
	CodeExecve17X      Code = 283 // PPME_SYSCALL_EXECVE_17_X
	CodeExecve18E      Code = 288 // PPME_SYSCALL_EXECVE_18_E
	CodeExecve18X      Code = 289 // PPME_SYSCALL_EXECVE_18_X
	CodeClone11X       Code = 15  // PPME_SYSCALL_CLONE_11_X
	CodeClone16X       Code = 157 // PPME_SYSCALL_CLONE_16_X
	CodeClone17X       Code = 217 // PPME_SYSCALL_CLONE_17_X
	CodeForkOldX       Code = 183 // PPME_SYSCALL_FORK_X
	CodeFork17X        Code = 219 // PPME_SYSCALL_FORK_17_X
	CodeVforkOldX      Code = 185 // PPME_SYSCALL_VFORK_X
	CodeVfork17X       Code = 221 // PPME_SYSCALL_VFORK_17_X
	CodeProcexitOld    Code = 16  // PPME_PROCEXIT_E
	CodeContainer      Code = 228 // PPME_CONTAINER_E
	CodeContainerJSON  Code = 272 // PPME_CONTAINER_JSON_E
	CodeUserAdded      Code = 354 // PPME_USER_ADDED_E
	CodeUserDeleted    Code = 356 // PPME_USER_DELETED_E
	CodeGroupAdded     Code = 358 // PPME_GROUP_ADDED_E
	CodeGroupDeleted   Code = 360 // PPME_GROUP_DELETED_E
	CodeProcinfo       Code = 234 // PPME_PROCINFO_E
	CodeNotification   Code = 280 // PPME_NOTIFICATION_E
	CodeInfrastructure Code = 286 // PPME_INFRASTRUCTURE_EVENT_E
	CodeChrootX        Code = 267 // PPME_SYSCALL_CHROOT_X
)

// LargePayload reports whether events of this type carry u32 parameter
// lengths (EF_LARGE_PAYLOAD) instead of u16.
func (c Code) LargePayload() bool { return c.Flags()&FlagLargePayload != 0 }

// IsExit reports whether c is the exit half of a syscall pair.
func (c Code) IsExit() bool { return c&1 == 1 }

// Known reports whether c is in the event table (c < NumCodes).
func (c Code) Known() bool { return int(c) < NumCodes }

// Flags returns the table flags of c (0 for unknown codes).
func (c Code) Flags() EventFlags {
	if !c.Known() {
		return 0
	}
	return eventTable[c].flags
}

// TableParams is the number of parameters the newest driver writes for c (the
// nparams of the event table). Events in captures may carry fewer (older
// drivers) or, rarely, more.
func (c Code) TableParams() int {
	if !c.Known() {
		return 0
	}
	return int(eventTable[c].nparams)
}

// Name is the event name as Falco's evt.type shows it ("execve"; "NA" for the
// unused halves of enter-only events), or "event_<code>" for codes past the
// table.
func (c Code) Name() string {
	if !c.Known() {
		return "event_" + strconv.Itoa(int(c))
	}
	return eventTable[c].name
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
