package ppm

// The event table below records, for every event code of falcosecurity/libs
// (driver/event_table.c at 48dfd53c, PPM_EVENT_MAX = 454, the schema Falco 0.44
// ships), the event name Falco shows as evt.type, the number of parameters the
// newest driver writes, and the flags a capture reader needs. FlagConverterDrops
// records which enter events the savefile converter of libs >= 0.22
// (userspace/libscap/engine/savefile/converter/table.cpp) stores for their exit
// event and drops from the event stream.

// NumCodes is the number of event codes known to this package (PPM_EVENT_MAX).
// Codes at or above it come from newer drivers; libscap skips such events.
const NumCodes = 454

// EventFlags are the properties of an event type that matter to readers.
type EventFlags uint16

// Event flags (EF_* in the driver's event table, plus FlagConverterDrops).
const (
	FlagOld              EventFlags = 1 << iota // EF_OLD_VERSION: no longer produced by drivers
	FlagUnused                                  // EF_UNUSED: never produced; readers drop it
	FlagConverterManaged                        // EF_CONVERTER_MANAGED: rewritten by the savefile converter
	FlagLargePayload                            // EF_LARGE_PAYLOAD: u32 parameter lengths
	FlagModifiesState                           // EF_MODIFIES_STATE
	FlagSkipParseReset                          // EF_SKIPPARSERESET
	FlagConverterDrops                          // enter event stored and dropped by the converter
)

const (
	fOld       = FlagOld
	fUnused    = FlagUnused
	fConv      = FlagConverterManaged
	fLarge     = FlagLargePayload
	fState     = FlagModifiesState
	fSkipReset = FlagSkipParseReset
	fConvDrops = FlagConverterDrops
)

type eventRow struct {
	name    string
	nparams uint8
	flags   EventFlags
}

var eventTable = [NumCodes]eventRow{
	0:   {"syscall", 2, fOld | fConv | fConvDrops},                 // GENERIC_E
	1:   {"syscall", 2, fConv},                                     // GENERIC_X
	2:   {"open", 3, fState | fConv},                               // SYSCALL_OPEN_E
	3:   {"open", 6, fState | fConv},                               // SYSCALL_OPEN_X
	4:   {"close", 1, fOld | fState | fConv | fConvDrops},          // SYSCALL_CLOSE_E
	5:   {"close", 2, fState | fConv},                              // SYSCALL_CLOSE_X
	6:   {"read", 2, fOld | fConv | fConvDrops},                    // SYSCALL_READ_E
	7:   {"read", 4, fConv},                                        // SYSCALL_READ_X
	8:   {"write", 2, fOld | fConv | fConvDrops},                   // SYSCALL_WRITE_E
	9:   {"write", 4, fConv},                                       // SYSCALL_WRITE_X
	10:  {"brk", 1, fOld | fConv | fConvDrops},                     // SYSCALL_BRK_1_E
	11:  {"brk", 1, fOld | fConv},                                  // SYSCALL_BRK_1_X
	12:  {"execve", 0, fOld | fState | fConv},                      // SYSCALL_EXECVE_8_E
	13:  {"execve", 8, fOld | fState | fConv},                      // SYSCALL_EXECVE_8_X
	14:  {"clone", 0, fOld | fState},                               // SYSCALL_CLONE_11_E
	15:  {"clone", 11, fOld | fState | fConv},                      // SYSCALL_CLONE_11_X
	16:  {"procexit", 0, fOld | fState | fConv},                    // PROCEXIT_E
	17:  {"NA", 0, fUnused},                                        // PROCEXIT_X
	18:  {"socket", 3, fOld | fState | fConv | fConvDrops},         // SOCKET_SOCKET_E
	19:  {"socket", 5, fState | fConv},                             // SOCKET_SOCKET_X
	20:  {"bind", 1, fOld | fState | fConv | fConvDrops},           // SOCKET_BIND_E
	21:  {"bind", 3, fState | fConv},                               // SOCKET_BIND_X
	22:  {"connect", 2, fState | fConv},                            // SOCKET_CONNECT_E
	23:  {"connect", 4, fState | fConv},                            // SOCKET_CONNECT_X
	24:  {"listen", 2, fOld | fConv | fConvDrops},                  // SOCKET_LISTEN_E
	25:  {"listen", 3, fConv},                                      // SOCKET_LISTEN_X
	26:  {"accept", 0, fOld | fState},                              // SOCKET_ACCEPT_E
	27:  {"accept", 3, fOld | fState | fConv},                      // SOCKET_ACCEPT_X
	28:  {"send", 2, fOld | fConv | fConvDrops},                    // SOCKET_SEND_E
	29:  {"send", 5, fConv},                                        // SOCKET_SEND_X
	30:  {"sendto", 3, fOld | fState | fConv | fConvDrops},         // SOCKET_SENDTO_E
	31:  {"sendto", 5, fState | fConv},                             // SOCKET_SENDTO_X
	32:  {"recv", 2, fOld | fConv | fConvDrops},                    // SOCKET_RECV_E
	33:  {"recv", 5, fConv},                                        // SOCKET_RECV_X
	34:  {"recvfrom", 2, fOld | fState | fConv | fConvDrops},       // SOCKET_RECVFROM_E
	35:  {"recvfrom", 5, fState | fConv},                           // SOCKET_RECVFROM_X
	36:  {"shutdown", 2, fOld | fState | fConv | fConvDrops},       // SOCKET_SHUTDOWN_E
	37:  {"shutdown", 3, fState | fConv},                           // SOCKET_SHUTDOWN_X
	38:  {"getsockname", 0, fOld},                                  // SOCKET_GETSOCKNAME_E
	39:  {"getsockname", 0, 0},                                     // SOCKET_GETSOCKNAME_X
	40:  {"getpeername", 0, fOld},                                  // SOCKET_GETPEERNAME_E
	41:  {"getpeername", 0, 0},                                     // SOCKET_GETPEERNAME_X
	42:  {"socketpair", 3, fOld | fState | fConv | fConvDrops},     // SOCKET_SOCKETPAIR_E
	43:  {"socketpair", 8, fState | fConv},                         // SOCKET_SOCKETPAIR_X
	44:  {"setsockopt", 0, fOld},                                   // SOCKET_SETSOCKOPT_E
	45:  {"setsockopt", 6, 0},                                      // SOCKET_SETSOCKOPT_X
	46:  {"getsockopt", 0, fOld | fState},                          // SOCKET_GETSOCKOPT_E
	47:  {"getsockopt", 6, fState},                                 // SOCKET_GETSOCKOPT_X
	48:  {"sendmsg", 3, fOld | fState | fConv | fConvDrops},        // SOCKET_SENDMSG_E
	49:  {"sendmsg", 5, fState | fConv},                            // SOCKET_SENDMSG_X
	50:  {"sendmmsg", 0, fOld},                                     // SOCKET_SENDMMSG_E
	51:  {"sendmmsg", 5, fState | fConv},                           // SOCKET_SENDMMSG_X
	52:  {"recvmsg", 1, fOld | fState | fConv | fConvDrops},        // SOCKET_RECVMSG_E
	53:  {"recvmsg", 6, fState | fConv},                            // SOCKET_RECVMSG_X
	54:  {"recvmmsg", 0, fOld},                                     // SOCKET_RECVMMSG_E
	55:  {"recvmmsg", 6, fState | fConv},                           // SOCKET_RECVMMSG_X
	56:  {"accept", 1, fOld | fState | fConv | fConvDrops},         // SOCKET_ACCEPT4_E
	57:  {"accept", 3, fOld | fState | fConv},                      // SOCKET_ACCEPT4_X
	58:  {"creat", 2, fState | fConv},                              // SYSCALL_CREAT_E
	59:  {"creat", 6, fState | fConv},                              // SYSCALL_CREAT_X
	60:  {"pipe", 0, fOld | fState},                                // SYSCALL_PIPE_E
	61:  {"pipe", 4, fState},                                       // SYSCALL_PIPE_X
	62:  {"eventfd", 2, fOld | fState | fConv | fConvDrops},        // SYSCALL_EVENTFD_E
	63:  {"eventfd", 3, fState | fConv},                            // SYSCALL_EVENTFD_X
	64:  {"futex", 3, fOld | fConv | fConvDrops},                   // SYSCALL_FUTEX_E
	65:  {"futex", 4, fConv},                                       // SYSCALL_FUTEX_X
	66:  {"stat", 0, fOld},                                         // SYSCALL_STAT_E
	67:  {"stat", 2, 0},                                            // SYSCALL_STAT_X
	68:  {"lstat", 0, fOld},                                        // SYSCALL_LSTAT_E
	69:  {"lstat", 2, 0},                                           // SYSCALL_LSTAT_X
	70:  {"fstat", 1, fOld | fConv | fConvDrops},                   // SYSCALL_FSTAT_E
	71:  {"fstat", 2, fConv},                                       // SYSCALL_FSTAT_X
	72:  {"stat64", 0, fOld},                                       // SYSCALL_STAT64_E
	73:  {"stat64", 2, 0},                                          // SYSCALL_STAT64_X
	74:  {"lstat64", 0, fOld},                                      // SYSCALL_LSTAT64_E
	75:  {"lstat64", 2, 0},                                         // SYSCALL_LSTAT64_X
	76:  {"fstat64", 1, fOld},                                      // SYSCALL_FSTAT64_E
	77:  {"fstat64", 1, 0},                                         // SYSCALL_FSTAT64_X
	78:  {"epoll_wait", 1, fOld | fConv | fConvDrops},              // SYSCALL_EPOLLWAIT_E
	79:  {"epoll_wait", 2, fConv},                                  // SYSCALL_EPOLLWAIT_X
	80:  {"poll", 2, fOld | fConv | fConvDrops},                    // SYSCALL_POLL_E
	81:  {"poll", 3, fConv},                                        // SYSCALL_POLL_X
	82:  {"select", 0, fOld},                                       // SYSCALL_SELECT_E
	83:  {"select", 1, 0},                                          // SYSCALL_SELECT_X
	84:  {"select", 0, fOld},                                       // SYSCALL_NEWSELECT_E
	85:  {"select", 1, fOld | fConv},                               // SYSCALL_NEWSELECT_X
	86:  {"lseek", 3, fOld | fConv | fConvDrops},                   // SYSCALL_LSEEK_E
	87:  {"lseek", 4, fConv},                                       // SYSCALL_LSEEK_X
	88:  {"llseek", 3, fOld | fConv | fConvDrops},                  // SYSCALL_LLSEEK_E
	89:  {"llseek", 4, fConv},                                      // SYSCALL_LLSEEK_X
	90:  {"ioctl", 2, fOld | fConv | fConvDrops},                   // SYSCALL_IOCTL_2_E
	91:  {"ioctl", 1, fOld | fConv},                                // SYSCALL_IOCTL_2_X
	92:  {"getcwd", 0, fOld},                                       // SYSCALL_GETCWD_E
	93:  {"getcwd", 2, 0},                                          // SYSCALL_GETCWD_X
	94:  {"chdir", 0, fOld | fState},                               // SYSCALL_CHDIR_E
	95:  {"chdir", 2, fState},                                      // SYSCALL_CHDIR_X
	96:  {"fchdir", 1, fOld | fState | fConv | fConvDrops},         // SYSCALL_FCHDIR_E
	97:  {"fchdir", 2, fState | fConv},                             // SYSCALL_FCHDIR_X
	98:  {"mkdir", 2, fOld | fConv | fConvDrops},                   // SYSCALL_MKDIR_E
	99:  {"mkdir", 1, fOld | fConv},                                // SYSCALL_MKDIR_X
	100: {"rmdir", 1, fOld | fConv | fConvDrops},                   // SYSCALL_RMDIR_E
	101: {"rmdir", 1, fOld | fConv},                                // SYSCALL_RMDIR_X
	102: {"openat", 4, fOld | fState | fConv | fConvDrops},         // SYSCALL_OPENAT_E
	103: {"openat", 1, fOld | fState | fConv},                      // SYSCALL_OPENAT_X
	104: {"link", 2, fOld | fConv | fConvDrops},                    // SYSCALL_LINK_E
	105: {"link", 1, fOld | fConv},                                 // SYSCALL_LINK_X
	106: {"linkat", 4, fOld | fConv | fConvDrops},                  // SYSCALL_LINKAT_E
	107: {"linkat", 1, fOld | fConv},                               // SYSCALL_LINKAT_X
	108: {"unlink", 1, fOld | fConv | fConvDrops},                  // SYSCALL_UNLINK_E
	109: {"unlink", 1, fOld | fConv},                               // SYSCALL_UNLINK_X
	110: {"unlinkat", 2, fOld | fConv | fConvDrops},                // SYSCALL_UNLINKAT_E
	111: {"unlinkat", 1, fOld | fConv},                             // SYSCALL_UNLINKAT_X
	112: {"pread", 3, fOld | fConv | fConvDrops},                   // SYSCALL_PREAD_E
	113: {"pread", 5, fConv},                                       // SYSCALL_PREAD_X
	114: {"pwrite", 3, fOld | fConv | fConvDrops},                  // SYSCALL_PWRITE_E
	115: {"pwrite", 5, fConv},                                      // SYSCALL_PWRITE_X
	116: {"readv", 1, fOld | fConv | fConvDrops},                   // SYSCALL_READV_E
	117: {"readv", 4, fConv},                                       // SYSCALL_READV_X
	118: {"writev", 2, fOld | fConv | fConvDrops},                  // SYSCALL_WRITEV_E
	119: {"writev", 4, fConv},                                      // SYSCALL_WRITEV_X
	120: {"preadv", 2, fOld | fConv | fConvDrops},                  // SYSCALL_PREADV_E
	121: {"preadv", 5, fConv},                                      // SYSCALL_PREADV_X
	122: {"pwritev", 3, fOld | fConv | fConvDrops},                 // SYSCALL_PWRITEV_E
	123: {"pwritev", 5, fConv},                                     // SYSCALL_PWRITEV_X
	124: {"dup", 1, fOld | fState | fConv | fConvDrops},            // SYSCALL_DUP_E
	125: {"dup", 1, fOld | fState | fConv},                         // SYSCALL_DUP_X
	126: {"signalfd", 3, fOld | fState | fConv | fConvDrops},       // SYSCALL_SIGNALFD_E
	127: {"signalfd", 4, fState | fConv},                           // SYSCALL_SIGNALFD_X
	128: {"kill", 2, fOld | fConv | fConvDrops},                    // SYSCALL_KILL_E
	129: {"kill", 3, fConv},                                        // SYSCALL_KILL_X
	130: {"tkill", 2, fOld | fConv | fConvDrops},                   // SYSCALL_TKILL_E
	131: {"tkill", 3, fConv},                                       // SYSCALL_TKILL_X
	132: {"tgkill", 3, fOld | fConv | fConvDrops},                  // SYSCALL_TGKILL_E
	133: {"tgkill", 4, fConv},                                      // SYSCALL_TGKILL_X
	134: {"nanosleep", 1, fOld | fConv | fConvDrops},               // SYSCALL_NANOSLEEP_E
	135: {"nanosleep", 2, fConv},                                   // SYSCALL_NANOSLEEP_X
	136: {"timerfd_create", 2, fOld | fState | fConv | fConvDrops}, // SYSCALL_TIMERFD_CREATE_E
	137: {"timerfd_create", 3, fState | fConv},                     // SYSCALL_TIMERFD_CREATE_X
	138: {"inotify_init", 1, fOld | fState | fConv | fConvDrops},   // SYSCALL_INOTIFY_INIT_E
	139: {"inotify_init", 2, fState | fConv},                       // SYSCALL_INOTIFY_INIT_X
	140: {"getrlimit", 1, fOld | fConv | fConvDrops},               // SYSCALL_GETRLIMIT_E
	141: {"getrlimit", 4, fConv},                                   // SYSCALL_GETRLIMIT_X
	142: {"setrlimit", 1, fOld | fConv | fConvDrops},               // SYSCALL_SETRLIMIT_E
	143: {"setrlimit", 4, fConv},                                   // SYSCALL_SETRLIMIT_X
	144: {"prlimit", 2, fOld | fConv | fConvDrops},                 // SYSCALL_PRLIMIT_E
	145: {"prlimit", 7, fConv},                                     // SYSCALL_PRLIMIT_X
	146: {"switch", 1, fOld | fSkipReset | fConv},                  // SCHEDSWITCH_1_E
	147: {"NA", 0, fUnused},                                        // SCHEDSWITCH_1_X
	148: {"drop", 1, fSkipReset},                                   // DROP_E
	149: {"drop", 1, fSkipReset},                                   // DROP_X
	150: {"fcntl", 2, fOld | fState | fConv | fConvDrops},          // SYSCALL_FCNTL_E
	151: {"fcntl", 4, fState | fConv},                              // SYSCALL_FCNTL_X
	152: {"switch", 6, 0},                                          // SCHEDSWITCH_6_E
	153: {"NA", 0, fUnused},                                        // SCHEDSWITCH_6_X
	154: {"execve", 0, fOld | fState | fConv},                      // SYSCALL_EXECVE_13_E
	155: {"execve", 13, fOld | fState | fConv},                     // SYSCALL_EXECVE_13_X
	156: {"clone", 0, fOld | fState},                               // SYSCALL_CLONE_16_E
	157: {"clone", 16, fOld | fState | fConv},                      // SYSCALL_CLONE_16_X
	158: {"brk", 1, fOld | fConv | fConvDrops},                     // SYSCALL_BRK_4_E
	159: {"brk", 5, fConv},                                         // SYSCALL_BRK_4_X
	160: {"mmap", 6, fOld | fConv | fConvDrops},                    // SYSCALL_MMAP_E
	161: {"mmap", 10, fConv},                                       // SYSCALL_MMAP_X
	162: {"mmap2", 6, fOld | fConv | fConvDrops},                   // SYSCALL_MMAP2_E
	163: {"mmap2", 10, fConv},                                      // SYSCALL_MMAP2_X
	164: {"munmap", 2, fOld | fConv | fConvDrops},                  // SYSCALL_MUNMAP_E
	165: {"munmap", 6, fConv},                                      // SYSCALL_MUNMAP_X
	166: {"splice", 4, fOld | fConv | fConvDrops},                  // SYSCALL_SPLICE_E
	167: {"splice", 5, fConv},                                      // SYSCALL_SPLICE_X
	168: {"ptrace", 2, fOld | fConv | fConvDrops},                  // SYSCALL_PTRACE_E
	169: {"ptrace", 5, fConv},                                      // SYSCALL_PTRACE_X
	170: {"ioctl", 3, fOld | fConv | fConvDrops},                   // SYSCALL_IOCTL_3_E
	171: {"ioctl", 4, fConv},                                       // SYSCALL_IOCTL_3_X
	172: {"execve", 0, fOld | fState | fConv},                      // SYSCALL_EXECVE_14_E
	173: {"execve", 14, fOld | fState | fConv},                     // SYSCALL_EXECVE_14_X
	174: {"rename", 0, fOld},                                       // SYSCALL_RENAME_E
	175: {"rename", 3, 0},                                          // SYSCALL_RENAME_X
	176: {"renameat", 0, fOld},                                     // SYSCALL_RENAMEAT_E
	177: {"renameat", 5, 0},                                        // SYSCALL_RENAMEAT_X
	178: {"symlink", 0, fOld},                                      // SYSCALL_SYMLINK_E
	179: {"symlink", 3, 0},                                         // SYSCALL_SYMLINK_X
	180: {"symlinkat", 0, fOld},                                    // SYSCALL_SYMLINKAT_E
	181: {"symlinkat", 4, 0},                                       // SYSCALL_SYMLINKAT_X
	182: {"fork", 0, fOld | fState},                                // SYSCALL_FORK_E
	183: {"fork", 16, fOld | fState | fConv},                       // SYSCALL_FORK_X
	184: {"vfork", 0, fOld | fState},                               // SYSCALL_VFORK_E
	185: {"vfork", 16, fOld | fState | fConv},                      // SYSCALL_VFORK_X
	186: {"procexit", 5, fState},                                   // PROCEXIT_1_E
	187: {"NA", 0, fUnused},                                        // PROCEXIT_1_X
	188: {"sendfile", 4, fOld | fConv | fConvDrops},                // SYSCALL_SENDFILE_E
	189: {"sendfile", 5, fConv},                                    // SYSCALL_SENDFILE_X
	190: {"quotactl", 4, fOld | fConv | fConvDrops},                // SYSCALL_QUOTACTL_E
	191: {"quotactl", 18, fConv},                                   // SYSCALL_QUOTACTL_X
	192: {"setresuid", 3, fOld | fState | fConv | fConvDrops},      // SYSCALL_SETRESUID_E
	193: {"setresuid", 4, fState | fConv},                          // SYSCALL_SETRESUID_X
	194: {"setresgid", 3, fOld | fState | fConv | fConvDrops},      // SYSCALL_SETRESGID_E
	195: {"setresgid", 4, fState | fConv},                          // SYSCALL_SETRESGID_X
	196: {"scapevent", 2, fSkipReset},                              // SCAPEVENT_E
	197: {"NA", 0, fUnused},                                        // SCAPEVENT_X
	198: {"setuid", 1, fOld | fState | fConv | fConvDrops},         // SYSCALL_SETUID_E
	199: {"setuid", 2, fState | fConv},                             // SYSCALL_SETUID_X
	200: {"setgid", 1, fOld | fState | fConv | fConvDrops},         // SYSCALL_SETGID_E
	201: {"setgid", 2, fState | fConv},                             // SYSCALL_SETGID_X
	202: {"getuid", 0, fOld},                                       // SYSCALL_GETUID_E
	203: {"getuid", 1, 0},                                          // SYSCALL_GETUID_X
	204: {"geteuid", 0, fOld},                                      // SYSCALL_GETEUID_E
	205: {"geteuid", 1, 0},                                         // SYSCALL_GETEUID_X
	206: {"getgid", 0, fOld},                                       // SYSCALL_GETGID_E
	207: {"getgid", 1, 0},                                          // SYSCALL_GETGID_X
	208: {"getegid", 0, fOld},                                      // SYSCALL_GETEGID_E
	209: {"getegid", 1, 0},                                         // SYSCALL_GETEGID_X
	210: {"getresuid", 0, fOld},                                    // SYSCALL_GETRESUID_E
	211: {"getresuid", 4, 0},                                       // SYSCALL_GETRESUID_X
	212: {"getresgid", 0, fOld},                                    // SYSCALL_GETRESGID_E
	213: {"getresgid", 4, 0},                                       // SYSCALL_GETRESGID_X
	214: {"execve", 0, fOld | fState | fConv},                      // SYSCALL_EXECVE_15_E
	215: {"execve", 15, fOld | fState | fConv},                     // SYSCALL_EXECVE_15_X
	216: {"clone", 0, fOld | fState},                               // SYSCALL_CLONE_17_E
	217: {"clone", 17, fOld | fState | fConv},                      // SYSCALL_CLONE_17_X
	218: {"fork", 0, fOld | fState},                                // SYSCALL_FORK_17_E
	219: {"fork", 17, fOld | fState | fConv},                       // SYSCALL_FORK_17_X
	220: {"vfork", 0, fOld | fState},                               // SYSCALL_VFORK_17_E
	221: {"vfork", 17, fOld | fState | fConv},                      // SYSCALL_VFORK_17_X
	222: {"clone", 0, fOld | fState},                               // SYSCALL_CLONE_20_E
	223: {"clone", 21, fState | fConv},                             // SYSCALL_CLONE_20_X
	224: {"fork", 0, fOld | fState},                                // SYSCALL_FORK_20_E
	225: {"fork", 21, fState | fConv},                              // SYSCALL_FORK_20_X
	226: {"vfork", 0, fOld | fState},                               // SYSCALL_VFORK_20_E
	227: {"vfork", 21, fState | fConv},                             // SYSCALL_VFORK_20_X
	228: {"container", 4, fOld | fSkipReset | fState | fConv},      // CONTAINER_E
	229: {"NA", 0, fUnused},                                        // CONTAINER_X
	230: {"execve", 0, fOld | fState | fConv},                      // SYSCALL_EXECVE_16_E
	231: {"execve", 16, fOld | fState | fConv},                     // SYSCALL_EXECVE_16_X
	232: {"signaldeliver", 3, 0},                                   // SIGNALDELIVER_E
	233: {"NA", 0, fUnused},                                        // SIGNALDELIVER_X
	234: {"procinfo", 2, fSkipReset},                               // PROCINFO_E
	235: {"NA", 0, fUnused},                                        // PROCINFO_X
	236: {"getdents", 1, fOld | fConv | fConvDrops},                // SYSCALL_GETDENTS_E
	237: {"getdents", 2, fConv},                                    // SYSCALL_GETDENTS_X
	238: {"getdents64", 1, fOld | fConv | fConvDrops},              // SYSCALL_GETDENTS64_E
	239: {"getdents64", 2, fConv},                                  // SYSCALL_GETDENTS64_X
	240: {"setns", 2, fOld | fConv | fConvDrops},                   // SYSCALL_SETNS_E
	241: {"setns", 3, fConv},                                       // SYSCALL_SETNS_X
	242: {"flock", 2, fOld | fConv | fConvDrops},                   // SYSCALL_FLOCK_E
	243: {"flock", 3, fConv},                                       // SYSCALL_FLOCK_X
	244: {"cpu_hotplug", 2, fSkipReset | fState},                   // CPU_HOTPLUG_E
	245: {"NA", 0, fUnused},                                        // CPU_HOTPLUG_X
	246: {"accept", 0, fOld | fState},                              // SOCKET_ACCEPT_5_E
	247: {"accept", 5, fState},                                     // SOCKET_ACCEPT_5_X
	248: {"accept", 1, fOld | fState | fConv | fConvDrops},         // SOCKET_ACCEPT4_5_E
	249: {"accept", 5, fOld | fState | fConv},                      // SOCKET_ACCEPT4_5_X
	250: {"semop", 1, fOld | fConv | fConvDrops},                   // SYSCALL_SEMOP_E
	251: {"semop", 9, fConv},                                       // SYSCALL_SEMOP_X
	252: {"semctl", 4, fOld | fConv | fConvDrops},                  // SYSCALL_SEMCTL_E
	253: {"semctl", 5, fConv},                                      // SYSCALL_SEMCTL_X
	254: {"ppoll", 3, fOld | fConv | fConvDrops},                   // SYSCALL_PPOLL_E
	255: {"ppoll", 4, fConv},                                       // SYSCALL_PPOLL_X
	256: {"mount", 1, fOld | fState | fConv | fConvDrops},          // SYSCALL_MOUNT_E
	257: {"mount", 5, fState | fConv},                              // SYSCALL_MOUNT_X
	258: {"umount", 1, fOld | fState},                              // SYSCALL_UMOUNT_E
	259: {"umount", 2, fOld | fState | fConv},                      // SYSCALL_UMOUNT_X
	260: {"k8s", 1, fOld | fSkipReset | fState},                    // K8S_E
	261: {"NA", 0, fUnused},                                        // K8S_X
	262: {"semget", 3, fOld | fConv | fConvDrops},                  // SYSCALL_SEMGET_E
	263: {"semget", 4, fConv},                                      // SYSCALL_SEMGET_X
	264: {"access", 1, fOld | fConv | fConvDrops},                  // SYSCALL_ACCESS_E
	265: {"access", 3, fConv},                                      // SYSCALL_ACCESS_X
	266: {"chroot", 0, fOld | fState},                              // SYSCALL_CHROOT_E
	267: {"chroot", 2, fState},                                     // SYSCALL_CHROOT_X
	268: {"tracer", 3, fOld},                                       // TRACER_E
	269: {"NA", 3, fUnused},                                        // TRACER_X
	270: {"mesos", 1, fOld | fSkipReset | fState},                  // MESOS_E
	271: {"NA", 0, fUnused},                                        // MESOS_X
	272: {"container", 1, fOld | fState | fConv},                   // CONTAINER_JSON_E
	273: {"NA", 0, fUnused},                                        // CONTAINER_JSON_X
	274: {"setsid", 0, fOld | fState},                              // SYSCALL_SETSID_E
	275: {"setsid", 1, fState},                                     // SYSCALL_SETSID_X
	276: {"mkdir", 1, fOld | fConv | fConvDrops},                   // SYSCALL_MKDIR_2_E
	277: {"mkdir", 3, fConv},                                       // SYSCALL_MKDIR_2_X
	278: {"rmdir", 0, fOld},                                        // SYSCALL_RMDIR_2_E
	279: {"rmdir", 2, 0},                                           // SYSCALL_RMDIR_2_X
	280: {"notification", 2, fSkipReset},                           // NOTIFICATION_E
	281: {"NA", 0, fUnused},                                        // NOTIFICATION_X
	282: {"execve", 0, fOld | fState | fConv},                      // SYSCALL_EXECVE_17_E
	283: {"execve", 17, fOld | fState | fConv},                     // SYSCALL_EXECVE_17_X
	284: {"unshare", 1, fOld | fConv | fConvDrops},                 // SYSCALL_UNSHARE_E
	285: {"unshare", 2, fConv},                                     // SYSCALL_UNSHARE_X
	286: {"infra", 4, fSkipReset},                                  // INFRASTRUCTURE_EVENT_E
	287: {"NA", 0, fUnused},                                        // INFRASTRUCTURE_EVENT_X
	288: {"execve", 1, fOld | fState | fConv},                      // SYSCALL_EXECVE_18_E
	289: {"execve", 17, fOld | fState | fConv},                     // SYSCALL_EXECVE_18_X
	290: {"page_fault", 3, fSkipReset},                             // PAGE_FAULT_E
	291: {"NA", 0, fUnused},                                        // PAGE_FAULT_X
	292: {"execve", 1, fOld | fState | fConv},                      // SYSCALL_EXECVE_19_E
	293: {"execve", 31, fState | fConv},                            // SYSCALL_EXECVE_19_X
	294: {"setpgid", 2, fOld | fConv | fConvDrops},                 // SYSCALL_SETPGID_E
	295: {"setpgid", 3, fConv},                                     // SYSCALL_SETPGID_X
	296: {"bpf", 1, fOld | fConv | fConvDrops},                     // SYSCALL_BPF_E
	297: {"bpf", 1, fOld | fConv},                                  // SYSCALL_BPF_X
	298: {"seccomp", 2, fOld | fConv | fConvDrops},                 // SYSCALL_SECCOMP_E
	299: {"seccomp", 3, fConv},                                     // SYSCALL_SECCOMP_X
	300: {"unlink", 0, fOld},                                       // SYSCALL_UNLINK_2_E
	301: {"unlink", 2, 0},                                          // SYSCALL_UNLINK_2_X
	302: {"unlinkat", 0, fOld},                                     // SYSCALL_UNLINKAT_2_E
	303: {"unlinkat", 4, 0},                                        // SYSCALL_UNLINKAT_2_X
	304: {"mkdirat", 0, fOld},                                      // SYSCALL_MKDIRAT_E
	305: {"mkdirat", 4, 0},                                         // SYSCALL_MKDIRAT_X
	306: {"openat", 4, fState | fConv},                             // SYSCALL_OPENAT_2_E
	307: {"openat", 7, fState | fConv},                             // SYSCALL_OPENAT_2_X
	308: {"link", 0, fOld},                                         // SYSCALL_LINK_2_E
	309: {"link", 3, 0},                                            // SYSCALL_LINK_2_X
	310: {"linkat", 0, fOld},                                       // SYSCALL_LINKAT_2_E
	311: {"linkat", 6, 0},                                          // SYSCALL_LINKAT_2_X
	312: {"fchmodat", 0, fOld},                                     // SYSCALL_FCHMODAT_E
	313: {"fchmodat", 4, 0},                                        // SYSCALL_FCHMODAT_X
	314: {"chmod", 0, fOld},                                        // SYSCALL_CHMOD_E
	315: {"chmod", 3, 0},                                           // SYSCALL_CHMOD_X
	316: {"fchmod", 0, fOld},                                       // SYSCALL_FCHMOD_E
	317: {"fchmod", 3, 0},                                          // SYSCALL_FCHMOD_X
	318: {"renameat2", 0, fOld},                                    // SYSCALL_RENAMEAT2_E
	319: {"renameat2", 6, 0},                                       // SYSCALL_RENAMEAT2_X
	320: {"userfaultfd", 0, fOld | fState},                         // SYSCALL_USERFAULTFD_E
	321: {"userfaultfd", 2, fState},                                // SYSCALL_USERFAULTFD_X
	322: {"pluginevent", 2, fLarge},                                // PLUGINEVENT_E
	323: {"NA", 0, fUnused},                                        // PLUGINEVENT_X
	324: {"container", 1, fState | fLarge},                         // CONTAINER_JSON_2_E
	325: {"NA", 0, fUnused},                                        // CONTAINER_JSON_2_X
	326: {"openat2", 5, fState | fConv},                            // SYSCALL_OPENAT2_E
	327: {"openat2", 8, fState | fConv},                            // SYSCALL_OPENAT2_X
	328: {"mprotect", 3, fOld | fConv | fConvDrops},                // SYSCALL_MPROTECT_E
	329: {"mprotect", 4, fConv},                                    // SYSCALL_MPROTECT_X
	330: {"execveat", 3, fOld | fState | fConv},                    // SYSCALL_EXECVEAT_E
	331: {"execveat", 30, fState | fConv},                          // SYSCALL_EXECVEAT_X
	332: {"copy_file_range", 3, fOld | fConv | fConvDrops},         // SYSCALL_COPY_FILE_RANGE_E
	333: {"copy_file_range", 6, fConv},                             // SYSCALL_COPY_FILE_RANGE_X
	334: {"clone3", 0, fOld | fState},                              // SYSCALL_CLONE3_E
	335: {"clone3", 21, fState | fConv},                            // SYSCALL_CLONE3_X
	336: {"open_by_handle_at", 0, fOld | fState},                   // SYSCALL_OPEN_BY_HANDLE_AT_E
	337: {"open_by_handle_at", 6, fState},                          // SYSCALL_OPEN_BY_HANDLE_AT_X
	338: {"io_uring_setup", 0, fOld | fState},                      // SYSCALL_IO_URING_SETUP_E
	339: {"io_uring_setup", 8, fState},                             // SYSCALL_IO_URING_SETUP_X
	340: {"io_uring_enter", 0, fOld},                               // SYSCALL_IO_URING_ENTER_E
	341: {"io_uring_enter", 6, 0},                                  // SYSCALL_IO_URING_ENTER_X
	342: {"io_uring_register", 0, fOld},                            // SYSCALL_IO_URING_REGISTER_E
	343: {"io_uring_register", 5, 0},                               // SYSCALL_IO_URING_REGISTER_X
	344: {"mlock", 0, fOld},                                        // SYSCALL_MLOCK_E
	345: {"mlock", 3, 0},                                           // SYSCALL_MLOCK_X
	346: {"munlock", 0, fOld},                                      // SYSCALL_MUNLOCK_E
	347: {"munlock", 3, 0},                                         // SYSCALL_MUNLOCK_X
	348: {"mlockall", 0, fOld},                                     // SYSCALL_MLOCKALL_E
	349: {"mlockall", 2, 0},                                        // SYSCALL_MLOCKALL_X
	350: {"munlockall", 0, fOld},                                   // SYSCALL_MUNLOCKALL_E
	351: {"munlockall", 1, 0},                                      // SYSCALL_MUNLOCKALL_X
	352: {"capset", 0, fOld | fState},                              // SYSCALL_CAPSET_E
	353: {"capset", 4, fState},                                     // SYSCALL_CAPSET_X
	354: {"useradded", 6, fState},                                  // USER_ADDED_E
	355: {"NA", 0, fUnused},                                        // USER_ADDED_X
	356: {"userdeleted", 6, fState},                                // USER_DELETED_E
	357: {"NA", 0, fUnused},                                        // USER_DELETED_X
	358: {"groupadded", 3, fState},                                 // GROUP_ADDED_E
	359: {"NA", 0, fUnused},                                        // GROUP_ADDED_X
	360: {"groupdeleted", 3, fState},                               // GROUP_DELETED_E
	361: {"NA", 0, fUnused},                                        // GROUP_DELETED_X
	362: {"dup2", 1, fOld | fState},                                // SYSCALL_DUP2_E
	363: {"dup2", 3, fState},                                       // SYSCALL_DUP2_X
	364: {"dup3", 1, fOld | fState},                                // SYSCALL_DUP3_E
	365: {"dup3", 4, fState},                                       // SYSCALL_DUP3_X
	366: {"dup", 1, fOld | fState},                                 // SYSCALL_DUP_1_E
	367: {"dup", 2, fState},                                        // SYSCALL_DUP_1_X
	368: {"bpf", 1, fOld},                                          // SYSCALL_BPF_2_E
	369: {"bpf", 2, 0},                                             // SYSCALL_BPF_2_X
	370: {"mlock2", 0, fOld},                                       // SYSCALL_MLOCK2_E
	371: {"mlock2", 4, 0},                                          // SYSCALL_MLOCK2_X
	372: {"fsconfig", 0, fOld},                                     // SYSCALL_FSCONFIG_E
	373: {"fsconfig", 7, 0},                                        // SYSCALL_FSCONFIG_X
	374: {"epoll_create", 1, fOld | fState | fConv | fConvDrops},   // SYSCALL_EPOLL_CREATE_E
	375: {"epoll_create", 2, fState | fConv},                       // SYSCALL_EPOLL_CREATE_X
	376: {"epoll_create1", 1, fOld | fState | fConv | fConvDrops},  // SYSCALL_EPOLL_CREATE1_E
	377: {"epoll_create1", 2, fState | fConv},                      // SYSCALL_EPOLL_CREATE1_X
	378: {"chown", 0, fOld},                                        // SYSCALL_CHOWN_E
	379: {"chown", 4, 0},                                           // SYSCALL_CHOWN_X
	380: {"lchown", 0, fOld},                                       // SYSCALL_LCHOWN_E
	381: {"lchown", 4, 0},                                          // SYSCALL_LCHOWN_X
	382: {"fchown", 0, fOld},                                       // SYSCALL_FCHOWN_E
	383: {"fchown", 4, 0},                                          // SYSCALL_FCHOWN_X
	384: {"fchownat", 0, fOld},                                     // SYSCALL_FCHOWNAT_E
	385: {"fchownat", 6, 0},                                        // SYSCALL_FCHOWNAT_X
	386: {"umount", 0, fOld | fState},                              // SYSCALL_UMOUNT_1_E
	387: {"umount", 2, fState},                                     // SYSCALL_UMOUNT_1_X
	388: {"accept4", 1, fOld | fState | fConv | fConvDrops},        // SOCKET_ACCEPT4_6_E
	389: {"accept4", 6, fState | fConv},                            // SOCKET_ACCEPT4_6_X
	390: {"umount2", 1, fOld | fState | fConv | fConvDrops},        // SYSCALL_UMOUNT2_E
	391: {"umount2", 3, fState | fConv},                            // SYSCALL_UMOUNT2_X
	392: {"pipe2", 0, fOld | fState},                               // SYSCALL_PIPE2_E
	393: {"pipe2", 5, fState},                                      // SYSCALL_PIPE2_X
	394: {"inotify_init1", 0, fOld | fState},                       // SYSCALL_INOTIFY_INIT1_E
	395: {"inotify_init1", 2, fState},                              // SYSCALL_INOTIFY_INIT1_X
	396: {"eventfd2", 1, fOld | fState | fConv | fConvDrops},       // SYSCALL_EVENTFD2_E
	397: {"eventfd2", 3, fState | fConv},                           // SYSCALL_EVENTFD2_X
	398: {"signalfd4", 2, fOld | fState | fConv | fConvDrops},      // SYSCALL_SIGNALFD4_E
	399: {"signalfd4", 4, fState | fConv},                          // SYSCALL_SIGNALFD4_X
	400: {"prctl", 0, fOld | fState},                               // SYSCALL_PRCTL_E
	401: {"prctl", 4, fState},                                      // SYSCALL_PRCTL_X
	402: {"asyncevent", 3, fLarge},                                 // ASYNCEVENT_E
	403: {"NA", 0, fUnused},                                        // ASYNCEVENT_X
	404: {"memfd_create", 0, fOld | fState},                        // SYSCALL_MEMFD_CREATE_E
	405: {"memfd_create", 3, fState},                               // SYSCALL_MEMFD_CREATE_X
	406: {"pidfd_getfd", 0, fOld | fState},                         // SYSCALL_PIDFD_GETFD_E
	407: {"pidfd_getfd", 4, fState},                                // SYSCALL_PIDFD_GETFD_X
	408: {"pidfd_open", 0, fOld | fState},                          // SYSCALL_PIDFD_OPEN_E
	409: {"pidfd_open", 3, fState},                                 // SYSCALL_PIDFD_OPEN_X
	410: {"init_module", 0, fOld},                                  // SYSCALL_INIT_MODULE_E
	411: {"init_module", 4, 0},                                     // SYSCALL_INIT_MODULE_X
	412: {"finit_module", 0, fOld},                                 // SYSCALL_FINIT_MODULE_E
	413: {"finit_module", 4, 0},                                    // SYSCALL_FINIT_MODULE_X
	414: {"mknod", 0, fOld},                                        // SYSCALL_MKNOD_E
	415: {"mknod", 4, 0},                                           // SYSCALL_MKNOD_X
	416: {"mknodat", 0, fOld},                                      // SYSCALL_MKNODAT_E
	417: {"mknodat", 5, 0},                                         // SYSCALL_MKNODAT_X
	418: {"newfstatat", 0, fOld},                                   // SYSCALL_NEWFSTATAT_E
	419: {"newfstatat", 4, 0},                                      // SYSCALL_NEWFSTATAT_X
	420: {"process_vm_readv", 0, fOld},                             // SYSCALL_PROCESS_VM_READV_E
	421: {"process_vm_readv", 3, 0},                                // SYSCALL_PROCESS_VM_READV_X
	422: {"process_vm_writev", 0, fOld},                            // SYSCALL_PROCESS_VM_WRITEV_E
	423: {"process_vm_writev", 3, 0},                               // SYSCALL_PROCESS_VM_WRITEV_X
	424: {"delete_module", 0, fOld},                                // SYSCALL_DELETE_MODULE_E
	425: {"delete_module", 3, 0},                                   // SYSCALL_DELETE_MODULE_X
	426: {"setreuid", 0, fOld | fState},                            // SYSCALL_SETREUID_E
	427: {"setreuid", 3, fState},                                   // SYSCALL_SETREUID_X
	428: {"setregid", 0, fOld},                                     // SYSCALL_SETREGID_E
	429: {"setregid", 3, fState},                                   // SYSCALL_SETREGID_X
	430: {"task", 32, fState},                                      // ITER_TASK_E
	431: {"NA", 0, fUnused},                                        // ITER_TASK_X
	432: {"task_file_pipe", 3, fState},                             // ITER_TASK_FILE_PIPE_E
	433: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_PIPE_X
	434: {"task_file_memfd", 3, fState},                            // ITER_TASK_FILE_MEMFD_E
	435: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_MEMFD_X
	436: {"task_file_regular", 5, fState},                          // ITER_TASK_FILE_REGULAR_E
	437: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_REGULAR_X
	438: {"task_file_directory", 3, fState},                        // ITER_TASK_FILE_DIRECTORY_E
	439: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_DIRECTORY_X
	440: {"task_file_socket_inet", 8, fState},                      // ITER_TASK_FILE_SOCKET_INET_E
	441: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_SOCKET_INET_X
	442: {"task_file_socket_inet6", 8, fState},                     // ITER_TASK_FILE_SOCKET_INET6_E
	443: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_SOCKET_INET6_X
	444: {"task_file_socket_unix", 6, fState},                      // ITER_TASK_FILE_SOCKET_UNIX_E
	445: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_SOCKET_UNIX_X
	446: {"task_file_socket_netlink", 4, fState},                   // ITER_TASK_FILE_SOCKET_NETLINK_E
	447: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_SOCKET_NETLINK_X
	448: {"task_file_anon_inode", 4, fState},                       // ITER_TASK_FILE_ANON_INODE_E
	449: {"NA", 0, fUnused},                                        // ITER_TASK_FILE_ANON_INODE_X
	450: {"NA", 0, fUnused},                                        // SYSCALL_CLOSE_RANGE_E
	451: {"close_range", 4, fState},                                // SYSCALL_CLOSE_RANGE_X
	452: {"NA", 0, fUnused},                                        // SYSCALL_KEYCTL_E
	453: {"keyctl", 6, 0},                                          // SYSCALL_KEYCTL_X
}
